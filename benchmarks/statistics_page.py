"""Benchmark: render time of a quiz's statistics page against the reading page.

    python -m benchmarks.statistics_page [--students 300] [--questions 20] [--runs 15]

As :mod:`benchmarks.results_page` (same class, built in bulk by its ``build_class``, same
timing): renders the teacher's statistics page, with every attempt and with each
student's first attempt only, its CSV, and a student's reading page ``--runs`` times each
after one warm-up, and prints the median render time of each, the ratio to the reading
page and the SQL queries each ran.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

from benchmarks.results_page import _time_page, build_class


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="claimwise-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        built = build_class(students=args.students, questions=args.questions)
        print(
            f"Built a class of {args.students} students with {args.questions}-question "
            f"submitted attempts in {time.perf_counter() - started:.1f} s."
        )

        teacher_client = Client()
        teacher_client.force_login(built["teacher"])
        assignment = built["assignment"].pk
        page = reverse("results:assignment_statistics", args=[assignment])
        pages = [
            ("Statistics page (all attempts)", page),
            ("Statistics page (first attempts)", f"{page}?attempts=first"),
            ("Statistics CSV", reverse("results:assignment_statistics_csv", args=[assignment])),
        ]
        timed = [(name, url, *_time_page(teacher_client, url, args.runs)) for name, url in pages]

        student_client = Client()
        student_client.force_login(built["student"])
        reading_url = reverse("lessons:reading", args=[assignment])
        reading_ms, reading_queries = _time_page(student_client, reading_url, args.runs)

        for name, url, ms, queries in timed:
            print(f"{name}  {url}: median {ms:.1f} ms, {queries} queries")
        print(f"Reading page  {reading_url}: median {reading_ms:.1f} ms, {reading_queries} queries")
        for name, _url, ms, _queries in timed:
            print(f"Ratio {name.lower()} / reading page: {ms / reading_ms:.1f}x")
        print(f"(median of {args.runs} runs each)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

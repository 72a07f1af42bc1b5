"""Benchmark: what each request of the quiz flow costs the server, one at a time.

    python -m benchmarks.quiz_requests [--students 30] [--saves 20]

No load and no network: the test settings, a throw-away SQLite file (or ``DATABASE_URL``
when set, e.g. a PostgreSQL database you created), ``seed_demo``, then, for each of
``--students`` demo students in turn, the flow the load benchmark drives through
Django's test Client: dashboard, quiz intro, Start, take, ``--saves`` autosaves of random
valid answers, submit page, submit and review, with a bare signed-in view
(``/accounts/session/``) after each autosave as the yardstick. Prints, per step, the
median and p95 milliseconds and the queries of one request, and the ratio of each
median to the bare view's. Single-threaded, so the time is the server's CPU plus its
database round trips; ``benchmarks.class_load`` measures the same flow under load.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict


def _timed(samples, queries, step: str, send):
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        response = send()
        samples[step].append((time.perf_counter() - started) * 1000)
    queries[step] = count
    if response.status_code >= 400:
        raise SystemExit(f"{step} answered {response.status_code}")
    return response


def run(*, students: int, saves: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Drive ``students`` demo students through the quiz; their samples and queries."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from benchmarks.load_driver import parse_take_page
    from lessons.demo.seeding import STUDENT_USERNAMES
    from lessons.models import Assignment
    from quizzes.demo import DEMO_QUIZ_TITLE
    from quizzes.models import Quiz

    quiz = Quiz.objects.get(title=DEMO_QUIZ_TITLE)
    assignment = Assignment.objects.get(lesson=quiz.lesson)

    samples: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, int] = {}
    rng = random.Random(1)
    intro = reverse("quizzes:quiz_intro", args=[assignment.pk, quiz.pk])
    for username in STUDENT_USERNAMES[:students]:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        _timed(samples, queries, "dashboard", lambda c=client: c.get(reverse("lessons:dashboard")))
        _timed(samples, queries, "intro", lambda c=client: c.get(intro))
        started = _timed(samples, queries, "start", lambda c=client: c.post(f"{intro}start/"))
        attempt = started["Location"]
        take = _timed(samples, queries, "take", lambda c=client, a=attempt: c.get(a))
        questions = parse_take_page(take.content.decode())
        for _ in range(saves):
            question = rng.choice(questions)
            fields = {"question": [str(question.question_id)]}
            for name, value in question.random_answer(rng).fields(question.question_id):
                fields.setdefault(name, []).append(value)
            _timed(
                samples,
                queries,
                "autosave",
                lambda c=client, a=attempt, f=fields: c.post(f"{a}autosave/", f),
            )
            _timed(samples, queries, "bare", lambda c=client: c.get("/accounts/session/"))
        _timed(samples, queries, "submit page", lambda c=client, a=attempt: c.get(f"{a}submit/"))
        _timed(samples, queries, "submit", lambda c=client, a=attempt: c.post(f"{a}submit/"))
        _timed(samples, queries, "review", lambda c=client, a=attempt: c.get(f"{a}review/"))
    return samples, queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=25, help="at most the demo's 25")
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="claimwise-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    try:
        import django

        django.setup()
        from io import StringIO

        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=StringIO())
        samples, queries = run(students=min(args.students, 25), saves=args.saves)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    bare = statistics.median(samples["bare"])
    print(f"{'step':<12} {'count':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'× bare':>7}")
    for step, values in samples.items():
        median = statistics.median(values)
        p95 = sorted(values)[max(0, round(0.95 * len(values)) - 1)]
        print(
            f"{step:<12} {len(values):>6} {median:>10.1f} {p95:>8.1f} {queries[step]:>8} "
            f"{median / bare:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

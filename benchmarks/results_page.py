"""Benchmark: render time of an assignment's results page against the reading page.

    python -m benchmarks.results_page [--students 300] [--questions 20] [--runs 15]

Uses the test settings and a throw-away SQLite file: migrates it, builds one class of
``--students`` students who each submitted a ``--questions``-question attempt (built with
bulk_create), then renders, through Django's test Client, the teacher's results page and
a student's reading page ``--runs`` times each (after one warm-up request) and prints the
median render time of each, their ratio and the SQL queries each page ran.

``build_class`` is also used by the query-count tests (tests/quizzes/results/test_views.py).
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
from datetime import timedelta
from decimal import Decimal

PASSWORD = "password"
SECTIONS = 6
SENTENCES_PER_SECTION = 8
VERDICT_CYCLE = ("supported", "unsupported", "opinion", "inaccurate", "logical_flaw")


def build_class(*, students: int, questions: int, seed: int = 7, teacher=None) -> dict:
    """A class of ``students`` students, each with one submitted attempt, in bulk.

    The quiz mixes kinds as real ones do: every fifth question spot-the-claim, every
    fifth short answer, the rest single choice with four choices. Students have read a
    varying number of sections, and a few took part in the discussion. Returns the
    teacher, one student, the assignment and the quiz.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from discussions.models import Post, Thread
    from lessons.models import (
        Assignment,
        ClaimLabel,
        Classroom,
        Enrollment,
        Lesson,
        Section,
        SectionRead,
        Sentence,
    )
    from lessons.roles import TEACHERS_GROUP
    from quizzes.models import (
        Attempt,
        Choice,
        Question,
        Quiz,
        Response,
        ResponseChoice,
        ResponseSentence,
    )

    rng = random.Random(seed)
    user_model = get_user_model()
    password = make_password(PASSWORD)
    tag = f"{Classroom.objects.count() + 1}"
    now = timezone.now()

    if teacher is None:
        teacher = user_model.objects.create(
            username=f"bench_teacher{tag}",
            first_name="Tess",
            last_name="Teacher",
            is_staff=True,
            password=password,
        )
        teacher.groups.add(Group.objects.get_or_create(name=TEACHERS_GROUP)[0])

    lesson = Lesson.objects.create(
        title=f"Benchmark article {tag}", slug=f"benchmark-article-{tag}", status="published"
    )
    sections = Section.objects.bulk_create(
        Section(lesson=lesson, position=p, heading=f"Part {p}", body=f"Body of part {p}.")
        for p in range(1, SECTIONS + 1)
    )
    sentences = Sentence.objects.bulk_create(
        Sentence(section=section, position=n, text=f"Sentence {n} of part {section.position}.")
        for section in sections
        for n in range(1, SENTENCES_PER_SECTION + 1)
    )
    ClaimLabel.objects.bulk_create(
        ClaimLabel(sentence=s, verdict=VERDICT_CYCLE[i % 5], explanation="Because.")
        for i, s in enumerate(sentences)
        if i % 2 == 0
    )
    by_section: dict[int, list] = {}
    for sentence in sentences:
        by_section.setdefault(sentence.section_id, []).append(sentence)

    classroom = Classroom.objects.create(name=f"Benchmark class {tag}")
    classroom.teachers.add(teacher)
    assignment = Assignment.objects.create(
        lesson=lesson,
        classroom=classroom,
        opens_at=now - timedelta(days=7),
        due_at=now - timedelta(days=1),
        assigned_by=teacher,
    )
    quiz = Quiz.objects.create(
        lesson=lesson, title="Benchmark quiz", status="published", attempts_allowed=2
    )
    question_rows = []
    for position in range(1, questions + 1):
        if position % 5 == 0:
            kind = "spot_claim"
        elif position % 5 == 4:
            kind = "short_answer"
        else:
            kind = "single_choice"
        question_rows.append(
            Question(
                quiz=quiz,
                position=position,
                kind=kind,
                prompt=f"Question {position}?",
                points=Decimal("2") if kind == "spot_claim" else Decimal("1"),
                section=sections[position % SECTIONS] if kind == "spot_claim" else None,
                accepted_answers=["Pyongyang"] if kind == "short_answer" else [],
            )
        )
    question_list = Question.objects.bulk_create(question_rows)
    choices = Choice.objects.bulk_create(
        Choice(question=q, position=p, text=f"Choice {p} of Q{q.position}", is_correct=p == 1)
        for q in question_list
        if q.kind == "single_choice"
        for p in range(1, 5)
    )
    choices_by_question: dict[int, list] = {}
    for choice in choices:
        choices_by_question.setdefault(choice.question_id, []).append(choice)

    users = user_model.objects.bulk_create(
        user_model(
            username=f"bench{tag}_{n:04d}",
            first_name=f"First{n:04d}",
            last_name=f"Last{n:04d}",
            password=password,
        )
        for n in range(students)
    )
    Enrollment.objects.bulk_create(Enrollment(classroom=classroom, student=u) for u in users)
    SectionRead.objects.bulk_create(
        SectionRead(student=u, section=section)
        for u in users
        for section in sections[: rng.randint(0, SECTIONS)]
    )

    max_score = sum((q.points for q in question_list), Decimal("0.00"))
    attempts = Attempt.objects.bulk_create(
        Attempt(
            quiz=quiz,
            assignment=assignment,
            student=u,
            number=1,
            status="submitted",
            started_at=now - timedelta(days=2, minutes=30),
            submitted_at=now - timedelta(days=rng.choice((0, 2)), minutes=rng.randint(0, 600)),
            seed=n,
            score=Decimal("0.00"),
            max_score=max_score,
        )
        for n, u in enumerate(users)
    )
    responses, picks_choice, picks_sentence = [], [], []
    for attempt in attempts:
        total = Decimal("0.00")
        for question in question_list:
            right = rng.random() < 0.7
            points = question.points if right else Decimal("0.00")
            total += points
            response = Response(
                attempt=attempt,
                question=question,
                answered=True,
                saved_at=attempt.submitted_at,
                fraction=Decimal("1") if right else Decimal("0"),
                points=points,
                text=("Pyongyang" if right else "Seoul") if question.kind == "short_answer" else "",
            )
            responses.append(response)
            if question.kind == "single_choice":
                options = choices_by_question[question.pk]
                picks_choice.append((response, options[0] if right else rng.choice(options[1:])))
            elif question.kind == "spot_claim":
                picked = rng.sample(by_section[question.section_id], 2)
                picks_sentence.extend((response, sentence) for sentence in picked)
        attempt.score = total
    Attempt.objects.bulk_update(attempts, ["score"])
    Response.objects.bulk_create(responses, batch_size=2000)
    ResponseChoice.objects.bulk_create(
        (ResponseChoice(response=r, choice=c) for r, c in picks_choice), batch_size=2000
    )
    ResponseSentence.objects.bulk_create(
        (ResponseSentence(response=r, sentence=s) for r, s in picks_sentence), batch_size=2000
    )

    for author in users[: max(1, students // 10)]:
        thread = Thread.objects.create(assignment=assignment, author=author, title="A question")
        Post.objects.create(thread=thread, author=author, is_opening=True, body="What about this?")
        for replier in users[-3:]:
            Post.objects.create(thread=thread, author=replier, body="I think so.")

    return {"teacher": teacher, "student": users[0], "assignment": assignment, "quiz": quiz}


def _time_page(client, url: str, runs: int) -> tuple[float, int]:
    """(median milliseconds, queries) for ``runs`` GETs of ``url`` after one warm-up."""
    from django.db import connection

    # Counted with an execute wrapper: the query log that CaptureQueriesContext reads is
    # reset by every request_started signal, which the test Client sends.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        warm = client.get(url)
    if warm.status_code != 200:
        raise SystemExit(f"{url} answered {warm.status_code}, expected 200")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(queries)


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
        from django.urls import NoReverseMatch, reverse

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        built = build_class(students=args.students, questions=args.questions)
        print(
            f"Built a class of {args.students} students with {args.questions}-question "
            f"submitted attempts in {time.perf_counter() - started:.1f} s."
        )

        teacher_client = Client()
        teacher_client.force_login(built["teacher"])
        results_url = reverse("results:assignment_results", args=[built["assignment"].pk])
        results_ms, results_queries = _time_page(teacher_client, results_url, args.runs)

        student_client = Client()
        student_client.force_login(built["student"])
        try:
            reading_url = reverse("lessons:reading", args=[built["assignment"].pk])
            reading_name = "reading page"
        except NoReverseMatch:  # the reading page is not built yet: compare with the dashboard
            reading_url = reverse("lessons:dashboard")
            reading_name = "student dashboard (no reading page yet)"
        reading_ms, reading_queries = _time_page(student_client, reading_url, args.runs)

        print(f"Results page  {results_url}: median {results_ms:.1f} ms, {results_queries} queries")
        print(
            f"{reading_name.capitalize()}  {reading_url}: "
            f"median {reading_ms:.1f} ms, {reading_queries} queries"
        )
        print(
            f"Ratio results / {reading_name.split(' (')[0]}: {results_ms / reading_ms:.1f}x "
            f"(median of {args.runs} runs each)"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Database side of the class load benchmark, run in a subprocess with the server's settings.

    python -m benchmarks.load_db setup --students 30 --password PW --out setup.json
    python -m benchmarks.load_db dump --usernames-from setup.json --out state.json

``benchmarks.class_load`` runs both with the same ``DATABASE_URL`` and
``DJANGO_SETTINGS_MODULE`` as the servers it starts, after ``migrate`` and ``seed_demo``:

* ``setup`` tops the demo class up to ``--students`` students (``loadstudent1..`` with the
  demo password, enrolled the way ``lessons.demo.seeding`` enrols the demo students) and
  writes the ids the driver needs: the demo assignment, its quiz and the usernames to drive.
* ``dump`` writes, for each of those students, every attempt at the demo quiz with its
  status and each response's picked choices, picked sentences and text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

LOAD_USERNAME_PREFIX = "loadstudent"


def setup_class(*, students: int, password: str) -> dict:
    """Enrol ``loadstudent1..`` until the demo class has ``students`` students.

    Returns ``{"assignment": id, "quiz": id, "usernames": [...]}``: the first ``students``
    of the demo's student1..student25, then the added students.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from lessons.demo.seeding import CLASSROOM_NAME, STUDENT_USERNAMES, TEACHER_USERNAME
    from lessons.models import Assignment, Classroom, Enrollment
    from quizzes.demo import DEMO_QUIZ_TITLE
    from quizzes.models import Quiz

    user_model = get_user_model()
    classroom = Classroom.objects.get(name=CLASSROOM_NAME, teachers__username=TEACHER_USERNAME)
    quiz = Quiz.objects.get(title=DEMO_QUIZ_TITLE)
    assignment = Assignment.objects.get(classroom=classroom, lesson=quiz.lesson)

    extra = [f"{LOAD_USERNAME_PREFIX}{n}" for n in range(1, max(0, students - 25) + 1)]
    with transaction.atomic():
        # One hash for every account, as the demo seeding does: hashing is slow on purpose.
        encoded = make_password(password)
        existing = set(
            user_model.objects.filter(username__in=extra).values_list("username", flat=True)
        )
        user_model.objects.bulk_create(
            user_model(
                username=username,
                password=encoded,
                first_name=f"Load student {username.removeprefix(LOAD_USERNAME_PREFIX)}",
            )
            for username in extra
            if username not in existing
        )
        enrolled = set(classroom.enrollments.values_list("student__username", flat=True))
        Enrollment.objects.bulk_create(
            Enrollment(classroom=classroom, student=user)
            for user in user_model.objects.filter(username__in=extra)
            if user.username not in enrolled
        )
    usernames = [*STUDENT_USERNAMES[:students], *extra]
    return {"assignment": assignment.pk, "quiz": quiz.pk, "usernames": usernames}


def dump_attempts(*, quiz_id: int, assignment_id: int, usernames: list[str]) -> dict:
    """Every attempt of each student at the quiz, with what each response holds.

    ``{"<username>": [{"id", "status", "responses": {"<question id>":
    {"choices": [...], "sentences": [...], "text": "..."}}}]}``, ids sorted.
    """
    from quizzes.models import Attempt, Response, ResponseChoice, ResponseSentence

    attempts = list(
        Attempt.objects.filter(
            quiz_id=quiz_id, assignment_id=assignment_id, student__username__in=usernames
        )
        .order_by("pk")
        .values("pk", "status", "student__username")
    )
    attempt_ids = [row["pk"] for row in attempts]
    responses = Response.objects.filter(attempt_id__in=attempt_ids).values_list(
        "pk", "attempt_id", "question_id", "text"
    )
    held: dict[int, dict] = {}
    by_attempt: dict[int, dict[str, dict]] = {pk: {} for pk in attempt_ids}
    for pk, attempt_id, question_id, text in responses:
        held[pk] = {"choices": [], "sentences": [], "text": text}
        by_attempt[attempt_id][str(question_id)] = held[pk]
    picks = [
        (ResponseChoice, "choice_id", "choices"),
        (ResponseSentence, "sentence_id", "sentences"),
    ]
    for model, column, key in picks:
        rows = model.objects.filter(response__attempt_id__in=attempt_ids).values_list(
            "response_id", column
        )
        for response_id, picked in rows.order_by(column):
            held[response_id][key].append(picked)
    state: dict[str, list] = {username: [] for username in usernames}
    for row in attempts:
        state[row["student__username"]].append(
            {"id": row["pk"], "status": row["status"], "responses": by_attempt[row["pk"]]}
        )
    return state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    setup = commands.add_parser("setup", help="top the demo class up to --students")
    setup.add_argument("--students", type=int, required=True)
    setup.add_argument("--password", required=True)
    setup.add_argument("--out", type=Path, required=True)
    dump = commands.add_parser("dump", help="write every attempt of the driven students")
    dump.add_argument("--usernames-from", type=Path, required=True, help="setup's output")
    dump.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    if args.command == "setup":
        result = setup_class(students=args.students, password=args.password)
    else:
        setup_result = json.loads(args.usernames_from.read_text())
        result = dump_attempts(
            quiz_id=setup_result["quiz"],
            assignment_id=setup_result["assignment"],
            usernames=setup_result["usernames"],
        )
    args.out.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

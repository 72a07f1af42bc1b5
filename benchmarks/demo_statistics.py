"""The demo quiz's statistics for a sample class: what the statistics page shows.

    python -m benchmarks.demo_statistics [--students 30] [--seed 2026]

Uses the test settings and a throw-away SQLite file: migrates it, runs ``seed_demo``,
enrols students up to ``--students`` in the demo class and has each of them take the
demo quiz through the real services (start, save the answers, submit: graded as a student's
attempt is). Answers follow a simple item-response model with a fixed random seed, so the
numbers are the same on every run: each student has an ability, each question a
difficulty, and a student gets a question right with probability
``1 / (1 + exp(-1.7 (ability - difficulty)))``; otherwise a single-choice or true/false
answer is a blind guess, and on spot-the-claim questions each sentence is judged on its own
(a reason, when the question asks one, is right with the same probability). About a third
of the class takes the second attempt the quiz allows, a little better prepared, so "first",
"last" and "graded" differ from "all". Then prints the page's figures for each selection.

:func:`sample_class` is also used by the tests (tests/quizzes/results/test_views_statistics.py
and the browser journey tests/browser/test_interchange_and_statistics_journey.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

SECOND_ATTEMPT_GAIN = 0.6
SECOND_ATTEMPT_SHARE = 0.35


def sample_class(*, students: int = 30, seed: int = 2026) -> dict:
    """Seed the demo, fill its class to ``students`` and have each take the quiz.

    Returns the teacher, the assignment and the quiz. Needs a migrated, empty database.
    """
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lessons.demo.seeding import CLASSROOM_NAME, TEACHER_USERNAME
    from lessons.models import Assignment, Enrollment
    from quizzes.demo import DEMO_QUIZ_TITLE
    from quizzes.demo_samples import QuizSimulation
    from quizzes.models import Quiz
    from quizzes.services import attempt_save_answers, attempt_start, attempt_submit

    call_command("seed_demo", stdout=StringIO())
    user_model = get_user_model()
    teacher = user_model.objects.get(username=TEACHER_USERNAME)
    assignment = Assignment.objects.select_related("classroom").get(classroom__name=CLASSROOM_NAME)
    quiz = Quiz.objects.get(lesson=assignment.lesson, title=DEMO_QUIZ_TITLE)
    enrolled = list(
        user_model.objects.filter(enrollments__classroom=assignment.classroom).order_by("pk")
    )
    for number in range(len(enrolled) + 1, students + 1):
        student = user_model.objects.create_user(username=f"sample{number}", password=None)
        Enrollment.objects.create(classroom=assignment.classroom, student=student)
        enrolled.append(student)
    enrolled = enrolled[:students]

    simulation = QuizSimulation(quiz, seed=seed)
    abilities = [simulation.rng.gauss(0, 1) for _ in enrolled]
    attempts_allowed = quiz.attempts_allowed or 2
    for student, ability in zip(enrolled, abilities, strict=True):
        second = attempts_allowed > 1 and simulation.rng.random() < SECOND_ATTEMPT_SHARE
        for attempt_number in range(2 if second else 1):
            attempt = attempt_start(quiz=quiz, assignment=assignment, student=student)
            answers = simulation.answers(ability + SECOND_ATTEMPT_GAIN * attempt_number)
            attempt_save_answers(attempt=attempt, student=student, answers=answers)
            attempt_submit(attempt=attempt, student=student)
    return {"teacher": teacher, "assignment": assignment, "quiz": quiz}


def _fmt(value: float | None, unit: str = "", places: int = 1) -> str:
    return "—" if value is None else f"{value:.{places}f}{unit}"


def statistics_lines(stats) -> list[str]:
    """The page's figures as text: the selection, the test-level table, one line per question."""
    from quizzes.results.statistics import test_figures

    lines = [
        f"{stats.which_label}: {stats.attempts_count} attempts by {stats.students_count} "
        f"students (of {stats.submitted_count} submitted)",
    ]
    for figure in test_figures(stats.test_stats):
        lines.append(f"  {figure.label:<22} {figure.text or '— (' + figure.missing + ')'}")
    lines.append(
        "  Q   kind              facility    sd  guess  intended  effective  discrim  effic  flags"
    )
    for report in stats.questions:
        weights = report.weights
        effective = _fmt(weights.effective_weight, "%")
        if weights.negative_covariance:
            effective = "neg.cov"
        lines.append(
            f"  {report.question.position:<3} {report.question.kind:<16} "
            f"{_fmt(report.stats.facility, '%'):>9} {_fmt(report.stats.sd, '%'):>6} "
            f"{_fmt(report.random_guess, '%'):>6} {_fmt(weights.intended_weight, '%'):>9} "
            f"{effective:>10} {_fmt(report.stats.discrimination):>8} "
            f"{_fmt(report.stats.discriminative_efficiency, '%'):>6}  "
            + ", ".join(flag.code for flag in report.flags)
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--attempts", default="all,first,last,graded", help="selections to print, comma-separated"
    )
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="claimwise-demo-stats-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/demo.sqlite3"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from quizzes.results.statistics import assignment_statistics_get

        call_command("migrate", verbosity=0)
        built = sample_class(students=args.students, seed=args.seed)
        quiz = built["quiz"]
        print(
            f"Demo quiz “{quiz.title}”: {quiz.questions.count()} questions, "
            f"{args.students} students, seed {args.seed}, grading method {quiz.grading_method}."
        )
        for which in args.attempts.split(","):
            stats = assignment_statistics_get(
                assignment_id=built["assignment"].pk, user=built["teacher"], which=which
            )
            print()
            print("\n".join(statistics_lines(stats)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

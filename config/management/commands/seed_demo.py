"""Load the demo: the seed article with notes and labels, a class of 25, and the quiz.

Idempotent: running it again changes nothing but resetting the demo passwords, so the
printed logins always work. ``--sample-results`` also fills the demo class with sample
work (attempts, reading progress, a few threads), each record marked ``is_sample``;
``--remove-sample-results`` takes exactly those away again.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from discussions.demo_samples import sample_threads_create, sample_threads_remove
from lessons.demo.samples import sample_reading_create, sample_reading_remove
from lessons.demo.seeding import seed_demo_lesson
from quizzes.demo import seed_demo_quiz
from quizzes.demo_samples import sample_attempts_create, sample_attempts_remove
from quizzes.models import Attempt

DEFAULT_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Load the demo lesson, teacher notes, claim labels, class, assignment and quiz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="password",
            help="Password for the demo accounts (default: %(default)s).",
        )
        parser.add_argument(
            "--url",
            default=DEFAULT_URL,
            help="The address to print for signing in (default: %(default)s; make run "
            "passes its HOST and PORT).",
        )
        samples = parser.add_mutually_exclusive_group()
        samples.add_argument(
            "--sample-results",
            action="store_true",
            help="Also fill the demo class with sample attempts, reading progress and "
            "threads, marked as samples (off by default).",
        )
        samples.add_argument(
            "--remove-sample-results",
            action="store_true",
            help="Delete the sample attempts, reading progress and threads again.",
        )

    def handle(self, *args, password: str, url: str, **options):
        with transaction.atomic():
            seed = seed_demo_lesson(password=password)
            quiz = seed_demo_quiz(lesson=seed.lesson)
        self.stdout.write(
            f'Demo lesson {seed.lesson.pk} "{seed.lesson.title}", '
            f'quiz "{quiz.title}" ({quiz.questions.count()} questions), '
            f'class "{seed.classroom.name}" (join code {seed.classroom.join_code}).'
        )
        if options["sample_results"]:
            self._add_samples(seed, quiz)
        elif options["remove_sample_results"]:
            self._remove_samples(seed, quiz)
        self.stdout.write("Logins (all with the password shown):")
        self.stdout.write(f"  teacher   {seed.teacher.username} / {password}")
        self.stdout.write(f"  admin     {seed.admin.username} / {password}  (superuser)")
        self.stdout.write(
            f"  students  {seed.students[0].username} .. {seed.students[-1].username} / {password}"
        )
        self.stdout.write(f"Open {url} and sign in.")

    def _add_samples(self, seed, quiz) -> None:
        assignment = seed.assignment
        if Attempt.objects.filter(assignment=assignment, is_sample=True).exists():
            self.stdout.write("Sample results are already there (remove them first to redo).")
            return
        taken = Attempt.objects.filter(assignment=assignment, student__in=seed.students)
        if taken.exists():
            raise CommandError(
                "Students of the demo class have attempts of their own: sample results would "
                "mix with them. Use a fresh database for the sample results."
            )
        # Three students have not started: the results show them as "not started".
        takers = seed.students[:-3]
        with transaction.atomic():
            attempts = sample_attempts_create(quiz=quiz, assignment=assignment, students=takers)
            reads = sample_reading_create(lesson=seed.lesson, students=seed.students)
            threads = sample_threads_create(assignment=assignment, students=seed.students)
        self.stdout.write(
            f"Sample results (marked as samples): {len(attempts)} attempts, "
            f"{reads} sections read, {threads} threads."
        )

    def _remove_samples(self, seed, quiz) -> None:
        with transaction.atomic():
            attempts = sample_attempts_remove(assignment=seed.assignment)
            reads = sample_reading_remove(lesson=seed.lesson)
            threads = sample_threads_remove(assignment=seed.assignment)
        self.stdout.write(
            f"Removed the sample results: {attempts} attempts, {reads} sections read, "
            f"{threads} threads."
        )

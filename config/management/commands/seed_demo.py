"""Load the demo: the seed article with notes and labels, a class of 25, and the quiz.

Idempotent: running it again changes nothing but resetting the demo passwords, so the
printed logins always work.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from lessons.demo.seeding import seed_demo_lesson
from quizzes.demo import seed_demo_quiz


class Command(BaseCommand):
    help = "Load the demo lesson, teacher notes, claim labels, class, assignment and quiz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="password",
            help="Password for the demo accounts (default: %(default)s).",
        )

    def handle(self, *args, password: str, **options):
        with transaction.atomic():
            seed = seed_demo_lesson(password=password)
            quiz = seed_demo_quiz(lesson=seed.lesson)
        self.stdout.write(
            f'Demo lesson {seed.lesson.pk} "{seed.lesson.title}", '
            f'quiz "{quiz.title}" ({quiz.questions.count()} questions), '
            f'class "{seed.classroom.name}" (join code {seed.classroom.join_code}).'
        )
        self.stdout.write("Logins (all with the password shown):")
        self.stdout.write(f"  teacher   {seed.teacher.username} / {password}")
        self.stdout.write(
            f"  students  {seed.students[0].username} .. {seed.students[-1].username} / {password}"
        )
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")

"""python manage.py export_gift QUIZ_ID [--output PATH]: a quiz's questions as Moodle GIFT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.interchange.gift_export import quiz_gift_export
from quizzes.models import Quiz


class Command(BaseCommand):
    help = (
        "Write a quiz's questions as Moodle GIFT (UTF-8) to standard output or to a file. "
        "What GIFT cannot hold is listed at the top of the file and on standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument("quiz_id", type=int, help="the id of the quiz")
        parser.add_argument("--output", "-o", help="write to this file instead of stdout")

    def handle(self, *args, quiz_id: int, output: str | None, **options):
        quiz = Quiz.objects.filter(pk=quiz_id).first()
        if quiz is None:
            raise CommandError(f"No quiz has the id {quiz_id}.")
        export = quiz_gift_export(quiz=quiz)
        if output:
            try:
                Path(output).write_text(export.text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
            self.stderr.write(
                f"Wrote {export.count} question{'s' if export.count != 1 else ''} of quiz "
                f'{quiz.pk} "{quiz.title}" to {output}.'
            )
        else:
            self.stdout.write(export.text, ending="")
        for label, note in export.notes:
            self.stderr.write(f"{label}: {note}")

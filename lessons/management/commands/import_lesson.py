"""python manage.py import_lesson PATH [--publish]: import an article file as a lesson."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lessons.importing import decode_article_bytes
from lessons.models import Lesson
from lessons.services.lesson_import import lesson_import_with_report


class Command(BaseCommand):
    help = (
        "Import a plain-text or Markdown article (first line the title, heading lines, "
        "paragraphs separated by blank lines) as a draft lesson."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .txt or .md file to import")
        parser.add_argument(
            "--publish", action="store_true", help="publish the lesson instead of keeping a draft"
        )

    def handle(self, *args, path: str, publish: bool, **options):
        source = Path(path)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except IsADirectoryError:
            raise CommandError(
                f"{path} is a folder; give the path of a .txt or .md file."
            ) from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            report = lesson_import_with_report(
                text=decode_article_bytes(data),
                status=Lesson.Status.PUBLISHED if publish else Lesson.Status.DRAFT,
            )
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from None
        lesson = report.lesson
        self.stdout.write(
            f'Imported lesson {lesson.pk} "{lesson.title}": '
            f"{report.section_count} sections, {report.sentence_count} sentences"
        )

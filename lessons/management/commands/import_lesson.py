"""python manage.py import_lesson PATH [--publish] [--owner USERNAME]: import an article.

Without ``--owner`` the lesson belongs to no teacher: only a superuser changes it until
they give it an owner in the admin (teachers may still read, assign and copy it).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
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
        parser.add_argument(
            "--owner", help="the username of the teacher who will own (and may change) it"
        )

    def handle(self, *args, path: str, publish: bool, owner: str | None = None, **options):
        owner_user = None
        if owner:
            owner_user = get_user_model().objects.filter(username=owner, is_staff=True).first()
            if owner_user is None:
                raise CommandError(f"No teacher account is called {owner!r}.")
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
                created_by=owner_user,
            )
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from None
        lesson = report.lesson
        self.stdout.write(
            f'Imported lesson {lesson.pk} "{lesson.title}": '
            f"{report.section_count} sections, {report.sentence_count} sentences"
        )

"""python manage.py import_gift PATH --quiz ID: append a GIFT file's questions to a quiz."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from quizzes.interchange.gift_import import gift_import_plan, gift_import_save
from quizzes.models import Quiz


class Command(BaseCommand):
    help = (
        "Import the questions of a Moodle GIFT file (UTF-8) at the end of a quiz. Prints what "
        "was imported and every warning; on any error it saves nothing and exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .gift (or .txt) file to import")
        parser.add_argument("--quiz", type=int, required=True, help="the id of the quiz")

    def handle(self, *args, path: str, quiz: int, **options):
        target = Quiz.objects.filter(pk=quiz).first()
        if target is None:
            raise CommandError(f"No quiz has the id {quiz}.")
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a folder; give the path of a GIFT file.") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

        plan = gift_import_plan(data)
        for error in plan.errors:
            self.stderr.write(f"{path}: {error}")
        if plan.errors:
            self._warnings(plan, self.stderr)
            raise CommandError(
                f"Nothing was imported: {len(plan.errors)} error"
                f"{'s' if len(plan.errors) != 1 else ''} in {path}."
            )
        try:
            created = gift_import_save(quiz=target, plan=plan)
        except ValidationError as error:  # pragma: no cover - the plan was checked above
            raise CommandError(" ".join(error.messages)) from None

        first, last = created[0].position, created[-1].position
        where = f"Q{first}" if first == last else f"Q{first}–Q{last}"
        self.stdout.write(
            f"Imported {len(created)} question{'s' if len(created) != 1 else ''} into quiz "
            f'{target.pk} "{target.title}" ({where}) from {path}.'
        )
        for question in created:
            prompt = " ".join(question.prompt.split())
            if len(prompt) > 60:
                prompt = prompt[:59] + "…"
            self.stdout.write(f"  Q{question.position}  {question.get_kind_display()}: {prompt}")
        self._warnings(plan, self.stdout)

    def _warnings(self, plan, out) -> None:
        lines = [f"  {note}" for note in plan.notes]
        for item in plan.items:
            where = f"line {item.source.line} ({item.source.qtype} “{item.source.name}”)"
            lines += [f"  {where}: {note}" for note in item.notes]
        if lines:
            out.write(f"{len(lines)} warning{'s' if len(lines) != 1 else ''}:")
            for line in lines:
                out.write(line)

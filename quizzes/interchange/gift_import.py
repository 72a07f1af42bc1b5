"""Importing a GIFT file into a quiz: a plan to preview, then one transaction to save it.

:func:`gift_import_plan` reads the text (parser: :mod:`quizzes.interchange.gift_parse`),
maps every question (:mod:`quizzes.interchange.gift_questions`), checks each resulting
question against its kind (:func:`quizzes.validation.validate_question`) and collects every
note, without touching the database. The admin shows the plan as a preview and the
``import_gift`` command prints it. :func:`gift_import_save` then appends the plan's
questions to the quiz, all or nothing.

Malformed GIFT (any :class:`~quizzes.interchange.gift_model.GiftError`) makes the whole plan
refused: nothing is saved, and each error names its line and what was expected. Questions
that parse but cannot be represented in the app are skipped with a note, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from lessons.locking import lock
from quizzes.interchange.gift_model import GiftError, GiftQuestion, ParseResult
from quizzes.interchange.gift_parse import parse_gift, parse_gift_bytes
from quizzes.interchange.gift_questions import (
    ImportedQuestion,
    QuestionDraft,
    drafts_from_gift,
    points_comments,
)
from quizzes.models import Choice, Question, Quiz
from quizzes.validation import validate_choices, validate_question

#: The largest GIFT text accepted, in bytes of UTF-8 (some two thousand questions). The
#: admin's confirm step sends the text back as a form field, which must stay under
#: DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
MAX_GIFT_BYTES = 2_000_000


@dataclass(frozen=True)
class ImportPlan:
    """What importing a GIFT text would do. Save only when :attr:`ok`."""

    items: tuple[ImportedQuestion, ...] = ()
    #: Malformed input: each error names its line and what was expected.
    errors: tuple[GiftError, ...] = ()
    #: Notes about the whole file (titles and categories not kept).
    notes: tuple[str, ...] = ()

    @property
    def drafts(self) -> list[QuestionDraft]:
        """The questions to save, in file order."""
        return [draft for item in self.items for draft in item.drafts]

    @property
    def skipped(self) -> list[ImportedQuestion]:
        return [item for item in self.items if item.skipped]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.drafts)

    @property
    def warning_count(self) -> int:
        return len(self.notes) + sum(len(item.notes) for item in self.items)


def gift_import_plan(source: str | bytes) -> ImportPlan:
    """Read GIFT text (or an uploaded file's bytes) into an :class:`ImportPlan`. No database.

    Refused as a whole (``errors``): text that is not UTF-8, holds a NUL character, is
    longer than :data:`MAX_GIFT_BYTES`, is malformed GIFT, or has no question the app
    can hold.
    """
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > MAX_GIFT_BYTES:
        return _refused(0, _TOO_LONG)
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError:
            # The parser's own refusal names the line of the first byte that is not UTF-8.
            return ImportPlan(errors=parse_gift_bytes(source).errors)
    if "\x00" in source:
        return _refused(source.count("\n", 0, source.index("\x00")) + 1, _NUL)
    return _plan(parse_gift(source), points_comments(source))


_NUL = "the text holds a NUL character (a binary file?): expected GIFT text saved as UTF-8"
_TOO_LONG = f"the text is larger than {MAX_GIFT_BYTES // 1_000_000} MB: split it into several files"


def _refused(line: int, message: str) -> ImportPlan:
    where = f"Line {line}: " if line else ""
    return ImportPlan(errors=(GiftError(line, where + message[:1].upper() + message[1:], line),))


def _plan(result: ParseResult, points: dict[int, Decimal]) -> ImportPlan:
    items = tuple(
        _checked(drafts_from_gift(_with_points(question, points))) for question in result.questions
    )
    notes = []
    categories = list(dict.fromkeys(c.path for c in result.categories))
    if categories:
        notes.append(
            "Categories are not kept: every question goes into this quiz (the file names "
            + ", ".join(f"“{c}”" for c in categories)
            + ")."
        )
    if any(_has_own_title(item) for item in items):
        notes.append(
            "Question titles (::title::) are not kept: the app numbers a quiz's questions."
        )
    errors = result.errors
    if not errors and not any(item.drafts for item in items):
        message = (
            "There is no question in the text: expected GIFT such as "
            "“::Title:: Question text {=right ~wrong}”."
            if not items
            else "None of the questions can be represented in the app (see why below)."
        )
        errors = (GiftError(0, message, 0),)
    return ImportPlan(items=items, errors=errors, notes=tuple(notes))


def _with_points(question: GiftQuestion, points: dict[int, Decimal]) -> GiftQuestion:
    """The question with the mark its ``// points:`` comment gives (see gift_questions)."""
    if question.line in points and question.qtype != "description":
        return replace(question, defaultmark=points[question.line])
    return question


def _has_own_title(item: ImportedQuestion) -> bool:
    name, text = item.source.name, item.source.questiontext
    return bool(name) and not text.startswith(name.removesuffix("...").rstrip())


def _checked(item: ImportedQuestion) -> ImportedQuestion:
    """The item with any draft the app's rules refuse left out, saying why."""
    kept, notes = [], list(item.notes)
    for draft in item.drafts:
        try:
            validate_choices(
                kind=draft.kind, choices=[(c.text, c.is_correct) for c in draft.choices]
            )
            validate_question(
                kind=draft.kind,
                choices=None,
                section=None,
                accepted_answers=list(draft.accepted_answers),
                answer_pattern=draft.answer_pattern,
                key_verdicts=[],
                numeric_answers=list(draft.numeric_answers),
            )
        except ValidationError as error:
            notes.append("Not imported: " + " ".join(error.messages))
        else:
            kept.append(draft)
    return replace(item, drafts=tuple(kept), notes=tuple(dict.fromkeys(notes)))


@transaction.atomic
def gift_import_save(*, quiz: Quiz, plan: ImportPlan) -> list[Question]:
    """Append the plan's questions to the end of ``quiz``, all or nothing.

    Raises ``ValidationError`` (code ``gift_invalid``) and saves nothing when the plan has
    errors or no question. The quiz row is locked, so two imports (or an import and a
    reorder in the admin) take turns for positions.
    """
    if not plan.ok:
        messages = [str(error) for error in plan.errors] or ["There is nothing to import."]
        raise ValidationError(
            [ValidationError(message, code="gift_invalid") for message in messages]
        )
    locked = lock(quiz)
    position = (locked.questions.aggregate(top=Max("position"))["top"] or 0) + 1
    created = []
    for draft in plan.drafts:
        question = Question.objects.create(
            quiz=locked,
            position=position,
            kind=draft.kind,
            prompt=draft.prompt,
            points=Decimal(draft.points),
            explanation=draft.explanation,
            explanation_source=draft.explanation_source,
            accepted_answers=list(draft.accepted_answers),
            answer_pattern=draft.answer_pattern,
            numeric_answers=list(draft.numeric_answers),
            key_verdicts=[],
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=index,
                text=choice.text,
                is_correct=choice.is_correct,
                feedback=choice.feedback,
            )
            for index, choice in enumerate(draft.choices, start=1)
        )
        created.append(question)
        position += 1
    return created

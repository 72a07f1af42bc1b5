"""Forms that parse what the take page posts.

The take page renders its own inputs (every answer control is a native ``<input>`` inside a
``<label>`` holding the choice or sentence text, which crispy cannot lay out), so these
forms only parse and type-check the posted values. Whether an id belongs to the question
is decided by :mod:`quizzes.answers`, which refuses the whole save if one does not.

Field names are prefixed by question: ``q<question id>-choice`` (repeated),
``q<question id>-sentence`` (repeated), ``q<question id>-reason-<sentence id>`` (why the
student picked that sentence, when the question asks; empty for no reason yet),
``q<question id>-text`` and, from the autosave script only, ``q<question id>-clear``
(``1`` when the student cleared the question).

A reason is not an answer by itself: only a picked sentence carries one, so a save whose
only values are reasons is an empty answer (and an autosave must then say ``clear``).

An autosave must say what it changes: a question it lists carries an answer or the clear
marker, so a body that lost its fields on the way (a JSON or ``text/plain`` post, an
empty form) is refused rather than taken as "answer cleared". The page's own "Save
answers" form lists every question it shows in ``question`` and is the snapshot of
that page, so an unticked box there clears the question, as a browser form should.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError

from quizzes.answers import Answer
from quizzes.params import positive_id

# More ids than any question has choices or sentences: a longer list is a tampered form.
MAX_IDS_PER_FIELD = 500


class IdListField(forms.Field):
    """A repeated field of positive integer ids, cleaned to a frozenset."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid_id": "That answer could not be read. Reload the page and try again.",
    }

    def to_python(self, value) -> frozenset[int]:
        if value in self.empty_values:
            return frozenset()
        if not isinstance(value, list | tuple):
            value = [value]
        if len(value) > MAX_IDS_PER_FIELD:
            raise ValidationError(self.error_messages["invalid_id"], code="invalid_id")
        ids = set()
        for raw in value:
            value_id = positive_id(str(raw))
            if value_id is None:
                raise ValidationError(self.error_messages["invalid_id"], code="invalid_id")
            ids.add(value_id)
        return frozenset(ids)

    def validate(self, value) -> None:
        # An empty frozenset is not among Field.empty_values, so check "required" here.
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


def question_prefix(question_id: int) -> str:
    """The field-name prefix of one question's inputs on the take page."""
    return f"q{question_id}"


UNREADABLE_MESSAGE = "Those answers could not be read. Reload the page and try again."
NO_ANSWER_MESSAGE = (
    "This save carried no answer, so nothing was changed. Reload the page and try again."
)


class AnswerForm(forms.Form):
    """One question's answer; bind with ``prefix=question_prefix(question_id)``."""

    choice = IdListField(required=False)
    sentence = IdListField(required=False)
    # Kept as typed: the service checks the length, grading normalises the text.
    text = forms.CharField(required=False, strip=False)
    clear = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("clear") and self.carries_answer:
            raise ValidationError(
                "A question cannot be cleared and answered in one save.", code="clear_conflict"
            )
        return cleaned

    @property
    def carries_answer(self) -> bool:
        """Whether a choice, a sentence or some text was posted (call after is_valid())."""
        data = self.cleaned_data
        return bool(data.get("choice") or data.get("sentence") or data.get("text"))

    @property
    def is_explicit(self) -> bool:
        """An answer, or the marker saying the student cleared the question."""
        return self.carries_answer or bool(self.cleaned_data.get("clear"))

    def answer(self) -> Answer:
        """The cleaned answer (call after ``is_valid()``), with the reasons posted for its
        picked sentences."""
        sentence_ids = self.cleaned_data["sentence"]
        return Answer(
            choice_ids=self.cleaned_data["choice"],
            sentence_ids=sentence_ids,
            text=self.cleaned_data["text"],
            reasons={
                sentence_id: reason
                for sentence_id, reason in posted_reasons(self.data, self.prefix).items()
                if sentence_id in sentence_ids and reason
            },
        )


def posted_reasons(data, prefix: str) -> dict[int, str]:
    """The ``<prefix>-reason-<sentence id>`` values posted, by sentence id ("" kept).

    Raises ValidationError ``invalid_id`` for a sentence id that is not a positive id, or
    for more reasons than any passage has sentences (a tampered form). Whether a reason is
    one the question offers is :mod:`quizzes.answers`' to decide.
    """
    start = f"{prefix}-reason-"
    reasons: dict[int, str] = {}
    for name in data:
        if not name.startswith(start):
            continue
        sentence_id = positive_id(name.removeprefix(start))
        if sentence_id is None or len(reasons) >= MAX_IDS_PER_FIELD:
            raise ValidationError(UNREADABLE_MESSAGE, code="invalid_id")
        reasons[sentence_id] = str(data.get(name, ""))[:40]
    return reasons


def answers_from_post(data, question_ids: Iterable[int], *, explicit: bool) -> dict[int, Answer]:
    """Each listed question's answer in ``data``, in id order.

    With ``explicit`` (autosave) every question must carry an answer or the clear marker
    (code ``no_answer``). Raises ValidationError ``invalid_id`` for unreadable values.
    """
    answers: dict[int, Answer] = {}
    for question_id in sorted(question_ids):
        form = AnswerForm(data, prefix=question_prefix(question_id))
        if not form.is_valid():
            raise ValidationError(UNREADABLE_MESSAGE, code="invalid_id")
        if explicit and not form.is_explicit:
            raise ValidationError(NO_ANSWER_MESSAGE, code="no_answer")
        answers[question_id] = form.answer()
    return answers


class AutosaveForm(forms.Form):
    """The questions an autosave carries, listed in ``question``.

    One or several: the script coalesces the changes made while a save was in flight.
    Each then carries its answer or ``q<id>-clear=1`` (see :func:`answers_from_post`).
    """

    question = IdListField(error_messages={"required": NO_ANSWER_MESSAGE})


def autosave_question_ids(data) -> frozenset[int]:
    """The question ids an autosave lists; ValidationError ``no_answer`` or ``invalid_id``."""
    form = AutosaveForm(data)
    if not form.is_valid():
        error = form.errors.as_data()["question"][0]
        code = "no_answer" if error.code == "required" else "invalid_id"
        raise ValidationError(error.messages[0], code=code)
    return form.cleaned_data["question"]


class SaveAnswersForm(forms.Form):
    """The take page's whole form, posted by "Save answers" and the navigation buttons.

    ``question`` lists the questions shown on the page, so that an unticked checkbox
    (which browsers do not send) clears that question's saved picks.
    """

    question = IdListField()
    go = forms.CharField(required=False, max_length=20)

    def answers(self, data) -> dict[int, Answer]:
        """Parse each listed question's answer from ``data``; ValidationError if unreadable."""
        return answers_from_post(data, self.cleaned_data["question"], explicit=False)

    @property
    def destination(self) -> str:
        """Where to go after saving: "stay", "submit" or "page-N"."""
        return self.cleaned_data.get("go") or "stay"

"""Forms that parse what the take page posts.

The take page renders its own inputs (every answer control is a native ``<input>`` inside a
``<label>`` holding the choice or sentence text, which crispy cannot lay out), so these
forms only parse and type-check the posted values. Whether an id belongs to the question
is decided by :mod:`quizzes.services`, which refuses the whole save if one does not.

Field names are prefixed by question: ``q<question id>-choice`` (repeated),
``q<question id>-sentence`` (repeated) and ``q<question id>-text``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from lessons.params import int_from_digits
from quizzes.services import Answer

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
            value_id = int_from_digits(str(raw).strip())
            if value_id is None:
                raise ValidationError(self.error_messages["invalid_id"], code="invalid_id")
            ids.add(value_id)
        return frozenset(ids)


def question_prefix(question_id: int) -> str:
    """The field-name prefix of one question's inputs on the take page."""
    return f"q{question_id}"


class AnswerForm(forms.Form):
    """One question's answer; bind with ``prefix=question_prefix(question_id)``."""

    choice = IdListField(required=False)
    sentence = IdListField(required=False)
    # Kept as typed: the service checks the length, grading normalises the text.
    text = forms.CharField(required=False, strip=False)

    def answer(self) -> Answer:
        """The cleaned answer (call after ``is_valid()``)."""
        return Answer(
            choice_ids=self.cleaned_data["choice"],
            sentence_ids=self.cleaned_data["sentence"],
            text=self.cleaned_data["text"],
        )


class SaveAnswersForm(forms.Form):
    """The take page's whole form, posted by "Save answers" and the navigation buttons.

    ``question`` lists the questions shown on the page, so that an unticked checkbox
    (which browsers do not send) clears that question's saved picks.
    """

    question = IdListField()
    go = forms.CharField(required=False, max_length=20)

    def answers(self, data) -> dict[int, Answer]:
        """Parse each listed question's answer from ``data``; ValidationError if unreadable."""
        answers: dict[int, Answer] = {}
        for question_id in sorted(self.cleaned_data["question"]):
            form = AnswerForm(data, prefix=question_prefix(question_id))
            if not form.is_valid():
                raise ValidationError(
                    "Those answers could not be read. Reload the page and try again.",
                    code="invalid_id",
                )
            answers[question_id] = form.answer()
        return answers

    @property
    def destination(self) -> str:
        """Where to go after saving: "stay", "submit" or "page-N"."""
        return self.cleaned_data.get("go") or "stay"

"""Forms of the quiz admin: kind-aware question forms, positioned inlines, the generator.

The question form and its choice formset run :mod:`quizzes.validation` so that an
inconsistent question (a single-choice question with two right choices, a spot-the-claim
question whose section has no labelled sentence, ...) is refused on the page with the
reason, before anything is saved.

Positions are unique per quiz (and per question for choices). A teacher types the place
a row should go; saving renumbers the rows 1..n (see ``quizzes.building.positions_renumber``),
so the forms leave the uniqueness of ``position`` out of validation, and
:func:`save_positioned_formset` saves an inline of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import transaction
from django.forms.models import BaseInlineFormSet

from lessons.admin.ownership import GuardedMaterialForm
from lessons.locking import lock
from lessons.models import ClaimLabel, Section
from lessons.params import int_from_digits
from quizzes.building import positions_renumber
from quizzes.grading import KEY_VERDICTS_DEFAULT
from quizzes.models import Choice, Question, Quiz
from quizzes.numbers import (
    AnswerLineError,
    format_answer_line,
    numeric_answers,
    parse_answer_line,
)
from quizzes.params import positive_id
from quizzes.validation import quiz_publication_problems, validate_choices, validate_question

#: The share of a sentence's credit the reason carries when a teacher leaves it empty.
REASON_CREDIT_DEFAULT = Question._meta.get_field("reason_credit").default

Kind = Question.Kind
Verdict = ClaimLabel.Verdict

POSITION_HELP = "Leave empty to put it last. Saving renumbers the rest to make room."


class PositionedModelForm(forms.ModelForm):
    """A model form whose ``position`` may repeat another row's: saving renumbers them."""

    position = forms.IntegerField(
        required=False,
        min_value=1,
        help_text=POSITION_HELP,
        # The admin's narrow number box: positions are small, and tabular inlines are wide.
        widget=forms.NumberInput(attrs={"class": "vIntegerField"}),
    )

    def _get_validation_exclusions(self):
        # Django validates UniqueConstraint(parent, position) against the database, which
        # would refuse "move question 5 to place 2" or a swap of two rows in one formset.
        # Saving renumbers positions instead (positions_renumber), so skip that check.
        exclude = super()._get_validation_exclusions()
        exclude.add("position")
        return exclude


def save_positioned_formset(formset, *, siblings) -> None:
    """Save an inline formset of positioned rows, numbering them 1..n in the order asked.

    Rows are ordered by the position typed into each; a row whose position was changed
    goes before an unchanged row asking for the same place ("move to 2"), and a row left
    without a position goes last. Deleted rows are deleted first.
    """
    with transaction.atomic():
        # Lock the parent (quiz or question) so that two teachers saving the same list at
        # once take turns instead of colliding on the unique positions.
        parent = formset.instance
        lock(parent)
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        deleted = set(formset.deleted_forms)
        ranked = []
        for index, form in enumerate(formset.forms):
            if form in deleted or (form.instance.pk is None and not form.has_changed()):
                continue
            requested = form.cleaned_data.get("position")
            moved = "position" in form.changed_data
            ranked.append(((requested is None, requested or 0, not moved, index), form))
        ranked.sort(key=lambda item: item[0])
        positions_renumber(
            siblings=siblings,
            ordered=[form.instance for _rank, form in ranked],
            save=[form.instance for _rank, form in ranked if form.has_changed()],
        )
        formset.save_m2m()


class AcceptedAnswersField(forms.CharField):
    """A list of short answers edited as text, one answer per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        # CharField's own NUL check runs on the cleaned list, whose str() hides the NUL;
        # check the text instead (PostgreSQL's jsonb cannot store \u0000: a 500 otherwise).
        ProhibitNullCharactersValidator()(text)
        answers = [line.strip() for line in text.splitlines() if line.strip()]
        return list(dict.fromkeys(answers))  # drop repeats, keep the teacher's order


class NumericAnswersField(forms.CharField):
    """A numerical question's accepted values edited as text, one value per line.

    Each line is read by :func:`quizzes.numbers.parse_answer_line` ("2006", "3.14 ± 0.01",
    "1990..2000", "50% 2005 ± 1", "... # feedback") and stored as its JSON row.
    """

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(format_answer_line(answer) for answer in numeric_answers(value))
        return value

    def to_python(self, value) -> list[dict[str, str]]:
        text = super().to_python(value) or ""
        ProhibitNullCharactersValidator()(text)
        rows, problems = [], []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                rows.append(parse_answer_line(line).as_json())
            except AnswerLineError as error:
                problems.append(ValidationError(str(error), code="invalid_numeric_answer"))
        if problems:
            raise ValidationError(problems)
        return rows


def _section_heading(section: Section) -> str:
    return f"{section.position}. {section.display_heading}"


def _section_heading_with_lesson(section: Section) -> str:
    return f"{section.lesson.title} — {_section_heading(section)}"


def _quiz_with_lesson(quiz: Quiz) -> str:
    return f"{quiz.title} ({quiz.lesson.title})"


class QuestionAdminForm(PositionedModelForm):
    """A question, checked against its kind by ``validate_question`` when saved."""

    accepted_answers = AcceptedAnswersField(
        required=False,
        label="Accepted answers",
        help_text="Short answer: one accepted answer per line. Case, spaces, punctuation and "
        "accents written differently do not matter.",
    )
    numeric_answers = NumericAnswersField(
        required=False,
        label="Accepted values",
        help_text="Numerical: one value per line, tried in order; the first that fits decides. "
        "Write 2006, 3.14 ± 0.01 (or 3.14:0.01), or 1990..2000; start with 50% for half the "
        "points; add # and feedback to show in the review.",
    )
    key_verdicts = forms.MultipleChoiceField(
        choices=Verdict.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sentences to pick",
        help_text="Spot the claim: students must pick the passage's sentences whose claim label "
        "has one of these verdicts.",
    )

    class Meta:
        model = Question
        fields = (
            "quiz",
            "position",
            "kind",
            "prompt",
            "points",
            "explanation",
            "explanation_source",
            "section",
            "accepted_answers",
            "answer_pattern",
            "numeric_answers",
            "key_verdicts",
            "ask_reasons",
            "reason_credit",
        )
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiz = self._find_quiz()
        if "quiz" in self.fields:
            self.fields["quiz"].queryset = Quiz.objects.select_related("lesson")
            self.fields["quiz"].label_from_instance = _quiz_with_lesson
        if "section" in self.fields:
            self._limit_sections()
        if not self.instance.key_verdicts:
            self.initial["key_verdicts"] = list(KEY_VERDICTS_DEFAULT)
        if "reason_credit" in self.fields:
            # Left empty, the reason keeps the default share; out of 0..1 it is refused
            # here in words, before the database's check constraint would be.
            field = self.fields["reason_credit"]
            field.required = False
            field.min_value, field.max_value = Decimal("0"), Decimal("1")
            field.validators += [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]
            field.widget.attrs.update(min="0", max="1", step="0.05")

    def clean_reason_credit(self) -> Decimal:
        value = self.cleaned_data.get("reason_credit")
        return REASON_CREDIT_DEFAULT if value is None else value

    def _find_quiz(self) -> Quiz | None:
        """The quiz the question belongs to: saved, posted, or passed as ``?quiz=``."""
        if self.instance.quiz_id:
            return self.instance.quiz
        raw = self.data.get(self.add_prefix("quiz")) if self.is_bound else self.initial.get("quiz")
        if isinstance(raw, Quiz):
            return raw
        quiz_id = positive_id(str(raw)) if raw is not None else None
        return Quiz.objects.filter(pk=quiz_id).first() if quiz_id else None

    def _limit_sections(self) -> None:
        field = self.fields["section"]
        field.label = "Passage (section)"
        field.help_text = (
            "Shown beside the question. Required for spot-the-claim: its sentences are what "
            "students choose from."
        )
        if self.quiz is not None:
            field.queryset = Section.objects.filter(lesson_id=self.quiz.lesson_id).order_by(
                "position"
            )
            field.label_from_instance = _section_heading
        else:
            # No quiz chosen yet: offer every section, named with its lesson; saving
            # refuses one outside the chosen quiz's lesson (section_outside_lesson).
            field.queryset = Section.objects.select_related("lesson").order_by(
                "lesson__title", "position"
            )
            field.label_from_instance = _section_heading_with_lesson

    def clean(self):
        cleaned = super().clean()
        self._refuse_changes_once_answered()
        checked = (
            "kind",
            "quiz",
            "section",
            "accepted_answers",
            "answer_pattern",
            "numeric_answers",
            "key_verdicts",
        )
        if any(name in self.errors for name in checked) or "kind" not in cleaned:
            return cleaned  # the field errors say what is wrong first
        quiz = cleaned.get("quiz") or self.quiz
        section = cleaned.get("section") if "section" in self.fields else self.instance.section
        try:
            validate_question(
                kind=cleaned["kind"],
                choices=None,  # checked by ChoiceInlineFormSet, where they are posted
                section=section,
                accepted_answers=cleaned.get("accepted_answers", []),
                answer_pattern=cleaned.get("answer_pattern", ""),
                key_verdicts=cleaned.get("key_verdicts", []),
                lesson_id=quiz.lesson_id if quiz else None,
                numeric_answers=cleaned.get("numeric_answers", []),
            )
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        if cleaned["kind"] != Kind.SPOT_CLAIM:
            # Only spot-the-claim questions have a key of verdicts, or ask why a sentence
            # was picked; keep others clean.
            cleaned["key_verdicts"] = []
            cleaned["ask_reasons"] = False
        return cleaned

    def _refuse_changes_once_answered(self) -> None:
        """Students' saved answers fit the kind and passage they answered: keep them."""
        changed = [name for name in ("kind", "section") if name in self.changed_data]
        if not changed or self.instance.pk is None or not self.instance.responses.exists():
            return
        for name in changed:
            self.add_error(
                name,
                ValidationError(
                    "Students have already answered this question, so its %(what)s cannot "
                    "change. Add a new question instead.",
                    code="question_answered",
                    params={"what": "kind" if name == "kind" else "passage"},
                ),
            )


class ChoiceInlineForm(PositionedModelForm):
    class Meta:
        model = Choice
        fields = ("position", "text", "is_correct", "feedback")
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "feedback": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }
        labels = {"is_correct": "Right answer"}


class ChoiceInlineFormSet(BaseInlineFormSet):
    """A question's choices, checked together against the question's (posted) kind."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return  # a choice's own errors come first
        kind = self.instance.kind
        if kind not in Kind.values:
            return  # the question form reports the missing kind
        choices = [
            (form.cleaned_data["text"], bool(form.cleaned_data.get("is_correct")))
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        validate_choices(kind=kind, choices=choices)


class QuestionInlineForm(PositionedModelForm):
    class Meta:
        model = Question
        fields = ("position", "prompt", "points")
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 2, "cols": 50}),
            "points": forms.NumberInput(attrs={"class": "vIntegerField", "step": "0.01"}),
        }


class QuizAdminForm(GuardedMaterialForm):
    """Quiz settings; publishing is refused while any question is missing or inconsistent.

    Settings a class relies on (lessons.admin.ownership) cannot change while classes the
    editor does not teach use the quiz; taking it back to draft asks for a confirmation.
    """

    guarded_fields = (
        "status",
        "attempts_allowed",
        "time_limit_minutes",
        "grading_method",
        "review_answers",
        "review_score",
    )
    what = "this quiz"

    def lesson_of(self, quiz):
        return quiz.lesson

    class Meta:
        model = Quiz
        fields = (
            "lesson",
            "title",
            "description",
            "status",
            "attempts_allowed",
            "time_limit_minutes",
            "shuffle_questions",
            "shuffle_choices",
            "layout",
            "grading_method",
            "review_answers",
            "review_score",
            "owner",
            "co_editors",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status != Quiz.Status.PUBLISHED or "status" not in self.changed_data:
            return status
        if self.instance.pk is None:
            raise ValidationError(
                "Save the quiz as a draft and add its questions before publishing it.",
                code="publish_without_questions",
            )
        if problems := quiz_publication_problems(self.instance):
            raise ValidationError(
                [ValidationError(problem, code="publish_invalid") for problem in problems]
            )
        return status


GENERATE_KIND_CHOICES = [
    (
        Kind.SPOT_CLAIM,
        "Spot the claim: one question per section; students pick every sentence in the key.",
    ),
    (
        Kind.SINGLE_CHOICE,
        "Which sentence: one single-choice question per sentence in the key, with up to "
        "three sentences labelled supported or opinion as the other choices.",
    ),
]


class SectionChoiceField(forms.ModelMultipleChoiceField):
    """Sections by id; a tampered id no column can hold is refused, not sent to SQLite
    (which cannot even compare it, and would answer 500)."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if int_from_digits(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class GenerateQuestionsForm(forms.Form):
    """The choices behind "Generate questions from claim labels…"."""

    sections = SectionChoiceField(
        queryset=Section.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Key sizes count the default verdicts (unsupported, inaccurate, logical "
        "flaw). A section with nothing in the key is skipped and reported.",
    )
    kinds = forms.MultipleChoiceField(
        label="Questions to make",
        choices=GENERATE_KIND_CHOICES,
        initial=[Kind.SPOT_CLAIM],
        widget=forms.CheckboxSelectMultiple,
    )
    key_verdicts = forms.MultipleChoiceField(
        label="Sentences in the key",
        choices=Verdict.choices,
        initial=list(KEY_VERDICTS_DEFAULT),
        widget=forms.CheckboxSelectMultiple,
        help_text="Sentences whose claim label has one of these verdicts are the ones to find.",
    )
    points = forms.DecimalField(
        required=False,
        min_value=0.01,
        max_digits=6,
        decimal_places=2,
        help_text="Leave empty for one point per sentence in the key (spot the claim) "
        "and one point per which-sentence question.",
    )

    def __init__(self, *args, quiz: Quiz, label_counts: Mapping[int, Mapping[str, int]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["sections"]
        field.queryset = Section.objects.filter(lesson_id=quiz.lesson_id).order_by("position")
        field.label = f"Sections of “{quiz.lesson.title}”"
        field.label_from_instance = lambda section: _section_label(
            section, label_counts.get(section.pk, {})
        )


def _section_label(section: Section, counts: Mapping[str, int]) -> str:
    """ "2. Geopolitical Benefits — 4 in the key (2 inaccurate, …); 3 supported, 1 opinion"."""
    heading = _section_heading(section)
    keyed = [(v, counts.get(v, 0)) for v in KEY_VERDICTS_DEFAULT if counts.get(v)]
    others = [(v, n) for v, n in counts.items() if v not in KEY_VERDICTS_DEFAULT and n]
    if not keyed and not others:
        return f"{heading} — no labelled sentence"
    size = sum(n for _v, n in keyed)
    parts = [f"{size} in the key" if size else "nothing in the key"]
    if keyed:
        parts[0] += " (" + ", ".join(f"{n} {Verdict(v).label.lower()}" for v, n in keyed) + ")"
    if others:
        ordered = sorted(others, key=lambda item: list(Verdict.values).index(item[0]))
        parts.append(", ".join(f"{n} {Verdict(v).label.lower()}" for v, n in ordered))
    return f"{heading} — " + "; ".join(parts)

"""Is a question consistent with its kind? Checks shared by the admin, the builder and the demo.

A question is only gradable when its parts agree with its kind: a single-choice question
with two right choices, a true/false question without "True", or a spot-the-claim question
whose section has no labelled sentence would each grade nonsense. These checks take plain
values (texts, flags, verdicts) plus the section, so a form can run them before anything
is saved. The one database read is whether the section has claim labels with the chosen
verdicts; callers that already know the section's verdicts pass them in to skip it.

Every refusal is a ``ValidationError`` whose code the tests assert:

==============================  ===========================================================
``unknown_kind``                the kind is none of ``Question.Kind``
``too_few_choices``             a single- or multiple-choice question with under 2 choices
``single_needs_one_correct``    a single-choice question without exactly one right choice
``multiple_needs_a_correct``    a multiple-choice question with no right choice
``true_false_choices``          a true/false question whose choices are not True and False
``true_false_needs_one_correct``  a true/false question without exactly one right choice
``blank_choice``                a choice with no text
``duplicate_choice``            two choices with the same text
``choices_not_used``            choices on a short-answer or spot-the-claim question
``short_answer_needs_answer``   a short answer with no accepted answer and no pattern
``invalid_numeric_answer``      a numerical question's stored value that cannot be read
``numerical_needs_answer``      a numerical question with no value earning full marks
``blank_accepted_answer``       an accepted answer that is only punctuation or space
``invalid_pattern``, ``unsafe_pattern``  see :func:`quizzes.patterns.validate_pattern`
``spot_claim_needs_section``    a spot-the-claim question without a section
``spot_claim_no_verdicts``      a spot-the-claim question counting no verdict at all
``unknown_verdict``             a key verdict that no claim label can have
``spot_claim_empty_key``        no sentence has a label with a key verdict, and some sentence
                                has no label at all (with every sentence labelled, an empty
                                key is deliberate: "flag nothing" is the right answer)
``section_outside_lesson``      the section belongs to another lesson than the quiz
==============================  ===========================================================
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError

from lessons.models import ClaimLabel, Section, Sentence
from quizzes.grading import VERDICTS, normalise_answer
from quizzes.models import Question, Quiz
from quizzes.numbers import invalid_rows, numeric_answers
from quizzes.patterns import validate_pattern

Kind = Question.Kind
# Choice texts a true/false question must have, compared ignoring case and spaces.
TRUE_FALSE_TEXTS = ("true", "false")


def validate_choices(*, kind: str, choices: Sequence[tuple[str, bool]]) -> None:
    """Check a question's choices, given as ``(text, is_correct)`` pairs, against its kind.

    Raises one ``ValidationError`` listing every problem (codes in the module docstring).
    Choice kinds need their choices right; other kinds must have none.
    """
    errors = _choice_errors(kind, choices)
    if errors:
        raise ValidationError(errors)


def validate_question(
    *,
    kind: str,
    choices: Sequence[tuple[str, bool]] | None,
    section: Section | None,
    accepted_answers: Sequence[str],
    answer_pattern: str,
    key_verdicts: Iterable[str],
    lesson_id: int | None = None,
    section_verdicts: Iterable[str | None] | None = None,
    numeric_answers: object = (),
) -> None:
    """Check that a question's parts agree with its kind.

    ``choices`` are ``(text, is_correct)`` pairs, or ``None`` to leave them out (the admin
    checks them in the choice formset, where they are posted). ``lesson_id`` is the
    quiz's lesson: when given, the section must be one of its sections.
    ``section_verdicts``, when given, are the verdicts of the section's sentences (None
    for a sentence with no claim label), so no query is needed to check the
    spot-the-claim key.

    ``numeric_answers`` is a numerical question's stored list of accepted values.

    Raises a ``ValidationError`` keyed by field (``kind``, ``choices``, ``section``,
    ``accepted_answers``, ``answer_pattern``, ``key_verdicts``, ``numeric_answers``)
    listing every problem.
    """
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    if kind not in Kind.values:
        errors["kind"].append(
            ValidationError(
                "Choose a kind of question.", code="unknown_kind", params={"value": kind}
            )
        )
        raise ValidationError(dict(errors))

    if choices is not None:
        errors["choices"].extend(_choice_errors(kind, choices))

    if section is not None and lesson_id is not None and section.lesson_id != lesson_id:
        errors["section"].append(
            ValidationError(
                "Choose a section of this quiz's own lesson.", code="section_outside_lesson"
            )
        )

    if kind == Kind.SHORT_ANSWER:
        _check_short_answer(errors, accepted_answers, answer_pattern)
    elif kind == Kind.NUMERICAL:
        _check_numerical(errors, numeric_answers)
    elif kind == Kind.SPOT_CLAIM:
        _check_spot_claim(errors, section, list(key_verdicts), section_verdicts)

    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def quiz_publication_problems(quiz: Quiz) -> list[str]:
    """What stops a quiz from being published, one sentence per problem; empty when ready.

    A quiz needs at least one question, and every question must pass
    :func:`validate_question`. Runs three queries whatever the number of questions.
    """
    questions = list(quiz.questions.select_related("section").prefetch_related("choices"))
    if not questions:
        return ["It has no questions yet."]
    verdicts_by_section: dict[int, set[str | None]] = defaultdict(set)
    section_ids = {question.section_id for question in questions if question.section_id}
    if section_ids:
        sentences = Sentence.objects.filter(section_id__in=section_ids)
        for section_id, verdict in sentences.values_list("section_id", "label__verdict"):
            verdicts_by_section[section_id].add(verdict)
    problems = []
    for question in questions:
        try:
            validate_question(
                kind=question.kind,
                choices=[(choice.text, choice.is_correct) for choice in question.choices.all()],
                section=question.section,
                accepted_answers=question.accepted_answers,
                answer_pattern=question.answer_pattern,
                key_verdicts=question.key_verdicts,
                lesson_id=quiz.lesson_id,
                section_verdicts=verdicts_by_section.get(question.section_id, set()),
                numeric_answers=question.numeric_answers,
            )
        except ValidationError as error:
            problems.append(f"Question {question.position}: {' '.join(error.messages)}")
    return problems


# --- checks per kind -------------------------------------------------------------------


def _choice_errors(kind: str, choices: Sequence[tuple[str, bool]]) -> list[ValidationError]:
    if kind not in Question.CHOICE_KINDS:
        if choices:
            return [
                ValidationError(
                    "A %(kind)s question has no choices: delete them.",
                    code="choices_not_used",
                    params={"kind": Kind(kind).label.lower() if kind in Kind.values else kind},
                )
            ]
        return []

    errors = []
    texts = [" ".join(str(text).split()) for text, _correct in choices]
    correct = sum(1 for _text, is_correct in choices if is_correct)
    if any(not text for text in texts):
        errors.append(
            ValidationError(
                "Every choice needs a text: fill in or delete the empty one.", code="blank_choice"
            )
        )
    folded = [text.casefold() for text in texts if text]
    if len(set(folded)) < len(folded):
        errors.append(ValidationError("Two choices have the same text.", code="duplicate_choice"))

    if kind == Kind.TRUE_FALSE:
        if sorted(folded) != sorted(TRUE_FALSE_TEXTS) or len(choices) != 2:
            errors.append(
                ValidationError(
                    "A true-or-false question has exactly two choices, “True” and “False”.",
                    code="true_false_choices",
                )
            )
        if correct != 1:
            errors.append(
                ValidationError(
                    "Mark exactly one of “True” and “False” as right.",
                    code="true_false_needs_one_correct",
                )
            )
        return errors

    if len(choices) < 2:
        errors.append(
            ValidationError(
                "A choice question needs at least two choices; this one has %(count)s.",
                code="too_few_choices",
                params={"count": len(choices)},
            )
        )
    if kind == Kind.SINGLE_CHOICE and correct != 1:
        errors.append(
            ValidationError(
                "A single-choice question needs exactly one right choice; this one has "
                "%(count)s. Use multiple choice if several answers are right.",
                code="single_needs_one_correct",
                params={"count": correct},
            )
        )
    if kind == Kind.MULTIPLE_CHOICE and correct == 0:
        errors.append(
            ValidationError(
                "Mark at least one choice of a multiple-choice question as right.",
                code="multiple_needs_a_correct",
            )
        )
    return errors


def _check_short_answer(
    errors: dict[str, list[ValidationError]], accepted_answers: Sequence[str], pattern: str
) -> None:
    if isinstance(accepted_answers, str) or not all(
        isinstance(answer, str) for answer in accepted_answers
    ):
        # A bare string would be read character by character as answers.
        raise TypeError("accepted_answers must be a list of strings")
    pattern_ok = False
    if pattern:
        try:
            validate_pattern(pattern)
            pattern_ok = True
        except ValidationError as error:
            errors["answer_pattern"].extend(error.error_list)
    # An answer that normalises to "" (say "?") never matches anything when grading.
    blank = [answer for answer in accepted_answers if not normalise_answer(answer)]
    if blank:
        errors["accepted_answers"].append(
            ValidationError(
                "An accepted answer must contain a letter or a digit: %(answers)s.",
                code="blank_accepted_answer",
                params={"answers": ", ".join(f"“{answer}”" for answer in blank)},
            )
        )
    usable = len(accepted_answers) - len(blank)
    if not usable and not pattern_ok and not pattern:
        errors["accepted_answers"].append(
            ValidationError(
                "Give at least one accepted answer (or a pattern), or no answer can be right.",
                code="short_answer_needs_answer",
            )
        )


def _check_numerical(errors: dict[str, list[ValidationError]], setting: object) -> None:
    if bad := invalid_rows(setting):
        errors["numeric_answers"].append(
            ValidationError(
                "Accepted value %(rows)s cannot be read: give a number, a tolerance of 0 or "
                "more, and a share of the points from 0 to 100%%.",
                code="invalid_numeric_answer",
                params={"rows": ", ".join(str(row) for row in bad)},
            )
        )
        return
    if not any(a.value is not None and a.fraction == 1 for a in numeric_answers(setting)):
        errors["numeric_answers"].append(
            ValidationError(
                "Give at least one accepted value worth all the points, or no answer can be "
                "fully right.",
                code="numerical_needs_answer",
            )
        )


def _check_spot_claim(
    errors: dict[str, list[ValidationError]],
    section: Section | None,
    key_verdicts: list[str],
    section_verdicts: Iterable[str | None] | None,
) -> None:
    unknown = sorted(set(key_verdicts) - set(VERDICTS))
    if unknown:
        errors["key_verdicts"].append(
            ValidationError(
                "Unknown verdicts: %(verdicts)s.",
                code="unknown_verdict",
                params={"verdicts": ", ".join(unknown)},
            )
        )
        return
    if not key_verdicts:
        errors["key_verdicts"].append(
            ValidationError(
                "Choose at least one verdict whose sentences students must pick.",
                code="spot_claim_no_verdicts",
            )
        )
        return
    if section is None:
        errors["section"].append(
            ValidationError(
                "A spot-the-claim question needs the section whose sentences students read.",
                code="spot_claim_needs_section",
            )
        )
        return
    if section_verdicts is None:
        section_verdicts = Sentence.objects.filter(section_id=section.pk).values_list(
            "label__verdict", flat=True
        )
    verdicts = set(section_verdicts)
    has_key = bool(verdicts & set(key_verdicts))
    # With every sentence labelled and none keyed, "nothing to flag" is the teacher's
    # checked answer (grading scores an empty key); an unlabelled sentence means the
    # labelling is unfinished, and an empty key would then be an accident.
    all_labelled = bool(verdicts) and None not in verdicts
    if not has_key and not all_labelled:
        chosen = ", ".join(ClaimLabel.Verdict(verdict).label.lower() for verdict in key_verdicts)
        errors["section"].append(
            ValidationError(
                "No sentence of “%(section)s” has a claim label with a chosen verdict "
                "(%(verdicts)s), and some of its sentences have no label yet, so there would "
                "be nothing to find. Label every sentence (then “flag nothing” can be the "
                "right answer), or choose other verdicts.",
                code="spot_claim_empty_key",
                params={"section": section.display_heading, "verdicts": chosen},
            )
        )

"""Marking saved responses: what grading needs, gathered as plain values, then graded.

One path for every time a response is marked: when an attempt is submitted
(:mod:`quizzes.services`) and when a question's key or points change after students
answered it (:mod:`quizzes.regrading`). The rules themselves are the pure functions of
:mod:`quizzes.grading`; here their inputs are read in a bounded number of queries
whatever the number of responses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from lessons.models import Sentence
from quizzes import grading
from quizzes.models import Choice, Question, Response, ResponseChoice, ResponseSentence


@dataclass(frozen=True)
class QuestionKey:
    """What grades a question, when it differs from what is stored (a regrade's preview).

    Only the fields given replace the stored ones; ``correct_choices`` names every right
    choice of a choice question.
    """

    points: object = None
    correct_choices: frozenset[int] | None = None
    key_verdicts: tuple[str, ...] | None = None
    accepted_answers: tuple[str, ...] | None = None
    answer_pattern: str | None = None


@dataclass
class _Inputs:
    choices: dict[int, dict[int, bool]] = field(default_factory=lambda: defaultdict(dict))
    labels: dict[int, dict[int, str | None]] = field(default_factory=lambda: defaultdict(dict))
    contested: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    alternatives: dict[int, str] = field(default_factory=dict)
    picked_choices: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    picked_sentences: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    reasons: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))


def _inputs(responses: list[Response], *, picks_filter: Q) -> _Inputs:
    inputs = _Inputs()
    questions = {response.question_id: response.question for response in responses}
    for question_id, choice_id, is_correct in Choice.objects.filter(
        question_id__in=list(questions)
    ).values_list("question_id", "id", "is_correct"):
        inputs.choices[question_id][choice_id] = is_correct
    section_ids = {
        question.section_id
        for question in questions.values()
        if question.kind == Question.Kind.SPOT_CLAIM and question.section_id
    }
    if section_ids:
        for section_id, sentence_id, verdict, contested, alternative in Sentence.objects.filter(
            section_id__in=section_ids
        ).values_list(
            "section_id", "id", "label__verdict", "label__contested", "label__alternative_verdict"
        ):
            inputs.labels[section_id][sentence_id] = verdict
            if contested:
                inputs.contested[section_id].add(sentence_id)
            if alternative:
                inputs.alternatives[sentence_id] = alternative
    for response_id, choice_id in ResponseChoice.objects.filter(picks_filter).values_list(
        "response_id", "choice_id"
    ):
        inputs.picked_choices[response_id].add(choice_id)
    for response_id, sentence_id, reason in ResponseSentence.objects.filter(
        picks_filter
    ).values_list("response_id", "sentence_id", "reason"):
        inputs.picked_sentences[response_id].add(sentence_id)
        inputs.reasons[response_id][sentence_id] = reason
    return inputs


def grade_responses(
    responses: Iterable[Response],
    *,
    picks_filter: Q,
    keys: Mapping[int, QuestionKey] | None = None,
) -> dict[int, grading.Grade]:
    """Each response's grade by response id; ``responses`` come with their ``question``.

    ``picks_filter`` selects the picks of exactly these responses (``Q(response__attempt=
    attempt)`` for one attempt, ``Q(response__question=question)`` for one question), so
    the picks are read in one query per table. ``keys`` (by question id) grade with a key
    or points that are not stored yet. Five queries at most.
    """
    responses = list(responses)
    if not responses:
        return {}
    keys = keys or {}
    inputs = _inputs(responses, picks_filter=picks_filter)
    grades: dict[int, grading.Grade] = {}
    for response in responses:
        question = response.question
        key = keys.get(question.pk, QuestionKey())
        choices = inputs.choices[question.pk]
        if key.correct_choices is not None:
            choices = {choice_id: choice_id in key.correct_choices for choice_id in choices}
        section = question.section_id
        grades[response.pk] = grading.grade(
            question.kind,
            max_points=key.points if key.points is not None else question.points,
            selected_choices=frozenset(inputs.picked_choices[response.pk]),
            choices=choices,
            selected_sentences=frozenset(inputs.picked_sentences[response.pk]),
            sentence_labels=inputs.labels[section] if section else {},
            key_verdicts=(
                key.key_verdicts if key.key_verdicts is not None else question.key_verdicts
            ),
            contested=inputs.contested[section] if section else frozenset(),
            reasons=inputs.reasons[response.pk] if question.ask_reasons else None,
            reason_credit=question.reason_credit,
            alternative_verdicts=inputs.alternatives,
            text=response.text,
            accepted=(
                list(key.accepted_answers)
                if key.accepted_answers is not None
                else question.accepted_answers
            ),
            pattern=key.answer_pattern
            if key.answer_pattern is not None
            else question.answer_pattern,
            numeric=question.numeric_answers,
        )
    return grades

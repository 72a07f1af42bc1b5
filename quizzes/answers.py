"""A student's answers: what one is, the rules it must meet, and writing it into responses.

An :class:`Answer` is the whole answer to one question as posted (it replaces what was
saved). :func:`answers_write` checks every answer of a save against the attempt's
questions and refuses the whole save with a coded ``ValidationError`` if one breaks a
rule, then replaces the saved picks and texts. Locking, the time limit and the attempt's
state are the caller's: :func:`quizzes.services.attempt_save_answers` calls this on the
locked attempt row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError

from lessons.models import Sentence
from quizzes.models import (
    MAX_TEXT_LENGTH,
    Attempt,
    Choice,
    Question,
    Response,
    ResponseChoice,
    ResponseSentence,
)


@dataclass(frozen=True)
class Answer:
    """A student's whole answer to one question, as posted: it replaces what was saved.

    ``reasons`` maps a picked sentence's id to why the student picked it (a value of
    ``ResponseSentence.Reason``); a reason for a sentence that is not picked is dropped.
    """

    choice_ids: frozenset[int] = field(default_factory=frozenset)
    sentence_ids: frozenset[int] = field(default_factory=frozenset)
    text: str = ""
    reasons: Mapping[int, str] = field(default_factory=dict, hash=False)


def answers_write(
    *, attempt: Attempt, answers: Mapping[int, Answer], now: datetime
) -> list[Response]:
    """Validate every answer, then replace the saved ones; return the saved responses.

    ``answers`` maps question ids to answers; ``attempt`` is the locked row of an attempt
    in progress. Refusal codes (nothing is written): ``unknown_question``,
    ``invalid_choice``, ``too_many_choices``, ``invalid_sentence``, ``invalid_text``,
    ``text_too_long``, ``unsavable_character``, ``invalid_reason`` (see
    :func:`quizzes.services.response_save`). Bounded queries whatever the number of
    answers.

    Reasons are stored with the picked sentences of a spot-the-claim question that asks
    why; on other questions (or for a sentence not picked) they are left out, so a page
    opened before the teacher changed the question still saves its picks.
    """
    # An id beyond a 64-bit id (a tampered URL) matches nothing, and SQLite would raise
    # OverflowError on it: leave it out of the query; it is refused below as unknown.
    possible_ids = [qid for qid in answers if 0 < qid < 2**63]
    responses = {
        response.question_id: response
        for response in Response.objects.filter(
            attempt=attempt, question_id__in=possible_ids
        ).select_related("question")
    }
    if missing := [qid for qid in answers if qid not in responses]:
        raise ValidationError(
            "That question is not part of this attempt. Nothing was saved.",
            code="unknown_question",
            params={"question_ids": missing},
        )
    questions = [response.question for response in responses.values()]

    choices_by_question: dict[int, set[int]] = defaultdict(set)
    wanted_choices = set().union(*(a.choice_ids for a in answers.values()))
    if wanted_choices:
        for question_id, choice_id in Choice.objects.filter(
            question_id__in=[q.pk for q in questions], pk__in=wanted_choices
        ).values_list("question_id", "id"):
            choices_by_question[question_id].add(choice_id)

    sentences_by_section: dict[int, set[int]] = defaultdict(set)
    wanted_sentences = set().union(*(a.sentence_ids for a in answers.values()))
    section_ids = {q.section_id for q in questions if q.section_id}
    if wanted_sentences and section_ids:
        for section_id, sentence_id in Sentence.objects.filter(
            section_id__in=section_ids, pk__in=wanted_sentences
        ).values_list("section_id", "id"):
            sentences_by_section[section_id].add(sentence_id)

    for question_id, answer in answers.items():
        _validate_answer(
            responses[question_id].question,
            answer,
            choices_by_question[question_id],
            sentences_by_section,
        )

    # Replace each picked set wholesale: delete then insert inside this transaction.
    saved = [responses[question_id] for question_id in answers]
    # Each question keeps its picks in one table: clear only the tables these questions use.
    choice_responses = [r.pk for r in saved if r.question.is_choice_kind]
    sentence_responses = [r.pk for r in saved if r.question.kind == Question.Kind.SPOT_CLAIM]
    if choice_responses:
        ResponseChoice.objects.filter(response_id__in=choice_responses).delete()
    if sentence_responses:
        ResponseSentence.objects.filter(response_id__in=sentence_responses).delete()
    new_choices = [
        ResponseChoice(response_id=responses[qid].pk, choice_id=choice_id)
        for qid, answer in answers.items()
        for choice_id in sorted(answer.choice_ids)
    ]
    new_sentences = [
        ResponseSentence(
            response_id=responses[qid].pk,
            sentence_id=sentence_id,
            reason=_reason(responses[qid].question, answer, sentence_id),
        )
        for qid, answer in answers.items()
        for sentence_id in sorted(answer.sentence_ids)
    ]
    if new_choices:
        ResponseChoice.objects.bulk_create(new_choices)
    if new_sentences:
        ResponseSentence.objects.bulk_create(new_sentences)
    for question_id, answer in answers.items():
        response = responses[question_id]
        response.text = answer.text
        response.answered = bool(answer.choice_ids or answer.sentence_ids or answer.text.strip())
        response.saved_at = now
    if len(saved) == 1:  # the common autosave: a plain UPDATE compiles far faster
        (response,) = saved
        Response.objects.filter(pk=response.pk).update(
            text=response.text, answered=response.answered, saved_at=now
        )
    else:
        Response.objects.bulk_update(saved, ["text", "answered", "saved_at"])
    return saved


def _reason(question: Question, answer: Answer, sentence_id: int) -> str:
    """The reason stored with a pick: the one given, when the question asks why."""
    if question.kind != Question.Kind.SPOT_CLAIM or not question.ask_reasons:
        return ""
    return answer.reasons.get(sentence_id, "")


def _validate_answer(
    question: Question,
    answer: Answer,
    valid_choices: set[int],
    sentences_by_section: Mapping[int, set[int]],
) -> None:
    number = question.position
    if any(reason not in ResponseSentence.Reason.values for reason in answer.reasons.values()):
        raise ValidationError(
            "That reason is not one of the reasons offered. Nothing was saved.",
            code="invalid_reason",
            params={"number": number},
        )
    if answer.choice_ids:
        if not question.is_choice_kind or not answer.choice_ids <= valid_choices:
            raise ValidationError(
                "That choice does not belong to this question. Nothing was saved.",
                code="invalid_choice",
                params={"number": number},
            )
        single = question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.TRUE_FALSE)
        if single and len(answer.choice_ids) > 1:
            raise ValidationError(
                "This question takes one answer only. Nothing was saved.",
                code="too_many_choices",
                params={"number": number},
            )
    if answer.sentence_ids:
        in_section = sentences_by_section.get(question.section_id, set())
        if question.kind != Question.Kind.SPOT_CLAIM or not answer.sentence_ids <= in_section:
            raise ValidationError(
                "That sentence is not part of this question's passage. Nothing was saved.",
                code="invalid_sentence",
                params={"number": number},
            )
    if answer.text:
        if question.kind not in (Question.Kind.SHORT_ANSWER, Question.Kind.NUMERICAL):
            raise ValidationError(
                "This question does not take a typed answer. Nothing was saved.",
                code="invalid_text",
                params={"number": number},
            )
        if "\x00" in answer.text:
            raise ValidationError(
                "The answer contains a character that cannot be saved. Nothing was saved.",
                code="unsavable_character",
                params={"number": number},
            )
        if len(answer.text) > MAX_TEXT_LENGTH:
            raise ValidationError(
                "Answers can be at most %(limit)s characters long. Nothing was saved.",
                code="text_too_long",
                params={"limit": MAX_TEXT_LENGTH, "number": number},
            )

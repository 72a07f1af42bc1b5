"""Writes of the quizzes app: starting, answering and submitting attempts.

Every function is keyword-only, runs under ``transaction.atomic`` and refuses bad input
with ``ValidationError(message, code=...)`` before writing anything, so a refusal never
leaves a half-written answer.

Concurrency. A student may double-click "Start", open the quiz in two tabs, or submit
from both at once. ``attempt_start`` serialises a student's starts by locking their
enrollment row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite serialises writes
anyway), and the partial unique constraint ``one_open_attempt_per_student`` is the last
guard. ``attempt_submit`` and the answer savers lock the attempt row, so a save either
lands before grading or is refused as "attempt_closed": an answer is never silently
dropped after it was acknowledged.

Time limit. An attempt with a deadline accepts answers until ``deadline_at + GRACE``
(the grace absorbs network latency and the last autosave). Any write touching an attempt
past that moment submits it as it stood, with ``submitted_at = deadline_at`` and
``auto_submitted = True``, and the write itself is refused with code ``time_up``.

Late work. Like Moodle without a "close" date, a student may start and submit after the
assignment's due date; such attempts are flagged by ``Attempt.is_late`` (submitted after
``due_at``), not refused.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from lessons.models import Assignment, Enrollment, Sentence
from lessons.selectors import assignment_get_for_student
from quizzes import grading
from quizzes.models import (
    Attempt,
    Choice,
    Question,
    Quiz,
    Response,
    ResponseChoice,
    ResponseSentence,
)
from quizzes.selectors import attempt_picks

#: Answers are accepted this long after an attempt's deadline (latency, last autosave).
GRACE = timedelta(seconds=30)

#: The longest short answer a student may type (the model's column is this wide).
MAX_TEXT_LENGTH = 500

TIME_UP_MESSAGE = "Time is up: your attempt was submitted with the answers saved before the limit."
ATTEMPT_CLOSED_MESSAGE = (
    "This attempt has already been submitted, so its answers can no longer be changed."
)
NOT_YOUR_ATTEMPT_MESSAGE = "There is no attempt of yours at this address."

# Seeds fit a PositiveIntegerField on every database.
_SEED_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class Answer:
    """A student's whole answer to one question, as posted: it replaces what was saved."""

    choice_ids: frozenset[int] = field(default_factory=frozenset)
    sentence_ids: frozenset[int] = field(default_factory=frozenset)
    text: str = ""


# --- helpers -------------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def attempt_is_expired(attempt: Attempt, now: datetime) -> bool:
    """Whether an attempt in progress is past its deadline plus the grace period."""
    return (
        attempt.status == Attempt.Status.IN_PROGRESS
        and attempt.deadline_at is not None
        and now > attempt.deadline_at + GRACE
    )


def _check_owner(attempt: Attempt, student) -> None:
    if attempt.student_id != student.pk:
        raise Http404(NOT_YOUR_ATTEMPT_MESSAGE)


def _lock_attempt(attempt: Attempt) -> Attempt:
    # Lock only the attempt row (no joins), so PostgreSQL's FOR UPDATE stays narrow.
    return Attempt.objects.select_for_update().get(pk=attempt.pk)


def _copy_state(target: Attempt, source: Attempt) -> None:
    """Bring the caller's (possibly stale) instance up to date with the locked row."""
    for name in ("status", "submitted_at", "auto_submitted", "score", "max_score"):
        setattr(target, name, getattr(source, name))


def _ids(values: Iterable[int] | None) -> frozenset[int]:
    return frozenset(int(value) for value in values or ())


# --- grading -------------------------------------------------------------------------


def grade_response(
    *,
    question: Question,
    picked_choices: frozenset[int],
    picked_sentences: frozenset[int],
    text: str,
    choices: Mapping[int, bool],
    section_labels: Mapping[int, str | None],
) -> grading.Grade:
    """Grade one response with the pure rules of :mod:`quizzes.grading`.

    ``choices`` maps each of the question's choice ids to its correctness;
    ``section_labels`` maps each sentence id of the question's section to its claim
    label's verdict (None when unlabelled).
    """
    points = question.points
    correct_choices = {choice_id for choice_id, right in choices.items() if right}
    kind = question.kind
    if kind == Question.Kind.SINGLE_CHOICE:
        return grading.grade_single_choice(
            selected=picked_choices, correct=correct_choices, max_points=points
        )
    if kind == Question.Kind.TRUE_FALSE:
        return grading.grade_true_false(
            selected=picked_choices, correct=correct_choices, max_points=points
        )
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return grading.grade_selection(
            selected=picked_choices & set(choices),
            correct=correct_choices,
            options=set(choices),
            max_points=points,
        )
    if kind == Question.Kind.SHORT_ANSWER:
        accepted = question.accepted_answers if isinstance(question.accepted_answers, list) else []
        return grading.grade_short_answer(
            text=text,
            accepted=[str(option) for option in accepted],
            pattern=question.answer_pattern,
            max_points=points,
        )
    if kind == Question.Kind.SPOT_CLAIM:
        verdicts = grading.effective_key_verdicts(question.key_verdicts)
        labels = {sid: verdict for sid, verdict in section_labels.items() if verdict}
        options = set(section_labels)
        return grading.grade_selection(
            selected=picked_sentences & options,
            correct=grading.spot_claim_key(labels, verdicts),
            options=options,
            max_points=points,
        )
    raise ValueError(f"no grading rule for question kind {kind!r}")


def _grade_and_close(attempt: Attempt, *, submitted_at: datetime, auto: bool) -> None:
    """Grade every response of a locked attempt and mark it submitted (bounded queries)."""
    responses = list(Response.objects.filter(attempt=attempt).select_related("question"))
    picked_choices, picked_sentences = attempt_picks(attempt)

    question_ids = [response.question_id for response in responses]
    choices: dict[int, dict[int, bool]] = defaultdict(dict)
    for question_id, choice_id, is_correct in Choice.objects.filter(
        question_id__in=question_ids
    ).values_list("question_id", "id", "is_correct"):
        choices[question_id][choice_id] = is_correct

    section_ids = {
        response.question.section_id
        for response in responses
        if response.question.kind == Question.Kind.SPOT_CLAIM
    }
    labels: dict[int, dict[int, str | None]] = defaultdict(dict)
    if section_ids:
        for section_id, sentence_id, verdict in Sentence.objects.filter(
            section_id__in=section_ids
        ).values_list("section_id", "id", "label__verdict"):
            labels[section_id][sentence_id] = verdict

    for response in responses:
        question = response.question
        grade = grade_response(
            question=question,
            picked_choices=frozenset(picked_choices[response.pk]),
            picked_sentences=frozenset(picked_sentences[response.pk]),
            text=response.text,
            choices=choices[question.pk],
            section_labels=labels[question.section_id] if question.section_id else {},
        )
        response.fraction = grade.fraction
        response.points = grade.points
    if responses:
        Response.objects.bulk_update(responses, ["fraction", "points"])

    attempt.score = grading.total_points(response.final_points or 0 for response in responses)
    attempt.max_score = sum((r.question.points for r in responses), Decimal("0.00"))
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = submitted_at
    attempt.auto_submitted = auto
    attempt.save(update_fields=["score", "max_score", "status", "submitted_at", "auto_submitted"])


# --- starting ------------------------------------------------------------------------


def attempt_start(
    *, quiz: Quiz, assignment: Assignment, student, now: datetime | None = None
) -> Attempt:
    """Start an attempt at a quiz under an assignment, or resume the open one.

    The student must be enrolled in the assignment's class and the assignment open
    (``Http404`` / ``PermissionDenied`` from :func:`assignment_get_for_student`); the
    quiz must be published and belong to the assigned lesson (code
    ``quiz_unavailable``) and have questions (``quiz_empty``). An open attempt is
    returned as it is, so a double click or a second tab never creates a second one;
    an open attempt past its time limit is submitted first. A new attempt beyond
    ``attempts_allowed`` is refused with code ``no_attempts_left``. Starting after the
    due date is allowed (the attempt will count as late).

    A new attempt gets the next number for (assignment, quiz, student), a deadline
    when the quiz is timed, a random seed for its shuffled order, and one empty
    Response per question.
    """
    now = _now(now)
    assignment = assignment_get_for_student(assignment_id=assignment.pk, student=student)
    if quiz.status != Quiz.Status.PUBLISHED or quiz.lesson_id != assignment.lesson_id:
        raise ValidationError(
            "This quiz is not part of this assignment, or it is not published yet.",
            code="quiz_unavailable",
        )
    try:
        with transaction.atomic():
            attempt, refusal = _attempt_start_locked(
                quiz=quiz, assignment=assignment, student=student, now=now
            )
    except IntegrityError:
        # The lock makes this unreachable on PostgreSQL; it guards other databases and
        # any future path that skips the lock.
        existing = _open_attempt(quiz=quiz, assignment=assignment, student=student)
        if existing is not None:
            return existing
        raise ValidationError(
            "Another start of this quiz happened at the same moment. Try again.",
            code="start_conflict",
        ) from None
    if refusal is not None:
        raise refusal
    return attempt


def _open_attempt(*, quiz: Quiz, assignment: Assignment, student) -> Attempt | None:
    return Attempt.objects.filter(
        quiz=quiz, assignment=assignment, student=student, status=Attempt.Status.IN_PROGRESS
    ).first()


def _attempt_start_locked(
    *, quiz: Quiz, assignment: Assignment, student, now: datetime
) -> tuple[Attempt | None, ValidationError | None]:
    """The start itself, under the enrollment lock.

    Returns (attempt, None) or (None, refusal): the refusal is raised by the caller after
    the transaction commits, so closing an expired attempt on the way is not rolled back.
    """
    # Serialise this student's starts: concurrent requests queue here and each then
    # sees the attempts the previous one created.
    locked = list(
        Enrollment.objects.select_for_update()
        .filter(classroom_id=assignment.classroom_id, student=student)
        .values_list("pk", flat=True)
    )
    if not locked:  # unenrolled between the permission check and the lock
        raise Http404("This reading is not assigned to any of your classes.")

    attempts = list(Attempt.objects.filter(quiz=quiz, assignment=assignment, student=student))
    for existing in attempts:
        if existing.status != Attempt.Status.IN_PROGRESS:
            continue
        if not attempt_is_expired(existing, now):
            return existing, None
        row = _lock_attempt(existing)
        if row.status == Attempt.Status.IN_PROGRESS:
            _grade_and_close(row, submitted_at=row.deadline_at, auto=True)
        _copy_state(existing, row)

    if quiz.attempts_allowed is not None and len(attempts) >= quiz.attempts_allowed:
        used = len(attempts)
        return None, ValidationError(
            f"You have used all {used} attempt{'s' if used != 1 else ''} allowed for this quiz.",
            code="no_attempts_left",
        )
    question_ids = list(quiz.questions.order_by("position").values_list("pk", flat=True))
    if not question_ids:
        return None, ValidationError("This quiz has no questions yet.", code="quiz_empty")

    deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    attempt = Attempt.objects.create(
        quiz=quiz,
        assignment=assignment,
        student=student,
        number=max((a.number for a in attempts), default=0) + 1,
        status=Attempt.Status.IN_PROGRESS,
        started_at=now,
        deadline_at=deadline,
        seed=secrets.randbelow(_SEED_LIMIT),
    )
    Response.objects.bulk_create(
        [Response(attempt=attempt, question_id=question_id) for question_id in question_ids]
    )
    return attempt, None


# --- answering -----------------------------------------------------------------------


def response_save(
    *,
    attempt: Attempt,
    student,
    question_id: int,
    choice_ids: Iterable[int] = (),
    sentence_ids: Iterable[int] = (),
    text: str = "",
    now: datetime | None = None,
) -> Response:
    """Save a student's answer to one question of an attempt, replacing the saved one.

    Refusals (nothing is changed): not the student's attempt (``Http404``); attempt
    already submitted (``attempt_closed``, or ``time_up`` when the time limit submitted
    it); question not in the attempt
    (``unknown_question``); a choice of another question or on a question without
    choices (``invalid_choice``); two choices on a single-choice or true/false question
    (``too_many_choices``); a sentence outside the question's section or on a question
    that is not spot-the-claim (``invalid_sentence``); text on a question that is not a
    short answer (``invalid_text``) or longer than :data:`MAX_TEXT_LENGTH`
    (``text_too_long``). Past the deadline plus :data:`GRACE` the attempt is submitted as
    it stood and the save is refused with ``time_up``.

    Saving the same answer twice leaves the same state (only ``saved_at`` moves).
    """
    answer = Answer(choice_ids=_ids(choice_ids), sentence_ids=_ids(sentence_ids), text=text or "")
    saved = attempt_save_answers(
        attempt=attempt, student=student, answers={int(question_id): answer}, now=now
    )
    return saved[0]


def attempt_save_answers(
    *,
    attempt: Attempt,
    student,
    answers: Mapping[int, Answer],
    now: datetime | None = None,
) -> list[Response]:
    """Save answers to several questions of an attempt at once, all or none.

    The page's "Save answers" button (without JavaScript) posts every question shown;
    the rules and refusal codes are those of :func:`response_save`, and one bad answer
    refuses the whole save. Returns the saved responses in the order of ``answers``.
    """
    _check_owner(attempt, student)
    now = _now(now)
    time_up = False
    with transaction.atomic():
        locked = _lock_attempt(attempt)
        if locked.status == Attempt.Status.SUBMITTED:
            _copy_state(attempt, locked)
            # A second tab still open after the time ran out hears why, not just "closed".
            if locked.auto_submitted:
                raise ValidationError(TIME_UP_MESSAGE, code="time_up")
            raise ValidationError(ATTEMPT_CLOSED_MESSAGE, code="attempt_closed")
        if attempt_is_expired(locked, now):
            _grade_and_close(locked, submitted_at=locked.deadline_at, auto=True)
            time_up = True
        else:
            saved = _write_answers(locked, answers, now)
    _copy_state(attempt, locked)
    if time_up:
        raise ValidationError(TIME_UP_MESSAGE, code="time_up")
    return saved


def _write_answers(
    attempt: Attempt, answers: Mapping[int, Answer], now: datetime
) -> list[Response]:
    """Validate every answer, then replace the saved ones (bounded queries)."""
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
    response_ids = [response.pk for response in saved]
    ResponseChoice.objects.filter(response_id__in=response_ids).delete()
    ResponseSentence.objects.filter(response_id__in=response_ids).delete()
    new_choices = [
        ResponseChoice(response_id=responses[qid].pk, choice_id=choice_id)
        for qid, answer in answers.items()
        for choice_id in sorted(answer.choice_ids)
    ]
    new_sentences = [
        ResponseSentence(response_id=responses[qid].pk, sentence_id=sentence_id)
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
    Response.objects.bulk_update(saved, ["text", "answered", "saved_at"])
    return saved


def _validate_answer(
    question: Question,
    answer: Answer,
    valid_choices: set[int],
    sentences_by_section: Mapping[int, set[int]],
) -> None:
    number = question.position
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
        if question.kind != Question.Kind.SHORT_ANSWER:
            raise ValidationError(
                "This question does not take a typed answer. Nothing was saved.",
                code="invalid_text",
                params={"number": number},
            )
        if len(answer.text) > MAX_TEXT_LENGTH or "\x00" in answer.text:
            raise ValidationError(
                "Answers can be at most %(limit)s characters long. Nothing was saved.",
                code="text_too_long",
                params={"limit": MAX_TEXT_LENGTH, "number": number},
            )


# --- submitting ----------------------------------------------------------------------


def attempt_submit(*, attempt: Attempt, student, now: datetime | None = None) -> Attempt:
    """Submit an attempt and grade every response; submitting again changes nothing.

    The attempt row is locked first, so twenty simultaneous submits grade it once and
    the rest return it unchanged. Past the deadline plus :data:`GRACE` the attempt is
    submitted as it stood at the deadline (``auto_submitted``). Raises ``Http404`` when
    the attempt is not the student's.
    """
    _check_owner(attempt, student)
    now = _now(now)
    with transaction.atomic():
        locked = _lock_attempt(attempt)
        if locked.status == Attempt.Status.IN_PROGRESS:
            if attempt_is_expired(locked, now):
                _grade_and_close(locked, submitted_at=locked.deadline_at, auto=True)
            else:
                _grade_and_close(locked, submitted_at=now, auto=False)
    _copy_state(attempt, locked)
    return attempt


def attempt_close_if_expired(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Submit an attempt whose time ran out (deadline plus grace), as it stood.

    Returns True when the attempt is submitted by the time limit (by this call or an
    earlier one), False when it is still open or was submitted by the student. Cheap
    when nothing is due: no query unless the in-memory row looks expired.
    """
    now = _now(now)
    if attempt.status == Attempt.Status.SUBMITTED:
        return attempt.auto_submitted
    if not attempt_is_expired(attempt, now):
        return False
    with transaction.atomic():
        locked = _lock_attempt(attempt)
        if attempt_is_expired(locked, now):
            _grade_and_close(locked, submitted_at=locked.deadline_at, auto=True)
    _copy_state(attempt, locked)
    return attempt.auto_submitted

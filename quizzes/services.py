"""Writes of the quizzes app: starting, answering and submitting attempts.

Every function is keyword-only, runs under ``transaction.atomic`` and refuses before
writing anything, so a refusal never leaves a half-written answer: bad input with
``ValidationError(message, code=...)``, the attempt's state with
:class:`lessons.refusals.Conflict` (``attempt_closed``, ``time_up``, ``no_attempts_left``,
...), someone else's attempt with :class:`lessons.refusals.NotFound`. What an answer may
hold is checked by :mod:`quizzes.answers`; the points each response earns come from
:mod:`quizzes.grading`.

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
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lessons.locking import lock, lock_rows
from lessons.models import Assignment, Enrollment
from lessons.refusals import Conflict, NotFound
from lessons.selectors import assignment_get_for_student
from quizzes import grading
from quizzes.answers import Answer, answers_write
from quizzes.marking import grade_responses
from quizzes.models import Attempt, Quiz, Response
from quizzes.selectors import attempt_get_for_student

#: Answers are accepted this long after an attempt's deadline (latency, last autosave).
GRACE = timedelta(seconds=30)

TIME_UP_MESSAGE = "Time is up: your attempt was submitted with the answers saved before the limit."
ATTEMPT_CLOSED_MESSAGE = (
    "This attempt has already been submitted, so its answers can no longer be changed."
)
NOT_YOUR_ATTEMPT_MESSAGE = "There is no attempt of yours at this address."

# Seeds fit a PositiveIntegerField on every database.
_SEED_LIMIT = 2**31 - 1


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
        raise NotFound(NOT_YOUR_ATTEMPT_MESSAGE, code="not_your_attempt")


def _lock_attempt(attempt: Attempt) -> Attempt:
    # Lock only the attempt row (no joins), so PostgreSQL's FOR UPDATE stays narrow.
    return lock(attempt)


def _copy_state(target: Attempt, source: Attempt) -> None:
    """Bring the caller's (possibly stale) instance up to date with the locked row."""
    for name in ("status", "submitted_at", "auto_submitted", "score", "max_score"):
        setattr(target, name, getattr(source, name))


def _ids(values: Iterable[int] | None) -> frozenset[int]:
    return frozenset(int(value) for value in values or ())


# --- grading an attempt ------------------------------------------------------------


def _grade_and_close(attempt: Attempt, *, submitted_at: datetime, auto: bool) -> None:
    """Grade every response of a locked attempt and mark it submitted (bounded queries:
    :func:`quizzes.marking.grade_responses`)."""
    responses = list(Response.objects.filter(attempt=attempt).select_related("question"))
    grades = grade_responses(responses, picks_filter=Q(response__attempt=attempt))
    for response in responses:
        response.fraction = grades[response.pk].fraction
        response.points = grades[response.pk].points
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
    (``NotFound`` / ``NotAllowed`` from :func:`assignment_get_for_student`); the
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
        raise Conflict(
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
        raise Conflict(
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
) -> tuple[Attempt | None, Conflict | None]:
    """The start itself, under the enrollment lock.

    Returns (attempt, None) or (None, refusal): the refusal is raised by the caller after
    the transaction commits, so closing an expired attempt on the way is not rolled back.
    """
    # Serialise this student's starts: concurrent requests queue here and each then
    # sees the attempts the previous one created.
    locked = lock_rows(
        Enrollment.objects.filter(classroom_id=assignment.classroom_id, student=student)
    )
    if not locked:  # unenrolled between the permission check and the lock
        raise NotFound("This reading is not assigned to any of your classes.", code="not_assigned")

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
        return None, Conflict(
            f"You have used all {used} attempt{'s' if used != 1 else ''} allowed for this quiz.",
            code="no_attempts_left",
        )
    question_ids = list(quiz.questions.order_by("position").values_list("pk", flat=True))
    if not question_ids:
        return None, Conflict("This quiz has no questions yet.", code="quiz_empty")

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

    Refusals (nothing is changed): not the student's attempt (``NotFound``); attempt
    already submitted (``attempt_closed``, or ``time_up`` when the time limit submitted
    it); question not in the attempt (``unknown_question``); a choice of another question
    or on a question without choices (``invalid_choice``); two choices on a single-choice
    or true/false question (``too_many_choices``); a sentence outside the question's
    section or on a question that is not spot-the-claim (``invalid_sentence``); text on a
    question that takes no typed answer (``invalid_text``) or longer than
    :data:`quizzes.models.MAX_TEXT_LENGTH` (``text_too_long``), as
    :func:`quizzes.answers.answers_write` checks them. Past the deadline plus
    :data:`GRACE` the attempt is submitted as it stood and the save is refused with
    ``time_up``.

    Saving the same answer twice leaves the same state (only ``saved_at`` moves).
    """
    answer = Answer(choice_ids=_ids(choice_ids), sentence_ids=_ids(sentence_ids), text=text or "")
    saved = attempt_save_answers(
        attempt=attempt, student=student, answers={int(question_id): answer}, now=now
    )
    return saved[0]


def attempt_save_answers(
    *,
    student,
    answers: Mapping[int, Answer],
    attempt: Attempt | None = None,
    attempt_id: int | None = None,
    now: datetime | None = None,
) -> list[Response]:
    """Save answers to several questions of an attempt at once, all or none.

    The attempt is given as an object or by id: either way it is read again under a
    lock, with its permission check, in the transaction of the save (one query:
    :func:`quizzes.selectors.attempt_get_for_student`), so the autosave of a class needs
    no other read. The page's "Save answers" button (without JavaScript) posts every
    question shown; the rules and refusal codes are those of :func:`response_save`, and
    one bad answer refuses the whole save. Returns the saved responses in the order of
    ``answers``.
    """
    attempt_id = attempt.pk if attempt is not None else attempt_id
    now = _now(now)
    time_up = False
    with transaction.atomic():
        locked = attempt_get_for_student(attempt_id=attempt_id, student=student, lock=True)
        if locked.status == Attempt.Status.SUBMITTED:
            if attempt is not None:
                _copy_state(attempt, locked)
            # A second tab still open after the time ran out hears why, not just "closed".
            if locked.auto_submitted:
                raise Conflict(TIME_UP_MESSAGE, code="time_up")
            raise Conflict(ATTEMPT_CLOSED_MESSAGE, code="attempt_closed")
        if attempt_is_expired(locked, now):
            _grade_and_close(locked, submitted_at=locked.deadline_at, auto=True)
            time_up = True
        else:
            saved = answers_write(attempt=locked, answers=answers, now=now)
    if attempt is not None:
        _copy_state(attempt, locked)
    if time_up:
        raise Conflict(TIME_UP_MESSAGE, code="time_up")
    return saved


# --- submitting ----------------------------------------------------------------------


def attempt_submit(*, attempt: Attempt, student, now: datetime | None = None) -> Attempt:
    """Submit an attempt and grade every response; submitting again changes nothing.

    The attempt row is locked first, so twenty simultaneous submits grade it once and
    the rest return it unchanged. Past the deadline plus :data:`GRACE` the attempt is
    submitted as it stood at the deadline (``auto_submitted``). Raises ``NotFound`` when
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

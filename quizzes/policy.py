"""What a student may see of a submitted attempt, and when: the quiz's review policy.

Pure functions over the quiz's settings, the assignment's due date, the attempt and the
current time. Views and selectors ask these before putting a score, a key, an explanation
or a claim label into a student's page, so the rule lives in one tested place; the
student's quiz grade, wherever a student sees it, comes from :func:`visible_grade`.

A quiz sets two things (see ``Quiz.review_score`` and ``Quiz.review_answers``):

* the score: ``immediately`` (once the attempt is submitted) or ``after_due`` (once the
  assignment's due date has passed);
* answers, explanations, choice feedback and claim labels: ``immediately``,
  ``after_due`` or ``never``.

Nothing is shown for an attempt still in progress, whatever the policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from quizzes.grading import combine_attempt_grades

IMMEDIATELY = "immediately"
AFTER_DUE = "after_due"
NEVER = "never"


class _Quiz(Protocol):
    review_score: str
    review_answers: str


class _Assignment(Protocol):
    due_at: datetime


class _Attempt(Protocol):
    status: str


class _GradedQuiz(_Quiz, Protocol):
    grading_method: str


class _ScoredAttempt(_Attempt, Protocol):
    score: Decimal | None
    max_score: Decimal


def _is_submitted(attempt: _Attempt | None) -> bool:
    return attempt is not None and attempt.status == "submitted"


def _released(setting: str, due_at: datetime, now: datetime) -> bool:
    if setting == IMMEDIATELY:
        return True
    if setting == AFTER_DUE:
        return now >= due_at
    # "never", and any value this module does not know, withholds: failing closed keeps
    # a key from leaking because of a typo in a setting.
    return False


def can_see_score(
    quiz: _Quiz, assignment: _Assignment, attempt: _Attempt | None, now: datetime
) -> bool:
    """Whether the student may see this attempt's score (and their quiz grade) now."""
    return _is_submitted(attempt) and _released(quiz.review_score, assignment.due_at, now)


def can_see_answers(
    quiz: _Quiz, assignment: _Assignment, attempt: _Attempt | None, now: datetime
) -> bool:
    """Whether the student may see the right answers, explanations, feedback and labels now."""
    return _is_submitted(attempt) and _released(quiz.review_answers, assignment.due_at, now)


def score_available_at(quiz: _Quiz, assignment: _Assignment) -> datetime | None:
    """When a withheld score will be released: the due date, or None if it is not withheld
    by date (shown right after submitting)."""
    return assignment.due_at if quiz.review_score == AFTER_DUE else None


def answers_available_at(quiz: _Quiz, assignment: _Assignment) -> datetime | None:
    """When withheld answers will be released: the due date for ``after_due``, else None
    (``immediately`` needs no date; ``never`` has none)."""
    return assignment.due_at if quiz.review_answers == AFTER_DUE else None


def visible_grade(
    quiz: _GradedQuiz,
    assignment: _Assignment,
    submitted: Sequence[_ScoredAttempt],
    now: datetime,
) -> tuple[Decimal | None, Decimal | None]:
    """The student's quiz grade and its maximum, or (None, None) until every submitted
    attempt's score is released (or when there is none).

    ``submitted`` are the student's submitted attempts in order; the grade combines their
    scores by the quiz's grading method, and the maximum is the latest attempt's.
    """
    if not submitted or not all(can_see_score(quiz, assignment, a, now) for a in submitted):
        return None, None
    grade = combine_attempt_grades([a.score for a in submitted], quiz.grading_method)
    return grade, submitted[-1].max_score

"""Review policy: what a student may see of a submitted attempt, and when."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from quizzes.policy import (
    answers_available_at,
    can_see_answers,
    can_see_score,
    score_available_at,
    visible_grade,
)

DUE = datetime(2025, 12, 5, 9, 0, tzinfo=UTC)
BEFORE = DUE - timedelta(minutes=1)
AFTER = DUE + timedelta(minutes=1)

ASSIGNMENT = SimpleNamespace(due_at=DUE)
SUBMITTED = SimpleNamespace(status="submitted")
IN_PROGRESS = SimpleNamespace(status="in_progress")


def quiz(score="immediately", answers="immediately"):
    return SimpleNamespace(review_score=score, review_answers=answers)


@pytest.mark.parametrize(
    ("setting", "now", "expected"),
    [
        ("immediately", BEFORE, True),
        ("immediately", AFTER, True),
        ("after_due", BEFORE, False),
        ("after_due", DUE, True),
        ("after_due", AFTER, True),
    ],
)
def test_score_release(setting, now, expected):
    assert can_see_score(quiz(score=setting), ASSIGNMENT, SUBMITTED, now) is expected


@pytest.mark.parametrize(
    ("setting", "now", "expected"),
    [
        ("immediately", BEFORE, True),
        ("after_due", BEFORE, False),
        ("after_due", AFTER, True),
        ("never", BEFORE, False),
        ("never", AFTER, False),
        ("typo", AFTER, False),  # an unknown setting withholds
    ],
)
def test_answers_release(setting, now, expected):
    assert can_see_answers(quiz(answers=setting), ASSIGNMENT, SUBMITTED, now) is expected


@pytest.mark.parametrize("attempt", [IN_PROGRESS, None])
def test_nothing_is_released_for_an_attempt_not_submitted(attempt):
    generous = quiz()
    assert not can_see_score(generous, ASSIGNMENT, attempt, AFTER)
    assert not can_see_answers(generous, ASSIGNMENT, attempt, AFTER)


def test_release_dates():
    assert score_available_at(quiz(score="after_due"), ASSIGNMENT) == DUE
    assert score_available_at(quiz(score="immediately"), ASSIGNMENT) is None
    assert answers_available_at(quiz(answers="after_due"), ASSIGNMENT) == DUE
    assert answers_available_at(quiz(answers="never"), ASSIGNMENT) is None
    assert answers_available_at(quiz(answers="immediately"), ASSIGNMENT) is None


def _scored(score):
    return SimpleNamespace(status="submitted", score=score, max_score=Decimal("10.00"))


def test_visible_grade_combines_the_submitted_scores_once_all_are_released():
    graded = SimpleNamespace(review_score="immediately", grading_method="average")
    attempts = [_scored(Decimal("4.00")), _scored(None)]
    assert visible_grade(graded, ASSIGNMENT, attempts, BEFORE) == (
        Decimal("2.00"),
        Decimal("10.00"),
    )
    assert visible_grade(graded, ASSIGNMENT, [], BEFORE) == (None, None)


def test_visible_grade_waits_for_the_due_date_when_the_score_does():
    graded = SimpleNamespace(review_score="after_due", grading_method="highest")
    attempts = [_scored(Decimal("4.00"))]
    assert visible_grade(graded, ASSIGNMENT, attempts, BEFORE) == (None, None)
    assert visible_grade(graded, ASSIGNMENT, attempts, AFTER) == (
        Decimal("4.00"),
        Decimal("10.00"),
    )

"""A teacher's review of one attempt: answers beside the key, overrides, refusals."""

from decimal import Decimal

import pytest
from django.http import Http404

from quizzes.models import ScoreOverride
from quizzes.results.review import attempt_review_get
from tests.factories import (
    AttemptFactory,
    TeacherFactory,
    enrolled_student,
    graded_attempt,
)
from tests.quizzes.results.helpers import answer, spot_claim_setting

pytestmark = pytest.mark.django_db


def test_attempt_review_shows_answers_beside_the_key(teacher):
    assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences = spot_claim_setting(
        teacher
    )
    student = enrolled_student(assignment.classroom)
    attempt = graded_attempt(assignment=assignment, quiz=quiz, student=student, points={})
    answer(attempt, choice_q, choices=[wrong], points=Decimal(0))
    answer(attempt, spot_q, sentences=[sentences[0], sentences[2]], points=Decimal("0.5"))
    short = answer(attempt, short_q, text="pyongyang", points=Decimal(1))
    ScoreOverride.objects.create(
        response=short, teacher=teacher, points_before=1, points_after=0, comment="Spelling"
    )

    review = attempt_review_get(attempt_id=attempt.pk, user=teacher)

    choice_review, spot_review, short_review = review.responses
    assert [(c.choice.text, c.picked, c.correct) for c in choice_review.choices] == [
        ("Right", False, True),
        ("Wrong", True, False),
    ]
    assert [(s.picked, s.in_key, s.verdict, s.outcome) for s in spot_review.sentences] == [
        (True, True, "unsupported", "right"),
        (False, True, "inaccurate", "missed"),
        (True, False, "supported", "wrong pick"),
        (False, False, "", ""),
    ]
    assert short_review.text == "pyongyang" and short_review.points == Decimal(1)
    assert [o.comment for o in short_review.overrides] == ["Spelling"]
    assert review.sibling_attempts == [attempt]


def test_attempt_review_is_refused_to_other_teachers(teacher):
    assignment, quiz, *_ = spot_claim_setting(teacher)
    attempt = AttemptFactory(assignment=assignment, quiz=quiz)
    with pytest.raises(Http404):
        attempt_review_get(attempt_id=attempt.pk, user=TeacherFactory())
    with pytest.raises(Http404):
        attempt_review_get(attempt_id=attempt.pk, user=attempt.student)

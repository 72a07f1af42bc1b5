"""response_override: range checks, the log, the attempt total, and who may do it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from quizzes.models import Response, ScoreOverride
from quizzes.results.overrides import response_override
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    TeacherFactory,
    UserFactory,
    enrolled_student,
    graded_attempt,
    lesson_with_sections,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(teacher):
    """A submitted attempt scoring 2 + 0 + 1 = 3 of 6 (three 2-point questions)."""
    lesson = lesson_with_sections(sections=1)
    assignment = AssignmentFactory(lesson=lesson, classroom=ClassroomFactory(teachers=[teacher]))
    quiz = quiz_with_questions(lesson=lesson, questions=3, points=2)
    q1, q2, q3 = quiz.questions.order_by("position")
    return graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={q1: 2, q2: 0, q3: 1},
    )


def _response(attempt, position):
    return Response.objects.get(attempt=attempt, question__position=position)


def test_override_sets_points_logs_the_change_and_updates_the_total(attempt, teacher):
    response = _response(attempt, 2)

    saved = response_override(
        response=response, teacher=teacher, points=Decimal("1.5"), comment=" Fair reading "
    )

    assert saved.override_points == Decimal("1.50") and saved.final_points == Decimal("1.50")
    assert saved.override_comment == "Fair reading"
    attempt.refresh_from_db()
    assert attempt.score == Decimal("4.50")
    log = ScoreOverride.objects.get(response=response)
    assert (log.teacher, log.points_before, log.points_after, log.comment) == (
        teacher,
        Decimal("0.00"),
        Decimal("1.50"),
        "Fair reading",
    )
    assert log.created_at is not None


def test_clearing_an_override_restores_the_automatic_points_and_is_logged(attempt, teacher):
    response = _response(attempt, 1)
    response_override(response=response, teacher=teacher, points=Decimal("0"), comment="Copied")
    attempt.refresh_from_db()
    assert attempt.score == Decimal("1.00")

    cleared = response_override(response=response, teacher=teacher, points=None, comment="")

    assert cleared.override_points is None and cleared.final_points == Decimal("2.00")
    attempt.refresh_from_db()
    assert attempt.score == Decimal("3.00")
    assert list(
        ScoreOverride.objects.filter(response=response).values_list("points_before", "points_after")
    ) == [(Decimal("2.00"), Decimal("0.00")), (Decimal("0.00"), Decimal("2.00"))]


@pytest.mark.parametrize(
    ("points", "code"),
    [
        (Decimal("-0.01"), "points_out_of_range"),
        (Decimal("2.01"), "points_out_of_range"),
        (Decimal("NaN"), "points_out_of_range"),
        (Decimal("Infinity"), "points_out_of_range"),
        (Decimal("1.005"), "points_too_precise"),
    ],
)
def test_points_outside_the_question_are_refused_and_nothing_changes(
    attempt, teacher, points, code
):
    response = _response(attempt, 2)
    with pytest.raises(ValidationError) as refused:
        response_override(response=response, teacher=teacher, points=points, comment="x")
    assert refused.value.code == code
    response.refresh_from_db()
    attempt.refresh_from_db()
    assert response.override_points is None and attempt.score == Decimal("3.00")
    assert not ScoreOverride.objects.exists()


def test_the_question_maximum_itself_is_allowed(attempt, teacher):
    saved = response_override(
        response=_response(attempt, 2), teacher=teacher, points=Decimal("2"), comment=""
    )
    assert saved.final_points == Decimal("2.00")


def test_a_teacher_of_another_class_is_refused(attempt):
    response = _response(attempt, 2)
    with pytest.raises(ValidationError) as refused:
        response_override(
            response=response, teacher=TeacherFactory(), points=Decimal("1"), comment=""
        )
    assert refused.value.code == "not_your_class"
    with pytest.raises(ValidationError) as refused_student:
        response_override(
            response=response, teacher=attempt.student, points=Decimal("2"), comment=""
        )
    assert refused_student.value.code == "not_your_class"
    response.refresh_from_db()
    assert response.override_points is None
    assert not ScoreOverride.objects.exists()


def test_a_superuser_may_override_any_class(attempt):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response_override(
        response=_response(attempt, 2), teacher=admin, points=Decimal("2"), comment=""
    )
    attempt.refresh_from_db()
    assert attempt.score == Decimal("5.00")


def test_an_attempt_in_progress_cannot_be_overridden(attempt, teacher):
    busy = AttemptFactory(
        assignment=attempt.assignment,
        quiz=attempt.quiz,
        student=attempt.student,
        status="in_progress",
    )
    response = Response.objects.create(attempt=busy, question=attempt.quiz.questions.first())
    with pytest.raises(ValidationError) as refused:
        response_override(response=response, teacher=teacher, points=Decimal("1"), comment="")
    assert refused.value.code == "attempt_not_submitted"


def test_repeating_the_same_override_logs_nothing_new(attempt, teacher):
    response = _response(attempt, 3)
    for _ in range(2):
        response_override(response=response, teacher=teacher, points=Decimal("2"), comment="ok")
    assert ScoreOverride.objects.filter(response=response).count() == 1


def test_a_comment_only_change_is_logged_with_unchanged_points(attempt, teacher):
    response = _response(attempt, 3)
    response_override(response=response, teacher=teacher, points=None, comment="Checked: fine")
    log = ScoreOverride.objects.get(response=response)
    assert log.points_before == log.points_after == Decimal("1.00")


def test_an_overlong_comment_is_refused(attempt, teacher):
    with pytest.raises(ValidationError) as refused:
        response_override(
            response=_response(attempt, 1), teacher=teacher, points=None, comment="x" * 1001
        )
    assert refused.value.code == "comment_too_long"


def test_a_stale_response_copy_does_not_undo_another_override(attempt, teacher):
    first = _response(attempt, 1)
    stale_second = _response(attempt, 2)
    response_override(response=first, teacher=teacher, points=Decimal("1"), comment="")
    response_override(response=stale_second, teacher=teacher, points=Decimal("2"), comment="")
    attempt.refresh_from_db()
    # 1 (overridden) + 2 (overridden) + 1 (automatic)
    assert attempt.score == Decimal("4.00")

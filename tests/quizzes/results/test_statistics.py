"""The statistics pages' data: per-question statistics over submitted attempts only."""

from decimal import Decimal

import pytest
from django.http import Http404

from quizzes.models import Response
from quizzes.results.statistics import (
    DISCRIMINATION_NO_SPREAD,
    DISCRIMINATION_TOO_FEW,
    assignment_statistics_get,
    quiz_statistics_get,
)
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    QuizFactory,
    TeacherFactory,
    enrolled_student,
    graded_attempt,
)
from tests.quizzes.results.helpers import answer, spot_claim_setting

pytestmark = pytest.mark.django_db


def test_statistics_count_every_submitted_attempt_and_nothing_in_progress(teacher):
    assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences = spot_claim_setting(
        teacher
    )
    answers = [
        # (choice, spot picks, short text, points per question)
        (right, [sentences[0], sentences[1]], "Pyongyang", (1, 2, 1)),
        (right, [sentences[0]], "pyongyang", (1, 1, 1)),
        (wrong, [sentences[2]], "Seoul", (0, 0, 0)),
    ]
    for choice, picks, text, (p1, p2, p3) in answers:
        attempt = graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=enrolled_student(assignment.classroom),
            points={choice_q: p1, spot_q: p2, short_q: p3},
        )
        answer(attempt, choice_q, choices=[choice], points=Decimal(p1))
        answer(attempt, spot_q, sentences=picks, points=Decimal(p2))
        answer(attempt, short_q, text=text, points=Decimal(p3))
    busy = AttemptFactory(assignment=assignment, quiz=quiz, status="in_progress")
    for question in (choice_q, spot_q, short_q):
        Response.objects.create(attempt=busy, question=question)
    answer(busy, choice_q, choices=[wrong])

    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)

    assert stats.attempts_count == 3 and stats.students_count == 3
    choice_report, spot_report, short_report = stats.questions
    assert choice_report.stats.facility == pytest.approx(200 / 3)
    assert [(o.choice.text, o.picked) for o in choice_report.options] == [
        ("Right", 2),
        ("Wrong", 1),
    ]
    assert [(s.stat.picked, s.stat.missed) for s in spot_report.sentences] == [
        (2, 1),
        (1, 2),
        (1, None),
        (0, None),
    ]
    assert spot_report.sentences[0].verdict_label == "Unsupported"
    assert short_report.common_answers == [("Pyongyang", 2), ("Seoul", 1)]
    assert sorted(stats.attempt_percents) == pytest.approx([0.0, 75.0, 100.0])
    assert [b.count for b in stats.bins][-1] == 1


def test_discrimination_reasons(setting, teacher):
    assignment, quiz, questions = setting
    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={questions[0]: 2},
    )
    one = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    assert one.questions[0].stats.discrimination is None
    assert one.questions[0].discrimination_reason == DISCRIMINATION_TOO_FEW

    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={questions[0]: 2, questions[1]: 2},
    )
    two = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    assert two.questions[0].discrimination_reason == DISCRIMINATION_NO_SPREAD
    assert two.questions[2].discrimination_reason == DISCRIMINATION_NO_SPREAD


def test_overrides_count_in_statistics(setting, teacher):
    assignment, quiz, questions = setting
    attempt = graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={questions[0]: 2},
    )
    Response.objects.filter(attempt=attempt, question=questions[0]).update(
        override_points=Decimal("1.00")
    )
    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    assert stats.questions[0].stats.facility == pytest.approx(50.0)


def test_quiz_statistics_span_only_the_teachers_classes(setting, teacher):
    assignment, quiz, questions = setting
    mine_too = AssignmentFactory(
        lesson=assignment.lesson, classroom=ClassroomFactory(name="Class 7C", teachers=[teacher])
    )
    theirs = AssignmentFactory(
        lesson=assignment.lesson, classroom=ClassroomFactory(teachers=[TeacherFactory()])
    )
    for target in (assignment, mine_too, theirs):
        graded_attempt(
            assignment=target,
            quiz=quiz,
            student=enrolled_student(target.classroom),
            points={questions[0]: 2},
        )

    stats = quiz_statistics_get(quiz_id=quiz.pk, user=teacher)
    assert stats.attempts_count == 2
    assert [a.classroom.name for a in stats.assignments] == ["Class 7B", "Class 7C"]
    assert [a.submitted_attempts for a in stats.assignments] == [1, 1]

    with pytest.raises(Http404):
        quiz_statistics_get(quiz_id=quiz.pk, user=TeacherFactory())
    with pytest.raises(Http404):
        quiz_statistics_get(quiz_id=QuizFactory().pk, user=teacher)
    with pytest.raises(Http404):
        quiz_statistics_get(quiz_id=999_999, user=teacher)

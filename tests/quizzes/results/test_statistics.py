"""The statistics pages' data: per-question statistics over submitted attempts only."""

from decimal import Decimal

import pytest
from django.core.exceptions import BadRequest
from django.http import Http404

from quizzes.models import Response
from quizzes.results.statistics import (
    DISCRIMINATION_NO_SPREAD,
    DISCRIMINATION_TOO_FEW,
    assignment_statistics_get,
    quiz_statistics_get,
    requested_attempts,
    test_figures,
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


# --- item analysis: which attempts count, test-level figures, weights, flags -------------


def _two_tries(setting, quiz_kwargs=None):
    """Ann tries twice (2 then 6 points), Bob once (4), Cy twice (6 then 0) on a 3x2 quiz."""
    assignment, quiz, questions = setting
    if quiz_kwargs:
        for name, value in quiz_kwargs.items():
            setattr(quiz, name, value)
        quiz.save()
    q1, q2, q3 = questions
    students = {name: enrolled_student(assignment.classroom) for name in ("ann", "bob", "cy")}
    tries = {
        "ann": [{q1: 2}, {q1: 2, q2: 2, q3: 2}],
        "bob": [{q1: 2, q2: 2}],
        "cy": [{q1: 2, q2: 2, q3: 2}, {}],
    }
    for name, attempts in tries.items():
        for points in attempts:
            graded_attempt(assignment=assignment, quiz=quiz, student=students[name], points=points)
    return assignment


@pytest.mark.parametrize(
    ("which", "grading_method", "count", "mean"),
    [
        ("all", "highest", 5, 3.6),  # (2 + 6 + 4 + 6 + 0) / 5
        ("first", "highest", 3, 4.0),  # 2, 4, 6
        ("last", "highest", 3, 10 / 3),  # 6, 4, 0
        ("graded", "highest", 3, 16 / 3),  # 6, 4, 6
        ("graded", "last", 3, 10 / 3),
        ("graded", "average", 5, 3.6),
    ],
)
def test_the_attempt_selection_decides_what_counts(
    setting, teacher, which, grading_method, count, mean
):
    assignment = _two_tries(setting, {"grading_method": grading_method, "attempts_allowed": 2})
    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher, which=which)
    assert (stats.which, stats.attempts_count, stats.students_count) == (which, count, 3)
    assert stats.submitted_count == 5
    assert stats.test_stats.attempts == count
    assert stats.test_stats.mean == pytest.approx(mean)
    assert len(stats.attempt_percents) == count
    assert all(report.stats.attempts == count for report in stats.questions)


def test_selection_is_stated_in_words(setting, teacher):
    assignment = _two_tries(setting)
    labels = {
        which: assignment_statistics_get(
            assignment_id=assignment.pk, user=teacher, which=which
        ).which_label
        for which in ("all", "first", "last", "graded")
    }
    assert labels == {
        "all": "Every submitted attempt",
        "first": "Each student's first submitted attempt",
        "last": "Each student's last submitted attempt",
        "graded": "Each student's highest-scoring attempt (the quiz grades the highest)",
    }


def test_unknown_selection_is_a_bad_request():
    assert requested_attempts(None) == requested_attempts("") == "all"
    assert requested_attempts("first") == "first"
    with pytest.raises(BadRequest):
        requested_attempts("best")


def test_test_level_figures_weights_and_guess_scores(teacher):
    """Hand-computed: totals 4, 3, 1 and 0 of 4 points over a single-choice (1 point, 2
    choices), a spot-the-claim (2 points, 4 sentences, 2 in the key) and a short answer."""
    assignment, quiz, (choice_q, spot_q, short_q), _choices, _sentences = spot_claim_setting(
        teacher
    )
    spot_q.key_verdicts = ["unsupported", "inaccurate"]
    spot_q.save()
    for points in ((1, 2, 1), (1, 1, 1), (0, 1, 0), (0, 0, 0)):
        graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=enrolled_student(assignment.classroom),
            points=dict(zip((choice_q, spot_q, short_q), points, strict=True)),
        )
    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    test = stats.test_stats
    assert (test.mean, test.median, test.max_points) == (2.0, 2.0, Decimal(4))
    assert test.sd == pytest.approx((10 / 3) ** 0.5)  # deviations 2, 1, -1, -2
    # alpha = 3/2 (1 - (1/3 + 2/3 + 1/3) / (10/3)) = 0.9
    assert test.cic == pytest.approx(90.0)
    assert test.error_ratio == pytest.approx(100 * 0.1**0.5)
    choice_report, spot_report, short_report = stats.questions
    # A blind tick of each sentence: 3 of the 16 responses score, worth 3/16 in all.
    assert [r.random_guess for r in stats.questions] == pytest.approx([50.0, 18.75, 0.0])
    assert [r.weights.intended_weight for r in stats.questions] == pytest.approx([25, 50, 25])
    assert sum(r.weights.effective_weight for r in stats.questions) == pytest.approx(100)
    # Points 1, 1, 0, 0 against totals 4, 3, 1, 0: (1 + 1/2 + 1/2 + 1) / 3.
    assert choice_report.weights.covariance_with_total == pytest.approx(1.0)
    assert spot_report.stats.facility == pytest.approx(50.0)
    assert short_report.flags == [] and not short_report.needs_review


def test_flags_mark_questions_to_look_at(setting, teacher):
    assignment, quiz, (q1, q2, q3) = setting
    # q1: everyone right (very easy); q3: only the weakest right (discrimination < 0).
    for points in ({q1: 2, q2: 2}, {q1: 2, q2: 2}, {q1: 2}, {q1: 2, q3: 2}):
        graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=enrolled_student(assignment.classroom),
            points=points,
        )
    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    first, _second, third = stats.questions
    # Everyone scored the same on it, so it decides nothing: effective weight 0.
    assert [f.code for f in first.flags] == ["very_easy", "weight_too_low"]
    assert "negative_discrimination" in [f.code for f in third.flags]
    assert third.needs_review
    assert third.flag_labels[0] == ("negative_discrimination", "Review this question")
    assert first in stats.flagged and third in stats.flagged


def test_test_figures_say_why_a_figure_is_missing(setting, teacher):
    assignment, quiz, questions = setting
    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={questions[0]: 2},
    )
    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    figures = {figure.key: figure for figure in test_figures(stats.test_stats)}
    assert list(figures) == [
        "attempts",
        "mean",
        "median",
        "standard_deviation",
        "skewness",
        "kurtosis",
        "cic",
        "error_ratio",
        "standard_error",
    ]
    assert figures["mean"].text == "33.3 % (2.00 of 6 points)"
    assert figures["standard_deviation"].missing == "needs at least 2 submitted attempts"
    assert figures["kurtosis"].missing == "needs at least 4 submitted attempts whose totals differ"
    assert figures["cic"].label == "Internal consistency"
    assert figures["cic"].meaning.startswith("How far the questions measure the same thing")


def test_numerical_answers_are_listed_and_guessing_is_worth_its_any_number_value(teacher):
    assignment, quiz, _questions, _choices, _sentences = spot_claim_setting(teacher)
    numerical = QuizFactory(lesson=assignment.lesson).questions.create(
        position=1,
        kind="numerical",
        prompt="Year?",
        numeric_answers=[
            {"value": "2006", "tolerance": "0", "fraction": "1", "feedback": ""},
            {"value": "*", "tolerance": "0", "fraction": "0.1", "feedback": ""},
        ],
    )
    for text in ("2006", "2006", "1999"):
        attempt = graded_attempt(
            assignment=assignment,
            quiz=numerical.quiz,
            student=enrolled_student(assignment.classroom),
            points={numerical: 1 if text == "2006" else Decimal("0.1")},
        )
        answer(attempt, numerical, text=text)
    stats = assignment_statistics_get(
        assignment_id=assignment.pk, user=teacher, quiz_id=numerical.quiz_id
    )
    (report,) = stats.questions
    assert report.common_answers == [("2006", 2), ("1999", 1)]
    assert report.random_guess == pytest.approx(10.0)

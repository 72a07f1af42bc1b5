"""Changing an answered question's key or points: a dry-run preview, then a logged regrade."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lessons.refusals import Conflict, NotAllowed
from quizzes.marking import QuestionKey
from quizzes.models import Attempt, Regrade, ScoreOverride
from quizzes.regrading import question_has_answers, regrade_apply, regrade_preview
from quizzes.services import attempt_start, attempt_submit, response_save
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    TeacherFactory,
    assigned_quiz,
    enrolled_student,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    """A class where two students answered the single-choice question, B and A."""
    setup = assigned_quiz()
    teacher = TeacherFactory()
    setup.classroom.teachers.add(teacher)
    setup.quiz.owner = teacher
    setup.quiz.save()
    setup.teacher = teacher
    setup.single = setup.quiz.questions.get(kind="single_choice")
    option = {c.text: c for c in setup.single.choices.all()}
    setup.option = option
    other = enrolled_student(setup.classroom)
    for student, pick in ((setup.student, "Option B"), (other, "Option A")):
        attempt = attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=student)
        response_save(
            attempt=attempt,
            student=student,
            question_id=setup.single.pk,
            choice_ids=[option[pick].pk],
        )
        attempt_submit(attempt=attempt, student=student)
    setup.attempts = {a.student_id: a for a in Attempt.objects.all()}
    setup.other = other
    return setup


def scores(setup) -> dict[str, tuple[Decimal, Decimal]]:
    return {
        a.student.username: (a.score, a.max_score)
        for a in Attempt.objects.select_related("student")
    }


def test_the_preview_shows_old_and_new_scores_and_writes_nothing(answered):
    before = scores(answered)
    key = QuestionKey(correct_choices=frozenset([answered.option["Option A"].pk]), points=2)

    preview = regrade_preview(question=answered.single, key=key, editor=answered.teacher)

    assert preview.change == "points 1 → 2; right: Option B → Option A"
    rows = {row.student: row for row in preview.rows}
    me = rows[answered.student.get_full_name() or answered.student.username]
    assert (me.old_score, me.new_score) == (Decimal("1.00"), Decimal("0.00"))
    assert me.new_max == me.old_max + 1
    assert preview.changed_count == 2
    assert scores(answered) == before
    assert not Regrade.objects.exists()


def test_applying_regrades_every_submitted_answer_and_logs_each_change(answered):
    key = QuestionKey(correct_choices=frozenset([answered.option["Option A"].pk]))

    regrade = regrade_apply(question=answered.single, key=key, editor=answered.teacher)

    answered.single.refresh_from_db()
    assert [c.text for c in answered.single.choices.all() if c.is_correct] == ["Option A"]
    after = scores(answered)
    assert after[answered.student.username][0] == Decimal("0.00")
    assert after[answered.other.username][0] == Decimal("1.00")
    logs = ScoreOverride.objects.filter(regrade=regrade)
    assert logs.count() == 2
    assert {(log.points_before, log.points_after) for log in logs} == {
        (Decimal("1.00"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("1.00")),
    }
    assert all(log.teacher == answered.teacher for log in logs)


def test_a_teachers_override_stands_through_a_regrade(answered):
    attempt = answered.attempts[answered.student.pk]
    response = attempt.responses.get(question=answered.single)
    response.override_points = Decimal("0.50")
    response.save()
    key = QuestionKey(correct_choices=frozenset([answered.option["Option A"].pk]))

    preview = regrade_preview(question=answered.single, key=key, editor=answered.teacher)

    mine = next(row for row in preview.rows if row.attempt_id == attempt.pk)
    assert mine.overridden and mine.new_score == mine.old_score


def test_only_editors_regrade_and_never_under_another_teachers_class(answered):
    key = QuestionKey(points=3)
    with pytest.raises(NotAllowed):
        regrade_preview(question=answered.single, key=key, editor=TeacherFactory())
    theirs = ClassroomFactory(teachers=[TeacherFactory()])
    AssignmentFactory(lesson=answered.lesson, classroom=theirs)
    with pytest.raises(Conflict) as refused:
        regrade_apply(question=answered.single, key=key, editor=answered.teacher)
    assert refused.value.code == "in_use_elsewhere"
    assert not Regrade.objects.exists()


def test_the_admin_locks_the_key_once_answered_and_regrades_through_a_preview(answered):
    client = Client()
    client.force_login(answered.teacher)
    change = reverse("admin:quizzes_question_change", args=[answered.single.pk])
    regrade = reverse("admin:quizzes_question_regrade", args=[answered.single.pk])
    assert question_has_answers(answered.single)

    page = client.get(change).content.decode()
    assert regrade in page  # "Change the key or points (regrades answers)…"
    assert 'name="points"' not in page  # read-only once answered

    right_a = {"points": "1", "correct": [answered.option["Option A"].pk]}
    preview = client.post(regrade, {**right_a, "preview": "1"})
    assert preview.status_code == 200
    assert "Scores before and after" in preview.content.decode()
    assert not Regrade.objects.exists()

    done = client.post(regrade, {**right_a, "apply": "1"})
    assert done.status_code == 302
    assert Regrade.objects.get().change == "right: Option B → Option A"


def test_a_regrade_that_leaves_a_single_choice_without_one_right_answer_is_refused(answered):
    client = Client()
    client.force_login(answered.teacher)
    regrade = reverse("admin:quizzes_question_regrade", args=[answered.single.pk])

    response = client.post(regrade, {"points": "1", "correct": [], "preview": "1"})

    assert response.status_code == 200
    assert response.context["form"].errors["correct"]
    assert not Regrade.objects.exists()

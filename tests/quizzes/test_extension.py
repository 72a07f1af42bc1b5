"""The dashboard provider: one item per published quiz, for students and for teachers."""

import pytest
from django.urls import reverse

from quizzes.extension import assignment_items
from quizzes.services import attempt_start, attempt_submit, response_save
from tests.factories import (
    EnrollmentFactory,
    StudentFactory,
    TeacherFactory,
    assigned_quiz,
    enrolled_student,
)
from tests.quizzes.helpers import intro_url, question_of, sentence_id, started

pytestmark = pytest.mark.django_db


def test_dashboard_items_for_a_student_follow_their_attempts(setup):
    items = assignment_items(user=setup.student, assignments=[setup.assignment])
    (item,) = items[setup.assignment.pk]
    assert item.status == "todo"
    assert item.label == f"Quiz: {setup.quiz.title}"
    assert item.url == intro_url(setup)
    assert item.detail == "1 attempt allowed"

    attempt = started(setup)
    (item,) = assignment_items(user=setup.student, assignments=[setup.assignment])[
        setup.assignment.pk
    ]
    assert item.status == "in_progress"
    assert item.detail == "Attempt 1 in progress"

    spot = question_of(setup.quiz, "spot_claim")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=spot.pk,
        sentence_ids=[sentence_id(spot, 2), sentence_id(spot, 4)],
    )
    attempt_submit(attempt=attempt, student=setup.student)
    (item,) = assignment_items(user=setup.student, assignments=[setup.assignment])[
        setup.assignment.pk
    ]
    assert item.status == "done"
    assert item.detail == "1 of 1 attempt used · best 1/5"


def test_dashboard_items_hide_a_withheld_score():
    setup = assigned_quiz(review_score="after_due", attempts_allowed=2, time_limit_minutes=15)
    (item,) = assignment_items(user=setup.student, assignments=[setup.assignment])[
        setup.assignment.pk
    ]
    assert item.detail == "2 attempts allowed · 15 minutes"
    attempt_submit(attempt=started(setup), student=setup.student)
    (item,) = assignment_items(user=setup.student, assignments=[setup.assignment])[
        setup.assignment.pk
    ]
    assert item.detail.startswith("1 of 2 attempts used · score after ")


def test_dashboard_items_for_a_teacher_count_submissions(setup):
    teacher = TeacherFactory()
    setup.classroom.teachers.add(teacher)
    enrolled_student(setup.classroom)
    attempt_submit(attempt=started(setup), student=setup.student)
    (item,) = assignment_items(user=teacher, assignments=[setup.assignment], for_teacher=True)[
        setup.assignment.pk
    ]
    assert item.detail == "1 of 2 students submitted"
    assert item.status == "in_progress"
    assert item.label == f"Results: {setup.quiz.title}"
    assert item.url == f"/results/assignments/{setup.assignment.pk}/?quiz={setup.quiz.pk}"
    assert item.admin_url == (
        reverse("admin:quizzes_attempt_assignment_results", args=[setup.assignment.pk])
        + f"?quiz={setup.quiz.pk}"
    )


def test_dashboard_items_use_bounded_queries(django_assert_num_queries):
    student = StudentFactory()
    assignments = []
    for _ in range(6):
        setup = assigned_quiz()
        enrolled_student(setup.classroom)
        EnrollmentFactory(classroom=setup.classroom, student=student)
        attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=student)
        assignments.append(setup.assignment)
    with django_assert_num_queries(2):
        items = assignment_items(user=student, assignments=assignments)
    assert len(items) == 6
    assert all(entry[0].status == "in_progress" for entry in items.values())
    with django_assert_num_queries(3):
        assignment_items(user=student, assignments=assignments, for_teacher=True)
    assert assignment_items(user=student, assignments=[]) == {}

"""Assigning a lesson to a class (lessons.services.assignments)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lessons.models import Assignment
from lessons.services.assignments import assignment_create
from tests.factories import ClassroomFactory, LessonFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def _dates(days: int = 7):
    opens = timezone.now()
    return {"opens_at": opens, "due_at": opens + timedelta(days=days)}


def test_assignment_create(teacher, taught):
    lesson = LessonFactory()
    assignment = assignment_create(teacher=teacher, lesson=lesson, classroom=taught, **_dates())
    assert (assignment.lesson, assignment.classroom, assignment.assigned_by) == (
        lesson,
        taught,
        teacher,
    )


def test_assignment_refusals(teacher, taught, refusal_code):
    lesson = LessonFactory()
    other_class = ClassroomFactory(teachers=[TeacherFactory()])
    assert (
        refusal_code(
            assignment_create, teacher=teacher, lesson=lesson, classroom=other_class, **_dates()
        )
        == "not_your_class"
    )
    assert (
        refusal_code(
            assignment_create, teacher=StudentFactory(), lesson=lesson, classroom=taught, **_dates()
        )
        == "not_your_class"
    )
    opens = timezone.now()
    assert (
        refusal_code(
            assignment_create,
            teacher=teacher,
            lesson=lesson,
            classroom=taught,
            opens_at=opens,
            due_at=opens,
        )
        == "due_before_open"
    )
    assert (
        refusal_code(
            assignment_create,
            teacher=teacher,
            lesson=LessonFactory(status="draft"),
            classroom=taught,
            **_dates(),
        )
        == "lesson_not_published"
    )
    assignment_create(teacher=teacher, lesson=lesson, classroom=taught, **_dates())
    assert (
        refusal_code(
            assignment_create, teacher=teacher, lesson=lesson, classroom=taught, **_dates(3)
        )
        == "already_assigned"
    )
    assert Assignment.objects.count() == 1


def test_superuser_may_assign_to_any_class():
    admin_user = User.objects.create_superuser("boss", "boss@example.org", "password")
    classroom = ClassroomFactory()
    assert assignment_create(
        teacher=admin_user, lesson=LessonFactory(), classroom=classroom, **_dates()
    ).pk

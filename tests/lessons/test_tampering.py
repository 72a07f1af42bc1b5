"""Tampered numbers in the lessons pages: a 4xx or an empty list, never a 500.

``str.isdigit()`` is true for digits such as "²" that ``int()`` refuses, and ids too long
for a database column overflow SQLite; both reached the database or ``int()`` before.
"""

import pytest
from django.urls import reverse

from discussions.models import Post
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    PostFactory,
    TeacherFactory,
    ThreadFactory,
    enrolled_student,
    lesson_with_sections,
)
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

# "²" and "٣" pass str.isdigit(); int() refuses the first and reads the second as 3.
ODD_NUMBERS = ["²", "٣", "9" * 25]


@pytest.fixture
def klass():
    classroom = ClassroomFactory()
    teacher = TeacherFactory()
    classroom.teachers.add(teacher)
    assignment = AssignmentFactory(lesson=lesson_with_sections(), classroom=classroom)
    student = enrolled_student(classroom)
    thread = ThreadFactory(assignment=assignment, author=student)
    opening = PostFactory(thread=thread, author=student, is_opening=True)
    reply = PostFactory(thread=thread, author=student)
    return {
        "assignment": assignment,
        "teacher": teacher,
        "student": student,
        "thread": thread,
        "opening": opening,
        "reply": reply,
    }


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_reading_section_number_must_be_plain_digits(klass, value):
    url = reverse("lessons:reading", args=[klass["assignment"].pk])

    response = signed_in(klass["student"]).get(url, {"section": value})

    assert response.status_code == 400
    assert "The section must be given as a number" in response.content.decode()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_teacher_reading_section_number_must_be_plain_digits(klass, value):
    url = reverse("lessons:teacher_reading", args=[klass["assignment"].lesson_id])

    response = signed_in(klass["teacher"]).get(url, {"section": value})

    assert response.status_code == 400


@pytest.mark.parametrize("value", ["²", "-1", "1e3", " 5x"])
def test_reply_to_a_post_given_by_an_odd_number_is_refused_and_saves_nothing(klass, value):
    url = reverse("discussions:thread", args=[klass["assignment"].pk, klass["thread"].pk])
    before = Post.objects.count()

    response = signed_in(klass["student"]).post(url, {"parent": value, "body": "A reply."})

    assert response.status_code == 400
    assert Post.objects.count() == before


def test_reply_to_a_post_of_another_thread_is_not_found(klass):
    other = ThreadFactory(assignment=klass["assignment"], author=klass["student"])
    elsewhere = PostFactory(thread=other, author=klass["student"])
    url = reverse("discussions:thread", args=[klass["assignment"].pk, klass["thread"].pk])
    before = Post.objects.count()

    response = signed_in(klass["student"]).post(url, {"parent": elsewhere.pk, "body": "Hi."})

    assert response.status_code == 404
    assert Post.objects.count() == before


@pytest.mark.parametrize(
    "changelist",
    ["lessons_assignment", "lessons_enrollment", "discussions_thread", "discussions_post"],
)
@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_admin_class_filter_with_an_odd_number_lists_nothing(klass, changelist, value):
    response = signed_in(klass["teacher"]).get(
        reverse(f"admin:{changelist}_changelist"), {"classroom": value}
    )

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_admin_assignment_filter_with_an_odd_number_lists_nothing(klass, value):
    response = signed_in(klass["teacher"]).get(
        reverse("admin:discussions_post_changelist"), {"assignment": value}
    )

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0

"""Dashboards, joining a class and creating one, through the Django client."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.extensions import AssignmentItem
from lessons.models import Classroom, Enrollment, SectionRead
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    EnrollmentFactory,
    StudentFactory,
    TeacherFactory,
    enrolled_student,
    lesson_with_sections,
)
from tests.helpers import get_ok

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("lessons:dashboard")
TEACHING = reverse("lessons:teacher_dashboard")
CREATE = reverse("lessons:classroom_create")

ITEM_STATUS = {"value": "todo"}


def assignment_items(*, user, assignments, for_teacher=False):
    """A stand-in for the quizzes app: one item per assignment, status set by the test."""
    label = "Quiz results" if for_teacher else "Quiz: Checking claims"
    return {
        a.pk: [
            AssignmentItem(
                label=label, url=f"/quiz/{a.pk}/", status=ITEM_STATUS["value"], detail="8/10"
            )
        ]
        for a in assignments
    }


# This module stands in for the quizzes app: it defines the extension hook itself.
EXTENSION = "tests.lessons.test_views_classes"


# Student dashboard ------------------------------------------------------------------------


def test_dashboard_needs_sign_in(client):
    for url in (DASHBOARD, TEACHING, CREATE):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_empty_dashboard_says_what_happens_next(student_client):
    html = student_client.get(DASHBOARD).content.decode()
    assert "No assignments yet — your teacher will add them." in html
    assert "You are not in a class yet" in html
    assert 'for="id_join_code"' in html and 'id="id_join_code"' in html


def test_dashboard_groups_assignments_and_words_due_dates(student_client, student):
    classroom = ClassroomFactory(name="10B English")
    EnrollmentFactory(classroom=classroom, student=student)
    now = timezone.now()

    def assign(title, *, opens, due, sections=2):
        return AssignmentFactory(
            classroom=classroom,
            lesson=lesson_with_sections(sections=sections, title=title),
            opens_at=now + opens,
            due_at=now + due,
        )

    late = assign("Late one", opens=-timedelta(days=5), due=-timedelta(hours=3))
    soon = assign("Soon one", opens=-timedelta(days=1), due=timedelta(hours=20))
    todo = assign("Later one", opens=-timedelta(days=1), due=timedelta(days=20))
    upcoming = assign("Future one", opens=timedelta(days=2), due=timedelta(days=9))
    done = assign("Done one", opens=-timedelta(days=1), due=timedelta(days=3), sections=1)
    SectionRead.objects.create(student=student, section=done.lesson.sections.get())
    AssignmentFactory(lesson=lesson_with_sections(title="Someone else's"))

    html = student_client.get(DASHBOARD).content.decode()

    headings = re.findall(r'<h2 class="h5 cw-group-heading" id="group-(\w+)"', html)
    assert headings == ["late", "due_soon", "todo", "upcoming", "done"]
    for assignment in (late, soon, todo, done):
        assert f'<a href="{reverse("lessons:reading", args=[assignment.pk])}">' in html
    assert reverse("lessons:reading", args=[upcoming.pk]) not in html
    assert "Future one" in html and "opens " in html
    assert "Someone else" not in html
    assert "overdue since" in html
    assert f'<time datetime="{timezone.localtime(todo.due_at).isoformat()}' in html
    assert "1 of 1 section read" in html
    assert "0 of 2 sections read" in html
    assert "10B English" in html


def test_done_needs_contributed_items_done_too(student_client, student, settings):
    settings.ASSIGNMENT_EXTENSIONS = [EXTENSION]
    classroom = ClassroomFactory()
    EnrollmentFactory(classroom=classroom, student=student)
    assignment = AssignmentFactory(classroom=classroom, lesson=lesson_with_sections(sections=1))
    SectionRead.objects.create(student=student, section=assignment.lesson.sections.get())

    ITEM_STATUS["value"] = "todo"
    html = student_client.get(DASHBOARD).content.decode()
    assert 'id="group-todo"' in html and 'id="group-done"' not in html
    assert f'<a href="/quiz/{assignment.pk}/">Quiz: Checking claims</a> — 8/10' in html

    ITEM_STATUS["value"] = "done"
    html = student_client.get(DASHBOARD).content.decode()
    assert 'id="group-done"' in html and 'id="group-todo"' not in html


def test_teacher_opening_the_student_dashboard_goes_to_teaching(teacher_client):
    response = teacher_client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url == TEACHING


def test_student_dashboard_queries_are_the_same_for_1_and_30_assignments(
    student_client, student, settings, query_count, django_assert_num_queries
):
    counts = []
    for n in (1, 30):
        Enrollment.objects.filter(student=student).delete()
        classroom = ClassroomFactory(teachers=[TeacherFactory()])
        EnrollmentFactory(classroom=classroom, student=student)
        for _ in range(n):
            AssignmentFactory(classroom=classroom, lesson=lesson_with_sections(sections=2))
        counts.append(query_count(get_ok, student_client, DASHBOARD))
    assert counts[0] == counts[1]
    # Ours alone: session, user, classes, their teachers, assignments with progress.
    settings.ASSIGNMENT_EXTENSIONS = ["discussions.extension"]
    with django_assert_num_queries(5):
        get_ok(student_client, DASHBOARD)


# Joining a class ---------------------------------------------------------------------------


def join(client, code):
    return client.post(DASHBOARD, {"join_code": code})


def test_joining_with_the_right_code(student_client, student):
    classroom = ClassroomFactory(name="History 9")
    response = join(student_client, classroom.join_code.lower()[:4] + " " + classroom.join_code[4:])
    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert Enrollment.objects.filter(classroom=classroom, student=student).exists()
    html = student_client.get(DASHBOARD).content.decode()
    assert "You joined History 9." in html


def test_joining_with_a_wrong_code_is_a_form_error(student_client, student):
    ClassroomFactory()
    response = join(student_client, "NOPE1234")
    assert response.status_code == 200
    assert "No class has that join code." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_joining_with_an_expired_code_is_a_form_error(student_client):
    classroom = ClassroomFactory(join_code_expires_at=timezone.now() - timedelta(minutes=1))
    response = join(student_client, classroom.join_code)
    assert "That join code has expired." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_joining_with_an_empty_or_oversized_code_is_a_form_error(student_client):
    html = join(student_client, "").content.decode()
    assert "This field is required." in html
    html = join(student_client, "X" * 200).content.decode()
    assert "at most 32 characters" in html
    assert not Enrollment.objects.exists()


def test_joining_twice_or_double_submitting_keeps_one_enrolment(student_client, student):
    classroom = ClassroomFactory(name="Maths")
    join(student_client, classroom.join_code)
    second = join(student_client, classroom.join_code)
    assert second.status_code == 302
    assert Enrollment.objects.filter(classroom=classroom, student=student).count() == 1
    html = student_client.get(DASHBOARD).content.decode()
    assert "You are already in Maths." in html


# Teacher dashboard -------------------------------------------------------------------------


def test_teacher_dashboard_is_for_teachers(student_client):
    response = student_client.get(TEACHING)
    assert response.status_code == 403
    assert "This page is for teachers." in response.content.decode()


def test_empty_teacher_dashboard_says_what_to_do(teacher_client):
    html = teacher_client.get(TEACHING).content.decode()
    assert "No classes yet" in html
    assert "Nothing assigned yet" in html
    assert "No lessons yet" in html


def test_teacher_dashboard_shows_own_classes_assignments_and_progress(
    teacher_client, teacher, settings
):
    settings.ASSIGNMENT_EXTENSIONS = [EXTENSION]
    mine = ClassroomFactory(
        name="Year 10 A",
        teachers=[teacher],
        join_code_expires_at=timezone.now() + timedelta(days=30),
    )
    theirs = ClassroomFactory(name="Their class", teachers=[TeacherFactory()])
    finished, halfway, _idle = (enrolled_student(mine) for _ in range(3))
    lesson = lesson_with_sections(sections=2, title="Maps and power")
    for section in lesson.sections.all():
        SectionRead.objects.create(student=finished, section=section)
    SectionRead.objects.create(student=halfway, section=lesson.sections.first())
    assignment = AssignmentFactory(lesson=lesson, classroom=mine)
    hidden = AssignmentFactory(lesson=lesson_with_sections(title="Not yours"), classroom=theirs)

    html = teacher_client.get(TEACHING).content.decode()

    assert "Year 10 A" in html and mine.join_code in html and "works until" in html
    assert "Their class" not in html and theirs.join_code not in html
    assert "1 of 3 students (2 started)" in html
    assert reverse("lessons:teacher_reading", args=[lesson.pk]) in html
    assert f'data-testid="teacher-assignment-{hidden.pk}"' not in html
    assert f'<a href="/quiz/{assignment.pk}/">Quiz results</a>' in html
    row = re.search(r'<tr>\s*<th scope="row".*?Year 10 A.*?</tr>', html, re.S).group(0)
    assert "<td>3</td>" in row


def test_teacher_dashboard_queries_are_the_same_for_1_and_30(
    teacher_client, teacher, settings, query_count, django_assert_num_queries
):
    counts = []
    for n in (1, 29):  # 1, then 30 in all
        for _ in range(n):
            classroom = ClassroomFactory(teachers=[teacher])
            enrolled_student(classroom)
            AssignmentFactory(classroom=classroom, lesson=lesson_with_sections(sections=2))
        counts.append(query_count(get_ok, teacher_client, TEACHING))
    assert counts[0] == counts[1]
    # Ours alone: session, user, teacher group, classes, assignments, enrolments, reads, lessons.
    settings.ASSIGNMENT_EXTENSIONS = ["discussions.extension"]
    with django_assert_num_queries(8):
        get_ok(teacher_client, TEACHING)


# Creating a class --------------------------------------------------------------------------


def test_teacher_creates_a_class_and_gets_its_join_code(teacher_client, teacher):
    response = teacher_client.post(CREATE, {"name": "Year 11 Politics"})
    assert response.status_code == 302
    classroom = Classroom.objects.get(name="Year 11 Politics")
    assert list(classroom.teachers.all()) == [teacher]
    html = teacher_client.get(TEACHING).content.decode()
    assert f"Students join it with the code {classroom.join_code}" in html


def test_creating_a_class_needs_a_name_and_a_teacher(client, teacher_client):
    response = teacher_client.post(CREATE, {"name": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    client.force_login(StudentFactory())
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"name": "Sneaky"}).status_code == 403
    assert not Classroom.objects.exists()

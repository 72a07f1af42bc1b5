"""The teacher's assigning pages: assign (and "Publish and assign"), change dates and the
discussion switch, and a class's own page, through the Django client."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.forms import DATETIME_LOCAL_FORMAT
from lessons.models import Assignment, Lesson
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonFactory,
    TeacherFactory,
    enrolled_student,
    lesson_with_sections,
)
from tests.helpers import get_ok

pytestmark = pytest.mark.django_db

NEW = reverse("lessons:assignment_new")


def _dates(days: int = 7) -> dict:
    opens = timezone.localtime() + timedelta(hours=1)
    return {
        "opens_at": opens.strftime(DATETIME_LOCAL_FORMAT),
        "due_at": (opens + timedelta(days=days)).strftime(DATETIME_LOCAL_FORMAT),
    }


@pytest.fixture
def own_class(teacher):
    return ClassroomFactory(name="Own class", teachers=[teacher])


# Assigning -----------------------------------------------------------------------------


def test_assign_page_preselects_the_lesson_and_lists_only_my_classes(teacher_client, own_class):
    lesson = LessonFactory(title="The reading")
    ClassroomFactory(name="Foreign class")
    html = get_ok(teacher_client, f"{NEW}?lesson={lesson.pk}").content.decode()
    assert f'<option value="{lesson.pk}" selected>The reading</option>' in html
    assert "Own class" in html and "Foreign class" not in html
    assert 'type="datetime-local"' in html
    assert "Publish and assign" not in html


def test_assigning_a_published_lesson_with_post_first(teacher_client, teacher, own_class):
    lesson = LessonFactory(title="The reading")
    response = teacher_client.post(
        NEW,
        {"lesson": lesson.pk, "classroom": own_class.pk, "discussion_post_first": "on", **_dates()},
    )
    assert response.status_code == 302
    assert response.url == reverse("lessons:classroom_detail", args=[own_class.pk])
    assignment = Assignment.objects.get()
    assert (assignment.lesson, assignment.classroom, assignment.assigned_by) == (
        lesson,
        own_class,
        teacher,
    )
    assert assignment.discussion_post_first


def test_a_draft_i_edit_is_offered_publish_and_assign(teacher_client, teacher, own_class):
    draft = LessonFactory(title="My draft", status="draft", owner=teacher)
    html = get_ok(teacher_client, f"{NEW}?lesson={draft.pk}").content.decode()
    assert "My draft (draft)" in html
    assert "Publish and assign" in html
    assert 'name="publish"' in html


def test_a_draft_without_the_tick_keeps_everything_typed(teacher_client, teacher, own_class):
    draft = LessonFactory(title="My draft", status="draft", owner=teacher)
    dates = _dates(days=3)
    response = teacher_client.post(
        NEW, {"lesson": draft.pk, "classroom": own_class.pk, "discussion_post_first": "on", **dates}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is a draft, which students cannot see" in html
    assert f'value="{dates["due_at"]}"' in html and f'value="{dates["opens_at"]}"' in html
    assert f'<option value="{own_class.pk}" selected>' in html
    assert (
        'name="discussion_post_first" class="checkboxinput form-check-input" checked' in html
        or ("checked" in html.split('name="discussion_post_first"')[1].split(">")[0])
    )
    assert not Assignment.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Lesson.Status.DRAFT


def test_publish_and_assign_is_one_step(teacher_client, teacher, own_class):
    draft = LessonFactory(title="My draft", status="draft", owner=teacher)
    response = teacher_client.post(
        NEW, {"lesson": draft.pk, "classroom": own_class.pk, "publish": "on", **_dates()}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Lesson.Status.PUBLISHED
    assert Assignment.objects.filter(lesson=draft, classroom=own_class).exists()


def test_publish_and_assign_publishes_nothing_when_the_assignment_is_refused(
    teacher_client, teacher, own_class
):
    draft = LessonFactory(title="My draft", status="draft", owner=teacher)
    dates = _dates()
    response = teacher_client.post(
        NEW,
        {
            "lesson": draft.pk,
            "classroom": own_class.pk,
            "publish": "on",
            "opens_at": dates["due_at"],
            "due_at": dates["opens_at"],
        },
    )
    assert response.status_code == 200
    assert "The due date must be after the opening date." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Lesson.Status.DRAFT


def test_someone_elses_draft_is_not_on_offer(teacher_client, own_class):
    theirs = LessonFactory(title="Their draft", status="draft", owner=TeacherFactory())
    response = teacher_client.post(
        NEW, {"lesson": theirs.pk, "classroom": own_class.pk, "publish": "on", **_dates()}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == Lesson.Status.DRAFT
    assert not Assignment.objects.exists()


def test_assigning_to_a_class_i_do_not_teach_is_a_form_error(teacher_client, own_class):
    foreign = ClassroomFactory(name="Foreign class")
    response = teacher_client.post(
        NEW, {"lesson": LessonFactory().pk, "classroom": foreign.pk, **_dates()}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assigning_twice_says_so_at_the_class(teacher_client, own_class):
    lesson = LessonFactory(title="The reading")
    AssignmentFactory(lesson=lesson, classroom=own_class)
    response = teacher_client.post(
        NEW, {"lesson": lesson.pk, "classroom": own_class.pk, **_dates()}
    )
    assert response.status_code == 200
    assert "is already assigned to" in response.content.decode()


def test_students_may_not_assign(student_client):
    assert student_client.get(NEW).status_code == 403


def test_assign_page_queries_are_the_same_for_1_and_30_lessons(
    teacher_client, teacher, query_count, django_assert_num_queries
):
    ClassroomFactory(teachers=[teacher])
    counts = []
    for n in (1, 29):
        for _ in range(n):
            LessonFactory()
            ClassroomFactory(teachers=[teacher])
        counts.append(query_count(get_ok, teacher_client, NEW))
    assert counts[0] == counts[1]
    # session, user, teacher group, lessons, classes (exists), classes (the select)
    with django_assert_num_queries(6):
        get_ok(teacher_client, NEW)


# Changing dates and the discussion switch ----------------------------------------------


def test_changing_dates_and_post_first(teacher_client, own_class):
    assignment = AssignmentFactory(classroom=own_class, discussion_post_first=False)
    url = reverse("lessons:assignment_edit", args=[assignment.pk])
    html = get_ok(teacher_client, url).content.decode()
    assert "Dates and discussion" in html
    dates = _dates(days=10)
    response = teacher_client.post(url, {**dates, "discussion_post_first": "on"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.discussion_post_first
    assert timezone.localtime(assignment.due_at).strftime(DATETIME_LOCAL_FORMAT) == dates["due_at"]


def test_changing_dates_refuses_a_due_date_before_the_opening(teacher_client, own_class):
    assignment = AssignmentFactory(classroom=own_class)
    before = assignment.due_at
    dates = _dates()
    response = teacher_client.post(
        reverse("lessons:assignment_edit", args=[assignment.pk]),
        {"opens_at": dates["due_at"], "due_at": dates["opens_at"]},
    )
    assert response.status_code == 200
    assert "The due date must be after the opening date." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.due_at == before


def test_another_teachers_assignment_is_not_found(teacher_client):
    assignment = AssignmentFactory()
    url = reverse("lessons:assignment_edit", args=[assignment.pk])
    assert teacher_client.get(url).status_code == 404
    assert teacher_client.post(url, _dates()).status_code == 404


def test_edit_page_queries(teacher_client, own_class, django_assert_num_queries):
    assignment = AssignmentFactory(classroom=own_class)
    # session, user, teacher group, the assignment (with its lesson and class)
    with django_assert_num_queries(4):
        get_ok(teacher_client, reverse("lessons:assignment_edit", args=[assignment.pk]))


# A class's page ------------------------------------------------------------------------


def test_class_page_lists_its_assignments_with_their_links(teacher_client, own_class):
    assignment = AssignmentFactory(
        classroom=own_class, lesson=LessonFactory(title="The reading"), discussion_post_first=True
    )
    html = get_ok(
        teacher_client, reverse("lessons:classroom_detail", args=[own_class.pk])
    ).content.decode()
    assert "The reading" in html
    assert "discussion: post first" in html
    assert reverse("lessons:assignment_edit", args=[assignment.pk]) in html
    assert f"{NEW}?classroom={own_class.pk}" in html
    assert own_class.join_code in html


def test_class_page_of_a_class_i_do_not_teach_is_not_found(teacher_client):
    other = ClassroomFactory()
    assert (
        teacher_client.get(reverse("lessons:classroom_detail", args=[other.pk])).status_code == 404
    )


def test_class_page_queries_are_the_same_for_1_and_30(
    teacher_client, own_class, settings, query_count, django_assert_num_queries
):
    settings.ASSIGNMENT_EXTENSIONS = []
    url = reverse("lessons:classroom_detail", args=[own_class.pk])
    counts = []
    for n in (1, 29):
        for _ in range(n):
            enrolled_student(own_class)
            AssignmentFactory(classroom=own_class, lesson=lesson_with_sections(sections=2))
        counts.append(query_count(get_ok, teacher_client, url))
    assert counts[0] == counts[1]
    # session, user, teacher group, the class, students, assignments, enrolments, reads
    with django_assert_num_queries(8):
        get_ok(teacher_client, url)


def test_the_lesson_page_links_assigning_and_the_classes_using_it(teacher_client, own_class):
    lesson = lesson_with_sections(sections=1, title="The reading")
    assignment = AssignmentFactory(lesson=lesson, classroom=own_class)
    html = get_ok(
        teacher_client, reverse("lessons:teacher_reading", args=[lesson.pk])
    ).content.decode()
    assert f"{NEW}?lesson={lesson.pk}" in html
    assert "Assign to a class…" in html
    assert reverse("lessons:assignment_edit", args=[assignment.pk]) in html

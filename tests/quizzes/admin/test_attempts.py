"""Results in the admin: scoped changelists and filters, read-only rows, results view, export."""

import csv
import io

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from benchmarks.results_page import build_class
from lessons.roles import sync_teacher_permissions
from quizzes.models import Response
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    TeacherFactory,
    UserFactory,
    enrolled_student,
    graded_attempt,
    lesson_with_sections,
    quiz_with_questions,
)
from tests.helpers import get_ok

pytestmark = pytest.mark.django_db


def _class_with_attempt(teacher, *, class_name, student_name):
    lesson = lesson_with_sections(sections=1)
    classroom = ClassroomFactory(name=class_name, teachers=[teacher])
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = quiz_with_questions(lesson=lesson, questions=2, title=f"Quiz of {class_name}")
    student = enrolled_student(classroom, username=student_name, last_name=student_name.title())
    attempt = graded_attempt(assignment=assignment, quiz=quiz, student=student, points={})
    return assignment, attempt


@pytest.fixture
def two_classes(teacher):
    """Class A taught by `teacher`, class B by someone else, one attempt each."""
    sync_teacher_permissions()
    a = _class_with_attempt(teacher, class_name="Class Alpha", student_name="alice")
    b = _class_with_attempt(TeacherFactory(), class_name="Class Bravo", student_name="bruno")
    return a, b


def test_attempt_changelist_shows_only_the_teachers_classes(teacher_client, two_classes):
    (_, mine), (_, theirs) = two_classes
    page = teacher_client.get(reverse("admin:quizzes_attempt_changelist"))
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [mine]
    html = page.content.decode()
    assert "Alice" in html and "Bruno" not in html


def test_response_changelist_shows_only_the_teachers_classes(teacher_client, two_classes):
    (_, mine), _ = two_classes
    page = teacher_client.get(reverse("admin:quizzes_response_changelist"))
    assert page.status_code == 200
    assert {r.attempt_id for r in page.context["cl"].result_list} == {mine.pk}


def test_list_filters_offer_only_the_teachers_classes_and_quizzes(teacher_client, two_classes):
    html = teacher_client.get(reverse("admin:quizzes_attempt_changelist")).content.decode()
    assert "Class Alpha" in html and "Quiz of Class Alpha" in html
    assert "Class Bravo" not in html and "Quiz of Class Bravo" not in html
    html = teacher_client.get(reverse("admin:quizzes_response_changelist")).content.decode()
    assert "Class Alpha" in html and "Class Bravo" not in html


def test_another_classs_attempt_cannot_be_opened(teacher_client, two_classes):
    (_, mine), (_, theirs) = two_classes
    assert (
        teacher_client.get(reverse("admin:quizzes_attempt_change", args=[mine.pk])).status_code
        == 200
    )
    refused = teacher_client.get(reverse("admin:quizzes_attempt_change", args=[theirs.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("admin:index")
    response = Response.objects.filter(attempt=theirs).first()
    refused = teacher_client.get(reverse("admin:quizzes_response_change", args=[response.pk]))
    assert refused.status_code == 302


def test_result_rows_are_read_only(teacher_client, two_classes):
    (_, mine), _ = two_classes
    assert teacher_client.get(reverse("admin:quizzes_attempt_add")).status_code == 403
    page = teacher_client.get(reverse("admin:quizzes_attempt_change", args=[mine.pk]))
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert reverse("results:attempt_detail", args=[mine.pk]) in html
    assert (
        teacher_client.post(
            reverse("admin:quizzes_attempt_delete", args=[mine.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_admin_results_view_is_scoped(teacher_client, two_classes):
    (mine, _), (theirs, _) = two_classes
    url = reverse("admin:quizzes_attempt_assignment_results", args=[mine.pk])
    page = teacher_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alice" in html and "Download results (CSV)" in html
    assert reverse("results:assignment_results_csv", args=[mine.pk]) in html
    other = reverse("admin:quizzes_attempt_assignment_results", args=[theirs.pk])
    assert teacher_client.get(other).status_code == 404


def test_admin_results_view_needs_staff(client, two_classes):
    (mine, attempt), _ = two_classes
    url = reverse("admin:quizzes_attempt_assignment_results", args=[mine.pk])
    client.force_login(attempt.student)
    assert client.get(url).status_code == 302  # to the admin login


def test_superuser_sees_every_class(client, two_classes):
    (mine, _), (theirs, _) = two_classes
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:quizzes_attempt_changelist"))
    assert len(page.context["cl"].result_list) == 2
    url = reverse("admin:quizzes_attempt_assignment_results", args=[theirs.pk])
    assert client.get(url).status_code == 200


def test_export_action_exports_only_selected_attempts_of_the_teachers_classes(
    teacher_client, two_classes
):
    (_, mine), (_, theirs) = two_classes
    response = teacher_client.post(
        reverse("admin:quizzes_attempt_changelist"),
        {
            "action": "export_responses",
            helpers.ACTION_CHECKBOX_NAME: [mine.pk, theirs.pk],  # a tampered selection
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="responses-selected-attempts.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["alice", "alice"]


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [("admin:quizzes_attempt_changelist", 11), ("admin:quizzes_response_changelist", 13)],
)
def test_changelists_run_the_same_queries_for_a_small_and_a_large_class(
    teacher_client, teacher, url_name, queries, query_count, django_assert_num_queries
):
    sync_teacher_permissions()
    url = reverse(url_name)
    build_class(students=5, questions=5, teacher=teacher)
    small = query_count(get_ok, teacher_client, url)
    build_class(students=80, questions=5, teacher=teacher)  # fills a whole page of 100
    assert query_count(get_ok, teacher_client, url) == small
    with django_assert_num_queries(queries):
        get_ok(teacher_client, url)


def test_attempt_page_queries_do_not_grow_with_questions(
    teacher_client, teacher, query_count, django_assert_num_queries
):
    sync_teacher_permissions()
    small = build_class(students=2, questions=5, teacher=teacher)["quiz"].attempts.first()
    large = build_class(students=2, questions=20, teacher=teacher)["quiz"].attempts.first()
    small_url, large_url = (
        reverse("admin:quizzes_attempt_change", args=[a.pk]) for a in (small, large)
    )
    get_ok(teacher_client, small_url)  # warm the per-process caches (content types)
    assert query_count(get_ok, teacher_client, small_url) == query_count(
        get_ok, teacher_client, large_url
    )
    with django_assert_num_queries(9):
        get_ok(teacher_client, large_url)

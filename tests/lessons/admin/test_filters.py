"""The class and assignment list filters (lessons.admin.filters), for every app's admin."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lessons.admin.filters import AssignmentFilter, ClassroomFilter
from lessons.models import Assignment, Enrollment
from tests.factories import AssignmentFactory, ClassroomFactory, enrolled_student

pytestmark = pytest.mark.django_db

ENROLMENTS = reverse("admin:lessons_enrollment_changelist")


def test_choices_are_the_classes_the_user_teaches(teacher_client, own_class, other_class):
    response = teacher_client.get(ENROLMENTS)
    choices = response.context["cl"].filter_specs[0].lookup_choices
    assert choices == [(str(own_class.pk), "Own class")]


def test_choosing_a_class_keeps_its_rows(teacher_client, own_class, teacher):
    second = ClassroomFactory(name="Second class", teachers=[teacher])
    enrolled_student(own_class, username="mine")
    enrolled_student(second, username="elsewhere")
    response = teacher_client.get(ENROLMENTS, {"classroom": str(own_class.pk)})
    assert [e.student.username for e in response.context["cl"].result_list] == ["mine"]


@pytest.mark.parametrize("value", ["0", "00", "abc", "\u0663", "+1", " 1", "1" * 30, "-1"])
def test_a_tampered_class_id_empties_the_list(teacher_client, own_class, value):
    """Not plain ASCII digits, 0 or too long: no row, and never a 500."""
    enrolled_student(own_class)
    response = teacher_client.get(ENROLMENTS, {"classroom": value})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_a_foreign_class_id_shows_nothing(teacher_client, own_class, other_class):
    enrolled_student(other_class)
    response = teacher_client.get(ENROLMENTS, {"classroom": str(other_class.pk)})
    assert response.context["cl"].result_count == 0
    assert Enrollment.objects.count() == 1


def test_on_names_where_the_id_is_and_keeps_the_rest():
    thread_filter = ClassroomFilter.on("assignment__classroom_id")
    assert issubclass(thread_filter, ClassroomFilter)
    assert (thread_filter.path, thread_filter.parameter_name, thread_filter.title) == (
        "assignment__classroom_id",
        "classroom",
        "class",
    )
    assert ClassroomFilter.path == "classroom_id"  # the base filter is unchanged


def test_assignment_filter_offers_only_the_assignments_of_taught_classes(
    teacher, own_class, other_class
):
    mine = AssignmentFactory(classroom=own_class)
    AssignmentFactory(classroom=other_class)
    request = RequestFactory().get("/", {"assignment": str(mine.pk)})
    request.user = teacher
    spec = AssignmentFilter.on("pk")(request, {"assignment": [str(mine.pk)]}, Assignment, None)
    assert spec.lookup_choices == [(str(mine.pk), str(mine))]
    assert list(spec.queryset(request, Assignment.objects.all())) == [mine]

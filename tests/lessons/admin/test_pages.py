"""What the lessons admin's extra pages share (lessons.admin.pages)."""

import pytest
from django.urls import reverse

from tests.factories import ClassroomFactory

pytestmark = pytest.mark.django_db


def test_extra_pages_are_named_like_djangos_and_sit_behind_the_admin_login(client, teacher):
    classroom = ClassroomFactory(teachers=[teacher])
    roster = reverse("admin:lessons_classroom_roster", args=[classroom.pk])
    assert roster == f"/admin/lessons/classroom/{classroom.pk}/roster/"
    response = client.get(roster)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_form_page_renders_in_the_admin_layout(teacher_client):
    response = teacher_client.get(reverse("admin:lessons_lesson_import"))
    context = response.context
    assert (context["title"], context["submit_label"]) == ("Import a lesson", "Import")
    assert context["opts"].model_name == "lesson"
    assert context["adminform"].fieldsets == [(None, {"fields": ["text", "file", "publish"]})]

"""Student accounts in the admin's autocompletes (lessons.admin.users)."""

import pytest
from django.urls import reverse

from tests.factories import enrolled_student

pytestmark = pytest.mark.django_db


def test_student_autocomplete_is_scoped_to_own_classes(teacher_client, own_class, other_class):
    enrolled_student(own_class, username="mine")
    enrolled_student(other_class, username="theirs")
    response = teacher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "lessons", "model_name": "enrollment", "field_name": "student", "term": ""},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["mine"]


def test_teachers_cannot_browse_users(teacher_client):
    assert teacher_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    response = teacher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "lessons", "model_name": "assignment", "field_name": "assigned_by"},
    )
    assert response.status_code == 403

"""Fixtures shared by the lessons admin tests: two teachers' classes, a superuser."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import ClassroomFactory, TeacherFactory


@pytest.fixture
def other_teacher(db):
    return TeacherFactory(username="otherteacher")


@pytest.fixture
def own_class(teacher):
    return ClassroomFactory(name="Own class", teachers=[teacher])


@pytest.fixture
def other_class(other_teacher):
    return ClassroomFactory(name="Foreign class", teachers=[other_teacher])


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "password")
    client.force_login(user)
    return client

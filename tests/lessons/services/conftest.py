"""Fixtures shared by the tests of lessons.services (the seed article's: tests/lessons)."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ClassroomFactory


@pytest.fixture
def taught(teacher):
    """A classroom that the ``teacher`` fixture teaches."""
    return ClassroomFactory(teachers=[teacher])


@pytest.fixture
def refusal_code():
    """Call a service that must refuse, and return its ValidationError's code."""

    def code(service, **kwargs) -> str:
        with pytest.raises(ValidationError) as caught:
            service(**kwargs)
        return caught.value.code

    return code

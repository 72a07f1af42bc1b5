"""Fixtures shared by the quizzes tests (plain helpers: tests/quizzes/helpers.py)."""

import pytest

from tests.factories import assigned_quiz


@pytest.fixture
def setup():
    """A quiz of every kind on an open assignment, with one enrolled student."""
    return assigned_quiz()

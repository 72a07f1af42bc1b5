"""Fixtures shared by the quiz admin tests."""

import pytest

from tests.factories import ClaimLabelFactory, QuizFactory, UserFactory, lesson_with_sections


@pytest.fixture(params=["teacher", "superuser"])
def staff_client(request, client):
    """A client signed in as a teacher, then as a superuser."""
    if request.param == "teacher":
        return request.getfixturevalue("teacher_client")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def quiz(teacher):
    """A draft quiz on a two-section lesson; part 1's second sentence is labelled unsupported.

    The signed-in ``teacher`` owns the lesson and the quiz, so may change them
    (lessons.ownership; tests/lessons/test_ownership.py covers everyone else).
    """
    lesson = lesson_with_sections(sections=2, sentences_per_section=3, owner=teacher)
    part1 = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=part1.sentences.get(position=2), verdict="unsupported")
    ClaimLabelFactory(sentence=part1.sentences.get(position=1), verdict="supported")
    return QuizFactory(lesson=lesson, status="draft", title="Claims quiz", owner=teacher)

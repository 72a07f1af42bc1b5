"""Fixtures shared by the results tests."""

import pytest

from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    lesson_with_sections,
    quiz_with_questions,
)


@pytest.fixture
def setting(teacher):
    """A class taught by `teacher`, a lesson with 3 sections, and a 3-question quiz."""
    lesson = lesson_with_sections(sections=3)
    classroom = ClassroomFactory(name="Class 7B", teachers=[teacher])
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = quiz_with_questions(lesson=lesson, questions=3, points=2)
    return assignment, quiz, list(quiz.questions.order_by("position"))

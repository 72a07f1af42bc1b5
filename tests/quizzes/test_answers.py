"""Writing answers into an attempt's responses: the rules checked before anything is written.

Most refusals are exercised through the services that call ``answers_write`` (see
test_services.py); these tests pin what the module itself promises.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quizzes.answers import Answer, answers_write
from quizzes.models import MAX_TEXT_LENGTH, Response
from quizzes.services import attempt_start
from tests.factories import assigned_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt():
    setup = assigned_quiz()
    return attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student)


def _short_answer(attempt):
    return attempt.quiz.questions.get(kind="short_answer")


def test_the_answer_length_limit_is_the_columns_width(attempt):
    assert Response._meta.get_field("text").max_length == MAX_TEXT_LENGTH
    question = _short_answer(attempt)
    (saved,) = answers_write(
        attempt=attempt,
        answers={question.pk: Answer(text="x" * MAX_TEXT_LENGTH)},
        now=timezone.now(),
    )
    assert saved.text == "x" * MAX_TEXT_LENGTH and saved.answered
    with pytest.raises(ValidationError) as excinfo:
        answers_write(
            attempt=attempt,
            answers={question.pk: Answer(text="x" * (MAX_TEXT_LENGTH + 1))},
            now=timezone.now(),
        )
    assert excinfo.value.code == "text_too_long"
    assert excinfo.value.params["limit"] == MAX_TEXT_LENGTH


def test_one_bad_answer_refuses_the_whole_save(attempt):
    short = _short_answer(attempt)
    choice_question = attempt.quiz.questions.get(kind="single_choice")
    with pytest.raises(ValidationError) as excinfo:
        answers_write(
            attempt=attempt,
            answers={short.pk: Answer(text="Pyongyang"), choice_question.pk: Answer(text="no")},
            now=timezone.now(),
        )
    assert excinfo.value.code == "invalid_text"
    assert not Response.objects.filter(attempt=attempt).exclude(text="").exists()


def test_an_empty_answer_clears_the_question(attempt):
    short = _short_answer(attempt)
    answers_write(attempt=attempt, answers={short.pk: Answer(text="Seoul")}, now=timezone.now())
    (saved,) = answers_write(attempt=attempt, answers={short.pk: Answer()}, now=timezone.now())
    assert saved.text == "" and not saved.answered

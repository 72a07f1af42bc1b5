"""Tampered values on the quiz pages and in the quiz admin: a 4xx or a form error, never a
500, and nothing saved.

``str.isdigit()`` is true for digits such as "²" that ``int()`` refuses; an id longer than
a 64-bit column overflows SQLite; PostgreSQL's jsonb refuses a NUL character.
"""

import pytest
from django.urls import reverse

from quizzes.admin.forms import QuestionAdminForm
from quizzes.models import Attempt, Question, Response, ResponseChoice, ResponseSentence
from quizzes.services import attempt_start
from tests.factories import QuizFactory, TeacherFactory, assigned_quiz
from tests.quizzes.helpers import question_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(client):
    setup = assigned_quiz(layout="one")
    client.force_login(setup.student)
    setup.client = client
    setup.attempt = attempt_start(
        quiz=setup.quiz, assignment=setup.assignment, student=setup.student
    )
    return setup


def saved_state(attempt):
    return (
        sorted(ResponseChoice.objects.values_list("response_id", "choice_id")),
        sorted(ResponseSentence.objects.values_list("response_id", "sentence_id")),
        sorted(Response.objects.filter(attempt=attempt).values_list("pk", "text", "saved_at")),
        Attempt.objects.filter(pk=attempt.pk).values_list("status").get(),
    )


@pytest.mark.parametrize("page", ["²", "٣", "9" * 25, "-2"])
def test_take_page_with_an_odd_page_number_shows_the_first_page(taking, page):
    response = taking.client.get(
        reverse("quizzes:attempt_take", args=[taking.attempt.pk]), {"page": page}
    )

    assert response.status_code == 200
    assert response.context["take"].page == 1


def test_save_with_an_odd_destination_page_goes_back_to_the_first_page(taking):
    question = question_of(taking.quiz, "short_answer")

    response = taking.client.post(
        reverse("quizzes:attempt_save", args=[taking.attempt.pk]),
        {"question": [question.pk], f"q{question.pk}-text": "Seoul", "go": "page-²"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/attempts/{taking.attempt.pk}/?page=1")


@pytest.mark.parametrize("value", ["²", "٣", "1²"])
def test_autosave_with_a_non_ascii_digit_id_is_refused(taking, value):
    question = question_of(taking.quiz, "single_choice")
    before = saved_state(taking.attempt)

    response = taking.client.post(
        reverse("quizzes:response_save", args=[taking.attempt.pk, question.pk]),
        {f"q{question.pk}-choice": value},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_id"
    assert saved_state(taking.attempt) == before


def test_save_with_a_non_ascii_digit_sentence_id_is_refused(taking):
    question = question_of(taking.quiz, "spot_claim")
    before = saved_state(taking.attempt)

    response = taking.client.post(
        reverse("quizzes:attempt_save", args=[taking.attempt.pk]),
        {"question": [question.pk], f"q{question.pk}-sentence": ["²"]},
    )

    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert saved_state(taking.attempt) == before


def test_autosave_to_a_question_id_beyond_any_database_id_is_refused(taking):
    question_id = 10**25  # a tampered URL; SQLite cannot even compare it with a column
    before = saved_state(taking.attempt)

    response = taking.client.post(
        reverse("quizzes:response_save", args=[taking.attempt.pk, question_id]),
        {f"q{question_id}-text": "Seoul"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_question"
    assert saved_state(taking.attempt) == before


# --- the question admin ----------------------------------------------------------------


def question_form_data(quiz, **changes):
    data = {
        "quiz": quiz.pk,
        "position": "",
        "kind": "short_answer",
        "prompt": "Name the capital.",
        "points": "1",
        "explanation": "",
        "section": "",
        "accepted_answers": "Pyongyang",
        "answer_pattern": "",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_accepted_answers_with_a_nul_character_are_a_form_error():
    quiz = QuizFactory(status="draft")

    form = QuestionAdminForm(data=question_form_data(quiz, accepted_answers="Pyong\x00yang"))

    assert not form.is_valid()
    assert form.has_error("accepted_answers", code="null_characters_not_allowed")


def test_question_admin_refuses_a_nul_in_accepted_answers_and_saves_nothing(client):
    quiz = QuizFactory(status="draft")
    client.force_login(TeacherFactory())

    response = client.post(
        reverse("admin:quizzes_question_add"),
        question_form_data(quiz, accepted_answers="Seoul\nPyong\x00yang"),
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert not Question.objects.exists()

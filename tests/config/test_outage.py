"""A database outage answers 503 with Retry-After, never 500, and writes nothing half-way."""

from unittest import mock

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from quizzes.models import Response, ResponseChoice, ResponseSentence
from quizzes.services import attempt_start, response_save
from tests.factories import assigned_quiz

pytestmark = pytest.mark.django_db

OUTAGE = OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def taking():
    setup = assigned_quiz()
    setup.client = Client(raise_request_exception=False)
    setup.client.force_login(setup.student)
    setup.attempt = attempt_start(
        quiz=setup.quiz, assignment=setup.assignment, student=setup.student
    )
    setup.questions = {q.kind: q for q in setup.quiz.questions.order_by("position")}
    return setup


def assert_unavailable(reply) -> None:
    assert reply.status_code == 503
    assert reply["Retry-After"] == "5"
    assert "no-store" in reply["Cache-Control"]


@pytest.mark.parametrize("error", [OUTAGE, InterfaceError("connection already closed")])
def test_an_autosave_during_an_outage_answers_503_json(taking, error):
    short = taking.questions["short_answer"]
    with mock.patch("quizzes.views.attempt_save_answers", side_effect=error):
        reply = taking.client.post(
            reverse("quizzes:autosave", args=[taking.attempt.pk]),
            {"question": [short.pk], f"q{short.pk}-text": "Seoul"},
            HTTP_ACCEPT="application/json",
        )

    assert_unavailable(reply)
    assert reply.json()["code"] == "unavailable"
    assert reply.json()["saved"] is False


def test_a_form_save_during_an_outage_offers_to_send_the_same_answers_again(taking):
    short = taking.questions["short_answer"]
    typed = 'Seoul "><script>alert(1)</script>'
    with mock.patch("quizzes.views.attempt_save_answers", side_effect=OUTAGE):
        reply = taking.client.post(
            reverse("quizzes:attempt_save", args=[taking.attempt.pk]),
            {"question": [short.pk], f"q{short.pk}-text": typed, "go": "stay"},
        )

    assert_unavailable(reply)
    page = reply.content.decode()
    assert "Your saved answers are safe, but nothing you sent just now was stored." in page
    action = reverse("quizzes:attempt_save", args=[taking.attempt.pk])
    assert f'<form method="post" action="{action}">' in page
    assert f'name="question" value="{short.pk}"' in page
    assert "Seoul &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "Send again" in page


def test_a_sign_in_during_an_outage_never_writes_the_password_back(taking):
    with mock.patch("django.contrib.auth.forms.AuthenticationForm.clean", side_effect=OUTAGE):
        reply = Client(raise_request_exception=False).post(
            reverse("login"), {"username": taking.student.username, "password": "s3cret-Value-42"}
        )

    assert_unavailable(reply)
    page = reply.content.decode()
    assert "s3cret-Value-42" not in page
    assert "<form" not in page
    assert "Go back and press Save again" in page


def test_a_page_during_an_outage_says_to_reload(taking):
    with mock.patch("quizzes.views.attempt_take_page", side_effect=OUTAGE):
        reply = taking.client.get(reverse("quizzes:attempt_take", args=[taking.attempt.pk]))

    assert_unavailable(reply)
    assert "Reload this page in a few seconds" in reply.content.decode()


def test_a_failure_inside_another_middleware_is_a_503_too(taking):
    with mock.patch.object(SessionMiddleware, "process_response", side_effect=OUTAGE):
        reply = taking.client.get(reverse("quizzes:attempt_take", args=[taking.attempt.pk]))

    assert_unavailable(reply)


def test_other_errors_stay_server_errors(taking):
    with mock.patch("quizzes.views.attempt_take_page", side_effect=RuntimeError("a bug")):
        reply = taking.client.get(reverse("quizzes:attempt_take", args=[taking.attempt.pk]))

    assert reply.status_code == 500


def test_a_save_that_fails_half_way_leaves_the_saved_answers_as_they_were(taking):
    q = taking.questions
    single, spot = q["single_choice"], q["spot_claim"]
    first_sentence = spot.section.sentences.order_by("position").first()
    response_save(
        attempt=taking.attempt,
        student=taking.student,
        question_id=single.pk,
        choice_ids=[single.choices.get(text="Option A").pk],
    )
    response_save(
        attempt=taking.attempt,
        student=taking.student,
        question_id=spot.pk,
        sentence_ids=[first_sentence.pk],
    )
    before = (
        sorted(ResponseChoice.objects.values_list("response_id", "choice_id")),
        sorted(ResponseSentence.objects.values_list("response_id", "sentence_id")),
        sorted(Response.objects.values_list("pk", "saved_at")),
    )

    # The choices are replaced first; the sentences' insert then fails.
    with mock.patch.object(ResponseSentence.objects, "bulk_create", side_effect=OUTAGE):
        reply = taking.client.post(
            reverse("quizzes:autosave", args=[taking.attempt.pk]),
            {
                "question": [single.pk, spot.pk],
                f"q{single.pk}-choice": [single.choices.get(text="Option B").pk],
                f"q{spot.pk}-sentence": [spot.section.sentences.order_by("position").last().pk],
            },
            HTTP_ACCEPT="application/json",
        )

    assert_unavailable(reply)
    after = (
        sorted(ResponseChoice.objects.values_list("response_id", "choice_id")),
        sorted(ResponseSentence.objects.values_list("response_id", "sentence_id")),
        sorted(Response.objects.values_list("pk", "saved_at")),
    )
    assert after == before

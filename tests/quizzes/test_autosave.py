"""The autosave protocol through the Django client: several questions per save, all or
none; an explicit marker to clear; a save without answer fields refused and harmless;
JSON refusals a script can act on; no page of an attempt cached."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from quizzes.models import Response
from quizzes.services import attempt_start, attempt_submit, response_save
from tests.factories import assigned_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(client):
    setup = assigned_quiz()
    client.force_login(setup.student)
    setup.client = client
    setup.attempt = attempt_start(
        quiz=setup.quiz, assignment=setup.assignment, student=setup.student
    )
    setup.questions = {q.kind: q for q in setup.quiz.questions.order_by("position")}
    return setup


def autosave_url(attempt) -> str:
    return reverse("quizzes:autosave", args=[attempt.pk])


def stored(attempt) -> dict[int, tuple]:
    """Each question's saved answer: (choice ids, sentence ids, text, answered)."""
    return {
        r.question_id: (
            sorted(r.responsechoice_set.values_list("choice_id", flat=True)),
            sorted(r.responsesentence_set.values_list("sentence_id", flat=True)),
            r.text,
            r.answered,
        )
        for r in Response.objects.filter(attempt=attempt)
    }


def answer_everything(taking) -> None:
    q = taking.questions
    for kind, kwargs in {
        "single_choice": {"choice_ids": [q["single_choice"].choices.get(text="Option B").pk]},
        "true_false": {"choice_ids": [q["true_false"].choices.get(text="True").pk]},
        "short_answer": {"text": "Pyongyang"},
        "spot_claim": {"sentence_ids": [q["spot_claim"].section.sentences.first().pk]},
    }.items():
        response_save(
            attempt=taking.attempt, student=taking.student, question_id=q[kind].pk, **kwargs
        )


def test_one_save_carries_several_questions_and_answers_for_each(taking):
    q = taking.questions
    single, short = q["single_choice"], q["short_answer"]
    option_b = single.choices.get(text="Option B").pk

    reply = taking.client.post(
        autosave_url(taking.attempt),
        {
            "question": [single.pk, short.pk],
            f"q{single.pk}-choice": [option_b],
            f"q{short.pk}-text": "Pyongyang",
        },
        HTTP_ACCEPT="application/json",
    )

    assert reply.status_code == 200
    body = reply.json()
    assert body["saved"] is True
    assert body["answered"] == {str(single.pk): True, str(short.pk): True}
    state = stored(taking.attempt)
    assert state[single.pk][0] == [option_b]
    assert state[short.pk][2] == "Pyongyang"


def test_one_bad_question_refuses_the_whole_save(taking):
    q = taking.questions
    single, short = q["single_choice"], q["short_answer"]
    answer_everything(taking)
    before = stored(taking.attempt)

    reply = taking.client.post(
        autosave_url(taking.attempt),
        {
            "question": [single.pk, short.pk],
            f"q{single.pk}-choice": [q["true_false"].choices.first().pk],  # another question's
            f"q{short.pk}-text": "Seoul",
        },
    )

    assert reply.status_code == 400
    assert reply.json()["code"] == "invalid_choice"
    assert stored(taking.attempt) == before


SHORT_ANSWER_ID = "<short answer id>"


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param({}, None, id="empty form"),
        pytest.param(json.dumps({"choice": [1]}), "application/json", id="json"),
        pytest.param("q1-choice=1", "text/plain", id="text/plain"),
        pytest.param({"unrelated": "1"}, None, id="no recognised field"),
        pytest.param({"question": SHORT_ANSWER_ID}, None, id="a question with no answer field"),
    ],
)
def test_a_save_without_answer_fields_is_refused_and_changes_nothing(taking, data, content_type):
    answer_everything(taking)
    before = stored(taking.attempt)
    if isinstance(data, dict) and data.get("question") == SHORT_ANSWER_ID:
        data = {"question": taking.questions["short_answer"].pk}
    extra = {"content_type": content_type} if content_type else {}

    reply = taking.client.post(autosave_url(taking.attempt), data, **extra)

    assert reply.status_code == 400
    assert reply.json()["saved"] is False
    assert reply.json()["code"] == "no_answer"
    assert stored(taking.attempt) == before


def test_the_per_question_address_refuses_an_empty_body_too(taking):
    answer_everything(taking)
    short = taking.questions["short_answer"]
    before = stored(taking.attempt)

    reply = taking.client.post(reverse("quizzes:response_save", args=[taking.attempt.pk, short.pk]))

    assert reply.status_code == 400
    assert reply.json()["code"] == "no_answer"
    assert stored(taking.attempt) == before


def test_clearing_is_explicit_and_empties_the_answer(taking):
    answer_everything(taking)
    single, short = taking.questions["single_choice"], taking.questions["short_answer"]

    reply = taking.client.post(
        autosave_url(taking.attempt),
        {
            "question": [single.pk, short.pk],
            f"q{single.pk}-clear": "1",
            f"q{short.pk}-text": "",
            f"q{short.pk}-clear": "1",
        },
    )

    assert reply.status_code == 200
    assert reply.json()["answered"] == {str(single.pk): False, str(short.pk): False}
    state = stored(taking.attempt)
    assert state[single.pk] == ([], [], "", False)
    assert state[short.pk] == ([], [], "", False)
    # The other questions kept their answers.
    assert state[taking.questions["true_false"].pk][3] is True


def test_clear_and_an_answer_in_one_question_is_refused(taking):
    answer_everything(taking)
    single = taking.questions["single_choice"]
    before = stored(taking.attempt)

    reply = taking.client.post(
        autosave_url(taking.attempt),
        {
            "question": [single.pk],
            f"q{single.pk}-clear": "1",
            f"q{single.pk}-choice": [single.choices.first().pk],
        },
    )

    assert reply.status_code == 400
    assert stored(taking.attempt) == before


def test_a_signed_out_save_answers_401_json_not_a_redirect_to_sign_in(taking):
    taking.client.logout()

    reply = taking.client.post(
        autosave_url(taking.attempt),
        {"question": [taking.questions["short_answer"].pk], "x": "1"},
    )

    assert reply.status_code == 401
    assert reply.json()["code"] == "signed_out"


def test_a_stale_security_token_answers_json_the_script_can_act_on(taking):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(taking.student)
    short = taking.questions["short_answer"]

    reply = strict.post(
        autosave_url(taking.attempt),
        {"question": [short.pk], f"q{short.pk}-text": "Seoul"},
        HTTP_ACCEPT="application/json",
    )

    assert reply.status_code == 403
    assert reply.json() == {
        "saved": False,
        "code": "csrf",
        "error": "This page was out of date. Reload it and try again; nothing was saved.",
    }
    page = strict.post(reverse("quizzes:attempt_save", args=[taking.attempt.pk]), {})
    assert page.status_code == 403
    assert "This page was out of date" in page.content.decode()


def test_a_save_after_submitting_says_where_the_review_is(taking):
    attempt_submit(attempt=taking.attempt, student=taking.student)
    short = taking.questions["short_answer"]

    reply = taking.client.post(
        autosave_url(taking.attempt), {"question": [short.pk], f"q{short.pk}-text": "Seoul"}
    )

    assert reply.status_code == 409
    assert reply.json()["code"] == "attempt_closed"
    assert reply.json()["review_url"] == reverse("quizzes:attempt_review", args=[taking.attempt.pk])


def test_no_page_of_an_attempt_may_be_cached(taking):
    attempt = taking.attempt
    short = taking.questions["short_answer"]
    pages = [
        taking.client.get(
            reverse("quizzes:quiz_intro", args=[taking.assignment.pk, taking.quiz.pk])
        ),
        taking.client.get(reverse("quizzes:attempt_take", args=[attempt.pk])),
        taking.client.get(reverse("quizzes:attempt_submit", args=[attempt.pk])),
        taking.client.post(
            autosave_url(attempt), {"question": [short.pk], f"q{short.pk}-text": "Seoul"}
        ),
    ]
    attempt_submit(attempt=attempt, student=taking.student)
    pages.append(taking.client.get(reverse("quizzes:attempt_review", args=[attempt.pk])))

    for page in pages:
        assert page.status_code == 200, page
        assert "no-store" in page["Cache-Control"]
        assert "private" in page["Cache-Control"]


def test_the_take_page_tells_the_script_when_each_answer_was_saved(taking):
    answer_everything(taking)
    short = taking.questions["short_answer"]
    saved_at = Response.objects.get(attempt=taking.attempt, question=short).saved_at

    page = taking.client.get(reverse("quizzes:attempt_take", args=[taking.attempt.pk]))
    page = page.content.decode()

    assert f'data-autosave-url="{autosave_url(taking.attempt)}"' in page
    assert f'data-attempt-id="{taking.attempt.pk}"' in page
    assert f'data-saved-at="{date_format(timezone.localtime(saved_at), "c")}"' in page

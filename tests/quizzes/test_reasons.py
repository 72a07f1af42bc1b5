"""Reasons behind every pick, end to end: what the take page posts, what is saved, how a
submit grades it, what the review shows, and judgement calls that are never scored.

The take page's spot-the-claim question gets a native select per sentence, labelled for
that sentence and posted as ``q<question id>-reason-<sentence id>``, with or without the
autosave script. A reason is not an answer by itself: the explicit-clear rule holds.
"""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.answers import Answer
from quizzes.models import ResponseSentence
from quizzes.services import attempt_save_answers, attempt_submit
from tests.factories import assigned_quiz
from tests.helpers import get_ok
from tests.quizzes.helpers import question_of, sentence_id, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(client):
    """An attempt in progress whose spot-the-claim question asks why (credit: half)."""
    setup = assigned_quiz()
    setup.spot = question_of(setup.quiz, "spot_claim")
    setup.spot.ask_reasons = True
    setup.spot.save(update_fields=["ask_reasons"])
    setup.attempt = started(setup)
    client.force_login(setup.student)
    setup.client = client
    # The factory's passage: 1 unlabelled, 2 unsupported, 3 supported, 4 inaccurate.
    setup.s = {n: sentence_id(setup.spot, n) for n in (1, 2, 3, 4)}
    return setup


def take_url(attempt) -> str:
    return reverse("quizzes:attempt_take", args=[attempt.pk])


def save_url(attempt) -> str:
    return reverse("quizzes:attempt_save", args=[attempt.pk])


def autosave(taking, data):
    return taking.client.post(
        reverse("quizzes:autosave", args=[taking.attempt.pk]),
        {"question": str(taking.spot.pk), **data},
        HTTP_ACCEPT="application/json",
    )


def saved_reasons(taking) -> dict[int, str]:
    return dict(
        ResponseSentence.objects.filter(response__attempt=taking.attempt).values_list(
            "sentence_id", "reason"
        )
    )


# --- the take page ---------------------------------------------------------------------------


def test_each_sentence_gets_a_native_select_labelled_for_it(taking):
    html = get_ok(taking.client, take_url(taking.attempt)).content.decode()
    prefix = f"q{taking.spot.pk}"
    for number, sid in taking.s.items():
        select = f'name="{prefix}-reason-{sid}" id="{prefix}-reason-{sid}"'
        assert select in html
        assert f'<label class="cw-reason__label" for="{prefix}-reason-{sid}">Why?' in html
        assert f"(sentence {number}, if you ticked it)" in html
        assert f'data-reason-for="{prefix}-sentence-{sid}"' in html
        assert f'aria-describedby="{prefix}-sentence-{sid}-text"' in html
    for label in ("No evidence is given", "It is factually wrong", "The reasoning does not follow"):
        assert label in html
    assert "For each sentence you tick, choose why." in html


def test_a_question_that_does_not_ask_why_has_no_select(taking):
    taking.spot.ask_reasons = False
    taking.spot.save(update_fields=["ask_reasons"])
    html = get_ok(taking.client, take_url(taking.attempt)).content.decode()
    assert "-reason-" not in html
    assert "choose why" not in html


def test_the_take_page_keeps_the_key_evidence_and_judgement_calls_to_itself(taking):
    label = taking.spot.section.sentences.get(position=2).label
    label.evidence = "EVIDENCE-SECRET"
    label.contested_reason = "CONTESTED-SECRET"
    label.save()
    html = get_ok(taking.client, take_url(taking.attempt)).content.decode()
    assert "EVIDENCE-SECRET" not in html and "CONTESTED-SECRET" not in html
    assert "judgement call" not in html


# --- saving ----------------------------------------------------------------------------------


def test_without_javascript_the_form_saves_picks_with_their_reasons(taking):
    prefix = f"q{taking.spot.pk}"
    s = taking.s
    response = taking.client.post(
        save_url(taking.attempt),
        {
            "question": [str(taking.spot.pk)],
            f"{prefix}-sentence": [str(s[2]), str(s[4])],
            f"{prefix}-reason-{s[2]}": "no_evidence",
            f"{prefix}-reason-{s[4]}": "",  # ticked, reason not chosen yet
            f"{prefix}-reason-{s[3]}": "too_vague",  # a reason left on an unticked sentence
            f"{prefix}-reason-{s[1]}": "",
        },
    )
    assert response.status_code == 302
    assert saved_reasons(taking) == {s[2]: "no_evidence", s[4]: ""}
    html = get_ok(taking.client, take_url(taking.attempt)).content.decode()
    assert '<option value="no_evidence" selected>' in html


def test_autosave_sends_a_reason_with_its_pick(taking):
    prefix, s = f"q{taking.spot.pk}", taking.s
    reply = autosave(
        taking, {f"{prefix}-sentence": str(s[4]), f"{prefix}-reason-{s[4]}": "factually_wrong"}
    )
    assert reply.status_code == 200, reply.content
    assert saved_reasons(taking) == {s[4]: "factually_wrong"}


def test_a_reason_alone_is_no_answer_so_an_autosave_must_say_clear(taking):
    prefix, s = f"q{taking.spot.pk}", taking.s
    autosave(taking, {f"{prefix}-sentence": str(s[2]), f"{prefix}-reason-{s[2]}": "no_evidence"})
    refused = autosave(taking, {f"{prefix}-reason-{s[2]}": "no_evidence"})
    assert refused.status_code == 400
    assert json.loads(refused.content)["code"] == "no_answer"
    assert saved_reasons(taking) == {s[2]: "no_evidence"}  # nothing lost
    cleared = autosave(taking, {f"{prefix}-clear": "1"})
    assert cleared.status_code == 200
    assert saved_reasons(taking) == {}


def test_an_unknown_reason_or_sentence_id_is_refused_and_changes_nothing(taking):
    prefix, s = f"q{taking.spot.pk}", taking.s
    autosave(taking, {f"{prefix}-sentence": str(s[2]), f"{prefix}-reason-{s[2]}": "no_evidence"})
    bad_reason = autosave(
        taking, {f"{prefix}-sentence": str(s[2]), f"{prefix}-reason-{s[2]}": "because"}
    )
    assert bad_reason.status_code == 400
    assert json.loads(bad_reason.content)["code"] == "invalid_reason"
    bad_id = autosave(
        taking, {f"{prefix}-sentence": str(s[2]), f"{prefix}-reason-x1": "no_evidence"}
    )
    assert bad_id.status_code == 400
    assert json.loads(bad_id.content)["code"] == "invalid_id"
    assert saved_reasons(taking) == {s[2]: "no_evidence"}


def test_reasons_are_dropped_when_the_question_stopped_asking(taking):
    taking.spot.ask_reasons = False
    taking.spot.save(update_fields=["ask_reasons"])
    attempt_save_answers(
        attempt=taking.attempt,
        student=taking.student,
        answers={
            taking.spot.pk: Answer(
                sentence_ids=frozenset({taking.s[2]}), reasons={taking.s[2]: "no_evidence"}
            )
        },
    )
    assert saved_reasons(taking) == {taking.s[2]: ""}


# --- grading and the review ------------------------------------------------------------------


def answer_spot(taking, picks: dict[int, str]) -> None:
    attempt_save_answers(
        attempt=taking.attempt,
        student=taking.student,
        answers={
            taking.spot.pk: Answer(
                sentence_ids=frozenset(taking.s[n] for n in picks),
                reasons={taking.s[n]: reason for n, reason in picks.items()},
            )
        },
    )


def spot_points(taking) -> Decimal:
    return taking.attempt.responses.get(question=taking.spot).points


def test_submit_gives_half_a_sentences_share_to_the_pick_and_half_to_the_reason(taking):
    # Key: sentences 2 (unsupported) and 4 (inaccurate); the question is worth 1 point.
    answer_spot(taking, {2: "no_evidence", 4: "too_vague"})
    attempt_submit(attempt=taking.attempt, student=taking.student)
    assert spot_points(taking) == Decimal("0.75")


def test_a_contested_sentence_costs_nothing_and_earns_nothing(taking):
    supported = taking.spot.section.sentences.get(position=3).label
    supported.contested, supported.contested_reason = True, "A fair reader could flag it."
    supported.save()
    answer_spot(taking, {2: "no_evidence", 3: "no_evidence", 4: "factually_wrong"})
    attempt_submit(attempt=taking.attempt, student=taking.student)
    assert spot_points(taking) == Decimal("1.00")


def test_the_review_shows_the_reason_beside_the_label_the_evidence_and_why_not_scored(taking):
    labels = {label.sentence.position: label for label in _labels(taking)}
    labels[4].evidence = "The treaty's own text would settle it."
    labels[4].save()
    labels[3].contested, labels[3].contested_reason = True, "Readers could fairly differ."
    labels[3].save()
    answer_spot(taking, {2: "too_vague", 3: "no_evidence", 4: "factually_wrong"})
    attempt_submit(attempt=taking.attempt, student=taking.student)

    html = get_ok(
        taking.client, reverse("quizzes:attempt_review", args=[taking.attempt.pk])
    ).content.decode()

    assert "Your reason: it is too vague to check" in html
    assert "The problem: no evidence is given" in html
    assert "Your reason: it is factually wrong" in html
    assert "Right reason" in html
    assert "What would settle it:</span> The treaty&#x27;s own text would settle it." in html
    assert "Not scored: a judgement call" in html
    assert "Why it is not scored:</span> Readers could fairly differ." in html
    assert "50% of its share for the tick and 50% for the right reason" in html


def test_the_teachers_review_shows_each_reason_and_judgement_call(taking):
    labels = {label.sentence.position: label for label in _labels(taking)}
    labels[3].contested = True
    labels[3].save()
    answer_spot(taking, {2: "too_vague", 4: "factually_wrong"})
    attempt_submit(attempt=taking.attempt, student=taking.student)
    from tests.factories import TeacherFactory

    teacher = TeacherFactory()
    taking.classroom.teachers.add(teacher)
    taking.client.force_login(teacher)
    html = get_ok(
        taking.client, reverse("results:attempt_detail", args=[taking.attempt.pk])
    ).content.decode()
    assert "Reason: it is too vague to check ✗" in html
    assert "Reason: it is factually wrong ✓" in html
    assert "Not scored (judgement call)" in html


def _labels(taking):
    from lessons.models import ClaimLabel

    return ClaimLabel.objects.filter(sentence__section=taking.spot.section).select_related(
        "sentence"
    )

"""Student quiz pages through the Django client: the whole attempt life cycle, what the
take page never reveals, tampering refusals, and query counts that do not grow."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Response, ResponseChoice, ResponseSentence
from quizzes.services import TIME_UP_MESSAGE, attempt_submit, response_save
from tests.factories import (
    KEY_MARKER,
    QuestionFactory,
    SentenceFactory,
    StudentFactory,
    TeacherFactory,
    assigned_quiz,
    enrolled_student,
    quiz_with_every_kind,
)
from tests.helpers import get_ok, signed_in
from tests.quizzes.helpers import intro_url, question_of, sentence_id, started

pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture
def setup(client):
    setup = assigned_quiz()
    client.force_login(setup.student)
    setup.client = client
    return setup


def choice_id(question, text) -> int:
    return question.choices.get(text=text).pk


def url(name, *args) -> str:
    return reverse(f"quizzes:{name}", args=args)


def start_url(setup) -> str:
    return url("attempt_start", setup.assignment.pk, setup.quiz.pk)


def right_answers(quiz) -> dict[str, list[str]]:
    """The no-JavaScript form data answering every question right."""
    data: dict[str, list[str]] = {"question": []}
    for question in quiz.questions.all():
        prefix = f"q{question.pk}"
        data["question"].append(str(question.pk))
        if question.kind == "single_choice":
            data[f"{prefix}-choice"] = [str(choice_id(question, "Option B"))]
        elif question.kind == "multiple_choice":
            data[f"{prefix}-choice"] = [
                str(choice_id(question, "Option A")),
                str(choice_id(question, "Option C")),
            ]
        elif question.kind == "true_false":
            data[f"{prefix}-choice"] = [str(choice_id(question, "True"))]
        elif question.kind == "short_answer":
            data[f"{prefix}-text"] = ["Pyongyang"]
        else:
            data[f"{prefix}-sentence"] = [
                str(sentence_id(question, 2)),
                str(sentence_id(question, 4)),
            ]
    return data


def snapshot(attempt):
    return (
        sorted(ResponseChoice.objects.values_list("response_id", "choice_id")),
        sorted(ResponseSentence.objects.values_list("response_id", "sentence_id")),
        sorted(
            Response.objects.filter(attempt=attempt).values_list("pk", "text", "saved_at", "points")
        ),
        Attempt.objects.filter(pk=attempt.pk).values_list("status", "score").get(),
    )


SECRETS = (KEY_MARKER, "is_correct", "correct", "cw-claim--", "cw-tag--", "inaccurate")


def assert_reveals_nothing(text: str) -> None:
    lowered = text.lower()
    for secret in SECRETS:
        assert secret.lower() not in lowered, f"{secret!r} leaked"


class _Controls(HTMLParser):
    """Collects answer inputs and whether each is labelled."""

    def __init__(self):
        super().__init__()
        self.inputs: list[tuple[str | None, bool, dict]] = []
        self.label_for: set[str] = set()
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label":
            self.depth += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        elif tag == "input" and attributes.get("type") in ("radio", "checkbox", "text"):
            self.inputs.append((attributes.get("id"), self.depth > 0, attributes))

    def handle_endtag(self, tag):
        if tag == "label":
            self.depth -= 1


# --- intro and start -------------------------------------------------------------------


def test_intro_page_explains_the_quiz_and_offers_to_start(setup):
    page = setup.client.get(intro_url(setup))
    assert page.status_code == 200
    html = page.content.decode()
    assert setup.quiz.title in html
    assert "1 allowed" in html
    assert "No time limit." in html
    assert "Your best attempt counts." in html
    assert "Start attempt" in html
    assert "No attempts yet" in html
    # The breadcrumb leads back to the reading, for a student who wants the text again.
    reading = reverse("lessons:reading", args=[setup.assignment.pk])
    assert f'<a href="{reading}">{setup.assignment.lesson.title}</a>' in html
    assert_reveals_nothing(html)


def test_start_redirects_to_the_take_page_and_a_double_click_makes_one_attempt(setup):
    first = setup.client.post(start_url(setup))
    second = setup.client.post(start_url(setup))
    attempt = Attempt.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == url("attempt_take", attempt.pk)
    intro = setup.client.get(intro_url(setup)).content.decode()
    assert "Continue attempt 1" in intro


def test_start_needs_post(setup):
    assert setup.client.get(start_url(setup)).status_code == 405
    assert not Attempt.objects.exists()


def test_start_beyond_the_limit_explains_why(setup):
    attempt_submit(attempt=started(setup), student=setup.student)
    page = setup.client.post(start_url(setup), follow=True)
    html = page.content.decode()
    assert "You have used all 1 attempt allowed for this quiz." in html
    assert Attempt.objects.count() == 1


def test_intro_refuses_students_outside_the_class_and_teachers(setup):
    for user in (StudentFactory(), TeacherFactory()):
        setup.client.force_login(user)
        assert setup.client.get(intro_url(setup)).status_code == 404
        assert setup.client.post(start_url(setup)).status_code == 404
    assert not Attempt.objects.exists()


def test_assignment_not_open_yet_is_refused_with_its_opening_time():
    setup = assigned_quiz(assignment_kwargs={"opens_at": timezone.now() + timedelta(days=2)})
    client = Client()
    client.force_login(setup.student)
    page = client.get(intro_url(setup))
    assert page.status_code == 403
    assert "This reading opens on" in page.content.decode()
    assert client.post(start_url(setup)).status_code == 403
    assert not Attempt.objects.exists()


def test_draft_quiz_or_quiz_of_another_lesson_is_not_found(setup):
    draft = quiz_with_every_kind(lesson=setup.lesson, status="draft")
    elsewhere = quiz_with_every_kind()
    for quiz in (draft, elsewhere):
        assert setup.client.get(url("quiz_intro", setup.assignment.pk, quiz.pk)).status_code == 404
        assert (
            setup.client.post(url("attempt_start", setup.assignment.pk, quiz.pk)).status_code == 404
        )
    assert not Attempt.objects.exists()


# --- the take page ---------------------------------------------------------------------


def test_take_page_shows_every_kind_with_labelled_native_inputs(setup):
    attempt = started(setup)
    page = setup.client.get(url("attempt_take", attempt.pk))
    assert page.status_code == 200
    html = page.content.decode()
    parser = _Controls()
    parser.feed(html)
    kinds = {attributes["type"] for _, _, attributes in parser.inputs}
    assert kinds == {"radio", "checkbox", "text"}
    for input_id, inside_label, attributes in parser.inputs:
        assert inside_label or input_id in parser.label_for, attributes
    # Spot the claim: one checkbox per sentence, inside a label holding the sentence.
    spot = question_of(setup.quiz, "spot_claim")
    for sentence in spot.section.sentences.all():
        assert re.search(
            rf'<label class="cw-sentence-option[^"]*">\s*<input type="checkbox" '
            rf'name="q{spot.pk}-sentence" value="{sentence.pk}">\s*'
            rf'<span class="cw-sentence-option__text">{re.escape(sentence.text)}</span>',
            html,
        ), sentence.text
    short = question_of(setup.quiz, "short_answer")
    assert f'name="q{short.pk}-text"' in html
    assert 'maxlength="500"' in html
    # The passage of a section-linked question is shown beside it, named after its
    # question so that several passages of one section stay distinct landmarks.
    assert re.search(r'aria-label="Passage for question \d+: The claims"', html)
    assert "quiz-autosave.js" in html
    assert "Question 5" in html
    assert "{#" not in html and "{%" not in html  # no template syntax leaks as text


def test_take_page_html_and_every_json_reply_reveal_no_key(setup):
    attempt = started(setup)
    html = setup.client.get(url("attempt_take", attempt.pk)).content.decode()
    assert_reveals_nothing(html)
    data = right_answers(setup.quiz)
    for question in setup.quiz.questions.all():
        prefix = f"q{question.pk}-"
        payload = {key: value for key, value in data.items() if key.startswith(prefix)}
        reply = setup.client.post(url("response_save", attempt.pk, question.pk), payload)
        assert reply.status_code == 200
        body = reply.json()
        assert set(body) == {"saved", "saved_at", "saved_at_display", "answered"}
        assert body["saved"] is True and body["answered"] == {str(question.pk): True}
        assert_reveals_nothing(reply.content.decode())
    # Refusals reveal nothing either.
    single = question_of(setup.quiz, "single_choice")
    refusal = setup.client.post(
        url("response_save", attempt.pk, single.pk), {f"q{single.pk}-choice": ["x"]}
    )
    assert refusal.status_code == 400
    assert_reveals_nothing(refusal.content.decode())
    # Reloading with every right answer ticked still reveals nothing.
    reloaded = setup.client.get(url("attempt_take", attempt.pk)).content.decode()
    assert_reveals_nothing(reloaded)
    assert reloaded.count(" checked") == 6  # 1 + 2 + 1 choices, 2 sentences
    submit_page = setup.client.get(url("attempt_submit", attempt.pk)).content.decode()
    assert_reveals_nothing(submit_page)
    saved_page = setup.client.post(url("attempt_save", attempt.pk), data, follow=True)
    assert_reveals_nothing(saved_page.content.decode())


def test_autosave_keeps_answers_across_a_reload(setup):
    attempt = started(setup)
    spot = question_of(setup.quiz, "spot_claim")
    short = question_of(setup.quiz, "short_answer")
    setup.client.post(
        url("response_save", attempt.pk, spot.pk),
        {f"q{spot.pk}-sentence": [sentence_id(spot, 1), sentence_id(spot, 4)]},
    )
    setup.client.post(url("response_save", attempt.pk, short.pk), {f"q{short.pk}-text": "Seoul"})
    html = setup.client.get(url("attempt_take", attempt.pk)).content.decode()
    assert f'value="{sentence_id(spot, 1)}" checked' in html
    assert f'value="{sentence_id(spot, 4)}" checked' in html
    assert f'value="{sentence_id(spot, 2)}">' in html
    assert 'value="Seoul"' in html
    assert html.count("cw-question-map__link is-answered") == 2


def test_save_without_javascript_saves_the_page_and_says_when(setup):
    attempt = started(setup)
    data = right_answers(setup.quiz)
    reply = setup.client.post(url("attempt_save", attempt.pk), {**data, "go": "stay"})
    assert reply.status_code == 302
    assert reply["Location"] == url("attempt_take", attempt.pk)
    page = setup.client.get(reply["Location"]).content.decode()
    assert re.search(r"Saved at \d\d:\d\d\.", page)
    assert Response.objects.filter(attempt=attempt, answered=True).count() == 5
    # Unticking everything on the page and saving clears it (browsers omit unticked boxes).
    setup.client.post(url("attempt_save", attempt.pk), {"question": data["question"]})
    assert not Response.objects.filter(attempt=attempt, answered=True).exists()
    assert not ResponseChoice.objects.exists() and not ResponseSentence.objects.exists()


def test_save_without_javascript_goes_where_the_button_says(setup):
    attempt = started(setup)
    data = right_answers(setup.quiz)
    to_submit = setup.client.post(url("attempt_save", attempt.pk), {**data, "go": "submit"})
    assert to_submit["Location"] == url("attempt_submit", attempt.pk)
    to_page = setup.client.post(url("attempt_save", attempt.pk), {**data, "go": "page-3"})
    assert to_page["Location"] == url("attempt_take", attempt.pk) + "?page=3"


def test_one_question_per_page_with_a_question_map():
    setup = assigned_quiz(layout="one")
    client = Client()
    client.force_login(setup.student)
    attempt = started(setup)
    page = client.get(url("attempt_take", attempt.pk) + "?page=2").content.decode()
    assert "question 2 of 5" in page
    assert page.count('class="cw-question card') == 1
    assert "Question 2" in page and "Question 3<" not in page
    assert page.count('name="go" value="page-') >= 5 + 2  # map plus previous/next
    assert 'aria-current="step"' in page
    # Enter in a text box uses the first submit button: it must save in place.
    first_submit = re.search(r'<button type="submit" form="cw-answers"[^>]*>', page).group(0)
    assert 'value="stay"' in first_submit
    assert "‹ Previous" in page and "Next ›" in page
    last = client.get(url("attempt_take", attempt.pk) + "?page=99").content.decode()
    assert "question 5 of 5" in last and "Finish attempt" in last
    junk = client.get(url("attempt_take", attempt.pk) + "?page=abc").content.decode()
    assert "question 1 of 5" in junk


def test_shuffled_order_is_stable_per_attempt_and_differs_between_seeds():
    setup = assigned_quiz(repeat=5, shuffle_questions=True, shuffle_choices=True)
    client = Client()
    client.force_login(setup.student)
    attempt = started(setup)

    def order():
        html = client.get(url("attempt_take", attempt.pk)).content.decode()
        return re.findall(r'data-question-id="(\d+)"', html), re.findall(
            r'name="q\d+-choice" id="q\d+-choice-(\d+)"', html
        )

    first = order()
    assert first == order()
    assert first[0] != sorted(first[0], key=int)
    Attempt.objects.filter(pk=attempt.pk).update(seed=attempt.seed + 1)
    assert order() != first


def test_timed_attempt_shows_the_time_left():
    setup = assigned_quiz(time_limit_minutes=30)
    client = Client()
    client.force_login(setup.student)
    attempt = started(setup)
    html = client.get(url("attempt_take", attempt.pk)).content.decode()
    assert re.search(r'id="cw-timer" data-remaining="1[78]\d\d"', html)
    assert re.search(r"Time left: <strong id=\"cw-timer-value\">(30:00|29:5\d)</strong>", html)


# --- submit and review -----------------------------------------------------------------


def test_whole_life_cycle_start_answer_submit_review(setup):
    start = setup.client.post(start_url(setup))
    attempt = Attempt.objects.get()
    assert start["Location"] == url("attempt_take", attempt.pk)
    data = right_answers(setup.quiz)
    short = question_of(setup.quiz, "short_answer")
    single = question_of(setup.quiz, "single_choice")
    del data[f"q{short.pk}-text"]
    data[f"q{single.pk}-choice"] = [str(choice_id(single, "Option A"))]  # wrong on purpose
    setup.client.post(url("attempt_save", attempt.pk), {**data, "go": "submit"})

    confirm = setup.client.get(url("attempt_submit", attempt.pk)).content.decode()
    short_number = re.search(r"Question (\d+)</a>:\s*<span aria-hidden=\"true\">○", confirm)
    assert "You have 1 unanswered question: " in confirm
    assert short_number is not None
    assert "Submit now" in confirm and "Back to the quiz" in confirm

    submitted = setup.client.post(url("attempt_submit", attempt.pk))
    assert submitted["Location"] == url("attempt_review", attempt.pk)
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.score == 3

    review = setup.client.get(url("attempt_review", attempt.pk)).content.decode()
    assert "Score: <strong>3 / 5</strong>" in review
    assert f"{KEY_MARKER}-explanation-" in review
    assert "Correct answer" in review and "Your answer" in review
    wrong_feedback = f"{KEY_MARKER}-feedback-{single.position}-1"
    assert wrong_feedback in review  # feedback of the picked (wrong) choice
    assert f"{KEY_MARKER}-feedback-{single.position}-2" not in review  # not of unpicked ones
    assert "Accepted answer: <strong>Pyongyang</strong>" in review
    # Spot the claim, sentence by sentence.
    assert review.count("You picked it") == 2
    assert review.count("You did not pick it") == 2
    assert review.count("In the key") == 2 and review.count("Not in the key") == 2
    assert 'class="cw-claim cw-claim--unsupported"' in review
    assert 'class="cw-tag cw-tag--inaccurate">Inaccurate' in review
    assert f"{KEY_MARKER}-label-2: why this is unsupported." in review

    # Submitting again (another tab) leads to the same review, graded once.
    again = setup.client.post(url("attempt_submit", attempt.pk), follow=True)
    assert again.redirect_chain[-1][0] == url("attempt_review", attempt.pk)
    assert "This attempt was already submitted." in again.content.decode()
    assert Attempt.objects.get().score == 3
    # The take page of a submitted attempt leads to its review.
    assert setup.client.get(url("attempt_take", attempt.pk))["Location"] == url(
        "attempt_review", attempt.pk
    )
    intro = setup.client.get(intro_url(setup)).content.decode()
    assert "3 / 5" in intro and "You have used all your attempts" in intro


def test_review_of_an_attempt_in_progress_sends_back_to_it(setup):
    attempt = started(setup)
    reply = setup.client.get(url("attempt_review", attempt.pk))
    assert reply["Location"] == url("attempt_take", attempt.pk)


@pytest.mark.parametrize(
    ("review_answers", "review_score", "expect"),
    [
        ("after_due", "immediately", "Answers will be shown after the due date, "),
        ("never", "immediately", "Your teacher has chosen not to show the right answers"),
        ("after_due", "after_due", "Your score will be shown after the due date, "),
    ],
)
def test_review_withholds_what_the_policy_withholds(client, review_answers, review_score, expect):
    setup = assigned_quiz(review_answers=review_answers, review_score=review_score)
    client.force_login(setup.student)
    attempt = started(setup)
    for question in setup.quiz.questions.all():
        if question.kind == "spot_claim":
            response_save(
                attempt=attempt,
                student=setup.student,
                question_id=question.pk,
                sentence_ids=[sentence_id(question, 2)],
            )
    attempt_submit(attempt=attempt, student=setup.student)
    html = client.get(url("attempt_review", attempt.pk)).content.decode()
    assert expect in html
    assert_reveals_nothing(html)
    assert "You picked it" in html  # the student's own answers are shown
    assert "In the key" not in html and "Not in the key" not in html
    if review_score == "after_due":
        assert "Score:" not in html
        due = timezone.localtime(setup.assignment.due_at)
        assert f"{due.day} {due:%b %H:%M}" in html
    else:
        assert "Score: <strong>0.5 / 5</strong>" in html


def test_review_after_the_due_date_releases_answers():
    past = timezone.now() - timedelta(days=3)
    setup = assigned_quiz(
        review_answers="after_due",
        review_score="after_due",
        assignment_kwargs={"opens_at": past, "due_at": past + timedelta(days=1)},
    )
    client = Client()
    client.force_login(setup.student)
    attempt = attempt_submit(attempt=started(setup), student=setup.student)
    html = client.get(url("attempt_review", attempt.pk)).content.decode()
    assert "Score: <strong>0 / 5</strong>" in html
    assert f"{KEY_MARKER}-explanation-" in html
    assert "Late" in html


# --- refusals --------------------------------------------------------------------------


def test_another_students_attempt_is_not_found_anywhere(setup):
    attempt = started(setup)
    single = question_of(setup.quiz, "single_choice")
    before = snapshot(attempt)
    other = enrolled_student(setup.classroom)
    setup.client.force_login(other)
    choice = {f"q{single.pk}-choice": [choice_id(single, "Option B")]}
    assert setup.client.get(url("attempt_take", attempt.pk)).status_code == 404
    assert (
        setup.client.post(
            url("attempt_save", attempt.pk), {"question": [single.pk], **choice}
        ).status_code
        == 404
    )
    json_reply = setup.client.post(url("response_save", attempt.pk, single.pk), choice)
    assert json_reply.status_code == 404 and json_reply.json()["saved"] is False
    assert setup.client.get(url("attempt_submit", attempt.pk)).status_code == 404
    assert setup.client.post(url("attempt_submit", attempt.pk)).status_code == 404
    assert setup.client.get(url("attempt_review", attempt.pk)).status_code == 404
    assert snapshot(attempt) == before


def test_anonymous_visitors_are_sent_to_sign_in(setup):
    attempt = started(setup)
    anonymous = Client()
    for name in ("attempt_take", "attempt_review", "attempt_submit"):
        reply = anonymous.get(url(name, attempt.pk))
        assert reply.status_code == 302 and "/accounts/login/" in reply["Location"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("choice_of_other_question", "That choice does not belong to this question."),
        ("sentence_of_other_section", "That sentence is not part of this question"),
        ("text_too_long", "Answers can be at most 500 characters long."),
        ("not_a_number", "could not be read."),
        ("two_radio_choices", "This question takes one answer only."),
    ],
)
def test_tampered_answers_get_400_with_a_message_and_change_nothing(setup, case, message):
    attempt = started(setup)
    single = question_of(setup.quiz, "single_choice")
    multiple = question_of(setup.quiz, "multiple_choice")
    spot = question_of(setup.quiz, "spot_claim")
    short = question_of(setup.quiz, "short_answer")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=single.pk,
        choice_ids=[choice_id(single, "Option C")],
    )
    before = snapshot(attempt)
    question, payload = {
        "choice_of_other_question": (
            single,
            {f"q{single.pk}-choice": [choice_id(multiple, "Option A")]},
        ),
        "sentence_of_other_section": (spot, {f"q{spot.pk}-sentence": [SentenceFactory().pk]}),
        "text_too_long": (short, {f"q{short.pk}-text": "y" * 501}),
        "not_a_number": (single, {f"q{single.pk}-choice": ["1 OR 1=1"]}),
        "two_radio_choices": (
            single,
            {
                f"q{single.pk}-choice": [
                    choice_id(single, "Option A"),
                    choice_id(single, "Option B"),
                ]
            },
        ),
    }[case]
    reply = setup.client.post(url("response_save", attempt.pk, question.pk), payload)
    assert reply.status_code == 400
    assert message in reply.json()["error"]
    assert reply.json()["saved"] is False
    form_reply = setup.client.post(
        url("attempt_save", attempt.pk), {"question": [question.pk], **payload}
    )
    assert form_reply.status_code == 400
    assert message in form_reply.content.decode()
    assert "Your answers were not saved" in form_reply.content.decode()
    assert snapshot(attempt) == before


def test_question_of_another_quiz_is_refused(setup):
    attempt = started(setup)
    stranger = QuestionFactory()
    before = snapshot(attempt)
    reply = setup.client.post(
        url("response_save", attempt.pk, stranger.pk), {f"q{stranger.pk}-text": "Seoul"}
    )
    assert reply.status_code == 400
    assert "not part of this attempt" in reply.json()["error"]
    assert (
        setup.client.post(url("attempt_save", attempt.pk), {"question": [stranger.pk]}).status_code
        == 400
    )
    assert snapshot(attempt) == before


def test_answers_after_the_time_limit_are_refused_and_the_attempt_submitted(client):
    setup = assigned_quiz(time_limit_minutes=10)
    client.force_login(setup.student)
    attempt = started(setup)
    single = question_of(setup.quiz, "single_choice")
    true_false = question_of(setup.quiz, "true_false")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=true_false.pk,
        choice_ids=[choice_id(true_false, "True")],
    )
    gone = timezone.now() - timedelta(minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=gone - timedelta(minutes=10), deadline_at=gone
    )
    reply = client.post(
        url("response_save", attempt.pk, single.pk),
        {f"q{single.pk}-choice": [choice_id(single, "Option B")]},
    )
    assert reply.status_code == 409
    assert reply.json()["error"] == TIME_UP_MESSAGE
    assert reply.json()["review_url"] == url("attempt_review", attempt.pk)
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.auto_submitted and attempt.score == 1
    assert not ResponseChoice.objects.filter(response__question=single).exists()
    # The no-JavaScript save is refused the same way, with the message on the page.
    form_reply = client.post(
        url("attempt_save", attempt.pk),
        {"question": [single.pk], f"q{single.pk}-choice": [choice_id(single, "Option B")]},
    )
    assert form_reply.status_code == 409
    assert TIME_UP_MESSAGE in form_reply.content.decode()
    review = client.get(url("attempt_review", attempt.pk)).content.decode()
    assert review.count(TIME_UP_MESSAGE) == 1


def test_opening_an_expired_attempt_submits_it_and_shows_the_review(client):
    setup = assigned_quiz(time_limit_minutes=10)
    client.force_login(setup.student)
    attempt = started(setup)
    gone = timezone.now() - timedelta(minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=gone)
    reply = client.get(url("attempt_take", attempt.pk), follow=True)
    assert reply.redirect_chain[-1][0] == url("attempt_review", attempt.pk)
    assert TIME_UP_MESSAGE in reply.content.decode()
    assert Attempt.objects.get().is_submitted


def test_time_up_on_a_fresh_save_says_time_is_up(client):
    setup = assigned_quiz(time_limit_minutes=10)
    client.force_login(setup.student)
    attempt = started(setup)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))
    single = question_of(setup.quiz, "single_choice")
    form_reply = client.post(
        url("attempt_save", attempt.pk),
        {"question": [single.pk], f"q{single.pk}-choice": [choice_id(single, "Option B")]},
    )
    assert form_reply.status_code == 409
    assert TIME_UP_MESSAGE in form_reply.content.decode()
    assert not ResponseChoice.objects.exists()


def test_posting_answers_to_a_submitted_attempt_is_409(setup):
    attempt = started(setup)
    attempt_submit(attempt=attempt, student=setup.student)
    single = question_of(setup.quiz, "single_choice")
    before = snapshot(attempt)
    payload = {f"q{single.pk}-choice": [choice_id(single, "Option B")]}
    reply = setup.client.post(url("response_save", attempt.pk, single.pk), payload)
    assert reply.status_code == 409
    assert "already been submitted" in reply.json()["error"]
    form_reply = setup.client.post(
        url("attempt_save", attempt.pk), {"question": [single.pk], **payload}
    )
    assert form_reply.status_code == 409
    assert "already been submitted" in form_reply.content.decode()
    assert snapshot(attempt) == before


def test_autosave_needs_the_csrf_token(setup):
    attempt = started(setup)
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(setup.student)
    single = question_of(setup.quiz, "single_choice")
    reply = guarded.post(
        url("response_save", attempt.pk, single.pk),
        {f"q{single.pk}-choice": [choice_id(single, "Option B")]},
    )
    assert reply.status_code == 403
    assert not ResponseChoice.objects.exists()


# --- query counts ----------------------------------------------------------------------


def _request(client, method: str, path: str, data=None):
    reply = getattr(client, method)(path, data or {})
    assert reply.status_code in (200, 302), (path, reply.status_code)


def _journey(repeat: int):
    """A student's requests through a whole attempt, in order: (step, client, method, path,
    data), each made by the caller before the next is built."""
    setup = assigned_quiz(repeat=repeat, attempts_allowed=None)
    client = signed_in(setup.student)
    yield "intro", client, "get", intro_url(setup), None
    yield "start", client, "post", start_url(setup), None
    attempt = Attempt.objects.get(student=setup.student)
    yield "take", client, "get", url("attempt_take", attempt.pk), None
    spot = question_of(setup.quiz, "spot_claim")
    picked = {f"q{spot.pk}-sentence": [sentence_id(spot, 2), sentence_id(spot, 4)]}
    yield "autosave", client, "post", url("response_save", attempt.pk, spot.pk), picked
    yield "save_page", client, "post", url("attempt_save", attempt.pk), right_answers(setup.quiz)
    yield "submit_page", client, "get", url("attempt_submit", attempt.pk), None
    yield "submit", client, "post", url("attempt_submit", attempt.pk), None
    yield "review", client, "get", url("attempt_review", attempt.pk), None
    yield "intro_after", client, "get", intro_url(setup), None
    yield "restart", client, "post", start_url(setup), None


#: Pinned per page; a change must be explained. Equal for a 5- and a 50-question quiz.
#: Every attempt page reads the attempt, its quiz, assignment, lesson and class and the
#: student's enrolment in one query (quizzes.selectors.attempt_get_for_student). An
#: autosave is the session, the user, that read under a lock, the responses, the check of
#: the picked ids, one delete and one insert of picks, one update of the response.
QUERIES = {
    "intro": 6,
    "start": 12,
    "take": 8,
    "autosave": 10,  # 8 plus the SAVEPOINT/RELEASE pair of the test's outer transaction
    "save_page": 14,
    "submit_page": 8,
    "submit": 13,
    "review": 8,
    "intro_after": 6,
    "restart": 12,
}


def test_query_counts_do_not_grow_with_the_number_of_questions(
    query_count, django_assert_num_queries
):
    small = {step: query_count(_request, *call) for step, *call in _journey(repeat=1)}
    large = {step: query_count(_request, *call) for step, *call in _journey(repeat=10)}
    assert small == large
    for step, *call in _journey(repeat=10):
        with django_assert_num_queries(QUERIES[step], info=step):
            _request(*call)


def test_take_page_query_count_is_pinned(setup, django_assert_num_queries):
    attempt = started(setup)
    with django_assert_num_queries(QUERIES["take"]):
        get_ok(setup.client, url("attempt_take", attempt.pk))


def test_json_reply_is_json(setup):
    attempt = started(setup)
    short = question_of(setup.quiz, "short_answer")
    reply = setup.client.post(
        url("response_save", attempt.pk, short.pk),
        {f"q{short.pk}-text": "", f"q{short.pk}-clear": "1"},
    )
    assert reply["Content-Type"] == "application/json"
    assert json.loads(reply.content)["answered"] == {str(short.pk): False}

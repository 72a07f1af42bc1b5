"""Browser journeys of autosave under pressure: three students ticking every control of the
demo quiz at once; a save endpoint that fails (503, then no network) and recovers with no
click; a reload while saves are failing, which restores the unsaved picks from the
browser's own copy."""

import logging
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from lessons.models import Assignment
from quizzes.models import Attempt, Quiz, Response
from tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_csp_violations,
    save_screenshots,
    sign_in,
    watch_csp,
)
from tests.factories import assigned_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUTOSAVE = re.compile(r"/attempts/\d+/autosave/$")
RECOVERY_TIMEOUT = 20_000  # backoff 1 + 2 + 4 + 8 s, with jitter, and some room


def status(page):
    return page.locator("#cw-save-status")


def start_quiz(page, assignment, quiz) -> None:
    page.goto(page.base_url + reverse("quizzes:quiz_intro", args=[assignment.pk, quiz.pk]))
    page.get_by_role("button", name="Start attempt").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))


def picks(attempt) -> dict[int, tuple]:
    return {
        r.question_id: (
            sorted(r.responsechoice_set.values_list("choice_id", flat=True)),
            sorted(r.responsesentence_set.values_list("sentence_id", flat=True)),
            r.text,
        )
        for r in Response.objects.filter(attempt=attempt)
    }


@pytest.fixture
def server_errors(caplog):
    caplog.set_level(logging.ERROR)
    return lambda: [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_three_students_tick_every_control_at_once_and_nothing_is_lost(
    browser, live_server, server_errors
):
    call_command("seed_demo", stdout=StringIO())
    assignment = Assignment.objects.get()
    quiz = Quiz.objects.get()
    pages = []
    csp_violations: list[str] = []
    for number in (1, 2, 3):
        context = browser.new_context()
        csp_violations.extend(watch_csp(context))
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        sign_in(page, f"student{number}")
        page.wait_for_url("**/dashboard/")
        start_quiz(page, assignment, quiz)
        pages.append(page)

    # Every control: each checkbox ticked, each radio chosen in turn (the last one stays),
    # each text box filled; the three students' clicks interleaved.
    controls = [
        page.locator("#cw-answers input[type=checkbox], #cw-answers input[type=radio]")
        for page in pages
    ]
    counts = [c.count() for c in controls]
    assert counts[0] > 50 and len(set(counts)) == 1
    for index in range(counts[0]):
        for control in controls:
            control.nth(index).check()
    for page_number, page in enumerate(pages, start=1):
        boxes = page.locator("#cw-answers input[type=text]")
        for index in range(boxes.count()):
            boxes.nth(index).fill(f"student{page_number} answer {index}")
    for page in pages:
        expect(status(page)).to_have_attribute("data-state", "saved", timeout=RECOVERY_TIMEOUT)

    for page_number, page in enumerate(pages, start=1):
        expected_radios = page.evaluate(
            """() => Array.from(document.querySelectorAll('#cw-answers input[type=radio]'))
                 .filter(r => r.checked).map(r => r.value).sort()"""
        )
        page.reload()
        boxes = page.locator("#cw-answers input[type=checkbox]")
        unticked = [i for i in range(boxes.count()) if not boxes.nth(i).is_checked()]
        assert unticked == [], f"student{page_number} lost {len(unticked)} ticks"
        radios = page.evaluate(
            """() => Array.from(document.querySelectorAll('#cw-answers input[type=radio]'))
                 .filter(r => r.checked).map(r => r.value).sort()"""
        )
        assert radios == expected_radios
        texts = page.locator("#cw-answers input[type=text]")
        for index in range(texts.count()):
            expect(texts.nth(index)).to_have_value(f"student{page_number} answer {index}")
        expect(page.locator(".cw-question-map__link.is-answered")).to_have_count(18)

    assert Attempt.objects.count() == 3
    assert server_errors() == []
    for page in pages:
        page.context.close()
    assert_no_csp_violations(csp_violations)


def test_failed_saves_retry_by_themselves_and_recover_without_a_click(browser_page):
    page = browser_page
    setup = assigned_quiz(layout="one")
    sign_in(page, setup.student.username)
    page.wait_for_url("**/dashboard/")
    start_quiz(page, setup.assignment, setup.quiz)
    attempt = Attempt.objects.get()
    single = setup.quiz.questions.get(kind="single_choice")

    # The server answers 503 to every save.
    def busy(route):
        route.fulfill(
            status=503,
            headers={"Retry-After": "5", "Content-Type": "application/json"},
            body='{"saved": false, "code": "unavailable", "error": "The server is busy."}',
        )

    page.route(AUTOSAVE, busy)
    with page.expect_request(AUTOSAVE):
        page.get_by_label("Option B").check()
    expect(status(page)).to_have_text(
        re.compile(r"^Not saved yet — the server is busy, retrying in \d+ s$")
    )
    expect(status(page)).to_have_attribute("data-state", "retrying")
    expect(page.get_by_role("button", name="Retry now")).to_be_visible()
    with page.expect_request(AUTOSAVE) as retry:  # it retries by itself
        pass
    assert f'name="q{single.pk}-choice"' in retry.value.post_data
    assert_no_axe_violations(page)
    save_screenshots(page, "quiz-take-retrying")

    # The server recovers: the next retry saves, with no click.
    page.unroute(AUTOSAVE, busy)
    expect(status(page)).to_have_text(re.compile(r"^Saved \d\d:\d\d$"), timeout=RECOVERY_TIMEOUT)
    chosen = single.choices.get(text="Option B").pk
    assert picks(attempt)[single.pk][0] == [chosen]

    # Offline: the status says so, and the answer goes out when the network is back.
    page.context.set_offline(True)
    page.get_by_role("button", name="Next ›").evaluate("b => b.scrollIntoView()")
    page.get_by_label("Option C").check()
    expect(status(page)).to_have_text("Not saved yet — you are offline, retrying")
    page.context.set_offline(False)
    expect(status(page)).to_have_text(re.compile(r"^Saved \d\d:\d\d$"), timeout=RECOVERY_TIMEOUT)
    assert picks(attempt)[single.pk][0] == [single.choices.get(text="Option C").pk]


def test_a_reload_while_saves_fail_restores_the_unsaved_picks_and_sends_them(browser_page):
    page = browser_page
    setup = assigned_quiz()
    sign_in(page, setup.student.username)
    page.wait_for_url("**/dashboard/")
    start_quiz(page, setup.assignment, setup.quiz)
    attempt = Attempt.objects.get()
    single = setup.quiz.questions.get(kind="single_choice")
    true_false = setup.quiz.questions.get(kind="true_false")
    short = setup.quiz.questions.get(kind="short_answer")

    page.route(AUTOSAVE, lambda route: route.fulfill(status=503, body="busy"))
    q1, q3, q4 = (page.locator(f"#question-{n}") for n in (1, 3, 4))
    q1.get_by_label("Option B").check()
    q3.get_by_label("True").check()
    q4.get_by_label("Your answer").fill("Pyongyang")
    expect(status(page)).to_have_attribute("data-state", "retrying")
    assert picks(attempt)[single.pk] == ([], [], "")

    # Leaving with unsaved answers asks first.
    dialogs = []

    def leave_anyway(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave_anyway)
    page.reload()
    assert dialogs == ["beforeunload"]

    expect(page.locator("#cw-restored-notice")).to_have_text(
        "3 answers you gave earlier had not reached the server. "
        "They are back in the form and being saved now."
    )
    expect(q1.get_by_label("Option B")).to_be_checked()
    expect(q3.get_by_label("True")).to_be_checked()
    expect(q4.get_by_label("Your answer")).to_have_value("Pyongyang")
    assert_no_axe_violations(page)
    save_screenshots(page, "quiz-take-restored")

    page.unroute(AUTOSAVE)
    expect(status(page)).to_have_text(re.compile(r"^Saved \d\d:\d\d$"), timeout=RECOVERY_TIMEOUT)
    stored = picks(attempt)
    assert stored[single.pk][0] == [single.choices.get(text="Option B").pk]
    assert stored[true_false.pk][0] == [true_false.choices.get(text="True").pk]
    assert stored[short.pk][2] == "Pyongyang"

    # Saved: a reload restores nothing more, and leaving asks nothing.
    page.reload()
    expect(page.locator("#cw-restored-notice")).to_be_hidden()
    assert dialogs == ["beforeunload"]

"""Browser journey: a student takes a quiz of every kind, with autosave, and reviews it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from quizzes.models import Attempt
from tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_csp_violations,
    save_screenshots,
    sign_in,
    wait_until_saved,
    watch_csp,
)
from tests.factories import assigned_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_student_takes_a_quiz_of_every_kind_reloads_submits_and_reviews(browser_page):
    page = browser_page
    setup = assigned_quiz(time_limit_minutes=30, title="Checking the claims")
    sign_in(page, setup.student.username)
    page.wait_for_url("**/dashboard/")

    # The dashboard lists the quiz (through quizzes.extension); open its intro page.
    page.get_by_role("link", name="Quiz: Checking the claims").click()
    intro = reverse("quizzes:quiz_intro", args=[setup.assignment.pk, setup.quiz.pk])
    page.wait_for_url(page.base_url + intro)
    expect(page.get_by_role("heading", name="Checking the claims", level=1)).to_be_visible()
    save_screenshots(page, "quiz-intro")
    page.get_by_role("button", name="Start attempt").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(page.locator("#cw-timer-value")).to_have_text(re.compile(r"^(30:00|29:\d\d)$"))

    # Questions are not shuffled: 1 single, 2 multiple, 3 true/false, 4 short, 5 spot.
    q1, q2, q3, q4, q5 = (page.locator(f"#question-{n}") for n in range(1, 6))
    q1.get_by_text("Option B", exact=True).click()
    wait_until_saved(page)
    expect(page.locator("#cw-save-status")).to_have_text(re.compile(r"^Saved \d\d:\d\d$"))
    first_in_map = page.get_by_role("navigation", name="Questions").get_by_role("link").first
    expect(first_in_map).to_contain_text("answered")
    q2.get_by_text("Option A", exact=True).click()
    q2.get_by_text("Option C", exact=True).click()
    q3.get_by_text("True", exact=True).click()
    wait_until_saved(page)

    # A reload (or a crashed tab) loses nothing that was saved.
    page.reload()
    expect(q1.get_by_label("Option B")).to_be_checked()
    expect(q2.get_by_label("Option A")).to_be_checked()
    expect(q2.get_by_label("Option C")).to_be_checked()
    expect(q2.get_by_label("Option B")).not_to_be_checked()
    expect(q3.get_by_label("True")).to_be_checked()

    q4.get_by_label("Your answer").fill("Pyongyang")
    wait_until_saved(page)
    # Spot the claim: click the sentences themselves (their label text).
    q5.get_by_text("Everyone in the region secretly agrees with this policy.").click()
    q5.get_by_text("The treaty was signed in 1995.").click()
    wait_until_saved(page)
    # Picked sentences show it by the ticked box and the border, at the passage's full width.
    picked = q5.locator(".cw-sentence-option").filter(has_text="secretly agrees")
    unpicked = q5.locator(".cw-sentence-option").filter(has_text="1,400")
    expect(picked.get_by_role("checkbox")).to_be_checked()
    expect(unpicked.get_by_role("checkbox")).not_to_be_checked()
    assert picked.evaluate("e => getComputedStyle(e).borderColor") != unpicked.evaluate(
        "e => getComputedStyle(e).borderColor"
    )
    expect(page.locator(".cw-question-map__link.is-answered")).to_have_count(5)
    assert_no_axe_violations(page)
    page.evaluate("window.scrollTo(0, 0)")  # the sticky question map sits at the top
    save_screenshots(page, "quiz-take")

    page.reload()
    expect(q4.get_by_label("Your answer")).to_have_value("Pyongyang")
    expect(
        q5.get_by_label("Everyone in the region secretly agrees with this policy.")
    ).to_be_checked()
    expect(q5.get_by_label("The treaty was signed in 1995.")).to_be_checked()
    expect(q5.get_by_label("The border is 1,400 kilometres long.")).not_to_be_checked()

    page.get_by_role("button", name="Finish attempt…").click()
    page.wait_for_url(re.compile(r"/submit/$"))
    expect(page.get_by_text("You have answered all 5 questions.")).to_be_visible()
    save_screenshots(page, "quiz-submit")
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url(re.compile(r"/review/$"))

    expect(page.get_by_test_id("score")).to_have_text("Score: 5 / 5 points")
    expect(page.get_by_text("Your attempt has been submitted.")).to_be_visible()
    expect(page.locator(".cw-tag--unsupported").first).to_have_text("Unsupported")
    expect(page.get_by_text("You picked it")).to_have_count(2)
    assert_no_axe_violations(page)
    save_screenshots(page, "quiz-review")

    attempt = Attempt.objects.get()
    assert attempt.is_submitted and attempt.score == 5


def test_take_page_works_without_javascript(browser, live_server):
    """The "Save answers" button keeps answers when scripts are off."""

    setup = assigned_quiz(layout="one")
    context = browser.new_context(java_script_enabled=False)
    csp_violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    try:
        sign_in(page, setup.student.username)
        page.wait_for_url("**/dashboard/")
        intro = reverse("quizzes:quiz_intro", args=[setup.assignment.pk, setup.quiz.pk])
        page.goto(page.base_url + intro)
        page.get_by_role("button", name="Start attempt").click()
        page.wait_for_url(re.compile(r"/attempts/\d+/$"))
        page.get_by_text("Option B", exact=True).click()
        page.get_by_role("button", name="Next ›").click()
        page.wait_for_url(re.compile(r"\?page=2$"))
        expect(page.get_by_text(re.compile(r"^Saved at \d\d:\d\d\.$"))).to_be_visible()
        page.get_by_role("button", name="‹ Previous").click()
        page.wait_for_url(re.compile(r"\?page=1$"))
        expect(page.get_by_label("Option B")).to_be_checked()
        save_screenshots(page, "quiz-take-one-per-page")
    finally:
        context.close()
    assert_no_csp_violations(csp_violations)

"""Browser journeys: a teacher imports GIFT into a quiz in the admin (preview, confirm), and
reads the demo quiz's statistics for a class of 30, choosing which attempts count."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations, save_screenshots, sign_in
from tests.factories import QuizFactory, TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GIFT = (
    "::Capital::What is the capital of France? {=Paris#Yes. ~Lyon#No, though it is big.}\n\n"
    "::Year::In which year did the first test happen? {#2006}\n\n"
    "::Essay::Why does it matter? {}\n"
)


def test_teacher_imports_gift_with_a_preview_first(browser_page):
    from lessons.roles import sync_teacher_permissions

    page = browser_page
    teacher = TeacherFactory(username="mrs_t", first_name="Tess", last_name="Teacher")
    quiz = QuizFactory(title="Facts to check", status="draft", owner=teacher)
    sync_teacher_permissions()
    sign_in(page, "mrs_t")
    page.wait_for_url("**/teaching/")

    page.goto(f"{page.base_url}/admin/quizzes/quiz/{quiz.pk}/change/")
    page.get_by_role("link", name="Import GIFT…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import questions from GIFT")
    assert_no_axe_violations(page)
    page.get_by_label("Or paste GIFT text").fill(GIFT)
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Preview: 2 questions to add")).to_be_visible()
    expect(page.get_by_test_id("gift-draft")).to_have_count(2)
    expect(page.get_by_text("Not imported: the app has no essay questions")).to_be_visible()
    assert quiz.questions.count() == 0
    assert_no_axe_violations(page)
    save_screenshots(page, "gift-import-preview")

    page.get_by_role("button", name="Import these 2 questions").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Imported 2 questions from GIFT into “Facts to check” (Q1–Q2)"
    )
    assert list(quiz.questions.values_list("kind", flat=True)) == ["single_choice", "numerical"]


def test_teacher_reads_the_demo_statistics_and_chooses_first_attempts(browser_page):
    from benchmarks.demo_statistics import sample_class

    page = browser_page
    built = sample_class(students=30, seed=2026)
    sign_in(page, "teacher")
    page.wait_for_url("**/teaching/")
    page.goto(f"{page.base_url}/results/assignments/{built['assignment'].pk}/statistics/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statistics: Checking the claims")
    expect(page.get_by_test_id("attempts-counted")).to_contain_text("by 30 students")
    expect(page.get_by_role("heading", name="The quiz as a whole")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshots(page, "statistics-demo-class")

    page.get_by_label("Each student's first attempt").check()
    page.get_by_role("button", name="Show these attempts").click()
    expect(page).to_have_url(re.compile(r"attempts=first"))
    expect(page.get_by_test_id("attempts-counted")).to_contain_text(
        "Counts each student's first submitted attempt: 30 attempts by 30 students"
    )
    expect(page.locator('tr[data-figure="cic"] td').first).to_contain_text("%")
    assert_no_axe_violations(page)

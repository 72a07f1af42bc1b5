"""Critical reading in depth, in a browser (issue 13), on the real demo.

A class has answered the demo quiz. student1 ticks sentences of a spot-the-claim question,
choosing why for each with a native select that appears once the sentence is ticked;
submits; reads the review (their reason beside the label, what would settle it, why a
judgement call was not scored); sees their own skill profile on the dashboard. The teacher
lays the class's answers over the text as a heat map and opens the class's skill profile.
axe-core scans every page; screenshots at 390 and 1280 px land in test-artifacts/issue13-*.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.models import Assignment
from quizzes.answers import Answer
from quizzes.models import Question, Quiz
from quizzes.selectors import sentences_by_section, spot_claim_key_ids
from quizzes.services import attempt_save_answers, attempt_start, attempt_submit
from tests.browser.helpers import (
    ARTIFACTS,
    assert_no_axe_violations,
    save_screenshots,
    switch_user,
    wait_until_saved,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (("phone", 390), ("desktop", 1280))
REASON_FOR = {
    "unsupported": "no_evidence",
    "inaccurate": "factually_wrong",
    "logical_flaw": "does_not_follow",
    "vague": "too_vague",
}


def look(page, name: str, element: str | None = None) -> None:
    """No axe-core violation; the page (or one element of it) at 390 and 1280 px."""
    assert_no_axe_violations(page)
    if element is None:
        page.evaluate("window.scrollTo(0, 0)")
        save_screenshots(page, f"issue13-{name}", widths=WIDTHS)
        return
    ARTIFACTS.mkdir(exist_ok=True)
    # The take page's sticky bar would cover the element: hide it while shooting (with the
    # hidden attribute, as an inline style would break the page's CSP).
    hide_bar = "hidden => document.querySelectorAll('.cw-quiz-bar').forEach(b => b.hidden = hidden)"
    page.evaluate(hide_bar, True)
    for label, width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(element).screenshot(path=str(ARTIFACTS / f"issue13-{name}-{label}.png"))
    page.evaluate(hide_bar, False)
    page.set_viewport_size({"width": 1280, "height": 900})


def the_class_answers(assignment: Assignment, quiz: Quiz) -> None:
    """Students 2-25 answer every spot-the-claim question: student n catches the key
    sentences whose position is not a multiple of (n % 4 + 2), gives the right reason on
    every other catch, and flags the first sound sentence of a passage when n % 3 == 0."""
    questions = list(quiz.questions.filter(kind=Question.Kind.SPOT_CLAIM).order_by("position"))
    passages = sentences_by_section(q.section_id for q in questions)
    students = list(assignment.classroom.students.order_by("username"))
    for student in students:
        n = int(student.username.removeprefix("student"))
        if n == 1:
            continue
        attempt = attempt_start(quiz=quiz, assignment=assignment, student=student)
        answers = {}
        for question in questions:
            passage = passages[question.section_id]
            key = spot_claim_key_ids(question, passage)
            picks, reasons = set(), {}
            for index, sentence in enumerate(passage, start=1):
                label = sentence.label
                if sentence.pk in key and index % (n % 4 + 2):
                    picks.add(sentence.pk)
                    right = REASON_FOR.get(label.verdict, "no_evidence")
                    reasons[sentence.pk] = right if index % 2 else "too_vague"
            sound = [s for s in passage if s.pk not in key and not s.label.contested]
            if n % 3 == 0 and sound:
                picks.add(sound[0].pk)
                reasons[sound[0].pk] = "no_evidence"
            answers[question.pk] = Answer(sentence_ids=frozenset(picks), reasons=reasons)
        attempt_save_answers(attempt=attempt, student=student, answers=answers)
        attempt_submit(attempt=attempt, student=student)


def test_reasons_review_skill_profile_and_heat_map(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    call_command("seed_demo", stdout=StringIO())
    assignment = Assignment.objects.select_related("classroom", "lesson").get()
    quiz = Quiz.objects.get()
    the_class_answers(assignment, quiz)

    # student1 takes the quiz: a spot-the-claim question asks why for each ticked sentence.
    switch_user(page, "student1")
    page.goto(f"{page.base_url}/assignments/{assignment.pk}/quizzes/{quiz.pk}/")
    page.get_by_role("button", name="Start attempt").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    question = page.locator("#question-4")
    expect(question).to_contain_text("For each sentence you tick, choose why.")
    expect(question.locator("select:visible")).to_have_count(0)  # none ticked yet
    picks = {
        "From a strategic perspective": "factually_wrong",
        "After decades of isolation": "too_vague",
        "This makes it an unreliable partner": "does_not_follow",
        "China is also concerned": "no_evidence",
    }
    for opening, reason in picks.items():
        choice = question.locator(".cw-sentence-choice").filter(has_text=opening)
        choice.locator("label.cw-sentence-option").click()
        why = choice.get_by_role("combobox", name=re.compile(r"^Why\?"))
        expect(why).to_be_visible()
        why.select_option(reason)
    wait_until_saved(page)
    expect(question.locator("select:visible")).to_have_count(4)
    look(page, "spot-claim-reasons", element="#question-4")

    page.get_by_role("button", name="Finish attempt…").click()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url(re.compile(r"/review/$"))
    review = page.locator("#question-4")
    expect(review.get_by_text("Your reason: it is too vague to check")).to_be_visible()
    expect(review.get_by_text("The problem: it is factually wrong")).to_be_visible()
    expect(review.get_by_text("What would settle it:").first).to_be_visible()
    expect(review).to_contain_text("50% of its share for the tick and 50% for the right reason")
    geo = page.locator("#question-3")
    expect(geo.get_by_text("Not scored: a judgement call").first).to_be_visible()
    expect(geo.get_by_text("Why it is not scored:").first).to_be_visible()
    look(page, "review", element="#question-4")
    look(page, "review-judgement-calls", element="#question-3")

    page.goto(f"{page.base_url}/dashboard/")
    profile = page.get_by_test_id("skill-profile")
    expect(profile).to_contain_text("Your claim-checking skills")
    expect(profile).to_contain_text("Unsupported claims")
    expect(profile).to_contain_text("False alarms")
    expect(profile).to_contain_text("Reasons right")
    look(page, "skill-profile")

    # The teacher lays the class's answers over the text, and reads the class's profile.
    switch_user(page, "teacher")
    page.goto(f"{page.base_url}/teaching/lessons/{assignment.lesson_id}/")
    page.get_by_label("Lay a class's spot-the-claim answers over the text").select_option(
        str(assignment.pk)
    )
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_test_id("heat-key")).to_contain_text("25 students with a submitted answer")
    expect(page.locator(".cw-heat-figures").first).to_be_visible()
    expect(page.locator(".cw-sentence.cw-heat").first).to_be_visible()
    look(page, "heat-map")
    look(page, "heat-map-key", element=".cw-heat-controls")
    geo = page.locator("section.cw-teacher-section").filter(
        has=page.get_by_role("heading", name="Geopolitical Benefits", level=2)
    )
    geo.evaluate("section => section.classList.add('cw-shot-geo')")
    look(page, "heat-map-section", element=".cw-shot-geo")

    page.goto(f"{page.base_url}/results/classes/{assignment.classroom_id}/skills/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skill profile: Demo class")
    expect(page.locator("svg.cw-chart")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Student 1 "))).to_be_visible()
    look(page, "class-skills")

"""Browser journey on the real demo: ``seed_demo``'s article, notes, labels and 18-question
quiz, as a class would use them. A student reads and takes the quiz, a second student opens
a thread on a sentence, and the teacher looks at the reading, the results, the attempt, the
statistics and the discussion. axe-core scans every page; screenshots land in
test-artifacts/demo-*.png for a human look at phone and desktop width."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.models import Assignment, Sentence
from quizzes.models import Attempt
from tests.browser.helpers import (
    assert_no_axe_violations,
    save_screenshots,
    switch_user,
    wait_until_saved,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Why Does China Protect North Korea"
HEADINGS = [
    "Introduction",
    "Chinese Help in Times of Crisis",
    "Geopolitical Benefits",
    "Strategic Considerations",
    "UN Sanctions",
    "Conclusion",
    "About the author",
]

# What student1 answers, question by question (the demo quiz is not shuffled). Spot the
# claim: the sentences ticked, by their opening words, each with the reason chosen; choices
# by their opening words; typed answers as typed. Some right, some wrong, so the review has
# every outcome.
SPOT_PICKS = {
    1: {"While some aspects": "too_vague"},  # a judgement call, not scored: 3 / 3
    2: {"The Chinese government was quick": "factually_wrong", "This assistance": "no_evidence"},
    3: {  # three of the four in the key, a judgement call ticked: 3/4 x 3 = 2.25
        "By having North Korea as an ally": "factually_wrong",
        "This, in turn, gives them leverage": "does_not_follow",
        "Chinese banks, factories": "factually_wrong",
        "Furthermore, while North Korea": "factually_wrong",
    },
    4: {  # (1 + 1/2 + 1)/4 - 1/2 for the wrong pick = 1/8 of 3 = 0.38
        "From a strategic perspective": "factually_wrong",  # the second defensible verdict
        "After decades of isolation": "too_vague",  # the wrong reason: half its share
        "This makes it an unreliable partner": "does_not_follow",
        "China is also concerned": "no_evidence",  # a wrong pick
    },
    5: {  # 3 / 3
        "The Chinese government has consistently opposed": "factually_wrong",
        "However, it is also important": "does_not_follow",
    },
    6: {  # 3 / 3; the hedged sentence is a judgement call
        "It is clear that China": "does_not_follow",
        "Despite international pressure": "no_evidence",
        "In doing so, they are sending": "no_evidence",
    },
    7: {  # 3.5/4 of 2 = 1.75
        "Cassie Grissom is an American": "no_evidence",
        "She has been studying": "no_evidence",
        "In addition to her work": "factually_wrong",
        "She regularly shares": "no_evidence",
    },
}
CHOICE_PICKS = {
    9: ["Records of where Chinese troops"],  # right: 1
    10: ["China is also concerned"],  # wrong: 0
    11: ["It is clear that China"],  # right: 1
    12: ["In July 2006", "In September 2017"],  # 2 of 3: 1.33
    13: ["“North Korea serves as a buffer"],  # right: 1
    14: ["Her bylines"],  # right: 1
    15: ["Too vague to check"],  # wrong: 0
    17: ["False"],  # right: 1
    18: ["True"],  # wrong: 0
}
TYPED_ANSWERS = {8: ("Your answer (a number)", "17"), 16: ("Your answer", "several")}  # 2
EXPECTED_SCORE = "24.71 / 32"  # as the teacher's results show it
STUDENT_SCORE = "24.7 / 32"  # students see one decimal
QUESTIONS = 18


def look(page, name: str) -> None:
    """Every page of the journey: no axe-core violation, a screenshot at both widths."""
    assert_no_axe_violations(page)
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshots(page, f"demo-{name}")


def tick(question, opening_words: str) -> None:
    """Pick an answer by clicking its label, as a student does."""
    question.locator("label").filter(
        has_text=re.compile("^\\s*" + re.escape(opening_words))
    ).click()


def answer_control(page, number: int, opening_words: str):
    """The checkbox or radio of question `number` whose label starts with the words."""
    name = re.compile("^" + re.escape(opening_words))
    question = page.locator(f"#question-{number}")
    return question.get_by_role("checkbox", name=name).or_(question.get_by_role("radio", name=name))


def reason_of(question, opening_words: str):
    """The "why" select of a ticked sentence of a spot-the-claim question."""
    return question.locator(".cw-sentence-choice").filter(has_text=opening_words).locator("select")


def answer_question(page, number: int) -> None:
    question = page.locator(f"#question-{number}")
    if number in TYPED_ANSWERS:
        label, typed = TYPED_ANSWERS[number]
        question.get_by_label(label, exact=True).fill(typed)
    elif number in SPOT_PICKS:
        for opening, reason in SPOT_PICKS[number].items():
            tick(question, opening)
            reason_of(question, opening).select_option(reason)
    else:
        for opening in CHOICE_PICKS[number]:
            tick(question, opening)
    wait_until_saved(page)


def test_a_class_uses_the_demo_from_reading_to_results(browser_page):
    page = browser_page
    call_command("seed_demo", stdout=StringIO())
    assignment = Assignment.objects.get()

    # student1: the assignment is on the dashboard.
    switch_user(page, "student1")
    entry = page.get_by_test_id(f"assignment-{assignment.pk}")
    expect(entry).to_contain_text("Demo class")
    expect(entry).to_contain_text("0 of 7 sections read")
    look(page, "student-dashboard")

    # Reads section by section, marking each read, moving on with "Next".
    entry.get_by_role("link", name=TITLE, exact=True).click()
    for number, heading in enumerate(HEADINGS, start=1):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
        expect(page.get_by_text(f"Section {number} of 7")).to_be_visible()
        page.get_by_role("button", name="Mark this section as read").click()
        expect(page.get_by_test_id("progress")).to_contain_text(f"{number} of 7 sections read")
        if number == 5:
            look(page, "student-reading-section")
        if number < len(HEADINGS):
            page.get_by_role("link", name=re.compile(r"^Next")).click()
    expect(page.get_by_role("heading", name="When you have read it")).to_be_visible()
    # The bio is the last section, marked as the author's own description of themselves.
    expect(page.locator(".cw-sentence", has_text="Cassie Grissom is an American")).to_be_visible()
    expect(page.locator(".cw-bio-note")).to_contain_text("The author wrote this about themselves")
    html = page.content()
    assert "cw-claim" not in html and "cw-note" not in html
    look(page, "student-reading-end")

    # The quiz, from the end of the reading.
    page.get_by_role("link", name=re.compile(r"^Quiz: Checking the claims")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Checking the claims"))
    look(page, "quiz-intro")
    page.get_by_role("button", name="Start attempt").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(page.locator("section.cw-question")).to_have_count(QUESTIONS)
    expect(page.locator("#question-1 input[type=checkbox]")).to_have_count(3)
    expect(page.locator("#question-2")).to_contain_text(
        "Tick each sentence of “Chinese Help in Times of Crisis” that the question asks for."
    )

    for number in range(1, 10):
        answer_question(page, number)
    # A reload half-way keeps every answer, and every reason.
    page.reload()
    for opening, reason in SPOT_PICKS[4].items():
        expect(answer_control(page, 4, opening)).to_be_checked()
        expect(reason_of(page.locator("#question-4"), opening)).to_have_value(reason)
    expect(answer_control(page, 4, "The behavior")).not_to_be_checked()
    expect(answer_control(page, 9, "Records of where")).to_be_checked()
    expect(page.locator(".cw-question-map__link.is-answered")).to_have_count(9)

    for number in range(10, QUESTIONS + 1):
        answer_question(page, number)
    expect(page.locator(".cw-question-map__link.is-answered")).to_have_count(QUESTIONS)
    look(page, "quiz-take")

    page.get_by_role("button", name="Finish attempt…").click()
    expect(page.get_by_text(f"You have answered all {QUESTIONS} questions.")).to_be_visible()
    look(page, "quiz-submit")
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url(re.compile(r"/review/$"))
    expect(page.get_by_test_id("score")).to_have_text(f"Score: {STUDENT_SCORE} points")
    # Spot the claim, sentence by sentence: found, wrong pick and missed, with verdicts and
    # the reasons given beside them.
    fourth = page.locator("#question-4")
    expect(fourth.locator(".cw-review-sentence")).to_have_count(6)
    expect(fourth.get_by_text("Found", exact=True)).to_have_count(3)
    expect(fourth.get_by_text("Wrong pick", exact=True)).to_have_count(1)
    expect(fourth.get_by_text("Missed", exact=True)).to_have_count(1)
    expect(fourth.locator(".cw-tag--logical_flaw")).to_have_count(2)
    expect(fourth.locator(".cw-fact", has_text="Right reason")).to_have_count(2)
    expect(fourth.get_by_text("The problem: it is factually wrong")).to_be_visible()
    # A judgement call is not scored, and the review says why.
    expect(page.locator("#question-1").get_by_text("Not scored: a judgement call")).to_be_visible()
    look(page, "quiz-review")
    attempt = Attempt.objects.get()
    assert attempt.is_submitted

    opposed_sentence = Sentence.objects.get(
        section__heading="UN Sanctions", text__startswith="The Chinese government has consistently"
    )
    # student2 opens a thread on a sentence of "UN Sanctions" from the reading page.
    switch_user(page, "student2")
    page.get_by_test_id(f"assignment-{assignment.pk}").get_by_role(
        "link", name=TITLE, exact=True
    ).click()
    page.get_by_role("link", name=re.compile(r"UN Sanctions")).first.click()
    expect(page.get_by_role("heading", name="UN Sanctions", level=2)).to_be_visible()
    discuss = page.get_by_role("form", name="Discuss a sentence of UN Sanctions")
    discuss.get_by_label("Discuss a sentence of this section with your class").select_option(
        str(opposed_sentence.pk)
    )
    discuss.get_by_role("button", name="Discuss").click()
    opposed = page.get_by_role(
        "checkbox", name=re.compile("^The Chinese government has consistently opposed")
    )
    expect(opposed).to_be_checked()
    look(page, "discussion-new-thread")
    page.get_by_label("Title").fill("Did China really oppose the sanctions?")
    page.get_by_label("Your post").fill("The fact sheet says China voted for them. Who is right?")
    page.get_by_role("button", name="Post the thread").click()
    expect(page.get_by_text("Your thread is posted.")).to_be_visible()
    expect(page.get_by_test_id("anchored-text")).to_contain_text("consistently opposed")
    look(page, "discussion-thread-student")

    # The teacher: the reading with notes and labels, results, the attempt, statistics.
    switch_user(page, "teacher")
    look(page, "teacher-dashboard")
    page.get_by_test_id(f"teacher-assignment-{assignment.pk}").get_by_role(
        "link", name=TITLE, exact=True
    ).click()
    expect(page.get_by_role("heading", name="Claim labels in this lesson")).to_be_visible()
    expect(page.get_by_role("complementary", name="Teacher notes: Introduction")).to_be_visible()
    expect(page.locator(".cw-note").first).to_be_visible()
    expect(page.locator(".cw-tag--supported").first).to_be_visible()
    look(page, "teacher-reading")

    page.goto(f"{page.base_url}/teaching/")
    page.get_by_test_id(f"teacher-assignment-{assignment.pk}").get_by_role(
        "link", name=re.compile("^Results")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Results: {TITLE}")
    expect(page.get_by_test_id("result-row")).to_have_count(25)
    row = page.locator('[data-testid="result-row"][data-username="student1"]')
    expect(row.get_by_test_id("grade")).to_contain_text(EXPECTED_SCORE)
    expect(page.locator('[data-testid="result-row"][data-username="student3"]')).to_contain_text(
        "not started"
    )
    expect(page.get_by_test_id("completion")).to_contain_text("1 of 25")
    look(page, "teacher-results")

    row.get_by_role("link", name=re.compile("attempt 1")).click()
    expect(page.get_by_test_id("attempt-total")).to_have_text("24.71 / 32.00")
    look(page, "teacher-attempt")

    page.go_back()
    page.get_by_role("link", name="Question statistics").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statistics:")
    expect(page.locator("svg.cw-chart").first).to_be_visible()
    facility_chart = page.locator("svg.cw-chart", has=page.locator("#facility-chart-title"))
    expect(facility_chart).to_contain_text("Q1. Spot the claim: Introduction")
    look(page, "teacher-statistics")

    page.goto(f"{page.base_url}/teaching/")
    page.get_by_test_id(f"teacher-assignment-{assignment.pk}").get_by_role(
        "link", name=re.compile("^Discussion")
    ).click()
    expect(page.get_by_test_id("thread-list")).to_contain_text("consistently opposed")
    look(page, "teacher-discussion-list")
    page.get_by_role("link", name="Did China really oppose the sanctions?").click()
    expect(page.get_by_role("button", name="Pin thread")).to_be_visible()
    look(page, "teacher-discussion")

"""Browser journey on the real demo: ``seed_demo``'s article, notes, labels and 19-question
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
from tests.conftest import assert_no_axe_violations, save_screenshots, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Why Does China Protect North Korea"
HEADINGS = [
    "Introduction",
    "Chinese Help in Times of Crisis",
    "Geopolitical Benefits",
    "Strategic Considerations",
    "UN Sanctions",
    "Conclusion",
]

# What student1 answers, question by question (the demo quiz is not shuffled). Spot the
# claim: the sentences ticked, by their opening words; choices by their opening words;
# short answers as typed. Some right, some wrong, so the review has every outcome.
SPOT_PICKS = {
    1: ["The Chinese government was quick", "This assistance has allowed"],  # key: 3 / 3
    2: [  # the four sentences of the key: 3 / 3
        "By having North Korea as an ally",
        "This, in turn, gives them leverage",
        "Furthermore, while North Korea",
        "Chinese banks, factories",
    ],
    3: [  # three of four in the key, one wrong pick: (3/4 - 1/2) x 3 = 0.75
        "From a strategic perspective",
        "After decades of isolation",
        "This makes it an unreliable partner",
        "China is also concerned",
    ],
    4: ["The Chinese government has consistently opposed"],  # one of two: 1.5
    5: ["It is clear that China", "In doing so, they are sending"],  # key: 3 / 3
}
CHOICE_PICKS = {
    6: ["The Chinese government has consistently opposed"],  # right: 1
    7: ["There are several geopolitical benefits"],  # wrong: 0
    8: ["This makes it an unreliable partner"],  # right: 1
    9: ["The Chinese government was quick"],  # right: 1
    10: ["Despite international pressure"],  # wrong: 0
    11: ["China voted for every", "In 2022 China and Russia"],  # both right: 2
    12: ["“has consistently opposed", "“North Korea serves as a buffer"],  # 2 of 3: 1.33
    13: ["North Korea acts as a buffer", "It lets China keep troops"],  # 1 right, 1 wrong: 0
    14: ["False"],  # right: 1
    15: ["True"],  # wrong: 0
    16: ["True"],  # right: 1
}
SHORT_ANSWERS = {17: "1961", 18: "1950", 19: "ten"}  # right, wrong, right: 2
EXPECTED_SCORE = "21.58 / 32"


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)
    page.wait_for_url(re.compile(r".*/(dashboard|teaching)/$"))


def look(page, name: str) -> None:
    """Every page of the journey: no axe-core violation, a screenshot at both widths."""
    assert_no_axe_violations(page)
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshots(page, f"demo-{name}")


def wait_until_saved(page) -> None:
    expect(page.locator("#cw-save-status")).to_have_attribute("data-state", "saved")


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


def answer_question(page, number: int) -> None:
    question = page.locator(f"#question-{number}")
    if number in SHORT_ANSWERS:
        question.get_by_label("Your answer").fill(SHORT_ANSWERS[number])
    else:
        for opening in SPOT_PICKS.get(number) or CHOICE_PICKS[number]:
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
    expect(entry).to_contain_text("0 of 6 sections read")
    look(page, "student-dashboard")

    # Reads section by section, marking each read, moving on with "Next".
    entry.get_by_role("link", name=TITLE, exact=True).click()
    for number, heading in enumerate(HEADINGS, start=1):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
        expect(page.get_by_text(f"Section {number} of 6")).to_be_visible()
        page.get_by_role("button", name="Mark this section as read").click()
        expect(page.get_by_test_id("progress")).to_contain_text(f"{number} of 6 sections read")
        if number == 5:
            look(page, "student-reading-section")
        if number < len(HEADINGS):
            page.get_by_role("link", name=re.compile(r"^Next")).click()
    expect(page.get_by_role("heading", name="When you have read it")).to_be_visible()
    expect(page.get_by_text("Cassie Grissom is an American journalist")).to_be_visible()
    html = page.content()
    assert "cw-claim" not in html and "cw-note" not in html
    look(page, "student-reading-end")

    # The quiz, from the end of the reading.
    page.get_by_role("link", name=re.compile(r"^Quiz: Checking the claims")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Checking the claims"))
    look(page, "quiz-intro")
    page.get_by_role("button", name="Start attempt").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(page.locator("section.cw-question")).to_have_count(19)
    expect(page.locator("#question-1 input[type=checkbox]")).to_have_count(4)
    expect(page.locator("#question-2")).to_contain_text(
        "Tick each sentence of “Geopolitical Benefits” that the question asks for."
    )

    for number in range(1, 10):
        answer_question(page, number)
    # A reload half-way keeps every answer.
    page.reload()
    for opening in SPOT_PICKS[3]:
        expect(answer_control(page, 3, opening)).to_be_checked()
    expect(answer_control(page, 3, "The behavior")).not_to_be_checked()
    expect(answer_control(page, 7, "There are several")).to_be_checked()
    expect(answer_control(page, 7, "North Korea serves")).not_to_be_checked()
    expect(page.locator(".cw-question-map__link.is-answered")).to_have_count(9)

    for number in range(10, 20):
        answer_question(page, number)
    expect(page.locator(".cw-question-map__link.is-answered")).to_have_count(19)
    look(page, "quiz-take")

    page.get_by_role("button", name="Finish attempt…").click()
    expect(page.get_by_text("You have answered all 19 questions.")).to_be_visible()
    look(page, "quiz-submit")
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url(re.compile(r"/review/$"))
    expect(page.get_by_test_id("score")).to_have_text(f"Score: {EXPECTED_SCORE} points")
    # Spot the claim, sentence by sentence: found, wrong pick and missed, with verdicts.
    third = page.locator("#question-3")
    expect(third.locator(".cw-review-sentence")).to_have_count(6)
    expect(third.get_by_text("Found", exact=True)).to_have_count(3)
    expect(third.get_by_text("Wrong pick", exact=True)).to_have_count(1)
    expect(third.get_by_text("Missed", exact=True)).to_have_count(1)
    expect(third.locator(".cw-tag--logical_flaw")).to_have_count(2)
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
    expect(row.get_by_test_id("grade")).to_contain_text("21.58 / 32")
    expect(page.locator('[data-testid="result-row"][data-username="student3"]')).to_contain_text(
        "not started"
    )
    expect(page.get_by_test_id("completion")).to_contain_text("1 of 25")
    look(page, "teacher-results")

    row.get_by_role("link", name=re.compile("attempt 1")).click()
    expect(page.get_by_test_id("attempt-total")).to_have_text("21.58 / 32.00")
    look(page, "teacher-attempt")

    page.go_back()
    page.get_by_role("link", name="Question statistics").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statistics:")
    expect(page.locator("svg.cw-chart").first).to_be_visible()
    facility_chart = page.locator("svg.cw-chart", has=page.locator("#facility-chart-title"))
    expect(facility_chart).to_contain_text("Q1. Spot the claim: Chinese Help in Times of Crisis")
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

"""Browser journey: a teacher reviews results, overrides a point and downloads the CSV."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizzes.models import Response, ResponseChoice, ResponseSentence
from tests.browser.helpers import assert_no_axe_violations, save_screenshots, sign_in
from tests.factories import (
    AssignmentFactory,
    ChoiceFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    SentenceFactory,
    TeacherFactory,
    enrolled_student,
    graded_attempt,
    lesson_with_sections,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _class_with_results():
    teacher = TeacherFactory(username="mrs_t", first_name="Tess", last_name="Teacher")
    lesson = lesson_with_sections(
        sections=2, sentences_per_section=0, title="Why Does China Protect North Korea"
    )
    section = lesson.sections.get(position=1)
    texts = [
        "North Korea invaded the South on 25 June 1950.",
        "China entered the war to defend its ally from the start.",
        "Many analysts see the North as a buffer state.",
        "China's support let the North survive every sanction.",
    ]
    sentences = [
        SentenceFactory(section=section, position=n, text=text)
        for n, text in enumerate(texts, start=1)
    ]
    ClaimLabelFactory(sentence=sentences[0], verdict="supported")
    ClaimLabelFactory(sentence=sentences[1], verdict="inaccurate")
    ClaimLabelFactory(sentence=sentences[2], verdict="opinion")
    ClaimLabelFactory(sentence=sentences[3], verdict="unsupported")
    classroom = ClassroomFactory(name="Year 10 History", teachers=[teacher])
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = QuizFactory(lesson=lesson, title="Checking the claims", attempts_allowed=2)
    choice_q = QuestionFactory(
        quiz=quiz, position=1, points=1, prompt="When did Chinese troops enter the Korean War?"
    )
    right = ChoiceFactory(question=choice_q, position=1, text="October 1950", is_correct=True)
    ChoiceFactory(question=choice_q, position=2, text="June 1950")
    spot_q = QuestionFactory(
        quiz=quiz,
        position=2,
        kind="spot_claim",
        section=section,
        points=2,
        prompt="Select every sentence that the text does not support or gets wrong.",
    )
    students = [
        enrolled_student(classroom, username="ada", first_name="Ada", last_name="Lovelace"),
        enrolled_student(classroom, username="zoe", first_name="Zoë", last_name="Ñúñez"),
        enrolled_student(classroom, username="lilei", first_name="雷", last_name="李"),
    ]
    attempt = graded_attempt(
        assignment=assignment, quiz=quiz, student=students[0], points={choice_q: 1, spot_q: 1}
    )
    ResponseChoice.objects.create(
        response=Response.objects.get(attempt=attempt, question=choice_q), choice=right
    )
    spot = Response.objects.get(attempt=attempt, question=spot_q)
    for sentence in (sentences[1], sentences[2]):
        ResponseSentence.objects.create(response=spot, sentence=sentence)
    graded_attempt(
        assignment=assignment, quiz=quiz, student=students[1], points={choice_q: 1, spot_q: 2}
    )
    return assignment


def test_teacher_reviews_results_overrides_a_point_and_downloads_the_csv(browser_page, tmp_path):
    page = browser_page
    assignment = _class_with_results()
    sign_in(page, "mrs_t")
    page.wait_for_url("**/teaching/")

    page.goto(f"{page.base_url}/results/")
    page.get_by_role(
        "link", name=re.compile("^Why Does China Protect North Korea — results")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results:")
    expect(page.get_by_test_id("result-row")).to_have_count(3)
    expect(page.get_by_test_id("completion")).to_contain_text("2 of 3")
    assert_no_axe_violations(page)
    save_screenshots(page, "results")

    page.get_by_role("link", name="Ada Lovelace, attempt 1").click()
    total = page.get_by_test_id("attempt-total")
    expect(total).to_have_text("2.00 / 3.00")
    expect(page.locator(".cw-claim--inaccurate")).to_have_count(1)
    assert_no_axe_violations(page)
    save_screenshots(page, "results-attempt")

    question = page.locator("#question-2")
    question.get_by_text("Adjust").click()  # the form opens in place
    question.get_by_label(re.compile("Override points")).fill("2")
    question.get_by_label("Comment").fill("The opinion pick is defensible.")
    question.get_by_role("button", name="Save points for question 2").click()
    expect(total).to_have_text("3.00 / 3.00")
    expect(page.get_by_role("status")).to_contain_text("Saved the points for question 2.")
    log = page.locator("#question-2 .cw-override-log")
    expect(log).to_contain_text("1.00 → 2.00")
    expect(log).to_contain_text("Tess Teacher")
    save_screenshots(page, "results-attempt-overridden")

    page.get_by_role("link", name=re.compile("^Results: Why Does China")).click()
    expect(page.get_by_test_id("completion")).to_be_visible()
    ada_row = page.locator('[data-testid="result-row"][data-username="ada"]')
    expect(ada_row.get_by_test_id("grade")).to_contain_text("3.00 / 3.00")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download results (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("results-year-10-history-")
    saved = Path(tmp_path) / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert "ada,Ada,Lovelace,3.00,3.00,100.0,submitted," in text
    assert "lilei,雷,李,,3.00,,not started,," in text

    page.get_by_role("link", name="Question statistics").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statistics: Checking the claims")
    expect(page.locator("svg.cw-chart")).to_have_count(4)
    assert_no_axe_violations(page)
    save_screenshots(page, "results-statistics")
    assert assignment.pk


def test_teacher_opens_an_assignments_results_from_the_admin(browser_page):
    import quizzes.admin.attempts  # noqa: F401  (registered by the quizzes.admin package)
    from lessons.roles import sync_teacher_permissions

    page = browser_page
    _class_with_results()
    sync_teacher_permissions()
    sign_in(page, "mrs_t")
    page.wait_for_url("**/teaching/")
    page.goto(f"{page.base_url}/admin/quizzes/attempt/")
    expect(page.get_by_role("link", name="Class results").first).to_be_visible()
    page.get_by_role("link", name="Class results").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results: Why Does China")
    expect(page.get_by_test_id("result-row")).to_have_count(3)
    expect(page.get_by_role("link", name="Download results (CSV)")).to_be_visible()
    save_screenshots(page, "results-admin")

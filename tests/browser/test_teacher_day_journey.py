"""Browser journeys of a teacher's day (issue 12), on the real demo with sample results.

Import an article, publish and assign it from the teaching pages; read the results, open a
student's attempt from their name, adjust a point with an invalid then a valid value, go
on to the next student; the student's review after the adjustment; the statistics page.
Every admin page a teacher uses is scanned by axe-core. Screenshots at 1280 and 390 px
land in test-artifacts/teacher-day-*.png.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.models import Assignment, Classroom, Lesson, Section
from quizzes.models import Question, Quiz
from tests.browser.helpers import (
    assert_no_axe_violations,
    save_screenshots,
    sign_in,
    switch_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (("phone", 390), ("desktop", 1280))

# The page, or a changelist's table box, wider than the window: "what: scroll > client".
OVERFLOWING_BOXES = """() =>
    [document.documentElement, ...document.querySelectorAll('#changelist .results')]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => `${box.className || box.tagName}: ${box.scrollWidth} > ${box.clientWidth}`)"""

ARTICLE = """Do School Uniforms Improve Behaviour?

Introduction

Many schools require uniforms. Supporters say uniforms improve behaviour in every school.

The Evidence

A 2010 study found no change in attendance. Critics say the studies are too small to tell.
"""


def _shots(page, name: str) -> None:
    save_screenshots(page, f"teacher-day-{name}", widths=WIDTHS)


def _seed(*options: str) -> None:
    call_command("seed_demo", *options, stdout=StringIO())


def test_every_admin_page_a_teacher_uses_has_no_axe_violations(browser_page):
    page = browser_page
    _seed("--sample-results")
    lesson = Lesson.objects.get()
    quiz = Quiz.objects.get()
    spot = quiz.questions.filter(kind=Question.Kind.SPOT_CLAIM).first()
    choice = quiz.questions.filter(kind=Question.Kind.SINGLE_CHOICE).first()
    pages = {
        "admin index": "/admin/",
        "lesson list": "/admin/lessons/lesson/",
        "lesson": f"/admin/lessons/lesson/{lesson.pk}/change/",
        "lesson import": "/admin/lessons/lesson/import/",
        "section list": "/admin/lessons/section/",
        "section": f"/admin/lessons/section/{lesson.sections.first().pk}/change/",
        "quiz list": "/admin/quizzes/quiz/",
        "quiz": f"/admin/quizzes/quiz/{quiz.pk}/change/",
        "question list": "/admin/quizzes/question/",
        "question (spot the claim)": f"/admin/quizzes/question/{spot.pk}/change/",
        "question (choice)": f"/admin/quizzes/question/{choice.pk}/change/",
        "question add": f"/admin/quizzes/question/add/?quiz={quiz.pk}",
        "assignment list": "/admin/lessons/assignment/",
        "assignment": f"/admin/lessons/assignment/{Assignment.objects.get().pk}/change/",
        "assignment add": "/admin/lessons/assignment/add/",
        "classroom list": "/admin/lessons/classroom/",
        "classroom": f"/admin/lessons/classroom/{Classroom.objects.get().pk}/change/",
    }
    sign_in(page, "teacher")
    page.wait_for_url("**/teaching/")
    page.set_viewport_size({"width": 1280, "height": 800})
    problems = []
    for name, path in pages.items():
        page.goto(f"{page.base_url}{path}")
        expect(page.locator("#site-name")).to_contain_text("Claimwise")
        # Nothing is cut off at the right at 1280 px: neither the page nor a list's table.
        overflow = page.evaluate(OVERFLOWING_BOXES)
        if overflow:
            problems.append(f"{name} ({path}) is wider than 1280 px: {overflow}")
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:
            problems.append(f"{name} ({path}):\n{error}")
    assert not problems, "\n".join(problems)
    page.goto(f"{page.base_url}/admin/quizzes/quiz/{quiz.pk}/change/")
    _shots(page, "admin-quiz")
    page.goto(f"{page.base_url}/admin/quizzes/question/")
    _shots(page, "admin-questions")


def test_import_publish_and_assign_from_the_teaching_pages(browser_page):
    page = browser_page
    _seed()
    sign_in(page, "teacher")
    page.wait_for_url("**/teaching/")
    page.get_by_role("link", name="Import an article").click()
    page.get_by_label("Article text").fill(ARTICLE)
    expect(page.get_by_label("Publish now")).not_to_be_checked()
    _shots(page, "import")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text("as a draft")
    lesson = Lesson.objects.get(title="Do School Uniforms Improve Behaviour?")
    assert lesson.status == Lesson.Status.DRAFT

    page.goto(f"{page.base_url}/teaching/lessons/{lesson.pk}/")
    expect(page.get_by_text("Draft", exact=True).first).to_be_visible()
    # The pager ends where the text's column does, not under the teacher notes beside it.
    page.set_viewport_size({"width": 1280, "height": 800})
    text_right = page.locator(".cw-teacher-section .cw-reading").first.evaluate(
        "e => e.parentElement.getBoundingClientRect().right"
    )
    next_right = page.get_by_role("link", name=re.compile("^Next")).evaluate(
        "e => e.getBoundingClientRect().right"
    )
    assert next_right <= text_right + 1, (next_right, text_right)
    assert_no_axe_violations(page)
    _shots(page, "lesson-page-draft")
    page.get_by_role("link", name="Publish and assign…").click()
    expect(page.get_by_test_id("publish-step")).to_contain_text("is a draft")
    page.locator("#id_classroom").select_option(label="Demo class")
    page.get_by_label("Due at").fill("2030-06-14T17:00")
    page.get_by_label("Students post before they see others' posts").check()
    assert_no_axe_violations(page)
    _shots(page, "assign-draft")

    # Without the tick: nothing is assigned, nothing typed is lost, the reason is at the box.
    page.get_by_role("button", name="Publish and assign").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was assigned yet")
    expect(page.get_by_text("is a draft, which students cannot see")).to_be_visible()
    expect(page.get_by_label("Due at")).to_have_value("2030-06-14T17:00")
    expect(page.get_by_label("Students post before they see others' posts")).to_be_checked()
    assert not Assignment.objects.filter(lesson=lesson).exists()
    assert_no_axe_violations(page)
    _shots(page, "assign-needs-publish")

    page.get_by_label("Publish the lesson now, so that the class sees it").check()
    page.get_by_role("button", name="Publish and assign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo class")
    expect(page.locator(".cw-messages")).to_contain_text(
        "Published and assigned “Do School Uniforms Improve Behaviour?” to Demo class"
    )
    lesson.refresh_from_db()
    assert lesson.status == Lesson.Status.PUBLISHED
    assignment = Assignment.objects.get(lesson=lesson)
    assert assignment.discussion_post_first
    assert_no_axe_violations(page)
    _shots(page, "class-page")

    # Dates and the discussion switch, from the class page.
    page.locator(f'a[href="/teaching/assignments/{assignment.pk}/edit/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dates and discussion")
    assert_no_axe_violations(page)
    _shots(page, "assignment-dates")
    page.get_by_label("Students post before they see others' posts").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".cw-messages")).to_contain_text("Saved")
    assignment.refresh_from_db()
    assert not assignment.discussion_post_first


def test_results_attempt_adjust_next_student_and_the_students_review(browser_page):
    page = browser_page
    _seed("--sample-results")
    assignment = Assignment.objects.get()
    sign_in(page, "teacher")
    page.wait_for_url("**/teaching/")
    page.goto(f"{page.base_url}/results/assignments/{assignment.pk}/")
    expect(page.get_by_test_id("result-row").first).to_contain_text("sample")
    assert_no_axe_violations(page)
    _shots(page, "results")

    page.get_by_test_id("student-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Student 1 · attempt")
    expect(page.get_by_test_id("attempt-jump-list")).to_be_visible()
    assert_no_axe_violations(page)
    _shots(page, "attempt")

    # Adjust question 2: over the maximum first, then a half point with a comment.
    question = page.locator("#question-2")
    question.get_by_text("Adjust").click()
    points = question.get_by_label(re.compile("Override points"))
    points.fill("9")
    question.get_by_label("Comment").fill("Good reasoning; one pick was right.")
    question.get_by_role("button", name=re.compile("Save points")).click()
    expect(page.get_by_test_id("override-problem")).to_contain_text(
        "The points for question 2 were not saved"
    )
    points = page.locator("#question-2").get_by_label(re.compile("Override points"))
    expect(points).to_be_focused()
    expect(page.locator("#question-2").get_by_label("Comment")).to_have_value(
        "Good reasoning; one pick was right."
    )
    assert_no_axe_violations(page)
    _shots(page, "attempt-invalid-override")

    points.fill("1.5")
    page.locator("#question-2").get_by_role("button", name=re.compile("Save points")).click()
    expect(page.locator(".cw-messages")).to_contain_text("Saved the points for question 2.")
    expect(page.get_by_test_id("points-2")).to_contain_text("1.50")
    _shots(page, "attempt-adjusted")

    page.get_by_test_id("next-student").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Student 2 · attempt")
    assert_no_axe_violations(page)
    _shots(page, "attempt-next-student")

    # The student reads it as their teacher's adjustment, with the comment.
    switch_user(page, "student1")
    page.goto(f"{page.base_url}/results/assignments/{assignment.pk}/")  # not theirs: refused
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Results")
    from quizzes.models import Attempt

    attempt = Attempt.objects.filter(student__username="student1").order_by("-number").first()
    page.goto(f"{page.base_url}/attempts/{attempt.pk}/review/")
    expect(page.get_by_test_id("adjusted-2")).to_contain_text("Adjusted by your teacher: 1.5 / 3")
    expect(page.get_by_test_id("teacher-comment-2")).to_contain_text("Good reasoning")
    expect(page.get_by_test_id("review-jump-list")).to_be_visible()
    assert_no_axe_violations(page)
    _shots(page, "student-review-adjusted")


def test_the_statistics_page_of_the_sample_class(browser_page):
    page = browser_page
    _seed("--sample-results")
    assignment = Assignment.objects.get()
    sign_in(page, "teacher")
    page.wait_for_url("**/teaching/")
    page.goto(f"{page.base_url}/results/assignments/{assignment.pk}/statistics/")
    expect(page.get_by_test_id("attempts-counted")).to_contain_text("students")
    # Chart text stays at least 12 px on a 390 px phone.
    page.set_viewport_size({"width": 390, "height": 800})
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('svg.cw-chart text')].map(t => {
            const svg = t.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(t.getAttribute('font-size')) * scale; }))"""
    )
    assert smallest >= 12, smallest
    # The figures of the quiz as a whole fit the phone: no sideways scrolling to read them.
    figures = page.get_by_test_id("test-figures")
    assert figures.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    expect(figures.locator("tr[data-figure] td").last).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert_no_axe_violations(page)
    _shots(page, "statistics")
    assert Section.objects.exists()


def test_the_question_map_rides_along_at_the_top_of_the_take_page_on_a_phone(
    browser_page,
):
    page = browser_page
    _seed()
    assignment = Assignment.objects.get()
    quiz = Quiz.objects.get()
    sign_in(page, "student1")
    page.wait_for_url("**/dashboard/")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{page.base_url}/assignments/{assignment.pk}/quizzes/{quiz.pk}/")
    page.get_by_role("button", name="Start attempt").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    question_map = page.get_by_role("navigation", name=re.compile("Questions"))
    page.locator("section.cw-question").last.scroll_into_view_if_needed()
    expect(question_map).to_be_in_viewport()
    top = question_map.evaluate("nav => nav.closest('.cw-take-map').getBoundingClientRect().top")
    assert 0 <= top < 2, top
    assert_no_axe_violations(page)

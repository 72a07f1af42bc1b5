"""Browser journey: a student reads an assignment section by section; a teacher reads it
with notes and claim labels. axe-core scans each page; screenshots land in test-artifacts/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations, save_screenshots, sign_in
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    EnrollmentFactory,
    LessonFactory,
    SectionFactory,
    SentenceFactory,
    StudentFactory,
    TeacherFactory,
    TeacherNoteFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = [
    (
        "Introduction",
        [
            [
                "Rivers have shaped borders for centuries.",
                "Yet a line on a map rarely tells the whole story.",
            ],
            [
                "Many maps drawn in the 1800s left out the people who lived along the water.",
                "Everyone agrees that those maps were entirely wrong.",
            ],
        ],
    ),
    (
        "Who drew the lines",
        [
            [
                "Surveyors worked for empires, not for villages.",
                "Their notebooks survive in archives in London and Paris.",
            ]
        ],
    ),
    (
        "What changed",
        [
            [
                "Satellite images made surveys cheaper after 1972.",
                "Clearly, cheaper maps are always better maps.",
            ]
        ],
    ),
    (
        "Conclusion",
        [["Read a map the way you read an article: ask who made it, and why."]],
    ),
]


def build_lesson():
    lesson = LessonFactory(
        title="Why Maps Are Never Neutral",
        author="Sam Carter",
        publication="Field Notes",
        source_url="https://example.org/maps",
    )
    sentences = []
    for position, (heading, paragraphs) in enumerate(SECTIONS, start=1):
        section = SectionFactory(
            lesson=lesson,
            position=position,
            heading=heading,
            body="\n\n".join(" ".join(p) for p in paragraphs),
        )
        n = 0
        for paragraph_index, paragraph in enumerate(paragraphs):
            for text in paragraph:
                n += 1
                sentences.append(
                    SentenceFactory(
                        section=section, position=n, paragraph=paragraph_index, text=text
                    )
                )
        TeacherNoteFactory(
            section=section,
            kind="discussion_prompt",
            body=f"Ask: whose view does “{heading}” leave out?",
        )
    # The author's bio is the last section, as the importer makes it.
    bio = SectionFactory(
        lesson=lesson,
        position=len(SECTIONS) + 1,
        kind="author_bio",
        heading="About the author",
        body="Sam Carter is a journalist and writer who has covered geography for years.",
    )
    SentenceFactory(section=bio, position=1, text=bio.body)
    by_text = {s.text: s for s in sentences}
    ClaimLabelFactory(
        sentence=by_text["Everyone agrees that those maps were entirely wrong."],
        verdict="unsupported",
        explanation="No survey of historians is cited; “everyone” is an overstatement.",
        source_title="Map history primer",
        source_url="https://example.org/primer",
    )
    ClaimLabelFactory(
        sentence=by_text["Satellite images made surveys cheaper after 1972."],
        verdict="supported",
        explanation="Landsat 1 launched in 1972.",
    )
    ClaimLabelFactory(
        sentence=by_text["Clearly, cheaper maps are always better maps."],
        verdict="logical_flaw",
        explanation="Cheaper does not imply more accurate.",
    )
    ClaimLabelFactory(
        sentence=by_text["Surveyors worked for empires, not for villages."],
        verdict="opinion",
        explanation="A framing, partly true.",
    )
    TeacherNoteFactory(
        section=sentences[0].section,
        sentence=by_text["Rivers have shaped borders for centuries."],
        kind="fact_check",
        body="True, e.g. the Rhine and the Rio Grande.",
    )
    return lesson


@pytest.fixture
def reading_setup(db):
    teacher = TeacherFactory(username="mr_k", first_name="Kim", last_name="Khan")
    classroom = ClassroomFactory(name="Year 10 Geography", teachers=[teacher])
    student = StudentFactory(username="ada", first_name="Ada", last_name="Lovelace")
    EnrollmentFactory(classroom=classroom, student=student)
    lesson = build_lesson()
    now = timezone.now()
    assignment = AssignmentFactory(
        lesson=lesson,
        classroom=classroom,
        opens_at=now - timedelta(days=1),
        due_at=now + timedelta(days=1, hours=2),
    )
    AssignmentFactory(
        lesson=LessonFactory(title="Reading Statistics Critically"),
        classroom=classroom,
        opens_at=now + timedelta(days=3),
        due_at=now + timedelta(days=10),
    )
    return assignment


def test_student_reads_section_by_section_and_marks_progress(browser_page, reading_setup):
    page = browser_page
    sign_in(page, "ada")
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_role("heading", name="Due soon")).to_be_visible()
    expect(page.get_by_text("opens ", exact=False)).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshots(page, "student-dashboard")

    page.get_by_role("link", name="Why Maps Are Never Neutral", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why Maps Are Never Neutral")
    expect(page.get_by_role("heading", name="Introduction")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Next")).click()
    expect(page.get_by_role("heading", name="Who drew the lines")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Previous")).click()
    expect(page.get_by_role("heading", name="Introduction")).to_be_visible()

    page.get_by_role("button", name="Mark this section as read").click()
    expect(page.get_by_role("button", name="Marked as read ✓ — undo")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text("1 of 5 sections read")

    page.get_by_role("link", name=re.compile(r"^Next")).click()
    expect(page.get_by_role("heading", name="Who drew the lines")).to_be_visible()
    page.get_by_role("button", name="Mark this section as read").click()
    expect(page.get_by_test_id("progress")).to_contain_text("2 of 5 sections read")
    # The wide-screen contents tick the two read sections.
    contents = page.locator("nav.cw-toc")
    expect(contents.get_by_role("link", name=re.compile(r"\(read\)$"))).to_have_count(2)
    assert_no_axe_violations(page)
    save_screenshots(page, "student-reading-section")

    page.get_by_role("link", name="Whole text").click()
    for heading, _ in SECTIONS:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("heading", name="About the author", level=2)).to_be_visible()
    expect(page.get_by_text("The author’s self-description")).to_be_visible()
    expect(page.get_by_role("button", name="Marked as read ✓ — undo")).to_have_count(2)
    html = page.content()
    assert "cw-claim" not in html and "No survey of historians" not in html
    assert_no_axe_violations(page)
    save_screenshots(page, "student-reading-whole")


def test_phone_contents_collapse_at_the_top(browser_page, reading_setup):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "ada")
    page.wait_for_url("**/dashboard/")
    page.get_by_role("link", name="Why Maps Are Never Neutral", exact=True).click()
    contents = page.locator("details.cw-toc-phone")
    expect(contents.get_by_role("link", name="Conclusion")).to_be_hidden()
    contents.locator("summary").click()
    contents.get_by_role("link", name="Conclusion").click()
    expect(page.get_by_role("heading", name="Conclusion", level=2)).to_be_visible()
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(page)


def test_teacher_reads_with_notes_and_claim_labels(browser_page, reading_setup):
    page = browser_page
    sign_in(page, "mr_k")
    page.wait_for_url("**/teaching/")
    expect(page.get_by_text("0 of 1 student", exact=False).first).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshots(page, "teacher-dashboard")

    page.get_by_role("link", name="Why Maps Are Never Neutral").first.click()
    expect(page.get_by_role("heading", name="Claim labels in this lesson")).to_be_visible()
    expect(page.get_by_role("complementary", name="Teacher notes: Introduction")).to_contain_text(
        "True, e.g. the Rhine"
    )
    # The label tag leads, by keyboard or click, to its explanation and source.
    tag = page.get_by_role("link", name="Unsupported: why")
    tag.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#label-\d+$"))
    expect(page.locator(":target")).to_contain_text("“everyone” is an overstatement")
    expect(page.locator(":target").get_by_role("link", name="Map history primer")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshots(page, "teacher-reading-section")

    page.get_by_role("link", name="Whole lesson").click()
    expect(page.get_by_role("link", name="Logical flaw: why")).to_be_visible()
    expect(page.get_by_role("link", name="Opinion (a value judgement): why")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshots(page, "teacher-reading-whole")

"""Browser journey: a thread anchored to a sentence of the sanctions section, a reply, and
the teacher pinning and endorsing; axe-core scans the discussion pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations, save_screenshots, switch_user
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonFactory,
    SectionFactory,
    SentenceFactory,
    TeacherFactory,
    TeacherNoteFactory,
    enrolled_student,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTRODUCTION = [
    "North Korea has long been one of the most isolated countries in the world.",
    "China has also been critical of North Korea’s nuclear program, yet it remains the "
    "country’s closest ally.",
]
UN_SANCTIONS = [
    "The United Nations has imposed numerous rounds of sanctions against North Korea due to "
    "its nuclear weapons program and its failure to comply with international demands.",
    "These sanctions have had a significant impact on North Korea’s economy and have forced "
    "many North Korean citizens to suffer.",
    "The Chinese government has consistently opposed these sanctions, arguing that they are "
    "not effective and only serve to increase hardship and misery for the North Korean people.",
]


def seed_like_assignment():
    """The seed article's shape: an introduction and a section headed "UN Sanctions"."""
    lesson = LessonFactory(title="Why Does China Protect North Korea?")
    sentences = {}
    for position, (heading, texts) in enumerate(
        [("Introduction", INTRODUCTION), ("UN Sanctions", UN_SANCTIONS)], start=1
    ):
        section = SectionFactory(
            lesson=lesson, position=position, heading=heading, body=" ".join(texts)
        )
        sentences[heading] = [
            SentenceFactory(section=section, position=n, text=text)
            for n, text in enumerate(texts, start=1)
        ]
    teacher = TeacherFactory(username="mr_t", first_name="Tom", last_name="Teacher")
    classroom = ClassroomFactory(name="History 9B", teachers=[teacher])
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    enrolled_student(classroom, username="ada", first_name="Ada", last_name="Lovelace")
    enrolled_student(classroom, username="ben", first_name="Ben", last_name="Okri")
    TeacherNoteFactory(
        section=sentences["UN Sanctions"][2].section,
        sentence=sentences["UN Sanctions"][2],
        kind="discussion_prompt",
        body="Is China's argument about hardship convincing, given its own trade?",
    )
    return assignment, sentences["UN Sanctions"]


def test_students_discuss_a_sanctions_sentence_and_the_teacher_pins_and_endorses(browser_page):
    page = browser_page
    assignment, sanctions = seed_like_assignment()
    impact, opposed = sanctions[1], sanctions[2]
    discussion_url = f"{page.base_url}/assignments/{assignment.pk}/discussion/"

    # Ada follows "Discuss this sentence" from the reading: the sentence is ticked.
    switch_user(page, "ada")
    page.goto(f"{discussion_url}?sentence={opposed.pk}")
    expect(page.get_by_role("heading", name="Threads on this sentence")).to_be_visible()
    opposed_box = page.get_by_role("checkbox", name=opposed.text)
    impact_box = page.get_by_role("checkbox", name=impact.text)
    expect(opposed_box).to_be_checked()
    expect(impact_box).not_to_be_checked()
    assert_no_axe_violations(page)
    save_screenshots(page, "discussion-new-thread")

    page.get_by_label("Title").fill("Does China really oppose sanctions for the people’s sake?")
    page.get_by_label("Your post").fill(
        "The article says China cares about hardship.\nBut is there evidence for that?"
    )
    # Keyboard only: tab from the section select to the other sentence, tick it with space.
    page.get_by_label("About the section").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if impact_box.evaluate("box => box === document.activeElement"):
            break
    expect(impact_box).to_be_focused()
    page.keyboard.press("Space")
    expect(impact_box).to_be_checked()
    page.get_by_role("button", name="Post the thread").click()

    expect(page.get_by_text("Your thread is posted.")).to_be_visible()
    anchored = page.get_by_test_id("anchored-text")
    expect(anchored).to_contain_text(opposed.text)
    expect(anchored).to_contain_text(impact.text)
    expect(anchored).to_contain_text("UN Sanctions")
    link = anchored.get_by_role("link", name="in the reading (sentence 2)")
    expect(link).to_have_attribute("href", re.compile(rf"\?section=2#s-{opposed.pk}$"))

    # Ben replies.
    switch_user(page, "ben")
    page.goto(discussion_url)
    page.get_by_role("link", name="Does China really oppose sanctions").click()
    page.get_by_label("Your reply").fill(
        "China is North Korea’s biggest trading partner — see https://example.org/trade."
    )
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    reply = page.locator("article.cw-post").filter(has_text="biggest trading partner")
    expect(reply.get_by_role("link", name="https://example.org/trade")).to_have_attribute(
        "rel", "nofollow noopener ugc"
    )

    # The teacher pins the thread and endorses Ben's reply.
    switch_user(page, "mr_t")
    page.goto(discussion_url)
    page.get_by_role("link", name="Does China really oppose sanctions").click()
    page.get_by_role("button", name="Pin thread").click()
    expect(page.get_by_text("The thread is pinned to the top.")).to_be_visible()
    expect(page.get_by_test_id("thread-badges")).to_contain_text("Pinned")
    page.get_by_role("button", name="Endorse the post by Ben Okri").click()
    reply = page.locator("article.cw-post").filter(has_text="biggest trading partner")
    expect(reply).to_contain_text("Endorsed by teacher")
    expect(reply.get_by_role("button", name="Remove endorsement")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshots(page, "discussion-thread-teacher")

    # The list: pinned, endorsed, anchored; the teacher's unpublished prompt waits aside.
    page.goto(discussion_url)
    first = page.get_by_test_id("thread-list").locator("li").first
    expect(first).to_contain_text("Pinned")
    expect(first).to_contain_text("Endorsed by teacher")
    expect(first).to_contain_text("on: “These sanctions have had a significant impact")
    expect(first).to_contain_text("1 reply")
    expect(page.get_by_test_id("prompts")).to_contain_text("Is China's argument about hardship")
    assert_no_axe_violations(page)
    save_screenshots(page, "discussion-list-teacher")

    # Ada sees Ben's endorsed reply; she can still edit her own opening post.
    switch_user(page, "ada")
    page.goto(discussion_url)
    page.get_by_role("link", name="Does China really oppose sanctions").click()
    expect(
        page.locator("article.cw-post").filter(has_text="biggest trading partner")
    ).to_contain_text("Endorsed by teacher")
    expect(page.get_by_role("link", name="Edit your post")).to_be_visible()
    page.get_by_role("link", name="Reply to Ben Okri").click()
    expect(page.get_by_label("Your reply to Ben Okri")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshots(page, "discussion-thread-student")

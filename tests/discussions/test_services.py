"""Discussion rules: lessons/discussion.py (services and selectors)."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from discussions import participation, rules, selectors, services
from discussions.models import Post, Thread
from lessons.locking import DOUBLE_SUBMIT_WINDOW
from lessons.models import Assignment, Section, Sentence
from lessons.refusals import NotAllowed
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    PostFactory,
    TeacherFactory,
    TeacherNoteFactory,
    ThreadFactory,
    enrolled_student,
    lesson_with_sections,
)

pytestmark = pytest.mark.django_db


@dataclass
class Klass:
    assignment: Assignment
    teacher: object
    ada: object
    ben: object
    cat: object
    sections: list[Section]

    def sentence(self, section: int, n: int) -> Sentence:
        return self.sections[section - 1].sentences.get(position=n)


@pytest.fixture
def klass() -> Klass:
    teacher = TeacherFactory()
    classroom = ClassroomFactory(teachers=[teacher])
    lesson = lesson_with_sections(sections=3, sentences_per_section=3)
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    return Klass(
        assignment=assignment,
        teacher=teacher,
        ada=enrolled_student(classroom, first_name="Ada", last_name="Lovelace"),
        ben=enrolled_student(classroom, first_name="Ben", last_name="Okri"),
        cat=enrolled_student(classroom, first_name="Cat", last_name="Stevens"),
        sections=list(lesson.sections.order_by("position")),
    )


def start(k: Klass, author=None, **kwargs) -> Thread:
    kwargs.setdefault("title", "Is this claim supported?")
    kwargs.setdefault("body", "I am not sure it is.")
    return services.thread_create(assignment=k.assignment, author=author or k.ada, **kwargs)


def backdate(post: Post, minutes: int) -> Post:
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    post.refresh_from_db()
    return post


def page_for(thread, viewer, teacher=False):
    thread = Thread.objects.select_related("assignment__classroom").get(pk=thread.pk)
    return selectors.thread_page_for_viewer(thread=thread, viewer=viewer, viewer_is_teacher=teacher)


def bodies(page) -> list[str]:
    """Every post body shown on the page, opening first, replies in order."""
    shown = [page.opening] if page.opening else []
    for item in page.replies:
        shown.append(item)
        shown.extend(item.replies)
    return [item.post.body for item in shown if item.show_body]


# Starting threads ---------------------------------------------------------------------


def test_thread_anchored_to_sentences_infers_their_section_and_opens_with_a_post(klass):
    first, second = klass.sentence(2, 1), klass.sentence(2, 3)
    thread = start(klass, sentences=[second, first], title="  Buffer   zone? ")
    assert thread.title == "Buffer zone?"
    assert thread.section == klass.sections[1]
    assert list(thread.sentences.order_by("position")) == [first, second]
    opening = thread.posts.get()
    assert opening.is_opening and opening.author == klass.ada and opening.parent is None
    assert thread.last_activity_at == thread.created_at == opening.created_at


def test_thread_may_anchor_sentences_of_several_sections_without_a_section(klass):
    thread = start(klass, sentences=[klass.sentence(1, 1), klass.sentence(3, 2)])
    assert thread.section is None
    assert thread.anchors.count() == 2


@pytest.mark.parametrize(
    ("title", "body", "code"),
    [
        ("", "text", "title_required"),
        ("   ", "text", "title_required"),
        ("x" * 201, "text", "title_too_long"),
        ("Title", "", "body_required"),
        ("Title", " \n\t ", "body_required"),
        ("Title", "x" * 5001, "body_too_long"),
        ("Title", "nul \x00 byte", "nul"),
    ],
)
def test_thread_text_limits(klass, title, body, code):
    with pytest.raises(ValidationError) as error:
        start(klass, title=title, body=body)
    assert error.value.code == code
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_limits_count_a_crlf_line_break_as_one_character(klass):
    body = ("x" * 99 + "\r\n") * 50  # 5000 characters once line breaks are normalised
    thread = start(klass, body=body)
    assert len(thread.posts.get().body) == 4999  # the trailing break is stripped


def test_anchors_must_belong_to_the_lesson_and_the_chosen_section(klass):
    other_lesson = lesson_with_sections(sections=1)
    foreign = Sentence.objects.get(section__lesson=other_lesson, position=1)
    with pytest.raises(ValidationError) as error:
        start(klass, sentences=[foreign])
    assert error.value.code == "sentence_outside_lesson"
    with pytest.raises(ValidationError) as error:
        start(klass, section=other_lesson.sections.get())
    assert error.value.code == "section_outside_lesson"
    with pytest.raises(ValidationError) as error:
        start(klass, section=klass.sections[0], sentences=[klass.sentence(2, 1)])
    assert error.value.code == "sentence_outside_section"
    assert not Thread.objects.exists()


# Replies ------------------------------------------------------------------------------


def test_reply_to_a_reply_is_stored_under_the_top_level_reply(klass):
    thread = start(klass)
    opening = thread.posts.get()
    top = services.post_reply(thread=thread, author=klass.ben, body="Top-level", parent=opening)
    assert top.parent is None  # answering the opening post answers the thread
    child = services.post_reply(thread=thread, author=klass.cat, body="Child", parent=top)
    grandchild = services.post_reply(thread=thread, author=klass.ada, body="GC", parent=child)
    assert child.parent == top and grandchild.parent == top
    thread.refresh_from_db()
    assert thread.last_activity_at == grandchild.created_at


def test_reply_in_a_locked_thread_is_refused_and_nothing_is_written(klass):
    thread = start(klass)
    services.thread_set_locked(thread=thread, teacher=klass.teacher, locked=True)
    for author in (klass.ben, klass.teacher):
        with pytest.raises(NotAllowed) as error:
            services.post_reply(thread=thread, author=author, body="Let me in")
        assert error.value.code == "thread_locked"
        assert str(error.value) == "This thread is locked."
    assert thread.posts.count() == 1


def test_reply_refuses_deleted_hidden_and_foreign_parents(klass):
    thread = start(klass)
    other = start(klass, title="Another")
    deleted = services.post_reply(thread=thread, author=klass.ben, body="gone")
    services.post_delete(post=deleted, user=klass.ben)
    hidden = services.post_reply(thread=thread, author=klass.cat, body="rude")
    services.post_hide(post=hidden, teacher=klass.teacher, reason="Unkind")
    for parent, code in (
        (Post.objects.get(pk=deleted.pk), "parent_deleted"),
        (Post.objects.get(pk=hidden.pk), "parent_hidden"),
        (other.posts.get(), "parent_elsewhere"),
    ):
        with pytest.raises(ValidationError) as error:
            services.post_reply(thread=thread, author=klass.ada, body="hi", parent=parent)
        assert error.value.code == code
    assert thread.posts.count() == 3


# Editing and deleting -----------------------------------------------------------------


def test_author_edits_within_the_window_and_the_opening_post_can_retitle(klass):
    thread = start(klass)
    opening = backdate(thread.posts.get(), minutes=29)
    services.post_edit(post=opening, editor=klass.ada, body="Clearer now", title="New title")
    opening.refresh_from_db()
    thread.refresh_from_db()
    assert opening.body == "Clearer now" and opening.edited_at is not None
    assert thread.title == "New title"


@pytest.mark.parametrize(
    ("minutes", "editor", "locked", "code"),
    [
        (31, "ada", False, "edit_window_closed"),
        (1, "ben", False, "not_author"),
        (1, "teacher", False, "not_author"),
        (1, "ada", True, "thread_locked"),
    ],
)
def test_edit_and_delete_refusals_change_nothing(klass, minutes, editor, locked, code):
    thread = start(klass, body="Original")
    post = backdate(thread.posts.get(), minutes=minutes)
    if locked:
        services.thread_set_locked(thread=thread, teacher=klass.teacher, locked=True)
    user = getattr(klass, editor)
    with pytest.raises(NotAllowed) as error:
        services.post_edit(post=post, editor=user, body="Changed")
    assert error.value.code == code
    with pytest.raises(NotAllowed) as error:
        services.post_delete(post=post, user=user)
    assert error.value.code == code
    post.refresh_from_db()
    assert post.body == "Original" and post.edited_at is None and post.deleted_at is None


def test_the_edit_window_is_thirty_minutes():
    assert timedelta(minutes=30) == rules.EDIT_WINDOW


def test_hidden_and_deleted_posts_cannot_be_edited(klass):
    thread = start(klass)
    reply = services.post_reply(thread=thread, author=klass.ben, body="x")
    services.post_hide(post=reply, teacher=klass.teacher, reason="Off topic")
    with pytest.raises(NotAllowed) as error:
        services.post_edit(post=reply, editor=klass.ben, body="sneaky")
    assert error.value.code == "post_hidden"
    opening = thread.posts.get(is_opening=True)
    services.post_delete(post=opening, user=klass.ada)
    with pytest.raises(NotAllowed) as error:
        services.post_edit(post=opening, editor=klass.ada, body="back")
    assert error.value.code == "post_deleted"


def test_deleting_leaves_a_placeholder_that_keeps_its_replies(klass):
    thread = start(klass)
    top = services.post_reply(thread=thread, author=klass.ben, body="Top")
    services.post_reply(thread=thread, author=klass.cat, body="Under it", parent=top)
    services.post_delete(post=top, user=klass.ben)
    page = page_for(thread, klass.cat)
    [group] = page.replies
    assert group.is_deleted and not group.show_body and group.body_html == ""
    assert [r.post.body for r in group.replies] == ["Under it"]
    assert group.replies[0].in_reply_to == ""  # the deleted post's author is not named
    assert page.reply_count == 1


# Moderation ---------------------------------------------------------------------------


def test_hide_needs_a_teacher_of_the_class_and_a_reason(klass):
    thread = start(klass)
    post = thread.posts.get()
    outsider = TeacherFactory()
    for user in (klass.ben, outsider):
        with pytest.raises(NotAllowed) as error:
            services.post_hide(post=post, teacher=user, reason="No")
        assert error.value.code == "not_teacher"
    with pytest.raises(ValidationError) as error:
        services.post_hide(post=post, teacher=klass.teacher, reason="   ")
    assert error.value.code == "reason_required"
    with pytest.raises(ValidationError) as error:
        services.post_hide(post=post, teacher=klass.teacher, reason="x" * 301)
    assert error.value.code == "reason_too_long"
    post.refresh_from_db()
    assert post.hidden_at is None


def test_hide_then_unhide(klass):
    thread = start(klass)
    post = services.post_reply(thread=thread, author=klass.ben, body="Rude words")
    services.post_hide(post=post, teacher=klass.teacher, reason="Be kind")
    post.refresh_from_db()
    assert post.hidden_at and post.hidden_by == klass.teacher and post.hidden_reason == "Be kind"
    services.post_unhide(post=post, teacher=klass.teacher)
    post.refresh_from_db()
    assert post.hidden_at is None and post.hidden_by is None and post.hidden_reason == ""


def test_endorse_and_unendorse(klass):
    thread = start(klass)
    post = thread.posts.get()
    services.post_set_endorsed(post=post, teacher=klass.teacher, endorsed=True)
    first_mark = Post.objects.get(pk=post.pk).endorsed_at
    services.post_set_endorsed(post=post, teacher=klass.teacher, endorsed=True)  # idempotent
    post.refresh_from_db()
    assert post.endorsed_by == klass.teacher and post.endorsed_at == first_mark
    services.post_set_endorsed(post=post, teacher=klass.teacher, endorsed=False)
    post.refresh_from_db()
    assert post.endorsed_by is None and post.endorsed_at is None
    with pytest.raises(NotAllowed):
        services.post_set_endorsed(post=post, teacher=klass.ada, endorsed=True)
    services.post_delete(post=post, user=klass.ada)
    with pytest.raises(ValidationError) as error:
        services.post_set_endorsed(post=post, teacher=klass.teacher, endorsed=True)
    assert error.value.code == "post_deleted"


def test_pin_and_lock_are_for_teachers_of_the_class(klass):
    thread = start(klass)
    services.thread_set_pinned(thread=thread, teacher=klass.teacher, pinned=True)
    services.thread_set_locked(thread=thread, teacher=klass.teacher, locked=True)
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked
    with pytest.raises(NotAllowed):
        services.thread_set_pinned(thread=thread, teacher=klass.ada, pinned=False)
    with pytest.raises(NotAllowed):
        services.thread_set_locked(thread=thread, teacher=TeacherFactory(), locked=False)
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked


# Teacher prompts ----------------------------------------------------------------------


def test_prompt_publishes_once_per_assignment_as_the_teachers_thread(klass):
    sentence = klass.sentence(2, 2)
    note = TeacherNoteFactory(
        section=klass.sections[1],
        sentence=sentence,
        kind="discussion_prompt",
        body="Why might China oppose sanctions?\nThink about the border.",
    )
    assert selectors.prompts_unpublished(assignment=klass.assignment) == [note]
    thread = services.prompt_publish(assignment=klass.assignment, teacher=klass.teacher, note=note)
    assert thread.author == klass.teacher and thread.prompt_note == note
    assert thread.title == "Why might China oppose sanctions?"
    assert thread.posts.get().body == note.body
    assert list(thread.sentences.all()) == [sentence] and thread.section == klass.sections[1]
    assert selectors.prompts_unpublished(assignment=klass.assignment) == []

    with pytest.raises(ValidationError) as error:
        services.prompt_publish(assignment=klass.assignment, teacher=klass.teacher, note=note)
    assert error.value.code == "prompt_already_published"
    assert Thread.objects.filter(prompt_note=note).count() == 1

    # The same prompt may go to another class that has the lesson.
    other_teacher = TeacherFactory()
    other = AssignmentFactory(
        lesson=klass.assignment.lesson, classroom=ClassroomFactory(teachers=[other_teacher])
    )
    services.prompt_publish(assignment=other, teacher=other_teacher, note=note)
    assert Thread.objects.filter(prompt_note=note).count() == 2


def test_the_database_refuses_a_prompt_published_twice(klass):
    note = TeacherNoteFactory(section=klass.sections[0], kind="discussion_prompt")
    ThreadFactory(assignment=klass.assignment, author=klass.teacher, prompt_note=note)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThreadFactory(assignment=klass.assignment, author=klass.teacher, prompt_note=note)


def test_only_prompts_of_this_lesson_and_only_by_its_teachers(klass):
    context_note = TeacherNoteFactory(section=klass.sections[0], kind="context")
    with pytest.raises(ValidationError) as error:
        services.prompt_publish(
            assignment=klass.assignment, teacher=klass.teacher, note=context_note
        )
    assert error.value.code == "not_a_prompt"
    elsewhere = TeacherNoteFactory(kind="discussion_prompt")
    with pytest.raises(ValidationError) as error:
        services.prompt_publish(assignment=klass.assignment, teacher=klass.teacher, note=elsewhere)
    assert error.value.code == "prompt_elsewhere"
    prompt = TeacherNoteFactory(section=klass.sections[0], kind="discussion_prompt")
    with pytest.raises(NotAllowed):
        services.prompt_publish(assignment=klass.assignment, teacher=klass.ada, note=prompt)
    assert not Thread.objects.exists()
    assert selectors.prompts_unpublished(assignment=klass.assignment) == [prompt]


# What each viewer sees ----------------------------------------------------------------


def test_post_first_shows_a_student_only_the_opening_post_until_they_post(klass):
    Assignment.objects.filter(pk=klass.assignment.pk).update(discussion_post_first=True)
    thread = start(klass, body="Opening question")
    services.post_reply(thread=thread, author=klass.ben, body="Ben's answer")
    services.post_reply(thread=thread, author=klass.teacher, body="Teacher's answer")

    page = page_for(thread, klass.cat)
    assert page.gated and bodies(page) == ["Opening question"]
    assert page.withheld_count == 2 and page.reply_count == 2

    mine = services.post_reply(thread=thread, author=klass.cat, body="Cat's answer")
    page = page_for(thread, klass.cat)
    assert not page.gated
    assert bodies(page) == ["Opening question", "Ben's answer", "Teacher's answer", "Cat's answer"]

    # A deleted post does not count as having posted.
    services.post_delete(post=mine, user=klass.cat)
    assert page_for(thread, klass.cat).gated

    # The thread's author has posted (the opening post); teachers always see everything.
    assert not page_for(thread, klass.ada).gated
    teacher_page = page_for(thread, klass.teacher, teacher=True)
    assert not teacher_page.gated and "Ben's answer" in bodies(teacher_page)


def test_post_first_keeps_a_students_own_replies_visible_before_the_rule_lifts(klass):
    Assignment.objects.filter(pk=klass.assignment.pk).update(discussion_post_first=True)
    thread = start(klass, body="Opening")
    mine = services.post_reply(thread=thread, author=klass.cat, body="Mine")
    services.post_hide(post=mine, teacher=klass.teacher, reason="Off topic")
    services.post_reply(thread=thread, author=klass.ben, body="Ben's")
    page = page_for(thread, klass.cat)
    assert page.gated  # a hidden post does not count either
    assert bodies(page) == ["Opening", "Mine"]
    assert page.replies[0].hidden_notice == "Hidden by your teacher: Off topic"


def test_hidden_post_its_author_sees_the_reason_classmates_nothing_teachers_a_mark(klass):
    thread = start(klass)
    hidden = services.post_reply(thread=thread, author=klass.ben, body="Something unkind")
    services.post_reply(thread=thread, author=klass.cat, body="Answer to it", parent=hidden)
    services.post_hide(post=hidden, teacher=klass.teacher, reason="Please be respectful")

    author_page = page_for(thread, klass.ben)
    assert author_page.replies[0].hidden_notice == "Hidden by your teacher: Please be respectful"
    assert "Something unkind" in bodies(author_page)

    classmate_page = page_for(thread, klass.ada)
    assert "Something unkind" not in bodies(classmate_page)
    assert classmate_page.reply_count == 1
    # The reply to the hidden post stands on its own and does not name the hidden author.
    [promoted] = classmate_page.replies
    assert promoted.post.body == "Answer to it" and promoted.in_reply_to == ""

    teacher_page = page_for(thread, klass.teacher, teacher=True)
    assert teacher_page.replies[0].hidden_for_teacher
    assert teacher_page.replies[0].replies[0].in_reply_to == "Ben Okri"


def test_thread_with_a_hidden_opening_post_is_gone_for_classmates_only(klass):
    thread = start(klass, author=klass.ben)
    services.post_hide(post=thread.posts.get(), teacher=klass.teacher, reason="Spam")

    def listed(viewer, teacher=False):
        return [
            t.pk
            for t in selectors.threads_for_list(
                assignment=klass.assignment, viewer=viewer, viewer_is_teacher=teacher
            )
        ]

    assert listed(klass.ada) == []
    assert listed(klass.ben) == [thread.pk]
    assert listed(klass.teacher, teacher=True) == [thread.pk]
    with pytest.raises(Http404):
        selectors.thread_get_for_viewer(
            assignment=klass.assignment,
            thread_id=thread.pk,
            viewer=klass.ada,
            viewer_is_teacher=False,
        )


def test_post_get_for_viewer_applies_the_same_rules(klass):
    Assignment.objects.filter(pk=klass.assignment.pk).update(discussion_post_first=True)
    klass.assignment.refresh_from_db()
    thread = start(klass)
    reply = services.post_reply(thread=thread, author=klass.ben, body="Ben")

    def get(viewer, post, teacher=False):
        return selectors.post_get_for_viewer(
            thread=Thread.objects.select_related("assignment").get(pk=thread.pk),
            post_id=post.pk,
            viewer=viewer,
            viewer_is_teacher=teacher,
        )

    with pytest.raises(Http404):
        get(klass.cat, reply)  # post-first: not yet
    assert get(klass.cat, thread.posts.get(is_opening=True))
    assert get(klass.ben, reply) == reply
    assert get(klass.teacher, reply, teacher=True) == reply
    with pytest.raises(Http404):
        selectors.post_get_for_viewer(
            thread=thread,
            post_id=start(klass, title="Other").posts.get().pk,
            viewer=klass.ada,
            viewer_is_teacher=False,
        )


def test_edit_actions_are_offered_only_while_allowed(klass):
    thread = start(klass)
    recent = services.post_reply(thread=thread, author=klass.ben, body="recent")
    old = backdate(services.post_reply(thread=thread, author=klass.ben, body="old"), 45)
    page = page_for(thread, klass.ben)
    offered = {item.post.pk: item.can_change for item in page.replies}
    assert offered == {recent.pk: True, old.pk: False}
    assert not any(item.can_change for item in page_for(thread, klass.ada).replies)


def test_thread_list_is_pinned_first_then_latest_activity_with_counts(klass):
    quiet = start(klass, title="Quiet")
    busy = start(klass, title="Busy")
    pinned = start(klass, title="Pinned")
    services.thread_set_pinned(thread=pinned, teacher=klass.teacher, pinned=True)
    Thread.objects.filter(pk=busy.pk).update(last_activity_at=timezone.now() - timedelta(days=2))
    Thread.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=3))
    services.post_reply(thread=busy, author=klass.ben, body="one")
    two = services.post_reply(thread=busy, author=klass.cat, body="two")
    gone = services.post_reply(thread=busy, author=klass.cat, body="three")
    services.post_delete(post=gone, user=klass.cat)
    hidden = services.post_reply(thread=busy, author=klass.ben, body="four")
    services.post_hide(post=hidden, teacher=klass.teacher, reason="No")
    services.post_set_endorsed(post=two, teacher=klass.teacher, endorsed=True)

    threads = selectors.threads_for_list(
        assignment=klass.assignment, viewer=klass.ada, viewer_is_teacher=False
    )
    assert [t.title for t in threads] == ["Pinned", "Busy", "Quiet"]
    busy_row = threads[1]
    assert busy_row.reply_count == 2 and busy_row.endorsed_count == 1 and busy_row.hidden_count == 1


def test_thread_list_filters_by_sentence_and_shows_anchor_snippets(klass):
    long_sentence = klass.sentence(1, 1)
    Sentence.objects.filter(pk=long_sentence.pk).update(text="China has also been critical " * 10)
    on_sentence = start(
        klass, title="On it", sentences=[klass.sentence(1, 1), klass.sentence(1, 2)]
    )
    on_section = start(klass, title="Section", section=klass.sections[2])
    start(klass, title="Nothing")
    threads = selectors.threads_for_list(
        assignment=klass.assignment, viewer=klass.ada, viewer_is_teacher=False
    )
    snippets = {t.title: t.anchor_snippet for t in threads}
    assert snippets["On it"].startswith("China has also been critical")
    assert snippets["On it"].endswith("… (+1 more)")
    assert snippets["Section"] == "Part 3" and snippets["Nothing"] == ""
    filtered = selectors.threads_for_list(
        assignment=klass.assignment,
        viewer=klass.ada,
        viewer_is_teacher=False,
        sentence_id=klass.sentence(1, 2).pk,
    )
    assert [t.pk for t in filtered] == [on_sentence.pk]
    assert on_section.pk not in [t.pk for t in filtered]


def test_thread_list_runs_a_fixed_number_of_queries(klass, django_assert_num_queries):
    for n in range(20):
        thread = start(klass, title=f"T{n}", sentences=[klass.sentence(1 + n % 3, 1)])
        services.post_reply(thread=thread, author=klass.ben, body="r")
    with django_assert_num_queries(2):
        selectors.threads_for_list(
            assignment=klass.assignment, viewer=klass.ada, viewer_is_teacher=False
        )


# Reading integration and participation ------------------------------------------------


def test_thread_counts_by_sentence_counts_visible_threads_in_one_query(
    klass, django_assert_num_queries
):
    s1, s2 = klass.sentence(1, 1), klass.sentence(1, 2)
    start(klass, sentences=[s1, s2])
    start(klass, sentences=[s1])
    hidden = start(klass, author=klass.ben, sentences=[s1])
    services.post_hide(post=hidden.posts.get(), teacher=klass.teacher, reason="No")
    other_class = AssignmentFactory(lesson=klass.assignment.lesson)
    ThreadFactory(assignment=other_class).anchors.create(sentence=s2)

    with django_assert_num_queries(1):
        counts = selectors.thread_counts_by_sentence(
            assignment=klass.assignment, viewer=klass.ada, viewer_is_teacher=False
        )
    assert counts == {s1.pk: 2, s2.pk: 1}
    assert selectors.thread_counts_by_sentence(
        assignment=klass.assignment, viewer=klass.ben, viewer_is_teacher=False
    ) == {s1.pk: 3, s2.pk: 1}
    teacher_counts = selectors.thread_counts_by_sentence(
        assignment=klass.assignment, viewer=klass.teacher, viewer_is_teacher=True
    )
    assert teacher_counts == {s1.pk: 3, s2.pk: 1}


def test_discussion_link_for(klass):
    assert selectors.discussion_link_for(klass.assignment) == (
        f"/assignments/{klass.assignment.pk}/discussion/"
    )


def test_participation_by_student_in_two_queries(klass, django_assert_num_queries):
    s1, s2, s3 = klass.sentence(1, 1), klass.sentence(2, 1), klass.sentence(3, 1)
    ada_thread = start(klass, sentences=[s1])
    start(klass, sentences=[s2])
    teacher_thread = start(klass, author=klass.teacher, sentences=[s3])
    services.post_reply(thread=teacher_thread, author=klass.ben, body="b1")
    services.post_reply(thread=ada_thread, author=klass.ben, body="b2")
    gone = services.post_reply(thread=teacher_thread, author=klass.cat, body="c")
    services.post_delete(post=gone, user=klass.cat)
    # Another class's discussion of the same lesson does not count here.
    PostFactory(
        thread=ThreadFactory(assignment=AssignmentFactory(lesson=klass.assignment.lesson)),
        author=klass.ben,
    )

    with django_assert_num_queries(2):
        result = participation.participation_by_student(assignment=klass.assignment)
    assert set(result) == {klass.ada.pk, klass.ben.pk}  # no teacher, no deleted-only student
    assert result[klass.ada.pk] == participation.Participation(
        threads=2, replies=0, sentence_ids={s1.pk, s2.pk}
    )
    assert result[klass.ben.pk] == participation.Participation(
        threads=0, replies=2, sentence_ids={s1.pk, s3.pk}
    )


# Double submits -----------------------------------------------------------------------


def test_a_double_submitted_thread_is_posted_once(klass):
    first = start(klass, title="Same", body="Same words.")
    second = start(klass, title="Same", body="Same words.")
    assert second == first
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


def test_the_same_thread_later_or_by_someone_else_is_a_new_thread(klass):
    first = start(klass, title="Same", body="Same words.")
    Thread.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - DOUBLE_SUBMIT_WINDOW - timedelta(seconds=1)
    )
    assert start(klass, title="Same", body="Same words.") != first
    assert start(klass, author=klass.ben, title="Same", body="Same words.") != first
    assert Thread.objects.count() == 3


def test_a_double_submitted_reply_is_posted_once_but_a_later_repeat_is_kept(klass):
    thread = start(klass)
    reply = services.post_reply(thread=thread, author=klass.ben, body="Agreed.")
    assert services.post_reply(thread=thread, author=klass.ben, body="Agreed.") == reply
    assert thread.posts.filter(is_opening=False).count() == 1
    backdate(reply, minutes=2)
    services.post_reply(thread=thread, author=klass.ben, body="Agreed.")
    assert thread.posts.filter(is_opening=False).count() == 2

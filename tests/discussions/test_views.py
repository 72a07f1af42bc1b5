"""Discussion pages: discussions/views.py through the Django test client."""

import re
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.models import Post, Thread
from lessons.models import Assignment
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
from tests.helpers import get_ok, signed_in

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert('pwned')</script>",
    '<a href="javascript:alert(1)">click me</a>',
    "javascript:alert(1)",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<b><i>broken",
    '"><script>alert(2)</script>',
]


@dataclass
class Klass:
    assignment: Assignment
    teacher: object
    ada: object
    ben: object
    cat: object

    def client(self, user) -> Client:
        return signed_in(user)

    @property
    def list_url(self) -> str:
        return reverse("discussions:list", args=[self.assignment.pk])

    def sentence(self, section: int, n: int):
        return self.assignment.lesson.sections.get(position=section).sentences.get(position=n)


@pytest.fixture
def klass() -> Klass:
    teacher = TeacherFactory(first_name="Tess", last_name="Teacher")
    classroom = ClassroomFactory(teachers=[teacher], name="History 9B")
    lesson = lesson_with_sections(sections=2, sentences_per_section=3)
    return Klass(
        assignment=AssignmentFactory(lesson=lesson, classroom=classroom),
        teacher=teacher,
        ada=enrolled_student(classroom, first_name="Ada", last_name="Lovelace"),
        ben=enrolled_student(classroom, first_name="Ben", last_name="Okri"),
        cat=enrolled_student(classroom, first_name="Cat", last_name="Stevens"),
    )


def start(k: Klass, author=None, **kwargs) -> Thread:
    kwargs.setdefault("title", "Does the evidence hold?")
    kwargs.setdefault("body", "Opening thoughts on the claim.")
    return services.thread_create(assignment=k.assignment, author=author or k.ada, **kwargs)


def url(name: str, thread: Thread, *extra) -> str:
    return reverse(f"discussions:{name}", args=[thread.assignment_id, thread.pk, *extra])


def html_of(response) -> str:
    return response.content.decode()


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_page_markup_is_ours(html: str) -> None:
    """No element a student could have injected: scripts, images, SVG, handlers, js: links."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in {"img", "svg", "iframe", "b", "i", "style"}, (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag, attrs)


# Who gets in --------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in_and_see_nothing(client, klass):
    thread = start(klass, title="Secret title", body="Secret body")
    for address in (klass.list_url, thread.get_absolute_url()):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(thread.get_absolute_url(), {"body": "sneaky"})
    assert response.status_code == 302 and thread.posts.count() == 1


def test_student_of_another_class_gets_404_and_sees_nothing(klass):
    thread = start(klass, title="Secret title", body="Secret body")
    outsider = enrolled_student(ClassroomFactory())
    client = klass.client(outsider)
    for address in (
        klass.list_url,
        thread.get_absolute_url(),
        url("post_edit", thread, thread.posts.get().pk),
    ):
        response = client.get(address)
        assert response.status_code == 404
        assert "Secret" not in html_of(response)
    response = client.post(thread.get_absolute_url(), {"body": "Let me in"})
    assert response.status_code == 404 and thread.posts.count() == 1


def test_teacher_of_another_class_gets_404(klass):
    thread = start(klass)
    response = klass.client(TeacherFactory()).get(thread.get_absolute_url())
    assert response.status_code == 404


def test_thread_of_another_assignment_is_not_found_under_this_one(klass):
    other = AssignmentFactory(lesson=klass.assignment.lesson)
    thread = ThreadFactory(assignment=other, title="Elsewhere")
    address = reverse("discussions:thread", args=[klass.assignment.pk, thread.pk])
    assert klass.client(klass.ada).get(address).status_code == 404


def test_assignment_not_open_yet_is_refused_with_its_opening_time(klass):
    Assignment.objects.filter(pk=klass.assignment.pk).update(
        opens_at=timezone.now() + timedelta(days=2), due_at=timezone.now() + timedelta(days=9)
    )
    response = klass.client(klass.ada).get(klass.list_url)
    assert response.status_code == 403
    assert "This reading opens on" in html_of(response)


# The discussion page ------------------------------------------------------------------


def test_list_shows_threads_pinned_first_with_anchor_badges_and_counts(klass):
    sentence = klass.sentence(1, 2)
    anchored = start(klass, title="On a sentence", sentences=[sentence])
    start(klass, title="On a section", section=klass.assignment.lesson.sections.get(position=2))
    pinned = start(klass, title="Pinned one")
    services.thread_set_pinned(thread=pinned, teacher=klass.teacher, pinned=True)
    reply = services.post_reply(thread=anchored, author=klass.ben, body="Agreed")
    services.post_set_endorsed(post=reply, teacher=klass.teacher, endorsed=True)

    html = html_of(klass.client(klass.cat).get(klass.list_url))
    titles = re.findall(r'<h3 class="h6 mb-1"><a href="[^"]+">([^<]+)</a>', html)
    assert titles[0] == "Pinned one" and set(titles) == {
        "Pinned one",
        "On a sentence",
        "On a section",
    }
    assert f"on: “{sentence.text}”" in html
    assert "on: the section “Part 2”" in html
    assert "1 reply" in html and "Endorsed by teacher" in html and ">Pinned</span>" in html


def test_empty_discussion_says_what_to_do(klass):
    html = html_of(klass.client(klass.ada).get(klass.list_url))
    assert "No threads yet" in html and "Start a thread" in html


def test_new_thread_form_has_labelled_sentence_checkboxes_grouped_by_section(klass):
    html = html_of(klass.client(klass.ada).get(klass.list_url))
    sentence = klass.sentence(2, 1)
    assert "<summary>Part 1</summary>" in html and "<summary>Part 2</summary>" in html
    assert (
        f'<label class="cw-sentence-option" for="anchor-{sentence.pk}">\n'
        f'          <input type="checkbox" class="form-check-input" name="sentences" '
        f'value="{sentence.pk}" id="anchor-{sentence.pk}">\n'
        f"          <span>{sentence.text}</span>"
    ) in html
    for field in ("id_title", "id_body", "id_section"):
        assert f'for="{field}"' in html


def test_sentence_parameter_ticks_the_sentence_and_filters_the_list(klass):
    sentence = klass.sentence(1, 3)
    start(klass, title="About that sentence", sentences=[sentence])
    start(klass, title="Something else")
    response = klass.client(klass.ben).get(klass.list_url, {"sentence": sentence.pk})
    html = html_of(response)
    assert f'value="{sentence.pk}" id="anchor-{sentence.pk}" checked>' in html
    assert "Threads on this sentence" in html and "About that sentence" in html
    assert "Something else" not in html
    assert '<details class="cw-anchor-group" open>' in html


def test_discuss_on_a_sentence_chooses_its_section_in_the_new_thread_form(klass):
    sentence = klass.sentence(2, 1)
    html = html_of(klass.client(klass.ben).get(klass.list_url, {"sentence": sentence.pk}))
    section = sentence.section
    assert f'<option value="{section.pk}" selected>{section.display_heading}</option>' in html
    assert '<option value="" selected>' not in html


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_a_bad_sentence_parameter_is_a_400(klass, value):
    response = klass.client(klass.ada).get(klass.list_url, {"sentence": value})
    assert response.status_code == 400


def test_a_sentence_of_another_lesson_is_a_400(klass):
    other = lesson_with_sections(sections=1).sections.get().sentences.first()
    response = klass.client(klass.ada).get(klass.list_url, {"sentence": other.pk})
    assert response.status_code == 400


def test_student_starts_a_thread_anchored_to_sentences(klass):
    s1, s2 = klass.sentence(1, 1), klass.sentence(1, 2)
    response = klass.client(klass.ada).post(
        klass.list_url,
        {"title": "Buffer zone", "body": "Line one\nLine two", "sentences": [s1.pk, s2.pk]},
        follow=True,
    )
    thread = Thread.objects.get()
    assert response.redirect_chain[-1][0] == thread.get_absolute_url()
    html = html_of(response)
    assert "Your thread is posted." in html
    assert f"“{s1.text}”" in html and f"#s-{s1.pk}" in html and f"#s-{s2.pk}" in html
    reading = reverse("lessons:reading", args=[klass.assignment.pk])
    assert f'href="{reading}?section=1#s-{s1.pk}"' in html
    assert "<p>Line one<br>Line two</p>" in html
    assert thread.section.position == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "text"}, "This field is required."),
        ({"title": "   ", "body": "text"}, "This field is required."),
        ({"title": "x" * 201, "body": "text"}, "Ensure this value has at most 200 characters"),
        ({"title": "T", "body": "   "}, "This field is required."),
        ({"title": "T", "body": "x" * 5001}, "Keep a post to 5000 characters (it has 5001)."),
        ({"title": "T", "body": "b", "sentences": ["99999"]}, "Select a valid choice."),
        ({"title": "T", "body": "b", "section": "99999"}, "Select a valid choice."),
    ],
)
def test_bad_thread_input_shows_a_form_error_and_writes_nothing(klass, data, message):
    response = klass.client(klass.ada).post(klass.list_url, data)
    assert response.status_code == 200
    assert message in html_of(response)
    assert not Thread.objects.exists()


def test_sentences_outside_the_chosen_section_are_a_form_error(klass):
    section_2 = klass.assignment.lesson.sections.get(position=2)
    response = klass.client(klass.ada).post(
        klass.list_url,
        {
            "title": "T",
            "body": "b",
            "section": section_2.pk,
            "sentences": [klass.sentence(1, 1).pk],
        },
    )
    assert "are not all in the section you picked" in html_of(response)
    assert not Thread.objects.exists()


# Teacher prompts ----------------------------------------------------------------------


def test_prompts_are_listed_for_teachers_only_and_publish_once(klass):
    section = klass.assignment.lesson.sections.get(position=1)
    note = TeacherNoteFactory(
        section=section, kind="discussion_prompt", body="PROMPT: what would change your mind?"
    )
    private = TeacherNoteFactory(section=section, kind="fact_check", body="FACTCHECK private")
    student_html = html_of(klass.client(klass.ada).get(klass.list_url))
    assert "PROMPT" not in student_html and "Publish a prompt" not in student_html
    assert "FACTCHECK" not in student_html

    teacher = klass.client(klass.teacher)
    teacher_html = html_of(teacher.get(klass.list_url))
    assert "PROMPT: what would change your mind?" in teacher_html
    assert "FACTCHECK" not in teacher_html

    publish = reverse("discussions:prompt_publish", args=[klass.assignment.pk, note.pk])
    assert klass.client(klass.ada).post(publish).status_code == 403
    response = teacher.post(publish, follow=True)
    thread = Thread.objects.get()
    assert thread.author == klass.teacher and thread.prompt_note == note
    assert "The prompt is published to the class." in html_of(response)
    again = teacher.post(publish, follow=True)
    assert "already published" in html_of(again)
    assert Thread.objects.count() == 1
    # Now the students see it, as the teacher's thread.
    assert "PROMPT: what would change your mind?" in html_of(
        klass.client(klass.ada).get(thread.get_absolute_url())
    )
    not_a_prompt = reverse("discussions:prompt_publish", args=[klass.assignment.pk, private.pk])
    assert teacher.post(not_a_prompt).status_code == 404


# The thread page ----------------------------------------------------------------------


def test_replies_are_nested_one_level_with_in_reply_to(klass):
    thread = start(klass)
    top = services.post_reply(thread=thread, author=klass.ben, body="Ben's top reply")
    client = klass.client(klass.cat)
    form_page = html_of(client.get(thread.get_absolute_url(), {"reply_to": top.pk}))
    assert 'id="reply-form-inline"' in form_page
    assert f'name="parent" value="{top.pk}"' in form_page
    assert "Your reply to Ben Okri" in form_page
    client.post(
        thread.get_absolute_url() + f"?reply_to={top.pk}",
        {"body": "Cat answers Ben", "parent": top.pk},
    )
    child = Post.objects.get(body="Cat answers Ben")
    assert child.parent == top
    # A reply to the child is stored under the top-level reply too.
    klass.client(klass.ada).post(
        thread.get_absolute_url(), {"body": "Ada answers Cat", "parent": child.pk}
    )
    assert Post.objects.get(body="Ada answers Cat").parent == top
    html = html_of(client.get(thread.get_absolute_url()))
    group = html[html.index("Ben's top reply") :]
    assert group.index("Cat answers Ben") < group.index("Ada answers Cat")
    assert html.count("in reply to Ben Okri") == 2


def test_reply_form_errors_are_shown_and_nothing_is_written(klass):
    thread = start(klass)
    response = klass.client(klass.ben).post(thread.get_absolute_url(), {"body": "x" * 5001})
    assert response.status_code == 200
    assert "Keep a post to 5000 characters" in html_of(response)
    assert thread.posts.count() == 1


def test_an_inline_reply_error_is_shown_under_the_post_it_answers(klass):
    thread = start(klass)
    top = services.post_reply(thread=thread, author=klass.ben, body="Ben's reply")
    response = klass.client(klass.cat).post(
        thread.get_absolute_url() + f"?reply_to={top.pk}", {"body": "  ", "parent": top.pk}
    )
    html = html_of(response)
    inline = html[html.index('id="reply-form-inline"') : html.index('id="reply-form"')]
    assert "This field is required." in inline and "Your reply to Ben Okri" in inline
    assert thread.posts.count() == 2


def test_replying_to_a_hidden_post_is_not_found_for_classmates(klass):
    thread = start(klass)
    hidden = services.post_reply(thread=thread, author=klass.ben, body="Rude")
    services.post_hide(post=hidden, teacher=klass.teacher, reason="Unkind")
    response = klass.client(klass.cat).post(
        thread.get_absolute_url(), {"body": "hi", "parent": hidden.pk}
    )
    assert response.status_code == 404 and thread.posts.count() == 2
    bad = klass.client(klass.cat).post(thread.get_absolute_url(), {"body": "hi", "parent": "x"})
    assert bad.status_code == 400


def test_reply_in_a_locked_thread_is_403_and_changes_nothing(klass):
    thread = start(klass)
    services.thread_set_locked(thread=thread, teacher=klass.teacher, locked=True)
    response = klass.client(klass.ben).post(thread.get_absolute_url(), {"body": "Let me in"})
    assert response.status_code == 403
    assert "This thread is locked." in html_of(response)
    assert thread.posts.count() == 1
    page = html_of(klass.client(klass.ben).get(thread.get_absolute_url()))
    assert "This thread is locked" in page and 'id="reply-form"' not in page


def test_editing_after_the_window_is_403_and_changes_nothing(klass):
    thread = start(klass, body="Original words")
    post = thread.posts.get()
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    client = klass.client(klass.ada)
    edit = url("post_edit", thread, post.pk)
    for response in (
        client.get(edit),
        client.post(edit, {"title": "New", "body": "Changed words"}),
        client.post(url("post_delete", thread, post.pk)),
    ):
        assert response.status_code == 403
        assert "only within 30 minutes of posting" in html_of(response)
    post.refresh_from_db()
    assert post.body == "Original words" and post.deleted_at is None and post.edited_at is None
    assert "Edit<span" not in html_of(client.get(thread.get_absolute_url()))


def test_editing_another_students_post_is_403_and_changes_nothing(klass):
    thread = start(klass, body="Ada's words")
    post = thread.posts.get()
    client = klass.client(klass.ben)
    response = client.post(url("post_edit", thread, post.pk), {"body": "Ben's now"})
    assert response.status_code == 403
    assert "You can only change your own posts." in html_of(response)
    assert client.post(url("post_delete", thread, post.pk)).status_code == 403
    post.refresh_from_db()
    assert post.body == "Ada's words" and post.deleted_at is None


def test_author_edits_and_deletes_within_the_window(klass):
    thread = start(klass)
    reply = services.post_reply(thread=thread, author=klass.ben, body="First go")
    services.post_reply(thread=thread, author=klass.cat, body="Reply to Ben", parent=reply)
    client = klass.client(klass.ben)
    page = html_of(client.get(thread.get_absolute_url()))
    assert url("post_edit", thread, reply.pk) in page
    edit_page = html_of(client.get(url("post_edit", thread, reply.pk)))
    assert "First go" in edit_page and 'name="title"' not in edit_page
    response = client.post(url("post_edit", thread, reply.pk), {"body": "Second go"}, follow=True)
    assert "Second go" in html_of(response) and "(edited)" in html_of(response)

    confirm = client.get(url("post_delete", thread, reply.pk))
    assert "Delete my post" in html_of(confirm)
    response = client.post(url("post_delete", thread, reply.pk), follow=True)
    html = html_of(response)
    assert "This post was deleted." in html and "Second go" not in html
    assert "Reply to Ben" in html


def test_opening_post_edit_changes_the_title(klass):
    thread = start(klass)
    klass.client(klass.ada).post(
        url("post_edit", thread, thread.posts.get().pk),
        {"title": "Sharper title", "body": "Sharper body"},
    )
    thread.refresh_from_db()
    assert thread.title == "Sharper title"


# Moderation ---------------------------------------------------------------------------


def test_teacher_pins_locks_endorses_hides_and_unhides(klass):
    thread = start(klass)
    reply = services.post_reply(thread=thread, author=klass.ben, body="Ben's point")
    teacher = klass.client(klass.teacher)
    for action in ("pin", "lock"):
        response = teacher.post(url("thread_action", thread, action), follow=True)
        assert response.status_code == 200
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked
    html = html_of(teacher.get(thread.get_absolute_url()))
    assert "Unpin thread" in html and "Unlock thread" in html

    teacher.post(url("post_action", thread, reply.pk, "endorse"))
    reply.refresh_from_db()
    assert reply.endorsed_by == klass.teacher
    assert "Endorsed by teacher" in html_of(klass.client(klass.cat).get(thread.get_absolute_url()))

    hide_page = teacher.get(url("post_hide", thread, reply.pk))
    assert 'for="id_reason"' in html_of(hide_page)
    response = teacher.post(url("post_hide", thread, reply.pk), {"reason": ""})
    assert "This field is required." in html_of(response)
    teacher.post(url("post_hide", thread, reply.pk), {"reason": "Cite a source"})
    reply.refresh_from_db()
    assert reply.hidden_reason == "Cite a source"
    teacher.post(url("post_action", thread, reply.pk, "unhide"))
    reply.refresh_from_db()
    assert reply.hidden_at is None
    for action in ("unpin", "unlock"):
        teacher.post(url("thread_action", thread, action))
    thread.refresh_from_db()
    assert not thread.is_pinned and not thread.is_locked


def test_students_cannot_moderate(klass):
    thread = start(klass)
    reply = services.post_reply(thread=thread, author=klass.ben, body="Ben's point")
    client = klass.client(klass.ben)
    for address in (
        url("thread_action", thread, "pin"),
        url("thread_action", thread, "lock"),
        url("post_action", thread, reply.pk, "endorse"),
        url("post_hide", thread, reply.pk),
    ):
        response = client.post(address, {"reason": "mine"})
        assert response.status_code == 403, address
        assert "Only a teacher of this class" in html_of(response)
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert not thread.is_pinned and not thread.is_locked
    assert reply.endorsed_at is None and reply.hidden_at is None


def test_actions_need_post_and_known_names(klass):
    thread = start(klass)
    teacher = klass.client(klass.teacher)
    assert teacher.get(url("thread_action", thread, "pin")).status_code == 405
    assert teacher.post(url("thread_action", thread, "explode")).status_code == 404
    post = thread.posts.get()
    assert teacher.post(url("post_action", thread, post.pk, "explode")).status_code == 404


def test_posts_need_a_csrf_token(klass):
    thread = start(klass)
    client = Client(enforce_csrf_checks=True)
    client.force_login(klass.ben)
    assert client.post(thread.get_absolute_url(), {"body": "no token"}).status_code == 403
    assert thread.posts.count() == 1


def test_hidden_post_author_sees_reason_classmates_see_nothing_teacher_sees_mark(klass):
    thread = start(klass)
    hidden = services.post_reply(thread=thread, author=klass.ben, body="UNKIND-TEXT")
    services.post_hide(post=hidden, teacher=klass.teacher, reason="REASON-TEXT")

    author_html = html_of(klass.client(klass.ben).get(thread.get_absolute_url()))
    assert "Hidden by your teacher: REASON-TEXT" in author_html and "UNKIND-TEXT" in author_html

    classmate_html = html_of(klass.client(klass.cat).get(thread.get_absolute_url()))
    for secret in ("UNKIND-TEXT", "REASON-TEXT", f"post-{hidden.pk}", "Hidden"):
        assert secret not in classmate_html

    teacher_html = html_of(klass.client(klass.teacher).get(thread.get_absolute_url()))
    assert "UNKIND-TEXT" in teacher_html and "REASON-TEXT" in teacher_html
    assert '<span class="badge cw-badge cw-badge--hidden">Hidden</span>' in teacher_html
    assert "Unhide" in teacher_html


def test_the_teachers_thread_page_counts_a_hidden_reply_it_shows(klass):
    thread = start(klass)
    hidden = services.post_reply(thread=thread, author=klass.ben, body="UNKIND-TEXT")
    services.post_hide(post=hidden, teacher=klass.teacher, reason="Be kind.")
    teacher_html = html_of(klass.client(klass.teacher).get(thread.get_absolute_url()))
    assert "UNKIND-TEXT" in teacher_html
    assert "0 replies, and 1 hidden from the class" in teacher_html
    classmate_html = html_of(klass.client(klass.cat).get(thread.get_absolute_url()))
    assert "0 replies" in classmate_html and "hidden from the class" not in classmate_html


def test_post_first_rule_hides_classmates_posts_in_the_html(klass):
    Assignment.objects.filter(pk=klass.assignment.pk).update(discussion_post_first=True)
    thread = start(klass, body="OPENING-BODY")
    services.post_reply(thread=thread, author=klass.ben, body="BEN-REPLY-BODY")
    client = klass.client(klass.cat)

    list_html = html_of(client.get(klass.list_url))
    assert "once you have posted in it yourself" in list_html
    assert "1 reply" in list_html and "BEN-REPLY-BODY" not in list_html

    html = html_of(client.get(thread.get_absolute_url()))
    assert "OPENING-BODY" in html
    assert "BEN-REPLY-BODY" not in html and "Ben Okri" not in html
    assert "1 reply from classmates" in html
    reply_id = Post.objects.get(body="BEN-REPLY-BODY").pk
    assert client.get(thread.get_absolute_url(), {"reply_to": reply_id}).status_code == 404

    client.post(thread.get_absolute_url(), {"body": "CAT-REPLY-BODY"})
    html = html_of(client.get(thread.get_absolute_url()))
    assert "BEN-REPLY-BODY" in html and "CAT-REPLY-BODY" in html
    assert "BEN-REPLY-BODY" in html_of(klass.client(klass.teacher).get(thread.get_absolute_url()))


# Safety of what students type ---------------------------------------------------------


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_inert_on_the_list_and_thread_pages(klass, payload):
    client = klass.client(klass.ada)
    client.post(klass.list_url, {"title": f"T {payload}", "body": f"B {payload}"})
    thread = Thread.objects.get()
    services.post_reply(thread=thread, author=klass.ben, body=f"R {payload}")
    for page in (klass.list_url, thread.get_absolute_url()):
        html = html_of(klass.client(klass.cat).get(page))
        if "<" in payload:
            assert payload not in html, page  # never verbatim: every < is escaped
        assert_page_markup_is_ours(html)
    html = html_of(klass.client(klass.cat).get(thread.get_absolute_url()))
    assert html.count("&lt;") >= payload.count("<") * 3  # title, opening post, reply


def test_links_in_posts_are_clickable_and_nofollow(klass):
    thread = start(klass, body="Source: https://example.org/report?id=3.")
    html = html_of(klass.client(klass.ben).get(thread.get_absolute_url()))
    assert (
        '<a href="https://example.org/report?id=3" rel="nofollow noopener ugc">'
        "https://example.org/report?id=3</a>." in html
    )


# Reading integration ------------------------------------------------------------------


def test_reading_page_marks_each_discussed_sentence_through_the_extension(klass):
    """The discussion's reading tool: a thread count beside each discussed sentence."""
    from discussions.extension import reading_tools

    sentence = klass.sentence(1, 1)
    start(klass, author=klass.ada, title="One", sentences=[sentence])
    start(klass, author=klass.ben, title="Two", sentences=[sentence])

    (tool,) = reading_tools(assignment=klass.assignment, viewer=klass.ada, viewer_is_teacher=False)
    html = render_to_string(
        "lessons/_reading_tool_mark.html", {"tool": tool, "count": 2, "sentence": sentence}
    )

    assert tool.counts == {sentence.pk: 2}
    assert f'href="{klass.list_url}?sentence={sentence.pk}"' in html
    text = re.sub(r"<[^>]+>", "", html).strip()
    assert text == "2 threads on this sentence in the class discussion"


# Query counts -------------------------------------------------------------------------


def _fill(k: Klass, threads: int, replies_per_thread: int) -> Thread:
    sentences = [k.sentence(1 + i % 2, 1 + i % 3) for i in range(6)]
    first = None
    for n in range(threads):
        thread = start(k, author=(k.ada, k.ben)[n % 2], title=f"T{n}", sentences=[sentences[n % 6]])
        first = first or thread
        previous = None
        for r in range(replies_per_thread):
            parent = previous if r % 3 == 2 else None
            previous = PostFactory(thread=thread, author=(k.ben, k.cat)[r % 2], parent=parent)
        if n % 4 == 0:
            services.post_set_endorsed(
                post=thread.posts.get(is_opening=True), teacher=k.teacher, endorsed=True
            )
    return first


# The list for a student: session, user, assignment, threads, anchors, posts, the class's
# teachers. For a teacher: session, user, Teachers-group check, assignment, the lesson's
# sections and sentences (for the prompt form), threads, anchors, discussion prompts.
@pytest.mark.parametrize(
    ("viewer", "list_queries", "page_queries"), [("cat", 7, 7), ("teacher", 9, 8)]
)
def test_discussion_pages_run_the_same_queries_for_5_and_200_posts(
    klass, viewer, list_queries, page_queries, query_count, django_assert_num_queries
):
    TeacherNoteFactory(
        section=klass.assignment.lesson.sections.first(), kind="discussion_prompt", body="P"
    )
    client = klass.client(getattr(klass, viewer))
    small_thread = _fill(klass, threads=1, replies_per_thread=4)  # 5 posts
    small = (
        query_count(get_ok, client, klass.list_url),
        query_count(get_ok, client, small_thread.get_absolute_url()),
    )
    Thread.objects.all().delete()
    big_thread = _fill(klass, threads=8, replies_per_thread=24)  # 200 posts, 8 threads
    assert Post.objects.count() == 200
    big_thread.posts.filter(body__endswith="1 says").update(hidden_at=timezone.now())
    big = (
        query_count(get_ok, client, klass.list_url),
        query_count(get_ok, client, big_thread.get_absolute_url()),
    )
    assert big == small
    with django_assert_num_queries(list_queries):
        get_ok(client, klass.list_url)
    with django_assert_num_queries(page_queries):
        get_ok(client, big_thread.get_absolute_url())

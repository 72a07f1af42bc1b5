"""Discussion admin (discussions/admin.py): scoped to the teacher's classes, moderated
through the same services as the site."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from discussions import services
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    TeacherFactory,
    UserFactory,
    enrolled_student,
    lesson_with_sections,
)
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two classes reading the same lesson, each with a teacher and a thread."""
    lesson = lesson_with_sections(sections=1)
    mine_teacher, other_teacher = TeacherFactory(), TeacherFactory()
    mine = AssignmentFactory(
        lesson=lesson, classroom=ClassroomFactory(name="Mine 9A", teachers=[mine_teacher])
    )
    other = AssignmentFactory(
        lesson=lesson, classroom=ClassroomFactory(name="Other 9B", teachers=[other_teacher])
    )
    ada = enrolled_student(mine.classroom, username="ada")
    zed = enrolled_student(other.classroom, username="zed")
    my_thread = services.thread_create(
        assignment=mine, author=ada, title="MY-THREAD", body="MY-BODY about sanctions"
    )
    other_thread = services.thread_create(
        assignment=other, author=zed, title="OTHER-THREAD", body="OTHER-BODY about sanctions"
    )
    return {
        "teacher": mine_teacher,
        "ada": ada,
        "mine": mine,
        "my_thread": my_thread,
        "my_post": my_thread.posts.get(),
        "other_post": other_thread.posts.get(),
        "other_thread": other_thread,
    }


def admin_url(model: str, view: str = "changelist", *args) -> str:
    return reverse(f"admin:discussions_{model}_{view}", args=args)


def test_teachers_see_only_their_classes_posts_and_threads(world):
    client = signed_in(world["teacher"])
    posts = client.get(admin_url("post")).content.decode()
    assert "MY-BODY" in posts and "OTHER-BODY" not in posts
    threads = client.get(admin_url("thread")).content.decode()
    assert "MY-THREAD" in threads and "OTHER-THREAD" not in threads
    assert client.get(admin_url("post", "change", world["other_post"].pk)).status_code == 302
    assert client.get(admin_url("thread", "change", world["other_thread"].pk)).status_code == 302


def test_superusers_see_every_class(world):
    client = signed_in(UserFactory(is_superuser=True, is_staff=True))
    posts = client.get(admin_url("post")).content.decode()
    assert "MY-BODY" in posts and "OTHER-BODY" in posts


def test_class_and_assignment_filters_offer_only_taught_classes(world):
    client = signed_in(world["teacher"])
    html = client.get(admin_url("post")).content.decode()
    assert "Mine 9A" in html and "Other 9B" not in html
    other_class = world["other_thread"].assignment.classroom_id
    html = client.get(admin_url("post"), {"classroom": other_class}).content.decode()
    assert "MY-BODY" not in html and "OTHER-BODY" not in html
    html = client.get(admin_url("post"), {"assignment": world["mine"].pk}).content.decode()
    assert "MY-BODY" in html
    html = client.get(admin_url("thread"), {"classroom": "nonsense"}).content.decode()
    assert "MY-THREAD" not in html


def test_search_by_body_title_and_author_username(world):
    client = signed_in(world["teacher"])
    services.post_reply(thread=world["my_thread"], author=world["ada"], body="REPLY-ZEBRA")
    assert "REPLY-ZEBRA" in client.get(admin_url("post"), {"q": "zebra"}).content.decode()
    by_author = client.get(admin_url("post"), {"q": "ada"}).content.decode()
    assert "MY-BODY" in by_author and "OTHER-BODY" not in by_author
    threads = client.get(admin_url("thread"), {"q": "zebra"}).content.decode()
    assert "MY-THREAD" in threads
    # Searching another class's words finds nothing for this teacher.
    response = client.get(admin_url("thread"), {"q": "OTHER-BODY"})
    assert "OTHER-THREAD" not in response.content.decode()
    assert response.context["cl"].result_count == 0


def test_state_filter(world):
    client = signed_in(world["teacher"])
    reply = services.post_reply(thread=world["my_thread"], author=world["ada"], body="HIDE-ME")
    services.post_hide(post=reply, teacher=world["teacher"], reason="No")
    hidden = client.get(admin_url("post"), {"state": "hidden"}).content.decode()
    assert "HIDE-ME" in hidden and "MY-BODY" not in hidden
    visible = client.get(admin_url("post"), {"state": "visible"}).content.decode()
    assert "HIDE-ME" not in visible and "MY-BODY" in visible
    assert "MY-BODY" not in client.get(admin_url("post"), {"state": "deleted"}).content.decode()


def test_hide_action_asks_for_a_reason_then_hides(world):
    client = signed_in(world["teacher"])
    post = world["my_post"]
    data = {"action": "hide_posts", ACTION_CHECKBOX_NAME: [post.pk]}
    response = client.post(admin_url("post"), data)
    assert response.status_code == 200
    assert "Hide posts from the class" in response.content.decode()
    post.refresh_from_db()
    assert post.hidden_at is None

    response = client.post(admin_url("post"), {**data, "apply": "1", "reason": ""})
    assert "This field is required." in response.content.decode()
    response = client.post(admin_url("post"), {**data, "apply": "1", "reason": "Off topic"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden_reason == "Off topic" and post.hidden_by == world["teacher"]

    client.post(admin_url("post"), {"action": "unhide_posts", ACTION_CHECKBOX_NAME: [post.pk]})
    post.refresh_from_db()
    assert post.hidden_at is None


def test_actions_cannot_reach_another_class(world):
    client = signed_in(world["teacher"])
    other = world["other_post"]
    client.post(
        admin_url("post"),
        {"action": "hide_posts", ACTION_CHECKBOX_NAME: [other.pk], "apply": "1", "reason": "x"},
    )
    client.post(
        admin_url("thread"),
        {"action": "lock_threads", ACTION_CHECKBOX_NAME: [world["other_thread"].pk]},
    )
    other.refresh_from_db()
    world["other_thread"].refresh_from_db()
    assert other.hidden_at is None and not world["other_thread"].is_locked


def test_thread_actions_pin_and_lock(world):
    client = signed_in(world["teacher"])
    thread = world["my_thread"]
    for action in ("pin_threads", "lock_threads"):
        client.post(admin_url("thread"), {"action": action, ACTION_CHECKBOX_NAME: [thread.pk]})
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked
    for action in ("unpin_threads", "unlock_threads"):
        client.post(admin_url("thread"), {"action": action, ACTION_CHECKBOX_NAME: [thread.pk]})
    thread.refresh_from_db()
    assert not thread.is_pinned and not thread.is_locked


def test_posts_are_read_only_and_nothing_is_added_in_the_admin(world):
    client = signed_in(world["teacher"])
    assert client.get(admin_url("post", "add")).status_code == 403
    assert client.get(admin_url("thread", "add")).status_code == 403
    post = world["my_post"]
    assert client.get(admin_url("post", "delete", post.pk)).status_code == 403
    client.post(admin_url("post", "change", post.pk), {"body": "rewritten"})
    post.refresh_from_db()
    assert post.body == "MY-BODY about sanctions"
    html = client.get(admin_url("post", "change", post.pk)).content.decode()
    assert "MY-BODY about sanctions" in html and "<textarea" not in html


def test_the_discussion_admins_are_on_the_site(teacher_client):
    for name in ("thread", "post"):
        response = teacher_client.get(reverse(f"admin:discussions_{name}_changelist"))
        assert response.status_code == 200, name

"""Moving the discussion's models out of lessons keeps every table, row and permission.

The database is taken back to the last migration before the move (lessons 0003, with no
discussions app), filled with a thread, its anchor, posts and a teacher's permission on
threads through the historical models, then migrated forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MOVE = [("lessons", "0003_discussion"), ("discussions", None)]


def migrate(targets, *, state_at):
    """Migrate the database to ``targets``; the historical models as of ``state_at``."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(state_at).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_threads_anchors_posts_and_permissions_survive_the_move_to_the_discussions_app():
    old = migrate(BEFORE_MOVE, state_at=[("lessons", "0003_discussion")])
    User = old.get_model("auth", "User")
    Group = old.get_model("auth", "Group")
    Permission = old.get_model("auth", "Permission")
    ContentType = old.get_model("contenttypes", "ContentType")
    Lesson = old.get_model("lessons", "Lesson")
    Section = old.get_model("lessons", "Section")
    Sentence = old.get_model("lessons", "Sentence")
    Classroom = old.get_model("lessons", "Classroom")
    Assignment = old.get_model("lessons", "Assignment")
    Thread = old.get_model("lessons", "Thread")
    ThreadAnchor = old.get_model("lessons", "ThreadAnchor")
    Post = old.get_model("lessons", "Post")

    from django.utils import timezone

    now = timezone.now()
    author = User.objects.create(username="ada")
    lesson = Lesson.objects.create(title="A reading", slug="a-reading")
    section = Section.objects.create(lesson=lesson, position=1, heading="One", body="A. B.")
    sentence = Sentence.objects.create(section=section, position=1, paragraph=0, text="A.")
    classroom = Classroom.objects.create(name="Class", join_code="ABCDEFGH")
    assignment = Assignment.objects.create(
        lesson=lesson,
        classroom=classroom,
        opens_at=now,
        due_at=now + timezone.timedelta(days=1),
    )
    thread = Thread.objects.create(assignment=assignment, author=author, title="Is A true?")
    anchor = ThreadAnchor.objects.create(thread=thread, sentence=sentence)
    opening = Post.objects.create(thread=thread, author=author, body="I wonder.", is_opening=True)
    reply = Post.objects.create(thread=thread, author=author, body="Me too.", parent=None)
    thread_type, _ = ContentType.objects.get_or_create(app_label="lessons", model="thread")
    change_thread, _ = Permission.objects.get_or_create(
        content_type=thread_type, codename="change_thread", defaults={"name": "Can change thread"}
    )
    group = Group.objects.create(name="Moderators")
    group.permissions.add(change_thread)

    new = migrate(latest(), state_at=latest())

    NewThread = new.get_model("discussions", "Thread")
    NewPost = new.get_model("discussions", "Post")
    NewAnchor = new.get_model("discussions", "ThreadAnchor")
    moved = NewThread.objects.get(pk=thread.pk)
    assert moved.title == "Is A true?"
    assert moved.assignment_id == assignment.pk
    assert list(moved.sentences.values_list("pk", flat=True)) == [sentence.pk]
    assert NewAnchor.objects.get(pk=anchor.pk).sentence_id == sentence.pk
    assert sorted(NewPost.objects.filter(thread=moved).values_list("pk", "body")) == sorted(
        [(opening.pk, "I wonder."), (reply.pk, "Me too.")]
    )
    # The content type moved with the model, so the permission a group held still applies.
    NewGroup = new.get_model("auth", "Group")
    codes = set(
        NewGroup.objects.get(pk=group.pk).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert ("discussions", "change_thread") in codes
    assert "lessons_thread" in connection.introspection.table_names()

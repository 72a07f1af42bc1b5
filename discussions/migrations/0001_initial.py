"""The discussion's models move here from lessons, keeping their tables and rows.

The tables were created by lessons.0003_discussion and keep their names (each model sets
``db_table``), so this migration changes Django's idea of where the models live and
nothing in the database (SeparateDatabaseAndState with no database operations), then
moves the content types, so the Teachers group's permissions and the admin's history
follow the models. lessons.0004 removes the models from lessons' state.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ("thread", "threadanchor", "post")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="lessons", model__in=MOVED).update(
        app_label="discussions"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="discussions", model__in=MOVED).update(
        app_label="lessons"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lessons", "0003_discussion"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Thread",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                ("is_pinned", models.BooleanField(default=False)),
                ("is_locked", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_activity_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("assignment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="threads", to="lessons.assignment")),
                ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="discussion_threads", to=settings.AUTH_USER_MODEL)),
                ("prompt_note", models.ForeignKey(blank=True, help_text="The teacher's discussion-prompt note this thread was published from.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="published_threads", to="lessons.teachernote")),
                ("section", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="threads", to="lessons.section")),
            ],
            options={
                "db_table": "lessons_thread",
                "ordering": ["-is_pinned", "-last_activity_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ThreadAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sentence", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="anchors", to="lessons.sentence")),
                ("thread", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="anchors", to="discussions.thread")),
            ],
            options={
                "db_table": "lessons_threadanchor",
                "ordering": ["thread", "sentence__position"],
                "verbose_name": "discussion anchor",
            },
        ),
        migrations.AddField(
            model_name="thread",
            name="sentences",
            field=models.ManyToManyField(blank=True, related_name="threads", through="discussions.ThreadAnchor", to="lessons.sentence"),
        ),
        migrations.CreateModel(
            name="Post",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("is_opening", models.BooleanField(default=False)),
                ("body", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("edited_at", models.DateTimeField(blank=True, null=True)),
                ("deleted_at", models.DateTimeField(blank=True, null=True)),
                ("hidden_at", models.DateTimeField(blank=True, null=True)),
                ("hidden_reason", models.CharField(blank=True, max_length=300)),
                ("endorsed_at", models.DateTimeField(blank=True, null=True)),
                ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="discussion_posts", to=settings.AUTH_USER_MODEL)),
                ("endorsed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("hidden_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("parent", models.ForeignKey(blank=True, help_text="The top-level reply this post answers; empty for the opening post and for direct replies to the thread.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="replies", to="discussions.post")),
                ("thread", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="posts", to="discussions.thread")),
            ],
            options={
                "db_table": "lessons_post",
                "ordering": ["thread", "created_at", "id"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("is_opening", True)), fields=("thread",), name="one_opening_post_per_thread"),
                    models.CheckConstraint(condition=models.Q(("is_opening", False), ("parent__isnull", True), _connector="OR"), name="opening_post_has_no_parent"),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="threadanchor",
            constraint=models.UniqueConstraint(fields=("thread", "sentence"), name="thread_anchor_unique"),
        ),
        migrations.AddConstraint(
            model_name="thread",
            constraint=models.UniqueConstraint(condition=models.Q(("prompt_note__isnull", False)), fields=("assignment", "prompt_note"), name="prompt_published_once_per_assignment"),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

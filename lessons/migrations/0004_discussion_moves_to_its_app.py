"""The discussion's models now live in the discussions app (its migration 0001).

State only: the tables stay where they are, and the discussions app owns them now.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0003_discussion"),
        ("discussions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="thread", name="prompt_published_once_per_assignment"),
                migrations.RemoveConstraint(model_name="threadanchor", name="thread_anchor_unique"),
                migrations.DeleteModel(name="Post"),
                migrations.RemoveField(model_name="thread", name="sentences"),
                migrations.DeleteModel(name="ThreadAnchor"),
                migrations.DeleteModel(name="Thread"),
            ],
            database_operations=[],
        ),
    ]

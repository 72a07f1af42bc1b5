"""The lessons app's configuration."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Lessons and classes"
    #: Teachers manage lessons and classes; reading marks are students' own (lessons.roles).
    teacher_view_only_models = frozenset({"sectionread"})

    def ready(self) -> None:
        from lessons import checks  # noqa: F401  (registers the system checks)
        from lessons.roles import sync_teacher_permissions

        # Permissions are created after migrations run, so the group is kept in step here.
        post_migrate.connect(sync_teacher_permissions, dispatch_uid="lessons.sync_teachers")

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Lessons and classes"

    def ready(self) -> None:
        from lessons.roles import sync_teacher_permissions

        # Permissions are created after migrations run, so the group is kept in step here.
        post_migrate.connect(sync_teacher_permissions, dispatch_uid="lessons.sync_teachers")

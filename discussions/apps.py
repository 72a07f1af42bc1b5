"""The discussions app's configuration."""

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    """The class discussion of an assignment: threads anchored to the text, and posts."""

    name = "discussions"
    verbose_name = "Class discussion"
    #: Teachers moderate threads and posts in the admin (lessons.roles).
    teacher_view_only_models: frozenset[str] = frozenset()

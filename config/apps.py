"""The project app: management commands, role set-up and request-wide signals."""

from django.apps import AppConfig


class ClaimwiseConfig(AppConfig):
    """Project-level app: holds the project's management commands and role set-up."""

    name = "config"
    label = "claimwise"
    verbose_name = "Claimwise"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from config.middleware import note_database_failure

        got_request_exception.connect(note_database_failure, dispatch_uid="claimwise-db-outage")

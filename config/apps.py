"""The project app: management commands, role set-up and request-wide signals."""

from django.apps import AppConfig


class ClaimwiseConfig(AppConfig):
    """Project-level app: holds the project's management commands and role set-up."""

    name = "config"
    label = "claimwise"
    verbose_name = "Claimwise"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.core.signals import got_request_exception

        from config.middleware import note_database_failure
        from config.views import record_sign_in_failure

        got_request_exception.connect(note_database_failure, dispatch_uid="claimwise-db-outage")
        user_login_failed.connect(record_sign_in_failure, dispatch_uid="claimwise-sign-in-limit")

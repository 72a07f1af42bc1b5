from django.apps import AppConfig


class ClaimwiseConfig(AppConfig):
    """Project-level app: holds the project's management commands and role set-up."""

    name = "config"
    label = "claimwise"
    verbose_name = "Claimwise"

"""The quizzes app's configuration."""

from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes and results"
    #: Teachers build quizzes in the admin; students' work and the override log are
    #: view-only there (overrides go through the results pages, which log them).
    teacher_view_only_models = frozenset(
        {"attempt", "response", "responsechoice", "responsesentence", "scoreoverride"}
    )

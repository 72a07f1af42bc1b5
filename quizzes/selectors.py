"""Reads of the quizzes app, scoped by who asks."""

from lessons.extensions import AssignmentItem  # noqa: F401  (used by the providers below)


def assignment_items_for_dashboard(*, user, assignments, for_teacher: bool = False) -> dict:
    """Per-assignment quiz items for the lessons dashboard and reading pages.

    Placeholder until the quiz pages exist: contributes nothing.
    """
    return {}

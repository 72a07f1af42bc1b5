"""Extension points through which apps above lessons add to its pages.

lessons never imports quizzes. Instead, settings.ASSIGNMENT_SUMMARY_PROVIDERS names
functions (dotted paths) that, given a user and a list of assignments, return extra
per-assignment items (for example "Quiz: 2 of 2 attempts used, 8/10") that the dashboard
and reading pages show. config composes the apps by naming them.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class AssignmentItem:
    """One thing to do within an assignment, contributed by another app."""

    label: str  # "Quiz: Checking the claims"
    url: str  # where the student (or teacher) goes to do or see it
    status: str  # "todo", "in_progress", "done" (drives the dashboard's done/late state)
    detail: str = ""  # "Score 8/10", "1 attempt left"
    extra: dict = field(default_factory=dict)


def assignment_items(*, user, assignments, for_teacher: bool = False) -> dict[int, list]:
    """Collect every provider's items, keyed by assignment id (bounded queries per provider)."""
    collected: dict[int, list[AssignmentItem]] = {a.pk: [] for a in assignments}
    if not collected:
        return collected
    for dotted in getattr(settings, "ASSIGNMENT_SUMMARY_PROVIDERS", ()):
        provider = import_string(dotted)
        for assignment_id, items in provider(
            user=user, assignments=assignments, for_teacher=for_teacher
        ).items():
            collected.setdefault(assignment_id, []).extend(items)
    return collected

"""Extension points through which apps above lessons add to its pages.

lessons imports neither quizzes nor discussions. Instead, ``settings.ASSIGNMENT_EXTENSIONS``
names modules (dotted paths), and each may define either of two hooks:

* ``assignment_items(*, user, assignments, for_teacher) -> dict[int, list[AssignmentItem]]``:
  per-assignment items that the dashboards, the end of the reading and the assignment's
  admin page show (a quiz to take, its results, the class discussion);
* ``reading_tools(*, assignment, viewer, viewer_is_teacher) -> list[ReadingTool]``: what
  the reading page offers beside the text (the discussion's per-sentence thread counts
  and its "Discuss a sentence" form).

config composes the apps by naming them; ``lessons.checks`` refuses a setting that names
a module without a hook, or a hook that is not a function taking those keywords.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

from django.conf import settings

#: The hooks an extension module may define, with the keyword arguments each is given.
HOOKS = {
    "assignment_items": ("user", "assignments", "for_teacher"),
    "reading_tools": ("assignment", "viewer", "viewer_is_teacher"),
}


class ItemStatus(enum.StrEnum):
    """Where a student (or, for a teacher, the class) stands with an item."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class AssignmentItem:
    """One thing within an assignment that another app contributes.

    An item with a ``status`` is work to do, and counts toward the assignment being done;
    one without (the class discussion) is a place to go.
    """

    label: str  # "Quiz: Checking the claims"
    url: str  # where the student (or teacher) goes to do or see it
    status: ItemStatus | None = None
    detail: str = ""  # "Score 8/10", "1 attempt left"
    admin_url: str = ""  # the same in the admin, where there is one (teachers only)

    @property
    def is_task(self) -> bool:
        return self.status is not None


@dataclass(frozen=True)
class ReadingTool:
    """Something another app offers beside the text of the reading page.

    The page links to ``url`` under ``label``; each sentence with a count links to
    ``url?sentence=<id>`` ("2 threads"); each section has a small form that opens
    ``url?sentence=<id>`` for a chosen sentence, with ``action`` on its button.
    """

    label: str  # "Class discussion"
    url: str
    noun: str  # "thread": what the counts count
    action: str  # "Discuss"
    action_help: str  # "Discuss a sentence of this section with your class"
    counts: Mapping[int, int] = field(default_factory=dict)  # sentence id -> count


def extension_modules() -> list[ModuleType]:
    """The modules named by ``settings.ASSIGNMENT_EXTENSIONS``, imported."""
    return [import_module(dotted) for dotted in getattr(settings, "ASSIGNMENT_EXTENSIONS", ())]


def assignment_items(*, user, assignments, for_teacher: bool = False) -> dict[int, list]:
    """Every extension's items, keyed by assignment id (bounded queries per extension)."""
    collected: dict[int, list[AssignmentItem]] = {a.pk: [] for a in assignments}
    if not collected:
        return collected
    for module in extension_modules():
        if hook := getattr(module, "assignment_items", None):
            for assignment_id, items in hook(
                user=user, assignments=assignments, for_teacher=for_teacher
            ).items():
                collected.setdefault(assignment_id, []).extend(items)
    return collected


def reading_tools(*, assignment, viewer, viewer_is_teacher: bool) -> list[ReadingTool]:
    """Every extension's tools for the reading page of one assignment."""
    tools: list[ReadingTool] = []
    for module in extension_modules():
        if hook := getattr(module, "reading_tools", None):
            tools.extend(
                hook(assignment=assignment, viewer=viewer, viewer_is_teacher=viewer_is_teacher)
            )
    return tools

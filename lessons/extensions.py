"""Extension points through which apps above lessons add to its pages.

lessons imports neither quizzes nor discussions. Instead, ``settings.ASSIGNMENT_EXTENSIONS``
names modules (dotted paths), and each may define either of two hooks:

* ``assignment_items(*, user, assignments, for_teacher) -> dict[int, list[AssignmentItem]]``:
  per-assignment items that the dashboards, the end of the reading and the assignment's
  admin page show (a quiz to take, its results, the class discussion);
* ``reading_tools(*, assignment, viewer, viewer_is_teacher) -> list[ReadingTool]``: what
  the reading page offers beside the text (the discussion's per-sentence thread counts
  and its "Discuss a sentence" form);
* ``reading_heat(*, assignment, viewer) -> HeatMap | None``: for the teacher's reading
  view, how the class treated each sentence in the questions it answered on it (the
  quizzes' spot-the-claim answers), shown as a heat map over the text;
* ``student_panels(*, student) -> list[Panel]``: boxes on the student's dashboard about
  the student's own work (the quizzes' skill profile).

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
    "reading_heat": ("assignment", "viewer"),
    "student_panels": ("student",),
    "lesson_copied": ("original", "copy", "owner"),
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


@dataclass(frozen=True)
class SentenceHeat:
    """How the students who answered a question on a sentence treated it.

    ``answered`` students saw the sentence in a question they answered, ``flagged`` of
    them flagged it. When it ``should_flag`` (it is in the question's key) the others
    missed it; when it should not, each flag is a false alarm; a ``contested`` sentence
    (a judgement call) is neither.
    """

    answered: int
    flagged: int
    should_flag: bool
    contested: bool = False

    @property
    def missed(self) -> int | None:
        return self.answered - self.flagged if self.should_flag and not self.contested else None

    @property
    def flagged_percent(self) -> float | None:
        return 100 * self.flagged / self.answered if self.answered else None

    @property
    def missed_percent(self) -> float | None:
        missed = self.missed
        return 100 * missed / self.answered if missed is not None and self.answered else None

    @property
    def wrong_percent(self) -> float | None:
        """The share who got it wrong: missed it when it fails, flagged it when it holds."""
        if self.contested or not self.answered:
            return None
        return self.missed_percent if self.should_flag else self.flagged_percent

    @property
    def level(self) -> int:
        """The shade of the heat map, 0 (no one wrong) to 4 (most wrong)."""
        wrong = self.wrong_percent
        if wrong is None:
            return 0
        return next(level for level, upper in enumerate((10, 30, 50, 70, 101)) if wrong < upper)


@dataclass(frozen=True)
class HeatMap:
    """A class's answers over the text of a lesson, sentence by sentence."""

    title: str  # "Spot-the-claim answers in Demo class"
    students: int  # students with at least one counted answer
    sentences: Mapping[int, SentenceHeat] = field(default_factory=dict)  # by sentence id
    note: str = ""  # what is counted, in words


@dataclass(frozen=True)
class Panel:
    """A box another app adds to the student's dashboard, rendered from its own template
    with ``panel`` (this object) in the context."""

    title: str
    template: str
    context: Mapping[str, object] = field(default_factory=dict)


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


def reading_heat(*, assignment, viewer) -> HeatMap | None:
    """The first extension's heat map of how the assignment's class answered on the text."""
    for module in extension_modules():
        if hook := getattr(module, "reading_heat", None):
            heat = hook(assignment=assignment, viewer=viewer)
            if heat is not None:
                return heat
    return None


def student_panels(*, student) -> list[Panel]:
    """Every extension's boxes for the student's dashboard (bounded queries each)."""
    panels: list[Panel] = []
    for module in extension_modules():
        if hook := getattr(module, "student_panels", None):
            panels.extend(hook(student=student))
    return panels


def lesson_copied(*, original, copy, owner) -> None:
    """Let every extension copy what it keeps on a lesson (quizzes) onto a fresh copy."""
    for module in extension_modules():
        if hook := getattr(module, "lesson_copied", None):
            hook(original=original, copy=copy, owner=owner)

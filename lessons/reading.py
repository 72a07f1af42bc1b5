"""The reading page: a lesson's sections and sentences as a student (or teacher) reads them.

``reading_page`` builds everything the reading templates need in a fixed number of
queries whatever the number of sections and sentences, and never loads teacher material
(notes, claim labels) unless asked for the teacher's view; ``label_legend`` is that
view's key to the claim labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby

from django.db.models import Count

from lessons.caching import content_key
from lessons.extensions import ReadingTool, SentenceHeat
from lessons.models import (
    Assignment,
    ClaimLabel,
    Lesson,
    Section,
    SectionRead,
    Sentence,
    TeacherNote,
)
from lessons.params import int_from_digits
from lessons.refusals import NotFound
from lessons.selectors import assignments_taught_by


@dataclass
class SentenceView:
    id: int
    text: str
    label: ClaimLabel | None = None  # only ever set for the teacher's view
    #: (tool, count) for each reading tool with something on this sentence ("2 threads").
    marks: tuple[tuple[ReadingTool, int], ...] = ()
    #: The teacher's heat map: how the chosen class answered on this sentence.
    heat: SentenceHeat | None = None


@dataclass
class SectionView:
    section: Section
    paragraphs: list[list[SentenceView]]
    is_read: bool = False
    notes: list[TeacherNote] = field(default_factory=list)  # teacher's view only

    @property
    def text_cache_key(self) -> str:
        """What the student's paragraphs show (lessons.caching): every sentence's id and
        text and the tool marks beside it."""
        return content_key(
            self.section.pk,
            tuple(
                (s.id, s.text, tuple((t.url, t.noun, t.label, n) for t, n in s.marks))
                for paragraph in self.paragraphs
                for s in paragraph
            ),
            tuple(len(paragraph) for paragraph in self.paragraphs),
        )

    @property
    def sentences(self) -> list[SentenceView]:
        return [s for p in self.paragraphs for s in p]

    @property
    def labels(self) -> list[tuple[SentenceView, ClaimLabel]]:
        """The labelled sentences of the section, in reading order (for the footnotes)."""
        return [(s, s.label) for p in self.paragraphs for s in p if s.label is not None]


@dataclass
class TocEntry:
    section: Section
    is_read: bool
    is_current: bool


@dataclass
class ReadingPage:
    """Everything a reading template needs; teacher material only when asked for."""

    lesson: Lesson
    sections: list[Section]  # all of them, for the table of contents
    shown: list[SectionView]  # the one section, or all of them
    whole_text: bool
    read_ids: set[int]
    current: Section | None = None
    previous: Section | None = None
    next: Section | None = None

    @property
    def toc(self) -> list[TocEntry]:
        current_id = self.current.pk if self.current else None
        return [
            TocEntry(section=s, is_read=s.pk in self.read_ids, is_current=s.pk == current_id)
            for s in self.sections
        ]

    @property
    def sections_total(self) -> int:
        return len(self.sections)

    @property
    def sections_read(self) -> int:
        return len(self.read_ids)

    @property
    def current_number(self) -> int | None:
        """1-based place of the current section among all of them ("Section 2 of 6")."""
        if self.current is None:
            return None
        return next(i for i, s in enumerate(self.sections, start=1) if s.pk == self.current.pk)

    @property
    def is_last_section(self) -> bool:
        return self.whole_text or self.next is None


def lesson_sections(lesson: Lesson) -> list[Section]:
    """The lesson's sections in order, without their bodies (table of contents)."""
    return list(
        lesson.sections.only("id", "lesson_id", "position", "kind", "heading").order_by("position")
    )


def section_read_ids(*, student, lesson: Lesson) -> set[int]:
    """Ids of the lesson's sections the student has marked read."""
    return set(
        SectionRead.objects.filter(student=student, section__lesson=lesson).values_list(
            "section_id", flat=True
        )
    )


def section_get_by_position(*, lesson: Lesson, position: int) -> Section:
    """The lesson's section at ``position``, or NotFound with a message."""
    try:
        return lesson.sections.get(position=position)
    except Section.DoesNotExist:
        raise NotFound(f"This reading has no section {position}.", code="no_such_section") from None


def _section_views(
    sections: list[Section],
    *,
    read_ids: set[int],
    with_teacher_material: bool,
    tools: Sequence[ReadingTool],
    heat: Mapping[int, SentenceHeat],
) -> list[SectionView]:
    """Sentences of the given sections grouped into paragraphs (one or two queries)."""
    sentences = Sentence.objects.filter(section__in=sections).order_by("section_id", "position")
    if with_teacher_material:
        sentences = sentences.select_related("label")
    else:
        # Students get the text only: labels are not even fetched.
        sentences = sentences.only("id", "section_id", "position", "paragraph", "text")
    by_section: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_section.setdefault(sentence.section_id, []).append(sentence)

    notes_by_section: dict[int, list[TeacherNote]] = {}
    if with_teacher_material:
        notes = TeacherNote.objects.filter(section__in=sections).select_related("sentence")
        for note in notes.order_by("section_id", "id"):
            notes_by_section.setdefault(note.section_id, []).append(note)

    views = []
    for section in sections:
        paragraphs = [
            [
                SentenceView(
                    id=s.pk,
                    text=s.text,
                    label=_label_of(s) if with_teacher_material else None,
                    marks=tuple(
                        (tool, tool.counts[s.pk]) for tool in tools if tool.counts.get(s.pk)
                    ),
                    heat=heat.get(s.pk),
                )
                for s in group
            ]
            for _, group in groupby(by_section.get(section.pk, []), key=lambda s: s.paragraph)
        ]
        views.append(
            SectionView(
                section=section,
                paragraphs=paragraphs,
                is_read=section.pk in read_ids,
                notes=notes_by_section.get(section.pk, []),
            )
        )
    return views


def _label_of(sentence: Sentence) -> ClaimLabel | None:
    try:
        return sentence.label
    except ClaimLabel.DoesNotExist:
        return None


def reading_page(
    *,
    lesson: Lesson,
    position: int | None,
    whole_text: bool,
    student=None,
    with_teacher_material: bool = False,
    tools: Sequence[ReadingTool] = (),
    heat: Mapping[int, SentenceHeat] | None = None,
) -> ReadingPage:
    """The data of a reading page: one section (``position``, else the first unread) or all.

    ``tools`` (from lessons.extensions.reading_tools) set each sentence's ``marks``;
    ``heat`` (the teacher's view only, from lessons.extensions.reading_heat) its ``heat``.
    Queries: sections, read marks (students only), sentences, notes (teachers only).
    Raises NotFound when ``position`` names no section of the lesson.
    """
    sections = lesson_sections(lesson)
    read_ids = section_read_ids(student=student, lesson=lesson) if student else set()
    page = ReadingPage(
        lesson=lesson, sections=sections, shown=[], whole_text=whole_text, read_ids=read_ids
    )
    views = partial(
        _section_views,
        read_ids=read_ids,
        with_teacher_material=with_teacher_material,
        tools=tools,
        heat=heat or {},
    )
    if whole_text or not sections:
        page.shown = views(sections)
        return page
    if position is None:
        # Resume where the student left off: the first section not yet read.
        index = next((i for i, s in enumerate(sections) if s.pk not in read_ids), 0)
    else:
        index = next((i for i, s in enumerate(sections) if s.position == position), None)
        if index is None:
            raise NotFound(f"This reading has no section {position}.", code="no_such_section")
    page.current = sections[index]
    page.previous = sections[index - 1] if index > 0 else None
    page.next = sections[index + 1] if index + 1 < len(sections) else None
    page.shown = views([page.current])
    return page


# How each verdict looks in the text (the legend names it; colour is never the only cue).
VERDICT_STYLES = {
    ClaimLabel.Verdict.SUPPORTED: "no underline",
    ClaimLabel.Verdict.UNSUPPORTED: "dotted underline",
    ClaimLabel.Verdict.INACCURATE: "wavy underline",
    ClaimLabel.Verdict.LOGICAL_FLAW: "dashed underline",
    ClaimLabel.Verdict.VAGUE: "thin grey underline",
    ClaimLabel.Verdict.OPINION: "thin grey underline",
}


def label_legend(lesson: Lesson) -> list[dict]:
    """The teacher's legend: each verdict, its label, its style in the text and its count."""
    counts = label_counts(lesson)
    return [
        {"verdict": value, "label": label, "style": VERDICT_STYLES[value], "count": counts[value]}
        for value, label in ClaimLabel.Verdict.choices
    ]


def label_counts(lesson: Lesson) -> dict[str, int]:
    """How many sentences of the lesson carry each verdict (for the teacher's legend)."""
    counts = dict.fromkeys(ClaimLabel.Verdict.values, 0)
    for verdict, n in (
        ClaimLabel.objects.filter(sentence__section__lesson=lesson)
        .order_by()
        .values("verdict")
        .annotate(n=Count("pk"))
        .values_list("verdict", "n")
    ):
        counts[verdict] = n
    return counts


# The teacher's heat map --------------------------------------------------------------------


class BadHeatRequest(ValueError):
    """``?assignment=`` that is not an id."""


@dataclass
class HeatChoice:
    """Which of a teacher's classes' answers the teacher reading view shows over the text."""

    choices: list[Assignment]  # assignments of this lesson to classes the teacher teaches
    chosen: Assignment | None = None


def heat_choice(*, lesson: Lesson, user, raw: str | None) -> HeatChoice:
    """The assignments a teacher may pick for the heat map, and the one ``raw`` names.

    Only assignments of the lesson to classes the user teaches (every class for a
    superuser) can be chosen: another id is NotFound, text that is not an id
    ``BadHeatRequest``. An empty or missing ``raw`` chooses none. One query.
    """
    choices = list(
        assignments_taught_by(user)
        .filter(lesson=lesson)
        .select_related("classroom")
        .order_by("classroom__name", "id")
    )
    if raw in (None, ""):
        return HeatChoice(choices=choices)
    assignment_id = int_from_digits(raw)
    if assignment_id is None:
        raise BadHeatRequest("Choose a class from the list, e.g. ?assignment=3.")
    chosen = next((a for a in choices if a.pk == assignment_id), None)
    if chosen is None:
        raise NotFound(
            "None of your classes has this lesson under that assignment.", code="not_your_class"
        )
    return HeatChoice(choices=choices, chosen=chosen)

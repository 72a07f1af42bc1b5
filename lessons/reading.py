"""Read-side helpers for the site pages: due-date wording, dashboard rows, reading data.

The wording and status functions are pure (plain values in, plain values out). The page
builders run a fixed number of queries whatever the number of sections, sentences,
assignments or students, and never load teacher material (notes, claim labels) unless
they are asked for the teacher's view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from functools import partial
from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as format_date

from lessons.extensions import AssignmentItem, assignment_items
from lessons.models import (
    Assignment,
    ClaimLabel,
    Classroom,
    Enrollment,
    Lesson,
    Section,
    SectionRead,
    Sentence,
    TeacherNote,
)
from lessons.selectors import (
    assignments_of_student,
    assignments_taught_by,
    classrooms_of_student,
    classrooms_taught_by,
    lessons_visible_to_teacher,
)

# An assignment counts as "due soon" this long before its deadline.
DUE_SOON = timedelta(hours=48)

# Weekday names are used for dates up to this many days away; beyond, "3 Dec".
WEEKDAY_RANGE_DAYS = 6


# Wording of dates -----------------------------------------------------------------------


def relative_when(moment: datetime, now: datetime, *, tz: tzinfo | None = None) -> str:
    """A moment in words relative to now, in the site time zone (or ``tz``).

    "today 17:00", "tomorrow 09:00", "yesterday 17:00", "Friday 14:00" (within a week
    either way), "3 Dec" (further this year), "3 Dec 2027" (another year).
    """
    local = timezone.localtime(moment, tz)
    local_now = timezone.localtime(now, tz)
    days = (local.date() - local_now.date()).days
    clock = format_date(local, "H:i")
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    if days == -1:
        return f"yesterday {clock}"
    if abs(days) <= WEEKDAY_RANGE_DAYS:
        return f"{format_date(local, 'l')} {clock}"
    if local.year == local_now.year:
        return format_date(local, "j M")
    return format_date(local, "j M Y")


def due_wording(due_at: datetime, now: datetime, *, tz: tzinfo | None = None) -> str:
    """ "due tomorrow 09:00", "due Friday 14:00", "due 3 Dec", "overdue since yesterday 17:00"."""
    when = relative_when(due_at, now, tz=tz)
    if due_at < now:
        return f"overdue since {when}"
    return f"due {when}"


def deadline_wording(due_at: datetime, now: datetime, *, tz: tzinfo | None = None) -> str:
    """The teacher's wording of a deadline: "due Friday 14:00", "was due 3 Dec"."""
    when = relative_when(due_at, now, tz=tz)
    if due_at < now:
        return f"was due {when}"
    return f"due {when}"


def opens_wording(opens_at: datetime, now: datetime, *, tz: tzinfo | None = None) -> str:
    """ "opens tomorrow 09:00", "opens 3 Dec"; "opened ..." once the moment has passed."""
    when = relative_when(opens_at, now, tz=tz)
    if opens_at <= now:
        return f"opened {when}"
    return f"opens {when}"


# Assignment state -----------------------------------------------------------------------


class Status:
    """Where a student stands with one assignment (also the dashboard's group keys)."""

    UPCOMING = "upcoming"
    LATE = "late"
    DUE_SOON = "due_soon"
    TODO = "todo"
    DONE = "done"

    LABELS = {
        LATE: "Late",
        DUE_SOON: "Due soon",
        TODO: "To do",
        UPCOMING: "Opening later",
        DONE: "Done",
    }
    # The order the dashboard shows its groups in: what needs doing first.
    ORDER = (LATE, DUE_SOON, TODO, UPCOMING, DONE)


def assignment_status(
    *, opens_at: datetime, due_at: datetime, now: datetime, complete: bool
) -> str:
    """The student's status: upcoming (not open), done, late, due soon (48 h) or to do."""
    if opens_at > now:
        return Status.UPCOMING
    if complete:
        return Status.DONE
    if due_at < now:
        return Status.LATE
    if due_at - now <= DUE_SOON:
        return Status.DUE_SOON
    return Status.TODO


def is_complete(*, sections_read: int, sections_total: int, items: list[AssignmentItem]) -> bool:
    """Done means every section read and every contributed item (a quiz, ...) done."""
    return sections_read >= sections_total and all(item.status == "done" for item in items)


# Student dashboard ----------------------------------------------------------------------


def _section_count():
    """Subquery: the number of sections of the row's lesson (0 when it has none)."""
    counts = (
        Section.objects.filter(lesson=OuterRef("lesson_id"))
        .order_by()
        .values("lesson")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _read_count(student):
    """Subquery: how many of the row's lesson's sections the student has marked read."""
    counts = (
        SectionRead.objects.filter(student=student, section__lesson=OuterRef("lesson_id"))
        .order_by()
        .values("student")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


@dataclass
class StudentAssignmentRow:
    """One line of a student's dashboard."""

    assignment: Assignment
    status: str
    sections_read: int
    sections_total: int
    items: list[AssignmentItem] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status != Status.UPCOMING

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]


@dataclass
class StatusGroup:
    key: str
    label: str
    rows: list[StudentAssignmentRow]


@dataclass
class StudentDashboard:
    classrooms: list[Classroom]
    groups: list[StatusGroup]

    @property
    def has_assignments(self) -> bool:
        return any(group.rows for group in self.groups)


def student_dashboard(*, student, now: datetime) -> StudentDashboard:
    """The student's classes and assignments, grouped by status.

    Three queries (classes, their teachers, assignments with progress) plus each
    contributing app's own bounded queries.
    """
    classrooms = list(
        classrooms_of_student(student)
        .prefetch_related("teachers")
        .order_by("name", "id")
        .distinct()
    )
    assignments = list(
        assignments_of_student(student)
        .select_related("lesson", "classroom")
        .annotate(sections_total=_section_count(), sections_read=_read_count(student))
        .order_by("due_at", "id")
    )
    # Only open assignments get contributed items: their links lead to pages that would
    # refuse the student before the opening time anyway.
    open_assignments = [a for a in assignments if a.is_open(now)]
    items = assignment_items(user=student, assignments=open_assignments, for_teacher=False)
    rows = []
    for assignment in assignments:
        row_items = items.get(assignment.pk, [])
        complete = is_complete(
            sections_read=assignment.sections_read,
            sections_total=assignment.sections_total,
            items=row_items,
        )
        rows.append(
            StudentAssignmentRow(
                assignment=assignment,
                status=assignment_status(
                    opens_at=assignment.opens_at,
                    due_at=assignment.due_at,
                    now=now,
                    complete=complete,
                ),
                sections_read=assignment.sections_read,
                sections_total=assignment.sections_total,
                items=row_items,
            )
        )
    groups = [
        StatusGroup(
            key=key,
            label=Status.LABELS[key],
            rows=[row for row in rows if row.status == key],
        )
        for key in Status.ORDER
    ]
    return StudentDashboard(classrooms=classrooms, groups=[g for g in groups if g.rows])


# Teacher dashboard ----------------------------------------------------------------------


@dataclass
class TeacherAssignmentRow:
    assignment: Assignment
    state: str  # "upcoming", "open" or "closed" (past its due date)
    students: int
    finished: int  # students who have read every section
    started: int  # students who have read at least one section
    sections_total: int
    items: list[AssignmentItem] = field(default_factory=list)

    STATE_LABELS = {"upcoming": "Opens later", "open": "Open", "closed": "Past due"}

    @property
    def state_label(self) -> str:
        return self.STATE_LABELS[self.state]


@dataclass
class TeacherDashboard:
    classrooms: list[Classroom]
    assignments: list[TeacherAssignmentRow]
    lessons: list[Lesson]


def teacher_dashboard(*, user, now: datetime) -> TeacherDashboard:
    """A teacher's classes, assignments with reading progress, and the lesson library.

    A fixed number of queries: classrooms, assignments, enrolments of those classes, the
    per-student read counts, lessons (plus each contributing app's own bounded queries).
    """
    classrooms = list(
        classrooms_taught_by(user)
        .annotate(student_count=Count("enrollments", distinct=True))
        .order_by("name", "id")
    )
    assignments = list(
        assignments_taught_by(user)
        .select_related("lesson", "classroom")
        .annotate(sections_total=_section_count())
        .order_by("-due_at", "id")
        .distinct()
    )
    classroom_ids = {a.classroom_id for a in assignments}
    lesson_ids = {a.lesson_id for a in assignments}
    students_by_classroom: dict[int, set[int]] = {}
    read_counts: dict[tuple[int, int], int] = {}
    if assignments:
        for classroom_id, student_id in Enrollment.objects.filter(
            classroom_id__in=classroom_ids
        ).values_list("classroom_id", "student_id"):
            students_by_classroom.setdefault(classroom_id, set()).add(student_id)
        enrolled = Enrollment.objects.filter(classroom_id__in=classroom_ids).values("student_id")
        for student_id, lesson_id, count in (
            SectionRead.objects.filter(section__lesson_id__in=lesson_ids, student_id__in=enrolled)
            .order_by()
            .values("student_id", "section__lesson_id")
            .annotate(n=Count("pk"))
            .values_list("student_id", "section__lesson_id", "n")
        ):
            read_counts[(student_id, lesson_id)] = count
    items = assignment_items(user=user, assignments=assignments, for_teacher=True)
    rows = []
    for assignment in assignments:
        students = students_by_classroom.get(assignment.classroom_id, set())
        reads = [read_counts.get((s, assignment.lesson_id), 0) for s in students]
        total = assignment.sections_total
        rows.append(
            TeacherAssignmentRow(
                assignment=assignment,
                state=(
                    "upcoming"
                    if not assignment.is_open(now)
                    else "closed"
                    if assignment.is_past_due(now)
                    else "open"
                ),
                students=len(students),
                finished=sum(1 for n in reads if total and n >= total),
                started=sum(1 for n in reads if n > 0),
                sections_total=total,
                items=items.get(assignment.pk, []),
            )
        )
    lessons = list(lessons_visible_to_teacher(user).annotate(section_count=Count("sections")))
    return TeacherDashboard(classrooms=classrooms, assignments=rows, lessons=lessons)


# Reading pages --------------------------------------------------------------------------


@dataclass
class SentenceView:
    id: int
    text: str
    label: ClaimLabel | None = None  # only ever set for the teacher's view
    thread_count: int = 0  # discussion threads the viewer can see on this sentence


@dataclass
class SectionView:
    section: Section
    paragraphs: list[list[SentenceView]]
    is_read: bool = False
    notes: list[TeacherNote] = field(default_factory=list)  # teacher's view only

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
    return list(lesson.sections.only("id", "lesson_id", "position", "heading").order_by("position"))


def section_read_ids(*, student, lesson: Lesson) -> set[int]:
    """Ids of the lesson's sections the student has marked read."""
    return set(
        SectionRead.objects.filter(student=student, section__lesson=lesson).values_list(
            "section_id", flat=True
        )
    )


def section_get_by_position(*, lesson: Lesson, position: int) -> Section:
    """The lesson's section at ``position``, or Http404 with a message."""
    try:
        return lesson.sections.get(position=position)
    except Section.DoesNotExist:
        raise Http404(f"This reading has no section {position}.") from None


def _section_views(
    sections: list[Section],
    *,
    read_ids: set[int],
    with_teacher_material: bool,
    thread_counts: Mapping[int, int],
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
                    thread_count=thread_counts.get(s.pk, 0),
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
    thread_counts: Mapping[int, int] | None = None,
) -> ReadingPage:
    """The data of a reading page: one section (``position``, else the first unread) or all.

    ``thread_counts`` (sentence id -> discussion threads the viewer can see) sets each
    sentence's ``thread_count``. Queries: sections, read marks (students only), sentences,
    notes (teachers only). Raises Http404 when ``position`` names no section of the lesson.
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
        thread_counts=thread_counts or {},
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
            raise Http404(f"This reading has no section {position}.")
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

"""The student's and the teacher's dashboards: assignments with where each one stands.

``assignment_status`` and ``is_complete`` are pure (plain values in, plain values out).
The dashboard builders run a fixed number of queries whatever the number of classes,
assignments, sections or students, plus each contributing app's own bounded queries
(``lessons.extensions.assignment_items``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from lessons.extensions import AssignmentItem, ItemStatus, assignment_items
from lessons.models import Assignment, Classroom, Enrollment, Lesson, Section, SectionRead
from lessons.selectors import (
    assignments_of_student,
    assignments_taught_by,
    classrooms_of_student,
    classrooms_taught_by,
    lessons_visible_to_teacher,
)

# An assignment counts as "due soon" this long before its deadline.
DUE_SOON = timedelta(hours=48)


# Where a student stands -----------------------------------------------------------------


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
    """Done means every section read and every contributed task (a quiz, ...) done."""
    return sections_read >= sections_total and all(
        item.status == ItemStatus.DONE for item in items if item.is_task
    )


# Student dashboard ----------------------------------------------------------------------


def _count(rows: QuerySet, *, per: str) -> Coalesce:
    """Subquery: how many of ``rows`` (filtered on the outer row) there are, 0 for none."""
    counts = rows.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _section_count() -> Coalesce:
    """Subquery: the number of sections of the row's lesson (0 when it has none)."""
    return _count(Section.objects.filter(lesson=OuterRef("lesson_id")), per="lesson")


def _read_count(student) -> Coalesce:
    """Subquery: how many of the row's lesson's sections the student has marked read."""
    reads = SectionRead.objects.filter(student=student, section__lesson=OuterRef("lesson_id"))
    return _count(reads, per="student")


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
    def tasks(self) -> list[AssignmentItem]:
        """The items that are work to do (a quiz), not places to go (the discussion)."""
        return [item for item in self.items if item.is_task]

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
    rows = teacher_assignment_rows(user=user, assignments=assignments_taught_by(user), now=now)
    lessons = list(lessons_visible_to_teacher(user).annotate(section_count=Count("sections")))
    return TeacherDashboard(classrooms=classrooms, assignments=rows, lessons=lessons)


def teacher_assignment_rows(
    *, user, assignments: QuerySet, now: datetime
) -> list[TeacherAssignmentRow]:
    """Rows of ``assignments`` (already scoped to the user's classes) with reading progress.

    Three queries (assignments, enrolments, read counts; two when there are none) plus
    each contributing app's own bounded queries.
    """
    assignments = list(
        assignments.select_related("lesson", "classroom")
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
    return rows


@dataclass
class ClassroomPage:
    classroom: Classroom
    students: int
    assignments: list[TeacherAssignmentRow]


def classroom_page(*, user, classroom: Classroom, now: datetime) -> ClassroomPage:
    """A class the user teaches: its students' count and its assignments with progress."""
    return ClassroomPage(
        classroom=classroom,
        students=classroom.enrollments.count(),
        assignments=teacher_assignment_rows(
            user=user, assignments=assignments_taught_by(user).filter(classroom=classroom), now=now
        ),
    )

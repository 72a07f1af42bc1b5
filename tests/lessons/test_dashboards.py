"""The dashboards (lessons.dashboards): where a student stands with each assignment."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lessons.dashboards import Status, assignment_status, is_complete, student_dashboard
from lessons.extensions import AssignmentItem
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    enrolled_student,
    lesson_with_sections,
)

# Tuesday 1 December 2026, 10:00 in London.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))


# assignment_status and is_complete ---------------------------------------------------------


def status(*, opens_in_hours=-24, due_in_hours=100, complete=False):
    return assignment_status(
        opens_at=NOW + timedelta(hours=opens_in_hours),
        due_at=NOW + timedelta(hours=due_in_hours),
        now=NOW,
        complete=complete,
    )


def test_status_of_an_assignment():
    assert status(opens_in_hours=1) == Status.UPCOMING
    assert status(opens_in_hours=1, complete=True) == Status.UPCOMING
    assert status(due_in_hours=100) == Status.TODO
    assert status(due_in_hours=48) == Status.DUE_SOON
    assert status(due_in_hours=49) == Status.TODO
    assert status(due_in_hours=1) == Status.DUE_SOON
    assert status(due_in_hours=-1) == Status.LATE
    assert status(due_in_hours=-1, complete=True) == Status.DONE
    assert status(due_in_hours=5, complete=True) == Status.DONE


def item(status_: str) -> AssignmentItem:
    return AssignmentItem(label="Quiz: Claims", url="/q/1/", status=status_)


def test_complete_needs_every_section_and_every_contributed_item():
    assert is_complete(sections_read=3, sections_total=3, items=[])
    assert not is_complete(sections_read=2, sections_total=3, items=[])
    assert not is_complete(sections_read=3, sections_total=3, items=[item("done"), item("todo")])
    assert not is_complete(sections_read=3, sections_total=3, items=[item("in_progress")])
    assert is_complete(sections_read=3, sections_total=3, items=[item("done"), item("done")])


# student_dashboard (database) ----------------------------------------------------------


@pytest.mark.django_db
def test_student_dashboard_counts_progress_per_lesson_and_groups_by_status():
    from lessons.models import SectionRead

    classroom = ClassroomFactory()
    student = enrolled_student(classroom)
    now = timezone.now()
    read_lesson = lesson_with_sections(sections=2)
    for section in read_lesson.sections.all():
        SectionRead.objects.create(student=student, section=section)
    done = AssignmentFactory(classroom=classroom, lesson=read_lesson)
    late = AssignmentFactory(
        classroom=classroom,
        lesson=lesson_with_sections(sections=3),
        opens_at=now - timedelta(days=5),
        due_at=now - timedelta(hours=1),
    )
    upcoming = AssignmentFactory(
        classroom=classroom,
        lesson=lesson_with_sections(sections=1),
        opens_at=now + timedelta(days=1),
    )
    AssignmentFactory(lesson=lesson_with_sections(sections=1))  # another class's

    dashboard = student_dashboard(student=student, now=now)

    groups = {g.key: [r.assignment for r in g.rows] for g in dashboard.groups}
    assert groups == {"late": [late], "upcoming": [upcoming], "done": [done]}
    rows = {r.assignment: r for g in dashboard.groups for r in g.rows}
    assert (rows[done].sections_read, rows[done].sections_total) == (2, 2)
    assert (rows[late].sections_read, rows[late].sections_total) == (0, 3)
    assert not rows[upcoming].is_open
    assert dashboard.classrooms == [classroom]

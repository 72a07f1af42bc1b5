"""Read-side helpers of the site pages: date wording, statuses, reading page data."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.utils import timezone

from lessons.extensions import AssignmentItem
from lessons.reading import (
    Status,
    assignment_status,
    deadline_wording,
    due_wording,
    is_complete,
    opens_wording,
    reading_page,
    relative_when,
    student_dashboard,
)
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    TeacherNoteFactory,
    enrolled_student,
    lesson_with_sections,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# Tuesday 1 December 2026, 10:00 in London (GMT, so also 10:00 UTC).
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# due_wording -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_at", "expected"),
    [
        (at(1, 17), "due today 17:00"),
        (at(2, 9), "due tomorrow 09:00"),
        (at(4, 14), "due Friday 14:00"),
        (at(7, 8, 30), "due Monday 08:30"),  # six days ahead: still a weekday name
        (at(8, 9), "8 Dec"),  # a week ahead: the weekday would be ambiguous
        (at(15, 9), "15 Dec"),
        (at(5, 9, month=1, year=2027), "5 Jan 2027"),
        (at(1, 8), "overdue since today 08:00"),
        (at(30, 17, month=11), "overdue since yesterday 17:00"),
        (at(27, 17, month=11), "overdue since Friday 17:00"),
        (at(3, 17, month=11), "overdue since 3 Nov"),
    ],
)
def test_due_wording_in_local_words(due_at, expected):
    wording = due_wording(due_at, NOW, tz=LONDON)
    if not expected.startswith(("due", "overdue")):
        expected = f"due {expected}"
    assert wording == expected


def test_due_wording_counts_days_in_the_site_time_zone_not_utc():
    """23:30 and 00:30 in London summer time are the same UTC date but different local days."""
    now = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 23:30 BST, Tuesday
    due = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 BST, Wednesday
    assert due_wording(due, now, tz=LONDON) == "due tomorrow 00:30"
    assert due_wording(due, now, tz=NEW_YORK) == "due today 19:30"


def test_due_wording_uses_the_active_time_zone_by_default(settings):
    settings.TIME_ZONE = "Europe/London"
    due = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert due_wording(due, now) == "due tomorrow 09:00"
    with timezone.override(NEW_YORK):
        assert due_wording(due, now) == "due tomorrow 04:00"


def test_due_at_exactly_now_is_still_due_not_overdue():
    assert due_wording(NOW, NOW, tz=LONDON) == "due today 10:00"


def test_opens_and_deadline_wording():
    assert opens_wording(at(2, 9), NOW, tz=LONDON) == "opens tomorrow 09:00"
    assert opens_wording(at(30, 9, month=11), NOW, tz=LONDON) == "opened yesterday 09:00"
    assert deadline_wording(at(30, 17, month=11), NOW, tz=LONDON) == "was due yesterday 17:00"
    assert deadline_wording(at(4, 14), NOW, tz=LONDON) == "due Friday 14:00"
    assert relative_when(at(20, 9), NOW, tz=LONDON) == "20 Dec"


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


# reading_page and student_dashboard (database) ---------------------------------------------


@pytest.mark.django_db
def test_reading_page_resumes_at_the_first_unread_section():
    from lessons.models import SectionRead

    lesson = lesson_with_sections(sections=4)
    classroom = ClassroomFactory()
    student = enrolled_student(classroom)
    first, second = lesson.sections.order_by("position")[:2]
    SectionRead.objects.create(student=student, section=first)
    page = reading_page(lesson=lesson, position=None, whole_text=False, student=student)
    assert page.current == second
    assert page.previous == first
    assert page.next.position == 3
    assert page.sections_read == 1
    assert [e.is_read for e in page.toc] == [True, False, False, False]
    assert [e.is_current for e in page.toc] == [False, True, False, False]


@pytest.mark.django_db
def test_reading_page_groups_sentences_into_their_paragraphs():
    lesson = lesson_with_sections(sections=1, sentences_per_section=4)
    section = lesson.sections.get()
    section.sentences.filter(position__gte=3).update(paragraph=1)
    page = reading_page(lesson=lesson, position=1, whole_text=False)
    paragraphs = page.shown[0].paragraphs
    assert [[s.text[:10] for s in p] for p in paragraphs] == [
        ["Sentence 1", "Sentence 2"],
        ["Sentence 3", "Sentence 4"],
    ]


@pytest.mark.django_db
def test_reading_page_for_students_carries_no_teacher_material():
    lesson = lesson_with_sections(sections=2)
    section = lesson.sections.first()
    TeacherNoteFactory(section=section, body="secret note")
    ClaimLabelFactory(sentence=section.sentences.first(), explanation="secret why")
    student_page = reading_page(lesson=lesson, position=None, whole_text=True)
    assert all(not v.notes and not v.labels for v in student_page.shown)
    teacher_page = reading_page(
        lesson=lesson, position=None, whole_text=True, with_teacher_material=True
    )
    assert [n.body for n in teacher_page.shown[0].notes] == ["secret note"]
    assert [label.explanation for _, label in teacher_page.shown[0].labels] == ["secret why"]


@pytest.mark.django_db
def test_reading_page_refuses_an_unknown_section():
    lesson = lesson_with_sections(sections=2)
    with pytest.raises(Http404, match="no section 9"):
        reading_page(lesson=lesson, position=9, whole_text=False)


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

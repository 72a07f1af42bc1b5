"""Dates in words relative to now (lessons.wording)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lessons.wording import deadline_wording, due_wording, opens_wording, relative_when

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

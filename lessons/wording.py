"""Dates in words relative to now, as the dashboards and reading pages say them.

Pure functions (plain values in, plain values out), in the site time zone unless given
another: "due tomorrow 09:00", "was due 3 Dec", "opens Friday 14:00". The template
filters of the same names (``lessons.templatetags.claimwise``) call these.
"""

from datetime import datetime, tzinfo

from django.utils import timezone
from django.utils.dateformat import format as format_date

# Weekday names are used for dates up to this many days away; beyond, "3 Dec".
WEEKDAY_RANGE_DAYS = 6


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

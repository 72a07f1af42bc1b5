"""Template helpers of the lessons pages: date wording and safe admin links."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lessons import wording

register = template.Library()


@register.filter
def due_wording(due_at, now=None) -> str:
    """{{ assignment.due_at|due_wording:now }} → "due tomorrow 09:00"."""
    if due_at is None:
        return ""
    return wording.due_wording(due_at, now or timezone.now())


@register.filter
def deadline_wording(due_at, now=None) -> str:
    """{{ assignment.due_at|deadline_wording:now }} → "was due yesterday 17:00" (teachers)."""
    if due_at is None:
        return ""
    return wording.deadline_wording(due_at, now or timezone.now())


@register.filter
def opens_wording(opens_at, now=None) -> str:
    """{{ assignment.opens_at|opens_wording:now }} → "opens Friday 14:00"."""
    if opens_at is None:
        return ""
    return wording.opens_wording(opens_at, now or timezone.now())


@register.filter
def relative_when(moment, now=None) -> str:
    """{{ classroom.join_code_expires_at|relative_when:now }} → "3 Dec"."""
    if moment is None:
        return ""
    return wording.relative_when(moment, now or timezone.now())


@register.simple_tag
def admin_url(name: str, *args) -> str:
    """The admin page ``admin:<name>``, or the admin index while that page is not registered.

    The admin of each model is built by another part of the project; a link to it must not
    break the teacher's dashboard before it exists.
    """
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return reverse("admin:index")


@register.filter
def duration_wording(value) -> str:
    """A timedelta as "15 minutes" or "1 hour 30 minutes" (whole minutes, at least 1)."""
    if value is None:
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)

"""A student's reading progress: marking a section read or unread."""

from django.utils import timezone

from lessons.models import Section, SectionRead


def section_mark_read(*, student, section: Section, read: bool = True) -> None:
    """Mark a section read (or unread) for a student; repeating it changes nothing."""
    if read:
        SectionRead.objects.get_or_create(
            student=student, section=section, defaults={"read_at": timezone.now()}
        )
    else:
        SectionRead.objects.filter(student=student, section=section).delete()

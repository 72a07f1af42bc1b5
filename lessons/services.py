"""Writes of the lessons app: keyword-only, atomic, raising ValidationError with a code."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lessons.models import Classroom, Enrollment, Section, SectionRead


def classroom_join(*, student, join_code: str) -> tuple[Classroom, bool]:
    """Enrol a student by join code. Returns (classroom, newly_joined).

    Codes are matched ignoring case, spaces and dashes, since students copy them from a board.
    """
    code = "".join(ch for ch in join_code.upper() if ch.isalnum())
    if not code:
        raise ValidationError("Type the join code your teacher gave you.", code="empty_code")
    classroom = Classroom.objects.filter(join_code=code).first()
    if classroom is None:
        raise ValidationError(
            "No class has that join code. Check it with your teacher.", code="unknown_code"
        )
    if not classroom.join_code_is_open:
        raise ValidationError(
            "That join code has expired. Ask your teacher for a new one.", code="expired_code"
        )
    if classroom.teachers.filter(pk=student.pk).exists():
        raise ValidationError("You teach this class already.", code="teacher_cannot_join")
    try:
        with transaction.atomic():
            _, created = Enrollment.objects.get_or_create(classroom=classroom, student=student)
    except IntegrityError:  # a double submit raced us: the student is enrolled either way
        created = False
    return classroom, created


def section_mark_read(*, student, section: Section, read: bool = True) -> None:
    """Mark a section read (or unread) for a student; repeating it changes nothing."""
    if read:
        SectionRead.objects.get_or_create(
            student=student, section=section, defaults={"read_at": timezone.now()}
        )
    else:
        SectionRead.objects.filter(student=student, section=section).delete()

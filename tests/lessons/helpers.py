"""Plain helpers shared by the lessons tests."""

from lessons.models import Lesson, Section, Sentence


def lesson_row_counts() -> tuple[int, int, int]:
    """How many lessons, sections and sentences the database holds."""
    return Lesson.objects.count(), Section.objects.count(), Sentence.objects.count()

"""Sample reading progress for the demo class, marked ``is_sample`` so it can be removed.

``seed_demo --sample-results`` calls :func:`sample_reading_create`: most students have
read the whole lesson, some part of it, a few nothing yet, so the dashboards and the
results page show a spread. :func:`sample_reading_remove` deletes only what it made.
"""

from __future__ import annotations

import random

from django.utils import timezone

from lessons.models import Lesson, SectionRead


def sample_reading_create(*, lesson: Lesson, students: list, seed: int = 2026) -> int:
    """Mark sections read for ``students`` (a fixed spread); return the rows created."""
    rng = random.Random(seed)
    sections = list(lesson.sections.order_by("position"))
    already = set(
        SectionRead.objects.filter(student__in=students, section__in=sections).values_list(
            "student_id", "section_id"
        )
    )
    now = timezone.now()
    rows = []
    for index, student in enumerate(students):
        # Four in five read it all, the rest stop part way; the last two have not started.
        if index >= len(students) - 2:
            count = 0
        elif rng.random() < 0.8:
            count = len(sections)
        else:
            count = rng.randint(1, max(1, len(sections) - 1))
        for section in sections[:count]:
            if (student.pk, section.pk) not in already:
                rows.append(
                    SectionRead(student=student, section=section, read_at=now, is_sample=True)
                )
    SectionRead.objects.bulk_create(rows)
    return len(rows)


def sample_reading_remove(*, lesson: Lesson) -> int:
    """Delete the sample reading progress of ``lesson``; return how many rows went."""
    deleted, _ = SectionRead.objects.filter(section__lesson=lesson, is_sample=True).delete()
    return deleted

"""A student's reading progress (lessons.services.progress)."""

import pytest

from lessons.models import SectionRead
from lessons.services.progress import section_mark_read
from tests.factories import SectionFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_marking_read_twice_keeps_one_mark_and_its_first_time():
    student, section = StudentFactory(), SectionFactory()
    section_mark_read(student=student, section=section)
    first = SectionRead.objects.get(student=student, section=section).read_at
    section_mark_read(student=student, section=section)
    assert list(SectionRead.objects.values_list("read_at", flat=True)) == [first]


def test_marking_unread_removes_the_mark_and_repeating_it_changes_nothing():
    student, section = StudentFactory(), SectionFactory()
    section_mark_read(student=student, section=section)
    section_mark_read(student=student, section=section, read=False)
    section_mark_read(student=student, section=section, read=False)
    assert not SectionRead.objects.exists()

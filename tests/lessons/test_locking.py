"""The one locking idiom (lessons.locking): re-reading a row under a lock, and the window
in which a second identical submission is a double click."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from lessons.locking import DOUBLE_SUBMIT_WINDOW, lock, recent
from lessons.models import Classroom, Section
from tests.factories import ClassroomFactory, SectionFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def test_lock_reads_the_row_again_with_its_related_rows(django_assert_num_queries):
    section = SectionFactory(heading="Old")
    Section.objects.filter(pk=section.pk).update(heading="New")
    with django_assert_num_queries(1):
        locked = lock(section, related=["lesson"])
        assert locked.lesson.pk == section.lesson_id  # joined, not a second query
    assert (locked.pk, locked.heading) == (section.pk, "New")


def test_lock_takes_a_lazy_object_such_as_request_user():
    teacher = TeacherFactory()
    assert lock(SimpleLazyObject(lambda: teacher)) == teacher


def test_recent_keeps_the_rows_within_the_window():
    now = timezone.now()
    inside, outside = ClassroomFactory(), ClassroomFactory()
    Classroom.objects.filter(pk=inside.pk).update(created_at=now - DOUBLE_SUBMIT_WINDOW)
    Classroom.objects.filter(pk=outside.pk).update(
        created_at=now - DOUBLE_SUBMIT_WINDOW - timedelta(seconds=1)
    )
    assert list(recent(Classroom.objects.all(), now=now)) == [inside]

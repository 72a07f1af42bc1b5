"""Classrooms (lessons.services.classes): creating one, and join codes that never collide."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.utils.functional import SimpleLazyObject

from lessons.locking import DOUBLE_SUBMIT_WINDOW
from lessons.models import Classroom
from lessons.services import classes
from lessons.services.classes import (
    JOIN_CODE_ATTEMPTS,
    NoFreeJoinCode,
    classroom_create,
    classroom_new_join_code,
    unused_join_code,
)
from tests.factories import ClassroomFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def draws(monkeypatch, *codes: str) -> list[str]:
    """Make the random draw return ``codes`` in turn; the list shows what is left."""
    queue = list(codes)
    monkeypatch.setattr(classes, "new_join_code", lambda: queue.pop(0))
    return queue


# Join codes ---------------------------------------------------------------------------


def test_new_join_code_replaces_the_old_one():
    classroom = ClassroomFactory()
    old = classroom.join_code
    new = classroom_new_join_code(classroom=classroom)
    classroom.refresh_from_db()
    assert classroom.join_code == new != old
    assert not Classroom.objects.filter(join_code=old).exists()


def test_a_taken_code_is_drawn_again(monkeypatch):
    ClassroomFactory(join_code="TAKEN234")
    left = draws(monkeypatch, "TAKEN234", "TAKEN234", "FREE2345")
    assert unused_join_code() == "FREE2345"
    assert left == []


def test_a_new_join_code_is_never_one_another_class_holds(monkeypatch):
    ClassroomFactory(join_code="TAKEN234")
    classroom = ClassroomFactory(join_code="MINE2345")
    draws(monkeypatch, "TAKEN234", "FRESH234")
    assert classroom_new_join_code(classroom=classroom) == "FRESH234"
    classroom.refresh_from_db()
    assert classroom.join_code == "FRESH234"
    assert Classroom.objects.get(join_code="TAKEN234") != classroom


def test_a_new_classroom_gets_an_unused_code(monkeypatch):
    ClassroomFactory(join_code="TAKEN234")
    draws(monkeypatch, "TAKEN234", "FRESH234")
    classroom = classroom_create(teacher=TeacherFactory(), name="Year 9")
    assert classroom.join_code == "FRESH234"
    assert Classroom.objects.filter(join_code="TAKEN234").count() == 1


def test_a_code_taken_between_the_draw_and_the_save_is_replaced(monkeypatch):
    """The race: another class takes the code after our check. The unique constraint
    refuses our save, in a savepoint, and a fresh code is drawn and saved."""
    ClassroomFactory(join_code="RACED234")
    checked = iter(["RACED234", "FRESH234"])  # as if the first passed its check, then was taken
    monkeypatch.setattr(classes, "unused_join_code", lambda: next(checked))
    classroom = ClassroomFactory(join_code="MINE2345")
    assert classroom_new_join_code(classroom=classroom) == "FRESH234"
    new = Classroom(name="Another")
    checked = iter(["RACED234", "NEWER234"])
    assert classroom_new_join_code(classroom=new) == "NEWER234"
    assert new.pk is not None
    # The caller's transaction is still usable after the refused writes.
    assert Classroom.objects.filter(join_code__in=["FRESH234", "NEWER234"]).count() == 2


def test_a_save_refused_for_another_reason_is_not_retried(monkeypatch):
    monkeypatch.setattr(classes, "unused_join_code", lambda: "FRESH234")
    with pytest.raises(IntegrityError):
        classroom_new_join_code(classroom=Classroom(name=None))
    assert not Classroom.objects.exists()
    with connection.cursor() as cursor:  # the test's transaction survived the savepoint
        cursor.execute("SELECT 1")


def test_drawing_gives_up_when_every_code_is_taken(monkeypatch):
    ClassroomFactory(join_code="TAKEN234")
    left = draws(monkeypatch, *["TAKEN234"] * (JOIN_CODE_ATTEMPTS + 1))
    with pytest.raises(NoFreeJoinCode):
        unused_join_code()
    assert left == ["TAKEN234"]  # a bounded number of draws, not a loop forever


# Creating a classroom -----------------------------------------------------------------


def test_classroom_create_double_click_makes_one_class():
    teacher = TeacherFactory()
    first = classroom_create(teacher=teacher, name="Year 9 English")
    assert classroom_create(teacher=teacher, name="Year 9 English") == first
    assert Classroom.objects.count() == 1


def test_classroom_create_takes_the_signed_in_user_as_the_view_passes_it():
    """request.user is a lazy proxy; the teacher's row is locked through it all the same."""
    teacher = TeacherFactory()
    classroom = classroom_create(teacher=SimpleLazyObject(lambda: teacher), name="Year 9")
    assert list(classroom.teachers.all()) == [teacher]


def test_the_same_name_after_the_double_submit_window_is_a_new_class():
    teacher = TeacherFactory()
    first = classroom_create(teacher=teacher, name="Year 9 English")
    Classroom.objects.filter(pk=first.pk).update(
        created_at=first.created_at - DOUBLE_SUBMIT_WINDOW - timedelta(seconds=1)
    )
    second = classroom_create(teacher=teacher, name="Year 9 English")
    assert second != first
    assert second.join_code != first.join_code


def test_another_teachers_class_of_the_same_name_is_not_a_twin():
    first = classroom_create(teacher=TeacherFactory(), name="Year 9 English")
    assert classroom_create(teacher=TeacherFactory(), name="Year 9 English") != first


def test_classroom_create_refuses_an_empty_name(refusal_code):
    assert refusal_code(classroom_create, teacher=TeacherFactory(), name="   ") == "empty_name"
    assert not Classroom.objects.exists()

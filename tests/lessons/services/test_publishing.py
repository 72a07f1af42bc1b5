"""Publishing a lesson and taking it back to draft: editors only, classes guarded."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lessons.models import Lesson
from lessons.services.assignments import assignment_create
from lessons.services.publishing import lesson_set_status
from tests.factories import AssignmentFactory, ClassroomFactory, LessonFactory, TeacherFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Lesson.Status.DRAFT, Lesson.Status.PUBLISHED


def _refusal(**kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        lesson_set_status(**kwargs)
    return caught.value.code


def test_the_owner_publishes_a_draft():
    owner = TeacherFactory()
    lesson = LessonFactory(status=DRAFT, owner=owner)
    lesson_set_status(lesson=lesson, editor=owner, status=PUBLISHED)
    lesson.refresh_from_db()
    assert lesson.status == PUBLISHED


def test_a_co_editor_publishes_and_another_teacher_may_not():
    owner, co_editor, other = TeacherFactory(), TeacherFactory(), TeacherFactory()
    lesson = LessonFactory(status=DRAFT, owner=owner)
    lesson.co_editors.add(co_editor)
    assert _refusal(lesson=lesson, editor=other, status=PUBLISHED) == "not_editor"
    lesson_set_status(lesson=lesson, editor=co_editor, status=PUBLISHED)
    assert Lesson.objects.get(pk=lesson.pk).status == PUBLISHED


def test_unpublishing_refused_while_classes_of_others_use_it():
    owner = TeacherFactory()
    lesson = LessonFactory(owner=owner)
    AssignmentFactory(lesson=lesson, classroom=ClassroomFactory(name="Their class"))
    assert _refusal(lesson=lesson, editor=owner, status=DRAFT) == "in_use_elsewhere"


def test_unpublishing_under_my_own_classes_needs_confirmation():
    owner = TeacherFactory()
    lesson = LessonFactory(owner=owner)
    AssignmentFactory(lesson=lesson, classroom=ClassroomFactory(teachers=[owner]))
    assert _refusal(lesson=lesson, editor=owner, status=DRAFT) == "confirm_unpublish"
    lesson_set_status(lesson=lesson, editor=owner, status=DRAFT, confirmed=True)
    assert Lesson.objects.get(pk=lesson.pk).status == DRAFT


def test_unpublishing_an_unused_lesson_needs_no_confirmation():
    owner = TeacherFactory()
    lesson = LessonFactory(owner=owner)
    lesson_set_status(lesson=lesson, editor=owner, status=DRAFT)
    assert Lesson.objects.get(pk=lesson.pk).status == DRAFT


def test_publish_and_assign_leaves_a_draft_when_the_assignment_is_refused():
    owner = TeacherFactory()
    lesson = LessonFactory(status=DRAFT, owner=owner)
    foreign = ClassroomFactory()
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        assignment_create(
            teacher=owner, lesson=lesson, classroom=foreign, opens_at=now, due_at=now, publish=True
        )
    assert caught.value.code == "not_your_class"
    assert Lesson.objects.get(pk=lesson.pk).status == DRAFT

"""Assigning a lesson to a class: the rules, and the write.

``assignment_validate`` holds every rule of assigning (the admin's forms call it too, so
a refusal shows as a form error); ``assignment_create`` checks them and saves, turning
the database's "one assignment per lesson and class" into the same ``already_assigned``
refusal when a double submit gets there first.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lessons.models import Assignment, Classroom, Lesson
from lessons.selectors import user_teaches_classroom
from lessons.services.publishing import lesson_set_status


def assignment_validate(
    *,
    teacher,
    lesson: Lesson,
    classroom: Classroom,
    opens_at: datetime,
    due_at: datetime,
    assignment: Assignment | None = None,
) -> None:
    """The rules of assigning a lesson, for ``assignment_create`` and the admin's forms.

    Raises ``not_your_class`` (the teacher does not teach the classroom),
    ``lesson_not_published`` (a draft would reach students unfinished),
    ``due_before_open`` and ``already_assigned`` (``assignment`` is the one being edited,
    which does not count as a duplicate of itself).
    """
    if not user_teaches_classroom(teacher, classroom.pk):
        raise ValidationError(
            "You do not teach “%(classroom)s”: you can assign lessons only to your own classes.",
            code="not_your_class",
            params={"classroom": classroom},
        )
    if lesson.status != Lesson.Status.PUBLISHED:
        raise ValidationError(
            "“%(lesson)s” is a draft. Publish it before assigning it to a class.",
            code="lesson_not_published",
            params={"lesson": lesson},
        )
    if due_at <= opens_at:
        raise ValidationError(
            "The due date must be after the opening date.", code="due_before_open"
        )
    duplicates = Assignment.objects.filter(lesson=lesson, classroom=classroom)
    if assignment is not None and assignment.pk:
        duplicates = duplicates.exclude(pk=assignment.pk)
    if duplicates.exists():
        raise _already_assigned(lesson, classroom)


def assignment_create(
    *,
    teacher,
    lesson: Lesson,
    classroom: Classroom,
    opens_at: datetime,
    due_at: datetime,
    discussion_post_first: bool = False,
    publish: bool = False,
) -> Assignment:
    """Assign a lesson to a classroom the teacher teaches; see ``assignment_validate``.

    ``publish`` is "Publish and assign": a draft is published first, under
    ``lessons.services.publishing`` (its editors only), and a refusal of either step
    leaves the lesson a draft and assigns nothing.
    """
    with transaction.atomic():
        if publish and lesson.status == Lesson.Status.DRAFT:
            lesson_set_status(lesson=lesson, editor=teacher, status=Lesson.Status.PUBLISHED)
        assignment_validate(
            teacher=teacher, lesson=lesson, classroom=classroom, opens_at=opens_at, due_at=due_at
        )
        assignment = Assignment(
            lesson=lesson,
            classroom=classroom,
            opens_at=opens_at,
            due_at=due_at,
            assigned_by=teacher,
            discussion_post_first=discussion_post_first,
        )
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError:  # a double submit created the same assignment meanwhile
            raise _already_assigned(lesson, classroom) from None
    return assignment


def _already_assigned(lesson: Lesson, classroom: Classroom) -> ValidationError:
    return ValidationError(
        "“%(lesson)s” is already assigned to “%(classroom)s”.",
        code="already_assigned",
        params={"lesson": lesson, "classroom": classroom},
    )


def assignment_update(
    *,
    teacher,
    assignment: Assignment,
    opens_at: datetime,
    due_at: datetime,
    discussion_post_first: bool,
) -> Assignment:
    """Change an assignment's dates and discussion switch, under ``assignment_validate``."""
    assignment_validate(
        teacher=teacher,
        lesson=assignment.lesson,
        classroom=assignment.classroom,
        opens_at=opens_at,
        due_at=due_at,
        assignment=assignment,
    )
    assignment.opens_at = opens_at
    assignment.due_at = due_at
    assignment.discussion_post_first = discussion_post_first
    assignment.save(update_fields=["opens_at", "due_at", "discussion_post_first"])
    return assignment

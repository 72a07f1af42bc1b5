"""Who may change shared teaching material, and which classes a change would reach.

Lessons and quizzes form one library that every teacher may read, assign (when
published) and copy ("Duplicate to edit"). Only a piece's owner, its co-editors and
superusers change it (:func:`is_editor`). A change that would hurt a class using it
(unpublishing, a new key after answers exist, ...) is refused while classes the editor
does not teach use it, and needs the editor's confirmation, naming the classes, when
only their own classes do (:func:`classes_using`, :func:`UseOfMaterial`).

Works for any model with ``owner`` and ``co_editors`` (lessons.Lesson, quizzes.Quiz).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from lessons.models import Assignment, Classroom, Lesson
from lessons.roles import is_teacher
from lessons.selectors import classrooms_taught_by


def is_editor(user, material) -> bool:
    """Whether ``user`` may change ``material``: its owner, a co-editor, or a superuser.

    A piece not saved yet belongs to whoever is making it, if they are a teacher.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if material is None or material.pk is None:
        return is_teacher(user)
    if material.owner_id == user.pk:
        return True
    # Admin pages ask once per inline row: read the co-editors once per instance.
    co_editor_ids = getattr(material, "_co_editor_ids", None)
    if co_editor_ids is None:
        co_editor_ids = set(material.co_editors.values_list("pk", flat=True))
        material._co_editor_ids = co_editor_ids
    return user.pk in co_editor_ids


def editable_by(user, queryset):
    """The rows of ``queryset`` (lessons or quizzes) that ``user`` may change."""
    if user.is_superuser:
        return queryset
    return queryset.filter(Q(owner=user) | Q(co_editors=user)).distinct()


@dataclass(frozen=True)
class UseOfMaterial:
    """The classes a lesson (or a quiz's lesson) is assigned to, split by who teaches them."""

    taught: list[Classroom] = field(default_factory=list)  # by the editor
    others: list[Classroom] = field(default_factory=list)  # by anyone else

    @property
    def in_use(self) -> bool:
        return bool(self.taught or self.others)

    def names(self, classes: list[Classroom]) -> str:
        return ", ".join(classroom.name for classroom in classes)


def classes_using(lesson: Lesson, user) -> UseOfMaterial:
    """The classes the lesson is assigned to, those the user teaches first (two queries)."""
    classes = list(
        Classroom.objects.filter(
            pk__in=Assignment.objects.filter(lesson=lesson).values("classroom_id")
        ).order_by("name", "id")
    )
    if user.is_superuser:
        return UseOfMaterial(taught=classes)
    taught_ids = set(classrooms_taught_by(user).values_list("pk", flat=True))
    return UseOfMaterial(
        taught=[c for c in classes if c.pk in taught_ids],
        others=[c for c in classes if c.pk not in taught_ids],
    )


def unpublish_problem(user, lesson: Lesson, *, what: str) -> str:
    """Why ``user`` may not take ``what`` (a lesson or its quiz) back to draft, or "".

    Classes the user does not teach depend on it: their students would lose it mid-work.
    """
    use = classes_using(lesson, user)
    if use.others:
        return (
            f"{what.capitalize()} is assigned to classes you do not teach "
            f"({use.names(use.others)}): taking it back to draft would take it away from "
            "their students. Use “Duplicate to edit” to make your own copy."
        )
    return ""

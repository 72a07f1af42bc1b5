"""List filters by class and by assignment: one way, for every app's admin.

The choices are only the classes (or assignments) the signed-in user teaches (all of
them for a superuser, through ``lessons.selectors``). The chosen id must be ASCII digits
and not 0 (``lessons.params.int_from_digits``); anything else, typed into the address,
empties the list rather than answering 500. Each admin says where the id is on its rows::

    list_filter = (ClassroomFilter.on("thread__assignment__classroom_id"), ...)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin

from lessons.params import int_from_digits
from lessons.selectors import assignments_taught_by, classrooms_taught_by


class ScopedIdFilter(admin.SimpleListFilter):
    """Filter rows on a related id, offering only what the user teaches."""

    #: The lookup from the filtered rows to the related id, e.g. "assignment__classroom_id".
    path = ""

    @classmethod
    def on(cls, path: str) -> type[ScopedIdFilter]:
        """This filter for rows that reach the id through ``path``."""
        return type(cls.__name__, (cls,), {"path": path})

    def options(self, user) -> Iterable[tuple[int, str]]:
        """(id, label) of each choice the user may filter by."""
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [(str(pk), label) for pk, label in self.options(request.user)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        related_id = int_from_digits(value)
        if not related_id:  # not plain digits, or 0: no row has it
            return queryset.none()
        return queryset.filter(**{self.path: related_id})


class ClassroomFilter(ScopedIdFilter):
    """By class, among the classes the user teaches (rows with a ``classroom`` by default)."""

    title = "class"
    parameter_name = "classroom"
    path = "classroom_id"

    def options(self, user) -> Iterable[tuple[int, str]]:
        return classrooms_taught_by(user).values_list("pk", "name")


class AssignmentFilter(ScopedIdFilter):
    """By assignment, among those of the classes the user teaches."""

    title = "assignment"
    parameter_name = "assignment"
    path = "assignment_id"

    def options(self, user) -> Iterable[tuple[int, str]]:
        assignments = assignments_taught_by(user).select_related("lesson", "classroom")
        return [(assignment.pk, str(assignment)) for assignment in assignments]

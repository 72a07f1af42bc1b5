"""Student accounts in the admin's autocompletes.

Enrolment forms pick students with an autocomplete, which asks the User admin for
matches. Teachers may not browse users, so the User admin registered by
django.contrib.auth is extended: for that one autocomplete it lets a teacher search,
among the students of their own classes only.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model

from lessons.roles import is_teacher
from lessons.selectors import students_visible_to

User = get_user_model()

_STUDENT_AUTOCOMPLETE_SOURCES = {("lessons", "enrollment", "student")}
_RegisteredUserAdmin = type(admin.site.get_model_admin(User))


class StudentScopedUserAdmin(_RegisteredUserAdmin):
    """The User admin as registered, plus a teacher's search among their own students."""

    def _is_student_autocomplete(self, request) -> bool:
        match = request.resolver_match
        source = (
            request.GET.get("app_label"),
            request.GET.get("model_name"),
            request.GET.get("field_name"),
        )
        return bool(match and match.url_name == "autocomplete") and (
            source in _STUDENT_AUTOCOMPLETE_SOURCES
        )

    def has_view_permission(self, request, obj=None):
        if obj is None and is_teacher(request.user) and self._is_student_autocomplete(request):
            return True
        return super().has_view_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_student_autocomplete(request):
            return queryset.filter(pk__in=students_visible_to(request.user).values("pk"))
        return queryset


admin.site.unregister(User)
admin.site.register(User, StudentScopedUserAdmin)

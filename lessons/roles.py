"""Who is a teacher, and what the Teachers group may do in the admin.

Students are plain non-staff users. Teachers are staff users in the Teachers group;
superusers count as teachers everywhere (they see every class).
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

TEACHERS_GROUP = "Teachers"

# Apps whose models teachers manage in the admin. Named here, not imported, so lessons
# never depends on quizzes.
TEACHER_APPS = ("lessons", "quizzes")
# Models a teacher may only look at in the admin: students' work and its log. Overrides
# go through the teacher results pages, which log them; the admin shows these read-only.
TEACHER_VIEW_ONLY_MODELS: frozenset[str] = frozenset(
    {"attempt", "response", "responsechoice", "responsesentence", "scoreoverride", "sectionread"}
)


def is_teacher(user) -> bool:
    """True for superusers and for active staff members of the Teachers group."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    cached = getattr(user, "_cw_is_teacher", None)
    if cached is None:
        cached = user.groups.filter(name=TEACHERS_GROUP).exists()
        user._cw_is_teacher = cached
    return cached


def require_teacher(user) -> None:
    """Refuse (403) anyone who is not a teacher: the guard of the teachers' pages."""
    if not is_teacher(user):
        raise PermissionDenied("This page is for teachers.")


def teacher_permissions():
    """Every model permission of the teacher apps (the admin then scopes rows per class)."""
    perms = Permission.objects.filter(content_type__app_label__in=TEACHER_APPS)
    return [
        perm
        for perm in perms.select_related("content_type")
        if perm.content_type.model not in TEACHER_VIEW_ONLY_MODELS
        or perm.codename.startswith("view_")
    ]


def sync_teacher_permissions(sender=None, **kwargs) -> None:
    """Create the Teachers group if needed and give it exactly the teacher permissions."""
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    group.permissions.set(teacher_permissions())

"""Who is a teacher, and what the Teachers group may do in the admin.

Students are plain non-staff users. Teachers are staff users in the Teachers group;
superusers count as teachers everywhere (they see every class).
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from lessons.refusals import NotAllowed

TEACHERS_GROUP = "Teachers"


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
        raise NotAllowed("This page is for teachers.", code="not_teacher")


def teacher_permissions():
    """Every model permission of the apps teachers work in (the admin scopes rows per class).

    An app takes part by saying so on its AppConfig: ``teacher_view_only_models`` names
    the models teachers may only look at (students' work, its logs), and teachers manage
    the others. So each app contributes its own models and no app names another's.
    """
    view_only = {
        config.label: frozenset(config.teacher_view_only_models)
        for config in apps.get_app_configs()
        if hasattr(config, "teacher_view_only_models")
    }
    perms = Permission.objects.filter(content_type__app_label__in=view_only)
    return [
        perm
        for perm in perms.select_related("content_type")
        if perm.content_type.model not in view_only[perm.content_type.app_label]
        or perm.codename.startswith("view_")
    ]


def sync_teacher_permissions(sender=None, **kwargs) -> None:
    """Create the Teachers group if needed and give it exactly the teacher permissions."""
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    group.permissions.set(teacher_permissions())

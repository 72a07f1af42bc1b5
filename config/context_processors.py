"""Template context shared by every page."""

from lessons.roles import is_teacher


def roles(request):
    """Expose the signed-in user's role so the navigation can show it."""
    user = getattr(request, "user", None)
    teacher = bool(user and user.is_authenticated and is_teacher(user))
    return {"user_is_teacher": teacher}

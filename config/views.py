"""Project-level pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from lessons.roles import is_teacher


@login_required
def home(request):
    """Send each person to the place where their work is."""
    if is_teacher(request.user):
        return redirect("lessons:teacher_dashboard")
    return redirect("lessons:dashboard")

"""Project-level pages."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render

from lessons.roles import is_teacher


@login_required
def home(request):
    """Send each person to the place where their work is."""
    if is_teacher(request.user):
        return redirect("lessons:teacher_dashboard")
    return redirect("lessons:dashboard")


def csrf_failure(request, reason: str = ""):
    """A refused form or save whose security token is missing or out of date.

    The autosave script asks for JSON and retries with the token from the cookie, which a
    sign-in in another tab may have renewed; a person gets a page saying what to do.
    """
    message = "This page was out of date. Reload it and try again; nothing was saved."
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"saved": False, "code": "csrf", "error": message}, status=403)
    return render(request, "403.html", {"exception": message}, status=403)

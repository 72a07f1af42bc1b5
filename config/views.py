"""Project-level pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from lessons import throttling
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


class SignInView(LoginView):
    """Django's sign-in, refused for a while to an address with too many failed sign-ins.

    Wrong passwords for one account lock that account (django-axes, see settings); this
    limit is per network address and high, since a school's pupils share one address.
    Failures are counted by ``record_sign_in_failure`` (a ``user_login_failed`` receiver).
    """

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        address = throttling.client_address(request)
        wait = throttling.seconds_blocked(throttling.sign_in_per_address(), address)
        if wait:
            return render(
                request,
                "registration/too_many_attempts.html",
                {"what": "sign-ins", "wait": throttling.wait_wording(wait)},
                status=429,
            )
        return super().post(request, *args, **kwargs)


def record_sign_in_failure(sender, credentials=None, request=None, **kwargs) -> None:
    """user_login_failed receiver: count the failure against the address it came from."""
    if request is not None:
        throttling.record_failure(
            throttling.sign_in_per_address(), throttling.client_address(request)
        )


@require_GET
def session_status(request):
    """Whether the browser is signed in, as JSON: the cheapest signed-in request there is.

    A script (or a load test, for its baseline) asks it without being redirected to the
    sign-in page: 200 ``{"signed_in": true, "username": ..., "teacher": ...}``, else 401
    ``{"signed_in": false}``. Never cached.
    """
    if not request.user.is_authenticated:
        response = JsonResponse({"signed_in": False}, status=401)
    else:
        response = JsonResponse(
            {
                "signed_in": True,
                "username": request.user.get_username(),
                "teacher": is_teacher(request.user),
            }
        )
    add_never_cache_headers(response)
    return response


class SignOutView(LogoutView):
    """Django's sign-out, then the sign-in page saying so ("You are signed out")."""

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.info(request, "You are signed out. Sign in again to go on.")
        return response

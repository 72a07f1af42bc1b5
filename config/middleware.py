"""Project middleware: refusals, bad query strings and database outages never become a 500."""

import logging
import sys

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from lessons.params import int_from_digits
from lessons.refusals import Refusal, refusal_response, wants_json

logger = logging.getLogger(__name__)


def reject_nul_in_query(get_response):
    """Answer 400 to a query string holding a NUL character ("%00").

    No link of ours makes one, and PostgreSQL refuses NUL in text: the admin's list
    filters and autocomplete would pass it to a query and fail with a 500. Forms refuse NUL
    in posted text themselves (Django's CharField), so only the query string is checked.
    """

    def middleware(request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("The address contains a character that cannot be used.")
        return get_response(request)

    return middleware


#: Seconds a client is asked to wait before retrying while the database is unavailable.
RETRY_AFTER_SECONDS = 5

UNAVAILABLE_MESSAGE = (
    "The server could not reach its database just now. Your saved answers are safe; "
    "try again in a few seconds."
)

_UNAVAILABLE_FLAG = "_claimwise_database_unavailable"


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether an exception means "the database cannot answer now" rather than a bug.

    Operational errors are the database refusing or failing to serve (server down,
    connection lost, too many clients, SQLite still locked after its busy timeout);
    interface errors are a connection already closed under us.
    """
    return isinstance(error, OperationalError | InterfaceError)


def note_database_failure(sender, request=None, **kwargs) -> None:
    """got_request_exception receiver: mark the request when the database failed.

    A failure inside another middleware (the session saved on the way out, say) is turned
    into a 500 response by Django before the outer middleware sees it; the mark lets
    :class:`DatabaseUnavailableMiddleware` replace that response with a 503.
    """
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _UNAVAILABLE_FLAG, True)


class DatabaseUnavailableMiddleware:
    """Answer a database outage with 503 and Retry-After, never with a 500.

    The autosave script (which asks for JSON) gets ``{"saved": false, "code":
    "unavailable"}`` and retries by itself. A form post gets a page saying that nothing
    was stored and offering to send the same form again; a page view gets a short
    "try again" page. The page is rendered without the request's context processors,
    which would query the database again. Transactions roll back on the error, so
    nothing is half-written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _UNAVAILABLE_FLAG, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.warning(
                "Database unavailable for %s %s: %s", request.method, request.path, exception
            )
            return unavailable_response(request)
        return None


def _resendable_fields(request) -> list[tuple[str, str]] | None:
    """The posted fields to offer for sending again, or None when that is unsafe.

    Passwords are never written back into a page, and files cannot be.
    """
    if request.method != "POST" or request.FILES:
        return None
    fields = list(request.POST.lists())
    if any("password" in name.lower() for name, _ in fields):
        return None
    return [(name, value) for name, values in fields for value in values]


def unavailable_response(request) -> HttpResponse:
    """The 503 answer for a request the database could not serve."""
    if wants_json(request):
        response = JsonResponse(
            {"saved": False, "code": "unavailable", "error": UNAVAILABLE_MESSAGE}, status=503
        )
    else:
        try:
            fields = _resendable_fields(request)
        except Exception:  # an unreadable body: offer no re-send, still answer 503
            fields = None
        html = render_to_string(
            "503.html",
            {
                "was_post": request.method == "POST",
                "resend_fields": fields,
                "action": request.get_full_path(),
                "retry_after": RETRY_AFTER_SECONDS,
            },
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["X-Frame-Options"] = "DENY"
    add_never_cache_headers(response)
    return response


class RefusalMiddleware:
    """Answer a refusal a view let through (lessons.refusals) with its status and message.

    Views raise or let pass ``NotFound``/``NotAllowed``/``Conflict`` from the services and
    selectors they call; this is where each becomes a 404/403/409 page, or JSON for a
    script, through the one helper, ``refusal_response``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refusal):
            return refusal_response(request, exception)
        return None


def security_headers(get_response):
    """Add Permissions-Policy to every response, and no-store to every signed-in page.

    A signed-in page shows a student's work, a class's results or a teacher's notes:
    none of it may stay in a shared computer's cache or come back with Back. Views that
    set their own Cache-Control keep it.
    """

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response

    return middleware


def limit_request_body(get_response):
    """Refuse a request whose body is over ``MAX_REQUEST_BODY_BYTES`` before reading it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but reads file parts of any
    size; the declared length is checked here, so a 50 MB upload costs one header read.
    """

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            limit = filesizeformat(settings.MAX_REQUEST_BODY_BYTES)
            response = HttpResponse(render_to_string("413.html", {"limit": limit}), status=413)
            response["Connection"] = "close"
            return response
        return get_response(request)

    return middleware


def _admin_relation_fields(path: str) -> set[str]:
    """The related-object fields (ids) of the admin add or change page at ``path``, with
    those of its inlines."""
    from django.contrib import admin
    from django.urls import Resolver404, resolve

    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return set()
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        if name in (f"{info}_add", f"{info}_change"):
            models = [model, *(inline.model for inline in model_admin.inlines)]
            return {
                field.name
                for each in models
                for field in each._meta.get_fields()
                if field.is_relation and not field.auto_created
            }
    return set()


def reject_malformed_admin_ids(get_response):
    """Answer 400 to an admin post whose selected ids are not plain numbers.

    Django's changelist passes ``_selected_action`` to a query as it is, and "abc", "1.5"
    or a NUL byte end in a 500 there; so do an add or change form's related-object fields
    (``enrollments-0-student``: the field's name after any inline prefix) when an
    autocomplete widget shows the refused form again, or an id beyond 64 bits reaches
    SQLite in a multiple choice. No page of ours sends such a value.
    """

    def middleware(request):
        if request.method == "POST" and request.path.startswith("/admin/"):
            selected = request.POST.getlist("_selected_action")
            if related := _admin_relation_fields(request.path_info):
                selected += [
                    value
                    for key, values in request.POST.lists()
                    if key.rsplit("-", 1)[-1] in related
                    for value in values
                    if value != ""
                ]
            if any(int_from_digits(value) is None for value in selected):
                raise BadRequest("Those rows could not be read. Reload the list and try again.")
        return get_response(request)

    return middleware

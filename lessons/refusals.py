"""The one way the domain says no to a permitted-looking request, and how it is answered.

Services and selectors of every app raise a :class:`Refusal` subclass with a message for
people and a ``code`` that tests assert:

* :class:`NotFound` (404): no such thing, or not one the user may know exists;
* :class:`NotAllowed` (403): the user may see it but not do this (a locked thread,
  someone else's post, a reading not open yet);
* :class:`Conflict` (409): the thing's state forbids it now (an attempt already
  submitted, the time limit passed).

Bad input is not a refusal: it stays Django's ``ValidationError`` with a code, which forms
show beside the field. :func:`refusal_response` is the one place a refusal becomes an
HTTP answer, as a page or as JSON; ``config.middleware.answer_refusals`` calls it for any
refusal a view lets through. ``NotFound`` and ``NotAllowed`` are also Django's
``Http404`` and ``PermissionDenied``, so code written against those (the admin) keeps
working.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class Refusal(Exception):
    """A request the domain refuses, with a message for people and a code for tests."""

    status = 400
    template = "400.html"

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


class NotFound(Refusal, Http404):
    """There is nothing here that this user may know about (404)."""

    status = 404
    template = "404.html"


class NotAllowed(Refusal, PermissionDenied):
    """This user may not do this here (403)."""

    status = 403
    template = "403.html"


class Conflict(Refusal):
    """The thing's current state forbids this (409): it was submitted, time ran out."""

    status = 409
    template = "409.html"


def wants_json(request: HttpRequest) -> bool:
    """Whether the client asked for JSON (the autosave script does), not a page."""
    return "application/json" in request.headers.get("Accept", "")


def refusal_json(*, status: int, code: str, message: str, **extra) -> JsonResponse:
    """A refusal as the scripts read it: ``{"saved": false, "code", "error", **extra}``."""
    return JsonResponse({"saved": False, "code": code, "error": message, **extra}, status=status)


def refusal_response(
    request: HttpRequest, refusal: Refusal, *, json: bool | None = None, **extra
) -> HttpResponse:
    """The answer to a refusal: its status, its message, and ``extra`` for the client.

    JSON when ``json`` is true (or, left None, when the request asks for JSON):
    ``{"saved": false, "code": ..., "error": ..., **extra}``; otherwise the status's page
    with the message as ``exception`` and ``extra`` in the context.
    """
    if json if json is not None else wants_json(request):
        return refusal_json(
            status=refusal.status, code=refusal.code, message=refusal.message, **extra
        )
    context = {"exception": refusal.message, "code": refusal.code, **extra}
    return render(request, refusal.template, context, status=refusal.status)

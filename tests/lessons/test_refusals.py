"""One refusal type, answered in one place with its status and message."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from config.middleware import RefusalMiddleware
from lessons.refusals import Conflict, NotAllowed, NotFound, refusal_response

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("refusal", "status", "django_kind"),
    [
        (NotFound("No such thread.", code="no_such_thread"), 404, Http404),
        (NotAllowed("This thread is locked.", code="thread_locked"), 403, PermissionDenied),
        (Conflict("This attempt was submitted.", code="attempt_closed"), 409, Exception),
    ],
)
def test_each_refusal_answers_its_status_with_its_message(refusal, status, django_kind, rf):
    assert isinstance(refusal, django_kind)  # admin code written against Django still works
    page = refusal_response(rf.get("/"), refusal)
    assert page.status_code == status
    assert refusal.message in page.content.decode()

    reply = refusal_response(rf.get("/", HTTP_ACCEPT="application/json"), refusal, extra="x")
    assert reply.status_code == status
    assert json.loads(reply.content) == {
        "saved": False,
        "code": refusal.code,
        "error": refusal.message,
        "extra": "x",
    }


def test_a_refusal_a_view_lets_through_becomes_its_page(rf: RequestFactory):
    middleware = RefusalMiddleware(lambda request: None)
    request = rf.get("/")

    response = middleware.process_exception(request, Conflict("Time is up.", code="time_up"))

    assert response.status_code == 409
    assert "Time is up." in response.content.decode()
    assert middleware.process_exception(request, ValueError("a bug")) is None

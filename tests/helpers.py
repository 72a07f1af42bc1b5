"""Plain helpers shared by the test modules of every app (fixtures live in conftest.py)."""

from django.contrib.messages import get_messages
from django.test import Client


def signed_in(user) -> Client:
    """A fresh test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def get_ok(client, path: str, data=None):
    """GET ``path``, which must answer 200; the response."""
    response = client.get(path, data)
    assert response.status_code == 200, (path, response.status_code)
    return response


def shown_messages(response) -> list[str]:
    """The messages a response left for the next page, as text."""
    return [str(message) for message in get_messages(response.wsgi_request)]

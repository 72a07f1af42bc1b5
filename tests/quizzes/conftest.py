"""Fixtures shared by the quizzes tests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def queries_of():
    """A function that GETs a page (which must answer 200) and returns how many SQL
    statements the request ran.

    CaptureQueriesContext keeps the log across the request: it disconnects the
    ``request_started`` handler that would otherwise clear it.
    """

    def count(client, url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    return count

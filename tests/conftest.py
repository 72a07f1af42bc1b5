"""Shared fixtures: users by role, a signed-in client, query counting, the browser harness."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

# pytest-playwright's sync API leaves an event loop marked running; Django's database
# setup and the live server's flush would refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/lib/chromium/chromium"


@pytest.fixture
def teacher(db):
    from tests.factories import TeacherFactory

    return TeacherFactory(username="teacher")


@pytest.fixture
def student(db):
    from tests.factories import StudentFactory

    return StudentFactory(username="student1")


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


# Query counts ------------------------------------------------------------------------
#
# One idiom in the whole suite. A page or selector gets an exact pin with pytest-django's
# ``django_assert_num_queries(N)``; a test about growth first compares the counts for a
# small and a large data set with ``query_count``, then pins the same call exactly:
#
#     assert query_count(get_ok, client, small_url) == query_count(get_ok, client, large_url)
#     with django_assert_num_queries(9):
#         get_ok(client, large_url)


@pytest.fixture
def query_count():
    """``query_count(func, *args, **kwargs) -> int``: the SQL statements ``func`` ran.

    For the small-versus-large comparison only, never as a bound: pin the number itself
    with ``django_assert_num_queries``. Counted with Django's CaptureQueriesContext, as
    ``django_assert_num_queries`` and ``assertNumQueries`` count: it keeps the log across
    test-client requests (it disconnects the ``request_started`` handler that clears it).
    """

    def count(func, /, *args, **kwargs) -> int:
        with CaptureQueriesContext(connection) as context:
            func(*args, **kwargs)
        return len(context)

    return count


# Browser harness ---------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def live_server_holds_a_class():
    """The live server listens with `make run`'s queue (config.devserver), not Django's 10."""
    from django.test.testcases import LiveServerThread

    from config.devserver import ThreadedClassroomWSGIServer

    original = LiveServerThread.server_class
    LiveServerThread.server_class = ThreadedClassroomWSGIServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--disable-gpu", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The journeys run under the site's real Content-Security-Policy (axe-core runs
    # through Playwright's evaluate, which the policy does not block).
    return {**browser_context_args, "bypass_csp": False}


@pytest.fixture
def context(context):
    """Every journey's browser context fails its test on any CSP violation it reports."""
    from tests.browser.helpers import assert_no_csp_violations, watch_csp

    violations = watch_csp(context)
    yield context
    assert_no_csp_violations(violations)


@pytest.fixture
def browser_page(page, live_server):
    """A Playwright page with the live server's address as `page.base_url`."""
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    return page


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: sign-in and join-code limits count in it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

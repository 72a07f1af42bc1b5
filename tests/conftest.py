"""Shared fixtures: users by role, a signed-in client, and the browser harness."""

import os
from pathlib import Path

import pytest

# pytest-playwright's sync API leaves an event loop marked running; Django's database
# setup and the live server's flush would refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/lib/chromium/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


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
    # bypass_csp lets axe-core inject its script whatever our headers say.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def browser_page(page, live_server):
    """A Playwright page with the live server's address as `page.base_url`."""
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    return page


def sign_in(page, username: str, password: str = "password") -> None:
    """Sign in through the real login form."""
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def assert_no_axe_violations(page) -> None:
    """Run axe-core (shipped inside axe-playwright-python) on the page; fail with the list."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert results.violations_count == 0, "\n".join(summary)


def save_screenshots(page, name: str) -> None:
    """Save the page at phone and desktop width under test-artifacts/ for a human look."""
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, width in (("phone", 360), ("desktop", 1280)):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)

"""Plain helpers of the browser journeys (their fixtures live in tests/conftest.py)."""

import re
from pathlib import Path

from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


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


PHONE, DESKTOP = ("phone", 360), ("desktop", 1280)


def save_screenshots(page, name: str, widths=(PHONE, DESKTOP)) -> None:
    """Save the page at phone and desktop width under test-artifacts/ for a human look.

    ``widths`` are (label, pixels) pairs: ``<name>-<label>.png`` is taken at each.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        # caret="initial": Playwright would otherwise hide the text caret with an inline
        # style, which the site's Content-Security-Policy refuses (and the journey reports).
        page.screenshot(
            path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True, caret="initial"
        )
    if original:
        page.set_viewport_size(original)


def switch_user(page, username: str) -> None:
    """Sign out by dropping the cookies, sign in as ``username``, land on a dashboard."""
    page.context.clear_cookies()
    sign_in(page, username)
    page.wait_for_url(re.compile(r".*/(dashboard|teaching)/$"))


def wait_until_saved(page) -> None:
    """Wait for the quiz page's autosave status to say every answer is saved."""
    expect(page.locator("#cw-save-status")).to_have_attribute("data-state", "saved")


def watch_csp(context) -> list[str]:
    """Collect every Content-Security-Policy violation the context's pages report.

    Chromium logs each refused inline script or style, or foreign source, to the
    console; the list fills as pages load. Check it with assert_no_csp_violations.
    """
    violations: list[str] = []

    def on_console(message) -> None:
        # A violation by the test's own tooling (axe-core adds a <style> in some checks)
        # comes from script Playwright evaluated, which has no URL; the site's pages and
        # scripts always have one.
        where = message.location.get("url")
        if "Content Security Policy" in message.text and where:
            violations.append(f"{where}: {message.text}")

    context.on("console", on_console)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)

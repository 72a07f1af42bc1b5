"""Browser journey: sign in, land on the right home page, sign out."""

import pytest

from tests.browser.helpers import assert_no_axe_violations, save_screenshots, sign_in
from tests.factories import StudentFactory, TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_has_no_accessibility_violations(browser_page):
    browser_page.goto(f"{browser_page.base_url}/accounts/login/")
    assert_no_axe_violations(browser_page)
    save_screenshots(browser_page, "login")


def test_student_signs_in_lands_on_dashboard_and_signs_out(browser_page):
    StudentFactory(username="ada", first_name="Ada", last_name="Lovelace")
    sign_in(browser_page, "ada")
    browser_page.wait_for_url("**/dashboard/")
    assert browser_page.get_by_test_id("signed-in-as").inner_text().startswith("Ada Lovelace")
    assert "Student" in browser_page.get_by_test_id("signed-in-as").inner_text()
    browser_page.get_by_role("button", name="Sign out").click()
    browser_page.wait_for_url("**/accounts/login/")


def test_teacher_signs_in_and_lands_on_teaching_page(browser_page):
    TeacherFactory(username="mrs_t", first_name="Tess", last_name="Teacher")
    sign_in(browser_page, "mrs_t")
    browser_page.wait_for_url("**/teaching/")
    assert "Teacher" in browser_page.get_by_test_id("signed-in-as").inner_text()


def test_wrong_password_shows_a_clear_error(browser_page):
    StudentFactory(username="bob")
    sign_in(browser_page, "bob", password="wrong")
    assert browser_page.get_by_text("Please enter a correct username and password").is_visible()


def test_the_policy_refuses_inline_script_and_the_journeys_would_hear_of_it(browser, live_server):
    """The CSP-violation check every journey runs can fail: a page with an inline script
    (here the real sign-in page, its body given one on the way) is refused and reported."""
    from tests.browser.helpers import watch_csp

    def with_inline_script(route):
        response = route.fetch()
        body = response.text().replace("</body>", "<script>window.injected = true</script></body>")
        route.fulfill(response=response, body=body)

    context = browser.new_context()
    violations = watch_csp(context)
    page = context.new_page()
    try:
        page.route("**/accounts/login/", with_inline_script)
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.evaluate("window.injected === undefined")
    finally:
        context.close()
    assert any("script-src" in text for text in violations), violations

"""Home page routing, sign-in pages and roles."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.urls import reverse

from lessons.roles import TEACHERS_GROUP, is_teacher, sync_teacher_permissions
from tests.factories import StudentFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_home_goes_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_student_home_goes_to_student_dashboard(student_client):
    response = student_client.get("/")
    assert response["Location"] == reverse("lessons:dashboard")


def test_teacher_home_goes_to_teacher_dashboard(teacher_client):
    response = teacher_client.get("/")
    assert response["Location"] == reverse("lessons:teacher_dashboard")


def test_login_page_renders_labelled_form(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert "bootstrap.min.css" in html and "cdn" not in html.lower()
    # An icon of our own, so browsers do not ask for a /favicon.ico that is not there.
    assert '<link rel="icon" href="/static/img/favicon.svg"' in html
    assert finders.find("img/favicon.svg")


def test_navigation_shows_user_and_role(teacher_client, teacher):
    html = teacher_client.get(reverse("lessons:teacher_dashboard")).content.decode()
    assert teacher.get_full_name() in html
    assert "Teacher</span>" in html


def test_students_cannot_open_teacher_dashboard(student_client):
    assert student_client.get(reverse("lessons:teacher_dashboard")).status_code == 403


def test_is_teacher_roles():
    assert is_teacher(TeacherFactory())
    assert not is_teacher(StudentFactory())
    assert is_teacher(UserFactory(is_superuser=True, is_staff=True))
    staff_not_teacher = UserFactory(is_staff=True)
    assert not is_teacher(staff_not_teacher)
    inactive = TeacherFactory(is_active=False)
    assert not is_teacher(inactive)


def test_teachers_group_has_the_permissions_each_app_contributes():
    sync_teacher_permissions()
    group = Group.objects.get(name=TEACHERS_GROUP)
    codes = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {app for app, _ in codes} == {"lessons", "quizzes", "discussions"}
    assert {("discussions", "change_post"), ("quizzes", "change_quiz")} <= codes
    # Students' work is view-only: each app names its own view-only models.
    assert ("quizzes", "view_attempt") in codes
    assert ("quizzes", "change_attempt") not in codes
    assert ("lessons", "change_sectionread") not in codes


def test_sign_out_is_a_post(client, student):
    client.force_login(student)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_teachers_may_only_view_students_work_in_the_admin():
    sync_teacher_permissions()
    codenames = set(
        Group.objects.get(name=TEACHERS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"view_attempt", "view_response", "view_scoreoverride"} <= codenames
    assert not {"change_attempt", "delete_response", "add_scoreoverride"} & codenames
    assert {"change_lesson", "add_claimlabel", "change_quiz"} <= codenames


def test_session_status_answers_scripts_without_a_redirect(client, student):
    from django.urls import reverse

    url = reverse("session_status")
    assert client.get(url).status_code == 401
    assert client.get(url).json() == {"signed_in": False}
    client.force_login(student)
    reply = client.get(url)
    assert reply.json() == {"signed_in": True, "username": student.username, "teacher": False}
    assert "no-store" in reply["Cache-Control"]


def test_signing_out_says_so_on_the_sign_in_page(client, student):
    client.force_login(student)
    response = client.post(reverse("logout"), follow=True)
    html = response.content.decode()
    assert "You are signed out. Sign in again to go on." in html
    assert 'for="id_username"' in html


def test_the_footer_speaks_to_whoever_reads_the_page(client, teacher, student):
    client.force_login(teacher)
    teacher_html = client.get(reverse("lessons:teacher_dashboard")).content.decode()
    assert "Ask your teacher" not in teacher_html
    assert "Teaching pages: your classes, assignments and results." in teacher_html
    client.force_login(student)
    student_html = client.get(reverse("lessons:dashboard")).content.decode()
    assert "Questions about an assignment? Ask your teacher." in student_html


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_form_error_text_is_readable_on_the_pages_light_panels():
    """Bootstrap's #dc3545 on the panels' #fcfcfd is 4.41:1; the site's error red passes."""
    import re
    from pathlib import Path

    css = Path(finders.find("css/claimwise.css")).read_text(encoding="utf-8")
    colour = re.search(r"\.invalid-feedback, \.text-danger \{ color: (#[0-9a-f]{6})", css)[1]
    assert f"--bs-form-invalid-color: {colour}" in css
    lighter, darker = sorted([_luminance("#fcfcfd"), _luminance(colour)], reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5

"""Sign-in and join-code limits, security headers, body caps and hostile admin posts."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import ClassroomFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_with_a_clear_message():
    student = StudentFactory(username="ada")
    client = Client()
    for _ in range(4):
        assert sign_in(client, "ada", "wrong").status_code == 200  # the form, with its error
    assert sign_in(client, "ada", "wrong").status_code == 429  # the fifth locks the account

    locked = sign_in(client, "ada", "password")  # even the right password now

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "This account is locked for now" in page
    assert "5 wrong passwords in a row for “ada”" in page
    assert "paused for 15 minutes" in page
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    StudentFactory(username="ben")
    assert sign_in(client, "ben", "password").status_code == 302
    assert student.pk


def test_an_administrator_sees_and_clears_a_lockout():
    StudentFactory(username="ada")
    for _ in range(5):
        sign_in(Client(), "ada", "wrong")
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client = Client()
    client.force_login(admin)

    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "ada" in listing.content.decode()
    from axes.models import AccessAttempt

    client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in AccessAttempt.objects.all()],
            "post": "yes",
        },
    )
    assert sign_in(Client(), "ada", "password").status_code == 302


def test_teachers_cannot_see_lockouts(teacher_client):
    response = teacher_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 403


@override_settings(THROTTLE_SIGN_IN_PER_ADDRESS=(3, 15))
def test_an_address_with_too_many_failed_sign_ins_is_paused():
    for name in ("ada", "ben", "cat"):
        StudentFactory(username=name)
        sign_in(Client(), name, "wrong", address="10.9.9.9")

    refused = sign_in(Client(), "ada", "password", address="10.9.9.9")
    elsewhere = sign_in(Client(), "ada", "password", address="10.1.1.1")

    assert refused.status_code == 429
    assert "Too many failed sign-ins came from this network" in refused.content.decode()
    assert "Try again in 15 minutes." in refused.content.decode()
    assert elsewhere.status_code == 302


@override_settings(THROTTLE_JOIN_CODES_PER_STUDENT=(3, 15))
def test_wrong_join_codes_are_limited_per_student(student_client):
    classroom = ClassroomFactory()
    dashboard = reverse("lessons:dashboard")
    for _ in range(3):
        page = student_client.post(dashboard, {"join_code": "NOSUCHCD"})
        assert "No class has that join code" in page.content.decode()

    page = student_client.post(dashboard, {"join_code": classroom.join_code})

    assert page.status_code == 200
    assert "Too many wrong join codes" in page.content.decode()
    assert not classroom.enrollments.exists()


def test_every_page_sends_csp_and_permissions_policy(client):
    response = client.get(LOGIN)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_never_cached(student, teacher):
    student_client, teacher_client = Client(), Client()
    student_client.force_login(student)
    teacher_client.force_login(teacher)
    for client, url in (
        (student_client, reverse("lessons:dashboard")),
        (teacher_client, reverse("lessons:teacher_dashboard")),
        (teacher_client, reverse("results:index")),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


@override_settings(MAX_REQUEST_BODY_BYTES=1000)
def test_an_oversized_body_is_refused_before_it_is_read(teacher_client):
    response = teacher_client.post(
        reverse("admin:lessons_lesson_import"),
        data=b"x" * 5000,
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    assert "can be at most 1000\xa0bytes. Nothing was saved." in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "1.5", "1\x00", "-1"])
@pytest.mark.parametrize(
    "changelist",
    [
        "lessons_lesson",
        "lessons_classroom",
        "lessons_assignment",
        "quizzes_quiz",
        "quizzes_question",
        "discussions_thread",
    ],
)
def test_admin_actions_on_malformed_ids_are_a_bad_request(changelist, value):
    teacher = TeacherFactory()
    client = Client()
    client.force_login(teacher)

    response = client.post(
        reverse(f"admin:{changelist}_changelist"),
        {"action": "delete_selected", "_selected_action": [value]},
    )

    assert response.status_code == 400

"""Creating and enrolling the students of a roster CSV (lessons.services.rosters)."""

import pytest
from django.contrib.auth import get_user_model

from lessons.models import Enrollment
from lessons.services.rosters import RosterOutcome, roster_import
from tests.factories import (
    ClassroomFactory,
    EnrollmentFactory,
    StudentFactory,
    TeacherFactory,
    enrolled_student,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def _outcomes(report) -> list[tuple[str, str]]:
    return [(row.username, row.outcome) for row in report.rows]


def test_roster_creates_enrols_and_refuses_row_by_row(teacher, taught):
    existing = StudentFactory(username="existing")
    already = enrolled_student(taught, username="already")
    TeacherFactory(username="mrsmith")
    csv = (
        "Username,First Name,Surname,E-mail\n"
        "newkid,Zoë,Ó Súilleabháin,zoe@example.org\n"
        "EXISTING,Ignored,Ignored,\n"
        "already,,,\n"
        "mrsmith,Mr,Smith,\n"
        "formula,=1+2,@SUM(A1),\n"
        ",No,Username,\n"
        "newkid,Dup,Licate,\n"
        "bad email,,,\n"
        "emailbad,E,B,nope\n"
    ).encode()
    report = roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    assert _outcomes(report) == [
        ("newkid", RosterOutcome.CREATED),
        ("EXISTING", RosterOutcome.INVITE),  # not the teacher's student: spelled as typed
        ("already", RosterOutcome.ALREADY_ENROLLED),
        ("mrsmith", RosterOutcome.INVITE),  # nothing says it is a teacher's account
        ("formula", RosterOutcome.CREATED),
        ("", RosterOutcome.REFUSED),
        ("newkid", RosterOutcome.REFUSED),
        ("bad email", RosterOutcome.REFUSED),
        ("emailbad", RosterOutcome.REFUSED),
    ]
    reasons = [row.reason for row in report.rows if row.outcome == RosterOutcome.REFUSED]
    assert reasons == [
        "missing username",
        "duplicate in file: the same username appears on line 2",
        reasons[2],
        "bad email address",
    ]
    assert reasons[2].startswith("invalid username")
    invites = {row.reason for row in report.rows if row.outcome == RosterOutcome.INVITE}
    assert invites == {
        "This username belongs to an account you do not teach: give the student the class "
        f"join code, {taught.join_code}, instead."
    }
    assert report.summary == (
        "2 created and enrolled, 0 enrolled existing account, 1 already enrolled, "
        "2 invite with the join code, 4 refused"
    )
    assert not existing.enrollments.exists()

    newkid = User.objects.get(username="newkid")
    assert (newkid.first_name, newkid.last_name, newkid.email) == (
        "Zoë",
        "Ó Súilleabháin",
        "zoe@example.org",
    )
    assert newkid.check_password(report.rows[0].initial_password)
    assert not newkid.is_staff
    formula = User.objects.get(username="formula")
    assert (formula.first_name, formula.last_name) == ("=1+2", "@SUM(A1)")
    existing.refresh_from_db()
    assert existing.first_name != "Ignored"  # existing accounts are never changed
    enrolled = set(taught.enrollments.values_list("student__username", flat=True))
    assert enrolled == {"newkid", "already", "formula"}
    assert already.enrollments.count() == 1


def test_roster_upload_again_reports_already_enrolled(teacher, taught):
    csv = b"username\nann\nbob\n"
    roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    report = roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    assert {row.outcome for row in report.rows} == {RosterOutcome.ALREADY_ENROLLED}
    assert all(row.initial_password == "" for row in report.rows)
    assert Enrollment.objects.filter(classroom=taught).count() == 2


def test_roster_for_a_class_you_do_not_teach_changes_nothing(teacher, refusal_code):
    other = ClassroomFactory(teachers=[TeacherFactory()])
    users = User.objects.count()
    assert (
        refusal_code(roster_import, classroom=other, csv_bytes=b"username\nann\n", teacher=teacher)
        == "not_your_class"
    )
    assert User.objects.count() == users


def test_roster_file_errors_change_nothing(teacher, taught, refusal_code):
    users = User.objects.count()
    assert (
        refusal_code(roster_import, classroom=taught, csv_bytes=b"name\nAnn\n", teacher=teacher)
        == "no_username_column"
    )
    assert User.objects.count() == users and not taught.enrollments.exists()


def test_roster_refuses_deactivated_accounts(teacher, taught):
    StudentFactory(username="gone", is_active=False)
    root = User.objects.create_superuser("root", "root@example.org", "pw")
    report = roster_import(classroom=taught, csv_bytes=b"username\ngone\n", teacher=root)
    assert report.rows[0].reason == "existing account is deactivated"
    assert not taught.enrollments.exists()


def test_roster_enrols_existing_students_the_teacher_already_teaches(teacher, taught):
    """Consent: a teacher may enrol a student they teach in another class, no one else."""
    other_class = ClassroomFactory()
    other_class.teachers.add(teacher)
    mine = enrolled_student(other_class, username="mine")
    stranger = StudentFactory(username="stranger")

    report = roster_import(
        classroom=taught, csv_bytes=b"username\nmine\nstranger\n", teacher=teacher
    )

    assert _outcomes(report) == [
        ("mine", RosterOutcome.ENROLLED),
        ("stranger", RosterOutcome.INVITE),
    ]
    assert list(taught.enrollments.values_list("student_id", flat=True)) == [mine.pk]
    assert not stranger.enrollments.exists()


def test_a_superuser_enrols_any_existing_student(taught):
    student = StudentFactory(username="anyone")
    root = User.objects.create_superuser("root", "root@example.org", "pw")

    report = roster_import(classroom=taught, csv_bytes=b"username\nanyone\n", teacher=root)

    assert _outcomes(report) == [("anyone", RosterOutcome.ENROLLED)]
    assert taught.enrollments.get().student == student


def test_roster_initial_passwords_are_hashed_cheaply_then_upgraded(teacher, taught, settings):
    """A fast hash for a random initial password; Django re-hashes it at full strength on
    the first sign-in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    report = roster_import(classroom=taught, csv_bytes=b"username\nann\n", teacher=teacher)
    ann = User.objects.get(username="ann")
    assert ann.password.startswith("pbkdf2_sha256$20000$")
    assert ann.check_password(report.rows[0].initial_password)
    ann.refresh_from_db()
    assert not ann.password.startswith("pbkdf2_sha256$20000$")  # upgraded on sign-in


def test_every_student_row_is_enrolled_once_in_one_bulk_insert(
    teacher, taught, django_assert_num_queries
):
    earlier_class = ClassroomFactory()
    earlier_class.teachers.add(teacher)
    enrolled_student(earlier_class, username="old1")
    enrolled_student(earlier_class, username="old2")
    EnrollmentFactory(classroom=taught, student=StudentFactory(username="old3"))
    csv = b"username\nold1\nold2\nold3\n"
    # The transaction's savepoint and release, the teacher check (group, class), the users,
    # the class's enrolments, which of them the teacher teaches, and one insert: no query
    # per row for existing accounts.
    with django_assert_num_queries(8):
        report = roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    assert report.count(RosterOutcome.ENROLLED) == 2

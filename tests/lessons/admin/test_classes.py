"""Classes in the admin (lessons.admin.classes): classrooms, enrolments, assignments, scoped
to the classes a teacher teaches."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lessons.models import Assignment, Classroom, Enrollment
from lessons.services import classes
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    EnrollmentFactory,
    LessonFactory,
    StudentFactory,
    TeacherFactory,
    enrolled_student,
)
from tests.helpers import get_ok, shown_messages

pytestmark = pytest.mark.django_db

User = get_user_model()


# Classrooms: scoping, roster, join codes ----------------------------------------------


def test_classroom_changelist_shows_only_own_classes(teacher_client, own_class, other_class):
    response = teacher_client.get(reverse("admin:lessons_classroom_changelist"))
    page = response.content.decode()
    assert "Own class" in page and "Foreign class" not in page


def test_superuser_sees_every_class(superuser_client, own_class, other_class):
    page = superuser_client.get(reverse("admin:lessons_classroom_changelist")).content.decode()
    assert "Own class" in page and "Foreign class" in page
    url = reverse("admin:lessons_classroom_change", args=[other_class.pk])
    assert superuser_client.get(url).status_code == 200


def test_another_teachers_classroom_is_not_reachable_by_url(teacher_client, other_class):
    for name in ("change", "delete", "history"):
        url = reverse(f"admin:lessons_classroom_{name}", args=[other_class.pk])
        response = teacher_client.get(url)
        assert response.status_code in (302, 404), name
        assert "Foreign class" not in response.content.decode()
    roster = reverse("admin:lessons_classroom_roster", args=[other_class.pk])
    assert teacher_client.get(roster).status_code == 404
    upload = SimpleUploadedFile("r.csv", b"username\nintruder\n")
    assert teacher_client.post(roster, {"file": upload}).status_code == 404
    assert not User.objects.filter(username="intruder").exists()


def test_own_classroom_change_page_links_the_roster_upload(teacher_client, own_class):
    response = teacher_client.get(reverse("admin:lessons_classroom_change", args=[own_class.pk]))
    page = response.content.decode()
    assert reverse("admin:lessons_classroom_roster", args=[own_class.pk]) in page
    assert own_class.join_code in page


def _management_data(client, url) -> dict:
    """The empty management forms of every inline on an admin page, as the page renders them."""
    data = {}
    for inline in client.get(url).context["inline_admin_formsets"]:
        form = inline.formset.management_form
        data.update({form.add_prefix(name): value for name, value in form.initial.items()})
        data[form.add_prefix("TOTAL_FORMS")] = str(form.initial["INITIAL_FORMS"])
    return data


def test_teacher_creating_a_class_becomes_its_teacher(teacher_client, teacher):
    url = reverse("admin:lessons_classroom_add")
    response = teacher_client.post(
        url,
        {
            "name": "New class",
            "join_code_expires_at_0": "",
            "join_code_expires_at_1": "",
            **_management_data(teacher_client, url),
        },
    )
    assert response.status_code == 302
    assert list(Classroom.objects.get(name="New class").teachers.all()) == [teacher]


def test_a_class_added_in_the_admin_gets_an_unused_join_code(teacher_client, monkeypatch):
    ClassroomFactory(join_code="TAKEN234")
    codes = iter(["TAKEN234", "FRESH234"])
    monkeypatch.setattr(classes, "new_join_code", lambda: next(codes))
    url = reverse("admin:lessons_classroom_add")
    data = {
        "name": "New class",
        "join_code_expires_at_0": "",
        "join_code_expires_at_1": "",
        **_management_data(teacher_client, url),
    }
    assert teacher_client.post(url, data).status_code == 302
    assert Classroom.objects.get(name="New class").join_code == "FRESH234"


def test_adding_students_from_own_classes_only(teacher_client, teacher, own_class, other_class):
    second = ClassroomFactory(name="Second class", teachers=[teacher])
    mine = enrolled_student(own_class, username="mine")
    theirs = enrolled_student(other_class, username="theirs")
    url = reverse("admin:lessons_classroom_change", args=[second.pk])
    data = {
        "name": "Second class",
        "teachers": [teacher.pk],
        "join_code_expires_at_0": "",
        "join_code_expires_at_1": "",
        **_management_data(teacher_client, url),
    }
    add_prefix = teacher_client.get(url).context["inline_admin_formsets"][1].formset.prefix
    refused = teacher_client.post(
        url, {**data, f"{add_prefix}-TOTAL_FORMS": "1", f"{add_prefix}-0-student": theirs.pk}
    )
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    accepted = teacher_client.post(
        url, {**data, f"{add_prefix}-TOTAL_FORMS": "1", f"{add_prefix}-0-student": mine.pk}
    )
    assert accepted.status_code == 302
    assert set(second.enrollments.values_list("student__username", flat=True)) == {"mine"}


def test_roster_upload_reports_row_by_row(teacher_client, own_class, teacher):
    earlier = ClassroomFactory()
    earlier.teachers.add(teacher)
    EnrollmentFactory(classroom=earlier, student=StudentFactory(username="known"))
    url = reverse("admin:lessons_classroom_roster", args=[own_class.pk])
    assert teacher_client.get(url).status_code == 200
    csv = (
        "username,first name,last name\n"
        "newbie,Zoë,<b>Bold</b>\n"
        "known,,\n"
        'formula,=HYPERLINK("http://evil"),x\n'
        ",No,Name\n"
    ).encode()
    response = teacher_client.post(url, {"file": SimpleUploadedFile("roster.csv", csv)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "2 created and enrolled, 1 enrolled existing account" in page
    assert "Refused:</strong> missing username" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page  # escaped
    assert "=HYPERLINK(&quot;http://evil&quot;)" in page
    report = response.context["report"]
    password = report.rows[0].initial_password
    assert password and f"<code>{password}</code>" in page
    assert User.objects.get(username="newbie").check_password(password)
    assert own_class.enrollments.count() == 3


def test_roster_upload_file_errors_show_in_the_form(teacher_client, own_class):
    url = reverse("admin:lessons_classroom_roster", args=[own_class.pk])
    response = teacher_client.post(
        url, {"file": SimpleUploadedFile("roster.csv", b"name,email\nAnn,a@example.org\n")}
    )
    assert response.status_code == 200
    assert "including a username column" in response.content.decode()
    response = teacher_client.post(url, {"file": SimpleUploadedFile("roster.xlsx", b"PK")})
    assert "Upload a .csv file" in response.content.decode()
    assert not own_class.enrollments.exists()


def test_new_join_code_action(teacher_client, own_class):
    old = own_class.join_code
    response = teacher_client.post(
        reverse("admin:lessons_classroom_changelist"),
        {"action": "new_join_code", "_selected_action": [own_class.pk]},
    )
    own_class.refresh_from_db()
    assert own_class.join_code != old
    assert shown_messages(response) == [f"Own class: the new join code is {own_class.join_code}."]


def test_enrolment_changelist_and_inline_choices_are_scoped(teacher_client, own_class, other_class):
    mine = enrolled_student(own_class, username="mine")
    theirs = enrolled_student(other_class, username="theirs")
    response = teacher_client.get(reverse("admin:lessons_enrollment_changelist"))
    assert response.context["cl"].result_count == 1
    filter_choices = response.context["cl"].filter_specs[0].lookup_choices
    assert [name for _, name in filter_choices] == ["Own class"]
    # Adding someone else's student by id is refused by the form.
    response = teacher_client.post(
        reverse("admin:lessons_enrollment_add"),
        {"classroom": own_class.pk, "student": theirs.pk, "joined_at_0": "", "joined_at_1": ""},
    )
    assert response.status_code == 200
    assert not Enrollment.objects.filter(classroom=own_class, student=theirs).exists()
    assert mine.enrollments.count() == 1


# Assignments --------------------------------------------------------------------------


def _split_dates(days=7) -> dict:
    """The same as the Assignment change form's date and time inputs send them."""
    opens = timezone.localtime() + timedelta(hours=1)
    due = opens + timedelta(days=days)
    return {
        "opens_at_0": opens.strftime("%Y-%m-%d"),
        "opens_at_1": opens.strftime("%H:%M"),
        "due_at_0": due.strftime("%Y-%m-%d"),
        "due_at_1": due.strftime("%H:%M"),
    }


def test_assignment_changelist_is_scoped(teacher_client, own_class, other_class):
    AssignmentFactory(classroom=own_class, lesson=LessonFactory(title="Mine"))
    AssignmentFactory(classroom=other_class, lesson=LessonFactory(title="Theirs"))
    response = teacher_client.get(reverse("admin:lessons_assignment_changelist"))
    assert [str(a.lesson) for a in response.context["cl"].result_list] == ["Mine"]
    classroom_filter = response.context["cl"].filter_specs[0]
    assert [name for _, name in classroom_filter.lookup_choices] == ["Own class"]


def test_superuser_sees_every_assignment(superuser_client, own_class, other_class):
    AssignmentFactory(classroom=own_class)
    AssignmentFactory(classroom=other_class)
    response = superuser_client.get(reverse("admin:lessons_assignment_changelist"))
    assert response.context["cl"].result_count == 2
    choices = response.context["cl"].filter_specs[0].lookup_choices
    assert [name for _, name in choices] == ["Foreign class", "Own class"]


def test_another_teachers_assignment_is_not_reachable(teacher_client, other_class):
    assignment = AssignmentFactory(classroom=other_class)
    response = teacher_client.get(reverse("admin:lessons_assignment_change", args=[assignment.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_assignment_add_form_offers_only_own_classes(teacher_client, own_class, other_class):
    response = teacher_client.get(reverse("admin:lessons_assignment_add"))
    choices = list(response.context["adminform"].form.fields["classroom"].queryset)
    assert choices == [own_class]


def test_assignment_add_refusals_show_in_the_form(teacher_client, own_class, other_class):
    lesson = LessonFactory()
    url = reverse("admin:lessons_assignment_add")
    response = teacher_client.post(
        url, {"lesson": lesson.pk, "classroom": other_class.pk, **_split_dates()}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()

    dates = _split_dates()
    dates["due_at_0"], dates["due_at_1"] = dates["opens_at_0"], dates["opens_at_1"]
    response = teacher_client.post(url, {"lesson": lesson.pk, "classroom": own_class.pk, **dates})
    page = response.content.decode()
    assert "The due date must be after the opening date." in page
    assert "Constraint" not in page  # no raw database-constraint message

    draft = LessonFactory(status="draft", title="Unfinished")
    response = teacher_client.post(
        url, {"lesson": draft.pk, "classroom": own_class.pk, **_split_dates()}
    )
    assert "“Unfinished” is a draft." in response.content.decode()

    AssignmentFactory(lesson=lesson, classroom=own_class)
    response = teacher_client.post(
        url, {"lesson": lesson.pk, "classroom": own_class.pk, **_split_dates()}
    )
    page = response.content.decode()
    assert "is already assigned to" in page
    assert "already exists" not in page  # not Django's own unique-constraint message too
    assert Assignment.objects.count() == 1


def test_assignment_add_saves_with_the_teacher(teacher_client, teacher, own_class):
    lesson = LessonFactory()
    response = teacher_client.post(
        reverse("admin:lessons_assignment_add"),
        {"lesson": lesson.pk, "classroom": own_class.pk, **_split_dates()},
    )
    assert response.status_code == 302
    assert Assignment.objects.get().assigned_by == teacher


def test_assignment_edit_keeps_the_rules(teacher_client, own_class):
    assignment = AssignmentFactory(classroom=own_class)
    url = reverse("admin:lessons_assignment_change", args=[assignment.pk])
    data = {"lesson": assignment.lesson_id, "classroom": own_class.pk, **_split_dates(days=2)}
    response = teacher_client.post(url, data)
    assert response.status_code == 302  # editing itself is not a duplicate
    dates = _split_dates()
    dates["due_at_0"], dates["due_at_1"] = dates["opens_at_0"], dates["opens_at_1"]
    response = teacher_client.post(url, {**data, **dates})
    assert "The due date must be after the opening date." in response.content.decode()


# Query counts -------------------------------------------------------------------------


def test_assignment_changelist_queries_are_the_same_for_1_and_30_rows(
    teacher_client, teacher, query_count, django_assert_num_queries
):
    url = reverse("admin:lessons_assignment_changelist")
    classroom = ClassroomFactory(teachers=[teacher])
    AssignmentFactory(classroom=classroom, assigned_by=teacher)
    assert get_ok(teacher_client, url).context["cl"].result_count == 1
    small = query_count(get_ok, teacher_client, url)
    for _ in range(29):
        AssignmentFactory(classroom=classroom, assigned_by=teacher)
    assert query_count(get_ok, teacher_client, url) == small
    with django_assert_num_queries(ASSIGNMENT_CHANGELIST_QUERIES):
        response = get_ok(teacher_client, url)
    assert response.context["cl"].result_count == 30


def test_classroom_changelist_queries_are_the_same_for_1_and_30_rows(
    teacher_client, teacher, query_count, django_assert_num_queries
):
    url = reverse("admin:lessons_classroom_changelist")
    other = TeacherFactory()

    def add_classes(numbers):
        for number in numbers:
            classroom = ClassroomFactory(teachers=[teacher, other])
            for _ in range(3 if number % 2 else 1):
                EnrollmentFactory(classroom=classroom)

    add_classes(range(1))
    assert get_ok(teacher_client, url).context["cl"].result_count == 1
    small = query_count(get_ok, teacher_client, url)
    add_classes(range(1, 30))
    assert query_count(get_ok, teacher_client, url) == small
    with django_assert_num_queries(CLASSROOM_CHANGELIST_QUERIES):
        response = get_ok(teacher_client, url)
    assert response.context["cl"].result_count == 30


# The same for 1 and 30 rows. Both: session, user, the user's and the group's permissions,
# the Teachers-group check, the filtered and total counts. Assignments: the class filter's
# choices, the lesson filter's choices, the rows (lesson, class and assigner joined).
# Classrooms: the rows (student count annotated), their teachers (one prefetch).
ASSIGNMENT_CHANGELIST_QUERIES = 10
CLASSROOM_CHANGELIST_QUERIES = 9


def test_assignment_change_page_links_results_and_discussion(client):
    """The Assignment admin links each quiz's results (contributed by quizzes) and the talk."""
    from tests.factories import QuizFactory

    teacher = TeacherFactory()
    classroom = ClassroomFactory(teachers=[teacher])
    assignment = AssignmentFactory(classroom=classroom)
    quiz = QuizFactory(lesson=assignment.lesson, status="published", title="Claims check")
    client.force_login(teacher)

    html = client.get(
        reverse("admin:lessons_assignment_change", args=[assignment.pk])
    ).content.decode()

    results = reverse("admin:quizzes_attempt_assignment_results", args=[assignment.pk])
    assert f'href="{results}?quiz={quiz.pk}"' in html
    assert "Results: Claims check" in html
    assert reverse("discussions:list", args=[assignment.pk]) in html

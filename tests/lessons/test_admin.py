"""The lessons admin through the Django client, as a teacher and as a superuser."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lessons.models import Assignment, ClaimLabel, Classroom, Enrollment, Lesson, Section
from lessons.services import lesson_import
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    EnrollmentFactory,
    LessonFactory,
    StudentFactory,
    TeacherFactory,
    enrolled_student,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
ARTICLE = "A Test Article\n\nFirst part\n\nOne sentence. Two sentences.\n\nSecond part\n\nThree."
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def other_teacher(db):
    return TeacherFactory(username="otherteacher")


@pytest.fixture
def own_class(teacher):
    return ClassroomFactory(name="Own class", teachers=[teacher])


@pytest.fixture
def other_class(other_teacher):
    return ClassroomFactory(name="Foreign class", teachers=[other_teacher])


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "password"))
    return client


# Lessons: changelist, import view -----------------------------------------------------


def test_lesson_changelist_links_the_import_view(teacher_client):
    LessonFactory(title="Shared library lesson")
    response = teacher_client.get(reverse("admin:lessons_lesson_changelist"))
    assert response.status_code == 200
    assert reverse("admin:lessons_lesson_import") in response.content.decode()
    assert "Shared library lesson" in response.content.decode()  # lessons are shared


def test_import_view_shows_the_form(teacher_client):
    response = teacher_client.get(reverse("admin:lessons_lesson_import"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="text"' in page and 'name="file"' in page and 'name="publish"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page


def test_import_pasted_text(teacher_client, teacher):
    response = teacher_client.post(
        reverse("admin:lessons_lesson_import"), {"text": ARTICLE, "publish": "on"}
    )
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:lessons_lesson_change", args=[lesson.pk])
    assert (lesson.title, lesson.status, lesson.created_by) == (
        "A Test Article",
        "published",
        teacher,
    )
    assert _messages(response) == [
        "Imported “A Test Article”: 2 sections, 3 sentences, as a published."
    ]


def test_import_uploaded_file_as_draft(teacher_client):
    upload = SimpleUploadedFile("article.md", "\ufeff# Title\n\nBody “text”.".encode())
    response = teacher_client.post(reverse("admin:lessons_lesson_import"), {"file": upload})
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.title, lesson.status) == ("Title", "draft")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"text": ""}, "Paste the article&#x27;s text or choose a file."),
        ({"text": "Only a title"}, "The article has a title but no paragraphs."),
        (
            {"file": SimpleUploadedFile("a.txt", b"\x89PNG\r\n\x1a\n\x00")},
            "This looks like a binary file",
        ),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, "Upload a .txt or .md file"),
        ({"file": SimpleUploadedFile("a.txt", b"")}, "The submitted file is empty."),
        (
            {"text": ARTICLE, "file": SimpleUploadedFile("a.txt", b"T\n\nBody.")},
            "Paste the text or upload a file, not both.",
        ),
    ],
)
def test_import_errors_show_in_the_page_and_create_nothing(teacher_client, data, expected):
    response = teacher_client.post(reverse("admin:lessons_lesson_import"), data)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert 'class="errornote"' in response.content.decode()
    assert not Lesson.objects.exists()


def test_import_view_refuses_students(client, student):
    client.force_login(student)
    response = client.get(reverse("admin:lessons_lesson_import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Lessons: editing sections and the bio ------------------------------------------------


def _inline_data(lesson, **changes) -> dict:
    """The Lesson change form's POST data with its section inline, as the admin renders it."""
    sections = list(lesson.sections.order_by("position"))
    data = {
        "title": lesson.title,
        "slug": lesson.slug,
        "status": lesson.status,
        "author": lesson.author,
        "author_bio": lesson.author_bio,
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, section in enumerate(sections):
        data.update(
            {
                f"sections-{index}-id": str(section.pk),
                f"sections-{index}-lesson": str(lesson.pk),
                f"sections-{index}-position": str(section.position),
                f"sections-{index}-heading": section.heading,
                f"sections-{index}-body": section.body,
            }
        )
    data.update(changes)
    return data


def test_lesson_change_page_shows_sections_and_sentence_counts(teacher_client):
    lesson = lesson_import(text=ARTICLE)
    response = teacher_client.get(reverse("admin:lessons_lesson_change", args=[lesson.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "First part" in page and "Second part" in page
    assert reverse("admin:lessons_lesson_bio_move", args=[lesson.pk, "bio"]) in page


def test_editing_a_section_body_in_the_lesson_resplits_it(teacher_client):
    lesson = lesson_import(text=ARTICLE)
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = teacher_client.post(
        url, _inline_data(lesson, **{"sections-1-body": "Three. Four and more."})
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    second = lesson.sections.get(position=2)
    assert list(second.sentences.values_list("text", flat=True)) == ["Three.", "Four and more."]


def test_editing_a_referenced_section_body_is_refused_in_the_form(teacher_client):
    lesson = lesson_import(text=ARTICLE)
    first = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=first.sentences.get(position=1))
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = teacher_client.post(
        url, _inline_data(lesson, **{"sections-0-body": "Rewritten entirely."})
    )
    assert response.status_code == 200
    assert "cannot be re-split" in response.content.decode()
    first.refresh_from_db()
    assert first.body == "One sentence. Two sentences."


def test_bio_move_buttons(teacher_client):
    lesson = lesson_import(
        text="T\n\nOne. Two.\n\nThree.\n\nAnn Lee is a British writer living in York."
    )
    to_body = reverse("admin:lessons_lesson_bio_move", args=[lesson.pk, "body"])
    assert teacher_client.get(to_body).status_code == 405
    response = teacher_client.post(to_body)
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.author_bio == ""
    assert _messages(response)[0].startswith("Moved “Ann Lee is a British writer")
    response = teacher_client.post(to_body)
    assert _messages(response)[-1] == "This lesson has no author bio to move."


# Sections: the re-split action --------------------------------------------------------


def test_resplit_action_refuses_referenced_sections_with_a_message(teacher_client):
    lesson = lesson_import(text=ARTICLE)
    labelled = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=labelled.sentences.get(position=2))
    free = lesson.sections.get(position=2)
    # Bodies edited outside the admin (or a better splitter): both need re-splitting.
    Section.objects.filter(pk=labelled.pk).update(body="One sentence. Two changed.")
    Section.objects.filter(pk=free.pk).update(body="Three. Four.")
    response = teacher_client.post(
        reverse("admin:lessons_section_changelist"),
        {"action": "resplit_sentences", "_selected_action": [labelled.pk, free.pk]},
    )
    assert response.status_code == 302
    messages = _messages(response)
    assert any("“First part” cannot be re-split" in m and "1 claim label" in m for m in messages), (
        messages
    )
    assert "Re-split 1 section." in messages
    assert free.sentences.count() == 2
    assert labelled.sentences.get(position=2).text == "Two sentences."  # untouched
    assert ClaimLabel.objects.count() == 1


def test_section_change_page_lists_sentences_read_only_and_notes(teacher_client):
    lesson = lesson_import(text=ARTICLE)
    section = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=section.sentences.get(position=1), verdict="opinion")
    response = teacher_client.get(reverse("admin:lessons_section_change", args=[section.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "One sentence." in page and "Opinion" in page
    assert 'name="sentences-0-text"' not in page  # read-only
    assert 'name="notes-TOTAL_FORMS"' in page


def test_claim_label_editable_from_the_sentence(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE)
    sentence = lesson.sections.get(position=1).sentences.get(position=1)
    url = reverse("admin:lessons_sentence_change", args=[sentence.pk])
    assert teacher_client.get(url).status_code == 200
    response = teacher_client.post(
        url,
        {
            "label-TOTAL_FORMS": "1",
            "label-INITIAL_FORMS": "0",
            "label-MIN_NUM_FORMS": "0",
            "label-MAX_NUM_FORMS": "1",
            "label-0-verdict": "unsupported",
            "label-0-explanation": "No evidence given.",
            "label-0-source_title": "",
            "label-0-source_url": "",
        },
    )
    assert response.status_code == 302
    label = ClaimLabel.objects.get(sentence=sentence)
    assert (label.verdict, label.author) == ("unsupported", teacher)
    sentence.refresh_from_db()
    assert sentence.text == "One sentence."


def test_sentence_pages_count_paragraphs_from_one(teacher_client):
    """Teachers read "paragraph 1" for the first paragraph, not the stored index 0."""
    lesson = lesson_import(text=ARTICLE)
    sentence = lesson.sections.get(position=1).sentences.get(position=1)
    assert sentence.paragraph == 0
    page = teacher_client.get(
        reverse("admin:lessons_sentence_change", args=[sentence.pk])
    ).content.decode()
    assert re.search(r'Paragraph:</label>\s*<div class="readonly">1</div>', page)
    section_page = teacher_client.get(
        reverse("admin:lessons_section_change", args=[sentence.section_id])
    ).content.decode()
    assert re.search(r'<td class="field-paragraph_number">\s*<p>1</p>', section_page)


def test_sentence_search(teacher_client):
    lesson_import(text=ARTICLE)
    response = teacher_client.get(reverse("admin:lessons_sentence_changelist"), {"q": "Three"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_claim_label_filters(teacher_client):
    ClaimLabelFactory(verdict="opinion")
    ClaimLabelFactory(verdict="inaccurate")
    url = reverse("admin:lessons_claimlabel_changelist")
    assert teacher_client.get(url, {"verdict__exact": "opinion"}).context["cl"].result_count == 1


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


def test_roster_upload_reports_row_by_row(teacher_client, own_class):
    StudentFactory(username="known")
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
    assert _messages(response) == [f"Own class: the new join code is {own_class.join_code}."]


def test_student_autocomplete_is_scoped_to_own_classes(teacher_client, own_class, other_class):
    enrolled_student(own_class, username="mine")
    enrolled_student(other_class, username="theirs")
    response = teacher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "lessons", "model_name": "enrollment", "field_name": "student", "term": ""},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["mine"]


def test_teachers_cannot_browse_users(teacher_client):
    assert teacher_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    response = teacher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "lessons", "model_name": "assignment", "field_name": "assigned_by"},
    )
    assert response.status_code == 403


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


def _dates(days=7) -> dict:
    """Opening and due times as the assign action's datetime-local inputs send them."""
    opens = timezone.localtime() + timedelta(hours=1)
    return {
        "opens_at": opens.strftime(DATETIME_LOCAL),
        "due_at": (opens + timedelta(days=days)).strftime(DATETIME_LOCAL),
    }


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


def test_assign_action_shows_an_intermediate_page(teacher_client, own_class, other_class):
    lesson = LessonFactory(title="To assign")
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {"action": "assign_to_class", "_selected_action": [lesson.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "To assign" in page
    assert "Own class" in page and "Foreign class" not in page
    assert 'type="datetime-local"' in page
    assert not Assignment.objects.exists()


def test_assign_action_creates_assignments(teacher_client, teacher, own_class):
    lessons = [LessonFactory(title="A"), LessonFactory(title="B")]
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {
            "action": "assign_to_class",
            "_selected_action": [lesson.pk for lesson in lessons],
            "apply": "1",
            "classroom": own_class.pk,
            **_dates(),
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(classroom=own_class, assigned_by=teacher).count() == 2
    assert _messages(response) == ["Assigned to Own class: “A”, “B”."]


def test_assign_action_with_a_foreign_class_id_is_a_form_error(
    teacher_client, own_class, other_class
):
    lesson = LessonFactory()
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {
            "action": "assign_to_class",
            "_selected_action": [lesson.pk],
            "apply": "1",
            "classroom": other_class.pk,
            **_dates(),
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assign_action_reports_each_refused_lesson(teacher_client, own_class):
    already = LessonFactory(title="Already")
    AssignmentFactory(lesson=already, classroom=own_class)
    draft = LessonFactory(title="Draft", status="draft")
    fresh = LessonFactory(title="Fresh")
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {
            "action": "assign_to_class",
            "_selected_action": [already.pk, draft.pk, fresh.pk],
            "apply": "1",
            "classroom": own_class.pk,
            **_dates(),
        },
    )
    messages = _messages(response)
    assert "“Already” is already assigned to “Own class”." in messages
    assert "“Draft” is a draft. Publish it before assigning it to a class." in messages
    assert "Assigned to Own class: “Fresh”." in messages


def test_assign_action_without_classes_says_what_to_do(teacher_client):
    lesson = LessonFactory()
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {"action": "assign_to_class", "_selected_action": [lesson.pk]},
    )
    assert response.status_code == 302
    assert _messages(response) == [
        "You teach no classes yet. Add a class first, then assign lessons to it."
    ]


# Query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_assignment_changelist_query_count(
    teacher_client, teacher, rows, django_assert_num_queries
):
    classroom = ClassroomFactory(teachers=[teacher])
    for _ in range(rows):
        AssignmentFactory(classroom=classroom, assigned_by=teacher)
    with django_assert_num_queries(ASSIGNMENT_CHANGELIST_QUERIES):
        response = teacher_client.get(reverse("admin:lessons_assignment_changelist"))
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_classroom_changelist_query_count(teacher_client, teacher, rows, django_assert_num_queries):
    other = TeacherFactory()
    for number in range(rows):
        classroom = ClassroomFactory(teachers=[teacher, other])
        for _ in range(3 if number % 2 else 1):
            EnrollmentFactory(classroom=classroom)
    with django_assert_num_queries(CLASSROOM_CHANGELIST_QUERIES):
        response = teacher_client.get(reverse("admin:lessons_classroom_changelist"))
    assert response.context["cl"].result_count == rows


# The same for 1 and 30 rows. Both: session, user, the user's and the group's permissions,
# the Teachers-group check, the filtered and total counts. Assignments: the class filter's
# choices, the lesson filter's choices, the rows (lesson, class and assigner joined).
# Classrooms: the rows (student count annotated), their teachers (one prefetch).
ASSIGNMENT_CHANGELIST_QUERIES = 10
CLASSROOM_CHANGELIST_QUERIES = 9


def test_discussion_admins_are_registered_on_the_site(teacher_client):
    for name in ("thread", "post"):
        response = teacher_client.get(reverse(f"admin:lessons_{name}_changelist"))
        assert response.status_code == 200, name


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
    assert reverse("lessons:discussion", args=[assignment.pk]) in html

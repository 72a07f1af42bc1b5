"""Forms of the lessons admin (lessons.admin.forms): refusals as form errors, with codes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lessons.admin.forms import (
    AssignLessonForm,
    AssignmentAdminForm,
    LessonImportForm,
    RosterUploadForm,
    SectionAdminForm,
)
from lessons.importing import MAX_IMPORT_BYTES
from lessons.models import Classroom
from lessons.roster_csv import MAX_ROSTER_BYTES
from lessons.services.text_edits import section_resplit
from tests.factories import ClaimLabelFactory, ClassroomFactory, LessonFactory, SectionFactory


def _codes(form, field="__all__") -> list[str]:
    form.is_valid()
    return [error.code for error in form.errors.as_data().get(field, [])]


def test_import_takes_pasted_text_or_a_file_but_not_both():
    assert LessonImportForm({"text": "T\n\nBody."}).is_valid()
    upload = SimpleUploadedFile("a.md", "T\n\nBody “text”.".encode())
    form = LessonImportForm({}, {"file": upload})
    assert form.is_valid() and form.cleaned_data["article_text"] == "T\n\nBody “text”."
    assert form.source_field == "file"
    both = LessonImportForm({"text": "T\n\nBody."}, {"file": SimpleUploadedFile("a.txt", b"T")})
    assert _codes(both) == ["text_and_file"]
    assert _codes(LessonImportForm({"text": "  "})) == ["empty"]


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4"), "bad_extension"),
        (SimpleUploadedFile("a.txt", b"x" * (MAX_IMPORT_BYTES + 1)), "too_large"),
        (SimpleUploadedFile("a.txt", b"T\n\n\x00"), "binary"),
    ],
)
def test_import_file_refusals(upload, code):
    form = LessonImportForm({}, {"file": upload})
    assert code in _codes(form, "file") + _codes(form)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("r.xlsx", b"PK"), "bad_extension"),
        (SimpleUploadedFile("r.csv", b"x" * (MAX_ROSTER_BYTES + 1)), "too_large"),
    ],
)
def test_roster_upload_refusals(upload, code):
    assert _codes(RosterUploadForm({}, {"file": upload}), "file") == [code]


@pytest.mark.django_db
def test_assign_lesson_form_needs_the_due_date_after_the_opening():
    classroom = ClassroomFactory()
    opens = timezone.localtime().replace(second=0, microsecond=0)
    data = {"classroom": classroom.pk, "opens_at": opens, "due_at": opens}
    form = AssignLessonForm(data, classrooms=Classroom.objects.all())
    assert _codes(form, "due_at") == ["due_before_open"]
    data["due_at"] = opens + timedelta(days=1)
    assert AssignLessonForm(data, classrooms=Classroom.objects.all()).is_valid()


@pytest.mark.django_db
def test_assignment_form_puts_each_refusal_on_its_field(teacher):
    classroom = ClassroomFactory(teachers=[teacher])
    draft = LessonFactory(status="draft")
    opens = timezone.now()
    form_class = type("Form", (AssignmentAdminForm,), {"teacher": teacher})
    form = form_class(
        {
            "lesson": draft.pk,
            "classroom": classroom.pk,
            "opens_at": opens,
            "due_at": opens + timedelta(days=1),
        }
    )
    assert _codes(form, "lesson") == ["lesson_not_published"]


@pytest.mark.django_db
def test_section_form_refuses_a_body_edit_that_changes_a_referenced_sentence():
    section = SectionFactory(body="Alpha is first. Beta is second.")
    section_resplit(section=section)
    ClaimLabelFactory(sentence=section.sentences.get(position=1))
    data = {"position": section.position, "heading": section.heading}
    refused = SectionAdminForm({**data, "body": "Alpha changed. Beta is second."}, instance=section)
    assert _codes(refused, "body") == ["sentences_referenced"]
    kept = SectionAdminForm({**data, "body": "Alpha is first. Beta changed."}, instance=section)
    assert kept.is_valid()

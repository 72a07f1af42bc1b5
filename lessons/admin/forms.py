"""Forms of the lessons admin: importing, rosters, assigning, and editing section bodies.

Validation that is a rule of the domain lives in ``lessons.services``; these forms call
it so that a refusal shows as a form error in the page instead of a 500 or a half save.
"""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from lessons.admin.ownership import GuardedMaterialForm
from lessons.forms import AssignmentDatesForm
from lessons.importing import MAX_IMPORT_BYTES, decode_article_bytes
from lessons.models import Assignment, Lesson, Section
from lessons.roster_csv import MAX_ROSTER_BYTES, MAX_ROSTER_ROWS
from lessons.services.assignments import assignment_validate
from lessons.services.text_edits import section_check_body_change

ARTICLE_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
ROSTER_EXTENSIONS = (".csv", ".txt")


def _check_extension(upload, allowed: tuple[str, ...], what: str) -> None:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            "Upload %(what)s file ending in %(allowed)s (this one is “%(name)s”).",
            code="bad_extension",
            params={"what": what, "allowed": " or ".join(allowed), "name": upload.name},
        )


class LessonImportForm(forms.Form):
    """Paste an article or upload it as a .txt/.md file (exactly one of the two)."""

    text = forms.CharField(
        label="Article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80, "spellcheck": "false"}),
        help_text="First line: the title. Then headings on lines of their own (or Markdown "
        "# headings) and paragraphs separated by blank lines.",
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ARTICLE_EXTENSIONS)}),
        help_text=f"Plain text or Markdown (UTF-8), at most {MAX_IMPORT_BYTES // 1000} kB.",
    )
    publish = forms.BooleanField(
        label="Publish now",
        required=False,
        help_text="Leave unticked to import a draft you can check and edit first.",
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if self.errors:
            return cleaned
        if text.strip() and upload:
            raise ValidationError(
                "Paste the text or upload a file, not both.", code="text_and_file"
            )
        if upload:
            _check_extension(upload, ARTICLE_EXTENSIONS, "a .txt or .md")
            if upload.size > MAX_IMPORT_BYTES:
                self.add_error(
                    "file",
                    ValidationError(
                        "The file is %(size)s bytes; the limit is %(limit)s bytes.",
                        code="too_large",
                        params={"size": f"{upload.size:,}", "limit": f"{MAX_IMPORT_BYTES:,}"},
                    ),
                )
                return cleaned
            try:
                cleaned["article_text"] = decode_article_bytes(upload.read())
            except ValidationError as error:
                self.add_error("file", error)
        elif text.strip():
            cleaned["article_text"] = text
        else:
            raise ValidationError("Paste the article's text or choose a file.", code="empty")
        return cleaned

    @property
    def source_field(self) -> str:
        """The field an import error belongs to: the file if one was given, else the text."""
        return "file" if self.cleaned_data.get("file") else "text"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster CSV",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=(
            "A header row, then one student per row. Columns: username (required), first "
            "name, last name, email, in any order. UTF-8 CSV (“CSV UTF-8” in spreadsheets), "
            f"at most {MAX_ROSTER_ROWS} students."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_extension(upload, ROSTER_EXTENSIONS, "a .csv")
        if upload.size > MAX_ROSTER_BYTES:
            raise ValidationError(
                "The file is %(size)s bytes; a roster may be at most %(limit)s bytes.",
                code="too_large",
                params={"size": f"{upload.size:,}", "limit": f"{MAX_ROSTER_BYTES:,}"},
            )
        return upload


class AssignLessonForm(AssignmentDatesForm):
    """The intermediate page of the "Assign to a class…" action on lessons: the class,
    then the dates and the discussion switch as the teaching pages ask for them."""

    classroom = forms.ModelChoiceField(
        label="Class",
        queryset=None,
        empty_label=None,
        help_text="Only the classes you teach are listed.",
    )
    field_order = ["classroom", "opens_at", "due_at", "discussion_post_first"]

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = classrooms


# Where each refusal of assignment_validate shows in the Assignment form. Putting an
# error on a field also stops Django's own constraint messages about that field.
_ASSIGNMENT_ERROR_FIELDS = {
    "not_your_class": "classroom",
    "lesson_not_published": "lesson",
    "due_before_open": "due_at",
    "already_assigned": "lesson",
}


class AssignmentAdminForm(forms.ModelForm):
    """Assignment change form; ``teacher`` is set by the admin to the signed-in user."""

    teacher = None

    class Meta:
        model = Assignment
        fields = ["lesson", "classroom", "opens_at", "due_at", "discussion_post_first"]

    def clean(self):
        cleaned = super().clean()
        needed = ("lesson", "classroom", "opens_at", "due_at")
        if any(cleaned.get(name) is None for name in needed):
            return cleaned  # the missing field has its own error already
        try:
            assignment_validate(
                teacher=self.teacher,
                lesson=cleaned["lesson"],
                classroom=cleaned["classroom"],
                opens_at=cleaned["opens_at"],
                due_at=cleaned["due_at"],
                assignment=self.instance,
            )
        except ValidationError as error:
            self.add_error(_ASSIGNMENT_ERROR_FIELDS.get(error.code), error)
        return cleaned


class SectionAdminForm(forms.ModelForm):
    """A section's heading and body; a body edit that would change referenced sentences
    is refused here, before anything is saved (the admin re-splits after saving).

    A position already taken by another section of the lesson is refused here too, on the
    section's own page; in the lesson's list of sections the formset checks positions
    together (:class:`SectionInlineFormSet`), so that two sections may swap places.
    """

    class Meta:
        model = Section
        fields = ["position", "heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "cols": 90})}

    #: Set by SectionInlineFormSet: its forms' positions are checked together.
    positions_checked_by_formset = False

    def _get_validation_exclusions(self):
        # Django checks UniqueConstraint(lesson, position) only when both fields are in the
        # form; the checks below cover the other cases with a message instead of a 500.
        exclude = super()._get_validation_exclusions()
        exclude.add("position")
        return exclude

    def clean(self):
        cleaned = super().clean()
        position = cleaned.get("position")
        lesson = cleaned.get("lesson") or getattr(self.instance, "lesson", None)
        if self.positions_checked_by_formset or position is None or lesson is None:
            return cleaned
        taken = lesson.sections.filter(position=position).exclude(pk=self.instance.pk)
        if lesson.pk and taken.exists():
            self.add_error("position", _position_taken_message(position))
        return cleaned

    def clean_body(self):
        body = self.cleaned_data["body"]
        if self.instance.pk and "body" in self.changed_data:
            section_check_body_change(section=self.instance, body=body)
        return body


def _position_taken_message(position: int) -> str:
    return (
        f"Another section of this lesson is already at position {position}. "
        "Give each section its own number (or move the other one in the same save)."
    )


class SectionInlineFormSet(forms.BaseInlineFormSet):
    """A lesson's sections, whose positions are checked together: what the lesson will
    hold after the save (the rows posted plus any section not in the form) must number
    each section differently. Saving goes through :func:`section_formset_save`."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.positions_checked_by_formset = True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        posted = [form for form in self.forms if form.cleaned_data]
        kept = [form for form in posted if not self._should_delete_form(form)]
        in_form = {form.instance.pk for form in posted if form.instance.pk}
        positions = [form.cleaned_data.get("position") for form in kept]
        if self.instance.pk:
            positions += list(
                self.instance.sections.exclude(pk__in=in_form).values_list("position", flat=True)
            )
        seen = set()
        for position in positions:
            if position is not None and position in seen:
                raise ValidationError(_position_taken_message(position), code="position_taken")
            seen.add(position)


def section_formset_save(formset) -> None:
    """Save a lesson's section formset whose rows may swap or take a deleted row's place.

    The database checks the unique (lesson, position) row by row, so deleted rows go
    first and every moved row is lifted above the positions in use before any is saved.
    """
    formset.save(commit=False)
    for section in formset.deleted_objects:
        section.delete()
    moved = [section for section, fields in formset.changed_objects if "position" in fields]
    if moved:
        lesson = formset.instance
        top = lesson.sections.aggregate(top=models.Max("position"))["top"] or 0
        Section.objects.filter(pk__in=[s.pk for s in moved]).update(
            position=models.F("position") + top + 1
        )
    for section, _fields in formset.changed_objects:
        section.save()
    for section in formset.new_objects:
        section.save()
    formset.save_m2m()


def _https_by_default(field, **kwargs):
    """Sources are typed without a scheme as often as not: assume https, not http."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class LessonAdminForm(GuardedMaterialForm):
    """The lesson's own fields; taking it back to draft is guarded (lessons.admin.ownership)."""

    what = "this lesson"

    class Meta:
        model = Lesson
        fields = "__all__"
        formfield_callback = _https_by_default

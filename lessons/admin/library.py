"""The lesson library in the admin: lessons, sections, sentences, claim labels, notes.

The library is shared: every teacher sees every lesson. Teachers import articles
(paste or upload), correct the text (a section body edit re-splits its sentences; one
that would change a referenced sentence is refused in the form), move a paragraph
between the text and the author bio, label claims, write notes, and assign lessons to
their classes with the "Assign to a class…" action.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator

from lessons.admin.forms import AssignLessonForm, LessonImportForm, SectionAdminForm
from lessons.admin.pages import extra_admin_path, form_page_context
from lessons.models import ClaimLabel, Lesson, Section, Sentence, TeacherNote
from lessons.roles import is_teacher
from lessons.selectors import classrooms_taught_by
from lessons.services.assignments import assignment_create
from lessons.services.lesson_import import lesson_import_with_report
from lessons.services.text_edits import BioMove, bio_move_paragraph, section_resplit

# Sources are typed without a scheme as often as not; assume the secure one (Django 6's
# default) rather than http.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


# Lessons ------------------------------------------------------------------------------


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionAdminForm
    fields = ("position", "heading", "body", "sentence_count")
    readonly_fields = ("sentence_count",)
    extra = 0
    show_change_link = True
    ordering = ("position",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sentence_total=Count("sentences"))

    @admin.display(description="sentences")
    def sentence_count(self, section):
        if section.pk is None:
            return "Split from the body when you save."
        return section.sentence_total


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "status", "author", "section_count", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "author", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "status")}),
        ("Source", {"fields": ("author", "publication", "source_url", "published_on")}),
        (
            "Author bio",
            {
                "fields": ("author_bio",),
                "description": "If the importer took the last paragraph for a bio, or missed "
                "the bio, use “Move bio into the text” or “Move last paragraph into the bio” "
                "at the top of this page: the last section's sentences are re-split.",
            },
        ),
        ("Record", {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = (SectionInline,)
    actions = ("assign_to_class",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    @admin.display(description="sections", ordering="section_total")
    def section_count(self, lesson):
        return lesson.section_total

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Section:
            changed = [section for section, fields in formset.changed_objects if "body" in fields]
            for section in [*formset.new_objects, *changed]:
                # The form refused body edits that would change referenced sentences.
                section_resplit(section=section)

    # Import view -------------------------------------------------------------------

    def get_urls(self):
        return [
            extra_admin_path(self, "import/", self.import_view, "import"),
            extra_admin_path(
                self, "<path:object_id>/bio/<str:direction>/", self.bio_move_view, "bio_move"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Paste or upload an article; on success go to the new lesson's change page."""
        if not self.has_add_permission(request):
            raise PermissionDenied("You may not add lessons.")
        if request.method == "POST":
            form = LessonImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = lesson_import_with_report(
                        text=form.cleaned_data["article_text"],
                        created_by=request.user,
                        status=Lesson.Status.PUBLISHED
                        if form.cleaned_data["publish"]
                        else Lesson.Status.DRAFT,
                    )
                except ValidationError as error:
                    form.add_error(form.source_field, error)
                else:
                    lesson = report.lesson
                    self.log_addition(request, lesson, [{"added": {}}])
                    messages.success(request, report.summary)
                    return HttpResponseRedirect(
                        reverse("admin:lessons_lesson_change", args=[lesson.pk])
                    )
        else:
            form = LessonImportForm()
        context = form_page_context(
            self, request, title="Import a lesson", form=form, submit_label="Import"
        )
        return TemplateResponse(request, "admin/lessons/lesson/import.html", context)

    def bio_move_view(self, request, object_id, direction):
        """POST: move a paragraph between the last section and the author bio."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        lesson = self.get_object(request, unquote(object_id))
        if lesson is None:
            raise Http404("No lesson has this address.")
        if not self.has_change_permission(request, lesson):
            raise PermissionDenied("You may not change this lesson.")
        try:
            moved = bio_move_paragraph(lesson=lesson, to=direction)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            where = "into the author bio" if direction == BioMove.TO_BIO else "into the text"
            messages.success(
                request, f"Moved “{Truncator(moved).chars(60)}” {where}; sentences re-split."
            )
        return HttpResponseRedirect(reverse("admin:lessons_lesson_change", args=[lesson.pk]))

    # Assign action -----------------------------------------------------------------

    def has_assign_permission(self, request):
        return is_teacher(request.user) and request.user.has_perm("lessons.add_assignment")

    @admin.action(description="Assign to a class…", permissions=["assign"])
    def assign_to_class(self, request, queryset):
        """Intermediate page: choose one of your classes and the dates, then assign."""
        classrooms = classrooms_taught_by(request.user)
        if not classrooms.exists():
            messages.warning(
                request, "You teach no classes yet. Add a class first, then assign lessons to it."
            )
            return None
        form = AssignLessonForm(
            request.POST if "apply" in request.POST else None, classrooms=classrooms
        )
        if form.is_valid():
            classroom = form.cleaned_data["classroom"]
            assigned = []
            for lesson in queryset:
                try:
                    assignment_create(
                        teacher=request.user,
                        lesson=lesson,
                        classroom=classroom,
                        opens_at=form.cleaned_data["opens_at"],
                        due_at=form.cleaned_data["due_at"],
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    assigned.append(lesson.title)
            if assigned:
                messages.success(
                    request,
                    f"Assigned to {classroom}: " + ", ".join(f"“{t}”" for t in assigned) + ".",
                )
            return None
        context = form_page_context(
            self,
            request,
            title="Assign to a class",
            form=form,
            submit_label="Assign",
            lessons=queryset,
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(request, "admin/lessons/lesson/assign.html", context)


# Sections and sentences ---------------------------------------------------------------


class _SentenceColumns:
    """Read-only columns of a sentence shown by both its inline and its own admin."""

    @admin.display(description="paragraph")
    def paragraph_number(self, sentence):
        """The paragraph as a reader counts it (1 is the first); the field counts from 0."""
        return sentence.paragraph + 1

    @admin.display(description="claim label")
    def verdict(self, sentence):
        label = getattr(sentence, "label", None)
        return label.get_verdict_display() if label else "—"


class SentenceInline(_SentenceColumns, admin.TabularInline):
    """A section's sentences, read-only: they change only by re-splitting the body."""

    model = Sentence
    fields = ("position", "paragraph_number", "text", "verdict")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("position",)
    verbose_name_plural = "sentences (edit the body and save, or use “Re-split sentences”)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("label")

    def has_add_permission(self, request, obj=None):
        return False


class SectionNoteFormSet(BaseInlineFormSet):
    """Teacher notes of a section: a note may point only at a sentence of that section."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "sentence" in form.fields:
            form.fields["sentence"].queryset = (
                Sentence.objects.filter(section=self.instance)
                if self.instance.pk
                else Sentence.objects.none()
            )


class TeacherNoteInline(admin.StackedInline):
    model = TeacherNote
    formset = SectionNoteFormSet
    fields = ("kind", "sentence", "body")
    extra = 0
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 4})}}


def _set_author_on_new_rows(request, formset) -> None:
    for instance in formset.save(commit=False):
        if instance.pk is None and hasattr(instance, "author_id") and not instance.author_id:
            instance.author = request.user
        instance.save()
    for obj in formset.deleted_objects:
        obj.delete()
    formset.save_m2m()


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    form = SectionAdminForm
    list_display = ("__str__", "lesson", "position", "sentence_count")
    list_filter = ("lesson",)
    list_select_related = ("lesson",)
    search_fields = ("heading", "body", "lesson__title")
    ordering = ("lesson__title", "lesson_id", "position")
    fields = ("lesson", "position", "heading", "body")
    inlines = (SentenceInline, TeacherNoteInline)
    actions = ("resplit_sentences",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sentence_total=Count("sentences"))

    def get_readonly_fields(self, request, obj=None):
        return ("lesson",) if obj else ()

    @admin.display(description="sentences", ordering="sentence_total")
    def sentence_count(self, section):
        return section.sentence_total

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "body" in form.changed_data:
            # The form refused a body edit that would change referenced sentences.
            section_resplit(section=obj)

    def save_formset(self, request, form, formset, change):
        _set_author_on_new_rows(request, formset)

    @admin.action(description="Re-split sentences", permissions=["change"])
    def resplit_sentences(self, request, queryset):
        """Split each selected section's body again; refuse those with referenced sentences."""
        done = 0
        for section in queryset.select_related("lesson"):
            try:
                count = section_resplit(section=section)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                done += 1
                messages.info(request, f"“{section}” of “{section.lesson}”: {count} sentences.")
        if done:
            messages.success(request, f"Re-split {done} section{'s' if done != 1 else ''}.")


class ClaimLabelInline(admin.StackedInline):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = ClaimLabel
    fields = ("verdict", "explanation", "source_title", "source_url")
    extra = 1
    max_num = 1


@admin.register(Sentence)
class SentenceAdmin(_SentenceColumns, admin.ModelAdmin):
    """A sentence and its claim label. The text itself changes only by re-splitting."""

    list_display = ("short_text", "section", "lesson", "position", "verdict")
    list_select_related = ("section__lesson", "label")
    list_filter = ("label__verdict", "section__lesson")
    search_fields = ("text", "section__heading", "section__lesson__title")
    ordering = ("section__lesson__title", "section__lesson_id", "section__position", "position")
    fields = ("lesson", "section", "position", "paragraph_number", "text")
    readonly_fields = fields
    inlines = (ClaimLabelInline,)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="sentence")
    def short_text(self, sentence):
        return Truncator(sentence.text).chars(90)

    @admin.display(description="lesson")
    def lesson(self, sentence):
        return sentence.section.lesson

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section__lesson", "label")

    def save_formset(self, request, form, formset, change):
        _set_author_on_new_rows(request, formset)


@admin.register(ClaimLabel)
class ClaimLabelAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("sentence", "verdict", "lesson", "updated_at")
    list_filter = ("verdict", ("sentence__section__lesson", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("sentence__section__lesson",)
    search_fields = ("sentence__text", "explanation", "source_title")
    autocomplete_fields = ("sentence",)
    fields = ("sentence", "verdict", "explanation", "source_title", "source_url", "author")
    readonly_fields = ("author",)

    @admin.display(description="lesson", ordering="sentence__section__lesson__title")
    def lesson(self, label):
        return label.sentence.section.lesson

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(TeacherNote)
class TeacherNoteAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "section", "lesson", "updated_at")
    list_filter = ("kind", ("section__lesson", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("section__lesson",)
    search_fields = ("body", "section__heading", "section__lesson__title")
    autocomplete_fields = ("section", "sentence")
    fields = ("section", "sentence", "kind", "body", "author", "created_at", "updated_at")
    readonly_fields = ("author", "created_at", "updated_at")

    @admin.display(description="lesson", ordering="section__lesson__title")
    def lesson(self, note):
        return note.section.lesson

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

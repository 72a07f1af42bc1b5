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

from lessons.admin.forms import (
    AssignLessonForm,
    LessonAdminForm,
    LessonImportForm,
    SectionAdminForm,
    SectionInlineFormSet,
    section_formset_save,
)
from lessons.admin.ownership import EditorsOnly, teacher_choices
from lessons.admin.pages import extra_admin_path, form_page_context
from lessons.models import ClaimLabel, Lesson, Section, Sentence, TeacherNote
from lessons.ownership import editable_by
from lessons.roles import is_teacher
from lessons.selectors import classrooms_taught_by
from lessons.services.assignments import assignment_create
from lessons.services.copies import lesson_duplicate
from lessons.services.lesson_import import lesson_import_with_report
from lessons.services.publishing import lesson_set_status
from lessons.services.text_edits import BioMove, bio_move_paragraph, section_resplit

# Sources are typed without a scheme as often as not; assume the secure one (Django 6's
# default) rather than http.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


# Lessons ------------------------------------------------------------------------------


class SectionInline(EditorsOnly, admin.StackedInline):
    model = Section
    form = SectionAdminForm
    formset = SectionInlineFormSet
    fields = ("position", "kind", "heading", "body", "sentence_count")
    readonly_fields = ("kind", "sentence_count")
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
class LessonAdmin(EditorsOnly, admin.ModelAdmin):
    form = LessonAdminForm
    open_actions = ("assign_to_class", "duplicate_to_edit")
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "status", "author", "section_count", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "author", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "status")}),
        ("Source", {"fields": ("author", "publication", "source_url", "published_on")}),
        ("Who may change it", {"fields": ("owner", "co_editors")}),
        ("Record", {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = (SectionInline,)
    actions = ("publish", "unpublish", "assign_to_class", "duplicate_to_edit")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    @admin.action(description="Publish selected lessons", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Lesson.Status.PUBLISHED)

    @admin.action(description="Unpublish selected lessons (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Lesson.Status.DRAFT)

    def _set_status(self, request, queryset, status: str) -> None:
        """Publish or unpublish each lesson under lessons.services.publishing's rule; a
        lesson the editor's own classes use is unpublished only on its page, confirmed."""
        done = []
        for lesson in queryset.exclude(status=status):
            try:
                lesson_set_status(lesson=lesson, editor=request.user, status=status)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done.append(lesson.title)
        if done:
            verb = "Published" if status == Lesson.Status.PUBLISHED else "Took back to draft"
            self.message_user(
                request, f"{verb}: " + ", ".join(f"“{t}”" for t in done) + ".", messages.SUCCESS
            )

    @admin.display(description="sections", ordering="section_total")
    def section_count(self, lesson):
        return lesson.section_total

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The bio buttons: "Move bio into the text" only when there is a bio section.
        has_bio = Section.objects.filter(
            lesson_id=unquote(object_id) if str(object_id).isdigit() else None,
            kind=Section.Kind.AUTHOR_BIO,
        ).exists()
        extra_context = {**(extra_context or {}), "has_author_bio": has_bio}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.status == Lesson.Status.PUBLISHED:
            fieldsets = (
                *fieldsets,
                ("Before taking it back to draft", {"fields": ("confirm_affected",)}),
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Only a superuser hands a lesson to another owner; the owner names co-editors.
        return fields if request.user.is_superuser else (*fields, "owner")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user  # get_form builds a new class per request
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "co_editors":
            kwargs["queryset"] = teacher_choices()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.owner = obj.owner or request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Duplicate to edit (your own draft copy)")
    def duplicate_to_edit(self, request, queryset):
        copies = [lesson_duplicate(lesson=lesson, owner=request.user) for lesson in queryset]
        if len(copies) == 1:
            self.message_user(
                request, f"“{copies[0].title}” is your copy to edit.", messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:lessons_lesson_change", args=[copies[0].pk]))
        self.message_user(request, f"{len(copies)} copies made, each yours to edit.")
        return None

    def save_formset(self, request, form, formset, change):
        if formset.model is not Section:
            super().save_formset(request, form, formset, change)
            return
        section_formset_save(formset)
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
        """POST: move a paragraph between the end of the text and the author bio section."""
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
            where = (
                "into the author bio (“About the author”)"
                if direction == BioMove.TO_BIO
                else "into the text"
            )
            messages.success(
                request, f"Moved “{Truncator(moved).chars(60)}” {where}; sentences re-split."
            )
        return HttpResponseRedirect(reverse("admin:lessons_lesson_change", args=[lesson.pk]))

    # Assign action -----------------------------------------------------------------

    def has_assign_permission(self, request):
        return is_teacher(request.user) and request.user.has_perm("lessons.add_assignment")

    @admin.action(description="Assign to a class…", permissions=["assign"])
    def assign_to_class(self, request, queryset):
        """Intermediate page: choose one of your classes and the dates, then assign.

        A single draft goes to the teacher's own assign page, which publishes it in the
        same step ("Publish and assign"); of several lessons, drafts are left out before
        any date is typed, so nothing typed is lost to a refusal.
        """
        classrooms = classrooms_taught_by(request.user)
        if not classrooms.exists():
            messages.warning(
                request, "You teach no classes yet. Add a class first, then assign lessons to it."
            )
            return None
        drafts = [lesson for lesson in queryset if lesson.status != Lesson.Status.PUBLISHED]
        if len(drafts) == 1 and queryset.count() == 1:
            url = reverse("lessons:assignment_new")
            return HttpResponseRedirect(f"{url}?lesson={drafts[0].pk}")
        if drafts:
            messages.warning(
                request,
                "Left out, as drafts students cannot see: "
                + ", ".join(f"“{lesson.title}”" for lesson in drafts)
                + ". Publish them first (“Publish selected lessons”), or use “Publish and "
                "assign” on the teaching pages.",
            )
            queryset = queryset.filter(status=Lesson.Status.PUBLISHED)
            if not queryset.exists():
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
                        discussion_post_first=form.cleaned_data["discussion_post_first"],
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


class SentenceInline(EditorsOnly, _SentenceColumns, admin.TabularInline):
    def material(self, section):
        return section.lesson

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


class TeacherNoteInline(EditorsOnly, admin.StackedInline):
    def material(self, section):
        return section.lesson

    model = TeacherNote
    formset = SectionNoteFormSet
    fields = ("kind", "sentence", "body", "source")
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
class SectionAdmin(EditorsOnly, admin.ModelAdmin):
    def material(self, section):
        return section.lesson

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lesson":
            kwargs["queryset"] = editable_by(request.user, Lesson.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    form = SectionAdminForm
    list_display = ("__str__", "lesson", "position", "sentence_count")
    list_filter = ("lesson",)
    list_select_related = ("lesson",)
    search_fields = ("heading", "body", "lesson__title")
    ordering = ("lesson__title", "lesson_id", "position")
    fields = ("lesson", "position", "kind", "heading", "body")
    inlines = (SentenceInline, TeacherNoteInline)
    actions = ("resplit_sentences",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sentence_total=Count("sentences"))

    def get_readonly_fields(self, request, obj=None):
        # The bio section is made and emptied by the lesson's bio buttons, which keep it last.
        return ("lesson", "kind") if obj else ("kind",)

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


#: A claim label's fields as a teacher fills them in: verdict and why, where to check,
#: what would settle it, and whether it is a judgement call.
CLAIM_LABEL_FIELDS = (
    "verdict",
    "explanation",
    "source_title",
    "source_url",
    "evidence",
    "contested",
    "contested_reason",
    "alternative_verdict",
)


class ClaimLabelInline(EditorsOnly, admin.StackedInline):
    def material(self, sentence):
        return sentence.section.lesson

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = ClaimLabel
    fields = CLAIM_LABEL_FIELDS
    extra = 1
    max_num = 1


@admin.register(Sentence)
class SentenceAdmin(EditorsOnly, _SentenceColumns, admin.ModelAdmin):
    def material(self, sentence):
        return sentence.section.lesson

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
class ClaimLabelAdmin(EditorsOnly, admin.ModelAdmin):
    def material(self, label):
        return label.sentence.section.lesson

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("sentence", "verdict", "contested", "lesson", "updated_at")
    list_filter = (
        "verdict",
        "contested",
        ("sentence__section__lesson", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("sentence__section__lesson",)
    search_fields = ("sentence__text", "explanation", "source_title")
    autocomplete_fields = ("sentence",)
    fields = ("sentence", *CLAIM_LABEL_FIELDS, "author")
    readonly_fields = ("author",)

    @admin.display(description="lesson", ordering="sentence__section__lesson__title")
    def lesson(self, label):
        return label.sentence.section.lesson

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(TeacherNote)
class TeacherNoteAdmin(EditorsOnly, admin.ModelAdmin):
    def material(self, note):
        return note.section.lesson

    list_display = ("__str__", "kind", "section", "lesson", "updated_at")
    list_filter = ("kind", ("section__lesson", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("section__lesson",)
    search_fields = ("body", "section__heading", "section__lesson__title")
    autocomplete_fields = ("section", "sentence")
    fields = (
        "section",
        "sentence",
        "kind",
        "body",
        "source",
        "author",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("author", "created_at", "updated_at")

    @admin.display(description="lesson", ordering="section__lesson__title")
    def lesson(self, note):
        return note.section.lesson

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

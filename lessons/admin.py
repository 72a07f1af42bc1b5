"""The lessons admin: where teachers import and annotate lessons and run their classes.

Lessons, sections, sentences, teacher notes and claim labels are a shared library that
every teacher sees. Classrooms, enrolments and assignments are scoped: a teacher sees and
opens only those of the classes they teach (through ``lessons.selectors``), a superuser
everything. Writes that carry rules (importing, re-splitting, assigning, rosters) go
through ``lessons.services``.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator

from lessons.admin_discussion import PostAdmin, ThreadAdmin
from lessons.admin_forms import (
    AssignLessonForm,
    AssignmentAdminForm,
    LessonImportForm,
    RosterUploadForm,
    SectionAdminForm,
)
from lessons.discussion import discussion_link_for
from lessons.extensions import assignment_items
from lessons.models import (
    Assignment,
    ClaimLabel,
    Classroom,
    Enrollment,
    Lesson,
    Post,
    Section,
    Sentence,
    TeacherNote,
    Thread,
)
from lessons.params import int_from_digits
from lessons.roles import TEACHERS_GROUP, is_teacher
from lessons.selectors import (
    assignments_taught_by,
    classrooms_taught_by,
    students_visible_to,
)
from lessons.services import (
    BioMove,
    assignment_create,
    bio_move_paragraph,
    classroom_new_join_code,
    lesson_import_with_report,
    roster_import,
    section_resplit,
)

User = get_user_model()

# Sources are typed without a scheme as often as not; assume the secure one (Django 6's
# default) rather than http.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def _form_page_context(model_admin, request, *, title: str, form, submit_label: str, **extra):
    """Context of templates/admin/lessons/form_page.html: one form in the admin's layout."""
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
        "submit_label": submit_label,
        "has_view_permission": model_admin.has_view_permission(request),
        **extra,
    }


class TaughtClassroomFilter(admin.SimpleListFilter):
    """Filter by class, listing only the classes the signed-in user teaches."""

    title = "class"
    parameter_name = "classroom"

    def lookups(self, request, model_admin):
        return [
            (str(pk), name)
            for pk, name in classrooms_taught_by(request.user).values_list("pk", "name")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        classroom_id = int_from_digits(value)
        if classroom_id is None:
            return queryset.none()
        return queryset.filter(classroom_id=classroom_id)


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
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{prefix}_import",
            ),
            path(
                "<path:object_id>/bio/<str:direction>/",
                self.admin_site.admin_view(self.bio_move_view),
                name=f"{prefix}_bio_move",
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
                    messages.success(request, _import_summary(report))
                    return HttpResponseRedirect(
                        reverse("admin:lessons_lesson_change", args=[lesson.pk])
                    )
        else:
            form = LessonImportForm()
        context = _form_page_context(
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
        context = _form_page_context(
            self,
            request,
            title="Assign to a class",
            form=form,
            submit_label="Assign",
            lessons=queryset,
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(request, "admin/lessons/lesson/assign.html", context)


def _import_summary(report) -> str:
    lesson = report.lesson
    parts = [
        f"Imported “{lesson.title}”: {report.section_count} sections, "
        f"{report.sentence_count} sentences, as a {lesson.get_status_display().lower()}."
    ]
    if lesson.author_bio:
        parts.append("The closing author bio was stored apart from the text.")
    if report.dropped_debris:
        parts.append(
            "Dropped from the end: "
            + ", ".join(f"“{text}”" for text in report.dropped_debris)
            + "."
        )
    if report.skipped_headings:
        parts.append(
            "Headings with no text under them were left out: "
            + ", ".join(f"“{text}”" for text in report.skipped_headings)
            + "."
        )
    return " ".join(parts)


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


# Classes ------------------------------------------------------------------------------


class EnrollmentInline(admin.TabularInline):
    """The class's students, read-only: remove one with its checkbox."""

    model = Enrollment
    fields = ("student", "student_name", "joined_at")
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "students"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="name")
    def student_name(self, enrollment):
        return enrollment.student.get_full_name() or "—"


class EnrollmentAddInline(admin.TabularInline):
    """Rows for adding students, searched among the students of your other classes."""

    model = Enrollment
    fields = ("student",)
    autocomplete_fields = ("student",)
    extra = 1
    can_delete = False
    verbose_name = "student to add"
    verbose_name_plural = (
        "add students (from your other classes; new students join with the join code or "
        "come in through “Upload roster CSV”)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "student":
            kwargs["queryset"] = students_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ("name", "teacher_names", "student_count", "join_code", "join_code_expires_at")
    search_fields = ("name",)
    filter_horizontal = ("teachers",)
    fields = ("name", "teachers", "join_code", "join_code_expires_at", "created_at")
    readonly_fields = ("join_code", "created_at")
    inlines = (EnrollmentInline, EnrollmentAddInline)
    actions = ("new_join_code",)

    def get_queryset(self, request):
        return (
            classrooms_taught_by(request.user)
            .annotate(student_total=Count("enrollments", distinct=True))
            .prefetch_related("teachers")
        )

    @admin.display(description="teachers")
    def teacher_names(self, classroom):
        return ", ".join(
            teacher.get_full_name() or teacher.username for teacher in classroom.teachers.all()
        )

    @admin.display(description="students", ordering="student_total")
    def student_count(self, classroom):
        return classroom.student_total

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "teachers":
            kwargs["queryset"] = (
                User.objects.filter(is_active=True)
                .filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=TEACHERS_GROUP))
                .distinct()
                .order_by("last_name", "first_name", "username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A teacher who saves a class stays one of its teachers: otherwise a new class
        # would vanish from their own list the moment they created it.
        if not request.user.is_superuser:
            form.instance.teachers.add(request.user)

    @admin.action(
        description="Give a new join code (the old one stops working)", permissions=["change"]
    )
    def new_join_code(self, request, queryset):
        for classroom in queryset:
            code = classroom_new_join_code(classroom=classroom)
            messages.success(request, f"{classroom}: the new join code is {code}.")

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/roster/",
                self.admin_site.admin_view(self.roster_view),
                name=f"{prefix}_roster",
            ),
            *super().get_urls(),
        ]

    def roster_view(self, request, object_id):
        """Upload a roster CSV for one of your classes and see what was done, row by row."""
        classroom = self.get_object(request, unquote(object_id))
        if classroom is None:
            raise Http404("No class you teach has this address.")
        if not self.has_change_permission(request, classroom):
            raise PermissionDenied("You may not change this class.")
        report = None
        if request.method == "POST":
            form = RosterUploadForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = roster_import(
                        classroom=classroom,
                        csv_bytes=form.cleaned_data["file"].read(),
                        teacher=request.user,
                    )
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    self.log_change(request, classroom, f"Roster upload: {report.summary}.")
                    form = RosterUploadForm()
        else:
            form = RosterUploadForm()
        context = _form_page_context(
            self,
            request,
            title=f"Upload a roster for {classroom}",
            form=form,
            submit_label="Upload and import",
            original=classroom,
            report=report,
        )
        response = TemplateResponse(request, "admin/lessons/classroom/roster.html", context)
        if report is not None:
            # The report holds initial passwords: no copy may be kept by a browser or proxy.
            response["Cache-Control"] = "no-store"
        return response


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("student", "student_name", "classroom", "joined_at")
    list_filter = (TaughtClassroomFilter,)
    list_select_related = ("student", "classroom")
    search_fields = ("student__username", "student__first_name", "student__last_name")
    autocomplete_fields = ("student",)
    fields = ("classroom", "student", "joined_at")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(classroom__in=classrooms_taught_by(request.user))
        )

    @admin.display(description="name", ordering="student__last_name")
    def student_name(self, enrollment):
        return enrollment.student.get_full_name()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "classroom":
            kwargs["queryset"] = classrooms_taught_by(request.user)
        elif db_field.name == "student":
            kwargs["queryset"] = students_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    form = AssignmentAdminForm
    list_display = ("lesson", "classroom", "opens_at", "due_at", "assigned_by")
    list_filter = (TaughtClassroomFilter, ("lesson", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("lesson", "classroom", "assigned_by")
    search_fields = ("lesson__title", "classroom__name")
    fields = (
        "lesson",
        "classroom",
        "opens_at",
        "due_at",
        "discussion_post_first",
        "assigned_by",
        "created_at",
    )
    readonly_fields = ("assigned_by", "created_at")
    change_form_template = "admin/lessons/assignment/change_form.html"

    def get_queryset(self, request):
        return assignments_taught_by(request.user).select_related(
            "lesson", "classroom", "assigned_by"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Link the assignment's results (contributed by quizzes) and its discussion."""
        assignment = self.get_object(request, unquote(object_id))
        links = []
        if assignment is not None:
            items = assignment_items(user=request.user, assignments=[assignment], for_teacher=True)
            links = [
                {
                    "url": item.extra.get("admin_url") or item.url,
                    "label": item.label,
                    "detail": item.detail,
                }
                for item in items.get(assignment.pk, [])
                if item.url
            ]
            links.append(
                {
                    "url": discussion_link_for(assignment),
                    "label": "Class discussion",
                    "detail": "",
                }
            )
        extra_context = {**(extra_context or {}), "assignment_links": links}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.teacher = request.user  # get_form builds a new class per request
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "classroom":
            kwargs["queryset"] = classrooms_taught_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.assigned_by = request.user
        super().save_model(request, obj, form, change)


# Student accounts in autocompletes ----------------------------------------------------

# Enrolment forms pick students with an autocomplete, which asks the User admin for
# matches. Teachers may not browse users, so the User admin registered by
# django.contrib.auth is extended: for that one autocomplete it lets a teacher search,
# among the students of their own classes only.
_STUDENT_AUTOCOMPLETE_SOURCES = {("lessons", "enrollment", "student")}
_RegisteredUserAdmin = type(admin.site.get_model_admin(User))


class StudentScopedUserAdmin(_RegisteredUserAdmin):
    def _is_student_autocomplete(self, request) -> bool:
        match = request.resolver_match
        source = (
            request.GET.get("app_label"),
            request.GET.get("model_name"),
            request.GET.get("field_name"),
        )
        return bool(match and match.url_name == "autocomplete") and (
            source in _STUDENT_AUTOCOMPLETE_SOURCES
        )

    def has_view_permission(self, request, obj=None):
        if obj is None and is_teacher(request.user) and self._is_student_autocomplete(request):
            return True
        return super().has_view_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_student_autocomplete(request):
            return queryset.filter(pk__in=students_visible_to(request.user).values("pk"))
        return queryset


admin.site.unregister(User)
admin.site.register(User, StudentScopedUserAdmin)


# Discussion ---------------------------------------------------------------------------

# The discussion admin classes live in their own module (lessons/admin_discussion.py);
# they are registered here, on the one admin site.
admin.site.register(Thread, ThreadAdmin)
admin.site.register(Post, PostAdmin)

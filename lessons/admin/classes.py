"""Classes in the admin: classrooms, their students and their assignments.

Everything here is scoped: a teacher sees and opens only the classes they teach (and
their enrolments and assignments), through ``lessons.selectors``; a superuser sees all.
Teachers hand out join codes, upload roster CSVs, add students from their other
classes, and edit assignments under the same rules as the site.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse

from lessons.admin.filters import ClassroomFilter
from lessons.admin.forms import AssignmentAdminForm, RosterUploadForm
from lessons.admin.pages import LabelledDateTimes, extra_admin_path, form_page_context
from lessons.extensions import assignment_items
from lessons.models import Assignment, Classroom, Enrollment
from lessons.roles import TEACHERS_GROUP
from lessons.selectors import assignments_taught_by, classrooms_taught_by, students_visible_to
from lessons.services.classes import classroom_new_join_code
from lessons.services.rosters import roster_import

User = get_user_model()


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
    """Rows for adding students, chosen among the students of your other classes.

    A plain select, not the autocomplete: its box has a label a screen reader announces,
    and a teacher's other classes are a list of a few hundred at most.
    """

    model = Enrollment
    fields = ("student",)
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
class ClassroomAdmin(LabelledDateTimes, admin.ModelAdmin):
    list_display = ("name", "teacher_names", "student_count", "join_code", "join_code_expires_at")
    search_fields = ("name",)
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
            # Tick boxes, each with its label: a school has a handful of teachers.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            # A new class is saved with a join code no other class holds, as on the site.
            classroom_new_join_code(classroom=obj)

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
        return [
            extra_admin_path(self, "<path:object_id>/roster/", self.roster_view, "roster"),
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
        context = form_page_context(
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
    list_filter = (ClassroomFilter,)
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
class AssignmentAdmin(LabelledDateTimes, admin.ModelAdmin):
    form = AssignmentAdminForm
    list_display = ("lesson", "classroom", "opens_at", "due_at", "assigned_by")
    list_filter = (ClassroomFilter, ("lesson", admin.RelatedOnlyFieldListFilter))
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
                    "url": item.admin_url or item.url,
                    "label": item.label,
                    "detail": item.detail,
                }
                for item in items.get(assignment.pk, [])
                if item.url
            ]
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

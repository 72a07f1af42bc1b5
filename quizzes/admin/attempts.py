"""Results in the Django admin: read-only attempts and responses, and an assignment's results.

Rows are created by students, so the admin only shows them: teachers see the attempts and
responses of the classes they teach (every list, filter and action starts from
``quizzes.results.access.attempts_for_admin``/``responses_for_admin``), superusers see
all. Changing points goes through the teacher's attempt page on the results site, where
``response_override`` validates and logs the change; the admin links there. An
assignment's results table is the results page's own (``quizzes.results.table``).
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from lessons.admin.filters import AssignmentFilter, ClassroomFilter
from lessons.people import display_name
from quizzes.models import Attempt, Response, ScoreOverride
from quizzes.results.access import attempts_for_admin, responses_for_admin
from quizzes.results.export import (
    csv_download,
    csv_filename,
    response_answer_text,
    responses_csv_rows,
    responses_for_export,
    with_answers,
)
from quizzes.results.table import assignment_results_for_request, results_context


class ReadOnlyMixin:
    """Rows nobody adds, edits or deletes from here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdminMixin(ReadOnlyMixin):
    """Nobody adds or edits result rows here; only a superuser may delete them."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class ScoreOverrideInline(ReadOnlyMixin, admin.TabularInline):
    model = ScoreOverride
    extra = 0
    can_delete = False
    fields = ("created_at", "teacher", "points_before", "points_after", "comment")
    readonly_fields = fields
    verbose_name = "change to the points"
    verbose_name_plural = "changes to the points"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("teacher")


class ResponseInline(ReadOnlyMixin, admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ("question", "answer", "points", "override_points", "final", "override_comment")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        # Each row's title is str(response), which names the attempt's student and quiz.
        return with_answers(super().get_queryset(request)).select_related(
            "attempt__student", "attempt__quiz"
        )

    @admin.display(description="answer")
    def answer(self, obj: Response) -> str:
        return response_answer_text(obj)

    @admin.display(description="final points")
    def final(self, obj: Response):
        return obj.final_points


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "student_name",
        "quiz",
        "classroom",
        "number",
        "status",
        "score",
        "max_score",
        "submitted_at",
        "late",
        "links",
    )
    list_display_links = ("student_name",)
    list_filter = (
        ClassroomFilter.on("assignment__classroom_id"),
        AssignmentFilter.on("assignment_id"),
        ("quiz", RelatedOnlyFieldListFilter),
        "status",
    )
    list_select_related = ("student", "quiz", "assignment__classroom", "assignment__lesson")
    search_fields = ("student__username", "student__first_name", "student__last_name")
    ordering = ("-submitted_at", "-started_at")
    fields = (
        "student",
        "quiz",
        "assignment",
        "number",
        "status",
        "started_at",
        "deadline_at",
        "submitted_at",
        "auto_submitted",
        "score",
        "max_score",
        "review_link",
    )
    readonly_fields = fields
    inlines = (ResponseInline,)
    actions = ("export_responses",)

    def get_queryset(self, request):
        return attempts_for_admin(request.user).select_related(
            "student", "quiz", "assignment__classroom", "assignment__lesson"
        )

    def get_urls(self):
        custom = [
            path(
                "assignment/<int:assignment_id>/results/",
                self.admin_site.admin_view(self.assignment_results_view),
                name="quizzes_attempt_assignment_results",
            ),
        ]
        return custom + super().get_urls()

    @admin.display(description="student", ordering="student__last_name")
    def student_name(self, obj: Attempt) -> str:
        return display_name(obj.student)

    @admin.display(description="class", ordering="assignment__classroom__name")
    def classroom(self, obj: Attempt):
        return obj.assignment.classroom

    @admin.display(description="late", boolean=True)
    def late(self, obj: Attempt) -> bool | None:
        return obj.is_late if obj.submitted_at else None

    @admin.display(description="")
    def links(self, obj: Attempt) -> str:
        return format_html(
            '<a href="{}">Review</a> · <a href="{}">Class results</a>',
            reverse("results:attempt_detail", args=[obj.pk]),
            reverse("admin:quizzes_attempt_assignment_results", args=[obj.assignment_id])
            + f"?quiz={obj.quiz_id}",
        )

    @admin.display(description="review and override")
    def review_link(self, obj: Attempt) -> str:
        return format_html(
            '<a href="{}">Open this attempt on the teaching site to change points</a>',
            reverse("results:attempt_detail", args=[obj.pk]),
        )

    @admin.action(description="Export selected attempts' responses")
    def export_responses(self, request, queryset):
        # The changelist's queryset already comes from get_queryset, so it is scoped.
        return csv_download(
            table=responses_csv_rows(responses_for_export(queryset)),
            filename=csv_filename("responses", "selected attempts"),
        )

    def assignment_results_view(self, request, assignment_id: int):
        """An assignment's results inside the admin: the teacher page's table and totals."""
        results = assignment_results_for_request(request, assignment_id=assignment_id)
        assignment = results.assignment
        context = {
            **self.admin_site.each_context(request),
            **results_context(results, in_admin=True),
            "title": f"Results: {assignment.lesson.title} — {assignment.classroom.name}",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/quizzes/results.html", context)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "student_name",
        "quiz",
        "attempt_number",
        "question_position",
        "kind",
        "answer",
        "points",
        "override_points",
        "final",
    )
    list_filter = (
        ClassroomFilter.on("attempt__assignment__classroom_id"),
        AssignmentFilter.on("attempt__assignment_id"),
        ("attempt__quiz", RelatedOnlyFieldListFilter),
        "question__kind",
    )
    search_fields = (
        "attempt__student__username",
        "attempt__student__first_name",
        "attempt__student__last_name",
    )
    fields = (
        "attempt",
        "question",
        "answer",
        "answered",
        "saved_at",
        "fraction",
        "points",
        "override_points",
        "override_comment",
        "final",
        "review_link",
    )
    readonly_fields = fields
    inlines = (ScoreOverrideInline,)

    def get_queryset(self, request):
        return with_answers(
            responses_for_admin(request.user).select_related(
                "attempt__student", "attempt__quiz", "question"
            )
        )

    @admin.display(description="student", ordering="attempt__student__last_name")
    def student_name(self, obj: Response) -> str:
        return display_name(obj.attempt.student)

    @admin.display(description="quiz", ordering="attempt__quiz__title")
    def quiz(self, obj: Response):
        return obj.attempt.quiz

    @admin.display(description="attempt", ordering="attempt__number")
    def attempt_number(self, obj: Response) -> int:
        return obj.attempt.number

    @admin.display(description="question", ordering="question__position")
    def question_position(self, obj: Response) -> int:
        return obj.question.position

    @admin.display(description="kind", ordering="question__kind")
    def kind(self, obj: Response) -> str:
        return obj.question.get_kind_display()

    @admin.display(description="answer")
    def answer(self, obj: Response) -> str:
        text = response_answer_text(obj)
        return text if len(text) <= 120 else text[:119] + "…"

    @admin.display(description="final points")
    def final(self, obj: Response):
        return obj.final_points

    @admin.display(description="review and override")
    def review_link(self, obj: Response) -> str:
        url = reverse("results:attempt_detail", args=[obj.attempt_id])
        return format_html(
            '<a href="{}#question-{}">Change the points on the teaching site</a>',
            url,
            obj.question.position,
        )

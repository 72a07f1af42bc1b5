"""The quiz admin, where teachers build quizzes.

A quiz's settings in fieldsets, its questions inline in order (position, prompt and
points editable; each links to its own page), publish/unpublish actions that refuse a
quiz with no questions or with an inconsistent one, and "Generate questions from claim
labels…" (an intermediate page calling ``quizzes.building``), and GIFT import and export
(:mod:`quizzes.admin.gift`).

Lessons are a shared library (every teacher may read every lesson), so quizzes are not
scoped by class here.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from lessons.admin.ownership import EditorsOnly, teacher_choices
from lessons.models import ClaimLabel, Lesson
from lessons.ownership import classes_using, editable_by, is_editor
from quizzes.admin.forms import (
    GenerateQuestionsForm,
    QuestionInlineForm,
    QuizAdminForm,
    save_positioned_formset,
)
from quizzes.admin.gift import GiftInterchangeAdminMixin
from quizzes.building import questions_generate
from quizzes.copies import quiz_duplicate
from quizzes.models import Question, Quiz
from quizzes.validation import quiz_publication_problems

Kind = Question.Kind
OWNERSHIP_FIELDSET = ("Who may change it", {"fields": ("owner", "co_editors")})
CONFIRM_FIELDSET = ("Before taking it back to draft", {"fields": ("confirm_affected",)})
LINE_BREAK = mark_safe("<br>")  # a constant separator, not user text


class QuestionInline(EditorsOnly, admin.TabularInline):
    """A quiz's questions in order. New questions are added on their own page, where their
    choices or key are set with them; here a teacher reorders and tidies wording."""

    model = Question
    form = QuestionInlineForm
    fields = ("position", "kind", "prompt", "points", "section")
    readonly_fields = ("kind", "section")
    ordering = ("position",)
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Quiz)
class QuizAdmin(EditorsOnly, GiftInterchangeAdminMixin, admin.ModelAdmin):
    form = QuizAdminForm
    open_actions = ("duplicate_to_edit", "export_gift")
    list_display = ("title", "lesson", "status", "question_count", "attempts")
    list_filter = ("status", "lesson")
    list_select_related = ("lesson",)
    search_fields = ("title", "lesson__title")
    fieldsets = (
        (None, {"fields": ("lesson", "title", "description", "status")}),
        ("Attempts and time", {"fields": ("attempts_allowed", "time_limit_minutes")}),
        ("Order and layout", {"fields": ("shuffle_questions", "shuffle_choices", "layout")}),
        (
            "Grading and review",
            {
                "fields": ("grading_method", "review_answers", "review_score"),
                "description": "What students see after submitting, and when.",
            },
        ),
    )
    inlines = [QuestionInline]
    actions = ["publish", "unpublish", "generate_questions", "export_gift", "duplicate_to_edit"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = (*super().get_fieldsets(request, obj), OWNERSHIP_FIELDSET)
        if obj is not None and obj.status == Quiz.Status.PUBLISHED:
            fieldsets = (*fieldsets, CONFIRM_FIELDSET)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Only a superuser hands a quiz to another owner; the owner names co-editors.
        return fields if request.user.is_superuser else (*fields, "owner")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user  # get_form builds a new class per request
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "co_editors":
            kwargs["queryset"] = teacher_choices()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A lesson's published quizzes come with every assignment of it: a quiz goes only
        # on a lesson its author may change (their own, or their copy of someone's).
        if db_field.name == "lesson":
            kwargs["queryset"] = editable_by(request.user, Lesson.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = obj.owner or request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, quiz: Quiz) -> int:
        return quiz.question_count

    @admin.display(description="attempts allowed", ordering="attempts_allowed")
    def attempts(self, quiz: Quiz) -> str:
        return str(quiz.attempts_allowed) if quiz.attempts_allowed else "Unlimited"

    def get_urls(self):
        generate = path(
            "<path:object_id>/generate/",
            self.admin_site.admin_view(self.generate_view),
            name="quizzes_quiz_generate",
        )
        return [generate, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_add_question"] = request.user.has_perm("quizzes.add_question")
        if obj is not None:
            context["publication_problems"] = quiz_publication_problems(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Question:
            save_positioned_formset(formset, siblings=Question.objects.filter(quiz=form.instance))
        else:
            super().save_formset(request, form, formset, change)

    # Actions ------------------------------------------------------------------------

    @admin.action(description="Publish selected quizzes", permissions=["change"])
    def publish(self, request, queryset):
        ready = []
        for quiz in queryset:
            if not is_editor(request.user, quiz):
                self.message_user(
                    request,
                    f"“{quiz.title}” was not published: only its owner and co-editors change it.",
                    messages.ERROR,
                )
            elif (use := classes_using(quiz.lesson, request.user)).others:
                # As the change form guards status: it would appear in others' classes.
                self.message_user(
                    request,
                    f"“{quiz.title}” was not published: classes you do not teach use its "
                    f"lesson ({use.names(use.others)}).",
                    messages.ERROR,
                )
            elif problems := quiz_publication_problems(quiz):
                self.message_user(
                    request,
                    format_html(
                        "“{}” was not published:<br>{}",
                        quiz.title,
                        format_html_join(LINE_BREAK, "{}", ((p,) for p in problems)),
                    ),
                    messages.ERROR,
                )
            else:
                ready.append(quiz.pk)
        if ready:
            Quiz.objects.filter(pk__in=ready).update(
                status=Quiz.Status.PUBLISHED, updated_at=timezone.now()
            )
            self.message_user(
                request, f"Published {_count(len(ready), 'quiz', 'quizzes')}.", messages.SUCCESS
            )

    @admin.action(description="Unpublish selected quizzes", permissions=["change"])
    def unpublish(self, request, queryset):
        allowed = []
        for quiz in queryset.exclude(status=Quiz.Status.DRAFT).select_related("lesson"):
            use = classes_using(quiz.lesson, request.user)
            if use.others:
                problem = f"classes you do not teach use it ({use.names(use.others)})"
            elif use.taught:
                problem = (
                    f"your classes use it ({use.names(use.taught)}): open it and confirm "
                    "on its page"
                )
            else:
                allowed.append(quiz.pk)
                continue
            self.message_user(
                request, f"“{quiz.title}” was not unpublished: {problem}.", messages.ERROR
            )
        changed = Quiz.objects.filter(pk__in=allowed).update(
            status=Quiz.Status.DRAFT, updated_at=timezone.now()
        )
        if not changed:
            return
        self.message_user(
            request,
            f"Unpublished {_count(changed, 'quiz', 'quizzes')}: students no longer see "
            f"{'it' if changed == 1 else 'them'}.",
            messages.SUCCESS,
        )

    @admin.action(description="Duplicate to edit (your own draft copy)")
    def duplicate_to_edit(self, request, queryset):
        copies = []
        for quiz in queryset.select_related("lesson"):
            if is_editor(request.user, quiz.lesson):
                copies.append(quiz_duplicate(quiz=quiz, owner=request.user))
            else:
                self.message_user(
                    request,
                    f"“{quiz.title}” belongs to a lesson you do not edit: “Duplicate to edit” "
                    "its lesson instead, which copies the lesson with its quizzes.",
                    messages.WARNING,
                )
        if not copies:
            return None
        if len(copies) == 1:
            self.message_user(
                request, f"“{copies[0].title}” is your copy to edit.", messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:quizzes_quiz_change", args=[copies[0].pk]))
        self.message_user(request, f"{len(copies)} copies made, each yours to edit.")
        return None

    @admin.action(description="Generate questions from claim labels…", permissions=["change"])
    def generate_questions(self, request, queryset):
        quizzes = list(queryset[:2])
        if len(quizzes) != 1:
            self.message_user(
                request, "Choose exactly one quiz to generate questions for.", messages.WARNING
            )
            return None
        return HttpResponseRedirect(reverse("admin:quizzes_quiz_generate", args=[quizzes[0].pk]))

    # The generator's intermediate page ----------------------------------------------

    def generate_view(self, request, object_id):
        """Choose sections, kinds and verdicts; generate; report what was made and skipped."""
        quiz = self.get_object(request, unquote(object_id))
        if quiz is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, quiz) or not request.user.has_perm(
            "quizzes.add_question"
        ):
            raise PermissionDenied("You may not add questions to this quiz.")
        label_counts: dict[int, dict[str, int]] = defaultdict(dict)
        labels = (
            ClaimLabel.objects.filter(sentence__section__lesson_id=quiz.lesson_id)
            .values_list("sentence__section_id", "verdict")
            .annotate(count=Count("id"))
        )
        for section_id, verdict, count in labels:
            label_counts[section_id][verdict] = count
        form = GenerateQuestionsForm(
            request.POST if request.method == "POST" else None,
            quiz=quiz,
            label_counts=label_counts,
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = questions_generate(
                    quiz=quiz,
                    sections=form.cleaned_data["sections"],
                    kinds=form.cleaned_data["kinds"],
                    key_verdicts=form.cleaned_data["key_verdicts"],
                    points=form.cleaned_data["points"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self._report_generated(request, result)
                return HttpResponseRedirect(reverse("admin:quizzes_quiz_change", args=[quiz.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": quiz,
            "quiz": quiz,
            "form": form,
            "title": "Generate questions from claim labels",
            "subtitle": quiz.title,
            "has_view_permission": self.has_view_permission(request, quiz),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/quizzes/quiz/generate_questions.html", context)

    def _report_generated(self, request, result) -> None:
        # Messages hold line breaks, not lists: the admin styles every <li> in its message
        # list as a message of its own, icon and all.
        if result:
            kinds = [
                _count(sum(1 for q in result if q.kind == kind), singular, plural)
                for kind, singular, plural in (
                    (Kind.SPOT_CLAIM, "spot-the-claim question", "spot-the-claim questions"),
                    (Kind.SINGLE_CHOICE, "which-sentence question", "which-sentence questions"),
                )
                if any(q.kind == kind for q in result)
            ]
            links = format_html_join(
                " · ",
                '<a href="{}">Q{}</a>',
                (
                    (reverse("admin:quizzes_question_change", args=[q.pk]), q.position)
                    for q in result
                ),
            )
            self.message_user(
                request,
                format_html(
                    "Created {}. Edit any of them like other questions: {}",
                    " and ".join(kinds),
                    links,
                ),
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "No question was created.", messages.WARNING)
        if result.skipped:
            lines = format_html_join(
                LINE_BREAK,
                "{}{}: {}.",
                (
                    (
                        skipped.section.display_heading,
                        f" (“{skipped.sentence}”)" if skipped.sentence else "",
                        skipped.reason,
                    )
                    for skipped in result.skipped
                ),
            )
            self.message_user(
                request,
                format_html("Skipped {}:<br>{}", len(result.skipped), lines),
                messages.WARNING,
            )


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"

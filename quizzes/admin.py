"""The quiz admin, where teachers build quizzes.

* Quiz: settings in fieldsets, its questions inline in order (position, prompt and points
  editable; each links to its own page), publish/unpublish actions that refuse a quiz
  with no questions or with an inconsistent one, and "Generate questions from claim
  labels…" (an intermediate page calling ``quizzes.building``).
* Question: a kind-aware form with its choices inline; inconsistent questions are refused
  with the reason on the page (``quizzes.validation``); spot-the-claim questions show
  which sentences of their passage are in the key.

Lessons are a shared library (every teacher may read every lesson), so quizzes are not
scoped by class here. Attempts and responses are in ``quizzes.admin_results``.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from lessons.models import ClaimLabel, Sentence

# The results admin (Attempt, Response) lives in its own module; Django's autodiscovery
# imports only admin.py, so importing it here is what registers it.
from quizzes import admin_results  # noqa: F401
from quizzes.admin_forms import (
    ChoiceInlineForm,
    ChoiceInlineFormSet,
    GenerateQuestionsForm,
    QuestionAdminForm,
    QuestionInlineForm,
    QuizAdminForm,
)
from quizzes.building import positions_renumber, question_move, questions_generate
from quizzes.models import Choice, Question, Quiz
from quizzes.selectors import claim_label_of, spot_claim_key_ids
from quizzes.validation import quiz_publication_problems

Kind = Question.Kind
LINE_BREAK = mark_safe("<br>")  # a constant separator, not user text


def save_positioned_formset(formset, *, siblings) -> None:
    """Save an inline formset of positioned rows, numbering them 1..n in the order asked.

    Rows are ordered by the position typed into each; a row whose position was changed
    goes before an unchanged row asking for the same place ("move to 2"), and a row left
    without a position goes last. Deleted rows are deleted first.
    """
    with transaction.atomic():
        # Lock the parent (quiz or question) so that two teachers saving the same list at
        # once take turns instead of colliding on the unique positions.
        parent = formset.instance
        type(parent).objects.select_for_update().filter(pk=parent.pk).first()
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        deleted = set(formset.deleted_forms)
        ranked = []
        for index, form in enumerate(formset.forms):
            if form in deleted or (form.instance.pk is None and not form.has_changed()):
                continue
            requested = form.cleaned_data.get("position")
            moved = "position" in form.changed_data
            ranked.append(((requested is None, requested or 0, not moved, index), form))
        ranked.sort(key=lambda item: item[0])
        positions_renumber(
            siblings=siblings,
            ordered=[form.instance for _rank, form in ranked],
            save=[form.instance for _rank, form in ranked if form.has_changed()],
        )
        formset.save_m2m()


# --- Quiz --------------------------------------------------------------------------------


class QuestionInline(admin.TabularInline):
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
class QuizAdmin(admin.ModelAdmin):
    form = QuizAdminForm
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
    actions = ["publish", "unpublish", "generate_questions"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

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
            if problems := quiz_publication_problems(quiz):
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
        changed = queryset.exclude(status=Quiz.Status.DRAFT).update(
            status=Quiz.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(
            request,
            f"Unpublished {_count(changed, 'quiz', 'quizzes')}: students no longer see "
            f"{'it' if changed == 1 else 'them'}.",
            messages.SUCCESS,
        )

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


# --- Question ------------------------------------------------------------------------------


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = ChoiceInlineForm
    formset = ChoiceInlineFormSet
    fields = ("position", "text", "is_correct", "feedback")
    ordering = ("position",)
    verbose_name_plural = "choices (single choice, multiple choice and true/false only)"

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None:
            return 4
        return 2 if obj.is_choice_kind else 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ("__str__", "quiz", "kind", "points", "section")
    list_filter = ("kind", "quiz__lesson")
    list_select_related = ("quiz", "section")
    search_fields = ("prompt", "quiz__title")
    ordering = ("quiz", "position")
    inlines = [ChoiceInline]
    fieldsets = (
        (None, {"fields": ("quiz", "position", "kind", "prompt", "points", "explanation")}),
        ("Passage", {"fields": ("section",)}),
        (
            "Short answer",
            {
                "fields": ("accepted_answers", "answer_pattern"),
                "description": "Only for short-answer questions: an answer is right if it "
                "matches an accepted answer or the pattern.",
            },
        ),
        (
            "Spot the claim",
            {
                "fields": ("key_verdicts", "key_preview"),
                "description": "Only for spot-the-claim questions: the key is built from the "
                "passage's claim labels.",
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("quiz__lesson", "section")

    def get_fieldsets(self, request, obj=None):
        # Fieldsets of other kinds start folded (<details>, no JavaScript needed); Django
        # unfolds any fieldset with an error.
        kind = obj.kind if obj else None
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            folded = {"Short answer": Kind.SHORT_ANSWER, "Spot the claim": Kind.SPOT_CLAIM}
            if name in folded and kind != folded[name]:
                options = {**options, "classes": ("collapse",)}
            fieldsets.append((name, options))
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "section" and field is not None:
            # Sections come from importing a lesson: no adding or deleting one from here.
            field.widget.can_add_related = False
            field.widget.can_delete_related = False
        return field

    def get_readonly_fields(self, request, obj=None):
        # Moving a question to another quiz would carry answers into a quiz they were
        # not given for: a question stays in its quiz.
        return ("quiz", "key_preview") if obj else ("key_preview",)

    @admin.display(description="Sentences in the key")
    def key_preview(self, question: Question):
        if question is None or question.pk is None:
            return "Save the question to see which sentences are in its key."
        if question.kind != Kind.SPOT_CLAIM or question.section_id is None:
            return "Only spot-the-claim questions have a key of sentences."
        sentences = list(
            Sentence.objects.filter(section_id=question.section_id)
            .select_related("label")
            .order_by("position")
        )
        key = spot_claim_key_ids(question, sentences)
        rows = []
        for sentence in sentences:
            label = claim_label_of(sentence)
            in_key = sentence.pk in key
            tag = (
                format_html(
                    '<span class="cw-tag cw-tag--{}">{}</span>',
                    label.verdict,
                    label.get_verdict_display(),
                )
                if label
                else format_html('<span class="cw-tag">{}</span>', "Not labelled")
            )
            rows.append(
                (
                    "cw-key-in" if in_key else "cw-key-out",
                    "In the key" if in_key else "Not in the key",
                    tag,
                    sentence.text,
                    label.explanation if label and in_key else "",
                )
            )
        size = sum(1 for row in rows if row[0] == "cw-key-in")
        return format_html(
            '<p>{} of the {} sentences of “{}” are in the key.</p><ol class="cw-key-preview">'
            "{}</ol>",
            size,
            len(rows),
            question.section.display_heading,
            format_html_join(
                "",
                '<li class="{}"><strong>{}</strong> {} {}<div class="cw-key-why">{}</div></li>',
                rows,
            ),
        )

    def save_model(self, request, obj, form, change):
        position = form.cleaned_data.get("position")
        if position is None and change:
            position = form.initial.get("position")  # emptied: keep its place
        question_move(question=obj, position=position)

    def save_formset(self, request, form, formset, change):
        if formset.model is Choice:
            save_positioned_formset(formset, siblings=Choice.objects.filter(question=form.instance))
        else:
            super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        with transaction.atomic():
            quiz_id = obj.quiz_id
            obj.delete()
            _renumber_quiz(quiz_id)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            quiz_ids = set(queryset.values_list("quiz_id", flat=True))
            queryset.delete()
            for quiz_id in quiz_ids:
                _renumber_quiz(quiz_id)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST and response.status_code == 302:
            # The next question goes into the same quiz: keep it chosen.
            add_url = reverse("admin:quizzes_question_add")
            return HttpResponseRedirect(f"{add_url}?quiz={obj.quiz_id}")
        return response

    def response_post_save_add(self, request, obj):
        return self._back_to_quiz(request, obj) or super().response_post_save_add(request, obj)

    def response_post_save_change(self, request, obj):
        return self._back_to_quiz(request, obj) or super().response_post_save_change(request, obj)

    def _back_to_quiz(self, request, question: Question):
        """After "Save", the teacher goes back to the quiz the question belongs to."""
        quiz_admin = self.admin_site._registry.get(Quiz)
        if quiz_admin is None or not quiz_admin.has_change_permission(request, question.quiz):
            return None
        return HttpResponseRedirect(reverse("admin:quizzes_quiz_change", args=[question.quiz_id]))


def _renumber_quiz(quiz_id: int) -> None:
    questions = Question.objects.filter(quiz_id=quiz_id)
    positions_renumber(siblings=questions, ordered=list(questions.order_by("position")))


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"

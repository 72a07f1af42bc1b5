"""The question admin: a kind-aware question form with its choices inline.

Inconsistent questions are refused with the reason on the page (``quizzes.validation``,
through :mod:`quizzes.admin.forms`); spot-the-claim questions show which sentences of
their passage are in the key, tagged with their claim labels' verdicts in the site's own
style (``static/css/claimwise.css``). Saving renumbers positions; deleting a question
renumbers the rest of its quiz.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from lessons.admin.ownership import EditorsOnly
from lessons.ownership import editable_by
from quizzes.admin.forms import (
    ChoiceInlineForm,
    ChoiceInlineFormSet,
    QuestionAdminForm,
    save_positioned_formset,
)
from quizzes.admin.regrade import RegradeAdminMixin
from quizzes.building import positions_renumber, question_move
from quizzes.models import Choice, Question, Quiz
from quizzes.regrading import question_has_answers as has_answers
from quizzes.selectors import claim_label_of, sentences_by_section, spot_claim_key_ids

Kind = Question.Kind


#: What grades a question: these cannot change in place once students have answered it
#: (a regrade, with its preview, is how they change then).
GRADING_FIELDS = (
    "kind",
    "points",
    "section",
    "key_verdicts",
    "accepted_answers",
    "answer_pattern",
    "ask_reasons",
    "reason_credit",
    "numeric_answers",
)


class ChoiceInline(EditorsOnly, admin.TabularInline):
    model = Choice
    form = ChoiceInlineForm
    formset = ChoiceInlineFormSet
    fields = ("position", "text", "is_correct", "feedback")
    ordering = ("position",)
    verbose_name_plural = "choices (single choice, multiple choice and true/false only)"

    def material(self, question):
        return question.quiz

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None:
            return 4
        if has_answers(obj):
            return 0
        return 2 if obj.is_choice_kind else 0

    def get_readonly_fields(self, request, obj=None):
        # Once answered, which choice is right changes only through a regrade.
        return ("is_correct",) if has_answers(obj) else ()

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not has_answers(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not has_answers(obj)


@admin.register(Question)
class QuestionAdmin(RegradeAdminMixin, EditorsOnly, admin.ModelAdmin):
    form = QuestionAdminForm
    # Number, kind and passage tell apart questions that share a prompt (spot-the-claim).
    list_display = ("number", "prompt_excerpt", "kind", "section", "points")
    list_display_links = ("number", "prompt_excerpt")
    list_filter = ("quiz", "kind", "quiz__lesson")
    list_select_related = ("quiz", "section")
    search_fields = ("prompt", "quiz__title")
    ordering = ("quiz", "position")
    inlines = [ChoiceInline]

    @admin.display(description="#", ordering="position")
    def number(self, question):
        return f"Q{question.position}"

    @admin.display(description="prompt")
    def prompt_excerpt(self, question):
        return Truncator(question.prompt).chars(90)

    fieldsets = (
        (
            None,
            {
                "fields": (
                    "quiz",
                    "position",
                    "kind",
                    "prompt",
                    "points",
                    "explanation",
                    "explanation_source",
                )
            },
        ),
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
            "Numerical",
            {
                "fields": ("numeric_answers",),
                "description": "Only for numerical questions: an answer is right if it is a "
                "number within an accepted value's tolerance.",
            },
        ),
        (
            "Spot the claim",
            {
                "fields": ("key_verdicts", "ask_reasons", "reason_credit", "key_preview"),
                "description": "Only for spot-the-claim questions: the key is built from the "
                "passage's claim labels; sentences whose label is contested (a judgement "
                "call) are never scored. With “ask why”, each ticked sentence also gets a "
                "reason, which carries the given share of the sentence's credit.",
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
            folded = {
                "Short answer": Kind.SHORT_ANSWER,
                "Numerical": Kind.NUMERICAL,
                "Spot the claim": Kind.SPOT_CLAIM,
            }
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

    def material(self, question):
        return question.quiz

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = editable_by(request.user, Quiz.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Moving a question to another quiz would carry answers into a quiz they were
        # not given for: a question stays in its quiz. Once answered, what grades it
        # changes only through a regrade (quizzes.regrading), never in place.
        if obj is None:
            return ("key_preview",)
        grading = tuple(name for name in GRADING_FIELDS if hasattr(obj, name))
        return ("quiz", "key_preview", *grading) if has_answers(obj) else ("quiz", "key_preview")

    @admin.display(description="Sentences in the key")
    def key_preview(self, question: Question):
        if question is None or question.pk is None:
            return "Save the question to see which sentences are in its key."
        if question.kind != Kind.SPOT_CLAIM or question.section_id is None:
            return "Only spot-the-claim questions have a key of sentences."
        sentences = sentences_by_section([question.section_id])[question.section_id]
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
                    "In the key"
                    if in_key
                    else "Not scored (judgement call)"
                    if label and label.contested
                    else "Not in the key",
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
        if not self.admin_site.is_registered(Quiz):
            return None
        quiz_admin = self.admin_site.get_model_admin(Quiz)
        if not quiz_admin.has_change_permission(request, question.quiz):
            return None
        return HttpResponseRedirect(reverse("admin:quizzes_quiz_change", args=[question.quiz_id]))


def _renumber_quiz(quiz_id: int) -> None:
    questions = Question.objects.filter(quiz_id=quiz_id)
    positions_renumber(siblings=questions, ordered=list(questions.order_by("position")))

"""The question admin's regrade page: a new key or points, previewed, then applied.

Once students have answered a question its grading fields are read-only on the change
page (quizzes.admin.questions); "Change the key or points…" leads here. The first POST
shows, student by student, each submitted attempt's score before and after (nothing is
written); "Regrade" then applies it through :mod:`quizzes.regrading`, which logs every
changed answer as an override.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from lessons.models import ClaimLabel
from lessons.refusals import Refusal
from quizzes import grading
from quizzes.marking import QuestionKey
from quizzes.models import Question
from quizzes.regrading import question_has_answers, regrade_apply, regrade_preview
from quizzes.validation import validate_choices


class RegradeForm(forms.Form):
    """The new key and points of one question (only the parts its kind has)."""

    points = forms.DecimalField(
        min_value=Decimal("0.01"), max_digits=6, decimal_places=2, label="Points"
    )
    correct = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Right choices",
    )
    key_verdicts = forms.MultipleChoiceField(
        choices=ClaimLabel.Verdict.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sentences to pick: those labelled",
    )
    accepted_answers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Accepted answers, one per line",
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.choices = list(question.choices.order_by("position"))
        kind = question.kind
        if question.is_choice_kind:
            self.fields["correct"].choices = [(c.pk, c.text) for c in self.choices]
        else:
            del self.fields["correct"]
        if kind != Question.Kind.SPOT_CLAIM:
            del self.fields["key_verdicts"]
        if kind != Question.Kind.SHORT_ANSWER:
            del self.fields["accepted_answers"]

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        return {
            "points": question.points,
            "correct": [c.pk for c in question.choices.all() if c.is_correct],
            "key_verdicts": list(grading.effective_key_verdicts(question.key_verdicts)),
            "accepted_answers": "\n".join(grading.accepted_answers(question.accepted_answers)),
        }

    def clean(self):
        cleaned = super().clean()
        if "correct" in self.fields:
            right = set(cleaned.get("correct") or ())
            try:
                validate_choices(
                    kind=self.question.kind,
                    choices=[(c.text, c.pk in right) for c in self.choices],
                )
            except ValidationError as error:
                self.add_error("correct", error)
        if "key_verdicts" in self.fields and not cleaned.get("key_verdicts"):
            self.add_error("key_verdicts", "Choose at least one verdict.")
        if "accepted_answers" in self.fields:
            answers = [line.strip() for line in cleaned.get("accepted_answers", "").splitlines()]
            if not any(answers):
                self.add_error("accepted_answers", "Give at least one accepted answer.")
        return cleaned

    def key(self) -> QuestionKey:
        data = self.cleaned_data
        return QuestionKey(
            points=data["points"],
            correct_choices=frozenset(data["correct"]) if "correct" in data else None,
            key_verdicts=tuple(data["key_verdicts"]) if "key_verdicts" in data else None,
            accepted_answers=(
                tuple(a.strip() for a in data["accepted_answers"].splitlines() if a.strip())
                if "accepted_answers" in data
                else None
            ),
        )


class RegradeAdminMixin:
    """Adds the regrade page to the question admin (at ``<id>/regrade/``)."""

    def get_urls(self):
        regrade = path(
            "<path:object_id>/regrade/",
            self.admin_site.admin_view(self.regrade_view),
            name="quizzes_question_regrade",
        )
        return [regrade, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["answered"] = question_has_answers(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def regrade_view(self, request, object_id):
        question = self.get_object(request, unquote(object_id))
        if question is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, question):
            raise PermissionDenied("Only the quiz's editors may change its key or points.")
        form = RegradeForm(
            request.POST or None, question=question, initial=RegradeForm.initial_for(question)
        )
        preview = None
        if request.method == "POST" and form.is_valid():
            try:
                if "apply" in request.POST:
                    regrade = regrade_apply(question=question, key=form.key(), editor=request.user)
                    changed = regrade.changes.count()
                    self.message_user(
                        request,
                        f"Question {question.position} now grades by its new key "
                        f"({regrade.change}); {changed} answer{'s' if changed != 1 else ''} "
                        "changed points, each logged.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:quizzes_question_change", args=[question.pk])
                    )
                preview = regrade_preview(question=question, key=form.key(), editor=request.user)
                if not preview.change:
                    form.add_error(None, "Nothing would change: the key and points are the same.")
                    preview = None
            except Refusal as refusal:
                form.add_error(None, refusal.message)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Change the key or points of question {question.position}",
            "question": question,
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/quizzes/question/regrade.html", context)

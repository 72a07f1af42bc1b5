"""GIFT import and export in the quiz admin.

"Import GIFT…" on a quiz's page: upload a .gift file or paste GIFT text, see a preview of
every question as the app will store it (kind, prompt, choices marked right or wrong,
feedback) with every warning, then confirm to append them all in one transaction
(:mod:`quizzes.interchange.gift_import`). Malformed input is shown with its line and what
was expected, and nothing is saved. "Export as GIFT" downloads the quiz
(:mod:`quizzes.interchange.gift_export`); an action exports the selected quizzes.

Both need what editing the quiz needs: the admin's change permission on it (and, to
import, the permission to add questions). The confirm step re-sends the previewed text and
reads it again, so nothing is kept on the server between the two steps.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify

from quizzes.interchange.gift_export import quiz_gift_export
from quizzes.interchange.gift_import import (
    MAX_GIFT_BYTES,
    ImportPlan,
    gift_import_plan,
    gift_import_save,
)
from quizzes.models import Question, Quiz
from quizzes.numbers import describe_answer, numeric_answers

GIFT_CONTENT_TYPE = "text/plain; charset=utf-8"


class GiftImportForm(forms.Form):
    """The GIFT to import: a file or pasted text (one of them)."""

    file = forms.FileField(
        required=False,
        label="GIFT file",
        help_text="A .gift or .txt file saved as UTF-8, as Moodle exports it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".gift,.txt,text/plain"}),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Or paste GIFT text",
        help_text="For example: ::Capital:: What is the capital of France? {=Paris ~Lyon ~Nice}",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if upload and text.strip():
            raise ValidationError(
                "Give a file or pasted text, not both.", code="gift_file_and_text"
            )
        if upload:
            if upload.size > MAX_GIFT_BYTES:
                raise ValidationError(
                    "The file is larger than %(limit)s MB: split it into several files.",
                    code="gift_too_large",
                    params={"limit": MAX_GIFT_BYTES // 1_000_000},
                )
            cleaned["source"] = upload.read()
        elif text.strip():
            cleaned["source"] = text
        else:
            raise ValidationError("Choose a GIFT file or paste GIFT text.", code="gift_missing")
        return cleaned


class GiftConfirmForm(forms.Form):
    """The previewed text, sent back to be read again and saved."""

    gift = forms.CharField(strip=False, widget=forms.HiddenInput)


class GiftInterchangeAdminMixin:
    """URLs, views and the export action of GIFT interchange, for the quiz admin."""

    def get_urls(self):
        gift_urls = [
            path(
                "<path:object_id>/import-gift/",
                self.admin_site.admin_view(self.gift_import_view),
                name="quizzes_quiz_import_gift",
            ),
            path(
                "<path:object_id>/export-gift/",
                self.admin_site.admin_view(self.gift_export_view),
                name="quizzes_quiz_export_gift",
            ),
        ]
        return gift_urls + super().get_urls()

    # Permissions --------------------------------------------------------------------

    def _quiz_to_edit(self, request, object_id, *, adding: bool) -> Quiz | None:
        quiz = self.get_object(request, unquote(object_id))
        if quiz is None:
            return None
        allowed = self.has_change_permission(request, quiz)
        if adding:
            allowed = allowed and request.user.has_perm("quizzes.add_question")
        if not allowed:
            raise PermissionDenied(
                "You may not add questions to this quiz."
                if adding
                else "You may not export this quiz."
            )
        return quiz

    # Import -------------------------------------------------------------------------

    def gift_import_view(self, request, object_id):
        """Upload or paste → preview with every warning → confirm: saved all or nothing."""
        quiz = self._quiz_to_edit(request, object_id, adding=True)
        if quiz is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form, plan, source_text, problem = GiftImportForm(), None, "", ""
        status = 200
        if request.method == "POST" and "confirm" in request.POST:
            confirm = GiftConfirmForm(request.POST)
            if confirm.is_valid():
                source_text = confirm.cleaned_data["gift"]
                plan = gift_import_plan(source_text)
                if plan.ok:
                    try:
                        created = gift_import_save(quiz=quiz, plan=plan)
                    except ValidationError as error:
                        problem, status = " ".join(error.messages), 400
                    else:
                        self._report_imported(request, quiz, created, plan)
                        return HttpResponseRedirect(
                            reverse("admin:quizzes_quiz_change", args=[quiz.pk])
                        )
                else:
                    status = 400
            else:
                problem = "The previewed text was lost on the way: paste it again."
                status = 400
        elif request.method == "POST":
            form = GiftImportForm(request.POST, request.FILES)
            if form.is_valid():
                plan = gift_import_plan(form.cleaned_data["source"])
                source_text = _as_text(form.cleaned_data["source"])
                if not plan.ok:
                    status = 400
            else:
                status = 400
        existing = quiz.questions.count()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": quiz,
            "quiz": quiz,
            "form": form,
            "plan": plan,
            "problem": problem,
            "preview": _preview(plan, start=existing) if plan is not None else None,
            "confirm_form": GiftConfirmForm(initial={"gift": source_text})
            if plan is not None and plan.ok
            else None,
            "existing_questions": existing,
            "title": "Import questions from GIFT",
            "subtitle": quiz.title,
            "has_view_permission": self.has_view_permission(request, quiz),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/quizzes/quiz/import_gift.html", context, status=status
        )

    def _report_imported(self, request, quiz: Quiz, created: list[Question], plan) -> None:
        first, last = created[0].position, created[-1].position
        where = f"Q{first}" if first == last else f"Q{first}–Q{last}"
        count = len(created)
        warnings = plan.warning_count
        self.message_user(
            request,
            f"Imported {count} question{'s' if count != 1 else ''} from GIFT into “{quiz.title}” "
            f"({where})"
            + (
                f", with the {warnings} warning{'s' if warnings != 1 else ''} the preview showed."
                if warnings
                else "."
            ),
            messages.SUCCESS,
        )

    # Export -------------------------------------------------------------------------

    def gift_export_view(self, request, object_id):
        """The quiz as a .gift download."""
        quiz = self._quiz_to_edit(request, object_id, adding=False)
        if quiz is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        export = quiz_gift_export(quiz=quiz)
        return gift_download(export.text, export.filename)

    @admin.action(description="Export selected quizzes as GIFT", permissions=["change"])
    def export_gift(self, request, queryset):
        quizzes = list(queryset.order_by("title", "pk"))
        refused = [quiz for quiz in quizzes if not self.has_change_permission(request, quiz)]
        if refused:
            raise PermissionDenied("You may not export some of these quizzes.")
        exports = [quiz_gift_export(quiz=quiz) for quiz in quizzes]
        if len(exports) == 1:
            return gift_download(exports[0].text, exports[0].filename)
        return gift_download("".join(e.text for e in exports), "quizzes.gift")


def gift_download(text: str, filename: str) -> HttpResponse:
    """A UTF-8 GIFT file download (no byte-order mark: Moodle reads UTF-8 as it is)."""
    response = HttpResponse(text.encode("utf-8"), content_type=GIFT_CONTENT_TYPE)
    safe = slugify(filename.removesuffix(".gift")) or "quiz"
    response["Content-Disposition"] = f'attachment; filename="{safe}.gift"'
    # Answer keys: never keep a copy in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _as_text(source: str | bytes) -> str:
    if isinstance(source, str):
        return source
    return source.decode("utf-8", "replace").removeprefix("\ufeff")


def _preview(plan: ImportPlan, *, start: int) -> list[dict]:
    """The plan's questions as the preview lists them, numbered as they will be added."""
    kinds = dict(Question.Kind.choices)
    rows, number = [], start
    for item in plan.items:
        drafts = []
        for draft in item.drafts:
            number += 1
            drafts.append(
                {
                    "number": number,
                    "draft": draft,
                    "kind_label": kinds.get(draft.kind, draft.kind),
                    "numeric": [
                        describe_answer(a) for a in numeric_answers(list(draft.numeric_answers))
                    ],
                }
            )
        rows.append({"item": item, "drafts": drafts})
    return rows

"""The teacher's results pages: results, attempt review, overrides, statistics, CSV.

Thin views: parse the request, call a reader of :mod:`quizzes.results` (which enforces
who may see what) or the ``response_override`` service, and render or download.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lessons.refusals import NotFound
from lessons.roles import require_teacher
from quizzes.results.access import (
    assignment_attempts_for_teacher,
    assignment_quiz_get_for_teacher,
    assignments_with_results_for_teacher,
    requested_quiz_id,
    response_get_for_teacher,
)
from quizzes.results.export import (
    assignment_csv_filename,
    csv_download,
    responses_csv_rows,
    responses_for_export,
    results_csv_rows,
    statistics_csv_filename,
    statistics_csv_rows,
)
from quizzes.results.forms import ResponseOverrideForm, attach_override_forms, form_prefix
from quizzes.results.overrides import response_override
from quizzes.results.review import attempt_review_get
from quizzes.results.statistics import (
    assignment_statistics_get,
    quiz_statistics_get,
    requested_attempts,
    statistics_context,
)
from quizzes.results.table import (
    assignment_results_for_request,
    assignment_results_get,
    results_context,
)


@login_required
@require_GET
def results_index(request: HttpRequest) -> HttpResponse:
    """The assignments of the teacher's classes, each with links to results and statistics."""
    require_teacher(request.user)
    assignments = assignments_with_results_for_teacher(request.user)
    return render(request, "quizzes/results/index.html", {"assignments": assignments})


@login_required
@require_GET
def assignment_results(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """One row per enrolled student: reading, attempts, grade, time, lateness."""
    results = assignment_results_for_request(request, assignment_id=assignment_id)
    return render(request, "quizzes/results/results.html", results_context(results))


@login_required
@require_GET
def assignment_results_csv(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The results table as a CSV download, one row per enrolled student."""
    results = assignment_results_get(
        assignment_id=assignment_id, user=request.user, quiz_id=requested_quiz_id(request)
    )
    return csv_download(
        table=results_csv_rows(results.rows),
        filename=assignment_csv_filename("results", results.assignment, results.quiz),
    )


@login_required
@require_GET
def assignment_responses_csv(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Every response of every attempt at the quiz under the assignment, as CSV."""
    assignment, _quizzes, quiz = assignment_quiz_get_for_teacher(
        assignment_id=assignment_id, user=request.user, quiz_id=requested_quiz_id(request)
    )
    attempts = assignment_attempts_for_teacher(assignment=assignment, quiz=quiz)
    return csv_download(
        table=responses_csv_rows(responses_for_export(attempts)),
        filename=assignment_csv_filename("responses", assignment, quiz),
    )


def _render_attempt(request, attempt_id: int, *, bound_form=None, status: int = 200):
    review = attempt_review_get(attempt_id=attempt_id, user=request.user)
    attach_override_forms(review, bound=bound_form)
    # A refused override: its form opens in place with the focus on it, and a summary
    # at the top of the page says which question and links there.
    bound_item = next(
        (item for item in review.responses if bound_form is not None and item.form is bound_form),
        None,
    )
    if bound_item is not None:
        focus = "points" if "points" in bound_form.errors or not bound_form.errors else "comment"
        bound_form.fields[focus].widget.attrs["autofocus"] = True
    return render(
        request,
        "quizzes/results/attempt_detail.html",
        {"review": review, "attempt": review.attempt, "bound_form_item": bound_item},
        status=status,
    )


@login_required
@require_GET
def attempt_detail(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Every answer of one attempt beside the key, with points and an override form each."""
    return _render_attempt(request, attempt_id)


@login_required
@require_POST
def response_override_view(request: HttpRequest, response_id: int) -> HttpResponse:
    """Save a teacher's override of one response, then show the attempt again."""
    response = response_get_for_teacher(response_id=response_id, user=request.user)
    form = ResponseOverrideForm(
        request.POST, prefix=form_prefix(response.pk), max_points=response.question.points
    )
    if form.is_valid():
        try:
            response_override(
                response=response,
                teacher=request.user,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_refusal(error)
        else:
            messages.success(
                request, f"Saved the points for question {response.question.position}."
            )
            url = reverse("results:attempt_detail", args=[response.attempt_id])
            return redirect(f"{url}#question-{response.question.position}")
    return _render_attempt(request, response.attempt_id, bound_form=form, status=400)


def _assignment_statistics(request: HttpRequest, assignment_id: int, *, with_reasons: bool):
    return assignment_statistics_get(
        assignment_id=assignment_id,
        user=request.user,
        quiz_id=requested_quiz_id(request),
        which=requested_attempts(request.GET.get("attempts")),
        with_reasons=with_reasons,
    )


def _quiz_statistics(request: HttpRequest, quiz_id: int, *, with_reasons: bool):
    return quiz_statistics_get(
        quiz_id=quiz_id,
        user=request.user,
        which=requested_attempts(request.GET.get("attempts")),
        with_reasons=with_reasons,
    )


@login_required
@require_GET
def assignment_statistics(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Item analysis of a quiz for one class's assignment (``?attempts=`` which count)."""
    stats = _assignment_statistics(request, assignment_id, with_reasons=True)
    return render(request, "quizzes/results/statistics.html", statistics_context(stats))


@login_required
@require_GET
def assignment_statistics_csv(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The statistics as CSV: test-level figures first, then one row per question."""
    stats = _assignment_statistics(request, assignment_id, with_reasons=False)
    if stats.quiz is None:
        raise NotFound("This lesson has no quiz to give statistics of.", code="no_quiz")
    return csv_download(table=statistics_csv_rows(stats), filename=statistics_csv_filename(stats))


@login_required
@require_GET
def quiz_statistics(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """Item analysis of a quiz across every class the teacher gave it to."""
    stats = _quiz_statistics(request, quiz_id, with_reasons=True)
    return render(request, "quizzes/results/statistics.html", statistics_context(stats))


@login_required
@require_GET
def quiz_statistics_csv(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """The statistics of a quiz across the teacher's classes as CSV."""
    stats = _quiz_statistics(request, quiz_id, with_reasons=False)
    return csv_download(table=statistics_csv_rows(stats), filename=statistics_csv_filename(stats))

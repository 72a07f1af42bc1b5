"""Teachers' results pages on the site: results, attempt review, overrides, statistics, CSV.

Views parse the request, call a selector in ``quizzes.results`` (which enforces who may
see what) or the ``response_override`` service, and render. Charts are drawn here from
the selectors' numbers because they are presentation, not data.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from lessons.models import Assignment
from lessons.roles import require_teacher
from quizzes.charts import bar_chart_svg, histogram_svg
from quizzes.export import (
    csv_download,
    csv_filename,
    responses_csv_rows,
    results_csv_rows,
)
from quizzes.models import Question, Quiz
from quizzes.overrides import COMMENT_MAX_LENGTH, response_override
from quizzes.results import (
    DEFAULT_SORT,
    SORT_KEYS,
    AssignmentResults,
    QuizStatistics,
    assignment_attempts_for_teacher,
    assignment_quiz_get_for_teacher,
    assignment_results_get,
    assignment_statistics_get,
    assignments_with_results_for_teacher,
    attempt_review_get,
    parse_optional_id,
    quiz_statistics_get,
    response_get_for_teacher,
    responses_for_export,
)

#: The direction a column sorts in when first clicked: best scores and names A-Z first.
FIRST_DIRECTION = {"name": "", "score": "-", "submitted": ""}


class ResponseOverrideForm(forms.Form):
    """Points and a comment replacing a response's automatic points."""

    points = forms.DecimalField(
        label="Override points",
        required=False,
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        help_text="Leave empty to use the automatic points.",
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the points changed; kept in the log below.",
    )

    def __init__(self, *args, max_points: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].max_value = max_points
        self.fields["points"].label = f"Override points (0–{max_points})"
        self.fields["points"].widget.attrs.update({"max": str(max_points), "step": "0.01"})
        # DecimalField built its validators before max_value was known.
        self.fields["points"].validators.append(MaxValueValidator(max_points))


def _form_prefix(response_id: int) -> str:
    return f"r{response_id}"


def sort_columns(results: AssignmentResults) -> dict[str, dict]:
    """For each sortable column: the ``?sort=`` value its link sets and its aria-sort."""
    current = results.sort
    columns = {}
    for key in SORT_KEYS:
        if current.removeprefix("-") == key:
            descending = current.startswith("-")
            columns[key] = {
                "sort": key if descending else f"-{key}",
                "aria": "descending" if descending else "ascending",
            }
        else:
            columns[key] = {"sort": f"{FIRST_DIRECTION[key]}{key}", "aria": ""}
    return columns


@dataclass(frozen=True)
class AttemptLink:
    url: str
    number: int
    in_progress: bool


@dataclass(frozen=True)
class ResultRowView:
    """One row of the results table with its text already formatted.

    Formatting here rather than with a template filter or tag per cell removes most of
    the render time of a class of 300 (template lookups dominated it when profiled).
    """

    username: str
    name: str
    status: str
    status_label: str
    grade: str
    percent: str
    submitted_iso: str
    submitted_text: str
    late: bool
    attempts: list[AttemptLink]
    reading: str
    threads: str
    replies: str
    discussed: list[str]


def result_rows_view(results: AssignmentResults, *, in_admin: bool = False) -> list[ResultRowView]:
    """The results rows as the table shows them; attempt links go to the admin if asked."""
    url_name = "admin:quizzes_attempt_change" if in_admin else "results:attempt_detail"
    rows = []
    for row in results.rows:
        submitted = timezone.localtime(row.submitted_at) if row.submitted_at else None
        rows.append(
            ResultRowView(
                username=row.student.get_username(),
                name=row.name,
                status=row.status,
                status_label=row.status_label,
                grade=f"{row.grade} / {row.max_score}" if row.grade is not None else "",
                percent=f"{row.percent:.1f}%" if row.percent is not None else "",
                submitted_iso=submitted.isoformat() if submitted else "",
                submitted_text=date_format(submitted, "j M, H:i") if submitted else "",
                late=row.is_late,
                attempts=[
                    AttemptLink(
                        url=reverse(url_name, args=[attempt.pk]),
                        number=attempt.number,
                        in_progress=not attempt.is_submitted,
                    )
                    for attempt in row.attempts
                ],
                reading=f"{row.sections_read} / {results.sections_total}",
                threads=str(row.participation.threads),
                replies=str(row.participation.replies),
                discussed=[sentence.text for sentence in row.discussed_sentences],
            )
        )
    return rows


def results_context(results: AssignmentResults, *, in_admin: bool = False) -> dict:
    """Template context shared by the teacher page and the admin view of results."""
    return {
        "results": results,
        "rows": result_rows_view(results, in_admin=in_admin),
        "assignment": results.assignment,
        "quiz": results.quiz,
        "sort_columns": sort_columns(results),
        "in_admin": in_admin,
    }


def requested_quiz_id(request: HttpRequest) -> int | None:
    """The quiz chosen with ``?quiz=`` on a results page; 400 when it is not an id."""
    return parse_optional_id(request.GET.get("quiz"), name="quiz")


def _csv_filename(kind: str, assignment: Assignment, quiz: Quiz | None) -> str:
    return csv_filename(
        kind, assignment.classroom.name, assignment.lesson.title, quiz.title if quiz else ""
    )


def _require_teacher(request: HttpRequest) -> None:
    require_teacher(request.user)


@login_required
@require_GET
def results_index(request: HttpRequest) -> HttpResponse:
    """The assignments of the teacher's classes, each with links to results and statistics."""
    _require_teacher(request)
    assignments = assignments_with_results_for_teacher(request.user)
    return render(request, "quizzes/teacher/index.html", {"assignments": assignments})


@login_required
@require_GET
def assignment_results(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """One row per enrolled student: reading, attempts, grade, time, lateness."""
    results = assignment_results_get(
        assignment_id=assignment_id,
        user=request.user,
        quiz_id=requested_quiz_id(request),
        sort=request.GET.get("sort", DEFAULT_SORT),
    )
    return render(request, "quizzes/teacher/results.html", results_context(results))


@login_required
@require_GET
def assignment_results_csv(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The results table as a CSV download, one row per enrolled student."""
    results = assignment_results_get(
        assignment_id=assignment_id, user=request.user, quiz_id=requested_quiz_id(request)
    )
    return csv_download(
        table=results_csv_rows(results.rows),
        filename=_csv_filename("results", results.assignment, results.quiz),
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
        filename=_csv_filename("responses", assignment, quiz),
    )


def _render_attempt(request, attempt_id: int, *, bound_form=None, status: int = 200):
    review = attempt_review_get(attempt_id=attempt_id, user=request.user)
    for item in review.responses:
        if item.response is None:
            item.form = None
            continue
        if bound_form is not None and bound_form.prefix == _form_prefix(item.response.pk):
            item.form = bound_form
        else:
            item.form = ResponseOverrideForm(
                prefix=_form_prefix(item.response.pk),
                max_points=item.question.points,
                initial={
                    "points": item.response.override_points,
                    "comment": item.response.override_comment,
                },
            )
    return render(
        request,
        "quizzes/teacher/attempt_detail.html",
        {"review": review, "attempt": review.attempt},
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
        request.POST, prefix=_form_prefix(response.pk), max_points=response.question.points
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
            field = (
                "points" if error.code in ("points_out_of_range", "points_too_precise") else None
            )
            form.add_error(field, error)
        else:
            messages.success(
                request, f"Saved the points for question {response.question.position}."
            )
            url = reverse("results:attempt_detail", args=[response.attempt_id])
            return redirect(f"{url}#question-{response.question.position}")
    return _render_attempt(request, response.attempt_id, bound_form=form, status=400)


# --- statistics ------------------------------------------------------------------------


def _question_label(question: Question) -> str:
    # Spot-the-claim prompts are usually the same words for every passage: name the
    # passage instead, or the chart shows several identical bars' labels.
    if question.kind == Question.Kind.SPOT_CLAIM and question.section is not None:
        return f"Q{question.position}. Spot the claim: {question.section.display_heading}"
    return f"Q{question.position}. {question.prompt}"


def _sentence_label(line) -> str:
    """ "Inaccurate, in the key: China entered…": the label's verdict first, then the text."""
    marks = [line.verdict_label] if line.verdict_label else []
    if line.stat.in_key:
        marks.append("in the key")
    prefix = ", ".join(marks)
    return (
        f"{prefix[:1].upper()}{prefix[1:]}: {line.sentence.text}" if prefix else line.sentence.text
    )


def _question_chart(report, index: int):
    question = report.question
    title = f"Question {question.position}: "
    if report.options:
        # Marks go first so that shortening a long label never cuts them off.
        bars = [
            (f"{'Correct: ' if o.choice.is_correct else ''}{o.choice.text}", o.percent)
            for o in report.options
        ]
        title += "how often each choice was picked"
        axis = "Attempts that picked the choice (%)"
    elif report.sentences:
        bars = [(_sentence_label(line), line.picked_percent) for line in report.sentences]
        title += "how often each sentence was picked"
        axis = "Attempts that picked the sentence (%)"
    elif report.common_answers:
        total = report.stats.attempts or 1
        bars = [(answer, 100 * count / total) for answer, count in report.common_answers]
        title += "most common answers"
        axis = "Attempts that gave the answer (%)"
    else:
        return None
    return bar_chart_svg(
        title=title,
        bars=bars,
        max_value=100,
        value_suffix="%",
        axis_label=axis,
        chart_id=f"question-{index}-chart",
    )


def statistics_context(stats: QuizStatistics) -> dict:
    """Charts and tables for a statistics page."""
    for index, report in enumerate(stats.questions, start=1):
        report.chart = _question_chart(report, index)
    context = {"stats": stats, "quiz": stats.quiz, "assignment": stats.assignment}
    if stats.quiz is not None:
        context["histogram_chart"] = histogram_svg(
            title="Scores of submitted attempts",
            bins=stats.bins,
            x_label="Score (% of the quiz's points)",
            y_label="Attempts",
            chart_id="score-histogram",
        )
        context["facility_chart"] = bar_chart_svg(
            title="Facility index by question",
            bars=[(_question_label(r.question), r.stats.facility) for r in stats.questions],
            max_value=100,
            value_suffix="%",
            axis_label="Mean score as % of the question's points",
            chart_id="facility-chart",
        )
    return context


@login_required
@require_GET
def assignment_statistics(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Per-question statistics of a quiz for one class's assignment."""
    stats = assignment_statistics_get(
        assignment_id=assignment_id,
        user=request.user,
        quiz_id=requested_quiz_id(request),
    )
    return render(request, "quizzes/teacher/statistics.html", statistics_context(stats))


@login_required
@require_GET
def quiz_statistics(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """Per-question statistics of a quiz across every class the teacher gave it to."""
    stats = quiz_statistics_get(quiz_id=quiz_id, user=request.user)
    return render(request, "quizzes/teacher/statistics.html", statistics_context(stats))

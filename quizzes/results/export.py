"""The results as CSV files: the results table, every response of some attempts, and
the quiz's statistics.

Rows come from :mod:`quizzes.results.table` (``StudentResult``), from
:func:`responses_for_export` here and from :mod:`quizzes.results.statistics`
(``QuizStatistics``); cells are written by pure functions and downloaded by a thin
response builder.

Files are UTF-8 with a byte-order mark, so Excel opens names such as "Zoë" or "李雷"
correctly, and every cell that a spreadsheet would read as a formula (one starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, as
OWASP's "CSV injection" advice says: a student called ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from lessons.models import Assignment
from quizzes.models import Attempt, Question, Quiz, Response, ResponseChoice, ResponseSentence
from quizzes.results.statistics import QuizStatistics

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

RESULTS_HEADER = [
    "username",
    "first name",
    "last name",
    "score",
    "max",
    "percent",
    "status",
    "submitted at",
    "late",
    "threads",
    "replies",
    "sentences discussed",
]
RESPONSES_HEADER = [
    "username",
    "attempt number",
    "question position",
    "question",
    "kind",
    "answer",
    "auto points",
    "override points",
    "final points",
    "max points",
]


def neutralise_cell(value: object) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _points(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _local_iso(moment) -> str:
    """An aware datetime as ISO 8601 in the school's time zone, to the second."""
    if moment is None:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def results_csv_rows(rows: Iterable) -> list[list[str]]:
    """The results CSV, header first, from ``quizzes.results.table.StudentResult`` rows.

    One row per student: score and max with two decimals, percent with one, status as
    "not started", "in progress" or "submitted", the counted attempt's submission time
    and whether it was late ("yes"/"no"; empty when nothing was submitted), then the
    student's discussion participation: threads, replies and the sentences discussed.
    """
    table = [list(RESULTS_HEADER)]
    for row in rows:
        student = row.student
        submitted = row.counted_attempt is not None
        table.append(
            [
                student.get_username(),
                student.first_name,
                student.last_name,
                _points(row.grade),
                _points(row.max_score),
                _percent(row.percent),
                row.status_label,
                _local_iso(row.submitted_at),
                ("yes" if row.is_late else "no") if submitted else "",
                str(row.participation.threads),
                str(row.participation.replies),
                " | ".join(sentence.text for sentence in row.discussed_sentences),
            ]
        )
    return table


def responses_csv_rows(rows: Iterable) -> list[list[str]]:
    """The responses CSV, header first, from :class:`ResponseExportRow` rows."""
    table = [list(RESPONSES_HEADER)]
    for row in rows:
        table.append(
            [
                row.username,
                str(row.attempt_number),
                str(row.question_position),
                row.question,
                row.kind_label,
                row.answer,
                _points(row.points),
                _points(row.override_points),
                _points(row.final_points),
                _points(row.max_points),
            ]
        )
    return table


def csv_text(table: Iterable[Sequence[object]]) -> str:
    """The table as CSV text: BOM first, CRLF line ends, every cell neutralised."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()


def csv_filename(*parts: str) -> str:
    """A safe, readable file name such as ``results-class-7b-the-article.csv``."""
    slug = "-".join(filter(None, (slugify(part) for part in parts))) or "export"
    return f"{slug[:120]}.csv"


def assignment_csv_filename(kind: str, assignment: Assignment, quiz: Quiz | None) -> str:
    """``results-class-7b-the-article-2026-11-30.csv``: kind, class, lesson slug, today.

    Short enough to read in a downloads list: the class and the lesson's slug cut at a
    word, no quiz title (the lesson's own title is usually in it), and the date, so a
    second download the next week does not overwrite the first.
    """
    today = timezone.localdate().isoformat()
    return csv_filename(
        kind,
        _cut(slugify(assignment.classroom.name), 24),
        _cut(assignment.lesson.slug or slugify(assignment.lesson.title), 40),
        today,
    )


def _cut(slug: str, limit: int) -> str:
    """``slug`` cut at a hyphen to at most ``limit`` characters."""
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] or slug[:limit]


def csv_download(*, table: Iterable[Sequence[object]], filename: str) -> HttpResponse:
    """An HttpResponse that downloads the table as ``filename`` (UTF-8 with BOM)."""
    response = HttpResponse(csv_text(table).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Results are personal data: never keep a copy in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


# --- responses ---------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseExportRow:
    """One response as the responses CSV lists it."""

    username: str
    attempt_number: int
    question_position: int
    kind: str
    answer: str
    points: Decimal | None
    override_points: Decimal | None
    final_points: Decimal | None
    max_points: Decimal
    kind_label: str = ""  # "Spot the unsupported claim", as the teacher's pages say it
    question: str = ""  # the prompt, whole: a spreadsheet column is read on its own


ANSWER_SEPARATOR = " | "


def with_answers(responses: QuerySet[Response]) -> QuerySet[Response]:
    """Responses with their questions and picks loaded for :func:`response_answer_text`."""
    return responses.select_related("question").prefetch_related(
        Prefetch(
            "responsechoice_set",
            queryset=ResponseChoice.objects.select_related("choice").order_by("choice__position"),
        ),
        Prefetch(
            "responsesentence_set",
            queryset=ResponseSentence.objects.select_related("sentence").order_by(
                "sentence__position"
            ),
        ),
    )


def response_answer_text(response: Response) -> str:
    """A response's answer as text: the picked choices' or sentences' texts in their
    order on the page, joined with " | ", or the typed answer."""
    question = response.question
    if question.is_choice_kind:
        return ANSWER_SEPARATOR.join(rc.choice.text for rc in response.responsechoice_set.all())
    if question.kind == Question.Kind.SPOT_CLAIM:
        return ANSWER_SEPARATOR.join(rs.sentence.text for rs in response.responsesentence_set.all())
    return response.text


def responses_for_export(attempts: QuerySet[Attempt]) -> list[ResponseExportRow]:
    """Every response of the given (already permission-scoped) attempts, as plain rows.

    Ordered by student name, attempt number and question position; the answer as
    :func:`response_answer_text` gives it. Four queries, whatever the number of rows.
    """
    responses = (
        with_answers(Response.objects.filter(attempt__in=attempts))
        .select_related("attempt__student")
        .order_by(
            "attempt__student__last_name",
            "attempt__student__first_name",
            "attempt__student__username",
            "attempt__quiz_id",
            "attempt__number",
            "question__position",
        )
    )
    rows = []
    for response in responses:
        question = response.question
        rows.append(
            ResponseExportRow(
                username=response.attempt.student.get_username(),
                attempt_number=response.attempt.number,
                question_position=question.position,
                kind=question.kind,
                kind_label=question.get_kind_display(),
                question=question.prompt,
                answer=response_answer_text(response),
                points=response.points,
                override_points=response.override_points,
                final_points=response.final_points,
                max_points=question.points,
            )
        )
    return rows


# --- statistics ----------------------------------------------------------------------

STATISTICS_QUESTION_HEADER = [
    "question position",
    "kind",
    "prompt",
    "max points",
    "attempts",
    "facility (%)",
    "sd (%)",
    "random guess score (%)",
    "intended weight (%)",
    "effective weight (%)",
    "discrimination index",
    "discriminative efficiency (%)",
    "mark variance (points²)",
    "other mark variance (points²)",
    "covariance (points²)",
    "max covariance (points²)",
    "covariance with total (points²)",
    "negative covariance",
    "flags",
]


def _number(value: float | None, places: int = 2) -> str:
    return "" if value is None else f"{value:.{places}f}"


def statistics_csv_rows(stats: QuizStatistics) -> list[list[str]]:
    """The statistics CSV: a header block, a blank row, then one row per question.

    The header block names the quiz, the classes and the attempts counted, then gives
    every test-level figure (percentages of the quiz's maximum, and points). Question
    rows hold every per-question figure, the variances and covariances behind the
    weights (in points squared, for the record), and the flags' codes. An empty cell is
    a figure that cannot be computed from these attempts.
    """
    quiz = stats.quiz
    test = stats.test_stats
    table: list[list[str]] = [
        ["quiz", quiz.title],
        ["lesson", quiz.lesson.title],
        ["classes", "; ".join(a.classroom.name for a in stats.assignments)],
        ["attempts counted", stats.which_label],
        ["attempt selection", stats.which],
        ["attempts", str(stats.attempts_count)],
        ["students", str(stats.students_count)],
        ["submitted attempts (all)", str(stats.submitted_count)],
        ["maximum points", _points(test.max_points)],
        ["mean (% of maximum)", _number(test.mean_percent)],
        ["mean (points)", _number(test.mean)],
        ["median (% of maximum)", _number(test.median_percent)],
        ["median (points)", _number(test.median)],
        ["standard deviation (% of maximum)", _number(test.sd_percent)],
        ["standard deviation (points)", _number(test.sd)],
        ["skewness", _number(test.skewness, 4)],
        ["kurtosis", _number(test.kurtosis, 4)],
        ["coefficient of internal consistency (%)", _number(test.cic)],
        ["error ratio (%)", _number(test.error_ratio)],
        ["standard error (% of maximum)", _number(test.standard_error_percent)],
        ["standard error (points)", _number(test.standard_error)],
    ]
    table.append([])
    table.append(list(STATISTICS_QUESTION_HEADER))
    for report in stats.questions:
        question, figure, weight = report.question, report.stats, report.weights
        table.append(
            [
                str(question.position),
                question.kind,
                " ".join(question.prompt.split()),
                _points(question.points),
                str(figure.attempts),
                _number(figure.facility),
                _number(figure.sd),
                _number(report.random_guess),
                _number(weight.intended_weight if weight else None),
                _number(weight.effective_weight if weight else None),
                _number(figure.discrimination),
                _number(figure.discriminative_efficiency),
                _number(weight.mark_variance if weight else None, 6),
                _number(weight.other_mark_variance if weight else None, 6),
                _number(weight.covariance if weight else None, 6),
                _number(weight.covariance_max if weight else None, 6),
                _number(weight.covariance_with_total if weight else None, 6),
                ("yes" if weight.negative_covariance else "no") if weight else "",
                " ".join(flag.code for flag in report.flags),
            ]
        )
    return table


def statistics_csv_filename(stats: QuizStatistics) -> str:
    """``statistics-class-7b-the-quiz-first.csv``: the classes (or "all-classes"), the quiz
    and the attempt selection."""
    where = stats.assignment.classroom.name if stats.assignment else "all-classes"
    return csv_filename("statistics", where, stats.quiz.title, stats.which)

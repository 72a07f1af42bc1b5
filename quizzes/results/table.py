"""An assignment's results table: one row per enrolled student, as the page shows it.

:func:`assignment_results_get` gathers, for one quiz of the assignment, every enrolled
student's reading progress, attempts, grade (by the quiz's grading method), counted
attempt and discussion participation, sorted as the teacher asked (names read as a
person reads them: "Student 2" before "Student 10"). :func:`results_context` is that
table formatted for the teacher's page and the admin's view of it; the CSV is written by
:mod:`quizzes.results.export`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from html import escape as _e

from django.contrib.auth import get_user_model
from django.db.models import Count, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from discussions.participation import Participation, participation_by_student
from lessons.models import Assignment, Section, SectionRead, Sentence
from lessons.people import display_name, name_sort_key
from quizzes.grading import combine_attempt_grades
from quizzes.models import Attempt, Question, Quiz
from quizzes.results.access import assignment_quiz_get_for_teacher, requested_quiz_id
from quizzes.statistics import ScoreSummary, completion_rate, score_summary

#: What the results table can be sorted by (``?sort=name``; a leading ``-`` reverses).
SORT_KEYS = ("name", "score", "submitted")
DEFAULT_SORT = "name"

#: Row statuses, in the words the page and the CSV use.
STATUS_NOT_STARTED = "not_started"
STATUS_IN_PROGRESS = "in_progress"
STATUS_SUBMITTED = "submitted"
STATUS_LABELS = {
    STATUS_NOT_STARTED: "not started",
    STATUS_IN_PROGRESS: "in progress",
    STATUS_SUBMITTED: "submitted",
}

#: What a row needs of a student (names and username), not their whole account.
STUDENT_FIELDS = ("id", "username", "first_name", "last_name")

#: The direction a column sorts in when first clicked: best scores and names A-Z first.
FIRST_DIRECTION = {"name": "", "score": "-", "submitted": ""}


def _quiz_total(quiz: Quiz) -> Decimal:
    total = Question.objects.filter(quiz=quiz).aggregate(total=Sum("points"))["total"]
    # Databases differ in the scale of a summed decimal: show two places like every score.
    return (total or Decimal(0)).quantize(Decimal("0.01"))


def percent_of(score: Decimal | None, maximum: Decimal | None) -> float | None:
    """A score as a percentage of its maximum, or None when either is missing or 0."""
    if score is None or not maximum:
        return None
    return float(Decimal(score) * 100 / Decimal(maximum))


# --- the rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptSummary:
    """What the results table, its CSV and the admin's view need of one attempt.

    Read with ``values_list`` rather than as ``Attempt`` objects: a class of 300 is 300+
    attempts, and building model instances was a third of the page's time when profiled.
    """

    pk: int
    number: int
    is_submitted: bool
    submitted_at: datetime | None
    score: Decimal | None
    max_score: Decimal
    is_sample: bool
    is_late: bool


@dataclass
class StudentResult:
    """One enrolled student's row on an assignment's results page."""

    student: object
    sections_read: int
    #: Every attempt at the chosen quiz under this assignment, in order.
    attempts: list[AttemptSummary]
    #: The student's grade per the quiz's grading method, over submitted attempts.
    grade: Decimal | None
    max_score: Decimal
    #: The submitted attempt whose time and lateness the row shows (see ``counted_attempt``).
    counted_attempt: AttemptSummary | None
    #: Threads started and replies posted in the assignment's discussion.
    participation: Participation = field(default_factory=Participation)
    #: The sentences the student discussed (posted in a thread anchored to), in reading order.
    discussed_sentences: list[Sentence] = field(default_factory=list)

    @property
    def submitted_attempts(self) -> list[AttemptSummary]:
        return [a for a in self.attempts if a.is_submitted]

    @property
    def status(self) -> str:
        if self.counted_attempt is not None:
            return STATUS_SUBMITTED
        if self.attempts:
            return STATUS_IN_PROGRESS
        return STATUS_NOT_STARTED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> float | None:
        return percent_of(self.grade, self.max_score)

    @property
    def submitted_at(self):
        return self.counted_attempt.submitted_at if self.counted_attempt else None

    @property
    def is_late(self) -> bool:
        return bool(self.counted_attempt and self.counted_attempt.is_late)

    @property
    def name(self) -> str:
        return display_name(self.student)


@dataclass
class AssignmentResults:
    """Everything an assignment's results page, CSV and admin view show."""

    assignment: Assignment
    quizzes: list[Quiz]
    quiz: Quiz | None
    quiz_total: Decimal
    sections_total: int
    rows: list[StudentResult]
    sort: str

    @property
    def enrolled(self) -> int:
        return len(self.rows)

    @property
    def submitted_count(self) -> int:
        return sum(1 for row in self.rows if row.status == STATUS_SUBMITTED)

    @property
    def completion_rate(self) -> float | None:
        return completion_rate(self.submitted_count, self.enrolled)

    @property
    def read_everything_count(self) -> int:
        if not self.sections_total:
            return 0
        return sum(1 for row in self.rows if row.sections_read >= self.sections_total)

    @property
    def summary(self) -> ScoreSummary:
        """Mean, median, min and max of the grades of students who submitted."""
        return score_summary([row.grade for row in self.rows if row.grade is not None])

    @property
    def mean_percent(self) -> float | None:
        return percent_of(self.summary.mean, self.quiz_total)

    @property
    def median_percent(self) -> float | None:
        return percent_of(self.summary.median, self.quiz_total)


def _counted_attempt(submitted: list[AttemptSummary], method: str) -> AttemptSummary | None:
    """The submitted attempt that settles the grade's time and lateness.

    Highest: the first attempt reaching the best score. Last and average: the latest
    submission (for the average, that is when the grade was last completed).
    """
    if not submitted:
        return None
    if method == Quiz.GradingMethod.HIGHEST:
        best = max(_score(a) for a in submitted)
        return next(a for a in submitted if _score(a) == best)
    return submitted[-1]


def _score(attempt: AttemptSummary) -> Decimal:
    return attempt.score if attempt.score is not None else Decimal("0.00")


def _sort_rows(rows: list[StudentResult], sort: str) -> str:
    """Sort rows in place by ``sort`` (a key of SORT_KEYS, maybe with ``-``); return it.

    Rows without a value (no grade, never submitted) go last in both directions, and the
    name breaks ties so the order is stable from one visit to the next.
    """
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT
    descending = sort.startswith("-")

    def by_name(row: StudentResult) -> tuple:
        return name_sort_key(row.student)

    rows.sort(key=by_name, reverse=descending and key == "name")
    if key == "score":
        present = [r for r in rows if r.percent is not None]
        absent = [r for r in rows if r.percent is None]
        present.sort(key=lambda r: r.percent, reverse=descending)
        rows[:] = present + absent
    elif key == "submitted":
        present = [r for r in rows if r.submitted_at is not None]
        absent = [r for r in rows if r.submitted_at is None]
        present.sort(key=lambda r: r.submitted_at, reverse=descending)
        rows[:] = present + absent
    return sort


def assignment_results_get(
    *, assignment_id: int, user, quiz_id: int | None = None, sort: str = DEFAULT_SORT
) -> AssignmentResults:
    """The results of one assignment for a teacher of its class (NotFound for anyone else).

    One row per student enrolled now (students who never started are listed), for one
    quiz of the lesson: ``quiz_id`` or, by default, the first by title. Runs the same
    number of queries for 3 or 300 students.
    """
    assignment, quizzes, quiz = assignment_quiz_get_for_teacher(
        assignment_id=assignment_id, user=user, quiz_id=quiz_id
    )

    # The students themselves, not their Enrollment rows: half the objects to build.
    students = list(
        get_user_model()
        .objects.filter(enrollments__classroom_id=assignment.classroom_id)
        .only(*STUDENT_FIELDS)
    )
    sections_total = Section.objects.filter(lesson_id=assignment.lesson_id).count()
    reads = dict(
        SectionRead.objects.filter(
            section__lesson_id=assignment.lesson_id,
            student__enrollments__classroom_id=assignment.classroom_id,
        )
        .values_list("student_id")
        .annotate(count=Count("id"))
        .order_by()
    )

    attempts_by_student: dict[int, list[AttemptSummary]] = defaultdict(list)
    quiz_total = Decimal("0.00")
    if quiz is not None:
        quiz_total = _quiz_total(quiz)
        due_at = assignment.due_at
        for student_id, *values in (
            Attempt.objects.filter(assignment=assignment, quiz=quiz)
            .order_by("student_id", "number")
            .values_list(
                "student_id", "pk", "number", "status", "submitted_at", "score", "max_score",
                "is_sample",
            )
        ):  # fmt: skip
            pk, number, status, submitted_at, score, max_score, is_sample = values
            attempts_by_student[student_id].append(
                AttemptSummary(
                    pk=pk,
                    number=number,
                    is_submitted=status == Attempt.Status.SUBMITTED,
                    submitted_at=submitted_at,
                    score=score,
                    max_score=max_score,
                    is_sample=is_sample,
                    is_late=bool(submitted_at and submitted_at > due_at),
                )
            )

    participation = participation_by_student(assignment=assignment)
    discussed_ids = set().union(*(p.sentence_ids for p in participation.values()))
    discussed = (
        list(
            Sentence.objects.filter(pk__in=discussed_ids).order_by("section__position", "position")
        )
        if discussed_ids
        else []
    )
    rows = []
    for student in students:
        attempts = attempts_by_student.get(student.pk, [])
        submitted = [a for a in attempts if a.is_submitted]
        grade = None
        counted = None
        if quiz is not None:
            grade = combine_attempt_grades([a.score for a in submitted], quiz.grading_method)
            counted = _counted_attempt(submitted, quiz.grading_method)
        max_score = max((a.max_score for a in submitted), default=quiz_total)
        rows.append(
            StudentResult(
                student=student,
                sections_read=reads.get(student.pk, 0),
                attempts=attempts,
                grade=grade,
                max_score=max_score,
                counted_attempt=counted,
                participation=participation.get(student.pk) or Participation(),
                discussed_sentences=[
                    sentence
                    for sentence in discussed
                    if sentence.pk in participation[student.pk].sentence_ids
                ]
                if student.pk in participation
                else [],
            )
        )
    sort = _sort_rows(rows, sort)
    return AssignmentResults(
        assignment=assignment,
        quizzes=quizzes,
        quiz=quiz,
        quiz_total=quiz_total,
        sections_total=sections_total,
        rows=rows,
        sort=sort,
    )


def assignment_results_for_request(
    request: HttpRequest, *, assignment_id: int
) -> AssignmentResults:
    """The results a results page's request asks for: the quiz in ``?quiz=`` (400 when it
    is not an id) sorted by ``?sort=``, for the signed-in teacher (NotFound for others)."""
    return assignment_results_get(
        assignment_id=assignment_id,
        user=request.user,
        quiz_id=requested_quiz_id(request),
        sort=request.GET.get("sort", DEFAULT_SORT),
    )


# --- as the page shows it ------------------------------------------------------------


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


def _url_maker(url_name: str):
    """``pk -> url`` for one URL pattern, reversing once: a class of 300 has 300+ links,
    and ``reverse()`` per link was a tenth of the page's time."""
    marker = 987654321
    pattern = reverse(url_name, args=[marker])
    head, tail = pattern.split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _short_datetime(local) -> str:
    """A local time as the date filter's "j M, H:i" says it ("7 Dec, 17:00"), without
    its per-call format parsing."""
    return f"{local.day} {str(MONTHS_3[local.month]).title()}, {local:%H:%M}"


_NONE = '<span class="text-body-secondary">—</span>'
_NO_ATTEMPTS = '<span class="text-body-secondary">none</span>'
_SAMPLE_TAG = '<span class="cw-sample-tag" title="Made by seed_demo --sample-results">sample</span>'
_IN_PROGRESS = (
    '<span class="visually-hidden"> (in progress)</span><span aria-hidden="true">…</span>'
)
_LATE = ' <span class="cw-status cw-status--late">Late</span>'


def result_rows_html(results: AssignmentResults, *, in_admin: bool = False) -> list[SafeString]:
    """The table's rows, one ``<tr>`` per student, every value escaped here by ``_e``.

    Built in Python, as Django's admin builds its changelist rows (``items_for_result``),
    rather than in the template: a class of 300 is some 4,000 cells, and the template
    engine's per-variable lookups (then ``format_html``'s lazy wrappers) were most of
    the page's time when profiled. Attempt links go to the admin if asked.
    """
    attempt_url = _url_maker(
        "admin:quizzes_attempt_change" if in_admin else "results:attempt_detail"
    )
    zone = timezone.get_current_timezone()  # once: each lookup goes through asgiref's Local
    with_quiz = results.quiz is not None
    reading = f" / {results.sections_total}"
    return [
        _result_row_html(row, attempt_url, zone, reading, with_quiz=with_quiz)
        for row in results.rows
    ]


def _result_row_html(row: StudentResult, attempt_url, zone, reading: str, *, with_quiz: bool):
    username = row.student.get_username()
    name = row.name
    cell = _e(name)
    if row.attempts:
        latest = max(row.attempts, key=lambda attempt: attempt.number)
        cell = f'<a href="{_e(attempt_url(latest.pk))}" data-testid="student-link">{cell}</a>'
    is_sample = any(attempt.is_sample for attempt in row.attempts)
    if name != username or is_sample:
        cell += (
            '<span class="d-block small fw-normal text-body-secondary">'
            f"{_SAMPLE_TAG if is_sample else ''}{_e(username) if name != username else ''}</span>"
        )
    cells = [f'<th scope="row" class="cw-results-name">{cell}</th>']
    if with_quiz:
        grade = _NONE
        if row.grade is not None:
            percent = row.percent
            grade = (
                f"{_e(str(row.grade))} / {_e(str(row.max_score))}"
                '<span class="d-block small text-body-secondary">'
                f"{f'{percent:.1f}%' if percent is not None else ''}</span>"
            )
        submitted = _NONE
        if row.submitted_at:
            local = row.submitted_at.astimezone(zone)
            submitted = (
                f'<time datetime="{local.isoformat()}">{_e(_short_datetime(local))}</time>'
                f"{_LATE if row.is_late else ''}"
            )
        attempts = " ".join(
            f'<a class="cw-attempt-link" href="{_e(attempt_url(attempt.pk))}">'
            f'<span class="visually-hidden">{_e(name)}, attempt </span>{attempt.number:d}'
            f"{'' if attempt.is_submitted else _IN_PROGRESS}</a>"
            for attempt in row.attempts
        )
        cells += [
            f'<td class="text-end text-nowrap" data-testid="grade">{grade}</td>',
            f'<td><span class="cw-status cw-status--{_e(row.status)}">'
            f"{_e(row.status_label)}</span></td>",
            f'<td class="text-nowrap">{submitted}</td>',
            f'<td class="cw-attempts">{attempts or _NO_ATTEMPTS}</td>',
        ]
    discussed = '<span class="text-body-secondary">0</span>'
    if row.discussed_sentences:
        count = len(row.discussed_sentences)
        items = "".join(
            f"<li>“{_e(Truncator(sentence.text).chars(90))}”</li>"
            for sentence in row.discussed_sentences
        )
        discussed = (
            f'<details><summary>{count:d}<span class="visually-hidden"> '
            f"sentence{'' if count == 1 else 's'} discussed by {_e(name)}</span></summary>"
            f'<ul class="small ps-3 mb-0">{items}</ul></details>'
        )
    cells += [
        f'<td class="text-nowrap">{row.sections_read:d}{reading}'
        '<span class="visually-hidden"> sections read</span></td>',
        f'<td class="text-end">{row.participation.threads:d}</td>',
        f'<td class="text-end">{row.participation.replies:d}</td>',
        f'<td class="cw-discussed">{discussed}</td>',
    ]
    return mark_safe(  # noqa: S308 -- every value above is escaped by _e or is an int
        f'<tr data-testid="result-row" data-username="{_e(username)}">{"".join(cells)}</tr>'
    )


def results_context(results: AssignmentResults, *, in_admin: bool = False) -> dict:
    """Template context shared by the teacher page and the admin view of results."""
    return {
        "results": results,
        "row_html": result_rows_html(results, in_admin=in_admin),
        "assignment": results.assignment,
        "quiz": results.quiz,
        "sort_columns": sort_columns(results),
        "in_admin": in_admin,
    }

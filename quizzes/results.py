"""Reads for teachers' results pages: who read and did what, how well, and what went wrong.

Every function here starts from :func:`lessons.selectors.assignments_taught_by` (or
``assignment_get_for_teacher``), so a teacher only ever sees the classes they teach and a
superuser sees every class; anybody else gets Http404. Each selector runs a fixed number
of queries whatever the class size: rows are gathered with one query per kind of thing
(enrolments, reading progress, attempts, discussion posts, responses, picks) and joined
in Python.

The arithmetic (grades, summaries, item statistics) is done by the pure modules
``quizzes.grading`` and ``quizzes.statistics``; this module only gathers their inputs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import BadRequest
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from lessons.discussion import Participation, display_name, participation_by_student
from lessons.models import Assignment, Enrollment, Section, SectionRead, Sentence
from lessons.params import int_from_digits
from lessons.selectors import assignment_get_for_teacher, assignments_taught_by
from quizzes.grading import combine_attempt_grades
from quizzes.models import (
    Attempt,
    Choice,
    Question,
    Quiz,
    Response,
    ResponseChoice,
    ResponseSentence,
    ScoreOverride,
)
from quizzes.selectors import (
    attempt_picks,
    claim_label_of,
    sentences_by_section,
    spot_claim_key_ids,
)
from quizzes.statistics import (
    AttemptScores,
    QuestionStats,
    ScoreSummary,
    SentenceStat,
    completion_rate,
    histogram,
    option_frequencies,
    question_statistics,
    score_summary,
    spot_claim_sentence_stats,
)

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

#: Why a discrimination index can be missing, in words a teacher can act on.
DISCRIMINATION_TOO_FEW = "Needs at least two submitted attempts."
DISCRIMINATION_NO_SPREAD = (
    "Everyone scored the same on this question or on the rest of the quiz, "
    "so there is nothing to correlate."
)

# --- shared helpers ----------------------------------------------------------------


def parse_optional_id(raw: str | None, *, name: str) -> int | None:
    """An id from a query-string value; None when absent; BadRequest (400) when not a number."""
    if raw in (None, ""):
        return None
    value = int_from_digits(raw.strip())
    if value is None:
        raise BadRequest(f"The {name} must be a number.")
    if value < 1:
        raise BadRequest(f"The {name} must be a positive number.")
    return value


def _quizzes_of_assignment(assignment: Assignment) -> list[Quiz]:
    """The lesson's published quizzes, plus any quiz students already took under it.

    A quiz a teacher unpublished after students answered it keeps its results visible.
    """
    return list(
        Quiz.objects.filter(lesson_id=assignment.lesson_id)
        .filter(Q(status=Quiz.Status.PUBLISHED) | Q(attempts__assignment=assignment))
        .distinct()
        .order_by("title", "id")
    )


def _choose_quiz(quizzes: list[Quiz], quiz_id: int | None) -> Quiz | None:
    if quiz_id is None:
        return quizzes[0] if quizzes else None
    for quiz in quizzes:
        if quiz.pk == quiz_id:
            return quiz
    raise Http404("This assignment has no such quiz.")


def assignment_quiz_get_for_teacher(
    *, assignment_id: int, user, quiz_id: int | None
) -> tuple[Assignment, list[Quiz], Quiz | None]:
    """An assignment for a teacher of its class, its quizzes, and the one asked for.

    ``quiz_id`` None chooses the first quiz by title (None when the lesson has none);
    Http404 for a quiz that is not the assignment's, or a class the user does not teach.
    """
    assignment = assignment_get_for_teacher(assignment_id=assignment_id, user=user)
    quizzes = _quizzes_of_assignment(assignment)
    return assignment, quizzes, _choose_quiz(quizzes, quiz_id)


def _quiz_total(quiz: Quiz) -> Decimal:
    total = Question.objects.filter(quiz=quiz).aggregate(total=Sum("points"))["total"]
    # Databases differ in the scale of a summed decimal: show two places like every score.
    return (total or Decimal(0)).quantize(Decimal("0.01"))


def percent_of(score: Decimal | None, maximum: Decimal | None) -> float | None:
    """A score as a percentage of its maximum, or None when either is missing or 0."""
    if score is None or not maximum:
        return None
    return float(Decimal(score) * 100 / Decimal(maximum))


# --- assignment results ------------------------------------------------------------


@dataclass
class StudentResult:
    """One enrolled student's row on an assignment's results page."""

    student: object
    sections_read: int
    #: Every attempt at the chosen quiz under this assignment, in order.
    attempts: list[Attempt]
    #: The student's grade per the quiz's grading method, over submitted attempts.
    grade: Decimal | None
    max_score: Decimal
    #: The submitted attempt whose time and lateness the row shows (see ``counted_attempt``).
    counted_attempt: Attempt | None
    #: Threads started and replies posted in the assignment's discussion.
    participation: Participation = field(default_factory=Participation)
    #: The sentences the student discussed (posted in a thread anchored to), in reading order.
    discussed_sentences: list[Sentence] = field(default_factory=list)

    @property
    def submitted_attempts(self) -> list[Attempt]:
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


def _counted_attempt(submitted: list[Attempt], method: str) -> Attempt | None:
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


def _score(attempt: Attempt) -> Decimal:
    return attempt.score if attempt.score is not None else Decimal("0.00")


def _natural(text: str) -> tuple:
    """A sort key that puts "Student 2" before "Student 10", as a teacher reads a list.

    Splitting on digit runs leaves text at even positions and numbers at odd ones, so two
    keys always compare text with text and number with number.
    """
    parts = re.split(r"(\d+)", text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


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
        student = row.student
        return (
            _natural(student.last_name),
            _natural(student.first_name),
            _natural(student.username),
        )

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
    """The results of one assignment for a teacher of its class (Http404 for anyone else).

    One row per student enrolled now (students who never started are listed), for one
    quiz of the lesson: ``quiz_id`` or, by default, the first by title. Runs the same
    number of queries for 3 or 300 students.
    """
    assignment, quizzes, quiz = assignment_quiz_get_for_teacher(
        assignment_id=assignment_id, user=user, quiz_id=quiz_id
    )

    enrollments = list(
        Enrollment.objects.filter(classroom_id=assignment.classroom_id).select_related("student")
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

    attempts_by_student: dict[int, list[Attempt]] = defaultdict(list)
    quiz_total = Decimal("0.00")
    if quiz is not None:
        quiz_total = _quiz_total(quiz)
        for attempt in Attempt.objects.filter(assignment=assignment, quiz=quiz).order_by(
            "student_id", "number"
        ):
            # Share the already-loaded objects so attempt.is_late costs no query.
            attempt.assignment = assignment
            attempt.quiz = quiz
            attempts_by_student[attempt.student_id].append(attempt)

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
    for enrollment in enrollments:
        student = enrollment.student
        attempts = attempts_by_student.get(student.pk, [])
        submitted = [a for a in attempts if a.is_submitted]
        grade = None
        counted = None
        if quiz is not None:
            grade = combine_attempt_grades([_score(a) for a in submitted], quiz.grading_method)
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
                    if student.pk in participation
                    and sentence.pk in participation[student.pk].sentence_ids
                ],
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


def assignments_with_results_for_teacher(user) -> QuerySet[Assignment]:
    """The assignments whose results a teacher may open, newest due date first."""
    # Subqueries rather than two joined Counts: joining enrolments with attempts would
    # multiply the rows of a class of 300 by its 300+ attempts before counting.
    enrolled = (
        Enrollment.objects.filter(classroom_id=OuterRef("classroom_id"))
        .order_by()
        .values("classroom_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    submitted = (
        Attempt.objects.filter(assignment_id=OuterRef("pk"), status=Attempt.Status.SUBMITTED)
        .order_by()
        .values("assignment_id")
        .annotate(count=Count("student_id", distinct=True))
        .values("count")
    )
    return (
        assignments_taught_by(user)
        .select_related("lesson", "classroom")
        .annotate(
            enrolled=Coalesce(Subquery(enrolled), 0),
            submitted_students=Coalesce(Subquery(submitted), 0),
        )
        .order_by("-due_at", "-id")
    )


# --- one attempt, reviewed by a teacher -------------------------------------------


def attempt_get_for_teacher(*, attempt_id: int, user) -> Attempt:
    """An attempt of a class the user teaches, with its quiz, assignment and student."""
    try:
        return (
            Attempt.objects.filter(assignment__in=assignments_taught_by(user))
            .select_related("quiz", "assignment__lesson", "assignment__classroom", "student")
            .get(pk=attempt_id)
        )
    except Attempt.DoesNotExist:
        raise Http404("No attempt of a class you teach has this address.") from None


def response_get_for_teacher(*, response_id: int, user) -> Response:
    """A response in an attempt of a class the user teaches, else Http404."""
    try:
        return (
            Response.objects.filter(attempt__assignment__in=assignments_taught_by(user))
            .select_related("attempt", "question")
            .get(pk=response_id)
        )
    except Response.DoesNotExist:
        raise Http404("No answer of a class you teach has this address.") from None


@dataclass(frozen=True)
class ChoiceReview:
    choice: Choice
    picked: bool

    @property
    def correct(self) -> bool:
        return self.choice.is_correct


@dataclass(frozen=True)
class SentenceReview:
    sentence: Sentence
    picked: bool
    in_key: bool
    #: The claim label's verdict ("unsupported", ...), "" when the sentence has no label.
    verdict: str
    verdict_label: str

    @property
    def outcome(self) -> str:
        """What the pick means: "right", "missed", "wrong pick" or "" (not picked, not key)."""
        if self.picked and self.in_key:
            return "right"
        if self.in_key:
            return "missed"
        if self.picked:
            return "wrong pick"
        return ""


@dataclass
class ResponseReview:
    """One question of an attempt, with the student's answer beside the key."""

    question: Question
    response: Response | None
    choices: list[ChoiceReview] = field(default_factory=list)
    sentences: list[SentenceReview] = field(default_factory=list)
    overrides: list[ScoreOverride] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.response and self.response.answered)

    @property
    def text(self) -> str:
        return self.response.text if self.response else ""

    @property
    def points(self) -> Decimal | None:
        return self.response.points if self.response else None

    @property
    def override_points(self) -> Decimal | None:
        return self.response.override_points if self.response else None

    @property
    def final_points(self) -> Decimal | None:
        return self.response.final_points if self.response else None


@dataclass
class AttemptReview:
    attempt: Attempt
    responses: list[ResponseReview]
    #: Every attempt of the same student at the same quiz under the same assignment.
    sibling_attempts: list[Attempt]


def attempt_review_get(*, attempt_id: int, user) -> AttemptReview:
    """One attempt with every question, the answer, the key, points and override log.

    Questions come in the quiz's order (not the student's shuffled order). A question the
    student never reached has no response and shows as unanswered.
    """
    attempt = attempt_get_for_teacher(attempt_id=attempt_id, user=user)
    questions = list(
        Question.objects.filter(quiz_id=attempt.quiz_id)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("position")
    )
    responses = {
        response.question_id: response
        for response in Response.objects.filter(attempt=attempt).prefetch_related(
            Prefetch(
                "overrides",
                queryset=ScoreOverride.objects.select_related("teacher").order_by("created_at"),
            ),
        )
    }
    picked_choices, picked_sentences = attempt_picks(attempt)
    sentences = sentences_by_section(
        q.section_id for q in questions if q.kind == Question.Kind.SPOT_CLAIM
    )

    reviews = []
    for question in questions:
        response = responses.get(question.pk)
        if response is not None:
            response.attempt = attempt  # for templates that follow the link back
        choices_picked = picked_choices.get(response.pk, set()) if response else set()
        sentences_picked = picked_sentences.get(response.pk, set()) if response else set()
        review = ResponseReview(
            question=question,
            response=response,
            overrides=list(response.overrides.all()) if response else [],
        )
        if question.is_choice_kind:
            review.choices = [
                ChoiceReview(choice=choice, picked=choice.pk in choices_picked)
                for choice in question.choices.all()
            ]
        elif question.kind == Question.Kind.SPOT_CLAIM:
            section_sentences = sentences.get(question.section_id, [])
            key = spot_claim_key_ids(question, section_sentences)
            for sentence in section_sentences:
                label = claim_label_of(sentence)
                review.sentences.append(
                    SentenceReview(
                        sentence=sentence,
                        picked=sentence.pk in sentences_picked,
                        in_key=sentence.pk in key,
                        verdict=label.verdict if label else "",
                        verdict_label=label.get_verdict_display() if label else "",
                    )
                )
        reviews.append(review)

    siblings = list(
        Attempt.objects.filter(
            assignment_id=attempt.assignment_id,
            quiz_id=attempt.quiz_id,
            student_id=attempt.student_id,
        ).order_by("number")
    )
    for sibling in siblings:
        sibling.assignment = attempt.assignment
    return AttemptReview(attempt=attempt, responses=reviews, sibling_attempts=siblings)


# --- statistics --------------------------------------------------------------------


@dataclass(frozen=True)
class OptionStat:
    """How many submitted attempts picked one choice."""

    choice: Choice
    picked: int
    attempts: int

    @property
    def percent(self) -> float | None:
        return 100 * self.picked / self.attempts if self.attempts else None


@dataclass(frozen=True)
class SentencePickStat:
    """A spot-the-claim sentence with its claim label and pick counts."""

    sentence: Sentence
    verdict: str
    verdict_label: str
    stat: SentenceStat

    @property
    def picked_percent(self) -> float | None:
        return 100 * self.stat.picked / self.stat.responses if self.stat.responses else None

    @property
    def missed_percent(self) -> float | None:
        if self.stat.missed is None or not self.stat.responses:
            return None
        return 100 * self.stat.missed / self.stat.responses


@dataclass
class QuestionReport:
    question: Question
    stats: QuestionStats
    options: list[OptionStat] = field(default_factory=list)
    sentences: list[SentencePickStat] = field(default_factory=list)
    #: Short answers: the most common typed answers (as typed, trimmed) and their counts.
    common_answers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def discrimination_reason(self) -> str:
        """Why the discrimination index is missing ("" when it is there)."""
        if self.stats.discrimination is not None:
            return ""
        if self.stats.attempts < 2:
            return DISCRIMINATION_TOO_FEW
        return DISCRIMINATION_NO_SPREAD


@dataclass
class QuizStatistics:
    """Statistics of one quiz over the submitted attempts of some assignments."""

    quiz: Quiz | None
    quizzes: list[Quiz]
    #: The single assignment for an assignment's page; None for a quiz across classes.
    assignment: Assignment | None
    #: Assignments included, each annotated with ``submitted_attempts``.
    assignments: list[Assignment]
    attempts_count: int
    students_count: int
    #: Percentages of the submitted attempts, for the score histogram.
    attempt_percents: list[float]
    questions: list[QuestionReport]

    @property
    def bins(self):
        return histogram(self.attempt_percents, bins=10)

    @property
    def summary(self) -> ScoreSummary:
        return score_summary([Decimal(str(round(p, 4))) for p in self.attempt_percents])


COMMON_ANSWERS_SHOWN = 10


def _common_answers(texts: list[str]) -> list[tuple[str, int]]:
    """The most common answers, ignoring case; each shown as first typed."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for text in texts:
        key = text.casefold()
        shown.setdefault(key, text)
        counts[key] += 1
    return [(shown[key], count) for key, count in counts.most_common(COMMON_ANSWERS_SHOWN)]


def _quiz_statistics(
    *, quiz: Quiz, assignment_ids: QuerySet | list[int]
) -> tuple[int, int, list[float], list[QuestionReport]]:
    """Gather every statistic of ``quiz`` over its submitted attempts under the assignments.

    Counts every submitted attempt (Moodle's default, "all attempts"), not only the one
    that makes each student's grade. Seven queries, whatever the number of attempts.
    """
    questions = list(
        Question.objects.filter(quiz=quiz)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("position")
    )
    attempts = list(
        Attempt.objects.filter(
            quiz=quiz, assignment_id__in=assignment_ids, status=Attempt.Status.SUBMITTED
        )
        .order_by("id")
        .values_list("id", "student_id", "score", "max_score")
    )
    attempt_ids = {a[0] for a in attempts}
    submitted = Q(
        attempt__quiz=quiz,
        attempt__assignment_id__in=assignment_ids,
        attempt__status=Attempt.Status.SUBMITTED,
    )
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    texts: dict[int, list[str]] = defaultdict(list)
    for attempt_id, question_id, auto, override, text in Response.objects.filter(
        submitted
    ).values_list("attempt_id", "question_id", "points", "override_points", "text"):
        final = override if override is not None else auto
        points[attempt_id][question_id] = final if final is not None else Decimal(0)
        if text.strip():
            texts[question_id].append(" ".join(text.split()))

    def picks_of(model) -> dict[int, dict[int, set[int]]]:
        through = ResponseChoice if model == "choice" else ResponseSentence
        by_question: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        rows = through.objects.filter(
            response__attempt__quiz=quiz,
            response__attempt__assignment_id__in=assignment_ids,
            response__attempt__status=Attempt.Status.SUBMITTED,
        ).values_list("response__question_id", "response__attempt_id", f"{model}_id")
        for question_id, attempt_id, option_id in rows:
            by_question[question_id][attempt_id].add(option_id)
        return by_question

    choice_picks = picks_of("choice")
    sentence_picks = picks_of("sentence")
    sentences = sentences_by_section(
        q.section_id for q in questions if q.kind == Question.Kind.SPOT_CLAIM
    )

    stats = question_statistics(
        [
            AttemptScores(attempt_id=a, question_points=points.get(a, {}))
            for a in sorted(attempt_ids)
        ],
        {q.pk: q.points for q in questions},
    )
    reports = []
    ordered_attempts = sorted(attempt_ids)
    for question, question_stats in zip(questions, stats, strict=True):
        report = QuestionReport(question=question, stats=question_stats)
        if question.is_choice_kind:
            by_attempt = choice_picks.get(question.pk, {})
            choices = list(question.choices.all())
            counts = option_frequencies(
                [by_attempt.get(a, set()) for a in ordered_attempts], [c.pk for c in choices]
            )
            report.options = [
                OptionStat(choice=c, picked=counts[c.pk], attempts=len(ordered_attempts))
                for c in choices
            ]
        elif question.kind == Question.Kind.SPOT_CLAIM:
            by_attempt = sentence_picks.get(question.pk, {})
            section_sentences = sentences.get(question.section_id, [])
            key = spot_claim_key_ids(question, section_sentences)
            sentence_stats = spot_claim_sentence_stats(
                [by_attempt.get(a, set()) for a in ordered_attempts],
                key,
                [s.pk for s in section_sentences],
            )
            for sentence, stat in zip(section_sentences, sentence_stats, strict=True):
                label = claim_label_of(sentence)
                report.sentences.append(
                    SentencePickStat(
                        sentence=sentence,
                        verdict=label.verdict if label else "",
                        verdict_label=label.get_verdict_display() if label else "",
                        stat=stat,
                    )
                )
        elif question.kind == Question.Kind.SHORT_ANSWER:
            report.common_answers = _common_answers(texts.get(question.pk, []))
        reports.append(report)

    percents = [
        p for _, _, score, maximum in attempts if (p := percent_of(score or 0, maximum)) is not None
    ]
    students = len({a[1] for a in attempts})
    return len(attempts), students, percents, reports


def assignment_statistics_get(
    *, assignment_id: int, user, quiz_id: int | None = None
) -> QuizStatistics:
    """Per-question statistics of one quiz under one assignment, for a teacher of its class."""
    assignment, quizzes, quiz = assignment_quiz_get_for_teacher(
        assignment_id=assignment_id, user=user, quiz_id=quiz_id
    )
    if quiz is None:
        return QuizStatistics(None, quizzes, assignment, [assignment], 0, 0, [], [])
    count, students, percents, reports = _quiz_statistics(quiz=quiz, assignment_ids=[assignment.pk])
    return QuizStatistics(
        quiz, quizzes, assignment, [assignment], count, students, percents, reports
    )


def quiz_statistics_get(*, quiz_id: int, user) -> QuizStatistics:
    """Per-question statistics of a quiz across every class the user teaches it to.

    Http404 unless the quiz's lesson is assigned to at least one of those classes.
    """
    taught = assignments_taught_by(user)
    quiz = Quiz.objects.select_related("lesson").filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404("No quiz of a class you teach has this address.")
    assignments = list(
        taught.filter(lesson_id=quiz.lesson_id)
        .select_related("classroom", "lesson")
        .annotate(
            submitted_attempts=Count(
                "attempts",
                filter=Q(attempts__quiz=quiz, attempts__status=Attempt.Status.SUBMITTED),
            )
        )
        .order_by("classroom__name", "id")
    )
    if not assignments:
        raise Http404("No quiz of a class you teach has this address.")
    count, students, percents, reports = _quiz_statistics(
        quiz=quiz, assignment_ids=[a.pk for a in assignments]
    )
    return QuizStatistics(quiz, [quiz], None, assignments, count, students, percents, reports)


# --- responses for export ------------------------------------------------------------


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
                answer=response_answer_text(response),
                points=response.points,
                override_points=response.override_points,
                final_points=response.final_points,
                max_points=question.points,
            )
        )
    return rows


def assignment_attempts_for_teacher(
    *, assignment: Assignment, quiz: Quiz | None
) -> QuerySet[Attempt]:
    """The attempts of a quiz under an assignment already fetched for its teacher."""
    if quiz is None:
        return Attempt.objects.none()
    return Attempt.objects.filter(assignment=assignment, quiz=quiz)


def attempts_for_admin(user) -> QuerySet[Attempt]:
    """Attempts of the classes the user teaches (all for a superuser), for the admin."""
    return Attempt.objects.filter(assignment__in=assignments_taught_by(user))


def responses_for_admin(user) -> QuerySet[Response]:
    """Responses in attempts of the classes the user teaches, for the admin."""
    return Response.objects.filter(attempt__assignment__in=assignments_taught_by(user))

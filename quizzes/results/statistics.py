"""A quiz's statistics page: Moodle's item analysis over submitted attempts, and charts.

:func:`assignment_statistics_get` covers one class's assignment,
:func:`quiz_statistics_get` the quiz across every class the teacher gave it to. Both
gather the attempts, points and picks in a fixed number of queries, choose the attempts
that count (``?attempts=all|first|last|graded``, :func:`quizzes.item_analysis.select_attempts`)
and hand them to the pure :mod:`quizzes.statistics` and :mod:`quizzes.item_analysis`:
test-level figures (mean, median, SD, skewness, kurtosis, internal consistency, error ratio,
standard error), per question facility, SD, random guess score, intended and effective
weight, discrimination, efficiency and the covariances behind them, and flags a teacher
should look at. :func:`statistics_context` draws the page's charts (server-rendered SVG,
:mod:`quizzes.charts`) beside their text tables; :func:`test_figures` and
:data:`QUESTION_FIGURES` name every figure with its help text, for the page and the CSV.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import BadRequest
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from lessons.models import Assignment, Sentence
from lessons.refusals import NotFound
from lessons.selectors import assignments_taught_by
from quizzes.charts import bar_chart_svg, histogram_svg
from quizzes.item_analysis import (
    HELP_TEXTS,
    AttemptRecord,
    Flag,
    TestStats,
    question_flags,
    select_attempts,
    test_statistics,
)
from quizzes.models import (
    Attempt,
    Choice,
    Question,
    Quiz,
    Response,
    ResponseChoice,
    ResponseSentence,
)
from quizzes.numbers import numeric_answers
from quizzes.results.access import assignment_quiz_get_for_teacher
from quizzes.results.reasons import ReasonCounts, sentence_reason_counts
from quizzes.results.table import percent_of
from quizzes.selectors import claim_verdict, sentences_by_section, spot_claim_key_ids
from quizzes.statistics import (
    QuestionStats,
    QuestionWeights,
    ScoreSummary,
    SentenceStat,
    histogram,
    option_frequencies,
    question_statistics,
    question_weights,
    random_guess_score,
    score_summary,
    spot_claim_sentence_stats,
)

#: Which attempts the statistics count (``?attempts=``): value -> label, "graded" aside.
WHICH_ATTEMPTS = {
    "all": "All submitted attempts",
    "first": "Each student's first attempt",
    "last": "Each student's last attempt",
    "graded": "The attempts that make each student's grade",
}
DEFAULT_WHICH = "all"
#: What "graded" counts, by the quiz's grading method.
GRADED_ATTEMPTS = {
    "highest": "each student's highest-scoring attempt (the quiz grades the highest)",
    "last": "each student's last attempt (the quiz grades the last)",
    "average": "every attempt (the quiz grades the average of them all)",
}


def requested_attempts(raw: str | None) -> str:
    """The attempt selection asked for with ``?attempts=``; 400 for an unknown one."""
    if raw in (None, ""):
        return DEFAULT_WHICH
    if raw not in WHICH_ATTEMPTS:
        raise BadRequest("Choose which attempts to count: all, first, last or graded.")
    return raw


def which_attempts_label(which: str, grading_method: str) -> str:
    """How the page and the CSV state the attempt selection, in plain words."""
    if which == "graded":
        return GRADED_ATTEMPTS.get(grading_method, WHICH_ATTEMPTS["graded"]).capitalize()
    return {
        "all": "Every submitted attempt",
        "first": "Each student's first submitted attempt",
        "last": "Each student's last submitted attempt",
    }[which]


@dataclass(frozen=True)
class Figure:
    """One named statistic with its plain-words meaning, as the page and the CSV show it."""

    key: str
    label: str
    #: The figure as the page shows it ("61.3 %"), or "" when it cannot be computed.
    text: str
    meaning: str
    #: Why the figure is missing ("" when it is there).
    missing: str = ""


def help_text(key: str) -> tuple[str, str]:
    """(label, meaning) of a figure, from :data:`quizzes.item_analysis.HELP_TEXTS`."""
    label, _sep, meaning = HELP_TEXTS[key].partition(": ")
    return label, meaning[:1].upper() + meaning[1:]


_NEEDS_SPREAD = "needs at least {n} submitted attempts whose totals differ"


def test_figures(stats: TestStats) -> list[Figure]:
    """The test-level figures in Moodle's order, each with its meaning and, when missing, why.

    Percentages are of the quiz's maximum, as Moodle shows them, with points beside them.
    """

    def points_and_percent(points: float | None, percent: float | None) -> str:
        if points is None or percent is None:
            return ""
        return f"{percent:.1f} % ({points:.2f} of {stats.max_points.normalize():f} points)"

    def plain(value: float | None, unit: str = "", places: int = 2) -> str:
        return "" if value is None else f"{value:.{places}f}{unit}"

    alpha_missing = _NEEDS_SPREAD.format(n=3)
    if stats.question_count < 2:
        alpha_missing = "needs at least two questions"
    rows = [
        ("attempts", str(stats.attempts), "no submitted attempt yet"),
        ("mean", points_and_percent(stats.mean, stats.mean_percent), "no submitted attempt yet"),
        (
            "median",
            points_and_percent(stats.median, stats.median_percent),
            "no submitted attempt yet",
        ),
        (
            "standard_deviation",
            points_and_percent(stats.sd, stats.sd_percent),
            "needs at least 2 submitted attempts",
        ),
        ("skewness", plain(stats.skewness), _NEEDS_SPREAD.format(n=3)),
        ("kurtosis", plain(stats.kurtosis), _NEEDS_SPREAD.format(n=4)),
        ("cic", plain(stats.cic, " %", 1), alpha_missing),
        ("error_ratio", plain(stats.error_ratio, " %", 1), alpha_missing),
        (
            "standard_error",
            points_and_percent(stats.standard_error, stats.standard_error_percent),
            alpha_missing,
        ),
    ]
    figures = []
    for key, text, missing in rows:
        label, meaning = help_text(key)
        figures.append(Figure(key, label, text, meaning, "" if text else missing))
    return figures


test_figures.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


#: The per-question figures, in the order the page's table and the CSV list them.
QUESTION_FIGURES = (
    "facility",
    "sd",
    "random_guess_score",
    "intended_weight",
    "effective_weight",
    "discrimination",
    "discriminative_efficiency",
)


def question_figure_help() -> list[tuple[str, str]]:
    """(label, meaning) of every per-question figure, for the page's definition list."""
    return [help_text(key) for key in QUESTION_FIGURES]


#: Short names of the flags (quizzes.item_analysis.question_flags) for the overview table.
FLAG_LABELS = {
    "very_hard": "Very hard",
    "very_easy": "Very easy",
    "negative_discrimination": "Review this question",
    "weight_too_high": "Counts more than intended",
    "weight_too_low": "Counts less than intended",
    "negative_covariance": "Works against the rest",
}


#: Why a discrimination index can be missing, in words a teacher can act on.
DISCRIMINATION_TOO_FEW = "Needs at least two submitted attempts."
DISCRIMINATION_NO_SPREAD = (
    "Everyone scored the same on this question or on the rest of the quiz, "
    "so there is nothing to correlate."
)


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
    #: Why students picked it (questions that ask why; None otherwise or on the CSV).
    reasons: ReasonCounts | None = None

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
    #: Intended and effective weight, with the covariances behind them.
    weights: QuestionWeights | None = None
    #: Random guess score as a percentage of the question's points (None if unknown).
    random_guess: float | None = None
    #: What a teacher should look at (facility, discrimination, weight).
    flags: list[Flag] = field(default_factory=list)
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

    @property
    def needs_review(self) -> bool:
        """Discrimination below 0: the page marks the question "review this question"."""
        return any(flag.code == "negative_discrimination" for flag in self.flags)

    @property
    def flag_labels(self) -> list[tuple[str, str]]:
        """(code, short name) of each flag, for the overview table."""
        return [(flag.code, FLAG_LABELS.get(flag.code, flag.code)) for flag in self.flags]


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
    #: Percentages of the counted attempts, for the score histogram.
    attempt_percents: list[float]
    questions: list[QuestionReport]
    #: Which attempts count: a key of WHICH_ATTEMPTS.
    which: str = DEFAULT_WHICH
    #: Moodle's test-level statistics over the counted attempts.
    test_stats: TestStats | None = None
    #: Submitted attempts before the selection (all of them, every student).
    submitted_count: int = 0

    @property
    def which_label(self) -> str:
        method = self.quiz.grading_method if self.quiz else "highest"
        return which_attempts_label(self.which, method)

    @property
    def which_choices(self) -> list[tuple[str, str]]:
        """The attempt selections offered, "graded" spelled out for this quiz."""
        method = self.quiz.grading_method if self.quiz else "highest"
        return [
            (key, label if key != "graded" else f"{label}: {GRADED_ATTEMPTS.get(method, '')}")
            for key, label in WHICH_ATTEMPTS.items()
        ]

    @property
    def flagged(self) -> list[QuestionReport]:
        return [report for report in self.questions if report.flags]

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


@dataclass
class _Gathered:
    attempts_count: int
    students_count: int
    percents: list[float]
    reports: list[QuestionReport]
    test_stats: TestStats
    submitted_count: int


def _random_guess(question: Question, *, options: int, key: int) -> float | None:
    """The question's random guess score as a percentage (quizzes.statistics' rule)."""
    kind = question.kind
    any_number = Fraction(0)
    if kind == Question.Kind.NUMERICAL:
        wildcards = [a for a in numeric_answers(question.numeric_answers) if a.value is None]
        any_number = Fraction(wildcards[0].fraction) if wildcards else Fraction(0)
    try:
        score = random_guess_score(
            kind,
            options=options,
            correct=key if kind != Question.Kind.TRUE_FALSE else None,
            any_number=any_number,
        )
    except ValueError:
        return None
    return float(100 * score)


def _quiz_statistics(
    *,
    quiz: Quiz,
    assignment_ids: QuerySet | list[int],
    which: str = DEFAULT_WHICH,
    with_reasons: bool = True,
) -> _Gathered:
    """Gather every statistic of ``quiz`` over its submitted attempts under the assignments.

    ``which`` chooses the attempts that count (``all``, Moodle's default, counts every
    submitted attempt). ``with_reasons`` adds why students picked each sentence of the
    spot-the-claim questions that ask (:mod:`quizzes.results.reasons`: one more query when
    such a question has counted attempts). Seven queries otherwise, whatever the number of
    attempts or questions.
    """
    questions = list(
        Question.objects.filter(quiz=quiz)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("position")
    )
    rows = list(
        Attempt.objects.filter(
            quiz=quiz, assignment_id__in=assignment_ids, status=Attempt.Status.SUBMITTED
        )
        .order_by("id")
        .values_list("id", "student_id", "number", "submitted_at", "score", "max_score")
    )
    submitted = Q(
        attempt__quiz=quiz,
        attempt__assignment_id__in=assignment_ids,
        attempt__status=Attempt.Status.SUBMITTED,
    )
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    texts: dict[int, dict[int, str]] = defaultdict(dict)
    for attempt_id, question_id, auto, override, text in Response.objects.filter(
        submitted
    ).values_list("attempt_id", "question_id", "points", "override_points", "text"):
        final = override if override is not None else auto
        points[attempt_id][question_id] = final if final is not None else Decimal(0)
        if text.strip():
            texts[question_id][attempt_id] = " ".join(text.split())

    records = [
        AttemptRecord(
            attempt_id=attempt_id,
            student_id=student_id,
            number=number,
            submitted_at=submitted_at,
            total=score,
            question_points=points.get(attempt_id, {}),
        )
        for attempt_id, student_id, number, submitted_at, score, _max in rows
    ]
    chosen = select_attempts(records, which, quiz.grading_method)
    counted = {record.attempt_id for record in chosen}
    ordered_attempts = [record.attempt_id for record in chosen]

    def picks_of(model) -> dict[int, dict[int, set[int]]]:
        through = ResponseChoice if model == "choice" else ResponseSentence
        by_question: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        rows = through.objects.filter(
            response__attempt__quiz=quiz,
            response__attempt__assignment_id__in=assignment_ids,
            response__attempt__status=Attempt.Status.SUBMITTED,
        ).values_list("response__question_id", "response__attempt_id", f"{model}_id")
        for question_id, attempt_id, option_id in rows:
            if attempt_id in counted:
                by_question[question_id][attempt_id].add(option_id)
        return by_question

    choice_picks = picks_of("choice")
    sentence_picks = picks_of("sentence")
    asks_why = with_reasons and any(
        q.kind == Question.Kind.SPOT_CLAIM and q.ask_reasons for q in questions
    )
    reasons = sentence_reason_counts(attempt_ids=ordered_attempts) if asks_why else {}
    sentences = sentences_by_section(
        q.section_id for q in questions if q.kind == Question.Kind.SPOT_CLAIM
    )

    scores = [record.scores() for record in chosen]
    max_points = {q.pk: q.points for q in questions}
    stats = question_statistics(scores, max_points)
    weights = question_weights(scores, max_points)
    flags = question_flags(stats, weights)
    reports = []
    for question, question_stats, question_weight in zip(questions, stats, weights, strict=True):
        report = QuestionReport(
            question=question,
            stats=question_stats,
            weights=question_weight,
            flags=flags[question.pk],
        )
        options, key = 0, 0
        if question.is_choice_kind:
            by_attempt = choice_picks.get(question.pk, {})
            choices = list(question.choices.all())
            options, key = len(choices), sum(1 for c in choices if c.is_correct)
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
            key_ids = spot_claim_key_ids(question, section_sentences)
            options, key = len(section_sentences), len(key_ids)
            sentence_stats = spot_claim_sentence_stats(
                [by_attempt.get(a, set()) for a in ordered_attempts],
                key_ids,
                [s.pk for s in section_sentences],
            )
            asked = asks_why and question.ask_reasons
            question_reasons = reasons.get(question.pk, {})
            for sentence, stat in zip(section_sentences, sentence_stats, strict=True):
                verdict, verdict_label = claim_verdict(sentence)
                report.sentences.append(
                    SentencePickStat(
                        sentence=sentence,
                        verdict=verdict,
                        verdict_label=verdict_label,
                        stat=stat,
                        reasons=question_reasons.get(sentence.pk, ReasonCounts())
                        if asked
                        else None,
                    )
                )
        elif question.kind in (Question.Kind.SHORT_ANSWER, Question.Kind.NUMERICAL):
            typed = texts.get(question.pk, {})
            report.common_answers = _common_answers(
                [typed[a] for a in ordered_attempts if a in typed]
            )
        report.random_guess = _random_guess(question, options=options, key=key)
        reports.append(report)

    percents = [
        p
        for attempt_id, _s, _n, _at, score, maximum in rows
        if attempt_id in counted and (p := percent_of(score or 0, maximum)) is not None
    ]
    students = len({record.student_id for record in chosen})
    return _Gathered(
        attempts_count=len(chosen),
        students_count=students,
        percents=percents,
        reports=reports,
        test_stats=test_statistics(scores, max_points),
        submitted_count=len(rows),
    )


def _statistics(
    gathered: _Gathered, *, quiz, quizzes, assignment, assignments, which
) -> QuizStatistics:
    return QuizStatistics(
        quiz=quiz,
        quizzes=quizzes,
        assignment=assignment,
        assignments=assignments,
        attempts_count=gathered.attempts_count,
        students_count=gathered.students_count,
        attempt_percents=gathered.percents,
        questions=gathered.reports,
        which=which,
        test_stats=gathered.test_stats,
        submitted_count=gathered.submitted_count,
    )


def assignment_statistics_get(
    *,
    assignment_id: int,
    user,
    quiz_id: int | None = None,
    which: str = DEFAULT_WHICH,
    with_reasons: bool = True,
) -> QuizStatistics:
    """Statistics of one quiz under one assignment, for a teacher of its class.

    ``which`` is the attempt selection (a key of :data:`WHICH_ATTEMPTS`); ``with_reasons``
    counts the reasons students gave for their picks (the page shows them, the CSV not).
    """
    assignment, quizzes, quiz = assignment_quiz_get_for_teacher(
        assignment_id=assignment_id, user=user, quiz_id=quiz_id
    )
    if quiz is None:
        return QuizStatistics(None, quizzes, assignment, [assignment], 0, 0, [], [], which)
    gathered = _quiz_statistics(
        quiz=quiz, assignment_ids=[assignment.pk], which=which, with_reasons=with_reasons
    )
    return _statistics(
        gathered,
        quiz=quiz,
        quizzes=quizzes,
        assignment=assignment,
        assignments=[assignment],
        which=which,
    )


def quiz_statistics_get(
    *, quiz_id: int, user, which: str = DEFAULT_WHICH, with_reasons: bool = True
) -> QuizStatistics:
    """Statistics of a quiz across every class the user teaches it to.

    NotFound unless the quiz's lesson is assigned to at least one of those classes.
    """
    taught = assignments_taught_by(user)
    quiz = Quiz.objects.select_related("lesson").filter(pk=quiz_id).first()
    if quiz is None:
        raise NotFound("No quiz of a class you teach has this address.", code="not_your_class")
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
        raise NotFound("No quiz of a class you teach has this address.", code="not_your_class")
    gathered = _quiz_statistics(
        quiz=quiz,
        assignment_ids=[a.pk for a in assignments],
        which=which,
        with_reasons=with_reasons,
    )
    return _statistics(
        gathered, quiz=quiz, quizzes=[quiz], assignment=None, assignments=assignments, which=which
    )


# --- charts --------------------------------------------------------------------------


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


def statistics_csv_url(stats: QuizStatistics) -> str:
    """The statistics CSV of the same quiz, classes and attempt selection as the page."""
    if stats.assignment is not None:
        url = reverse("results:assignment_statistics_csv", args=[stats.assignment.pk])
        query = {"quiz": stats.quiz.pk, "attempts": stats.which}
    else:
        url = reverse("results:quiz_statistics_csv", args=[stats.quiz.pk])
        query = {"attempts": stats.which}
    return f"{url}?{urlencode(query)}"


def statistics_context(stats: QuizStatistics) -> dict:
    """Charts and tables for a statistics page."""
    for index, report in enumerate(stats.questions, start=1):
        report.chart = _question_chart(report, index)
    context = {"stats": stats, "quiz": stats.quiz, "assignment": stats.assignment}
    if stats.quiz is not None:
        context["test_figures"] = test_figures(stats.test_stats) if stats.test_stats else []
        context["question_help"] = question_figure_help()
        context["csv_url"] = statistics_csv_url(stats)
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

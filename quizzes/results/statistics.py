"""A quiz's statistics page: per-question statistics over submitted attempts, and charts.

:func:`assignment_statistics_get` covers one class's assignment,
:func:`quiz_statistics_get` the quiz across every class the teacher gave it to. Both
gather the attempts, points and picks in a fixed number of queries and hand them to the
pure :mod:`quizzes.statistics`; :func:`statistics_context` draws the page's charts
(server-rendered SVG, :mod:`quizzes.charts`) beside their text tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from lessons.models import Assignment, Sentence
from lessons.refusals import NotFound
from lessons.selectors import assignments_taught_by
from quizzes.charts import bar_chart_svg, histogram_svg
from quizzes.models import (
    Attempt,
    Choice,
    Question,
    Quiz,
    Response,
    ResponseChoice,
    ResponseSentence,
)
from quizzes.results.access import assignment_quiz_get_for_teacher
from quizzes.results.table import percent_of
from quizzes.selectors import claim_verdict, sentences_by_section, spot_claim_key_ids
from quizzes.statistics import (
    AttemptScores,
    QuestionStats,
    ScoreSummary,
    SentenceStat,
    histogram,
    option_frequencies,
    question_statistics,
    score_summary,
    spot_claim_sentence_stats,
)

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
                verdict, verdict_label = claim_verdict(sentence)
                report.sentences.append(
                    SentencePickStat(
                        sentence=sentence, verdict=verdict, verdict_label=verdict_label, stat=stat
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
    count, students, percents, reports = _quiz_statistics(
        quiz=quiz, assignment_ids=[a.pk for a in assignments]
    )
    return QuizStatistics(quiz, [quiz], None, assignments, count, students, percents, reports)


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

"""Quiz statistics as pure functions over plain values.

Per-question statistics follow Moodle's quiz statistics report ("Quiz statistics
calculations" in the Moodle docs, ``question/classes/statistics/questions/calculator.php``):

* facility index: the mean score on the question as a fraction of its maximum, in percent;
* standard deviation: the sample standard deviation (n - 1) of that fraction, in percent;
* discrimination index: 100 x the Pearson correlation between the score on the question
  and the score on the rest of the test (the attempt's total minus this question);
* discriminative efficiency: 100 x that covariance divided by the largest covariance the
  two score distributions allow (both sorted ascending and paired).

Sums and deviations are computed exactly with :class:`fractions.Fraction`, so "zero
variance" is decided exactly rather than by a float tolerance; only the final ratios and
square roots become floats. Nothing here touches the database: selectors gather the
values, these functions do the arithmetic, templates and ``quizzes.charts`` present it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class AttemptScores:
    """The points one submitted attempt earned, question by question."""

    attempt_id: int
    #: Question id -> points earned. A question missing here counts as 0 points.
    question_points: dict[int, Decimal]


@dataclass(frozen=True)
class QuestionStats:
    """Moodle-style item statistics for one question over a set of attempts."""

    question_id: int
    #: Number of attempts the statistics are computed over.
    attempts: int
    #: Mean score as a percentage of the question's maximum (0..100); None without
    #: attempts or when the question is worth 0 points.
    facility: float | None
    #: 100 x Pearson r(question score, rest-of-test score), -100..100; None with fewer
    #: than two attempts or when either score has zero variance.
    discrimination: float | None
    #: Sample standard deviation of the score fraction, in percent; None with fewer than
    #: two attempts or when the question is worth 0 points.
    sd: float | None
    #: 100 x covariance / maximum covariance the marginals allow; None when undefined.
    discriminative_efficiency: float | None = None


@dataclass(frozen=True)
class ScoreSummary:
    """Count, mean, median, minimum and maximum of a list of scores."""

    count: int
    mean: Decimal | None
    median: Decimal | None
    min: Decimal | None
    max: Decimal | None


@dataclass(frozen=True)
class Bin:
    """One histogram bin over percentages: ``lower <= value < upper``.

    The last bin of a :func:`histogram` also holds ``value == upper`` (that is, 100).
    """

    lower: float
    upper: float
    count: int

    @property
    def label(self) -> str:
        """A short human label such as ``"90–100"`` (en dash, no unit)."""
        return f"{_format_edge(self.lower)}–{_format_edge(self.upper)}"


@dataclass(frozen=True)
class SentenceStat:
    """How often one sentence of a spot-the-claim question was picked."""

    sentence_id: int
    #: Whether the sentence belongs to the answer key.
    in_key: bool
    #: Responses that picked this sentence.
    picked: int
    #: For key sentences, responses that did not pick it; None for other sentences.
    missed: int | None
    #: Number of responses the counts are out of.
    responses: int


def _format_edge(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _sample_variance_sum(values: Sequence[Fraction], mean: Fraction) -> Fraction:
    return sum(((v - mean) ** 2 for v in values), Fraction(0))


def _covariance_sum(
    xs: Sequence[Fraction], x_mean: Fraction, ys: Sequence[Fraction], y_mean: Fraction
) -> Fraction:
    return sum(((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)), Fraction(0))


def _one_question(
    question_id: int, max_points: Fraction, marks: list[Fraction], totals: list[Fraction]
) -> QuestionStats:
    count = len(marks)
    if count == 0:
        return QuestionStats(question_id, 0, None, None, None, None)

    mark_mean = sum(marks, Fraction(0)) / count
    facility = float(100 * mark_mean / max_points) if max_points > 0 else None

    if count < 2:
        return QuestionStats(question_id, count, facility, None, None, None)

    others = [total - mark for total, mark in zip(totals, marks, strict=True)]
    other_mean = sum(others, Fraction(0)) / count
    # The (n - 1) divisors of variance and covariance cancel in both ratios below, so
    # the sums of squares and products are enough; only sd needs the divisor.
    mark_ss = _sample_variance_sum(marks, mark_mean)
    other_ss = _sample_variance_sum(others, other_mean)
    covariance = _covariance_sum(marks, mark_mean, others, other_mean)
    covariance_max = _covariance_sum(sorted(marks), mark_mean, sorted(others), other_mean)

    sd = 100 * math.sqrt(mark_ss / (count - 1)) / float(max_points) if max_points > 0 else None
    discrimination = None
    if mark_ss * other_ss:
        r = float(covariance) / math.sqrt(mark_ss * other_ss)
        discrimination = 100 * min(1.0, max(-1.0, r))  # |r| <= 1; clamp float rounding
    efficiency = 100 * float(covariance / covariance_max) if covariance_max else None
    return QuestionStats(question_id, count, facility, discrimination, sd, efficiency)


def question_statistics(
    attempts: list[AttemptScores], max_points: dict[int, Decimal]
) -> list[QuestionStats]:
    """Facility, discrimination, standard deviation and efficiency for each question.

    ``max_points`` lists the quiz's questions (id -> maximum points) and fixes the order
    of the result, one :class:`QuestionStats` per question. An attempt's total is the sum
    of its points on those questions only (points for other ids are ignored); the "rest
    of the test" for a question is that total minus the question's own points.
    """
    question_ids = list(max_points)
    rows = [
        [Fraction(attempt.question_points.get(qid, 0)) for qid in question_ids]
        for attempt in attempts
    ]
    totals = [sum(row, Fraction(0)) for row in rows]
    return [
        _one_question(qid, Fraction(max_points[qid]), [row[i] for row in rows], totals)
        for i, qid in enumerate(question_ids)
    ]


def score_summary(scores: list[Decimal]) -> ScoreSummary:
    """Count, mean, median, min and max of some scores; all but count None when empty."""
    if not scores:
        return ScoreSummary(count=0, mean=None, median=None, min=None, max=None)
    values = [Decimal(score) for score in scores]
    return ScoreSummary(
        count=len(values),
        mean=sum(values, Decimal(0)) / len(values),
        median=statistics.median(values),
        min=min(values),
        max=max(values),
    )


def histogram(percentages: list[float], bins: int = 10) -> list[Bin]:
    """Count percentages into ``bins`` equal-width bins spanning 0..100.

    Each bin holds ``lower <= value < upper``; the last bin also holds 100. Values are
    rounded to 9 decimal places first, so float noise such as ``29.999999999999996``
    (from ``100 * 0.3``) lands in the bin a reader expects. Values below 0 count in the
    first bin and values above 100 (possible after a teacher's override) in the last.
    """
    if bins < 1:
        raise ValueError("histogram needs at least one bin")
    counts = [0] * bins
    for value in percentages:
        if math.isnan(value):
            raise ValueError("histogram got a NaN percentage")
        index = math.floor(round(value, 9) * bins / 100)
        counts[min(max(index, 0), bins - 1)] += 1
    width = 100 / bins
    return [
        Bin(lower=i * width, upper=100.0 if i == bins - 1 else (i + 1) * width, count=count)
        for i, count in enumerate(counts)
    ]


def option_frequencies(picks: list[set[int]], options: list[int]) -> dict[int, int]:
    """How many responses picked each option, keyed in ``options`` order.

    ``picks`` holds one set of picked option ids per response; ids that are not among
    ``options`` are ignored, and an option nobody picked counts 0.
    """
    counts = dict.fromkeys(options, 0)
    for picked in picks:
        for option in picked:
            if option in counts:
                counts[option] += 1
    return counts


def spot_claim_sentence_stats(
    picks: list[set[int]], key: set[int], sentence_ids: list[int]
) -> list[SentenceStat]:
    """Per sentence of a spot-the-claim question: picks, and misses for key sentences.

    ``picks`` holds the set of sentence ids each response selected. The result follows
    ``sentence_ids`` order; ``missed`` counts the responses that left a key sentence
    unpicked and is None for sentences outside the key.
    """
    frequencies = option_frequencies(picks, sentence_ids)
    responses = len(picks)
    return [
        SentenceStat(
            sentence_id=sid,
            in_key=sid in key,
            picked=frequencies[sid],
            missed=responses - frequencies[sid] if sid in key else None,
            responses=responses,
        )
        for sid in sentence_ids
    ]


def completion_rate(done: int, enrolled: int) -> float | None:
    """The percentage (0..100) of enrolled students who have done the work.

    None when nobody is enrolled. Capped at 100: students who submitted and then left
    the class can make ``done`` exceed the current enrolment.
    """
    if done < 0 or enrolled < 0:
        raise ValueError("counts cannot be negative")
    if enrolled == 0:
        return None
    return min(100.0, 100 * done / enrolled)

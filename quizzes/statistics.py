"""Quiz statistics as pure functions over plain values.

Per-question statistics follow Moodle's quiz statistics report ("Quiz statistics
calculations" in the Moodle docs, ``question/classes/statistics/questions/calculator.php``):

* facility index: the mean score on the question as a fraction of its maximum, in percent;
* standard deviation: the sample standard deviation (n - 1) of that fraction, in percent;
* discrimination index: 100 x the Pearson correlation between the score on the question
  and the score on the rest of the test (the attempt's total minus this question);
* discriminative efficiency: 100 x that covariance divided by the largest covariance the
  two score distributions allow (both sorted ascending and paired).

Question weights (:func:`question_weights`) follow the same calculator: the intended
weight is the question's share of the quiz's maximum, the effective weight its share of the
spread of total scores. :func:`random_guess_score` gives the expected score of a blind
guess. Test-level statistics, attempt selection and teacher-facing flags live in
:mod:`quizzes.item_analysis`, built on these functions.

Sums and deviations are computed exactly with :class:`fractions.Fraction`, so "zero
variance" is decided exactly rather than by a float tolerance; only the final ratios and
square roots become floats. Nothing here touches the database: selectors gather the
values, these functions do the arithmetic, templates and ``quizzes.charts`` present it.
"""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import comb

#: Question kinds :func:`random_guess_score` knows (the values of Question.Kind).
QUESTION_KINDS = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_answer",
    "numerical",
    "spot_claim",
)


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


@dataclass(frozen=True)
class ScaledScores:
    """:func:`score_matrix` as whole numbers: every point value times ``scale``.

    Points are Decimals with a few places, so one common denominator (``scale``, 100 for
    points with two decimals) turns every sum below into integer arithmetic: exact, as with
    Fractions, and some twenty times faster for a class of 300.
    """

    rows: list[list[int]]
    totals: list[int]
    scale: int

    def column(self, index: int) -> list[int]:
        return [row[index] for row in self.rows]


def scaled_matrix(
    attempts: Sequence[AttemptScores], max_points: dict[int, Decimal]
) -> ScaledScores:
    """The attempts' points as :class:`ScaledScores` (the same matrix as :func:`score_matrix`)."""
    ratios = [
        [_ratio(attempt.question_points.get(qid, 0)) for qid in max_points] for attempt in attempts
    ]
    scale = math.lcm(1, *(denominator for row in ratios for _n, denominator in row))
    rows = [
        [numerator * (scale // denominator) for numerator, denominator in row] for row in ratios
    ]
    return ScaledScores(rows, [sum(row) for row in rows], scale)


_EXACT = (Decimal, int, Fraction)


def _ratio(value: Decimal | int) -> tuple[int, int]:
    # Decimal, int and Fraction all give their exact ratio; anything else goes through
    # Fraction, which refuses what is not a number as score_matrix does.
    if isinstance(value, _EXACT):
        return value.as_integer_ratio()
    return Fraction(value).as_integer_ratio()


def n_products(xs: Sequence[int], ys: Sequence[int]) -> int:
    """``n S(x, y)``: n times the sum of products of deviations from the means, exactly.

    ``S(x, y) = sum (x - x̄)(y - ȳ) = sum xy - (sum x)(sum y) / n``, so over whole numbers
    ``n S(x, y) = n sum xy - (sum x)(sum y)`` needs no division at all.
    """
    return len(xs) * sum(map(operator.mul, xs, ys)) - sum(xs) * sum(ys)


def _one_question(
    question_id: int, max_points: Fraction, marks: list[int], totals: list[int], scale: int
) -> QuestionStats:
    count = len(marks)
    if count == 0:
        return QuestionStats(question_id, 0, None, None, None, None)

    mark_mean = Fraction(sum(marks), count * scale)
    facility = float(100 * mark_mean / max_points) if max_points > 0 else None

    if count < 2:
        return QuestionStats(question_id, count, facility, None, None, None)

    others = [total - mark for total, mark in zip(totals, marks, strict=True)]
    # The (n - 1) divisors of variance and covariance cancel in both ratios below, so
    # the sums of squares and products are enough; only sd needs the divisor. Each sum
    # S is n_products / (n scale**2), exactly.
    unit = count * scale * scale
    mark_ss = Fraction(n_products(marks, marks), unit)
    other_ss = Fraction(n_products(others, others), unit)
    covariance = Fraction(n_products(marks, others), unit)
    covariance_max = Fraction(n_products(sorted(marks), sorted(others)), unit)

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
    scores = scaled_matrix(attempts, max_points)
    return [
        _one_question(qid, Fraction(max_points[qid]), scores.column(i), scores.totals, scores.scale)
        for i, qid in enumerate(max_points)
    ]


def score_matrix(
    attempts: Sequence[AttemptScores], max_points: dict[int, Decimal]
) -> tuple[list[list[Fraction]], list[Fraction]]:
    """Each attempt's exact points per question, in ``max_points`` order, and its total.

    Returns ``(rows, totals)``: ``rows[a][q]`` is attempt ``a``'s points on the ``q``-th
    question of ``max_points`` (0 when missing) and ``totals[a]`` their sum. Points for
    question ids outside ``max_points`` are ignored. This is the one definition of "an
    attempt's total" that every statistic in this module and :mod:`quizzes.item_analysis`
    shares (Moodle's ``summarks``); they compute on :func:`scaled_matrix`, the same matrix
    in whole numbers.
    """
    rows = [
        [Fraction(attempt.question_points.get(qid, 0)) for qid in max_points]
        for attempt in attempts
    ]
    return rows, [sum(row, Fraction(0)) for row in rows]


# --- question weights (Moodle's intended and effective weight) -----------------------


@dataclass(frozen=True)
class QuestionWeights:
    """How much one question counts in the quiz: by design and in practice.

    Units: weights in percent; variances and covariances in points squared (the question's
    points and the attempt's total in points, as Moodle stores them). Sample statistics
    divide by n - 1. Every figure that needs a spread is None with fewer than two attempts.
    """

    question_id: int
    #: Number of attempts the figures are computed over.
    attempts: int
    #: 100 x the question's maximum / the quiz's maximum (sum of all maxima); None when
    #: the quiz is worth 0 points. Does not depend on the attempts.
    intended_weight: float | None
    #: 100 x sqrt(covariance_with_total) / (sum of sqrt(covariance_with_total) over the
    #: questions whose covariance is not negative); None when that sum is 0, with fewer
    #: than two attempts, or for a question with a negative covariance.
    effective_weight: float | None
    #: Whether covariance_with_total < 0 (Moodle shows "Negative covariance" instead of
    #: an effective weight). False when undefined.
    negative_covariance: bool
    #: Sample variance of the question's points (Moodle ``markvariance``).
    mark_variance: float | None
    #: Sample variance of the rest-of-test score, total minus this question
    #: (Moodle ``othermarkvariance``).
    other_mark_variance: float | None
    #: Sample covariance of the question's points with the rest-of-test score
    #: (Moodle ``covariance``).
    covariance: float | None
    #: The largest covariance the two marginals allow, both sorted ascending and paired
    #: (Moodle ``covariancemax``).
    covariance_max: float | None
    #: Sample covariance of the question's points with the attempt's total
    #: (Moodle ``covariancewithoverallmark``).
    covariance_with_total: float | None


def question_weights(
    attempts: Sequence[AttemptScores], max_points: dict[int, Decimal]
) -> list[QuestionWeights]:
    """Intended and effective weight of each question, with Moodle's intermediate figures.

    Same inputs and order as :func:`question_statistics`. With ``x`` a question's points,
    ``y`` the rest of the test (total - x), ``t`` the total and ``n`` the attempts, as in
    Moodle's ``core_question\\statistics\\questions\\calculator``::

        mark_variance         = S(x, x) / (n - 1)
        other_mark_variance   = S(y, y) / (n - 1)
        covariance            = S(x, y) / (n - 1)
        covariance_max        = S(sorted x, sorted y) / (n - 1)
        covariance_with_total = S(x, t) / (n - 1)
        intended_weight       = 100 x max(x) / sum of max over all questions
        effective_weight      = 100 x sqrt(covariance_with_total) / W,
                                W = sum of sqrt(covariance_with_total) over the questions
                                    whose covariance_with_total >= 0

    where ``S(a, b)`` is the sum of products of deviations from the means. Moodle's rule
    for negative covariances, followed exactly: a question whose ``covariance_with_total``
    is negative gets no effective weight (``negative_covariance`` is True) and is left out
    of ``W``, so the other questions' effective weights still sum to 100; when ``W`` is 0
    (no spread, or one attempt) no question has an effective weight. A question with zero
    covariance (say, everyone scored the same on it) has effective weight 0.
    """
    scores = scaled_matrix(attempts, max_points)
    totals = scores.totals
    count = len(totals)
    quiz_max = sum((Fraction(m) for m in max_points.values()), Fraction(0))
    intended = {
        qid: (float(100 * Fraction(m) / quiz_max) if quiz_max else None)
        for qid, m in max_points.items()
    }
    if count < 2:
        return [
            QuestionWeights(qid, count, intended[qid], None, False, None, None, None, None, None)
            for qid in max_points
        ]

    # S(a, b) / (n - 1) = n_products(a, b) / (n scale**2 (n - 1)), in points squared.
    unit = count * scores.scale * scores.scale * (count - 1)
    figures: dict[int, dict[str, Fraction]] = {}
    for i, qid in enumerate(max_points):
        marks = scores.column(i)
        others = [total - mark for total, mark in zip(totals, marks, strict=True)]
        sums = {
            "mark_variance": n_products(marks, marks),
            "other_mark_variance": n_products(others, others),
            "covariance": n_products(marks, others),
            "covariance_max": n_products(sorted(marks), sorted(others)),
            "covariance_with_total": n_products(marks, totals),
        }
        figures[qid] = {name: Fraction(value, unit) for name, value in sums.items()}
    roots = {
        qid: math.sqrt(f["covariance_with_total"])
        for qid, f in figures.items()
        if f["covariance_with_total"] >= 0
    }
    weight_sum = sum(roots.values())
    return [
        QuestionWeights(
            question_id=qid,
            attempts=count,
            intended_weight=intended[qid],
            effective_weight=100 * roots[qid] / weight_sum if weight_sum and qid in roots else None,
            negative_covariance=f["covariance_with_total"] < 0,
            **{name: float(value) for name, value in f.items()},
        )
        for qid, f in figures.items()
    ]


# --- random guess score --------------------------------------------------------------


def random_guess_score(
    kind: str, *, options: int = 0, correct: int | None = None, any_number: Fraction = Fraction(0)
) -> Fraction:
    """The expected score, as a fraction 0..1 of the question, of a blind guess.

    ``options`` is the number of choices (or, for ``spot_claim``, sentences) and
    ``correct`` how many of them are in the key. The result is exact:

    * ``single_choice``: ``correct / options`` (``correct`` defaults to 1): one option
      picked uniformly at random. This is Moodle's ``qtype_multichoice`` rule for single
      answers (the mean of the options' fractions). No options: 0.
    * ``true_false``: 1/2, as Moodle's ``qtype_truefalse``.
    * ``short_answer``: 0. Moodle returns the fraction of a ``*`` wildcard answer; this app
      has no wildcard answers (a teacher's catch-all pattern is not analysed).
    * ``numerical``: ``any_number``, the fraction of the question's "*" (any other
      number) value when it has one, else 0 -- Moodle's ``qtype_numerical`` rule.
    * ``multiple_choice`` and ``spot_claim`` (``correct`` required): the expected score,
      under :func:`quizzes.grading.grade_selection`, of a student who ticks each option
      independently with probability 1/2 -- every one of the ``2**options`` responses,
      the empty one included, equally likely. Moodle gives no figure for multiple-answer
      questions ("pretty much impossible to compute"); this definition is ours. With
      ``k = correct`` key options and ``m = options - k`` others, a response with ``r``
      right and ``w`` wrong picks scores ``clamp(r/k - w/m, 0, 1)``, so, counting
      responses by (r, w) instead of enumerating them::

          E = sum over r in 0..k, w in 0..m of C(k, r) C(m, w) clamp(r/k - w/m) / 2**options

      With an empty key a response scores ``1 - w/options`` (1 when there are no
      options), so E = 1/2 (1 without options). The exact share is used, not the
      4-place rounding :func:`~quizzes.grading.grade_selection` stores.

    Raises ``ValueError`` for an unknown kind, negative counts, ``correct > options``, or
    a selection kind without ``correct``.
    """
    if kind not in QUESTION_KINDS:
        raise ValueError(f"unknown question kind {kind!r}; expected one of {QUESTION_KINDS}")
    if options < 0 or (correct is not None and not 0 <= correct <= options):
        raise ValueError("need 0 <= correct <= options")
    if kind == "true_false":
        return Fraction(1, 2)
    if kind == "short_answer":
        return Fraction(0)
    if kind == "numerical":
        return Fraction(any_number)
    if kind == "single_choice":
        key = 1 if correct is None else correct
        return Fraction(key, options) if options else Fraction(0)
    if correct is None:
        raise ValueError(f"{kind} needs the number of correct options")
    return _selection_guess_score(options, correct)


def _selection_guess_score(options: int, key: int) -> Fraction:
    if options == 0:
        return Fraction(1)
    if key == 0:
        return Fraction(1, 2)  # E[1 - w/n] with w ~ Binomial(n, 1/2)
    wrong = options - key
    total = Fraction(0)
    for right_picks in range(key + 1):
        for wrong_picks in range(wrong + 1):
            share = Fraction(right_picks, key)
            if wrong_picks:
                share -= Fraction(wrong_picks, wrong)
            if share > 0:  # a share never exceeds 1 here; below 0 it counts 0
                total += comb(key, right_picks) * comb(wrong, wrong_picks) * share
    return total / 2**options


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

"""Moodle-equivalent item analysis on top of :mod:`quizzes.statistics`: pure functions.

* :func:`test_statistics` -- the test-level figures of Moodle's quiz statistics report
  (``mod/quiz/report/statistics/classes/calculator.php``): mean, median, standard
  deviation, skewness, kurtosis, coefficient of internal consistency (Cronbach's alpha),
  error ratio and standard error.
* :func:`select_attempts` -- which attempts the statistics are computed over (all, first,
  last, highest, or the ones that give each student's grade), as Moodle's
  ``quiz_report_grade_method_sql``.
* :func:`question_flags` and :data:`HELP_TEXTS` -- what a teacher should look at, and
  what each figure means, in plain words.

Per-question figures (facility, discrimination, weights, random guess score) stay in
:mod:`quizzes.statistics`. Nothing here imports Django: callers pass plain values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from quizzes.statistics import (
    AttemptScores,
    QuestionStats,
    QuestionWeights,
    n_products,
    scaled_matrix,
)

# --- test-level statistics -----------------------------------------------------------


@dataclass(frozen=True)
class TestStats:
    """Moodle's test-level statistics for a set of attempts.

    Units: ``mean``, ``median``, ``sd`` and ``standard_error`` are in points of the quiz
    (Moodle's raw ``sumgrades``); the ``*_percent`` properties give them as a percentage
    of ``max_points``, which is how Moodle displays them. ``cic`` and ``error_ratio`` are
    percentages; ``skewness`` and ``kurtosis`` have no unit. None means Moodle shows
    nothing for that figure (see :func:`test_statistics` for when).
    """

    __test__ = False  # not a pytest test class, despite the name

    #: Number of attempts (Moodle's ``s``).
    attempts: int
    #: Number of questions (Moodle's ``p``), zero-point questions included.
    question_count: int
    #: The quiz's maximum: the sum of the questions' maxima (Moodle's ``sumgrades``).
    max_points: Decimal
    mean: float | None
    median: float | None
    #: Sample standard deviation (n - 1) of the totals.
    sd: float | None
    skewness: float | None
    #: Excess kurtosis (0 for a normal distribution).
    kurtosis: float | None
    #: Coefficient of internal consistency (Cronbach's alpha), in percent; at most 100.
    cic: float | None
    error_ratio: float | None
    standard_error: float | None
    #: Sum over questions of the sample variance of their points (points squared), the
    #: figure alpha compares with the variance of the totals.
    sum_of_mark_variance: float | None

    def _percent(self, points: float | None) -> float | None:
        if points is None or not self.max_points:
            return None
        return 100 * points / float(self.max_points)

    @property
    def mean_percent(self) -> float | None:
        """The mean as a percentage of the quiz's maximum."""
        return self._percent(self.mean)

    @property
    def median_percent(self) -> float | None:
        """The median as a percentage of the quiz's maximum."""
        return self._percent(self.median)

    @property
    def sd_percent(self) -> float | None:
        """The standard deviation as a percentage of the quiz's maximum."""
        return self._percent(self.sd)

    @property
    def standard_error_percent(self) -> float | None:
        """The standard error as a percentage of the quiz's maximum."""
        return self._percent(self.standard_error)


def test_statistics(attempts: Sequence[AttemptScores], max_points: dict[int, Decimal]) -> TestStats:
    """Test-level statistics over the attempts' totals, exactly as Moodle computes them.

    Same inputs as :func:`quizzes.statistics.question_statistics`; an attempt's total is
    the sum of its points on the questions of ``max_points``. With ``s`` attempts, ``p``
    questions, totals ``t`` with mean ``t̄`` and ``Pk = sum (t - t̄)**k``::

        sd       = sqrt(P2 / (s - 1))                                      if s > 1
        m2, m3, m4 = P2 / s, P3 / s, P4 / s
        k2       = s m2 / (s - 1)                     (the sample variance of the totals)
        k3       = s**2 m3 / ((s - 1)(s - 2))
        k4       = s**2 ((s + 1) m4 - 3 (s - 1) m2**2) / ((s - 1)(s - 2)(s - 3))
        skewness = k3 / k2**(3/2)                                   if s > 2 and k2 != 0
        kurtosis = k4 / k2**2                                       if s > 3 and k2 != 0
        cic      = 100 p / (p - 1) x (1 - V / k2)             if s > 2, k2 != 0 and p > 1
        error_ratio    = 100 sqrt(1 - cic / 100)
        standard_error = error_ratio x sd / 100

    where ``V`` is the sum over questions of the sample variance of their points. Moodle's
    guards are kept: no attempts gives only ``attempts = 0``; one attempt gives the mean
    and median only; the higher moments need more than 2 (skewness, alpha) or 3
    (kurtosis) attempts and non-zero variance. Note that, as in Moodle, alpha needs three
    attempts even though two would define it. The median is the middle total, or the
    mean of the two middle ones. Everything up to the final square roots is exact.
    """
    scores = scaled_matrix(attempts, max_points)
    totals, scale = scores.totals, scores.scale
    s = len(totals)
    p = len(max_points)
    quiz_max = sum((Decimal(m) for m in max_points.values()), Decimal(0))
    stats = dict.fromkeys(
        (
            "mean",
            "median",
            "sd",
            "skewness",
            "kurtosis",
            "cic",
            "error_ratio",
            "standard_error",
            "sum_of_mark_variance",
        )
    )
    # Totals are whole numbers of 1/scale points (quizzes.statistics.scaled_matrix), so
    # every sum is exact integer arithmetic: a total's deviation from the mean is
    # (s t - sum t) / (s scale), hence Pk = sum (s t - sum t)**k / (s scale)**k.
    if s:
        mean = Fraction(sum(totals), s * scale)
        stats["mean"] = float(mean)
        ordered = sorted(totals)
        middle = ordered[(s - 1) // 2] + ordered[s // 2]  # twice the median when s is odd
        stats["median"] = float(Fraction(middle, 2 * scale))
    if s > 1:
        total_sum = sum(totals)
        deviations = [s * total - total_sum for total in totals]
        p2, p3, p4 = (Fraction(sum(d**k for d in deviations), (s * scale) ** k) for k in (2, 3, 4))
        sd = math.sqrt(p2 / (s - 1))
        stats["sd"] = sd
        unit = s * scale * scale * (s - 1)
        mark_variance = sum(
            (Fraction(n_products(marks, marks), unit) for marks in map(scores.column, range(p))),
            Fraction(0),
        )
        stats["sum_of_mark_variance"] = float(mark_variance)
        m2, m3, m4 = p2 / s, p3 / s, p4 / s
        k2 = s * m2 / (s - 1)
        if s > 2 and k2:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            stats["skewness"] = float(k3) / float(k2) ** 1.5
            if s > 3:
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
                stats["kurtosis"] = float(k4 / (k2 * k2))
            if p > 1:
                cic = Fraction(100 * p, p - 1) * (1 - mark_variance / k2)
                stats["cic"] = float(cic)
                # cic <= 100 always (var of a sum <= p x sum of vars), so the root is real;
                # Moodle stores the NaN it would get otherwise as "no figure".
                if cic <= 100:
                    error_ratio = 100 * math.sqrt(1 - cic / 100)
                    stats["error_ratio"] = error_ratio
                    stats["standard_error"] = error_ratio * sd / 100
    return TestStats(attempts=s, question_count=p, max_points=quiz_max, **stats)


test_statistics.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


# --- which attempts ------------------------------------------------------------------

#: What :func:`select_attempts` accepts for ``which``.
WHICH_ATTEMPTS = ("all", "first", "last", "highest", "graded")

#: Grading methods (the values of Quiz.GradingMethod).
GRADING_METHODS = ("highest", "last", "average")


@dataclass(frozen=True)
class AttemptRecord:
    """One attempt as :func:`select_attempts` sees it."""

    attempt_id: int
    student_id: int
    #: The student's attempt number, 1 for their first attempt.
    number: int
    #: When the attempt was submitted; None while it is in progress.
    submitted_at: datetime | None
    #: The attempt's score in points; None if not graded yet (counts as 0 for "highest").
    total: Decimal | None
    #: Question id -> points earned.
    question_points: dict[int, Decimal]

    def scores(self) -> AttemptScores:
        """The attempt's points in the form the statistics functions take."""
        return AttemptScores(self.attempt_id, self.question_points)


def select_attempts(
    attempts: Sequence[AttemptRecord], which: str, grading_method: str | None = None
) -> list[AttemptRecord]:
    """The submitted attempts the statistics should be computed over, in input order.

    Attempts still in progress (``submitted_at`` None) are always left out, as Moodle
    only analyses finished attempts. Then, per student, as Moodle's
    ``quiz_report_grade_method_sql``:

    * ``all``: every attempt;
    * ``first`` / ``last``: the attempt with the lowest / highest attempt number;
    * ``highest``: the attempt with the highest total (None counts as 0); on a tie, the
      lowest attempt number -- the same attempt the results page counts;
    * ``graded``: the attempts that make the student's grade under ``grading_method``:
      ``highest`` as above, ``last`` as above, and ``average`` every attempt (each one
      counts towards the grade, and Moodle's statistics use all attempts then).

    Raises ``ValueError`` for an unknown ``which`` or grading method, or for ``graded``
    without a grading method.
    """
    if which not in WHICH_ATTEMPTS:
        raise ValueError(f"unknown attempt selection {which!r}; expected one of {WHICH_ATTEMPTS}")
    if which == "graded":
        if grading_method not in GRADING_METHODS:
            raise ValueError(
                f"unknown grading method {grading_method!r}; expected one of {GRADING_METHODS}"
            )
        which = "all" if grading_method == "average" else grading_method
    submitted = [a for a in attempts if a.submitted_at is not None]
    if which == "all":
        return submitted

    def order(attempt: AttemptRecord) -> tuple[int, int]:
        # Attempt numbers are unique per student; the id only makes bad data deterministic.
        return (attempt.number, attempt.attempt_id)

    chosen: dict[int, AttemptRecord] = {}
    for attempt in submitted:
        best = chosen.get(attempt.student_id)
        if best is None:
            chosen[attempt.student_id] = attempt
            continue
        if which == "first":
            better = order(attempt) < order(best)
        elif which == "last":
            better = order(attempt) > order(best)
        else:
            score, best_score = attempt.total or Decimal(0), best.total or Decimal(0)
            better = score > best_score or (score == best_score and order(attempt) < order(best))
        if better:
            chosen[attempt.student_id] = attempt
    keep = {id(a) for a in chosen.values()}
    return [a for a in submitted if id(a) in keep]


# --- flags and help ------------------------------------------------------------------

#: Facility (percent) below which a question is flagged as very hard.
VERY_HARD_FACILITY = 10.0
#: Facility (percent) above which a question is flagged as very easy.
VERY_EASY_FACILITY = 90.0
#: Effective weight above this multiple of the intended weight is flagged ...
WEIGHT_RATIO_HIGH = 1.5
#: ... and so is effective weight below this multiple.
WEIGHT_RATIO_LOW = 0.5


@dataclass(frozen=True)
class Flag:
    """Something about a question a teacher should look at."""

    #: A stable code: very_hard, very_easy, negative_discrimination, weight_too_high,
    #: weight_too_low or negative_covariance.
    code: str
    #: One sentence for the teacher.
    message: str


def question_flags(
    stats: Sequence[QuestionStats], weights: Sequence[QuestionWeights] = ()
) -> dict[int, list[Flag]]:
    """Per question id (in ``stats`` order), the flags a teacher should look at.

    * ``very_hard``: facility below :data:`VERY_HARD_FACILITY` percent;
    * ``very_easy``: facility above :data:`VERY_EASY_FACILITY` percent;
    * ``negative_discrimination``: discrimination index below 0 -- students who did well
      on the rest of the quiz did worse on this question;
    * ``weight_too_high`` / ``weight_too_low``: effective weight more than
      :data:`WEIGHT_RATIO_HIGH` times, or less than :data:`WEIGHT_RATIO_LOW` times, the
      intended weight (only when both are defined and the intended weight is not 0);
    * ``negative_covariance``: the question's score moves against the total, so it has no
      effective weight (Moodle's "Negative covariance").

    ``weights`` (from :func:`quizzes.statistics.question_weights`) is optional and matched
    by question id; figures that are None raise no flag. Every question gets an entry,
    an empty list when nothing stands out.
    """
    by_id = {w.question_id: w for w in weights}
    flags: dict[int, list[Flag]] = {}
    for stat in stats:
        found = []
        if stat.facility is not None and stat.facility < VERY_HARD_FACILITY:
            found.append(Flag("very_hard", _FLAG_MESSAGES["very_hard"]))
        if stat.facility is not None and stat.facility > VERY_EASY_FACILITY:
            found.append(Flag("very_easy", _FLAG_MESSAGES["very_easy"]))
        if stat.discrimination is not None and stat.discrimination < 0:
            found.append(Flag("negative_discrimination", _FLAG_MESSAGES["negative_discrimination"]))
        weight = by_id.get(stat.question_id)
        if weight is not None:
            effective, intended = weight.effective_weight, weight.intended_weight
            if effective is not None and intended:
                if effective > WEIGHT_RATIO_HIGH * intended:
                    found.append(Flag("weight_too_high", _FLAG_MESSAGES["weight_too_high"]))
                elif effective < WEIGHT_RATIO_LOW * intended:
                    found.append(Flag("weight_too_low", _FLAG_MESSAGES["weight_too_low"]))
            if weight.negative_covariance:
                found.append(Flag("negative_covariance", _FLAG_MESSAGES["negative_covariance"]))
        flags[stat.question_id] = found
    return flags


_FLAG_MESSAGES = {
    "very_hard": "Very hard: students got less than a tenth of the marks. Check the question "
    "and its key, or whether it was taught.",
    "very_easy": "Very easy: students got more than nine tenths of the marks. It tells you "
    "little about who understood the reading.",
    "negative_discrimination": "Review this question: students who did well on the rest of "
    "the quiz did worse on it. The key may be wrong or the wording misleading.",
    "weight_too_high": "Counts much more than intended: it decides students' totals more than "
    "its points suggest.",
    "weight_too_low": "Counts much less than intended: it barely changes who scores high or "
    "low, whatever its points.",
    "negative_covariance": "Works against the rest of the quiz: students who scored well "
    "overall tended to score worse on it.",
}

#: Plain-words explanations of every figure, for tooltips and a help page.
HELP_TEXTS: dict[str, str] = {
    "attempts": "Attempts: how many submitted attempts these figures are based on.",
    "mean": "Average score: the mean of the students' totals, as a percentage of the "
    "quiz's maximum.",
    "median": "Median score: half the attempts scored this or less, half this or more.",
    "standard_deviation": "Standard deviation: how spread out the totals are. About two "
    "thirds of students usually score within one standard deviation of the average.",
    "skewness": "Skewness: whether scores lean to one side. Negative means a tail of low "
    "scores (most did well); positive a tail of high scores (most found it hard); "
    "near 0 is balanced.",
    "kurtosis": "Kurtosis: whether scores bunch in the middle (positive) or spread flat "
    "across the range (negative), compared with a bell curve (0).",
    "cic": "Internal consistency: how far the questions measure the same thing. Above "
    "about 75 % is good for a class quiz; low or negative values mean the questions "
    "disagree about who knows the material.",
    "error_ratio": "Error ratio: the share of the spread in scores that is down to chance "
    "rather than real differences between students. Lower is better.",
    "standard_error": "Standard error: how many marks a student's total could move by "
    "chance alone. Differences smaller than this are not meaningful.",
    "facility": "Facility: how many of the marks students got, on average. 100 % means "
    "everyone got it fully right; 0 % means nobody scored.",
    "sd": "Standard deviation: how much students' marks on this question differ from one "
    "another, as a percentage of its marks. 0 % means everyone scored the same.",
    "random_guess_score": "Random guess score: what a student would score on average by "
    "guessing blindly. A facility close to this suggests students were guessing.",
    "intended_weight": "Intended weight: the question's share of the quiz's points.",
    "effective_weight": "Effective weight: how much this question actually decides the "
    "differences between students' totals. Compare it with the intended weight.",
    "discrimination": "Discrimination: whether students who did well on the rest of the "
    "quiz also did well here. Above 30 % is good; below 0 means the question works "
    "against the others and needs a look.",
    "discriminative_efficiency": "Discriminative efficiency: discrimination compared with "
    "the best this question could reach given how hard it is. Low values suggest the "
    "question does not separate stronger from weaker readers.",
}

"""Item analysis: test-level statistics, weights, guess scores, attempt selection, flags.

Hand-worked cases first, then degenerate data, properties, and finally the figures from
Moodle's own quiz statistics tests (transcribed as literal numbers, see the comments).
"""

import itertools
import math
import statistics
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes import item_analysis as ia
from quizzes.grading import grade_selection
from quizzes.statistics import (
    AttemptScores,
    QuestionStats,
    QuestionWeights,
    question_statistics,
    question_weights,
    random_guess_score,
)

D = Decimal


def scores(*rows: tuple[str, ...]) -> list[AttemptScores]:
    """Attempts 1, 2, ... with points on questions 1, 2, ... given as strings."""
    return [
        AttemptScores(i, {q: D(v) for q, v in enumerate(row, start=1)})
        for i, row in enumerate(rows, start=1)
    ]


def maxima(*values: str) -> dict[int, Decimal]:
    return {q: D(v) for q, v in enumerate(values, start=1)}


# --- test_statistics: the hand-worked example ------------------------------------------
#
# Two questions worth 2 points each (quiz maximum 4); four attempts:
#
#   attempt  Q1  Q2  total   deviation from the mean 2.5
#   A         0   1    1        -1.5
#   B         1   1    2        -0.5
#   C         1   2    3         0.5
#   D         2   2    4         1.5
#
# P2 = 2.25 + .25 + .25 + 2.25 = 5; P3 = 0 (symmetric); P4 = 2 x 5.0625 + 2 x .0625 = 10.25
# sd = sqrt(5 / 3) = 1.29099                    (32.275 % of 4)
# m2 = 5/4, m3 = 0, m4 = 10.25/4 = 2.5625; k2 = 4 x m2 / 3 = 5/3; skewness = 0
# k4 = 16 (5 x 2.5625 - 3 x 3 x 25/16) / (3 x 2 x 1) = 16 x (-1.25) / 6 = -10/3
# kurtosis = k4 / k2^2 = (-10/3) / (25/9) = -1.2
# question variances: Q1 [0,1,1,2] -> 2/3; Q2 [1,1,2,2] -> 1/3; V = 1
# alpha = 100 x 2/1 x (1 - V/k2) = 200 x (1 - 3/5) = 80
# error ratio = 100 sqrt(1 - .8) = 44.721; standard error = sqrt(.2) sqrt(5/3) = sqrt(1/3)
#
# Weights: covariance with the total: Q1 sum(dx dt) = 1.5 + 0 + 0 + 1.5 = 3 -> 1;
# Q2 = .75 + .25 + .25 + .75 = 2 -> 2/3 (together var(total) = 5/3, as they must).
# effective weight Q1 = 100 x 1 / (1 + sqrt(2/3)) = 55.051; Q2 = 44.949; intended 50 / 50.
# Covariance with the rest: Q1 with Q2 = sum(dx dy) = .5 + 0 + 0 + .5 = 1 -> 1/3.

WORKED = scores(("0", "1"), ("1", "1"), ("1", "2"), ("2", "2"))
WORKED_MAX = maxima("2", "2")


def test_worked_example_location_and_spread():
    """Mean and median of the totals; sample SD; the same figures as percent of 4."""
    stats = ia.test_statistics(WORKED, WORKED_MAX)
    assert stats.attempts == 4
    assert stats.question_count == 2
    assert stats.max_points == D(4)
    assert stats.mean == 2.5
    assert stats.median == 2.5
    assert stats.sd == pytest.approx(math.sqrt(5 / 3))
    assert stats.mean_percent == 62.5
    assert stats.median_percent == 62.5
    assert stats.sd_percent == pytest.approx(25 * math.sqrt(5 / 3))


def test_worked_example_shape():
    """Symmetric totals have skewness 0; a flat spread has negative kurtosis (-1.2)."""
    stats = ia.test_statistics(WORKED, WORKED_MAX)
    assert stats.skewness == 0.0
    assert stats.kurtosis == pytest.approx(-1.2)


def test_worked_example_reliability():
    """Alpha 80 %, error ratio sqrt(20 %), standard error sqrt(1/3) points."""
    stats = ia.test_statistics(WORKED, WORKED_MAX)
    assert stats.sum_of_mark_variance == pytest.approx(1.0)
    assert stats.cic == pytest.approx(80.0)
    assert stats.error_ratio == pytest.approx(100 * math.sqrt(0.2))
    assert stats.standard_error == pytest.approx(math.sqrt(1 / 3))
    assert stats.standard_error_percent == pytest.approx(25 * math.sqrt(1 / 3))


def test_worked_example_matches_standard_library():
    """Mean, median and SD agree with the statistics module."""
    totals = [1, 2, 3, 4]
    stats = ia.test_statistics(WORKED, WORKED_MAX)
    assert stats.sd == pytest.approx(statistics.stdev(totals))
    assert stats.median == statistics.median(totals)


def test_worked_example_weights():
    """Intended 50/50; effective weights from the covariances with the total."""
    q1, q2 = question_weights(WORKED, WORKED_MAX)
    assert q1 == QuestionWeights(
        question_id=1,
        attempts=4,
        intended_weight=50.0,
        effective_weight=pytest.approx(100 / (1 + math.sqrt(2 / 3))),
        negative_covariance=False,
        mark_variance=pytest.approx(2 / 3),
        other_mark_variance=pytest.approx(1 / 3),
        covariance=pytest.approx(1 / 3),
        covariance_max=pytest.approx(1 / 3),
        covariance_with_total=pytest.approx(1.0),
    )
    assert q2.intended_weight == 50.0
    assert q2.effective_weight == pytest.approx(100 * math.sqrt(2 / 3) / (1 + math.sqrt(2 / 3)))
    assert q2.covariance_with_total == pytest.approx(2 / 3)
    assert q1.effective_weight + q2.effective_weight == pytest.approx(100.0)


def test_skewness_of_a_lopsided_distribution():
    """Totals 0, 0, 0, 3: k3 / k2^1.5 by hand.

    mean 3/4; deviations -3/4 (x3), 9/4; P2 = 27/16 + 81/16 = 27/4; P3 = -81/64 + 729/64
    = 81/8; m2 = 27/16, m3 = 81/32; k2 = 4 m2 / 3 = 9/4; k3 = 16 m3 / 6 = 27/4;
    skewness = (27/4) / (9/4)^1.5 = (27/4) / (27/8) = 2.
    """
    stats = ia.test_statistics(scores(("0",), ("0",), ("0",), ("3",)), maxima("3"))
    assert stats.skewness == pytest.approx(2.0)
    # k4 = 16 (5 m4 - 9 m2^2) / 6 with m4 = (3 x 81/256 + 6561/256) / 4 = 6804/1024
    # = 16 (5 x 6.64453125 - 9 x 2.84765625) / 6 = 16 x 7.59375 / 6 = 20.25; / k2^2 = 4
    assert stats.kurtosis == pytest.approx(4.0)
    assert stats.cic is None  # one question: alpha needs at least two


# --- test_statistics: degenerate data ------------------------------------------------


def test_no_attempts():
    """Nothing but the counts and the maximum."""
    stats = ia.test_statistics([], WORKED_MAX)
    assert stats == ia.TestStats(
        attempts=0,
        question_count=2,
        max_points=D(4),
        mean=None,
        median=None,
        sd=None,
        skewness=None,
        kurtosis=None,
        cic=None,
        error_ratio=None,
        standard_error=None,
        sum_of_mark_variance=None,
    )
    assert stats.mean_percent is None


def test_one_attempt_has_mean_and_median_only():
    """Moodle needs two attempts for a standard deviation."""
    stats = ia.test_statistics(scores(("1", "2")), WORKED_MAX)
    assert (stats.mean, stats.median, stats.mean_percent) == (3.0, 3.0, 75.0)
    assert stats.sd is None and stats.sd_percent is None
    assert stats.skewness is None and stats.kurtosis is None
    assert stats.cic is None and stats.error_ratio is None and stats.standard_error is None


def test_two_attempts_have_sd_but_no_shape_or_alpha():
    """Skewness and alpha need more than two attempts in Moodle, kurtosis more than three."""
    stats = ia.test_statistics(scores(("0", "0"), ("2", "1")), WORKED_MAX)
    assert stats.sd == pytest.approx(math.sqrt(4.5))
    assert stats.median == 1.5
    assert stats.skewness is None and stats.kurtosis is None and stats.cic is None


def test_three_attempts_have_skewness_and_alpha_but_no_kurtosis():
    """Three attempts: skewness and alpha appear; kurtosis still needs four."""
    stats = ia.test_statistics(scores(("0", "0"), ("1", "1"), ("2", "2")), WORKED_MAX)
    assert stats.skewness == 0.0
    assert stats.kurtosis is None
    # Two identical questions: alpha = 2 x (1 - 2 var / 4 var) = 100 %, error ratio 0.
    assert stats.cic == 100.0
    assert stats.error_ratio == 0.0
    assert stats.standard_error == 0.0


def test_all_equal_scores_have_no_shape_or_reliability():
    """Zero variance: SD 0, and every figure dividing by it is None."""
    stats = ia.test_statistics(scores(("1", "1"), ("1", "1"), ("1", "1"), ("1", "1")), WORKED_MAX)
    assert stats.sd == 0.0
    assert stats.sd_percent == 0.0
    assert stats.skewness is None
    assert stats.kurtosis is None
    assert stats.cic is None
    assert stats.error_ratio is None
    assert stats.standard_error is None


def test_equal_totals_with_varying_questions():
    """Totals all 1 though the questions vary: no alpha, no effective weights."""
    attempts = scores(("1", "0"), ("0", "1"), ("1", "0"), ("0", "1"))
    stats = ia.test_statistics(attempts, maxima("1", "1"))
    assert stats.sd == 0.0 and stats.cic is None
    assert stats.sum_of_mark_variance == pytest.approx(2 / 3)
    weights = question_weights(attempts, maxima("1", "1"))
    assert [w.covariance_with_total for w in weights] == [0.0, 0.0]
    assert [w.effective_weight for w in weights] == [None, None]
    assert [w.negative_covariance for w in weights] == [False, False]


def test_quiz_worth_nothing_has_no_percentages_or_intended_weights():
    """With a maximum of 0 there is nothing to take a percentage of."""
    attempts = scores(("0",), ("0",))
    stats = ia.test_statistics(attempts, maxima("0"))
    assert stats.mean == 0.0 and stats.mean_percent is None and stats.sd_percent is None
    [weights] = question_weights(attempts, maxima("0"))
    assert weights.intended_weight is None


def test_negative_alpha_has_error_ratio_above_100():
    """Questions that disagree give a negative alpha, as Moodle reports it."""
    attempts = scores(("1", "0"), ("0", "1"), ("1", "1"), ("1", "0"), ("0", "1"))
    stats = ia.test_statistics(attempts, maxima("1", "1"))
    # var Q1 = var Q2 = 0.3, var(total) = 0.2: alpha = 2 x (1 - 0.6 / 0.2) = -400 %.
    assert stats.cic == pytest.approx(-400.0)
    assert stats.error_ratio == pytest.approx(100 * math.sqrt(5))


# --- question_weights: degenerate data -------------------------------------------------


def test_weights_without_enough_attempts():
    """Intended weights need no attempts; everything else needs two."""
    for attempts in ([], scores(("1", "2"))):
        weights = question_weights(attempts, maxima("1", "3"))
        assert [w.intended_weight for w in weights] == [25.0, 75.0]
        for w in weights:
            assert w.attempts == len(attempts)
            assert w.effective_weight is None and w.negative_covariance is False
            assert w.mark_variance is None and w.covariance_with_total is None


def test_zero_mark_question_has_zero_weights():
    """A question worth 0 points: intended 0 %, effective 0 % (no covariance), not None."""
    attempts = scores(("1", "0"), ("0", "0"), ("1", "0"))
    q1, q2 = question_weights(attempts, maxima("1", "0"))
    assert q2.intended_weight == 0.0
    assert q2.effective_weight == 0.0
    assert q2.mark_variance == 0.0
    assert q1.effective_weight == 100.0
    stats = ia.test_statistics(attempts, maxima("1", "0"))
    assert stats.question_count == 2  # the zero-mark question still counts in alpha's p


def test_negative_covariance_leaves_only_that_question_without_a_weight():
    """Moodle's rule: the negative one shows "negative covariance"; the rest sum to 100.

    Q3 = [0, 0, 1, 1] against totals [2, 2, 1, 1]: sum(dx dt) = -4 x .25 = -1 -> -1/3.
    Q1 and Q2 = [1, 1, 0, 0]: +1/3 each, so each gets 50 %.
    """
    attempts = scores(("1", "1", "0"), ("1", "1", "0"), ("0", "0", "1"), ("0", "0", "1"))
    q1, q2, q3 = question_weights(attempts, maxima("1", "1", "1"))
    assert q3.covariance_with_total == pytest.approx(-1 / 3)
    assert q3.negative_covariance is True
    assert q3.effective_weight is None
    assert q1.effective_weight == pytest.approx(50.0)
    assert q2.effective_weight == pytest.approx(50.0)
    assert q1.intended_weight == pytest.approx(100 / 3)


def test_weights_follow_max_points_order_and_ignore_other_questions():
    """One entry per question of max_points, in its order; other ids do not count."""
    extra = [AttemptScores(a.attempt_id, {**a.question_points, 99: D(7)}) for a in WORKED]
    assert question_weights(extra, WORKED_MAX) == question_weights(WORKED, WORKED_MAX)
    reordered = {2: D(2), 1: D(2)}
    assert [w.question_id for w in question_weights(WORKED, reordered)] == [2, 1]


# --- random_guess_score ---------------------------------------------------------------


def test_random_guess_single_choice_true_false_short_answer():
    """1/n for single choice (k/n with k right options), 1/2 true/false, 0 short answer."""
    assert random_guess_score("single_choice", options=4) == Fraction(1, 4)
    assert random_guess_score("single_choice", options=4, correct=2) == Fraction(1, 2)
    assert random_guess_score("single_choice", options=0) == 0
    assert random_guess_score("true_false") == Fraction(1, 2)
    assert random_guess_score("short_answer") == 0


def test_random_guess_moodle_qtype_values():
    """Moodle's qtype tests: multichoice single with fractions 1 and 0 -> 0.5
    (question/type/multichoice/tests/questiontype_test.php, test_get_random_guess_score);
    true/false -> 0.5 (question/type/truefalse/tests/questiontype_test.php)."""
    assert random_guess_score("single_choice", options=2, correct=1) == 0.5
    assert random_guess_score("true_false", options=2) == 0.5


def test_random_guess_selection_by_hand():
    """Every subset equally likely; scores clamp(r/k - w/m, 0, 1).

    k = 1, m = 1: {} 0, {key} 1, {other} 0, {both} 0 -> 1/4.
    k = 2, m = 2 (16 subsets): r = 1, w = 0: 2 subsets x 1/2; r = 2, w = 0: 1 x 1;
    r = 2, w = 1: 2 x 1/2; everything else 0 -> 3/16.
    """
    assert random_guess_score("multiple_choice", options=2, correct=1) == Fraction(1, 4)
    assert random_guess_score("spot_claim", options=4, correct=2) == Fraction(3, 16)


def test_random_guess_selection_edge_cases():
    """Empty key: 1/2 (1 without options); key = every option: 1/2."""
    assert random_guess_score("spot_claim", options=5, correct=0) == Fraction(1, 2)
    assert random_guess_score("spot_claim", options=0, correct=0) == 1
    assert random_guess_score("multiple_choice", options=3, correct=3) == Fraction(1, 2)


@pytest.mark.parametrize("options", range(0, 7))
def test_random_guess_selection_matches_grade_selection(options):
    """The closed count equals the mean of grade_selection over every possible response."""
    ids = list(range(options))
    for key_size in range(options + 1):
        key = set(ids[:key_size])
        responses = [set(c) for n in range(options + 1) for c in itertools.combinations(ids, n)]
        mean = sum(
            Fraction(
                grade_selection(selected=r, correct=key, options=set(ids), max_points=D(1)).fraction
            )
            for r in responses
        ) / len(responses)
        expected = random_guess_score("spot_claim", options=options, correct=key_size)
        # grade_selection stores the fraction to 4 places; the guess score is exact.
        assert float(expected) == pytest.approx(float(mean), abs=5e-5)


def test_random_guess_rejects_bad_input():
    """Unknown kinds, impossible counts and a selection kind without its key size."""
    with pytest.raises(ValueError):
        random_guess_score("essay")
    with pytest.raises(ValueError):
        random_guess_score("single_choice", options=2, correct=3)
    with pytest.raises(ValueError):
        random_guess_score("multiple_choice", options=-1, correct=0)
    with pytest.raises(ValueError):
        random_guess_score("multiple_choice", options=4)


@given(
    st.sampled_from(
        ["single_choice", "multiple_choice", "true_false", "short_answer", "spot_claim"]
    ),
    st.integers(0, 12),
    st.data(),
)
def test_random_guess_is_a_fraction_of_the_question(kind, options, data):
    """Whatever the kind and counts, the score is an exact fraction in [0, 1]."""
    correct = data.draw(st.integers(0, options))
    score = random_guess_score(kind, options=options, correct=correct)
    assert isinstance(score, Fraction)
    assert 0 <= score <= 1


# --- select_attempts ------------------------------------------------------------------

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def record(attempt_id, student, number, total, *, submitted=True):
    return ia.AttemptRecord(
        attempt_id=attempt_id,
        student_id=student,
        number=number,
        submitted_at=T0 + timedelta(hours=attempt_id) if submitted else None,
        total=None if total is None else D(total),
        question_points={1: D(total or 0)},
    )


RECORDS = [
    record(1, 10, 1, "3"),
    record(2, 10, 2, "5"),
    record(3, 10, 3, "5"),  # ties with attempt 2: highest keeps the earlier one
    record(4, 10, 4, "9", submitted=False),  # in progress: never counted
    record(5, 20, 2, "2"),  # listed before the student's first attempt
    record(6, 20, 1, "4"),
    record(7, 30, 1, None),  # not graded yet: counts as 0
]


def ids(selected):
    return [a.attempt_id for a in selected]


def test_select_all_leaves_out_attempts_in_progress():
    """All submitted attempts, in input order."""
    assert ids(ia.select_attempts(RECORDS, "all")) == [1, 2, 3, 5, 6, 7]


def test_select_first_and_last_by_attempt_number():
    """First and last go by attempt number, not by position in the input."""
    assert ids(ia.select_attempts(RECORDS, "first")) == [1, 6, 7]
    assert ids(ia.select_attempts(RECORDS, "last")) == [3, 5, 7]


def test_select_highest_breaks_ties_by_the_earlier_attempt():
    """Highest total per student; a tie goes to the lower attempt number (Moodle, results)."""
    assert ids(ia.select_attempts(RECORDS, "highest")) == [2, 6, 7]


def test_select_graded_follows_the_grading_method():
    """highest and last pick one attempt; average counts every attempt."""
    assert ids(ia.select_attempts(RECORDS, "graded", "highest")) == [2, 6, 7]
    assert ids(ia.select_attempts(RECORDS, "graded", "last")) == [3, 5, 7]
    assert ids(ia.select_attempts(RECORDS, "graded", "average")) == [1, 2, 3, 5, 6, 7]


def test_select_rejects_unknown_choices():
    """Unknown selections or grading methods, or graded without a method, are errors."""
    with pytest.raises(ValueError):
        ia.select_attempts(RECORDS, "best")
    with pytest.raises(ValueError):
        ia.select_attempts(RECORDS, "graded")
    with pytest.raises(ValueError):
        ia.select_attempts(RECORDS, "graded", "first")


def test_selected_records_feed_the_statistics():
    """AttemptRecord.scores() gives what test_statistics takes."""
    chosen = ia.select_attempts(RECORDS, "first")
    stats = ia.test_statistics([a.scores() for a in chosen], {1: D(10)})
    assert stats.attempts == 3
    assert stats.mean == pytest.approx((3 + 4 + 0) / 3)


records_strategy = st.lists(
    st.tuples(
        st.integers(1, 4),
        st.integers(1, 4),
        st.one_of(st.none(), st.integers(0, 5)),
        st.booleans(),
    ),
    max_size=20,
    unique_by=lambda row: (row[0], row[1]),
)


@given(records_strategy)
def test_selection_properties(rows):
    """At most one attempt per student for first/last/highest/graded; all submitted ones
    for all and graded-average; always a subset of the submitted attempts, in order."""
    records = [
        record(i, student, number, None if total is None else str(total), submitted=sub)
        for i, (student, number, total, sub) in enumerate(rows, start=1)
    ]
    submitted = [r for r in records if r.submitted_at is not None]
    students = {r.student_id for r in submitted}
    for which, method in [
        ("first", None),
        ("last", None),
        ("highest", None),
        ("graded", "highest"),
        ("graded", "last"),
    ]:
        chosen = ia.select_attempts(records, which, method)
        assert sorted(a.student_id for a in chosen) == sorted(students)
        assert [a for a in submitted if a in chosen] == chosen
    assert ia.select_attempts(records, "all") == submitted
    assert ia.select_attempts(records, "graded", "average") == submitted
    for chosen in ia.select_attempts(records, "highest"):
        mine = [r for r in submitted if r.student_id == chosen.student_id]
        assert (chosen.total or 0) == max(r.total or 0 for r in mine)


# --- properties of the statistics -----------------------------------------------------

matrix = st.integers(1, 5).flatmap(
    lambda questions: st.lists(
        st.lists(st.integers(0, 3), min_size=questions, max_size=questions), max_size=25
    ).map(lambda rows: (questions, rows))
)


@given(matrix)
def test_alpha_never_exceeds_100_percent(data):
    """var(sum) <= p x sum of vars, so alpha <= 100 % (<= 1 as a ratio), exactly."""
    questions, rows = data
    attempts = [
        AttemptScores(i, {q: D(v) for q, v in enumerate(row, 1)}) for i, row in enumerate(rows)
    ]
    stats = ia.test_statistics(attempts, {q: D(3) for q in range(1, questions + 1)})
    assert stats.attempts == len(rows)
    if stats.cic is not None:
        assert stats.cic <= 100
        assert stats.error_ratio is not None and stats.error_ratio >= 0
    if len(rows) > 1:
        totals = [sum(row) for row in rows]
        assert stats.sd == pytest.approx(statistics.stdev(totals))
        assert stats.mean == pytest.approx(statistics.mean(totals))


@given(matrix)
def test_effective_weights_sum_to_100_when_defined(data):
    """The defined effective weights (all but negative-covariance ones) sum to 100 %."""
    questions, rows = data
    attempts = [
        AttemptScores(i, {q: D(v) for q, v in enumerate(row, 1)}) for i, row in enumerate(rows)
    ]
    weights = question_weights(attempts, {q: D(3) for q in range(1, questions + 1)})
    defined = [w.effective_weight for w in weights if w.effective_weight is not None]
    if defined:
        assert sum(defined) == pytest.approx(100.0)
        assert all(w >= 0 for w in defined)
    for w in weights:
        assert w.intended_weight == pytest.approx(100 / questions)
        if w.negative_covariance:
            assert w.effective_weight is None


# --- flags and help texts -----------------------------------------------------------


def stat(qid, facility=50.0, discrimination=40.0):
    return QuestionStats(qid, 20, facility, discrimination, 30.0, 50.0)


def weight(qid, intended, effective, negative=False):
    return QuestionWeights(qid, 20, intended, effective, negative, 0.1, 0.1, 0.1, 0.1, 0.1)


def codes(flags):
    return {qid: [f.code for f in found] for qid, found in flags.items()}


def test_flags_for_facility_and_discrimination():
    """Below 10 % very hard, above 90 % very easy, negative discrimination to review."""
    flags = ia.question_flags(
        [stat(1, facility=9.9), stat(2, facility=90.1), stat(3, discrimination=-0.1), stat(4)]
    )
    assert codes(flags) == {
        1: ["very_hard"],
        2: ["very_easy"],
        3: ["negative_discrimination"],
        4: [],
    }
    assert all(f.message for found in flags.values() for f in found)


def test_flags_thresholds_are_strict():
    """Exactly 10 %, exactly 90 % and discrimination 0 are not flagged; None never is."""
    flags = ia.question_flags(
        [
            stat(1, facility=ia.VERY_HARD_FACILITY),
            stat(2, facility=ia.VERY_EASY_FACILITY),
            stat(3, discrimination=0.0),
            QuestionStats(4, 0, None, None, None, None),
        ]
    )
    assert codes(flags) == {1: [], 2: [], 3: [], 4: []}


def test_flags_for_weights():
    """Effective over 1.5x or under 0.5x the intended weight; negative covariance."""
    stats = [stat(q) for q in range(1, 7)]
    weights = [
        weight(1, 20.0, 30.1),  # > 1.5 x
        weight(2, 20.0, 9.9),  # < 0.5 x
        weight(3, 20.0, 30.0),  # exactly 1.5 x: fine
        weight(4, 20.0, None, negative=True),
        weight(5, 0.0, 12.0),  # zero-mark question: no ratio
        weight(6, None, None),
    ]
    assert codes(ia.question_flags(stats, weights)) == {
        1: ["weight_too_high"],
        2: ["weight_too_low"],
        3: [],
        4: ["negative_covariance"],
        5: [],
        6: [],
    }


def test_help_texts_cover_every_figure():
    """Each figure on the report has a short explanation."""
    figures = {
        "attempts",
        "mean",
        "median",
        "standard_deviation",
        "skewness",
        "kurtosis",
        "cic",
        "error_ratio",
        "standard_error",
        "facility",
        "sd",
        "random_guess_score",
        "intended_weight",
        "effective_weight",
        "discrimination",
        "discriminative_efficiency",
    }
    assert set(ia.HELP_TEXTS) == figures
    assert all(20 < len(text) < 300 for text in ia.HELP_TEXTS.values())


# --- Moodle's own test data -------------------------------------------------------------
#
# Quiz "00" of Moodle's statistics walkthrough: 25 attempts x 7 questions worth 1 mark each.
# Marks per attempt and slot from mod/quiz/report/statistics/tests/fixtures/results00.csv
# (attempt 21, slot 3 is 0.3333333 as stored there). Expected figures from
# mod/quiz/report/statistics/tests/stats_from_steps_walkthrough_test.php
# (check_quiz_stats_for_quiz_00, tolerance |expected| x 1.5e-5, figures in marks) and
# fixtures/qstats00.csv (checked with |expected| x 1e-5 for covariance, discrimination
# index, discriminative efficiency and effective weight, |expected| x 1e-6 otherwise).

MOODLE_00_MARKS = [
    # slots 1 to 7
    ("1", "1", "1", "1", "1", "0", "1"),
    ("1", "1", "1", "1", "0.5", "1", "0"),
    ("1", "1", "1", "1", "0.5", "0", "1"),
    ("0", "0", "1", "1", "1", "0", "0"),
    ("1", "0", "1", "0", "0", "1", "0.5"),
    ("1", "1", "1", "1", "0.5", "0", "0.5"),
    ("0", "1", "1", "1", "0.5", "1", "0.5"),
    ("1", "1", "1", "0", "0.5", "1", "0.5"),
    ("1", "0", "1", "1", "1", "1", "1"),
    ("0", "1", "1", "0", "0.5", "1", "0.5"),
    ("0.8", "0", "1", "1", "0.5", "1", "0.5"),
    ("1", "1", "1", "0", "0.5", "1", "1"),
    ("1", "0", "1", "1", "0.5", "1", "0.5"),
    ("1", "0", "1", "1", "1", "0", "0.5"),
    ("0", "0", "1", "1", "0", "1", "1"),
    ("1", "0", "1", "0", "0.5", "1", "1"),
    ("0.8", "0", "1", "1", "0.5", "0", "1"),
    ("1", "0", "1", "1", "0", "1", "0.5"),
    ("1", "0", "1", "1", "0.5", "0", "0.5"),
    ("0", "1", "1", "0", "0.5", "1", "0"),
    ("1", "1", "0.3333333", "1", "0.5", "0", "0.5"),
    ("1", "1", "1", "0", "0.5", "0", "0.5"),
    ("1", "1", "1", "1", "0", "1", "0.5"),
    ("0", "0", "1", "0", "0.5", "1", "1"),
    ("0", "0", "1", "1", "1", "1", "1"),
]
MOODLE_00_MAX = maxima(*["1"] * 7)

MOODLE_00_QUIZ_STATS = {
    "median": 4.5,
    "mean": 4.617333332,  # Moodle: allattemptsavg (= firstattemptsavg)
    "sd": 0.8117265554,
    "skewness": -0.092502502,
    "kurtosis": -0.7073968557,
    "cic": -87.2230935542,
    "error_ratio": 136.8294900795,
    "standard_error": 1.1106813066,
}

# qstats00.csv columns: facility, sd, effectiveweight, covariance, markvariance,
# othermarkvariance, discriminationindex, covariancemax, discriminativeefficiency.
# fmt: off
MOODLE_00_QUESTION_STATS = [
    (0.704, 0.4513682901, 21.2922742344, -0.022555556, 0.2037333333, 0.5002777794,
     -7.0650767526, 0.2385555565, -9.4550536967),
    (0.48, 0.5099019514, 18.8979800309, -0.1172777785, 0.26, 0.6334555578,
     -28.8982125772, 0.318833334, -36.7834118938),
    (0.973333332, 0.13333334, 4.443012573, -0.0098888894, 0.0177777796, 0.6609,
     -9.1230674268, 0.045666669, -21.6545012165),
    (0.68, 0.4760952286, 18.9347251357, -0.0833888893, 0.2266666667, 0.5990111128,
     -22.6306444113, 0.2652222232, -31.4411395613),
    (0.52, 0.3055050463, 11.1450138688, -0.0436944444, 0.0933333333, 0.6529555563,
     -17.6997047674, 0.2063055556, -21.1794802584),
    (0.64, 0.4898979486, 9.8081339177, -0.2015555547, 0.24, 0.8220111101,
     -45.3785178421, 0.3539999995, -56.9365974439),
    (0.62, 0.331662479, 15.4788602394, -0.0142499998, 0.11, 0.5774000005,
     -5.6543166602, 0.2190833335, -6.5043742058),
]
# fmt: on


def test_moodle_walkthrough_00_test_level():
    """Every test-level figure Moodle asserts for quiz 00, within Moodle's tolerance."""
    stats = ia.test_statistics(scores(*MOODLE_00_MARKS), MOODLE_00_MAX)
    assert stats.attempts == 25  # firstattemptscount = allattemptscount = 25
    for name, expected in MOODLE_00_QUIZ_STATS.items():
        assert getattr(stats, name) == pytest.approx(expected, rel=1.5e-5, abs=0), name
    # Shown by Moodle as a percentage of the quiz's 7 marks.
    assert stats.mean_percent == pytest.approx(100 * 4.617333332 / 7, rel=1.5e-5)


def test_moodle_walkthrough_00_question_level():
    """qstats00.csv: weights, variances and covariances, and the existing item figures."""
    attempts = scores(*MOODLE_00_MARKS)
    weights = question_weights(attempts, MOODLE_00_MAX)
    item = question_statistics(attempts, MOODLE_00_MAX)
    for w, s, expected in zip(weights, item, MOODLE_00_QUESTION_STATS, strict=True):
        (facility, sd, effective, cov, markvar, othervar, di, covmax, de) = expected
        loose, tight = {"rel": 1e-5, "abs": 0}, {"rel": 1e-6, "abs": 0}
        assert w.effective_weight == pytest.approx(effective, **loose)
        assert w.covariance == pytest.approx(cov, **loose)
        assert w.mark_variance == pytest.approx(markvar, **tight)
        assert w.other_mark_variance == pytest.approx(othervar, **tight)
        assert w.covariance_max == pytest.approx(covmax, **tight)
        assert w.negative_covariance is False
        assert w.intended_weight == pytest.approx(100 / 7)  # not in Moodle's data
        assert s.facility / 100 == pytest.approx(facility, **tight)
        assert s.sd / 100 == pytest.approx(sd, **tight)  # max mark 1: percent / 100 = marks
        assert s.discrimination == pytest.approx(di, **loose)
        assert s.discriminative_efficiency == pytest.approx(de, **loose)
    assert sum(w.effective_weight for w in weights) == pytest.approx(100.0)


# Moodle's 22 attempts x 20 slots data set with maximum marks 1 (slots 1-4 and 9-20),
# 0 (slots 5-7) and 8 (slot 8): mod/quiz/report/statistics/tests/fixtures/
# mdl_question_states.csv, used by mod/quiz/report/statistics/tests/statistics_test.php
# (test_qstats, expected values from contrib/tools/quiz_tools/stats.xls, checked to an
# absolute 1e-6 after the test's multipliers: facility x 100, sd x 1000 in marks).
# Slots 1-7 are 0 in every attempt, so only slots 8-20 are listed; each row sums to that
# attempt's sumgrades in the fixture.

MOODLE_QSTATS_MARKS_8_TO_20 = [
    # slots 8 to 20
    ("5.5", "0.3", "0.9", "1", "0.3", "1", "0", "0", "1", "1", "0", "0", "1"),
    ("1", "0.9", "0.9", "0.3", "0.3", "1", "0", "0", "1", "0", "1", "0", "1"),
    ("2.5", "1", "0.9", "0.3", "1", "0", "0", "1", "1", "1", "1", "1", "1"),
    ("4", "0.3", "0.9", "1", "0.3", "0", "0", "0", "0", "1", "0", "0", "1"),
    ("3", "0.9", "0.3", "0.9", "1", "0", "1", "0", "0", "1", "1", "1", "0"),
    ("4.5", "0.9", "1", "1", "0.9", "0", "1", "1", "1", "0", "0", "0", "0"),
    ("3", "0.3", "0.3", "0.3", "0.3", "1", "0", "1", "1", "1", "1", "1", "1"),
    ("6", "0.9", "0.9", "1", "0.3", "0", "1", "1", "1", "1", "0", "0", "1"),
    ("0.5", "0.9", "1", "0.9", "0.3", "0", "1", "1", "0", "1", "1", "0", "1"),
    ("5.5", "0.9", "1", "0.9", "0.3", "1", "1", "0", "0", "1", "0", "0", "0"),
    ("2.5", "0.9", "1", "1", "0.9", "0", "1", "0", "0", "1", "0", "0", "1"),
    ("4", "0.9", "0.3", "0.9", "1", "0", "1", "1", "1", "1", "1", "0", "1"),
    ("4", "0.9", "0.3", "0.3", "1", "1", "1", "1", "0", "0", "1", "1", "0"),
    ("3", "1", "1", "0.3", "1", "0", "1", "0", "1", "1", "1", "1", "0"),
    ("1", "1", "0.9", "0.3", "0.3", "1", "0", "1", "0", "0", "0", "0", "0"),
    ("1", "0.3", "0.3", "0.3", "0.9", "0", "0", "0", "1", "0", "0", "0", "1"),
    ("1.5", "1", "0.3", "0.9", "1", "1", "1", "0", "1", "1", "0", "0", "0"),
    ("4", "0.9", "1", "0.9", "1", "0", "1", "1", "1", "0", "1", "0", "0"),
    ("2", "0.9", "0.9", "0.3", "0.9", "0", "1", "0", "0", "0", "0", "0", "0"),
    ("1", "1", "0.3", "0.3", "0.3", "0", "1", "1", "0", "1", "0", "0", "0"),
    ("6", "0.9", "1", "1", "0.9", "0", "0", "0", "1", "0", "0", "1", "1"),
    ("7", "0.9", "0.3", "0.3", "0.3", "1", "0", "1", "1", "1", "1", "0", "0"),
]
MOODLE_QSTATS_MAX = maxima(*(["1"] * 4 + ["0"] * 3 + ["8"] + ["1"] * 12))
# fmt: off
MOODLE_QSTATS_EFFECTIVE_WEIGHT = [
    0, 0, 0, 0, 0, 0, 0, 26.58464457, 3.368456046, 3.253955259, 7.584083694, 3.79658376,
    3.183278505, 4.532356904, 7.78856243, 10.08351572, 8.381139345, 8.727645713,
    7.946277111, 4.769500946,
]
MOODLE_QSTATS_FACILITY = [
    0, 0, 0, 0, None, None, None, 41.19318182, 81.36363636, 71.36363636, 65.45454545,
    65.90909091, 36.36363636, 59.09090909, 50, 59.09090909, 63.63636364, 45.45454545,
    27.27272727, 50,
]
MOODLE_QSTATS_SD_X1000 = [
    0, 0, 0, 0, None, None, None, 1912.733589, 251.2738111, 322.6312277, 333.4199022,
    337.5811591, 492.3659639, 503.2362797, 511.7663157, 503.2362797, 492.3659639,
    509.6471914, 455.8423058, 511.7663157,
]
MOODLE_QSTATS_DISCRIMINATION = [
    None, None, None, None, None, None, None, 25.88327077, 1.170256965, -4.207816809,
    28.16930644, -2.513606859, -12.99017581, -8.900638238, 8.670004606, 29.63337745,
    15.18945843, 16.21079629, 15.52451404, -8.396734802,
]
MOODLE_QSTATS_EFFICIENCY = [
    None, None, None, None, None, None, None, 27.23492723, 1.382386552, -4.691171307,
    31.12404354, -2.877487579, -17.5074184, -10.27568922, 10.86956522, 34.58997279,
    17.4790556, 20.14359793, 22.06477733, -10,
]
# fmt: on


def moodle_qstats_attempts():
    return scores(*(("0",) * 7 + row for row in MOODLE_QSTATS_MARKS_8_TO_20))


def test_moodle_qstats_effective_and_intended_weights():
    """Effective weights of all 20 slots, zero-variance and zero-mark ones included (0)."""
    weights = question_weights(moodle_qstats_attempts(), MOODLE_QSTATS_MAX)
    for w, expected in zip(weights, MOODLE_QSTATS_EFFECTIVE_WEIGHT, strict=True):
        assert w.effective_weight == pytest.approx(expected, abs=1e-6), w.question_id
        assert w.negative_covariance is False
    # Intended weights (not in Moodle's data): the quiz is worth 4 + 0 + 8 + 12 = 24.
    assert [w.intended_weight for w in weights[3:8]] == pytest.approx([100 / 24, 0, 0, 0, 100 / 3])


def test_moodle_qstats_item_figures():
    """The same data set's facility, SD, discrimination and efficiency, as Moodle asserts."""
    item = question_statistics(moodle_qstats_attempts(), MOODLE_QSTATS_MAX)
    expected_rows = zip(
        MOODLE_QSTATS_FACILITY,
        MOODLE_QSTATS_SD_X1000,
        MOODLE_QSTATS_DISCRIMINATION,
        MOODLE_QSTATS_EFFICIENCY,
        strict=True,
    )
    for s, (facility, sd, di, de), maximum in zip(
        item, expected_rows, MOODLE_QSTATS_MAX.values(), strict=True
    ):
        close = {"abs": 1e-6}
        assert s.facility == (None if facility is None else pytest.approx(facility, **close))
        sd_marks = None if s.sd is None else 1000 * s.sd * float(maximum) / 100
        assert sd_marks == (None if sd is None else pytest.approx(sd, **close))
        assert s.discrimination == (None if di is None else pytest.approx(di, **close))
        assert s.discriminative_efficiency == (None if de is None else pytest.approx(de, **close))


def test_moodle_qstats_test_level_is_consistent():
    """No test-level figures in Moodle for this set; check alpha against its own parts."""
    attempts = moodle_qstats_attempts()
    stats = ia.test_statistics(attempts, MOODLE_QSTATS_MAX)
    weights = question_weights(attempts, MOODLE_QSTATS_MAX)
    assert stats.attempts == 22 and stats.question_count == 20
    assert stats.sum_of_mark_variance == pytest.approx(sum(w.mark_variance for w in weights))
    k2 = stats.sd**2
    expected_cic = 100 * 20 / 19 * (1 - stats.sum_of_mark_variance / k2)
    assert stats.cic == pytest.approx(expected_cic)
    # The variance of the totals is the sum of the covariances with the total.
    assert k2 == pytest.approx(sum(w.covariance_with_total for w in weights))

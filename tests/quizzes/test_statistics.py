"""Quiz statistics: hand-computed values, degenerate cases and properties."""

import math
import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.statistics import (
    AttemptScores,
    Bin,
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

D = Decimal


def attempt(attempt_id: int, **points: str) -> AttemptScores:
    """An attempt with points given as q<id>="1.5"."""
    return AttemptScores(attempt_id, {int(k[1:]): D(v) for k, v in points.items()})


# --- question_statistics: the hand-worked example -------------------------------------
#
# Three questions worth Q1 = 1, Q2 = 2, Q3 = 1 point; four attempts:
#
#   attempt   Q1  Q2  Q3  total
#   A          1   2   0    3
#   B          1   2   1    4
#   C          0   1   1    2
#   D          0   0   1    1      (D has no row for Q1 and Q2: missing means 0)
#
# r = Sxy / sqrt(Sxx * Syy), where x is the question's score, y the rest of the test
# (total - x), and S are sums of products of deviations from the mean.
#
# Q1: x = [1, 1, 0, 0], mean 1/2; y = [2, 3, 2, 1], mean 2
#     dx = [.5, .5, -.5, -.5]; dy = [0, 1, 0, -1]
#     Sxy = 0 + .5 + 0 + .5 = 1; Sxx = 4 * .25 = 1; Syy = 0 + 1 + 0 + 1 = 2
#     r = 1 / sqrt(2) = 0.70711 -> discrimination 70.711
#     facility = mean fraction = 2/4 = 50%
#     sd = sqrt(Sxx / (n - 1)) / max = sqrt(1/3) = 0.57735 -> 57.735%
#     efficiency: sorted x [0,0,1,1] dx [-.5,-.5,.5,.5]; sorted y [1,2,2,3] dy [-1,0,0,1]
#       Smax = .5 + 0 + 0 + .5 = 1 -> 100 * Sxy / Smax = 100
#
# Q2: x = [2, 2, 1, 0], mean 5/4; y = [1, 2, 1, 1], mean 5/4
#     dx = [.75, .75, -.25, -1.25]; dy = [-.25, .75, -.25, -.25]
#     Sxy = -.1875 + .5625 + .0625 + .3125 = .75
#     Sxx = .5625 + .5625 + .0625 + 1.5625 = 2.75; Syy = .0625 + .5625 + .0625 + .0625 = .75
#     r = .75 / sqrt(2.75 * .75) = sqrt(.75 / 2.75) = sqrt(3/11) = 0.52223 -> 52.223
#     facility = fractions [1, 1, .5, 0] -> 2.5 / 4 = 62.5%
#     sd = sqrt(2.75 / 3) / 2 = 0.47871 -> 47.871%
#     efficiency: sorted x [0,1,2,2] dx [-1.25,-.25,.75,.75]; sorted y [1,1,1,2]
#       dy [-.25,-.25,-.25,.75]; Smax = .3125 + .0625 - .1875 + .5625 = .75 -> 100
#
# Q3: x = [0, 1, 1, 1], mean 3/4; y = [3, 3, 1, 0], mean 7/4
#     dx = [-.75, .25, .25, .25]; dy = [1.25, 1.25, -.75, -1.75]
#     Sxy = -.9375 + .3125 - .1875 - .4375 = -1.25
#     Sxx = .5625 + 3 * .0625 = .75; Syy = 1.5625 + 1.5625 + .5625 + 3.0625 = 6.75
#     r = -1.25 / sqrt(.75 * 6.75) = -1.25 / 2.25 = -5/9 -> discrimination -55.556
#     facility = 3/4 = 75%; sd = sqrt(.75 / 3) = 0.5 -> 50%
#     efficiency: sorted x [0,1,1,1] dx [-.75,.25,.25,.25]; sorted y [0,1,3,3]
#       dy [-1.75,-.75,1.25,1.25]; Smax = 1.3125 - .1875 + .3125 + .3125 = 1.75
#       -> 100 * -1.25 / 1.75 = -500/7 = -71.429

WORKED_ATTEMPTS = [
    attempt(1, q1="1", q2="2", q3="0"),
    attempt(2, q1="1", q2="2", q3="1"),
    attempt(3, q1="0", q2="1", q3="1"),
    attempt(4, q3="1"),
]
WORKED_MAX = {1: D("1"), 2: D("2"), 3: D("1")}


def test_worked_example_facility():
    """Facility is the mean score fraction, in percent."""
    stats = question_statistics(WORKED_ATTEMPTS, WORKED_MAX)
    assert [s.facility for s in stats] == [50.0, 62.5, 75.0]


def test_worked_example_discrimination():
    """Discrimination is 100 x Pearson r between the question and the rest of the test."""
    stats = question_statistics(WORKED_ATTEMPTS, WORKED_MAX)
    assert stats[0].discrimination == pytest.approx(100 / math.sqrt(2))
    assert stats[1].discrimination == pytest.approx(100 * math.sqrt(3 / 11))
    assert stats[2].discrimination == pytest.approx(-500 / 9)


def test_worked_example_sd():
    """The standard deviation is the sample SD of the score fraction, in percent."""
    stats = question_statistics(WORKED_ATTEMPTS, WORKED_MAX)
    assert stats[0].sd == pytest.approx(100 * math.sqrt(1 / 3))
    assert stats[1].sd == pytest.approx(100 * math.sqrt(2.75 / 3) / 2)
    assert stats[2].sd == pytest.approx(50.0)


def test_worked_example_discriminative_efficiency():
    """Efficiency compares the covariance with the largest one the marginals allow."""
    stats = question_statistics(WORKED_ATTEMPTS, WORKED_MAX)
    assert stats[0].discriminative_efficiency == pytest.approx(100.0)
    assert stats[1].discriminative_efficiency == pytest.approx(100.0)
    assert stats[2].discriminative_efficiency == pytest.approx(-500 / 7)


def test_worked_example_shape_and_order():
    """One row per question, in max_points order, counting every attempt."""
    reordered = {3: D("1"), 1: D("1"), 2: D("2")}
    stats = question_statistics(WORKED_ATTEMPTS, reordered)
    assert [s.question_id for s in stats] == [3, 1, 2]
    assert all(s.attempts == 4 for s in stats)
    assert all(isinstance(s, QuestionStats) for s in stats)


def test_worked_example_matches_statistics_correlation():
    """The exact-arithmetic result agrees with the standard library's Pearson r."""
    x = [1, 1, 0, 0]
    rest = [2, 3, 2, 1]
    expected = 100 * statistics.correlation(x, rest)
    assert question_statistics(WORKED_ATTEMPTS, WORKED_MAX)[0].discrimination == pytest.approx(
        expected
    )


# --- question_statistics: degenerate cases -------------------------------------------


def test_no_attempts_gives_no_statistics():
    """With no attempts nothing is defined, and the count is 0."""
    stats = question_statistics([], {7: D("1"), 8: D("2")})
    assert stats == [
        QuestionStats(7, 0, None, None, None, None),
        QuestionStats(8, 0, None, None, None, None),
    ]


def test_one_attempt_has_facility_but_no_discrimination_or_sd():
    """One student: facility is their fraction; spread and correlation are undefined."""
    [q1, q2] = question_statistics([attempt(1, q1="0.5", q2="2")], {1: D("2"), 2: D("2")})
    assert q1 == QuestionStats(1, 1, 25.0, None, None, None)
    assert q2 == QuestionStats(2, 1, 100.0, None, None, None)


def test_everyone_right_has_zero_spread_and_no_discrimination():
    """Everyone full marks on Q1: facility 100, sd 0, discrimination undefined (None)."""
    attempts = [
        attempt(1, q1="1", q2="1"),
        attempt(2, q1="1", q2="0"),
        attempt(3, q1="1", q2="1"),
    ]
    q1, q2 = question_statistics(attempts, {1: D("1"), 2: D("1")})
    assert q1.facility == 100.0
    assert q1.sd == 0.0
    assert q1.discrimination is None
    assert q1.discriminative_efficiency is None
    # Q2's rest of the test is Q1, which is constant: zero variance on the other side.
    assert q2.facility == pytest.approx(200 / 3)
    assert q2.discrimination is None


def test_single_question_quiz_has_no_rest_of_test():
    """With one question the rest of the test is always 0, so discrimination is None."""
    attempts = [attempt(1, q1="1"), attempt(2, q1="0")]
    [q1] = question_statistics(attempts, {1: D("1")})
    assert q1.facility == 50.0
    assert q1.discrimination is None


def test_zero_point_question_has_no_facility():
    """A question worth 0 points has no fraction to report (Moodle shows nothing)."""
    attempts = [attempt(1, q1="1", q2="0"), attempt(2, q1="0", q2="0")]
    _, q2 = question_statistics(attempts, {1: D("1"), 2: D("0")})
    assert q2.facility is None
    assert q2.sd is None


def test_points_for_questions_outside_the_quiz_are_ignored():
    """Only the questions in max_points make up an attempt's total."""
    with_extra = [
        AttemptScores(a.attempt_id, {**a.question_points, 99: D(a.attempt_id * 10)})
        for a in WORKED_ATTEMPTS
    ]
    assert question_statistics(with_extra, WORKED_MAX) == question_statistics(
        WORKED_ATTEMPTS, WORKED_MAX
    )


def test_perfectly_discriminating_question_scores_100():
    """A question right exactly for the students who do well elsewhere: r = 1."""
    attempts = [attempt(1, q1="1", q2="1"), attempt(2, q1="0", q2="0")]
    q1, q2 = question_statistics(attempts, {1: D("1"), 2: D("1")})
    assert q1.discrimination == 100.0
    assert q2.discrimination == 100.0


# --- question_statistics: properties ------------------------------------------------

points = st.integers(min_value=0, max_value=4).map(D)


@given(
    st.lists(st.tuples(points, points, points), min_size=0, max_size=25),
)
def test_statistics_stay_in_range_and_match_pearson(rows):
    """Facility is 0..100, discrimination -100..100 and equal to 100 x Pearson r."""
    attempts = [AttemptScores(i, {1: a, 2: b, 3: c}) for i, (a, b, c) in enumerate(rows, start=1)]
    maximum = {1: D(4), 2: D(4), 3: D(4)}
    stats = question_statistics(attempts, maximum)
    for index, stat in enumerate(stats):
        assert stat.attempts == len(rows)
        if not rows:
            assert stat.facility is None
            continue
        assert 0 <= stat.facility <= 100
        marks = [float(row[index]) for row in rows]
        rest = [float(sum(row)) - mark for row, mark in zip(rows, marks, strict=True)]
        if len(rows) < 2 or len(set(marks)) == 1 or len(set(rest)) == 1:
            assert stat.discrimination is None
        else:
            assert -100 <= stat.discrimination <= 100
            expected = 100 * statistics.correlation(marks, rest)
            assert stat.discrimination == pytest.approx(expected, abs=1e-9)
            assert stat.sd == pytest.approx(100 * statistics.stdev(marks) / 4)


# --- score_summary ------------------------------------------------------------------


def test_score_summary_of_nothing_is_empty():
    """No scores: count 0, everything else None."""
    assert score_summary([]) == ScoreSummary(count=0, mean=None, median=None, min=None, max=None)


def test_score_summary_odd_count():
    """Mean, middle value, extremes; Decimal in, Decimal out."""
    summary = score_summary([D("3"), D("1.5"), D("9")])
    assert summary == ScoreSummary(count=3, mean=D("4.5"), median=D("3"), min=D("1.5"), max=D("9"))


def test_score_summary_even_count_median_is_midpoint():
    """With an even count the median is the mean of the two middle scores."""
    summary = score_summary([D("4"), D("1"), D("2"), D("10")])
    assert summary.median == D("3")
    assert summary.mean == D("4.25")
    assert summary.count == 4


def test_score_summary_one_score():
    """One student: every statistic is that score."""
    assert score_summary([D("7.5")]) == ScoreSummary(1, D("7.5"), D("7.5"), D("7.5"), D("7.5"))


# --- histogram ------------------------------------------------------------------------


def test_histogram_edges_and_last_bin_includes_100():
    """Bins are [lower, upper); 100 falls into the last bin, 10 into the second."""
    bins = histogram([0, 9.99, 10, 55, 99.9, 100, 100], bins=10)
    assert len(bins) == 10
    assert bins[0] == Bin(0.0, 10.0, 2)
    assert bins[1] == Bin(10.0, 20.0, 1)
    assert bins[5] == Bin(50.0, 60.0, 1)
    assert bins[9] == Bin(90.0, 100.0, 3)
    assert sum(b.count for b in bins) == 7


def test_histogram_empty_has_all_bins_at_zero():
    """No data still gives the full set of empty bins, ready to draw."""
    bins = histogram([], bins=4)
    assert bins == [Bin(0.0, 25.0, 0), Bin(25.0, 50.0, 0), Bin(50.0, 75.0, 0), Bin(75.0, 100.0, 0)]


def test_histogram_float_noise_lands_in_expected_bin():
    """100 * 0.3 is 29.999999999999996 in floats; a reader expects the 30-40 bin."""
    bins = histogram([100 * 0.3, 100 * (0.1 + 0.2)])
    assert bins[3].count == 2


def test_histogram_clamps_out_of_range_values():
    """Below 0 counts in the first bin, above 100 (an override) in the last."""
    bins = histogram([-5, 120], bins=5)
    assert bins[0].count == 1
    assert bins[-1].count == 1


def test_histogram_rejects_no_bins_and_nan():
    """Zero bins or a NaN value is a programming error, reported clearly."""
    with pytest.raises(ValueError):
        histogram([50], bins=0)
    with pytest.raises(ValueError):
        histogram([math.nan])


def test_bin_label():
    """Bin labels use an en dash and drop needless decimals."""
    assert Bin(90.0, 100.0, 3).label == "90–100"
    assert Bin(12.5, 25.0, 0).label == "12.5–25"


@given(st.lists(st.floats(min_value=0, max_value=100), max_size=50), st.integers(1, 20))
def test_histogram_counts_every_value_once(values, bins):
    """Every value lands in exactly one bin, and the bins tile 0..100."""
    result = histogram(values, bins=bins)
    assert sum(b.count for b in result) == len(values)
    assert result[0].lower == 0 and result[-1].upper == 100
    for left, right in zip(result, result[1:], strict=False):
        assert left.upper == right.lower


# --- option_frequencies and spot_claim_sentence_stats --------------------------------


def test_option_frequencies_counts_each_pick_in_option_order():
    """Each response counts once per option picked; unpicked options count 0."""
    result = option_frequencies([{1, 2}, {2}, set(), {2, 3}], options=[3, 2, 1, 4])
    assert result == {3: 1, 2: 3, 1: 1, 4: 0}
    assert list(result) == [3, 2, 1, 4]


def test_option_frequencies_ignores_unknown_ids():
    """An id that is not one of the options (stale or tampered) is not counted."""
    assert option_frequencies([{1, 99}], options=[1, 2]) == {1: 1, 2: 0}


def test_spot_claim_sentence_stats():
    """Key sentences report picks and misses; other sentences picks only."""
    picks = [{11, 12}, {12}, {13}, set()]
    result = spot_claim_sentence_stats(picks, key={11, 12}, sentence_ids=[10, 11, 12, 13])
    assert result == [
        SentenceStat(sentence_id=10, in_key=False, picked=0, missed=None, responses=4),
        SentenceStat(sentence_id=11, in_key=True, picked=1, missed=3, responses=4),
        SentenceStat(sentence_id=12, in_key=True, picked=2, missed=2, responses=4),
        SentenceStat(sentence_id=13, in_key=False, picked=1, missed=None, responses=4),
    ]


def test_spot_claim_sentence_stats_without_responses():
    """No responses: nothing picked and nothing missed."""
    [stat] = spot_claim_sentence_stats([], key={5}, sentence_ids=[5])
    assert stat == SentenceStat(sentence_id=5, in_key=True, picked=0, missed=0, responses=0)


# --- completion_rate --------------------------------------------------------------------


def test_completion_rate():
    """Done over enrolled, in percent; None for an empty class."""
    assert completion_rate(3, 4) == 75.0
    assert completion_rate(0, 25) == 0.0
    assert completion_rate(0, 0) is None


def test_completion_rate_caps_at_100_when_students_left():
    """Students who submitted and then left the class do not push it past 100."""
    assert completion_rate(5, 4) == 100.0


def test_completion_rate_rejects_negative_counts():
    """Negative counts are a programming error."""
    with pytest.raises(ValueError):
        completion_rate(-1, 4)

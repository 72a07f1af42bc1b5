"""Unit tests for quizzes.grading: pure functions, so no database and no fixtures.

The models are imported only to compare their choices with grading's copies of them."""

import time
import unicodedata
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.models import ClaimLabel
from quizzes.grading import (
    GRADING_METHODS,
    KEY_VERDICTS_DEFAULT,
    KINDS,
    VERDICTS,
    Grade,
    accepted_answers,
    combine_attempt_grades,
    grade,
    grade_selection,
    grade_short_answer,
    grade_single_choice,
    grade_spot_claim,
    grade_true_false,
    normalise_answer,
    spot_claim_key,
    spot_claim_question_key,
    total_points,
)
from quizzes.models import Question, Quiz
from quizzes.patterns import MAX_PATTERN_INPUT_LENGTH

D = Decimal
ONE = D("1.0000")
ZERO = D("0.0000")
ONE_POINT = D("1")


def selection(selected, correct, options, max_points=ONE_POINT):
    return grade_selection(
        selected=set(selected), correct=set(correct), options=set(options), max_points=max_points
    )


def short(text, accepted=(), pattern="", max_points=ONE_POINT):
    return grade_short_answer(
        text=text, accepted=list(accepted), pattern=pattern, max_points=max_points
    )


# --- Grade and rounding ----------------------------------------------------------------


def test_grade_is_frozen():
    """A Grade cannot be changed after it is made."""
    grade = Grade(fraction=ONE, points=D("2.00"))
    with pytest.raises(AttributeError):
        grade.points = D("3.00")  # type: ignore[misc]


def test_grade_fraction_has_four_places_and_points_two():
    """Fraction is quantised to 4 places and points to 0.01."""
    grade = selection({1}, {1, 2, 3}, {1, 2, 3, 4}, max_points=D("1"))
    assert grade.fraction == D("0.3333")
    assert grade.fraction.as_tuple().exponent == -4
    assert grade.points == D("0.33")
    assert grade.points.as_tuple().exponent == -2


def test_points_are_rounded_from_the_exact_share_not_the_rounded_fraction():
    """Two thirds of 3 points is 2.00, not 0.6667 * 3 = 2.0001."""
    grade = selection({1, 2}, {1, 2, 3}, {1, 2, 3, 4}, max_points=D("3"))
    assert grade.fraction == D("0.6667")
    assert grade.points == D("2.00")
    assert str(grade.points) == "2.00"


def test_halves_round_up():
    """A share landing exactly on a half rounds up (ROUND_HALF_UP)."""
    # 1/8 = 0.125 of 1 point: 0.125 rounds to 0.13, not banker's 0.12.
    assert selection({1}, set(range(1, 9)), set(range(1, 9))).points == D("0.13")
    # 1/2 of 0.05 points = 0.025 -> 0.03.
    assert selection({1}, {1, 2}, {1, 2}, max_points=D("0.05")).points == D("0.03")
    # 1/16 = 0.0625 exactly; 1/32 = 0.03125 -> 0.0313 at four places.
    assert selection({1}, set(range(1, 33)), set(range(1, 33))).fraction == D("0.0313")


def test_full_grade_reports_is_full():
    """is_full is true only for a whole-question grade."""
    assert selection({1}, {1}, {1, 2}).is_full
    assert not selection({1}, {1, 2}, {1, 2}).is_full


def test_zero_max_points_gives_zero_points_but_keeps_the_fraction():
    """A question worth 0 points still reports how much of it was right."""
    grade = selection({1}, {1}, {1, 2}, max_points=D("0"))
    assert grade == Grade(fraction=ONE, points=D("0.00"))


def test_integer_max_points_are_accepted():
    """An int is an exact number of points, as good as a Decimal."""
    assert selection({1}, {1}, {1, 2}, max_points=2).points == D("2.00")


@pytest.mark.parametrize(
    ("max_points", "error"),
    [
        (D("-1"), ValueError),
        (D("NaN"), ValueError),
        (D("Infinity"), ValueError),
        (1.5, TypeError),
        (True, TypeError),
        ("1", TypeError),
    ],
)
def test_bad_max_points_are_refused(max_points, error):
    """Negative, non-finite and non-Decimal point values are caller bugs."""
    with pytest.raises(error):
        selection({1}, {1}, {1, 2}, max_points=max_points)


# --- single choice and true/false ------------------------------------------------------


@pytest.mark.parametrize("grader", [grade_single_choice, grade_true_false])
@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ({2}, Grade(fraction=ONE, points=D("2.50"))),
        ({1}, Grade(fraction=ZERO, points=D("0.00"))),
        (set(), Grade(fraction=ZERO, points=D("0.00"))),
        ({1, 2}, Grade(fraction=ZERO, points=D("0.00"))),
        ({1, 2, 3}, Grade(fraction=ZERO, points=D("0.00"))),
        ({99}, Grade(fraction=ZERO, points=D("0.00"))),
    ],
    ids=["right", "wrong", "nothing", "right-and-wrong", "everything", "unknown-id"],
)
def test_single_choice_is_all_or_nothing(grader, selected, expected):
    """Exactly one selected id, and it is the correct one, earns everything; else 0."""
    assert grader(selected=selected, correct={2}, max_points=D("2.5")) == expected


def test_single_choice_accepts_frozensets():
    """Views may pass frozensets; the result is the same."""
    grade = grade_single_choice(selected=frozenset({2}), correct=frozenset({2}), max_points=D("1"))
    assert grade.is_full


def test_single_choice_with_empty_key_scores_zero():
    """A question with no correct choice cannot be answered right."""
    assert grade_single_choice(selected={1}, correct=set(), max_points=D("1")).fraction == 0


@pytest.mark.parametrize("bad", ["1", 1, b"1"])
def test_single_choice_refuses_a_bare_value_for_a_set(bad):
    """A string would otherwise be graded as a set of characters."""
    with pytest.raises(TypeError):
        grade_single_choice(selected=bad, correct={1}, max_points=D("1"))


# --- selection (multiple choice, spot the claim) ---------------------------------------


@pytest.mark.parametrize(
    ("selected", "fraction", "points"),
    [
        ({1, 2}, "1.0000", "4.00"),  # exactly the key
        ({3, 4, 5}, "0.0000", "0.00"),  # all wrong
        (set(), "0.0000", "0.00"),  # nothing picked
        ({1, 2, 3, 4, 5}, "0.0000", "0.00"),  # everything picked
        ({1}, "0.5000", "2.00"),  # half the key
        ({1, 2, 3}, "0.6667", "2.67"),  # key plus one of three wrong
        ({1, 3}, "0.1667", "0.67"),  # 1/2 - 1/3
        ({1, 3, 4}, "0.0000", "0.00"),  # 1/2 - 2/3 is floored at 0
        ({3}, "0.0000", "0.00"),  # never negative
    ],
)
def test_selection_partial_credit(selected, fraction, points):
    """Right picks earn 1/len(key), wrong picks cost 1/len(wrong options), within 0..1."""
    grade = selection(selected, correct={1, 2}, options={1, 2, 3, 4, 5}, max_points=D("4"))
    assert grade == Grade(fraction=D(fraction), points=D(points))


def test_selection_where_every_option_is_correct():
    """With no wrong option, the share is just the share of the key picked."""
    assert selection({1, 2, 3}, {1, 2, 3}, {1, 2, 3}).fraction == ONE
    assert selection({1}, {1, 2, 3}, {1, 2, 3}).fraction == D("0.3333")
    assert selection(set(), {1, 2, 3}, {1, 2, 3}).fraction == ZERO


@pytest.mark.parametrize(
    ("selected", "fraction"),
    [
        (set(), "1.0000"),  # nothing to spot, nothing spotted
        ({1}, "0.7500"),  # each wrong pick costs 1/len(options)
        ({1, 2}, "0.5000"),
        ({1, 2, 3, 4}, "0.0000"),  # everything picked
    ],
)
def test_selection_with_empty_key(selected, fraction):
    """A section with nothing to spot rewards picking nothing."""
    assert selection(selected, correct=set(), options={1, 2, 3, 4}).fraction == D(fraction)


def test_selection_with_no_options_at_all():
    """No options and no key: the only possible answer is right."""
    assert selection(set(), set(), set()).fraction == ONE


def test_selection_refuses_ids_outside_the_options():
    """Picked ids from another question are a caller bug, not a wrong answer."""
    with pytest.raises(ValueError, match=r"selected ids not among the options: \[7, 9\]"):
        selection({1, 7, 9}, {1}, {1, 2})


def test_selection_refuses_a_key_outside_the_options():
    """A key naming ids that are not options is a caller bug."""
    with pytest.raises(ValueError, match="correct ids not among the options"):
        selection({1}, {1, 8}, {1, 2})


def test_selection_refuses_a_string_of_ids():
    """A string is not a set of ids."""
    with pytest.raises(TypeError):
        grade_selection(selected="12", correct={1}, options={1, 2}, max_points=D("1"))


@st.composite
def selection_cases(draw, *, need_wrong_option=False):
    """Draw (options, correct, selected) with correct and selected among options."""
    options = draw(st.sets(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=12))
    ordered = sorted(options)
    correct = draw(st.sets(st.sampled_from(ordered)))
    if need_wrong_option and correct == options:
        correct = correct - {ordered[0]}
    selected = draw(st.sets(st.sampled_from(ordered)))
    return options, correct, selected


points_values = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False)


@given(selection_cases(), points_values)
def test_property_fraction_and_points_stay_in_range(case, max_points):
    """Whatever is picked, 0 <= fraction <= 1 and 0 <= points <= max_points."""
    options, correct, selected = case
    grade = selection(selected, correct, options, max_points=max_points)
    assert ZERO <= grade.fraction <= ONE
    assert D("0") <= grade.points <= max_points
    assert grade.fraction.as_tuple().exponent == -4
    assert grade.points.as_tuple().exponent == -2


@given(selection_cases(), points_values)
def test_property_exactly_the_key_scores_full_marks(case, max_points):
    """Picking exactly the key earns every point, including an empty key."""
    options, correct, _selected = case
    grade = selection(correct, correct, options, max_points=max_points)
    assert grade.fraction == ONE
    assert grade.points == max_points.quantize(D("0.01"))


@given(selection_cases())
def test_property_superset_of_key_never_beats_the_key(case):
    """Adding picks to the exact key can only lose credit."""
    options, correct, selected = case
    superset = correct | selected
    assert (
        selection(superset, correct, options).fraction
        <= selection(correct, correct, options).fraction
    )


@given(selection_cases(need_wrong_option=True), st.data())
def test_property_adding_a_wrong_pick_never_raises_the_score(case, data):
    """One more wrong pick never increases the fraction."""
    options, correct, selected = case
    wrong_unpicked = sorted(options - correct - selected)
    if not wrong_unpicked:
        selected = selected - {sorted(options - correct)[0]}
        wrong_unpicked = sorted(options - correct - selected)
    extra = data.draw(st.sampled_from(wrong_unpicked))
    before = selection(selected, correct, options).fraction
    after = selection(selected | {extra}, correct, options).fraction
    assert after <= before


@given(selection_cases(), st.data())
def test_property_adding_a_right_pick_never_lowers_the_score(case, data):
    """One more right pick never decreases the fraction."""
    options, correct, selected = case
    right_unpicked = sorted(correct - selected)
    if not right_unpicked:
        return
    extra = data.draw(st.sampled_from(right_unpicked))
    assert (
        selection(selected | {extra}, correct, options).fraction
        >= selection(selected, correct, options).fraction
    )


@given(selection_cases(need_wrong_option=True))
def test_property_selecting_everything_scores_zero(case):
    """With at least one wrong option, picking every option is worth nothing."""
    options, correct, _selected = case
    assert selection(options, correct, options).fraction == ZERO


@given(selection_cases())
def test_property_matches_the_stated_formula(case):
    """The fraction is the documented formula, computed exactly then rounded."""
    options, correct, selected = case
    wrong_picks = len(selected - correct)
    if correct:
        share = Fraction(len(selected & correct), len(correct))
        if wrong_picks:
            share -= Fraction(wrong_picks, len(options - correct))
    else:
        share = 1 - Fraction(wrong_picks, len(options))
    share = min(max(share, Fraction(0)), Fraction(1))
    expected = (D(share.numerator) / D(share.denominator)).quantize(D("0.0001"), "ROUND_HALF_UP")
    assert selection(selected, correct, options).fraction == expected


@given(selection_cases())
def test_property_set_and_frozenset_agree(case):
    """The container type does not change the grade."""
    options, correct, selected = case
    as_sets = selection(selected, correct, options)
    as_frozensets = grade_selection(
        selected=frozenset(selected),
        correct=frozenset(correct),
        options=frozenset(options),
        max_points=D("1"),
    )
    assert as_sets == as_frozensets


@given(
    st.sets(st.integers(1, 20), max_size=5),
    st.integers(1, 20),
    points_values,
)
def test_property_single_choice_is_zero_or_full(selected, correct_id, max_points):
    """Single choice never gives partial credit."""
    grade = grade_single_choice(selected=selected, correct={correct_id}, max_points=max_points)
    assert grade.fraction in (ZERO, ONE)
    assert grade.is_full == (selected == {correct_id})


# --- spot-the-claim keys ---------------------------------------------------------------


LABELS = {
    10: "supported",
    11: "unsupported",
    12: "inaccurate",
    13: "logical_flaw",
    14: "opinion",
    15: "vague",
}


def test_spot_claim_key_with_default_verdicts():
    """By default the key is every unsupported, inaccurate or flawed sentence."""
    assert KEY_VERDICTS_DEFAULT == ("unsupported", "inaccurate", "logical_flaw")
    assert spot_claim_key(LABELS, KEY_VERDICTS_DEFAULT) == {11, 12, 13}


def test_spot_claim_key_with_chosen_verdicts():
    """The teacher may narrow the key to one verdict, or include opinions."""
    assert spot_claim_key(LABELS, ["unsupported"]) == {11}
    assert spot_claim_key(LABELS, {"unsupported", "opinion"}) == {11, 14}
    assert spot_claim_key(LABELS, iter(["inaccurate"])) == {12}


def test_spot_claim_key_can_be_empty():
    """A section with only supported sentences has an empty key."""
    assert spot_claim_key({1: "supported", 2: "supported"}, KEY_VERDICTS_DEFAULT) == set()
    assert spot_claim_key({}, KEY_VERDICTS_DEFAULT) == set()
    assert spot_claim_key(LABELS, []) == set()


def test_spot_claim_key_refuses_unknown_verdicts():
    """A misspelt verdict would silently empty the key, so it is an error."""
    with pytest.raises(ValueError, match="unsupportd"):
        spot_claim_key(LABELS, ["unsupportd"])


def test_spot_claim_key_refuses_a_single_string():
    """A bare string would be read as a set of letters."""
    with pytest.raises(TypeError):
        spot_claim_key(LABELS, "unsupported")


def test_spot_claim_key_feeds_grade_selection():
    """The key and the sentence ids grade a spot-the-claim answer."""
    key = spot_claim_key(LABELS, KEY_VERDICTS_DEFAULT)
    grade = grade_selection(selected=set(key), correct=key, options=set(LABELS), max_points=D("3"))
    assert grade == Grade(fraction=ONE, points=D("3.00"))
    assert set(VERDICTS) == set(LABELS.values())


# --- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Paris", "paris"),
        ("PARIS", "paris"),
        ("  Paris  ", "paris"),
        ("New   York", "new york"),
        ("New\tYork\n", "new york"),
        ("Paris.", "paris"),
        ("Paris!?", "paris"),
        ("it's", "its"),
        ("it\u2019s", "its"),  # curly apostrophe
        ("\u201cParis\u201d", "paris"),  # curly double quotes
        ("\u2018Paris\u2019", "paris"),  # curly single quotes
        ("\u00abParis\u00bb", "paris"),  # guillemets
        ("well-known", "wellknown"),
        ("well\u2014known", "wellknown"),  # em dash
        ("\uff30\uff41\uff52\uff49\uff53", "paris"),  # full-width letters
        ("\uff11\uff19\uff10\uff15", "1905"),  # full-width digits
        ("New\u3000York", "new york"),  # ideographic space
        ("New\u00a0York", "new york"),  # no-break space
        ("STRASSE", "strasse"),
        ("Stra\u00dfe", "strasse"),  # casefold, not lower
        ("\ufb01sh", "fish"),  # ligature
        ("$5", "$5"),  # symbols are not punctuation
        (" . , ! ", ""),
        ("", ""),
    ],
)
def test_normalise_answer(raw, expected):
    """Case, spacing, punctuation and compatibility forms do not matter."""
    assert normalise_answer(raw) == expected


def test_normalise_answer_composed_and_decomposed_accents_agree():
    """'café' typed with a precomposed é equals 'cafe' + combining acute."""
    composed = unicodedata.normalize("NFC", "café")
    decomposed = unicodedata.normalize("NFD", "café")
    assert composed != decomposed
    assert normalise_answer(composed) == normalise_answer(decomposed) == "caf\u00e9"


def test_normalise_answer_keeps_accents():
    """Accents are kept: 'resume' and 'résumé' are different words."""
    assert normalise_answer("Résumé") != normalise_answer("resume")


@given(st.text(max_size=60))
def test_property_normalise_answer_is_idempotent(text):
    """Normalising twice gives the same result as normalising once."""
    once = normalise_answer(text)
    assert normalise_answer(once) == once


@given(st.text(max_size=60))
def test_property_normalised_text_has_no_punctuation_or_extra_space(text):
    """The result holds no punctuation, no edge space and no double space."""
    result = normalise_answer(text)
    assert not any(unicodedata.category(ch).startswith("P") for ch in result)
    assert result == result.strip()
    assert "  " not in result


# --- short answers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Paris", "paris", "  PARIS ", "Paris.", "\u201cParis\u201d", "\uff30\uff41\uff52\uff49\uff53"],
)
def test_short_answer_matches_accepted_answer_after_normalising(text):
    """Any spelling that normalises to an accepted answer is right."""
    assert short(text, accepted=["Paris"], max_points=D("2")) == Grade(
        fraction=ONE, points=D("2.00")
    )


def test_short_answer_matches_any_accepted_answer():
    """Any of the accepted answers will do."""
    accepted = ["Paris", "the city of Paris"]
    assert short("The City of Paris", accepted=accepted).is_full
    assert not short("Lyon", accepted=accepted).is_full


def test_short_answer_with_accented_key_and_decomposed_answer():
    """A decomposed 'café' from a phone keyboard matches a composed key."""
    answer = unicodedata.normalize("NFD", "Café")
    assert short(answer, accepted=[unicodedata.normalize("NFC", "café")]).is_full


def test_short_answer_wrong():
    """An answer matching nothing scores 0."""
    assert short("Lyon", accepted=["Paris"], max_points=D("2")) == Grade(
        fraction=ZERO, points=D("0.00")
    )


@pytest.mark.parametrize("text", ["", "   ", "...", "\u201c\u201d"])
def test_short_answer_empty_scores_zero_even_against_an_empty_key(text):
    """An empty answer never matches, not even an accepted answer that normalises to ''."""
    assert short(text, accepted=["", "?"], pattern=".*").fraction == ZERO


def test_short_answer_with_no_key_scores_zero():
    """No accepted answers and no pattern: nothing is right."""
    assert short("Paris").fraction == ZERO


def test_short_answer_does_not_match_a_substring():
    """An answer containing the key is not the key."""
    assert not short("not Paris", accepted=["Paris"]).is_full


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("1905", True),
        (" 1905 ", True),  # stripped first
        ("in 1905", False),  # fullmatch, not search
        ("19055", False),
        ("abcd", False),
    ],
)
def test_short_answer_pattern_fullmatches_stripped_text(text, right):
    """The pattern must match the whole stripped answer."""
    assert short(text, pattern=r"\d{4}").is_full is right


def test_short_answer_pattern_ignores_case():
    """Patterns are matched case-insensitively."""
    assert short("EINSTEIN", pattern=r"(albert )?einstein").is_full
    assert short("Albert Einstein", pattern=r"(albert )?einstein").is_full


def test_short_answer_pattern_sees_composed_accents():
    """A decomposed answer still matches a pattern written with a composed letter."""
    assert short(unicodedata.normalize("NFD", "café"), pattern="caf\u00e9").is_full


def test_short_answer_accepted_answer_or_pattern():
    """Either an accepted answer or the pattern is enough."""
    assert short("colour", accepted=["colour"], pattern="gr[ae]y").is_full
    assert short("grey", accepted=["colour"], pattern="gr[ae]y").is_full
    assert not short("blue", accepted=["colour"], pattern="gr[ae]y").is_full


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "(?P<x>a)(?P<x>b)", "*"])
def test_short_answer_malformed_pattern_matches_nothing(pattern):
    """A broken pattern does not crash grading; accepted answers still work."""
    assert short("a", pattern=pattern).fraction == ZERO
    assert short("Paris", accepted=["Paris"], pattern=pattern).is_full


def test_short_answer_pattern_ignores_answers_over_the_length_limit():
    """Answers longer than the limit are not matched against the pattern."""
    assert MAX_PATTERN_INPUT_LENGTH == 500
    at_limit = "a" * MAX_PATTERN_INPUT_LENGTH
    assert short(at_limit, pattern="a+").is_full
    assert short(f"  {at_limit}  ", pattern="a+").is_full  # the limit applies after stripping
    assert not short(at_limit + "a", pattern="a+").is_full
    assert short(at_limit + "a", accepted=[at_limit + "a"]).is_full  # comparison still applies


def test_short_answer_unsafe_pattern_matches_nothing_and_returns_quickly():
    """A pattern with nested repetition is not run, so it cannot hang grading."""
    started = time.perf_counter()
    assert short("a" * 40 + "!", pattern="(a+)+").fraction == ZERO
    assert short("ok", accepted=["ok"], pattern="(a+)+").is_full
    assert time.perf_counter() - started < 1


@given(st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3), st.text(max_size=15))
def test_property_short_answer_never_crashes_and_is_all_or_nothing(text, accepted, pattern):
    """Any text, key and pattern, malformed or not, grade to 0 or 1."""
    assert short(text, accepted=accepted, pattern=pattern).fraction in (ZERO, ONE)


# --- combining attempts and totals -----------------------------------------------------


SCORES = [D("4.00"), D("9.50"), D("6.25")]


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", D("9.50")), ("last", D("6.25")), ("average", D("6.58"))],
)
def test_combine_attempt_grades(method, expected):
    """Highest is the best, last the most recent, average the mean to 0.01."""
    assert combine_attempt_grades(SCORES, method) == expected


@pytest.mark.parametrize("method", GRADING_METHODS)
def test_combine_attempt_grades_with_no_attempts_is_none(method):
    """No attempt means no grade, which is not a grade of 0."""
    assert combine_attempt_grades([], method) is None


@pytest.mark.parametrize("method", GRADING_METHODS)
def test_combine_attempt_grades_with_one_attempt(method):
    """One attempt is its own highest, last and average."""
    assert combine_attempt_grades([D("7.50")], method) == D("7.50")


def test_combine_attempt_grades_average_rounds_half_up_to_two_places():
    """The mean is rounded half up, to two places."""
    assert combine_attempt_grades([D("0.01"), D("0.02")], "average") == D("0.02")  # 0.015
    assert combine_attempt_grades([D("1"), D("2")], "average") == D("1.50")
    assert str(combine_attempt_grades([D("1"), D("2")], "average")) == "1.50"
    assert combine_attempt_grades([D("1"), D("1"), D("2")], "average") == D("1.33")


def test_combine_attempt_grades_last_is_chronological_not_highest():
    """Last means the most recent even when an earlier attempt was better."""
    assert combine_attempt_grades([D("10"), D("2")], "last") == D("2")


def test_combine_attempt_grades_refuses_unknown_method():
    """An unknown grading method is a caller bug."""
    with pytest.raises(ValueError, match="unknown grading method"):
        combine_attempt_grades(SCORES, "median")


@given(st.lists(points_values, min_size=1, max_size=10))
def test_property_combined_grade_lies_between_min_and_max(scores):
    """Every method gives a value between the lowest and highest attempt."""
    for method in GRADING_METHODS:
        combined = combine_attempt_grades(scores, method)
        assert combined is not None
        assert min(scores) <= combined <= max(scores)


def test_total_points():
    """Response points add up exactly."""
    assert total_points([D("1.00"), D("0.67"), D("2.33")]) == D("4.00")
    assert total_points(iter([D("0.10")] * 3)) == D("0.30")


def test_total_points_of_nothing_is_zero_with_two_places():
    """An attempt with no responses totals 0.00."""
    assert str(total_points([])) == "0.00"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (["unsupported"], ("unsupported",)),
        (["opinion", "typo"], ("opinion",)),
        ([], KEY_VERDICTS_DEFAULT),
        (None, KEY_VERDICTS_DEFAULT),
        ("unsupported", KEY_VERDICTS_DEFAULT),
    ],
)
def test_effective_key_verdicts_drop_unknowns_and_default_when_empty(setting, expected):
    from quizzes.grading import effective_key_verdicts

    assert effective_key_verdicts(setting) == expected


def test_combine_attempt_grades_counts_a_missing_score_as_zero():
    assert combine_attempt_grades([None, D("2.00")], "average") == D("1.00")
    assert combine_attempt_grades([None], "highest") == D("0.00")


# --- grading's copies of the models' choices ----------------------------------------------


def test_kinds_verdicts_and_grading_methods_are_the_models_choices():
    """grading.py copies these sets to stay free of models; the copies cannot drift."""
    assert tuple(ClaimLabel.Verdict.values) == VERDICTS
    assert tuple(Quiz.GradingMethod.values) == GRADING_METHODS
    assert set(KINDS) == set(Question.Kind.values)
    assert set(KEY_VERDICTS_DEFAULT) <= set(VERDICTS)


# --- one response, whatever its kind: the dispatch ----------------------------------------

CHOICES = {1: True, 2: False, 3: False}
PASSAGE_LABELS = {10: "unsupported", 11: "supported", 12: None, 13: "inaccurate"}


@pytest.mark.parametrize("kind", ["single_choice", "true_false"])
@pytest.mark.parametrize(
    ("selected", "expected"), [({1}, ONE), ({2}, ZERO), ({1, 2}, ZERO), (set(), ZERO)]
)
def test_grade_dispatches_single_answer_kinds_all_or_nothing(kind, selected, expected):
    result = grade(kind, max_points=D("2"), selected_choices=selected, choices=CHOICES)
    assert result.fraction == expected
    assert result.points == D("2.00") * expected


def test_grade_dispatches_multiple_choice_with_partial_credit_ignoring_strays():
    choices = {1: True, 2: True, 3: False}
    assert grade(
        "multiple_choice", max_points=ONE_POINT, selected_choices={1}, choices=choices
    ) == (Grade(fraction=D("0.5000"), points=D("0.50")))
    with_stray = grade(
        "multiple_choice", max_points=ONE_POINT, selected_choices={1, 99}, choices=choices
    )
    assert with_stray.fraction == D("0.5000")


def test_grade_dispatches_short_answers_from_the_stored_setting():
    assert grade("short_answer", max_points=ONE_POINT, text="paris", accepted=["Paris"]).is_full
    assert grade("short_answer", max_points=ONE_POINT, text="x", pattern="[xy]").is_full
    # A setting that is not a list holds no accepted answer.
    assert not grade("short_answer", max_points=ONE_POINT, text="Paris", accepted="Paris").is_full
    assert not grade("short_answer", max_points=ONE_POINT, text="Paris", accepted=None).is_full


@pytest.mark.parametrize(
    ("selected", "key_verdicts", "fraction"),
    [
        ({10, 13}, [], ONE),  # the default verdicts: unsupported, inaccurate, flaw
        ({10}, None, D("0.5000")),
        ({10, 99}, [], D("0.5000")),  # a sentence outside the passage is ignored
        ({11}, ["supported"], ONE),
        ({11}, ["supported", "typo"], ONE),
        (set(), [], ZERO),
    ],
)
def test_grade_dispatches_spot_the_claim(selected, key_verdicts, fraction):
    result = grade(
        "spot_claim",
        max_points=D("2"),
        selected_sentences=selected,
        sentence_labels=PASSAGE_LABELS,
        key_verdicts=key_verdicts,
    )
    assert result.fraction == fraction
    assert result == grade_spot_claim(
        selected=selected,
        sentence_labels=PASSAGE_LABELS,
        key_verdicts=key_verdicts,
        max_points=D("2"),
    )


def test_each_kind_reads_only_its_own_arguments():
    others = {
        "selected_choices": {2},
        "choices": CHOICES,
        "selected_sentences": {11},
        "sentence_labels": PASSAGE_LABELS,
        "text": "wrong",
        "accepted": ["right"],
    }
    assert grade("single_choice", max_points=ONE_POINT, **{**others, "selected_choices": {1}})
    assert grade("short_answer", max_points=ONE_POINT, **{**others, "text": "right"}).is_full
    spot = grade("spot_claim", max_points=ONE_POINT, **{**others, "selected_sentences": {10, 13}})
    assert spot.is_full


def test_grade_refuses_a_kind_without_a_rule():
    with pytest.raises(ValueError, match="essay"):
        grade("essay", max_points=ONE_POINT)


def test_spot_claim_question_key_uses_the_effective_verdicts():
    assert spot_claim_question_key(PASSAGE_LABELS, []) == {10, 13}
    assert spot_claim_question_key(PASSAGE_LABELS, ["opinion"]) == set()
    assert spot_claim_question_key(PASSAGE_LABELS, ["supported", "nonsense"]) == {11}


def test_accepted_answers_are_the_settings_list_as_text():
    assert accepted_answers(["Paris", 75]) == ("Paris", "75")
    assert accepted_answers("Paris") == ()
    assert accepted_answers(None) == ()

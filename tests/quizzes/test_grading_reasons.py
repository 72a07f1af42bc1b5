"""Spot the claim with reasons and judgement calls (quizzes/grading.py).

A right pick earns its sentence's share times (1 - reason_credit), and the rest only with
a reason that names the problem; contested sentences (judgement calls) are never scored.
Property tests pin the two promises: reasons never raise a score above what the pick
alone would earn, and contested picks never change a score.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.grading import (
    PROBLEM_VERDICTS,
    REASON_FOR_VERDICT,
    REASONS,
    VERDICTS,
    accepted_reasons,
    grade,
    grade_spot_claim,
    spot_claim_question_key,
    spot_claim_share,
)

PROBLEMS = list(PROBLEM_VERDICTS)
HALF = Decimal("0.50")


def spot(selected, labels, *, contested=(), reasons=None, credit=HALF, also=None, points=4):
    return grade_spot_claim(
        selected=frozenset(selected),
        sentence_labels=labels,
        key_verdicts=PROBLEMS,
        max_points=Decimal(points),
        contested=frozenset(contested),
        reasons=reasons,
        reason_credit=credit,
        alternative_verdicts=also or {},
    )


# --- the rule on examples ------------------------------------------------------------------


def test_each_verdict_has_its_reason():
    assert REASON_FOR_VERDICT == {
        "unsupported": "no_evidence",
        "inaccurate": "factually_wrong",
        "logical_flaw": "does_not_follow",
        "vague": "too_vague",
    }
    assert accepted_reasons("supported") == frozenset()
    assert accepted_reasons("opinion") == frozenset()
    assert accepted_reasons("inaccurate", "logical_flaw") == {"factually_wrong", "does_not_follow"}


def test_a_right_pick_earns_half_its_share_and_the_right_reason_the_other_half():
    labels = {1: "inaccurate", 2: "unsupported", 3: "supported", 4: "supported"}
    both_right = spot({1, 2}, labels, reasons={1: "factually_wrong", 2: "no_evidence"})
    one_wrong = spot({1, 2}, labels, reasons={1: "factually_wrong", 2: "too_vague"})
    no_reasons = spot({1, 2}, labels, reasons={})
    assert (both_right.fraction, both_right.points) == (Decimal("1.0000"), Decimal("4.00"))
    assert (one_wrong.fraction, one_wrong.points) == (Decimal("0.7500"), Decimal("3.00"))
    assert (no_reasons.fraction, no_reasons.points) == (Decimal("0.5000"), Decimal("2.00"))


def test_a_wrong_pick_costs_what_it_costs_whatever_its_reason():
    labels = {1: "inaccurate", 2: "supported", 3: "supported"}
    with_reason = spot({1, 2}, labels, reasons={1: "factually_wrong", 2: "factually_wrong"})
    without = spot({1, 2}, labels, reasons=None)
    assert with_reason == without
    assert with_reason.fraction == Decimal("0.5000")


def test_a_second_defensible_verdict_makes_its_reason_right_too():
    labels = {1: "inaccurate", 2: "supported"}
    also = {1: "logical_flaw"}
    assert spot({1}, labels, reasons={1: "does_not_follow"}, also=also).fraction == 1
    assert spot({1}, labels, reasons={1: "too_vague"}, also=also).fraction == Decimal("0.5")


def test_the_reason_credit_is_the_teachers_choice():
    labels = {1: "unsupported", 2: "supported"}
    wrong_reason = {1: "too_vague"}
    assert spot({1}, labels, reasons=wrong_reason, credit=Decimal("0")).fraction == 1
    assert spot({1}, labels, reasons=wrong_reason, credit=Decimal("0.25")).fraction == Decimal(
        "0.75"
    )
    assert spot({1}, labels, reasons=wrong_reason, credit=Decimal("1")).fraction == 0


def test_a_keyed_verdict_without_a_reason_earns_its_whole_share_for_the_pick():
    grade_ = grade_spot_claim(
        selected={1},
        sentence_labels={1: "opinion", 2: "supported"},
        key_verdicts=["opinion"],
        max_points=Decimal(1),
        reasons={1: "too_vague"},
        reason_credit=HALF,
    )
    assert grade_.fraction == 1


def test_a_reason_credit_outside_0_to_1_or_a_float_is_refused():
    with pytest.raises(ValueError):
        spot({1}, {1: "inaccurate"}, reasons={}, credit=Decimal("1.5"))
    with pytest.raises(TypeError):
        spot({1}, {1: "inaccurate"}, reasons={}, credit=0.5)


def test_contested_sentences_are_never_in_the_key_nor_scored():
    labels = {1: "logical_flaw", 2: "supported", 3: "unsupported", 4: "inaccurate"}
    assert spot_claim_question_key(labels, PROBLEMS, {4}) == {1, 3}
    # The old trap (issue 13, Q5): the Conclusion's hedged sentence was the only sentence
    # outside the key, so the two problems plus it scored 0. As a judgement call it costs
    # nothing.
    conclusion = {1: "logical_flaw", 2: "supported", 3: "unsupported"}
    reasons = {1: "does_not_follow", 3: "no_evidence"}
    assert spot({1, 2, 3}, conclusion, contested={2}, reasons=reasons).fraction == 1
    assert spot({1, 3}, conclusion, contested={2}, reasons=reasons).fraction == 1


def test_flag_nothing_is_right_when_the_scored_sentences_all_hold_up():
    introduction = {1: "supported", 2: "supported", 3: "opinion"}
    assert spot(set(), introduction, contested={3}, reasons={}).fraction == 1
    assert spot({3}, introduction, contested={3}, reasons={3: "too_vague"}).fraction == 1
    assert spot({1}, introduction, contested={3}, reasons={1: "no_evidence"}).fraction == Decimal(
        "0.5"
    )


def test_grade_dispatches_reasons_and_judgement_calls():
    result = grade(
        "spot_claim",
        max_points=Decimal(2),
        selected_sentences=frozenset({1, 2}),
        sentence_labels={1: "unsupported", 2: "supported", 3: "supported"},
        key_verdicts=PROBLEMS,
        contested=frozenset({2}),
        reasons={1: "factually_wrong"},
        reason_credit=HALF,
    )
    assert (result.fraction, result.points) == (Decimal("0.5000"), Decimal("1.00"))


# --- properties ------------------------------------------------------------------------------


@st.composite
def spot_cases(draw):
    """A passage's labels, the contested sentences, a student's picks and reasons."""
    size = draw(st.integers(min_value=1, max_value=8))
    ids = list(range(1, size + 1))
    labels = {i: draw(st.sampled_from([*VERDICTS, None])) for i in ids}
    contested = draw(st.sets(st.sampled_from(ids)))
    selected = draw(st.sets(st.sampled_from(ids)))
    reasons = {i: draw(st.sampled_from(["", *REASONS])) for i in selected}
    also = {i: draw(st.sampled_from(["", *VERDICTS])) for i in ids}
    credit = draw(st.sampled_from([Decimal(c) for c in ("0", "0.25", "0.5", "0.75", "1")]))
    return labels, contested, selected, reasons, also, credit


@given(spot_cases())
def test_reasons_never_raise_a_score_above_the_picks_share(case):
    labels, contested, selected, reasons, also, credit = case
    with_reasons = spot(
        selected, labels, contested=contested, reasons=reasons, credit=credit, also=also
    )
    picks_only = spot(selected, labels, contested=contested, reasons=None, also=also)
    assert with_reasons.fraction <= picks_only.fraction
    key = spot_claim_question_key(labels, PROBLEMS, contested)
    if key:
        # What a reason can take away is at most its credit on each right pick.
        lost = Fraction(picks_only.fraction) - Fraction(with_reasons.fraction)
        right_picks = len(set(selected) & key)
        assert lost <= Fraction(credit) * right_picks / len(key) + Fraction(1, 10_000)


@given(spot_cases())
def test_the_right_reasons_earn_exactly_what_the_picks_earn(case):
    labels, contested, selected, _reasons, also, credit = case
    right = {i: min(accepted_reasons(labels[i], also.get(i)), default="") for i in selected}
    with_reasons = spot(
        selected, labels, contested=contested, reasons=right, credit=credit, also=also
    )
    assert with_reasons == spot(selected, labels, contested=contested, reasons=None, also=also)


@given(spot_cases(), st.data())
def test_contested_picks_never_change_a_score(case, data):
    labels, contested, selected, reasons, also, credit = case
    if not contested:
        return
    toggled = set(selected) ^ set(data.draw(st.sets(st.sampled_from(sorted(contested)))))
    toggled_reasons = {i: data.draw(st.sampled_from(["", *REASONS])) for i in toggled}
    toggled_reasons.update({i: r for i, r in reasons.items() if i not in contested})
    first = spot(selected, labels, contested=contested, reasons=reasons, credit=credit, also=also)
    second = spot(
        toggled, labels, contested=contested, reasons=toggled_reasons, credit=credit, also=also
    )
    assert first == second


@given(spot_cases())
def test_a_score_stays_between_nothing_and_everything(case):
    labels, contested, selected, reasons, also, credit = case
    result = spot(selected, labels, contested=contested, reasons=reasons, credit=credit, also=also)
    assert 0 <= result.fraction <= 1
    assert 0 <= result.points <= 4


def test_spot_claim_share_is_exact_before_rounding():
    share = spot_claim_share(
        selected={1, 2, 3},
        key={1, 2, 3},
        options={1, 2, 3},
        reasons={1: "no_evidence", 2: "", 3: ""},
        accepted={1: {"no_evidence"}, 2: {"no_evidence"}, 3: {"no_evidence"}},
        reason_credit=Fraction(1, 2),
    )
    assert share == Fraction(2, 3)

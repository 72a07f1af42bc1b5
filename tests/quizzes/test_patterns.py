"""Short-answer patterns: what a form refuses, and how grading matches."""

import pytest
from django.core.exceptions import ValidationError

from quizzes.patterns import MAX_PATTERN_INPUT_LENGTH, pattern_fullmatch, validate_pattern

# --- validate_pattern ------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    ["", r"\d{4}", "gr[ae]y", "(albert )?einstein", "(a+){2}", "(?>a+)+", "(a++)+", "colou?r"],
)
def test_validate_pattern_accepts_valid_patterns(pattern):
    """Ordinary patterns, and the empty 'no pattern', pass."""
    assert validate_pattern(pattern) is None


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "*", "(?P<x>a)(?P<x>b)"])
def test_validate_pattern_rejects_malformed_patterns(pattern):
    """A pattern that does not compile is rejected with code invalid_pattern."""
    with pytest.raises(ValidationError) as excinfo:
        validate_pattern(pattern)
    assert excinfo.value.code == "invalid_pattern"


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+", "(a*)*", r"(\w+\s?)+", "((a+){2})+", "a(b|c+)*", "(?>(a+)+b)", "(?:x|(a+)*)y"],
)
def test_validate_pattern_rejects_nested_repetition(pattern):
    """A repeated repetition can backtrack exponentially: code unsafe_pattern."""
    with pytest.raises(ValidationError) as excinfo:
        validate_pattern(pattern)
    assert excinfo.value.code == "unsafe_pattern"


# --- pattern_fullmatch ------------------------------------------------------------------


def test_pattern_fullmatch_matches_the_whole_stripped_answer_ignoring_case():
    assert pattern_fullmatch("colou?r", "  COLOR ")
    assert not pattern_fullmatch("colou?r", "colours")


def test_pattern_fullmatch_refuses_bad_patterns_and_long_answers():
    assert not pattern_fullmatch("(", "(")
    assert not pattern_fullmatch("(a+)+", "aaa")
    assert pattern_fullmatch("a+", "a" * MAX_PATTERN_INPUT_LENGTH)
    assert not pattern_fullmatch("a+", "a" * (MAX_PATTERN_INPUT_LENGTH + 1))

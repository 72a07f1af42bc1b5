"""Numbers from request text: ASCII digits only, bounded length."""

import pytest

from lessons.params import int_from_digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("7", 7), ("0", 0), ("000012", 12), ("9" * 18, int("9" * 18))],
)
def test_plain_digits_are_read(raw, expected):
    assert int_from_digits(raw) == expected


@pytest.mark.parametrize("raw", ["", " 3", "+3", "-1", "1_0", "²", "٣", "3.0", "9" * 19, None, 3])
def test_anything_else_is_refused(raw):
    assert int_from_digits(raw) is None


def test_a_shorter_limit_can_be_asked_for():
    assert int_from_digits("123456", max_digits=5) is None
    assert int_from_digits("12345", max_digits=5) == 12345

"""Ids in request text: one rule for the take page, the question form and the results pages."""

import pytest
from django.core.exceptions import BadRequest, ValidationError

from quizzes.forms import IdListField
from quizzes.params import optional_id, positive_id


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        (" 42 ", 42),
        ("0", None),
        ("00", None),
        ("-3", None),
        ("+3", None),
        ("٣", None),
        ("1_0", None),
        ("", None),
        ("9" * 19, None),
        (None, None),
        (7, None),
    ],
)
def test_positive_id_reads_ascii_digits_and_never_zero(raw, expected):
    assert positive_id(raw) == expected


def test_optional_id_is_none_when_absent_and_400_when_not_an_id():
    assert optional_id(None, name="quiz") is None
    assert optional_id("", name="quiz") is None
    assert optional_id("12", name="quiz") == 12
    for raw in ("abc", "-3", "0"):
        with pytest.raises(BadRequest, match="The quiz must be a positive whole number."):
            optional_id(raw, name="quiz")


def test_answer_fields_refuse_zero_like_every_other_id():
    field = IdListField(required=False)
    assert field.clean(["3", " 5"]) == frozenset({3, 5})
    with pytest.raises(ValidationError) as excinfo:
        field.clean(["0"])
    assert excinfo.value.code == "invalid_id"

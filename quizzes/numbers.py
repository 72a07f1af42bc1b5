"""Numbers in numerical questions: reading a student's number, and the accepted values.

Pure functions over plain values, used by grading (:func:`quizzes.grading.grade_numerical`),
validation, the admin's "accepted values" field, the review pages and the GIFT interchange.

A numerical question stores its accepted values in ``Question.numeric_answers``, a JSON
list of objects, one per accepted value, in the order they are tried::

    {"value": "2006", "tolerance": "0", "fraction": "1", "feedback": ""}

``value`` is a decimal number as text, or ``"*"`` for "any other number" (GIFT's
``~#feedback`` row); ``tolerance`` the largest distance from ``value`` still accepted (as
Moodle's nominal tolerance: ``|answer - value| <= tolerance``); ``fraction`` the share of the
question's points the value earns, 0..1 (Moodle's grade); ``feedback`` is shown in the
review. Numbers are kept as text so that ``0.1`` stays exactly 0.1.

The admin edits the list as text, one accepted value per line (:func:`parse_answer_line`,
:func:`format_answer_line`)::

    2006                 exactly 2006
    3.14 ± 0.01          anything from 3.13 to 3.15 (also written 3.14:0.01)
    1990..2000           anything from 1990 to 2000
    50% 2005 ± 1         half the points for 2004..2006
    2006 # Right: the second test was in 2009.      feedback after "#"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: The value that stands for "any other number".
ANY_NUMBER = "*"

# A student's number: an optional sign, digits with "." or "," as the decimal point, an
# optional exponent. Thousands separators are handled in parse_number.
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_SPACES = " \t\u00a0\u202f\u2009"  # spaces, no-break and thin spaces between digit groups
_MAX_DIGITS = 40  # a longer "number" is a paste accident; refusing keeps Decimal fast


@dataclass(frozen=True)
class NumericAnswer:
    """One accepted value of a numerical question."""

    #: A finite Decimal, or None for "any other number" (``"*"``).
    value: Decimal | None
    tolerance: Decimal = Decimal(0)
    #: Share of the points earned, 0..1.
    fraction: Decimal = Decimal(1)
    feedback: str = ""

    def matches(self, number: Decimal) -> bool:
        """Whether ``number`` is within the tolerance of the value (always for ``"*"``)."""
        return self.value is None or abs(number - self.value) <= self.tolerance

    def as_json(self) -> dict[str, str]:
        """The stored form (see the module docstring)."""
        return {
            "value": ANY_NUMBER if self.value is None else plain(self.value),
            "tolerance": plain(self.tolerance),
            "fraction": plain(self.fraction),
            "feedback": self.feedback,
        }


def plain(value: Decimal) -> str:
    """A Decimal in plain notation without trailing zeros: 2.50 -> "2.5", 1E+3 -> "1000"."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text


def parse_number(text: str) -> Decimal | None:
    """The number a student typed, or None when it is not one.

    Accepts an optional sign, a decimal point or a decimal comma ("3,5" is 3.5), an
    exponent ("1.2e3"), spaces, no-break or thin spaces between digit groups ("10 000"),
    and commas as thousands separators when they group digits by three ("1,500" is 1500;
    use "1.5" or "1,50" for one and a half). Anything else ("about 2000", "2000 km",
    "1/2") is not a number and earns nothing.
    """
    if not isinstance(text, str):
        return None
    candidate = text.strip(_SPACES + "\n\r")
    candidate = re.sub(rf"(?<=\d)[{_SPACES}]+(?=\d)", "", candidate)
    candidate = candidate.replace("\u2212", "-")  # the minus sign a phone may type
    if _THOUSANDS_RE.fullmatch(candidate):
        candidate = candidate.replace(",", "")
    elif candidate.count(",") == 1 and "." not in candidate:
        candidate = candidate.replace(",", ".")
    if len(candidate) > _MAX_DIGITS or not _NUMBER_RE.fullmatch(candidate):
        return None
    try:
        number = Decimal(candidate)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None
    return number if number.is_finite() else None


def numeric_answers(setting: object) -> tuple[NumericAnswer, ...]:
    """A numerical question's accepted values, from its stored setting, in order.

    Rows that are not well-formed (a teacher's hand-edited JSON) are skipped, so grading
    never fails over them; :func:`invalid_rows` says which rows those are.
    """
    rows = setting if isinstance(setting, list) else []
    answers = []
    for row in rows:
        answer = _row(row)
        if answer is not None:
            answers.append(answer)
    return tuple(answers)


def invalid_rows(setting: object) -> list[int]:
    """The 1-based numbers of the stored rows :func:`numeric_answers` would skip."""
    if not isinstance(setting, list):
        return [] if setting in (None, "") else [1]
    return [index for index, row in enumerate(setting, start=1) if _row(row) is None]


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _row(row: object) -> NumericAnswer | None:
    if not isinstance(row, dict):
        return None
    raw_value = row.get("value")
    value = None if raw_value == ANY_NUMBER else _decimal(raw_value)
    tolerance = _decimal(row.get("tolerance", "0"))
    fraction = _decimal(row.get("fraction", "1"))
    feedback = row.get("feedback", "")
    if raw_value != ANY_NUMBER and value is None:
        return None
    if tolerance is None or tolerance < 0 or fraction is None or not 0 <= fraction <= 1:
        return None
    if not isinstance(feedback, str):
        return None
    return NumericAnswer(value, tolerance, fraction, feedback)


# --- the admin's one-line form --------------------------------------------------------

_LINE_RE = re.compile(
    r"""^\s*
    (?:(?P<percent>\d{1,3}(?:\.\d+)?)\s*%\s*)?      # optional "50%"
    (?P<body>[^#]*?)\s*                             # value, value ± tol, value:tol, min..max
    (?:\#\s*(?P<feedback>.*))?$                     # optional "# feedback"
    """,
    re.VERBOSE,
)


class AnswerLineError(ValueError):
    """A line of the admin's accepted-values field that cannot be read."""


def parse_answer_line(line: str) -> NumericAnswer:
    """One accepted value from its one-line form (see the module docstring).

    Raises :class:`AnswerLineError` with a message saying what was expected.
    """
    match = _LINE_RE.match(line)
    expected = "expected a number, “number ± tolerance”, “min..max” or “*”"
    if not match or not match.group("body"):
        raise AnswerLineError(f"“{line.strip()}”: {expected}")
    body = match.group("body").strip()
    fraction = Decimal(1)
    if match.group("percent") is not None:
        fraction = Decimal(match.group("percent")) / 100
        if fraction > 1:
            raise AnswerLineError(f"“{line.strip()}”: a share of the points is at most 100%")
    feedback = (match.group("feedback") or "").strip()
    if body == ANY_NUMBER:
        return NumericAnswer(None, Decimal(0), fraction, feedback)
    if ".." in body:
        low_text, _sep, high_text = body.partition("..")
        low, high = parse_number(low_text), parse_number(high_text)
        if low is None or high is None or low > high:
            raise AnswerLineError(f"“{line.strip()}”: expected “min..max” with min ≤ max")
        middle = (low + high) / 2
        return NumericAnswer(middle, high - middle, fraction, feedback)
    value_text, tolerance_text = body, "0"
    for separator in ("±", "+/-", ":"):
        if separator in body:
            value_text, _sep, tolerance_text = body.partition(separator)
            break
    value, tolerance = parse_number(value_text), parse_number(tolerance_text)
    if value is None or tolerance is None:
        raise AnswerLineError(f"“{line.strip()}”: {expected}")
    if tolerance < 0:
        raise AnswerLineError(f"“{line.strip()}”: a tolerance cannot be negative")
    return NumericAnswer(value, tolerance, fraction, feedback)


def format_answer_line(answer: NumericAnswer) -> str:
    """The one-line form of an accepted value; :func:`parse_answer_line` reads it back."""
    text = ANY_NUMBER if answer.value is None else plain(answer.value)
    if answer.value is not None and answer.tolerance:
        text += f" ± {plain(answer.tolerance)}"
    if answer.fraction != 1:
        text = f"{plain(answer.fraction * 100)}% {text}"
    if answer.feedback:
        text += f" # {answer.feedback}"
    return text


def describe_answer(answer: NumericAnswer) -> str:
    """How the review shows an accepted value: "2006", "3.14 ± 0.01", "any other number"."""
    if answer.value is None:
        text = "any other number"
    else:
        text = plain(answer.value)
        if answer.tolerance:
            text += f" ± {plain(answer.tolerance)}"
    if answer.fraction != 1:
        text += f" ({plain(answer.fraction * 100)}% of the points)"
    return text

"""Scores, grades and times as a student reads them on the quiz pages and the dashboard."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format

#: How a quiz grade is named beside a student's score, by the quiz's grading method.
GRADE_WORDS = {"highest": "best", "last": "last", "average": "average"}


def format_points(value: Decimal | None) -> str:
    """8.00 → "8", 7.50 → "7.5", 11.58 → "11.6": whole points where exact, else one decimal.

    What a student reads: "11.58 / 32" looks like a precision the marking does not have.
    """
    if value is None:
        return ""
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        rounded = rounded.to_integral_value()
    return f"{rounded.normalize():f}"


def exact_points(value: Decimal | None) -> str:
    """8.00 → "8", 0.33 → "0.33": points as stored, for the teacher's pages."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"


def format_score(score: Decimal | None, maximum: Decimal | None) -> str:
    """A score out of its maximum, as "7.5 / 10"."""
    return f"{format_points(score)} / {format_points(maximum)}"


def format_when(moment: datetime) -> str:
    """A date and time in the school's time zone, as "5 Dec 09:00"."""
    return date_format(timezone.localtime(moment), "j M H:i")

"""Scores, grades and times as a student reads them on the quiz pages and the dashboard."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

#: How a quiz grade is named beside a student's score, by the quiz's grading method.
GRADE_WORDS = {"highest": "best", "last": "last", "average": "average"}


def format_points(value: Decimal | None) -> str:
    """8.00 → "8", 7.50 → "7.5": points as a teacher would write them."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def format_score(score: Decimal | None, maximum: Decimal | None) -> str:
    """A score out of its maximum, as "7.5 / 10"."""
    return f"{format_points(score)} / {format_points(maximum)}"


def format_when(moment: datetime) -> str:
    """A date and time in the school's time zone, as "5 Dec 09:00"."""
    return date_format(timezone.localtime(moment), "j M H:i")

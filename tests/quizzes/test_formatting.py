"""Scores and times as a student reads them."""

from datetime import UTC, datetime
from decimal import Decimal

from quizzes.formatting import GRADE_WORDS, format_points, format_score, format_when
from quizzes.models import Quiz


def test_points_are_written_as_a_teacher_would():
    assert format_points(Decimal("8.00")) == "8"
    assert format_points(Decimal("7.50")) == "7.5"
    assert format_points(Decimal("0.00")) == "0"
    assert format_points(None) == ""


def test_a_score_is_written_out_of_its_maximum():
    assert format_score(Decimal("7.50"), Decimal("10.00")) == "7.5 / 10"


def test_times_are_shown_in_the_schools_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    assert format_when(datetime(2025, 7, 5, 8, 0, tzinfo=UTC)) == "5 Jul 09:00"


def test_every_grading_method_has_a_word():
    assert set(GRADE_WORDS) == set(Quiz.GradingMethod.values)


def test_points_shown_to_students_are_whole_or_one_decimal():
    assert format_points(Decimal("11.58")) == "11.6"
    assert format_points(Decimal("11.04")) == "11"
    assert format_points(Decimal("0.25")) == "0.3"
    assert format_score(Decimal("11.58"), Decimal("32.00")) == "11.6 / 32"

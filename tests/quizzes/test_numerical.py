"""Numerical questions: reading numbers, grading with tolerances, checks, pages and admin."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizzes.grading import KINDS, grade, grade_numerical
from quizzes.models import Question
from quizzes.numbers import (
    AnswerLineError,
    NumericAnswer,
    format_answer_line,
    invalid_rows,
    numeric_answers,
    parse_answer_line,
    parse_number,
)
from quizzes.services import attempt_start, attempt_submit, response_save
from quizzes.statistics import QUESTION_KINDS, random_guess_score
from quizzes.validation import validate_question
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonFactory,
    QuestionFactory,
    QuizFactory,
    enrolled_student,
)
from tests.helpers import get_ok, signed_in
from tests.quizzes.admin.helpers import ADD_QUESTION, question_data

YEAR = [{"value": "2006", "tolerance": "0", "fraction": "1", "feedback": "The first test."}]
PI = [
    {"value": "3.14", "tolerance": "0.01", "fraction": "1", "feedback": ""},
    {"value": "3", "tolerance": "0.5", "fraction": "0.5", "feedback": "Close."},
    {"value": "*", "tolerance": "0", "fraction": "0", "feedback": "Not even close."},
]


# --- reading numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2006", Decimal(2006)),
        ("  -3.5 ", Decimal("-3.5")),
        ("+.5", Decimal("0.5")),
        ("3,5", Decimal("3.5")),
        ("1,500", Decimal(1500)),
        ("1,500,000.25", Decimal("1500000.25")),
        ("10 000", Decimal(10000)),
        ("10\u202f000", Decimal(10000)),
        ("1.2e3", Decimal(1200)),
        ("\u22124", Decimal(-4)),
    ],
)
def test_parse_number_reads_what_students_type(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize(
    "typed", ["", "about 2000", "2000 km", "1/2", "1.2.3", "1,2,3", "nan", "inf", "e5", "9" * 41]
)
def test_parse_number_refuses_what_is_not_a_number(typed):
    assert parse_number(typed) is None


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("2006", NumericAnswer(Decimal(2006))),
        ("3.14 ± 0.01", NumericAnswer(Decimal("3.14"), Decimal("0.01"))),
        ("3.14:0.01", NumericAnswer(Decimal("3.14"), Decimal("0.01"))),
        ("3.14 +/- 0.01", NumericAnswer(Decimal("3.14"), Decimal("0.01"))),
        ("1990..2000", NumericAnswer(Decimal(1995), Decimal(5))),
        (
            "50% 2005 ± 1 # Nearly.",
            NumericAnswer(Decimal(2005), Decimal(1), Decimal("0.5"), "Nearly."),
        ),
        ("0% * # Try again.", NumericAnswer(None, Decimal(0), Decimal(0), "Try again.")),
    ],
)
def test_answer_lines_read_and_write_back(line, answer):
    assert parse_answer_line(line) == answer
    assert parse_answer_line(format_answer_line(answer)) == answer


@pytest.mark.parametrize("line", ["", "two", "5..1", "3 ± -1", "150% 3", "3 ± x"])
def test_malformed_answer_lines_say_what_was_expected(line):
    with pytest.raises(AnswerLineError, match="expected|at most|negative"):
        parse_answer_line(line)


def test_stored_rows_that_cannot_be_read_are_skipped_and_named():
    setting = [*YEAR, {"value": "x"}, {"value": "1", "fraction": "2"}, "junk"]
    assert numeric_answers(setting) == (NumericAnswer(Decimal(2006), feedback="The first test."),)
    assert invalid_rows(setting) == [2, 3, 4]
    assert invalid_rows(None) == [] and invalid_rows("nope") == [1]


# --- grading --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("3.14", "2.00"),
        ("3,15", "2.00"),  # within 0.01
        ("3.16", "1.00"),  # misses the first value; within 0.5 of 3: half the points
        ("2.5", "1.00"),
        ("2.49", "0.00"),  # "*" matches, worth 0
        ("pi", "0.00"),
        ("", "0.00"),
    ],
)
def test_first_value_whose_tolerance_covers_the_number_decides(typed, points):
    assert grade_numerical(text=typed, answers=PI, max_points=Decimal(2)).points == Decimal(points)


def test_order_decides_as_in_moodle():
    """A wide partial-credit value listed first catches the exact answer too (Moodle's rule)."""
    wide_first = [PI[1], PI[0]]
    assert grade_numerical(text="3.14", answers=wide_first, max_points=Decimal(1)).fraction == (
        Decimal("0.5")
    )


def test_grade_dispatches_numerical_and_every_kind_has_a_rule():
    assert "numerical" in KINDS and set(KINDS) == set(Question.Kind.values)
    assert set(QUESTION_KINDS) == set(Question.Kind.values)
    result = grade("numerical", max_points=Decimal(1), text="2006", numeric=YEAR)
    assert result.is_full
    assert grade("numerical", max_points=Decimal(1), text="2007", numeric=YEAR).points == 0


def test_random_guess_score_of_a_numerical_question_is_its_any_number_value():
    assert random_guess_score("numerical") == 0
    assert random_guess_score("numerical", any_number=Fraction(1, 10)) == Fraction(1, 10)


# --- checks ---------------------------------------------------------------------------


def _validate(numeric):
    validate_question(
        kind="numerical",
        choices=[],
        section=None,
        accepted_answers=[],
        answer_pattern="",
        key_verdicts=[],
        numeric_answers=numeric,
    )


@pytest.mark.parametrize(
    ("numeric", "code"),
    [
        ([], "numerical_needs_answer"),
        ([{"value": "*", "fraction": "1"}], "numerical_needs_answer"),
        ([{"value": "3", "fraction": "0.5"}], "numerical_needs_answer"),
        ([{"value": "three"}], "invalid_numeric_answer"),
        ([{"value": "3", "tolerance": "-1"}], "invalid_numeric_answer"),
    ],
)
def test_a_numerical_question_needs_a_readable_full_marks_value(numeric, code):
    with pytest.raises(ValidationError) as raised:
        _validate(numeric)
    assert [e.code for e in raised.value.error_dict["numeric_answers"]] == [code]


def test_a_good_numerical_question_passes():
    _validate(PI)


def test_numerical_questions_take_no_choices():
    with pytest.raises(ValidationError) as raised:
        validate_question(
            kind="numerical",
            choices=[("1", True), ("2", False)],
            section=None,
            accepted_answers=[],
            answer_pattern="",
            key_verdicts=[],
            numeric_answers=YEAR,
        )
    assert raised.value.error_dict["choices"][0].code == "choices_not_used"


# --- the student's pages ----------------------------------------------------------------


@pytest.fixture
def numerical_quiz(db):
    lesson = LessonFactory()
    classroom = ClassroomFactory()
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = QuizFactory(lesson=lesson)
    question = QuestionFactory(
        quiz=quiz,
        position=1,
        kind="numerical",
        prompt="In which year was the first test?",
        points=2,
        numeric_answers=YEAR,
        explanation="KEYSECRET explanation",
    )
    student = enrolled_student(classroom)
    return quiz, assignment, question, student


def test_take_page_offers_a_labelled_decimal_input_and_no_key(numerical_quiz):
    quiz, assignment, question, student = numerical_quiz
    attempt = attempt_start(quiz=quiz, assignment=assignment, student=student)
    html = get_ok(
        signed_in(student), reverse("quizzes:attempt_take", args=[attempt.pk])
    ).content.decode()
    field = f'id="q{question.pk}-text"'
    assert field in html and 'inputmode="decimal"' in html
    assert (
        f'<label class="form-label" for="q{question.pk}-text">Your answer (a number)</label>'
        in html
    )
    assert "2006" not in html and "KEYSECRET" not in html and "The first test" not in html


def test_typed_number_is_saved_graded_and_reviewed(numerical_quiz):
    quiz, assignment, question, student = numerical_quiz
    attempt = attempt_start(quiz=quiz, assignment=assignment, student=student)
    response_save(attempt=attempt, student=student, question_id=question.pk, text=" 2006 ")
    attempt = attempt_submit(attempt=attempt, student=student)
    assert attempt.score == Decimal("2.00")
    review = get_ok(
        signed_in(student), reverse("quizzes:attempt_review", args=[attempt.pk])
    ).content.decode()
    assert "Accepted value: <strong>2006</strong>" in review


# --- the admin --------------------------------------------------------------------------


def test_admin_saves_accepted_values_from_lines_and_shows_them_back(teacher, teacher_client):
    quiz = QuizFactory(status="draft", owner=teacher)
    data = question_data(
        quiz,
        kind="numerical",
        prompt="Pi to two places?",
        numeric_answers="3.14 ± 0.01\n50% 3 ± 0.5 # Close.\n\n0% * # Not even close.",
        reason_credit="0.50",  # spot-the-claim only; the form posts it for every kind
    )
    response = teacher_client.post(ADD_QUESTION, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    question = Question.objects.get(quiz=quiz)
    assert question.kind == "numerical"
    assert question.numeric_answers == PI
    page = get_ok(
        teacher_client, reverse("admin:quizzes_question_change", args=[question.pk])
    ).content.decode()
    assert "3.14 ± 0.01\n50% 3 ± 0.5 # Close.\n0% * # Not even close." in page


def test_admin_refuses_unreadable_or_missing_values(teacher, teacher_client):
    quiz = QuizFactory(status="draft", owner=teacher)
    bad = teacher_client.post(
        ADD_QUESTION,
        question_data(quiz, kind="numerical", numeric_answers="about three", reason_credit="0.50"),
    )
    assert bad.status_code == 200
    assert bad.context["adminform"].form.errors["numeric_answers"][0].startswith("“about three”")
    none = teacher_client.post(
        ADD_QUESTION, question_data(quiz, kind="numerical", reason_credit="0.50")
    )
    assert "at least one accepted value worth all the points" in none.content.decode()
    assert not Question.objects.filter(quiz=quiz).exists()

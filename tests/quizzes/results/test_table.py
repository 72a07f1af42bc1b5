"""The results table: rows per enrolled student, grades, lateness, sorting, participation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from lessons.models import SectionRead
from quizzes.results.table import assignment_results_get
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    PostFactory,
    QuizFactory,
    StudentFactory,
    TeacherFactory,
    ThreadFactory,
    UserFactory,
    enrolled_student,
    graded_attempt,
    lesson_with_sections,
)

pytestmark = pytest.mark.django_db


def _row(results, username):
    return next(row for row in results.rows if row.student.username == username)


def test_every_enrolled_student_has_a_row_even_without_an_attempt(setting, teacher):
    assignment, quiz, questions = setting
    done = enrolled_student(assignment.classroom, username="done", last_name="Adams")
    enrolled_student(assignment.classroom, username="never", last_name="Baker")
    graded_attempt(assignment=assignment, quiz=quiz, student=done, points={questions[0]: 2})
    outsider = StudentFactory(username="outsider")  # not enrolled: no row

    results = assignment_results_get(assignment_id=assignment.pk, user=teacher)

    assert [row.student.username for row in results.rows] == ["done", "never"]
    assert outsider.pk not in {row.student.pk for row in results.rows}
    never = _row(results, "never")
    assert never.status == "not_started" and never.status_label == "not started"
    assert never.grade is None and never.percent is None and never.attempts == []
    assert never.max_score == Decimal("6.00")
    done_row = _row(results, "done")
    assert done_row.status == "submitted"
    assert done_row.grade == Decimal("2.00")
    assert done_row.percent == pytest.approx(100 * 2 / 6)


@pytest.mark.parametrize(
    ("method", "grade", "counted_number"),
    [
        ("highest", Decimal("5.00"), 2),
        ("last", Decimal("3.00"), 3),
        ("average", Decimal("3.33"), 3),
    ],
)
def test_grade_follows_the_quizs_grading_method(setting, teacher, method, grade, counted_number):
    assignment, quiz, questions = setting
    quiz.grading_method = method
    quiz.save()
    student = enrolled_student(assignment.classroom, username="ada")
    start = timezone.now() - timedelta(hours=5)
    for hours, scored in enumerate(([2], [2, 2, 1], [2, 1])):
        graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=student,
            points=dict(zip(questions, scored, strict=False)),
            submitted_at=start + timedelta(hours=hours),
        )
    # An attempt still in progress never counts towards the grade.
    AttemptFactory(assignment=assignment, quiz=quiz, student=student, status="in_progress")

    row = _row(assignment_results_get(assignment_id=assignment.pk, user=teacher), "ada")

    assert row.grade == grade
    assert row.counted_attempt.number == counted_number
    assert len(row.attempts) == 4 and len(row.submitted_attempts) == 3
    assert row.status == "submitted"


def test_highest_counts_the_first_attempt_reaching_the_best_score(setting, teacher):
    assignment, quiz, questions = setting
    student = enrolled_student(assignment.classroom, username="ada")
    first = graded_attempt(
        assignment=assignment, quiz=quiz, student=student, points={questions[0]: 2}
    )
    graded_attempt(assignment=assignment, quiz=quiz, student=student, points={questions[1]: 2})
    row = _row(assignment_results_get(assignment_id=assignment.pk, user=teacher), "ada")
    assert row.counted_attempt.pk == first.pk


def test_late_flag_compares_the_counted_submission_with_the_due_date(setting, teacher):
    assignment, quiz, questions = setting
    on_time = enrolled_student(assignment.classroom, username="on_time")
    late = enrolled_student(assignment.classroom, username="late")
    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=on_time,
        points={},
        submitted_at=assignment.due_at - timedelta(minutes=1),
    )
    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=late,
        points={},
        submitted_at=assignment.due_at + timedelta(minutes=1),
    )
    results = assignment_results_get(assignment_id=assignment.pk, user=teacher)
    assert _row(results, "on_time").is_late is False
    assert _row(results, "late").is_late is True
    assert _row(results, "late").submitted_at == assignment.due_at + timedelta(minutes=1)


def test_in_progress_only_student_has_status_in_progress_and_no_grade(setting, teacher):
    assignment, quiz, _ = setting
    student = enrolled_student(assignment.classroom, username="busy")
    AttemptFactory(assignment=assignment, quiz=quiz, student=student, status="in_progress")
    row = _row(assignment_results_get(assignment_id=assignment.pk, user=teacher), "busy")
    assert row.status == "in_progress" and row.grade is None and row.submitted_at is None
    assert row.is_late is False


def test_reading_progress_counts_sections_of_this_lesson_only(setting, teacher):
    assignment, _, _ = setting
    student = enrolled_student(assignment.classroom, username="reader")
    sections = list(assignment.lesson.sections.all())
    for section in sections[:2]:
        SectionRead.objects.create(student=student, section=section)
    other_lesson = lesson_with_sections(sections=1)
    SectionRead.objects.create(student=student, section=other_lesson.sections.get())

    results = assignment_results_get(assignment_id=assignment.pk, user=teacher)
    assert results.sections_total == 3
    assert _row(results, "reader").sections_read == 2
    assert results.read_everything_count == 0


def test_totals_completion_mean_and_median(setting, teacher):
    assignment, quiz, questions = setting
    for name, scored in (("a", [2, 2, 2]), ("b", [2, 1]), ("c", [1])):
        student = enrolled_student(assignment.classroom, username=name)
        graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=student,
            points=dict(zip(questions, scored, strict=False)),
        )
    enrolled_student(assignment.classroom, username="d")

    results = assignment_results_get(assignment_id=assignment.pk, user=teacher)
    assert results.enrolled == 4 and results.submitted_count == 3
    assert results.completion_rate == 75.0
    assert results.summary.mean == Decimal("10") / 3
    assert results.summary.median == Decimal("3.00")
    assert results.median_percent == pytest.approx(50.0)


def test_sorting_by_score_puts_students_without_a_grade_last_in_both_directions(setting, teacher):
    assignment, quiz, questions = setting
    for name, scored in (("low", [1]), ("high", [2, 2]), ("mid", [2])):
        student = enrolled_student(assignment.classroom, username=name, last_name=name)
        graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=student,
            points=dict(zip(questions, scored, strict=False)),
        )
    enrolled_student(assignment.classroom, username="none", last_name="aaa")

    def order(sort):
        results = assignment_results_get(assignment_id=assignment.pk, user=teacher, sort=sort)
        return [row.student.username for row in results.rows], results.sort

    assert order("-score") == (["high", "mid", "low", "none"], "-score")
    assert order("score") == (["low", "mid", "high", "none"], "score")
    assert order("name") == (["none", "high", "low", "mid"], "name")
    assert order("-name") == (["mid", "low", "high", "none"], "-name")
    assert order("submitted")[0][-1] == "none"
    assert order("nonsense") == (["none", "high", "low", "mid"], "name")


def test_sorting_by_name_reads_numbers_as_numbers(setting, teacher):
    """ "Student 2" comes before "Student 10", as in the demo class of 25."""
    assignment, _, _ = setting
    for number in (10, 2, 1, 21):
        enrolled_student(
            assignment.classroom,
            username=f"student{number}",
            first_name=f"Student {number}",
            last_name="",
        )

    def order(sort):
        results = assignment_results_get(assignment_id=assignment.pk, user=teacher, sort=sort)
        return [row.student.username for row in results.rows]

    assert order("name") == ["student1", "student2", "student10", "student21"]
    assert order("-name") == ["student21", "student10", "student2", "student1"]


def test_quiz_choice_defaults_to_the_first_by_title_and_refuses_other_lessons(setting, teacher):
    assignment, quiz, _ = setting
    quiz.title = "B quiz"
    quiz.save()
    first = QuizFactory(lesson=assignment.lesson, title="A quiz")
    draft_unused = QuizFactory(lesson=assignment.lesson, title="C draft", status="draft")
    draft_taken = QuizFactory(lesson=assignment.lesson, title="D taken then unpublished")
    AttemptFactory(assignment=assignment, quiz=draft_taken)
    draft_taken.status = "draft"
    draft_taken.save()
    elsewhere = QuizFactory(title="Another lesson's quiz")

    results = assignment_results_get(assignment_id=assignment.pk, user=teacher)
    assert results.quiz == first
    assert results.quizzes == [first, quiz, draft_taken]
    assert draft_unused not in results.quizzes
    chosen = assignment_results_get(assignment_id=assignment.pk, user=teacher, quiz_id=quiz.pk)
    assert chosen.quiz == quiz
    with pytest.raises(Http404):
        assignment_results_get(assignment_id=assignment.pk, user=teacher, quiz_id=elsewhere.pk)


def test_results_refuse_other_teachers_and_students_but_not_superusers(setting):
    assignment, _, _ = setting
    with pytest.raises(Http404):
        assignment_results_get(assignment_id=assignment.pk, user=TeacherFactory())
    with pytest.raises(Http404):
        assignment_results_get(assignment_id=assignment.pk, user=StudentFactory())
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert assignment_results_get(assignment_id=assignment.pk, user=admin).assignment == assignment


def test_participation_columns_come_from_the_discussion(setting, teacher):
    assignment, _, _ = setting
    talker = enrolled_student(assignment.classroom, username="talker")
    enrolled_student(assignment.classroom, username="quiet")
    thread = ThreadFactory(assignment=assignment, author=talker)
    PostFactory(thread=thread, author=talker, is_opening=True)
    PostFactory(thread=thread, author=talker)
    PostFactory(thread=thread, author=talker)

    results = assignment_results_get(assignment_id=assignment.pk, user=teacher)
    talker_row = _row(results, "talker")
    assert (talker_row.participation.threads, talker_row.participation.replies) == (1, 2)
    quiet_row = _row(results, "quiet")
    assert (quiet_row.participation.threads, quiet_row.participation.replies) == (0, 0)


def test_a_lesson_without_quiz_still_lists_reading_progress(teacher):
    lesson = lesson_with_sections(sections=2)
    assignment = AssignmentFactory(lesson=lesson, classroom=ClassroomFactory(teachers=[teacher]))
    enrolled_student(assignment.classroom, username="solo")
    results = assignment_results_get(assignment_id=assignment.pk, user=teacher)
    assert results.quiz is None and results.quiz_total == 0
    assert _row(results, "solo").status == "not_started"

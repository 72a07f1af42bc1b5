"""Results selectors: rows per enrolled student, grades, lateness, review and statistics."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from lessons.models import SectionRead
from quizzes.models import Response, ResponseChoice, ResponseSentence, ScoreOverride
from quizzes.results import (
    DISCRIMINATION_NO_SPREAD,
    DISCRIMINATION_TOO_FEW,
    assignment_results_get,
    assignment_statistics_get,
    attempt_review_get,
    quiz_statistics_get,
    responses_for_export,
)
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ChoiceFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    PostFactory,
    QuestionFactory,
    QuizFactory,
    SentenceFactory,
    StudentFactory,
    TeacherFactory,
    ThreadFactory,
    UserFactory,
    enrolled_student,
    graded_attempt,
    lesson_with_sections,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(teacher):
    """A class taught by `teacher`, a lesson with 3 sections, and a 3-question quiz."""
    lesson = lesson_with_sections(sections=3)
    classroom = ClassroomFactory(name="Class 7B", teachers=[teacher])
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = quiz_with_questions(lesson=lesson, questions=3, points=2)
    return assignment, quiz, list(quiz.questions.order_by("position"))


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
    assert row.counted_attempt == first


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


# --- attempt review ----------------------------------------------------------------


def _spot_claim_setting(teacher):
    lesson = lesson_with_sections(sections=1, sentences_per_section=0)
    section = lesson.sections.get()
    sentences = [
        SentenceFactory(section=section, position=n, text=f"Claim {n}.") for n in range(1, 5)
    ]
    ClaimLabelFactory(sentence=sentences[0], verdict="unsupported")
    ClaimLabelFactory(sentence=sentences[1], verdict="inaccurate")
    ClaimLabelFactory(sentence=sentences[2], verdict="supported")
    assignment = AssignmentFactory(lesson=lesson, classroom=ClassroomFactory(teachers=[teacher]))
    quiz = QuizFactory(lesson=lesson)
    choice_q = QuestionFactory(quiz=quiz, position=1, points=1)
    right = ChoiceFactory(question=choice_q, position=1, text="Right", is_correct=True)
    wrong = ChoiceFactory(question=choice_q, position=2, text="Wrong")
    spot_q = QuestionFactory(
        quiz=quiz, position=2, kind="spot_claim", section=section, points=2, key_verdicts=[]
    )
    short_q = QuestionFactory(
        quiz=quiz, position=3, kind="short_answer", accepted_answers=["Pyongyang"]
    )
    return assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences


def _answer(attempt, question, *, choices=(), sentences=(), text="", points=None):
    response = Response.objects.get(attempt=attempt, question=question)
    response.text = text
    response.points = points
    response.save()
    ResponseChoice.objects.bulk_create(ResponseChoice(response=response, choice=c) for c in choices)
    ResponseSentence.objects.bulk_create(
        ResponseSentence(response=response, sentence=s) for s in sentences
    )
    return response


def test_attempt_review_shows_answers_beside_the_key(teacher):
    assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences = _spot_claim_setting(
        teacher
    )
    student = enrolled_student(assignment.classroom)
    attempt = graded_attempt(assignment=assignment, quiz=quiz, student=student, points={})
    _answer(attempt, choice_q, choices=[wrong], points=Decimal(0))
    _answer(attempt, spot_q, sentences=[sentences[0], sentences[2]], points=Decimal("0.5"))
    short = _answer(attempt, short_q, text="pyongyang", points=Decimal(1))
    ScoreOverride.objects.create(
        response=short, teacher=teacher, points_before=1, points_after=0, comment="Spelling"
    )

    review = attempt_review_get(attempt_id=attempt.pk, user=teacher)

    choice_review, spot_review, short_review = review.responses
    assert [(c.choice.text, c.picked, c.correct) for c in choice_review.choices] == [
        ("Right", False, True),
        ("Wrong", True, False),
    ]
    assert [(s.picked, s.in_key, s.verdict, s.outcome) for s in spot_review.sentences] == [
        (True, True, "unsupported", "right"),
        (False, True, "inaccurate", "missed"),
        (True, False, "supported", "wrong pick"),
        (False, False, "", ""),
    ]
    assert short_review.text == "pyongyang" and short_review.points == Decimal(1)
    assert [o.comment for o in short_review.overrides] == ["Spelling"]
    assert review.sibling_attempts == [attempt]


def test_attempt_review_is_refused_to_other_teachers(teacher):
    assignment, quiz, *_ = _spot_claim_setting(teacher)
    attempt = AttemptFactory(assignment=assignment, quiz=quiz)
    with pytest.raises(Http404):
        attempt_review_get(attempt_id=attempt.pk, user=TeacherFactory())
    with pytest.raises(Http404):
        attempt_review_get(attempt_id=attempt.pk, user=attempt.student)


# --- statistics --------------------------------------------------------------------


def test_statistics_count_every_submitted_attempt_and_nothing_in_progress(teacher):
    assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences = _spot_claim_setting(
        teacher
    )
    answers = [
        # (choice, spot picks, short text, points per question)
        (right, [sentences[0], sentences[1]], "Pyongyang", (1, 2, 1)),
        (right, [sentences[0]], "pyongyang", (1, 1, 1)),
        (wrong, [sentences[2]], "Seoul", (0, 0, 0)),
    ]
    for choice, picks, text, (p1, p2, p3) in answers:
        attempt = graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=enrolled_student(assignment.classroom),
            points={choice_q: p1, spot_q: p2, short_q: p3},
        )
        _answer(attempt, choice_q, choices=[choice], points=Decimal(p1))
        _answer(attempt, spot_q, sentences=picks, points=Decimal(p2))
        _answer(attempt, short_q, text=text, points=Decimal(p3))
    busy = AttemptFactory(assignment=assignment, quiz=quiz, status="in_progress")
    for question in (choice_q, spot_q, short_q):
        Response.objects.create(attempt=busy, question=question)
    _answer(busy, choice_q, choices=[wrong])

    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)

    assert stats.attempts_count == 3 and stats.students_count == 3
    choice_report, spot_report, short_report = stats.questions
    assert choice_report.stats.facility == pytest.approx(200 / 3)
    assert [(o.choice.text, o.picked) for o in choice_report.options] == [
        ("Right", 2),
        ("Wrong", 1),
    ]
    assert [(s.stat.picked, s.stat.missed) for s in spot_report.sentences] == [
        (2, 1),
        (1, 2),
        (1, None),
        (0, None),
    ]
    assert spot_report.sentences[0].verdict_label == "Unsupported"
    assert short_report.common_answers == [("Pyongyang", 2), ("Seoul", 1)]
    assert sorted(stats.attempt_percents) == pytest.approx([0.0, 75.0, 100.0])
    assert [b.count for b in stats.bins][-1] == 1


def test_discrimination_reasons(setting, teacher):
    assignment, quiz, questions = setting
    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={questions[0]: 2},
    )
    one = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    assert one.questions[0].stats.discrimination is None
    assert one.questions[0].discrimination_reason == DISCRIMINATION_TOO_FEW

    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={questions[0]: 2, questions[1]: 2},
    )
    two = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    assert two.questions[0].discrimination_reason == DISCRIMINATION_NO_SPREAD
    assert two.questions[2].discrimination_reason == DISCRIMINATION_NO_SPREAD


def test_overrides_count_in_statistics(setting, teacher):
    assignment, quiz, questions = setting
    attempt = graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=enrolled_student(assignment.classroom),
        points={questions[0]: 2},
    )
    Response.objects.filter(attempt=attempt, question=questions[0]).update(
        override_points=Decimal("1.00")
    )
    stats = assignment_statistics_get(assignment_id=assignment.pk, user=teacher)
    assert stats.questions[0].stats.facility == pytest.approx(50.0)


def test_quiz_statistics_span_only_the_teachers_classes(setting, teacher):
    assignment, quiz, questions = setting
    mine_too = AssignmentFactory(
        lesson=assignment.lesson, classroom=ClassroomFactory(name="Class 7C", teachers=[teacher])
    )
    theirs = AssignmentFactory(
        lesson=assignment.lesson, classroom=ClassroomFactory(teachers=[TeacherFactory()])
    )
    for target in (assignment, mine_too, theirs):
        graded_attempt(
            assignment=target,
            quiz=quiz,
            student=enrolled_student(target.classroom),
            points={questions[0]: 2},
        )

    stats = quiz_statistics_get(quiz_id=quiz.pk, user=teacher)
    assert stats.attempts_count == 2
    assert [a.classroom.name for a in stats.assignments] == ["Class 7B", "Class 7C"]
    assert [a.submitted_attempts for a in stats.assignments] == [1, 1]

    with pytest.raises(Http404):
        quiz_statistics_get(quiz_id=quiz.pk, user=TeacherFactory())
    with pytest.raises(Http404):
        quiz_statistics_get(quiz_id=QuizFactory().pk, user=teacher)
    with pytest.raises(Http404):
        quiz_statistics_get(quiz_id=999_999, user=teacher)


# --- responses for export ------------------------------------------------------------


def test_responses_for_export_join_choice_and_sentence_texts(teacher):
    assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences = _spot_claim_setting(
        teacher
    )
    multi = QuestionFactory(quiz=quiz, position=4, kind="multiple_choice")
    a = ChoiceFactory(question=multi, position=1, text="Alpha", is_correct=True)
    b = ChoiceFactory(question=multi, position=2, text="Beta", is_correct=True)
    student = enrolled_student(assignment.classroom, username="ada")
    attempt = graded_attempt(assignment=assignment, quiz=quiz, student=student, points={})
    _answer(attempt, choice_q, choices=[right], points=Decimal(1))
    _answer(attempt, spot_q, sentences=[sentences[2], sentences[0]], points=Decimal(0))
    _answer(attempt, short_q, text="Seoul", points=Decimal(0))
    _answer(attempt, multi, choices=[b, a], points=Decimal(1))

    from quizzes.models import Attempt

    rows = responses_for_export(Attempt.objects.filter(pk=attempt.pk))
    assert [(r.question_position, r.kind, r.answer) for r in rows] == [
        (1, "single_choice", "Right"),
        (2, "spot_claim", "Claim 1. | Claim 3."),
        (3, "short_answer", "Seoul"),
        (4, "multiple_choice", "Alpha | Beta"),
    ]
    assert rows[0].username == "ada" and rows[0].attempt_number == 1
    assert rows[1].max_points == Decimal("2.00")

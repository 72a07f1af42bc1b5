"""Quiz-taking services: start, save, submit, the time limit, and their refusal codes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone

from lessons.refusals import Conflict
from quizzes import services
from quizzes.answers import Answer
from quizzes.models import Attempt, Question, Response, ResponseChoice, ResponseSentence
from quizzes.services import (
    GRACE,
    attempt_close_if_expired,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
    response_save,
)
from tests.factories import (
    AssignmentFactory,
    ChoiceFactory,
    EnrollmentFactory,
    QuestionFactory,
    QuizFactory,
    SentenceFactory,
    StudentFactory,
    assigned_quiz,
    enrolled_student,
    quiz_with_every_kind,
)
from tests.quizzes.helpers import question_of

pytestmark = pytest.mark.django_db

D = Decimal


def choice_ids(question: Question, *texts: str) -> list[int]:
    ids = dict(question.choices.values_list("text", "id"))
    return [ids[text] for text in texts]


def sentence_ids(question: Question, *positions: int) -> list[int]:
    ids = dict(question.section.sentences.values_list("position", "id"))
    return [ids[position] for position in positions]


def start(setup, **kwargs) -> Attempt:
    return attempt_start(
        quiz=setup.quiz, assignment=setup.assignment, student=setup.student, **kwargs
    )


def assert_code(excinfo, code: str) -> None:
    assert excinfo.value.code == code, excinfo.value


def answer_everything_right(attempt: Attempt, quiz, student) -> None:
    for question in quiz.questions.all():
        kwargs = {}
        if question.kind == "single_choice":
            kwargs["choice_ids"] = choice_ids(question, "Option B")
        elif question.kind == "multiple_choice":
            kwargs["choice_ids"] = choice_ids(question, "Option A", "Option C")
        elif question.kind == "true_false":
            kwargs["choice_ids"] = choice_ids(question, "True")
        elif question.kind == "short_answer":
            kwargs["text"] = "  pyongyang! "
        else:
            kwargs["sentence_ids"] = sentence_ids(question, 2, 4)
        response_save(attempt=attempt, student=student, question_id=question.pk, **kwargs)


# --- start -----------------------------------------------------------------------------


def test_start_creates_numbered_attempt_with_one_empty_response_per_question(setup):
    now = timezone.now()
    attempt = start(setup, now=now)
    assert attempt.number == 1
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.started_at == now
    assert attempt.deadline_at is None
    assert 0 <= attempt.seed < 2**31
    responses = Response.objects.filter(attempt=attempt)
    assert sorted(responses.values_list("question_id", flat=True)) == sorted(
        setup.quiz.questions.values_list("pk", flat=True)
    )
    assert not responses.filter(answered=True).exists()


def test_start_sets_deadline_from_time_limit():
    setup = assigned_quiz(time_limit_minutes=20)
    now = timezone.now()
    attempt = start(setup, now=now)
    assert attempt.deadline_at == now + timedelta(minutes=20)


def test_second_start_resumes_the_open_attempt(setup):
    first = start(setup)
    again = start(setup)
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1
    assert Response.objects.count() == 5


def test_start_refuses_beyond_attempts_allowed(setup):
    attempt = start(setup)
    attempt_submit(attempt=attempt, student=setup.student)
    with pytest.raises(Conflict) as excinfo:
        start(setup)
    assert_code(excinfo, "no_attempts_left")
    assert Attempt.objects.count() == 1


def test_unlimited_attempts_are_numbered_per_assignment_quiz_and_student():
    setup = assigned_quiz(attempts_allowed=None)
    other_student = enrolled_student(setup.classroom)
    other_quiz = quiz_with_every_kind(lesson=setup.lesson, attempts_allowed=None)
    numbers = []
    for _ in range(3):
        attempt = start(setup)
        numbers.append(attempt.number)
        attempt_submit(attempt=attempt, student=setup.student)
    assert numbers == [1, 2, 3]
    theirs = attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=other_student)
    mine_other_quiz = attempt_start(
        quiz=other_quiz, assignment=setup.assignment, student=setup.student
    )
    assert theirs.number == 1
    assert mine_other_quiz.number == 1


def test_start_refuses_student_not_in_the_class(setup):
    outsider = StudentFactory()
    with pytest.raises(Http404):
        attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=outsider)
    assert not Attempt.objects.exists()


def test_start_refuses_assignment_not_open_yet():
    setup = assigned_quiz(assignment_kwargs={"opens_at": timezone.now() + timedelta(days=1)})
    with pytest.raises(PermissionDenied):
        start(setup)
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("problem", ["draft", "other_lesson"])
def test_start_refuses_quiz_not_of_the_assignment_or_unpublished(setup, problem):
    if problem == "draft":
        quiz = quiz_with_every_kind(lesson=setup.lesson, status="draft")
    else:
        quiz = quiz_with_every_kind()
    with pytest.raises(Conflict) as excinfo:
        attempt_start(quiz=quiz, assignment=setup.assignment, student=setup.student)
    assert_code(excinfo, "quiz_unavailable")
    assert not Attempt.objects.exists()


def test_start_refuses_quiz_without_questions(setup):
    empty = QuizFactory(lesson=setup.lesson)
    with pytest.raises(Conflict) as excinfo:
        attempt_start(quiz=empty, assignment=setup.assignment, student=setup.student)
    assert_code(excinfo, "quiz_empty")


def test_start_after_due_date_is_allowed_and_marked_late():
    past = timezone.now() - timedelta(days=10)
    setup = assigned_quiz(assignment_kwargs={"opens_at": past, "due_at": past + timedelta(days=1)})
    attempt = start(setup)
    attempt = attempt_submit(attempt=attempt, student=setup.student)
    assert attempt.is_late


def test_start_closes_an_expired_open_attempt_before_starting_another():
    setup = assigned_quiz(time_limit_minutes=10, attempts_allowed=2)
    t0 = timezone.now() - timedelta(hours=1)
    first = start(setup, now=t0)
    second = start(setup)
    first.refresh_from_db()
    assert first.status == Attempt.Status.SUBMITTED
    assert first.auto_submitted
    assert first.submitted_at == first.deadline_at
    assert second.number == 2


def test_start_keeps_the_expired_attempt_submitted_even_when_no_attempt_is_left():
    setup = assigned_quiz(time_limit_minutes=10, attempts_allowed=1)
    first = start(setup, now=timezone.now() - timedelta(hours=1))
    with pytest.raises(Conflict) as excinfo:
        start(setup)
    assert_code(excinfo, "no_attempts_left")
    first.refresh_from_db()
    assert first.status == Attempt.Status.SUBMITTED


def test_start_returns_the_open_attempt_when_the_unique_constraint_fires(setup, monkeypatch):
    existing = start(setup)

    def racing(**kwargs):
        raise IntegrityError("one_open_attempt_per_student")

    monkeypatch.setattr(services, "_attempt_start_locked", racing)
    assert start(setup).pk == existing.pk


def test_database_refuses_a_second_open_attempt(setup):
    """The partial unique constraint is the last guard behind the lock."""
    attempt = start(setup)
    with pytest.raises(IntegrityError):
        Attempt.objects.create(
            quiz=setup.quiz,
            assignment=setup.assignment,
            student=setup.student,
            number=2,
            started_at=timezone.now(),
            seed=1,
            status=Attempt.Status.IN_PROGRESS,
        )
    assert attempt.pk


# --- save ------------------------------------------------------------------------------


def test_save_replaces_the_picked_set_and_is_idempotent(setup):
    attempt = start(setup)
    question = question_of(setup.quiz, "multiple_choice")
    a, b, c = choice_ids(question, "Option A", "Option B", "Option C")
    now = timezone.now()
    response_save(
        attempt=attempt, student=setup.student, question_id=question.pk, choice_ids=[a, c]
    )
    response = response_save(
        attempt=attempt, student=setup.student, question_id=question.pk, choice_ids=[b, c], now=now
    )
    response_save(
        attempt=attempt, student=setup.student, question_id=question.pk, choice_ids=[b, c], now=now
    )
    assert set(response.selected_choices.values_list("pk", flat=True)) == {b, c}
    assert ResponseChoice.objects.count() == 2
    response.refresh_from_db()
    assert response.answered
    assert response.saved_at == now


def test_saving_nothing_clears_the_answer(setup):
    attempt = start(setup)
    question = question_of(setup.quiz, "single_choice")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=question.pk,
        choice_ids=choice_ids(question, "Option A"),
    )
    response = response_save(attempt=attempt, student=setup.student, question_id=question.pk)
    assert not response.answered
    assert not ResponseChoice.objects.exists()


def test_save_sentences_and_text(setup):
    attempt = start(setup)
    spot = question_of(setup.quiz, "spot_claim")
    short = question_of(setup.quiz, "short_answer")
    picked = sentence_ids(spot, 1, 2)
    response_save(attempt=attempt, student=setup.student, question_id=spot.pk, sentence_ids=picked)
    response = response_save(
        attempt=attempt, student=setup.student, question_id=short.pk, text="Seoul"
    )
    assert set(ResponseSentence.objects.values_list("sentence_id", flat=True)) == set(picked)
    assert response.text == "Seoul"
    assert response.answered


def _snapshot(attempt):
    return (
        sorted(ResponseChoice.objects.values_list("response_id", "choice_id")),
        sorted(ResponseSentence.objects.values_list("response_id", "sentence_id")),
        sorted(Response.objects.filter(attempt=attempt).values_list("pk", "text", "saved_at")),
    )


@pytest.mark.parametrize(
    ("kind", "payload", "code"),
    [
        ("single_choice", "choice_of_other_question", "invalid_choice"),
        ("short_answer", "choice_of_other_question", "invalid_choice"),
        ("single_choice", "two_choices", "too_many_choices"),
        ("true_false", "two_choices", "too_many_choices"),
        ("spot_claim", "sentence_of_other_section", "invalid_sentence"),
        ("multiple_choice", "sentence_of_own_section", "invalid_sentence"),
        ("single_choice", "text", "invalid_text"),
        ("short_answer", "long_text", "text_too_long"),
        ("short_answer", "nul_text", "unsavable_character"),
    ],
)
def test_save_refuses_tampered_answers_and_changes_nothing(setup, kind, payload, code):
    attempt = start(setup)
    question = question_of(setup.quiz, kind)
    # Something saved first, so "nothing changed" is checked against real data.
    spot = question_of(setup.quiz, "spot_claim")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=spot.pk,
        sentence_ids=sentence_ids(spot, 2),
    )
    multiple = question_of(setup.quiz, "multiple_choice")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=multiple.pk,
        choice_ids=choice_ids(multiple, "Option D"),
    )
    before = _snapshot(attempt)
    other_question = question_of(setup.quiz, "multiple_choice")
    kwargs = {
        "choice_of_other_question": {"choice_ids": choice_ids(other_question, "Option A")},
        "two_choices": {"choice_ids": list(question.choices.values_list("pk", flat=True))[:2]},
        "sentence_of_other_section": {"sentence_ids": [SentenceFactory().pk]},
        "sentence_of_own_section": {"sentence_ids": sentence_ids(spot, 1)},
        "text": {"text": "hello"},
        "long_text": {"text": "x" * 501},
        "nul_text": {"text": "a\x00b"},
    }[payload]
    if kind == "multiple_choice" and payload == "sentence_of_own_section":
        question = multiple
    with pytest.raises(ValidationError) as excinfo:
        response_save(attempt=attempt, student=setup.student, question_id=question.pk, **kwargs)
    assert_code(excinfo, code)
    assert _snapshot(attempt) == before


def test_save_accepts_500_characters(setup):
    attempt = start(setup)
    short = question_of(setup.quiz, "short_answer")
    response = response_save(
        attempt=attempt, student=setup.student, question_id=short.pk, text="x" * 500
    )
    assert len(response.text) == 500


def test_save_refuses_question_of_another_quiz(setup):
    attempt = start(setup)
    stranger = QuestionFactory()
    with pytest.raises(ValidationError) as excinfo:
        response_save(attempt=attempt, student=setup.student, question_id=stranger.pk)
    assert_code(excinfo, "unknown_question")


def test_save_refuses_another_students_attempt(setup):
    attempt = start(setup)
    other = enrolled_student(setup.classroom)
    question = question_of(setup.quiz, "true_false")
    with pytest.raises(Http404):
        response_save(
            attempt=attempt,
            student=other,
            question_id=question.pk,
            choice_ids=choice_ids(question, "True"),
        )
    assert not ResponseChoice.objects.exists()


def test_save_refuses_a_submitted_attempt(setup):
    attempt = start(setup)
    attempt_submit(attempt=attempt, student=setup.student)
    question = question_of(setup.quiz, "true_false")
    with pytest.raises(Conflict) as excinfo:
        response_save(
            attempt=attempt,
            student=setup.student,
            question_id=question.pk,
            choice_ids=choice_ids(question, "True"),
        )
    assert_code(excinfo, "attempt_closed")
    assert not ResponseChoice.objects.exists()


def test_save_many_is_all_or_nothing(setup):
    attempt = start(setup)
    single = question_of(setup.quiz, "single_choice")
    true_false = question_of(setup.quiz, "true_false")
    with pytest.raises(ValidationError) as excinfo:
        attempt_save_answers(
            attempt=attempt,
            student=setup.student,
            answers={
                single.pk: Answer(choice_ids=frozenset(choice_ids(single, "Option B"))),
                true_false.pk: Answer(choice_ids=frozenset(choice_ids(single, "Option A"))),
            },
        )
    assert_code(excinfo, "invalid_choice")
    assert not ResponseChoice.objects.exists()
    assert not Response.objects.filter(saved_at__isnull=False).exists()


# --- time limit ------------------------------------------------------------------------


@pytest.fixture
def timed():
    setup = assigned_quiz(time_limit_minutes=10)
    setup.t0 = timezone.now() - timedelta(minutes=5)
    setup.attempt = start(setup, now=setup.t0)
    setup.deadline = setup.t0 + timedelta(minutes=10)
    return setup


def test_save_within_grace_is_accepted(timed):
    question = question_of(timed.quiz, "true_false")
    response = response_save(
        attempt=timed.attempt,
        student=timed.student,
        question_id=question.pk,
        choice_ids=choice_ids(question, "True"),
        now=timed.deadline + GRACE - timedelta(seconds=1),
    )
    assert response.answered
    timed.attempt.refresh_from_db()
    assert timed.attempt.status == Attempt.Status.IN_PROGRESS


def test_save_after_grace_submits_the_attempt_as_it_stood_and_is_refused(timed):
    question = question_of(timed.quiz, "true_false")
    response_save(
        attempt=timed.attempt,
        student=timed.student,
        question_id=question.pk,
        choice_ids=choice_ids(question, "True"),
        now=timed.deadline - timedelta(minutes=1),
    )
    late = question_of(timed.quiz, "single_choice")
    with pytest.raises(Conflict) as excinfo:
        response_save(
            attempt=timed.attempt,
            student=timed.student,
            question_id=late.pk,
            choice_ids=choice_ids(late, "Option B"),
            now=timed.deadline + GRACE + timedelta(seconds=1),
        )
    assert_code(excinfo, "time_up")
    assert excinfo.value.message == services.TIME_UP_MESSAGE
    attempt = Attempt.objects.get(pk=timed.attempt.pk)
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.auto_submitted
    assert attempt.submitted_at == timed.deadline
    assert attempt.score == D("1.00")  # the true/false saved in time; not the late pick
    assert not Response.objects.get(attempt=attempt, question=late).answered
    assert timed.attempt.is_submitted  # the caller's instance is brought up to date


def test_close_if_expired_waits_for_the_grace_period(timed, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not attempt_close_if_expired(attempt=timed.attempt, now=timed.deadline + GRACE)
    assert attempt_close_if_expired(
        attempt=timed.attempt, now=timed.deadline + GRACE + timedelta(seconds=1)
    )
    attempt = Attempt.objects.get(pk=timed.attempt.pk)
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at == timed.deadline


def test_submit_after_grace_is_an_automatic_submission_at_the_deadline(timed):
    attempt = attempt_submit(
        attempt=timed.attempt, student=timed.student, now=timed.deadline + timedelta(minutes=3)
    )
    assert attempt.auto_submitted
    assert attempt.submitted_at == timed.deadline


def test_untimed_attempt_never_expires(setup):
    attempt = start(setup)
    assert not attempt_close_if_expired(attempt=attempt, now=timezone.now() + timedelta(days=365))


# --- submit and grading ----------------------------------------------------------------


def test_submit_grades_every_kind_with_full_marks_for_the_key(setup):
    attempt = start(setup)
    answer_everything_right(attempt, setup.quiz, setup.student)
    now = timezone.now()
    attempt = attempt_submit(attempt=attempt, student=setup.student, now=now)
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at == now
    assert not attempt.auto_submitted
    assert attempt.score == D("5.00")
    assert attempt.max_score == D("5.00")
    assert set(Response.objects.values_list("fraction", flat=True)) == {D("1")}


def test_submit_with_nothing_answered_scores_zero(setup):
    attempt = attempt_submit(attempt=start(setup), student=setup.student)
    assert attempt.score == D("0.00")
    assert attempt.max_score == D("5.00")


@pytest.mark.parametrize(
    ("picked", "fraction"),
    [
        ((2, 4), D("1")),
        ((2,), D("0.5")),
        ((2, 3), D("0")),  # one hit (+1/2), one false pick (-1/2)
        ((1, 2, 4), D("0.5")),
        ((), D("0")),
    ],
)
def test_spot_claim_key_comes_from_the_sections_claim_labels(setup, picked, fraction):
    attempt = start(setup)
    spot = question_of(setup.quiz, "spot_claim")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=spot.pk,
        sentence_ids=sentence_ids(spot, *picked),
    )
    attempt_submit(attempt=attempt, student=setup.student)
    assert Response.objects.get(attempt=attempt, question=spot).fraction == fraction


def test_spot_claim_uses_the_questions_chosen_verdicts(setup):
    spot = question_of(setup.quiz, "spot_claim")
    spot.key_verdicts = ["supported"]
    spot.save()
    attempt = start(setup)
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=spot.pk,
        sentence_ids=sentence_ids(spot, 3),
    )
    attempt_submit(attempt=attempt, student=setup.student)
    assert Response.objects.get(attempt=attempt, question=spot).fraction == D("1")


def test_multiple_choice_earns_partial_credit(setup):
    attempt = start(setup)
    question = question_of(setup.quiz, "multiple_choice")
    question.points = D("2")
    question.save()
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=question.pk,
        choice_ids=choice_ids(question, "Option A"),
    )
    attempt = attempt_submit(attempt=attempt, student=setup.student)
    response = Response.objects.get(attempt=attempt, question=question)
    assert response.points == D("1.00")
    assert attempt.score == D("1.00")
    assert attempt.max_score == D("6.00")


def test_submit_twice_grades_once(setup):
    attempt = start(setup)
    answer_everything_right(attempt, setup.quiz, setup.student)
    first = attempt_submit(attempt=attempt, student=setup.student)
    # Were it graded again, this change of key would lower the score.
    single = question_of(setup.quiz, "single_choice")
    single.choices.update(is_correct=False)
    second = attempt_submit(
        attempt=Attempt.objects.get(pk=attempt.pk),
        student=setup.student,
        now=timezone.now() + timedelta(hours=1),
    )
    assert second.score == first.score == D("5.00")
    assert second.submitted_at == first.submitted_at


def test_submit_refuses_another_students_attempt(setup):
    attempt = start(setup)
    with pytest.raises(Http404):
        attempt_submit(attempt=attempt, student=enrolled_student(setup.classroom))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_short_answer_pattern_and_bad_settings_do_not_break_submit(setup):
    short = question_of(setup.quiz, "short_answer")
    short.accepted_answers = []
    short.answer_pattern = r"p[yj]ongyang"
    short.save()
    spot = question_of(setup.quiz, "spot_claim")
    spot.key_verdicts = ["no_such_verdict"]  # falls back to the default verdicts
    spot.save()
    attempt = start(setup)
    response_save(attempt=attempt, student=setup.student, question_id=short.pk, text="Pjongyang")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=spot.pk,
        sentence_ids=sentence_ids(spot, 2, 4),
    )
    attempt = attempt_submit(attempt=attempt, student=setup.student)
    assert attempt.score == D("2.00")


def test_grading_ignores_a_choice_added_after_the_pick():
    """A question edited mid-attempt still grades: options are the choices there are now."""
    setup = assigned_quiz()
    attempt = start(setup)
    multiple = question_of(setup.quiz, "multiple_choice")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=multiple.pk,
        choice_ids=choice_ids(multiple, "Option A", "Option C"),
    )
    ChoiceFactory(question=multiple, position=9, text="Option E", is_correct=False)
    attempt = attempt_submit(attempt=attempt, student=setup.student)
    assert Response.objects.get(attempt=attempt, question=multiple).fraction == D("1")


def test_student_enrolled_in_two_classes_with_the_same_lesson_has_separate_attempts(setup):
    other_assignment = AssignmentFactory(lesson=setup.lesson)
    EnrollmentFactory(classroom=other_assignment.classroom, student=setup.student)
    first = start(setup)
    second = attempt_start(quiz=setup.quiz, assignment=other_assignment, student=setup.student)
    assert first.pk != second.pk
    assert second.number == 1

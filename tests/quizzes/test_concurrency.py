"""Simultaneous starts, saves and submits of one student's quiz, on PostgreSQL row locks.

Each test fires twenty threads at once (a barrier releases them together), each with its
own database connection, closed when the thread ends.
"""

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection

from lessons.refusals import Refusal
from quizzes.models import Attempt, Response
from quizzes.services import attempt_start, attempt_submit, response_save
from tests.factories import assigned_quiz

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


def run_together(work: Callable[[int], object]) -> tuple[list, list[BaseException]]:
    """Run work(i) in THREADS threads released at the same moment; (results, errors)."""
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS
    errors: list[BaseException] = []

    def target(index: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as error:  # collected and asserted on in the main thread
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors


def test_twenty_simultaneous_submits_grade_the_attempt_once():
    setup = assigned_quiz()
    attempt = attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student)
    true_false = setup.quiz.questions.get(kind="true_false")
    response_save(
        attempt=attempt,
        student=setup.student,
        question_id=true_false.pk,
        choice_ids=[true_false.choices.get(text="True").pk],
    )

    def submit(_index: int):
        submitted = attempt_submit(
            attempt=Attempt.objects.get(pk=attempt.pk), student=setup.student
        )
        return submitted.status, submitted.score, submitted.submitted_at

    results, errors = run_together(submit)
    assert errors == []
    assert len(set(results)) == 1, results
    status, score, submitted_at = results[0]
    assert status == Attempt.Status.SUBMITTED
    assert score == Decimal("1.00")
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.status, stored.score, stored.submitted_at) == (status, score, submitted_at)
    assert Attempt.objects.count() == 1
    assert Response.objects.filter(attempt=attempt).count() == 5


def test_twenty_simultaneous_starts_create_no_more_attempts_than_allowed():
    setup = assigned_quiz(attempts_allowed=2)

    def start(_index: int):
        return attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student).pk

    results, errors = run_together(start)
    assert errors == []
    assert len(set(results)) == 1  # every request got the same, single open attempt
    assert Attempt.objects.count() <= 2
    assert Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS).count() <= 1
    assert Response.objects.count() == 5 * Attempt.objects.count()


def test_starts_after_a_submitted_attempt_stop_at_the_limit():
    setup = assigned_quiz(attempts_allowed=2)
    first = attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student)
    attempt_submit(attempt=first, student=setup.student)

    def start(_index: int):
        try:
            return attempt_start(
                quiz=setup.quiz, assignment=setup.assignment, student=setup.student
            ).pk
        except Refusal as error:
            return error.code

    results, errors = run_together(start)
    assert errors == []
    assert "no_attempts_left" not in results  # the second attempt is resumed, not refused
    assert len(set(results)) == 1
    assert Attempt.objects.count() == 2
    assert Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS).count() == 1


def test_saves_racing_a_submit_are_either_graded_or_refused_never_lost():
    setup = assigned_quiz(repeat=4)  # 20 questions
    attempt = attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student)
    true_falses = list(setup.quiz.questions.filter(kind="true_false").order_by("position"))
    short_answers = list(setup.quiz.questions.filter(kind="short_answer").order_by("position"))
    right = {q.pk: {"choice_ids": [q.choices.get(text="True").pk]} for q in true_falses}
    right.update({q.pk: {"text": "Pyongyang"} for q in short_answers})
    question_ids = list(right)

    def work(index: int):
        if index == 0:
            attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk), student=setup.student)
            return "submitted"
        question_id = question_ids[index % len(question_ids)]
        try:
            response_save(
                attempt=Attempt.objects.get(pk=attempt.pk),
                student=setup.student,
                question_id=question_id,
                **right[question_id],
            )
        except Refusal as error:
            return error.code
        return question_id

    results, errors = run_together(work)
    assert errors == []
    saved = {result for result in results if isinstance(result, int)}
    refused = [result for result in results if isinstance(result, str) and result != "submitted"]
    assert set(refused) <= {"attempt_closed"}
    stored = Attempt.objects.get(pk=attempt.pk)
    graded = Response.objects.filter(attempt=stored, question_id__in=question_ids)
    earned = {r.question_id for r in graded if r.points and r.points > 0}
    # Every acknowledged save was graded; nothing refused was.
    assert earned == saved
    assert stored.score == Decimal(len(saved))

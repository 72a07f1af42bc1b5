"""Plain helpers shared by the quiz-taking tests (the `setup` fixture is in conftest.py)."""

from django.urls import reverse

from quizzes.models import Attempt, Question
from quizzes.services import attempt_start


def started(setup) -> Attempt:
    """The setup's student starts the setup's quiz."""
    return attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student)


def question_of(quiz, kind: str) -> Question:
    """The quiz's first question of ``kind``."""
    return quiz.questions.filter(kind=kind).order_by("position").first()


def sentence_id(question, position: int) -> int:
    """The id of the sentence at ``position`` in a spot-the-claim question's section."""
    return question.section.sentences.get(position=position).pk


def intro_url(setup) -> str:
    return reverse("quizzes:quiz_intro", args=[setup.assignment.pk, setup.quiz.pk])

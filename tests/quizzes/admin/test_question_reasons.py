"""The question admin's spot-the-claim settings for reasons, and a source for the explanation."""

from decimal import Decimal

import pytest

from quizzes.models import Question
from tests.quizzes.admin.helpers import ADD_QUESTION, question_data

pytestmark = pytest.mark.django_db


def spot_data(quiz, **fields):
    section = quiz.lesson.sections.get(position=1)
    return question_data(quiz, kind="spot_claim", section=str(section.pk), **fields)


def test_a_spot_claim_question_asks_why_with_the_share_the_teacher_chooses(teacher_client, quiz):
    response = teacher_client.post(
        ADD_QUESTION,
        spot_data(
            quiz,
            ask_reasons="on",
            reason_credit="0.25",
            explanation_source="UN press release SC/8853: https://press.un.org/en/2006/sc8853.doc.htm",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    question = Question.objects.get()
    assert (question.ask_reasons, question.reason_credit) == (True, Decimal("0.25"))
    assert question.explanation_source.startswith("UN press release SC/8853")


def test_an_empty_share_keeps_the_default_and_one_above_1_is_refused(teacher_client, quiz):
    response = teacher_client.post(
        ADD_QUESTION, spot_data(quiz, ask_reasons="on", reason_credit="")
    )
    assert response.status_code == 302
    assert Question.objects.get().reason_credit == Decimal("0.50")
    response = teacher_client.post(ADD_QUESTION, spot_data(quiz, reason_credit="1.5"))
    assert response.status_code == 200
    assert "reason_credit" in response.context["adminform"].form.errors
    assert Question.objects.count() == 1


def test_only_spot_the_claim_questions_ask_why(teacher_client, quiz):
    data = question_data(
        quiz, choices=[("Right", True), ("Wrong", False)], ask_reasons="on", reason_credit="0.5"
    )
    response = teacher_client.post(ADD_QUESTION, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Question.objects.get().ask_reasons is False

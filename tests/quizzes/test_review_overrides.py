"""The student's review after a teacher adjusts points: said as the teacher's, with the
comment, never as automatic partial credit; scores rounded as a student reads them."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.results.overrides import response_override
from quizzes.services import attempt_submit
from tests.factories import TeacherFactory, assigned_quiz
from tests.quizzes.helpers import question_of, started

pytestmark = pytest.mark.django_db


def test_an_adjusted_answer_says_so_with_the_teachers_comment():
    setup = assigned_quiz(review_answers="immediately", review_score="immediately")
    teacher = TeacherFactory()
    setup.classroom.teachers.add(teacher)
    attempt = attempt_submit(attempt=started(setup), student=setup.student)
    single = question_of(setup.quiz, "single_choice")
    response = attempt.responses.get(question=single)
    response_override(
        response=response, teacher=teacher, points=Decimal("0.5"), comment="Half: see me."
    )
    client = Client()
    client.force_login(setup.student)
    html = client.get(reverse("quizzes:attempt_review", args=[attempt.pk])).content.decode()
    adjusted = re.search(r'data-testid="adjusted-(\d+)">(.*?)</span>\s*</h2>', html, re.S)
    number = adjusted.group(1)
    assert "Adjusted by your teacher: 0.5 / 1" in adjusted.group(2)
    comment = html.split(f'data-testid="teacher-comment-{number}"')[1].split("</div>")[0]
    assert "Your teacher’s comment" in comment and "Half: see me." in comment
    # Only the adjusted question says so; the others keep the automatic outcome.
    assert html.count("Adjusted by your teacher") == 1
    assert "Not right" in html
    jump = html.split('data-testid="review-jump-list"')[1].split("</ol>")[0]
    assert "adjusted by your teacher" in jump
    assert "What next" in html and reverse("discussions:list", args=[setup.assignment.pk]) in html

"""No key, explanation, label or note reaches a student before the review policy allows.

Every secret field of class A's quiz and lesson holds a marker (tests/security/conftest.py):
explanations, choice feedback and claim-label explanations hold ``KEY_MARKER``; label
evidence, sources and contested reasons ``LABEL_MARKER``; explanation sources
``SOURCE_MARKER``; the short answer's pattern ``PATTERN_MARKER``; teacher notes
``NOTE_MARKER``. The accepted answers ("Pyongyang", the numerical value) and the markup
that only a revealed review carries (``is-correct``, ``is-key``, ``cw-claim--`` and the
verdict tags, the right/wrong outcome) count as secrets too.

Under each review policy (answers immediately / after the due date / never × score
immediately / after the due date), before and after the due date, the student of class A
goes through every page and JSON reply they can reach: the dashboard (with the skill
profile), the reading page one section at a time and whole, the discussion list (also
filtered by each sentence) and threads, the quiz intro, every take page in both layouts,
autosaves (accepted, refused, and after submitting), the no-JavaScript save, the submit
confirmation, the submit itself, the reviews of an old and of a new attempt, marking a
section read, and refusals (another student's attempt). Only the review pages may carry
an answer secret, and only once the policy releases answers; the score only once it
releases the score; teacher notes and the other class's material never.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lessons.models import Assignment
from quizzes.models import Attempt, Question, Quiz
from tests.factories import KEY_MARKER
from tests.security.conftest import (
    LABEL_MARKER,
    NOTE_MARKER,
    NUMERIC_MARKER,
    NUMERIC_VALUE,
    PATTERN_MARKER,
    SOURCE_MARKER,
    quiet_request_log,
    rolled_back,
)

pytestmark = pytest.mark.django_db

ANSWER_POLICIES = ("immediately", "after_due", "never")
SCORE_POLICIES = ("immediately", "after_due")
MOMENTS = ("before_due", "after_due")

#: What a released review must show (answers policy): explanations and feedback, label
#: explanations, evidence, sources and contested reasons, the accepted answers, and the
#: markup of right answers, the key and verdicts.
REQUIRED_AFTER_RELEASE = (
    f"{KEY_MARKER}-explanation-",
    f"{KEY_MARKER}-feedback-",
    f"{KEY_MARKER}-label-",
    f"{LABEL_MARKER}-A-evidence-",
    f"{LABEL_MARKER}-A-source-",
    f"{LABEL_MARKER}-A-contested-",
    "labelsecret-a.example",
    "Pyongyang",
    NUMERIC_VALUE,
    "is-correct",
    "is-key",
    "cw-claim--unsupported",
    "cw-tag--inaccurate",
    "cw-outcome",
)
#: Released with the answers, though the review does not show them (today): explanation
#: sources, the numerical value's feedback, the short answer's pattern.
MAY_SHOW_AFTER_RELEASE = (SOURCE_MARKER, NUMERIC_MARKER, PATTERN_MARKER)
ANSWER_SECRETS = (
    KEY_MARKER,
    LABEL_MARKER,
    "labelsecret-",
    "Pyongyang",
    NUMERIC_VALUE,
    *MAY_SHOW_AFTER_RELEASE,
    "is-correct",
    "is-key",
    "is-contested",
    "cw-claim--",
    "cw-fact--key",
    "cw-outcome",
    "In the key",
    "Correct answer",
)
#: Markup for a verdict tag (the student's pages carry none before release).
VERDICT_TAG = re.compile(
    r"cw-tag--(supported|unsupported|inaccurate|logical_flaw|vague|opinion|contested)"
)
#: Never on a student's page: teacher notes, and class B's material and people.
NEVER = (NOTE_MARKER, "PRIVATE-B", "LABELSECRET-B", "SOURCESECRET-B", "PATTERNSECRETB")
#: The only keys a JSON reply of the take page may carry.
JSON_KEYS = {"saved", "saved_at", "saved_at_display", "answered", "code", "error", "review_url"}
SKILL_TABLE = "cw-skill-table"


def _answer_fields(question: Question) -> dict:
    """A valid answer to ``question`` as the take page posts it."""
    prefix = f"q{question.pk}"
    if question.kind == Question.Kind.SPOT_CLAIM:
        return {f"{prefix}-sentence": [question.section.sentences.order_by("position")[1].pk]}
    if question.kind == Question.Kind.SHORT_ANSWER:
        return {f"{prefix}-text": "Seoul"}
    if question.kind == Question.Kind.NUMERICAL:
        return {f"{prefix}-text": "1999"}
    return {f"{prefix}-choice": [question.choices.order_by("position").first().pk]}


class Visits:
    """The student's requests under one policy, with what each response carried."""

    def __init__(self, client: Client):
        self.client = client
        self.pages: list[tuple[str, str, bool]] = []  # (what, body, is a review)

    def __call__(self, what: str, method: str, url: str, data=None, *, review=False, status=None):
        response = getattr(self.client, method)(url, data or {})
        assert response.status_code == status if status else response.status_code < 500, (
            what,
            response.status_code,
        )
        body = response.content.decode(errors="replace")
        if response.get("Content-Type", "").startswith("application/json"):
            keys = set(json.loads(body))
            assert keys <= JSON_KEYS, (what, keys - JSON_KEYS)
        self.pages.append((what, body, review))
        return response


def _walk(w, visit: Visits) -> None:
    """Every page and reply the student of class A can reach, in a student's order."""
    a = w.a
    assignment, quiz, attempt = a.assignment, a.quiz, a.in_progress
    reading = reverse("lessons:reading", args=[assignment.pk])
    discussion = reverse("discussions:list", args=[assignment.pk])
    intro = reverse("quizzes:quiz_intro", args=[assignment.pk, quiz.pk])
    take = reverse("quizzes:attempt_take", args=[attempt.pk])
    questions = list(quiz.questions.order_by("position").select_related("section"))

    visit("dashboard", "get", reverse("lessons:dashboard"))
    visit("reading", "get", reading)
    visit("reading, whole text", "get", reading + "?view=all")
    for section in a.lesson.sections.order_by("position"):
        visit(
            f"reading, section {section.position}", "get", f"{reading}?section={section.position}"
        )
        for sentence in section.sentences.order_by("position"):
            visit(
                f"discussion on sentence {sentence.pk}",
                "get",
                f"{discussion}?sentence={sentence.pk}",
            )
    visit("discussion", "get", discussion)
    visit("own thread", "get", reverse("discussions:thread", args=[assignment.pk, a.thread.pk]))
    visit(
        "classmate's thread",
        "get",
        reverse("discussions:thread", args=[assignment.pk, a.classmate_thread.pk]),
    )
    visit("intro", "get", intro)

    # The take page, every page of both layouts.
    visit("take (all on one page)", "get", take, status=200)
    Quiz.objects.filter(pk=quiz.pk).update(layout=Quiz.Layout.ONE, shuffle_choices=True)
    for page in range(1, len(questions) + 1):
        visit(f"take page {page}", "get", f"{take}?page={page}", status=200)

    # Saving: the script's autosaves, a refused one, and the page's own form.
    for question in questions:
        visit(
            f"autosave Q{question.position}",
            "post",
            reverse("quizzes:autosave", args=[attempt.pk]),
            {"question": [question.pk], **_answer_fields(question)},
            status=200,
        )
        visit(
            f"response save Q{question.position}",
            "post",
            reverse("quizzes:response_save", args=[attempt.pk, question.pk]),
            _answer_fields(question),
            status=200,
        )
    visit(
        "refused autosave (another class's choice)",
        "post",
        reverse("quizzes:autosave", args=[attempt.pk]),
        {
            "question": [questions[0].pk],
            f"q{questions[0].pk}-choice": [w.b.question.choices.first().pk],
        },
        status=400,
    )
    visit(
        "save without JavaScript",
        "post",
        reverse("quizzes:attempt_save", args=[attempt.pk]),
        {"question": [q.pk for q in questions[:2]], **_answer_fields(questions[0])},
        status=302,
    )
    visit("submit confirmation", "get", reverse("quizzes:attempt_submit", args=[attempt.pk]))
    visit(
        "old review",
        "get",
        reverse("quizzes:attempt_review", args=[a.submitted.pk]),
        review=True,
        status=200,
    )
    visit("submit", "post", reverse("quizzes:attempt_submit", args=[attempt.pk]), status=302)
    visit(
        "new review",
        "get",
        reverse("quizzes:attempt_review", args=[attempt.pk]),
        review=True,
        status=200,
    )
    visit(
        "autosave after submitting",
        "post",
        reverse("quizzes:autosave", args=[attempt.pk]),
        {"question": [questions[0].pk], **_answer_fields(questions[0])},
        status=409,
    )
    visit("take after submitting", "get", take)
    visit("intro after submitting", "get", intro)
    visit("dashboard after submitting", "get", reverse("lessons:dashboard"))
    visit(
        "mark read",
        "post",
        reverse("lessons:section_read", args=[assignment.pk, 1]),
        {"read": "1", "view": "section"},
        status=302,
    )
    visit(
        "classmate's attempt",
        "get",
        reverse("quizzes:attempt_review", args=[a.classmate_attempt.pk]),
        status=404,
    )
    visit(
        "classmate's attempt, take",
        "get",
        reverse("quizzes:attempt_take", args=[a.classmate_attempt.pk]),
        status=404,
    )
    visit("unknown page", "get", "/no/such/page/")


def _set_policy(w, answers: str, score: str, moment: str) -> None:
    now = timezone.now()
    Quiz.objects.filter(pk=w.a.quiz.pk).update(
        review_answers=answers, review_score=score, layout=Quiz.Layout.ALL
    )
    if moment == "before_due":
        opens, due = now - timedelta(days=1), now + timedelta(days=6)
    else:
        opens, due = now - timedelta(days=10), now - timedelta(days=1)
    Assignment.objects.filter(pk=w.a.assignment.pk).update(opens_at=opens, due_at=due)


def _problems(w, pages, *, answers_released: bool, score_released: bool) -> list[str]:
    problems = []
    score_text = w.a.score_text
    reviews_seen = []
    for what, body, review in pages:
        for secret in NEVER:
            if secret in body:
                problems.append(f"{what}: shows {secret!r}")
        may_reveal = review and answers_released
        if not may_reveal:
            found = [s for s in ANSWER_SECRETS if s in body]
            found += [m.group(0) for m in VERDICT_TAG.finditer(body)]
            if found:
                problems.append(f"{what}: shows {sorted(set(found))}")
            if SKILL_TABLE in body and not answers_released:
                problems.append(f"{what}: shows the skill profile built from withheld answers")
        if not score_released and (score_text in body or 'data-testid="score"' in body):
            problems.append(f"{what}: shows the score {score_text!r} before its release")
        if review:
            reviews_seen.append((what, body))
    if answers_released:
        dashboard = next(body for what, body, _ in pages if what == "dashboard after submitting")
        if SKILL_TABLE not in dashboard:
            problems.append("dashboard: answers are released, but the skill profile is empty")
        for what, body in reviews_seen:
            missing = [s for s in REQUIRED_AFTER_RELEASE if s not in body]
            if missing:
                problems.append(f"{what}: released answers, but misses {missing}")
    if score_released:
        old_review = next(body for what, body in reviews_seen if what == "old review")
        if score_text not in old_review:
            problems.append(f"old review: the score {score_text!r} is released but not shown")
    return problems


def test_no_student_page_or_reply_reveals_a_secret_before_the_policy_releases_it(world):
    client = Client()
    client.force_login(world.a.student)
    problems = []
    combinations = list(itertools.product(ANSWER_POLICIES, SCORE_POLICIES, MOMENTS))
    pages_seen = 0
    for answers, score, moment in combinations:
        after = moment == "after_due"
        answers_released = answers == "immediately" or (answers == "after_due" and after)
        score_released = score == "immediately" or after
        visits = Visits(client)
        with quiet_request_log(), rolled_back():
            _set_policy(world, answers, score, moment)
            _walk(world, visits)
            assert Attempt.objects.get(pk=world.a.in_progress.pk).is_submitted
        pages_seen += len(visits.pages)
        for problem in _problems(
            world, visits.pages, answers_released=answers_released, score_released=score_released
        ):
            problems.append(f"answers {answers}, score {score}, {moment}: {problem}")
    assert pages_seen >= 12 * 40
    assert not problems, "\n".join(problems)


@pytest.fixture
def teacher_pages(world):
    client = Client()
    client.force_login(world.a.teacher)
    a = world.a
    return {
        "teacher reading": client.get(
            reverse("lessons:teacher_reading", args=[a.lesson.pk]) + "?view=all"
        ).content.decode(),
        "attempt detail": client.get(
            reverse("results:attempt_detail", args=[a.submitted.pk])
        ).content.decode(),
    }


def test_the_markers_are_real_secrets_that_teachers_see(teacher_pages):
    assert NOTE_MARKER in teacher_pages["teacher reading"]
    assert f"{LABEL_MARKER}-A-" in teacher_pages["teacher reading"]
    assert f"{KEY_MARKER}-explanation-" in teacher_pages["attempt detail"]

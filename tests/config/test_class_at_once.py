"""A whole class at once, through the live server: every write path a class hits in the
same second answers without a 500, creates nothing twice and loses nothing acknowledged.

This runs in both passes of CI: on SQLite the test database is a file (see
config/settings/test.py), opened with the same WAL / immediate-transaction / busy-timeout
options as `make run`, so the live server's request threads really compete for the
write lock; on PostgreSQL they compete for row locks.
"""

from __future__ import annotations

import http.cookiejar
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.models import Thread
from lessons.models import Assignment, Enrollment, Lesson, SectionRead
from quizzes.models import Attempt, Response
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonFactory,
    SectionFactory,
    TeacherFactory,
    enrolled_student,
    quiz_with_every_kind,
)

pytestmark = [pytest.mark.django_db(transaction=True)]

STUDENTS = 24
SAVE_ROUNDS = 4


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


@dataclass
class Reply:
    status: int
    body: str
    location: str


class Browser:
    """One student's browser: its own cookies, no redirects followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def _cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def request(self, method: str, path: str, data=None, *, json: bool = False) -> Reply:
        headers = {"Accept": "application/json" if json else "text/html"}
        body = None
        if method == "POST":
            headers["X-CSRFToken"] = self._cookie("csrftoken")
            body = urllib.parse.urlencode(data or {}, doseq=True).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, method=method, headers=headers
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return Reply(response.status, response.read().decode(), "")
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), error.headers.get("Location", ""))

    def sign_in(self, username: str) -> Reply:
        self.request("GET", reverse("login"))  # sets the CSRF cookie
        return self.request(
            "POST", reverse("login"), {"username": username, "password": "password"}
        )


def run_together(jobs: list[Callable[[], object]]) -> list:
    """Run every job in its own thread, released at the same moment; their results."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def target(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = jobs[index]()
        except BaseException as error:  # asserted on in the main thread
            errors.append(error)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    assert errors == [], errors[:3]
    return results


def statuses(replies) -> set[int]:
    flat = [r for group in replies for r in (group if isinstance(group, list) else [group])]
    return {reply.status for reply in flat}


@pytest.fixture
def server_errors(caplog):
    """Errors the server logged (a 500 logs one on the django.request logger)."""
    caplog.set_level(logging.ERROR)
    return lambda: [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_class_signs_in_joins_reads_posts_starts_and_autosaves_at_once(
    live_server, server_errors
):
    classroom = ClassroomFactory()
    section = SectionFactory()
    lesson = section.lesson
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = quiz_with_every_kind(lesson=lesson)
    students = [enrolled_student(classroom) for _ in range(STUDENTS)]
    new_class = ClassroomFactory()
    browsers = [Browser(live_server.url) for _ in students]

    # Sign in, all at once.
    signed_in = run_together(
        [lambda b=b, s=s: b.sign_in(s.username) for b, s in zip(browsers, students, strict=True)]
    )
    assert statuses(signed_in) == {302}, [r.body[:200] for r in signed_in if r.status != 302]

    # Join a second class with its code, each student double-clicking.
    join = {"join_code": new_class.join_code}
    dashboard = reverse("lessons:dashboard")
    joined = run_together(
        [lambda b=b: b.request("POST", dashboard, join) for b in browsers for _ in range(2)]
    )
    assert statuses(joined) == {302}
    assert Enrollment.objects.filter(classroom=new_class).count() == STUDENTS

    # Mark the first section read, double-clicking.
    mark = reverse("lessons:section_read", args=[assignment.pk, section.position])
    marked = run_together(
        [
            lambda b=b: b.request("POST", mark, {"read": "1", "view": "section"})
            for b in browsers
            for _ in range(2)
        ]
    )
    assert statuses(marked) == {302}
    assert SectionRead.objects.filter(section=section).count() == STUDENTS

    # Start a thread in the discussion, double-clicking.
    discussion = reverse("discussions:list", args=[assignment.pk])
    post = {"title": "Is the buffer zone argument sound?", "body": "I doubt it.", "section": ""}
    posted = run_together(
        [lambda b=b: b.request("POST", discussion, post) for b in browsers for _ in range(2)]
    )
    assert statuses(posted) == {302}
    assert Thread.objects.filter(assignment=assignment).count() == STUDENTS

    # Press Start, double-clicking: one attempt each.
    start = reverse("quizzes:attempt_start", args=[assignment.pk, quiz.pk])
    started = run_together(
        [lambda b=b: b.request("POST", start) for b in browsers for _ in range(2)]
    )
    assert statuses(started) == {302}
    attempts = {a.student_id: a for a in Attempt.objects.filter(quiz=quiz)}
    assert len(attempts) == STUDENTS
    for browser, student in zip(browsers, students, strict=True):
        take_url = reverse("quizzes:attempt_take", args=[attempts[student.pk].pk])
        assert browser.request("GET", take_url).status == 200

    # Autosave: two groups of questions per student, saved from two threads at once,
    # round after round; each save carries its group's questions together.
    questions = {q.kind: q for q in quiz.questions.order_by("position")}
    spot_sentences = list(questions["spot_claim"].section.sentences.order_by("position"))
    # Read in this thread: the request threads below must not open database connections.
    choices_of = {kind: list(q.choices.order_by("position")) for kind, q in questions.items()}

    def answer(kind: str, round_: int) -> dict:
        question = questions[kind]
        prefix = f"q{question.pk}"
        if kind == "short_answer":
            return {f"{prefix}-text": f"answer {round_}"}
        if kind == "spot_claim":
            picked = spot_sentences[: 1 + round_ % len(spot_sentences)]
            return {f"{prefix}-sentence": [s.pk for s in picked]}
        choices = choices_of[kind]
        if kind == "multiple_choice":
            return {f"{prefix}-choice": [c.pk for c in choices[: 1 + round_ % len(choices)]]}
        return {f"{prefix}-choice": [choices[round_ % len(choices)].pk]}

    groups = [("single_choice", "true_false"), ("short_answer", "spot_claim", "multiple_choice")]
    acknowledged: dict[tuple[int, str], int] = {}
    lock = threading.Lock()

    def save_rounds(browser: Browser, student, group) -> list[Reply]:
        url = reverse("quizzes:autosave", args=[attempts[student.pk].pk])
        replies = []
        for round_ in range(SAVE_ROUNDS):
            data = {"question": [questions[kind].pk for kind in group]}
            for kind in group:
                data.update(answer(kind, round_))
            reply = browser.request("POST", url, data, json=True)
            replies.append(reply)
            if reply.status == 200:
                with lock:
                    for kind in group:
                        acknowledged[(student.pk, kind)] = round_
        return replies

    saves = run_together(
        [
            lambda b=b, s=s, g=g: save_rounds(b, s, g)
            for b, s in zip(browsers, students, strict=True)
            for g in groups
        ]
    )
    assert statuses(saves) == {200}
    assert len(acknowledged) == STUDENTS * 5

    # The stored answers are the last acknowledged save of every question.
    for student in students:
        responses = {
            r.question_id: r
            for r in Response.objects.filter(attempt=attempts[student.pk]).prefetch_related(
                "responsechoice_set", "responsesentence_set"
            )
        }
        for kind, question in questions.items():
            expected = answer(kind, acknowledged[(student.pk, kind)])
            response = responses[question.pk]
            stored = {
                f"q{question.pk}-text": response.text,
                f"q{question.pk}-sentence": sorted(
                    p.sentence_id for p in response.responsesentence_set.all()
                ),
                f"q{question.pk}-choice": sorted(
                    p.choice_id for p in response.responsechoice_set.all()
                ),
            }
            for field, value in expected.items():
                assert stored[field] == (sorted(value) if isinstance(value, list) else value)

    assert Attempt.objects.count() == STUDENTS
    assert server_errors() == []


def test_a_teacher_presses_publish_and_assign_and_save_dates_in_ten_tabs_at_once(
    live_server, server_errors
):
    teacher = TeacherFactory()
    classroom = ClassroomFactory(teachers=[teacher])
    lesson = LessonFactory(status=Lesson.Status.DRAFT, owner=teacher)
    tabs = [Browser(live_server.url) for _ in range(10)]
    for tab in tabs:
        assert tab.sign_in(teacher.username).status == 302

    assign = reverse("lessons:assignment_new")
    fields = {
        "lesson": lesson.pk,
        "classroom": classroom.pk,
        "opens_at": "2030-01-07T09:00",
        "due_at": "2030-01-11T17:00",
        "publish": "on",
    }
    assigned = run_together([lambda t=t: t.request("POST", assign, fields) for t in tabs])
    # One tab assigns; the others show the form again saying it is already assigned.
    assert sorted(reply.status for reply in assigned).count(302) == 1
    assert statuses(assigned) <= {200, 302}
    assert all("already assigned" in r.body for r in assigned if r.status == 200)
    assignment = Assignment.objects.get(lesson=lesson, classroom=classroom)
    lesson.refresh_from_db()
    assert lesson.status == Lesson.Status.PUBLISHED

    edit = reverse("lessons:assignment_edit", args=[assignment.pk])
    due_days = [f"2030-01-{day:02d}T17:00" for day in range(11, 21)]
    saved = run_together(
        [
            lambda t=t, due=due: t.request(
                "POST", edit, {"opens_at": "2030-01-07T09:00", "due_at": due}
            )
            for t, due in zip(tabs, due_days, strict=True)
        ]
    )
    assert statuses(saved) == {302}
    assignment.refresh_from_db()
    assert timezone.localtime(assignment.due_at).strftime("%Y-%m-%dT%H:%M") in due_days
    assert Assignment.objects.filter(lesson=lesson).count() == 1
    assert server_errors() == []

"""Whole-site security sweeps: what a student's browser receives on every page they can
reach, what a teacher of another class reaches in every admin, and sign-in redirects.

Each app has its own focused tests; these sweep every page or every registered admin so
that a new page or a new ModelAdmin cannot silently skip the rules of DESIGN.md.
"""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from discussions.models import Post, Thread
from lessons.models import Assignment, Classroom, Enrollment
from quizzes.models import Attempt, Response
from quizzes.results.overrides import response_override
from quizzes.services import attempt_start, attempt_submit
from tests.factories import (
    KEY_MARKER,
    PostFactory,
    TeacherFactory,
    TeacherNoteFactory,
    ThreadFactory,
    assigned_quiz,
)

pytestmark = pytest.mark.django_db

NOTE_MARKER = "NOTESECRET"
# Text that only the key, explanations, feedback, labels or notes put into a page.
REVEALING = (KEY_MARKER, NOTE_MARKER, "Pyongyang", "cw-claim--", "is-correct", "is-key")


def _student_pages(setup, thread) -> list[tuple[str, str, dict]]:
    a, quiz = setup.assignment, setup.quiz
    pages = [
        ("get", "/dashboard/", {}),
        ("get", reverse("lessons:reading", args=[a.pk]), {}),
        ("get", reverse("lessons:reading", args=[a.pk]), {"view": "all"}),
        ("get", reverse("discussions:list", args=[a.pk]), {}),
        ("get", reverse("discussions:thread", args=[a.pk, thread.pk]), {}),
        ("get", reverse("quizzes:quiz_intro", args=[a.pk, quiz.pk]), {}),
    ]
    for section in setup.lesson.sections.all():
        pages.append(
            ("get", reverse("lessons:reading", args=[a.pk]), {"section": section.position})
        )
        for sentence in section.sentences.all():
            pages.append(
                ("get", reverse("discussions:list", args=[a.pk]), {"sentence": sentence.pk})
            )
    return pages


def _answers(question) -> dict:
    if question.kind == "short_answer":
        return {f"q{question.pk}-text": "Seoul"}
    if question.kind == "spot_claim":
        return {f"q{question.pk}-sentence": [question.section.sentences.first().pk]}
    return {f"q{question.pk}-choice": [question.choices.first().pk]}


@pytest.mark.parametrize("review_answers", ["after_due", "never"])
def test_no_student_response_reveals_answers_or_notes_before_the_policy_allows(review_answers):
    setup = assigned_quiz(review_answers=review_answers, layout="one", shuffle_choices=True)
    setup.classroom.teachers.add(TeacherFactory())
    for section in setup.lesson.sections.all():
        TeacherNoteFactory(section=section, body=f"{NOTE_MARKER} context")
        TeacherNoteFactory(
            section=section,
            kind="discussion_prompt",
            body=f"{NOTE_MARKER} prompt",
            sentence=section.sentences.first(),
        )
    thread = ThreadFactory(assignment=setup.assignment, author=setup.student)
    PostFactory(thread=thread, author=setup.student, is_opening=True)
    client = Client()
    client.force_login(setup.student)
    leaks = {}

    def visit(method, url, data=None):
        response = getattr(client, method)(url, data or {})
        found = [text for text in REVEALING if text in response.content.decode()]
        if found:
            leaks[f"{method.upper()} {url} {data or ''}"] = found
        return response

    for method, url, data in _student_pages(setup, thread):
        visit(method, url, data)
    visit("post", reverse("quizzes:attempt_start", args=[setup.assignment.pk, setup.quiz.pk]))
    attempt = Attempt.objects.get(student=setup.student)
    questions = list(setup.quiz.questions.all())
    for number in range(1, len(questions) + 1):
        visit("get", reverse("quizzes:attempt_take", args=[attempt.pk]), {"page": number})
    for question in questions:
        save_url = reverse("quizzes:response_save", args=[attempt.pk, question.pk])
        visit("post", save_url, _answers(question))
        visit("post", save_url, {f"q{question.pk}-choice": ["999999"]})  # a refusal
        visit(
            "post",
            reverse("quizzes:attempt_save", args=[attempt.pk]),
            {"question": [question.pk], **_answers(question)},
        )
    visit("get", reverse("quizzes:attempt_submit", args=[attempt.pk]))
    visit("post", reverse("quizzes:attempt_submit", args=[attempt.pk]))
    visit("get", reverse("quizzes:attempt_review", args=[attempt.pk]))
    visit("get", reverse("quizzes:quiz_intro", args=[setup.assignment.pk, setup.quiz.pk]))
    visit("get", "/dashboard/")
    visit("post", reverse("quizzes:response_save", args=[attempt.pk, questions[0].pk]))  # 409
    visit("get", "/no/such/page/")  # 404
    visit("get", reverse("lessons:reading", args=[setup.assignment.pk]), {"section": "x"})  # 400

    assert Attempt.objects.get(pk=attempt.pk).is_submitted
    assert not leaks, leaks


def test_after_the_due_date_the_review_shows_the_answers():
    """The sweep above must be able to see a key: here the policy releases it."""
    setup = assigned_quiz(review_answers="after_due")
    attempt = attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student)
    attempt_submit(attempt=attempt, student=setup.student)
    Assignment.objects.filter(pk=setup.assignment.pk).update(
        opens_at=timezone.now() - timedelta(days=9), due_at=timezone.now() - timedelta(days=1)
    )
    client = Client()
    client.force_login(setup.student)

    page = client.get(reverse("quizzes:attempt_review", args=[attempt.pk])).content.decode()

    assert KEY_MARKER in page and "is-correct" in page


# --- the admin, for a teacher of another class -----------------------------------------


@pytest.fixture
def other_class_world():
    """A class with a thread, a submitted and overridden attempt, and names to look for."""
    setup = assigned_quiz()
    owner = TeacherFactory()
    setup.classroom.teachers.add(owner)
    Classroom.objects.filter(pk=setup.classroom.pk).update(name="Class-SECRET")
    get_user_model().objects.filter(pk=setup.student.pk).update(
        username="student-secret", first_name="Student-SECRET"
    )
    thread = ThreadFactory(assignment=setup.assignment, author=setup.student, title="Thread-SECRET")
    post = PostFactory(thread=thread, author=setup.student, is_opening=True, body="Post-SECRET")
    attempt = attempt_start(quiz=setup.quiz, assignment=setup.assignment, student=setup.student)
    attempt_submit(attempt=attempt, student=setup.student)
    response = attempt.responses.first()
    response_override(response=response, teacher=owner, points=0, comment="Override-SECRET")
    return {
        Classroom: setup.classroom,
        Enrollment: Enrollment.objects.get(student=setup.student),
        Assignment: setup.assignment,
        Thread: thread,
        Post: post,
        Attempt: attempt,
        Response: response,
        get_user_model(): setup.student,
    }


def test_every_admin_hides_other_classes_from_a_teacher(other_class_world):
    client = Client()
    client.force_login(TeacherFactory())
    problems = []
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        changelist = client.get(reverse(f"admin:{info}_changelist"))
        if "SECRET" in changelist.content.decode():
            problems.append(f"{info} changelist lists another class's rows")
        obj = other_class_world.get(model)
        if obj is None:
            continue
        for view in ("change", "delete", "history"):
            try:
                url = reverse(f"admin:{info}_{view}", args=[obj.pk])
            except NoReverseMatch:
                continue
            page = client.get(url)
            if page.status_code not in (302, 403, 404) or "SECRET" in page.content.decode():
                problems.append(f"{info} {view} view: {page.status_code}")
            client.post(url, {"post": "yes", "name": "Taken", "title": "Taken", "is_locked": "on"})
        still_there = type(obj).objects.filter(pk=obj.pk).exists()
        if not still_there:
            problems.append(f"{info} deleted")
    assert not problems, problems
    assert Classroom.objects.get().name == "Class-SECRET"
    assert Thread.objects.get().title == "Thread-SECRET"
    assert not Thread.objects.get().is_locked


@pytest.mark.parametrize(
    ("model", "action"),
    [
        (Classroom, "new_join_code"),
        (Classroom, "delete_selected"),
        (Enrollment, "delete_selected"),
        (Assignment, "delete_selected"),
        (Thread, "lock_threads"),
        (Post, "hide_posts"),
        (Attempt, "export_responses"),
    ],
)
def test_admin_actions_on_another_class_change_and_export_nothing(other_class_world, model, action):
    obj = other_class_world[model]
    join_code = Classroom.objects.get().join_code
    client = Client()
    client.force_login(TeacherFactory())
    info = f"{model._meta.app_label}_{model._meta.model_name}"

    response = client.post(
        reverse(f"admin:{info}_changelist"),
        {
            "action": action,
            "_selected_action": [obj.pk],
            "apply": "1",
            "post": "yes",
            "reason": "x",
        },
    )

    assert "SECRET" not in response.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()
    assert Classroom.objects.get().join_code == join_code
    assert not Thread.objects.get().is_locked
    assert Post.objects.get().hidden_at is None


# --- sign-in redirects -----------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"]
)
def test_sign_in_and_out_never_redirect_off_site(student, target):
    client = Client()

    signed_in = client.post(
        "/accounts/login/", {"username": student.username, "password": "password", "next": target}
    )
    again = client.get("/accounts/login/", {"next": target})  # already signed in
    signed_out = client.post(f"/accounts/logout/?next={target}")

    for response in (signed_in, again, signed_out):
        assert response.status_code == 302
        assert response["Location"] in ("/", "/accounts/login/")

"""Every routed URL × six roles, with the outcome each must get, in one table.

The URLs come from Django's resolver (the admin included), so a new page, a newly
registered model or a new custom admin view that the table does not list fails the test.
Each row says how to build the URL from the shared world (tests/security/conftest.py),
which method to use (GET for pages; POST with an empty body for POST-only endpoints, so
that the permission check is what answers) and what each role gets, in this order:

    anonymous · a student of the class · a student of another class ·
    the class's teacher · a teacher of another class · a superuser

Outcomes: ``OK`` 200; ``LOGIN`` a 302 to the sign-in page or the admin's login; ``GONE``
a 302 elsewhere (the admin sends a request for an object the user may not know about to
its index with "does not exist"; the site sends a teacher from the student's dashboard
to theirs); and the statuses ``400``, ``401``, ``403``, ``404``, ``405``, ``409`` as
they are. Every request runs in a savepoint that is rolled back, so a POST (publishing
a prompt, locking a thread) does not change what the next request meets.

How the cells were judged:

* another class's attempts, results, threads, roster and discussion: never 200 for a
  teacher or a student of another class (404, or the admin's "does not exist"
  redirect: their existence is not revealed). Any 200 they do get (a scoped list, the
  library) is also searched for class A's private names and posts;
* a student never gets an admin page (the admin's login);
* the library (lessons with their sections, sentences, labels and notes; quizzes with
  their questions) is readable by every teacher (200, the change page read-only) and
  changeable only by its owner and co-editors: another teacher gets 403 on delete, on
  the bio moves, on generating and importing questions, and on saving a change
  (test_another_teacher_cannot_change_the_library). GIFT export also needs the edit
  right (the app's choice; stricter than reading, so not a hole);
* result rows (attempts, responses) are read-only for everybody (add and change are
  refused or shown read-only; deleting them is the superuser's); accounts, groups and
  sign-in logs are the superuser's only; nobody adds sentences, threads, posts or
  sign-in logs in the admin;
* the student's own pages (take, save, autosave, submit, review, start) answer only the
  student who owns the attempt; everybody else gets 404 (teachers and superusers read
  attempts on the results pages); the autosave script gets 401 JSON when signed out
  rather than a redirect it would read as success;
* a superuser sees everything a teacher does, in every class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lessons.models import ClaimLabel, Enrollment, Lesson, Section, TeacherNote
from quizzes.models import Question, Quiz
from tests.security.conftest import quiet_request_log, rolled_back

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "student", "other_student", "teacher", "other_teacher", "superuser")

OK, LOGIN, GONE = "ok", "login", "302"
BAD, SIGNED_OUT, DENIED, NOT_FOUND = "400", "401", "403", "404"
OUTCOMES = {OK, LOGIN, GONE, BAD, SIGNED_OUT, DENIED, NOT_FOUND, "405", "409"}


@dataclass(frozen=True)
class Row:
    """How to reach one URL and what each role gets (in the order of ROLES)."""

    url: Callable  # world -> path, with its query string if any
    expect: tuple[str, ...]
    method: str = "get"
    fresh_client: bool = False  # the request signs the client out


def row(url, expect: str, *, method: str = "get", fresh_client: bool = False) -> Row:
    """``expect``: one outcome per role, in the order of ROLES, separated by spaces."""
    outcomes = tuple(expect.split())
    assert len(outcomes) == len(ROLES), expect
    assert set(outcomes) <= OUTCOMES, expect
    return Row(url=url, expect=outcomes, method=method, fresh_client=fresh_client)


def post(url, expect: str, *, fresh_client: bool = False) -> Row:
    return row(url, expect, method="post", fresh_client=fresh_client)


def named(name: str, *args: Callable, query: str = "") -> Callable:
    """A URL builder: reverse ``name`` with ids taken from the world, plus a query."""
    return lambda w: reverse(name, args=[arg(w) for arg in args]) + query


def literal(path: str) -> Callable:
    return lambda w: path


def const(value):
    return lambda w: value


ASSIGNMENT = lambda w: w.a.assignment.pk  # noqa: E731
QUIZ = lambda w: w.a.quiz.pk  # noqa: E731
THREAD = lambda w: w.a.thread.pk  # noqa: E731
REPLY = lambda w: w.a.reply.pk  # noqa: E731
IN_PROGRESS = lambda w: w.a.in_progress.pk  # noqa: E731
SUBMITTED = lambda w: w.a.submitted.pk  # noqa: E731


def _view_on_site(w) -> str:
    content_type = ContentType.objects.get_for_model(w.a.assignment)
    return reverse("admin:view_on_site", args=[content_type.pk, w.a.assignment.pk])


# --- the table ---------------------------------------------------------------------------
# Each row's outcomes are, in order: anonymous, student, other class's student, teacher,
# other class's teacher, superuser.

TABLE: dict[str, Row] = {
    # The site's own pages. Signed-in people are sent on from "/" and the sign-in page.
    "home": row(literal("/"), "login 302   302   302   302   302"),
    "login": row(literal("/accounts/login/"), "ok    302   302   302   302   302"),
    "logout": post(
        literal("/accounts/logout/"), "login login login login login login", fresh_client=True
    ),
    "password_change": row(literal("/accounts/password/"), "login ok    ok    ok    ok    ok"),
    # Scripts ask whether they are signed in; nobody is redirected.
    "session_status": row(literal("/accounts/session/"), "401   ok    ok    ok    ok    ok"),
    "password_change_done": row(
        literal("/accounts/password/done/"), "login ok    ok    ok    ok    ok"
    ),
    # Dashboards: a teacher is sent from the student's dashboard to their own.
    "lessons:dashboard": row(named("lessons:dashboard"), "login ok    ok    302   302   302"),
    "lessons:teacher_dashboard": row(
        named("lessons:teacher_dashboard"), "login 403   403   ok    ok    ok"
    ),
    # The teaching pages of assigning: a class's page and an assignment's dates belong to
    # the class's teachers; the assign page is any teacher's (it lists their own classes).
    "lessons:assignment_new": row(
        named("lessons:assignment_new"), "login 403   403   ok    ok    ok"
    ),
    "lessons:classroom_detail": row(
        named("lessons:classroom_detail", lambda w: w.a.assignment.classroom_id),
        "login 403   403   ok    404   ok",
    ),
    "lessons:assignment_edit": row(
        named("lessons:assignment_edit", ASSIGNMENT), "login 403   403   ok    404   ok"
    ),
    "lessons:classroom_create": row(
        named("lessons:classroom_create"), "login 403   403   ok    ok    ok"
    ),
    # Reading: the class's members (the teacher sees the student page as a preview).
    "lessons:reading": row(
        named("lessons:reading", ASSIGNMENT), "login ok    404   ok    404   ok"
    ),
    # Progress is kept for students: the student's empty post is unreadable (400).
    "lessons:section_read": post(
        named("lessons:section_read", ASSIGNMENT, const(1)),
        "login 400   404   403   404   403",
    ),
    # The teacher's reading (notes and labels) is the library's: every teacher reads it.
    "lessons:teacher_reading": row(
        named("lessons:teacher_reading", lambda w: w.a.lesson.pk),
        "login 403   403   ok    ok    ok",
    ),
    # The student's quiz pages.
    "quizzes:quiz_intro": row(
        named("quizzes:quiz_intro", ASSIGNMENT, QUIZ),
        "login ok    404   404   404   404",
    ),
    # An empty start continues the open attempt.
    "quizzes:attempt_start": post(
        named("quizzes:attempt_start", ASSIGNMENT, QUIZ),
        "login 302   404   404   404   404",
    ),
    "quizzes:attempt_take": row(
        named("quizzes:attempt_take", IN_PROGRESS),
        "login ok    404   404   404   404",
    ),
    "quizzes:attempt_save": post(
        named("quizzes:attempt_save", IN_PROGRESS),
        "login 400   404   404   404   404",
    ),
    "quizzes:autosave": post(
        named("quizzes:autosave", IN_PROGRESS),
        "401   400   404   404   404   404",
    ),
    "quizzes:response_save": post(
        named("quizzes:response_save", IN_PROGRESS, lambda w: w.a.question.pk),
        "401   400   404   404   404   404",
    ),
    "quizzes:attempt_submit": row(
        named("quizzes:attempt_submit", IN_PROGRESS),
        "login ok    404   404   404   404",
    ),
    "quizzes:attempt_review": row(
        named("quizzes:attempt_review", SUBMITTED),
        "login ok    404   404   404   404",
    ),
    # The class discussion: members read it; moderation is the class's teachers';
    # editing and deleting a post its author's.
    "discussions:list": row(
        named("discussions:list", ASSIGNMENT), "login ok    404   ok    404   ok"
    ),
    "discussions:prompt_publish": post(
        named("discussions:prompt_publish", ASSIGNMENT, lambda w: w.a.prompt.pk),
        "login 403   404   302   404   302",
    ),
    "discussions:thread": row(
        named("discussions:thread", ASSIGNMENT, THREAD), "login ok    404   ok    404   ok"
    ),
    "discussions:thread_action": post(
        named("discussions:thread_action", ASSIGNMENT, THREAD, const("lock")),
        "login 403   404   302   404   302",
    ),
    "discussions:post_edit": row(
        named("discussions:post_edit", ASSIGNMENT, THREAD, REPLY),
        "login ok    404   403   404   403",
    ),
    "discussions:post_delete": row(
        named("discussions:post_delete", ASSIGNMENT, THREAD, REPLY),
        "login ok    404   403   404   403",
    ),
    "discussions:post_hide": row(
        named("discussions:post_hide", ASSIGNMENT, THREAD, REPLY),
        "login 403   404   ok    404   ok",
    ),
    "discussions:post_action": post(
        named("discussions:post_action", ASSIGNMENT, THREAD, REPLY, const("endorse")),
        "login 403   404   302   404   302",
    ),
    # The teacher's results: the class's teachers and superusers only.
    "results:index": row(named("results:index"), "login 403   403   ok    ok    ok"),
    "results:assignment_results": row(
        named("results:assignment_results", ASSIGNMENT),
        "login 404   404   ok    404   ok",
    ),
    "results:assignment_results_csv": row(
        named("results:assignment_results_csv", ASSIGNMENT),
        "login 404   404   ok    404   ok",
    ),
    "results:assignment_responses_csv": row(
        named("results:assignment_responses_csv", ASSIGNMENT),
        "login 404   404   ok    404   ok",
    ),
    "results:assignment_statistics": row(
        named("results:assignment_statistics", ASSIGNMENT),
        "login 404   404   ok    404   ok",
    ),
    "results:assignment_statistics_csv": row(
        named("results:assignment_statistics_csv", ASSIGNMENT),
        "login 404   404   ok    404   ok",
    ),
    # A quiz's statistics across the asker's classes: none for a teacher who never gave it.
    "results:quiz_statistics": row(
        named("results:quiz_statistics", QUIZ), "login 404   404   ok    404   ok"
    ),
    "results:quiz_statistics_csv": row(
        named("results:quiz_statistics_csv", QUIZ),
        "login 404   404   ok    404   ok",
    ),
    "results:attempt_detail": row(
        named("results:attempt_detail", SUBMITTED),
        "login 404   404   ok    404   ok",
    ),
    "results:class_skills": row(
        named("results:class_skills", lambda w: w.a.classroom.pk),
        "login 403   403   ok    404   ok",
    ),
    # An empty override clears the override: allowed to the class's teachers.
    "results:response_override": post(
        named("results:response_override", lambda w: w.a.response.pk),
        "login 404   404   302   404   302",
    ),
    # The admin site's own pages.
    "admin:index": row(named("admin:index"), "login login login ok    ok    ok"),
    # A signed-in student is shown the admin's login with "not authorised" (200).
    "admin:login": row(named("admin:login"), "ok    ok    ok    302   302   302"),
    # Signing out of the admin: its own confirmation redirect, or the admin's login.
    "admin:logout": post(
        named("admin:logout"), "302   302   302   login login login", fresh_client=True
    ),
    "admin:password_change": row(
        named("admin:password_change"), "login login login ok    ok    ok"
    ),
    "admin:password_change_done": row(
        named("admin:password_change_done"), "login login login ok    ok    ok"
    ),
    # The enrolment form's student search: a teacher finds their own students only.
    "admin:autocomplete": row(
        named(
            "admin:autocomplete",
            query="?app_label=lessons&model_name=enrollment&field_name=student&term=",
        ),
        "login login login ok    ok    ok",
    ),
    "admin:jsi18n": row(named("admin:jsi18n"), "login login login ok    ok    ok"),
    # "View on site" redirects to the object's page, which checks access itself.
    "admin:view_on_site": row(_view_on_site, "login login login 302   302   302"),
    "admin:app_list": row(
        lambda w: reverse("admin:app_list", args=["lessons"]), "login login login ok    ok    ok"
    ),
    "admin/(?P<url>.*)$": row(literal("/admin/no-such-page/"), "login login login 404   404   404"),
    # Custom admin pages.
    "admin:lessons_classroom_roster": row(
        named("admin:lessons_classroom_roster", lambda w: w.a.classroom.pk),
        "login login login ok    404   ok",
    ),
    "admin:lessons_lesson_import": row(
        named("admin:lessons_lesson_import"), "login login login ok    ok    ok"
    ),
    "admin:lessons_lesson_bio_move": post(
        named("admin:lessons_lesson_bio_move", lambda w: w.a.lesson.pk, const("to_bio")),
        "login login login 302   403   302",
    ),
    "admin:auth_user_password_change": row(
        named("admin:auth_user_password_change", lambda w: w.a.student.pk),
        "login login login 403   403   ok",
    ),
    "admin:quizzes_attempt_assignment_results": row(
        named("admin:quizzes_attempt_assignment_results", ASSIGNMENT),
        "login login login ok    404   ok",
    ),
    "admin:quizzes_quiz_generate": row(
        named("admin:quizzes_quiz_generate", QUIZ), "login login login ok    403   ok"
    ),
    "admin:quizzes_quiz_import_gift": row(
        named("admin:quizzes_quiz_import_gift", QUIZ), "login login login ok    403   ok"
    ),
    "admin:quizzes_quiz_export_gift": row(
        named("admin:quizzes_quiz_export_gift", QUIZ), "login login login ok    403   ok"
    ),
    "admin:quizzes_question_regrade": row(
        named("admin:quizzes_question_regrade", lambda w: w.a.question.pk),
        "login login login ok    403   ok",
    ),
}


def admin_model(info: str, obj: Callable, **views: str) -> dict[str, Row]:
    """The rows of one registered model's standard admin views (``redirect`` is the
    unnamed ``<object_id>/`` pattern that sends old links to the change page)."""
    app, model = info.split("_", 1)
    rows = {}
    for view, expect in views.items():
        if view == "redirect":
            key = f"admin/{app}/{model}/<path:object_id>/"
            url = lambda w: f"/admin/{app}/{model}/{obj(w).pk}/"  # noqa: E731
        elif view in ("changelist", "add"):
            key, url = f"admin:{info}_{view}", named(f"admin:{info}_{view}")
        else:
            key = f"admin:{info}_{view}"
            url = named(key, lambda w: obj(w).pk)
        rows[key] = row(url, expect)
    return rows


def _enrollment(w):
    return Enrollment.objects.get(classroom=w.a.classroom, student=w.a.student)


#: Staff only; the pattern's redirect is the same for every model.
STAFF = "login login login ok    ok    ok"
REDIRECT = "login login login 302   302   302"
SUPERUSER_ONLY = "login login login 403   403   ok"
NOBODY = "login login login 403   403   403"
#: A row of class A: its teacher and superusers; another teacher is told it does not exist.
CLASS_ROW = "login login login ok    302   ok"
#: A library row: every teacher reads it; only its editors (and superusers) delete it.
EDITORS = "login login login ok    403   ok"
#: Results: only a superuser deletes them.
RESULT_DELETE = "login login login 403   403   ok"

for _model, _obj in [
    ("auth_group", lambda w: w.teachers_group),
    ("auth_user", lambda w: w.a.student),
]:
    TABLE.update(
        admin_model(
            _model,
            _obj,
            changelist=SUPERUSER_ONLY,
            add=SUPERUSER_ONLY,
            history=SUPERUSER_ONLY,
            delete=SUPERUSER_ONLY,
            change=SUPERUSER_ONLY,
            redirect=REDIRECT,
        )
    )
# Sign-in logs: the superuser reads, resets (deletes) and never adds them.
for _model, _obj in [
    ("axes_accessattempt", lambda w: w.access_attempt),
    ("axes_accesslog", lambda w: w.access_log),
    ("axes_accessfailurelog", lambda w: w.access_failure),
]:
    TABLE.update(
        admin_model(
            _model,
            _obj,
            changelist=SUPERUSER_ONLY,
            add=NOBODY,
            history=SUPERUSER_ONLY,
            delete=SUPERUSER_ONLY,
            change=SUPERUSER_ONLY,
            redirect=REDIRECT,
        )
    )
# Classes, their enrolments and assignments: scoped lists; any teacher creates their own.
for _model, _obj in [
    ("lessons_classroom", lambda w: w.a.classroom),
    ("lessons_enrollment", _enrollment),
    ("lessons_assignment", lambda w: w.a.assignment),
]:
    TABLE.update(
        admin_model(
            _model,
            _obj,
            changelist=STAFF,
            add=STAFF,
            history=CLASS_ROW,
            delete=CLASS_ROW,
            change=CLASS_ROW,
            redirect=REDIRECT,
        )
    )
# The library: read by every teacher, changed by its editors.
for _model, _obj in [
    ("lessons_lesson", lambda w: w.a.lesson),
    ("lessons_section", lambda w: w.a.section),
    ("lessons_claimlabel", lambda w: w.a.label),
    ("lessons_teachernote", lambda w: w.a.note),
    ("quizzes_quiz", lambda w: w.a.quiz),
    ("quizzes_question", lambda w: w.a.question),
]:
    TABLE.update(
        admin_model(
            _model,
            _obj,
            changelist=STAFF,
            add=STAFF,
            history=STAFF,
            delete=EDITORS,
            change=STAFF,
            redirect=REDIRECT,
        )
    )
# Sentences change only by re-splitting a section: nobody adds or deletes one here.
TABLE.update(
    admin_model(
        "lessons_sentence",
        lambda w: w.a.label.sentence,
        changelist=STAFF,
        add=NOBODY,
        history=STAFF,
        delete=NOBODY,
        change=STAFF,
        redirect=REDIRECT,
    )
)
# Students' results: read-only, scoped to the teacher's classes.
for _model, _obj in [
    ("quizzes_attempt", lambda w: w.a.submitted),
    ("quizzes_response", lambda w: w.a.response),
]:
    TABLE.update(
        admin_model(
            _model,
            _obj,
            changelist=STAFF,
            add=NOBODY,
            history=CLASS_ROW,
            delete=RESULT_DELETE,
            change=CLASS_ROW,
            redirect=REDIRECT,
        )
    )
# The discussion: written on the site; the class's teachers moderate (and may delete a
# thread); posts are never deleted from the admin (they are hidden, with a reason).
TABLE.update(
    admin_model(
        "discussions_thread",
        lambda w: w.a.thread,
        changelist=STAFF,
        add=NOBODY,
        history=CLASS_ROW,
        delete=CLASS_ROW,
        change=CLASS_ROW,
        redirect=REDIRECT,
    )
)
TABLE.update(
    admin_model(
        "discussions_post",
        lambda w: w.a.opening,
        changelist=STAFF,
        add=NOBODY,
        history=CLASS_ROW,
        delete=NOBODY,
        change=CLASS_ROW,
        redirect=REDIRECT,
    )
)


# --- running it ----------------------------------------------------------------------------


def routed_urls() -> dict[str, str]:
    """Every URL pattern the project routes, by name ("admin:index"), or by its route
    when it has none (the admin's object redirects and its catch-all)."""
    found: dict[str, str] = {}

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name
                key = (f"{namespace}:{name}" if namespace else name) if name else route
                found[key] = route

    walk(get_resolver(), "", None)
    return found


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        if response["Location"].startswith(("/accounts/login/", "/admin/login/")):
            return LOGIN
        return GONE
    return str(response.status_code)


def people(w) -> dict:
    return {
        "anonymous": None,
        "student": w.a.student,
        "other_student": w.b.student,
        "teacher": w.a.teacher,
        "other_teacher": w.b.teacher,
        "superuser": w.superuser,
    }


def signed_in_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_routed_url_is_in_the_table():
    routed = routed_urls()
    unlisted = sorted(f"{key}  ({route})" for key, route in routed.items() if key not in TABLE)
    stale = sorted(key for key in TABLE if key not in routed)
    assert not unlisted, "Routed URLs missing from the permission table:\n" + "\n".join(unlisted)
    assert not stale, "Table rows for URLs no longer routed:\n" + "\n".join(stale)


def test_every_role_gets_the_expected_outcome_on_every_url(world):
    """One pass over the whole table; every mismatch, 500 and leak in one message."""
    users = people(world)
    clients = {role: signed_in_client(user) for role, user in users.items()}
    private = world.a.private
    problems = []
    with quiet_request_log():
        for key, entry in TABLE.items():
            url = entry.url(world)
            for role, expected in zip(ROLES, entry.expect, strict=True):
                client = signed_in_client(users[role]) if entry.fresh_client else clients[role]
                with rolled_back():
                    try:
                        response = getattr(client, entry.method)(url)
                    except Exception as error:  # the test client re-raises a view's error
                        problems.append(f"{key} [{role}] {url}: 500 {type(error).__name__}")
                        continue
                got = outcome(response)
                if got != expected:
                    problems.append(
                        f"{key} [{role}] {entry.method.upper()} {url}: {got}, expected {expected}"
                    )
                outsider = role.startswith("other") and response.status_code == 200
                if outsider and private in response.content.decode(errors="replace"):
                    problems.append(f"{key} [{role}] {url}: shows class A's private work")
    cells = len(TABLE) * len(ROLES)
    assert not problems, f"{len(problems)} of {cells} cells are wrong:\n" + "\n".join(problems)


def _library(w) -> dict:
    """Class A's library rows as they are stored."""
    a = w.a
    return {
        "lesson": Lesson.objects.filter(pk=a.lesson.pk).values().get(),
        "section": Section.objects.filter(pk=a.section.pk).values().get(),
        "label": ClaimLabel.objects.filter(pk=a.label.pk).values().get(),
        "note": TeacherNote.objects.filter(pk=a.note.pk).values().get(),
        "quiz": Quiz.objects.filter(pk=a.quiz.pk).values().get(),
        "question": Question.objects.filter(pk=a.question.pk).values().get(),
        "choices": list(a.question.choices.order_by("pk").values()),
        "sections": Section.objects.filter(lesson=a.lesson).count(),
        "notes": TeacherNote.objects.filter(section__lesson=a.lesson).count(),
        "labels": ClaimLabel.objects.filter(sentence__section__lesson=a.lesson).count(),
        "questions": a.quiz.questions.count(),
    }


def test_another_teacher_cannot_change_the_library(world):
    """The change pages another teacher may open are read-only: saving one is refused."""
    a = world.a
    client = signed_in_client(world.b.teacher)
    before = _library(world)
    posts = {
        reverse("admin:lessons_lesson_change", args=[a.lesson.pk]): {
            "title": "Taken",
            "slug": a.lesson.slug,
            "status": "draft",
        },
        reverse("admin:lessons_section_change", args=[a.section.pk]): {
            "position": 1,
            "heading": "Taken",
            "body": "Taken.",
        },
        reverse("admin:lessons_claimlabel_change", args=[a.label.pk]): {
            "sentence": a.label.sentence_id,
            "verdict": "supported",
            "explanation": "Taken",
        },
        reverse("admin:lessons_teachernote_change", args=[a.note.pk]): {
            "section": a.section.pk,
            "kind": "context",
            "body": "Taken",
        },
        reverse("admin:quizzes_quiz_change", args=[a.quiz.pk]): {
            "lesson": a.lesson.pk,
            "title": "Taken",
            "status": "draft",
            "review_answers": "immediately",
            "review_score": "immediately",
            "grading_method": "highest",
            "layout": "all",
        },
        reverse("admin:quizzes_question_change", args=[a.question.pk]): {
            "quiz": a.quiz.pk,
            "position": 1,
            "kind": "single_choice",
            "prompt": "Taken",
            "points": 1,
        },
        reverse("admin:lessons_lesson_delete", args=[a.lesson.pk]): {"post": "yes"},
        reverse("admin:quizzes_quiz_delete", args=[a.quiz.pk]): {"post": "yes"},
        reverse("admin:quizzes_question_delete", args=[a.question.pk]): {"post": "yes"},
        reverse("admin:lessons_teachernote_delete", args=[a.note.pk]): {"post": "yes"},
    }
    refused = {}
    with quiet_request_log():
        for url, data in posts.items():
            refused[url] = client.post(url, data).status_code
    assert refused == dict.fromkeys(posts, 403)
    assert _library(world) == before


def _variants(w) -> list[tuple[str, str, str, str]]:
    """Query strings and other objects' ids on URLs the table reaches plainly:
    (role, url, expected outcome, what it checks)."""
    a, b = w.a, w.b
    return [
        (
            "other_teacher",
            reverse("lessons:teacher_reading", args=[a.lesson.pk])
            + f"?assignment={a.assignment.pk}",
            NOT_FOUND,
            "class A's answers over the text (heat map)",
        ),
        (
            "teacher",
            reverse("lessons:teacher_reading", args=[a.lesson.pk])
            + f"?assignment={a.assignment.pk}",
            OK,
            "the heat map for the class's own teacher",
        ),
        (
            "teacher",
            reverse("results:assignment_results", args=[a.assignment.pk]) + f"?quiz={b.quiz.pk}",
            NOT_FOUND,
            "another lesson's quiz on the class's results",
        ),
        (
            "teacher",
            reverse("results:assignment_statistics", args=[a.assignment.pk]) + "?quiz=abc",
            BAD,
            "a quiz that is not an id",
        ),
        ("teacher", reverse("results:attempt_detail", args=[b.submitted.pk]), NOT_FOUND, ""),
        ("teacher", reverse("results:class_skills", args=[b.classroom.pk]), NOT_FOUND, ""),
        (
            "teacher",
            reverse("results:assignment_results_csv", args=[b.assignment.pk]),
            NOT_FOUND,
            "",
        ),
        ("teacher", reverse("results:quiz_statistics", args=[b.quiz.pk]), NOT_FOUND, ""),
        (
            "student",
            reverse("discussions:list", args=[a.assignment.pk]) + f"?sentence={b.sentence.pk}",
            BAD,
            "another lesson's sentence as the discussion's filter",
        ),
        (
            "student",
            reverse("discussions:thread", args=[a.assignment.pk, b.thread.pk]),
            NOT_FOUND,
            "another class's thread under the student's own assignment",
        ),
        (
            "student",
            reverse("discussions:thread", args=[a.assignment.pk, a.thread.pk])
            + f"?reply_to={b.reply.pk}",
            NOT_FOUND,
            "another class's post as the one answered",
        ),
        (
            "student",
            reverse("quizzes:quiz_intro", args=[a.assignment.pk, b.quiz.pk]),
            NOT_FOUND,
            "another lesson's quiz under the student's own assignment",
        ),
        (
            "student",
            reverse("quizzes:attempt_review", args=[a.classmate_attempt.pk]),
            NOT_FOUND,
            "a classmate's attempt",
        ),
        (
            "other_teacher",
            reverse("admin:quizzes_attempt_changelist") + f"?assignment={a.assignment.pk}",
            OK,
            "the admin's list filtered on another class's assignment: no rows",
        ),
        (
            "other_teacher",
            reverse("admin:quizzes_attempt_assignment_results", args=[a.assignment.pk])
            + f"?quiz={a.quiz.pk}",
            NOT_FOUND,
            "another class's results in the admin",
        ),
        (
            "other_teacher",
            reverse("admin:autocomplete")
            + "?app_label=lessons&model_name=enrollment&field_name=student&term=student",
            OK,
            "the student search: only the teacher's own students",
        ),
    ]


def test_query_strings_and_other_objects_ids(world):
    users = people(world)
    problems = []
    with quiet_request_log():
        for role, url, expected, what in _variants(world):
            response = signed_in_client(users[role]).get(url)
            got = outcome(response)
            if got != expected:
                problems.append(f"[{role}] {url} ({what}): {got}, expected {expected}")
            if role.startswith("other") and world.a.private in response.content.decode():
                problems.append(f"[{role}] {url} ({what}): shows class A's private work")
            if role.startswith("other") and world.a.student.username in response.content.decode():
                problems.append(f"[{role}] {url} ({what}): names class A's student")
    assert not problems, "\n".join(problems)

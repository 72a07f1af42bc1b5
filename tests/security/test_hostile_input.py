"""Random and tampered posts to every form and endpoint: never a 500, never a foreign row.

Hypothesis starts from a valid form for each endpoint (the page's own fields, read from
its HTML, or the fields the script posts) and tampers with it: fields dropped, values
replaced by other objects' ids (class B's above all), wrong types, out-of-range and
non-ASCII digits, NUL bytes, right-to-left overrides, very long text; fields repeated
(a QueryDict with duplicate keys); unknown fields added. It also points the URL at other
objects (the other class's attempt, thread, response...).

Whatever is posted, the answer is below 500, and nothing outside the poster's own rows
changes. "Own" is decided before the request: a student's own attempts, answers, posts,
reads and enrolments; a teacher's classes and their rows (but never what a student
answered), and the library material they own or co-edit. Everything else — the other
class, the rest of the library, every account but the poster's, any enrolment of a
student the poster does not teach — is compared before and after each example. Each
example runs in a savepoint that is rolled back, so the world is the same for every
example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from discussions.models import Post, Thread, ThreadAnchor
from lessons.models import (
    Assignment,
    ClaimLabel,
    Classroom,
    Enrollment,
    Lesson,
    Section,
    SectionRead,
    Sentence,
    TeacherNote,
)
from lessons.ownership import editable_by
from lessons.roles import is_teacher
from lessons.selectors import classrooms_taught_by
from quizzes.models import (
    Attempt,
    Choice,
    Question,
    Quiz,
    Regrade,
    Response,
    ResponseChoice,
    ResponseSentence,
    ScoreOverride,
)
from tests.security.conftest import quiet_request_log, rolled_back

pytestmark = pytest.mark.django_db

User = get_user_model()

# --- what "nothing outside the poster's own rows" means ------------------------------------


@dataclass(frozen=True)
class Scope:
    """What the actor owned before the request."""

    actor: object
    taught: frozenset[int]  # classrooms
    lessons: frozenset[int]  # editable lessons
    quizzes: frozenset[int]  # editable quizzes
    users: frozenset[int]  # accounts that existed
    classrooms: frozenset[int]  # classrooms that existed
    all_lessons: frozenset[int]  # lessons that existed
    all_quizzes: frozenset[int]  # quizzes that existed
    known_students: frozenset[int]  # students the actor teaches (or is)


def scope_of(actor) -> Scope:
    teacher = is_teacher(actor)
    taught = frozenset(classrooms_taught_by(actor).values_list("pk", flat=True))
    return Scope(
        actor=actor,
        taught=taught,
        lessons=frozenset(
            editable_by(actor, Lesson.objects.all()).values_list("pk", flat=True) if teacher else []
        ),
        quizzes=frozenset(
            editable_by(actor, Quiz.objects.all()).values_list("pk", flat=True) if teacher else []
        ),
        users=frozenset(User.objects.values_list("pk", flat=True)),
        classrooms=frozenset(Classroom.objects.values_list("pk", flat=True)),
        all_lessons=frozenset(Lesson.objects.values_list("pk", flat=True)),
        all_quizzes=frozenset(Quiz.objects.values_list("pk", flat=True)),
        known_students=frozenset(
            Enrollment.objects.filter(classroom__in=taught).values_list("student_id", flat=True)
        )
        | {actor.pk},
    )


def _rows(queryset, *, without=()) -> list[tuple]:
    rows = []
    for values in queryset.order_by("pk").values():
        rows.append(tuple(sorted((k, v) for k, v in values.items() if k not in without)))
    return rows


def protected_state(scope: Scope) -> dict[str, list]:
    """Every row outside the actor's own, as stored now."""
    actor = scope.actor
    new_own_classrooms = set(
        Classroom.objects.exclude(pk__in=scope.classrooms)
        .filter(teachers=actor)
        .values_list("pk", flat=True)
    )
    classrooms = Classroom.objects.exclude(pk__in=scope.taught | new_own_classrooms)
    # A new lesson the actor owns (an import, a copy) is theirs; so is a new quiz they
    # own, unless it is published on a lesson that is not theirs (it would reach the
    # classes using that lesson).
    new_own_lessons = set(
        Lesson.objects.exclude(pk__in=scope.all_lessons)
        .filter(owner=actor)
        .values_list("pk", flat=True)
    )
    lessons = Lesson.objects.exclude(pk__in=scope.lessons | new_own_lessons)
    new_own_quizzes = set(
        Quiz.objects.exclude(pk__in=scope.all_quizzes)
        .filter(owner=actor)
        .exclude(lesson__in=lessons, status=Quiz.Status.PUBLISHED)
        .values_list("pk", flat=True)
    )
    quizzes = Quiz.objects.exclude(pk__in=scope.quizzes | new_own_quizzes)
    others_responses = Response.objects.exclude(attempt__student=actor)
    return {
        "classrooms": _rows(classrooms.filter(pk__in=scope.classrooms)),
        "new classrooms": sorted(
            set(Classroom.objects.exclude(pk__in=scope.classrooms).values_list("pk", flat=True))
            - new_own_classrooms
        ),
        "teachers of classes": _rows(
            Classroom.teachers.through.objects.filter(classroom__in=classrooms)
        ),
        "enrolments": _rows(
            Enrollment.objects.filter(classroom__in=classrooms).exclude(student=actor)
        ),
        "enrolments of students not the actor's": _rows(
            Enrollment.objects.filter(student__in=scope.users)
            .exclude(student__in=scope.known_students)
            .exclude(student__is_staff=True)
        ),
        "assignments": _rows(Assignment.objects.filter(classroom__in=classrooms)),
        "attempts": _rows(
            Attempt.objects.filter(assignment__classroom__in=classrooms).exclude(student=actor)
        ),
        "responses": _rows(others_responses.filter(attempt__assignment__classroom__in=classrooms)),
        # Nobody but the student changes what a student answered, in any class.
        "answers": list(
            others_responses.order_by("pk").values_list(
                "pk", "attempt_id", "question_id", "text", "answered", "saved_at"
            )
        ),
        "picked choices": _rows(ResponseChoice.objects.exclude(response__attempt__student=actor)),
        "picked sentences": _rows(
            ResponseSentence.objects.exclude(response__attempt__student=actor)
        ),
        "overrides": _rows(
            ScoreOverride.objects.filter(response__attempt__assignment__classroom__in=classrooms)
        ),
        "regrades": _rows(Regrade.objects.filter(question__quiz__in=quizzes)),
        "threads": _rows(
            Thread.objects.filter(assignment__classroom__in=classrooms).exclude(author=actor),
            without=("last_activity_at",),
        ),
        "anchors": _rows(
            ThreadAnchor.objects.filter(thread__assignment__classroom__in=classrooms).exclude(
                thread__author=actor
            )
        ),
        "posts": _rows(
            Post.objects.filter(thread__assignment__classroom__in=classrooms).exclude(author=actor)
        ),
        "sections read": _rows(SectionRead.objects.exclude(student=actor)),
        "lessons": _rows(lessons),
        "sections": _rows(Section.objects.filter(lesson__in=lessons)),
        "sentences": _rows(Sentence.objects.filter(section__lesson__in=lessons)),
        "claim labels": _rows(ClaimLabel.objects.filter(sentence__section__lesson__in=lessons)),
        "teacher notes": _rows(TeacherNote.objects.filter(section__lesson__in=lessons)),
        "lesson co-editors": _rows(Lesson.co_editors.through.objects.filter(lesson__in=lessons)),
        "quizzes": _rows(quizzes),
        "quiz co-editors": _rows(Quiz.co_editors.through.objects.filter(quiz__in=quizzes)),
        "questions": _rows(Question.objects.filter(quiz__in=quizzes)),
        "choices": _rows(Choice.objects.filter(question__quiz__in=quizzes)),
        "accounts": _rows(
            User.objects.filter(pk__in=scope.users).exclude(pk=actor.pk), without=("last_login",)
        ),
        "groups of accounts": _rows(
            User.groups.through.objects.filter(user__in=scope.users).exclude(user=actor)
        ),
    }


def foreign_changes(before: dict, after: dict) -> list[str]:
    changed = []
    for name, rows in before.items():
        if after[name] != rows:
            gone = [r for r in rows if r not in after[name]]
            new = [r for r in after[name] if r not in rows]
            changed.append(f"{name}: before {gone[:2]} after {new[:2]}")
    return changed


# --- what hypothesis posts -----------------------------------------------------------------

#: Text no form of ours should choke on.
HOSTILE_TEXT = (
    "\x00",
    "a\x00b",
    "1\x00",
    "\u202egnp.exe",  # right-to-left override
    "\u200b\u200d\ufeff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("https://evil.example")',
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    "\r\n" * 200,
    "\x1b[31m\x07\x08",
    "🙂" * 300,
    "x" * 5_001,
    "y" * 70_000,
)
#: Things that are not ids.
NOT_IDS = (
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e3",
    "+3",
    "1_0",
    "0x1f",
    "abc",
    "²",
    "٣",
    "9" * 19,
    "9" * 40,
    "None",
    "null",
    "[]",
    "{}",
    "true",
    "on",
)


def world_ids(w) -> list[str]:
    """Ids of real objects of both classes: the tampered form's favourite values."""
    ids = set()
    for side in (w.a, w.b):
        objects = [
            side.teacher,
            side.student,
            side.classmate,
            side.classroom,
            side.lesson,
            side.quiz,
            side.assignment,
            side.submitted,
            side.in_progress,
            side.classmate_attempt,
            side.response,
            side.thread,
            side.opening,
            side.reply,
            side.classmate_post,
            side.section,
            side.note,
            side.prompt,
            side.label,
        ]
        ids.update(obj.pk for obj in objects)
        ids.update(side.quiz.questions.values_list("pk", flat=True))
        ids.update(Choice.objects.filter(question__quiz=side.quiz).values_list("pk", flat=True))
        ids.update(
            Sentence.objects.filter(section__lesson=side.lesson).values_list("pk", flat=True)
        )
        ids.update(side.lesson.sections.values_list("pk", flat=True))
    return sorted(str(i) for i in ids)


def values(w) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(world_ids(w)),
        st.sampled_from(NOT_IDS),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=30),
    )


def tampered(data, base: list[tuple[str, str]], pool, names: list[str]) -> list[tuple[str, str]]:
    """The base form with a few fields dropped, replaced, repeated or added (and now and
    then in another order), or once in a while a form of random fields altogether."""
    field_names = st.one_of(st.sampled_from(names or ["x"]), st.text(max_size=12))
    if data.draw(st.integers(0, 9), label="random form?") == 0:
        return data.draw(st.lists(st.tuples(field_names, pool), max_size=8), label="random form")
    pairs = list(base)
    for _ in range(data.draw(st.integers(0, 4), label="changes")):
        op = data.draw(st.sampled_from(("drop", "replace", "repeat", "add")))
        if op == "add" or not pairs:
            pairs.append((data.draw(field_names), data.draw(pool)))
            continue
        index = data.draw(st.integers(0, len(pairs) - 1))
        name = pairs[index][0]
        if op == "drop":
            del pairs[index]
        elif op == "replace":
            pairs[index] = (name, data.draw(pool))
        else:
            pairs.insert(index + 1, (name, data.draw(pool)))
    if data.draw(st.booleans(), label="reorder?"):
        pairs = data.draw(st.permutations(pairs))
    return pairs


class FormFields(HTMLParser):
    """The fields of the largest POST form of a page, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = []
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form += [(name, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def page_form(client: Client, url: str) -> list[tuple[str, str]]:
    """The fields of the page's main form (the one with the most fields)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = FormFields()
    parser.feed(response.content.decode())
    form = max(parser.forms, key=len, default=[])
    return [(name, value) for name, value in form if name != "csrfmiddlewaretoken"]


# --- the endpoints -------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """A form or endpoint that accepts POST, and how to reach it.

    ``urls`` are the addresses hypothesis picks from: the actor's own object first (its
    page gives the base form), then other objects, the other class's above all.
    """

    name: str
    actor: str  # "student", "teacher" (both of class A) or "other_teacher" (class B)
    urls: Callable  # world -> [url, ...]
    base: Callable | None = None  # (world, client, url) -> [(name, value)]; default: page_form
    fields: Callable | None = None  # world -> {name: value} set on the base form
    upload: str | None = None  # the file field of a multipart form
    json: bool = False  # the client asks for JSON (the autosave script)
    examples: int = 8


def _answer_pairs(question) -> list[tuple[str, str]]:
    prefix = f"q{question.pk}"
    if question.kind == Question.Kind.SPOT_CLAIM:
        sentences = question.section.sentences.order_by("position")
        return [(f"{prefix}-sentence", str(sentences[1].pk))]
    if question.kind in (Question.Kind.SHORT_ANSWER, Question.Kind.NUMERICAL):
        return [(f"{prefix}-text", "42")]
    return [(f"{prefix}-choice", str(question.choices.order_by("position").first().pk))]


def _questions(w):
    return list(w.a.quiz.questions.order_by("position").select_related("section"))


def _take_form(w, client, url):
    form = page_form(client, reverse("quizzes:attempt_take", args=[w.a.in_progress.pk]))
    return form + [pair for q in _questions(w) for pair in _answer_pairs(q)]


def _autosave_form(w, client, url):
    first, second = _questions(w)[:2]
    return [("question", str(first.pk)), ("question", str(second.pk))] + [
        *_answer_pairs(first),
        *_answer_pairs(second),
        (f"q{first.pk}-reason-1", "unsupported"),
    ]


def _attempts(w, view: str) -> list[str]:
    a, b = w.a, w.b
    attempts = [a.in_progress, a.submitted, a.classmate_attempt, b.in_progress, b.submitted]
    return [reverse(view, args=[attempt.pk]) for attempt in attempts]


def _discussion(view: str) -> Callable:
    """URLs of a post's view: class A's own posts, a classmate's, then class B's."""

    def build(w):
        a, b = w.a, w.b
        combos = [
            (a.assignment, a.thread, a.reply),
            (a.assignment, a.thread, a.opening),
            (a.assignment, a.classmate_thread, a.classmate_post),
            (a.assignment, b.thread, b.reply),
            (b.assignment, b.thread, b.reply),
            (b.assignment, a.thread, a.reply),
        ]
        return [reverse(view, args=[x.pk, t.pk, p.pk]) for x, t, p in combos]

    return build


def _fixed(*pairs):
    return lambda w, client, url: list(pairs)


def _nothing(w, client, url):
    return []


def _admin(info: str, view: str, *objects: Callable) -> Callable:
    """Admin URLs of a model: its add page, or its change page for each object given."""

    def build(w):
        if view == "add":
            return [reverse(f"admin:{info}_add")]
        return [reverse(f"admin:{info}_{view}", args=[obj(w).pk]) for obj in objects]

    return build


def _unlabelled_sentence(w):
    return Sentence.objects.filter(section__lesson=w.a.lesson, label__isnull=True).first()


def _actions(info: str, actions: tuple[str, ...], *objects: Callable) -> Endpoint:
    def base(w, client, url):
        pairs = [("action", actions[0]), ("index", "0"), ("apply", "1"), ("post", "yes")]
        pairs += [("_selected_action", str(obj(w).pk)) for obj in objects]
        pairs += [("action", name) for name in actions[1:]]
        return pairs

    return Endpoint(
        f"admin {info} actions",
        "teacher",
        lambda w: [reverse(f"admin:{info}_changelist")],
        base=base,
        examples=8,
    )


STUDENT_ENDPOINTS = [
    Endpoint(
        "take page: save",
        "student",
        lambda w: _attempts(w, "quizzes:attempt_save"),
        base=_take_form,
        fields=lambda w: {"go": "stay"},
        examples=20,
    ),
    Endpoint(
        "take page: autosave",
        "student",
        lambda w: _attempts(w, "quizzes:autosave"),
        base=_autosave_form,
        json=True,
        examples=20,
    ),
    Endpoint(
        "take page: save one question",
        "student",
        lambda w: [
            reverse("quizzes:response_save", args=[attempt.pk, question.pk])
            for attempt in (w.a.in_progress, w.a.classmate_attempt, w.b.in_progress)
            for question in (w.a.question, w.b.question)
        ],
        base=lambda w, client, url: _answer_pairs(w.a.question),
        json=True,
        examples=15,
    ),
    Endpoint(
        "start an attempt",
        "student",
        lambda w: [
            reverse("quizzes:attempt_start", args=[assignment.pk, quiz.pk])
            for assignment in (w.a.assignment, w.b.assignment)
            for quiz in (w.a.quiz, w.b.quiz)
        ],
        base=_nothing,
    ),
    Endpoint(
        "submit an attempt",
        "student",
        lambda w: _attempts(w, "quizzes:attempt_submit"),
        base=_nothing,
    ),
    Endpoint(
        "join a class",
        "student",
        lambda w: [reverse("lessons:dashboard")],
        base=lambda w, client, url: [
            ("join_code", w.b.classroom.join_code),
            ("join_code", w.a.classroom.join_code.lower()),
        ],
        examples=12,
    ),
    Endpoint(
        "mark a section read",
        "student",
        lambda w: [
            reverse("lessons:section_read", args=[assignment.pk, position])
            for assignment in (w.a.assignment, w.b.assignment)
            for position in (1, 3, 99)
        ],
        base=_fixed(("read", "1"), ("view", "section")),
    ),
    Endpoint(
        "start a thread",
        "student",
        lambda w: [
            reverse("discussions:list", args=[w.a.assignment.pk]),
            reverse("discussions:list", args=[w.b.assignment.pk]),
        ],
        fields=lambda w: {
            "title": "Is this claim fair?",
            "body": "I wonder.",
            "section": str(w.a.label.sentence.section_id),
            "sentences": str(w.a.label.sentence_id),
        },
        examples=12,
    ),
    Endpoint(
        "reply",
        "student",
        lambda w: [
            reverse("discussions:thread", args=[assignment.pk, thread.pk])
            for assignment, thread in (
                (w.a.assignment, w.a.thread),
                (w.a.assignment, w.a.classmate_thread),
                (w.a.assignment, w.b.thread),
                (w.b.assignment, w.b.thread),
            )
        ],
        base=lambda w, client, url: [
            ("body", "I agree."),
            ("parent", str(w.a.reply.pk)),
        ],
        examples=12,
    ),
    Endpoint(
        "edit a post",
        "student",
        _discussion("discussions:post_edit"),
        base=lambda w, client, url: [("title", "New title"), ("body", "New body.")],
        examples=10,
    ),
    Endpoint(
        "delete a post",
        "student",
        _discussion("discussions:post_delete"),
        base=_nothing,
    ),
]

TEACHER_ENDPOINTS = [
    Endpoint(
        "hide a post",
        "teacher",
        _discussion("discussions:post_hide"),
        base=_fixed(("reason", "Off topic.")),
        examples=10,
    ),
    Endpoint(
        "moderate a thread",
        "teacher",
        lambda w: (
            [
                reverse("discussions:thread_action", args=[assignment.pk, thread.pk, action])
                for assignment, thread in (
                    (w.a.assignment, w.a.thread),
                    (w.a.assignment, w.b.thread),
                )
                for action in ("lock", "pin", "unpin", "zap")
            ]
            + [
                reverse(
                    "discussions:thread_action", args=[w.b.assignment.pk, w.b.thread.pk, "lock"]
                )
            ]
        ),
        base=_nothing,
    ),
    Endpoint(
        "moderate a post",
        "teacher",
        lambda w: [
            reverse("discussions:post_action", args=[a.pk, t.pk, p.pk, action])
            for a, t, p in (
                (w.a.assignment, w.a.thread, w.a.reply),
                (w.a.assignment, w.a.thread, w.b.reply),
                (w.b.assignment, w.b.thread, w.b.reply),
            )
            for action in ("endorse", "unhide", "delete")
        ],
        base=_nothing,
    ),
    Endpoint(
        "publish a discussion prompt",
        "teacher",
        lambda w: [
            reverse("discussions:prompt_publish", args=[assignment.pk, note.pk])
            for assignment in (w.a.assignment, w.b.assignment)
            for note in (w.a.prompt, w.b.prompt, w.a.note)
        ],
        base=_nothing,
    ),
    Endpoint(
        "override a response's points",
        "teacher",
        lambda w: [
            reverse("results:response_override", args=[response.pk])
            for response in (w.a.response, w.a.in_progress_response, w.b.response)
        ],
        base=lambda w, client, url: [
            (f"r{w.a.response.pk}-points", "0.5"),
            (f"r{w.a.response.pk}-comment", "Generous."),
            (f"r{w.b.response.pk}-points", "0"),
        ],
        examples=15,
    ),
    Endpoint(
        "create a class",
        "teacher",
        lambda w: [reverse("lessons:classroom_create")],
        fields=lambda w: {"name": "Year 9"},
    ),
]

ADMIN_FORM_ENDPOINTS = [
    Endpoint(
        "admin: add a lesson",
        "teacher",
        _admin("lessons_lesson", "add"),
        fields=lambda w: {"title": "New", "slug": "new-lesson", "status": "draft"},
    ),
    Endpoint(
        "admin: change a lesson",
        "teacher",
        _admin("lessons_lesson", "change", lambda w: w.a.lesson, lambda w: w.b.lesson),
        fields=lambda w: {"title": "Changed", "co_editors": str(w.b.teacher.pk)},
    ),
    Endpoint(
        "admin: add a section",
        "teacher",
        _admin("lessons_section", "add"),
        fields=lambda w: {
            "lesson": str(w.a.lesson.pk),
            "position": "9",
            "heading": "New",
            "body": "New text.",
        },
    ),
    Endpoint(
        "admin: change a section",
        "teacher",
        _admin("lessons_section", "change", lambda w: w.a.section, lambda w: w.b.section),
        fields=lambda w: {"body": "Sentence one. Sentence two."},
    ),
    Endpoint(
        "admin: label a sentence (its page)",
        "teacher",
        _admin("lessons_sentence", "change", _unlabelled_sentence, lambda w: w.b.label.sentence),
        fields=lambda w: {"label-0-verdict": "opinion", "label-0-explanation": "A judgement."},
    ),
    Endpoint(
        "admin: add a claim label",
        "teacher",
        _admin("lessons_claimlabel", "add"),
        fields=lambda w: {
            "sentence": str(_unlabelled_sentence(w).pk),
            "verdict": "vague",
            "explanation": "Too general.",
        },
    ),
    Endpoint(
        "admin: change a claim label",
        "teacher",
        _admin("lessons_claimlabel", "change", lambda w: w.a.label, lambda w: w.b.label),
        fields=lambda w: {"verdict": "supported"},
    ),
    Endpoint(
        "admin: add a teacher note",
        "teacher",
        _admin("lessons_teachernote", "add"),
        fields=lambda w: {"section": str(w.a.section.pk), "kind": "context", "body": "Note."},
    ),
    Endpoint(
        "admin: change a teacher note",
        "teacher",
        _admin("lessons_teachernote", "change", lambda w: w.a.note, lambda w: w.b.note),
        fields=lambda w: {"body": "Changed note."},
    ),
    Endpoint(
        "admin: add a quiz",
        "teacher",
        _admin("quizzes_quiz", "add"),
        fields=lambda w: {"lesson": str(w.a.lesson.pk), "title": "New quiz", "status": "draft"},
    ),
    Endpoint(
        "admin: change a quiz",
        "teacher",
        _admin("quizzes_quiz", "change", lambda w: w.a.quiz, lambda w: w.b.quiz),
        fields=lambda w: {"review_answers": "immediately", "title": "Changed"},
    ),
    Endpoint(
        "admin: add a question",
        "teacher",
        _admin("quizzes_question", "add"),
        fields=lambda w: {
            "quiz": str(w.a.quiz.pk),
            "kind": "true_false",
            "prompt": "True?",
            "points": "1",
            "choices-0-text": "True",
            "choices-0-is_correct": "on",
            "choices-1-text": "False",
        },
    ),
    Endpoint(
        "admin: change a question",
        "teacher",
        _admin("quizzes_question", "change", lambda w: w.a.question, lambda w: w.b.question),
        fields=lambda w: {"prompt": "Changed?", "points": "2"},
    ),
    Endpoint(
        "admin: add a class",
        "teacher",
        _admin("lessons_classroom", "add"),
        fields=lambda w: {"name": "New class", "teachers": str(w.a.teacher.pk)},
    ),
    Endpoint(
        "admin: change a class",
        "teacher",
        _admin("lessons_classroom", "change", lambda w: w.a.classroom, lambda w: w.b.classroom),
        fields=lambda w: {
            "name": "Renamed",
            "enrollments-2-student": str(w.b.student.pk),
        },
    ),
    Endpoint(
        "admin: add an assignment",
        "teacher",
        _admin("lessons_assignment", "add"),
        fields=lambda w: {"lesson": str(w.b.lesson.pk), "classroom": str(w.a.classroom.pk)},
    ),
    Endpoint(
        "admin: change an assignment",
        "teacher",
        _admin("lessons_assignment", "change", lambda w: w.a.assignment, lambda w: w.b.assignment),
        fields=lambda w: {"discussion_post_first": "on"},
    ),
    Endpoint(
        "admin: add an enrolment",
        "teacher",
        _admin("lessons_enrollment", "add"),
        fields=lambda w: {"classroom": str(w.a.classroom.pk), "student": str(w.b.student.pk)},
    ),
    Endpoint(
        "admin: change a thread",
        "teacher",
        _admin("discussions_thread", "change", lambda w: w.a.thread, lambda w: w.b.thread),
        fields=lambda w: {"is_locked": "on", "title": "Locked"},
    ),
    # Another class's teacher posts class A's library forms (the read-only page's form is
    # the owner's, read here as class A's teacher).
    Endpoint(
        "admin: another teacher changes class A's quiz",
        "other_teacher",
        _admin("quizzes_quiz", "change", lambda w: w.a.quiz),
        base=lambda w, client, url: page_form(_as(w.a.teacher), url),
        fields=lambda w: {"review_answers": "immediately", "status": "draft"},
    ),
    Endpoint(
        "admin: another teacher changes class A's question",
        "other_teacher",
        _admin("quizzes_question", "change", lambda w: w.a.question),
        base=lambda w, client, url: page_form(_as(w.a.teacher), url),
        fields=lambda w: {"prompt": "Taken"},
    ),
    Endpoint(
        "admin: another teacher changes class A's lesson",
        "other_teacher",
        _admin("lessons_lesson", "change", lambda w: w.a.lesson),
        base=lambda w, client, url: page_form(_as(w.a.teacher), url),
        fields=lambda w: {"status": "draft", "confirm_affected": "on"},
    ),
]


def _roster_csv(w) -> st.SearchStrategy[bytes]:
    names = st.one_of(
        st.sampled_from(
            [w.b.student.username, w.b.classmate.username, w.a.classmate.username, "root"]
        ),
        st.from_regex(r"[a-z][a-z0-9_.@+-]{0,20}", fullmatch=True),
        st.sampled_from(HOSTILE_TEXT),
    )
    rows = st.lists(st.tuples(names, st.text(max_size=20), st.sampled_from(["", "x@example.org"])))

    def encode(rows_and_header):
        header, rows_ = rows_and_header
        lines = [header] + [f"{u},{f},{e}" for u, f, e in rows_]
        return "\n".join(lines).encode("utf-8", errors="replace")

    header = st.sampled_from(["username,first name,email", "user,,", "", "\ufeffusername"])
    return st.tuples(header, rows).map(encode)


UPLOAD_ENDPOINTS = [
    _actions(
        "lessons_lesson",
        ("duplicate_to_edit", "assign_to_class", "delete_selected"),
        lambda w: w.a.lesson,
        lambda w: w.b.lesson,
    ),
    _actions(
        "quizzes_quiz",
        ("publish", "unpublish", "duplicate_to_edit", "export_gift"),
        lambda w: w.a.quiz,
        lambda w: w.b.quiz,
    ),
    _actions(
        "lessons_classroom",
        ("new_join_code", "delete_selected"),
        lambda w: w.a.classroom,
        lambda w: w.b.classroom,
    ),
    _actions("lessons_section", ("resplit_sentences", "delete_selected"), lambda w: w.a.section),
    _actions("discussions_thread", ("lock_threads", "pin_threads"), lambda w: w.a.thread),
    _actions("discussions_post", ("hide_posts", "unhide_posts"), lambda w: w.a.reply),
    _actions("quizzes_attempt", ("export_responses", "delete_selected"), lambda w: w.a.submitted),
    Endpoint(
        "admin: roster upload",
        "teacher",
        lambda w: [
            reverse("admin:lessons_classroom_roster", args=[w.a.classroom.pk]),
            reverse("admin:lessons_classroom_roster", args=[w.b.classroom.pk]),
        ],
        base=_nothing,
        upload="file",
        examples=15,
    ),
    Endpoint(
        "admin: import a lesson by paste",
        "teacher",
        lambda w: [reverse("admin:lessons_lesson_import")],
        base=_fixed(
            ("text", "A title\n\nHeading\n\nOne sentence. Another one."), ("publish", "on")
        ),
        examples=10,
    ),
    Endpoint(
        "admin: import GIFT questions",
        "teacher",
        lambda w: [
            reverse("admin:quizzes_quiz_import_gift", args=[w.a.quiz.pk]),
            reverse("admin:quizzes_quiz_import_gift", args=[w.b.quiz.pk]),
        ],
        base=_fixed(
            ("text", "::Q1:: Which? {=Right ~Wrong}"),
            ("gift", "::Q2:: True? {T}"),
            ("confirm", "1"),
        ),
        examples=10,
    ),
    Endpoint(
        "admin: generate questions from labels",
        "teacher",
        lambda w: [
            reverse("admin:quizzes_quiz_generate", args=[w.a.quiz.pk]),
            reverse("admin:quizzes_quiz_generate", args=[w.b.quiz.pk]),
        ],
        fields=lambda w: {
            "sections": str(w.a.label.sentence.section_id),
            "kinds": "spot_claim",
            "points": "1",
        },
    ),
    Endpoint(
        "admin: move the author bio",
        "teacher",
        lambda w: [
            reverse("admin:lessons_lesson_bio_move", args=[lesson.pk, direction])
            for lesson in (w.a.lesson, w.b.lesson)
            for direction in ("to_bio", "to_text", "sideways")
        ],
        base=_nothing,
    ),
]


# --- running them ----------------------------------------------------------------------------


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client: Client, url: str, pairs, endpoint: Endpoint, upload: bytes | None):
    headers = {"HTTP_ACCEPT": "application/json"} if endpoint.json else {}
    if endpoint.upload:
        data: dict[str, list] = {}
        for name, value in pairs:
            data.setdefault(name, []).append(value)
        data[endpoint.upload] = SimpleUploadedFile("roster.csv", upload or b"", "text/csv")
        return client.post(url, data, **headers)
    body = urlencode(pairs)
    return client.post(url, body, content_type="application/x-www-form-urlencoded", **headers)


def _with_fields(base: list[tuple[str, str]], fields: dict[str, str]) -> list[tuple[str, str]]:
    pairs = [(name, fields.get(name, value)) for name, value in base]
    present = {name for name, _ in base}
    return pairs + [(name, value) for name, value in fields.items() if name not in present]


def _runner(w, endpoint: Endpoint, client: Client, baseline, urls, base, pool, seen: list):
    """The hypothesis test of one endpoint: ``seen`` collects the URLs it posted to.

    ``baseline`` is the actor's scope and the protected rows as the world has them (every
    example starts from that world: the last one was rolled back).
    """
    scope, before = baseline
    names = [name for name, _ in base]
    files = _roster_csv(w) if endpoint.upload else None

    @settings(
        max_examples=endpoint.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        # No shrinking: it could take minutes on a slow failure; the example is reported
        # as generated (the first one found).
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        report_multiple_bugs=False,
    )
    @given(data=st.data())
    def run(data):
        # Half the time the actor's own object; else any, the other class's included.
        url = data.draw(st.one_of(st.just(urls[0]), st.sampled_from(urls)), label="url")
        pairs = tampered(data, base, pool, names)
        upload = data.draw(files, label="upload") if files is not None else None
        seen.append(url)
        with rolled_back():
            cache.clear()  # join-code and sign-in limits
            try:
                response = _send(client, url, pairs, endpoint, upload)
            except Exception as error:  # the test client re-raises a view's error
                raise AssertionError(f"500 {type(error).__name__}: {error}") from error
            assert response.status_code < 500, response.status_code
            changes = foreign_changes(before, protected_state(scope))
            assert not changes, f"{response.status_code}, changed: {changes}"

    return run


def fuzz(w, endpoints: list[Endpoint]) -> tuple[list[str], int]:
    """Run every endpoint's examples; the problems found, and how many examples ran."""
    users = {"student": w.a.student, "teacher": w.a.teacher, "other_teacher": w.b.teacher}
    clients = {role: _as(user) for role, user in users.items()}
    pool = values(w)
    baselines = {role: (scope_of(user), None) for role, user in users.items()}
    baselines = {role: (scope, protected_state(scope)) for role, (scope, _) in baselines.items()}
    problems, seen = [], []
    for endpoint in endpoints:
        client = clients[endpoint.actor]
        urls = endpoint.urls(w)
        base = (endpoint.base or (lambda w, c, url: page_form(c, url)))(w, client, urls[0])
        if endpoint.fields:
            base = _with_fields(base, endpoint.fields(w))
        try:
            with quiet_request_log():
                _runner(w, endpoint, client, baselines[endpoint.actor], urls, base, pool, seen)()
        except Exception as error:  # hypothesis re-raises the (shrunk) failing example
            problems.append(f"{endpoint.name}: {str(error)[:1500]}")
    return problems, len(seen)


def _check(world, endpoints):
    problems, examples = fuzz(world, endpoints)
    assert not problems, "\n\n".join(problems)
    assert examples >= sum(e.examples for e in endpoints) // 2


def test_student_forms_and_endpoints(world):
    _check(world, STUDENT_ENDPOINTS)


def test_teacher_forms_on_the_site(world):
    _check(world, TEACHER_ENDPOINTS)


def test_admin_add_and_change_forms(world):
    _check(world, ADMIN_FORM_ENDPOINTS)


def test_admin_actions_uploads_and_imports(world):
    _check(world, UPLOAD_ENDPOINTS)


# --- what the fuzzing found, pinned --------------------------------------------------------


def test_another_teacher_cannot_put_a_quiz_before_a_class_they_do_not_teach(world):
    """A lesson's published quizzes come with every assignment of it: another teacher may
    neither copy a quiz onto class A's lesson ("Duplicate to edit" copies onto their own
    copy of the lesson instead) nor add a quiz to it."""
    a = world.a
    client = _as(world.b.teacher)
    with quiet_request_log():
        client.post(
            reverse("admin:quizzes_quiz_changelist"),
            {"action": "duplicate_to_edit", "_selected_action": [a.quiz.pk]},
        )
        added = client.post(
            reverse("admin:quizzes_quiz_add"),
            {"lesson": a.lesson.pk, "title": "Slipped in", "status": "draft"},
        )

    assert not Quiz.objects.filter(owner=world.b.teacher, lesson=a.lesson).exists()
    assert added.status_code == 200  # the form again, refusing the lesson
    assert "lesson" in added.context["adminform"].form.errors
    assert not Quiz.objects.filter(title="Slipped in").exists()


def test_admin_forms_refuse_an_id_that_is_not_one(world):
    """Django's autocomplete widget (and SQLite, for an id beyond 64 bits) would answer
    500 when the refused form is shown again."""
    client = _as(world.a.teacher)
    answers = {}
    with quiet_request_log():
        for view, field in [
            ("admin:lessons_claimlabel_add", "sentence"),
            ("admin:lessons_teachernote_add", "section"),
            ("admin:lessons_enrollment_add", "student"),
            ("admin:lessons_classroom_add", "teachers"),
            ("admin:lessons_classroom_add", "enrollments-0-student"),
        ]:
            for value in ["abc", "1.5", "1\x00", " ", "9" * 25]:
                answers[view, field, value] = client.post(reverse(view), {field: value}).status_code

    assert answers == dict.fromkeys(answers, 400)


def test_generating_questions_refuses_a_section_id_that_is_not_one(world):
    url = reverse("admin:quizzes_quiz_generate", args=[world.a.quiz.pk])
    questions = world.a.quiz.questions.count()
    response = _as(world.a.teacher).post(
        url, {"sections": ["9" * 25], "kinds": ["spot_claim"], "key_verdicts": ["unsupported"]}
    )

    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
    assert world.a.quiz.questions.count() == questions

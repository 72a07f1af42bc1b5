"""The shared "world" of the security sweeps: two classes, their people and their work.

Class A has a teacher, a student, a classmate, a lesson (owned by A's teacher) assigned to
it with a published quiz of every kind, a submitted and an in-progress attempt of the
student, a discussion thread with a reply, teacher notes and claim labels. Class B has the
same of its own, with another teacher. A superuser stands above both.

Every secret field (explanations and their sources, choice feedback, accepted answers,
claim labels' explanations, evidence, sources and contested reasons, teacher notes) holds
a distinctive marker, so a sweep can search any response body for them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from lessons.models import ClaimLabel, Section
from lessons.roles import TEACHERS_GROUP
from quizzes.answers import Answer
from quizzes.formatting import format_score
from quizzes.models import Question
from quizzes.services import attempt_save_answers, attempt_start, attempt_submit
from tests.factories import (
    KEY_MARKER,
    AssignmentFactory,
    ClassroomFactory,
    PostFactory,
    QuestionFactory,
    TeacherFactory,
    TeacherNoteFactory,
    ThreadFactory,
    UserFactory,
    enrolled_student,
    lesson_with_sections,
    quiz_with_every_kind,
)

#: In teacher notes' bodies and sources (never shown to a student).
NOTE_MARKER = "NOTESECRET"
#: In claim labels' evidence, sources and contested reasons (released with the answers).
LABEL_MARKER = "LABELSECRET"
#: In questions' explanation sources.
SOURCE_MARKER = "SOURCESECRET"
#: In the short-answer question's pattern (the accepted answer is "Pyongyang").
PATTERN_MARKER = "PATTERNSECRET"
#: The numerical question's accepted value and its feedback.
NUMERIC_VALUE = "7919.25"
NUMERIC_MARKER = "NUMSECRET"
#: Points of the single-choice question, so the score text is unmistakable.
SINGLE_POINTS = Decimal("7.25")


@contextmanager
def rolled_back():
    """Run the block in a savepoint that is always rolled back: the world stays as built."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def quiet_request_log():
    """Refusals are the point here: keep Django's 4xx warnings (and tracebacks) out of
    the log; an error still reaches the test as the exception the client re-raises."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _mark_secrets(quiz, tag: str) -> None:
    """Put markers in every secret field the factory left plain."""
    for question in quiz.questions.all():
        question.explanation_source = f"{SOURCE_MARKER}-{tag}-{question.position}"
        if question.kind == Question.Kind.SHORT_ANSWER:
            question.answer_pattern = f"{PATTERN_MARKER}{tag}"
        if question.kind == Question.Kind.SINGLE_CHOICE:
            question.points = SINGLE_POINTS
        question.save()
    labels = ClaimLabel.objects.filter(sentence__section__lesson=quiz.lesson)
    for label in labels:
        n = label.sentence.position
        label.evidence = f"{LABEL_MARKER}-{tag}-evidence-{n}"
        label.source_title = f"{LABEL_MARKER}-{tag}-source-{n}"
        label.source_url = f"https://labelsecret-{tag.lower()}.example/{n}"
        if label.verdict == ClaimLabel.Verdict.SUPPORTED:
            # A judgement call outside the key: its reason is released with the answers.
            label.contested = True
            label.contested_reason = f"{LABEL_MARKER}-{tag}-contested-{n}"
        label.save()
    position = quiz.questions.count() + 1
    QuestionFactory(
        quiz=quiz,
        position=position,
        kind=Question.Kind.NUMERICAL,
        prompt="In which year? Give the number.",
        explanation=f"{KEY_MARKER}-explanation-{position}",
        explanation_source=f"{SOURCE_MARKER}-{tag}-{position}",
        numeric_answers=[
            {
                "value": NUMERIC_VALUE,
                "tolerance": "0",
                "fraction": "1",
                "feedback": f"{NUMERIC_MARKER}-{tag}",
            }
        ],
    )


def _notes(lesson, tag: str) -> dict:
    """A note of every kind on the lesson's sections; returns the discussion prompt."""
    notes = {}
    for section in Section.objects.filter(lesson=lesson):
        first = section.sentences.order_by("position").first()
        for kind in ("context", "fact_check", "misconception", "discussion_prompt"):
            notes[(section.pk, kind)] = TeacherNoteFactory(
                section=section,
                sentence=first if kind == "fact_check" else None,
                kind=kind,
                body=f"{NOTE_MARKER}-{tag}-{kind}-{section.position}",
                source=f"{NOTE_MARKER}-{tag}-source-{section.position}",
            )
    return notes


def answers_for(quiz) -> dict[int, Answer]:
    """A partly right answer to every question: the single choice right, the rest not."""
    answers = {}
    for question in quiz.questions.all():
        if question.kind == Question.Kind.SINGLE_CHOICE:
            right = question.choices.get(is_correct=True)
            answers[question.pk] = Answer(choice_ids=frozenset([right.pk]))
        elif question.is_choice_kind:
            wrong = question.choices.filter(is_correct=False).first()
            answers[question.pk] = Answer(choice_ids=frozenset([wrong.pk]))
        elif question.kind == Question.Kind.SPOT_CLAIM:
            second = question.section.sentences.get(position=2)
            answers[question.pk] = Answer(sentence_ids=frozenset([second.pk]))
        elif question.kind == Question.Kind.NUMERICAL:
            answers[question.pk] = Answer(text="1000")
        else:
            answers[question.pk] = Answer(text="Seoul")
    return answers


def build_class(tag: str, *, superuser=None) -> SimpleNamespace:
    """One class with its teacher, two students, an assigned lesson, attempts and talk."""
    private = f"PRIVATE-{tag}-"
    teacher = TeacherFactory(username=f"teacher-{tag.lower()}")
    classroom = ClassroomFactory(name=f"Class {tag}", teachers=[teacher])
    student = enrolled_student(
        classroom, username=f"student-{tag.lower()}", first_name=f"{private}student"
    )
    classmate = enrolled_student(
        classroom, username=f"classmate-{tag.lower()}", first_name=f"{private}classmate"
    )
    lesson = lesson_with_sections(
        title=f"Lesson {tag}", slug=f"lesson-{tag.lower()}", owner=teacher, sections=2
    )
    quiz = quiz_with_every_kind(
        lesson=lesson, title=f"Quiz {tag}", owner=teacher, attempts_allowed=None
    )
    _mark_secrets(quiz, tag)
    notes = _notes(lesson, tag)
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom, assigned_by=teacher)

    submitted = attempt_start(quiz=quiz, assignment=assignment, student=student)
    attempt_save_answers(attempt=submitted, student=student, answers=answers_for(quiz))
    attempt_submit(attempt=submitted, student=student)
    in_progress = attempt_start(quiz=quiz, assignment=assignment, student=student)
    classmate_attempt = attempt_start(quiz=quiz, assignment=assignment, student=classmate)
    attempt_save_answers(attempt=classmate_attempt, student=classmate, answers=answers_for(quiz))
    attempt_submit(attempt=classmate_attempt, student=classmate)

    thread = ThreadFactory(assignment=assignment, author=student, title=f"{private}thread")
    opening = PostFactory(
        thread=thread, author=student, is_opening=True, body=f"{private}opening post."
    )
    reply = PostFactory(thread=thread, author=student, body=f"{private}reply.")
    classmate_thread = ThreadFactory(
        assignment=assignment, author=classmate, title=f"{private}classmate thread"
    )
    classmate_post = PostFactory(
        thread=classmate_thread, author=classmate, is_opening=True, body=f"{private}classmate post."
    )
    first_section = lesson.sections.order_by("position").first()
    return SimpleNamespace(
        tag=tag,
        private=private,
        teacher=teacher,
        classroom=classroom,
        student=student,
        classmate=classmate,
        lesson=lesson,
        quiz=quiz,
        assignment=assignment,
        submitted=submitted,
        in_progress=in_progress,
        classmate_attempt=classmate_attempt,
        response=submitted.responses.order_by("question__position").first(),
        in_progress_response=in_progress.responses.order_by("question__position").first(),
        thread=thread,
        opening=opening,
        reply=reply,
        classmate_thread=classmate_thread,
        classmate_post=classmate_post,
        section=first_section,
        sentence=first_section.sentences.order_by("position").first(),
        note=notes[(first_section.pk, "context")],
        prompt=notes[(first_section.pk, "discussion_prompt")],
        label=ClaimLabel.objects.filter(sentence__section__lesson=lesson).first(),
        question=quiz.questions.order_by("position").first(),
        score_text=format_score(submitted.score, submitted.max_score),
    )


def build_world() -> SimpleNamespace:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    a = build_class("A")
    b = build_class("B")
    superuser = UserFactory(
        username="root", is_staff=True, is_superuser=True, first_name="Root", last_name="User"
    )
    now = timezone.now()
    attempt_row = AccessAttempt.objects.create(
        username="someone", ip_address="10.0.0.1", failures_since_start=1, attempt_time=now
    )
    log_row = AccessLog.objects.create(
        username="someone", ip_address="10.0.0.1", attempt_time=now - timedelta(minutes=1)
    )
    failure_row = AccessFailureLog.objects.create(
        username="someone", ip_address="10.0.0.1", attempt_time=now
    )
    return SimpleNamespace(
        a=a,
        b=b,
        superuser=superuser,
        teachers_group=Group.objects.get(name=TEACHERS_GROUP),
        access_attempt=attempt_row,
        access_log=log_row,
        access_failure=failure_row,
    )


@pytest.fixture
def world(db):
    return build_world()

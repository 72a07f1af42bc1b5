"""Load the demo lesson, its teacher notes and claim labels, a class of 25 and an assignment.

``seed_demo`` (in config) calls ``seed_demo_lesson`` and then seeds the quiz. Idempotent:
a second run finds what the first made and creates nothing, except that the demo
passwords are set again so the logins it prints always work.

A database seeded by an earlier version of the demo is brought up to date without
touching a teacher's edits: a note or a label that still carries text an earlier version
seeded (recognised by its digest in ``SUPERSEDED_NOTE_DIGESTS`` and
``SUPERSEDED_LABEL_DIGESTS``) is corrected; anything else a teacher changed is kept.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from lessons.demo import annotations
from lessons.importing import decode_article_bytes, parse_article
from lessons.models import (
    Assignment,
    ClaimLabel,
    Classroom,
    Enrollment,
    Lesson,
    Sentence,
    TeacherNote,
)
from lessons.roles import TEACHERS_GROUP
from lessons.services.assignments import assignment_create
from lessons.services.lesson_import import lesson_import

ARTICLE_PATH = Path(__file__).resolve().parent / "why-does-china-protect-north-korea.txt"
TEACHER_USERNAME = "teacher"
ADMIN_USERNAME = "admin"
DEMO_TEACHER_LAST_NAME = "Teacher"
STUDENT_USERNAMES = [f"student{number}" for number in range(1, 26)]
CLASSROOM_NAME = "Demo class"
# The demo assignment is due on a Friday at 17:00, school time, at least this far ahead.
DUE_WEEKDAY, DUE_HOUR, DUE_AT_LEAST = 4, 17, timedelta(days=3)

# Texts an earlier demo seeded and this one corrects (the facts of issue 13), as the first
# 16 hex digits of their SHA-256: a row still carrying one was never edited by a teacher.
SUPERSEDED_NOTE_DIGESTS = frozenset(
    {
        "11618508067a9326", "31eab2ac5b7e360a", "417b48253133c04a", "51269b5b782abcc6",
        "5e15a7e93dd1c685", "72012b8b2151c508", "85c946304efde841", "8c5fbc385a235ff7",
        "8d777b8f1351150c", "b23a682176d57e4c", "b866ca766723c1b2", "d548afa38c5f39d0",
        "da9dd9faae863172", "df1b3b0586042c28", "e02bab5a2786c2ea",
    }
)  # fmt: skip
SUPERSEDED_LABEL_DIGESTS = frozenset(
    {
        "05315a3211deac63", "06c46a6dcba11126", "1bb19b1530df9d71", "34d73f46b19e27f6",
        "4d7677ae86310655", "510b5ff57ebfb1ac", "5e1d8d96adf4220c", "6595f0ad8fac417a",
        "6e78443dc5d022cd", "7521524fae40ee34", "794391897619aa9e", "8689fc19395e5152",
        "9916c5ff42441994", "aabb4a3d8fea2ce9", "c208108f050fed1d", "c9c280db22857d8a",
        "cb6d8fa3737fd2d8", "d2f1574ab732b5ef", "d6049c3e499b6fbd", "d75778aecce7ccb5",
        "ea79cd6b3cba8584", "ea88788f94e90c19", "ecdead4b563e176e", "ee6b9cb117d16328",
        "f11a396735568e27", "f472af3c2a973152", "f7ac4a0257a2a291", "fcf22044530d979f",
    }
)  # fmt: skip


def text_digest(text: str) -> str:
    """The short digest by which a superseded demo text is recognised."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class DemoContentError(RuntimeError):
    """The demo annotations no longer fit the demo article (a prefix matches no sentence)."""


@dataclass(frozen=True)
class DemoSeed:
    """What the demo consists of, and how much of it this run created."""

    lesson: Lesson
    classroom: Classroom
    assignment: Assignment
    teacher: object  # the teacher User
    admin: object  # the superuser "admin"
    students: list  # the 25 student Users, student1 first
    password: str
    created: dict[str, int]  # model name -> rows created by this run

    @property
    def logins(self) -> list[tuple[str, str]]:
        """(username, password) of every demo account: the teacher, the admin, the students."""
        users = [self.teacher, self.admin, *self.students]
        return [(user.username, self.password) for user in users]


def demo_due_at(now: datetime) -> datetime:
    """The demo's due date: the first Friday, 17:00 local time, at least three days after
    ``now`` ("next Friday" whatever day the demo is loaded on)."""
    local = timezone.localtime(now)
    day = (local + DUE_AT_LEAST).date()
    day += timedelta(days=(DUE_WEEKDAY - day.weekday()) % 7)
    naive = datetime.combine(day, datetime.min.time()).replace(hour=DUE_HOUR)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def _find_sentence(sentences: list[Sentence], section: str, prefix: str) -> Sentence:
    matches = [sentence for sentence in sentences if sentence.text.startswith(prefix)]
    if len(matches) != 1:
        found = "no sentence" if not matches else f"{len(matches)} sentences"
        raise DemoContentError(
            f"Demo annotation prefix {prefix!r} matches {found} in section {section!r} of "
            f"{ARTICLE_PATH.name}; fix lessons/demo/annotations.py."
        )
    return matches[0]


def _demo_lesson(teacher, created: dict[str, int]) -> Lesson:
    text = decode_article_bytes(ARTICLE_PATH.read_bytes())
    slug = slugify(parse_article(text).title)
    lesson = Lesson.objects.filter(slug=slug).first()
    if lesson is None:
        lesson = lesson_import(
            text=text,
            created_by=teacher,
            status=Lesson.Status.PUBLISHED,
            slug=slug,
            author=annotations.LESSON_SOURCE["author"],
        )
        created["lesson"] = 1
    elif lesson.status != Lesson.Status.PUBLISHED:
        # Imported by hand as a draft earlier: the demo assignment needs it published.
        lesson.status = Lesson.Status.PUBLISHED
        lesson.save(update_fields=["status", "updated_at"])
    return lesson


def _label_fields(spec: annotations.LabelSpec) -> dict:
    return {
        "verdict": spec.verdict,
        "explanation": spec.explanation,
        "evidence": spec.evidence,
        "contested": spec.contested,
        "contested_reason": spec.contested_reason,
        "alternative_verdict": spec.alternative_verdict,
        "source_title": spec.source_title,
        "source_url": spec.source_url,
    }


def _annotate(lesson: Lesson, teacher, created: dict[str, int]) -> None:
    """Add the notes and labels that are missing and correct superseded demo text; never
    overwrite a teacher's edits."""
    sections = {section.heading: section for section in lesson.sections.all()}
    sentences_of: dict[str, list[Sentence]] = {heading: [] for heading in sections}
    for sentence in Sentence.objects.filter(section__lesson=lesson).select_related("section"):
        sentences_of[sentence.section.heading].append(sentence)
    missing = set(annotations.SECTION_HEADINGS) - set(sections)
    if missing:
        raise DemoContentError(f"The demo lesson has no section headed {sorted(missing)!r}.")

    existing_labels = {
        label.sentence_id: label
        for label in ClaimLabel.objects.filter(sentence__section__lesson=lesson)
    }
    labels, corrected = [], []
    for spec in annotations.CLAIM_LABELS:
        sentence = _find_sentence(sentences_of[spec.section], spec.section, spec.sentence_prefix)
        label = existing_labels.get(sentence.pk)
        if label is None:
            existing_labels[sentence.pk] = ClaimLabel(sentence=sentence, author=teacher)
            labels.append(existing_labels[sentence.pk])
            label = labels[-1]
        elif text_digest(label.explanation) not in SUPERSEDED_LABEL_DIGESTS:
            continue  # the current text, or a teacher's own
        else:
            corrected.append(label)
        for name, value in _label_fields(spec).items():
            setattr(label, name, value)
    ClaimLabel.objects.bulk_create(labels)
    if corrected:
        ClaimLabel.objects.bulk_update(corrected, list(_label_fields(annotations.CLAIM_LABELS[0])))
    created["claim labels"] = len(labels)
    created["claim labels corrected"] = len(corrected)

    notes = TeacherNote.objects.filter(section__lesson=lesson)
    superseded = [note.pk for note in notes if text_digest(note.body) in SUPERSEDED_NOTE_DIGESTS]
    if superseded:
        TeacherNote.objects.filter(pk__in=superseded).delete()
    existing_notes = {
        (note.section_id, note.sentence_id, note.kind, note.body): note
        for note in TeacherNote.objects.filter(section__lesson=lesson)
    }
    new_notes, sourced = [], []
    for heading, specs in annotations.SECTION_NOTES.items():
        for spec in specs:
            sentence = (
                _find_sentence(sentences_of[heading], heading, spec.sentence_prefix)
                if spec.sentence_prefix
                else None
            )
            section = sections[heading]
            key = (section.pk, sentence.pk if sentence else None, spec.kind, spec.body)
            note = existing_notes.get(key)
            if note is None:
                new_notes.append(
                    TeacherNote(
                        section=section,
                        sentence=sentence,
                        kind=spec.kind,
                        body=spec.body,
                        source=spec.source,
                        author=teacher,
                    )
                )
                existing_notes[key] = new_notes[-1]
            elif not note.source and spec.source:
                note.source = spec.source  # seeded before notes had sources
                sourced.append(note)
    TeacherNote.objects.bulk_create(new_notes)
    if sourced:
        TeacherNote.objects.bulk_update(sourced, ["source"])
    created["teacher notes"] = len(new_notes)
    created["teacher notes corrected"] = len(superseded) + len(sourced)


def _demo_accounts(password: str, created: dict[str, int]):
    """The admin, the teacher and the 25 students, with the demo password set on every run."""
    User = get_user_model()
    # One hash for every account: a full-strength hash takes about a quarter of a
    # second, and these accounts share a published password anyway.
    encoded = make_password(password)
    usernames = [ADMIN_USERNAME, TEACHER_USERNAME, *STUDENT_USERNAMES]
    existing = {user.username: user for user in User.objects.filter(username__in=usernames)}
    new = [
        User(
            username=username,
            password=encoded,
            first_name=_first_name(username),
            last_name=DEMO_TEACHER_LAST_NAME if username == TEACHER_USERNAME else "",
            is_staff=username == ADMIN_USERNAME,
            is_superuser=username == ADMIN_USERNAME,
        )
        for username in usernames
        if username not in existing
    ]
    User.objects.bulk_create(new)
    created["users"] = len(new)
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    teacher = users[TEACHER_USERNAME]
    teacher.is_staff = True
    teacher.is_active = True
    for user in users.values():
        user.password = encoded
    User.objects.bulk_update(users.values(), ["password"])
    teacher.save(update_fields=["is_staff", "is_active"])
    admin = users[ADMIN_USERNAME]
    admin.is_staff = admin.is_superuser = admin.is_active = True
    admin.save(update_fields=["is_staff", "is_superuser", "is_active"])
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    teacher.groups.add(group)
    students = [users[username] for username in STUDENT_USERNAMES]
    return admin, teacher, students


def _first_name(username: str) -> str:
    # "Student 7" reads better than a blank name in lists and reports; the teacher is
    # "Demo Teacher", so that a student's "Teacher: ..." line does not say "Teacher" twice.
    if username == TEACHER_USERNAME:
        return "Demo"
    if username == ADMIN_USERNAME:
        return "Admin"
    return f"Student {username.removeprefix('student')}"


def _demo_classroom(teacher, students, created: dict[str, int]) -> Classroom:
    classroom = Classroom.objects.filter(name=CLASSROOM_NAME, teachers=teacher).first()
    if classroom is None:
        classroom = Classroom.objects.create(name=CLASSROOM_NAME)
        classroom.teachers.add(teacher)
        created["classrooms"] = 1
    enrolled = set(classroom.enrollments.values_list("student_id", flat=True))
    new = [
        Enrollment(classroom=classroom, student=student)
        for student in students
        if student.pk not in enrolled
    ]
    Enrollment.objects.bulk_create(new)
    created["enrollments"] = len(new)
    return classroom


@transaction.atomic
def seed_demo_lesson(*, password: str) -> DemoSeed:
    """Create (or find) the demo lesson, accounts, classroom and assignment.

    The lesson is imported from ``ARTICLE_PATH`` as published only when no lesson has its
    slug (its closing bio becomes the last section, "About the author"); its notes (one
    per ``SECTION_NOTES`` entry) and labels are added where missing, and notes and labels
    still carrying superseded demo text are corrected. Raises
    ``DemoContentError`` if an annotation's sentence prefix matches no sentence.
    The assignment opens now, is due next Friday at 17:00 (``demo_due_at``) and has
    "post first" on in its discussion; a later run keeps the existing one.
    """
    created: dict[str, int] = {}
    admin, teacher, students = _demo_accounts(password, created)
    lesson = _demo_lesson(teacher, created)
    _annotate(lesson, teacher, created)
    classroom = _demo_classroom(teacher, students, created)
    assignment = Assignment.objects.filter(lesson=lesson, classroom=classroom).first()
    if assignment is None:
        now = timezone.now()
        assignment = assignment_create(
            teacher=teacher,
            lesson=lesson,
            classroom=classroom,
            opens_at=now,
            due_at=demo_due_at(now),
            discussion_post_first=True,
        )
        created["assignments"] = 1
    return DemoSeed(
        lesson=lesson,
        classroom=classroom,
        assignment=assignment,
        teacher=teacher,
        admin=admin,
        students=students,
        password=password,
        created=created,
    )

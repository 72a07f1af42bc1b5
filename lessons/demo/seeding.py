"""Load the demo lesson, its teacher notes and claim labels, a class of 25 and an assignment.

``seed_demo`` (in config) calls ``seed_demo_lesson`` and then seeds the quiz. Idempotent:
a second run finds what the first made and creates nothing, except that the demo
passwords are set again so the logins it prints always work.
"""

from dataclasses import dataclass
from datetime import timedelta
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
    Section,
    Sentence,
    TeacherNote,
)
from lessons.roles import TEACHERS_GROUP
from lessons.services.assignments import assignment_create
from lessons.services.lesson_import import lesson_import

ARTICLE_PATH = Path(__file__).resolve().parent / "why-does-china-protect-north-korea.txt"
TEACHER_USERNAME = "teacher"
DEMO_TEACHER_LAST_NAME = "Teacher"
STUDENT_USERNAMES = [f"student{number}" for number in range(1, 26)]
CLASSROOM_NAME = "Demo class"
ASSIGNMENT_DURATION = timedelta(days=7)
# The teacher note about the bio sits on the last section, where the bio follows the text.
AUTHOR_BIO_NOTE_PREFIX = "About the author bio: "


class DemoContentError(RuntimeError):
    """The demo annotations no longer fit the demo article (a prefix matches no sentence)."""


@dataclass(frozen=True)
class DemoSeed:
    """What the demo consists of, and how much of it this run created."""

    lesson: Lesson
    classroom: Classroom
    assignment: Assignment
    teacher: object  # the teacher User
    students: list  # the 25 student Users, student1 first
    password: str
    created: dict[str, int]  # model name -> rows created by this run

    @property
    def logins(self) -> list[tuple[str, str]]:
        """(username, password) of every demo account, the teacher first."""
        return [(user.username, self.password) for user in [self.teacher, *self.students]]


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


def _annotate(lesson: Lesson, teacher, created: dict[str, int]) -> None:
    """Add the notes and labels that are missing; never overwrite a teacher's edits."""
    sections = {section.heading: section for section in lesson.sections.all()}
    sentences_of: dict[str, list[Sentence]] = {heading: [] for heading in sections}
    for sentence in Sentence.objects.filter(section__lesson=lesson).select_related("section"):
        sentences_of[sentence.section.heading].append(sentence)
    missing = set(annotations.SECTION_HEADINGS) - set(sections)
    if missing:
        raise DemoContentError(f"The demo lesson has no section headed {sorted(missing)!r}.")

    labelled = set(
        ClaimLabel.objects.filter(sentence__section__lesson=lesson).values_list(
            "sentence_id", flat=True
        )
    )
    labels = []
    for spec in annotations.CLAIM_LABELS:
        sentence = _find_sentence(sentences_of[spec.section], spec.section, spec.sentence_prefix)
        if sentence.pk not in labelled:
            labelled.add(sentence.pk)
            labels.append(
                ClaimLabel(
                    sentence=sentence,
                    verdict=spec.verdict,
                    explanation=spec.explanation,
                    source_title=spec.source_title,
                    source_url=spec.source_url,
                    author=teacher,
                )
            )
    ClaimLabel.objects.bulk_create(labels)
    created["claim labels"] = len(labels)

    existing_notes = set(
        TeacherNote.objects.filter(section__lesson=lesson).values_list(
            "section_id", "sentence_id", "kind", "body"
        )
    )
    wanted: list[tuple[Section, Sentence | None, str, str]] = []
    for heading, specs in annotations.SECTION_NOTES.items():
        for spec in specs:
            sentence = (
                _find_sentence(sentences_of[heading], heading, spec.sentence_prefix)
                if spec.sentence_prefix
                else None
            )
            wanted.append((sections[heading], sentence, spec.kind, spec.body))
    last_section = max(sections.values(), key=lambda section: section.position)
    wanted.append(
        (
            last_section,
            None,
            TeacherNote.Kind.FACT_CHECK,
            AUTHOR_BIO_NOTE_PREFIX + annotations.AUTHOR_BIO_NOTE,
        )
    )
    notes = [
        TeacherNote(section=section, sentence=sentence, kind=kind, body=body, author=teacher)
        for section, sentence, kind, body in wanted
        if (section.pk, sentence.pk if sentence else None, kind, body) not in existing_notes
    ]
    TeacherNote.objects.bulk_create(notes)
    created["teacher notes"] = len(notes)


def _demo_accounts(password: str, created: dict[str, int]):
    """The teacher and the 25 students, with the demo password set on every run."""
    User = get_user_model()
    # One hash for every account: a full-strength hash takes about a quarter of a
    # second, and these accounts share a published password anyway.
    encoded = make_password(password)
    usernames = [TEACHER_USERNAME, *STUDENT_USERNAMES]
    existing = {user.username: user for user in User.objects.filter(username__in=usernames)}
    new = [
        User(
            username=username,
            password=encoded,
            first_name=_first_name(username),
            last_name=DEMO_TEACHER_LAST_NAME if username == TEACHER_USERNAME else "",
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
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    teacher.groups.add(group)
    students = [users[username] for username in STUDENT_USERNAMES]
    return teacher, students


def _first_name(username: str) -> str:
    # "Student 7" reads better than a blank name in lists and reports; the teacher is
    # "Demo Teacher", so that a student's "Teacher: ..." line does not say "Teacher" twice.
    if username == TEACHER_USERNAME:
        return "Demo"
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
    slug; its notes (one per ``SECTION_NOTES`` entry, plus ``AUTHOR_BIO_NOTE`` as a
    fact-check note on the last section) and labels are added where missing. Raises
    ``DemoContentError`` if an annotation's sentence prefix matches no sentence.
    The assignment opens now and is due in a week; a later run keeps the existing one.
    """
    created: dict[str, int] = {}
    teacher, students = _demo_accounts(password, created)
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
            due_at=now + ASSIGNMENT_DURATION,
        )
        created["assignments"] = 1
    return DemoSeed(
        lesson=lesson,
        classroom=classroom,
        assignment=assignment,
        teacher=teacher,
        students=students,
        password=password,
        created=created,
    )

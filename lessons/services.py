"""Writes of the lessons app: keyword-only, atomic, raising ValidationError with a code."""

import difflib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from lessons.importing import (
    ParsedArticle,
    parse_article,
    split_body_into_rows,
    split_paragraphs,
)
from lessons.models import (
    Assignment,
    Classroom,
    Enrollment,
    Lesson,
    Section,
    SectionRead,
    Sentence,
    new_join_code,
)
from lessons.rosters import parse_roster
from lessons.selectors import user_teaches_classroom


def classroom_join(*, student, join_code: str) -> tuple[Classroom, bool]:
    """Enrol a student by join code. Returns (classroom, newly_joined).

    Codes are matched ignoring case, spaces and dashes, since students copy them from a board.
    """
    code = "".join(ch for ch in join_code.upper() if ch.isalnum())
    if not code:
        raise ValidationError("Type the join code your teacher gave you.", code="empty_code")
    classroom = Classroom.objects.filter(join_code=code).first()
    if classroom is None:
        raise ValidationError(
            "No class has that join code. Check it with your teacher.", code="unknown_code"
        )
    if not classroom.join_code_is_open:
        raise ValidationError(
            "That join code has expired. Ask your teacher for a new one.", code="expired_code"
        )
    if classroom.teachers.filter(pk=student.pk).exists():
        raise ValidationError("You teach this class already.", code="teacher_cannot_join")
    try:
        with transaction.atomic():
            _, created = Enrollment.objects.get_or_create(classroom=classroom, student=student)
    except IntegrityError:  # a double submit raced us: the student is enrolled either way
        created = False
    return classroom, created


@transaction.atomic
def classroom_create(*, teacher, name: str) -> Classroom:
    """A new classroom taught by ``teacher``, with a fresh join code."""
    name = name.strip()
    if not name:
        raise ValidationError("Give the class a name.", code="empty_name")
    # A double click on "Create" returns the class the first click made.
    twin = (
        Classroom.objects.filter(
            name=name,
            teachers=teacher,
            created_at__gte=timezone.now() - timedelta(seconds=60),
        )
        .order_by("-created_at")
        .first()
    )
    if twin is not None:
        return twin
    classroom = Classroom(name=name)
    classroom.full_clean()
    classroom.save()
    classroom.teachers.add(teacher)
    return classroom


def section_mark_read(*, student, section: Section, read: bool = True) -> None:
    """Mark a section read (or unread) for a student; repeating it changes nothing."""
    if read:
        SectionRead.objects.get_or_create(
            student=student, section=section, defaults={"read_at": timezone.now()}
        )
    else:
        SectionRead.objects.filter(student=student, section=section).delete()


# Importing lessons --------------------------------------------------------------------

# Lesson.slug is a SlugField(max_length=220); leave room for a "-123" suffix.
_SLUG_BASE_MAX_LENGTH = 200


@dataclass(frozen=True)
class LessonImportReport:
    """A lesson just imported, with what the importer did that a teacher should know."""

    lesson: Lesson
    section_count: int
    sentence_count: int
    dropped_debris: list[str] = field(default_factory=list)  # "Leave a Comment", ...
    skipped_headings: list[str] = field(default_factory=list)  # headings with no text


def _unique_lesson_slug(title: str) -> str:
    """A slug from the title, with -2, -3, ... appended when it is taken."""
    base = slugify(title)[:_SLUG_BASE_MAX_LENGTH].strip("-") or "lesson"
    taken = set(Lesson.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _lesson_create_from_parsed(
    *,
    parsed: ParsedArticle,
    created_by,
    status: str,
    slug: str | None,
    author: str,
) -> LessonImportReport:
    if status not in Lesson.Status.values:
        raise ValidationError(
            "Unknown lesson status %(status)s.", code="invalid_status", params={"status": status}
        )
    if slug is not None:
        slug = slugify(slug)
        if not slug:
            raise ValidationError("Give the lesson a slug of letters and digits.", code="bad_slug")
        if Lesson.objects.filter(slug=slug).exists():
            raise ValidationError(
                "A lesson with the address name “%(slug)s” exists already.",
                code="slug_taken",
                params={"slug": slug},
            )
    lesson = Lesson(
        title=parsed.title,
        slug=slug or _unique_lesson_slug(parsed.title),
        author=author,
        author_bio=parsed.author_bio,
        status=status,
        created_by=created_by,
    )
    lesson.full_clean()
    lesson.save()
    sentences = []
    for position, parsed_section in enumerate(parsed.sections, start=1):
        section = Section.objects.create(
            lesson=lesson,
            position=position,
            heading=parsed_section.heading,
            body=parsed_section.body,
        )
        sentences.extend(
            Sentence(section=section, position=number, paragraph=paragraph, text=text)
            for number, (paragraph, text) in enumerate(
                zip(parsed_section.sentence_paragraphs, parsed_section.sentences, strict=True),
                start=1,
            )
        )
    Sentence.objects.bulk_create(sentences, batch_size=500)
    return LessonImportReport(
        lesson=lesson,
        section_count=len(parsed.sections),
        sentence_count=len(sentences),
        dropped_debris=list(parsed.dropped_debris),
        skipped_headings=list(parsed.skipped_headings),
    )


def lesson_import_with_report(
    *,
    text: str,
    created_by=None,
    status: str = Lesson.Status.DRAFT,
    slug: str | None = None,
    author: str = "",
) -> LessonImportReport:
    """Import an article's text as a lesson and say what was made of it.

    The lesson, its sections (bodies are the paragraphs joined by blank lines) and their
    sentences are created in one transaction: on any ValidationError (from the parser:
    ``empty``, ``no_paragraphs``, ``too_large``, ...; here: ``slug_taken``,
    ``invalid_status``) nothing is created. Without a slug one is made from the title,
    with -2, -3, ... when taken.
    """
    parsed = parse_article(text)  # slow (sentence splitting) and pure: outside the transaction
    for _ in range(3):
        try:
            with transaction.atomic():
                return _lesson_create_from_parsed(
                    parsed=parsed, created_by=created_by, status=status, slug=slug, author=author
                )
        except IntegrityError:
            # Another import took the same slug between our check and our insert.
            if slug is not None:
                break
    raise ValidationError(
        "Another lesson took this lesson's address at the same moment. Try again.",
        code="slug_taken",
    )


def lesson_import(
    *,
    text: str,
    created_by=None,
    status: str = Lesson.Status.DRAFT,
    slug: str | None = None,
    author: str = "",
) -> Lesson:
    """Import an article's text as a lesson; see ``lesson_import_with_report``."""
    return lesson_import_with_report(
        text=text, created_by=created_by, status=status, slug=slug, author=author
    ).lesson


# Re-splitting sentences ---------------------------------------------------------------

# How a reference to a sentence is named in a refusal, by model label. Other apps'
# models are named here as strings so that lessons never imports them; a model not
# listed is named by its verbose name.
_REFERENCE_NOUNS = {
    "lessons.claimlabel": ("claim label", "claim labels"),
    "lessons.teachernote": ("teacher note", "teacher notes"),
    "lessons.threadanchor": ("discussion anchor", "discussion anchors"),
    "quizzes.responsesentence": ("quiz answer", "quiz answers"),
}


def sentence_references(sentence_ids: Iterable[int]) -> dict[str, int]:
    """How many rows of each kind point at these sentences, e.g. {"claim labels": 2}.

    Every reverse relation of Sentence is counted (found through the model's meta, not
    listed), so a new model that points at sentences, in this app or one above it, is
    protected from a re-split without this function changing. One query per relation.
    """
    ids = list(sentence_ids)
    counts: dict[str, int] = {}
    if not ids:
        return counts
    for relation in Sentence._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            if not through._meta.auto_created:
                continue  # an explicit through model is counted by its own foreign key
            model, lookup = through, relation.field.m2m_reverse_field_name()
        else:
            model, lookup = relation.related_model, relation.field.name
        count = model._default_manager.filter(**{f"{lookup}__in": ids}).count()
        if count:
            singular, plural = _REFERENCE_NOUNS.get(
                model._meta.label_lower,
                (str(model._meta.verbose_name), str(model._meta.verbose_name_plural)),
            )
            noun = singular if count == 1 else plural
            counts[noun] = counts.get(noun, 0) + count
    return counts


def _describe_counts(counts: dict[str, int]) -> str:
    parts = [f"{count} {noun}" for noun, count in counts.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass
class _ResplitPlan:
    """How a section's stored sentences become those of a body.

    Sentences whose text is unchanged keep their row (and so every label, answer and
    anchor on them), even when they move; the others are deleted and created anew.
    """

    keep: list[tuple[Sentence, int, int]]  # sentence, new position, new paragraph
    remove: list[Sentence]
    create: list[tuple[int, int, str]]  # position, paragraph, text

    @property
    def changes_anything(self) -> bool:
        return bool(self.remove or self.create) or any(
            (sentence.position, sentence.paragraph) != (position, paragraph)
            for sentence, position, paragraph in self.keep
        )


def _resplit_plan(section: Section, body: str) -> _ResplitPlan:
    old = list(section.sentences.order_by("position"))
    new = split_body_into_rows(body)
    matcher = difflib.SequenceMatcher(
        a=[sentence.text for sentence in old], b=[text for _, text in new], autojunk=False
    )
    keep, remove, create = [], [], []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(old_end - old_start):
                paragraph = new[new_start + offset][0]
                keep.append((old[old_start + offset], new_start + offset + 1, paragraph))
        else:
            remove.extend(old[old_start:old_end])
            create.extend(
                (index + 1, new[index][0], new[index][1]) for index in range(new_start, new_end)
            )
    return _ResplitPlan(keep=keep, remove=remove, create=create)


def _refuse_if_referenced(section: Section, sentences: list[Sentence]) -> None:
    counts = sentence_references(sentence.pk for sentence in sentences)
    if counts:
        changed = len(sentences)
        raise ValidationError(
            "The sentences of “%(section)s” cannot be re-split: %(changed)s that would change "
            "or disappear %(verb)s referenced by %(references)s. Remove those first, or keep "
            "the wording of the referenced sentences as it is.",
            code="sentences_referenced",
            params={
                "section": section,
                "changed": f"{changed} sentence" if changed == 1 else f"{changed} sentences",
                "verb": "is" if changed == 1 else "are",
                "references": _describe_counts(counts),
            },
        )


def section_check_body_change(*, section: Section, body: str) -> None:
    """Raise ``sentences_referenced`` if storing this body would change a referenced sentence.

    For forms: lets the admin refuse an edit before anything is saved.
    """
    _refuse_if_referenced(section, _resplit_plan(section, body).remove)


@transaction.atomic
def section_resplit(*, section: Section, body: str | None = None) -> int:
    """Split the section's body (or a new body, which is then stored) into its sentences.

    Returns the number of sentences. Sentences whose text is unchanged keep their
    identity; any other stored sentence is replaced. Refuses with ``sentences_referenced``
    when a sentence that would be replaced has a claim label, a teacher note, a quiz
    answer or a discussion anchor (or any other row pointing at it), naming how many.
    """
    # Lock the section so two re-splits of it cannot interleave their renumbering.
    section = Section.objects.select_for_update().get(pk=section.pk)
    if body is not None and body != section.body:
        section.body = body
        section.save(update_fields=["body"])
    plan = _resplit_plan(section, section.body)
    if not plan.changes_anything:
        return len(plan.keep)
    _refuse_if_referenced(section, plan.remove)
    if plan.remove:
        Sentence.objects.filter(pk__in=[sentence.pk for sentence in plan.remove]).delete()
    moved = [
        (sentence, position, paragraph)
        for sentence, position, paragraph in plan.keep
        if (sentence.position, sentence.paragraph) != (position, paragraph)
    ]
    if moved:
        # Positions are unique per section and checked row by row, so moved sentences
        # step out of the way (above any position in use) before taking their places.
        out_of_the_way = len(plan.keep) + len(plan.remove) + len(plan.create) + 1
        Sentence.objects.filter(pk__in=[sentence.pk for sentence, _, _ in moved]).update(
            position=F("position") + out_of_the_way
        )
        for sentence, position, paragraph in moved:
            sentence.position, sentence.paragraph = position, paragraph
        Sentence.objects.bulk_update(
            [sentence for sentence, _, _ in moved], ["position", "paragraph"]
        )
    Sentence.objects.bulk_create(
        Sentence(section=section, position=position, paragraph=paragraph, text=text)
        for position, paragraph, text in plan.create
    )
    return len(plan.keep) + len(plan.create)


class BioMove:
    """Directions of ``bio_move_paragraph``."""

    TO_BIO = "bio"
    TO_BODY = "body"


@transaction.atomic
def bio_move_paragraph(*, lesson: Lesson, to: str) -> str:
    """Move one paragraph between the end of the lesson's text and its author bio.

    ``to="bio"`` moves the last paragraph of the last section to the start of the bio
    (when the importer missed a bio); ``to="body"`` moves the bio's first paragraph back
    as the last section's new last paragraph (when it took a paragraph for a bio).
    The section is re-split: sentences of the other paragraphs keep their identity, and
    moving a paragraph whose sentences are referenced is refused (``sentences_referenced``).
    Other refusals: ``no_sections``, ``section_would_be_empty``, ``no_bio``,
    ``bad_direction``. Returns the paragraph moved.
    """
    if to not in (BioMove.TO_BIO, BioMove.TO_BODY):
        raise ValidationError("Move a paragraph to the bio or to the body.", code="bad_direction")
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    last_section = lesson.sections.order_by("-position").first()
    if last_section is None:
        raise ValidationError("This lesson has no sections.", code="no_sections")
    paragraphs = split_paragraphs(last_section.body)
    bio_paragraphs = split_paragraphs(lesson.author_bio)
    if to == BioMove.TO_BIO:
        if len(paragraphs) < 2:
            raise ValidationError(
                "“%(section)s” has only one paragraph; moving it would leave the section empty.",
                code="section_would_be_empty",
                params={"section": last_section},
            )
        moved = paragraphs.pop()
        bio_paragraphs.insert(0, moved)
    else:
        if not bio_paragraphs:
            raise ValidationError("This lesson has no author bio to move.", code="no_bio")
        moved = bio_paragraphs.pop(0)
        paragraphs.append(moved)
    section_resplit(section=last_section, body="\n\n".join(paragraphs))
    lesson.author_bio = "\n\n".join(bio_paragraphs)
    lesson.save(update_fields=["author_bio", "updated_at"])
    return moved


# Assignments --------------------------------------------------------------------------


def assignment_validate(
    *,
    teacher,
    lesson: Lesson,
    classroom: Classroom,
    opens_at: datetime,
    due_at: datetime,
    assignment: Assignment | None = None,
) -> None:
    """The rules of assigning a lesson, for ``assignment_create`` and the admin's forms.

    Raises ``not_your_class`` (the teacher does not teach the classroom),
    ``lesson_not_published`` (a draft would reach students unfinished),
    ``due_before_open`` and ``already_assigned`` (``assignment`` is the one being edited,
    which does not count as a duplicate of itself).
    """
    if not user_teaches_classroom(teacher, classroom.pk):
        raise ValidationError(
            "You do not teach “%(classroom)s”: you can assign lessons only to your own classes.",
            code="not_your_class",
            params={"classroom": classroom},
        )
    if lesson.status != Lesson.Status.PUBLISHED:
        raise ValidationError(
            "“%(lesson)s” is a draft. Publish it before assigning it to a class.",
            code="lesson_not_published",
            params={"lesson": lesson},
        )
    if due_at <= opens_at:
        raise ValidationError(
            "The due date must be after the opening date.", code="due_before_open"
        )
    duplicates = Assignment.objects.filter(lesson=lesson, classroom=classroom)
    if assignment is not None and assignment.pk:
        duplicates = duplicates.exclude(pk=assignment.pk)
    if duplicates.exists():
        raise _already_assigned(lesson, classroom)


def assignment_create(
    *,
    teacher,
    lesson: Lesson,
    classroom: Classroom,
    opens_at: datetime,
    due_at: datetime,
    discussion_post_first: bool = False,
) -> Assignment:
    """Assign a lesson to a classroom the teacher teaches; see ``assignment_validate``."""
    assignment_validate(
        teacher=teacher, lesson=lesson, classroom=classroom, opens_at=opens_at, due_at=due_at
    )
    assignment = Assignment(
        lesson=lesson,
        classroom=classroom,
        opens_at=opens_at,
        due_at=due_at,
        assigned_by=teacher,
        discussion_post_first=discussion_post_first,
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:  # a double submit created the same assignment meanwhile
        raise _already_assigned(lesson, classroom) from None
    return assignment


def _already_assigned(lesson: Lesson, classroom: Classroom) -> ValidationError:
    return ValidationError(
        "“%(lesson)s” is already assigned to “%(classroom)s”.",
        code="already_assigned",
        params={"lesson": lesson, "classroom": classroom},
    )


# Classrooms and rosters ---------------------------------------------------------------


def classroom_new_join_code(*, classroom: Classroom) -> str:
    """Give the classroom a fresh join code (the old one stops working) and return it."""
    for _ in range(10):
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            break
    classroom.join_code = code
    classroom.save(update_fields=["join_code"])
    return code


class RosterOutcome:
    """What roster_import did with one row."""

    CREATED = "created"
    ENROLLED = "enrolled"
    ALREADY_ENROLLED = "already_enrolled"
    REFUSED = "refused"

    LABELS = {
        CREATED: "created and enrolled",
        ENROLLED: "enrolled existing account",
        ALREADY_ENROLLED: "already enrolled",
        REFUSED: "refused",
    }


@dataclass(frozen=True)
class RosterRowResult:
    line: int
    username: str
    full_name: str
    email: str
    outcome: str  # a RosterOutcome value
    reason: str = ""  # why a row was refused
    initial_password: str = ""  # only for accounts created by this import

    @property
    def outcome_label(self) -> str:
        return RosterOutcome.LABELS[self.outcome]


@dataclass(frozen=True)
class RosterReport:
    classroom: Classroom
    rows: list[RosterRowResult]
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def summary(self) -> str:
        """'3 created and enrolled, 1 enrolled existing account, 0 already ..., 1 refused'."""
        return ", ".join(
            f"{self.count(outcome)} {label}" for outcome, label in RosterOutcome.LABELS.items()
        )


# Initial passwords are random (about 59 bits) and replaced on first sign-in by a hash
# at the configured strength (Django re-hashes when the iteration count differs). A
# full-strength PBKDF2 hash takes about 0.25 s, which for a roster of hundreds would
# time the request out; for a random password this strength is ample.
INITIAL_PASSWORD_PBKDF2_ITERATIONS = 20_000
_INITIAL_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _initial_password() -> str:
    """A random password a teacher can read out or copy, e.g. 'k7qx-3mpa-9rtd'."""
    groups = ("".join(secrets.choice(_INITIAL_PASSWORD_ALPHABET) for _ in range(4)) for _ in "123")
    return "-".join(groups)


def _hash_initial_password(raw: str) -> str:
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(raw, hasher.salt(), iterations=INITIAL_PASSWORD_PBKDF2_ITERATIONS)
    return make_password(raw)


@transaction.atomic
def roster_import(*, classroom: Classroom, csv_bytes: bytes, teacher) -> RosterReport:
    """Create or enrol the students a roster CSV lists, and report row by row.

    Each row is "created and enrolled" (a new student account, with a random initial
    password reported once, here, for the teacher to hand out: it is not stored anywhere
    readable), "enrolled existing account", "already enrolled", or refused with its
    reason (see ``lessons.rosters``; here also: the existing account is a teacher or
    staff member, or is deactivated). Existing accounts are never changed. Refused rows
    do not stop the others. Raises ``not_your_class`` and the file-level errors of
    ``lessons.rosters.parse_roster``, changing nothing.
    """
    if not user_teaches_classroom(teacher, classroom.pk):
        raise ValidationError(
            "You do not teach “%(classroom)s”.",
            code="not_your_class",
            params={"classroom": classroom},
        )
    parsed = parse_roster(csv_bytes)
    User = get_user_model()
    wanted = {row.username.lower() for row in parsed.rows if not row.refusal}
    existing = list(
        User.objects.annotate(username_lower=Lower("username")).filter(username_lower__in=wanted)
    )
    by_username = {user.username: user for user in existing}
    by_lower = {user.username_lower: user for user in existing}
    enrolled_ids = set(classroom.enrollments.order_by().values_list("student_id", flat=True))

    results = []
    to_enrol = []
    for row in parsed.rows:
        base = dict(line=row.line, username=row.username, full_name=row.full_name, email=row.email)
        if row.refusal:
            results.append(
                RosterRowResult(**base, outcome=RosterOutcome.REFUSED, reason=row.refusal)
            )
            continue
        user = by_username.get(row.username) or by_lower.get(row.username.lower())
        if user is not None:
            base["username"] = user.username
            if user.is_staff or user.is_superuser:
                outcome, reason = (
                    RosterOutcome.REFUSED,
                    "existing account is a teacher or staff member",
                )
            elif not user.is_active:
                outcome, reason = RosterOutcome.REFUSED, "existing account is deactivated"
            elif user.pk in enrolled_ids:
                outcome, reason = RosterOutcome.ALREADY_ENROLLED, ""
            else:
                outcome, reason = RosterOutcome.ENROLLED, ""
                to_enrol.append(user)
                enrolled_ids.add(user.pk)
            results.append(RosterRowResult(**base, outcome=outcome, reason=reason))
            continue
        password = _initial_password()
        try:
            with transaction.atomic():
                user = User.objects.create(
                    username=row.username,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    email=row.email,
                    password=_hash_initial_password(password),
                )
        except IntegrityError:
            results.append(
                RosterRowResult(
                    **base,
                    outcome=RosterOutcome.REFUSED,
                    reason="the username was taken while importing; upload the file again",
                )
            )
            continue
        to_enrol.append(user)
        enrolled_ids.add(user.pk)
        results.append(
            RosterRowResult(**base, outcome=RosterOutcome.CREATED, initial_password=password)
        )
    # ignore_conflicts: a student who joined by code during the import is enrolled anyway.
    Enrollment.objects.bulk_create(
        [Enrollment(classroom=classroom, student=user) for user in to_enrol],
        ignore_conflicts=True,
    )
    return RosterReport(
        classroom=classroom, rows=results, ignored_columns=list(parsed.ignored_columns)
    )

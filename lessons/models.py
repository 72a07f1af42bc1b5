"""Readings and the people who read them.

A Lesson is an article split into ordered Sections, each split into stored Sentences.
Sentences keep their identity because claim labels, quiz answers and discussion anchors
point at them. Classrooms hold students (Enrollment) and receive lessons (Assignment).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

# Join codes avoid look-alike characters (0/O, 1/I/L) so they can be read off a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    """A random join code such as 'K7QX3MPA'."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Lesson(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    author = models.CharField(max_length=200, blank=True)
    publication = models.CharField(max_length=200, blank=True)
    source_url = models.URLField("source URL", max_length=500, blank=True)
    published_on = models.DateField("first published", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_lessons",
        help_text="Changes it, with its co-editors; other teachers may assign it or copy it.",
    )
    co_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_edited_lessons",
        help_text="Teachers who may change this lesson as its owner can.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:teacher_reading", args=[self.pk])


class Section(models.Model):
    class Kind(models.TextChoices):
        BODY = "body", "Part of the article"
        AUTHOR_BIO = "author_bio", "About the author (the author's self-description)"

    #: The heading the importer gives the author's bio, the lesson's last section.
    AUTHOR_BIO_HEADING = "About the author"

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.BODY)
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField(
        help_text="Paragraphs separated by a blank line. Sentences are split from the body "
        "when the section is created or re-split."
    )

    class Meta:
        ordering = ["lesson", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "position"], name="section_position_unique_per_lesson"
            ),
            models.UniqueConstraint(
                fields=["lesson"],
                condition=Q(kind="author_bio"),
                name="one_author_bio_section_per_lesson",
            ),
        ]

    def __str__(self) -> str:
        return self.heading or f"Opening (section {self.position})"

    @property
    def anchor(self) -> str:
        """The fragment id of this section on the whole-text reading page."""
        return f"section-{self.position}"

    @property
    def display_heading(self) -> str:
        return self.heading or "Opening"

    @property
    def is_author_bio(self) -> bool:
        """The author's self-description: its sentences are claims like any other."""
        return self.kind == self.Kind.AUTHOR_BIO


class Sentence(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField(
        default=0, help_text="Index of the paragraph of the section this sentence is in."
    )
    text = models.TextField()

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="sentence_position_unique_per_section"
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class TeacherNote(models.Model):
    """A private note on a section or one of its sentences. Never shown to students."""

    class Kind(models.TextChoices):
        CONTEXT = "context", "Context"
        FACT_CHECK = "fact_check", "Fact-check"
        DISCUSSION_PROMPT = "discussion_prompt", "Discussion prompt"
        MISCONCEPTION = "misconception", "Likely misconception"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="notes")
    sentence = models.ForeignKey(
        Sentence,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        help_text="Optional: the one sentence of the section this note is about.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CONTEXT)
    body = models.TextField()
    source = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where to check what the note says: a URL or a citation.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:60]}"

    def clean(self) -> None:
        if self.sentence_id and self.section_id and self.sentence.section_id != self.section_id:
            raise ValidationError(
                {"sentence": "Choose a sentence of this note's own section."},
                code="sentence_outside_section",
            )


class ClaimLabel(models.Model):
    """A teacher's verdict on one sentence. Spot-the-claim questions are built from these."""

    class Verdict(models.TextChoices):
        SUPPORTED = "supported", "Supported"
        UNSUPPORTED = "unsupported", "Unsupported"
        INACCURATE = "inaccurate", "Inaccurate"
        LOGICAL_FLAW = "logical_flaw", "Logical flaw"
        VAGUE = "vague", "Vague (too general to check)"
        OPINION = "opinion", "Opinion (a value judgement)"

    sentence = models.OneToOneField(Sentence, on_delete=models.CASCADE, related_name="label")
    verdict = models.CharField(max_length=20, choices=Verdict)
    explanation = models.TextField(help_text="Why this verdict, in words a student can follow.")
    evidence = models.TextField(
        "what would settle it",
        blank=True,
        help_text="What evidence would support or refute the claim, and where to look.",
    )
    contested = models.BooleanField(
        default=False,
        help_text="A judgement call: never scored in spot-the-claim; the review says why.",
    )
    contested_reason = models.TextField(
        blank=True, help_text="Why reasonable readers could label it differently."
    )
    alternative_verdict = models.CharField(
        "also defensible as",
        max_length=20,
        choices=Verdict,
        blank=True,
        help_text="A second verdict a careful reader could defend: a judgement call on the "
        "kind of problem, not on whether there is one. When reasons are asked, its reason "
        "earns the reason's credit too.",
    )
    source_title = models.CharField(max_length=300, blank=True)
    source_url = models.URLField("source URL", max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sentence"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.sentence}"


class Classroom(models.Model):
    name = models.CharField(max_length=120)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teaching_classrooms", blank=True
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Enrollment",
        related_name="classrooms",
        blank=True,
    )
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    join_code_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="After this time the join code no longer works."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def join_code_is_open(self) -> bool:
        return self.join_code_expires_at is None or self.join_code_expires_at > timezone.now()


class Enrollment(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["classroom", "student__last_name", "student__first_name", "student__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"], name="enrollment_unique_per_student_and_class"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom}"


class Assignment(models.Model):
    """A lesson given to a classroom: its published quizzes and discussion come with it."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="assignments")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="assignments")
    opens_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    discussion_post_first = models.BooleanField(
        "students post before seeing others",
        default=False,
        help_text="A student sees classmates' posts in a thread only after posting in it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "lesson"], name="assignment_unique_lesson_per_class"
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=F("opens_at")), name="assignment_due_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} → {self.classroom}"

    def get_absolute_url(self) -> str:
        return reverse("lessons:reading", args=[self.pk])

    def is_open(self, now=None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def is_past_due(self, now=None) -> bool:
        return self.due_at < (now or timezone.now())


class SectionRead(models.Model):
    """A student marked a section of a lesson as read (progress is per lesson)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sections_read"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField(default=timezone.now)
    is_sample = models.BooleanField(
        default=False, help_text="Made by seed_demo --sample-results, not by a student."
    )

    class Meta:
        ordering = ["student", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "section"], name="section_read_once_per_student"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} read {self.section}"

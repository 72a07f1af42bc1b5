"""The class discussion of an assignment: threads, their anchors in the text, and posts.

The tables keep the names they had when these models lived in lessons
(``lessons_thread``, ``lessons_threadanchor``, ``lessons_post``): the move to this app was
a change of Python home only (see migrations/0001_initial.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lessons.models import Assignment, Section, Sentence, TeacherNote


class Thread(models.Model):
    """A discussion thread of one assignment's class, optionally anchored to the text."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discussion_threads"
    )
    title = models.CharField(max_length=200)
    prompt_note = models.ForeignKey(
        TeacherNote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_threads",
        help_text="The teacher's discussion-prompt note this thread was published from.",
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="threads"
    )
    sentences = models.ManyToManyField(
        Sentence, through="ThreadAnchor", related_name="threads", blank=True
    )
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    is_sample = models.BooleanField(
        default=False, help_text="Made by seed_demo --sample-results, not by a student."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "lessons_thread"
        ordering = ["-is_pinned", "-last_activity_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "prompt_note"],
                condition=Q(prompt_note__isnull=False),
                name="prompt_published_once_per_assignment",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread", args=[self.assignment_id, self.pk])


class ThreadAnchor(models.Model):
    """A sentence a thread is about. PROTECT keeps a re-split from orphaning the anchor."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="anchors")
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="anchors")

    class Meta:
        db_table = "lessons_threadanchor"
        ordering = ["thread", "sentence__position"]
        verbose_name = "discussion anchor"
        constraints = [
            models.UniqueConstraint(fields=["thread", "sentence"], name="thread_anchor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.thread} ⟶ {self.sentence}"


class Post(models.Model):
    """The opening post of a thread, a reply to it, or a reply to a reply (shown flat)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The top-level reply this post answers; empty for the opening post and "
        "for direct replies to the thread.",
    )
    is_opening = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discussion_posts"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(max_length=300, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "lessons_post"
        ordering = ["thread", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(is_opening=True),
                name="one_opening_post_per_thread",
            ),
            models.CheckConstraint(
                condition=Q(is_opening=False) | Q(parent__isnull=True),
                name="opening_post_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} in {self.thread}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

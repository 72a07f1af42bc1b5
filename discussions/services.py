"""Writes of the class discussion: threads, replies, edits, moderation, prompts.

Every function runs in a transaction and applies the rules of :mod:`discussions.rules`;
the caller has admitted the user to the assignment (``assignment_get_for_member``).
Teachers' actions check for themselves that the user teaches the class, because the
admin calls them too. A double click or a resubmitted form within
``lessons.locking.DOUBLE_SUBMIT_WINDOW`` returns the first thread or reply instead of a
copy.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from discussions.models import Post, Thread, ThreadAnchor
from discussions.rules import (
    BODY_MAX_LENGTH,
    clean_body,
    clean_reason,
    clean_title,
    reply_problem,
    require_editable,
    require_moderator,
    require_unlocked,
    validate_sentences_in_section,
)
from lessons.locking import lock, recent
from lessons.models import Assignment, Section, Sentence, TeacherNote
from lessons.selectors import assignments_taught_by


def _require_teacher_of(user, assignment_id: int) -> None:
    require_moderator(
        viewer_is_teacher=assignments_taught_by(user).filter(pk=assignment_id).exists()
    )


def _post_for_update(post: Post) -> Post:
    """The post re-read under a row lock, so a decision is made on its current state."""
    return lock(post, related=["thread"])


# Students and teachers ---------------------------------------------------------------


def _anchor_section(
    *, assignment: Assignment, section: Section | None, sentences: list[Sentence]
) -> Section | None:
    """Check the anchors belong to the lesson; infer the section from one-section anchors."""
    if section is not None and section.lesson_id != assignment.lesson_id:
        raise ValidationError("Choose a section of this reading.", code="section_outside_lesson")
    lesson_ids = {s.section.lesson_id for s in sentences}
    if lesson_ids and lesson_ids != {assignment.lesson_id}:
        raise ValidationError("Choose sentences of this reading.", code="sentence_outside_lesson")
    validate_sentences_in_section(section, sentences)
    if section is None and len({s.section_id for s in sentences}) == 1:
        section = sentences[0].section
    return section


@transaction.atomic
def thread_create(
    *,
    assignment: Assignment,
    author,
    title: str,
    body: str,
    section: Section | None = None,
    sentences: list[Sentence] | tuple[Sentence, ...] = (),
    prompt_note: TeacherNote | None = None,
) -> Thread:
    """Start a thread with its opening post, optionally anchored to a section or sentences.

    The caller has checked with assignment_get_for_member that the author may take part.
    """
    title = clean_title(title)
    body = clean_body(body)
    sentences = sorted(set(sentences), key=lambda s: (s.section.position, s.position))
    section = _anchor_section(assignment=assignment, section=section, sentences=sentences)
    now = timezone.now()
    # Serialise thread starts in this discussion so a double submit finds its twin.
    lock(assignment)
    recent_twins = recent(
        Thread.objects.filter(
            assignment=assignment,
            author=author,
            title=title,
            section=section,
            prompt_note=prompt_note,
            posts__is_opening=True,
            posts__body=body,
        ),
        now=now,
    ).prefetch_related("anchors")
    sentence_ids = {s.pk for s in sentences}
    for twin in recent_twins:
        if {anchor.sentence_id for anchor in twin.anchors.all()} == sentence_ids:
            return twin
    thread = Thread.objects.create(
        assignment=assignment,
        author=author,
        title=title,
        section=section,
        prompt_note=prompt_note,
        created_at=now,
        last_activity_at=now,
    )
    ThreadAnchor.objects.bulk_create(ThreadAnchor(thread=thread, sentence=s) for s in sentences)
    Post.objects.create(thread=thread, author=author, body=body, is_opening=True, created_at=now)
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, author, body: str, parent: Post | None = None) -> Post:
    """Reply to a thread, or to a reply (stored under its top-level reply, shown flat).

    Refused with NotAllowed in a locked thread; with ValidationError for empty or
    oversized text and for a parent that is deleted, hidden or of another thread.
    """
    # Re-read under a row lock so a reply cannot slip in while a teacher locks the thread.
    thread = lock(thread)
    require_unlocked(thread)
    body = clean_body(body)
    if parent is not None:
        if (problem := reply_problem(thread, parent)) is not None:
            raise problem
        if parent.is_opening:
            parent = None  # answering the opening post is answering the thread
        elif parent.parent_id is not None:
            parent = parent.parent  # one level of nesting: join the top-level reply
    now = timezone.now()
    twin = (
        recent(
            Post.objects.filter(
                thread=thread,
                parent=parent,
                author=author,
                body=body,
                is_opening=False,
                deleted_at__isnull=True,
            ),
            now=now,
        )
        .order_by("-created_at")
        .first()
    )
    if twin is not None:  # the thread lock above makes this check race-free
        return twin
    post = Post.objects.create(
        thread=thread, parent=parent, author=author, body=body, created_at=now
    )
    thread.last_activity_at = now
    thread.save(update_fields=["last_activity_at"])
    return post


@transaction.atomic
def post_edit(*, post: Post, editor, body: str, title: str | None = None) -> Post:
    """Change one's own post within EDIT_WINDOW; an opening post may change the title too."""
    now = timezone.now()
    post = _post_for_update(post)
    require_editable(post=post, thread=post.thread, user=editor, now=now)
    post.body = clean_body(body)
    post.edited_at = now
    post.save(update_fields=["body", "edited_at"])
    if title is not None and post.is_opening:
        post.thread.title = clean_title(title)
        post.thread.save(update_fields=["title"])
    return post


@transaction.atomic
def post_delete(*, post: Post, user) -> Post:
    """Delete one's own post within EDIT_WINDOW, leaving a placeholder for its replies."""
    now = timezone.now()
    post = _post_for_update(post)
    require_editable(post=post, thread=post.thread, user=user, now=now)
    post.deleted_at = now
    post.save(update_fields=["deleted_at"])
    return post


# Teachers -----------------------------------------------------------------------------


@transaction.atomic
def post_hide(*, post: Post, teacher, reason: str) -> Post:
    """Hide a post from the class; its author sees the reason. Re-hiding updates the reason."""
    _require_teacher_of(teacher, post.thread.assignment_id)
    post = _post_for_update(post)
    reason = clean_reason(reason)
    post.hidden_at = post.hidden_at or timezone.now()
    post.hidden_by = teacher
    post.hidden_reason = reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return post


@transaction.atomic
def post_unhide(*, post: Post, teacher) -> Post:
    """Show a hidden post to the class again."""
    _require_teacher_of(teacher, post.thread.assignment_id)
    post = _post_for_update(post)
    post.hidden_at = None
    post.hidden_by = None
    post.hidden_reason = ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return post


@transaction.atomic
def post_set_endorsed(*, post: Post, teacher, endorsed: bool) -> Post:
    """Endorse a post (a teacher's mark of a good contribution) or take the mark away."""
    _require_teacher_of(teacher, post.thread.assignment_id)
    post = _post_for_update(post)
    if endorsed and post.deleted_at is not None:
        raise ValidationError("A deleted post cannot be endorsed.", code="post_deleted")
    if endorsed and post.hidden_at is not None:
        raise ValidationError("A hidden post cannot be endorsed.", code="post_hidden")
    if endorsed and post.endorsed_at is None:
        post.endorsed_by, post.endorsed_at = teacher, timezone.now()
    elif not endorsed:
        post.endorsed_by, post.endorsed_at = None, None
    post.save(update_fields=["endorsed_by", "endorsed_at"])
    return post


@transaction.atomic
def thread_set_pinned(*, thread: Thread, teacher, pinned: bool) -> Thread:
    """Pin a thread to the top of the list, or unpin it."""
    _require_teacher_of(teacher, thread.assignment_id)
    thread.is_pinned = pinned
    thread.save(update_fields=["is_pinned"])
    return thread


@transaction.atomic
def thread_set_locked(*, thread: Thread, teacher, locked: bool) -> Thread:
    """Lock a thread (no new replies or edits) or open it again."""
    _require_teacher_of(teacher, thread.assignment_id)
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    return thread


def prompt_title(note: TeacherNote) -> str:
    """A thread title from a prompt note: its first line, shortened."""
    first_line = next((line for line in note.body.splitlines() if line.strip()), "")
    return Truncator(" ".join(first_line.split())).chars(120) or "Discussion prompt"


def prompt_publish(*, assignment: Assignment, teacher, note: TeacherNote) -> Thread:
    """Publish a discussion-prompt note as a thread by the teacher, once per assignment.

    This is the one deliberate way a teacher note reaches students: the teacher chooses it.
    """
    _require_teacher_of(teacher, assignment.pk)
    if note.kind != TeacherNote.Kind.DISCUSSION_PROMPT:
        raise ValidationError("Only discussion prompts can be published.", code="not_a_prompt")
    if note.section.lesson_id != assignment.lesson_id:
        raise ValidationError("That prompt belongs to another reading.", code="prompt_elsewhere")
    if Thread.objects.filter(assignment=assignment, prompt_note=note).exists():
        raise ValidationError(
            "This prompt is already published to this class.", code="prompt_already_published"
        )
    try:
        return thread_create(
            assignment=assignment,
            author=teacher,
            title=prompt_title(note),
            body=note.body[:BODY_MAX_LENGTH],
            section=note.section,
            sentences=[note.sentence] if note.sentence_id else [],
            prompt_note=note,
        )
    except IntegrityError:  # a double click raced the check above; the constraint held
        raise ValidationError(
            "This prompt is already published to this class.", code="prompt_already_published"
        ) from None

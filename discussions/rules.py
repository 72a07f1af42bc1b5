"""The rules of the class discussion, each in one function that every caller uses.

Who may open an assignment's discussion at all is decided by
``lessons.selectors.assignment_get_for_member``; these rules decide what a member then
sees and may do:

* **Visibility.** A thread is visible to the class unless its opening post is hidden; its
  author and the class's teachers still see it (:func:`visible_threads`). A hidden post
  is shown to its author with the teacher's reason, marked for teachers, and not at all
  to classmates (:func:`post_visible_to`).
* **Post first.** With ``Assignment.discussion_post_first`` a student sees, in each
  thread, only the opening post and their own posts until they have a visible post of
  their own there (:func:`post_first_withholds`, :func:`has_taken_part`).
* **Replying.** Replies go to live posts of unlocked threads (:func:`reply_problem`,
  :func:`can_reply_to`).
* **Editing.** Authors edit or delete their own posts within :data:`EDIT_WINDOW`; locked
  threads take no replies and no edits (:func:`require_editable`).
* **Text.** Titles, bodies and hiding reasons are cleaned and limited here, so the forms
  and the services refuse the same things in the same words.

Refusals of a permitted member (a locked thread, a closed edit window, someone else's
post) raise :class:`lessons.refusals.NotAllowed`, a 403 carrying a ``code``; bad input
raises ``ValidationError`` with a code.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from discussions.models import Post, Thread
from discussions.text import normalize_newlines
from lessons.models import Assignment, Section, Sentence
from lessons.refusals import NotAllowed

EDIT_WINDOW = timedelta(minutes=30)
TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000
HIDDEN_REASON_MAX_LENGTH = 300


# Text ---------------------------------------------------------------------------------


def clean_title(title: str) -> str:
    """A thread title, stripped; empty or longer than TITLE_MAX_LENGTH is refused."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("Give your thread a title.", code="title_required")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            f"Keep the title to {TITLE_MAX_LENGTH} characters (it has {len(title)}).",
            code="title_too_long",
        )
    return title


def clean_body(body: str) -> str:
    """A post body with normalised line breaks; empty or over BODY_MAX_LENGTH is refused."""
    body = normalize_newlines(body or "").strip()
    if "\x00" in body:
        raise ValidationError("The text contains a character that cannot be saved.", code="nul")
    if not body:
        raise ValidationError("Write something before posting.", code="body_required")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            f"Keep a post to {BODY_MAX_LENGTH} characters (it has {len(body)}).",
            code="body_too_long",
        )
    return body


def clean_reason(reason: str) -> str:
    """Why a teacher hides a post (its author reads it): required, at most 300 characters."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            "Say why the post is hidden; its author will see the reason.", code="reason_required"
        )
    if len(reason) > HIDDEN_REASON_MAX_LENGTH:
        raise ValidationError(
            f"Keep the reason to {HIDDEN_REASON_MAX_LENGTH} characters.", code="reason_too_long"
        )
    return reason


def validate_sentences_in_section(section: Section | None, sentences: Iterable[Sentence]) -> None:
    """Refuse sentences outside the chosen section (with no section chosen, any will do)."""
    if section is not None and any(s.section_id != section.pk for s in sentences):
        raise ValidationError(
            "The sentences you chose are not all in the section you picked. Pick their "
            "section, or leave the section empty.",
            code="sentence_outside_section",
        )


# Visibility ---------------------------------------------------------------------------


def visible_threads(assignment: Assignment, viewer, viewer_is_teacher: bool) -> QuerySet[Thread]:
    """Threads a member may see: all for a teacher of the class; for a student, all but
    those whose opening post is hidden (unless the student started it)."""
    threads = Thread.objects.filter(assignment=assignment)
    if not viewer_is_teacher:
        hidden_opening = Post.objects.filter(
            thread=OuterRef("pk"), is_opening=True, hidden_at__isnull=False
        )
        threads = threads.filter(Q(author=viewer) | ~Exists(hidden_opening))
    return threads


def is_live(post: Post) -> bool:
    """Neither deleted nor hidden: the class can read it."""
    return post.deleted_at is None and post.hidden_at is None


def has_taken_part(posts: Iterable[Post], viewer) -> bool:
    """Whether the viewer has a post among these that the class can see."""
    return any(post.author_id == viewer.pk and is_live(post) for post in posts)


def post_first_withholds(*, assignment: Assignment, viewer_is_teacher: bool, has_posted: bool):
    """Whether the post-first rule hides classmates' replies from this viewer now."""
    return assignment.discussion_post_first and not viewer_is_teacher and not has_posted


def post_visible_to(post: Post, *, viewer, viewer_is_teacher: bool, withheld: bool) -> bool:
    """Whether the viewer sees this post at all (the deleted placeholder counts as seen).

    ``withheld`` is :func:`post_first_withholds` for this viewer and thread.
    """
    if viewer_is_teacher or post.author_id == viewer.pk:
        return True
    if post.hidden_at is not None:
        return False
    return not withheld or post.is_opening


# Acting -------------------------------------------------------------------------------


def require_moderator(*, viewer_is_teacher: bool) -> None:
    """Refuse (403) a moderation step to anyone but a teacher of the class."""
    if not viewer_is_teacher:
        raise NotAllowed(
            "Only a teacher of this class can moderate its discussion.", code="not_teacher"
        )


def _locked() -> NotAllowed:
    return NotAllowed("This thread is locked.", code="thread_locked")


def require_unlocked(thread: Thread) -> None:
    """Refuse (403) any reply or edit in a locked thread."""
    if thread.is_locked:
        raise _locked()


def reply_problem(thread: Thread, parent: Post) -> ValidationError | None:
    """Why a reply cannot go under ``parent`` (another thread's, deleted, hidden), or None."""
    if parent.thread_id != thread.pk:
        return ValidationError("That post is not in this thread.", code="parent_elsewhere")
    if parent.deleted_at is not None:
        return ValidationError("That post was deleted.", code="parent_deleted")
    if parent.hidden_at is not None:
        return ValidationError("That post is hidden.", code="parent_hidden")
    return None


def can_reply_to(thread: Thread, post: Post) -> bool:
    """Whether a "Reply" to this post is offered: an unlocked thread and a live post."""
    return not thread.is_locked and reply_problem(thread, post) is None


def edit_window_open(post: Post, now: datetime | None = None) -> bool:
    """True while the author may still edit or delete the post."""
    return (now or timezone.now()) < post.created_at + EDIT_WINDOW


def edit_refusal(*, post: Post, thread: Thread, user, now: datetime | None = None):
    """Why the user may not edit or delete this post now, or None when they may."""
    if post.author_id != user.pk:
        return NotAllowed("You can only change your own posts.", code="not_author")
    if post.deleted_at is not None:
        return NotAllowed("This post was deleted.", code="post_deleted")
    if post.hidden_at is not None:
        return NotAllowed(
            "Your teacher has hidden this post, so it can no longer be changed.",
            code="post_hidden",
        )
    if not edit_window_open(post, now):
        minutes = int(EDIT_WINDOW.total_seconds() // 60)
        return NotAllowed(
            f"Posts can be edited or deleted only within {minutes} minutes of posting.",
            code="edit_window_closed",
        )
    if thread.is_locked:
        return _locked()
    return None


def require_editable(*, post: Post, thread: Thread, user, now: datetime | None = None) -> None:
    """Refuse (403) unless the user may still edit or delete this post."""
    if (refusal := edit_refusal(post=post, thread=thread, user=user, now=now)) is not None:
        raise refusal

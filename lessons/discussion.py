"""Class discussion of an assignment: services (writes) and selectors (reads).

Who may open an assignment's discussion at all is decided by
``lessons.selectors.assignment_get_for_member``; views call it first and pass the
assignment on. This module decides what a member then sees and may do:

* A thread is visible to the class unless its opening post is hidden; its author and the
  class's teachers still see it.
* A hidden post is shown to its author with the teacher's reason, marked for teachers,
  and not at all (not even its text) to classmates.
* A deleted post leaves a placeholder, so the replies under it keep their context.
* With ``Assignment.discussion_post_first`` a student sees, in each thread, only the
  opening post and their own posts until they have a visible post of their own there.
* Authors edit or delete their own posts within ``EDIT_WINDOW``; locked threads take no
  replies and no edits. Teachers pin, lock, endorse, hide, and publish prompts.

Refusals of a permitted member (a locked thread, a closed edit window, someone else's
post) raise ``DiscussionRefused``: a PermissionDenied, so Django answers 403 with the
message, carrying a ``code`` that tests assert. Bad input raises ValidationError.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from lessons.discussion_text import normalize_newlines, render_post_text
from lessons.models import Assignment, Post, Section, Sentence, TeacherNote, Thread, ThreadAnchor
from lessons.roles import is_teacher
from lessons.selectors import assignments_taught_by

EDIT_WINDOW = timedelta(minutes=30)
# A second identical post from the same person within this window is a double click or a
# resubmitted form: the first post is returned instead of a copy.
DUPLICATE_WINDOW = timedelta(seconds=60)
TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000
HIDDEN_REASON_MAX_LENGTH = 300
SNIPPET_LENGTH = 90


class DiscussionRefused(PermissionDenied):
    """A member may not do this (locked thread, closed edit window, someone else's post)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


# Validation --------------------------------------------------------------------------


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


def _clean_reason(reason: str) -> str:
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


def validate_sentences_in_section(
    section: Section | None, sentences: list[Sentence] | tuple[Sentence, ...]
) -> None:
    """Refuse sentences outside the chosen section (with no section chosen, any will do)."""
    if section is not None and any(s.section_id != section.pk for s in sentences):
        raise ValidationError(
            "The sentences you chose are not all in the section you picked. Pick their "
            "section, or leave the section empty.",
            code="sentence_outside_section",
        )


def require_moderator(*, viewer_is_teacher: bool) -> None:
    """Refuse (403) a moderation step to anyone but a teacher of the class.

    Views pass what assignment_get_for_member found; the services look it up themselves
    (_require_teacher_of), as the admin calls them too.
    """
    if not viewer_is_teacher:
        raise DiscussionRefused(
            "Only a teacher of this class can moderate its discussion.", code="not_teacher"
        )


def _require_teacher_of(user, assignment_id: int) -> None:
    require_moderator(
        viewer_is_teacher=assignments_taught_by(user).filter(pk=assignment_id).exists()
    )


def require_unlocked(thread: Thread) -> None:
    """Refuse (403) any reply or edit in a locked thread."""
    if thread.is_locked:
        raise DiscussionRefused("This thread is locked.", code="thread_locked")


def edit_window_open(post: Post, now: datetime | None = None) -> bool:
    """True while the author may still edit or delete the post."""
    return (now or timezone.now()) < post.created_at + EDIT_WINDOW


def require_editable(*, post: Post, thread: Thread, user, now: datetime | None = None) -> None:
    """Refuse (403) unless the user may still edit or delete this post."""
    if post.author_id != user.pk:
        raise DiscussionRefused("You can only change your own posts.", code="not_author")
    if post.deleted_at is not None:
        raise DiscussionRefused("This post was deleted.", code="post_deleted")
    if post.hidden_at is not None:
        raise DiscussionRefused(
            "Your teacher has hidden this post, so it can no longer be changed.",
            code="post_hidden",
        )
    if not edit_window_open(post, now):
        minutes = int(EDIT_WINDOW.total_seconds() // 60)
        raise DiscussionRefused(
            f"Posts can be edited or deleted only within {minutes} minutes of posting.",
            code="edit_window_closed",
        )
    require_unlocked(thread)


def _post_for_update(post: Post) -> Post:
    """The post re-read under a row lock, so a decision is made on its current state."""
    return Post.objects.select_for_update().select_related("thread").get(pk=post.pk)


# Services: students and teachers ------------------------------------------------------


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
    Assignment.objects.select_for_update().filter(pk=assignment.pk).exists()
    recent_twins = Thread.objects.filter(
        assignment=assignment,
        author=author,
        title=title,
        section=section,
        prompt_note=prompt_note,
        created_at__gte=now - DUPLICATE_WINDOW,
        posts__is_opening=True,
        posts__body=body,
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

    Refused with DiscussionRefused in a locked thread; with ValidationError for empty or
    oversized text and for a parent that is deleted, hidden or of another thread.
    """
    # Re-read under a row lock so a reply cannot slip in while a teacher locks the thread.
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    require_unlocked(thread)
    body = clean_body(body)
    if parent is not None:
        if parent.thread_id != thread.pk:
            raise ValidationError("That post is not in this thread.", code="parent_elsewhere")
        if parent.deleted_at is not None:
            raise ValidationError("That post was deleted.", code="parent_deleted")
        if parent.hidden_at is not None:
            raise ValidationError("That post is hidden.", code="parent_hidden")
        if parent.is_opening:
            parent = None  # answering the opening post is answering the thread
        elif parent.parent_id is not None:
            parent = parent.parent  # one level of nesting: join the top-level reply
    now = timezone.now()
    twin = (
        Post.objects.filter(
            thread=thread,
            parent=parent,
            author=author,
            body=body,
            is_opening=False,
            deleted_at__isnull=True,
            created_at__gte=now - DUPLICATE_WINDOW,
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


# Services: teachers -------------------------------------------------------------------


@transaction.atomic
def post_hide(*, post: Post, teacher, reason: str) -> Post:
    """Hide a post from the class; its author sees the reason. Re-hiding updates the reason."""
    _require_teacher_of(teacher, post.thread.assignment_id)
    post = _post_for_update(post)
    reason = _clean_reason(reason)
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


# Selectors ----------------------------------------------------------------------------


def discussion_link_for(assignment: Assignment) -> str:
    """The address of the assignment's discussion page."""
    return reverse("lessons:discussion", args=[assignment.pk])


def _anchors_in_reading_order(**filters) -> QuerySet[ThreadAnchor]:
    return (
        ThreadAnchor.objects.filter(**filters)
        .select_related("sentence__section")
        .order_by("sentence__section__position", "sentence__position")
    )


def _visible_threads(assignment: Assignment, viewer, viewer_is_teacher: bool) -> QuerySet[Thread]:
    """Threads a member may see: all for a teacher; else unless the opening post is hidden."""
    threads = Thread.objects.filter(assignment=assignment)
    if not viewer_is_teacher:
        hidden_opening = Post.objects.filter(
            thread=OuterRef("pk"), is_opening=True, hidden_at__isnull=False
        )
        threads = threads.filter(Q(author=viewer) | ~Exists(hidden_opening))
    return threads


_LIVE_REPLY = Q(posts__is_opening=False, posts__deleted_at__isnull=True)


def threads_for_list(
    *, assignment: Assignment, viewer, viewer_is_teacher: bool, sentence_id: int | None = None
) -> list[Thread]:
    """The threads of the discussion page, pinned first, then by latest activity.

    Each thread carries reply_count (replies the class can see), endorsed_count,
    hidden_count (for teachers), and anchor_sentences (its anchors' sentences in order).
    Two queries whatever the number of threads and posts.
    """
    threads = (
        _visible_threads(assignment, viewer, viewer_is_teacher)
        .select_related("author", "section")
        .annotate(
            reply_count=Count("posts", filter=_LIVE_REPLY & Q(posts__hidden_at__isnull=True)),
            endorsed_count=Count(
                "posts",
                filter=Q(
                    posts__deleted_at__isnull=True,
                    posts__hidden_at__isnull=True,
                    posts__endorsed_at__isnull=False,
                ),
            ),
            hidden_count=Count("posts", filter=Q(posts__hidden_at__isnull=False)),
        )
        .order_by("-is_pinned", "-last_activity_at", "-id")
    )
    if sentence_id is not None:
        threads = threads.filter(
            pk__in=ThreadAnchor.objects.filter(sentence_id=sentence_id).values("thread")
        )
    threads = list(threads)
    anchors_by_thread: dict[int, list[Sentence]] = defaultdict(list)
    if threads:
        for anchor in _anchors_in_reading_order(thread__in=[t.pk for t in threads]):
            anchors_by_thread[anchor.thread_id].append(anchor.sentence)
    for thread in threads:
        thread.anchor_sentences = anchors_by_thread.get(thread.pk, [])
        thread.anchor_snippet = anchor_snippet(thread, thread.anchor_sentences)
    return threads


def anchor_snippet(thread: Thread, sentences: list[Sentence]) -> str:
    """A short "what is this about": the first anchored sentence, or the section heading."""
    if sentences:
        snippet = Truncator(sentences[0].text).chars(SNIPPET_LENGTH)
        if len(sentences) > 1:
            snippet += f" (+{len(sentences) - 1} more)"
        return snippet
    if thread.section_id:
        return thread.section.display_heading
    return ""


def thread_get_for_viewer(
    *, assignment: Assignment, thread_id: int, viewer, viewer_is_teacher: bool
) -> Thread:
    """A thread of this assignment the viewer may see, with its anchors; else Http404."""
    try:
        thread = (
            _visible_threads(assignment, viewer, viewer_is_teacher)
            .select_related("author", "section")
            .get(pk=thread_id)
        )
    except Thread.DoesNotExist:
        raise Http404("This discussion thread does not exist or is not open to you.") from None
    thread.assignment = assignment  # already fetched with its lesson and classroom
    thread.anchor_sentences = [
        anchor.sentence for anchor in _anchors_in_reading_order(thread=thread)
    ]
    return thread


def author_has_posted(posts: list[Post], viewer) -> bool:
    """True when the viewer has a post in the thread that the class can see."""
    return any(
        p.author_id == viewer.pk and p.deleted_at is None and p.hidden_at is None for p in posts
    )


@dataclass
class PostView:
    """One post as one viewer sees it: what to show and which actions to offer."""

    post: Post
    show_body: bool = True  # false for the deleted placeholder
    hidden_notice: str = ""  # "Hidden by your teacher: …" for the author
    hidden_for_teacher: bool = False  # teachers see hidden posts marked
    by_teacher: bool = False
    can_change: bool = False  # edit and delete (own post, window open, thread unlocked)
    can_reply: bool = False
    in_reply_to: str = ""  # the top-level reply's author, for replies shown flat under it
    replies: list[PostView] = field(default_factory=list)

    @property
    def is_deleted(self) -> bool:
        return self.post.deleted_at is not None

    @property
    def body_html(self) -> SafeString:
        """The body as safe HTML (empty for the deleted placeholder)."""
        return render_post_text(self.post.body) if self.show_body else SafeString("")

    @property
    def author_name(self) -> str:
        return display_name(self.post.author)


@dataclass
class ThreadPage:
    """What the thread page shows to one viewer."""

    opening: PostView | None
    replies: list[PostView]  # top-level replies, each with its replies flat beneath
    withheld_count: int  # classmates' replies hidden by the post-first rule
    gated: bool  # the post-first rule applies to this viewer in this thread
    reply_count: int  # replies the class can see (shown even when gated)


def display_name(user) -> str:
    """How a person is named in the discussion: full name, else username."""
    return user.get_full_name() or user.get_username()


def thread_page_for_viewer(
    *, thread: Thread, viewer, viewer_is_teacher: bool, now: datetime | None = None
) -> ThreadPage:
    """The posts of a thread as the viewer may see them (two queries, any thread size)."""
    now = now or timezone.now()
    posts = list(
        Post.objects.filter(thread=thread)
        .select_related("author", "endorsed_by", "hidden_by")
        .order_by("created_at", "id")
    )
    teacher_ids = set(thread.assignment.classroom.teachers.values_list("pk", flat=True))
    gated = (
        not viewer_is_teacher
        and thread.assignment.discussion_post_first
        and not author_has_posted(posts, viewer)
    )

    def visible(post: Post) -> bool:
        if viewer_is_teacher or post.author_id == viewer.pk:
            return True
        if post.hidden_at is not None:
            return False
        return not gated or post.is_opening

    def view(post: Post) -> PostView:
        own = post.author_id == viewer.pk
        return PostView(
            post=post,
            show_body=post.deleted_at is None,
            hidden_notice=(
                f"Hidden by your teacher: {post.hidden_reason}"
                if own and not viewer_is_teacher and post.hidden_at is not None
                else ""
            ),
            hidden_for_teacher=viewer_is_teacher and post.hidden_at is not None,
            by_teacher=post.author_id in teacher_ids,
            can_change=(
                own
                and post.deleted_at is None
                and post.hidden_at is None
                and not thread.is_locked
                and edit_window_open(post, now)
            ),
            can_reply=(not thread.is_locked and post.deleted_at is None and post.hidden_at is None),
        )

    opening = None
    top_level: dict[int, PostView] = {}
    replies: list[PostView] = []
    withheld = 0
    reply_count = 0
    for post in posts:
        live_reply = not post.is_opening and post.deleted_at is None and post.hidden_at is None
        if live_reply:
            reply_count += 1
        if not visible(post):
            if live_reply:
                withheld += 1
            continue
        item = view(post)
        if post.is_opening:
            opening = item
        elif post.parent_id is not None and post.parent_id in top_level:
            parent = top_level[post.parent_id]
            item.in_reply_to = display_name(parent.post.author) if parent.show_body else ""
            parent.replies.append(item)
        else:
            # A direct reply; or a reply whose top-level reply this viewer may not see,
            # shown on its own so nothing of the unseen post leaks.
            if post.parent_id is None:
                top_level[post.pk] = item
            replies.append(item)
    return ThreadPage(
        opening=opening,
        replies=replies,
        withheld_count=withheld,
        gated=gated,
        reply_count=reply_count,
    )


def post_get_for_viewer(*, thread: Thread, post_id: int, viewer, viewer_is_teacher: bool) -> Post:
    """A post of the thread that the viewer can see (so may act on), else Http404."""
    try:
        post = Post.objects.select_related("thread__assignment", "author").get(
            pk=post_id, thread=thread
        )
    except Post.DoesNotExist:
        raise Http404("This post does not exist.") from None
    if viewer_is_teacher or post.author_id == viewer.pk:
        return post
    if post.hidden_at is not None:
        raise Http404("This post does not exist.")
    if thread.assignment.discussion_post_first and not post.is_opening:
        own = Post.objects.filter(
            thread=thread, author=viewer, deleted_at__isnull=True, hidden_at__isnull=True
        )
        if not own.exists():
            raise Http404("This post does not exist.")
    return post


def prompts_unpublished(*, assignment: Assignment) -> list[TeacherNote]:
    """The lesson's discussion-prompt notes not yet published to this assignment.

    Teacher notes: call this only for a teacher of the class.
    """
    published = Thread.objects.filter(assignment=assignment, prompt_note=OuterRef("pk"))
    return list(
        TeacherNote.objects.filter(
            section__lesson_id=assignment.lesson_id, kind=TeacherNote.Kind.DISCUSSION_PROMPT
        )
        .exclude(Exists(published))
        .select_related("section", "sentence")
        .order_by("section__position", "id")
    )


def prompt_get_for_publishing(*, assignment: Assignment, note_id: int) -> TeacherNote:
    """A discussion-prompt note of the assignment's lesson, else Http404."""
    try:
        return TeacherNote.objects.select_related("section", "sentence").get(
            pk=note_id,
            section__lesson_id=assignment.lesson_id,
            kind=TeacherNote.Kind.DISCUSSION_PROMPT,
        )
    except TeacherNote.DoesNotExist:
        raise Http404("No discussion prompt of this reading has this address.") from None


def lesson_sections_with_sentences(*, assignment: Assignment) -> list[Section]:
    """The lesson's sections with their sentences prefetched (two queries)."""
    return list(
        Section.objects.filter(lesson_id=assignment.lesson_id)
        .prefetch_related("sentences")
        .order_by("position")
    )


def thread_counts_by_sentence(*, assignment: Assignment, viewer) -> dict[int, int]:
    """How many threads the viewer can see on each sentence of the assignment's lesson.

    The viewer has been admitted to the assignment (assignment_get_for_member): a teacher
    of its class sees every thread, a student the visible ones. One query.
    """
    anchors = ThreadAnchor.objects.filter(thread__assignment=assignment)
    if not is_teacher(viewer):
        hidden_opening = Post.objects.filter(
            thread=OuterRef("thread"), is_opening=True, hidden_at__isnull=False
        )
        anchors = anchors.filter(Q(thread__author=viewer) | ~Exists(hidden_opening))
    return dict(
        anchors.values("sentence_id")
        .annotate(count=Count("thread_id", distinct=True))
        .values_list("sentence_id", "count")
    )


@dataclass
class Participation:
    """A student's part in one assignment's discussion."""

    threads: int = 0
    replies: int = 0
    sentence_ids: set[int] = field(default_factory=set)


def participation_by_student(*, assignment: Assignment) -> dict[int, Participation]:
    """Per enrolled student who took part: threads started, replies, sentences discussed.

    Deleted posts do not count; hidden ones do (the teacher sees them). A sentence counts
    as discussed when the student posted in a thread anchored to it. Students who have not
    taken part are absent: use ``.get(student.pk) or Participation()``. Two queries.
    """
    posts = Post.objects.filter(
        thread__assignment=assignment,
        deleted_at__isnull=True,
        author__enrollments__classroom_id=assignment.classroom_id,
    )
    result: dict[int, Participation] = {}
    for author_id, is_opening, count in (
        posts.values("author_id", "is_opening")
        .annotate(count=Count("id"))
        .values_list("author_id", "is_opening", "count")
    ):
        entry = result.setdefault(author_id, Participation())
        if is_opening:
            entry.threads += count
        else:
            entry.replies += count
    for author_id, sentence_id in (
        ThreadAnchor.objects.filter(
            thread__assignment=assignment,
            thread__posts__deleted_at__isnull=True,
            thread__posts__author__enrollments__classroom_id=assignment.classroom_id,
        )
        .values_list("thread__posts__author_id", "sentence_id")
        .distinct()
    ):
        result.setdefault(author_id, Participation()).sentence_ids.add(sentence_id)
    return result

"""Reads of the class discussion: the thread list, a thread as one viewer sees it, posts
and prompts, and the per-sentence counts the reading page shows.

Every selector takes the viewer and whether they teach the class (as
``assignment_get_for_member`` found) and applies :mod:`discussions.rules`; each runs a
bounded number of queries whatever the number of threads and posts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from discussions.models import Post, Thread, ThreadAnchor
from discussions.rules import (
    can_reply_to,
    edit_refusal,
    has_taken_part,
    is_live,
    post_first_withholds,
    post_visible_to,
    visible_threads,
)
from discussions.text import render_post_text
from lessons.models import Assignment, Section, Sentence, TeacherNote
from lessons.people import display_name
from lessons.refusals import NotFound

SNIPPET_LENGTH = 90


def discussion_link_for(assignment: Assignment) -> str:
    """The address of the assignment's discussion page."""
    return reverse("discussions:list", args=[assignment.pk])


def _anchors_in_reading_order(**filters) -> QuerySet[ThreadAnchor]:
    return (
        ThreadAnchor.objects.filter(**filters)
        .select_related("sentence__section")
        .order_by("sentence__section__position", "sentence__position")
    )


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
        visible_threads(assignment, viewer, viewer_is_teacher)
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
    """A thread of this assignment the viewer may see, with its anchors; else NotFound."""
    try:
        thread = (
            visible_threads(assignment, viewer, viewer_is_teacher)
            .select_related("author", "section")
            .get(pk=thread_id)
        )
    except Thread.DoesNotExist:
        raise NotFound(
            "This discussion thread does not exist or is not open to you.", code="no_such_thread"
        ) from None
    thread.assignment = assignment  # already fetched with its lesson and classroom
    thread.anchor_sentences = [
        anchor.sentence for anchor in _anchors_in_reading_order(thread=thread)
    ]
    return thread


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
    hidden_count: int = 0  # replies a teacher hid (counted for teachers only)


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
    withheld = post_first_withholds(
        assignment=thread.assignment,
        viewer_is_teacher=viewer_is_teacher,
        has_posted=has_taken_part(posts, viewer),
    )

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
            can_change=edit_refusal(post=post, thread=thread, user=viewer, now=now) is None,
            can_reply=can_reply_to(thread, post),
        )

    opening = None
    top_level: dict[int, PostView] = {}
    replies: list[PostView] = []
    withheld_count = 0
    reply_count = 0
    hidden_count = 0
    for post in posts:
        live_reply = not post.is_opening and is_live(post)
        if live_reply:
            reply_count += 1
        elif viewer_is_teacher and not post.is_opening and post.deleted_at is None:
            hidden_count += post.hidden_at is not None
        if not post_visible_to(
            post, viewer=viewer, viewer_is_teacher=viewer_is_teacher, withheld=withheld
        ):
            if live_reply:
                withheld_count += 1
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
        withheld_count=withheld_count,
        gated=withheld,
        reply_count=reply_count,
        hidden_count=hidden_count,
    )


def post_get_for_viewer(*, thread: Thread, post_id: int, viewer, viewer_is_teacher: bool) -> Post:
    """A post of the thread that the viewer can see (so may act on), else NotFound."""
    try:
        post = Post.objects.select_related("thread__assignment", "author").get(
            pk=post_id, thread=thread
        )
    except Post.DoesNotExist:
        raise NotFound("This post does not exist.", code="no_such_post") from None
    if viewer_is_teacher or post.author_id == viewer.pk:
        return post
    assignment = thread.assignment
    own_posts = (
        Post.objects.filter(thread=thread, author=viewer)
        if assignment.discussion_post_first
        else []
    )
    withheld = post_first_withholds(
        assignment=assignment,
        viewer_is_teacher=viewer_is_teacher,
        has_posted=has_taken_part(own_posts, viewer),
    )
    if not post_visible_to(
        post, viewer=viewer, viewer_is_teacher=viewer_is_teacher, withheld=withheld
    ):
        raise NotFound("This post does not exist.", code="no_such_post")
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
    """A discussion-prompt note of the assignment's lesson, else NotFound."""
    try:
        return TeacherNote.objects.select_related("section", "sentence").get(
            pk=note_id,
            section__lesson_id=assignment.lesson_id,
            kind=TeacherNote.Kind.DISCUSSION_PROMPT,
        )
    except TeacherNote.DoesNotExist:
        raise NotFound(
            "No discussion prompt of this reading has this address.", code="no_such_prompt"
        ) from None


def lesson_sections_with_sentences(*, assignment: Assignment) -> list[Section]:
    """The lesson's sections with their sentences prefetched (two queries)."""
    return list(
        Section.objects.filter(lesson_id=assignment.lesson_id)
        .prefetch_related("sentences")
        .order_by("position")
    )


def thread_counts_by_sentence(
    *, assignment: Assignment, viewer, viewer_is_teacher: bool
) -> dict[int, int]:
    """How many threads the viewer can see on each sentence of the assignment's lesson.

    The viewer has been admitted to the assignment (assignment_get_for_member), which also
    says whether they teach its class. One query.
    """
    return dict(
        ThreadAnchor.objects.filter(
            thread__in=visible_threads(assignment, viewer, viewer_is_teacher)
        )
        .values("sentence_id")
        .annotate(count=Count("thread_id", distinct=True))
        .values_list("sentence_id", "count")
    )

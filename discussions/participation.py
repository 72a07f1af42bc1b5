"""Who took part in an assignment's discussion: the one selector other apps read.

The results table (quizzes) shows each student's threads, replies and the sentences they
discussed; it reads them here, so nothing outside this app queries the discussion's
tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from discussions.models import Post, ThreadAnchor
from lessons.models import Assignment


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

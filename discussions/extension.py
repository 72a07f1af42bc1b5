"""What the discussion adds to the lessons app's pages (hooks of lessons.extensions).

Named in ``settings.ASSIGNMENT_EXTENSIONS``: the dashboards and the assignment's admin
page link to each assignment's discussion, and the reading page shows how many threads
each sentence has, with a way to start one.
"""

from __future__ import annotations

from discussions.selectors import discussion_link_for, thread_counts_by_sentence
from lessons.extensions import AssignmentItem, ReadingTool


def assignment_items(*, user, assignments, for_teacher: bool) -> dict[int, list[AssignmentItem]]:
    """A link to each assignment's class discussion (no query)."""
    label = "Discussion" if for_teacher else "Class discussion"
    return {
        assignment.pk: [AssignmentItem(label=label, url=discussion_link_for(assignment))]
        for assignment in assignments
    }


def reading_tools(*, assignment, viewer, viewer_is_teacher: bool) -> list[ReadingTool]:
    """The discussion beside the text: threads per sentence the viewer may see (one query)."""
    return [
        ReadingTool(
            label="Class discussion",
            url=discussion_link_for(assignment),
            noun="thread",
            action="Discuss",
            action_help="Discuss a sentence of this section with your class",
            counts=thread_counts_by_sentence(
                assignment=assignment, viewer=viewer, viewer_is_teacher=viewer_is_teacher
            ),
        )
    ]

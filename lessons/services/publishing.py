"""Publishing a lesson and taking it back to draft, by its editors, guarding the classes.

The rule is the one the lesson's admin form applies (``lessons.admin.ownership``): only
the owner, co-editors and superusers change a lesson (``is_editor``); a change of status
is refused while classes the editor does not teach use it (``classes_using``); taking it
back to draft while the editor's own classes use it needs their confirmation. The admin's
Publish/Unpublish actions and the site's "Publish and assign" both call these.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.models import Lesson
from lessons.ownership import classes_using, is_editor


def lesson_status_problem(*, lesson: Lesson, editor, status: str, confirmed: bool = False):
    """Why ``editor`` may not set ``lesson`` to ``status`` now, as a ValidationError, or None.

    Codes: ``not_editor``, ``in_use_elsewhere``, ``confirm_unpublish`` (only the editor's
    own classes use it and ``confirmed`` is false).
    """
    if not is_editor(editor, lesson):
        return ValidationError(
            "Only the owner and co-editors of “%(lesson)s” publish it or take it back to "
            "draft. Use “Duplicate to edit” to make your own copy.",
            code="not_editor",
            params={"lesson": lesson},
        )
    if lesson.status == status:
        return None
    use = classes_using(lesson, editor)
    if use.others:
        return ValidationError(
            "“%(lesson)s” is used by classes you do not teach (%(classes)s), so its status "
            "cannot change under them. Use “Duplicate to edit” to make your own copy.",
            code="in_use_elsewhere",
            params={"lesson": lesson, "classes": use.names(use.others)},
        )
    if status == Lesson.Status.DRAFT and use.taught and not confirmed:
        return ValidationError(
            "Taking “%(lesson)s” back to draft hides it from your classes %(classes)s until "
            "you publish it again: confirm on the lesson's page.",
            code="confirm_unpublish",
            params={"lesson": lesson, "classes": use.names(use.taught)},
        )
    return None


@transaction.atomic
def lesson_set_status(*, lesson: Lesson, editor, status: str, confirmed: bool = False) -> Lesson:
    """Publish ``lesson`` or take it back to draft; raises the ``lesson_status_problem``."""
    problem = lesson_status_problem(
        lesson=lesson, editor=editor, status=status, confirmed=confirmed
    )
    if problem is not None:
        raise problem
    if lesson.status != status:
        lesson.status = status
        lesson.save(update_fields=["status", "updated_at"])
    return lesson

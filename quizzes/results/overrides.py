"""A teacher's change to the points of one response, logged and reflected in the total."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.locking import lock
from lessons.selectors import assignments_taught_by
from quizzes.grading import total_points
from quizzes.models import Attempt, Response, ScoreOverride

#: Overrides are stored with two decimal places, like every other point value.
POINTS_PLACES = Decimal("0.01")
COMMENT_MAX_LENGTH = 1000


def _check_points(points: Decimal | None, maximum: Decimal) -> Decimal | None:
    if points is None:
        return None
    if isinstance(points, bool) or not isinstance(points, Decimal | int):
        raise TypeError(f"points must be a Decimal, not {type(points).__name__}")
    points = Decimal(points)
    if not points.is_finite() or points < 0 or points > maximum:
        raise ValidationError(
            "Points must be between 0 and %(maximum)s for this question.",
            code="points_out_of_range",
            params={"maximum": maximum},
        )
    if points != points.quantize(POINTS_PLACES):
        raise ValidationError(
            "Points can have at most two decimal places.", code="points_too_precise"
        )
    return points.quantize(POINTS_PLACES)


def response_override(
    *, response: Response, teacher, points: Decimal | None, comment: str
) -> Response:
    """Set (or, with ``points=None``, clear) a teacher's override of a response's points.

    The teacher must teach the attempt's class (code ``not_your_class``); the attempt must
    be submitted (``attempt_not_submitted``: an attempt still being answered is graded on
    submit); points run from 0 to the question's points (``points_out_of_range``) with at
    most two decimals (``points_too_precise``). The attempt row is locked while the change
    is written, the change is logged as a ScoreOverride (final points before and after,
    who, when, comment), and the attempt's score becomes the sum of its final points, so
    two teachers overriding two answers at once cannot lose either change. Repeating the
    same override writes nothing.
    """
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            "Keep the comment under %(limit)s characters.",
            code="comment_too_long",
            params={"limit": COMMENT_MAX_LENGTH},
        )
    with transaction.atomic():
        attempt = lock(response.attempt)
        if not assignments_taught_by(teacher).filter(pk=attempt.assignment_id).exists():
            raise ValidationError(
                "You can only change the points of classes you teach.", code="not_your_class"
            )
        if attempt.status != Attempt.Status.SUBMITTED:
            raise ValidationError(
                "This attempt is still in progress: its points are set when it is submitted.",
                code="attempt_not_submitted",
            )
        # Re-read the response under the attempt's lock: the caller's copy may be stale.
        current = Response.objects.select_related("question").get(pk=response.pk)
        new_override = _check_points(points, current.question.points)

        if current.override_points == new_override and current.override_comment == comment:
            return current
        before = current.final_points
        current.override_points = new_override
        current.override_comment = comment
        current.save(update_fields=["override_points", "override_comment"])
        ScoreOverride.objects.create(
            response=current,
            teacher=teacher,
            points_before=before,
            points_after=current.final_points,
            comment=comment,
        )

        finals = [
            r.final_points
            for r in Response.objects.filter(attempt_id=attempt.pk).only(
                "points", "override_points"
            )
        ]
        attempt.score = total_points(p for p in finals if p is not None)
        attempt.save(update_fields=["score"])
    current.attempt = attempt
    return current

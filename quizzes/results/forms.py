"""The forms on the teacher's attempt review: points and a comment overriding one response.

The page holds one :class:`ResponseOverrideForm` per answered question, each with its own
prefix; :func:`attach_override_forms` gives every question of a review its form.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

from quizzes.results.overrides import COMMENT_MAX_LENGTH
from quizzes.results.review import AttemptReview

#: Refusals of ``response_override`` that belong beside the points field.
POINTS_CODES = ("points_out_of_range", "points_too_precise")


class ResponseOverrideForm(forms.Form):
    """Points and a comment replacing a response's automatic points."""

    points = forms.DecimalField(
        label="Override points",
        required=False,
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        help_text="Leave empty to use the automatic points.",
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the points changed; kept in the log below.",
    )

    def __init__(self, *args, max_points: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].max_value = max_points
        self.fields["points"].label = f"Override points (0–{max_points})"
        self.fields["points"].widget.attrs.update({"max": str(max_points), "step": "0.01"})
        # DecimalField built its validators before max_value was known.
        self.fields["points"].validators.append(MaxValueValidator(max_points))

    def add_refusal(self, error: ValidationError) -> None:
        """Show a refusal of the override service beside the field it is about."""
        self.add_error("points" if error.code in POINTS_CODES else None, error)


def form_prefix(response_id: int) -> str:
    """The prefix of one response's override form: the page holds one form per response."""
    return f"r{response_id}"


def attach_override_forms(
    review: AttemptReview, *, bound: ResponseOverrideForm | None = None
) -> None:
    """Give each answered question of the review its override form (``item.form``).

    ``bound`` is a posted form that failed: it replaces the fresh form of its response, so
    its errors show; every other form starts from the response's current override.
    """
    for item in review.responses:
        if item.response is None:
            item.form = None
            continue
        if bound is not None and bound.prefix == form_prefix(item.response.pk):
            item.form = bound
        else:
            item.form = ResponseOverrideForm(
                prefix=form_prefix(item.response.pk),
                max_points=item.question.points,
                initial={
                    "points": item.response.override_points,
                    "comment": item.response.override_comment,
                },
            )

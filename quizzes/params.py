"""Ids in request text, as every quizzes form, page and admin reads them.

One rule: :func:`lessons.params.int_from_digits` (ASCII digits only, few enough to fit a
database id), surrounding spaces ignored, and never 0, which no row has. The take page's
answer fields, the question form's ``?quiz=`` and the results pages' ``?quiz=`` all read
their ids here, so they accept and refuse the same text.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest

from lessons.params import int_from_digits


def positive_id(raw: object) -> int | None:
    """The id written in ``raw``, or None when it is not a positive whole number."""
    value = int_from_digits(raw.strip()) if isinstance(raw, str) else None
    return value or None


def optional_id(raw: str | None, *, name: str) -> int | None:
    """An id from a query-string value: None when absent, BadRequest (400) when not an id."""
    if raw in (None, ""):
        return None
    value = positive_id(raw)
    if value is None:
        raise BadRequest(f"The {name} must be a positive whole number.")
    return value

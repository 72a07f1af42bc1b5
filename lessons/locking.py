"""One way to serialise a write that must not race, and one double-submit window.

Every service that decides on the current state of a row (an attempt being submitted, a
thread being replied to, a quiz being renumbered) re-reads that row with :func:`lock`.
Every "a double click returns the first one instead of a copy" guard locks the row that
owns the new ones (the teacher, the assignment, the thread) and then looks back over
:data:`DOUBLE_SUBMIT_WINDOW` with :func:`recent`, so the second click finds the first.

On PostgreSQL the lock is a row lock (``SELECT ... FOR UPDATE``) held until the
transaction ends. SQLite ignores ``select_for_update``, but there every write transaction
holds the database's single write lock from its first statement (``BEGIN IMMEDIATE``,
see config/env.py), so the same code is serialised there too. Call these inside
``transaction.atomic``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import models
from django.utils import timezone

#: A second identical submission from the same person within this window is a double
#: click or a resubmitted form: the first one is returned instead of a copy.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=60)

M = TypeVar("M", bound=models.Model)


def lock(instance: M, *, related: Sequence[str] = ()) -> M:
    """The row of ``instance`` read again under a lock, with ``related`` joined (and locked)."""
    # __class__, not type(): request.user is a lazy proxy whose type() is the proxy's own.
    queryset = instance.__class__._default_manager.select_for_update()
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=instance.pk)


def lock_rows(queryset: models.QuerySet[M]) -> list[M]:
    """The rows of ``queryset``, read under a lock (when there may be none to re-read)."""
    return list(queryset.select_for_update())


def recent(
    queryset: models.QuerySet[M], *, field: str = "created_at", now: datetime | None = None
) -> models.QuerySet[M]:
    """The rows of ``queryset`` created within :data:`DOUBLE_SUBMIT_WINDOW` of ``now``."""
    moment = now or timezone.now()
    return queryset.filter(**{f"{field}__gte": moment - DOUBLE_SUBMIT_WINDOW})

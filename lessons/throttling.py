"""Limits on guessing: failed sign-ins from one address, wrong join codes.

A fixed-window counter per (limit, key) in Django's cache: after ``attempts`` failures
within ``window`` the key is blocked until the window ends. Only failures are counted, so
a class signing in correctly writes nothing. With Redis as the cache (``REDIS_URL``) the
counts are shared by every server process; with the local-memory cache each process
counts for itself, which still holds the embedded default (one process).

Per-account lockouts after wrong passwords are django-axes' job (settings.AXES_*); these
limits are per network address (high, because a school's pupils share one address) and
per student for join codes.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` failures per key within ``window``."""

    name: str
    attempts: int
    window: timedelta

    @property
    def seconds(self) -> int:
        return int(self.window.total_seconds())


def _limit(setting: str, default_attempts: int, default_minutes: int) -> Limit:
    attempts, minutes = getattr(settings, setting, (default_attempts, default_minutes))
    return Limit(setting.lower(), int(attempts), timedelta(minutes=int(minutes)))


def sign_in_per_address() -> Limit:
    """Failed sign-ins from one address (``THROTTLE_SIGN_IN_PER_ADDRESS``)."""
    return _limit("THROTTLE_SIGN_IN_PER_ADDRESS", 100, 15)


def join_codes_per_student() -> Limit:
    """Wrong join codes typed by one student (``THROTTLE_JOIN_CODES_PER_STUDENT``)."""
    return _limit("THROTTLE_JOIN_CODES_PER_STUDENT", 10, 15)


def join_codes_per_address() -> Limit:
    """Wrong join codes from one address (``THROTTLE_JOIN_CODES_PER_ADDRESS``)."""
    return _limit("THROTTLE_JOIN_CODES_PER_ADDRESS", 100, 15)


def _keys(limit: Limit, key: str) -> tuple[str, str]:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}:count", f"throttle:{limit.name}:{digest}:start"


def seconds_blocked(limit: Limit, key: str) -> int:
    """How long ``key`` must still wait (0 when it is not blocked)."""
    count_key, start_key = _keys(limit, key)
    values = cache.get_many([count_key, start_key])
    if values.get(count_key, 0) < limit.attempts:
        return 0
    started = values.get(start_key, time.time())
    return max(1, int(started + limit.seconds - time.time()))


def record_failure(limit: Limit, key: str) -> None:
    """Count one failure for ``key`` in the current window."""
    count_key, start_key = _keys(limit, key)
    cache.add(start_key, time.time(), limit.seconds)
    if cache.add(count_key, 1, limit.seconds):
        return
    try:
        cache.incr(count_key)
    except ValueError:  # the window ended between add and incr
        cache.add(count_key, 1, limit.seconds)


def reset(limit: Limit, key: str) -> None:
    """Forget ``key``'s failures (a success ends the run of mistakes)."""
    cache.delete_many(list(_keys(limit, key)))


def wait_wording(seconds: int) -> str:
    """ "in 12 minutes", "in 1 minute", "in 30 seconds"."""
    if seconds >= 90:
        minutes = round(seconds / 60)
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    if seconds > 60:
        return "in about a minute"
    return f"in {seconds} second{'s' if seconds != 1 else ''}"


def client_address(request) -> str:
    """The client's network address, trusting ``X-Forwarded-For`` only behind a proxy.

    ``settings.TRUSTED_PROXY_HOPS`` is how many proxies in front of the app append to
    X-Forwarded-For (0: none, use REMOTE_ADDR); the client is that many entries from the
    right, so a client cannot forge its own address by sending the header.
    """
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"

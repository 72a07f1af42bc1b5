"""Short-answer patterns: the regular expressions a teacher may key an answer with.

Python's ``re`` has no timeout, so a teacher's pattern is a risk to every submit that
grades it. Here a pattern is compiled once (cached), refused when it is malformed or
repeats a repetition (the classic shape of exponential backtracking), and matched only
against answers of bounded length. :func:`validate_pattern` is what forms call;
:func:`pattern_fullmatch` is what :func:`quizzes.grading.grade_short_answer` calls.
Pure: no database, no model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.core.exceptions import ValidationError

#: Answers longer than this (after stripping) are never matched against a pattern.
#: Python's ``re`` has no timeout, and even patterns that are not exponential can be
#: quadratic or cubic in the input, so the input must be bounded. 500 characters is
#: far beyond any honest short answer; accepted-answer comparison still applies.
#: This bounds, but does not remove, polynomial cost: a pattern with four adjacent
#: overlapping unbounded repeats (``.*.*.*.*x``) still takes seconds on 500 characters.
#: Exponential patterns are refused outright by :func:`validate_pattern`.
MAX_PATTERN_INPUT_LENGTH = 500


def _is_nested_repeat(parsed: object) -> bool:
    """Whether a parsed pattern repeats, without bound, something that itself repeats.

    That shape, as in ``(a+)+`` or ``(\\w+\\s?)+``, is the classic cause of
    exponential backtracking. Overlapping alternations such as ``(a|a)+`` are not
    detected: this is a heuristic, backed by the input length limit.
    """
    # re._constants (like re._parser) is private, but it is what ``re`` itself uses and
    # exists under this name from Python 3.11 (the project's pinned version) onwards.
    from re import _constants as c  # type: ignore[attr-defined]

    def contains_repeat(items: Iterable[tuple[object, object]]) -> bool:
        return any(walk(op, av, inside_unbounded=True) for op, av in items)

    def walk(op: object, av: object, *, inside_unbounded: bool) -> bool:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            _low, high, body = av  # type: ignore[misc]
            if inside_unbounded and high > 1:
                return True
            if high == c.MAXREPEAT:
                return contains_repeat(body)
            return any(walk(o, a, inside_unbounded=inside_unbounded) for o, a in body)
        children: list[Iterable[tuple[object, object]]] = []
        if op in (c.POSSESSIVE_REPEAT, c.ATOMIC_GROUP):
            # Once left, these never backtrack into their body, so repeating them is
            # safe; but a nested repeat inside them still backtracks while they match.
            body = av[2] if op == c.POSSESSIVE_REPEAT else av  # type: ignore[index]
            return any(walk(o, a, inside_unbounded=False) for o, a in body)  # type: ignore[union-attr]
        if op == c.SUBPATTERN:
            children = [av[3]]  # type: ignore[index]
        elif op == c.BRANCH:
            children = list(av[1])  # type: ignore[index]
        elif op in (c.ASSERT, c.ASSERT_NOT):
            children = [av[1]]  # type: ignore[index]
        elif op == c.GROUPREF_EXISTS:
            children = [branch for branch in av[1:] if branch is not None]  # type: ignore[index]
        return any(
            walk(o, a, inside_unbounded=inside_unbounded) for child in children for o, a in child
        )

    return any(walk(op, av, inside_unbounded=False) for op, av in parsed)  # type: ignore[attr-defined]


@lru_cache(maxsize=256)
def _compile_pattern(pattern: str) -> tuple[re.Pattern[str] | None, str]:
    """Compile a teacher's pattern once; return (compiled or None, error code or "")."""
    # Imported here to keep the private module out of the import-time path of callers
    # that never grade a pattern.
    from re import _parser  # type: ignore[attr-defined]

    try:
        compiled = re.compile(pattern, re.IGNORECASE)
        parsed = _parser.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None, "invalid_pattern"
    if _is_nested_repeat(parsed):
        return None, "unsafe_pattern"
    return compiled, ""


def validate_pattern(pattern: str) -> None:
    """Check a short-answer pattern for a form; an empty pattern means "no pattern".

    Raises ``ValidationError`` with code ``invalid_pattern`` if it is not a valid
    regular expression, or ``unsafe_pattern`` if it repeats a repetition (such as
    ``(\\w+\\s?)+``), which can take exponential time on a non-matching answer.
    Grading treats any pattern rejected here as matching nothing.
    """
    if not pattern:
        return
    _compiled, code = _compile_pattern(pattern)
    if code == "invalid_pattern":
        raise ValidationError(
            "Enter a valid regular expression.", code="invalid_pattern", params={"value": pattern}
        )
    if code == "unsafe_pattern":
        raise ValidationError(
            "This pattern repeats a repetition (like (a+)+), which can make grading hang. "
            "Rewrite it without the nested repetition.",
            code="unsafe_pattern",
            params={"value": pattern},
        )


def pattern_fullmatch(pattern: str, text: str) -> bool:
    """Whether ``pattern`` (case-insensitive) matches the whole of the stripped answer.

    The answer is NFC-normalised first, so that an accent typed as a combining mark still
    matches ``é``. A pattern that :func:`validate_pattern` refuses matches nothing, and an
    answer longer than :data:`MAX_PATTERN_INPUT_LENGTH` characters is never matched.
    """
    stripped = unicodedata.normalize("NFC", text).strip()
    compiled, _code = _compile_pattern(pattern)
    if compiled is None or len(stripped) > MAX_PATTERN_INPUT_LENGTH:
        return False
    return compiled.fullmatch(stripped) is not None

"""Why students picked each sentence: how often each reason was given, for the statistics.

One query over the counted attempts' picks of spot-the-claim questions that ask why.
The statistics page shows the counts per sentence with the include
``templates/quizzes/results/_sentence_reasons.html`` (``reasons`` = a :class:`ReasonCounts`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from quizzes import grading
from quizzes.models import Question, ResponseSentence

REASON_LABELS = dict(ResponseSentence.Reason.choices)


@dataclass(frozen=True)
class ReasonCounts:
    """How often each reason was given for picking one sentence (blank reasons apart)."""

    counts: dict[str, int] = field(default_factory=dict)
    blank: int = 0  # picked, with no reason chosen

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.blank

    @property
    def items(self) -> list[tuple[str, str, int]]:
        """(reason, its label, count) for every reason given, in the form's order."""
        return [
            (reason, REASON_LABELS[reason], self.counts[reason])
            for reason in grading.REASONS
            if self.counts.get(reason)
        ]

    def right(self, verdict: str | None, alternative: str | None = None) -> int:
        """How many of the reasons name the problem of a sentence with this verdict."""
        accepted = grading.accepted_reasons(verdict, alternative)
        return sum(count for reason, count in self.counts.items() if reason in accepted)


def sentence_reason_counts(*, attempt_ids: Iterable[int]) -> dict[int, dict[int, ReasonCounts]]:
    """By question id and sentence id, how often each reason was given in these attempts.

    Only questions that ask why are counted. One query, whatever the number of attempts.
    """
    ids = list(attempt_ids)
    if not ids:
        return {}
    rows = (
        ResponseSentence.objects.filter(
            response__attempt_id__in=ids,
            response__question__kind=Question.Kind.SPOT_CLAIM,
            response__question__ask_reasons=True,
        )
        .values_list("response__question_id", "sentence_id", "reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for question_id, sentence_id, reason, n in rows:
        counts[question_id][sentence_id][reason] = n
    return {
        question_id: {
            sentence_id: ReasonCounts(
                counts={r: n for r, n in by_reason.items() if r}, blank=by_reason.get("", 0)
            )
            for sentence_id, by_reason in by_sentence.items()
        }
        for question_id, by_sentence in counts.items()
    }

"""Changing a question's key or points after students answered it, with a regrade.

Once a question has answers, what grades it (which choices are right, the spot-the-claim
key's verdicts, the accepted short answers, the points) is read-only in the admin; it
changes here, in two steps:

1. :func:`regrade_preview` — a dry run: each submitted attempt's score before and after,
   student by student, and the classes affected; nothing is written. Refused while
   classes the editor does not teach have answered (their teacher did not agree).
2. :func:`regrade_apply` — the same change, written in one transaction: the question (and
   its choices' correctness), every submitted response of it regraded, every attempt's
   score and maximum recomputed, and a :class:`quizzes.models.Regrade` logged with one
   :class:`quizzes.models.ScoreOverride` per response whose points changed (who, when,
   before and after), as a teacher's override is logged. A teacher's own override of a
   response stands: its final points do not move.

Attempts still in progress are graded with the new key when they are submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from lessons.locking import lock
from lessons.ownership import classes_using, is_editor
from lessons.people import display_name
from lessons.refusals import Conflict, NotAllowed
from quizzes import grading
from quizzes.marking import QuestionKey, grade_responses
from quizzes.models import Attempt, Choice, Question, Regrade, Response, ScoreOverride


def question_has_answers(question: Question | None) -> bool:
    """Whether students have saved or submitted answers to the question: then what grades
    it changes only here, through a regrade.

    Asked several times per admin page (fields, inline rows, permissions): once per
    instance.
    """
    if question is None or question.pk is None:
        return False
    cached = getattr(question, "_has_answers", None)
    if cached is None:
        cached = question._has_answers = question.responses.filter(answered=True).exists()
    return cached


@dataclass(frozen=True)
class RegradeRow:
    """One submitted attempt, as the change would leave it."""

    attempt_id: int
    student: str
    classroom: str
    old_score: Decimal
    new_score: Decimal
    old_max: Decimal
    new_max: Decimal
    overridden: bool  # the teacher's override of this answer stands

    @property
    def changed(self) -> bool:
        return (self.old_score, self.old_max) != (self.new_score, self.new_max)


@dataclass(frozen=True)
class RegradePreview:
    question: Question
    key: QuestionKey
    change: str  # "right choice: B → C; points 1 → 2"
    rows: list[RegradeRow]
    classes: list[str]

    @property
    def changed_count(self) -> int:
        return sum(1 for row in self.rows if row.changed)


def _refuse_unless_allowed(question: Question, editor) -> None:
    if not is_editor(editor, question.quiz):
        raise NotAllowed(
            "Only the quiz's owner and co-editors change its questions.", code="not_editor"
        )
    use = classes_using(question.quiz.lesson, editor)
    if use.others:
        raise Conflict(
            f"Classes you do not teach ({use.names(use.others)}) use this quiz, so its key "
            "cannot change under them. Use “Duplicate to edit” on the lesson for your own copy.",
            code="in_use_elsewhere",
        )


def describe_change(question: Question, key: QuestionKey) -> str:
    """The change in words, for the preview and the log: "points 1 → 2; right: B → C"."""
    parts = []
    if key.points is not None and Decimal(key.points) != question.points:
        parts.append(f"points {question.points.normalize()} → {Decimal(key.points).normalize()}")
    if key.correct_choices is not None:
        choices = list(question.choices.order_by("position"))
        before = [c.text for c in choices if c.is_correct]
        after = [c.text for c in choices if c.pk in key.correct_choices]
        if before != after:
            parts.append(f"right: {' / '.join(before) or '—'} → {' / '.join(after) or '—'}")
    if key.key_verdicts is not None:
        before = grading.effective_key_verdicts(question.key_verdicts)
        if tuple(before) != tuple(key.key_verdicts):
            parts.append(f"key verdicts: {', '.join(before)} → {', '.join(key.key_verdicts)}")
    if key.accepted_answers is not None:
        before = grading.accepted_answers(question.accepted_answers)
        if list(before) != list(key.accepted_answers):
            parts.append(
                f"accepted answers: {' / '.join(before)} → {' / '.join(key.accepted_answers)}"
            )
    if key.answer_pattern is not None and key.answer_pattern != question.answer_pattern:
        parts.append("answer pattern changed")
    return "; ".join(parts)


def _submitted_responses(question: Question) -> list[Response]:
    return list(
        Response.objects.filter(question=question, attempt__status=Attempt.Status.SUBMITTED)
        .select_related("question", "attempt__student", "attempt__assignment__classroom")
        .order_by("attempt__assignment__classroom__name", "attempt__student__username", "pk")
    )


def _rows(question: Question, key: QuestionKey, responses, grades) -> list[RegradeRow]:
    new_points = Decimal(key.points) if key.points is not None else question.points
    rows = []
    for response in responses:
        attempt = response.attempt
        overridden = response.override_points is not None
        old_final = response.final_points or Decimal("0")
        new_final = old_final if overridden else grades[response.pk].points
        rows.append(
            RegradeRow(
                attempt_id=attempt.pk,
                student=display_name(attempt.student),
                classroom=attempt.assignment.classroom.name,
                old_score=attempt.score or Decimal("0"),
                new_score=(attempt.score or Decimal("0")) - old_final + new_final,
                old_max=attempt.max_score,
                new_max=attempt.max_score - question.points + new_points,
                overridden=overridden,
            )
        )
    return rows


def regrade_preview(*, question: Question, key: QuestionKey, editor) -> RegradePreview:
    """What the change would do to every submitted attempt; nothing is written.

    NotAllowed for someone who does not edit the quiz; Conflict while classes the editor
    does not teach use it. A bounded number of queries whatever the class size.
    """
    _refuse_unless_allowed(question, editor)
    responses = _submitted_responses(question)
    grades = grade_responses(
        responses, picks_filter=Q(response__question=question), keys={question.pk: key}
    )
    rows = _rows(question, key, responses, grades)
    return RegradePreview(
        question=question,
        key=key,
        change=describe_change(question, key),
        rows=rows,
        classes=sorted({row.classroom for row in rows}),
    )


@transaction.atomic
def regrade_apply(*, question: Question, key: QuestionKey, editor) -> Regrade:
    """Store the new key (and points), regrade every submitted answer, log it all."""
    question = lock(question, related=["quiz__lesson"])
    _refuse_unless_allowed(question, editor)
    change = describe_change(question, key)
    if not change:
        raise Conflict("Nothing would change: the key and points are the same.", code="no_change")
    responses = _submitted_responses(question)
    grades = grade_responses(
        responses, picks_filter=Q(response__question=question), keys={question.pk: key}
    )
    rows = {row.attempt_id: row for row in _rows(question, key, responses, grades)}

    if key.points is not None:
        question.points = Decimal(key.points)
    if key.key_verdicts is not None:
        question.key_verdicts = list(key.key_verdicts)
    if key.accepted_answers is not None:
        question.accepted_answers = list(key.accepted_answers)
    if key.answer_pattern is not None:
        question.answer_pattern = key.answer_pattern
    question.save()
    if key.correct_choices is not None:
        for choice in question.choices.all():
            right = choice.pk in key.correct_choices
            if choice.is_correct != right:
                Choice.objects.filter(pk=choice.pk).update(is_correct=right)

    regrade = Regrade.objects.create(question=question, teacher=editor, change=change)
    logged = []
    for response in responses:
        before = response.final_points
        response.fraction = grades[response.pk].fraction
        response.points = grades[response.pk].points
        if response.final_points != before:
            logged.append(
                ScoreOverride(
                    response=response,
                    regrade=regrade,
                    teacher=editor,
                    points_before=before,
                    points_after=response.final_points,
                    comment=f"Regrade: {change}",
                )
            )
    Response.objects.bulk_update(responses, ["fraction", "points"])
    ScoreOverride.objects.bulk_create(logged)
    attempts = Attempt.objects.filter(pk__in=list(rows))
    for attempt in attempts:
        attempt.score = rows[attempt.pk].new_score
        attempt.max_score = rows[attempt.pk].new_max
    Attempt.objects.bulk_update(attempts, ["score", "max_score"])
    return regrade

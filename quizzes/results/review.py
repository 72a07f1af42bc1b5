"""One attempt reviewed by a teacher: every question, the answer beside the key, the points.

Questions come in the quiz's order (not the student's shuffled order), each with the
picked choices or sentences, the key (with the sentences' claim labels), the automatic
and overridden points and the log of overrides. The override form is the view's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from lessons.models import Sentence
from lessons.people import name_sort_key
from quizzes import grading
from quizzes.formatting import exact_points
from quizzes.models import Attempt, Choice, Question, Response, ResponseSentence, ScoreOverride
from quizzes.numbers import describe_answer, numeric_answers
from quizzes.results.access import attempt_get_for_teacher
from quizzes.selectors import (
    attempt_picks_with_reasons,
    claim_label_of,
    claim_verdict,
    sentences_by_section,
    spot_claim_key_ids,
)

REASON_LABELS = dict(ResponseSentence.Reason.choices)


@dataclass(frozen=True)
class ChoiceReview:
    choice: Choice
    picked: bool

    @property
    def correct(self) -> bool:
        return self.choice.is_correct


@dataclass(frozen=True)
class SentenceReview:
    sentence: Sentence
    picked: bool
    in_key: bool
    #: The claim label's verdict ("unsupported", ...), "" when the sentence has no label.
    verdict: str
    verdict_label: str
    #: A judgement call: never scored, so it is neither missed nor a wrong pick.
    contested: bool = False
    #: Why the student picked it, as they chose it ("" when not asked or not given).
    reason_label: str = ""
    #: Whether that reason names the problem (None when no reason was asked of it).
    reason_right: bool | None = None

    @property
    def outcome(self) -> str:
        """What the pick means: "right", "missed", "wrong pick", "not scored" (a contested
        sentence) or "" (not picked, not key)."""
        if self.contested:
            return "not scored"
        if self.picked and self.in_key:
            return "right"
        if self.in_key:
            return "missed"
        if self.picked:
            return "wrong pick"
        return ""


@dataclass
class ResponseReview:
    """One question of an attempt, with the student's answer beside the key."""

    question: Question
    response: Response | None
    choices: list[ChoiceReview] = field(default_factory=list)
    sentences: list[SentenceReview] = field(default_factory=list)
    overrides: list[ScoreOverride] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.response and self.response.answered)

    @property
    def text(self) -> str:
        return self.response.text if self.response else ""

    @property
    def points(self) -> Decimal | None:
        return self.response.points if self.response else None

    @property
    def override_points(self) -> Decimal | None:
        return self.response.override_points if self.response else None

    @property
    def final_points(self) -> Decimal | None:
        return self.response.final_points if self.response else None

    @property
    def accepted_values(self) -> list[str]:
        """A numerical question's accepted values, as the review shows them."""
        return [describe_answer(a) for a in numeric_answers(self.question.numeric_answers)]


@dataclass
class AttemptReview:
    attempt: Attempt
    responses: list[ResponseReview]
    #: Every attempt of the same student at the same quiz under the same assignment.
    sibling_attempts: list[Attempt]
    #: The latest attempts of the students before and after this one, by name (or None).
    previous_student: Attempt | None = None
    next_student: Attempt | None = None

    @property
    def time_taken(self):
        attempt = self.attempt
        if attempt.submitted_at is None:
            return None
        return attempt.submitted_at - attempt.started_at

    @property
    def summary(self) -> list[QuestionMark]:
        """One mark per question for the page's jump list."""
        return [question_mark(item) for item in self.responses]


@dataclass(frozen=True)
class QuestionMark:
    """A question's mark as the jump list shows it: "Q3 1.5 / 3", and what kind of mark."""

    position: int
    text: str
    #: "full", "partial", "zero", "unanswered", "ungraded"
    state: str
    adjusted: bool


def question_mark(item: ResponseReview) -> QuestionMark:
    points, maximum = item.final_points, item.question.points
    if points is None:
        state = "ungraded" if item.answered else "unanswered"
    elif points >= maximum:
        state = "full"
    elif points > 0:
        state = "partial"
    else:
        state = "zero"
    shown = "—" if points is None else exact_points(points)
    return QuestionMark(
        position=item.question.position,
        text=f"{shown} / {exact_points(maximum)}",
        state=state,
        adjusted=item.override_points is not None,
    )


def _neighbours(attempt: Attempt, attempts: list[Attempt]) -> tuple:
    """The latest attempts of the students listed before and after ``attempt``'s student."""
    latest: dict[int, Attempt] = {}
    for other in attempts:
        if other.student_id not in latest or other.number > latest[other.student_id].number:
            latest[other.student_id] = other
    ordered = sorted(latest.values(), key=lambda a: name_sort_key(a.student))
    index = next(i for i, a in enumerate(ordered) if a.student_id == attempt.student_id)
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return previous, following


def attempt_review_get(*, attempt_id: int, user) -> AttemptReview:
    """One attempt with every question, the answer, the key, points and override log.

    Questions come in the quiz's order (not the student's shuffled order). A question the
    student never reached has no response and shows as unanswered.
    """
    attempt = attempt_get_for_teacher(attempt_id=attempt_id, user=user)
    questions = list(
        Question.objects.filter(quiz_id=attempt.quiz_id)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("position")
    )
    responses = {
        response.question_id: response
        for response in Response.objects.filter(attempt=attempt).prefetch_related(
            Prefetch(
                "overrides",
                queryset=ScoreOverride.objects.select_related("teacher").order_by("created_at"),
            ),
        )
    }
    picked_choices, picked_sentences, reasons = attempt_picks_with_reasons(attempt)
    sentences = sentences_by_section(
        q.section_id for q in questions if q.kind == Question.Kind.SPOT_CLAIM
    )

    reviews = []
    for question in questions:
        response = responses.get(question.pk)
        if response is not None:
            response.attempt = attempt  # for templates that follow the link back
        choices_picked = picked_choices.get(response.pk, set()) if response else set()
        sentences_picked = picked_sentences.get(response.pk, set()) if response else set()
        reasons_given = reasons.get(response.pk, {}) if response and question.ask_reasons else {}
        review = ResponseReview(
            question=question,
            response=response,
            overrides=list(response.overrides.all()) if response else [],
        )
        if question.is_choice_kind:
            review.choices = [
                ChoiceReview(choice=choice, picked=choice.pk in choices_picked)
                for choice in question.choices.all()
            ]
        elif question.kind == Question.Kind.SPOT_CLAIM:
            section_sentences = sentences.get(question.section_id, [])
            key = spot_claim_key_ids(question, section_sentences)
            for sentence in section_sentences:
                verdict, verdict_label = claim_verdict(sentence)
                label = claim_label_of(sentence)
                picked = sentence.pk in sentences_picked
                reason = reasons_given.get(sentence.pk, "")
                right = (
                    grading.accepted_reasons(label.verdict, label.alternative_verdict)
                    if label
                    else frozenset()
                )
                review.sentences.append(
                    SentenceReview(
                        sentence=sentence,
                        picked=picked,
                        in_key=sentence.pk in key,
                        verdict=verdict,
                        verdict_label=verdict_label,
                        contested=bool(label and label.contested),
                        reason_label=REASON_LABELS.get(reason, "") if picked else "",
                        reason_right=(
                            reason in right
                            if question.ask_reasons and picked and sentence.pk in key and right
                            else None
                        ),
                    )
                )
        reviews.append(review)

    # Every attempt at the quiz under the assignment, in one query: this student's are the
    # siblings; the others give the previous and next student.
    everyone = list(
        Attempt.objects.filter(assignment_id=attempt.assignment_id, quiz_id=attempt.quiz_id)
        .select_related("student")
        .only(
            "pk", "number", "status", "score", "student_id", "is_sample",
            "student__username", "student__first_name", "student__last_name",
        )
        .order_by("number")
    )  # fmt: skip
    siblings = [other for other in everyone if other.student_id == attempt.student_id]
    for sibling in siblings:
        sibling.assignment = attempt.assignment
    previous, following = _neighbours(attempt, everyone)
    return AttemptReview(
        attempt=attempt,
        responses=reviews,
        sibling_attempts=siblings,
        previous_student=previous,
        next_student=following,
    )

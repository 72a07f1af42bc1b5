"""Reads of the quizzes app for students, scoped by who asks.

* Access: a published quiz of an assignment the student may open, and the student's own
  attempt (through :mod:`lessons.selectors`: enrollment, open assignment).
* Reads shared by the attempt pages, grading and the results pages: the picks of an
  attempt, a passage's sentences with their claim labels, a spot-the-claim key.
* The quiz intro page: settings, the student's attempts and what the review policy
  (:mod:`quizzes.policy`) lets them see.

The questions of an attempt and the take page are built in :mod:`quizzes.attempt_pages`;
the dashboard's quiz items in :mod:`quizzes.extension`. Every reader runs a fixed number
of queries whatever the number of questions, choices, sentences or attempts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from lessons.models import Assignment, ClaimLabel, Sentence
from lessons.refusals import NotFound
from lessons.selectors import (
    assignment_get_for_student,
    assignment_refusal_for_student,
    enrolled_in_assignment_class,
)
from quizzes import grading, policy
from quizzes.formatting import GRADE_WORDS, format_score
from quizzes.models import Attempt, Question, Quiz, ResponseChoice, ResponseSentence

# --- access ----------------------------------------------------------------------------


def quiz_get_for_assignment(*, assignment: Assignment, quiz_id: int) -> Quiz:
    """A published quiz of the assignment's lesson, else NotFound."""
    try:
        return Quiz.objects.get(
            pk=quiz_id, lesson_id=assignment.lesson_id, status=Quiz.Status.PUBLISHED
        )
    except Quiz.DoesNotExist:
        raise NotFound("This quiz is not part of this assignment.", code="no_such_quiz") from None


def assignment_quiz_get_for_student(
    *, assignment_id: int, quiz_id: int, student
) -> tuple[Assignment, Quiz]:
    """An assignment the student may open and one of its published quizzes.

    ``NotFound``/``NotAllowed`` as :func:`lessons.selectors.assignment_get_for_student`
    decides, then ``NotFound`` for a quiz that is not a published quiz of the lesson.
    """
    assignment = assignment_get_for_student(assignment_id=assignment_id, student=student)
    return assignment, quiz_get_for_assignment(assignment=assignment, quiz_id=quiz_id)


def attempt_get_for_student(*, attempt_id: int, student, lock: bool = False) -> Attempt:
    """The student's own attempt, with its quiz and (permission-checked) assignment.

    One query: the attempt, its quiz, assignment, lesson and class, and whether the
    student is still in that class. Another student's attempt, or one whose assignment
    the student can no longer open, is ``NotFound`` (its existence is not revealed) or
    ``NotAllowed``, by the rule of :func:`lessons.selectors.assignment_refusal_for_student`.
    With ``lock`` (inside a transaction) the attempt's row is locked for the write that
    follows, so a save or a submit decides on its current state.
    """
    attempts = (
        Attempt.objects.select_related("quiz", "assignment__lesson", "assignment__classroom")
        .annotate(enrolled=enrolled_in_assignment_class(student, "assignment__"))
        .filter(pk=attempt_id, student=student)
    )
    if lock:
        attempts = attempts.select_for_update(of=("self",))
    attempt = attempts.first()
    if attempt is None:
        raise NotFound("There is no attempt of yours at this address.", code="not_your_attempt")
    if refusal := assignment_refusal_for_student(attempt.assignment, enrolled=attempt.enrolled):
        raise refusal
    return attempt


# --- reads shared by the attempt pages, grading and results -----------------------------


def attempt_picks(attempt: Attempt) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """The choice ids and the sentence ids picked in each response of the attempt, by
    response id (two queries); a response with no pick is missing from both."""
    picked_choices, picked_sentences, _reasons = attempt_picks_with_reasons(attempt)
    return picked_choices, picked_sentences


def attempt_picks_with_reasons(
    attempt: Attempt,
) -> tuple[dict[int, set[int]], dict[int, set[int]], dict[int, dict[int, str]]]:
    """:func:`attempt_picks` and, by response id, the reason given for each picked sentence
    ("" when none was given) in the same two queries."""
    picked_choices: dict[int, set[int]] = defaultdict(set)
    for response_id, choice_id in ResponseChoice.objects.filter(
        response__attempt=attempt
    ).values_list("response_id", "choice_id"):
        picked_choices[response_id].add(choice_id)
    picked_sentences: dict[int, set[int]] = defaultdict(set)
    reasons: dict[int, dict[int, str]] = defaultdict(dict)
    for response_id, sentence_id, reason in ResponseSentence.objects.filter(
        response__attempt=attempt
    ).values_list("response_id", "sentence_id", "reason"):
        picked_sentences[response_id].add(sentence_id)
        reasons[response_id][sentence_id] = reason
    return picked_choices, picked_sentences, reasons


def claim_label_of(sentence: Sentence) -> ClaimLabel | None:
    """The sentence's claim label, or None when it has none (a missing one-to-one raises)."""
    try:
        return sentence.label
    except ClaimLabel.DoesNotExist:
        return None


def claim_verdict(sentence: Sentence) -> tuple[str, str]:
    """The sentence's claim verdict and its label, as ("inaccurate", "Inaccurate"), or
    ("", "") when the sentence has no claim label (its ``label`` loaded beforehand)."""
    label = claim_label_of(sentence)
    return (label.verdict, label.get_verdict_display()) if label else ("", "")


def sentences_by_section(
    section_ids: Iterable[int | None], *, with_labels: bool = True
) -> dict[int, list[Sentence]]:
    """The sentences of the given sections in reading order, by section (one query)."""
    by_section: dict[int, list[Sentence]] = defaultdict(list)
    ids = {section_id for section_id in section_ids if section_id is not None}
    if not ids:
        return by_section
    sentences = Sentence.objects.filter(section_id__in=ids).order_by("section_id", "position")
    if with_labels:
        sentences = sentences.select_related("label")
    for sentence in sentences:
        by_section[sentence.section_id].append(sentence)
    return by_section


def spot_claim_key_ids(question: Question, sentences: Iterable[Sentence]) -> set[int]:
    """The ids of the passage's sentences a spot-the-claim question asks students to pick.

    ``sentences`` are the question's section's, with their labels loaded. The same rule
    as grading: :func:`quizzes.grading.spot_claim_question_key` (a contested label's
    sentence is never in the key).
    """
    labels: dict[int, str | None] = {}
    contested: set[int] = set()
    for sentence in sentences:
        if label := claim_label_of(sentence):
            labels[sentence.pk] = label.verdict
            if label.contested:
                contested.add(sentence.pk)
    return grading.spot_claim_question_key(labels, question.key_verdicts, contested)


def contested_sentence_ids(sentences: Iterable[Sentence]) -> set[int]:
    """The ids of the sentences whose claim label is a judgement call (never scored)."""
    return {s.pk for s in sentences if (label := claim_label_of(s)) and label.contested}


# --- the quiz intro page ---------------------------------------------------------------


@dataclass(frozen=True)
class AttemptSummary:
    """A previous or open attempt as the intro page lists it."""

    attempt: Attempt
    score_visible: bool
    answers_visible: bool

    @property
    def score_text(self) -> str:
        if not self.score_visible or self.attempt.score is None:
            return ""
        return format_score(self.attempt.score, self.attempt.max_score)


@dataclass(frozen=True)
class QuizIntro:
    quiz: Quiz
    assignment: Assignment
    attempts: list[AttemptSummary]
    open_attempt: Attempt | None
    attempts_left: int | None  # None: unlimited
    question_count: int
    grade: Decimal | None  # combined per the grading method, when the score is visible
    grade_max: Decimal | None
    score_released_at: datetime | None
    answers_released_at: datetime | None
    now: datetime = field(default_factory=timezone.now)

    @property
    def can_start(self) -> bool:
        return self.open_attempt is not None or self.attempts_left is None or self.attempts_left > 0

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)

    @property
    def is_past_due(self) -> bool:
        return self.assignment.due_at < self.now

    @property
    def grade_word(self) -> str:
        return GRADE_WORDS.get(self.quiz.grading_method, "")

    @property
    def grade_text(self) -> str:
        if self.grade is None:
            return ""
        return format_score(self.grade, self.grade_max)


def quiz_intro(
    *, quiz: Quiz, assignment: Assignment, student, now: datetime | None = None
) -> QuizIntro:
    """The intro page's data: settings, the student's attempts and what they may see.

    Two queries (attempts, question count) whatever the number of attempts.
    """
    now = now or timezone.now()
    attempts = list(
        Attempt.objects.filter(quiz=quiz, assignment=assignment, student=student).order_by("number")
    )
    summaries = []
    for attempt in attempts:
        attempt.quiz = quiz
        attempt.assignment = assignment
        summaries.append(
            AttemptSummary(
                attempt=attempt,
                score_visible=policy.can_see_score(quiz, assignment, attempt, now),
                answers_visible=policy.can_see_answers(quiz, assignment, attempt, now),
            )
        )
    open_attempt = next((a for a in attempts if not a.is_submitted), None)
    grade, grade_max = policy.visible_grade(
        quiz, assignment, [a for a in attempts if a.is_submitted], now
    )
    left = None
    if quiz.attempts_allowed is not None:
        left = max(0, quiz.attempts_allowed - len(attempts))
    return QuizIntro(
        quiz=quiz,
        assignment=assignment,
        attempts=summaries,
        open_attempt=open_attempt,
        attempts_left=left,
        question_count=quiz.questions.count(),
        grade=grade,
        grade_max=grade_max,
        score_released_at=policy.score_available_at(quiz, assignment),
        answers_released_at=policy.answers_available_at(quiz, assignment),
        now=now,
    )

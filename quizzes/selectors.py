"""Reads of the quizzes app, scoped by who asks.

Access goes through :mod:`lessons.selectors` (enrollment, open assignment) and the
review policy in :mod:`quizzes.policy`. The take page's data is built into plain
dataclasses that carry no correctness, key, feedback, explanation or claim label, so a
template cannot leak them by accident; the review's dataclasses carry them only when
the policy releases them.

Every reader runs a fixed number of queries whatever the number of questions, choices,
sentences or assignments.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lessons.extensions import AssignmentItem
from lessons.models import Assignment, ClaimLabel, Enrollment, Sentence
from lessons.selectors import assignment_get_for_student
from quizzes import grading, policy
from quizzes.models import (
    Attempt,
    Choice,
    Question,
    Quiz,
    Response,
    ResponseChoice,
    ResponseSentence,
)

GRADE_WORDS = {"highest": "best", "last": "last", "average": "average"}


# --- formatting helpers ----------------------------------------------------------------


def format_points(value: Decimal | None) -> str:
    """8.00 → "8", 7.50 → "7.5": points as a teacher would write them."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def format_score(score: Decimal | None, maximum: Decimal | None) -> str:
    """A score out of its maximum, as "7.5 / 10"."""
    return f"{format_points(score)} / {format_points(maximum)}"


def format_when(moment: datetime) -> str:
    """A date and time in the school's time zone, as "5 Dec 09:00"."""
    return date_format(timezone.localtime(moment), "j M H:i")


# --- access ----------------------------------------------------------------------------


def quiz_get_for_assignment(*, assignment: Assignment, quiz_id: int) -> Quiz:
    """A published quiz of the assignment's lesson, else Http404."""
    try:
        return Quiz.objects.get(
            pk=quiz_id, lesson_id=assignment.lesson_id, status=Quiz.Status.PUBLISHED
        )
    except Quiz.DoesNotExist:
        raise Http404("This quiz is not part of this assignment.") from None


def attempt_get_for_student(*, attempt_id: int, student) -> Attempt:
    """The student's own attempt, with its quiz and (permission-checked) assignment.

    Another student's attempt, or one whose assignment the student can no longer open,
    is ``Http404`` (its existence is not revealed) or ``PermissionDenied`` as
    :func:`lessons.selectors.assignment_get_for_student` decides.
    """
    try:
        attempt = Attempt.objects.select_related("quiz").get(pk=attempt_id, student=student)
    except Attempt.DoesNotExist:
        raise Http404("There is no attempt of yours at this address.") from None
    attempt.assignment = assignment_get_for_student(
        assignment_id=attempt.assignment_id, student=student
    )
    return attempt


# --- the questions of an attempt -------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """A choice or a sentence the student can pick, with what the review may reveal.

    On the take page ``correct``, ``in_key``, ``feedback``, ``verdict`` and
    ``explanation`` are always empty; they are filled only for a review whose policy
    shows answers.
    """

    id: int
    text: str
    selected: bool
    starts_paragraph: bool = False
    correct: bool = False
    feedback: str = ""
    verdict: str = ""
    verdict_label: str = ""
    explanation: str = ""
    source_title: str = ""
    source_url: str = ""

    @property
    def in_key(self) -> bool:
        """Spot-the-claim: whether this sentence is one to pick (same flag as ``correct``)."""
        return self.correct


@dataclass(frozen=True)
class AttemptQuestion:
    """One question as the student sees it, numbered in the attempt's order."""

    number: int
    question_id: int
    kind: str
    kind_label: str
    prompt: str
    points: Decimal
    options: tuple[Option, ...]
    text: str
    answered: bool
    section_heading: str = ""
    #: When the answer was last saved (None before the first save): the take page's
    #: script compares it with its local copy of unsaved answers.
    saved_at: datetime | None = None
    passage: tuple[tuple[str, ...], ...] = ()  # paragraphs of sentences (not spot-claim)
    # Review only, when the policy shows answers:
    revealed: bool = False
    explanation: str = ""
    accepted_answers: tuple[str, ...] = ()
    earned: Decimal | None = None
    fraction: Decimal | None = None

    @property
    def input_type(self) -> str:
        if self.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.TRUE_FALSE):
            return "radio"
        if self.kind in (Question.Kind.MULTIPLE_CHOICE, Question.Kind.SPOT_CLAIM):
            return "checkbox"
        return "text"

    @property
    def is_spot_claim(self) -> bool:
        return self.kind == Question.Kind.SPOT_CLAIM

    @property
    def is_short_answer(self) -> bool:
        return self.kind == Question.Kind.SHORT_ANSWER

    @property
    def selected_options(self) -> list[Option]:
        return [option for option in self.options if option.selected]

    @property
    def outcome(self) -> str:
        """ "right", "partly" or "wrong" from the earned fraction (review only)."""
        if self.fraction is None:
            return ""
        if self.fraction >= 1:
            return "right"
        return "partly" if self.fraction > 0 else "wrong"


def attempt_picks(attempt: Attempt) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """The choice ids and the sentence ids picked in each response of the attempt, by
    response id (two queries); a response with no pick is missing from both."""
    picked_choices: dict[int, set[int]] = defaultdict(set)
    for response_id, choice_id in ResponseChoice.objects.filter(
        response__attempt=attempt
    ).values_list("response_id", "choice_id"):
        picked_choices[response_id].add(choice_id)
    picked_sentences: dict[int, set[int]] = defaultdict(set)
    for response_id, sentence_id in ResponseSentence.objects.filter(
        response__attempt=attempt
    ).values_list("response_id", "sentence_id"):
        picked_sentences[response_id].add(sentence_id)
    return picked_choices, picked_sentences


def _shuffled(items: list, seed: str | int, *, shuffle: bool) -> list:
    if shuffle:
        # random.Random with a str seed hashes it with SHA-512: stable across processes.
        random.Random(seed).shuffle(items)
    return items


def attempt_questions(*, attempt: Attempt, reveal: bool = False) -> list[AttemptQuestion]:
    """The attempt's questions in its stable (possibly shuffled) order, with the picks.

    ``reveal`` adds correctness, feedback, explanations, accepted answers, points and
    claim labels: pass it only when :func:`quizzes.policy.can_see_answers` says so.
    Runs five queries whatever the number of questions.
    """
    quiz = attempt.quiz
    responses = list(
        Response.objects.filter(attempt=attempt)
        .select_related("question", "question__section")
        .order_by("question__position", "question_id")
    )
    question_ids = [response.question_id for response in responses]

    choices: dict[int, list[Choice]] = defaultdict(list)
    for choice in Choice.objects.filter(question_id__in=question_ids).order_by(
        "question_id", "position", "id"
    ):
        choices[choice.question_id].append(choice)

    sentences = sentences_by_section(
        (response.question.section_id for response in responses), with_labels=reveal
    )

    picked_choices, picked_sentences = attempt_picks(attempt)

    ordered = _shuffled(responses, attempt.seed, shuffle=quiz.shuffle_questions)
    return [
        _attempt_question(
            number=number,
            response=response,
            choices=choices[response.question_id],
            sentences=sentences.get(response.question.section_id, []),
            picked_choices=picked_choices[response.pk],
            picked_sentences=picked_sentences[response.pk],
            seed=attempt.seed,
            shuffle_choices=quiz.shuffle_choices,
            reveal=reveal,
        )
        for number, response in enumerate(ordered, start=1)
    ]


def _attempt_question(
    *,
    number: int,
    response: Response,
    choices: list[Choice],
    sentences: list[Sentence],
    picked_choices: set[int],
    picked_sentences: set[int],
    seed: int,
    shuffle_choices: bool,
    reveal: bool,
) -> AttemptQuestion:
    question = response.question
    passage: tuple[tuple[str, ...], ...] = ()
    if question.kind == Question.Kind.SPOT_CLAIM:
        key = spot_claim_key_ids(question, sentences) if reveal else set()
        options = tuple(
            _sentence_option(
                sentence,
                previous=sentences[index - 1] if index else None,
                selected=sentence.pk in picked_sentences,
                in_key=sentence.pk in key,
                reveal=reveal,
            )
            for index, sentence in enumerate(sentences)
        )
    else:
        # True/false keeps "True, False"; other choices may be shuffled per attempt.
        shuffle = shuffle_choices and question.kind != Question.Kind.TRUE_FALSE
        ordered = _shuffled(list(choices), f"{seed}:{question.pk}", shuffle=shuffle)
        options = tuple(
            Option(
                id=choice.pk,
                text=choice.text,
                selected=choice.pk in picked_choices,
                correct=choice.is_correct if reveal else False,
                feedback=choice.feedback if reveal else "",
            )
            for choice in ordered
        )
        passage = _paragraphs(sentences)

    accepted: tuple[str, ...] = ()
    if reveal and question.kind == Question.Kind.SHORT_ANSWER:
        raw = question.accepted_answers if isinstance(question.accepted_answers, list) else []
        accepted = tuple(str(answer) for answer in raw)
    return AttemptQuestion(
        number=number,
        question_id=question.pk,
        kind=question.kind,
        kind_label=question.get_kind_display(),
        prompt=question.prompt,
        points=question.points,
        options=options,
        text=response.text,
        answered=response.answered,
        saved_at=response.saved_at,
        section_heading=question.section.display_heading if question.section_id else "",
        passage=passage,
        revealed=reveal,
        explanation=question.explanation if reveal else "",
        accepted_answers=accepted,
        earned=response.final_points if reveal else None,
        fraction=response.fraction if reveal else None,
    )


def claim_label_of(sentence: Sentence) -> ClaimLabel | None:
    """The sentence's claim label, or None when it has none (a missing one-to-one raises)."""
    try:
        return sentence.label
    except ClaimLabel.DoesNotExist:
        return None


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
    as grading: :func:`quizzes.grading.spot_claim_key` over the effective key verdicts.
    """
    labels = {s.pk: label.verdict for s in sentences if (label := claim_label_of(s))}
    return grading.spot_claim_key(labels, grading.effective_key_verdicts(question.key_verdicts))


def _sentence_option(
    sentence: Sentence,
    *,
    previous: Sentence | None,
    selected: bool,
    in_key: bool,
    reveal: bool,
) -> Option:
    starts_paragraph = previous is not None and previous.paragraph != sentence.paragraph
    if not reveal:
        return Option(
            id=sentence.pk, text=sentence.text, selected=selected, starts_paragraph=starts_paragraph
        )
    label = claim_label_of(sentence)
    return Option(
        id=sentence.pk,
        text=sentence.text,
        selected=selected,
        starts_paragraph=starts_paragraph,
        correct=in_key,
        verdict=label.verdict if label else "",
        verdict_label=label.get_verdict_display() if label else "",
        explanation=label.explanation if label else "",
        source_title=label.source_title if label else "",
        source_url=label.source_url if label else "",
    )


def _paragraphs(sentences: list[Sentence]) -> tuple[tuple[str, ...], ...]:
    paragraphs: list[list[str]] = []
    last = None
    for sentence in sentences:
        if not paragraphs or sentence.paragraph != last:
            paragraphs.append([])
            last = sentence.paragraph
        paragraphs[-1].append(sentence.text)
    return tuple(tuple(paragraph) for paragraph in paragraphs)


# --- the take page ---------------------------------------------------------------------


@dataclass(frozen=True)
class TakePage:
    """Everything the take page shows; nothing that reveals an answer."""

    attempt: Attempt
    questions: list[AttemptQuestion]  # all of them, for the question map
    shown: list[AttemptQuestion]  # the ones on this page
    page: int
    page_count: int
    remaining_seconds: int | None

    @property
    def one_per_page(self) -> bool:
        return self.page_count > 1 or self.attempt.quiz.layout == Quiz.Layout.ONE

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.one_per_page and self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.one_per_page and self.page < self.page_count else None

    @property
    def remaining_text(self) -> str:
        """The time left as "24:05" (or "1:02:05"), as the page's countdown shows it."""
        if self.remaining_seconds is None:
            return ""
        hours, rest = divmod(self.remaining_seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"


def attempt_take_page(*, attempt: Attempt, page: int = 1, now: datetime | None = None) -> TakePage:
    """The take page of an attempt in progress: every question, or one when the quiz
    shows one per page (``page`` is clamped to the questions there are)."""
    now = now or timezone.now()
    questions = attempt_questions(attempt=attempt, reveal=False)
    if attempt.quiz.layout == Quiz.Layout.ONE and questions:
        page_count = len(questions)
        page = min(max(page, 1), page_count)
        shown = [questions[page - 1]]
    else:
        page_count, page, shown = 1, 1, questions
    remaining = None
    if attempt.deadline_at is not None:
        remaining = max(0, int((attempt.deadline_at - now).total_seconds()))
    return TakePage(
        attempt=attempt,
        questions=questions,
        shown=shown,
        page=page,
        page_count=page_count,
        remaining_seconds=remaining,
    )


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
    grade, grade_max = _visible_grade(
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


def _visible_grade(
    quiz: Quiz, assignment: Assignment, submitted: list[Attempt], now: datetime
) -> tuple[Decimal | None, Decimal | None]:
    """The student's quiz grade and its maximum, or (None, None) until every submitted
    attempt's score is released (or when there is none)."""
    if not submitted or not all(policy.can_see_score(quiz, assignment, a, now) for a in submitted):
        return None, None
    grade = grading.combine_attempt_grades(
        [a.score or Decimal("0") for a in submitted], quiz.grading_method
    )
    return grade, submitted[-1].max_score


# --- the dashboard provider ------------------------------------------------------------


def assignment_items_for_dashboard(
    *, user, assignments, for_teacher: bool = False
) -> dict[int, list[AssignmentItem]]:
    """Per-assignment quiz items for the lessons dashboards (see lessons.extensions).

    A student gets one item per published quiz of each assignment's lesson, with status
    todo / in_progress / done, a detail such as "1 of 2 attempts used · best 8/10" (the
    score only when the review policy releases it) and a link to the quiz's intro page.
    A teacher gets one item per quiz with how many students have submitted (the results
    page does not exist yet, so the url is empty). Three queries at most, whatever the
    number of assignments.
    """
    assignments = list(assignments)
    if not assignments:
        return {}
    lesson_ids = {assignment.lesson_id for assignment in assignments}
    quizzes_by_lesson: dict[int, list[Quiz]] = defaultdict(list)
    for quiz in Quiz.objects.filter(
        lesson_id__in=lesson_ids, status=Quiz.Status.PUBLISHED
    ).order_by("title", "id"):
        quizzes_by_lesson[quiz.lesson_id].append(quiz)
    if not quizzes_by_lesson:
        return {}
    if for_teacher:
        return _teacher_items(assignments, quizzes_by_lesson)
    return _student_items(user, assignments, quizzes_by_lesson)


def _student_items(user, assignments, quizzes_by_lesson) -> dict[int, list[AssignmentItem]]:
    now = timezone.now()
    attempts: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    for attempt in Attempt.objects.filter(
        student=user,
        assignment_id__in=[assignment.pk for assignment in assignments],
        quiz__status=Quiz.Status.PUBLISHED,
    ).order_by("number"):
        attempts[(attempt.assignment_id, attempt.quiz_id)].append(attempt)

    items: dict[int, list[AssignmentItem]] = {}
    for assignment in assignments:
        for quiz in quizzes_by_lesson.get(assignment.lesson_id, []):
            mine = attempts[(assignment.pk, quiz.pk)]
            items.setdefault(assignment.pk, []).append(_student_item(quiz, assignment, mine, now))
    return items


def _student_item(
    quiz: Quiz, assignment: Assignment, attempts: list[Attempt], now
) -> AssignmentItem:
    url = reverse("quizzes:quiz_intro", args=[assignment.pk, quiz.pk])
    submitted = [a for a in attempts if a.is_submitted]
    open_attempt = next((a for a in attempts if not a.is_submitted), None)
    used = len(attempts)
    if quiz.attempts_allowed is None:
        used_text = f"{used} attempt{'s' if used != 1 else ''} used"
    else:
        allowed = quiz.attempts_allowed
        used_text = f"{used} of {allowed} attempt{'s' if allowed != 1 else ''} used"
    parts = []
    if open_attempt is not None:
        status = "in_progress"
        parts.append(f"Attempt {open_attempt.number} in progress")
        if submitted:
            parts.append(used_text)
    elif submitted:
        status = "done"
        parts.append(used_text)
    else:
        status = "todo"
        if quiz.attempts_allowed is None:
            parts.append("Unlimited attempts")
        else:
            n = quiz.attempts_allowed
            parts.append(f"{n} attempt{'s' if n != 1 else ''} allowed")
        if quiz.time_limit_minutes:
            parts.append(f"{quiz.time_limit_minutes} minutes")
    extra: dict = {"quiz_id": quiz.pk, "attempts_used": used}
    if submitted:
        grade, grade_max = _visible_grade(quiz, assignment, submitted, now)
        if grade is not None:
            word = GRADE_WORDS.get(quiz.grading_method, "score")
            parts.append(f"{word} {format_points(grade)}/{format_points(grade_max)}")
            extra.update(score=grade, max_score=grade_max)
        elif (released := policy.score_available_at(quiz, assignment)) is not None:
            parts.append(f"score after {format_when(released)}")
    return AssignmentItem(
        label=f"Quiz: {quiz.title}", url=url, status=status, detail=" · ".join(parts), extra=extra
    )


def _teacher_items(assignments, quizzes_by_lesson) -> dict[int, list[AssignmentItem]]:
    assignment_ids = [assignment.pk for assignment in assignments]
    submitted: dict[tuple[int, int], int] = {
        (row["assignment_id"], row["quiz_id"]): row["students"]
        for row in Attempt.objects.filter(
            assignment_id__in=assignment_ids, status=Attempt.Status.SUBMITTED
        )
        .values("assignment_id", "quiz_id")
        .annotate(students=Count("student", distinct=True))
        .order_by()
    }
    class_sizes: dict[int, int] = {
        row["classroom_id"]: row["students"]
        for row in Enrollment.objects.filter(
            classroom_id__in={assignment.classroom_id for assignment in assignments}
        )
        .values("classroom_id")
        .annotate(students=Count("id"))
        .order_by()
    }
    items: dict[int, list[AssignmentItem]] = {}
    for assignment in assignments:
        size = class_sizes.get(assignment.classroom_id, 0)
        for quiz in quizzes_by_lesson.get(assignment.lesson_id, []):
            done = submitted.get((assignment.pk, quiz.pk), 0)
            if size and done >= size:
                status = "done"
            elif done:
                status = "in_progress"
            else:
                status = "todo"
            items.setdefault(assignment.pk, []).append(
                AssignmentItem(
                    label=f"Results: {quiz.title}",
                    url=reverse("results:assignment_results", args=[assignment.pk])
                    + f"?quiz={quiz.pk}",
                    status=status,
                    detail=f"{done} of {size} student{'s' if size != 1 else ''} submitted",
                    extra={
                        "quiz_id": quiz.pk,
                        "submitted": done,
                        "students": size,
                        "admin_url": reverse(
                            "admin:quizzes_attempt_assignment_results", args=[assignment.pk]
                        )
                        + f"?quiz={quiz.pk}",
                    },
                )
            )
    return items

"""What a student's attempt pages show: the questions of an attempt, and the take page.

The take page's data is built into plain dataclasses that carry no correctness, key,
feedback, explanation or claim label, so a template cannot leak them by accident; the
review's carry them only when :func:`quizzes.policy.can_see_answers` releases them (the
caller passes ``reveal``). The submit page lists the same questions. Five queries
whatever the number of questions, choices or sentences.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lessons.caching import content_key
from lessons.models import Sentence
from quizzes import grading
from quizzes.formatting import format_score
from quizzes.models import (
    MAX_TEXT_LENGTH,
    Attempt,
    Choice,
    Question,
    Quiz,
    Response,
    ResponseSentence,
)
from quizzes.numbers import describe_answer, numeric_answers
from quizzes.selectors import (
    attempt_picks_with_reasons,
    claim_label_of,
    sentences_by_section,
    spot_claim_key_ids,
)

# --- the questions of an attempt -------------------------------------------------------


@functools.cache
def _reason_options_html(chosen: str) -> SafeString:
    """The "why" menu's options with ``chosen`` selected ("" for none yet).

    Every ticked-sentence menu of every student is one of these few strings, so each is
    built once per process: the template loop over the reasons was half of the take
    page's rendering. (The labels are read once: the site speaks one language.)
    """
    none = " selected" if not chosen else ""
    return format_html(
        '<option value=""{}>Choose a reason…</option>{}',
        none,
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if value == chosen else "", str(label))
                for value, label in ResponseSentence.Reason.choices
            ),
        ),
    )


@dataclass(frozen=True)
class Option:
    """A choice or a sentence the student can pick, with what the review may reveal.

    On the take page ``correct``, ``in_key``, ``feedback``, ``verdict``,
    ``explanation``, ``evidence``, ``contested`` and ``reason_right`` are always empty;
    they are filled only for a review whose policy shows answers. ``reason`` is the
    student's own (why they picked the sentence), so both pages carry it.
    """

    id: int
    text: str
    selected: bool
    starts_paragraph: bool = False
    reason: str = ""
    reason_label: str = ""
    correct: bool = False
    feedback: str = ""
    verdict: str = ""
    verdict_label: str = ""
    explanation: str = ""
    source_title: str = ""
    source_url: str = ""
    #: What evidence would settle the claim, and where a reader would look.
    evidence: str = ""
    #: A judgement call: not scored, and ``contested_reason`` says why.
    contested: bool = False
    contested_reason: str = ""
    #: A second verdict a careful reader could defend ("" when none), as the student reads it.
    alternative_label: str = ""
    #: Whether the reason given names the problem (None when no reason was asked of it).
    reason_right: bool | None = None
    #: The reasons that would have been right, as the student reads them.
    right_reasons: tuple[str, ...] = ()

    @property
    def in_key(self) -> bool:
        """Spot-the-claim: whether this sentence is one to pick (same flag as ``correct``)."""
        return self.correct

    @property
    def reason_options(self) -> SafeString:
        """The ``<option>``s of this sentence's "why" menu, the student's reason chosen."""
        return _reason_options_html(self.reason)


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
    #: Spot-the-claim: each ticked sentence also gets a "why" (ResponseSentence.Reason),
    #: and the right reason carries this share of the sentence's credit.
    ask_reasons: bool = False
    reason_credit: Decimal = Decimal("0")
    #: The longest short answer the services accept: the take page's ``maxlength``.
    max_text_length: int = MAX_TEXT_LENGTH
    # Review only, when the policy shows answers:
    revealed: bool = False
    explanation: str = ""
    explanation_source: str = ""  # where to check the explanation
    accepted_answers: tuple[str, ...] = ()
    earned: Decimal | None = None
    fraction: Decimal | None = None
    #: The teacher changed the points (an override): told apart from automatic credit.
    adjusted: bool = False
    teacher_comment: str = ""

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
    def passage_cache_key(self) -> str:
        """What the take page's passage shows (lessons.caching): heading and sentences."""
        return content_key(self.section_heading, self.passage)

    @property
    def is_short_answer(self) -> bool:
        return self.kind == Question.Kind.SHORT_ANSWER

    @property
    def reason_credit_percent(self) -> int:
        """The reason's share of a sentence's credit, in whole percent (50 for half)."""
        return round(self.reason_credit * 100)

    @property
    def pick_credit_percent(self) -> int:
        """The tick's share of a sentence's credit, in whole percent."""
        return 100 - self.reason_credit_percent

    @property
    def has_contested(self) -> bool:
        """Whether a sentence of the passage is a judgement call (review only)."""
        return any(option.contested for option in self.options)

    @property
    def is_numerical(self) -> bool:
        return self.kind == Question.Kind.NUMERICAL

    @property
    def selected_options(self) -> list[Option]:
        return [option for option in self.options if option.selected]

    @property
    def earned_text(self) -> str:
        """The points earned as a student reads them: "1.5 / 3" (whole or one decimal)."""
        return format_score(self.earned, self.points)

    @property
    def outcome(self) -> str:
        """ "adjusted" (by the teacher), or "right", "partly" or "wrong" from the earned
        fraction (review only)."""
        if self.adjusted:
            return "adjusted"
        if self.fraction is None:
            return ""
        if self.fraction >= 1:
            return "right"
        return "partly" if self.fraction > 0 else "wrong"


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

    picked_choices, picked_sentences, reasons = attempt_picks_with_reasons(attempt)

    ordered = _shuffled(responses, attempt.seed, shuffle=quiz.shuffle_questions)
    return [
        _attempt_question(
            number=number,
            response=response,
            choices=choices[response.question_id],
            sentences=sentences.get(response.question.section_id, []),
            picked_choices=picked_choices[response.pk],
            picked_sentences=picked_sentences[response.pk],
            reasons=reasons[response.pk],
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
    reasons: dict[int, str],
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
                reason=reasons.get(sentence.pk, "") if question.ask_reasons else "",
                in_key=sentence.pk in key,
                asks_reasons=question.ask_reasons,
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
        accepted = grading.accepted_answers(question.accepted_answers)
    elif reveal and question.kind == Question.Kind.NUMERICAL:
        accepted = tuple(
            describe_answer(answer) for answer in numeric_answers(question.numeric_answers)
        )
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
        ask_reasons=question.ask_reasons and question.kind == Question.Kind.SPOT_CLAIM,
        reason_credit=question.reason_credit,
        revealed=reveal,
        explanation=question.explanation if reveal else "",
        explanation_source=question.explanation_source if reveal else "",
        accepted_answers=accepted,
        earned=response.final_points if reveal else None,
        fraction=response.fraction if reveal else None,
        adjusted=reveal and response.override_points is not None,
        teacher_comment=response.override_comment if reveal else "",
    )


_REASON_LABELS = dict(ResponseSentence.Reason.choices)


def _sentence_option(
    sentence: Sentence,
    *,
    previous: Sentence | None,
    selected: bool,
    reason: str,
    in_key: bool,
    asks_reasons: bool,
    reveal: bool,
) -> Option:
    starts_paragraph = previous is not None and previous.paragraph != sentence.paragraph
    reason = reason if selected else ""
    mine = {
        "id": sentence.pk,
        "text": sentence.text,
        "selected": selected,
        "starts_paragraph": starts_paragraph,
        "reason": reason,
        "reason_label": _REASON_LABELS.get(reason, ""),
    }
    if not reveal:
        return Option(**mine)
    label = claim_label_of(sentence)
    if label is None:
        return Option(**mine, correct=in_key)
    right = grading.accepted_reasons(label.verdict, label.alternative_verdict)
    reason_right = None
    if asks_reasons and selected and in_key and right:
        reason_right = reason in right
    return Option(
        **mine,
        correct=in_key,
        verdict=label.verdict,
        verdict_label=label.get_verdict_display(),
        explanation=label.explanation,
        source_title=label.source_title,
        source_url=label.source_url,
        evidence=label.evidence,
        contested=label.contested,
        contested_reason=label.contested_reason,
        alternative_label=(
            label.get_alternative_verdict_display() if label.alternative_verdict else ""
        ),
        reason_right=reason_right,
        right_reasons=tuple(_REASON_LABELS[r] for r in grading.REASONS if r in right),
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

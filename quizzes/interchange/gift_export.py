"""Exporting a quiz as GIFT: every question, in order, with notes on what GIFT cannot hold.

:func:`quiz_gift_export` reads the quiz in three queries (questions with their sections,
their choices, the spot-the-claim passages' sentences with claim labels), maps each question
with :func:`quizzes.interchange.gift_questions.gift_from_draft` and writes the text with
:func:`quizzes.interchange.gift_write.write_gift`. What did not carry over is listed in a
comment block at the top of the file (GIFT readers, Moodle's included, skip it) and in
:attr:`GiftExport.notes`, which the ``export_gift`` command prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.utils.text import slugify

from quizzes.interchange.gift_questions import (
    ChoiceDraft,
    QuestionDraft,
    SpotClaimPassage,
    gift_from_draft,
    points_comment,
)
from quizzes.interchange.gift_write import write_gift
from quizzes.models import Question, Quiz
from quizzes.selectors import claim_label_of, sentences_by_section, spot_claim_key_ids

NAME_LENGTH = 60
# The writer's header comment of a question (category switches are question 0): only
# headers start a line with "// question: ", since texts' line breaks are written as \n.
_HEADER_RE = re.compile(r"^// question: ([1-9]\d*)  name: .*$", re.M)


@dataclass(frozen=True)
class GiftExport:
    """A quiz as GIFT text, and what a teacher should know about it."""

    text: str
    filename: str
    #: Questions written.
    count: int
    #: ("Q3", note) pairs: what did not carry over, question by question.
    notes: tuple[tuple[str, str], ...] = ()


def question_draft(question: Question) -> QuestionDraft:
    """The plain fields of a saved question (choices prefetched: no query)."""
    return QuestionDraft(
        kind=question.kind,
        prompt=question.prompt,
        points=question.points,
        explanation=question.explanation,
        explanation_source=question.explanation_source,
        choices=tuple(
            ChoiceDraft(choice.text, choice.is_correct, choice.feedback)
            for choice in question.choices.all()
        ),
        accepted_answers=tuple(str(a) for a in question.accepted_answers or ()),
        answer_pattern=question.answer_pattern,
        numeric_answers=tuple(question.numeric_answers or ()),
    )


def quiz_questions_for_export(quiz: Quiz) -> list[Question]:
    """The quiz's questions in order, with sections and choices (two queries)."""
    return list(
        Question.objects.filter(quiz=quiz)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("position")
    )


def _name(question: Question) -> str:
    if question.kind == Question.Kind.SPOT_CLAIM and question.section is not None:
        about = f"Spot the claim: {question.section.display_heading}"
    else:
        about = " ".join(question.prompt.split())
    if len(about) > NAME_LENGTH:
        about = about[:NAME_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return f"Q{question.position}. {about}"


def _passage(question: Question, sentences) -> SpotClaimPassage:
    key = spot_claim_key_ids(question, sentences)
    feedback = []
    for sentence in sentences:
        label = claim_label_of(sentence)
        feedback.append(
            f"{label.get_verdict_display()}: {label.explanation}".rstrip(": ") if label else ""
        )
    return SpotClaimPassage(
        heading=question.section.display_heading,
        sentences=tuple(sentence.text for sentence in sentences),
        key=frozenset(i for i, sentence in enumerate(sentences) if sentence.pk in key),
        feedback=tuple(feedback),
    )


def category_path(quiz: Quiz) -> str:
    """Where Moodle files the questions: ``$course$/top/<quiz title>`` ("/" doubled)."""
    return "$course$/top/" + " ".join(quiz.title.split()).replace("/", "//")


def quiz_gift_export(*, quiz: Quiz) -> GiftExport:
    """The quiz's questions as GIFT, in the quiz's order. Three queries.

    Every question is written; a question GIFT cannot hold (a spot-the-claim question whose
    passage has nothing in its key) is left out and named in the notes.
    """
    questions = quiz_questions_for_export(quiz)
    sentences = sentences_by_section(
        q.section_id for q in questions if q.kind == Question.Kind.SPOT_CLAIM
    )
    category = category_path(quiz)
    written, notes, points = [], [], {}
    for question in questions:
        passage = None
        if question.kind == Question.Kind.SPOT_CLAIM and question.section_id:
            passage = _passage(question, sentences.get(question.section_id, []))
        gift, question_notes = gift_from_draft(
            question_draft(question), name=_name(question), passage=passage, category=category
        )
        label = f"Q{question.position}"
        notes.extend((label, note) for note in question_notes)
        if question.kind == Question.Kind.SPOT_CLAIM and question.ask_reasons:
            notes.append((label, "It asks students why they pick a sentence: GIFT cannot."))
        if gift is not None:
            # The header comment names the question by its position, so the points comment
            # can follow it (GIFT has no syntax for marks).
            written.append(replace(gift, id=question.position))
            points[question.position] = question.points
    header = [
        f"// Claimwise export of the quiz “{_one_line(quiz.title)}”: {len(written)} of "
        f"{len(questions)} question{'s' if len(questions) != 1 else ''}.",
        "// GIFT has no marks: Moodle imports each question at 1 point (its default mark);",
        "// the “// points:” lines keep each question's points for Claimwise.",
    ]
    header += [f"// {label}: {_one_line(note)}" for label, note in notes]
    body = _HEADER_RE.sub(
        lambda m: f"{m.group(0)}\n{points_comment(points[int(m.group(1))])}", write_gift(written)
    )
    text = "\n".join(header) + "\n\n" + body
    return GiftExport(
        text=text,
        filename=f"{slugify(quiz.title)[:100] or 'quiz'}.gift",
        count=len(written),
        notes=tuple(notes),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())

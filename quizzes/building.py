"""Building quizzes: questions generated from claim labels, and keeping questions in order.

A teacher labels a lesson's sentences (supported, unsupported, inaccurate, logical flaw,
opinion); these functions turn the labels into questions:

* :func:`questions_generate_spot_claim`: one spot-the-claim question per section, whose key
  is the section's sentences labelled with the chosen verdicts;
* :func:`questions_generate_which_sentence`: for every keyed sentence, a single-choice
  question "which sentence makes a claim the text does not support?" whose other choices
  are sentences of the same section labelled supported or opinion.

Generated questions are ordinary questions, appended at the end of the quiz, and stay
editable. :func:`positions_renumber` keeps a quiz's questions (or a question's choices)
numbered 1..n without tripping the unique position constraints while rows move.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max, Prefetch

from lessons.locking import lock
from lessons.models import ClaimLabel, Section, Sentence
from quizzes.grading import KEY_VERDICTS_DEFAULT, VERDICTS
from quizzes.models import Choice, Question, Quiz
from quizzes.selectors import claim_label_of
from quizzes.validation import validate_question

Kind = Question.Kind
Verdict = ClaimLabel.Verdict

WHICH_SENTENCE_PROMPT = "Which sentence of this passage makes a claim the text does not support?"
#: Sentences with these labels are safe wrong answers: the text does support them, or
#: they claim nothing checkable. Unlabelled sentences are never used: nobody vouched for them.
DISTRACTOR_VERDICTS = (Verdict.SUPPORTED, Verdict.OPINION)
#: A which-sentence question offers the keyed sentence and at most this many others.
MAX_DISTRACTORS = 3

# How a spot-the-claim prompt describes the sentences to pick, per verdict: relative
# clauses, so that they join with commas and "or".
_VERDICT_CLAUSES = {
    Verdict.UNSUPPORTED: "that makes a claim the text does not support",
    Verdict.INACCURATE: "that is factually wrong",
    Verdict.LOGICAL_FLAW: "whose reasoning does not hold up",
    Verdict.VAGUE: "that is too general to check",
    Verdict.OPINION: "that states an opinion rather than a checkable fact",
    Verdict.SUPPORTED: "that makes a claim the evidence supports",
}


class Skipped(NamedTuple):
    """A section (or one of its sentences) the builder left out, and why."""

    section: Section
    reason: str
    sentence: Sentence | None = None


class GeneratedQuestions(list):
    """The questions created, in quiz order; ``skipped`` says what was left out and why."""

    def __init__(self, questions: Iterable[Question] = (), skipped: Iterable[Skipped] = ()):
        super().__init__(questions)
        self.skipped: list[Skipped] = list(skipped)


def spot_claim_prompt(key_verdicts: Sequence[str]) -> str:
    """The prompt of a spot-the-claim question keyed on these verdicts.

    With the default verdicts: "Select every sentence in this passage that makes a claim
    the text does not support, that is factually wrong, or whose reasoning does not hold up."
    """
    clauses = [_VERDICT_CLAUSES[Verdict(verdict)] for verdict in _in_order(key_verdicts)]
    described = clauses[-1]
    if len(clauses) > 1:
        described = ", ".join(clauses[:-1]) + ", or " + described
    return f"Select every sentence in this passage {described}."


def questions_generate_spot_claim(
    *,
    quiz: Quiz,
    sections: Iterable[Section],
    key_verdicts: Sequence[str] = KEY_VERDICTS_DEFAULT,
    points: Decimal | None = None,
) -> GeneratedQuestions:
    """Append one spot-the-claim question per section to the quiz.

    The key is the section's sentences labelled with one of ``key_verdicts``; a section
    with an empty key is skipped and reported in ``result.skipped``. ``points`` defaults
    to one per keyed sentence. The explanation lists the keyed sentences with their
    labels' explanations. Raises ``ValidationError`` (``section_outside_lesson``,
    ``unknown_verdict``, ``spot_claim_no_verdicts``) and creates nothing if a section is
    not the quiz's lesson's or the verdicts are wrong.
    """
    return questions_generate(
        quiz=quiz,
        sections=sections,
        kinds=[Kind.SPOT_CLAIM],
        key_verdicts=key_verdicts,
        points=points,
    )


def questions_generate_which_sentence(
    *,
    quiz: Quiz,
    sections: Iterable[Section],
    key_verdicts: Sequence[str] = KEY_VERDICTS_DEFAULT,
    points: Decimal | None = None,
) -> GeneratedQuestions:
    """Append "which sentence makes a claim the text does not support?" questions.

    One single-choice question per sentence labelled with one of ``key_verdicts``. Its
    choices are that sentence and up to :data:`MAX_DISTRACTORS` sentences of the same
    section labelled supported or opinion (the nearest ones), in reading order; exactly
    the keyed sentence is right. The label's explanation becomes the question's. A keyed
    sentence with no such neighbour is skipped and reported. ``points`` defaults to 1.
    Raises like :func:`questions_generate_spot_claim`.
    """
    return questions_generate(
        quiz=quiz,
        sections=sections,
        kinds=[Kind.SINGLE_CHOICE],
        key_verdicts=key_verdicts,
        points=points,
    )


@transaction.atomic
def questions_generate(
    *,
    quiz: Quiz,
    sections: Iterable[Section],
    kinds: Iterable[str],
    key_verdicts: Sequence[str] = KEY_VERDICTS_DEFAULT,
    points: Decimal | None = None,
) -> GeneratedQuestions:
    """Generate questions of the given kinds, section by section, at the end of the quiz.

    ``kinds`` holds ``spot_claim`` and/or ``single_choice`` (the which-sentence
    questions). For each section in reading order its spot-the-claim question comes
    first, then its which-sentence questions. All or nothing: any refusal rolls back.
    """
    kinds = list(dict.fromkeys(kinds))
    if unknown := set(kinds) - {Kind.SPOT_CLAIM, Kind.SINGLE_CHOICE}:
        raise ValueError(f"cannot generate questions of kind {sorted(unknown)}")
    key_verdicts = _checked_verdicts(key_verdicts)
    # Locking the quiz row serialises generators and admin reorders of one quiz, so two
    # of them cannot both take the same next position.
    locked_quiz = lock(quiz)
    chosen = _sections_with_labels(locked_quiz, sections)
    next_position = (locked_quiz.questions.aggregate(top=Max("position"))["top"] or 0) + 1

    result = GeneratedQuestions()
    for section in chosen:
        sentences = list(section.sentences.all())
        for kind in kinds:
            if kind == Kind.SPOT_CLAIM:
                built = [_spot_claim_question(locked_quiz, section, sentences, key_verdicts)]
            else:
                built = _which_sentence_questions(locked_quiz, section, sentences, key_verdicts)
            for item in built:
                if isinstance(item, Skipped):
                    result.skipped.append(item)
                    continue
                question, choices = item
                if points is not None:
                    question.points = points
                question.position = next_position
                next_position += 1
                question.save()
                for index, choice in enumerate(choices, start=1):
                    choice.question = question
                    choice.position = index
                Choice.objects.bulk_create(choices)
                result.append(question)
    return result


def question_move(*, question: Question, position: int | None) -> None:
    """Save ``question`` at ``position`` (1-based) in its quiz; the others shift to make room.

    ``None`` (or a position past the end) puts it last. The question may be new. The
    quiz's questions end up numbered 1..n.
    """
    with transaction.atomic():
        lock(question.quiz)
        others = list(Question.objects.filter(quiz_id=question.quiz_id).exclude(pk=question.pk))
        index = len(others) if position is None else max(0, min(position - 1, len(others)))
        ordered = [*others[:index], question, *others[index:]]
        positions_renumber(
            siblings=Question.objects.filter(quiz_id=question.quiz_id),
            ordered=ordered,
            save=[question],
        )


def positions_renumber(
    *, siblings: models.QuerySet, ordered: Sequence[models.Model], save: Iterable = ()
) -> None:
    """Number ``ordered`` 1..n in that order and write it, new rows included.

    ``siblings`` is the queryset of all rows sharing the unique position (a quiz's
    questions, a question's choices). Rows in ``save`` and new rows are saved in full
    (with whatever else changed on them); the rest only get their new position. Rows of
    ``siblings`` missing from ``ordered`` keep their relative order after them.

    Unique constraints are checked row by row while an UPDATE runs, so rows cannot
    simply be renumbered in place (moving 2 to 1 while 1 still exists fails). Every
    existing row is first lifted above the highest position in use, then set.
    """
    with transaction.atomic():
        existing = list(siblings.order_by("position").values_list("pk", "position"))
        wanted = {row.pk for row in ordered if row.pk is not None}
        missing = [pk for pk, _position in existing if pk not in wanted]
        current = {pk: position for pk, position in existing}
        final = {id(row): index for index, row in enumerate(ordered, start=1)}
        unchanged = (
            all(row.pk is not None and current.get(row.pk) == final[id(row)] for row in ordered)
            and not missing
        )
        full_saves = {id(row) for row in save} | {id(row) for row in ordered if row.pk is None}
        if not unchanged:
            top = max([position for _pk, position in existing] + [len(ordered)], default=0)
            siblings.update(position=F("position") + top + len(existing) + len(ordered) + 1)
            for offset, pk in enumerate(missing, start=len(ordered) + 1):
                siblings.filter(pk=pk).update(position=offset)
        position_only = []
        for row in ordered:
            row.position = final[id(row)]
            if id(row) in full_saves:
                row.save()
            elif not unchanged:
                position_only.append(row)
        if position_only:
            type(position_only[0]).objects.bulk_update(position_only, ["position"])


# --- generation helpers ----------------------------------------------------------------


def _in_order(verdicts: Iterable[str]) -> list[str]:
    """Verdicts in their canonical order (as ClaimLabel.Verdict lists them)."""
    wanted = set(verdicts)
    return [verdict for verdict in VERDICTS if verdict in wanted]


def _checked_verdicts(key_verdicts: Sequence[str]) -> list[str]:
    if isinstance(key_verdicts, str):
        raise TypeError("key_verdicts must be a collection of verdicts, not a string")
    if unknown := sorted(set(key_verdicts) - set(VERDICTS)):
        raise ValidationError(
            "Unknown verdicts: %(verdicts)s.",
            code="unknown_verdict",
            params={"verdicts": ", ".join(unknown)},
        )
    if not key_verdicts:
        raise ValidationError(
            "Choose at least one verdict whose sentences students must pick.",
            code="spot_claim_no_verdicts",
        )
    return _in_order(key_verdicts)


def _sections_with_labels(quiz: Quiz, sections: Iterable[Section]) -> list[Section]:
    """The chosen sections, in reading order, with sentences and labels prefetched."""
    section_ids = {section.pk for section in sections}
    chosen = list(
        Section.objects.filter(pk__in=section_ids)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "sentences",
                queryset=Sentence.objects.select_related("label").order_by("position"),
            )
        )
    )
    if len(chosen) != len(section_ids) or any(s.lesson_id != quiz.lesson_id for s in chosen):
        raise ValidationError(
            "Choose sections of this quiz's own lesson.", code="section_outside_lesson"
        )
    return chosen


def _verdict(sentence: Sentence) -> str | None:
    label = claim_label_of(sentence)
    return label.verdict if label else None


def _spot_claim_question(
    quiz: Quiz, section: Section, sentences: list[Sentence], key_verdicts: list[str]
) -> tuple[Question, list[Choice]] | Skipped:
    key = [sentence for sentence in sentences if _verdict(sentence) in key_verdicts]
    if not key:
        return Skipped(section, "no sentence has a claim label with a chosen verdict")
    question = Question(
        quiz=quiz,
        kind=Kind.SPOT_CLAIM,
        prompt=spot_claim_prompt(key_verdicts),
        points=Decimal(len(key)),
        explanation=_spot_claim_explanation(key, len(sentences)),
        section=section,
        key_verdicts=key_verdicts,
    )
    _validate(question, [], section, sentences)
    return question, []


def _spot_claim_explanation(key: list[Sentence], sentence_count: int) -> str:
    lines = [
        f"{len(key)} of the passage's {sentence_count} sentences "
        f"{'is' if len(key) == 1 else 'are'} in the key."
    ]
    for sentence in key:
        label = sentence.label
        lines.append(f"“{sentence}” ({label.get_verdict_display().lower()}): {label.explanation}")
    return "\n\n".join(lines)


def _which_sentence_questions(
    quiz: Quiz, section: Section, sentences: list[Sentence], key_verdicts: list[str]
) -> list[tuple[Question, list[Choice]] | Skipped]:
    safe_verdicts = set(DISTRACTOR_VERDICTS) - set(key_verdicts)
    pool = [sentence for sentence in sentences if _verdict(sentence) in safe_verdicts]
    built: list[tuple[Question, list[Choice]] | Skipped] = []
    for keyed in (sentence for sentence in sentences if _verdict(sentence) in key_verdicts):
        if not pool:
            built.append(
                Skipped(
                    section,
                    "no other sentence of the section is labelled supported or opinion",
                    keyed,
                )
            )
            continue
        # The nearest labelled neighbours make the closest reading, and ties go to the
        # earlier sentence so the result is stable.
        nearest = sorted(pool, key=lambda s: (abs(s.position - keyed.position), s.position))
        shown = sorted([keyed, *nearest[:MAX_DISTRACTORS]], key=lambda s: s.position)
        label = keyed.label
        choices = [
            Choice(
                text=sentence.text,
                is_correct=sentence is keyed,
                feedback=(
                    f"Right: this sentence is {label.get_verdict_display().lower()}."
                    if sentence is keyed
                    else f"{sentence.label.get_verdict_display()}: {sentence.label.explanation}"
                ),
            )
            for sentence in shown
        ]
        explanation = label.explanation
        if label.source_title:
            explanation += f"\n\nSource: {label.source_title}"
        question = Question(
            quiz=quiz,
            kind=Kind.SINGLE_CHOICE,
            prompt=WHICH_SENTENCE_PROMPT,
            points=Decimal(1),
            explanation=explanation,
            section=section,
        )
        _validate(question, choices, section, sentences)
        built.append((question, choices))
    return built


def _validate(
    question: Question, choices: list[Choice], section: Section, sentences: list[Sentence]
) -> None:
    # Built from the labels, these should always pass; checking keeps the builder honest
    # if the rules change.
    validate_question(
        kind=question.kind,
        choices=[(choice.text, choice.is_correct) for choice in choices],
        section=section,
        accepted_answers=question.accepted_answers,
        answer_pattern=question.answer_pattern,
        key_verdicts=question.key_verdicts,
        lesson_id=question.quiz.lesson_id,
        section_verdicts={_verdict(s) for s in sentences},
    )

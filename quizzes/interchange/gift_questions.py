"""GIFT questions to the app's questions and back, as pure functions over plain values.

:func:`drafts_from_gift` turns one parsed :class:`~quizzes.interchange.gift_model.GiftQuestion`
into zero, one or several :class:`QuestionDraft` (the fields of a Question and its Choices)
and says, in notes a teacher can read, everything that did not carry over exactly.
:func:`gift_from_draft` does the reverse for export. Nothing here touches the database:
:mod:`quizzes.interchange.gift_import` saves drafts, :mod:`quizzes.interchange.gift_export`
gathers them.

How each GIFT type maps (the closing notes of issue 15 and the admin's import page say the
same):

==============================  ==============================================================
GIFT (Moodle qtype)             app question
==============================  ==============================================================
multichoice, one answer         ``single_choice``: the 100 % answer is right; partial-credit
                                answers count as wrong (reported); a second 100 % answer is
                                kept as a wrong choice (reported)
multichoice, several answers    ``multiple_choice``: answers with a positive weight are right.
                                The app scores right picks 1/k and wrong picks -1/m whatever
                                the weights; when that gives another score than Moodle's
                                weights for some answer, the largest difference is reported
truefalse                       ``true_false`` with choices True and False and their feedback
shortanswer                     ``short_answer``: 100 % answers become accepted answers,
                                answers with ``*`` wildcards a pattern; partial-credit answers
                                and per-answer feedback are reported and left out
numerical                       ``numerical``: every value with its tolerance, weight and
                                feedback (ranges become value ± tolerance)
missing word                    the kind of its answers, the blank shown as ``_____``
matching                        one ``single_choice`` per item, whose choices are all the
                                answers and whose points share the question's (reported)
essay, description              not imported, reported with their text
==============================  ==============================================================

Points: GIFT has no syntax for a question's mark (Moodle imports every GIFT question at 1
point), so the export adds a ``// points: 2`` comment line to each question, which Moodle
ignores and :func:`points_comments` reads back; without one a question is worth 1 point.

Texts: plain and Moodle auto-format text is kept as typed; HTML (and tags in Moodle
text) becomes plain text, with a note; Markdown is kept as typed, with a note. Titles,
categories, ID numbers, tags and penalties have no place in the app: titles and categories
are reported once per file (:mod:`~quizzes.interchange.gift_import`), ID numbers and tags
per question; penalties only apply to Moodle's interactive modes and are not reported.

Export writes every text as ``[plain]`` (what the app's texts are), weights as the app's
rule gives them (so Moodle grades exactly as the app does, up to Moodle's grade list), and a
spot-the-claim question as a multiple-answer question over its passage's sentences: key
sentences 1/|key| each, the others -1/(sentences - |key|), each sentence's claim label as
its feedback, tagged ``spot-claim``. It comes back as ``multiple_choice``, and the import
says so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import product

from quizzes import grading
from quizzes.interchange.gift_model import MOODLE_GRADES, GiftAnswer, GiftQuestion, moodle_grade
from quizzes.numbers import ANY_NUMBER, NumericAnswer, numeric_answers, plain

#: The tag an exported spot-the-claim question carries, so a re-import can say what it was.
SPOT_CLAIM_TAG = "spot-claim"
#: The extra, right choice of an exported spot-the-claim question whose key is empty: the
#: app scores picking nothing 1, which Moodle's weights cannot express without it.
NOTHING_TO_PICK = "None of these sentences"
#: The largest number of points a question can hold (Question.points: 6 digits, 2 places).
MAX_POINTS = Decimal("9999.99")
MIN_POINTS = Decimal("0.01")
#: Question.answer_pattern's width.
MAX_PATTERN_LENGTH = 300
#: Question.explanation_source's width.
MAX_SOURCE_LENGTH = 500
#: Multiple-answer questions with at most this many choices are compared with Moodle's
#: weights answer by answer (2**n responses); longer ones by their weights only.
EXHAUSTIVE_CHOICES = 12
#: Score differences below this (a fraction of the question) are Moodle's rounding of its
#: grade list (33.33333 % for a third), not a different rule.
SCORE_TOLERANCE = Fraction(1, 2000)

_POINTS_RE = re.compile(r"//\s*points:\s*(?P<points>\d{1,6}(?:\.\d+)?)\s*$", re.I)
_SOURCE_RE = re.compile(r"(?:\A|\n\n)Source: (?P<source>[^\n]+)\Z")


@dataclass(frozen=True)
class ChoiceDraft:
    """A choice as the app stores it."""

    text: str
    is_correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class QuestionDraft:
    """The fields of one app question (and its choices), not yet saved."""

    kind: str
    prompt: str
    points: Decimal = Decimal(1)
    explanation: str = ""
    explanation_source: str = ""
    choices: tuple[ChoiceDraft, ...] = ()
    accepted_answers: tuple[str, ...] = ()
    answer_pattern: str = ""
    #: Numerical: the stored rows (see :mod:`quizzes.numbers`).
    numeric_answers: tuple[dict[str, str], ...] = ()

    def comparable(self) -> dict:
        """Everything a teacher would call "the same question", for round-trip checks."""
        return {
            "kind": self.kind,
            "prompt": self.prompt,
            "points": Decimal(self.points).quantize(Decimal("0.01")),
            "explanation": self.explanation,
            "explanation_source": self.explanation_source,
            "choices": [(c.text, c.is_correct, c.feedback) for c in self.choices],
            "accepted_answers": list(self.accepted_answers),
            "answer_pattern": self.answer_pattern,
            "numeric_answers": [a.as_json() for a in numeric_answers(list(self.numeric_answers))],
        }


@dataclass(frozen=True)
class SpotClaimPassage:
    """A spot-the-claim question's passage, for export: its sentences and its key."""

    heading: str
    sentences: tuple[str, ...]
    #: Indexes (into ``sentences``) of the sentences in the key.
    key: frozenset[int]
    #: Per sentence, its claim label as feedback ("Unsupported: no source is given."), or "".
    feedback: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportedQuestion:
    """What one GIFT question becomes: drafts (none when skipped) and notes on the way."""

    source: GiftQuestion
    drafts: tuple[QuestionDraft, ...]
    notes: tuple[str, ...] = ()

    @property
    def skipped(self) -> bool:
        return not self.drafts


@dataclass
class _Notes:
    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.items:
            self.items.append(message)


# --- texts ----------------------------------------------------------------------------

_TAG_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<!--.*?-->", re.S)
_BREAKS = {"br", "p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol"}
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def html_to_text(text: str) -> str:
    """HTML as the plain text a student would read: tags out, breaks kept, entities decoded.

    Block ends and ``<br>`` become line breaks, list items start with "- ", runs of blank
    lines shrink to one, and every line is stripped.
    """

    def tag(match: re.Match) -> str:
        closing, name = match.group(1), (match.group(2) or "").lower()
        if name == "li" and not closing:
            return "\n- "
        return "\n" if name in _BREAKS else ""

    text = html.unescape(_TAG_RE.sub(tag, text))
    lines = [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]
    joined = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


_MARKDOWN_RE = re.compile(r"[*_`#\[\]>]|^\s*(?:[-+]|\d+\.)\s", re.M)


def _looks_like_html(text: str) -> bool:
    return bool(_TAG_RE.search(text) or _ENTITY_RE.search(text))


def _plain(text: str, fmt: str, what: str, notes: _Notes) -> str:
    """A GIFT text in the app's plain text, noting what changed."""
    if fmt == "markdown":
        if _MARKDOWN_RE.search(text):
            notes.add(f"The {what} is Markdown: kept as typed (the app shows plain text).")
        return text
    if fmt == "plain" or not _looks_like_html(text):
        return text
    converted = html_to_text(text)
    if converted != text:
        notes.add(f"The {what} was HTML: its formatting was removed, its text kept.")
    return converted


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _percent(fraction: Fraction | Decimal) -> str:
    value = (
        Decimal(fraction.numerator) / Decimal(fraction.denominator)
        if isinstance(fraction, Fraction)
        else fraction
    )
    return f"{(value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP).normalize():f}%"


# --- import ---------------------------------------------------------------------------


def points_comment(points: Decimal) -> str:
    """The comment line that carries a question's points through GIFT."""
    return f"// points: {plain(Decimal(points))}"


def points_comments(text: str) -> dict[int, Decimal]:
    """Points given by ``// points: N`` comments, by the line their question starts on.

    Blocks are split as the parser splits them (blank lines, BOM and line ends alike), and
    a question starts on its block's first line that is not a comment: the line the parser
    gives as ``GiftQuestion.line``. A block with no such comment is left out.
    """
    text = text.removeprefix("\ufeff")
    lines = text.split("\r") if "\r" in text and "\n" not in text else text.split("\n")
    found: dict[int, Decimal] = {}
    points: Decimal | None = None
    start: int | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip(" \t\n\r\0\x0b")
        if line in ("", "0"):
            if points is not None and start is not None:
                found[start] = points
            points, start = None, None
        elif line.startswith("//"):
            if match := _POINTS_RE.fullmatch(line):
                points = Decimal(match.group("points"))
        elif start is None:
            start = number
    if points is not None and start is not None:
        found[start] = points
    return found


def drafts_from_gift(question: GiftQuestion) -> ImportedQuestion:
    """What the app makes of one GIFT question, and the notes a teacher should read.

    Never raises for a well-parsed question: what cannot be represented is skipped with a
    note that says why (and gives its text, so nothing is lost without a word).
    """
    notes = _Notes()
    q = question
    prompt = _plain(q.questiontext, q.questiontextformat, "question text", notes)
    explanation, source = _split_source(
        _plain(q.generalfeedback, q.generalfeedbackformat, "general feedback", notes)
    )
    if q.idnumber or q.tags:
        kept = [t for t in q.tags if t != SPOT_CLAIM_TAG]
        parts = []
        if q.idnumber:
            parts.append(f"its ID number “{q.idnumber}”")
        if kept:
            parts.append("its tags " + ", ".join(f"“{t}”" for t in kept))
        if parts:
            notes.add(f"The app does not keep {' or '.join(parts)}.")
    if SPOT_CLAIM_TAG in q.tags:
        notes.add(
            "Exported from a spot-the-claim question: it comes back as multiple choice over the "
            "passage's sentences (GIFT has no passages or claim labels)."
        )

    if q.qtype in ("essay", "description"):
        what = (
            "essay questions (free text marked by hand)"
            if q.qtype == "essay"
            else ("descriptions (text between questions)")
        )
        notes.add(
            f"Not imported: the app has no {what}. Its text: “{_short(prompt or q.name, 200)}”"
        )
        return ImportedQuestion(q, (), tuple(notes.items))

    if not prompt.strip():
        prompt = q.name
        notes.add("It has no question text: its title is used as the prompt.")
    points = _points(q.defaultmark, notes)
    base = QuestionDraft(
        kind="", prompt=prompt, points=points, explanation=explanation, explanation_source=source
    )
    if q.qtype == "multichoice":
        drafts = [_multichoice(q, base, notes)]
    elif q.qtype == "truefalse":
        drafts = [_truefalse(q, base, notes)]
    elif q.qtype == "shortanswer":
        drafts = [_shortanswer(q, base, notes)]
    elif q.qtype == "numerical":
        drafts = [_numerical(q, base, notes)]
    elif q.qtype == "match":
        drafts = _matching(q, base, notes)
    else:  # pragma: no cover - the parser makes no other type
        notes.add(f"Not imported: the app has no “{q.qtype}” questions.")
        drafts = []
    kept = [d for d in drafts if d is not None]
    return ImportedQuestion(q, tuple(kept), tuple(notes.items))


def _split_source(explanation: str) -> tuple[str, str]:
    """An explanation ending in "Source: …" (as the export writes it) and that source."""
    match = _SOURCE_RE.search(explanation)
    if not match or len(match.group("source")) > MAX_SOURCE_LENGTH:
        return explanation, ""
    return explanation[: match.start()], match.group("source").strip()


def _points(mark: Decimal, notes: _Notes) -> Decimal:
    points = Decimal(mark).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if points < MIN_POINTS:
        notes.add(
            f"Moodle's mark {plain(Decimal(mark))} is not a positive mark: it is worth 1 point."
        )
        return Decimal(1)
    if points > MAX_POINTS:
        notes.add(f"Moodle's mark {plain(Decimal(mark))} is more than the app holds: {MAX_POINTS}.")
        return MAX_POINTS
    if points != mark:
        notes.add(f"Moodle's mark {plain(Decimal(mark))} is rounded to {points} points.")
    return points


def _answer_text(answer: GiftAnswer, notes: _Notes) -> tuple[str, str]:
    text = _plain(answer.text, answer.format, "text of a choice", notes)
    feedback = _plain(answer.feedback, answer.feedbackformat, "feedback of a choice", notes)
    return text, feedback


def _multichoice(q: GiftQuestion, base: QuestionDraft, notes: _Notes) -> QuestionDraft | None:
    texts = [_answer_text(a, notes) for a in q.answers]
    if q.single:
        right = [i for i, a in enumerate(q.answers) if a.fraction == 1]
        if not right:
            best = max(range(len(q.answers)), key=lambda i: q.answers[i].fraction)
            notes.add(
                f"No choice is worth 100 %: “{_short(texts[best][0])}”, the best one "
                f"({_percent(q.answers[best].fraction)}), is taken as the right answer."
            )
            right = [best]
        for i, answer in enumerate(q.answers):
            if i == right[0]:
                continue
            if answer.fraction == 1:
                notes.add(
                    f"Moodle gives full marks for “{_short(texts[i][0])}” too; here only "
                    f"“{_short(texts[right[0]][0])}” is right (a single-choice question has one "
                    "right answer). Edit the question if both should count."
                )
            elif answer.fraction > 0:
                notes.add(
                    f"“{_short(texts[i][0])}” earns {_percent(answer.fraction)} in Moodle; here "
                    "it earns nothing (single choice is all or nothing)."
                )
            elif answer.fraction < 0:
                notes.add(
                    f"“{_short(texts[i][0])}” costs {_percent(-answer.fraction)} in Moodle; here "
                    "a wrong answer scores 0."
                )
        choices = tuple(
            ChoiceDraft(text, i == right[0], feedback) for i, (text, feedback) in enumerate(texts)
        )
        return replace(base, kind="single_choice", choices=choices)

    choices = tuple(
        ChoiceDraft(text, answer.fraction > 0, feedback)
        for answer, (text, feedback) in zip(q.answers, texts, strict=True)
    )
    if not any(c.is_correct for c in choices):
        notes.add("Not imported: no choice has a positive weight, so no answer could be right.")
        return None
    if difference := _multi_score_difference(
        [a.fraction for a in q.answers], [t for t, _ in texts]
    ):
        notes.add(difference)
    return replace(base, kind="multiple_choice", choices=choices)


def _app_share(right: int, wrong: int, key: int, others: int) -> Fraction:
    """The app's partial-credit rule (:func:`quizzes.grading.grade_selection`), exactly."""
    share = Fraction(right, key) - (Fraction(wrong, others) if wrong else 0)
    return min(max(share, Fraction(0)), Fraction(1))


def _multi_score_difference(fractions: Sequence[Decimal], texts: Sequence[str]) -> str:
    """ "" when the app scores every answer as Moodle's weights would; else the worst case."""
    key = sum(1 for f in fractions if f > 0)
    others = len(fractions) - key
    weights = [Fraction(f) for f in fractions]
    rule = f"each right choice earns 1/{key}" + (
        f" and each wrong one costs 1/{others}" if others else ""
    )
    if len(fractions) > EXHAUSTIVE_CHOICES:
        if all(
            abs(w - (Fraction(1, key) if w > 0 else -Fraction(1, others))) < SCORE_TOLERANCE
            for w in weights
        ):
            return ""
        return (
            f"Scored differently from Moodle: the app's rule is that {rule}, not the file's "
            "weights (" + ", ".join(_percent(f) for f in fractions) + ")."
        )
    worst, worst_picks = Fraction(0), ()
    for picks in product((False, True), repeat=len(fractions)):
        moodle = sum((w for w, p in zip(weights, picks, strict=True) if p), Fraction(0))
        moodle = min(max(moodle, Fraction(0)), Fraction(1))
        right = sum(1 for f, p in zip(fractions, picks, strict=True) if p and f > 0)
        wrong = sum(1 for f, p in zip(fractions, picks, strict=True) if p and f <= 0)
        ours = _app_share(right, wrong, key, others)
        if abs(ours - moodle) > abs(worst) + SCORE_TOLERANCE:
            worst, worst_picks = ours - moodle, picks
    if not worst_picks:
        return ""
    picked = [f"“{_short(t, 40)}”" for t, p in zip(texts, worst_picks, strict=True) if p]
    ticked = picked[0] if len(picked) == 1 else ", ".join(picked[:-1]) + " and " + picked[-1]
    ours = _app_share(
        sum(1 for f, p in zip(fractions, worst_picks, strict=True) if p and f > 0),
        sum(1 for f, p in zip(fractions, worst_picks, strict=True) if p and f <= 0),
        key,
        others,
    )
    return (
        f"Scored differently from Moodle: the app's rule is that {rule}, not the file's weights "
        f"({', '.join(_percent(f) for f in fractions)}). For example, ticking "
        f"{ticked} scores {_percent(ours)} here and {_percent(ours - worst)} in "
        "Moodle."
    )


def _truefalse(q: GiftQuestion, base: QuestionDraft, notes: _Notes) -> QuestionDraft:
    true_feedback = _plain(q.feedbacktrue, q.feedbacktrueformat, "feedback for True", notes)
    false_feedback = _plain(q.feedbackfalse, q.feedbackfalseformat, "feedback for False", notes)
    choices = (
        ChoiceDraft("True", bool(q.correctanswer), true_feedback),
        ChoiceDraft("False", not q.correctanswer, false_feedback),
    )
    return replace(base, kind="true_false", choices=choices)


# Wildcards: Moodle's short answers let "*" stand for any characters. The app keys such
# answers with a pattern; WILDCARD_PREFIX marks patterns built here, so export can turn
# them back into wildcard answers.
def wildcards_to_pattern(answers: Iterable[str]) -> str:
    """A pattern matching any of the wildcard answers, whole and ignoring case."""
    parts = [".*".join(re.escape(piece) for piece in answer.split("*")) for answer in answers]
    return "|".join(f"(?:{part})" for part in parts)


_PATTERN_PART_RE = re.compile(r"\(\?:((?:[^()\\]|\\.)*)\)")


def pattern_to_wildcards(pattern: str) -> list[str] | None:
    """The wildcard answers :func:`wildcards_to_pattern` made ``pattern`` from, or None."""
    parts = _PATTERN_PART_RE.findall(pattern)
    if not parts:
        return None
    answers = []
    for part in parts:
        pieces = part.split(".*")
        literal = [re.sub(r"\\(.)", r"\1", piece) for piece in pieces]
        answers.append("*".join(literal))
    return answers if wildcards_to_pattern(answers) == pattern else None


def _shortanswer(q: GiftQuestion, base: QuestionDraft, notes: _Notes) -> QuestionDraft | None:
    accepted, wildcards = [], []
    for answer in q.answers:
        text = _plain(answer.text, q.questiontextformat, "text of an answer", notes)
        feedback = _plain(answer.feedback, answer.feedbackformat, "feedback of an answer", notes)
        if answer.fraction == 1:
            if "*" in text:
                wildcards.append(text)
            elif not grading.normalise_answer(text):
                notes.add(
                    f"The answer “{text}” has no letter or digit, so no typed answer could match "
                    "it here: left out."
                )
            else:
                accepted.append(text)
            if feedback:
                notes.add(
                    f"The feedback on “{_short(text)}” is not kept: short answers here have one "
                    "explanation, not feedback per answer."
                )
        elif answer.fraction > 0:
            notes.add(
                f"“{_short(text)}” earns {_percent(answer.fraction)} in Moodle; here it is not "
                "accepted (short answers are all or nothing)."
            )
        elif feedback:
            notes.add(
                f"The feedback on the wrong answer “{_short(text)}” is not kept (it still scores "
                "0)."
            )
    pattern = wildcards_to_pattern(wildcards) if wildcards else ""
    if len(pattern) > MAX_PATTERN_LENGTH:
        notes.add(
            "The wildcard answers (" + ", ".join(f"“{w}”" for w in wildcards) + ") are too long "
            "for the app's pattern: left out."
        )
        pattern = ""
    elif wildcards:
        notes.add("Answers with * (any characters) are kept as the pattern " + pattern + ".")
    if not accepted and not pattern:
        notes.add("Not imported: no answer earns full marks, so no answer could be right.")
        return None
    return replace(
        base,
        kind="short_answer",
        accepted_answers=tuple(dict.fromkeys(accepted)),
        answer_pattern=pattern,
    )


def _numerical(q: GiftQuestion, base: QuestionDraft, notes: _Notes) -> QuestionDraft | None:
    rows = []
    for answer in q.answers:
        feedback = _plain(answer.feedback, answer.feedbackformat, "feedback of a value", notes)
        fraction = answer.fraction
        if fraction < 0:
            notes.add(
                f"The value {answer.text} costs {_percent(-fraction)} in Moodle; here a wrong "
                "answer scores 0."
            )
            fraction = Decimal(0)
        value = None if answer.text == ANY_NUMBER else Decimal(answer.text)
        tolerance = answer.tolerance if answer.tolerance is not None else Decimal(0)
        rows.append(NumericAnswer(value, abs(tolerance), fraction, feedback).as_json())
    if not any(r["value"] != ANY_NUMBER and Decimal(r["fraction"]) == 1 for r in rows):
        notes.add("Not imported: no value earns full marks, so no answer could be fully right.")
        return None
    return replace(base, kind="numerical", numeric_answers=tuple(rows))


def _choice_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _matching(q: GiftQuestion, base: QuestionDraft, notes: _Notes) -> list[QuestionDraft]:
    options: dict[str, str] = {}
    for pair in q.subquestions:
        answer = _plain(pair.answer, "plain", "answer", notes)
        options.setdefault(_choice_key(answer), answer)
    items = [pair for pair in q.subquestions if pair.text.strip()]
    if len(options) < 2 or not items:
        notes.add("Not imported: a matching question needs two different answers to choose from.")
        return []
    share = (base.points / len(items)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    share = max(share, MIN_POINTS)
    drafts = []
    for pair in items:
        item = _plain(pair.text, pair.format, "text of an item", notes)
        right = _choice_key(_plain(pair.answer, "plain", "answer", notes))
        choices = tuple(ChoiceDraft(text, key == right) for key, text in options.items())
        drafts.append(
            replace(
                base,
                kind="single_choice",
                prompt=f"{base.prompt}\n\n{item}",
                points=share,
                choices=choices,
            )
        )
    message = (
        f"The app has no matching questions: it becomes {len(items)} single-choice questions, "
        f"one per item, each offering all {len(options)} answers"
    )
    if share * len(items) != base.points:
        message += f" and worth {share} points ({share * len(items)} in all, not {base.points})"
    else:
        message += f" and worth {share} points"
    notes.add(message + ".")
    return drafts


# --- export ---------------------------------------------------------------------------


def nearest_moodle_grade(fraction: Fraction) -> Decimal:
    """The Moodle grade closest to ``fraction`` (-1..1): exact when it is one."""
    value = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    if (snapped := moodle_grade(value)) is not None:
        return snapped
    candidates = [g for grade in MOODLE_GRADES for g in (grade, -grade)]
    return min(candidates, key=lambda g: (abs(g - value), -abs(g)))


def _selection_weights(correct: Sequence[bool], notes: _Notes) -> tuple[Decimal, ...]:
    """Moodle weights giving the app's partial-credit rule: 1/k right, -1/m wrong."""
    key = sum(correct)
    others = len(correct) - key
    right = Fraction(1, key)
    wrong = -Fraction(1, others) if others else Fraction(0)
    right_grade, wrong_grade = nearest_moodle_grade(right), nearest_moodle_grade(wrong)
    for exact, grade, what in ((right, right_grade, "right"), (wrong, wrong_grade, "wrong")):
        value = Decimal(exact.numerator) / Decimal(exact.denominator)
        if moodle_grade(value) is None:
            notes.add(
                f"Each {what} choice is worth {_percent(exact)} here, which is not one of "
                f"Moodle's grades: written as {_percent(grade)}, so Moodle's scores differ "
                "slightly."
            )
    return tuple(right_grade if c else wrong_grade for c in correct)


def gift_from_draft(
    draft: QuestionDraft,
    *,
    name: str,
    passage: SpotClaimPassage | None = None,
    category: str | None = None,
) -> tuple[GiftQuestion | None, tuple[str, ...]]:
    """The GIFT question for one app question, and notes on what did not carry over.

    ``draft.kind`` may also be ``spot_claim``, with its ``passage``. Returns None (and a
    note) for a question GIFT cannot hold.
    """
    notes = _Notes()
    feedback = draft.explanation
    if draft.explanation_source:
        feedback = f"{feedback}\n\nSource: {draft.explanation_source}".lstrip("\n")
    common = {
        "name": name,
        "questiontext": draft.prompt,
        "questiontextformat": "plain",
        "generalfeedback": feedback,
        "generalfeedbackformat": "plain",
        "defaultmark": Decimal(draft.points),
        "category": category,
    }

    def answer(text: str, fraction: Decimal, feedback: str = "", **extra) -> GiftAnswer:
        return GiftAnswer(text, fraction, feedback, "plain", "plain", **extra)

    kind = draft.kind
    if kind in ("single_choice", "multiple_choice"):
        if kind == "single_choice":
            weights = tuple(Decimal(1) if c.is_correct else Decimal(0) for c in draft.choices)
        else:
            weights = _selection_weights([c.is_correct for c in draft.choices], notes)
        answers = [
            answer(c.text, w, c.feedback) for c, w in zip(draft.choices, weights, strict=True)
        ]
        question = GiftQuestion(
            qtype="multichoice", single=kind == "single_choice", answers=answers, **common
        )
    elif kind == "true_false":
        by_text = {c.text.strip().casefold(): c for c in draft.choices}
        true, false = by_text.get("true"), by_text.get("false")
        question = GiftQuestion(
            qtype="truefalse",
            penalty=Decimal(1),
            correctanswer=bool(true and true.is_correct),
            feedbacktrue=true.feedback if true else "",
            feedbacktrueformat="plain",
            feedbackfalse=false.feedback if false else "",
            feedbackfalseformat="plain",
            **common,
        )
    elif kind == "short_answer":
        texts = list(draft.accepted_answers)
        if draft.answer_pattern:
            wildcards = pattern_to_wildcards(draft.answer_pattern)
            if wildcards is None:
                notes.add(
                    f"Its pattern {draft.answer_pattern} cannot be written in GIFT (Moodle's "
                    "short answers only know * wildcards): Moodle will accept only the listed "
                    "answers."
                )
            else:
                texts += wildcards
        if not texts:
            notes.add("Not exported: it has no accepted answer GIFT can hold.")
            return None, tuple(notes.items)
        question = GiftQuestion(
            qtype="shortanswer", answers=[answer(t, Decimal(1)) for t in texts], **common
        )
    elif kind == "numerical":
        answers = []
        for value in numeric_answers(list(draft.numeric_answers)):
            text = ANY_NUMBER if value.value is None else plain(value.value)
            fraction = value.fraction
            if moodle_grade(fraction) is None:
                fraction = nearest_moodle_grade(Fraction(fraction))
                notes.add(
                    f"The value {text} earns {_percent(value.fraction)}, not one of Moodle's "
                    f"grades: written as {_percent(fraction)}."
                )
            answers.append(answer(text, fraction, value.feedback, tolerance=value.tolerance))
        question = GiftQuestion(qtype="numerical", answers=answers, **common)
    elif kind == "spot_claim":
        if passage is None or not passage.sentences:
            notes.add("Not exported: its passage has no sentences to choose from.")
            return None, tuple(notes.items)
        texts = list(passage.sentences)
        feedback_texts = list(passage.feedback or ("",) * len(texts))
        correct = [index in passage.key for index in range(len(texts))]
        if not passage.key:
            # Nothing to pick: the app scores an empty answer 1 and each pick -1/n. Moodle
            # scores the sum of the ticked weights, so picking nothing can only score 0;
            # a right "none of these" choice gives the same scores (1 - picks/n).
            texts.append(NOTHING_TO_PICK)
            feedback_texts.append("")
            correct.append(True)
            notes.add(
                "Nothing in its passage is to be picked: written with an extra right choice, "
                f"“{NOTHING_TO_PICK}”, since a Moodle question needs a right answer."
            )
        weights = _selection_weights(correct, notes)
        answers = [
            answer(text, weight, fb)
            for text, weight, fb in zip(texts, weights, feedback_texts, strict=True)
        ]
        notes.add(
            f"A spot-the-claim question: written as a multiple-answer question over the "
            f"{len(passage.sentences)} sentences of “{passage.heading}”; it comes back as "
            "multiple choice."
        )
        question = GiftQuestion(
            qtype="multichoice", single=False, answers=answers, tags=(SPOT_CLAIM_TAG,), **common
        )
    else:
        notes.add(f"Not exported: GIFT has no question like “{kind}”.")
        return None, tuple(notes.items)
    return question, tuple(notes.items)

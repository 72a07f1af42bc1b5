"""Grading rules for every question kind, as pure functions over plain values.

Nothing here touches the database or imports a model: callers pass ids, texts and
Decimals and get a :class:`Grade` back, so every rule is testable in microseconds.
:func:`grade` is the one dispatch from a question's kind to its rule; the services
grade a submitted attempt through it (``quizzes.services``). The spot-the-claim key
(:func:`spot_claim_key`) is also what the review and results pages show, and
:func:`combine_attempt_grades` is how a student's attempts make one quiz grade wherever
it is shown (results table, intro page, dashboard). Short-answer patterns are compiled
and matched safely by :mod:`quizzes.patterns`.

Arithmetic is done on :class:`fractions.Fraction` and rounded once, at the end,
with ROUND_HALF_UP, so that e.g. two thirds of 3 points is exactly 2.00 rather
than 0.6667 * 3 = 2.0001 rounded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from quizzes.numbers import numeric_answers, parse_number
from quizzes.patterns import pattern_fullmatch

#: Every question kind there is a rule for (the values of Question.Kind).
KINDS = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_answer",
    "numerical",
    "spot_claim",
)

#: Every verdict a ClaimLabel can carry (the values of its choices).
VERDICTS = ("supported", "unsupported", "inaccurate", "logical_flaw", "vague", "opinion")

#: Verdicts that put a sentence in a spot-the-claim key unless the teacher chooses others.
KEY_VERDICTS_DEFAULT = ("unsupported", "inaccurate", "logical_flaw")

#: The reasons a student can give for a pick (the values of ResponseSentence.Reason).
REASONS = ("no_evidence", "factually_wrong", "does_not_follow", "too_vague")

#: The kinds of problem a sentence can have, each with the reason that names it. A pick
#: of a keyed sentence with another verdict (say "opinion", if a teacher keys it) has no
#: right reason, so its whole share goes to the pick.
REASON_FOR_VERDICT = {
    "unsupported": "no_evidence",
    "inaccurate": "factually_wrong",
    "logical_flaw": "does_not_follow",
    "vague": "too_vague",
}
PROBLEM_VERDICTS = tuple(REASON_FOR_VERDICT)

#: Values of Quiz.grading_method, in the order a form should offer them.
GRADING_METHODS = ("highest", "last", "average")

_FOUR_PLACES = 4
_TWO_PLACES = 2
_NOTHING: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    ``fraction`` is the share of the question earned, 0..1, quantised to 4 places;
    ``points`` is that share of the question's points, quantised to 0.01. Both are
    rounded ROUND_HALF_UP from the exact share, not from each other.
    """

    fraction: Decimal
    points: Decimal

    @property
    def is_full(self) -> bool:
        """Whether the response earned the whole question."""
        return self.fraction == 1


# --- helpers -------------------------------------------------------------------------


def _round_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact rational to ``places`` decimals, halves away from zero.

    This is Decimal's ROUND_HALF_UP, done on integers so that no intermediate
    Decimal division can round first.
    """
    scaled = abs(value) * 10**places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def _check_max_points(max_points: Decimal) -> Fraction:
    # Floats would carry binary noise into points (0.1 is not 0.1), so refuse them
    # here rather than let a stray float from a form produce 0.30000000000000004.
    if isinstance(max_points, bool) or not isinstance(max_points, Decimal | int):
        raise TypeError(f"max_points must be a Decimal, not {type(max_points).__name__}")
    if isinstance(max_points, Decimal) and not max_points.is_finite():
        raise ValueError("max_points must be finite")
    if max_points < 0:
        raise ValueError("max_points must not be negative")
    return Fraction(max_points)


def _grade(share: Fraction, max_points: Decimal) -> Grade:
    maximum = _check_max_points(max_points)
    share = min(max(share, Fraction(0)), Fraction(1))
    return Grade(
        fraction=_round_half_up(share, _FOUR_PLACES),
        points=_round_half_up(share * maximum, _TWO_PLACES),
    )


def _ids(values: Iterable[int], name: str) -> frozenset[int]:
    # A bare string or int is almost certainly a caller bug (a string would be split
    # into characters), so fail loudly instead of grading garbage.
    if isinstance(values, str | bytes | int):
        raise TypeError(f"{name} must be a set of ids, not {type(values).__name__}")
    return frozenset(values)


# --- choice questions ----------------------------------------------------------------


def grade_single_choice(
    *, selected: AbstractSet[int], correct: AbstractSet[int], max_points: Decimal
) -> Grade:
    """Grade a single-choice question: all or nothing.

    Right if and only if exactly one id is selected and it is in ``correct`` (a
    well-formed single-choice question has exactly one correct id). Nothing selected,
    or more than one id selected (a tampered form), scores 0.
    """
    picked = _ids(selected, "selected")
    key = _ids(correct, "correct")
    right = len(picked) == 1 and picked <= key
    return _grade(Fraction(int(right)), max_points)


def grade_true_false(
    *, selected: AbstractSet[int], correct: AbstractSet[int], max_points: Decimal
) -> Grade:
    """Grade a true/false question: the same rule as :func:`grade_single_choice`.

    True and false are stored as two choices, so the ids are choice ids.
    """
    return grade_single_choice(selected=selected, correct=correct, max_points=max_points)


def grade_selection(
    *,
    selected: AbstractSet[int],
    correct: AbstractSet[int],
    options: AbstractSet[int],
    max_points: Decimal,
) -> Grade:
    """Grade a pick-any-number question with partial credit.

    Used for ``multiple_choice`` (ids are choice ids) and ``spot_claim`` (ids are
    sentence ids). With a non-empty key, each right pick earns ``1/len(correct)``
    and each wrong pick costs ``1/len(options - correct)``; the sum is clamped to
    0..1. So the exact key scores 1, picking every option scores 0, and guessing
    blindly is worth nothing on average.

    With an empty key (a spot-the-claim section where every sentence holds up), the
    right answer is to pick nothing: that scores 1, and each wrong pick costs
    ``1/len(options)``, so picking everything scores 0. An empty ``options`` set
    therefore scores 1.

    Raises ``ValueError`` if ``selected`` or ``correct`` holds an id not in
    ``options``: the view validates input earlier, so this only guards against a
    caller passing the wrong question's ids.
    """
    picked = _ids(selected, "selected")
    key = _ids(correct, "correct")
    universe = _ids(options, "options")
    if stray := picked - universe:
        raise ValueError(f"selected ids not among the options: {sorted(stray)}")
    if stray := key - universe:
        raise ValueError(f"correct ids not among the options: {sorted(stray)}")

    wrong_options = universe - key
    right_picks = len(picked & key)
    wrong_picks = len(picked - key)

    if not key:
        share = Fraction(1) - Fraction(wrong_picks, len(universe)) if wrong_picks else Fraction(1)
    else:
        share = Fraction(right_picks, len(key))
        if wrong_picks:  # implies wrong_options is non-empty, so no division by zero
            share -= Fraction(wrong_picks, len(wrong_options))
    return _grade(share, max_points)


# --- spot the claim ------------------------------------------------------------------


def effective_key_verdicts(setting: object) -> tuple[str, ...]:
    """The verdicts a spot-the-claim question keys on, from its stored setting.

    Unknown verdicts are dropped rather than failing a student's submit over a teacher's
    typo; an empty or unusable setting means the default (unsupported, inaccurate, flaw).
    """
    chosen = setting if isinstance(setting, list | tuple) else []
    return tuple(v for v in chosen if v in VERDICTS) or KEY_VERDICTS_DEFAULT


def spot_claim_key(labels: dict[int, str], verdicts: Iterable[str]) -> set[int]:
    """Return the sentence ids whose label's verdict is one of ``verdicts``.

    ``labels`` maps sentence id to verdict (one of :data:`VERDICTS`); unlabelled
    sentences are simply absent and never in the key. Pass
    :data:`KEY_VERDICTS_DEFAULT` unless the teacher chose otherwise.

    Raises ``ValueError`` for an unknown verdict in ``verdicts``, since a typo there
    would silently empty the key and make "pick nothing" the right answer.
    """
    if isinstance(verdicts, str):
        raise TypeError("verdicts must be a collection of verdicts, not a single string")
    wanted = set(verdicts)
    if unknown := wanted - set(VERDICTS):
        raise ValueError(f"unknown verdicts: {sorted(unknown)}")
    return {sentence_id for sentence_id, verdict in labels.items() if verdict in wanted}


def spot_claim_question_key(
    sentence_labels: Mapping[int, str | None],
    key_verdicts: object,
    contested: AbstractSet[int] = frozenset(),
) -> set[int]:
    """The sentence ids a spot-the-claim question asks students to pick.

    ``sentence_labels`` maps the passage's sentence ids to their claim labels' verdicts
    (None when unlabelled); ``key_verdicts`` is the question's stored setting;
    ``contested`` are the sentences whose label is a judgement call, never in the key
    (and never scored). The one rule behind grading, the review and the results pages:
    :func:`spot_claim_key` over :func:`effective_key_verdicts`.
    """
    labels = {sentence_id: verdict for sentence_id, verdict in sentence_labels.items() if verdict}
    return spot_claim_key(labels, effective_key_verdicts(key_verdicts)) - set(contested)


def accepted_reasons(verdict: str | None, alternative: str | None = None) -> frozenset[str]:
    """The reasons that name what is wrong with a sentence of this verdict.

    The verdict's reason (:data:`REASON_FOR_VERDICT`), plus the alternative verdict's when
    the teacher marked a second verdict as defensible. Empty for a verdict that names no
    problem (supported, opinion): no reason is then asked of a pick.
    """
    return frozenset(
        REASON_FOR_VERDICT[verdict]
        for verdict in (verdict, alternative)
        if verdict in REASON_FOR_VERDICT
    )


def spot_claim_share(
    *,
    selected: AbstractSet[int],
    key: AbstractSet[int],
    options: AbstractSet[int],
    reasons: Mapping[int, str] | None = None,
    accepted: Mapping[int, AbstractSet[str]] = _NOTHING,
    reason_credit: Fraction = Fraction(0),
) -> Fraction:
    """The exact share of a spot-the-claim question earned, before clamping to 0..1.

    ``options`` are the scored sentences (contested ones already left out) and ``key``
    the ones to pick. Without reasons (``reasons`` None) this is :func:`grade_selection`'s
    rule. With reasons, a right pick earns its sentence's share ``1/len(key)`` times
    ``1 - reason_credit`` for the pick, and the rest only when the reason given is one
    of ``accepted[sentence]`` (a keyed sentence with no accepted reason earns its whole
    share for the pick). Wrong picks cost what they cost without reasons, whatever reason
    comes with them. So a reason can keep a pick from its full share, never add to it.
    """
    picked = selected & options
    wrong_picks = len(picked - key)
    if not key:
        return Fraction(1) - Fraction(wrong_picks, len(options)) if wrong_picks else Fraction(1)
    share = Fraction(0)
    for sentence_id in picked & key:
        earned = Fraction(1)
        wanted = accepted.get(sentence_id, frozenset())
        if reasons is not None and wanted and reasons.get(sentence_id) not in wanted:
            earned -= reason_credit
        share += earned / len(key)
    if wrong_picks:  # implies options - key is non-empty
        share -= Fraction(wrong_picks, len(options - key))
    return share


def _check_reason_credit(reason_credit: Decimal | int) -> Fraction:
    if isinstance(reason_credit, bool) or not isinstance(reason_credit, Decimal | int):
        raise TypeError(f"reason_credit must be a Decimal, not {type(reason_credit).__name__}")
    credit = Fraction(reason_credit)
    if not 0 <= credit <= 1:
        raise ValueError("reason_credit must be between 0 and 1")
    return credit


def grade_spot_claim(
    *,
    selected: AbstractSet[int],
    sentence_labels: Mapping[int, str | None],
    key_verdicts: object,
    max_points: Decimal,
    contested: AbstractSet[int] = frozenset(),
    reasons: Mapping[int, str] | None = None,
    reason_credit: Decimal = Decimal("0"),
    alternative_verdicts: Mapping[int, str | None] = _NOTHING,
) -> Grade:
    """Grade a spot-the-claim answer over the passage's scored sentences.

    ``sentence_labels`` maps every sentence id of the question's passage to its claim
    label's verdict (None when unlabelled); ``key_verdicts`` is the question's stored
    setting; the key is :func:`spot_claim_question_key`. A picked id outside the passage
    is ignored.

    ``contested`` sentences (judgement calls) are left out of the options, the key and
    the picks: picking one or leaving it costs nothing and earns nothing.

    ``reasons`` (sentence id to the reason the student gave; None when the question does
    not ask why) and ``reason_credit`` (the question's setting, 0..1) split each right
    pick's share as :func:`spot_claim_share` says; the right reasons are
    :func:`accepted_reasons` of the verdict and of ``alternative_verdicts``.
    """
    scored = set(sentence_labels) - _ids(contested, "contested")
    key = spot_claim_question_key(sentence_labels, key_verdicts, contested)
    credit = _check_reason_credit(reason_credit)
    picked = _ids(selected, "selected") & scored
    if reasons is None or not credit:
        return grade_selection(selected=picked, correct=key, options=scored, max_points=max_points)
    accepted = {
        sentence_id: accepted_reasons(
            sentence_labels[sentence_id], alternative_verdicts.get(sentence_id)
        )
        for sentence_id in key
    }
    share = spot_claim_share(
        selected=picked,
        key=key,
        options=scored,
        reasons=reasons,
        accepted=accepted,
        reason_credit=credit,
    )
    return _grade(share, max_points)


# --- short answers -------------------------------------------------------------------


def normalise_answer(text: str) -> str:
    """Reduce a short answer to the form in which answers are compared.

    Applies Unicode NFKC (full-width letters become ASCII, composed and decomposed
    accents agree), casefolds (so "STRASSE" equals "straße"), drops every punctuation
    character (Unicode categories P*, which includes curly quotes and dashes), then
    collapses runs of whitespace to one space and strips the ends.

    Punctuation is dropped, not replaced by a space, so "don't" equals "dont" but
    "cats,dogs" does not equal "cats dogs".
    """
    # NFKC again after casefolding because casefolding can leave a string that is
    # not normalised (Unicode's NFKC_Casefold does the same).
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(ch for ch in folded if not unicodedata.category(ch).startswith("P"))
    # Removing punctuation can leave a base letter next to a combining mark that it
    # used to be separated from; compose them so the result is stable when renormalised.
    kept = unicodedata.normalize("NFKC", kept)
    return " ".join(kept.split())


def accepted_answers(setting: object) -> tuple[str, ...]:
    """A short-answer question's accepted answers, from its stored setting.

    The setting is a JSON list; anything else (a teacher's hand-edited value, null) means
    no accepted answer, so grading falls back on the pattern alone.
    """
    chosen = setting if isinstance(setting, list) else []
    return tuple(str(answer) for answer in chosen)


def grade_short_answer(
    *, text: str, accepted: Sequence[str], pattern: str = "", max_points: Decimal
) -> Grade:
    """Grade a short answer: all or nothing.

    Right if :func:`normalise_answer` of ``text`` equals that of any accepted answer,
    or if ``pattern`` (a regular expression, case-insensitive) matches the whole of
    the stripped answer (:func:`quizzes.patterns.pattern_fullmatch`, which
    NFC-normalises the answer first so that an accent typed as a combining mark still
    matches ``é``).

    An answer that is empty once normalised scores 0 whatever the key says. A
    pattern that :func:`quizzes.patterns.validate_pattern` rejects (malformed or
    unsafe) matches nothing rather than crashing grading, and an answer longer than
    :data:`quizzes.patterns.MAX_PATTERN_INPUT_LENGTH` characters is not matched against
    the pattern at all, bounding the time any pattern can take.
    """
    answer = normalise_answer(text)
    if not answer:
        return _grade(Fraction(0), max_points)

    # An accepted answer that normalises to "" (say, "?") must not match anything:
    # the empty-answer check above already guarantees that here.
    right = any(answer == normalise_answer(option) for option in accepted)

    if not right and pattern:
        right = pattern_fullmatch(pattern, text)
    return _grade(Fraction(int(right)), max_points)


# --- numerical answers ----------------------------------------------------------------


def grade_numerical(*, text: str, answers: object, max_points: Decimal) -> Grade:
    """Grade a numerical answer as Moodle's numerical question does.

    ``text`` is what the student typed, read by :func:`quizzes.numbers.parse_number`
    (decimal point or comma, exponent, digit-group spaces); ``answers`` is the question's
    stored ``numeric_answers`` (see :mod:`quizzes.numbers`). The accepted values are tried
    in their order and the first whose tolerance covers the number decides: it earns its
    fraction of the points (Moodle's ``get_matching_answer``: a wider, partial-credit
    value listed after the exact one only catches near misses). A "*" value matches any
    number. Text that is not a number, or a number no value covers, scores 0.
    """
    number = parse_number(text)
    if number is None:
        return _grade(Fraction(0), max_points)
    for answer in numeric_answers(answers):
        if answer.matches(number):
            return _grade(Fraction(answer.fraction), max_points)
    return _grade(Fraction(0), max_points)


# --- one response, whatever its kind --------------------------------------------------


def grade(
    kind: str,
    *,
    max_points: Decimal,
    selected_choices: AbstractSet[int] = frozenset(),
    choices: Mapping[int, bool] = _NOTHING,
    selected_sentences: AbstractSet[int] = frozenset(),
    sentence_labels: Mapping[int, str | None] = _NOTHING,
    key_verdicts: object = (),
    contested: AbstractSet[int] = frozenset(),
    reasons: Mapping[int, str] | None = None,
    reason_credit: Decimal = Decimal("0"),
    alternative_verdicts: Mapping[int, str | None] = _NOTHING,
    text: str = "",
    accepted: object = (),
    pattern: str = "",
    numeric: object = (),
) -> Grade:
    """Grade one response by its question's kind (one of :data:`KINDS`).

    Each kind reads only its own arguments:

    * ``single_choice``, ``true_false``: ``selected_choices`` against ``choices``, which
      maps each of the question's choice ids to its correctness (all or nothing);
    * ``multiple_choice``: the same, with partial credit; a picked id that is not one of
      ``choices`` is ignored;
    * ``short_answer``: ``text`` against ``accepted`` (the question's stored setting, see
      :func:`accepted_answers`) and ``pattern``;
    * ``numerical``: ``text`` against ``numeric`` (the question's stored
      ``numeric_answers``, see :func:`grade_numerical`);
    * ``spot_claim``: ``selected_sentences`` against ``sentence_labels`` and
      ``key_verdicts``, leaving out ``contested`` sentences, with the ``reasons`` given
      when the question asks why (see :func:`grade_spot_claim`).

    Raises ``ValueError`` for a kind with no rule.
    """
    if kind in ("single_choice", "true_false", "multiple_choice"):
        correct = {choice_id for choice_id, right in choices.items() if right}
        if kind == "multiple_choice":
            options = set(choices)
            return grade_selection(
                selected=_ids(selected_choices, "selected") & options,
                correct=correct,
                options=options,
                max_points=max_points,
            )
        rule = grade_single_choice if kind == "single_choice" else grade_true_false
        return rule(selected=selected_choices, correct=correct, max_points=max_points)
    if kind == "short_answer":
        return grade_short_answer(
            text=text, accepted=accepted_answers(accepted), pattern=pattern, max_points=max_points
        )
    if kind == "numerical":
        return grade_numerical(text=text, answers=numeric, max_points=max_points)
    if kind == "spot_claim":
        return grade_spot_claim(
            selected=selected_sentences,
            sentence_labels=sentence_labels,
            key_verdicts=key_verdicts,
            max_points=max_points,
            contested=contested,
            reasons=reasons,
            reason_credit=reason_credit,
            alternative_verdicts=alternative_verdicts,
        )
    raise ValueError(f"no grading rule for question kind {kind!r}")


# --- attempts ------------------------------------------------------------------------


def combine_attempt_grades(scores: Sequence[Decimal | None], method: str) -> Decimal | None:
    """Combine a student's attempt scores into one grade for the quiz.

    ``scores`` are the submitted attempts' in chronological order (a missing score
    counts as 0.00); ``method`` is one of
    :data:`GRADING_METHODS`: ``highest`` (the best), ``last`` (the most recent) or
    ``average`` (the mean, quantised to 0.01 ROUND_HALF_UP). Returns ``None`` when
    there is no attempt yet, so "no grade" is never confused with a grade of 0.
    Raises ``ValueError`` for an unknown method.
    """
    if method not in GRADING_METHODS:
        raise ValueError(f"unknown grading method {method!r}; expected one of {GRADING_METHODS}")
    if not scores:
        return None
    scores = [Decimal("0.00") if score is None else score for score in scores]
    if method == "highest":
        return max(scores)
    if method == "last":
        return scores[-1]
    mean = sum((Fraction(score) for score in scores), Fraction(0)) / len(scores)
    return _round_half_up(mean, _TWO_PLACES)


def total_points(points: Iterable[Decimal]) -> Decimal:
    """Sum response points into an attempt score; an empty iterable gives ``0.00``."""
    # Starting from 0.00 keeps two decimal places even for an attempt with no responses.
    return sum(points, Decimal("0.00"))

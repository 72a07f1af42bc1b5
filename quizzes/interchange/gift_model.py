"""The GIFT data model: plain frozen dataclasses that the parser builds and the writer reads.

Field names follow Moodle's question data (``questiontext``, ``defaultmark``, ``single``,
``fraction``...), so the code reads side by side with qformat_gift. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

FORMATS = ("moodle", "html", "plain", "markdown")

# Moodle's question_bank::fraction_options_full(): these and their negatives (and 0).
MOODLE_GRADES: tuple[Decimal, ...] = tuple(
    Decimal(v)
    for v in (
        "1", "0.9", "0.8333333", "0.8", "0.75", "0.7", "0.6666667", "0.6", "0.5", "0.4",
        "0.3333333", "0.3", "0.25", "0.2", "0.1666667", "0.1428571", "0.125", "0.1111111",
        "0.1", "0.05", "0",
    )
)  # fmt: skip
# match_grade_options(): "abs($grade - $value) < 0.00001", so 33.333% is accepted as 1/3.
_GRADE_TOLERANCE = Decimal("0.00001")

DEFAULT_PENALTY = Decimal("0.3333333")


def as_decimal(value: object) -> Decimal:
    """Coerce ints, floats and strings to Decimal (floats via str, so 0.5 stays 0.5)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


@dataclass(frozen=True)
class GiftAnswer:
    """One answer: a choice (multichoice), an accepted answer (shortanswer, numerical).

    ``fraction`` is Moodle's grade fraction (1 = 100%, -0.5 = -50%). ``tolerance`` is only
    set for numerical answers; it is None on the "any other answer" row (text "*") that a
    ``~#feedback`` line produces. ``format`` is the answer text's format (multichoice only:
    short and numerical answers are plain strings in Moodle and carry the question's format).
    """

    text: str
    fraction: Decimal = Decimal(0)
    feedback: str = ""
    format: str = "moodle"
    feedbackformat: str = "moodle"
    tolerance: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fraction", as_decimal(self.fraction))
        if self.tolerance is not None:
            object.__setattr__(self, "tolerance", as_decimal(self.tolerance))


@dataclass(frozen=True)
class GiftSubquestion:
    """One matching pair: ``text`` (may be empty: an extra distractor) -> ``answer``."""

    text: str
    answer: str
    format: str = "moodle"


@dataclass(frozen=True)
class GiftQuestion:
    """A question as Moodle's GIFT importer sees it; fields follow Moodle's names.

    qtype is one of multichoice, shortanswer, numerical, truefalse, match, essay,
    description. ``single`` matters for multichoice only; ``correctanswer`` and the
    ``feedbacktrue``/``feedbackfalse`` fields (feedback shown for the answer True/False) for
    truefalse only; ``subquestions`` for match only. ``category`` is the ``$CATEGORY:`` in
    force. ``line`` (where the question starts in the source) and ``id`` (only written into
    the export's header comment) take no part in equality.
    """

    qtype: str
    name: str
    questiontext: str
    questiontextformat: str = "moodle"
    generalfeedback: str = ""
    generalfeedbackformat: str = "moodle"
    defaultmark: Decimal = Decimal(1)
    penalty: Decimal = DEFAULT_PENALTY
    answers: tuple[GiftAnswer, ...] = ()
    single: bool = True
    correctanswer: bool | None = None
    feedbacktrue: str = ""
    feedbacktrueformat: str = "moodle"
    feedbackfalse: str = ""
    feedbackfalseformat: str = "moodle"
    subquestions: tuple[GiftSubquestion, ...] = ()
    idnumber: str = ""
    tags: tuple[str, ...] = ()
    category: str | None = None
    line: int = field(default=0, compare=False)
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "defaultmark", as_decimal(self.defaultmark))
        object.__setattr__(self, "penalty", as_decimal(self.penalty))
        for name in ("answers", "subquestions", "tags"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True)
class GiftCategory:
    """A ``$CATEGORY: path`` switch and the line it is on."""

    path: str
    line: int


@dataclass(frozen=True)
class GiftError:
    """A problem in one question: ``line`` is where it is, ``question_line`` where it starts."""

    line: int
    message: str
    question_line: int = 0

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ParseResult:
    """Everything read from one GIFT text. Save nothing when ``errors`` is not empty."""

    questions: tuple[GiftQuestion, ...] = ()
    categories: tuple[GiftCategory, ...] = ()
    errors: tuple[GiftError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def moodle_grade(fraction: object) -> Decimal | None:
    """Snap ``fraction`` to the Moodle grade it stands for, or None if it is not one.

    Same rule as Moodle's match_grade_options(..., 'error') at import: within 0.00001 of one
    of the grades (1, 0.9, 0.8333333, ... 0.05, 0 and their negatives).
    """
    value = as_decimal(fraction)
    for grade in MOODLE_GRADES:
        for candidate in (grade, -grade):
            if abs(value - candidate) < _GRADE_TOLERANCE:
                return candidate
    return None

"""Moodle GIFT import and export for plain question data (no Django models, no database).

Reading::

    result = parse_gift(text)            # or parse_gift_bytes(uploaded_file.read())
    if result.errors:                    # GiftError(line, message, question_line)
        ...                              # save nothing; show str(error) for each
    for question in result.questions:    # GiftQuestion, with .category and .line
        ...

Writing::

    text = write_gift(questions)         # write_question(question) for a single one

The parser follows Moodle's qformat_gift::readquestion() (see gift_parse for the few places
where it refuses what Moodle would silently mis-import); the writer reproduces
writequestion(). A multiple-answer question (e.g. a spot-the-claim question over a
passage's sentences) is ``GiftQuestion(qtype="multichoice", single=False, answers=...)``
with fractions summing to 1 over the right answers and negative ones on the wrong answers;
every fraction must be a Moodle grade (``moodle_grade(fraction)`` snaps or returns None).
"""

from quizzes.interchange.gift_model import (
    DEFAULT_PENALTY,
    FORMATS,
    MOODLE_GRADES,
    GiftAnswer,
    GiftCategory,
    GiftError,
    GiftQuestion,
    GiftSubquestion,
    ParseResult,
    moodle_grade,
)
from quizzes.interchange.gift_parse import (
    extract_idnumber_and_tags,
    parse_gift,
    parse_gift_bytes,
)
from quizzes.interchange.gift_write import write_category, write_gift, write_question

__all__ = [
    "DEFAULT_PENALTY",
    "FORMATS",
    "MOODLE_GRADES",
    "GiftAnswer",
    "GiftCategory",
    "GiftError",
    "GiftQuestion",
    "GiftSubquestion",
    "ParseResult",
    "extract_idnumber_and_tags",
    "moodle_grade",
    "parse_gift",
    "parse_gift_bytes",
    "write_category",
    "write_gift",
    "write_question",
]

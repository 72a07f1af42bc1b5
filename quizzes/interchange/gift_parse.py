"""The GIFT parser, following Moodle's qformat_gift::readquestion() rule for rule.

The reference is moodle/moodle ``question/format/gift/format.php`` (readquestion and its
helpers) with ``question/format.php`` (qformat_default: file reading, blank-line splitting,
the grade check of importprocess). Where this parser is stricter than Moodle it says so in a
comment: Moodle silently imports some obvious typos (``{true}`` as a short answer whose only
answer is "true", a non-numeric numerical answer as "*"), and the caller of this module saves
nothing when there is an error, so those become errors naming the line and what was expected.

Pure Python: no Django, no database.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from quizzes.interchange.gift_model import (
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

DEFAULT_NAME = "Question name"  # get_string('questionname', 'question')

# PHP's trim() strips exactly these, unlike str.strip() which also eats NBSP and friends.
_WS = " \t\n\r\0\x0b"

# escapedchar_pre() swaps escaped control characters for placeholders before parsing and
# escapedchar_post() swaps them back. Moodle uses "&&058;"-style strings; single private-use
# characters keep offsets simple (for line numbers) and cannot collide with typed text.
_PLACEHOLDERS = {c: chr(0xF0000 + i) for i, c in enumerate(":#={}~n")}
_LITERAL_BACKSLASH = chr(0xF00FF)
_UNESCAPE = str.maketrans({ph: ("\n" if c == "n" else c) for c, ph in _PLACEHOLDERS.items()})

_WEIGHT_RE = re.compile(r"%-*([0-9]{1,2})\.?([0-9]*)%")  # $giftanswerweightregex
_LOOKS_LIKE_WEIGHT_RE = re.compile(r"%[^%\s]*%")
_NUMERIC_RE = re.compile(r"[ \t\n\r\v\f]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*")
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])*)\]")
_TAG_STRIP_RE = re.compile(r"<[^\s<>][^>]*(?:>|$)")
_ENTITY_RE = re.compile(r"&[0-9a-z]{2,8};|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};", re.I)


def extract_idnumber_and_tags(comment: str) -> tuple[str, tuple[str, ...]]:
    """Read ``[id:...]`` and ``[tag:...]`` from a question's ``//`` comment lines.

    As qformat_gift::extract_idnumber_and_tags_from_comment(): the first id wins, ``\\]``
    escapes a closing bracket, tokens cannot span lines, values are trimmed.
    """
    idnumber = ""
    match = _ID_RE.search(comment)
    if match:
        idnumber = _trim(match.group(1)).replace("\\]", "]")
    tags = tuple(tag for raw in _TAG_RE.findall(comment) if (tag := _trim(raw).replace("\\]", "]")))
    return idnumber, tags


def parse_gift_bytes(data: bytes, *, preserve_indentation: bool = False) -> ParseResult:
    """Decode an uploaded GIFT file (UTF-8, optional BOM) and parse it.

    Moodle refuses any file that is not UTF-8 before parsing (validate_is_utf8_file); so does
    this, with one error naming the line of the first bad byte.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = (
            f"Line {line}: the file is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be "
            "decoded); GIFT files must be saved as UTF-8"
        )
        return ParseResult(errors=(GiftError(line, message, line),))
    return parse_gift(text, preserve_indentation=preserve_indentation)


def parse_gift(text: str, *, preserve_indentation: bool = False) -> ParseResult:
    """Parse GIFT text into questions, category switches and errors. Never raises.

    Questions are separated by blank lines and every line is trimmed first, as in a Moodle
    file import. ``preserve_indentation=True`` keeps leading spaces inside a question (as
    Moodle's unit tests, which call readquestion() on untrimmed lines) so ``<pre>`` survives.
    A block with an error yields a GiftError and no question.
    """
    text = text.removeprefix("\ufeff")
    # readdata(): a file with only CR line ends (classic Mac) is split on CR.
    raw_lines = text.split("\r") if "\r" in text and "\n" not in text else text.split("\n")
    questions: list[GiftQuestion] = []
    categories: list[GiftCategory] = []
    errors: list[GiftError] = []
    category: str | None = None
    block: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal category
        if not block:
            return
        try:
            item = _BlockReader(block, category).read()
        except _BlockError as exc:
            errors.append(exc.error)
        else:
            if isinstance(item, GiftCategory):
                category = item.path
                categories.append(item)
            elif item is not None:
                questions.append(item)
        block.clear()

    for number, raw in enumerate(raw_lines, start=1):
        line = _trim(raw)
        # readquestions() tests PHP empty($line), which is also true for "0".
        if line in ("", "0"):
            flush()
        else:
            block.append((number, raw.rstrip("\r") if preserve_indentation else line))
    flush()
    return ParseResult(tuple(questions), tuple(categories), tuple(errors))


# Helpers -------------------------------------------------------------------------------


def _trim(text: str) -> str:
    return text.strip(_WS)


def _lead(text: str) -> int:
    """How many characters _trim() removes from the left."""
    return len(text) - len(text.lstrip(_WS))


def _escape_pre(text: str) -> str:
    text = text.replace("\\\\", _LITERAL_BACKSLASH)
    for char, placeholder in _PLACEHOLDERS.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace(_LITERAL_BACKSLASH, "\\")


def _escape_post(text: str) -> str:
    return text.translate(_UNESCAPE)


def _parse_text_with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """A leading [html]/[moodle]/[plain]/[markdown] sets the format; unknown ones stay text."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if end != -1 and text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return _trim(_escape_post(text)), fmt


def _strip_tags(text: str) -> str:
    return _TAG_STRIP_RE.sub("", text)


def _shorten_text(text: str, ideal: int) -> str:
    """Moodle's shorten_text($text, $ideal) for the question name (tags dropped afterwards)."""
    if len(re.sub(r"<.*?>", "", text)) <= ideal:
        return text
    total, out = 3, []  # 3 = len("...")
    for tag, chunk in re.findall(r"(<.+?>)?([^<>]*)", text, re.S):
        out.append(tag)
        length = len(_ENTITY_RE.sub(" ", chunk))
        if total + length > ideal:
            # An entity such as &amp; counts as one character but must not be cut in two.
            left, entities = ideal - total, 0
            for entity in _ENTITY_RE.finditer(chunk):
                if entity.start() + 1 - entities > left:
                    break
                left -= 1
                entities += len(entity.group())
            limit = breakpos = left + entities
            while breakpos > 0:  # back up to just after the last space or full stop
                char = chunk[breakpos : breakpos + 1]
                if char in (".", " ") or len(char.encode()) > 2:
                    breakpos += 1
                    break
                breakpos -= 1
            if breakpos == 0 or breakpos > limit:
                breakpos = limit
            out.append(chunk[:breakpos])
            break
        out.append(chunk)
        total += length
        if total >= ideal:
            break
    return "".join(out) + "..."


def _clean_question_name(name: str) -> str:
    """clean_question_name(): PARAM_TEXT (strip tags), trim, at most 255 characters."""
    name = _trim(_strip_tags(name))
    trimlength = 251
    while len(name) > 255 and trimlength > 0:
        name = _shorten_text(name, trimlength)
        trimlength -= 10
    return name


def _default_name(questiontext: str) -> str:
    return _clean_question_name(_shorten_text(questiontext, 80)) or DEFAULT_NAME


def _format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros, as PHP prints a float: 3.0 -> "3"."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def _grades_text() -> str:
    return ", ".join(_format_decimal(g * 100) for g in MOODLE_GRADES[:-1])


class _BlockError(Exception):
    def __init__(self, error: GiftError) -> None:
        super().__init__(error.message)
        self.error = error


class _BlockReader:
    """readquestion() for one blank-line separated block, keeping track of line numbers.

    Positions are offsets into ``self.text``, the escaped question text; escapes never add or
    remove real newlines, so the line of an offset is ``base`` plus the newlines before it.
    """

    def __init__(self, block: list[tuple[int, str]], category: str | None) -> None:
        self.category = category
        comments, contents = [], []
        for _number, line in block:
            if _trim(line).startswith("//"):
                comments.append(_trim(line) + "\n")
                contents.append(" ")  # Moodle blanks comment lines; they stay in the text
            else:
                contents.append(line)
        self.comments = "".join(comments)
        joined = "\n".join(contents)
        self.base = block[0][0] + joined.count("\n", 0, _lead(joined))
        self.question_line = self.base
        self.source = _trim(joined)
        self.text = _escape_pre(self.source)

    # Error reporting ------------------------------------------------------------------

    def line_at(self, pos: int) -> int:
        return self.base + self.text.count("\n", 0, max(pos, 0))

    def fail(self, pos: int, detail: str) -> _BlockError:
        line = self.line_at(pos)
        where = f"Line {line}"
        if line != self.question_line:
            where += f" (in the question starting on line {self.question_line})"
        return _BlockError(GiftError(line, f"{where}: {detail}", self.question_line))

    def shown(self, text: str, limit: int = 40) -> str:
        text = _escape_post(text)
        return repr(text if len(text) <= limit else text[: limit - 3] + "...")

    # readquestion() --------------------------------------------------------------------

    def read(self) -> GiftQuestion | GiftCategory | None:
        text = self.text
        if text == "":
            return None  # only comments
        if text.startswith("$CATEGORY:"):
            return self.read_category()

        name: str | None = None
        if text.startswith("::"):
            finish = text.find("::", 2)
            if finish == -1:
                # Moodle drops the "::" and takes the title as question text; that is never
                # what the author meant.
                raise self.fail(
                    0,
                    "the question title opened with '::' is never closed: expected '::' after "
                    "the title (write \\: for a literal colon)",
                )
            name = _clean_question_name(_escape_post(text[2:finish]))
            rest = text[finish + 2 :]
            self.base = self.line_at(finish + 2 + _lead(rest))
            self.text = text = _trim(rest)

        start, finish = text.find("{"), text.find("}")
        if start == -1 and finish == -1:
            return self.build_description(name, text)
        self.check_braces(start, finish)
        a_start = start + 1 + _lead(text[start + 1 : finish])
        answertext = _trim(text[start + 1 : finish])
        tail = text[finish + 1 :]
        # Text after the block makes a missing-word question: the block becomes a blank.
        questiontext = text[:start] + ("_____" + tail if tail else "")

        generalfeedback = ""
        separator = answertext.rfind("####")
        if separator != -1:
            generalfeedback = answertext[separator + 4 :]
            answertext = _trim(answertext[:separator])

        qtext, qformat = _parse_text_with_format(questiontext)
        gf_text, gf_format = _parse_text_with_format(generalfeedback, qformat)
        idnumber, tags = extract_idnumber_and_tags(self.comments)
        common = {
            "name": name if name is not None else _default_name(qtext),
            "questiontext": qtext,
            "questiontextformat": qformat,
            "generalfeedback": gf_text,
            "generalfeedbackformat": gf_format,
            "idnumber": idnumber,
            "tags": tags,
            "category": self.category,
            "line": self.question_line,
        }
        qtype = self.question_type(answertext)
        if qtype == "match" and tail:
            raise self.fail(
                finish + 1,
                f"a matching question cannot have text after its answer block ({self.shown(tail)}"
                "): expected the '}' to end the question",
            )
        if qtype == "essay":
            return GiftQuestion(qtype="essay", **common)
        if qtype == "numerical":
            answers = self.numerical_answers(answertext, a_start, qformat)
            return GiftQuestion(qtype="numerical", answers=answers, **common)
        if qtype == "multichoice":
            answers = self.multichoice_answers(answertext, a_start, qformat)
            return GiftQuestion(
                qtype="multichoice", single="=" in answertext, answers=answers, **common
            )
        if qtype == "match":
            pairs = self.match_pairs(answertext, a_start, qformat)
            return GiftQuestion(qtype="match", subquestions=pairs, **common)
        if qtype == "truefalse":
            return self.build_truefalse(answertext, qformat, common)
        answers = self.shortanswer_answers(answertext, a_start, qformat)
        return GiftQuestion(qtype="shortanswer", answers=answers, **common)

    def read_category(self) -> GiftCategory:
        # The path is taken literally: GIFT escapes mean nothing there (Moodle would even
        # keep its escape placeholders in the category name).
        path = _trim(self.source[len("$CATEGORY:") :])
        if "\n" in path:
            # Moodle would make the following lines part of the category name.
            raise self.fail(
                self.text.find("\n") + 1,
                "expected a blank line after the $CATEGORY: line, found more text",
            )
        if path == "":
            raise self.fail(0, "expected a category path after $CATEGORY:")
        return GiftCategory(path, self.question_line)

    def check_braces(self, start: int, finish: int) -> None:
        text = self.text
        escape = "(write \\{ and \\} for literal braces)"
        if finish == -1:
            raise self.fail(
                start,
                "the answer block opened with '{' is never closed: expected '}' before the "
                "blank line that ends the question",
            )
        if start == -1 or finish < start:
            raise self.fail(
                finish, f"found '}}' with no '{{' before it to open an answer block {escape}"
            )
        inner = text.find("{", start + 1, finish)
        if inner != -1:
            raise self.fail(
                inner,
                f"found a second '{{' inside the answer block opened on line "
                f"{self.line_at(start)}: expected '}}' first {escape}",
            )
        extra = min(
            (p for p in (text.find("{", finish), text.find("}", finish + 1)) if p != -1), default=-1
        )
        if extra != -1:
            raise self.fail(
                extra, f"a question has one answer block; expected no more braces after it {escape}"
            )

    def question_type(self, answertext: str) -> str:
        """The same decision list as readquestion()."""
        if answertext == "":
            return "essay"
        if answertext.startswith("#"):
            return "numerical"
        if "~" in answertext:
            return "multichoice"
        if "=" in answertext and "->" in answertext:
            return "match"
        check = answertext
        if answertext.find("#") > 0:
            check = _trim(answertext[: answertext.find("#")])
        return "truefalse" if check in ("T", "TRUE", "F", "FALSE") else "shortanswer"

    # Per-type parsing ------------------------------------------------------------------

    def build_description(self, name: str | None, text: str) -> GiftQuestion:
        qtext, qformat = _parse_text_with_format(text)
        idnumber, tags = extract_idnumber_and_tags(self.comments)
        return GiftQuestion(
            qtype="description",
            name=name if name is not None else _default_name(qtext),
            questiontext=qtext,
            questiontextformat=qformat,
            generalfeedbackformat=qformat,
            defaultmark=Decimal(0),
            idnumber=idnumber,
            tags=tags,
            category=self.category,
            line=self.question_line,
        )

    def build_truefalse(self, answertext: str, qformat: str, common: dict) -> GiftQuestion:
        bits = answertext.split("#", 2)  # split_truefalse_comment(): answer#wrong#right
        answer, _ = _parse_text_with_format(_trim(bits[0]), qformat)
        wrong = _parse_text_with_format(_trim(bits[1]), qformat) if len(bits) > 1 else ("", qformat)
        right = _parse_text_with_format(_trim(bits[2]), qformat) if len(bits) > 2 else ("", qformat)
        correct = answer in ("T", "TRUE")
        true_fb, false_fb = (right, wrong) if correct else (wrong, right)
        return GiftQuestion(
            qtype="truefalse",
            penalty=Decimal(1),
            correctanswer=correct,
            feedbacktrue=true_fb[0],
            feedbacktrueformat=true_fb[1],
            feedbackfalse=false_fb[0],
            feedbackfalseformat=false_fb[1],
            **common,
        )

    def pieces(
        self, text: str, offset: int, separators: str, keep: str = ""
    ) -> list[tuple[str, int]]:
        """PHP explode() on any of ``separators``, with each trimmed piece's offset.

        A character in ``keep`` also starts a new piece but stays in it: multichoice does
        str_replace("=", "~=") before explode("~").
        """
        result, begin = [], 0
        for i, char in enumerate(text):
            if char in separators or char in keep:
                result.append((text[begin:i], begin))
                begin = i if char in keep else i + 1
        result.append((text[begin:], begin))
        # An empty piece is reported where its separator is, not on the next line.
        pieces = [(_trim(p), offset + b + (_lead(p) if _trim(p) else 0)) for p, b in result]
        if pieces and pieces[0][0] in ("", "0"):  # PHP empty($answers[0]) drops "0" too
            pieces.pop(0)
        return pieces

    def weight(self, answer: str, pos: int) -> tuple[Decimal | None, str, int]:
        """answerweightparser(): a leading %N% weight, the rest of the answer, its offset."""
        if not _WEIGHT_RE.match(answer):
            lookalike = _LOOKS_LIKE_WEIGHT_RE.match(answer)
            if lookalike:
                # Moodle would keep "%x%" as part of the answer text.
                raise self.fail(
                    pos,
                    f"malformed weight {lookalike.group()!r}: expected a percentage such as "
                    "%50% or %-33.33333%",
                )
            return None, answer, pos
        end = answer.index("%", 1)
        try:
            fraction = Decimal(answer[1:end]) / 100
        except InvalidOperation:
            raise self.fail(
                pos, f"malformed weight {answer[: end + 1]!r}: expected one minus sign at most"
            ) from None
        return fraction, answer[end + 1 :], pos + end + 1

    def grade(self, fraction: Decimal, pos: int) -> Decimal:
        """importprocess() refuses a file with any fraction outside Moodle's grade list."""
        snapped = moodle_grade(fraction)
        if snapped is None:
            raise self.fail(
                pos,
                f"weights must be one of Moodle's grades ({_grades_text()} or 0 percent, "
                f"optionally negative): {_format_decimal(fraction * 100)}% is not",
            )
        return snapped

    def comment_parser(self, answer: str, qformat: str) -> tuple[tuple[str, str], tuple[str, str]]:
        """commentparser(): "answer#feedback", each with an optional [format]."""
        bits = answer.split("#", 1)
        text = _parse_text_with_format(_trim(bits[0]), qformat)
        feedback = (
            _parse_text_with_format(_trim(bits[1]), qformat) if len(bits) > 1 else ("", qformat)
        )
        return text, feedback

    def multichoice_answers(
        self, answertext: str, offset: int, qformat: str
    ) -> tuple[GiftAnswer, ...]:
        pieces = self.pieces(answertext, offset, "~", keep="=")
        if len(pieces) < 2:
            raise self.fail(
                offset, "a multiple-choice question needs at least two choices (~ or =)"
            )
        answers = []
        for number, (answer, pos) in enumerate(pieces, start=1):
            if answer.startswith("="):
                fraction, answer, pos = Decimal(1), answer[1:], pos + 1
                if _LOOKS_LIKE_WEIGHT_RE.match(answer):
                    # Moodle would make "%50%" part of a 100% answer's text.
                    raise self.fail(
                        pos,
                        "'=' already marks a 100% choice: expected '~%50%answer' (a tilde) for a "
                        "weighted choice",
                    )
            else:
                weight, answer, pos = self.weight(answer, pos)
                fraction = Decimal(0) if weight is None else self.grade(weight, pos)
            (text, fmt), (feedback, ffmt) = self.comment_parser(answer, qformat)
            if text == "":
                # Moodle would import an empty choice (and then drop it when saving).
                raise self.fail(pos, f"choice {number} is empty: expected text after '~' or '='")
            answers.append(GiftAnswer(text, fraction, feedback, fmt, ffmt))
        return tuple(answers)

    def shortanswer_answers(
        self, answertext: str, offset: int, qformat: str
    ) -> tuple[GiftAnswer, ...]:
        first = _trim(answertext.split("=", 1)[0])
        if first not in ("", "0"):
            # Moodle takes text before the first '=' as a full-mark answer, so {true} or
            # {maybe} would become a short answer whose only answer is that word.
            token = _trim(first.split("#", 1)[0])
            if token.upper() in ("T", "TRUE", "F", "FALSE"):
                detail = (
                    f"a true/false answer must be T, F, TRUE or FALSE in capitals, not {token!r}"
                )
            else:
                detail = (
                    "expected T, F, TRUE or FALSE for a true/false question (or '=' before each "
                    f"short answer), not {self.shown(token)}"
                )
            raise self.fail(offset, detail)
        pieces = self.pieces(answertext, offset, "=")
        if not pieces:  # check_answer_count(1, ...): {0} is empty to PHP
            raise self.fail(offset, "a short-answer question needs at least one '=answer'")
        answers = []
        for number, (answer, pos) in enumerate(pieces, start=1):
            weight, answer, pos = self.weight(answer, pos)
            fraction = Decimal(1) if weight is None else self.grade(weight, pos)
            (text, _fmt), (feedback, ffmt) = self.comment_parser(answer, qformat)
            if text == "":
                raise self.fail(pos, f"answer {number} is empty: expected text after '='")
            answers.append(GiftAnswer(text, fraction, feedback, qformat, ffmt))
        return tuple(answers)

    def numerical_answers(
        self, answertext: str, offset: int, qformat: str
    ) -> tuple[GiftAnswer, ...]:
        answertext, offset = answertext[1:], offset + 1  # the leading "#"
        wrong_feedback = ""
        tilde = answertext.find("~")
        if tilde != -1:  # "~#feedback" for any other answer; everything after it is feedback
            answertext, wrong_feedback = answertext[:tilde], answertext[tilde:]
        pieces = self.pieces(answertext, offset, "=")
        if not pieces:
            raise self.fail(offset, "a numerical question needs at least one answer after '{#'")
        answers = []
        for answer, pos in pieces:
            weight, answer, pos = self.weight(answer, pos)
            fraction = Decimal(1) if weight is None else self.grade(weight, pos)
            (value, _fmt), (feedback, ffmt) = self.comment_parser(answer, qformat)
            text, tolerance = self.number_and_tolerance(value, pos)
            answers.append(GiftAnswer(text, fraction, feedback, qformat, ffmt, tolerance))
        if wrong_feedback:
            _unused, (feedback, ffmt) = self.comment_parser(wrong_feedback, qformat)
            answers.append(GiftAnswer("*", Decimal(0), feedback, qformat, ffmt, None))
        return tuple(answers)

    def number_and_tolerance(self, value: str, pos: int) -> tuple[str, Decimal]:
        expected = "expected a number, number:tolerance or min..max"
        if value.find("..") > 0:
            low, high = _trim(value[: value.find("..")]), _trim(value[value.find("..") + 2 :])
            for bound in (low, high):
                if not _NUMERIC_RE.fullmatch(bound):
                    raise self.fail(pos, f"range bound {bound!r} is not a number: {expected}")
            if Decimal(low) > Decimal(high):
                raise self.fail(pos, f"range {value!r} runs backwards: expected min..max")
            middle = (Decimal(high) + Decimal(low)) / 2
            return _format_decimal(middle), Decimal(high) - middle
        if value.find(":") > 0:
            answer, tolerance = _trim(value[: value.find(":")]), _trim(value[value.find(":") + 1 :])
        else:
            answer, tolerance = _trim(value), "0"
        # Moodle turns any non-numeric answer into "*" (an assignment inside its check).
        if answer != "*" and not _NUMERIC_RE.fullmatch(answer):
            raise self.fail(
                pos, f"numerical answer {self.shown(answer)} is not a number: {expected}"
            )
        if not _NUMERIC_RE.fullmatch(tolerance):
            raise self.fail(pos, f"tolerance {self.shown(tolerance)} is not a number: {expected}")
        return answer, Decimal(tolerance)

    def match_pairs(
        self, answertext: str, offset: int, qformat: str
    ) -> tuple[GiftSubquestion, ...]:
        pieces = self.pieces(answertext, offset, "=")
        if len(pieces) < 2:
            raise self.fail(offset, "a matching question needs at least two pairs (=item -> match)")
        pairs = []
        for answer, pos in pieces:
            marker = answer.find("->")
            if marker == -1:
                raise self.fail(
                    pos, f"expected 'item -> match' in every pair, not {self.shown(answer)}"
                )
            text, fmt = _parse_text_with_format(answer[:marker], qformat)
            target = _trim(_escape_post(answer[marker + 2 :]))
            if target == "":
                raise self.fail(pos, "empty matching pair: expected an answer after '->'")
            pairs.append(GiftSubquestion(text, target, fmt))
        return tuple(pairs)

"""Write GiftQuestion data as GIFT text, as Moodle's qformat_gift::writequestion() does.

Output is byte for byte what Moodle writes for the same data, except where Moodle's
output would not read back as the same question:

- a newline or "[id:"/"[tag:" in a name is not copied into the ``// question:`` header
  comment (it would start a line of question text, or be read back as metadata);
- a text starting with "%" or with a format name such as "[html]" gets an explicit
  ``[format]`` prefix (it would be read as a weight or a format);
- a numerical "*" answer is only written as "~#feedback" when it is the last one and worth
  0% (a "~" swallows whatever follows it), otherwise as "=%weight%*:tolerance";
- a description is followed by a blank line (Moodle relies on exportprocess() for that);
- non-empty feedback "0" is kept (PHP's truthiness would drop it) and tolerances are written
  in plain notation (PHP would print 1.0E-5).

Cannot be expressed in GIFT, so not round-trippable: "->" inside a matching item or a short
answer (the question reads back as matching), carriage returns (dropped, as by Moodle),
leading or trailing whitespace (readers trim), the format of an empty text, and the
tolerance of a last 0% "*" numerical answer (it reads back as the any-other-answer row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from quizzes.interchange.gift_model import FORMATS, GiftQuestion

# repchar(): backslash first, so the backslashes it adds are not doubled again.
_REPCHAR = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def write_gift(questions: Iterable[GiftQuestion]) -> str:
    """GIFT text for ``questions``, with a ``$CATEGORY:`` switch wherever the category changes.

    Each question is write_question()'s output; a blank line always separates questions.
    A question whose ``category`` is None stays in whatever category is in force.
    """
    out: list[str] = []
    current: str | None = None
    for question in questions:
        if question.category is not None and question.category != current:
            out.append(write_category(question.category))
            current = question.category
        text = write_question(question)
        # Moodle's exportprocess() adds "\n" after every question; a description needs it.
        out.append(text if text.endswith("\n\n") else text + "\n")
    return "".join(out)


def write_category(path: str) -> str:
    """The block Moodle's exportprocess() writes to switch category (a dummy question 0)."""
    return f"// question: 0  name: Switch category to {path}\n$CATEGORY: {path}\n\n"


def write_question(question: GiftQuestion) -> str:
    """One question as writequestion() writes it: header comment, question, blank line.

    ``question.id`` goes in the header comment (0 when None); it is not read back.
    """
    q = question
    qformat = q.questiontextformat
    # The header is only informative, but every comment line of a block is searched for
    # [id:]/[tag:] and a newline would end the comment, so neither may leak from the name.
    header_name = re.sub(r"\[(id|tag):", r"(\1:", re.sub(r"[\r\n]+", " ", q.name))
    out = f"// question: {q.id if q.id is not None else 0}  name: {header_name}\n"
    out += _idnumber_and_tags(q)
    head = "::" + _repchar(q.name) + "::" + _text(q.questiontext, qformat)

    if q.qtype == "description":
        out += head
    elif q.qtype == "essay":
        out += head + "{" + _general_feedback(q, indent="") + "}\n"
    elif q.qtype == "truefalse":
        out += head + _truefalse_block(q)
    elif q.qtype == "multichoice":
        out += head + "{\n"
        for answer in q.answers:
            if answer.fraction == 1 and q.single:
                mark = "="
            elif answer.fraction == 0:
                mark = "~"
            else:
                mark = f"~%{_percent(answer.fraction)}%"
            out += "\t" + mark + _text(answer.text, answer.format, qformat)
            if answer.feedback != "":
                out += "#" + _text(answer.feedback, answer.feedbackformat, qformat)
            out += "\n"
        out += _general_feedback(q) + "}\n"
    elif q.qtype == "shortanswer":
        out += head + "{\n"
        for answer in q.answers:
            out += (
                f"\t=%{_percent(answer.fraction)}%{_text(answer.text, qformat, qformat)}"
                f"#{_text(answer.feedback, answer.feedbackformat, qformat)}\n"
            )
        out += _general_feedback(q) + "}\n"
    elif q.qtype == "numerical":
        out += head + "{#\n"
        for index, answer in enumerate(q.answers):
            feedback = _text(answer.feedback, answer.feedbackformat, qformat)
            # "~#feedback" is the any-other-answer row. Everything after a "~" is feedback and
            # a question needs one real answer, so only a last, 0% "*" can be written so.
            catch_all = answer.text in ("", "*") and answer.fraction == 0
            if catch_all and 0 < index == len(q.answers) - 1:
                out += f"\t~#{feedback}\n"
            else:
                tolerance = _number(answer.tolerance or Decimal(0))
                value = answer.text or "*"
                out += f"\t=%{_percent(answer.fraction)}%{value}:{tolerance}#{feedback}\n"
        out += _general_feedback(q) + "}\n"
    elif q.qtype == "match":
        out += head + "{\n"
        for pair in q.subquestions:
            item = _text(pair.text, pair.format, qformat)
            out += f"\t={item} -> {_repchar(pair.answer)}\n"
        out += _general_feedback(q) + "}\n"
    else:
        raise ValueError(f"GIFT cannot express question type {q.qtype!r}")
    return out + "\n"


def _truefalse_block(q: GiftQuestion) -> str:
    qformat = q.questiontextformat
    true_fb = _text(q.feedbacktrue, q.feedbacktrueformat, qformat)
    false_fb = _text(q.feedbackfalse, q.feedbackfalseformat, qformat)
    # GIFT puts the feedback for the wrong answer first: {TRUE#if false#if true}.
    answer, right, wrong = (
        ("TRUE", true_fb, false_fb) if q.correctanswer else ("FALSE", false_fb, true_fb)
    )
    out = "{" + answer
    if wrong:
        out += "#" + wrong
    elif right:
        out += "#"
    if right:
        out += "#" + right
    return out + _general_feedback(q, indent="") + "}\n"


def _idnumber_and_tags(q: GiftQuestion) -> str:
    bits = []
    if q.idnumber != "":
        bits.append("[id:" + q.idnumber.replace("]", "\\]") + "]")
    bits.extend("[tag:" + tag.replace("]", "\\]") + "]" for tag in q.tags)
    return "// " + " ".join(bits) + "\n" if bits else ""


def _general_feedback(q: GiftQuestion, indent: str = "\t") -> str:
    text = _text(q.generalfeedback, q.generalfeedbackformat, q.questiontextformat)
    if not text:
        return ""
    return f"{indent}####{text}\n" if indent else f"####{text}"


def _text(text: str, fmt: str, default: str = "moodle") -> str:
    """write_questiontext(): "[format]" when it differs from the default, then repchar()."""
    name = fmt if fmt in FORMATS else "moodle"
    if text != "" and (name != default or _misread_start(text)):
        return f"[{name}]" + _repchar(text)
    return _repchar(text)


def _misread_start(text: str) -> bool:
    """Would the start of ``text`` be read as a [format] or a %weight%?"""
    text = text.lstrip(" \t\n\r\0\x0b")
    end = text.find("]")
    return text.startswith("%") or (text.startswith("[") and end != -1 and text[1:end] in FORMATS)


def _repchar(text: str) -> str:
    return text.translate(_REPCHAR)


def _percent(fraction: Decimal) -> str:
    return _number(fraction * 100)


def _number(value: Decimal) -> str:
    """As PHP prints a float: 50.0 -> "50", 33.333330 -> "33.33333"."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")

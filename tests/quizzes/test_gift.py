"""GIFT parser/writer: unit tests and conformance with Moodle's own GIFT tests and behaviour.

The conformance corpus (Moodle's test strings, fixtures and public sample files with what
Moodle's parser makes of them) lives outside the project at ../shared/gift; it is read in
place, never copied (its licences differ from the project's). See its README.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.interchange.gift import (
    FORMATS,
    GiftAnswer,
    GiftQuestion,
    GiftSubquestion,
    ParseResult,
    extract_idnumber_and_tags,
    moodle_grade,
    parse_gift,
    parse_gift_bytes,
    write_gift,
    write_question,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "gift"
MISSING = f"GIFT conformance corpus not found at {CORPUS} (it is kept outside the project)"

# Conformance case id -> why this implementation deliberately differs from Moodle there.
# A listed case must really differ (checked below), so the list cannot go stale.
KNOWN_DIFFERENCES: dict[str, str] = {}


# Corpus loading -------------------------------------------------------------------------


def _json(name: str) -> list | dict:
    return json.loads((CORPUS / name).read_text(encoding="utf-8"))


def _cases(build, arity: int = 1) -> list:
    """pytest params from the corpus, or one skipped param saying why there are none."""
    if not CORPUS.is_dir():
        skip = pytest.mark.skip(reason=MISSING)
        return [pytest.param(*[None] * arity, id="corpus-missing", marks=skip)]
    return build()


def _question_files() -> list[tuple[str, dict]]:
    """(path inside the corpus, entry) for every multi-question file with expectations."""
    entries = [(e["file"], e) for e in _json("moodle_fixtures/expected.json")]
    entries += [(e["file"], e) for e in _json("samples/expected_moodle.json")]
    return [(path, e) for path, e in entries if "expected_questions" in e]


def _import_params() -> list:
    return [pytest.param(e, id=e["file"]) for e in _json("expected.json")]


def _file_question_params() -> list:
    params = []
    for path, entry in _question_files():
        for index, expected in enumerate(entry["expected_questions"]):
            case = f"{path}[{index}]"
            params.append(pytest.param(path, index, expected, id=case))
    return params


def _file_params() -> list:
    return [pytest.param(path, entry, id=path) for path, entry in _question_files()]


def _export_params() -> list:
    return [pytest.param(e, id=e["test"]) for e in _json("export_expected.json")]


def _comment_params() -> list:
    return [pytest.param(c, id=c["case"]) for c in _json("comment_metadata_cases.json")["cases"]]


def _roundtrip_params() -> list:
    paths = [e["file"] for e in _json("expected.json")]
    paths += [path for path, _entry in _question_files()]
    return [pytest.param(path, id=path) for path in paths]


# Normalising to the corpus's view of a question ----------------------------------------


def normalise(q: GiftQuestion) -> dict:
    """The shape of expected.json's "expected" (README: per-type fields)."""
    view: dict = {
        "qtype": q.qtype,
        "name": q.name,
        "questiontext": q.questiontext,
        "questiontextformat": q.questiontextformat,
        "generalfeedback": q.generalfeedback,
        "generalfeedbackformat": q.generalfeedbackformat,
        "defaultmark": float(q.defaultmark),
        "penalty": float(q.penalty),
        "answers": [],
        "idnumber": q.idnumber,
        "tags": list(q.tags),
    }
    if q.qtype == "multichoice":
        view["single"] = q.single
        view["answers"] = [
            {
                "text": a.text,
                "format": a.format,
                "fraction": float(a.fraction),
                "feedback": a.feedback,
                "feedbackformat": a.feedbackformat,
            }
            for a in q.answers
        ]
    elif q.qtype in ("shortanswer", "numerical"):
        for a in q.answers:
            row = {"text": a.text, "fraction": float(a.fraction), "feedback": a.feedback}
            row["feedbackformat"] = a.feedbackformat
            if q.qtype == "numerical":
                row["tolerance"] = None if a.tolerance is None else float(a.tolerance)
            view["answers"].append(row)
    elif q.qtype == "truefalse":
        view["correctanswer"] = q.correctanswer
        view["feedbacktrue"] = {"text": q.feedbacktrue, "format": q.feedbacktrueformat}
        view["feedbackfalse"] = {"text": q.feedbackfalse, "format": q.feedbackfalseformat}
        view["answers"] = [
            {
                "text": label,
                "fraction": 1.0 if q.correctanswer == value else 0.0,
                "feedback": feedback["text"],
                "feedbackformat": feedback["format"],
            }
            for label, value, feedback in (
                ("True", True, view["feedbacktrue"]),
                ("False", False, view["feedbackfalse"]),
            )
        ]
    elif q.qtype == "match":
        view["subquestions"] = [{"text": s.text, "format": s.format} for s in q.subquestions]
        view["subanswers"] = [s.answer for s in q.subquestions]
        view["pairs"] = [
            {"question": s.text, "questionformat": s.format, "answer": s.answer}
            for s in q.subquestions
        ]
    return view


def _items(result: ParseResult) -> list[dict]:
    """Questions and category switches in file order, as the corpus lists them."""
    found = [(q.line, normalise(q)) for q in result.questions]
    found += [(c.line, {"qtype": "category", "category": c.path}) for c in result.categories]
    return [view for _line, view in sorted(found, key=lambda pair: pair[0])]


def _comparable(expected: dict, actual: dict) -> tuple[dict, dict]:
    """Drop names Moodle derives with shorten_text(), which the corpus only approximated."""
    expected = dict(expected)
    actual = dict(actual)
    if expected.pop("name_is_derived_from_text", False):
        del expected["name"]
        name = actual.pop("name")
        plain = re.sub(r"<[^>]*>", "", actual["questiontext"])
        assert name and len(name) <= 255
        assert plain.startswith(name.removesuffix("...").rstrip()), (name, plain)
    return expected, actual


def _assert_conforms(case: str, expected: dict, actual: dict) -> None:
    expected, actual = _comparable(expected, actual)
    if case in KNOWN_DIFFERENCES:
        assert actual != expected, f"{case} now matches Moodle: remove it from KNOWN_DIFFERENCES"
    else:
        assert actual == expected


def _all_case_ids() -> set[str]:
    ids = {e["file"] for e in _json("expected.json")}
    ids |= {
        f"{e['file']}:file_import" for e in _json("expected.json") if "expected_file_import" in e
    }
    ids |= {e["test"] for e in _json("export_expected.json")}
    for path, entry in _question_files():
        ids |= {f"{path}[{i}]" for i in range(len(entry["expected_questions"]))}
    return ids


def test_known_differences_name_real_cases() -> None:
    """A typo in KNOWN_DIFFERENCES must not silently excuse nothing."""
    if not CORPUS.is_dir():
        pytest.skip(MISSING)
    assert set(KNOWN_DIFFERENCES) <= _all_case_ids()
    assert all(reason.strip() for reason in KNOWN_DIFFERENCES.values())


def _parse_file(path: str, **options) -> ParseResult:
    return parse_gift_bytes((CORPUS / path).read_bytes(), **options)


# Conformance: Moodle's import tests ----------------------------------------------------


@pytest.mark.parametrize("entry", _cases(_import_params))
def test_moodle_import_case(entry: dict) -> None:
    """Each test_import_* string of giftformat_test.php gives the question Moodle asserts."""
    path = entry["file"]
    if "expected_file_import" in entry:
        # Moodle's unit test reads untrimmed lines; a real file import trims them first.
        result = _parse_file(path, preserve_indentation=True)
        assert not result.errors
        _assert_conforms(path, entry["expected"], normalise(*result.questions))
        expected = entry["expected_file_import"]
        case = f"{path}:file_import"
    else:
        expected = entry["expected"]
        case = path
    result = _parse_file(path)
    assert not result.errors
    assert len(result.questions) == 1
    _assert_conforms(case, expected, normalise(result.questions[0]))


@pytest.mark.parametrize("entry", _cases(_import_params))
def test_moodle_import_assertions_hold(entry: dict) -> None:
    """The fields Moodle's test itself asserts agree with our normalised view too."""
    (question,) = _parse_file(entry["file"]).questions
    view = normalise(question)
    asserted = entry["moodle_test_assertions"]
    for key in ("name", "questiontextformat", "generalfeedback", "generalfeedbackformat"):
        assert view[key] == asserted[key]
    assert view["qtype"] == asserted["qtype"]
    assert view["defaultmark"] == asserted["defaultmark"]
    assert view["penalty"] == asserted["penalty"]
    if "fraction" in asserted:
        assert [a["fraction"] for a in view["answers"]] == asserted["fraction"]
    if "tags" in asserted:
        assert view["tags"] == asserted["tags"]
        assert view["idnumber"] == asserted["idnumber"]
    if "correctanswer" in asserted:
        assert view["correctanswer"] == bool(asserted["correctanswer"])


@pytest.mark.parametrize(("path", "index", "expected"), _cases(_file_question_params, arity=3))
def test_moodle_file_question(path: str, index: int, expected: dict) -> None:
    """Every question of Moodle's fixtures and the public samples, as Moodle's parser reads it."""
    result = _parse_file(path)
    assert not result.errors
    items = _items(result)
    assert index < len(items)
    _assert_conforms(f"{path}[{index}]", expected, items[index])


@pytest.mark.parametrize(("path", "entry"), _cases(_file_params, arity=2))
def test_moodle_file_counts(path: str, entry: dict) -> None:
    """Behat's counts (9; 4 + 1 category) and every sample's count, on the corpus's own bytes."""
    data = (CORPUS / path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    result = parse_gift_bytes(data)
    assert not result.errors
    assert len(result.questions) == entry["expected_question_count"]
    assert len(_items(result)) == len(entry["expected_questions"])


def test_behat_counts_and_categories() -> None:
    if not CORPUS.is_dir():
        pytest.skip(MISSING)
    assert len(_parse_file("moodle_fixtures/questions.gift.txt").questions) == 9
    result = _parse_file("moodle_fixtures/questions_in_category.gift.txt")
    assert len(result.questions) == 4
    assert [c.path for c in result.categories] == ["$course$/Default for New Features"]
    assert {q.category for q in result.questions} == {"$course$/Default for New Features"}


def test_windows_1252_fixture_is_rejected_as_not_utf8() -> None:
    if not CORPUS.is_dir():
        pytest.skip(MISSING)
    result = _parse_file("moodle_fixtures/questions_encoding_windows-1252.gift.txt")
    assert result.questions == ()
    (error,) = result.errors
    assert "not UTF-8" in error.message
    assert error.line == 15  # "=<p>a\xf6df..." is on line 15


# Conformance: Moodle's export tests and comment metadata -------------------------------


def from_moodle_data(data: dict) -> GiftQuestion:
    """Build a GiftQuestion from the question data a Moodle export test passes in."""
    options = data.get("options", {})
    rows = list(options.get("answers", {}).values())
    fields: dict = {
        "qtype": data["qtype"],
        "name": data["name"],
        "questiontext": data["questiontext"],
        "questiontextformat": data["questiontextformat"],
        "generalfeedback": data["generalfeedback"],
        "generalfeedbackformat": data["generalfeedbackformat"],
        "defaultmark": data["defaultmark"],
        "penalty": data["penalty"],
        "id": data["id"],
    }
    if data["qtype"] == "truefalse":
        true = options["answers"][str(options["trueanswer"])]
        false = options["answers"][str(options["falseanswer"])]
        fields["correctanswer"] = true["fraction"] == 1
        fields["feedbacktrue"] = true["feedback"]
        fields["feedbacktrueformat"] = true["feedbackformat"]
        fields["feedbackfalse"] = false["feedback"]
        fields["feedbackfalseformat"] = false["feedbackformat"]
    elif data["qtype"] == "match":
        fields["subquestions"] = [
            GiftSubquestion(s["questiontext"], s["answertext"], s["questiontextformat"])
            for s in options["subquestions"].values()
        ]
    else:
        fields["single"] = bool(options.get("single", 1))
        fields["answers"] = [
            GiftAnswer(
                a["answer"],
                a["fraction"],
                a["feedback"],
                a["answerformat"],
                a["feedbackformat"],
                a.get("tolerance"),
            )
            for a in rows
        ]
    return GiftQuestion(**fields)


def _tags_and_idnumber_question() -> GiftQuestion:
    """test_export_question_with_tags_and_idnumber's generated true/false question (id 1)."""
    return GiftQuestion(
        qtype="truefalse",
        name="True/false question",
        questiontext="The answer is true.",
        questiontextformat="html",
        generalfeedback="You should have selected true.",
        generalfeedbackformat="html",
        correctanswer=True,
        feedbacktrue="This is the right answer.",
        feedbacktrueformat="html",
        feedbackfalse="This is the wrong answer.",
        feedbackfalseformat="html",
        idnumber="myid",
        tags=("tag1", "tag2"),
        id=1,
    )


@pytest.mark.parametrize("entry", _cases(_export_params))
def test_moodle_export_case(entry: dict) -> None:
    """write_question() writes exactly what Moodle's writequestion() is tested to write."""
    if "question" in entry:
        question = from_moodle_data(entry["question"])
        expected = entry["expected_gift"]
    else:  # DB-backed in Moodle: the generator's question, with the id placeholder filled
        question = _tags_and_idnumber_question()
        expected = entry["expected_gift"].replace("{$question->id}", "1")
    actual = write_question(question)
    if entry["test"] in KNOWN_DIFFERENCES:
        assert actual != expected
    else:
        assert actual == expected
        assert write_gift([question]) == expected


@pytest.mark.parametrize("case", _cases(_comment_params))
def test_comment_metadata_case(case: dict) -> None:
    idnumber, tags = extract_idnumber_and_tags(case["comment"])
    assert idnumber == case["expected_idnumber"]
    assert list(tags) == case["expected_tags"]


# Round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _cases(_roundtrip_params))
def test_round_trip_is_stable(path: str) -> None:
    """parse -> write -> parse gives the same questions, and writing again the same text."""
    first = _parse_file(path)
    assert not first.errors
    text = write_gift(first.questions)
    second = parse_gift(text)
    assert second.errors == ()
    assert second.questions == first.questions
    switches = [q.category for q in first.questions if q.category is not None]
    switches = [c for i, c in enumerate(switches) if i == 0 or c != switches[i - 1]]
    assert [c.path for c in second.categories] == switches
    assert write_gift(second.questions) == text


# Malformed input -------------------------------------------------------------------------

GOOD = "::Good::The sky is blue.{T}\n\n"  # lines 1-2, so broken questions start on line 3

MALFORMED = [
    ("unclosed brace", "::Q::What colour?\n{\n=blue\n~red\n", 4, "never closed: expected '}'"),
    ("stray closing brace", "Two plus two } is four.", 3, "no '{' before it"),
    ("unknown true/false token", "Is it?\n{maybe}", 4, "T, F, TRUE or FALSE"),
    ("lower-case true", "Is it? {true#no#yes}", 3, "T, F, TRUE or FALSE in capitals, not 'true'"),
    ("short answer without =", "Best animal? {Frog =Toad}", 3, "'=' before each short answer"),
    (
        "weight not a Moodle grade",
        "Pick {\n~%50%a\n~%33.33%b\n~c\n}",
        5,
        "weights must be one of Moodle's grades",
    ),
    ("malformed weight", "Pick {\n~%half%a\n=b\n}", 4, "malformed weight '%half%'"),
    ("double minus weight", "Pick {\n~%--50%a\n=b\n}", 4, "expected one minus sign"),
    ("= with a weight", "Pick {\n=%50%a\n~b\n}", 4, "expected '~%50%answer'"),
    ("single choice", "Pick {~only}", 3, "at least two choices"),
    ("empty choice", "Pick {\n=a\n~\n~b\n}", 5, "choice 2 is empty"),
    (
        "empty matching pair",
        "Match {\n=a -> 1\n=b ->\n=c -> 3\n}",
        5,
        "expected an answer after '->'",
    ),
    ("pair without arrow", "Match {\n=a -> 1\n=b\n}", 5, "expected 'item -> match'"),
    ("single pair", "Match {=a -> 1}", 3, "at least two pairs"),
    ("unclosed title", "::Sky colour\nIs the sky blue?{T}", 3, "expected '::' after the title"),
    ("text after a matching block", "Match {=a -> 1 =b -> 2} please.", 3, "cannot have text after"),
    ("second answer block", "Pick {=a ~b} or\n{=c ~d}", 4, "one answer block"),
    ("brace inside the block", "Pick {=a {b} ~c}", 3, "second '{' inside the answer block"),
    ("numerical answer not a number", "Year? {#\n=eighteen\n}", 4, "is not a number"),
    ("numerical tolerance not a number", "Pi? {#3.14:abc}", 3, "tolerance 'abc' is not a number"),
    ("numerical range backwards", "Pick {#5..1}", 3, "expected min..max"),
    ("numerical without answers", "Pick {#}", 3, "at least one answer"),
    ("empty short answer", "Name? {\n=\n=Ada\n}", 4, "answer 1 is empty"),
    ("short answer block of just 0", "Name? {0}", 3, "at least one '=answer'"),
    ("category with more text", "$CATEGORY: a/b\n::Q::x{T}", 4, "blank line after the $CATEGORY"),
    ("empty category", "$CATEGORY:", 3, "expected a category path"),
]


@pytest.mark.parametrize(
    ("source", "line", "fragment"),
    [pytest.param(source, line, fragment, id=case) for case, source, line, fragment in MALFORMED],
)
def test_malformed_question_is_an_error(source: str, line: int, fragment: str) -> None:
    result = parse_gift(GOOD + source + "\n\n::After::Still read.{F}\n")
    (error,) = result.errors
    assert error.line == line
    assert error.question_line == 3
    assert fragment in error.message
    assert error.message.startswith(f"Line {line}")
    # Only the broken block is lost; the questions around it are still read.
    assert [q.name for q in result.questions] == ["Good", "After"]


def test_non_utf8_bytes_are_rejected() -> None:
    result = parse_gift_bytes("Caf\u00e9? {T}\n\nNa\u00efve? {F}".encode("cp1252"))
    assert result.questions == ()
    (error,) = result.errors
    assert error.line == 1
    assert "not UTF-8" in str(error)


def test_parse_never_raises_on_garbage() -> None:
    for source in ["{", "}", "::", "{#", "{#..}", "{=->}", "%%", "{~%", "\\", "{T#", "$CATEGORY"]:
        assert isinstance(parse_gift(source), ParseResult)


# Unit tests ------------------------------------------------------------------------------


def test_bom_crlf_and_classic_mac_line_ends() -> None:
    text = "\ufeff// c\r\n::A::One?{T}\r\n\r\n::B::Two?{F}\r\n"
    assert [(q.name, q.line) for q in parse_gift(text).questions] == [("A", 2), ("B", 4)]
    assert [q.name for q in parse_gift("::A::One?{T}\r\r::B::Two?{F}").questions] == ["A", "B"]
    assert parse_gift_bytes(b"\xef\xbb\xbf::A::One?{T}").questions[0].name == "A"


def test_escapes_and_formats() -> None:
    source = r"::a\:b::[html]x \{y\} \= \~ \# \\ \n end{=\=1#\#ok ~two}"
    (q,) = parse_gift(source).questions
    assert q.name == "a:b"
    assert q.questiontext == "x {y} = ~ # \\ \n end"
    assert q.questiontextformat == "html"
    assert [(a.text, a.feedback, a.format) for a in q.answers] == [
        ("=1", "#ok", "html"),
        ("two", "", "html"),
    ]


def test_missing_word_and_question_line() -> None:
    source = "// intro\n\n// comment\nGrant is {~buried =entombed} in\nGrant's tomb."
    (q,) = parse_gift(source).questions
    assert q.questiontext == "Grant is _____ in\nGrant's tomb."
    assert q.line == 4
    assert q.name == q.questiontext


def test_numerical_ranges_and_other_answers() -> None:
    (q,) = parse_gift("N {#\n=1.0..5.0#mid\n=%50%7:0.5\n~#anything else}").questions
    assert [(a.text, a.tolerance, a.fraction, a.feedback) for a in q.answers] == [
        ("3", Decimal(2), Decimal(1), "mid"),
        ("7", Decimal("0.5"), Decimal("0.5"), ""),
        ("*", None, Decimal(0), "anything else"),
    ]


def test_numerical_star_answers_round_trip() -> None:
    """Only a last 0% "*" is written as "~#"; other "*" answers keep grade and order."""
    source = "N {#=%100%*:0#any number =%50%7:1 ~#never}"
    (q,) = parse_gift(source).questions
    text = write_question(q)
    assert "\t=%100%*:0#any number\n\t=%50%7:1#\n\t~#never\n" in text
    assert parse_gift(text).questions == (q,)


def test_categories_apply_to_following_questions() -> None:
    result = parse_gift(
        "::A::a{T}\n\n$CATEGORY: one/two\n\n::B::b{T}\n\n$CATEGORY: three\n\n::C::c{T}"
    )
    assert [q.category for q in result.questions] == [None, "one/two", "three"]
    assert [(c.path, c.line) for c in result.categories] == [("one/two", 3), ("three", 7)]


def test_weights_follow_moodles_grade_tolerance() -> None:
    assert moodle_grade("0.33333") == Decimal("0.3333333")  # 33.333% is within 0.00001
    assert moodle_grade(-0.5) == Decimal("-0.5")
    assert moodle_grade("0.3333") is None
    (error,) = parse_gift("Q {~%33.33%a ~%66.67%b}").errors
    assert "Moodle's grades (100, 90, 83.33333," in error.message
    assert error.message.endswith("33.33% is not")
    (q,) = parse_gift("Q {~%33.333%a ~%33.333%b ~%33.333%c ~%-100%d}").questions
    assert [a.fraction for a in q.answers] == [Decimal("0.3333333")] * 3 + [Decimal(-1)]


def test_defaults_per_type() -> None:
    source = "T {T}\n\nD has no braces\n\nE {}\n\nM {=a ~b}"
    tf, description, essay, mc = parse_gift(source).questions
    assert (tf.penalty, tf.defaultmark) == (Decimal(1), Decimal(1))
    assert (description.qtype, description.defaultmark) == ("description", Decimal(0))
    assert (essay.qtype, essay.penalty) == ("essay", Decimal("0.3333333"))
    assert (mc.qtype, mc.single) == ("multichoice", True)


def test_multiple_answer_question_for_spot_the_claim() -> None:
    """A spot-the-claim question: right sentences share 100%, wrong ones cost marks."""
    sentences = ["Bees make honey.", "Honey cures everything.", "It never spoils: ever."]
    fractions = [Decimal(-1), Decimal("0.5"), Decimal("0.5")]
    question = GiftQuestion(
        qtype="multichoice",
        name="Spot the unsupported claims",
        questiontext="Which sentences make claims the passage does not support?",
        single=False,
        answers=[
            GiftAnswer(text, fraction) for text, fraction in zip(sentences, fractions, strict=True)
        ],
        tags=("spot-claim",),
    )
    text = write_gift([question])
    assert "\t~%-100%Bees make honey.\n\t~%50%Honey cures everything.\n" in text
    assert "~%50%It never spoils\\: ever." in text
    (back,) = parse_gift(text).questions
    assert back == question
    assert sum(a.fraction for a in back.answers if a.fraction > 0) == 1


def test_write_gift_separates_questions_and_switches_categories() -> None:
    questions = [
        GiftQuestion(qtype="description", name="Intro", questiontext="Read this.", defaultmark=0),
        GiftQuestion(qtype="essay", name="E", questiontext="Why?", category="a/b"),
        GiftQuestion(qtype="essay", name="F", questiontext="How?", category="a/b"),
        GiftQuestion(qtype="essay", name="G", questiontext="Who?", category="c"),
    ]
    text = write_gift(questions)
    assert text.startswith("// question: 0  name: Intro\n::Intro::Read this.\n\n")
    assert text.count("$CATEGORY: a/b\n") == 1
    assert text.count("$CATEGORY: c\n") == 1
    assert parse_gift(text).questions == tuple(questions)


def test_writer_keeps_texts_that_would_be_misread() -> None:
    question = GiftQuestion(
        qtype="multichoice",
        name="Multi\nline [tag:not-a-tag]",
        questiontext="[html] is literal here",
        answers=[GiftAnswer("%50% of it", 1), GiftAnswer("[plain] too", 0, "%x%")],
    )
    text = write_question(question)
    assert text.splitlines()[0] == "// question: 0  name: Multi line (tag:not-a-tag]"
    assert parse_gift(text).questions == (question,)


def test_question_data_is_frozen_and_coerced() -> None:
    answer = GiftAnswer("a", 0.5, tolerance=1)
    assert (answer.fraction, answer.tolerance) == (Decimal("0.5"), Decimal(1))
    question = GiftQuestion(qtype="essay", name="n", questiontext="t", tags=["x"])
    assert question.tags == ("x",)
    with pytest.raises(AttributeError):
        question.name = "other"  # type: ignore[misc]


def test_unknown_qtype_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="cloze"):
        write_question(GiftQuestion(qtype="cloze", name="n", questiontext="t"))


# Property: escaping round-trips ----------------------------------------------------------

# Every GIFT control character, the escape character, newlines, and what starts a weight
# or a format. Readers trim, so generated texts have no surrounding whitespace.
SPECIAL = list("~=#{}:\\\n%[]->") + ["ab", " ", "é", "[html]", "####", "\\n", "//"]


def _text(min_size: int = 1) -> st.SearchStrategy[str]:
    strategy = st.lists(st.sampled_from(SPECIAL), min_size=min_size, max_size=8).map("".join)
    return strategy.map(lambda s: s.strip(" \t\n\r\0\x0b")).filter(lambda s: len(s) >= min_size)


formats = st.sampled_from(FORMATS)


def _no_arrow(text: str) -> bool:
    return "->" not in text


@st.composite
def gift_questions(draw: st.DrawFn) -> GiftQuestion:
    qtype = draw(
        st.sampled_from(
            ["multichoice", "shortanswer", "truefalse", "match", "essay", "description"]
        )
    )
    qformat = draw(formats)

    def feedback() -> tuple[str, str]:
        text = draw(_text(min_size=0))
        return text, (draw(formats) if text else qformat)

    fields: dict = {
        "qtype": qtype,
        "name": draw(_text().filter(lambda s: "<" not in s)),
        "questiontext": draw(_text()),
        "questiontextformat": qformat,
        "idnumber": draw(st.sampled_from(["", "q-1", "a]b"])),
        "tags": draw(st.lists(st.sampled_from(["x", "two words", "c]d"]), max_size=2, unique=True)),
        "category": draw(st.sampled_from([None, "$course$/top/Unit 1"])),
    }
    if qtype != "description":
        fields["generalfeedback"], fields["generalfeedbackformat"] = feedback()
    else:
        fields["generalfeedbackformat"] = qformat
        fields["defaultmark"] = 0
    if qtype == "multichoice":
        single = draw(st.booleans())
        count = draw(st.integers(min_value=2, max_value=4))
        fractions = [1] + [0] * (count - 1) if single else [0.5, 0.5] + [-1] * (count - 2)
        answers = []
        for fraction in fractions:
            fb, fb_format = feedback()
            answers.append(GiftAnswer(draw(_text()), fraction, fb, draw(formats), fb_format))
        fields.update(single=single, answers=answers)
    elif qtype == "shortanswer":
        answers = []
        for fraction in draw(st.lists(st.sampled_from([1, 0.5, 0]), min_size=1, max_size=3)):
            # "=" plus "->" makes Moodle read a matching question; GIFT cannot escape "->".
            fb = draw(_text(min_size=0).filter(_no_arrow))
            fb_format = draw(formats) if fb else qformat
            text = draw(_text().filter(_no_arrow))
            answers.append(GiftAnswer(text, fraction, fb, qformat, fb_format))
        fields["answers"] = answers
    elif qtype == "truefalse":
        fields["penalty"] = 1
        fields["correctanswer"] = draw(st.booleans())
        fields["feedbacktrue"], fields["feedbacktrueformat"] = feedback()
        fields["feedbackfalse"], fields["feedbackfalseformat"] = feedback()
    elif qtype == "match":
        pairs = []
        for _ in range(draw(st.integers(min_value=2, max_value=4))):
            item = draw(_text(min_size=0).filter(_no_arrow))
            pairs.append(GiftSubquestion(item, draw(_text()), draw(formats) if item else qformat))
        fields["subquestions"] = pairs
    return GiftQuestion(**fields)


@settings(max_examples=300, deadline=None)
@given(st.lists(gift_questions(), min_size=1, max_size=3))
def test_write_then_parse_returns_the_same_questions(questions: list[GiftQuestion]) -> None:
    """Texts full of ~ = # { } : \\ and newlines survive writing and reading back."""
    # Once a category is in force, a later question cannot leave it.
    for i in range(1, len(questions)):
        if questions[i].category is None and questions[i - 1].category is not None:
            questions[i] = replace(questions[i], category=questions[i - 1].category)
    result = parse_gift(write_gift(questions))
    assert result.errors == ()
    assert result.questions == tuple(questions)

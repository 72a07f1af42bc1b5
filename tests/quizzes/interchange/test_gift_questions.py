"""GIFT questions to the app's questions and back: every type, and what is reported."""

from decimal import Decimal

import pytest

from quizzes.interchange.gift import GiftAnswer, GiftQuestion, GiftSubquestion, parse_gift
from quizzes.interchange.gift_questions import (
    NOTHING_TO_PICK,
    SPOT_CLAIM_TAG,
    ChoiceDraft,
    QuestionDraft,
    SpotClaimPassage,
    drafts_from_gift,
    gift_from_draft,
    html_to_text,
    nearest_moodle_grade,
    pattern_to_wildcards,
    wildcards_to_pattern,
)
from quizzes.patterns import pattern_fullmatch


def imported(source: str):
    (question,) = parse_gift(source).questions
    return drafts_from_gift(question)


def only_draft(source: str) -> QuestionDraft:
    item = imported(source)
    assert len(item.drafts) == 1, item.notes
    return item.drafts[0]


def notes_of(source: str) -> str:
    return " | ".join(imported(source).notes)


# --- import, type by type -----------------------------------------------------------------


def test_single_choice_keeps_choices_feedback_mark_and_general_feedback():
    draft = only_draft("::Q::Capital? {=Paris#Yes. ~Lyon#No, a city. ####It is Paris.}")
    assert draft == QuestionDraft(
        kind="single_choice",
        prompt="Capital?",
        points=Decimal("1.00"),
        explanation="It is Paris.",
        choices=(ChoiceDraft("Paris", True, "Yes."), ChoiceDraft("Lyon", False, "No, a city.")),
    )


def test_single_choice_reports_partial_negative_and_second_full_mark_answers():
    item = imported("Pick {=a ~%50%b ~%-50%c ~%100%d}")
    (draft,) = item.drafts
    assert [c.is_correct for c in draft.choices] == [True, False, False, False]
    notes = " | ".join(item.notes)
    assert "“b” earns 50% in Moodle; here it earns nothing" in notes
    assert "“c” costs 50% in Moodle; here a wrong answer scores 0" in notes
    assert "Moodle gives full marks for “d” too; here only “a” is right" in notes


def test_single_choice_without_a_full_mark_answer_takes_the_best_one():
    """GIFT cannot write this ("=" is 100 %), but Moodle's data can hold it."""
    question = GiftQuestion(
        qtype="multichoice",
        name="n",
        questiontext="Pick",
        answers=(GiftAnswer("a", "0.5"), GiftAnswer("b", "0.9"), GiftAnswer("c", 0)),
    )
    item = drafts_from_gift(question)
    assert [c.is_correct for c in item.drafts[0].choices] == [False, True, False]
    assert "No choice is worth 100 %: “b”, the best one (90%)" in item.notes[0]


def test_multiple_answers_with_the_apps_weights_import_without_a_warning():
    item = imported("Which? {~%50%a ~%50%b ~%-100%c}")
    (draft,) = item.drafts
    assert draft.kind == "multiple_choice"
    assert [c.is_correct for c in draft.choices] == [True, True, False]
    assert item.notes == ()


def test_multiple_answers_report_the_largest_score_difference():
    notes = notes_of("Which? {~%50%a ~%-100%b ~%50%c ~%-100%d}")
    assert (
        "Scored differently from Moodle: the app's rule is that each right choice earns 1/2 "
        in notes
    )
    assert "each wrong one costs 1/2" in notes
    assert "ticking “a”, “c” and “d” scores 50% here and 0% in Moodle" in notes


def test_multiple_answers_with_free_wrong_answers_are_reported():
    notes = notes_of("Which? {~%50%a ~%50%b ~c ~d}")
    assert "scores 0% here and 100% in Moodle" in notes


def test_multiple_answers_with_nothing_positive_are_not_imported():
    item = imported("Which? {~%-50%a ~%-50%b}")
    assert item.skipped
    assert "Not imported: no choice has a positive weight" in item.notes[0]


def test_true_false_keeps_each_answers_feedback():
    draft = only_draft("Sky blue? {F#Not true: it is.#Right, it is not.####Rayleigh.}")
    assert draft.kind == "true_false"
    assert draft.choices == (
        ChoiceDraft("True", False, "Not true: it is."),
        ChoiceDraft("False", True, "Right, it is not."),
    )
    assert draft.explanation == "Rayleigh."


def test_short_answer_keeps_full_mark_answers_and_reports_the_rest():
    item = imported("Animal? {=Frog#Yes. =%50%Cat#Half. =%0%Dog#No. =Toad}")
    (draft,) = item.drafts
    assert (draft.kind, draft.accepted_answers, draft.answer_pattern) == (
        "short_answer",
        ("Frog", "Toad"),
        "",
    )
    notes = " | ".join(item.notes)
    assert "The feedback on “Frog” is not kept" in notes
    assert "“Cat” earns 50% in Moodle; here it is not accepted" in notes
    assert "The feedback on the wrong answer “Dog” is not kept" in notes


def test_short_answer_wildcards_become_a_pattern_that_matches_as_moodle_does():
    draft = only_draft("Colour? {=colo*r =gr?y}")
    assert draft.accepted_answers == ("gr?y",)
    assert draft.answer_pattern == r"(?:colo.*r)"
    assert pattern_fullmatch(draft.answer_pattern, "COLOUR")
    assert pattern_fullmatch(draft.answer_pattern, "color")
    assert not pattern_fullmatch(draft.answer_pattern, "colours")


@pytest.mark.parametrize("answers", [["a*b"], ["*"], ["x (y) *", "1.5*|z"], ["a\\*b"]])
def test_wildcard_patterns_turn_back_into_the_same_answers(answers):
    assert pattern_to_wildcards(wildcards_to_pattern(answers)) == answers


def test_a_teachers_own_pattern_is_not_mistaken_for_wildcards():
    assert pattern_to_wildcards(r"colou?r") is None
    assert pattern_to_wildcards(r"(?:a)|b") is None


def test_short_answer_without_a_full_mark_answer_is_not_imported():
    item = imported("Animal? {=%50%Cat}")
    assert item.skipped
    assert "no answer earns full marks" in item.notes[-1]


def test_numerical_keeps_values_tolerances_weights_and_feedback():
    draft = only_draft("Year? {#=2006:0#Right. =%50%2006:2#Close. ~#Way off.}")
    assert draft.kind == "numerical"
    assert draft.numeric_answers == (
        {"value": "2006", "tolerance": "0", "fraction": "1", "feedback": "Right."},
        {"value": "2006", "tolerance": "2", "fraction": "0.5", "feedback": "Close."},
        {"value": "*", "tolerance": "0", "fraction": "0", "feedback": "Way off."},
    )


def test_numerical_ranges_become_value_and_tolerance():
    draft = only_draft("Range? {#1990..2000}")
    assert draft.numeric_answers == (
        {"value": "1995", "tolerance": "5", "fraction": "1", "feedback": ""},
    )


def test_missing_word_keeps_the_blank():
    draft = only_draft("Grant is {~buried =entombed} in Grant's tomb.")
    assert draft.prompt == "Grant is _____ in Grant's tomb."
    assert draft.kind == "single_choice"


def test_matching_becomes_one_single_choice_question_per_item():
    item = imported("::M::Match the capitals. {=France -> Paris =Italy -> Rome =-> Madrid}")
    assert [d.prompt for d in item.drafts] == [
        "Match the capitals.\n\nFrance",
        "Match the capitals.\n\nItaly",
    ]
    assert [[(c.text, c.is_correct) for c in d.choices] for d in item.drafts] == [
        [("Paris", True), ("Rome", False), ("Madrid", False)],
        [("Paris", False), ("Rome", True), ("Madrid", False)],
    ]
    assert [d.points for d in item.drafts] == [Decimal("0.50")] * 2
    assert (
        "it becomes 2 single-choice questions, one per item, each offering all 3" in item.notes[0]
    )


def test_matching_points_that_do_not_divide_are_reported():
    item = imported("Match {=a -> 1 =b -> 2 =c -> 3}")
    assert [d.points for d in item.drafts] == [Decimal("0.33")] * 3
    assert "(0.99 in all, not 1.00)" in item.notes[0]


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("::E::Tell me about your day. {}", "essay questions"),
        ("::D::Read the next three questions carefully.", "descriptions"),
    ],
)
def test_essays_and_descriptions_are_reported_with_their_text(source, what):
    item = imported(source)
    assert item.skipped
    assert f"Not imported: the app has no {what}" in item.notes[0]
    assert item.source.questiontext in item.notes[0]


# --- texts and other fields -------------------------------------------------------------


def test_html_becomes_text_with_a_warning():
    item = imported("[html]<p>Is <b>this</b> &amp; that<br>true?</p>{T}")
    assert item.drafts[0].prompt == "Is this & that\ntrue?"
    assert "The question text was HTML: its formatting was removed" in item.notes[0]


def test_html_to_text_keeps_lists_and_paragraphs():
    assert html_to_text("<p>One</p><p>Two</p><ul><li>a</li><li>b</li></ul>") == (
        "One\n\nTwo\n\n- a\n- b"
    )


def test_plain_text_that_only_looks_like_html_is_kept():
    assert only_draft("[plain]Is 2 < 3 and <b> literal?{T}").prompt == "Is 2 < 3 and <b> literal?"
    assert imported("Is 2 < 3?{T}").notes == ()


def test_markdown_is_kept_as_typed_with_a_note_when_it_formats_something():
    item = imported("[markdown]Is **this** true?{T}")
    assert item.drafts[0].prompt == "Is **this** true?"
    assert "Markdown: kept as typed" in item.notes[0]
    assert imported("[markdown]Is this true?{T}").notes == ()


def test_id_numbers_and_tags_are_reported():
    notes = notes_of("// [id:Q7] [tag:maps] [tag:europe]\n::Q::Capital? {=Paris ~Lyon}")
    assert "The app does not keep its ID number “Q7” or its tags “maps”, “europe”." in notes


@pytest.mark.parametrize(
    ("mark", "points", "note"),
    [
        ("2", Decimal("2.00"), None),
        ("2.345", Decimal("2.35"), "rounded to 2.35 points"),
        ("0", Decimal(1), "not a positive mark"),
        ("20000", Decimal("9999.99"), "more than the app holds"),
    ],
)
def test_marks_become_points(mark, points, note):
    question = GiftQuestion(
        qtype="truefalse", name="n", questiontext="t", correctanswer=True, defaultmark=mark
    )
    item = drafts_from_gift(question)
    assert item.drafts[0].points == points
    if note:
        assert note in item.notes[0]
    else:
        assert item.notes == ()


def test_empty_question_text_uses_the_title():
    item = imported("::The title::{=a ~b}")
    assert item.drafts[0].prompt == "The title"
    assert "its title is used as the prompt" in item.notes[0]


# --- export ------------------------------------------------------------------------------


def test_export_writes_plain_text_and_the_apps_weights():
    draft = QuestionDraft(
        kind="multiple_choice",
        prompt="Which are neighbours?",
        points=Decimal(2),
        explanation="Look at a map.",
        explanation_source="https://example.org/atlas",
        choices=(
            ChoiceDraft("China", True, "Yes."),
            ChoiceDraft("Japan", False),
            ChoiceDraft("Russia", True),
            ChoiceDraft("Peru", False),
        ),
    )
    question, notes = gift_from_draft(draft, name="Q1. Neighbours", category="$course$/top/Quiz")
    assert notes == ()
    assert question.questiontextformat == "plain"
    assert [a.fraction for a in question.answers] == [Decimal("0.5"), -Decimal("0.5")] * 2
    assert question.generalfeedback == "Look at a map.\n\nSource: https://example.org/atlas"
    back = drafts_from_gift(question)
    assert back.notes == ()
    assert back.drafts[0].comparable() == draft.comparable()


def test_export_snaps_weights_that_are_not_moodle_grades_and_says_so():
    draft = QuestionDraft(
        kind="multiple_choice",
        prompt="Pick the eleven.",
        choices=tuple(ChoiceDraft(f"c{i}", i < 11) for i in range(14)),
    )
    question, notes = gift_from_draft(draft, name="Q1")
    assert {a.fraction for a in question.answers} == {Decimal("0.1"), Decimal("-0.3333333")}
    assert (
        "Each right choice is worth 9.1% here, which is not one of Moodle's grades: written as 10%"
        in notes[0]
    )


def test_nearest_moodle_grade():
    from fractions import Fraction

    assert nearest_moodle_grade(Fraction(1, 3)) == Decimal("0.3333333")
    assert nearest_moodle_grade(Fraction(-1, 12)) == Decimal("-0.1")
    assert nearest_moodle_grade(Fraction(1, 40)) == Decimal("0.05")


def test_spot_claim_exports_as_a_tagged_multiple_answer_question_over_its_sentences():
    draft = QuestionDraft(kind="spot_claim", prompt="Pick the unsupported.", points=Decimal(2))
    passage = SpotClaimPassage(
        heading="Part 1",
        sentences=("One.", "Two.", "Three.", "Four."),
        key=frozenset({1, 3}),
        feedback=("", "Unsupported: no source.", "Supported: see the report.", "Inaccurate: 1995."),
    )
    question, notes = gift_from_draft(draft, name="Q1. Spot the claim: Part 1", passage=passage)
    assert (question.qtype, question.single, question.tags) == (
        "multichoice",
        False,
        (SPOT_CLAIM_TAG,),
    )
    assert [(a.text, a.fraction, a.feedback) for a in question.answers] == [
        ("One.", Decimal("-0.5"), ""),
        ("Two.", Decimal("0.5"), "Unsupported: no source."),
        ("Three.", Decimal("-0.5"), "Supported: see the report."),
        ("Four.", Decimal("0.5"), "Inaccurate: 1995."),
    ]
    assert "over the 4 sentences of “Part 1”; it comes back as multiple choice" in notes[0]
    back = drafts_from_gift(question)
    assert back.drafts[0].kind == "multiple_choice"
    assert [c.is_correct for c in back.drafts[0].choices] == [False, True, False, True]
    assert (
        "Exported from a spot-the-claim question: it comes back as multiple choice" in back.notes[0]
    )


def test_spot_claim_with_nothing_to_pick_gets_a_right_none_of_these_choice():
    """Picking nothing scores 1 in the app; in Moodle ticking "none of these" does, and
    each sentence ticked costs 1/n in both."""
    draft = QuestionDraft(kind="spot_claim", prompt="Pick.")
    passage = SpotClaimPassage(heading="P", sentences=("One.", "Two."), key=frozenset())
    question, notes = gift_from_draft(draft, name="Q1", passage=passage)
    assert [(a.text, a.fraction) for a in question.answers] == [
        ("One.", Decimal("-0.5")),
        ("Two.", Decimal("-0.5")),
        (NOTHING_TO_PICK, Decimal(1)),
    ]
    assert "written with an extra right choice, “None of these sentences”" in notes[0]
    back = drafts_from_gift(question).drafts[0]
    assert [c.is_correct for c in back.choices] == [False, False, True]


def test_spot_claim_without_sentences_is_not_exported():
    draft = QuestionDraft(kind="spot_claim", prompt="Pick.")
    passage = SpotClaimPassage(heading="P", sentences=(), key=frozenset())
    question, notes = gift_from_draft(draft, name="Q1", passage=passage)
    assert question is None and "Not exported" in notes[0]


def test_short_answer_export_turns_its_wildcard_pattern_back_and_reports_other_patterns():
    wild = QuestionDraft(
        kind="short_answer",
        prompt="Colour?",
        accepted_answers=("grey",),
        answer_pattern="(?:colo.*r)",
    )
    question, notes = gift_from_draft(wild, name="Q1")
    assert [a.text for a in question.answers] == ["grey", "colo*r"] and notes == ()
    own = QuestionDraft(
        kind="short_answer", prompt="Colour?", accepted_answers=("grey",), answer_pattern="colou?r"
    )
    question, notes = gift_from_draft(own, name="Q1")
    assert [a.text for a in question.answers] == ["grey"]
    assert "Its pattern colou?r cannot be written in GIFT" in notes[0]


def test_numerical_export_round_trips():
    draft = only_draft("Year? {#=2006:0#Right. =%50%2006:2#Close. ~#Way off.}")
    question, notes = gift_from_draft(draft, name="Q1")
    assert notes == ()
    assert drafts_from_gift(question).drafts[0].comparable() == draft.comparable()


def test_true_false_export_round_trips():
    draft = only_draft("Sky blue? {T#No.#Yes.}")
    question, _notes = gift_from_draft(draft, name="Q1")
    assert (question.correctanswer, question.feedbacktrue, question.feedbackfalse) == (
        True,
        "Yes.",
        "No.",
    )
    assert drafts_from_gift(question).drafts[0] == draft


def test_unknown_kind_is_reported_not_written():
    question, notes = gift_from_draft(QuestionDraft(kind="essay", prompt="Why?"), name="Q1")
    assert question is None and "Not exported" in notes[0]


def test_matching_pairs_map_from_parsed_subquestions():
    question = GiftQuestion(
        qtype="match",
        name="M",
        questiontext="Match.",
        subquestions=(GiftSubquestion("a", "1"), GiftSubquestion("b", "1")),
    )
    item = drafts_from_gift(question)
    assert item.skipped and "needs two different answers" in item.notes[0]


def test_choice_texts_in_html_are_converted_and_reported():
    question = GiftQuestion(
        qtype="multichoice",
        name="n",
        questiontext="Which?",
        answers=(GiftAnswer("<b>a</b>", 1, format="html"), GiftAnswer("b", 0)),
    )
    item = drafts_from_gift(question)
    assert item.drafts[0].choices[0].text == "a"
    assert "The text of a choice was HTML" in item.notes[0]

"""The demo's claim labels and teacher notes (lessons/demo/annotations.py) survive checking.

The facts corrected for issue 13 are pinned here against the fact sheet, so a later edit
cannot quietly bring an error back; every label with a factual verdict and every note
names where to check it.
"""

import re

import pytest

from lessons.demo import annotations
from lessons.demo.annotations import CLAIM_LABELS, NON_FACTUAL_VERDICTS, SECTION_NOTES


def label(prefix: str) -> annotations.LabelSpec:
    (found,) = [spec for spec in CLAIM_LABELS if spec.sentence_prefix.startswith(prefix)]
    return found


def notes(heading: str, kind: str) -> list[str]:
    return [note.body for note in SECTION_NOTES[heading] if note.kind == kind]


def every_text() -> list[str]:
    texts = [spec.explanation for spec in CLAIM_LABELS]
    texts += [spec.evidence for spec in CLAIM_LABELS]
    texts += [note.body for specs in SECTION_NOTES.values() for note in specs]
    return texts


# --- sources -------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", CLAIM_LABELS, ids=lambda spec: spec.sentence_prefix[:30])
def test_every_label_with_a_factual_verdict_names_its_source(spec):
    if spec.verdict in NON_FACTUAL_VERDICTS:
        return
    assert spec.source_title.strip(), spec.sentence_prefix
    assert not spec.source_url or spec.source_url.startswith(("http://", "https://"))


def test_every_label_says_what_would_settle_it():
    assert all(spec.evidence.strip() for spec in CLAIM_LABELS)


def test_every_teacher_note_names_its_source():
    for heading, specs in SECTION_NOTES.items():
        for note in specs:
            assert note.source.strip(), (heading, note.body[:40])


def test_the_un_votes_are_checked_against_the_un_press_releases():
    assert label("The Chinese government has").source_url.startswith("https://press.un.org/")
    assert label("The United Nations has imposed").source_url.startswith("https://press.un.org/")
    assert "un.org/press" in label("The behavior of the North Korean").source_url


# --- verdicts that teach the difference -------------------------------------------------------


def test_judgement_calls_are_contested_with_their_reason():
    contested = {spec.sentence_prefix for spec in CLAIM_LABELS if spec.contested}
    assert contested == {
        "While some aspects of the relationship remain",  # Intro-S3: opinion or vague
        "This support has been maintained over the",  # Crisis-S3
        "North Korea serves as a buffer state between",  # Geo-S2
        "Furthermore, while North Korea is not a major",  # Geo-S5
        "These sanctions have had a significant impact",  # UN-S2
        "Despite international pressure, China seems",  # Concl-S2 (the old Q5 trap)
    }
    assert all(len(spec.contested_reason) > 40 for spec in CLAIM_LABELS if spec.contested)


def test_the_topic_sentence_is_vague_not_an_opinion():
    assert label("There are several geopolitical").verdict == "vague"
    assert not [spec for spec in CLAIM_LABELS if spec.verdict == "opinion" and not spec.contested]


def test_the_sheets_judgement_calls_on_the_kind_of_problem_accept_both_reasons():
    assert label("From a strategic perspective").alternative_verdict == "inaccurate"
    assert label("China does not want to be seen").alternative_verdict == "unsupported"
    assert label("However, it is also important").alternative_verdict == "logical_flaw"


def test_the_bio_is_labelled_sentence_by_sentence():
    bio = [spec for spec in CLAIM_LABELS if spec.section == annotations.BIO]
    assert [spec.verdict for spec in bio] == ["unsupported"] * 4


# --- the corrected facts ----------------------------------------------------------------------


def test_china_weakened_drafts_from_the_start_not_from_2019():
    explanation = label("The Chinese government has").explanation
    for fact in ("1695", "Chapter VII", "likely Chinese veto", "2375", "cap", "May 2022"):
        assert fact in explanation
    for text in every_text():
        assert "starts around 2019" not in text
        assert "dates from about 2019" not in text
    (fact_check,) = notes(annotations.UN, "fact_check")
    assert "from the start" in fact_check and "1695" in fact_check


def test_the_condemnations_start_with_1695_and_the_2022_draft_split_the_council():
    explanation = label("The behavior of the North Korean").explanation
    assert "Resolution 1695 (July 2006" in explanation
    assert "May 2022" in explanation
    assert "always unanimously" not in explanation


def test_non_sanctioned_trade_is_kept_beside_illicit_trade():
    assert "non-sanctioned and illicit trade" in label("Chinese banks, factories").explanation


def test_only_the_chinese_state_is_said_never_to_have_been_a_sanctions_target():
    for text in every_text():
        for match in re.finditer(r"never (?:been )?a (?:sanctions )?target", text):
            assert "Chinese state" in text[max(0, match.start() - 80) : match.start()], text
    assert "China-based companies" in label("It is clear that China").explanation


def test_the_timeline_note_puts_zhous_warning_before_us_forces_crossed():
    (timeline,) = notes(annotations.CRISIS, "context")
    order = ["25 June 1950", "1 October", "3 October", "7 October", "19 October"]
    assert [timeline.index(date) for date in order] == sorted(timeline.index(d) for d in order)
    assert "early October" not in timeline
    assert "if US forces cross" in timeline


def test_quotations_are_exact():
    assert "'flagrantly'" in label("China is also concerned").explanation
    assert not any("'flagrant'" in text for text in every_text())
    (strategy,) = notes(annotations.STRAT, "context")
    assert "continues to maintain its close economic and political ties" in strategy
    assert "keeps close ties" not in strategy


def test_the_hwasong_15_range_is_attributed():
    spec = label("After decades of isolation")
    assert "North Korea claimed" in spec.explanation
    assert "US Forces Korea" in spec.explanation
    assert "US Forces Korea" in spec.source_title  # not the report of North Korea's claim


def test_figures_carry_their_dates_and_hedges():
    assert "in 2017 Reuters described" in label("This support has been").explanation
    (treaty,) = notes(annotations.INTRO, "fact_check")
    assert "described as China's only defence pact" in treaty
    (buffer,) = notes(annotations.GEO, "context")
    assert "28,500 US soldiers were stationed in South Korea in 2018" in buffer

"""Splitting text into paragraphs and sentences: lessons/splitting.py (no database)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.splitting import split_body_into_sentences, split_paragraphs, split_sentences


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Sentence splitting -------------------------------------------------------------------


def test_abbreviations_do_not_end_sentences():
    text = "The U.S. and the U.N. met Dr. Kim at No. 5 Main St. on Monday. They talked."
    assert split_sentences(text) == [
        "The U.S. and the U.N. met Dr. Kim at No. 5 Main St. on Monday.",
        "They talked.",
    ]


def test_decimal_percentage_is_one_sentence():
    assert split_sentences("GDP fell 3.5% in 2018.") == ["GDP fell 3.5% in 2018."]
    assert split_sentences("GDP fell 3.5% in 2018. It recovered.") == [
        "GDP fell 3.5% in 2018.",
        "It recovered.",
    ]


def test_abbreviation_inside_brackets():
    text = "The Council adopted new measures (Res. 2397) in December 2017. China voted for them."
    assert split_sentences(text) == [
        "The Council adopted new measures (Res. 2397) in December 2017.",
        "China voted for them.",
    ]


def test_curly_quotes_stay_with_their_sentence():
    text = "\u201cIs this war?\u201d he asked. \u201cNo,\u201d she said. He left."
    assert split_sentences(text) == [
        "\u201cIs this war?\u201d he asked.",
        "\u201cNo,\u201d she said.",
        "He left.",
    ]


def test_closing_quote_after_full_stop():
    text = "He said, \u201cWe will not comply.\u201d The talks ended."
    assert split_sentences(text) == [
        "He said, \u201cWe will not comply.\u201d",
        "The talks ended.",
    ]


def test_question_and_exclamation_marks():
    assert split_sentences("What happened? Nobody knows! Still, we ask.") == [
        "What happened?",
        "Nobody knows!",
        "Still, we ask.",
    ]


def test_hard_wrapped_lines_do_not_end_sentences():
    paragraph = "Hard-wrapped text goes\non over lines. And then\nends here."
    assert split_sentences(paragraph) == [
        "Hard-wrapped text goes\non over lines.",
        "And then\nends here.",
    ]


def test_list_items_start_new_sentences():
    assert split_sentences("Two goals:\n- stability at the border\n- leverage in talks") == [
        "Two goals:",
        "- stability at the border",
        "- leverage in talks",
    ]


def test_text_without_final_punctuation_is_kept():
    assert split_sentences("One sentence. And a fragment") == ["One sentence.", "And a fragment"]


def test_whitespace_only_gives_no_sentences():
    assert split_sentences("  \n ") == []


def test_pysbd_placeholder_characters_are_not_lost():
    # pysbd uses these characters internally and silently drops sentences holding them.
    text = "A \u222f symbol here. A \u2668 one too. Then \u261d and \u0238. Done."
    assert split_sentences(text) == [
        "A \u222f symbol here.",
        "A \u2668 one too.",
        "Then \u261d and \u0238.",
        "Done.",
    ]


def test_carriage_return_inside_a_paragraph_is_a_space():
    assert split_sentences("One line\rcontinues. Next.") == ["One line\rcontinues.", "Next."]


def test_long_paragraph_splits_like_its_parts_and_quickly(seed_article_text):
    paragraphs = split_paragraphs(seed_article_text)
    prose = [p for p in paragraphs if len(p) > 100] * 40
    big = " ".join(prose)
    assert len(big) > 150_000
    assert split_sentences(big) == [s for p in prose for s in split_sentences(p)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "U.S.",
                    "Dr.",
                    "No. 5",
                    "3.5%",
                    "(Res. 2397)",
                    "\u201cquoted.\u201d",
                    "North Korea\u2019s",
                    "e.g.",
                    "...",
                    "?!",
                    "\u2026",
                    "\u222f",
                    "\u2668",
                    "&\u1430&",
                    "\n",
                    "\n- item",
                    "\t",
                    "The",
                    "end.",
                    "Next",
                ]
            ),
            st.text(min_size=1, max_size=12),
        ),
        max_size=30,
    )
)
def test_sentences_are_the_paragraph_cut_at_whitespace(words):
    paragraph = " ".join(words).strip()
    sentences = split_sentences(paragraph)
    assert _squash("".join(sentences)) == _squash(paragraph)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    cursor = 0
    for sentence in sentences:
        found = paragraph.find(sentence, cursor)
        assert found >= cursor and not paragraph[cursor:found].strip()
        cursor = found + len(sentence)


# Paragraphs ---------------------------------------------------------------------------


def test_split_paragraphs_at_blank_lines_keeping_inner_whitespace():
    text = "  First  line\n  wrapped.  \n\n \t \nSecond.\r\n\r\nThird.\n\n\n"
    assert split_paragraphs(text) == ["First  line\n  wrapped.", "Second.", "Third."]


def test_split_body_into_sentences_never_merges_paragraphs():
    body = "A sentence without a stop\n\nAnother one. And more."
    assert split_body_into_sentences(body) == [
        "A sentence without a stop",
        "Another one.",
        "And more.",
    ]

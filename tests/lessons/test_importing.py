"""Parsing plain-text and Markdown articles: lessons/importing.py (no database)."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.importing import (
    MAX_IMPORT_BYTES,
    ParsedArticle,
    decode_article_bytes,
    parse_article,
)
from lessons.splitting import split_body_into_sentences

SHARED_SEED = Path("/work/shared/seed/why-does-china-protect-north-korea.txt")


def _error_code(callable_, *args) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args)
    return caught.value.code


@pytest.fixture(scope="module")
def seed(seed_article_bytes) -> ParsedArticle:
    return parse_article(decode_article_bytes(seed_article_bytes))


# The seed article ---------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="the shared seed is only on dev machines")
def test_demo_copy_of_seed_is_byte_for_byte(seed_article_bytes):
    assert seed_article_bytes == SHARED_SEED.read_bytes()


def test_seed_title(seed):
    assert seed.title == "Why Does China Protect North Korea"


def test_seed_has_six_sections_in_order_then_the_bio(seed):
    assert [section.heading for section in seed.sections] == [
        "Introduction",
        "Chinese Help in Times of Crisis",
        "Geopolitical Benefits",
        "Strategic Considerations",
        "UN Sanctions",
        "Conclusion",
        "About the author",
    ]
    assert [section.is_author_bio for section in seed.sections] == [False] * 6 + [True]


def test_seed_sentence_and_paragraph_counts_per_section(seed):
    counts = [(len(s.paragraphs), len(s.sentences)) for s in seed.sections]
    assert counts == [(1, 3), (1, 4), (2, 6), (2, 6), (2, 6), (1, 3), (1, 4)]
    assert seed.sentence_count == 32  # the bio's four sentences are claims too


def test_seed_sentence_paragraphs_index_each_sentence(seed):
    geopolitical = seed.sections[2]
    assert geopolitical.sentence_paragraphs == [0, 0, 0, 0, 1, 1]
    assert geopolitical.sentences[4].startswith("Furthermore, while North Korea")


def test_seed_author_bio_is_the_last_section_apart_from_the_conclusion(seed):
    assert seed.author_bio.startswith("Cassie Grissom is an American journalist")
    assert seed.author_bio.endswith("to raise awareness of the plight of its citizens.")
    bio = seed.sections[-1]
    assert bio.sentences[0] == (
        "Cassie Grissom is an American journalist and author living in Seoul, South Korea."
    )
    conclusion = seed.sections[-2]
    assert not any("Cassie" in sentence for sentence in conclusion.sentences)
    assert not any("Cassie" in paragraph for paragraph in conclusion.paragraphs)
    assert conclusion.sentences[-1].endswith("assert their interests in the region.")


def test_seed_drops_leave_a_comment(seed):
    assert seed.dropped_debris == ["Leave a Comment"]
    assert seed.skipped_headings == []
    assert all("Leave a Comment" not in s for section in seed.sections for s in section.sentences)


def test_seed_keeps_curly_apostrophe(seed):
    assert seed.sections[0].sentences[1] == (
        "Chinese diplomacy and economic aid have been integral to the survival of "
        "North Korea\u2019s communist regime."
    )


def test_seed_sentences_rejoin_to_their_paragraphs(seed):
    for section in seed.sections:
        for index, paragraph in enumerate(section.paragraphs):
            own = [
                sentence
                for sentence, where in zip(
                    section.sentences, section.sentence_paragraphs, strict=True
                )
                if where == index
            ]
            assert " ".join(own) == paragraph


def test_seed_section_body_resplits_to_the_same_sentences(seed):
    for section in seed.sections:
        assert split_body_into_sentences(section.body) == section.sentences


# Structure ----------------------------------------------------------------------------


def test_markdown_headings_lose_their_hashes():
    article = parse_article(
        "# The Title\n\nOpening words here.\n\n## First Part ##\n\nIts text.\n\n"
        "### Second part: with a colon.\n\nMore text. Two sentences."
    )
    assert article.title == "The Title"
    assert [s.heading for s in article.sections] == [
        "",
        "First Part",
        "Second part: with a colon.",
    ]
    assert article.sections[2].sentences == ["More text.", "Two sentences."]


def test_markdown_heading_directly_above_its_text():
    article = parse_article("# Title\nFirst paragraph.\n\n## Part\nIts text.\nWrapped.")
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        ("", ["First paragraph."]),
        ("Part", ["Its text.\nWrapped."]),
    ]


def test_setext_headings_and_thematic_breaks():
    article = parse_article(
        "Title\n=====\n\nOpening.\n\nPart One\n--------\n\nText.\n\n* * *\n\nEnd."
    )
    assert article.title == "Title"
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        ("", ["Opening."]),
        ("Part One", ["Text.", "End."]),
    ]


def test_hash_without_space_is_not_a_heading():
    article = parse_article("Title\n\n#hashtag activism grew. It spread.")
    assert article.sections[0].heading == ""
    assert article.sections[0].sentences == ["#hashtag activism grew.", "It spread."]


def test_text_before_first_heading_is_an_untitled_opening_section():
    article = parse_article("Title\n\nA lede paragraph.\n\nBackground\n\nThe background.")
    assert [(s.heading, s.sentences) for s in article.sections] == [
        ("", ["A lede paragraph."]),
        ("Background", ["The background."]),
    ]


def test_article_without_headings_is_one_untitled_section():
    article = parse_article("Title\n\nOne paragraph.\n\nAnother paragraph.")
    assert len(article.sections) == 1
    assert article.sections[0].heading == ""
    assert article.sections[0].paragraphs == ["One paragraph.", "Another paragraph."]


def test_short_line_with_closing_punctuation_is_a_paragraph():
    article = parse_article(
        "Title\n\nIt was over.\n\nA short line:\n\nAfter it.\n\nHe said \u201cno.\u201d\n\nThe end."
    )
    assert [s.heading for s in article.sections] == [""]
    assert article.sections[0].paragraphs[0] == "It was over."


def test_short_line_ending_in_a_quoted_title_is_a_heading():
    article = parse_article("Title\n\nThe \u201cBuffer State\u201d\n\nSome text.")
    assert article.sections[0].heading == "The \u201cBuffer State\u201d"


def test_long_unpunctuated_line_is_a_paragraph():
    long_line = "This line has far too many words to be read as a heading by anyone at all"
    article = parse_article(f"Title\n\n{long_line}\n\nNext paragraph.")
    assert article.sections[0].heading == ""
    assert article.sections[0].paragraphs[0] == long_line


def test_short_line_at_the_end_is_a_paragraph():
    article = parse_article("Title\n\nConclusion\n\nSo it ends.\n\nThanks for reading")
    assert article.sections[0].heading == "Conclusion"
    assert article.sections[0].paragraphs == ["So it ends.", "Thanks for reading"]


def test_two_plain_short_lines_in_a_row_the_second_is_the_heading():
    article = parse_article("Title\n\nIntro text.\n\nPart One\n\nBackground\n\nThe text.")
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        ("", ["Intro text.", "Part One"]),
        ("Background", ["The text."]),
    ]
    assert article.skipped_headings == []


def test_empty_markdown_section_is_skipped_and_reported():
    article = parse_article("# Title\n\n# Part One\n\n## Chapter 1\n\nText.\n\n## Notes\n")
    assert [(s.heading, s.paragraphs) for s in article.sections] == [("Chapter 1", ["Text."])]
    assert article.skipped_headings == ["Part One", "Notes"]


def test_bare_hash_line_is_ignored():
    article = parse_article("# Title\n\n#\n\nText.")
    assert [(s.heading, s.paragraphs) for s in article.sections] == [("", ["Text."])]


# Debris and author bio ----------------------------------------------------------------


def test_trailing_web_debris_is_dropped_in_source_order():
    article = parse_article(
        "Title\n\nThe article text.\n\nShare this:\n\nTwitter\n\nFacebook\n\nLike this:\n\n"
        "Like Loading...\n\nRelated posts\n\nPosted in Asia, Politics\n\nTags: China, Korea\n\n"
        "3 Comments\n\nLEAVE A REPLY\n\nShare on Facebook"
    )
    assert article.sections[0].paragraphs == ["The article text."]
    assert article.dropped_debris == [
        "Share this:",
        "Twitter",
        "Facebook",
        "Like this:",
        "Like Loading...",
        "Related posts",
        "Posted in Asia, Politics",
        "Tags: China, Korea",
        "3 Comments",
        "LEAVE A REPLY",
        "Share on Facebook",
    ]


def test_debris_words_in_the_middle_are_kept():
    article = parse_article("Title\n\nComments\n\nReaders wrote in.\n\nThe end.")
    assert article.dropped_debris == []
    assert article.sections[0].heading == "Comments"


def test_debris_as_markdown_heading_is_dropped():
    article = parse_article("# Title\n\nText.\n\n## Leave a Reply\n\nComments")
    assert article.dropped_debris == ["Leave a Reply", "Comments"]
    assert article.skipped_headings == []


def test_prose_starting_like_debris_is_kept():
    article = parse_article("Title\n\nText.\n\nTopics like these deserve more attention.")
    assert article.dropped_debris == []
    assert article.sections[0].paragraphs[-1] == "Topics like these deserve more attention."


@pytest.mark.parametrize(
    "bio",
    [
        "Jane Doe is a freelance science writer based in Lagos.",
        "Dr. Min-jun Park is an associate professor of history at Korea University.",
        "Ana de la Cruz is the editor of the Manila Review. She lives in Quezon City.",
        "Tom O\u2019Neill is a senior political correspondent.",
    ],
)
def test_closing_author_bio_is_set_apart(bio):
    article = parse_article(f"Title\n\nThe article.\n\n{bio}\n\nShare this")
    assert article.author_bio == bio
    assert article.sections[0].paragraphs == ["The article."]
    last = article.sections[-1]
    assert (last.heading, last.is_author_bio, last.paragraphs) == ("About the author", True, [bio])
    assert last.sentences and "".join(last.sentences).replace(" ", "") == bio.replace(" ", "")


@pytest.mark.parametrize(
    "last",
    [
        "Kim Jong Un is a dictator who jails journalists.",
        "The author is a journalist in Seoul.",
        "China is a partner. Its writers are many.",
        "Many reporters say she is a writer.",
    ],
)
def test_closing_paragraph_that_is_not_a_bio_is_kept(last):
    article = parse_article(f"Title\n\nThe article.\n\n{last}")
    assert article.author_bio == ""
    assert article.sections[0].paragraphs == ["The article.", last]


def test_bio_only_when_it_is_the_last_paragraph():
    bio = "Jane Doe is a writer."
    article = parse_article(f"Title\n\n{bio}\n\nThe article goes on.")
    assert article.author_bio == ""
    assert article.sections[0].paragraphs[0] == bio


def test_sole_paragraph_is_never_taken_as_bio():
    article = parse_article("Title\n\nJane Doe is a writer.")
    assert article.author_bio == ""
    assert article.sections[0].sentences == ["Jane Doe is a writer."]


def test_about_the_author_heading_goes_with_the_bio():
    article = parse_article("Title\n\nThe article.\n\nAbout the Author\n\nJane Doe is a writer.")
    assert article.author_bio == "Jane Doe is a writer."
    assert [s.heading for s in article.sections] == ["", "About the author"]
    assert article.skipped_headings == []  # it is the bio's own heading, not an empty one


def test_a_heading_over_the_bio_that_is_not_about_the_author_is_reported():
    article = parse_article("Title\n\nThe article.\n\nSources\n\nJane Doe is a writer.")
    assert article.author_bio == "Jane Doe is a writer."
    assert article.skipped_headings == ["Sources"]


def test_a_text_of_thematic_breaks_only_is_empty():
    assert _error_code(parse_article, "---") == "empty"


# Errors and decoding ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\ufeff\r\n"])
def test_empty_text_is_rejected(text):
    assert _error_code(parse_article, text) == "empty"


@pytest.mark.parametrize("text", ["Just a title", "# Just a title\n\n", "Title\n\nLeave a Comment"])
def test_title_without_paragraphs_is_rejected(text):
    assert _error_code(parse_article, text) == "no_paragraphs"


def test_headings_without_paragraphs_are_rejected():
    assert _error_code(parse_article, "# Title\n\n## One\n\n## Two\n") == "no_paragraphs"


@pytest.mark.parametrize("text", ["#\n\nSome text.", "x" * 201 + "\n\nSome text."])
def test_unusable_title_is_rejected(text):
    assert _error_code(parse_article, text) == "no_title"


def test_overlong_markdown_heading_is_rejected():
    text = "Title\n\nText.\n\n## " + "word " * 50 + "\n\nMore."
    assert _error_code(parse_article, text) == "heading_too_long"


def test_too_large_text_is_rejected():
    text = "Title\n\n" + "A sentence. " * (MAX_IMPORT_BYTES // 12 + 1)
    assert _error_code(parse_article, text) == "too_large"


def test_size_limit_counts_utf8_bytes():
    # "’" is three bytes: this is under the limit in characters but over it in bytes.
    text = "Title\n\n" + "\u2019" * (MAX_IMPORT_BYTES // 3 + 1)
    assert len(text) < MAX_IMPORT_BYTES
    assert _error_code(parse_article, text) == "too_large"


def test_decode_utf8_with_and_without_bom():
    body = "Title\n\nNorth Korea\u2019s \u201cbuffer\u201d."
    assert decode_article_bytes(body.encode("utf-8")) == body
    assert decode_article_bytes(b"\xef\xbb\xbf" + body.encode("utf-8")) == body


def test_decode_normalises_crlf_and_cr():
    assert decode_article_bytes(b"Title\r\n\r\nOne.\rTwo.\n") == "Title\n\nOne.\nTwo.\n"


def test_decode_rejects_nul_bytes():
    assert _error_code(decode_article_bytes, b"%PDF-1.7\n\x00\x01\x02") == "binary"


def test_decode_rejects_invalid_utf8():
    assert _error_code(decode_article_bytes, "Caf\u00e9".encode("latin-1")) == "binary"


def test_decode_rejects_too_large_before_decoding():
    assert _error_code(decode_article_bytes, b"a" * (MAX_IMPORT_BYTES + 1)) == "too_large"
    assert decode_article_bytes(b"a" * MAX_IMPORT_BYTES) == "a" * MAX_IMPORT_BYTES


def test_crlf_article_parses_like_lf(seed_article_text):
    lf = seed_article_text
    crlf = lf.replace("\n", "\r\n")
    assert parse_article(crlf) == parse_article(lf)
    assert parse_article(decode_article_bytes(crlf.encode("utf-8"))) == parse_article(lf)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .?!#-\n\u2019\u201c\u201dTU"), max_size=200))
def test_any_text_parses_or_fails_with_a_known_code(text):
    try:
        article = parse_article(text)
    except ValidationError as error:
        assert error.code in {"empty", "no_title", "no_paragraphs", "heading_too_long"}
    else:
        assert article.title
        assert article.sections
        for section in article.sections:
            assert section.paragraphs
            assert len(section.sentences) == len(section.sentence_paragraphs)

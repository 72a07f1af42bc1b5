"""Split text into paragraphs and sentences, the same way at import and at every re-split.

A pure module: no database, no models. Paragraphs are separated by blank lines; a
paragraph boundary always ends a sentence; inside a paragraph pysbd decides where
sentences end, and every sentence is a slice of its paragraph (nothing is rewritten).
``lessons.importing`` builds an article's sections from these; the re-split of an
edited section body (``lessons.services.text_edits``) uses ``split_body_into_rows``.
"""

import re

import pysbd

# pysbd's rules are quadratic in the length of the text it is given (a 200 kB paragraph
# takes about 20 s), so a paragraph longer than this is cut into pieces at unambiguous
# sentence ends before pysbd sees it.
_SEGMENT_CHUNK_CHARS = 2_000

# A list item marker at the start of a line ("- ", "* ", "1. ", "2) "); use with .match().
LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")

# Characters pysbd uses internally as placeholders. Text containing them comes back
# mangled, and pysbd then silently drops the sentence, so they never reach it.
# pysbd also ends a sentence at every "\r" (its internal line break).
_PYSBD_RESERVED = "∯♨☝ȸȹᓰᓱᓳᓴᓷᓸ⎋✂ƪ♟♝☉☈☇☄"
_PYSBD_SAFE = str.maketrans({**dict.fromkeys(_PYSBD_RESERVED, "x"), "\r": " "})

# A cut for long paragraphs: a full stop after a lower-case word of three letters or
# more, then a capital. Abbreviations ("Dr.", "U.S.", "No.", "Prof.") never qualify.
_SAFE_CUT = re.compile(r"(?<![\w.])[a-z]{3,}[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z])")


def normalize_newlines(text: str) -> str:
    """Return ``text`` with CRLF and lone CR line endings turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at blank lines; each is stripped, empty ones dropped."""
    return [block.strip() for block in raw_blocks(normalize_newlines(text))]


def split_body_into_sentences(body: str) -> list[str]:
    """Split a section body into sentences, paragraph by paragraph.

    Paragraph boundaries always end a sentence, exactly as at import.
    """
    return [sentence for _, sentence in split_body_into_rows(body)]


def split_body_into_rows(body: str) -> list[tuple[int, str]]:
    """(paragraph index, sentence) for every sentence of a section body, in order."""
    return sentence_rows(split_paragraphs(body))


def sentence_rows(paragraphs: list[str]) -> list[tuple[int, str]]:
    """(paragraph index, sentence) for every sentence of these paragraphs, in order."""
    return [
        (index, sentence)
        for index, paragraph in enumerate(paragraphs)
        for sentence in split_sentences(paragraph)
    ]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences with pysbd; each is stripped, empty ones dropped.

    Sentences are always slices of ``paragraph``: joined with the whitespace between
    them they give back the paragraph exactly, whatever pysbd does. pysbd only decides
    where the boundaries fall. A single line break inside a paragraph (hard-wrapped
    text) is read as a space, except before a list item ("- ", "* ", "1. "), which
    starts a new sentence.
    """
    source = paragraph
    # The probe is what pysbd sees: same length as the source, character for character,
    # so an offset in one is an offset in the other.
    probe = "".join(
        " " if char == "\n" and not LIST_ITEM.match(source, index + 1) else char
        for index, char in enumerate(source)
    ).translate(_PYSBD_SAFE)

    boundaries: list[int] = []
    for start, end in _chunks(probe):
        boundaries.extend(start + offset for offset in _pysbd_boundaries(probe[start:end]))
        boundaries.append(end)

    sentences = []
    previous = 0
    for boundary in sorted(set(boundaries)):
        sentence = source[previous:boundary].strip()
        if sentence:
            sentences.append(sentence)
        previous = boundary
    tail = source[previous:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _pysbd_boundaries(text: str) -> list[int]:
    """The offsets in ``text`` at which pysbd ends a sentence."""
    # A Segmenter keeps the text of its last call on itself, so one per call is safe to
    # use from several threads; building one is cheap.
    segmenter = pysbd.Segmenter(language="en", clean=False)
    boundaries = []
    cursor = 0
    for segment in segmenter.segment(text):
        # With clean=False pysbd returns slices of its input in order. Should one ever
        # not be found, its text simply joins the next sentence: nothing is lost.
        found = text.find(segment, cursor)
        if found == -1 or not segment.strip():
            continue
        cursor = found + len(segment)
        boundaries.append(cursor)
    return boundaries


def _chunks(probe: str) -> list[tuple[int, int]]:
    """Cut a long paragraph into pieces at unambiguous sentence ends, for pysbd's sake."""
    chunks = []
    start = 0
    while len(probe) - start > _SEGMENT_CHUNK_CHARS:
        cut = _SAFE_CUT.search(probe, start + _SEGMENT_CHUNK_CHARS)
        if cut is None:
            break
        chunks.append((start, cut.end()))
        start = cut.end()
    chunks.append((start, len(probe)))
    return chunks


def raw_blocks(text: str) -> list[str]:
    """Runs of non-blank lines, as they appear in ``text`` (a line of spaces is blank)."""
    blocks = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks

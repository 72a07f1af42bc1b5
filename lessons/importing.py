"""Parse a plain-text or Markdown article into a title, sections, paragraphs and sentences.

A pure module: no database, no models. ``lessons.services.lesson_import`` turns a
``ParsedArticle`` into rows. Paragraphs and sentences are split by ``lessons.splitting``,
which the re-split of an edited section body uses too.

The format an importer expects (see DESIGN.md, ``import_lesson``):

- the first non-blank line is the title (a Markdown ``# Title`` loses its ``#``);
- paragraphs are separated by blank lines;
- a heading starts a section: a Markdown ATX (``## Heading``) or setext (underlined with
  ``===`` or ``---``) heading, or a short line of its own without closing punctuation
  that is followed by a paragraph;
- text before the first heading is an untitled opening section (heading ``""``);
- web debris pasted along with the article ("Leave a Comment", "Share this", "Tags: ...")
  is dropped from the end, and a closing author bio becomes a section of its own, the
  last, headed "About the author": its sentences are claims a reader can check like any
  other (``ParsedSection.is_author_bio``).

No Markdown is rendered: apart from heading markers and thematic breaks (``---``), the
text is kept exactly as written, so sentences keep their curly quotes and dashes.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from lessons.splitting import (
    LIST_ITEM,
    normalize_newlines,
    raw_blocks,
    sentence_rows,
    split_sentences,
)

# 200 kB of UTF-8 is about 30,000 words: several times a long magazine feature. The cap
# keeps an accidental upload (a PDF, a whole site dump) from tying up a request, since
# sentence splitting is the slow step.
MAX_IMPORT_BYTES = 200_000

# Lesson.title and Section.heading are CharField(max_length=200).
TITLE_MAX_LENGTH = 200
HEADING_MAX_LENGTH = 200

#: The heading of the section the author's bio becomes (``Section.AUTHOR_BIO_HEADING``).
AUTHOR_BIO_HEADING = "About the author"

# A plain line counts as a heading only when it is short: longer lines are sentences
# that happen to lack a full stop.
PLAIN_HEADING_MAX_CHARS = 80
PLAIN_HEADING_MAX_WORDS = 12

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")

# Characters a line may end with after its closing punctuation: quotes and brackets.
_CLOSERS = "\"'”’»)]}"
_CLOSING_PUNCTUATION = ".!?:;,…"

# Whole lines (case-insensitive) that blogs and news sites append after an article.
_DEBRIS_PATTERNS = [
    r"leave a (?:comment|reply)(?: cancel reply)?",
    r"(?:\d+ |no )?(?:comments?|responses?|replies)(?: \(\d+\))?(?: yet)?",
    r"(?:share|tweet|email|print|pin|save)(?: this(?: (?:post|article|story|page))?)?"
    r"(?: (?:on|via|to) [\w. ]+)?",
    r"click to (?:share|print|email)\b.*",
    r"(?:facebook|twitter|x|linkedin|reddit|whatsapp|telegram|pinterest|tumblr|pocket|"
    r"email|print|more)",
    r"like this",
    r"like loading(?:\.*|…)",
    r"(?:related|similar)(?: (?:posts|articles|stories|reading))?",
    r"you (?:may|might) also like",
    r"read (?:more|next)",
    r"subscribe(?: to (?:our|the) newsletter)?",
    r"(?:posted|published|filed) (?:in|on|under|by)\b.*",
    r"(?:tags?|categories|category|topics?)[ \t]*:.*",
    r"tagged\b.*",
]
_DEBRIS = re.compile(
    r"(?:" + "|".join(_DEBRIS_PATTERNS) + r")[ \t]*:?[ \t]*", re.IGNORECASE | re.DOTALL
)
# "Posted in ..." and "Tags: ..." take anything after them; a longer line is prose.
_DEBRIS_MAX_CHARS = 120

_BIO_ROLES = (
    "journalist|writer|author|reporter|editor|columnist|researcher|analyst|professor|"
    "correspondent|blogger|contributor"
)
# "<Name> is a/an/the <up to three words> <role>": "is an American journalist",
# "is a senior political correspondent", "is the editor of ...".
_BIO = re.compile(
    r"^(?P<name>\S+(?:\s+\S+){0,4}?)\s+is\s+(?:an?|the)\s+"
    rf"(?P<between>(?:\S+\s+){{0,3}}?)(?:{_BIO_ROLES})s?\b",
    re.IGNORECASE,
)
# Words that would make "<Name> is a dictator who jails journalists" look like a bio.
_BIO_RELATIVES = {"who", "whom", "whose", "that", "which"}
_BIO_PREPOSITIONS = {"of", "with", "for", "in", "on", "at", "by", "to", "from", "about", "against"}
_BIO_NOT_BETWEEN = _BIO_RELATIVES | _BIO_PREPOSITIONS
_NAME_PARTICLES = {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la"}
_BIO_MAX_CHARS = 1_500
# A heading over the bio that says what the bio section's own heading says.
_ABOUT_THE_AUTHOR = re.compile(
    r"(?:about|on|meet) (?:the |this )?(?:author|writer|reporter)s?|(?:the )?authors?|about me",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedSection:
    """One section of an article: its heading and its paragraphs split into sentences."""

    heading: str  # "" for the untitled opening section
    paragraphs: list[str]  # stripped; the source's inner whitespace and line breaks kept
    sentences: list[str]  # every paragraph's sentences, in order
    sentence_paragraphs: list[int]  # for each sentence, the index of its paragraph
    #: The author's self-description from the end of the article (always the last section).
    is_author_bio: bool = False

    @property
    def body(self) -> str:
        """The section's text as stored on ``Section.body``: paragraphs, blank-line separated."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class ParsedArticle:
    """A parsed article: what ``lessons.services.lesson_import`` needs to create a lesson."""

    title: str
    sections: list[ParsedSection]  # the author bio, when there is one, last
    dropped_debris: list[str] = field(default_factory=list)  # in source order, for reporting
    # Headings with no paragraph before the next heading (e.g. "# Part One" directly
    # above "## Chapter 1"). They are left out rather than stored as empty sections,
    # which a reader or a spot-the-claim question could do nothing with.
    skipped_headings: list[str] = field(default_factory=list)

    @property
    def sentence_count(self) -> int:
        """The number of sentences across all sections (the bio's included)."""
        return sum(len(section.sentences) for section in self.sections)

    @property
    def author_bio(self) -> str:
        """The bio's text as stored on its section's body, "" when there is none."""
        last = self.sections[-1] if self.sections else None
        return last.body if last is not None and last.is_author_bio else ""


@dataclass
class _Block:
    """A run of non-blank lines, or the heading and the text split out of one."""

    text: str
    is_heading: bool = False


def decode_article_bytes(data: bytes) -> str:
    """Decode an uploaded article file into text with LF line endings.

    Accepts UTF-8 with or without a byte-order mark. Raises ``ValidationError`` with code
    ``too_large`` above ``MAX_IMPORT_BYTES`` and ``binary`` for data containing NUL bytes
    or not valid UTF-8 (a PDF, a Word document, an image, or text in a legacy encoding).
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise _too_large(len(data))
    # PostgreSQL cannot store NUL in text, and no text file contains one.
    if b"\x00" in data:
        raise ValidationError(
            "This looks like a binary file, not plain text or Markdown.", code="binary"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "The file is not UTF-8 text. Save it as plain text (UTF-8) and try again.",
            code="binary",
        ) from error
    return normalize_newlines(text)


def parse_article(text: str) -> ParsedArticle:
    """Parse an article's text into its title, sections (the author bio last) and debris.

    Raises ``ValidationError`` with code ``too_large`` (over ``MAX_IMPORT_BYTES`` as
    UTF-8), ``empty`` (nothing but whitespace), ``no_title`` (the first line is not a
    usable title), ``heading_too_long`` (a Markdown heading over 200 characters) or
    ``no_paragraphs`` (nothing to read below the title).
    """
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_IMPORT_BYTES:
        raise _too_large(size)
    text = normalize_newlines(text).removeprefix("\ufeff")
    if not text.strip():
        raise ValidationError("The article is empty.", code="empty")

    title, blocks = _split_title(_blocks(text))
    blocks, dropped_debris = _drop_trailing_debris(blocks)
    _mark_plain_headings(blocks)
    # Headings are decided before the bio is set apart, so an "About the author" heading
    # still reads as a heading: it goes with the bio, which gets the standard heading.
    blocks, author_bio = _take_author_bio(blocks)
    sections, skipped_headings = _sections(blocks)
    if not sections:
        raise ValidationError(
            "The article has a title but no paragraphs. Separate paragraphs with a blank line.",
            code="no_paragraphs",
        )
    if author_bio:
        sections.append(_section(AUTHOR_BIO_HEADING, [author_bio], is_author_bio=True))
    return ParsedArticle(
        title=title,
        sections=sections,
        dropped_debris=dropped_debris,
        skipped_headings=skipped_headings,
    )


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        "The article is %(size)s bytes; the limit is %(limit)s bytes.",
        code="too_large",
        params={"size": f"{size:,}", "limit": f"{MAX_IMPORT_BYTES:,}"},
    )


def _blocks(text: str) -> list[_Block]:
    """Blocks of the article with Markdown headings split out and thematic breaks dropped."""
    blocks = []
    for raw in raw_blocks(text):
        lines = raw.strip().split("\n")
        if len(lines) == 1 and _THEMATIC_BREAK.match(lines[0]):
            continue
        heading, rest = _markdown_heading(lines)
        if heading is not None:
            blocks.append(_Block(heading, is_heading=True))
            lines = rest
        if lines:
            blocks.append(_Block("\n".join(lines).strip()))
    return blocks


def _markdown_heading(lines: list[str]) -> tuple[str | None, list[str]]:
    """The heading text starting ``lines``, if they start with one, and the lines after it."""
    atx = _ATX_HEADING.match(lines[0])
    if atx:
        return (atx.group(2) or "").strip(), lines[1:]
    if len(lines) >= 2 and _SETEXT_UNDERLINE.match(lines[1]) and not LIST_ITEM.match(lines[0]):
        return lines[0].strip(), lines[2:]
    return None, lines


def _split_title(blocks: list[_Block]) -> tuple[str, list[_Block]]:
    """The title (the first line) and the blocks after it."""
    if not blocks:  # nothing but thematic breaks ("---")
        raise ValidationError("The article is empty.", code="empty")
    first, rest = blocks[0], blocks[1:]
    title, _, remainder = first.text.partition("\n")
    title = title.strip()
    if not title:
        raise ValidationError(
            "The first line should be the article's title, but it is empty.", code="no_title"
        )
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            "The first line should be the article's title (at most %(limit)s characters); "
            "it is %(length)s characters long.",
            code="no_title",
            params={"limit": TITLE_MAX_LENGTH, "length": len(title)},
        )
    if remainder.strip():
        # Text right under the title, with no blank line between, is the first paragraph.
        rest.insert(0, _Block(remainder.strip()))
    # A bare "#" line is a heading with no text: nothing to show, so nothing to keep.
    rest = [block for block in rest if block.text]
    for block in rest:
        if block.is_heading and len(block.text) > HEADING_MAX_LENGTH:
            raise ValidationError(
                "A heading is %(length)s characters long; the limit is %(limit)s.",
                code="heading_too_long",
                params={"length": len(block.text), "limit": HEADING_MAX_LENGTH},
            )
    return title, rest


def _is_debris(block: _Block) -> bool:
    lines = [line.strip() for line in block.text.split("\n")]
    return all(
        len(line) <= _DEBRIS_MAX_CHARS and _DEBRIS.fullmatch(line.lstrip("#-*+• ").strip())
        for line in lines
    )


def _drop_trailing_debris(blocks: list[_Block]) -> tuple[list[_Block], list[str]]:
    """Blocks without the debris at the end, and the dropped text in source order."""
    end = len(blocks)
    while end > 0 and _is_debris(blocks[end - 1]):
        end -= 1
    return blocks[:end], [block.text for block in blocks[end:]]


def _is_plain_heading_line(text: str) -> bool:
    """Whether a one-line paragraph is short and unpunctuated enough to be a heading."""
    if "\n" in text or len(text) > PLAIN_HEADING_MAX_CHARS:
        return False
    if len(text.split()) > PLAIN_HEADING_MAX_WORDS or LIST_ITEM.match(text):
        return False
    if not any(char.isalpha() for char in text):
        return False
    # "He said “No.”" ends a sentence; "The “Buffer State”" does not.
    unquoted = text.rstrip(_CLOSERS + " ")
    return bool(unquoted) and unquoted[-1] not in _CLOSING_PUNCTUATION


def _mark_plain_headings(blocks: list[_Block]) -> None:
    """Mark each heading-like line that is followed by a paragraph as a heading."""
    # From the end, so "followed by a paragraph" looks at the next block's final kind:
    # of two heading-like lines in a row, the second is the heading and the first,
    # followed by a heading, stays a paragraph.
    for index in range(len(blocks) - 2, -1, -1):
        block, following = blocks[index], blocks[index + 1]
        if not block.is_heading and not following.is_heading:
            block.is_heading = _is_plain_heading_line(block.text)


def _take_author_bio(blocks: list[_Block]) -> tuple[list[_Block], str]:
    """Blocks without a closing author bio, and the bio ("" when there is none)."""
    paragraphs = [block for block in blocks if not block.is_heading]
    if len(paragraphs) < 2 or blocks[-1].is_heading or not _is_author_bio(blocks[-1].text):
        return blocks, ""
    rest, bio = blocks[:-1], blocks[-1].text
    if rest and rest[-1].is_heading and _ABOUT_THE_AUTHOR.fullmatch(rest[-1].text.strip()):
        rest = rest[:-1]  # the source's own "About the author" heading
    return rest, bio


def _is_author_bio(paragraph: str) -> bool:
    """Whether a paragraph opens with "<Name> is a/an <...> journalist" (or writer, ...)."""
    if len(paragraph) > _BIO_MAX_CHARS:
        return False
    sentences = split_sentences(paragraph)
    match = _BIO.match(sentences[0]) if sentences else None
    if not match:
        return False
    between = {word.lower().strip(",") for word in match.group("between").split()}
    if between & _BIO_NOT_BETWEEN:
        return False
    words = match.group("name").split()
    return all(
        word[:1].isupper() or (word in _NAME_PARTICLES and 0 < position < len(words) - 1)
        for position, word in enumerate(words)
    )


def _sections(blocks: list[_Block]) -> tuple[list[ParsedSection], list[str]]:
    """Group paragraphs under their headings; headings with no paragraphs are skipped."""
    groups: list[tuple[str, list[str]]] = [("", [])]
    for block in blocks:
        if block.is_heading:
            groups.append((block.text, []))
        else:
            groups[-1][1].append(block.text)

    sections = []
    skipped_headings = []
    for heading, paragraphs in groups:
        if not paragraphs:
            if heading:
                skipped_headings.append(heading)
            continue
        sections.append(_section(heading, paragraphs))
    return sections, skipped_headings


def _section(heading: str, paragraphs: list[str], *, is_author_bio: bool = False) -> ParsedSection:
    rows = sentence_rows(paragraphs)
    return ParsedSection(
        heading=heading,
        paragraphs=paragraphs,
        sentences=[sentence for _, sentence in rows],
        sentence_paragraphs=[index for index, _ in rows],
        is_author_bio=is_author_bio,
    )

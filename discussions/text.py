"""Turning what a student typed into safe HTML for a discussion post.

Posts are plain text. We escape everything first, so no markup a student types can ever
become markup; then we add the little structure plain text implies (paragraphs, line
breaks, clickable http/https links) with a regex on the already-escaped text; finally
nh3 cleans the result against a tight allow-list as a second guard, so a mistake in the
regex could at worst produce a harmless link, never a script.
"""

import html
import re
from urllib.parse import urlsplit

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lessons.splitting import normalize_newlines

LINK_REL = "nofollow noopener ugc"
ALLOWED_TAGS = {"a", "p", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https"}

# In escaped text the characters " ' < > appear as entities; a URL stops at any of them
# (and at whitespace), so a quoted link such as "https://example.org" loses its quotes.
_ENTITY_STOP = r"&(?:quot|#x27|#39|lt|gt);"
_URL = re.compile(rf"\bhttps?://(?:(?!{_ENTITY_STOP})\S)+", re.IGNORECASE)
# Sentence punctuation right after a link belongs to the sentence, not to the URL.
_TRAILING_PUNCTUATION = ".,;:!?*"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _split_trailing(url: str) -> tuple[str, str]:
    """Split punctuation (and an unbalanced closing bracket) off the end of a matched URL."""
    trailing = ""
    while url:
        if url.endswith("&amp;"):  # a lone "&" was escaped; check before ";" is stripped
            cut = len("&amp;")
        elif url[-1] in _TRAILING_PUNCTUATION or (
            url[-1] == ")" and url.count("(") < url.count(")")
        ):
            cut = 1
        else:
            break
        trailing = url[-cut:] + trailing
        url = url[:-cut]
    return url, trailing


def _is_linkable(escaped_url: str) -> bool:
    """A URL with a host name and a usable port; anything odder stays plain text."""
    try:
        parts = urlsplit(html.unescape(escaped_url))
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_URL_SCHEMES and bool(parts.hostname)


def _link(match: re.Match) -> str:
    url, trailing = _split_trailing(match.group(0))
    if not _is_linkable(url):
        return match.group(0)
    # `url` is already escaped text, so it is a safe attribute value and safe link text.
    return f'<a href="{url}">{url}</a>{trailing}'


def linkify_escaped(escaped: str) -> str:
    """Wrap http/https URLs of already-escaped text in links."""
    return _URL.sub(_link, escaped)


def render_post_text(text: str) -> SafeString:
    """Plain text as safe HTML: paragraphs, line breaks and clickable http(s) links.

    Whatever the text contains (tags, event attributes, javascript: URLs, broken markup)
    comes out as visible characters, never as markup.
    """
    text = normalize_newlines(text or "").strip()
    if not text:
        return mark_safe("")
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        markup = linkify_escaped(escape(paragraph.strip()))
        paragraphs.append("<p>" + markup.replace("\n", "<br>") + "</p>")
    cleaned = nh3.clean(
        "".join(paragraphs),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - escaped, then cleaned by nh3 just above

"""Rendering what students type: lessons/discussion_text.py (no database)."""

import re
from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from discussions.text import render_post_text

XSS_PAYLOADS = {
    "script tag": "<script>alert('x')</script>",
    "javascript link": '<a href="javascript:alert(1)">click</a>',
    "bare javascript url": "javascript:alert(document.cookie)",
    "img onerror": '<img src="x" onerror="alert(1)">',
    "svg onload": "<svg onload=alert(1)><circle r=10></svg>",
    "broken html": "<b><i>unclosed",
    "attribute breakout": '"><script>alert(1)</script>',
    "style tag": "<style>body{display:none}</style>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "link with event": 'https://example.org/" onmouseover="alert(1)',
    "data url": "data:text/html,<script>alert(1)</script>",
}


class _Markup(HTMLParser):
    """Collects the elements a browser would build from the HTML (text is not markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def parse(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html: str) -> None:
    """Only p, br and http(s) links with rel: nothing that runs, styles or loads."""
    for tag, attrs in parse(html).elements:
        assert tag in {"p", "br", "a"}, html
        if tag == "a":
            assert set(attrs) == {"href", "rel"}, html
            assert re.match(r"https?://", attrs["href"], re.IGNORECASE), html
            assert attrs["rel"] == "nofollow noopener ugc"
        else:
            assert attrs == {}, html


def test_plain_text_becomes_a_paragraph():
    assert render_post_text("I disagree.") == "<p>I disagree.</p>"


def test_result_is_safe_string_so_templates_do_not_double_escape():
    assert isinstance(render_post_text("a < b"), SafeString)
    assert render_post_text("a < b & c") == "<p>a &lt; b &amp; c</p>"


def test_line_breaks_and_paragraphs():
    html = render_post_text("First line\nsecond line\r\n\r\nNew paragraph")
    assert html == "<p>First line<br>second line</p><p>New paragraph</p>"


def test_blank_input_renders_nothing():
    assert render_post_text("   \n\n ") == ""
    assert render_post_text("") == ""


def test_https_urls_become_nofollow_links_without_trailing_punctuation():
    html = render_post_text("Source: https://example.org/report?a=1&b=2.")
    assert html == (
        '<p>Source: <a href="https://example.org/report?a=1&amp;b=2" '
        'rel="nofollow noopener ugc">https://example.org/report?a=1&amp;b=2</a>.</p>'
    )


def test_links_in_brackets_and_quotes_keep_their_own_brackets():
    html = render_post_text(
        'See (https://en.wikipedia.org/wiki/Korea_(disambiguation)) or "http://a.org".'
    )
    assert 'href="https://en.wikipedia.org/wiki/Korea_(disambiguation)"' in html
    assert 'href="http://a.org"' in html
    assert html.endswith(
        ')</a>) or "<a href="http://a.org" rel="nofollow noopener ugc">http://a.org</a>".</p>'
    )


def test_only_http_and_https_become_links():
    for text in (
        "ftp://example.org/file",
        "mailto:a@b.org",
        "javascript:alert(1)",
        "www.example.org",
    ):
        assert "<a" not in render_post_text(text), text


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_xss_payloads_come_out_as_visible_text(payload):
    html = render_post_text(payload)
    assert_inert(html)
    # What the student typed is still there to read, as text.
    assert parse(html).text.replace("\n", "") == payload


def test_event_attribute_after_a_link_stays_text_outside_the_link():
    html = render_post_text(XSS_PAYLOADS["link with event"])
    assert html.startswith('<p><a href="https://example.org/" rel="nofollow noopener ugc">')
    assert '</a>" onmouseover="alert(1)</p>' in html


TOKENS = [
    "https://",
    "http://e.org",
    "<",
    ">",
    '"',
    "'",
    "&",
    "&amp;",
    "&quot;",
    "javascript:",
    "a",
    "/",
    " ",
    "\n",
    "(",
    ")",
    ".",
    ";",
    "onerror=",
    "<a href=",
    "<script>",
    "=",
    "x",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_any_mix_of_links_and_markup_yields_only_allowed_markup(text):
    html = render_post_text(text)
    assert_inert(html)


@given(st.text(max_size=300))
def test_any_unicode_text_yields_only_allowed_markup(text):
    assert_inert(render_post_text(text))

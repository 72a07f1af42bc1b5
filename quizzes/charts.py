"""Server-rendered SVG charts for the statistics pages.

Each chart is a self-contained ``<svg role="img">`` labelled by its own ``<title>`` and
``<desc>``, drawn with presentation attributes only (no ``<style>``, no ``style=``, no
script, no external references), so it passes a strict Content-Security-Policy and
prints. It scales with ``width="100%"`` and a ``viewBox`` whose width is chosen so text
stays legible at 360 px. Text is drawn in ``currentColor`` so it follows the page; bars
carry one accent colour as a fill attribute that a stylesheet may override through the
``cw-*`` classes. Every piece of caller text goes through :func:`django.utils.html.escape`
(via ``format_html``) before it is marked safe. Templates render a text table beside each
chart from the same data; the charts are not the only way to read the numbers.
"""

from __future__ import annotations

import math
import re
import textwrap
import uuid
from collections.abc import Iterable, Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from quizzes.statistics import Bin

#: Bootstrap's primary-text-emphasis blue: 6.4:1 against white, well over 3:1 for shapes.
ACCENT = "#0a58ca"
GRID = "#adb5bd"
#: Bar labels longer than this are shortened with an ellipsis; the full text stays in a
#: ``<title>`` on the bar's group and in the chart's ``<desc>``.
LABEL_MAX_CHARS = 60

#: Characters per label line: a shortened label wraps onto at most two lines.
LABEL_LINE_CHARS = 44

# Geometry, in viewBox units. 400 wide draws the smallest (14-unit) text at 12.8 px on a
# 390 px phone, where the chart is 366 px wide; the stylesheet caps the width on desktop.
WIDTH = 400
PAD = 8
FONT = 15
SMALL = 14
LINE_HEIGHT = 19
BAR_HEIGHT = 18
ROW_GAP = 12
VALUE_GAP = 6
VALUE_SPACE = 44  # room for a value label such as "100%" or "-55.6" beside a bar
TICK_OVERHANG = 16  # half the widest tick label, so "0%" is not cut at the left edge


def _num(value: float) -> str:
    """A number as people write it: ``3``, ``62.5``, ``-55.6`` (one decimal at most)."""
    rounded = round(float(value), 1)
    if rounded == 0:
        return "0"
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def _coord(value: float) -> str:
    """A coordinate with two decimals at most, for compact, deterministic output."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# Characters XML 1.0 forbids (C0 controls other than tab and newline, lone surrogates,
# U+FFFE/U+FFFF): escaping cannot make them legal, so they become spaces.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _squash(text: str) -> str:
    """Caller text made safe to draw: XML-illegal characters dropped, whitespace collapsed."""
    return " ".join(_NOT_XML.sub(" ", str(text)).split())


def _shorten(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    """Collapse whitespace and cut to ``limit`` characters, ending with an ellipsis."""
    text = _squash(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _label_lines(text: str) -> list[str]:
    """The shortened label wrapped at word boundaries onto one or two lines."""
    lines = textwrap.wrap(_shorten(text), LABEL_LINE_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], _shorten(" ".join(lines[1:]) + " …", LABEL_LINE_CHARS)]
    return lines


def _chart_id(title: str, chart_id: str | None) -> str:
    if chart_id:
        return slugify(chart_id) or "chart"
    return f"{slugify(title)[:40] or 'chart'}-{uuid.uuid4().hex[:8]}"


def _join(parts: Iterable[SafeString]) -> SafeString:
    # Every part comes from format_html, which escaped its arguments: the join is safe.
    return mark_safe("".join(parts))


def _svg(
    *, chart_id: str, title: str, desc: str, height: float, body: Iterable[SafeString]
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="cw-chart" role="img" '
        'width="100%" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" '
        'font-size="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        width=WIDTH,
        height=_coord(height),
        id=chart_id,
        font=FONT,
        title=escape(_squash(title)),
        desc=escape(_squash(desc)),
        body=_join(body),
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = FONT,
    css: str = "cw-chart-text",
    rotate: bool = False,
    halo: bool = False,
) -> SafeString:
    """A ``<text>`` in currentColor; ``rotate`` turns it -90 degrees about its anchor;
    ``halo`` outlines it in white, so a grid line behind a value never strikes it through."""
    transform = (
        format_html(' transform="rotate(-90 {} {})"', _coord(x), _coord(y)) if rotate else ""
    )
    if halo:
        transform = format_html(
            '{} stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"',
            transform,
        )
    return format_html(
        '<text class="{css}" x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" '
        'fill="currentColor"{transform}>{text}</text>',
        css=css,
        x=_coord(x),
        y=_coord(y),
        anchor=anchor,
        size=size,
        transform=transform,
        text=escape(_squash(text)),
    )


def _line(x1: float, y1: float, x2: float, y2: float, *, css: str, stroke: str) -> SafeString:
    return format_html(
        '<line class="{css}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{stroke}" '
        'stroke-width="1"/>',
        css=css,
        x1=_coord(x1),
        y1=_coord(y1),
        x2=_coord(x2),
        y2=_coord(y2),
        stroke=stroke,
    )


def _rect(x: float, y: float, width: float, height: float) -> SafeString:
    return format_html(
        '<rect class="cw-bar" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>',
        x=_coord(x),
        y=_coord(y),
        w=_coord(width),
        h=_coord(height),
        fill=ACCENT,
    )


def _check_finite(*values: float) -> None:
    for value in values:
        if not math.isfinite(value):
            raise ValueError(f"chart values must be finite numbers, got {value!r}")


def bar_chart_svg(
    *,
    title: str,
    bars: list[tuple[str, float | None]],
    max_value: float,
    value_suffix: str = "",
    axis_label: str = "",
    min_value: float = 0.0,
    chart_id: str | None = None,
) -> SafeString:
    """A horizontal bar chart, one labelled bar per ``(label, value)`` pair.

    Each label sits on its own line above its bar, shortened to ``LABEL_MAX_CHARS`` with
    an ellipsis (the full label is the bar group's ``<title>`` and part of the chart's
    ``<desc>``); the value, with ``value_suffix``, is written at the bar's end. The axis
    runs from ``min_value`` (0 unless negative values such as discrimination need room)
    to ``max_value`` with five ticks and ``axis_label`` beneath. Bars start at 0 and are
    clipped to the axis; a value of None draws no bar and reads "no data". ``chart_id``
    fixes the ids of ``<title>``/``<desc>``; by default they are derived from the title
    plus a random suffix, so several charts can share a page.
    """
    if max_value <= min_value:
        raise ValueError("max_value must be greater than min_value")
    _check_finite(max_value, min_value, *(v for _, v in bars if v is not None))

    cid = _chart_id(title, chart_id)
    left = PAD + (VALUE_SPACE if min_value < 0 else TICK_OVERHANG)
    right = WIDTH - PAD - VALUE_SPACE
    span = max_value - min_value

    def x_of(value: float) -> float:
        clipped = min(max(value, min_value), max_value)
        return left + (clipped - min_value) / span * (right - left)

    zero = x_of(0.0)
    top = PAD
    rows: list[SafeString] = []
    described: list[str] = []
    # The vertical bands of the bars: grid lines and the zero axis are drawn only there,
    # so they never run through a label written above its bar.
    bands: list[tuple[float, float]] = []
    y = top
    for label, value in bars:
        shown = "no data" if value is None else f"{_num(value)}{value_suffix}"
        described.append(_squash(f"{label}: {shown}"))
        parts = [format_html("<title>{}</title>", escape(_squash(f"{label}: {shown}")))]
        for line in _label_lines(label):
            y += LINE_HEIGHT
            parts.append(_text(PAD, y - 4, line, css="cw-chart-label"))
        bar_y = y + 2
        bands.append((bar_y - 2, bar_y + BAR_HEIGHT + 2))
        text_y = bar_y + BAR_HEIGHT - 5
        if value is None:
            parts.append(_text(zero + VALUE_GAP, text_y, shown, size=SMALL))
        else:
            end = x_of(value)
            x, width = (zero, end - zero) if end >= zero else (end, zero - end)
            parts.append(_rect(x, bar_y, width, BAR_HEIGHT))
            if value < 0:
                parts.append(
                    _text(end - VALUE_GAP, text_y, shown, anchor="end", size=SMALL, halo=True)
                )
            else:
                parts.append(_text(end + VALUE_GAP, text_y, shown, size=SMALL, halo=True))
        rows.append(format_html('<g class="cw-bar-row">{}</g>', _join(parts)))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    if not bars:
        rows.append(_text(PAD, y + LINE_HEIGHT + 4, "No data yet"))
        y += 2 * LINE_HEIGHT + ROW_GAP
    axis_y = y

    # Grid lines and tick labels first, so the bars paint over them.
    body: list[SafeString] = []
    for i in range(5):
        tick = min_value + span * i / 4
        x = x_of(tick)
        for band_top, band_bottom in bands:
            body.append(_line(x, band_top, x, band_bottom, css="cw-grid", stroke=GRID))
        body.append(
            _text(x, axis_y + SMALL + 4, f"{_num(tick)}{value_suffix}", anchor="middle", size=SMALL)
        )
    body.extend(rows)
    for band_top, band_bottom in bands:
        body.append(_line(zero, band_top, zero, band_bottom, css="cw-axis", stroke="currentColor"))
    body.append(_line(left, axis_y, right, axis_y, css="cw-axis", stroke="currentColor"))
    height = axis_y + SMALL + 8
    if axis_label:
        height += FONT + 6
        body.append(
            _text((left + right) / 2, height - 4, axis_label, anchor="middle", css="cw-axis-label")
        )
    height += PAD

    desc_head = f"Horizontal bar chart, axis {_num(min_value)} to {_num(max_value)}{value_suffix}"
    if axis_label:
        desc_head += f" ({_squash(axis_label)})"
    desc = f"{desc_head}. " + ("; ".join(described) if described else "No data yet") + "."
    return _svg(chart_id=cid, title=title, desc=desc, height=height, body=body)


def _nice_step(maximum: int, ticks: int = 5) -> int:
    """An integer tick step of 1, 2 or 5 times a power of ten giving at most ``ticks``."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def histogram_svg(
    *, title: str, bins: Sequence[Bin], x_label: str, y_label: str, chart_id: str | None = None
) -> SafeString:
    """A column chart of histogram ``bins`` (from :func:`quizzes.statistics.histogram`).

    Columns stand side by side over the bins' range, each with its count written above
    it and a ``<title>`` such as "90–100: 3". The x axis is labelled at the bin edges
    (thinned when crowded) with ``x_label`` beneath; the y axis has integer ticks with
    ``y_label`` written vertically. ``chart_id`` works as in :func:`bar_chart_svg`.
    """
    if not bins:
        raise ValueError("histogram_svg needs at least one bin")
    _check_finite(*(edge for b in bins for edge in (b.lower, b.upper)))

    cid = _chart_id(title, chart_id)
    left = PAD + FONT + 6 + 28  # rotated y label, then tick numbers
    right = WIDTH - PAD - TICK_OVERHANG
    top = PAD + SMALL + 4  # room for the count above a full-height column
    plot_height = 180
    base = top + plot_height

    max_count = max(b.count for b in bins)
    step = _nice_step(max_count)
    y_top = max(step, math.ceil(max_count / step) * step)
    low, high = bins[0].lower, bins[-1].upper
    span = (high - low) or 1.0

    def x_of(value: float) -> float:
        return left + (value - low) / span * (right - left)

    def y_of(count: float) -> float:
        return base - count / y_top * plot_height

    body: list[SafeString] = []
    for tick in range(0, y_top + 1, step):
        y = y_of(tick)
        body.append(_line(left, y, right, y, css="cw-grid", stroke=GRID))
        body.append(_text(left - 6, y + SMALL / 3, str(tick), anchor="end", size=SMALL))

    for b in bins:
        x0, x1 = x_of(b.lower), x_of(b.upper)
        width = max(x1 - x0 - 2, 1)
        body.append(
            format_html(
                '<g class="cw-bar-row"><title>{}</title>{}{}</g>',
                escape(f"{b.label}: {b.count}"),
                _rect(x0 + 1, y_of(b.count), width, base - y_of(b.count)),
                _text(
                    (x0 + x1) / 2,
                    y_of(b.count) - 4,
                    str(b.count),
                    anchor="middle",
                    size=SMALL,
                    halo=True,
                ),
            )
        )

    # Edge labels, thinned so neighbours stay at least ~30 units apart.
    edges = [bins[0].lower, *(b.upper for b in bins)]
    spacing = (right - left) / len(bins)
    every = max(1, math.ceil(30 / spacing))
    for index, edge in enumerate(edges):
        if index % every == 0 or index == len(edges) - 1:
            body.append(
                _text(x_of(edge), base + SMALL + 6, _num(edge), anchor="middle", size=SMALL)
            )

    body.append(_line(left, top, left, base, css="cw-axis", stroke="currentColor"))
    body.append(_line(left, base, right, base, css="cw-axis", stroke="currentColor"))
    x_label_y = base + SMALL + 6 + FONT + 8
    body.append(_text((left + right) / 2, x_label_y, x_label, anchor="middle", css="cw-axis-label"))
    y_mid = top + plot_height / 2
    body.append(
        _text(
            PAD + FONT,
            y_mid,
            y_label,
            anchor="middle",
            css="cw-axis-label",
            rotate=True,
        )
    )

    described = "; ".join(f"{b.label}: {b.count}" for b in bins)
    desc = f"Histogram of {_squash(x_label)} (x) against {_squash(y_label)} (y). {described}."
    return _svg(chart_id=cid, title=title, desc=desc, height=x_label_y + PAD + 4, body=body)

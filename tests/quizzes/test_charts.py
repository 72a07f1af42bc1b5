"""SVG charts: structure, accessibility, escaping and scaling."""

import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from quizzes.charts import ACCENT, LABEL_MAX_CHARS, bar_chart_svg, histogram_svg
from quizzes.statistics import Bin, histogram

SVG = "{http://www.w3.org/2000/svg}"
LONG_LABEL = (
    "The study, which was funded by the manufacturer, proves beyond doubt that the "
    "supplement doubles memory in every adult who takes it."
)


def parse(svg: str) -> ET.Element:
    """Parse the markup as XML: a malformed or unescaped chart fails here."""
    return ET.fromstring(str(svg))


def texts(root: ET.Element) -> list[str]:
    """The content of every <text> element, in document order."""
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def sample_bar_chart(**overrides) -> SafeString:
    """A facility chart with a long label, a full bar and an empty bar."""
    arguments = {
        "title": "Facility by question",
        "bars": [(LONG_LABEL, 62.5), ("Q2", 100.0), ("Q3", 0.0)],
        "max_value": 100,
        "value_suffix": "%",
        "axis_label": "Facility index",
    }
    return bar_chart_svg(**(arguments | overrides))


def sample_histogram(**overrides) -> SafeString:
    """A score histogram over ten bins."""
    arguments = {
        "title": "Scores",
        "bins": histogram([12, 45, 55, 58, 100, 100]),
        "x_label": "Score (%)",
        "y_label": "Attempts",
    }
    return histogram_svg(**(arguments | overrides))


@pytest.mark.parametrize("make", [sample_bar_chart, sample_histogram])
def test_chart_is_an_accessible_scalable_image(make):
    """role=img, labelled by its own <title> and <desc>, width 100% with a viewBox."""
    svg = make()
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("viewBox").startswith("0 0 400 ")
    title_id, desc_id = root.get("aria-labelledby").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.get("id") == title_id
    assert desc.get("id") == desc_id
    assert desc.text


@pytest.mark.parametrize("make", [sample_bar_chart, sample_histogram])
def test_chart_has_no_script_styles_or_external_references(make):
    """Nothing a strict Content-Security-Policy would block, nothing fetched."""
    root = parse(make(title="<script>alert(1)</script>"))
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "rect", "line", "text"}
    for element in root.iter():
        for name in element.attrib:
            assert not name.startswith("on")
            assert name not in {"style", "href", "{http://www.w3.org/1999/xlink}href"}
    assert "url(" not in str(make())


@pytest.mark.parametrize("make", [sample_bar_chart, sample_histogram])
def test_ids_are_unique_per_chart_unless_given(make):
    """Two charts with the same title get different ids; chart_id makes them fixed."""
    first, second = parse(make()), parse(make())
    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    fixed = parse(make(chart_id="facility"))
    assert fixed.get("aria-labelledby") == "facility-title facility-desc"


def test_bar_chart_labels_values_and_axis():
    """Each bar shows its label and its value with the suffix; the axis is labelled."""
    root = parse(sample_bar_chart())
    shown = texts(root)
    assert "Q2" in shown and "Q3" in shown
    assert {"62.5%", "100%", "0%"} <= set(shown)
    assert {"25%", "50%", "75%"} <= set(shown)  # tick labels
    assert "Facility index" in shown
    assert root.find(f"{SVG}title").text == "Facility by question"


def test_bar_chart_bars_are_horizontal_and_proportional():
    """Bar widths are proportional to value over max_value, in the accent colour."""
    root = parse(sample_bar_chart())
    bars = list(root.iter(f"{SVG}rect"))
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[2] == 0
    assert widths[0] == pytest.approx(widths[1] * 0.625)
    assert {bar.get("height") for bar in bars} == {"18"}
    assert all(bar.get("class") == "cw-bar" and bar.get("fill") == ACCENT for bar in bars)


def test_long_label_is_shortened_with_full_text_in_title():
    """A long label is cut to LABEL_MAX_CHARS with an ellipsis; <title> keeps it all."""
    root = parse(sample_bar_chart())
    first_row = root.find(f"{SVG}g")
    drawn = " ".join(
        el.text for el in first_row.iter(f"{SVG}text") if el.get("class") == "cw-chart-label"
    )
    assert drawn.endswith("…")
    assert len(drawn) <= LABEL_MAX_CHARS
    assert LONG_LABEL.startswith(drawn.removesuffix("…").rstrip())
    assert first_row.find(f"{SVG}title").text == f"{LONG_LABEL}: 62.5%"
    assert LONG_LABEL in root.find(f"{SVG}desc").text


def test_label_wraps_onto_at_most_two_lines():
    """The shortened label takes one or two lines, each short enough for a phone."""
    root = parse(sample_bar_chart())
    first_row = root.find(f"{SVG}g")
    lines = [el.text for el in first_row.iter(f"{SVG}text") if el.get("class") == "cw-chart-label"]
    assert len(lines) == 2
    assert all(len(line) <= 44 for line in lines)


def test_hostile_labels_are_escaped():
    """Markup in any caller text comes out as text, never as elements or attributes."""
    hostile = '<script>alert(1)</script>"onload="alert(2)'
    svg = bar_chart_svg(
        title=hostile,
        bars=[(hostile, 1.0)],
        max_value=2,
        value_suffix=hostile,
        axis_label=hostile,
    )
    markup = str(svg)
    assert "<script" not in markup
    assert '"onload=' not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&quot;onload=&quot;" in markup
    root = parse(svg)
    assert root.find(f"{SVG}title").text == hostile
    assert hostile in texts(root)


def test_hostile_histogram_labels_are_escaped():
    """Axis labels and titles of a histogram are escaped too."""
    hostile = '<script>alert(1)</script>"onload='
    markup = str(sample_histogram(title=hostile, x_label=hostile, y_label=hostile))
    assert "<script" not in markup
    assert '"onload=' not in markup
    root = parse(markup)
    assert texts(root).count(hostile) == 2


@given(st.text(max_size=120), st.text(max_size=30))
def test_any_text_makes_well_formed_svg(label, suffix):
    """Arbitrary text, control characters included, still parses and reads back."""
    root = parse(bar_chart_svg(title=label, bars=[(label, 3.0)], max_value=4, value_suffix=suffix))
    illegal = {*range(32), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF}
    squashed = " ".join("".join(" " if ord(c) in illegal else c for c in label).split())
    assert (root.find(f"{SVG}title").text or "") == squashed


def test_negative_values_grow_left_from_zero():
    """With a negative min_value, bars start at the zero line and point either way."""
    root = parse(
        bar_chart_svg(
            title="Discrimination",
            bars=[("Q1", 50.0), ("Q2", -50.0)],
            max_value=100,
            min_value=-100,
        )
    )
    right_bar, left_bar = root.iter(f"{SVG}rect")
    zero = float(right_bar.get("x"))
    assert float(left_bar.get("x")) + float(left_bar.get("width")) == pytest.approx(zero)
    assert float(left_bar.get("width")) == pytest.approx(float(right_bar.get("width")))
    assert "-50" in texts(root) and "-100" in texts(root)


def test_values_outside_the_axis_are_clipped_but_reported():
    """A value past max_value draws a full bar and still prints its real value."""
    root = parse(bar_chart_svg(title="Over", bars=[("A", 120.0), ("B", 100.0)], max_value=100))
    over, full = root.iter(f"{SVG}rect")
    assert over.get("width") == full.get("width")
    assert "120" in texts(root)


def test_missing_value_draws_no_bar():
    """None (for instance an undefined discrimination) reads "no data"."""
    root = parse(bar_chart_svg(title="D", bars=[("Q1", None)], max_value=100))
    assert list(root.iter(f"{SVG}rect")) == []
    assert "no data" in texts(root)
    assert "Q1: no data" in root.find(f"{SVG}desc").text


def test_empty_bar_chart_says_so():
    """No bars still gives a valid chart that says there is no data yet."""
    root = parse(bar_chart_svg(title="Nothing", bars=[], max_value=10))
    assert "No data yet" in texts(root)


def test_bar_chart_rejects_bad_scales():
    """An empty axis or a non-finite value is a programming error."""
    with pytest.raises(ValueError):
        bar_chart_svg(title="T", bars=[], max_value=0)
    with pytest.raises(ValueError):
        bar_chart_svg(title="T", bars=[("A", float("nan"))], max_value=1)


def test_histogram_columns_counts_and_axes():
    """One column per bin with its count above; edge ticks and both axis labels."""
    root = parse(sample_histogram())
    columns = list(root.iter(f"{SVG}rect"))
    assert len(columns) == 10
    heights = [float(c.get("height")) for c in columns]
    assert heights[0] == 0  # nothing in 0-10
    assert heights[9] == pytest.approx(heights[1] * 2)  # 100, 100 vs 12
    shown = texts(root)
    assert {"0", "50", "100", "Score (%)", "Attempts"} <= set(shown)
    titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert titles[0] == "0–10: 0"
    assert titles[1] == "10–20: 1"
    assert titles[9] == "90–100: 2"
    desc = root.find(f"{SVG}desc").text
    assert "90–100: 2" in desc and "Score (%)" in desc


def test_histogram_y_axis_uses_round_integer_ticks():
    """Counts up to 37 get ticks every 10 reaching 40."""
    root = parse(histogram_svg(title="T", bins=[Bin(0, 100, 37)], x_label="x", y_label="y"))
    assert {"0", "10", "20", "30", "40"} <= set(texts(root))
    assert "5" not in texts(root)


def test_histogram_y_label_is_rotated():
    """The y label runs up the left side."""
    root = parse(sample_histogram())
    [y_label] = [el for el in root.iter(f"{SVG}text") if el.text == "Attempts"]
    assert y_label.get("transform").startswith("rotate(-90 ")


def test_histogram_of_nothing_still_draws_axes():
    """All-zero bins draw empty columns on a 0..1 axis rather than dividing by zero."""
    root = parse(sample_histogram(bins=histogram([])))
    assert all(float(c.get("height")) == 0 for c in root.iter(f"{SVG}rect"))
    assert "1" in texts(root)


def test_histogram_rejects_no_bins():
    """A histogram needs bins to draw."""
    with pytest.raises(ValueError):
        histogram_svg(title="T", bins=[], x_label="x", y_label="y")

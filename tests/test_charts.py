"""The SVG chart module: well-formed, deterministic, escaped, robust to odd input."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netconsult.render.charts import (
    Bar,
    GanttRow,
    LikertRow,
    MatrixItem,
    bar_chart,
    clean,
    fit,
    gantt,
    likert_chart,
    priority_effort_matrix,
    svg_data_uri,
    text_width,
    wrap,
)

NS = "{http://www.w3.org/2000/svg}"
ACCENT = "#1F5F8B"
D = dt.date
HOSTILE = ("<script>alert(1)</script>", "Tom & Jerry", "\"double\" and 'single'",
           "{{ 7*7 }}", "]]><x/>")
RTL = "شبكة الشركاء"
EMOJI = "Team 👩🏽‍💻 🌍"
HUGE = "x" * 20_000

Chart = Callable[[list[str]], str]


def matrix_of(names: list[str]) -> str:
    return priority_effort_matrix(
        [MatrixItem(name, name, "high", "low") for name in names], accent=ACCENT)


def gantt_of(names: list[str]) -> str:
    return gantt([GanttRow(f"A{i}", name, D(2020, 7, 1), D(2020, 9, 30), "in-progress")
                  for i, name in enumerate(names)],
                 start=D(2020, 6, 15), end=D(2020, 12, 18), today=D(2020, 8, 1), accent=ACCENT)


def bars_of(names: list[str]) -> str:
    return bar_chart([Bar(name, float(i + 1)) for i, name in enumerate(names)], accent=ACCENT)


def likert_of(names: list[str]) -> str:
    return likert_chart([LikertRow(name, (0.1, 0.2, 0.3, 0.25, 0.15)) for name in names],
                        accent=ACCENT)


CHARTS: dict[str, Chart] = {"matrix": matrix_of, "gantt": gantt_of, "bars": bars_of,
                            "likert": likert_of}
charts = pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    """What every <text> node says, including its <tspan>s."""
    return ["".join(node.itertext()) for node in parse(svg).iter(f"{NS}text")]


def everything_said(svg: str) -> str:
    """Text nodes and <title>s: all the human-readable content of the document."""
    root = parse(svg)
    nodes = itertools.chain(root.iter(f"{NS}text"), root.iter(f"{NS}title"))
    return "\n".join("".join(node.itertext()) for node in nodes)


def by_class(svg: str, cls: str) -> list[ET.Element]:
    return [node for node in parse(svg).iter() if node.get("class") == cls]


@charts
def test_a_complete_accessible_svg_document(chart: Chart) -> None:
    root = parse(chart(["Europe", "Middle East"]))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width", "").endswith("mm") and root.get("height", "").endswith("mm")
    assert len(root.get("viewBox", "").split()) == 4
    assert root[0].tag == f"{NS}title" and root[0].text


@charts
def test_the_same_input_gives_the_same_bytes(chart: Chart) -> None:
    assert chart(["Europe", RTL, "3.14159"]) == chart(["Europe", RTL, "3.14159"])


@charts
def test_hostile_labels_stay_literal_text(chart: Chart) -> None:
    svg = chart(list(HOSTILE))
    root = parse(svg)
    assert {node.tag for node in root.iter()} <= {
        f"{NS}{tag}" for tag in
        ("svg", "title", "defs", "pattern", "rect", "path", "line", "circle", "text", "tspan",
         "g")}
    said = everything_said(svg)
    for label in HOSTILE:
        assert label in said
    assert "49" not in said


def test_quotes_in_the_font_family_cannot_break_out_of_the_attribute() -> None:
    family = "Evil\" onload=\"alert(1)' <x>"
    root = parse(bar_chart([Bar("a", 1)], accent=ACCENT, font_family=family))
    assert root.get("font-family") == family
    assert root.get("onload") is None


@pytest.mark.parametrize("chart", [matrix_of, bars_of], ids=["matrix", "bars"])
def test_a_huge_label_is_cut_with_an_ellipsis(chart: Chart) -> None:
    svg = chart([HUGE])
    assert len(svg) < 20_000
    cut = [t[t.index("xxx"):] for t in texts(svg) if "xxx" in t]
    assert cut and all(len(t) <= 41 and t.endswith("…") for t in cut)


@pytest.mark.parametrize("chart", [gantt_of, likert_of], ids=["gantt", "likert"])
def test_a_huge_statement_or_action_is_wrapped_up_to_a_safeguard(chart: Chart) -> None:
    """Action titles and survey statements are wrapped whole; only text past 400
    characters, far beyond any real one, is cut."""
    svg = chart([HUGE])
    assert len(svg) < 20_000
    lines = [t[t.index("x"):] for t in texts(svg) if "xxx" in t]
    assert len(lines) == 1 and lines[0].endswith("…") and len(lines[0]) <= 401


@charts
def test_right_to_left_text_and_emoji_survive(chart: Chart) -> None:
    said = everything_said(chart([RTL, EMOJI]))
    assert RTL in said
    assert EMOJI in said


@charts
def test_characters_xml_cannot_carry_are_dropped(chart: Chart) -> None:
    said = everything_said(chart(["bell\x07 and\x00 null\ufffe"]))
    assert "bell and null" in said


@pytest.mark.parametrize("svg", [
    priority_effort_matrix([], accent=ACCENT),
    gantt([], start=D(2020, 1, 1), end=D(2020, 6, 1), today=None, accent=ACCENT),
    bar_chart([], accent=ACCENT),
], ids=["matrix", "gantt", "bars"])
def test_empty_input_draws_a_no_data_panel(svg: str) -> None:
    assert texts(svg) == ["No data"]


def test_fixed_words_can_be_translated() -> None:
    svg = priority_effort_matrix(
        [MatrixItem("R1", "t", "low", "low")], accent=ACCENT,
        labels={"priority": "Prioridad", "effort": "Esfuerzo", "quick_wins": "Logros rápidos",
                "low": "Baja", "medium": "Media", "high": "Alta"},
        title="Figura 1")
    said = texts(svg)
    assert {"Prioridad", "Esfuerzo", "Logros rápidos", "Baja", "Media", "Alta"} <= set(said)
    assert not {"Priority", "Effort", "Low", "High"} & set(said)
    assert parse(svg)[0].text == "Figura 1"
    assert texts(bar_chart([], accent=ACCENT, labels={"no_data": "Sin datos"})) == ["Sin datos"]


def test_unknown_label_keys_and_bad_colours_are_refused() -> None:
    with pytest.raises(ValueError, match="quickwins"):
        bar_chart([], accent=ACCENT, labels={"quickwins": "x"})
    with pytest.raises(ValueError, match="#RRGGBB"):
        bar_chart([], accent='red" onload="x')
    with pytest.raises(ValueError, match="priority"):
        MatrixItem("R1", "t", "urgent", "low")  # type: ignore[arg-type]


# --- matrix -----------------------------------------------------------------------------


def cells(svg: str) -> dict[tuple[float, float], tuple[float, float, float, float]]:
    """The nine cells by their top-left corner: (x0, y0, x1, y1)."""
    found = {}
    for rect in by_class(svg, "cell"):
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        found[(x, y)] = (x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)))
    return found


def centres(svg: str) -> list[tuple[float, float, float]]:
    return [(float(c.get("cx", 0)), float(c.get("cy", 0)), float(c.get("r", 0)))
            for c in by_class(svg, "item")]


def test_one_marker_per_item_in_its_cell() -> None:
    items = [MatrixItem("R1", "quick", "high", "low"), MatrixItem("R2", "slow", "low", "high"),
             MatrixItem("R3", "middle", "medium", "medium")]
    svg = priority_effort_matrix(items, accent=ACCENT)
    grid = cells(svg)
    assert len(grid) == 9
    xs, ys = sorted({x for x, _ in grid}), sorted({y for _, y in grid})
    markers = centres(svg)
    assert len(markers) == len(items)

    def cell_of(x: float, y: float) -> tuple[int, int]:
        (col, row), = [(xs.index(x0), ys.index(y0)) for (x0, y0), (_, _, x1, y1) in grid.items()
                       if x0 <= x <= x1 and y0 <= y <= y1]
        return col, row

    assert [cell_of(x, y) for x, y, _ in markers] == [(0, 0), (2, 2), (1, 1)]
    assert "R1" in texts(svg) and "R3" in texts(svg)
    titles = [c.findtext(f"{NS}title") for c in by_class(svg, "item")]
    assert titles == ["R1: quick", "R2: slow", "R3: middle"]


@pytest.mark.parametrize("count", [1, 2, 7, 16, 45])
def test_markers_in_a_crowded_cell_never_overlap_or_leave_it(count: int) -> None:
    items = [MatrixItem(f"R{i}", "t", "high", "low") for i in range(count)]
    svg = priority_effort_matrix(items, accent=ACCENT)
    x0, y0, x1, y1 = min(cells(svg).values())
    markers = centres(svg)
    assert len(markers) == count
    for x, y, r in markers:
        assert x0 <= x - r and x + r <= x1 and y0 <= y - r and y + r <= y1
    for (ax, ay, ar), (bx, by, br) in itertools.combinations(markers, 2):
        assert (ax - bx) ** 2 + (ay - by) ** 2 >= (ar + br) ** 2


def test_the_matrix_keeps_its_text_nodes_few() -> None:
    items = [MatrixItem(f"R{i}", "t", "medium", "medium") for i in range(12)]
    # 3 + 3 tick labels, 2 axis titles, the quick-wins label, one id per marker, a key of 4
    assert len(texts(priority_effort_matrix(items, accent=ACCENT))) == 9 + len(items) + 4


# --- gantt ------------------------------------------------------------------------------


def dashed(svg: str) -> list[ET.Element]:
    return [node for node in parse(svg).iter(f"{NS}line") if node.get("stroke-dasharray")]


ROWS = [
    GanttRow("D1", "Kick-off", D(2020, 6, 15), D(2020, 6, 30), "done"),
    GanttRow("D2", "Assessment", D(2020, 7, 1), D(2020, 8, 31), "in-progress"),
    GanttRow("W1", "Launch workshop", None, D(2020, 10, 28), "planned", milestone=True),
    GanttRow("A1", "Dropped", D(2020, 11, 1), D(2020, 12, 1), "dropped"),
    GanttRow("A2", "No dates yet", None, None, "planned"),
]


def test_bars_milestones_and_legend() -> None:
    svg = gantt(ROWS, start=D(2020, 6, 15), end=D(2020, 12, 18), today=D(2020, 9, 1),
                accent=ACCENT)
    assert len(by_class(svg, "bar")) == 3
    assert len(by_class(svg, "milestone")) == 1
    said = texts(svg)
    for row in ROWS:
        assert f"{row.id}{row.label}" in said
    assert {"Done", "In progress", "Dropped", "Milestone", "As of"} <= set(said)
    # No bar is planned (the planned rows are a milestone and a row without dates): the
    # legend lists the marks drawn, and the milestone's sample is drawn like it.
    assert "Today" not in said and "Planned" not in said
    assert {"Jun", "Dec", "2020"} <= set(said)
    assert len(dashed(svg)) == 2  # the today line and its legend sample


@pytest.mark.parametrize("today", [D(2019, 1, 1), D(2021, 1, 1), None])
def test_today_outside_the_range_draws_no_line(today: dt.date | None) -> None:
    svg = gantt(ROWS, start=D(2020, 6, 15), end=D(2020, 12, 18), today=today, accent=ACCENT)
    assert dashed(svg) == []
    assert "As of" not in texts(svg)


def test_rows_outside_the_range_get_an_edge_arrow() -> None:
    rows = [GanttRow("A1", "before", D(2019, 1, 1), D(2019, 2, 1), "planned"),
            GanttRow("A2", "after", None, D(2022, 1, 1), "planned", milestone=True),
            GanttRow("A3", "backwards", D(2020, 9, 1), D(2020, 8, 1), "done")]
    svg = gantt(rows, start=D(2020, 6, 1), end=D(2020, 12, 1), today=None, accent=ACCENT)
    assert len(by_class(svg, "outside")) == 2
    assert len(by_class(svg, "bar")) == 1


def test_a_long_range_labels_fewer_months_and_a_swapped_range_still_renders() -> None:
    names = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]
    svg = gantt(ROWS, start=D(2023, 6, 1), end=D(2020, 1, 1), today=None, accent=ACCENT,
                month_names=names)
    months = [t for t in texts(svg) if t in names]
    assert 4 <= len(months) < 36
    assert "jul" in months and "Jul" not in texts(svg)
    assert {"2020", "2021", "2022", "2023"} <= set(texts(svg))
    decades = gantt(ROWS[:1], start=D(1990, 1, 1), end=D(2030, 1, 1), today=None, accent=ACCENT)
    assert not set(texts(decades)) & {"Jan", "Jul"}
    with pytest.raises(ValueError, match="12"):
        gantt(ROWS, start=D(2020, 1, 1), end=D(2020, 2, 1), today=None, accent=ACCENT,
              month_names=names[:11])


def test_the_gantt_grows_with_its_rows() -> None:
    def height(n: int) -> float:
        rows = [GanttRow(f"A{i}", "x", D(2020, 1, 1), D(2020, 2, 1), "done") for i in range(n)]
        svg = gantt(rows, start=D(2020, 1, 1), end=D(2020, 6, 1), today=None, accent=ACCENT)
        return float(parse(svg).get("viewBox", "").split()[3])

    assert height(20) - height(10) == pytest.approx(10 * (height(2) - height(1)), abs=1)


# --- bars -------------------------------------------------------------------------------


def test_suppressed_bars_show_a_placeholder_and_their_note() -> None:
    svg = bar_chart([Bar("Europe", 12), Bar("Caribbean", None, "suppressed: fewer than 5"),
                     Bar("Pacific", None), Bar("Nowhere", float("nan"), "   ")],
                    accent=ACCENT, labels={"suppressed": "not shown"},
                    value_format=lambda v: f"{v:.0f} members")
    said = texts(svg)
    assert "12 members" in said
    assert "suppressed: fewer than 5" in said
    assert said.count("not shown") == 2
    assert len(by_class(svg, "bar")) == 1
    assert len(by_class(svg, "suppressed")) == 3


def test_bar_lengths_follow_the_values() -> None:
    svg = bar_chart([Bar("a", 2), Bar("b", 4), Bar("c", 0), Bar("d", -2)], accent=ACCENT)
    widths = [float(b.get("width", 0)) for b in by_class(svg, "bar")]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.2)
    assert widths[2] == 0
    assert widths[3] == pytest.approx(widths[0], abs=0.2)
    assert {"2", "4", "0", "-2"} <= set(texts(svg))


# --- helpers ----------------------------------------------------------------------------


def test_data_uri_round_trips() -> None:
    svg = bars_of([RTL])
    uri = svg_data_uri(svg)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == svg


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("short", 10, "short"),
    ("  spaces\tand\nnewlines  ", 40, "spaces and newlines"),
    ("abcdefghij", 5, "abcd…"),
    ("word      word", 6, "word…"),
    ("cafe\u0301s", 5, "caf…"),  # the accent stays on its letter
    ("ab👩🏽‍💻cd", 4, "ab…"),  # the skin tone stays with its emoji
    ("ab👩\u200d💻cd", 5, "ab👩…"),  # no dangling joiner
    (RTL, 5, "شبكة…\u200f"),  # the ellipsis stays at the label's own end
])
def test_fit_cuts_with_an_ellipsis_at_a_whole_character(text: str, limit: int,
                                                        expected: str) -> None:
    assert fit(text, limit) == expected


# --- likert_chart -------------------------------------------------------------------------


def test_likert_segments_split_the_bar_by_share_and_print_the_agreement() -> None:
    svg = likert_chart([LikertRow("Trust", (0.1, 0.2, 0.2, 0.3, 0.2)),
                        LikertRow("Purpose", (0.0, 0.0, 0.5, 0.5, 0.0))], accent=ACCENT)
    widths = [float(node.get("width")) for node in by_class(svg, "answer")]
    # The first bar has five segments in the ratio 1:2:2:3:2; the second two equal halves.
    first, second = widths[:5], widths[5:]
    assert [w / first[0] for w in first] == pytest.approx([1, 2, 2, 3, 2], rel=0.01)
    assert len(second) == 2 and second[0] == pytest.approx(second[1])
    assert sum(first) == pytest.approx(sum(second))
    assert texts(svg).count("50 % agree") == 2


def test_likert_suppressed_item_shows_its_note_and_no_segments() -> None:
    svg = likert_chart([LikertRow("Trust", None, "Fewer than 5 answers")], accent=ACCENT)
    assert by_class(svg, "suppressed") and not by_class(svg, "answer")
    assert "Fewer than 5 answers" in texts(svg)


def test_likert_long_statements_wrap_whole() -> None:
    item = " ".join(["collaboration"] * 20) + " (disagreeing is favourable)"
    svg = likert_chart([LikertRow(item, (0.2,) * 5, None, "disagree")], accent=ACCENT)
    (statement,) = by_class(svg, "statement")  # one text node, a <tspan> a line
    lines = [span.text or "" for span in statement]
    assert len(lines) >= 3 and " ".join(lines) == item


# --- issue 10: scales drawn, statements as worded, labels whole, keys -------------------


def tick_labels(svg: str) -> list[str]:
    """The axis labels: the muted text nodes under the bars."""
    return [node.text or "" for node in parse(svg).iter(f"{NS}text")
            if node.get("fill") == "#6e6e6e" and node.get("text-anchor") == "middle"]


def xs_of(svg: str, cls: str) -> list[float]:
    return [float(node.get("x1", 0)) for node in by_class(svg, cls)]


def test_a_scale_draws_a_fixed_axis_and_bars_start_at_its_low_end() -> None:
    svg = bar_chart([Bar("Trust", 3.0), Bar("Purpose", 5.0), Bar("Voice", 1.0),
                     Bar("Hidden", None)], accent=ACCENT, scale=(1, 5))
    ticks = xs_of(svg, "tick")
    assert len(ticks) == 5  # 1, 2, 3, 4, 5
    assert tick_labels(svg) == ["1", "2", "3", "4", "5"]
    assert len(by_class(svg, "grid")) == 4  # one at each whole number but the base
    bars = by_class(svg, "bar")
    lefts = {float(b.get("x", 0)) for b in bars}
    assert lefts == {ticks[0]}  # every bar starts at 1
    widths = [float(b.get("width", 0)) for b in bars]
    # 3 of 1-5 is half the axis, 5 all of it, 1 nothing: not scaled to the largest value.
    assert widths[0] == pytest.approx((ticks[-1] - ticks[0]) / 2, abs=0.2)
    assert widths[1] == pytest.approx(ticks[-1] - ticks[0], abs=0.2)
    assert widths[2] == 0


def test_a_score_is_drawn_against_the_scale_not_the_largest_value() -> None:
    """3.7 of 5 must not look like a full score."""
    svg = bar_chart([Bar("Trust", 3.7), Bar("Voice", 2.6)], accent=ACCENT, scale=(1, 5))
    ticks = xs_of(svg, "tick")
    top = max(float(b.get("width", 0)) for b in by_class(svg, "bar"))
    assert top == pytest.approx((3.7 - 1) / 4 * (ticks[-1] - ticks[0]), abs=0.3)
    unscaled = bar_chart([Bar("Trust", 3.7), Bar("Voice", 2.6)], accent=ACCENT)
    assert by_class(unscaled, "tick") == []  # counts keep their values at the bar ends


@pytest.mark.parametrize("scale", [(5, 1), (1, 1), (float("nan"), 5)])
def test_a_scale_must_run_upwards(scale: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match="scale"):
        bar_chart([Bar("a", 1)], accent=ACCENT, scale=scale)


def test_a_scale_of_many_whole_numbers_labels_every_few() -> None:
    svg = bar_chart([Bar("a", 40)], accent=ACCENT, scale=(0, 100))
    assert tick_labels(svg) == [str(v) for v in range(0, 101, 10)]


def answers(svg: str) -> list[tuple[str, str, str]]:
    return [(node.get("data-answer", ""), node.get("data-side", ""), node.get("fill", ""))
            for node in by_class(svg, "answer")]


def test_a_reversed_statement_is_drawn_as_answered_with_disagreement_favourable() -> None:
    """68 % disagreed with "The time we give outweighs what we get back": the chart says
    "12 % agree" beside it, and colours the disagreeing side as the favourable one."""
    given = (0.3, 0.38, 0.2, 0.08, 0.04)
    svg = likert_chart([LikertRow("The time we give outweighs what we get back", given,
                                  None, "disagree"),
                        LikertRow("We trust each other", given)], accent=ACCENT)
    reversed_row, plain_row = answers(svg)[:5], answers(svg)[5:]
    assert [side for _, side, _ in reversed_row] == [
        "favourable", "favourable", "neither", "unfavourable", "unfavourable"]
    assert [side for _, side, _ in plain_row] == [
        "unfavourable", "unfavourable", "neither", "favourable", "favourable"]
    # The same answers in the same order, left to right: strongly disagree first.
    assert [a for a, _, _ in reversed_row] == ["1", "2", "3", "4", "5"]
    widths = [float(node.get("width", 0)) for node in by_class(svg, "answer")[:5]]
    assert widths[0] / widths[4] == pytest.approx(0.3 / 0.04, rel=0.02)
    # The favourable side is the accent in both rows; what is printed is true as worded.
    assert reversed_row[0][2] == plain_row[4][2] == ACCENT.lower()
    assert texts(svg).count("12 % agree") == 2
    said = texts(svg)
    assert {"Favourable answer", "Unfavourable answer"} <= set(said)
    assert any(t.startswith("Answers from left to right: Strongly disagree") for t in said)


def test_the_likert_legend_swatches_are_the_fills_drawn() -> None:
    svg = likert_chart([LikertRow("a", (0.2,) * 5), LikertRow("b", (0.2,) * 5, None,
                                                              "disagree")], accent=ACCENT)
    keys = {node.get("fill") for node in by_class(svg, "key")}
    assert {fill for _, _, fill in answers(svg)} == keys


def test_favourable_is_agree_or_disagree() -> None:
    with pytest.raises(ValueError, match="favourable"):
        LikertRow("a", None, None, "neutral")  # type: ignore[arg-type]


def test_long_gantt_labels_wrap_whole_and_the_rows_grow() -> None:
    title = ("Trial two platforms with the Liaison Group and choose one for the whole "
             "network, with agreed rules on what goes where")
    svg = gantt([GanttRow("A1", title, D(2020, 7, 1), D(2020, 8, 1), "done"),
                 GanttRow("A2", "Short", D(2020, 7, 1), D(2020, 8, 1), "done")],
                start=D(2020, 7, 1), end=D(2020, 12, 1), today=None, accent=ACCENT)
    rows = [node for node in parse(svg).iter(f"{NS}text") if node.findall(f"{NS}tspan")]
    lines = [t.text or "" for t in rows[0].findall(f"{NS}tspan")[1:]]
    assert len(lines) >= 2 and " ".join(lines) == title
    assert "…" not in "".join(texts(svg))
    bars = by_class(svg, "bar")
    gap = float(bars[1].get("y", 0)) - float(bars[0].get("y", 0))
    one_line = gantt_of(["Short", "Short"])
    assert gap > 24 + 10  # one-line rows are 24 apart: the first row grows with its lines
    assert float(parse(svg).get("viewBox", "").split()[3]) > float(
        parse(one_line).get("viewBox", "").split()[3])


def test_the_as_of_marker_is_labelled_and_translatable() -> None:
    svg = gantt(ROWS, start=D(2020, 6, 15), end=D(2020, 12, 18), today=D(2020, 9, 1),
                accent=ACCENT, labels={"as_of": "Stand 1.9.2020"})
    (line,) = by_class(svg, "as-of")
    assert texts(svg).count("Stand 1.9.2020") == 2  # under the line and in the legend
    assert float(line.get("x1", 0)) == float(line.get("x2", 0))
    dated = gantt(ROWS, start=D(2020, 6, 15), end=D(2020, 12, 18), today=D(2020, 9, 1),
                  accent=ACCENT, today_label="As of 1 Sep 2020")
    assert texts(dated).count("As of 1 Sep 2020") == 2


def test_the_gantt_legend_lists_only_marks_drawn() -> None:
    rows = [GanttRow("A1", "long ago", D(2010, 1, 1), D(2010, 2, 1), "done"),
            GanttRow("A2", "now", D(2020, 7, 1), D(2020, 8, 1), "planned")]
    said = texts(gantt(rows, start=D(2020, 6, 1), end=D(2020, 12, 1), today=None,
                       accent=ACCENT))
    assert "Planned" in said
    assert not {"Done", "Milestone", "In progress", "Dropped", "As of"} & set(said)


def test_the_matrix_carries_its_own_key() -> None:
    svg = priority_effort_matrix([MatrixItem("R1", "t", "high", "low")], accent=ACCENT)
    said = texts(svg)
    assert {"A recommendation, by its number in this report",
            "Quick wins: high priority, low effort",
            "Next best: one step from the quick wins",
            "Priority rises upwards, effort to the right"} <= set(said)
    shades = {node.get("fill") for node in by_class(svg, "cell")}
    keys = {node.get("fill") for node in by_class(svg, "key")}
    assert keys - {ACCENT.lower()} <= shades and len(keys) == 3


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300),
       st.floats(20, 400))
def test_wrap_keeps_every_character_and_each_line_fits(text: str, width: float) -> None:
    lines = wrap(text, width, 10.0)
    assert "".join(lines).replace(" ", "") == clean(text).replace(" ", "")
    for line in lines:
        assert text_width(line, 10.0) <= width or len(line) == 1 or (
            text_width(line.rstrip(), 10.0) <= width + 10)


def test_a_scale_of_shares_is_marked_in_even_steps_in_the_values_format() -> None:
    svg = bar_chart([Bar("Webinars", 0.3), Bar("Exchange visits", 0.52)], accent=ACCENT,
                    scale=(0, 1), value_format=lambda v: f"{v * 100:.0f}%")
    assert tick_labels(svg) == ["0%", "20%", "40%", "60%", "80%", "100%"]
    ticks = xs_of(svg, "tick")
    widths = [float(b.get("width", 0)) for b in by_class(svg, "bar")]
    assert widths[1] == pytest.approx(0.52 * (ticks[-1] - ticks[0]), abs=0.3)


def test_the_likert_legend_lists_only_the_sides_drawn() -> None:
    svg = likert_chart([LikertRow("a", (0.0, 0.0, 0.0, 0.5, 0.5)), LikertRow("b", None)],
                       accent=ACCENT)
    said = texts(svg)
    assert "Favourable answer" in said
    assert not {"Unfavourable answer", "Neither"} & set(said)
    assert {node.get("fill") for node in by_class(svg, "key")} == {
        fill for _, _, fill in answers(svg)}

"""Issue 10, part 1, for the assessment's survey and network chapters: every figure says what
the data says.

- Reversed statements are charted and tabled as people answered them, to the wording
  printed, with the favourable side marked; dimension scores stay reverse-scored.
- Mean scores are drawn on a 1-5 scale; every figure carries a source line.
- PARTNER ratings are "of 4", never a percent; the survey's Trust dimension keeps its name.
- Superlatives name every item that shares the top value as printed.

The survey project is test_survey_analysis's (t3 is reversed; of the 10 people who answered
it, 5 disagreed and 3 agreed). HTML only, which is fast.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netconsult.analysis.survey import analyse_survey
from netconsult.project.load import load_project
from netconsult.render.phrases import at_bottom, at_top, names, top_n
from tests.conftest import MakeProject, RunCli
from tests.test_survey_analysis import survey_files


def text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def table(page: str, caption: str) -> str:
    match = re.search(r"<table[^>]*>\s*<caption[^>]*>(?:(?!</table>).)*?" + re.escape(caption)
                      + r".*?</table>", page, re.S)
    assert match, caption
    return match.group(0)


def summary(page: str) -> str:
    match = re.search(r'<ul class="summary-list">(.*?)</ul>', page, re.S)
    assert match
    return text(match.group(1))


class Charts:
    """The rows and keyword arguments the survey chapter passes to the chart functions."""

    def __init__(self) -> None:
        self.likert: dict[str, list[Any]] = {}
        self.bars: dict[str, dict[str, Any]] = {}


@pytest.fixture
def charts(monkeypatch: pytest.MonkeyPatch) -> Charts:
    from netconsult.render import charts as module

    seen = Charts()
    likert, bar = module.likert_chart, module.bar_chart

    def spy_likert(rows: list[Any], **kwargs: Any) -> str:
        seen.likert[kwargs.get("title") or ""] = list(rows)
        return likert(rows, **kwargs)

    def spy_bar(bars: list[Any], **kwargs: Any) -> str:
        seen.bars[kwargs.get("title") or ""] = kwargs
        return bar(bars, **kwargs)

    monkeypatch.setattr(module, "likert_chart", spy_likert)
    monkeypatch.setattr(module, "bar_chart", spy_bar)
    return seen


def render(cli: RunCli, root: Path, kind: str = "assessment") -> str:
    result = cli("report", kind, root, "--format", "html")
    assert result.exit_code == 0, result.output
    name = {"plan": "improvement-plan"}.get(kind, kind)
    return (root / "build" / f"{name}.html").read_text(encoding="utf-8")


# -- reversed statements --------------------------------------------------------------------


def test_a_reversed_item_is_scored_reversed_but_answered_as_worded(
        make_project: MakeProject) -> None:
    results = analyse_survey(load_project(make_project(survey_files())))
    assert results is not None
    t3 = next(i for i in results.items if i.id == "t3")
    # Answers to "I hold back disagreements.": 1 ×2, 2 ×3, 3 ×2, 4 ×2, 5 ×1 (10 people).
    assert [c.value for c in t3.answered] == pytest.approx([0.2, 0.3, 0.2, 0.2, 0.1])
    # Scored (6 - x) it is the other way round, and the dimension uses that.
    assert [c.value for c in t3.distribution] == pytest.approx([0.1, 0.2, 0.2, 0.3, 0.2])
    # Mean as answered 27 / 10 = 2.7; scored 6 - 2.7 = 3.3.
    assert t3.mean.value == pytest.approx(3.3) and t3.mean_answered.value == pytest.approx(2.7)
    assert t3.favourable == "disagree"
    t1 = next(i for i in results.items if i.id == "t1")
    assert t1.answered == t1.distribution and t1.favourable == "agree"


def test_the_chart_draws_a_reversed_item_as_people_answered_it(
        cli: RunCli, make_project: MakeProject, charts: Charts) -> None:
    render(cli, make_project(survey_files()))
    rows = {r.label.split(" (")[0]: r for r in charts.likert["Trust"]}
    t3 = rows["I hold back disagreements."]
    assert t3.shares == pytest.approx((0.2, 0.3, 0.2, 0.2, 0.1))
    assert sum(t3.shares[:2]) > sum(t3.shares[3:])  # most disagreed, and the chart says so
    assert t3.favourable == "disagree"
    assert "(disagreeing is favourable)" in t3.label
    assert rows["Members keep their word."].favourable == "agree"


def test_the_disagreement_table_shows_means_to_the_wording(cli: RunCli,
                                                            sample_project: Path) -> None:
    page = render(cli, sample_project)
    rows = text(table(page, "Statements on which groups disagree most"))
    assert "Statement Between Favourable answer Agree most Agree least Gap" in rows
    # Reversed: scored, Europe 4.0 and Sub-Saharan Africa 3.2; as worded 6 - x.
    assert "The time we give the network outweighs what we get back. Region Disagree " \
        "Sub-Saharan Africa (2.8) Europe (2.0) 0.8" in rows
    # Not reversed: the means as worded are the scored means. (Ties at the top are pinned
    # by test_ties_at_the_top_are_all_named and the phrases property tests.)
    assert "Meeting times suit my time zone. Region Agree Europe (3.3) Sub-Saharan Africa " \
        "(2.2) 1.1" in rows


# -- scales and sources ---------------------------------------------------------------------


def test_mean_scores_ask_for_a_1_to_5_axis(cli: RunCli, make_project: MakeProject,
                                           charts: Charts) -> None:
    render(cli, make_project(survey_files()))
    assert charts.bars["Mean score by dimension"]["scale"] == (1, 5)


def figures(page: str) -> list[str]:
    return re.findall(r"<figure id=\"[^\"]+\">.*?</figure>", page, re.S)


def test_every_survey_and_network_figure_has_a_source(cli: RunCli,
                                                      sample_project: Path) -> None:
    page = render(cli, sample_project)
    mine = [f for f in figures(page)
            if re.search(r'id="fig-(survey|network)', f)]
    assert len(mine) == 8  # dimensions, five item charts, one choice question, the map
    for figure in mine:
        source = re.search(r'<span class="small source">Source: ([^<]+)</span>', figure)
        assert source, figure[:80]
    said = text(page)
    assert "Source: Member survey (Baseline): 41–42 people with a score on each dimension" \
        in said
    assert "Source: Member survey (Baseline), tie question answered for 16 of the 19 member " \
        "organisations; agreements and joint projects recorded by the team" in said


@pytest.mark.parametrize("kind", ["assessment", "recommendations", "plan"])
def test_every_figure_of_the_sample_reports_has_a_source(cli: RunCli, sample_project: Path,
                                                         kind: str) -> None:
    page = render(cli, sample_project, kind)
    for figure in figures(page):
        assert '<span class="small source">Source: ' in figure, figure[:80]


def test_no_source_no_line() -> None:
    from netconsult.render.context.base import Figure
    from netconsult.render.environment import make_environment

    macros = make_environment(None, "en").get_template("reports/partials/macros.html").module
    bare = str(macros.figure(Figure(1, "fig-x", "A caption", "data:,", "A caption")))  # type: ignore[attr-defined]
    assert "Source" not in bare
    shown = str(macros.figure(Figure(1, "fig-x", "A caption", "data:,", "A caption",  # type: ignore[attr-defined]
                                     "Member survey <b>")))
    assert "Source: Member survey &lt;b&gt;" in shown  # data, escaped


# -- one name, one scale, one count ---------------------------------------------------------


def test_partner_ratings_are_on_their_1_to_4_scale_not_percent(cli: RunCli,
                                                               sample_project: Path) -> None:
    page = render(cli, sample_project)
    figures_table = text(table(page, "The network in figures"))
    assert "Partner trust rating, 1–4 3.1 of 4 Partner value rating, 1–4 2.6 of 4" \
        in figures_table
    assert "Trust (of 4)" not in page
    assert not re.search(r"rating[^<]*</td><td[^>]*>[^<]*%", page)
    for caption in ("Members by number of ties", "How connected members of each size are"):
        rows = re.findall(r"<tr>(.*?)</tr>", table(page, caption), re.S)
        header = [text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", rows[0])]
        rated = [i for i, h in enumerate(header) if "rating" in h]
        assert len(rated) == 2, header
        for row in rows[1:]:
            cells = [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            assert all("%" not in cells[i] for i in rated), cells
    # The survey's Trust dimension keeps its name; the PARTNER measure never takes it bare.
    assert "<th class=\"num\">Trust</th>" not in page


def test_the_counts_of_ties_are_defined_where_they_appear(cli: RunCli,
                                                          sample_project: Path) -> None:
    said = text(render(cli, sample_project))
    assert "Their respondents named partners 159 times in all: each respondent naming a " \
        "member counts once, so a pair of organisations can be named more than once." in said
    assert "In what follows, a pair of member organisations counts as one tie when either of " \
        "them named the other: 82 ties in all." in said
    assert "Read as reported, a tie is one organisation naming another, so a pair that named " \
        "each other counts twice." in said
    assert "naming 159 working ties" not in said


# -- superlatives and the executive summary -------------------------------------------------


def test_the_summary_carries_the_survey_and_network_key_messages(
        cli: RunCli, sample_project: Path) -> None:
    said = summary(render(cli, sample_project))
    for line in (
        "42 people from 16 of the 19 member organisations (84%) answered the member survey "
        "(Baseline), above the target of 75%.",
        "Every region is represented; the response was lowest in Middle East and Latin "
        "America (75% of member organisations).",
        # Trust and Value of membership are both 3.7 as printed: both are the highest.
        "Members rated Trust and Value of membership highest (3.7 of 5) and Vital "
        "connections lowest (2.6 of 5).",
        "Groups differ most on “Meeting times suit my time zone”: Europe agreed most (3.3 of "
        "5), Sub-Saharan Africa least (2.2).",
        "Respondents named partners 159 times; counted once per pair of organisations, with "
        "the ties the team recorded, that makes 82 working ties, so about half of all "
        "possible pairs of members work together (density 48%).",
        "About half of the ties (55%) join members of different regions.",
        "PartnersGlobal is the most connected member, with 16 ties.",
        "No member is at the edge: every member has at least two ties.",
    ):
        assert line in said, line


TIED = """\
members:
  - {id: n1, name: North One, country: HU, region: north, liaison: true}
  - {id: n2, name: North Two, country: PL, region: north}
  - {id: s1, name: South One, country: SN, region: south, liaison: true}
  - {id: s2, name: South Two, country: GH, region: south}
  - {id: s3, name: South Three, country: KE, region: south}
"""
#: n1 and n2 have three ties each; s1 and s2 two, each tied to both n1 and n2; s3 none.
TIES = """\
ties:
  - members: [n1, n2]
  - members: [n1, s1]
  - members: [n2, s1]
  - members: [n1, s2]
  - members: [n2, s2]
"""


def test_ties_at_the_top_are_all_named(cli: RunCli, make_project: MakeProject) -> None:
    root = make_project({"members.yaml": TIED, "network/ties.yaml": TIES,
                         "netconsult.yaml": (Path(__file__).parent / "projects" / "minimal"
                                             / "netconsult.yaml").read_text(encoding="utf-8")
                         + "privacy: {show_member_names: true}\n"})
    page = render(cli, root)
    said = text(page)
    assert "North One and North Two have the most ties: 3 each." in said
    # c-d paths run through a or b alike: equal betweenness, both brokers.
    assert "The main brokers are North One and North Two." in said
    lines = summary(page)
    assert "North One and North Two are the most connected members, with 3 ties each." \
        in lines
    assert "1 member is at the edge, with one tie or none: South Three." in lines
    assert "The map shows 5 ties." in said


def test_thin_network_no_most_connected_and_plurals(cli: RunCli,
                                                    make_project: MakeProject) -> None:
    page = render(cli, make_project({"network/ties.yaml": "ties:\n  - members: [n1, s1]\n"}))
    said = text(page)
    assert "The map shows 1 tie." in said
    assert "most ties" not in said and "most connected" not in said
    assert "3 members are at the edge, with one tie or none" in summary(page)
    assert "0 of 0" not in said and " 1 ties" not in said


def test_thin_survey_reads_well(cli: RunCli, make_project: MakeProject) -> None:
    files = survey_files(baseline=False)
    header, *lines = files["survey/responses/followup.csv"].splitlines()  # type: ignore[union-attr]
    files["survey/responses/followup.csv"] = "\n".join([header, lines[0]]) + "\n"
    said = text(render(cli, make_project(files)))
    assert "1 person answered, from 1 of the 5 member organisations" in said
    assert "1 people" not in said and "0 of 0" not in said
    # One person: every figure is hidden, and the chapter says so rather than inventing one.
    assert "Highest score" not in said


# -- phrases --------------------------------------------------------------------------------


@given(st.lists(st.floats(min_value=1, max_value=5, allow_nan=False), min_size=1, max_size=8))
def test_at_top_names_every_value_printed_alike(values: list[float]) -> None:
    def shown(v: float) -> str:
        return f"{v:.1f}"

    top = at_top(values, lambda v: v, shown)
    assert top and all(shown(v) == shown(max(values)) for v in top)
    assert all(shown(v) != shown(max(values)) for v in values if v not in top)
    bottom = at_bottom(values, lambda v: v, shown)
    assert all(shown(v) == shown(min(values)) for v in bottom)


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=0, max_size=10),
       st.integers(min_value=1, max_value=4))
def test_top_n_never_cuts_between_equals(values: list[int], n: int) -> None:
    chosen = top_n(values, float, str, n)
    assert len(chosen) >= min(n, len(values))
    rest = list(values)
    for v in chosen:
        rest.remove(v)
    assert all(v < min(chosen) for v in rest) if chosen and rest else True


def test_names_joins_in_the_report_language() -> None:
    assert names(["A"], "en") == "A"
    assert names(["A", "B"], "en") == "A and B"
    assert names(["A", "B"], "fr") == "A et B"



def test_partner_ratings_change_on_their_1_to_4_scale(cli: RunCli, sample_project: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from netconsult.analysis import project_network as module
    from netconsult.analysis.network import MetricChange, RoundChange

    real = module.project_network

    def with_change(project: Any) -> Any:
        network = real(project)
        same = MetricChange(0.5, 0.5, 0.0)
        return dataclasses.replace(network, change=RoundChange(
            "baseline", "baseline", "either", (), (), (), same, same, same,
            MetricChange(75.0, 77.5, 2.5), MetricChange(60.0, None, None)))

    monkeypatch.setattr(module, "project_network", with_change)
    rows = text(table(render(cli, sample_project), "Change in the network since"))
    # PARTNER's percent (mean / 4 × 100) back on its scale: 75 % is 3.0 of 4, +2.5 is +0.1.
    assert "Partner trust rating, 1–4 3.0 3.1 +0.1" in rows
    assert "Partner value rating, 1–4 2.4 – –" in rows
    assert "%" not in rows.split("Partner trust")[1]

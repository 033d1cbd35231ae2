"""The recommendation report: one chapter per category, evidence cited by what a reader can
find (never an internal id), an evidence index by region and date, owner and timing from
the plan, and a summary that reads well for thin projects."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from netconsult.project.load import load_project
from netconsult.render.context import build_context
from netconsult.render.context.recommendations import RecommendationsData
from tests.conftest import SAMPLE, MakeProject

CATEGORIES = ["Digital tools and platforms", "Rituals", "Incentives for participation",
              "Collaboration principles", "Governance and decision-making",
              "Funding and sustainability"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The sample's recommendation report as PDF, one text per page."""
    from typer.testing import CliRunner

    from netconsult.cli import app

    root = tmp_path_factory.mktemp("recs") / "partners-network"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    result = CliRunner().invoke(app, ["report", "recommendations", str(root)])
    assert result.exit_code == 0, result.output
    return [p.extract_text() for p in PdfReader(root / "build" / "recommendations.pdf").pages]


def data(root: Path = SAMPLE, as_of: dt.date | None = None) -> tuple[list[str],
                                                                       RecommendationsData]:
    ctx = build_context(load_project(root), "recommendations", "en", as_of)
    assert isinstance(ctx.data, RecommendationsData)
    return ctx.summary, ctx.data


def test_one_chapter_per_category(pages: list[str]) -> None:
    contents = pages[1]
    for number, title in enumerate(CATEGORIES, start=3):
        # a chapter of its own: a whole number in the contents, with a page number
        assert re.search(rf"(?m)^{number} {re.escape(title)}\s*\.{{3,}}\s*\d+", contents), title
        assert any(page.lstrip().startswith(f"{number} {title}") for page in pages[3:]), title
    # the overview's running header stops where the overview ends
    glance = [i for i, page in enumerate(pages) if "The recommendations at a glance" in page]
    assert len(glance) <= 3, glance


def test_no_internal_ids_in_the_text(pages: list[str]) -> None:
    project = load_project(SAMPLE)
    ids = {f.id for m in project.meetings for f in m.findings if f.id}
    ids |= {m.id for m in project.meetings}
    ids |= {p.id for p in project.benchmark.peers} if project.benchmark else set()
    text = "\n".join(pages)
    flat = re.sub(r"\s+", "", text)  # ids broken across lines count too
    leaked = sorted(i for i in ids if re.sub(r"\s+", "", i) in flat)
    assert not leaked
    assert not re.search(r"\b(meeting|finding|survey|benchmark):\S", text)
    # what is cited instead: the meeting, its date, the theme; the survey's dimension and round
    assert "Regional meeting, Latin America (held in Spanish)" in text
    assert "Jul 21, 2020" in text and "theme: Digital platforms" in text
    assert "Member survey: Participation, mean score 3.0 on a scale of 1 to 5" in text
    assert "Baseline round, Aug 7, 2020" in text


def test_evidence_index_is_by_region_then_date() -> None:
    _, d = data()
    names = [g.name for g in d.index]
    regional, last = names[:-1], names[-1]
    assert last == "Network-wide"
    assert regional == sorted(regional, key=str.lower)
    assert {"Europe", "Latin America", "Middle East"} <= set(regional)
    kinds = {"meeting": 0, "finding": 1, "survey": 2, "benchmark": 3}
    for group in d.index:
        keys = [(e.evidence.date is None, e.evidence.date or dt.date.min,
                 kinds[e.evidence.kind]) for e in group.entries]
        assert keys == sorted(keys), group.name
    cited = {e.evidence.anchor for g in d.index for e in g.entries}
    # every citation under a recommendation points at a row of the index
    for chapter in d.categories:
        for rec in chapter.recommendations:
            assert {e.anchor for e in rec.evidence} <= cited


def test_owner_and_timing_come_from_the_plan() -> None:
    _, d = data()
    recs = {r.id: r for c in d.categories for r in c.recommendations}
    r1 = recs["R1"].plan
    assert r1.actions == ("A1", "A2", "A3")
    assert r1.owners == ("Liaison Group", "Consultant team",
                         "Network coordination team at PartnersGlobal")
    assert (r1.start, r1.due) == (dt.date(2020, 11, 2), dt.date(2021, 2, 26))
    # a member of a group that owns actions of the same recommendation is not a second owner
    assert recs["R3"].plan.owners == ("Liaison Group",)
    # a member acting alone is named
    assert recs["R8"].plan.owners == ("Nigerian Centre for Dialogue and Reconciliation",)
    # the report is dated 29 September 2020: nothing had started
    assert {r.plan.status for r in recs.values()} == {"planned"}
    _, late = data(as_of=dt.date(2020, 12, 18))
    late_recs = {r.id: r for c in late.categories for r in c.recommendations}
    assert late_recs["R9"].plan.status == "in-progress"  # A14 done, A15 not started
    assert late_recs["R11"].plan.status == "planned"


def test_owner_and_timing_are_printed(pages: list[str]) -> None:
    text = "\n".join(pages)
    overview = next(p for p in pages[3:] if "Table 2." in p)
    assert "Liaison Group" in overview and "Nov 2, 2020" in overview
    assert "Planned as of Sep 29, 2020" in text
    summary = " ".join(pages[2].split())
    assert "Liaison Group owns actions for the most recommendations: 7 of 11." in summary
    assert "A monthly Network Hour hosted in turn by each centre (R3)" in summary
    assert "The first actions start on Nov 2, 2020" in summary


THIN_RECS = """\
recommendations:
  - {id: R1, title: Shared online space, category: digital-tools, priority: high, effort: low,
     evidence: [finding:F1]}
"""


def test_thin_project_reads_well(make_project: MakeProject) -> None:
    root = make_project({"recommendations.yaml": THIN_RECS,
                         "improvement-plan.yaml": "actions: []\n"})
    summary, d = data(root)
    text = " ".join(summary)
    assert "This report makes 1 recommendation in 1 area. It is of high priority." in text
    assert "One is a quick win" in text and "1 piece in all" in text
    assert "1 piece in all (1 finding)" in text
    assert "No improvement plan gives it an owner and dates yet." in text
    assert not re.search(r"\b0 (of|are|is)\b|\b1 (recommendations|areas|findings|meetings)\b",
                         text)
    assert d.categories[0].intro == "This area has one recommendation, of high priority."


def test_no_recommendations(make_project: MakeProject) -> None:
    from netconsult.render.build import render_html

    root = make_project({"recommendations.yaml": "recommendations: []\n",
                         "improvement-plan.yaml": "actions: []\n"})
    summary, d = data(root)
    assert summary == ("This report makes no recommendations yet.",)  # frozen: a tuple
    assert not d.categories and not d.index
    html = render_html(root, ["recommendations"], "en")["recommendations"]
    assert "<thead>" not in html  # no header-only tables
    assert "No evidence is cited yet." in html


def test_evidence_index_reads_by_region_in_the_pdf(pages: list[str]) -> None:
    annex = "\n".join(p for p in pages if "Evidence index" in p and "Annex A" in p)
    heads = ["Europe", "Latin America", "Middle East", "North America", "Sub-Saharan Africa",
             "Network-wide"]
    where = [re.search(rf"(?m)^{re.escape(h)}$", annex) for h in heads]
    assert all(where), heads
    assert [m.start() for m in where if m] == sorted(m.start() for m in where if m)
    assert re.search(r"R1 \(p\. \d+\)", annex)  # cited by, with the page to turn to

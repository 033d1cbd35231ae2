"""The network chapter of the assessment: "How members work together" and its annex.

The sample is rendered once per module, twice: as bundled (members named) and with
privacy.show_member_names false. PDFs are read with pypdf, a page at a time; the chapter's
pages are found by their running footer ("5 How members work together").
"""

from __future__ import annotations

import base64
import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import SAMPLE, MakeProject, RunCli
from tests.test_survey_analysis import survey_files

CHAPTER = "How members work together"
ANNEX = "Network method"


@dataclass(frozen=True)
class Rendered:
    root: Path
    pages: list[str]  # the PDF's text, page by page
    page: str  # build/assessment.html

    def chapter(self, title: str) -> list[str]:
        """The pages whose running header names chapter `title` ("5 How members...")."""
        footer = re.compile(rf"(?:\d+|Annex [A-Z]+) {re.escape(title)}\n[^\n]*Page \d+ of \d+\s*$")
        return [p for p in self.pages if footer.search(p)]


def render(root: Path) -> Rendered:
    from typer.testing import CliRunner

    from netconsult.cli import app

    result = CliRunner().invoke(app, ["report", "assessment", str(root)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(root / "build" / "assessment.pdf")
    return Rendered(root, [p.extract_text() for p in reader.pages],
                    (root / "build" / "assessment.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    root = tmp_path_factory.mktemp("named") / "partners-network"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    return render(root)


@pytest.fixture(scope="module")
def anonymous(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    root = tmp_path_factory.mktemp("anonymous") / "partners-network"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    config = root / "netconsult.yaml"
    text = config.read_text(encoding="utf-8")
    assert "show_member_names: true" in text
    config.write_text(text.replace("show_member_names: true", "show_member_names: false"),
                      encoding="utf-8")
    return render(root)


def flat(text: str) -> str:
    return " ".join(text.split())


def members() -> list[dict[str, str]]:
    data = yaml.safe_load((SAMPLE / "members.yaml").read_text(encoding="utf-8"))
    return list(data["members"])


def named_in(text: str) -> list[str]:
    """Members named in `text`: by id, or by the start of their name (the map shortens
    long names to fit, "Nigerian Centre for Dialog…")."""
    return [m["id"] for m in members()
            if m["name"][:16] in text
            or re.search(rf"(?<![\w-]){re.escape(m['id'])}(?![\w-])", text)]


def network_map(page: str) -> str:
    """The SVG of the "Who works with whom" figure, decoded from its data: URI."""
    match = re.search(r'<figure id="fig-network-map">\s*<img src="data:image/svg\+xml;'
                      r'base64,([A-Za-z0-9+/=]+)"', page)
    assert match, "no network map in the HTML"
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_the_chapter_its_figure_tables_and_annex(named: Rendered) -> None:
    text = "\n".join(named.pages)
    for title in (CHAPTER, "Who works with whom", "The network in figures",
                  "Members by number of ties", "Ties inside and across regions",
                  "Density and centralization under each reading of the survey", ANNEX):
        # In the body, and in the contents or the lists of figures and tables with its page.
        assert re.search(re.escape(title) + r"\s*\.{3,}\s*\d+", text), f"listed: {title}"
        assert text.count(title) >= 2, title
    chapter = flat("\n".join(named.chapter(CHAPTER)))
    chapter = chapter[chapter.index(f"5 {CHAPTER} "):]  # a chapter may start mid-page
    assert chapter.startswith(f"5 {CHAPTER} The member survey (Baseline) asked which member "
                              "organisations each centre worked with")
    assert "People from 16 of the 19 member organisations (84%) answered the question. " \
        "Their respondents named partners 159 times in all" in chapter
    assert "Figure 9. Who works with whom" in chapter
    assert "PartnersGlobal has the most ties: 16." in chapter
    # The figures are `network show`'s, in the report's words, as of the report's date
    # (28 August 2020: the Liaison Group's mentoring sessions, and their ties, came later).
    assert "Table 10. The network in figures Ties (pairs of member organisations working " \
        "together) 82 Density (share of possible ties that " \
        "exist) 48% Mean number of ties per member 8.6" in chapter
    assert "Table 12. Ties inside and across regions Region Members Answered Ties inside " \
        "Ties across E-I index Mean ties North America 1 1 0 16 +1.00 16.0" in chapter
    assert "Reading Members Ties Density Centralization As reported (directed) 19 104 30% " \
        "0.62 Named by either side 19 82 48% 0.46 Named by both sides 19 22 13% 0.17 " \
        "Responding members only 16 66 55% 0.51" in chapter
    annex = flat("\n".join(named.chapter(ANNEX)))
    annex = annex[annex.index(f"Annex D {ANNEX} "):]
    assert annex.startswith(f"Annex D {ANNEX} Ties Every member organisation belongs")
    assert "at least 5 respondents rated it" in annex  # the project's min_group_size


def test_the_executive_summary_names_the_most_connected(named: Rendered,
                                                        anonymous: Rendered) -> None:
    for rendered, who in ((named, "PartnersGlobal"), (anonymous, "NA-1")):
        summary = flat("\n".join(rendered.chapter("Executive summary")))
        assert "that makes 82 working ties, so about half of all possible pairs of members " \
            "work together (density 48%). About half of the ties (55%) join members " \
            f"of different regions. {who} is the most connected member, with 16 ties." in summary


def test_without_names_the_chapter_names_no_member(named: Rendered,
                                                   anonymous: Rendered) -> None:
    everyone = [m["id"] for m in members()]
    # The check finds every member in the named chapter, map labels included...
    assert sorted(named_in("\n".join(named.chapter(CHAPTER)))) == sorted(everyone)
    # ... and none once names are off: not in the text, the tables or the map's labels.
    pages = anonymous.chapter(CHAPTER) + anonymous.chapter(ANNEX)
    assert len(pages) >= 4
    text = "\n".join(pages)
    assert named_in(text) == []
    for code in ("NA-1", "SSA-1", "SSA-2", "ME-4", "LA-3", *(f"EU-{i}" for i in range(1, 9))):
        # whole (labels at the same height come out of the PDF on one line: "LA-1EU-6")
        assert re.search(rf"{code}(?!\d)", text), f"map label {code}"
        assert re.search(rf"^{code} \S", text, re.M), f"table row {code}"
    said = flat(text)
    assert "NA-1 has the most ties: 16." in said
    assert "Members appear by code, not by name, as agreed for this engagement." in said


@pytest.mark.parametrize("which", ["named", "anonymous"])
def test_the_map_draws_one_circle_per_member(which: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(which)
    svg = network_map(rendered.page)
    circles = re.findall(r'<circle class="member"[^>]*><title>([^<]*)</title>', svg)
    assert len(circles) == svg.count('<circle class="member"') == len(members())
    regions = "Europe|Middle East|Latin America|Sub-Saharan Africa|North America"
    titles = [re.fullmatch(rf"(.+) \(({regions})\)", html.unescape(t)) for t in circles]
    assert all(titles), circles
    labels = sorted(t.group(1) for t in titles if t)
    if which == "named":
        assert labels == sorted(m["name"] for m in members())
    else:
        assert all(re.fullmatch(r"(EU|ME|LA|SSA|NA)-\d", label) for label in labels)
        assert len(set(labels)) == len(members())
        assert named_in(svg) == []


def test_no_tie_question_and_no_ties_file_no_chapter(cli: RunCli,
                                                     make_project: MakeProject) -> None:
    root = make_project(survey_files())  # a survey, but no members question
    assert not (root / "network").exists()
    result = cli("report", "assessment", root, "--format", "html")
    assert result.exit_code == 0, result.output
    page = (root / "build" / "assessment.html").read_text(encoding="utf-8")
    assert "What the member survey found" in page  # the survey chapter is there
    for absent in (CHAPTER, ANNEX, "Who works with whom", "fig-network-map",
                   "The network in figures", "working ties", "most connected"):
        assert absent not in page, absent


def test_recorded_ties_alone_make_a_chapter_without_the_survey(
        cli: RunCli, make_project: MakeProject) -> None:
    root = make_project({"network/ties.yaml": "ties:\n  - members: [n1, s1]\n"})
    result = cli("report", "assessment", root, "--format", "html")
    assert result.exit_code == 0, result.output
    page = (root / "build" / "assessment.html").read_text(encoding="utf-8")
    said = flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert f"4 {CHAPTER} No survey round has asked which members work together yet; the map " \
        "shows only the ties recorded by the team. Ties known from agreements and joint " \
        "projects are added." in said
    assert f"Annex C {ANNEX}" in said
    assert network_map(page).count('<circle class="member"') == 3

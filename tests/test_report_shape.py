"""Every report of the sample and of a thin project looks finished, page by page.

Generic checks, not about one report's content: the running header and footer on every page
after the cover, no near-empty page, contents entries that point somewhere, no header-only
table, no "0 of 0", plurals right, one date style, annexes lettered.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from netconsult.render.build import REPORT_FILES
from tests.conftest import SAMPLE, TESTS
from tests.report_shape import (
    contents_entries,
    near_empty,
    pages,
    tables_without_rows,
    text,
    unresolved_links,
)

EPOCH = "1608249600"  # 2020-12-18
THIN = TESTS / "projects" / "thin"
PROJECTS = {"sample": SAMPLE, "thin": THIN}
CASES = [(project, kind) for project in PROJECTS for kind in REPORT_FILES]
TITLES = {  # the deliverables' titles in workplan.yaml: the running header
    ("sample", "assessment"): "Short assessment of the network's goals and current practices",
    ("sample", "recommendations"):
        "Recommendation report on practices of highly functional global networks",
    ("sample", "plan"): "Network collaboration and mobilisation improvement plan",
    ("thin", "assessment"): "Assessment",
    ("thin", "recommendations"): "Recommendations",
    ("thin", "plan"): "Improvement plan",
}
CLIENTS = {"sample": "Partners Network", "thin": "Small Circle Foundation"}

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each project's three reports rendered once (PDF and HTML): its build/ folder."""
    from typer.testing import CliRunner

    from netconsult.cli import app

    out = {}
    for name, source in PROJECTS.items():
        root = tmp_path_factory.mktemp(name) / name
        shutil.copytree(source, root, ignore=shutil.ignore_patterns("build"))
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
            result = CliRunner().invoke(app, ["report", "all", str(root)])
        assert result.exit_code == 0, result.output
        out[name] = root / "build"
    return out


def pdf(built: dict[str, Path], project: str, kind: str) -> Path:
    return built[project] / f"{REPORT_FILES[kind]}.pdf"


def html(built: dict[str, Path], project: str, kind: str) -> str:
    return (built[project] / f"{REPORT_FILES[kind]}.html").read_text(encoding="utf-8")


def pdf_text(built: dict[str, Path], project: str, kind: str) -> str:
    return " ".join(" ".join(p.body) for p in pages(pdf(built, project, kind)))


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_title_and_client_run_on_every_page_but_the_cover(built: dict[str, Path], project: str,
                                                           kind: str) -> None:
    found = pages(pdf(built, project, kind))
    title, client = TITLES[project, kind], CLIENTS[project]
    assert title not in found[0].header and not found[0].footer  # the cover has none
    for page in found[1:]:
        assert page.header.startswith(title), (page.number, page.header)
        assert page.footer.startswith(client), (page.number, page.footer)
        assert page.footer.endswith(f"Page {page.number} of {len(found)}")


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_no_near_empty_page(built: dict[str, Path], project: str, kind: str) -> None:
    empty = near_empty(pdf(built, project, kind))
    assert not empty, [(p.number, p.body) for p in empty]


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_every_contents_entry_and_reference_points_somewhere(built: dict[str, Path],
                                                             project: str, kind: str) -> None:
    page = html(built, project, kind)
    assert contents_entries(page)
    assert unresolved_links(page) == []


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_contents_lines_carry_a_page_number(built: dict[str, Path], project: str,
                                            kind: str) -> None:
    contents = [line for p in pages(pdf(built, project, kind))[1:] for line in p.body
                if "...." in line]
    assert contents
    bare = [line for line in contents if not re.search(r"\.{3,}\s*\d+$", line)]
    assert bare == []


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_no_table_with_a_header_and_no_rows(built: dict[str, Path], project: str,
                                            kind: str) -> None:
    assert tables_without_rows(html(built, project, kind)) == []


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_no_zero_of_zero(built: dict[str, Path], project: str, kind: str) -> None:
    said = pdf_text(built, project, kind)
    zeros = re.findall(r"\b0 of 0\b|\b0 [a-z]+ and 0 [a-z]+", said)
    assert zeros == []


#: Nouns the reports count in fixed sentences; "1 <plural>" is always wrong.
COUNTED = ("actions", "areas", "countries", "distinct", "events", "findings", "gaps",
           "meetings", "member organisations", "members", "observations", "owners", "people",
           "pieces", "recommendations", "regions", "respondents", "strengths", "themes",
           "ties", "virtual regional meetings", "workshops")


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_plurals_agree_with_one(built: dict[str, Path], project: str, kind: str) -> None:
    said = pdf_text(built, project, kind)
    wrong = re.findall(r"(?<![\d.,])\b1 (?:" + "|".join(COUNTED) + r")\b", said)
    assert wrong == []


MONTHS = "January|February|March|April|June|July|August|September|October|November|December"


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_one_date_style(built: dict[str, Path], project: str, kind: str) -> None:
    """English reports print dates as Babel's medium style, "Aug 28, 2020", and no other."""
    said = pdf_text(built, project, kind)
    others = (re.findall(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])", said)  # 2020-08-28
              + re.findall(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}", said)  # August 28, 2020
              + re.findall(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", said))  # 28 Aug 2020
    assert others == []
    cover = pages(pdf(built, project, kind))[0].body
    assert any(re.fullmatch(r"Date [A-Z][a-z]{2} \d{1,2}, \d{4}", line) for line in cover)


@pytest.mark.parametrize(("project", "kind"), CASES)
def test_annexes_are_lettered_not_numbered(built: dict[str, Path], project: str,
                                           kind: str) -> None:
    said = text(html(built, project, kind))
    assert "Annex A " in said
    assert not re.search(r"\b\d+ Annex\b|Annex\.", said)


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The thin project before any meeting, recommendation or action: its HTML reports."""
    from typer.testing import CliRunner

    from netconsult.cli import app

    root = tmp_path_factory.mktemp("empty") / "empty"
    shutil.copytree(THIN, root, ignore=shutil.ignore_patterns("build", "meetings"))
    (root / "recommendations.yaml").write_text("recommendations: []\n", encoding="utf-8")
    (root / "improvement-plan.yaml").write_text("actions: []\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(app, ["report", "all", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    return root / "build"


@pytest.mark.parametrize("kind", list(REPORT_FILES))
def test_an_empty_project_reads_well(empty: Path, kind: str) -> None:
    page = (empty / f"{REPORT_FILES[kind]}.html").read_text(encoding="utf-8")
    problems = unresolved_links(page) + tables_without_rows(page)
    assert problems == []

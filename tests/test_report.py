"""`netconsult report`: the sample's three PDFs and HTML, checked like a reader would."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import SAMPLE, MakeProject, RunCli

EPOCH = "1608249600"  # 2020-12-18


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample rendered once (PDF and HTML) for every test in this module."""
    from typer.testing import CliRunner

    from netconsult.cli import app

    root = tmp_path_factory.mktemp("sample") / "partners-network"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(app, ["report", "all", str(root)])
    assert result.exit_code == 0, result.output
    return root


def text_of(pdf: Path) -> tuple[int, str]:
    reader = PdfReader(pdf)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(("name", "sections", "min_pages"), [
    ("assessment", ["Executive summary", "The network", "How the assessment was done",
                    "What the member survey found", "Who answered", "Scores by dimension",
                    "Differences between groups", "Where members disagree most",
                    "Findings by theme", "Strengths and gaps", "Annex A Member organisations",
                    "Annex B Meeting notes", "Annex C Survey method and questionnaire"], 20),
    ("recommendations", ["Executive summary", "The recommendations at a glance",
                         "Digital tools and platforms", "Rituals", "Incentives for participation",
                         "Collaboration principles", "Governance and decision-making",
                         "Annex A Evidence index"], 6),
    ("improvement-plan", ["Executive summary", "Actions", "Timeline",
                          "Schedule of workshops, trainings and discussions",
                          "Who is responsible for what"], 6),
])
def test_pdf_reads_like_a_report(rendered: Path, name: str, sections: list[str],
                                 min_pages: int) -> None:
    pages, text = text_of(rendered / "build" / f"{name}.pdf")
    assert pages >= min_pages
    assert "Contents" in text
    for title in sections:
        assert title in text, title
        # the ToC line carries the section's page number
        assert re.search(re.escape(title) + r"\s*\.{3,}\s*\d+", text), f"ToC entry {title}"
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Partners Network" in text and "Peace Nexus Foundation" in text
    assert "Figure 1." in text and "Table 1." in text
    assert "DRAFT" not in text  # every sample deliverable is handed in
    assert "##" not in text and "**" not in text  # no raw Markdown


def test_pdfs_are_tagged_with_title_and_language(rendered: Path) -> None:
    reader = PdfReader(rendered / "build" / "assessment.pdf")
    assert reader.metadata is not None and "Partners Network" in (reader.metadata.title or "")
    catalog = reader.trailer["/Root"]
    assert catalog.get("/Lang") == "en"
    assert "/StructTreeRoot" in catalog  # tagged PDF (PDF/UA variant)


def test_second_run_renders_nothing(rendered: Path, cli: RunCli,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    before = {p.name: p.stat().st_mtime_ns for p in (rendered / "build").iterdir()}
    result = cli("report", "all", rendered)
    assert result.exit_code == 0
    assert "up to date" in result.stdout
    after = {p.name: p.stat().st_mtime_ns for p in (rendered / "build").iterdir()}
    assert before == after


def test_html_is_self_contained_and_escaped(rendered: Path) -> None:
    html = (rendered / "build" / "assessment.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "http://" not in html and "https://" not in html.replace(
        "https://json-schema.org", "")
    assert "--accent: #2E6B5E;" in html  # branding colour without a template edit


def test_summary_line(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    result = cli("report", "plan", project, "--format", "html")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote ")
    assert "improvement-plan.html" in result.stdout
    assert (project / "build" / "improvement-plan.html").is_file()
    assert not (project / "build" / "improvement-plan.pdf").exists()


def test_draft_is_marked_on_every_page(cli: RunCli, make_project: MakeProject) -> None:
    workplan = (Path(__file__).parent / "projects" / "minimal" / "workplan.yaml").read_text()
    project = make_project({"workplan.yaml": workplan.replace(
        "kind: improvement-plan, due: 2020-10-31, effort_days: 4, status: submitted",
        "kind: improvement-plan, due: 2020-10-31, effort_days: 4, status: in-progress")})
    assert cli("report", "plan", project, "--format", "pdf").exit_code == 0
    reader = PdfReader(project / "build" / "improvement-plan.pdf")
    assert all("DRAFT" in page.extract_text() for page in reader.pages[1:])


@pytest.mark.parametrize("args", [["report", "nonsense", "x"], ["report", "--format", "docx"],
                                  ["report", "--lang", "de"]])
def test_bad_options_exit_2(cli: RunCli, make_project: MakeProject, args: list[str]) -> None:
    project = make_project()
    result = cli(*args, *([] if "x" in args else [project]))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_broken_project_exit_2(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project({"members.yaml": "members: [\n"})
    result = cli("report", "all", project)
    assert result.exit_code == 2
    assert "members.yaml:" in result.stderr


def test_letter_paper(cli: RunCli, make_project: MakeProject) -> None:
    config = (Path(__file__).parent / "projects" / "minimal" / "netconsult.yaml").read_text()
    project = make_project({"netconsult.yaml": config + "branding: {paper: letter}\n"})
    assert cli("report", "plan", project, "--format", "pdf").exit_code == 0
    box = PdfReader(project / "build" / "improvement-plan.pdf").pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)

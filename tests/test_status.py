"""`netconsult status`: the engagement at a glance, on the sample and the minimal project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINIMAL, REPO, SAMPLE, MakeProject, RunCli, plain

HEAVY = ("weasyprint", "openpyxl", "icalendar", "matplotlib", "networkx")


def ids_and_regions(root: Path) -> tuple[list[str], list[str]]:
    workplan = yaml.safe_load((root / "workplan.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((root / "netconsult.yaml").read_text(encoding="utf-8"))
    return ([d["id"] for d in workplan["deliverables"]],
            [r["name"] for r in config["network"]["regions"]])


@pytest.mark.parametrize(("root", "day", "title", "effort"), [
    (SAMPLE, "2020-11-20", "Network Strengthening Initiative, phase 2", "20 of 25 days (80%)"),
    (MINIMAL, "2020-11-15", "Minimal engagement", "9.5 of 20 days (48%)"),
], ids=["sample", "minimal"])
def test_shows_the_whole_engagement(cli: RunCli, root: Path, day: str, title: str,
                                    effort: str) -> None:
    result = cli("status", root, "--as-of", day)
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert out.startswith(title + "\n")
    assert f"as of {day}" in out
    deliverables, regions = ids_and_regions(root)
    for deliverable in deliverables:
        assert f"\n {deliverable} " in out, deliverable  # the table row
        assert f"\n{deliverable} " in out, deliverable  # the timeline row
    for region in regions:
        assert region in out, region
    assert effort in out
    assert "Check: no problems" in out


def test_shows_what_check_finds(cli: RunCli) -> None:
    result = cli("status", MINIMAL, "--as-of", "2021-01-05")
    assert result.exit_code == 0  # status informs; `check` is the one that fails
    out = plain(result.stdout)
    assert "Check: 1 error" in out
    assert "NC101 deliverable D5 (Mentoring) was due 2020-12-31, 5 days ago" in out
    assert f"{MINIMAL.as_posix()}/workplan.yaml:6" in out
    assert "5 d late" in out


def test_lists_at_most_twelve_findings(cli: RunCli, make_project: MakeProject) -> None:
    # Every deliverable of a fresh 6-deliverable project is overdue long after it ends.
    project = make_project(base=None)
    assert cli("init", project, "--title", "T", "--client", "C", "--region", "A",
               "--region", "B", "--start", "2020-01-01", "--end", "2020-06-30").exit_code == 0
    result = cli("status", project, "--as-of", "2021-01-01")
    assert result.exit_code == 0
    assert "... and 3 more: run `netconsult check`" in result.stdout


@pytest.mark.parametrize(("files", "message"), [
    ({"workplan.yaml": "deliverables: [\n"}, "workplan.yaml:"),
    ({"netconsult.yaml": None}, "this folder is not a netconsult project"),
], ids=["broken-yaml", "not-a-project"])
def test_bad_project_exits_2(cli: RunCli, make_project: MakeProject,
                             files: dict[str, str | None], message: str) -> None:
    result = cli("status", make_project(files), "--as-of", "2020-11-15")
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_folder_exits_2(cli: RunCli, tmp_path: Path) -> None:
    result = cli("status", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no such project folder" in result.stderr


def test_bad_as_of_exits_2(cli: RunCli) -> None:
    result = cli("status", MINIMAL, "--as-of", "tomorrow")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['netconsult', 'status', {str(SAMPLE)!r}, '--as-of', '2020-11-20']\n"
        "from netconsult.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert "Network Strengthening Initiative" in result.stdout, result.stderr
    assert result.stdout.splitlines()[-1] == "LOADED []"


def test_shows_the_survey_rounds(cli: RunCli, make_project: MakeProject) -> None:
    sample = cli("status", SAMPLE, "--as-of", "2020-12-18")
    assert "Member survey round window respondents members rate Baseline 2020-07-06 to " \
        "2020-08-07 42 16/19 84% (target 75%)" in plain(sample.stdout)
    # A round that closed without responses stands out; one still open does not.
    survey = (SAMPLE / "survey" / "survey.yaml").read_text(encoding="utf-8").replace(
        "rounds:\n", "rounds:\n  - {id: pilot, name: Pilot, closes: 2020-07-01}\n"
                     "  - {id: later, name: Later, opens: 2020-12-10, closes: 2020-12-18}\n")
    root = make_project({"survey/survey.yaml": survey}, base=SAMPLE)
    out = plain(cli("status", root, "--as-of", "2020-12-18").stdout)
    assert "Pilot ? to 2020-07-01 none - -" in out
    assert "Later 2020-12-10 to 2020-12-18 - - -" in out

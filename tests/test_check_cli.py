"""`netconsult check` as people and CI use it: exit codes, output formats and options.

What each rule finds is tested in test_check_rules.py; here the minimal project is made late
(as of 2021-01-05 its mentoring deliverable D5 is overdue: one NC101 error) or over-spent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netconsult.checks.registry import all_rules
from tests.conftest import MINIMAL, REPO, MakeProject, RunCli

CLEAN_DAY = "2020-11-15"
LATE_DAY = "2021-01-05"  # D5 (due 2020-12-31, in progress) is overdue: NC101, an error
NEAR_BUDGET = {  # 16.5 of 20 days logged, none over a deliverable's plan: NC602, a warning
    "timesheet.yaml": (MINIMAL / "timesheet.yaml").read_text(encoding="utf-8")
    + "  - {date: 2020-10-01, deliverable: D4, days: 4}\n"
    + "  - {date: 2020-11-12, deliverable: D5, days: 3}\n"
}
BROKEN_YAML = {"workplan.yaml": "deliverables: [\n"}
HEAVY = ("weasyprint", "openpyxl", "icalendar", "matplotlib", "networkx", "rich")


def plain(text: str) -> str:
    """Output with Rich's box drawing removed and whitespace collapsed, for wrapped messages."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", text).split())


# -- exit codes ------------------------------------------------------------------------------


def test_clean_project_exits_0(cli: RunCli) -> None:
    result = cli("check", MINIMAL, "--as-of", CLEAN_DAY)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Minimal engagement, as of 2020-11-15: no problems\n"


def test_error_finding_exits_1(cli: RunCli) -> None:
    result = cli("check", MINIMAL, "--as-of", LATE_DAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{MINIMAL.as_posix()}/workplan.yaml:6:5: error NC101 deliverable D5 (Mentoring) was due "
        "2020-12-31, 5 days ago, and is still in-progress",
        "    hint: submit it and set status: submitted, or agree a new due date",
        f"Minimal engagement, as of {LATE_DAY}: 1 error",
    ]


def test_only_warnings_exit_0(cli: RunCli, make_project: MakeProject) -> None:
    result = cli("check", make_project(NEAR_BUDGET), "--as-of", CLEAN_DAY)
    assert result.exit_code == 0
    assert "warning NC602 " in result.stdout
    assert result.stdout.endswith(": 1 warning\n")


def test_only_info_exits_0(cli: RunCli) -> None:
    result = cli("check", MINIMAL, "--as-of", "2020-12-28")
    assert result.exit_code == 0
    assert "info NC102 deliverable D5 is due in 3 days" in result.stdout
    assert result.stdout.endswith(": 1 info\n")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_unreadable_project_exits_2(fmt: str, cli: RunCli, make_project: MakeProject,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_project(BROKEN_YAML))
    result = cli("check", ".", "--format", fmt, "--as-of", CLEAN_DAY)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    if fmt == "text":
        assert result.stdout == ""
        assert result.stderr.startswith("workplan.yaml:2:1: YAML syntax error")
    if fmt == "json":
        (problem,) = json.loads(result.stdout)["problems"]
        assert (problem["path"], problem["line"], problem["code"]) == ("workplan.yaml", 2, None)
    if fmt == "github":
        assert result.stdout.startswith(
            "::error file=workplan.yaml,line=2,col=1,title=netconsult::YAML syntax error")


def test_missing_folder_exits_2(cli: RunCli, tmp_path: Path) -> None:
    result = cli("check", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "nowhere: no such project folder" in result.stderr
    assert "Traceback" not in result.output


# -- formats ---------------------------------------------------------------------------------


def test_json_format(cli: RunCli, make_project: MakeProject,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_project(NEAR_BUDGET))
    result = cli("check", ".", "--format", "json", "--as-of", LATE_DAY)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)  # nothing but JSON on stdout
    problems = payload["problems"]
    assert [(p["code"], p["severity"]) for p in problems] == [
        ("NC602", "warning"), ("NC101", "error")]  # sorted by place: netconsult.yaml first
    for p in problems:
        assert set(p) == {"path", "line", "column", "severity", "code", "message", "hint"}
    assert problems[1] == {
        "path": "workplan.yaml", "line": 6, "column": 5, "severity": "error", "code": "NC101",
        "message": "deliverable D5 (Mentoring) was due 2020-12-31, 5 days ago, "
                   "and is still in-progress",
        "hint": "submit it and set status: submitted, or agree a new due date",
    }
    assert payload["summary"] == {"error": 1, "warning": 1}


def test_json_format_clean(cli: RunCli) -> None:
    result = cli("check", MINIMAL, "--format", "json", "--as-of", CLEAN_DAY)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"problems": [], "summary": {}}


def test_github_format(cli: RunCli, make_project: MakeProject,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_project(NEAR_BUDGET))
    result = cli("check", ".", "--format", "github", "--as-of", "2020-12-28")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "::warning file=netconsult.yaml,line=7,col=16,title=NC602::16.5 of 20 days used (82%25) "
        "with 1 deliverable(s) still open: D5%0Aplan the remaining days before they run out",
        "::notice file=workplan.yaml,line=6,col=5,title=NC102::deliverable D5 is due in 3 days",
    ]
    result = cli("check", ".", "--format", "github", "--as-of", LATE_DAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith(
        "::error file=workplan.yaml,line=6,col=5,title=NC101::deliverable D5 (Mentoring) was due")


def test_github_format_names_files_from_where_it_runs(cli: RunCli, tmp_path: Path,
                                                      make_project: MakeProject,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(name="my, project")  # the separators of annotation properties are escaped
    monkeypatch.chdir(tmp_path)
    result = cli("check", "my, project", "--format", "github", "--as-of", LATE_DAY)
    assert result.stdout.startswith(
        "::error file=my%2C project/workplan.yaml,line=6,col=5,title=NC101::")


# -- options ---------------------------------------------------------------------------------


def test_list_rules(cli: RunCli) -> None:
    result = cli("check", "--list-rules")
    assert result.exit_code == 0
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    rules = all_rules()
    assert len(heads) == len(rules) >= 16
    for head, r in zip(heads, rules, strict=True):
        assert re.fullmatch(rf"{r.code}\s+{r.severity}\s+{re.escape(r.title)}", head), head
        assert r.doc in result.stdout


@pytest.mark.parametrize("value", ["2020-13-01", "2021-02-29", "yesterday", "15/11/2020", ""])
def test_bad_as_of_exits_2(value: str, cli: RunCli) -> None:
    result = cli("check", MINIMAL, "--as-of", value)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = plain(result.stderr)
    assert "Invalid value for --as-of: expected a date written as YYYY-MM-DD" in message
    assert f"got '{value}'" in message
    assert "Traceback" not in result.output


def test_select_filters_by_code_prefix(cli: RunCli, make_project: MakeProject) -> None:
    root = make_project(NEAR_BUDGET)

    def codes(*select: str) -> list[str]:
        result = cli("check", root, "--format", "json", "--as-of", LATE_DAY, *select)
        return [p["code"] for p in json.loads(result.stdout)["problems"]]

    assert codes() == ["NC602", "NC101"]
    assert codes("--select", "NC1") == ["NC101"]
    assert codes("--select", "NC6") == ["NC602"]
    assert codes("--select", "NC101", "--select", "NC602") == ["NC602", "NC101"]
    result = cli("check", root, "--as-of", LATE_DAY, "--select", "NC6")
    assert result.exit_code == 0  # the error was not selected


# -- speed: check stays off the heavy libraries -----------------------------------------------

IMPORT_PROBE = """
import json, runpy, sys
runs, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
codes = []
for argv in runs:
    sys.argv = ["netconsult", *argv]
    try:
        runpy.run_module("netconsult", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        codes.append(exc.code)
heavy = [name for name in watched if name in sys.modules]
print(json.dumps({"exit_codes": codes, "heavy": heavy}))
"""


def test_check_does_not_import_heavy_libraries() -> None:
    """`python -m netconsult check` in a fresh interpreter: no PDF, chart, sheet or Rich code."""
    runs = [["check", str(MINIMAL), "--as-of", day, "--format", fmt]
            for day in (CLEAN_DAY, LATE_DAY) for fmt in ("text", "json", "github")]
    proc = subprocess.run([sys.executable, "-c", IMPORT_PROBE, json.dumps(runs), json.dumps(HEAVY)],
                          cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.splitlines()[-1])
    assert report == {"exit_codes": [0, 0, 0, 1, 1, 1], "heavy": []}

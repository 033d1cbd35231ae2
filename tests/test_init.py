"""`netconsult init`: a new engagement folder from flags or prompts, or a copy of a sample."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE, RunCli, plain

FLAGS = (
    "--title", 'Network Strengthening: phase "2"', "--client", "Partners Network",
    "--region", "europe=Europe", "--region", "Middle East",
    "--start", "2020-06-15", "--end", "2020-12-18", "--no-interactive",
)
DATA_FILES = ("netconsult.yaml", "members.yaml", "workplan.yaml", "recommendations.yaml",
              "improvement-plan.yaml", "timesheet.yaml")
SCHEMA_NAMES = ("netconsult", "members", "workplan", "meeting", "recommendations",
                "improvement-plan", "timesheet", "benchmark", "survey", "ties")
SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


@pytest.fixture
def project(cli: RunCli, tmp_path: Path) -> Path:
    root = tmp_path / "engagement"
    result = cli("init", root, *FLAGS)
    assert result.exit_code == 0, result.output
    assert f"in {root}" in result.stdout
    return root


def test_writes_every_file(project: Path) -> None:
    for name in DATA_FILES:
        assert (project / name).is_file(), name
    assert (project / "meetings").is_dir()
    gitignore = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "build/" in gitignore
    assert "survey/raw/" in gitignore
    assert 'Network Strengthening: phase "2"' in (project / "README.md").read_text("utf-8")
    workflow = (project / ".github/workflows/netconsult-check.yml").read_text(encoding="utf-8")
    assert "netconsult check" in workflow
    assert yaml.safe_load(workflow)["jobs"]["check"]["steps"]
    schemas = sorted(p.name for p in (project / ".schemas").iterdir())
    assert schemas == sorted(f"{name}.schema.json" for name in SCHEMA_NAMES)
    for path in (project / ".schemas").iterdir():
        assert "$schema" in json.loads(path.read_text(encoding="utf-8"))


def test_yaml_files_name_a_schema_that_exists(project: Path) -> None:
    for name in DATA_FILES:
        match = SCHEMA_LINE.match((project / name).read_text(encoding="utf-8"))
        assert match, f"{name} does not start with the yaml-language-server line"
        assert (project / match.group(1)).is_file(), match.group(1)


def test_values_land_in_the_config(project: Path) -> None:
    config = yaml.safe_load((project / "netconsult.yaml").read_text(encoding="utf-8"))
    assert config["engagement"]["title"] == 'Network Strengthening: phase "2"'
    assert config["engagement"]["start"] == dt.date(2020, 6, 15)
    assert config["engagement"]["effort_days"] == 25
    assert config["network"]["name"] == "Partners Network"  # defaults to the client
    assert config["network"]["regions"] == [
        {"id": "europe", "name": "Europe"}, {"id": "middle-east", "name": "Middle East"}]


def test_new_project_passes_check_and_status(cli: RunCli, project: Path) -> None:
    check = cli("check", project, "--as-of", "2020-07-01")
    assert check.exit_code == 0, check.output
    status = cli("status", project, "--as-of", "2020-07-01")
    assert status.exit_code == 0, status.output
    assert 'Network Strengthening: phase "2"' in status.stdout
    assert "of 25 days" in status.stdout
    assert "Middle East" in status.stdout


def test_default_dates_pass_check_today(cli: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "today"
    assert cli("init", root, "--title", "T", "--client", "C", "--region", "North").exit_code == 0
    result = cli("check", root)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(": no problems\n")


def test_interactive_asks_for_every_value(cli: RunCli, tmp_path: Path) -> None:
    answers = ["Health check 2021", "Partners Network", "The Network", "Peace Fund",
               "A. Consultant", "europe=Europe, Sub-Saharan Africa", "2021-01-04", "2021-06-30",
               "not a number", "12.5", "en, fr"]
    root = tmp_path / "asked"
    result = cli("init", root, "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Engagement title" in result.stdout
    assert "is not a valid float" in result.output  # asked again, no traceback
    engagement = yaml.safe_load((root / "netconsult.yaml").read_text(encoding="utf-8"))
    assert engagement["engagement"] == {
        "title": "Health check 2021", "client": "Partners Network", "funder": "Peace Fund",
        "consultants": [{"name": "A. Consultant"}], "start": dt.date(2021, 1, 4),
        "end": dt.date(2021, 6, 30), "effort_days": 12.5, "languages": ["en", "fr"],
    }
    assert engagement["network"]["name"] == "The Network"
    assert [r["id"] for r in engagement["network"]["regions"]] == ["europe",
                                                                   "sub-saharan-africa"]
    assert cli("check", root, "--as-of", "2021-01-04").exit_code == 0


def test_interactive_defaults(cli: RunCli, tmp_path: Path) -> None:
    # Title, client and regions have no default; everything else takes the offered one.
    answers = ["T", "C", "", "", "", "North", "2021-01-04", "", "", ""]
    root = tmp_path / "defaults"
    result = cli("init", root, "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((root / "netconsult.yaml").read_text(encoding="utf-8"))
    assert config["engagement"]["end"] == dt.date(2021, 7, 6)
    assert config["engagement"]["effort_days"] == 25
    assert config["engagement"]["languages"] == ["en"]
    assert "funder" not in config["engagement"]


def test_missing_flags_without_a_terminal(cli: RunCli, tmp_path: Path) -> None:
    # The test runner's stdin is not a terminal: no prompts, a clear refusal instead.
    result = cli("init", tmp_path / "new", "--title", "T")
    assert result.exit_code == 2
    assert "missing --client, --region" in result.stderr
    assert "hint: pass them as options" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "new").exists()


def test_refuses_a_non_empty_folder(cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = cli("init", tmp_path, *FLAGS)
    assert result.exit_code == 2
    assert "folder is not empty" in result.stderr
    assert "--force" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "netconsult.yaml").exists()


def test_force_replaces_and_says_so(cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    (tmp_path / "netconsult.yaml").write_text("old: true\n", encoding="utf-8")
    result = cli("init", tmp_path, *FLAGS, "--force")
    assert result.exit_code == 0, result.output
    assert f"replaced {tmp_path / 'netconsult.yaml'}" in result.stderr
    assert "notes.txt" not in result.stderr
    assert "old: true" not in (tmp_path / "netconsult.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert cli("check", tmp_path, "--as-of", "2020-07-01").exit_code == 0


def test_sample_is_copied_and_checks_clean(cli: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "demo"
    result = cli("init", root, "--sample", "partners-network")
    assert result.exit_code == 0, result.output
    for path in SAMPLE.rglob("*"):
        rel = path.relative_to(SAMPLE)
        if path.is_file() and rel.parts[0] != "build" and "__pycache__" not in rel.parts:
            assert (root / rel).read_bytes() == path.read_bytes(), rel
    assert (root / ".schemas" / "members.schema.json").is_file()
    assert (root / ".gitignore").is_file()
    check = cli("check", root, "--as-of", "2021-01-15")
    assert check.exit_code == 0, check.output
    assert check.stdout.endswith("no problems\n")


def test_unknown_sample_suggests_the_right_one(cli: RunCli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "demo", "--sample", "partners-netwrk")
    assert result.exit_code == 2
    assert "no bundled sample called 'partners-netwrk'" in result.stderr
    assert "did you mean 'partners-network'?" in result.stderr
    assert not (tmp_path / "demo").exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--start", "2020-13-01"), "expected a date written as YYYY-MM-DD"),
    (("--start", "15/06/2020"), "expected a date written as YYYY-MM-DD"),
    (("--end", "2020-06-01"), "the engagement must end after it starts"),
    (("--language", "de"), "unsupported language 'de'"),
    (("--effort-days", "0"), "the budget must be a number of days above 0"),
    (("--effort-days", "-5"), "the budget must be a number of days above 0"),
    (("--effort-days", "nan"), "the budget must be a number of days above 0"),
    (("--effort-days", "many"), "'many' is not a valid float"),
    (("--region", "europe"), "two regions would get the id 'europe'"),
], ids=["month-13", "day-first", "end-before-start", "language", "zero-budget",
        "negative-budget", "nan-budget", "word-budget", "duplicate-region"])
def test_bad_values_are_refused(cli: RunCli, tmp_path: Path, args: tuple[str, ...],
                                message: str) -> None:
    result = cli("init", tmp_path / "new", *FLAGS, *args)
    assert result.exit_code == 2
    assert message in plain(result.stderr)
    assert "Traceback" not in result.output
    assert not (tmp_path / "new").exists()


def test_sample_refuses_engagement_flags(cli: RunCli, tmp_path: Path) -> None:
    result = cli("init", "--sample", "partners-network", "--title", "Mine", tmp_path / "x")
    assert result.exit_code == 2
    assert "--title cannot be combined with it" in result.stderr
    assert not (tmp_path / "x").exists()


def test_sample_readme_names_the_engagement(cli: RunCli, tmp_path: Path) -> None:
    assert cli("init", "--sample", "partners-network", tmp_path / "x").exit_code == 0
    readme = (tmp_path / "x" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Network Strengthening Initiative, phase 2\n")

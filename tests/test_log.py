"""`netconsult log`: one entry appended to timesheet.yaml, the rest of the file untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from netconsult.errors import ProjectError, UsageError
from netconsult.project.timesheet import splice_entry
from tests.conftest import MakeProject, RunCli

CLEAN_DAY = "2020-11-15"
ENTRY = '{date: 2020-11-12, deliverable: D5, days: 0.5, note: "call: \\"next steps\\""}'
LOG = ("log", "0.5", "-d", "D5", "--date", "2020-11-12", "--note", 'call: "next steps"')
COMMENTED = """\
# yaml-language-server: $schema=.schemas/timesheet.schema.json
# Days worked   (two spaces, on purpose)
entries:
  # June
  - {date: 2020-06-20, deliverable: D1, days: 2}    # kick-off

  - date: 2020-07-15
    deliverable: D2
    days: 4.5
    note: 'single quoted'
"""
BLOCK_SCALAR_LAST = """\
entries:
  - {date: 2020-06-20, deliverable: D1, days: 2}
  - date: 2020-07-15
    deliverable: D2
    days: 4.5
    note: |
      Europe meeting notes,
      then the survey draft.
"""


def write(project: Path, data: bytes) -> Path:
    path = project / "timesheet.yaml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("before", "after"), [
    (COMMENTED, COMMENTED + f"  - {ENTRY}\n"),
    (BLOCK_SCALAR_LAST, BLOCK_SCALAR_LAST + f"  - {ENTRY}\n"),
    ("# none yet\nentries: []\n", f"# none yet\nentries:\n  - {ENTRY}\n"),
    ("entries: [{date: 2020-06-20, deliverable: D1, days: 2}]  # flow\n",
     f"entries: [{{date: 2020-06-20, deliverable: D1, days: 2}}, {ENTRY}]  # flow\n"),
    ("# c\r\nentries:\r\n  - {date: 2020-06-20, deliverable: D1, days: 2}\r\n",
     f"# c\r\nentries:\r\n  - {{date: 2020-06-20, deliverable: D1, days: 2}}\r\n  - {ENTRY}\r\n"),
    ("\ufeffentries: [{date: 2020-06-20, deliverable: D1, days: 2}]\r\n",
     f"\ufeffentries: [{{date: 2020-06-20, deliverable: D1, days: 2}}, {ENTRY}]\r\n"),
], ids=["comments", "block-scalar-last", "empty-list", "flow-list", "crlf", "bom-crlf"])
def test_appends_and_keeps_every_other_byte(cli: RunCli, make_project: MakeProject,
                                           before: str, after: str) -> None:
    project = make_project()
    path = write(project, before.encode("utf-8"))
    result = cli(*LOG, project)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Logged 0.5 d on D5 for 2020-11-12 (entry ")
    assert path.read_bytes() == after.encode("utf-8")
    check = cli("check", project, "--as-of", CLEAN_DAY)
    assert check.exit_code == 0, check.output


def test_reports_the_days_used(cli: RunCli, make_project: MakeProject) -> None:
    result = cli("log", "1.5", "-d", "D5", "--date", "2020-11-12", make_project())
    assert result.stdout == ("Logged 1.5 d on D5 for 2020-11-12 (entry 4); "
                             "11 of 20 days used (55%).\n")


def test_creates_a_missing_timesheet(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project({"timesheet.yaml": None})
    result = cli(*LOG, project)
    assert result.exit_code == 0, result.output
    assert "(entry 1)" in result.stdout
    text = (project / "timesheet.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.schemas/timesheet.schema.json\n")
    assert text.endswith(f"entries:\n  - {ENTRY}\n")
    assert cli("check", project, "--as-of", CLEAN_DAY).exit_code == 0


def test_unknown_deliverable_leaves_the_file(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    before = (project / "timesheet.yaml").read_bytes()
    result = cli("log", "1", "-d", "D55", project)
    assert result.exit_code == 2
    assert "unknown deliverable 'D55'" in result.stderr
    assert "did you mean 'D5'?" in result.stderr
    assert (project / "timesheet.yaml").read_bytes() == before


@pytest.mark.parametrize("args", [
    ("log", "0", "DIR", "-d", "D5"),
    ("log", "-d", "D5", "--", "-0.5", "DIR"),
    ("log", "many", "DIR", "-d", "D5"),
    ("log", "1", "DIR", "-d", "D5", "--date", "12/11/2020"),
], ids=["zero", "negative", "not-a-number", "bad-date"])
def test_bad_values_are_refused(cli: RunCli, make_project: MakeProject,
                                args: tuple[str, ...]) -> None:
    project = make_project()
    before = (project / "timesheet.yaml").read_bytes()
    result = cli(*(project if a == "DIR" else a for a in args))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (project / "timesheet.yaml").read_bytes() == before


def test_zero_days_says_why(cli: RunCli, make_project: MakeProject) -> None:
    result = cli("log", "0", "-d", "D5", make_project())
    assert result.exit_code == 2
    assert "log more than 0 days" in result.stderr


# -- splice_entry: the text surgery on its own ----------------------------------------------


@pytest.mark.parametrize(("before", "after"), [
    ("", "entries:\n  - {X}\n"),
    ("# only a comment", "# only a comment\nentries:\n  - {X}\n"),
    ("entries:\n", "entries:\n  - {X}\n"),
    ("other: 1\n", "other: 1\nentries:\n  - {X}\n"),
    ("entries: []\nother: 1\n", "entries:\n  - {X}\nother: 1\n"),
    ("entries: [a, b,]\n", "entries: [a, b, {X},]\n"),
    ("entries: [\n  a,\n]\n", "entries: [\n  a, {X},\n]\n"),
    ("entries: [a  # c\n]\n", "entries: [a, {X}  # c\n]\n"),
    ("entries:\n- a\n# end\n", "entries:\n- a\n- {X}\n# end\n"),
    ("entries:\n  - a  # first\n  # more\nother: 1\n",
     "entries:\n  - a  # first\n  - {X}\n  # more\nother: 1\n"),
    ("entries:\n  - a", "entries:\n  - a\n  - {X}\n"),
    ("entries:\n  - note: |+\n      kept\n\n\nother: 1\n",
     "entries:\n  - note: |+\n      kept\n\n\n  - {X}\nother: 1\n"),
    ("entries:\n  - note: >-\n      folded\n    days: 1\n",
     "entries:\n  - note: >-\n      folded\n    days: 1\n  - {X}\n"),
    ("entries:\r\n  - a\r\n", "entries:\r\n  - a\r\n  - {X}\r\n"),
    ("\ufeffentries: [a]\n", "\ufeffentries: [a, {X}]\n"),
], ids=["empty-file", "comment-only", "null", "no-key", "empty-flow", "trailing-comma",
        "multi-line-flow", "flow-comment", "unindented", "comments-around", "no-final-newline",
        "keep-chomping", "folded", "crlf", "bom"])
def test_splice_entry(before: str, after: str) -> None:
    assert splice_entry(before, "{X}") == after


@pytest.mark.parametrize(("text", "error"), [
    ("entries: [\n", ProjectError),
    ("entries: 3\n", UsageError),
    ("- a\n", UsageError),
], ids=["broken", "not-a-list", "not-a-mapping"])
def test_splice_entry_refuses(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        splice_entry(text, "{X}")

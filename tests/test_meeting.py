"""`netconsult meeting new`: a note that loads, under a name that is never reused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import MakeProject, RunCli, front_matter

NEW = ("meeting", "new", "--date", "2020-11-20")
AFTER = "2020-11-25"
OVERRIDE = "templates/notes/meeting.md"


def findings(cli: RunCli, project: Path) -> list[str]:
    result = cli("check", project, "--as-of", AFTER, "--format", "json")
    assert result.exit_code == 0, result.output
    return [p["code"] for p in json.loads(result.stdout)["problems"]]


def test_regional_note_loads(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    result = cli(*NEW, project, "--region", "north", "-d", "D2", "-p", "n1", "-p", "n2")
    note = project / "meetings" / "2020-11-20-north.md"
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {note}\n"
    assert front_matter(note) == {
        "title": "North regional meeting", "date": dt.date(2020, 11, 20), "kind": "regional",
        "region": "north", "deliverable": "D2", "participants": ["n1", "n2"],
        "duration_minutes": 90, "findings": [], "quotes": [],
    }
    # Loads and validates; a regional meeting without findings yet is only worth a warning.
    assert findings(cli, project) == ["NC202"]


def test_other_kinds_are_named_after_the_kind(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    result = cli(*NEW, project, "--kind", "mentoring", "-d", "D5", "-p", "n1")
    assert result.exit_code == 0, result.output
    assert front_matter(project / "meetings" / "2020-11-20-mentoring.md")["kind"] == "mentoring"
    assert findings(cli, project) == []


def test_never_overwrites(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    meetings = project / "meetings"
    assert cli(*NEW, project, "--region", "south").exit_code == 0
    first = meetings / "2020-11-20-south.md"
    first.write_text(first.read_text(encoding="utf-8") + "Notes I wrote.\n", encoding="utf-8")
    kept = first.read_bytes()
    assert cli(*NEW, project, "--region", "south").stdout.endswith("2020-11-20-south-2.md\n")
    assert cli(*NEW, project, "--region", "south").stdout.endswith("2020-11-20-south-3.md\n")
    assert first.read_bytes() == kept


@pytest.mark.parametrize(("args", "message", "hint"), [
    (("--region", "nort"), "--region: unknown region 'nort'", "did you mean 'north'?"),
    (("--region", "north", "-d", "D9"), "--deliverable: unknown deliverable 'D9'",
     "known deliverables: D1, D2, D3, D4, D5"),
    (("--region", "north", "-p", "n1", "-p", "x9"), "--participant: unknown member 'x9'",
     "known members: n1, n2, s1"),
    (("--kind", "regionl"), "--kind: unknown meeting kind 'regionl'",
     "did you mean 'regional'?"),
    ((), "--region: a regional meeting needs --region", "known regions: north, south"),
], ids=["region", "deliverable", "participant", "kind", "regional-without-region"])
def test_unknown_values_are_refused(cli: RunCli, make_project: MakeProject,
                                    args: tuple[str, ...], message: str, hint: str) -> None:
    project = make_project()
    before = sorted((project / "meetings").iterdir())
    result = cli(*NEW, project, *args)
    assert result.exit_code == 2
    assert result.stderr == f"{message}\n    hint: {hint}\n"
    assert sorted((project / "meetings").iterdir()) == before


def test_bad_date_is_refused(cli: RunCli, make_project: MakeProject) -> None:
    result = cli("meeting", "new", make_project(), "--region", "north", "--date", "2020-11-31")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_title_with_quotes_and_colons(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    title = 'South: "what next?" # not a comment, [not] a list'
    assert cli(*NEW, project, "--region", "south", "--title", title).exit_code == 0
    assert front_matter(project / "meetings" / "2020-11-20-south.md")["title"] == title
    assert findings(cli, project) == ["NC202"]


def test_project_template_overrides_the_builtin(cli: RunCli,
                                                make_project: MakeProject) -> None:
    template = ("---\ndate: {{ date }}\nkind: {{ kind }}\nregion: {{ region }}\n"
                "participants: [{{ participants | join(', ') }}]\n---\n"
                "## Our own agenda for {{ region }}\n")
    project = make_project({OVERRIDE: template})
    result = cli(*NEW, project, "--region", "north", "-p", "n2")
    assert result.exit_code == 0, result.output
    text = (project / "meetings" / "2020-11-20-north.md").read_text(encoding="utf-8")
    assert text.endswith("---\n## Our own agenda for north\n")
    assert findings(cli, project) == ["NC202"]


@pytest.mark.parametrize(("template", "message"), [
    ("---\ndate: {{ date }\n---\n", f"{OVERRIDE}:2: meeting-note template: unexpected '}}'"),
    ("---\ndate: {{ when }}\n---\n", "meeting-note template: 'when' is undefined"),
    ("---\ndate: {{ date }}\nkind: {{ kind }}\n---\n",
     "the meeting-note template does not write the values it was given: region north (it "
     "wrote nothing)"),
    ("---\ndate: {{ date }}\nkind: {{ kind }}\nregion: {{ region }}\n"
     "deliverable: {{ deliverable }}\n---\n", "deliverable nothing (it wrote None)"),
    ("---\ndate: {{ date }}\nkind: {{ kind }}\nregion: {{ region }}\nagenda: []\n---\n",
     "unknown key 'agenda'"),
    ("---\n{{ ''.__class__.__mro__ }}\n---\n", "unsafe"),
], ids=["syntax", "undefined", "drops-region", "none-deliverable", "unknown-key", "sandbox"])
def test_broken_template_writes_nothing(cli: RunCli, make_project: MakeProject,
                                        template: str, message: str) -> None:
    project = make_project({OVERRIDE: template})
    before = sorted((project / "meetings").iterdir())
    result = cli(*NEW, project, "--region", "north")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert sorted((project / "meetings").iterdir()) == before

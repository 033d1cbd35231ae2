"""`netconsult plan export`: the Excel tracker and the events calendar, read back."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

# Tests read the outputs back; the ban on module-level imports is about the CLI's speed.
import icalendar  # noqa: TID253
import openpyxl  # noqa: TID253
import pytest
import yaml

from tests.conftest import SAMPLE, MakeProject, RunCli

XLSX, ICS = "improvement-plan.xlsx", "events.ics"
PLAN = yaml.safe_load((SAMPLE / "improvement-plan.yaml").read_text(encoding="utf-8"))
SAMPLE_START = dt.datetime(2020, 6, 15, tzinfo=dt.UTC)  # the engagement's start: the default stamp
HEADER = ["Action", "Recommendation", "Recommendation title", "Title", "Owner", "Owner id",
          "Start", "Due", "Status", "Indicator"]
HOSTILE = 'Commas, semi;colons \\ back\\slash "quotes"\nsecond line 🎉 \a'


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def sample(make_project: MakeProject) -> Path:
    return make_project(base=SAMPLE, name="sample")


def export(cli: RunCli, project: Path, *args: str | Path) -> Path:
    result = cli("plan", "export", project, *args)
    assert result.exit_code == 0, result.output
    return project / "build"


def events(path: Path) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


# -- the command ---------------------------------------------------------------------------


def test_writes_both_files_and_says_so(cli: RunCli, sample: Path) -> None:
    result = cli("plan", "export", sample)
    assert result.exit_code == 0, result.output
    build = sample / "build"
    assert result.stdout.splitlines() == [
        f"Wrote {build / name} ({(build / name).stat().st_size:,} bytes)" for name in (XLSX, ICS)]


def test_out_writes_elsewhere(cli: RunCli, sample: Path, tmp_path: Path) -> None:
    export(cli, sample, "--out", tmp_path / "shared")
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == [ICS, XLSX]
    assert not (sample / "build").exists()


def test_broken_project_exits_2_and_writes_nothing(cli: RunCli,
                                                   make_project: MakeProject) -> None:
    project = make_project({"improvement-plan.yaml": "actions: [\n"})
    result = cli("plan", "export", project)
    assert result.exit_code == 2
    assert "improvement-plan.yaml:2:1: YAML syntax error" in result.stderr
    assert not (project / "build").exists()


def test_bad_source_date_epoch_exits_2(cli: RunCli, sample: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = cli("plan", "export", sample)
    assert result.exit_code == 2
    assert result.stderr.startswith("SOURCE_DATE_EPOCH: expected a whole number of seconds")


# -- the tracker ---------------------------------------------------------------------------


def test_actions_sheet(cli: RunCli, sample: Path) -> None:
    book = openpyxl.load_workbook(export(cli, sample) / XLSX)
    assert book.sheetnames == ["Actions", "Events", "Owners"]
    sheet = book["Actions"]
    count = len(PLAN["actions"])
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{count + 1}"
    assert sheet.max_row == count + 1
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref) == f"I2:I{count + 1}"
    assert validation.formula1 == '"planned,in-progress,done,dropped"'
    assert len(sheet.conditional_formatting) == 1  # overdue rows
    first = dict(zip(HEADER, (c.value for c in sheet[2]), strict=True))
    assert first["Action"] == "A1"
    assert first["Owner"] == "Liaison Group" and first["Owner id"] == "liaison-group"
    assert first["Recommendation"] == "R1"
    assert first["Recommendation title"].startswith("One shared online home")
    for column, key in (("G", "start"), ("H", "due")):
        cell = sheet[f"{column}2"]
        assert cell.is_date and cell.number_format == "yyyy-mm-dd"
        assert cell.value.date() == PLAN["actions"][0][key]
    assert book.properties.creator == "netconsult"
    assert book.properties.title == ("Network Strengthening Initiative, phase 2: "
                                     "improvement plan tracker")


def test_events_sheet_shows_local_and_utc_time(cli: RunCli, sample: Path) -> None:
    sheet = openpyxl.load_workbook(export(cli, sample) / XLSX)["Events"]
    assert sheet.max_row == len(PLAN["events"]) + 1
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    # N1 starts "2020-11-26T09:00:00-05:00" in the YAML.
    _, title, kind, local, offset, utc, minutes, *_, linked = rows["N1"]
    assert title.startswith("Network Hour #1") and kind == "discussion"
    assert (local, offset, utc) == (dt.datetime(2020, 11, 26, 9), "UTC-05:00",
                                    dt.datetime(2020, 11, 26, 14))
    assert minutes == 45 and linked == "A6, A8"


def test_owners_sheet_lists_who_does_what(cli: RunCli, sample: Path) -> None:
    sheet = openpyxl.load_workbook(export(cli, sample) / XLSX)["Owners"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    expected = [a["id"] for a in PLAN["actions"] if a["owner"] == "liaison-group"]
    name, _, kind, actions, still_open, next_due = rows["liaison-group"]
    assert (name, kind) == ("Liaison Group", "group")
    assert actions.split(", ") == expected
    assert still_open == "A6, A7, A12, A15" and next_due == dt.datetime(2021, 5, 31)
    assert rows["pg-us"][:3] == ("PartnersGlobal", "pg-us", "member")
    assert sum(len(row[3].split(", ")) for row in rows.values()) == len(PLAN["actions"])


# -- the calendar --------------------------------------------------------------------------


def test_calendar_events(cli: RunCli, sample: Path) -> None:
    path = export(cli, sample) / ICS
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(calendar["PRODID"]) == "-//netconsult//EN" and str(calendar["VERSION"]) == "2.0"
    found = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert list(found) == [e["id"] for e in PLAN["events"]]
    assert len({str(e["UID"]) for e in found.values()}) == len(found)
    assert str(found["W1"]["UID"]) == "W1@partners-network-2020-06-15.netconsult"
    for event in PLAN["events"]:
        vevent = found[event["id"]]
        start = dt.datetime.fromisoformat(event["start"])
        assert vevent.decoded("DTSTART") == start
        assert vevent.decoded("DTSTART").utcoffset() == dt.timedelta(0)  # written in UTC
        assert vevent.decoded("DTEND") - start == dt.timedelta(minutes=event["duration_minutes"])
        assert str(vevent["SUMMARY"]) == event["title"]
        assert [str(c) for c in vevent["CATEGORIES"].cats] == [event["kind"]]
        assert vevent.decoded("DTSTAMP") == SAMPLE_START
    assert b"DTSTART:20201126T140000Z" in path.read_bytes()  # 09:00-05:00
    description = str(found["W1"]["DESCRIPTION"])
    assert "Audience: All member centres, directors and programme staff" in description
    assert "Facilitator: Lucía Ferreira and Daniel Mensah, with the Liaison Group" in description
    assert "- A11: Draft the collaboration charter in a facilitated discussion" in description


def test_hostile_text_round_trips(cli: RunCli, make_project: MakeProject) -> None:
    plan = (SAMPLE / "improvement-plan.yaml").read_text(encoding="utf-8")
    hostile = plan.replace(
        '"Network Hour #1: community dialogue methods, hosted from Bogotá"',
        '"Commas, semi;colons \\\\ back\\\\slash \\"quotes\\"\\nsecond line 🎉 \\a"',
    ).replace("title: Trial two platforms with the Liaison Group and choose one",
              'title: "=HYPERLINK(\\"http://example.org\\",\\"click\\")"')
    assert hostile.count("🎉") == 1 and hostile.count("HYPERLINK") == 1
    project = make_project({"improvement-plan.yaml": hostile}, base=SAMPLE)
    build = export(cli, project)
    shown = HOSTILE.replace("\a", "\ufffd")  # a bell is not allowed in XML or iCalendar
    (n1,) = [e for e in events(build / ICS) if str(e["UID"]).startswith("N1@")]
    assert str(n1["SUMMARY"]) == shown
    book = openpyxl.load_workbook(build / XLSX)
    assert book["Events"]["B4"].value == shown
    formula = book["Actions"]["D2"]
    assert formula.value == '=HYPERLINK("http://example.org","click")'
    assert formula.data_type == "s"  # text, not a live formula


def test_project_without_events_writes_an_empty_calendar(cli: RunCli,
                                                          make_project: MakeProject) -> None:
    project = make_project({"improvement-plan.yaml": None})
    result = cli("plan", "export", project)
    assert result.exit_code == 0, result.output
    assert "no improvement-plan.yaml" in result.stderr
    calendar = icalendar.Calendar.from_ical((project / "build" / ICS).read_bytes())
    assert str(calendar["PRODID"]) == "-//netconsult//EN"
    assert calendar.walk("VEVENT") == []
    sheet = openpyxl.load_workbook(project / "build" / XLSX)["Actions"]
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:J1"


# -- reproducible --------------------------------------------------------------------------


def test_same_folder_same_bytes(cli: RunCli, sample: Path, tmp_path: Path) -> None:
    first = {name: (export(cli, sample) / name).read_bytes() for name in (XLSX, ICS)}
    copy = tmp_path / "elsewhere"
    sample.rename(copy)  # another folder name: UIDs depend on the engagement, not the path
    second = {name: (export(cli, copy) / name).read_bytes() for name in (XLSX, ICS)}
    assert first == second
    with zipfile.ZipFile(copy / "build" / XLSX) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 6, 15, 0, 0, 0)}
    props = openpyxl.load_workbook(copy / "build" / XLSX).properties
    assert props.created == props.modified == SAMPLE_START.replace(tzinfo=None)


def test_source_date_epoch_sets_every_timestamp(cli: RunCli, sample: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1609459200")  # 2021-01-01T00:00:00Z
    build = export(cli, sample)
    when = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    assert {e.decoded("DTSTAMP") for e in events(build / ICS)} == {when}
    assert openpyxl.load_workbook(build / XLSX).properties.modified == when.replace(tzinfo=None)


# -- never over a user's file --------------------------------------------------------------


def test_rerun_replaces_its_own_files(cli: RunCli, sample: Path) -> None:
    build = export(cli, sample)
    before = (build / ICS).read_bytes()
    plan = sample / "improvement-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Launch workshop", "Kick-off"),
                    encoding="utf-8")
    export(cli, sample)
    assert (build / ICS).read_bytes() != before
    assert "SUMMARY:Kick-off" in (build / ICS).read_text(encoding="utf-8")


def test_refuses_files_it_did_not_write(cli: RunCli, sample: Path) -> None:
    build = export(cli, sample)
    book = openpyxl.load_workbook(build / XLSX)
    book["Actions"]["I2"] = "in-progress"
    book.save(build / XLSX)  # another program saved over it: a new `modified` time
    (build / ICS).write_text("BEGIN:VCALENDAR\r\nPRODID:-//Someone//EN\r\n", encoding="utf-8")
    saved = {name: (build / name).read_bytes() for name in (XLSX, ICS)}
    result = cli("plan", "export", sample)
    assert result.exit_code == 2
    assert result.stderr.count("not overwriting it") == 2
    assert "hint: pass --force" in result.stderr
    assert {name: (build / name).read_bytes() for name in (XLSX, ICS)} == saved
    export(cli, sample, "--force")
    assert openpyxl.load_workbook(build / XLSX)["Actions"]["I2"].value == "done"

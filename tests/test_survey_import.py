"""`netconsult survey import`: each tool's export, the problems it reports, safety, real files.

Fixtures: tests/survey_exports/survey.yaml is the instrument (over tests/projects/minimal's
members n1 North One, n2 North Two, s1 South One); the CSV exports there are hand-written,
workbooks are built here. tests/survey_exports/broken/ holds broken inputs with the exact
messages expected (`NETCONSULT_REGEN=1 pytest tests/test_survey_import.py` rewrites them).
The real exports in ../shared/real-data are read in place when that folder exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

# Tests build workbooks; the ban on module-level imports is about the CLI's speed.
import openpyxl  # noqa: TID253
import pytest
import yaml

from netconsult.io.survey_import import tables
from netconsult.io.survey_import.importer import import_file
from netconsult.project.load import load_project
from netconsult.project.responses import format_responses
from tests.conftest import REPO, MakeProject, RunCli

EXPORTS = Path(__file__).parent / "survey_exports"
BROKEN = EXPORTS / "broken"
SURVEY = (EXPORTS / "survey.yaml").read_text(encoding="utf-8")
REAL = Path(os.environ.get("NETCONSULT_REAL_DATA", REPO.parent / "shared" / "real-data"))
REGEN = os.environ.get("NETCONSULT_REGEN") == "1"
HEADER = "respondent,member,submitted,role,trust,voice,activities,partners,years,change"
UUID_A, UUID_B, UUID_C = (f"6f1c2a3e-0001-4000-8000-00000000000{i}" for i in (1, 2, 3))


def rid(key: str) -> str:
    """The respondent id the importer derives, by its documented rule: "r-" and 10 hex
    digits of SHA-256 over a fixed prefix and the submission's key."""
    return "r-" + hashlib.sha256(b"netconsult respondent\0" + key.encode()).hexdigest()[:10]


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project({"survey/survey.yaml": SURVEY})


@pytest.fixture
def here(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project as the current folder: messages then show short relative paths."""
    monkeypatch.chdir(project)
    (project / "exports").mkdir()
    return project


def run(cli: RunCli, export: str | Path, *args: str) -> Any:
    result = cli("survey", "import", export, ".", *args)
    assert "Traceback" not in result.output
    return result


def written(project: Path, round_id: str = "followup") -> str:
    return (project / "survey" / "responses" / f"{round_id}.csv").read_text(encoding="utf-8")


def save(path: Path, sheets: dict[str, list[list[Any]]], *, at: tuple[int, int] = (1, 1)) -> Path:
    """A workbook with these sheets, each table's top-left cell at `at` (row, column)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.cell(at[0] + r, at[1] + c, value)
    book.save(path)
    return path


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


# -- KoboToolbox XLSX: XML names, group paths, option columns, a repeat sheet ------------

KOBO_HEADER = [
    "start", "end", "org", "grp_profile/role", "grp_scale/trust", "grp_scale/voice",
    "activities", "activities/webinars", "activities/visits", "activities/meetings",
    "partners/n1", "partners/n2", "partners/s1", "years", "change", "username", "_id",
    "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
    "__version__", "_tags", "_index",
]


def kobo_row(org: str, role: str, trust: Any, voice: Any, activities: str, options: list[int],
             partners: list[int], years: Any, change: str, uuid: str, day: int) -> list[Any]:
    t = dt.datetime(2020, 7, day, 9, 0)
    return [t, t + dt.timedelta(minutes=20), org, role, trust, voice, activities, *options,
            *partners, years, change, "jdoe", day, uuid, t + dt.timedelta(minutes=21), "",
            "", "submitted_via_web", "jdoe", "vA1", "", day]


def kobo_workbook(path: Path) -> Path:
    return save(path, {
        "Member survey": [
            KOBO_HEADER,
            kobo_row("n1", "director", "4", "2", "webinars meetings", [1, 0, 1], [0, 1, 1], 12,
                     "More exchange, less reporting", UUID_A, 10),
            kobo_row("n2", "staff", "98", "5", "", [0, 0, 0], [1, 0, 0], 3.5, "", UUID_B, 11),
            kobo_row("s1", "board", "7", "1", "visits", [0, 1, 0], [0, 0, 0], 45, "", UUID_C,
                     12),
            kobo_row("n1", "staff", "1", "1", "", [0, 0, 0], [0, 0, 0], 1, "", UUID_A, 13),
        ],
        "family": [["family/age", "_index", "_parent_table_name", "_parent_index"],
                   [12, 1, "Member survey", 1]],
    })


def test_kobo_xlsx_with_groups_and_option_columns(cli: RunCli, here: Path) -> None:
    kobo_workbook(here / "exports" / "kobo.xlsx")
    result = run(cli, "exports/kobo.xlsx", "--round", "baseline")
    assert result.exit_code == 0, result.output
    assert written(here, "baseline") == "\n".join([
        HEADER,
        f'{rid("id:" + UUID_A)},n1,2020-07-10,director,4,2,webinars meetings,n2 s1,12,'
        '"More exchange, less reporting"',
        f"{rid('id:' + UUID_B)},n2,2020-07-11,staff,98,5,,n1,3.5,",
        f"{rid('id:' + UUID_C)},s1,2020-07-12,board,,1,visits,,,",
    ]) + "\n"
    out = result.stdout.splitlines()
    assert out[0] == "Read exports/kobo.xlsx, sheet 'Member survey': KoboToolbox XLSX export " \
        "(XML names)"
    assert out[1] == "  respondents: 3 imported from 4 rows (1 skipped)"
    assert out[2] == "  members: 3 of 3 respondents matched, 3 of 3 member organisations answered"
    # The member, 6 answers and 6 option columns; start, end, username and the 10 "_"
    # metadata columns are dropped.
    assert out[3] == "  columns: 13 mapped to 8 questions, 13 of the tool's own dropped, 0 unmapped"
    where = "exports/kobo.xlsx:{}:{}: warning: sheet 'Member survey', column '{}': "
    assert warnings(result.stderr) == [
        where.format(4, 5, "grp_scale/trust") + "'7' is not on the 1-5 agreement scale of "
        "question trust, nor the don't-know (98) or not-applicable (99) code; left unanswered",
        where.format(4, 14, "years") + "45 is above the maximum 40 of question years; left "
        "unanswered",
        where.format(5, 18, "_uuid") + f"submission '{UUID_A}' appears again (first on row 2); "
        "this row is skipped",
    ]
    notes = [line for line in result.stderr.splitlines() if ": note: " in line]
    assert notes == [
        "exports/kobo.xlsx: note: sheet 'family' was not read (repeat groups are not "
        "imported); responses come from sheet 'Member survey'",
        "exports/kobo.xlsx:1:16: note: sheet 'Member survey': dropped 2 columns that identify "
        "people or devices: 'username', '_submitted_by'",
    ]
    assert "jdoe" not in written(here, "baseline")


def test_the_written_file_loads_back_as_the_project_reads_it(cli: RunCli, here: Path) -> None:
    kobo_workbook(here / "exports" / "kobo.xlsx")
    assert run(cli, "exports/kobo.xlsx", "--round", "baseline").exit_code == 0
    responses = load_project(here).responses["baseline"].responses
    first = responses[0]
    assert (first.member, first.submitted) == ("n1", dt.date(2020, 7, 10))
    assert first.answers == {"role": "director", "trust": "4", "voice": "2",
                             "activities": ("webinars", "meetings"), "partners": ("n2", "s1"),
                             "years": 12.0, "change": "More exchange, less reporting"}
    assert responses[2].answers == {"role": "board", "voice": "1", "activities": ("visits",)}


def test_provenance_file_says_where_the_responses_came_from(cli: RunCli, here: Path) -> None:
    export = kobo_workbook(here / "exports" / "kobo.xlsx")
    before = export.read_bytes()
    assert run(cli, "exports/kobo.xlsx", "--round", "baseline").exit_code == 0
    assert export.read_bytes() == before  # the raw export is never touched
    text = (here / "survey" / "responses" / "baseline.import.yaml").read_text(encoding="utf-8")
    record = yaml.safe_load(text)
    assert record["source"] == "exports/kobo.xlsx"
    assert record["sha256"] == hashlib.sha256(before).hexdigest()
    assert (record["flavour"], record["sheet"], record["round"]) == (
        "kobo-xlsx", "Member survey", "baseline")
    assert (record["rows_read"], record["respondents"], record["members_matched"]) == (4, 3, 3)
    assert record["columns"]["4: grp_profile/role"] == "role (by name under a group path)"
    assert record["columns"]["8: activities/webinars"] == \
        "activities = webinars (option column; the summary column was read)"
    assert record["columns"]["11: partners/n1"] == "partners = n1 (option column)"
    assert record["columns"]["16: username"] == "dropped: identifies a person or device"
    assert record["columns"]["18: _uuid"] == "submission id (hashed into the respondent id)"
    assert record["problems"]["warnings"] == 3
    assert record["problems"]["duplicate-respondent"] == 1
    assert "jdoe" not in text  # usernames and submitters never reach the project


def test_reimport_is_stable_and_needs_force(cli: RunCli, here: Path) -> None:
    kobo_workbook(here / "exports" / "kobo.xlsx")
    assert run(cli, "exports/kobo.xlsx").exit_code == 0
    first = written(here)
    again = run(cli, "exports/kobo.xlsx")
    assert again.exit_code == 2
    assert again.stderr.splitlines() == [
        "survey/responses/followup.csv: file exists; not overwriting it",
        "    hint: pass --force to replace it with this export's responses",
    ]
    assert run(cli, "exports/kobo.xlsx", "--force").exit_code == 0
    assert written(here) == first  # same export, same anonymous ids


def test_dry_run_writes_nothing(cli: RunCli, here: Path) -> None:
    kobo_workbook(here / "exports" / "kobo.xlsx")
    result = run(cli, "exports/kobo.xlsx", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == \
        "Dry run: nothing written (would write survey/responses/followup.csv)"
    assert not (here / "survey" / "responses").exists()


def test_round_must_be_declared(cli: RunCli, here: Path) -> None:
    kobo_workbook(here / "exports" / "kobo.xlsx")
    result = run(cli, "exports/kobo.xlsx", "--round", "baseline2")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "--round: survey.yaml declares no round 'baseline2'",
        "    hint: did you mean 'baseline'?",
    ]


def test_rounds_default_to_main_when_none_is_declared(cli: RunCli, here: Path) -> None:
    survey = here / "survey" / "survey.yaml"
    survey.write_text(SURVEY.replace("rounds:\n  - {id: baseline}\n  - {id: followup}\n", ""),
                      encoding="utf-8")
    kobo_workbook(here / "exports" / "kobo.xlsx")
    assert run(cli, "exports/kobo.xlsx").exit_code == 0
    assert written(here, "main").startswith(HEADER)


def test_a_broken_responses_file_does_not_block_force(cli: RunCli, here: Path) -> None:
    kobo_workbook(here / "exports" / "kobo.xlsx")
    broken = here / "survey" / "responses" / "followup.csv"
    broken.parent.mkdir(parents=True)
    broken.write_text("respondent,member,submitted,trust\nr-1,n1,,seven\n", encoding="utf-8")
    assert run(cli, "exports/kobo.xlsx", "--force").exit_code == 0
    assert written(here).startswith(HEADER)


def test_no_survey_instrument(cli: RunCli, make_project: MakeProject,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project()
    monkeypatch.chdir(root)
    result = cli("survey", "import", EXPORTS / "odk_central.csv", ".")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "survey/survey.yaml: no survey instrument"


# -- KoboToolbox CSV: ";" and labels, in French ----------------------------------------


def test_kobo_csv_labels_in_french(cli: RunCli, here: Path) -> None:
    result = run(cli, EXPORTS / "kobo_labels_fr.csv")
    assert result.exit_code == 0, result.output
    assert written(here) == "\n".join([
        HEADER,
        f"{rid('id:' + UUID_A)},n1,2021-12-06,director,5,2,webinars visits,n2 s1,12,"
        '"Des réunions en français;\nplus souvent"',
        f"{rid('id:' + UUID_B)},s1,2021-12-07,staff,98,3,meetings,n1,3,",
        f"{rid('id:' + UUID_C)},,2021-12-08,board,,1,,,,Rien",
    ]) + "\n"
    assert result.stdout.splitlines()[0].endswith(": KoboToolbox CSV export (labels)")
    where = f"{EXPORTS / 'kobo_labels_fr.csv'}:5:{{}}: warning: column '{{}}': "
    assert warnings(result.stderr) == [
        # The first record spans lines 2-3 (a newline in a quoted cell): the third is on 5.
        where.format(3, "Pour quelle organisation membre travaillez-vous ?")
        + "'Sud Un' matches no member in members.yaml; the answer is left empty",
        where.format(5, "Échelle/Les autres membres tiennent leurs engagements.")
        + "'Peut-être' is not on the 1-5 agreement scale of question trust, nor the "
        "don't-know (98) or not-applicable (99) code; left unanswered",
        where.format(12, "Années dans le réseau") + "'2,5' is not a number (question years); "
        "left unanswered",
    ]
    assert "    hint: write decimals with a point: 2.5" in result.stderr


# -- ODK Central CSV ------------------------------------------------------------------


def test_odk_central_csv(cli: RunCli, here: Path) -> None:
    result = run(cli, EXPORTS / "odk_central.csv")
    assert result.exit_code == 0, result.output
    assert written(here) == "\n".join([
        HEADER,
        # ODK's KEY "uuid:X" is KoboToolbox's _uuid "X": one submission, one respondent id.
        f'{rid("id:" + UUID_A)},n1,2024-03-01,director,5,2,webinars visits,n2 s1,12,'
        '"Meet in French, please"',
        f"{rid('id:6f1c2a3e-0001-4000-8000-000000000004')},n2,2024-03-02,staff,3,99,meetings,"
        "n1,,",
        f"{rid('id:6f1c2a3e-0001-4000-8000-000000000005')},s1,2024-03-03,board,4,4,webinars,n1,"
        "7,",
    ]) + "\n"
    assert result.stdout.splitlines()[0].endswith(": ODK Central CSV export (XML names)")
    where = f"{EXPORTS / 'odk_central.csv'}:{{}}:{{}}: warning: column '{{}}': "
    assert warnings(result.stderr) == [
        where.format(3, 15, "years") + "'abc' is not a number (question years); left unanswered",
        where.format(4, 10, "activities") + "'sailing' is no choice of question activities; "
        "the cell's known choices are kept",
        where.format(4, 14, "partners") + "'x9' is no member of question partners; the cell's "
        "known members are kept",
    ]
    assert "jane.doe" not in written(here)


# -- Google Forms: CSV download and the responses sheet as XLSX ------------------------


def test_google_forms_csv(cli: RunCli, here: Path) -> None:
    result = run(cli, EXPORTS / "google_forms.csv")
    assert result.exit_code == 0, result.output
    lines = written(here).splitlines()
    ids = [line.split(",", 1)[0] for line in lines[1:]]
    # No submission id: each row's content is hashed; ids are anonymous and distinct.
    assert all(re.fullmatch(r"r-[0-9a-f]{10}", i) for i in ids) and len(set(ids)) == 3
    assert [line.split(",", 1)[1] for line in lines[1:]] == [
        # "Exchange visits, trainings" holds a comma: checkboxes are matched by their wording.
        'n1,2023-11-13,director,4,2,webinars visits,n2 s1,5,"More ""real"" exchanges"',
        "n2,2023-11-13,staff,5,,meetings,,12,",
        "s1,2023-11-14,,3,3,webinars,n1,,",
    ]
    assert "example.org" not in written(here)  # e-mail addresses are dropped
    assert result.stdout.splitlines()[0].endswith(": Google Forms CSV download (labels)")
    assert warnings(result.stderr)[0] == (
        f"{EXPORTS / 'google_forms.csv'}:4:4: warning: column 'Your role': 'Volunteer' is no "
        "choice of question role; left unanswered")


def test_google_sheets_xlsx(cli: RunCli, here: Path) -> None:
    header = ["Timestamp", "Email address", "Which member organisation do you work for?",
              "Your role", "Other members keep their commitments.",
              "Decisions are taken far from members like mine.",
              "Which activities did you join?", "Which members did you work with?",
              "Years in the network", "One change you would make"]
    save(here / "exports" / "sheet.xlsx", {"Form responses 1": [
        header,
        [dt.datetime(2023, 11, 28, 14, 2, 46), "ana@example.org", "North One", "Director", 4, 2,
         "Exchange visits, trainings, Regional meetings", "North Two, South One", 5, "Shorter"],
        [dt.datetime(2023, 11, 29, 8, 0, 0), "bo@example.org", "South One",
         "Board member or volunteer", 5, 1, "Webinars,", "North One", None, None],
    ]})
    result = run(cli, "exports/sheet.xlsx")
    assert result.exit_code == 0, result.output
    rows = [line.split(",", 1)[1] for line in written(here).splitlines()[1:]]
    assert rows == ["n1,2023-11-28,director,4,2,visits meetings,n2 s1,5,Shorter",
                    "s1,2023-11-29,board,5,1,webinars,n1,,"]  # "Webinars," : Sheets' quirk
    assert result.stdout.splitlines()[0] == (
        "Read exports/sheet.xlsx, sheet 'Form responses 1': Google Forms responses sheet "
        "(XLSX) (labels)")


# -- a plain table, not at A1, with numbers as numbers ------------------------------------


def test_plain_excel_table_placed_where_it_is(cli: RunCli, here: Path) -> None:
    save(here / "exports" / "table.xlsx", {"Data": [
        ["respondent", "member", "role", "trust", "voice", "activities", "years", "change",
         "Name"],
        ["R-001", "n1", "director", 4, 2, "webinars visits", 10, "x", "Ann Example"],
        ["R-002", "North Two", "staff", 3, 99, None, 2.5, None, "Bob Example"],
        ["R-003", "s9", "intern", 5, None, "meetings", None, None, "Cy Example"],
    ]}, at=(3, 2))
    result = run(cli, "exports/table.xlsx")
    assert result.exit_code == 0, result.output
    assert written(here) == "\n".join([
        HEADER,
        f"{rid('id:R-001')},n1,,director,4,2,webinars visits,,10,x",
        f"{rid('id:R-002')},n2,,staff,3,99,,,2.5,",
        f"{rid('id:R-003')},,,,5,,meetings,,,",
    ]) + "\n"
    assert "Example" not in written(here)
    assert result.stdout.splitlines()[0] == "Read exports/table.xlsx, sheet 'Data': Excel table " \
        "(XML names)"
    partners = next(i for i, line in enumerate(SURVEY.splitlines(), start=1)
                    if line == "  - id: partners")
    where = "exports/table.xlsx:{}:{}: warning: sheet 'Data', "
    assert warnings(result.stderr) == [
        # The header is on row 3 and the table starts in column B.
        "exports/table.xlsx:3:10: warning: sheet 'Data': 1 column maps to no question of the "
        "survey and is not imported: 'Name'",
        where.format(6, 3) + "column 'member': 's9' matches no member in members.yaml; the "
        "answer is left empty",
        where.format(6, 4) + "column 'role': 'intern' is no choice of question role; left "
        "unanswered",
        f"survey/survey.yaml:{partners}:9: warning: question partners has no column in "
        "exports/table.xlsx",
    ]


def test_columns_list_maps_any_header(cli: RunCli, here: Path) -> None:
    survey = here / "survey" / "survey.yaml"
    survey.write_text(SURVEY.replace(
        "    label: {en: Years in the network, fr: Années dans le réseau}",
        "    label: {en: Years in the network, fr: Années dans le réseau}\n"
        "    columns: [\"How long (years)?\"]"), encoding="utf-8")
    (here / "exports" / "t.csv").write_text("respondent,org,How long (years)?\nA,n1,4\n",
                                            encoding="utf-8")
    result = run(cli, "exports/t.csv")
    assert result.exit_code == 0, result.output
    assert written(here).splitlines()[1] == f"{rid('id:A')},n1,,,,,,,4,"


def test_sheet_option(cli: RunCli, here: Path) -> None:
    save(here / "exports" / "two.xlsx", {"Notes": [["anything"], ["x"]],
                                         "Answers": [["respondent", "org", "trust"],
                                                     ["A", "n1", 5]]})
    assert run(cli, "exports/two.xlsx", "--sheet", "Answers").exit_code == 0
    assert written(here).splitlines()[1] == f"{rid('id:A')},n1,,,5,,,,,"
    wrong = run(cli, "exports/two.xlsx", "--sheet", "Answer", "--force")
    assert wrong.exit_code == 2
    assert wrong.stderr.splitlines() == ["exports/two.xlsx: no sheet named 'Answer' in the "
                                         "workbook", "    hint: did you mean 'Answers'?"]


def test_kobo_repeat_sheet_is_refused_with_the_main_sheet_named(cli: RunCli,
                                                               here: Path) -> None:
    kobo_workbook(here / "exports" / "kobo.xlsx")
    result = run(cli, "exports/kobo.xlsx", "--sheet", "family")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "exports/kobo.xlsx:1:3: sheet 'family': this is a repeat group's table: its rows are "
        "repeat entries (column '_parent_table_name' links them to submissions), not "
        "respondents",
        "    hint: import the main sheet ('Member survey', the default); KoboToolbox puts each "
        "repeat group on a sheet of its own",
    ]


def csv_import(cli: RunCli, here: Path, text: str, *args: str) -> Any:
    (here / "exports" / "t.csv").write_text(text, encoding="utf-8")
    return run(cli, "exports/t.csv", *args)


def test_wordings_codes_and_hxl_row(cli: RunCli, here: Path) -> None:
    result = csv_import(cli, here, "\n".join([
        "respondent,org,trust,voice,activities",
        "#id,#org,#trust,#voice,#act",  # KoboToolbox's HXL tags row: not a respondent
        "A,n1,4 - Agree,Strongly disagree,Regional meetings",
        "B,n2,Not applicable,Tout à fait d'accord,webinars meetings",
        "C,s1,98,3.0,Webinars Regional meetings",
    ]) + "\n")
    assert result.exit_code == 0, result.output
    assert [line.split(",", 1)[1] for line in written(here).splitlines()[1:]] == [
        "n1,,,4,1,meetings,,,", "n2,,,99,5,webinars meetings,,,",
        "s1,,,98,3,webinars meetings,,,"]


def test_day_or_month_first_is_read_from_the_whole_column(cli: RunCli, here: Path) -> None:
    result = csv_import(cli, here, "respondent,org,submitted\nA,n1,03/04/2024\n"
                        "B,n2,13/04/2024\n")
    assert result.exit_code == 0, result.output
    assert [line.split(",")[2] for line in written(here).splitlines()[1:]] == [
        "2024-04-03", "2024-04-13"]  # 13/04 can only be day first, so 03/04 is too


def test_identical_rows_without_ids_and_extra_cells(cli: RunCli, here: Path) -> None:
    result = csv_import(cli, here, "org,trust,voice\nn1,4,2\nn1,4,2\nn2,3,1,extra\n")
    assert result.exit_code == 0, result.output
    ids = [line.split(",", 1)[0] for line in written(here).splitlines()[1:]]
    assert len(set(ids)) == 3  # both identical rows are kept, each with its own id
    assert warnings(result.stderr)[:2] == [
        "exports/t.csv:3:1: warning: row 3 repeats row 2 exactly and the export has no "
        "submission id to tell them apart; both are imported",
        "exports/t.csv:4:4: warning: row 4 has more cells than the header has columns; the "
        "extra cells are not read",
    ]


def test_an_xml_name_column_beats_a_column_named_like_a_label(cli: RunCli, here: Path) -> None:
    # "Your role" is the label of question role, but the export also has a column "role";
    # trust's wording in English and in French are equally sure: the first is read.
    result = csv_import(cli, here, "org,Your role,role,Other members keep their commitments.,"
                        "Les autres membres tiennent leurs engagements.\nn1,x,staff,4,5\n")
    assert result.exit_code == 0, result.output
    assert written(here).splitlines()[1].split(",", 1)[1] == "n1,,staff,4,,,,,"
    assert warnings(result.stderr)[:2] == [
        "exports/t.csv:1:2: warning: 1 column maps to no question of the survey and is not "
        "imported: 'Your role'",
        "exports/t.csv:1:5: warning: column 'Les autres membres tiennent leurs engagements.' "
        "also maps to question trust, already read from column 'Other members keep their "
        "commitments.'; this one is not imported",
    ]


# -- the CSV writer is format_responses, column by column -----------------------------------


@pytest.mark.parametrize("name", ["kobo.xlsx", "kobo_labels_fr.csv", "odk_central.csv",
                                  "google_forms.csv"])
def test_written_text_is_what_format_responses_writes(name: str, project: Path) -> None:
    path = EXPORTS / name
    if name == "kobo.xlsx":
        path = kobo_workbook(project / name)
    loaded = load_project(project, responses=False)
    assert loaded.survey is not None
    result = import_file(path, name, loaded.survey, loaded.members)
    assert result.csv_text(loaded.survey) == format_responses(loaded.survey, result.responses)


# -- broken inputs: exact messages ------------------------------------------------------------

CASES = sorted(p for p in BROKEN.iterdir() if p.suffix != ".expected")


def test_broken_corpus_is_large_enough() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_input(case: Path, cli: RunCli, project: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXPORTS)
    result = cli("survey", "import", f"broken/{case.name}", project, "--dry-run")
    lines = [f"exit: {result.exit_code}", *result.stderr.splitlines()]
    expected = case.with_suffix(case.suffix + ".expected")
    if REGEN:
        expected.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == expected.read_text(encoding="utf-8").splitlines()
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert re.match(rf"broken/{re.escape(case.name)}(:\d+:\d+)?: ", lines[1])


# -- workbooks that are refused before (or while) parsing -----------------------------------

SHEET = ('<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.'
         'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         '<row r="1"><c r="A1" t="inlineStr"><is><t>org</t></is></c>'
         '<c r="B1" t="inlineStr"><is><t>change</t></is></c></row>'
         '<row r="2"><c r="A2" t="inlineStr"><is><t>n1</t></is></c>'
         '<c r="B2" t="inlineStr"><is><t>{text}</t></is></c></row>'
         "</sheetData></worksheet>")


def minimal_xlsx(sheet_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A workbook written part by part, so tests control every byte of the sheet."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
        'xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" '
        f'xmlns:r="{rel}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def import_bytes(cli: RunCli, here: Path, name: str, data: bytes) -> Any:
    (here / "exports" / name).write_bytes(data)
    return run(cli, f"exports/{name}")


def test_minimal_workbook_imports(cli: RunCli, here: Path) -> None:
    result = import_bytes(cli, here, "ok.xlsx", minimal_xlsx(SHEET.format(prolog="",
                                                                          text="fine")))
    assert result.exit_code == 0, result.output
    assert written(here).splitlines()[1].endswith(",n1,,,,,,,,fine")


def test_doctype_is_refused_before_parsing(cli: RunCli, here: Path) -> None:
    secret = here / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    prolog = f'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file://{secret}">]>'
    result = import_bytes(cli, here, "entity.xlsx",
                          minimal_xlsx(SHEET.format(prolog=prolog, text="&leak;")))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "exports/entity.xlsx: part xl/worksheets/sheet1.xml of the workbook declares a DOCTYPE "
        "(XML entities), which spreadsheet programs never write; refusing to read it")
    assert not (here / "survey" / "responses").exists()


def test_entities_past_the_scan_are_not_expanded_by_the_parser(cli: RunCli, here: Path) -> None:
    # A DOCTYPE after 70 KB of comment escapes the scan of each part's first 64 KB: what
    # python-calamine does with it must neither leak the file nor give a traceback.
    secret = here / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    prolog = ("<!--" + "x" * 70_000 + "-->"
              f'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file://{secret}">'
              '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    result = import_bytes(cli, here, "entity.xlsx",
                          minimal_xlsx(SHEET.format(prolog=prolog, text="&leak;&lol2;")))
    assert result.exit_code in (0, 2)
    assert "TOP-SECRET" not in result.output
    if result.exit_code == 0:
        assert "TOP-SECRET" not in written(here) and "lollol" not in written(here)
    else:
        assert result.stderr.startswith("exports/entity.xlsx: cannot read the workbook: ")


def test_decompression_bomb_is_refused(cli: RunCli, here: Path) -> None:
    bomb = minimal_xlsx(SHEET.format(prolog="", text="x"),
                        {"xl/media/image1.bin": bytes(20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    result = import_bytes(cli, here, "bomb.xlsx", bomb)
    assert result.exit_code == 2
    assert re.fullmatch(r"exports/bomb\.xlsx: part xl/media/image1\.bin unpacks 20,971,520 "
                        r"bytes from [\d,]+ \(a decompression bomb\?\); refusing to open the "
                        r"workbook", result.stderr.splitlines()[0])


def test_workbook_unpacking_beyond_the_total_is_refused(cli: RunCli, here: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 1000)
    result = import_bytes(cli, here, "big.xlsx", minimal_xlsx(SHEET.format(prolog="",
                                                                            text="x")))
    assert result.exit_code == 2
    assert re.fullmatch(r"exports/big\.xlsx: the workbook unpacks to [\d,]+ bytes \(the limit "
                        r"is 1,000\); refusing to open it", result.stderr.splitlines()[0])


def test_part_larger_than_declared_is_caught(cli: RunCli, here: Path) -> None:
    # A zip header may lie about a part's size; the zip reader stops at the declared size.
    data = bytearray(minimal_xlsx(SHEET.format(prolog="", text="y" * 5000)))
    name = b"xl/worksheets/sheet1.xml"
    for signature, name_at, size_at, header in ((b"PK\x03\x04", 26, 22, 30),
                                                (b"PK\x01\x02", 28, 24, 46)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_at)[0]
            if data[at + header: at + header + length] == name:
                struct.pack_into("<I", data, at + size_at, 300)
            at = data.find(signature, at + 4)
    result = import_bytes(cli, here, "liar.xlsx", bytes(data))
    assert result.exit_code == 2
    assert result.stderr.startswith("exports/liar.xlsx: ")
    assert "cannot read the workbook" in result.stderr or "damaged" in result.stderr


def test_file_size_is_checked_before_reading(cli: RunCli, here: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_EXPORT_BYTES", 100)
    result = run(cli, EXPORTS / "odk_central.csv")
    assert result.exit_code == 2
    size = (EXPORTS / "odk_central.csv").stat().st_size
    assert result.stderr.splitlines()[0] == (
        f"{EXPORTS / 'odk_central.csv'}: file is too large ({size:,} bytes; the limit is 100)")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
     + "EncryptionInfo".encode("utf-16-le"), "the workbook is encrypted (password-protected)"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
     "this is an old Excel 97-2003 (.xls) workbook"),
    ("sheet.ods", None, "this is an OpenDocument spreadsheet (.ods)"),
    ("records.zip", None, "this is a zip archive of CSV files, not a workbook"),
    ("damaged.xlsx", b"PK\x03\x04 and then nothing", None),
])
def test_other_formats_get_a_clear_message(name: str, data: bytes | None, message: str | None,
                                           cli: RunCli, here: Path) -> None:
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            if name.endswith(".ods"):
                archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
                archive.writestr("content.xml", "<office:document-content/>")
            else:
                archive.writestr("form.csv", "SubmissionDate,KEY\n")
                archive.writestr("form-repeat.csv", "PARENT_KEY,KEY\n")
        data = out.getvalue()
    result = import_bytes(cli, here, name, data)
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"exports/{name}: ")
    if message:
        assert first == f"exports/{name}: {message}"
    else:
        assert "damaged" in first


# -- real exports nobody on the team wrote (../shared/real-data) ---------------------------

#: For each real export: the test instrument's questions (naming some of its columns) and
#: what must come of it: a number of respondents, or the start of the error.
REAL_CASES: dict[str, tuple[str, int | str]] = {
    "gforms_responses_download.csv": ("""
  - {id: fruit, type: single, label: Your fave fruit?, choices: [{name: apple, label: apple},
     {name: orange, label: orange}, {name: banana, label: banana}]}
  - {id: days, type: multiple, label: Days, columns: [Select all that apply], choices: [
     {name: sun, label: Sunday}, {name: mon, label: Monday}, {name: tue, label: Tuesday},
     {name: wed, label: Wednesday}]}""", 5),
    "gforms_sheets_responses_export.xlsx": ("""
  - {id: fruit, type: single, label: Your fave fruit?, choices: [{name: apple, label: apple},
     {name: orange, label: orange}, {name: banana, label: banana}]}
  - {id: days, type: multiple, label: Days, columns: [Select all that apply], choices: [
     {name: sun, label: Sunday}, {name: mon, label: Monday}, {name: tue, label: Tuesday},
     {name: wed, label: Wednesday}]}
  - {id: scale, type: number, label: Scale, minimum: 1, maximum: 5,
     columns: [linear scale question type test]}
  - {id: dropdown, type: single, label: Select from dropdown, choices: [
     {name: a, label: option a}, {name: b, label: option b}, {name: c, label: option c}]}""", 3),
    "gforms_sheets_demo_responses_export.xlsx": ("""
  - {id: options, type: multiple, label: Options, columns: [Select all that apply], choices: [
     {name: o1, label: Option 1}, {name: o2, label: Option 2}, {name: o3, label: Option 3},
     {name: o4, label: Option 4}]}""", 3),
    "impact_msna_kobo_data_r_processed.xlsx": ("""
  - {id: gender_hoh, type: single, label: Gender, choices: [{name: male, label: Male},
     {name: female, label: Female}]}
  - {id: num_hh_member, type: number, label: Household members, minimum: 1, maximum: 30}
  - {id: primary_livelihood, type: multiple, label: Livelihood, choices: [
     {name: employment, label: Employment}, {name: own_business, label: Own business},
     {name: retirement_fund, label: Retirement fund}, {name: savings, label: Savings}]}""",
                                               632),
    "kobo_demo_project_repeat_rank_export.xlsx": ("""
  - {id: favourite, type: single, label: Favourite colour,
     columns: [Rank_the_colors_according_to_preference/_1st_choice],
     choices: [{name: green, label: Green}, {name: yellow, label: Yellow}]}""", 5),
    "kobo_geolocation_export.xlsx": ("""
  - {id: latitude, type: number, label: Latitude, minimum: -90, maximum: 90,
     columns: [_Record_your_current_location_latitude]}""", 4),
    "kobo_inventory_form_export.xlsx": ("""
  - {id: Category_name, type: text, label: Category}""", "no column maps to a question"),
    "kobo_meeting_form_export.xlsx": ("""
  - {id: Project_location, type: text, label: Where}""", 4),
    "kobo_quest_test_export.xlsx": ("""
  - {id: Quest_name, type: text, label: Quest}
  - {id: Quest_starting_date, type: text, label: Start}""", 4),
    "kobo_rank_groups_export.xlsx": ("""
  - {id: What_about_on_a_scale_of_1_10, type: number, label: Scale, minimum: 1, maximum: 10}
  - {id: Choose_one, type: single, label: Choose one, choices: [{name: apples, label: Apples},
     {name: oranges, label: Oranges}, {name: bananas, label: Bananas}]}
  - {id: group_question_2_number, type: number, label: In a group}""", 7),
    "kobo_paleocore_artifact_export_xml_semicolon.csv": ("""
  - {id: Collecting_method, type: single, label: Method, choices: [
     {name: observed, label: Observed}, {name: collected, label: Collected}]}
  - {id: Artifact_type, type: single, label: Type, choices: [{name: tool, label: Tool},
     {name: core, label: Core}, {name: complete_flake, label: Complete flake}]}
  - {id: Retouch_type, type: multiple, label: Retouch, choices: [{name: scalar, label: Scalar},
     {name: stepped, label: Stepped}, {name: notched_denticulated, label: Notched}]}
  - {id: Flake_length, type: number, label: Length, minimum: 0, maximum: 100}""", 3203),
    "odkc_flora_quadrat_0-4.csv": ("""
  - {id: morphological_type, type: single, label: Morphology, choices: [
     {name: mid-slope, label: Mid slope}, {name: flat, label: Flat}]}
  - {id: area_name, type: text, label: Area}""", 2),
    "odkc_flora_quadrat_0-4-taxon_encounter.csv": ("""
  - {id: field_name, type: text, label: Field name}""", "this is a repeat group's table"),
    "odkc_flora_quadrat_0-4-vegetation_stratum.csv": ("""
  - {id: field_name, type: text, label: Field name}""", "this is a repeat group's table"),
}
REAL_FILES = sorted(p.name for p in REAL.glob("*") if p.suffix in (".csv", ".xlsx")) \
    if REAL.is_dir() else []


@pytest.mark.skipif(not REAL.is_dir(), reason=f"no real exports at {REAL} (CI clones only "
                    "the repository)")
def test_every_real_file_has_a_case() -> None:
    exports = [n for n in REAL_FILES if "_xlsform" not in n]
    assert sorted(REAL_CASES) == exports


@pytest.mark.skipif(not REAL.is_dir(), reason=f"no real exports at {REAL}")
@pytest.mark.parametrize("name", REAL_FILES or ["none"])
def test_real_export(name: str, cli: RunCli, make_project: MakeProject) -> None:
    questions, expected = REAL_CASES.get(name, ("""
  - {id: anything, type: text, label: Anything}""", "this looks like an XLSForm"))
    root = make_project({"survey/survey.yaml": "title: Real export test\nquestions:"
                         + questions + "\n"})
    result = cli("survey", "import", REAL / name, root)
    assert "Traceback" not in result.output
    if isinstance(expected, int):
        assert result.exit_code == 0, result.output
        assert f"  respondents: {expected} imported" in result.stdout
        loaded = load_project(root)  # the written file is a valid responses file
        assert len(loaded.responses["main"]) == expected
        assert all(re.fullmatch(r"r-[0-9a-f]{10}", r.respondent)
                   for r in loaded.responses["main"].responses)
    else:
        assert result.exit_code == 2, result.output
        first = result.stderr.splitlines()[0]
        assert re.match(rf"{re.escape(str(REAL / name))}:\d+:\d+: (sheet '[^']+': )?"
                        rf"{re.escape(expected)}", first), first


@pytest.mark.skipif(not REAL.is_dir(), reason=f"no real exports at {REAL}")
def test_real_google_forms_answers(cli: RunCli, make_project: MakeProject) -> None:
    questions, _ = REAL_CASES["gforms_responses_download.csv"]
    root = make_project({"survey/survey.yaml": "title: T\nquestions:" + questions + "\n"})
    assert cli("survey", "import", REAL / "gforms_responses_download.csv", root).exit_code == 0
    rows = [line.split(",", 1)[1] for line in written(root, "main").splitlines()[1:]]
    # Timestamp "2023/11/13 4:20:37 pm CET"; checkboxes "Sunday;Monday"; names never kept.
    assert rows == [",2023-11-13,apple,sun mon", ",2023-11-13,orange,sun wed",
                    ",2023-11-13,banana,wed", ",2023-11-13,banana,sun mon tue wed",
                    ",2023-11-13,orange,mon tue"]  # no member question: no member
    assert "testing" not in written(root, "main")


@pytest.mark.skipif(not REAL.is_dir(), reason=f"no real exports at {REAL}")
def test_real_odk_central_drops_people(cli: RunCli, make_project: MakeProject) -> None:
    questions, _ = REAL_CASES["odkc_flora_quadrat_0-4.csv"]
    root = make_project({"survey/survey.yaml": "title: T\nquestions:" + questions + "\n"})
    result = cli("survey", "import", REAL / "odkc_flora_quadrat_0-4.csv", root)
    assert result.exit_code == 0, result.output
    text = written(root, "main")
    assert text.splitlines()[1:] == [
        f"{rid('id:d5e78a78-34db-483d-978f-d9c9a3bc7b69')},,2019-09-18,mid-slope,"
        "Kensington Carpark 01",
        f"{rid('id:529cb189-8bb2-4cf1-9041-dcde716efb4f')},,2019-09-18,flat,"
        "Kensington Planter Box 1",
    ]
    record = (root / "survey" / "responses" / "main.import.yaml").read_text(encoding="utf-8")
    assert "Florian" not in text + record and "flora" not in text.lower()

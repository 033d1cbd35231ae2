"""Follow-up ratings of each partner named: the form's repeat, importing it, storing it.

The instrument is tests/survey_exports/survey.yaml with `follow_ups` on its members question
(over tests/projects/minimal's members n1, n2 and s1). KoboToolbox workbooks are built here;
ODK Central's main and repeat CSVs are in tests/survey_exports/odk_ties/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

# Tests build workbooks; the ban on module-level imports is about the CLI's speed.
import openpyxl  # noqa: TID253
import pytest
import yaml

from netconsult.io.survey_import.importer import import_file
from netconsult.project.load import load_project
from netconsult.project.responses import PartnerRating, format_ratings
from tests.conftest import MakeProject, RunCli
from tests.test_survey_import import run

EXPORTS = Path(__file__).parent / "survey_exports"
RATED = (EXPORTS / "survey.yaml").read_text(encoding="utf-8").replace(
    "  - id: partners\n    type: members\n",
    "  - id: partners\n    type: members\n    follow_ups: [intensity, trust, value]\n")
TIES_HEADER = "respondent,partner,intensity,reliability,openness,mission,influence,resources," \
    "involvement"
UUID_A, UUID_B, UUID_C = (f"6f1c2a3e-0001-4000-8000-00000000000{i}" for i in (1, 2, 3))
ITEMS = ("intensity", "reliability", "openness", "mission", "influence", "resources",
         "involvement")
XF = "{http://www.w3.org/2002/xforms}"


def rid(key: str) -> str:
    return "r-" + hashlib.sha256(b"netconsult respondent\0" + key.encode()).hexdigest()[:10]


A, B, C = (rid("id:" + u) for u in (UUID_A, UUID_B, UUID_C))


@pytest.fixture
def here(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = make_project({"survey/survey.yaml": RATED})
    monkeypatch.chdir(project)
    (project / "exports").mkdir()
    return project


def ties(project: Path, round_id: str = "followup") -> str:
    return (project / "survey" / "responses" / f"{round_id}.ties.csv").read_text(
        encoding="utf-8")


def warnings(stderr: str) -> list[str]:
    """The warnings about the export (not about the test instrument's questions that the
    small exports here leave out)."""
    return [line for line in stderr.splitlines()
            if ": warning: " in line and not line.startswith("survey/survey.yaml:")]


def save(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# -- KoboToolbox XLSX: the repeat on a sheet of its own ----------------------------------------

MAIN = ["org", "partners", "partners/n1", "partners/n2", "partners/s1", "_id", "_uuid",
        "_submission_time", "_index"]
SUBMISSIONS = [
    ["n1", "n2 s1", 0, 1, 1, 11, UUID_A, dt.datetime(2020, 7, 10, 9), 1],
    ["n2", "n1", 1, 0, 0, 12, UUID_B, dt.datetime(2020, 7, 11, 9), 2],
    ["s1", "", 0, 0, 0, 13, UUID_C, dt.datetime(2020, 7, 12, 9), 3],
]
REPEAT = ["partners_ties/partners_partner", "partners_ties/partners_partner_name",
          *(f"partners_ties/partners_{item}" for item in ITEMS),
          "_index", "_parent_table_name", "_parent_index", "_submission__id",
          "_submission__uuid", "_submission__submitted_by"]


def entry(partner: str, values: list[Any], index: int, parent: int, uuid: str) -> list[Any]:
    return [partner, partner.upper(), *values, index, "Member survey", parent, 10 + parent, uuid,
            "jdoe"]


def kobo(path: Path, rows: list[list[Any]] | None = None, sheet: str = "partners_ties",
         header: list[str] | None = None) -> Path:
    if rows is None:
        rows = [
            entry("n2", ["3", "4", "4", "3", "2", "2", "3"], 1, 1, UUID_A),
            entry("s1", [2, 3, "", 3, 2, 1, 2], 2, 1, UUID_A),  # numbers as numbers
            entry("n1", ["4", "4", "4", "4", "3", "3", "4"], 3, 2, UUID_B),
        ]
    return save(path, {"Member survey": [MAIN, *SUBMISSIONS],
                       sheet: [header or REPEAT, *rows],
                       "family": [["family/age", "_index", "_parent_table_name",
                                   "_parent_index"], [12, 1, "Member survey", 1]]})


def test_kobo_repeat_sheet_becomes_the_ratings_file(cli: RunCli, here: Path) -> None:
    kobo(here / "exports" / "kobo.xlsx")
    result = run(cli, "exports/kobo.xlsx")
    assert result.exit_code == 0, result.output
    assert ties(here) == "\n".join([
        TIES_HEADER, f"{A},n2,3,4,4,3,2,2,3", f"{A},s1,2,3,,3,2,1,2", f"{B},n1,4,4,4,4,3,3,4",
    ]) + "\n"
    out = result.stdout.splitlines()
    assert out[4] == "  ratings: 3 partners rated by 2 respondents, from 3 rows of sheet " \
        "'partners_ties'"
    assert out[-1] == ("Wrote survey/responses/followup.csv, survey/responses/followup.ties.csv "
                       "and survey/responses/followup.import.yaml")
    assert warnings(result.stderr) == []
    assert ("exports/kobo.xlsx: note: sheet 'family' was not read (only the ratings' repeat "
            "group, on sheet 'partners_ties', is imported); responses come from sheet "
            "'Member survey'") in result.stderr.splitlines()
    record = yaml.safe_load((here / "survey/responses/followup.import.yaml").read_text("utf-8"))
    assert {k: v for k, v in record["ratings"].items() if k != "columns"} == {
        "sheet": "partners_ties", "rows_read": 3, "ratings": 3, "respondents": 2,
        "rows_skipped": 0, "joined_by": "_submission__uuid = _uuid"}
    assert record["ratings"]["columns"]["3: partners_ties/partners_intensity"] == \
        "rating: intensity"
    assert record["ratings"]["columns"]["15: _submission__submitted_by"] == \
        "dropped: identifies a person or device"
    assert "jdoe" not in ties(here)


def test_ratings_load_back_into_the_response_set(cli: RunCli, here: Path) -> None:
    kobo(here / "exports" / "kobo.xlsx")
    assert run(cli, "exports/kobo.xlsx").exit_code == 0
    loaded = load_project(here).responses["followup"]
    assert loaded.ratings_path == "survey/responses/followup.ties.csv"
    assert loaded.ratings == (
        PartnerRating(A, "n2", dict(zip(ITEMS, (3, 4, 4, 3, 2, 2, 3), strict=True)), 2),
        PartnerRating(A, "s1", {"intensity": 2, "reliability": 3, "mission": 3, "influence": 2,
                                "resources": 1, "involvement": 2}, 3),
        PartnerRating(B, "n1", dict(zip(ITEMS, (4, 4, 4, 4, 3, 3, 4), strict=True)), 4),
    )
    survey = load_project(here).survey
    assert survey is not None
    assert format_ratings(survey, loaded.ratings) == ties(here)


def test_bad_repeat_rows_are_placed_and_skipped(cli: RunCli, here: Path) -> None:
    kobo(here / "exports" / "kobo.xlsx", [
        entry("n2", ["3", "4", "4", "3", "2", "2", "3"], 1, 1, UUID_A),
        entry("n2", ["2", "2", "2", "2", "2", "2", "2"], 2, 1, UUID_A),  # twice
        entry("s1", ["5", "Beaucoup", "0", "", "", "", "x"], 3, 1, UUID_A),
        entry("s1", ["2", "2", "2", "2", "2", "2", "2"], 4, 2, UUID_B),  # B named n1 only
        entry("x9", ["2", "2", "2", "2", "2", "2", "2"], 5, 2, UUID_B),
        entry("n1", ["2", "2", "2", "2", "2", "2", "2"], 6, 9, "6f1c2a3e-dead"),
    ])
    result = run(cli, "exports/kobo.xlsx")
    assert result.exit_code == 0, result.output
    assert ties(here) == "\n".join([
        TIES_HEADER, f"{A},n2,3,4,4,3,2,2,3", f"{A},s1,,4,,,,,"]) + "\n"
    where = "exports/kobo.xlsx:{}:{}: warning: sheet 'partners_ties'"
    assert warnings(result.stderr) == [
        where.format(3, 1) + ": partner 'n2' is rated twice by one respondent (first on row "
        "2); this row is skipped",
        where.format(4, 3) + ", column 'partners_ties/partners_intensity': '5' is not a rating "
        "from 1 to 4 (partners_intensity); left empty",
        where.format(4, 5) + ", column 'partners_ties/partners_openness': '0' is not a rating "
        "from 1 to 4 (partners_openness); left empty",
        where.format(4, 9) + ", column 'partners_ties/partners_involvement': 'x' is not a "
        "rating from 1 to 4 nor a wording of its scale (partners_involvement); left empty",
        where.format(5, 1) + ": partner 's1' is not among those the respondent named in "
        "question partners; row skipped",
        where.format(6, 1) + ": 'x9' matches no member in members.yaml; row skipped",
        where.format(7, 14) + ": row of submission '6f1c2a3e-dead', which is not among the "
        "imported respondents; skipped",
    ]
    assert "    hint: it named: n1" in result.stderr
    assert result.stdout.splitlines()[4] == ("  ratings: 2 partners rated by 1 respondents, "
                                             "from 6 rows of sheet 'partners_ties' (4 skipped)")


def test_joined_by_parent_index_on_a_sheet_found_by_its_columns(cli: RunCli,
                                                                here: Path) -> None:
    # A label-mode export: headers and answers in words; no _submission__uuid column.
    header = ["partners_partner", "Which best describes how your organisation works with "
              "this partner?", "Votre partenaire/Dans quelle mesure ce partenaire partage-t-il "
              "la mission du réseau ?", "_index", "_parent_table_name", "_parent_index"]
    rows = [["n2", "Coordination: we plan activities together or share data", "Beaucoup", 1,
             "Member survey", 1],
            ["s1", "Coopération", "3 - Quite a lot", 2, "Member survey", 1],
            ["n1", "4", "Un peu", 3, "Member survey", 2]]
    kobo(here / "exports" / "kobo.xlsx", rows, sheet="Your partners, one by one",
         header=header)
    result = run(cli, "exports/kobo.xlsx")
    assert result.exit_code == 0, result.output
    assert ties(here) == "\n".join([
        TIES_HEADER, f"{A},n2,3,,,4,,,", f"{A},s1,2,,,3,,,", f"{B},n1,4,,,2,,,"]) + "\n"
    assert warnings(result.stderr) == [
        "exports/kobo.xlsx:1: warning: sheet 'Your partners, one by one': no column for "
        "partners_reliability, partners_openness, partners_influence, partners_resources, "
        "partners_involvement; those ratings are left empty"]
    record = yaml.safe_load((here / "survey/responses/followup.import.yaml").read_text("utf-8"))
    assert record["ratings"]["joined_by"] == "_parent_index = _index"


def test_sheet_name_cut_to_31_characters(cli: RunCli, make_project: MakeProject,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    long = "organisations_worked_with_last_year"
    project = make_project({"survey/survey.yaml": RATED.replace("id: partners", f"id: {long}")})
    monkeypatch.chdir(project)
    main = [h.replace("partners", long) for h in MAIN]
    header = [h.replace("partners_ties/partners", f"{long}_ties/{long}") for h in REPEAT]
    sheet = f"{long}_ties"[:28] + "..."
    save(project / "kobo.xlsx", {
        "Member survey": [main, *SUBMISSIONS],
        sheet: [header, entry("n2", ["3", "4", "4", "3", "2", "2", "3"], 1, 1, UUID_A)],
        # A sheet cut the same way for another repeat: not this one.
        f"{long}_ties"[:24] + "... (1)": [["x", "_parent_index"], [1, 1]],
    })
    result = run(cli, "kobo.xlsx")
    assert result.exit_code == 0, result.output
    assert ties(project).splitlines()[1:] == [f"{A},n2,3,4,4,3,2,2,3"]
    assert f"rows of sheet '{sheet}'" in result.stdout


def test_no_repeat_sheet_imports_the_answers_and_warns(cli: RunCli, here: Path) -> None:
    stale = here / "survey" / "responses" / "followup.ties.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text(f"{TIES_HEADER}\nr-old,n1,1,1,1,1,1,1,1\n", encoding="utf-8")
    (here / "survey" / "responses" / "followup.csv").write_text(
        "respondent,member,submitted\nr-old,n2,\n", encoding="utf-8")
    save(here / "exports" / "kobo.xlsx", {"Member survey": [MAIN, *SUBMISSIONS]})
    result = run(cli, "exports/kobo.xlsx", "--force")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == [
        "exports/kobo.xlsx: warning: the workbook has no sheet 'partners_ties' (the repeat "
        "group of the ratings); the follow-up ratings of question partners are not imported, its "
        "answers are"]
    assert "respondents: 3 imported" in result.stdout
    # The round's ratings named the old respondents: they go with the old answers.
    assert not stale.exists()
    assert load_project(here).responses["followup"].ratings == ()
    record = yaml.safe_load((here / "survey/responses/followup.import.yaml").read_text("utf-8"))
    assert record["ratings"] == "not imported: the export holds none (see warnings)"
    assert record["problems"]["ratings-missing"] == 1


def test_dry_run_names_the_ratings_file(cli: RunCli, here: Path) -> None:
    kobo(here / "exports" / "kobo.xlsx")
    result = run(cli, "exports/kobo.xlsx", "--dry-run")
    assert result.stdout.splitlines()[-1] == (
        "Dry run: nothing written (would write survey/responses/followup.csv and "
        "survey/responses/followup.ties.csv)")
    assert not (here / "survey" / "responses").exists()


# -- ODK Central: the repeat's CSV beside the main one --------------------------------------


def test_odk_central_repeat_csv_beside_the_export(cli: RunCli, here: Path) -> None:
    main = EXPORTS / "odk_ties" / "member_survey.csv"
    result = run(cli, main)
    assert result.exit_code == 0, result.output
    first, second, third = (rid(f"id:6f1c2a3e-0001-4000-8000-00000000000{i}") for i in (1, 4, 5))
    assert ties(here) == "\n".join([
        TIES_HEADER, f"{first},n2,3,4,4,3,2,2,3", f"{first},s1,2,3,,3,2,1,2",
        f"{second},n1,4,4,4,4,3,3,4", f"{third},n1,,3,3,3,3,3,3"]) + "\n"
    repeat = EXPORTS / "odk_ties" / "member_survey-partners_ties.csv"
    assert result.stdout.splitlines()[4] == (
        f"  ratings: 4 partners rated by 3 respondents, from 7 rows of {repeat} (3 skipped)")
    # partners_ties_count is the form's own arithmetic: dropped, not "unmapped".
    assert "0 unmapped" in result.stdout.splitlines()[3]
    assert [w for w in warnings(result.stderr) if str(repeat) in w] == [
        f"{repeat}:5:3: warning: column 'partners_intensity': '7' is not a rating from 1 to 4 "
        "(partners_intensity); left empty",
        f"{repeat}:6:1: warning: 'x9' matches no member in members.yaml; row skipped",
        f"{repeat}:7:1: warning: partner 'n2' is not among those the respondent named in "
        "question partners; row skipped",
        f"{repeat}:8:10: warning: row of submission 'uuid:6f1c2a3e-0001-4000-8000-000000000009', "
        "which is not among the imported respondents; skipped",
    ]
    record = yaml.safe_load((here / "survey/responses/followup.import.yaml").read_text("utf-8"))
    assert record["ratings"]["source"] == "member_survey-partners_ties.csv"
    assert record["ratings"]["sha256"] == hashlib.sha256(repeat.read_bytes()).hexdigest()
    assert record["ratings"]["joined_by"] == "PARENT_KEY = KEY"


def test_odk_central_without_its_repeat_csv(cli: RunCli, here: Path) -> None:
    main = here / "exports" / "form.csv"
    main.write_bytes((EXPORTS / "odk_ties" / "member_survey.csv").read_bytes())
    result = run(cli, "exports/form.csv")
    assert result.exit_code == 0, result.output
    assert (
        "exports/form.csv: warning: no file exports/form-partners_ties.csv beside the export "
        "(ODK Central puts the repeat group 'partners_ties' in form-partners_ties.csv); the "
        "follow-up ratings of question partners are not imported, its answers are"
    ) in warnings(result.stderr)
    assert not (here / "survey" / "responses" / "followup.ties.csv").exists()


# -- tools without repeats, and plain tables -----------------------------------------------


def test_google_forms_cannot_carry_ratings(cli: RunCli, here: Path) -> None:
    result = run(cli, EXPORTS / "google_forms.csv")
    assert result.exit_code == 0, result.output
    assert f"{EXPORTS / 'google_forms.csv'}: warning: Google Forms cannot ask a question about " \
        "each partner named; the follow-up ratings of question partners are not imported, its " \
        "answers are" in warnings(result.stderr)


def test_kobo_csv_drops_repeats(cli: RunCli, here: Path) -> None:
    result = run(cli, EXPORTS / "kobo_labels_fr.csv")
    assert result.exit_code == 0, result.output
    assert any("KoboToolbox CSV exports leave repeat groups out" in w
               for w in warnings(result.stderr))
    assert "download the XLS export" in result.stderr


def test_plain_workbook_with_a_ties_sheet(cli: RunCli, here: Path) -> None:
    save(here / "exports" / "table.xlsx", {
        "Answers": [["respondent", "org", "partners"], ["R1", "n1", "n2 s1"], ["R2", "n2", ""]],
        "ties": [["respondent", "partner", "intensity", "reliability"],
                 ["R1", "North Two", 2, "A great deal"], ["R1", "s1", "", 1],
                 ["R2", "n1", 3, 3]],
    })
    result = run(cli, "exports/table.xlsx")
    assert result.exit_code == 0, result.output
    assert ties(here).splitlines()[1:] == [f"{rid('id:R1')},n2,2,4,,,,,",
                                           f"{rid('id:R1')},s1,,1,,,,,"]
    assert "partner 'n1' is not among those the respondent named" in result.stderr


def test_plain_workbook_without_ratings_says_how_to_add_them(cli: RunCli, here: Path) -> None:
    save(here / "exports" / "table.xlsx", {"Answers": [["respondent", "org", "partners"],
                                                       ["R1", "n1", "n2"]],
                                           "Notes": [["anything"], ["x"]]})
    result = run(cli, "exports/table.xlsx")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == [
        "exports/table.xlsx: warning: no sheet of the workbook holds the repeat group "
        "'partners_ties' (sheets: 'Notes'); the follow-up ratings of question partners are not "
        "imported, its answers are"]
    assert "    hint: add a sheet named 'ties' (or 'partners_ties') with a respondent column, " \
        "a partner column and one column per rating" in result.stderr.splitlines()


def test_own_files_read_back_with_their_ratings(cli: RunCli, here: Path,
                                                make_project: MakeProject) -> None:
    kobo(here / "exports" / "kobo.xlsx")
    assert run(cli, "exports/kobo.xlsx").exit_code == 0
    other = make_project({"survey/survey.yaml": RATED}, name="other")
    result = cli("survey", "import", here / "survey/responses/followup.csv", other)
    assert result.exit_code == 0, result.output
    assert "ratings: 3 partners rated by 2 respondents" in result.stdout
    assert len(load_project(other).responses["followup"].ratings) == 3


def test_the_ratings_file_is_not_an_export(cli: RunCli, here: Path) -> None:
    kobo(here / "exports" / "kobo.xlsx")
    assert run(cli, "exports/kobo.xlsx").exit_code == 0
    result = run(cli, "survey/responses/followup.ties.csv", "--round", "baseline")
    assert result.exit_code == 2
    assert result.stderr.startswith("survey/responses/followup.ties.csv:1:1: this is a ratings "
                                    "file")


def test_written_text_is_what_format_ratings_writes(here: Path) -> None:
    path = kobo(here / "exports" / "kobo.xlsx")
    loaded = load_project(here, responses=False)
    assert loaded.survey is not None
    result = import_file(path, "kobo.xlsx", loaded.survey, loaded.members)
    assert result.ties is not None
    assert result.ratings_text(loaded.survey) == format_ratings(loaded.survey,
                                                                result.ties.ratings)


def test_unrated_survey_reads_no_repeat(cli: RunCli, make_project: MakeProject,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project({"survey/survey.yaml": (EXPORTS / "survey.yaml").read_text("utf-8")})
    monkeypatch.chdir(project)
    kobo(project / "kobo.xlsx")
    result = run(cli, "kobo.xlsx")
    assert result.exit_code == 0, result.output
    assert not (project / "survey" / "responses" / "followup.ties.csv").exists()
    assert "ratings" not in result.stdout
    assert "sheets 'partners_ties', 'family' were not read (repeat groups are not imported)" \
        in result.stderr


# -- the form ------------------------------------------------------------------------------


def form_rows(project: Path) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(project / "build" / "member_survey_import_tests.xlsx")
    header, *rows = book["survey"].iter_rows(values_only=True)
    return [{h: v for h, v in zip(header, row, strict=True) if v is not None} for row in rows]


def test_form_asks_each_item_about_each_partner(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project({"survey/survey.yaml": RATED.replace(
        "follow_ups: [intensity, trust, value]", "follow_ups: [value, intensity]")})
    assert cli("survey", "form", project).exit_code == 0
    rows = form_rows(project)
    names = [r["name"] for r in rows]
    start = names.index("partners")
    assert [(r["type"], r["name"]) for r in rows[start:start + 9]] == [
        ("select_multiple members", "partners"),
        ("begin_repeat", "partners_ties"),
        ("calculate", "partners_partner"),
        ("calculate", "partners_partner_name"),
        ("note", "partners_partner_note"),
        ("select_one intensity", "partners_intensity"),  # FOLLOW_UP_ITEMS order
        ("select_one rating", "partners_influence"),
        ("select_one rating", "partners_resources"),
        ("select_one rating", "partners_involvement"),
    ]
    assert rows[start + 9] == {"type": "end_repeat", "name": "partners_ties"}
    repeat = rows[start + 1]
    assert (repeat["repeat_count"], repeat["appearance"]) == (
        "count-selected(${partners})", "field-list")
    assert rows[start + 2]["calculation"] == "selected-at(${partners}, position(..) - 1)"
    assert rows[start + 3]["calculation"] == \
        "jr:choice-name(${partners_partner}, '${partners}')"
    assert rows[start + 4]["label::English (en)"] == "About ${partners_partner_name}"
    assert rows[start + 5]["hint::English (en)"].startswith("Pick the highest level")


def test_pyxform_converts_the_repeat(make_project: MakeProject) -> None:
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    from netconsult.io.xlsform import xlsform_sheets

    project = load_project(make_project({"survey/survey.yaml": RATED}))
    result = xls2xform.convert(xlsform=xlsform_sheets(project, dt.datetime(2020, 6, 1,
                                                                           tzinfo=dt.UTC)),
                               validate=False)
    assert result.warnings == []
    root = ET.fromstring(result.xform)
    repeat = next(root.iter(f"{XF}repeat"))
    assert repeat.get("nodeset") == "/data/partners_ties"
    data = root.find(f".//{XF}instance/{XF}data")
    assert data is not None
    entry = data.find(f"{XF}partners_ties")
    assert entry is not None
    assert [child.tag.removeprefix(XF) for child in entry] == [
        "partners_partner", "partners_partner_name", "partners_partner_note",
        *(f"partners_{item}" for item in ITEMS)]
    labels = {text.get("id"): text.findtext(f"{XF}value")
              for t in root.iter(f"{XF}translation") if t.get("lang") == "English (en)"
              for text in t.iter(f"{XF}text")}
    assert labels["intensity-2"] == \
        "Coordination: we plan activities together or share data"


def test_a_question_may_not_take_a_follow_up_name(cli: RunCli,
                                                  make_project: MakeProject) -> None:
    survey = RATED.replace("  - id: years\n", "  - id: partners_intensity\n")
    project = make_project({"survey/survey.yaml": survey})
    result = cli("survey", "form", project)
    assert result.exit_code == 2
    line = survey.splitlines().index("  - id: partners_intensity") + 1
    assert result.stderr.splitlines()[:2] == [
        f"{project}/survey/survey.yaml:{line}:9: question id 'partners_intensity' is the name "
        "of a follow-up field of question partners in the form",
        "    hint: give the question another id",
    ]

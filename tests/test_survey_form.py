"""`netconsult survey form`: the XLSForm read back, and converted by pyxform as Kobo/ODK do."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

# Tests read the outputs back; the ban on module-level imports is about the CLI's speed.
import openpyxl  # noqa: TID253
import pytest

from tests.conftest import MakeProject, RunCli

FORM_NAME = "partners_network_survey_2020.xlsx"  # the sample's form_id
EN, ES, FR = "label::English (en)", "label::Español (es)", "label::Français (fr)"
XF = "{http://www.w3.org/2002/xforms}"

#: A small instrument for the minimal project (members n1, n2, s1): every question type, a
#: label in one language only, a dimension whose items are not consecutive, and a question
#: named like the `start` metadata.
SMALL_SURVEY = """\
title: Enquête des membres, 2e édition
dimensions:
  - {id: trust, name: Confiance}
questions:
  - {id: org, type: member, required: true, label: {en: Member?, fr: Membre ?}}
  - {id: t1, type: likert, dimension: trust, label: {fr: Je fais confiance aux autres.}}
  - id: start
    type: number
    minimum: 0.5
    label: {en: How many days?, fr: Combien de jours ?}
  - {id: t2, type: likert, dimension: trust, reverse: true, label: Plain label everywhere}
  - id: size
    type: single
    label: {fr: Taille, en: Size}
    choices:
      - {name: small, label: {fr: Petite, en: Small}}
      - {name: large, label: Large}
  - {id: works_with, type: members, label: {en: Partners?, fr: Partenaires ?}}
  - {id: notes, type: text, hint: {fr: Facultatif}, label: {en: Notes, fr: Remarques}}
"""


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def write_form(cli: RunCli, project: Path, *args: str | Path) -> str:
    result = cli("survey", "form", project, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def sheets(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Each sheet as rows of header → value, empty cells left out."""
    workbook = openpyxl.load_workbook(path)
    out = {}
    for sheet in workbook.worksheets:
        header, *rows = sheet.iter_rows(values_only=True)
        out[sheet.title] = [{h: v for h, v in zip(header, row, strict=True) if v is not None}
                            for row in rows]
    return out


def headers(path: Path, sheet: str) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    return [cell.value for cell in workbook[sheet][1]]


def by_name(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in rows if row["type"] != "end_group"}


def choice_list(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [row for row in rows if row["list_name"] == name]


def small_project(make_project: MakeProject, survey: str = SMALL_SURVEY,
                  languages: str = "[fr, en]") -> Path:
    project = make_project({"survey/survey.yaml": survey})
    config = project / "netconsult.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  effort_days: 20\n",
                                   f"  effort_days: 20\n  languages: {languages}\n"),
                      encoding="utf-8")
    return project


# -- the sample's form ----------------------------------------------------------------------


def test_sample_form_survey_sheet(cli: RunCli, sample_project: Path) -> None:
    out = write_form(cli, sample_project)
    path = sample_project / "build" / FORM_NAME
    assert out == f"Wrote {path}: 23 questions in English, Español, Français\n"
    assert openpyxl.load_workbook(path).sheetnames == ["survey", "choices", "settings"]
    assert headers(path, "survey")[:5] == ["type", "name", EN, ES, FR]
    assert "label" not in headers(path, "survey")
    survey = sheets(path)["survey"]
    assert survey[:2] == [{"type": "start", "name": "start"}, {"type": "end", "name": "end"}]
    rows = by_name(survey)
    assert rows["vc3"] == {
        "type": "select_one agree", "name": "vc3", "appearance": "likert",
        EN: "Contact between centres mostly goes through the coordinator.",
        ES: "El contacto entre centros pasa sobre todo por la coordinación.",
        FR: "Les contacts entre centres passent surtout par la coordination.",
    }
    # Likert items sit in a one-screen group per dimension, labelled with its name.
    names = [row.get("name") for row in survey]
    start = names.index("vital-connections")
    assert [r["type"] for r in survey[start:start + 5]] == [
        "begin_group", "select_one agree", "select_one agree", "select_one agree", "end_group"]
    assert survey[start] == {"type": "begin_group", "name": "vital-connections",
                             "appearance": "field-list", EN: "Vital connections",
                             ES: "Vital connections", FR: "Vital connections"}
    assert rows["years"]["type"] == "decimal"
    assert rows["years"]["constraint"] == ". >= 0 and . <= 40"
    assert rows["years"]["constraint_message::Français (fr)"] == (
        "Saisissez un nombre entre 0 et 40.")
    assert rows["centre"]["type"] == "select_one members"
    assert rows["centre"]["required"] == "yes"
    assert "required" not in rows["gender"]
    assert rows["partners"]["type"] == "select_multiple members"
    assert rows["partners"]["choice_filter"] == "name != ${centre}"
    assert rows["activities"]["type"] == "select_multiple activities"
    assert rows["one_change"]["hint::English (en)"].startswith("Answers may be quoted")
    # Question names are the instrument's ids: 23 of them, each once.
    ids = ["centre", "role", "gender", "years", "vc1", "vc2", "vc3", "tr1", "tr2", "tr3", "sp1",
           "sp2", "sp3", "pa1", "pa2", "pa3", "vm1", "vm2", "vm3", "activities", "partners",
           "one_change", "comments"]
    # (The follow-ups of partners are a repeat group right after it, see test_survey_ties.)
    repeat = names.index("partners_ties")
    assert names[repeat - 1] == "partners"
    assert survey[repeat]["type"] == "begin_repeat"
    end = next(i for i, row in enumerate(survey) if row["type"] == "end_repeat")
    assert [row["name"] for row in survey[repeat + 1:end]] == [
        "partners_partner", "partners_partner_name", "partners_partner_note",
        "partners_intensity", "partners_reliability", "partners_openness", "partners_mission",
        "partners_influence", "partners_resources", "partners_involvement"]
    questions = [r["name"] for r in survey[:repeat] + survey[end + 1:]
                 if not r["type"].endswith("_group")][2:]
    assert questions == ids


def test_sample_form_choices_and_settings(cli: RunCli, sample_project: Path) -> None:
    write_form(cli, sample_project)
    path = sample_project / "build" / FORM_NAME
    assert headers(path, "choices") == ["list_name", "name", EN, ES, FR]
    form = sheets(path)
    agree = choice_list(form["choices"], "agree")
    assert [c["name"] for c in agree] == ["1", "2", "3", "4", "5", "98", "99"]
    assert [agree[0][EN], agree[0][ES], agree[0][FR]] == [
        "Strongly disagree", "Muy en desacuerdo", "Pas du tout d'accord"]
    assert [agree[5][EN], agree[6][FR]] == ["Don't know", "Sans objet"]
    members = choice_list(form["choices"], "members")
    assert len(members) == 19
    assert members[0] == {"list_name": "members", "name": "pg-us", EN: "PartnersGlobal",
                          ES: "PartnersGlobal", FR: "PartnersGlobal"}
    assert [c["name"] for c in choice_list(form["choices"], "role")] == [
        "director", "staff", "board"]
    intensity = choice_list(form["choices"], "intensity")
    assert [c["name"] for c in intensity] == ["1", "2", "3", "4"]
    assert intensity[3][ES].startswith("Integración: ")
    rating = choice_list(form["choices"], "rating")
    assert [(c["name"], c[EN], c[FR]) for c in rating] == [
        ("1", "Not at all", "Pas du tout"), ("2", "A little", "Un peu"),
        ("3", "Quite a lot", "Assez"), ("4", "A great deal", "Beaucoup")]
    assert form["settings"] == [{"form_title": "Partners Network member survey 2020",
                                 "form_id": "partners_network_survey_2020",
                                 "version": "2020070101", "default_language": "English (en)"}]


def test_pyxform_converts_the_sample_form(cli: RunCli, sample_project: Path) -> None:
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    write_form(cli, sample_project)
    result = xls2xform.convert(xlsform=str(sample_project / "build" / FORM_NAME),
                               validate=False)
    assert result.warnings == []
    root = ET.fromstring(result.xform)
    translations = {t.get("lang"): {text.get("id"): text.findtext(f"{XF}value")
                                    for text in t.iter(f"{XF}text")}
                    for t in root.iter(f"{XF}translation")}
    assert list(translations) == ["English (en)", "Español (es)", "Français (fr)"]
    assert translations["Français (fr)"]["/data/vital-connections/vc3:label"] == (
        "Les contacts entre centres passent surtout par la coordination.")
    assert translations["Español (es)"]["agree-5"] == "No sé"
    data = root.find(f".//{XF}instance/{XF}data")
    assert data is not None
    assert (data.get("id"), data.get("version")) == ("partners_network_survey_2020",
                                                     "2020070101")
    # Exports carry the question names (under their group, when groups are kept).
    assert data.find(f"{XF}vital-connections/{XF}vc3") is not None
    assert data.find(f"{XF}partners") is not None
    # One entry per partner ticked, each rated on the seven follow-up items.
    repeat = next(root.iter(f"{XF}repeat"))
    assert repeat.get("nodeset") == "/data/partners_ties"
    assert "count-selected( /data/partners )" in result.xform
    entry = data.find(f"{XF}partners_ties")
    assert entry is not None and entry.find(f"{XF}partners_involvement") is not None
    assert translations["Español (es)"]["/data/partners_ties/partners_mission:label"] == (
        "¿En qué medida comparte este socio la misión de la red?")


# -- languages, names, fallbacks ------------------------------------------------------------


def test_missing_wording_falls_back_to_the_default_language(cli: RunCli,
                                                           make_project: MakeProject) -> None:
    project = small_project(make_project)  # French first: the default
    write_form(cli, project)
    path = project / "build" / "enquete_des_membres_2e_edition.xlsx"
    en, fr = "label::English (en)", "label::Français (fr)"
    assert headers(path, "survey")[:4] == ["type", "name", fr, en]
    form = sheets(path)
    rows = by_name(form["survey"])
    assert rows["t1"][en] == rows["t1"][fr] == "Je fais confiance aux autres."
    assert rows["t2"][en] == rows["t2"][fr] == "Plain label everywhere"
    assert rows["notes"]["hint::English (en)"] == "Facultatif"
    size = choice_list(form["choices"], "size")
    assert [(c[fr], c[en]) for c in size] == [("Petite", "Small"), ("Large", "Large")]
    assert form["settings"][0]["default_language"] == "Français (fr)"
    # The stamp is the engagement start (2020-06-01): version yyyymmdd01.
    assert form["settings"][0]["version"] == "2020060101"


def test_items_apart_get_a_group_each_and_metadata_yields_its_name(
        cli: RunCli, make_project: MakeProject) -> None:
    project = small_project(make_project)
    write_form(cli, project)
    survey = sheets(project / "build" / "enquete_des_membres_2e_edition.xlsx")["survey"]
    assert [(r["type"], r["name"]) for r in survey] == [
        ("start", "start_2"), ("end", "end"),
        ("select_one members", "org"),
        ("begin_group", "trust"), ("select_one agree", "t1"), ("end_group", "trust"),
        ("decimal", "start"),
        ("begin_group", "trust_2"), ("select_one agree", "t2"), ("end_group", "trust_2"),
        ("select_one size", "size"),
        ("select_multiple members", "works_with"),
        ("text", "notes"),
    ]
    number = by_name(survey)["start"]
    assert number["constraint"] == ". >= 0.5"
    assert number["constraint_message::Français (fr)"] == (
        "Saisissez un nombre supérieur ou égal à 0,5.")
    assert number["constraint_message::English (en)"] == "Enter a number of at least 0.5."


def test_pyxform_accepts_the_sheets_before_any_file(make_project: MakeProject) -> None:
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    from netconsult.io.xlsform import xlsform_sheets
    from netconsult.project.load import load_project

    project = load_project(small_project(make_project))
    form = xlsform_sheets(project, dt.datetime(2020, 6, 1, tzinfo=dt.UTC))
    result = xls2xform.convert(xlsform=form, validate=False)
    assert result.warnings == []
    root = ET.fromstring(result.xform)
    assert [t.get("lang") for t in root.iter(f"{XF}translation")] == [
        "Français (fr)", "English (en)"]
    members = [item.findtext(f"{XF}name")
               for item in root.iterfind(f".//{XF}instance[@id='members']/{XF}root/{XF}item")]
    assert members == ["n1", "n2", "s1"]


def test_one_language_gives_one_label_column(cli: RunCli, make_project: MakeProject) -> None:
    survey = SMALL_SURVEY.replace("{fr: Je fais confiance aux autres.}", "I trust the others.")
    project = small_project(make_project, survey.replace("{fr: Facultatif}", "Optional"), "[en]")
    out = write_form(cli, project)
    assert out.endswith(": 7 questions in English\n")
    path = project / "build" / "enquete_des_membres_2e_edition.xlsx"
    assert [h for h in headers(path, "survey") if h.startswith("label")] == [
        "label::English (en)"]
    assert headers(path, "choices") == ["list_name", "name", "label::English (en)"]
    assert by_name(sheets(path)["survey"])["org"]["label::English (en)"] == "Member?"


# -- files: same bytes, overwriting, --out ------------------------------------------------


def test_same_project_same_bytes_and_own_file_replaced(cli: RunCli, sample_project: Path,
                                                      tmp_path: Path) -> None:
    write_form(cli, sample_project)
    first = (sample_project / "build" / FORM_NAME).read_bytes()
    write_form(cli, sample_project)  # its own earlier form: replaced without --force
    assert (sample_project / "build" / FORM_NAME).read_bytes() == first
    write_form(cli, sample_project, "--out", tmp_path / "again.xlsx")
    assert (tmp_path / "again.xlsx").read_bytes() == first


def test_out_writes_elsewhere(cli: RunCli, sample_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "forms" / "kobo.xlsx"
    out = write_form(cli, sample_project, "--out", target)
    assert out.startswith(f"Wrote {target}: ")
    assert sheets(target)["settings"][0]["form_id"] == "partners_network_survey_2020"
    assert not (sample_project / "build").exists()


def test_refuses_a_file_it_did_not_write_unless_forced(cli: RunCli,
                                                      sample_project: Path) -> None:
    path = sample_project / "build" / FORM_NAME
    path.parent.mkdir()
    path.write_bytes(b"the consultant's own form")
    result = cli("survey", "form", sample_project)
    assert result.exit_code == 2
    assert f"{path}: file exists and was not written by `netconsult survey form`" in (
        result.stderr)
    assert "pass --force to replace it" in result.stderr
    assert path.read_bytes() == b"the consultant's own form"
    write_form(cli, sample_project, "--force")
    assert sheets(path)["settings"][0]["version"] == "2020070101"


def test_refuses_a_form_saved_over_by_another_program(cli: RunCli,
                                                     sample_project: Path) -> None:
    write_form(cli, sample_project)
    path = sample_project / "build" / FORM_NAME
    workbook = openpyxl.load_workbook(path)
    workbook["survey"]["A2"] = "today"  # a hand edit; saving stamps a new modified time
    workbook.save(path)
    result = cli("survey", "form", sample_project)
    assert result.exit_code == 2
    assert "saved by another program" in result.stderr
    assert sheets(path)["survey"][0]["type"] == "today"


# -- nothing to write ---------------------------------------------------------------------


def test_no_survey_exits_2_with_a_hint(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    result = cli("survey", "form", project)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{project}/survey/survey.yaml: no survey instrument: the project has no "
        "survey/survey.yaml\n")
    assert "hint: write survey/survey.yaml with a title and its questions" in result.stderr
    assert not (project / "build").exists()


def test_no_questions_exits_2(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project({"survey/survey.yaml": "title: Empty\n"})
    result = cli("survey", "form", project)
    assert result.exit_code == 2
    assert "survey/survey.yaml:1:1: the survey has no questions" in result.stderr
    assert "hint: list them under 'questions:'" in result.stderr


def test_names_xlsform_refuses_are_placed(cli: RunCli, make_project: MakeProject) -> None:
    survey = SMALL_SURVEY.replace("id: notes", "id: meta") + "codes: {dont_know: '3'}\n"
    project = small_project(make_project, survey)
    result = cli("survey", "form", project)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"{project}/survey/survey.yaml:19:10: question id 'meta' is reserved by XLSForm " \
           "for the form's metadata" in lines
    assert f"{project}/survey/survey.yaml:20:20: code '3' is also a point of the 1-5 " \
           "agreement scale" in lines



def test_a_member_question_needs_members(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project({
        "members.yaml": "members: []\n", "improvement-plan.yaml": None,
        "recommendations.yaml": None, "meetings/2020-07-01-north.md": None,
        "meetings/2020-07-08-south.md": None, "meetings/2020-11-10-mentoring.md": None,
        "survey/survey.yaml": "title: T\nquestions:\n  - {id: org, type: member, label: Who}\n"})
    config = project / "netconsult.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("[n1, s1]", "[]"),
                      encoding="utf-8")
    result = cli("survey", "form", project)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{project}/survey/survey.yaml:3:21: question org offers the member organisations, "
        "and members.yaml lists none\n")

"""`netconsult survey summary` on the hand-computed project of test_survey_analysis."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import MakeProject, RunCli, plain
from tests.test_survey_analysis import HEADER, survey_files

RESPONDENT_IDS = re.compile(r"\b[rb]\d{1,2}\b")


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(survey_files())


def test_text_summary(cli: RunCli, project: Path) -> None:
    result = cli("survey", "summary", project)
    assert (result.exit_code, result.stderr) == (0, "")
    out = plain(result.stdout)
    assert out.startswith("Test member survey Round Follow-up (followup) "
                          "12 respondents from 4 of 5 member organisations: 80% (target 75%)")
    # Response rate by region: north 2 of 2, its 7 people hidden to protect east's one and
    # r12 (see test_survey_analysis); south 1 of 2 with 3 people.
    assert "North 2 2 100% — South 2 1 50% 3" in out
    # Trust: mean 34.5/11, 14/33 agree, 2 don't know / 1 n/a, alpha 125.7/130.4 on 10.
    assert "Trust 3 11 3.14 42% 2/1 0.96 (10)" in out
    assert "t3 I hold back disagreements. (reversed) 10 3.30 50% 1/1" in out
    # By member type: every group hidden (r12 alone; the others to protect it), the total.
    assert "By member type dimension Coordinator Member Not stated all " \
           "Trust — — — 3.14 (11)" in out
    assert "Groups of fewer than 3 respondents are not shown. Some other groups are hidden " \
           "too" in out
    assert "By answer: What is your role?" in out
    assert "t1 Members keep their word. What is your role? Board 3.67 Staff 3.00 0.67" in out
    assert "How do you hear from the network? (10 answered) answer share E-mail 60% Calls 40%" \
        in out
    assert "Change since Baseline dimension Baseline Follow-up change " \
           "Trust 2.50 (4) 3.14 (11) +0.64 Voice — 3.32 (11) ·" in out
    assert "In their words “A shared calendar” “More calls”" in out
    assert "Secret opinion" not in out  # not a quotable question
    assert "— hidden: fewer than 3 respondents" in out


def test_json_summary_is_the_analysis(cli: RunCli, project: Path) -> None:
    result = cli("survey", "summary", project, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["round_id"], data["respondents"], data["response_rate"]) == ("followup", 12, 0.8)
    by_type = next(b for b in data["breakdowns"] if b["by"] == "type")
    # Flags and numbers only: types by id, "not stated" as "" (the render layer names them).
    assert by_type["groups"] == [["coordinator", "coordinator"], ["member", "member"],
                                 ["", ""]]
    hidden = {"value": None, "n": None, "suppressed": True}
    trust = by_type["rows"][0]
    assert trust[:2] == ["trust", "Trust"]
    assert trust[2] == [hidden | {"reason": "protect"}, hidden | {"reason": "protect"},
                        hidden | {"reason": "small"}]
    assert data["quotes"] == ["A shared calendar", "More calls"]
    assert [d["item"] for d in data["disagreements"]] == ["t1", "v1", "v2"]


def test_json_shows_hidden_figures_only_when_asked(cli: RunCli, project: Path) -> None:
    default = cli("survey", "summary", project, "--format", "json")
    assert default.stderr == ""
    shown = cli("survey", "summary", project, "--format", "json", "--show-hidden")
    assert shown.exit_code == 0, shown.output
    assert "--show-hidden" in shown.stderr and "do not pass it on" in shown.stderr
    data = json.loads(shown.stdout)
    by_type = next(b for b in data["breakdowns"] if b["by"] == "type")
    cells = by_type["rows"][0][2]
    assert not any(c["suppressed"] for c in cells)
    # Trust: coordinator 46/3 over 4, member 16.5 over 6, r12 alone 8/3 (by hand, see
    # test_survey_analysis).
    assert [(c["value"], c["n"]) for c in cells] == [
        (pytest.approx(46 / 12), 4), (pytest.approx(2.75), 6), (pytest.approx(8 / 3), 1)]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_respondent_is_named(cli: RunCli, project: Path, fmt: str) -> None:
    out = cli("survey", "summary", project, "--format", fmt).stdout
    assert RESPONDENT_IDS.findall(out) == []
    assert "2020-11-02" not in out  # submission dates would single people out too


def test_a_named_round(cli: RunCli, project: Path) -> None:
    result = cli("survey", "summary", project, "--round", "baseline")
    assert result.exit_code == 0, result.output
    out = plain(result.stdout)
    assert "Round Baseline (baseline) 4 respondents from 4 of 5" in out
    assert "Change since" not in out


def test_refusals(cli: RunCli, project: Path, make_project: MakeProject) -> None:
    unknown = cli("survey", "summary", project, "--round", "folowup")
    assert unknown.exit_code == 2
    assert unknown.stderr == ("--round: unknown survey round 'folowup'\n"
                              "    hint: did you mean 'followup'?\n")

    no_survey = cli("survey", "summary", make_project(name="plain"))
    assert no_survey.exit_code == 2
    assert "survey/survey.yaml: this project has no survey" in no_survey.stderr

    files = survey_files(baseline=False)
    files["survey/responses/followup.csv"] = HEADER
    empty = make_project(files, name="empty")
    result = cli("survey", "summary", empty)
    assert result.exit_code == 2
    assert "survey/responses/followup.csv: no survey responses stored yet" in result.stderr
    assert "`netconsult survey import FILE --round followup`" in result.stderr

    (project / "survey/responses/baseline.csv").unlink()  # declared, but no responses now
    result = cli("survey", "summary", project, "--round", "baseline")
    assert result.exit_code == 2
    assert "no responses stored for survey round 'baseline'" in result.stderr
    assert "rounds with responses: followup" in result.stderr

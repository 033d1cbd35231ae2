"""Every `check` rule, made to fire and kept quiet, through the real CLI on a real folder.

Each case is tests/projects/minimal (clean as of 2020-11-15) with a few lines edited. A fire
case names the place the finding must point at; a quiet case is the nearest project the rule
must accept (a boundary, an exemption, a deliverable not yet in scope).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netconsult.checks.registry import all_rules
from tests.conftest import MINIMAL, MakeProject, RunCli

BASE_DAY = "2020-11-15"

Files = dict[str, str | None]


def edit(rel: str, *changes: tuple[str, str]) -> dict[str, str | None]:
    """`rel` from the minimal project with each (old, new) replaced once."""
    text = (MINIMAL / rel).read_text(encoding="utf-8")
    for old, new in changes:
        if text.count(old) != 1:
            raise ValueError(f"{rel}: expected {old!r} exactly once in the minimal project")
        text = text.replace(old, new)
    return {rel: text}


def merge(*parts: dict[str, str | None]) -> Files:
    files: Files = {}
    for part in parts:
        overlap = files.keys() & part.keys()
        if overlap:
            raise ValueError(f"edit each file once: {sorted(overlap)}")
        files.update(part)
    return files


@dataclass(frozen=True)
class Case:
    code: str
    name: str
    files: Files = field(default_factory=dict)
    as_of: str = BASE_DAY
    place: str = ""  # fire cases: "path:line:col" relative to the project
    message: str = ""  # fire cases: a part of the message worth pinning

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}"


# -- edits shared by several cases ----------------------------------------------------------

D5_SUBMITTED = edit("workplan.yaml", ("status: in-progress", "status: submitted"))
D3_PLANNED = edit("workplan.yaml", ("effort_days: 4, status: submitted}\n  - {id: D4",
                                    "effort_days: 4, status: planned}\n  - {id: D4"))
D4_PLANNED = edit("workplan.yaml", ("effort_days: 4, status: submitted}\n  - {id: D5",
                                    "effort_days: 4, status: planned}\n  - {id: D5"))
SOUTH_NO_NOTES = edit("meetings/2020-07-08-south.md",
                      ("The southern member joined by phone.\n", ""))
LATER_NORTH_MEETING: Files = {
    "meetings/2020-11-20-north.md": "---\ndate: 2020-11-20\nkind: regional\nregion: north\n---\n"
}
NO_GOVERNANCE = edit("recommendations.yaml", (
    "  - {id: R5, title: Rotating chair, category: governance, priority: medium, "
    "evidence: [finding:F2]}\n", ""))
R4_NO_EVIDENCE = ("evidence: [finding:F1]}\n  - {id: R5", "evidence: []}\n  - {id: R5")
A1_DROPPED = ("due: 2021-01-31}", "due: 2021-01-31, status: dropped}")
R1_MEDIUM = edit("recommendations.yaml", ("digital-tools, priority: high",
                                          "digital-tools, priority: medium"))
A1_NO_OWNER = ("owner: liaison, ", "")
W1_TRAINING = ("kind: workshop", "kind: training")
A1_DUE_EARLY = ("due: 2021-01-31}", "due: 2020-11-10}")
MENTORING_EARLY = ("date: 2020-11-10", "date: 2020-10-20")
UNLINKED = ("deliverable: D5\n", "")
MENTORING = "meetings/2020-11-10-mentoring.md"


def timesheet(*entries: str) -> Files:
    """The minimal timesheet (9.5 days of a 20-day budget) with more entries."""
    text = (MINIMAL / "timesheet.yaml").read_text(encoding="utf-8")
    return {"timesheet.yaml": text + "".join(f"  - {{{e}}}\n" for e in entries)}


def survey(rounds: str = "rounds:\n  - {id: baseline, closes: 2020-08-15}\n",
           target: str = "0.6") -> Files:
    """A one-item survey; by default its one round closes before the assessment (D2) is due."""
    return {"survey/survey.yaml": (
        f"title: Member survey\nresponse_target: {target}\n{rounds}"
        "dimensions:\n  - {id: trust, name: Trust}\n"
        "questions:\n  - {id: t1, type: likert, dimension: trust, label: They keep their word.}\n")}


def responses(*rows: str, round_id: str = "baseline") -> Files:
    return {f"survey/responses/{round_id}.csv":
            "respondent,member,submitted,t1\n" + "".join(f"{row}\n" for row in rows)}


N1, N2, S1 = "r1,n1,2020-08-01,4", "r2,n2,2020-08-02,3", "r3,s1,2020-08-03,5"
CLOSES_LATE = "rounds:\n  - {id: baseline, closes: 2020-09-15}\n"
STILL_OPEN = "rounds:\n  - {id: baseline, closes: 2020-11-20}\n"
D2_IN_PROGRESS = edit("workplan.yaml", ("status: submitted}\n  - {id: D3",
                                        "status: in-progress}\n  - {id: D3"))


# -- the table -------------------------------------------------------------------------------

FIRES: list[Case] = [
    Case("NC101", "overdue", as_of="2021-01-05", place="workplan.yaml:6:5",
         message="deliverable D5 (Mentoring) was due 2020-12-31, 5 days ago, "
                 "and is still in-progress"),
    Case("NC101", "one-day-late", as_of="2021-01-01", place="workplan.yaml:6:5",
         message="1 day ago"),
    Case("NC102", "due-in-a-week", as_of="2020-12-24", place="workplan.yaml:6:5",
         message="deliverable D5 is due in 7 days"),
    Case("NC102", "due-today", as_of="2020-12-31", place="workplan.yaml:6:5",
         message="deliverable D5 is due today"),
    Case("NC201", "meeting-for-another-deliverable",
         edit("meetings/2020-07-08-south.md", ("deliverable: D2", "deliverable: D1")),
         place="workplan.yaml:3:5",
         message="assessment D2 has no regional meeting for South (south)"),
    Case("NC201", "meeting-without-notes", SOUTH_NO_NOTES, place="workplan.yaml:3:5",
         message="none has both notes and findings"),
    Case("NC202", "no-notes", SOUTH_NO_NOTES, place="meetings/2020-07-08-south.md:1:1",
         message="regional meeting 2020-07-08-south took place on 2020-07-08 but has no notes"),
    Case("NC202", "held-empty", LATER_NORTH_MEETING, as_of="2020-11-25",
         place="meetings/2020-11-20-north.md:1:1", message="has no notes and no findings"),
    Case("NC301", "category-missing", NO_GOVERNANCE, place="workplan.yaml:4:5",
         message="recommendation report D3 has no recommendation on governance"),
    Case("NC302", "no-evidence", edit("recommendations.yaml", R4_NO_EVIDENCE),
         place="recommendations.yaml:5:5",
         message="recommendation R4 (Written collaboration principles) cites no evidence"),
    Case("NC401", "only-action-dropped", edit("improvement-plan.yaml", A1_DROPPED),
         place="recommendations.yaml:2:5",
         message="high-priority recommendation R1 (Shared online space) has no action"),
    Case("NC402", "no-owner", edit("improvement-plan.yaml", A1_NO_OWNER),
         place="improvement-plan.yaml:2:5",
         message="action A1 for high-priority R1 has no owner"),
    Case("NC403", "only-a-training", edit("improvement-plan.yaml", W1_TRAINING),
         place="improvement-plan.yaml:1:1", message="improvement plan D4 schedules no workshop"),
    Case("NC403", "no-plan-file", {"improvement-plan.yaml": None}, place="workplan.yaml:5:5"),
    Case("NC404", "action-late", edit("improvement-plan.yaml", A1_DUE_EARLY),
         place="improvement-plan.yaml:2:5",
         message="action A1 (Open the shared space) was due 2020-11-10 and is still planned"),
    Case("NC501", "submitted-without-sessions", merge(D5_SUBMITTED, {MENTORING: None}),
         place="workplan.yaml:6:5",
         message="mentoring deliverable D5 has no mentoring session between 2020-11-01 and "
                 "2020-12-31"),
    Case("NC501", "only-session-too-early", edit(MENTORING, MENTORING_EARLY),
         as_of="2021-01-05", place="workplan.yaml:6:5"),
    Case("NC502", "session-too-early", edit(MENTORING, MENTORING_EARLY),
         place=f"{MENTORING}:1:1",
         message="mentoring session 2020-11-10-mentoring on 2020-10-20 is outside D5's window "
                 "(2020-11-01 to 2020-12-31)"),
    Case("NC601", "over-budget", timesheet("date: 2020-10-01, deliverable: D4, days: 12"),
         place="netconsult.yaml:7:16", message="21.5 days logged, over the budget of 20 days"),
    Case("NC602", "near-budget", timesheet("date: 2020-10-01, deliverable: D4, days: 7"),
         place="netconsult.yaml:7:16",
         message="16.5 of 20 days used (82%) with 1 deliverable(s) still open: D5"),
    Case("NC602", "exactly-at-budget", timesheet("date: 2020-10-01, deliverable: D4, days: 10.5"),
         place="netconsult.yaml:7:16", message="20 of 20 days used (100%)"),
    Case("NC603", "planned-over", edit("workplan.yaml", ("effort_days: 3", "effort_days: 6")),
         place="workplan.yaml:1:1",
         message="deliverables plan 21 days, more than the budget of 20"),
    Case("NC604", "deliverable-over", timesheet("date: 2020-06-25, deliverable: D1, days: 1"),
         place="workplan.yaml:2:5", message="3 days logged against D1, planned 2"),
    Case("NC701", "round-closes-after-due",
         merge(survey(CLOSES_LATE), responses("r1,n1,2020-09-10,4", "r3,s1,2020-09-14,5")),
         place="workplan.yaml:3:5",
         message="assessment D2 was due 2020-08-31 before the member survey was fielded: "
                 "the first round closes 2020-09-15"),
    Case("NC701", "no-round-no-responses", survey("rounds: []\n"), place="workplan.yaml:3:5",
         message="no round has a closing date or responses dated by then"),
    Case("NC702", "below-target", merge(survey(), responses(N1, "r4,n1,2020-08-04,2")),
         place="survey/survey.yaml:4:5",
         message="survey round baseline, closed 2020-08-15, heard from 1 of 3 member "
                 "organisations (33%), below the target of 60%"),
    Case("NC702", "closed-without-responses", survey(), place="survey/survey.yaml:4:5",
         message="survey round baseline, closed 2020-08-15, has no responses stored"),
    Case("NC703", "south-silent", merge(survey(), responses(N1, N2)),
         place="survey/survey.yaml:4:5",
         message="survey round baseline, closed 2020-08-15, has no response from a member "
                 "organisation in South (south)"),
]

QUIETS: list[Case] = [
    Case("NC101", "due-today", as_of="2020-12-31"),
    Case("NC101", "late-but-submitted", D5_SUBMITTED, as_of="2021-01-05"),
    Case("NC102", "eight-days-ahead", as_of="2020-12-23"),
    Case("NC102", "already-submitted", D5_SUBMITTED, as_of="2020-12-28"),
    Case("NC102", "past-due", as_of="2021-01-01"),
    Case("NC201", "meeting-without-deliverable",
         edit("meetings/2020-07-08-south.md", ("deliverable: D2\n", ""))),
    Case("NC201", "assessment-not-due-yet",
         merge(SOUTH_NO_NOTES, edit("workplan.yaml", ("status: submitted}\n  - {id: D3",
                                                      "status: in-progress}\n  - {id: D3"))),
         as_of="2020-08-15"),
    Case("NC202", "not-held-yet", LATER_NORTH_MEETING),
    Case("NC202", "not-regional", edit(MENTORING, ("First mentoring call with the liaison group.\n",
                                                   ""))),
    Case("NC301", "category-not-required", merge(NO_GOVERNANCE, edit("netconsult.yaml", (
        "  name: Test Network\n",
        "  name: Test Network\n  required_categories: [digital-tools, rituals, incentives, "
        "collaboration-principles]\n")))),
    Case("NC301", "report-not-due-yet",
         merge(NO_GOVERNANCE, D3_PLANNED),
         as_of="2020-09-15"),
    Case("NC302", "belongs-to-a-later-report", merge(
        edit("recommendations.yaml",
             (R4_NO_EVIDENCE[0], "evidence: [], deliverable: D6}\n  - {id: R5")),
        edit("workplan.yaml", ("status: in-progress}\n",
                               "status: in-progress}\n  - {id: D6, title: Second report, "
                               "kind: recommendations, due: 2020-12-15}\n")))),
    Case("NC401", "not-high-priority",
         merge(R1_MEDIUM, edit("improvement-plan.yaml", A1_DROPPED))),
    Case("NC401", "plan-not-due-yet",
         merge(D4_PLANNED, edit("improvement-plan.yaml", A1_DROPPED)), as_of="2020-10-20"),
    Case("NC402", "not-high-priority",
         merge(R1_MEDIUM, edit("improvement-plan.yaml", A1_NO_OWNER))),
    Case("NC402", "dropped", edit("improvement-plan.yaml", A1_NO_OWNER, A1_DROPPED)),
    Case("NC403", "plan-not-due-yet", merge(D4_PLANNED, edit("improvement-plan.yaml", W1_TRAINING)),
         as_of="2020-10-20"),
    Case("NC404", "action-done",
         edit("improvement-plan.yaml", ("due: 2021-01-31}", "due: 2020-11-10, status: done}"))),
    Case("NC404", "due-today", edit("improvement-plan.yaml", A1_DUE_EARLY), as_of="2020-11-10"),
    Case("NC501", "mentoring-not-due-yet", {MENTORING: None}),
    Case("NC501", "session-not-linked", merge(D5_SUBMITTED, edit(MENTORING, UNLINKED))),
    Case("NC502", "session-not-linked", edit(MENTORING, MENTORING_EARLY, UNLINKED)),
    Case("NC502", "session-on-due-day", edit(MENTORING, ("date: 2020-11-10", "date: 2020-12-31"))),
    Case("NC601", "logged-after-as-of", timesheet("date: 2020-11-20, deliverable: D5, days: 12")),
    Case("NC601", "exactly-at-budget", timesheet("date: 2020-10-01, deliverable: D4, days: 10.5")),
    Case("NC602", "everything-handed-in",
         merge(D5_SUBMITTED, timesheet("date: 2020-10-01, deliverable: D4, days: 7"))),
    Case("NC602", "over-budget-instead", timesheet("date: 2020-10-01, deliverable: D4, days: 12")),
    Case("NC602", "just-under-80-percent", timesheet("date: 2020-10-01, deliverable: D4, days: 6")),
    Case("NC603", "planned-equals-budget",
         edit("workplan.yaml", ("effort_days: 3", "effort_days: 5"))),
    Case("NC604", "logged-equals-planned"),
    Case("NC604", "logged-after-as-of", timesheet("date: 2020-11-20, deliverable: D1, days: 1")),
    Case("NC701", "no-survey"),
    Case("NC701", "closed-in-time", merge(survey(), responses(N1, S1))),
    Case("NC701", "closes-on-due-day", survey("rounds:\n  - {id: baseline, closes: 2020-08-31}\n")),
    Case("NC701", "undated-round-with-responses-in-time",
         merge(survey("rounds:\n  - {id: baseline}\n"), responses("r1,n1,2020-08-31,4"))),
    Case("NC701", "assessment-not-due-yet",
         merge(survey(CLOSES_LATE), D2_IN_PROGRESS), as_of="2020-08-15"),
    Case("NC702", "above-target", merge(survey(), responses(N1, S1))),
    Case("NC702", "exactly-at-target", merge(survey(target="1"), responses(N1, N2, S1))),
    Case("NC702", "round-still-open", merge(survey(STILL_OPEN), responses(N1))),
    Case("NC702", "closing-day", merge(survey(STILL_OPEN), responses(N1)), as_of="2020-11-20"),
    Case("NC703", "every-region", merge(survey(), responses(N1, S1))),
    Case("NC703", "round-still-open", merge(survey(STILL_OPEN), responses(N1, N2))),
    Case("NC703", "no-responses-at-all", survey()),
]


def findings(cli: RunCli, root: Path, as_of: str) -> list[dict[str, object]]:
    """`check --format json` findings, paths relative to the project; the folder must load."""
    result = cli("check", root, "--as-of", as_of, "--format", "json")
    assert result.exit_code in (0, 1), result.output  # 2 would mean the edit broke the folder
    problems: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    for p in problems:
        p["path"] = Path(str(p["path"])).relative_to(root).as_posix()
    return problems


def place(p: dict[str, object]) -> str:
    return f"{p['path']}:{p['line']}:{p['column']}"


@pytest.mark.parametrize("case", FIRES, ids=lambda c: c.id)
def test_rule_fires(case: Case, cli: RunCli, make_project: MakeProject) -> None:
    root = make_project(case.files)
    hits = [p for p in findings(cli, root, case.as_of) if p["code"] == case.code]
    assert [place(p) for p in hits] == [case.place], hits
    assert case.message in str(hits[0]["message"])
    assert hits[0]["hint"] or case.code == "NC102"  # every actionable finding says what to do


@pytest.mark.parametrize("case", QUIETS, ids=lambda c: c.id)
def test_rule_quiet(case: Case, cli: RunCli, make_project: MakeProject) -> None:
    root = make_project(case.files)
    hits = [p for p in findings(cli, root, case.as_of) if p["code"] == case.code]
    assert hits == []


def test_minimal_project_is_clean(cli: RunCli) -> None:
    result = cli("check", MINIMAL, "--as-of", BASE_DAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("as of 2020-11-15: no problems\n")


def test_every_rule_has_fire_and_quiet_cases() -> None:
    codes = {r.code for r in all_rules()}
    assert codes, "no rules registered"
    assert codes - {c.code for c in FIRES} == set(), "rules without a fire case"
    assert codes - {c.code for c in QUIETS} == set(), "rules without a quiet case"
    assert {c.code for c in FIRES + QUIETS} <= codes, "cases for rules that do not exist"
    assert len({c.id for c in FIRES}) == len(FIRES)
    assert len({c.id for c in QUIETS}) == len(QUIETS)

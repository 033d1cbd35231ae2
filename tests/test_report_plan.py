"""The improvement plan as of its date: stable order, owners counted once, event times
printed once, done counts that only count what was done by then, and thin-plan wording."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netconsult.project.load import Project, load_project
from netconsult.project.models import Action
from netconsult.render.context import build_context
from netconsult.render.context.plan import PlanData
from tests.conftest import MINIMAL, SAMPLE, MakeProject, RunCli

SUBMITTED = dt.date(2020, 10, 21)  # the sample plan's submitted_on


def plan(project: Project, as_of: dt.date | None = None) -> tuple[list[str], PlanData, str]:
    ctx = build_context(project, "plan", "en", as_of)
    assert isinstance(ctx.data, PlanData)
    gantt = ctx.figures.get("gantt")
    svg = base64.b64decode(gantt.src.split(",", 1)[1]).decode() if gantt else ""
    return ctx.summary, ctx.data, svg


@pytest.fixture(scope="module")
def sample() -> Project:
    return load_project(SAMPLE)


def test_the_submitted_plan_counts_nothing_done_in_december(sample: Project) -> None:
    summary, d, _ = plan(sample)
    assert d.as_of == SUBMITTED
    assert d.counts.done == 0 and d.counts.in_progress == 0
    assert {a.status for a in d.actions} == {"planned"}
    assert not any(a.done_on for a in d.actions)
    text = " ".join(summary)
    assert "As of Oct 21, 2020 no action has started yet." in text
    assert "Next to start: A1 Trial two platforms with the Liaison Group and choose one, " \
           "on Nov 2, 2020." in text
    # at the end of the engagement the six actions finished in November and December are done
    _, late, _ = plan(sample, dt.date(2020, 12, 18))
    assert [a.id for a in late.actions if a.status == "done"] == [
        "A1", "A2", "A5", "A9", "A11", "A14"]
    assert late.counts.done == 6 and late.counts.overdue == 0


def test_the_timeline_marks_the_as_of_date(sample: Project) -> None:
    _, _, svg = plan(sample)
    assert "As of" in svg or "Today" in svg  # the marker's legend entry


def test_actions_by_recommendation_then_id(make_project: MakeProject) -> None:
    root = make_project({"improvement-plan.yaml": """\
actions:
  - {id: A10, recommendation: R2, title: Tenth, owner: n1}
  - {id: A2, recommendation: R2, title: Second, owner: n1}
  - {id: A9, recommendation: R1, title: Ninth, owner: n1}
  - {id: A11, recommendation: R1, title: Eleventh, owner: n1}
"""})
    _, d, _ = plan(load_project(root))
    assert [a.id for a in d.actions] == ["A9", "A11", "A2", "A10"]
    assert [(r.id, [a.id for a in r.actions]) for r in d.by_recommendation] == [
        ("R1", ["A9", "A11"]), ("R2", ["A2", "A10"])]


def test_a_group_and_its_member_are_one_owner() -> None:
    # the minimal plan: A1 owned by the liaison group, A2 by n1, one of its members
    summary, d, _ = plan(load_project(MINIMAL), dt.date(2020, 10, 1))
    assert [o.name for o in d.owners] == ["Liaison Group"]
    assert [a.id for a in d.owners[0].actions] == ["A1", "A2"]
    member_action = d.owners[0].actions[1]
    assert (member_action.owner, member_action.owner_group) == ("North One", "Liaison Group")
    text = " ".join(summary)
    assert "all owned by Liaison Group" in text and "owners" not in text


def test_sample_owners_counted_once(sample: Project) -> None:
    summary, d, _ = plan(sample)
    assert [o.name for o in d.owners] == ["Consultant team", "Liaison Group",
                                          "Network coordination team at PartnersGlobal"]
    text = " ".join(summary)
    assert "shared among 3 owners" in text
    assert "Liaison Group owns the most actions: 10 of 17, 2 of them through its members." \
        in text


def test_event_times_are_printed_once(sample: Project) -> None:
    _, d, _ = plan(sample)
    times = {e.id: e.time for e in d.events}
    assert times["W1"] == "2:00\u202fPM (UTC)" or times["W1"] == "2:00 PM (UTC)"
    assert times["N1"].endswith("(UTC-05:00)") and times["N1"].startswith("9:00")
    from netconsult.render.build import render_html

    html = render_html(SAMPLE, ["plan"], "en")["plan"]
    schedule = html.split('id="tab-events"')[1].split("</table>")[0]
    for row in re.findall(r"<tr><td.*?</tr>", schedule, flags=re.S):
        assert len(re.findall(r"(?<![-+\d])\d{1,2}:\d{2}", row)) == 1, row  # one clock time
        assert row.count("UTC") == 1, row


@st.composite
def dated_actions(draw: st.DrawFn) -> tuple[list[Action], dt.date]:
    base = dt.date(2020, 6, 1)
    days = st.integers(0, 400).map(lambda n: base + dt.timedelta(days=n))
    actions = []
    for i in range(draw(st.integers(0, 8))):
        start = draw(days)
        due = start + dt.timedelta(days=draw(st.integers(0, 120)))
        status = draw(st.sampled_from(["planned", "in-progress", "done", "dropped"]))
        done_on = (start + dt.timedelta(days=draw(st.integers(0, 200)))
                   if status == "done" else None)
        actions.append(Action(id=f"A{i + 1}", recommendation="R1", title=f"Action {i + 1}",
                              owner="n1", start=start, due=due, status=status,
                              done_on=done_on))
    return actions, draw(days)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dated_actions())
def test_done_means_done_by_the_as_of_date(case: tuple[list[Action], dt.date]) -> None:
    actions, as_of = case
    project = dataclasses.replace(load_project(MINIMAL), actions=tuple(actions), events=())
    _, d, _ = plan(project, as_of)
    done_by_then = {a.id for a in actions if a.done_on is not None and a.done_on <= as_of}
    assert d.counts.done == len(done_by_then)
    assert {a.id for a in d.actions if a.status == "done"} == done_by_then
    for row, action in zip(sorted(d.actions, key=lambda r: int(r.id[1:])), actions,
                           strict=True):
        assert row.overdue == (action.due is not None and action.due < as_of
                               and row.status in ("planned", "in-progress"))
        if row.status == "in-progress":
            assert action.start is not None and action.start <= as_of


def test_done_without_done_on_waits_for_its_due_date() -> None:
    from netconsult.analysis.actions import status_as_of

    action = Action(id="A1", recommendation="R1", title="x", start=dt.date(2020, 11, 2),
                    due=dt.date(2020, 11, 30), status="done")
    assert status_as_of(action, dt.date(2020, 10, 21)) == "planned"
    assert status_as_of(action, dt.date(2020, 11, 15)) == "in-progress"
    assert status_as_of(action, dt.date(2020, 11, 30)) == "done"


def test_thin_plan_reads_well(make_project: MakeProject) -> None:
    root = make_project({"improvement-plan.yaml": """\
actions:
  - {id: A1, recommendation: R1, title: Open the shared space, owner: n2,
     start: 2020-11-01, due: 2020-11-20, status: done, done_on: 2020-11-18}
events:
  - {id: W1, title: Launch workshop, kind: workshop, start: "2020-10-28T14:00:00+01:00",
     duration_minutes: 120, actions: [A1]}
"""})
    summary, d, _ = plan(load_project(root), dt.date(2020, 12, 1))
    text = " ".join(summary)
    assert "The plan sets out 1 action for 1 recommendation, owned by North Two." in text
    assert "As of Dec 1, 2020, 1 action is done." in text
    assert "The plan schedules one event, Launch workshop, held on Oct 28, 2020." in text
    assert not re.search(r"\b0 (of|are|is|have)\b|\b1 (actions|recommendations|owners)\b", text)
    assert d.events[0].time.endswith("(UTC+01:00)")
    empty, _, _ = plan(load_project(make_project({"improvement-plan.yaml": "actions: []\n"},
                                                 name="empty")))
    assert empty == ("No actions have been agreed yet.",)  # a frozen context: a tuple


@pytest.mark.parametrize(("fields", "message"), [
    ("status: planned, done_on: 2020-11-20",
     "action A1 has done_on (2020-11-20) but its status is planned"),
    ("status: done, done_on: 2020-10-20",
     "action A1 is done (2020-10-20) before it starts (2020-11-01)"),
])
def test_done_on_is_checked(cli: RunCli, make_project: MakeProject, fields: str,
                            message: str) -> None:
    plan_file = (MINIMAL / "improvement-plan.yaml").read_text()
    root = make_project({"improvement-plan.yaml": plan_file.replace(
        "start: 2020-11-01, due: 2021-01-31}", f"start: 2020-11-01, due: 2021-01-31, {fields}}}")})
    result = cli("check", root)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())


def test_done_on_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "project-folder.md").read_text()
    section = docs.split("## improvement-plan.yaml")[1].split("\n## ")[0]
    assert "done_on" in section


def test_status_sentence_names_the_actions_and_the_late_ones(make_project: MakeProject) -> None:
    root = make_project({"improvement-plan.yaml": """\
actions:
  - {id: A1, recommendation: R1, title: Open it, owner: n1, start: 2020-11-01, due: 2020-11-20,
     status: in-progress}
  - {id: A2, recommendation: R1, title: Close it, owner: s1, start: 2020-12-05, due: 2021-01-20}
  - {id: A3, recommendation: R2, title: Drop it, owner: n2, status: dropped}
"""})
    summary, d, _ = plan(load_project(root), dt.date(2020, 12, 1))
    text = " ".join(summary)
    assert ("As of Dec 1, 2020, 1 action is in progress, 1 has not started, and 1 was "
            "dropped. A1 Open it is overdue. Next to start: A2 Close it, on Dec 5, 2020.") \
        in text
    assert [a.id for a in d.actions if a.overdue] == ["A1"]
    # nothing marked as started although the start dates have passed: say so
    summary, _, _ = plan(load_project(MINIMAL), dt.date(2020, 12, 1))
    assert ("As of Dec 1, 2020 no action is under way yet, though 2 were due to start by "
            "then.") in " ".join(summary)


def test_done_on_before_the_engagement_is_refused(cli: RunCli, make_project: MakeProject) -> None:
    root = make_project({"improvement-plan.yaml": """\
actions:
  - {id: A1, recommendation: R1, title: Open it, owner: n1, status: done, done_on: 2019-05-01}
"""})
    result = cli("check", root)
    assert result.exit_code == 2
    assert "action A1 is done (2019-05-01) before the engagement starts (2020-06-01)" in \
        " ".join(result.output.split())


@settings(max_examples=60, deadline=None)
@given(st.permutations([("A1", "R2"), ("A2", "R1"), ("A10", "R1"), ("A3", "R9"), ("B1", "R2")]))
def test_plan_order_does_not_depend_on_file_order(pairs: list[tuple[str, str]]) -> None:
    from netconsult.analysis.actions import plan_order
    from netconsult.project.models import Recommendation

    recs = [Recommendation(id=r, title=r, category="other", priority="low") for r in ("R1", "R2")]
    actions = [Action(id=a, recommendation=r, title=a) for a, r in pairs]
    # by recommendation in recommendations.yaml order (unknown R9 last), then id, A2 before A10
    assert [a.id for a in plan_order(actions, recs)] == ["A2", "A10", "A1", "B1", "A3"]


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(["g1", "g2", "m1", "m2", "m3", "m4"]), min_size=1))
def test_owner_units_fold_members_into_owning_groups(owners: set[str]) -> None:
    from netconsult.analysis.actions import owner_units
    from netconsult.project.models import Group

    groups = [Group(id="g1", name="G1", members=["m1", "m2"]),
              Group(id="g2", name="G2", members=["m2", "m3"])]
    units = owner_units(owners, groups)
    for owner, unit in units.items():
        group = next((g for g in groups if g.id in owners and owner in g.members), None)
        assert unit == (group.id if group else owner)
    # never more owners than before; a group and its member are one
    assert len(set(units.values())) <= len(owners)
    if {"g1", "m1"} <= owners:
        assert units["m1"] == "g1"

"""`netconsult status`: the engagement at a glance, as a Rich dashboard."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from netconsult.commands._common import AS_OF, PROJECT_DIR, parse_day

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

    from netconsult.errors import Problem
    from netconsult.project.load import Project
    from netconsult.project.models import Deliverable

app = typer.Typer(add_completion=False)

BAR_WIDTH = 30
_STATUS_STYLE = {
    "accepted": "green", "submitted": "cyan", "in-progress": "yellow", "planned": "dim",
}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}


@app.command()
def status(project_dir: Path = PROJECT_DIR, as_of: str | None = AS_OF) -> None:
    """Deliverables on a timeline, effort against budget, meetings per region, open problems."""
    from rich.console import Console, Group

    from netconsult.checks.registry import run_checks
    from netconsult.project.load import load_project

    day = parse_day(as_of)
    project = load_project(project_dir)
    findings = run_checks(project, day)
    Console(highlight=False).print(Group(
        _header(project, day),
        _deliverables(project, day),
        _Timeline(project, day),
        _effort(project, day),
        _meetings(project, day),
        _survey(project, day),
        _findings(findings, str(project_dir)),
    ))


def _header(project: Project, day: dt.date) -> RenderableType:
    from rich.text import Text

    e = project.engagement
    total = (e.end - e.start).days or 1
    elapsed = min(max((day - e.start).days, 0), total)
    text = Text()
    text.append(e.title, style="bold")
    text.append(f"\n{e.client}" + (f" · funded by {e.funder}" if e.funder else ""))
    text.append(f" · {len(project.members)} members in {len(project.network.regions)} regions")
    text.append(f"\n{e.start} → {e.end} · as of {day} · day {elapsed} of {total}"
                f" ({elapsed / total:.0%} of the time)\n")
    return text


def _deliverables(project: Project, day: dt.date) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from netconsult.analysis import workplan as wp

    effort = wp.effort(project, day)
    table = Table(title="Deliverables", title_justify="left", box=box.SIMPLE_HEAD,
                  title_style="bold", pad_edge=False)
    table.add_column("")
    table.add_column("deliverable", min_width=12, max_width=40)
    table.add_column("due", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("when", justify="right", no_wrap=True)
    table.add_column("days", justify="right", no_wrap=True)
    for d in _by_due(project):
        style = _style(d, day)
        if wp.is_done(d):
            when = f"done {d.submitted_on}" if d.submitted_on else "done"
        else:
            days = wp.days_to_due(d, day)
            when = f"{-days} d late" if days < 0 else ("today" if days == 0 else f"in {days} d")
        logged = effort.logged_by_deliverable.get(d.id, 0.0)
        table.add_row(Text(d.id), Text(d.title, no_wrap=True, overflow="ellipsis"), str(d.due),
                      Text(d.status, style=style),
                      Text(when, style=style), f"{logged:g}/{d.effort_days:g}")
    return table


def _by_due(project: Project) -> list[Deliverable]:
    return sorted(project.deliverables, key=lambda d: (d.due, d.id))


def _style(d: Deliverable, day: dt.date) -> str:
    from netconsult.analysis import workplan as wp

    return "red" if wp.is_overdue(d, day) else _STATUS_STYLE[d.status]


class _Timeline:
    """A Gantt-style strip: one row per deliverable from its start to ● on its due date."""

    def __init__(self, project: Project, day: dt.date) -> None:
        self.project = project
        self.day = day

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        e = self.project.engagement
        width = max(min(options.max_width - 6, 72), 20)
        total = max((e.end - e.start).days, 1)

        def col(day: dt.date) -> int:
            return min(max(round((day - e.start).days / total * (width - 1)), 0), width - 1)

        yield Text("\nTimeline", style="bold")
        axis = [" "] * width
        month = dt.date(e.start.year, e.start.month, 1)
        while month <= e.end:
            at = col(max(month, e.start))
            label = month.strftime("%b")
            if all(c == " " for c in axis[at: at + len(label) + 1]):
                axis[at: at + len(label)] = label
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        yield Text("      " + "".join(axis)[:width], style="dim")
        today = col(self.day) if e.start <= self.day <= e.end else None
        previous = e.start
        for d in _by_due(self.project):
            style = _style(d, self.day)
            first, last = col(d.start or previous), col(d.due)
            cells = [("·", "dim")] * width
            for i in range(first, last):
                cells[i] = ("━", style)
            cells[last] = ("●", style)
            if today is not None and cells[today][0] == "·":
                cells[today] = ("│", "magenta")
            row = Text(f"{d.id:<5} "[:6])
            for char, char_style in cells:
                row.append(char, style=char_style)
            yield row
            previous = max(previous, d.due)
        if today is not None:
            yield Text("      " + " " * today + f"▲ {self.day}", style="magenta")


def _effort(project: Project, day: dt.date) -> RenderableType:
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    from netconsult.analysis import workplan as wp

    e = wp.effort(project, day)
    style = "red" if e.logged > e.budget else (
        "yellow" if e.share_used >= wp.EFFORT_WARNING_SHARE else "green")
    grid = Table.grid(padding=(0, 2))
    grid.add_row("", "", "")
    grid.add_row(
        "[bold]Effort[/]",
        ProgressBar(total=e.budget, completed=min(e.logged, e.budget), width=BAR_WIDTH,
                    complete_style=style, finished_style=style),
        f"[{style}]{e.logged:g} of {e.budget:g} days ({e.share_used:.0%})[/]",
    )
    grid.add_row("", f"{e.remaining:g} days left, {e.planned:g} planned across deliverables", "")
    return grid


def _meetings(project: Project, day: dt.date) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from netconsult.analysis import workplan as wp

    members_by_region = Counter(member.region for member in project.members)
    by_region = wp.regional_meetings(project)
    table = Table(title="\nMeetings per region", title_justify="left", box=box.SIMPLE_HEAD,
                  title_style="bold", pad_edge=False)
    for name in ("region", "regional", "with findings", "members present", "last"):
        table.add_column(name, justify="left" if name == "region" else "right")
    for region in project.network.regions:
        held = [m for m in by_region[region.id] if m.date <= day]
        present = {p for m in held for p in m.front.participants}
        table.add_row(
            Text(region.name),
            str(len(held)) if held else "[red]0[/]",
            str(sum(1 for m in held if wp.has_substance(m))),
            f"{len(present)}/{members_by_region.get(region.id, 0)}",
            str(max(m.date for m in held)) if held else "-",
        )
    others: dict[str, int] = {}
    for meeting in project.meetings:
        if meeting.kind != "regional" and meeting.date <= day:
            others[meeting.kind] = others.get(meeting.kind, 0) + 1
    if others:
        table.caption = "Other meetings: " + ", ".join(
            f"{n} {k}" for k, n in sorted(others.items()))
        table.caption_justify = "left"
    return table


def _survey(project: Project, day: dt.date) -> RenderableType:
    """One line per survey round: its window and how many members have answered."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    survey = project.survey
    if survey is None:
        return Text("")
    table = Table(title="\nMember survey", title_justify="left", box=box.SIMPLE_HEAD,
                  title_style="bold", pad_edge=False)
    for name in ("round", "window", "respondents", "members", "rate"):
        table.add_column(name, justify="left" if name in ("round", "window") else "right")
    rounds = [(r.id, r.name, r.opens, r.closes) for r in survey.rounds]
    rounds += [(rid, None, None, None) for rid in project.responses
               if rid not in {r.id for r in survey.rounds}]
    total = len(project.members)
    for rid, name, opens, closes in rounds:
        rs = project.responses.get(rid)
        window = f"{opens or '?'} to {closes or '?'}" if opens or closes else "-"
        if rs is None or not len(rs):
            late = closes is not None and closes < day
            table.add_row(name or rid, window, "[red]none[/]" if late else "-", "-", "-")
            continue
        named = len(rs.members_named())
        rate = named / total if total else 0.0
        style = "green" if rate >= survey.response_target else "yellow"
        table.add_row(name or rid, window, str(len(rs)), f"{named}/{total}",
                      f"[{style}]{rate:.0%}[/] (target {survey.response_target:.0%})")
    if not rounds:
        table.caption = "No rounds declared and no responses imported yet."
        table.caption_justify = "left"
    return table


def _findings(findings: list[Problem], root: str) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from netconsult.commands._output import shown_path, summary

    worst = "red" if any(f.severity == "error" for f in findings) else (
        "yellow" if findings else "green")
    heading = Text("\nCheck: ", style="bold")
    heading.append(summary(findings), style=worst)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for f in findings[:12]:
        message = Text(f"{f.message} ")
        line = f":{f.place.line}" if f.place.line is not None else ""
        message.append(f"{shown_path(root, f.place.path)}{line}", style="dim")
        grid.add_row(Text(f"  {f.code}", style=_SEVERITY_STYLE.get(f.severity, "")), message)
    more = Text(f"  ... and {len(findings) - 12} more: run `netconsult check`", style="dim")
    return Group(heading, grid, *([more] if len(findings) > 12 else []))

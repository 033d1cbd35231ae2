"""`netconsult meeting new`: a well-formed meeting note, ready to fill in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import typer

from netconsult.commands._common import PROJECT_DIR, parse_day
from netconsult.errors import UsageError, did_you_mean

app = typer.Typer(name="meeting", no_args_is_help=True, add_completion=False)


@app.callback()
def meeting() -> None:
    """Meeting notes: `meeting new` writes a well-formed one."""


@app.command("new")
def new(
    project_dir: Path = PROJECT_DIR,
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today."),
    kind: str = typer.Option("regional", "--kind", help="regional, kickoff, interview, workshop, "
                             "training, summit, mentoring or other."),
    region: str | None = typer.Option(None, "--region", help="Region id (regional meetings)."),
    deliverable: str | None = typer.Option(None, "--deliverable", "-d", help="Deliverable id."),
    participant: list[str] | None = typer.Option(
        None, "--participant", "-p", help="Member id present; repeat for each."
    ),
    title: str | None = typer.Option(None, "--title", help="Default: from kind and region."),
    duration: int = typer.Option(90, "--duration", help="Length in minutes."),
) -> None:
    """Write meetings/<date>-<region or kind>.md from the note template."""
    from netconsult.project.load import load_project
    from netconsult.project.models import MeetingKind
    from netconsult.project.notes import render_meeting_note

    day = parse_day(date, "--date")
    kinds = list(get_args(MeetingKind))
    if kind not in kinds:
        raise UsageError.at("--kind", f"unknown meeting kind '{kind}'",
                            hint=did_you_mean(kind, kinds, "kinds"))
    project = load_project(project_dir)
    regions = {r.id: r for r in project.network.regions}
    _known("--region", region, list(regions), "regions")
    _known("--deliverable", deliverable, [d.id for d in project.deliverables], "deliverables")
    members = [m.id for m in project.members]
    for member in participant or []:
        _known("--participant", member, members, "members")
    if kind == "regional" and region is None:
        raise UsageError.at("--region", "a regional meeting needs --region",
                            hint="known regions: " + ", ".join(regions))
    in_region = [m.id for m in project.members if region and m.region == region]
    heading = title or (f"{regions[region].name} regional meeting" if region
                        else f"{kind.capitalize()} meeting")
    text = render_meeting_note(project_dir, {
        "title": json.dumps(heading, ensure_ascii=False),
        "date": day.isoformat(),
        "kind": kind,
        "region": region,
        "deliverable": deliverable,
        "participants": participant or [],
        "members_hint": f"members in {region}: {', '.join(in_region)}" if in_region else "",
        "themes": [t.id for t in project.network.themes],
        "duration": duration,
    })
    path = _free_name(project_dir / "meetings", f"{day.isoformat()}-{region or kind}")
    from netconsult.project.write import write_new

    write_new(path, text, shown=str(path))
    typer.echo(f"Wrote {path}")
    if not project.engagement.start <= day <= project.engagement.end:
        typer.echo(f"note: {day} is outside the engagement; `check` will reject it", err=True)


def _known(option: str, value: str | None, known: list[str], what: str) -> None:
    if value is not None and value not in known:
        raise UsageError.at(option, f"unknown {what[:-1]} '{value}'",
                            hint=did_you_mean(value, known, what))


def _free_name(folder: Path, stem: str) -> Path:
    """meetings/<stem>.md, or <stem>-2.md... when a note of that name exists (never overwrite)."""
    candidate, n = folder / f"{stem}.md", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}.md"
    return candidate

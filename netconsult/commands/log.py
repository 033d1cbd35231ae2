"""`netconsult log`: add consultant days to timesheet.yaml, keeping the rest of the file."""

from __future__ import annotations

from pathlib import Path

import typer

from netconsult.commands._common import PROJECT_DIR, parse_day
from netconsult.errors import UsageError, did_you_mean

app = typer.Typer(add_completion=False)


@app.command()
def log(
    days: float = typer.Argument(..., metavar="DAYS", help="Days worked, e.g. 0.5."),
    project_dir: Path = PROJECT_DIR,
    deliverable: str = typer.Option(..., "--deliverable", "-d", help="Deliverable id, e.g. D2."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today."),
    note: str | None = typer.Option(None, "--note", "-m", help="What the time was spent on."),
) -> None:
    """Log effort against a deliverable in timesheet.yaml."""
    from netconsult.analysis.workplan import effort
    from netconsult.project.load import load_project
    from netconsult.project.timesheet import add_entry

    day = parse_day(date, "--date")
    if days <= 0:
        raise typer.BadParameter("log more than 0 days", param_hint="DAYS")
    project = load_project(project_dir)
    known = [d.id for d in project.deliverables]
    if deliverable not in known:
        raise UsageError.at("--deliverable", f"unknown deliverable '{deliverable}'",
                            hint=did_you_mean(deliverable, known, "deliverables"))
    count = add_entry(project_dir, day, deliverable, days, note)
    total = effort(project).logged + days
    budget = project.engagement.effort_days
    typer.echo(f"Logged {days:g} d on {deliverable} for {day} (entry {count}); "
               f"{total:g} of {budget:g} days used ({total / budget:.0%}).")

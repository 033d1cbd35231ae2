"""`netconsult plan export`: the improvement plan as an Excel tracker and a calendar file."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from netconsult.commands._common import PROJECT_DIR

app = typer.Typer(name="plan", add_completion=False, no_args_is_help=True)


@app.callback()
def plan() -> None:
    """The improvement plan: `plan export` writes the Excel tracker and the events calendar."""


@app.command("export")
def export(
    project_dir: Path = PROJECT_DIR,
    out: Path | None = typer.Option(None, "--out",
                                    help="Folder to write to (default: DIR/build)."),
    force: bool = typer.Option(False, "--force", help="Replace files netconsult did not write, "
                               "or that another program saved over."),
) -> None:
    """Write improvement-plan.xlsx (actions, events, owners) and events.ics (the events).

    Same folder, same bytes: timestamps come from SOURCE_DATE_EPOCH, else the engagement start.
    """
    from netconsult.io.plan_export import BUILD_DIR, export_plan
    from netconsult.io.stamp import build_time
    from netconsult.project.load import load_project

    project = load_project(project_dir)
    stamp = build_time(project, os.environ.get("SOURCE_DATE_EPOCH"))
    folder = out if out is not None else project_dir / BUILD_DIR
    for path, size in export_plan(project, folder, stamp, force=force):
        typer.echo(f"Wrote {path} ({size:,} bytes)")
    if "improvement-plan.yaml" not in project.files:
        typer.echo("note: there is no improvement-plan.yaml; both files are empty", err=True)

"""`netconsult survey form`: the instrument as an XLSForm for KoboToolbox and ODK."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from netconsult.commands._common import PROJECT_DIR


def form(
    project_dir: Path = PROJECT_DIR,
    out: Path | None = typer.Option(
        None, "--out", help="File to write (default: DIR/build/<form_id>.xlsx)."),
    force: bool = typer.Option(False, "--force", help="Replace a file netconsult did not "
                               "write, or that another program saved over."),
) -> None:
    """Write survey/survey.yaml as an XLSForm (.xlsx) to upload to KoboToolbox or ODK.

    Every engagement language gets its own label column; question names are the instrument's
    ids, so exports come back with headers `survey import` knows. Same folder, same bytes:
    timestamps come from SOURCE_DATE_EPOCH, else the engagement start.
    """
    from netconsult.io.stamp import build_time
    from netconsult.io.xlsform import LANGUAGE_NAMES, default_path, write_xlsform
    from netconsult.project.load import load_project

    project = load_project(project_dir)
    stamp = build_time(project, os.environ.get("SOURCE_DATE_EPOCH"))
    path = out if out is not None else default_path(project)
    write_xlsform(project, path, stamp, force=force)
    survey = project.survey
    count = len(survey.questions) if survey is not None else 0
    languages = ", ".join(LANGUAGE_NAMES[code] for code in project.engagement.languages)
    typer.echo(f"Wrote {path}: {count} questions in {languages}")

"""`netconsult check`: the deliverable and consistency rules, for people and CI."""

from __future__ import annotations

from pathlib import Path

import typer

from netconsult.commands._common import AS_OF, PROJECT_DIR, parse_day
from netconsult.commands._output import OutputFormat, emit, summary
from netconsult.errors import NetconsultError

app = typer.Typer(add_completion=False)


@app.command()
def check(
    project_dir: Path = PROJECT_DIR,
    as_of: str | None = AS_OF,
    output: OutputFormat = typer.Option(
        OutputFormat.text, "--format", "-f", help="text for people, json for tools, github for CI."
    ),
    select: list[str] | None = typer.Option(
        None, "--select", metavar="CODE", help="Run only rules whose code starts with this."
    ),
    list_rules: bool = typer.Option(False, "--list-rules", help="List the rules and exit."),
) -> None:
    """Check deliverables, evidence and effort. Exit 1 on any error, 2 on unreadable input."""
    from netconsult.checks.registry import all_rules, run_checks
    from netconsult.project.load import load_project

    if list_rules:
        for r in all_rules():
            typer.echo(f"{r.code}  {r.severity:<7}  {r.title}\n        {r.doc}")
        return
    day = parse_day(as_of)
    codes = [r.code for r in all_rules()]
    select = [code.upper() for code in select or ()]
    for prefix in select:
        if not any(code.startswith(prefix) for code in codes):
            raise typer.BadParameter(f"no rule code starts with {prefix!r} (see --list-rules)",
                                     param_hint="--select")
    try:
        project = load_project(project_dir)
    except NetconsultError as exc:
        if output is OutputFormat.text:
            raise  # the CLI's error boundary prints it
        emit(exc.problems, exc.root, output)
        raise typer.Exit(2) from None
    findings = run_checks(project, day, select)
    root = str(project_dir)
    emit(findings, root, output, findings=True)
    if output is OutputFormat.text:
        typer.echo(f"{project.engagement.title}, as of {day}: {summary(findings)}")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)

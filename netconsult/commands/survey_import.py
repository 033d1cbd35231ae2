"""`netconsult survey import`: a tool's export into survey/responses/<round>.csv (and the
follow-up ratings of each partner named into <round>.ties.csv)."""

from __future__ import annotations

from pathlib import Path

import typer

from netconsult.commands._common import PROJECT_DIR
from netconsult.commands._output import shown_path
from netconsult.errors import Problem, UsageError, did_you_mean, posix

#: Warnings printed in full; the rest are counted (all are in the .import.yaml file).
SHOWN_WARNINGS = 25


def import_export(
    file: Path = typer.Argument(
        ..., metavar="FILE", show_default=False,
        help="The export: XLSX or CSV from KoboToolbox, ODK Central or Google Forms, or a "
        "plain table with one row per respondent.",
    ),
    project_dir: Path = PROJECT_DIR,
    round_id: str | None = typer.Option(
        None, "--round", metavar="ID",
        help="The survey round (default: the last declared in survey.yaml, or 'main').",
    ),
    force: bool = typer.Option(False, "--force", help="Replace the round's responses file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read and report; write nothing."),
    sheet: str | None = typer.Option(
        None, "--sheet", metavar="NAME", help="The workbook's sheet of responses (default: "
        "the first)."),
) -> None:
    """Import a survey export into survey/responses/<round>.csv.

    Detects the tool, maps columns to the survey's questions (by name, by wording, or by a
    question's `columns:` list) and each respondent to a member organisation, and lists
    every answer it could not read with its file, row and column. The export itself is
    never changed; respondents get anonymous ids.
    """
    from netconsult.io.survey_import.importer import (
        import_file,
        provenance_path,
        write_round,
    )
    from netconsult.project.load import load_project
    from netconsult.project.responses import default_round, ratings_path, responses_path

    root = str(project_dir)
    source = posix(file)
    # Without responses: a round file broken by hand must not block its replacement.
    project = load_project(project_dir, responses=False)
    survey = project.survey
    if survey is None:
        raise UsageError.at(shown_path(root, "survey/survey.yaml"), "no survey instrument",
                            hint="write survey/survey.yaml (its questions) before importing "
                            "responses")
    rounds = [r.id for r in survey.rounds]
    round_id = round_id or default_round(survey)
    if rounds and round_id not in rounds:
        raise UsageError.at("--round", f"survey.yaml declares no round '{round_id}'",
                            hint=did_you_mean(round_id, rounds, "rounds"))
    out_rel = responses_path(round_id)
    if (project_dir / out_rel).exists() and not (force or dry_run):
        raise UsageError.at(shown_path(root, out_rel), "file exists; not overwriting it",
                            hint="pass --force to replace it with this export's responses")
    result = import_file(file, source, survey, project.members, sheet=sheet,
                         survey_places={q.id: project.place("question", q.id)
                                        for q in survey.questions})

    table, plan = result.table, result.plan
    where = f"{source}, sheet '{table.sheet}'" if table.sheet is not None else source
    typer.echo(f"Read {where}: {result.flavour.name} ({result.mode})")
    skipped = result.rows_read - len(result.respondents)
    members = {member for member in result.members if member}
    typer.echo(f"  respondents: {len(result.respondents)} imported from {result.rows_read} rows"
               + (f" ({skipped} skipped)" if skipped else ""))
    if plan.answers and any(c.role == "member" for c in plan.answers):
        typer.echo(f"  members: {result.members_matched} of {len(result.respondents)} "
                   f"respondents matched, {len(members)} of {len(project.members)} "
                   "member organisations answered")
    mapped = [c for c in plan.columns if c.role in ("answer", "member", "option", "covered")]
    questions = {c.question.id for c in mapped if c.question}
    dropped = plan.with_role("tool", "identifying", "id", "time")
    unmapped = plan.with_role("unmapped", "unknown-option", "duplicate")
    typer.echo(f"  columns: {len(mapped)} mapped to {len(questions)} questions, "
               f"{len(dropped)} of the tool's own dropped, {len(unmapped)} unmapped")
    ties = result.ties
    if ties is not None:
        skipped = ties.rows_read - len(ties.ratings)
        typer.echo(f"  ratings: {len(ties.ratings)} partners rated by {ties.respondents} "
                   f"respondents, from {ties.rows_read} rows of {ties.where}"
                   + (f" ({skipped} skipped)" if skipped else ""))
    exports = {source} | ({ties.table.source} if ties is not None else set())
    _print_problems(result.problems, root, exports)
    written = [out_rel] + ([ratings_path(round_id)] if ties is not None else [])
    if dry_run:
        typer.echo("Dry run: nothing written (would write "
                   + " and ".join(shown_path(root, rel) for rel in written) + ")")
        return
    write_round(project_dir, round_id, survey, result, _source_name(file, project_dir))
    shown = [shown_path(root, rel) for rel in [*written, provenance_path(round_id)]]
    typer.echo(f"Wrote {', '.join(shown[:-1])} and {shown[-1]}")


def _print_problems(problems: list[Problem], root: str, exports: set[str]) -> None:
    """Warnings (the first SHOWN_WARNINGS), then notes; paths of the export files (`exports`,
    as the user named them) as they are, project files from where the command was run."""
    warnings = [p for p in problems if p.severity == "warning"]
    notes = [p for p in problems if p.severity != "warning"]
    for problem in [*warnings[:SHOWN_WARNINGS], *notes]:
        path = problem.place.path
        where = path if path in exports else shown_path(root, path)
        if problem.place.line is not None:
            where += f":{problem.place.line}"
            if problem.place.column is not None:
                where += f":{problem.place.column}"
        label = "warning" if problem.severity == "warning" else "note"
        typer.echo(f"{where}: {label}: {problem.message}", err=True)
        if problem.hint:
            typer.echo(f"    hint: {problem.hint}", err=True)
    if len(warnings) > SHOWN_WARNINGS:
        typer.echo(f"... and {len(warnings) - SHOWN_WARNINGS} more warnings (all are listed in "
                   "the round's .import.yaml file)", err=True)
    if warnings:
        typer.echo(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}", err=True)


def _source_name(file: Path, project_dir: Path) -> str:
    """The export as the provenance file names it: inside the project, its relative path;
    elsewhere only its name (a home folder's path says nothing useful to a reviewer)."""
    try:
        return posix(file.resolve().relative_to(project_dir.resolve()))
    except ValueError:
        return file.name

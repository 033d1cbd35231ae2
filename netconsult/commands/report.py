"""`netconsult report`: the client's deliverables as HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import typer

from netconsult.errors import UsageError

app = typer.Typer(add_completion=False)


CHOICES = ("assessment", "recommendations", "plan", "all")


@app.command()
def report(
    which: str = typer.Argument("all", metavar="[assessment|recommendations|plan|all]",
                                show_default=False, help="Which report (default: all)."),
    project_dir: Path | None = typer.Argument(None, metavar="[DIR]", show_default=False,
                                              help="The project folder (default: here)."),
    formats: str = typer.Option("pdf,html", "--format", help="pdf, html or pdf,html."),
    out: Path | None = typer.Option(None, "--out", help="Output folder (default: DIR/build)."),
    lang: str | None = typer.Option(None, "--lang", help="Report language (default: the "
                                    "engagement's first language)."),
    open_: bool = typer.Option(False, "--open", help="Open the result when done."),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD",
        help="Date the reports as of this day: statuses, counts and content after it are "
             "left out (default: a deliverable's submitted_on once handed in, else today)."),
) -> None:
    """Render the assessment, recommendation report and improvement plan."""
    from rich.console import Console

    from netconsult.commands._common import parse_day
    from netconsult.render.build import REPORT_FILES, build_reports
    from netconsult.render.pdf import short_url

    if which not in CHOICES:
        if project_dir is not None:
            raise typer.BadParameter(f"choose one of {', '.join(CHOICES)}", param_hint="report")
        which, project_dir = "all", Path(which)  # `netconsult report DIR`
    project_dir = project_dir or Path(".")
    day = parse_day(as_of) if as_of is not None else None
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    if not wanted or any(f not in ("pdf", "html") for f in wanted):
        raise typer.BadParameter("use pdf, html or pdf,html", param_hint="--format")
    reports = list(REPORT_FILES) if which == "all" else [which]
    language = lang or _default_language(project_dir)
    if language not in ("en", "es", "fr"):
        raise UsageError.at("--lang", f"unsupported language '{language}'", hint="use en, es or fr")
    target = out if out is not None else project_dir / "build"
    console = Console(stderr=True, highlight=False)
    with console.status("Rendering reports…") as status:
        outputs = build_reports(
            project_dir, reports, wanted, target, language,
            progress=lambda kind, what: status.update(f"Rendered {kind} ({what})…"),
            as_of=day,
        )
    pdfs = [o for o in outputs if o.format == "pdf"] or outputs
    summary = " · ".join(
        f"{o.path} ({o.pages} pp, {o.size / 1024:.0f} KiB)" if o.pages else
        f"{o.path} ({o.size / 1024:.0f} KiB)" for o in pdfs)
    if outputs and all(o.reused for o in outputs):
        reused = " (up to date, nothing re-rendered)"
    elif any(o.reused for o in outputs):  # the others read nothing that changed
        reused = " (up to date, reused: " + ", ".join(
            dict.fromkeys(Path(o.path).name for o in pdfs if o.reused)) + ")"
    else:
        reused = ""
    typer.echo(f"Wrote {summary}{reused}")
    for o in outputs:
        for url in o.refused:
            typer.echo(f"warning: {o.path}: left out {short_url(url)}: netconsult reads only "
                       "files inside the project and its own package", err=True)
    if open_ and pdfs:
        typer.launch(pdfs[0].path)


def _default_language(project_dir: Path) -> str:
    # Read netconsult.yaml's languages without loading the project: the cached path stays fast.
    import yaml

    try:
        data = yaml.load((project_dir / "netconsult.yaml").read_text(encoding="utf-8"),
                         Loader=yaml.CSafeLoader)
        return str(data["engagement"]["languages"][0])
    except (OSError, KeyError, IndexError, TypeError, ValueError, yaml.YAMLError):
        return "en"

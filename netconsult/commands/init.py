"""`netconsult init`: start a new engagement folder, or copy a bundled sample."""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

import typer

from netconsult.commands._common import parse_day
from netconsult.errors import UsageError

app = typer.Typer(add_completion=False)


def _ask(value: str | None, label: str, default: str | None, interactive: bool,
         missing: list[str], flag: str) -> str | None:
    if value is not None:
        return value
    if interactive:
        return typer.prompt(label, default=default) if default is not None else typer.prompt(label)
    if default is None:
        missing.append(flag)
    return default


@app.command()
def init(
    project_dir: Path = typer.Argument(Path("."), metavar="DIR", show_default=False,
                                       help="Folder to create (default: here)."),
    sample: str | None = typer.Option(None, "--sample", help="Copy a bundled sample instead."),
    title: str | None = typer.Option(None, help="Title of the engagement."),
    client: str | None = typer.Option(None, help="The contracting organisation."),
    network: str | None = typer.Option(None, help="The network's name (default: the client)."),
    funder: str | None = typer.Option(None, help="Who funds the engagement."),
    consultant: str | None = typer.Option(None, help="Your name, for report covers."),
    region: list[str] | None = typer.Option(
        None, "--region", help="A region, as id=Name or Name; repeat for each."
    ),
    start: str | None = typer.Option(None, metavar="YYYY-MM-DD",
                                     help="First day (default: today)."),
    end: str | None = typer.Option(None, metavar="YYYY-MM-DD",
                                   help="Last day (default: +6 months)."),
    effort_days: float | None = typer.Option(None, "--effort-days", help="Budget in days (25)."),
    language: list[str] | None = typer.Option(
        None, "--language", help="Report language: en, es or fr; repeat for more."
    ),
    interactive: bool | None = typer.Option(
        None, "--interactive/--no-interactive",
        help="Prompt for missing values (default: when run in a terminal).",
    ),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty folder."),
) -> None:
    """Create a project folder for a new engagement, ready for `check` and `status`."""
    from netconsult.project import scaffold

    if sample is not None:
        given = [flag for flag, value in (
            ("--title", title), ("--client", client), ("--network", network),
            ("--funder", funder), ("--consultant", consultant), ("--region", region),
            ("--start", start), ("--end", end), ("--effort-days", effort_days),
            ("--language", language)) if value]
        if given:
            raise UsageError.at("--sample", f"a sample is copied as it is; {', '.join(given)} "
                                "cannot be combined with it",
                                hint="edit netconsult.yaml after copying, or drop --sample")
        files: dict[str, str | bytes] = dict(scaffold.sample_files(sample))
        for rel, text in scaffold.support_files(scaffold.title_of(files)).items():
            files.setdefault(rel, text)  # schemas, CI workflow... unless the sample has its own
        what = f"sample '{sample}'"
    else:
        ask = sys.stdin.isatty() if interactive is None else interactive
        missing: list[str] = []
        title = _ask(title, "Engagement title", None, ask, missing, "--title")
        client = _ask(client, "Client organisation", None, ask, missing, "--client")
        if network is None and ask:  # without a terminal it defaults to the client, never missing
            network = typer.prompt("Network name", default=client)
        if funder is None and ask:
            funder = typer.prompt("Funder (empty for none)", default="", show_default=False) or None
        if consultant is None and ask:
            consultant = typer.prompt("Your name (empty to skip)", default="",
                                      show_default=False) or None
        if not region and ask:
            answer = typer.prompt("Regions, comma-separated (id=Name or Name)")
            region = [part for part in (p.strip() for p in answer.split(",")) if part]
        if not region:
            missing.append("--region")
        start_text = _ask(start, "Start date (YYYY-MM-DD)", dt.date.today().isoformat(), ask,
                          missing, "--start")
        first_day = parse_day(start_text, "--start")
        end_text = _ask(end, "End date (YYYY-MM-DD)",
                        (first_day + dt.timedelta(days=183)).isoformat(), ask, missing, "--end")
        if effort_days is None:
            effort_days = typer.prompt("Effort budget in days", default="25", type=float) \
                if ask else 25.0
        if not language:
            text = typer.prompt("Report languages (en, es, fr)", default="en") if ask else "en"
            language = [part.strip() for part in text.replace(",", " ").split()] or ["en"]
        if missing:
            raise UsageError.at("init", "missing " + ", ".join(missing),
                                hint="pass them as options, or run init in a terminal to be asked")
        bad = [lang for lang in language if lang not in ("en", "es", "fr")]
        if bad:
            raise typer.BadParameter(f"unsupported language {bad[0]!r}; use en, es or fr",
                                     param_hint="--language")
        if not 0 < effort_days < math.inf:  # also refuses nan
            raise typer.BadParameter("the budget must be a number of days above 0",
                                     param_hint="--effort-days")
        spec = scaffold.NewEngagement(
            title=str(title), client=str(client), network=str(network or client),
            regions=[scaffold.parse_region(r) for r in region or []],
            start=first_day, end=parse_day(end_text, "--end"), effort_days=effort_days,
            languages=list(dict.fromkeys(language)), funder=funder, consultant=consultant,
        )
        files = dict(scaffold.engagement_files(spec))
        what = f"'{spec.title}'"
    written = scaffold.create_project(project_dir, files, force=force)
    for rel, replaced in written:
        if replaced:
            typer.echo(f"replaced {project_dir / rel}", err=True)
    typer.echo(f"Created {what} in {project_dir} ({len(written)} files).")
    typer.echo(f"Next: netconsult status {project_dir}    netconsult check {project_dir}")

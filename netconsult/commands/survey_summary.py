"""`netconsult survey summary`: the survey results in the terminal, or as JSON for scripts."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from netconsult.commands._common import (
    PROJECT_DIR,
    SHOW_HIDDEN_OPTION,
    rich_table,
    titled_table,
    warn_show_hidden,
)
from netconsult.render import labels as L

if TYPE_CHECKING:
    from rich.console import RenderableType

    from netconsult.analysis.survey import Breakdown, Cell, SurveyResults
    from netconsult.project.load import Project

#: Shown for a suppressed figure, and for a group with no respondents.
HIDDEN_MARK = "—"
EMPTY_MARK = "·"


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"


def summary(
    project_dir: Path = PROJECT_DIR,
    round_id: str | None = typer.Option(
        None, "--round", metavar="ID",
        help="The survey round (default: the latest round with responses).",
    ),
    output: SummaryFormat = typer.Option(
        SummaryFormat.text, "--format", "-f",
        help="text for people, json for scripts (the analysis as data).",
    ),
    show_hidden: bool = SHOW_HIDDEN_OPTION,
) -> None:
    """Print the survey results: response rates, dimension scores, breakdowns by region,
    member type and size and respondent attributes, the items groups disagree on most,
    quotes and the change since the previous round. Groups smaller than
    privacy.min_group_size are suppressed, and the figures that would give them away."""
    from netconsult.analysis.survey import analyse_survey
    from netconsult.project.load import load_project

    project = load_project(project_dir)
    _check_round(project, str(project_dir), round_id)
    results = analyse_survey(project, round_id, show_hidden=show_hidden)
    assert results is not None  # _check_round refused every case without results
    if show_hidden:
        warn_show_hidden(project.config.privacy.min_group_size)
    if output is SummaryFormat.json:
        typer.echo(json.dumps(dataclasses.asdict(results), indent=2, ensure_ascii=False))
        return
    _print(project, results)


def _check_round(project: Project, root: str, round_id: str | None) -> None:
    """Refuse, naming the place to fix, when there is nothing to summarise."""
    from netconsult.analysis.survey import rounds_with_responses
    from netconsult.errors import Place, Problem, UsageError, did_you_mean
    from netconsult.project.responses import responses_path

    survey = project.survey
    if survey is None:
        raise UsageError([Problem(Place("survey/survey.yaml"), "this project has no survey",
                                  hint="describe the instrument in survey/survey.yaml; the sample "
                                       "(`netconsult init --sample`) has a complete one")],
                               root=root)
    answered = rounds_with_responses(project)
    known = [r.id for r in survey.rounds] or list(project.responses)
    if round_id is not None and round_id not in known and round_id not in project.responses:
        raise UsageError.at("--round", f"unknown survey round '{round_id}'",
                            hint=did_you_mean(round_id, known, "rounds"))
    if (round_id is not None and round_id not in answered) or not answered:
        wanted = round_id or (known[-1] if known else "main")
        raise UsageError([Problem(
            Place(responses_path(wanted)),
            f"no responses stored for survey round '{wanted}'" if round_id
            else "no survey responses stored yet",
            hint=f"import an export: `netconsult survey import FILE --round {wanted}`"
            + (f"; rounds with responses: {', '.join(answered)}" if answered else ""))],
            root=root)


# -- text ---------------------------------------------------------------------------------


def _mean(cell: Cell) -> str:
    if cell.suppressed:
        return HIDDEN_MARK
    return EMPTY_MARK if cell.value is None else f"{cell.value:.2f}"


def _share(cell: Cell) -> str:
    if cell.suppressed:
        return HIDDEN_MARK
    return EMPTY_MARK if cell.value is None else f"{cell.value:.0%}"


def _count(cell: Cell) -> str:
    if cell.suppressed:
        return HIDDEN_MARK
    return str(cell.n or 0)


def _with_n(cell: Cell) -> str:
    return _mean(cell) + (f" ({cell.n})" if cell.n else "")


def _print(project: Project, r: SurveyResults) -> None:
    from rich.console import Console, Group
    from rich.text import Text

    parts: list[RenderableType] = []
    survey = project.survey
    header = Text()
    header.append(survey.title if survey else "Member survey", style="bold")
    header.append(f"\nRound {r.round_name}" + (f" ({r.round_id})" if r.round_name != r.round_id
                                               else ""))
    met = r.response_rate >= r.target
    header.append(f"\n{r.respondents} respondents from {r.members_responded} of "
                  f"{r.members_total} member organisations: ")
    header.append(f"{r.response_rate:.0%}", style="green" if met else "red")
    header.append(f" (target {r.target:.0%})")
    parts.append(header)

    parts.extend(_rates(r))
    if r.dimensions:
        parts.append(_dimensions(r))
    if r.items:
        parts.append(_items(r))
    parts.extend(_breakdowns(r))
    if r.disagreements:
        table = rich_table(["item", "by", "high", "low", "spread"], 2)
        for d in r.disagreements:
            table.add_row(Text(f"{d.item} {d.label}", overflow="fold"),
                          L.BREAKDOWN.get(d.by, d.by_name),
                          f"{_group(d.by, d.high[0])} {d.high[1]:.2f}",
                          f"{_group(d.by, d.low[0])} {d.low[1]:.2f}",
                          f"{d.spread:.2f}")
        parts.append(titled_table("Where groups disagree most", table))
    for choice in r.choices:
        table = rich_table(["answer", "share"])
        for _, label, cell in choice.rows:
            table.add_row(label, _share(cell))
        parts.append(titled_table(f"{choice.label} ({choice.n} answered)", table))
    if r.change:
        table = rich_table(["dimension", str(r.previous_round_name), r.round_name, "change"])
        for c in r.change:
            table.add_row(c.name, _with_n(c.before), _with_n(c.after),
                          EMPTY_MARK if c.delta is None else f"{c.delta:+.2f}")
        parts.append(titled_table(f"Change since {r.previous_round_name}", table))
    if r.quotes:
        quotes = Text("\nIn their words", style="bold")
        for quote in r.quotes:
            quotes.append(f"\n  “{quote}”", style="")
        parts.append(quotes)
    parts.append(Text(f"\n{HIDDEN_MARK} hidden: fewer than {r.min_group_size} respondents, or "
                      "hidden so a smaller group cannot be worked out from the figures shown. "
                      f"{EMPTY_MARK} no respondents. Numbers in brackets: respondents.",
                      style="dim"))
    Console(highlight=False).print(Group(*parts))


def _rates(r: SurveyResults) -> list[RenderableType]:
    tables: list[RenderableType] = []
    for by, name in L.BREAKDOWN.items():
        rows = [row for row in r.rates if row.by == by]
        if not rows:
            continue
        table = rich_table([name.lower(), "members", "responded", "rate", "respondents"])
        for row in rows:
            rate = EMPTY_MARK if row.rate is None else f"{row.rate:.0%}"
            style = "red" if row.rate is not None and row.rate < r.target else ""
            table.add_row(L.group_label(by, row.group, row.group_name), str(row.members),
                          str(row.responded),
                          f"[{style}]{rate}[/]" if style else rate, _count(row.respondents))
        tables.append(titled_table(f"Response rate by {name.lower()}", table))
    return tables


def _dimensions(r: SurveyResults) -> RenderableType:
    table = rich_table(["dimension", "items", "n", "mean", "agree", "dk/na", "alpha"])
    for d in r.dimensions:
        alpha = EMPTY_MARK if d.alpha is None else f"{d.alpha:.2f} ({d.alpha_n})"
        table.add_row(d.name, str(d.items), str(d.n), _mean(d.mean), _share(d.share_agree),
                      f"{d.dont_know}/{d.not_applicable}", alpha)
    return titled_table("Dimensions (1-5, higher is better; agree: 4 or 5; dk/na: answers "
                   "\"don't know\" / \"not applicable\"; alpha with complete cases)", table)


def _items(r: SurveyResults) -> RenderableType:
    from rich.text import Text

    table = rich_table(["item", "n", "mean", "agree", "dk/na"])
    for item in r.items:
        label = Text(f"{item.id} {item.label}" + (" (reversed)" if item.reverse else ""),
                     overflow="fold")
        table.add_row(label, str(item.n), _mean(item.mean), _share(item.share_agree),
                      f"{item.dont_know}/{item.not_applicable}")
    return titled_table("Items (reverse items scored 6 - x: agree means favourable)", table)


def _breakdowns(r: SurveyResults) -> list[RenderableType]:
    tables: list[RenderableType] = []
    for b in r.breakdowns:
        fixed = b.by in ("region", "type", "size")
        table = rich_table(["dimension", *(L.group_label(b.by, g, name) for g, name in b.groups),
                            "all"])
        for (_, name, cells), total in zip(b.rows, b.total, strict=True):
            table.add_row(name, *(_with_n(c) for c in cells), _with_n(total))
        title = (f"By {L.BREAKDOWN[b.by].lower()}" if fixed
                 else f"By answer: {b.by_name}")
        tables.append(titled_table(title, table, _note(b, r.min_group_size)))
    return tables


def _group(by: str, name: str) -> str:
    """A disagreement's group (the analysis gives types and sizes by id)."""
    return L.group_label(by, name, name) if by in ("type", "size") else name


def _note(b: Breakdown, k: int) -> str | None:
    """Why cells of a breakdown are hidden, from the reasons the analysis gives."""
    reasons = {c.reason for _, _, cells in b.rows for c in cells}
    if "small" not in reasons and "protect" not in reasons:
        return None
    note = f"Groups of fewer than {k} respondents are not shown." if "small" in reasons else ""
    if "protect" in reasons:
        note += (" Some other groups are hidden too, so that a hidden group cannot be worked "
                 "out from the totals and the groups shown.")
    return note.strip()

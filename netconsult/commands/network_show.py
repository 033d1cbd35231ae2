"""`netconsult network show`: the network's metrics in the terminal, or as JSON."""

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

    from netconsult.analysis.network import NetworkResult, PartnerScore, RoundChange
    from netconsult.analysis.project_network import ProjectNetwork
    from netconsult.project.load import Project

#: Shown for a suppressed figure; an empty mark for one that does not exist.
HIDDEN_MARK = "—"
EMPTY_MARK = "·"
#: Characters of a member's name in the members table (with its edge mark).
NAME_WIDTH = 20


class TieRule(StrEnum):
    observed = "observed"
    either = "either"
    both = "both"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


ROUND_OPTION = typer.Option(
    None, "--round", metavar="ID",
    help="The survey round (default: the latest round that asked the tie question).")
RULE_OPTION = typer.Option(
    None, "--rule", help="Which survey ties count (default: network/ties.yaml's rule, else "
    "either): observed (as reported, directed), either side, or both sides.")


def show(
    project_dir: Path = PROJECT_DIR,
    round_id: str | None = ROUND_OPTION,
    rule: TieRule | None = RULE_OPTION,
    output: ShowFormat = typer.Option(
        ShowFormat.text, "--format", "-f", help="text for people, json for scripts."),
    show_hidden: bool = SHOW_HIDDEN_OPTION,
) -> None:
    """Print the network's metrics: response rate, ties, density, reciprocity, components,
    centralization, cross-regional ties (E-I index), trust and value, each member's degree
    and betweenness, how small and large members are included, who sits at the edge, how the
    figures move under each tie rule, and the change since the previous round."""
    project, network = load_network(project_dir, round_id, rule, show_hidden=show_hidden)
    if show_hidden:
        warn_show_hidden(project.config.privacy.min_group_size)
    if output is ShowFormat.json:
        data: object = {
            "result": dataclasses.asdict(network.result),
            "change": dataclasses.asdict(network.change) if network.change else None}
        if not project.config.privacy.show_member_names:
            data = _coded(data, {n.id: n.label for n in network.input.nodes})
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print(project, network)


def load_network(project_dir: Path, round_id: str | None, rule: TieRule | None, *,
                 show_hidden: bool = False) -> tuple[Project, ProjectNetwork]:
    """The project and its network, or a usage error saying what to add."""
    from netconsult.analysis.project_network import project_network, tie_rounds
    from netconsult.errors import Place, Problem, UsageError, did_you_mean
    from netconsult.project.load import load_project
    from netconsult.project.responses import responses_path

    project = load_project(project_dir)
    survey = project.survey
    if round_id is not None:
        known = [r.id for r in survey.rounds] if survey else []
        known += [r for r in project.responses if r not in known]
        if round_id not in known:
            raise UsageError.at("--round", f"unknown survey round '{round_id}'",
                                hint=did_you_mean(round_id, known, "rounds")
                                or ("the survey declares no rounds" if not known else None))
        answered = tie_rounds(project)
        if round_id not in answered:
            question = survey.tie_question() if survey else None
            what = f"'{question.id}', the tie question" if question else "a tie question"
            raise UsageError([Problem(
                Place(responses_path(round_id)),
                f"no stored response of round '{round_id}' answers {what}",
                hint=("rounds that do: " + ", ".join(answered)) if answered
                else "import the round's export with `netconsult survey import`")],
                root=str(project_dir))
    network = project_network(project, round_id, rule.value if rule else None,
                              show_hidden=show_hidden)
    if network is None:
        question = survey.tie_question() if survey else None
        place = Place("survey/survey.yaml" if question is None else "survey/responses")
        hint = ("ask a `members` question in survey/survey.yaml (which members did you work "
                "with?), or record ties in network/ties.yaml" if question is None else
                f"import a round that answers '{question.id}' (`netconsult survey import`), "
                "or record ties in network/ties.yaml")
        raise UsageError([Problem(place, "no tie data: the network cannot be measured yet",
                                  hint=hint)], root=str(project_dir))
    return project, network


def _coded(data: object, code: dict[str, str]) -> object:
    """Member ids replaced by their public codes anywhere in JSON-ready data: next to its
    code, an id would name the organisation."""
    if isinstance(data, dict):
        return {k: _coded(v, code) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_coded(v, code) for v in data]
    return code.get(data, data) if isinstance(data, str) else data


# -- text ---------------------------------------------------------------------------------


def _num(value: float | None, spec: str = ".2f") -> str:
    return EMPTY_MARK if value is None else format(value, spec)


def _signed(value: float | None, spec: str) -> str:
    """A change with its sign; one that rounds to zero shows as zero, not -0."""
    if value is None:
        return EMPTY_MARK
    if float(format(value, spec).rstrip("%")) == 0:
        return format(0.0, spec)
    return format(value, "+" + spec)


def _score(score: PartnerScore, *, raters: bool = True) -> str:
    if score.suppressed:
        return HIDDEN_MARK
    if score.mean is None:
        return EMPTY_MARK
    return f"{score.mean:.2f}" + (f" ({score.raters})" if raters else "")


def _print(project: Project, network: ProjectNetwork) -> None:
    from rich.console import Console, Group
    from rich.text import Text

    r = network.result
    labels = {n.id: n.label for n in network.input.nodes}
    header = Text()
    header.append(project.network.name, style="bold")
    header.append(f"\nRound {r.round}" if r.round else "\nRecorded ties only (no survey round)")
    header.append(f" · tie rule: {r.rule}")
    if r.asked:
        header.append(f"\n{r.responding} of {r.members} member organisations answered the tie "
                      f"question ({_num(r.response_rate, '.0%')}); {r.reports} ties reported")
    header.append(
        f"\nTies {_num(r.ties, 'd')} · density {_num(r.density)} · mean degree "
        f"{_num(r.mean_degree, '.1f')} · components {_num(r.components, 'd')} (largest "
        f"{_num(r.largest_component, 'd')}) · isolates "
        f"{', '.join(labels[i] for i in r.isolates) or 'none'}")
    centralization = "in-degree" if r.degree_centralization_mode == "in" else "degree"
    header.append(
        f"\nReciprocity {_num(r.reciprocity)} (among responding members) · {centralization} "
        f"centralization {_num(r.degree_centralization)} · betweenness centralization "
        f"{_num(r.betweenness_centralization)}")
    header.append(f"\nCross-region ties {_num(r.cross_region_share, '.0%')} · E-I index "
                  f"{_num(r.ei_index, '+.2f')}")
    for name, score in (("Trust", r.trust), ("Value", r.value)):
        if score.suppressed:
            header.append(f"\n{name} {HIDDEN_MARK} (fewer than {r.min_group_size} raters)")
        elif score.mean is not None:
            items = ", ".join(f"{i.id} {_num(i.mean)}" for i in score.items)
            header.append(f"\n{name} {score.percent:.0f}% ({score.mean:.2f} of 4; {items}; "
                          f"{score.ratings} ratings from {score.raters} respondents)")
    parts: list[RenderableType] = [header, *_tables(r, labels)]
    if network.change is not None:
        parts.append(_change(network.change, labels))
    parts.append(Text(
        f"\n{HIDDEN_MARK} hidden: rated by fewer than {r.min_group_size} respondents, or hidden "
        f"so a smaller group cannot be worked out. {EMPTY_MARK} not defined. Trust and value: "
        "mean of 1-4 ratings (raters).", style="dim"))
    Console(highlight=False).print(Group(*parts))


def _tables(r: NetworkResult, labels: dict[str, str]) -> list[RenderableType]:
    tables: list[RenderableType] = []
    sens = rich_table(["rule", "members", "ties", "density", "centralization"])
    for row in r.sensitivity:
        sens.add_row(row.rule + (" (used)" if row.chosen else ""), str(row.members),
                     _num(row.ties, "d"), _num(row.density), _num(row.degree_centralization))
    tables.append(titled_table("How the figures move with the tie rule", sens,
                               "respondents: the either rule among responding members only"))
    if not r.mapped:
        return tables
    members = rich_table(["member", "region", "ties", "by", "named", "betw.", "x-reg",
                          "trust", "value"], 2)
    # Names and regions keep one line each; the numbers give way first.
    # The names give way on a narrow terminal, never the numbers; one space between columns
    # keeps the ten of them inside 80 characters.
    members.padding = (0, 1, 0, 0)
    for column, width in zip(members.columns, (NAME_WIDTH, 11, 4, 3, 5, 5, 5, 5, 5), strict=True):
        column.no_wrap, column.overflow = True, "ellipsis"
        if width:
            column.min_width = column.max_width = width
    order = sorted(r.member_metrics, key=lambda m: (-(m.degree or 0), m.label))
    for m in order:
        # Cut the name here, not in the column, so the edge mark survives a long name.
        label = m.label if len(m.label) <= NAME_WIDTH - 2 else m.label[:NAME_WIDTH - 3] + "…"
        members.add_row(label + (" *" if m.at_edge else ""), m.region_name,
                        _num(m.degree, "d"), _num(m.in_degree, "d"),
                        _num(m.out_degree, "d") if m.responded else "n/r",
                        _num(m.betweenness, ".3f"), _num(m.cross_region_share, ".0%"),
                        _score(m.trust, raters=False), _score(m.value, raters=False))
    tables.append(titled_table(
        "Members, most connected first", members,
        "* at the edge (one tie or none) · ties: under the tie rule · by: other members naming "
        "it · named: members it named (n/r: did not answer) · betw.: betweenness · x-reg: "
        "share of its ties crossing regions · trust, value: 1-4, from others' ratings"))
    regions = rich_table(["region", "members", "responding", "internal", "external", "E-I",
                          "mean degree"])
    for g in r.region_metrics:
        regions.add_row(g.name + (" *" if g.at_edge else ""), str(g.members), str(g.responding),
                        _num(g.internal_ties, "d"), _num(g.external_ties, "d"),
                        _num(g.ei_index, "+.2f"), _num(g.mean_degree, ".1f"))
    tables.append(titled_table(
        "Regions", regions, "E-I index: (external - internal) / (external + internal), from -1 "
        "(all ties inside the region) to +1 (all ties outside) · * at the edge"))
    if r.inclusion.by_size:
        sizes = rich_table(["size", "members", "mean degree", "mean betweenness", "at edge",
                            "trust received", "value received"])
        for row in r.inclusion.by_size:
            sizes.add_row(L.group_label("size", row.size, row.size_name), str(row.members),
                          _num(row.mean_degree, ".1f"),
                          _num(row.mean_betweenness, ".3f"), _num(row.share_at_edge, ".0%"),
                          _score(row.trust_received), _score(row.value_received))
        tables.append(titled_table("Small and large members", sizes))
    return tables


def _change(c: RoundChange, labels: dict[str, str]) -> RenderableType:
    table = rich_table(["", str(c.before_round), str(c.after_round), "change"])
    for name, metric, spec in (("density", c.density, ".2f"),
                               ("centralization", c.degree_centralization, ".2f"),
                               ("cross-region ties", c.cross_region_share, ".0%"),
                               ("trust %", c.trust_percent, ".0f"),
                               ("value %", c.value_percent, ".0f")):
        table.add_row(name, _num(metric.before, spec), _num(metric.after, spec),
                      _signed(metric.delta, spec))
    note = None
    if c.new_ties is not None and c.lost_ties is not None:
        def pairs(ties: tuple[tuple[str, str], ...]) -> str:
            shown = [f"{labels.get(a, a)}–{labels.get(b, b)}" for a, b in ties[:10]]
            return ", ".join(shown) + (f" and {len(ties) - 10} more" if len(ties) > 10 else "")

        note = (f"New ties ({len(c.new_ties)}): {pairs(c.new_ties) or 'none'}\n"
                f"Lost ties ({len(c.lost_ties)}): {pairs(c.lost_ties) or 'none'}\n"
                f"Members that answered in both rounds: {len(c.responding_both)}")
    return titled_table(f"Change since {c.before_round}", table, note)

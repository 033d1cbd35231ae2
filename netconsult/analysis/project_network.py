"""A project's network for one round: the tie data, its metrics and the change since the
previous round, shared by `netconsult network`, its exports and the assessment report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from netconsult.analysis.network import (
    NetworkResult,
    RoundChange,
    Rule,
    analyse_network,
    build_graph,
    compare_rounds,
)
from netconsult.analysis.ties import NetworkInput, network_input

if TYPE_CHECKING:
    import networkx as nx

    from netconsult.project.load import Project


@dataclass(frozen=True)
class ProjectNetwork:
    input: NetworkInput
    result: NetworkResult
    change: RoundChange | None  # since the previous round that asked the tie question
    rounds: tuple[str, ...]  # every round with answers to the tie question, in order


def tie_rounds(project: Project) -> list[str]:
    """Rounds whose stored responses answer the tie question, in round order."""
    survey = project.survey
    question = survey.tie_question() if survey else None
    if question is None:
        return []
    return [rid for rid, rs in project.responses.items()
            if any(question.id in r.answers for r in rs.responses)]


def has_recorded_ties(project: Project) -> bool:
    ties = project.ties
    return ties is not None and (bool(ties.ties) or ties.meetings is not None)


def project_rule(project: Project) -> Rule:
    return project.ties.rule if project.ties is not None else "either"


def project_network(project: Project, round_id: str | None = None,
                    rule: Rule | None = None, *,
                    show_hidden: bool = False) -> ProjectNetwork | None:
    """The network of `round_id` (default: the latest round answering the tie question, or
    recorded ties alone when no round does) under `rule` (default: the project's).

    None when the project has neither survey ties nor recorded ties. The caller checks that
    a named round exists; a round that did not ask the tie question gives recorded ties only.
    `show_hidden` turns privacy off (min_group_size 1): for the consultant's own eyes.
    """
    rounds = tie_rounds(project)
    if not rounds and not has_recorded_ties(project):
        return None
    if round_id is None and rounds:
        round_id = rounds[-1]
    rule = rule or project_rule(project)
    k = 1 if show_hidden else project.config.privacy.min_group_size
    inp = network_input(project, round_id)
    result = analyse_network(inp, rule, min_group_size=k)
    change = None
    earlier = rounds[:rounds.index(round_id)] if round_id in rounds else []
    if earlier:
        before = analyse_network(network_input(project, earlier[-1]), rule, min_group_size=k)
        change = compare_rounds(before, result)
    return ProjectNetwork(inp, result, change, tuple(rounds))


def graph_with_metrics(network: ProjectNetwork, *, named: bool) -> nx.Graph:
    """The graph behind `network` with each member's metrics on its node, for exports.

    Suppressed trust and value stay None (the exports leave None out), so an export shows no
    more than the report does. Unless `named`, nodes are keyed by their codes (EU-3) and
    carry no country: a member id or a country would name the organisation."""
    import networkx as nx

    graph = build_graph(network.input, network.result.rule)
    for member in network.result.member_metrics:
        graph.nodes[member.id].update(
            degree=member.degree, in_degree=member.in_degree, out_degree=member.out_degree,
            betweenness=member.betweenness, cross_region_share=member.cross_region_share,
            at_edge=member.at_edge, trust=member.trust.mean, value=member.value.mean,
        )
    if not named:
        for _, data in graph.nodes(data=True):
            data.pop("country", None)
        graph = nx.relabel_nodes(graph, {n.id: n.label for n in network.input.nodes})
    return graph

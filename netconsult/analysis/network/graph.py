"""The network as a graph: checked tie reports, the ties under each rule, their strength."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from netconsult.analysis.network.results import (
    DEFAULT_STRENGTH,
    RULES,
    SCALE_MAX,
    Pair,
    Rule,
)
from netconsult.analysis.ties import NetworkInput, Node, TieReport

if TYPE_CHECKING:
    import networkx as nx


def build_graph(inp: NetworkInput, rule: Rule) -> nx.Graph | nx.DiGraph:
    """The network of `inp` under `rule`: a DiGraph for "observed", else a Graph.

    Nodes in members order with label, region, region_name, size (when stated), type,
    country, responded; edges with strength, distance, reports and origins (see Method).
    Raises ValueError for a report naming a non-member, a rating outside 1-4 or two members
    with one id (the project's checks catch these first).
    """
    _check_rule(rule)
    return _graph(inp, _reports(inp), rule)


def _graph(inp: NetworkInput, reports: Sequence[TieReport], rule: Rule) -> nx.Graph:
    """build_graph on reports already checked by _reports."""
    import networkx as nx

    g: nx.Graph = nx.DiGraph() if rule == "observed" else nx.Graph()
    g.graph["rule"] = rule
    if inp.round is not None:
        g.graph["round"] = inp.round
    g.add_nodes_from((node.id, _node_attributes(node)) for node in inp.nodes)
    g.add_edges_from((u, v, _edge_attributes(behind))
                     for (u, v), behind in _ties(inp.nodes, reports, rule))
    return g

def _check_rule(rule: str) -> None:
    if rule not in RULES:
        raise ValueError(f"tie rule must be one of {RULES}, not {rule!r}")


def _node_attributes(node: Node) -> dict[str, object]:
    attributes: dict[str, object] = {
        "label": node.label, "region": node.region, "region_name": node.region_name,
        "type": node.type, "country": node.country, "responded": node.responded}
    if node.size is not None:
        attributes["size"] = node.size
    return attributes


def _reports(inp: NetworkInput) -> list[TieReport]:
    """The reports that make ties: checked, without self-ties."""
    ids = {node.id for node in inp.nodes}
    if len(ids) < len(inp.nodes):
        raise ValueError("two members share an id")
    kept: list[TieReport] = []
    for report in inp.reports:
        for end in (report.source, report.target):
            if end not in ids:
                raise ValueError(f"a tie report names {end!r}, which is not a member")
        for rating in (report.intensity, *report.trust, *report.value):
            if rating is not None and not 1 <= rating <= SCALE_MAX:
                raise ValueError(f"rating {rating} of the tie {report.source} -> "
                                 f"{report.target} is outside 1-{SCALE_MAX}")
        if report.source != report.target:
            kept.append(report)
    return kept


def _ties(nodes: Sequence[Node], reports: Iterable[TieReport], rule: Rule,
          ) -> list[tuple[Pair, list[TieReport]]]:
    """Each tie under `rule` with the reports behind it, in members order."""
    order = {node.id: i for i, node in enumerate(nodes)}
    behind: dict[Pair, list[TieReport]] = defaultdict(list)
    for report in reports:
        s, t = report.source, report.target
        if rule == "observed":
            keys = [(s, t)] if report.directed else [(s, t), (t, s)]
        else:
            keys = [(s, t) if order[s] < order[t] else (t, s)]
        for key in keys:
            behind[key].append(report)
    pairs = sorted(behind, key=lambda p: (order[p[0]], order[p[1]]))
    if rule == "both":
        pairs = [p for p in pairs if _confirmed(p, behind[p])]
    return [(p, behind[p]) for p in pairs]


def _confirmed(pair: Pair, reports: Sequence[TieReport]) -> bool:
    """Under "both": a recorded or meeting tie, or survey reports from each side."""
    if any(not r.directed for r in reports):
        return True
    sources = {r.source for r in reports}
    return pair[0] in sources and pair[1] in sources


def _edge_attributes(reports: Sequence[TieReport]) -> dict[str, object]:
    total = given = surveyed = 0  # one pass: this runs for every tie of three graphs
    origins: set[str] = set()
    for r in reports:
        if r.intensity is not None:
            total += r.intensity
            given += 1
        if r.origin == "survey":
            surveyed += 1
        origins.add(r.origin)
    strength = total / given if given else DEFAULT_STRENGTH
    return {"strength": strength, "distance": 1 / strength, "reports": surveyed,
            "origins": "|".join(sorted(origins))}

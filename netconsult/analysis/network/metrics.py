"""Network measures: centralisation, regions, the sensitivity table, each member's row."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, get_args

from netconsult.analysis.network.results import (
    RULES,
    DegreeMode,
    MemberMetrics,
    Pair,
    PartnerScore,
    RegionMetrics,
    Rule,
    SensitivityRow,
    SensitivityRule,
)
from netconsult.analysis.ties import Node

if TYPE_CHECKING:
    import networkx as nx


def degree_centralization(g: nx.Graph, mode: DegreeMode = "all") -> float | None:
    """Freeman degree centralisation of `g`, 0 (all equal) to 1 (a star); None for n < 3.

    C = sum over v of (max_w d(w) - d(v)) / T, where d is the degree and T the same sum for
    the most centralised graph of n nodes without loops (as igraph's centralize and
    centr_degree_tmax, https://search.r-project.org/CRAN/refmans/igraph/html/centralize.html):
    undirected T = (n - 1)(n - 2), the star; directed with mode "in" or "out"
    T = (n - 1)^2, the in- or out-star; directed "all" (in + out) T = 2(n - 1)(n - 2).
    `mode` is ignored for an undirected graph, as in igraph.
    """
    if mode not in get_args(DegreeMode):
        raise ValueError(f"mode must be one of {get_args(DegreeMode)}, not {mode!r}")
    n = g.number_of_nodes()
    if n < 3:
        return None
    if not g.is_directed():
        degrees, tmax = [d for _, d in g.degree()], (n - 1) * (n - 2)
    elif mode == "all":
        degrees, tmax = [d for _, d in g.degree()], 2 * (n - 1) * (n - 2)
    else:
        view = g.in_degree() if mode == "in" else g.out_degree()
        degrees, tmax = [d for _, d in view], (n - 1) ** 2
    top = max(degrees)
    return sum(top - d for d in degrees) / tmax


def _betweenness_centralization(values: Collection[float]) -> float | None:
    """Freeman centralisation of normalised betweenness: sum(max - b_v) / (n - 1).

    With networkx's normalisation a star's centre has 1 and the others 0, so n - 1 is the
    maximum; equal to igraph's centr_betw with tmax (n-1)^2(n-2)/2 (undirected) or
    (n-1)^2(n-2) (directed) on unnormalised values.
    """
    n = len(values)
    if n < 3:
        return None
    top = max(values)
    return sum(top - b for b in values) / (n - 1)

def _member(node: Node, und: nx.Graph, degree: Mapping[str, int],
            betweenness: Mapping[str, float] | None, region_of: Mapping[str, str],
            named: nx.DiGraph, asked: bool, mapped: bool,
            trust: PartnerScore, value: PartnerScore) -> MemberMetrics:
    d = degree[node.id] if mapped else None
    across = sum(1 for other in und[node.id] if region_of[other] != node.region)
    return MemberMetrics(
        id=node.id, label=node.label, region=node.region, region_name=node.region_name,
        size=node.size, type=node.type, responded=node.responded,
        degree=d,
        in_degree=named.in_degree(node.id) if asked else None,
        out_degree=named.out_degree(node.id) if asked and node.responded else None,
        betweenness=betweenness[node.id] if betweenness is not None else None,
        cross_region_share=across / d if d else None,
        at_edge=d is not None and d <= 1,
        trust=trust, value=value,
    )


def _split(g: nx.Graph, region_of: Mapping[str, str]) -> tuple[int, int]:
    """(ties within a region, ties across regions)."""
    across = sum(1 for u, v in g.edges() if region_of[u] != region_of[v])
    return g.number_of_edges() - across, across


def _share(part: int | None, other: int | None) -> float | None:
    if part is None or other is None or part + other == 0:
        return None
    return part / (part + other)


def _ei(external: int | None, internal: int | None) -> float | None:
    if external is None or internal is None or external + internal == 0:
        return None
    return (external - internal) / (external + internal)


def _regions(nodes: Sequence[Node], members: Sequence[MemberMetrics], g: nx.Graph,
             region_of: Mapping[str, str], mean_degree: float | None,
             mapped: bool) -> tuple[RegionMetrics, ...]:
    names: dict[str, str] = {}
    for node in nodes:
        names.setdefault(node.region, node.region_name)
    internal: dict[str, int] = defaultdict(int)
    external: dict[str, int] = defaultdict(int)
    for u, v in g.edges():
        if region_of[u] == region_of[v]:
            internal[region_of[u]] += 1
        else:
            external[region_of[u]] += 1
            external[region_of[v]] += 1
    rows: list[RegionMetrics] = []
    for region, name in names.items():
        own = [m for m in members if m.region == region]
        degrees = [m.degree for m in own if m.degree is not None]
        mean = statistics.fmean(degrees) if degrees else None
        inside, outside = (internal[region], external[region]) if mapped else (None, None)
        isolated = len(names) >= 2 and outside == 0
        weak = mean is not None and mean_degree is not None and mean < mean_degree / 2
        rows.append(RegionMetrics(
            id=region, name=name, members=len(own),
            responding=sum(1 for m in own if m.responded),
            internal_ties=inside, external_ties=outside, ei_index=_ei(outside, inside),
            mean_degree=mean, at_edge=mapped and (isolated or weak)))
    return tuple(rows)


def _edge_list(g: nx.Graph) -> tuple[Pair, ...]:
    if g.is_directed():
        return tuple(sorted(g.edges()))
    return tuple(sorted((u, v) if u < v else (v, u) for u, v in g.edges()))


def _sensitivity(graphs: Mapping[Rule, nx.Graph], rule: Rule, responding: Sequence[str],
                 asked: bool, mapped: bool) -> tuple[SensitivityRow, ...]:
    import networkx as nx

    def row(name: SensitivityRule, g: nx.Graph, known: bool) -> SensitivityRow:
        n = g.number_of_nodes()
        return SensitivityRow(
            rule=name, chosen=name == rule, members=n,
            ties=g.number_of_edges() if known else None,
            density=nx.density(g) if known and n >= 2 else None,
            degree_centralization=(degree_centralization(g, "in" if g.is_directed() else "all")
                                   if known else None))

    rows = [row(each, graphs[each], mapped) for each in RULES]
    rows.append(row("respondents", graphs["either"].subgraph(responding).copy(), asked))
    return tuple(rows)

"""`analyse_network`: every figure of one round under one tie rule, privacy applied."""

from __future__ import annotations

import statistics
from typing import Literal

from netconsult.analysis.network.graph import _check_rule, _graph, _reports
from netconsult.analysis.network.inclusion import inclusion, size_groups
from netconsult.analysis.network.metrics import (
    _betweenness_centralization,
    _edge_list,
    _ei,
    _member,
    _regions,
    _sensitivity,
    _share,
    _split,
    degree_centralization,
)
from netconsult.analysis.network.results import RULES, NetworkResult, Rule
from netconsult.analysis.network.trust import protect, rater, received, score
from netconsult.analysis.ties import TRUST_ITEMS, VALUE_ITEMS, NetworkInput


def analyse_network(inp: NetworkInput, rule: Rule, *, min_group_size: int) -> NetworkResult:
    """Every network figure of one round under `rule`, privacy applied (see Method).

    Figures that cannot be computed (too few members, no tie data) are None, never an error.
    Raises ValueError for an unknown rule, min_group_size < 1, or a report that build_graph
    refuses.
    """
    import networkx as nx

    _check_rule(rule)
    if min_group_size < 1:
        raise ValueError(f"min_group_size must be at least 1, not {min_group_size}")
    k = min_group_size
    reports = _reports(inp)
    survey = [r for r in reports if r.directed]
    mapped = inp.asked or bool(reports)
    graphs = {each: _graph(inp, reports, each) for each in RULES}
    g = graphs[rule]
    und = g.to_undirected() if g.is_directed() else g
    n = len(inp.nodes)
    responding = [node.id for node in inp.nodes if node.responded]

    named = nx.DiGraph()  # who named whom in the survey, whatever the rule
    named.add_nodes_from(node.id for node in inp.nodes)
    named.add_edges_from((r.source, r.target) for r in survey)
    among = named.subgraph(responding).copy()  # a copy: views are slow to walk repeatedly
    reciprocity = nx.reciprocity(among) if among.number_of_edges() else None

    degree: dict[str, int] = dict(und.degree()) if mapped else {}
    betweenness: dict[str, float] | None = (
        nx.betweenness_centrality(g, normalized=True, weight="distance")
        if mapped and n >= 3 else None)
    region_of = {node.id: node.region for node in inp.nodes}
    scored = [(rater(r), score(r.trust), score(r.value)) for r in survey]
    trust_got, value_got = received(survey, scored)
    sizes = size_groups(inp.nodes)
    trust = protect(inp.nodes, sizes, trust_got, [r.trust for r in survey], TRUST_ITEMS, k)
    value = protect(inp.nodes, sizes, value_got, [r.value for r in survey], VALUE_ITEMS, k)
    members = tuple(
        _member(node, und, degree, betweenness, region_of, named, inp.asked, mapped, t, v)
        for node, t, v in zip(inp.nodes, trust.members, value.members, strict=True))
    mean_degree = statistics.fmean(degree.values()) if degree else None
    internal, external = _split(g, region_of) if mapped else (None, None)
    regions = _regions(inp.nodes, members, g, region_of, mean_degree, mapped)
    components = (list(nx.weakly_connected_components(g) if g.is_directed()
                       else nx.connected_components(g)) if mapped else None)
    mode: Literal["all", "in"] = "in" if rule == "observed" else "all"

    return NetworkResult(
        round=inp.round, rule=rule, asked=inp.asked, mapped=mapped, min_group_size=k,
        members=n, responding=len(responding),
        response_rate=len(responding) / n if inp.asked and n else None,
        reports=len(survey),
        ties=g.number_of_edges() if mapped else None,
        density=nx.density(g) if mapped and n >= 2 else None,
        reciprocity=reciprocity,
        components=len(components) if components is not None else None,
        largest_component=(max((len(c) for c in components), default=0)
                           if components is not None else None),
        isolates=tuple(node.id for node in inp.nodes if mapped and degree[node.id] == 0),
        mean_degree=mean_degree,
        degree_centralization=degree_centralization(g, mode) if mapped else None,
        degree_centralization_mode=mode,
        betweenness_centralization=(_betweenness_centralization(list(betweenness.values()))
                                    if betweenness is not None else None),
        internal_ties=internal, external_ties=external,
        cross_region_share=_share(external, internal),
        ei_index=_ei(external, internal),
        trust=trust.network,
        value=value.network,
        member_metrics=members,
        region_metrics=regions,
        sensitivity=_sensitivity(graphs, rule, responding, inp.asked, mapped),
        inclusion=inclusion(sizes, members, regions, trust.sizes, value.sizes),
        edges=_edge_list(g) if mapped else (),
    )

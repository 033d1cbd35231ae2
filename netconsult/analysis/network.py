"""Network metrics of one survey round: who works with whom, how central, how trusted.

`analyse_network` turns the ties of a round (a `NetworkInput`, see analysis.ties) into a
`NetworkResult`: the whole network's figures, one row per member and per region, a
sensitivity table across the tie rules, an inclusion view by member size, and the tie list
itself. `compare_rounds` sets two results side by side. `build_graph` gives the networkx graph
behind it all (for maps and exports); `degree_centralization` is the one measure networkx
lacks. Privacy is applied here, so no caller has to remember it. The Method section below is
printed in the report's method annex.

Method
------
The network. Every member organisation listed in members.yaml belongs to the network, whether
or not anyone answered for it (a bounded network). A tie is a working relationship between
two member organisations. Ties come from three sources: the survey ("which members does your
organisation work with?"; a respondent of A naming B is one report that A works with B), ties
the team recorded (network/ties.yaml), and co-attendance at network meetings. A recorded or
meeting tie is a fact about both organisations. A report of an organisation naming itself is
ignored.

Tie rules. Not every member answers, so survey reports can be read in three ways (the
project's tie rule, "either" unless set otherwise):
- observed: ties keep their direction: A -> B when A named B. Recorded and meeting ties count
  in both directions. Nothing is assumed for members that did not answer: others can name
  them, but they name no one.
- either: a pair is tied when either side named the other, or a recorded or meeting tie joins
  them. Ties have no direction. What others said about a member that did not answer fills in
  its ties; this is the usual reading of a bounded network with missing answers.
- both: a pair is tied only when each side named the other; recorded and meeting ties count
  as confirmed by both. The strictest reading: a member that did not answer can then only
  have recorded or meeting ties.
Members that did not answer always stay in the network. The sensitivity table gives ties,
density and degree centralisation under each rule, and under "respondents": the either rule
among responding members only. It shows how far the figures depend on the rule and on who
answered.

Tie strength. Respondents rate each tie they report on the PARTNER intensity scale:
1 awareness, 2 cooperation, 3 coordination, 4 integration. A tie's strength is the mean of
every intensity reported for it: for the pair, from both sides and every respondent, under
the either and both rules; for that direction under the observed rule; an intensity given
with a recorded or meeting tie counts too. A tie for which no one gave an intensity counts as
2 (cooperation): working with someone implies at least that.

Response rate = responding members / all members; a member has responded when someone
answered the tie question for it.

Density: the share of possible ties that exist. With m ties among n members,
density = 2m / (n(n - 1)) under the either and both rules; under the observed rule, where
A -> B and B -> A are two ties, density = m / (n(n - 1)). Not given for fewer than 2 members.

Degree: the number of members an organisation is tied to under the rule, whichever the
direction. Mean degree is its mean over all members. Named by and named: from the survey
alone, whatever the rule: the number of other members whose respondents named it, and the
number of members its own respondents named (not known for a member that did not answer).
Neither is given when the round did not ask the tie question.

Reciprocity: among responding members only (only they could return a tie), the share of
survey ties that are returned: reciprocity = ties A -> B for which B -> A also exists / all
ties A -> B. If A names B and B names A, both ties count as returned. Not given when
responding members named none of each other.

Components and isolates. A component is a group of members linked to each other by some
chain of ties, whatever their direction; an isolate is a member with no tie.

Degree centralisation (Freeman 1979): how far ties gather around one member.
C = sum over members v of (highest degree - degree of v), divided by the largest value that
sum can take among the same number of members, which a star reaches (one member tied to all
others, no other tie): (n - 1)(n - 2). 0 means every member has as many ties as the others
(a ring), 1 a star. Under the observed rule it uses how often a member is named (in-degree,
recorded and meeting ties counting both ways) and the star's maximum (n - 1)^2. These are
igraph's centralize / centr_degree_tmax. Not given for fewer than 3 members.

Betweenness: how often a member lies on the shortest path between two others.
b(v) = sum over pairs s, t (neither of them v) of (shortest paths from s to t through v /
shortest paths from s to t), divided by the number of such pairs: (n - 1)(n - 2) / 2, or
(n - 1)(n - 2) under the observed rule where s -> t and t -> s are different paths. 1 means
on every shortest path (the centre of a star). Path length is measured in distance
= 1 / strength, so two strong ties (4 and 4: 0.25 + 0.25 = 0.5) make a shorter path than one
weak direct tie (1: distance 1): information and trust travel along strong ties.
Betweenness centralisation applies Freeman's formula to these values:
sum over v of (highest b - b(v)) / (n - 1), since a star's centre has 1 and its n - 1 other
members 0 (the same as igraph's centr_betw on unnormalised values). Neither is given for
fewer than 3 members.

Regions. E = ties joining two regions, I = ties within a region. Cross-region share
= E / (E + I). E-I index (Krackhardt and Stern 1988) = (E - I) / (E + I): -1 when every tie
stays within a region, +1 when every tie crosses. For a region, E counts its ties to other
regions and I the ties among its own members. Under the observed rule each direction counts
as a tie. A member's cross-region share is the share of the members it is tied to that sit
in another region.

At the edge. A member is at the edge when it has no tie or exactly one. A region is at the
edge when it has no tie to another region (only when the network spans two regions or more)
or when its members' mean degree is below half the network's. The inclusion table compares
member sizes (small, medium, large, then members with no size stated): members, mean degree,
mean betweenness, the share at the edge, and the trust and value they receive.

Trust and value (PARTNER). For each member a respondent names, they may rate it from 1 to 4
on three trust questions (reliability, openness to discussion, support of a shared mission)
and three value questions (power and influence, resources contributed, level of
involvement). A rating's trust score is the mean of the trust answers it has; a rating with
none does not count. A member's trust is the mean of the trust scores of the ratings it
received from respondents of other members, also shown as a percentage:
percent = mean / 4 x 100 (1 is 25 %, 4 is 100 %; PARTNER reports percentages without
publishing the formula, this is ours). The network's trust is the mean of all ratings' trust
scores, with the mean of each of the three questions over all its answers. Value is worked
out the same way from the value questions.

Privacy. A trust or value figure rests on the people who gave the ratings behind it. It is
shown only when at least `privacy.min_group_size` different respondents stand behind it;
otherwise both the figure and the number of respondents are hidden. This applies to each
member, each member size and the whole network. The network's figure is the total, so one
hidden member could be worked out from it and the members shown. So when members are
hidden and the respondents behind them number fewer than `privacy.min_group_size`
together, the shown member with the fewest respondents is hidden too, and so on until they
do (or none is left). Member sizes are protected the same way among themselves. Ties are
between organisations, not people, and are not hidden.

Comparing rounds. Two rounds are compared under the same tie rule only. New ties are in the
later round and not the earlier, lost ties the reverse; without direction a pair is the same
tie whichever side named it, under the observed rule A -> B and B -> A are compared apart.
A member that joined or left between rounds brings new or lost ties with it. Each change is
later minus earlier, given only when both rounds have the figure.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from netconsult.analysis.survey import MEMBER_SIZE_NAMES, NOT_STATED, NOT_STATED_NAME
from netconsult.analysis.ties import TRUST_ITEMS, VALUE_ITEMS, NetworkInput, Node, TieReport

if TYPE_CHECKING:
    import networkx as nx

Rule = Literal["observed", "either", "both"]
SensitivityRule = Literal["observed", "either", "both", "respondents"]
DegreeMode = Literal["all", "in", "out"]
RULES: tuple[Rule, ...] = get_args(Rule)
#: The strength of a tie nobody gave an intensity for: 2, cooperation.
DEFAULT_STRENGTH = 2.0
SCALE_MAX = 4  # the PARTNER scales run 1-4
Pair = tuple[str, str]


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerScore:
    """A trust or value figure with the respondents behind it, privacy already applied.

    `suppressed` ⇒ `mean`, `percent` and `raters` are None. Not suppressed with
    `raters == 0`: no rating to compute from, `mean` and `percent` are None.
    """

    mean: float | None  # 1-4
    percent: float | None  # mean / 4 x 100
    raters: int | None  # distinct respondents behind it
    suppressed: bool = False


@dataclass(frozen=True)
class SubRating:
    """One of the three questions of trust or value, over every answer to it."""

    id: str  # an item of TRUST_ITEMS or VALUE_ITEMS
    mean: float | None  # None when suppressed or unanswered
    answers: int | None  # None when suppressed


@dataclass(frozen=True)
class NetworkScore:
    """The network's trust or value: every rating, whoever gave or received it."""

    mean: float | None  # mean of the ratings' scores, 1-4
    percent: float | None
    ratings: int | None  # ratings with a score
    raters: int | None  # distinct respondents behind them
    suppressed: bool
    items: tuple[SubRating, ...]  # in TRUST_ITEMS / VALUE_ITEMS order


@dataclass(frozen=True)
class MemberMetrics:
    id: str
    label: str
    region: str
    region_name: str
    size: str | None
    type: str
    responded: bool
    degree: int | None  # members tied to under the rule; None without tie data
    in_degree: int | None  # other members whose respondents named it (survey only)
    out_degree: int | None  # members its respondents named; None when it did not respond
    betweenness: float | None  # normalised, on distance = 1/strength; None for n < 3
    cross_region_share: float | None  # None when degree is 0 (or unknown)
    at_edge: bool  # no tie or exactly one
    trust: PartnerScore  # received from respondents of other members
    value: PartnerScore


@dataclass(frozen=True)
class RegionMetrics:
    id: str
    name: str
    members: int
    responding: int
    internal_ties: int | None  # ties among its members
    external_ties: int | None  # ties from its members to other regions
    ei_index: float | None  # None when it has no tie
    mean_degree: float | None
    at_edge: bool


@dataclass(frozen=True)
class SensitivityRow:
    rule: SensitivityRule
    chosen: bool  # the project's rule
    members: int  # nodes of that graph ("respondents": responding members)
    ties: int | None
    density: float | None
    degree_centralization: float | None  # in-degree under "observed"


@dataclass(frozen=True)
class InclusionRow:
    """The members of one size (NOT_STATED for those with none)."""

    size: str
    size_name: str
    members: int
    mean_degree: float | None
    mean_betweenness: float | None
    share_at_edge: float | None
    trust_received: PartnerScore  # pooled over every rating its members received
    value_received: PartnerScore


@dataclass(frozen=True)
class Inclusion:
    by_size: tuple[InclusionRow, ...]  # empty when no member states a size
    members_at_edge: tuple[str, ...]  # member ids, in members order
    regions_at_edge: tuple[str, ...]  # region ids


@dataclass(frozen=True)
class NetworkResult:
    round: str | None
    rule: Rule
    asked: bool  # the round asked the tie question
    mapped: bool  # there is tie data: the question was asked, or ties were recorded
    min_group_size: int
    members: int  # n, every member organisation
    responding: int
    response_rate: float | None  # responding / members; None when not asked or no member
    reports: int  # survey reports (one respondent naming one member)
    ties: int | None  # edges under the rule (arcs under "observed")
    density: float | None
    reciprocity: float | None
    components: int | None  # weakly connected under "observed"
    largest_component: int | None
    isolates: tuple[str, ...]
    mean_degree: float | None
    degree_centralization: float | None
    degree_centralization_mode: Literal["all", "in"]  # "in" under "observed"
    betweenness_centralization: float | None
    internal_ties: int | None
    external_ties: int | None
    cross_region_share: float | None  # E / (E + I)
    ei_index: float | None  # (E - I) / (E + I)
    trust: NetworkScore
    value: NetworkScore
    member_metrics: tuple[MemberMetrics, ...]  # in members order
    region_metrics: tuple[RegionMetrics, ...]  # in order of first member
    sensitivity: tuple[SensitivityRow, ...]  # observed, either, both, respondents
    inclusion: Inclusion
    edges: tuple[Pair, ...]  # sorted; (smaller id, larger id) unless "observed"


@dataclass(frozen=True)
class MetricChange:
    before: float | None
    after: float | None
    delta: float | None  # after - before, when both are given


@dataclass(frozen=True)
class RoundChange:
    before_round: str | None
    after_round: str | None
    rule: Rule
    new_ties: tuple[Pair, ...] | None  # None when either round has no tie data
    lost_ties: tuple[Pair, ...] | None
    responding_both: tuple[str, ...]  # member ids, in the later round's order
    density: MetricChange
    degree_centralization: MetricChange
    cross_region_share: MetricChange
    trust_percent: MetricChange
    value_percent: MetricChange


# -- the graph ----------------------------------------------------------------------------


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


# -- the analysis -------------------------------------------------------------------------


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
    scored = [(_rater(r), _score(r.trust), _score(r.value)) for r in survey]
    trust_got, value_got = _received(survey, scored)
    trust = _protected([trust_got[node.id] for node in inp.nodes], k)
    value = _protected([value_got[node.id] for node in inp.nodes], k)
    members = tuple(
        _member(node, und, degree, betweenness, region_of, named, inp.asked, mapped, t, v)
        for node, t, v in zip(inp.nodes, trust, value, strict=True))
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
        trust=_network_score([(rater, t) for rater, t, _ in scored if t is not None],
                             [r.trust for r in survey], TRUST_ITEMS, k),
        value=_network_score([(rater, v) for rater, _, v in scored if v is not None],
                             [r.value for r in survey], VALUE_ITEMS, k),
        member_metrics=members,
        region_metrics=regions,
        sensitivity=_sensitivity(graphs, rule, responding, inp.asked, mapped),
        inclusion=_inclusion(inp.nodes, members, regions, trust_got, value_got, k),
        edges=_edge_list(g) if mapped else (),
    )


def compare_rounds(before: NetworkResult, after: NetworkResult) -> RoundChange:
    """What changed from `before` to `after`; both must use the same tie rule."""
    if before.rule != after.rule:
        raise ValueError(f"rounds analysed under different tie rules ({before.rule!r} and "
                         f"{after.rule!r}) cannot be compared")
    known = before.mapped and after.mapped
    earlier, later = set(before.edges), set(after.edges)
    responded = {m.id for m in before.member_metrics if m.responded}
    return RoundChange(
        before_round=before.round, after_round=after.round, rule=after.rule,
        new_ties=tuple(sorted(later - earlier)) if known else None,
        lost_ties=tuple(sorted(earlier - later)) if known else None,
        responding_both=tuple(m.id for m in after.member_metrics
                              if m.responded and m.id in responded),
        density=_change(before.density, after.density),
        degree_centralization=_change(before.degree_centralization,
                                      after.degree_centralization),
        cross_region_share=_change(before.cross_region_share, after.cross_region_share),
        trust_percent=_change(before.trust.percent, after.trust.percent),
        value_percent=_change(before.value.percent, after.value.percent),
    )


# -- pieces -------------------------------------------------------------------------------


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


# -- trust and value ----------------------------------------------------------------------

Scored = tuple[Hashable, float]  # (rater, the rating's score)


def _rater(report: TieReport) -> Hashable:
    # A survey report without a respondent id counts with its organisation's: fewer distinct
    # raters, so more is hidden rather than less.
    return report.rater if report.rater is not None else ("member", report.source)


def _score(ratings: Sequence[int | None]) -> float | None:
    """A rating's trust or value score: the mean of the sub-ratings given."""
    given = [r for r in ratings if r is not None]
    return sum(given) / len(given) if given else None


def _received(survey: Sequence[TieReport],
              scored: Sequence[tuple[Hashable, float | None, float | None]],
              ) -> tuple[dict[str, list[Scored]], dict[str, list[Scored]]]:
    """Per member, (rater, score) of the trust and value ratings it received."""
    trust: dict[str, list[Scored]] = defaultdict(list)
    value: dict[str, list[Scored]] = defaultdict(list)
    for report, (rater, t, v) in zip(survey, scored, strict=True):
        if t is not None:
            trust[report.target].append((rater, t))
        if v is not None:
            value[report.target].append((rater, v))
    return trust, value


def _partner(scored: Sequence[Scored], k: int) -> PartnerScore:
    if not scored:
        return PartnerScore(None, None, 0)
    raters = len({rater for rater, _ in scored})
    if raters < k:
        return PartnerScore(None, None, None, True)
    mean = statistics.fmean(score for _, score in scored)
    return PartnerScore(mean, mean / SCALE_MAX * 100, raters)


def _protected(groups: Sequence[Sequence[Scored]], k: int) -> list[PartnerScore]:
    """One PartnerScore per group of ratings (members, or member sizes) of one total.

    Groups with 1 to k - 1 raters are hidden; then, while the hidden groups' raters together
    number fewer than k, the shown group with the fewest raters (then the first) as well:
    the total less the groups shown reveals the hidden groups' pooled figure.
    """
    raters = [len({rater for rater, _ in scored}) for scored in groups]
    hidden = {i for i, n in enumerate(raters) if 0 < n < k}
    while hidden and len({r for i in hidden for r, _ in groups[i]}) < k:
        shown = [i for i, n in enumerate(raters) if n and i not in hidden]
        if not shown:
            break
        hidden.add(min(shown, key=lambda i: (raters[i], i)))
    return [PartnerScore(None, None, None, True) if i in hidden else _partner(scored, k)
            for i, scored in enumerate(groups)]


def _network_score(scored: Sequence[Scored],
                   ratings: Sequence[Sequence[int | None]], items: Sequence[str],
                   k: int) -> NetworkScore:
    """The network's score from every rating's (rater, score), and each question's mean
    over all sub-ratings given (`ratings`, one tuple per report, in `items` order)."""
    raters = len({rater for rater, _ in scored})
    if 0 < raters < k:
        return NetworkScore(None, None, None, None, True,
                            tuple(SubRating(item, None, None) for item in items))
    answers = [[a[i] for a in ratings if a[i] is not None] for i in range(len(items))]
    mean = statistics.fmean(s for _, s in scored) if scored else None
    return NetworkScore(
        mean=mean, percent=mean / SCALE_MAX * 100 if mean is not None else None,
        ratings=len(scored), raters=raters, suppressed=False,
        items=tuple(SubRating(item, statistics.fmean(given) if given else None, len(given))
                    for item, given in zip(items, answers, strict=True)))


# -- inclusion ----------------------------------------------------------------------------


def _inclusion(nodes: Sequence[Node], members: Sequence[MemberMetrics],
               regions: Sequence[RegionMetrics], trust: Mapping[str, list[Scored]],
               value: Mapping[str, list[Scored]], k: int) -> Inclusion:
    sizes = {node.size for node in nodes}
    groups = [s for s in MEMBER_SIZE_NAMES if s in sizes]
    groups += sorted(s for s in sizes if s is not None and s not in MEMBER_SIZE_NAMES)
    if groups and None in sizes:
        groups.append(NOT_STATED)
    grouped = [[m for m in members if (m.size or NOT_STATED) == size] for size in groups]
    trusts = _protected([[s for m in own for s in trust.get(m.id, ())] for own in grouped], k)
    values = _protected([[s for m in own for s in value.get(m.id, ())] for own in grouped], k)
    rows: list[InclusionRow] = []
    for size, own, trusted, valued in zip(groups, grouped, trusts, values, strict=True):
        degrees = [m.degree for m in own if m.degree is not None]
        between = [m.betweenness for m in own if m.betweenness is not None]
        rows.append(InclusionRow(
            size=size,
            size_name=(NOT_STATED_NAME if size == NOT_STATED
                       else MEMBER_SIZE_NAMES.get(size, size)),
            members=len(own),
            mean_degree=statistics.fmean(degrees) if degrees else None,
            mean_betweenness=statistics.fmean(between) if between else None,
            share_at_edge=(sum(1 for m in own if m.at_edge) / len(own)
                           if degrees else None),
            trust_received=trusted, value_received=valued))
    return Inclusion(
        by_size=tuple(rows),
        members_at_edge=tuple(m.id for m in members if m.at_edge),
        regions_at_edge=tuple(r.id for r in regions if r.at_edge))


def _change(before: float | None, after: float | None) -> MetricChange:
    delta = after - before if before is not None and after is not None else None
    return MetricChange(before, after, delta)

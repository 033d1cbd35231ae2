"""Network metrics pinned by hand: tie rules, strength, density, centralisation, weighted
betweenness, E-I index, trust and value with suppression, inclusion, change between rounds,
small and empty networks, and Zachary's karate club against published figures.

The main example (`five`): five members in two regions, three of them responding.

    member region size    responded        survey reports (respondent: intensity; trust)
    a      north  small   yes              a -> b  r1: 3; trust (3, -, -)
    b      north  small   yes              a -> b  r4: 4
    c      north  large   no               b -> a  r2: 2; trust (4, 4, -)
    d      south  medium  yes              a -> c  r1: 2
    e      south  -       no               d -> a  r3: -; trust (2, 3, 1), value (4, 4, 4)
                                           b -> d  r2: 1
    recorded tie c - e (no intensity)

Every expected number is worked out in the comments; none is computed by the code under
test.
"""

from __future__ import annotations

import dataclasses

import networkx as nx  # noqa: TID253
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netconsult.analysis.network import (
    MemberMetrics,
    NetworkResult,
    PartnerScore,
    Rule,
    analyse_network,
    build_graph,
    compare_rounds,
    degree_centralization,
)
from netconsult.analysis.ties import NetworkInput, Node, TieReport

R = TieReport
HIDDEN = PartnerScore(None, None, None, True, "small")
PROTECTED = PartnerScore(None, None, None, True, "protect")
NONE_YET = PartnerScore(None, None, 0, False)


def member(id: str, region: str, size: str | None = None, responded: bool = True) -> Node:
    return Node(id, id.upper(), region, region.title(), size, "member", "XX", responded)


FIVE_NODES = (member("a", "north", "small"), member("b", "north", "small"),
              member("c", "north", "large", False), member("d", "south", "medium"),
              member("e", "south", None, False))
FIVE_REPORTS = (
    R("a", "b", "survey", "r1", 3, (3, None, None)),
    R("a", "b", "survey", "r4", 4),
    R("b", "a", "survey", "r2", 2, (4, 4, None)),
    R("a", "c", "survey", "r1", 2),
    R("d", "a", "survey", "r3", None, (2, 3, 1), (4, 4, 4)),
    R("b", "d", "survey", "r2", 1),
    R("c", "e", "recorded"),
)


def five(rule: Rule = "either", k: int = 3) -> NetworkResult:
    inp = NetworkInput("baseline", FIVE_NODES, FIVE_REPORTS, True)
    return analyse_network(inp, rule, min_group_size=k)


def by_id(result: NetworkResult) -> dict[str, MemberMetrics]:
    return {m.id: m for m in result.member_metrics}


# -- building the graph -------------------------------------------------------------------


def test_observed_rule_keeps_direction_and_doubles_recorded_ties() -> None:
    g = build_graph(NetworkInput("baseline", FIVE_NODES, FIVE_REPORTS, True), "observed")
    assert g.is_directed()
    assert list(g.nodes) == ["a", "b", "c", "d", "e"]
    assert sorted(g.edges) == [("a", "b"), ("a", "c"), ("b", "a"), ("b", "d"), ("c", "e"),
                               ("d", "a"), ("e", "c")]
    # a -> b: two reports, intensities 3 and 4 -> strength 3.5; b -> a is its own tie (2).
    assert g.edges["a", "b"] == {"strength": 3.5, "distance": 1 / 3.5, "reports": 2,
                                 "origins": "survey"}
    assert g.edges["b", "a"]["strength"] == 2
    # d -> a: no intensity given -> 2 (cooperation).
    assert g.edges["d", "a"]["strength"] == 2 and g.edges["d", "a"]["distance"] == 0.5
    assert g.edges["e", "c"] == {"strength": 2.0, "distance": 0.5, "reports": 0,
                                 "origins": "recorded"}
    assert g.graph == {"rule": "observed", "round": "baseline"}


def test_either_rule_joins_both_directions_into_one_tie() -> None:
    g = build_graph(NetworkInput(None, FIVE_NODES, FIVE_REPORTS, True), "either")
    assert not g.is_directed()
    assert sorted(tuple(sorted(e)) for e in g.edges) == [
        ("a", "b"), ("a", "c"), ("a", "d"), ("b", "d"), ("c", "e")]
    # a - b: three reports (3, 4, 2) -> mean 3.
    assert g.edges["a", "b"] == {"strength": 3.0, "distance": 1 / 3, "reports": 3,
                                 "origins": "survey"}
    assert g.graph == {"rule": "either"}  # no round
    assert g.nodes["a"] == {"label": "A", "region": "north", "region_name": "North",
                            "size": "small", "type": "member", "country": "XX",
                            "responded": True}
    assert "size" not in g.nodes["e"]


def test_both_rule_needs_each_side_or_a_recorded_tie() -> None:
    # Only a - b was named from both sides; c - e is recorded. a - c (c did not answer),
    # a - d and b - d (one side each) drop out.
    g = build_graph(NetworkInput(None, FIVE_NODES, FIVE_REPORTS, True), "both")
    assert sorted(tuple(sorted(e)) for e in g.edges) == [("a", "b"), ("c", "e")]
    assert set(g.nodes) == {"a", "b", "c", "d", "e"}  # non-respondents stay


def test_recorded_and_survey_reports_of_one_pair_combine() -> None:
    nodes = (member("a", "n"), member("b", "n"))
    reports = (R("a", "b", "survey", "r1", 4), R("b", "a", "meetings", None, 1),
               R("a", "b", "recorded"))
    g = build_graph(NetworkInput(None, nodes, reports, True), "either")
    # Intensities 4 and 1 -> 2.5; one survey report; origins sorted.
    assert g.edges["a", "b"] == {"strength": 2.5, "distance": 0.4, "reports": 1,
                                 "origins": "meetings|recorded|survey"}


def test_reports_naming_a_non_member_or_off_scale_are_refused() -> None:
    nodes = (member("a", "n"), member("b", "n"))
    with pytest.raises(ValueError, match="'zz'"):
        build_graph(NetworkInput(None, nodes, (R("a", "zz", "survey", "r1"),), True), "either")
    with pytest.raises(ValueError, match="outside 1-4"):
        build_graph(NetworkInput(None, nodes, (R("a", "b", "survey", "r1", 5),), True),
                    "either")
    with pytest.raises(ValueError, match="share an id"):
        build_graph(NetworkInput(None, (*nodes, nodes[0]), (), True), "either")
    with pytest.raises(ValueError, match="tie rule"):
        build_graph(NetworkInput(None, nodes, (), True), "any")  # type: ignore[arg-type]


def test_self_reports_are_ignored() -> None:
    nodes = (member("a", "n"), member("b", "n"))
    g = build_graph(NetworkInput(None, nodes, (R("a", "a", "survey", "r1", 4),), True),
                    "either")
    assert g.number_of_edges() == 0


# -- centralisation -----------------------------------------------------------------------


def test_star_is_fully_centralised_and_ring_not_at_all() -> None:
    assert degree_centralization(nx.star_graph(5)) == 1.0  # centre + 5 leaves
    assert degree_centralization(nx.cycle_graph(6)) == 0.0
    in_star = nx.DiGraph([(leaf, 0) for leaf in range(1, 6)])
    # In-degrees 5, 0 x 5: sum (5 - d) = 25 = (n - 1)^2.
    assert degree_centralization(in_star, "in") == 1.0
    # Out-degrees 0 (centre), 1 x 5: max 1, sum (1 - d) = 1, over 25.
    assert degree_centralization(in_star, "out") == pytest.approx(1 / 25)
    assert degree_centralization(in_star.reverse(), "out") == 1.0
    # Both directions: total degrees 10, 2 x 5 -> 5 x 8 = 40 = 2(n - 1)(n - 2) = 2 x 5 x 4.
    assert degree_centralization(nx.compose(in_star, in_star.reverse()), "all") == 1.0


def test_degree_centralization_by_hand() -> None:
    # Path a-b-c-d: degrees 1, 2, 2, 1; max 2; sum (2 - d) = 1 + 0 + 0 + 1 = 2;
    # (n - 1)(n - 2) = 3 x 2 = 6 -> 1/3.
    assert degree_centralization(nx.path_graph(4)) == pytest.approx(1 / 3)
    # Directed path 0 -> 1 -> 2: in-degrees 0, 1, 1; sum (1 - d) = 1; (n - 1)^2 = 4.
    assert degree_centralization(nx.DiGraph([(0, 1), (1, 2)]), "in") == 0.25
    assert degree_centralization(nx.path_graph(2)) is None  # n < 3
    with pytest.raises(ValueError, match="mode"):
        degree_centralization(nx.path_graph(3), "sideways")  # type: ignore[arg-type]


# -- one round under each rule ------------------------------------------------------------


def test_either_rule_by_hand() -> None:
    r = five("either")
    # 5 members, 3 responding; 6 survey reports; 5 ties.
    assert (r.members, r.responding, r.response_rate, r.reports, r.ties) == (5, 3, 0.6, 6, 5)
    assert r.density == 0.5  # 2 x 5 / (5 x 4)
    # Degrees a 3 (b, c, d), b 2, c 2, d 2, e 1: mean 10/5 = 2; max 3,
    # sum (3 - d) = 0 + 1 + 1 + 1 + 2 = 5, over (n - 1)(n - 2) = 12.
    assert r.mean_degree == 2.0
    assert r.degree_centralization == pytest.approx(5 / 12)
    assert r.degree_centralization_mode == "all"
    # Survey ties among respondents a, b, d: a->b, b->a, d->a, b->d (a->c leaves: c did
    # not answer). Returned: a->b and b->a -> 2 of 4.
    assert r.reciprocity == 0.5
    assert (r.components, r.largest_component, r.isolates) == (1, 5, ())
    # north = a, b, c; south = d, e. Internal a-b, a-c; external a-d, b-d, c-e.
    assert (r.internal_ties, r.external_ties) == (2, 3)
    assert r.cross_region_share == pytest.approx(0.6)
    assert r.ei_index == pytest.approx(0.2)  # (3 - 2) / 5
    assert r.edges == (("a", "b"), ("a", "c"), ("a", "d"), ("b", "d"), ("c", "e"))

    m = by_id(r)
    assert [(x.degree, x.in_degree, x.out_degree) for x in r.member_metrics] == [
        (3, 2, 2),  # a: named by b, d; named b, c
        (2, 1, 2),  # b: named by a; named a, d
        (2, 1, None),  # c: named by a; did not answer
        (2, 1, 1),  # d: named by b; named a
        (1, 0, None),  # e: recorded tie only
    ]
    # Cross-region: a 1 of 3 (d), b 1 of 2, c 1 of 2 (e), d 2 of 2, e 1 of 1.
    assert [x.cross_region_share for x in r.member_metrics] == pytest.approx(
        [1 / 3, 0.5, 0.5, 1.0, 1.0])
    assert m["e"].at_edge and not m["a"].at_edge


def test_betweenness_runs_on_distance_one_over_strength() -> None:
    # Distances: a-b 1/3, a-c 1/2, a-d 1/2, b-d 1 (intensity 1), c-e 1/2.
    # Shortest paths: b-d goes b-a-d (1/3 + 1/2 = 5/6 < 1), not the direct weak tie.
    # Through a: b-c, b-d, b-e, c-d, d-e = 5 pairs; through c: a-e, b-e, d-e = 3.
    # Normalised by (n - 1)(n - 2)/2 = 6: a 5/6, c 1/2, others 0.
    r = five("either")
    assert [m.betweenness for m in r.member_metrics] == pytest.approx(
        [5 / 6, 0, 1 / 2, 0, 0])
    # Centralisation: sum (5/6 - b) = 0 + 5/6 + 1/3 + 5/6 + 5/6 = 17/6, over n - 1 = 4.
    assert r.betweenness_centralization == pytest.approx(17 / 24)


def test_observed_rule_by_hand() -> None:
    r = five("observed")
    # Arcs a->b, b->a, a->c, d->a, b->d, c->e, e->c = 7; density 7 / (5 x 4).
    assert r.ties == 7 and r.density == pytest.approx(0.35)
    # In-degrees a 2 (b, d), b 1, c 2 (a, e), d 1, e 1; sum (2 - d) = 3, over (n - 1)^2 = 16.
    assert r.degree_centralization == pytest.approx(3 / 16)
    assert r.degree_centralization_mode == "in"
    # Degree counts partners whatever the direction: as under either.
    assert [m.degree for m in r.member_metrics] == [3, 2, 2, 2, 1]
    # Across regions: d->a, b->d, c->e, e->c = 4 arcs; within: a->b, b->a, a->c = 3.
    assert (r.external_ties, r.internal_ties) == (4, 3)
    assert r.ei_index == pytest.approx(1 / 7)
    assert ("e", "c") in r.edges and ("c", "e") in r.edges


def test_both_rule_by_hand() -> None:
    r = five("both")
    # Ties a-b, c-e: density 2 x 2 / 20; degrees a 1, b 1, c 1, d 0, e 1: max 1,
    # sum (1 - d) = 1, over 12.
    assert r.ties == 2 and r.density == pytest.approx(0.2)
    assert r.degree_centralization == pytest.approx(1 / 12)
    assert r.isolates == ("d",)
    assert (r.components, r.largest_component) == (3, 2)  # {a, b}, {c, e}, {d}
    assert r.inclusion.members_at_edge == ("a", "b", "c", "d", "e")
    # a-b internal, c-e external.
    assert r.ei_index == 0.0 and r.cross_region_share == 0.5
    # Mean degree 4/5; north 1, south 1/2, neither below 0.4; both have a tie across.
    assert r.inclusion.regions_at_edge == ()


def test_sensitivity_table_covers_every_rule_and_respondents_only() -> None:
    rows = {row.rule: row for row in five("either").sensitivity}
    assert list(rows) == ["observed", "either", "both", "respondents"]
    assert [row.chosen for row in rows.values()] == [False, True, False, False]
    assert (rows["observed"].ties, rows["observed"].density) == (7, pytest.approx(0.35))
    assert rows["observed"].degree_centralization == pytest.approx(3 / 16)
    assert (rows["both"].ties, rows["both"].degree_centralization) == (2, pytest.approx(1 / 12))
    # Respondents a, b, d under either: a-b, a-d, b-d, a full triangle.
    resp = rows["respondents"]
    assert (resp.members, resp.ties, resp.density, resp.degree_centralization) == (
        3, 3, 1.0, 0.0)


def test_regions_and_e_i_index() -> None:
    r = five("either")
    north, south = r.region_metrics
    # north: a-b, a-c inside; a-d, b-d, c-e out -> (3 - 2) / 5. south: d-e none inside,
    # a-d, b-d, c-e out -> +1. Mean degree north (3 + 2 + 2)/3, south (2 + 1)/2.
    assert (north.internal_ties, north.external_ties, north.ei_index) == (2, 3, 0.2)
    assert (south.internal_ties, south.external_ties, south.ei_index) == (0, 3, 1.0)
    assert north.mean_degree == pytest.approx(7 / 3) and south.mean_degree == 1.5
    assert (north.members, north.responding, south.members, south.responding) == (3, 2, 2, 1)
    assert not north.at_edge and not south.at_edge


def test_region_at_the_edge() -> None:
    # Regions x (x1-x2-x3 triangle), y (y1 - y2), z (z1 alone with one tie to x1).
    nodes = (member("x1", "x"), member("x2", "x"), member("x3", "x"), member("y1", "y"),
             member("y2", "y"), member("z1", "z"))
    reports = tuple(R(s, t, "recorded") for s, t in
                    [("x1", "x2"), ("x2", "x3"), ("x1", "x3"), ("y1", "y2"), ("z1", "x1")])
    r = analyse_network(NetworkInput(None, nodes, reports, True), "either", min_group_size=3)
    # y has no tie to another region. Degrees x1 3, x2 2, x3 2, y1 1, y2 1, z1 1:
    # mean 10/6; half 5/6; no region's mean (x 7/3, y 1, z 1) is below it.
    assert r.inclusion.regions_at_edge == ("y",)
    # E = z1-x1 = 1, I = 4: (1 - 4) / 5.
    assert r.ei_index == pytest.approx(-0.6)
    assert r.inclusion.members_at_edge == ("y1", "y2", "z1")

    # One region only: "no tie to another region" does not apply; E-I is -1.
    one = tuple(dataclasses.replace(n, region="x") for n in nodes)
    r = analyse_network(NetworkInput(None, one, reports, True), "either", min_group_size=3)
    assert r.inclusion.regions_at_edge == () and r.ei_index == -1.0


def test_low_mean_degree_puts_a_region_at_the_edge() -> None:
    # x: a 4-clique (degree 3 each, plus x1's tie to y1); y: y1, y2 with y1 - x1 only.
    # Degrees x1 4, x2 3, x3 3, x4 3, y1 1, y2 0: mean 14/6; half 7/6; y's mean 1/2.
    nodes = (*(member(f"x{i}", "x") for i in range(1, 5)), member("y1", "y"),
             member("y2", "y"))
    pairs = [("x1", "x2"), ("x1", "x3"), ("x1", "x4"), ("x2", "x3"), ("x2", "x4"),
             ("x3", "x4"), ("y1", "x1")]
    reports = tuple(R(s, t, "recorded") for s, t in pairs)
    r = analyse_network(NetworkInput(None, nodes, reports, True), "either", min_group_size=3)
    assert r.inclusion.regions_at_edge == ("y",)
    assert r.isolates == ("y2",)


# -- trust and value ----------------------------------------------------------------------


def test_trust_and_value_by_hand() -> None:
    r = five("either", k=1)
    m = by_id(r)
    # a received b's r2 (4, 4 -> 4) and d's r3 (2, 3, 1 -> 2): mean 3, 75 %, 2 raters.
    assert m["a"].trust == PartnerScore(3.0, 75.0, 2)
    # b received r1 (3 -> 3); r4 gave no trust rating and does not count.
    assert m["b"].trust == PartnerScore(3.0, 75.0, 1)
    assert m["c"].trust == NONE_YET
    assert m["a"].value == PartnerScore(4.0, 100.0, 1)
    # Network: scores 3, 4, 2 -> 3; reliability 3, 4, 2 -> 3; openness 4, 3 -> 3.5;
    # mission 1.
    assert (r.trust.mean, r.trust.percent, r.trust.ratings, r.trust.raters) == (
        3.0, 75.0, 3, 3)
    assert [(i.id, i.mean, i.answers) for i in r.trust.items] == [
        ("reliability", 3.0, 3), ("openness", 3.5, 2), ("mission", 1.0, 1)]
    assert [(i.id, i.mean) for i in r.value.items] == [
        ("influence", 4.0), ("resources", 4.0), ("involvement", 4.0)]


def test_trust_suppression() -> None:
    # k = 2: b (1 rater) is hidden; a (2 raters) would then give b away (network total
    # less a), so a is hidden too.
    m = by_id(five(k=2))
    assert m["a"].trust == PROTECTED and m["b"].trust == HIDDEN
    # k = 3: both below 3; the network (3 raters) is shown; value (1 rater) is not.
    r = five(k=3)
    assert by_id(r)["a"].trust == HIDDEN
    assert r.trust.mean == 3.0 and not r.trust.suppressed
    assert r.value.suppressed and r.value.mean is None and r.value.raters is None
    assert all(i.mean is None and i.answers is None for i in r.value.items)
    # k = 4: the network's 3 raters are too few.
    assert five(k=4).trust.suppressed


def test_complementary_suppression_hides_the_smallest_shown_member() -> None:
    # m1 rated 4 by r1, r2, r3; m2 rated by r1, r2, r3, r4; m3 rated by r5 only.
    # k = 3: m3 hidden (1 rater); alone it could be worked out from the network total (less
    # m1 and m2), so the cheapest cover goes too: m1 (3 raters; hiding the network would
    # hide 5, m2 4). m2 stays.
    nodes = tuple(member(f"m{i}", "x") for i in range(1, 5))
    reports = (R("m4", "m1", "survey", "r1", 2, (4, 4, 4)),
               R("m4", "m1", "survey", "r2", 2, (4, 4, 4)),
               R("m3", "m1", "survey", "r3", 2, (4, 4, 4)),
               R("m4", "m2", "survey", "r1", 2, (2, 2, 2)),
               R("m4", "m2", "survey", "r2", 2, (2, 2, 2)),
               R("m3", "m2", "survey", "r3", 2, (3, 3, 3)),
               R("m4", "m2", "survey", "r4", 2, (1, 1, 1)),
               R("m1", "m3", "survey", "r5", 2, (1, None, None)))
    r = analyse_network(NetworkInput(None, nodes, reports, True), "either", min_group_size=3)
    m = by_id(r)
    assert m["m3"].trust == HIDDEN and m["m1"].trust == PROTECTED
    # m2: (2 + 2 + 3 + 1) / 4 = 2, 50 %.
    assert m["m2"].trust == PartnerScore(2.0, 50.0, 4)
    assert m["m4"].trust == NONE_YET


def test_inclusion_by_size() -> None:
    r = five("either", k=3)
    rows = {row.size: row for row in r.inclusion.by_size}
    assert list(rows) == ["small", "medium", "large", ""]
    assert rows[""].size_name == ""  # the render layer names it
    small = rows["small"]
    # a, b: degrees 3, 2; betweenness 5/6, 0; neither at the edge; trust received
    # 4, 2 (a) and 3 (b) from r2, r3, r1 -> 3 raters, mean 3.
    assert (small.members, small.mean_degree, small.share_at_edge) == (2, 2.5, 0.0)
    assert small.mean_betweenness == pytest.approx(5 / 12)
    assert small.trust_received == PartnerScore(3.0, 75.0, 3)
    assert rows[""].share_at_edge == 1.0  # e, one tie
    assert rows["medium"].trust_received == NONE_YET
    # Value: only a (small) was rated, by one respondent: hidden.
    assert small.value_received == HIDDEN


# -- small, empty and unasked -------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 2])
def test_tiny_networks_do_not_crash(count: int) -> None:
    nodes = FIVE_NODES[:count]
    reports = (R("a", "b", "survey", "r1", 3, (4, 4, 4)),) if count == 2 else ()
    r = analyse_network(NetworkInput("r", nodes, reports, True), "either", min_group_size=1)
    assert r.members == count
    assert r.degree_centralization is None and r.betweenness_centralization is None
    assert all(m.betweenness is None for m in r.member_metrics)
    if count < 2:
        assert r.density is None and r.reciprocity is None
    else:
        assert r.density == 1.0 and r.ties == 1 and r.reciprocity == 0.0
        assert r.trust.mean == 4.0
    if count == 0:
        assert (r.mean_degree, r.response_rate, r.components) == (None, None, 0)


def test_no_ties_at_all() -> None:
    r = analyse_network(NetworkInput("r", FIVE_NODES, (), True), "either", min_group_size=3)
    assert (r.ties, r.density, r.degree_centralization, r.betweenness_centralization) == (
        0, 0.0, 0.0, 0.0)
    assert r.isolates == ("a", "b", "c", "d", "e") and r.components == 5
    assert r.reciprocity is None and r.ei_index is None and r.cross_region_share is None
    assert all(m.cross_region_share is None for m in r.member_metrics)
    assert r.trust.mean is None and r.trust.raters == 0 and not r.trust.suppressed


def test_tie_question_not_asked() -> None:
    nodes = tuple(dataclasses.replace(n, responded=False) for n in FIVE_NODES)
    r = analyse_network(NetworkInput("r", nodes, (), False), "either", min_group_size=3)
    assert not r.mapped and r.response_rate is None
    assert (r.ties, r.density, r.components, r.mean_degree, r.ei_index) == (
        None, None, None, None, None)
    assert r.isolates == () and r.edges == () and r.inclusion.members_at_edge == ()
    assert all(m.degree is None and m.in_degree is None and not m.at_edge
               for m in r.member_metrics)
    assert all(row.ties is None for row in r.sensitivity)

    # Recorded ties alone still make a network; survey figures stay unknown.
    recorded = (R("c", "e", "recorded"),)
    r = analyse_network(NetworkInput("r", nodes, recorded, False), "either", min_group_size=3)
    assert r.mapped and r.ties == 1 and r.density == pytest.approx(0.1)
    assert by_id(r)["c"].in_degree is None
    respondents = r.sensitivity[-1]
    assert respondents.rule == "respondents" and respondents.ties is None


# -- comparing rounds ---------------------------------------------------------------------


def test_compare_rounds() -> None:
    before = five("either", k=3)
    # Midline: b did not answer (b -> a, b -> d gone); recorded c - d and b - e added.
    nodes = tuple(dataclasses.replace(n, responded=n.id in ("a", "d")) for n in FIVE_NODES)
    reports = (FIVE_REPORTS[0], FIVE_REPORTS[1], FIVE_REPORTS[3], FIVE_REPORTS[4],
               R("c", "e", "recorded"), R("c", "d", "recorded"), R("b", "e", "recorded"))
    after = analyse_network(NetworkInput("midline", nodes, reports, True), "either",
                            min_group_size=3)
    change = compare_rounds(before, after)
    # Before a-b a-c a-d b-d c-e; after a-b a-c a-d b-e c-d c-e.
    assert change.new_ties == (("b", "e"), ("c", "d")) and change.lost_ties == (("b", "d"),)
    assert change.responding_both == ("a", "d")
    # Density 0.5 -> 2 x 6 / 20 = 0.6.
    assert change.density.delta == pytest.approx(0.1)
    # Degrees after a 3, b 2, c 3, d 2, e 2: sum (3 - d) = 3, over 12 = 1/4; before 5/12.
    assert change.degree_centralization.after == pytest.approx(0.25)
    assert change.degree_centralization.delta == pytest.approx(0.25 - 5 / 12)
    # Across after: a-d, b-e, c-d, c-e = 4 of 6; before 3 of 5.
    assert change.cross_region_share.delta == pytest.approx(4 / 6 - 0.6)
    # Trust after: r1 and r3 only -> 2 raters < 3, hidden: no change given.
    assert change.trust_percent.before == 75.0 and change.trust_percent.after is None
    assert change.trust_percent.delta is None
    assert (change.before_round, change.after_round, change.rule) == (
        "baseline", "midline", "either")

    with pytest.raises(ValueError, match="different tie rules"):
        compare_rounds(before, five("both"))


def test_compare_rounds_without_tie_data() -> None:
    unasked = analyse_network(NetworkInput("r0", FIVE_NODES, (), False), "either",
                              min_group_size=3)
    change = compare_rounds(unasked, five())
    assert change.new_ties is None and change.lost_ties is None
    assert change.density.before is None and change.density.delta is None


def test_results_are_deterministic() -> None:
    assert five("observed") == five("observed")
    shuffled = NetworkInput("baseline", FIVE_NODES, tuple(reversed(FIVE_REPORTS)), True)
    assert analyse_network(shuffled, "either", min_group_size=3).edges == five().edges


# -- Zachary's karate club ----------------------------------------------------------------


def karate() -> NetworkInput:
    """networkx's karate club (34 members, two clubs as regions), every edge a recorded
    tie without intensity: all strengths 2, so betweenness is the unweighted one."""
    g = nx.karate_club_graph()
    nodes = tuple(Node(str(v), f"Member {v + 1}", "hi" if club == "Mr. Hi" else "officer",
                       club, None, "member", "US", False)
                  for v, club in g.nodes(data="club"))
    reports = tuple(R(str(u), str(v), "recorded") for u, v in g.edges)
    return NetworkInput(None, nodes, reports, False)


def test_karate_club_against_published_figures() -> None:
    r = analyse_network(karate(), "either", min_group_size=3)
    # Zachary, W. W. (1977). An information flow model for conflict and fission in small
    # groups. Journal of Anthropological Research 33(4): 452-473: 34 members, 78 ties.
    assert (r.members, r.ties) == (34, 78)
    # Density 2 x 78 / (34 x 33) = 78/561 = 0.139.
    assert r.density == pytest.approx(78 / 561) and round(r.density, 3) == 0.139
    # Unnormalised betweenness of member 1 = 231.0714286 and member 34 = 160.5515873:
    # igraph's betweenness() on the karate club as printed in B. Lantz, Machine Learning
    # with R, 2nd ed. (Packt 2015), ch. 12, "Analyzing and visualizing network data".
    # Normalised by the pairs not involving the member, (n - 1)(n - 2)/2 = 528: 0.4376 and
    # 0.3041.
    m = by_id(r)
    assert m["0"].betweenness == pytest.approx(231.0714286 / 528)
    assert m["33"].betweenness == pytest.approx(160.5515873 / 528)
    assert round(m["0"].betweenness, 4) == 0.4376
    assert round(m["33"].betweenness, 4) == 0.3041
    # Degrees 16 (member 1) and 17 (member 34), same source. Degree centralisation:
    # (34 x 17 - 2 x 78) / (33 x 32) = 422 / 1056.
    assert (m["0"].degree, m["33"].degree) == (16, 17)
    assert r.degree_centralization == pytest.approx(422 / 1056)
    # Betweenness centralisation from the published maximum: the betweenness of all members
    # sums to sum over pairs of (distance - 1) = 561 x (mean distance - 1); then
    # (34 x max - sum) / 528 / 33.
    total = 561 * (nx.average_shortest_path_length(nx.karate_club_graph()) - 1)
    assert r.betweenness_centralization == pytest.approx(
        (34 * 231.0714286 - total) / 528 / 33)
    assert (r.components, r.largest_component, r.isolates) == (1, 34, ())
    # E-I across the two clubs, checked against networkx's own cut size.
    hi = [v for v, club in nx.karate_club_graph().nodes(data="club") if club == "Mr. Hi"]
    external = nx.cut_size(nx.karate_club_graph(), hi)
    assert r.external_ties == external
    assert r.ei_index == pytest.approx((external - (78 - external)) / 78)


@given(st.permutations(range(7)))
def test_member_codes_do_not_follow_the_file_order(order: list[int]) -> None:
    """A member's code does not depend on where it stands in members.yaml (often
    alphabetical, like the member annex, which would give every code away)."""
    from netconsult.analysis.ties import member_codes
    from netconsult.project import models as m

    regions = [m.Region(id="europe", name="Europe"), m.Region(id="middle-east", name="ME")]
    members = [m.Member(id=f"org{i}", name=f"Organisation {i}", country="HU",
                        region="europe" if i % 3 else "middle-east") for i in range(7)]
    as_listed = member_codes(members, regions, "Client/2020-06-15")
    assert member_codes([members[i] for i in order], regions, "Client/2020-06-15") == as_listed
    # Within each region the codes are 1..n, each once.
    for region, prefix in (("europe", "EU"), ("middle-east", "ME")):
        own = sorted(as_listed[x.id] for x in members if x.region == region)
        assert own == sorted(f"{prefix}-{i}" for i in range(1, len(own) + 1))

"""How long `analyse_network` takes on a large engagement's network, as a ratio to networkx
computing the core metrics directly on graphs built beforehand, measured in the same run.

Generates (seeded) a network of 200 member organisations in 5 regions, 160 of them
responding with one to three respondents each, 5,000 survey tie reports (two in three
within the respondent's region; intensity 1-4, one in ten left blank; trust and value
sub-ratings 1-4, some left blank) and 40 recorded ties. Then times:

- the floor: networkx alone on the prebuilt "either" graph with distance = 1/strength and
  the prebuilt survey graph among respondents: density, reciprocity, connected components,
  degree, and betweenness weighted by distance, the costly part;
- `analyse_network(inp, "either", min_group_size=5)`: everything from the tie reports,
  including building the graph under all three rules, per-member, per-region and
  per-size figures, trust and value with suppression, and the sensitivity table.

    .venv/bin/python benchmarks/network_speed.py [--runs 5] [--members 200] [--reports 5000]

Best of --runs, interleaved, in wall and in CPU time (other processes on the machine move
wall time, not CPU time). Weighted betweenness (Brandes with Dijkstra, in pure Python) is
most of both sides: analyse_network adds building three graphs and the per-member,
per-region and per-size work on top.

Target: analyse_network under 1 s at this size, and at most 1.5 x networkx alone.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from netconsult.analysis.network import analyse_network, build_graph
from netconsult.analysis.ties import NetworkInput, Node, TieReport

SEED = 5
REGIONS = ("africa", "asia", "europe", "latam", "mena")
SIZES = ("small", "medium", "large", None)
RESPONSE_RATE = 0.8
RECORDED = 40


def rating(rng: random.Random) -> int | None:
    return rng.randint(1, 4) if rng.random() < 0.85 else None


def make_input(members: int, reports: int) -> NetworkInput:
    rng = random.Random(SEED)
    ids = [f"m{i:03d}" for i in range(1, members + 1)]
    region = {mid: REGIONS[i % len(REGIONS)] for i, mid in enumerate(ids)}
    responding = set(rng.sample(ids, round(members * RESPONSE_RATE)))
    nodes = tuple(Node(mid, f"Organisation {mid}", region[mid], region[mid].title(),
                       rng.choice(SIZES), "member", "XX", mid in responding) for mid in ids)
    raters = {mid: [f"{mid}-r{j}" for j in range(rng.randint(1, 3))]
              for mid in sorted(responding)}
    by_region = {r: [mid for mid in ids if region[mid] == r] for r in REGIONS}
    sources = sorted(responding)
    ties: list[TieReport] = []
    while len(ties) < reports:
        source = rng.choice(sources)
        pool = by_region[region[source]] if rng.random() < 2 / 3 else ids
        target = rng.choice(pool)
        if target == source:
            continue
        ties.append(TieReport(
            source, target, "survey", rng.choice(raters[source]),
            rng.randint(1, 4) if rng.random() < 0.9 else None,
            (rating(rng), rating(rng), rating(rng)), (rating(rng), rating(rng), rating(rng))))
    for _ in range(RECORDED):
        a, b = rng.sample(ids, 2)
        ties.append(TieReport(a, b, "recorded"))
    return NetworkInput("benchmark", nodes, tuple(ties), True)


def floor(either: Any, survey: Any) -> None:
    """The metrics networkx computes for us, on graphs that already exist."""
    import networkx as nx

    nx.density(either)
    nx.reciprocity(survey)
    list(nx.connected_components(either))
    dict(either.degree())
    nx.betweenness_centrality(either, normalized=True, weight="distance")


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall time and this process's CPU time of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    import networkx as nx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--reports", type=int, default=5000)
    args = parser.parse_args()

    inp = make_input(args.members, args.reports)
    either = build_graph(inp, "either")
    responding = [node.id for node in inp.nodes if node.responded]
    survey = nx.DiGraph()
    survey.add_nodes_from(responding)
    survey.add_edges_from((r.source, r.target) for r in inp.reports
                          if r.directed and r.source in survey and r.target in survey)
    result = analyse_network(inp, "either", min_group_size=5)  # warm up imports
    print(f"network: {result.members} members ({result.responding} responding), "
          f"{result.reports:,} survey reports, {result.ties:,} ties under 'either' "
          f"(density {result.density:.3f}), {args.runs} runs each")

    floors, ours = [], []
    for _ in range(args.runs):  # interleaved, so a busy moment hits both sides alike
        floors.append(timed(lambda: floor(either, survey)))
        ours.append(timed(lambda: analyse_network(inp, "either", min_group_size=5)))
    base, whole = min(t[0] for t in floors), min(t[0] for t in ours)
    base_cpu, whole_cpu = min(t[1] for t in floors), min(t[1] for t in ours)
    print(f"networkx alone on prebuilt graphs (density, reciprocity, components, degree, "
          f"weighted betweenness): {base * 1000:6.0f} ms wall, {base_cpu * 1000:6.0f} ms CPU")
    print(f"analyse_network, from the tie reports:                         "
          f"{whole * 1000:6.0f} ms wall, {whole_cpu * 1000:6.0f} ms CPU")
    print(f"ratio: {whole / base:.2f} (CPU {whole_cpu / base_cpu:.2f}); target: "
          f"analyse_network under 1 s ({'met' if whole < 1 else 'NOT met'}) and at most "
          f"1.5 x networkx alone ({'met' if whole / base <= 1.5 else 'NOT met'})")

if __name__ == "__main__":
    main()

"""Trust and value (PARTNER): what each member, each member size and the whole network
received, with privacy applied over the three tables at once (analysis.privacy)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from netconsult.analysis.network.results import (
    SCALE_MAX,
    NetworkScore,
    PartnerScore,
    SubRating,
)
from netconsult.analysis.privacy import Figure, Reason, suppress
from netconsult.analysis.survey import NOT_STATED
from netconsult.analysis.ties import Node, TieReport

Scored = tuple[Hashable, float]  # (rater, the rating's score)
#: The key of the whole network's figure among the figures `protect` decides on.
NETWORK = ("network",)


@dataclass(frozen=True)
class Protected:
    """One of trust or value, privacy applied: per member (in nodes order), per size group
    (in the order given) and the network's figure."""

    members: list[PartnerScore]
    sizes: list[PartnerScore]
    network: NetworkScore


def rater(report: TieReport) -> Hashable:
    # A survey report without a respondent id counts with its organisation's: fewer distinct
    # raters, so more is hidden rather than less.
    return report.rater if report.rater is not None else ("member", report.source)


def score(ratings: Sequence[int | None]) -> float | None:
    """A rating's trust or value score: the mean of the sub-ratings given."""
    given = [r for r in ratings if r is not None]
    return sum(given) / len(given) if given else None


def received(survey: Sequence[TieReport],
             scored: Sequence[tuple[Hashable, float | None, float | None]],
             ) -> tuple[dict[str, list[Scored]], dict[str, list[Scored]]]:
    """Per member, (rater, score) of the trust and value ratings it received."""
    trust: dict[str, list[Scored]] = defaultdict(list)
    value: dict[str, list[Scored]] = defaultdict(list)
    for report, (who, t, v) in zip(survey, scored, strict=True):
        if t is not None:
            trust[report.target].append((who, t))
        if v is not None:
            value[report.target].append((who, v))
    return trust, value


def protect(nodes: Sequence[Node], sizes: Sequence[str], got: Mapping[str, list[Scored]],
            ratings: Sequence[Sequence[int | None]], items: Sequence[str],
            k: int) -> Protected:
    """Trust (or value) per member, per size and for the network, hidden together.

    The finest cells are the members: each member's figure is its own cell, a size's the
    cells of its members, the network's every member's. `ratings` are the sub-ratings of
    every report (in `items` order) for the network's per-question means.
    """
    def raters(scored: Sequence[Scored]) -> int:
        return len({who for who, _ in scored})

    def together(figures: Sequence[Figure]) -> int:
        """Distinct raters behind some members, or some sizes, together."""
        ids = {i for f in figures for i in f.cells}
        return len({who for i in ids for who, _ in got.get(str(i), ())})

    def rated(ids: Sequence[str]) -> frozenset[Hashable]:
        return frozenset(i for i in ids if got.get(i))

    groups = [[node.id for node in nodes if (node.size or NOT_STATED) == size]
              for size in sizes]
    pooled = [[s for i in own for s in got.get(i, ())] for own in groups]
    everything = [s for node in nodes for s in got.get(node.id, ())]
    figures = [Figure(("member", node.id), rated([node.id]), raters(got.get(node.id, [])),
                      table="members") for node in nodes]
    figures += [Figure(("size", size), rated(own), raters(scored), table="sizes")
                for size, own, scored in zip(sizes, groups, pooled, strict=True)]
    figures.append(Figure(NETWORK, rated([node.id for node in nodes]), raters(everything)))
    reasons = suppress(figures, k, people=together)
    return Protected(
        members=[_partner(got.get(node.id, []), reasons.get(("member", node.id)))
                 for node in nodes],
        sizes=[_partner(scored, reasons.get(("size", size)))
               for size, scored in zip(sizes, pooled, strict=True)],
        network=_network_score(everything, ratings, items, reasons.get(NETWORK)))


def _partner(scored: Sequence[Scored], reason: Reason | None) -> PartnerScore:
    if reason is not None:
        return PartnerScore(None, None, None, True, reason)
    if not scored:
        return PartnerScore(None, None, 0)
    mean = statistics.fmean(s for _, s in scored)
    return PartnerScore(mean, mean / SCALE_MAX * 100, len({who for who, _ in scored}))


def _network_score(scored: Sequence[Scored], ratings: Sequence[Sequence[int | None]],
                   items: Sequence[str], reason: Reason | None) -> NetworkScore:
    """The network's score from every rating's (rater, score), and each question's mean
    over all sub-ratings given (`ratings`, one tuple per report, in `items` order). Hidden,
    the questions' means go too: with every question answered, they add up to it."""
    if reason is not None:
        return NetworkScore(None, None, None, None, True,
                            tuple(SubRating(item, None, None) for item in items), reason)
    answers = [[a[i] for a in ratings if a[i] is not None] for i in range(len(items))]
    mean = statistics.fmean(s for _, s in scored) if scored else None
    return NetworkScore(
        mean=mean, percent=mean / SCALE_MAX * 100 if mean is not None else None,
        ratings=len(scored), raters=len({who for who, _ in scored}), suppressed=False,
        items=tuple(SubRating(item, statistics.fmean(given) if given else None, len(given))
                    for item, given in zip(items, answers, strict=True)))

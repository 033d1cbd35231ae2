"""What the network map is drawn from: members, ties, fixed words and sizes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from netconsult.render.charts.svg import finite
from netconsult.render.labels import N_

#: Every fixed word the map draws, in English; pass a partial mapping to translate.
MAP_LABELS: Mapping[str, str] = MappingProxyType({
    "no_data": N_("No data"),
    "tie": N_("Tie"),
    "mutual": N_("Mutual tie"),
    "one_sided": N_("One-sided tie"),
    "strength": N_("Thicker line: stronger tie"),
    "size": N_("Larger circle: more ties"),
    "isolates": N_("No ties"),
    "other_regions": N_("Other regions"),
    "some_named": N_("Only the most connected members are numbered"),
})

#: Okabe & Ito (2008), ordered so that the first five are the most distinct.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442",
           "#000000")
OTHER = "#bdbdbd"
EDGE = "#7a7a7a"
#: Regions past this many share one grey "Other regions" colour: the legend stays short.
MAX_REGIONS = 12
#: Every member is named up to this many members; above it, the most connected only.
LABEL_ALL = 40
#: Up to this many members, small components stand upright with room for names beside them.
ROOMY = 60
#: On a map of more than LABEL_ALL members, this many of the most connected are numbered.
MAX_LABELS = 20
SEED = 20240521
RANK_BLEND = 0.5
#: How much a component's layout may be stretched on its short side to fill its box.
STRETCH = 1.6
LAYERS = 12
WIDTH = 600.0
PAD = 6.0

Box = tuple[float, float, float, float]
Point = tuple[float, float]


@dataclass(frozen=True)
class MapNode:
    """One member: `degree` (its number of ties) sets the circle's size and who gets named."""

    id: str
    label: str
    region: str
    degree: int


@dataclass(frozen=True)
class MapEdge:
    """A tie between two members: `strength` 1-4 (mean intensity), `mutual` False when only
    one side named the other."""

    a: str
    b: str
    strength: float = 2.0
    mutual: bool = True


@dataclass(frozen=True)
class Tie:
    """One tie per pair, ends sorted, as drawn."""

    a: str
    b: str
    strength: float
    mutual: bool


def map_words(labels: Mapping[str, str] | None) -> dict[str, str]:
    labels = labels or {}
    unknown = sorted(set(labels) - set(MAP_LABELS))
    if unknown:
        raise ValueError(f"unknown network map label(s): {', '.join(unknown)}; "
                         f"known: {', '.join(MAP_LABELS)}")
    return {**MAP_LABELS, **labels}


def one_tie_per_pair(edges: Sequence[MapEdge], known: Mapping[str, MapNode]) -> list[Tie]:
    """One tie per pair, sorted: a pair given twice keeps its greatest strength, and is
    mutual if any report says so or both directions were given one-sided. Self-ties drop."""
    pairs: dict[tuple[str, str], tuple[float, bool, set[str]]] = {}
    for edge in edges:
        for end in (edge.a, edge.b):
            if end not in known:
                raise ValueError(f"tie {edge.a!r}-{edge.b!r} names an unknown member {end!r}")
        if edge.a == edge.b:
            continue
        key = (min(edge.a, edge.b), max(edge.a, edge.b))
        strength = finite(edge.strength)
        strength = 2.0 if strength is None else min(max(strength, 1.0), 4.0)
        old_strength, old_mutual, sources = pairs.get(key, (strength, False, set()))
        pairs[key] = (max(old_strength, strength), old_mutual or edge.mutual,
                      sources | {edge.a})
    return [Tie(a, b, s, mutual or len(sources) == 2)
            for (a, b), (s, mutual, sources) in sorted(pairs.items())]

"""The inclusion view: members of each size side by side, and who sits at the edge."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from netconsult.analysis.network.results import (
    Inclusion,
    InclusionRow,
    MemberMetrics,
    PartnerScore,
    RegionMetrics,
)
from netconsult.analysis.survey import MEMBER_SIZES, NOT_STATED
from netconsult.analysis.ties import Node


def size_groups(nodes: Sequence[Node]) -> list[str]:
    """The member sizes compared: small, medium, large, any other stated size, then
    NOT_STATED when some member has no size; none when no member states one."""
    sizes = {node.size for node in nodes}
    groups = [s for s in MEMBER_SIZES if s in sizes]
    groups += sorted(s for s in sizes if s is not None and s not in MEMBER_SIZES)
    if groups and None in sizes:
        groups.append(NOT_STATED)
    return groups


def inclusion(sizes: Sequence[str], members: Sequence[MemberMetrics],
              regions: Sequence[RegionMetrics], trust: Sequence[PartnerScore],
              value: Sequence[PartnerScore]) -> Inclusion:
    """The inclusion table; `trust` and `value` are the sizes' scores, already protected."""
    rows: list[InclusionRow] = []
    for size, trusted, valued in zip(sizes, trust, value, strict=True):
        own = [m for m in members if (m.size or NOT_STATED) == size]
        degrees = [m.degree for m in own if m.degree is not None]
        between = [m.betweenness for m in own if m.betweenness is not None]
        rows.append(InclusionRow(
            size=size, size_name=size, members=len(own),
            mean_degree=statistics.fmean(degrees) if degrees else None,
            mean_betweenness=statistics.fmean(between) if between else None,
            share_at_edge=(sum(1 for m in own if m.at_edge) / len(own)
                           if degrees else None),
            trust_received=trusted, value_received=valued))
    return Inclusion(
        by_size=tuple(rows),
        members_at_edge=tuple(m.id for m in members if m.at_edge),
        regions_at_edge=tuple(r.id for r in regions if r.at_edge))

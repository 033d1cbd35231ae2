"""Two rounds of the same network side by side."""

from __future__ import annotations

from netconsult.analysis.network.results import MetricChange, NetworkResult, RoundChange


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


def _change(before: float | None, after: float | None) -> MetricChange:
    delta = after - before if before is not None and after is not None else None
    return MetricChange(before, after, delta)

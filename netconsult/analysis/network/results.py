"""The results of the network analysis: what `analyse_network` and `compare_rounds` return.

Figures resting on too few people arrive hidden (`suppressed`, with a `reason`); see the
Method in the package docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from netconsult.analysis.privacy import Reason

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

    `suppressed` ⇒ `mean`, `percent` and `raters` are None, and `reason` says why: "small"
    (fewer than `min_group_size` raters) or "protect" (hidden so another hidden figure
    cannot be worked out). Not suppressed with `raters == 0`: no rating to compute from,
    `mean` and `percent` are None.
    """

    mean: float | None  # 1-4
    percent: float | None  # mean / 4 x 100
    raters: int | None  # distinct respondents behind it
    suppressed: bool = False
    reason: Reason | None = None


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
    reason: Reason | None = None  # why it is suppressed (see PartnerScore)


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
    size_name: str  # the size id (render/labels.py names it); NOT_STATED for none
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

"""The network chapter's typed data: what `report.data.network` holds for the assessment.

Built by render/network_context.py (`network_data`). Figures arrive formatted for the report's
language ("–" when there is nothing to show); a hidden trust or value rating arrives as its
marker (`hidden_marker` or `protected_marker`), never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from netconsult.render.context.base import Figure
from netconsult.render.context.survey_chapter import ChangeRow


@dataclass(frozen=True)
class MemberTieRow:
    """One member in the table of members by number of ties."""

    label: str  # its name, or its code when names are not shown
    region: str
    ties: str
    named_by: str  # other members whose respondents named it
    named: str  # members its respondents named; "–" when it did not answer
    betweenness: str
    cross: str  # share of its ties that cross regions
    trust: str  # "3.1 of 4" style mean, or a marker
    value: str
    edge: bool  # one tie or none


@dataclass(frozen=True)
class RegionRow:
    name: str
    members: int
    responding: int
    internal: str  # ties inside the region
    external: str  # ties to other regions
    ei: str  # E-I index
    mean_degree: str
    edge: bool  # the region is at the edge of the network


@dataclass(frozen=True)
class InclusionRow:
    """The members of one size: how connected and how trusted they are."""

    size: str
    members: int
    mean_degree: str
    betweenness: str
    edge: str  # share of them at the edge
    trust: str
    value: str


@dataclass(frozen=True)
class SensitivityRow:
    """Density and centralization under one reading of the survey's tie reports."""

    rule: str
    chosen: bool  # the reading this report uses
    members: int
    ties: str
    density: str
    centralization: str


@dataclass(frozen=True)
class NetworkChange:
    before: str  # the previous round's name
    new: int | None  # ties that appeared; None when either round has no tie data
    lost: int | None
    both: int  # member organisations that answered in both rounds
    rows: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class MostConnected:
    labels: tuple[str, ...]  # every member with the most ties
    label: str  # `labels` joined for a sentence
    ties: int
    everyone: bool  # every member has that many ties


@dataclass(frozen=True)
class NetworkChapter:
    round: str | None  # the survey round's name, when a round asked the tie question
    asked: bool  # a survey round asked which members work together
    responding: int  # member organisations that answered the tie question
    members: int
    rate: str
    reports: int  # times respondents named a partner
    recorded: bool  # ties recorded by the team are included
    meetings: bool  # ties from sitting together in meetings are included
    rule: Literal["observed", "either", "both"]  # which survey reports make a tie
    rule_words: str  # what a tie is under `rule`, for a sentence
    ties_count: int
    figures: tuple[tuple[str, str], ...]  # (name, value) of the key figures table
    map: Figure
    density: str
    ties: str
    density_value: float | None
    cross_value: float | None
    cross: str  # share of ties that cross regions
    most: MostConnected | None  # None when no member has more than one tie
    brokers: tuple[str, ...]
    brokers_label: str
    members_table: tuple[MemberTieRow, ...]  # the most connected members first
    more_members: int  # members left out of the table
    edge_members: tuple[str, ...]
    edge_label: str
    edge_regions_label: str
    edge_regions: tuple[str, ...]
    isolates: tuple[str, ...]  # members without a tie
    regions: tuple[RegionRow, ...]
    inclusion: tuple[InclusionRow, ...]  # empty when no member states a size
    sensitivity: tuple[SensitivityRow, ...]
    change: NetworkChange | None
    hidden_marker: str
    protected_marker: str
    trust: str | None  # the network's partner trust rating, None without ratings
    value: str | None
    named: bool  # members are named (else shown by code)

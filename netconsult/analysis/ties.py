"""The network's ties as plain data: who reported working with whom, and how they rated it.

Everything `network` measures starts from a `NetworkInput`: the bounded network (every member
in members.yaml is a node, whether or not it answered) and a flat list of `TieReport`s. A
survey report is directed (a respondent of `source` named `target`) and carries the follow-up
ratings that respondent gave; a recorded tie (network/ties.yaml) or a co-attendance tie
(meetings) is a fact about both sides and is undirected. `network_input` builds it from a
loaded project for one survey round; the metrics (analysis.network) only read it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from netconsult.project import models as m
    from netconsult.project.load import Project

Origin = Literal["survey", "recorded", "meetings"]
#: The order of the three sub-ratings in `TieReport.trust` and `TieReport.value`.
TRUST_ITEMS = ("reliability", "openness", "mission")
VALUE_ITEMS = ("influence", "resources", "involvement")


@dataclass(frozen=True, slots=True)
class Node:
    """One member organisation of the bounded network."""

    id: str
    label: str  # the name, or a code such as EU-3 when the engagement names no members
    region: str  # region id
    region_name: str
    size: str | None  # small | medium | large, when members.yaml says
    type: str  # coordinator | member | associate | observer
    country: str
    responded: bool  # someone answered the tie question for this member in the round


@dataclass(frozen=True, slots=True)
class TieReport:
    """One statement that `source` works with `target`."""

    source: str
    target: str
    origin: Origin
    rater: str | None = None  # the anonymous respondent id, for survey reports
    intensity: int | None = None  # 1 awareness, 2 cooperation, 3 coordination, 4 integration
    trust: tuple[int | None, int | None, int | None] = (None, None, None)  # TRUST_ITEMS, 1-4
    value: tuple[int | None, int | None, int | None] = (None, None, None)  # VALUE_ITEMS, 1-4

    @property
    def directed(self) -> bool:
        return self.origin == "survey"


@dataclass(frozen=True)
class NetworkInput:
    """The nodes and tie reports of one survey round (or of recorded ties alone)."""

    round: str | None
    nodes: tuple[Node, ...]
    reports: tuple[TieReport, ...]
    asked: bool  # the survey asked the tie question in this round


def member_codes(members: Sequence[m.Member], regions: Sequence[m.Region],
                 key: str = "") -> dict[str, str]:
    """A short public code per member for engagements that name no member: the region's
    initials and a number within the region (EU-3, SSA-1).

    The numbers do not follow members.yaml (often alphabetical, like the member annex, which
    would give every code away): within a region, members are numbered in the order of a
    hash of `key` (the engagement's client and start) and their id, so a member's code does
    not depend on where it stands in the file, and stays the same when members are added
    to other regions. Initials are the first letters of a hyphenated region id
    (sub-saharan-africa → SSA), or its first two letters (europe → EU); if two regions would
    share initials, R1, R2... in netconsult.yaml order are used instead, so no code is
    ambiguous."""
    import hashlib

    prefix = {}
    for region in regions:
        words = [w for w in re.split(r"[-_.]+", region.id) if w]
        prefix[region.id] = ("".join(w[0] for w in words) if len(words) > 1
                             else region.id[:2]).upper()
    if len(set(prefix.values())) < len(prefix):
        prefix = {region.id: f"R{i}" for i, region in enumerate(regions, 1)}

    def shuffled(member: m.Member) -> tuple[str, str]:
        return hashlib.sha256(f"{key}\0{member.id}".encode()).hexdigest(), member.id

    counts: Counter[str] = Counter()
    codes = {}
    for member in sorted(members, key=shuffled):
        counts[member.region] += 1
        codes[member.id] = f"{prefix.get(member.region, 'X')}-{counts[member.region]}"
    return codes


def network_input(project: Project, round_id: str | None) -> NetworkInput:
    """The nodes and tie reports of `round_id` (None: recorded and meeting ties only).

    Survey reports come from the tie question (the survey's members question with follow-up
    ratings, else its first members question): each respondent answering for a member names
    partners; a respondent who answers for no member, and a member naming itself, give no
    tie. Follow-up ratings are matched to the report by respondent and partner."""
    survey = project.survey
    question = survey.tie_question() if survey else None
    responses = project.responses.get(round_id) if round_id else None
    asked = question is not None and responses is not None
    reports: list[TieReport] = []
    responded: set[str] = set()
    if asked:
        ratings = {(r.respondent, r.partner): r.values for r in responses.ratings}
        for response in responses.responses:
            named = response.answers.get(question.id)
            if response.member is None or named is None:
                continue
            responded.add(response.member)
            for partner in named:
                if partner == response.member:
                    continue
                values = ratings.get((response.respondent, partner), {})
                reports.append(TieReport(
                    response.member, partner, "survey", response.respondent,
                    values.get("intensity"),
                    tuple(values.get(k) for k in TRUST_ITEMS),  # type: ignore[arg-type]
                    tuple(values.get(k) for k in VALUE_ITEMS),  # type: ignore[arg-type]
                ))
    ties = project.ties
    if ties is not None:
        for tie in ties.ties:
            reports.append(TieReport(tie.members[0], tie.members[1], "recorded",
                                     intensity=tie.intensity))
        if ties.meetings is not None:
            reports.extend(_meeting_ties(project, ties.meetings))
    names = project.config.privacy.show_member_names
    codes = member_codes(project.members, project.network.regions,
                         f"{project.engagement.client}/{project.engagement.start}")
    region_names = {r.id: r.name for r in project.network.regions}
    nodes = tuple(
        Node(member.id, member.name if names else codes[member.id], member.region,
             region_names.get(member.region, member.region), member.size, member.type,
             member.country, member.id in responded)
        for member in project.members
    )
    return NetworkInput(round_id if asked else None, nodes, tuple(reports), asked)


def _meeting_ties(project: Project, rule: m.MeetingTies) -> list[TieReport]:
    """Members present together at `rule.min_shared` meetings or more (of `rule.kinds`).
    Sitting in the same meetings shows the two know each other: intensity 1, awareness."""
    shared: Counter[tuple[str, str]] = Counter()
    for meeting in project.meetings:
        if rule.kinds and meeting.kind not in rule.kinds:
            continue
        present = sorted(set(meeting.front.participants))
        shared.update(combinations(present, 2))
    return [TieReport(a, b, "meetings", intensity=1) for (a, b), n in sorted(shared.items())
            if n >= rule.min_shared]

"""Network metrics of one survey round: who works with whom, how central, how trusted.

`analyse_network` turns the ties of a round (a `NetworkInput`, see analysis.ties) into a
`NetworkResult`: the whole network's figures, one row per member and per region, a
sensitivity table across the tie rules, an inclusion view by member size, and the tie list
itself. `compare_rounds` sets two results side by side. `build_graph` gives the networkx graph
behind it all (for maps and exports); `degree_centralization` is the one measure networkx
lacks. Privacy is applied here (with analysis.privacy), so no caller has to remember it.

The package: results (the dataclasses), graph (ties and their strength), metrics
(centralisation, regions, sensitivity), trust (trust and value, protected), inclusion (member
sizes), analyse (`analyse_network`), compare (`compare_rounds`).

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
otherwise both the figure and the number of respondents are hidden ("n<k"). The members'
figures, the member sizes' and the network's all add up the same ratings, so they are
protected together, in one pass (analysis.privacy): a hidden figure must not follow from any
combination of the figures shown, such as a size's average less the other members of that
size shown, or the network's figure less the other sizes. Where one would, more figures are
hidden ("hidden"): those that a shift of one rating between a hidden member and another
would change, choosing the shift that hides the fewest respondents. A mean shown counts as
showing its number of ratings too. When the network's figure is hidden, so are its three
questions' means. Ties are between organisations, not people, and are not hidden.

Comparing rounds. Two rounds are compared under the same tie rule only. New ties are in the
later round and not the earlier, lost ties the reverse; without direction a pair is the same
tie whichever side named it, under the observed rule A -> B and B -> A are compared apart.
A member that joined or left between rounds brings new or lost ties with it. Each change is
later minus earlier, given only when both rounds have the figure.
"""

from __future__ import annotations

from netconsult.analysis.network.analyse import analyse_network
from netconsult.analysis.network.compare import compare_rounds
from netconsult.analysis.network.graph import build_graph
from netconsult.analysis.network.metrics import degree_centralization
from netconsult.analysis.network.results import (
    DEFAULT_STRENGTH,
    RULES,
    SCALE_MAX,
    DegreeMode,
    Inclusion,
    InclusionRow,
    MemberMetrics,
    MetricChange,
    NetworkResult,
    NetworkScore,
    Pair,
    PartnerScore,
    RegionMetrics,
    RoundChange,
    Rule,
    SensitivityRow,
    SensitivityRule,
    SubRating,
)

__all__ = [
    "DEFAULT_STRENGTH", "RULES", "SCALE_MAX", "DegreeMode", "Inclusion", "InclusionRow",
    "MemberMetrics", "MetricChange", "NetworkResult", "NetworkScore", "Pair", "PartnerScore",
    "RegionMetrics", "RoundChange", "Rule", "SensitivityRow", "SensitivityRule", "SubRating",
    "analyse_network", "build_graph", "compare_rounds", "degree_centralization",
]

"""Member survey results: response rates, dimension scores, breakdowns, change between rounds.

Everything a report or the terminal shows about the survey comes from `analyse_survey`,
already checked for privacy, so no caller has to remember the rules.

The package: results (the dataclasses and constants), scores (respondents' scores, Cronbach's
alpha), breakdowns (results by group and their one privacy pass), analyse (`analyse_survey`
and the rounds it reads).

Method
------
Response rate. A member organisation has responded when at least one response names it
(the `member` column). The rate is responding organisations over all organisations in
members.yaml, overall and per region, member type and member size. Organisations are public
facts, so these rates are never suppressed; the number of people behind each group is, as
below.

Likert items. Answers run from 1 (strongly disagree) to 5 (strongly agree). A reverse item
(`reverse: true`, agreement means a worse state) is scored 6 - x, so for every item and
dimension a higher score is better, and "agree" means the favourable side (4 or 5 after
reversing). "Don't know" and "not applicable" answers are left out of every mean and share
and counted separately. Beside a statement's own wording, though, answers must be the ones
given to it: `ItemScore.answered` and `Disagreement.as_answered` turn a reverse item back
(1 strongly disagree .. 5 strongly agree as worded), and `favourable` says which side is good.

Dimension scores. A respondent's score on a dimension is the mean of their substantive
answers to its items, given they answered at least half of them (else they have no score on
it). The dimension mean is the mean of these respondent scores. The share agreeing and the
distribution (share answering 1..5) pool every substantive answer to the dimension's items.

Internal consistency. Cronbach's alpha per dimension, on complete cases (respondents who
answered every item of the dimension substantively):
alpha = k/(k-1) * (1 - sum of item variances / variance of total scores), with sample
variances (n - 1). It is not given for a dimension of one item, for fewer than 3 complete
cases, or when the total scores do not vary.

Breakdowns. Results are broken down by the region, type and size of the respondent's member
organisation (members.yaml) and by each respondent attribute question (`attribute: true`).
Respondents without a value (no member named, a member without a size, an attribute question
left blank) form a "Not stated" group, protected like any other. A breakdown with fewer than
two stated groups that hold respondents is left out: it would only repeat the total. Figures
for the whole round (respondents, answers to an item, "don't know" and "not applicable"
counts, Cronbach's alpha) describe no group and are not suppressed.

Privacy. Respondents are never named and no figure is tied to a respondent id.
- Any figure computed from fewer than `privacy.min_group_size` respondents is suppressed:
  its value and its count are both hidden. Every number carries the count of respondents
  behind it (`Cell.n`), so the rule is applied to that count.
- Secondary suppression, over every table at once (analysis.privacy). The total of a
  round is always known and means are shown with their counts, so a hidden group could be
  worked out by subtraction: from its own row (the total less the groups shown), or across
  breakdowns whose groups overlap (the small members less those of one region, say). So the
  figures are treated as sums over the finest groups of respondents (cross-classified by
  region, type, size and every attribute), and more groups are hidden ("hidden", not "n<k")
  until no hidden figure, and no pool of a row's hidden groups smaller than
  `min_group_size`, follows from any combination of the figures shown. Each time, the
  groups hidden are those a shift of one respondent out of the hidden group would change,
  choosing the shift that hides the fewest respondents. This is decided first for the
  respondent counts (the response-rate table and every breakdown), and a group hidden there
  is hidden in every table of the round; then for each dimension's means and each item's
  means (the disagreement table) in the same way, since fewer may have answered them.
  Groups with no respondents show no figure and hide nothing. Whole-round figures are
  always given, so a group that holds every respondent of a round smaller than
  `min_group_size` has a known count (its mean stays hidden).
- Choice questions report the share choosing each answer among all who answered, shown
  only when at least `min_group_size` respondents answered.
- Free text appears only for questions marked `quotable: true`, stripped, without repeats,
  in alphabetical order, with no member, region or respondent attached.

Disagreement. For each item and each breakdown, the item's mean per group (protected as
above, all breakdowns of the item at once; the "Not stated" group is not compared); the
spread is the highest minus the lowest shown group mean (`groups` keeps every compared
group's mean). Each item is listed once, under the breakdown where it spreads most; the five
items with the widest spread are listed, widest first.

Change between rounds. Each dimension's mean in this round and in the previous round that
has responses, each protected on its own; the change is given only when both are shown.
"""

from __future__ import annotations

from netconsult.analysis.survey.analyse import (
    analyse_survey,
    responding_members,
    round_name,
    rounds_with_responses,
)
from netconsult.analysis.survey.results import (
    AGREE,
    EMPTY,
    HIDDEN,
    MEMBER_SIZES,
    MEMBER_TYPES,
    NOT_STATED,
    PROTECTED,
    TOP_DISAGREEMENTS,
    Breakdown,
    Cell,
    ChoiceResult,
    DimensionChange,
    DimensionScore,
    Disagreement,
    ItemScore,
    RateRow,
    SurveyResults,
)
from netconsult.analysis.survey.scores import cronbach_alpha

__all__ = [
    "AGREE", "EMPTY", "HIDDEN", "MEMBER_SIZES", "MEMBER_TYPES", "NOT_STATED", "PROTECTED",
    "TOP_DISAGREEMENTS", "Breakdown", "Cell", "ChoiceResult", "DimensionChange",
    "DimensionScore", "Disagreement", "ItemScore", "RateRow", "SurveyResults",
    "analyse_survey", "cronbach_alpha", "responding_members", "round_name",
    "rounds_with_responses",
]

"""Member survey results: response rates, dimension scores, breakdowns, change between rounds.

Everything a report or the terminal shows about the survey comes from `analyse_survey`,
already checked for privacy, so no caller has to remember the rules.

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

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from netconsult.analysis.privacy import PROTECT, SMALL, Figure, Reason, suppress
from netconsult.project import models as m
from netconsult.project.frameworks import survey_dimensions
from netconsult.project.load import Project
from netconsult.project.responses import LIKERT_POINTS, Answer, Response

#: The group of respondents with no value for a breakdown variable.
NOT_STATED = ""
#: How many items `disagreements` lists.
TOP_DISAGREEMENTS = 5
AGREE = (4, 5)
#: Member types and sizes in display order (render/labels.py names them).
MEMBER_TYPES = ("coordinator", "member", "associate", "observer")
MEMBER_SIZES = ("small", "medium", "large")


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One reported number with the count of respondents behind it, privacy already applied.

    `suppressed` ⇒ `value` and `n` are None, and `reason` says why: "small" when fewer
    than `min_group_size` respondents are behind it, "protect" when it is hidden so that
    another hidden figure cannot be worked out (analysis.privacy). Not suppressed with
    `n == 0` means there was nothing to compute (no respondent in the group): `value` is
    None.
    """

    value: float | None
    n: int | None
    suppressed: bool = False
    reason: Reason | None = None


HIDDEN = Cell(None, None, True, SMALL)
PROTECTED = Cell(None, None, True, PROTECT)
EMPTY = Cell(None, 0, False)


@dataclass(frozen=True)
class RateRow:
    """Response rate of one group of member organisations."""

    by: str  # "region" | "type" | "size"
    group: str  # region id, type or size; NOT_STATED for members without one
    group_name: str  # the region's name; for a type, a size or NOT_STATED the id
    members: int  # organisations in the group
    responded: int  # of which at least one person responded
    rate: float | None  # responded / members; None when the group has no members
    respondents: Cell  # people who responded for the group's organisations (suppressible)


@dataclass(frozen=True)
class DimensionScore:
    id: str
    name: str
    items: int  # likert items scoring it
    n: int  # respondents with a score on it
    mean: Cell  # 1-5, mean of respondent scores
    share_agree: Cell  # share of substantive item answers that are 4 or 5
    distribution: list[Cell]  # share of substantive item answers at 1, 2, 3, 4, 5
    dont_know: int  # item answers "don't know"
    not_applicable: int  # item answers "not applicable"
    alpha: float | None  # Cronbach's alpha on complete cases
    alpha_n: int  # complete cases


@dataclass(frozen=True)
class ItemScore:
    """One likert item, scored after reversing (higher is better, agree is favourable)."""

    id: str
    label: str
    dimension: str
    reverse: bool
    n: int  # substantive answers
    mean: Cell
    share_agree: Cell
    distribution: list[Cell]
    dont_know: int
    not_applicable: int

    @property
    def answered(self) -> list[Cell]:
        """The distribution as people answered the statement as worded (1 strongly
        disagree .. 5 strongly agree): `distribution` turned back for a reversed item."""
        return list(reversed(self.distribution)) if self.reverse else list(self.distribution)

    @property
    def mean_answered(self) -> Cell:
        """The mean on the scale as worded: 6 - mean for a reversed item."""
        if not self.reverse or self.mean.value is None:
            return self.mean
        return replace(self.mean, value=6 - self.mean.value)

    @property
    def favourable(self) -> str:
        """The favourable answer to the statement as worded: "agree", or "disagree" for a
        reversed item."""
        return "disagree" if self.reverse else "agree"


@dataclass(frozen=True)
class Breakdown:
    """Dimension means per group of one variable; cells aligned with `groups`."""

    by: str  # "region" | "type" | "size" | an attribute question id
    by_name: str  # the question's label for an attribute, else `by` (render/labels.py)
    groups: list[tuple[str, str]]  # (group id, name); NOT_STATED last when present. The
    # name is the region's or the choice's; types, sizes and NOT_STATED are named by the id
    rows: list[tuple[str, str, list[Cell]]]  # (dimension id, dimension name, cells)
    total: list[Cell]  # the overall mean per dimension, in row order
    note: str | None = None  # always None: the render layer words why cells are hidden


@dataclass(frozen=True)
class Disagreement:
    item: str
    label: str
    dimension: str
    by: str
    by_name: str
    spread: float  # highest minus lowest shown group mean
    high: tuple[str, float]  # (group name, mean)
    low: tuple[str, float]
    reverse: bool = False  # the item is reverse-scored: means above are 6 - the answer
    groups: tuple[tuple[str, float], ...] = ()  # every compared group's mean, scored

    @property
    def as_answered(self) -> tuple[tuple[str, float], ...]:
        """Each compared group's mean on the scale as worded (1 strongly disagree ..
        5 strongly agree): 6 - the scored mean for a reversed item."""
        return tuple((name, 6 - mean if self.reverse else mean) for name, mean in self.groups)

    @property
    def favourable(self) -> str:
        """The favourable answer to the statement as worded: "agree" or "disagree"."""
        return "disagree" if self.reverse else "agree"


@dataclass(frozen=True)
class ChoiceResult:
    """A single or multiple choice question (not an attribute): the share choosing each."""

    id: str
    label: str
    type: str  # "single" | "multiple"
    n: int  # respondents who answered
    rows: list[tuple[str, str, Cell]]  # (choice name, label, share of those who answered)


@dataclass(frozen=True)
class DimensionChange:
    id: str
    name: str
    before: Cell
    after: Cell
    delta: float | None  # after - before, when both are shown
    n_before: int | None
    n_after: int | None


@dataclass(frozen=True)
class SurveyResults:
    round_id: str
    round_name: str
    respondents: int
    members_total: int
    members_responded: int
    response_rate: float  # 0-1
    target: float  # 0-1
    rates: list[RateRow]
    dimensions: list[DimensionScore]
    items: list[ItemScore]
    breakdowns: list[Breakdown]
    disagreements: list[Disagreement]
    choices: list[ChoiceResult]
    quotes: list[str]
    change: list[DimensionChange]
    min_group_size: int
    previous_round_id: str | None = None  # the round `change` compares with
    previous_round_name: str | None = None
    language: str = "en"  # the language labels are in (the engagement's default)


# -- entry points -------------------------------------------------------------------------


def rounds_with_responses(project: Project) -> list[str]:
    """Round ids that have at least one response, in round order."""
    return [rid for rid, rs in project.responses.items() if len(rs)]


def round_name(project: Project, round_id: str) -> str:
    survey = project.survey
    declared = next((r for r in survey.rounds if r.id == round_id), None) if survey else None
    return (declared.name if declared and declared.name else None) or round_id


def responding_members(project: Project, round_id: str) -> set[str]:
    """Ids of the member organisations at least one response of `round_id` names."""
    rs = project.responses.get(round_id)
    return rs.members_named() if rs else set()


def analyse_survey(project: Project, round_id: str | None = None, *,
                   show_hidden: bool = False) -> SurveyResults | None:
    """The results of one round (default: the latest with responses), privacy applied.

    None when the project has no survey, or the round has no responses. `show_hidden`
    turns privacy off (every figure shown, `min_group_size` 1): for the consultant's own
    eyes, never for a report.
    """
    survey = project.survey
    answered = rounds_with_responses(project)
    if survey is None or not answered:
        return None
    if round_id is None:
        round_id = answered[-1]
    elif round_id not in answered:
        return None
    return _Analysis(project, survey, show_hidden).results(round_id, answered)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of complete cases `rows` (one row per respondent, one value per item).

    None for fewer than 2 items, fewer than 3 rows, or total scores that do not vary.
    """
    if len(rows) < 3 or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    item_variances = sum(statistics.variance(column) for column in zip(*rows, strict=True))
    total_variance = statistics.variance([sum(row) for row in rows])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variances / total_variance)


# -- the computation ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Respondent:
    likert: dict[str, int]  # item id → 1-5 after reversing (substantive answers only)
    groups: dict[str, str]  # breakdown variable → group id (NOT_STATED when none)
    answers: dict[str, Answer]


@dataclass(frozen=True)
class _Variable:
    by: str
    name: str
    groups: list[tuple[str, str]]  # stated groups, in display order


def _member_group(member: m.Member | None, by: str) -> str:
    """The group a member organisation is in for `by` (region, type or size)."""
    if member is None:
        return NOT_STATED
    return {"region": member.region, "type": member.type,
            "size": member.size or NOT_STATED}[by]


def _text(value: str | dict[str, str], language: str) -> str:
    if isinstance(value, str):
        return value
    return value.get(language) or next(iter(value.values()))


def _mean_cell(values: Sequence[float], min_size: int) -> Cell:
    if not values:
        return EMPTY
    if len(values) < min_size:
        return HIDDEN
    return Cell(statistics.fmean(values), len(values))


def _share_cell(hits: int, total: int, respondents: int, min_size: int) -> Cell:
    if respondents == 0 or total == 0:
        return EMPTY
    if respondents < min_size:
        return HIDDEN
    return Cell(hits / total, respondents)


class _Analysis:
    def __init__(self, project: Project, survey: m.SurveyFile, show_hidden: bool) -> None:
        self.project = project
        self.survey = survey
        self.k = 1 if show_hidden else project.config.privacy.min_group_size
        #: (variable, group) hidden in the respondent counts: hidden in every table.
        self.hidden_groups: set[tuple[str, str]] = set()
        self.language = project.engagement.languages[0]
        self.codes = (survey.codes.dont_know, survey.codes.not_applicable)
        self.members = {member.id: member for member in project.members}
        self.likert = [q for q in survey.questions if q.type == "likert"]
        scored = {q.dimension for q in self.likert}
        self.dims = [(d, [q for q in self.likert if q.dimension == d.id])
                     for d in survey_dimensions(survey) if d.id in scored]
        self.variables = self._variables()

    # -- setup --------------------------------------------------------------------------

    def _variables(self) -> list[_Variable]:
        members = self.project.members
        types = {member.type for member in members}
        sizes = {member.size for member in members}
        variables = [
            _Variable("region", "region",
                      [(r.id, r.name) for r in self.project.network.regions]),
            _Variable("type", "type", [(t, t) for t in MEMBER_TYPES if t in types]),
            _Variable("size", "size", [(s, s) for s in MEMBER_SIZES if s in sizes]),
        ]
        for q in self.survey.questions:
            if q.attribute and q.type == "single":
                variables.append(_Variable(q.id, _text(q.label, self.language),
                                           [(c.name, _text(c.label, self.language))
                                            for c in q.choices]))
        return variables

    def _respondent(self, response: Response) -> _Respondent:
        likert: dict[str, int] = {}
        for q in self.likert:
            answer = response.answers.get(q.id)
            if isinstance(answer, str) and answer in LIKERT_POINTS:
                likert[q.id] = 6 - int(answer) if q.reverse else int(answer)
        member = self.members.get(response.member or "")
        groups = {by: _member_group(member, by) for by in ("region", "type", "size")}
        for variable in self.variables[3:]:
            answer = response.answers.get(variable.by)
            groups[variable.by] = answer if isinstance(answer, str) else NOT_STATED
        return _Respondent(likert, groups, dict(response.answers))

    def _respondents(self, round_id: str) -> list[_Respondent]:
        return [self._respondent(r) for r in self.project.responses[round_id].responses]

    # -- the whole round ----------------------------------------------------------------

    def results(self, round_id: str, answered: list[str]) -> SurveyResults:
        rs = self.project.responses[round_id]
        people = self._respondents(round_id)
        responded = responding_members(self.project, round_id)
        total = len(self.project.members)
        index = answered.index(round_id)
        previous = answered[index - 1] if index > 0 else None
        self.hidden_groups = self._hidden_groups(people)
        return SurveyResults(
            round_id=round_id,
            round_name=round_name(self.project, round_id),
            respondents=len(rs),
            members_total=total,
            members_responded=len(responded),
            response_rate=len(responded) / total if total else 0.0,
            target=self.survey.response_target,
            rates=self._rates(rs.responses, responded),
            dimensions=[self._dimension(d, items, people, rs.responses)
                        for d, items in self.dims],
            items=[self._item(q, people, rs.responses) for q in self.likert],
            breakdowns=self._breakdowns(people),
            disagreements=self._disagreements(people),
            choices=self._choices(people),
            quotes=self._quotes(rs.responses),
            change=self._change(previous, people) if previous else [],
            min_group_size=self.k,
            previous_round_id=previous,
            previous_round_name=round_name(self.project, previous) if previous else None,
            language=self.language,
        )

    # -- response rates -----------------------------------------------------------------

    def _rates(self, responses: Sequence[Response], responded: set[str]) -> list[RateRow]:
        rows: list[RateRow] = []
        for variable in self.variables[:3]:
            by = variable.by
            groups = list(variable.groups)
            people = [_member_group(self.members.get(r.member or ""), by) for r in responses]
            in_group = [_member_group(member, by) for member in self.project.members]
            if NOT_STATED in people or NOT_STATED in in_group:
                groups.append((NOT_STATED, NOT_STATED))
            if not any(g != NOT_STATED for g in in_group):
                continue  # e.g. no member has a size: nothing to compare
            counts = [people.count(g) for g, _ in groups]
            for i, (group, name) in enumerate(groups):
                members = [mm.id for mm, g in zip(self.project.members, in_group, strict=True)
                           if g == group]
                count = counts[i]
                hidden = (by, group) in self.hidden_groups
                cell = (Cell(None, None, True, SMALL if count < self.k else PROTECT) if hidden
                        else Cell(float(count), count))
                rows.append(RateRow(
                    by=variable.by, group=group, group_name=name, members=len(members),
                    responded=sum(1 for mid in members if mid in responded),
                    rate=(sum(1 for mid in members if mid in responded) / len(members)
                          if members else None),
                    respondents=cell,
                ))
        return rows

    # -- scores -------------------------------------------------------------------------

    def _scores(self, items: Sequence[m.Question], people: Iterable[_Respondent],
                ) -> list[float | None]:
        """Each respondent's dimension score: the mean of at least half the items."""
        scores: list[float | None] = []
        for person in people:
            values = [person.likert[q.id] for q in items if q.id in person.likert]
            scores.append(statistics.fmean(values)
                          if values and 2 * len(values) >= len(items) else None)
        return scores

    def _pooled(self, items: Sequence[m.Question], people: Sequence[_Respondent],
                ) -> tuple[Cell, list[Cell]]:
        """(share agreeing, distribution 1..5) over every substantive answer to `items`."""
        answers = [p.likert[q.id] for p in people for q in items if q.id in p.likert]
        behind = sum(1 for p in people if any(q.id in p.likert for q in items))
        agree = _share_cell(sum(1 for a in answers if a in AGREE), len(answers), behind, self.k)
        distribution = [_share_cell(answers.count(point), len(answers), behind, self.k)
                        for point in range(1, 6)]
        return agree, distribution

    def _codes(self, items: Sequence[m.Question], responses: Sequence[Response]) -> list[int]:
        return [sum(1 for r in responses for q in items if r.answers.get(q.id) == code)
                for code in self.codes]

    def _dimension(self, dim: m.Dimension, items: list[m.Question],
                   people: list[_Respondent], responses: Sequence[Response]) -> DimensionScore:
        scores = [s for s in self._scores(items, people) if s is not None]
        agree, distribution = self._pooled(items, people)
        complete = [[p.likert[q.id] for q in items] for p in people
                    if all(q.id in p.likert for q in items)]
        dont_know, not_applicable = self._codes(items, responses)
        return DimensionScore(
            id=dim.id, name=dim.name, items=len(items), n=len(scores),
            mean=_mean_cell(scores, self.k), share_agree=agree, distribution=distribution,
            dont_know=dont_know, not_applicable=not_applicable,
            alpha=cronbach_alpha(complete), alpha_n=len(complete),
        )

    def _item(self, q: m.Question, people: list[_Respondent],
              responses: Sequence[Response]) -> ItemScore:
        values = [p.likert[q.id] for p in people if q.id in p.likert]
        agree, distribution = self._pooled([q], people)
        dont_know, not_applicable = self._codes([q], responses)
        return ItemScore(
            id=q.id, label=_text(q.label, self.language), dimension=q.dimension or "",
            reverse=q.reverse, n=len(values), mean=_mean_cell(values, self.k),
            share_agree=agree, distribution=distribution,
            dont_know=dont_know, not_applicable=not_applicable,
        )

    # -- breakdowns ---------------------------------------------------------------------

    def _groups(self, variable: _Variable, people: list[_Respondent]) -> list[tuple[str, str]]:
        groups = list(variable.groups)
        if any(p.groups[variable.by] == NOT_STATED for p in people):
            groups.append((NOT_STATED, NOT_STATED))
        return groups

    # -- privacy: one decision over every table (analysis.privacy) ----------------------

    def _cell_of(self, person: _Respondent) -> tuple[str, ...]:
        """The finest cell: the person's group in every breakdown variable."""
        return tuple(person.groups[v.by] for v in self.variables)

    def _published(self, people: list[_Respondent]) -> list[_Variable]:
        """Variables some table breaks results down by: region, type and size (the response
        rates), and any with two stated groups among respondents (breakdowns, disagreement)."""
        stated = [v for v in self.variables
                  if len({p.groups[v.by] for p in people} - {NOT_STATED}) >= 2]
        rates = [v for v in self.variables[:3]
                 if any(_member_group(member, v.by) != NOT_STATED
                        for member in self.project.members)]
        return [v for v in self.variables if v in rates or v in stated]

    def _hidden_groups(self, people: list[_Respondent]) -> set[tuple[str, str]]:
        """The groups whose respondent count is hidden: small, or protecting a small one
        across every breakdown at once. They are hidden in every table of the round."""
        reasons = self._suppress(people, [1.0] * len(people), self._published(people), ())
        return set(reasons)

    def _suppress(self, people: list[_Respondent], values: Sequence[float | None],
                  variables: Sequence[_Variable], hide: Iterable[tuple[str, str]],
                  ) -> dict[tuple[str, str], Reason]:
        """Which (variable, group) means of `values` (one per person; None: no value) to
        hide, over all `variables` at once; the whole round's count is always given."""
        figures: list[Figure] = []
        valued = [(p, self._cell_of(p)) for p, x in zip(people, values, strict=True)
                  if x is not None]
        for v in variables:
            for group, _name in self._groups(v, people):
                inside = [cell for p, cell in valued if p.groups[v.by] == group]
                figures.append(Figure((v.by, group), frozenset(inside), len(inside),
                                      table=v.by))
        figures.append(Figure(("", ""), frozenset(c for _, c in valued), len(valued),
                              fixed=True))
        return suppress(figures, self.k, set(hide))

    def _cells(self, people: list[_Respondent], values: Sequence[float | None],
               variables: Sequence[_Variable]) -> dict[str, list[Cell]]:
        """Per variable, one cell per group (in `_groups` order): the mean of `values`,
        protected over all `variables` at once, and hiding every hidden group."""
        reasons = self._suppress(people, values, variables, self.hidden_groups)
        out: dict[str, list[Cell]] = {}
        for v in variables:
            row: list[Cell] = []
            for group, _name in self._groups(v, people):
                own = [x for p, x in zip(people, values, strict=True)
                       if x is not None and p.groups[v.by] == group]
                reason = reasons.get((v.by, group))
                row.append(Cell(None, None, True, reason) if reason
                           else Cell(statistics.fmean(own), len(own)) if own else EMPTY)
            out[v.by] = row
        return out

    def _breakdowns(self, people: list[_Respondent]) -> list[Breakdown]:
        if not self.dims:
            return []
        variables = [v for v in self.variables
                     if len({p.groups[v.by] for p in people} - {NOT_STATED}) >= 2]
        rows: dict[str, list[tuple[str, str, list[Cell]]]] = {v.by: [] for v in variables}
        total: list[Cell] = []
        for dim, items in self.dims:
            scores = self._scores(items, people)
            cells = self._cells(people, scores, variables)
            for v in variables:
                rows[v.by].append((dim.id, dim.name, cells[v.by]))
            total.append(_mean_cell([s for s in scores if s is not None], self.k))
        return [Breakdown(v.by, v.name, self._groups(v, people), rows[v.by], list(total),
                          None) for v in variables]

    def _disagreements(self, people: list[_Respondent]) -> list[Disagreement]:
        best: dict[str, Disagreement] = {}
        variables = [v for v in self.variables
                     if len({p.groups[v.by] for p in people} - {NOT_STATED}) >= 2]
        for q in self.likert:
            answers = [float(p.likert[q.id]) if q.id in p.likert else None for p in people]
            protected = self._cells(people, answers, variables)
            for variable in variables:
                groups = self._groups(variable, people)
                cells = protected[variable.by]
                shown = [(name, cell.value) for (g, name), cell in zip(groups, cells, strict=True)
                         if g != NOT_STATED and cell.value is not None]
                if len(shown) < 2:
                    continue
                high = max(shown, key=lambda s: s[1])
                low = min(shown, key=lambda s: s[1])
                spread = high[1] - low[1]
                if spread <= 0 or (q.id in best and best[q.id].spread >= spread):
                    continue
                best[q.id] = Disagreement(q.id, _text(q.label, self.language),
                                          q.dimension or "", variable.by, variable.name,
                                          spread, high, low, q.reverse, tuple(shown))
        order = {q.id: i for i, q in enumerate(self.likert)}
        ranked = sorted(best.values(), key=lambda d: (-d.spread, order[d.item]))
        return ranked[:TOP_DISAGREEMENTS]

    # -- other questions ----------------------------------------------------------------

    def _choices(self, people: list[_Respondent]) -> list[ChoiceResult]:
        out: list[ChoiceResult] = []
        for q in self.survey.questions:
            if q.type not in ("single", "multiple") or q.attribute:
                continue
            answers = [p.answers[q.id] for p in people if q.id in p.answers]
            chosen = [{a} if isinstance(a, str) else set(a) for a in answers
                      if not isinstance(a, float)]
            rows = [(c.name, _text(c.label, self.language),
                     _share_cell(sum(1 for s in chosen if c.name in s), len(chosen),
                                 len(chosen), self.k))
                    for c in q.choices]
            out.append(ChoiceResult(q.id, _text(q.label, self.language), q.type,
                                    len(chosen), rows))
        return out

    def _quotes(self, responses: Sequence[Response]) -> list[str]:
        quotes: list[str] = []
        for q in self.survey.questions:
            if q.type != "text" or not q.quotable:
                continue
            seen: dict[str, str] = {}
            for r in responses:
                answer = r.answers.get(q.id)
                if isinstance(answer, str) and answer.strip():
                    text = answer.strip()
                    seen.setdefault(" ".join(text.split()).casefold(), text)
            quotes.extend(seen[key] for key in sorted(seen))
        return quotes

    def _change(self, previous: str, people: list[_Respondent]) -> list[DimensionChange]:
        before_people = self._respondents(previous)
        out: list[DimensionChange] = []
        for dim, items in self.dims:
            before = _mean_cell([s for s in self._scores(items, before_people)
                                 if s is not None], self.k)
            after = _mean_cell([s for s in self._scores(items, people) if s is not None],
                               self.k)
            delta = (after.value - before.value
                     if after.value is not None and before.value is not None else None)
            out.append(DimensionChange(dim.id, dim.name, before, after, delta,
                                       before.n, after.n))
        return out

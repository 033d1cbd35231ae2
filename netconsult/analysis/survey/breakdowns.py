"""Results by group (response rates, breakdowns, disagreements) and their one privacy pass."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netconsult.analysis.privacy import PROTECT, SMALL, Figure, Reason, suppress
from netconsult.analysis.survey.results import (
    EMPTY,
    NOT_STATED,
    TOP_DISAGREEMENTS,
    Breakdown,
    Cell,
    Disagreement,
    RateRow,
)
from netconsult.analysis.survey.scores import _mean_cell, _Respondent, _scores, _text
from netconsult.project import models as m


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


class _Groups:
    """The respondents of one round by group, protected over every table at once.

    The groups hidden in the respondent counts (small, or protecting a small one across
    every breakdown) are decided when it is made, and hidden in every table of the round.
    """

    def __init__(self, people: list[_Respondent], variables: list[_Variable],
                 members: Sequence[m.Member], k: int) -> None:
        self.people = people
        self.variables = variables  # region, type, size, then attribute questions
        self.members = members  # every member organisation of the network
        self.k = k
        #: (variable, group) hidden in the respondent counts: hidden in every table.
        self.hidden_groups = set(self._suppress([1.0] * len(people), self._published(), ()))

    def groups(self, variable: _Variable) -> list[tuple[str, str]]:
        """The variable's groups, with NOT_STATED last when a respondent has no value."""
        groups = list(variable.groups)
        if any(p.groups[variable.by] == NOT_STATED for p in self.people):
            groups.append((NOT_STATED, NOT_STATED))
        return groups

    def _stated(self) -> list[_Variable]:
        """Variables with two stated groups among respondents: those results break down by."""
        return [v for v in self.variables
                if len({p.groups[v.by] for p in self.people} - {NOT_STATED}) >= 2]

    # -- privacy: one decision over every table (analysis.privacy) ----------------------

    def _cell_of(self, person: _Respondent) -> tuple[str, ...]:
        """The finest cell: the person's group in every breakdown variable."""
        return tuple(person.groups[v.by] for v in self.variables)

    def _published(self) -> list[_Variable]:
        """Variables some table breaks results down by: region, type and size (the response
        rates), and any with two stated groups among respondents (breakdowns, disagreement)."""
        stated = self._stated()
        rates = [v for v in self.variables[:3]
                 if any(_member_group(member, v.by) != NOT_STATED for member in self.members)]
        return [v for v in self.variables if v in rates or v in stated]

    def _suppress(self, values: Sequence[float | None], variables: Sequence[_Variable],
                  hide: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Reason]:
        """Which (variable, group) means of `values` (one per person; None: no value) to
        hide, over all `variables` at once; the whole round's count is always given."""
        figures: list[Figure] = []
        valued = [(p, self._cell_of(p)) for p, x in zip(self.people, values, strict=True)
                  if x is not None]
        for v in variables:
            for group, _name in self.groups(v):
                inside = [cell for p, cell in valued if p.groups[v.by] == group]
                figures.append(Figure((v.by, group), frozenset(inside), len(inside),
                                      table=v.by))
        figures.append(Figure(("", ""), frozenset(c for _, c in valued), len(valued),
                              fixed=True))
        return suppress(figures, self.k, set(hide))

    def _cells(self, values: Sequence[float | None], variables: Sequence[_Variable],
               ) -> dict[str, list[Cell]]:
        """Per variable, one cell per group (in `groups` order): the mean of `values`,
        protected over all `variables` at once, and hiding every hidden group."""
        reasons = self._suppress(values, variables, self.hidden_groups)
        out: dict[str, list[Cell]] = {}
        for v in variables:
            row: list[Cell] = []
            for group, _name in self.groups(v):
                own = [x for p, x in zip(self.people, values, strict=True)
                       if x is not None and p.groups[v.by] == group]
                reason = reasons.get((v.by, group))
                row.append(Cell(None, None, True, reason) if reason
                           else Cell(statistics.fmean(own), len(own)) if own else EMPTY)
            out[v.by] = row
        return out

    # -- the tables ---------------------------------------------------------------------

    def rates(self, responded: set[str]) -> list[RateRow]:
        """Response rates by member region, type and size; `responded`: the member ids at
        least one response names."""
        rows: list[RateRow] = []
        for variable in self.variables[:3]:
            by = variable.by
            groups = list(variable.groups)
            people = [p.groups[by] for p in self.people]
            in_group = [_member_group(member, by) for member in self.members]
            if NOT_STATED in people or NOT_STATED in in_group:
                groups.append((NOT_STATED, NOT_STATED))
            if not any(g != NOT_STATED for g in in_group):
                continue  # e.g. no member has a size: nothing to compare
            counts = [people.count(g) for g, _ in groups]
            for i, (group, name) in enumerate(groups):
                members = [mm.id for mm, g in zip(self.members, in_group, strict=True)
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

    def breakdowns(self, dims: Sequence[tuple[m.Dimension, list[m.Question]]],
                   ) -> list[Breakdown]:
        """Each dimension's mean per group, one table per variable with two stated groups."""
        if not dims:
            return []
        variables = self._stated()
        rows: dict[str, list[tuple[str, str, list[Cell]]]] = {v.by: [] for v in variables}
        total: list[Cell] = []
        for dim, items in dims:
            scores = _scores(items, self.people)
            cells = self._cells(scores, variables)
            for v in variables:
                rows[v.by].append((dim.id, dim.name, cells[v.by]))
            total.append(_mean_cell([s for s in scores if s is not None], self.k))
        return [Breakdown(v.by, v.name, self.groups(v), rows[v.by], list(total), None)
                for v in variables]

    def disagreements(self, likert: Sequence[m.Question], language: str,
                      ) -> list[Disagreement]:
        """The items whose group means spread most, each under its widest breakdown."""
        best: dict[str, Disagreement] = {}
        variables = self._stated()
        for q in likert:
            answers = [float(p.likert[q.id]) if q.id in p.likert else None
                       for p in self.people]
            protected = self._cells(answers, variables)
            for variable in variables:
                groups = self.groups(variable)
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
                best[q.id] = Disagreement(q.id, _text(q.label, language), q.dimension or "",
                                          variable.by, variable.name, spread, high, low,
                                          q.reverse, tuple(shown))
        order = {q.id: i for i, q in enumerate(likert)}
        ranked = sorted(best.values(), key=lambda d: (-d.spread, order[d.item]))
        return ranked[:TOP_DISAGREEMENTS]

"""Disclosure control: which published figures to hide, decided once for every table.

Every output (the reports, `survey summary --format json`, `network show --format json`)
gets its figures from the survey and network analyses, which call `suppress` here with all
the figures they publish at once; `audit` proves the result.

The model. A published figure is a count, or a mean shown with its count, over a group of
people (respondents of a region, ratings a member received...). Split the people into the
finest cells every published group is made of (respondents cross-classified by every
breakdown variable; the ratings each member received). Each cell has an unknown count and an
unknown sum; a group's count is the sum of its cells' counts, its sum (mean x count) the sum
of its cells' sums. So each published figure is a linear equation in the unknowns, and a
published mean counts as publishing its count too (a reader may know or guess it). A hidden
figure is worked out exactly when its group's indicator vector (1 on its cells, 0 elsewhere)
is a linear combination of the published figures' vectors: adding and subtracting published
figures gives it back. Otherwise some change to the cells keeps every published figure and
moves the hidden one, and it is safe. Cells nobody is in count as known (zero), which is as
much as a reader can know.

The rule (`suppress`). Primary: a figure resting on 1 to k - 1 people is hidden ("small").
Secondary: while some hidden figure can be worked out from the published ones, or the hidden
groups of one table together (its total less the groups shown) rest on fewer than k people
and can be, hide more
("protect"): the published figures a small change to the cells would move along with it
(one person or rating moving from a cell of the hidden group to a cell outside it, or one
cell of the group changing), choosing the change that hides the fewest people, then the
fewest figures, then the first in the caller's order. Once those are hidden, that change
moves the hidden figure and no published one, so it cannot be worked out.

Figures the output always gives (a round's number of respondents) are never hidden; what
they alone give away is no secret any rule could keep (a round of 3 respondents who all
work in one region says how many that region has), and is not counted as a leak.
Exact rational arithmetic throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

#: Why a figure is hidden: it rests on fewer than k people, or it protects a hidden figure.
Reason = Literal["small", "protect"]
SMALL: Reason = "small"
PROTECT: Reason = "protect"


@dataclass(frozen=True)
class Figure:
    """One published figure: `cells` are the finest cells it adds up (cells with nobody in
    them may be left out), `n` the people behind it (the primary rule and the order of
    secondary choices use it), `fixed` when the output always gives it."""

    key: Hashable
    cells: frozenset[Hashable]
    n: int
    fixed: bool = False
    table: Hashable = None  # figures of one table are disjoint groups (a breakdown's row)


@dataclass(frozen=True)
class Leak:
    """A hidden figure the published ones give back: `key` = sum of coefficient x figure."""

    key: Hashable
    by: tuple[tuple[Hashable, Fraction], ...]


def suppress(figures: Sequence[Figure], k: int, hide: Collection[Hashable] = (),
             people: Callable[[Sequence[Figure]], int] | None = None,
             ) -> dict[Hashable, Reason]:
    """Which of `figures` to hide, and why: key -> "small" or "protect" (see the module).

    `hide` names figures to hide whatever their size (a group another table of the same
    output hides); they are protected like the others. `people` counts the people behind
    some figures of one table together (default: the sum of their `n`). Deterministic: ties
    go to the figures first in `figures`.
    """
    def pooled(group: Sequence[Figure]) -> int:
        return people(group) if people else sum(f.n for f in group)

    keys = [f.key for f in figures]
    if len(set(keys)) < len(keys):
        raise ValueError("two figures share a key")
    reasons: dict[Hashable, Reason] = {}
    for f in figures:
        if not f.fixed and 0 < f.n < k:
            reasons[f.key] = SMALL
        elif not f.fixed and f.n > 0 and f.key in hide:
            reasons[f.key] = PROTECT
    if not reasons:
        return reasons
    index = _Index(f.cells for f in figures)
    vectors = [index.vector(f.cells) for f in figures]
    public = _Span([v for f, v in zip(figures, vectors, strict=True) if f.fixed and f.cells],
                   track=False)
    tables = list(dict.fromkeys(f.table for f in figures if f.table is not None))
    changed = True
    while changed:  # until every hidden figure, those hidden on the way too, is safe
        changed = False
        targets = [f.cells for f in figures if f.key in reasons and f.cells]
        for table in tables:  # the hidden groups of a row together, when too few
            together = [f for f in figures if f.table == table and f.key in reasons and f.cells]
            if len(together) >= 2 and 0 < pooled(together) < k:
                targets.append(frozenset().union(*(f.cells for f in together)))
        shown = [j for j, f in enumerate(figures) if f.key not in reasons and f.cells]
        span = _Span([vectors[j] for j in shown], track=False)
        for cells in targets:
            vector = index.vector(cells)
            if span.combination(vector) is None or public.combination(vector) is not None:
                continue
            for j in _cheapest_shift(figures, shown, index.columns(cells), index):
                reasons[figures[j].key] = PROTECT
            changed = True
            break  # the figures shown have changed
    return reasons


def _cheapest_shift(figures: Sequence[Figure], shown: Sequence[int], inside: Collection[int],
                    index: _Index) -> list[int]:
    """The shown figures to hide so that one hidden group (the cells `inside`) can move
    while every figure still shown stays put, in the cheapest way: a change to one cell of
    the group, or one person (one rating) moving from a cell of the group to a cell
    outside it. Such a change moves the group's figure and changes exactly the figures that
    hold one of the two cells and not the other. Cheapest: the fewest people behind the
    figures it hides, then the fewest figures, then the first figures."""
    holding: dict[int, set[int]] = {c: set() for c in range(len(index.column))}
    for j in shown:
        for c in index.columns(figures[j].cells):
            holding[c].add(j)
    best: tuple[int, int, tuple[int, ...]] | None = None
    outside = [c for c in holding if c not in inside]
    for a in sorted(inside):
        for b in [None, *outside]:
            touched = holding[a] if b is None else holding[a] ^ holding[b]
            if any(figures[j].fixed for j in touched):
                continue
            cost = (sum(figures[j].n for j in touched), len(touched), tuple(sorted(touched)))
            if best is None or cost < best:
                best = cost
    if best is None:  # cannot happen: a public figure alone would have to give it away
        raise AssertionError("no way to protect a hidden figure")
    return list(best[2])


def audit(published: Mapping[Hashable, Collection[Hashable]],
          hidden: Mapping[Hashable, Collection[Hashable]],
          public: Collection[Hashable] = ()) -> list[Leak]:
    """The hidden figures the published ones give back, each with the combination that does.

    Figures are given as the finest cells they add up (cells nobody is in left out: they are
    known to be empty). `public` names published figures the output always gives: a hidden
    figure they alone give back is not counted (no suppression could keep it).
    """
    names = list(published)
    index = _Index([*published.values(), *hidden.values()])
    span = _Span([index.vector(published[key]) for key in names])
    always = _Span([index.vector(published[key]) for key in names if key in public])
    leaks: list[Leak] = []
    for key, cells in hidden.items():
        if not cells:
            continue
        vector = index.vector(cells)
        used = span.combination(vector)
        if used is not None and always.combination(vector) is None:
            leaks.append(Leak(key, tuple((names[i], c) for i, c in sorted(used.items()))))
    return leaks


# -- exact linear algebra -----------------------------------------------------------------

Vector = dict[int, int]  # sparse: column -> nonzero integer entry


class _Index:
    """Numbers the finest cells, so a group of cells becomes a 0/1 vector."""

    def __init__(self, groups: Iterable[Collection[Hashable]]) -> None:
        self.column: dict[Hashable, int] = {}
        for cells in groups:
            for cell in sorted(cells, key=repr):  # the same numbers on every run
                self.column.setdefault(cell, len(self.column))

    def columns(self, cells: Collection[Hashable]) -> set[int]:
        return {self.column[cell] for cell in cells}

    def vector(self, cells: Collection[Hashable]) -> Vector:
        return {self.column[cell]: 1 for cell in cells}


class _Span:
    """The row space of some integer vectors, kept in reduced row echelon form with integer
    entries (fraction-free elimination: exact, and faster than fractions). With `track`,
    each basis row keeps the combination of the given vectors (by position) it equals."""

    def __init__(self, vectors: Sequence[Vector], *, track: bool = True) -> None:
        self.track = track
        self.rows: dict[int, tuple[Vector, Vector]] = {}  # pivot -> (row, combination)
        for i, vector in enumerate(vectors):
            row, combination, _scale = self._reduce(vector, {i: 1} if track else {})
            if not row:
                continue
            pivot = min(row)
            row, combination = _normalise(row, combination)
            for other, (orow, ocomb) in list(self.rows.items()):
                factor = orow.get(pivot)
                if factor:
                    a, b = row[pivot], factor  # orow := a orow - b row clears the pivot
                    self.rows[other] = _normalise(
                        _lin(a, orow, -b, row),
                        _lin(a, ocomb, -b, combination) if track else ocomb)
            self.rows[pivot] = (row, combination)

    def _reduce(self, vector: Vector, combination: Vector) -> tuple[Vector, Vector, int]:
        """(vector reduced, combination, scale) with reduced = scale x vector + the
        combination of the given vectors (for a given vector, its own position counts)."""
        row, scale = dict(vector), 1
        for pivot in [c for c in vector if c in self.rows]:
            a = row.get(pivot)
            if a:
                basis, used = self.rows[pivot]
                b = basis[pivot]  # row := b row - a basis clears the pivot
                row = _lin(b, row, -a, basis)
                if self.track:
                    combination = _lin(b, combination, -a, used)
                scale *= b
        return row, combination, scale

    def combination(self, vector: Vector) -> dict[int, Fraction] | None:
        """How `vector` is made of the given vectors (position -> coefficient; empty when
        not tracked), or None when it is not in their span."""
        row, combination, scale = self._reduce(vector, {})
        if row:
            return None
        return {i: Fraction(-c, scale) for i, c in combination.items() if c}


def _lin(a: int, x: Vector, b: int, y: Vector) -> Vector:
    """a x + b y, without zeros."""
    out = {c: a * v for c, v in x.items()}
    for c, v in y.items():
        value = out.get(c, 0) + b * v
        if value:
            out[c] = value
        else:
            out.pop(c, None)
    return out


def _normalise(row: Vector, combination: Vector) -> tuple[Vector, Vector]:
    """Both divided by the gcd of all their entries, with a positive pivot."""
    from math import gcd

    g = gcd(*row.values(), *combination.values())
    if row[min(row)] < 0:
        g = -g
    return ({c: v // g for c, v in row.items()}, {c: v // g for c, v in combination.items()})


# -- quotes -------------------------------------------------------------------------------

Attribution = Literal["member", "region", "anonymous"]


def quote_attribution(members: Sequence[object], member_id: str | None, consent: bool,
                      k: int) -> tuple[Attribution, str | None]:
    """Whom a quote may be shown as coming from: ("member", its id) only with consent
    recorded; else ("region", its region id) when the region has at least k members, so
    it points at none of them; else ("anonymous", None). `members` are members.yaml's
    (anything with `id` and `region`)."""
    member = next((m for m in members if getattr(m, "id", None) == member_id), None)
    if member is None:
        return "anonymous", None
    if consent:
        return "member", member_id
    region = getattr(member, "region", None)
    if sum(1 for m in members if getattr(m, "region", None) == region) >= k:
        return "region", region
    return "anonymous", None

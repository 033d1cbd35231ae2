"""Scoring respondents: their likert answers, dimension and item scores, Cronbach's alpha."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netconsult.analysis.survey.results import (
    AGREE,
    EMPTY,
    HIDDEN,
    Cell,
    DimensionScore,
    ItemScore,
)
from netconsult.project import models as m
from netconsult.project.responses import Answer, Response


@dataclass(frozen=True)
class _Respondent:
    likert: dict[str, int]  # item id → 1-5 after reversing (substantive answers only)
    groups: dict[str, str]  # breakdown variable → group id (NOT_STATED when none)
    answers: dict[str, Answer]


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


def _scores(items: Sequence[m.Question], people: Iterable[_Respondent]) -> list[float | None]:
    """Each respondent's dimension score: the mean of at least half the items."""
    scores: list[float | None] = []
    for person in people:
        values = [person.likert[q.id] for q in items if q.id in person.likert]
        scores.append(statistics.fmean(values)
                      if values and 2 * len(values) >= len(items) else None)
    return scores


def _pooled(items: Sequence[m.Question], people: Sequence[_Respondent], k: int,
            ) -> tuple[Cell, list[Cell]]:
    """(share agreeing, distribution 1..5) over every substantive answer to `items`."""
    answers = [p.likert[q.id] for p in people for q in items if q.id in p.likert]
    behind = sum(1 for p in people if any(q.id in p.likert for q in items))
    agree = _share_cell(sum(1 for a in answers if a in AGREE), len(answers), behind, k)
    distribution = [_share_cell(answers.count(point), len(answers), behind, k)
                    for point in range(1, 6)]
    return agree, distribution


def _codes(items: Sequence[m.Question], responses: Sequence[Response],
           codes: tuple[str, str]) -> list[int]:
    """How many answers to `items` are each of `codes` ("don't know", "not applicable")."""
    return [sum(1 for r in responses for q in items if r.answers.get(q.id) == code)
            for code in codes]


def _dimension(dim: m.Dimension, items: list[m.Question], people: list[_Respondent],
               responses: Sequence[Response], *, k: int, codes: tuple[str, str],
               ) -> DimensionScore:
    scores = [s for s in _scores(items, people) if s is not None]
    agree, distribution = _pooled(items, people, k)
    complete = [[p.likert[q.id] for q in items] for p in people
                if all(q.id in p.likert for q in items)]
    dont_know, not_applicable = _codes(items, responses, codes)
    return DimensionScore(
        id=dim.id, name=dim.name, items=len(items), n=len(scores),
        mean=_mean_cell(scores, k), share_agree=agree, distribution=distribution,
        dont_know=dont_know, not_applicable=not_applicable,
        alpha=cronbach_alpha(complete), alpha_n=len(complete),
    )


def _item(q: m.Question, people: list[_Respondent], responses: Sequence[Response], *,
          k: int, codes: tuple[str, str], language: str) -> ItemScore:
    values = [p.likert[q.id] for p in people if q.id in p.likert]
    agree, distribution = _pooled([q], people, k)
    dont_know, not_applicable = _codes([q], responses, codes)
    return ItemScore(
        id=q.id, label=_text(q.label, language), dimension=q.dimension or "",
        reverse=q.reverse, n=len(values), mean=_mean_cell(values, k),
        share_agree=agree, distribution=distribution,
        dont_know=dont_know, not_applicable=not_applicable,
    )

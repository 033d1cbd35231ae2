"""The survey chapter's typed data: what `report.data.survey` holds for the assessment.

Built by render/survey_context.py (`survey_data`). Every figure arrives formatted for the
report's language, and a hidden cell arrives as its marker (`hidden_marker` for a cell resting
on too few people, `protected_marker` for one hidden to protect another), never as a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from netconsult.render.context.base import Figure


@dataclass(frozen=True)
class RateRow:
    """Response by region: organisations, how many responded, and the people behind them."""

    group: str  # the region's name, or "Not stated"
    members: int
    responded: int
    rate: str  # "45 %"
    people: str  # a count, or a marker when the group is small


@dataclass(frozen=True)
class DimensionRow:
    name: str
    item_count: int  # statements scoring the dimension
    n: int  # people with a score on it
    mean: str  # 1-5, or a marker
    agree: str  # share of favourable answers, or a marker
    dk: int  # "don't know" answers
    na: int  # "not applicable" answers
    alpha: str  # Cronbach's alpha, or "–"


@dataclass(frozen=True)
class BreakdownRow:
    name: str  # the dimension
    cells: tuple[str, ...]  # one per group of `Breakdown.groups`: a mean or a marker
    total: str  # the dimension's mean over everyone


@dataclass(frozen=True)
class Breakdown:
    """Mean score by dimension for the groups of one variable (region, type, size...)."""

    key: str  # the table's key in `report.tables`
    by: str  # the variable's name
    groups: tuple[str, ...]  # the column headings
    rows: tuple[BreakdownRow, ...]
    hidden: bool  # some cell is hidden


@dataclass(frozen=True)
class GroupsAt:
    """The groups at one end of a statement: all of them when several print the same mean."""

    names: tuple[str, ...]
    mean: str  # on the scale of the statement as worded


@dataclass(frozen=True)
class DisagreementRow:
    label: str  # the statement as worded
    by: str  # the variable whose groups disagree
    spread: str  # highest minus lowest group mean
    reverse: bool  # disagreeing is the favourable answer
    favourable: str  # "Agree" or "Disagree"
    most: GroupsAt  # the groups agreeing most with the statement as worded
    least: GroupsAt
    high: str  # `most` as printed: "Europe (4.2)"
    low: str


@dataclass(frozen=True)
class ChoiceRow:
    label: str  # the question
    n: int  # people who answered it
    figure: Figure | None  # None when too few answered for the shares to be shown


@dataclass(frozen=True)
class ChangeRow:
    """One measure in this round and the one before (the network chapter uses it too)."""

    name: str
    before: str
    after: str
    delta: str  # signed, or "–"


@dataclass(frozen=True)
class QuestionRow:
    """A scored statement of the questionnaire, for the annex."""

    id: str
    dimension: str
    text: str
    reverse: bool


@dataclass(frozen=True)
class Ranked:
    """The dimensions scored highest (or lowest): several when they print the same mean."""

    names: tuple[str, ...]
    label: str  # `names` joined for a sentence: "Trust and Value"
    mean: str


@dataclass(frozen=True)
class LowestRate:
    """The regions where the response was lowest."""

    names: tuple[str, ...]
    responded: int
    members: int
    rate: str


@dataclass(frozen=True)
class SurveyChapter:
    round: str  # the round's name
    opens: dt.date | None
    closes: dt.date | None
    respondents: int  # people who answered
    responded: int  # member organisations with at least one answer
    members: int  # member organisations
    rate: str  # responded / members, formatted
    target: str
    below_target: bool
    against_target: Literal["below", "meets", "above"]  # the response rate vs the target
    rates: tuple[RateRow, ...]
    dimensions: tuple[DimensionRow, ...]
    item_figures: tuple[Figure, ...]  # the answers to each dimension's statements
    dimensions_figure: bool  # `report.figures["survey-dimensions"]` exists
    items_hidden: bool  # some dimension's statements are not charted
    breakdowns: tuple[Breakdown, ...]
    disagreements: tuple[DisagreementRow, ...]  # widest gap first
    choices: tuple[ChoiceRow, ...]
    change: tuple[ChangeRow, ...]  # empty without a previous round
    previous: str | None  # the previous round's name
    questionnaire: tuple[QuestionRow, ...]
    hidden_marker: str  # a cell resting on fewer than `min_group_size` people: "n<5"
    protected_marker: str  # a cell hidden so that another cannot be worked out: "hidden"
    reversed: bool  # some statement is reverse-scored
    best: Ranked | None
    worst: Ranked | None  # None when every dimension prints the same mean
    unanswered: tuple[str, ...]  # regions where no member organisation answered
    lowest: LowestRate | None  # only when several regions and not everyone answered

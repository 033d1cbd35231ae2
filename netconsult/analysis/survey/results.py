"""What `analyse_survey` returns: frozen result dataclasses, privacy applied, and constants."""

from __future__ import annotations

from dataclasses import dataclass, replace

from netconsult.analysis.privacy import PROTECT, SMALL, Reason

#: The group of respondents with no value for a breakdown variable.
NOT_STATED = ""
#: How many items `disagreements` lists.
TOP_DISAGREEMENTS = 5
AGREE = (4, 5)
#: Member types and sizes in display order (render/labels.py names them).
MEMBER_TYPES = ("coordinator", "member", "associate", "observer")
MEMBER_SIZES = ("small", "medium", "large")


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


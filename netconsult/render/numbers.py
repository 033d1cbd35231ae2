"""Numbers as the reports print them: in the report's locale, and hidden figures marked
truthfully: "n<k" only where fewer than k people are behind the figure, "hidden" for a
figure hidden to protect another (analysis.privacy decides which is which)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netconsult.analysis.network import NetworkScore, PartnerScore
    from netconsult.analysis.survey import Cell

Gettext = Callable[[str], str]


class Numbers:
    def __init__(self, lang: str, min_size: int, _: Gettext) -> None:
        self.lang = lang
        #: The mark of a figure resting on fewer than `min_size` people.
        self.hidden = _("n<%(n)d") % {"n": min_size}
        #: The mark of a figure hidden so that another cannot be worked out.
        self.protected = _("hidden")

    def mark(self, figure: Cell | PartnerScore | NetworkScore) -> str:
        """The mark of a suppressed figure, by why it is hidden."""
        return self.protected if getattr(figure, "reason", None) == "protect" else self.hidden

    def score(self, value: float | None) -> str:
        from babel.numbers import format_decimal

        return "–" if value is None else str(format_decimal(value, "0.0", locale=self.lang))

    def share(self, value: float | None) -> str:
        from babel.numbers import format_percent

        return "–" if value is None else str(format_percent(value, locale=self.lang))

    def alpha(self, value: float | None) -> str:
        from babel.numbers import format_decimal

        return "–" if value is None else str(format_decimal(value, "0.00", locale=self.lang))

    def cell(self, cell: Cell, kind: str = "score") -> str:
        if cell.suppressed:
            return self.mark(cell)
        return self.share(cell.value) if kind == "share" else self.score(cell.value)

    def count(self, cell: Cell) -> str:
        if cell.suppressed or cell.n is None:
            return self.mark(cell)
        return str(cell.n)

    def partner(self, score: PartnerScore) -> str:
        """A trust or value figure (1-4), or its mark."""
        return self.mark(score) if score.suppressed else self.score(score.mean)

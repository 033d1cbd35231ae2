"""Small pieces of wording the chapters share: superlatives that respect ties, lists of
names in the report's language, and shares said in words.

A superlative ("highest", "most connected") names every item that shares the top value as
the reader sees it: values are compared as printed, so two dimensions both shown as 3.7 are
both the highest, whatever their third decimal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from netconsult.render.labels import N_

T = TypeVar("T")
Gettext = Callable[[str], str]


def at_top(items: Iterable[T], value: Callable[[T], float], shown: Callable[[float], str],
           ) -> list[T]:
    """Every item whose value, as printed by `shown`, equals the highest one's (in input
    order); empty for no items."""
    ordered = list(items)
    if not ordered:
        return []
    top = shown(max(value(i) for i in ordered))
    return [i for i in ordered if shown(value(i)) == top]


def at_bottom(items: Iterable[T], value: Callable[[T], float], shown: Callable[[float], str],
              ) -> list[T]:
    """Every item whose printed value equals the lowest one's (in input order)."""
    return at_top(items, lambda i: -value(i), lambda v: shown(-v))


def top_n(items: Sequence[T], value: Callable[[T], float], shown: Callable[[float], str],
          n: int) -> list[T]:
    """The `n` highest items, highest first, and any others printed with the same value as
    the last of them (so a cut never falls between equals)."""
    ranked = sorted(items, key=lambda i: -value(i))
    if len(ranked) <= n:
        return ranked
    cut = shown(value(ranked[n - 1]))
    return ranked[:n] + [i for i in ranked[n:] if shown(value(i)) == cut]


def names(items: Sequence[str], lang: str) -> str:
    """"A", "A and B", "A, B and C" in the report's language."""
    from babel.lists import format_list

    return str(format_list(list(items), locale=lang)) if items else ""


#: Fractions a share is said as (the nearest is used).
_FRACTIONS: tuple[tuple[float, str], ...] = (
    (0.1, N_("about a tenth")), (0.2, N_("about a fifth")), (0.25, N_("about a quarter")),
    (1 / 3, N_("about a third")), (0.4, N_("about two in five")), (0.5, N_("about half")),
    (0.6, N_("about three in five")), (2 / 3, N_("about two thirds")),
    (0.75, N_("about three quarters")), (0.8, N_("about four in five")),
    (0.9, N_("about nine in ten")),
)


def share_words(share: float, _: Gettext) -> str:
    """A share of countable things in words: "none", "all", "very few", "almost all", else
    the nearest simple fraction ("about half")."""
    if share <= 0:
        return _("none")
    if share >= 1:
        return _("all")
    if share < 0.05:
        return _("very few")
    if share > 0.95:
        return _("almost all")
    return _(min(_FRACTIONS, key=lambda f: abs(f[0] - share))[1])

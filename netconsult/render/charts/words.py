"""The fixed words charts draw, in English, marked for translation; callers pass a partial
mapping over `DEFAULT_LABELS` to translate them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from netconsult.render.labels import N_

DEFAULT_MONTH_NAMES: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
#: Every fixed word the charts draw, in English; pass a partial mapping to translate.
#: Values with `%(name)s` placeholders are filled in by the chart.
DEFAULT_LABELS: Mapping[str, str] = MappingProxyType({
    "no_data": N_("No data"),
    # priority_effort_matrix
    "matrix_title": N_("Recommendations by priority and effort"),
    "priority": N_("Priority"),
    "effort": N_("Effort"),
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    "quick_wins": N_("Quick wins"),
    "matrix_item": N_("A recommendation, by its number in this report"),
    "matrix_quick_wins": N_("Quick wins: high priority, low effort"),
    "matrix_next": N_("Next best: one step from the quick wins"),
    "matrix_axes": N_("Priority rises upwards, effort to the right"),
    # gantt
    "gantt_title": N_("Timeline"),
    "planned": N_("Planned"),
    "in-progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
    "milestone": N_("Milestone"),
    "as_of": N_("As of"),
    "today": N_("Today"),  # kept for callers that still translate it; the marker is "as_of"
    # bar_chart
    "bar_title": N_("Bar chart"),
    "suppressed": N_("Not shown"),
    # likert_chart
    "likert_title": N_("Answers on the agreement scale"),
    "likert_1": N_("Strongly disagree"),
    "likert_2": N_("Disagree"),
    "likert_3": N_("Neither"),
    "likert_4": N_("Agree"),
    "likert_5": N_("Strongly agree"),
    "likert_order": N_("Answers from left to right:"),
    "favourable": N_("Favourable answer"),
    "unfavourable": N_("Unfavourable answer"),
    "stronger": N_("darker: stronger"),
    "agree_share": N_("%(share)s agree"),
})


def chart_words(labels: Mapping[str, str]) -> dict[str, str]:
    """`labels` over the defaults; an unknown key is refused (a typo would go unnoticed)."""
    unknown = sorted(set(labels) - set(DEFAULT_LABELS))
    if unknown:
        raise ValueError(f"unknown chart label(s): {', '.join(unknown)}; "
                         f"known: {', '.join(DEFAULT_LABELS)}")
    return {**DEFAULT_LABELS, **labels}


def default_value_format(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"

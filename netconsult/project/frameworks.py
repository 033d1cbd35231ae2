"""Built-in survey frameworks: named sets of dimensions a survey's likert items can score.

A survey lists the frameworks it uses (`frameworks:` in survey/survey.yaml) and may add its
own dimensions; a project dimension with a built-in's id replaces the built-in's wording.
"""

from __future__ import annotations

from netconsult.project import models as m


def _dims(*rows: tuple[str, str, str]) -> tuple[m.Dimension, ...]:
    return tuple(m.Dimension(id=i, name=n, description=d) for i, n, d in rows)


#: Framework id → (name, source, dimensions). The wording is ours; the sources are named so
#: a consultant can say where a framework comes from.
FRAMEWORKS: dict[str, tuple[str, str, tuple[m.Dimension, ...]]] = {
    "partnership-ingredients": (
        "Partnership ingredients",
        "The six partnership prompt cards for collective impact (seed 004).",
        _dims(
            ("community-inclusive", "Community-inclusive collaboration",
             "Harder-to-reach and minority voices take part in decisions, not only the usual "
             "suspects."),
            ("shared-urgency", "Building on a shared urgency",
             "Partners turn a common, pressing concern into joint action."),
            ("whole-system", "Involving the whole system",
             "Everyone who shapes the problem, across sectors and levels, is at the table."),
            ("shared-vision", "A shared vision for change",
             "Partners hold and act on one picture of the change they want."),
            ("responsive-leadership", "Responsive and sustainable leadership",
             "Leadership listens, adapts, shares power and is handed on."),
            ("vital-connections", "Strengthening vital connections",
             "The relationships that carry the work are built and kept up."),
        ),
    ),
    "building-blocks": (
        "Fit for Partnering building blocks",
        "The four organisational building blocks of the Fit for Partnering approach (seed 002).",
        _dims(
            ("strategy-leadership", "Strategy and leadership",
             "Partnering is part of the strategy and leaders champion it."),
            ("systems-processes", "Systems and processes",
             "Systems carry a partnership from scoping to review and learning."),
            ("staff-skills", "Staff and skills",
             "Staff have the skills and mindset to build trust with partners."),
            ("culture", "Culture", "The organisation values and rewards working with others."),
        ),
    ),
    "network-health": (
        "Network health",
        "The four categories of network health scorecards: purpose, performance, operations, "
        "capacity.",
        _dims(
            ("purpose", "Purpose", "Members share and act on the network's purpose."),
            ("performance", "Performance", "The network delivers value to members and beyond."),
            ("operations", "Operations",
             "Coordination, communication and decision-making work well."),
            ("capacity", "Capacity", "The network has the resources and leadership to last."),
        ),
    ),
}


def survey_dimensions(survey: m.SurveyFile) -> tuple[m.Dimension, ...]:
    """The dimensions a survey's items may score: its frameworks', then its own (own wins)."""
    own = {d.id: d for d in survey.dimensions}
    dims: dict[str, m.Dimension] = {}
    for framework in survey.frameworks:
        for dim in FRAMEWORKS[framework][2]:
            dims[dim.id] = own.get(dim.id, dim)
    for dim in survey.dimensions:
        dims.setdefault(dim.id, dim)
    return tuple(dims.values())

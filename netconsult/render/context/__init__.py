"""One context builder per report: Project → a typed object the templates only display.

Everything a template shows is decided here: numbering of sections, figures and tables,
translated labels, and the privacy rules, so no template can leak what the context did not
hand it. `base` holds what every report shares; each report has its own module.
"""

from __future__ import annotations

import datetime as dt

from netconsult.project.load import Project
from netconsult.render.context import assessment, plan, recommendations
from netconsult.render.context.base import (
    DELIVERABLE_KIND,
    Cover,
    Figure,
    ReportContext,
    Section,
    Table,
    cover,
    notes_html,
    quote_attribution,
    report_date,
    report_deliverable,
)
from netconsult.render.environment import translations

__all__ = ["DELIVERABLE_KIND", "Cover", "Figure", "ReportContext", "Section", "Table",
           "build_context", "notes_html", "quote_attribution", "report_date",
           "report_deliverable"]

BUILDERS = {"assessment": assessment.build, "recommendations": recommendations.build,
            "plan": plan.build}


def build_context(project: Project, kind: str, lang: str,
                  as_of: dt.date | None = None) -> ReportContext:
    """The context of report `kind`, as of `as_of` (see base.report_date when None): the
    builders see the project as it stood that day (analysis/as_of.project_as_of)."""
    from netconsult.analysis.as_of import project_as_of

    _ = translations(lang).gettext
    ctx = ReportContext(kind=kind, lang=lang, accent=project.config.branding.colour,
                        cover=cover(project, kind, _, as_of),
                        paper=project.config.branding.paper)
    # Every report shows the project as it stood on its one date: nothing later.
    BUILDERS[kind](project_as_of(project, ctx.as_of), ctx, _)
    return ctx

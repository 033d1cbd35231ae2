"""One context builder per report: Project → a typed, frozen object the templates only display.

Everything a template shows is decided here: numbering of sections, figures and tables,
translated labels, and the privacy rules, so no template can leak what the context did not
hand it. `base` holds what every report shares; each report has its own module, whose
`build` fills a `ReportBuilder` and returns the report's data; `build_context` freezes both
into the `ReportContext[...]` a template sees as `report` (docs/project-folder.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, overload

from netconsult.project.load import Project
from netconsult.render.context import assessment, plan, recommendations
from netconsult.render.context.assessment_data import AssessmentData
from netconsult.render.context.base import (
    DELIVERABLE_KIND,
    Cover,
    Figure,
    ReportBuilder,
    ReportContext,
    Section,
    Table,
    cover,
    notes_html,
    quote_attribution,
    report_date,
    report_deliverable,
)
from netconsult.render.context.plan import PlanData
from netconsult.render.context.recommendations import RecommendationsData
from netconsult.render.environment import translations

__all__ = ["DELIVERABLE_KIND", "AssessmentData", "Cover", "Figure", "PlanData",
           "RecommendationsData", "ReportBuilder", "ReportContext", "ReportData", "Section",
           "Table", "build_context", "notes_html", "quote_attribution", "report_date",
           "report_deliverable"]

#: What `report.data` is, by report.
ReportData = AssessmentData | RecommendationsData | PlanData


@overload
def build_context(project: Project, kind: Literal["assessment"], lang: str,
                  as_of: dt.date | None = None) -> ReportContext[AssessmentData]: ...
@overload
def build_context(project: Project, kind: Literal["recommendations"], lang: str,
                  as_of: dt.date | None = None) -> ReportContext[RecommendationsData]: ...
@overload
def build_context(project: Project, kind: Literal["plan"], lang: str,
                  as_of: dt.date | None = None) -> ReportContext[PlanData]: ...
@overload
def build_context(project: Project, kind: str, lang: str,
                  as_of: dt.date | None = None) -> ReportContext[ReportData]: ...
def build_context(project: Project, kind: str, lang: str,
                  as_of: dt.date | None = None) -> ReportContext[ReportData]:
    """The context of report `kind`, as of `as_of` (see base.report_date when None): the
    builders see the project as it stood that day (analysis/as_of.project_as_of)."""
    from netconsult.analysis.as_of import project_as_of

    _ = translations(lang).gettext
    builder = ReportBuilder(kind=kind, lang=lang, accent=project.config.branding.colour,
                            cover=cover(project, kind, _, as_of),
                            paper=project.config.branding.paper)
    # Every report shows the project as it stood on its one date: nothing later.
    seen = project_as_of(project, builder.as_of)
    data: ReportData
    if kind == "assessment":
        data = assessment.build(seen, builder, _)
    elif kind == "recommendations":
        data = recommendations.build(seen, builder, _)
    elif kind == "plan":
        data = plan.build(seen, builder, _)
    else:
        raise KeyError(kind)
    return builder.finish(data)

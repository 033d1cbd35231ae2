"""The recommendation report's context: recommendations by category with the evidence
behind each, the priority/effort matrix and the evidence index."""

from __future__ import annotations

from collections import Counter, defaultdict

from netconsult.project.load import Project
from netconsult.render import labels as L
from netconsult.render.context.base import (
    Gettext,
    ReportContext,
    region_names,
)
from netconsult.render.environment import render_markdown


def _survey_dimension_texts(project: Project, lang: str, _: Gettext) -> dict[str, str]:
    """Each survey dimension as the evidence trail cites it: its name and, once responses
    are in, its score (already privacy-checked by the analysis)."""
    if project.survey is None:
        return {}
    from babel.numbers import format_decimal

    from netconsult.analysis.survey import analyse_survey
    from netconsult.project.frameworks import survey_dimensions

    texts = {d.id: d.name for d in survey_dimensions(project.survey)}
    results = analyse_survey(project)
    for d in results.dimensions if results else []:
        if not d.mean.suppressed and d.mean.value is not None:
            texts[d.id] = _("%(dimension)s: %(mean)s of 5, %(n)d respondents (%(round)s)") % {
                "dimension": d.name, "n": d.mean.n or 0, "round": results.round_name,
                "mean": format_decimal(d.mean.value, "0.0", locale=lang)}
    return texts


def _evidence(project: Project, ref: str, _: Gettext,
              dimensions: dict[str, str] | None = None) -> dict[str, str]:
    """What a piece of evidence says, for the evidence trail: kind, id, where, text."""
    kind, _sep, target = ref.partition(":")
    regions = region_names(project)
    item = {"ref": ref, "id": "", "where": "", "text": target}
    if kind == "meeting":
        meeting = next((m for m in project.meetings if m.id == target), None)
        if meeting:
            item.update(text=meeting.title, where=meeting.date.isoformat())
        return dict(item, kind=_("Meeting"))
    if kind == "finding":
        for m in project.meetings:
            for finding in m.findings:
                if finding.id == target:
                    item.update(text=finding.text, id=target,
                                where=regions.get(m.region or "", m.title))
        return dict(item, kind=_("Finding"))
    if kind == "survey":
        return dict(item, kind=_("Survey dimension"),
                    text=(dimensions or {}).get(target, target))
    peers = {p.id: p.name for p in (project.benchmark.peers if project.benchmark else [])}
    return dict(item, kind=_("Peer network"), text=peers.get(target, target))


def build(project: Project, ctx: ReportContext, _: Gettext) -> None:
    from netconsult.render.charts import MatrixItem, priority_effort_matrix

    recs = list(project.recommendations)
    dimensions = _survey_dimension_texts(project, ctx.lang, _)
    present = {r.category for r in recs}
    order = list(project.network.required_categories) + [
        c for c in L.CATEGORY if c not in project.network.required_categories]
    categories = [c for c in order if c in present]

    ctx.section("summary", _("Executive summary"))
    ctx.section("overview", _("The recommendations at a glance"))
    for category in categories:
        ctx.section(f"cat-{category}", _(L.CATEGORY[category]), level=2)
    ctx.annex("annex-evidence", _("Evidence index"))

    ctx.table("overview", _("Recommendations by category, priority and effort"))
    ctx.figure("matrix", _("Recommendations by priority and effort"), priority_effort_matrix(
        [MatrixItem(r.id, r.title, r.priority, r.effort) for r in recs],
        **ctx.chart_options()))

    rank = {"high": 0, "medium": 1, "low": 2}
    by_category = []
    for category in categories:
        items = sorted((r for r in recs if r.category == category),
                       key=lambda r: (rank[r.priority], r.id))
        by_category.append({
            "id": category, "name": _(L.CATEGORY[category]),
            "anchor": f"cat-{category}",
            "recs": [{
                "id": r.id, "title": r.title, "priority": _(L.LEVEL[r.priority]),
                "priority_id": r.priority, "effort": _(L.LEVEL[r.effort]),
                "rationale": render_markdown(r.rationale),
                "evidence": [_evidence(project, ref, _, dimensions) for ref in r.evidence],
            } for r in items],
        })
    cited: dict[str, list[str]] = defaultdict(list)
    for r in recs:
        for ref in r.evidence:
            cited[ref].append(r.id)
    index = sorted((dict(_evidence(project, ref, _, dimensions), recs=", ".join(ids))
                    for ref, ids in cited.items()), key=lambda e: (e["kind"], e["ref"]))
    ctx.table("evidence", _("Evidence cited by the recommendations"))

    quick = [r for r in recs if r.priority == "high" and r.effort == "low"]
    counts = Counter(r.priority for r in recs)
    ctx.summary = [
        _("This report makes %(count)d recommendations in %(categories)d areas: "
          "%(high)d of high, %(medium)d of medium and %(low)d of low priority.")
        % {"count": len(recs), "categories": len(categories), "high": counts["high"],
           "medium": counts["medium"], "low": counts["low"]},
        _("Each recommendation cites the findings, meetings or survey results behind it; "
          "%(cited)d distinct pieces of evidence are cited in all.") % {"cited": len(cited)},
    ]
    if quick:
        ctx.summary.append(_("Quick wins (high priority, low effort): %(list)s.")
                           % {"list": "; ".join(f"{r.id} {r.title}" for r in quick)})
    ctx.data.update(
        overview=[{"id": r.id, "title": r.title, "category": _(L.CATEGORY[r.category]),
                   "priority": _(L.LEVEL[r.priority]), "effort": _(L.LEVEL[r.effort])}
                  for r in sorted(recs, key=lambda r: (order.index(r.category), rank[r.priority],
                                                        r.id))],
        categories=by_category, index=index,
    )

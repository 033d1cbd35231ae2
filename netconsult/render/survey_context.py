"""The member survey's part of the assessment: SurveyResults → what the templates display.

Privacy is decided in analysis/survey.py (suppressed cells arrive without value or count);
this module only words and formats: numbers in the report's locale, fixed labels through the
catalog, survey wording in the report's language where the instrument has it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netconsult.render import labels as L
from netconsult.render.numbers import Numbers

if TYPE_CHECKING:
    from netconsult.analysis.survey import SurveyResults
    from netconsult.project.load import Project
    from netconsult.render.context import ReportContext

Gettext = Callable[[str], str]


def survey_sections(ctx: ReportContext, results: SurveyResults | None, _: Gettext) -> None:
    """Declare the survey chapter's sections, in reading order."""
    if results is None:
        return
    ctx.section("survey", _("What the member survey found"))
    ctx.section("survey-response", _("Who answered"), 2)
    ctx.section("survey-dimensions", _("Scores by dimension"), 2)
    if _breakdowns(results):
        ctx.section("survey-groups", _("Differences between groups"), 2)
    if results.disagreements:
        ctx.section("survey-disagreement", _("Where members disagree most"), 2)
    if results.choices:
        ctx.section("survey-choices", _("Activities and choices"), 2)
    if results.change:
        ctx.section("survey-change", _("Change since the previous round"), 2)


def survey_data(project: Project, ctx: ReportContext, results: SurveyResults,
                _: Gettext) -> dict[str, Any]:
    """Tables, figures and sentences of the survey chapter."""
    from netconsult.render.charts import Bar, LikertRow, bar_chart, likert_chart

    survey = project.survey
    assert survey is not None  # results exist only for a project with a survey
    fmt = Numbers(ctx.lang, results.min_group_size, _)
    questions = {q.id: q for q in survey.questions}
    rnd = next((r for r in survey.rounds if r.id == results.round_id), None)

    def wording(qid: str, fallback: str) -> str:
        question = questions.get(qid)
        return _local(question.label if question else None, ctx.lang, fallback)

    def group_name(by: str, group: str, name: str) -> str:
        if not group:
            return _("Not stated")
        if by == "type":
            return _(L.MEMBER_TYPE.get(group, name))
        if by == "size":
            return _(L.MEMBER_SIZE.get(group, name))
        if by in questions:  # an attribute question: its choice's wording
            choice = next((c for c in questions[by].choices if c.name == group), None)
            return _local(choice.label if choice else None, ctx.lang, name)
        return name

    def by_name(by: str, name: str) -> str:
        return _(L.BREAKDOWN[by]) if by in L.BREAKDOWN else wording(by, name)

    rates = [{
        "group": group_name(r.by, r.group, r.group_name), "members": r.members,
        "responded": r.responded, "rate": fmt.share(r.rate), "people": fmt.count(r.respondents),
    } for r in results.rates if r.by == "region"]
    ctx.table("survey-rates", _("Survey response by region"))

    dims = [{
        "name": d.name, "item_count": d.items, "n": d.n, "mean": fmt.cell(d.mean),
        "agree": fmt.cell(d.share_agree, "share"), "dk": d.dont_know,
        "na": d.not_applicable, "alpha": fmt.alpha(d.alpha),
    } for d in results.dimensions]
    ctx.table("survey-dimensions", _("Scores by dimension"))
    ctx.figure("survey-dimensions", _("Mean score by dimension (1 = strongly disagree, "
                                      "5 = strongly agree)"), bar_chart(
        [Bar(d.name, None if d.mean.suppressed else d.mean.value, fmt.hidden)
         for d in results.dimensions],
        value_format=fmt.score, title=_("Mean score by dimension"), **ctx.chart_options()))
    item_figures = []
    for d in results.dimensions:
        items = [i for i in results.items if i.dimension == d.id]
        if not items:
            continue
        rows = [LikertRow(
            wording(i.id, i.label) + (" " + _("(reversed)") if i.reverse else ""),
            None if any(c.suppressed for c in i.distribution) or i.n == 0
            else tuple(c.value or 0.0 for c in i.distribution),  # type: ignore[arg-type]
            fmt.hidden) for i in items]
        item_figures.append(ctx.figure(
            f"survey-items-{d.id}", _("Answers to the items of %(dimension)s")
            % {"dimension": d.name},
            likert_chart(rows, title=d.name, **ctx.chart_options())))

    breakdowns = []
    for b in _breakdowns(results):
        ctx.table(f"survey-by-{b.by}", _("Mean score by dimension and %(by)s")
                  % {"by": by_name(b.by, b.by_name).lower()})
        breakdowns.append({
            "key": f"survey-by-{b.by}", "by": by_name(b.by, b.by_name),
            "groups": [group_name(b.by, g, n) for g, n in b.groups],
            "rows": [{"name": name, "cells": [fmt.cell(c) for c in cells],
                      "total": fmt.cell(total)}
                     for (_id, name, cells), total in zip(b.rows, b.total, strict=True)],
            "hidden": any(c.suppressed for _id, _n, cells in b.rows for c in cells),
        })

    disagreements = [{
        "label": wording(d.item, d.label), "by": by_name(d.by, d.by_name),
        "spread": fmt.score(d.spread),
        "high": f"{_group_in(d.high[0], d.by, results, group_name)} ({fmt.score(d.high[1])})",
        "low": f"{_group_in(d.low[0], d.by, results, group_name)} ({fmt.score(d.low[1])})",
    } for d in results.disagreements]
    if disagreements:
        ctx.table("survey-disagreement", _("Items on which groups disagree most"))

    choices = []
    for c in results.choices:
        choice_labels = {ch.name: ch.label for ch in questions[c.id].choices} \
            if c.id in questions else {}
        bars = [Bar(_local(choice_labels.get(name), ctx.lang, label),
                    None if cell.suppressed else cell.value, fmt.hidden)
                for name, label, cell in c.rows]
        choices.append({"label": wording(c.id, c.label), "n": c.n, "figure": ctx.figure(
            f"survey-choice-{c.id}", wording(c.id, c.label),
            bar_chart(bars, value_format=fmt.share, title=wording(c.id, c.label),
                      **ctx.chart_options()))})

    change = [{
        "name": ch.name, "before": fmt.cell(ch.before), "after": fmt.cell(ch.after),
        "delta": "–" if ch.delta is None else _signed(fmt.score(ch.delta), ch.delta),
    } for ch in results.change]
    if change:
        ctx.table("survey-change", _("Change in mean scores since %(round)s")
                  % {"round": results.previous_round_name or ""})

    dimension_names = {d.id: d.name for d in results.dimensions}
    questionnaire = [{
        "id": q.id, "dimension": dimension_names.get(q.dimension or "", q.dimension or ""),
        "text": wording(q.id, q.id), "reverse": q.reverse,
    } for q in survey.questions if q.type == "likert"]

    scored = [d for d in results.dimensions if not d.mean.suppressed and d.mean.value]
    best = max(scored, key=lambda d: d.mean.value or 0.0, default=None)
    worst = min(scored, key=lambda d: d.mean.value or 0.0, default=None)
    return {
        "round": results.round_name, "opens": rnd.opens if rnd else None,
        "closes": rnd.closes if rnd else None,
        "respondents": results.respondents, "responded": results.members_responded,
        "members": results.members_total, "rate": fmt.share(results.response_rate),
        "target": fmt.share(results.target),
        "below_target": results.response_rate < results.target,
        "rates": rates, "dimensions": dims, "item_figures": item_figures,
        "breakdowns": breakdowns, "disagreements": disagreements, "choices": choices,
        "change": change, "previous": results.previous_round_name,
        "questionnaire": questionnaire, "hidden_marker": fmt.hidden,
        "protected_marker": fmt.protected,
        "best": {"name": best.name, "mean": fmt.cell(best.mean)} if best else None,
        "worst": {"name": worst.name, "mean": fmt.cell(worst.mean)}
        if worst and worst is not best else None,
    }


def survey_quotes(results: SurveyResults | None, _: Gettext) -> list[dict[str, str]]:
    """Quotable answers, attributed to no one."""
    if results is None:
        return []
    return [{"text": text, "by": _("a survey respondent"), "theme": ""}
            for text in results.quotes]


def _breakdowns(results: SurveyResults) -> list[Any]:
    """Breakdowns worth a table: at least two groups shown side by side in some row."""
    return [b for b in results.breakdowns
            if any(sum(not c.suppressed and c.value is not None for c in cells) >= 2
                   for _id, _name, cells in b.rows)]


def _group_in(name: str, by: str, results: SurveyResults,
              group_name: Callable[[str, str, str], str]) -> str:
    for b in results.breakdowns:
        if b.by == by:
            for gid, gname in b.groups:
                if gname == name:
                    return group_name(by, gid, gname)
    return name


def _local(label: str | dict[str, str] | None, lang: str, fallback: str) -> str:
    """Survey wording in the report's language: the one text, or that language's, or
    `fallback` (the analysis's default-language wording) when it has none."""
    if label is None:
        return fallback
    return label if isinstance(label, str) else label.get(lang, fallback)


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 and not text.startswith("+") else text

"""The member survey's part of the assessment: SurveyResults → what the templates display.

Privacy is decided in analysis/privacy.py (suppressed cells arrive without value or count);
this module only words and formats: numbers in the report's locale, fixed labels through the
catalog, survey wording in the report's language where the instrument has it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netconsult.render import labels as L
from netconsult.render.context.assessment_data import QuoteRow
from netconsult.render.context.survey_chapter import (
    Breakdown,
    BreakdownRow,
    ChangeRow,
    ChoiceRow,
    DimensionRow,
    DisagreementRow,
    GroupsAt,
    LowestRate,
    QuestionRow,
    Ranked,
    RateRow,
    SurveyChapter,
)
from netconsult.render.labels import N_
from netconsult.render.numbers import Numbers
from netconsult.render.phrases import at_bottom, at_top, names

if TYPE_CHECKING:
    from netconsult.analysis.survey import (
        ChoiceResult,
        Disagreement,
        ItemScore,
        SurveyResults,
    )
    from netconsult.project.load import Project
    from netconsult.render.charts import LikertRow
    from netconsult.render.context.base import Figure, ReportBuilder

Gettext = Callable[[str], str]
#: How the response rate compares with the survey's target, for the executive summary.
TARGET_WORDS = {"below": N_("below the target of %(target)s"),
                "meets": N_("meeting the target of %(target)s"),
                "above": N_("above the target of %(target)s")}


def survey_sections(ctx: ReportBuilder, results: SurveyResults | None, _: Gettext) -> None:
    """Declare the survey chapter's sections, in reading order."""
    if results is None:
        return
    ctx.section("survey", _("What the member survey found"))
    ctx.section("survey-response", _("Who answered"), 2)
    if results.dimensions:
        ctx.section("survey-dimensions", _("Scores by dimension"), 2)
    if _breakdowns(results):
        ctx.section("survey-groups", _("Differences between groups"), 2)
    if results.disagreements:
        ctx.section("survey-disagreement", _("Where members disagree most"), 2)
    if results.choices:
        ctx.section("survey-choices", _("Activities and choices"), 2)
    if results.change:
        ctx.section("survey-change", _("Change since the previous round"), 2)


class _Chapter:
    """What every part of the survey chapter shares: the report being built, the results,
    and numbers and survey wording in the report's language."""

    def __init__(self, project: Project, ctx: ReportBuilder, results: SurveyResults,
                 _: Gettext) -> None:
        from netconsult.render.environment import translations

        survey = project.survey
        assert survey is not None  # results exist only for a project with a survey
        self.ctx, self.results, self.gettext = ctx, results, _
        self.lang = ctx.lang
        self.ngettext = translations(ctx.lang).ngettext
        self.fmt = Numbers(ctx.lang, results.min_group_size, _)
        self.questions = {q.id: q for q in survey.questions}

    def wording(self, qid: str, fallback: str) -> str:
        """A question's wording in the report's language."""
        question = self.questions.get(qid)
        return _local(question.label if question else None, self.lang, fallback)

    def group_name(self, by: str, group: str, name: str) -> str:
        """A group's display name: a region's, a type's or size's label, a choice's wording."""
        _ = self.gettext
        if not group:
            return _("Not stated")
        if by == "type":
            return _(L.MEMBER_TYPE.get(group, name))
        if by == "size":
            return _(L.MEMBER_SIZE.get(group, name))
        if by in self.questions:  # an attribute question: its choice's wording
            choice = next((c for c in self.questions[by].choices if c.name == group), None)
            return _local(choice.label if choice else None, self.lang, name)
        return name

    def by_name(self, by: str, name: str) -> str:
        """The name of what groups are compared by: "region", or an attribute's wording."""
        return self.gettext(L.BREAKDOWN[by]) if by in L.BREAKDOWN else self.wording(by, name)

    def people(self, counts: list[int]) -> tuple[int, dict[str, str]]:
        """How many people are behind a figure ("38" or "38–41" across its rows), for a
        source line: the count that picks the plural, and the line's values."""
        low, high = min(counts, default=0), max(counts, default=0)
        return high, {"round": self.results.round_name,
                      "people": str(high) if low == high else f"{low}–{high}"}


def survey_data(project: Project, ctx: ReportBuilder, results: SurveyResults,
                _: Gettext) -> SurveyChapter:
    """Tables, figures and sentences of the survey chapter. Tables and figures are declared
    in the order the chapter shows them, for their numbers."""
    survey = project.survey
    assert survey is not None  # results exist only for a project with a survey
    ch = _Chapter(project, ctx, results, _)
    fmt = ch.fmt
    rnd = next((r for r in survey.rounds if r.id == results.round_id), None)

    # A group with no member organisation is listed only when people answered without
    # naming one ("Not stated"), so the rows still add up to the total.
    region_rates = [r for r in results.rates if r.by == "region" and r.members]
    unplaced = [r for r in results.rates if r.by == "region" and not r.members
                and (r.respondents.suppressed or r.respondents.n)]
    rates = tuple(RateRow(
        group=ch.group_name(r.by, r.group, r.group_name), members=r.members,
        responded=r.responded, rate=fmt.share(r.rate), people=fmt.count(r.respondents),
    ) for r in region_rates + unplaced)
    if rates:
        ctx.table("survey-rates", _("Survey response by region"))
    dims, item_figures = _dimensions(ch)
    breakdowns = _breakdown_tables(ch)
    disagreements = tuple(_disagreement(ch, d) for d in results.disagreements)
    if disagreements:
        ctx.table("survey-disagreement", _("Statements on which groups disagree most"))
    choices = tuple(_choice(ch, c) for c in results.choices)
    change = tuple(ChangeRow(
        name=c.name, before=fmt.cell(c.before), after=fmt.cell(c.after),
        delta="–" if c.delta is None else _signed(fmt.score(c.delta), c.delta),
    ) for c in results.change)
    if change:
        ctx.table("survey-change", _("Change in mean scores since %(round)s")
                  % {"round": results.previous_round_name or ""})

    dimension_names = {d.id: d.name for d in results.dimensions}
    questionnaire = tuple(QuestionRow(
        id=q.id, dimension=dimension_names.get(q.dimension or "", q.dimension or ""),
        text=ch.wording(q.id, q.id), reverse=q.reverse,
    ) for q in survey.questions if q.type == "likert")

    scored = [d for d in results.dimensions if not d.mean.suppressed and d.mean.value]
    best = at_top(scored, lambda d: d.mean.value or 0.0, fmt.score)
    worst = at_bottom(scored, lambda d: d.mean.value or 0.0, fmt.score)
    unanswered = [r for r in region_rates if r.responded == 0]
    lowest = at_bottom([r for r in region_rates if r.rate is not None],
                       lambda r: r.rate or 0.0, fmt.share)
    return SurveyChapter(
        round=results.round_name, opens=rnd.opens if rnd else None,
        closes=rnd.closes if rnd else None,
        respondents=results.respondents, responded=results.members_responded,
        members=results.members_total, rate=fmt.share(results.response_rate),
        target=fmt.share(results.target),
        below_target=results.response_rate < results.target,
        against_target="below" if results.response_rate < results.target
        else "meets" if fmt.share(results.response_rate) == fmt.share(results.target)
        else "above",
        rates=rates, dimensions=dims, item_figures=item_figures,
        dimensions_figure="survey-dimensions" in ctx.figures,
        items_hidden=len(item_figures) < len(results.dimensions),
        breakdowns=breakdowns, disagreements=disagreements,
        choices=choices, change=change, previous=results.previous_round_name,
        questionnaire=questionnaire, hidden_marker=fmt.hidden,
        protected_marker=fmt.protected,
        reversed=any(q.reverse for q in questionnaire),
        best=_ranked([d.name for d in best], fmt.cell(best[0].mean), ctx.lang)
        if best else None,
        worst=_ranked([d.name for d in worst], fmt.cell(worst[0].mean), ctx.lang)
        if worst and fmt.cell(worst[0].mean) != fmt.cell(best[0].mean) else None,
        unanswered=tuple(ch.group_name("region", r.group, r.group_name) for r in unanswered),
        lowest=LowestRate(
            names=tuple(ch.group_name("region", r.group, r.group_name) for r in lowest),
            responded=lowest[0].responded, members=lowest[0].members,
            rate=fmt.share(lowest[0].rate))
        if lowest and len(region_rates) > 1 and (lowest[0].rate or 0) < 1 else None,
    )


def _dimensions(ch: _Chapter) -> tuple[tuple[DimensionRow, ...], tuple[Figure, ...]]:
    """The scores by dimension (a table and a chart) and one chart per dimension of the
    answers to its statements, as worded."""
    from netconsult.render.charts import Bar, bar_chart, likert_chart

    ctx, results, fmt, _ = ch.ctx, ch.results, ch.fmt, ch.gettext
    dims = tuple(DimensionRow(
        name=d.name, item_count=d.items, n=d.n, mean=fmt.cell(d.mean),
        agree=fmt.cell(d.share_agree, "share"), dk=d.dont_know,
        na=d.not_applicable, alpha=fmt.alpha(d.alpha),
    ) for d in results.dimensions)
    item_figures: list[Figure] = []
    dim_people = ch.people([d.n for d in results.dimensions])
    if dims:
        ctx.table("survey-dimensions", _("Scores by dimension"))
    # A figure is drawn only when it shows something: not a chart of hidden stubs.
    if any(not d.mean.suppressed and d.mean.value is not None for d in results.dimensions):
        ctx.figure("survey-dimensions", _("Mean score by dimension (1 = strongly disagree, "
                                          "5 = strongly agree)"), bar_chart(
            [Bar(d.name, None if d.mean.suppressed else d.mean.value, fmt.hidden)
             for d in results.dimensions],
            value_format=fmt.score, title=_("Mean score by dimension"), scale=(1, 5),
            **ctx.chart_options()),
            source=ch.ngettext("Member survey (%(round)s): %(people)s person with a score "
                               "on each dimension", "Member survey (%(round)s): %(people)s "
                               "people with a score on each dimension", dim_people[0])
            % dim_people[1])
    for d in results.dimensions:
        items = [i for i in results.items if i.dimension == d.id]
        rows = item_rows(items, ch.wording, fmt.hidden, _)
        if all(r.shares is None for r in rows):
            continue
        n, values = ch.people([i.n for i in items])
        item_figures.append(ctx.figure(
            f"survey-items-{d.id}",
            _("Answers to the statements of %(dimension)s, as worded") % {"dimension": d.name},
            likert_chart(rows, title=d.name,
                         **ctx.chart_options()),
            source=ch.ngettext("Member survey (%(round)s): %(people)s person answered each "
                               "statement", "Member survey (%(round)s): %(people)s people "
                               "answered each statement", n) % values))
    return dims, tuple(item_figures)


def _breakdown_tables(ch: _Chapter) -> tuple[Breakdown, ...]:
    """Mean score by dimension for the groups of each variable worth a table."""
    fmt, _ = ch.fmt, ch.gettext
    tables = []
    for b in _breakdowns(ch.results):
        ch.ctx.table(f"survey-by-{b.by}", _("Mean score by dimension and %(by)s")
                     % {"by": ch.by_name(b.by, b.by_name).lower()})
        tables.append(Breakdown(
            key=f"survey-by-{b.by}", by=ch.by_name(b.by, b.by_name),
            groups=tuple(ch.group_name(b.by, g, n) for g, n in b.groups),
            rows=tuple(BreakdownRow(name=name, cells=tuple(fmt.cell(c) for c in cells),
                                    total=fmt.cell(total))
                       for (_id, name, cells), total in zip(b.rows, b.total, strict=True)),
            hidden=any(c.suppressed for _id, _n, cells in b.rows for c in cells),
        ))
    return tuple(tables)


def _disagreement(ch: _Chapter, d: Disagreement) -> DisagreementRow:
    """A statement that divides groups, with the groups at each end as worded."""
    _ = ch.gettext

    def groups_at(pick: Callable[..., list[tuple[str, float]]]) -> GroupsAt:
        """The groups agreeing most (pick=at_top) or least with the statement as worded,
        all of them when several print the same mean."""
        worded = list(d.as_answered) or [(n, 6 - v if d.reverse else v)
                                         for n, v in (d.high, d.low)]
        chosen = pick(worded, lambda g: g[1], ch.fmt.score)
        return GroupsAt(names=tuple(_group_in(n, d.by, ch.results, ch.group_name)
                                    for n, _v in chosen),
                        mean=ch.fmt.score(chosen[0][1]))

    most, least = groups_at(at_top), groups_at(at_bottom)
    return DisagreementRow(
        label=ch.wording(d.item, d.label), by=ch.by_name(d.by, d.by_name),
        spread=ch.fmt.score(d.spread), reverse=d.reverse,
        favourable=_("Disagree") if d.reverse else _("Agree"),
        most=most, least=least,
        high=f"{names(most.names, ch.lang)} ({most.mean})",
        low=f"{names(least.names, ch.lang)} ({least.mean})",
    )


def _choice(ch: _Chapter, c: ChoiceResult) -> ChoiceRow:
    """A choice question and the chart of its answers, unless every share is hidden."""
    from netconsult.render.charts import Bar, bar_chart

    fmt, ctx = ch.fmt, ch.ctx
    label = ch.wording(c.id, c.label)
    choice_labels = {x.name: x.label for x in ch.questions[c.id].choices} \
        if c.id in ch.questions else {}
    bars = [Bar(_local(choice_labels.get(name), ch.lang, text),
                None if cell.suppressed else cell.value, fmt.hidden)
            for name, text, cell in c.rows]
    if all(b.value is None for b in bars):
        return ChoiceRow(label=label, n=c.n, figure=None)
    return ChoiceRow(label=label, n=c.n, figure=ctx.figure(
        f"survey-choice-{c.id}", label,
        bar_chart(bars, value_format=fmt.share, title=label, scale=(0, 1),
                  **ctx.chart_options()),
        source=ch.ngettext("Member survey (%(round)s): %(people)s person answered the "
                           "question", "Member survey (%(round)s): %(people)s people "
                           "answered the question", c.n) % ch.people([c.n])[1]))


def _ranked(dimensions: list[str], mean: str, lang: str) -> Ranked:
    return Ranked(names=tuple(dimensions), label=names(dimensions, lang), mean=mean)


def item_rows(items: list[ItemScore], wording: Callable[[str, str], str], hidden: str,
              _: Gettext) -> list[LikertRow]:
    """One chart row per statement: the answers as given to the statement as worded (a
    reversed statement is not turned round), and which side is favourable."""
    from netconsult.render.charts import LikertRow

    rows = []
    for i in items:
        answered = i.answered
        shares = None if any(c.suppressed for c in answered) or i.n == 0 \
            else tuple(c.value or 0.0 for c in answered)
        label = wording(i.id, i.label)
        if i.reverse:
            label += " " + _("(disagreeing is favourable)")
        rows.append(LikertRow(label, shares, hidden,  # type: ignore[arg-type]
                              favourable=i.favourable))
    return rows


def summary_lines(data: SurveyChapter, lang: str, _: Gettext) -> list[str]:
    """The executive summary's key messages about the survey, from `survey_data`'s result:
    who answered and whom they speak for, the strongest and weakest dimensions, and the
    widest gap between groups."""
    from netconsult.render.environment import translations

    ngettext = translations(lang).ngettext
    lines = [ngettext(
        "%(num)d person from %(responded)d of the %(members)d member organisations "
        "(%(rate)s) answered the member survey (%(round)s)",
        "%(num)d people from %(responded)d of the %(members)d member organisations "
        "(%(rate)s) answered the member survey (%(round)s)", data.respondents)
        % {"num": data.respondents, "responded": data.responded,
           "members": data.members, "rate": data.rate, "round": data.round}
        + (", " + _(TARGET_WORDS[data.against_target]) % {"target": data.target}
           if data.members else "") + "."]
    if data.unanswered:
        lines.append(_("No member organisation in %(regions)s answered, so the results do "
                       "not speak for it.") % {"regions": names(data.unanswered, lang)}
                     if len(data.unanswered) == 1 else
                     _("No member organisation in %(regions)s answered, so the results do "
                       "not speak for them.") % {"regions": names(data.unanswered, lang)})
    elif data.lowest:
        low = data.lowest
        lines.append(_("Every region is represented; the response was lowest in %(regions)s "
                       "(%(rate)s of member organisations).")
                     % {"regions": names(low.names, lang), "rate": low.rate})
    best, worst = data.best, data.worst
    if best and worst:
        lines.append(_("Members rated %(best)s highest (%(best_mean)s of 5) and %(worst)s "
                       "lowest (%(worst_mean)s of 5).")
                     % {"best": names(best.names, lang), "best_mean": best.mean,
                        "worst": names(worst.names, lang), "worst_mean": worst.mean})
    elif best:
        lines.append(_("Members rated every dimension alike (%(mean)s of 5).")
                     % {"mean": best.mean} if len(best.names) > 1 else
                     _("Members rated %(dimension)s %(mean)s of 5.")
                     % {"dimension": best.names[0], "mean": best.mean})
    if data.disagreements:
        d = data.disagreements[0]
        lines.append((_("Groups differ most on “%(statement)s” (disagreeing is favourable): "
                        "%(most)s agreed most (%(high)s of 5), %(least)s least (%(low)s).")
                      if d.reverse else
                      _("Groups differ most on “%(statement)s”: %(most)s agreed most "
                        "(%(high)s of 5), %(least)s least (%(low)s)."))
                     % {"statement": d.label.rstrip("."),
                        "most": names(d.most.names, lang),
                        "high": d.most.mean, "least": names(d.least.names, lang),
                        "low": d.least.mean})
    return lines


def survey_quotes(results: SurveyResults | None, _: Gettext) -> tuple[QuoteRow, ...]:
    """Quotable answers, attributed to no one."""
    if results is None:
        return ()
    return tuple(QuoteRow(text=text, by=_("a survey respondent"), theme="")
                 for text in results.quotes)


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

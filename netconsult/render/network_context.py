"""The network's part of the assessment: ProjectNetwork → what the templates display.

Privacy is decided upstream: member labels are names or codes (analysis.ties), and trust
and value resting on too few raters arrive suppressed (analysis.network). This module only
words and formats, in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from netconsult.render import labels as L
from netconsult.render.context.network_chapter import (
    InclusionRow,
    MemberTieRow,
    MostConnected,
    NetworkChange,
    NetworkChapter,
    RegionRow,
    SensitivityRow,
)
from netconsult.render.context.survey_chapter import ChangeRow
from netconsult.render.numbers import Numbers
from netconsult.render.phrases import at_top, names, share_words, top_n

if TYPE_CHECKING:
    from netconsult.analysis.network import MetricChange, NetworkScore, PartnerScore
    from netconsult.analysis.project_network import ProjectNetwork
    from netconsult.project.load import Project
    from netconsult.render.context.base import Figure, ReportBuilder

Gettext = Callable[[str], str]
#: Members listed in the chapter's table; a large network shows its most connected.
MEMBER_ROWS = 25


def network_sections(ctx: ReportBuilder, network: ProjectNetwork | None, _: Gettext) -> None:
    """Declare the network chapter's sections, in reading order."""
    if network is None:
        return
    ctx.section("network", _("How members work together"))
    ctx.section("network-shape", _("The shape of the network"), 2)
    ctx.section("network-members", _("Connectors and members at the edge"), 2)
    ctx.section("network-regions", _("Ties across regions"), 2)
    if network.result.inclusion.by_size:
        ctx.section("network-inclusion", _("Small and large members"), 2)
    if network.result.asked:  # the readings differ only in how survey reports count
        ctx.section("network-sensitivity", _("How much the figures depend on who answered"),
                    2)
    if network.change is not None:
        ctx.section("network-change", _("Change since the previous round"), 2)


class _Format(Numbers):
    """Numbers as the network chapter prints them, in the report's language."""

    def decimal(self, value: float | None, pattern: str = "0.00") -> str:
        from babel.numbers import format_decimal

        return "–" if value is None else str(format_decimal(value, pattern, locale=self.lang))

    @staticmethod
    def integer(value: int | None) -> str:
        return "–" if value is None else str(value)


def network_data(project: Project, ctx: ReportBuilder, network: ProjectNetwork,
                 _: Gettext) -> NetworkChapter:
    """Tables, the map and the sentences of the network chapter. Tables and the map are
    declared in the order the chapter shows them, for their numbers."""
    from netconsult.analysis.survey import round_name

    r = network.result
    fmt = _Format(ctx.lang, r.min_group_size, _)
    labels = {n.id: n.label for n in network.input.nodes}
    rule_words = {
        "observed": _("a tie is one member organisation naming another, so a pair that named "
                      "each other counts as two ties"),
        "either": _("a pair of member organisations counts as one tie when either of them "
                    "named the other"),
        "both": _("a pair of member organisations counts as one tie only when each named "
                  "the other"),
    }

    key_figures = _key_figures(network, fmt, _)
    ctx.table("network-figures", _("The network in figures"))
    recorded = any(t.origin == "recorded" for t in network.input.reports)
    met = any(t.origin == "meetings" for t in network.input.reports)
    map_figure = _map(project, ctx, network, recorded, met, _)

    ranked = sorted(r.member_metrics, key=lambda m: (-(m.degree or 0), -(m.betweenness or 0),
                                                     m.label))
    members = tuple(MemberTieRow(
        label=m.label, region=m.region_name, ties=fmt.integer(m.degree),
        named_by=fmt.integer(m.in_degree), named=fmt.integer(m.out_degree) if m.responded else "–",
        betweenness=fmt.decimal(m.betweenness, "0.000"),
        cross=fmt.share(m.cross_region_share), trust=fmt.partner(m.trust),
        value=fmt.partner(m.value), edge=m.at_edge,
    ) for m in ranked[:MEMBER_ROWS])
    if members:
        ctx.table("network-members", _("Members by number of ties"))
    brokers = tuple(m.label for m in top_n(
        [m for m in r.member_metrics if (m.betweenness or 0) > 0],
        lambda m: m.betweenness or 0.0, lambda v: fmt.decimal(v, "0.000"), 3))

    region_rows = tuple(RegionRow(
        name=g.name, members=g.members, responding=g.responding,
        internal=fmt.integer(g.internal_ties), external=fmt.integer(g.external_ties),
        ei=fmt.decimal(g.ei_index, "+0.00"), mean_degree=fmt.decimal(g.mean_degree, "0.0"),
        edge=g.at_edge,
    ) for g in r.region_metrics)
    if region_rows:
        ctx.table("network-regions", _("Ties inside and across regions"))

    inclusion = tuple(InclusionRow(
        size=_(L.MEMBER_SIZE.get(row.size, row.size_name)) if row.size else _("Not stated"),
        members=row.members, mean_degree=fmt.decimal(row.mean_degree, "0.0"),
        betweenness=fmt.decimal(row.mean_betweenness, "0.000"),
        edge=fmt.share(row.share_at_edge), trust=fmt.partner(row.trust_received),
        value=fmt.partner(row.value_received),
    ) for row in r.inclusion.by_size)
    if inclusion:
        ctx.table("network-inclusion", _("How connected members of each size are"))
    region_names = {g.id: g.name for g in r.region_metrics}

    sensitivity = _sensitivity(network, fmt, _)
    if r.asked:
        ctx.table("network-sensitivity", _("Density and centralization under each reading "
                                           "of the survey"))
    change = _change(project, network, fmt, _) if network.change is not None else None
    if change is not None:
        ctx.table("network-change", _("Change in the network since %(round)s")
                  % {"round": change.before})

    # "Most connected" means something only above the edge (one tie or none).
    most = at_top([m for m in ranked if (m.degree or 0) > 1], lambda m: m.degree or 0, str)
    edge_members = tuple(labels[i] for i in r.inclusion.members_at_edge)
    edge_regions = tuple(region_names.get(i, i) for i in r.inclusion.regions_at_edge)
    return NetworkChapter(
        round=round_name(project, r.round) if r.round else None,
        asked=r.asked, responding=r.responding, members=r.members,
        rate=fmt.share(r.response_rate), reports=r.reports,
        recorded=recorded, meetings=met,
        rule=r.rule, rule_words=rule_words[r.rule], ties_count=r.ties or 0,
        figures=key_figures, map=map_figure,
        density=fmt.share(r.density), ties=fmt.integer(r.ties),
        density_value=r.density, cross_value=r.cross_region_share,
        cross=fmt.share(r.cross_region_share),
        most=MostConnected(labels=tuple(m.label for m in most),
                           label=names([m.label for m in most], ctx.lang),
                           ties=most[0].degree or 0, everyone=len(most) == len(ranked))
        if most else None,
        brokers=brokers, brokers_label=names(brokers, ctx.lang),
        members_table=members,
        more_members=max(0, len(ranked) - MEMBER_ROWS),
        edge_members=edge_members, edge_label=names(edge_members, ctx.lang),
        edge_regions_label=names(edge_regions, ctx.lang), edge_regions=edge_regions,
        isolates=tuple(labels[i] for i in r.isolates),
        regions=region_rows, inclusion=inclusion, sensitivity=sensitivity,
        change=change, hidden_marker=fmt.hidden, protected_marker=fmt.protected,
        trust=None if r.trust.mean is None and not r.trust.suppressed
        else _of_four(r.trust, fmt, _),
        value=None if r.value.mean is None and not r.value.suppressed
        else _of_four(r.value, fmt, _),
        named=project.config.privacy.show_member_names,
    )



def _of_four(score: PartnerScore | NetworkScore, fmt: Numbers, _: Gettext) -> str:
    """A PARTNER rating as the mean on its own scale: "3.1 of 4" (never a percent, which
    would read as a share of people)."""
    if score.suppressed:
        return fmt.mark(score)
    return _("%(mean)s of 4") % {"mean": fmt.score(score.mean)}


def _key_figures(network: ProjectNetwork, fmt: _Format,
                 _: Gettext) -> tuple[tuple[str, str], ...]:
    """The network in figures: (name, value) rows."""
    r = network.result
    ties_name = {
        "observed": _("Ties (one member organisation naming another)"),
        "either": _("Ties (pairs of member organisations working together)"),
        "both": _("Ties (pairs of member organisations working together)"),
    }
    rows = [
        (ties_name[r.rule], fmt.integer(r.ties)),
        (_("Density (share of possible ties that exist)"), fmt.share(r.density)),
        (_("Mean number of ties per member"), fmt.decimal(r.mean_degree, "0.0")),
        (_("Connected groups (members without ties count alone)"), fmt.integer(r.components)),
        (_("Members without ties"), str(len(r.isolates))),
        (_("Reciprocity (ties returned, among responding members)"), fmt.share(r.reciprocity)),
        (_("Degree centralization (0 = evenly spread, 1 = a star)"),
         fmt.decimal(r.degree_centralization)),
        (_("Betweenness centralization"), fmt.decimal(r.betweenness_centralization)),
        (_("Share of ties that cross regions"), fmt.share(r.cross_region_share)),
        (_("E-I index (−1 all inside regions, +1 all across)"),
         fmt.decimal(r.ei_index, "+0.00")),
    ]
    for name, s in ((_("Partner trust rating, 1–4"), r.trust),
                    (_("Partner value rating, 1–4"), r.value)):
        if s.suppressed or s.mean is not None:
            rows.append((name, _of_four(s, fmt, _)))
    return tuple(rows)


def _map(project: Project, ctx: ReportBuilder, network: ProjectNetwork, recorded: bool,
         met: bool, _: Gettext) -> Figure:
    """The network map: members coloured by region and sized by their ties."""
    from netconsult.analysis.network import build_graph
    from netconsult.render.network_map import MAP_LABELS, MapEdge, MapNode, network_map

    r = network.result
    degree = {m.id: m.degree or 0 for m in r.member_metrics}
    mutual = _mutual_pairs(network)
    graph = build_graph(network.input, r.rule)  # tie strength as the metrics count it
    edges = [MapEdge(a, b, graph.edges[a, b]["strength"], (a, b) in mutual or (b, a) in mutual)
             for a, b in r.edges]
    regions = [(g.id, g.name) for g in project.network.regions]
    return ctx.figure("network-map", _("Who works with whom"), network_map(
        [MapNode(n.id, n.label, n.region, degree.get(n.id, 0)) for n in network.input.nodes],
        edges, regions, title=_("Who works with whom"),
        labels={k: _(v) for k, v in MAP_LABELS.items()}),
        source=map_source(project, network, recorded, met, ctx.lang, _))


def _sensitivity(network: ProjectNetwork, fmt: _Format,
                 _: Gettext) -> tuple[SensitivityRow, ...]:
    """Density and centralization under each reading of the survey's tie reports."""
    names = {
        "observed": _("As reported (directed)"), "either": _("Named by either side"),
        "both": _("Named by both sides"), "respondents": _("Responding members only"),
    }
    return tuple(SensitivityRow(
        rule=names[row.rule], chosen=row.chosen, members=row.members,
        ties=fmt.integer(row.ties), density=fmt.share(row.density),
        centralization=fmt.decimal(row.degree_centralization),
    ) for row in network.result.sensitivity)


def _change(project: Project, network: ProjectNetwork, fmt: _Format,
            _: Gettext) -> NetworkChange:
    """The network's measures in this round and the one before."""
    from netconsult.analysis.survey import round_name

    c = network.change
    assert c is not None

    def row(name: str, metric: MetricChange, as_share: bool = False,
            as_rating: bool = False) -> ChangeRow:
        def shown(v: float | None) -> str:
            if as_share:
                return fmt.share(v)
            if as_rating:  # PARTNER's percent back on its 1-4 scale: mean = % × 4 / 100
                return "–" if v is None else fmt.decimal(v * 4 / 100, "0.0")
            return fmt.decimal(v)

        delta = metric.delta
        text = shown(delta) if delta is not None else "–"
        if delta is not None and delta > 0:
            text = "+" + text
        return ChangeRow(name=name, before=shown(metric.before), after=shown(metric.after),
                         delta=text)

    return NetworkChange(
        before=round_name(project, c.before_round) if c.before_round else "",
        new=len(c.new_ties) if c.new_ties is not None else None,
        lost=len(c.lost_ties) if c.lost_ties is not None else None,
        both=len(c.responding_both),
        rows=(row(_("Density"), c.density, as_share=True),
              row(_("Degree centralization"), c.degree_centralization),
              row(_("Share of ties that cross regions"), c.cross_region_share, as_share=True),
              row(_("Partner trust rating, 1–4"), c.trust_percent, as_rating=True),
              row(_("Partner value rating, 1–4"), c.value_percent, as_rating=True)),
    )

def map_source(project: Project, network: ProjectNetwork, recorded: bool, met: bool,
               lang: str, _: Gettext) -> str:
    """The map's source line: the survey round and how many organisations answered the tie
    question, and the ties the team recorded or drew from meetings."""
    from netconsult.analysis.survey import round_name
    from netconsult.render.environment import translations

    ngettext = translations(lang).ngettext
    r = network.result
    parts = []
    if r.asked and r.round:
        parts.append(ngettext(
            "member survey (%(round)s), tie question answered for %(responding)d of the "
            "%(num)d member organisation",
            "member survey (%(round)s), tie question answered for %(responding)d of the "
            "%(num)d member organisations", r.members)
            % {"round": round_name(project, r.round), "responding": r.responding,
               "num": r.members})
    if recorded:
        parts.append(_("agreements and joint projects recorded by the team"))
    if met:
        parts.append(_("attendance at network meetings"))
    text = "; ".join(parts) or _("the project's records")
    return text[:1].upper() + text[1:]


def summary_lines(data: NetworkChapter, lang: str, _: Gettext) -> list[str]:
    """The executive summary's key messages about the network, from `network_data`'s result:
    how many ties and how dense, how much crosses regions, the most connected members and
    the members at the edge."""
    from netconsult.render.environment import translations

    ngettext = translations(lang).ngettext
    lines: list[str] = []
    ties = data.ties_count
    if ties == 0:
        return [_("No working ties between members are known yet.")]
    density = data.density_value
    said = ngettext("The map counts %(num)d working tie between members",
                    "The map counts %(num)d working ties between members", ties) % {"num": ties}
    added = data.recorded or data.meetings
    if data.asked and data.reports:
        if data.rule == "observed":
            said = ngettext("Respondents named partners %(num)d time: %(ties)d working ties, "
                            "one organisation naming another",
                            "Respondents named partners %(num)d times: %(ties)d working ties, "
                            "one organisation naming another", data.reports)
        elif added:
            said = ngettext("Respondents named partners %(num)d time; counted once per pair "
                            "of organisations, with the ties the team recorded, that makes "
                            "%(ties)d working ties",
                            "Respondents named partners %(num)d times; counted once per pair "
                            "of organisations, with the ties the team recorded, that makes "
                            "%(ties)d working ties", data.reports)
        else:
            said = ngettext("Respondents named partners %(num)d time; counted once per pair "
                            "of organisations, that makes %(ties)d working ties",
                            "Respondents named partners %(num)d times; counted once per pair "
                            "of organisations, that makes %(ties)d working ties",
                            data.reports)
        said %= {"num": data.reports, "ties": ties}
    if density is not None:
        said += _(", so %(words)s of all possible pairs of members work together "
                  "(density %(density)s)") % {"words": share_words(density, _),
                                              "density": data.density}
    lines.append(said + ".")
    if data.cross_value is not None and len(data.regions) > 1:
        lines.append(_("%(words)s of the ties (%(share)s) join members of different regions.")
                     % {"words": share_words(data.cross_value, _).capitalize(),
                        "share": data.cross})
    most = data.most
    if most and most.everyone:
        lines.append(ngettext("Every member has %(num)d tie.", "Every member has %(num)d ties.",
                              most.ties) % {"num": most.ties})
    elif most:
        lines.append(ngettext(
            "%(members)s is the most connected member, with %(num)d tie.",
            "%(members)s is the most connected member, with %(num)d ties.", most.ties)
            % {"members": most.label, "num": most.ties} if len(most.labels) == 1
            else ngettext(
            "%(members)s are the most connected members, with %(num)d tie each.",
            "%(members)s are the most connected members, with %(num)d ties each.",
            most.ties) % {"members": most.label, "num": most.ties})
    edge = data.edge_members
    if edge:
        lines.append(ngettext("%(num)d member is at the edge, with one tie or none: "
                              "%(members)s.",
                              "%(num)d members are at the edge, with one tie or none: "
                              "%(members)s.", len(edge))
                     % {"num": len(edge), "members": data.edge_label})
    else:
        lines.append(_("No member is at the edge: every member has at least two ties."))
    return lines


def _mutual_pairs(network: ProjectNetwork) -> set[tuple[str, str]]:
    """Pairs tied from both sides: named by each other, or recorded or met (facts about
    both). Under the observed rule the map draws a pair named one way as one-sided."""
    named: set[tuple[str, str]] = set()
    both: set[tuple[str, str]] = set()
    for t in network.input.reports:
        if t.directed:
            named.add((t.source, t.target))
        else:
            both.update({(t.source, t.target), (t.target, t.source)})
    return both | {(a, b) for a, b in named if (b, a) in named}

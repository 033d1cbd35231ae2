"""The assessment's sentences that follow the data: the network's size, how the meetings
were held, who took part, and the key messages of the executive summary.

Every count goes through ngettext, nothing says "0 of 0", and superlatives name every theme
that shares the top place. Dates are not formatted here: templates print them through `| date`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from netconsult.project.load import Meeting
from netconsult.render.context.base import Gettext

Ngettext = Callable[[str, str, int], str]
T = TypeVar("T")


@dataclass(frozen=True)
class Words:
    """The report language's gettext, ngettext and list joining ("a, b and c")."""

    _: Gettext
    n_: Ngettext
    lang: str

    def join(self, items: Sequence[str]) -> str:
        from babel.lists import format_list

        return format_list(list(items), locale=self.lang) if items else ""


def top(items: Sequence[T], key: Callable[[T], int]) -> list[T]:
    """Every item that shares the highest value of `key` (none when that value is 0)."""
    best = max((key(i) for i in items), default=0)
    return [i for i in items if key(i) == best] if best > 0 else []


def organisations(w: Words, n: int) -> str:
    return w.n_("%(num)d member organisation", "%(num)d member organisations", n) % {"num": n}


def meetings_phrase(w: Words, n: int) -> str:
    return w.n_("%(num)d meeting", "%(num)d meetings", n) % {"num": n}


def kind_phrase(w: Words, kind: str, n: int) -> str:
    """`n` meetings of one kind: "1 kick-off meeting", "5 regional meetings"."""
    forms = {
        "kickoff": w.n_("%(num)d kick-off meeting", "%(num)d kick-off meetings", n),
        "regional": w.n_("%(num)d regional meeting", "%(num)d regional meetings", n),
        "interview": w.n_("%(num)d interview", "%(num)d interviews", n),
        "workshop": w.n_("%(num)d workshop", "%(num)d workshops", n),
        "training": w.n_("%(num)d training session", "%(num)d training sessions", n),
        "summit": w.n_("%(num)d summit", "%(num)d summits", n),
        "mentoring": w.n_("%(num)d mentoring session", "%(num)d mentoring sessions", n),
    }
    form = forms.get(kind) or w.n_("%(num)d other meeting", "%(num)d other meetings", n)
    return form % {"num": n}


def region_share(w: Words, n: int, total: int) -> str:
    """How many of the network's regions: "4 of the 5 regions", "all 5 regions"."""
    if n == total and total > 1:
        return w._("all %(total)d regions") % {"total": total}
    return w.n_("%(num)d of the %(total)d region", "%(num)d of the %(total)d regions",
                total) % {"num": n, "total": total}


def profile_sentence(w: Words, members: int, countries: int, regions: int) -> str:
    values = {"members": organisations(w, members),
              "countries": w.n_("%(num)d country", "%(num)d countries", countries)
              % {"num": countries}}
    if regions == 1:
        return w._("The network has %(members)s in %(countries)s, all in one region.") % values
    values["regions"] = w.n_("%(num)d region", "%(num)d regions", regions) % {"num": regions}
    return w._("The network has %(members)s in %(countries)s, grouped in %(regions)s.") % values


def meetings_sentence(w: Words, meetings: Sequence[Meeting]) -> str:
    """What the assessment draws on: "6 meetings with the members: 1 kick-off meeting and…"."""
    if not meetings:
        return w._("No meeting with the members has been recorded yet.")
    kinds = Counter(m.kind for m in meetings)
    order = ("kickoff", "regional", "interview", "workshop", "training", "summit",
             "mentoring", "other")
    parts = [kind_phrase(w, k, kinds[k]) for k in order if kinds.get(k)]
    if len(parts) == 1:
        return w._("The assessment draws on %(kinds)s with the members.") % {"kinds": parts[0]}
    return (w._("The assessment draws on %(meetings)s with the members: %(kinds)s.")
            % {"meetings": meetings_phrase(w, len(meetings)), "kinds": w.join(parts)})


def mode_sentence(w: Words, meetings: Sequence[Meeting]) -> str | None:
    """How the meetings were held, only as far as the notes say."""
    modes = Counter(m.front.mode for m in meetings)
    if not meetings or set(modes) == {None}:
        return None
    if len(modes) == 1:
        mode = next(iter(modes))
        one = len(meetings) == 1
        return {
            "virtual": w._("It took place online.") if one else w._("All were held online."),
            "in-person": w._("It took place in person.") if one
            else w._("All were held in person."),
            "hybrid": w._("It was hybrid: some took part in the room, others online.") if one
            else w._("All were hybrid: some took part in the room, others online."),
        }[str(mode)]
    parts = []
    for mode in ("virtual", "in-person", "hybrid"):
        n = modes.get(mode, 0)  # type: ignore[call-overload]
        if n:
            parts.append({"virtual": w._("%(num)d online"), "in-person": w._("%(num)d in person"),
                          "hybrid": w._("%(num)d hybrid")}[mode] % {"num": n})
    if modes.get(None):
        parts.append(w._("%(num)d not recorded") % {"num": modes[None]})
    return w._("How they were held: %(modes)s.") % {"modes": w.join(parts)}


def duration_sentence(w: Words, meetings: Sequence[Meeting]) -> str | None:
    """The meetings' length as the notes record it: the actual minutes, never a guess."""
    known = [m.front.duration_minutes for m in meetings if m.front.duration_minutes]
    if not known:
        return None
    one = len(meetings) == 1
    if min(known) == max(known):
        text = (w._("It lasted %(minutes)d minutes.") if one
                else w._("Each lasted %(minutes)d minutes.") if len(known) == len(meetings)
                else w._("Where the notes record it, each lasted %(minutes)d minutes."))
        text %= {"minutes": known[0]}
    else:
        values = {"shortest": min(known), "longest": max(known),
                  "mean": round(sum(known) / len(known))}
        text = (w._("They lasted from %(shortest)d to %(longest)d minutes, %(mean)d minutes on "
                    "average.") if len(known) == len(meetings)
                else w._("Where the notes record it, they lasted from %(shortest)d to "
                         "%(longest)d minutes, %(mean)d minutes on average.")) % values
    return text


def regions_sentence(w: Words, held: Sequence[str], missing: Sequence[str]) -> str | None:
    """Which regions have met: adapts to none, some and all."""
    total = len(held) + len(missing)
    if not held:
        return w._("No regional meeting has been held yet.")
    if not missing:
        return (w._("Each of the %(total)d regions had its own meeting.") % {"total": total}
                if total > 1 else None)
    return (w._("Regional meetings were held for %(held)s; there has been no regional meeting "
                "yet for %(missing)s.") % {"held": w.join(held), "missing": w.join(missing)})


def participation_sentence(w: Words, present: int, members: int, meetings: int) -> str | None:
    """How many member organisations took part: never "0 of 0"."""
    if not meetings or not members:
        return None
    if not present:
        return w._("The notes do not record which member organisations took part.")
    if present == members:
        return w.n_("The network's one member organisation took part.",
                    "All %(num)d member organisations took part in at least one meeting.",
                    members) % {"num": members}
    return w.n_("%(present)d of the %(num)d member organisation took part in at least one "
                "meeting.",
                "%(present)d of the %(num)d member organisations took part in at least one "
                "meeting.", members) % {"present": present, "num": members}


def findings_sentence(w: Words, strengths: int, gaps: int, other: int) -> str | None:
    total = strengths + gaps + other
    if not total:
        return None
    parts = [phrase % {"num": n} for n, phrase in (
        (strengths, w.n_("%(num)d strength", "%(num)d strengths", strengths)),
        (gaps, w.n_("%(num)d gap", "%(num)d gaps", gaps)),
        (other, w.n_("%(num)d other observation", "%(num)d other observations", other)),
    ) if n]
    return (w.n_("The meetings produced %(num)d finding: %(parts)s.",
                 "The meetings produced %(num)d findings: %(parts)s.", total)
            % {"num": total, "parts": w.join(parts)})


def themes_message(w: Words, themes: Sequence[tuple[str, int, int]],
                   total_regions: int) -> list[str]:
    """The themes raised most widely, then the next tier; ties are named together.

    `themes`: (name, regions that raised it, meetings that raised it), most widely first."""
    if not themes:
        return []
    if len(themes) == 1:
        if themes[0][2] < 2:  # one meeting: the strengths and gaps say it already
            return []
        return [w._("Every finding concerns one theme: %(theme)s.") % {"theme": themes[0][0]}]
    by_region = total_regions > 1 and any(regions for _, regions, _m in themes)
    if not by_region:
        first = top(themes, lambda t: t[2])
        share = meetings_phrase(w, first[0][2])
        names = [t[0] for t in first]
        if len(names) == 1:
            return [w._("%(theme)s was the theme raised most often, in %(meetings)s.")
                    % {"theme": names[0], "meetings": share}]
        return [w._("%(themes)s were the themes raised most often, each in %(meetings)s.")
                % {"themes": w.join(names), "meetings": share}]
    first = top(themes, lambda t: t[1])
    if first[0][1] == 1:  # no theme stands out: "most widely" would say nothing
        return [w._("So far no theme has been raised in more than one region.")]
    rest = [t for t in themes if t not in first]
    second = top(rest, lambda t: t[1])
    lines = []
    share = region_share(w, first[0][1], total_regions)
    names = [t[0] for t in first]
    lines.append(w._("%(theme)s was the theme raised most widely, in %(share)s.")
                 % {"theme": names[0], "share": share} if len(names) == 1
                 else w._("%(themes)s were the themes raised most widely, each in %(share)s.")
                 % {"themes": w.join(names), "share": share})
    if second:
        share = region_share(w, second[0][1], total_regions)
        names = [t[0] for t in second]
        lines.append(w._("Next came %(theme)s, raised in %(share)s.")
                     % {"theme": names[0], "share": share} if len(names) == 1
                     else w._("Next came %(themes)s, each raised in %(share)s.")
                     % {"themes": w.join(names), "share": share})
    return [" ".join(lines)]


def type_message(w: Words, kind: str, themes: Sequence[tuple[str, int, str]],
                 total: int) -> str | None:
    """The strengths (or gaps) recorded most widely: their theme(s) and one example.

    `themes`: (theme name, meetings that recorded one, first text), most widely raised theme
    first; `total`: how many strengths (or gaps) there are."""
    if not themes:
        return None
    values: dict[str, object] = {"example": themes[0][2]}
    if len(themes) == 1:
        values.update(theme=themes[0][0], num=total)
        if kind == "strength":
            return w.n_("The one strength recorded concerns %(theme)s: %(example)s",
                        "All %(num)d strengths recorded concern %(theme)s. For example: "
                        "%(example)s", total) % values
        return w.n_("The one gap recorded concerns %(theme)s: %(example)s",
                    "All %(num)d gaps recorded concern %(theme)s. For example: %(example)s",
                    total) % values
    first = top(themes, lambda t: t[1])
    if first[0][1] == 1:  # each in one meeting: none stands out, so no superlative
        values["themes"] = w.join([t[0] for t in themes])
        return (w._("The strengths recorded concern %(themes)s, each in one meeting. For "
                    "example: %(example)s") if kind == "strength"
                else w._("The gaps recorded concern %(themes)s, each in one meeting. For "
                         "example: %(example)s")) % values
    values.update(example=first[0][2], meetings=meetings_phrase(w, first[0][1]))
    if len(first) == 1:
        values["theme"] = first[0][0]
        text = (w._("Strengths were recorded most widely on %(theme)s (%(meetings)s). For "
                    "example: %(example)s") if kind == "strength"
                else w._("The most widely shared gaps concern %(theme)s (%(meetings)s). For "
                         "example: %(example)s"))
    else:
        values["themes"] = w.join([t[0] for t in first])
        text = (w._("Strengths were recorded most widely on %(themes)s (%(meetings)s each). "
                    "For example: %(example)s") if kind == "strength"
                else w._("The most widely shared gaps concern %(themes)s (%(meetings)s each). "
                         "For example: %(example)s"))
    return text % values


def strengths_gaps_lead(w: Words, strengths: int, gaps: int) -> str | None:
    """The chapter's opening: how many of each, and in what order they come."""
    if not strengths and not gaps:
        return None
    values = {"strengths": w.n_("%(num)d strength", "%(num)d strengths", strengths)
              % {"num": strengths} if strengths else w._("no strength"),
              "gaps": w.n_("%(num)d gap", "%(num)d gaps", gaps) % {"num": gaps} if gaps
              else w._("no gap")}
    return w._("The meetings recorded %(strengths)s and %(gaps)s. Both lists start with the "
               "themes raised most widely; the region or meeting each comes from is in "
               "brackets.") % values

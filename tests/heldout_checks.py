"""What the held-out projects' reports should say, worked out from the generated data
(tests/generated_projects.Spec) without the code under test: the groups people fall in, who
rated whom, the ties as of a date, and checks of the rendered tables, item charts and
action statuses against them (each returns what is wrong)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from tests.generated_projects import Response, Round, Spec
from tests.report_shape import text

TYPE_LABEL = {"coordinator": "Coordinator", "member": "Member", "associate": "Associate",
              "observer": "Observer"}
SIZE_LABEL = {"small": "Small", "medium": "Medium", "large": "Large"}
NOT_STATED = "Not stated"
SUBSTANTIVE = ("1", "2", "3", "4", "5")


# -- the groups people fall in --------------------------------------------------------------


def group_of(spec: Spec, x: Response, by: str) -> str:
    """The display name of the group respondent `x` falls in for breakdown `by`."""
    if by == "role":
        return x.role.capitalize() if x.role else NOT_STATED
    member = spec.member(x.member)
    if member is None:
        return NOT_STATED
    if by == "region":
        return member.region.capitalize()
    if by == "type":
        return TYPE_LABEL[member.type or "member"]
    return SIZE_LABEL[member.size] if member.size else NOT_STATED


def scored(spec: Spec, x: Response, dimension: str) -> bool:
    """Whether `x` has a score on `dimension` (answered at least half its items)."""
    items = [item for item, _ in spec.dimensions[dimension]]
    return 2 * sum(x.likert[i] in SUBSTANTIVE for i in items) >= len(items)


def survey_round(spec: Spec, day: dt.date | None) -> Round | None:
    """The round a report dated `day` (None: every round) describes: the latest with
    responses among those closed by then."""
    rounds = spec.rounds if day is None else spec.rounds_by(day)
    with_responses = [r for r in rounds if r.responses]
    return with_responses[-1] if with_responses else None


def tie_round(spec: Spec, day: dt.date | None) -> Round | None:
    if spec.follow_ups is None:
        return None
    rounds = spec.rounds if day is None else spec.rounds_by(day)
    answered = [r for r in rounds if any(x.partners for x in r.responses)]
    return answered[-1] if answered else None


def raters(spec: Spec, rnd: Round | None, targets: Iterable[str], which: str) -> int:
    """Respondents who gave a trust (or value) rating to any of `targets`."""
    items = {"trust": ("reliability", "openness", "mission"),
             "value": ("influence", "resources", "involvement")}[which]
    targets = set(targets)
    if rnd is None:
        return 0
    return len({x.respondent for x in rnd.responses if x.member
                for partner, values in x.ratings.items()
                if partner in targets and partner != x.member
                and any(values.get(i) for i in items)})


def tie_pairs(spec: Spec) -> set[frozenset[str]] | None:
    """Ties as of the assessment's date under the either or both rule (None: observed):
    survey pairs, recorded pairs and pairs at `min_shared` meetings held by then."""
    from collections import Counter
    from itertools import combinations

    rule, pairs, shared = spec.ties or ("either", [], None)
    rnd = tie_round(spec, spec.as_of)
    if rule == "observed":
        return None
    named = {(x.member, p) for x in (rnd.responses if rnd else []) if x.member
             for p in x.partners if p != x.member}
    survey = {frozenset(p) for p in named if rule == "either" or (p[1], p[0]) in named}
    met: Counter[frozenset[str]] = Counter()
    for m in spec.meetings:
        if m.date <= spec.as_of:
            met.update(frozenset(p) for p in combinations(sorted(set(m.participants)), 2))
    meetings = {p for p, n in met.items() if shared and n >= shared}
    ties = survey | {frozenset(p) for p in pairs} | meetings
    if rnd is None and not ties:
        return None  # nothing mapped: test_a_network_with_no_tie_known_says_so
    return ties


def codes(spec: Spec) -> dict[str, str]:
    """How the reports label each member: its name, or its public code."""
    if spec.named:
        return {m.id: m.name for m in spec.members}
    prefix = {r: r[:2].upper() for r in spec.regions}
    counts: dict[str, int] = {}
    out = {}
    for m in spec.members:
        counts[m.region] = counts.get(m.region, 0) + 1
        out[m.id] = f"{prefix[m.region]}-{counts[m.region]}"
    return out


# -- reading tables -------------------------------------------------------------------------


def cells(fragment: str) -> list[str]:
    return [text(c) for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", fragment, re.S)]


def tables(page: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header cells, body rows) of every table."""
    found = []
    for table in re.findall(r"<table\b.*?</table>", page, re.S):
        caption = re.search(r"<caption\b.*?</caption>", table, re.S)
        head = re.search(r"<thead\b.*?</thead>", table, re.S)
        body = re.search(r"<tbody\b.*?</tbody>", table, re.S)
        rows = re.findall(r"<tr\b.*?</tr>", body[0] if body else table, re.S)
        found.append((text(caption[0]) if caption else "", cells(head[0]) if head else [],
                      [cells(r) for r in rows]))
    return found


def tables_are_true(spec: Spec, page: str) -> list[str]:
    """Every "n<k" mark over a group of 1 to k-1 people, and every such group marked: the
    survey response tables, the scores, the breakdowns, the change table and the network's
    trust and value (by member, by size, the network's); the share favourable after
    reversing; the groups of the disagreement table have k answers or more and their means
    are those of the statement as worded. Returns what is wrong."""
    k, mark = spec.k, f"n<{spec.k}"
    rnd = survey_round(spec, spec.as_of)
    rounds = [r for r in spec.rounds_by(spec.as_of) if r.responses]
    ties = tie_round(spec, spec.as_of)
    label = codes(spec)
    by_label = {label[m.id]: m for m in spec.members}
    wrong: list[str] = []

    def judge(where: str, shown: str, n: int) -> None:
        small = 0 < n < k
        if (shown == mark) != small:
            wrong.append(f"{where}: shows {shown!r} over {n} people (k={k})")

    dims = {d.capitalize(): d for d in spec.dimensions}
    for caption, head, rows in tables(page):
        if m := re.search(r"Survey response by (region|member type|member size)", caption):
            by = {"region": "region", "member type": "type", "member size": "size"}[m[1]]
            assert rnd is not None
            for row in rows:
                if row[0] == "Total":
                    continue
                n = sum(1 for x in rnd.responses if group_of(spec, x, by) == row[0])
                judge(f"{caption} / {row[0]}", row[-1], n)
        elif m := re.search(r"Mean score by dimension and (.*)$", caption):
            by = {"region": "region", "member type": "type", "member size": "size"}.get(
                m[1], "role")
            assert rnd is not None
            for row in rows:
                dim = dims[row[0]]
                for group, shown in zip(head[1:-1], row[1:-1], strict=True):
                    n = sum(1 for x in rnd.responses
                            if group_of(spec, x, by) == group and scored(spec, x, dim))
                    judge(f"{caption} / {row[0]} / {group}", shown, n)
        elif caption.endswith("Scores by dimension"):
            assert rnd is not None
            for row in rows:
                dim = dims[row[0]]
                items = [item for item, _ in spec.dimensions[dim]]
                judge(f"{caption} / {row[0]} mean", row[3],
                      sum(scored(spec, x, dim) for x in rnd.responses))
                judge(f"{caption} / {row[0]} favourable", row[4],
                      sum(any(x.likert[i] in SUBSTANTIVE for i in items)
                          for x in rnd.responses))
                if row[4].endswith("%"):  # favourable: 4-5 after reversing
                    rev = dict(spec.dimensions[dim])
                    answers = [int(x.likert[i]) if not rev[i] else 6 - int(x.likert[i])
                               for x in rnd.responses for i in items
                               if x.likert[i] in SUBSTANTIVE]
                    share = 100 * sum(a >= 4 for a in answers) / len(answers)
                    if abs(int(row[4][:-1]) - share) > 0.5 + 1e-9:
                        wrong.append(f"{caption} / {row[0]}: favourable {row[4]}, "
                                     f"answers give {share:.1f}%")
        elif caption.endswith("Statements on which groups disagree most"):
            assert rnd is not None
            by = {"Region": "region", "Member type": "type", "Member size": "size"}
            for row in rows:
                item = re.search(r"Statement (\w+) about", row[0])[1]  # type: ignore[index]
                for column in (row[3], row[4]):
                    said = re.fullmatch(r"(.*) \(([\d.]+)\)", column)
                    assert said, column
                    for group in re.split(r", | and ", said[1]):
                        answers = [int(x.likert[item]) for x in rnd.responses
                                   if group_of(spec, x, by.get(row[1], "role")) == group
                                   and x.likert[item] in SUBSTANTIVE]
                        if len(answers) < k:
                            wrong.append(f"{caption} / {row[0]}: {group} shown over "
                                         f"{len(answers)} answers (k={k})")
                        elif abs(sum(answers) / len(answers) - float(said[2])) > 0.05 + 1e-9:
                            wrong.append(f"{caption} / {row[0]}: {group} {said[2]}, as "
                                         f"worded the answers give "
                                         f"{sum(answers) / len(answers):.2f}")
        elif caption.split(". ", 1)[-1].startswith("Change in mean scores since"):
            before, after = rounds[-2], rounds[-1]
            for row in rows:
                dim = dims[row[0]]
                judge(f"{caption} / {row[0]} before", row[1],
                      sum(scored(spec, x, dim) for x in before.responses))
                judge(f"{caption} / {row[0]} after", row[2],
                      sum(scored(spec, x, dim) for x in after.responses))
        elif caption.endswith("Members by number of ties"):
            for row in rows:
                member = by_label[row[0]]
                judge(f"{caption} / {row[0]} trust", row[7],
                      raters(spec, ties, [member.id], "trust"))
                judge(f"{caption} / {row[0]} value", row[8],
                      raters(spec, ties, [member.id], "value"))
        elif caption.endswith("How connected members of each size are"):
            for row in rows:
                own = [m.id for m in spec.members
                       if (SIZE_LABEL[m.size] if m.size else NOT_STATED) == row[0]]
                judge(f"{caption} / {row[0]} trust", row[5], raters(spec, ties, own, "trust"))
                judge(f"{caption} / {row[0]} value", row[6], raters(spec, ties, own, "value"))
        elif caption.endswith("The network in figures"):
            pairs = tie_pairs(spec)
            if pairs is not None:
                degree = {m.id: sum(m.id in p for p in pairs) for m in spec.members}
                figures = dict(row[:2] for row in rows)
                if rows[0][1] != str(len(pairs)):
                    wrong.append(f"{caption}: {rows[0]}, the data as of {spec.as_of} give "
                                 f"{len(pairs)}")
                alone = sum(d == 0 for d in degree.values())
                if figures.get("Members without ties") != str(alone):
                    wrong.append(f"{caption}: {figures.get('Members without ties')} members "
                                 f"without ties, the data give {alone}")
                if "every member has at least two ties" in text(page) and \
                        min(degree.values()) < 2:
                    wrong.append("says every member has two ties or more; some have fewer")
            everyone = [m.id for m in spec.members]
            for row in rows:
                for which in ("trust", "value"):
                    if row[0].startswith(f"Partner {which} rating"):
                        judge(f"{caption} / {which}", row[1],
                              raters(spec, ties, everyone, which))
        elif any(mark in c for row in rows for c in row):
            wrong.append(f"{caption}: an 'n<k' mark this test cannot check")
    return wrong


def item_charts_are_true(spec: Spec, page: str) -> list[str]:
    """Each statement of the item charts drawn as worded: the bar's parts in proportion to
    the answers given (1 strongly disagree .. 5 strongly agree, a reversed item NOT turned
    round), its "% agree" the share who agreed with the wording, and the favourable side
    marked on the disagreeing answers of a reversed item."""
    import base64

    rnd = survey_round(spec, spec.as_of)
    reverse = {item: rev for item, _dim, rev in spec.items}
    wrong = []
    for data in re.findall(r'<figure id="fig-survey-items-[^"]*">\s*<img src="data:image/'
                           r'svg\+xml;base64,([^"]+)"', page):
        assert rnd is not None
        svg = base64.b64decode(data).decode("utf-8")
        for chunk in svg.split('class="statement"')[1:]:
            item = re.search(r"Statement (\w+) about", chunk)[1]  # type: ignore[index]
            answers = [int(x.likert[item]) for x in rnd.responses
                       if x.likert[item] in SUBSTANTIVE]
            widths = {int(a): float(w) for a, w in re.findall(
                r'data-answer="(\d)"[^>]*?width="([\d.]+)"', chunk)}
            sides = dict(re.findall(r'data-answer="(\d)" data-side="(\w+)"', chunk))
            total = sum(widths.values())
            marked = f"n&lt;{spec.k}</text>" in chunk.split('class="statement"')[0]
            if marked != (0 < len(answers) < spec.k):
                wrong.append(f"{item}: marked n<k: {marked}, over {len(answers)} answers")
            if marked or not answers or not total:
                if not marked and (answers or total):
                    wrong.append(f"{item}: {len(answers)} answers, bar of width {total}")
                continue
            for a in range(1, 6):
                share = answers.count(a) / len(answers) if answers else 0
                if abs(widths.get(a, 0) / (total or 1) - share) > 0.02:
                    wrong.append(f"{item}: answer {a} drawn as {widths.get(a, 0) / total:.2f}"
                                 f" of the bar, given by {share:.2f}")
                good = (a <= 2) if reverse[item] else (a >= 4)
                if str(a) in sides and (sides[str(a)] == "favourable") != good:
                    wrong.append(f"{item}: answer {a} marked {sides[str(a)]}")
            agree = re.search(r"(\d+)\s*%\s*agree", chunk)
            if agree and answers:
                share = 100 * sum(a >= 4 for a in answers) / len(answers)
                if abs(int(agree[1]) - share) > 0.5 + 1e-9:
                    wrong.append(f"{item}: {agree[0]} printed, {share:.1f}% agreed")
    return wrong


def status_as_of(spec: Spec, action_id: str) -> tuple[str, bool]:
    """(status label, overdue) of an action on the plan's date, from docs/project-folder.md:
    done only if done_on (else the due date) is by then; a done or in-progress action not
    done by then is in progress once started, else planned; overdue when due before the
    date and not done (nor dropped) by then."""
    a = next(a for a in spec.actions if a.id == action_id)
    day = spec.plan_date
    if a.status == "dropped":
        return "Dropped", False
    if a.status == "done" and (a.done_on or a.due) <= day:
        return "Done", False
    started = a.start <= day
    status = "In progress" if a.status in ("done", "in-progress") and started else "Planned"
    return status, a.due < day


def statuses_are_true(spec: Spec, page: str) -> list[str]:
    wrong = []
    for caption, _head, rows in tables(page):
        if not re.search(r"Actions with owners|The next actions", caption):
            continue
        for row in rows:
            if len(row) < 6 or not re.fullmatch(r"A\d+", row[0]):
                continue
            status, overdue = status_as_of(spec, row[0])
            if not row[5].startswith(status) or ("Overdue" in row[5]) != overdue:
                wrong.append(f"{caption} / {row[0]}: {row[5]!r}, expected {status!r}"
                             + (" overdue" if overdue else ""))
    return wrong

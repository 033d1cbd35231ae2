"""The one disclosure control (analysis/privacy.py): the audit is right, it fails a leaky
table, and nothing the survey or network analyses publish lets a hidden figure be worked out.

The property tests read what the analyses publish (SurveyResults, NetworkResult) and rebuild
the equations from the raw data themselves: the finest cells are worked out here, not taken
from the code under test.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Hashable, Iterable
from fractions import Fraction
from pathlib import Path

import numpy as np  # noqa: TID253
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netconsult.analysis.network import NetworkResult, analyse_network
from netconsult.analysis.privacy import Figure, audit, suppress
from netconsult.analysis.survey import NOT_STATED, SurveyResults, analyse_survey
from netconsult.analysis.ties import NetworkInput, Node, TieReport
from netconsult.project.load import load_project
from tests.conftest import SAMPLE, MakeProject, RunCli
from tests.test_survey_analysis import survey_files

# -- the audit itself ---------------------------------------------------------------------


def test_a_leaky_table_fails_the_audit() -> None:
    # The sample's leak before this change: among the large members one (cctc-co) was
    # hidden for its 4 raters, while the large members' average and the three other large
    # members were shown. Ratings add up, so the hidden one is the rest.
    published = {("size", "large"): {"pg-us", "fpd-pl", "scdd-sk", "cctc-co"},
                 ("member", "pg-us"): {"pg-us"}, ("member", "fpd-pl"): {"fpd-pl"},
                 ("member", "scdd-sk"): {"scdd-sk"}}
    leaks = audit(published, {("member", "cctc-co"): {"cctc-co"}})
    assert [leak.key for leak in leaks] == [("member", "cctc-co")]
    assert dict(leaks[0].by) == {("size", "large"): 1, ("member", "pg-us"): -1,
                                 ("member", "fpd-pl"): -1, ("member", "scdd-sk"): -1}
    # Hiding one more large member leaves only their pooled figure.
    del published[("member", "fpd-pl")]
    assert audit(published, {("member", "cctc-co"): {"cctc-co"},
                             ("member", "fpd-pl"): {"fpd-pl"}}) == []


def test_differencing_across_two_breakdowns_is_caught() -> None:
    # Regions and sizes overlap; the finest cells are (region, size).
    cells = {("n", "s"), ("n", "l"), ("s", "s"), ("s", "l")}
    published = {"north": {("n", "s"), ("n", "l")}, "small": {("n", "s"), ("s", "s")},
                 "large": {("n", "l"), ("s", "l")}}
    hidden = {"north-small": {("n", "s")}, "south": {("s", "s"), ("s", "l")}}
    # south = small + large - north: a region worked out from the sizes.
    assert [leak.key for leak in audit(published | {"all": cells}, hidden)] == ["south"]
    assert [leak.key for leak in audit(published, hidden)] == ["south"]  # no total needed
    del published["large"]
    assert audit(published, hidden | {"large": {("n", "l"), ("s", "l")}}) == []


def test_figures_always_given_are_not_leaks() -> None:
    # A round of 2 respondents, both in the north: the round's count gives the north's.
    published = {"all": {"north"}, "south": set()}
    assert audit(published, {"north": {"north"}}, public={"all"}) == []
    assert [leak.key for leak in audit(published, {"north": {"north"}})] == ["north"]


def _in_span(rows: list[set[int]], target: set[int], columns: int) -> bool:
    """The same question answered with floating-point ranks (numpy), for small 0/1 cases."""
    def matrix(vectors: list[set[int]]) -> np.ndarray:
        m = np.zeros((max(len(vectors), 1), columns))
        for i, v in enumerate(vectors):
            for c in v:
                m[i, c] = 1
        return m

    base = np.linalg.matrix_rank(matrix(rows)) if rows else 0
    return bool(np.linalg.matrix_rank(matrix([*rows, target])) == base)


subsets = st.sets(st.integers(0, 7), min_size=1)


@given(st.lists(subsets, max_size=8), st.lists(subsets, min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_the_audit_agrees_with_a_rank_test(rows: list[set[int]],
                                           hidden: list[set[int]]) -> None:
    published = {f"p{i}": cells for i, cells in enumerate(rows)}
    leaks = {leak.key for leak in audit(published, {f"h{i}": c for i, c in enumerate(hidden)})}
    for i, cells in enumerate(hidden):
        assert (f"h{i}" in leaks) == _in_span(rows, cells, 8)
    for leak in audit(published, {f"h{i}": c for i, c in enumerate(hidden)}):
        total: dict[int, Fraction] = {}
        for key, coefficient in leak.by:
            for c in published[str(key)]:
                total[c] = total.get(c, Fraction(0)) + coefficient
        target = hidden[int(str(leak.key)[1:])]
        assert {c for c, v in total.items() if v} == target
        assert all(v == 1 for c, v in total.items() if v)


@st.composite
def figure_sets(draw: st.DrawFn) -> tuple[list[Figure], int]:
    """Overlapping breakdowns of some people: each person has a value on three variables."""
    people = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 1)),
                           max_size=30))
    figures = []
    for var in range(3):
        for group in range(3):
            inside = [p for p in people if p[var] == group]
            figures.append(Figure((var, group), frozenset(inside), len(inside)))
    figures.append(Figure("all", frozenset(people), len(people), fixed=True))
    return figures, draw(st.integers(2, 5))


@given(figure_sets())
@settings(max_examples=200, deadline=None)
def test_suppress_leaves_nothing_to_work_out(case: tuple[list[Figure], int]) -> None:
    figures, k = case
    reasons = suppress(figures, k)
    assert all(reasons[f.key] == "small" for f in figures if 0 < f.n < k and not f.fixed)
    assert all(f.key not in reasons for f in figures if f.n == 0 or f.fixed)
    published = {f.key: f.cells for f in figures if f.key not in reasons}
    hidden = {f.key: f.cells for f in figures if f.key in reasons}
    assert audit(published, hidden, public={"all"}) == []
    assert suppress(figures, k) == reasons  # deterministic


# -- the survey ---------------------------------------------------------------------------

LIKERT = {"trust": ("t1", "t2", "t3"), "voice": ("v1", "v2")}
LIKERT_ITEMS = [q for items in LIKERT.values() for q in items]
REGIONS = ("north", "south", "east")


@st.composite
def survey_cases(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[dict[str, str]], int]:
    ids = ("n1", "n2", "s1", "s2", "e1", "x1", "x2")  # the minimal project names the first 5
    members = [{"id": ids[i], "region": draw(st.sampled_from(REGIONS)),
                "type": draw(st.sampled_from(("coordinator", "member"))),
                "size": draw(st.sampled_from(("small", "large", "")))}
               for i in range(draw(st.integers(5, 7)))]
    answer = st.sampled_from(("1", "2", "3", "4", "5", "", "98"))
    people = [{"member": draw(st.sampled_from([m["id"] for m in members] + [""])),
               "role": draw(st.sampled_from(("staff", "board", ""))),
               **{q: draw(answer) for items in LIKERT.values() for q in items}}
              for _ in range(draw(st.integers(0, 30)))]
    return members, people, draw(st.integers(3, 5))


def _write_survey(root: Path, members: list[dict[str, str]], people: list[dict[str, str]],
                  k: int) -> None:
    import shutil

    from tests.conftest import MINIMAL

    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(MINIMAL, root)
    files = survey_files(baseline=False)
    files["netconsult.yaml"] = files["netconsult.yaml"].replace(
        "min_group_size: 3", f"min_group_size: {k}")
    files["members.yaml"] = "members:\n" + "".join(
        f"  - {{id: {m['id']}, name: Member {m['id']}, country: HU, region: {m['region']}, "
        f"type: {m['type']}" + (f", size: {m['size']}" if m["size"] else "") + "}\n"
        for m in members)
    header = "respondent,member,submitted,role,t1,t2,t3,v1,v2,channel,activities,change,private"
    rows = [f"r{i},{p['member']},,{p['role']},{p['t1']},{p['t2']},{p['t3']},{p['v1']},"
            f"{p['v2']},,,," for i, p in enumerate(people)]
    files["survey/responses/followup.csv"] = "\n".join([header, *rows]) + "\n"
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        assert content is not None
        path.write_text(content, encoding="utf-8")


def _survey_leaks(results: SurveyResults, members: list[dict[str, str]],
                  people: list[dict[str, str]]) -> list[object]:
    """Every leak in what `results` publishes, measure by measure (respondent counts, each
    dimension's scores, each item's answers), from equations rebuilt from the raw data."""
    info = {m["id"]: m for m in members}

    def groups(p: dict[str, str]) -> dict[str, str]:
        m = info.get(p["member"])
        return {"region": m["region"] if m else NOT_STATED,
                "type": m["type"] if m else NOT_STATED,
                "size": m["size"] if m else NOT_STATED, "role": p["role"]}

    def finest(p: dict[str, str]) -> tuple[str, ...]:
        g = groups(p)
        return (g["region"], g["type"], g["size"], g["role"])

    def cells(who: Iterable[dict[str, str]], by: str, group: str) -> frozenset[Hashable]:
        return frozenset(finest(p) for p in who if groups(p)[by] == group)

    def answered(p: dict[str, str], q: str) -> bool:
        return p[q] in ("1", "2", "3", "4", "5")

    def together(hidden: dict[Hashable, frozenset[Hashable]], who: list[dict[str, str]],
                 ) -> dict[Hashable, frozenset[Hashable]]:
        """The hidden groups of each variable pooled, when they hold fewer than k people:
        their total less the groups shown must stay out of reach too."""
        pools: dict[Hashable, frozenset[Hashable]] = {}
        for by in {key[0] for key in hidden}:
            small = [key[1] for key in hidden if key[0] == by]
            inside = [p for p in who if groups(p)[by] in small]
            if len(small) >= 2 and 0 < len(inside) < results.min_group_size:
                pools[(by, "together")] = frozenset(finest(p) for p in inside)
        return hidden | pools

    leaks: list[object] = []
    # Respondent counts (response rates); the round's count is always given.
    published = {"all": frozenset(finest(p) for p in people)}
    hidden = {}
    for row in results.rates:
        (hidden if row.respondents.suppressed else published)[(row.by, row.group)] = \
            cells(people, row.by, row.group)
    leaks += audit(published, together(hidden, people), public={"all"})
    # Each dimension: who has a score (half its items answered); its count is always given.
    for b in results.breakdowns:
        assert not b.note
    for i, items in enumerate(LIKERT.values()):
        scored = [p for p in people if 2 * sum(answered(p, q) for q in items) >= len(items)]
        published = {"all": frozenset(finest(p) for p in scored)}
        hidden = {}
        for b in results.breakdowns:
            for (group, _name), cell in zip(b.groups, b.rows[i][2], strict=True):
                if cell.n != 0:
                    (hidden if cell.suppressed else published)[(b.by, group)] = \
                        cells(scored, b.by, group)
        leaks += audit(published, together(hidden, scored), public={"all"})
    # Each item listed as a disagreement: its two groups are published; small groups of the
    # same item must stay out of reach.
    names = {b.by: {name: group for group, name in b.groups} for b in results.breakdowns}
    for d in results.disagreements:
        who = [p for p in people if answered(p, d.item)]
        published = {"all": frozenset(finest(p) for p in who)}
        for name, _mean in (d.high, d.low):
            group = names[d.by][name]
            published[(d.by, group)] = cells(who, d.by, group)
        hidden = {}
        for by in names:  # the variables the round is broken down by
            small = [group for group in {groups(p)[by] for p in who}
                     if sum(1 for p in who if groups(p)[by] == group) < results.min_group_size]
            for group in small:
                hidden[(by, group)] = cells(who, by, group)
        leaks += audit(published, together(hidden, who), public={"all"})
    return leaks


@given(survey_cases())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.data_too_large])
def test_the_survey_publishes_nothing_that_gives_a_hidden_figure_away(
        tmp_path_factory: pytest.TempPathFactory,
        case: tuple[list[dict[str, str]], list[dict[str, str]], int]) -> None:
    members, people, k = case
    root = tmp_path_factory.getbasetemp() / "privacy-survey"
    _write_survey(root, members, people, k)
    results = analyse_survey(load_project(root))
    if results is None:
        assert not people
        return
    assert _survey_leaks(results, members, people) == []
    # Labels that don't lie: "small" exactly where fewer than k respondents are behind it.
    for row in results.rates:
        count = sum(1 for p in people if (info_group(members, p, row.by)) == row.group)
        assert (row.respondents.reason == "small") == (0 < count < k)
        assert row.respondents.suppressed == (row.respondents.reason is not None)


def info_group(members: list[dict[str, str]], p: dict[str, str], by: str) -> str:
    m = next((m for m in members if m["id"] == p["member"]), None)
    return m[by] if m else NOT_STATED


def test_per_row_suppression_leaks_and_the_one_pass_does_not(tmp_path: Path) -> None:
    """Members m0 north small (2 respondents), m1 south large (5), m2 east small (5); k 3.
    Row by row, the regions hide north (2) and south (the next smallest), the sizes hide
    nothing; yet north = small - east. The one pass over both tables hides east instead."""
    members = [{"id": "m0", "region": "north", "type": "member", "size": "small"},
               {"id": "m1", "region": "south", "type": "member", "size": "large"},
               {"id": "m2", "region": "east", "type": "member", "size": "small"},
               *({"id": i, "region": "south", "type": "member", "size": "large"}
                 for i in ("n1", "n2", "s1", "s2", "e1"))]  # the minimal project's, silent
    finest = {m["id"]: (m["region"], m["size"]) for m in members}
    per_row = {"east": {finest["m2"]}, "small": {finest["m0"], finest["m2"]},
               "large": {finest["m1"]}, "all": {finest[m] for m in ("m0", "m1", "m2")}}
    hidden = {"north": {finest["m0"]}, "south": {finest["m1"]}}
    # north = small - east; south = large (the same people), hidden in one table only.
    assert [leak.key for leak in audit(per_row, hidden, public={"all"})] == ["north", "south"]

    people = [{"member": m, "role": "", **{q: "4" for items in LIKERT.values() for q in items}}
              for m, count in (("m0", 2), ("m1", 5), ("m2", 5)) for _ in range(count)]
    _write_survey(tmp_path / "p", members, people, 3)
    results = analyse_survey(load_project(tmp_path / "p"))
    assert results is not None
    rates = {(r.by, r.group): r.respondents.reason for r in results.rates}
    assert rates[("region", "north")] == "small"
    assert (rates[("region", "south")], rates[("region", "east")]) == (None, "protect")
    assert rates[("size", "small")] is rates[("size", "large")] is None
    assert _survey_leaks(results, members, people) == []


# -- the network --------------------------------------------------------------------------


@st.composite
def network_cases(draw: st.DrawFn) -> tuple[NetworkInput, int]:
    n = draw(st.integers(2, 12))
    nodes = tuple(Node(f"m{i}", f"M{i}", draw(st.sampled_from(REGIONS)), "R",
                       draw(st.sampled_from(("small", "medium", "large", None))), "member",
                       "HU", True) for i in range(n))
    rating = st.one_of(st.none(), st.integers(1, 4))
    reports = []
    for rater in range(draw(st.integers(0, 20))):
        source = draw(st.sampled_from(nodes)).id
        for target in draw(st.sets(st.sampled_from([x.id for x in nodes]), max_size=4)):
            if target != source:
                reports.append(TieReport(source, target, "survey", f"r{rater}", None,
                                         (draw(rating), draw(rating), draw(rating)),
                                         (draw(rating), None, draw(rating))))
    return NetworkInput("main", nodes, tuple(reports), True), draw(st.integers(3, 5))


def _network_leaks(r: NetworkResult, inp: NetworkInput) -> list[object]:
    """Leaks in the trust and value figures of `r`: members, sizes, the network."""
    leaks: list[object] = []
    for which in ("trust", "value"):
        rated = {t.target for t in inp.reports
                 if any(x is not None for x in getattr(t, which))}
        published: dict[Hashable, frozenset[Hashable]] = {}
        hidden: dict[Hashable, frozenset[Hashable]] = {}
        for m in r.member_metrics:
            score = getattr(m, which)
            (hidden if score.suppressed else published)[("member", m.id)] = \
                frozenset({m.id} & rated)
        for row in r.inclusion.by_size:
            score = row.trust_received if which == "trust" else row.value_received
            own = {m.id for m in r.member_metrics if (m.size or NOT_STATED) == row.size}
            (hidden if score.suppressed else published)[("size", row.size)] = \
                frozenset(own & rated)
        total = getattr(r, which)
        (hidden if total.suppressed else published)[("network",)] = frozenset(rated)
        for table in ("member", "size"):  # hidden ones of a table together, if too few
            ids = {i for key, cells in hidden.items() for i in cells if key[0] == table}
            raters = {t.rater for t in inp.reports if t.target in ids
                      and any(x is not None for x in getattr(t, which))}
            count = sum(1 for key in hidden if key[0] == table)
            if count >= 2 and 0 < len(raters) < r.min_group_size:
                hidden[(table, "together")] = frozenset(ids)
        if not total.suppressed:
            assert all(i.answers is not None for i in total.items)
        leaks += audit(published, hidden)
    return leaks


@given(network_cases())
@settings(max_examples=150, deadline=None)
def test_the_network_publishes_nothing_that_gives_a_hidden_figure_away(
        case: tuple[NetworkInput, int]) -> None:
    inp, k = case
    r = analyse_network(inp, "either", min_group_size=k)
    assert _network_leaks(r, inp) == []
    # A size whose ratings all went to one member is that member's figure: hidden in one
    # table, it is hidden in the other.
    rated = {t.target for t in inp.reports if any(x is not None for x in t.trust)}
    for row in r.inclusion.by_size:
        own = [m for m in r.member_metrics if (m.size or NOT_STATED) == row.size
               and m.id in rated]
        if len(own) == 1:
            assert row.trust_received.suppressed == own[0].trust.suppressed
    for m in r.member_metrics:
        raters = {t.rater for t in inp.reports if t.target == m.id and any(
            x is not None for x in t.trust)}
        assert (m.trust.reason == "small") == (0 < len(raters) < k)


def test_the_sample_network_leak_is_closed(cli: RunCli) -> None:
    """`network show --format json` on the sample: a large member hidden for its 4 raters
    could be worked out as the large members' average less the three others shown."""
    result = cli("network", "show", SAMPLE, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)["result"]
    members = data["member_metrics"]
    sizes = {row["size"]: row for row in data["inclusion"]["by_size"]}
    for which in ("trust", "value"):
        for size in sizes:
            own = [m for m in members if (m["size"] or "") == size]
            hidden = [m for m in own if m[which]["suppressed"]]
            shown = sizes[size][f"{which}_received"]
            # A size shown with exactly one of its members hidden gives that member away.
            assert shown["suppressed"] or len(hidden) != 1, (which, size)
    # And no combination at all gives one away: the audit over members, sizes, network
    # (every member here received ratings with both trust and value).
    for which in ("trust", "value"):
        published: dict[Hashable, frozenset[Hashable]] = {}
        hidden: dict[Hashable, frozenset[Hashable]] = {}
        for m in members:
            (hidden if m[which]["suppressed"] else published)[m["id"]] = frozenset({m["id"]})
        for size, row in sizes.items():
            own = frozenset(m["id"] for m in members if (m["size"] or "") == size)
            (hidden if row[f"{which}_received"]["suppressed"] else published)[size] = own
        published["network"] = frozenset(m["id"] for m in members)
        assert not data[which]["suppressed"]
        assert audit(published, hidden) == []
    large = [m for m in members if m["size"] == "large"]
    small = [m for m in large if m["trust"]["reason"] == "small"]
    assert small and all(m["trust"]["raters"] is None for m in small)
    assert any(m["trust"]["reason"] == "protect" for m in large)


def test_show_hidden_shows_everything_and_says_so(cli: RunCli) -> None:
    result = cli("network", "show", SAMPLE, "--format", "json", "--show-hidden")
    assert result.exit_code == 0
    assert "--show-hidden" in result.stderr and "do not pass it on" in result.stderr
    data = json.loads(result.stdout)["result"]
    assert not any(m["trust"]["suppressed"] for m in data["member_metrics"])


def test_suppress_is_fast_for_a_large_network() -> None:
    import time

    rng = random.Random(7)
    figures = [Figure(("m", i), frozenset({i}), rng.choice([1, 2, 3, 6, 9]))
               for i in range(200)]
    sizes = [frozenset(i for i in range(200) if i % 4 == s) for s in range(4)]
    figures += [Figure(("s", s), cells, 40) for s, cells in enumerate(sizes)]
    figures.append(Figure("network", frozenset(range(200)), 150))
    start = time.perf_counter()
    reasons = suppress(figures, 5)
    assert time.perf_counter() - start < 5
    published = {f.key: f.cells for f in figures if f.key not in reasons}
    assert audit(published, {f.key: f.cells for f in figures if f.key in reasons}) == []


# -- what the report prints ---------------------------------------------------------------


def _rows(page: str, caption: str) -> list[list[str]]:
    """The body rows of the table captioned `caption`, as cell texts."""
    import html

    match = re.search(r"<table[^>]*>\s*<caption[^>]*>(?:(?!</table>).)*?" + re.escape(caption)
                      + r".*?</table>", page, re.S)
    assert match, caption
    body = match.group(0).split("<tbody>", 1)[-1]
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.parametrize("k", [5, 8])
def test_the_report_marks_hidden_figures_by_why(cli: RunCli, make_project: MakeProject,
                                                k: int) -> None:
    """In the rendered assessment, a trust or value figure is "n<k" exactly when fewer than
    k respondents are behind it, "hidden" when it protects another; a figure hidden in one
    table is hidden in every other (a size of one rated member, say)."""
    root = make_project(base=SAMPLE)
    config = root / "netconsult.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "min_group_size: 5", f"min_group_size: {k}"), encoding="utf-8")
    result = cli("report", "assessment", root, "--format", "html")
    assert result.exit_code == 0, result.output
    page = (root / "build" / "assessment.html").read_text(encoding="utf-8")
    from netconsult.analysis.project_network import project_network

    network = project_network(load_project(root))
    assert network is not None
    r = network.result
    by_label = {m.label: m for m in r.member_metrics}
    marks = {"small": f"n<{k}", "protect": "hidden"}
    reasons = set()
    for row in _rows(page, "Members by number of ties"):
        member = by_label[row[0]]
        for score, text in ((member.trust, row[7]), (member.value, row[8])):
            if score.suppressed:
                assert score.reason is not None
                assert text == marks[score.reason], (member.id, text)
                reasons.add(score.reason)
            else:
                assert text not in marks.values()
    assert reasons == {"small", "protect"}  # both kinds occur at these thresholds
    sizes = {row.size: row for row in r.inclusion.by_size}
    for row in _rows(page, "How connected members of each size are"):
        size = next(s for s in sizes.values() if row[0].lower().startswith(
            (s.size or "not").lower()))
        for score, text in ((size.trust_received, row[5]), (size.value_received, row[6])):
            assert text == (marks[score.reason] if score.reason else text)
            assert score.suppressed or text not in marks.values()


def test_quote_attribution_is_decided_here() -> None:
    from types import SimpleNamespace as M

    from netconsult.analysis.privacy import quote_attribution

    members = [M(id="a", region="n"), M(id="b", region="n"), M(id="c", region="s")]
    assert quote_attribution(members, "a", True, 2) == ("member", "a")
    assert quote_attribution(members, "a", False, 2) == ("region", "n")
    assert quote_attribution(members, "c", False, 2) == ("anonymous", None)  # alone there
    assert quote_attribution(members, "a", False, 3) == ("anonymous", None)
    assert quote_attribution(members, None, True, 2) == ("anonymous", None)


def test_a_group_hidden_in_one_table_is_hidden_in_every_table(cli: RunCli,
                                                              tmp_path: Path) -> None:
    """The generated project of the per-row test, rendered: east is hidden in the response
    table to protect north's 2 respondents, so no table of the report prints its figures."""
    members = [{"id": "m0", "region": "north", "type": "member", "size": "small"},
               {"id": "m1", "region": "south", "type": "member", "size": "large"},
               {"id": "m2", "region": "east", "type": "member", "size": "small"},
               *({"id": i, "region": "south", "type": "member", "size": "large"}
                 for i in ("n1", "n2", "s1", "s2", "e1"))]
    people = [{"member": m, "role": role, **{q: str(1 + (i % 5)) for q in LIKERT_ITEMS}}
              for i, (m, role) in enumerate([("m0", "staff")] * 2 + [("m1", "staff")] * 3
                                            + [("m1", "board")] * 3 + [("m2", "staff")] * 5)]
    _write_survey(tmp_path / "p", members, people, 3)
    result = cli("report", "assessment", tmp_path / "p", "--format", "html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "p" / "build" / "assessment.html").read_text(encoding="utf-8")
    rates = {row[0]: row[-1] for row in _rows(page, "Survey response by region")}
    assert (rates["North"], rates["South"], rates["East"]) == ("n<3", "6", "hidden")
    # The region breakdown would show south alone: left out. The sizes show (small = north
    # and east pooled, 7 people): north can be worked out from neither.
    assert "Mean score by dimension and region" not in page
    assert len(_rows(page, "Mean score by dimension and member size")) == 2

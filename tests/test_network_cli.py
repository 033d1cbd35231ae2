"""`netconsult network` and `network export` on real project folders.

Most tests use a copy of the bundled sample (19 members, a baseline round in which 16 of them
answered the `partners` question, four recorded ties and co-attendance at the Liaison Group's
mentoring sessions; names shown). Broken network/ties.yaml files are corpus cases
(tests/corpus/network-ties-*); here we only check that `network` refuses them as `check` does.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import SAMPLE, MakeProject, RunCli, plain
from tests.test_corpus import CORPUS, build

#: Files each export format writes, by default under DIR/build.
EXPORTED = {
    "gexf": ["network.gexf"],
    "graphml": ["network.graphml"],
    "kumu": ["network.json", "network.xlsx"],
    "csv": ["network-edges.csv", "network-nodes.csv"],
}


def shown(cli: RunCli, root: Path, *args: str) -> dict[str, Any]:
    """`network --format json` output for the project at `root`."""
    result = cli("network", root, "--format", "json", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def members(root: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load((root / "members.yaml").read_text(encoding="utf-8"))
    return list(data["members"])


def file_text(path: Path) -> str:
    """What a reader of the file can see: XML entities and the XLSX's parts unpacked."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            raw = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
    else:
        raw = path.read_text(encoding="utf-8")
    return html.unescape(raw)


def leaks(text: str, people: list[dict[str, Any]]) -> list[str]:
    """Member names and member ids (as whole words) that appear in `text`."""
    found = [m["name"] for m in people if m["name"] in text]
    found += [m["id"] for m in people
              if re.search(rf"(?<![\w-]){re.escape(m['id'])}(?![\w-])", text)]
    return found


def anonymous(root: Path) -> Path:
    config = root / "netconsult.yaml"
    text = config.read_text(encoding="utf-8")
    assert "show_member_names: true" in text
    config.write_text(text.replace("show_member_names: true", "show_member_names: false"),
                      encoding="utf-8")
    return root


# -- network show -------------------------------------------------------------------------


def test_network_is_network_show(cli: RunCli, sample_project: Path) -> None:
    default = cli("network", sample_project)
    assert (default.exit_code, default.stderr) == (0, "")
    assert cli("network", "show", sample_project).stdout == default.stdout
    # Options before the folder still reach `show`.
    assert cli("network", "--rule", "both", sample_project).stdout \
        == cli("network", "show", sample_project, "--rule", "both").stdout


def test_key_figures_of_the_sample(cli: RunCli, sample_project: Path) -> None:
    out = plain(cli("network", sample_project).stdout)
    assert out.startswith("Partners Network Round baseline · tie rule: either "
                          "16 of 19 member organisations answered the tie question (84%); "
                          "159 ties reported Ties 88 · density 0.51 · mean degree 9.3 · "
                          "components 1 (largest 19) · isolates none")
    # The sensitivity table: every reading of the survey, the one in use marked.
    assert "How the figures move with the tie rule rule members ties density centralization " \
        "observed 19 124 0.36 0.56 either (used) 19 88 0.51 0.42 both 19 36 0.21 0.32 " \
        "respondents 16 72 0.60 0.46" in out
    assert "PartnersGlobal North Amer… 16 15 2 0.212 100% 3.11 3.24" in out
    assert "Change since" not in out  # one round only


def test_json_agrees_with_the_text(cli: RunCli, sample_project: Path) -> None:
    out = plain(cli("network", sample_project).stdout)
    data = shown(cli, sample_project)
    r = data["result"]
    assert data["change"] is None
    assert (r["round"], r["rule"], r["members"], r["responding"], r["ties"]) \
        == ("baseline", "either", 19, 16, 88)
    assert f"{r['responding']} of {r['members']} member organisations answered the tie " \
        f"question ({r['response_rate']:.0%}); {r['reports']} ties reported" in out
    assert f"Ties {r['ties']} · density {r['density']:.2f} · mean degree " \
        f"{r['mean_degree']:.1f} · components {r['components']} (largest " \
        f"{r['largest_component']})" in out
    assert f"degree centralization {r['degree_centralization']:.2f}" in out
    assert f"E-I index {r['ei_index']:+.2f}" in out
    for row in r["sensitivity"]:
        label = row["rule"] + (" (used)" if row["chosen"] else "")
        assert f"{label} {row['members']} {row['ties']} {row['density']:.2f} " \
            f"{row['degree_centralization']:.2f}" in out, row
    assert [row["rule"] for row in r["sensitivity"] if row["chosen"]] == ["either"]
    # Every member is in the table; ties are the pairs listed in `edges`.
    assert len(r["member_metrics"]) == 19
    assert len(r["edges"]) == r["ties"]
    assert sum(m["degree"] for m in r["member_metrics"]) == 2 * r["ties"]


def test_rule_both_counts_only_confirmed_ties(cli: RunCli, sample_project: Path) -> None:
    either = shown(cli, sample_project)["result"]
    both = shown(cli, sample_project, "--rule", "both")["result"]
    assert both["rule"] == "both"
    assert both["ties"] == 36 < either["ties"]
    assert [row["rule"] for row in both["sensitivity"] if row["chosen"]] == ["both"]
    out = plain(cli("network", sample_project, "--rule", "both").stdout)
    assert "Round baseline · tie rule: both" in out
    assert "Ties 36 · density 0.21" in out
    assert " either 19 88 0.51 0.42 both (used) 19 36 0.21 0.32 " in out
    assert "(used)" not in out.replace("both (used)", "")


def test_unknown_round(cli: RunCli, sample_project: Path) -> None:
    result = cli("network", sample_project, "--round", "nope")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("--round: unknown survey round 'nope'\n"
                             "    hint: known rounds: baseline\n")
    typo = cli("network", "export", sample_project, "--format", "csv", "--round", "baselin")
    assert typo.exit_code == 2
    assert typo.stderr == ("--round: unknown survey round 'baselin'\n"
                           "    hint: did you mean 'baseline'?\n")
    assert not (sample_project / "build").exists()


def test_no_tie_data_is_refused_with_a_place(cli: RunCli, make_project: MakeProject,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project()  # no survey, no network/ties.yaml
    monkeypatch.chdir(root)
    for args in (["network"], ["network", "export", "--format", "gexf"]):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            "survey/survey.yaml: no tie data: the network cannot be measured yet\n"
            "    hint: ask a `members` question in survey/survey.yaml (which members did you "
            "work with?), or record ties in network/ties.yaml\n")
    assert not (root / "build").exists()


def test_a_survey_without_answers_yet_says_what_to_import(cli: RunCli,
                                                          sample_project: Path) -> None:
    for path in (sample_project / "survey" / "responses").glob("baseline*"):
        path.unlink()
    (sample_project / "network" / "ties.yaml").unlink()
    result = cli("network", sample_project)
    assert result.exit_code == 2
    first, hint = result.stderr.splitlines()
    assert first.endswith("survey/responses: no tie data: the network cannot be measured yet")
    assert hint == ("    hint: import a round that answers 'partners' (`netconsult survey "
                    "import`), or record ties in network/ties.yaml")
    assert "Traceback" not in result.output


def test_recorded_ties_alone(cli: RunCli, make_project: MakeProject) -> None:
    root = make_project({"network/ties.yaml": "ties:\n  - members: [n1, s1]\n    intensity: 3\n"})
    result = cli("network", root)
    assert (result.exit_code, result.stderr) == (0, "")
    out = plain(result.stdout)
    # The minimal project names no members: codes from the region ids.
    assert out.startswith("Test Network Recorded ties only (no survey round) · tie rule: "
                          "either Ties 1 · density 0.33 · mean degree 0.7 · components 2 "
                          "(largest 2) · isolates NO-1")  # n2: codes follow no file order
    assert "answered the tie question" not in out
    r = shown(cli, root)["result"]
    assert (r["round"], r["asked"], r["responding"], r["reports"], r["ties"]) \
        == (None, False, 0, 0, 1)
    export = cli("network", "export", root, "--format", "csv")
    assert export.exit_code == 0, export.output
    assert "(3 members, 1 ties; recorded ties only; tie rule either)" in export.stdout
    edges = list(csv.DictReader(io.StringIO(
        (root / "build" / "network-edges.csv").read_text(encoding="utf-8"))))
    assert [(e["Source"], e["Target"], e["origins"]) for e in edges] \
        == [("NO-2", "SO-1", "recorded")]


def test_every_member_at_the_edge_is_marked(cli: RunCli, sample_project: Path) -> None:
    # Without the survey only the recorded and meeting ties are left: many members have
    # one tie or none, and most of them have names longer than the column.
    for path in (sample_project / "survey" / "responses").glob("baseline*"):
        path.unlink()
    at_edge = [m for m in shown(cli, sample_project)["result"]["member_metrics"]
               if m["at_edge"]]
    assert len(at_edge) == 13
    table = cli("network", sample_project).stdout.split("Members, most connected first")[1]
    table = table.split("* at the edge (one tie or none)")[0]
    assert sum(1 for line in table.splitlines() if re.search(r" \* +\S", line)) == len(at_edge)


# -- broken network/ties.yaml -------------------------------------------------------------


@pytest.mark.parametrize("case", ["network-ties-self-tie", "network-ties-intensity-out-of-range",
                                  "network-ties-unknown-member"])
def test_network_refuses_a_broken_ties_file_as_check_does(
        cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    build(CORPUS / case, tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    _, *expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected[0].startswith("network/ties.yaml:")
    for args in (["network"], ["network", "export", "--format", "kumu"]):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.splitlines() == expected
    assert not Path("build").exists()


# -- network export -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", EXPORTED)
def test_each_format_writes_its_files_under_build(cli: RunCli, sample_project: Path,
                                                  fmt: str) -> None:
    result = cli("network", "export", sample_project, "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    build_dir = sample_project / "build"
    assert sorted(p.name for p in build_dir.iterdir()) == EXPORTED[fmt]
    assert result.stdout.startswith("Wrote ")
    assert result.stdout.endswith(
        "(19 members, 88 ties; round baseline; tie rule either)\n")


def test_every_export_holds_the_network_show_reports(cli: RunCli, sample_project: Path) -> None:
    import networkx as nx

    r = shown(cli, sample_project)["result"]
    for fmt in EXPORTED:
        assert cli("network", "export", sample_project, "--format", fmt).exit_code == 0
    build_dir = sample_project / "build"
    for graph in (nx.read_gexf(build_dir / "network.gexf"),
                  nx.read_graphml(build_dir / "network.graphml")):
        assert not graph.is_directed()
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (r["members"], r["ties"])
        assert sorted(graph.nodes) == sorted(m["id"] for m in r["member_metrics"])
        assert dict(graph.degree) == {m["id"]: m["degree"] for m in r["member_metrics"]}
    kumu = json.loads((build_dir / "network.json").read_text(encoding="utf-8"))
    assert (len(kumu["elements"]), len(kumu["connections"])) == (r["members"], r["ties"])
    for name, rows in (("network-nodes.csv", r["members"]), ("network-edges.csv", r["ties"])):
        lines = (build_dir / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == rows + 1  # and a header


def test_the_default_export_is_replaced(cli: RunCli, sample_project: Path) -> None:
    import networkx as nx

    gexf = sample_project / "build" / "network.gexf"
    assert cli("network", "export", sample_project, "--format", "gexf").exit_code == 0
    assert nx.read_gexf(gexf).number_of_edges() == 88
    again = cli("network", "export", sample_project, "--format", "gexf", "--rule", "both")
    assert (again.exit_code, again.stderr) == (0, "")
    assert nx.read_gexf(gexf).number_of_edges() == 36
    assert "tie rule: both" in gexf.read_text(encoding="utf-8")


def test_out_is_not_overwritten_without_force(cli: RunCli, sample_project: Path,
                                              tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "exports" / "partners.gexf"
    out.parent.mkdir()
    first = cli("network", "export", sample_project, "--format", "gexf", "--out", out)
    assert (first.exit_code, first.stderr) == (0, "")
    assert first.stdout.startswith(f"Wrote {out} (")
    before = out.read_bytes()
    refused = cli("network", "export", sample_project, "--format", "gexf", "--out", out,
                  "--rule", "both")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (f"{out}: file exists; not overwriting it\n"
                              "    hint: pass --force to replace it\n")
    assert out.read_bytes() == before
    forced = cli("network", "export", sample_project, "--format", "gexf", "--out", out,
                 "--rule", "both", "--force")
    assert (forced.exit_code, forced.stderr) == (0, "")
    assert nx.read_gexf(out).number_of_edges() == 36
    assert not (sample_project / "build").exists()  # --out writes nowhere else


# -- privacy ------------------------------------------------------------------------------

ANONYMOUS_OUTPUTS = ["show", "export-gexf", "export-graphml", "export-kumu", "export-csv"]


def output_texts(cli: RunCli, root: Path, what: str) -> list[str]:
    """The texts a user gets from `what`: the terminal output and any files written."""
    if what.startswith("show"):
        args = ["--format", "json"] if what == "show-json" else []
        result = cli("network", root, *args)
        assert result.exit_code == 0, result.output
        return [result.stdout]
    fmt = what.removeprefix("export-")
    result = cli("network", "export", root, "--format", fmt)
    assert result.exit_code == 0, result.output
    return [result.stdout] + [file_text(root / "build" / name) for name in EXPORTED[fmt]]


@pytest.mark.parametrize("what", [
    *ANONYMOUS_OUTPUTS,
    "show-json",
])
def test_without_names_no_member_is_named(cli: RunCli, sample_project: Path,
                                          what: str) -> None:
    root = anonymous(sample_project)
    people = members(root)
    texts = output_texts(cli, root, what)
    for text in texts:
        assert leaks(text, people) == []
        assert "country" not in text
        # The countries themselves would name most members (one per country here).
        assert not re.search(r'"(AL|BG|GE|HU|XK|PL|RS|SK|IQ|LB|JO|YE|AR|CO|SV|MX|NG|SN)"',
                             text)
    codes = {"EU-1", "EU-8", "ME-4", "LA-1", "SSA-2", "NA-1"}
    assert all(any(code in text for text in texts) for code in codes)


def test_without_names_the_export_nodes_are_codes(cli: RunCli, sample_project: Path) -> None:
    import networkx as nx

    root = anonymous(sample_project)
    assert cli("network", "export", root, "--format", "gexf").exit_code == 0
    graph = nx.read_gexf(root / "build" / "network.gexf")
    assert all(re.fullmatch(r"(EU|ME|LA|SSA|NA)-\d", node) for node in graph.nodes)
    assert all(data["label"] == node for node, data in graph.nodes(data=True))
    assert all("country" not in data for _, data in graph.nodes(data=True))
    # Codes count members per region in members.yaml order: Europe has eight.
    assert sorted(n for n in graph.nodes if n.startswith("EU-")) == [f"EU-{i}" for i in
                                                                     range(1, 9)]


@pytest.mark.parametrize("what", ["export-gexf", "export-graphml", "export-kumu", "export-csv"])
def test_with_names_every_member_is_named(cli: RunCli, sample_project: Path, what: str) -> None:
    people = members(sample_project)
    texts = output_texts(cli, sample_project, what)
    for m in people:
        assert any(m["name"] in text for text in texts), m["name"]
    show = cli("network", sample_project).stdout
    assert "PartnersGlobal" in show and "NA-1" not in show


# -- rounds -------------------------------------------------------------------------------

#: Partners the follow-up round's respondents add to, and drop from, their baseline answers.
ADDED = {"r-dba07ca3b3": ["isc-sv"],  # hfcc-hu
         "r-369919ba7d": ["ypp-ye"],  # acd-al
         "r-9f78d79dde": ["csdp-sn"]}  # cmdd-mx
DROPPED = {"r-dba07ca3b3": ["cdc-ge"],  # named by hfcc-hu only: lost
           "r-369919ba7d": ["jcpd-jo"],  # named by acd-al only: lost
           "r-3d27fa542b": ["acd-al"]}  # hfcc-hu; acd-al names hfcc-hu itself: still tied
FOLLOW_UP_ROUND = ("  - {id: follow-up, name: Follow-up, opens: 2020-11-02, "
                   "closes: 2020-11-30}\n")


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def survey_pairs(rows: list[list[str]]) -> set[frozenset[str]]:
    """Pairs tied by the survey under the `either` rule: one side named the other."""
    header, *body = rows
    member, partners = header.index("member"), header.index("partners")
    return {frozenset((row[member], p)) for row in body for p in row[partners].split()
            if p != row[member]}


def with_follow_up(root: Path) -> None:
    """A follow-up round: the baseline's answers with ADDED and DROPPED applied."""
    survey = root / "survey" / "survey.yaml"
    text = survey.read_text(encoding="utf-8")
    baseline = "  - {id: baseline, name: Baseline, opens: 2020-07-06, closes: 2020-08-07}\n"
    assert baseline in text
    survey.write_text(text.replace(baseline, baseline + FOLLOW_UP_ROUND), encoding="utf-8")
    responses = root / "survey" / "responses"
    header, *body = read_csv(responses / "baseline.csv")
    partners = header.index("partners")
    rows = [header]
    for row in body:
        rid = row[0]
        named = [p for p in row[partners].split() if p not in DROPPED.get(rid, [])]
        assert not set(ADDED.get(rid, [])) & set(named)
        new = list(row)
        new[0], new[2], new[partners] = f"{rid}-f", "2020-11-10", " ".join(
            named + ADDED.get(rid, []))
        rows.append(new)
    write_csv(responses / "follow-up.csv", rows)
    header, *body = read_csv(responses / "baseline.ties.csv")
    write_csv(responses / "follow-up.ties.csv",
              [header] + [[f"{row[0]}-f", *row[1:]] for row in body
                          if row[1] not in DROPPED.get(row[0], [])])


def fixed_pairs(root: Path) -> set[frozenset[str]]:
    """Pairs tied in every round: recorded ties, and (a superset of) the co-attendance ties
    of the Liaison Group's mentoring sessions."""
    ties = yaml.safe_load((root / "network" / "ties.yaml").read_text(encoding="utf-8"))
    pairs = {frozenset(t["members"]) for t in ties["ties"]}
    for note in (root / "meetings").glob("*mentoring*.md"):
        front = yaml.safe_load(note.read_text(encoding="utf-8").split("---\n")[1])
        pairs |= {frozenset(p) for p in combinations(front["participants"], 2)}
    return pairs


def test_change_since_the_previous_round(cli: RunCli, make_project: MakeProject) -> None:
    root = make_project(base=SAMPLE, name="two-rounds")
    with_follow_up(root)
    responses = root / "survey" / "responses"
    before = survey_pairs(read_csv(responses / "baseline.csv"))
    after = survey_pairs(read_csv(responses / "follow-up.csv"))
    fixed = fixed_pairs(root)
    new, lost = after - before - fixed, before - after - fixed
    # The edits touch no pair that is tied anyway, and do what their comments say.
    assert not (before ^ after) & fixed
    assert len(new) == 3 and len(lost) == 2

    check = cli("check", root)
    assert check.exit_code == 0, check.output
    out = plain(cli("network", root).stdout)
    assert "Round follow-up · tie rule: either" in out
    assert "Ties 89 ·" in out  # 88 + 3 - 2
    assert "Change since baseline baseline follow-up change density 0.51 0.52 +0.01" in out
    names = {m["id"]: m["name"] for m in members(root)}

    def listed(pairs: set[frozenset[str]]) -> str:
        return ", ".join("–".join(names[m] for m in p) for p in sorted(map(sorted, pairs)))

    assert f"New ties ({len(new)}): {listed(new)} " in out
    assert f"Lost ties ({len(lost)}): {listed(lost)} " in out
    assert "Members that answered in both rounds: 16" in out

    change = shown(cli, root)["change"]
    assert (change["before_round"], change["after_round"]) == ("baseline", "follow-up")
    assert {frozenset(p) for p in change["new_ties"]} == new
    assert {frozenset(p) for p in change["lost_ties"]} == lost

    baseline = plain(cli("network", root, "--round", "baseline").stdout)
    assert "Round baseline · tie rule: either" in baseline and "Ties 88 ·" in baseline
    assert "Change since" not in baseline and "New ties" not in baseline
    assert shown(cli, root, "--round", "baseline")["change"] is None

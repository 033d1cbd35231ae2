"""`network export` writers: GEXF, GraphML, Kumu (XLSX + JSON blueprint) and Gephi CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx  # noqa: TID253
import pytest
from openpyxl import load_workbook  # noqa: TID253

from netconsult.errors import UsageError
from netconsult.io import network_export as ne

STAMP = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
TRICKY = 'Ünïon "A" <b>&amp; Co\'s\nКыргызстан 東京 & <x>'
NODES: dict[str, dict[str, Any]] = {
    "hfcc-hu": {"label": TRICKY, "region": "ce", "region_name": "Central Europe",
                "size": "small", "type": "member", "country": "HU", "responded": True,
                "degree": 2, "in_degree": 1, "out_degree": 1, "betweenness": 0,
                "cross_region_share": 0.5, "trust": None, "value": 3},
    "abc-at": {"label": "=HYPERLINK(\"http://x\",\"go\")", "region": "ce",
               "region_name": "Central Europe", "type": "coordinator", "country": "AT",
               "responded": False, "degree": 1, "in_degree": 0, "out_degree": 1,
               "betweenness": 0.25, "cross_region_share": None, "trust": 2.5, "value": None},
    "zed-fr": {"label": "+33 Réseau", "region": "we", "region_name": "West | Atlantic",
               "size": "large", "type": "member", "country": "FR", "responded": True,
               "degree": 1, "in_degree": 1, "out_degree": 0, "betweenness": 0.0,
               "cross_region_share": 1, "trust": 3.0, "value": 2.0},
    "lonely-pl": {"label": "@lonely", "region": "ce", "region_name": "Central Europe",
                  "size": None, "type": "observer", "country": "PL", "responded": False,
                  "degree": 0, "in_degree": 0, "out_degree": 0, "betweenness": 0.0,
                  "cross_region_share": None, "trust": None, "value": None},
}
EDGES: list[tuple[str, str, dict[str, Any]]] = [
    ("hfcc-hu", "abc-at", {"strength": 3.0, "distance": 1 / 3, "reports": 2,
                           "origins": "recorded|survey", "trust": 3, "value": None}),
    ("abc-at", "zed-fr", {"strength": 2, "distance": 0.5, "reports": 1,
                          "origins": "survey", "trust": None, "value": 2.5}),
]


def make_graph(directed: bool, reverse: bool = False) -> nx.Graph:
    """The same network, its nodes and edges inserted in either order."""
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.graph.update(rule="observed" if directed else "either", round="2024")
    nodes = list(NODES.items())
    for node, data in reversed(nodes) if reverse else nodes:
        if node == "hfcc-hu" and not directed:
            data = {k: v for k, v in data.items() if k != "size"}  # absent, not None
        graph.add_node(node, **data)
    for u, v, data in reversed(EDGES) if reverse else EDGES:
        graph.add_edge(u, v, **data)
    return graph


def known(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


FLOATS = {"betweenness", "cross_region_share", "trust", "value", "strength", "distance"}


def assert_same_network(original: nx.Graph, back: nx.Graph, renamed: dict[str, str]) -> None:
    assert back.is_directed() == original.is_directed()
    assert set(back.nodes) == set(original.nodes)
    for node, data in original.nodes(data=True):
        expected = {renamed.get(k, k): v for k, v in known(data).items()}
        assert back.nodes[node] == expected
        for name in FLOATS & back.nodes[node].keys():
            assert type(back.nodes[node][name]) is float, (node, name)
        assert type(back.nodes[node]["degree"]) is int
        assert type(back.nodes[node]["responded"]) is bool
    assert back.number_of_edges() == original.number_of_edges()
    for u, v, data in original.edges(data=True):
        got = {k: w for k, w in back.edges[u, v].items() if k != "id"}
        assert got == {"weight": data["strength"], **known(data)}
        assert type(got["strength"]) is float and type(got["reports"]) is int
    if original.is_directed():
        assert not back.has_edge("abc-at", "hfcc-hu")


# -- GEXF and GraphML ------------------------------------------------------------------------


@pytest.mark.parametrize("directed", [False, True])
def test_gexf_reads_back_as_the_same_network(directed: bool) -> None:
    graph = make_graph(directed)
    data = ne.gexf_bytes(ne.prepare(graph), STAMP)
    assert_same_network(graph, nx.read_gexf(io.BytesIO(data)), {})
    assert b'version="1.2"' in data and b'lastmodifieddate="2024-05-01"' in data
    kind = b"directed" if directed else b"undirected"
    assert b'defaultedgetype="' + kind + b'"' in data
    assert b"tie rule: " + graph.graph["rule"].encode() + b"; survey round: 2024" in data


@pytest.mark.parametrize("directed", [False, True])
def test_graphml_reads_back_as_the_same_network(directed: bool) -> None:
    graph = make_graph(directed)
    data = ne.graphml_bytes(ne.prepare(graph))
    back = nx.read_graphml(io.BytesIO(data))
    assert_same_network(graph, back, ne.GRAPHML_RENAMED)
    assert {k: v for k, v in back.graph.items() if not k.endswith("_default")} == graph.graph


def test_graphml_key_ids_cannot_be_taken_for_yed_labels_by_gephi() -> None:
    from xml.etree.ElementTree import fromstring

    root = fromstring(ne.graphml_bytes(ne.prepare(make_graph(False))))
    keys = root.findall("{http://graphml.graphdrawing.org/xmlns}key")
    # Gephi reads key id d3 (node) / d7 (edge) as the label, whatever the key's name.
    assert {k.get("id") for k in keys} == {f"{k.get('for')}_{k.get('attr.name')}" for k in keys}
    assert "size" not in {k.get("attr.name") for k in keys if k.get("for") == "node"}


def test_an_int_in_a_float_attribute_does_not_change_its_type() -> None:
    graph = nx.Graph()
    graph.add_node("a", betweenness=0, score=1)  # FLOAT_ATTRIBUTES, and one found mixed
    graph.add_node("b", betweenness=0, score=0.5)
    data = ne.gexf_bytes(ne.prepare(graph))
    assert b'title="betweenness" type="double"' in data
    assert b'title="score" type="double"' in data
    back = nx.read_graphml(io.BytesIO(ne.graphml_bytes(ne.prepare(graph))))
    assert back.nodes["a"] == {"betweenness": 0.0, "score": 1.0}
    assert type(back.nodes["a"]["score"]) is float


def test_the_same_network_gives_the_same_bytes_in_every_format() -> None:
    for directed in (False, True):
        first, second = make_graph(directed), make_graph(directed, reverse=True)
        for fmt in ne.FORMATS:
            assert ne.render(first, fmt, stamp=STAMP) == ne.render(second, fmt, stamp=STAMP)
    assert b"lastmodifieddate" not in ne.render(make_graph(False), "gexf")[0]


def test_control_characters_cannot_break_the_xml() -> None:
    graph = nx.Graph()
    graph.add_node("a", label="bell\x07 and\r\nbreak")
    for fmt in ("gexf", "graphml"):
        data = ne.render(graph, fmt)[0]
        read = nx.read_gexf if fmt == "gexf" else nx.read_graphml
        assert read(io.BytesIO(data)).nodes["a"]["label"] == "bell\ufffd and\nbreak"


def test_a_value_of_an_unexpected_type_is_a_programming_error() -> None:
    graph = nx.Graph()
    graph.add_node("a", trust=(1, 2))
    with pytest.raises(TypeError, match="'trust'"):
        ne.prepare(graph)


# -- Kumu ------------------------------------------------------------------------------------


def sheets(data: bytes) -> dict[str, list[list[Any]]]:
    workbook = load_workbook(io.BytesIO(data))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
            for ws in workbook.worksheets}


def test_kumu_workbook_follows_kumus_import_layout() -> None:
    data = ne.kumu_xlsx_bytes(ne.prepare(make_graph(False)), STAMP)
    tables = sheets(data)
    assert list(tables) == ["Elements", "Connections"]
    elements, connections = tables["Elements"], tables["Connections"]
    assert elements[0] == ["Label", "ID", "Type", "Tags", "region", "region_name", "size",
                           "country", "responded", "degree", "in_degree", "out_degree",
                           "betweenness", "cross_region_share", "trust", "value"]
    by_id = {row[1]: dict(zip(elements[0], row, strict=True)) for row in elements[1:]}
    assert [row[1] for row in elements[1:]] == sorted(NODES)
    assert by_id["hfcc-hu"]["Label"] == TRICKY
    assert by_id["zed-fr"] == {
        "Label": "+33 Réseau", "ID": "zed-fr", "Type": "member",
        "Tags": "West / Atlantic|large", "region": "we", "region_name": "West | Atlantic",
        "size": "large", "country": "FR", "responded": True, "degree": 1, "in_degree": 1,
        "out_degree": 0, "betweenness": 0, "cross_region_share": 1, "trust": 3,
        "value": 2}
    assert by_id["lonely-pl"]["Tags"] == "Central Europe"
    assert by_id["lonely-pl"]["trust"] is None

    assert connections[0] == ["From", "To", "ID", "Direction", "Strength", "Tags",
                              "distance", "reports", "origins", "trust", "value"]
    # From/To are element IDs (Kumu matches IDs once the Elements sheet has them).
    assert connections[1] == ["abc-at", "hfcc-hu", "abc-at~hfcc-hu", "undirected", 3,
                              "recorded|survey", 1 / 3, 2, "recorded|survey", 3, None]
    assert connections[2][:6] == ["abc-at", "zed-fr", "abc-at~zed-fr", "undirected", 2,
                                  "survey"]
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.properties.created == workbook.properties.modified == dt.datetime(
        2024, 5, 1, 12, 30)


def test_kumu_workbook_of_a_digraph_has_directed_connections() -> None:
    connections = sheets(ne.kumu_xlsx_bytes(ne.prepare(make_graph(True))))["Connections"]
    assert [row[:4] for row in connections[1:]] == [
        ["abc-at", "zed-fr", "abc-at~zed-fr", "directed"],
        ["hfcc-hu", "abc-at", "hfcc-hu~abc-at", "directed"]]


def test_kumu_workbook_cells_never_become_formulas() -> None:
    data = ne.kumu_xlsx_bytes(ne.prepare(make_graph(False)))
    elements = load_workbook(io.BytesIO(data))["Elements"]
    labels = {cell.value: cell.data_type for cell in elements["A"][1:]}
    assert labels == {'=HYPERLINK("http://x","go")': "s", "@lonely": "s", TRICKY: "s",
                      "+33 Réseau": "s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)


def test_kumu_blueprint_uses_kumus_documented_keys() -> None:
    blueprint = json.loads(ne.kumu_json_bytes(ne.prepare(make_graph(True))))
    assert list(blueprint) == ["elements", "connections"]
    elements = {e["id"]: e for e in blueprint["elements"]}
    assert list(elements) == sorted(NODES)
    assert elements["hfcc-hu"] == {
        "label": TRICKY, "id": "hfcc-hu", "type": "member",
        "tags": ["Central Europe", "small"], "region": "ce", "region_name": "Central Europe",
        "size": "small", "country": "HU", "responded": True, "degree": 2, "in_degree": 1,
        "out_degree": 1, "betweenness": 0.0, "cross_region_share": 0.5, "value": 3.0}
    assert "size" not in elements["lonely-pl"] and "trust" not in elements["lonely-pl"]
    first, second = blueprint["connections"]
    assert first == {"from": "abc-at", "to": "zed-fr", "id": "abc-at~zed-fr",
                     "direction": "directed", "Strength": 2.0, "tags": ["survey"],
                     "distance": 0.5, "reports": 1, "origins": ["survey"], "value": 2.5}
    assert second["origins"] == second["tags"] == ["recorded", "survey"]
    assert {c["from"] for c in blueprint["connections"]} <= set(elements)


# -- CSV -------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("directed", [False, True])
def test_csv_tables_use_gephis_column_names(directed: bool) -> None:
    nodes_csv, edges_csv = ne.csv_bytes(ne.prepare(make_graph(directed)))
    nodes, edges = read_csv(nodes_csv), read_csv(edges_csv)
    assert list(nodes[0])[:4] == ["Id", "Label", "region", "region_name"]
    assert [n["Id"] for n in nodes] == sorted(NODES)
    hu = next(n for n in nodes if n["Id"] == "hfcc-hu")
    assert hu["Label"] == TRICKY and hu["trust"] == "" and hu["responded"] == "true"
    assert hu["betweenness"] == "0.0" and hu["degree"] == "2"
    assert list(edges[0]) == ["Source", "Target", "Type", "Weight", "strength", "distance",
                              "reports", "origins", "trust", "value"]
    kind = "Directed" if directed else "Undirected"
    assert {(e["Source"], e["Target"], e["Type"], e["Weight"]) for e in edges} == {
        ("hfcc-hu" if directed else "abc-at", "abc-at" if directed else "hfcc-hu", kind, "3.0"),
        ("abc-at", "zed-fr", kind, "2.0")}


def test_csv_columns_never_clash_with_gephis_own() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", strength=2.0, weight=9, TYPE="x")
    _, edges_csv = ne.csv_bytes(ne.prepare(graph))
    assert edges_csv.splitlines()[0] == b"Source,Target,Type,Weight,strength,TYPE_,weight_"


# -- files -----------------------------------------------------------------------------------


def test_output_paths_rule(tmp_path: Path) -> None:
    out = tmp_path / "round.2024"
    assert ne.output_paths("gexf", out) == [tmp_path / "round.2024.gexf"]
    assert ne.output_paths("graphml", tmp_path / "n.GraphML") == [tmp_path / "n.GraphML"]
    assert ne.output_paths("kumu", tmp_path / "map.json") == [tmp_path / "map.xlsx",
                                                              tmp_path / "map.json"]
    assert ne.output_paths("csv", tmp_path / "net.csv") == [tmp_path / "net-nodes.csv",
                                                            tmp_path / "net-edges.csv"]
    assert ne.output_paths("csv", tmp_path) == ne.default_paths("csv", tmp_path) == [
        tmp_path / "network-nodes.csv", tmp_path / "network-edges.csv"]
    assert ne.default_paths("kumu", tmp_path, "r1") == [tmp_path / "r1.xlsx",
                                                        tmp_path / "r1.json"]
    with pytest.raises(UsageError, match="unknown export format 'pdf'"):
        ne.output_paths("pdf", tmp_path)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ne.FORMATS)
def test_export_writes_what_render_makes(tmp_path: Path, fmt: ne.Format) -> None:
    graph = make_graph(False)
    paths = ne.export_network(graph, fmt, tmp_path / "out", stamp=STAMP)
    assert paths == ne.output_paths(fmt, tmp_path / "out")
    assert [p.read_bytes() for p in paths] == ne.render(graph, fmt, stamp=STAMP)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_export_refuses_to_replace_any_file_and_then_writes_none(tmp_path: Path) -> None:
    graph = make_graph(True)
    (tmp_path / "net.json").write_text("mine")
    with pytest.raises(UsageError) as caught:
        ne.export_network(graph, "kumu", tmp_path / "net")
    [problem] = caught.value.problems
    assert problem.place.path == str(tmp_path / "net.json")
    assert problem.message == "file exists; not overwriting it"
    assert problem.hint == "pass --force to replace it"
    assert not (tmp_path / "net.xlsx").exists()
    assert (tmp_path / "net.json").read_text() == "mine"

    ne.export_network(graph, "kumu", tmp_path / "net", force=True)
    assert json.loads((tmp_path / "net.json").read_text())["elements"]


def test_export_refuses_a_folder_in_the_way_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "net-edges.csv").mkdir()
    with pytest.raises(UsageError, match="a folder is in the way"):
        ne.export_network(make_graph(False), "csv", tmp_path / "net", force=True)
    assert not (tmp_path / "net-nodes.csv").exists()

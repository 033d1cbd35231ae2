"""`network export`: the tie network as files Gephi and Kumu import as they are.

Input is the networkx Graph (rules `either`/`both`) or DiGraph (rule `observed`) that
`analysis.network.build_graph` makes: node ids are member ids, node and edge attributes as
described there, `None` meaning "not known or suppressed". Four formats:

- ``gexf``: GEXF 1.2 (networkx), one file. The node label is the GEXF ``label``; the edge
  ``weight`` repeats ``strength`` so Gephi weights ties by it. Rule and round go into
  ``<meta><description>`` (GEXF has no graph attributes).
- ``graphml``: GraphML (networkx), one file, rule and round as graph data. Key ids are
  ``<scope>_<name>`` rather than networkx's ``d0, d1...``: Gephi reads a node key with id
  ``d3`` as the label and an edge key ``d7`` as the edge label (yEd's ids), whatever its name.
  Node ``size`` is written as ``member_size`` (`GRAPHML_RENAMED`): Gephi takes a GraphML key
  named ``size`` as the node's drawing size and rejects "small".
- ``kumu``: an XLSX workbook (sheets Elements and Connections) and a JSON blueprint, the two
  import routes Kumu documents.
- ``csv``: a node table and an edge table in Gephi's spreadsheet-import layout.

Rules shared by all formats: `None` and non-finite numbers are left out (no format here can
hold them); an attribute has one type across all nodes (or edges): ints and floats together
become floats, and the metrics in `FLOAT_ATTRIBUTES` are floats always; text has the control
characters XML forbids shown as U+FFFD (`text.printable`). Nodes are sorted by id and ties
by (source, target), an undirected tie written with the smaller id first, so the same graph
gives the same bytes.

File names (`output_paths`): for ``gexf``/``graphml`` `out` is the file (the suffix is added
when missing); for ``kumu`` and ``csv`` `out` is a stem (a trailing .xlsx/.json or .csv is
dropped): ``<stem>.xlsx`` + ``<stem>.json``, ``<stem>-nodes.csv`` + ``<stem>-edges.csv``.
An existing folder as `out` means ``<folder>/network...``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from netconsult.errors import Place, Problem, UsageError, shown
from netconsult.io.text import printable
from netconsult.io.xlsx_tracker import CREATOR, restamped, set_cell
from netconsult.project.write import write_atomic

if TYPE_CHECKING:
    import networkx as nx

Format = Literal["gexf", "graphml", "kumu", "csv"]
FORMATS: tuple[str, ...] = get_args(Format)
DEFAULT_STEM = "network"

Value = bool | int | float | str

#: Attribute order in every output: the documented ones first, anything else after, by name.
NODE_ORDER = ("label", "region", "region_name", "size", "type", "country", "responded",
              "degree", "in_degree", "out_degree", "betweenness", "cross_region_share",
              "trust", "value")
EDGE_ORDER = ("strength", "distance", "reports", "origins", "trust", "value")
GRAPH_ORDER = ("rule", "round")
#: Scores and shares: a float column even when every value in this graph happens to be whole,
#: so the column type does not change from one export (or round) to the next.
FLOAT_ATTRIBUTES = frozenset({"betweenness", "cross_region_share", "trust", "value",
                              "strength", "distance"})
GRAPHML_RENAMED = {"size": "member_size"}
#: Edge attributes holding several values joined by "|", Kumu's separator for multiple values.
MULTI_VALUED = frozenset({"origins"})
#: What Kumu shows as tags (they drive its showcase and selectors): region name and size.
KUMU_TAGS = ("region_name", "size")
KUMU_SHEETS = ("Elements", "Connections")
#: Zip entries cannot be older than 1980: the time an export without `stamp` carries.
NO_STAMP = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


# -- file names ------------------------------------------------------------------------------


def output_paths(fmt: Format, out: Path) -> list[Path]:
    """The files `export_network(graph, fmt, out)` writes, in the order it returns them."""
    _check_format(fmt)
    if out.is_dir():
        return default_paths(fmt, out)
    name = out.name
    if fmt in ("gexf", "graphml"):
        suffix = "." + fmt
        return [out if name.lower().endswith(suffix) else out.with_name(name + suffix)]
    ends = (".xlsx", ".json") if fmt == "kumu" else (".csv",)
    for end in ends:
        if name.lower().endswith(end) and len(name) > len(end):
            name = name[: -len(end)]
            break
    return default_paths(fmt, out.parent, name)


def default_paths(fmt: Format, folder: Path, stem: str = DEFAULT_STEM) -> list[Path]:
    """The files an export named `stem` writes into `folder`."""
    _check_format(fmt)
    if fmt == "kumu":
        return [folder / f"{stem}.xlsx", folder / f"{stem}.json"]
    if fmt == "csv":
        return [folder / f"{stem}-nodes.csv", folder / f"{stem}-edges.csv"]
    return [folder / f"{stem}.{fmt}"]


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError.at("--format", f"unknown export format {shown(fmt)}",
                            hint="one of: " + ", ".join(FORMATS))


# -- the entry point -------------------------------------------------------------------------


def export_network(graph: nx.Graph, fmt: Format, out: Path, *, force: bool = False,
                   stamp: dt.datetime | None = None) -> list[Path]:
    """Write `graph` as `fmt` to the files `output_paths(fmt, out)` names; return them.

    Every file is made in memory and every path checked before any is written, so a
    refusal (a file exists and not `force`, a folder in the way) leaves the disk as it
    was; each file is then replaced atomically. `stamp` (aware; `stamp.build_time`) is
    the date written into the GEXF and the workbook; without it they carry none / 1980.
    """
    paths = output_paths(fmt, out)
    contents = render(graph, fmt, stamp=stamp)
    problems = []
    for path in paths:
        if path.is_dir():
            problems.append(Problem(Place(str(path)), "a folder is in the way of this file"))
        elif path.exists() and not force:
            problems.append(Problem(Place(str(path)), "file exists; not overwriting it",
                                    hint="pass --force to replace it"))
    if problems:
        raise UsageError(problems)
    for path, content in zip(paths, contents, strict=True):
        write_atomic(path, content)
    return paths


def render(graph: nx.Graph, fmt: Format, *, stamp: dt.datetime | None = None) -> list[bytes]:
    """The contents of the files of `fmt`, in the order of `output_paths`."""
    _check_format(fmt)
    network = prepare(graph)
    if fmt == "gexf":
        return [gexf_bytes(network, stamp)]
    if fmt == "graphml":
        return [graphml_bytes(network)]
    if fmt == "kumu":
        return [kumu_xlsx_bytes(network, stamp), kumu_json_bytes(network)]
    return list(csv_bytes(network))


# -- one clean, ordered copy of the graph ----------------------------------------------------


@dataclass(frozen=True)
class Network:
    """The graph every writer reads: sorted, `None`s dropped, one type per attribute."""

    graph: nx.Graph
    node_fields: tuple[str, ...]
    edge_fields: tuple[str, ...]

    @property
    def directed(self) -> bool:
        return bool(self.graph.is_directed())


def prepare(graph: nx.Graph) -> Network:
    """A sorted copy of `graph` with plain values only (see the module docstring)."""
    import networkx as nx

    if graph.is_multigraph():
        raise TypeError("export a Graph or DiGraph: parallel ties are merged before export")
    directed = bool(graph.is_directed())
    nodes = sorted(graph.nodes, key=str)
    pairs = []
    for u, v in graph.edges:
        if not directed and str(v) < str(u):
            u, v = v, u
        pairs.append((u, v))
    pairs.sort(key=lambda pair: (str(pair[0]), str(pair[1])))
    node_fields, node_data = _clean([graph.nodes[n] for n in nodes], NODE_ORDER)
    edge_fields, edge_data = _clean([graph.edges[u, v] for u, v in pairs], EDGE_ORDER)
    _, (graph_data,) = _clean([graph.graph], GRAPH_ORDER)

    copy: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    copy.graph.update(graph_data)
    for node, data in zip(nodes, node_data, strict=True):
        copy.add_node(node)
        copy.nodes[node].update(data)
    for (u, v), data in zip(pairs, edge_data, strict=True):
        copy.add_edge(u, v)
        copy.edges[u, v].update(data)
    return Network(copy, node_fields, edge_fields)


def _clean(records: Sequence[Mapping[Any, object]],
           order: Sequence[str]) -> tuple[tuple[str, ...], list[dict[str, Value]]]:
    plain: list[dict[str, Value]] = []
    kinds: dict[str, set[type]] = {}
    for record in records:
        values = {}
        for key, raw in record.items():
            value = _plain(str(key), raw)
            if value is not None:
                values[str(key)] = value
                kinds.setdefault(str(key), set()).add(type(value))
        plain.append(values)
    names = tuple([k for k in order if k in kinds] + sorted(k for k in kinds if k not in order))
    target = {name: _common_type(name, kinds[name]) for name in names}
    return names, [{name: _as(target[name], values[name]) for name in names if name in values}
                   for values in plain]


def _plain(name: str, value: object) -> Value | None:
    """`value` as a builtin bool/int/float/str, or None when it is not to be written."""
    if value is None:
        return None
    if not isinstance(value, bool | int | float | str):
        item = getattr(value, "item", None)  # numpy scalars from the metrics
        if callable(item):
            value = item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return printable(value)
    raise TypeError(f"attribute {name!r}: cannot export a {type(value).__name__}")


def _common_type(name: str, kinds: set[type]) -> type:
    if kinds <= {int, float}:
        return float if name in FLOAT_ATTRIBUTES or float in kinds else int
    if len(kinds) == 1:
        return next(iter(kinds))
    return str


def _as(kind: type, value: Value) -> Value:
    if kind is float:
        return float(value)
    if kind is str:
        return _text(value)
    return value


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- GEXF and GraphML (Gephi, and anything else that reads them) -----------------------------


def _weighted(network: Network, renamed: Mapping[str, str] | None = None) -> nx.Graph:
    """The graph as the XML writers get it: `weight` = strength, node attributes renamed."""
    graph = network.graph.copy()
    for _, _, data in graph.edges(data=True):
        if "strength" in data:
            new = {"weight": data["strength"], **data}
            data.clear()
            data.update(new)
    for _, data in graph.nodes(data=True):
        for old, new_name in (renamed or {}).items():
            if old in data:
                items = [(new_name if k == old else k, v) for k, v in data.items()]
                data.clear()
                data.update(items)
    return graph


def gexf_bytes(network: Network, stamp: dt.datetime | None = None) -> bytes:
    """GEXF 1.2; `stamp` gives the meta lastmodifieddate (left out without it)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    # networkx stamps today's date and its own version: both would change the bytes.
    meta = writer.xml.find("meta")
    assert meta is not None
    del meta.attrib["lastmodifieddate"]
    if stamp is not None:
        meta.set("lastmodifieddate", _utc(stamp).date().isoformat())
    creator = meta.find("creator")
    assert creator is not None
    creator.text = CREATOR
    about = "; ".join(f"{key}: {value}" for key, value in _graph_facts(network))
    if about:
        from xml.etree.ElementTree import SubElement

        SubElement(meta, "description").text = "netconsult tie network; " + about
    graph = _weighted(network)
    graph.graph.clear()  # GEXF keeps no graph attributes; networkx would read `name`/`mode`
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _graph_facts(network: Network) -> list[tuple[str, str]]:
    names = {"rule": "tie rule", "round": "survey round"}
    return [(names.get(key, key), _text(value)) for key, value in network.graph.graph.items()]


_KEY_ID = re.compile(r"[^A-Za-z0-9_.-]")


def graphml_bytes(network: Network) -> bytes:
    """GraphML with graph, node and edge data; key ids named `<scope>_<name>`."""
    from networkx.readwrite.graphml import GraphMLWriter

    # The plain-ElementTree writer, not nx.write_graphml: that one switches to lxml when it
    # is installed, and the bytes would depend on it.
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(_weighted(network, GRAPHML_RENAMED))
    root = writer.xml
    keys = root.findall("key")
    for key in keys:
        root.remove(key)
    keys.reverse()  # networkx inserts each new key first
    keys.sort(key=lambda k: ("graph", "node", "edge").index(k.get("for", "node")))
    renamed: dict[str, str] = {}
    for position, key in enumerate(keys):
        wanted = _KEY_ID.sub("_", f"{key.get('for')}_{key.get('attr.name')}")
        new_id = wanted if wanted not in renamed.values() else f"{wanted}_{position}"
        renamed[key.get("id", "")] = new_id
        key.set("id", new_id)
        root.insert(position, key)
    booleans = {key.get("id") for key in keys if key.get("attr.type") == "boolean"}
    for data in root.iter("data"):
        data.set("key", renamed[data.get("key", "")])
        if data.get("key") in booleans and data.text:
            data.text = data.text.lower()  # xs:boolean is true/false; networkx writes True
    buffer = io.BytesIO()
    writer.dump(buffer)
    return buffer.getvalue()


# -- Kumu ------------------------------------------------------------------------------------
#
# Layout from Kumu's docs (github.com/kumu/docs):
# - guides/import/import.md: "Label" must head column A of an elements sheet, "From" and "To"
#   columns A and B of a connections sheet; more columns become fields; several values in a
#   cell are separated by "|"; Type, Description and Tags are pre-named fields.
# - faq/how-do-I-avoid-duplicating-data.md: with an ID column Kumu matches elements on re-import
#   by ID (updating them, not duplicating); "if you are using IDs on your elements sheet, you
#   need to use those IDs in the From and To columns ... instead of using Labels"; connections
#   need an ID too, or every re-import adds them again. A re-import replaces the fields it
#   carries, so no Description column: it would blank the descriptions typed in Kumu.
# - guides/import/blueprints.md: the JSON blueprint, {"elements": [{"id", "label", "type",
#   "description", "tags": [...], <field>: value}], "connections": [{"id", "from", "to",
#   "direction": "directed" | "undirected" | "mutual", "type", <field>: value}]}: fields sit
#   on the object itself, there is no "attributes" wrapper.
# A DiGraph's ties are "directed" (a reverse tie carries its own ratings, so two connections,
# never one "mutual"); an undirected Graph's are "undirected".


@dataclass(frozen=True)
class KumuItem:
    """One element or connection: the core columns, then its fields."""

    core: dict[str, Value | list[str]]
    fields: dict[str, Value]


def kumu_items(network: Network) -> tuple[list[KumuItem], list[KumuItem]]:
    """Elements and connections in Kumu's terms (From/To are member ids)."""
    graph = network.graph
    elements = []
    for node, data in graph.nodes(data=True):
        core: dict[str, Value | list[str]] = {"label": data.get("label", str(node)),
                                              "id": str(node)}
        if "type" in data:
            core["type"] = data["type"]
        core["tags"] = [_tag(data[k]) for k in KUMU_TAGS if k in data]
        fields = {k: v for k, v in data.items() if k not in ("label", "type")}
        elements.append(KumuItem(core, fields))
    direction = "directed" if network.directed else "undirected"
    connections = []
    for u, v, data in graph.edges(data=True):
        core = {"from": str(u), "to": str(v), "id": f"{u}~{v}", "direction": direction}
        if "strength" in data:
            core["strength"] = data["strength"]
        core["tags"] = [_tag(t) for t in str(data.get("origins", "")).split("|") if t]
        fields = {k: v for k, v in data.items() if k != "strength"}
        connections.append(KumuItem(core, fields))
    return elements, connections


def _tag(value: Value) -> str:
    return _text(value).replace("|", "/")  # a "|" inside one tag would split it in two


ELEMENT_COLUMNS = (("Label", "label"), ("ID", "id"), ("Type", "type"), ("Tags", "tags"))
CONNECTION_COLUMNS = (("From", "from"), ("To", "to"), ("ID", "id"), ("Direction", "direction"),
                      ("Strength", "strength"), ("Tags", "tags"))


def kumu_tables(network: Network) -> list[tuple[str, list[str], list[list[Value | None]]]]:
    """(sheet name, header, rows) for the Elements and Connections sheets."""
    elements, connections = kumu_items(network)
    node_fields = [f for f in network.node_fields if f not in ("label", "type")]
    edge_fields = [f for f in network.edge_fields if f != "strength"]
    tables = []
    for title, columns, items, fields in (
            (KUMU_SHEETS[0], ELEMENT_COLUMNS, elements, node_fields),
            (KUMU_SHEETS[1], CONNECTION_COLUMNS, connections, edge_fields)):
        header = [name for name, _ in columns] + fields
        rows = [[_cell(item.core.get(key)) for _, key in columns]
                + [item.fields.get(f) for f in fields] for item in items]
        tables.append((title, header, rows))
    return tables


def _cell(value: Value | list[str] | None) -> Value | None:
    if isinstance(value, list):
        return "|".join(value) or None
    return value


def kumu_xlsx_bytes(network: Network, stamp: dt.datetime | None = None) -> bytes:
    """The workbook Kumu imports; created/modified and zip times are `stamp` (or 1980)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, header, rows in kumu_tables(network):
        sheet = workbook.create_sheet(title)
        for col, name in enumerate(header, 1):
            cell = sheet.cell(row=1, column=col)
            set_cell(cell, name)
            cell.font = bold
        for r, values in enumerate(rows, 2):
            for col, value in enumerate(values, 1):
                if value is not None:
                    # Text stays text: a label "=cmd|..." or "@SUM(...)" is no formula.
                    set_cell(sheet.cell(row=r, column=col), value)
        sheet.freeze_panes = "A2"
    workbook.active = 0

    when = _utc(stamp or NO_STAMP).replace(tzinfo=None)
    props = workbook.properties
    props.title = "Tie network for Kumu"
    props.creator = CREATOR
    props.created = props.modified = when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter, not Workbook.save: save() stamps `modified` with the wall clock.
        ExcelWriter(workbook, archive).save()
    return restamped(buffer.getvalue(), when)


def kumu_blueprint(network: Network) -> dict[str, list[dict[str, Any]]]:
    """The JSON blueprint as data: core keys in Kumu's lower case, fields as in the sheets."""
    elements, connections = kumu_items(network)
    out: dict[str, list[dict[str, Any]]] = {"elements": [], "connections": []}
    for key, items in (("elements", elements), ("connections", connections)):
        for item in items:
            entry: dict[str, Any] = {}
            for name, value in item.core.items():
                if value == []:
                    continue
                # Strength is no Kumu core field: name it as the sheet's column does.
                entry["Strength" if name == "strength" else name] = value
            for name, value in item.fields.items():
                if name in MULTI_VALUED and isinstance(value, str):
                    entry[name] = [part for part in value.split("|") if part]
                else:
                    entry[name] = value
            out[key].append(entry)
    return out


def kumu_json_bytes(network: Network) -> bytes:
    text = json.dumps(kumu_blueprint(network), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


# -- CSV for Gephi's spreadsheet import ------------------------------------------------------
#
# gephi.org/users/supported-graph-formats/spreadsheet: the node table's id column is "Id" and
# its label column "Label"; the edge table needs "Source" and "Target", and reads "Type"
# ("Directed" / "Undirected") and "Weight"; any other column is an attribute. Gephi refuses
# two columns whose names differ only in case, hence `_free`.


def csv_bytes(network: Network) -> tuple[bytes, bytes]:
    """(node table, edge table) as UTF-8 CSV, without a BOM (Gephi would read it into "Id")."""
    graph = network.graph
    node_fields = [f for f in network.node_fields if f != "label"]
    node_header = _free(["Id", "Label"], node_fields)
    node_rows = [[str(node), data.get("label", str(node))] + [data.get(f) for f in node_fields]
                 for node, data in graph.nodes(data=True)]
    kind = "Directed" if network.directed else "Undirected"
    edge_fields = list(network.edge_fields)
    edge_header = _free(["Source", "Target", "Type", "Weight"], edge_fields)
    edge_rows = [[str(u), str(v), kind, data.get("strength")] + [data.get(f) for f in edge_fields]
                 for u, v, data in graph.edges(data=True)]
    return _csv(node_header, node_rows), _csv(edge_header, edge_rows)


def _free(fixed: list[str], fields: Iterable[str]) -> list[str]:
    header = list(fixed)
    taken = {name.casefold() for name in header}
    for field in fields:
        name = field
        while name.casefold() in taken:
            name += "_"
        taken.add(name.casefold())
        header.append(name)
    return header


def _csv(header: list[str], rows: list[list[Value | None]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else _text(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _utc(stamp: dt.datetime) -> dt.datetime:
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)

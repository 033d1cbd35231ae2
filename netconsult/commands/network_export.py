"""`netconsult network export`: the network as files Gephi and Kumu import as they are."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

import typer

from netconsult.commands._common import PROJECT_DIR
from netconsult.commands.network_show import ROUND_OPTION, RULE_OPTION, TieRule, load_network


class ExportFormat(StrEnum):
    gexf = "gexf"
    graphml = "graphml"
    kumu = "kumu"
    csv = "csv"


def export(
    project_dir: Path = PROJECT_DIR,
    fmt: ExportFormat = typer.Option(
        ..., "--format", "-f", help="gexf or graphml (Gephi, networkx), kumu (an XLSX "
        "workbook and a JSON blueprint for Kumu), csv (node and edge tables for Gephi's "
        "spreadsheet import)."),
    out: Path | None = typer.Option(
        None, "--out", help="The file, or for kumu and csv the name stem, to write "
        "(default: DIR/build/network.*, replaced on every export)."),
    round_id: str | None = ROUND_OPTION,
    rule: TieRule | None = RULE_OPTION,
    force: bool = typer.Option(False, "--force", help="Replace files at --out."),
) -> None:
    """Write the network with every member's metrics for Gephi or Kumu. Members appear by
    name only when privacy.show_member_names is true, else by code; trust and value hidden
    in the report are left out here too. Re-importing the Kumu files updates the map
    instead of duplicating it."""
    from netconsult.analysis.project_network import graph_with_metrics
    from netconsult.io.network_export import DEFAULT_STEM, export_network
    from netconsult.io.stamp import build_time

    project, network = load_network(project_dir, round_id, rule)
    graph = graph_with_metrics(network, named=project.config.privacy.show_member_names)
    if out is None:
        # DIR/build is generated output, like the reports: refreshed without --force.
        target = project_dir / "build" / DEFAULT_STEM
        force = True
    else:
        target = out
    stamp = build_time(project, os.environ.get("SOURCE_DATE_EPOCH"))
    paths = export_network(graph, fmt.value, target, force=force, stamp=stamp)
    r = network.result
    where = f"round {r.round}" if r.round else "recorded ties only"
    typer.echo(f"Wrote {', '.join(str(p) for p in paths)} ({r.members} members, "
               f"{r.ties or 0} ties; {where}; tie rule {r.rule})")

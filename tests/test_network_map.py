"""The network map: deterministic, escaped, readable at 19 and at 200 members."""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netconsult.render.network_map import (
    LABEL_ALL,
    MAX_LABELS,
    WIDTH,
    MapEdge,
    MapNode,
    network_map,
)

NS = "{http://www.w3.org/2000/svg}"
REGIONS = [("eu", "Europe"), ("mena", "Middle East and North Africa"),
           ("lac", "Latin America"), ("ssa", "Sub-Saharan Africa"), ("asia", "Asia")]
HOSTILE = ("<script>alert(1)</script>", "Tom & Jerry", "\"double\" and 'single'")
Box = tuple[float, float, float, float]
Network = Callable[[], tuple[list[MapNode], list[MapEdge]]]


def with_degrees(members: dict[str, tuple[str, str]], edges: list[MapEdge]) -> list[MapNode]:
    degree = dict.fromkeys(members, 0)
    for edge in edges:
        degree[edge.a] += 1
        degree[edge.b] += 1
    return [MapNode(i, label, region, degree[i]) for i, (label, region) in members.items()]


def coalition() -> tuple[list[MapNode], list[MapEdge]]:
    """19 members in 5 regions: a coordinator tied to most, regional clusters, 2 isolates."""
    members = {
        "coord": ("Global Partners Secretariat", "eu"), "eu1": ("Stichting Open Ruimte", "eu"),
        "eu2": ("Fundación Ciudadanía Activa", "eu"), "eu3": ("Civic Europe e.V.", "eu"),
        "eu4": ("Association Les Voix", "eu"), "me1": ("Al-Nahda Youth Forum", "mena"),
        "me2": ("Beirut Civic Lab", "mena"), "me3": ("Amman Rights Network", "mena"),
        "la1": ("Red Latinoamericana de Transparencia Ciudadana", "lac"),
        "la2": ("Colectivo Sur", "lac"), "la3": ("Instituto Pró-Cidadania", "lac"),
        "af1": ("Nairobi Civil Society Hub", "ssa"), "af2": ("Lagos Community Trust", "ssa"),
        "af3": ("Accra Women in Leadership", "ssa"), "af4": ("Kampala Youth Voice", "ssa"),
        "as1": ("Manila Open Governance", "asia"), "as2": ("Dhaka Rights Collective", "asia"),
        "iso1": ("Pacific Islands Civic Forum", "asia"), "iso2": ("Observatorio Andino", "lac"),
    }
    spokes = [m for m in members if m not in ("coord", "iso1", "iso2", "as2", "af4")]
    edges = [MapEdge("coord", m, 3.5) for m in spokes] + [
        MapEdge("eu1", "eu2", 3), MapEdge("eu2", "eu3"), MapEdge("eu1", "eu3", 2, False),
        MapEdge("eu4", "eu1", 1, False), MapEdge("me1", "me2", 3), MapEdge("me2", "me3", 4),
        MapEdge("me1", "me3"), MapEdge("la1", "la2", 3), MapEdge("la2", "la3", 2, False),
        MapEdge("af1", "af2", 3), MapEdge("af2", "af3"), MapEdge("af3", "af4", 3),
        MapEdge("af1", "af4", 1, False), MapEdge("as1", "as2", 3), MapEdge("eu2", "la1"),
        MapEdge("me1", "eu4", 1, False), MapEdge("af1", "as1")]
    return with_degrees(members, edges), edges


def crowd(n: int = 200, m: int = 600, seed: int = 5) -> tuple[list[MapNode], list[MapEdge]]:
    rnd = random.Random(seed)
    regions = [r for r, _ in REGIONS]
    members = {f"m{i:03d}": (f"Member {i}", regions[i % 5]) for i in range(n)}
    ids = list(members)
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < m:
        a, b = sorted(rnd.sample(ids, 2))
        pairs.add((a, b))
    edges = [MapEdge(a, b, rnd.choice([1, 2, 3, 4]), rnd.random() < 0.7)
             for a, b in sorted(pairs)]
    return with_degrees(members, edges), edges


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return ["".join(node.itertext()) for node in parse(svg).iter(f"{NS}text")]


def members(svg: str) -> list[ET.Element]:
    return [c for c in parse(svg).iter(f"{NS}circle") if c.get("class") == "member"]


def centres(svg: str) -> dict[str, tuple[float, float, float]]:
    """Each member's circle (cx, cy, r) by the label its tooltip starts with."""
    found = {}
    for circle in members(svg):
        tooltip = circle.find(f"{NS}title")
        assert tooltip is not None and tooltip.text
        found[tooltip.text.rsplit(" (", 1)[0]] = (
            float(circle.get("cx", 0)), float(circle.get("cy", 0)), float(circle.get("r", 0)))
    return found


def name_boxes(svg: str) -> list[Box]:
    boxes = []
    for rect in parse(svg).iter(f"{NS}rect"):
        if rect.get("class") == "name":
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
            boxes.append((x, y, x + float(rect.get("width", 0)),
                          y + float(rect.get("height", 0))))
    return boxes


def test_a_complete_accessible_svg_document() -> None:
    nodes, edges = coalition()
    root = parse(network_map(nodes, edges, REGIONS, title="Figure 3: the network"))
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert root.get("width") == "160mm"
    assert root[0].tag == f"{NS}title" and root[0].text == "Figure 3: the network"


@pytest.mark.parametrize("network", [coalition, crowd, lambda: long_names()],
                         ids=["19", "200", "19 numbered"])
def test_the_same_network_in_any_order_gives_the_same_bytes(network: Network) -> None:
    nodes, edges = network()
    first = network_map(nodes, edges, REGIONS, title="Map")
    assert network_map(nodes, edges, REGIONS, title="Map") == first
    rnd = random.Random(1)
    shuffled_nodes, shuffled_edges = nodes[:], edges[:]
    rnd.shuffle(shuffled_nodes)
    rnd.shuffle(shuffled_edges)
    # Which end comes first does not matter for a tie either.
    flipped = [MapEdge(e.b, e.a, e.strength, e.mutual) if k % 2 else e
               for k, e in enumerate(shuffled_edges)]
    assert network_map(shuffled_nodes, flipped, REGIONS, title="Map") == first


def test_the_same_bytes_in_another_process() -> None:
    """String hashing differs between processes: no set order may leak into the map."""
    nodes, edges = coalition()
    here = hashlib.sha256(network_map(nodes, edges, REGIONS, title="Map").encode()).hexdigest()
    here += hashlib.sha256(network_map(*long_names(), REGIONS, title="Map").encode()).hexdigest()
    script = ("import hashlib; from tests.test_network_map import coalition, long_names, "
              "REGIONS; from netconsult.render.network_map import network_map; "
              "print(''.join(hashlib.sha256(network_map(*f(), REGIONS, title='Map')"
              ".encode()).hexdigest() for f in (coalition, long_names)))")
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             cwd=Path(__file__).parent.parent, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.stdout.strip() == here


def test_hostile_text_stays_literal() -> None:
    nodes = [MapNode(f"n{k}", label, "r&d", 1) for k, label in enumerate(HOSTILE)]
    edges = [MapEdge("n0", "n1"), MapEdge("n1", "n2")]
    svg = network_map(nodes, edges, [("r&d", "<b>R&D</b> \"labs\"")], title="<script>x</script>",
                      font_family="Evil\" onload=\"alert(1)")
    root = parse(svg)
    assert {node.tag for node in root.iter()} <= {
        f"{NS}{tag}" for tag in ("svg", "title", "circle", "path", "line", "rect", "text")}
    assert root.get("onload") is None
    said = texts(svg)
    assert set(HOSTILE) <= set(said)
    assert "<b>R&D</b> \"labs\"" in said
    assert root[0].text == "<script>x</script>"


def test_every_member_is_a_circle_coloured_by_region_and_sized_by_degree() -> None:
    nodes, edges = coalition()
    svg = network_map(nodes, edges, REGIONS, title="Map")
    circles = centres(svg)
    assert set(circles) == {node.label for node in nodes}
    fills = {c.get("fill") for c in members(svg)}
    assert len(fills) == len(REGIONS)
    radius = {node.label: circles[node.label][2] for node in nodes}
    by_degree = sorted(nodes, key=lambda node: node.degree)
    for small, big in itertools.pairwise(by_degree):
        assert radius[small.label] <= radius[big.label]
    assert radius["Global Partners Secretariat"] > 2 * radius["Observatorio Andino"] > 0


def test_every_region_is_in_the_legend_in_order() -> None:
    nodes, edges = coalition()
    said = texts(network_map(nodes, edges, REGIONS, title="Map"))
    shown = [name for _, name in REGIONS]
    assert [t for t in said if t in shown] == shown
    # An unlisted region still gets a colour and a legend entry, under its id.
    extra = [*nodes, MapNode("new", "Newcomer", "arctic", 0)]
    assert "arctic" in texts(network_map(extra, edges, REGIONS, title="Map"))


def test_regions_beyond_the_palette_share_an_other_entry() -> None:
    regions = [(f"r{k}", f"Region {k}") for k in range(15)]
    nodes = [MapNode(f"n{k}", f"Member {k}", f"r{k}", 0) for k in range(15)]
    svg = network_map(nodes, [], regions, title="Map")
    said = texts(svg)
    assert "Region 11" in said and "Region 12" not in said and "Other regions" in said
    assert len({c.get("fill") for c in members(svg)}) == 13


def test_everyone_is_named_at_19_without_names_overlapping() -> None:
    nodes, edges = coalition()
    svg = network_map(nodes, edges, REGIONS, title="Map")
    said = texts(svg)
    for node in nodes:
        assert node.label in said, node.label  # whole, not cut
    assert "Red Latinoamericana de Transparencia Ciudadana" in said
    boxes = name_boxes(svg)
    assert len(boxes) == len(nodes)
    for a, b in itertools.combinations(boxes, 2):
        assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])


def test_isolates_sit_in_a_row_below_and_leave_the_main_component_its_room() -> None:
    nodes, edges = coalition()
    svg = network_map(nodes, edges, REGIONS, title="Map")
    circles = centres(svg)
    isolated = [circles["Pacific Islands Civic Forum"], circles["Observatorio Andino"]]
    connected = [c for label, c in circles.items()
                 if label not in ("Pacific Islands Civic Forum", "Observatorio Andino")]
    assert "No ties" in texts(svg)
    assert isolated[0][1] == isolated[1][1] > max(c[1] for c in connected)
    xs = [c[0] for c in connected]
    assert max(xs) - min(xs) > 0.6 * WIDTH


def test_one_sided_ties_are_dashed_and_explained() -> None:
    nodes, edges = coalition()
    svg = network_map(nodes, edges, REGIONS, title="Map")
    ties = [p for p in parse(svg).iter(f"{NS}path") if p.get("class") == "ties"]
    segments = sum(p.get("d", "").count("M") for p in ties)
    assert segments == len(edges)
    dashed = sum(p.get("d", "").count("M") for p in ties if p.get("stroke-dasharray"))
    assert dashed == sum(not e.mutual for e in edges)
    assert {"Mutual tie", "One-sided tie"} <= set(texts(svg))


def test_a_pair_named_from_both_sides_is_one_mutual_tie() -> None:
    nodes = [MapNode("a", "A", "eu", 1), MapNode("b", "B", "eu", 1)]
    svg = network_map(nodes, [MapEdge("a", "b", 1, False), MapEdge("b", "a", 3, False)],
                      REGIONS, title="Map")
    (tie,) = [p for p in parse(svg).iter(f"{NS}path") if p.get("class") == "ties"]
    assert tie.get("stroke-dasharray") is None and tie.get("d", "").count("M") == 1
    assert "Tie" in texts(svg)


def test_200_members_keep_text_nodes_few_and_name_the_most_connected() -> None:
    nodes, edges = crowd(200, 600)
    svg = network_map(nodes, edges, REGIONS, title="Map")
    assert len(members(svg)) == 200
    said = texts(svg)
    assert len(said) <= 75  # the legend, and a number and a key entry for each of the 20
    named = list(key(svg).values())
    assert len(named) == MAX_LABELS
    top = sorted(nodes, key=lambda node: (-node.degree, node.id))[:MAX_LABELS]
    assert sorted(named) == sorted(node.label for node in top)
    assert "Only the most connected members are numbered" in said


def test_5000_ties_stay_a_small_document() -> None:
    nodes, edges = crowd(200, 5000)
    svg = network_map(nodes, edges, REGIONS, title="Map")
    root = parse(svg)
    assert len(members(svg)) == 200
    assert len(list(root.iter(f"{NS}text"))) <= 70
    assert len(list(root.iter(f"{NS}path"))) < 200  # ties share paths
    assert len(svg) < 400_000


def test_names_stop_at_the_limit_just_past_it() -> None:
    nodes, edges = crowd(LABEL_ALL + 5, 60)
    assert len(key(network_map(nodes, edges, REGIONS, title="Map"))) == MAX_LABELS
    nodes, edges = crowd(LABEL_ALL, 60)
    said = texts(network_map(nodes, edges, REGIONS, title="Map"))  # short: beside circles
    assert {node.label for node in nodes} <= set(said)


def test_empty_input_draws_a_no_data_panel_in_any_language() -> None:
    assert texts(network_map([], [], REGIONS, title="Map")) == ["No data"]
    assert texts(network_map([], [], [], title="Mapa", labels={"no_data": "Sin datos"})) == [
        "Sin datos"]


def test_fixed_words_can_be_translated() -> None:
    nodes, edges = coalition()
    said = texts(network_map(nodes, edges, REGIONS, title="Mapa", labels={
        "isolates": "Sin vínculos", "mutual": "Vínculo mutuo", "one_sided": "Vínculo unilateral"}))
    assert {"Sin vínculos", "Vínculo mutuo", "Vínculo unilateral"} <= set(said)
    assert "No ties" not in said


def test_inconsistent_input_is_refused() -> None:
    nodes, _ = coalition()
    with pytest.raises(ValueError, match="unknown member 'ghost'"):
        network_map(nodes, [MapEdge("coord", "ghost")], REGIONS, title="Map")
    with pytest.raises(ValueError, match="given twice"):
        network_map([*nodes, nodes[0]], [], REGIONS, title="Map")
    with pytest.raises(ValueError, match="isolate"):
        network_map(nodes, [], REGIONS, title="Map", labels={"isolate": "x"})


# --- every label whole, none over a circle or another label (issue 10) ------------------


def long_names() -> tuple[list[MapNode], list[MapEdge]]:
    """The coalition under the long names real members have: too long to stand beside every
    circle, so the map numbers its circles and keys the numbers."""
    nodes, edges = coalition()
    long = [MapNode(n.id, f"{n.label} Centre for Dialogue, Democratic Participation and "
                          f"Conflict Transformation", n.region, n.degree) for n in nodes]
    return long, edges


def key(svg: str) -> dict[str, str]:
    """The key below a numbered map: number -> the name, its wrapped lines joined."""
    root = parse(svg)
    numbers = [t for t in root.iter(f"{NS}text") if (t.text or "").isdigit()
               and t.get("class") != "number"]
    names = [t for t in root.iter(f"{NS}text") if t.get("class") == "key-name"]
    assert len(numbers) == len(names)
    return {n.text or "": " ".join(s.text or "" for s in name.iter(f"{NS}tspan"))
            for n, name in zip(numbers, names, strict=True)}


def text_boxes(svg: str) -> list[tuple[str, Box]]:
    """Every text node's box (each line of one), from its position, anchor and font size:
    what a reader sees must not sit over a circle or other text."""
    from netconsult.render.charts import text_width

    boxes = []
    for node in parse(svg).iter(f"{NS}text"):
        size = float(node.get("font-size", 0))
        anchor = node.get("text-anchor", "start")
        spans = node.findall(f"{NS}tspan") or [node]
        for span in spans:
            text = span.text or ""
            if not text:
                continue
            x = float(span.get("x", node.get("x", 0)))
            y = float(span.get("y", node.get("y", 0))) - 0.35 * size  # middle of the line
            w = (len(text) * 0.64 * size if text.isdigit() else text_width(text, size))
            left = {"start": x, "end": x - w, "middle": x - w / 2}[anchor]
            boxes.append((node.get("class") or "", (left, y - size / 2, left + w, y + size / 2)))
    return boxes


def meets(box: Box, circle: tuple[float, float, float]) -> bool:
    cx, cy, r = circle
    nx, ny = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return (cx - nx) ** 2 + (cy - ny) ** 2 < r * r - 0.05


def apart(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) <= max(a[0], b[0]) + 0.05 or min(a[3], b[3]) <= max(a[1], b[1]) + 0.05


@pytest.mark.parametrize("network", [coalition, long_names, lambda: crowd(LABEL_ALL, 80),
                                     crowd], ids=["19 short", "19 long", "40", "200"])
def test_every_label_is_whole_and_clear_of_circles_and_other_labels(network: Network) -> None:
    nodes, edges = network()
    svg = network_map(nodes, edges, REGIONS, title="Map")
    assert "…" not in "".join(texts(svg))
    circles = list(centres(svg).values())
    numbered = key(svg)
    said = set(texts(svg))
    if numbered:
        shown = set(numbered.values())
        assert len(shown) == len(numbered)  # one number a member
    else:
        shown = {node.label for node in nodes} & said
    expected = ({node.label for node in nodes} if len(nodes) <= LABEL_ALL
                else {n.label for n in sorted(nodes, key=lambda n: (-n.degree, n.id))
                      [:MAX_LABELS]})
    assert shown == expected
    boxes = text_boxes(svg)
    for cls, box in boxes:
        if cls == "number":
            # A number sits inside its own circle and touches no other.
            (own,) = [c for c in circles if meets(box, c)]
            assert own[0] - own[2] <= box[0] and box[2] <= own[0] + own[2]
        else:
            assert not any(meets(box, c) for c in circles), (cls, box)
    for (_, a), (_, b) in itertools.combinations(boxes, 2):
        assert apart(a, b), (a, b)
    # Circles do not overlap each other either, except where none is named (a big map).
    named = [c for c in circles if any(cls == "number" and meets(b, c) for cls, b in boxes)]
    for a, b in itertools.combinations(named if numbered else circles, 2):
        assert (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 >= (a[2] + b[2]) ** 2 - 0.1


def test_a_numbered_key_is_in_region_order_then_by_name() -> None:
    nodes, edges = long_names()
    svg = network_map(nodes, edges, REGIONS, title="Map")
    numbered = key(svg)
    assert list(numbered) == [str(k) for k in range(1, len(nodes) + 1)]
    region = {node.label: node.region for node in nodes}
    order = [r for r, _ in REGIONS]
    listed = list(numbered.values())
    assert listed == sorted(listed, key=lambda label: (order.index(region[label]),
                                                       label.casefold()))
    # Each number is drawn once on the map, in a circle of the member's colour.
    numbers = [t.text for t in parse(svg).iter(f"{NS}text") if t.get("class") == "number"]
    assert sorted(numbers, key=int) == list(numbered)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_network_names_whom_it_shows_whole_and_clear(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 60), label="members")
    words = st.sampled_from(["Centre", "for", "Civic", "Dialogue", "Red", "de", "Sur",
                             "Fundación", "Initiative", "Peace", "Forum", "Lab", "e.V.",
                             "Conflict", "Transformation", "شبكة", "Youth"])
    names = data.draw(st.lists(st.lists(words, min_size=1, max_size=9).map(" ".join),
                               min_size=n, max_size=n), label="names")
    regions = [r for r, _ in REGIONS]
    nodes_in = {f"m{k:02d}": (f"{name} {k}", regions[k % 5]) for k, name in enumerate(names)}
    ids = list(nodes_in)
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)),
                               max_size=3 * n), label="ties")
    edges = [MapEdge(a, b) for a, b in pairs if a != b]
    nodes = with_degrees(nodes_in, edges)
    svg = network_map(nodes, edges, REGIONS, title="Map")
    assert "…" not in "".join(texts(svg))
    numbered = key(svg)
    said = set(texts(svg))
    named = set(numbered.values()) if numbered else {n.label for n in nodes} & said
    ranked = sorted((node for node in nodes if node.degree > 0),
                    key=lambda node: (-node.degree, node.id))
    assert named == ({node.label for node in nodes} if n <= LABEL_ALL
                     else {node.label for node in ranked[:MAX_LABELS]})
    circles = list(centres(svg).values())
    boxes = text_boxes(svg)
    for cls, box in boxes:
        hit = [c for c in circles if meets(box, c)]
        assert len(hit) <= (1 if cls == "number" else 0), (cls, box)
    for (_, a), (_, b) in itertools.combinations(boxes, 2):
        assert apart(a, b), (a, b)

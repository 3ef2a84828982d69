"""Where the viewer draws each node, which groups it names, and which labels it shows first.

A large graph opens with physics off, so its picture is decided here, once, in Python:

- the backbone: methods, datasets, tasks and repositories that two or more papers
  link (listings never: they link everything), joined by how often papers use them
  together;
- groups: the backbone's Louvain communities, each laid out by a seeded spring layout
  and packed side by side as a block, biggest first, so related things sit together
  and each group has room for its caption (its most used task, or entity); the rest
  of the backbone, papers that share nothing and listings fill grids of their own;
- each paper at the centre of its backbone entities, a little off it, and what only
  that paper links (its own method, its code) beside it;
- level of detail: per entity, the size at which its label starts to show, such that
  the most used are readable at the first, fitted zoom and the rest appear as the
  user zooms in.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Picture", "backbone", "label_sizes", "picture"]

Position = tuple[float, float]
_NOT_BACKBONE = ("Paper", "Listing")
_SPACING = 70.0  # about one node's room, in vis-network's units at zoom 1
_LINKED_PER_PAPER = 12  # co-usage counted among a paper's first 12 links, as in the entities view
Group = dict  # {"name", "also", "x", "y", "size"}: a caption


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label", "")


def _papers(G: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, a in G.nodes(data=True) if a.get("label") == "Paper")


def backbone(G: nx.MultiDiGraph) -> nx.Graph:
    """Entities two or more papers link, joined when papers link both (``weight``: how many)."""
    linked_by: dict[str, int] = {}
    for paper in _papers(G):
        for target in set(G.successors(paper)):
            if _label(G, target) not in _NOT_BACKBONE:
                linked_by[target] = linked_by.get(target, 0) + 1
    co = nx.Graph()
    co.add_nodes_from(sorted(n for n, count in linked_by.items() if count >= 2))
    for paper in _papers(G):
        shared = sorted(t for t in set(G.successors(paper)) if t in co)[:_LINKED_PER_PAPER]
        for i, a in enumerate(shared):
            for b in shared[i + 1 :]:
                weight = co.get_edge_data(a, b, {"weight": 0})["weight"] + 1
                co.add_edge(a, b, weight=weight)
    return co


def _component_layout(co: nx.Graph, nodes: list[str], seed: int) -> dict[str, Position]:
    """A spring layout of one component, centred on (0, 0), sized by its node count."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    scale = _SPACING * math.sqrt(len(nodes))
    members = set(nodes)
    block = nx.Graph()  # not co.subgraph(nodes): a view lists its nodes in the set's order, which the hash seed sets
    block.add_nodes_from(nodes)
    block.add_edges_from((a, b, d) for a, b, d in co.edges(nodes, data=True) if b in members)
    placed = nx.spring_layout(block, seed=seed, scale=scale, iterations=50, method="force")
    return {n: (float(x), float(y)) for n, (x, y) in placed.items()}


def _pack(blocks: list[dict[str, Position]]) -> dict[str, Position]:
    """Blocks of positions (each centred on 0, 0) laid out in rows, largest first, none overlapping."""
    radii = [max((math.hypot(x, y) for x, y in b.values()), default=0.0) + _SPACING / 2 for b in blocks]
    width = max(max(radii, default=0.0) * 2, math.sqrt(sum((2 * r) ** 2 for r in radii)) * 1.1)
    out: dict[str, Position] = {}
    x = y = row = 0.0
    for block, r in sorted(zip(blocks, radii), key=lambda br: -br[1]):
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        cx, cy = x + r, y + r
        out.update({n: (cx + px, cy + py) for n, (px, py) in block.items()})
        x, row = x + 2 * r, max(row, 2 * r)
    return out


def _around(center: Position, rng: random.Random, near: float, far: float) -> Position:
    angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(near, far)
    return center[0] + dist * math.cos(angle), center[1] + dist * math.sin(angle)


def _grid(nodes: list[str], step: float = 2 * _SPACING) -> dict[str, Position]:
    """Nodes in a square grid centred on (0, 0)."""
    side = max(1, math.ceil(math.sqrt(len(nodes))))
    half = (side - 1) * step / 2
    return {n: (i % side * step - half, i // side * step - half) for i, n in enumerate(nodes)}


@dataclass
class Picture:
    """What the viewer needs from the layout: positions, named groups, label sizes."""

    positions: dict[str, Position] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    fonts: dict[str, int] = field(default_factory=dict)


def picture(G: nx.MultiDiGraph, seed: int = 42, co: nx.Graph | None = None, captions: int = 12,
            smallest: int = 4) -> Picture:
    """Every node's position, the groups to name and each entity's label size.

    The backbone's Louvain communities are laid out one by one and packed, biggest first, so related
    things sit together and each group has room for its caption; communities smaller than ``smallest``,
    papers that share nothing and listings fill grids of their own.
    """
    co = backbone(G) if co is None else co
    found = nx.community.louvain_communities(co, weight="weight", seed=seed) if co.number_of_edges() else []
    communities = sorted((sorted(c) for c in found if len(c) >= smallest), key=lambda c: (-len(c), c[0]))
    out = _pack(_blocks(G, co, communities, seed))
    _place_beside(G, co, out, random.Random(seed))
    positions = {n: (round(x, 1), round(y, 1)) for n, (x, y) in out.items()}
    return Picture(positions, _groups(G, positions, communities[:captions]), label_sizes(G, positions))


def _blocks(G: nx.MultiDiGraph, co: nx.Graph, communities: list[list[str]], seed: int) -> list[dict[str, Position]]:
    """One laid-out block per community; grids for the backbone left over, loose papers and listings."""
    grouped = {n for c in communities for n in c}
    rest = sorted(n for n in co if n not in grouped)
    loose = [p for p in _papers(G) if not any(t in co for t in G.successors(p))]
    listings = sorted(n for n, a in G.nodes(data=True) if a.get("label") == "Listing")
    grids = ((rest, _SPACING), (loose, 1.5 * _SPACING), (listings, _SPACING))
    return [_component_layout(co, c, seed) for c in communities] + [_grid(nodes, step) for nodes, step in grids if nodes]


def _place_beside(G: nx.MultiDiGraph, co: nx.Graph, out: dict[str, Position], rng: random.Random) -> None:
    """Each paper among the backbone entities it links; what only one paper links beside that paper."""
    for paper in _papers(G):
        if paper not in out:
            shared = [out[t] for t in sorted(set(G.successors(paper))) if t in co]
            centre = (sum(p[0] for p in shared) / len(shared), sum(p[1] for p in shared) / len(shared))
            out[paper] = _around(centre, rng, 15, 45)
    for node in sorted(G.nodes):
        if node not in out:
            papers = sorted(p for p in G.predecessors(node) if p in out)
            out[node] = _around(out[papers[0]], rng, 20, 40) if papers else _around((0.0, 0.0), rng, 0, _SPACING)


def _groups(G: nx.MultiDiGraph, positions: dict[str, Position], communities: list[list[str]]) -> list[Group]:
    """Each community named by its most used task (or entity), the next two most used beside it,
    the caption just above its block. The page draws as many as fit without overlapping, biggest first."""
    out = []
    for members in communities:
        ranked = sorted(members, key=lambda n: (-G.nodes[n].get("paper_count", 0), n))
        tasks = [n for n in ranked if _label(G, n) == "Task"]
        head = tasks[0] if tasks else ranked[0]
        xs, ys = zip(*(positions[n] for n in members))
        out.append({"name": _name(G, head), "also": [_name(G, n) for n in ranked if n != head][:2], "x": round((min(xs) + max(xs)) / 2, 1),
                    "y": round(min(ys) - _SPACING, 1), "size": len(members)})
    return out


def _name(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("name") or node)[:40]


def fitted_scale(positions: dict[str, Position], canvas: float = 700.0) -> float:
    """The zoom at which the whole drawing fits ``canvas`` pixels (the viewer's first screen)."""
    if not positions:
        return 1.0
    xs, ys = zip(*positions.values())
    return min(1.0, canvas / max(max(xs) - min(xs), max(ys) - min(ys), 1.0))


def label_sizes(G: nx.MultiDiGraph, positions: dict[str, Position], canvas: float = 700.0,
                readable: float = 11.0, steps: Iterable[tuple[int, float]] = ((15, 1), (60, 2), (250, 4))) -> dict[str, int]:
    """A font size per entity so that, at the zoom that fits the graph in ``canvas`` pixels, the 15 most
    used are readable, the next 60 at twice that zoom, the next 250 at four times, the rest at eight.

    vis-network skips a label drawn smaller than its ``drawThreshold`` and caps one drawn larger than
    ``maxVisible``: a large font is a label that shows early and never grows past the cap.
    """
    if not positions:
        return {}
    fitted = fitted_scale(positions, canvas)
    ranked = sorted((n for n, a in G.nodes(data=True) if a.get("label") not in _NOT_BACKBONE),
                    key=lambda n: (-G.nodes[n].get("paper_count", 0), n))
    sizes, start = {}, 0
    for count, zoom in (*steps, (len(ranked), 8)):
        for node in ranked[start : start + count]:
            sizes[node] = max(12, math.ceil(readable / (fitted * zoom)))
        start += count
    return sizes

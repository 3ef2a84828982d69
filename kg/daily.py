"""What a day added to the graph, said in a few lines: new papers, methods, datasets, code.

``kg daily`` reads what OUT held before the update (:func:`known_ids`),
updates it, and hands both to :func:`whats_new`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.atomic import recover
from kg.graph.nodelink import read_nodes
from kg.schema import ENTITY_LABELS

__all__ = ["Known", "News", "known_ids", "todays_view", "whats_new"]

INTRODUCING = {"Method": "PROPOSES", "Dataset": "INTRODUCES"}
SHOWN = 6  # names per line


@dataclass(frozen=True)
class Known:
    """The paper and entity ids an OUT held before an update."""

    papers: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()


def known_ids(out: str | Path) -> Known:
    """Ids of the papers and entities in OUT (none when OUT holds no graph yet)."""
    folder = Path(out)
    recover(folder)
    papers: set[str] = set()
    entities: set[str] = set()
    try:
        with open(folder / "graph.json", "rb") as handle:  # its nodes only: the edges are most of the file
            for node in read_nodes(handle):
                if node.get("label") == "Paper":
                    papers.add(node["id"])
                elif node.get("label") in ENTITY_LABELS:
                    entities.add(node["id"])
    except (OSError, ValueError, KeyError):
        pass
    return Known(frozenset(papers), frozenset(entities))


@dataclass
class News:
    """What is new in the graph, for a person: names with the paper that brought them."""

    papers: list[str] = field(default_factory=list)
    methods: list[tuple[str, str]] = field(default_factory=list)
    datasets: list[tuple[str, str]] = field(default_factory=list)
    repositories: list[tuple[str, str]] = field(default_factory=list)
    first_seen: list[str] = field(default_factory=list)
    most_used: list[tuple[str, int]] = field(default_factory=list)
    total_papers: int = 0

    @property
    def nothing(self) -> bool:
        return not (self.papers or self.methods or self.datasets or self.repositories or self.first_seen)

    def lines(self) -> list[str]:
        if self.nothing:
            return []
        lines = [f"{len(self.papers)} new paper(s); {self.total_papers:,} in the graph"]
        for label, items in (("new methods", self.methods), ("new datasets", self.datasets),
                             ("new code", self.repositories)):
            if items:
                shown = "; ".join(f"{name} ({_short(title)})" for name, title in items[:SHOWN])
                lines.append(f"{label} ({len(items)}): {shown}{_more(items)}")
        if self.first_seen:
            lines.append(f"first seen here ({len(self.first_seen)}): {', '.join(self.first_seen[:2 * SHOWN])}"
                         f"{_more(self.first_seen, 2 * SHOWN)}")
        if self.most_used:
            lines.append("most used today: " + ", ".join(f"{name} ({n})" for name, n in self.most_used))
        return lines


def _more(items: list, shown: int = SHOWN) -> str:
    return f"; +{len(items) - shown} more" if len(items) > shown else ""


def _short(title: str, width: int = 48) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _title(G: nx.MultiDiGraph, paper: str) -> str:
    return G.nodes[paper].get("title", paper) if paper in G else paper


def whats_new(G: nx.MultiDiGraph, before: Known, today: Iterable[str], top: int = 5) -> News:
    """Compare the updated graph with what OUT held before; ``today`` are the ids of the listings just added.

    New methods and datasets are those a paper of the day proposes or
    introduces; other methods and datasets the graph had not held are
    "first seen here" (known names, new to this graph).
    """
    today = set(today)
    news = News(total_papers=sum(1 for _, a in G.nodes(data=True) if a.get("label") == "Paper"))
    todays_papers = {p for p, listing in G.edges() if listing in today}
    news.papers = sorted(p for p in todays_papers if p not in before.papers)
    usage: Counter[str] = Counter()
    for node, attrs in sorted(G.nodes(data=True), key=lambda item: (item[1].get("name", ""), item[0])):
        label = attrs.get("label")
        if label not in ("Method", "Dataset", "Repository") or attrs.get("hub_only"):
            continue
        papers = sorted({p for p, _ in G.in_edges(node)})
        name = attrs.get("name", node)
        if label != "Repository":
            usage[name] = len(todays_papers.intersection(papers))
        if node in before.entities:
            continue
        if label == "Repository":
            news.repositories.append((name, _title(G, papers[0]) if papers else ""))
            continue
        introducing = [p for p in papers if p in todays_papers and G.has_edge(p, node, key=INTRODUCING[label])]
        if introducing:
            (news.methods if label == "Method" else news.datasets).append((name, _title(G, introducing[0])))
        else:
            news.first_seen.append(name)
    news.most_used = [(name, n) for name, n in usage.most_common(top) if n > 1]
    return news


def todays_view(G: nx.MultiDiGraph, listings: set[str]) -> nx.MultiDiGraph:
    """The papers of these listings and everything they link to (not the listings themselves)."""
    papers = {p for p, listing in G.edges() if listing in listings}
    nodes = papers | {n for p in papers for n in G.successors(p) if n not in listings}
    return G.subgraph(nodes).copy()

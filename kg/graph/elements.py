"""What the file writers read of a graph: its nodes and edges in order, a node's name, a paper's date.

Both a ``networkx.MultiDiGraph`` (through :class:`NetworkxElements`) and a
:class:`kg.graph.build.GraphPlan` (which makes each edge's attributes only
while it is written) answer these, so ``kg build`` writes its files without
drawing the graph in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from kg.graph.query import paper_date

__all__ = ["GraphElements", "NetworkxElements", "elements_of", "shown_name"]


class GraphElements(Protocol):
    def nodes(self) -> Iterable[tuple[str, dict[str, object]]]: ...

    def edges(self, evidence: bool = True) -> Iterable[tuple[str, str, str, dict[str, object]]]: ...

    def name_of(self, node: str) -> str: ...

    def date_of(self, paper: str) -> tuple[str, str]: ...


def shown_name(attrs: Mapping[str, object], node: str) -> str:
    """What a table shows beside a node's id: a paper's title, another node's name, else the id."""
    return str(attrs.get("title") or attrs.get("name") or attrs.get("date_text") or node)


@dataclass(frozen=True)
class NetworkxElements:
    """A networkx graph, read as :class:`GraphElements`."""

    graph: nx.MultiDiGraph

    def nodes(self) -> Iterable[tuple[str, dict[str, object]]]:
        return self.graph.nodes(data=True)

    def edges(self, evidence: bool = True) -> Iterable[tuple[str, str, str, dict[str, object]]]:
        return self.graph.edges(keys=True, data=True)  # its evidence is dicts already: nothing to leave out

    def name_of(self, node: str) -> str:
        return shown_name(self.graph.nodes[node], node)

    def date_of(self, paper: str) -> tuple[str, str]:
        return paper_date(self.graph, paper)


def elements_of(graph: nx.MultiDiGraph | GraphElements) -> GraphElements:
    """The elements of a networkx graph, or ``graph`` itself when it gives them already."""
    return NetworkxElements(graph) if isinstance(graph, nx.Graph) else graph

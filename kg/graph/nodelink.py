"""graph.json: the graph in networkx's node-link form, one node or edge a line.

Any JSON reader reads the file as ``nx.node_link_data(graph, edges="edges")``
(the line breaks fall between elements). kg writes and reads it a line at a
time: written whole, the node-link copy of every attribute dict and one big
string more than doubled a large build's peak memory, and orjson refuses one
line of gigabytes (2.4 GB at 500,000 papers: "Not enough memory to allocate
buffer for parsing"). A graph.json in one line (an older kg, a hand-made one)
is still read, whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import networkx as nx
import orjson

__all__ = ["EDGES_OPEN", "GRAPH_CLOSE", "NODES_OPEN", "LineError", "dump_lines", "from_data", "read", "read_nodes"]

# The lines around the elements: the head ends with NODES_OPEN, then a node a line,
# EDGES_OPEN, an edge a line, and GRAPH_CLOSE. Elements after the first start with a comma.
NODES_OPEN, EDGES_OPEN, GRAPH_CLOSE = b',"nodes":[\n', b'],"edges":[\n', b"]}\n"


def dump_lines(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    edges: Iterable[tuple[str, str, str, dict[str, Any]]],
    attributes: dict[str, Any] | None = None,
) -> Iterator[bytes]:
    """The lines of graph.json for a directed multigraph of these nodes and edges (and graph ``attributes``)."""
    head = {"directed": True, "multigraph": True, "graph": attributes or {}}
    yield orjson.dumps(head)[:-1] + NODES_OPEN
    for i, (node, attrs) in enumerate(nodes):
        yield (b"," if i else b"") + orjson.dumps({**attrs, "id": node}, option=orjson.OPT_APPEND_NEWLINE)
    yield EDGES_OPEN
    for i, (source, target, key, attrs) in enumerate(edges):
        yield (b"," if i else b"") + orjson.dumps({**attrs, "source": source, "target": target, "key": key},
                                                  option=orjson.OPT_APPEND_NEWLINE)
    yield GRAPH_CLOSE


def from_data(data: dict[str, Any]) -> nx.MultiDiGraph:
    """``nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")`` for the graph kg writes,
    without copying each node's and edge's attributes once more (a third of loading a big graph)."""
    return _graph(data, data["nodes"], data["edges"])


def _graph(head: dict[str, Any], nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """The graph of the head's attributes and these elements, each dict's attributes (ids popped).

    The elements go straight into networkx's adjacency dicts (the dict-of-dicts its "Graph
    internals" docs describe; two directions sharing each edge's key dict): ``add_edges_from``
    copies each dict twice and walks views per edge. Each is copied once here, after its ids are
    popped: a dict sized for what it keeps (250 MB less at 500,000 papers than the parsed ones).
    The unusual (a node listed twice, an edge to an unlisted node, without a key, or listed twice)
    goes through networkx's own methods.
    """
    graph = nx.MultiDiGraph()
    graph.graph.update(head.get("graph") or {})
    _add_nodes(graph, nodes)  # all nodes are read before the first edge
    _add_edges(graph, edges)
    nx._clear_cache(graph)
    return graph


def _add_nodes(graph: nx.MultiDiGraph, nodes: Iterable[dict[str, Any]]) -> None:
    node_attrs, succ, pred = graph._node, graph._succ, graph._pred
    for attrs in nodes:
        node = attrs.pop("id")
        if node is None or node in node_attrs:
            graph.add_node(node)
            graph.nodes[node].update(attrs)
        else:
            node_attrs[node], succ[node], pred[node] = dict(attrs), {}, {}


def _add_edges(graph: nx.MultiDiGraph, edges: Iterable[dict[str, Any]]) -> None:
    succ, pred = graph._succ, graph._pred
    for attrs in edges:
        source, target, key = attrs.pop("source"), attrs.pop("target"), attrs.pop("key", None)
        targets = succ.get(source)
        keys = targets.get(target) if targets is not None else None
        if targets is None or target not in pred or key is None or (keys is not None and key in keys):
            added = graph.add_edge(source, target, key)
            graph[source][target][added].update(attrs)
        elif keys is None:
            targets[target] = pred[target][source] = {key: dict(attrs)}
        else:
            keys[key] = dict(attrs)


class LineError(ValueError):
    """A line of graph.json that is not what kg writes there; ``line`` is its number."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line


def read(handle: BinaryIO) -> nx.MultiDiGraph:
    """The graph of a graph.json opened in binary mode: a line at a time when kg wrote it so, else whole.

    Raises :class:`LineError` (a line kg would not write), ``orjson.JSONDecodeError`` or ``KeyError``.
    """
    first = handle.readline()
    if not first.endswith(NODES_OPEN):
        handle.seek(0)  # read again whole rather than joined to its first line: one copy of a big file, not two
        return from_data(orjson.loads(handle.read()))
    head = orjson.loads(first[: -len(NODES_OPEN)] + b"}")
    lines = enumerate(handle, start=2)
    return _graph(head, _elements(lines, EDGES_OPEN), _elements(lines, GRAPH_CLOSE))


def read_nodes(handle: BinaryIO) -> Iterator[dict[str, Any]]:
    """The node records of a graph.json opened in binary mode (``id`` and attributes), its edges left unread."""
    first = handle.readline()
    if not first.endswith(NODES_OPEN):
        handle.seek(0)
        yield from orjson.loads(handle.read())["nodes"]
        return
    yield from _elements(enumerate(handle, start=2), EDGES_OPEN)


def _elements(lines: Iterator[tuple[int, bytes]], end: bytes) -> Iterator[dict[str, Any]]:
    """The elements up to the line ``end``, parsed one line at a time."""
    for number, line in lines:
        if line == end:
            return
        try:
            yield orjson.loads(line[1:] if line.startswith(b",") else line)
        except orjson.JSONDecodeError as error:
            if "UTF-8" in error.msg:
                raise  # said with its byte offset by the caller
            raise LineError(number, error.msg) from None
    raise LineError(None, f"it ends before {end.decode().strip()!r}: cut short")

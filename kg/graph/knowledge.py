"""``KnowledgeGraph``: the Python face of a kg graph, for scripts and notebooks.

A thin object over the ``networkx.MultiDiGraph`` (``.nx``) whose methods call
the pure functions of :mod:`kg.graph.query` and answer with names where a
person reads the answer.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from kg import collector
from kg.atomic import recover
from kg.errors import InputError
from kg.graph import nodelink, query
from kg.graph.lookup import Lookup, lookup
from kg.graph.query import Match

if TYPE_CHECKING:
    import networkx

__all__ = ["KnowledgeGraph"]


class KnowledgeGraph:
    """Papers, methods, datasets, tasks and repositories, and how they link.

    Build one with :func:`kg.build` (listing files), :func:`kg.from_records`
    (dicts in memory) or :func:`kg.load` (an OUT directory of ``kg build``).

    >>> import kg
    >>> g = kg.from_records([
    ...     {"title": "FastDet: Quick Detectors", "abstract": "We train FastDet on COCO with ResNet-50. "
    ...      "Code is available at https://github.com/example/fastdet."},
    ...     {"title": "SlowSeg", "abstract": "We evaluate ResNet-50 on COCO and ADE20K."},
    ... ])
    >>> g
    <KnowledgeGraph: 2 papers, 5 entities>
    >>> [g.name(p) for p in g.papers_using("MS-COCO")]
    ['FastDet: Quick Detectors', 'SlowSeg']
    >>> g.datasets_of("ResNet50")
    [('COCO', 2), ('ADE20K', 1)]
    >>> g.co_used("ResNet-50", type="Dataset")
    [('COCO', 2), ('ADE20K', 1)]
    >>> g.methods_with_code()
    [('FastDet', ['example/fastdet'])]
    >>> g.top("Dataset", n=1)
    [('COCO', 2)]
    >>> g.find("Resnet 50")
    Match(id='method:resnet-50', name='ResNet-50', label='Method', via='name', score=1.0)
    >>> g.neighbourhood("ADE20K", radius=1)
    <KnowledgeGraph: 1 papers, 1 entities>
    """

    def __init__(self, graph: networkx.MultiDiGraph) -> None:
        self._graph = graph

    @property
    def nx(self) -> networkx.MultiDiGraph:
        """The underlying ``networkx.MultiDiGraph`` (shared, not copied)."""
        return self._graph

    def to_networkx(self) -> networkx.MultiDiGraph:
        """A copy of the graph as a plain ``networkx.MultiDiGraph``."""
        return self._graph.copy()

    def __repr__(self) -> str:
        labels = [a.get("label") for _, a in self._graph.nodes(data=True)]
        entities = sum(label in query.ENTITY_LABELS for label in labels)
        return f"<KnowledgeGraph: {labels.count('Paper')} papers, {entities} entities>"

    def name(self, node: str) -> str:
        """A node's display name (a paper's title, an entity's canonical name)."""
        return self._graph.nodes[node].get("name", node)

    def find(self, name: str, type: str | None = None) -> Match | None:
        """Resolve an id, name, alias, acronym, paper title or near miss to one node, saying how it
        matched; None when nothing is close or several are (:meth:`lookup` lists them)."""
        found = self.lookup(name, type)
        if found.id is None:
            return None
        node = self._graph.nodes[found.id]
        return Match(found.id, str(node.get("name") or node.get("title") or found.id), node.get("label", ""), found.how,
                     round(found.score / 100, 3))

    def lookup(self, text: str, type: str | None = None) -> Lookup:
        """What ``kg explain`` finds for the text: the node, how, or up to five candidates ("did you mean")."""
        return lookup(self._graph, text, type)

    def papers_using(self, name: str) -> list[str]:
        """Ids of the papers linked to the entity, sorted by title."""
        return query.papers_using(self._graph, name)

    def datasets_of(self, method: str) -> list[tuple[str, int]]:
        """(dataset name, papers) for the datasets used alongside the method."""
        return [(self.name(d), n) for d, n in query.datasets_of(self._graph, method)]

    def co_used(self, name: str, type: str | None = None, top: int = 10) -> list[tuple[str, int]]:
        """(name, shared papers) for the entities that appear with this one."""
        return [(self.name(e), n) for e, n in query.co_used(self._graph, name, type, top)]

    def methods_with_code(self) -> list[tuple[str, list[str]]]:
        """(method name, repository names) for proposed methods whose paper links its own code."""
        return [(self.name(m), [self.name(r) for r in repos]) for m, repos in query.methods_with_code(self._graph)]

    def neighbourhood(self, name: str, radius: int = 1) -> KnowledgeGraph:
        """The part of the graph within ``radius`` hops of the entity or paper."""
        return KnowledgeGraph(query.neighbourhood(self._graph, name, radius))

    def top(self, type: str, by: str = "papers", n: int = 10) -> list[tuple[str, int]]:
        """The ``n`` entities of a type linked to the most papers (``by="papers"``, the only measure so far)."""
        if by != "papers":
            raise ValueError(f"top(by={by!r}): only 'papers' is supported")
        return [(self.name(e), count) for e, count in query.top(self._graph, type, n)]

    @classmethod
    def load(cls, out: str | os.PathLike[str]) -> KnowledgeGraph:
        """Read ``OUT/graph.json`` written by ``kg build``."""
        path = Path(out)
        path = path / "graph.json" if path.is_dir() else path
        recover(path.parent)  # a build killed while it renamed its files is finished first
        try:
            with path.open("rb") as handle, collector.paused():  # millions of dicts, no cycles
                return cls(nodelink.read(handle))
        except OSError as error:
            raise InputError(path, f"cannot be read ({error.strerror})") from None
        except nodelink.LineError as error:
            raise InputError(path, f"not as kg build writes it ({error}); rebuild it with kg build", line=error.line) from None
        except orjson.JSONDecodeError as error:
            if "UTF-8" in error.msg:
                raise InputError(path, "not UTF-8 text; rebuild it with kg build", offset=_bad_utf8_at(path)) from None
            raise InputError(path, f"not valid JSON ({error.msg}); rebuild it with kg build", line=error.lineno) from None
        except RecursionError:
            raise InputError(path, "JSON nested too deeply to be a graph kg wrote; rebuild it with kg build") from None
        except (KeyError, TypeError, AttributeError) as error:
            raise InputError(path, f"not a graph written by kg build (no {error}); rebuild it with kg build") from None


def _bad_utf8_at(path: Path) -> int | None:
    """Where the first byte that is not UTF-8 is (orjson does not say)."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None

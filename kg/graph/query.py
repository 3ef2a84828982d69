"""Questions people ask of the graph, as pure functions of a ``networkx.MultiDiGraph``.

Each takes the graph first, never changes it, and returns plain values (node
ids, counts) in a fixed order, like networkx's own algorithms. Names are
resolved with :func:`find`, so "MS-COCO", "coco" and "dataset:coco" all work.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from kg.errors import KgError
from kg.graph.names import form_key
from kg.ingest.text import normalise_title
from kg.schema import ENTITY_LABELS

__all__ = [
    "EntityNotFound",
    "Match",
    "co_usage",
    "co_used",
    "date_of",
    "datasets_of",
    "entities_of",
    "find",
    "find_paper",
    "methods_with_code",
    "neighbourhood",
    "paper_date",
    "papers_using",
    "top",
]



class EntityNotFound(KgError):
    """No node answers to the name given."""


@dataclass(frozen=True)
class Match:
    """What :func:`find` resolved a name to, and how: ``id``, ``name``, ``alias`` or ``fuzzy``."""

    id: str
    name: str
    label: str
    via: str
    score: float


def find(G: nx.MultiDiGraph, name: str, label: str | None = None) -> Match | None:
    """Resolve a name to a node: by id, by name or alias ignoring case and punctuation, else fuzzily.

    Parameters
    ----------
    G : the kg graph
    name : an id ("dataset:coco"), a name ("COCO"), an alias ("MS-COCO") or a near miss ("COCOO")
    label : only nodes of this label ("Dataset", "Method", ...)

    Returns
    -------
    The :class:`Match`, or None when nothing is close. Exact matches prefer
    the node with the most papers.
    """
    if name in G and (label is None or G.nodes[name].get("label") == label):
        node = G.nodes[name]
        return Match(name, node.get("name", name), node.get("label", ""), "id", 1.0)
    key, exact = normalise_title(name), form_key(name)
    best: tuple[tuple, str, str] | None = None
    candidates: dict[str, str] = {}
    for node_id, attrs in G.nodes(data=True):
        node_label = attrs.get("label")
        if node_label not in ENTITY_LABELS or (label and node_label != label):
            continue
        for form, via in [(attrs.get("name", ""), "name"), *((a, "alias") for a in attrs.get("aliases", []))]:
            folded = normalise_title(form)
            candidates.setdefault(folded, node_id)
            if folded == key:
                # "SAM++" prefers the node called SAM++ to the one called SAM.
                rank = (form_key(form) != exact, 0 if via == "name" else 1, -attrs.get("paper_count", 0), node_id)
                if best is None or rank < best[0]:
                    best = (rank, node_id, via)  # type: ignore[assignment]
    if best is not None:
        node_id, via = best[1], best[2]
        return Match(node_id, G.nodes[node_id]["name"], G.nodes[node_id]["label"], via, 1.0)
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.8)
    if close:
        node_id = candidates[close[0]]
        score = difflib.SequenceMatcher(None, key, close[0]).ratio()
        return Match(node_id, G.nodes[node_id]["name"], G.nodes[node_id]["label"], "fuzzy", round(score, 3))
    return None


def _resolve(G: nx.MultiDiGraph, name: str, label: str | None = None) -> str:
    match = find(G, name, label)
    if match is None:
        kind = label.lower() if label else "entity"
        raise EntityNotFound(f"no {kind} called {name!r}; `kg explain {name!r}` lists what you may have meant")
    return match.id


def _papers_of(G: nx.MultiDiGraph, node: str) -> set[str]:
    return {p for p, _ in G.in_edges(node) if G.nodes[p].get("label") == "Paper"}


def entities_of(G: nx.MultiDiGraph, paper: str, label: str | None = None) -> list[str]:
    """The entities a paper links to, optionally of one label, sorted by id."""
    return sorted({e for _, e in G.out_edges(paper) if G.nodes[e].get("label") in ENTITY_LABELS
                   and (label is None or G.nodes[e].get("label") == label)})


def papers_using(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Ids of the papers linked to the entity (any role), sorted by title."""
    node = _resolve(G, name)
    return sorted(_papers_of(G, node), key=lambda p: (G.nodes[p].get("title", ""), p))


def datasets_of(G: nx.MultiDiGraph, method: str) -> list[tuple[str, int]]:
    """Datasets used by the papers that propose or use the method, with how many papers."""
    node = _resolve(G, method, "Method")
    counts: Counter[str] = Counter()
    for paper in _papers_of(G, node):
        counts.update(entities_of(G, paper, "Dataset"))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def co_used(G: nx.MultiDiGraph, name: str, label: str | None = None, top: int = 10) -> list[tuple[str, int]]:
    """Entities that appear in the same papers as this one, most shared papers first."""
    node = _resolve(G, name)
    counts: Counter[str] = Counter()
    for paper in _papers_of(G, node):
        counts.update(e for e in entities_of(G, paper, label) if e != node)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


CO_USAGE_LABELS = ("Method", "Dataset", "Task")


def co_usage(G: nx.MultiDiGraph, min_papers: int = 2) -> list[tuple[str, str, int]]:
    """Pairs of methods, datasets and tasks that papers use together: (a, b, papers), a < b,
    for pairs shared by at least ``min_papers`` papers, most shared first.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("p1", {"label": "Paper"}), ("p2", {"label": "Paper"}),
    ...                   ("m", {"label": "Method"}), ("d", {"label": "Dataset"})])
    >>> _ = [G.add_edge(p, e, key="USES") for p in ("p1", "p2") for e in ("m", "d")]
    >>> co_usage(G)
    [('d', 'm', 2)]
    """
    counts: Counter[tuple[str, str]] = Counter()
    for paper, attrs in G.nodes(data=True):
        if attrs.get("label") != "Paper":
            continue
        linked = sorted({e for _, e in G.out_edges(paper) if G.nodes[e].get("label") in CO_USAGE_LABELS})
        counts.update((a, b) for i, a in enumerate(linked) for b in linked[i + 1:])
    return sorted(((a, b, n) for (a, b), n in counts.items() if n >= min_papers), key=lambda t: (-t[2], t[0], t[1]))


def methods_with_code(G: nx.MultiDiGraph) -> list[tuple[str, list[str]]]:
    """Methods proposed by papers that link their own (official) code, with those repositories."""
    found: dict[str, set[str]] = {}
    for paper, method, key in G.edges(keys=True):
        if key != "PROPOSES":
            continue
        repos = {r for _, r, k, d in G.out_edges(paper, keys=True, data=True) if k == "HAS_CODE" and d.get("official")}
        if repos:
            found.setdefault(method, set()).update(repos)
    return [(m, sorted(r)) for m, r in sorted(found.items())]


def top(G: nx.MultiDiGraph, label: str, n: int = 10) -> list[tuple[str, int]]:
    """The ``n`` entities of a label linked to the most papers."""
    counts = [(node, len(_papers_of(G, node))) for node, attrs in G.nodes(data=True) if attrs.get("label") == label]
    return sorted(counts, key=lambda item: (-item[1], item[0]))[:n]


def find_paper(G: nx.MultiDiGraph, title: str, *, partial: bool = True) -> str | None:
    """A paper by its title (case and punctuation aside), or by a part of it that only one title holds."""
    key = normalise_title(title)
    if not key:
        return None
    titles = [(node, normalise_title(attrs.get("title", ""))) for node, attrs in G.nodes(data=True)
              if attrs.get("label") == "Paper"]
    exact = sorted(node for node, text in titles if text == key)
    if exact or not partial:
        return exact[0] if exact else None
    holding = [node for node, text in titles if key in text]
    return holding[0] if len(holding) == 1 else None


def neighbourhood(G: nx.MultiDiGraph, name: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``radius`` hops of a node: an id, a paper's title, or an entity's name."""
    node = name if name in G else find_paper(G, name, partial=False)
    if node is None:
        match = find(G, name)
        node = match.id if match else find_paper(G, name)
    if node is None:
        raise EntityNotFound(f"no entity or paper called {name!r}; `kg explain {name!r}` lists what you may have meant, "
                             "or give a part of the paper's title that only it has")
    nodes = nx.ego_graph(G, node, radius=radius, undirected=True).nodes
    return G.subgraph(sorted(nodes)).copy()


def paper_date(G: nx.MultiDiGraph, paper: str) -> tuple[str, str]:
    """(sort key, shown text) of the paper's date: published, else its first listing's date (:func:`date_of`)."""
    listings = (G.nodes[t] for _, t, k in G.out_edges(paper, keys=True) if k == "LISTED_IN")
    return date_of(G.nodes[paper].get("published"), listings)


def date_of(published: object, listings: Iterable[Mapping[str, object]]) -> tuple[str, str]:
    """(sort key, shown text) of a paper's date: ``published``, else the first date of its ``listings`` (their attributes).

    A listing whose year is unknown ("--03-17") is shown as the page wrote it ("Mar 17") and sorts
    before every dated one.
    """
    if published:
        return str(published)[:10], str(published)[:10]
    dates = sorted((str(attrs.get("date")), str(attrs.get("date_text") or attrs.get("date")))
                   for attrs in listings if attrs.get("date"))
    if not dates:
        return "", ""
    dated = [d for d in dates if not d[0].startswith("--")]
    key, text = (dated or dates)[0]
    return (key, key) if not key.startswith("--") else (key, text)

"""The query pack answered from the graph files, without a server: one function per ``queries/*.cypher``.

``kg query NAME`` runs these when no Neo4j is named (``--uri`` or ``NEO4J_URI``): the
same columns, rows and order as the Cypher gives on Neo4j (the tests run every
query both ways on the seed graph and compare). Names match as the Cypher matches
them: ignoring case, or an alias as written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx

from kg.errors import KgError

__all__ = ["ANSWERS", "answer"]

Rows = list[dict[str, Any]]
_METHOD_LINKS = ("USES", "PROPOSES")
_DATASET_LINKS = ("USES_DATASET", "INTRODUCES")


def _links(G: nx.MultiDiGraph, types: tuple[str, ...], target: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(paper, target, edge attributes) of a paper's links of these types to nodes labelled ``target``."""
    for paper, node, key, attrs in G.edges(keys=True, data=True):
        if key in types and G.nodes[paper].get("label") == "Paper" and G.nodes[node].get("label") == target:
            yield paper, node, attrs


def _is(G: nx.MultiDiGraph, node: str, name: str, aliases: bool = False) -> bool:
    attrs = G.nodes[node]
    return str(attrs.get("name", "")).lower() == str(name).lower() or (aliases and name in (attrs.get("aliases") or []))


def _title(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("title", "")


def _name(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("name", "")


def _ranked(counts: dict[str, set[str]], column: str, limit: int | None = None) -> Rows:
    rows = sorted(({column: k, "papers": len(v)} for k, v in counts.items()), key=lambda r: (-r["papers"], r[column]))
    return rows[:limit] if limit is not None else rows


def papers_using_method(G: nx.MultiDiGraph, method: str) -> Rows:
    rows = [{"paper": _title(G, p), "relation": a["type"]} for p, m, a in _links(G, _METHOD_LINKS, "Method")
            if _is(G, m, method, aliases=True)]
    return sorted(rows, key=lambda r: r["paper"])


def papers_on_dataset(G: nx.MultiDiGraph, dataset: str) -> Rows:
    rows = [{"paper": _title(G, p), "relation": a["type"], "dataset": _name(G, d)}
            for p, d, a in _links(G, _DATASET_LINKS, "Dataset") if _is(G, d, dataset, aliases=True)]
    return sorted(rows, key=lambda r: r["paper"])


def _method_papers(G: nx.MultiDiGraph, method: str) -> set[str]:
    return {p for p, m, _ in _links(G, _METHOD_LINKS, "Method") if _is(G, m, method)}


def datasets_of_method(G: nx.MultiDiGraph, method: str) -> Rows:
    papers, by_dataset = _method_papers(G, method), defaultdict(set)
    for p, d, _ in _links(G, ("USES_DATASET",), "Dataset"):
        if p in papers:
            by_dataset[_name(G, d)].add(p)
    return _ranked(by_dataset, "dataset")


def methods_used_with(G: nx.MultiDiGraph, method: str) -> Rows:
    papers, by_other = _method_papers(G, method), defaultdict(set)
    for p, m, _ in _links(G, _METHOD_LINKS, "Method"):
        if p in papers and not _is(G, m, method):
            by_other[_name(G, m)].add(p)
    return _ranked(by_other, "method", 20)


def top_methods(G: nx.MultiDiGraph, limit: int) -> Rows:
    by_method = defaultdict(set)
    for p, m, _ in _links(G, _METHOD_LINKS, "Method"):
        by_method[_name(G, m)].add(p)
    return _ranked(by_method, "method", int(limit))


def tasks_by_papers(G: nx.MultiDiGraph) -> Rows:
    by_task = defaultdict(set)
    for p, t, _ in _links(G, ("ADDRESSES",), "Task"):
        by_task[_name(G, t)].add(p)
    return _ranked(by_task, "task", 25)


def introduced_datasets(G: nx.MultiDiGraph) -> Rows:
    rows = [{"dataset": _name(G, d), "paper": _title(G, p), "confidence": a.get("confidence")}
            for p, d, a in _links(G, ("INTRODUCES",), "Dataset")]
    return sorted(rows, key=lambda r: r["dataset"])


def evidence_for(G: nx.MultiDiGraph, dataset: str) -> Rows:
    rows = [{"paper": _title(G, p), "sentences": [m["sentence"] for m in a.get("evidence") or [] if m.get("sentence")],
             "found_by": a.get("component"), "confidence": a.get("confidence")}
            for p, d, a in _links(G, _DATASET_LINKS, "Dataset") if _is(G, d, dataset)]
    return sorted(rows, key=lambda r: r["paper"])


def most_aliases(G: nx.MultiDiGraph) -> Rows:
    rows = [{"kind": a["label"], "name": a.get("name"), "aliases": len(a["aliases"]), "written_as": list(a["aliases"])}
            for _, a in G.nodes(data=True) if a.get("label") in ("Method", "Dataset", "Task") and a.get("aliases")]
    return sorted(rows, key=lambda r: (-r["aliases"], r["name"]))[:20]


def _official_code(G: nx.MultiDiGraph, paper: str) -> list[str]:
    return [r for _, r, k, a in G.out_edges(paper, keys=True, data=True)
            if k == "HAS_CODE" and a.get("official") is True and G.nodes[r].get("label") == "Repository"]


def new_methods_with_code(G: nx.MultiDiGraph) -> Rows:
    rows = [{"method": _name(G, m), "code": G.nodes[r].get("url"), "paper": _title(G, p)}
            for p, m, _ in _links(G, ("PROPOSES",), "Method") for r in _official_code(G, p)]
    return sorted(rows, key=lambda r: (r["method"], r["code"] or ""))


def proposed_without_code(G: nx.MultiDiGraph) -> Rows:
    by_paper = defaultdict(list)
    for p, m, _ in _links(G, ("PROPOSES",), "Method"):
        if not _official_code(G, p):
            by_paper[_title(G, p)].append(_name(G, m))
    return [{"paper": title, "methods": methods} for title, methods in sorted(by_paper.items())]


def paper_neighbourhood(G: nx.MultiDiGraph, title: str) -> Rows:
    rows = [{"relation": k, "kind": G.nodes[x].get("label"), "name": G.nodes[x].get("name") or x,
             "role": a.get("role"), "confidence": a.get("confidence")}
            for p, attrs in G.nodes(data=True) if attrs.get("label") == "Paper" and str(attrs.get("title", "")).lower() == title.lower()
            for _, x, k, a in G.out_edges(p, keys=True, data=True)]
    return sorted(rows, key=lambda r: (r["relation"], r["name"]))


def top_datasets_per_day(G: nx.MultiDiGraph, per_day: int) -> Rows:
    rows = []
    for listing in sorted(n for n, a in G.nodes(data=True) if a.get("label") == "Listing"):
        papers = {p for p, _, k in G.in_edges(listing, keys=True) if k == "LISTED_IN"}
        by_dataset = defaultdict(set)
        for p, d, _ in _links(G, ("USES_DATASET",), "Dataset"):
            if p in papers:
                by_dataset[_name(G, d)].add(p)
        if by_dataset:
            rows.append({"day": G.nodes[listing].get("date_text"), "listing": listing,
                         "top_datasets": _ranked(by_dataset, "dataset", int(per_day))})
    return rows


def shortest_path_methods(G: nx.MultiDiGraph, **ends: str) -> Rows:
    """``from`` and ``to`` (Python keywords, so given as a mapping): the path through any nodes, up to 6 hops."""
    found = []
    for end in (ends["from"], ends["to"]):
        nodes = [n for n, a in G.nodes(data=True) if a.get("label") == "Method" and str(a.get("name", "")).lower() == str(end).lower()]
        if not nodes:
            return []
        found.append(nodes[0])
    try:
        path = nx.shortest_path(G.to_undirected(as_view=True), found[0], found[1])
    except nx.NetworkXNoPath:
        return []
    if len(path) - 1 > 6:
        return []
    return [{"path": [G.nodes[n].get("name") or G.nodes[n].get("title") or n for n in path], "hops": len(path) - 1}]


ANSWERS: dict[str, Callable[..., Rows]] = {f.__name__: f for f in (
    papers_using_method, papers_on_dataset, datasets_of_method, methods_used_with, top_methods, tasks_by_papers,
    introduced_datasets, evidence_for, most_aliases, new_methods_with_code, proposed_without_code,
    paper_neighbourhood, top_datasets_per_day, shortest_path_methods)}


def answer(G: nx.MultiDiGraph, name: str, params: dict[str, Any]) -> Rows:
    """The rows of the pack's query ``name`` over G, with its parameters."""
    if name not in ANSWERS:
        raise KgError(f"no local answer for {name!r}; give --uri to run it on Neo4j")
    try:
        return ANSWERS[name](G, **params)
    except TypeError as error:
        raise KgError(f"query {name}: {error}; see kg query --list for its parameters") from None

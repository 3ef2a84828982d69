"""Papers, listings and entity links -> one ``networkx.MultiDiGraph``.

Node keys are the namespaced ids (``paper:...``, ``listing:...``,
``repository:github.com/owner/name``); every node has a ``label`` from
:mod:`kg.schema`. Edges are keyed by their type, so a paper has at most one
edge of a type to a node, carrying all the evidence for it. Nodes and edges
are inserted in sorted order, so the same input gives the same graph.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx

from kg.graph.hub import add_hub_links
from kg.graph.audit import MERGED, RETYPED, Merge
from kg.model import EntityLink, Listing, Paper
from kg.schema import edge_type_for

__all__ = ["audit_trail", "build_graph", "evidence_of"]


# Paper fields that richer sources give (HF's API, arXiv), kept on the paper node when present.
PAPER_EXTRAS = ("urls", "comments", "upvotes", "github_repo", "github_stars", "project_page", "keywords",
                "organization", "submitter", "submitted", "categories")


def _clean(attrs: dict[str, object]) -> dict[str, object]:
    """Drop empty attributes so the files stay small and GraphML stays scalar-friendly."""
    return {k: v for k, v in attrs.items() if v not in (None, "", (), [])}


def evidence_of(link: EntityLink) -> list[dict[str, object]]:
    """The link's mentions as plain dicts: text, offsets, field, sentence quote and offsets."""
    return [
        {"text": m.text, "start": m.start, "end": m.end, "field": m.field, "sentence": m.sentence,
         "sentence_start": m.sentence_start, "sentence_end": m.sentence_end}
        for m in link.mentions
    ]


def _trail_item(other: str, merge: Merge) -> dict[str, object]:
    item: dict[str, object] = {"id": other, "form": merge.form, "paper": merge.paper}
    if merge.kind != MERGED:
        item.update(kind=merge.kind, reason=merge.reason, papers=list(merge.papers), other_papers=list(merge.other_papers))
    return item


def audit_trail(merges: Iterable[Merge]) -> tuple[dict[str, list[dict[str, object]]], dict[str, list[dict[str, object]]]]:
    """The resolver's records as node attributes: ``merged_from`` and ``kept_apart``, keyed by node.

    A merge or a re-typing is told on the entity that survives (``id`` is the
    one that went). A split or a pair kept apart is told on both entities:
    ``id`` is the other one, ``papers`` the papers of the entity it is told
    on and ``other_papers`` those of the other one.
    """
    merged_from: dict[str, list[dict[str, object]]] = {}
    kept_apart: dict[str, list[dict[str, object]]] = {}
    for merge in sorted(merges):
        if merge.kind in (MERGED, RETYPED):
            merged_from.setdefault(merge.target, []).append(_trail_item(merge.source, merge))
            continue
        kept_apart.setdefault(merge.target, []).append(_trail_item(merge.source, merge))
        swapped = dataclasses.replace(merge, papers=merge.other_papers, other_papers=merge.papers)
        kept_apart.setdefault(merge.source, []).append(_trail_item(merge.target, swapped))
    return merged_from, kept_apart


def build_graph(
    papers: Iterable[Paper],
    listings: Iterable[Listing],
    links: Iterable[EntityLink],
    *,
    merges: Iterable[Merge] = (),
    listed: Mapping[str, str] | None = None,
) -> nx.MultiDiGraph:
    """Assemble the graph; see the module docstring for its shape.

    Entity nodes carry their audit trail: ``forms`` (every surface form seen,
    with its count), ``listed`` (the gazetteer entry, ``file:line``),
    ``merged_from`` (the ids merged or re-typed into it across papers, and
    why) and ``kept_apart`` (the entities of the same name that mean
    something else, and why); see :func:`audit_trail`.
    """
    listed = listed or {}
    merged_from, kept_apart = audit_trail(merges)
    graph = nx.MultiDiGraph()
    for listing in sorted(listings, key=lambda item: item.id):
        graph.add_node(
            listing.id,
            **_clean({"label": "Listing", "name": listing.source, "source": listing.source,
                      "format": listing.format, "date": listing.date, "date_text": listing.date_text}),
        )
    paper_list = sorted(papers, key=lambda p: p.id)
    for paper in paper_list:
        graph.add_node(
            paper.id,
            **_clean({
                "label": "Paper", "name": paper.title, "title": paper.title, "abstract": paper.abstract,
                "arxiv_id": paper.arxiv_id, "url": paper.url, "authors": list(paper.authors),
                "author_count": paper.author_count, "published": paper.published,
                **{name: list(value) if isinstance(value, tuple) else value
                   for name, value in ((f, getattr(paper, f)) for f in PAPER_EXTRAS)},
            }),
        )
    for paper in paper_list:
        for sighting in paper.listings:
            graph.add_edge(
                paper.id, sighting.listing_id, key="LISTED_IN",
                **_clean({"type": "LISTED_IN", "position": sighting.position, "line": sighting.line,
                          "date": sighting.date}),
            )
    links = sorted(links, key=lambda item: (item.paper_id, item.entity.id, item.role))
    forms: dict[str, Counter[str]] = {}
    aliases_of: dict[str, set[str]] = {}
    papers_of: dict[str, set[str]] = {}
    for link in links:
        forms.setdefault(link.entity.id, Counter()).update(m.text for m in link.mentions)
        aliases_of.setdefault(link.entity.id, set()).update(link.attributes.get("aliases", []))
        papers_of.setdefault(link.entity.id, set()).add(link.paper_id)
    for link in links:
        entity = link.entity
        if entity.id not in graph:
            seen = forms[entity.id]
            aliases = sorted((set(seen) | aliases_of[entity.id]) - {entity.name})
            graph.add_node(entity.id, **_clean({
                "label": entity.type, "name": entity.name, "url": entity.url, "aliases": aliases,
                "paper_count": len(papers_of[entity.id]), "forms": dict(sorted(seen.items())),
                "listed": listed.get(entity.id), "merged_from": merged_from.get(entity.id),
                "kept_apart": kept_apart.get(entity.id),
            }))
        edge_type = edge_type_for(entity.type, link.role)
        graph.add_edge(
            link.paper_id, entity.id, key=edge_type,
            **_clean({
                "type": edge_type, "role": link.role, "confidence": link.confidence,
                "component": link.component, "evidence": evidence_of(link),
                **{k: v for k, v in link.attributes.items() if k != "aliases"},
            }),
        )
    add_hub_links(graph, paper_list)
    return graph

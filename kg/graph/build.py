"""Papers, listings and entity links -> one ``networkx.MultiDiGraph``.

Node keys are the namespaced ids (``paper:...``, ``listing:...``,
``repository:github.com/owner/name``); every node has a ``label`` from
:mod:`kg.schema`. Edges are keyed by their type, so a paper has at most one
edge of a type to a node, carrying all the evidence for it. Nodes and edges
are inserted in sorted order, so the same input gives the same graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx

from kg.graph.hub import add_hub_links
from kg.graph.resolve import Merge
from kg.model import EntityLink, Listing, Paper
from kg.schema import edge_type_for

__all__ = ["build_graph", "evidence_of"]


# Paper fields that richer sources give (HF's API, arXiv), kept on the paper node when present.
PAPER_EXTRAS = ("urls", "comments", "upvotes", "github_repo", "github_stars", "project_page", "keywords",
                "organization", "submitter", "submitted", "categories")


def _clean(attrs: dict[str, object]) -> dict[str, object]:
    """Drop empty attributes so the files stay small and GraphML stays scalar-friendly."""
    return {k: v for k, v in attrs.items() if v not in (None, "", (), [])}


def evidence_of(link: EntityLink) -> list[dict[str, object]]:
    """The link's mentions as plain dicts: text, offsets, field, sentence."""
    return [
        {"text": m.text, "start": m.start, "end": m.end, "field": m.field, "sentence": m.sentence}
        for m in link.mentions
    ]


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
    with its count), ``listed`` (the gazetteer entry, ``file:line``) and
    ``merged_from`` (the ids merged into it across papers, and why).
    """
    listed = listed or {}
    merged_from: dict[str, list[dict[str, str]]] = {}
    for merge in sorted(merges):
        merged_from.setdefault(merge.target, []).append({"id": merge.source, "form": merge.form, "paper": merge.paper})
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

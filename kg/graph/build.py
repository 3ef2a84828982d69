"""Papers, listings and entity links -> the graph: a :class:`GraphPlan` of its nodes and edges, which
``kg build`` writes from, and the ``networkx.MultiDiGraph`` it draws when asked (:func:`build_graph`).

Node keys are the namespaced ids (``paper:...``, ``listing:...``,
``repository:github.com/owner/name``); every node has a ``label`` from
:mod:`kg.schema`. Edges are keyed by their type, so a paper has at most one
edge of a type to a node, carrying all the evidence for it. Nodes and edges
are inserted in sorted order, so the same input gives the same graph.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from kg.graph.audit import MERGED, RETYPED, Merge
from kg.graph.elements import shown_name
from kg.graph.hub import HubLinks, plan_hub_links
from kg.graph.query import date_of
from kg.model import EntityLink, Listing, Paper, Sighting
from kg.schema import edge_type_for

__all__ = ["GraphPlan", "audit_trail", "build_graph", "evidence_of"]


# Paper fields that richer sources give (HF's API, arXiv), kept on the paper node when present.
PAPER_EXTRAS = ("urls", "comments", "upvotes", "github_repo", "github_stars", "project_page", "keywords",
                "organization", "submitter", "submitted", "categories")


def _clean(attrs: dict[str, object]) -> dict[str, object]:
    """Drop empty attributes (None, "", (), []; not 0 or False) so the files stay small and GraphML stays scalar-friendly."""
    return {k: v for k, v in attrs.items() if v or (v is not None and v != "" and v != () and v != [])}


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


def _paper_attributes(paper: Paper) -> dict[str, object]:
    return _clean({
        "label": "Paper", "name": paper.title, "title": paper.title, "abstract": paper.abstract,
        "arxiv_id": paper.arxiv_id, "url": paper.url, "authors": list(paper.authors),
        "author_count": paper.author_count, "published": paper.published,
        **{name: list(value) if isinstance(value, tuple) else value
           for name, value in ((f, getattr(paper, f)) for f in PAPER_EXTRAS)},
    })


def _entity_nodes(links: list[EntityLink], papers: set[str], merges: Iterable[Merge],
                  listed: Mapping[str, str]) -> dict[str, dict[str, object]]:
    """Entity node -> attributes, in the order the (sorted) links first name each.

    A link from a paper not among ``papers`` puts a bare node for it here, where networkx would
    have added it. Attributes: ``forms`` (every surface form seen, with its count), ``listed``
    (the gazetteer entry, ``file:line``), ``merged_from`` and ``kept_apart`` (:func:`audit_trail`).
    """
    merged_from, kept_apart = audit_trail(merges)
    forms: dict[str, Counter[str]] = {}
    aliases_of: dict[str, set[str]] = {}
    papers_of: dict[str, set[str]] = {}
    for link in links:
        forms.setdefault(link.entity.id, Counter()).update(m.text for m in link.mentions)
        aliases_of.setdefault(link.entity.id, set()).update(link.attributes.get("aliases", []))
        papers_of.setdefault(link.entity.id, set()).add(link.paper_id)
    nodes: dict[str, dict[str, object]] = {}
    for link in links:
        entity = link.entity
        if entity.id not in nodes:
            seen = forms[entity.id]
            aliases = sorted((set(seen) | aliases_of[entity.id]) - {entity.name})
            nodes[entity.id] = _clean({
                "label": entity.type, "name": entity.name, "url": entity.url, "aliases": aliases,
                "paper_count": len(papers_of[entity.id]), "forms": dict(sorted(seen.items())),
                "listed": listed.get(entity.id), "merged_from": merged_from.get(entity.id),
                "kept_apart": kept_apart.get(entity.id),
            })
        if link.paper_id not in papers:
            nodes.setdefault(link.paper_id, {})
    return nodes


def _add(targets: dict[str, dict[str, dict[str, object]]], target: str, key: str, attrs: dict[str, object]) -> None:
    """An edge into a source's ``target -> key -> attributes``; a key given twice updates, as networkx's ``add_edge``."""
    attrs = _clean(attrs)
    keys = targets.get(target)
    if keys is None:
        targets[target] = {key: attrs}
    elif key in keys:
        keys[key].update(attrs)
    else:
        keys[key] = attrs


def _slices(links: list[EntityLink]) -> dict[str, tuple[int, int]]:
    """Paper id -> (first, end) of its links in ``links``, sorted by paper."""
    slices: dict[str, tuple[int, int]] = {}
    for index, link in enumerate(links):
        first, _ = slices.get(link.paper_id, (index, index))
        slices[link.paper_id] = (first, index + 1)
    return slices


def _count_hub_papers(hub: HubLinks, entities: dict[str, dict[str, object]], links: list[EntityLink]) -> None:
    """``paper_count`` of each node a Hub link reaches: the papers linking it by any edge."""
    if not hub.papers:
        return
    papers_of: dict[str, set[str]] = {}
    for link in links:
        if link.entity.id in hub.papers:
            papers_of.setdefault(link.entity.id, set()).add(link.paper_id)
    for node, linking in hub.papers.items():
        attrs = entities.get(node) or hub.nodes[node]
        attrs["paper_count"] = len(linking | papers_of.get(node, set()))


@dataclass
class GraphPlan:
    """The graph of papers, listings and links, as elements made when asked for.

    ``kg build`` writes its files from :meth:`nodes` and :meth:`edges`
    without drawing the graph in memory: the attributes of each edge (its
    evidence above all, most of a big graph's memory) are made as they are
    written and let go. Only the entity nodes, with their audit trail, are
    held. :meth:`to_networkx` draws the graph the elements describe.
    """

    papers: list[Paper]
    listing_nodes: dict[str, dict[str, object]]  # listing node -> attributes
    links: list[EntityLink]
    entities: dict[str, dict[str, object]]  # entity node -> attributes, in the order first linked
    hub: HubLinks
    sources: dict[str, tuple[int, int]]  # paper id -> the slice of ``links`` from it
    unlisted: list[str]  # listings a paper was seen in that are not among ``listings``

    @classmethod
    def of(
        cls,
        papers: Iterable[Paper],
        listings: Iterable[Listing],
        links: Iterable[EntityLink],
        *,
        merges: Iterable[Merge] = (),
        listed: Mapping[str, str] | None = None,
    ) -> GraphPlan:
        """Plan the graph; see the module docstring for its shape and :func:`_entity_nodes` for an entity's attributes."""
        listing_nodes: dict[str, dict[str, object]] = {}
        for listing in sorted(listings, key=lambda item: item.id):
            listing_nodes.setdefault(listing.id, {}).update(_clean({
                "label": "Listing", "name": listing.source, "source": listing.source, "format": listing.format,
                "date": listing.date, "date_text": listing.date_text}))
        paper_list = list({paper.id: paper for paper in sorted(papers, key=lambda p: p.id)}.values())
        link_list = sorted(links, key=lambda item: (item.paper_id, item.entity.id, item.role))
        unlisted = list(dict.fromkeys(s.listing_id for p in paper_list for s in p.listings if s.listing_id not in listing_nodes))
        entities = _entity_nodes(link_list, {p.id for p in paper_list}, merges, listed or {})
        hub = plan_hub_links(paper_list, entities)
        _count_hub_papers(hub, entities, link_list)
        return cls(paper_list, listing_nodes, link_list, entities, hub, _slices(link_list), unlisted)

    def number_of_nodes(self) -> int:
        return len(self.listing_nodes) + len(self.papers) + len(self.unlisted) + len(self.entities) + len(self.hub.nodes)

    def nodes(self) -> Iterator[tuple[str, dict[str, object]]]:
        """(node, attributes): listings, papers, entities in the order first linked, then Hub nodes."""
        yield from self.listing_nodes.items()
        for paper in self.papers:
            yield paper.id, _paper_attributes(paper)
        for node in self.unlisted:
            yield node, {}
        yield from self.entities.items()
        yield from self.hub.nodes.items()

    def edges(self, evidence: bool = True) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        """(source, target, key, attributes), as networkx walks the graph: by source, then target as first linked.

        ``evidence=False`` leaves each link's mentions as they are rather than as dicts, for a
        reader that needs only which attributes there are (GraphML's header).
        """
        for paper in self.papers:
            yield from self._edges_from(paper.id, paper.listings, evidence)
        for node, attrs in self.entities.items():
            if not attrs:  # a bare node for the paper of a link whose paper was not given
                yield from self._edges_from(node, (), evidence)

    def _edges_from(self, source: str, sightings: Iterable[Sighting],
                    evidence: bool) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        targets: dict[str, dict[str, dict[str, object]]] = {}
        for sighting in sightings:
            _add(targets, sighting.listing_id, "LISTED_IN", {
                "type": "LISTED_IN", "position": sighting.position, "line": sighting.line, "date": sighting.date})
        first, end = self.sources.get(source, (0, 0))
        for link in self.links[first:end]:
            edge_type = edge_type_for(link.entity.type, link.role)
            attrs = {"type": edge_type, "role": link.role, "confidence": link.confidence, "component": link.component,
                     "evidence": evidence_of(link) if evidence else link.mentions}
            if link.attributes:
                attrs.update((k, v) for k, v in link.attributes.items() if k != "aliases")
            _add(targets, link.entity.id, edge_type, attrs)
        for node, edge_type in self.hub.edges.get(source, ()):
            _add(targets, node, edge_type, {"type": edge_type})
        for target, keys in targets.items():
            for key, attrs in keys.items():
                yield source, target, key, attrs

    def name_of(self, node: str) -> str:
        """What edges.csv shows beside a node's id: a paper's title, another node's name."""
        paper = self._paper_index.get(node)
        if paper is not None:
            return paper.title or node  # shown_name of its attributes: its title, else its id
        return shown_name(self.entities.get(node) or self.hub.nodes.get(node) or self.listing_nodes.get(node) or {}, node)

    def date_of(self, paper: str) -> tuple[str, str]:
        """The paper's :func:`~kg.graph.query.paper_date`: published, else its first listing's date."""
        found = self._paper_index[paper]
        return date_of(found.published, (self.listing_nodes.get(s.listing_id, {}) for s in found.listings))

    @functools.cached_property
    def _paper_index(self) -> dict[str, Paper]:
        return {paper.id: paper for paper in self.papers}

    def to_networkx(self) -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph()
        for node, attrs in self.nodes():
            graph.add_node(node, **attrs)
        for source, target, key, attrs in self.edges():
            graph.add_edge(source, target, key=key, **attrs)
        return graph


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
    return GraphPlan.of(papers, listings, links, merges=merges, listed=listed).to_networkx()

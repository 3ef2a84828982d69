"""The Hub repositories linked to papers (``kg fetch hf-daily --links``) as nodes of the graph.

Models and Spaces get nodes of their own (``HubModel``, ``HubSpace``). A Hub
dataset is a ``Dataset``: the one the entity pass found when its repository
name matches that dataset's name or an alias (``org/ImageNet-1k`` is
ImageNet-1K), else a new Dataset node carrying its Hub id.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.ingest.text import normalise_title
from kg.model import Paper

__all__ = ["add_hub_links", "hub_url"]

HUB = "https://huggingface.co"
_KINDS = (("hub_models", "HubModel", "HAS_MODEL", ""), ("hub_spaces", "HubSpace", "HAS_SPACE", "spaces/"),
          ("hub_datasets", "Dataset", "HAS_HUB_DATASET", "datasets/"))


def hub_url(repo_id: str, prefix: str) -> str:
    """The Hub page of a repository, built from its id (never taken from text).

    >>> hub_url("org/name", "datasets/")
    'https://huggingface.co/datasets/org/name'
    """
    return f"{HUB}/{prefix}{repo_id}"


def _dataset_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Folded name or alias -> Dataset node, for the datasets the entity pass found."""
    names: dict[str, str] = {}
    for node, attrs in sorted(G.nodes(data=True)):
        if attrs.get("label") == "Dataset" and not attrs.get("hub_only"):
            for name in (attrs.get("name", ""), *attrs.get("aliases", ())):
                names.setdefault(normalise_title(name), node)
    return names


def _dataset_node(G: nx.MultiDiGraph, repo_id: str, known: dict[str, str]) -> str:
    """The Dataset node for a Hub dataset: an extracted one of the same name, or a new one."""
    name = repo_id.rsplit("/", 1)[-1]
    node = known.get(normalise_title(repo_id)) or known.get(normalise_title(name))
    if node is None:
        node = f"dataset:hub/{repo_id.lower()}"
        if node not in G:
            G.add_node(node, label="Dataset", name=name, hub_only=True)
    return node


def add_hub_links(G: nx.MultiDiGraph, papers: Iterable[Paper]) -> None:
    """Add the Hub repositories of each paper, with an edge from the paper."""
    known = _dataset_names(G)
    touched: set[str] = set()
    for paper in papers:
        for field, label, edge_type, prefix in _KINDS:
            for repo_id in getattr(paper, field):
                if label == "Dataset":
                    node = _dataset_node(G, repo_id, known)
                else:
                    node = f"{label.lower()}:{repo_id.lower()}"
                    if node not in G:
                        G.add_node(node, label=label, name=repo_id)
                attrs = G.nodes[node]
                attrs.setdefault("hub_id", repo_id)
                attrs.setdefault("hub_url", hub_url(repo_id, prefix))
                if label != "Dataset" or attrs.get("hub_only"):
                    attrs["url"] = attrs["hub_url"]
                G.add_edge(paper.id, node, key=edge_type, type=edge_type)
                touched.add(node)
    for node in touched:
        G.nodes[node]["paper_count"] = len({source for source, _ in G.in_edges(node)})

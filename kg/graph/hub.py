"""The Hub repositories linked to papers (``kg fetch hf-daily --links``) as nodes of the graph.

Models and Spaces get nodes of their own (``HubModel``, ``HubSpace``). A Hub
dataset is a ``Dataset``: the one the entity pass found when its repository
name matches that dataset's name or an alias (``org/ImageNet-1k`` is
ImageNet-1K), else a new Dataset node carrying its Hub id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.ingest.text import normalise_title
from kg.model import Paper

__all__ = ["HubLinks", "hub_url", "plan_hub_links"]

HUB = "https://huggingface.co"
_KINDS = (("hub_models", "HubModel", "HAS_MODEL", ""), ("hub_spaces", "HubSpace", "HAS_SPACE", "spaces/"),
          ("hub_datasets", "Dataset", "HAS_HUB_DATASET", "datasets/"))


def hub_url(repo_id: str, prefix: str) -> str:
    """The Hub page of a repository, built from its id (never taken from text).

    >>> hub_url("org/name", "datasets/")
    'https://huggingface.co/datasets/org/name'
    """
    return f"{HUB}/{prefix}{repo_id}"


@dataclass
class HubLinks:
    """The Hub repositories of the papers, planned before the graph is drawn.

    ``nodes`` are the new ones (Hub models and Spaces, Hub datasets no
    extracted Dataset matches) in the order first seen; ``edges`` each paper's
    ``(node, edge type)`` in order; ``papers`` the papers linking each node by
    a Hub edge. Extracted Dataset nodes a Hub dataset matches get ``hub_id``
    and ``hub_url`` in place.
    """

    nodes: dict[str, dict[str, object]] = field(default_factory=dict)
    edges: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    papers: dict[str, set[str]] = field(default_factory=dict)


def _dataset_names(nodes: Mapping[str, dict[str, object]]) -> dict[str, str]:
    """Folded name or alias -> Dataset node, for the datasets the entity pass found."""
    names: dict[str, str] = {}
    for node, attrs in sorted(nodes.items()):
        if attrs.get("label") == "Dataset" and not attrs.get("hub_only"):
            for name in (attrs.get("name", ""), *attrs.get("aliases", ())):  # type: ignore[misc]
                names.setdefault(normalise_title(str(name)), node)
    return names


def plan_hub_links(papers: Iterable[Paper], nodes: Mapping[str, dict[str, object]]) -> HubLinks:
    """The Hub links of ``papers`` (in their order) against the graph's other ``nodes`` (id -> attributes).

    A Hub dataset is the extracted Dataset of the same name or alias
    (``org/ImageNet-1k`` is ImageNet-1K), else a Dataset node of its own carrying its Hub id.
    """
    known = _dataset_names(nodes)
    hub = HubLinks()
    for paper in papers:
        for field_name, label, edge_type, prefix in _KINDS:
            for repo_id in getattr(paper, field_name):
                if label == "Dataset":
                    name = repo_id.rsplit("/", 1)[-1]
                    node = known.get(normalise_title(repo_id)) or known.get(normalise_title(name))
                    node = node or f"dataset:hub/{repo_id.lower()}"
                    new = {"label": "Dataset", "name": name, "hub_only": True}
                else:
                    node = f"{label.lower()}:{repo_id.lower()}"
                    new = {"label": label, "name": repo_id}
                attrs = nodes[node] if node in nodes else hub.nodes.setdefault(node, new)
                attrs.setdefault("hub_id", repo_id)
                attrs.setdefault("hub_url", hub_url(repo_id, prefix))
                if label != "Dataset" or attrs.get("hub_only"):
                    attrs["url"] = attrs["hub_url"]
                hub.edges.setdefault(paper.id, []).append((node, edge_type))
                hub.papers.setdefault(node, set()).add(paper.id)
    return hub

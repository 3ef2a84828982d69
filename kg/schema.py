"""The graph schema, written once: node labels, edge types and what they mean.

Exporters take labels and relationship types from here and nowhere else, so
nothing read from data can ever become a label or a relationship type.
"""

from __future__ import annotations

from typing import Final

__all__ = ["EDGE_TYPES", "ENTITY_LABELS", "LABELS", "ROLE_EDGE", "edge_type_for", "node_id"]

LABELS: Final[dict[str, str]] = {
    "Paper": "A paper, deduplicated by normalised title across all listings.",
    "Listing": "One input listing: a day's Daily Papers page or a JSON/CSV file.",
    "Method": "A named method, model, architecture, algorithm, loss or framework.",
    "Dataset": "A named dataset or benchmark.",
    "Task": "A research task, such as image retrieval.",
    "Repository": "A code repository (GitHub, GitLab, Bitbucket, Hugging Face, ...).",
    "HubModel": "A model repository on the Hugging Face Hub that the paper's Hub page links.",
    "HubSpace": "A Space (a demo app) on the Hugging Face Hub that the paper's Hub page links.",
}

EDGE_TYPES: Final[dict[str, tuple[str, str, str]]] = {
    "LISTED_IN": ("Paper", "Listing", "The paper appeared in this listing."),
    "PROPOSES": ("Paper", "Method", "The paper introduces this method."),
    "USES": ("Paper", "Method", "The paper uses, builds on or compares with this method."),
    "USES_DATASET": ("Paper", "Dataset", "The paper trains or evaluates on this dataset."),
    "INTRODUCES": ("Paper", "Dataset", "The paper releases this dataset."),
    "ADDRESSES": ("Paper", "Task", "The paper works on this task."),
    "HAS_CODE": ("Paper", "Repository", "The paper links to this repository (official flag says whose)."),
    "HAS_MODEL": ("Paper", "HubModel", "The paper's Hub page links this model."),
    "HAS_SPACE": ("Paper", "HubSpace", "The paper's Hub page links this Space."),
    "HAS_HUB_DATASET": ("Paper", "Dataset", "The paper's Hub page links this dataset repository."),
}

# The labels of things papers link to: everything but papers and listings.
ENTITY_LABELS: Final[tuple[str, ...]] = tuple(label for label in LABELS if label not in ("Paper", "Listing"))

# (entity type, role) -> edge type, for paper-entity links.
ROLE_EDGE: Final[dict[tuple[str, str], str]] = {
    ("Method", "proposed"): "PROPOSES",
    ("Method", "used"): "USES",
    ("Dataset", "used"): "USES_DATASET",
    ("Dataset", "introduced"): "INTRODUCES",
    ("Task", "addressed"): "ADDRESSES",
    ("Repository", "official"): "HAS_CODE",
    ("Repository", "mentioned"): "HAS_CODE",
}


def edge_type_for(entity_type: str, role: str) -> str:
    """The edge type for a paper's link to an entity of this type in this role."""
    try:
        return ROLE_EDGE[(entity_type, role)]
    except KeyError:
        raise ValueError(f"no edge type for a {entity_type} in role {role!r}") from None


def node_id(label: str, key: str) -> str:
    """A namespaced node id: ``dataset:coco``, ``repository:github.com/a/b``."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return f"{label.lower()}:{key}"

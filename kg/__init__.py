"""kg: machine-learning paper listings -> a knowledge graph of papers, methods,
datasets, tasks and code repositories.

Nothing heavy is imported here; the pipeline loads when first used.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.errors import InputError, KgError, OutputError, UnknownFormat
from kg.model import Entity, EntityLink, Entry, Listing, Mention, Paper, Sighting

__all__ = [
    "KnowledgeGraph",
    "build",
    "from_records",
    "load",
    "Entity",
    "EntityLink",
    "Entry",
    "InputError",
    "KgError",
    "Listing",
    "Mention",
    "OutputError",
    "Paper",
    "Sighting",
    "UnknownFormat",
    "__version__",
]


def build(paths, **options):  # type: ignore[no-untyped-def]
    """Build a :class:`KnowledgeGraph` from listing files, as ``kg build`` does (without writing files).

    Options are those of :func:`kg.pipeline.run` (``format``, ``strict``, ``jobs``).
    """
    from kg.graph.knowledge import KnowledgeGraph
    from kg.pipeline import run

    return KnowledgeGraph(run(paths, show_progress=False, **options).graph)


def from_records(records, **options):  # type: ignore[no-untyped-def]
    """Build a :class:`KnowledgeGraph` from dicts with ``title`` and ``abstract`` (and optional columns)."""
    from kg.graph.knowledge import KnowledgeGraph
    from kg.pipeline import run_records

    return KnowledgeGraph(run_records(records, **options).graph)


def load(out):  # type: ignore[no-untyped-def]
    """Load the graph a ``kg build`` wrote to ``out`` (the directory or its graph.json)."""
    from kg.graph.knowledge import KnowledgeGraph

    return KnowledgeGraph.load(out)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name == "KnowledgeGraph":  # imported on first use: keeps `import kg` light
        from kg.graph.knowledge import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

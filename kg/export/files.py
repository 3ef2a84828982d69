"""The file outputs of ``kg build``: papers.jsonl, extractions.jsonl, graph.json.

Each output has a pure generator of records or lines, and
:func:`write_outputs` writes them all atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.export.atomic import write_files_atomically
from kg.model import EntityLink, Paper, to_dict

__all__ = ["extraction_records", "graph_json", "jsonl_lines", "paper_records", "write_outputs"]


def paper_records(papers: Iterable[Paper]) -> Iterator[dict[str, Any]]:
    """One dict per paper with every field, ``listings`` included."""
    for paper in papers:
        yield to_dict(paper)


def extraction_records(papers: Iterable[Paper], links: Iterable[EntityLink]) -> Iterator[dict[str, Any]]:
    """One dict per paper: ``{"id", "title", "entities": [...]}``, the extraction contract.

    Each entity: ``type``, ``id``, ``name``, ``role``, ``confidence`` and
    ``mentions`` (``text``, ``start``, ``end``, ``field``, ``sentence``), plus
    ``url``, ``component`` and any link attributes (``official`` for repositories).
    """
    by_paper: dict[str, list[EntityLink]] = {}
    for link in links:
        by_paper.setdefault(link.paper_id, []).append(link)
    for paper in papers:
        entities = []
        for link in sorted(by_paper.get(paper.id, []), key=lambda item: (item.entity.type, item.entity.id, item.role)):
            entity: dict[str, Any] = {
                "type": link.entity.type,
                "id": link.entity.id,
                "name": link.entity.name,
                "role": link.role,
                "confidence": link.confidence,
                "mentions": [{"text": m.text, "start": m.start, "end": m.end, "field": m.field, "sentence": m.sentence}
                             for m in link.mentions],
            }
            if link.entity.url:
                entity["url"] = link.entity.url
            entity["component"] = link.component
            entity.update(link.attributes)
            entities.append(entity)
        yield {"id": paper.id, "title": paper.title, "entities": entities}


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Serialise records one per line, UTF-8 kept as is."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def graph_json(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The graph in networkx node-link form (``nodes`` and ``edges`` lists)."""
    data = nx.node_link_data(graph, edges="edges")
    yield json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    yield "\n"


def write_outputs(
    out: str | os.PathLike[str],
    papers: list[Paper],
    links: list[EntityLink],
    graph: nx.MultiDiGraph,
) -> list[Path]:
    """Write papers.jsonl, extractions.jsonl and graph.json into ``out`` atomically."""
    return write_files_atomically(
        out,
        {
            "papers.jsonl": jsonl_lines(paper_records(papers)),
            "extractions.jsonl": jsonl_lines(extraction_records(papers, links)),
            "graph.json": graph_json(graph),
        },
    )

"""The file outputs of ``kg build``: papers.jsonl, extractions.jsonl, graph.json, and on request
the tables (CSV) and GraphML.

Each output has a pure generator of records or lines, and
:func:`write_outputs` writes them all atomically. The tables and GraphML restate graph.json
(2 of 5 bytes of a big OUT, a third of a daily update's time), so they are written when asked
for (:data:`EXPORTS`), and from then on with every update of that OUT, so they never go stale.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from kg import collector
from kg.atomic import write_files_atomically
from kg.graph import nodelink
from kg.graph.build import evidence_of
from kg.graph.elements import GraphElements, elements_of
from kg.ingest.merge import ListingRead
from kg.schema import ENTITY_LABELS
from kg.model import EntityLink, Paper, to_dict
from kg.state import listing_lines, manifest

__all__ = [
    "EXPORTS",
    "edge_rows",
    "entity_rows",
    "extraction_records",
    "graph_json",
    "graphml_lines",
    "export_files",
    "exports_in",
    "jsonl_lines",
    "paper_records",
    "scalar_attributes",
    "write_outputs",
]

PAPER_COLUMNS = ["id", "arxiv_id", "title", "date", "authors", "upvotes", "url"]
ENTITY_COLUMNS = ["id", "label", "name", "aliases", "paper_count", "url"]
EDGE_COLUMNS = ["source", "source_name", "target", "target_name", "type", "role", "confidence", "component", "official", "mentions",
                "field", "start", "end", "text", "sentence"]


def paper_records(papers: Iterable[Paper]) -> Iterator[dict[str, Any]]:
    """One dict per paper with every field, ``listings`` included."""
    for paper in papers:
        yield to_dict(paper)


def extraction_records(papers: Iterable[Paper], links: Iterable[EntityLink]) -> Iterator[dict[str, Any]]:
    """One dict per paper: ``{"id", "title", "entities": [...]}``, the extraction contract.

    Each entity: ``type``, ``id``, ``name``, ``role``, ``confidence`` and
    ``mentions`` (``text``, ``start``, ``end``, ``field``, ``sentence``, ``sentence_start``, ``sentence_end``), plus
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
                "mentions": evidence_of(link),
            }
            if link.entity.url:
                entity["url"] = link.entity.url
            entity["component"] = link.component
            entity.update(link.attributes)
            entities.append(entity)
        yield {"id": paper.id, "title": paper.title, "entities": entities}


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """Serialise records one per line, as UTF-8 bytes.

    orjson writes what ``json.dumps(ensure_ascii=False, separators=(",", ":"))``
    writes for kg's records (encoded), about ten times faster (a tenth of a 10,000-paper build).
    """
    for record in records:
        yield orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def graph_json(graph: nx.MultiDiGraph | GraphElements) -> Iterator[bytes]:
    """The graph in networkx node-link form, a node or an edge a line (:mod:`kg.graph.nodelink`)."""
    elements = elements_of(graph)
    return nodelink.dump_lines(elements.nodes(), elements.edges(), graph.graph if isinstance(graph, nx.Graph) else None)


def scalar_attributes(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes with only scalar values, as GraphML (Gephi, yEd) needs.

    Lists of strings are joined with "; "; evidence becomes its first
    mention's sentence and the number of mentions (the full evidence is in
    graph.json and edges.csv), so Gephi shows it plainly.
    """
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if key == "evidence":
            out["sentence"] = value[0]["sentence"] if value else ""
            out["mentions"] = len(value)
        elif isinstance(value, (list, tuple)):
            out[key] = "; ".join(str(v) for v in value)
        elif isinstance(value, dict):
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            out[key] = value
    return out


_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _escape(text: str) -> str:
    """``xml.sax.saxutils.escape`` without its entity table: the same text, a call less per value."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _quoteattr(text: str) -> str:
    """``xml.sax.saxutils.quoteattr``, less the characters XML 1.0 cannot hold: the same text, faster."""
    text = _escape(_XML_INVALID_RE.sub("", text)).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"{}"'.format(text.replace('"', "&quot;"))


def _xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _XML_INVALID_RE.search(text):
        text = _XML_INVALID_RE.sub("", text)  # characters XML 1.0 cannot hold
    return _escape(text)


def _scalar_kinds(attrs: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(name, GraphML type) of each attribute :func:`scalar_attributes` gives, without building its values
    (its joins and JSON, for every node and edge): keep the two in step."""
    for key, value in attrs.items():
        if key == "evidence":
            yield "sentence", "string"
            yield "mentions", "long"
        elif isinstance(value, (list, tuple, dict)):
            yield key, "string"
        else:
            yield key, _GRAPHML_TYPES.get(type(value), "string")


def _graphml_keys(items: Iterable[dict[str, Any]], prefix: str) -> dict[str, tuple[str, str]]:
    """Attribute name -> (key id, GraphML type); mixed int/float is double, anything else mixed is string."""
    kinds: dict[str, set[str]] = {}
    for attrs in items:
        for name, kind in _scalar_kinds(attrs):
            kinds.setdefault(name, set()).add(kind)
    keys = {}
    for i, name in enumerate(sorted(kinds)):
        found = kinds[name]
        kind = found.pop() if len(found) == 1 else ("double" if found <= {"long", "double"} else "string")
        keys[name] = (f"{prefix}{i}", kind)
    return keys


def graphml_lines(graph: nx.MultiDiGraph | GraphElements) -> Iterator[str]:
    """GraphML for Gephi and yEd, streamed (networkx's writer builds the whole XML tree in memory).

    Two passes over the graph: the first finds the attribute keys and their types the header
    declares, the second writes each node and edge; neither keeps a copy of the graph's attributes.
    Edge ids are the edge types, so ``networkx.read_graphml`` reads the keys back.
    """
    graph = elements_of(graph)
    node_keys = _graphml_keys((a for _, a in graph.nodes()), "n")
    edge_keys = _graphml_keys((a for _, _, _, a in graph.edges(evidence=False)), "e")  # names and types only
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, (key, kind) in keys.items():
            yield f'  <key id="{key}" for="{domain}" attr.name={_quoteattr(name)} attr.type="{kind}" />\n'
    yield '  <graph edgedefault="directed">\n'
    for node, attrs in graph.nodes():
        data = "".join(f'<data key="{node_keys[k][0]}">{_xml_text(v)}</data>' for k, v in scalar_attributes(attrs).items())
        yield f"    <node id={_quoteattr(node)}>{data}</node>\n"
    for source, target, key, attrs in graph.edges():
        data = "".join(f'<data key="{edge_keys[k][0]}">{_xml_text(v)}</data>' for k, v in scalar_attributes(attrs).items())
        yield f"    <edge source={_quoteattr(source)} target={_quoteattr(target)} id={_quoteattr(key)}>{data}</edge>\n"
    yield "  </graph>\n</graphml>\n"


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula, quoted with a leading ``'`` (OWASP's rule);
    numbers and other text as they are. Titles and names come from third-party pages."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_lines(columns: list[str], rows: Iterable[dict[str, Any]], batch: int = 1000) -> Iterator[str]:
    """The rows as CSV text, the columns in order (a missing value is empty, other keys left out),
    ``batch`` rows at a time: one ``writerows`` per batch, not a writer call and a string per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, batch)):
        writer.writerows([spreadsheet_safe(row.get(column, "")) for column in columns] for row in chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def paper_rows(graph: nx.MultiDiGraph | GraphElements) -> Iterator[dict[str, Any]]:
    """One row per paper for a spreadsheet: its arXiv id, title, date (published, else its first
    listing's), authors and upvotes, and a link (its own, else its arXiv page)."""
    graph = elements_of(graph)
    for node, attrs in graph.nodes():
        if attrs.get("label") != "Paper":
            continue
        arxiv_id = attrs.get("arxiv_id") or ""
        yield {"id": node, "arxiv_id": arxiv_id, "title": attrs.get("title", ""), "date": graph.date_of(node)[1],
               "authors": "; ".join(attrs.get("authors") or []), "upvotes": attrs.get("upvotes", ""),
               "url": attrs.get("url") or (f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else "")}


def entity_rows(graph: nx.MultiDiGraph | GraphElements) -> Iterator[dict[str, Any]]:
    """One row per method, dataset, task, repository and Hub model or Space."""
    for node, attrs in elements_of(graph).nodes():
        if attrs.get("label") in ENTITY_LABELS:
            yield {"id": node, "label": attrs["label"], "name": attrs.get("name", ""),
                   "aliases": "; ".join(attrs.get("aliases", [])), "paper_count": attrs.get("paper_count", 0),
                   "url": attrs.get("url", "")}


def edge_rows(graph: nx.MultiDiGraph | GraphElements) -> Iterator[dict[str, Any]]:
    """One row per edge, with its first mention's evidence spelled out."""
    graph = elements_of(graph)
    for source, target, key, attrs in graph.edges():
        evidence = attrs.get("evidence") or [{}]
        first = evidence[0]
        yield {"source": source, "source_name": graph.name_of(source), "target": target,
               "target_name": graph.name_of(target), "type": key, "role": attrs.get("role", ""),
               "confidence": attrs.get("confidence", ""), "component": attrs.get("component", ""),
               "official": attrs.get("official", ""), "mentions": len(attrs.get("evidence") or []),
               "field": first.get("field", ""), "start": first.get("start", ""), "end": first.get("end", ""),
               "text": first.get("text", ""), "sentence": first.get("sentence", "")}


# The exports written on request (``kg build --export``, ``kg export csv|graphml``): name -> its files,
# each drawn from the graph.
EXPORTS: dict[str, dict[str, Callable[[nx.MultiDiGraph | GraphElements], Iterable[str]]]] = {
    "csv": {
        "papers.csv": lambda graph: _csv_lines(PAPER_COLUMNS, paper_rows(graph)),
        "entities.csv": lambda graph: _csv_lines(ENTITY_COLUMNS, entity_rows(graph)),
        "edges.csv": lambda graph: _csv_lines(EDGE_COLUMNS, edge_rows(graph)),
    },
    "graphml": {"graph.graphml": graphml_lines},
}


def exports_in(out: str | os.PathLike[str]) -> set[str]:
    """The exports OUT holds (any of their files): an update writes them again, so none goes stale."""
    folder = Path(out)
    return {name for name, files in EXPORTS.items() if any((folder / file).exists() for file in files)}


def export_files(graph: nx.MultiDiGraph | GraphElements, exports: Iterable[str]) -> dict[str, Iterable[str]]:
    """File name -> its lines, for these exports of the graph."""
    return {file: lines(graph) for name in sorted(set(exports)) for file, lines in EXPORTS[name].items()}


def _changed_records(papers: list[Paper], links: list[EntityLink], raw_links: list[EntityLink]) -> Iterator[dict[str, Any]]:
    """The raw extraction records of the papers whose links the merging across papers changed."""
    by_paper: dict[str, list[EntityLink]] = {}
    for link in links:
        by_paper.setdefault(link.paper_id, []).append(link)
    raw_by_paper: dict[str, list[EntityLink]] = {}
    for link in raw_links:
        raw_by_paper.setdefault(link.paper_id, []).append(link)
    changed = [p for p in papers if raw_by_paper.get(p.id, []) != by_paper.get(p.id, [])]
    return extraction_records(changed, raw_links)


def write_outputs(
    out: str | os.PathLike[str],
    papers: list[Paper],
    links: list[EntityLink],
    graph: nx.MultiDiGraph | GraphElements,
    reads: list[ListingRead] | None = None,
    raw_links: list[EntityLink] | None = None,
    extra: dict[str, Iterable[str]] | None = None,
    exports: Iterable[str] = (),
) -> list[Path]:
    """Write every output of ``kg build`` into ``out`` atomically.

    papers.jsonl, extractions.jsonl, graph.json, the ``exports`` asked for (:data:`EXPORTS`: graph.graphml;
    papers.csv, entities.csv, edges.csv with names beside ids and cells a spreadsheet would run as formulas
    quoted), any ``extra`` files (graph.html), and (given the listings read) the state ``--update`` needs:
    listings.jsonl, manifest.json and extractions.raw.jsonl (the entities of
    the papers that merging across papers changed, as found in the paper).
    """
    state: dict[str, Iterable[str]] = {}
    if reads is not None:
        state = {
            "listings.jsonl": listing_lines(reads),
            "manifest.json": iter([json.dumps(manifest(), sort_keys=True) + "\n"]),
            "extractions.raw.jsonl": jsonl_lines(_changed_records(papers, links, raw_links or links)),
        }
    files = {
        **state,
        "papers.jsonl": jsonl_lines(paper_records(papers)),
        "extractions.jsonl": jsonl_lines(extraction_records(papers, links)),
        "graph.json": graph_json(graph),
        **export_files(graph, exports),
        **(extra or {}),
    }
    with collector.paused():  # the records are generated while written: many objects, no cycles
        return write_files_atomically(out, files, leftovers_of=[name for export in EXPORTS.values() for name in export])

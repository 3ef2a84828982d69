"""CSV files for ``neo4j-admin database import full``: the bulk path for big graphs.

One header+data file per label (``nodes_Paper.csv``: ``id:ID,...,:LABEL``)
and per relationship type (``rels_USES.csv``: ``:START_ID,:END_ID,:TYPE,...``).
Lists become typed arrays with the ASCII unit separator (U+001F) between
items: it never occurs in a title or abstract, so no item is changed (one
that holds it anyway has it replaced by a space). Maps travel as JSON text. Ids are
namespaced (``paper:...``, ``dataset:...``), so one id space serves all labels.
"""

from __future__ import annotations

import csv
import io
import os
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import write_files_atomically
from kg.export.neo4j import check_graph, check_property_name, node_rows, relationship_rows

__all__ = ["admin_files", "import_command", "write_admin_files"]

ARRAY_DELIMITER = "\x1f"
_DELIMITER_OPTION = "U+001F"  # how neo4j-admin is told the delimiter


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        inner = {_kind(v) for v in value}
        return f"{inner.pop()}[]" if len(inner) == 1 and not inner & {"string[]"} else "string[]"
    return "string"


def _item(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_item(v).replace(ARRAY_DELIMITER, " ") for v in value)
    return "" if value is None else str(value)


def _columns(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row["props"].items():
            kinds.setdefault(check_property_name(key), set()).add(_kind(value))
    columns = []
    for key in sorted(kinds):
        found = kinds[key]
        if len(found) == 1:
            kind = found.pop()
        elif found <= {"long", "double"}:
            kind = "double"
        elif found <= {"long[]", "double[]", "string[]", "boolean[]"}:
            kind = "double[]" if found <= {"long[]", "double[]"} else "string[]"
        else:
            kind = "string"
        columns.append((key, kind))
    return columns


def _lines(header: list[str], rows: Iterator[list[str]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def admin_files(G: nx.MultiDiGraph) -> dict[str, Iterator[str]]:
    """File name -> lines, for every label and relationship type present.

    Raises :class:`kg.export.neo4j.GraphSchemaError` for a label, type or property name outside kg's schema
    (a hand-edited graph.json), before any file is made: header cells are read by neo4j-admin as names and types.
    """
    check_graph(G)
    files: dict[str, Iterator[str]] = {}
    for label, rows in node_rows(G).items():
        files[f"nodes_{label}.csv"] = _node_lines(label, rows)
    for edge_type, rows in relationship_rows(G).items():
        files[f"rels_{edge_type}.csv"] = _relationship_lines(edge_type, rows)
    return files


def _typed(columns: list[tuple[str, str]]) -> list[str]:
    return [f"{k}:{t}" if t != "string" else k for k, t in columns]


def _node_lines(label: str, rows: list[dict[str, Any]]) -> Iterator[str]:
    columns = _columns(rows)
    body = ([row["id"], *(_cell(row["props"].get(k)) for k, _ in columns), label] for row in rows)
    return _lines(["id:ID", *_typed(columns), ":LABEL"], body)


def _relationship_lines(edge_type: str, rows: list[dict[str, Any]]) -> Iterator[str]:
    columns = _columns(rows)
    body = ([row["source"], row["target"], edge_type, *(_cell(row["props"].get(k)) for k, _ in columns)] for row in rows)
    return _lines([":START_ID", ":END_ID", ":TYPE", *_typed(columns)], body)


def import_command(directory: str | os.PathLike[str], names: list[str], database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that imports the files (run it with the server stopped)."""
    folder = Path(directory)
    parts = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
             f"--array-delimiter={_DELIMITER_OPTION}", "--multiline-fields=true"]
    parts += [f"--nodes={folder / n}" for n in names if n.startswith("nodes_")]
    parts += [f"--relationships={folder / n}" for n in names if n.startswith("rels_")]
    return " ".join(shlex.quote(p) for p in parts)


def write_admin_files(G: nx.MultiDiGraph, directory: str | os.PathLike[str], database: str = "neo4j") -> str:
    """Write the CSV files (atomically) and ``import.sh``; return the import command."""
    files = admin_files(G)
    command = import_command(directory, sorted(files), database)
    files["import.sh"] = iter([f"#!/bin/sh\n# Stop the Neo4j server first; this replaces database {database!r}.\n{command}\n"])
    write_files_atomically(directory, files)
    return command

"""Load the graph into Neo4j: idempotent, batched, parameterised.

:func:`node_rows` and :func:`relationship_rows` turn the graph into plain rows
(testable without a server); :func:`push` writes them with ``UNWIND $rows ...
MERGE`` in batches, each batch its own transaction through the driver's
retrying ``execute_write``. Labels and relationship types come from
:mod:`kg.schema` only; every value travels as a query parameter.

Neo4j properties cannot be maps, so evidence travels flat, as parallel lists
on each relationship: ``evidence_text[i]``, ``evidence_start[i]``,
``evidence_end[i]``, ``evidence_field[i]`` and ``evidence_sentence[i]``
describe mention i. A node's ``forms`` (surface form -> count) become the
lists ``form_text`` and ``form_count``; ``merged_from`` becomes JSON text.
Every node kg writes has ``kg_managed = true``, which is what ``wipe`` deletes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.schema import EDGE_TYPES, LABELS

__all__ = [
    "GraphServerError",
    "connect",
    "constraint_statements",
    "node_rows",
    "node_statement",
    "push",
    "relationship_rows",
    "relationship_statement",
    "wipe",
]

DEFAULT_BATCH_SIZE = 5000


def _check_label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"{label!r} is not a kg label")
    return label


def _check_type(edge_type: str) -> str:
    if edge_type not in EDGE_TYPES:
        raise ValueError(f"{edge_type!r} is not a kg relationship type")
    return edge_type


def constraint_statements() -> list[str]:
    """One uniqueness constraint on ``id`` per label."""
    return [
        f"CREATE CONSTRAINT kg_{label.lower()}_id IF NOT EXISTS FOR (n:{_check_label(label)}) REQUIRE n.id IS UNIQUE"
        for label in LABELS
    ]


def node_statement(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{_check_label(label)} {{id: row.id}}) SET n += row.props"


def relationship_statement(edge_type: str) -> str:
    """MERGE relationships of one type; each row is one source with all its targets of that type.

    Grouping by source looks each paper up once however many relationships
    it has (about a third faster than one row per relationship).
    """
    source, target, _ = EDGE_TYPES[_check_type(edge_type)]
    return (
        f"UNWIND $rows AS row MATCH (a:{_check_label(source)} {{id: row.source}}) "
        f"UNWIND row.rels AS rel MATCH (b:{_check_label(target)} {{id: rel.target}}) "
        f"MERGE (a)-[r:{edge_type}]->(b) SET r += rel.props"
    )


def _by_source(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Batches of about ``size`` relationships, grouped by their source node."""
    batch: list[dict[str, Any]] = []
    count = 0
    current: dict[str, Any] | None = None
    for row in rows:  # rows come sorted by source (the graph's order)
        if current is None or current["source"] != row["source"]:
            if count >= size:
                yield batch
                batch, count = [], 0
            current = {"source": row["source"], "rels": []}
            batch.append(current)
        current["rels"].append({"target": row["target"], "props": row["props"]})
        count += 1
    if batch:
        yield batch


def _property(value: Any) -> Any:
    """A value Neo4j can store: scalars, or homogeneous lists of them (mixed lists become strings)."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        items = [_property(v) for v in value]
        kinds = {type(v) for v in items}
        if len(kinds) > 1 or kinds & {dict, list}:
            return [json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in items]
        return items
    return value


def _node_props(attrs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {"kg_managed": True}
    for key, value in attrs.items():
        if key == "label":
            continue
        if key == "forms":
            props["form_text"] = list(value)
            props["form_count"] = list(value.values())
        elif key == "merged_from":
            props["merged_from"] = json.dumps(value, ensure_ascii=False)
        else:
            props[key] = _property(value)
    return props


def _edge_props(attrs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key, value in attrs.items():
        if key == "type":
            continue
        if key == "evidence":
            for field in ("text", "start", "end", "field", "sentence"):
                props[f"evidence_{field}"] = [m[field] for m in value]
        else:
            props[key] = _property(value)
    return props


def node_rows(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Rows per label: ``{"id": ..., "props": {...}}``, in the graph's (sorted) order."""
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in LABELS}
    for node, attrs in G.nodes(data=True):
        rows[_check_label(attrs["label"])].append({"id": node, "props": _node_props(attrs)})
    return {label: batch for label, batch in rows.items() if batch}


def relationship_rows(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Rows per relationship type: ``{"source", "target", "props"}``."""
    rows: dict[str, list[dict[str, Any]]] = {edge_type: [] for edge_type in EDGE_TYPES}
    for source, target, key, attrs in G.edges(keys=True, data=True):
        rows[_check_type(key)].append({"source": source, "target": target, "props": _edge_props(attrs)})
    return {edge_type: batch for edge_type, batch in rows.items() if batch}


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _write(session: Any, statement: str, rows: list[dict[str, Any]]) -> None:
    def work(tx: Any) -> None:  # may run more than once: MERGE makes that harmless
        tx.run(statement, rows=rows).consume()

    session.execute_write(work)


def push(
    driver: Any,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Create the constraints, then MERGE every node and relationship in batches.

    Safe to run again, and to resume after an interruption: every write is a
    MERGE on the unique id. Returns rows written per label and type.
    """
    counts: dict[str, int] = {}
    with driver.session(database=database) as session:
        for statement in constraint_statements():
            session.run(statement).consume()
        work = [(label, node_statement(label), rows, _batches(rows, batch_size)) for label, rows in node_rows(G).items()]
        work += [(kind, relationship_statement(kind), rows, _by_source(rows, batch_size))
                 for kind, rows in relationship_rows(G).items()]
        for name, statement, rows, batches in work:  # nodes first: relationships MATCH them
            for batch in batches:
                _write(session, statement, batch)
                if on_batch:
                    on_batch(name, len(batch))
            counts[name] = len(rows)
    return counts


def wipe(driver: Any, *, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Delete the nodes kg wrote (``kg_managed = true``) and their relationships; nothing else."""
    deleted = 0
    with driver.session(database=database) as session:
        for label in LABELS:
            statement = (f"MATCH (n:{_check_label(label)}) WHERE n.kg_managed = true "
                         f"WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted")
            while True:
                found = session.execute_write(lambda tx: tx.run(statement, limit=batch_size).single()["deleted"])
                deleted += found
                if found < batch_size:
                    break
    return deleted


class GraphServerError(KgError):
    """The graph server cannot be used: unreachable, wrong credentials, or no such database."""


def connect(uri: str, user: str, password: str, database: str | None) -> Any:
    """A driver that has answered once, or :class:`GraphServerError` saying what to do."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ClientError, ConfigurationError, Neo4jError, ServiceUnavailable

    try:
        driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10, max_transaction_retry_time=15)
    except (ValueError, ConfigurationError) as error:
        raise GraphServerError(f"cannot use the address {uri!r} ({error}); give --uri like bolt://localhost:7687") from None
    try:
        driver.execute_query("RETURN 1", database_=database)
    except AuthError:
        driver.close()
        raise GraphServerError(f"{uri} refused user {user!r}: wrong user or password; set NEO4J_PASSWORD (and --user)") from None
    except ServiceUnavailable:
        driver.close()
        raise GraphServerError(f"cannot reach a graph server at {uri}; is it running? (docker compose up -d), or give --uri") from None
    except ClientError as error:
        driver.close()
        if "DatabaseNotFound" in (error.code or "") or "database" in (error.message or "").lower():
            raise GraphServerError(f"{uri} has no database {database!r}; create it or give --database") from None
        raise GraphServerError(f"{uri} answered: {error.message}") from None
    except (Neo4jError, OSError) as error:
        driver.close()
        raise GraphServerError(f"{uri} failed: {error}") from None
    return driver

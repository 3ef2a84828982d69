"""Load the graph into Neo4j: idempotent, batched, parameterised.

:func:`node_rows` and :func:`relationship_rows` turn the graph into plain rows
(testable without a server, and the input of the bulk CSV export).
:func:`push` writes with ``UNWIND $rows ... MERGE`` in batches, each batch its
own transaction through the driver's retrying ``execute_write``: first the
nodes that only receive relationships, then each batch of papers with all
their relationships (one statement per type, same transaction). Labels and
relationship types come from :mod:`kg.schema` only, property names are checked
identifiers; every value travels as a query parameter.

No statement makes Neo4j plan an ``Eager`` operator (which buffers every row
of a batch before writing): node properties are set inside MERGE's ``ON CREATE
/ ON MATCH``, and relationship properties by name, since ``SET x += map``
after a MERGE could rewrite what the MERGE matched on. A test runs ``EXPLAIN``
on each statement to keep it so.

Neo4j properties cannot be maps, so evidence travels flat, as parallel lists
on each relationship: ``evidence_text[i]``, ``evidence_start[i]``,
``evidence_end[i]``, ``evidence_field[i]`` and ``evidence_sentence[i]``
describe mention i. A node's ``forms`` (surface form -> count) become the
lists ``form_text`` and ``form_count``; ``merged_from`` and ``kept_apart`` become JSON text.
Every node kg writes has ``kg_managed = true``, which is what ``wipe`` deletes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import networkx as nx

from kg import collector
from kg.errors import KgError
from kg.schema import EDGE_TYPES, LABELS

__all__ = [
    "GraphSchemaError",
    "GraphServerError",
    "check_graph",
    "check_property_name",
    "connect",
    "constraint_statements",
    "node_rows",
    "mirror",
    "node_statement",
    "push",
    "relationship_rows",
    "relationship_statement",
    "wipe",
]

# How long a transaction is retried (connection lost, deadlock) before kg gives up.
RETRY_SECONDS = 15.0
# How long a server has to take the connection and answer: a port that accepts and stays silent fails in this.
CONNECT_SECONDS = 10.0
_BOLT_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}
DEFAULT_BATCH_SIZE = 2000  # rows per transaction; bench/neo4j_push.py measured 2,000 a little faster than 5,000


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
    """MERGE nodes of one label: rows ``{"id", "props"}``."""
    return (f"UNWIND $rows AS row MERGE (n:{_check_label(label)} {{id: row.id}}) "
            "ON CREATE SET n += row.props ON MATCH SET n += row.props")


_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_property_name(key: str) -> str:
    if not _KEY_RE.fullmatch(key):
        raise GraphSchemaError(f"{key!r} cannot be a property name (letters, digits and _ only)")
    return key


def relationship_statement(edge_type: str, keys: Iterable[str]) -> str:
    """MERGE relationships of one type between nodes already written: rows ``{"source", "target", "props"}``.

    ``keys`` are the property names the rows carry; each is set by name (a
    missing one is removed), so the server holds what the graph holds.
    """
    source, target, _ = EDGE_TYPES[_check_type(edge_type)]
    statement = (f"UNWIND $rows AS row MATCH (n:{_check_label(source)} {{id: row.source}}) "
                 f"MATCH (m:{_check_label(target)} {{id: row.target}}) MERGE (n)-[r:{edge_type}]->(m)")
    sets = ", ".join(f"r.`{check_property_name(key)}` = row.props.`{key}`" for key in sorted(keys))
    return f"{statement} ON CREATE SET {sets} ON MATCH SET {sets}" if sets else statement


_SCALARS = (str, int, float, bool, type(None))  # stored as they are


def _property(value: Any) -> Any:
    """A value Neo4j can store: a scalar, or a list of one scalar type without nulls.

    Maps become JSON text; a list mixing types (or holding lists) becomes a
    list of strings; nulls are left out of lists.
    """
    if type(value) in _SCALARS:
        return value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        items = [_property(v) for v in value if v is not None]
        if len({type(v) for v in items}) > 1 or any(isinstance(v, list) for v in items):
            return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in items]
        return items
    return value


# Evidence lists are parallel (item i of each describes mention i), so a missing value
# cannot be left out like other nulls: it becomes "" or -1.
_EVIDENCE_FIELDS = {"text": "", "start": -1, "end": -1, "field": "", "sentence": "", "sentence_start": -1, "sentence_end": -1}


def _or(value: Any, unknown: Any) -> Any:
    return unknown if value is None else value


def _node_props(attrs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {"kg_managed": True}
    for key, value in attrs.items():
        if key == "label":
            continue
        if key == "forms":
            props["form_text"] = list(value)
            props["form_count"] = list(value.values())
        elif key in ("merged_from", "kept_apart"):
            props[key] = json.dumps(value, ensure_ascii=False)
        else:
            props[key] = _property(value)
    return props


def _edge_props(attrs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key, value in attrs.items():
        if key == "type":
            continue
        if key == "evidence":
            for field, unknown in _EVIDENCE_FIELDS.items():
                props[f"evidence_{field}"] = [_or(m.get(field), unknown) for m in value]
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


def _node_batch(G: nx.MultiDiGraph, nodes: list[str]) -> list[dict[str, Any]]:
    """Rows for :func:`node_statement`."""
    return [{"id": node, "props": _node_props(G.nodes[node])} for node in nodes]


def _relationship_batches(G: nx.MultiDiGraph, nodes: list[str]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The nodes' outgoing relationships as (statement, rows), one per type."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for source, target, edge_type, attrs in G.out_edges(nodes, keys=True, data=True):
        by_type.setdefault(edge_type, []).append({"source": source, "target": target, "props": _edge_props(attrs)})
    return [(relationship_statement(edge_type, {k for row in rows for k in row["props"]}), rows)
            for edge_type, rows in sorted(by_type.items())]


def _chunks(G: nx.MultiDiGraph, nodes: list[str], size: int) -> Iterator[list[str]]:
    """Runs of nodes holding about ``size`` rows each, a node counting once plus once per relationship."""
    chunk: list[str] = []
    count = 0
    for node in nodes:
        chunk.append(node)
        count += 1 + G.out_degree(node)
        if count >= size:
            yield chunk
            chunk, count = [], 0
    if chunk:
        yield chunk


def check_graph(G: nx.MultiDiGraph) -> None:
    """Raise :class:`GraphSchemaError` if G has a label or relationship that kg's schema does not allow."""
    _plan(G)


def _plan(G: nx.MultiDiGraph) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Nodes by label and counts by label and type, after checking the whole graph against the schema.

    Checked before anything is written, so a graph that does not fit (a
    hand-edited graph.json, say) changes nothing on the server.
    """
    by_label: dict[str, list[str]] = {label: [] for label in LABELS}
    for node, label in G.nodes(data="label"):
        if label not in LABELS:
            raise GraphSchemaError(f"node {node!r} has label {label!r}, not one of {', '.join(LABELS)}")
        by_label[label].append(node)
    counts = {label: len(nodes) for label, nodes in by_label.items() if nodes}
    labels = G.nodes(data="label")
    keys: set[str] = set()
    for source, target, edge_type, attrs in G.edges(keys=True, data=True):
        keys.update(attrs)
        if edge_type not in EDGE_TYPES:
            raise GraphSchemaError(f"relationship {source!r} -[{edge_type}]-> {target!r}: "
                                   f"not one of kg's types ({', '.join(EDGE_TYPES)})")
        expected_source, expected_target, _ = EDGE_TYPES[edge_type]
        if (labels[source], labels[target]) != (expected_source, expected_target):
            raise GraphSchemaError(f"relationship {source!r} -[{edge_type}]-> {target!r} goes from a {labels[source]} "
                                   f"to a {labels[target]}; {edge_type} goes from a {expected_source} to a {expected_target}")
        counts[edge_type] = counts.get(edge_type, 0) + 1
    for key in keys:
        check_property_name(key)  # relationship properties are set by name
    return by_label, counts


def _write(session: Any, batches: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """Run each (statement, rows) in one transaction, retried as a whole by the driver."""
    def work(tx: Any) -> None:  # may run more than once: MERGE makes that harmless
        for statement, rows in batches:
            tx.run(statement, rows=rows).consume()

    session.execute_write(work)


# Labels whose nodes are the source of relationships (papers): written last, each batch with its links.
_SOURCES = frozenset(source for source, _, _ in EDGE_TYPES.values())


def _create_constraints(session: Any) -> None:
    from neo4j.exceptions import Neo4jError

    for statement in constraint_statements():
        try:
            session.run(statement).consume()
        except Neo4jError as error:  # Neo4j sends it as Neo.DatabaseError.Schema.ConstraintCreationFailed
            if "ConstraintCreationFailed" in (error.code or ""):
                raise _constraint_problem(error) from None
            raise


def push(
    driver: Any,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Create the constraints, then MERGE every node and relationship in batches.

    Nodes that only receive relationships (methods, datasets, ...) go first;
    then each paper with its relationships, so a batch holds papers and all
    their links. Safe to run again, and to resume after an interruption:
    every write is a MERGE on the unique id. ``on_batch(label, nodes)`` is
    called after each batch with the number of nodes it wrote. Returns nodes
    written per label and relationships per type. Raises
    :class:`GraphSchemaError`, before writing anything, if the graph does not
    fit the schema.
    """
    by_label, counts = _plan(G)
    with driver.session(database=database) as session:
        _create_constraints(session)
        for label in sorted(by_label, key=_SOURCES.__contains__):  # targets first, then sources with their links
            for chunk in _chunks(G, by_label[label], batch_size):
                with collector.paused():
                    batches = [(node_statement(label), _node_batch(G, chunk))]
                    if label in _SOURCES:
                        batches += _relationship_batches(G, chunk)
                    _write(session, batches)
                if on_batch:
                    on_batch(label, len(chunk))
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


def mirror(driver: Any, G: nx.MultiDiGraph, *, database: str | None = None,
           batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[int, int]:
    """Delete what kg wrote that G no longer has; return (nodes, relationships) deleted.

    Only kg's own: relationships of kg's types between nodes kg wrote
    (``kg_managed``), and nodes kg wrote. Run after :func:`push`, it leaves
    the server holding what the files hold; nodes and relationships a user
    added stay.
    """
    removed_relationships = removed_nodes = 0
    with driver.session(database=database) as session:
        for edge_type, (source, target, _) in EDGE_TYPES.items():
            found = session.run(f"MATCH (n:{_check_label(source)})-[:{_check_type(edge_type)}]->(m:{_check_label(target)}) "
                                "WHERE n.kg_managed = true AND m.kg_managed = true RETURN n.id AS source, m.id AS target")
            stale = [{"source": r["source"], "target": r["target"]} for r in found
                     if not G.has_edge(r["source"], r["target"], key=edge_type)]
            statement = (f"UNWIND $rows AS row MATCH (n:{source} {{id: row.source}})-[r:{edge_type}]->"
                         f"(m:{target} {{id: row.target}}) DELETE r")
            for start in range(0, len(stale), batch_size):
                _write(session, [(statement, stale[start:start + batch_size])])
            removed_relationships += len(stale)
        for label in LABELS:
            found = session.run(f"MATCH (n:{_check_label(label)}) WHERE n.kg_managed = true RETURN n.id AS id")
            stale = [r["id"] for r in found if G.nodes.get(r["id"], {}).get("label") != label]
            statement = f"UNWIND $rows AS id MATCH (n:{label} {{id: id}}) WHERE n.kg_managed = true DETACH DELETE n"
            for start in range(0, len(stale), batch_size):
                _write(session, [(statement, stale[start:start + batch_size])])
            removed_nodes += len(stale)
    return removed_nodes, removed_relationships


class GraphSchemaError(KgError):
    """The graph has a label or relationship that kg's schema does not allow."""


class GraphServerError(KgError):
    """The graph server cannot be used: unreachable, wrong credentials, or no such database."""


def connect(uri: str, user: str, password: str, database: str | None) -> Any:
    """A driver that has answered once, or :class:`GraphServerError` saying what to do."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ClientError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in _BOLT_SCHEMES:
        raise GraphServerError(f"cannot use the address {uri!r}: kg talks Bolt, whose addresses start with bolt:// or "
                               "neo4j:// (Neo4j Browser's http:// port is not Bolt); give --uri like bolt://localhost:7687")
    try:
        driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=CONNECT_SECONDS,
                                      connection_acquisition_timeout=CONNECT_SECONDS,
                                      max_transaction_retry_time=RETRY_SECONDS)
    except (ValueError, ConfigurationError) as error:
        raise GraphServerError(f"cannot use the address {uri!r} ({error}); give --uri like bolt://localhost:7687") from None
    started = time.monotonic()
    try:
        with driver.session(database=database) as session:  # not execute_query: it would retry for RETRY_SECONDS
            session.run("RETURN 1").consume()
    except AuthError:
        driver.close()
        raise GraphServerError(f"{uri} refused user {user!r}: wrong user or password; set NEO4J_PASSWORD (and --user)") from None
    except ServiceUnavailable:
        driver.close()
        if time.monotonic() - started >= CONNECT_SECONDS:
            raise GraphServerError(f"{uri} took the connection but did not answer as Neo4j within {CONNECT_SECONDS} s; "
                                   "is that the server's Bolt port (7687 by default)?") from None
        raise GraphServerError(f"cannot reach a graph server at {uri}; is it running? (docker compose up -d), or give --uri") from None
    except ClientError as error:
        message = _database_problem(driver, uri, database, error)
        driver.close()
        raise GraphServerError(message) from None
    except (Neo4jError, DriverError, OSError) as error:
        driver.close()
        raise GraphServerError(f"{uri} failed: {error}") from None
    return driver


def _database_problem(driver: Any, uri: str, database: str | None, error: Any) -> str:
    """What to tell the user when the server refuses ``database``: missing, or not a data database."""
    code, message = error.code or "", error.message or ""
    if "user database" in message:  # the system database
        return f"{uri}: {database!r} is Neo4j's own database, not one for data; leave out --database or give a user database"
    if "DatabaseNotFound" not in code:
        return f"{uri} answered: {message}"
    edition, names = _server_databases(driver)
    have = f" (it has {', '.join(names)})" if names else ""
    if edition == "community":
        return (f"{uri} has no database {database!r}{have}: Neo4j Community holds one user database; "
                f"leave out --database{' or give --database ' + names[0] if names else ''}")
    return f"{uri} has no database {database!r}{have}; create it (CREATE DATABASE {database}) or give --database"


def _server_databases(driver: Any) -> tuple[str | None, list[str]]:
    """The server's edition and its user databases, as far as this user may see them."""
    from neo4j.exceptions import Neo4jError

    try:
        edition = driver.execute_query("CALL dbms.components() YIELD edition RETURN edition").records[0]["edition"]
        names = [r["name"] for r in driver.execute_query("SHOW DATABASES YIELD name, type WHERE type <> 'system' "
                                                          "RETURN DISTINCT name ORDER BY name", database_="system").records]
    except (Neo4jError, IndexError):
        return None, []
    return edition, names


def _constraint_problem(error: Any) -> GraphSchemaError:
    """A uniqueness constraint Neo4j cannot create: nodes that kg would MERGE on share an id already."""
    return GraphSchemaError(f"the database already holds nodes that share a kg id, so kg cannot make ids unique "
                            f"({' '.join(str(error.message).split())}); delete the duplicates, or push to an empty database")

"""Looking at what a server holds, for the Neo4j tests."""

from __future__ import annotations

import json


def counts(server) -> tuple[int, int]:
    with server.driver() as driver:
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c", database_=server.database).records[0]["c"]
        rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c", database_=server.database).records[0]["c"]
    return nodes, rels


def snapshot(server) -> list:
    with server.driver() as driver:
        records = driver.execute_query(
            "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, "
            "type(r) AS type, "
            "m.id AS target, properties(r) AS rprops ORDER BY id, type, target", database_=server.database).records
    return sorted(json.dumps([r["id"], r["labels"], r["props"], r["type"], r["target"], r["rprops"]], sort_keys=True, default=str)
                  for r in records)


def env(server) -> dict[str, str]:
    return {"NEO4J_URI": server.uri, "NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password,
            "NEO4J_DATABASE": server.database}

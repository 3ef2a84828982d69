"""`kg daily --neo4j`: the day's papers, their Hub links included, land on a real Bolt server."""

from __future__ import annotations

from tests.fetch.conftest import run_kg
from tests.fetch.server import Reply, ScriptedServer
from tests.fetch.test_daily import DAY1, FLOW, PROBE
from tests.neo4j.test_push import counts, env


def test_daily_pushes_the_updated_graph_and_hub_nodes(clean_server, tmp_path):
    with ScriptedServer() as hub:
        hub.route("/api/daily_papers", Reply(body=[FLOW, PROBE]), date=DAY1)
        hub.route("/api/papers/2410.00001", Reply(body={"id": "2410.00001", "linkedModels": [{"id": "example/flowmix-large"}],
                                                        "linkedSpaces": [{"id": "example/flowmix-demo"}]}))
        out = tmp_path / "kg-out"
        result = run_kg("daily", out, "--date", DAY1, "--cache", tmp_path / "cache", "--hf-url", hub.url,
                        "--links", "--neo4j", env=env(clean_server))
    assert result.exit_code == 0, result.stderr
    assert f"pushed to {clean_server.uri}" in result.stderr
    with clean_server.driver() as driver:
        rows = driver.execute_query(
            "MATCH (p:Paper)-[r]->(m) WHERE m:HubModel OR m:HubSpace RETURN p.arxiv_id AS paper, type(r) AS type, "
            "m.id AS id, m.url AS url ORDER BY id", database_=clean_server.database).records
        code = driver.execute_query("MATCH (:Paper {arxiv_id: '2410.00001'})-[r:HAS_CODE]->(c:Repository) "
                                    "RETURN c.id AS id, r.official AS official", database_=clean_server.database).records
    assert [(r["paper"], r["type"], r["id"], r["url"]) for r in rows] == [
        ("2410.00001", "HAS_MODEL", "hubmodel:example/flowmix-large", "https://huggingface.co/example/flowmix-large"),
        ("2410.00001", "HAS_SPACE", "hubspace:example/flowmix-demo", "https://huggingface.co/spaces/example/flowmix-demo"),
    ]
    assert [(r["id"], r["official"]) for r in code] == [("repository:github.com/example/flowmix", True)]
    nodes, _ = counts(clean_server)
    assert nodes > 4

"""The bulk path for real: kg's CSV files through Neo4j's own ``neo4j-admin database import full``."""

from __future__ import annotations

import shlex

from click.testing import CliRunner

from kg.cli import cli
from kg.export.neo4j import push
from kg.neo4j_server import running
from tests.neo4j.conftest import Server
from tests.neo4j.support import counts, snapshot


def test_bulk_import_gives_the_same_graph_as_a_push(clean_server, seed_out, seed_graph, tmp_path):
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "neo4j-admin", str(seed_out), str(tmp_path / "import")])
    assert exported.exit_code == 0, exported.stderr
    store = tmp_path / "store"
    imported = runner.invoke(cli, ["neo4j", "admin", str(store), *shlex.split(exported.stdout.strip())])
    assert imported.exit_code == 0, imported.output
    assert "IMPORT DONE" in imported.stdout
    assert (store / "logs" / "import.report").is_file()  # neo4j-admin's report goes to the store, not the cwd
    with clean_server.driver() as driver:
        push(driver, seed_graph, database=clean_server.database)
    with running(store, password="bulk-test-password") as info:
        bulk = Server(info.uri, info.user, info.password, "neo4j")
        assert counts(bulk) == counts(clean_server) == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
        assert snapshot(bulk) == snapshot(clean_server)  # every property of every node and relationship

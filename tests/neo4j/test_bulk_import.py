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


def test_a_hand_edited_graph_with_names_outside_the_schema_writes_no_import_files(seed_out, tmp_path):
    """neo4j-admin reads header cells as names and types: a property named ``kind:LABEL`` would set a label."""
    import json
    import shutil

    edited = tmp_path / "edited"
    shutil.copytree(seed_out, edited)
    data = json.loads((edited / "graph.json").read_text(encoding="utf-8"))
    data["nodes"][0]["kind:LABEL"] = "Admin"
    (edited / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "neo4j-admin", str(edited), str(tmp_path / "import")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {edited / 'graph.json'}: 'kind:LABEL' cannot be a property name")
    assert "rebuild it with kg build" in result.stderr and not (tmp_path / "import").exists()

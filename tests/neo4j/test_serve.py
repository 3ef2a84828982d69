"""The launchers users and checks run by hand: ``kg neo4j serve STORE`` and ``scripts/neo4j-test-server``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from neo4j import GraphDatabase

from tests.conftest import ROOT


def _start(command: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.Popen, list[str]]:
    """Start a launcher and read stdout until it has said where the server is (or ended)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if len(lines) == 4 or line.startswith("Push"):  # the test server's four lines, or serve's last one
            break
    return process, lines


def _stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    return err


def _answers(uri: str, password: str, query: str, **params):
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        return driver.execute_query(query, params).records


def _servers() -> set[str]:
    """PIDs of the Neo4j servers running now."""
    return set(subprocess.run(["pgrep", "-f", "CommunityEntryPoint"], capture_output=True, text=True).stdout.split())


def test_test_server_prints_where_and_how_then_stops_on_sigterm_leaving_nothing():
    before = _servers()
    process, lines = _start([str(ROOT / "scripts" / "neo4j-test-server")])
    assert len(_servers() - before) == 1
    try:
        uri, user, password, http = lines
        assert uri.startswith("bolt://127.0.0.1:") and user == "user=neo4j" and password.startswith("password=")
        assert http.startswith("http=http://127.0.0.1:")
        assert _answers(uri, password.split("=", 1)[1], "RETURN 1 AS one")[0]["one"] == 1
        with GraphDatabase.driver(uri, auth=("neo4j", "not-the-password")) as driver:  # authentication is on
            try:
                driver.verify_connectivity()
                raise AssertionError("a wrong password was let in")
            except Exception as error:  # noqa: BLE001
                assert "auth" in type(error).__name__.lower() or "Unauthorized" in str(error)
    finally:
        _stop(process)
    assert process.returncode == 0
    assert _servers() == before  # the server went with it


def test_kg_neo4j_serve_keeps_its_data_and_password_in_the_store(tmp_path):
    store = tmp_path / "my-neo4j"
    command = [sys.executable, "-m", "kg", "neo4j", "serve", str(store), "--bolt-port", "0", "--http-port", "0"]
    clean = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    process, lines = _start(command, clean)
    try:
        browser, bolt = lines[0], lines[1]
        assert browser.startswith("Neo4j Browser  http://127.0.0.1:") and "/browser/" in browser
        assert f"password in {store / 'password'}" in browser
        uri = bolt.split()[-1]
        password = (store / "password").read_text().strip()
        assert oct((store / "password").stat().st_mode & 0o777) == "0o600"
        _answers(uri, password, "CREATE (:Note {text: $text})", text="kept")
    finally:
        err = _stop(process)
    assert "stopping Neo4j" in err
    process, lines = _start(command, clean)  # the same store again: same password, same data
    try:
        uri = lines[1].split()[-1]
        assert [r["text"] for r in _answers(uri, password, "MATCH (n:Note) RETURN n.text AS text")] == ["kept"]
    finally:
        _stop(process)


def test_a_password_that_starts_with_a_dash_is_set_as_given(tmp_path):
    """Random passwords (token_urlsafe) start with "-" one time in 32: neo4j-admin must not read it as an option."""
    from kg.neo4j_server import prepare

    prepare(tmp_path / "store", bolt_port=7687, http_port=7474, password="-x-looks-like-an-option")
    assert (tmp_path / "store" / "data" / "dbms" / "auth.ini").is_file()

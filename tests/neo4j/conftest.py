"""A real Bolt/Cypher server for the Neo4j exporter's tests.

With NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) set, the tests
use that server, e.g. a real Neo4j. Otherwise they start ArcadeDB with its
Bolt plugin, from the ``arcadedb-embedded`` wheel (bundled Java), on a free
loopback port, once per session, and stop it by its PID.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable


@dataclass(frozen=True)
class Server:
    uri: str
    user: str
    password: str
    database: str

    def driver(self):
        return GraphDatabase.driver(self.uri, auth=(self.user, self.password))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_arcadedb(root: Path) -> tuple[subprocess.Popen, Server]:
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or spec.origin is None:
        pytest.fail("arcadedb-embedded is not installed: pip install -e '.[test]' (or set NEO4J_URI)")
    home = Path(spec.origin).parent
    bolt, http = _free_port(), _free_port()
    password = "kg-test-password"
    command = [
        str(home / "jre" / "bin" / "java"), "-Xmx1g", "-cp", str(home / "jars" / "*"),
        f"-Darcadedb.server.rootPath={root}", f"-Darcadedb.server.rootPassword={password}",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1", f"-Darcadedb.server.httpIncomingPort={http}",
        "-Darcadedb.bolt.host=127.0.0.1", f"-Darcadedb.bolt.port={bolt}",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "-Darcadedb.server.defaultDatabases=kg[root]",
        "com.arcadedb.server.ArcadeDBServer",
    ]
    log = open(root / "server.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    return process, Server(f"bolt://127.0.0.1:{bolt}", "root", password, "kg")


def _wait_until_ready(server: Server, process: subprocess.Popen | None, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the graph server exited with code {process.returncode}")
        try:
            with server.driver() as driver, driver.session(database=server.database) as session:
                session.run("RETURN 1").consume()  # not execute_query: it retries, and warns, by itself
            return
        except (ServiceUnavailable, Neo4jError, OSError) as error:
            last = error
            time.sleep(0.25)
    raise RuntimeError(f"the graph server did not answer within {seconds} s: {last}")


@pytest.fixture(scope="session")
def graph_server(tmp_path_factory) -> Server:
    if os.environ.get("NEO4J_URI"):
        server = Server(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                        os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE", "neo4j"))
        _wait_until_ready(server, None, 30)
        yield server
        return
    root = tmp_path_factory.mktemp("arcadedb")
    process, server = _start_arcadedb(root)
    try:
        _wait_until_ready(server, process)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def clean_server(graph_server: Server) -> Server:
    """The server with every node deleted (constraints stay: they are created IF NOT EXISTS)."""
    with graph_server.driver() as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph_server.database)
    return graph_server

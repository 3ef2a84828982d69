"""A real Neo4j 5.26 Community server for the Neo4j exporter's tests.

With NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) set, the tests
use that server. Otherwise they start Neo4j itself from Maven Central's jars
(:mod:`kg.neo4j_server`, the launcher of ``kg neo4j serve``) on free loopback
ports with authentication on, once per session, and stop it by its PID.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from dataclasses import dataclass

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from kg.neo4j_server import NEO4J_VERSION, ServerInfo, running


@dataclass(frozen=True)
class Server:
    uri: str
    user: str
    password: str
    database: str
    info: ServerInfo | None = None  # the server the session started (None: the one NEO4J_URI names)

    def driver(self):
        return GraphDatabase.driver(self.uri, auth=(self.user, self.password))


def _wait_until_ready(server: Server, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
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
        _wait_until_ready(server, 30)
        yield server
        return
    started = time.perf_counter()
    with running(tmp_path_factory.mktemp("neo4j") / "store") as info:
        server = Server(info.uri, info.user, info.password, "neo4j", info)  # running() waited until it answered
        _REPORT["started"] = time.perf_counter() - started
        yield server
        _REPORT["peak_rss_mb"] = _peak_rss_mb(info.pid)


_REPORT: dict[str, float] = {}


def _peak_rss_mb(pid: int) -> float:
    """The server's peak resident memory (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else float("nan")


def pytest_terminal_summary(terminalreporter):
    """One line in the test run's summary: how long Neo4j took to start and its peak memory."""
    if _REPORT:
        terminalreporter.write_line(f"neo4j: Neo4j {NEO4J_VERSION} answered {_REPORT['started']:.1f} s after start; "
                                    f"peak RSS {_REPORT.get('peak_rss_mb', float('nan')):.0f} MB")


@pytest.fixture
def clean_server(graph_server: Server) -> Server:
    """The server with every node deleted (constraints stay: they are created IF NOT EXISTS)."""
    with graph_server.driver() as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph_server.database)
    return graph_server

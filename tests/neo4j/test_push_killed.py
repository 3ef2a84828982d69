"""A `kg neo4j push` SIGKILLed part-way, then run again, leaves the server as a clean push does (issue 18, criterion 4).

The push is a real subprocess and the kill a real SIGKILL: no exception
handler, no ``finally``, the connection dropped with a transaction open.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.neo4j.support import counts, env, snapshot

PATIENCE = 300  # seconds a push may take on a busy machine before the test gives up


def push_command(out, *options: str) -> list[str]:
    return [sys.executable, "-m", "kg", "neo4j", "push", str(out), "--no-progress", *options]


def push_env(server) -> dict[str, str]:
    return {**os.environ, **env(server)}


def wipe_everything(server) -> None:
    with server.driver() as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=server.database)


def wait_until_part_way(server, proc: subprocess.Popen, full: tuple[int, int]) -> tuple[int, int]:
    """Poll the server until half the relationships (papers land with their links, after the other nodes)
    are there but not every node: a kill then lands in the middle of the papers.

    Fails (never passes) if the push ends first or takes longer than PATIENCE.
    """
    deadline = time.monotonic() + PATIENCE
    with server.driver() as driver, driver.session(database=server.database) as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"the push ended (exit {proc.returncode}) before it could be killed part-way; "
                            "give it more batches (smaller --batch-size)")
            nodes = session.run("MATCH (n) RETURN count(n) AS c").single()["c"]
            rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
            if rels >= full[1] // 2 and nodes < full[0]:
                return nodes, rels
    pytest.fail(f"the push did not write half the relationships within {PATIENCE} s")


def test_a_push_killed_part_way_and_run_again_equals_a_clean_push(clean_server, seed_out, seed_graph):
    full = (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
    clean_run = subprocess.run(push_command(seed_out), env=push_env(clean_server), capture_output=True, text=True,
                               timeout=PATIENCE)
    assert clean_run.returncode == 0, clean_run.stderr
    assert counts(clean_server) == full
    clean = snapshot(clean_server)
    wipe_everything(clean_server)

    # One node (a paper with its links) per transaction: over a thousand commits, time to catch one part-way.
    proc = subprocess.Popen(push_command(seed_out, "--batch-size", "1"), env=push_env(clean_server),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        seen = wait_until_part_way(clean_server, proc, full)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    nodes, rels = counts(clean_server)
    assert seen[0] <= nodes < full[0] and seen[1] <= rels < full[1], (seen, (nodes, rels), full)

    rerun = subprocess.run(push_command(seed_out), env=push_env(clean_server), capture_output=True, text=True,
                           timeout=PATIENCE)
    assert rerun.returncode == 0, rerun.stderr
    assert counts(clean_server) == full
    assert snapshot(clean_server) == clean

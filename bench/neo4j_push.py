"""Neo4j push throughput: batched UNWIND ... MERGE beside one transaction per row, and the bulk import.

Builds a synthetic kg graph of --papers papers (100,000 by default; about five
relationships each, with the shapes and properties kg writes), pushes it with
kg's batched exporter, then pushes a --sample of rows one transaction per row,
and prints rows/s for both. The sample is the first papers of the graph with
everything they link to, so it mixes nodes and relationships as the whole does.
Both are measured after a warm-up push, so a JVM server's start-up costs neither.
Then writes the same graph's neo4j-admin CSV files (kg export neo4j-admin) and
imports them into a fresh store with Neo4j's own ``neo4j-admin database import
full``, and prints that rate too. Uses NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD/
NEO4J_DATABASE when set, else starts Neo4j 5.26 Community from Maven Central's
jars (kg/neo4j_server.py), as the tests do.
Usage: python bench/neo4j_push.py [--papers 100000] [--sample 3000] [--batch-size N] [--warm-up 30000] [--heap 2g]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/html.py is named like the standard library's html module: keep this folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import os
import random
import shlex
from contextlib import nullcontext
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.export.neo4j import DEFAULT_BATCH_SIZE, node_rows, push, relationship_rows  # noqa: E402
from kg.schema import EDGE_TYPES  # noqa: E402
from kg.export.neo4j_admin import write_admin_files  # noqa: E402
from kg.neo4j_server import admin, layout, running  # noqa: E402
from tests.neo4j.conftest import Server  # noqa: E402


def synthetic_graph(papers: int, seed: int = 7) -> nx.MultiDiGraph:
    """A graph shaped like kg's: papers linked to listings, methods, datasets and tasks, with evidence."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    sizes = {"Listing": max(1, papers // 1000), "Method": max(10, papers // 20), "Dataset": max(5, papers // 100),
             "Task": 300}
    for label, count in sizes.items():
        for i in range(count):
            G.add_node(f"{label.lower()}:{i}", label=label, name=f"{label} {i}", aliases=[f"{label[0]}{i}"], paper_count=1)
    for i in range(papers):
        paper = f"paper:{i:016x}"
        G.add_node(paper, label="Paper", name=f"Paper {i}", title=f"Paper {i}", abstract="An abstract. " * 40)
        G.add_edge(paper, f"listing:{rng.randrange(sizes['Listing'])}", key="LISTED_IN", type="LISTED_IN", position=i)
        for edge_type, label, n in (("USES", "Method", 2), ("USES_DATASET", "Dataset", 1), ("ADDRESSES", "Task", 1)):
            for target in rng.sample(range(sizes[label]), n):
                evidence = [{"text": "X", "start": 10, "end": 11, "field": "abstract", "sentence": "We use X on Y."}]
                G.add_edge(paper, f"{label.lower()}:{target}", key=edge_type, type=edge_type, role="used",
                           confidence=0.9, component="gazetteer", evidence=evidence)
    return G


def sample_graph(G: nx.MultiDiGraph, rows: int) -> nx.MultiDiGraph:
    """The first papers of G with everything they link to: nodes and relationships in G's proportions."""
    papers = [n for n, a in G.nodes(data=True) if a["label"] == "Paper"]
    per_paper = (G.number_of_nodes() + G.number_of_edges()) / len(papers)
    chosen = papers[: max(1, int(rows / per_paper))]
    nodes = set(chosen) | {t for p in chosen for _, t in G.out_edges(p)}
    return G.subgraph(nodes).copy()


def per_row(driver, G: nx.MultiDiGraph, database: str | None) -> tuple[int, float]:
    """Push every row of G (nodes, then relationships) in its own transaction: the naive exporter.

    One parameterised MERGE per node and per relationship, with the same
    properties kg's push writes.
    """
    rows = [(f"MERGE (n:{label} {{id: $id}}) SET n += $props", row)
            for label, batch in node_rows(G).items() for row in batch]
    for edge_type, batch in relationship_rows(G).items():
        source, target, _ = EDGE_TYPES[edge_type]
        statement = (f"MATCH (a:{source} {{id: $source}}) MATCH (b:{target} {{id: $target}}) "
                     f"MERGE (a)-[r:{edge_type}]->(b) SET r += $props")
        rows += [(statement, row) for row in batch]
    started = time.perf_counter()
    with driver.session(database=database) as session:
        for statement, row in rows:
            session.execute_write(lambda tx, s=statement, r=row: tx.run(s, r).consume())
    return len(rows), time.perf_counter() - started


def clear(driver, database: str | None) -> None:
    """Delete everything, relationships first, 20,000 per transaction (one transaction would not fit the heap)."""
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def bulk_import(G: nx.MultiDiGraph) -> tuple[float, float]:
    """Seconds to write the neo4j-admin files of G, and for neo4j-admin to import them into a new store."""
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-import-"))
    started = time.perf_counter()
    command = write_admin_files(G, folder / "import")
    written = time.perf_counter() - started
    layout(folder / "store")
    started = time.perf_counter()
    result = admin(folder / "store", shlex.split(command)[1:])
    if result.returncode != 0:
        raise SystemExit(f"neo4j-admin failed: {result.stderr[-2000:]}")
    return written, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--warm-up", type=int, default=30_000, help="papers pushed and deleted before measuring")
    parser.add_argument("--heap", default="2g", help="the started server's Java heap")
    args = parser.parse_args()
    G = synthetic_graph(args.papers)
    total = G.number_of_nodes() + G.number_of_edges()
    if os.environ.get("NEO4J_URI"):
        server = Server(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                        os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE", "neo4j"))
        started_server = nullcontext(None)
    else:
        started_server = running(Path(tempfile.mkdtemp(prefix="kg-bench-")) / "store", heap=args.heap)
    with started_server as info:
        if info is not None:
            server = Server(info.uri, info.user, info.password, "neo4j")
        with server.driver() as driver:
            version = driver.execute_query("CALL dbms.components() YIELD versions, edition "
                                           "RETURN versions[0] + ' ' + edition AS v").records[0]["v"]
            print(f"server: Neo4j {version} at {server.uri}")
            # Warm the server up (a JVM compiles its hot paths over the first hundred thousand rows
            # or so) so both methods are measured in the same steady state: push a graph, clear it.
            push(driver, synthetic_graph(args.warm_up, seed=1), database=server.database, batch_size=args.batch_size)
            rows, _ = per_row(driver, sample_graph(synthetic_graph(200, seed=2), 300), server.database)
            clear(driver, server.database)
            started = time.perf_counter()
            push(driver, G, database=server.database, batch_size=args.batch_size)
            batched = time.perf_counter() - started
            print(f"batched push   {total / batched:9.0f} rows/s ({total} rows: {G.number_of_nodes()} nodes, "
                  f"{G.number_of_edges()} relationships, {args.papers} papers, in {batched:.1f} s, batches of {args.batch_size})")
            clear(driver, server.database)
            rows, seconds = per_row(driver, sample_graph(G, args.sample), server.database)
            print(f"row by row     {rows / seconds:9.0f} rows/s ({rows} rows, one transaction each, in {seconds:.1f} s)")
            print(f"batched / row-by-row = {(total / batched) / (rows / seconds):.1f}x")
            clear(driver, server.database)
    written, imported = bulk_import(G)
    print(f"bulk import    {total / imported:9.0f} rows/s ({total} rows by neo4j-admin database import full in {imported:.1f} s; "
          f"kg wrote its CSV files in {written:.1f} s)")


if __name__ == "__main__":
    main()

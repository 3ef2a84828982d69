"""The Neo4j exporter and the query pack, against a real Bolt/Cypher server."""

from __future__ import annotations

import gc
import json
import logging
import re
from urllib.parse import urlsplit

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable, SessionExpired

import kg
import kg.export.neo4j
from kg.cli import cli
from kg.cypher import list_queries
from kg.export.neo4j import GraphSchemaError, constraint_statements, node_rows, node_statement, push, relationship_rows, relationship_statement, wipe
from kg.schema import EDGE_TYPES, LABELS
from tests.neo4j.proxy import CuttingProxy
from tests.neo4j.support import counts, env, snapshot

EVIL = "x'}) DETACH DELETE n //`"


def test_statements_use_only_schema_labels_and_parameters():
    assert len(constraint_statements()) == len(LABELS)
    for label in LABELS:
        assert f":{label} " in node_statement(label) and "$rows" in node_statement(label)
    for edge_type in EDGE_TYPES:
        assert f":{edge_type}]" in relationship_statement(edge_type, ["role"]) and "$rows" in relationship_statement(edge_type, [])
    with pytest.raises(ValueError):
        node_statement("Paper {id: 1}) DETACH DELETE n //")
    with pytest.raises(ValueError):
        relationship_statement("USES]->() DETACH DELETE n //", [])
    with pytest.raises(GraphSchemaError):
        relationship_statement("USES", ["x` = 1 DETACH DELETE n //"])


def _operators(plan) -> list[str]:
    return [plan["operatorType"].split("@")[0], *(op for child in plan.get("children", []) for op in _operators(child))]


def test_no_push_statement_makes_neo4j_plan_an_eager(clean_server, seed_graph):
    """An Eager operator would buffer a whole batch before writing it: Neo4j's planner adds one for
    ``SET n += map`` after a MERGE, which kg's statements avoid. EXPLAIN every statement a push runs."""
    statements = {node_statement(label) for label in LABELS}
    rows = relationship_rows(seed_graph)
    statements |= {relationship_statement(t, {k for r in rows.get(t, []) for k in r["props"]} or {"role"}) for t in EDGE_TYPES}
    with clean_server.driver() as driver, driver.session(database=clean_server.database) as session:
        for statement in constraint_statements():
            session.run(statement).consume()
        for statement in sorted(statements):
            plan = session.run("EXPLAIN " + statement, rows=[]).consume().plan
            assert "Eager" not in _operators(plan), statement


def test_rows_flatten_evidence_and_forms_into_lists(seed_graph):
    rows = relationship_rows(seed_graph)["HAS_CODE"]
    cfcd = next(r for r in rows if r["target"] == "repository:github.com/bassyess/cfcd")
    assert cfcd["props"]["evidence_text"] == ["https://github.com/bassyess/CFCD"]
    assert cfcd["props"]["official"] is True
    coco = next(r for r in node_rows(seed_graph)["Dataset"] if r["id"] == "dataset:coco")["props"]
    assert len(coco["form_text"]) == len(coco["form_count"]) and "MS-COCO" in coco["form_text"]
    assert all(not isinstance(v, dict) for rows in node_rows(seed_graph).values() for r in rows for v in r["props"].values())


def test_values_neo4j_cannot_store_are_coerced(clean_server):
    """Neo4j stores neither maps, nor lists mixing types, nor nulls inside lists."""
    G = nx.MultiDiGraph()
    G.add_node("method:x", label="Method", name="X", extra={"k": 1}, mixed=[1, "a", None], nested=[[1], [2]],
               holes=[None, "b"], nothing=[None], scores=(0.5, 1.5))
    props = node_rows(G)["Method"][0]["props"]
    assert props["extra"] == '{"k": 1}'
    assert props["mixed"] == ["1", "a"] and props["nested"] == ["[1]", "[2]"]
    assert props["holes"] == ["b"] and props["nothing"] == [] and props["scores"] == [0.5, 1.5]
    with clean_server.driver() as driver:
        push(driver, G, database=clean_server.database)
        stored = driver.execute_query("MATCH (m:Method {id: 'method:x'}) RETURN m.mixed AS mixed, m.extra AS extra",
                                      database_=clean_server.database).records[0]
    assert stored["mixed"] == ["1", "a"] and json.loads(stored["extra"]) == {"k": 1}


def test_evidence_stays_parallel_lists_when_a_value_is_missing():
    G = nx.MultiDiGraph()
    G.add_node("paper:p", label="Paper", title="P")
    G.add_node("method:m", label="Method", name="M")
    evidence = [{"text": "M", "start": 4, "end": 5, "field": "abstract", "sentence": None},
                {"text": "M", "start": None, "end": None, "field": "title"}]  # an older graph.json: no sentence
    G.add_edge("paper:p", "method:m", key="USES", type="USES", evidence=evidence)
    props = relationship_rows(G)["USES"][0]["props"]
    assert props["evidence_sentence"] == ["", ""] and props["evidence_start"] == [4, -1]
    assert props["evidence_field"] == ["abstract", "title"]


def test_push_writes_every_node_and_relationship_and_twice_changes_nothing(clean_server, seed_graph):
    with clean_server.driver() as driver:
        written = push(driver, seed_graph, database=clean_server.database, batch_size=400)
    assert gc.isenabled()  # paused only while pushing
    assert counts(clean_server) == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
    assert sum(written.values()) == seed_graph.number_of_nodes() + seed_graph.number_of_edges()
    first = snapshot(clean_server)
    with clean_server.driver() as driver:
        push(driver, seed_graph, database=clean_server.database)
    assert snapshot(clean_server) == first


def test_a_push_cut_off_part_way_converges_when_run_again(clean_server, seed_graph):
    class Cut(Exception):
        pass

    calls = {"papers": 0}

    def stop_in_the_papers(label, rows):
        calls["papers"] += label == "Paper"
        if calls["papers"] == 2:
            raise Cut

    with clean_server.driver() as driver:
        push(driver, seed_graph, database=clean_server.database, batch_size=100)
        uninterrupted = snapshot(clean_server)
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=clean_server.database)
        with pytest.raises(Cut):
            push(driver, seed_graph, database=clean_server.database, batch_size=100, on_batch=stop_in_the_papers)
        assert gc.isenabled()
        nodes, rels = counts(clean_server)
        assert nodes < seed_graph.number_of_nodes() and 0 < rels < seed_graph.number_of_edges()
        push(driver, seed_graph, database=clean_server.database, batch_size=100)
    assert snapshot(clean_server) == uninterrupted


def test_a_push_whose_connection_drops_mid_query_converges_when_run_again(clean_server, seed_graph):
    with clean_server.driver() as driver:
        push(driver, seed_graph, database=clean_server.database, batch_size=100)
        uninterrupted = snapshot(clean_server)
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=clean_server.database)
    address = urlsplit(clean_server.uri)
    proxy = CuttingProxy(address.hostname, address.port)
    calls = {"papers": 0}

    def drop_inside_the_next_query(label, rows):
        calls["papers"] += label == "Paper"
        if calls["papers"] == 2:
            proxy.cut_after(20_000)  # a batch of papers is far bigger: the server gets half a query

    try:
        with GraphDatabase.driver(f"bolt://127.0.0.1:{proxy.port}", auth=(clean_server.user, clean_server.password),
                                  max_transaction_retry_time=1) as driver:
            with pytest.raises((ServiceUnavailable, SessionExpired)):
                push(driver, seed_graph, database=clean_server.database, batch_size=100,
                     on_batch=drop_inside_the_next_query)
            assert proxy.cut
            nodes, rels = counts(clean_server)
            assert nodes < seed_graph.number_of_nodes() and 0 < rels < seed_graph.number_of_edges()
            proxy.restore()
            push(driver, seed_graph, database=clean_server.database, batch_size=100)
    finally:
        proxy.close()
    assert snapshot(clean_server) == uninterrupted


def test_cli_push_that_loses_its_connection_says_so_and_running_it_again_finishes(clean_server, seed_out, seed_graph,
                                                                                   monkeypatch, caplog):
    monkeypatch.setattr(kg.export.neo4j, "RETRY_SECONDS", 1.0)  # give up after 1 s instead of 15
    driver_log = logging.getLogger("neo4j")  # as in a fresh kg process, whatever earlier tests' CLI runs did
    monkeypatch.setattr(driver_log, "handlers", [])
    monkeypatch.setattr(driver_log, "propagate", True)
    address = urlsplit(clean_server.uri)
    proxy = CuttingProxy(address.hostname, address.port)
    through_proxy = {**env(clean_server), "NEO4J_URI": f"bolt://127.0.0.1:{proxy.port}"}
    runner = CliRunner()
    try:
        assert runner.invoke(cli, ["neo4j", "push", str(seed_out)], env=through_proxy).exit_code == 0
        whole = proxy.client_bytes
        with clean_server.driver() as driver:
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=clean_server.database)
        proxy.cut_after(whole // 2)
        result = runner.invoke(cli, ["neo4j", "push", str(seed_out)], env=through_proxy)
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert "lost the connection" in result.stderr and "run the same push again" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert not [r for r in caplog.records if r.name.startswith("neo4j")]  # no retry warnings on stderr either
        assert counts(clean_server)[0] < seed_graph.number_of_nodes()
        proxy.restore()
        assert runner.invoke(cli, ["neo4j", "push", str(seed_out)], env=through_proxy).exit_code == 0
    finally:
        proxy.close()
    assert counts(clean_server) == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())


def test_a_paper_lands_together_with_all_its_relationships(clean_server, seed_graph):
    """Cut off after the first batch of papers, every paper on the server already has all its links."""
    class Cut(Exception):
        pass

    def stop_after_first_papers(label, rows):
        if label == "Paper":
            raise Cut

    with clean_server.driver() as driver:
        with pytest.raises(Cut):
            push(driver, seed_graph, database=clean_server.database, batch_size=200, on_batch=stop_after_first_papers)
        records = driver.execute_query("MATCH (p:Paper) OPTIONAL MATCH (p)-[r]->() RETURN p.id AS id, count(r) AS links",
                                       database_=clean_server.database).records
        bare = driver.execute_query("MATCH (:Paper)-->(x) WHERE x.kg_managed IS NULL RETURN count(x) AS c",
                                    database_=clean_server.database).records[0]["c"]
    assert gc.isenabled()
    assert 0 < len(records) < sum(1 for _, label in seed_graph.nodes(data="label") if label == "Paper")
    assert {r["id"]: r["links"] for r in records} == {r["id"]: seed_graph.out_degree(r["id"]) for r in records}
    assert bare == 0  # what papers link to was written first, with its properties


def _misfits() -> list[nx.MultiDiGraph]:
    unknown_type, wrong_target, unknown_label = nx.MultiDiGraph(), nx.MultiDiGraph(), nx.MultiDiGraph()
    for G in (unknown_type, wrong_target):
        G.add_node("paper:p", label="Paper", title="P")
        G.add_node("dataset:d", label="Dataset", name="D")
    unknown_type.add_edge("paper:p", "dataset:d", key="CITES", type="CITES")
    wrong_target.add_edge("paper:p", "dataset:d", key="USES", type="USES")
    unknown_label.add_node("x", label="Person; DROP", name="X")
    return [unknown_type, wrong_target, unknown_label]


@pytest.mark.parametrize("index, expected", [(0, "-[CITES]-> 'dataset:d': not one of kg's types"), (1, "goes from a Paper to a Dataset"), (2, "'Person; DROP'")])
def test_a_graph_that_does_not_fit_the_schema_is_refused_before_anything_is_written(clean_server, tmp_path, index,
                                                                                     expected):
    G = _misfits()[index]
    with clean_server.driver() as driver:
        with pytest.raises(GraphSchemaError, match=re.escape(expected)):
            push(driver, G, database=clean_server.database)
    (tmp_path / "graph.json").write_text(json.dumps(nx.node_link_data(G, edges="edges")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["neo4j", "push", str(tmp_path), "--wipe", "--yes"], env=env(clean_server))
    assert result.exit_code == 1 and expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert counts(clean_server) == (0, 0)


def test_next_days_update_adds_only_what_is_new(clean_server, seed_paths, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    runner.invoke(cli, ["build", *map(str, seed_paths[:4]), "-o", str(out)])
    assert runner.invoke(cli, ["neo4j", "push", str(out)], env=env(clean_server)).exit_code == 0
    before = counts(clean_server)
    runner.invoke(cli, ["build", str(seed_paths[4]), "--update", str(out)])
    result = runner.invoke(cli, ["neo4j", "push", str(out)], env=env(clean_server))
    assert result.exit_code == 0, result.stderr
    graph = kg.load(out).nx
    assert counts(clean_server) == (graph.number_of_nodes(), graph.number_of_edges())
    assert counts(clean_server)[0] > before[0]


def test_names_that_look_like_cypher_are_stored_as_plain_text(clean_server):
    g = kg.from_records([{"title": EVIL, "abstract": f"We propose {EVIL} and evaluate on COCO."}])
    with clean_server.driver() as driver:
        driver.execute_query("CREATE (:Keep {id: 'keep-me'})", database_=clean_server.database)
        push(driver, g.nx, database=clean_server.database)
        titles = driver.execute_query("MATCH (p:Paper) RETURN p.title AS t", database_=clean_server.database).records
        kept = driver.execute_query("MATCH (k:Keep) RETURN count(k) AS c", database_=clean_server.database).records
    assert [r["t"] for r in titles] == [EVIL] and kept[0]["c"] == 1


def test_wipe_deletes_what_kg_wrote_and_nothing_else(clean_server, seed_graph):
    with clean_server.driver() as driver:
        driver.execute_query("CREATE (:Paper {id: 'someone-elses', title: 'not kg'})", database_=clean_server.database)
        push(driver, seed_graph, database=clean_server.database)
        deleted = wipe(driver, database=clean_server.database, batch_size=300)
        left = driver.execute_query("MATCH (n) RETURN n.id AS id", database_=clean_server.database).records
    assert deleted == seed_graph.number_of_nodes()
    assert [r["id"] for r in left] == ["someone-elses"]


def test_cli_push_and_wipe_with_the_password_from_the_environment(clean_server, seed_out):
    runner = CliRunner()
    result = runner.invoke(cli, ["neo4j", "push", str(seed_out), "--batch-size", "250"], env=env(clean_server))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().startswith("kg: pushed ")
    result = runner.invoke(cli, ["neo4j", "push", str(seed_out), "--wipe", "--yes"], env=env(clean_server))
    assert result.exit_code == 0 and "deleted" in result.stderr


def test_cli_push_progress_counts_every_node_then_clears_its_line(clean_server, seed_out, seed_graph):
    result = CliRunner().invoke(cli, ["neo4j", "push", str(seed_out), "--progress"], env=env(clean_server))
    assert result.exit_code == 0, result.stderr
    bar, _, summary = result.stderr.rpartition("\r\033[K")
    assert "pushing Paper nodes" in bar and f"{seed_graph.number_of_nodes()}/{seed_graph.number_of_nodes()}" in bar
    assert summary.startswith("kg: pushed ")


def test_wipe_asks_first_and_a_no_deletes_nothing(clean_server, seed_out):
    runner = CliRunner()
    assert runner.invoke(cli, ["neo4j", "push", str(seed_out)], env=env(clean_server)).exit_code == 0
    before = counts(clean_server)
    result = runner.invoke(cli, ["neo4j", "push", str(seed_out), "--wipe"], env=env(clean_server), input="n\n")
    assert result.exit_code == 1 and "Delete every node kg wrote" in result.output
    assert counts(clean_server) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"NEO4J_URI": "bolt://127.0.0.1:1"}, "cannot reach a graph server"),
        ({"NEO4J_PASSWORD": "wrong-password"}, "wrong user or password"),
        ({"NEO4J_DATABASE": "no_such_database"},
         "has no database 'no_such_database' (it has neo4j): Neo4j Community holds one user database; "
         "leave out --database or give --database neo4j"),
        ({"NEO4J_DATABASE": "system"}, "'system' is Neo4j's own database, not one for data"),
    ],
)
def test_connection_failures_give_one_line_and_exit_code_2(graph_server, seed_out, change, expected):
    result = CliRunner().invoke(cli, ["neo4j", "push", str(seed_out)], env={**env(graph_server), **change})
    assert result.exit_code == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_query_in_the_pack_runs_on_the_seed_graph(clean_server, seed_graph):
    with clean_server.driver() as driver:
        push(driver, seed_graph, database=clean_server.database)
    runner = CliRunner()
    answers = {}
    for query in list_queries():
        result = runner.invoke(cli, ["query", query.name], env=env(clean_server))
        assert result.exit_code == 0, (query.name, result.stderr)
        answers[query.name] = result.stdout
    assert len(answers) >= 12
    assert "Modeling the Distribution of Normal Data" in answers["evidence_for"]
    assert "OpenGVLab/UniFormerV2" in answers["new_methods_with_code"] or "UniFormerV2" in answers["new_methods_with_code"]
    assert answers["top_methods"].splitlines()[2].startswith("CLIP")
    assert "(0 rows)" not in answers["papers_on_dataset"] and "(0 rows)" not in answers["shortest_path_methods"]
    assert all("(0 rows)" not in text for text in answers.values()), {k: v[-40:] for k, v in answers.items()}
    coco = runner.invoke(cli, ["query", "papers_on_dataset", "--param", "dataset=MS-COCO"], env=env(clean_server))
    assert coco.stdout.count("USES_DATASET") == seed_graph.nodes["dataset:coco"]["paper_count"]


def test_neo4j_admin_export_writes_one_file_per_label_and_type(seed_out, seed_graph, tmp_path):
    import csv

    result = CliRunner().invoke(cli, ["export", "neo4j-admin", str(seed_out), str(tmp_path / "import")])
    assert result.exit_code == 0, result.stderr
    command = result.stdout.strip()
    assert command.startswith("neo4j-admin database import full neo4j ")
    assert "--array-delimiter=U+001F" in command and "--multiline-fields=true" in command
    files = {p.name: p for p in (tmp_path / "import").iterdir()}
    assert command in files["import.sh"].read_text()
    nodes = rels = 0
    for name, path in files.items():
        if not name.endswith(".csv"):
            continue
        rows = list(csv.reader(path.open(encoding="utf-8")))
        header, body = rows[0], rows[1:]
        if name.startswith("nodes_"):
            label = name[len("nodes_"):-len(".csv")]
            assert header[0] == "id:ID" and header[-1] == ":LABEL" and {r[-1] for r in body} == {label}
            assert f"--nodes={tmp_path / 'import' / name}" in command
            nodes += len(body)
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
            rels += len(body)
    assert (nodes, rels) == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())


def test_neo4j_uris_route_to_the_same_server(clean_server, seed_out, seed_graph):
    routed = {**env(clean_server), "NEO4J_URI": clean_server.uri.replace("bolt://", "neo4j://")}
    result = CliRunner().invoke(cli, ["neo4j", "push", str(seed_out)], env=routed)
    assert result.exit_code == 0, result.stderr
    assert counts(clean_server) == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())


def test_ids_that_clash_on_the_server_give_one_line_saying_what_to_do(clean_server, seed_out):
    """Nodes kg did not write that share an id: Neo4j cannot create the uniqueness constraint."""
    with clean_server.driver() as driver:
        driver.execute_query("DROP CONSTRAINT kg_paper_id IF EXISTS", database_=clean_server.database)
        driver.execute_query("CREATE (:Paper {id: 'paper:twice'}), (:Paper {id: 'paper:twice'})",
                             database_=clean_server.database)
        try:
            result = CliRunner().invoke(cli, ["neo4j", "push", str(seed_out)], env=env(clean_server))
        finally:
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=clean_server.database)
            push(driver, nx.MultiDiGraph(), database=clean_server.database)  # the constraints back for later tests
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "share a kg id" in result.stderr and "paper:twice" in result.stderr and "delete the duplicates" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _without(out, tmp_path, dropped_node: str, dropped_edge: tuple[str, str, str]):
    """A copy of OUT whose graph lost a node (with its links) and one link, as an update that re-extracted can."""
    import shutil

    copy = tmp_path / "updated"
    shutil.copytree(out, copy)
    data = json.loads((copy / "graph.json").read_text(encoding="utf-8"))
    links = "links" if "links" in data else "edges"
    data["nodes"] = [n for n in data["nodes"] if n["id"] != dropped_node]
    data[links] = [e for e in data[links] if dropped_node not in (e["source"], e["target"])
                   and (e["source"], e.get("key"), e["target"]) != dropped_edge]
    (copy / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    return copy


def _kg_contents(server) -> tuple[set, set]:
    with server.driver() as driver:
        nodes = {r["id"] for r in driver.execute_query("MATCH (n) WHERE n.kg_managed RETURN n.id AS id",
                                                       database_=server.database).records}
        rels = {(r["s"], r["t"], r["k"]) for r in driver.execute_query(
            "MATCH (n)-[r]->(m) WHERE n.kg_managed AND m.kg_managed AND type(r) IN $types "
            "RETURN n.id AS s, type(r) AS t, m.id AS k", types=list(EDGE_TYPES), database_=server.database).records}
    return nodes, rels


def test_mirror_push_deletes_what_the_update_dropped_and_nothing_a_user_added(clean_server, seed_out, seed_graph, tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["neo4j", "push", str(seed_out)], env=env(clean_server)).exit_code == 0
    paper, _, edge_type = next((s, t, k) for s, t, k in seed_graph.edges(keys=True) if k == "USES")
    used = next(t for _, t, k in seed_graph.out_edges(paper, keys=True) if k == "USES")
    dataset = "dataset:coco"
    with clean_server.driver() as driver:  # what a user adds by hand: their own node, linked to kg's
        driver.execute_query("MATCH (p:Paper {id: $paper}), (d:Dataset {id: $dataset}) "
                             "CREATE (:Note {text: 'read this'})-[:ABOUT]->(p), (p)-[:CITED_BY_ME]->(d)",
                             paper=paper, dataset="dataset:imagenet", database_=clean_server.database)
    updated = _without(seed_out, tmp_path, dataset, (paper, "USES", used))
    graph = kg.load(updated).nx
    assert runner.invoke(cli, ["neo4j", "push", str(updated)], env=env(clean_server)).exit_code == 0
    nodes, rels = _kg_contents(clean_server)
    assert dataset in nodes and (paper, "USES", used) in rels  # the default push only adds and updates

    result = runner.invoke(cli, ["neo4j", "push", str(updated), "--mirror"], env=env(clean_server))
    assert result.exit_code == 0, result.stderr
    dropped_links = seed_graph.in_degree(dataset) + 1
    assert f"mirror deleted 1 nodes and {dropped_links} relationships" in result.stderr
    nodes, rels = _kg_contents(clean_server)
    assert nodes == set(graph.nodes) and rels == {(s, k, t) for s, t, k in graph.edges(keys=True)}
    with clean_server.driver() as driver:
        mine = driver.execute_query("MATCH (:Note)-[:ABOUT]->(p:Paper {id: $paper}), (p)-[:CITED_BY_ME]->(d) "
                                    "RETURN count(*) AS c", paper=paper, database_=clean_server.database).records[0]["c"]
    assert mine == 1  # a user's nodes and relationships stay

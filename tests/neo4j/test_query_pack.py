"""Every query of the pack, run on Neo4j over the seed graph, gives the rows networkx says it should.

Each expected answer below is computed from the graph ``kg build`` wrote, independently of Cypher,
with the query's own default parameters.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import pytest

from kg.cypher import list_queries, load_query
from kg.export.neo4j import push


def _typed(G, types, source_label="Paper"):
    """(source, target, attrs) of the relationships of these types."""
    return [(s, t, a) for s, t, k, a in G.edges(keys=True, data=True) if k in types and G.nodes[s]["label"] == source_label]


def _named(G, node, name):
    return G.nodes[node].get("name", "").lower() == name.lower()


def _title(G, node):
    return G.nodes[node]["title"]


def papers_using_method(G, method):
    rows = [{"paper": _title(G, p), "relation": a["type"]} for p, m, a in _typed(G, {"USES", "PROPOSES"})
            if _named(G, m, method) or method in (G.nodes[m].get("aliases") or [])]
    return sorted(rows, key=lambda r: r["paper"]), ["paper"]


def papers_on_dataset(G, dataset):
    rows = [{"paper": _title(G, p), "relation": a["type"], "dataset": G.nodes[d]["name"]}
            for p, d, a in _typed(G, {"USES_DATASET", "INTRODUCES"})
            if _named(G, d, dataset) or dataset in (G.nodes[d].get("aliases") or [])]
    return sorted(rows, key=lambda r: r["paper"]), ["paper"]


def _papers_of_method(G, method):
    return {p for p, m, _ in _typed(G, {"USES", "PROPOSES"}) if _named(G, m, method)}


def datasets_of_method(G, method):
    papers = _papers_of_method(G, method)
    counts = Counter()
    for d in {d for p, d, _ in _typed(G, {"USES_DATASET"}) if p in papers}:
        counts[G.nodes[d]["name"]] += len({p for p, dd, _ in _typed(G, {"USES_DATASET"}) if dd == d and p in papers})
    rows = [{"dataset": name, "papers": n} for name, n in counts.items()]
    return sorted(rows, key=lambda r: (-r["papers"], r["dataset"])), ["dataset", "papers"]


def methods_used_with(G, method):
    papers = _papers_of_method(G, method)
    by_other = defaultdict(set)
    for p, m, _ in _typed(G, {"USES", "PROPOSES"}):
        if p in papers and not _named(G, m, method):
            by_other[G.nodes[m]["name"]].add(p)
    rows = sorted(({"method": name, "papers": len(ps)} for name, ps in by_other.items()),
                  key=lambda r: (-r["papers"], r["method"]))
    return rows[:20], ["method", "papers"]


def top_methods(G, limit):
    by_method = defaultdict(set)
    for p, m, _ in _typed(G, {"USES", "PROPOSES"}):
        by_method[G.nodes[m]["name"]].add(p)
    rows = sorted(({"method": k, "papers": len(v)} for k, v in by_method.items()), key=lambda r: (-r["papers"], r["method"]))
    return rows[:limit], ["method", "papers"]


def tasks_by_papers(G):
    by_task = defaultdict(set)
    for p, t, _ in _typed(G, {"ADDRESSES"}):
        by_task[G.nodes[t]["name"]].add(p)
    rows = sorted(({"task": k, "papers": len(v)} for k, v in by_task.items()), key=lambda r: (-r["papers"], r["task"]))
    return rows[:25], ["task", "papers"]


def introduced_datasets(G):
    rows = [{"dataset": G.nodes[d]["name"], "paper": _title(G, p), "confidence": a["confidence"]}
            for p, d, a in _typed(G, {"INTRODUCES"})]
    return sorted(rows, key=lambda r: r["dataset"]), ["dataset"]


def evidence_for(G, dataset):
    rows = [{"paper": _title(G, p), "sentences": [m.get("sentence") or "" for m in a.get("evidence", [])],
             "found_by": a.get("component"), "confidence": a.get("confidence")}
            for p, d, a in _typed(G, {"USES_DATASET", "INTRODUCES"}) if _named(G, d, dataset)]
    return sorted(rows, key=lambda r: r["paper"]), ["paper"]


def most_aliases(G):
    rows = [{"kind": a["label"], "name": a["name"], "aliases": len(a["aliases"]), "written_as": list(a["aliases"])}
            for _, a in G.nodes(data=True) if a["label"] in ("Method", "Dataset", "Task") and a.get("aliases")]
    return sorted(rows, key=lambda r: (-r["aliases"], r["name"]))[:20], ["aliases", "name"]


def new_methods_with_code(G):
    rows = [{"method": G.nodes[m]["name"], "code": G.nodes[r]["url"], "paper": _title(G, p)}
            for p, m, _ in _typed(G, {"PROPOSES"})
            for pp, r, a in G.out_edges(p, data=True) if a["type"] == "HAS_CODE" and a.get("official") is True]
    return sorted(rows, key=lambda r: (r["method"], r["code"])), ["method", "code"]


def proposed_without_code(G):
    official = {p for p, _, a in _typed(G, {"HAS_CODE"}) if a.get("official") is True}
    by_paper = defaultdict(list)
    for p, m, _ in _typed(G, {"PROPOSES"}):
        if p not in official:
            by_paper[_title(G, p)].append(G.nodes[m]["name"])
    return [{"paper": k, "methods": sorted(v)} for k, v in sorted(by_paper.items())], ["paper"]


def paper_neighbourhood(G, title):
    rows = [{"relation": a["type"], "kind": G.nodes[x]["label"], "name": G.nodes[x].get("name") or x,
             "role": a.get("role"), "confidence": a.get("confidence")}
            for p in G if G.nodes[p]["label"] == "Paper" and _title(G, p).lower() == title.lower()
            for _, x, a in G.out_edges(p, data=True)]
    return sorted(rows, key=lambda r: (r["relation"], r["name"])), ["relation", "name"]


def top_datasets_per_day(G, per_day):
    rows = []
    listings = sorted(n for n, a in G.nodes(data=True) if a["label"] == "Listing")
    for listing in listings:
        papers = {p for p, l, _ in _typed(G, {"LISTED_IN"}) if l == listing}
        counts = Counter(G.nodes[d]["name"] for p, d, _ in _typed(G, {"USES_DATASET"}) if p in papers)
        if not counts:
            continue
        ranked = sorted(({"dataset": k, "papers": v} for k, v in counts.items()), key=lambda r: (-r["papers"], r["dataset"]))
        rows.append({"day": G.nodes[listing].get("date_text"), "listing": listing, "top_datasets": ranked[:per_day]})
    return rows, ["listing"]


EXPECTED = {f.__name__: f for f in (papers_using_method, papers_on_dataset, datasets_of_method, methods_used_with,
                                    top_methods, tasks_by_papers, introduced_datasets, evidence_for, most_aliases,
                                    new_methods_with_code, proposed_without_code, paper_neighbourhood,
                                    top_datasets_per_day)}


@pytest.fixture(scope="module")
def pushed(graph_server, seed_graph):
    with graph_server.driver() as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph_server.database)
        push(driver, seed_graph, database=graph_server.database)
    return graph_server


def _run(server, name):
    query = load_query(name)
    with server.driver() as driver:
        records = driver.execute_query(query.text, query.params, database_=server.database).records
    return [dict(r) for r in records], query.params


def test_every_query_in_the_pack_is_checked():
    assert {q.name for q in list_queries()} == set(EXPECTED) | {"shortest_path_methods"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_gives_the_rows_networkx_finds(pushed, seed_graph, name):
    got, params = _run(pushed, name)
    expected, order = EXPECTED[name](seed_graph, **params)
    assert expected, f"{name}: its default parameters find nothing in the seed graph"
    assert len(got) == len(expected)
    key = lambda r: [str(r[k]) for k in order] + [repr(sorted(r.items(), key=str))]  # noqa: E731
    if name == "proposed_without_code":
        got = [{**r, "methods": sorted(r["methods"])} for r in got]
    assert [r[k] for r in got for k in order] == [r[k] for r in expected for k in order]  # the order the query promises
    assert sorted(got, key=key) == sorted(expected, key=key)  # and every row, whole


def test_shortest_path_between_two_methods_has_networkx_length(pushed, seed_graph):
    got, params = _run(pushed, "shortest_path_methods")
    ends = [next(n for n, a in seed_graph.nodes(data=True) if a["label"] == "Method" and a["name"].lower() == params[k].lower())
            for k in ("from", "to")]
    hops = nx.shortest_path_length(seed_graph.to_undirected(as_view=True), *ends)
    assert [r["hops"] for r in got] == [hops]
    assert got[0]["path"][0].lower() == params["from"].lower() and got[0]["path"][-1].lower() == params["to"].lower()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_query_answered_without_a_server_gives_the_same_rows(pushed, seed_graph, name):
    """kg query's default, from the graph files, against the Cypher on Neo4j: same rows, same order."""
    from kg.graph.pack import answer

    got, params = _run(pushed, name)
    local = answer(seed_graph, name, params)
    _, order = EXPECTED[name](seed_graph, **params)
    key = lambda r: [str(r[k]) for k in order] + [repr(sorted(r.items(), key=str))]  # noqa: E731
    if name == "proposed_without_code":
        got = [{**r, "methods": sorted(r["methods"])} for r in got]
        local = [{**r, "methods": sorted(r["methods"])} for r in local]
    assert [list(r) for r in local[:1]] == [list(r) for r in got[:1]]  # the same columns, in order
    assert [r[k] for r in local for k in order] == [r[k] for r in got for k in order]
    assert sorted(local, key=key) == sorted(got, key=key)


def test_the_shortest_path_answered_without_a_server_has_neo4js_length(pushed, seed_graph):
    from kg.graph.pack import answer

    got, params = _run(pushed, "shortest_path_methods")
    local = answer(seed_graph, "shortest_path_methods", params)
    assert [r["hops"] for r in local] == [r["hops"] for r in got] and local[0]["path"][0] == got[0]["path"][0]

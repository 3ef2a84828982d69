"""The Python graph API on the seed graph and on small graphs built in the test."""

from __future__ import annotations

import json

import networkx as nx
import pytest

import kg
from kg.graph.query import EntityNotFound


@pytest.fixture(scope="module")
def seed_graph(seed_out):
    """The seed build as a :class:`KnowledgeGraph` (the session's ``seed_graph`` is its networkx graph)."""
    return kg.load(seed_out)


def test_load_gives_the_same_graph_as_build(seed_graph, seed_paths):
    built = kg.build(seed_paths)
    assert sorted(built.nx.nodes) == sorted(seed_graph.nx.nodes)
    assert sorted(built.nx.edges(keys=True)) == sorted(seed_graph.nx.edges(keys=True))
    assert isinstance(seed_graph.to_networkx(), nx.MultiDiGraph) and seed_graph.to_networkx() is not seed_graph.nx


def test_papers_evaluated_on_a_dataset_are_found_by_any_spelling(seed_graph):
    by_name = seed_graph.papers_using("COCO")
    assert by_name == seed_graph.papers_using("MS-COCO") == seed_graph.papers_using("dataset:coco")
    assert len(by_name) == seed_graph.nx.nodes["dataset:coco"]["paper_count"] >= 10
    assert all(seed_graph.nx.nodes[p]["label"] == "Paper" for p in by_name)


def test_top_datasets_and_methods_are_counted_by_papers(seed_graph):
    datasets = seed_graph.top("Dataset", n=5)
    assert datasets[0][0] == "ImageNet" and [n for _, n in datasets] == sorted((n for _, n in datasets), reverse=True)
    assert seed_graph.top("Method", n=1)[0][0] == "CLIP"


def test_what_papers_using_clip_also_use(seed_graph):
    co = dict(seed_graph.co_used("CLIP", type="Dataset", top=20))
    assert "ImageNet" in co
    assert all(seed_graph.find(name).label == "Dataset" for name in co)


def test_methods_with_code_pair_proposed_methods_with_official_repositories(seed_graph):
    found = dict(seed_graph.methods_with_code())
    assert found["UniFormerV2"] == ["OpenGVLab/UniFormerV2"]
    assert found["CFCD"] == ["bassyess/CFCD"]


def test_find_says_how_it_resolved_a_name(seed_graph):
    assert seed_graph.find("ImageNet-1k").via == "name"
    assert seed_graph.find("MS COCO").via == "alias"
    near = seed_graph.find("Imagenett")
    assert near is not None and near.id == "dataset:imagenet" and near.via == "near" and near.score < 1
    unsure = seed_graph.lookup("Imagenet1")  # ImageNet or ImageNet-1K: both offered, neither chosen
    assert seed_graph.find("Imagenet1") is None and {"ImageNet", "ImageNet-1K"} <= {c.name for c in unsure.candidates}
    assert seed_graph.find("no such thing at all") is None
    with pytest.raises(EntityNotFound, match="no entity called"):
        seed_graph.papers_using("no such thing at all")


def test_neighbourhood_is_a_subgraph_around_the_entity(seed_graph):
    around = seed_graph.neighbourhood("MVTec AD")
    assert "dataset:mvtec-ad" in around.nx
    assert all(nx.has_path(around.nx.to_undirected(), "dataset:mvtec-ad", n) for n in around.nx)
    wider = seed_graph.neighbourhood("MVTec AD", radius=2)
    assert set(around.nx) < set(wider.nx)


def test_datasets_of_a_method_come_from_its_papers():
    g = kg.from_records([
        {"title": "Alpha Study", "abstract": "We fine-tune BERT on SQuAD and GLUE."},
        {"title": "Beta Study", "abstract": "We probe BERT on GLUE."},
        {"title": "Gamma Study", "abstract": "We train ResNet-50 on ImageNet."},
    ])
    assert g.datasets_of("BERT") == [("GLUE", 2), ("SQuAD", 1)]
    assert g.top("Method") == [("BERT", 2), ("ResNet-50", 1)]


def test_a_hand_made_graph_json_loads_as_networkx_reads_it(tmp_path):
    """A node listed twice, an edge to a node never listed, an edge without a key and one listed twice
    give the graph networkx's own node-link reader gives; the usual elements too."""
    data = {
        "directed": True, "multigraph": True, "graph": {"name": "hand-made"},
        "nodes": [{"id": "paper:a", "label": "Paper", "title": "A"}, {"id": "method:x", "label": "Method"},
                  {"id": "paper:a", "upvotes": 3}],
        "edges": [{"source": "paper:a", "target": "method:x", "key": "USES", "role": "used"},
                  {"source": "paper:a", "target": "method:x", "key": "PROPOSES", "role": "proposed"},
                  {"source": "paper:a", "target": "dataset:never-listed", "key": "EVALUATES_ON"},
                  {"source": "method:x", "target": "paper:a"},
                  {"source": "paper:a", "target": "method:x", "key": "USES", "confidence": 0.9}],
    }
    (tmp_path / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    loaded = kg.load(tmp_path).nx
    expected = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert dict(loaded.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(loaded.edges(keys=True, data=True), key=repr) == sorted(expected.edges(keys=True, data=True), key=repr)
    assert loaded.nodes["paper:a"] == {"label": "Paper", "title": "A", "upvotes": 3}
    assert loaded["paper:a"]["method:x"]["USES"] == {"role": "used", "confidence": 0.9}
    assert list(loaded.predecessors("method:x")) == ["paper:a"] and loaded.in_degree("dataset:never-listed") == 1
    assert loaded.graph == {"name": "hand-made"}

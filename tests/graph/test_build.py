"""The graph kg build writes: planned as elements (GraphPlan), drawn as networkx only when asked for."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.export import files
from kg.pipeline import run

# Three papers with Hub repositories: a model two papers share (one spelling it in capitals), a Space,
# a Hub dataset that is the paper's own extracted dataset, one that is another name of it, and one no
# extracted dataset matches.
PAPERS = [
    {"title": "FlowMix: Mixing Flows for Image Generation", "arxiv_id": "2410.00001",
     "abstract": "We propose FlowMix and evaluate it on ImageNet-1K and COCO with CLIP backbones.",
     "hub_models": ["example/flowmix-large", "Example/FlowMix-Small"], "hub_spaces": ["example/flowmix-demo"],
     "hub_datasets": ["org/ImageNet-1k", "example/newdata"]},
    {"title": "A Study of Detection", "arxiv_id": "2410.00002", "published": "2024-10-02",
     "abstract": "We train detectors on COCO and compare them with ResNet-50 baselines.",
     "hub_models": ["EXAMPLE/flowmix-large"], "hub_datasets": ["x/COCO", "example/newdata"]},
    {"title": "Plain Paper", "arxiv_id": "2410.00003", "abstract": "We study ImageNet-1K classifiers."},
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("hub") / "day.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    return run([path], show_progress=False)


def test_the_files_written_from_the_plan_are_those_of_the_graph_it_draws(result):
    plan, graph = result.plan, result.graph
    assert b"".join(files.graph_json(plan)) == b"".join(files.graph_json(graph))
    assert "".join(files.graphml_lines(plan)) == "".join(files.graphml_lines(graph))
    for rows in (files.paper_rows, files.entity_rows, files.edge_rows):
        assert list(rows(plan)) == list(rows(graph))
    assert plan.number_of_nodes() == graph.number_of_nodes()


def test_hub_links_join_the_extracted_dataset_and_count_its_papers_once(result):
    graph = result.graph
    coco = [n for n, a in graph.nodes(data=True) if a.get("label") == "Dataset" and a.get("name") == "COCO"]
    assert len(coco) == 1
    (node,) = coco
    paper = next(p for p, a in graph.nodes(data=True) if a.get("arxiv_id") == "2410.00002")
    assert set(graph[paper][node]) == {"USES_DATASET", "HAS_HUB_DATASET"}
    assert graph.nodes[node]["paper_count"] == 2  # both papers use it; one is also linked by the Hub
    assert graph.nodes[node]["hub_id"] == "x/COCO" and "hub_only" not in graph.nodes[node]
    assert "url" not in graph.nodes[node]  # an extracted dataset keeps its own (none), not the Hub page
    shared = graph.nodes["hubmodel:example/flowmix-large"]
    assert shared["paper_count"] == 2  # one node for both spellings, its page as the first paper wrote it
    assert shared["url"].lower() == "https://huggingface.co/example/flowmix-large"
    new = graph.nodes["dataset:hub/example/newdata"]
    assert (new["hub_only"], new["paper_count"], new["name"]) == (True, 2, "newdata")


def test_kg_build_draws_no_networkx_graph_until_asked(result, tmp_path):
    fresh = run([], show_progress=False)
    assert fresh._graph is None
    files.write_outputs(tmp_path, result.papers, result.links, result.plan, result.reads, result.raw_links)
    assert result.graph is result.graph  # drawn once, then kept
    written = nx.node_link_graph(json.loads((tmp_path / "graph.json").read_text(encoding="utf-8")),
                                 directed=True, multigraph=True, edges="edges")
    assert list(written.nodes(data=True)) == list(result.graph.nodes(data=True))
    assert list(written.edges(keys=True, data=True)) == list(result.graph.edges(keys=True, data=True))

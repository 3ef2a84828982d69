"""Property tests for the graph: extraction, cross-paper resolution and assembly, end to end.

The resolver merges what different papers call by the same name. Whatever the
papers say, a node must stay one kind of thing (a Method never absorbs a
Dataset), repositories keep their canonical ids, and every edge's evidence
still slices to its text in the paper it came from.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.gazetteer import load_gazetteer
from kg.extract.pipeline import build_nlp, extract
from kg.graph.audit import MERGED
from kg.graph.build import build_graph
from kg.graph.resolve import canonicalize
from tests.extract.test_extract_properties import ABSTRACTS, TITLES, assert_mentions_point_into_the_paper, paper

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
ENTITY_LABELS = {"Method", "Dataset", "Task", "Repository"}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


class Listed:
    """The gazetteer as the build hands it to the resolver (forms) and to the graph (sources); a short repr,
    as Hypothesis prints the fixtures of a failing example."""

    def __init__(self) -> None:
        gazetteer = load_gazetteer()
        self.forms = {key: entry.forms for key, entry in gazetteer.entries.items()}
        self.sources = {key: entry.source for key, entry in gazetteer.entries.items()}

    def __repr__(self) -> str:
        return f"<gazetteer of {len(self.forms)} entities>"


@pytest.fixture(scope="module")
def listed():
    return Listed()


PAPERS = st.lists(st.tuples(TITLES, ABSTRACTS), min_size=2, max_size=5)


def extract_all(nlp, drafts):
    papers = [paper(title, abstract, number) for number, (title, abstract) in enumerate(drafts)]
    return papers, [link for _, links in extract(papers, nlp) for link in links]


def id_kind(entity_id: str) -> str:
    return entity_id.partition(":")[0]


@SETTINGS
@given(PAPERS)
def test_resolution_never_merges_two_types_into_one_node(nlp, listed, drafts):
    papers, raw = extract_all(nlp, drafts)
    links, merges = canonicalize(raw, listed=listed.forms)
    types_of = defaultdict(set)
    for link in links:
        types_of[link.entity.id].add(link.entity.type)
        assert id_kind(link.entity.id) == link.entity.type.lower(), link.entity
    assert all(len(types) == 1 for types in types_of.values()), dict(types_of)
    for merge in merges:
        if merge.kind == MERGED:
            assert id_kind(merge.source) == id_kind(merge.target), merge
    raw_repositories = {l.entity.id for l in raw if l.entity.type == "Repository"}
    assert {l.entity.id for l in links if l.entity.type == "Repository"} == raw_repositories


@SETTINGS
@given(PAPERS)
def test_graph_nodes_have_one_label_and_edge_evidence_slices_to_the_paper(nlp, listed, drafts):
    papers, raw = extract_all(nlp, drafts)
    links, merges = canonicalize(raw, listed=listed.forms)
    by_id = {p.id: p for p in papers}
    for p in papers:
        assert_mentions_point_into_the_paper(p, [l for l in links if l.paper_id == p.id])
    graph = build_graph(papers, [], links, merges=merges, listed=listed.sources)
    for node, attrs in graph.nodes(data=True):
        if attrs["label"] in ENTITY_LABELS:
            assert id_kind(node) == attrs["label"].lower(), (node, attrs["label"])
    for source, target, attrs in graph.edges(data=True):
        if source not in by_id or graph.nodes[target]["label"] not in ENTITY_LABELS:
            continue
        fields = {"title": by_id[source].title, "abstract": by_id[source].abstract}
        for evidence in attrs.get("evidence", []):
            assert fields[evidence["field"]][evidence["start"] : evidence["end"]] == evidence["text"], evidence


def test_regression_an_acronym_spelt_with_an_article_is_not_merged_into_another(nlp, listed):
    """'an Attention Network (AAN)' gave AAN the alias 'Attention Network' (the article spelt its first A,
    then was cut), so AAN was merged into another paper's AN."""
    _, raw = extract_all(nlp, [("A", "We propose an Attention Network (AAN), a network."),
                               ("B", "We propose the Attention Network (AN), a network.")])
    links, _ = canonicalize(raw, listed=listed.forms)
    methods = {(l.paper_id, l.entity.id) for l in links if l.entity.type == "Method"}
    assert ("paper:1", "method:an") in methods and ("paper:0", "method:an") not in methods

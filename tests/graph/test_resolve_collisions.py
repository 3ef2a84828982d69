"""Merging without collisions: one acronym with two meanings, suffixed names, one name with two types."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.export.neo4j import node_rows
from kg.graph.build import build_graph
from kg.graph.explain import explain
from kg.graph.names import form_key
from kg.graph.resolve import canonicalize
from kg.model import Entity, EntityLink, Mention, Paper
from tests.conftest import daily_page


def link(paper: str, key: str, name: str, kind: str = "Method", aliases: tuple[str, ...] = (), role: str = "used",
         confidence: float = 0.8) -> EntityLink:
    mentions = tuple(Mention(text, 0, len(text), "abstract", text) for text in (name, *aliases))
    return EntityLink(paper, Entity(key, kind, name), role, confidence, mentions, "test",
                      {"aliases": list(aliases)} if aliases else {})


def ids_by_paper(links: list[EntityLink]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for item in links:
        out.setdefault(item.paper_id, set()).add(item.entity.id)
    return out


CFG_LINKS = [
    link("paper:a", "method:cfg", "CFG", aliases=("classifier-free guidance",)),
    link("paper:b", "method:cfg", "CFG", aliases=("context-free grammar",)),
    link("paper:c", "method:cfg", "CFG"),
]


# --- one acronym, two long forms ---------------------------------------------------------------

def test_one_acronym_with_two_long_forms_is_two_entities():
    links, records = canonicalize(CFG_LINKS)
    assert ids_by_paper(links) == {"paper:a": {"method:cfg"}, "paper:b": {"method:cfg~context-free-grammar"},
                                   "paper:c": {"method:cfg"}}  # no long form: the plain id
    split = next(item for item in links if item.paper_id == "paper:b")
    assert split.entity.name == "CFG" and split.attributes["aliases"] == ["context-free grammar"]
    [record] = records
    assert (record.kind, record.source, record.target, record.form) == (
        "split", "method:cfg", "method:cfg~context-free-grammar", "CFG")
    assert record.papers == ("paper:b",) and record.other_papers == ("paper:a", "paper:c")
    assert "'classifier-free guidance'" in record.reason and "'context-free grammar'" in record.reason


def test_the_gazetteer_long_form_keeps_the_plain_id_over_more_papers():
    links, _ = canonicalize([*CFG_LINKS, link("paper:d", "method:cfg", "CFG", aliases=("classifier-free guidance",))],
                            listed={"method:cfg": ("CFG", "Context-Free Grammar")})
    assert ids_by_paper(links)["paper:b"] == {"method:cfg"}
    assert ids_by_paper(links)["paper:a"] == ids_by_paper(links)["paper:d"] == {"method:cfg~classifier-free-guidance"}


def test_the_long_form_in_more_papers_keeps_the_plain_id():
    links, records = canonicalize([*CFG_LINKS, link("paper:d", "method:cfg", "CFG", aliases=("context-free grammars",))])
    assert ids_by_paper(links)["paper:b"] == ids_by_paper(links)["paper:d"] == {"method:cfg"}
    assert ids_by_paper(links)["paper:a"] == {"method:cfg~classifier-free-guidance"}
    assert "more papers (2 vs 1)" in records[0].reason


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Classifier-Free Guidance", "classifier free guidance"),
        ("context-free grammar", "Context-Free Grammars"),
        ("Diffusion Transformer", "diffusion transformer model"),
        ("Classifier-free Diffusion Guidance", "classifier-free guidance"),
    ],
)
def test_long_forms_written_differently_are_one_entity(first, second):
    short = "".join(w[0] for w in first.replace("-", " ").split()).upper()
    links, records = canonicalize([link("paper:a", f"method:{short.lower()}", short, aliases=(first,)),
                                   link("paper:b", f"method:{short.lower()}", short, aliases=(second,))])
    assert {item.entity.id for item in links} == {f"method:{short.lower()}"} and records == []


def test_a_listed_acronym_spelled_out_otherwise_leaves_the_listed_id():
    listed = {"method:audio-spectrogram-transformer": ("Audio Spectrogram Transformer", "AST")}
    links, records = canonicalize([
        link("paper:a", "method:audio-spectrogram-transformer", "Audio Spectrogram Transformer", aliases=("AST",)),
        link("paper:b", "method:audio-spectrogram-transformer", "Audio Spectrogram Transformer",
             aliases=("AST", "Abstract Syntax Tree")),
    ], listed=listed)
    assert ids_by_paper(links) == {"paper:a": {"method:audio-spectrogram-transformer"},
                                   "paper:b": {"method:audio-spectrogram-transformer~abstract-syntax-tree"}}
    moved = next(item for item in links if item.paper_id == "paper:b")
    assert moved.entity.name == "AST" and moved.attributes["aliases"] == ["Abstract Syntax Tree"]
    assert "the gazetteer's method:audio-spectrogram-transformer is 'Audio Spectrogram Transformer'" in records[0].reason


def test_an_acronym_spelled_out_otherwise_is_not_merged_into_the_listed_entity():
    links, records = canonicalize([
        link("paper:a", "method:classifier-free-guidance", "Classifier-Free Guidance", aliases=("CFG",)),
        link("paper:b", "method:cfg", "CFG", aliases=("context-free grammar",)),
    ], listed={"method:classifier-free-guidance": ("Classifier-Free Guidance", "CFG", "classifier free guidance")})
    assert ids_by_paper(links) == {"paper:a": {"method:classifier-free-guidance"}, "paper:b": {"method:cfg"}}
    [record] = records
    assert (record.kind, record.form) == ("kept apart", "CFG") and "'context-free grammar'" in record.reason


def test_an_acronym_defined_the_same_way_still_merges_into_the_listed_entity():
    links, records = canonicalize([
        link("paper:a", "method:classifier-free-guidance", "Classifier-Free Guidance", aliases=("CFG",)),
        link("paper:b", "method:cfg", "CFG", aliases=("classifier free guidance",)),
    ], listed={"method:classifier-free-guidance": ("Classifier-Free Guidance", "CFG")})
    assert {item.entity.id for item in links} == {"method:classifier-free-guidance"}
    assert [(r.kind, r.source) for r in records] == [("merged", "method:cfg")]


# --- suffixes ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("suffixed", "base"), [("SAM++", "SAM"), ("X+", "X"), ("X-v2", "X"), ("X v2", "X"), ("X-2", "X")])
def test_a_suffixed_name_never_shares_a_form_key_with_its_base(suffixed, base):
    assert form_key(suffixed) != form_key(base)


@pytest.mark.parametrize(
    ("key", "suffixed", "expected"),
    [
        ("method:sam", "SAM++", "method:sam-plus-plus"),  # extraction's key drops the '+'
        ("method:sam", "SAM+", "method:sam-plus"),
        ("method:sam-v2", "SAM-v2", "method:sam-v2"),
        ("method:sam-v2", "SAM v2", "method:sam-v2"),
        ("method:sam-2", "SAM-2", "method:sam-2"),
    ],
)
def test_a_suffixed_name_is_never_absorbed_into_its_base(key, suffixed, expected):
    # As extraction hands it over: the paper proposing SAM++ also names SAM, which becomes an alias.
    links, records = canonicalize([
        link("paper:a", key, suffixed, aliases=("SAM", "Segment Anything Model"), role="proposed"),
        link("paper:b", "method:sam", "SAM", aliases=("Segment Anything Model",)),
        link("paper:c", "method:sam", "SAM"),
    ], listed={"method:sam": ("SAM", "Segment Anything Model")})
    assert ids_by_paper(links) == {"paper:a": {expected}, "paper:b": {"method:sam"}, "paper:c": {"method:sam"}}
    assert records == []


def test_a_listed_name_with_a_suffix_keeps_its_listed_id():
    links, _ = canonicalize([link("paper:a", "dataset:trajnet", "TrajNet++", "Dataset")],
                            listed={"dataset:trajnet": ("TrajNet++", "TrajNet++ benchmark")})
    assert {item.entity.id for item in links} == {"dataset:trajnet"}


# --- one name, two types -----------------------------------------------------------------------

def test_a_name_found_with_two_types_takes_the_type_with_more_evidence():
    links, records = canonicalize([
        link("paper:a", "method:foo", "Foo", role="proposed", confidence=0.9),
        link("paper:b", "dataset:foo", "Foo", "Dataset", confidence=0.6),
        link("paper:c", "dataset:foo", "Foo", "Dataset", confidence=0.6),
    ])
    assert {(item.paper_id, item.entity.id, item.entity.type, item.role) for item in links} == {
        ("paper:a", "dataset:foo", "Dataset", "introduced"),  # its own method becomes its own dataset
        ("paper:b", "dataset:foo", "Dataset", "used"),
        ("paper:c", "dataset:foo", "Dataset", "used"),
    }
    [record] = records
    assert (record.kind, record.source, record.target) == ("retyped", "method:foo", "dataset:foo")
    assert record.papers == ("paper:a",) and record.other_papers == ("paper:b", "paper:c")
    assert "as Method in 1 paper (confidence 0.90)" in record.reason and "as Dataset in 2 papers" in record.reason


def test_the_listed_type_wins_over_more_evidence():
    links, records = canonicalize([
        link("paper:a", "method:coco", "COCO", confidence=0.9),
        link("paper:b", "method:coco", "COCO", confidence=0.9),
        link("paper:c", "dataset:coco", "COCO", "Dataset", confidence=0.5),
    ], listed={"dataset:coco"})
    assert {item.entity.id for item in links} == {"dataset:coco"}
    assert "the type the gazetteer lists" in records[0].reason


def test_a_task_retyped_as_a_method_is_used_not_proposed():
    links, _ = canonicalize([link("paper:a", "task:foo", "Foo", "Task", role="addressed"),
                             link("paper:b", "method:foo", "Foo", confidence=0.9)])
    assert {(item.entity.id, item.role) for item in links} == {("method:foo", "used")}


def test_a_name_two_listed_types_share_keeps_both():
    links, records = canonicalize([link("paper:a", "dataset:alpaca", "Alpaca", "Dataset"),
                                   link("paper:b", "method:alpaca", "Alpaca")],
                                  listed={"dataset:alpaca", "method:alpaca"})
    assert {item.entity.id for item in links} == {"dataset:alpaca", "method:alpaca"} and records == []


# --- order independence ------------------------------------------------------------------------

MIXED = [
    *CFG_LINKS,
    link("paper:d", "method:cfg", "CFG", aliases=("Context Free Grammar",)),
    link("paper:a", "dataset:foo", "Foo", "Dataset", role="introduced"),
    link("paper:b", "method:foo", "Foo", role="proposed"),  # a tie: settled by the type that sorts first
    link("paper:a", "method:repa", "REPA", aliases=("REPresentation Alignment",), role="proposed"),
    link("paper:b", "method:representation-alignment", "REPresentation Alignment"),
    link("paper:c", "method:sam", "SAM++", aliases=("SAM",)),
    link("paper:d", "method:sam", "SAM"),
]


def graph_text(links: list[EntityLink], records) -> str:
    papers = [Paper(f"paper:{p}", f"Paper {p.upper()}") for p in "abcd"]
    graph = build_graph(papers, [], links, merges=records, listed={})
    return json.dumps(nx.node_link_data(graph, edges="edges"), sort_keys=True, default=str)


def test_the_graph_does_not_depend_on_the_order_links_come_in():
    expected_links, expected_records = canonicalize(MIXED)
    expected = graph_text(expected_links, expected_records)
    for seed in range(5):
        shuffled = random.Random(seed).sample(MIXED, len(MIXED))
        links, records = canonicalize(shuffled)
        assert (links, records) == (expected_links, expected_records)
        assert graph_text(links, records) == expected
    assert {"dataset:foo", "method:cfg~classifier-free-guidance", "method:sam-plus-plus"} <= {
        item.entity.id for item in expected_links}


# --- the audit trail in the graph and in kg explain -------------------------------------------

def test_explain_tells_on_both_entities_why_one_name_is_two():
    links, records = canonicalize(CFG_LINKS)
    papers = [Paper("paper:a", "Guided diffusion"), Paper("paper:b", "Parsing code"), Paper("paper:c", "Sampling")]
    graph = build_graph(papers, [], links, merges=records)
    plain = "\n".join(explain(graph, "method:cfg"))
    split = "\n".join(explain(graph, "context-free grammar"))
    assert split.startswith("method:cfg~context-free-grammar  CFG  (Method, 1 paper)")
    for text, other in ((plain, "method:cfg~context-free-grammar"), (split, "method:cfg")):
        assert "kept apart from (the same name, spelled out differently):" in text
        assert f"    {other}: 'CFG' stands for 'classifier-free guidance' in method:cfg" in text
    assert "this one in: 'Parsing code'" in split and "method:cfg in: 'Guided diffusion'; 'Sampling'" in split


def test_explain_tells_in_which_papers_each_type_was_found():
    links, records = canonicalize([link("paper:a", "method:foo", "Foo", role="proposed", confidence=0.9),
                                   link("paper:b", "dataset:foo", "Foo", "Dataset", confidence=0.6),
                                   link("paper:c", "dataset:foo", "Foo", "Dataset", confidence=0.6)])
    papers = [Paper("paper:a", "Foo, a method"), Paper("paper:b", "Using Foo"), Paper("paper:c", "More Foo")]
    graph = build_graph(papers, [], links, merges=records)
    lines = explain(graph, "method:foo")  # the id that went: explained where it went
    assert lines[0] == "method:foo: not an entity of this graph; its papers' links went to dataset:foo:"
    assert lines[1].startswith("dataset:foo  Foo  (Dataset, 3 papers)")
    assert "      as Method in: 'Foo, a method'" in lines
    assert "      as Dataset in: 'Using Foo'; 'More Foo'" in lines


def test_neo4j_gets_the_kept_apart_trail_as_json_text():
    links, records = canonicalize(CFG_LINKS)
    graph = build_graph([Paper(f"paper:{p}", p) for p in "abc"], [], links, merges=records)
    row = next(r for r in node_rows(graph)["Method"] if r["id"] == "method:cfg")
    assert json.loads(row["props"]["kept_apart"])[0]["id"] == "method:cfg~context-free-grammar"


# --- end to end: any order of listings, or one --update at a time -------------------------------

FIRST = daily_page(
    ("Resampling rare instances in video", "We propose Temporal Instance Resampler (TIR), a module that balances "
     "rare instances. TIR improves recall."),
    ("Zorblax: a benchmark for counting", "We introduce Zorblax, a benchmark of counting questions."),
)
SECOND = daily_page(
    ("Refining generated images", "We propose Text-to-Image Refiner (TIR), a network that fixes artefacts. TIR is fast."),
    ("Counting with transformers", "We propose Zorblax, a method for counting objects. Zorblax beats prior work."),
    date="Mar 12",
)


def build(*args) -> None:
    result = CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_reading_listings_in_any_order_or_by_update_gives_the_same_graph(write, tmp_path):
    first, second = write("first.txt", FIRST), write("second.txt", SECOND)
    build(first, second, "-o", tmp_path / "both")
    build(second, first, "-o", tmp_path / "reversed")
    build(first, "-o", tmp_path / "inc")
    build(second, "--update", tmp_path / "inc")
    build(second, "-o", tmp_path / "inc-reversed")
    build(first, "--update", tmp_path / "inc-reversed")
    expected = (tmp_path / "both" / "graph.json").read_bytes()
    for out in ("reversed", "inc", "inc-reversed"):
        assert (tmp_path / out / "graph.json").read_bytes() == expected, out
    nodes = {n["id"] for n in json.loads(expected)["nodes"]}
    assert {"method:tir", "method:tir~text-to-image-refiner", "dataset:zorblax"} <= nodes
    assert "method:zorblax" not in nodes


def test_a_paper_linking_one_name_with_two_types_keeps_one_link_in_its_own_role():
    links, _ = canonicalize([link("paper:a", "method:casa", "CASA", role="proposed", confidence=0.9),
                             link("paper:a", "dataset:casa", "CASA", "Dataset", confidence=0.7)])
    [kept] = links
    assert (kept.entity.id, kept.role, kept.confidence, kept.component) == ("method:casa", "proposed", 0.9, "test")


def test_looking_up_a_suffixed_name_finds_it_not_its_base():
    links, records = canonicalize([link("paper:a", "method:sam", "SAM++", role="proposed"),
                                   link("paper:b", "method:sam", "SAM"), link("paper:c", "method:sam", "SAM")])
    graph = build_graph([Paper(f"paper:{p}", p) for p in "abc"], [], links, merges=records)
    assert explain(graph, "SAM++")[0].startswith("method:sam-plus-plus  SAM++  (Method, 1 paper)")
    assert explain(graph, "sam")[0].startswith("method:sam  SAM  (Method, 2 papers)")

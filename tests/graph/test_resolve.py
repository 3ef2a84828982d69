"""Cross-paper resolution: merges that must happen, merges that must not, and the audit trail."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.graph.resolve import canonicalize
from kg.model import Entity, EntityLink, Mention


def link(paper: str, key: str, name: str, kind: str = "Method", aliases: tuple[str, ...] = (), role: str = "used") -> EntityLink:
    return EntityLink(paper, Entity(key, kind, name), role, 0.8, (Mention(name, 0, len(name), "abstract", name),),
                      "test", {"aliases": list(aliases)} if aliases else {})


def test_an_acronym_defined_in_one_paper_absorbs_its_long_form_in_another():
    links, merges = canonicalize([
        link("paper:a", "method:repa", "REPA", aliases=("REPresentation Alignment",), role="proposed"),
        link("paper:b", "method:representation-alignment", "REPresentation Alignment"),
    ])
    assert {l.entity.id for l in links} == {"method:repa"}
    assert [(m.source, m.target, m.form) for m in merges] == [
        ("method:representation-alignment", "method:repa", "REPresentation Alignment")]


def test_listed_entities_keep_their_ids_and_absorb_rule_found_spellings():
    links, _ = canonicalize([
        link("paper:a", "dataset:coco", "COCO", "Dataset", aliases=("MS-COCO",)),
        link("paper:b", "dataset:ms-coco", "MS-COCO", "Dataset"),
    ], listed={"dataset:coco"})
    assert {l.entity.id for l in links} == {"dataset:coco"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("dataset:kinetics-400", "Kinetics-400"), ("dataset:kinetics-600", "Kinetics-600")),
        (("dataset:cifar-10", "CIFAR-10"), ("dataset:cifar-100", "CIFAR-100")),
        (("method:llama-2", "Llama 2"), ("method:llama-3", "Llama 3")),
        (("dataset:imagenet-1k", "ImageNet-1K"), ("dataset:imagenet-21k", "ImageNet-21K")),
    ],
)
def test_versions_that_differ_in_content_stay_apart(first, second):
    kind = first[0].split(":")[0].title()
    links, merges = canonicalize([link("paper:a", *first, kind), link("paper:b", *second, kind)])
    assert len({l.entity.id for l in links}) == 2 and merges == []


def test_same_name_of_different_types_is_one_entity_of_the_listed_type():
    links, merges = canonicalize([link("paper:a", "method:coco", "COCO", "Method"),
                                  link("paper:b", "dataset:coco", "COCO", "Dataset")], listed={"dataset:coco"})
    assert {l.entity.id for l in links} == {"dataset:coco"}
    assert [(m.kind, m.source, m.target) for m in merges] == [("retyped", "method:coco", "dataset:coco")]


def test_two_listed_entities_sharing_a_loose_alias_are_not_merged():
    links, merges = canonicalize([
        link("paper:a", "method:vit", "ViT", aliases=("Vision Transformer",)),
        link("paper:b", "method:vit-b-16", "ViT-B/16", aliases=("Vision Transformer",)),
    ], listed={"method:vit", "method:vit-b-16"})
    assert merges == []


def test_spellings_merge_in_the_seed_graph():
    g = kg.from_records([
        {"title": "A", "abstract": "We evaluate on MS-COCO and Something-Something V2."},
        {"title": "B", "abstract": "Results on COCO and SSv2 are strong; wav2vec2 and wav2vec 2.0 agree."},
    ])
    names = {g.name(n) for n, a in g.nx.nodes(data=True) if a["label"] in ("Dataset", "Method")}
    assert {"COCO", "Something-Something V2", "wav2vec 2.0"} <= names
    assert len(names) == 3


def test_explain_prints_the_audit_trail(tmp_path, seed_paths):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out)]).exit_code == 0
    result = CliRunner().invoke(cli, ["explain", "MS-COCO", "-o", str(out)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("dataset:coco  COCO  (Dataset, ")
    assert "resolved from 'MS-COCO' by alias" in result.stdout
    assert "listed in: datasets_" in result.stdout
    assert any(line.strip().startswith("'MS-COCO'") for line in lines)
    missing = CliRunner().invoke(cli, ["explain", "no such entity here", "-o", str(out)])
    assert missing.exit_code == 1 and "nothing called 'no such entity here'" in missing.stderr

"""`kg eval` computes the reference metric: it must agree with shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.evaluate import evaluate, load_jsonl
from kg.ingest.merge import ingest
from tests.conftest import DATA, ROOT

SCORER = ROOT.parent / "shared" / "eval" / "score.py"

GOLD = [
    {"id": "g1", "title": "Alpha: Fast Nets",
     "datasets": [{"name": "COCO", "aliases": ["MS COCO"], "role": "used"}, {"name": "Kinetics-400", "aliases": [], "role": "used"}],
     "methods": [{"name": "Alpha", "aliases": ["Alpha Network"], "role": "proposed"}, {"name": "ResNet-50", "aliases": [], "role": "used"}],
     "repos": ["a/alpha"], "tasks": [], "concepts": ["transformer"]},
    {"id": "g2", "title": "Beta, Revisited",
     "datasets": [], "methods": [{"name": "BERT", "aliases": [], "role": "used"}], "repos": [], "tasks": [], "concepts": []},
    {"id": "g3", "title": "Gamma Paper Not In System", "datasets": [{"name": "GLUE", "aliases": [], "role": "used"}],
     "methods": [], "repos": [], "tasks": [], "concepts": []},
]
SYSTEM = [
    {"id": "p1", "title": "ALPHA - fast nets", "entities": [
        {"type": "Dataset", "name": "MS-COCO", "mentions": [{"text": "MS-COCO"}]},
        {"type": "Dataset", "name": "Kinetics-600", "mentions": []},
        {"type": "Method", "name": "Alpha Net", "mentions": [{"text": "Alpha Network"}]},
        {"type": "Method", "name": "ResNet", "mentions": [{"text": "ResNet"}]},
        {"type": "Method", "name": "Transformer", "mentions": [{"text": "transformers"}]},
        {"type": "Repository", "name": "https://github.com/A/Alpha.git", "mentions": [{"text": "github.com/A/Alpha/"}]}]},
    {"id": "p2", "title": "Beta Revisited", "entities": [{"type": "Method", "name": "RoBERTa", "mentions": []}]},
]


def reference(gold_path, system_path) -> dict:
    out = subprocess.run([sys.executable, str(SCORER), "seeds", str(gold_path), str(system_path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_score_matches_the_reference_on_tricky_cases(tmp_path):
    gold, system = write_jsonl(tmp_path / "g.jsonl", GOLD), write_jsonl(tmp_path / "s.jsonl", SYSTEM)
    ours = evaluate(load_jsonl(gold), load_jsonl(system))
    assert ours.as_dict() == reference(gold, system)
    assert ours.papers_missing == 1
    assert ours.types["Dataset"].missed == ["kinetics400", "glue"]
    assert ours.types["Method"].spurious == ["roberta"]


def test_score_matches_the_reference_on_the_development_set(tmp_path, seed_paths):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out)]).exit_code == 0
    gold = DATA / "dev_gold.jsonl"
    ours = evaluate(load_jsonl(gold), load_jsonl(out / "extractions.jsonl"))
    assert ours.as_dict() == reference(gold, out / "extractions.jsonl")
    assert ours.types["Repository"].f1 >= 0.99


def test_development_set_is_the_first_75_distinct_seed_papers():
    gold = load_jsonl(DATA / "dev_gold.jsonl")
    assert len(gold) == 75
    assert gold[-1]["title"] == "Improved Active Multi-Task Representation Learning via Lasso"
    assert all(set(g) >= {"title", "datasets", "methods", "repos", "tasks", "concepts"} for g in gold)


def test_eval_command_prints_one_line_per_type_and_lists_errors_with_v(tmp_path):
    gold, system = write_jsonl(tmp_path / "g.jsonl", GOLD), write_jsonl(tmp_path / "s.jsonl", SYSTEM)
    result = CliRunner().invoke(cli, ["eval", str(gold), str(system), "-v"])
    assert result.exit_code == 0
    assert "Dataset     P=0.500 R=0.333 F1=0.400 (gold 3, predicted 2)" in result.stdout
    assert "Method missed 1: BERT (in '" in result.stdout  # the name as annotated, and its paper
    assert "Dataset missed 2: Kinetics-400 (in 'Alpha: Fast Nets'), GLUE (in 'Gamma Paper Not In System')" in result.stdout
    assert "1 of 3 gold papers" in result.stderr


def test_eval_refuses_files_in_the_wrong_place_in_one_line(tmp_path):
    gold, system = write_jsonl(tmp_path / "g.jsonl", GOLD), write_jsonl(tmp_path / "s.jsonl", SYSTEM)
    papers = write_jsonl(tmp_path / "papers.jsonl", [{"id": "p1", "title": "Alpha: Fast Nets", "abstract": "x"}])
    for args, wrong in (([gold, papers], papers), ([system, gold], system), ([gold, gold], gold)):
        result = CliRunner().invoke(cli, ["eval", *map(str, args)])
        assert result.exit_code == 2 and result.stdout == "", args
        assert len(result.stderr.strip().splitlines()) == 1 and str(wrong) in result.stderr


def test_eval_names_the_bad_line_of_a_broken_file(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", GOLD)
    broken = tmp_path / "s.jsonl"
    broken.write_text('{"title": "x", "entities": []}\n{oops\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(gold), str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:2: not valid JSON" in result.stderr


@pytest.fixture(autouse=True)
def _scorer_present():
    if not SCORER.exists():
        pytest.fail(f"reference scorer not found at {SCORER}")


def _built_and_scored(tmp_path, sources, gold: str):
    """``kg build SOURCES`` then ``kg eval`` of its extractions against ``tests/data/GOLD``."""
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", *map(str, sources), "-o", str(out)]).exit_code == 0
    return evaluate(load_jsonl(DATA / gold), load_jsonl(out / "extractions.jsonl"))


def test_development_set_meets_the_quality_targets(tmp_path, seed_paths):
    score = _built_and_scored(tmp_path, seed_paths, "dev_gold.jsonl")
    assert score.types["Dataset"].f1 >= 0.85
    assert score.types["Method"].f1 >= 0.75
    assert score.types["Repository"].f1 >= 0.99
    # The next 120 seed papers, annotated in stop 35 (unseen: dev6 D 0.930 M 0.880; dev7 D 0.876 M 0.880): the
    # seed listings' kind of paper.
    for name in ("dev6", "dev7"):
        more = evaluate(load_jsonl(DATA / f"{name}_gold.jsonl"), load_jsonl(tmp_path / "out" / "extractions.jsonl"))
        assert more.papers_missing == 0
        assert more.types["Dataset"].f1 >= 0.88 and more.types["Method"].f1 >= 0.88, name
        assert more.types["Dataset"].precision >= 0.90 and more.types["Method"].precision >= 0.90, name
        assert more.types["Repository"].f1 >= 0.99, name


@pytest.mark.parametrize(("name", "first"), [("dev6", 75), ("dev7", 135)])
def test_the_sixth_and_seventh_development_sets_are_the_next_distinct_seed_papers(seed_paths, name, first):
    """dev6 and dev7 continue dev_gold in listing order (seed files in name order, entries top to bottom), so the
    seed papers held out of tuning are the 104 after them."""
    order: list[str] = []
    for read in ingest(seed_paths).reads:
        order += [e.title for e in read.entries if _norm(e.title) not in {_norm(t) for t in order}]
    gold = load_jsonl(DATA / f"{name}_gold.jsonl")
    assert [_norm(g["title"]) for g in gold] == [_norm(t) for t in order[first : first + 60]]
    assert [g["id"] for g in gold] == [f"s{name[-1]}-{i:03d}" for i in range(1, 61)]
    for record in gold:
        assert {e["role"] for e in record["datasets"]} <= {"used", "introduced"}
        assert {e["role"] for e in record["methods"]} <= {"used", "proposed"}
        assert 1 <= len(record["tasks"]) <= 4 and all(t == t.lower() for t in record["tasks"])


def _norm(title: str) -> str:
    return "".join(c for c in title.casefold() if c.isalnum())


@pytest.mark.parametrize(("name", "dataset_f1", "method_f1", "precision"), [
    ("ood", 0.70, 0.60, 0.0),  # 40 papers of other fields and years, written and annotated for kg, never tuned on
    ("dev3", 0.75, 0.75, 0.90),  # 60 more, annotated before any rule was changed for them (issue 13's goals)
    ("dev4", 0.75, 0.75, 0.90),  # 60 more, the same way, a stop later
    ("dev5", 0.75, 0.75, 0.90),  # 60 more: half recent papers of the Daily Papers kind, half older or other fields
    ("dev8", 0.75, 0.75, 0.90),  # 40 recent papers of the Daily Papers kind (2023-2025)
])
def test_papers_outside_the_seeds_meet_the_other_fields_targets(tmp_path, name, dataset_f1, method_f1, precision):
    score = _built_and_scored(tmp_path, [DATA / f"{name}_papers.jsonl"], f"{name}_gold.jsonl")
    assert score.papers_missing == 0
    assert score.types["Dataset"].f1 >= dataset_f1 and score.types["Method"].f1 >= method_f1
    assert score.types["Dataset"].precision >= precision and score.types["Method"].precision >= precision
    assert score.types["Repository"].f1 >= 0.99


def test_tasks_are_scored_beside_the_reference_types():
    gold = [{"id": "t1", "title": "A Paper", "datasets": [], "methods": [], "repos": [],
             "tasks": ["image retrieval", "semantic segmentation"], "concepts": []}]
    system = [{"id": "x", "title": "A paper.", "entities": [
        {"type": "Task", "name": "Image Retrieval", "mentions": [{"text": "image-retrieval"}]},
        {"type": "Task", "name": "object detection", "mentions": []}]}]
    score = evaluate(gold, system)
    task = score.types["Task"]
    assert (task.gold, task.found, task.predicted, task.correct) == (2, 1, 2, 1)
    assert task.missed == ["semanticsegmentation"] and task.spurious == ["objectdetection"]
    assert "Task" not in score.as_dict()  # the reference scorer's JSON has no task line


@pytest.mark.parametrize(("name", "size", "before_2016"), [("dev2", 80, 40), ("dev3", 60, 15), ("dev4", 60, 15),
                                                           ("dev5", 60, 15), ("dev8", 40, 0)])
def test_the_other_development_sets_are_consistent(name, size, before_2016):
    """dev2 (81 abstracts), dev3, dev4 and dev5 (60 each) from other fields and years, dev8 (40 recent): no paper in two sets,
    a quarter or more of the first four older than 2016, and every alias occurs in its paper's text (the name too, unless an alias stands for it)."""
    papers, gold = load_jsonl(DATA / f"{name}_papers.jsonl"), load_jsonl(DATA / f"{name}_gold.jsonl")
    assert len(papers) >= size and [p["id"] for p in papers] == [g["id"] for g in gold]
    assert [p["title"] for p in papers] == [g["title"] for g in gold]
    lines = (DATA / f"{name}_before_2016.txt").read_text(encoding="utf-8").splitlines()
    older = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert len(older) >= before_2016 and set(older) <= {p["id"] for p in papers}
    sets = [s for s in ("ood_papers", "dev_gold", "dev6_gold", "dev7_gold", "dev2_papers", "dev3_papers", "dev4_papers", "dev5_papers", "dev8_papers") if not s.startswith(name)]
    others = {r["title"] for s in sets for r in load_jsonl(DATA / f"{s}.jsonl")}
    assert not others & {p["title"] for p in papers}
    for paper, record in zip(papers, gold):
        text = paper["title"] + "\n" + paper["abstract"]
        for kind in ("datasets", "methods"):
            for entity in record[kind]:
                aliases = entity.get("aliases", [])  # the name is the canonical form, which the text may not use
                assert all(a in text for a in aliases) and (entity["name"] in text or aliases), (paper["id"], entity)
                assert entity["role"] in {"datasets": ("used", "introduced"), "methods": ("used", "proposed")}[kind]
        assert all(repo.split("/")[-1].lower() in text.lower() for repo in record["repos"]), paper["id"]
        assert 1 <= len(record["tasks"]) <= 4 and all(t == t.lower() for t in record["tasks"])


ROLE_GOLD = [
    {"id": "r1", "title": "Roles Paper",
     "datasets": [{"name": "COCO", "aliases": [], "role": "used"},
                  {"name": "NewSet", "aliases": ["New Set"], "role": "introduced"},
                  {"name": "Kinetics-400", "aliases": [], "role": "introduced"}],  # not extracted: no role verdict
     "methods": [{"name": "Alpha", "aliases": ["Alpha Network"], "role": "proposed"},
                 {"name": "ResNet-50", "aliases": [], "role": "used"},
                 {"name": "BERT", "aliases": [], "role": "proposed"},
                 {"name": "GPT-2", "aliases": []}],  # no role annotated: found, but not role-checked
     "repos": ["a/roles"], "tasks": ["image classification"], "concepts": []},
    {"id": "r2", "title": "Absent Paper", "datasets": [{"name": "GLUE", "aliases": [], "role": "used"}],
     "methods": [], "repos": [], "tasks": [], "concepts": []},
]
ROLE_SYSTEM = [
    {"id": "s1", "title": "Roles paper", "entities": [
        {"type": "Dataset", "name": "MS COCO", "role": "used", "mentions": [{"text": "COCO"}]},       # right
        {"type": "Dataset", "name": "NewSet", "role": "used", "mentions": []},                        # wrong
        {"type": "Dataset", "name": "ImageNet", "role": "introduced", "mentions": []},                # spurious: no verdict
        {"type": "Method", "name": "Alpha Net", "role": "proposed", "mentions": [{"text": "Alpha Network"}]},  # right
        {"type": "Method", "name": "ResNet-50", "mentions": []},                                      # no role: wrong
        {"type": "Method", "name": "BERT", "role": "used", "mentions": []},        # the first match decides...
        {"type": "Method", "name": "BERT", "role": "proposed", "mentions": []},    # ...not a later right one
        {"type": "Method", "name": "GPT-2", "role": "used", "mentions": []},
        {"type": "Repository", "name": "a/roles", "role": "official", "mentions": []},
        {"type": "Task", "name": "image classification", "role": "addressed", "mentions": []}]},
]


def test_role_accuracy_counts_found_gold_entities_by_their_first_matching_prediction():
    score = evaluate(ROLE_GOLD, ROLE_SYSTEM)
    dataset, method = score.types["Dataset"], score.types["Method"]
    assert (dataset.found, dataset.role_checked, dataset.role_correct) == (2, 2, 1)
    assert dataset.role_accuracy == 0.5
    assert dataset.role_mismatches == ["NewSet: gold introduced, kg used"]
    assert (method.found, method.role_checked, method.role_correct) == (4, 3, 1)
    assert method.role_accuracy == pytest.approx(1 / 3)
    assert method.role_mismatches == ["ResNet-50: gold used, kg none", "BERT: gold proposed, kg used"]
    # Repositories and tasks have no gold roles; the reference JSON gains no role keys.
    assert all(score.types[kind].role_checked == 0 and score.types[kind].role_accuracy == 0.0
               for kind in ("Repository", "Task"))
    assert "role" not in json.dumps(score.as_dict())


def test_role_accuracy_leaves_the_other_figures_alone():
    without_roles = [{**r, "entities": [{k: v for k, v in e.items() if k != "role"} for e in r["entities"]]}
                     for r in ROLE_SYSTEM]
    with_roles, stripped = evaluate(ROLE_GOLD, ROLE_SYSTEM), evaluate(ROLE_GOLD, without_roles)
    assert with_roles.as_dict() == stripped.as_dict()
    assert stripped.types["Dataset"].role_correct == 0 and stripped.types["Dataset"].role_checked == 2


def test_eval_command_prints_role_accuracy_and_lists_mismatches_with_v(tmp_path):
    gold, system = write_jsonl(tmp_path / "g.jsonl", ROLE_GOLD), write_jsonl(tmp_path / "s.jsonl", ROLE_SYSTEM)
    lines = CliRunner().invoke(cli, ["eval", str(gold), str(system), "-v"]).stdout.splitlines()
    assert "Dataset     P=0.667 R=0.500 F1=0.571 (gold 4, predicted 3) role=0.500 (1/2)" in lines
    assert any(line.startswith("Method      ") and line.endswith(" role=0.333 (1/3)") for line in lines)
    assert "Repository  P=1.000 R=1.000 F1=1.000 (gold 1, predicted 1)" in lines  # no gold roles: no role figure
    assert "Dataset role mismatches 1: NewSet: gold introduced, kg used" in lines
    assert "Method role mismatches 2: ResNet-50: gold used, kg none; BERT: gold proposed, kg used" in lines
    assert not any(line.startswith(("Repository role", "Task role")) for line in lines)


def test_role_is_judged_on_the_prediction_with_the_same_name_before_a_loose_match():
    gold = [{"id": "g", "title": "Adam Again", "datasets": [], "repos": [], "tasks": [], "concepts": [],
             "methods": [{"name": "Adam-v2", "aliases": [], "role": "proposed"},
                         {"name": "Adam", "aliases": [], "role": "used"}]}]
    system = [{"title": "Adam Again", "entities": [
        {"type": "Method", "name": "Adam", "role": "used", "mentions": []},  # "adam" loosely matches "adamv2" too
        {"type": "Method", "name": "Adam-v2", "role": "proposed", "mentions": []}]}]
    method = evaluate(gold, system).types["Method"]
    assert (method.role_checked, method.role_correct) == (2, 2)

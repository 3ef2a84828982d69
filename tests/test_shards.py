"""kg extract -> shards -> kg build --from-extractions: the same graph as kg build, here or on Dask."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def shards(tmp_path_factory, seed_paths) -> Path:
    """The seeds extracted in shards of 100 papers (299 papers: three shards)."""
    folder = tmp_path_factory.mktemp("shards")
    done = CliRunner().invoke(cli, ["extract", *map(str, seed_paths), "-o", str(folder), "--shard-size", "100"])
    assert done.exit_code == 0, done.output
    assert "299 papers from 5 listing(s) in 3 shard(s) (299 papers extracted)" in done.output
    return folder


def test_build_from_extractions_writes_what_build_writes_byte_for_byte(shards, seed_out, tmp_path):
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["build", "--from-extractions", str(shards), "-o", str(out), "--export", "csv",
                                    "--export", "graphml"])
    assert done.exit_code == 0, done.output
    assert "entities of 299 papers reused, 0 extracted" in done.output
    built, merged = _files(seed_out), _files(out)
    assert set(built) == set(merged) and "graph.json" in built
    assert [name for name in built if built[name] != merged[name]] == []


def test_shards_hold_each_paper_once_with_the_digest_of_its_text(shards):
    manifest = json.loads((shards / "manifest.json").read_text())
    assert manifest["complete"] and [s["papers"] for s in manifest["shards"]] == [100, 100, 99]
    records = [json.loads(line) for s in manifest["shards"] for line in (shards / s["file"]).read_text().splitlines()]
    assert len({r["id"] for r in records}) == 299
    assert all(len(r["text"]) == 32 and isinstance(r["entities"], list) for r in records)


def test_a_stopped_extract_resumes_and_extracts_only_the_missing_shard(shards, seed_paths, tmp_path):
    copy = tmp_path / "shards"
    copy.mkdir()
    for name, data in _files(shards).items():
        (copy / name).write_bytes(data)
    (copy / "extractions-00001.jsonl").unlink()  # as if killed before the second shard was renamed in
    done = CliRunner().invoke(cli, ["extract", *map(str, seed_paths), "-o", str(copy), "--shard-size", "100"])
    assert done.exit_code == 0, done.output
    assert "(100 papers extracted, 2 kept from an earlier run)" in done.output
    assert _files(copy) == _files(shards)


def test_other_shard_sizes_start_over(shards, seed_paths, tmp_path):
    copy = tmp_path / "shards"
    copy.mkdir()
    for name, data in _files(shards).items():
        (copy / name).write_bytes(data)
    done = CliRunner().invoke(cli, ["extract", *map(str, seed_paths), "-o", str(copy), "--shard-size", "200"])
    assert done.exit_code == 0, done.output
    assert "in 2 shard(s) (299 papers extracted)" in done.output
    assert sorted(p.name for p in copy.glob("extractions-*")) == ["extractions-00000.jsonl", "extractions-00001.jsonl"]


@pytest.mark.parametrize("change, message", [
    ({"complete": False}, "kg extract did not finish writing"),
    ({"extraction": "0123456789abcdef"}, "extracted by another version of kg's extraction"),
])
def test_build_refuses_shards_it_cannot_trust(shards, tmp_path, change, message):
    copy = tmp_path / "shards"
    copy.mkdir()
    for name, data in _files(shards).items():
        (copy / name).write_bytes(data)
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps({**manifest, **change}))
    done = CliRunner().invoke(cli, ["build", "--from-extractions", str(copy), "-o", str(tmp_path / "out")])
    assert done.exit_code == 2
    assert message in done.output and not (tmp_path / "out").exists()


def test_a_damaged_shard_is_named_with_its_line(shards, tmp_path):
    copy = tmp_path / "shards"
    copy.mkdir()
    for name, data in _files(shards).items():
        (copy / name).write_bytes(data)
    lines = (copy / "extractions-00002.jsonl").read_text().splitlines()
    lines[6] = lines[6][:40]
    (copy / "extractions-00002.jsonl").write_text("\n".join(lines) + "\n")
    done = CliRunner().invoke(cli, ["build", "--from-extractions", str(copy), "-o", str(tmp_path / "out")])
    assert done.exit_code == 2
    assert "extractions-00002.jsonl:7: not a shard record" in done.output


def test_build_needs_sources_or_extractions():
    done = CliRunner().invoke(cli, ["build", "-o", "x"])
    assert done.exit_code == 2 and "--from-extractions" in done.output


def test_the_dask_example_on_a_local_cluster_of_two_workers_gives_the_same_shards_and_graph(shards, seed_paths, seed_out, tmp_path):
    """examples/dask_extract.py (LocalCluster, 2 worker processes), then kg build --from-extractions."""
    on_dask = tmp_path / "dask-shards"
    done = subprocess.run([sys.executable, "examples/dask_extract.py", str(on_dask), *map(str, seed_paths)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "299 papers extracted on Dask in 3 shards" in done.stdout
    assert _files(on_dask) == _files(shards)
    out = tmp_path / "out"
    merged = _kg("build", "--from-extractions", str(on_dask), "-o", str(out), "--export", "csv", "--export", "graphml")
    assert merged.returncode == 0, merged.stderr
    assert _files(out) == _files(seed_out)


def test_kg_extract_dask_local_runs_the_shards_on_worker_processes(shards, seed_paths, tmp_path):
    on_dask = tmp_path / "dask-shards"
    done = _kg("extract", *map(str, seed_paths), "-o", str(on_dask), "--shard-size", "100", "--dask", "local", "-j", "2")
    assert done.returncode == 0, done.stderr
    assert _files(on_dask) == _files(shards)


def test_an_unreachable_dask_scheduler_is_one_line(seed_paths, tmp_path):
    done = _kg("extract", str(seed_paths[0]), "-o", str(tmp_path / "s"), "--dask", "tcp://127.0.0.1:9")
    assert done.returncode == 2
    assert "cannot reach the scheduler" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

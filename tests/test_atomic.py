"""Writing a set of output files: a kill at any rename leaves the old set or, once recovered, the whole new one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.atomic import recover, write_files_atomically

NAMES = ("papers.jsonl", "extractions.jsonl", "graph.json", "listings.jsonl")

# Writes the new files with os.replace wrapped: SIGKILL (no finally block runs) right after the k-th rename.
KILLER = """
import os, signal, sys
from kg.atomic import write_files_atomically
folder, after = sys.argv[1], int(sys.argv[2])
replace, done = os.replace, [0]
def counting(src, dst, *args, **kwargs):
    replace(src, dst, *args, **kwargs)
    done[0] += 1
    if done[0] == after:
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = counting
write_files_atomically(folder, {name: ["new " + name] for name in sys.argv[3:]})
"""


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


def old_files(folder: Path) -> dict[str, str]:
    write_files_atomically(folder, {name: [f"old {name}"] for name in NAMES})
    return contents(folder)


# Renames: the commit record, then one per file.
@pytest.mark.parametrize("after", range(1, len(NAMES) + 2))
def test_a_kill_after_any_rename_leaves_the_old_files_or_after_recovery_the_new(tmp_path, after):
    folder = tmp_path / "out"
    old = old_files(folder)
    new = {name: f"new {name}" for name in NAMES}
    killed = subprocess.run([sys.executable, "-c", KILLER, str(folder), str(after), *NAMES], capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    recover(folder)
    assert contents(folder) in (old, new)
    assert contents(folder) == new  # the commit record was in place: the write is finished, not undone
    write_files_atomically(folder, {name: ["next"] for name in NAMES})
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)  # no temporary file or record left over


def test_a_kill_before_the_commit_record_leaves_the_old_files_and_the_next_write_cleans_up(tmp_path):
    folder = tmp_path / "out"
    old = old_files(folder)
    stop_before_commit = KILLER.replace("if done[0] == after:", "if True:").replace(
        "replace(src, dst, *args, **kwargs)\n", "pass\n", 1)  # killed at the first rename, before it happens
    killed = subprocess.run([sys.executable, "-c", stop_before_commit, str(folder), "1", *NAMES], capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not recover(folder)
    assert {k: v for k, v in contents(folder).items() if not k.startswith(".")} == old
    write_files_atomically(folder, {name: ["next"] for name in NAMES})
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)


def test_loading_a_graph_finishes_a_killed_write_first(tmp_path, seed_out):
    """Every kg command that reads OUT recovers it: kg.load here."""
    import shutil

    import kg

    folder = tmp_path / "out"
    shutil.copytree(seed_out, folder)
    graph = (folder / "graph.json").read_text()
    (folder / "graph.json").write_text("{}")  # as if killed before graph.json's rename...
    (folder / ".graph.json.1.x.tmp").write_text(graph)  # ...with the new file staged
    (folder / ".kg-commit.999999999.json").write_text('[[".graph.json.1.x.tmp", "graph.json"]]')
    assert kg.load(folder).nx.number_of_nodes() > 0
    assert not [p for p in os.listdir(folder) if p.startswith(".kg-commit")]

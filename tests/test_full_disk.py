"""A full disk, for real: a small tmpfs in a private mount namespace, filled, then an --update onto it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

SCRIPT = r"""
set -u
mount -t tmpfs -o size=1m tmpfs "$DISK" || exit 99
"$PY" -m kg build "$GOOD" -o "$DISK/out" 2>/dev/null || exit 98
( cd "$DISK/out" && sha256sum * ) > "$WORK/before.txt"
dd if=/dev/zero of="$DISK/filler" bs=4k 2>/dev/null  # until the disk is full
"$PY" -m kg build "$MORE" --update "$DISK/out" 2> "$WORK/stderr.txt"
echo $? > "$WORK/rc.txt"
( cd "$DISK/out" && sha256sum * ) > "$WORK/after.txt"
ls -A "$DISK/out" > "$WORK/listing.txt"
"""


def test_a_full_disk_keeps_the_old_output_and_leaves_nothing_behind(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("needs util-linux's unshare for a private mount namespace")
    good, more = tmp_path / "good.jsonl", tmp_path / "more.jsonl"
    good.write_text(json.dumps({"title": "Alpha Nets for Invented Detection", "abstract": "We propose AlphaNet on COCO."}) + "\n")
    more.write_text("".join(json.dumps({"title": f"Invented Paper {k}", "abstract": f"We propose Net{k} on ImageNet. " * 40}) + "\n"
                            for k in range(300)))
    (tmp_path / "disk").mkdir()
    env = {"DISK": str(tmp_path / "disk"), "WORK": str(tmp_path), "GOOD": str(good), "MORE": str(more),
           "PY": sys.executable, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    if done.returncode == 99:
        pytest.skip(f"this kernel does not allow a tmpfs in a user namespace: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    stderr = (tmp_path / "stderr.txt").read_text()
    assert (tmp_path / "rc.txt").read_text().strip() == "2", stderr
    assert "No space left on device" in stderr and "previous outputs were left as they were" in stderr
    assert (tmp_path / "after.txt").read_text() == (tmp_path / "before.txt").read_text()  # byte for byte
    assert not [name for name in (tmp_path / "listing.txt").read_text().split() if name.startswith(".") and name != ".kg.lock"]

"""What kg costs as the corpus grows (issue 17): a table of N, wall seconds, papers/s and peak RSS.

For each N: bench/synth.py writes N papers; spaCy's plain tokenizer runs over
the same texts in this process (the yardstick the targets are set against);
then, each a fresh process measured by /usr/bin/time, ``kg build`` (default
jobs), ``kg build --update`` of the next 300 papers (one day), ``kg.load`` of
the graph, and ``kg html`` of it. The last lines give the time per paper of
each build against the first N's: linear growth keeps it flat.

    python bench/scale.py [--sizes 10000 100000] [--work DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/html.py is named like the standard library's html module: keep this folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import subprocess
import tempfile
import time

import spacy

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
DAY = 300


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MB) of a fresh process, and its last line of stderr."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True)
    *rest, last = done.stderr.strip().splitlines()
    wall, rss_kb = last.split()
    rest = [line for line in rest if not line.startswith("Command exited with non-zero status")]  # time's own line
    said = rest[-1] if rest else ""
    return float(wall), int(rss_kb) / 1024, said if done.returncode in (0, 1) else f"exit {done.returncode}: {said}"


def tokenizer_seconds(path: Path) -> float:
    texts = [f"{r['title']}\n{r['abstract']}" for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]
    tokenizer = spacy.blank("en").tokenizer
    started = time.perf_counter()
    for _ in tokenizer.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - started


def measure(n: int, work: Path) -> list[tuple[str, int, float, float, str]]:
    corpus, day, out = work / f"synth-{n}.jsonl", work / f"day-{n}.jsonl", work / f"out-{n}"
    subprocess.run([PYTHON, str(BENCH / "synth.py"), str(n), str(corpus)], check=True, capture_output=True)
    subprocess.run([PYTHON, str(BENCH / "synth.py"), str(DAY), str(day), "--start", str(n)], check=True, capture_output=True)
    rows = [("spaCy tokenizer", n, tokenizer_seconds(corpus), 0.0, "in this process")]
    rows.append(("kg build", n, *timed([PYTHON, "-m", "kg", "build", str(corpus), "-o", str(out), "--no-progress"])))
    rows.append(("kg build --update (300)", DAY, *timed([PYTHON, "-m", "kg", "build", str(day), "--update", str(out), "--no-progress"])))
    rows.append(("kg.load", n + DAY, *timed([PYTHON, "-c", f"import kg; kg.load({str(out)!r})"])))
    rows.append(("kg html", n + DAY, *timed([PYTHON, "-m", "kg", "html", str(out), "-o", str(work / f"view-{n}.html")])))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'step':<26}{'N':>9}{'wall s':>9}{'papers/s':>10}{'peak RSS MB':>13}  note")
    per_paper: dict[int, float] = {}
    for n in args.sizes:
        rows = measure(n, work)
        tokenizer = rows[0][2]
        for step, count, wall, rss, note in rows:
            if step == "kg build":
                per_paper[n] = wall / count
                note = f"{tokenizer / wall:.2f}x the tokenizer; {note}"
            print(f"{step:<26}{count:>9,}{wall:>9.1f}{count / wall:>10,.0f}{rss:>13,.0f}  {note[:90]}", flush=True)
    first = args.sizes[0]
    for n in args.sizes[1:]:
        print(f"kg build time per paper, {n:,} against {first:,}: {per_paper[n] / per_paper[first]:.2f}x")
    print(f"(files in {work})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

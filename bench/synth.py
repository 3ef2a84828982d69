"""A deterministic corpus of N realistic papers for the scale benchmarks (issue 17): ``python bench/synth.py N OUT.jsonl``.

Each paper is made from its number alone (its own random generator, seeded by
``--seed`` and the number), so the output streams in constant memory and any
slice of it can be made without the rest. A paper has:

- a unique title: an invented method name (unique by construction) and a
  phrase from a small set;
- an abstract recombined from real abstracts' sentences (the seed listings in
  ``../shared/seeds``, read at run time; none of their text is in this
  repository), around sentences that name entities: the paper proposes its
  method, uses two to four listed methods and datasets (from kg's gazetteer,
  drawn with Zipf-like popularity, as real usage is), sometimes introduces a
  dataset of its own or reuses a method a recent paper proposed, and
  sometimes links its code.

How fast new entities appear: the five seed listings hold 299 papers and about
850 distinct entities, of which about half are names no list holds (coined by
the paper). Here every paper proposes one new method (0.9 of them), one in
six introduces a new dataset and three in ten link a new repository, so
distinct entities grow linearly, by about 1.35 invented names a paper, on top
of the listed names the papers use (a slowly growing share of the gazetteer's
6,700): the rate a field that coins a name per paper shows, and the hard case
for a graph that must keep every one. Measured with kg build: 1,000 papers give
2,179 distinct entities, 4,000 give 6,844 (1.56 more a paper between them).

    python bench/synth.py 100000 /tmp/synth-100k.jsonl [--seed 1] [--per-day 300] [--start 0]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/html.py is named like the standard library's html module: keep this folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import datetime as dt
import json
import os
import random
import time

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.gazetteer import load_gazetteer  # noqa: E402
from kg.extract.sentences import sentence_spans  # noqa: E402
from kg.ingest import ingest  # noqa: E402

SEEDS = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))

SYLLABLES = ("ka", "lo", "mi", "ru", "ze", "ta", "no", "vi", "sa", "pe", "do", "gu", "fi", "ha", "ji", "wo", "xe", "qu")
SUFFIXES = ("Net", "Former", "GAN", "Diff", "Flow", "Mix", "Seg", "Bench", "LM", "Fusion", "VAE", "Align")
PHRASES = ("for Efficient {task}", "Towards Robust {task}", "Scaling {task} with Less Data", "Rethinking {task}",
           "A Simple Baseline for {task}", "Learning {task} from Noisy Labels", "Unified {task} at Scale")
TASKS = ("Image Classification", "Object Detection", "Semantic Segmentation", "Question Answering", "Text-to-Image Generation",
         "Speech Recognition", "Anomaly Detection", "Machine Translation", "Video Understanding", "Graph Learning")

RECENT = 1000  # invented methods a later paper may reuse: the last this many (constant memory)
P_PROPOSE, P_DATASET, P_REPO, P_REUSE = 0.9, 1 / 6, 0.3, 0.3


def invented(number: int, kind: str = "") -> str:
    """A name unique to ``number``: syllables spelling it in base 18, then a suffix (``KaloNet``)."""
    digits, n = [], number + 18
    while n:
        n, d = divmod(n, len(SYLLABLES))
        digits.append(SYLLABLES[d])
    stem = "".join(digits).capitalize()
    return stem + (kind or SUFFIXES[number % len(SUFFIXES)])


def zipf_pick(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    """An item by Zipf-like rank popularity: the first few are used by many papers, the tail by few."""
    rank = min(len(items) - 1, int(rng.paretovariate(s)) - 1)
    return items[rank]


def seed_sentences() -> list[str]:
    """The seed abstracts' sentences (read at run time, never written into the repository)."""
    papers = ingest(sorted(SEEDS.glob("*.txt"))).papers
    sentences = [p.abstract[s:e] for p in papers for s, e in sentence_spans(p.abstract)]
    # Without their links and code notes: each paper's repository is its own (P_REPO), not a seed paper's.
    return [s for s in sentences if 40 <= len(s) <= 400 and "http" not in s and "github" not in s.lower()]


def paper(number: int, seed: int, per_day: int, sentences: list[str], methods: list[str], datasets: list[str],
          start: dt.date) -> dict:
    """Paper ``number``, the same on every run and machine."""
    rng = random.Random(seed * 1_000_003 + number)
    name = invented(number)
    task = rng.choice(TASKS)
    title = f"{name}: {rng.choice(PHRASES).format(task=task)}"
    used_methods = sorted({zipf_pick(rng, methods) for _ in range(rng.randint(1, 3))})
    used_data = sorted({zipf_pick(rng, datasets) for _ in range(rng.randint(1, 2))})
    parts = rng.sample(sentences, 2)
    if rng.random() < P_PROPOSE:
        parts.append(f"We propose {name}, a new approach to {task.lower()} built on {' and '.join(used_methods)}.")
    else:
        parts.append(f"We study {task.lower()} with {' and '.join(used_methods)}.")
    if number > 0 and rng.random() < P_REUSE:
        earlier = max(0, number - rng.randint(1, RECENT))
        parts.append(f"We compare with {invented(earlier)}, proposed recently.")
    parts.append(f"Experiments on {' and '.join(used_data)} show consistent gains.")
    if rng.random() < P_DATASET:
        parts.append(f"We also release {invented(number, 'Set')}, a new benchmark of {rng.randint(2, 90)},000 samples.")
    parts.extend(rng.sample(sentences, rng.randint(1, 3)))
    if rng.random() < P_REPO:
        parts.append(f"Code is available at https://github.com/{invented(number, 'lab').lower()}/{name.lower()}.")
    day = start + dt.timedelta(days=number // per_day)
    arxiv = f"{day:%y%m}.{number % 100_000:05d}"
    return {"id": arxiv, "title": title, "abstract": " ".join(parts), "date": day.isoformat()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="how many papers")
    parser.add_argument("out", type=Path, help="the JSON Lines file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="the first paper's number (the next day of a corpus: --start N)")
    parser.add_argument("--per-day", type=int, default=300, help="papers a listing day (dates advance every this many)")
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    methods = sorted(e.name for e in gazetteer.entries.values() if e.type == "Method")
    datasets = sorted(e.name for e in gazetteer.entries.values() if e.type == "Dataset")
    rng = random.Random(args.seed)  # a fixed popularity order, not the alphabet's
    rng.shuffle(methods)
    rng.shuffle(datasets)
    sentences = seed_sentences()
    tmp = args.out.with_name(f".{args.out.name}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for number in range(args.start, args.start + args.n):
            handle.write(json.dumps(paper(number, args.seed, args.per_day, sentences, methods, datasets,
                                          dt.date(2025, 1, 1)), ensure_ascii=False) + "\n")
    tmp.replace(args.out)
    print(f"{args.n:,} papers -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - started:.1f} s; {len(sentences):,} seed sentences, "
          f"{len(methods):,} listed methods, {len(datasets):,} listed datasets)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction throughput: papers/s for kg's entity pass beside plain spaCy tokenization.

Reads the seed listings from ../shared/seeds, repeats them to --papers texts
(10,000 by default) and prints, from one run:
- plain ``spacy.blank("en").tokenizer.pipe`` on the same texts (a fresh tokenizer),
- kg's whole extraction (tokenizer, gazetteer, rules, resolver, links) in one process,
- the same with ``--jobs`` processes,
- ``kg build`` end to end on a listing file of those papers.
Usage: python bench/extract.py [--papers N] [--jobs 2] [--stream 100000]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/html.py is named like the standard library's html module: keep this folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import dataclasses
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.pipeline import build_nlp, doc_text, extract  # noqa: E402
from kg.ingest import ingest  # noqa: E402
from kg.model import Paper  # noqa: E402

SEEDS = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))


def corpus(n: int) -> list[Paper]:
    """The seed papers repeated to n, each title made unique so no two merge in kg build."""
    base = ingest(sorted(SEEDS.glob("*.txt"))).papers
    return [dataclasses.replace(p, title=f"{p.title} (copy {i // len(base)})") for i, p in enumerate(base[i % len(base)] for i in range(n))]


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:8.0f} papers/s ({seconds:.2f} s for {count})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--stream", type=int, default=0,
                        help="also stream this many synthetic papers and report peak RSS and spaCy's StringStore")
    args = parser.parse_args()
    papers = corpus(args.papers)
    texts = [doc_text(p) for p in papers]

    tokenizer = spacy.blank("en").tokenizer
    start = time.perf_counter()
    for _ in tokenizer.pipe(texts):
        pass
    plain = time.perf_counter() - start
    print(f"plain tokenizer.pipe       {rate(len(texts), plain)}")

    start = time.perf_counter()
    nlp = build_nlp(compact=True)
    startup = time.perf_counter() - start
    start = time.perf_counter()
    links = sum(len(ls) for _, ls in extract(papers, nlp))
    one = time.perf_counter() - start
    print(f"kg extraction, 1 process   {rate(len(papers), one)}  = {plain / one:.2f}x plain; start-up {startup:.2f} s; {links} links")

    start = time.perf_counter()
    sum(len(ls) for _, ls in extract(papers, nlp, n_process=args.jobs))
    many = time.perf_counter() - start
    print(f"kg extraction, {args.jobs} processes {rate(len(papers), many)}  = {one / many:.2f}x one process")

    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "papers.jsonl"
        import json
        with listing.open("w", encoding="utf-8") as handle:
            for i, p in enumerate(papers):
                handle.write(json.dumps({"title": p.title, "abstract": p.abstract}) + "\n")
        for label, extra in (("default jobs", []), ("--jobs 1", ["--jobs", "1"])):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "build", str(listing), "-o", str(Path(tmp) / "out"), *extra],
                           check=True, stderr=subprocess.DEVNULL)
            whole = time.perf_counter() - start
            print(f"kg build, {label:13s}    {rate(len(papers), whole)}  = {plain / whole:.2f}x plain tokenization")

    if args.stream:
        stream_synthetic(args.stream)


def stream_synthetic(n: int) -> None:
    """Stream n papers of bench/synth.py (new names keep coming, as in real listings) through one process;
    print peak RSS and the size of spaCy's StringStore five times on the way: both stay flat."""
    import datetime as dt
    import importlib.util

    spec = importlib.util.spec_from_file_location("synth", Path(__file__).with_name("synth.py"))
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)  # type: ignore[union-attr]
    from kg.extract.gazetteer import load_gazetteer

    entries = load_gazetteer().entries.values()
    methods = sorted(e.name for e in entries if e.type == "Method")
    datasets = sorted(e.name for e in entries if e.type == "Dataset")
    sentences = synth.seed_sentences()
    nlp = build_nlp(compact=True)
    records = (synth.paper(i, 1, 300, sentences, methods, datasets, dt.date(2025, 1, 1)) for i in range(n))
    stream = (Paper(id=r["id"], title=r["title"], abstract=r["abstract"]) for r in records)
    start = time.perf_counter()
    for count, _ in enumerate(extract(stream, nlp), start=1):
        if count % max(1, n // 5) == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"streamed {count:,} synthetic papers in {time.perf_counter() - start:.1f} s: peak RSS {peak:.0f} MB, "
                  f"{len(nlp.vocab.strings):,} strings in spaCy's StringStore", flush=True)

if __name__ == "__main__":
    main()

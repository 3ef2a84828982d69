"""Coverage-guided fuzzing of kg's readers: any exception but ``InputError`` is a crash.

Property tests try the inputs we think of; atheris (libFuzzer for Python) mutates
bytes towards code the readers have not run yet, and finds the ones we did not.
Each target takes raw bytes through ``kg.ingest.sources.decode`` and then a reader:

- ``listing``: ``read_text`` (format detected: every reader) and ``read_hf_daily`` forced;
- ``jsonl``:   ``read_jsonl``;
- ``csv``:     ``read_csv``.

A crash is any exception other than :class:`kg.errors.InputError`, or an entry
whose title is empty or cannot be written as UTF-8. The fuzzer does not stop at
one: each new kind of crash (exception type and the line that raised it) is
saved to ``OUT/TARGET/kg-crash-*`` (its traceback beside it, in ``.txt``) and
printed, and fuzzing goes on. A hang of over 60 s ends the target (libFuzzer's
``timeout-*`` file). The corpus starts from small inputs written here, plus the
seed listings in ``../shared/seeds`` (read at run time, never copied into the
repository), and a dictionary of each reader's syntax guides the mutations.

Usage: python bench/fuzz.py [--seconds N] [--target listing|jsonl|csv|all] [--out DIR] [--parallel N]
Prints, per target: seconds run, executions, crashing inputs and distinct crashes.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/html.py is named like the standard library's html module: keep this folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import hashlib
import json
import os
import subprocess
import tempfile
import time
import traceback

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = ("listing", "jsonl", "csv")
SEEDS = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))
SOURCE = "fuzz-input"
MAX_LEN = 16384  # bytes per input: enough for a few entries, small enough for many runs a second
STATS_EVERY = 2.0  # seconds between writes of the running figures
SAVED_PER_CRASH = 5  # inputs kept per distinct crash


# ---------------------------------------------------------------- corpus


def _daily_page() -> str:
    entries = [
        ("FooNet: A Made-Up Network for Testing", "We propose FooNet, evaluated on ImageNet. Code at https://github.com/a/b."),
        ("Another Made-Up Paper", "We introduce the Long Form Name (LFN) dataset."),
    ]
    chrome = ["new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community", "Mar 11"]
    body = [line for title, abstract in entries for line in (title, abstract, "• 3 authors", "·", "Oct 10, 2023 3")]
    return "\n\n".join(chrome + body) + "\n"


def _jsonl() -> str:
    records = [
        {"title": "FooNet: A Made-Up Network", "abstract": "We propose FooNet.", "id": "2410.06940", "authors": ["A B", "C D"]},
        {"title": "Second Paper", "summary": "An abstract.", "date": "2024-03-11", "authors": "A; B", "upvotes": 3},
    ]
    return "\n".join([json.dumps(r) for r in records] + ["not json", "[1, 2]", '{"abstract": "no title"}']) + "\n"


def _csv() -> str:
    return ('title,abstract,authors,date\n"FooNet, a Net","We propose ""FooNet"".",A B;C D,2024-03-11\n'
            'Second Paper,"multi\nline abstract",,Mar 11 2024\n"unclosed,quote\n')


def _hf_json() -> str:
    item = {"paper": {"id": "2410.06940", "title": "A Paper", "summary": "An abstract.", "authors": [{"name": "A B"}],
                      "githubRepo": "https://github.com/a/b", "ai_keywords": ["x"]},
            "publishedAt": "2024-10-10T00:00:00.000Z", "numComments": 2}
    return json.dumps([item, {"title": "Flat", "abstract": "Flat record."}, 3])


def _atom() -> str:
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:kg="urn:kg:fetch" kg:date="2024-12-02">'
            "<entry><id>http://arxiv.org/abs/2412.01234v2</id><title>A Feed Paper</title><summary>Abstract.</summary>"
            "<author><name>A B</name></author><published>2024-12-02T18:59:59Z</published></entry></feed>")


def corpus_inputs(target: str) -> list[bytes]:
    """Small inputs written here, one of each shape the target reads, plus the seed listings' heads."""
    own = {
        "listing": [_daily_page(), _jsonl(), _csv(), _hf_json(), _atom()],
        "jsonl": [_jsonl(), '{"title": "x"}\n{"title": "\\u2028 y"}\r\n'],
        "csv": [_csv(), "title\tabstract\nA\tB\n", "id;title\n1;A;extra\n"],
    }[target]
    inputs = [text.encode("utf-8") for text in own]
    if target == "listing":
        inputs += [path.read_bytes()[:MAX_LEN] for path in sorted(SEEDS.glob("*.txt"))]
    return inputs


# Tokens libFuzzer splices into inputs: the syntax each reader branches on, which random bytes rarely spell.
TOKENS: dict[str, list[bytes]] = {
    "listing": [b"<feed", b'xmlns="http://www.w3.org/2005/Atom"', b"<entry>", b"</entry>", b"<title>", b"</feed>",
                b"<!DOCTYPE", b"<!ENTITY", b'"paper":', b'"summary":', b'"title":', b"Mar 11", b"Oct 10, 2023 3",
                "• 3 authors".encode(), "·".encode(), b"Subscribe", b"\\ud800", b"[[[[[[[[", b"\xff\xfe", b"\xfe\xff"],
    "jsonl": [b'"title":', b'"abstract":', b'"id":', b'"authors":', b'"date":', b"\\ud800", b"\\u0000", b"[[[[[[[[",
              b'{"a":{"a":{"a":', b"1e999", b"NaN", b"-Infinity"],
    "csv": [b"title", b"abstract", b'""', b'"""', b"\r", b"\r\n", b"\t", b";", "\u2028".encode(), b"\xef\xbb\xbf"],
}


def _dictionary_entry(token: bytes) -> str:
    """One token as libFuzzer's -dict format spells it: printable ASCII, else ``\\xNN``."""
    return "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02x}" for b in token)


def write_dictionary(target: str, path: Path) -> None:
    path.write_text("".join(f'kw{i}="{_dictionary_entry(t)}"\n' for i, t in enumerate(TOKENS[target])))


def write_corpus(target: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for data in corpus_inputs(target):
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


# ---------------------------------------------------------------- targets


def _check_entries(result) -> None:
    """What every read must give: titled entries, in text that can be written out."""
    for entry in result.entries:
        if not entry.title.strip():
            raise AssertionError(f"entry with an empty title: {entry!r}")
        (entry.title + entry.abstract).encode("utf-8")  # a lone surrogate ("\\ud800" in JSON) fails here
    for problem in result.problems:
        if problem.path != SOURCE or not problem.message:
            raise AssertionError(f"problem without its file or message: {problem!r}")


def run_target(target: str, data: bytes) -> None:
    """Decode the bytes and read them as the target says; raises whatever the readers raise."""
    from kg.errors import InputError
    from kg.ingest.hf_daily import read_hf_daily
    from kg.ingest.records import read_csv, read_jsonl
    from kg.ingest.sources import decode, read_text

    try:
        text, _ = decode(data, SOURCE)
    except InputError:
        return
    readers = {"listing": (read_text, read_hf_daily), "jsonl": (read_jsonl,), "csv": (read_csv,)}[target]
    for reader in readers:
        try:
            _check_entries(reader(text, SOURCE))
        except InputError as error:
            if error.path != SOURCE or not error.message:
                raise AssertionError(f"InputError without its file or message: {error!r}") from None


# ---------------------------------------------------------------- one target, in this process


class Recorder:
    """Counts runs, keeps each distinct crash's inputs, and writes the running figures to stats.json."""

    def __init__(self, target: str, folder: Path) -> None:
        self.target, self.folder = target, folder
        self.started = time.monotonic()
        self.executions = 0
        self.crashing_inputs = 0
        self.crashes: dict[str, int] = {}
        self.last_write = 0.0

    def crashed(self, data: bytes, error: BaseException) -> None:
        self.crashing_inputs += 1
        signature = crash_signature(error)
        seen = self.crashes.get(signature, 0)
        self.crashes[signature] = seen + 1
        if seen < SAVED_PER_CRASH:
            path = self.folder / f"kg-crash-{hashlib.sha1(data).hexdigest()[:16]}"
            path.write_bytes(data)
            path.with_suffix(".txt").write_text(f"{signature}\n\n{''.join(traceback.format_exception(error))}")
        if not seen:
            print(f"\n[{self.target}] new crash: {signature}\n  input ({len(data)} bytes): {data[:300]!r}"
                  f"\n  saved to {path}", flush=True)

    def tick(self) -> None:
        self.executions += 1
        now = time.monotonic()
        if now - self.last_write >= STATS_EVERY:
            self.write()
            self.last_write = now

    def write(self) -> None:
        stats = {"target": self.target, "seconds": round(time.monotonic() - self.started, 1),
                 "executions": self.executions, "crashing_inputs": self.crashing_inputs, "crashes": self.crashes}
        tmp = self.folder / "stats.json.tmp"
        tmp.write_text(json.dumps(stats, indent=1))
        tmp.replace(self.folder / "stats.json")


def crash_signature(error: BaseException) -> str:
    """The exception's type and the innermost line of kg (else of any file) that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f"{os.sep}kg{os.sep}" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} in {ours[-1].name}" if ours else "?"
    return f"{type(error).__name__} at {where}"


def fuzz_one(target: str, seconds: int, folder: Path) -> None:
    """Run atheris on one target for ``seconds``; never returns (libFuzzer exits)."""
    import atheris

    with atheris.instrument_imports(include=["kg", "csv"]):
        import kg.ingest.sources  # noqa: F401  (every reader, instrumented)

    corpus = folder / "corpus"
    write_corpus(target, corpus)
    write_dictionary(target, folder / "tokens.dict")
    recorder = Recorder(target, folder)

    def test_one_input(data: bytes) -> None:
        recorder.tick()
        try:
            run_target(target, data)
        except Exception as error:  # noqa: BLE001  (every other exception is the finding)
            recorder.crashed(data, error)

    args = [sys.argv[0], f"-max_total_time={seconds}", f"-max_len={MAX_LEN}", "-timeout=60", "-rss_limit_mb=4096",
            f"-artifact_prefix={folder}{os.sep}", "-print_final_stats=1",
            "-len_control=0", f"-dict={folder / 'tokens.dict'}", str(corpus)]
    atheris.Setup(args, test_one_input)
    recorder.write()
    atheris.Fuzz()


# ---------------------------------------------------------------- every target, in subprocesses


def run_children(targets: list[str], seconds: int, out: Path, parallel: int) -> list[dict]:
    """One subprocess per target, ``parallel`` at a time; each one's figures from its stats.json."""
    pending, running, results = list(targets), [], []
    while pending or running:
        while pending and len(running) < parallel:
            target = pending.pop(0)
            folder = out / target
            folder.mkdir(parents=True, exist_ok=True)
            log = open(folder / "libfuzzer.log", "w")
            cmd = [sys.executable, __file__, "--child", target, "--seconds", str(seconds), "--out", str(out)]
            running.append((target, subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), log))
        time.sleep(1)
        for item in [r for r in running if r[1].poll() is not None]:
            running.remove(item)
            target, process, log = item
            log.close()
            results.append(child_result(target, out / target, process.returncode))
    return sorted(results, key=lambda r: TARGETS.index(r["target"]))


def child_result(target: str, folder: Path, returncode: int) -> dict:
    stats_path = folder / "stats.json"
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {"target": target, "seconds": 0,
                                                                            "executions": 0, "crashing_inputs": 0, "crashes": {}}
    stats["returncode"] = returncode
    stats["libfuzzer_artifacts"] = sorted(p.name for p in folder.iterdir()
                                          if p.name.startswith(("crash-", "timeout-", "oom-", "slow-unit-")))
    return stats


def print_summary(results: list[dict], out: Path) -> None:
    print(f"\n{'target':<8} {'seconds':>8} {'executions':>11} {'crashing inputs':>16} {'distinct crashes':>17}")
    for r in results:
        print(f"{r['target']:<8} {r['seconds']:>8} {r['executions']:>11} {r['crashing_inputs']:>16} {len(r['crashes']):>17}")
    for r in results:
        for signature, count in sorted(r["crashes"].items()):
            print(f"  {r['target']}: {signature} ({count} inputs)")
        if r["returncode"] not in (0, None) or r["libfuzzer_artifacts"]:
            print(f"  {r['target']}: libFuzzer stopped with code {r['returncode']}, leaving "
                  f"{', '.join(r['libfuzzer_artifacts']) or 'no input'} (see {out / r['target'] / 'libfuzzer.log'})")
    print(f"crash inputs and tracebacks: {out}/TARGET/kg-crash-*")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=300, help="fuzzing time per target (default 300)")
    parser.add_argument("--target", choices=(*TARGETS, "all"), default="all")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "kg-fuzz",
                        help="where corpora, crash inputs and figures go (default: $TMPDIR/kg-fuzz)")
    parser.add_argument("--parallel", type=int, default=os.cpu_count() or 1, help="targets fuzzed at once")
    parser.add_argument("--child", choices=TARGETS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        fuzz_one(args.child, args.seconds, args.out / args.child)
        return 0
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("bench/fuzz.py needs atheris: .venv/bin/pip install atheris", file=sys.stderr)
        return 2
    targets = list(TARGETS) if args.target == "all" else [args.target]
    print(f"fuzzing {', '.join(targets)} for {args.seconds} s each, {args.parallel} at a time; output in {args.out}", flush=True)
    results = run_children(targets, args.seconds, args.out, max(1, args.parallel))
    print_summary(results, args.out)
    return 1 if any(r["crashes"] or r["returncode"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

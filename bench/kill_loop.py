"""SIGKILL the real `kg` at random moments and check that its outputs are the old ones or the new ones, never a mix.

Issue 18, criterion 4. For each operation (kg build into a fresh OUT, kg build
over an existing OUT, kg build --update, kg daily against the tests' scripted
Hub, kg html) the loop lays down the old state, starts `kg` as a subprocess,
SIGKILLs its process group at a random moment, and compares the directory it
writes with the old and the new outputs of uncut runs, file by file (SHA-256).
The outputs are the visible files; kg's own hidden files (lock, staged
files, any record of a write) are not compared. A kill between two of the
renames leaves the files mixed on disk until the next kg command finishes the
write it committed (kg/atomic.py); the loop counts that apart ("mixed until next
kg") and compares the folder as kg then reads it. Then it runs the same command
again to completion: the outputs must equal the new ones exactly, the folder
must hold no file that an uncut run does not leave, and no staged file
(`.NAME.PID.XXX.tmp`, its `.old` backup) may remain anywhere in the trial's
folder (OUT, fetch cache, view).

Every run uses a copy of kg/ frozen at the start (the working tree, or
--rev REV from git), so edits made under kg/ while the loop runs do not mix in.

Kill moments: even trials are uniform over the operation's measured uncut
duration, from its start; odd trials wait for the first staged temporary file
to appear, then are uniform over 1.2 times the measured write phase (from the
first staged file seen to the last, in uncut runs: the writing, the fsyncs and
the renames), so kills late in the write, and just after its renames, are not
left to chance, and a busy machine that slows the reading and extracting does
not push them past the end.

With --renames the loop also kills each operation right after its k-th
rename into the output folder, for every k: the moments between renames are
a few microseconds wide, too narrow for random kills to find. The SIGKILL is
real; only its moment is chosen from inside kg (a wrapper counts os.replace).

Every `kg` runs with PYTHONHASHSEED=0, so that a difference is the kill's and
never the hash seed's (kg's outputs no longer depend on it: tests/test_cli.py
checks; the loop still checks its two uncut references are the same).

    python bench/kill_loop.py --trials 10 --seed 1 [--renames] [--rev HEAD]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# The repository instead of bench/ (bench/html.py would shadow the html module), for the tests' server and records.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from tests.conftest import seeds_dir  # noqa: E402
from tests.fetch.conftest import hf_record  # noqa: E402
from tests.fetch.server import Reply, ScriptedServer  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))
KG_PYTHON = sys.executable
SEEDS = sorted(seeds_dir().glob("*.txt"))
DAY = "2024-10-14"
BEFORE, DURING, AFTER, FINISHED = "killed before write", "killed during write", "killed after write", "finished first"
PHASES = (BEFORE, DURING, AFTER, FINISHED)


def snapshot_kg(into: Path, rev: str | None) -> str:
    """A frozen copy of kg's code for every run of the loop: edits under kg/ during the loop would change the
    outputs (the manifest holds a digest of the extraction code) and void the uncut references.

    From git at ``rev``, or the working tree as it is now. Returns what was copied, for the report.
    """
    into.mkdir()
    if rev:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "kg"], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev], capture_output=True, text=True).stdout
        return f"kg/ at {rev} ({commit.strip()})"
    shutil.copytree(ROOT / "kg", into / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    edited = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "kg"]).returncode != 0
    return f"kg/ of the working tree: {head.strip()}" + (" with uncommitted edits" if edited else "")


def is_temp(name: str) -> bool:
    """A staged file of kg.atomic (``.NAME.PID.XXXX.tmp``) or its hard-linked backup (``...tmp.old``)."""
    return name.startswith(".") and ".tmp" in name


@dataclass
class Operation:
    """One kg command, the old state it starts from, and the directory whose outputs are compared."""

    name: str
    prepare: Callable[[Path], None]  # lays the old state into the (empty) trial folder
    command: Callable[[Path], list[str]]
    watched: str  # the folder, under the trial folder, that must be old or new
    old: dict[str, str] = field(default_factory=dict)  # output name -> sha256, from an uncut run
    new: dict[str, str] = field(default_factory=dict)
    new_names: set[str] = field(default_factory=set)  # every name the uncut run leaves (lock included)
    saved_old: Path | None = None  # a copy of the old state, restored before each trial
    seconds: float = 0.0  # uncut duration (mean of two runs)
    writing: float = 0.0  # uncut write phase: first staged file seen to the last (mean of two runs)


@dataclass
class Trial:
    phase: str
    result: str  # old, new or mixed, as kg reads the folder (a commit the kill cut short finished first)
    temps_after_kill: int
    leftovers: list[str]
    rerun_ok: bool
    kill: Kill
    mixed_on_disk: bool = False  # the files as the kill left them, before any kg command finished its commit


def snapshot(folder: Path) -> dict[str, str]:
    """Every file's sha256 by name (none if the folder does not exist)."""
    if not folder.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def outputs(files: dict[str, str]) -> dict[str, str]:
    """The outputs a user reads: the visible files (not the lock, staged files or any other record kg keeps)."""
    return {name: digest for name, digest in files.items() if not name.startswith(".")}


def temps_under(folder: Path) -> list[str]:
    """Staged files anywhere in the trial folder (OUT, the fetch cache, the view's folder)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*") if p.is_file() and is_temp(p.name))


def check_frozen(src: Path) -> None:
    """Every kg of the loop must import the frozen copy."""
    found = subprocess.run([KG_PYTHON, "-c", "import kg; print(kg.__file__)"], env=ENV, cwd=CWD, capture_output=True,
                           text=True).stdout.strip()
    if not found.startswith(str(src)):
        raise SystemExit(f"kg is imported from {found}, not from the frozen copy in {src}")


def kg(*args: object) -> list[str]:
    return [KG, *map(str, args)]


def build_from(sources: list[Path]) -> Callable[[Path], None]:
    """Old state: an OUT built (uncut) from these listings."""
    def prepare(trial: Path) -> None:
        run_uncut(kg("build", *sources, "-o", trial / "out"))
    return prepare


def nothing(trial: Path) -> None:
    """Old state of a fresh build: no OUT at all."""


def old_view(trial: Path) -> None:
    """Old state for kg html: the seed graph and a smaller earlier view of it."""
    run_uncut(kg("build", *SEEDS, "-o", trial / "out"))
    run_uncut(kg("html", trial / "out", "--top", "50", "-o", trial / "view" / "view.html"))


def operations() -> list[Operation]:
    first, rest = SEEDS[:3], SEEDS[3:]
    return [
        Operation("build (fresh OUT)", nothing, lambda t: kg("build", *SEEDS, "-o", t / "out"), "out"),
        Operation("build (over OUT)", build_from(first), lambda t: kg("build", *SEEDS, "-o", t / "out"), "out"),
        Operation("build --update", build_from(first), lambda t: kg("build", *rest, "--update", t / "out"), "out"),
        Operation("daily", build_from(first), lambda t: kg("daily", t / "out", "--date", DAY), "out"),
        Operation("html", old_view, lambda t: kg("html", t / "out", "-o", t / "view" / "view.html"), "view"),
    ]


ENV: dict[str, str] = {}  # every kg's environment: the frozen code first on PYTHONPATH, the test Hub, the cache
CWD = Path("/")  # every kg's working folder: not the repository, whose kg/ a `python -c` would import first


def run_uncut(command: list[str]) -> None:
    done = subprocess.run(command, env=ENV, cwd=CWD, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"uncut run failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")


def fresh(trial: Path) -> None:
    """Empty the trial folder: every run uses the same paths, as kg writes some of them into its outputs."""
    if trial.exists():
        shutil.rmtree(trial)
    trial.mkdir()


def restore_old(op: Operation, trial: Path) -> None:
    fresh(trial)
    assert op.saved_old is not None
    shutil.copytree(op.saved_old, trial, dirs_exist_ok=True)


def first_staged(proc: subprocess.Popen, watched: Path) -> bool:
    """Wait until a staged file shows in ``watched``; False if the process ended first."""
    while proc.poll() is None:
        if watched.is_dir() and any(is_temp(n) for n in os.listdir(watched)):
            return True
        time.sleep(0.001)
    return False


def timed_uncut(op: Operation, trial: Path) -> tuple[float, float]:
    """Run the operation to the end; returns its duration and that of its write phase (staged files seen)."""
    watched = trial / op.watched
    started = time.perf_counter()
    proc = subprocess.Popen(op.command(trial), env=ENV, cwd=CWD, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    staged_from = staged_until = None
    while proc.poll() is None:
        if watched.is_dir() and any(is_temp(n) for n in os.listdir(watched)):
            staged_until = time.perf_counter()
            staged_from = staged_from or staged_until
        time.sleep(0.001)
    ended = time.perf_counter()
    if proc.returncode != 0:
        raise SystemExit(f"{op.name}: the uncut run failed: {proc.stderr.read().decode()}")
    if staged_from is None or staged_until is None:
        raise SystemExit(f"{op.name}: no staged file was seen in {op.watched}; is the write still atomic?")
    return ended - started, staged_until - staged_from + 0.001


def references(op: Operation, trial: Path, store: Path) -> None:
    """The old and new outputs of uncut runs, and their durations (mean of two runs)."""
    fresh(trial)
    op.prepare(trial)
    op.saved_old = store / op.name.replace(" ", "_").replace("/", "")
    shutil.copytree(trial, op.saved_old)
    op.old = outputs(snapshot(trial / op.watched))
    runs = []
    for _ in range(2):
        restore_old(op, trial)
        runs.append(timed_uncut(op, trial))
        files = snapshot(trial / op.watched)
        if op.new and outputs(files) != op.new:
            raise SystemExit(f"{op.name}: two uncut runs wrote different outputs; the comparison needs them equal")
        op.new, op.new_names = outputs(files), set(files)
    op.seconds = sum(r[0] for r in runs) / len(runs)
    op.writing = sum(r[1] for r in runs) / len(runs)
    if op.old == op.new:
        raise SystemExit(f"{op.name}: old and new outputs are the same; the trial could not tell them apart")


@dataclass
class Kill:
    """When to kill: ``delay`` seconds after the start, or after the first staged file when ``in_write``,
    or (``after_rename`` > 0) right after that many renames into the output folder."""

    delay: float
    in_write: bool = False
    after_rename: int = 0

    def __str__(self) -> str:
        if self.after_rename:
            return f"right after rename {self.after_rename}"
        return f"{self.delay:.3f} s after {'the first staged file' if self.in_write else 'the start'}"


# Runs kg with os.replace counting the renames into the watched folder: SIGKILL right after the k-th.
RENAME_KILLER = """
import os, signal, sys
watched, after = os.path.realpath(sys.argv[1]), int(sys.argv[2])
replace, renamed = os.replace, [0]
def counting_replace(src, dst, *args, **kwargs):
    replace(src, dst, *args, **kwargs)
    if os.path.dirname(os.path.realpath(dst)) == watched and not os.path.basename(dst).startswith("."):
        renamed[0] += 1
        if renamed[0] == after:
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = counting_replace
sys.argv = ["kg", *sys.argv[3:]]
from kg.cli import cli
cli()
"""


def kill_at(op: Operation, rng: random.Random, index: int) -> Kill:
    """Even trials: anywhere in the uncut duration; odd trials: anywhere in its write phase."""
    if index % 2 == 0:
        return Kill(rng.uniform(0, op.seconds), False)
    return Kill(rng.uniform(0, 1.2 * op.writing), True)


def run_killed(command: list[str], watched: Path, kill: Kill) -> bool:
    """Start kg, SIGKILL its process group at ``kill``; returns whether it had finished by then."""
    if kill.after_rename:
        command = [KG_PYTHON, "-c", RENAME_KILLER, str(watched), str(kill.after_rename), *command[1:]]
    proc = subprocess.Popen(command, env=ENV, cwd=CWD, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    if kill.after_rename:
        pass  # it kills itself
    elif not kill.in_write or first_staged(proc, watched):
        try:
            proc.wait(timeout=kill.delay)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: kg and any workers it started
    proc.wait()
    if proc.returncode not in (0, -signal.SIGKILL):
        raise SystemExit(f"kg exited {proc.returncode} before the kill: {' '.join(command)}")
    return proc.returncode == 0


RECOVER = "import sys; from kg.atomic import recover; recover(sys.argv[1])"


def classify(files: dict[str, str], op: Operation) -> str:
    found = outputs(files)
    if found == op.old:
        return "old"
    if found == op.new:
        return "new"
    return "mixed"


def phase_of(finished: bool, temps: int, result: str) -> str:
    if finished:
        return FINISHED
    if temps:
        return DURING
    return AFTER if result == "new" else BEFORE


def trial(op: Operation, folder: Path, kill: Kill) -> Trial:
    restore_old(op, folder)
    finished = run_killed(op.command(folder), folder / op.watched, kill)
    files = snapshot(folder / op.watched)
    temps = len(temps_under(folder))
    result = classify(files, op)
    mixed_on_disk = result == "mixed"
    if mixed_on_disk:  # what any kg command does first on an output folder: finish a commit a kill cut short
        subprocess.run([KG_PYTHON, "-c", RECOVER, str(folder / op.watched)], env=ENV, cwd=CWD, check=True)
        files = snapshot(folder / op.watched)
        result = classify(files, op)
    if result == "mixed":
        records = sorted(n for n in files if n.startswith(".") and not is_temp(n))
        print(f"MIXED: {op.name} killed {kill}: {describe_mix(files, op)}; kg's own files there: {records}",
              file=sys.stderr)
    done = subprocess.run(op.command(folder), env=ENV, cwd=CWD, capture_output=True, text=True)
    after = snapshot(folder / op.watched)
    leftovers = sorted(set(temps_under(folder)) | {f"{op.watched}/{n}" for n in set(after) - op.new_names})
    rerun_ok = done.returncode == 0 and outputs(after) == op.new
    if not rerun_ok:
        print(f"RERUN: {op.name} killed {kill}; the next run exited {done.returncode} and wrote "
              f"{describe_mix(after, op)}\n{done.stderr}", file=sys.stderr)
    if leftovers:
        print(f"LEFTOVER: {op.name} killed {kill}: {leftovers}", file=sys.stderr)
    return Trial(phase_of(finished, temps, result), result, temps, leftovers, rerun_ok, kill, mixed_on_disk)


def describe_mix(files: dict[str, str], op: Operation) -> str:
    """Each output name with old, new, other or missing."""
    names = sorted(set(outputs(files)) | set(op.old) | set(op.new))
    def which(name: str) -> str:
        digest = files.get(name)
        if digest is None:
            return "missing"
        return "old" if digest == op.old.get(name) else "new" if digest == op.new.get(name) else "other"
    return ", ".join(f"{n}={which(n)}" for n in names)


def table(results: dict[str, list[Trial]], ops: list[Operation]) -> list[str]:
    head = ["operation", "uncut s", "write s", "trials", "before write", "during write", "after write",
            "finished", "old kept", "new complete", "mixed until next kg", "mixed", "leftovers after next run",
            "next run wrong"]
    rows = [head]
    for op in ops:
        trials = results[op.name]
        phases = Counter(t.phase for t in trials)
        kept = Counter(t.result for t in trials)
        rows.append([op.name, f"{op.seconds:.2f}", f"{op.writing:.2f}", str(len(trials)),
                     *(str(phases[p]) for p in PHASES), str(kept["old"]), str(kept["new"]),
                     str(sum(t.mixed_on_disk for t in trials)), str(kept["mixed"]),
                     str(sum(bool(t.leftovers) for t in trials)), str(sum(not t.rerun_ok for t in trials))])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def daily_records() -> list[dict]:
    """The Hub's day: 40 invented papers, as bench/daily.py adds to the seeded graph."""
    return [hf_record(f"2410.1{k:04d}", f"Invented paper {k} on made-up flows", DAY,
                      abstract=f"We propose Flow{k}, trained on ImageNet with a CLIP encoder and compared with ResNet-50.")
            for k in range(40)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=10, help="Trials per operation (default 10).")
    parser.add_argument("--seed", type=int, default=0, help="Seed of the kill moments.")
    parser.add_argument("--rev", default=None, help="Try kg/ as committed at this git revision (default: the working tree).")
    parser.add_argument("--renames", action="store_true",
                        help="Also kill each operation right after its k-th rename, for every k.")
    args = parser.parse_args()
    if len(SEEDS) != 5:
        raise SystemExit(f"expected the 5 seed listings in {seeds_dir()}")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="kg-kill-"))
    try:
        code = snapshot_kg(work / "src", args.rev)
        with ScriptedServer() as server:
            server.route("/api/daily_papers", Reply(body=daily_records()), date=DAY)
            ENV.update({**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(work / "src"), "KG_HF_URL": server.url,
                        "KG_FETCH_CACHE": str(work / "trial" / "cache")})
            check_frozen(work / "src")
            ops = operations()
            results: dict[str, list[Trial]] = {}
            at_renames: dict[str, list[Trial]] = {}
            for op in ops:
                references(op, work / "trial", work)
                results[op.name] = [trial(op, work / "trial", kill_at(op, rng, i)) for i in range(args.trials)]
                if args.renames:
                    at_renames[op.name] = [trial(op, work / "trial", Kill(0.0, after_rename=k))
                                           for k in range(1, len(op.new) + 1)]
                print(f"# {op.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work)
    print(f"kill loop: {args.trials} trials per operation, seed {args.seed}, PYTHONHASHSEED=0; {code}")
    print("\n".join(table(results, ops)))
    if args.renames:
        print("\nkilled right after the k-th rename into the output folder, k = 1 .. number of outputs")
        print("\n".join(table(at_renames, ops)))
    every = [*results.values(), *at_renames.values()]
    failed = sum(t.result == "mixed" or bool(t.leftovers) or not t.rerun_ok for ts in every for t in ts)
    total = sum(len(ts) for ts in every)
    print(f"{total} trials, {failed} failed; {time.perf_counter() - started:.0f} s wall")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

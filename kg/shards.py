"""Extraction in shards: the half of ``kg build`` that needs no other paper, written to files.

Extraction reads one paper at a time; only the merging across papers needs
them all, and it needs only the entities found. ``kg extract SOURCES -o SHARDS``
reads the listings and writes::

    SHARDS/listings.jsonl             the listings as read (as OUT keeps them for --update)
    SHARDS/manifest.json              the extraction's digest and the shard plan
    SHARDS/extractions-00000.jsonl    per paper: id, title, a digest of its text, entities as found
    ...

and ``kg build --from-extractions SHARDS -o OUT`` merges them into the files
``kg build SOURCES -o OUT`` writes, byte for byte. Each shard is one call of
:func:`extract_shard`, which any process can run: this one (all shards in one
stream through spaCy's ``n_process``), or the workers of a Dask cluster
(:func:`extract_to_shards` with a ``distributed.Client``). A shard already
written for the same papers by the same extraction is kept, so a run that
was stopped resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import orjson
from spacy.language import Language

from kg import collector
from kg.atomic import recover, write_files_atomically
from kg.errors import KgError
from kg.export.files import extraction_records, jsonl_lines
from kg.extract.pipeline import build_nlp, extract
from kg.ingest.merge import Ingested
from kg.model import EntityLink, Paper
from kg.state import PreviousBuild, extraction_digest, link_from_record, listing_lines, read_listings, text_digest

__all__ = ["SHARD_SIZE", "ShardError", "ShardPlan", "ShardReport", "extract_shard", "extract_to_shards", "load_shards",
           "plan_shards"]

SHARD_SIZE = 5000  # papers per shard: a few MB of records, about ten seconds of one worker's time
SHARDS_FORMAT = 1
MANIFEST = "manifest.json"
LISTINGS = "listings.jsonl"


class ShardError(KgError):
    """A shard directory that ``kg build --from-extractions`` cannot use as it is."""


@dataclass(frozen=True)
class ShardPlan:
    """One shard: its file name, its papers' ids in order, and a digest of them (what a resumed run compares)."""

    name: str
    ids: tuple[str, ...]

    @property
    def digest(self) -> str:
        return hashlib.sha256("\n".join(self.ids).encode()).hexdigest()[:16]

    def entry(self) -> dict[str, Any]:
        return {"file": self.name, "papers": len(self.ids), "ids": self.digest}


@dataclass
class ShardReport:
    """What :func:`extract_to_shards` did: shards written, shards kept from an earlier run, papers extracted."""

    shards: int = 0
    kept: int = 0
    extracted: int = 0


def shard_name(number: int) -> str:
    return f"extractions-{number:05d}.jsonl"


def plan_shards(papers: Sequence[Paper], size: int = SHARD_SIZE) -> list[ShardPlan]:
    """Papers in their build order, cut every ``size``: the same plan from the same listings anywhere."""
    return [ShardPlan(shard_name(n), tuple(p.id for p in papers[start:start + size]))
            for n, start in enumerate(range(0, len(papers), size))]


def shard_records(papers: Iterable[Paper], links: Iterable[EntityLink]) -> Iterator[dict[str, Any]]:
    """The extraction records of ``kg build`` (id, title, entities), with the digest of the text they came from."""
    papers = list(papers)
    for paper, record in zip(papers, extraction_records(papers, links)):
        yield {"id": record["id"], "title": record["title"], "text": text_digest(paper.title, paper.abstract),
               "entities": record["entities"]}


@lru_cache(maxsize=1)
def _pipeline() -> Language:
    """One pipeline per process, built on its first shard (a Dask worker keeps it for the next)."""
    return build_nlp(compact=True)


def extract_shard(papers: Sequence[Paper], path: str | os.PathLike[str]) -> int:
    """Extract one shard's papers in this process and write its file atomically; returns the paper count.

    This is the function a Dask worker runs: it needs kg installed and ``path``'s folder
    reachable (a shared file system on a real cluster).
    """
    with collector.paused():
        links = [link for _, found in extract(papers, _pipeline()) for link in found]
        _write_shard(Path(path), papers, links)
    return len(papers)


def _write_shard(path: Path, papers: Sequence[Paper], links: list[EntityLink]) -> None:
    write_files_atomically(path.parent, {path.name: jsonl_lines(shard_records(papers, links))})


def extract_to_shards(
    ingested: Ingested,
    folder: str | os.PathLike[str],
    *,
    size: int = SHARD_SIZE,
    jobs: int = 1,
    client: Any = None,
    on_shard: Callable[[int], None] | None = None,
) -> ShardReport:
    """Write ``folder``: the listings, one shard file per ``size`` papers, and the manifest (last).

    Shards run on ``client`` (a ``distributed.Client``) when given, else here, all shards in one
    stream through ``jobs`` processes. ``on_shard`` is called with each finished shard's paper count.
    """
    target = Path(folder)
    if target.is_dir():
        recover(target)
    plans = plan_shards(ingested.papers, size)
    kept = _reusable(target, plans)
    write_files_atomically(target, {LISTINGS: listing_lines(ingested.reads),
                                    MANIFEST: iter([_manifest(plans, complete=False)])})
    for stale in set(target.glob("extractions-*.jsonl")) - {target / p.name for p in plans}:
        stale.unlink()
    by_id = {p.id: p for p in ingested.papers}
    todo = [(plan, [by_id[i] for i in plan.ids]) for plan in plans if plan.name not in kept]
    done = on_shard or (lambda count: None)
    if client is not None:
        _run_on_cluster(client, target, todo, done)
    else:
        _run_here(target, todo, jobs, done)
    write_files_atomically(target, {MANIFEST: iter([_manifest(plans, complete=True)])})
    return ShardReport(len(plans), len(kept), sum(len(p.ids) for p, _ in todo))


def _run_here(target: Path, todo: list[tuple[ShardPlan, list[Paper]]], jobs: int, done: Callable[[int], None]) -> None:
    """Every shard's papers in one stream (worker processes start once), each shard written as it completes."""
    stream = extract((p for _, papers in todo for p in papers), _pipeline(), n_process=jobs)
    with collector.paused():
        for plan, papers in todo:
            links = [link for _, found in islice(stream, len(papers)) for link in found]
            _write_shard(target / plan.name, papers, links)
            done(len(papers))


def _run_on_cluster(client: Any, target: Path, todo: list[tuple[ShardPlan, list[Paper]]], done: Callable[[int], None]) -> None:
    """One task per shard on a Dask cluster; the workers write the shard files themselves."""
    from distributed import as_completed

    futures = [client.submit(extract_shard, papers, str(target / plan.name), pure=False) for plan, papers in todo]
    for future in as_completed(futures):
        done(future.result())


def _manifest(plans: list[ShardPlan], complete: bool) -> str:
    return json.dumps({"format": SHARDS_FORMAT, "extraction": extraction_digest(), "complete": complete,
                       "shards": [p.entry() for p in plans]}, indent=1) + "\n"


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _reusable(folder: Path, plans: list[ShardPlan]) -> set[str]:
    """Shards an earlier run wrote for the same papers with the same extraction (a resumed run keeps them)."""
    manifest = _read_manifest(folder)
    if not manifest or manifest.get("format") != SHARDS_FORMAT or manifest.get("extraction") != extraction_digest():
        return set()
    before = {s.get("file"): s.get("ids") for s in manifest.get("shards", []) if isinstance(s, dict)}
    return {p.name for p in plans if before.get(p.name) == p.digest and (folder / p.name).is_file()}


def load_shards(folder: str | os.PathLike[str]) -> PreviousBuild:
    """What ``kg extract`` wrote, as the earlier build ``kg build`` reuses: listings, text digests, links."""
    target = Path(folder)
    if target.is_dir():
        recover(target)
    manifest = _read_manifest(target)
    if manifest is None or manifest.get("format") != SHARDS_FORMAT:
        raise ShardError(f"{target} holds no extraction shards (no readable {MANIFEST}); write them with "
                         f"kg extract SOURCES -o {target}")
    if not manifest.get("complete"):
        raise ShardError(f"kg extract did not finish writing {target}; run the same kg extract again: it resumes")
    if manifest.get("extraction") != extraction_digest():
        raise ShardError(f"the shards in {target} were extracted by another version of kg's extraction; "
                         f"run kg extract again with this one")
    previous = PreviousBuild(reads=read_listings(target / LISTINGS), reusable=True)
    for shard in manifest["shards"]:
        _read_shard(target / shard["file"], previous)
    return previous


def _read_shard(path: Path, previous: PreviousBuild) -> None:
    try:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    record = orjson.loads(line)
                    previous.texts[record["id"]] = record["text"]
                    previous.links[record["id"]] = [link_from_record(record["id"], e) for e in record["entities"]]
    except OSError as error:
        raise ShardError(f"{path} cannot be read ({error.strerror}); run kg extract again: it rewrites missing shards") from None
    except (ValueError, KeyError, TypeError) as error:
        raise ShardError(f"{path}:{number}: not a shard record ({error}); run kg extract again") from None

"""What ``kg build`` keeps in OUT so that ``--update`` can add listings later.

- ``OUT/listings.jsonl``: every listing read, with its entries as read, so a
  later update merges old and new exactly as one build of all would;
- ``OUT/manifest.json``: which extraction produced the files (a digest of
  kg's extraction code and data), so an update reuses a paper's entities only
  when the same extraction would find them again.

Papers whose title and abstract did not change keep their entities as found
in the paper (``OUT/extractions.jsonl``, or ``OUT/extractions.raw.jsonl`` for
the papers that merging across papers changed; the merging is redone over
all papers); the others are extracted again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout

from kg.atomic import recover
from kg.errors import KgError, OutputError
from kg.ingest.merge import ListingRead, listing_id
from kg.model import Entity, EntityLink, Entry, Listing, Mention, to_dict

__all__ = ["LOCK_NAME", "PreviousBuild", "StateError", "digest_of", "extraction_digest", "link_from_record", "listing_lines",
           "load_previous", "load_previous_digests", "locked", "manifest", "read_listings", "text_digest"]

STATE_FORMAT = 1
_ENTITY_KEYS = {"type", "id", "name", "role", "confidence", "mentions", "url", "component"}


class StateError(KgError):
    """OUT cannot be updated: it was not written by ``kg build``, or is damaged."""


@lru_cache(maxsize=1)
def extraction_digest() -> str:
    """A digest of everything that decides what the extraction finds: its code and its data."""
    digest = hashlib.sha256()
    root = resources.files("kg")
    for folder in ("extract", "data", "data/gazetteer"):
        for item in sorted(root.joinpath(folder).iterdir(), key=lambda i: i.name):
            if item.is_file() and item.name.endswith((".py", ".jsonl", ".txt")):
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    return digest.hexdigest()[:16]


def manifest() -> dict[str, Any]:
    return {"format": STATE_FORMAT, "extraction": extraction_digest()}


def listing_lines(reads: list[ListingRead]) -> Iterator[bytes]:
    """``OUT/listings.jsonl``: a line per listing, its entries included, made an entry at a time
    (a listing of 100,000 entries as one list of dicts was the peak of a 100,000-paper build)."""
    for read in reads:
        yield orjson.dumps(_listing_head(read))[:-1] + b',"entries":['
        for i, entry in enumerate(read.entries):
            yield (b"," if i else b"") + orjson.dumps(to_dict(entry))
        yield b"]}\n"


def _listing_head(read: ListingRead) -> dict[str, Any]:
    listing = read.listing
    return {"id": listing.id, "source": listing.source, "format": listing.format, "date": listing.date,
            "date_text": listing.date_text, "digest": read.digest}


_ENTRY_FIELDS = {f.name for f in dataclasses.fields(Entry)}


def _entry(record: dict[str, Any]) -> Entry:
    """An entry as stored in listings.jsonl: lists back to tuples; keys a newer kg added are ignored."""
    return Entry(**{k: tuple(v) if isinstance(v, list) else v for k, v in record.items() if k in _ENTRY_FIELDS})


def text_digest(title: str, abstract: str) -> str:
    """What a paper's entities were found in, compared by a later build (cheaper to keep than the text)."""
    return hashlib.blake2b(f"{title}\n{abstract}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def link_from_record(paper_id: str, record: dict[str, Any]) -> EntityLink:
    """An :class:`EntityLink` back from its entity record in extractions.jsonl.

    The few values that repeat on every link (field, type, role, component) are interned: a JSON
    parser makes a new string for each, a million copies of "abstract" in a big OUT.
    """
    return EntityLink(
        paper_id=paper_id,
        entity=Entity(record["id"], sys.intern(record["type"]), record["name"], record.get("url")),
        role=sys.intern(record["role"]),
        confidence=record["confidence"],
        mentions=tuple(Mention(m["text"], m["start"], m["end"], sys.intern(m["field"]), m.get("sentence", ""),
                               m.get("sentence_start", -1), m.get("sentence_end", -1)) for m in record["mentions"]),
        component=sys.intern(record.get("component", "")),
        attributes={k: v for k, v in record.items() if k not in _ENTITY_KEYS},
    )


@dataclass
class PreviousBuild:
    """An earlier build's listings, and each paper's text and entities, keyed by paper id."""

    reads: list[ListingRead] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # paper id -> text_digest(title, abstract)
    links: dict[str, list[EntityLink]] = field(default_factory=dict)
    reusable: bool = False

    def links_for(self, paper_id: str, title: str, abstract: str) -> list[EntityLink] | None:
        """The earlier links of a paper whose text is unchanged, else None (extract again)."""
        if not self.reusable or self.texts.get(paper_id) != text_digest(title, abstract):
            return None
        return self.links.get(paper_id, [])


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of one of kg's own JSON Lines files, a line at a time: the whole text of a big OUT's
    extractions.jsonl, its lines and all its records at once would be three copies of it in memory.

    Split on ``\n`` only (not U+2028, which a JSON string may hold), as :func:`kg.ingest.text.data_lines`.
    """
    try:
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    yield orjson.loads(line)
    except (OSError, ValueError, RecursionError) as error:
        raise StateError(f"{path} cannot be read ({error}); build OUT again without --update") from None


LOCK_NAME = ".kg.lock"


@contextmanager
def locked(out: str | Path) -> Iterator[None]:
    """Hold OUT's lock: one kg at a time updates an OUT (a second one is refused at once, not queued)."""
    folder = Path(out)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / LOCK_NAME, timeout=0)
        lock.acquire()
    except Timeout:
        raise OutputError(f"{folder} is being updated by another kg run (it holds {folder / LOCK_NAME}); "
                          "wait for it to finish, then run again") from None
    except OSError as error:
        raise OutputError(f"cannot create output directory {folder}: {error.strerror}") from None
    try:
        yield
    finally:
        lock.release()
        if not (folder / "listings.jsonl").exists():  # not (yet) kg's output: leave no trace
            (folder / LOCK_NAME).unlink(missing_ok=True)
            if created and not any(folder.iterdir()):
                folder.rmdir()


def digest_of(path: str | Path) -> str:
    """A listing file's content digest, as ``kg build`` records it (SHA-256 of the bytes)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_previous_digests(out: str | Path) -> set[str]:
    """The content digests of the listings an OUT was built from (none if it holds no build)."""
    recover(out)
    try:
        return {r["digest"] for r in _jsonl(Path(out) / "listings.jsonl")}
    except StateError:
        return set()


def read_listings(path: Path) -> list[ListingRead]:
    """The listings as ``kg build`` (or ``kg extract``) kept them in listings.jsonl, entries included."""
    return [
        ListingRead(r["source"], r["digest"],
                    Listing(listing_id(r["source"]), r["source"], r["format"], r.get("date"), r.get("date_text")),
                    [_entry(e) for e in r["entries"]])
        for r in _jsonl(path)
    ]


def load_previous(out: str | Path) -> PreviousBuild:
    """Read what ``kg build`` left in OUT; a missing (or only locked) OUT is an empty previous build."""
    folder = Path(out)
    recover(folder)
    if not folder.exists() or (folder.is_dir() and all(p.name == LOCK_NAME for p in folder.iterdir())):
        return PreviousBuild()
    listings = folder / "listings.jsonl"
    if not listings.is_file():
        raise StateError(f"{folder} has no listings.jsonl: it was not written by kg build (or by an older kg); build it again without --update")
    previous = PreviousBuild(reads=read_listings(listings))
    try:
        previous.reusable = json.loads((folder / "manifest.json").read_text(encoding="utf-8")) == manifest()
    except (OSError, ValueError):
        previous.reusable = False
    if previous.reusable:
        previous.texts = {p["id"]: text_digest(p["title"], p["abstract"]) for p in _jsonl(folder / "papers.jsonl")}
        # As found in each paper: the merged records, except where merging changed them.
        for name in ("extractions.jsonl", "extractions.raw.jsonl"):
            for record in _jsonl(folder / name):
                previous.links[record["id"]] = [link_from_record(record["id"], e) for e in record["entities"]]
    return previous

"""Merge the entries of many listings into one deduplicated table of papers.

Inputs are put in a fixed order (by listing id) before merging, so the result
does not depend on the order the files were named in.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.ingest.dates import DateCompletion, complete_date, is_month_day
from kg.ingest.sources import read_path
from kg.ingest.join import Conflict, Item, conflicts_of, distinct_id, group_items, paper_key, paper_of, shared_ids
from kg.ingest.text import paper_id
from kg.model import Entry, Listing, Paper

__all__ = ["Ingested", "ListingRead", "Merged", "ingest", "listing_id", "merge_entries"]


@dataclass
class Ingested:
    """The papers read from a set of inputs, and what went wrong on the way."""

    listings: list[Listing] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    entries_read: int = 0
    inputs_skipped: list[str] = field(default_factory=list)
    reads: list[ListingRead] = field(default_factory=list)
    listings_replaced: list[str] = field(default_factory=list)
    listing_dates: dict[str, DateCompletion] = field(default_factory=dict)  # by listing id: dates shown without a year
    conflicts: list[Conflict] = field(default_factory=list)  # records that disagree about a paper (warnings)
    new_entries: int = 0  # entries of listings read in this run (not those of an earlier build, nor repeats)

    @property
    def duplicates_merged(self) -> int:
        return self.entries_read - len(self.papers)


def _day_key(read: ListingRead) -> tuple[str, str] | None:
    """A dated listing is known by its file name and month-day; undated ones only by their content.

    Month and day, not the year: a page kept as ``--03-11`` (no year could be
    found) and saved again with dates that give 2024-03-11 is the same page.
    """
    if not read.listing.date:
        return None
    return (read.listing.id, read.listing.date[-5:])


def _complete_date(read: ListingRead, year: int | None) -> tuple[ListingRead, DateCompletion | None]:
    """The read with its listing date's year filled in (``--year``, else inferred from its entries), and how."""
    written = read.listing.date
    if written is None or not is_month_day(written):
        return read, None
    done = complete_date(written, (e.published for e in read.entries), year)
    if done.date is None:
        return read, done
    listing = dataclasses.replace(read.listing, date=done.date)
    entries = [dataclasses.replace(e, date=done.date) if e.date == written else e for e in read.entries]
    return ListingRead(read.source, read.digest, listing, entries), done


def listing_id(source: str) -> str:
    """``listing:`` plus the file name without extension, made URL-safe.

    >>> listing_id("../shared/seeds/000_f720293112d57f29.txt")
    'listing:000_f720293112d57f29'
    """
    stem = Path(source).stem or Path(source).name
    slug = re.sub(r"[^0-9A-Za-z_.-]+", "-", stem).strip("-.") or "listing"
    return f"listing:{slug}"


@dataclass
class ListingRead:
    """One listing as read: where from, its content digest, and its entries before merging.

    Kept in ``OUT/listings.jsonl`` so that ``kg build --update`` can merge new
    listings with old ones exactly as a build of all of them at once would.
    ``listing.id`` is the id from the file name, before any suffix that tells
    two listings of the same name apart.
    """

    source: str
    digest: str
    listing: Listing
    entries: list[Entry]


# A title and abstract longer than this are no abstract (a whole book pasted into a field): refused, so
# that no single record can take the entity pass's time and memory.
MAX_PAPER_CHARS = 2_000_000


def _check_size(entry: Entry) -> None:
    size = len(entry.title) + len(entry.abstract)
    if size > MAX_PAPER_CHARS:
        raise ValueError(f"title and abstract hold {size:,} characters, more than the {MAX_PAPER_CHARS:,} kg reads "
                         f"for one paper; shorten the abstract")


@dataclass
class Merged:
    """Papers sorted by id, how many entries made them, entries that could not be a paper, and disagreements."""

    papers: list[Paper]
    entries: int
    problems: list[InputError]
    conflicts: list[Conflict]


def merge_entries(reads: list[tuple[Listing, list[Entry]]], new: Callable[[Listing], bool] = lambda listing: True,
                  paths: Mapping[str, str] | None = None) -> Merged:
    """Group entries into papers (see :mod:`kg.ingest.join`).

    Conflicts are reported only where an entry of a ``new`` listing takes
    part, so that a graph updated every day does not repeat old ones.
    ``paths`` (by listing id) name the files in messages as the user gave them.
    """
    paths = paths or {}
    items: list[Item] = []
    problems: list[InputError] = []
    for listing, entries in sorted(reads, key=lambda r: r[0].id):
        for position, entry in enumerate(entries, start=1):
            try:
                _check_size(entry)
                items.append(Item(listing, position, entry, paper_id(entry.title), paths.get(listing.id, "")))
            except ValueError as error:
                problems.append(InputError(paths.get(listing.id, listing.source), f"{error}; skipped", line=entry.line))
    groups = sorted(group_items(items), key=lambda g: (paper_key(g), g[0].entry.arxiv_id or ""))
    taken: set[str] = set()
    made = []
    conflicts = []
    for group in groups:
        pid = distinct_id(paper_key(group), group, taken)
        taken.add(pid)
        made.append((paper_of(pid, group), group))
        if any(new(item.listing) for item in group):
            conflicts.extend(conflicts_of(paper_key(group), group))
    conflicts.extend(shared_ids(made, new))
    papers = sorted((paper for paper, _ in made), key=lambda p: p.id)
    return Merged(papers, len(items), problems, conflicts)


def _assign_listing_ids(reads: list[ListingRead]) -> list[ListingRead]:
    """Tell listings of the same file name apart by a digest suffix (copies; the reads stay as read)."""
    counts: dict[str, int] = {}
    for read in reads:
        counts[read.listing.id] = counts.get(read.listing.id, 0) + 1
    out = []
    for read in reads:
        listing = read.listing
        if counts[listing.id] > 1:
            listing = dataclasses.replace(listing, id=f"{listing.id}-{read.digest[:8]}")
        out.append(ListingRead(read.source, read.digest, listing, read.entries))
    return out


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    strict: bool = False,
    on_file: Callable[[str], None] | None = None,
    previous: Iterable[ListingRead] = (),
    year: int | None = None,
) -> Ingested:
    """Read every path and merge the entries into papers.

    A file that cannot be read is reported in ``problems`` and the others are
    still read; with ``strict=True`` the first problem is raised instead.
    The same content named twice is read once (listed in ``inputs_skipped``).
    ``previous`` are listings read before (``--update``): they merge with the
    new ones as if all had been named together, except that a new read of a
    listing with the same file name and day replaces the earlier one.
    A listing date shown without a year (``--03-11``, new or previous) gets
    ``year``, else the year inferred from its entries' publication dates
    (:func:`kg.ingest.dates.infer_date`); ``listing_dates`` says how.
    """
    result = Ingested()
    completed: dict[str, DateCompletion] = {}  # by digest
    earlier = []
    for read in previous:  # graphs built before listing dates got their year still carry --03-11
        read, done = _complete_date(read, year)
        earlier.append(read)
        if done is not None:
            completed[read.digest] = done
    reads: dict[str, ListingRead] = {read.digest: read for read in earlier}
    earlier_days = {_day_key(read): read.digest for read in earlier if _day_key(read) is not None}
    for path in paths:
        source = str(path)
        if on_file is not None:
            on_file(source)
        try:
            read = read_path(path, format)
        except InputError as error:
            if strict:
                raise
            result.problems.append(error)
            continue
        except OSError as error:  # raced away between checks
            problem = InputError(source, f"cannot be read ({error.strerror})")
            if strict:
                raise problem from None
            result.problems.append(problem)
            continue
        if strict and read.problems:
            raise read.problems[0]
        result.problems.extend(read.problems)
        listing = Listing(listing_id(source), Path(source).name, read.format, read.date, read.date_text)
        candidate, done = _complete_date(ListingRead(source, read.digest, listing, read.entries), year)
        kept = reads.get(read.digest)
        if kept is not None:
            # The same content under two names is one listing: keep the name that sorts first,
            # so the result does not depend on the order the files were named in.
            first, second = sorted((kept, candidate), key=lambda r: (r.listing.id, r.listing.source, r.source))
            result.inputs_skipped.append(second.source)
            reads[read.digest] = first
            continue
        if done is not None:
            completed[read.digest] = done
        replaced = earlier_days.pop(_day_key(candidate), None) if _day_key(candidate) else None
        if replaced is not None:
            # A listing of the same name and day read again with new content (a day fetched
            # before it was over, a page saved again later): the newer read replaces the older.
            reads.pop(replaced, None)
            result.listings_replaced.append(candidate.source)
        reads[read.digest] = candidate
    ordered = sorted(reads.values(), key=lambda r: (r.listing.id, r.digest))
    ordered = _assign_listing_ids(ordered)
    result.reads = ordered
    result.listing_dates = {r.listing.id: completed[r.digest] for r in ordered if r.digest in completed}
    result.listings = sorted((r.listing for r in ordered), key=lambda listing: listing.id)
    result.inputs_skipped.sort()
    fresh = {r.digest for r in ordered} - {r.digest for r in earlier}
    new_ids = {r.listing.id for r in ordered if r.digest in fresh}
    result.new_entries = sum(len(r.entries) for r in ordered if r.digest in fresh)
    merged = merge_entries([(r.listing, r.entries) for r in ordered], new=lambda listing: listing.id in new_ids,
                           paths={r.listing.id: r.source for r in ordered})
    result.papers, result.entries_read, result.conflicts = merged.papers, merged.entries, merged.conflicts
    result.problems.extend(merged.problems)
    if strict and merged.problems:
        raise merged.problems[0]
    return result

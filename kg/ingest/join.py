"""Which entries are the same paper, and the one paper they make.

An arXiv id, when known, is the join key: entries that share one are one paper
even when their titles differ (a revised title, a listing that spells it
another way). Entries without an id join the paper with their normalised
title. Two entries with the same title but different arXiv ids are two
papers.

A paper's id stays the hash of a normalised title (see
:func:`kg.ingest.text.paper_id`), so graphs built before arXiv ids joined
papers keep their ids: it is the title of the paper's earliest sighting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.ingest.text import paper_id
from kg.model import Entry, Listing, Paper, Sighting

__all__ = ["Item", "distinct_id", "group_items", "paper_key", "paper_of"]


@dataclass(frozen=True)
class Item:
    """One entry where it was seen, with its title key (``paper_id`` of its title)."""

    listing: Listing
    position: int
    entry: Entry
    key: str

    @property
    def day(self) -> str:
        return self.entry.date or self.listing.date or "~"  # undated sorts last


class _Groups:
    """Union-find over item indexes."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, indexes: Iterable[int]) -> None:
        indexes = list(indexes)
        for i in indexes[1:]:
            self.parent[self.find(i)] = self.find(indexes[0])


def group_items(items: Sequence[Item]) -> list[list[Item]]:
    """The items of each paper, in input order; see the module docstring for the rule."""
    groups = _Groups(len(items))
    by_arxiv: dict[str, list[int]] = {}
    by_title: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if item.entry.arxiv_id:
            by_arxiv.setdefault(item.entry.arxiv_id, []).append(i)
        by_title.setdefault(item.key, []).append(i)
    for indexes in by_arxiv.values():
        groups.join(indexes)
    for indexes in by_title.values():
        ids = {items[i].entry.arxiv_id for i in indexes} - {None}
        if len(ids) <= 1:
            groups.join(indexes)
        else:  # one title, several arXiv ids: several papers; the entries without an id stay together
            groups.join(i for i in indexes if not items[i].entry.arxiv_id)
    members: dict[int, list[Item]] = {}
    for i, item in enumerate(items):
        members.setdefault(groups.find(i), []).append(item)
    return list(members.values())


def paper_key(group: Sequence[Item]) -> str:
    """The paper id: the title key of the earliest sighting (ties: the smallest key)."""
    return min(group, key=lambda item: (item.day, item.key)).key


def distinct_id(key: str, group: Sequence[Item], taken: set[str]) -> str:
    """``key``, or when another paper has it (same title, other arXiv id), one qualified by the arXiv id."""
    if key not in taken:
        return key
    arxiv_id = next((item.entry.arxiv_id for item in group if item.entry.arxiv_id), None)
    title = next(item.entry.title for item in group if item.key == key)
    return paper_id(f"{title} arXiv:{arxiv_id}" if arxiv_id else f"{title} {len(taken)}")


def _first(values: Iterable[object]) -> object:
    return next((v for v in values if v not in (None, "", ())), None)


def _union(values: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for vs in values for v in vs))


def _largest(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def paper_of(pid: str, group: Sequence[Item]) -> Paper:
    """One paper from its entries, in listing order.

    Per field the first non-empty value wins, except: the abstract and the
    author list, where the longest wins (a cut-short copy never hides a full
    one); upvotes and stars, where the largest (the latest count) wins; and
    lists (keywords, categories, Hub links, urls), which are united.
    """
    entries = [item.entry for item in group]
    keyed = next((item.entry for item in group if item.key == pid), entries[0])
    sightings: dict[str, Sighting] = {}
    for item in group:
        sightings.setdefault(item.listing.id, Sighting(item.listing.id, item.listing.source,
                                                       item.entry.date or item.listing.date, item.position, item.entry.line))
    return Paper(
        id=pid,
        title=keyed.title,
        abstract=max((e.abstract for e in entries), key=len),
        arxiv_id=_first(e.arxiv_id for e in entries),  # type: ignore[arg-type]
        url=_first(e.url for e in entries),  # type: ignore[arg-type]
        authors=max((e.authors for e in entries), key=len),
        author_count=_first(e.author_count for e in entries),  # type: ignore[arg-type]
        published=_first(e.published for e in entries),  # type: ignore[arg-type]
        comments=_largest(e.comments for e in entries),
        source_ids=tuple(sorted({e.source_id for e in entries if e.source_id})),
        listings=tuple(sightings[k] for k in sorted(sightings)),
        urls=_union((e.url,) if e.url else () for e in entries),
        upvotes=_largest(e.upvotes for e in entries),
        github_repo=_first(e.github_repo for e in entries),  # type: ignore[arg-type]
        github_stars=_largest(e.github_stars for e in entries),
        project_page=_first(e.project_page for e in entries),  # type: ignore[arg-type]
        keywords=_union(e.keywords for e in entries),
        organization=_first(e.organization for e in entries),  # type: ignore[arg-type]
        submitter=_first(e.submitter for e in entries),  # type: ignore[arg-type]
        submitted=_first(e.submitted for e in entries),  # type: ignore[arg-type]
        categories=_union(e.categories for e in entries),
        hub_models=tuple(sorted(_union(e.hub_models for e in entries))),
        hub_datasets=tuple(sorted(_union(e.hub_datasets for e in entries))),
        hub_spaces=tuple(sorted(_union(e.hub_spaces for e in entries))),
    )

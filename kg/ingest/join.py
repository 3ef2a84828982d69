"""Which entries are the same paper, and the one paper they make.

An arXiv id, when known, is the join key: entries that share one are one paper
even when their titles differ (a revised title, a listing that spells it
another way). Entries without an id join the paper with their normalised
title. Two entries with the same title but different arXiv ids are two
papers.

A paper's id stays the hash of a normalised title (see
:func:`kg.ingest.text.paper_id`), so graphs built before arXiv ids joined
papers keep their ids: it is the title of the paper's earliest sighting.

Entries of one paper can disagree: two titles under one arXiv id, two
abstracts under one title. The paper's first sighting (earliest date, then
listing name, then position) gives its title and abstract, and each
disagreement is reported as a :class:`Conflict` naming both sources. An
abstract that is a cut-short copy of another is no disagreement: the longer
one is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kg.ingest.text import paper_id
from kg.model import Entry, Listing, Paper, Sighting

# Of the shorter abstract's words (three letters or more), the share the longer must hold to be the same text.
SAME_ABSTRACT_SHARE = 0.6

__all__ = ["Conflict", "Item", "conflicts_of", "distinct_id", "group_items", "paper_key", "paper_of", "shared_ids"]


@dataclass(frozen=True)
class Item:
    """One entry where it was seen, with its title key (``paper_id`` of its title)."""

    listing: Listing
    position: int
    entry: Entry
    key: str
    path: str = ""  # the file as the user named it (the listing keeps only its name)

    @property
    def day(self) -> str:
        return self.entry.date or self.listing.date or "~"  # undated sorts last

    @property
    def where(self) -> str:
        """``FILE:LINE`` of the entry, for messages."""
        path = self.path or self.listing.source
        return f"{path}:{self.entry.line}" if self.entry.line is not None else path


@dataclass(frozen=True)
class Conflict:
    """Records that disagree about one paper: where each is (the one kept first), and what was done."""

    sources: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return f"{' and '.join(self.sources)}: {self.message}"


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


def _first_sighting(pid: str, group: Sequence[Item]) -> Item:
    """The entry that gives the paper its title and abstract: the earliest with the paper's title key."""
    keyed = [item for item in group if item.key == pid] or list(group)
    return min(keyed, key=lambda item: (item.day, item.listing.id, item.position))


_WORD = re.compile(r"[^\W_]{3,}")


def _words(abstract: str) -> set[str]:
    return set(_WORD.findall(abstract.casefold()))


def _same_abstract(a: str, b: str) -> bool:
    """One abstract is the other in another rendering: a cut-short copy, other spacing or LaTeX, a revision.

    Most of the shorter one's words are in the longer one; two different
    papers' abstracts share few.
    """
    if a == b:
        return True
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return True
    return len(words_a & words_b) >= SAME_ABSTRACT_SHARE * min(len(words_a), len(words_b))


def _abstract(first: Entry, entries: Sequence[Entry]) -> str:
    """The longest abstract that is the first sighting's own or a fuller copy of it."""
    return max((e.abstract for e in entries if _same_abstract(e.abstract, first.abstract)), key=len)


def conflicts_of(pid: str, group: Sequence[Item]) -> list[Conflict]:
    """What the paper's entries disagree on: titles other than the first sighting's, abstracts that are not copies of its."""
    first = _first_sighting(pid, group)
    conflicts = []
    titles: dict[str, Item] = {}
    abstracts: dict[str, Item] = {}
    for item in group:
        if item.key != first.key and item.key not in titles:
            titles[item.key] = item
        elif item.key == first.key and not _same_abstract(item.entry.abstract, first.entry.abstract):
            abstracts.setdefault(" ".join(sorted(_words(item.entry.abstract))), item)
    which = f"arXiv {first.entry.arxiv_id}" if first.entry.arxiv_id else "one title"
    for item in titles.values():
        conflicts.append(Conflict((first.where, item.where), f"one paper ({which}) under two titles, {first.entry.title!r} "
                                  f"and {item.entry.title!r}; kept the first listed, {first.entry.title!r}"))
    for item in abstracts.values():
        conflicts.append(Conflict((first.where, item.where), f"one paper ({first.entry.title!r}) with two different "
                                  f"abstracts; kept the first listed"))
    return conflicts


def shared_ids(papers: Sequence[tuple[Paper, Sequence[Item]]], new: Callable[[Listing], bool]) -> list[Conflict]:
    """Record ids (``id`` columns) that two different papers carry: they stay two papers, and the user hears
    of it where one of the records is in a ``new`` listing."""
    holders: dict[str, list[tuple[Paper, Item]]] = {}
    for paper, group in papers:
        for source_id in paper.source_ids:
            item = next(i for i in group if i.entry.source_id == source_id)
            holders.setdefault(source_id, []).append((paper, item))
    conflicts = []
    for source_id, found in sorted(holders.items()):
        if len(found) > 1 and any(new(item.listing) for _, item in found):
            found.sort(key=lambda held: (held[1].day, held[1].listing.id, held[1].position))
            (a, first), (b, second) = found[:2]
            conflicts.append(Conflict((first.where, second.where), f"id {source_id!r} is on two different papers, "
                                      f"{a.title!r} and {b.title!r}; kept them apart"))
    return conflicts


def paper_of(pid: str, group: Sequence[Item]) -> Paper:
    """One paper from its entries, in listing order.

    The first sighting (see :func:`_first_sighting`) gives the title, and the
    abstract unless another entry holds a fuller copy of it. Per other field
    the first non-empty value wins, except: the author list, where the longest
    wins (a cut-short copy never hides a full one); upvotes and stars, where
    the largest (the latest count) wins; and lists (keywords, categories, Hub
    links, urls), which are united.
    """
    entries = [item.entry for item in group]
    keyed = _first_sighting(pid, group).entry
    sightings: dict[str, Sighting] = {}
    for item in group:
        sightings.setdefault(item.listing.id, Sighting(item.listing.id, item.listing.source,
                                                       item.entry.date or item.listing.date, item.position, item.entry.line))
    return Paper(
        id=pid,
        title=keyed.title,
        abstract=_abstract(keyed, entries),
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

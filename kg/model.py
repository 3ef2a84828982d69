"""The data model: plain frozen dataclasses that every stage passes along.

Nothing here does I/O. Exporters turn these into rows with :func:`to_dict`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

__all__ = [
    "Entity",
    "EntityLink",
    "Entry",
    "Field",
    "Listing",
    "Mention",
    "Paper",
    "Sighting",
    "to_dict",
]

Field = Literal["title", "abstract"]


@dataclass(frozen=True, order=True, slots=True)
class Listing:
    """One input listing: a saved daily page, a JSON/CSV file, an API dump.

    ``date`` is ISO 8601: ``YYYY-MM-DD`` when the year is known, ``--MM-DD``
    when the page shows only month and day (Daily Papers pages do).
    """

    id: str
    source: str
    format: str
    date: str | None = None
    date_text: str | None = None


@dataclass(frozen=True, order=True, slots=True)
class Sighting:
    """Where a paper was seen: which listing, at which entry (1-based) and line."""

    listing_id: str
    source: str
    date: str | None
    position: int
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper, deduplicated across every listing it appeared in.

    ``id`` is derived from a normalised title (see :func:`kg.ingest.text.paper_id`),
    so the same paper gets the same id from any input on any machine; entries
    that share an arXiv id are one paper even when their titles differ.
    Fields after ``listings`` come from richer sources (Hugging Face's API,
    arXiv): ``keywords`` are HF's ``ai_keywords``, ``submitted`` the day the
    paper was submitted to Daily Papers, ``hub_*`` the Hub repositories
    linked to the paper.
    """

    id: str
    title: str
    abstract: str = ""
    arxiv_id: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    published: str | None = None
    comments: int | None = None
    source_ids: tuple[str, ...] = ()
    listings: tuple[Sighting, ...] = ()
    urls: tuple[str, ...] = ()
    upvotes: int | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    keywords: tuple[str, ...] = ()
    organization: str | None = None
    submitter: str | None = None
    submitted: str | None = None
    categories: tuple[str, ...] = ()
    hub_models: tuple[str, ...] = ()
    hub_datasets: tuple[str, ...] = ()
    hub_spaces: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a paper's title or abstract; offsets index that string.

    ``sentence_start``/``sentence_end`` place its sentence in the same string
    (-1 when unknown). ``sentence`` quotes it (at most 400 characters, around
    the mention) on an entity's first mention in that sentence only; later
    mentions there leave it "" and share the offsets.
    """

    text: str
    start: int
    end: int
    field: Field
    sentence: str = ""
    sentence_start: int = -1
    sentence_end: int = -1


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing papers mention: a method, dataset, task or code repository.

    ``id`` is namespaced by type (``repository:github.com/owner/name``) so two
    things of different types never share a node.
    """

    id: str
    type: Literal["Method", "Dataset", "Task", "Repository"]
    name: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class EntityLink:
    """A paper's link to an entity, with its role and the evidence for it.

    ``component`` names the rule or pipeline component that found it, so a
    user can audit any edge back to the text and the code that made it.
    """

    paper_id: str
    entity: Entity
    role: str
    confidence: float
    mentions: tuple[Mention, ...]
    component: str
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def to_dict(obj: Any) -> dict[str, Any]:
    """Like ``dataclasses.asdict`` but with tuples as lists, ready for JSON.

    Written out rather than calling ``asdict``, which deep-copies every value
    and was the slowest step of writing 10,000 papers.
    """
    return {name: _plain(getattr(obj, name)) for name in _field_names(type(obj))}


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper as one listing shows it, before deduplication.

    ``line`` is the 1-based line of the title in a text listing, or the record
    number in a JSON/CSV file, so errors and sightings point back to the input.
    The fields after ``date`` are those of :class:`Paper`, where a source has them.
    """

    title: str
    abstract: str = ""
    line: int | None = None
    arxiv_id: str | None = None
    url: str | None = None
    source_id: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    published: str | None = None
    comments: int | None = None
    date: str | None = None
    upvotes: int | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    keywords: tuple[str, ...] = ()
    organization: str | None = None
    submitter: str | None = None
    submitted: str | None = None
    categories: tuple[str, ...] = ()
    hub_models: tuple[str, ...] = ()
    hub_datasets: tuple[str, ...] = ()
    hub_spaces: tuple[str, ...] = ()

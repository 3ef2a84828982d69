"""One node per real-world thing: merge entities that different papers name differently, and no more.

Within a paper the extraction already merges spellings (the gazetteer's
aliases, an acronym and its long form). Across papers, :func:`canonicalize`
takes these steps, each recorded for ``kg explain``:

1. *Suffixes stay.* A name ending in ``+``/``++`` keeps it in its id
   (``method:sam-plus-plus`` for SAM++, as :func:`kg.extract.gazetteer.entity_key`
   makes it; a link keyed without it, as ``method:sam``, is re-keyed). A name with a suffix (``X++``, ``X+``, ``X-v2``, ``X v2``,
   ``X-2``) is never merged by its base name ``X``, nor ``X`` by ``X++``,
   though extraction may hand one over as the other's alias.
2. *One name, one meaning, one type* (:mod:`kg.graph.senses`): an acronym
   two papers spell out differently becomes two entities, and a name found
   with two types gets one, settled by evidence.
3. *Shared names merge.* Entities of the same type that share a name or
   alias (compared by :func:`kg.graph.names.form_key`: without case, spaces
   or punctuation, but with a trailing ``+``) are merged: an entity one
   paper names only by its long form ("REPresentation Alignment") joins the
   acronym another defines ("REPA (REPresentation Alignment)"). The listed
   (gazetteer) entity wins, then the one in more papers, then the shorter
   name. Two listed entities never merge, nor two that spell a shared
   acronym out differently (they are *kept apart*, and that is recorded).

The result depends only on the links, never on the order they come in.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.graph.audit import APART, MERGED, Merge
from kg.graph.names import (form_key, is_long_form_of, is_suffix_variant, long_forms, plus_count, same_long_form,
                            strip_suffix)
from kg.graph.senses import settle_names
from kg.ingest.text import name_slug
from kg.model import EntityLink, Mention

__all__ = ["Merge", "canonicalize"]

Listed = Collection[str] | Mapping[str, Sequence[str]]


def _order(link: EntityLink) -> tuple:
    """A total order on links, so that input order never matters."""
    return (*_first_order(link), [(m.field, m.start, m.end, m.text) for m in link.mentions], _Attributes(link.attributes))


def _first_order(link: EntityLink) -> tuple:
    """The start of :func:`_order`, which tells almost every two links apart without building their mentions' keys."""
    return (link.paper_id, link.entity.id, link.role, link.entity.type, link.entity.name, link.component, link.confidence)


def _sorted(links: Iterable[EntityLink]) -> list[EntityLink]:
    """``sorted(links, key=_order)``, the whole key built only for links whose :func:`_first_order` ties."""
    ordered = sorted(links, key=_first_order)
    out: list[EntityLink] = []
    for _, tied in itertools.groupby(ordered, key=_first_order):
        group = list(tied)
        out.extend(sorted(group, key=_order) if len(group) > 1 else group)
    return out


class _Attributes:
    """A link's attributes as the last key of :func:`_order`, serialised only when all else ties (rarely)."""

    __slots__ = ("value",)

    def __init__(self, value: Mapping[str, object]) -> None:
        self.value = value

    def _text(self) -> str:
        return json.dumps(self.value, sort_keys=True, default=str)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Attributes) and ((not self.value and not other.value) or self._text() == other._text())

    def __lt__(self, other: _Attributes) -> bool:
        return self._text() < other._text()

    __hash__ = None  # type: ignore[assignment]


def _suffix_kept(link: EntityLink, listed: Mapping[str, Sequence[str]]) -> EntityLink:
    """An ``X++`` keyed as ``x`` (by a producer that drops the ``+``) gets the id ``x-plus-plus``.

    A listed id keeps the names its entry lists; a name it does not list is
    another thing that fell on the same key.
    """
    kind, _, key = link.entity.id.partition(":")
    count = plus_count(link.entity.name)
    if not count or key != name_slug(link.entity.name):
        return link
    if link.entity.id in listed and (not listed[link.entity.id] or
                                     form_key(link.entity.name) in {form_key(f) for f in listed[link.entity.id]}):
        return link
    entity_id = f"{kind}:{key}" + "-plus" * count
    return dataclasses.replace(link, entity=dataclasses.replace(link.entity, id=entity_id))


def _names(link: EntityLink) -> tuple[tuple[str, str], ...]:
    """The forms a link can be merged by, each with its :func:`form_key`: its name and aliases, but not
    its name with a suffix changed.

    Nor, for a name with a suffix (MMRL++, GPT-4), the long form of an acronym:
    it spells out the letters, which name the base (MMRL, GPT) as well.
    """
    return _forms_of(link.entity.name, tuple(link.attributes.get("aliases", ())))


@lru_cache(maxsize=1 << 16)
def _forms_of(name: str, aliases: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """:func:`_names` of one name and its aliases (the same few repeat on thousands of links), sorted."""
    dropped = set(long_forms(name, aliases)) if strip_suffix(name) != name else set()
    forms = {name, *(a for a in aliases if not is_suffix_variant(a, name) and a not in dropped)}
    return tuple(sorted((f, form_key(f)) for f in forms if len(form_key(f)) >= 3))


@dataclass
class _Index:
    """What the merging step knows of each entity id."""

    papers: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    long: dict[str, set[str]] = field(default_factory=dict)  # long forms: the papers' and the list's
    by_form: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    first_seen: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (key, id) -> (paper, form)


def _index(links: list[EntityLink], listed: Mapping[str, Sequence[str]]) -> _Index:
    index = _Index()
    for link in links:
        entity = link.entity
        if entity.type == "Repository":
            continue
        index.papers.setdefault(entity.id, set()).add(link.paper_id)
        index.names.setdefault(entity.id, entity.name)
        index.long.setdefault(entity.id, {f for f in listed.get(entity.id, ()) if len(f.split()) > 1})
        index.long[entity.id].update(long_forms(entity.name, link.attributes.get("aliases", [])))
        for form, folded in _names(link):
            key = (entity.type, folded)
            index.by_form.setdefault(key, set()).add(entity.id)
            index.first_seen.setdefault((key[1], entity.id), (link.paper_id, form))
    return index


def _conflict(index: _Index, keep: str, other: str, form: str) -> tuple[str, str] | None:
    """The two long forms for ``form`` that tell ``keep`` and ``other`` apart, if they do."""
    ours = sorted(f for f in index.long[keep] if is_long_form_of(f, form))
    theirs = sorted(f for f in index.long[other] if is_long_form_of(f, form))
    if not ours or not theirs or any(same_long_form(a, b) for a in ours for b in theirs):
        return None
    return ours[0], theirs[0]


class _Merger:
    """Union-find over entity ids, merging by shared form unless the long forms disagree."""

    def __init__(self, index: _Index, listed: Collection[str]) -> None:
        self.index, self.listed = index, listed
        self.parent = {e: e for e in index.papers}
        self.reasons: dict[str, tuple[str, str]] = {}
        self.apart: dict[tuple[str, str], Merge] = {}

    def root(self, e: str) -> str:
        while self.parent[e] != e:
            self.parent[e] = self.parent[self.parent[e]]
            e = self.parent[e]
        return e

    def rank(self, e: str) -> tuple:
        return (e not in self.listed, -len(self.index.papers[e]), len(self.index.names[e]), e)

    def merge_form(self, folded: str, ids: set[str]) -> None:
        roots = sorted({self.root(e) for e in ids}, key=self.rank)
        if len([r for r in roots if r in self.listed]) > 1:
            return  # two listed entities share a loose form: the lists keep them apart on purpose
        keep = roots[0]
        for other in roots[1:]:
            member = min(e for e in ids if self.root(e) == other)
            paper, form = self.index.first_seen[(folded, member)]
            conflict = _conflict(self.index, keep, other, form)
            if conflict:
                self._keep_apart(keep, other, form, conflict)
                continue
            self.parent[other] = keep
            self.index.long[keep] |= self.index.long[other]
            self.reasons[other] = (form, paper)

    def _keep_apart(self, a: str, b: str, form: str, conflict: tuple[str, str]) -> None:
        reason = f"both are called {form!r}, but {a} spells it out {conflict[0]!r} and {b} {conflict[1]!r}"
        papers = self.index.papers
        self.apart.setdefault((a, b), Merge(a, b, form, min(papers[b]), APART, reason,
                                            tuple(sorted(papers[b])), tuple(sorted(papers[a]))))

    def records(self, already: Iterable[Merge]) -> list[Merge]:
        """The merges made, and the pairs kept apart that no earlier record explains."""
        out = []
        for entity_id in sorted(self.parent):
            target = self.root(entity_id)
            if target != entity_id:
                form, paper = self.reasons.get(entity_id, ("", ""))
                out.append(Merge(entity_id, target, form, paper, MERGED))
        explained = {frozenset((m.source, m.target)) for m in already}
        for record in self.apart.values():
            pair = (self.root(record.source), self.root(record.target))
            if pair[0] != pair[1] and frozenset(pair) not in explained:
                explained.add(frozenset(pair))
                out.append(dataclasses.replace(record, source=pair[0], target=pair[1],
                                               papers=_papers_of(self, pair[1]), other_papers=_papers_of(self, pair[0])))
        return out


def _papers_of(merger: _Merger, root: str) -> tuple[str, ...]:
    """The papers of every id merged into ``root``."""
    return tuple(sorted({p for e, papers in merger.index.papers.items() if merger.root(e) == root for p in papers}))


def _merge_shared_forms(links: list[EntityLink], listed: Mapping[str, Sequence[str]],
                        already: Iterable[Merge]) -> tuple[list[EntityLink], list[Merge]]:
    """Step 3: merge entities of one type that share a form; re-key their links to the survivor."""
    index = _index(links, listed)
    merger = _Merger(index, listed)
    for (_, folded), ids in sorted(index.by_form.items()):
        if len(ids) > 1:
            merger.merge_form(folded, ids)
    remapped = []
    for link in links:
        target = merger.root(link.entity.id) if link.entity.id in merger.parent else link.entity.id
        if target != link.entity.id:
            name = index.names[target]
            aliases = sorted({*link.attributes.get("aliases", []), link.entity.name} - {name})
            link = dataclasses.replace(
                link,
                entity=dataclasses.replace(link.entity, id=target, name=name),
                attributes={**link.attributes, "aliases": aliases},
            )
        remapped.append(link)
    return remapped, merger.records(already)


def _listed_forms(listed: Listed) -> Mapping[str, Sequence[str]]:
    return listed if isinstance(listed, Mapping) else {key: () for key in listed}


def canonicalize(links: Iterable[EntityLink], listed: Listed = frozenset()) -> tuple[list[EntityLink], list[Merge]]:
    """Re-key links so that each real-world entity has one id; return the links and the records of every decision.

    ``listed`` are the gazetteer's entities, which keep their ids: their ids,
    or a mapping from id to the entity's forms (name and aliases), which
    lets the list's own long form of an acronym decide who keeps its id.
    Repositories are never merged (their ids are already canonical). See
    the module docstring for the steps.
    """
    listed = _listed_forms(listed)
    links = [_suffix_kept(link, listed) for link in _sorted(links)]
    links, settled = settle_names(links, listed)
    links, merged = _merge_shared_forms(_sorted(links), listed, settled)
    return _combine(links), sorted(settled + merged)


# When re-keying leaves a paper with two links to one entity in two roles, the paper's own thing wins.
_ROLE_RANK = {"proposed": 1, "introduced": 1}


def _combine_key(link: EntityLink) -> tuple[str, ...]:
    """One link per paper and entity (per role too for repositories, whose roles are facts, not readings)."""
    if link.entity.type == "Repository":
        return (link.paper_id, link.entity.id, link.role)
    return (link.paper_id, link.entity.id)


def _merged_mentions(a: Sequence[Mention], b: Sequence[Mention]) -> tuple[Mention, ...]:
    """Both links' mentions, each span once, in text order, each sentence quoted on its first mention only.

    The same span can come from both links, quoted in one and "" in the other: which one a set kept
    depended on the hash seed, so two runs wrote different bytes.
    """
    spans: dict[tuple[str, int, int], Mention] = {}
    for m in (*a, *b):
        known = spans.get((m.field, m.start, m.end))
        if known is None or (m.sentence and not known.sentence):
            spans[(m.field, m.start, m.end)] = m
    ordered = sorted(spans.values(), key=lambda m: (m.field, m.start, m.end))
    quotes: dict[tuple[str, int, int], str] = {}
    for m in ordered:
        if m.sentence:
            quotes.setdefault((m.field, m.sentence_start, m.sentence_end), m.sentence)
    merged, quoted = [], set()
    for m in ordered:
        sentence = (m.field, m.sentence_start, m.sentence_end)
        merged.append(dataclasses.replace(m, sentence="" if sentence in quoted else quotes.get(sentence, "")))
        quoted.add(sentence)
    return tuple(merged)


def _combine(links: list[EntityLink]) -> list[EntityLink]:
    """After re-keying, a paper may link one entity twice: keep one link with every mention, in the stronger role."""
    combined: dict[tuple[str, ...], EntityLink] = {}
    for link in links:
        key = _combine_key(link)
        if key not in combined:
            combined[key] = link
            continue
        kept, other = sorted((combined[key], link), key=lambda l: -_ROLE_RANK.get(l.role, 0))
        mentions = _merged_mentions(kept.mentions, other.mentions)
        aliases = sorted(set(kept.attributes.get("aliases", [])) | set(other.attributes.get("aliases", [])))
        combined[key] = dataclasses.replace(
            kept, mentions=mentions, confidence=max(kept.confidence, other.confidence),
            component="+".join(sorted(set(kept.component.split("+")) | set(other.component.split("+")))),
            attributes={**kept.attributes, **({"aliases": aliases} if aliases else {})},
        )
    return [combined[k] for k in sorted(combined)]

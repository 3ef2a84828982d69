"""One node per real-world thing: merge entities that different papers name differently.

Within a paper the extraction already merges spellings (the gazetteer's
aliases, an acronym and its long form). Across papers, an entity one paper
names only by its long form ("REPresentation Alignment") and another by the
acronym it defines ("REPA (REPresentation Alignment)") are the same thing:
entities of the same type that share a name or alias (compared without
case, spaces or punctuation) are merged. The listed (gazetteer) entity wins,
then the one in more papers, then the shorter name. Every merge is recorded
with its reason, for ``kg explain``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from kg.ingest.text import normalise_title
from kg.model import EntityLink

__all__ = ["Merge", "canonicalize"]


@dataclass(frozen=True, order=True)
class Merge:
    """``source`` was merged into ``target`` because both are called ``form``."""

    source: str
    target: str
    form: str
    paper: str


def _names(link: EntityLink) -> set[str]:
    forms = {link.entity.name, *link.attributes.get("aliases", [])}
    return {f for f in forms if len(normalise_title(f)) >= 3}


def canonicalize(links: Iterable[EntityLink], listed: set[str] | frozenset[str] = frozenset()) -> tuple[list[EntityLink], list[Merge]]:
    """Re-key links so that each real-world entity has one id; return the links and the merges made.

    ``listed`` are the ids of gazetteer entities, which keep their ids.
    Repositories are never merged (their ids are already canonical).
    """
    links = sorted(links, key=lambda link: (link.paper_id, link.entity.id, link.role))
    papers: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    by_form: dict[tuple[str, str], set[str]] = {}
    first_seen: dict[tuple[str, str], tuple[str, str]] = {}  # (folded form, entity) -> (paper, form as written)
    for link in links:
        entity = link.entity
        if entity.type == "Repository":
            continue
        papers.setdefault(entity.id, set()).add(link.paper_id)
        names.setdefault(entity.id, entity.name)
        for form in _names(link):
            key = (entity.type, normalise_title(form))
            by_form.setdefault(key, set()).add(entity.id)
            first_seen.setdefault((key[1], entity.id), (link.paper_id, form))

    parent = {e: e for e in papers}

    def root(e: str) -> str:
        while parent[e] != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    def rank(e: str) -> tuple:
        return (e not in listed, -len(papers[e]), len(names[e]), e)

    reasons: dict[str, tuple[str, str]] = {}
    for (_, folded), ids in sorted(by_form.items()):
        if len(ids) < 2:
            continue
        roots = sorted({root(e) for e in ids}, key=rank)
        if len([r for r in roots if r in listed]) > 1:
            continue  # two listed entities share a loose form: the lists keep them apart on purpose
        keep = roots[0]
        for other in roots[1:]:
            parent[other] = keep
            paper, form = first_seen[(folded, other)]
            reasons[other] = (form, paper)
    merges = []
    for entity_id in sorted(parent):
        target = root(entity_id)
        if target != entity_id:
            form, paper = reasons.get(entity_id, ("", ""))
            merges.append(Merge(entity_id, target, form, paper))
    remapped = []
    for link in links:
        target = parent.get(link.entity.id, link.entity.id)
        target = root(target) if target in parent else target
        if target != link.entity.id:
            aliases = sorted({*link.attributes.get("aliases", []), link.entity.name} - {names[target]})
            link = dataclasses.replace(
                link,
                entity=dataclasses.replace(link.entity, id=target, name=names[target]),
                attributes={**link.attributes, "aliases": aliases},
            )
        remapped.append(link)
    return _combine(remapped), merges


def _combine(links: list[EntityLink]) -> list[EntityLink]:
    """After re-keying, a paper may link one entity twice: keep one link with every mention."""
    combined: dict[tuple[str, str, str], EntityLink] = {}
    for link in links:
        key = (link.paper_id, link.entity.id, link.role)
        if key not in combined:
            combined[key] = link
            continue
        kept = combined[key]
        mentions = tuple(sorted(set(kept.mentions) | set(link.mentions), key=lambda m: (m.field, m.start, m.end)))
        aliases = sorted(set(kept.attributes.get("aliases", [])) | set(link.attributes.get("aliases", [])))
        combined[key] = dataclasses.replace(
            kept, mentions=mentions, confidence=max(kept.confidence, link.confidence),
            component="+".join(sorted(set(kept.component.split("+")) | set(link.component.split("+")))),
            attributes={**kept.attributes, **({"aliases": aliases} if aliases else {})},
        )
    return [combined[k] for k in sorted(combined)]



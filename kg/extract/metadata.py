"""Entities a listing states outright, beside the text: the code repository Hugging Face names.

A paper's ``github_repo`` (HF's ``githubRepo``) is its official code. It
becomes a Repository link like one found in the abstract, and when the
abstract links the same repository the two are one link, marked official.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from kg.extract.repos import normalise_repo_url
from kg.model import Entity, EntityLink, Paper

__all__ = ["COMPONENT", "listing_links"]

COMPONENT = "listing.github_repo"


def _with_component(component: str) -> str:
    parts = component.split("+") if component else []
    return "+".join(parts if COMPONENT in parts else [*parts, COMPONENT])


def listing_links(papers: Iterable[Paper], links: list[EntityLink]) -> list[EntityLink]:
    """``links`` plus, for each paper with a ``github_repo``, its official Repository link."""
    out = list(links)
    where = {(link.paper_id, link.entity.id): i for i, link in enumerate(out)}
    for paper in papers:
        match = normalise_repo_url(paper.github_repo) if paper.github_repo else None
        if match is None:
            continue
        i = where.get((paper.id, match.id))
        if i is None:
            out.append(EntityLink(paper.id, Entity(match.id, "Repository", match.name, match.url), "official", 1.0, (),
                                  COMPONENT, {"official": True}))
            continue
        found = out[i]
        out[i] = dataclasses.replace(found, role="official", confidence=max(found.confidence, 0.99),
                                     component=_with_component(found.component),
                                     attributes={**found.attributes, "official": True})
    return out

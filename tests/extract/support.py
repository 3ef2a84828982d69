"""What the extraction tests ask of one made-up paper."""

from __future__ import annotations

from spacy.language import Language

from kg.extract.pipeline import extract
from kg.model import Paper


def types_and_roles(nlp: Language, title: str, abstract: str) -> dict[str, tuple[str, str]]:
    """Entity name -> (type, role) for one made-up paper."""
    ((_, links),) = list(extract([Paper(id="paper:t", title=title, abstract=abstract)], nlp))
    return {link.entity.name: (link.entity.type, link.role) for link in links}

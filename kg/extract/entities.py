"""The entity record the components hand over, and its conversion to an :class:`EntityLink`.

Components leave one plain dict per entity in ``doc.user_data["kg_entities"]``
(plain so it survives ``nlp.pipe(n_process=N)``)::

    {"type": "Dataset", "name": "COCO", "role": "used", "confidence": 0.9,
     "rules": ["gazetteer"], "aliases": ["MS COCO"], "url": None, "attributes": {},
     "mentions": [["abstract", 120, 124, "COCO", "We evaluate on COCO."], ...]}

Mention offsets index the paper's title or abstract, as named by the field.
"""

from __future__ import annotations

from typing import Any

from kg.extract.sentences import SentenceIndex
from kg.model import Entity, EntityLink, Mention

__all__ = ["FieldText", "to_link"]


class FieldText:
    """A document's text split back into the paper's title and abstract, with sentence look-up."""

    def __init__(self, text: str) -> None:
        cut = text.find("\n")
        self.title, self.abstract = (text, "") if cut < 0 else (text[:cut], text[cut + 1 :])
        self.offset = len(self.title) + 1
        self._sentences: dict[str, SentenceIndex] = {}

    def mention(self, start: int, end: int) -> list[Any] | None:
        """``[field, start, end, text, sentence]`` for doc offsets, or None if it straddles the two."""
        if end <= len(self.title):
            field, text, base = "title", self.title, 0
        elif start >= self.offset:
            field, text, base = "abstract", self.abstract, self.offset
        else:
            return None
        index = self._sentences.get(field)
        if index is None:
            index = self._sentences[field] = SentenceIndex(text)
        s, e = index.at(start - base)
        return [field, start - base, end - base, text[start - base : end - base], text[s:e]]


def to_link(paper_id: str, key: str, info: dict[str, Any]) -> EntityLink:
    """Build the :class:`EntityLink` for one entity record of one paper."""
    attributes = dict(info.get("attributes") or {})
    if info.get("aliases"):
        attributes["aliases"] = list(info["aliases"])
    return EntityLink(
        paper_id=paper_id,
        entity=Entity(key, info["type"], info["name"], info.get("url")),
        role=info["role"],
        confidence=info["confidence"],
        mentions=tuple(Mention(text, start, end, field, sentence) for field, start, end, text, sentence in info["mentions"]),
        component="+".join(info["rules"]),
        attributes=attributes,
    )

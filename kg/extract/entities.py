"""The entity record the components hand over, and its conversion to an :class:`EntityLink`.

Components leave one plain dict per entity in ``doc.user_data["kg_entities"]``
(plain so it survives ``nlp.pipe(n_process=N)``)::

    {"type": "Dataset", "name": "COCO", "role": "used", "confidence": 0.9,
     "rules": ["gazetteer"], "aliases": ["MS COCO"], "url": None, "attributes": {},
     "mentions": [["abstract", 120, 124, "COCO", "We evaluate on COCO.", 106, 126], ...]}

Mention offsets index the paper's title or abstract, as named by the field; the
last two are the offsets of the mention's sentence. The sentence is quoted once
per entity (on its first mention there; later mentions in it quote ""), and at
most :data:`QUOTE_CHARS` of it, around the mention: a name said 10,000 times in
one long sentence would otherwise write that sentence 10,000 times.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.extract.sentences import SentenceIndex
from kg.model import Entity, EntityLink, Mention

__all__ = ["QUOTE_CHARS", "FieldText", "once_per_sentence", "quote", "to_link"]

QUOTE_CHARS = 400


class FieldText:
    """A document's text split back into the paper's title and abstract, with sentence look-up."""

    def __init__(self, text: str) -> None:
        cut = text.find("\n")
        self.title, self.abstract = (text, "") if cut < 0 else (text[:cut], text[cut + 1 :])
        self.offset = len(self.title) + 1
        self._sentences: dict[str, SentenceIndex] = {}

    def mention(self, start: int, end: int) -> list[Any] | None:
        """``[field, start, end, text, quote, sentence start, sentence end]`` for doc offsets,
        or None if it straddles the two."""
        if end <= len(self.title):
            field, text, base = "title", self.title, 0
        elif start >= self.offset:
            field, text, base = "abstract", self.abstract, self.offset
        else:
            return None
        index = self._sentences.get(field)
        if index is None:
            index = self._sentences[field] = SentenceIndex(text)
        start, end = start - base, end - base
        s, e = index.at(start)
        e = max(e, index.at(end - 1)[1])  # a name that runs over a boundary ("(MA.) Encoder") quotes both sentences
        return [field, start, end, text[start:end], quote(text, s, e, start, end), s, e]

    def mentions(self, spans: Iterable[tuple[int, int]]) -> list[list[Any]]:
        """:meth:`mention` for each span (straddling ones left out), each sentence quoted once."""
        return once_per_sentence(m for m in (self.mention(s, e) for s, e in spans) if m is not None)


def quote(text: str, s: int, e: int, start: int, end: int) -> str:
    """The sentence ``text[s:e]`` that holds ``text[start:end]``, or, when it is longer than
    :data:`QUOTE_CHARS`, as much of it around the mention, cut at spaces and marked with "…".

    >>> quote("We evaluate on COCO.", 0, 20, 15, 19)
    'We evaluate on COCO.'
    >>> len(quote("ResNet " * 1000, 0, 7000, 3500, 3506)) <= QUOTE_CHARS + 2
    True
    """
    if e - s <= QUOTE_CHARS:
        return text[s:e]
    room = max(0, QUOTE_CHARS - (end - start)) // 2
    lo, hi = max(s, start - room), min(e, end + room)
    if lo > s:
        cut = text.find(" ", lo, start)
        lo = cut + 1 if cut >= 0 else lo
    if hi < e:
        cut = text.rfind(" ", end, hi)
        hi = cut if cut >= 0 else hi
    return ("…" if lo > s else "") + text[lo:hi] + ("…" if hi < e else "")


def once_per_sentence(mentions: Iterable[list[Any]]) -> list[list[Any]]:
    """Mention records in order, the quote kept on the first of each sentence and "" on the others."""
    out, quoted = [], set()
    for m in mentions:
        sentence = (m[0], m[5], m[6])
        if sentence in quoted:
            m = [*m[:4], "", *m[5:]]
        quoted.add(sentence)
        out.append(m)
    return out


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
        mentions=tuple(Mention(text, start, end, field, sentence, s, e) for field, start, end, text, sentence, s, e in info["mentions"]),
        component="+".join(info["rules"]),
        attributes=attributes,
    )

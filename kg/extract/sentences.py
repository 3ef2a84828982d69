"""Sentence boundaries for evidence: which sentence a mention sits in.

A light rule (a full stop, ! or ? followed by space and an upper-case letter,
digit or opening bracket, and not after a common abbreviation) is enough for
abstracts and needs no model.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["SentenceIndex", "sentence_spans"]

_BOUNDARY_RE = re.compile(r"[.!?](?:[\"')\]]*)\s+(?=[A-Z0-9(\[\"'])")
_ABBREVIATION_END_RE = re.compile(r"(?:\be\.g|\bi\.e|\bal|\bvs|\betc|\bfig|\beq|\bcf|\bresp|\bapprox|\bno|\bsec)\.$", re.I)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, covering the text without gaps of words.

    >>> sentence_spans("We propose X. It works, e.g. On COCO. Done")
    [(0, 13), (14, 37), (38, 42)]
    """
    spans = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        end = match.start() + 1
        if _ABBREVIATION_END_RE.search(text, max(start, end - 8), end):
            continue
        spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


class SentenceIndex:
    """Sentence spans of one text, split once, for many look-ups (bisect, not a scan)."""

    def __init__(self, text: str) -> None:
        self.spans = sentence_spans(text) or [(0, len(text))]
        self.starts = [s for s, _ in self.spans]

    def at(self, offset: int) -> tuple[int, int]:
        """The ``(start, end)`` of the sentence holding ``offset``."""
        return self.spans[max(0, bisect.bisect_right(self.starts, offset) - 1)]

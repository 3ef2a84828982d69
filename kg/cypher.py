"""The query pack: ``queries/*.cypher``, each with its question and ``:param`` defaults.

A file opens with comment lines: the first states the question, and
``// :param name => value`` lines give parameters with defaults (the form
Neo4j Browser takes when pasted without the ``//``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kg.errors import KgError

__all__ = ["Query", "QueryNotFound", "list_queries", "load_query", "parse_param"]

_PARAM_RE = re.compile(r"^//\s*:param\s+(\w+)\s*=>\s*(.+?)\s*$")


class QueryNotFound(KgError):
    """No query of that name in the pack."""


@dataclass(frozen=True)
class Query:
    name: str
    question: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)


def _value(text: str) -> Any:
    """A parameter value as Neo4j Browser reads it: a quoted string, a number, a list, else the text."""
    text = text.strip().rstrip(";")
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1]
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_param(item: str) -> tuple[str, Any]:
    """``key=value`` from the command line; the value read like a ``:param`` value."""
    if "=" not in item:
        raise KgError(f"--param {item!r}: write it as key=value")
    key, value = item.split("=", 1)
    return key.strip(), _value(value)


def _folder():  # type: ignore[no-untyped-def]
    return resources.files("kg") / "queries"


def list_queries() -> list[Query]:
    """Every query in the pack, by name."""
    return [load_query(item.name[: -len(".cypher")]) for item in sorted(_folder().iterdir(), key=lambda i: i.name)
            if item.name.endswith(".cypher")]


def load_query(name: str) -> Query:
    """One query by name (the file name without ``.cypher``)."""
    path = _folder() / f"{name.removesuffix('.cypher')}.cypher"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries())
        raise QueryNotFound(f"no query called {name!r}; the pack has: {known}")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    question = lines[0].lstrip("/ ").strip() if lines else name
    params = {m.group(1): _value(m.group(2)) for m in (_PARAM_RE.match(line) for line in lines) if m}
    return Query(name.removesuffix(".cypher"), question, text, params)

"""Extraction quality: per-type precision, recall and F1 against a gold annotation.

The metric is the reference one (``shared/eval/score.py``): papers are matched
by normalised title; a gold entity counts as found when any of its forms
(name or alias) matches any form of a predicted entity of the same type
(name or mention text), where two forms match when equal after keeping only
lower-case letters and digits, or when the shorter (at least 4 characters)
is inside the longer and covers at least 60 % of it. A prediction that
matches only a gold *concept* is neither rewarded nor penalised.

Tasks are scored the same way (gold ``tasks`` strings against Task
entities); the reference scorer has no task line, so :meth:`Score.as_dict`
leaves them out and stays equal to its JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["TYPES", "Score", "TypeScore", "evaluate", "load_jsonl"]

# Entity type -> key of the gold record holding that type: the reference scorer's types.
TYPES = {"Dataset": "datasets", "Method": "methods", "Repository": "repos"}
# Scored by kg beyond the reference: tasks, gold strings matched like any other form.
EXTRA_TYPES = {"Task": "tasks"}


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _same(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and short in long_ and len(short) >= 0.6 * len(long_)


def _forms_match(left: set[str], right: set[str]) -> bool:
    return any(_same(a, b) for a in left for b in right)


def _repo_key(text: str) -> str:
    text = text.strip().rstrip("./").lower()
    text = re.sub(r"^(https?://)?(www\.)?github\.com/", "", text)
    return re.sub(r"\.git$", "", text)


@dataclass
class TypeScore:
    """Counts for one entity type, and the figures derived from them."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """The result of :func:`evaluate`: one :class:`TypeScore` per type."""

    papers: int
    papers_missing: int
    types: dict[str, TypeScore]

    def as_dict(self) -> dict[str, Any]:
        """The reference scorer's JSON line, figures rounded to three places."""
        result: dict[str, Any] = {"papers": self.papers, "papers_missing": self.papers_missing}
        for name, s in self.types.items():
            if name not in TYPES:
                continue
            result[name] = {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
                            "f1": round(s.f1, 3), "gold": s.gold, "pred": s.predicted}
        return result


def _system_forms(record: Mapping[str, Any]) -> dict[str, list[set[str]]]:
    out: dict[str, list[set[str]]] = {}
    for entity in record.get("entities", []):
        kind = entity.get("type")
        texts = [entity.get("name", "")] + [m.get("text", "") for m in entity.get("mentions", []) if isinstance(m, Mapping)]
        if kind == "Repository":
            texts = [_repo_key(t) for t in texts]
        forms = {_norm(t) for t in texts} - {""}
        if forms:
            out.setdefault(kind, []).append(forms)
    return out


def evaluate(gold: Iterable[Mapping[str, Any]], system: Iterable[Mapping[str, Any]]) -> Score:
    """Score system extraction records against gold annotation records."""
    by_title: dict[str, Mapping[str, Any]] = {}
    for record in system:
        by_title.setdefault(_norm(record.get("title", "")), record)
    types = {name: TypeScore() for name in {**TYPES, **EXTRA_TYPES}}
    gold = list(gold)
    missing = 0
    for g in gold:
        record = by_title.get(_norm(g["title"]))
        if record is None:
            missing += 1
            record = {"entities": []}
        predicted = _system_forms(record)
        for kind, key in {**TYPES, **EXTRA_TYPES}.items():
            if kind == "Repository":
                gold_entities = [{_norm(r)} for r in g.get("repos", [])]
                ignore: list[set[str]] = []
            elif kind == "Task":
                gold_entities = [{_norm(t)} for t in g.get("tasks", []) if isinstance(t, str)]
                ignore = []
            else:
                gold_entities = [{_norm(x["name"])} | {_norm(a) for a in x.get("aliases", [])} for x in g.get(key, [])]
                ignore = [{_norm(c)} for c in g.get("concepts", [])] if kind == "Method" else []
            score = types[kind]
            score.gold += len(gold_entities)
            for entity in gold_entities:
                if any(_forms_match(entity, p) for p in predicted.get(kind, [])):
                    score.found += 1
                else:
                    score.missed.append(sorted(entity)[0])
            for p in predicted.get(kind, []):
                if any(_forms_match(p, entity) for entity in gold_entities):
                    score.predicted += 1
                    score.correct += 1
                elif any(_forms_match(p, c) for c in ignore):
                    continue
                else:
                    score.predicted += 1
                    score.spurious.append(sorted(p)[0])
    return Score(len(gold), missing, types)


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; a bad line raises an :class:`InputError` naming it."""
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot be read ({error})") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(str(path), f"not valid JSON ({error.msg})", line=number) from None
    return records

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

Role accuracy (beyond the reference, so also left out of its JSON): of the
gold datasets and methods that carry a ``role`` and were found, the share
whose predicted entity has the same role. A gold entity that several
predicted entities match is judged by the first of them in the system
record's order that shares a form with it, else by the first loose match
(Adam-v2 by Adam-v2, not by the Adam whose name it holds), whatever its
role: preferring one with the right role would reward a system for emitting
the same entity twice with different roles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.ingest.text import data_lines

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
    # The same, as a person reads them: the name as written and the paper it belongs to.
    missed_where: list[str] = field(default_factory=list)
    spurious_where: list[str] = field(default_factory=list)
    # Found gold entities with a role, and those whose first matching prediction has that role.
    role_checked: int = 0
    role_correct: int = 0
    role_mismatches: list[str] = field(default_factory=list)  # "CTC: gold proposed, kg used"

    @property
    def role_accuracy(self) -> float:
        return self.role_correct / self.role_checked if self.role_checked else 0.0

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


@dataclass
class _Entity:
    """One gold or predicted entity as the metric sees it: its normalised forms, and its role if any."""

    forms: set[str]
    role: str | None = None
    name: str = ""  # the gold name as annotated, to name a role mismatch


def _index_by_title(system: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """System records by normalised title; the first record of a title wins, as in the reference."""
    by_title: dict[str, Mapping[str, Any]] = {}
    for record in system:
        by_title.setdefault(_norm(record.get("title", "")), record)
    return by_title


def _system_entities(record: Mapping[str, Any]) -> dict[str, list[_Entity]]:
    """A system record's entities by type, in record order, each with its name and mention forms."""
    out: dict[str, list[_Entity]] = {}
    for entity in record.get("entities", []):
        kind = entity.get("type")
        texts = [entity.get("name", "")] + [m.get("text", "") for m in entity.get("mentions", []) if isinstance(m, Mapping)]
        if kind == "Repository":
            texts = [_repo_key(t) for t in texts]
        forms = {_norm(t) for t in texts} - {""}
        if forms:
            out.setdefault(kind, []).append(_Entity(forms, entity.get("role"), entity.get("name", "")))
    return out


def _gold_entities(record: Mapping[str, Any], kind: str) -> tuple[list[_Entity], list[set[str]]]:
    """A gold record's entities of one type, and the concept forms whose predictions are not counted.

    Only methods have concepts to ignore; repositories and tasks are plain strings without a role.
    """
    if kind == "Repository":
        return [_Entity({_norm(r)}, None, r) for r in record.get("repos", [])], []
    if kind == "Task":
        return [_Entity({_norm(t)}, None, t) for t in record.get("tasks", []) if isinstance(t, str)], []
    entities = [_Entity({_norm(x["name"])} | {_norm(a) for a in x.get("aliases", [])}, x.get("role"), x["name"])
                for x in record.get(TYPES[kind], [])]
    ignore = [{_norm(c)} for c in record.get("concepts", [])] if kind == "Method" else []
    return entities, ignore


def _check_role(score: TypeScore, gold: _Entity, predicted: _Entity) -> None:
    """Count a found gold entity towards role accuracy, if the gold gives it a role."""
    if gold.role is None:
        return
    score.role_checked += 1
    if predicted.role == gold.role:
        score.role_correct += 1
    else:
        score.role_mismatches.append(f"{gold.name}: gold {gold.role}, kg {predicted.role or 'none'}")


def _score_recall(score: TypeScore, gold: list[_Entity], predicted: list[_Entity], paper: str = "") -> None:
    """Gold entities found or missed; each found one's role is judged against its match.

    The match is the first prediction sharing a form with it, else the first
    loose match: the role of Adam-v2 is judged on Adam-v2, not on the Adam it
    extends, whose name it holds.
    """
    score.gold += len(gold)
    for entity in gold:
        exact = (p for p in predicted if entity.forms & p.forms)
        match = next(exact, None) or next((p for p in predicted if _forms_match(entity.forms, p.forms)), None)
        if match is None:
            score.missed.append(sorted(entity.forms)[0])
            score.missed_where.append(f"{entity.name or sorted(entity.forms)[0]} (in {paper!r})")
        else:
            score.found += 1
            _check_role(score, entity, match)


def _score_precision(score: TypeScore, gold: list[_Entity], ignore: list[set[str]], predicted: list[_Entity],
                     paper: str = "") -> None:
    """Predictions that match gold (correct), match only an ignored concept (not counted), or neither (spurious)."""
    for p in predicted:
        if any(_forms_match(p.forms, entity.forms) for entity in gold):
            score.predicted += 1
            score.correct += 1
        elif not any(_forms_match(p.forms, c) for c in ignore):
            score.predicted += 1
            score.spurious.append(sorted(p.forms)[0])
            score.spurious_where.append(f"{p.name or sorted(p.forms)[0]} (in {paper!r})")


def evaluate(gold: Iterable[Mapping[str, Any]], system: Iterable[Mapping[str, Any]]) -> Score:
    """Score system extraction records against gold annotation records.

    A gold paper missing from the system output is scored as if nothing was extracted from it.
    """
    by_title = _index_by_title(system)
    types = {name: TypeScore() for name in {**TYPES, **EXTRA_TYPES}}
    gold = list(gold)
    missing = 0
    for record in gold:
        extracted = by_title.get(_norm(record["title"]))
        missing += extracted is None
        predicted = _system_entities(extracted or {})
        for kind, score in types.items():
            entities, ignore = _gold_entities(record, kind)
            _score_recall(score, entities, predicted.get(kind, []), record["title"])
            _score_precision(score, entities, ignore, predicted.get(kind, []), record["title"])
    return Score(len(gold), missing, types)


def check_shapes(gold: list[Mapping[str, Any]], gold_path: str, system: list[Mapping[str, Any]], system_path: str) -> None:
    """Raise :class:`InputError` when a file is not what its place asks for: an annotation with titles and
    entity lists, an extractions file with ``entities`` (scoring a wrong file gave all zeros, silently)."""
    annotated = ("datasets", "methods", "repos", "tasks")
    if not gold or not all(isinstance(r, Mapping) and "title" in r and any(k in r for k in annotated) for r in gold):
        raise InputError(gold_path, "is not a gold annotation (records with a title and datasets, methods, repos or "
                                    "tasks, as in ANNOTATION.md); give it first")
    if not system or not all(isinstance(r, Mapping) and "title" in r and "entities" in r for r in system):
        raise InputError(system_path, "is not an extractions file (records with a title and entities); "
                                      "give kg build's OUT/extractions.jsonl second")


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; a bad line raises an :class:`InputError` naming it."""
    records = []
    try:
        lines = data_lines(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot be read ({error})") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(str(path), f"not valid JSON ({error.msg})", line=number) from None
            except RecursionError:
                raise InputError(str(path), "JSON nested too deeply to be a record", line=number) from None
    return records

"""The shipped gazetteer: named datasets, methods and tasks with their aliases.

The lists are data (``kg/data/gazetteer/*.jsonl``, one entity a line:
``{"name", "aliases", "ambiguous"?, "ambiguous_aliases"?}``), read through
``importlib.resources`` so they work from an installed package. They are
compiled into token patterns for spaCy's ``PhraseMatcher`` with the
tokenizer (never ``nlp()``), and the compiled patterns are cached on disk,
keyed by the data and the spaCy version, so start-up stays fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy

from kg.extract.tokenizer import blank_english
from kg.ingest.text import name_slug

__all__ = [
    "CASE_SENSITIVE",
    "CASE_INSENSITIVE",
    "Gazetteer",
    "GazetteerEntry",
    "entity_key",
    "load_gazetteer",
]

CASE_SENSITIVE = "ORTH"
CASE_INSENSITIVE = "LOWER"
_FILE_TYPES = {"datasets": "Dataset", "methods": "Method", "tasks": "Task"}
_PATTERN_FORMAT = 4  # bump when keys or patterns are made differently: cached patterns are keyed by it
_ACRONYM_RE = re.compile(r"^[A-Z0-9&+-]{2,8}s?$")


def entity_key(entity_type: str, name: str) -> str:
    """The namespaced id of a named entity: ``dataset:imagenet-1k``, ``method:wav2vec-2-0``.

    >>> entity_key("Dataset", "MVTec AD")
    'dataset:mvtec-ad'
    >>> entity_key("Method", "wav2vec 2.0")
    'method:wav2vec-2-0'
    >>> entity_key("Method", "SAM++"), entity_key("Dataset", "NTU RGB+D"), entity_key("Method", "PixArt-Σ")
    ('method:sam-plus-plus', 'dataset:ntu-rgb-d', 'method:pixart-sigma')
    """
    trailing = len(name.rstrip()) - len(name.rstrip().rstrip("+"))  # SAM++ is not SAM
    slug = name_slug(name) + "-plus" * trailing
    return f"{entity_type.lower()}:{slug or 'x'}"


@dataclass(frozen=True)
class GazetteerEntry:
    """One listed entity and the surface forms that name it.

    ``strict_forms`` are matched only with the exact case (acronyms and
    names that are also ordinary words); the other forms ignore case.
    """

    key: str
    type: str
    name: str
    forms: tuple[str, ...]
    strict_forms: frozenset[str]
    source: str


def _is_strict(form: str, ambiguous: bool) -> bool:
    """Exact case for acronyms, short forms and everyday-word names ("CLIP" is not "clip")."""
    return ambiguous or len(form) <= 4 or bool(_ACRONYM_RE.match(form))


def _read_files() -> list[tuple[str, str]]:
    folder = resources.files("kg") / "data" / "gazetteer"
    return sorted((item.name, item.read_text(encoding="utf-8")) for item in folder.iterdir() if item.name.endswith(".jsonl"))


def _entries(files: Iterable[tuple[str, str]]) -> list[GazetteerEntry]:
    merged: dict[str, dict] = {}
    for filename, text in files:
        entity_type = next((t for prefix, t in _FILE_TYPES.items() if filename.startswith(prefix)), None)
        if entity_type is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            name = record["name"].strip()
            key = entity_key(entity_type, name)
            entry = merged.setdefault(key, {"type": entity_type, "name": name, "forms": [], "strict": set(),
                                            "source": f"{filename}:{number}"})
            ambiguous = bool(record.get("ambiguous"))
            loose_ambiguous = set(record.get("ambiguous_aliases", []))
            for form in [name, *record.get("aliases", []), *loose_ambiguous]:
                form = " ".join(form.split())
                if len(form) < 2 or form in entry["forms"]:
                    continue
                entry["forms"].append(form)
                if _is_strict(form, ambiguous or form in loose_ambiguous):
                    entry["strict"].add(form)
    return [
        GazetteerEntry(key, e["type"], e["name"], tuple(e["forms"]), frozenset(e["strict"]), e["source"])
        for key, e in sorted(merged.items())
    ]


@dataclass
class Gazetteer:
    """All entries, indexed by key, with their compiled token patterns.

    ``patterns[attr]`` maps an entity key to the token lists of its forms,
    ready for ``PhraseMatcher(vocab, attr=attr).add(key, docs)``.
    """

    entries: dict[str, GazetteerEntry]
    patterns: dict[str, dict[str, list[list[str]]]]
    digest: str

    def by_type(self, entity_type: str) -> list[GazetteerEntry]:
        return [e for e in self.entries.values() if e.type == entity_type]


def _compile(entries: list[GazetteerEntry]) -> dict[str, dict[str, list[list[str]]]]:
    tokenizer = blank_english().tokenizer  # the pipeline's own: patterns split as texts do
    jobs = [(e.key, CASE_SENSITIVE if f in e.strict_forms else CASE_INSENSITIVE, f) for e in entries for f in e.forms]
    patterns: dict[str, dict[str, list[list[str]]]] = {CASE_SENSITIVE: {}, CASE_INSENSITIVE: {}}
    for (key, attr, _), doc in zip(jobs, tokenizer.pipe(f for _, _, f in jobs)):
        patterns[attr].setdefault(key, []).append([t.text for t in doc])
    return patterns


def _cache_dir() -> Path:
    base = os.environ.get("KG_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "kg")
    return Path(base)


def load_gazetteer(use_cache: bool = True) -> Gazetteer:
    """Read the shipped lists and their compiled patterns (from the cache when it is current).

    Read once per process: the components and the graph assembly share it, however they
    call this (``load_gazetteer()`` and ``load_gazetteer(use_cache=True)`` are one read).
    """
    return _load(bool(use_cache))


@lru_cache(maxsize=2)
def _load(use_cache: bool) -> Gazetteer:
    files = _read_files()
    digest = hashlib.sha256(
        json.dumps([files, spacy.about.__version__, _PATTERN_FORMAT], ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:16]
    entries = _entries(files)
    cache = _cache_dir() / f"gazetteer-{digest}.json"
    patterns = None
    if use_cache and cache.exists():
        try:
            patterns = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            patterns = None
    if patterns is None:
        patterns = _compile(entries)
        if use_cache:
            _write_cache(cache, patterns)
    return Gazetteer({e.key: e for e in entries}, patterns, digest)


def _write_cache(path: Path, patterns: dict) -> None:
    """Best effort: a read-only home just means compiling again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(patterns, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass

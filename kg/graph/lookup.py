"""Finding a node by what a person types: an id, a name, an alias, an acronym, a paper's title, or a near miss.

One lookup for the CLI (``kg explain``, ``kg html --around``) and the Python API
(``KnowledgeGraph.lookup``). It answers when it is sure and otherwise offers
candidates ("did you mean"), so a typo never silently becomes another entity
("COCOO" is COCO or CoCoOp: both are offered, neither is chosen).

In order, the first that answers wins:

1. an id (``dataset:coco``, ``paper:...``);
2. an entity's name or alias, case, spacing and punctuation aside (``ms-coco``);
3. a paper's title, the same way, or a part of a title only one paper has;
4. an acronym of an entity's name (``MAF`` for Masked Autoregressive Flow), when one entity has it;
5. near misses, scored by rapidfuzz over names, aliases and titles, and over a
   look-alike folding (``l``/``1``/``I`` as ``i``, ``0`` as ``o``, ``k`` as ``c``:
   ``CLlP``, ``Koko``): one clear winner is the answer, several are candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rapidfuzz import fuzz, process

from kg.graph.query import find, find_paper
from kg.ingest.text import normalise_title
from kg.schema import ENTITY_LABELS

__all__ = ["Candidate", "Lookup", "lookup"]

SURE = 92.0  # a near miss this close, and clearly ahead of the next, is the answer
CLOSE = 70.0  # closer than this is worth offering
_AHEAD = 6.0
_LOOK_ALIKE = str.maketrans({"l": "i", "1": "i", "0": "o", "k": "c"})


@dataclass(frozen=True)
class Candidate:
    """A node the text may mean: its id, type, name and how close (0-100)."""

    id: str
    label: str
    name: str
    score: float


@dataclass
class Lookup:
    """The node found (``id``, None when unsure or nothing is close), how, and the candidates offered."""

    text: str
    id: str | None = None
    how: str = ""
    score: float = 100.0  # below 100 for a near miss
    candidates: list[Candidate] = field(default_factory=list)

    def message(self) -> str:
        """One line for a person: what was not found, and what was meant perhaps."""
        if not self.candidates:
            return f"nothing called {self.text!r} in this graph; check the spelling (kg export csv lists every name in entities.csv)"
        offered = "; ".join(f"{c.name} ({c.label})" for c in self.candidates)
        return f"no exact match for {self.text!r}; did you mean: {offered}"


def _names(G: nx.MultiDiGraph, label: str | None) -> dict[str, str]:
    """Every folded name, alias and title -> its node (the most used node when several share one)."""
    out: dict[str, tuple[int, str]] = {}
    for node, attrs in G.nodes(data=True):
        kind = attrs.get("label")
        if (label and kind != label) or (kind not in ENTITY_LABELS and kind != "Paper"):
            continue
        forms = [attrs.get("title", "")] if kind == "Paper" else [attrs.get("name", ""), *attrs.get("aliases", [])]
        for form in forms:
            key = normalise_title(str(form))
            if key and (key not in out or attrs.get("paper_count", 0) > out[key][0]):
                out[key] = (attrs.get("paper_count", 0), node)
    return {k: v[1] for k, v in out.items()}


def _acronym(G: nx.MultiDiGraph, text: str, label: str | None) -> str | None:
    """The one entity whose name's initials spell ``text`` (MAF: Masked Autoregressive Flow)."""
    if not (2 <= len(text) <= 8 and text.isalpha()):
        return None
    letters = text.lower()
    found = [node for node, attrs in G.nodes(data=True)
             if attrs.get("label") in ENTITY_LABELS and (not label or attrs.get("label") == label)
             and "".join(w[0] for w in str(attrs.get("name", "")).replace("-", " ").split() if w[0].isalpha()).lower() == letters
             and len(str(attrs.get("name", "")).split()) > 1]
    return found[0] if len(found) == 1 else None


def _near(G: nx.MultiDiGraph, text: str, names: dict[str, str], limit: int = 5) -> list[Candidate]:
    """Nodes whose folded names are close to the text's, best first, each once."""
    key, keys = normalise_title(text), list(names)
    scored: dict[str, float] = {}
    for query, choices in ((key, keys), (key.translate(_LOOK_ALIKE), [k.translate(_LOOK_ALIKE) for k in keys])):
        for _, score, index in process.extract(query, choices, scorer=fuzz.ratio, limit=limit * 2, score_cutoff=CLOSE):
            node = names[keys[index]]
            scored[node] = max(scored.get(node, 0.0), float(score))
    ranked = sorted(scored.items(), key=lambda item: (-item[1], -G.nodes[item[0]].get("paper_count", 0), item[0]))
    return [Candidate(node, G.nodes[node].get("label", ""), _shown(G, node), round(score, 1)) for node, score in ranked[:limit]]


def _shown(G: nx.MultiDiGraph, node: str) -> str:
    attrs = G.nodes[node]
    return str(attrs.get("title") or attrs.get("name") or node)


def lookup(G: nx.MultiDiGraph, text: str, label: str | None = None) -> Lookup:
    """Find the node ``text`` names (see the module's order); candidates when unsure."""
    result = Lookup(text)
    exact = find(G, text, label)
    if exact is not None and exact.via != "fuzzy":
        result.id, result.how = exact.id, exact.via
        return result
    paper = find_paper(G, text) if label in (None, "Paper") else None
    if paper is not None:
        result.id, result.how = paper, "title"
        return result
    acronym = _acronym(G, text.strip(), label)
    if acronym is not None:
        result.id, result.how = acronym, "acronym"
        return result
    near = _near(G, text, _names(G, label))
    if near and near[0].score >= SURE and (len(near) == 1 or near[0].score - near[1].score >= _AHEAD):
        result.id, result.how, result.score = near[0].id, "near", near[0].score
        return result
    result.candidates = near
    return result

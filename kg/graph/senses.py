"""One name, one meaning, one type: split a name whose papers spell it out differently, settle its type.

Extraction keys an entity by its type and name (``method:cfg``), so two
papers that define one acronym differently ("classifier-free guidance
(CFG)", "context-free grammar (CFG)") hand over one id for two things, and a
name found as a Dataset in one paper and as a Method in another hands over
two ids for one thing. :func:`settle_names` looks at all the links of one
name (the id without its type) together, whatever order they came in:

1. *Senses.* The long forms the papers give are grouped; long forms that
   are one name written differently are one sense
   (:func:`kg.graph.names.same_long_form`).
2. *Which sense keeps the plain id.* The one the gazetteer spells the same
   way (its own long form for the listed id); else the one in more papers;
   else the one whose long form sorts first. A sense that contradicts the
   listed entity's own long form never keeps the plain id. Papers that use
   the name without spelling it out stay with the plain id.
3. *One type per sense.* The listed type; else the type with the higher
   summed confidence (each paper counting its most confident link); else
   the type in more papers; else the type whose name sorts first.
4. *Ids.* The plain sense is ``type:name``; every other sense becomes
   ``type:name~long-form`` (``method:cfg~context-free-grammar``, the long
   form's folded words), named by the acronym as its papers write it, with
   the long form as an alias.

Every link that changes id is recorded as a :class:`~kg.graph.audit.Merge`
of kind ``split`` or ``retyped``, with its reason. A name that two
gazetteer entries of different types share (Alpaca the dataset, Alpaca the
model) is left as it is: the lists keep them apart on purpose.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.graph.audit import RETYPED, SPLIT, Merge
from kg.graph.names import is_acronym, is_long_form_of, long_form_tokens, long_forms, same_long_form
from kg.model import EntityLink
from kg.schema import ROLE_EDGE

__all__ = ["settle_names", "split_id"]

# The entity types a paper's text links to by name; repositories have canonical ids already.
NAMED_TYPES = ("Dataset", "Method", "Task")
_OWN_ROLE = {"Method": "proposed", "Dataset": "introduced", "Task": "addressed"}
_OWN_ROLES = frozenset({"proposed", "introduced"})
_USE_ROLE = {"Method": "used", "Dataset": "used", "Task": "addressed"}


def split_id(kind: str, name: str, long_form: str) -> str:
    """The id of a sense that does not keep the plain id: ``type:name~long-form``.

    >>> split_id("Method", "cfg", "Context-Free Grammars")
    'method:cfg~context-free-grammar'
    """
    return f"{kind.lower()}:{name}~{'-'.join(long_form_tokens(long_form))}"


@dataclass
class _Sense:
    """The links of one name that spell it out one way (or, for the plain sense, also not at all)."""

    links: list[EntityLink] = field(default_factory=list)
    forms: dict[str, set[str]] = field(default_factory=dict)  # long form as written -> papers

    @property
    def papers(self) -> set[str]:
        return {link.paper_id for link in self.links}

    @property
    def long_form(self) -> str:
        """The long form as most papers write it (ties: the first in sort order)."""
        return min(self.forms, key=lambda f: (-len(self.forms[f]), long_form_tokens(f), f)) if self.forms else ""

    def acronyms(self) -> set[str]:
        return {f for link in self.links for f in (link.entity.name, *link.attributes.get("aliases", []))
                if is_acronym(f)}


def _name_key(link: EntityLink, listed: Mapping[str, Sequence[str]]) -> str:
    """The name a link is grouped by: its id without the type, unless the lists give that name two types."""
    name = link.entity.id.split(":", 1)[1]
    listed_types = [kind for kind in NAMED_TYPES if f"{kind.lower()}:{name}" in listed]
    return link.entity.id if len(listed_types) > 1 else name


def _find(parent: dict[str, str], item: str) -> str:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _long_form_groups(forms_of: list[tuple[str, ...]]) -> dict[str, str]:
    """Union-find over long forms: those one link gives together, or written differently, are one."""
    parent = {form: form for forms in forms_of for form in forms}
    for forms in forms_of:
        for form in forms[1:]:
            parent[_find(parent, form)] = _find(parent, forms[0])
    distinct = sorted(parent)
    for i, a in enumerate(distinct):
        for b in distinct[i + 1:]:
            if same_long_form(a, b):
                parent[_find(parent, b)] = _find(parent, a)
    return parent


def _senses(links: list[EntityLink]) -> tuple[list[_Sense], list[EntityLink]]:
    """The links that spell the name out, one sense per meaning; and the links that do not."""
    forms_of = [long_forms(link.entity.name, link.attributes.get("aliases", [])) for link in links]
    parent = _long_form_groups(forms_of)
    by_root: dict[str, _Sense] = {}
    bare = []
    for link, forms in zip(links, forms_of):
        if not forms:
            bare.append(link)
            continue
        sense = by_root.setdefault(_find(parent, forms[0]), _Sense())
        sense.links.append(link)
        for form in forms:
            sense.forms.setdefault(form, set()).add(link.paper_id)
    senses = sorted(by_root.values(), key=lambda s: (long_form_tokens(s.long_form), s.long_form))
    return senses, bare


def _listed_verdict(sense: _Sense, listed_long: Sequence[str]) -> str:
    """``agrees``/``contradicts`` when the list spells one of the sense's acronyms out, else ``unknown``."""
    acronyms = sense.acronyms()
    relevant = [f for f in listed_long if any(is_long_form_of(f, a) for a in acronyms)]
    if not relevant:
        return "unknown"
    return "agrees" if any(same_long_form(f, g) for f in relevant for g in sense.forms) else "contradicts"


def _plain_sense(senses: list[_Sense], listed_long: Sequence[str]) -> tuple[_Sense | None, str]:
    """The sense that keeps the plain id, and why; None when the list contradicts every sense."""
    verdicts = [_listed_verdict(s, listed_long) for s in senses]
    agreeing = [s for s, v in zip(senses, verdicts) if v == "agrees"]
    if agreeing:
        return agreeing[0], "it is the gazetteer's own long form"
    candidates = [s for s, v in zip(senses, verdicts) if v == "unknown"]
    if len(candidates) < 2:
        return (candidates[0], "the gazetteer spells the others out otherwise") if candidates else (None, "")
    first, second = sorted(candidates, key=lambda s: -len(s.papers))[:2]  # stable: ties keep the long forms' order
    if len(first.papers) == len(second.papers):
        return first, f"as many papers ({len(first.papers)}) each, and its long form sorts first"
    return first, f"more papers ({len(first.papers)} vs {len(second.papers)})"


def _type_evidence(links: Iterable[EntityLink], kind: str) -> tuple[float, int]:
    """(summed confidence, papers) of one type: each paper counts its most confident link of that type."""
    best: dict[str, float] = {}
    for link in links:
        if link.entity.type == kind:
            best[link.paper_id] = max(best.get(link.paper_id, 0.0), link.confidence)
    return round(sum(sorted(best.values())), 6), len(best)


def _settle_type(links: list[EntityLink], listed_type: str | None) -> tuple[str, str]:
    """The one type of these links, and why ("" when they agree)."""
    kinds = sorted({link.entity.type for link in links})
    if len(kinds) == 1:
        return kinds[0], ""
    evidence = {kind: _type_evidence(links, kind) for kind in kinds}
    found = ", ".join(f"as {k} in {n} paper{'s' if n != 1 else ''} (confidence {c:.2f})"
                      for k, (c, n) in sorted(evidence.items()))
    if listed_type in kinds:
        return listed_type, f"found {found}; {listed_type}, the type the gazetteer lists"
    first, second = sorted(kinds, key=lambda k: (-evidence[k][0], -evidence[k][1], k))[:2]
    if evidence[first][0] != evidence[second][0]:
        why = "the higher summed confidence"
    elif evidence[first][1] != evidence[second][1]:
        why = "more papers"
    else:
        why = "a tie, settled by the type that sorts first"
    return first, f"found {found}; {first} by {why}"


def _role_for(kind: str, role: str) -> str:
    """The role a link keeps under another type: its own thing stays its own (proposed -> introduced)."""
    if (kind, role) in ROLE_EDGE:
        return role
    return _OWN_ROLE[kind] if role in _OWN_ROLES else _USE_ROLE[kind]


def _acronym_name(sense: _Sense) -> str:
    """The acronym as the sense's papers write it (most mentions, then sort order)."""
    written = Counter(m.text for link in sense.links for m in link.mentions
                      if is_acronym(m.text) and any(is_long_form_of(f, m.text) for f in sense.forms))
    if written:
        return min(written, key=lambda text: (-written[text], text))
    return min(sense.acronyms() or {sense.links[0].entity.name})


def _moved(link: EntityLink, entity_id: str, kind: str, name: str | None) -> EntityLink:
    """The link re-keyed to ``entity_id`` of type ``kind`` (and renamed, for a split sense)."""
    if link.entity.id == entity_id and link.entity.type == kind:
        return link
    attributes = link.attributes
    if name is not None:
        aliases = sorted(set(attributes.get("aliases", [])) - {name})
        attributes = {k: v for k, v in attributes.items() if k != "aliases"} | ({"aliases": aliases} if aliases else {})
    entity = dataclasses.replace(link.entity, id=entity_id, type=kind, name=name or link.entity.name)
    return dataclasses.replace(link, entity=entity, role=_role_for(kind, link.role), attributes=attributes)


def _records(before: list[EntityLink], after: list[EntityLink], kind: str, form: str, reason: str,
             other_papers: Iterable[str]) -> list[Merge]:
    """One record per (old id, new id) the links moved between."""
    moved: dict[tuple[str, str], set[str]] = {}
    for old, new in zip(before, after):
        if old.entity.id != new.entity.id:
            moved.setdefault((old.entity.id, new.entity.id), set()).add(old.paper_id)
    others = tuple(sorted(set(other_papers)))
    return [Merge(source, target, form or min(link.entity.name for link in before if link.entity.id == source),
                  min(papers), kind, reason, tuple(sorted(papers)), others)
            for (source, target), papers in sorted(moved.items())]


def _retyped(links: list[EntityLink], plain_id_of: str, listed_type: str | None) -> tuple[list[EntityLink], list[Merge]]:
    """The plain sense: one type, the id ``type:name``; a record per id that moved."""
    kind, why = _settle_type(links, listed_type)
    entity_id = f"{kind.lower()}:{plain_id_of}"
    after = [_moved(link, entity_id, kind, None) for link in links]
    winners = [link.paper_id for link in links if link.entity.type == kind]
    return after, _records(links, after, RETYPED, "", why, winners)


def _split_off(sense: _Sense, name: str, plain_id: str, why: str, plain: _Sense | None,
               listed_long: Sequence[str], plain_papers: Iterable[str]) -> tuple[list[EntityLink], list[Merge]]:
    """A sense that does not keep the plain id: its own id, named by its acronym; a record of why."""
    kind, type_why = _settle_type(sense.links, None)
    acronym = _acronym_name(sense)
    entity_id = split_id(kind, name, sense.long_form)
    after = [_moved(link, entity_id, kind, acronym) for link in sense.links]
    if plain is not None:
        reason = (f"{acronym!r} stands for {plain.long_form!r} in {plain_id} and for {sense.long_form!r} in {entity_id}; "
                  f"{plain_id} keeps the plain id: {why}")
    else:
        listed = [f for f in listed_long if any(is_long_form_of(f, a) for a in sense.acronyms())]
        reason = (f"{acronym!r} stands for {sense.long_form!r} in {entity_id}, "
                  f"but the gazetteer's {plain_id} is {min(listed)!r}")
    reason += f"; {type_why}" if type_why else ""
    return after, _records(sense.links, after, SPLIT, acronym, reason, plain_papers)


@dataclass(frozen=True)
class _Listed:
    """What the gazetteer says of one name: its long forms (several words) and its type."""

    long: tuple[str, ...] = ()
    type: str | None = None


def _listed_for(links: list[EntityLink], listed: Mapping[str, Sequence[str]]) -> _Listed:
    ids = sorted({link.entity.id for link in links if link.entity.id in listed})
    if not ids:
        return _Listed()
    kind = next(link.entity.type for link in links if link.entity.id == ids[0])
    return _Listed(tuple(f for i in ids for f in listed[i] if len(f.split()) > 1), kind)


def _settle_group(key: str, links: list[EntityLink], listed: Mapping[str, Sequence[str]]) -> tuple[list[EntityLink], list[Merge]]:
    """One name's links: split by meaning, one type each, re-keyed; with the records."""
    name = key.split(":", 1)[-1]
    known = _listed_for(links, listed)
    senses, bare = _senses(links)
    plain, why = _plain_sense(senses, known.long)
    plain_links = bare + (plain.links if plain else [])
    out, records = _retyped(plain_links, name, known.type) if plain_links else ([], [])
    plain_id = out[0].entity.id if out else f"{(known.type or links[0].entity.type).lower()}:{name}"
    plain_papers = [link.paper_id for link in plain_links]
    for sense in senses:
        if sense is not plain:
            moved, made = _split_off(sense, name, plain_id, why, plain, known.long, plain_papers)
            out += moved
            records += made
    return out, records


def settle_names(links: Iterable[EntityLink], listed: Mapping[str, Sequence[str]]) -> tuple[list[EntityLink], list[Merge]]:
    """Split each name by meaning and give each meaning one type; see the module docstring.

    ``listed`` maps gazetteer ids to their forms (name and aliases). Returns
    the links (re-keyed where needed) and a record of every move.
    """
    groups: dict[str, list[EntityLink]] = {}
    out: list[EntityLink] = []
    keys: dict[str, str] = {}  # entity id -> its name key: thousands of links share an id
    for link in links:
        if link.entity.type in NAMED_TYPES:
            key = keys.get(link.entity.id)
            if key is None:
                key = keys[link.entity.id] = _name_key(link, listed)
            groups.setdefault(key, []).append(link)
        else:
            out.append(link)
    records: list[Merge] = []
    for key in sorted(groups):
        settled, made = _settle_group(key, groups[key], listed)
        out += settled
        records += made
    return out, records

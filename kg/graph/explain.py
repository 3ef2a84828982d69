"""The audit trail of one entity: where its name comes from, what was merged into it, what was kept apart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kg.graph.query import EntityNotFound, find

__all__ = ["explain"]


def explain(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Lines that tell how kg arrived at the entity called ``name``.

    The entity's id, name, type and paper count; the gazetteer entry that
    lists it; every surface form seen, with counts; the entities merged into
    it across papers and the form they shared; the ids re-typed into it (in
    which papers each type was found, and why this one); the entities of the
    same name kept apart from it, and why; the components that found it.
    """
    if name not in G:
        went = _where_it_went(G, name)
        if went is not None:
            return [f"{name}: not an entity of this graph; its papers' links went to {went}:"] + explain(G, went)
    match = find(G, name)
    if match is None:
        raise EntityNotFound(f"no entity called {name!r} in this graph; check the spelling, or list names with entities.csv")
    node = G.nodes[match.id]
    papers = sorted({p for p, _ in G.in_edges(match.id)})
    lines = [f"{match.id}  {node.get('name')}  ({node.get('label')}, {len(papers)} paper{'s' if len(papers) != 1 else ''})"]
    if match.via != "id" and match.via != "name":
        lines.append(f"  resolved from {name!r} by {match.via}" + (f" (score {match.score})" if match.via == "fuzzy" else ""))
    lines += _origin(node)
    lines += _forms(node)
    lines += _merged(G, node)
    lines += _kept_apart(G, node)
    lines += _found_by(G, match.id)
    return lines


def _where_it_went(G: nx.MultiDiGraph, entity_id: str) -> str | None:
    """The entity that an id the resolver merged, re-typed or split away now lives in (by its audit trail)."""
    for node, attrs in G.nodes(data=True):
        if any(item.get("id") == entity_id for item in (attrs.get("merged_from") or []) + (attrs.get("kept_apart") or [])):
            return str(node)
    return None


def _origin(node: dict) -> list[str]:
    lines = []
    if node.get("listed"):
        lines.append(f"  listed in: {node['listed']} (kg's gazetteer)")
    elif not node.get("hub_id") or node.get("forms"):
        lines.append("  listed in: no list; found by the rules")
    if node.get("hub_id"):
        lines.append(f"  on the Hugging Face Hub: {node['hub_id']} ({node.get('hub_url')}), linked from its papers' Hub pages")
    return lines


def _forms(node: dict) -> list[str]:
    forms = node.get("forms", {})
    if not forms:
        return []
    return ["  surface forms:"] + [f"    {form!r:40} {count}"
                                   for form, count in sorted(forms.items(), key=lambda item: (-item[1], item[0]))]


def _title(G: nx.MultiDiGraph, paper: str) -> str:
    return G.nodes[paper].get("title", paper) if paper in G else paper


def _titles(G: nx.MultiDiGraph, papers: Iterable[str]) -> str:
    return "; ".join(repr(_title(G, p)) for p in papers)


def _merged(G: nx.MultiDiGraph, node: dict) -> list[str]:
    items = node.get("merged_from") or []
    merged = [i for i in items if i.get("kind", "merged") == "merged"]
    retyped = [i for i in items if i.get("kind") == "retyped"]
    lines = []
    if merged:
        lines.append("  merged into it (same type, a shared name or alias):")
        lines += [f"    {i['id']}: shares the name {i['form']!r} (first in {_title(G, i['paper'])!r})" for i in merged]
    if retyped:
        lines.append(f"  re-typed into it (one type per name, settled by evidence; {node.get('label')} won):")
        for item in retyped:
            lines.append(f"    {item['id']}: {item['reason']}")
            lines.append(f"      as {item['id'].split(':', 1)[0].title()} in: {_titles(G, item['papers'])}")
            lines.append(f"      as {node.get('label')} in: {_titles(G, item['other_papers'])}")
    return lines


def _kept_apart(G: nx.MultiDiGraph, node: dict) -> list[str]:
    items = node.get("kept_apart") or []
    if not items:
        return []
    lines = ["  kept apart from (the same name, spelled out differently):"]
    for item in items:
        lines.append(f"    {item['id']}: {item['reason']}")
        if item.get("papers"):
            lines.append(f"      this one in: {_titles(G, item['papers'])}")
        if item.get("other_papers"):
            lines.append(f"      {item['id']} in: {_titles(G, item['other_papers'])}")
    return lines


def _found_by(G: nx.MultiDiGraph, entity: str) -> list[str]:
    components: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for _, _, key, data in G.in_edges(entity, keys=True, data=True):
        components.update(c for c in data.get("component", "").split("+") if c)
        roles[key] += 1
    lines = []
    if components:
        lines.append("  found by: " + ", ".join(f"{c} ({n})" for c, n in sorted(components.items(), key=lambda i: (-i[1], i[0]))))
    if roles:
        lines.append("  edges: " + ", ".join(f"{r} ({n})" for r, n in sorted(roles.items())))
    return lines

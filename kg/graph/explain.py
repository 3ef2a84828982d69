"""The audit trail of one entity: where its name comes from and what was merged into it."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kg.graph.query import EntityNotFound, find

__all__ = ["explain"]


def explain(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Lines that tell how kg arrived at the entity called ``name``.

    The entity's id, name, type and paper count; the gazetteer entry that
    lists it; every surface form seen, with counts; the entities merged into
    it across papers and the form they shared; the components that found it.
    """
    match = find(G, name)
    if match is None:
        raise EntityNotFound(f"no entity called {name!r} in this graph; check the spelling, or list names with entities.csv")
    node = G.nodes[match.id]
    papers = sorted({p for p, _ in G.in_edges(match.id)})
    lines = [f"{match.id}  {node.get('name')}  ({node.get('label')}, {len(papers)} paper{'s' if len(papers) != 1 else ''})"]
    if match.via != "id" and match.via != "name":
        lines.append(f"  resolved from {name!r} by {match.via}" + (f" (score {match.score})" if match.via == "fuzzy" else ""))
    if node.get("listed"):
        lines.append(f"  listed in: {node['listed']} (kg's gazetteer)")
    elif not node.get("hub_id") or node.get("forms"):
        lines.append("  listed in: no list; found by the rules")
    if node.get("hub_id"):
        lines.append(f"  on the Hugging Face Hub: {node['hub_id']} ({node.get('hub_url')}), linked from its papers' Hub pages")
    forms = node.get("forms", {})
    if forms:
        lines.append("  surface forms:")
        for form, count in sorted(forms.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"    {form!r:40} {count}")
    merged = node.get("merged_from") or []
    if merged:
        lines.append("  merged into it (same type, a shared name or alias):")
        for item in merged:
            title = G.nodes[item["paper"]].get("title", item["paper"]) if item["paper"] in G else item["paper"]
            lines.append(f"    {item['id']}: shares the name {item['form']!r} (first in {title!r})")
    components: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for _, _, key, data in G.in_edges(match.id, keys=True, data=True):
        components.update(c for c in data.get("component", "").split("+") if c)
        roles[key] += 1
    if components:
        lines.append("  found by: " + ", ".join(f"{c} ({n})" for c, n in sorted(components.items(), key=lambda i: (-i[1], i[0]))))
    if roles:
        lines.append("  edges: " + ", ".join(f"{r} ({n})" for r, n in sorted(roles.items())))
    return lines

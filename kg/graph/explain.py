"""The audit trail of one entity (where its name comes from, what was merged into it, what was kept apart,
its papers), or what one paper links and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kg.graph.lookup import lookup
from kg.graph.query import EntityNotFound, paper_date

__all__ = ["explain"]


def explain(G: nx.MultiDiGraph, name: str, limit: int = 10) -> list[str]:
    """Lines that tell how kg arrived at the node ``name`` names (see :func:`kg.graph.lookup.lookup`).

    For an entity: its id, name, type and paper count; the gazetteer entry that
    lists it; every surface form seen, with counts; the entities merged into
    it across papers and the form they shared; the ids re-typed into it (in
    which papers each type was found, and why this one); the entities of the
    same name kept apart from it, and why; the components that found it; its
    papers, newest first (``limit`` of them). For a paper: its title, date and
    listings, and each entity it links with the role and the sentence that says so.
    Raises :class:`EntityNotFound` with "did you mean" candidates when unsure.
    """
    if name not in G:
        went = _where_it_went(G, name)
        if went is not None:
            return [f"{name}: not an entity of this graph; its papers' links went to {went}:"] + explain(G, went, limit)
    found = lookup(G, name)
    if found.id is None:
        raise EntityNotFound(found.message())
    node = G.nodes[found.id]
    if node.get("label") == "Paper":
        return _paper(G, found.id, found.how, name)
    papers = sorted({p for p, _ in G.in_edges(found.id)})
    lines = [f"{found.id}  {node.get('name')}  ({node.get('label')}, {len(papers)} paper{'s' if len(papers) != 1 else ''})"]
    if found.how not in ("id", "name"):
        lines.append(f"  resolved from {name!r} by {'a near miss' if found.how == 'near' else found.how}")
    lines += _origin(node)
    lines += _forms(node)
    lines += _merged(G, node)
    lines += _kept_apart(G, node)
    lines += _found_by(G, found.id)
    lines += _papers(G, found.id, limit)
    return lines


def _paper(G: nx.MultiDiGraph, paper: str, how: str, name: str) -> list[str]:
    """A paper: title, id, date, listings, then each entity it links, with the sentence that says so."""
    node = G.nodes[paper]
    lines = [f"{node.get('title', paper)}", f"  {paper}" + (f"  arXiv {node['arxiv_id']}" if node.get("arxiv_id") else "")]
    if how not in ("id", "title"):
        lines.append(f"  resolved from {name!r} by {'a near miss' if how == 'near' else how}")
    date = paper_date(G, paper)[1]
    if date:
        lines.append(f"  date: {date}")
    listings = sorted((str(G.nodes[t].get("date_text") or G.nodes[t].get("date") or ""), str(G.nodes[t].get("source", t)))
                      for _, t, k in G.out_edges(paper, keys=True) if k == "LISTED_IN")
    if listings:
        lines.append("  listed in: " + "; ".join(f"{d} ({s})" if d else s for d, s in listings))
    links = sorted((k, G.nodes[t].get("label", ""), G.nodes[t].get("name", t), d)
                   for _, t, k, d in G.out_edges(paper, keys=True, data=True) if k != "LISTED_IN")
    if not links:
        lines.append("  links no method, dataset, task or repository")
    for key, label, entity, data in links:
        role = data.get("role") or key.lower().replace("_", " ")
        lines.append(f"  {key} {entity} ({label}, {role})")
        sentence = next((m.get("sentence") for m in data.get("evidence") or [] if m.get("sentence")), None)
        if sentence:
            lines.append(f"      \"{sentence}\"")
    return lines


def _papers(G: nx.MultiDiGraph, entity: str, limit: int) -> list[str]:
    """The entity's papers, newest first: date, title and how each relates to it."""
    dated = ((paper_date(G, p), p, k) for p, _, k in G.in_edges(entity, keys=True) if G.nodes[p].get("label") == "Paper")
    rows = sorted(((key, G.nodes[p].get("title", p), k, shown) for (key, shown), p, k in dated), reverse=True)
    if not rows:
        return []
    lines = [f"  papers, newest first ({len(rows)}):"]
    lines += [f"    {shown or 'no date':12} {key:14} {title}" for _, title, key, shown in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"    ... and {len(rows) - limit} more (--limit N)")
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

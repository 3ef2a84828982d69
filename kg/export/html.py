"""The HTML viewer: one self-contained, offline, safe file built with pyvis (vis-network).

pyvis holds the nodes, edges and options; the page is rendered with kg's own
template because pyvis's reaches a CDN even with ``cdn_resources="local"``,
loads Bootstrap with ``in_line``, and switches node titles to ``innerHTML``
when any holds "href". Here vis-network's JS and CSS (shipped inside the
pyvis package) are inlined, the data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped, and every text from the data reaches the page through
``textContent``, never as markup. Repository links are only ``https://`` to
known code hosts.

Above :data:`PHYSICS_LIMIT` nodes the picture is computed in Python
(:mod:`kg.export.layout`: seeded positions, named groups, a label size per
entity for level of detail) and physics is off, so the page is usable at
once; above :data:`NODE_LIMIT` only the most connected part is drawn, and the
page says so.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import networkx as nx

from kg.export import layout
from kg.graph.query import co_usage, neighbourhood, paper_date

__all__ = ["NODE_LIMIT", "PHYSICS_LIMIT", "filter_graph", "render_html", "viewer_data", "write_html"]

PHYSICS_LIMIT = 300
NODE_LIMIT = 20_000
CODE_HOSTS = {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "huggingface.co",
              "anonymous.4open.science"}
STYLE = {
    "Paper": {"color": "#9aa5b1", "shape": "dot"},
    "Method": {"color": "#3b82f6", "shape": "diamond"},
    "Dataset": {"color": "#f59e0b", "shape": "square"},
    "Task": {"color": "#10b981", "shape": "triangle"},
    "Repository": {"color": "#8b5cf6", "shape": "star"},
    "Listing": {"color": "#ef4444", "shape": "hexagon"},
    "HubModel": {"color": "#ec4899", "shape": "triangleDown"},
    "HubSpace": {"color": "#06b6d4", "shape": "triangleDown"},
}


def _safe_url(url: str | None) -> str | None:
    """The URL if it is https:// on a known code host, else None."""
    if not url:
        return None
    parsed = urlparse(url)
    return url if parsed.scheme == "https" and parsed.hostname in CODE_HOSTS else None


def filter_graph(
    G: nx.MultiDiGraph,
    *,
    types: list[str] | None = None,
    around: str | None = None,
    radius: int = 1,
    min_papers: int = 0,
    top: int | None = None,
) -> nx.MultiDiGraph:
    """The part of the graph to draw: some types, a neighbourhood, well-used entities, the top N."""
    H = neighbourhood(G, around, radius) if around else G
    keep = set()
    for node, attrs in H.nodes(data=True):
        label = attrs.get("label")
        if types and label not in types and label != "Paper":
            continue
        if label not in ("Paper", "Listing") and attrs.get("paper_count", 0) < min_papers:
            continue
        keep.add(node)
    if types and "Paper" not in types:
        # Papers stay only as the links between the chosen types.
        keep = {n for n in keep if H.nodes[n].get("label") != "Paper" or any(m in keep and m != n for m in H.successors(n))}
    H = H.subgraph(keep)
    if top:
        keep = set(sorted(H.nodes, key=lambda n: (-H.degree(n), n))[:top])
    return _induced(G, keep)


def _induced(G: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    """The subgraph of ``keep``, its nodes and edges in G's order: a subgraph view (and its copy) lists
    them in the set's order, which the hash seed sets, so two runs drew different pages."""
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, attrs) for n, attrs in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, k, attrs) for u, v, k, attrs in G.edges(keys=True, data=True) if u in keep and v in keep)
    return H


VIEWS = ("papers", "entities")
# Co-usage links drawn in the entities view: pairs shared by at least 2 papers, at most this many.
MAX_CO_USAGE_EDGES = 20_000


def _first_seen(G: nx.MultiDiGraph, dates: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Entity -> the earliest dated paper linked to it (ISO date), for "new since" marks; papers with
    no known year are left out."""
    first: dict[str, str] = {}
    for paper, entity in G.edges():
        date = dates.get(paper, ("", ""))[0]
        if date and not date.startswith("--") and G.nodes[entity].get("label") not in ("Paper", "Listing"):
            first[entity] = min(first.get(entity, date), date)
    return first


def _co_usage_edges(G: nx.MultiDiGraph) -> tuple[list[list[Any]], int]:
    """[a, b, papers] for the entities view, and the fewest shared papers a drawn pair has."""
    pairs = co_usage(G, min_papers=2)
    if len(pairs) > MAX_CO_USAGE_EDGES:
        pairs = pairs[:MAX_CO_USAGE_EDGES]
    return [[a, b, n] for a, b, n in pairs], (pairs[-1][2] if pairs else 2)


def viewer_data(G: nx.MultiDiGraph, *, seed: int = 42, note: str = "", view: str = "papers") -> dict[str, Any]:
    """Nodes, edges and options for the page, through pyvis; plain data, no markup.

    Edges travel as ``[from, to, kind]`` node indexes (the page rebuilds vis-network's objects):
    a third of the page at 10,000 papers when each carried its ids and style.
    """
    positioned = G.number_of_nodes() > PHYSICS_LIMIT
    drawn = layout.picture(G, seed) if positioned else layout.Picture()
    dates = {node: paper_date(G, node) for node, attrs in G.nodes(data=True) if attrs.get("label") == "Paper"}
    first_seen = _first_seen(G, dates)
    nodes = _vis_nodes(G, drawn, dates, first_seen)
    cut = _abstract_cut(len(dates))
    co_edges, co_min = _co_usage_edges(G)
    index = {item["id"]: i for i, item in enumerate(nodes)}
    kinds = sorted({key for _, _, key in G.edges(keys=True)})
    return {
        "newest": max(first_seen.values(), default=""),
        "view": view if view in VIEWS else "papers",
        "co_edges": co_edges,
        "co_min": co_min,
        "nodes": nodes,
        "edge_kinds": kinds,
        "edges": [[index[s], index[t], kinds.index(k)] for s, t, k in G.edges(keys=True)],
        "details": {node: _details(G, node, attrs, dates, cut) for node, attrs in G.nodes(data=True)},
        "groups": drawn.groups,
        "abstract_cut": cut,
        "physics": not positioned,
        "note": note,
        "legend": [{"kind": k, **v} for k, v in STYLE.items() if any(a.get("label") == k for _, a in G.nodes(data=True))],
    }


def _vis_nodes(G: nx.MultiDiGraph, drawn: layout.Picture, dates: dict[str, tuple[str, str]],
               first_seen: dict[str, str]) -> list[dict[str, Any]]:
    """vis-network's nodes, through pyvis: style by type, size by papers, the layout's position and
    label size, each paper's date (for the range) and each entity's first-seen date (for "new")."""
    from pyvis.network import Network

    net = Network(directed=True)
    for node, attrs in G.nodes(data=True):
        label = attrs.get("label", "")
        style = STYLE.get(label, STYLE["Paper"])
        extra: dict[str, Any] = {}
        if node in drawn.positions:
            extra.update(x=drawn.positions[node][0], y=drawn.positions[node][1], physics=False)
        if node in drawn.fonts:
            extra["lod"] = drawn.fonts[node]  # the page draws the label once this many units reach readable pixels
        if node in first_seen:
            extra["first"] = first_seen[node]
        if dates.get(node, ("", ""))[0][:1].isdigit():  # the date range takes dates with a year
            extra["date"] = dates[node][0]
        net.add_node(node, label=_display_name(attrs, node)[:40], value=1 if label == "Paper" else attrs.get("paper_count", 1),
                     shape=style["shape"], color=style["color"], kind=label, **extra)
    for item in net.nodes:
        if item.get("kind") == "Paper":
            item["label"] = ""  # pyvis puts the id where a label is empty; titles show on hover and click
    return net.nodes


# Abstracts are most of a large page: past this many characters in all, each is cut to its share.
ABSTRACT_BUDGET = 3_000_000
_SHORTEST_CUT = 300


def _abstract_cut(papers: int) -> int | None:
    """How many characters of each abstract the page keeps (None: all of them)."""
    if papers * 1500 <= ABSTRACT_BUDGET:
        return None
    return max(_SHORTEST_CUT, ABSTRACT_BUDGET // max(papers, 1))


# arXiv identifiers as arXiv writes them: new style (2410.06940, with a version) and old (hep-th/9901001).
_ARXIV_ID_RE = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_RELATION_NAMES = {"PROPOSES": "Proposes", "USES": "Uses", "USES_DATASET": "Evaluates on", "INTRODUCES": "Introduces",
                   "ADDRESSES": "Addresses", "HAS_CODE": "Code", "LISTED_IN": "Listed", "HAS_MODEL": "Hub models",
                   "HAS_SPACE": "Hub Spaces", "HAS_HUB_DATASET": "Hub datasets"}
_MAX_AUTHORS = 12
_MAX_EVIDENCE = 5  # sentences per entity; its papers list has every paper


def _paper_links(attrs: dict[str, Any]) -> list[dict[str, str]]:
    """arXiv page, PDF and Hugging Face page, built from the paper's arXiv id (never from text)."""
    arxiv_id = attrs.get("arxiv_id")
    if not arxiv_id or not _ARXIV_ID_RE.fullmatch(str(arxiv_id)):
        return []
    bare = re.sub(r"v\d+$", "", str(arxiv_id))
    return [{"name": "arXiv", "url": f"https://arxiv.org/abs/{arxiv_id}"},
            {"name": "PDF", "url": f"https://arxiv.org/pdf/{arxiv_id}"},
            {"name": "Hugging Face", "url": f"https://huggingface.co/papers/{bare}"}]


def _display_name(attrs: dict[str, Any], node: str) -> str:
    """What to call a node on the page: a listing by its date ("Oct 10, 2024"), a paper by its title."""
    if attrs.get("label") == "Listing":
        return str(attrs.get("date_text") or attrs.get("date") or attrs.get("name") or node)
    return str(attrs.get("title") or attrs.get("name") or node)


def _sort_name(G: nx.MultiDiGraph, node: str) -> str:
    return _display_name(G.nodes[node], node).lower()


def _details(G: nx.MultiDiGraph, node: str, attrs: dict[str, Any], dates: dict[str, tuple[str, str]],
             cut: int | None = None) -> dict[str, Any]:
    """What the click panel shows, as plain strings and lists; ``dates`` is each paper's :func:`~kg.graph.query.paper_date`.

    Listed nodes travel as ids (the page takes their names from their own details): a title is
    written once however many lists hold the paper.
    """
    if attrs.get("label") == "Paper":
        return _paper_details(G, node, attrs, dates[node][1], cut)
    return _entity_details(G, node, attrs, dates)


def _paper_details(G: nx.MultiDiGraph, node: str, attrs: dict[str, Any], date: str, cut: int | None = None) -> dict[str, Any]:
    linked: dict[str, list[str]] = {}
    code = []
    for _, target, key, data in G.out_edges(node, keys=True, data=True):
        if G.nodes[target].get("label") == "Repository":
            url = _safe_url(G.nodes[target].get("url"))
            code.append({"id": target, "name": G.nodes[target].get("name", target), "url": url, "official": bool(data.get("official"))})
        else:
            linked.setdefault(_RELATION_NAMES.get(key, key), []).append(target)
    authors = [str(a) for a in attrs.get("authors") or []]
    more = max(len(authors), attrs.get("author_count") or 0) - _MAX_AUTHORS
    abstract = str(attrs.get("abstract") or "")
    if cut is not None and len(abstract) > cut:
        abstract = abstract[: abstract.rfind(" ", 0, cut) + 1 or cut].rstrip() + " \u2026"
    details = {"kind": "Paper", "title": attrs.get("title", ""), "abstract": abstract,
            "authors": authors[:_MAX_AUTHORS] + ([f"and {more} more"] if more > 0 else []),
            "date": date, "upvotes": attrs.get("upvotes"), "comments": attrs.get("comments"),
            "links": _paper_links(attrs),
            "linked": {k: sorted(v, key=lambda i: _sort_name(G, i)) for k, v in sorted(linked.items())},
            "code": sorted(code, key=lambda c: (not c["official"], c["name"]))}
    # Empty fields are left out: half a megabyte in a page of 10,000 papers.
    return {k: v for k, v in details.items() if k in ("title", "abstract") or v not in (None, [], {}, "")}


def _entity_details(G: nx.MultiDiGraph, node: str, attrs: dict[str, Any], dates: dict[str, tuple[str, str]]) -> dict[str, Any]:
    label = attrs.get("label", "")
    evidence, roles, papers = [], {}, []
    for paper, _, key, data in sorted(G.in_edges(node, keys=True, data=True)):
        relation = _RELATION_NAMES.get(key, key)
        roles[relation] = roles.get(relation, 0) + 1
        if G.nodes[paper].get("label") == "Paper":
            key, shown = dates[paper]
            papers.append((key, _sort_name(G, paper), [paper, shown, relation]))
        quoted = [m["sentence"] for m in data.get("evidence") or [] if m.get("sentence")]
        for sentence in quoted[:2]:
            evidence.append({"paper": G.nodes[paper].get("title", paper), "relation": key, "sentence": sentence})
    papers.sort(key=lambda p: (p[0], p[1]), reverse=True)  # newest first
    first = min((p for p in papers if p[0]), key=lambda p: (p[0].startswith("--"), p[0]), default=None)
    return {
        "kind": label,
        "title": _display_name(attrs, node),
        "source": attrs.get("source") if label == "Listing" else None,
        "id": node,
        "aliases": attrs.get("aliases", []),
        "roles": roles,
        "first_seen": first[2][1] if first else "",
        "papers": [p[2] for p in papers],  # [paper id, date shown, relation]
        "url": _safe_url(attrs.get("url")),
        "evidence": evidence[:_MAX_EVIDENCE],
    }


def _json_for_script(data: Any) -> str:
    """JSON that cannot end the <script> element or open markup inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _asset(*parts: str) -> str:
    import pyvis

    return Path(pyvis.__file__).parent.joinpath(*parts).read_text(encoding="utf-8")


def render_html(G: nx.MultiDiGraph, *, title: str = "kg graph", seed: int = 42, note: str = "", view: str = "papers") -> str:
    """The whole page as one string: vis-network, styles, data and script inlined."""
    data = viewer_data(G, seed=seed, note=note, view=view)
    template = (resources.files("kg") / "data" / "viewer.html").read_text(encoding="utf-8")
    fills = {
        "/*VIS_CSS*/": _asset("lib", "vis-9.1.2", "vis-network.css"),
        "/*VIS_JS*/": _asset("lib", "vis-9.1.2", "vis-network.min.js").replace("</script", "<\\/script"),
        "/*KG_DATA*/": _json_for_script(data),
        "<!--TITLE-->": _escape(title),
    }
    # One pass, so nothing filled in is ever searched for another placeholder.
    return re.sub(r"/\*(?:VIS_CSS|VIS_JS|KG_DATA)\*/|<!--TITLE-->", lambda m: fills[m.group()], template)


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def write_html(G: nx.MultiDiGraph, path: str | Path, *, title: str = "kg graph", seed: int = 42, view: str = "papers") -> str:
    """Write the page atomically; graphs above :data:`NODE_LIMIT` nodes are cut to their best-linked part.

    Returns the note shown on the page ("" when the whole graph is drawn).
    """
    from kg.atomic import write_files_atomically

    note = ""
    if G.number_of_nodes() > NODE_LIMIT:
        note = (f"Showing the {NODE_LIMIT:,} best-linked of {G.number_of_nodes():,} nodes; "
                "use kg html --type, --around or --min-papers for a focused view.")
        G = filter_graph(G, top=NODE_LIMIT)
    target = Path(path)
    write_files_atomically(target.parent if str(target.parent) else ".", {target.name: [render_html(G, title=title, seed=seed, note=note, view=view)]})
    return note

"""The Neo4j Browser style sheet shipped with the query pack matches the HTML viewer."""

from __future__ import annotations

import re
from importlib import resources

from kg.export.html import STYLE
from kg.schema import LABELS


def _blocks(grass: str) -> dict[str, dict[str, str]]:
    blocks = {}
    for selector, body in re.findall(r'([\w.]+)\s*\{((?:[^{}"]|"[^"]*")*)\}', re.sub(r"/\*.*?\*/", "", grass, flags=re.S)):
        blocks[selector] = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+);", body))
    return blocks


def test_every_label_has_the_viewers_colour_and_a_caption_its_nodes_have(seed_graph):
    grass = (resources.files("kg") / "queries" / "kg.grass").read_text(encoding="utf-8")
    blocks = _blocks(grass)
    properties: dict[str, set[str]] = {}
    for _, attrs in seed_graph.nodes(data=True):
        properties.setdefault(attrs["label"], set()).update(attrs)
    for label in LABELS:
        style = blocks[f"node.{label}"]
        assert style["color"].lower() == STYLE[label]["color"].lower(), label
        caption = re.fullmatch(r'"\{(\w+)\}"', style["caption"])
        assert caption, label
        assert label not in properties or caption.group(1) in properties[label], (label, caption.group(1))
    assert blocks["relationship"]["caption"] == '"<type>"'

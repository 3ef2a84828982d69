"""HTML viewer: file size, first render and each interaction's time in headless Chromium.

Builds synthetic kg-shaped graphs of about the given sizes (500 / 5,000 / 20,000
nodes by default), renders each with kg's viewer, opens it from file:// in
Debian's Chromium (through Playwright) and prints the file size, the time from
navigation to vis-network's first drawing, and for each interaction the time
from the action to the next frame drawn: focusing a searched node, toggling a
type filter, switching to the entities view and back, following a link in the
details panel, and one zoom step. ``--screenshot PATH`` also renders the seed graph (../shared/seeds)
and saves a PNG of it, the one in the README.
Usage: python bench/html.py [--sizes 500 5000 20000] [--screenshot docs/seed-graph.png]
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's html module: take its folder off the path first.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("kg_bench_neo4j_push", HERE / "neo4j_push.py")
_neo4j_push = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_neo4j_push)
synthetic_graph = _neo4j_push.synthetic_graph

import kg  # noqa: E402
from kg.export.html import render_html, write_html  # noqa: E402

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def graph_of(nodes: int):
    """A synthetic kg graph with about ``nodes`` nodes."""
    return synthetic_graph(max(10, int((nodes - 300) / 1.061)))  # papers + 6.1% entities + 300 tasks


def first_render(browser, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    started = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgRendered !== undefined", timeout=120_000)
    seconds = time.perf_counter() - started
    page.close()
    return seconds


# Each runs in the page and resolves with the milliseconds until vis-network has drawn the result.
_TIMED = """([action, arg]) => new Promise(resolve => {
    const started = performance.now();
    kgNetwork.once("afterDrawing", () => resolve(performance.now() - started));
    if (action === "focus") kgFocus(arg);
    else if (action === "filter") document.querySelector(`#legend input[data-kind='${arg}']`).click();
    else if (action === "view") kgView(arg);
    else if (action === "panel") document.querySelector("#panel a.node").click();
    else if (action === "zoom") document.querySelector("#network canvas").dispatchEvent(  // a mouse-wheel step
        new WheelEvent("wheel", { deltaY: -120, clientX: 700, clientY: 450, bubbles: true, cancelable: true }));
})"""
INTERACTIONS = (("focus", "method:0"), ("filter", "Paper"), ("filter", "Paper"), ("view", "entities"),
                ("view", "papers"), ("panel", None), ("zoom", None))


def interactions(browser, path: Path) -> dict[str, float]:
    """Milliseconds per interaction (the slower of two runs of each toggle)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgRendered !== undefined", timeout=120_000)
    times: dict[str, float] = {}
    for action, arg in INTERACTIONS:
        ms = page.evaluate(_TIMED, [action, arg])
        name = "search focus" if action == "focus" else "filter toggle" if action == "filter" else \
            "view switch" if action == "view" else "panel link" if action == "panel" else "zoom frame"
        times[name] = max(times.get(name, 0.0), ms)
        page.wait_for_timeout(400)  # let a focus animation end
    page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 5000, 20000])
    parser.add_argument("--screenshot", default=None)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in args.sizes:
            G = graph_of(size)
            started = time.perf_counter()
            page = render_html(G)
            build = time.perf_counter() - started
            path = Path(tmp) / f"g{size}.html"
            path.write_text(page, encoding="utf-8")
            seconds = first_render(browser, path)
            print(f"{G.number_of_nodes():6d} nodes {G.number_of_edges():6d} edges: {len(page.encode()) / 1e6:6.1f} MB, "
                  f"written in {build:5.1f} s, first render {seconds:5.2f} s")
            print("        " + ", ".join(f"{name} {ms:6.0f} ms" for name, ms in interactions(browser, path).items()))
        if args.screenshot:
            seeds = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))
            graph = kg.build(sorted(seeds.glob("*.txt"))).nx
            path = Path(tmp) / "seed.html"
            write_html(graph, path, title="kg: the seed listings")
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.kgRendered !== undefined", timeout=120_000)
            page.fill("#search", "CLIP")
            page.press("#search", "Enter")
            page.wait_for_timeout(800)
            page.screenshot(path=args.screenshot)
            print(f"screenshot of the seed graph -> {args.screenshot}")
        browser.close()


if __name__ == "__main__":
    main()

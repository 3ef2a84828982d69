"""HTML viewer: `kg html`'s time, the page's size, the first drawing and each interaction, in headless Chromium.

For the seed listings (../shared/seeds) and for 1,000 / 5,000 / 10,000 papers (the
seeds' papers repeated with unique titles, as bench/extract.py does: real abstracts,
real extraction, real graphs), builds the graph with ``kg build``, times ``kg html``
on it (load, layout, page) as a user runs it, opens the page from file:// in
Debian's Chromium (through Playwright) and prints a table: page size, time from
navigation to vis-network's first drawing, and for each interaction the time from
the action to the next frame drawn (focusing a searched node, toggling a type
filter, switching to the entities view and back, following a link in the details
panel, one zoom step). ``--screenshots DIR`` saves each page's first screen as
DIR/viewer-<size>.png, and the seeds' with CLIP focused as DIR/viewer-seeds-clip.png
(the README shows them).
Usage: python bench/html.py [--papers 0 1000 5000 10000] [--screenshots docs]
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
_spec = importlib.util.spec_from_file_location("kg_bench_extract", HERE / "extract.py")
_extract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_extract)

import json  # noqa: E402
import subprocess  # noqa: E402

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def kg_command(*args: str) -> float:
    """Run ``python -m kg ARGS`` as a user would; the seconds it took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def build(papers: int, tmp: Path) -> Path:
    """``kg build`` of the seeds (papers=0) or of that many papers; the output directory."""
    out = tmp / ("seed-listings" if papers == 0 else f"{papers}-papers")  # the page's title: "kg: <this name>"
    if papers == 0:
        kg_command("build", *map(str, sorted(_extract.SEEDS.glob("*.txt"))), "-o", str(out))
        return out
    listing = tmp / f"papers{papers}.jsonl"
    with listing.open("w", encoding="utf-8") as handle:
        for p in _extract.corpus(papers):
            handle.write(json.dumps({"title": p.title, "abstract": p.abstract}) + "\n")
    kg_command("build", str(listing), "-o", str(out))
    return out


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
INTERACTIONS = (("focus", None), ("filter", "Paper"), ("filter", "Paper"), ("view", "entities"),
                ("view", "papers"), ("panel", None), ("zoom", None))


def interactions(browser, path: Path, focus: str) -> dict[str, float]:
    """Milliseconds per interaction (the slower of two runs of each toggle); ``focus`` is the node searched for."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgRendered !== undefined", timeout=120_000)
    times: dict[str, float] = {}
    for action, arg in INTERACTIONS:
        ms = page.evaluate(_TIMED, [action, focus if action == "focus" else arg])
        name = "search focus" if action == "focus" else "filter toggle" if action == "filter" else \
            "view switch" if action == "view" else "panel link" if action == "panel" else "zoom frame"
        times[name] = max(times.get(name, 0.0), ms)
        page.wait_for_timeout(400)  # let a focus animation end
    page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="*", default=[0, 1000, 5000, 10000], help="0: the seed listings")
    parser.add_argument("--screenshots", default=None, help="save each page's first screen in this directory")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = ("search focus", "filter toggle", "view switch", "panel link", "zoom frame")
    print(f"{'papers':>7} {'nodes':>6} {'kg html':>8} {'page':>8} {'first draw':>10} " + " ".join(f"{n:>13}" for n in names))
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for papers in args.papers:
            out = build(papers, Path(tmp))
            path = Path(tmp) / f"g{papers}.html"
            seconds = kg_command("html", str(out), "-o", str(path))
            nodes = json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]
            label = "seeds" if papers == 0 else f"{papers // 1000}k"
            draw = first_render(browser, path)
            methods = [n for n in nodes if n.get("label") == "Method"]
            times = interactions(browser, path, max(methods, key=lambda n: n.get("paper_count", 0))["id"])
            print(f"{label:>7} {len(nodes):>6} {seconds:7.1f}s {path.stat().st_size / 1e6:6.1f}MB {draw:9.2f}s "
                  + " ".join(f"{times[n]:>10.0f} ms" for n in names), flush=True)
            if args.screenshots:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(path.resolve().as_uri())
                page.wait_for_function("window.kgRendered !== undefined", timeout=120_000)
                page.wait_for_timeout(300)
                page.screenshot(path=str(Path(args.screenshots) / f"viewer-{label}.png"))
                if papers == 0:  # and the seeds with CLIP searched for and focused
                    page.fill("#search", "CLIP")
                    page.press("#search", "Enter")
                    page.wait_for_timeout(800)
                    page.screenshot(path=str(Path(args.screenshots) / "viewer-seeds-clip.png"))
                page.close()
        browser.close()


if __name__ == "__main__":
    main()

"""The HTML viewer, opened in a real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.export import html as viewer
from tests.conftest import ROOT

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
PAYLOADS = [
    "<img src=x onerror=\"window.__pwned=true\">",
    "<script>window.__pwned=true</script>",
    "\"><svg onload=\"window.__pwned=true\">",
    "javascript:window.__pwned=true",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium not found: apt-get install chromium (bash .ci/run does), or set KG_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield b
        b.close()


def open_page(browser, path: Path, init_script: str = ""):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    if init_script:
        page.add_init_script(init_script)
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.kgRendered !== undefined", timeout=60_000)
    return page, requests, errors


def test_seed_page_is_offline_and_holds_the_whole_graph(browser, seed_out):
    graph = kg.load(seed_out).nx
    page, requests, errors = open_page(browser, seed_out / "graph.html")
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
    assert page.evaluate("[kgNodes.length, kgEdges.length]") == [graph.number_of_nodes(), graph.number_of_edges()]
    assert errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed_graph.png"))
    page.close()


def test_the_page_opens_the_same_from_another_directory(browser, seed_out, tmp_path):
    moved = tmp_path / "elsewhere" / "copy.html"
    moved.parent.mkdir()
    shutil.copy(seed_out / "graph.html", moved)
    page, requests, _ = open_page(browser, moved)
    assert page.evaluate("kgNodes.length") > 1000 and all(u.startswith(("file://", "data:")) for u in requests)
    page.close()


def test_searching_coco_focuses_the_dataset_and_shows_its_details(browser, seed_out):
    page, _, _ = open_page(browser, seed_out / "graph.html")
    page.fill("#search", "COCO")
    page.press("#search", "Enter")
    assert page.evaluate("[kgFocused()]") == ["dataset:coco"]
    panel = page.inner_text("#panel")
    assert panel.startswith("COCO")
    assert "MS-COCO" in panel and "EVIDENCE" in panel.upper()
    page.close()


def test_type_checkboxes_and_degree_slider_filter_the_view(browser, seed_out):
    page, _, _ = open_page(browser, seed_out / "graph.html")
    visible = "kgShownNodes().length"
    total = page.evaluate(visible)
    page.uncheck("#legend input[data-kind='Paper']")
    without_papers = page.evaluate(visible)
    assert without_papers == total - page.evaluate("kgNodes.get({filter: n => n.kind === 'Paper'}).length")
    page.fill("#degree", "5")
    page.dispatch_event("#degree", "input")
    assert page.evaluate(visible) < without_papers
    page.close()


def test_text_from_the_data_never_runs_and_shows_as_text(browser, tmp_path):
    records = [{"title": f"Paper {i} {payload}", "abstract": f"We study {payload} on COCO. Code is available at https://github.com/a/b{i}."}
               for i, payload in enumerate(PAYLOADS)]
    graph = kg.from_records(records).nx
    graph.add_node("repository:evil", label="Repository", name="evil <b>repo</b>", url="javascript:window.__pwned=true")
    path = tmp_path / "evil.html"
    viewer.write_html(graph, path, title="<script>window.__pwned=true</script>")
    page, _, errors = open_page(browser, path, "window.__pwned = false;")
    for node in sorted(n for n, a in graph.nodes(data=True) if a["label"] in ("Paper", "Repository")):
        page.evaluate("id => kgFocus(id)", node)
        assert page.evaluate("window.__pwned") is False
        assert page.evaluate("document.querySelectorAll('#panel img, #panel svg, #panel script, #panel b').length") == 0
        assert page.evaluate("[...document.querySelectorAll('a')].every(a => a.getAttribute('href').startsWith('#node=') "
                             "|| a.href.startsWith('https://'))")  # in-page moves, or https out
    page.evaluate("id => kgFocus(id)", sorted(n for n in graph if n.startswith("paper:"))[0])
    text = page.inner_text("body")
    assert any(payload in text for payload in PAYLOADS)
    assert page.title() == "<script>window.__pwned=true</script>"
    assert page.evaluate("window.__pwned") is False and errors == []
    page.close()


def test_safe_urls_are_https_to_code_hosts_only():
    assert viewer._safe_url("https://github.com/a/b") == "https://github.com/a/b"
    assert viewer._safe_url("javascript:alert(1)") is None
    assert viewer._safe_url("http://github.com/a/b") is None
    assert viewer._safe_url("https://evil.example/a") is None


def test_large_graphs_get_python_positions_and_no_physics(seed_out):
    data = viewer.viewer_data(kg.load(seed_out).nx)
    assert data["physics"] is False and all("x" in n and "y" in n for n in data["nodes"])
    small = viewer.viewer_data(kg.load(seed_out).neighbourhood("MVTec AD").nx)
    assert small["physics"] is True


def test_graphs_above_the_limit_draw_their_best_linked_part_and_say_so(seed_out, tmp_path, monkeypatch):
    monkeypatch.setattr(viewer, "NODE_LIMIT", 200)
    note = viewer.write_html(kg.load(seed_out).nx, tmp_path / "big.html")
    assert note.startswith("Showing the 200 best-linked of ")
    assert "Showing the 200 best-linked" in (tmp_path / "big.html").read_text(encoding="utf-8")


def test_kg_html_renders_filtered_views(seed_out, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["html", str(seed_out), "--around", "MVTec AD", "--radius", "2", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 0 and (tmp_path / "a.html").exists()
    result = runner.invoke(cli, ["html", str(seed_out), "--type", "Dataset", "--min-papers", "3", "-o", str(tmp_path / "d.html")])
    assert result.exit_code == 0
    graph = kg.load(seed_out).nx
    view = viewer.filter_graph(graph, types=["Dataset"], min_papers=3)
    assert {a["label"] for _, a in view.nodes(data=True)} <= {"Dataset", "Paper"}
    assert all(a["paper_count"] >= 3 for _, a in view.nodes(data=True) if a["label"] == "Dataset")
    assert len(viewer.filter_graph(graph, top=50)) == 50


def _door_graph() -> nx.MultiDiGraph:
    """Two papers with what richer sources give (arXiv id, authors, date, upvotes), a method they share, code."""
    G = nx.MultiDiGraph()
    G.add_node("listing:day", label="Listing", name="day.txt", date="2024-10-10", date_text="Oct 10, 2024")
    G.add_node("paper:old", label="Paper", name="Older Paper", title="Older Paper", abstract="We use CLIP.",
               arxiv_id="2410.06940", authors=[f"Author {i}" for i in range(15)], author_count=15,
               published="2024-10-09", upvotes=12, comments=2)
    G.add_node("paper:new", label="Paper", name="Newer Paper", title="Newer Paper", abstract="We propose CLIP.",
               arxiv_id="javascript:alert(1)", published="2025-01-02")
    G.add_node("method:clip", label="Method", name="CLIP", aliases=["ViT-CLIP"], paper_count=2)
    G.add_node("repository:github.com/a/b", label="Repository", name="a/b", url="https://github.com/a/b", paper_count=1)
    G.add_node("dataset:long", label="Dataset", name="\u202eevil" + "x" * 300, paper_count=1)
    G.add_edge("paper:old", "method:clip", key="USES", type="USES", evidence=[{"sentence": "We use CLIP."}])
    G.add_edge("paper:new", "method:clip", key="PROPOSES", type="PROPOSES", evidence=[{"sentence": "We propose CLIP."}])
    G.add_edge("paper:old", "repository:github.com/a/b", key="HAS_CODE", type="HAS_CODE", official=True)
    G.add_edge("paper:old", "dataset:long", key="USES_DATASET", type="USES_DATASET")
    for paper in ("paper:old", "paper:new"):
        G.add_edge(paper, "listing:day", key="LISTED_IN", type="LISTED_IN")
    return G


def test_every_node_is_a_door_and_back_returns(browser, tmp_path):
    path = tmp_path / "doors.html"
    viewer.write_html(_door_graph(), path)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.resolve().as_uri() + "#node=" + "paper%3Aold")  # a shared address opens on its node
    page.wait_for_function("() => window.kgRendered !== undefined", timeout=60_000)
    assert page.evaluate("[kgFocused()]") == ["paper:old"]
    panel = page.inner_text("#panel")
    assert "Author 0, Author 1" in panel and "Author 11, and 3 more" in panel and "Author 12" not in panel
    assert "2024-10-09 \u00b7 12 upvotes \u00b7 2 comments" in panel
    links = page.evaluate("[...document.querySelectorAll('#panel .links a')].map(a => [a.textContent, a.href])")
    assert links == [["arXiv", "https://arxiv.org/abs/2410.06940"], ["PDF", "https://arxiv.org/pdf/2410.06940"],
                     ["Hugging Face", "https://huggingface.co/papers/2410.06940"]]
    assert "Oct 10, 2024" in panel  # a listing by its date, not its file name

    page.click("#panel a.node:text-is('CLIP')")
    page.wait_for_function("() => kgFocused() === 'method:clip'")
    assert page.evaluate("location.hash") == "#node=method%3Aclip"
    panel = page.inner_text("#panel")
    assert "Proposes 1 \u00b7 Uses 1 \u00b7 first seen 2024-10-09" in panel
    assert panel.index("Newer Paper") < panel.index("Older Paper")  # newest first

    page.click("#panel a.node:text-is('Newer Paper')")
    page.wait_for_function("() => kgFocused() === 'paper:new'")
    assert page.evaluate("document.querySelectorAll('#panel .links a').length") == 0  # no arXiv id, no made-up link
    page.go_back()
    page.wait_for_function("() => kgFocused() === 'method:clip'")
    page.go_back()
    page.wait_for_function("() => kgFocused() === 'paper:old'")
    assert page.inner_text("#panel h1") == "Older Paper"

    page.evaluate("kgFocus('dataset:long')")  # right-to-left override and a 300-letter name stay in their box
    assert page.evaluate("getComputedStyle(document.querySelector('#panel h1')).unicodeBidi") == "isolate"
    assert page.evaluate("(p => p.scrollWidth <= p.clientWidth)(document.getElementById('panel'))")
    page.close()


def test_filters_show_counts_and_refit_search_walks_by_keyboard(browser, seed_out, seed_graph):
    page, _, _ = open_page(browser, seed_out / "graph.html")
    methods = sum(1 for _, a in seed_graph.nodes(data=True) if a["label"] == "Method")
    row = page.inner_text("#legend label:has(input[data-kind='Method'])")
    assert row.split()[-1] == f"{methods:,}"
    page.uncheck("#legend input[data-kind='Paper']")
    inside = page.evaluate("""() => {
        const box = document.getElementById('network').getBoundingClientRect();
        return kgShownNodes().every(id => {
            const p = kgNetwork.canvasToDOM(kgPosition(id));
            return p.x >= -1 && p.y >= -1 && p.x <= box.width + 1 && p.y <= box.height + 1;
        });
    }""")
    assert inside  # re-fitted to what is shown
    page.fill("#search", "image")
    labels = page.evaluate("[...document.querySelectorAll('#matches li')].map(li => li.textContent)")
    assert len(labels) > 2
    page.press("#search", "ArrowDown")
    page.press("#search", "ArrowDown")
    assert page.evaluate("document.querySelector('#matches li.active').textContent") == labels[1]
    page.press("#search", "Enter")
    page.wait_for_function("() => location.hash.startsWith('#node=')")
    chosen = page.evaluate("kgFocused()")
    assert labels[1].startswith(seed_graph.nodes[chosen].get("title") or seed_graph.nodes[chosen]["name"])
    page.close()


def test_search_finds_an_entity_by_its_acronym(browser, tmp_path):
    graph = _door_graph()
    graph.add_node("method:maf", label="Method", name="Masked Autoregressive Flow", paper_count=1)
    graph.add_edge("paper:old", "method:maf", key="USES", type="USES")
    path = tmp_path / "acronym.html"
    viewer.write_html(graph, path)
    page, _, _ = open_page(browser, path)
    page.fill("#search", "MAF")
    page.press("#search", "Enter")
    page.wait_for_function("() => kgFocused() === 'method:maf'")
    page.close()


def test_around_takes_a_paper_title_or_part_of_it(seed_out, seed_graph, tmp_path):
    paper, title = next((n, a["title"]) for n, a in sorted(seed_graph.nodes(data=True)) if a["label"] == "Paper")
    for text in (title, title.upper(), title[: max(25, len(title) // 2)]):
        out = tmp_path / "around.html"
        result = CliRunner().invoke(cli, ["html", str(seed_out), "--around", text, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        assert paper in out.read_text(encoding="utf-8")
    missing = CliRunner().invoke(cli, ["html", str(seed_out), "--around", "no such paper or entity zz", "-o", str(out)])
    assert missing.exit_code == 1 and "nothing called" in missing.stderr


def test_entities_view_links_what_papers_use_together_and_leaves_no_orphans(browser, seed_out, seed_graph, tmp_path):
    from kg.graph.query import co_usage

    out = tmp_path / "entities.html"
    result = CliRunner().invoke(cli, ["html", str(seed_out), "--view", "entities", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    page, _, errors = open_page(browser, out)
    pairs = co_usage(seed_graph, min_papers=2)
    assert page.evaluate("kgShownEdges()") == len(pairs) > 0
    assert set(page.evaluate("kgShownNodes()")) == {x for a, b, _ in pairs for x in (a, b)}
    assert "at least 2 papers use both" in page.inner_text("#view-note")
    page.evaluate("kgFocus('method:clip')")  # "what is used with CLIP?"
    used_with = {b if a == "method:clip" else a for a, b, _ in pairs if "method:clip" in (a, b)}
    assert used_with and set(page.evaluate("kgLit")) == used_with | {"method:clip"}  # lit above the veil
    page.check("#views input[value='papers']")
    # every link but the listings' fans (drawn when a listing is focused)
    assert page.evaluate("kgShownEdges()") == sum(1 for *_, k in seed_graph.edges(keys=True) if k != "LISTED_IN")
    page.check("#views input[value='entities']")
    paper = next(n for n, a in seed_graph.nodes(data=True) if a["label"] == "Paper")
    page.evaluate("id => kgFocus(id)", paper)  # a paper is not in this view: the page goes to the papers view
    assert page.evaluate("document.querySelector('#views input[value=papers]').checked")
    assert page.evaluate("[kgFocused()]") == [paper] and errors == []
    page.close()


def test_new_marks_what_was_first_seen_lately(browser, tmp_path):
    graph = _door_graph()  # CLIP first seen 2024-10-09, through the older paper
    graph.add_node("method:fresh", label="Method", name="FreshNet", paper_count=1)
    graph.add_edge("paper:new", "method:fresh", key="PROPOSES", type="PROPOSES")  # the newest paper: 2025-01-02
    path = tmp_path / "new.html"
    viewer.write_html(graph, path)
    page, _, errors = open_page(browser, path)
    page.check("#new-on")
    ring = "id => kgNodes.get(id).borderWidth || 1"
    assert page.evaluate(ring, "method:fresh") == 4 and page.evaluate(ring, "method:clip") == 1
    assert page.inner_text("#new-note").startswith("1 first seen since 2024-12-26")
    page.fill("#new-days", "100")  # back to 2024-09-24: CLIP is new too
    assert page.evaluate(ring, "method:clip") == 4
    page.uncheck("#new-on")
    assert page.evaluate(ring, "method:fresh") == 1 and errors == []
    page.close()


def test_date_range_shows_the_papers_inside_it_and_what_they_link(browser, tmp_path):
    graph = _door_graph()  # the older paper 2024-10-09 (CLIP, code, the long dataset), the newer 2025-01-02 (CLIP)
    path = tmp_path / "range.html"
    viewer.write_html(graph, path)
    page, _, errors = open_page(browser, path)
    shown = "() => kgShownNodes().sort()"
    assert page.inner_text("#range-note") == "2024-10-09 to 2025-01-02: 2 papers"
    page.eval_on_selector("#date-lo", "(s) => { s.value = '1'; s.dispatchEvent(new Event('input')); }")
    assert page.inner_text("#range-note") == "2025-01-02: 1 paper (and what it links)"
    assert page.evaluate(shown) == ["listing:day", "method:clip", "paper:new"]  # the older paper's code and dataset go
    page.evaluate("kgGo('paper:old')")  # focusing something outside the range widens it again
    assert "paper:old" in page.evaluate(shown) and page.eval_on_selector("#date-lo", "s => s.value") == "0"
    assert errors == []
    page.close()


def test_a_large_page_opens_on_named_groups_and_the_most_used_labels(browser, seed_out, seed_graph, tmp_path):
    from kg.export import layout

    picture = layout.picture(seed_graph)
    assert set(picture.positions) == set(seed_graph.nodes)
    named = [g["name"] for g in picture.groups]
    tasks = {a["name"] for _, a in seed_graph.nodes(data=True) if a["label"] == "Task"}
    assert len(named) >= 5 and sum(n in tasks for n in named) >= len(named) - 1  # named by their tasks
    by_use = sorted(picture.fonts, key=lambda n: -seed_graph.nodes[n]["paper_count"])
    assert picture.fonts[by_use[0]] > picture.fonts[by_use[-1]]  # the most used is readable first
    path = tmp_path / "seed.html"
    viewer.write_html(seed_graph, path)
    page, _, errors = open_page(browser, path)
    page.wait_for_timeout(200)
    assert page.evaluate("window.kgCaptions") >= 3  # captions that do not overlap, on the first screen
    first = page.evaluate("window.kgLabels")
    assert by_use[0] in first and 5 <= len(first) <= 60  # the most used, readable at once; not every name
    rare = by_use[-1]
    page.evaluate("id => kgNetwork.moveTo({ position: kgPosition(id), scale: 6 })", rare)
    page.wait_for_timeout(200)
    assert page.evaluate("window.kgCaptions") == 0  # zoomed in, node labels take over
    closer = page.evaluate("window.kgLabels")
    assert set(closer) - set(first)  # names too small for the first screen appear as you zoom in
    assert errors == []
    page.close()


def test_a_page_of_many_papers_cuts_abstracts_and_says_where_they_are_whole(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(viewer, "ABSTRACT_BUDGET", 1000)
    graph = _door_graph()
    graph.nodes["paper:old"]["abstract"] = "We use CLIP. " + "Words of the abstract. " * 100
    path = tmp_path / "cut.html"
    viewer.write_html(graph, path)
    page, _, errors = open_page(browser, path)
    page.evaluate("kgGo('paper:old')")
    text = page.inner_text("#panel")
    assert "Words of the abstract. Words" in text and "\u2026" in text and "papers.jsonl" in text
    assert len(viewer.viewer_data(graph)["details"]["paper:old"]["abstract"]) <= 502
    assert errors == []
    page.close()


def test_long_panel_lists_show_fifty_then_all_and_entities_list_what_is_used_with_them(browser, seed_out, seed_graph, tmp_path):
    from kg.graph.query import co_usage

    G = nx.MultiDiGraph()
    G.add_node("method:m", label="Method", name="M", paper_count=60)
    for i in range(60):
        G.add_node(f"paper:{i}", label="Paper", title=f"Paper {i}", abstract="We use M.")
        G.add_edge(f"paper:{i}", "method:m", key="USES", type="USES")
    path = tmp_path / "long.html"
    viewer.write_html(G, path)
    page, _, errors = open_page(browser, path)
    page.evaluate("kgGo('method:m')")
    assert page.locator("#panel a.node").count() == 50
    page.click("#panel button.more")
    assert page.locator("#panel a.node").count() == 60 and page.locator("#panel button.more").count() == 0
    page.close()
    page, _, errors2 = open_page(browser, seed_out / "graph.html")
    page.evaluate("kgGo('method:clip')")
    top = sorted(((n, b if a == "method:clip" else a) for a, b, n in co_usage(seed_graph, min_papers=2)
                  if "method:clip" in (a, b)), key=lambda p: -p[0])
    heading = page.locator("#panel h2", has_text="Used with")
    assert heading.count() == 1 and top
    first = page.locator("#panel h2:has-text('Used with') + ul li").first
    assert first.inner_text().endswith(str(top[0][0]))  # the partner most papers use with CLIP, first
    assert errors == [] and errors2 == []
    page.close()


def test_a_large_graphs_papers_are_dots_the_page_draws_that_click_and_hover_like_nodes(browser, seed_out, seed_graph):
    page, _, errors = open_page(browser, seed_out / "graph.html")
    # The most linked paper with no entity drawn within reach of its dot (a click there could hit the entity).
    clear = page.evaluate("""(ids) => {
        const entities = Object.values(kgNetwork.getPositions());
        return ids.filter(id => entities.every(e => Math.hypot(e.x - kgPosition(id).x, e.y - kgPosition(id).y) > 40));
    }""", [n for n, a in seed_graph.nodes(data=True) if a["label"] == "Paper"])
    paper = max(clear, key=lambda n: (seed_graph.degree(n), n))
    assert page.evaluate("id => kgNetwork.body.nodes[id] === undefined", paper)  # not a vis-network node
    page.evaluate("id => kgNetwork.moveTo({ position: kgPosition(id), scale: 2 })", paper)
    page.wait_for_timeout(100)
    box = page.locator("#network").bounding_box()
    at = page.evaluate("id => kgNetwork.canvasToDOM(kgPosition(id))", paper)
    page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_selector(".paper-tip:not([hidden])")
    assert page.inner_text(".paper-tip").startswith(seed_graph.nodes[paper]["title"][:30])
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_function("id => kgFocused() === id", arg=paper)
    assert page.evaluate("location.hash") == "#node=" + paper.replace(":", "%3A")
    assert set(page.evaluate("kgLit")) == {paper, *seed_graph.successors(paper)}  # it and all it links, lit
    page.uncheck("#legend input[data-kind='Paper']")
    assert not any(n.startswith("paper:") for n in page.evaluate("kgShownNodes()"))
    assert errors == []
    page.close()


def test_search_offers_near_misses_as_kg_explain_does(browser, seed_out):
    page, _, errors = open_page(browser, seed_out / "graph.html")
    matches = "() => [...document.querySelectorAll('#matches li')].map(li => li.textContent)"
    page.fill("#search", "Koko")
    assert page.evaluate(matches)[0] == "COCO \u00b7 Dataset"  # a look-alike spelling
    page.fill("#search", "COCOO")
    offered = page.evaluate(matches)
    assert {"COCO \u00b7 Dataset", "CoCoOp \u00b7 Method"} <= set(offered[:3])
    page.fill("#search", "CLlP")
    assert page.evaluate(matches)[0] == "CLIP \u00b7 Method"
    assert errors == []
    page.close()

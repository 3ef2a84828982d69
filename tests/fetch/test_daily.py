"""`kg daily`: fetch + update + what is new, against a local server; one paper per real paper across sources."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import daily_page
from tests.fetch.conftest import atom_entry, atom_feed, hf_record, run_kg
from tests.fetch.server import Reply

DAY1, DAY2 = "2024-10-10", "2024-10-11"
FLOW = hf_record("2410.00001", "FlowMix: Mixing Invented Flows for Detection", DAY1,
                 abstract="We propose FlowMix, a detector trained on COCO and ImageNet with a CLIP backbone. "
                          "Code is available at https://github.com/example/flowmix.")
PROBE = hf_record("2410.00002", "Probing Made-Up Features", DAY1,
                  abstract="We fine-tune CLIP on ImageNet and compare with ResNet-50.")
GRAPHS = hf_record("2410.00003", "A Graph Study We Invented", DAY1,
                   abstract="We introduce GraphBench, a new benchmark of 12,000 invented graphs, and test GCN on it.",
                   githubRepo="https://github.com/example/graphbench")
LATER = hf_record("2410.00004", "Another Day, Another Invented Method", DAY2,
                  abstract="We present TinyMix and train it on COCO with CLIP features.")


def daily(server, out, cache, *args, env=None):
    return run_kg("daily", out, "--cache", cache, "--hf-url", server.url, *args, env={"KG_ARXIV_DELAY": "0", **(env or {})})


def files(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".kg.lock"}


def test_a_day_is_added_and_summarised_then_a_second_run_changes_nothing(server, tmp_path):
    server.route("/api/daily_papers", Reply(body=[FLOW, PROBE, GRAPHS]), date=DAY1)
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    first = daily(server, out, cache, "--date", DAY1)
    assert first.exit_code == 0, first.stderr
    lines = first.stderr.splitlines()
    assert lines[0].startswith(f"kg daily {DAY1}: 3 new paper(s); 3 in the graph")
    text = first.stderr
    assert "new methods" in text and "FlowMix (FlowMix: Mixing Invented Flows" in text
    assert "new datasets" in text and "GraphBench (A Graph Study We Invented)" in text
    assert "most used today: CLIP (2), ImageNet (2)" in text
    assert "new code (2): example/flowmix" in text and "example/graphbench" in text
    assert f"-> {out}" in text
    before = files(out)

    second = daily(server, out, cache, "--date", DAY1)
    assert second.exit_code == 0
    assert f"kg daily {DAY1}: nothing new since the last run; {out} is unchanged" in second.stderr
    assert files(out) == before
    assert len(server.hits()) == 1  # the finished day came from the cache


def test_the_next_day_reports_only_what_it_added(server, tmp_path):
    server.route("/api/daily_papers", Reply(body=[FLOW, PROBE]), date=DAY1)
    server.route("/api/daily_papers", Reply(body=[LATER, PROBE]), date=DAY2)
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    assert daily(server, out, cache, "--date", DAY1).exit_code == 0
    second = daily(server, out, cache, "--date", DAY2)
    assert second.exit_code == 0, second.stderr
    assert second.stderr.startswith(f"kg daily {DAY2}: 1 new paper(s); 3 in the graph")
    assert "TinyMix" in second.stderr and "FlowMix" not in second.stderr
    papers = [json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()]
    assert len(papers) == 3
    probe = next(p for p in papers if p["arxiv_id"] == "2410.00002")
    assert [s["listing_id"] for s in probe["listings"]] == ["listing:hf-daily-2024-10-10", "listing:hf-daily-2024-10-11"]


def test_one_paper_across_hf_arxiv_and_a_saved_page(server, tmp_path):
    """The same paper from the Hub, from arXiv (title spelled differently) and from a saved page is one node."""
    server.route("/api/daily_papers", Reply(body=[FLOW]), date=DAY1)
    arxiv_title = "FlowMix: Mixing Invented Flows for $\\mathcal{D}$etection"  # arXiv keeps the LaTeX
    server.route("/api/query", Reply(body=atom_feed([atom_entry("2410.00001", arxiv_title, DAY1),
                                                     atom_entry("2410.00009", "Only On arXiv", DAY1)]),
                                     content_type="application/atom+xml"))
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    result = daily(server, out, cache, "--date", DAY1, "--source", "hf-daily", "--source", "arxiv:cs.CV",
                   "--arxiv-url", server.url)
    assert result.exit_code == 0, result.stderr
    page = tmp_path / "saved.txt"
    page.write_text(daily_page(("FlowMix: Mixing Invented Flows for Detection", "A saved copy of the abstract."),
                               date="Oct 10"), encoding="utf-8")
    assert run_kg("build", page, "--update", out).exit_code == 0
    papers = [json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()]
    assert len(papers) == 2
    flow = next(p for p in papers if p["arxiv_id"] == "2410.00001")
    assert {s["listing_id"] for s in flow["listings"]} == {
        "listing:hf-daily-2024-10-10", "listing:arxiv-cs.CV-2024-10-10", "listing:saved"}
    assert flow["categories"] == ["cs.CV", "cs.LG"] and flow["github_repo"] is None
    assert flow["title"] == "FlowMix: Mixing Invented Flows for Detection"
    assert "https://huggingface.co/papers/2410.00001" in flow["urls"] and "https://arxiv.org/abs/2410.00001" in flow["urls"]


def test_a_second_run_while_one_holds_the_lock_is_refused(server, tmp_path):
    server.route("/api/daily_papers", Reply(body=[FLOW]), date=DAY1)
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from filelock import FileLock; l = FileLock(sys.argv[1]); "
                               "l.acquire(); print('held', flush=True); time.sleep(60)", str(out / ".kg.lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = daily(server, out, cache, "--date", DAY1)
        assert result.exit_code == 2
        assert f"error: {out} is being updated by another kg run" in result.stderr
        assert not (out / "papers.jsonl").exists()
    finally:
        holder.kill()
        holder.wait()
    assert daily(server, out, cache, "--date", DAY1).exit_code == 0  # and once it is free, the run goes through


def test_html_draws_the_days_papers(server, tmp_path):
    server.route("/api/daily_papers", Reply(body=[FLOW, PROBE]), date=DAY1)
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    result = daily(server, out, cache, "--date", DAY1, "--html")
    assert result.exit_code == 0, result.stderr
    page = (out / "today.html").read_text()
    assert "FlowMix" in page and str(out / "today.html") in result.stderr


def test_a_failed_day_still_adds_the_others_and_exits_1(server, tmp_path):
    server.route("/api/daily_papers", Reply(body=[FLOW]), date=DAY1)
    server.route("/api/daily_papers", Reply(body="<html>down</html>", content_type="text/html"), date=DAY2)
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    result = daily(server, out, cache, "--date", DAY1, "--to", DAY2)
    assert result.exit_code == 1
    assert f"error: {DAY2}: the server sent an HTML page" in result.stderr
    assert "1 new paper(s)" in result.stderr and (out / "papers.jsonl").is_file()


def test_hub_links_become_nodes_and_a_hub_dataset_joins_the_extracted_one(server, tmp_path):
    server.route("/api/daily_papers", Reply(body=[FLOW]), date=DAY1)
    server.route("/api/papers/2410.00001", Reply(body={"id": "2410.00001",
                                                       "linkedModels": [{"id": "example/flowmix-large"}],
                                                       "linkedDatasets": [{"id": "example-org/COCO"}, {"id": "example/flow-data"}],
                                                       "linkedSpaces": [{"id": "example/flowmix-demo"}]}))
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    result = daily(server, out, cache, "--date", DAY1, "--links")
    assert result.exit_code == 0, result.stderr
    graph = json.loads((out / "graph.json").read_text())
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["hubmodel:example/flowmix-large"]["url"] == "https://huggingface.co/example/flowmix-large"
    assert nodes["hubspace:example/flowmix-demo"]["label"] == "HubSpace"
    assert nodes["dataset:coco"]["hub_id"] == "example-org/COCO"  # one node with the extracted COCO
    assert nodes["dataset:hub/example/flow-data"]["hub_url"] == "https://huggingface.co/datasets/example/flow-data"
    types = {(e["source"], e["target"], e["type"]) for e in graph["edges"]}
    paper = next(n for n, a in nodes.items() if a.get("arxiv_id") == "2410.00001")
    assert (paper, "dataset:coco", "HAS_HUB_DATASET") in types and (paper, "dataset:coco", "USES_DATASET") in types
    explained = run_kg("explain", "example/flowmix-large", "-o", out)
    assert explained.exit_code == 0
    assert "on the Hugging Face Hub: example/flowmix-large (https://huggingface.co/example/flowmix-large)" in explained.stdout
    assert "found by the rules" not in explained.stdout


def test_by_default_yesterday_today_and_the_weeks_unsettled_days_are_fetched(server, tmp_path):
    import datetime as dt

    today = dt.datetime.now(dt.timezone.utc).date()
    days = {n: (today - dt.timedelta(days=n)).isoformat() for n in range(5)}
    for n, day in days.items():
        server.route("/api/daily_papers", Reply(body=[hf_record(f"2412.0000{n}", f"Paper of day minus {n}", day)]), date=day)
    out, cache = tmp_path / "kg-out", tmp_path / "cache"
    # Three days ago was fetched while it was going on; four days ago after it ended.
    for n, when in ((3, "T12:00:00"), (4, "T23:59:59")):
        assert run_kg("fetch", "hf-daily", "--cache", cache, "--base-url", server.url, "--date", days[n]).exit_code == 0
        index = cache / "hf-daily" / ".fetched.json"
        times = json.loads(index.read_text())
        times[f"hf-daily-{days[n]}.json"] = dt.datetime.fromisoformat(days[n] + when + "+00:00").timestamp() + (2 if n == 4 else 0)
        index.write_text(json.dumps(times))
    asked = len(server.hits())
    result = daily(server, out, cache)
    assert result.exit_code == 0, result.stderr
    assert sorted(h.query["date"] for h in server.hits()[asked:]) == sorted([days[3], days[1], days[0]])
    assert result.stderr.startswith(f"kg daily {days[3]} to {days[0]}: 3 new paper(s)")

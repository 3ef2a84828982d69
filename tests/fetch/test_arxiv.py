"""`kg fetch arxiv` through the maintained `arxiv` client, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json

from kg import __version__
from kg.fetch.arxiv_api import ArxivClient
from kg.fetch.http import FetchError, HttpPolicy
from tests.fetch.conftest import atom_entry, atom_feed, run_kg
from tests.fetch.server import Reply

DAY = "2024-10-10"
ATOM = "application/atom+xml"
NO_DELAY = {"KG_ARXIV_DELAY": "0"}


def fetch(server, cache, *args, env=NO_DELAY):
    return run_kg("fetch", "arxiv", "--cache", cache, "--base-url", server.url, *args, env=env)


def cached(cache, category="cs.CV", day=DAY):
    return cache / "arxiv" / f"arxiv-{category}-{day}.atom"


def test_pages_are_joined_into_one_feed_with_three_seconds_between_requests(server):
    entries = [atom_entry(f"2410.0000{n}", f"Paper {n}", DAY) for n in range(1, 4)]
    server.route("/api/query", Reply(body=atom_feed(entries[:2], total=3), content_type=ATOM), start="0")
    server.route("/api/query", Reply(body=atom_feed(entries[2:], total=3, start=2), content_type=ATOM), start="2")
    client = ArxivClient(server.url, HttpPolicy(), page_size=2)  # arXiv's own 3 s between requests
    feed, count, complete = client.day_feed("cs.CV", DAY)
    assert (count, complete) == (3, True) and feed.count(b"<entry") == 3 and b'kg:date="2024-10-10"' in feed
    first, second = server.hits()
    assert second.at - first.at >= 2.9
    assert first.query["search_query"] == "cat:cs.CV AND submittedDate:[202410100000 TO 202410102359]"
    assert first.query["sortBy"] == "submittedDate" and first.query["max_results"] == "2"
    assert f"kg/{__version__}" in first.headers["user-agent"] and "arxiv.py/" in first.headers["user-agent"]


def test_fetched_feed_builds_papers_with_their_categories(server, cache, tmp_path):
    entries = [atom_entry("2410.00001", "Invented Flows for Segmentation", DAY,
                          abstract="We propose FlowSeg and evaluate it on COCO. Code: https://github.com/example/flowseg")]
    server.route("/api/query", Reply(body=atom_feed(entries), content_type=ATOM))
    result = fetch(server, cache, "--category", "cs.CV", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(cached(cache))
    out = tmp_path / "out"
    built = run_kg("build", cached(cache), "-o", out)
    assert built.exit_code == 0, built.stderr
    paper = json.loads((out / "papers.jsonl").read_text().splitlines()[0])
    assert paper["arxiv_id"] == "2410.00001" and paper["categories"] == ["cs.CV", "cs.LG"]
    assert paper["listings"][0]["date"] == DAY and paper["listings"][0]["listing_id"] == "listing:arxiv-cs.CV-2024-10-10"


def test_each_category_is_its_own_cached_day(server, cache):
    server.route("/api/query", Reply(body=atom_feed([atom_entry("2410.00001", "A", DAY)]), content_type=ATOM))
    result = fetch(server, cache, "--category", "cs.CV", "--category", "cs.LG", "--date", DAY)
    assert result.exit_code == 0
    assert cached(cache, "cs.CV").is_file() and cached(cache, "cs.LG").is_file()
    assert fetch(server, cache, "--category", "cs.CV", "--category", "cs.LG", "--date", DAY).exit_code == 0
    assert len(server.hits()) == 2  # the second run read the cache


def test_a_503_with_retry_after_then_the_feed(server, cache):
    server.route("/api/query", Reply(503, "busy", headers={"Retry-After": "1"}, content_type="text/plain"),
                 Reply(body=atom_feed([atom_entry("2410.00001", "A", DAY)]), content_type=ATOM))
    result = fetch(server, cache, "--category", "cs.CV", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    first, second = server.hits()
    assert second.at - first.at >= 0.95 and cached(cache).is_file()


def test_an_html_page_is_an_error_not_an_empty_day(server, cache):
    server.route("/api/query", Reply(body="<!DOCTYPE html><html><body>Rate exceeded</body></html>", content_type="text/html"))
    result = fetch(server, cache, "--category", "cs.CV", "--date", DAY)
    assert result.exit_code == 1
    assert f"error: {DAY} arxiv:cs.CV: the server sent an HTML page, not an Atom feed" in result.stderr
    assert not cached(cache).exists()


def test_a_cut_off_feed_is_not_cached(server, cache):
    body = atom_feed([atom_entry("2410.00001", "A", DAY), atom_entry("2410.00002", "B", DAY)])
    server.route("/api/query", Reply(body=body, cut=len(body) // 2, content_type=ATOM))
    result = fetch(server, cache, "--category", "cs.CV", "--date", DAY)
    assert result.exit_code == 1 and "the feed is cut off or broken" in result.stderr
    assert not cached(cache).exists() and not list(cache.rglob("*.tmp"))


def test_an_empty_day_is_cached_and_gives_nothing_to_build(server, cache):
    server.route("/api/query", Reply(body=atom_feed([]), content_type=ATOM))
    result = fetch(server, cache, "--category", "cs.CV", "--date", DAY)
    assert result.exit_code == 0 and result.stdout == ""
    assert cached(cache).is_file()


def test_a_bad_category_is_refused_before_any_request(server, cache):
    result = fetch(server, cache, "--category", "cs CV; drop", "--date", DAY)
    assert result.exit_code == 2 and "unknown source" in result.stderr
    assert server.hits() == []


def test_the_client_raises_a_fetch_error_for_a_404(server):
    client = ArxivClient(server.url + "/nowhere", HttpPolicy(retries=0), delay_seconds=0)
    try:
        client.day_feed("cs.CV", DAY)
    except FetchError as error:
        assert "HTTP 404" in str(error) and "--base-url" in str(error)
    else:
        raise AssertionError("a 404 must not read as an empty day")


def test_retries_keep_arxivs_three_seconds_and_refuse_a_long_retry_after(server, cache):
    server.route("/api/query", Reply(500, "oops", content_type="text/plain"),
                 Reply(body=atom_feed([atom_entry("2410.00001", "A", DAY)]), content_type=ATOM), start="0")
    result = fetch(server, cache, "--category", "cs.CV", "--date", DAY, env={})  # arXiv's own 3 s
    assert result.exit_code == 0, result.stderr
    first, second = server.hits()
    assert second.at - first.at >= 2.9  # urllib3 alone would retry at once

    server.routes.clear()
    server.route("/api/query", Reply(429, "later", headers={"Retry-After": "3600"}, content_type="text/plain"))
    started = len(server.hits())
    result = fetch(server, cache, "--category", "cs.LG", "--date", DAY)
    assert result.exit_code == 1
    assert f"error: {DAY} arxiv:cs.LG: the server asks kg to wait 3600 s (Retry-After); run again later" in result.stderr
    assert len(server.hits()) - started == 1


def test_a_server_that_ignores_start_is_bounded_and_its_repeats_dropped(server, monkeypatch):
    import kg.fetch.arxiv_api as arxiv_api

    monkeypatch.setattr(arxiv_api, "MAX_RESULTS", 6)
    page = atom_feed([atom_entry("2410.00001", "A", DAY), atom_entry("2410.00002", "B", DAY)], total=100_000)
    server.route("/api/query", Reply(body=page, content_type=ATOM))
    feed, count, complete = ArxivClient(server.url, HttpPolicy(), delay_seconds=0, page_size=2).day_feed("cs.CV", DAY)
    assert len(server.hits()) == 2  # the second page brought nothing new: kg stops
    assert (count, complete) == (2, False) and feed.count(b"<entry") == 2


def test_an_error_feed_sent_with_200_is_an_error_not_a_paper(server, cache):
    error = (atom_feed([]).replace("</feed>", "") + "<entry><id>http://arxiv.org/api/errors#incorrect_id_format</id>"
             "<title>Error</title><summary>incorrect id format for 1234</summary><updated>2024-10-10T00:00:00Z</updated>"
             "<published>2024-10-10T00:00:00Z</published></entry></feed>")
    server.route("/api/query", Reply(body=error, content_type=ATOM))
    result = fetch(server, cache, "--category", "cs.CV", "--date", DAY)
    assert result.exit_code == 1
    assert "the arXiv API answered with an error: incorrect id format for 1234" in result.stderr
    assert not cached(cache).exists()

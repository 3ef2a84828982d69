"""`kg fetch hf-daily` against a real HTTP server on 127.0.0.1 that serves payloads written here."""

from __future__ import annotations

import calendar
import json
import shutil
import time

from kg import __version__
from tests.fetch.conftest import hf_record, run_kg, today
from tests.fetch.server import Reply

DAY = "2024-10-10"


def fetch(server, cache, *args):
    return run_kg("fetch", "hf-daily", "--cache", cache, "--base-url", server.url, *args)


def cached(cache, day=DAY):
    return cache / "hf-daily" / f"hf-daily-{day}.json"


def test_a_day_of_two_pages_is_fetched_whole_and_kept_raw(server, cache):
    first = [hf_record(f"2410.{n:05d}", f"Paper number {n}", DAY) for n in range(50)]
    second = [hf_record(f"2410.{n:05d}", f"Paper number {n}", DAY) for n in range(50, 57)]
    server.route("/api/daily_papers", Reply(body=first), date=DAY, p="0")
    server.route("/api/daily_papers", Reply(body=second), date=DAY, p="1")
    result = fetch(server, cache, "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(cached(cache))
    records = json.loads(cached(cache).read_text())
    assert [r["paper"]["id"] for r in records] == [f"2410.{n:05d}" for n in range(57)]
    assert [(r.query["p"], r.query["limit"]) for r in server.hits("/api/daily_papers")] == [("0", "50"), ("1", "50")]
    assert "57 papers" in result.stderr


def test_every_field_survives_where_the_client_would_drop_it(server, cache, tmp_path):
    record = hf_record(
        "2410.06940", "Aligning Made-Up Representations", DAY,
        abstract="We align invented features with a frozen encoder.",
        githubRepo="https://github.com/Example-Lab/align", githubStars=321, projectPage="https://example.org/align",
        ai_keywords=["representation alignment", "diffusion transformer"],
        organization={"_id": "o1", "name": "example-lab", "fullname": "Example Lab"},
        submittedOnDailyBy={"_id": "u1", "user": "ada", "fullname": "Ada Example"}, upvotes=42,
    )
    server.route("/api/daily_papers", Reply(body=[record]), date=DAY)
    assert fetch(server, cache, "--date", DAY).exit_code == 0
    kept = json.loads(cached(cache).read_text())[0]["paper"]
    assert kept["githubRepo"] == "https://github.com/Example-Lab/align" and kept["ai_keywords"][0] == "representation alignment"

    out = tmp_path / "out"
    result = run_kg("build", cached(cache), "-o", out)
    assert result.exit_code == 0, result.stderr
    paper = json.loads((out / "papers.jsonl").read_text().splitlines()[0])
    assert paper["arxiv_id"] == "2410.06940"
    assert paper["github_repo"] == "https://github.com/Example-Lab/align" and paper["github_stars"] == 321
    assert paper["project_page"] == "https://example.org/align" and paper["upvotes"] == 42
    assert paper["keywords"] == ["representation alignment", "diffusion transformer"]
    assert paper["organization"] == "Example Lab" and paper["submitter"] == "Ada Example"
    assert paper["submitted"] == DAY and paper["published"] == DAY and paper["comments"] == 1
    assert paper["authors"] == ["Ada Example", "Bo Sample"]
    entities = json.loads((out / "extractions.jsonl").read_text().splitlines()[0])["entities"]
    repo = next(e for e in entities if e["type"] == "Repository")
    assert repo["id"] == "repository:github.com/example-lab/align" and repo["role"] == "official"


def test_a_finished_day_is_never_fetched_again_unless_refresh(server, cache):
    server.route("/api/daily_papers", Reply(body=[hf_record("2410.00001", "One paper", DAY)]), date=DAY)
    assert fetch(server, cache, "--date", DAY).exit_code == 0
    again = fetch(server, cache, "--date", DAY)
    assert again.exit_code == 0 and again.stdout.strip() == str(cached(cache))
    assert len(server.hits()) == 1 and "1 cached" in again.stderr
    assert fetch(server, cache, "--date", DAY, "--refresh").exit_code == 0
    assert len(server.hits()) == 2


def test_a_day_not_over_is_fetched_again_on_the_next_run(server, cache):
    day = today()
    server.route("/api/daily_papers", Reply(body=[hf_record("2412.00001", "Early paper", day)]),
                 Reply(body=[hf_record("2412.00001", "Early paper", day), hf_record("2412.00002", "Later paper", day)]),
                 date=day)
    assert fetch(server, cache).exit_code == 0  # --date defaults to today (UTC)
    second = fetch(server, cache)
    assert second.exit_code == 0 and len(server.hits()) == 2
    assert len(json.loads(cached(cache, day).read_text())) == 2


def test_a_day_fetched_before_it_ended_is_fetched_again_afterwards_even_from_a_copied_cache(server, cache, tmp_path):
    server.route("/api/daily_papers", Reply(body=[hf_record("2410.00001", "One paper", DAY)]), date=DAY)
    assert fetch(server, cache, "--date", DAY).exit_code == 0
    index = cache / "hf-daily" / ".fetched.json"
    times = json.loads(index.read_text())
    times[cached(cache).name] = calendar.timegm(time.strptime(DAY + " 15", "%Y-%m-%d %H"))  # 15:00 UTC that day
    index.write_text(json.dumps(times))
    copy = tmp_path / "copied-cache"
    shutil.copytree(cache, copy, copy_function=shutil.copy)  # new modification times, like cp -r
    assert fetch(server, copy, "--date", DAY).exit_code == 0
    assert len(server.hits()) == 2
    assert fetch(server, copy, "--date", DAY).exit_code == 0  # now final
    assert len(server.hits()) == 2


def test_a_damaged_cached_day_is_fetched_again(server, cache):
    server.route("/api/daily_papers", Reply(body=[hf_record("2410.00001", "One paper", DAY)]), date=DAY)
    assert fetch(server, cache, "--date", DAY).exit_code == 0
    cached(cache).write_text('{"not": "a listing"')
    result = fetch(server, cache, "--date", DAY)
    assert result.exit_code == 0 and len(server.hits()) == 2
    assert json.loads(cached(cache).read_text())[0]["paper"]["id"] == "2410.00001"


def test_a_404_after_the_first_page_ends_the_listing_and_keeps_it(server, cache):
    first = [hf_record(f"2410.{n:05d}", f"Paper number {n}", DAY) for n in range(50)]
    server.route("/api/daily_papers", Reply(body=first), date=DAY, p="0")
    result = fetch(server, cache, "--date", DAY)
    assert result.exit_code == 0 and len(json.loads(cached(cache).read_text())) == 50


def test_answers_that_are_not_listings_give_one_line_each(server, cache):
    deep = "[" * 100_000 + "]" * 100_000
    server.route("/api/daily_papers", Reply(body=deep), date="2024-10-07")
    server.route("/api/daily_papers", Reply(302, "", headers={"Location": "/api/daily_papers?date=2024-10-08"}),
                 date="2024-10-08")
    server.route("/api/daily_papers", Reply(body={"papers": "no"}), date="2024-10-09")
    result = fetch(server, cache, "--date", "2024-10-07", "--to", "2024-10-09")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert [line.split(":")[1].strip() for line in errors] == ["2024-10-07", "2024-10-08", "2024-10-09"]
    assert "nests JSON too deeply" in errors[0] and "redirect" in errors[1].lower() and "expected a JSON list" in errors[2]


def test_429_with_retry_after_is_honoured(server, cache):
    server.route("/api/daily_papers", Reply(429, {"error": "slow down"}, headers={"Retry-After": "1"}),
                 Reply(body=[hf_record("2410.00001", "One paper", DAY)]), date=DAY)
    result = fetch(server, cache, "--date", DAY)
    assert result.exit_code == 0, result.stderr
    first, second = server.hits()
    assert second.at - first.at >= 0.95
    assert "1 retried, waited 1.0 s" in result.stderr


def test_a_server_error_then_success(server, cache):
    server.route("/api/daily_papers", Reply(500, {"error": "boom"}), Reply(body=[hf_record("2410.00001", "P", DAY)]), date=DAY)
    result = fetch(server, cache, "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert len(server.hits()) == 2 and cached(cache).is_file()


def test_persistent_server_errors_fail_the_day_with_one_line(server, cache):
    server.route("/api/daily_papers", Reply(503, {"error": "down"}), date=DAY)
    result = fetch(server, cache, "--date", DAY, "--retries", "2")
    assert result.exit_code == 1
    assert len(server.hits()) == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {DAY}: the server failed (HTTP 503 after 3 tries); try again later"]
    assert not cached(cache).exists() and not list(cache.rglob("*.tmp"))


def test_a_slow_answer_times_out_and_names_the_day(server, cache):
    server.route("/api/daily_papers", Reply(body=[], delay=1.5), date=DAY)
    result = fetch(server, cache, "--date", DAY, "--timeout", "0.3", "--retries", "1")
    assert result.exit_code == 1
    assert f"error: {DAY}: no answer from {server.url} within 0.3 s (2 tries); try again later or raise --timeout" in result.stderr
    assert not cached(cache).exists()


def test_truncated_json_leaves_the_cached_copy_whole(server, cache):
    good = [hf_record("2410.00001", "One paper", DAY)]
    server.route("/api/daily_papers", Reply(body=good), Reply(body=good, cut=40), date=DAY)
    assert fetch(server, cache, "--date", DAY).exit_code == 0
    before = cached(cache).read_bytes()
    result = fetch(server, cache, "--date", DAY, "--refresh")
    assert result.exit_code == 1
    assert f"error: {DAY}: the answer is cut off" in result.stderr and "run again" in result.stderr
    assert cached(cache).read_bytes() == before and not list(cache.rglob("*.tmp"))


def test_an_html_page_instead_of_json(server, cache):
    server.route("/api/daily_papers", Reply(body="<!doctype html><html><body>Maintenance</body></html>",
                                            content_type="text/html"), date=DAY)
    result = fetch(server, cache, "--date", DAY)
    assert result.exit_code == 1
    assert "the server sent an HTML page, not JSON" in result.stderr and DAY in result.stderr


def test_404_and_an_empty_day_are_notes_not_errors(server, cache):
    server.route("/api/daily_papers", Reply(body=[]), date="2024-10-12")
    result = fetch(server, cache, "--date", "2024-10-11", "--to", "2024-10-12")
    assert result.exit_code == 0, result.stderr
    assert "note: 2024-10-11: the server has no listing for it (HTTP 404)" in result.stderr
    assert result.stdout == ""  # nothing to build from
    assert json.loads(cached(cache, "2024-10-12").read_text()) == []
    assert not cached(cache, "2024-10-11").exists()


def test_a_range_asks_for_each_day_and_says_who_is_asking(server, cache):
    for day in ("2024-10-07", "2024-10-08", "2024-10-09"):
        server.route("/api/daily_papers", Reply(body=[hf_record(f"2410.0{day[-1]}000", f"Paper of {day}", day)]), date=day)
    result = fetch(server, cache, "--date", "2024-10-07", "--to", "2024-10-09")
    assert result.exit_code == 0
    assert [h.query["date"] for h in server.hits()] == ["2024-10-07", "2024-10-08", "2024-10-09"]
    assert len(result.stdout.split()) == 3
    agent = server.hits()[0].headers["user-agent"]
    assert f"kg/{__version__}" in agent


def test_an_unreachable_server_fails_once_and_skips_the_rest(cache, tmp_path):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    result = run_kg("fetch", "hf-daily", "--cache", cache, "--base-url", f"http://127.0.0.1:{port}",
                    "--date", "2024-10-07", "--to", "2024-10-09", "--retries", "1")
    assert result.exit_code == 1
    assert "error: 2024-10-07: cannot connect to" in result.stderr and "check your network connection" in result.stderr
    assert "note: 2024-10-08 hf-daily: not tried (the server was unreachable)" in result.stderr
    assert time.monotonic() - started < 10
    assert not cache.exists() or not list(cache.rglob("*.json"))


def test_a_name_that_does_not_resolve(cache):
    result = run_kg("fetch", "hf-daily", "--cache", cache, "--base-url", "http://kg-test-host.invalid",
                    "--date", DAY, "--retries", "3")
    assert result.exit_code == 1
    assert f"error: {DAY}: cannot resolve http://kg-test-host.invalid (DNS failure)" in result.stderr


def test_base_url_from_the_environment(server, cache):
    server.route("/api/daily_papers", Reply(body=[hf_record("2410.00001", "P", DAY)]), date=DAY)
    result = run_kg("fetch", "hf-daily", "--cache", cache, "--date", DAY, env={"KG_HF_URL": server.url})
    assert result.exit_code == 0 and len(server.hits()) == 1


def test_links_ask_the_hub_for_each_paper_once(server, cache):
    server.route("/api/daily_papers", Reply(body=[hf_record("2410.00001", "P", DAY), hf_record("2410.00002", "Q", DAY)]), date=DAY)
    server.route("/api/papers/2410.00001", Reply(body={"id": "2410.00001", "linkedModels": [{"id": "example-lab/align-xl"}],
                                                       "linkedDatasets": [{"id": "example-lab/align-data"}],
                                                       "linkedSpaces": [{"id": "example-lab/align-demo"}]}))
    result = fetch(server, cache, "--date", DAY, "--links")
    assert result.exit_code == 0, result.stderr
    records = json.loads(cached(cache).read_text())
    assert records[0]["kgHubLinks"] == {"models": ["example-lab/align-xl"], "datasets": ["example-lab/align-data"],
                                        "spaces": ["example-lab/align-demo"]}
    assert records[1]["kgHubLinks"] == {"models": [], "datasets": [], "spaces": []}  # 404: the Hub has no page for it
    again = fetch(server, cache, "--date", DAY, "--links")
    assert again.exit_code == 0 and len(server.hits()) == 3  # the day and both papers, once each


def test_a_retry_after_longer_than_kg_waits_fails_the_day_at_once(server, cache):
    server.route("/api/daily_papers", Reply(429, {"error": "later"}, headers={"Retry-After": "3600"}), date=DAY)
    result = fetch(server, cache, "--date", DAY)
    assert result.exit_code == 1 and len(server.hits()) == 1
    assert f"error: {DAY}: the server asks kg to wait 3600 s (Retry-After); run again later" in result.stderr


def test_links_drop_garbage_and_stop_after_repeated_failures(server, cache):
    records = [hf_record(f"2410.0000{n}", f"P{n}", DAY) for n in range(1, 7)] + [hf_record("not-an-id", "Q", DAY)]
    server.route("/api/daily_papers", Reply(body=records), date=DAY)
    server.route("/api/papers/2410.00001", Reply(body={"linkedModels": 5, "linkedDatasets": [{"id": "../../etc"}, "x"],
                                                       "linkedSpaces": [{"id": "example/ok-demo"}, {"id": "<b>m</b>"}]}))
    server.route("/api/papers/2410.00002", Reply(body=["not", "a", "page"]))
    for n in (3, 4, 5, 6):
        server.route(f"/api/papers/2410.0000{n}", Reply(500, {"error": "down"}))
    result = fetch(server, cache, "--date", DAY, "--links", "--retries", "0")
    assert result.exit_code == 0, result.stderr
    kept = json.loads(cached(cache).read_text())
    assert kept[0]["kgHubLinks"] == {"models": [], "datasets": [], "spaces": ["example/ok-demo"]}
    assert kept[1]["kgHubLinks"] == {"models": [], "datasets": [], "spaces": []}
    assert all("kgHubLinks" not in r for r in kept[2:6]) and kept[6]["kgHubLinks"] is None
    asked = [h.path for h in server.hits() if h.path.startswith("/api/papers/")]
    assert asked == ["/api/papers/2410.00001", "/api/papers/2410.00002", "/api/papers/2410.00003",
                     "/api/papers/2410.00004", "/api/papers/2410.00005"]  # three failures in a row: the day stops asking
    assert "the rest of the Hub links left out (asked again next run)" in result.stderr


def test_max_links_bounds_the_requests_and_a_final_day_is_not_fetched_again_for_them(server, cache):
    server.route("/api/daily_papers", Reply(body=[hf_record(f"2410.0000{n}", f"P{n}", DAY) for n in range(1, 4)]), date=DAY)
    server.route("/api/papers/2410.00001", Reply(body={"linkedModels": [{"id": "example/m"}]}))
    result = fetch(server, cache, "--date", DAY, "--links", "--max-links", "1")
    assert result.exit_code == 0 and "Hub links asked for the first 1 papers only (--max-links)" in result.stderr
    assert [r["kgHubLinks"] for r in json.loads(cached(cache).read_text())][1:] == [None, None]
    assert fetch(server, cache, "--date", DAY, "--links", "--max-links", "1").exit_code == 0
    assert len(server.hits()) == 2  # the day and one paper, once


def test_progress_over_days_on_request(server, cache):
    for day in ("2024-10-07", "2024-10-08"):
        server.route("/api/daily_papers", Reply(body=[hf_record(f"2410.0{day[-1]}000", f"Paper of {day}", day)]), date=day)
    result = fetch(server, cache, "--date", "2024-10-07", "--to", "2024-10-08", "--progress")
    assert result.exit_code == 0
    assert "\rfetching hf-daily 2024-10-08" in result.stderr and "2/2" in result.stderr

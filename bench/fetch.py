"""What `kg fetch` asks of a server over a month, and how long it takes, against a local server.

A real HTTP server on 127.0.0.1 serves 30 days of Daily Papers (40 records a
day) with the faults a month brings: weekends without a listing (404), a 429
with Retry-After, 5xx answers, a slow answer past the timeout, a day of two
pages. Then the same month again, from the cache. Then five days of one arXiv
category, with arXiv's 3 s between requests.

    python bench/fetch.py [--days 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

# The repository instead of bench/ (bench/html.py would shadow the html module), for tests.fetch's server.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from kg.fetch import Cache, Fetcher, HttpPolicy, Source, day_range, fetch  # noqa: E402
from tests.fetch.conftest import atom_entry, atom_feed, hf_record  # noqa: E402
from tests.fetch.server import Reply, ScriptedServer  # noqa: E402

FIRST = dt.date(2024, 9, 2)  # a Monday


def serve_month(server: ScriptedServer, days: list[str]) -> dict[str, str]:
    """Route each day; return the fault injected per day."""
    faults = {}
    for n, day in enumerate(days):
        records = [hf_record(f"24{n:02d}.{k:05d}", f"Paper {k} of {day}", day) for k in range(40)]
        weekday = dt.date.fromisoformat(day).weekday()
        if weekday >= 5:
            faults[day] = "404 (weekend)"
            continue  # unrouted: 404
        if n == 2:
            faults[day] = "429, Retry-After: 2"
            server.route("/api/daily_papers", Reply(429, {"error": "rate"}, headers={"Retry-After": "2"}),
                         Reply(body=records), date=day)
        elif n == 7:
            faults[day] = "500, then 200"
            server.route("/api/daily_papers", Reply(500, {"error": "x"}), Reply(body=records), date=day)
        elif n == 11:
            faults[day] = "503 twice, then 200"
            server.route("/api/daily_papers", Reply(503, {}), Reply(503, {}), Reply(body=records), date=day)
        elif n == 15:
            faults[day] = "slow (3 s > 2 s timeout), then 200"
            server.route("/api/daily_papers", Reply(body=records, delay=3.0), Reply(body=records), date=day)
        elif n == 18:
            faults[day] = "two pages (50 + 15)"
            more = [hf_record(f"24{n:02d}.{k:05d}", f"Paper {k} of {day}", day) for k in range(65)]
            server.route("/api/daily_papers", Reply(body=more[:50]), date=day, p="0")
            server.route("/api/daily_papers", Reply(body=more[50:]), date=day, p="1")
        else:
            server.route("/api/daily_papers", Reply(body=records), date=day)
    return faults


def run(label: str, sources: list[Source], days: list[str], fetcher: Fetcher) -> None:
    started = time.perf_counter()
    report = fetch(sources, days, fetcher)
    wall = time.perf_counter() - started
    stats = report.stats
    statuses: dict[str, int] = {}
    for outcome in report.days:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    waits = ", ".join(f"{w:.2f}" for w in stats.waits) or "none"
    print(f"{label}: {len(days)} days x {len(sources)} source(s) in {wall:.1f} s; {stats.requests} requests, "
          f"{stats.retries} retries, waited {stats.waited:.1f} s (waits: {waits}); {statuses}; "
          f"{sum(o.papers for o in report.days)} papers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    days = day_range(FIRST, FIRST + dt.timedelta(days=args.days - 1))
    policy = HttpPolicy(read_timeout=2.0, connect_timeout=2.0)
    with tempfile.TemporaryDirectory() as tmp, ScriptedServer() as server:
        faults = serve_month(server, days)
        print(f"faults: {len(faults)} days: " + "; ".join(f"{d[5:]} {f}" for d, f in faults.items() if "weekend" not in f)
              + f"; {sum('weekend' in f for f in faults.values())} weekend days 404")
        cache = Cache(Path(tmp) / "cache")
        run("hf-daily, first run", [Source("hf-daily")], days, Fetcher(cache, policy, hf_url=server.url))
        run("hf-daily, again (cache)", [Source("hf-daily")], days, Fetcher(cache, policy, hf_url=server.url))
        week = days[:5]
        for day in week:
            entries = [atom_entry(f"2409.{k:05d}", f"Feed paper {k}", day) for k in range(30)]
            server.route("/api/query", Reply(body=atom_feed(entries), content_type="application/atom+xml"),
                         search_query=f"cat:cs.CV AND submittedDate:[{day.replace('-', '')}0000 TO {day.replace('-', '')}2359]")
        run("arxiv:cs.CV, 5 days (3 s apart)", [Source("arxiv", "cs.CV")], week, Fetcher(cache, policy, arxiv_url=server.url))


if __name__ == "__main__":
    main()

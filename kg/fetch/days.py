"""Fetch days from each source into the cache, and say how each day went."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.fetch.cache import Cache, day_start
from kg.fetch.http import FetchError, HttpPolicy, HttpStats, NoListing, Unreachable

__all__ = ["DayOutcome", "FetchReport", "Fetcher", "Source", "day_range", "daily_days", "fetch", "parse_source"]

LINKS_MAX_AGE = 7 * 24 * 3600  # a paper's Hub links are asked again after a week
LINK_FAILURES = 3  # a day stops asking for Hub links after this many failures in a row
PENDING_DAYS = 7  # kg daily fetches again the days of the last week that are not final yet
HUB_LINK_KEYS = {"models": "linkedModels", "datasets": "linkedDatasets", "spaces": "linkedSpaces"}


@dataclass(frozen=True)
class Source:
    """A listing source: ``hf-daily``, or ``arxiv:CATEGORY``.

    ``settle`` is how long after a day ends its listing stops changing: Daily
    Papers at once; arXiv once the day's submissions are announced, which for
    a Friday is the Monday.
    """

    kind: str
    category: str | None = None

    @property
    def name(self) -> str:
        return f"arxiv:{self.category}" if self.kind == "arxiv" else self.kind

    @property
    def settle(self) -> float:
        return 3 * 86_400.0 if self.kind == "arxiv" else 0.0

    def cache_path(self, cache: Cache, day: str) -> Path:
        if self.kind == "arxiv":
            return cache.path("arxiv", f"arxiv-{self.category}", day, "atom")
        return cache.path("hf-daily", "hf-daily", day, "json")


def parse_source(text: str) -> Source:
    """``hf-daily`` or ``arxiv:cs.CV``; raises ``ValueError`` naming the accepted forms.

    >>> parse_source("arxiv:cs.LG").category
    'cs.LG'
    """
    text = text.strip()
    if text == "hf-daily":
        return Source("hf-daily")
    kind, _, category = text.partition(":")
    if kind == "arxiv" and category and all(part.replace("-", "").isalnum() for part in category.split(".")):
        return Source("arxiv", category)
    raise ValueError(f"unknown source {text!r}; use hf-daily or arxiv:CATEGORY (e.g. arxiv:cs.CV)")


def day_range(first: dt.date, last: dt.date | None = None) -> list[str]:
    """ISO days from ``first`` to ``last`` inclusive.

    >>> day_range(dt.date(2024, 2, 28), dt.date(2024, 3, 1))
    ['2024-02-28', '2024-02-29', '2024-03-01']
    """
    last = last or first
    if last < first:
        raise ValueError(f"--to {last} is before --date {first}")
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def daily_days(sources: Iterable[Source], cache: Cache, today: dt.date) -> list[str]:
    """What ``kg daily`` fetches by default: yesterday, today, and the days of the last week not final yet."""
    days = set(day_range(today - dt.timedelta(days=1), today))
    for day in day_range(today - dt.timedelta(days=PENDING_DAYS), today):
        for source in sources:
            path = source.cache_path(cache, day)
            if path.is_file() and not cache.is_final(path, day, source.settle):
                days.add(day)
    return sorted(days)


@dataclass
class DayOutcome:
    """What happened to one source's day.

    ``status``: ``fetched`` (new or changed content), ``unchanged`` (fetched
    again, same content), ``cached`` (final, not asked again), ``missing``
    (the source has no listing that day), ``failed``, ``skipped`` (not tried:
    the server was unreachable, or the day has not begun). ``message`` says
    what went wrong, or what the user should know (a listing cut short).
    """

    source: str
    day: str
    status: str
    path: Path | None = None
    papers: int = 0
    message: str | None = None


@dataclass
class FetchReport:
    days: list[DayOutcome] = field(default_factory=list)
    stats: HttpStats = field(default_factory=HttpStats)
    seconds: float = 0.0

    @property
    def failed(self) -> list[DayOutcome]:
        return [d for d in self.days if d.status == "failed"]

    @property
    def listings(self) -> list[Path]:
        """The cached files that hold papers, for ``kg build``."""
        return [d.path for d in self.days if d.path is not None and d.papers > 0]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for outcome in self.days:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        parts = ", ".join(f"{n} {status}" for status, n in counts.items())
        papers = sum(d.papers for d in self.days)
        waited = f", waited {self.stats.waited:.1f} s" if self.stats.waited else ""
        return (f"{len(self.days)} day(s) ({parts}), {papers} papers; {self.stats.requests} request(s), "
                f"{self.stats.retries} retried{waited}; {self.seconds:.1f} s")


def _json_records(path: Path) -> list[Any] | None:
    """The records of a cached HF day; None if the file is damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, list) else None


def count_papers(path: Path) -> int | None:
    """How many papers a cached day holds (JSON records or Atom entries); None if the file is damaged."""
    if path.suffix == ".json":
        records = _json_records(path)
        return None if records is None else len(records)
    try:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.parse(str(path), parser).getroot()
        return len(root.findall("{http://www.w3.org/2005/Atom}entry"))
    except (OSError, ValueError):  # lxml's XMLSyntaxError is a ValueError
        return None


def _hub_links(info: Any) -> dict[str, list[str]]:
    """The valid Hub repository ids of each kind a paper page links (garbage in the answer is dropped)."""
    from kg.ingest.hf_api import hub_repo_ids

    return {kind: hub_repo_ids([i.get("id") for i in listed if isinstance(i, dict)] if isinstance(listed, list) else [])
            for kind, key in HUB_LINK_KEYS.items()
            for listed in [info.get(key) if isinstance(info, dict) else None]}


def _has_links(records: list[Any]) -> bool:
    """Was this HF day fetched with its Hub links (each record asked, or deliberately left out)?"""
    return all(not isinstance(r, dict) or "kgHubLinks" in r for r in records)


class Fetcher:
    """Fetches days of the sources into a cache under one HTTP policy."""

    def __init__(self, cache: Cache, policy: HttpPolicy, *, hf_url: str | None = None, arxiv_url: str | None = None,
                 refresh: bool = False, links: bool = False, max_links: int = 200, now: Callable[[], float] = time.time,
                 hf_page_size: int | None = None, arxiv_delay: float | None = None) -> None:
        self.cache, self.policy, self.refresh, self.links, self.max_links, self.now = cache, policy, refresh, links, max_links, now
        self.hf_url, self.arxiv_url = hf_url, arxiv_url
        self.hf_page_size, self.arxiv_delay = hf_page_size, arxiv_delay
        self.stats = HttpStats()
        self.link_problems: list[str] = []
        self._hub: Any = None
        self._arxiv: Any = None

    @property
    def hub(self) -> Any:
        """The Hub client, made on first use (importing huggingface_hub costs time)."""
        if self._hub is None:
            from kg.fetch.hf import PAGE_SIZE, HubClient

            self._hub = HubClient(self.hf_url, self.policy, self.stats, page_size=self.hf_page_size or PAGE_SIZE)
        return self._hub

    @property
    def arxiv(self) -> Any:
        """The arXiv client, made on first use."""
        if self._arxiv is None:
            from kg.fetch.arxiv_api import DELAY_SECONDS, ArxivClient

            delay = DELAY_SECONDS if self.arxiv_delay is None else self.arxiv_delay
            self._arxiv = ArxivClient(self.arxiv_url, self.policy, self.stats, delay_seconds=delay)
        return self._arxiv

    def days(self, source: Source, days: Iterable[str]) -> Iterator[DayOutcome]:
        """One outcome per day, in order; after the server proves unreachable, the rest are skipped."""
        unreachable = False
        for day in days:
            path = source.cache_path(self.cache, day)
            cached = self._final_count(source, path, day)
            if self.now() < day_start(day):
                yield DayOutcome(source.name, day, "skipped", message=f"{day} {source.name}: the day has not begun (UTC)")
            elif cached is not None:
                yield DayOutcome(source.name, day, "cached", path, cached)
            elif unreachable:
                yield DayOutcome(source.name, day, "skipped", message=f"{day} {source.name}: not tried (the server was unreachable)")
            else:
                try:
                    yield self._fetch_day(source, day, path)
                except NoListing as error:
                    yield DayOutcome(source.name, day, "missing", message=str(error))
                except Unreachable as error:
                    unreachable = True
                    yield DayOutcome(source.name, day, "failed", message=str(error))
                except FetchError as error:
                    yield DayOutcome(source.name, day, "failed", message=str(error))

    def _final_count(self, source: Source, path: Path, day: str) -> int | None:
        """The number of papers of a final, readable cached day that needs nothing more; else None (fetch it)."""
        if self.refresh or not self.cache.is_final(path, day, source.settle):
            return None
        if self.links and source.kind == "hf-daily":  # read once: for its links and its count
            records = _json_records(path)
            return len(records) if records is not None and _has_links(records) else None
        return count_papers(path)  # a damaged file counts as not cached: fetched again

    def _fetch_day(self, source: Source, day: str, path: Path) -> DayOutcome:
        note = None
        if source.kind == "arxiv":
            feed, papers, complete = self.arxiv.day_feed(source.category, day)
            text = feed.decode("utf-8")
        else:
            records, complete = self.hub.daily_papers(day)
            if self.links:
                note = self._add_hub_links(records, day)
            papers = len(records)
            text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        if not complete:
            note = f"{day} {source.name}: the listing was cut at {papers} papers (kg's limit for one day)"
        changed = self.cache.store(path, text, self.now())
        return DayOutcome(source.name, day, "fetched" if changed else "unchanged", path, papers, note)

    def _add_hub_links(self, records: list[Any], day: str) -> str | None:
        """Each record gains ``kgHubLinks``: the ids of the Hub models, datasets and Spaces linked to its paper.

        Past ``max_links`` papers, or for a record without an arXiv id, it is
        ``null`` (not asked). A paper whose page could not be had is left
        without it, to be asked next time; after a few such failures in a row
        (or if the Hub is unreachable) the day stops asking. Returns a note
        for the user, if any.
        """
        from kg.ingest.text import find_arxiv_id

        failures, note = 0, None
        for number, record in enumerate(records):
            paper = record.get("paper") if isinstance(record, dict) else None
            arxiv_id = paper.get("id") if isinstance(paper, dict) else None
            if not isinstance(record, dict):
                continue
            if not isinstance(arxiv_id, str) or find_arxiv_id(arxiv_id) != arxiv_id or number >= self.max_links:
                record["kgHubLinks"] = None
                continue
            if failures >= LINK_FAILURES:
                continue
            try:
                info = self._paper_info(arxiv_id)
            except Unreachable as error:
                return f"{error}; the day's Hub links are left out (asked again next run)"
            except FetchError as error:
                failures += 1
                note = f"{error}; {'the rest of ' if failures >= LINK_FAILURES else ''}the Hub links left out (asked again next run)"
                continue
            failures = 0
            record["kgHubLinks"] = _hub_links(info)
        if len(records) > self.max_links:
            note = note or f"{day} hf-daily: Hub links asked for the first {self.max_links} papers only (--max-links)"
        return note

    def _paper_info(self, arxiv_id: str) -> Any:
        """The Hub's paper page data, from the cache when younger than a week."""
        path = self.cache.root / "hf-papers" / f"{arxiv_id.replace('/', '_')}.json"
        fetched = self.cache.fetched_at(path)
        if not self.refresh and fetched is not None and self.now() - fetched < LINKS_MAX_AGE:
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                pass
        try:
            info = self.hub.paper_info(arxiv_id) or {}
        except NoListing:
            info = {}
        self.cache.store(path, json.dumps(info, ensure_ascii=False) + "\n", self.now())
        return info


def fetch(sources: Iterable[Source], days: list[str], fetcher: Fetcher,
          on_day: Callable[[DayOutcome], None] | None = None) -> FetchReport:
    """Every day of every source, into the fetcher's cache."""
    started = time.perf_counter()
    report = FetchReport(stats=fetcher.stats)
    for source in sources:
        for outcome in fetcher.days(source, days):
            report.days.append(outcome)
            if on_day is not None:
                on_day(outcome)
    report.seconds = time.perf_counter() - started
    return report

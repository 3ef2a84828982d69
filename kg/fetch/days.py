"""Fetch a range of days from each source into the cache, and say how each day went."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.fetch.cache import Cache
from kg.fetch.http import FetchError, HttpPolicy, HttpStats, NoListing, Unreachable

__all__ = ["DayOutcome", "FetchReport", "Source", "day_range", "fetch", "parse_source"]

LINKS_MAX_AGE = 7 * 24 * 3600  # a paper's Hub links are asked again after a week
HUB_LINK_KEYS = {"models": "linkedModels", "datasets": "linkedDatasets", "spaces": "linkedSpaces"}


@dataclass(frozen=True)
class Source:
    """A listing source: ``hf-daily``, or ``arxiv:CATEGORY``."""

    kind: str
    category: str | None = None

    @property
    def name(self) -> str:
        return f"arxiv:{self.category}" if self.kind == "arxiv" else self.kind

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


@dataclass
class DayOutcome:
    """What happened to one source's day.

    ``status``: ``fetched`` (new or changed content), ``unchanged`` (fetched
    again, same content), ``cached`` (final, not asked again), ``missing``
    (the source has no listing that day), ``failed``, ``skipped`` (not tried:
    the server was unreachable, or the day has not begun).
    """

    source: str
    day: str
    status: str
    path: Path | None = None
    papers: int = 0
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status not in ("failed",)


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


def count_papers(path: Path) -> int:
    """How many papers a cached day holds (JSON records or Atom entries)."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return len(data) if isinstance(data, list) else 0
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.parse(str(path), parser).getroot()
    return len(root.findall("{http://www.w3.org/2005/Atom}entry"))


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
        if self._hub is None:
            from kg.fetch.hf import PAGE_SIZE, HubClient

            self._hub = HubClient(self.hf_url, self.policy, self.stats, page_size=self.hf_page_size or PAGE_SIZE)
        return self._hub

    @property
    def arxiv(self) -> Any:
        if self._arxiv is None:
            from kg.fetch.arxiv_api import DELAY_SECONDS, ArxivClient

            delay = DELAY_SECONDS if self.arxiv_delay is None else self.arxiv_delay
            self._arxiv = ArxivClient(self.arxiv_url, self.policy, self.stats, delay_seconds=delay)
        return self._arxiv

    def days(self, source: Source, days: Iterable[str]) -> Iterator[DayOutcome]:
        """One outcome per day, in order; after the server proves unreachable, the rest are skipped."""
        unreachable: str | None = None
        for day in days:
            path = source.cache_path(self.cache, day)
            if self.now() < day_start(day):
                yield DayOutcome(source.name, day, "skipped", message=f"{day} {source.name}: the day has not begun (UTC)")
            elif not self.refresh and path.is_file() and self.cache.is_final(path, day) and not self._needs_links(source, path):
                yield DayOutcome(source.name, day, "cached", path, count_papers(path))
            elif unreachable:
                yield DayOutcome(source.name, day, "skipped", message=f"{day} {source.name}: not tried ({unreachable})")
            else:
                try:
                    yield self._fetch_day(source, day, path)
                except NoListing as error:
                    yield DayOutcome(source.name, day, "missing", message=str(error))
                except Unreachable as error:
                    unreachable = "the server was unreachable"
                    yield DayOutcome(source.name, day, "failed", message=str(error))
                except FetchError as error:
                    yield DayOutcome(source.name, day, "failed", message=str(error))

    def _fetch_day(self, source: Source, day: str, path: Path) -> DayOutcome:
        if source.kind == "arxiv":
            feed, papers = self.arxiv.day_feed(source.category, day)
            text = feed.decode("utf-8")
        else:
            records = self.hub.daily_papers(day)
            if self.links:
                self._add_hub_links(records, day)
            papers = len(records)
            text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        changed = self.cache.store(path, text)
        return DayOutcome(source.name, day, "fetched" if changed else "unchanged", path, papers)

    def _needs_links(self, source: Source, path: Path) -> bool:
        """A final HF day fetched without its Hub links, when links are now asked for."""
        if not self.links or source.kind != "hf-daily":
            return False
        records = json.loads(path.read_text(encoding="utf-8"))
        return isinstance(records, list) and any(isinstance(r, dict) and "kgHubLinks" not in r for r in records)

    def _add_hub_links(self, records: list[dict[str, Any]], day: str) -> None:
        """Each record gains ``kgHubLinks``: the ids of the Hub models, datasets and Spaces linked to its paper."""
        for number, record in enumerate(records):
            paper = record.get("paper") if isinstance(record, dict) else None
            arxiv_id = paper.get("id") if isinstance(paper, dict) else None
            if not isinstance(arxiv_id, str) or number >= self.max_links:
                continue
            info = self._paper_info(arxiv_id)
            if info is not None:
                record["kgHubLinks"] = {
                    kind: sorted({item["id"] for item in info.get(key) or [] if isinstance(item, dict) and isinstance(item.get("id"), str)})
                    for kind, key in HUB_LINK_KEYS.items()
                }

    def _paper_info(self, arxiv_id: str) -> dict[str, Any] | None:
        """The Hub's paper page data, from the cache when younger than a week."""
        path = self.cache.root / "hf-papers" / f"{arxiv_id.replace('/', '_')}.json"
        try:
            if not self.refresh and self.now() - path.stat().st_mtime < LINKS_MAX_AGE:
                return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        try:
            info = self.hub.paper_info(arxiv_id) or {}
        except Unreachable:
            raise
        except FetchError as error:
            self.link_problems.append(str(error))
            return None  # not cached: asked again next time
        self.cache.store(path, json.dumps(info, ensure_ascii=False) + "\n")
        return info


def day_start(day: str) -> float:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp()


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

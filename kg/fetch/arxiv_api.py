"""The arXiv API, through the maintained ``arxiv`` package.

``arxiv.Client`` pages through results, waits 3 s between requests as arXiv
asks, and retries a failed or unexpectedly empty page. What it lacks is set on
its ``requests`` session: kg's User-Agent, connect/read timeouts, and urllib3's
``Retry`` (backoff with jitter, ``Retry-After``) for 429/5xx and dropped
connections. Every page is checked as it arrives (an HTML error page or a
cut-off feed is an error, where arxiv's lenient parser would read it as "no
papers"), and the pages of one day are joined into one Atom feed for the cache.
"""

from __future__ import annotations

from typing import Any

import arxiv
import requests
from lxml import etree
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kg.fetch.http import (
    RETRY_STATUSES,
    FetchError,
    HttpPolicy,
    HttpStats,
    connection_failure,
    describe_status,
    is_dns_failure,
)
from kg.ingest.arxiv_atom import KG_NS

__all__ = ["ArxivClient", "DEFAULT_URL", "day_query"]

DEFAULT_URL = "https://export.arxiv.org"
PAGE_SIZE = 200
MAX_RESULTS = 5000  # papers of one category and day; cs.LG, the largest, has a few hundred
API_ERRORS = "http://arxiv.org/api/errors"  # the id of the entry the API sends for an error
ATOM = "http://www.w3.org/2005/Atom"
DELAY_SECONDS = 3.0  # arXiv's terms of use: no more than one request every three seconds


def day_query(category: str, day: str) -> str:
    """The API query for one category's submissions on one UTC day.

    >>> day_query("cs.CV", "2024-10-10")
    'cat:cs.CV AND submittedDate:[202410100000 TO 202410102359]'
    """
    compact = day.replace("-", "")
    return f"cat:{category} AND submittedDate:[{compact}0000 TO {compact}2359]"


class _SpacedRetry(Retry):
    """urllib3's ``Retry``, never sooner than ``spacing`` seconds, and refusing a ``Retry-After`` past ``longest``.

    urllib3 retries at once the first time; arXiv asks for 3 s between requests.
    """

    spacing = 0.0
    longest = float("inf")

    def new(self, **kw: Any) -> _SpacedRetry:
        retry = super().new(**kw)
        retry.spacing, retry.longest = self.spacing, self.longest
        return retry

    def get_backoff_time(self) -> float:
        return max(self.spacing, super().get_backoff_time())

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        if seconds is not None and seconds > self.longest:
            raise RetryAfterTooLong(seconds)
        return None if seconds is None else max(self.spacing, seconds)


class _PoliteAdapter(HTTPAdapter):
    """kg's User-Agent and timeouts on every request arxiv's session sends, with urllib3's retries."""

    def __init__(self, policy: HttpPolicy, spacing: float) -> None:
        retry = _SpacedRetry(
            total=policy.retries, connect=policy.retries, read=policy.retries, status=policy.retries,
            status_forcelist=sorted(RETRY_STATUSES), allowed_methods=frozenset({"GET"}),
            backoff_factor=policy.backoff / 2,  # urllib3 waits factor * 2**(n-1) from the second retry: 1 s, 2 s, 4 s
            backoff_jitter=policy.backoff, backoff_max=policy.max_backoff,
            respect_retry_after_header=True, raise_on_status=False,
        )
        retry.spacing, retry.longest = spacing, policy.max_retry_after
        super().__init__(max_retries=retry)
        self.policy = policy

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        request.headers["User-Agent"] = f"{self.policy.user_agent} arxiv.py/{arxiv.__version__}"
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = (self.policy.connect_timeout, self.policy.read_timeout)
        return super().send(request, **kwargs)


class RetryAfterTooLong(Exception):
    """The server's Retry-After is longer than kg waits (``HttpPolicy.max_retry_after``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"Retry-After: {seconds:.0f} s")
        self.seconds = seconds


def _check_page(content: bytes, what: str) -> etree._Element:
    """Parse one page strictly: it must be a whole Atom feed."""
    head = content.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise FetchError(f"{what}: the server sent an HTML page, not an Atom feed (an outage page?); "
                         "check --base-url or try again later")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as error:
        raise FetchError(f"{what}: the feed is cut off or broken (line {error.lineno}: {error.msg}); run again") from None
    if root.tag != f"{{{ATOM}}}feed":
        raise FetchError(f"{what}: the answer is XML but not an Atom feed; check --base-url")
    for entry in root.iterfind(f"{{{ATOM}}}entry"):
        if (entry.findtext(f"{{{ATOM}}}id") or "").startswith(API_ERRORS):
            message = " ".join((entry.findtext(f"{{{ATOM}}}summary") or "no message").split())
            raise FetchError(f"{what}: the arXiv API answered with an error: {message}; check the category name")
    return root


class ArxivClient:
    """Fetch one category's submissions of a day as one Atom feed (bytes)."""

    def __init__(self, base_url: str | None, policy: HttpPolicy, stats: HttpStats | None = None,
                 delay_seconds: float = DELAY_SECONDS, page_size: int = PAGE_SIZE) -> None:
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")
        self.policy = policy
        self.stats = stats or HttpStats()
        # urllib3's Retry does the retrying; the client's own would multiply the tries.
        self.client = arxiv.Client(page_size=page_size, delay_seconds=delay_seconds, num_retries=0)
        self.client.query_url_format = f"{self.base_url}/api/query?{{}}"
        session: requests.Session = self.client._session  # arxiv 4 exposes no other way to configure it
        adapter = _PoliteAdapter(policy, spacing=delay_seconds)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.hooks["response"].append(self._on_response)
        # What the response hook gathers during one day_feed call: its pages, and their entry ids.
        self._pages: list[etree._Element] = []
        self._ids: set[str | None] = set()
        self._stalled = False
        self._what = ""

    def _on_response(self, response: requests.Response, **_: Any) -> None:
        """Count the request and check its page as it arrives; note a page that brings no new entry."""
        retries = getattr(getattr(response.raw, "retries", None), "history", ()) or ()
        self.stats.requests += 1 + len(retries)
        self.stats.retries += len(retries)
        if response.status_code == 200:
            page = _check_page(response.content, self._what)
            ids = {entry.findtext(f"{{{ATOM}}}id") for entry in page.iterfind(f"{{{ATOM}}}entry")}
            self._stalled = bool(self._pages) and ids <= self._ids
            self._ids |= ids
            self._pages.append(page)

    def day_feed(self, category: str, day: str) -> tuple[bytes, int, bool]:
        """The day's feed for ``category``, the number of papers in it, and whether it is complete.

        At most ``MAX_RESULTS`` papers are asked for (a real category-day has
        hundreds), so a server that pages forever cannot keep kg busy.
        """
        self._pages, self._what, self._ids, self._stalled = [], f"{day} arxiv:{category}", set(), False
        search = arxiv.Search(query=day_query(category, day), max_results=MAX_RESULTS,
                              sort_by=arxiv.SortCriterion.SubmittedDate, sort_order=arxiv.SortOrder.Ascending)
        try:
            for _ in self.client.results(search):
                if self._stalled:  # the server sends pages already seen: it ignores ``start``
                    break
        except arxiv.HTTPError as error:
            if error.status == 404:
                raise FetchError(f"{self._what}: the server answered HTTP 404 (no arXiv API there?); check --base-url") from None
            if error.status in RETRY_STATUSES:
                raise FetchError(f"{self._what}: {describe_status(error.status, None, self.policy.retries + 1)}") from None
            raise FetchError(f"{self._what}: the arXiv API refused the query (HTTP {error.status}); "
                             "check the category name") from None
        except RetryAfterTooLong as error:
            raise FetchError(f"{self._what}: the server asks kg to wait {error.seconds:.0f} s (Retry-After); "
                             "run again later") from None
        except arxiv.UnexpectedEmptyPageError:
            raise FetchError(f"{self._what}: the arXiv API returned an empty page mid-listing; run again") from None
        except requests.exceptions.ConnectionError as error:
            if not is_dns_failure(error) and "timed out" in str(error).lower():
                raise FetchError(f"{self._what}: no answer within {self.policy.read_timeout:g} s; try again later "
                                 "or raise --timeout") from None
            raise connection_failure(self._what, self.base_url, error) from None
        except requests.exceptions.RequestException as error:
            raise FetchError(f"{self._what}: the request failed ({error}); run again") from None
        feed, count = self._joined(category, day)
        return feed, count, count < MAX_RESULTS and not self._stalled

    def _joined(self, category: str, day: str) -> tuple[bytes, int]:
        """One feed: the first page with the other pages' new entries, marked with the day and category."""
        if not self._pages:
            raise FetchError(f"{self._what}: the server sent no feed; check --base-url")
        root = self._pages[0]
        seen: set[str] = set()
        for entry in list(root.iterfind(f"{{{ATOM}}}entry")):
            seen.add(entry.findtext(f"{{{ATOM}}}id") or "")
        for page in self._pages[1:]:
            for entry in page.iterfind(f"{{{ATOM}}}entry"):
                key = entry.findtext(f"{{{ATOM}}}id") or ""
                if key not in seen:  # a page that overlaps the one before, or a server that ignores start
                    seen.add(key)
                    root.append(entry)
        kg_root = etree.Element(root.tag, nsmap={**root.nsmap, "kg": KG_NS})
        kg_root.set(f"{{{KG_NS}}}date", day)
        kg_root.set(f"{{{KG_NS}}}source", f"arxiv:{category}")
        kg_root.text, kg_root.tail = root.text, root.tail
        kg_root.extend(list(root))
        return etree.tostring(kg_root, xml_declaration=True, encoding="UTF-8"), len(kg_root.findall(f"{{{ATOM}}}entry"))

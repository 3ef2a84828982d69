"""How kg talks to the sources' servers: identity, timeouts, retries, rate.

The sources' own clients do the talking (``huggingface_hub``'s session,
``arxiv``'s ``Client``); this module holds what they lack, from maintained
libraries: retries with exponential backoff and jitter that honour
``Retry-After`` (tenacity for the Hub, urllib3's ``Retry`` inside arxiv's
``requests`` session) and a per-host request rate (pyrate-limiter).
"""

from __future__ import annotations

import email.utils
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

import tenacity
from pyrate_limiter import Duration, Limiter, Rate

from kg import __version__

__all__ = [
    "FetchError", "HttpPolicy", "HttpStats", "NoListing", "RETRY_STATUSES", "RetryableStatus", "Session", "Unreachable",
    "connection_failure", "describe_status", "is_dns_failure", "retry_after_seconds",
]

T = TypeVar("T")

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class HttpPolicy:
    """Politeness and patience, the same for every source.

    ``retries`` counts the tries after the first. Waits grow from ``backoff``
    seconds, doubling, plus up to ``backoff`` seconds of random jitter, never
    above ``max_backoff``; a ``Retry-After`` from the server wins, up to
    ``max_retry_after`` (a longer one is not waited for: the day fails with
    a message saying when to come back).
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 30.0
    max_retry_after: float = 120.0
    per_second: float = 2.0  # requests to one Hugging Face host; arXiv keeps its own 3 s between requests

    @property
    def user_agent(self) -> str:
        return f"kg/{__version__} (paper-listing knowledge graph; python)"


@dataclass
class HttpStats:
    """What one run asked of the servers: requests, retries and the time spent waiting."""

    requests: int = 0
    retries: int = 0
    waited: float = 0.0
    waits: list[float] = field(default_factory=list)

    def wait(self, seconds: float) -> None:
        self.retries += 1
        self.waited += seconds
        self.waits.append(seconds)


class FetchError(Exception):
    """A day could not be fetched; ``str()`` says why and what to do, in one line."""


class NoListing(FetchError):
    """The source has no listing for that day (HTTP 404): a weekend, a holiday, or a day not come yet."""


class Unreachable(FetchError):
    """The server cannot be reached at all (offline, DNS failure, refused): later days are not tried."""


class RetryableStatus(Exception):
    """A 429 or 5xx answer, worth another try after ``retry_after`` seconds (or the backoff)."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP date.

    >>> retry_after_seconds("7")
    7.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
    10.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class _WaitRetryAfter(tenacity.wait.wait_base):
    """The server's ``Retry-After`` when it sent one, else exponential backoff with jitter."""

    def __init__(self, policy: HttpPolicy) -> None:
        self.policy = policy
        self.fallback = tenacity.wait_exponential_jitter(initial=policy.backoff, max=policy.max_backoff, jitter=policy.backoff)

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        error = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(error, RetryableStatus) and error.retry_after is not None:
            return error.retry_after
        return self.fallback(retry_state)


def is_dns_failure(error: BaseException) -> bool:
    """Did the connection fail because the host name does not resolve?"""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, socket.gaierror):
            return True
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return False


class Session:
    """Runs requests to the sources under one policy: per-host rate, retries, statistics."""

    def __init__(self, policy: HttpPolicy, is_transient: Callable[[BaseException], bool],
                 stats: HttpStats | None = None) -> None:
        self.policy = policy
        self.stats = stats if stats is not None else HttpStats()
        self._is_transient = is_transient
        self._limiters: dict[str, Limiter] = {}
        self.tries = 0  # of the last call

    def pace(self, url: str) -> None:
        """Wait for this host's turn (``policy.per_second`` requests a second at most)."""
        host = urlsplit(url).netloc
        limiter = self._limiters.get(host)
        if limiter is None:
            interval = max(1, round(int(Duration.SECOND) / self.policy.per_second))
            limiter = self._limiters[host] = Limiter(Rate(1, interval))
        limiter.try_acquire(host)
        self.stats.requests += 1

    def call(self, url: str, attempt: Callable[[], T]) -> T:
        """``attempt()`` once per try, paced, until it succeeds, fails for good, or the tries run out."""

        def before_sleep(state: tenacity.RetryCallState) -> None:
            self.stats.wait(state.upcoming_sleep)

        def too_long(state: tenacity.RetryCallState) -> bool:
            error = state.outcome.exception() if state.outcome else None
            return isinstance(error, RetryableStatus) and (error.retry_after or 0) > self.policy.max_retry_after

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.policy.retries + 1) | too_long,
            wait=_WaitRetryAfter(self.policy),
            retry=tenacity.retry_if_exception(self._is_transient),
            before_sleep=before_sleep,
            reraise=True,
        )

        def paced() -> T:
            self.pace(url)
            return attempt()

        try:
            return retrying(paced)
        finally:
            self.tries = retrying.statistics.get("attempt_number", 1)


def connection_failure(what: str, url: str, error: BaseException) -> Unreachable:
    """The one-line error for a server that cannot be reached: its name does not resolve, or it refuses."""
    if is_dns_failure(error):
        return Unreachable(f"{what}: cannot resolve {url} (DNS failure); check your network connection or --base-url")
    return Unreachable(f"{what}: cannot connect to {url}; check your network connection or --base-url")


def describe_status(status: int, retry_after: float | None, tries: int) -> str:
    """What a final 429/5xx means for the user."""
    if status == 429:
        later = f" (it asked for {retry_after:.0f} s)" if retry_after else ""
        return f"the server is rate-limiting kg (HTTP 429 after {tries} tries{later}); wait a few minutes and run again"
    return f"the server failed (HTTP {status} after {tries} tries); try again later"


"""Hugging Face Daily Papers, through ``huggingface_hub``'s session and error handling.

``HfApi.list_daily_papers`` turns each record into a ``PaperInfo``, which (in
``huggingface_hub`` 2.4) reads ``githubRepo``, ``projectPage``,
``githubStars`` and ``ai_keywords`` only from the top level of a record,
while daily-listing records carry them under ``paper``: those fields would be
lost. So kg makes the same request as ``list_daily_papers`` (same endpoint,
parameters, session, headers and ``hf_raise_for_status``) and keeps the raw
records, which the ``hf-api`` reader maps field by field.
"""

from __future__ import annotations

import json
from urllib.parse import quote
from typing import Any

import httpx2
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

from kg import __version__
from kg.fetch.http import (
    FetchError,
    HttpPolicy,
    HttpStats,
    NoListing,
    RetryableStatus,
    RETRY_STATUSES,
    Session,
    Unreachable,
    connection_failure,
    describe_status,
    is_dns_failure,
    retry_after_seconds,
)

__all__ = ["DEFAULT_URL", "HubClient"]

DEFAULT_URL = "https://huggingface.co"
PAGE_SIZE = 50  # list_daily_papers' own default
MAX_PAGES = 40  # 2,000 papers a day: far above any real day; stops a server that ignores ``p``


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, RetryableStatus):
        return True
    if isinstance(error, httpx2.ConnectError):
        return not is_dns_failure(error)
    return isinstance(error, (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError))


def _decode(response: httpx2.Response, what: str) -> Any:
    """The JSON body, or a FetchError saying what came instead (an HTML page, a cut-off answer)."""
    text = response.text
    try:
        return json.loads(text)
    except RecursionError:
        raise FetchError(f"{what}: the answer nests JSON too deeply to be a listing; check --base-url") from None
    except json.JSONDecodeError as error:
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == "text/html" or text.lstrip()[:1] == "<":
            raise FetchError(f"{what}: the server sent an HTML page, not JSON (an outage or login page?); "
                             "check --base-url or try again later") from None
        if error.msg.startswith("Unterminated string") or error.pos >= len(text.rstrip()) - 1:
            raise FetchError(f"{what}: the answer is cut off ({len(text)} bytes of incomplete JSON); run again") from None
        raise FetchError(f"{what}: the answer is not valid JSON ({error.msg} at char {error.pos}); "
                         "check --base-url") from None


class HubClient:
    """The Hub's daily-papers and paper endpoints, paced and retried under one :class:`HttpPolicy`."""

    def __init__(self, endpoint: str | None, policy: HttpPolicy, stats: HttpStats | None = None,
                 page_size: int = PAGE_SIZE) -> None:
        self.api = HfApi(endpoint=(endpoint or DEFAULT_URL).rstrip("/"), token=False,
                         library_name="kg", library_version=__version__)
        self.endpoint = self.api.endpoint
        self.policy = policy
        self.session = Session(policy, _is_transient, stats)
        self.page_size = page_size
        self.headers = build_hf_headers(token=False, library_name="kg", library_version=__version__)

    def _get(self, path: str, params: dict[str, Any], what: str) -> Any:
        url = f"{self.endpoint}{path}"
        timeout = httpx2.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout)

        def attempt() -> httpx2.Response:
            response = get_session().get(url, params=params, headers=self.headers, timeout=timeout)
            if response.status_code in RETRY_STATUSES:
                raise RetryableStatus(response.status_code, retry_after_seconds(response.headers.get("retry-after")))
            return response

        try:
            response = self.session.call(url, attempt)
        except OfflineModeIsEnabled:
            raise Unreachable(f"{what}: HF_HUB_OFFLINE is set, so huggingface_hub makes no requests; unset it to fetch") from None
        except RetryableStatus as error:
            if error.retry_after is not None and error.retry_after > self.policy.max_retry_after:
                raise FetchError(f"{what}: the server asks kg to wait {error.retry_after:.0f} s (Retry-After); "
                                 "run again later") from None
            raise FetchError(f"{what}: {describe_status(error.status, error.retry_after, self.session.tries)}") from None
        except httpx2.TimeoutException:
            raise FetchError(f"{what}: no answer from {self.endpoint} within {self.policy.read_timeout:g} s "
                             f"({self.session.tries} tries); try again later or raise --timeout") from None
        except httpx2.ConnectError as error:
            raise connection_failure(what, self.endpoint, error) from None
        except httpx2.TransportError as error:
            raise FetchError(f"{what}: the connection to {self.endpoint} failed ({error}); run again") from None
        except (httpx2.HTTPError, httpx2.InvalidURL) as error:  # too many redirects, a malformed answer or URL
            raise FetchError(f"{what}: the request to {self.endpoint} failed ({error}); check --base-url") from None
        if response.status_code == 404:
            raise NoListing(f"{what}: the server has no listing for it (HTTP 404)")
        try:
            hf_raise_for_status(response)
        except HfHubHTTPError as error:
            first = str(error).splitlines()[0] if str(error) else f"HTTP {response.status_code}"
            raise FetchError(f"{what}: the server refused the request ({first}); check --base-url") from None
        return _decode(response, what)

    def daily_papers(self, day: str) -> tuple[list[Any], bool]:
        """Every record the Hub lists for ``day`` (YYYY-MM-DD), all pages, as the server sent them.

        Returns the records and whether the listing is complete (False when
        it reached ``MAX_PAGES``). A 404 for the first page means the day
        has no listing (:class:`NoListing`); for a later one, the end.
        """
        records: list[Any] = []
        seen: set[str] = set()
        for page in range(MAX_PAGES):
            try:
                batch = self._get("/api/daily_papers", {"date": day, "p": page, "limit": self.page_size}, day)
            except NoListing:
                if page == 0:
                    raise
                return records, True
            if not isinstance(batch, list):
                raise FetchError(f"{day}: expected a JSON list of papers, got {type(batch).__name__}; check --base-url")
            fresh = [r for r in batch if _record_key(r) not in seen]
            seen.update(_record_key(r) for r in fresh)
            records.extend(fresh)
            if len(batch) < self.page_size or not fresh:
                return records, True
        return records, False

    def paper_info(self, arxiv_id: str) -> dict[str, Any] | None:
        """The Hub's page for one paper (linked models, datasets, Spaces), or None if it has none."""
        try:
            info = self._get(f"/api/papers/{quote(arxiv_id, safe='/')}", {}, f"paper {arxiv_id}")
        except NoListing:
            return None
        return info if isinstance(info, dict) else None


def _record_key(record: Any) -> str:
    """A record's arXiv id (or its JSON, for records without one)."""
    if isinstance(record, dict):
        paper = record.get("paper")
        if isinstance(paper, dict) and paper.get("id"):
            return str(paper["id"])
        if record.get("id"):
            return str(record["id"])
    return json.dumps(record, sort_keys=True, default=str)


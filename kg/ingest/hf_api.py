"""Reader for the JSON that Hugging Face's ``api/daily_papers`` endpoint returns.

The shape is a list of records, each with a nested ``paper`` object::

    [{"paper": {"id": "2410.06940", "title": "...", "summary": "...",
                "authors": [{"name": "..."}], "publishedAt": "2024-10-09T..."},
      "publishedAt": "2024-10-10T...", "title": "...", "numComments": 3}]

The outer ``publishedAt`` is the day the paper was listed; the inner one is
the paper's own publication date. The Hub puts ``githubRepo``,
``projectPage``, ``githubStars``, ``ai_keywords`` and ``upvotes`` in the
nested ``paper`` (or, for paper pages, at the top level): both are read.
``kgHubLinks`` holds the Hub repositories linked to the paper, added by
``kg fetch hf-daily --links``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.errors import InputError
from kg.ingest.records import entry_from_record
from kg.ingest.result import ReadResult
from kg.ingest.text import web_url

__all__ = ["FORMAT", "looks_like_hf_api", "read_hf_api"]

FORMAT = "hf-api"


def looks_like_hf_api(data: Any) -> bool:
    """A non-empty list whose records carry a nested ``paper`` object (daily listings) or are paper pages."""
    return isinstance(data, list) and any(
        isinstance(item, Mapping) and (isinstance(item.get("paper"), Mapping) or "submittedOnDailyAt" in item)
        for item in data
    )


def _pick(item: Mapping[str, Any], paper: Mapping[str, Any], key: str) -> Any:
    """A field from the nested paper, else from the record's top level (the Hub uses both)."""
    value = paper.get(key)
    return value if value not in (None, "", []) else item.get(key)


def _person(value: Any) -> str | None:
    """An organisation's or user's display name: ``fullname``, else ``name``/``user``."""
    if isinstance(value, Mapping):
        value = value.get("fullname") or value.get("name") or value.get("user")
    return value if isinstance(value, str) and value.strip() else None


def hub_repo_ids(values: Any) -> list[str]:
    """The valid Hub repository ids (``org/name``) among ``values``, sorted; anything else is dropped."""
    if not isinstance(values, list):
        return []
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    valid = set()
    for value in values:
        try:
            validate_repo_id(value)
        except (HFValidationError, TypeError):
            continue
        valid.add(value)
    return sorted(valid)


def _hub_links(item: Mapping[str, Any], kind: str) -> list[str]:
    """Ids of the Hub repositories linked to the paper: ``kgHubLinks`` (kg fetch --links) or paper_info's lists."""
    stored = item.get("kgHubLinks")
    if isinstance(stored, Mapping):
        return hub_repo_ids(stored.get(kind))
    listed = item.get("linked" + kind.capitalize())
    return hub_repo_ids([i.get("id") for i in listed if isinstance(i, Mapping)] if isinstance(listed, list) else [])


def _flatten(item: Mapping[str, Any]) -> dict[str, Any]:
    paper = item.get("paper") if isinstance(item.get("paper"), Mapping) else {}
    arxiv_id = paper.get("id") or item.get("id")
    arxiv_id = arxiv_id if isinstance(arxiv_id, str) else None  # a number would lose its zeros: 2410.0694
    return {
        "title": paper.get("title") or item.get("title"),
        "abstract": paper.get("summary") or item.get("summary") or "",
        "id": arxiv_id,
        "arxiv_id": arxiv_id,
        "url": f"https://huggingface.co/papers/{arxiv_id}" if arxiv_id else None,
        "authors": paper.get("authors") or item.get("authors"),
        "published": paper.get("publishedAt") if paper else item.get("publishedAt"),
        "date": item.get("publishedAt") if paper else item.get("submittedOnDailyAt"),
        "comments": item.get("numComments"),
        "upvotes": _pick(item, paper, "upvotes"),
        "github_repo": web_url(_pick(item, paper, "githubRepo")),
        "github_stars": _pick(item, paper, "githubStars"),
        "project_page": web_url(_pick(item, paper, "projectPage")),
        "keywords": _pick(item, paper, "ai_keywords"),
        "organization": _person(item.get("organization") or paper.get("organization")),
        "submitter": _person(item.get("submittedBy") or paper.get("submittedOnDailyBy") or item.get("submittedOnDailyBy")),
        "submitted": paper.get("submittedOnDailyAt") or item.get("submittedOnDailyAt") or (item.get("publishedAt") if paper else None),
        "hub_models": _hub_links(item, "models"),
        "hub_datasets": _hub_links(item, "datasets"),
        "hub_spaces": _hub_links(item, "spaces"),
    }


def read_hf_api(data: list[Any], source: str) -> ReadResult:
    """Read parsed ``api/daily_papers`` JSON; each bad record is reported and skipped."""
    result = ReadResult(FORMAT)
    for number, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            result.problems.append(InputError(source, f"record {number} is not an object; skipped"))
            continue
        try:
            result.entries.append(entry_from_record(_flatten(item), number))
        except ValueError as error:
            result.problems.append(InputError(source, f"record {number}: {error}; skipped"))
    dates = {e.date for e in result.entries}
    if len(dates) == 1 and None not in dates:
        result.date = result.date_text = dates.pop()
    return result

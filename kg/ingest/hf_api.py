"""Reader for the JSON that Hugging Face's ``api/daily_papers`` endpoint returns.

The shape is a list of records, each with a nested ``paper`` object::

    [{"paper": {"id": "2410.06940", "title": "...", "summary": "...",
                "authors": [{"name": "..."}], "publishedAt": "2024-10-09T..."},
      "publishedAt": "2024-10-10T...", "title": "...", "numComments": 3}]

The outer ``publishedAt`` is the day the paper was listed; the inner one is
the paper's own publication date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.errors import InputError
from kg.ingest.records import entry_from_record
from kg.ingest.result import ReadResult

__all__ = ["FORMAT", "looks_like_hf_api", "read_hf_api"]

FORMAT = "hf-api"


def looks_like_hf_api(data: Any) -> bool:
    """A non-empty list whose records carry a nested ``paper`` object."""
    return isinstance(data, list) and any(
        isinstance(item, Mapping) and isinstance(item.get("paper"), Mapping) for item in data
    )


def _flatten(item: Mapping[str, Any]) -> dict[str, Any]:
    paper = item.get("paper") if isinstance(item.get("paper"), Mapping) else {}
    arxiv_id = paper.get("id")
    return {
        "title": paper.get("title") or item.get("title"),
        "abstract": paper.get("summary") or item.get("summary") or "",
        "id": arxiv_id,
        "arxiv_id": arxiv_id,
        "url": f"https://huggingface.co/papers/{arxiv_id}" if arxiv_id else None,
        "authors": paper.get("authors"),
        "published": paper.get("publishedAt"),
        "date": item.get("publishedAt"),
        "comments": item.get("numComments"),
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

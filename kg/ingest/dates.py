"""Listing dates shown without a year (``Mar 11`` -> ``--03-11``) get their year.

Daily Papers pages show the day a listing was made but not its year. Their
entries usually show the paper's arXiv date, on or a few days before the day
it was listed, so the year follows from those dates; ``--year`` gives it
outright. Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = ["DateCompletion", "RECENT_DAYS", "SLACK_DAYS", "complete_date", "infer_date", "infer_year", "is_month_day"]

RECENT_DAYS = 30  # a paper is listed within this many days of its arXiv date, as a rule
SLACK_DAYS = 2  # time zones: a paper may carry a date this many days after the listing's

_MONTH_DAY_RE = re.compile(r"^--(\d\d)-(\d\d)$")


def is_month_day(value: str | None) -> bool:
    """Is ``value`` an ISO 8601 month-day (``--03-11``), a date without its year?

    >>> is_month_day("--03-11"), is_month_day("2024-03-11"), is_month_day(None)
    (True, False, False)
    """
    return bool(value and _MONTH_DAY_RE.match(value))


def _day(year: int, month_day: str) -> date | None:
    """``month_day`` in ``year``, or None when that year has no such day (Feb 29)."""
    match = _MONTH_DAY_RE.match(month_day)
    if not match:
        raise ValueError(f"{month_day!r} is not a month-day like --03-11")
    try:
        return date(year, int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


def _published_days(published: Iterable[str | None]) -> list[date]:
    """The dates that parse (``2024-03-08``, ``2024-03-08T10:00:00Z``); the others are no evidence."""
    days = []
    for value in published:
        try:
            days.append(date.fromisoformat((value or "")[:10]))
        except ValueError:
            continue
    return days


@dataclass(frozen=True)
class DateCompletion:
    """How a listing date without a year was completed.

    ``how`` is ``"given"`` (``--year``), ``"inferred"`` (entries published in
    the 30 days up to the date: ``recent`` of them), ``"earliest"`` (no entry
    that recent: the earliest year that the fewest of the ``dated`` entries
    contradict, none as a rule; a lower bound) or ``"none"`` (``date`` is
    None; ``reason`` says why).
    """

    written: str
    date: str | None
    how: Literal["given", "inferred", "earliest", "none"]
    recent: int = 0
    dated: int = 0
    reason: str = ""


def infer_date(month_day: str, published: Iterable[str | None]) -> DateCompletion:
    """The full date of ``month_day`` (``--03-11``) from the publication dates of the listing's entries.

    The candidates are each publication year and the year after it (a year
    without the day, like Feb 29 outside leap years, is none). Each candidate
    scores the entries published in the 30 days up to its date, less those
    published after it (a page cannot list a paper before the paper appeared;
    two days' slack for time zones), so an old paper among recent ones moves
    nothing and neither does one wrong date among many right ones. The highest
    score wins; a tie goes to the candidate fewer entries contradict, then to
    the earlier. When no entry is that recent the winner is the earliest year
    no entry contradicts: a lower bound, reported as ``"earliest"``.

    >>> infer_date("--03-11", ["2024-03-08", "2024-03-10", "2019-06-01"]).date  # the 2019 paper is old
    '2024-03-11'
    >>> infer_date("--01-03", ["2023-12-28", "2023-12-30", "2024-01-02"]).date  # across New Year
    '2024-01-03'
    >>> found = infer_date("--01-09", ["2023-10-10", "2025-09-25"])  # nothing recent: after the newest
    >>> found.date, found.how, found.recent
    ('2026-01-09', 'earliest', 0)
    >>> infer_date("--02-29", ["2024-02-20"]).date, infer_date("--02-29", ["2025-02-20"]).date
    ('2024-02-29', None)
    >>> infer_date("--03-11", [None, "n/a"]).reason
    'no publication dates; give --year'
    """
    days = _published_days(published)
    if not days:
        return DateCompletion(month_day, None, "none", reason="no publication dates; give --year")
    years = {d.year for d in days} | {d.year + 1 for d in days}
    scored = []
    for candidate in (c for y in sorted(years) if (c := _day(y, month_day)) is not None):
        ahead = [(candidate - d).days for d in days]
        recent = sum(1 for n in ahead if -SLACK_DAYS <= n <= RECENT_DAYS)
        later = sum(1 for n in ahead if n < -SLACK_DAYS)
        scored.append((recent - later, -later, -candidate.toordinal(), recent, candidate))
    if not scored:
        return DateCompletion(month_day, None, "none", dated=len(days), reason=f"no {month_day} in the years of its publication dates; give --year")
    *_, recent, best = max(scored)
    return DateCompletion(month_day, best.isoformat(), "inferred" if recent else "earliest", recent, len(days))


def infer_year(month_day: str, published: Iterable[str | None]) -> str | None:
    """The full ISO date of ``month_day`` inferred from publication dates (see :func:`infer_date`), or None.

    >>> infer_year("--03-11", ["2024-03-08"])
    '2024-03-11'
    >>> infer_year("--03-11", []) is None
    True
    """
    return infer_date(month_day, published).date


def complete_date(month_day: str, published: Iterable[str | None], year: int | None = None) -> DateCompletion:
    """``month_day`` in the given ``year`` (``--year``), else in the year inferred from ``published``.

    >>> complete_date("--03-11", ["2024-03-08"], 2023).date
    '2023-03-11'
    >>> complete_date("--02-29", [], 2023).reason
    'no --02-29 in 2023'
    """
    if year is None:
        return infer_date(month_day, published)
    day = _day(year, month_day)
    if day is None:
        return DateCompletion(month_day, None, "none", reason=f"no {month_day} in {year}")
    return DateCompletion(month_day, day.isoformat(), "given")

"""The fetch cache: one raw file per source and day, written atomically, and when each was fetched.

A day is final once it was fetched some time after it ended (in UTC): right
after for Hugging Face, three days after for arXiv, whose API lists a day's
submissions only once they are announced (a weekend's on the Monday). A
final day is never fetched again (unless ``--refresh``); a day that is not
final is fetched again by the next ``kg fetch`` that names it, and by every
``kg daily`` for a week. Fetch times live in ``.fetched.json`` beside the
files, so a copied cache keeps them; a day it does not list is not final.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kg.atomic import write_files_atomically
from kg.errors import OutputError

__all__ = ["Cache", "day_end", "day_start", "default_cache_dir", "utc_today"]

FETCHED = ".fetched.json"


def default_cache_dir() -> Path:
    """``KG_FETCH_CACHE``, else the platform's user cache directory for kg (``~/.cache/kg/listings`` on Linux)."""
    configured = os.environ.get("KG_FETCH_CACHE")
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("kg")) / "listings"


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def day_start(day: str) -> float:
    """The POSIX time at which a UTC day begins."""
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp()


def day_end(day: str) -> float:
    """The POSIX time at which a UTC day is over."""
    return day_start(day) + 86_400


@dataclass(frozen=True)
class Cache:
    """Where fetched days live: ``ROOT/<folder>/<stem>-<day>.<ext>``, with ``ROOT/<folder>/.fetched.json``."""

    root: Path

    def path(self, folder: str, stem: str, day: str, ext: str) -> Path:
        return self.root / folder / f"{stem}-{day}.{ext}"

    def fetched_at(self, path: Path) -> float | None:
        """When ``path`` was last fetched, if the cache knows."""
        try:
            value = json.loads((path.parent / FETCHED).read_text(encoding="utf-8")).get(path.name)
        except (OSError, ValueError, AttributeError):
            return None
        return value if isinstance(value, (int, float)) else None

    def is_final(self, path: Path, day: str, settle: float = 0.0) -> bool:
        """Was ``path`` fetched at least ``settle`` seconds after ``day`` was over?"""
        fetched = self.fetched_at(path)
        return path.is_file() and fetched is not None and fetched >= day_end(day) + settle

    def store(self, path: Path, text: str, now: float) -> bool:
        """Write ``text`` to ``path`` atomically and note the fetch time; returns whether the content changed.

        An unchanged file is left as it is, so its content digest stays the
        same and ``kg build --update`` sees the same listing.
        """
        try:
            changed = not (path.is_file() and path.read_text(encoding="utf-8") == text)
        except (OSError, UnicodeDecodeError):
            changed = True
        try:
            if changed:
                write_files_atomically(path.parent, {path.name: [text]})
            self._note_fetch(path, now)
        except OutputError as error:
            raise OutputError(f"cache {self.root}: {error}; choose another --cache") from None
        return changed

    def _note_fetch(self, path: Path, now: float) -> None:
        """Record the fetch time. Two runs at once may lose one record: that day is then fetched once more."""
        index = path.parent / FETCHED
        try:
            times = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            times = {}
        if not isinstance(times, dict):
            times = {}
        times[path.name] = now
        write_files_atomically(path.parent, {FETCHED: [json.dumps(times, sort_keys=True, indent=0) + "\n"]})

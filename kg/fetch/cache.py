"""The fetch cache: one raw file per source and day, written atomically.

A file's modification time is when it was fetched. A day fetched after it
was over (in UTC) is final and never fetched again (unless ``--refresh``); a
day fetched while it was still going on is fetched again on the next run.
Copy a cache with ``cp -a`` (or ``rsync -t``) to keep those times.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kg.errors import OutputError
from kg.export.atomic import write_files_atomically

__all__ = ["Cache", "default_cache_dir", "day_end"]


def default_cache_dir() -> Path:
    """``KG_FETCH_CACHE``, else the platform's user cache directory for kg (``~/.cache/kg/listings`` on Linux)."""
    configured = os.environ.get("KG_FETCH_CACHE")
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("kg")) / "listings"


def day_end(day: str) -> float:
    """The POSIX time at which a UTC day is over."""
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc)
    return (start + dt.timedelta(days=1)).timestamp()


@dataclass(frozen=True)
class Cache:
    """Where fetched days live: ``ROOT/<folder>/<stem>-<day>.<ext>``."""

    root: Path

    def path(self, folder: str, stem: str, day: str, ext: str) -> Path:
        return self.root / folder / f"{stem}-{day}.{ext}"

    def is_final(self, path: Path, day: str) -> bool:
        """Was ``path`` fetched after ``day`` was over?"""
        try:
            return path.stat().st_mtime >= day_end(day)
        except OSError:
            return False

    def store(self, path: Path, text: str) -> bool:
        """Write ``text`` to ``path`` atomically; if it is already there, only mark it fetched now.

        Returns whether the content changed. Keeping unchanged files keeps
        their content digest, so ``kg build --update`` sees the same listing.
        """
        try:
            if path.is_file() and path.read_text(encoding="utf-8") == text:
                os.utime(path)
                return False
        except (OSError, UnicodeDecodeError):
            pass
        try:
            write_files_atomically(path.parent, {path.name: [text]})
        except OutputError as error:
            raise OutputError(f"cache {self.root}: {error}; choose another --cache") from None
        return True

"""What every reader returns: the listing's entries and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import InputError
from kg.model import Entry

__all__ = ["ReadResult"]


@dataclass
class ReadResult:
    """Entries read from one input, plus the listing date and recoverable problems.

    ``digest`` is the SHA-256 of the file's bytes, so the same content named
    twice is read once. A reader puts a problem here, rather than raising, when the rest of the
    file can still be read (one cut-off entry, one bad JSON line).
    """

    format: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    digest: str = ""

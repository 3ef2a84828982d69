"""Errors kg raises, each named after its condition and saying what to do next."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "InputError",
    "KgError",
    "OutputError",
    "UnknownFormat",
    "summarise",
]


class KgError(Exception):
    """Base class: every error kg raises on purpose derives from this."""


class InputError(KgError):
    """An input file could not be read, or part of it is malformed.

    Carries the file and, where known, the line (1-based) or byte offset, so
    the message points at the exact place: ``FILE:LINE: what is wrong``.
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        offset: int | None = None,
    ) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        self.offset = offset
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        elif self.offset is not None:
            where += f": byte {self.offset}"
        return f"{where}: {self.message}"


class UnknownFormat(InputError):
    """No reader recognises the file's content."""


class OutputError(KgError):
    """The output directory cannot be written."""


def summarise(problems: Sequence[KgError], keep: int = 3) -> list[str]:
    """One line per problem, except that of many problems of one kind in one file only the first ``keep``
    are shown, then one line with how many more and where (a wrong ``--format`` gave 903 lines).
    Lines stay grouped by file, in the order the files were read."""
    by_file: dict[str, list[KgError]] = {}
    for problem in problems:
        by_file.setdefault(getattr(problem, "path", ""), []).append(problem)
    lines = []
    for path, found in by_file.items():
        shown: dict[str, int] = {}
        more: dict[str, list[KgError]] = {}
        for problem in found:
            kind = _kind(getattr(problem, "message", str(problem)))
            shown[kind] = shown.get(kind, 0) + 1
            if shown[kind] <= keep:
                lines.append(str(problem))
            else:
                more.setdefault(kind, []).append(problem)
        for kind, rest in more.items():
            at = [line for line in (getattr(p, "line", None) for p in rest) if line is not None]
            where = f" (lines {min(at)} to {max(at)})" if at else ""
            lines.append(f"{path}: {len(rest)} more like that: {kind}{where}")
    return lines


def _kind(message: str) -> str:
    """A message without its particulars (numbers, the details in brackets): what kind of problem it is."""
    return re.sub(r"\d+", "N", re.sub(r"\s*\([^)]*\)", "", message)).strip()

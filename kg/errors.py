"""Errors kg raises, each named after its condition and saying what to do next."""

from __future__ import annotations

__all__ = [
    "InputError",
    "KgError",
    "OutputError",
    "UnknownFormat",
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

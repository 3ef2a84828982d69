"""A small progress bar on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Count steps and redraw one status line at most ten times a second.

    Disabled (draws nothing) when the stream is not a terminal, so logs and
    pipes stay clean.
    """

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        self.total = total
        self.done = 0
        self._last = 0.0

    def advance(self, steps: int = 1, label: str | None = None) -> None:
        self.done += steps
        if label is not None:
            self.label = label
        now = time.monotonic()
        if self.enabled and (now - self._last >= 0.1 or self.done == self.total):
            self._last = now
            self._draw()

    def _draw(self) -> None:
        if self.total:
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            bar = "#" * filled + "-" * (width - filled)
            text = f"\r{self.label[:40]:<40} [{bar}] {self.done}/{self.total}"
        else:
            text = f"\r{self.label[:40]:<40} {self.done}"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()

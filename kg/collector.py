"""Pausing Python's cycle collector around bulk work that builds many objects and no cycles.

While a stage builds hundreds of thousands of rows, links or graph entries,
each one young and none in a cycle, the collector keeps walking them,
promotes them, and soon walks everything in memory on each full pass: the
links of 10,000 papers took five times as long to sort with it on. The
objects are freed by reference counting all the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["kept", "paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cycle collector for the block, and restore it as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def kept() -> Iterator[None]:
    """:func:`paused` for a block that builds data the rest of the run keeps (an earlier build's links,
    the listings read, a graph a command reads): when it ends the data is frozen (``gc.freeze``) before
    the collector runs again, so no later pass walks it (the first one alone took 1.7 s over a
    100,000-paper graph). Garbage from before the block is collected first, so none of it is frozen;
    reference counting still frees what is frozen."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()

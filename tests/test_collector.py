"""What kg freezes out of the cycle collector (collector.kept) must hold no reference cycles:
frozen objects are still freed by reference counting, but frozen garbage cycles never would be."""

from __future__ import annotations

import gc

from kg import collector
from kg.pipeline import read
from kg.state import load_previous


def test_an_earlier_build_and_the_listings_read_hold_no_reference_cycles(seed_out, seed_paths):
    gc.collect()
    with collector.paused():
        previous = load_previous(seed_out)
        ingested = read(seed_paths, previous=previous)
        assert previous.links and ingested.papers
        del previous, ingested
        assert gc.collect() == 0


def test_kept_freezes_what_the_block_built_and_turns_the_collector_back_on():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collector.kept():
        assert not gc.isenabled()
        rows = [{"id": i, "names": [str(i)]} for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(rows)

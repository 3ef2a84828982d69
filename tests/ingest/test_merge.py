"""Merging listings: the seeds give exactly 299 papers, each with every listing it was in."""

from __future__ import annotations

import json
from collections import Counter

from kg.ingest import ingest
from kg.ingest.text import normalise_title, paper_id
from tests.conftest import daily_page


def test_seed_listings_yield_exactly_the_299_distinct_papers(seed_paths):
    result = ingest(seed_paths)
    assert result.problems == []
    assert result.entries_read == 387
    assert len(result.papers) == 299
    assert result.duplicates_merged == 88
    assert len({p.id for p in result.papers}) == 299
    assert len({normalise_title(p.title) for p in result.papers}) == 299


def test_each_paper_carries_every_listing_it_appeared_in(seed_paths, seed_texts):
    result = ingest(seed_paths)
    appearances = Counter()
    for name, text in seed_texts.items():
        for paper in result.papers:
            if f"\n{paper.title}\n" in text:
                appearances[paper.id] += 1
    assert sum(len(p.listings) for p in result.papers) == 387
    assert all(len(p.listings) == appearances[p.id] for p in result.papers)
    uniformer = next(p for p in result.papers if p.title.startswith("UniFormerV2: Spatiotemporal Learning"))
    assert {(s.source, s.date) for s in uniformer.listings} >= {("003_f645a1f8c653ec23.txt", "--03-17")}
    assert all(s.position >= 1 and s.line for p in result.papers for s in p.listings)


def test_listings_are_named_after_their_files_with_dates(seed_paths):
    listings = ingest(seed_paths).listings
    assert [(l.id, l.date) for l in listings][:2] == [
        ("listing:000_f720293112d57f29", "--03-11"),
        ("listing:001_0386397748bb386b", "--03-17"),
    ]


def test_input_order_does_not_change_the_result(seed_paths):
    forward = ingest(seed_paths)
    backward = ingest(list(reversed(seed_paths)))
    assert forward.papers == backward.papers
    assert forward.listings == backward.listings


def test_same_paper_from_a_page_and_a_jsonl_feed_merges_into_one(write):
    page = write("day.txt", daily_page(("Alpha: Fast Nets", "We propose Alpha, short version.")))
    feed = write("feed.jsonl", json.dumps({"title": "ALPHA -- fast nets", "abstract": "We propose Alpha, the full and longer version.", "arxiv_id": "2401.00001"}) + "\n")
    result = ingest([page, feed])
    (paper,) = result.papers
    assert paper.id == paper_id("Alpha: Fast Nets")
    assert paper.title == "Alpha: Fast Nets"  # first listing in id order wins the title
    assert paper.abstract == "We propose Alpha, the full and longer version."  # the longest abstract wins
    assert paper.arxiv_id == "2401.00001"
    assert [s.listing_id for s in paper.listings] == ["listing:day", "listing:feed"]


def test_the_same_file_named_twice_is_read_once(seed_paths):
    result = ingest([seed_paths[0], seed_paths[0]])
    assert result.inputs_skipped == [str(seed_paths[0])]
    assert result.entries_read == 97


def test_different_files_with_the_same_name_get_distinct_listing_ids(tmp_path, write):
    a = write("a/day.txt", daily_page(("Paper One", "Text one.")))
    b = write("b/day.txt", daily_page(("Paper Two", "Text two.")))
    ids = [l.id for l in ingest([a, b]).listings]
    assert len(set(ids)) == 2 and all(i.startswith("listing:day-") for i in ids)
    assert ids == [l.id for l in ingest([b, a]).listings]

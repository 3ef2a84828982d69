"""The saved Daily Papers page reader, on the real seed pages and on small pages."""

from __future__ import annotations

import pytest

from kg.ingest.hf_daily import looks_like_hf_daily, read_hf_daily
from tests.conftest import daily_page

SEED_ENTRY_COUNTS = {
    "000_f720293112d57f29.txt": 97,
    "001_0386397748bb386b.txt": 51,
    "002_1e3f48a9ac7d7643.txt": 85,
    "003_f645a1f8c653ec23.txt": 120,
    "004_10f6bf276a08aaad.txt": 34,
}


def test_seed_pages_yield_every_entry_and_no_problem(seed_texts):
    counts = {}
    for name, text in seed_texts.items():
        result = read_hf_daily(text, name)
        assert result.problems == []
        counts[name] = len(result.entries)
    assert counts == SEED_ENTRY_COUNTS
    assert sum(counts.values()) == 387


def test_listing_date_is_read_from_the_page(seed_texts):
    dates = {name: (r.date, r.date_text) for name, r in ((n, read_hf_daily(t, n)) for n, t in seed_texts.items())}
    assert dates["000_f720293112d57f29.txt"] == ("--03-11", "Mar 11")
    assert dates["004_10f6bf276a08aaad.txt"] == ("--01-09", "Jan 9")


def test_page_chrome_is_never_taken_for_a_paper(seed_texts):
    titles = {e.title for t in seed_texts.values() for e in read_hf_daily(t, "x").entries}
    assert not titles & {"new", "Subscribe", "Daily Papers", "byAK and the research community", "Get trending papers in your email inbox!"}


def test_seed_entries_pair_each_title_with_its_own_abstract(seed_texts):
    entries = read_hf_daily(seed_texts["000_f720293112d57f29.txt"], "000").entries
    first = entries[0]
    assert first.title == "Coarse-to-Fine: Learning Compact Discriminative Representation for Single-Stage Image Retrieval"
    assert first.abstract.startswith("Image retrieval targets")
    assert first.abstract.endswith("https://github.com/bassyess/CFCD.")
    assert first.line == 11
    assert all(len(e.title) < 200 and len(e.abstract) > 500 for e in entries)


def test_author_counts_publication_dates_and_counts_are_read(seed_texts):
    entries = read_hf_daily(seed_texts["004_10f6bf276a08aaad.txt"], "004").entries
    first = entries[0]
    assert first.title == "Self-Supervised Dataset Distillation for Transfer Learning"
    assert (first.author_count, first.published, first.comments) == (6, "2023-10-10", None)
    composition = next(e for e in entries if e.title.startswith("Knowledge Composition using Task Vectors"))
    assert (composition.author_count, composition.published, composition.comments) == (5, "2024-07-03", 3)
    assert all(e.author_count and e.published for e in entries)


def test_small_page_with_short_abstracts_is_read():
    text = daily_page(("Alpha: A Method", "We propose Alpha. It works."), ("Beta Nets", "Beta is better."))
    result = read_hf_daily(text, "p.txt")
    assert [(e.title, e.abstract) for e in result.entries] == [
        ("Alpha: A Method", "We propose Alpha. It works."),
        ("Beta Nets", "Beta is better."),
    ]
    assert result.problems == []


def test_title_without_abstract_mid_page_is_reported_and_the_rest_kept():
    long_abstract = ("We study a thing in depth. " * 20).strip()
    text = daily_page(("First Paper Title", long_abstract), ("Orphan Title Without Text", long_abstract))
    text = text.replace(long_abstract + "\n\nOrphan", "\n\nOrphan", 1)  # drop the first abstract
    assert text.count(long_abstract) == 1
    result = read_hf_daily(text, "p.txt")
    assert [e.title for e in result.entries] == ["Orphan Title Without Text"]
    assert len(result.problems) == 1
    assert "First Paper Title" in str(result.problems[0]) and "no abstract" in str(result.problems[0])
    assert result.problems[0].line == 11


def test_page_cut_off_mid_abstract_reports_the_last_entry(seed_texts):
    text = seed_texts["000_f720293112d57f29.txt"]
    cut = text[: text.index("Code is available at https://github.com/bassyess/CFCD") - 30]
    result = read_hf_daily(cut, "cut.txt")
    assert result.entries == []
    assert len(result.problems) == 1
    assert "cut off" in str(result.problems[0]) and str(result.problems[0]).startswith("cut.txt:11:")


def test_page_cut_off_after_a_title_keeps_the_entries_before(seed_texts):
    text = seed_texts["000_f720293112d57f29.txt"]
    cut = text[: text.index("Recent studies have shown that the denoising")]
    result = read_hf_daily(cut, "cut.txt")
    assert [e.title[:14] for e in result.entries] == ["Coarse-to-Fine"]
    assert "cut off" in str(result.problems[0])


def test_page_cut_off_in_the_metadata_block_is_reported(seed_texts):
    text = seed_texts["004_10f6bf276a08aaad.txt"]
    cut = text[: text.rindex("Sep 5, 2025")]
    result = read_hf_daily(cut, "cut.txt")
    assert len(result.entries) == 33
    assert "cut off" in str(result.problems[0]) and "metadata" in str(result.problems[0])


def test_abstract_split_in_two_paragraphs_stays_one_abstract():
    first = "We study a thing in depth, and this sentence is long enough to be an abstract. " * 4
    second = "A second paragraph adds results and is clearly not a title, being long as well. " * 3
    text = daily_page(("Some Title", first.strip() + "\n\n" + second.strip()), ("Next Title", "Its abstract."))
    entries = read_hf_daily(text, "p.txt").entries
    assert [e.title for e in entries] == ["Some Title", "Next Title"]
    assert second.strip() in entries[0].abstract


def test_detection_recognises_seed_pages_and_rejects_prose(seed_texts):
    assert all(looks_like_hf_daily(t) for t in seed_texts.values())
    assert not looks_like_hf_daily("Dear diary,\n\ntoday was long.\n")


def test_page_saved_without_blank_lines_reads_the_same(seed_texts):
    text = seed_texts["000_f720293112d57f29.txt"]
    tight = "\n".join(line for line in text.splitlines() if line.strip())
    expected = [(e.title, e.abstract) for e in read_hf_daily(text, "a").entries]
    assert [(e.title, e.abstract) for e in read_hf_daily(tight, "b").entries] == expected


def test_title_ending_in_a_full_stop_is_still_a_title():
    abstract = "We study the thing at length. It works well in practice, on many data sets."
    text = daily_page(("Paper One", abstract), ("Attention Is All You Need.", abstract), ("Paper Three", abstract))
    result = read_hf_daily(text, "p.txt")
    assert [e.title for e in result.entries] == ["Paper One", "Attention Is All You Need.", "Paper Three"]
    assert result.problems == []


def test_footer_links_after_the_last_entry_are_not_papers():
    text = daily_page(("Paper One", "We study the thing. It works.")) + "\nCompany\n\nTOS\n\nPrivacy\n"
    result = read_hf_daily(text, "p.txt")
    assert [e.title for e in result.entries] == ["Paper One"] and result.problems == []


@pytest.mark.parametrize("cut", ["\n·\nM", "\n  • 6 aut", "\n  • 3 authors\n·\nOct 10"])
def test_cut_in_the_metadata_names_the_entry_it_belongs_to(seed_texts, cut):
    text = seed_texts["004_10f6bf276a08aaad.txt"]
    head = text[: text.index("\n  • 6 authors")]  # the first entry, before its metadata
    result = read_hf_daily(head + cut, "cut.txt")
    (problem,) = result.problems
    assert "Self-Supervised Dataset Distillation" in problem.message and "cut off" in problem.message
    assert result.entries == []


def test_cutting_a_seed_page_anywhere_reports_at_most_one_problem_and_invents_nothing(seed_texts):
    for name, text in seed_texts.items():
        full = read_hf_daily(text, name).entries
        # Where each entry's lines end: just before the next title, or at the end of the page.
        starts = [text.index(f"\n{e.title}\n") for e in full[1:]]
        ends = [len(text[:s].rstrip()) for s in starts] + [len(text.rstrip())]
        for cut in range(211, len(text), 1499):
            result = read_hf_daily(text[:cut], name)
            assert len(result.problems) <= 1, (name, cut, result.problems)
            whole = [e for e, end in zip(full, ends) if end <= cut]
            got = [(e.title, e.abstract) for e in result.entries]
            # Every entry whole in the cut text is read; nothing else is, except when the cut
            # falls exactly on a sentence end, which no reader can tell from a real ending.
            assert got[: len(whole)] == [(e.title, e.abstract) for e in whole], (name, cut)
            extra = got[len(whole):]
            assert not extra or (not result.problems and len(extra) == 1 and extra[0][1].endswith((".", ")"))), (name, cut)

"""Which entries are one paper: the arXiv id joins, titles join where no id says otherwise, ids stay stable."""

from __future__ import annotations

from kg.extract.metadata import listing_links
from kg.extract.repos import repository_links
from kg.ingest.merge import merge_entries
from kg.ingest.text import paper_id
from kg.model import Entry, Listing, Paper


def listing(name: str, date: str | None = None) -> Listing:
    return Listing(f"listing:{name}", name, "jsonl", date)


def test_one_arxiv_id_is_one_paper_whatever_the_titles():
    merged = merge_entries([
        (listing("hf", "2024-10-10"), [Entry("Flows for Detection", "We propose flows for object detection…",
                                             arxiv_id="2410.00001", upvotes=3)]),
        (listing("arxiv", "2024-10-10"), [Entry("Flows for $\\mathcal{D}$etection", "We propose flows for object detection "
                                                "and test them on COCO.", arxiv_id="2410.00001",
                                                categories=("cs.CV",), url="https://arxiv.org/abs/2410.00001")]),
        (listing("page", "2024-10-11"), [Entry("Flows for Detection", "", upvotes=9)]),
    ])
    assert (merged.entries, merged.problems) == (3, [])
    [paper] = merged.papers
    assert paper.id == paper_id("Flows for Detection") and paper.title == "Flows for Detection"
    assert paper.abstract.endswith("on COCO.") and paper.upvotes == 9 and paper.categories == ("cs.CV",)
    [title] = merged.conflicts  # the cut-short abstract is no conflict; the second title is
    assert title.sources == ("hf", "arxiv") and "two titles" in title.message
    assert [s.listing_id for s in paper.listings] == ["listing:arxiv", "listing:hf", "listing:page"]


def test_one_title_with_two_arxiv_ids_is_two_papers_with_distinct_ids():
    papers = merge_entries([
        (listing("a"), [Entry("Introduction", "first", arxiv_id="2401.00001")]),
        (listing("b"), [Entry("Introduction", "second", arxiv_id="2402.00002")]),
    ]).papers
    assert len(papers) == 2 and len({p.id for p in papers}) == 2
    assert {p.arxiv_id for p in papers} == {"2401.00001", "2402.00002"}


def test_a_paper_keeps_the_id_of_its_first_sighting_when_a_later_listing_spells_it_otherwise():
    old = (listing("day1", "2024-10-10"), [Entry("Flows for Detection", "x", arxiv_id="2410.00001")])
    new = (listing("day2", "2024-10-12"), [Entry("Flows for Detection (v2 title)", "x", arxiv_id="2410.00001")])
    [before] = merge_entries([old]).papers
    [after] = merge_entries([old, new]).papers
    assert after.id == before.id == paper_id("Flows for Detection")


def test_the_listings_github_repo_is_official_and_one_link_with_the_same_repo_in_the_abstract():
    paper = Paper("paper:1", "T", "Our code is at github.com/Example/Flow.", github_repo="https://github.com/example/flow")
    links = listing_links([paper], repository_links(paper))
    [repo] = links
    assert repo.entity.id == "repository:github.com/example/flow" and repo.role == "official"
    assert repo.component == "kg.repos+listing.github_repo" and len(repo.mentions) == 1
    assert listing_links([paper], links) == links  # applying it again changes nothing

    bare = Paper("paper:2", "T", "No link here.", github_repo="https://github.com/example/other")
    [added] = listing_links([bare], [])
    assert (added.entity.name, added.role, added.mentions) == ("example/other", "official", ())
    assert listing_links([Paper("paper:3", "T", github_repo="javascript:alert(1)")], []) == []

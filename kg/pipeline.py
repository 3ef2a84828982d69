"""The whole job, stage by stage: ingest -> extract -> assemble the graph.

Writing files is left to :mod:`kg.export`, so the same run can feed any exporter.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg import collector
from kg.errors import InputError
from kg.extract.pipeline import build_nlp, extract
from kg.extract.gazetteer import load_gazetteer
from kg.extract.metadata import listing_links
from kg.graph.build import GraphPlan
from kg.graph.resolve import Merge, canonicalize
from kg.ingest.merge import Ingested, ListingRead, ingest, listing_id, merge_entries
from kg.ingest.records import entry_from_record
from kg.ingest.result import ReadResult
from kg.model import EntityLink, Listing
from kg.progress import Progress
from kg.state import PreviousBuild, load_previous

__all__ = ["BuildResult", "default_jobs", "read", "run", "run_records"]


@dataclass
class BuildResult(Ingested):
    """Everything one build produced: what was ingested, the links and graph made of it, and figures."""

    links: list[EntityLink] = field(default_factory=list)
    plan: GraphPlan | None = None
    seconds: float = 0.0
    extracted: int = 0
    raw_links: list[EntityLink] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    _graph: nx.MultiDiGraph | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph, drawn from :attr:`plan` when first asked for (``kg build`` writes its files from the plan alone)."""
        if self._graph is None:
            with collector.paused():  # many dicts, no cycles: 0.83 -> 0.43 s for 10,000 papers
                self._graph = self.plan.to_networkx() if self.plan else nx.MultiDiGraph()
        return self._graph

    @property
    def entity_count(self) -> int:
        return len({link.entity.id for link in self.links})

    def summary(self) -> str:
        """One line: papers, duplicates merged, entities, errors, seconds; how dates without a year got one."""
        errors = len(self.problems)
        conflicts = f", {len(self.conflicts)} conflicting record(s)" if self.conflicts else ""
        skipped = f", {len(self.inputs_skipped)} repeated input(s) skipped" if self.inputs_skipped else ""
        if self.extracted < len(self.papers):
            skipped += f"; entities of {len(self.papers) - self.extracted} papers reused, {self.extracted} extracted"
        return (
            f"{len(self.papers)} papers from {len(self.listings)} listing(s) "
            f"({self.entries_read} entries, {self.duplicates_merged} duplicates merged{skipped}), "
            f"{self.entity_count} entities, {errors} error{'s' if errors != 1 else ''}{conflicts}, "
            f"{self.seconds:.2f} s{self._dates_clause()}"
        )

    def _dates_clause(self) -> str:
        """``; listing dates: 4 with the year inferred from publication dates, ...`` or nothing."""
        counts: Counter[str] = Counter()
        for done in self.listing_dates.values():
            if done.how == "given":
                counts[f"completed with --year {(done.date or '')[:4]}"] += 1
            elif done.how == "inferred":
                counts["with the year inferred from publication dates"] += 1
            elif done.how == "earliest":
                counts["with the earliest year their publication dates allow"] += 1
            else:
                counts[f"without a year ({done.reason})"] += 1
        return "; listing dates: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) if counts else ""


# Below this many papers, starting worker processes costs more than it saves.
PARALLEL_FROM = 2000


def default_jobs(papers: int) -> int:
    """One process per core (at most 8) for large inputs, else one."""
    return min(os.cpu_count() or 1, 8) if papers >= PARALLEL_FROM else 1


def run(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
    show_progress: bool | None = None,
    update: str | os.PathLike[str] | None = None,
    year: int | None = None,
    reuse: PreviousBuild | None = None,
) -> BuildResult:
    """Read the listings, extract entities and assemble the graph.

    Problems with inputs are collected in ``problems`` (or raised at once with
    ``strict=True``); whatever could be read is still built. ``jobs`` is the
    number of processes for the entity pass (spaCy's ``n_process``); by
    default one per core when there are enough papers to repay starting them.
    ``update`` names an earlier OUT: its listings join the new ones, and
    papers whose text did not change keep their entities without extraction.
    ``year`` completes listing dates shown without a year (``--03-11``);
    without it the year is inferred from the entries' publication dates.
    ``reuse`` is an earlier extraction to build from instead (``kg.shards.load_shards``).
    """
    started = time.perf_counter()
    with collector.kept():  # records read in: many objects, none in a cycle (500,000 papers read 51 -> 37 s)
        previous = reuse or (load_previous(update) if update is not None else PreviousBuild())
        ingested = read(paths, format=format, strict=strict, show_progress=show_progress, previous=previous, year=year)
    return _assemble(ingested, started, jobs, show_progress, previous)


def read(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    strict: bool = False,
    show_progress: bool | None = None,
    previous: PreviousBuild | None = None,
    year: int | None = None,
) -> Ingested:
    """The first stage alone: read the listings (joined to ``previous`` ones) and merge their entries into papers."""
    paths = list(paths)
    bar = Progress("reading", total=len(paths), enabled=show_progress)
    ingested = ingest(paths, format=format, strict=strict, previous=(previous or PreviousBuild()).reads, year=year,
                      on_file=lambda p: bar.advance(label=f"reading {os.path.basename(p)}"))
    bar.close()
    return ingested


def run_records(records: Iterable[Mapping[str, Any]], *, source: str = "records", jobs: int | None = None) -> BuildResult:
    """Like :func:`run`, for records in memory (``title``, ``abstract`` and the optional columns of JSONL)."""
    started = time.perf_counter()
    result = ReadResult("records")
    for number, record in enumerate(records, start=1):
        try:
            result.entries.append(entry_from_record(record, number))
        except ValueError as error:
            result.problems.append(InputError(source, f"record {number}: {error}; skipped"))
    listing = Listing(listing_id(source), source, "records")
    merged = merge_entries([(listing, result.entries)])
    ingested = Ingested([listing], merged.papers, result.problems + merged.problems, merged.entries,
                        reads=[ListingRead(source, "", listing, result.entries)], conflicts=merged.conflicts)
    return _assemble(ingested, started, jobs, False)


def _assemble(
    ingested: Ingested,
    started: float,
    jobs: int | None,
    show_progress: bool | None,
    previous: PreviousBuild | None = None,
) -> BuildResult:
    """Extract entities from ingested papers (reusing an earlier build's where the text is the same) and build the graph."""
    previous = previous or PreviousBuild()
    links: list[EntityLink] = []
    todo = []
    for paper in ingested.papers:
        kept = previous.links_for(paper.id, paper.title, paper.abstract)
        if kept is None:
            todo.append(paper)
        else:
            links.extend(kept)
    bar = Progress("extracting", total=len(todo), enabled=show_progress)
    if todo:
        with collector.paused():  # spaCy's objects, many: passes while they are made would walk all the run holds
            nlp = build_nlp(compact=True)
        with collector.paused():  # extraction leaves no cycles (none on the seeds, in one process or several)
            for _, paper_links in extract(todo, nlp, n_process=jobs or default_jobs(len(todo))):
                links.extend(paper_links)
                bar.advance()
    bar.close()
    with collector.paused():
        raw_links = sorted(links, key=lambda link: (link.paper_id, link.entity.id, link.role))
        gazetteer = load_gazetteer()
        # What the listing states (HF's githubRepo) joins after the text's own links, so the raw
        # links kept for --update stay exactly what the text gave.
        stated = listing_links(ingested.papers, raw_links)
        links, merges = canonicalize(stated, listed={key: entry.forms for key, entry in gazetteer.entries.items()})
        listed_sources = {key: entry.source for key, entry in gazetteer.entries.items()}
        plan = GraphPlan.of(ingested.papers, ingested.listings, links, merges=merges, listed=listed_sources)
    return BuildResult(
        **vars(ingested),
        links=links,
        plan=plan,
        seconds=time.perf_counter() - started,
        extracted=len(todo),
        raw_links=raw_links,
        merges=merges,
    )

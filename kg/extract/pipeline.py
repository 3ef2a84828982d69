"""Build kg's spaCy pipeline and run it over papers, turning its spans into entity links."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, nullcontext
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg import collector
from kg.extract import components  # noqa: F401  (registers the factories)
from kg.extract.components import ENTITIES
from kg.extract.entities import to_link
from kg.extract.tokenizer import CachedTokenizer, blank_english
from kg.model import EntityLink, Paper

__all__ = ["build_nlp", "doc_text", "extract", "links_from_doc"]

COMPONENTS = ("kg_gazetteer", "kg_rules", "kg_resolver", "kg_repositories")


def build_nlp(use_cache: bool = True, compact: bool = False) -> Language:
    """:func:`blank_english` with the cached tokenizer and kg's components, in order.

    ``compact=True`` adds ``kg_compact`` last, for bulk extraction: the Docs
    that come out are empty but for the entities, so ``n_process`` pays
    nothing to ship them between processes.
    """
    nlp = blank_english()
    nlp.max_length = 20_000_000  # no parser or tagger here: long texts cost time, not memory blow-ups
    nlp.tokenizer = CachedTokenizer(nlp.tokenizer)
    spans = not compact  # a compacted doc drops its spans: do not build them
    configs = {
        "kg_gazetteer": {"use_cache": use_cache, "write_spans": spans},
        "kg_rules": {"write_spans": spans},
        "kg_resolver": {"use_cache": use_cache, "write_spans": spans},
        "kg_repositories": {"write_spans": spans},
    }
    for name in COMPONENTS:
        nlp.add_pipe(name, config=configs.get(name, {}))
    if compact:
        nlp.add_pipe("kg_compact")
    _freeze_heap()
    return nlp


def _freeze_heap() -> None:
    """Keep the pipeline's own objects out of the garbage collector's full passes.

    The lists and matchers are about a million objects that live as long as
    the pipeline; every full collection walked them all again (about 8% of
    extraction). Frozen after one collection, as the ``gc`` docs advise before
    forking workers, they are skipped, and forked workers do not touch their
    pages either.
    """
    gc.collect()
    gc.freeze()


def doc_text(paper: Paper) -> str:
    """What the pipeline reads: the title, a newline, the abstract."""
    return f"{paper.title}\n{paper.abstract}"


def links_from_doc(paper: Paper, doc: Doc) -> list[EntityLink]:
    """The entities the components recorded for one paper, as :class:`EntityLink` s."""
    return _links(paper, _entities(doc))


# Papers per memory zone: the words they bring into spaCy's vocab leave it after them, so a stream of
# any length keeps the vocab (and memory) bounded. The first ZONE_PAPERS papers are read outside any
# zone: their words (the field's everyday vocabulary) stay, so later zones create only rarer ones
# again, and a day's listing never pays for a zone at all.
ZONE_PAPERS = 5000
# Papers per task sent to a worker process, and tasks in flight per worker (a bounded window).
TASK_PAPERS = 500
TASKS_AHEAD = 3


def extract(papers: Iterable[Paper], nlp: Language, *, n_process: int = 1, batch_size: int = 256) -> Iterator[tuple[Paper, list[EntityLink]]]:
    """Run the pipeline over papers (streamed, in order, optionally in ``n_process`` worker processes)
    and yield each with its links.

    Memory does not grow with the stream: at most a few tasks' papers are held at a time, and
    every :data:`ZONE_PAPERS` papers spaCy's ``memory_zone`` lets go of the strings they added.
    """
    if n_process > 1:
        yield from _in_workers(papers, nlp, n_process, batch_size)
        return
    for number, chunk in enumerate(_batches(papers, ZONE_PAPERS)):
        with nlp.memory_zone() if number else nullcontext(), collector.paused():
            records = [_entities(doc) for doc in nlp.pipe((doc_text(p) for p in chunk), batch_size=batch_size)]
        for paper, found in zip(chunk, records):
            yield paper, _links(paper, found)


def _batches(items: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _entities(doc: Doc) -> dict[str, Any]:
    """The entity records of one Doc: plain dicts and strings, valid after the Doc's memory zone."""
    return doc.user_data.get(ENTITIES, {})


def _links(paper: Paper, records: dict[str, Any]) -> list[EntityLink]:
    return [to_link(paper.id, key, info) for key, info in sorted(records.items())]


# A worker process's state: the pipeline (the parent's, inherited when the worker is forked), its
# batch size, the memory zone open across its tasks, and the papers it has read (in all, and in the zone).
_worker_nlp: Language | None = None
_worker_batch_size = 256
_worker_zone: ExitStack | None = None
_worker_read = 0  # papers this worker has read
_zone_read = 0  # of them, in the open zone


def _in_workers(papers: Iterable[Paper], nlp: Language, n_process: int, batch_size: int) -> Iterator[tuple[Paper, list[EntityLink]]]:
    """Tasks of :data:`TASK_PAPERS` texts to a pool of worker processes, a bounded window of them in
    flight, results back in order. Workers hand back the entity records only: no Doc crosses."""
    global _worker_nlp
    _worker_nlp = nlp
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pending: deque[tuple[list[Paper], Any]] = deque()
    with context.Pool(n_process, initializer=_start_worker, initargs=(batch_size,)) as pool:
        for batch in _batches(papers, TASK_PAPERS):
            pending.append((batch, pool.apply_async(_extract_task, ([doc_text(p) for p in batch],))))
            while len(pending) > n_process * TASKS_AHEAD:
                yield from _finished(*pending.popleft())
        while pending:
            yield from _finished(*pending.popleft())


def _finished(batch: list[Paper], result: Any) -> Iterator[tuple[Paper, list[EntityLink]]]:
    for paper, records in zip(batch, result.get()):
        yield paper, _links(paper, records)


def _start_worker(batch_size: int) -> None:
    """In a new worker: the pipeline (built here when the worker was not forked from the parent)."""
    global _worker_nlp, _worker_batch_size
    if _worker_nlp is None:
        _worker_nlp = build_nlp(compact=True)
    _worker_batch_size = batch_size
    gc.freeze()  # what the parent built stays out of the worker's collections (and its pages unshared)


def _extract_task(texts: list[str]) -> list[dict[str, Any]]:
    """One task in a worker: the texts' entity records. After the worker's first :data:`ZONE_PAPERS`
    papers, a memory zone spans its tasks, closed every :data:`ZONE_PAPERS` papers (the records are
    plain Python, valid after it)."""
    global _worker_zone, _worker_read, _zone_read
    assert _worker_nlp is not None
    if _worker_zone is None and _worker_read >= ZONE_PAPERS:
        _worker_zone = ExitStack()
        _worker_zone.enter_context(_worker_nlp.memory_zone())
    with collector.paused():
        records = [_entities(doc) for doc in _worker_nlp.pipe(texts, batch_size=_worker_batch_size)]
    _worker_read += len(texts)
    if _worker_zone is not None:
        _zone_read += len(texts)
        if _zone_read >= ZONE_PAPERS:
            _worker_zone.close()
            _worker_zone, _zone_read = None, 0
    return records

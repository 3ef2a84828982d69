"""Build kg's spaCy pipeline and run it over papers, turning its spans into entity links."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterable, Iterator

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import components  # noqa: F401  (registers the factories)
from kg.extract.components import ENTITIES
from kg.extract.entities import to_link
from kg.extract.tokenizer import CachedTokenizer
from kg.model import EntityLink, Paper

__all__ = ["build_nlp", "doc_text", "extract", "links_from_doc"]

COMPONENTS = ("kg_gazetteer", "kg_rules", "kg_resolver", "kg_repositories")


def build_nlp(use_cache: bool = True, compact: bool = False) -> Language:
    """``spacy.blank("en")`` with the cached tokenizer and kg's components, in order.

    ``compact=True`` adds ``kg_compact`` last, for bulk extraction: the Docs
    that come out are empty but for the entities, so ``n_process`` pays
    nothing to ship them between processes.
    """
    nlp = spacy.blank("en")
    nlp.max_length = 20_000_000  # no parser or tagger here: long texts cost time, not memory blow-ups
    nlp.tokenizer = CachedTokenizer(nlp.tokenizer)
    spans = not compact  # a compacted doc drops its spans: do not build them
    configs = {
        "kg_gazetteer": {"use_cache": use_cache},
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
    return [to_link(paper.id, key, info) for key, info in sorted(doc.user_data.get(ENTITIES, {}).items())]


def _freeze_msgpack_registries() -> None:
    """Look up srsly's msgpack extension registries once instead of on every Doc.

    With ``n_process`` > 1 spaCy sends each Doc between processes with
    ``to_bytes``/``from_bytes``, and srsly's Packer scans the installed
    packages' entry points on every call (about 0.5 ms, more than our whole
    per-paper extraction), then every registered function of every package.
    The answer is taken once, here, and served from then on; the encoders
    and decoders used stay exactly the ones installed.
    """
    for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders):
        if "get_all" not in vars(registry):
            found = registry.get_all()
            registry.get_all = lambda found=found: dict(found)  # type: ignore[method-assign]


def extract(papers: Iterable[Paper], nlp: Language, *, n_process: int = 1, batch_size: int = 256) -> Iterator[tuple[Paper, list[EntityLink]]]:
    """Run the pipeline over papers (batched, optionally in parallel) and yield each with its links."""
    # Texts, not (text, paper) tuples: with as_tuples spaCy tokenizes in the
    # parent and ships whole Docs to the workers. Order is kept, so zip pairs them.
    if n_process > 1:
        _freeze_msgpack_registries()
    papers, texts = itertools.tee(papers)
    docs = nlp.pipe((doc_text(p) for p in texts), n_process=n_process, batch_size=batch_size)
    for paper, doc in zip(papers, docs):
        yield paper, links_from_doc(paper, doc)

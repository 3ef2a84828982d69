"""The cached tokenizer must give exactly the tokens of spaCy's own tokenizer."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import latex
from kg.extract.tokenizer import CachedTokenizer
from kg.ingest import ingest

# One pair for the whole module: building a pipeline per example is slow, and
# a cache shared across examples is exactly what must stay correct.
PLAIN = spacy.blank("en").tokenizer
CACHED = CachedTokenizer(spacy.blank("en").tokenizer)


def tokens(doc):
    return [(t.text, t.whitespace_, t.idx) for t in doc]


def test_tokens_are_identical_to_spacy_on_every_seed_paper(seed_paths):
    plain = spacy.blank("en").tokenizer
    cached = CachedTokenizer(spacy.blank("en").tokenizer)
    papers = ingest(seed_paths).papers
    texts = [latex.plain(f"{p.title}\n{p.abstract}")[0] for p in papers]  # what the tokenizer reads ("BT^2": "BT2 ")
    for _ in range(2):  # second pass runs from the cache
        for text in texts:
            doc = cached(text)
            assert doc.text == text
            assert tokens(doc) == tokens(plain(text))


def test_cache_is_bounded():
    cached = CachedTokenizer(spacy.blank("en").tokenizer, max_entries=10)
    for i in range(100):
        cached(f"word{i} (x{i}) e.g. don't")
    assert len(cached._words) <= 10


PIECES = st.sampled_from(
    ["e.g.", "don't", "U.S.", ":)", "(ResNet-50)", "COCO,", "https://github.com/a/b.", "a\n", "\n\n", "  ", "\t",
     "x", "Kinetics-400/600", "'s", "--", "ViT-B/16", "3.5%", "n't", "Mr.", " ", "\u00a0", "é", "😀"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=30))
def test_tokens_are_identical_to_spacy_on_random_text(parts):
    text = "".join(parts)
    assert tokens(CACHED(text)) == tokens(PLAIN(text))
    assert tokens(CACHED(text)) == tokens(PLAIN(text))  # and again from the cache

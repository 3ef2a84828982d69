"""A tokenizer that gives exactly spaCy's tokens, faster, by caching per word.

spaCy's tokenizer caches how it split each whitespace-delimited string, but
stops caching for the rest of a document once a special case fires in it
(``_save_cached`` in ``tokenizer.pyx``; spaCy issue #1250). A title followed
by ``"\\n"`` and the abstract fires one at once, so abstracts run uncached.
This wrapper splits the text into runs of non-space and space characters the
way spaCy does, asks spaCy's own tokenizer about each distinct run once, and
rebuilds the ``Doc`` from the cached pieces. Tokens, whitespace and offsets
are identical to ``nlp.tokenizer(text)`` (the tests check this on the seeds
and on random text).

It is also where text enters the pipeline, so LaTeX markup is blanked here
first (:mod:`kg.extract.latex`, same length: offsets hold); the text as
given is kept in ``doc.user_data[ORIGINAL_KEY]`` for the mentions to quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate, chain

import spacy
from cymem.cymem import Pool
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_suffix_regex
from spacy.tokens import Doc

from kg.extract import latex

__all__ = ["ORIGINAL_KEY", "TEXT_KEY", "CachedTokenizer", "blank_english", "doc_text_of"]

TEXT_KEY = "kg_text"
# (text as given, markup mask) when LaTeX was blanked for matching: see :mod:`kg.extract.latex`.
ORIGINAL_KEY = "kg_original_text"
_RUN_RE = re.compile(r"\S+|\s+")
# spaCy splits a full stop from "PPO." and "T5." but not from "A3C." or "Mistral 7B." (its rules want two capitals,
# a small letter or a digit right before it), so a name ending a sentence that way was never matched.
_FULL_STOP_AFTER_NAME = r"(?<=[0-9a-z][A-Z])\."


def blank_english() -> Language:
    """``spacy.blank("en")``, its tokenizer also splitting the full stop after names like "A3C" and "7B"."""
    nlp = spacy.blank("en")
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, _FULL_STOP_AFTER_NAME]).search
    return nlp


def doc_text_of(doc: Doc) -> str:
    """``doc.text``, from the copy the tokenizer kept when there is one (much cheaper)."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


class _Chunks(dict):
    """Space-delimited chunk -> the words spaCy splits it into, as their ``orth`` ids.

    A miss asks the wrapped tokenizer; chunks never hold a space, so how spaCy
    splits one does not depend on its neighbours, and only its last word has
    a space after it. Ids, not strings: ``Doc(words=...)`` hashes every string
    it is given (six times the cost of building the Doc from ids), and the
    tokenizer has already put each word in the vocab.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        super().__init__()
        self.tokenizer = tokenizer

    def __missing__(self, chunk: str) -> tuple[int, ...]:
        self[chunk] = words = tuple(t.orth for t in self.tokenizer(chunk))
        return words


# Texts the fast path can take: no doubled white space, none at either end.
_ODD_SPACE_RE = re.compile(r"\s\s|^\s|\s$")


def _odd_space(text: str) -> bool:
    """Does the text have doubled white space, or white space at either end?

    The regex alone scans every character (about 50 us an abstract); a title,
    a newline and an abstract with single spaces are told apart with
    ``str`` methods, and only text with other white space goes to the regex.
    """
    if "  " in text or text[0].isspace() or text[-1].isspace():
        return True
    title, _, rest = text.partition("\n")
    if title.isprintable() and rest.isprintable():  # no white space but " " in either part
        return title[-1:] == " " or rest[:1] == " "
    return _ODD_SPACE_RE.search(text) is not None


class CachedTokenizer:
    """Callable like a spaCy tokenizer; wraps one and memoises its splits.

    The memo is cleared when it holds ``max_entries`` chunks, so memory stays
    bounded however long the stream is.
    """

    def __init__(self, tokenizer: Tokenizer, max_entries: int = 200_000) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.max_entries = max_entries
        self._chunks = _Chunks(tokenizer)
        self._words: dict[str, tuple[str, ...]] = {}
        self._spaces: dict[str, tuple[bool, tuple[str, ...], tuple[bool, ...]]] = {}

    def _split_word(self, run: str) -> tuple[str, ...]:
        if len(self._words) >= self.max_entries:
            self._words.clear()
        words = tuple(t.text for t in self.tokenizer(run))
        self._words[run] = words
        return words

    def _split_space(self, run: str) -> tuple[bool, tuple[str, ...], tuple[bool, ...]]:
        # Between two words, a whitespace run splits the same whatever the words are.
        doc = self.tokenizer(f"a{run}a")
        middle = doc[1:-1]
        found = (bool(doc[0].whitespace_), tuple(t.text for t in middle), tuple(bool(t.whitespace_) for t in middle))
        self._spaces[run] = found
        return found

    def __call__(self, text: str) -> Doc:
        if not text:
            return self.tokenizer(text)
        original, (text, markup) = text, latex.plain(text)  # same length: offsets hold for both
        if _odd_space(text):
            doc = self._careful(text)
        else:
            doc = self._fast(text)
        doc.user_data[TEXT_KEY] = text  # doc.text rebuilds the string token by token; keep it
        if markup is not None:
            doc.user_data[ORIGINAL_KEY] = (original, bytes(markup))
        return doc

    def _fast(self, text: str) -> Doc:
        """Chunks between single spaces, each looked up once: the common case."""
        chunks = self._chunks
        if len(chunks) >= self.max_entries:
            chunks.clear()
        found = list(map(chunks.__getitem__, text.split(" ")))
        words = list(chain.from_iterable(found))
        spaces = [False] * len(words)
        for end in accumulate(map(len, found)):  # a space after each chunk's last word
            spaces[end - 1] = True
        spaces[-1] = False  # but not after the last chunk
        return Doc(self.vocab, words=words, spaces=spaces)

    def _careful(self, text: str) -> Doc:
        """Runs of space and non-space, the way spaCy walks them, for unusual white space."""
        if text[0].isspace() or text[-1].isspace():
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        word_cache = self._words
        for run in _RUN_RE.findall(text):
            if run[0].isspace():
                if run == " ":
                    spaces[-1] = True
                    continue
                trailing, ws_words, ws_spaces = self._spaces.get(run) or self._split_space(run)
                if trailing:
                    spaces[-1] = True
                words.extend(ws_words)
                spaces.extend(ws_spaces)
                continue
            pieces = word_cache.get(run) or self._split_word(run)
            words.extend(pieces)
            spaces.extend([False] * len(pieces))
        return Doc(self.vocab, words=words, spaces=spaces)

    @contextmanager
    def memory_zone(self, mem: Pool | None = None) -> Iterator[None]:
        """Entered by ``nlp.memory_zone()``: the words first seen inside the zone leave the vocab at its
        end, so this cache, which names them by id, is emptied then too (spaCy's own tokenizer does not
        cache inside a zone at all)."""
        try:
            yield
        finally:
            self._chunks.clear()
            self._words.clear()
            self._spaces.clear()

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # Serialisation goes to the wrapped tokenizer, so nlp.to_disk/from_disk keep working.
    def to_bytes(self, **kwargs):  # type: ignore[no-untyped-def]
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs):  # type: ignore[no-untyped-def]
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path, **kwargs):  # type: ignore[no-untyped-def]
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):  # type: ignore[no-untyped-def]
        self.tokenizer.from_disk(path, **kwargs)
        return self

"""Names as the cross-paper resolver compares them: form keys, suffixes, acronyms and long forms.

Pure functions over strings; :mod:`kg.graph.resolve` and :mod:`kg.graph.senses`
decide with them which entities are one thing. A few thousand names recur in
every build of any size, so the functions remember their answers (bounded caches).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from kg.ingest.text import normalise_title

__all__ = [
    "form_key",
    "is_acronym",
    "is_long_form_of",
    "is_suffix_variant",
    "long_form_tokens",
    "long_forms",
    "plus_count",
    "same_long_form",
    "strip_suffix",
]

# Words that name the kind of thing rather than the thing: "X model" is X.
_HEAD_WORDS = frozenset({"model", "dataset", "benchmark", "corpus", "network", "method", "algorithm",
                         "framework", "challenge", "competition"})
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")


def plus_count(form: str) -> int:
    """How many ``+`` end the name: ``SAM++`` 2, ``FER+`` 1, ``NTU RGB+D`` 0.

    >>> plus_count("SAM++"), plus_count("FER +"), plus_count("NTU RGB+D")
    (2, 1, 0)
    """
    stripped = form.rstrip()
    return len(stripped) - len(stripped.rstrip("+"))


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 18)
def form_key(form: str) -> str:
    """A name folded for comparison: :func:`normalise_title`, but a trailing ``+`` is kept.

    Case, spacing and punctuation do not tell two names apart; a ``+`` or
    ``++`` suffix does (SAM++ is not SAM). Version suffixes survive the
    folding already (``X-v2`` -> ``xv2``, ``X-2`` -> ``x2``).

    >>> form_key("SAM++"), form_key("sam"), form_key("SAM ++"), form_key("X-v2"), form_key("X v2")
    ('sam++', 'sam', 'sam++', 'xv2', 'xv2')
    """
    return normalise_title(form) + "+" * plus_count(form)


# A suffix that makes another thing of a name: "++", "+", "-v2", " v2", "v2", "-2", " 2.0".
_SUFFIX_RE = re.compile(r"(?:\s*\+{1,2}|[\s-]*[vV]\d+(?:\.\d+)*|[\s-]+\d+(?:\.\d+)*)$")


@lru_cache(maxsize=1 << 16)
def strip_suffix(form: str) -> str:
    """The name without a version or ``+`` suffix (the name itself when it has none).

    >>> [strip_suffix(f) for f in ("SAM++", "X+", "X-v2", "X v2", "X-2", "wav2vec 2.0", "CIFAR10")]
    ['SAM', 'X', 'X', 'X', 'X', 'wav2vec', 'CIFAR10']
    """
    stripped = _SUFFIX_RE.sub("", form.rstrip())
    return stripped if normalise_title(stripped) else form


def is_suffix_variant(form: str, base: str) -> bool:
    """Is ``form`` the name ``base`` with a suffix added or removed (``X++``, ``X+``, ``X-v2``, ``X-2``): another thing?

    >>> is_suffix_variant("SAM++", "SAM"), is_suffix_variant("SAM", "SAM+"), is_suffix_variant("X v2", "X")
    (True, True, True)
    >>> is_suffix_variant("SAM", "sam"), is_suffix_variant("wav2vec2", "wav2vec 2.0"), is_suffix_variant("X-v2", "X v2")
    (False, False, False)
    """
    a, b = form_key(form), form_key(base)
    return a != b and (form_key(strip_suffix(form)) == b or form_key(strip_suffix(base)) == a)


@lru_cache(maxsize=1 << 16)
def is_acronym(form: str) -> bool:
    """Shaped like an acronym: one token with a capital letter ("CFG", "GraNd", "ViT").

    >>> [is_acronym(f) for f in ("CFG", "GraNd", "context-free grammar", "wav2vec", "X")]
    [True, True, False, False, False]
    """
    letters = sum(c.isalpha() for c in form)
    return 2 <= len(form) <= 15 and letters >= 2 and not any(c.isspace() for c in form) \
        and any(c.isupper() for c in form)


@lru_cache(maxsize=1 << 16)
def is_long_form_of(long: str, short: str) -> bool:
    """Does ``long`` spell out ``short``, as Schwartz & Hearst's rule finds long forms?

    The letters of ``short`` appear in order in ``long``, the first one
    starting it; ``long`` is several words and does not merely start with
    ``short`` ("ImageNet 21K" is not a long form of "ImageNet").

    >>> is_long_form_of("classifier-free guidance", "CFG"), is_long_form_of("context-free grammar", "CFG")
    (True, True)
    >>> is_long_form_of("Graph Neural Diffusion", "CFG"), is_long_form_of("ImageNet 21K", "ImageNet")
    (False, False)
    """
    letters = [c for c in short.casefold() if c.isalpha()]
    text = normalise_title(long)
    if not letters or not text or text[0] != letters[0] or len(long.split()) < 2:
        return False
    if text.startswith(normalise_title(short)):
        return False
    it = iter(text)
    return all(c in it for c in letters)


def long_forms(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """The aliases that spell out an acronym among the name and aliases, sorted.

    >>> long_forms("CFG", ["classifier-free guidance"])
    ('classifier-free guidance',)
    >>> long_forms("ImageNet-1K", ["ImageNet ILSVRC-2012", "ImageNet-1k"])
    ()
    """
    return _long_forms(name, tuple(aliases))


@lru_cache(maxsize=1 << 16)
def _long_forms(name: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    acronyms = [f for f in (name, *aliases) if is_acronym(f)]
    return tuple(sorted({a for a in aliases if any(is_long_form_of(a, s) for s in acronyms)}))


def long_form_tokens(form: str, *, head: bool = False) -> tuple[str, ...]:
    """A long form's words, folded: case, accents, hyphens and plurals dropped, and a trailing head word or year.

    ``head=True`` keeps the head words and years.

    >>> long_form_tokens("Classifier-Free Guidance Models")
    ('classifier', 'free', 'guidance')
    >>> long_form_tokens("Pointer Networks", head=True)
    ('pointer', 'network')
    """
    words = (normalise_title(w) for w in re.split(r"[\W_]+", unicodedata.normalize("NFKD", form)))
    tokens = [_singular(w) for w in words if w]
    while not head and len(tokens) > 1 and _is_head(tokens[-1]):
        tokens.pop()
    return tuple(tokens)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _is_head(word: str) -> bool:
    return word in _HEAD_WORDS or bool(_YEAR_RE.match(word))


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


def _abbreviated(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """Word by word equal, or one word a shortening of the other ("net" / "network")."""
    return len(ta) == len(tb) and all(
        a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))) for a, b in zip(ta, tb))


def _same_words(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    if not ta or not tb:
        return False
    if "".join(ta) == "".join(tb) or _abbreviated(ta, tb):
        return True
    short, long = sorted((ta, tb), key=len)
    return len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1] and _subsequence(short, long)


def same_long_form(a: str, b: str) -> bool:
    """Are two long forms one name written differently?

    Yes when their folded words (:func:`long_form_tokens`, with or without a
    head word) are equal, equal once joined ("classifier free" /
    "classifierfree"), equal but for shortened words ("Pointer Net" /
    "Pointer Networks"), or the shorter's words occur in order in the
    longer's with the same first and last word ("Classifier-free Diffusion
    Guidance" / "classifier-free guidance").

    >>> same_long_form("Classifier-Free Guidance", "classifier free guidance")
    True
    >>> same_long_form("Mixed Attention Modules", "mixed attention module"), same_long_form("Pointer Net", "Pointer Networks")
    (True, True)
    >>> same_long_form("classifier-free guidance", "context-free grammar")
    False
    """
    return _same_words(long_form_tokens(a), long_form_tokens(b)) or \
        _same_words(long_form_tokens(a, head=True), long_form_tokens(b, head=True))

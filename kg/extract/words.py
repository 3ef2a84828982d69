"""The words of one text, found once and shared by the rules that ask about them.

Rules and the task chooser each ask "does this abstract hold any of these
words?" many times over the same text; the answer comes from one set of the
text's runs of letters, built once per text (cached), not from a scan per question.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["letter_runs", "word_runs"]

_LETTERS_RE = re.compile(r"[A-Za-z]+")
# Every byte but an ASCII letter to a space: ``bytes.translate`` then ``split`` gives the runs of letters.
_LETTERS_ONLY = bytes(c if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))


@lru_cache(maxsize=4)
def letter_runs(text: str) -> frozenset[bytes]:
    """The runs of ASCII letters in the text ("pre-training," gives ``b"pre"`` and ``b"training"``).

    As bytes: a byte-level translate is about twice as fast as ``re.findall``,
    and a multi-byte UTF-8 character is never a letter here either. Cached for
    the last few texts: the rules and the task chooser ask in turn.

    >>> sorted(letter_runs("Pre-training, 2x faster"))
    [b'Pre', b'faster', b'training', b'x']
    """
    return frozenset(text.encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY).split())


def word_runs(word: str) -> list[bytes]:
    """The runs of ASCII letters in one word, in order, as :func:`letter_runs` holds them.

    >>> word_runs("Pre-training,")
    [b'Pre', b'training']
    """
    return [run.encode() for run in _LETTERS_RE.findall(word)]

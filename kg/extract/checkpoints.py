"""Model checkpoints: a model's name with its size, context length, tuning or version after it.

Papers name the checkpoint they ran, not the model family: "Qwen2.5-32B-Instruct",
"Mixtral 8x7B Instruct", "DeepSeek-Coder-Base-v1.5 7B", "Phi-3-mini-4k-instruct". The
list knows the family (Qwen2.5) and a few of its checkpoints, so its match stops inside
the word ("Qwen2.5-32B"), and an unlisted model ("Pythia-2.8B") has no cue but its size.

- A listed model followed by checkpoint parts only is that model, mentioned by the whole word.
- A listed model followed by a part that names something else ("Qwen2.5-VL-7B", "RT-2-X",
  "DeepSeek-R1-Distill-Qwen-7B") is another model, named by the word without its checkpoint
  parts ("Qwen2.5-VL"), not the listed one.
- An unlisted name with a parameter count ("Pythia-2.8B", "Yi-34B-200K") is a model, unless the
  words around it say data.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from kg.extract.rules import Candidate, cue_kind, is_common_word, is_generic

__all__ = ["checkpoint_family", "checkpoint_names", "sized_models"]

# What follows a model's name to say which checkpoint: a parameter count (7B, 1.5B, 8x7B, 135M), a
# context length (32k, 200K, 1M), the tuning (Instruct, Chat, Base, it, hf), and after one of those a
# version (v0.1). Not a size word or a version alone: StyleGAN-XL and Adam-v2 are methods of their own.
_PART = (r"(?:\d+(?:\.\d+)?[BbMm]|\d+x\d+[Bb]|\d+[kK]|v\d+(?:\.\d+)*|[Ii]nstruct|[Cc]hat|[Bb]ase|it|IT|hf|"
         r"[Pp]review|[Tt]urbo|mini)")
_TRAILING_PARTS_RE = re.compile(rf"-(?!v\d){_PART}(?:-{_PART})*$")
# "DeepSeek-Coder-Base-v1.5 7B", "Mixtral 8x7B Instruct": a parameter count or a tuning after a space.
_SPACED_SIZE_RE = re.compile(r" (?:(?:\d+(?:\.\d+)?|\d+x\d+)B(?: (?:Instruct|Chat))?|Instruct|Chat)(?![\w-])")
_SIZE_HINT_RE = re.compile(r"\d[Bb](?![A-Za-z])")
# The rest of a hyphenated word ("-32B-Instruct", "-VL-7B", "-v0.1"), up to the space or punctuation after it.
_WORD_GOES_ON_RE = re.compile(r"(?:-[A-Za-z0-9][A-Za-z0-9.]*)+")
# An unlisted model with its parameter count: "Pythia-2.8B", "LongChat-7B-v1.5-32k" (not "A100-80GB").
_SIZED_RE = re.compile(
    rf"(?<![\w.-])(?P<family>[A-Z][A-Za-z0-9]*(?:\.\d+)?(?:-[A-Za-z][A-Za-z0-9]*(?:\.\d+)?)*)-\d+(?:\.\d+)?[Bb](?:-{_PART})*(?![\w-])")


def checkpoint_family(name: str) -> str:
    """The model a checkpoint's name names: "LongChat-7B-v1.5-32k" is LongChat, "ResNet-50" stays itself.

    >>> checkpoint_family("LongChat-7B-v1.5-32k"), checkpoint_family("ResNet-50"), checkpoint_family("7B")
    ('LongChat', 'ResNet-50', '7B')
    """
    parts = _TRAILING_PARTS_RE.search(name)
    return name[:parts.start()] if parts and parts.start() > 0 else name


def _word_end(text: str, end: int) -> int:
    """Where the hyphenated word that goes on at ``end`` ends, a sentence's full stop left out."""
    match = _WORD_GOES_ON_RE.match(text, end)
    if match is None:
        return end
    stop = match.end()
    while stop > end and text[stop - 1] == ".":
        stop -= 1
    return stop


def _family_end(text: str, start: int, stop: int) -> int:
    """Where the name ends once the checkpoint parts at the end of ``text[start:stop]`` are left out."""
    parts = _TRAILING_PARTS_RE.search(text, start, stop)
    return parts.start() if parts else stop


def _names_another(text: str, end: int, listed_starts: Collection[int], in_title: bool) -> bool:
    """Does the word's next part name another model ("-VL", "-X", "-Distill"), not describe the listed one?

    Not when the part is a listed name itself ("CLIP-ViT-L/14": CLIP and ViT), a family of methods
    ("LSTM-RNN"), a lower-case modifier ("CLIP-based") or, in a Title Case title, an everyday word
    ("Transformer-Based").
    """
    part = re.match(r"-([A-Za-z0-9]+)", text[end:])
    if part is None or end + 1 in listed_starts:
        return False
    word = part.group(1)
    return word[0].isupper() and not is_generic(word) and not (in_title and is_common_word(word))


def checkpoint_names(text: str, listed: Collection[tuple[int, int]], title_end: int) -> list[Candidate]:
    """The whole checkpoint word after each listed model's match (``listed``: the matches' spans).

    >>> [(c.name, c.rule) for c in checkpoint_names("We tune Qwen2.5-32B-Instruct.", [(8, 19)], 0)]
    [('Qwen2.5-32B', 'checkpoint')]
    >>> [c.name for c in checkpoint_names("better than RT-2-X, a closed model", [(12, 16)], 0)]
    ['RT-2-X']
    """
    found = []
    starts = {s for s, _ in listed}
    longest = {s: e for s, e in sorted(listed)}  # at each start the longest match ("GPT-4o-mini", not "GPT-4o")
    for start, end in longest.items():
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
            continue  # inside a longer word ("R-DPO"): not where a checkpoint name starts
        stop = _word_end(text, end)
        spaced = _SPACED_SIZE_RE.match(text, stop)
        family_end = _family_end(text, start, stop)
        if family_end > end:  # the word goes on with more than checkpoint parts
            if not _names_another(text, end, starts, start < title_end):
                continue
            family = text[start:family_end]
        elif stop > end or spaced:
            family = text[start:end]
        else:
            continue
        stop = spaced.end() if spaced else stop
        found.append(Candidate(start, stop, "Method", family, "used", 0.75, "checkpoint"))
    return found


def sized_models(text: str, listed: Collection[tuple[int, int]]) -> list[Candidate]:
    """Unlisted names with a parameter count ("Pythia-2.8B"): models, named without their checkpoint parts,
    unless the words around say data ("the WebLI-10B dataset"). Words the list matched are its own.

    >>> [(c.name, c.start, c.end) for c in sized_models("using Pythia-2.8B policies", [])]
    [('Pythia', 6, 17)]
    """
    found: list[Candidate] = []
    if _SIZE_HINT_RE.search(text) is None:
        return found  # no parameter count: a literal scan spares the pattern's try at every capital
    for match in _SIZED_RE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in listed) or cue_kind(text, start, end) == "Dataset":
            continue
        found.append(Candidate(start, end, "Method", match.group("family"), "used", 0.7, "checkpoint"))
    return found

"""Rules that find names no list holds: the new methods and datasets of a listing.

Each rule is a pure function of the text that returns :class:`Candidate`
objects with character offsets; the spaCy component in
:mod:`kg.extract.components` turns them into spans. The rules:

- abbreviation definitions, Schwartz-Hearst style: "REPresentation Alignment (REPA)";
- the title's "Name:" prefix;
- proposal cues: "we propose X", "dubbed / called / named X";
- dataset cues: "the X dataset", "X benchmark", evaluation lists "on X, Y and Z";
- version families written once: "Kinetics-400/600", "Something-Something V1/V2".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.extract.words import letter_runs, word_runs

__all__ = [
    "Candidate",
    "abbreviations",
    "acronym_first",
    "cue_kind",
    "in_windows",
    "listed_beside",
    "new_data_names",
    "proposal_windows",
    "dataset_cues",
    "find_long_form",
    "defined_acronyms",
    "is_common_word",
    "is_generic",
    "part_of_longer_name",
    "reads_as_score",
    "is_name_shaped",
    "method_names",
    "named_after_dataset_word",
    "names_no_entity",
    "starts_sentence",
    "proposals",
    "set_off_names",
    "title_network",
    "title_prefix",
    "used_names",
    "version_families",
]


@dataclass(frozen=True)
class Candidate:
    """A possible entity mention found by a rule; offsets index the text given to the rule."""

    start: int
    end: int
    type: str
    name: str
    role: str
    confidence: float
    rule: str
    aliases: tuple[str, ...] = field(default=())


# A coined name: camel case inside a word (UniFormer, SePiCo), an acronym of
# two or more capitals (CFCD, REPA), or letters mixed with digits (Uni4Eye, GPT-4),
# judged per hyphen-separated part so "Coarse-to-Fine" is not a name.
_WORD_CHARS_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+\-_'&]*$")
_DIMENSION_RE = re.compile(r"^\d[dD]$")
_PART_NAME_RE = re.compile(r"[a-z][A-Z]|[A-Z].*[A-Z]|[A-Za-z]\d|\d[A-Za-z]")
_WORD = r"[A-Za-z0-9][A-Za-z0-9.+\-_&']*[A-Za-z0-9+]|[A-Za-z0-9]"
_PROPOSE = (
    r"(?:propose|proposes|proposed|present|presents|introduce|introduces|develop|develops|design|designs|devise|"
    r"devises|build|builds|construct|constructs|release|releases|curate|curates|collect|collects|create|creates|"
    r"contribute|contributes|establish|establishes|call|calls|name|names|dub|dubs|term|terms|coin|coins|describe|describes|"
    r"provide|provides|assemble|assembles|derive|derives)"
)
# "We address this scenario by proposing X": the proposal a few words after its subject.
_BY_PROPOSING = r"(?:\w+\s+){1,5}?by\s+(?:proposing|introducing|presenting|developing|designing|devising)"
_PROPOSAL_RE = re.compile(
    rf"\b(?:we|this (?:paper|work|study)|our (?:work|paper))\s+(?:(?:\w+\s+){{0,2}}?{_PROPOSE}|{_BY_PROPOSING})\b", re.I)
# The same cue, found subject first (a plain scan), then the verb matched where it stands.
_SUBJECTS = ("we", "We", "WE", "This paper", "this paper", "This work", "this work", "This study", "this study",
             "Our work", "our work", "Our paper", "our paper")
_VERB_AFTER_RE = re.compile(rf"(?:(?:\w+\s+){{0,2}}?{_PROPOSE}|{_BY_PROPOSING})\b", re.I)
_NAMING_STARTS = ("dubbed", "called", "named", "termed", "coined", "namely", "denoted", "referred", "titled")
_NAMING_LEAD_WORDS = {"dubbed", "called", "named", "termed", "coined", "namely", "titled", "as"}
_NAMING_RE = re.compile(r"\b(?:dubbed|called|named(?:\s+as)?|termed|titled|coined|namely|denoted(?: as)?|referred to as)\s*[:\"'“]?\s*", re.I)
_DATASET_HEADS = {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "database", "suite", "testbed", "leaderboard"}
_METHOD_HEADS = {
    "network", "networks", "net", "model", "framework", "method", "approach", "algorithm", "loss", "module", "modules",
    "architecture", "transformer", "encoder", "decoder", "mechanism", "strategy", "block", "layer", "optimizer",
    "policy", "pipeline", "system", "technique", "scheme", "paradigm", "head", "backbone", "regularization",
    "regularizer", "objective", "attention", "operator", "estimator", "detector", "tracker", "generator", "agent",
    "machine", "machines", "adapter", "learner", "classifier", "metric", "embedding", "embeddings", "unit", "graph",
    "toolkit", "toolbox", "kernel", "criterion",
}
_DATASET_PLURALS = {"datasets", "benchmarks", "corpora", "databases", "suites", "testbeds", "leaderboards", "challenges",
                    "test sets", "data sets", "archives", "treebanks", "simulators"}
_METHOD_PLURALS = {"methods", "models", "approaches", "algorithms", "baselines", "systems", "techniques", "frameworks",
                   "architectures", "detectors", "trackers", "optimizers", "learners", "classifiers", "programs", "solvers",
                   "toolkits", "variants", "competitors", "alternatives", "estimators", "policies", "agents"}
_METHOD_NOUNS = frozenset(_METHOD_HEADS | _METHOD_PLURALS)
# Capitalised words that open sentences or titles but are not names.
_STOP_NAMES = {
    "A", "An", "The", "This", "These", "Our", "We", "In", "On", "Of", "For", "To", "With", "And", "Or", "By",
    "Code", "Codes", "Data", "Experiments", "Results", "Extensive", "Moreover", "However", "Furthermore",
}


def find_words(text: str, words: Collection[str], start: int = 0) -> list[tuple[int, str]]:
    """(position, word) of each whole-word occurrence of ``words`` in ``text``, in order.

    ``str.find`` per word: on abstracts many times faster than one regex
    alternation, which Python's ``re`` tries at every character.

    >>> find_words("a model, two models and remodel", ("model", "models"))
    [(2, 'model'), (13, 'models')]
    """
    found = []
    present = letter_runs(text)
    for word in _present_words(tuple(words), present):
        at = text.find(word, start)
        while at != -1:
            end = at + len(word)
            if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                found.append((at, word))
            at = text.find(word, end)
    return sorted(found)


def _present_words(words: tuple[str, ...], present: frozenset[bytes]) -> list[str]:
    """The words whose every run of letters the text holds: the only ones worth a scan of it."""
    by_first, partless = _by_first_run(words)
    found = list(partless)
    for run in present.intersection(by_first):
        found += [word for word, rest in by_first[run] if present.issuperset(rest)]
    return found


@lru_cache(maxsize=64)
def _by_first_run(words: tuple[str, ...]) -> tuple[dict[bytes, list[tuple[str, frozenset[bytes]]]], tuple[str, ...]]:
    """The words by their first run of letters (with their other runs), and those with none (always scanned)."""
    by_first: dict[bytes, list[tuple[str, frozenset[bytes]]]] = {}
    partless = []
    for word in words:
        parts = word_runs(word)
        if parts:
            by_first.setdefault(parts[0], []).append((word, frozenset(parts[1:])))
        else:
            partless.append(word)
    return by_first, tuple(partless)


def cue_matches(regex: re.Pattern[str], text: str, lower: str, words: Collection[str]) -> list[re.Match[str]]:
    """``regex.finditer(text)`` for a case-insensitive pattern whose every match starts with one of ``words``
    (lower case): tried only where ``str.find`` sees a word, not at every character.

    ``lower`` is ``text.lower()``; where lower-casing changed the length, offsets would not hold
    and the pattern scans the text itself.

    >>> [m.group() for m in cue_matches(re.compile(r"\\b(?:called|named) \\w+", re.I), "We called X, named Y.",
    ...                                  "we called x, named y.", ("called", "named"))]
    ['called X', 'named Y']
    """
    if len(lower) != len(text):
        return list(regex.finditer(text))
    starts = sorted({at for word in words for at in _find_all(lower, word)})
    found: list[re.Match[str]] = []
    for at in starts:
        if found and at < found[-1].end():
            continue  # inside the last match: finditer would not start here either
        match = regex.match(text, at)
        if match:
            found.append(match)
    return found


def _find_all(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


@lru_cache(maxsize=1)
def _generic_terms() -> frozenset[str]:
    text = (resources.files("kg") / "data" / "generic_terms.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=65536)
def is_generic(name: str) -> bool:
    """A technique family or common term, never a named entity ("LLMs", "diffusion models").

    >>> is_generic("Diffusion Models"), is_generic("LLMs"), is_generic("REPA")
    (True, True, False)
    """
    folded = " ".join(name.casefold().replace("-", " ").split())
    terms = _generic_terms()
    candidates = {folded, name.casefold()}
    for form in list(candidates):
        if form.endswith("es"):
            candidates.add(form[:-2])
        if form.endswith("s"):
            candidates.add(form[:-1])
    return any(c in terms or c.replace(" ", "-") in terms for c in candidates)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    text = (resources.files("kg") / "data" / "common_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_common_word(word: str) -> bool:
    """An everyday English word ("mutual", "stone"), as opposed to a coined one ("imagenet", "kaldi").

    >>> is_common_word("Mutual"), is_common_word("Imagenet"), is_common_word("Spleeter")
    (True, False, False)
    """
    return word.casefold() in _common_words()


# A BibTeX key left in an abstract ("smith2021deep", "Vaswani2017"): a citation, not a name.
_CITATION_KEY_RE = re.compile(r"^[A-Za-z][a-z]+(?:19|20)\d\d[a-z]*$")


@lru_cache(maxsize=65536)
def is_name_shaped(word: str) -> bool:
    """Does the word look coined (UniFormer, CFCD, Uni4Eye, W2v-BERT) rather than English?

    >>> [is_name_shaped(w) for w in ["UniFormer", "CFCD", "Uni4Eye", "Coarse-to-Fine", "Image", "3D", "I"]]
    [True, True, True, False, False, False, False]
    >>> is_name_shaped("smith2021deep"), is_name_shaped("YOLOv8"), is_name_shaped("GPT4o")
    (False, True, True)
    """
    if len(word) < 2 or word in _STOP_NAMES or _CITATION_KEY_RE.match(word):
        return False
    if not any(c.isalpha() for c in word) or sum(c.isalpha() for c in word) < 2:
        return False
    if not _WORD_CHARS_RE.match(word):
        return False
    # "2D-guided", "3D" alone: a dimension, not a name.
    named_parts = [part for part in word.split("-") if _PART_NAME_RE.search(part) and not _DIMENSION_RE.match(part)]
    return bool(named_parts) and not is_generic(word)


def find_long_form(short: str, text_before: str) -> str | None:
    """Schwartz & Hearst (2003): the shortest long form ending the text whose letters spell ``short``.

    >>> find_long_form("REPA", "a regularization called REPresentation Alignment")
    'REPresentation Alignment'
    >>> find_long_form("CFCD", "we design a Coarse-to-Fine framework to learn Compact Discriminative representation")
    'Coarse-to-Fine framework to learn Compact Discriminative representation'
    >>> find_long_form("AAN", "We propose an Attention Network") is None
    True
    """
    letters = [c.lower() for c in short if c.isalpha()]  # digits ("M3EL") rarely stand for words
    if not letters or not short[0].isalpha():
        return None
    words = text_before.split()
    window = " ".join(words[-min(len(letters) + 5, len(letters) * 2) :])
    s_idx, l_idx = len(letters) - 1, len(window) - 1
    while s_idx >= 0:
        c = letters[s_idx]
        while l_idx >= 0 and (window[l_idx].lower() != c or (s_idx == 0 and l_idx > 0 and window[l_idx - 1].isalnum())):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = window.rfind(" ", 0, l_idx + 1) + 1
    long_form = window[start:].strip(" ,;:").strip("\"'“”‘’")  # 'called "observable propagation" (in short: ObsProp)'
    if _ARTICLE_RE.match(long_form):  # the article spelled the first letter: "an Attention Network (AAN)" is no fit
        return None
    if "; " in long_form or any(not _LIST_PART_RE.match(part) for part in long_form.split(", ")[1:]):
        return None  # across a clause: "RNNsearch, clearly outperforms the ... (RNNencdec)"; "Unify, Align and then Refine" is one name
    return long_form if len(long_form) > len(short) else None


_ARTICLE_RE = re.compile(r"(?:the|a|an|our)\s", re.I)
_LIST_PART_RE = re.compile(r"(?:(?:and|or)\s+)?[A-Z]")  # "..., Relation, and Order": the next word of a name


# "(ACRONYM)", "(ACRONYMs)", "(or ACRONYM for short)", "(in short: ACRONYM)".
_ABBREV_RE = re.compile(r"\(\s*(?:or\s+|in\s+short\s*[:,]?\s*)?(?P<short>[A-Za-z][A-Za-z0-9.\-+&']{0,14}?)(?P<plural>s)?(?:\s+for\s+short)?\s*\)")


def _sentence_bounds(text: str, index: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, index), text.rfind("\n", 0, index))
    end_candidates = [i for i in (text.find(". ", index), text.find("\n", index)) if i != -1]
    return (start + 1 if start >= 0 else 0), (min(end_candidates) if end_candidates else len(text))


_PASSIVE_PROPOSAL_RE = re.compile(r"\b(?:is|are|was|were)\s+(?:first\s+|then\s+)?(?:proposed|introduced|presented|designed|developed|devised)\b", re.I)


def _is_proposal_sentence(sentence: str) -> bool:
    return any(regex.search(sentence) for regex in (_PROPOSAL_RE, _NAMING_RE, _PASSIVE_PROPOSAL_RE, _OBTAINED_RE))


# The last word of a long form that names a measure or a task, not a method or dataset.
_METRIC_LAST = {
    "error", "errors", "score", "scores", "rate", "rates", "accuracy", "precision", "recall", "curve", "distance", "ratio",
    "index", "coefficient", "measure", "metric", "metrics", "divergence", "similarity", "gain", "likelihood", "perplexity",
    "entropy", "deviation", "variance", "statistic", "criterion", "interval", "value", "unit", "units", "time", "cost",
}
_THEORY_LAST = {"theory", "theorem", "principle", "hypothesis", "law"}
_TASK_LAST = {
    "recognition", "segmentation", "detection", "classification", "retrieval", "prediction", "forecasting", "translation",
    "tracking", "localization", "localisation", "estimation", "captioning", "answering", "identification", "verification",
    "summarization", "summarisation", "parsing", "tagging", "recommendation", "diarization", "inpainting", "labeling",
    "labelling", "grounding", "linking", "disambiguation", "reduction", "extraction",
}
# Task words that also end method names ("REPresentation Alignment"): a task only in lower case.
_TASK_LAST_LOWER = {
    "generation", "synthesis", "reconstruction", "understanding", "reasoning", "navigation", "completion", "extraction",
    "editing", "separation", "enhancement", "transcription", "alignment", "matching", "registration", "resolution",
    "induction", "discovery", "planning", "control",
}
# Words of an evaluation campaign or shared task: "Message Understanding Conference (MUC-6)".
_CAMPAIGN_WORDS = {"conference", "evaluation", "campaign", "competition", "challenge", "workshop", "olympiad"}
# Words in a sentence that set a definition among others' methods: "compared with ... (CMA)".
_USE_CONTEXT_RE = re.compile(
    r"\b(?:compar\w+|outperform\w*|surpass\w*|beats?|baselines?|such as|including|e\.g\.|than|versus|vs\.|against|"
    r"state-of-the-art|previous|existing|prior|earlier|standard|"
    # someone else's proposal: "researchers have proposed X (BCT)", "Su et al. introduced X"
    r"(?:have|has|had)\s+(?:recently\s+)?(?:been\s+)?(?:proposed|introduced|developed)|et al\.\s+(?:proposed|introduced))\b", re.I)


_HEAD_PART_RE = re.compile(r"\s+(?:for|of|with|via|from|in|on|using|by)\s+", re.I)


_FOR_AFTER_HEAD_RE = re.compile(r"(?P<head>[A-Za-z]+)\s+for\s*$")


def _is_campaign(long_form: str) -> bool:
    """An evaluation campaign or shared task by its words: "Sixth Message Understanding Conference"."""
    words = long_form.casefold().replace("-", " ")
    return bool(_CAMPAIGN_WORDS & set(words.split())) or "shared task" in words or long_form.endswith(" Task")


def _long_form_type(long_form: str, before: str = "") -> str | None:
    """What the long form's own words say it is: "Task", "Metric", "Dataset" (a campaign), or None.

    A task long form right after "a network for" is the network's name ("a
    Matching network for Multimodal Entity Linking (M3EL)"): no type from it.

    >>> [_long_form_type(x) for x in ["mean squared error", "referring image segmentation", "Sixth Message Understanding Conference", "Deep Q-Network"]]
    ['Metric', 'Task', 'Dataset', None]
    """
    head = _HEAD_PART_RE.split(long_form, maxsplit=1)[0]  # "Matching network for Entity Linking": a network
    words = head.casefold().replace("-", " ").split()
    if not words:
        return None
    if words[-1] in _METRIC_LAST or long_form.casefold() in ("area under the curve", "area under curve"):
        return "Metric"
    if words[-1] in _THEORY_LAST:
        return "Theory"  # "density functional theory (DFT)": a body of knowledge, not a method
    if words[-1] in _TASK_LAST or (words[-1] in _TASK_LAST_LOWER and head.islower()):
        for_head = _FOR_AFTER_HEAD_RE.search(before[-40:])
        return None if for_head and for_head.group("head").casefold() in _METHOD_HEADS else "Task"
    if _is_campaign(head):
        return "Dataset"  # "Message Understanding Conference", "Multilingual Entity Task"
    return None


def names_no_entity(long_form: str) -> bool:
    """Does a long form name a task, a measure, a theory or a family ("referring image segmentation", "mean squared
    error", "feedforward neural networks")?"""
    return is_generic(long_form) or _long_form_type(long_form) in ("Task", "Metric", "Theory")


def _head_type(words_before: list[str], words_after: list[str]) -> str | None:
    """Dataset or Method from the head noun of a long form or the word after the acronym."""
    last = words_before[-1].casefold().strip(",.;:") if words_before else ""
    after = [w for w in words_after[:2] if not w.strip(",.;:").isdigit()]  # "(ACE) 2005 corpus"
    nxt = after[0].casefold().strip(",.;:") if after else ""
    if nxt in _CAMPAIGN_WORDS:
        return "Dataset"  # "(MET-1) evaluation"
    # "(X) dataset" names one; "(X) datasets" are data for X, a task or field.
    if last in _DATASET_HEADS or (nxt in _DATASET_HEADS and nxt not in _DATASET_PLURALS):
        return "Dataset"
    if last in _METHOD_HEADS or nxt in _METHOD_HEADS or last.endswith(("net", "former")):
        return "Method"
    return None


def abbreviations(text: str) -> list[Candidate]:
    """Entities defined as "Long Form (ACRONYM)": the acronym carries the long form as alias.

    Only definitions with evidence of being a method or dataset are kept: a
    head noun ("... network (X)", "(X) dataset") or a proposal in the same
    sentence. Generic terms ("large language models (LLMs)") never are. The
    role is the paper's own when its sentence proposes something and no use
    cue stands between the proposal and the definition ("we propose X, a
    network with a fusion module (FM)" but not "we propose X, which
    outperforms support vector machines (SVM)").
    """
    found = []
    for match in _ABBREV_RE.finditer(text):
        definition = _definition(text, match)
        if definition is None:
            continue
        short, long_form, long_start, kind = definition
        # A paper takes part in a campaign ("the Sixth Message Understanding Conference (MUC-6)"); it does not release it.
        own = _defined_as_own(text, long_start if long_start is not None else match.start()) and not _is_campaign(
            long_form) and not _TAKEN_FROM_AFTER_RE.match(text, match.end())
        role = ("introduced" if kind == "Dataset" else "proposed") if own else "used"
        confidence = 0.85 if own else 0.7
        short_start = match.start("short")
        found.append(Candidate(short_start, short_start + len(short), kind, short, role, confidence, "abbreviation", (long_form,)))
        if long_start is not None:
            found.append(Candidate(long_start, long_start + len(long_form), kind, short, role, confidence,
                                   "abbreviation-long-form", (long_form,)))
    return found


def _definition(text: str, match: re.Match[str]) -> tuple[str, str, int | None, str] | None:
    """(acronym, long form, where the long form starts, type) of one "(X)", or None if it defines no entity."""
    short = match.group("short").rstrip(".-")
    if (match.group("plural") and short.isupper() and is_generic(short)) or not _acronym_like(short):
        return None  # "LLMs", "CNNs": a family, not a name
    s_start, s_end = _sentence_bounds(text, match.start())
    before = _CITATION_END_RE.sub("", text[s_start : match.start()])  # "Long Form [12] (LF)"
    long_form = find_long_form(short, before)
    if not long_form or is_generic(long_form):
        return None
    kind = _definition_type(text, short, long_form, before[: max(0, before.rfind(long_form))], match.end(), (s_start, s_end))
    if kind is None:
        return None
    long_start = s_start + before.rfind(long_form) if long_form in before else None
    return short, long_form, long_start, kind


def _acronym_like(short: str) -> bool:
    return len(short) >= 2 and any(c.isupper() for c in short) and not is_generic(short)


# A citation between a long form and its acronym: "[12]", "[3, 4]", "~\\cite{key}", "(Smith et al., 2020)".
_CITATION_END_RE = re.compile(r"\s*(?:\[[\d,\s\-–]+\]|~?\\cite\w*\{[^}]*\}|\([A-Z][A-Za-z-]+ et al\.?,? \d{4}\))\s*$")


def _definition_type(text: str, short: str, long_form: str, lead: str, after_at: int, sentence: tuple[int, int]) -> str | None:
    """Method or Dataset for a definition, from the words after it, its long form, then its sentence."""
    after = text[after_at : after_at + 40].split()
    by_words = _long_form_type(long_form, lead)
    if by_words == "Task":  # "Vocabulary Disentangled Retrieval (VDR), a retrieval-based framework": what it is said to be
        by_words = _apposition_type(text, after_at) or by_words
    kind = (_head_type([], after) or by_words or _head_type(long_form.split(), after)
            or _coordinated_head(text, lead, after_at) or _apposition_type(text, after_at))
    if not kind and is_name_shaped(short) and _CITED_RE.match(text, after_at):
        kind = "Method"  # "Matryoshka Representation Learning (MRL) (Kusupati et al., 2022)": a published method
    if not kind:
        words = text[sentence[0] : sentence[1]]
        if not is_name_shaped(short) or not (_is_proposal_sentence(words) or _USE_CONTEXT_RE.search(words)):
            return None
        kind = "Method"
    return kind if kind in ("Method", "Dataset") else None  # "mean squared error (MSE)" is never a method


# A citation right after a definition: "(Kusupati et al., 2022)", "(Smith and Lee, 2020a)", "[12]", "[3, 4]".
_CITED_RE = re.compile(
    r"\s*(?:\([A-Z][\w'’-]+(?:\s+(?:et al\.?|and|&)(?:\s+[A-Z][\w'’-]+)?)?,?\s+(?:19|20)\d\d[a-z]?(?:;[^()]{1,60})?\)"
    r"|\[\d+(?:\s*[,\-–]\s*\d+)*\])")


def _apposition_type(text: str, after_at: int) -> str:
    """ "(FFHQ), a new dataset of 70,000 images", "(X), an open-source toolkit": what the apposition says it is
    (not a plural head right after the acronym: "(MIPS) algorithms" are algorithms for a task)."""
    return cue_kind(text, after_at, after_at) if text.startswith(", ", after_at) else ""


# Definitions joined by "and" before one plural head: "the Resource Management (RM) and Wall Street Journal (WSJ) corpora".
_NEXT_DEFINITION_RE = re.compile(r"(?:,|,?\s+(?:and|or))\s+(?:[A-Za-z][\w-]*\s+){1,5}\([^()]{1,15}\)\s*(?P<head>[A-Za-z]+)")
_JOINED_AFTER_DEFINITION_RE = re.compile(r"\)\s*(?:,|,?\s+(?:and|or))\s*$")
_FIRST_WORD_RE = re.compile(r"\s*(?P<head>[A-Za-z]+)")


def _coordinated_head(text: str, lead: str, after_at: int) -> str | None:
    """Dataset or Method from the plural head that definitions joined by "and" share (one definition's
    own plural head is data for a task or field: "(X) datasets")."""
    head = _NEXT_DEFINITION_RE.match(text, after_at) or (
        _FIRST_WORD_RE.match(text, after_at) if _JOINED_AFTER_DEFINITION_RE.search(lead) else None)
    word = head.group("head").casefold() if head else ""
    if word in _DATASET_HEADS or word in _DATASET_PLURALS:
        return "Dataset"
    return "Method" if word in _METHOD_NOUNS else None


# The acronym first: "REPA (REPresentation Alignment)", "the BLEU (bilingual evaluation understudy) metric".
_ACRONYM_FIRST_RE = re.compile(r"(?P<short>[A-Z][A-Za-z0-9\-]{1,12})\s+\((?P<long>[A-Za-z][^()]{4,80}?)\)")


def _acronym_first_matches(text: str) -> list[re.Match[str]]:
    """Each "WORD (words)" with a capitalised WORD, found from the brackets (``str.find``), not at every character."""
    found = []
    at = text.find(" (")
    while at != -1:
        word_start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
        if at - word_start >= 2 and text[word_start].isupper():
            match = _ACRONYM_FIRST_RE.match(text, word_start)
            if match:
                found.append(match)
        at = text.find(" (", at + 2)
    return found


def acronym_first(text: str) -> list[Candidate]:
    """Definitions written acronym first, "LFN (Long Form Name)": both forms, one entity.

    >>> [(c.name, c.aliases) for c in acronym_first("We propose REPA (REPresentation Alignment), a regularizer.")][:1]
    [('REPA', ('REPresentation Alignment',))]
    """
    found = []
    for match in _acronym_first_matches(text):
        short, long_form = match.group("short"), match.group("long").strip()
        if not _acronym_like(short) or find_long_form(short, long_form) != long_form or is_generic(long_form):
            continue
        s_start, s_end = _sentence_bounds(text, match.start())
        kind = _definition_type(text, short, long_form, text[s_start : match.start()], match.end(), (s_start, s_end))
        if kind is None:
            continue
        own = _defined_as_own(text, match.start())
        role = ("introduced" if kind == "Dataset" else "proposed") if own else "used"
        confidence = 0.85 if own else 0.7
        for start, name_end in ((match.start("short"), match.end("short")), (match.start("long"), match.start("long") + len(long_form))):
            rule = "abbreviation" if start == match.start("short") else "abbreviation-long-form"
            found.append(Candidate(start, name_end, kind, short, role, confidence, rule, (long_form,)))
    return found


# Words after which a name is someone else's: "based on X", "outperforms X", "such as X".
_USE_MARK_RE = re.compile(
    r"\b(?:based|build(?:s|ing)?\s+(?:on|upon)|such as|e\.g\.|including|than|outperform\w*|surpass\w*|compared|inspired|extend\w*|built|"
    r"variant of|version of|improv\w+ (?:on|upon|over)|unlike|beyond|instead of|rather than|replac\w+|previous|existing|"
    r"prior|standard|conventional|classic\w*|baselines?|popular|widely|counterpart of|subset of|extension of|beat|beats|"
    r"(?:taken|borrowed|adopted) from|"
    r"(?:results|experiments|evaluated|tested|trained) (?:on|across|over))\b",
    re.I,
)


# "the multi-scale discriminator (MSD) taken from MelGAN": someone else's part.
_TAKEN_FROM_AFTER_RE = re.compile(r",?\s+(?:taken|borrowed|adopted|inherited|reused)\s+from\b")


def _defined_as_own(text: str, at: int) -> bool:
    """Does the sentence around ``at`` propose something, with no use cue between the proposal and ``at``?

    After ``at``, a cue counts when it is passive ("(X) is proposed") or a relative clause about it ("(AKM), which
    we introduce"); not "Motivated by X (MLM), we propose Y", nor "... gated networks (GGN) are instances of one
    framework, which we call X": what "we call" names comes after it.
    """
    s_start, s_end = _sentence_bounds(text, at)
    cue = None
    for regex in (_PROPOSAL_RE, _OWN_NAMING_RE, _PASSIVE_PROPOSAL_RE):
        found = regex.search(text, s_start, s_end)
        if found and (found.start() < at or regex is _PASSIVE_PROPOSAL_RE or _refers_back(text, found, regex)) and (
                cue is None or found.start() < cue.start()):
            cue = found
    if cue is None:
        return False
    lo, hi = sorted((cue.end(), at))
    return _USE_MARK_RE.search(text, min(lo, max(s_start, at - 25)), hi) is None


_RELATIVE_BEFORE_RE = re.compile(r"\b(?:which|that)\s+$")
_NAMING_VERB_RE = re.compile(r"(?:call|name|term|dub|coin)s?$", re.I)


def _refers_back(text: str, cue: re.Match[str], regex: re.Pattern[str]) -> bool:
    """ "which we introduce", "that we assemble": a proposal cue about what came before it (not "which we call")."""
    return (regex is _PROPOSAL_RE and _RELATIVE_BEFORE_RE.search(text, max(0, cue.start() - 8), cue.start()) is not None
            and _NAMING_VERB_RE.search(cue.group()) is None)


# Where the object of a proposal ends: a clause break, or a word that brings in something else
# ("a model based on BERT", "a variant of CLIP", "evaluated on COCO", "which outperforms X").
_OBJECT_STOP_RE = re.compile(
    r"[.;:!?](?:\s|$)|\n|\s(?:based|such|including|than|over|on|with|using|via|from|of|for|to|in|into|against|across|"
    r"and\s+(?:evaluate|show|test|demonstrate|compare|achieve)\w*|which|that|where|while|extend(?:s|ing)?|outperform\w*|"
    r"surpass\w*|beats?|compared|beyond|inspired|built|by|upon|versus|vs\.?)\s",
    re.I,
)
# Cues that name the paper's own contribution; "namely" and "denoted" name other things too.
_OWN_HEADS = ("algorithm", "method", "model", "framework", "approach", "system", "network", "architecture")
_OBTAINED = rf"(?:{'|'.join(_OWN_HEADS)})s?\s+(?:that\s+)?we\s+(?:obtain|derive|arrive\s+at),"  # "The model we obtain, X"
_OBTAINED_RE = re.compile(rf"\b{_OBTAINED}", re.I)
_OWN_NAMING_RE = re.compile(
    r"\b(?:dubbed|called|named|termed|coined|released\s+as|implement(?:s|ed)?\s+(?:this|it|them)\s+as|and\s+(?:then\s+)?(?:propose|introduce|present|build|construct|release|curate|collect|create)s?\b|"
    rf"the resulting (?:{'|'.join(_OWN_HEADS)})s?,?|{_OBTAINED})\s*[:\"'“]?\s*",
    re.I,
)
_OWN_NAMING_STARTS = ("dubbed", "called", "named", "termed", "coined", "released", "and", "the resulting", "implement",
                      *_OWN_HEADS)
# "we correct for this with V-trace, a new off-policy actor-critic algorithm": the name before "a new <method word>".
_A_NEW_HEAD_AFTER_RE = re.compile(
    rf",\s+an?\s+(?:new|novel)\s+(?:[\w-]+\s+){{0,3}}?(?:{'|'.join(_OWN_HEADS)}|loss|estimator|criterion|kernel)\b", re.I)
# "We also propose an extension of SIFT, the gradient location and orientation histogram (GLOH), ...": what is proposed
# is the thing set off after the extended one.
_EXTENSION_OF_RE = re.compile(
    r"\s*(?:an?\s+)?(?:new\s+)?(?:extension|generali[sz]ation|variant|modification)\s+of\s+[^,;.()]{1,40},\s+"
    r"(?P<name>(?:the\s+)?[^,;.()]{1,80}?(?:\s*\([^()]{1,15}\))?)(?=[,;.]|\s+(?:which|that)\b)")
# "The proposed model, DeepNet, combines ...": the name set off after it, and no more.
_SET_OFF_OWN_RE = re.compile(rf"\bthe\s+(?:final|proposed)\s+(?:{'|'.join(_OWN_HEADS)}),\s+(?P<name>[^,;.]{{1,60}}?),", re.I)
# "This work, Dynamic Subspace Learners, proposes ...": the work by its name.
_THIS_WORK_NAMED_RE = re.compile(r"\b[Tt]his\s+(?:work|paper|method|approach),\s+(?P<name>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,4}),\s+"
                                 r"(?:propos|introduc|present)")
# "ESM-2, a family of models that we train on UniRef": a name the paper then says it made.
# "Reinforcement Learning with Verifiable Rewards (RLVR), a stage we introduce": its acronym, and no "that" needed.
_MADE_BY_US_RE = re.compile(r"(?P<name>[A-Z][\w.+\-]*[\w+])\)?,\s+(?:a|an)\s+(?:[\w-]+\s+){0,6}?(?:(?:that|which)\s+)?we\s+"
                            r"(?:train|develop|design|build(?!\s+(?:on|upon)\b)|introduce|propose|present|release|construct|collect|"
                            r"create)\b")
_MADE_VERBS = ("introduce", "propose", "present", "develop", "design", "build", "release", "construct", "collect", "create",
               "train")
# "a new learning paradigm, Graph Transformer Networks (GTN)": the name after "a new ..., ".
# Not "a new benchmark from ImageNet, COCO, and LVIS": no preposition before the comma, and a common noun at it.
_A_NEW_RE = re.compile(r"(?:new|novel)\s+(?:(?!(?:from|of|on|in|with|for|by|using|over|and)\s)[\w-]+\s+){0,3}?[a-z][\w-]*,\s*")
_A_BEFORE_RE = re.compile(r"(?:^|\W)[Aa]n?\s+$")
_A_OR_THE_BEFORE_RE = re.compile(r"(?:^|\W)(?:[Aa]n?|the)\s+$")
# "our X module", "our new model": the next two words only ("our method can speed up X" is not about X).
_OUR = r"[Oo]ur\s+(?:own\s+|new\s+|novel\s+|proposed\s+)?"  # "our", "our new", "our proposed"
_OUR_RE = re.compile(rf"{_OUR}(?=(?P<words>\S+(?:\s+\S+)?))")


_AFTER_OUR_RE = re.compile(rf"\b{_OUR}$")
# A whole model, as opposed to a part of one ("our X module", "our X block").
_WHOLE_MODEL_RE = re.compile(r"\s+(?:model|backbone|network|classifier|detector|encoder|baseline)s?\b")


def our_copy(text: str, start: int, end: int) -> bool:
    """ "our DenseNet-121 model": the paper's trained copy of a model, as opposed to "our X module", a part of
    its own method. Asked of listed names only: a coined name there is the paper's own."""
    return _AFTER_OUR_RE.search(text, max(0, start - 20), start) is not None and _WHOLE_MODEL_RE.match(text, end) is not None


def proposal_windows(text: str) -> list[tuple[int, int]]:
    """Where the paper names its own contributions: the object of "we propose / introduce / release ...",
    of "dubbed / called / named", and the words after "our".

    >>> text = "We propose FastNet, a model based on BERT, and test it on COCO."
    >>> [text[s:e] for s, e in proposal_windows(text)]
    ['FastNet, a model']
    """
    windows = []
    for at, _ in find_words(text, ("our", "Our")):
        our = _OUR_RE.match(text, at)
        if our:
            windows.append((our.end(), our.end("words")))
    proposals = [end for end, _ in _subject_verbs(text)]
    lower = text.lower()
    starts = proposals + [m.end() for m in cue_matches(_OWN_NAMING_RE, text, lower, _OWN_NAMING_STARTS)]
    if "new " in lower or "novel " in lower:
        starts += [m.end() for m in _a_new(_A_NEW_RE, text, lower)]
        # "a novel ... kernel (SCK)", "the new MultiModal MassiveWeb (M3W) dataset"
        windows += [m.span("acronym") for m in _a_new(_A_NEW_ACRONYM_RE, text, lower, _A_OR_THE_BEFORE_RE)]
    for start in sorted(set(starts)):
        start += len(text[start:start + 3]) - len(text[start:start + 3].lstrip())
        stop = _OBJECT_STOP_RE.search(text, max(0, start - 1), min(len(text), start + 160))  # "we assemble from X"
        end = stop.start() if stop else min(len(text), start + 160)
        if end > start:
            windows.append((start, end))
    windows += _items_of_proposals(text, proposals)
    windows += [m.span("name") for end in proposals if (m := _EXTENSION_OF_RE.match(text, end))]
    return sorted(windows + _set_off_own_names(text, lower))


def _set_off_own_names(text: str, lower: str) -> list[tuple[int, int]]:
    """Names the paper sets off as its own: "X, a new ... algorithm", "a multilingual variant, X,", "giving an
    asymmetric model, X,", "X, a family of models that we train", "the proposed model, X,", "we make X available"."""
    found = [m.span("name") for triggers, pattern in _SET_OFF_OWN_PATTERNS if any(t in lower for t in triggers)
             for m in pattern.finditer(text)]
    found += [m.span("name") for m in cue_matches(_SET_OFF_RESULT_RE, text, lower, _RESULT_WORDS)]
    if ", a new " in lower or ", a novel " in lower or ", an new " in lower:
        found += _named_before_a_new(text)
    if " to obtain " in lower or " to produce " in lower or " to derive " in lower:
        found += [m.span("name") for m in _TO_OBTAIN_RE.finditer(text) if _WE_BEFORE_RE.search(
            text, _sentence_bounds(text, m.start())[0], m.start())]
    found += [m.span("name") for m in _made_by_us(text)]
    found += [m.span("name") for m in cue_matches(_SET_OFF_OWN_RE, text, lower, ("the final", "the proposed"))]
    if "available" in lower:
        found += _released_names(text, lower)
    return found


_HYPHENATED_BEFORE_RE = re.compile(rf"(?P<name>{_WORD})$")
# "we fine-tune CodeLlama on it to obtain SWE-Llama": what our own steps give, in a sentence of ours.
_TO_OBTAIN_RE = re.compile(rf"\bto\s+(?:obtain|produce|derive)\s+(?P<name>{_WORD})")
_WE_BEFORE_RE = re.compile(r"\b(?:we|We|our|Our)\b")
# "A multilingual variant, mSigLIP, trained on ...": a variant named by the paper is its own.
_SET_OFF_VARIANT_RE = re.compile(r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){0,3}?(?:variant|version),\s+(?P<name>[^,;.()]{1,40}?),")
# "..., giving an asymmetric model, Asym-SVD, and ...": a model the paper's own steps give.
_SET_OFF_RESULT_RE = re.compile(
    r"\b(?:giving|producing|yielding|obtaining|resulting\s+in|leading\s+to)\s+an?\s+(?:[\w-]+\s+){0,3}?"
    rf"(?:{'|'.join(_OWN_HEADS)}|estimator|classifier|detector),\s+(?P<name>[^,;.()]{{1,40}}?),")
# Words that must be in the text before a pattern of names set off as the paper's own is worth trying on it.
# "The resulting LLaVA-1.5 achieves ...": the name our steps give, right before what it does.
_RESULTING_NAME_RE = re.compile(
    r"\b[Tt]he\s+resulting\s+(?P<name>[A-Z][\w+.\-]*?[A-Z0-9][\w+\-]*(?:\.\d+)?)\s+(?=(?:achieves|outperforms|reaches|attains|"
    r"sets|obtains|surpasses|matches|improves|yields|delivers|beats|establishes|exceeds|performs)\b)")
_RESULT_WORDS = ("giving", "producing", "yielding", "obtaining", "resulting", "leading")  # where _SET_OFF_RESULT_RE starts
_SET_OFF_OWN_PATTERNS = (
    (("the resulting ",), _RESULTING_NAME_RE),
    (("variant, ", "version, "), _SET_OFF_VARIANT_RE),
    (("this work, ", "this paper, "), _THIS_WORK_NAMED_RE),
)


def _named_before_a_new(text: str) -> list[tuple[int, int]]:
    """The name right before ", a new ... <method word>" ("V-trace, a new off-policy actor-critic algorithm")."""
    found = []
    for at in _find_all(text, ", a"):
        if _A_NEW_HEAD_AFTER_RE.match(text, at) and (name := _HYPHENATED_BEFORE_RE.search(text, max(0, at - 40), at)):
            found.append(name.span("name"))
    return found


# "We present two architectures ...": a proposal of several things, named one by one after it.
_SEVERAL_RE = re.compile(r"\s*(?:(?:two|three|four|five|several)\b|an?\s+(?:new\s+)?family\s+of\b)", re.I)
# "The first, X, ...", "The second, Y (Z), ...", "The best of them, X, ...": one of those things, by name.
_ONE_OF_THEM_RE = re.compile(r"(?:^|(?<=[.;]\s))The\s+(?:first|second|third|fourth|fifth|latter|former|best\s+of\s+them),\s+")
# After a colon, each item of the list: "...: the A model (AM), which ..., and the B model, which ...".
_COLON_ITEM_RE = re.compile(r"(?:(?<=:)\s*|,\s+(?:and\s+)?|;\s+(?:and\s+)?)(?:the|an?)\s+(?P<item>[^,;.()]+(?:\([^()]*\))?)")
_CLAUSE_ITEM_RE = re.compile(r"^(?:first|second|third|fourth|former|latter|other|one)\b|\s(?:is|are|was|were|has|have|uses?|"
                             r"employs?|adopts?|applies|takes?|relies|combines?|learns?)\s")
# "a novel spatial co-occurrence kernel (SCK)": the acronym a new thing is given.
_A_NEW_ACRONYM_RE = re.compile(r"(?:new|novel)\s+(?:[\w-]+\s+){0,4}?[\w-]+\s+\((?P<acronym>[A-Za-z][\w-]{1,15})\)")
# "which we make publicly available as the X dataset".
_AVAILABLE_AS_RE = re.compile(r"\b(?:make|makes|made)\s+(?:\w+\s+){0,2}?available\s+as\s+(?:the\s+)?")
# "The first, the X database, consists of ... and is made publicly available with this paper".
_WITH_THIS_PAPER_RE = re.compile(r"\b(?:made|is|are)\s+(?:\w+\s+){0,2}?available\s+(?:with|in|alongside)\s+this\s+(?:paper|work)\b")
# "We also make MusicCaps publicly available": the object of "we make ... available".
_WE_MAKE_AVAILABLE_RE = re.compile(r"\b[Ww]e\s+(?:also\s+|further\s+)?make\s+(?P<object>[^,.;()]{2,60}?)\s+"
                                   r"(?:publicly\s+|freely\s+|openly\s+)?available\b")
_SUBJECT_END_RE = re.compile(r"\s(?:is|are|was|were|consists|contains|comprises|includes|has|have)\s")


def _items_of_proposals(text: str, proposals: list[int]) -> list[tuple[int, int]]:
    """The names of the things a proposal of several brings: "We present two architectures. The first,
    X, ...", "We introduce two models ...: the A (AM), ..., and the B model". The list after the colon
    must be in the proposal's sentence, the "The first, X" within the next two."""
    windows = []
    several = [end for end in proposals if _SEVERAL_RE.match(text, end)]
    for end in several:
        sentence_end = _sentence_bounds(text, end)[1]
        colon = text.find(":", end, sentence_end)
        if colon != -1:
            for item in _COLON_ITEM_RE.finditer(text, colon + 1, sentence_end):
                head = re.split(r"\s(?:which|that|where|who|for|to|with)\s", item.group("item"), maxsplit=1)[0]
                if not _CLAUSE_ITEM_RE.search(head):  # "the first uses LSTM ...": a clause, not a name
                    windows.append((item.start("item"), item.start("item") + len(head)))
    for one in _ONE_OF_THEM_RE.finditer(text) if several else ():
        if any(0 < one.start() - end < 400 for end in several):
            close = text.find(", ", one.end(), one.end() + 160)
            windows.append((one.end(), close if close != -1 else one.end()))
    return windows


@lru_cache(maxsize=8)
def _made_by_us(text: str) -> tuple[re.Match[str], ...]:
    """ "X, a family of models that we train ...": names the paper says it made, found from "that we" / "which we".
    Cached: the proposals and the proposal windows both ask."""
    lower = text.lower()
    found = {m.span(): m for word in ("that we", "which we") for m in _matches_around(text, lower, word, _MADE_BY_US_RE, 100)}
    for at in _find_all(lower, " we "):  # "(RLVR), a stage we introduce": only where ", a" stands before
        if lower.startswith(_MADE_VERBS, at + 4) and lower.find(", a", max(0, at - 100), at) != -1:
            found.update((m.span(), m) for m in _MADE_BY_US_RE.finditer(text, max(0, at - 100), at + 16))
    return tuple(found[span] for span in sorted(found) if found[span].group("name") not in _STOP_NAMES)


def _a_new(pattern: re.Pattern[str], text: str, lower: str, before: re.Pattern[str] = _A_BEFORE_RE) -> list[re.Match[str]]:
    """The matches of a pattern that starts at "new" or "novel", where "a" or "an" (``before``) stands before it."""
    return [m for m in cue_matches(pattern, text, lower, ("new", "novel")) if before.search(text[max(0, m.start() - 4) : m.start()])]


def _released_names(text: str, lower: str) -> list[tuple[int, int]]:
    """What the paper makes available as its own: "... which we make publicly available as the X dataset",
    "we also make X publicly available", and the subject of "X ... is made publicly available with this paper"."""
    windows = []
    for _, end in _spans_around(text, lower, "available", _AVAILABLE_AS_RE):
        stop = _OBJECT_STOP_RE.search(text, end, min(len(text), end + 120))
        windows.append((end, stop.start() if stop else min(len(text), end + 120)))
    windows += [m.span("object") for m in _matches_around(text, lower, "available", _WE_MAKE_AVAILABLE_RE)]
    for cue_start, _ in _spans_around(text, lower, "available", _WITH_THIS_PAPER_RE):
        start = _sentence_bounds(text, cue_start)[0]
        verb = _SUBJECT_END_RE.search(text, start, cue_start + 1)
        windows.append((start, verb.start() if verb else cue_start))
    return windows


def _matches_around(text: str, lower: str, word: str, pattern: re.Pattern[str], reach: int = 60) -> list[re.Match[str]]:
    """The matches of a pattern that holds ``word`` somewhere inside ("make ... available as"), tried within
    ``reach`` characters of each place the word stands (:func:`cue_matches` is for patterns that start with it),
    each once, in order."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for at in _find_all(lower, word):
        for m in pattern.finditer(text, max(0, at - reach), min(len(text), at + len(word) + reach)):
            found.setdefault(m.span(), m)
    return [found[span] for span in sorted(found)]


def _spans_around(text: str, lower: str, word: str, pattern: re.Pattern[str], reach: int = 60) -> list[tuple[int, int]]:
    """(start, end) of each of :func:`_matches_around`."""
    return [m.span() for m in _matches_around(text, lower, word, pattern, reach)]


# "we build two new benchmarks, WN18, extracted from WordNet, and FB15k, ...": a new data resource,
# then its names set off by commas, each with a word on how it was made ("extracted", "with images").
_NEW_DATA_RE = re.compile(r"\b(?:new|novel)\s+(?:[\w-]+\s+){0,2}?(?:datasets?|benchmarks?|corpus|corpora|databases?|collections?)\b", re.I)
# "we introduce two benchmarks: ...", "We release three corpora: ...": the names listed after the colon are the paper's.
_DATA_LIST_CUE_RE = re.compile(
    r"\b(?:introduce|present|release|build|construct|propose|contribute|create|curate|collect)s?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:datasets|benchmarks|corpora|suites|test\s?beds|collections):\s")
_DATA_LIST_ITEM_RE = re.compile(r"(?:\s|,\s+(?:and\s+)?|\s+and\s+)(?P<name>[A-Z][\w.+-]*(?:\s+[A-Z][\w.+-]*){0,3})(?=[,;.]|\s+\(|$)")
# "..., producing FineWeb-Edu, 1.3 trillion tokens": data the paper's steps produce, by its size.
_PRODUCING_DATA_RE = re.compile(
    r"\b(?:producing|yielding)\s+(?P<name>[A-Z][\w.+-]*[\w+]),\s+(?:an?\s+)?(?:set\s+of\s+|corpus\s+of\s+)?[\d.,]+\s*"
    r"(?:[kKMB]|thousand|million|billion|trillion)?\s+(?:[\w-]+\s+)?(?:tokens|images|videos|pages|documents|samples|"
    r"examples|hours|pairs|sentences|words|questions|clips|utterances)\b")
_SET_OFF_NAME_RE = re.compile(
    r",\s+(?:and\s+)?(?P<name>[A-Z0-9][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*){0,3})"
    r"(?=,\s+(?:extracted|derived|built|collected|containing|comprising|consisting|with|drawn|taken|gathered|sampled)\b|\s+\()"
)


def new_data_names(text: str) -> list[tuple[int, int]]:
    """Where the names of a new data resource stand: "we assembled a new dataset of 101 categories, Caltech-101,
    with images ...". Not a list of sources ("a new benchmark from ImageNet, COCO, and LVIS").

    >>> text = "We build two new benchmarks, WN18, extracted from WordNet, and FB15k, extracted from Freebase."
    >>> [text[s:e] for s, e in new_data_names(text)]
    ['WN18', 'FB15k']
    """
    windows: list[tuple[int, int]] = []
    if "new " in text or "novel " in text or "New " in text:  # most abstracts: no scan of the text
        for cue in _NEW_DATA_RE.finditer(text):
            end = _sentence_bounds(text, cue.end())[1]
            windows += [m.span("name") for m in _SET_OFF_NAME_RE.finditer(text, cue.end(), end)]
    if "s: " in text:  # "we introduce two benchmarks: X, a set of ..., and Y, a platform ..."
        for cue in _DATA_LIST_CUE_RE.finditer(text):
            end = _sentence_bounds(text, cue.end())[1]
            windows += [m.span("name") for m in _DATA_LIST_ITEM_RE.finditer(text, cue.end() - 1, end)]
    if "producing " in text or "yielding " in text:  # "..., producing X, 1.3 trillion tokens of ..."
        windows += [m.span("name") for m in _PRODUCING_DATA_RE.finditer(text)]
    return windows


def in_windows(windows: list[tuple[int, int]], at: int) -> bool:
    return any(start <= at < end for start, end in windows)


def defined_acronyms(text: str, among: Collection[str] | None = None) -> dict[str, str]:
    """Every "Long Form (ACRONYM)" the text defines, whatever it names: acronym -> long form.

    The text's own definition beats a list: "context-free grammar (CFG)" is
    not classifier-free guidance. ``among`` limits the work to these acronyms.

    >>> defined_acronyms("A context-free grammar (CFG) parser and a Deep Q-Network (DQN).")
    {'CFG': 'context-free grammar', 'DQN': 'Deep Q-Network'}
    """
    defined: dict[str, str] = {}
    if among is not None and not among:
        return defined
    for match in _ABBREV_RE.finditer(text):
        short = match.group("short").rstrip(".-")
        if len(short) < 2 or not any(c.isupper() for c in short) or (among is not None and short not in among):
            continue
        s_start, _ = _sentence_bounds(text, match.start())
        long_form = find_long_form(short, text[s_start : match.start()])
        if long_form:
            defined.setdefault(short, long_form)
    return defined


# A number of its own ("93.1 LAS", "2.3% higher LAS"), not the end of a name in a list ("Llama-2, MPT").
_NUMBER_BEFORE_RE = re.compile(r"(?<![\w.-])\d+(?:[.,]\d+)*\s*%?\s*(?:higher\s+|lower\s+|better\s+|absolute\s+)?$")
_SCORE_AFTER_RE = re.compile(r"\s*(?:(?:of|=|:|is|was|reaches|improves by)\s*\d|\s*score|\s*points?\b|\s*gains?\b)", re.I)


def reads_as_score(text: str, start: int, end: int) -> bool:
    """Is the acronym at ``text[start:end]`` a measured quantity ("93.1 LAS", "LAS of 92")?

    A parser's LAS is its labelled attachment score, not the model the list knows by those letters.

    >>> reads_as_score("It reaches 93.1 LAS on PTB.", 16, 19), reads_as_score("We fine-tune LAS on speech.", 13, 16)
    (True, False)
    >>> reads_as_score("It runs GPT-2, BERT and MPT.", 15, 19)
    False
    """
    return bool(_NUMBER_BEFORE_RE.search(text, max(0, start - 24), start) or _SCORE_AFTER_RE.match(text, end))


def part_of_longer_name(text: str, start: int, end: int, in_title: bool) -> bool:
    """Is the plain word at ``text[start:end]`` the first part of a longer name ("Inception Score", "Actor-Critic")?

    Only plain words (``Actor``), never coined names (``SimCLR`` in
    ``G-SimCLR`` is SimCLR); a following head word keeps the name
    ("Adam Optimizer"). In a Title Case title only a hyphen joins.

    >>> part_of_longer_name("We report the Inception Score.", 14, 23, False)
    True
    >>> part_of_longer_name("An Actor-Critic agent.", 3, 8, False), part_of_longer_name("With the Adam Optimizer.", 9, 13, False)
    (True, False)
    """
    surface = text[start:end]
    if not (surface.isalpha() and surface.istitle()):
        return False
    following = (_HYPHEN_NEXT_RE if in_title else _NEXT_WORD_RE).match(text, end)
    return bool(following) and following.group(1).casefold() not in _METHOD_HEADS | _DATASET_HEADS


_HYPHEN_NEXT_RE = re.compile(r"-([A-Z][a-z]+)\b")
_NEXT_WORD_RE = re.compile(r"(?:-| )([A-Z][a-z]+)\b")


_TITLE_PREFIX_RE = re.compile(r"^\s*(?P<prefix>[^:]{2,40}?)\s*:\s+(?P<rest>\S.*)$")
# The title's rest says data: its first phrase ends in a dataset word ("A Large-Scale Benchmark for ...", not
# "Scaling X to Large Diverse Datasets": a preposition before it), it counts items ("100,000+ Questions for ..."),
# or it is what a benchmark does ("Benchmarking Multimodal Agents ...", "Measuring Massive Multitask ...").
_DATASET_TITLE_RE = re.compile(
    r"^\s*(?:(?!(?:to|on|for|from|with|across|in|of|via|using|by|under|beyond)\s)[\w,+'’\-]+\s+){0,6}?"
    r"(?:benchmark|dataset|data set|corpus|suite|testbed|database|treebank|knowledge base|collection)s?\b|"
    r"^\s*[\d][\d,.]*[KkMm]?\+?\s|^\s*(?:Benchmarking|Measuring)\s|"
    r"^[^:]*?\bfor\s+Benchmarking\s",  # "X: A Controllable World of Apps and People for Benchmarking ... Agents"
    re.I)


def title_prefix(title: str, text: str = "") -> list[Candidate]:
    """The title's "Name:" prefix names the paper's own method (or its dataset).

    A dataset when the rest of the title says data, or when the abstract (``text``: the title, a
    newline, the abstract) describes the name as data ("X, a synthetic dataset of 6.7 million ...").

    >>> [c.name for c in title_prefix("UniFormerV2: Spatiotemporal Learning by Arming Image ViTs")]
    ['UniFormerV2']
    >>> title_prefix("Coarse-to-Fine: Learning Compact Representations")
    []
    >>> [(c.name, c.type) for c in title_prefix("Quillon: 50,000 Questions for Reading")]
    [('Quillon', 'Dataset')]
    """
    match = _TITLE_PREFIX_RE.match(title)
    if not match:
        return []
    prefix = match.group("prefix").strip()
    at = title.index(prefix)
    pair = title_pair(title, at, at + len(prefix) + 2)  # "Molmo and PixMo: ...": two names, each typed on its own
    parts = [(s, title[s:e]) for s, e in pair] if pair else [(at, prefix)]
    found = []
    for start, name in parts:
        if _names_itself(name.split(), text):
            dataset = _DATASET_TITLE_RE.match(match.group("rest")) and not pair or _described_as_data(text, name) or \
                _BENCH_NAME_RE.search(name)
            kind, role = ("Dataset", "introduced") if dataset else ("Method", "proposed")
            # Typed by default (a method unless the text says data), a name the lists hold as a dataset stays one.
            confidence = 0.9 if dataset else 0.6 if pair else 0.75
            found.append(Candidate(start, start + len(name), kind, name, role, confidence, "title-prefix"))
    return found if len(found) == len(parts) else []


# "Molmo and PixMo: Open Weights and ...", "StarCoder 2 and The Stack v2: The Next Generation": two names before the colon.
_TITLE_PAIR_RE = re.compile(r"(?P<a>[^:]{2,40}?) (?:and|&) (?P<b>[^:]{2,40}?):\s")


def title_pair(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The spans of the two names a title opens with before its colon ("Molmo and PixMo: ..."), if it does.

    >>> title = "Molmo and PixMo: Open Weights"
    >>> [title[s:e] for s, e in title_pair(title, 0, len(title))]
    ['Molmo', 'PixMo']
    """
    pair = _TITLE_PAIR_RE.match(text, start, end)
    return (pair.span("a"), pair.span("b")) if pair else None


def _names_itself(words: list[str], text: str) -> bool:
    """Are a title's first words a name: coined, named again in the abstract, or a name with a version ("Dex-Net 2.0")?"""
    versioned = len(words) == 2 and _VERSION_RE.fullmatch(words[1]) and all(p.istitle() for p in words[0].split("-"))
    named = _coined(words) or _named_in_abstract(text, words) or any(is_name_shaped(w) for w in words)
    return bool(versioned or (len(words) <= 2 and named and not _doing_something_to(words)))


# A title that opens with the name of its network: "RoI Tanh-polar Transformer Network for Face Parsing in the Wild".
_TITLE_NETWORK_RE = re.compile(r"(?:(?:A|An|The)\s+)?(?P<name>(?!(?:A|An|The)\s)(?:[A-Z][\w'’\-]*\s+){2,4}(?:Net|Nets|Network|Networks))\s+(?:for|with)\s")


def title_network(title: str, text: str = "") -> list[Candidate]:
    """The paper's own network named at the start of its title, before "for" or "with": not a family ("Convolutional
    Neural Networks for ...", "Distributionally Robust Neural Networks for ..."), nor a name the abstract (``text``)
    goes on to give an acronym ("a Multi-level Matching network for Multimodal Entity Linking (M3EL)").

    >>> [c.name for c in title_network("Deep Interest Network for Click-Through Rate Prediction")]
    ['Deep Interest Network']
    >>> title_network("Convolutional Neural Networks for Sentence Classification")
    []
    """
    match = _TITLE_NETWORK_RE.match(title)
    name = match.group("name") if match else ""
    if not name or is_generic(name) or name.endswith(("Neural Network", "Neural Networks")):
        return []
    at = text.casefold().find(name.casefold(), len(title))
    if at != -1 and _ABBREV_RE.search(text, at + len(name), at + len(name) + 80):
        return []  # the abstract gives it an acronym, whose definition makes the entity
    return [Candidate(match.start("name"), match.end("name"), "Method", name, "proposed", 0.85, "title-network")]


_VERSION_RE = re.compile(r"v?\d+(?:\.\d+)*")


def _coined(words: list[str]) -> bool:
    """One Title Case word no dictionary holds ("Nymble: a ...")."""
    return len(words) == 1 and words[0].istitle() and words[0].isalpha() and not is_common_word(words[0])


def _named_in_abstract(text: str, words: list[str]) -> bool:
    """One or two Title Case words the abstract writes capitalised inside a sentence ("We built Stanza to ..."): a
    name, though a dictionary holds the words."""
    if not 1 <= len(words) <= 2 or not all(map(_title_word, words)) or is_generic(" ".join(words)) or words[0] in _STOP_NAMES:
        return False  # two words too, in a proposal: "Hybrid Distillation: ..." and "we propose a ... Hybrid Distillation strategy"
    title_end = text.find("\n")
    phrase = (" ".join(words),)
    return title_end != -1 and any(not starts_sentence(text, at) and (len(words) == 1 or _in_proposal(text, at))
                                   for at, _ in find_words(text, phrase, title_end + 1))


def _in_proposal(text: str, at: int) -> bool:
    """Is ``at`` in a sentence that proposes something ("we propose a ... Hybrid Distillation strategy")?"""
    start, end = _sentence_bounds(text, at)
    return _is_proposal_sentence(text[start:end])


def _doing_something_to(words: list[str]) -> bool:
    """A verb in -ing before a name ("Revisiting ResNets: ...", "Experiencing SAX: ..."): the name is what the
    paper does something to, which other rules type and cast; the prefix is not a name."""
    return len(words) == 2 and words[0].endswith("ing") and _title_word(words[0]) and is_common_word(words[0])


# A name that says it is a benchmark: "AgentBench", "SWE-bench", "MMBench".
_BENCH_NAME_RE = re.compile(r"[a-z\-]bench(?:mark)?$", re.I)


def _described_as_data(text: str, name: str) -> bool:
    """Does the abstract, where it first names ``name``, describe it as data ("X, a synthetic dataset of ...")?
    The abstract alone: the title's last words ("... to Large Diverse Datasets") do not describe its first."""
    title_end = text.find("\n")
    abstract = text[title_end + 1 :] if title_end != -1 else ""
    at = abstract.find(name)
    return at != -1 and cue_kind(abstract, at, at + len(name)) == "Dataset"


_NAME_AFTER_RE = re.compile(rf"(?P<name>{_WORD})")


_NON_SPACE_RE = re.compile(r"\S*")
# Between items of a list: ", ", " and ", ", and ", " or ", "/", after an optional "(...)".
_LIST_SEP_RE = re.compile(r"\s*(?:\([^)]{0,25}\)\s*)?(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|/)")
_APPOSITIVE_RE = re.compile(r",\s+(?P<name>[A-Za-z][A-Za-z0-9.+\-_&']*[A-Za-z0-9+])\s*(?=,|\.\s|\s+(?:which|that|to|for)\b)")
_TITLED_NAME_RE = re.compile(r"(?P<name>[A-Z][A-Za-z0-9\-]{2,})(?=\s*(?:,\s+(?:a|an|the)\s|:\s|\())")
_ADJACENT_DATASET_RE = re.compile(  # "X dataset", "X, a new benchmark", "X is a corpus of ..."
    r"\s*(?:(?:,|\s+is)\s*(?:a|an|the)\s+(?:\w+,?[\s-]+){0,3}?)?(?:dataset|benchmark|corpus|database|suite|collection|split|testbed|"
    r"treebank|test set|data set|ontology|ontologie)s?\b", re.I)


# A name described as data: "X, a collection of 10K clips", "X, comprising 1,200 videos".
_DATA_DESCRIPTION_RE = re.compile(
    r",?\s*(?:(?:which|that)\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,4}?(?:comprising|comprises|containing|contains|consisting of|"
    r"consists of|with|of|covering|spanning)\s+(?:over\s+|more than\s+|about\s+|nearly\s+|around\s+)?[\d][\d,.]*\s*[KkMmBb]?\+?\s+"
    r"(?:[\w-]+\s+){0,2}?(?:videos?|images?|clips?|questions?|samples?|sentences?|utterances?|hours?|documents?|pairs?|examples?|"
    r"annotations?|frames?|scenes?|dialogues?|conversations?|instances?|recordings?|episodes?|tokens?|articles?|words?|"
    r"photos?|problems?|tasks?|prompts?|trajectories|subjects?|patients?|scans?|molecules?|graphs?|tables?)\b",
    re.I,
)
# "X, a framework", "X, a free, open-source toolkit": up to three modifiers, commas between them allowed.
_ADJACENT_METHOD_RE = re.compile(
    r"\s*(?:,\s*(?:a|an|the)\s+(?:[\w-]+,?\s+){0,3}?)?(?:" + "|".join(sorted(_METHOD_HEADS)) + r")s?\b", re.I)


# "three datasets we build ourselves, X, Y and Z": data the paper makes, named in a list.
_WE_MADE = r"(?:(?:that|which)\s+)?we\s+(?:build|built|collect(?:ed)?|creat(?:e|ed)|construct(?:ed)?|curat(?:e|ed)|release|introduce)(?:\s+ourselves)?"
_DATA_WE_MADE_RE = re.compile(rf"\b(?:datasets?|benchmarks?|corpus|corpora|collections?)\s+{_WE_MADE}\s*[,:]?\s*$", re.I)
# "a curated set of 30,000 hours of gameplay videos from ..., dubbed X": a name given to data.
_DATA_THEN_NAMING_RE = re.compile(
    r"\b(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:set|collection|corpus|suite|dataset)\s+of\s+[^.;]{0,100}?,?\s+"
    r"(?:dubbed|called|named(?:\s+as)?|termed|coined)\s+[\"'“]?$", re.I)


def cue_kind(text: str, start: int, end: int) -> str:
    """Dataset or Method from the words around a name a cue points at; "" when they do not say.

    Dataset when a dataset word stands by the name ("X dataset", "X, a new
    benchmark", "a corpus named X") or the text describes it as data ("X,
    comprising 1,200 videos"); Method when a method word does ("X, a framework").
    """
    if _ADJACENT_DATASET_RE.match(text, end) or _DATA_DESCRIPTION_RE.match(text, end, end + 120):
        return "Dataset"
    before = [w.strip(",:") for w in text[max(0, start - 40) : start].casefold().split()]
    if len(before) >= 2 and before[-1] == "as" and before[-2] in _NAMING_LEAD_WORDS:
        before.pop()  # "a benchmark, named as X"
    if _data_word_before(before) or _DATA_WE_MADE_RE.search(text, max(0, start - 60), start) or _DATA_THEN_NAMING_RE.search(
        text, max(0, start - 160), start
    ):
        return "Dataset"  # "a new benchmark, X", "three datasets we build ourselves, X", "a set of ... videos, dubbed X"
    if _ADJACENT_METHOD_RE.match(text, end) or _method_word_before(before):
        return "Method"
    if len(before) >= 2 and before[-1] in _DATA_VERBS and ("we" in before[-3:-1] or before[-2] == "and"):
        return "Dataset"  # "For data, we assemble X: ...", what one gathers is data
    return ""


def _data_word_before(before: list[str]) -> bool:
    """"a new benchmark, X", "a dataset named X", "a benchmark titled X"."""
    return bool(before) and (
        before[-1] in _DATASET_HEADS or (len(before) >= 2 and before[-2] in _DATASET_HEADS and before[-1] in _NAMING_LEAD_WORDS))


def _method_word_before(before: list[str]) -> bool:
    """"a framework, X", "a model called X"."""
    return bool(before) and (
        before[-1] in _METHOD_HEADS or (len(before) >= 2 and before[-2] in _METHOD_HEADS and before[-1] in _NAMING_LEAD_WORDS))


# Verbs that gather data: what "we" assemble, collect or crawl is a dataset, unless a method word says otherwise.
_DATA_VERBS = {"assemble", "assembled", "collect", "collected", "curate", "curated", "crawl", "crawled", "scrape", "scraped",
               "annotate", "annotated", "compile", "compiled", "gather", "gathered", "record", "recorded"}


# "CLIP-based", "GAN-style": a name used as a modifier, not the thing proposed.
_MODIFIER_SUFFIX_RE = re.compile(r"-[a-z]+$")


def _modifier(name: str) -> bool:
    suffix = _MODIFIER_SUFFIX_RE.search(name)
    return bool(suffix) and is_common_word(suffix.group()[1:])


def proposals(text: str) -> list[Candidate]:
    """Names right after "we propose/introduce/present ..." or "dubbed/called/named".

    The first coined-looking word (UniFormer, PropVG) within a few words of
    the cue is taken, or a capitalised word introduced as "X, a ..." ("We
    present Hydra, a framework"), or a name set off by commas later in the
    same clause ("a framework with augmentation, AutoTCL, which"). After
    "we call / termed / dubbed / coined", the words the cue names are the name
    even when they look ordinary ("a formalism we call latent SVM").
    A dataset when the words around it say data.
    """
    found = []
    for cue_end, reach, naming in _proposal_cues(text):
        window = _object_window(text, cue_end, reach)
        picked = (_coined_in(window, cue_end) or _titled_after(text, cue_end, window) or _appositive_after(text, cue_end)
                  or _typed_part_of(text, cue_end))
        if naming:
            phrase = _named_phrase(text, cue_end)
            # "we call latent SVM": the named words, when the coined one ends them ("termed GraphX framework" does not)
            if phrase and (picked is None or phrase[0] + len(phrase[1]) == picked[0] + len(picked[1])):
                picked = phrase
        if picked is not None:
            found.append(_proposal_candidate(text, *picked))
    found += [_proposal_candidate(text, m.start("name"), m.group("name")) for m in _made_by_us(text) if is_name_shaped(m.group("name"))]
    if "his work, " in text or "his paper, " in text:
        found += [_proposal_candidate(text, m.start("name"), m.group("name")) for m in _THIS_WORK_NAMED_RE.finditer(text)]
    return found


# Cues after which the named words are a name whatever they look like.
_CALLING_RE = re.compile(
    r"(?:\b(?:(?:we|which we|that we)\s+(?:call|term|dub|coin|name)|called|dubbed|termed|coined)"
    # "named" after a comma or a thing's word ("a framework, named X", "a dataset named X"; not "named entity recognition")
    r"|(?:,\s*|\b(?:framework|model|method|approach|system|dataset|benchmark|network|architecture|algorithm|agent|pipeline|"
    r"corpus|module|toolkit|library|suite|strategy|technique)s?\s+)named(?:\s+as)?(?!\s+entit))\s+$", re.I)
# What a calling cue names: up to four words, then the end of the clause.
_NAMED_PHRASE_RE = re.compile(r"\s*[\"'“]?(?P<name>[A-Za-z][\w\-+]*(?:\s+[A-Za-z0-9][\w\-+]*){0,3}?)[\"'”]?(?=\s*(?:[.,;:)(]|$|\s(?:which|that|and|to|for|with|as|is|are)\b))")


@lru_cache(maxsize=8)
def _subject_verbs(text: str) -> tuple[tuple[int, int], ...]:
    """(where the verb ends, where its subject starts) of each "we propose / this paper introduces ...".

    Found subject first, then the verb matched where it stands: much faster
    than one pattern tried at every character. Cached: two rules ask.
    """
    found = []
    subjects = find_words(text, _SUBJECTS)
    for at, subject in subjects:
        verb = _VERB_AFTER_RE.match(text, at + len(subject) + 1)
        if verb:
            found.append((verb.end(), at))
    for later in _AND_VERB_RE.finditer(text):  # its subject: the first "we" of its sentence, before it
        if later.start() and text[later.start() - 1].isalnum():
            continue  # "brand", "demand"
        start = _sentence_bounds(text, later.start())[0]
        at = next((at for at, _ in subjects if start <= at < later.start()), None)
        if at is not None:
            found.append((later.end(), at))
    return tuple(sorted(found))


# "We train on public data and release X": a second verb of the same subject proposes too.
_AND_VERB_RE = re.compile(r"and\s+(?:then\s+|also\s+|publicly\s+|further\s+)?(?:propose|present|introduce|develop|design|obtain|"
                          r"build|construct|release|curate|collect|create|assemble)s?\b")


def _proposal_cues(text: str) -> list[tuple[int, int, bool]]:
    """(where the cue ends, how far its object may reach, whether it is a calling cue)."""
    cues = [(end, 60, bool(_CALLING_RE.search(text, start, end + 1))) for end, start in _subject_verbs(text)]
    lower = text.lower()
    cues += [(m.end(), 12, bool(_CALLING_RE.search(text, max(0, m.start() - 16), m.end())))
             for m in cue_matches(_NAMING_RE, text, lower, _NAMING_STARTS) if _names_own(text, m)]
    cues += [(m.end(), 12, False) for m in cue_matches(_OUR_HEAD_RE, text, lower, ("our",))]
    cues += [(m.start("name"), 12, False) for m in cue_matches(_SET_OFF_OWN_RE, text, lower, ("the final", "the proposed"))]
    return cues


# "our model, RNNsearch, outperforms ...": the name the paper gives its own model, set off after it.
_OUR_HEAD_RE = re.compile(rf"{_OUR}(?:{'|'.join(_OWN_HEADS)}),\s+", re.I)


def _names_own(text: str, cue: re.Match[str]) -> bool:
    """ "namely" names what came before it: the paper's own only in a proposal ("it beats two
    forecasters, namely X and Y" names someone else's)."""
    return not cue.group().lower().startswith("namely") or _defined_as_own(text, cue.start())


def _object_window(text: str, cue_end: int, reach: int) -> str:
    """The text a cue's object may stand in: up to ``reach`` characters, cut at a clause break or a bracket."""
    window = text[cue_end : cue_end + reach]
    window += _NON_SPACE_RE.match(text, cue_end + reach).group()
    bracket = window.find("(")  # "we build a context-free grammar (CFG) parser": the definition's job
    window = window[: bracket if bracket != -1 else None]
    stop = _OBJECT_STOP_RE.search(window)
    return window[: stop.start()] if stop else window


def _coined_in(window: str, offset: int) -> tuple[int, str] | None:
    for word in _NAME_AFTER_RE.finditer(window):
        name = word.group("name").rstrip(".'")
        if is_name_shaped(name) and not _modifier(name):
            more = _TITLED_BEFORE_HEAD_RE.match(window, word.start() + len(name))
            if more and more.group("head").casefold() in _METHOD_HEADS:
                name += more.group("words")  # "a DeepAuto Group Transformer module": the name goes on to its head
            return offset + word.start(), name
    return None


_TITLED_BEFORE_HEAD_RE = re.compile(r"(?P<words>(?: [A-Z][a-z]+){1,2}) (?P<head>[a-z]+)\b")


def _titled_after(text: str, cue_end: int, window: str) -> tuple[int, str] | None:
    titled = _TITLED_NAME_RE.match(text, cue_end + len(window) - len(window.lstrip()))
    if titled and titled.group("name") not in _STOP_NAMES:
        return titled.start(), titled.group("name")
    return None


def _appositive_after(text: str, cue_end: int) -> tuple[int, str] | None:
    clause_end = text.find(". ", cue_end)
    clause = text[cue_end : clause_end if clause_end != -1 else len(text)][:160]
    appositive = _APPOSITIVE_RE.search(clause)
    if appositive and is_name_shaped(appositive.group("name")):
        return cue_end + appositive.start("name"), appositive.group("name")
    return None


# "We describe the design of Kaldi, a free, open-source toolkit": the thing whose part or aspect is proposed.
_PART_OF_NAME_RE = re.compile(r"\s*the\s+(?:design|implementation|architecture|development|construction)\s+of\s+"
                              r"(?P<name>[A-Z][A-Za-z0-9\-]{2,})(?=,\s+(?:a|an)\s)")


def _typed_part_of(text: str, cue_end: int) -> tuple[int, str] | None:
    """A name after "the design of" that its apposition calls a method or a dataset (not "the design of Paris, a city")."""
    match = _PART_OF_NAME_RE.match(text, cue_end)
    if match is None or match.group("name") in _STOP_NAMES or not cue_kind(text, match.start("name"), match.end("name")):
        return None
    return match.start("name"), match.group("name")


def _named_phrase(text: str, cue_end: int) -> tuple[int, str] | None:
    """The words a calling cue names ("we call latent SVM."), if they are not a generic term."""
    phrase = _NAMED_PHRASE_RE.match(text, cue_end)
    if phrase is None:
        return None
    name = phrase.group("name")
    if name.split()[0].casefold() in ("such", "this", "these", "it", "them", "the", "our"):
        named_as = _NAMED_AS_RE.match(text, phrase.end("name"))  # "we term such module as learngene"
        if named_as:
            return _named_phrase(text, named_as.end())
    if is_generic(name) or name.split()[0].casefold() in ("a", "an", "the", "this", "it", "our", "for", "upon", "such", "as"):
        return None
    return phrase.start("name"), name


_NAMED_AS_RE = re.compile(r"\s+as\s+")


def _proposal_candidate(text: str, start: int, name: str) -> Candidate:
    kind = cue_kind(text, start, start + len(name))
    # Untyped, the cue is weaker than a list: "we derive UrbanSound8K" keeps the listed Dataset.
    confidence = 0.8 if kind else 0.75
    kind = kind or "Method"
    role = "introduced" if kind == "Dataset" else "proposed"
    return Candidate(start, start + len(name), kind, name, role, confidence, "proposal")


# Existing methods named by how the text uses them: "such as X and Y", "outperforms X",
# "inspired by X", "Setting X as the backbone", "X-based". Found with str.find, which is
# much faster on abstracts than one big alternation.
_USE_CUES = (
    "such as", "including", "include", "e.g.", "compared with", "compared to", "compared against", "outperform",
    "surpass", "inspired by", "based on", "built on", "built upon", "setting", "adopt", "employ",
    "baseline", "backbone", "variant of", "variants of", "extend", "improve on", "improves on", "improve upon",
    "compare with", "compare against", "in particular", "namely", "versus", "vs.",
    "gains over", "improvements over", "improvement over", "built with", "among them", "comparable to", "on par with",
    "against", "structure of", "architecture of", "initialized from", "initialised from", "initialized with",
    "initialised with", "used by", "ahead of",  # "adopts the structure of IPNN", "initialised from CroCo pretraining"
)
_CUE_TAIL_RE = re.compile(r"[a-z]*[.,]?\s+(?:the\s+|larger\s+|strong\s+|popular\s+|recent\s+)?")
_SHAPE_ITEM_RE = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9.+\-_&']*[A-Za-z0-9+])")
_NAME_BEFORE_RE = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9.+_&']*[A-Za-z0-9+])$")


def _use_cues(text: str) -> list[tuple[int, int]]:
    """(start, end) of each use cue and the determiner after it, at word boundaries.

    Cues that share a first word ("compared with", "compared to") are looked for together:
    one scan of the text for the word, then ``startswith`` for each cue where it stands.
    """
    lower = text.lower()
    found = []
    for stem, cues in _USE_CUE_STEMS:
        at = lower.find(stem)
        while at != -1:
            if at == 0 or not lower[at - 1].isalnum():
                for cue in cues:
                    tail = _CUE_TAIL_RE.match(text, at + len(cue)) if lower.startswith(cue, at) else None
                    if tail:
                        found.append((at, tail.end()))
            at = lower.find(stem, at + 1)
    if "compare" in lower:  # "We compare DeepFM with LR, FM, FNN and PNN": the list after "with"
        found += [m.span() for m in _COMPARE_WITH_RE.finditer(text)]
    for at, word in find_words(text, _PLURAL_METHOD_WORDS):  # "the earlier functions BM15 and BM11"
        end = at + len(word)
        gap = 2 if text.startswith((", ", ": "), end) else 1 if text.startswith(" ", end) else 0
        if gap and (text[end + gap : end + gap + 1].isupper() or text[end + gap : end + gap + 1].isdigit()) and (
                gap == 1 or _names_two(text, end + gap)):
            found.append((at, end + gap))  # a name starts right there
    if " like " in text:  # "data-augmented models like SimCSE, SNCSE, and SynCSE"
        found += [m.span() for m in _LIKE_LIST_RE.finditer(text)]
    return sorted(found)


def _names_two(text: str, at: int) -> bool:
    """Do two names start a list at ``at`` ("four models, LaVie, ModelScope and ..."), not a clause after a comma
    ("Like most kernel methods, KDMs scale cubically")?"""
    item = _SHAPE_ITEM_RE.match(text, at)
    sep = _LIST_SEP_RE.match(text, item.end()) if item else None
    return sep is not None and text[sep.end() : sep.end() + 1].isupper()


_COMPARE_WITH_RE = re.compile(r"\b[Cc]ompare[sd]?\s+(?:[\w+\-]+\s+){1,3}?(?:with|against)\s+(?:the\s+)?")
# A plural method word, "like", and a name: "models like SimCSE, SNCSE and SynCSE" (not "we would like to").
_LIKE_LIST_RE = re.compile(r"\b(?:models|methods|approaches|algorithms|architectures|frameworks|techniques|baselines|systems|"
                           r"encoders|networks|LLMs|VLMs)\s+like\s+(?=[A-Z0-9])")
# A plural method word with the names right after it, no punctuation between: "programs X, Y and Z".
_PLURAL_METHOD_WORDS = ("functions", "programs", "systems", "models", "methods", "algorithms")


def _cue_stems(cues: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The cues under the start they share with others ("compare" for "compared with" and "compare
    against"), or under themselves when they share none: a short stem would be found inside many words.

    >>> _cue_stems(("compared with", "compare against", "such as"))
    (('compare', ('compared with', 'compare against')), ('such as', ('such as',)))
    """
    groups: dict[str, list[str]] = {}
    for cue in cues:
        word = cue.split()[0]
        stem = next((s for s in groups if min(len(s), len(word)) >= 5 and (word.startswith(s) or s.startswith(word))), word)
        group = groups.pop(stem, [])
        groups[min(stem, word, key=len)] = [*group, cue]
    return tuple((stem if len(group) > 1 else group[0], tuple(group)) for stem, group in groups.items())


_USE_CUE_STEMS = _cue_stems(_USE_CUES)


# A list item the text defines in passing: "Structured Embeddings (SE)", "covariance matrix adaptation (CMA)".
_DEFINED_ITEM_RE = re.compile(r"(?:[A-Za-z][\w'\-]*\s+){0,5}?[A-Za-z][\w'\-]*\s*\([^()]{1,15}\)")
# A list item of two or three capitalised words: "Ranking SVM", "Stanford CoreNLP", "IBM Model 4".
_WORDS_ITEM_RE = re.compile(r"[A-Z][\w.+\-]*(?:\s+[A-Z0-9][\w.+\-]*){1,2}")


def _name_list(text: str, pos: int, plain_ok: bool = False) -> tuple[list[tuple[int, str]], int]:
    """The coined names of the list starting at ``pos`` ("RESCAL, Structured Embeddings (SE), SME and LFM"),
    and where the list ends. Items the text defines are passed over: the definitions are the acronym rule's.
    Words in title case count when the list holds a coined name too ("Jodie, DyRep and TGAT"; not "Paris and London");
    words in title case joined by hyphens also when ``plain_ok``: a plural method word announced the list
    ("detectors, namely Harris-Laplace and Hessian-Affine")."""
    names: list[tuple[int, str]] = []
    plain: list[tuple[int, str]] = []  # words in title case ("Jodie"): names only in a list that holds a coined one
    for _ in range(8):
        item = _SHAPE_ITEM_RE.match(text, pos)
        if item and not _ITEM_END_RE.match(text, item.end()) and (words := _WORDS_ITEM_RE.match(text, pos)) \
                and _ITEM_END_RE.match(text, words.end()):
            end = words.end()  # a name of several words ("Ranking SVM"): the lists' to know; the list goes on
        elif item and is_name_shaped(item.group("name")):
            names.append((item.start(), item.group("name")))
            end = item.end()
        elif defined := _DEFINED_ITEM_RE.match(text, pos):
            end = defined.end()
        elif item and _plain_name(text, item, hyphens=plain_ok):
            plain.append((item.start(), item.group("name")))
            end = item.end()
        else:
            break
        sep = _LIST_SEP_RE.match(text, end)
        if not sep:
            pos = end
            break
        pos = sep.end()
    if not names and plain_ok:  # announced by a method word: names joined by hyphens ("Harris-Laplace"), not "Paris"
        return [(at, word) for at, word in plain if "-" in word], pos
    return (sorted(names + plain) if names else names), pos


# Plural method words that announce a list of names: "the evaluated descriptors include X, Y", "detectors, namely X".
_LIST_HEAD_PLURALS = frozenset(_METHOD_PLURALS | {"descriptors", "parsers", "taggers", "toolkits", "criteria", "kernels"})


def _after_method_plural(before: list[str]) -> bool:
    """Do the (lower-case) words before a cue end with a plural method word ("descriptors include", "detectors, namely")?"""
    return bool(before) and before[-1].strip(",;:") in _LIST_HEAD_PLURALS


def _title_word(word: str) -> bool:
    """One word of letters in title case ("Jodie", "Pubmed"): a name only where its neighbours say so."""
    return word.isalpha() and word.istitle()


_ITEM_END_RE = re.compile(r"[,;:.)]|\s+(?:and|or|for|on|in|with|to|as|at)\s")


def _plain_name(text: str, item: re.Match[str], hyphens: bool = False) -> bool:
    """A word in title case that may be a name in a list of names ("including Jodie, DyRep and TGAT"): a whole
    item (not the "Movie" of "Movie Gen"), not the first word of a sentence ("backbones. Specifically, X").
    With ``hyphens``, words in title case joined by hyphens too ("Harris-Laplace", "Wave-U-Net")."""
    word = item.group("name")
    titled = all(_title_word(part) for part in word.split("-")) if hyphens else _title_word(word)
    if len(word) < 3 or not titled or word in _STOP_NAMES or is_generic(word):
        return False
    return _ITEM_END_RE.match(text, item.end()) is not None and not text[max(0, item.start() - 2) : item.start()].startswith(".")


_NOT_A_LIST_NAME_RE = re.compile(r"\s*(?:of|=|:)\s*[\d.]|\s+\d")


# The rule of a list item that is a dataset only if the lists know it (spelled in another case: "Pubmed").
LISTED_SPELLING = "dataset-list-spelling"


_NAME_GOES_ON_RE = re.compile(r"[ \-][A-Z0-9]")
_MORE_VERSIONS_RE = re.compile(r"(?:/[Vv]?\d+)*")


def _title_word_rule(word: str) -> str:
    """The rule of a word in title case in a list of datasets: a name if no dictionary holds it, else a
    :data:`LISTED_SPELLING` candidate, kept only if the lists know it."""
    return LISTED_SPELLING if is_common_word(word) else "dataset-list"


def listed_beside(text: str, datasets: Iterable[tuple[int, int]]) -> list[Candidate]:
    """Coined names in a list after a dataset the list holds: in "on MNIST, FEMNIST, Sent140 and Shakespeare"
    Sent140 is data too. Names shaped as names, and words in title case as :data:`LISTED_SPELLING`
    candidates ("Shakespeare": a dataset only if listed), up to the list's end.

    >>> text = "We test on MNIST, FEMNIST, Sent140 and a toy task."
    >>> [c.name for c in listed_beside(text, [(11, 16)])]
    ['FEMNIST', 'Sent140']
    """
    found = []
    for _, end in datasets:
        end = _MORE_VERSIONS_RE.match(text, end).end()  # "CIFAR-10/100, UrbanCars and ...": past the other versions
        for _ in range(6):
            sep = _LIST_SEP_RE.match(text, end)
            item = _SHAPE_ITEM_RE.match(text, sep.end()) if sep else None
            name = item.group("name") if item else ""
            # A word in title case: a dataset when no dictionary holds it ("Mammography"), else only under a
            # listed name ("Pubmed" for PubMed, "Shuttle"): the resolver's to say.
            # "on WikiText2, PTB and C4", "CVACT, University-1652 and VIGOR"
            shaped = is_name_shaped(name) or _LETTER_NUMBER_RE.fullmatch(name) or _WORD_NUMBER_RE.fullmatch(name)
            rule = "dataset-list" if shaped else _title_word_rule(name) if _title_word(name) and \
                not _NAME_GOES_ON_RE.match(text, item.end()) else ""  # not the "Empathetic" of "Empathetic Dialogues"
            if not rule or _modifier(name):
                break
            if _NOT_A_LIST_NAME_RE.match(text, item.end()):
                break  # "EAO of 0.555": a score; "NTU 60": a name that goes on (the dataset rules' to read)
            found.append(Candidate(item.start(), item.end(), "Dataset", name, "used", 0.6, rule))
            end = item.end()
    return found


def methods_beside(text: str, methods: Iterable[tuple[int, int]]) -> list[Candidate]:
    """Coined names in a list after a method the lists hold: in "lets Llama-2, MPT, Falcon and Pythia run"
    MPT is a model too. Only names shaped as names (not "Falcon": an everyday word is the lists' to know).

    >>> text = "It runs Llama-2, MPT, Falcon and the rest."
    >>> [c.name for c in methods_beside(text, [(8, 15)])]
    ['MPT']
    """
    found = []
    for _, end in methods:
        if not text.startswith(",", end):
            continue  # a list opens with a comma: not "Molmo and PixMo", which may name anything
        for _ in range(6):
            sep = _LIST_SEP_RE.match(text, end)
            item = _SHAPE_ITEM_RE.match(text, sep.end()) if sep else None
            if item is None:
                break
            name = item.group("name")
            if is_name_shaped(name) and not _modifier(name) and not _NOT_A_LIST_NAME_RE.match(text, item.end()):
                found.append(Candidate(item.start(), item.end(), "Method", name, "used", 0.5, "method-list"))
            elif not _title_word(name):
                break  # the list ends; a word in title case ("Falcon") may be listed, and the list goes on after it
            end = item.end()
    return found


_DATA_BEFORE_LIST = _DATASET_HEADS | {"resources"}
_ENUMERATING_CUES = ("such as", "including", "e.g.", "namely", "in particular", "among them")


def _enumerates_data(text: str, cue_start: int) -> bool:
    """Does an enumerating cue ("namely", "such as") list the datasets its clause last named ("benchmarks that
    span energy, traffic and weather, namely X, Y and Z"), rather than methods?"""
    if not text[cue_start : cue_start + 13].lower().startswith(_ENUMERATING_CUES):
        return False
    clause = text[max(_sentence_bounds(text, cue_start)[0], cue_start - 120) : cue_start].casefold()
    heads = [w for w in (w.strip(",;:") for w in clause.split()) if w in _DATASET_HEADS or w in _METHOD_NOUNS]
    return bool(heads) and heads[-1] in _DATASET_HEADS


def used_names(text: str) -> list[Candidate]:
    """Coined names the text uses as methods (lists after "such as", "outperforms", ...).

    Only words shaped like names (UniFormer, VQ-Diffusion, OV2Seg) count, and
    not when a dataset word follows the list: those are the dataset rules' job.
    """
    found = []
    for cue_start, cue_end in _use_cues(text):
        before = text[max(0, cue_start - 25) : cue_start].casefold().split()
        if any(w.strip(",;:") in _DATA_BEFORE_LIST for w in before[-2:]) or _enumerates_data(text, cue_start):
            continue  # "benchmarks, such as X and Y", "earlier resources such as X": datasets
        if text.startswith(("include", "Include"), cue_start) and not _after_method_plural(before):
            continue  # "the baselines include X" lists methods; "six datasets ... which include X" does not
        names, pos = _name_list(text, cue_end, plain_ok=_after_method_plural(before))
        tail = text[pos : pos + 30].casefold().split()
        if tail and tail[0].strip(",.;") in _DATASET_HEADS:
            continue
        for start, name in names:
            if not _modifier(name):  # "two methods, CAM-based and feature-split": how, not which
                found.append(Candidate(start, start + len(name), "Method", name, "used", 0.55, "used-name"))
    at = text.find("-based")
    while at != -1:
        match = _NAME_BEFORE_RE.search(text, max(0, at - 40), at)
        if match and is_name_shaped(match.group("name")):
            found.append(Candidate(match.start("name"), at, "Method", match.group("name"), "used", 0.55, "used-name"))
        at = text.find("-based", at + 6)
    return found


_CAP_WORD = r"(?:[A-Z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*|[a-z]+[A-Z][A-Za-z0-9\-]*|[a-z]+\d+[a-z0-9]*|\d+[A-Za-z][A-Za-z0-9\-]*)"
_DATASET_HEAD_WORDS = tuple(
    form for word in ("dataset", "benchmark", "database", "challenge", "suite", "leaderboard", "test set", "data set",
                      "archive", "treebank", "simulator") for form in (word, word + "s")) + ("corpus", "corpora")
_NAME_BEFORE_HEAD_RE = re.compile(rf"(?P<name>{_CAP_WORD}(?:[ \-]{_CAP_WORD}){{0,3}}(?:[ \-]v?\d+(?:\.\d+)?)?)\s+$")
# An evaluation list: "experiments on X, Y and Z", "results across X and Y". Found from the
# preposition (str.find), then an evaluation word is looked for among the words before it.
_LIST_PREPOSITIONS = (" on ", " over ", " across ", " using ", " including ", " such as ", " like ")
_EVAL_BEFORE_RE = re.compile(
    r"\b(?:[Ee]xperiments?|[Rr]esults?|evaluat\w+|tested|trained|pre-?trained|fine-?tuned|benchmarks?|datasets?|"
    r"performance|accuracy|improvements?|outperforms?)\b[\w\s,-]{0,45}$"  # "Results on X, Y" opens a sentence too, but
)  # "Trained on X, Y beats ...": after an opening participle, the comma ends the list
_LIST_START_RE = re.compile(r"(?:the\s+)?(?:challenging\s+|popular\s+|public\s+|standard\s+|large-scale\s+)?")


# A list's head word types it: "methods such as X" lists methods, "three datasets, X, Y and Z" datasets.
_HEAD_BEFORE_RE = re.compile(r"(?P<head>[A-Za-z]+)[,:]?\s*$")
_DATASET_LIST_HEADS = ("datasets", "benchmarks", "corpora", "data sets", "test sets", "databases", "collections")
_LIST_OPENER_RE = re.compile(  # "three datasets: X, Y", "the datasets X, Y and Z", "datasets we build ourselves, X"
    # "datasets like X, Y", "six datasets, including X and Y"
    rf"\s*,?\s*(?:like|such as|including|namely|e\.g\.,?)\s+(?=[A-Z0-9])|\s*[,:]\s*|\s+(?=[A-Z0-9])|\s+{_WE_MADE}\s*[,:]\s*")


# Each evaluation word's start, for a cheap look before the pattern runs.
_EVAL_STEMS = ("xperiment", "esult", "evaluat", "tested", "trained", "fine-tuned", "finetuned", "benchmark", "dataset",
               "performance", "accuracy", "improvement", "outperform")  # "xperiment", "esult": capitalised too


def _eval_word_before(text: str, at: int) -> bool:
    """Is there an evaluation word a few words before ``at`` ("experiments on", "results across")?"""
    window = text[max(0, at - 60):at]
    return any(stem in window for stem in _EVAL_STEMS) and _EVAL_BEFORE_RE.search(text, max(0, at - 60), at) is not None


def _head_before(text: str, at: int) -> str:
    """The word just before ``at``, lower case ("" if none)."""
    found = _HEAD_BEFORE_RE.search(text, max(0, at - 30), at)
    return found.group("head").casefold() if found else ""


def _eval_list_starts(text: str) -> list[tuple[int, bool]]:
    """Where each evaluation list begins, and whether a dataset word opens it ("six datasets, including X"), which
    says data more firmly than "on X"; not where a method word heads it ("methods such as X")."""
    starts = [(m.end(), m.group().strip(" ,:") != "") for at, word in find_words(text, _DATASET_LIST_HEADS)
              if (m := _LIST_OPENER_RE.match(text, at + len(word)))]  # firm after "like", "including", ...: not "benchmarks, X"
    for preposition in _LIST_PREPOSITIONS:
        at = text.find(preposition)
        while at != -1:
            if _eval_word_before(text, at) and _head_before(text, at + 1) not in _METHOD_NOUNS:
                starts.append((_LIST_START_RE.match(text, at + len(preposition)).end(), False))
            at = text.find(preposition, at + 1)
    return sorted(starts)
_LIST_ITEM_RE = re.compile(rf"(?P<name>{_CAP_WORD}(?:[ \-]{_CAP_WORD}){{0,2}}(?:[ \-]v?\d+(?:\.\d+)?[A-Za-z]?)?)")


# "the German-English Verbmobil task": the language pair is not part of the name.
_LANGUAGE_PAIR_RE = re.compile(r"(?:(?:[A-Z][a-z]+-English|English-[A-Z][a-z]+)\s+)?")
_PART_OF_RE = re.compile(r"\s+(?:portion|section|part|subset|split)\s+of\b")
_LETTER_NUMBER_RE = re.compile(r"[A-Z]\d{1,3}")
_WORD_NUMBER_RE = re.compile(r"[A-Z][a-z]+-\d{2,5}")


def _dataset_name_ok(name: str) -> bool:
    words = name.split()
    if not words or words[0] in _STOP_NAMES or is_generic(name):
        return False
    if _LETTER_NUMBER_RE.fullmatch(name) or _WORD_NUMBER_RE.fullmatch(name):
        return True  # "M4", "Q7", "University-1652": a word and a number, but a name in a list of datasets
    return any(is_name_shaped(w) for w in re.split(r"[ \-]", name)) or (len(words) >= 2 and all(w[0].isupper() for w in words))


# A dataset whose name holds its head word: "the ISIC Dermoscopic Archive", "NIST Special Database 3".
_TITLED_HEADS = ("Dataset", "Benchmark", "Corpus", "Database", "Challenge", "Archive", "Library", "Treebank", "Collection")
_TITLED_HEAD_RE = re.compile(r"[A-Z][a-z]+(?: \d{1,4}\b)?")
_TITLED_BEFORE_RE = re.compile(rf"(?P<name>{_CAP_WORD}(?: {_CAP_WORD}){{0,4}})\s+$")


def titled_datasets(text: str) -> list[Candidate]:
    """Datasets named in Title Case with their head word ("the Edinburgh Skin Library"), outside titles."""
    found = []
    title_end = text.find("\n")
    for at, _ in find_words(text, _TITLED_HEADS, title_end + 1 if title_end >= 0 else 0):
        head = _TITLED_HEAD_RE.match(text, at)
        before = _TITLED_BEFORE_RE.search(text, max(0, head.start() - 60), head.start())
        if not before:
            continue
        words = [w for w in before.group("name").split() if w not in _STOP_NAMES]
        if not words or starts_sentence(text, before.start()) and len(words) < 2:
            continue
        start = head.start() - len(" ".join(words)) - 1
        found.append(Candidate(start, head.end(), "Dataset", text[start : head.end()], "used", 0.65, "dataset-name"))
    return found


def dataset_cues(text: str) -> list[Candidate]:
    """Named datasets from "the X dataset", "X benchmark" and evaluation lists "on X, Y and Z"."""
    found = titled_datasets(text)
    for at, head in find_words(text, _DATASET_HEAD_WORDS):
        # Start the search at most five words back, so the pattern is not tried at every character.
        window_start = at
        for _ in range(6):
            previous = text.rfind(" ", 0, window_start - 1)
            if previous == -1 or at - previous > 100:
                break
            window_start = previous
        match = _NAME_BEFORE_HEAD_RE.search(text, max(0, window_start), at)
        if not match:
            found += _described_dataset(text, window_start, at, head)
            continue
        name = match.group("name")
        if head in _DATASET_PLURALS and len(name.split()) == 1 and name.isupper():
            continue  # "SLU datasets", "VQA benchmarks": a kind of data, not a name
        the_one = head in _SINGULAR_DATA_HEADS and text[max(0, match.start("name") - 4):match.start("name")] in ("the ", "The ")
        if _dataset_name_ok(name) or (the_one and head != "benchmark" and _named_in_the_text(text, match.start("name"), name)):
            # "the RT-1 dataset": the text says data, whatever the lists know the name as
            confidence = 0.8 if the_one and match.end("name") + 1 == at else 0.7
            found.append(Candidate(match.start("name"), match.end("name"), "Dataset", name, "used", confidence, "dataset-cue"))
            if head in _DATASET_PLURALS:
                found += _joined_before(text, match.start("name"))
    for pos, opened_by_data in _eval_list_starts(text):
        found += _evaluation_list(text, pos, 0.8 if opened_by_data else 0.6)
    return found + _scored_on(text) + _parts_of_data(text)


_PARTS_OF_DATA_WORDS = ("scenes", "captures", "recordings", "sequences", "subset", "split")
# "the synthetic scenes of D-NeRF", "real-world captures from HyperNeRF and Neu3D": what the scenes come from is data,
# whatever the lists know the name as (D-NeRF is a method too).
_PARTS_OF_DATA_RE = re.compile(
    rf"\b(?:scenes|captures|recordings|sequences|subsets?|splits?)\s+(?:of|from)\s+(?:the\s+)?(?P<name>{_CAP_WORD})"
    rf"(?:,?\s+(?:and|or)\s+(?:from\s+|of\s+)?(?:the\s+)?(?P<other>{_CAP_WORD}))?")


def _parts_of_data(text: str) -> list[Candidate]:
    found = []
    for match in cue_matches(_PARTS_OF_DATA_RE, text, text.lower(), _PARTS_OF_DATA_WORDS):
        for group in ("name", "other"):
            if match.group(group) and _dataset_name_ok(match.group(group)):
                found.append(Candidate(*match.span(group), "Dataset", match.group(group), "used", 0.8, "dataset-cue"))
    return found


def _joined_before(text: str, start: int) -> list[Candidate]:
    """The names joined to the one before a plural dataset word: "the Zorb7 and Quix9 datasets", "the A, B or C corpora"."""
    found = []
    for _ in range(4):
        joined = _JOINED_NAME_RE.search(text, max(0, start - 60), start)
        if joined is None or not _dataset_name_ok(joined.group("name")):
            break
        found.append(Candidate(joined.start("name"), joined.end("name"), "Dataset", joined.group("name"), "used", 0.7,
                               "dataset-cue"))
        start = joined.start("name")
    return found


_JOINED_NAME_RE = re.compile(rf"(?<![\w-])(?P<name>{_CAP_WORD})(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


# "on HumanEvalFix it reaches 87.7% pass@1", "On X and Y, our model scores 71.2": where a score is reached.
_SCORED_ON_RE = re.compile(
    rf"(?:the\s+)?(?P<name>{_CAP_WORD})(?:\s+(?:and|or)\s+(?P<other>{_CAP_WORD}))?,?\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:reach|achiev|obtain|scor|attain|gets?\b|improv)\w*\s+(?:[\w-]+\s+){0,3}?(?:by\s+)?\d")


_NAME_START_RE = re.compile(r"[A-Z0-9]|[a-z]{1,2}[A-Z0-9]")


def _scored_on(text: str) -> list[Candidate]:
    """Coined names after "on" that a score is reached on: datasets, though no dataset word or list says so."""
    found = []
    starts = [at + 1 for at in _find_all(text, " on ")]  # str.find: a scan for the word "on" stops inside "-tion"
    starts += [at for at in _find_all(text, "On ") if at == 0 or not text[at - 1].isalnum()]
    for at in starts:
        after = text[at + 3 : at + 8]
        if not (_NAME_START_RE.match(after) or (after.startswith("the ") and after[4:].isupper())):
            continue  # a name starts here, or after "the": cheaper to ask than the pattern
        match = _SCORED_ON_RE.match(text, at + 3)
        for group in ("name", "other") if match else ():
            name = match.group(group)
            if name and _dataset_name_ok(name) and is_name_shaped(name):
                found.append(Candidate(match.start(group), match.end(group), "Dataset", name, "used", 0.65, "dataset-cue"))
    return found


_SINGULAR_DATA_HEADS = frozenset({"dataset", "database", "corpus", "benchmark", "data set", "collection", "archive"})
_LANGUAGE_WORDS = frozenset("english chinese german french spanish japanese korean arabic russian italian portuguese dutch "
                            "hindi turkish vietnamese multilingual bilingual monolingual".split())


def _named_in_the_text(text: str, start: int, name: str) -> bool:
    """ "the Graz dataset", "the Adult database": one word in title case after "the" and before a dataset word (not
    "benchmark": "the Comb benchmark" is a forecasting method), in the abstract (not a Title Case title), and not a
    language or a kind of data ("the English corpus", "the Test set")."""
    return (_title_word(name) and name not in _STOP_NAMES and name.casefold() not in _NOT_KIND_WORDS | _LANGUAGE_WORDS
            and "\n" in text[:start])


def _evaluation_list(text: str, pos: int, confidence: float = 0.6) -> list[Candidate]:
    """The datasets of an evaluation list ("experiments on X, Y and Z"); a word in title case among names
    ("KDD CUP 99, ForestCover, Shuttle and Mammography") is one too, as a :data:`LISTED_SPELLING` candidate
    when it is an everyday word ("Shuttle": a dataset only if listed)."""
    found, plain = [], []
    while item := _LIST_ITEM_RE.match(text, _LANGUAGE_PAIR_RE.match(text, pos).end()):
        name = item.group("name")
        if _PART_OF_RE.match(text, item.end()):
            break  # "the Wall Street Journal portion of the Penn Treebank": a part of the next name
        if _dataset_name_ok(name) and (len(name.split()) == 1 or is_name_shaped(name.split()[0]) or len(name.split()) <= 3):
            found.append(Candidate(item.start(), item.end(), "Dataset", name, "used", confidence, "dataset-list"))
        elif _title_word(name) and len(name) > 2 and name not in _STOP_NAMES and not is_generic(name):
            plain.append(Candidate(item.start(), item.end(), "Dataset", name, "used", 0.6, _title_word_rule(name)))
        sep = _LIST_SEP_RE.match(text, _MORE_VERSIONS_RE.match(text, item.end()).end())  # past "/26" of "NTU Mutual 11/26"
        if not sep:
            break
        pos = sep.end()
    return found + plain if found else found


# "the TORCS racing simulator", "the SITS satellite image time series dataset": a proper name and up to four words
# of what the data is, before the head word.
_NAME_AND_KIND_RE = re.compile(r"\b(?:the|a|an)\s+(?P<name>[A-Za-z0-9][\w.+\-']*[\w+])(?P<kind>(?:\s+[a-z][a-z\-]+){1,4})\s+$")
_NOT_KIND_WORDS = _TASK_LAST | {"test", "testing", "validation", "training", "train", "evaluation", "new", "public", "standard",
                                "benchmark", "benchmarks", "dataset", "datasets", "large-scale", "popular", "challenging"}


def _described_dataset(text: str, start: int, at: int, head: str) -> list[Candidate]:
    """The name in "the TORCS racing simulator", "the MIT+CMU frontal face test set"; not in "the COCO detection
    benchmark" (a task word), nor before a plural head ("the ImageNet classification datasets")."""
    match = _NAME_AND_KIND_RE.search(text, max(0, start - 20), at)
    if not match or head.endswith("s") or any(w in _NOT_KIND_WORDS for w in match.group("kind").split()):
        return []
    if not _proper_name(text, match.start("name"), match.group("name")):
        return []
    return [Candidate(match.start("name"), match.end("name"), "Dataset", match.group("name"), "used", 0.65, "dataset-cue")]


# A proper name right before a method word: "the Griffin-Lim algorithm", "a PLDA classifier", "Croston's method".
_METHOD_WORDS = ("algorithm", "method", "model", "models", "system", "classifier", "toolkit", "framework", "architecture",
                 "descriptor", "descriptors", "kernel", "tagger", "parser", "recognizer", "recogniser", "optimizer",
                 "optimiser", "solver", "decoder", "encoder", "network", "agent")
_PROPER_BEFORE_RE = re.compile(r"(?P<name>[A-Za-z0-9][\w.+\-']*[\w+]|[A-Z])(?:'s)? $")


# A proper name, then a word or two that say what kind of thing it is, then the method word:
# "the Kaldi speech recognition toolkit", "with the DistBelief distributed framework".
_NAME_THEN_WORDS_RE = re.compile(r"\b(?:the|a|an)\s+(?P<name>[A-Za-z0-9][\w.+\-']*[\w+])\s+(?:[a-z][a-z\-]+\s+){1,2}$")


def _proper_name(text: str, start: int, name: str) -> bool:
    """Coined ("PLDA", "timeSVD++"), or capitalised mid-sentence and not an everyday word ("Griffin-Lim", "Croston")."""
    if is_generic(name) or name in _STOP_NAMES:
        return False
    if is_name_shaped(name):
        return True
    parts = name.split("-")
    if not all(len(p) > 2 and p[:1].isupper() and p[1:].islower() for p in parts) or starts_sentence(text, start):
        return False
    return len(parts) > 1 or not is_common_word(name)


def starts_sentence(text: str, start: int) -> bool:
    """Is ``text[start]`` the first word of a sentence or of the title?"""
    before = text[max(0, start - 3) : start].rstrip(" ")
    return not before or before.endswith((".", "!", "?", "\n", ":"))


def method_names(text: str) -> list[Candidate]:
    """Methods named by a proper name before a method word, where no list or cue has them.

    >>> [c.name for c in method_names("The waveform is rebuilt with the Griffin-Lim algorithm and a PLDA classifier.")]
    ['Griffin-Lim algorithm', 'PLDA']
    """
    found = []
    hits = find_words(text, _METHOD_AND_AFTER_WORDS)
    for at, word in hits:
        if word not in _METHOD_WORDS:
            continue
        head_end = at + len(word)
        word_start = max(text.rfind(" ", 0, at - 1), text.rfind("\n", 0, at - 1)) + 1  # the word before the head
        match = _PROPER_BEFORE_RE.match(text, word_start, at) if at - word_start > 1 and text[at - 1] == " " else None
        if match and not _proper_name(text, match.start("name"), match.group("name")):
            match = _NAME_THEN_WORDS_RE.search(text, max(0, word_start - 60), at)  # "the Kaldi speech recognition toolkit"
        if not match or _modifier(match.group("name")) or not _proper_name(text, match.start("name"), match.group("name")):
            continue
        start, end = match.start("name"), match.end("name")
        name = match.group("name")
        if (not is_name_shaped(name) and "-" in name) or name.endswith("'s"):
            end = head_end  # named with its word: "the Griffin-Lim algorithm", "Croston's method" (but "Okapi")
        confidence = 0.8 if _software_head(text, match.end("name"), at, word) else 0.55
        found.append(Candidate(start, end, "Method", text[start:end], "used", confidence, "method-word"))
    return found + _named_after_method_word(text, hits)


_SOFTWARE_HEADS = frozenset({"toolkit", "framework"})
_EVALUATION_WORDS = frozenset({"evaluation", "benchmark", "benchmarking", "test", "testing", "data"})


def _software_head(text: str, name_end: int, at: int, head: str) -> bool:
    """ "the MEAD summarization framework": software, whatever a list knows the name as (not "the X evaluation
    framework", data)."""
    return head in _SOFTWARE_HEADS and not _EVALUATION_WORDS & set(text[name_end:at].casefold().split())


# "the rule learner RIPPER", "the deformable part model LatSvm": a coined name right after "the ... <method word>".
_SINGULAR_METHOD_WORDS = ("learner", "model", "detector", "classifier", "algorithm", "tagger", "parser", "toolkit",
                          "optimizer", "system", "framework", "network")
_NAME_RIGHT_AFTER_RE = re.compile(rf" (?P<name>{_WORD})(?=[\s,.;:)])")
_THE_BEFORE_HEAD_RE = re.compile(r"(?:^|\s)[Tt]he\s+(?:[\w-]+\s+){0,3}$")


_METHOD_AND_AFTER_WORDS = tuple(sorted(set(_METHOD_WORDS) | set(_SINGULAR_METHOD_WORDS)))


def _named_after_method_word(text: str, hits: list[tuple[int, str]]) -> list[Candidate]:
    found = []
    for at, word in hits:
        if word not in _SINGULAR_METHOD_WORDS:
            continue
        match = _NAME_RIGHT_AFTER_RE.match(text, at + len(word))
        name = match.group("name") if match else ""
        if not (is_name_shaped(name) or _SHOUTED_RE.fullmatch(name)) or _modifier(name):
            continue
        if _THE_BEFORE_HEAD_RE.search(text, max(0, at - 60), at):
            found.append(Candidate(match.start("name"), match.end("name"), "Method", name, "used", 0.55, "method-word"))
    return found


_SINGULAR_DATASET_WORDS = ("dataset", "benchmark", "corpus")


def named_after_dataset_word(text: str) -> list[Candidate]:
    """A coined name right after "the ... dataset": "the synthetic dataset DSprites", "the benchmark ScienceQA".

    >>> [c.name for c in named_after_dataset_word("We use the synthetic dataset DSprites and the face dataset UTKFace.")]
    ['DSprites', 'UTKFace']
    """
    found = []
    for at, word in find_words(text, _SINGULAR_DATASET_WORDS):
        match = _NAME_RIGHT_AFTER_RE.match(text, at + len(word))
        name = match.group("name") if match else ""
        if is_name_shaped(name) and not _modifier(name) and _THE_BEFORE_HEAD_RE.search(text, max(0, at - 60), at):
            found.append(Candidate(match.start("name"), match.end("name"), "Dataset", name, "used", 0.55, "dataset-word"))
    return found


# "a combined model, SR-CNN, that ...", "an asymmetric model, Asymmetric-SVD, and ...", "a denoising autoencoder with
# the same likelihood, Mult-DAE, is ...": a name set off by commas right after "a/an ... <method word>".
_APPOSITION_HEADS = ("model", "system", "network", "variant", "autoencoder", "architecture", "framework", "method",
                     "algorithm", "toolkit", "detector", "classifier", "tagger", "parser", "recognizer", "learner",
                     "scheme", "approach", "technique", "strategy", "loss", "objective", "optimizer", "encoder", "decoder",
                     "module", "pipeline", "agent", "regularizer", "estimator", "mechanism")
_SET_OFF_AFTER_HEAD_RE = re.compile(
    rf"(?:\s+(?:with|of|for|on|in)\s+(?:[\w-]+\s+){{0,3}}?[\w-]+)?,\s+(?P<name>{_WORD}),\s")
_A_BEFORE_HEAD_RE = re.compile(r"(?:^|\s)[Aa]n?\s+(?:[\w-]+\s+){0,3}$")


def set_off_names(text: str) -> list[Candidate]:
    """Names set off by commas after "a/an ... <method word>": methods, their role left to the proposal windows.

    >>> [c.name for c in set_off_names("It yields a combined model, SR-CNN, that needs no labels.")]
    ['SR-CNN']
    """
    found = []
    for at, head in find_words(text, _APPOSITION_HEADS):
        match = _SET_OFF_AFTER_HEAD_RE.match(text, at + len(head))
        if match and is_name_shaped(match.group("name")) and _A_BEFORE_HEAD_RE.search(text, max(0, at - 50), at):
            found.append(Candidate(match.start("name"), match.end("name"), "Method", match.group("name"), "used", 0.6,
                                   "set-off-name"))
    return found


def appositive_names(text: str) -> list[Candidate]:
    """A name the next words describe: "MARSYAS, a free software framework for audio analysis", "Rprop, a batch
    learning method", "Gorbix, a corpus of ...": a method or dataset as the apposition says, its role left to the
    proposal windows. Names only: coined, or capitalised mid-sentence and not an everyday word ("Moreover, a").
    After "the", only a coined name and only data ("Gorbix, the collection of datasets behind it"): in a list of
    methods "naive Bayes, the sleeping-experts algorithm" are two.

    >>> [(c.name, c.type) for c in appositive_names("It is built in MARSYAS, a free software framework.")]
    [('MARSYAS', 'Method')]
    """
    found = []
    for at in sorted([*_find_all(text, ", a"), *_find_all(text, ", the ")]):
        name = _HYPHENED_NAME_BEFORE_RE.search(text, max(0, at - 40), at)
        if name is None or not _APPOSITIVE_LEAD_RE.match(text, at):
            continue
        start, end = name.span("name")
        word = name.group("name")
        if not (is_name_shaped(word) or _SHOUTED_RE.fullmatch(word) or (
                _proper_name(text, start, word) and not _CAPITALISED_BEFORE_RE.search(text, max(0, start - 30), start))):
            continue  # "Rprop, a ..." but not "Post-Training Quantization, a ...": the end of a longer name
        kind = cue_kind(text, start, end)
        if kind and (text[at + 2] == "a" or (kind == "Dataset" and is_name_shaped(word))):
            found.append(Candidate(start, end, kind, name.group("name"), "used", 0.6, "apposition"))
    return found


_APPOSITIVE_LEAD_RE = re.compile(r", (?:an?|the)\s")
_HYPHENED_NAME_BEFORE_RE = re.compile(r"(?<![\w.+&'-])(?P<name>[A-Za-z0-9][\w.+&'-]*[A-Za-z0-9+])$")  # "PixMo-Cap, a corpus"
_CAPITALISED_BEFORE_RE = re.compile(r"(?:[A-Z][\w-]*|\d[\w.]*)\s+$")  # "Post-Training Quantization", "Tülu 3 Eval"
# A name in capitals the dictionary may hold as a word ("MARSYAS"): five letters or more, so not "THE".
_SHOUTED_RE = re.compile(r"[A-Z]{5,}")


_FAMILY_RE = re.compile(
    r"(?P<base>[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*)(?P<sep>-| )(?P<first>[Vv]?\d+[A-Za-z]?)(?P<rest>(?:/[Vv]?\d+[A-Za-z]?)+)\b"
)


_FAMILY_HINT_RE = re.compile(r"/[Vv]?\d")


def version_families(text: str) -> list[Candidate]:
    """Versions written once ("Kinetics-400/600", "Something-Something V1/V2") as separate names.

    Types are left to the gazetteer: each candidate is typed "?" and carries
    its full name, for the resolver to look up.

    >>> [c.name for c in version_families("on Kinetics-400/600 and Something-Something V1/V2")]
    ['Kinetics-400', 'Kinetics-600', 'Something-Something V1', 'Something-Something V2']
    """
    found: list[Candidate] = []
    if _FAMILY_HINT_RE.search(text) is None:
        return found  # no "/600" or "/V2": a literal scan spares the pattern's try at every capital
    for match in _FAMILY_RE.finditer(text):
        base, sep = match.group("base"), match.group("sep")
        versions = [match.group("first"), *match.group("rest").strip("/").split("/")]
        for version in versions:
            found.append(Candidate(match.start(), match.end(), "?", f"{base}{sep}{version}", "used", 0.8, "version-family"))
    return found

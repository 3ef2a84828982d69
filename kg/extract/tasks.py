"""The tasks a paper addresses: chosen together from listed and rule-found task phrases.

A paper addresses a few tasks ("image retrieval", "speech recognition"), and
names many more in passing; :func:`choose_tasks` keeps the ones the paper is
about.

Besides the listed tasks the gazetteer finds, task phrases are found by rule:
a task head noun ("recognition", "segmentation", "forecasting", ...) with the
modifiers before it ("pose-based gait recognition"), heads joined by "and"
sharing them ("disc localization and segmentation"); acronyms the text
defines, expanded ("click-through rate (CTR) prediction", "OOD detection"); a
task said with a verb or "of" ("Predicting Time Series", "detection of
diabetic retinopathy"); a bare head in the title's domain ("forecasting tasks"
in a time series paper); a metric or benchmark that belongs to one task ("word
error rate", "accuracy on ImageNet"); and what a title's task implies (its
setting, its medical family, its listed parent).

Each task is then scored by where and how it is mentioned (:data:`WEIGHTS`:
the title, the abstract's opening, "the task of X", a results sentence,
repeats) and the best few are kept, the specific before the general.

The title is read word by word; the abstract only around its head words, task
verbs and acronyms, found with one split, a set intersection and ``str.find``
(no regular-expression scans), so that choosing costs little next to
tokenization.
"""

from __future__ import annotations

import bisect
import json
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.extract.words import letter_runs, word_runs

__all__ = ["MAX_TASKS", "THRESHOLD", "WEIGHTS", "TaskMention", "choose_tasks", "prepare"]

MAX_TASKS = 4  # ANNOTATION.md: at most 4 tasks per paper


@dataclass(frozen=True)
class TaskMention:
    """A task phrase at ``text[start:end]``; ``key`` is its gazetteer id when listed."""

    start: int
    end: int
    name: str
    key: str | None
    rule: str
    confidence: float = 0.8


# ---------------------------------------------------------------------------------------------
# Word lists.

# Nouns that name a task with the words before them ("speaker verification", "3D registration").
_HEADS = (
    "recognition", "segmentation", "detection", "retrieval", "forecasting", "prediction", "translation",
    "generation", "estimation", "classification", "categorization", "identification", "re-identification",
    "verification", "linking", "extraction", "tracking", "synthesis", "separation", "parsing", "understanding",
    "answering", "captioning", "localization", "localisation", "registration", "completion", "recommendation",
    "reasoning", "clustering", "matching", "reconstruction", "editing", "summarization", "summarisation",
    "labeling", "labelling", "tagging", "spotting", "planning", "navigation", "grasping", "manipulation",
    "control", "compression", "restoration", "denoising", "deblurring", "dehazing", "super-resolution",
    "inpainting", "enhancement", "counting", "grounding", "dialog", "dialogue", "solving", "ranking",
    "re-ranking", "reranking", "odometry", "transcription", "diarization", "comprehension", "induction",
    "disambiguation", "anticipation", "interpolation", "imputation", "rejection", "robustness",
)
# Heads too broad to name a task unless a listed task ends the phrase ("metric learning", "sentiment analysis").
_WEAK_HEADS = (
    "learning", "analysis", "modeling", "modelling", "adaptation", "generalization", "generalisation",
    "pre-training", "pretraining", "embedding", "representation", "search", "filtering", "alignment",
    "discovery", "optimization", "inference", "resolution", "mapping",
)
_WEAK = frozenset(_WEAK_HEADS)
# Heads of learning settings: "transfer learning" is as often a paper's means as its task.
_SETTING_HEADS = frozenset({"learning", "modeling", "modelling", "adaptation", "generalization", "generalisation",
                            "pre-training", "pretraining", "optimization", "inference"})

# Words that end a task phrase's modifiers: function words, numbers, verbs, and praise or hedges
# about a method rather than the task ("Robust Outlier Rejection" addresses outlier rejection).
_STOP = frozenset("""
a an the of for in on at to with via by from and or as into over under using based towards toward than
upon through without within across between beyond like unlike versus vs per about against among
is are was were be been being has have had can could may might will would shall should do does did
which that this these those what where when while how whether because since whereas thus hence
also then further only even still yet very much well often usually typically mainly mostly namely
we it its our their his her they them us paper work study studies thesis note review
one two three four five six seven eight nine ten first second third fourth fifth sixth
new novel efficient effective robust accurate fast faster rapid simple generalized generalizable
generalisable improved better enhanced scalable practical unified universal joint existing previous
current conventional traditional standard typical various different several many most more other
state-of-the-art sota downstream challenging popular common general generic modern recent classical
classic end-to-end real-world real-life real-time lightweight dynamic reliable high-quality high-performance
strong powerful deep large small well-known automatic automated contrastive multi-level multi-scale learning
best good high higher highest low lower lowest slow single overall final whole full key main same
comparable satisfactory complex simultaneous famous public useful excellent near-perfect limited detailed
implicit explicit iterative suboptimal intermediate comprehensive theoretical manual international
present presents propose proposes introduce introduces achieve achieves improve improves show shows
perform performs use uses enable enables apply applies outperform outperforms require requires make makes
define defines learn learns maximize optimize evaluate examine call provide gives give demands boosts
approach approaches method methods model models framework system systems task tasks problem problems
example examples data
""".split())

# Compound adjectives that describe a method or a result, not the task ("camera-driven", "language-independent").
_METHOD_COMPOUNDS = ("-driven", "-level", "-independent", "-aware", "-guided", "-agnostic", "-specific", "-limited",
                     "-inspired", "-enhanced", "-scale", "-free", "-efficient", "-wise")

# Phrases with a task head that name no task of their own.
_GENERIC = frozenset({
    "visual recognition", "pattern recognition", "semantic understanding", "image understanding",
    "language understanding", "visual understanding", "feature extraction", "feature matching",
    "visual classification", "object classification", "data generation", "text generation",
})

# Setting words in a title's task phrase that name a learning setting the paper addresses too.
_SETTINGS = {
    "unsupervised domain adaptive": "unsupervised domain adaptation", "domain adaptive": "domain adaptation",
    "domain-adaptive": "domain adaptation", "continual": "continual learning", "incremental": "continual learning",
    "class-incremental": "class-incremental learning", "multi-task": "multi-task learning",
    "semi-supervised": "semi-supervised learning", "weakly supervised": "weakly supervised learning",
    "weakly-supervised": "weakly supervised learning", "federated": "federated learning",
    "long-tailed": "long-tailed recognition", "source-free": "source-free domain adaptation",
    "test-time": "test-time adaptation", "open-set": "open-set recognition",
}

# Organs, lesions and medical imaging words: segmenting or classifying them is medical image analysis.
_MEDICAL = frozenset("""
tumor tumour tumors lesion lesions liver brain pancreas pancreatic kidney renal prostate cardiac heart lung
pulmonary nodule polyp vessel retinal retina fundus skin breast nuclei nucleus organ multi-organ spine spinal
vertebra vertebral intervertebral bone knee abdominal colon gland glioma ophthalmic dermoscopic histopathology
histopathological pathology mri ct x-ray chest dental tooth thyroid gastric cervical melanoma biomedical
""".split())
_MEDICAL_PARENT = {"segmentation": "medical image segmentation", "classification": "medical image classification"}

# A verb and its object name a task in other words ("Predicting Time Series" is time series prediction).
_VERB_HEADS = {
    "detect": "detection", "recognize": "recognition", "recognise": "recognition", "classify": "classification",
    "segment": "segmentation", "predict": "prediction", "forecast": "forecasting", "generate": "generation",
    "translate": "translation", "retrieve": "retrieval", "answer": "answering", "track": "tracking",
    "plan": "planning", "estimate": "estimation", "parse": "parsing", "summarize": "summarization",
    "localize": "localization", "reconstruct": "reconstruction", "synthesize": "synthesis",
    "separate": "separation", "label": "labeling", "recommend": "recommendation", "rank": "ranking",
}
# Metrics that belong to one task.
_METRICS = {"word error rate": "speech recognition", "WER": "speech recognition", "FID": "image generation",
            "Fréchet Inception Distance": "image generation", "Frechet Inception Distance": "image generation"}

# Words around a mention that say the paper works on the task.
_TASK_NOUNS = frozenset("task tasks problem problems challenge challenges benchmark benchmarks domain domains "
                        "field fields".split())
_CUE_VERBS = frozenset("for on address addresses addressing tackle tackles tackling solve solves solving target "
                       "targets targeting study studies studying".split())
_CUE_PAIRS = frozenset({("focus", "on"), ("focuses", "on"), ("focusing", "on"), ("applied", "to"),
                        ("results", "in"), ("performance", "in"), ("evaluated", "on")})
_TASK_LINKS = frozenset({"of", "in", "including", "like"})
_CUE_AFTER = frozenset("task tasks problem problems challenge challenges benchmark benchmarks experiment experiments "
                       "performance accuracy".split())
_WE_WORDS = (" we ", " our ", "this paper", "this work", "this study", "this thesis", "this note", "this review",
             " here ")
_RESULTS_WORDS = ("experiment", "evaluat", "benchmark", "outperform", "state-of-the-art", "state of the art",
                  "accuracy", "demonstrat", "surpass")
_WE_RE, _RESULTS_RE = (re.compile("|".join(map(re.escape, words))) for words in (_WE_WORDS, _RESULTS_WORDS))
# In a title, what comes after these words is the means, up to a "for" or a colon.
_MEANS_WORDS = frozenset("with via using through by combining leveraging exploiting unifying integrating".split())
_NAMED_RESOURCES = frozenset("Dataset Datasets Challenge Challenges Benchmark Benchmarks Conference Evaluation "
                             "Evaluations Corpus Competition Shared".split())
_OBJECT_END = frozenset("with in from for using via by on at and or to as is are that which".split())
_BARE_BEFORE = frozenset("the on in for and of to".split())
# Title words too broad to be a paper's domain: "image" does not make "denoising" image denoising.
_BROAD_DOMAINS = frozenset("image images visual vision text language semantic data object objects multi-modal "
                           "multimodal model models network networks neural deep".split())
_LIST_GAPS = frozenset(g + t for g in (",", "/", "and", "or", ", and", ", or") for t in ("", " the"))
_NOT_DOMAIN = _STOP | _BROAD_DOMAINS
_MINOR = frozenset({"of", "and", "the", "to", "for", "in", "on", "a", "an", "with", "by"})
_TRAIL = ".,;:?!)\"'"
_ACRONYM_RE = re.compile(r"[A-Z][A-Za-z0-9-]*[A-Z0-9]")
_CLASSIFY_FORMS = frozenset(w + t for w in ("classification", "accuracy") for t in ("", *_TRAIL))


def _head_forms() -> dict[str, str]:
    """Every spelling of a head word as ``str.split`` leaves it ("Segmentation", "tasks," ...) -> the head."""
    forms: dict[str, str] = {}
    for head in _HEADS + _WEAK_HEADS:
        for word in {head, head.capitalize(), head.title()}:
            for plural in ("", "s"):
                for trail in ("", *_TRAIL):
                    forms[word + plural + trail] = head
    return forms


_HEAD_FORMS = _head_forms()


def _verb_forms() -> dict[str, str]:
    """Every spelling of a task verb ("Predicting", "detects", "plan") -> its task head."""
    forms: dict[str, str] = {}
    for verb, head in _VERB_HEADS.items():
        stem = verb[:-1] if verb.endswith("e") else verb
        double = verb + verb[-1] if verb[-1] in "nl" else verb
        for word in (verb, verb + "s", verb + "es", stem + "ing", double + "ing"):
            forms[word] = forms[word.capitalize()] = head
    return forms


_VERB_FORMS = _verb_forms()
# In the abstract only the forms that are verbs there: "forecasting demand", "detects faces"; not
# "plan", "labels" or "segments", which are as often nouns.
_ABSTRACT_VERBS = frozenset(f for f in _VERB_FORMS if f.endswith("ing") or (
    f.endswith("s") and f.lower() not in {"segments", "labels", "tracks", "plans", "ranks", "answers", "forecasts",
                                          "estimates", "labeles", "trackes"}))
# The abstract's words the rules start from.
_TRIGGERS = frozenset(_HEAD_FORMS) | _ABSTRACT_VERBS | _CLASSIFY_FORMS
# Their first runs of letters ("Pre" of "Pre-training,"): every trigger starts with a letter.
_TRIGGER_RUNS = frozenset(word_runs(w)[0] for w in _TRIGGERS)
_NON_SPACE_RE = re.compile(r"\S*")
_ASCII_LETTERS = frozenset(string.ascii_letters)


# ---------------------------------------------------------------------------------------------
# The shipped list, read once.


@dataclass(frozen=True)
class _Lexicon:
    """Listed tasks by folded form, and what the rules look up in the other lists.

    ``modifiers`` are the words listed task names put before their head; ``by_head`` maps a head to
    the listed tasks it ends, by their folded modifiers ("forecasting" -> {"timeseries": ...});
    ``classification_sets`` are the one-word names of listed image classification benchmarks;
    ``parents`` maps a listed task's key to its parent's (key, name).
    """

    by_form: dict[str, tuple[str, str]]
    modifiers: frozenset[str]
    other_names: frozenset[str]
    by_head: dict[str, dict[str, tuple[str, str]]]
    by_modifier: dict[str, frozenset[str]]  # folded modifiers -> the heads listed tasks put after them
    classification_sets: frozenset[str]
    parents: dict[str, tuple[str, str]]


_NOT_ALNUM = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Letters and digits only, in lower case: "Re-Identification" and "reidentification" are one form.

    Cached: the same phrases are folded paper after paper."""
    return _NOT_ALNUM.sub("", text.casefold())


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Built once per process from the shipped lists (read lazily, not at import)."""
    from kg.extract.gazetteer import load_gazetteer

    by_form: dict[str, tuple[str, str]] = {}
    by_head: dict[str, dict[str, tuple[str, str]]] = {}
    modifiers: set[str] = set()
    other: set[str] = set()
    for entry in load_gazetteer().entries.values():
        if entry.type != "Task":
            other.update(_fold(f) for f in entry.forms)
            continue
        for form in (entry.name, *entry.forms):
            words = form.lower().split()
            by_form.setdefault(_fold(form), (entry.key, entry.name))
            by_head.setdefault(words[-1], {}).setdefault(_fold(" ".join(words[:-1])), (entry.key, entry.name))
            modifiers.update(p for w in words[:-1] for p in w.split("-"))
    by_modifier: dict[str, set[str]] = {}
    for head, tasks in by_head.items():
        for modifier in tasks:
            by_modifier.setdefault(modifier, set()).add(head)
    return _Lexicon(by_form, frozenset(modifiers), frozenset(other - set(by_form)), by_head,
                    {m: frozenset(h) for m, h in by_modifier.items()}, _classification_sets(), _parents(by_form))


def prepare() -> None:
    """Read the lists the chooser looks up now, when the pipeline is built, not at its first paper:
    forked workers then share them instead of each reading them again."""
    _lexicon()


def _records(prefix: str, attribute: str) -> dict[str, str]:
    """Form -> the value of one attribute, for the shipped list files whose names start with ``prefix``."""
    values: dict[str, str] = {}
    for item in (resources.files("kg") / "data" / "gazetteer").iterdir():
        if item.name.startswith(prefix) and item.name.endswith(".jsonl"):
            for line in item.read_text(encoding="utf-8").splitlines():
                record = json.loads(line) if line.strip() else {}
                if attribute in record:
                    values.update((form, record[attribute]) for form in [record["name"], *record.get("aliases", [])])
    return values


def _classification_sets() -> frozenset[str]:
    """One-word names of listed image classification benchmarks (ImageNet, CIFAR-10, SVHN, ...), as
    ``str.split`` may leave them ("ImageNet,", "(CIFAR-10)")."""
    names = [f for f, domain in _records("datasets", "domain").items() if domain == "classification" and " " not in f]
    return frozenset(lead + name + trail for name in names for lead in ("", "(") for trail in ("", *_TRAIL))


def _parents(by_form: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """A listed task's key -> its listed parent ("parent" in tasks.jsonl: speaker verification -> speaker recognition)."""
    parents: dict[str, tuple[str, str]] = {}
    for child, parent in _records("tasks", "parent").items():
        if _fold(child) in by_form and _fold(parent) in by_form:
            parents[by_form[_fold(child)][0]] = by_form[_fold(parent)]
    return parents


def _listed(lexicon: _Lexicon, name: str) -> tuple[str, str] | None:
    """The listed task (key, name) a phrase names, its plural aside."""
    folded = _fold(name)
    return lexicon.by_form.get(folded) or lexicon.by_form.get(folded.removesuffix("s"))


# ---------------------------------------------------------------------------------------------
# One paper's words, read around the places that matter rather than all at once.


def _core(token: str) -> str:
    """The word without the punctuation ``str.split`` leaves on it ("(CTR)," -> "CTR")."""
    return token.strip(_TRAIL + "(\"'")


@lru_cache(maxsize=65536)
def _plain(token: str) -> bool:
    """A bare word: letters, digits and inner hyphens or apostrophes, no punctuation around it."""
    return token.replace("-", "").replace("'", "").isalnum() and token[0] != "-" and token[-1] != "-"


_Word = tuple[int, str]  # where a word starts, and the word as ``str.split`` leaves it


@dataclass
class _Doc:
    """One paper's text, with the title's words and the acronyms it defines.

    Words elsewhere are read on demand, a few around a position (:meth:`before`, :meth:`after`):
    splitting and indexing every word of every abstract would cost more than the choice itself.
    """

    text: str
    title_end: int
    lexicon: _Lexicon
    lower: str = ""
    title: list[_Word] = field(default_factory=list)
    abstract: list[_Word] = field(default_factory=list)  # the abstract's heads, task verbs, "classification", "accuracy"
    _acronyms: dict[str, tuple[int, str]] | None = None

    @classmethod
    def read(cls, text: str, title_end: int, lexicon: _Lexicon) -> _Doc:
        """The paper's title words and the abstract's trigger words, with their offsets."""
        doc = cls(text, title_end, lexicon, text.lower())
        doc.title = doc.after(0, 64)
        doc.abstract = _triggers(doc)
        return doc

    @property
    def acronyms(self) -> dict[str, tuple[int, str]]:
        """ACR -> (start of its long form, the long form), read from the text when first asked for."""
        if self._acronyms is None:
            self._acronyms = _acronyms(self)
        return self._acronyms

    def before(self, pos: int, n: int) -> tuple[list[str], bool]:
        """Up to ``n`` words that end before ``pos``, in text order, and whether they start the part."""
        lo = 0 if pos <= self.title_end else self.title_end + 1
        start = max(lo, pos - 16 * n - 24)
        chunk = self.text[start:pos].split()
        if start > lo and not self.text[start - 1].isspace() and not self.text[start].isspace():
            chunk = chunk[1:]  # cut in the middle of a word
        return chunk[-n:], start == lo and len(chunk) <= n

    def locate(self, phrase: str, pos: int) -> int:
        """Where ``phrase``, which ends just before ``pos`` (some words between at most), starts."""
        lo = 0 if pos <= self.title_end else self.title_end + 1
        at = self.text.rfind(phrase, lo, pos)
        return at if at >= 0 else self.text.rfind(phrase.split()[0], lo, pos)

    def after(self, pos: int, n: int) -> list[_Word]:
        """Up to ``n`` words that start at or after ``pos``, within its part."""
        hi = self.title_end if pos <= self.title_end else len(self.text)
        end = min(hi, pos + 16 * n + 24)
        chunk = self.text[pos:end].split()
        if end < hi and not self.text[end].isspace() and not self.text[end - 1].isspace():
            chunk = chunk[:-1]  # cut in the middle of a word
        out, at = [], pos
        for word in chunk[:n]:
            at = self.text.find(word, at)
            out.append((at, word))
            at += len(word)
        return out

    def prev_word(self, pos: int) -> _Word | None:
        """The word that ends before ``pos`` (a space between), within its part."""
        lo = 0 if pos <= self.title_end else self.title_end + 1
        end = pos - 1 if pos > lo and self.text[pos - 1].isspace() else pos
        if end <= lo:
            return None
        start = max(self.text.rfind(" ", lo, end) + 1, lo)
        return (start, self.text[start:end]) if start < end else None

    def next_word(self, pos: int) -> _Word | None:
        """The word that starts at or just after ``pos`` (a space between), within its part."""
        hi = self.title_end if pos <= self.title_end else len(self.text)
        start = pos + 1 if pos < hi and self.text[pos].isspace() else pos
        if start >= hi:
            return None
        end = self.text.find(" ", start, hi)
        end = hi if end < 0 else end
        return (start, self.text[start:end]) if start < end else None

    def find_words(self, word: str, lowered: bool = False) -> Iterator[int]:
        """Where ``word`` occurs in the abstract as a whole word (its punctuation aside)."""
        text = self.lower if lowered else self.text
        at = text.find(word, self.title_end)
        while at >= 0:
            end = at + len(word)
            before, after = text[at - 1], text[end:end + 1]
            if not (before.isalnum() or before == "-" or after.isalnum() or after == "-"):
                yield at
            at = text.find(word, end)


def _triggers(doc: _Doc) -> list[_Word]:
    """The abstract's words the rules start from, with their offsets.

    Which ones by the text's runs of letters (a set the rules have built already, see
    :func:`kg.extract.words.letter_runs`), where by ``str.find``: a trigger's first run of
    letters, then the whole word from there to the next white space.
    """
    text, found = doc.text, []
    start = doc.title_end + 1
    for run in letter_runs(text).intersection(_TRIGGER_RUNS):
        first = run.decode()
        at = text.find(first, start)
        while at >= 0:
            end = _NON_SPACE_RE.match(text, at).end()
            word = text[at:end]
            if (text[at - 1].isspace() and text[end:end + 1] in ("", " ", "\n") and word in _TRIGGERS
                    and word[len(first):len(first) + 1] not in _ASCII_LETTERS):  # this run is the word's first
                found.append((at, word))
            at = text.find(first, end)
    found.sort()
    return found


def _end(word: _Word) -> int:
    """Where a word ends, its trailing punctuation left out."""
    return word[0] + len(word[1].rstrip(_TRAIL))


@lru_cache(maxsize=16384)
def _initials(word: str) -> tuple[str, str]:
    """The initials of a word's hyphenated parts, with and without minor words ("out-of-distribution": ood, od)."""
    parts = [p for p in word.lower().replace("/", "-").split("-") if p]
    return "".join(p[0] for p in parts), "".join(p[0] for p in parts if p not in _MINOR)


def _long_form(words: list[str], acronym: str) -> list[str] | None:
    """The fewest last words whose initials spell the acronym (minor words may be skipped).

    The task head may be left out of the letters: "text-to-audio synthesis (TTA)".
    """
    letters = "".join(c for c in acronym.lower() if "a" <= c <= "z")
    headed = bool(words) and words[-1] in _HEAD_FORMS
    head = _initials(words[-1]) if headed else ("", "")
    spelled, major = "", ""
    for k in range(1, min(len(words), len(letters) + 3) + 1):
        first, first_major = _initials(words[-k])
        spelled, major = first + spelled, first_major + major
        if letters in (spelled, major):
            return words[-k:]
        if headed and k > 1 and letters in (spelled[:len(spelled) - len(head[0])], major[:len(major) - len(head[1])]):
            return words[-k:]
    return None


def _acronyms(doc: _Doc) -> dict[str, tuple[int, str]]:
    """Acronym -> (start of its long form, the long form) for each "long form (ACR)" in the text."""
    found: dict[str, tuple[int, str]] = {}
    text, lower = doc.text, doc.lower
    at = text.find(" (")
    while at >= 0:
        close = text.find(")", at, at + 14)
        acronym = text[at + 2:close].removesuffix("s") if close > 0 else ""
        # a cheap look first: some word before starts with the acronym's first letter
        initials = {w[:1] for w in lower[max(0, at - 90):at].split()[-8:]}
        if acronym[:1].isupper() and acronym[0].lower() in initials and _ACRONYM_RE.fullmatch(acronym):
            long_words = _long_form(_plain_run(doc.before(at + 1, 8)[0]), acronym)
            if long_words and acronym not in found:
                long_form = " ".join(long_words)
                found[acronym] = (doc.locate(long_form, at + 1), long_form)
        at = text.find(" (", at + 2)
    return found


def _plain_run(words: list[str]) -> list[str]:
    """The last words of ``words`` that are plain, back to the first one with punctuation."""
    k = len(words)
    while k > 0 and _plain(words[k - 1]):
        k -= 1
    return words[k:]


# ---------------------------------------------------------------------------------------------
# Task phrases found by rule.


@lru_cache(maxsize=16384)
def _is_name(word: str) -> bool:
    """An acronym or a coined name ("ViT", "GNN-Coder", "LVLMs"), not a word in title case ("Long-Sequence", "3D")."""
    return any(any(c.isupper() for c in part[1:]) and not part[0].isdigit() for part in word.split("-") if part)


def _modifier_ok(doc: _Doc, word: str, weak: bool, title_case: bool) -> bool:
    """May this word modify a task head? Not a function word, a hedge, a verb form or a proper name."""
    lower = word.lower()
    if lower in _STOP or lower.isdigit():
        return False
    if _is_name(word):  # "CTR prediction" when CTR is defined; never "UniFormer"
        return not weak and word.removesuffix("s") in doc.acronyms
    if word[0].isupper() and not title_case:
        return False  # "COCO object detection": a name, not the task's
    if "-" not in lower and lower.endswith(("ing", "ed", "ly", "est")) and lower not in doc.lexicon.modifiers:
        return False  # "Boosting Semantic Code Retrieval", "significantly boosts retrieval"
    if lower.endswith(_METHOD_COMPOUNDS):
        return False  # "Camera-Driven", "Dermatologist-level", "Language-Independent": how, not what
    return not weak or all(p in doc.lexicon.modifiers for p in lower.split("-") if p)


def _modifiers(doc: _Doc, pos: int, weak: bool) -> tuple[int, list[str]]:
    """The modifiers of the head at ``pos`` and where they start; heads joined by "and" share them.

    In the abstract a lower-case head takes lower-case modifiers only (a capitalised first word of a
    sentence aside); in the title, and for a head written in title case, any case goes.
    """
    title_case = pos < doc.title_end or doc.text[pos].isupper()
    words, from_start = doc.before(pos, 8)
    if len(words) > 1 and words[-1] in ("and", "or") and words[-2] in _HEAD_FORMS and _plain(words[-2]):
        words = words[:-2]  # "localization and segmentation": both heads take the modifiers before them
    found: list[str] = []
    for j in range(len(words) - 1, max(-1, len(words) - 6), -1):
        at_start = (j == 0 and from_start) or (j > 0 and words[j - 1][-1] in ".!?")  # "Audio event recognition"
        if not _plain(words[j]) or not _modifier_ok(doc, words[j], weak, title_case or at_start):
            break
        found.insert(0, words[j])
        if at_start:
            break
    return (doc.locate(" ".join(found), pos) if found else pos), found


def _phrase_name(doc: _Doc, words: list[str], head: str) -> str:
    """A phrase's name: its words in lower case, acronyms the text defines spelled out ("CTR" -> click-through rate)."""
    expanded = [doc.acronyms[w.removesuffix("s")][1] if _is_name(w) and w.removesuffix("s") in doc.acronyms else w
                for w in words]
    return " ".join([*expanded, head]).lower()


def _head_phrase(doc: _Doc, head: _Word) -> Iterator[TaskMention]:
    """The task phrase a head word ends, named in lower case and keyed to the list when it knows it.

    Coordinated phrases share one span, so each task keeps its mention: "disc localization and
    segmentation" is a mention of both disc localization and disc segmentation, "speech and
    handwriting recognition" of both speech and handwriting recognition.
    """
    name = _HEAD_FORMS[head[1]]
    weak = name in _WEAK
    start, found = _long_or_modifiers(doc, head[0], weak)
    nxt = _next_words(doc, head[0] + len(head[1]), 2)
    joined = _plain(head[1]) and len(nxt) == 2 and nxt[0][1] in ("and", "or") and nxt[1][1] in _HEAD_FORMS
    end = _end(nxt[1]) if joined else _end(head)
    other = _coordinate(doc, start, weak, name)
    if other is not None:
        start = other.start
        yield TaskMention(start, end, other.name, other.key, other.rule, other.confidence)
    mention = _as_task(doc, start, end, _phrase_name(doc, found, name), weak)
    if mention is not None:
        yield mention


def _long_or_modifiers(doc: _Doc, pos: int, weak: bool) -> tuple[int, list[str]]:
    """ "click-through rate (CTR) prediction": the acronym's long form; else the head's modifiers."""
    before = doc.prev_word(pos)
    if before and before[1][0] == "(" and before[1][-1] == ")":
        defined = doc.acronyms.get(_core(before[1]).removesuffix("s"))
        if defined:
            return defined[0], defined[1].split()
    return _modifiers(doc, pos, weak)


def _coordinate(doc: _Doc, start: int, weak: bool, head: str) -> TaskMention | None:
    """ "speech and handwriting recognition": the listed task the modifiers before "and" make with the head."""
    before = doc.prev_word(start)
    if not before or before[1] not in ("and", "or"):
        return None
    other_start, found = _modifiers(doc, before[0], weak)
    listed = _listed(doc.lexicon, _phrase_name(doc, found, head)) if found else None
    return TaskMention(other_start, start, listed[1], listed[0], "task-phrase", 0.7) if listed else None


def _as_task(doc: _Doc, start: int, end: int, name: str, weak: bool, rule: str = "task-phrase") -> TaskMention | None:
    """The phrase as a task mention: listed under its key, or new when specific enough to be a task."""
    lexicon = doc.lexicon
    listed = _listed(lexicon, name)
    if listed:
        return TaskMention(start, end, listed[1], listed[0], rule, 0.7)
    words = name.split()
    if len(words) < 2 or name in _GENERIC or _fold(name) in lexicon.other_names:
        return None  # "connectionist temporal classification" is a method's name
    if weak and not any(_listed(lexicon, " ".join(words[i:])) for i in range(1, len(words))):
        return None  # "camera-driven learning": only a listed task makes a broad head a task
    name = name[:-1] if name.endswith(("ions", "ings", "ents")) else name  # "word embeddings"
    return TaskMention(start, end, name, None, rule, 0.7)


def _title_phrases(doc: _Doc) -> Iterator[TaskMention]:
    """Every task phrase of the title: the title says what the paper is about."""
    for word in doc.title:
        if word[1] in _HEAD_FORMS:
            yield from _head_phrase(doc, word)


def _abstract_phrases(doc: _Doc) -> Iterator[TaskMention]:
    """The abstract's task phrases the list cannot find by itself: after an acronym's definition
    ("click-through rate (CTR) prediction") and with an acronym for a modifier ("OOD detection").
    Its other phrases are the list's to find, or the title's again (:func:`_title_repeats`)."""
    text = doc.text
    for at, word in doc.abstract:
        if word in _HEAD_FORMS and (text[at - 2:at - 1] == ")" or _is_name(text[text.rfind(" ", 0, at - 1) + 1:at - 1])):
            nxt = _following(doc, at + len(word))
            if not nxt or _core(nxt[0]) not in _NAMED_RESOURCES:  # not "the Stanford Question Answering Dataset"
                yield from _head_phrase(doc, (at, word))


def _following(doc: _Doc, pos: int) -> list[str]:
    """The two words after ``pos``, without their offsets (one slice, one split)."""
    return doc.text[pos:min(pos + 48, doc.title_end if pos <= doc.title_end else len(doc.text))].split()[:2]


def _next_words(doc: _Doc, pos: int, n: int) -> list[_Word]:
    """Up to ``n`` words from ``pos`` on, one ``str.find`` each."""
    out: list[_Word] = []
    word = doc.next_word(pos)
    while word and len(out) < n:
        out.append(word)
        word = doc.next_word(word[0] + len(word[1]))
    return out


def _title_repeats(doc: _Doc, title: list[TaskMention]) -> Iterator[TaskMention]:
    """The title's own task phrases again in the abstract ("Single-Stage Image Retrieval" ... "single-stage
    image retrieval")."""
    for m in title:
        for at in doc.find_words(doc.lower[m.start:m.end], lowered=True):
            yield TaskMention(at, at + m.end - m.start, m.name, m.key, m.rule, m.confidence)


def _singular(word: str) -> str:
    """ "Grasps" -> "Grasp", "properties" -> "property"; "Series", "Analysis" and "Class" stay."""
    lower = word.lower()
    if lower.endswith(("series", "ss", "us", "is")):
        return word
    return word[:-3] + "y" if lower.endswith("ies") else word.removesuffix("s")


def _object_task(doc: _Doc, start: int, words: list[_Word], head: str, rule: str) -> TaskMention | None:
    """The listed task an object and a head make: ("Time Series", prediction), ("Robust Grasps", planning).

    The object is the (up to three) words up to a preposition or punctuation; hedges in it are left out.
    """
    last = _object_end([w for _, w in words])
    found = [_core(w) for _, w in words[:last] if w.lower() not in _STOP]
    if not found:
        return None
    listed = _listed(doc.lexicon, " ".join([*found[:-1], _singular(found[-1]), head]))
    return TaskMention(start, _end(words[last - 1]), listed[1], listed[0], rule, 0.7) if listed else None


def _object_end(words: list[str]) -> int:
    """How many of ``words`` an object takes: up to three, ended by a preposition or punctuation (0: no object)."""
    last = 0
    while last < len(words) and last < 3 and _plain(words[last]) and words[last].lower() not in _OBJECT_END:
        last += 1
    if last < len(words) and last < 3 and words[last][0].isalnum() and not _plain(words[last]):
        return last + 1  # the object's last word, with its punctuation: "Data?"
    return last if last == len(words) or words[last].lower() in _OBJECT_END else 0


def _verb_phrases(doc: _Doc) -> Iterator[TaskMention]:
    """A task said with its verb: "Plan Robust Grasps" is grasp planning, "forecasting demand" demand forecasting."""
    verbs = [w for w in doc.title if w[1] in _VERB_FORMS] + [w for w in doc.abstract if w[1] in _ABSTRACT_VERBS]
    for at, word in verbs:
        mention = _object_task(doc, at, doc.after(at + len(word), 4), _VERB_FORMS[word], "task-verb")
        if mention is not None:
            yield mention


def _of_phrases(doc: _Doc) -> Iterator[TaskMention]:
    """A task said with "of": "detection of diabetic retinopathy" is diabetic retinopathy detection."""
    for at, word in doc.title + doc.abstract:
        if word in _HEAD_FORMS and doc.text.startswith(" of ", at + len(word)):
            after = doc.after(at + len(word) + 4, 6)
            after = after[1:] if after and after[0][1] in ("the", "a", "an") else after
            mention = _object_task(doc, at, after, _HEAD_FORMS[word], "task-phrase")
            if mention is not None:
                yield mention


def _implied(doc: _Doc, mention: TaskMention) -> Iterator[TaskMention]:
    """Tasks a title's task phrase implies: its setting ("domain adaptive" X) and its medical family."""
    if mention.start >= doc.title_end:
        return
    phrase = " " + " ".join(_core(w) for w in doc.lower[mention.start:mention.end].split()) + " "
    for setting in sorted(_SETTINGS, key=len, reverse=True):  # the longest first: "unsupervised domain adaptive"
        if f" {setting} " in phrase:
            phrase = phrase.replace(f" {setting} ", " | ")
            listed = _listed(doc.lexicon, _SETTINGS[setting])
            if listed:
                yield TaskMention(mention.start, mention.end, listed[1], listed[0], "task-setting", 0.7)
    words = mention.name.lower().split()
    parent = _MEDICAL_PARENT.get(words[-1])
    if parent and _MEDICAL.intersection(words[:-1]):
        listed = _listed(doc.lexicon, parent)
        if listed:
            yield TaskMention(mention.start, mention.end, listed[1], listed[0], "task-medical", 0.7)


def _measured(doc: _Doc) -> Iterator[TaskMention]:
    """Tasks named by how they are measured: word error rate is speech recognition, FID image generation,
    and accuracy or classification on ImageNet or CIFAR-10 is image classification."""
    for metric, task in _METRICS.items():
        listed = _listed(doc.lexicon, task) if metric in doc.text else None
        for at in doc.find_words(metric) if listed else ():
            yield TaskMention(at, at + len(metric), listed[1], listed[0], "task-metric", 0.7)
    listed = _listed(doc.lexicon, "image classification")
    sets, text = doc.lexicon.classification_sets, doc.text
    for at, word in doc.abstract if listed else ():
        if word in _CLASSIFY_FORMS and not text[max(0, at - 6):at].lower().endswith("image "):
            if not sets.isdisjoint(text[max(doc.title_end, at - 60):at + 70].split()[1:-1]):
                yield TaskMention(at, at + len(word.rstrip(_TRAIL)), listed[1], listed[0], "task-metric", 0.7)


def _in_title_domain(doc: _Doc) -> Iterator[TaskMention]:
    """A bare head in the abstract takes the title's domain: in "Time Series Contrastive Learning",
    "forecasting tasks" are time series forecasting; in "... Video UniFormer", "recognition" is video recognition."""
    domains = _title_domains(doc)
    heads = {head for domain in domains for head in doc.lexicon.by_modifier.get(domain, ())} - _WEAK
    for at, word in doc.abstract if heads else ():
        head = _HEAD_FORMS.get(word)
        if head in heads and not doc.text.startswith(" of ", at + len(word)) and _is_bare(doc, at):
            tasks = doc.lexicon.by_head[head]
            end = at + len(word.rstrip(_TRAIL))
            for domain in domains & tasks.keys():
                yield TaskMention(at, end, tasks[domain][1], tasks[domain][0], "task-domain", 0.7)


def _is_bare(doc: _Doc, at: int) -> bool:
    """Has the head at ``at`` no modifier of its own ("on classification tasks", "the forecasting task")?"""
    before = doc.prev_word(at)
    return not before or before[1].lower() in _BARE_BEFORE or not _plain(before[1])


def _title_domains(doc: _Doc) -> set[str]:
    """The title's words and word pairs that could be a task's domain ("time series", "video"), folded."""
    title = [_core(w).lower() for _, w in doc.title]
    folded = [_fold(w) if w not in _NOT_DOMAIN else None for w in title]  # a pair folds to its words' folds joined
    domains = {f for f in folded if f is not None}
    domains.update(a + b for a, b in zip(folded, folded[1:]) if a is not None and b is not None)
    return {d for d in domains if d not in doc.lexicon.by_form}


def _rule_mentions(doc: _Doc) -> list[TaskMention]:
    """Every task phrase the rules find, and the tasks the title's phrases imply."""
    found = [*_title_phrases(doc), *_abstract_phrases(doc), *_verb_phrases(doc), *_of_phrases(doc),
             *_measured(doc), *_in_title_domain(doc)]
    found += _title_repeats(doc, [m for m in found if m.start < doc.title_end and m.key is None])
    return found + [m for f in found if f.start < doc.title_end for m in _implied(doc, f)]


# ---------------------------------------------------------------------------------------------
# Evidence and choice.


@dataclass
class _Task:
    """One candidate task, its mentions and the evidence that the paper addresses it."""

    key: str | None
    name: str
    mentions: list[TaskMention] = field(default_factory=list)
    score: float = 0.0

    @property
    def first(self) -> int:
        """Where the task is first mentioned: ties in score go to the earlier task."""
        return min(m.start for m in self.mentions)


# What each kind of evidence is worth; a task is kept when its mentions add up to THRESHOLD.
WEIGHTS = {
    "title": 1.5,  # named in the title (not as the means: "... with deep reinforcement learning")
    "title-part": -1.0,  # a broad task inside a longer title phrase, or after "with", "via", "using"
    "implied": 1.0,  # implied by a title's task ("domain adaptive" X: domain adaptation)
    "title-unlisted": -1.0,  # a title phrase the list does not know
    "mention": 0.5,  # any mention in the abstract
    "opening": 2.5,  # the abstract's first words ("Graph clustering discovers ...")
    "first-sentence": 1.0,
    "cue": 1.0,  # "the task of X", "X tasks", "for X", or listed beside such a task
    "we": 0.5,  # in a sentence about this paper ("we", "our", "this paper")
    "results": 1.0,  # in a sentence about experiments and results
    "measured": 1.5,  # named by its metric or benchmark ("word error rate", "accuracy on ImageNet")
    "unlisted": -3.0,  # a phrase the list does not know, in the abstract only (once per task)
    "broad": -0.5,  # an abstract mention of a broad listed task ("transfer learning", "language modeling")
}
THRESHOLD = 2.0
# A paper whose title names no task still addresses some: its best abstract tasks, on less evidence.
FALLBACK_THRESHOLD, FALLBACK_COUNT = 1.0, 1


class _Evidence:
    """How strongly each mention says the paper addresses a task, by where and how it is written.

    A broad task ("representation learning") inside a longer title phrase ("Camera-Driven
    Representation Learning") is not what the title is about, nor is a title's means ("Continuous
    control with deep reinforcement learning"); a specific task ("image retrieval" in "Single-Stage
    Image Retrieval") is.
    """

    def __init__(self, doc: _Doc, mentions: list[TaskMention]) -> None:
        self.doc = doc
        self.starts: list[int] = []  # where the abstract's sentences start, found when first needed
        self.sentences: dict[int, tuple[bool, bool]] = {}
        self.cache: dict[TaskMention, list[str]] = {}
        self.means = _means(doc) if any(m.start < doc.title_end for m in mentions) else []
        self.title_spans = [(m.start, m.end) for m in mentions if m.start < doc.title_end]
        self.cued = _cued(doc, [m for m in mentions if m.start > doc.title_end])

    def _title_part(self, mention: TaskMention) -> bool:
        """Is a title mention the title's means, or a broad task inside a longer title phrase?"""
        if any(s <= mention.start < e for s, e in self.means):
            return True
        broad = mention.name.split()[-1].lower() in _WEAK
        return broad and any(s <= mention.start and mention.end <= e and e - s > mention.end - mention.start
                             for s, e in self.title_spans)

    def _sentence(self, pos: int) -> tuple[int, int, tuple[bool, bool]]:
        """The number of the sentence at ``pos``, where it starts, and whether it is about us and about results."""
        if not self.starts:
            self.starts = _sentence_starts(self.doc)
        i = bisect.bisect_right(self.starts, pos) - 1
        if i not in self.sentences:
            end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.doc.text)
            sentence = " " + self.doc.text[self.starts[i]:end].lower() + " "
            self.sentences[i] = (_WE_RE.search(sentence) is not None, _RESULTS_RE.search(sentence) is not None)
        return i, self.starts[i], self.sentences[i]

    def features(self, mention: TaskMention) -> list[str]:
        """The kinds of evidence (keys of :data:`WEIGHTS`) one mention gives, computed once."""
        found = self.cache.get(mention)
        if found is None:
            found = self.cache[mention] = self._features(mention)
        return found

    def _features(self, mention: TaskMention) -> list[str]:
        """An abstract mention's evidence: where in the abstract, in what kind of sentence, with what cue."""
        if mention.start < self.doc.title_end:
            return self._title_features(mention)
        number, _, (about_us, results) = self._sentence(mention.start)
        found = ["mention"]
        if number == 0:
            found.append("opening" if mention.start <= self.doc.title_end + 12 else "first-sentence")
        found += [name for name, on in (("cue", (mention.start, mention.end) in self.cued), ("we", about_us),
                                        ("results", results), ("measured", mention.rule == "task-metric")) if on]
        if mention.key is not None and _is_broad(mention.name):
            found.append("broad")
        return found

    def _title_features(self, mention: TaskMention) -> list[str]:
        """A title mention's evidence: the title, less as its means or for a phrase the list does not know."""
        found = ["title-part" if self._title_part(mention) else "title"]
        if mention.rule in ("task-setting", "task-medical"):
            found.append("implied")
        elif mention.key is None:
            found.append("title-unlisted")
        return found

    def task_features(self, task: _Task) -> list[str]:
        """Evidence about the task as a whole: a phrase the list does not know, found in the abstract only."""
        unlisted = task.key is None and all(m.start > self.doc.title_end for m in task.mentions)
        return ["unlisted"] if unlisted else []

    def __call__(self, mention: TaskMention) -> float:
        """What one mention is worth."""
        return sum(WEIGHTS[f] for f in self.features(mention))


def _sentence_starts(doc: _Doc) -> list[int]:
    """Where the abstract's sentences start: after ". " and before a capital (not after "e.g. the")."""
    text = doc.text
    starts = [doc.title_end + 1]
    at = text.find(". ", doc.title_end)
    while at >= 0:
        if text[at + 2:at + 3].isupper() or text[at + 2:at + 3] in ("(", "\\"):
            starts.append(at + 2)
        at = text.find(". ", at + 2)
    return starts


def _means(doc: _Doc) -> list[tuple[int, int]]:
    """A title's means: from "with", "via", "combining" ... up to the next "for" or colon (or the title's end)."""
    words, zones = doc.title, []
    for i, (at, word) in enumerate(words):
        if word.lower() in _MEANS_WORDS and i + 1 < len(words):
            end = next((w[0] for k, w in enumerate(words[i + 1:], i + 1) if w[1] == "for" or words[k - 1][1].endswith(":")),
                       doc.title_end)
            zones.append((at, end))
    return zones


@lru_cache(maxsize=4096)
def _is_broad(name: str) -> bool:
    """A listed learning setting of two words ("transfer learning", "language modeling"): as often a means as a task."""
    words = name.lower().split()
    return len(words) <= 2 and words[-1] in _SETTING_HEADS


def _cue_words(doc: _Doc, start: int) -> list[str]:
    """The (lower-case) words before a mention, a modifier or two and a "the" left out: "tasks of (object) X"."""
    before = doc.lower[max(0 if start <= doc.title_end else doc.title_end + 1, start - 64):start].split()[-5:]
    for _ in range(2):
        if before and before[-1] not in _STOP and before[-1].islower() and _plain(before[-1]):
            before.pop()
    if before and before[-1] == "the":
        before.pop()
    return before


def _cue_before(doc: _Doc, start: int) -> bool:
    """ "for X", "address the X", "tasks such as X", "focus on X", "results in X"."""
    before = _cue_words(doc, start)
    if not before or not _plain(before[-1]):
        return False
    last, prev = before[-1], before[-2].split("-")[-1] if len(before) > 1 else ""  # "sub-field of X"
    if last == "as" and prev == "such":
        return len(before) > 2 and before[-3] in _TASK_NOUNS  # "tasks such as X"
    return last in _CUE_VERBS or (prev, last) in _CUE_PAIRS or (prev in _TASK_NOUNS and last in _TASK_LINKS)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans no other span holds, in order."""
    outer, reach = [], -1
    for start, end in sorted(spans, key=lambda se: (se[0], -se[1])):  # longest first at each start
        if end > reach:
            outer.append((start, end))
            reach = end
    return outer


def _cued(doc: _Doc, mentions: list[TaskMention]) -> set[tuple[int, int]]:
    """Mentions with a task cue, those listed beside them ("tasks such as A, B, and C") and those inside them."""
    spans = sorted({(m.start, m.end) for m in mentions})
    outer = _outermost(spans)
    cued = _listed_beside(doc, outer, {(s, e) for s, e in outer if _cue_before(doc, s) or _cue_after(doc, e)})
    return {a for a in spans for s, e in cued if s <= a[0] and a[1] <= e} if cued else cued


def _listed_beside(doc: _Doc, spans: list[tuple[int, int]], cued: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The cued spans and those a comma, "and" or "or" joins to them, either way along the list."""
    for order in (spans, spans[::-1]):
        for a, b in zip(order, order[1:]):
            first, second = sorted((a, b))
            if a in cued and doc.text[first[1]:second[0]].strip() in _LIST_GAPS:
                cued.add(b)
    return cued


def _cue_after(doc: _Doc, end: int) -> bool:
    """ "X tasks", "X (ACR) benchmark", "X experiments", "X accuracy"."""
    nxt = _following(doc, end)
    if nxt and nxt[0][0] == "(":
        nxt = nxt[1:]
    return bool(nxt) and _core(nxt[0]).lower() in _CUE_AFTER


def _group(mentions: Iterable[TaskMention]) -> dict[str, _Task]:
    """Mentions by task (its key, or its folded name when unlisted), each span once."""
    tasks: dict[str, _Task] = {}
    seen: set[tuple[int, int, str]] = set()
    for m in mentions:
        ident = m.key or "task:" + _fold(m.name)
        if (m.start, m.end, ident) in seen:
            continue
        seen.add((m.start, m.end, ident))
        tasks.setdefault(ident, _Task(m.key, m.name)).mentions.append(m)
    return tasks


def _broader(general: _Task, specific: _Task) -> bool:
    """Is ``general`` the same task said more broadly ("image retrieval" in "single-stage image retrieval")?"""
    g, s = general.name.lower(), specific.name.lower()
    return g != s and s.endswith(" " + g)


def _specific_first(tasks: list[_Task]) -> list[_Task]:
    """Each task after the more specific ones it generalises ("image retrieval" after "single-stage image retrieval")."""
    out: list[_Task] = []
    for task in tasks:
        at = next((i for i, t in enumerate(out) if _broader(t, task)), len(out))
        out.insert(at, task)
    return out


def _contradicted(doc: _Doc, mention: TaskMention) -> bool:
    """A listed acronym the text defines as something else ("text-to-audio (TTA)" is not test-time adaptation)."""
    surface = doc.text[mention.start:mention.end]
    if mention.key is None or not surface.isupper():
        return False  # only an acronym can be defined as something else
    defined = doc.acronyms.get(surface)
    if defined is None:
        return False
    listed = _listed(doc.lexicon, defined[1])
    long_form, name = _fold(defined[1]), _fold(mention.name)
    return (listed is None or listed[0] != mention.key) and long_form not in name and name not in long_form


def _scored(text: str, title_end: int, found: Iterable[TaskMention]) -> tuple[list[_Task], _Evidence]:
    """Every candidate task, listed or rule-found, with the evidence its mentions add up to."""
    doc = _Doc.read(text, title_end, _lexicon())
    mentions = [m for m in found if not _contradicted(doc, m)] + _rule_mentions(doc)
    evidence = _Evidence(doc, mentions)
    tasks = list(_group(mentions).values())
    for task in tasks:
        task.score = sum(evidence(m) for m in task.mentions) + sum(WEIGHTS[f] for f in evidence.task_features(task))
    return tasks, evidence


def _with_parents(doc: _Doc, tasks: list[_Task]) -> list[_Task]:
    """Each task followed by its listed parent ("speaker verification", "speaker recognition"), within the cap.

    The parent is claimed on the child's own spans too: "pedestrian detection" is a mention of object detection.
    """
    out = list(tasks[:MAX_TASKS])
    by_key = {t.key or t.name: t for t in out}
    for task in tasks[:MAX_TASKS]:
        parent = doc.lexicon.parents.get(task.key or "")
        if parent is None or (parent[0] not in by_key and len(out) >= MAX_TASKS):
            continue
        if parent[0] not in by_key:
            by_key[parent[0]] = _Task(parent[0], parent[1], [], task.score)
            out.insert(out.index(task) + 1, by_key[parent[0]])
        by_key[parent[0]].mentions += [TaskMention(m.start, m.end, parent[1], parent[0], "task-parent", m.confidence)
                                       for m in task.mentions]
    return out


def _widened(tasks: list[_Task]) -> list[TaskMention]:
    """Every chosen task's mentions; one inside another chosen task's mention takes that mention's span.

    "Semantic segmentation" in "Domain Adaptive Semantic Segmentation" is a mention of both tasks:
    on one span both are kept when overlapping mentions are settled.
    """
    spans = {(m.start, m.end) for t in tasks for m in t.mentions}
    out = []
    for task in tasks:
        for m in task.mentions:
            outer = max(((s, e) for s, e in spans if s <= m.start and m.end <= e), key=lambda se: se[1] - se[0])
            same = outer == (m.start, m.end)
            out.append(m if same else TaskMention(outer[0], outer[1], m.name, m.key, m.rule, m.confidence))
    return out


def choose_tasks(text: str, title_end: int, found: Iterable[TaskMention]) -> list[TaskMention]:
    """The mentions of the tasks the paper addresses (every mention of each chosen task)."""
    tasks, evidence = _scored(text, title_end, found)
    ranked = sorted(tasks, key=lambda t: (-t.score, t.first))
    kept = _with_sources([t for t in ranked if t.score >= THRESHOLD], ranked)
    if not any("title" in evidence.features(m) for t in kept for m in t.mentions):
        kept += [t for t in ranked if FALLBACK_THRESHOLD <= t.score < THRESHOLD][:FALLBACK_COUNT]
    return _widened(_specific_first(_with_parents(evidence.doc, kept)))


def _with_sources(kept: list[_Task], ranked: list[_Task]) -> list[_Task]:
    """A task kept for what a title phrase implies keeps that phrase's task too ("Classification of Skin
    Lesions" is medical image classification because it is skin lesion classification)."""
    implied = {(m.start, m.end) for t in kept for m in t.mentions if m.rule in ("task-setting", "task-medical")}
    sources = [t for t in ranked if t not in kept and any((m.start, m.end) in implied and m.rule not in
                                                          ("task-setting", "task-medical") for m in t.mentions)]
    return sorted(kept + sources, key=ranked.index)

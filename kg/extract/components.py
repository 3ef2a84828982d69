"""kg's spaCy components, registered with ``@Language.factory``.

Add them to any pipeline built on ``spacy.blank("en")``::

    nlp.add_pipe("kg_gazetteer"); nlp.add_pipe("kg_rules"); nlp.add_pipe("kg_resolver")

- ``kg_gazetteer``: the shipped lists, through two ``PhraseMatcher`` s (exact
  case for acronyms and everyday-word names, lower case for the rest);
  spans in ``doc.spans["kg_gazetteer"]`` with ``label_`` the type and
  ``kb_id_`` the entity id (and, for the resolver, the same hits as plain
  :class:`ListHit` tuples in ``doc.user_data``).
- ``kg_rules``: names no list holds (see :mod:`kg.extract.rules`); spans in
  ``doc.spans["kg_rules"]``.
- ``kg_resolver``: one decision per entity: drops generic terms, settles
  overlaps, gives roles and confidence; the result in ``doc.spans["kg"]``
  (every mention), ``doc.ents`` (non-overlapping) and
  ``doc.user_data["kg_entities"]`` (entity id -> type, name, role,
  confidence, aliases, rules).

A document's text is a paper's title, a newline, then its abstract; the
title-only rules look at the part before the first newline.
"""

from __future__ import annotations

import dataclasses
import re

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.extract import latex, rules
from kg.extract.checkpoints import checkpoint_family, checkpoint_names, sized_models
from kg.extract.gazetteer import CASE_INSENSITIVE, CASE_SENSITIVE, Gazetteer, GazetteerEntry, entity_key, load_gazetteer
from kg.extract.entities import FieldText
from kg.extract.repos import find_repositories, own_code_names, repository_entities
from kg.extract.rules import Candidate
from kg.extract.tasks import TaskMention, choose_tasks, prepare as prepare_tasks
from kg.extract.tokenizer import ORIGINAL_KEY, TEXT_KEY, doc_text_of
from kg.ingest.text import normalise_title

__all__ = ["RepositoryFinder", "CANDIDATES", "ENTITIES", "GAZETTEER_KEY", "LIST_HITS", "RESULT_KEY", "RULES_KEY", "EntityInfo", "GazetteerMatcher",
           "KgResolver", "KgRules", "ListHit"]

GAZETTEER_KEY = "kg_gazetteer"
RULES_KEY = "kg_rules"
RESULT_KEY = "kg"
ENTITIES = "kg_entities"
CANDIDATES = "kg_candidates"
WINDOWS = "kg_proposal_windows"
LIST_HITS = "kg_list_hits"


@Language.factory(
    "kg_gazetteer",
    assigns=["doc.spans"],
    default_config={"use_cache": True, "write_spans": True},
)
def make_gazetteer(nlp: Language, name: str, use_cache: bool, write_spans: bool) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, load_gazetteer(use_cache=use_cache), write_spans=write_spans)


class ListHit(NamedTuple):
    """One match of a listed form, in characters: what the resolver reads (a ``Span`` costs more to make and to read)."""

    start: int
    end: int
    key: str
    type: str
    source: str  # "gazetteer" (a listed form) or "variant" (a listed form spelled another way)


class GazetteerMatcher:
    """Match every listed surface form; one hit per match, overlaps kept for the resolver.

    The hits go to ``doc.user_data`` for the resolver, and as spans to ``doc.spans`` unless
    ``write_spans`` is off (bulk runs, whose docs are compacted right after).
    """

    def __init__(self, nlp: Language, gazetteer: Gazetteer, write_spans: bool = True) -> None:
        self.gazetteer = gazetteer
        self.write_spans = write_spans
        self.matchers = []
        for attr in (CASE_SENSITIVE, CASE_INSENSITIVE):
            matcher = PhraseMatcher(nlp.vocab, attr=attr)
            for key, token_lists in gazetteer.patterns[attr].items():
                matcher.add(key, [Doc(nlp.vocab, words=words) for words in token_lists])
            self.matchers.append(matcher)
        self.strings = nlp.vocab.strings
        self.variant_hits = _VariantHits(_variant_index(gazetteer))

    def __call__(self, doc: Doc) -> Doc:
        entries, strings = self.gazetteer.entries, self.strings
        hits = []
        for matcher in self.matchers:
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                last = doc[end - 1]
                hits.append(ListHit(doc[start].idx, last.idx + len(last), key, entries[key].type, "gazetteer"))
        matched = {(h.start, h.end) for h in hits}
        for start, end, key in self.variant_hits(doc_text_of(doc)):
            if (start, end) not in matched and doc.char_span(start, end) is not None:  # whole tokens only
                hits.append(ListHit(start, end, key, entries[key].type, "variant"))
        doc.user_data[LIST_HITS] = hits
        if self.write_spans:
            doc.spans[GAZETTEER_KEY] = [doc.char_span(h.start, h.end, label=h.type, kb_id=h.key, span_id=h.source)
                                        for h in hits]
        return doc


def _variant_index(gazetteer: Gazetteer) -> dict[str, str]:
    """Listed names folded to letters and digits ("dalle2" for DALL-E 2), where the folding names one entity.

    Only forms with a digit, a hyphen or an inner capital: folding "Mutual"
    would find everyday words.
    """
    index: dict[str, str] = {}
    clashes = set()
    for entry in gazetteer.entries.values():
        for form in entry.forms:
            folded = _alnum(form)
            if len(folded) < 4 or not _VARIANT_SHAPE_RE.search(form):
                continue
            if index.setdefault(folded, entry.key) != entry.key:
                clashes.add(folded)
    return {k: v for k, v in index.items() if k not in clashes}


# A word that may be a listed name spelled another way: it has a digit, a hyphen or an inner capital.
_VARIANT_SHAPE_RE = re.compile(r"\d|-|[a-z][A-Z]|·")
# A chunk with a digit or a hyphen ("DallE2", "Dall-E-2", "GPT3.5-Turbo"): possessive, so each is read once.
# Led by the white space before it, so ``re`` skips from space to space (the text is given one in front).
_VARIANT_CHUNK_RE = re.compile(r"\s(?P<chunk>[^\s\d-]*+[\d-]\S*)")


class _VariantHits:
    """Words with a digit or a hyphen that fold to a listed name ("DallE2", "Dall-E-2", "GPT3.5-Turbo").

    Other spellings differ from a listed form only in case, the PhraseMatcher's to find.
    Each distinct word is folded once (an abstract's "state-of-the-art" and "2023" come back
    every day); the memo is cleared when it holds ``max_entries`` words.
    """

    def __init__(self, variants: dict[str, str], max_entries: int = 100_000) -> None:
        self.variants = variants
        self.max_entries = max_entries
        self._seen: dict[str, tuple[int, int, str] | None] = {}

    def __call__(self, text: str) -> Iterator[tuple[int, int, str]]:
        seen = self._seen
        for match in _VARIANT_CHUNK_RE.finditer(" " + text):
            chunk = match.group("chunk")
            hit = seen[chunk] if chunk in seen else self._fold(chunk)
            if hit is not None:
                start = match.start("chunk") - 1 + hit[0]
                yield start, start + hit[1], hit[2]

    def _fold(self, chunk: str) -> tuple[int, int, str] | None:
        """(offset in the chunk, length, key) of the listed name the chunk's word folds to, if any."""
        word = chunk.strip("()[]{},;:\"'“”").rstrip(".-")
        key = self.variants.get(_alnum(word)) if len(word) > 3 else None
        hit = (chunk.find(word), len(word), key) if key is not None else None
        if len(self._seen) >= self.max_entries:
            self._seen.clear()
        self._seen[chunk] = hit
        return hit


@Language.factory("kg_rules", assigns=["doc.spans"], default_config={"write_spans": True})
def make_rules(nlp: Language, name: str, write_spans: bool) -> KgRules:
    return KgRules(write_spans=write_spans)


class KgRules:
    """Run the text rules (one reads the gazetteer's hits: coined names listed beside a listed dataset);
    candidates go to ``doc.user_data`` and their spans to ``doc.spans``."""

    def __init__(self, write_spans: bool = True) -> None:
        self.write_spans = write_spans  # off in bulk runs, whose docs are compacted right after

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text_of(doc)
        title_end = text.find("\n")
        title = text if title_end < 0 else text[:title_end]
        windows = rules.proposal_windows(text)
        families = rules.version_families(text)
        candidates = [
            *rules.title_prefix(title, text),
            *rules.title_network(title, text),
            *rules.abbreviations(text),
            *rules.acronym_first(text),
            *rules.proposals(text),
            *rules.dataset_cues(text),
            *families,
            *rules.used_names(text),
            *rules.method_names(text),
            *rules.named_after_dataset_word(text),
            *rules.set_off_names(text),
            *rules.appositive_names(text),
            *_beside_listed_datasets(text, doc.user_data.get(LIST_HITS, []), families),
            *_beside_listed_methods(text, doc.user_data.get(LIST_HITS, [])),
            *_checkpoints(text, doc.user_data.get(LIST_HITS, []), len(title)),
            *_named_parts(text, doc.user_data.get(LIST_HITS, []), len(title)),
        ]
        candidates = _outside_links(text, candidates)
        doc.user_data[CANDIDATES] = candidates
        doc.user_data[WINDOWS] = windows
        if not self.write_spans:
            return doc
        spans = []
        for c in candidates:
            span = doc.char_span(c.start, c.end, label=c.type if c.type != "?" else "ENTITY", span_id=c.rule,
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[RULES_KEY] = spans
        return doc


# A link ("https://...", "www....", "github.com/..."): a name inside one is no mention, but its repository's name.
_LINK_RE = re.compile(r"\b(?:https?://|www\.|(?:github|gitlab|huggingface)\.(?:com|co)/)\S+")
_LINK_HINTS = ("://", "www.", "github.com/", "gitlab.com/", "huggingface.co/")


def _outside_links(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates outside links, and the repository's own name: a link's owner or path is no name
    ("github.com/EQTPartners/PTEC"), its repository may be ("released at https://github.com/OpenAI/CLIP")."""
    hints = [at for at in (text.find(hint) for hint in _LINK_HINTS) if at != -1]
    if not candidates or not hints:
        return candidates
    links = [m.span() for m in _LINK_RE.finditer(text, max(0, min(hints) - 16))]  # "https://github.com/": from its scheme on
    repo_names = {(m.start, m.end, m.name.rsplit("/", 1)[-1]) for m in find_repositories(text)}

    def in_link(c: Candidate) -> bool:
        return any(s <= c.start and c.end <= e for s, e in links) and not any(
            s <= c.start and c.end <= e and text[c.start:c.end] == name for s, e, name in repo_names)

    return [c for c in candidates if not in_link(c)]


@lru_cache(maxsize=1)
def _dataset_forms() -> frozenset[str]:
    """Every listed dataset form, case folded."""
    return frozenset(form.casefold() for entry in load_gazetteer().by_type("Dataset") for form in entry.forms)


def _beside_listed_datasets(text: str, hits: list[ListHit], families: list[Candidate]) -> list[Candidate]:
    """:func:`rules.listed_beside` for the datasets the gazetteer found (and the version families written in one
    token, "CIFAR-10/100", whose base it lists as a dataset); names it found itself stay its own."""
    listed = {(h.start, h.end) for h in hits}
    datasets = [(h.start, h.end) for h in hits if h.type == "Dataset"]
    if families:
        datasets += [(c.start, c.end) for c in families if c.name.casefold() in _dataset_forms()]
    found = rules.listed_beside(text, datasets)
    return [c for c in found if (c.start, c.end) not in listed]


def _beside_listed_methods(text: str, hits: list[ListHit]) -> list[Candidate]:
    """:func:`rules.methods_beside` for the methods the gazetteer found; names it found itself stay its own."""
    listed = {(h.start, h.end) for h in hits}
    found = rules.methods_beside(text, [(h.start, h.end) for h in hits if h.type == "Method"])
    return [c for c in found if (c.start, c.end) not in listed]


def _named_parts(text: str, hits: list[ListHit], title_end: int) -> list[Candidate]:
    """A listed dataset with a capitalised word joined on is another dataset ("LAION-5B-Aesthetics", a subset of
    LAION-5B): the whole word, in the abstract (a title capitalises every word: "ImageNet-Scale Training")."""
    found = []
    for hit in hits:
        part = _NAMED_PART_RE.match(text, hit.end) if hit.type == "Dataset" and hit.start > title_end else None
        if part and part.group(1).casefold() not in _NOT_PART_WORDS:
            name = text[hit.start : part.end()]
            found.append(Candidate(hit.start, part.end(), "Dataset", name, "used", 0.8, "dataset-part"))
    return found


_NAMED_PART_RE = re.compile(r"-([A-Z][a-z]{2,}[A-Za-z]*)(?![\w-])")
_NOT_PART_WORDS = {"based", "style", "like", "scale", "level", "sized", "only", "pretrained", "trained", "specific", "type",
                   "pipe", "pipeline", "net", "model", "tool", "toolkit", "agent", "former"}  # "Emilia-Pipe": its tool


def _checkpoints(text: str, hits: list[ListHit], title_end: int) -> list[Candidate]:
    """Model checkpoints (:mod:`kg.extract.checkpoints`): after a listed model's match, and unlisted ones."""
    methods = [(h.start, h.end) for h in hits if h.type == "Method"]
    return checkpoint_names(text, methods, title_end) + sized_models(text, [(h.start, h.end) for h in hits])


@dataclass
class EntityInfo:
    """What the resolver decided about one entity in one document."""

    key: str
    type: str
    name: str
    role: str
    confidence: float
    aliases: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def record(self, fields: FieldText, markup: bytes | None = None) -> dict:
        """The entity record of :mod:`kg.extract.entities`; ``markup`` widens mentions over LaTeX ("BT$^2$")."""
        spans = sorted({(s, latex.widen(markup, e)) for s, e in self.mentions})
        mentions = fields.mentions(spans)
        return {"type": self.type, "name": self.name, "role": self.role, "confidence": round(self.confidence, 3),
                "aliases": sorted(self.aliases), "rules": sorted(self.rules), "mentions": mentions}


@Language.factory(
    "kg_resolver",
    requires=["doc.spans"],
    assigns=["doc.spans", "doc.ents"],
    default_config={"use_cache": True, "write_spans": True},
)
def make_resolver(nlp: Language, name: str, use_cache: bool, write_spans: bool) -> KgResolver:
    return KgResolver(load_gazetteer(use_cache=use_cache), write_spans=write_spans)


# Rules at least this confident (proposals, title prefixes, definitions) decide an entity's type.
STRONG_RULE = 0.8
_ROLE_RANK = {"proposed": 2, "introduced": 2, "used": 1}
_TYPE_FOR_ROLE = {"Method": {"proposed", "used"}, "Dataset": {"introduced", "used"}, "Task": {"addressed"}}


def _listed_here(entry, surface: str, text: str, start: int, end: int, title_end: int, defined: dict[str, str]) -> bool:  # type: ignore[no-untyped-def]
    """Is this gazetteer hit the listed entity, as far as the text around it tells?

    Not when the hit is an everyday word the list spells otherwise ("mutual"
    for MuTual, "repaint" for RePaint; "Imagenet" is still ImageNet), the first word of a longer name ("Inception Score"), or an
    acronym the text defines as something else ("context-free grammar (CFG)").
    """
    if " " not in surface and surface not in entry.forms and _everyday_spelling(surface):
        return False
    if rules.part_of_longer_name(text, start, end, in_title=start < title_end):
        return False
    if start < title_end and not _TITLE_PREFIX_AT_RE.match(text, end) and _title_word_only(surface, text, title_end):
        return False  # "Equality of Opportunity in ...": the listed Opportunity dataset only if the abstract names it
    if entry.type == "Method" and surface.isupper() and rules.reads_as_score(text, start, end):
        return False  # "93.1 LAS": a parser's score, not Listen, Attend and Spell
    long_form = defined.get(surface)
    return long_form is None or not _listed_otherwise(entry, surface, long_form)


_TITLE_PREFIX_AT_RE = re.compile(r"\s*:")  # "Adam: A Method for ...": the title's name, whatever the word


def _title_word_only(surface: str, text: str, title_end: int) -> bool:
    """An everyday word capitalised in the title ("Weather", "Actor") that the abstract never writes capitalised
    inside a sentence: a word of the title, not a name."""
    if " " in surface or not surface.istitle() or not rules.is_common_word(surface):
        return False
    return all(rules.starts_sentence(text, at) for at, _ in rules.find_words(text, (surface,), title_end + 1))


def _listed_otherwise(entry, letters: str, long_form: str) -> bool:  # type: ignore[no-untyped-def]
    """Does the list know these letters by another long form than the text's (CFG: classifier-free guidance)?

    A list that knows only the letters cannot tell, and is not contradicted.
    """
    folded = _alnum(letters)
    listed_long = [f for f in (entry.name, *entry.forms) if len(f) > len(letters) + 3 and folded not in _alnum(f)]
    return bool(listed_long) and not any(_same_name(long_form, form) for form in listed_long)


def _everyday_spelling(surface: str) -> bool:
    """A name spelled like a word: any common word, or a rare one in lower-case letters ("repaint")."""
    return (surface.isalpha() and surface.islower()) or ((surface.islower() or surface.istitle()) and rules.is_common_word(surface))


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_HEAD_WORDS_RE = re.compile(
    r"(?:\s+(?:dataset|benchmark|corpus|challenge|competition|model|network|algorithm|method)s?|\s+(?:19|20)\d\d)+$", re.I)


def _same_name(a: str, b: str) -> bool:
    """Equal once folded (plural and head word aside), or one holds the other and covers most of it.

    >>> _same_name("protein-protein interactions", "Protein-Protein Interaction dataset")
    True
    >>> _same_name("context-free grammar", "classifier-free guidance")
    False
    >>> _same_name("Kidney Tumor Segmentation challenge", "Kidney Tumor Segmentation 2019")
    True
    """
    a, b = (_alnum(_HEAD_WORDS_RE.sub("", x)).removesuffix("s") for x in (a, b))
    short, long_ = sorted((a, b), key=len)
    return bool(short) and (a == b or (short in long_ and len(short) >= 0.6 * len(long_)))


@dataclass
class _Resolution:
    """One document's working state while the resolver decides its entities."""

    text: str
    title_end: int
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    claims: list[tuple[int, int, float, str]] = field(default_factory=list)  # start, end, priority, key
    defined: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, folded long form) -> its acronym's entity

    def claim(self, key: str, start: int, end: int, priority: float) -> None:
        self.claims.append((start, end, priority, key))

    def entity(self, key: str, kind: str, name: str, role: str) -> EntityInfo:
        return self.entities.setdefault(key, EntityInfo(key, kind, name, role, 0.0))


class KgResolver:
    """Decide entities from gazetteer matches and rule candidates, in named steps.

    1. :meth:`listed`: gazetteer hits the text does not contradict;
    2. :meth:`coined`: rule candidates, keyed to a listed entity when the list knows the name;
    3. :meth:`tasks`: the tasks the paper addresses (:mod:`kg.extract.tasks`);
    4. :func:`_repeat_names`: each entity's names wherever else they occur;
    5. :func:`_settle`: overlapping mentions settled like ``spacy.util.filter_spans``
       (longest, then most confident, then earliest);
    6. :func:`_title_roles`: a title prefix in the title is the paper's own method.
    """

    def __init__(self, gazetteer: Gazetteer, write_spans: bool = True) -> None:
        self.gazetteer = gazetteer
        self.write_spans = write_spans  # off in bulk runs, whose docs are compacted right after
        self.by_form: dict[str, list[str]] = {}
        for entry in gazetteer.entries.values():
            for form in entry.forms:
                self.by_form.setdefault(_fold(form), []).append(entry.key)
        prepare_tasks()

    def lookup(self, name: str, entity_type: str | None = None) -> str | None:
        keys = self.by_form.get(_fold(name), [])
        for key in keys:
            if entity_type in (None, "?") or self.gazetteer.entries[key].type == entity_type:
                return key
        return None

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text_of(doc)
        title_end = text.find("\n")
        work = _Resolution(text, len(text) if title_end < 0 else title_end)
        candidates = doc.user_data.pop(CANDIDATES, [])  # intermediate: not serialisable, not kept
        windows = doc.user_data.pop(WINDOWS, None)
        windows = rules.proposal_windows(text) if windows is None else windows
        hits = doc.user_data.pop(LIST_HITS, [])  # intermediate, like the candidates
        task_hits = [h for h in hits if h.type == "Task"]
        self.listed(work, [h for h in hits if h.type != "Task"], candidates)
        self.coined(work, [c for c in candidates if c.type != "Task"])
        self.tasks(work, task_hits, [c for c in candidates if c.type == "Task"])
        _repeat_names(work)
        for start, end, key in _settle(work.claims):
            work.entities[key].mentions.append((start, end))
        _own_roles(work, windows)
        result = {k: v for k, v in work.entities.items() if v.mentions}
        if self.write_spans:
            _write_spans(doc, result)
        original, markup = doc.user_data.pop(ORIGINAL_KEY, (text, None))
        fields = FieldText(original)  # mentions quote the text as given, LaTeX and all
        records = {k: v.record(fields, markup) for k, v in sorted(result.items())}
        doc.user_data[ENTITIES] = {k: r for k, r in records.items() if r["mentions"]}
        return doc

    def listed(self, work: _Resolution, hits: list[ListHit], candidates: list[Candidate]) -> None:
        """Gazetteer hits, unless the paper types the name otherwise or the text says it is something else."""
        text = work.text
        # Names the paper defines itself keep the type it gives them in every mention.
        own_names = {c.name.casefold(): c.type for c in candidates if c.confidence >= STRONG_RULE and c.type != "?"}
        defined = rules.defined_acronyms(text, among={text[h.start:h.end] for h in hits})
        for start, end, key, _, _ in hits:
            entry = self.gazetteer.entries[key]
            surface = text[start:end]
            if rules.is_generic(surface) or own_names.get(surface.casefold(), entry.type) != entry.type:
                continue
            if not _listed_here(entry, surface, text, start, end, work.title_end, defined):
                continue
            info = work.entity(entry.key, entry.type, entry.name, "used")
            confidence = 0.9 if surface in entry.strict_forms or len(surface) > 6 else 0.75
            info.confidence = max(info.confidence, confidence)
            info.rules.add("gazetteer")
            work.claim(entry.key, start, end, confidence)

    def coined(self, work: _Resolution, candidates: list[Candidate]) -> None:
        """Rule candidates; the paper's own names outrank a listed name of the same letters."""
        tasks_or_metrics = _defined_as_no_entity(work.text, candidates)
        for c in candidates:
            if c.name in tasks_or_metrics:
                continue  # "dimension reduction (SDR) ... a novel nonlinear SDR framework": a task's letters
            c = self._as_family(c)
            # A long form said again on its own ("... on Resource Management") is its acronym's entity.
            key = work.defined.get((c.type, _fold(c.name))) or self._candidate_key(c)
            if key is None:
                continue
            entry = self.gazetteer.entries.get(key)
            kind = entry.type if entry else c.type
            if kind == "Task":
                continue  # tasks are chosen as a whole, in :meth:`tasks`
            name = entry.name if entry else c.name
            role = c.role if c.role in _TYPE_FOR_ROLE.get(kind, ()) else "used"
            info = work.entity(key, kind, name, role)
            if _ROLE_RANK.get(role, 0) > _ROLE_RANK.get(info.role, 0):
                info.role = role
            info.confidence = max(info.confidence, c.confidence)
            info.rules.add(c.rule)
            info.aliases.update(a for a in c.aliases if a != name)
            if c.rule != "version-family" and c.name != name:
                info.aliases.add(c.name)
            if c.rule == "abbreviation":  # its long form said again, and its plural ("ACRs"), are this entity
                work.defined.update(((kind, _fold(a)), key) for a in (*c.aliases, c.name + "s"))
            work.claim(key, c.start, c.end, c.confidence + (0.1 if role in ("proposed", "introduced") else 0.0))

    def tasks(self, work: _Resolution, hits: Iterable[ListHit], candidates: Iterable[Candidate]) -> None:
        """The tasks the paper addresses, chosen together from listed and rule-found task phrases."""
        found = [TaskMention(h.start, h.end, self.gazetteer.entries[h.key].name, h.key, "gazetteer") for h in hits]
        found += [TaskMention(c.start, c.end, c.name, self.lookup(c.name, "Task"), c.rule) for c in candidates]
        for mention in choose_tasks(work.text, work.title_end, found):
            key = mention.key or entity_key("Task", mention.name)
            name = self.gazetteer.entries[key].name if key in self.gazetteer.entries else mention.name
            info = work.entity(key, "Task", name, "addressed")
            info.confidence = max(info.confidence, mention.confidence)
            info.rules.add(mention.rule)
            work.claim(key, mention.start, mention.end, mention.confidence)

    def _as_family(self, c: Candidate) -> Candidate:
        """An unlisted checkpoint's name as its model's ("CodeLlama-Python-7B": CodeLlama-Python), whichever rule found it."""
        if c.type != "Method" or self.lookup(c.name) is not None:
            return c
        family = checkpoint_family(c.name)
        return c if family == c.name else dataclasses.replace(c, name=family)

    def _candidate_key(self, c: Candidate) -> str | None:
        if rules.is_generic(c.name) or rules.is_generic(_POSSESSIVE_RE.sub("", c.name)):
            return None  # "OpenAI's" in "models such as OpenAI's o1": whose, not which
        if c.rule == rules.LISTED_SPELLING:
            return self.lookup(c.name, c.type)  # "Cora, Citeseer and Pubmed": PubMed, or nothing
        if c.type == "?":  # a version family: only listed names, of any type
            return self.lookup(c.name)
        # The long form decides what a defined acronym is: "Stack-LSTM (S-LSTM)" is the listed Stack-LSTM,
        # "Sharpness Aware Minimization (SAM)" the listed optimiser, not the listed SAM of another long form.
        if c.aliases and c.rule in _DEFINITION_RULES and (by_long_form := self.lookup(c.aliases[0], c.type)):
            return by_long_form
        same_type = self.lookup(c.name, c.type)
        if same_type and c.aliases and _listed_otherwise(self.gazetteer.entries[same_type], c.name, c.aliases[0]):
            return entity_key(c.type, c.name)  # "context-free grammar (CFG)" is not the listed CFG
        if same_type:
            return same_type
        listed = self.lookup(c.name)
        return self._listed_as_other_type(c, listed) if listed else entity_key(c.type, c.name)

    def _listed_as_other_type(self, c: Candidate, listed: str) -> str | None:
        """The key of a candidate whose name the lists hold as another type: that entity, unless the text says
        otherwise."""
        entry = self.gazetteer.entries[listed]
        if entry.type == "Task":
            return None  # "the TTA benchmark": a task's acronym, not a dataset's name
        if c.confidence >= STRONG_RULE:
            # A strong cue's type wins over a listed name of another type ("we propose COCONUT, a method").
            return entity_key(c.type, c.name)
        if c.aliases and _listed_otherwise(entry, c.name, c.aliases[0]):
            return entity_key(c.type, c.name)  # "minimum phone error (MPE) criterion" is not the listed MPE environment
        if not _spelled_as_listed(entry, c.name):
            return entity_key(c.type, c.name)  # the method FRank is not the dataset FRANK, listed in that case only
        return listed


def _defined_as_no_entity(text: str, candidates: list[Candidate]) -> set[str]:
    """Acronyms the text defines as a task, metric, theory or family ("sufficient dimension reduction (SDR)") that no
    definition rule made an entity: other rules' candidates of those letters are not names either."""
    defined_here = {c.name for c in candidates if c.rule in _DEFINITION_RULES}
    names = {c.name for c in candidates if c.rule not in _DEFINITION_RULES and c.name not in defined_here}
    letters = {name: _singular_acronym(name) for name in names if _singular_acronym(name).isupper()}
    if not letters:
        return set()
    found = rules.defined_acronyms(text, among=set(letters.values()))
    return {name for name, short in letters.items() if short in found and rules.names_no_entity(found[short])}


def _singular_acronym(name: str) -> str:
    """ "FNNs" -> "FNN": an acronym's plural, as its definition "(FNNs)" is read."""
    return name[:-1] if name.endswith("s") and name[:-1].isupper() else name


_POSSESSIVE_RE = re.compile(r"['’]s$")
_DEFINITION_RULES = frozenset({"abbreviation", "abbreviation-long-form", "acronym-first"})


def _spelled_as_listed(entry: GazetteerEntry, name: str) -> bool:
    """Is ``name`` one of the entry's forms, in the case the list requires (acronyms and everyday words exactly)?"""
    folded = _fold(name)
    return any(form == name or (_fold(form) == folded and form not in entry.strict_forms) for form in entry.forms)


def _repeat_names(work: _Resolution) -> None:
    """Claim each entity's names wherever else they occur, a little below its own mentions."""
    for info in work.entities.values():
        if info.type == "Task":
            continue  # a task's other mentions are its chooser's to claim
        for form in {info.name, *info.aliases}:
            for start in _occurrences(work.text, form):
                work.claim(info.key, start, start + len(form), info.confidence - 0.01)


_OWN_ROLE = {"Method": "proposed", "Dataset": "introduced"}


def _own_roles(work: _Resolution, windows: list[tuple[int, int]]) -> None:
    """A method or dataset is the paper's own when the paper names it as its contribution.

    That is a mention in the object of a proposal ("we introduce the X
    benchmark", "our X module": not "our DenseNet-121 model", a listed name) that is not
    a base of another name ("X-based", "G-X"), or a mention that is the title or the title's "Name:" prefix.
    """
    data_names = None
    for info in work.entities.values():
        own = _OWN_ROLE.get(info.type)
        if own is None or info.role == own:
            continue
        if info.type == "Dataset" and data_names is None:
            data_names = rules.new_data_names(work.text)
        spans = windows + data_names if info.type == "Dataset" else windows
        listed = "gazetteer" in info.rules
        for start, end in info.mentions:
            if listed and rules.our_copy(work.text, start, end):
                continue  # "our DenseNet-121 model": the paper's copy of a listed one ("our network LeNet-5" is its own)
            if _names_title(work.text, work.title_end, start, end) or (
                rules.in_windows(spans, start) and not _inside_other_name(work.text, start, end)
            ):
                info.role = own
                break
    _own_code(work)
    _own_sizes(work)
    _own_variants(work)
    _kinds_used(work)


def _own_code(work: _Resolution) -> None:
    """A method named like the repository of the paper's own code is the paper's ("Code: github.com/lab/ControlNet")."""
    methods = [info for info in work.entities.values() if info.type == "Method"]
    names = own_code_names(work.text) if any(info.role == "used" for info in methods) else set()
    if not names:
        return
    for info in methods:
        folded = normalise_title(info.name)
        if info.role != "used" or len(folded) < 3 or folded not in names:
            continue
        if any(other.name.startswith(info.name) and other.name[len(info.name):][:1] in _NAME_GOES_ON for other in methods):
            continue  # a version of it is named too: "LLaVA-1.5" with github.com/x/LLaVA
        if not _HOST_RE.search(work.text.replace(info.name, "\0")):
            info.role = "proposed"


_NAME_GOES_ON = tuple("- .+_0123456789")
# The code goes into someone else's project: "recipes are included in the Kaldi speech recognition toolkit".
_HOST_RE = re.compile(r"\b(?:in|into|to|of)\s+(?:the\s+)?\0(?:\s+[\w-]+){0,3}?\s+"
                      r"(?:toolkit|toolbox|library|package|codebase|framework|repository|suite|ecosystem)\b")


def _own_sizes(work: _Resolution) -> None:
    """ "Two sizes are released, Zephra-Small and Zephra-Base": the paper's own model in a size it names is its own
    too, one entity a size, its mentions taken from the model's."""
    own = [info.name for info in work.entities.values() if info.type == "Method" and info.role == "proposed"]
    for start, end in [span for name in own if len(name) >= 3 for span in _sized(work.text, name)]:
        key = entity_key("Method", work.text[start:end])
        if key in work.entities:
            continue
        for info in work.entities.values():
            info.mentions = [(s, e) for s, e in info.mentions if e <= start or s >= end]
        sized = work.entity(key, "Method", work.text[start:end], "proposed")
        sized.confidence, sized.mentions = 0.8, [(start, end)]
        sized.rules.add("own-size")


def _sized(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Where ``name`` stands with a size after it ("Zephra-Small"), found with str.find: a pattern per name was slow."""
    at = text.find(name)
    while at != -1:
        after = at + len(name)
        if text[after : after + 1] in ("-", " ") and (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-")):
            size = next((word for word in _SIZES if text.startswith(word, after + 1)), "")
            end = after + 1 + len(size)
            if size and (end == len(text) or not text[end].isalnum()):
                yield at, end
        at = text.find(name, after)


_SIZES = ("Tiny", "Small", "Base", "Medium", "Large", "Huge", "Giant", "Mini", "Lite", "XXL", "XL")
_SIZE_SUFFIX = rf"[- ](?:{'|'.join(_SIZES)})"


def _own_variants(work: _Resolution) -> None:
    """A variant of the paper's own method, its name with a short suffix or a word before it ("Tip-Adapter-F", "X++",
    "X-L", "MagicoderS-CL" beside Magicoder, "Dynamic-YaRN" beside YaRN), is its own too; so is a part of its own
    dataset named after it ("PixMo-Cap" beside PixMo)."""
    own = [info.name for info in work.entities.values() if info.type == "Method" and info.role == "proposed"]
    own_data = [info.name for info in work.entities.values() if info.type == "Dataset" and info.role == "introduced"]
    for info in work.entities.values():
        if info.type == "Method" and info.role == "used" and any(_variant_of(info.name, name) for name in own):
            info.role = "proposed"
        elif info.type == "Dataset" and info.role == "used" and any(
                info.name.startswith(name) and _DATA_PART_RE.fullmatch(info.name, len(name)) for name in own_data):
            info.role = "introduced"  # "PixMo-Cap", "PixMo-Points" beside the paper's PixMo: its parts


def _variant_of(name: str, own: str) -> bool:
    if name.startswith(own):
        return _VARIANT_SUFFIX_RE.fullmatch(name, len(own)) is not None
    return len(own) > 3 and name.endswith(own) and _VARIANT_PREFIX_RE.fullmatch(name, 0, len(name) - len(own)) is not None


_DATA_PART_RE = re.compile(r"-(?:[A-Z][\w]*|[vV]?\d+)")
_VARIANT_SUFFIX_RE = re.compile(rf"\+{{1,2}}|[A-Z]|[A-Z]?(?:[- ][A-Za-z0-9]{{1,3}}){{1,2}}|{_SIZE_SUFFIX}")  # "Octo-Small"
# A capitalised word, not a short tag: "vq-wav2vec" is an earlier model than the paper's wav2vec 2.0.
_VARIANT_PREFIX_RE = re.compile(r"[A-Z][a-z]{2,}-")


_TITLE_HEAD_RE = re.compile(r"\s*(?:[Tt]he\s+)?")
# After the name: a head word ("Vision Benchmark Suite"), an acronym in brackets, then the end or a colon.
_TITLE_TAIL_RE = re.compile(
    r"(?:\s*\([^)]*\))?(?:\s+(?:[A-Z][\w-]*\s+){0,2}(?:Benchmark|Dataset|Corpus|Challenge|Suite|Database|Treebank)s?)?"
    r"\s*(?:\([^)]*\))?\s*(?::|$|,\s+(?:an?|the)\s)"
)
_TITLE_FOR_RE = re.compile(r"\s+for\s")


# "Okapi at TREC-3", "X at SemEval-2017 Task 4": a system at a shared evaluation.
_AT_VENUE_RE = re.compile(r"\s+at\s+(?:the\s+)?[A-Z]{2,}[\w-]*")
_SHARED_TASK_RE = re.compile(r"\s+[Ss]hared\s+[Tt]ask\b")
# A later part of the title: "Are we ready for Autonomous Driving? The KITTI Vision Benchmark Suite".
_TITLE_PART_RE = re.compile(r"[:?]\s+(?:[Tt]he\s+)?$")
_DATA_WORD_RE = re.compile(r"\b(?:Benchmark|Dataset|Corpus|Challenge|Suite|Database|Treebank)s?\b")


def _names_title(text: str, title_end: int, start: int, end: int) -> bool:
    """The mention is the title, all of it before the colon ("The X Benchmark (XB)", "X: ...", "X, a ..."),
    the acronym the title gives itself ("The Multimodal Brain Tumor Image Segmentation Benchmark (BRATS)"),
    a long name the title offers "for" something ("Histograms of Oriented Gradients for Human Detection"),
    a system at an evaluation ("Okapi at TREC-3"), a shared task ("Introduction to the CoNLL-2003 Shared
    Task"), or a benchmark that a later part of the title is ("...? The KITTI Vision Benchmark Suite")."""
    if end > title_end:
        return False
    if _SHARED_TASK_RE.match(text, end, title_end):
        return True
    head = _TITLE_HEAD_RE.match(text).end()
    pair = rules.title_pair(text, head, title_end)
    if pair and (start, end) in pair and not any(rules.is_common_word(text[s:e]) for s, e in pair):
        return True  # "Molmo and PixMo: ...": either name
    if start != head:
        return _titles_own_acronym(text, title_end, head, start, end) or (
            _TITLE_PART_RE.search(text, 0, start) is not None and _DATA_WORD_RE.search(text, start, title_end) is not None
            and _TITLE_TAIL_RE.match(text, end, title_end) is not None)
    if _TITLE_TAIL_RE.match(text, end, title_end) or _AT_VENUE_RE.match(text, end, title_end):
        return True
    return " " in text[start:end] and _TITLE_FOR_RE.match(text, end, title_end) is not None


def _titles_own_acronym(text: str, title_end: int, head: int, start: int, end: int) -> bool:
    """ "The Long Name (ACR)" or "Long Name (ACR): ...", the mention being ACR."""
    if text[start - 1:start] != "(" or text[end:end + 1] != ")" or ":" in text[head:start]:
        return False
    return len(text[head:start].split()) >= 2 and _TITLE_TAIL_RE.match(text, end + 1, title_end) is not None



def _inside_other_name(text: str, start: int, end: int) -> bool:
    """"BERT-based", "CLIP's", "G-SimCLR", "U-Net style": the mention is a base another name is built on."""
    before = text[start - 1] if start else " "
    after = text[end : end + 2]
    return (before in "-/" or (after.startswith(("-", "'s", "’s")) and not after[1:2].isdigit())
            or _STYLE_AFTER_RE.match(text, end) is not None)


def _kinds_used(work: _Resolution) -> None:
    """ "We describe PixArt-Σ, a Diffusion Transformer (DiT)": a listed method set off after the new one's name says
    what kind of thing the new one is; the paper uses the kind (unless the title names it)."""
    for info in work.entities.values():
        if info.type != "Method" or info.role != "proposed" or "gazetteer" not in info.rules:
            continue
        if any(_KIND_APPOSITION_RE.search(work.text, max(0, start - 80), start) for start, _ in info.mentions) and not any(
                _names_title(work.text, work.title_end, start, end) for start, end in info.mentions):
            info.role = "used"


_KIND_APPOSITION_RE = re.compile(r"(?<![\w+\-.])[A-Z][\w+\-.]*[\w+],\s+an?\s+(?:[A-Z][\w-]*\s+){0,4}?\(?$")
# "a U-Net style encoder", "a ResNet type network": the name says what the thing is like.
_STYLE_AFTER_RE = re.compile(r" (?:style|type|like)\b")


def _write_spans(doc: Doc, result: dict[str, EntityInfo]) -> None:
    """Every kept mention to ``doc.spans["kg"]``; the non-overlapping ones to ``doc.ents``."""
    spans = []
    for info in result.values():
        for start, end in sorted(set(info.mentions)):
            span = doc.char_span(start, end, label=info.type, kb_id=info.key, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    spans.sort(key=lambda s: (s.start, s.end, s.kb_id_))
    doc.spans[RESULT_KEY] = spans
    doc.ents = filter_spans(spans)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _occurrences(text: str, form: str) -> Iterable[int]:
    if len(form) < 2:
        return
    start = text.find(form)
    while start != -1:
        end = start + len(form)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not (after.isalnum() and not after == "s"):
            yield start
        start = text.find(form, end)


def _settle(claims: list[tuple[int, int, float, str]]) -> list[tuple[int, int, str]]:
    """Keep non-overlapping claims: longest first, then most confident, then earliest.

    Claims on exactly the same characters by different entities of one type
    are all kept (a version family: "Kinetics-400/600" names two datasets);
    of different types, the first in that order wins.
    """
    order = sorted(set(claims), key=lambda c: (-(c[1] - c[0]), -c[2], c[0], c[3]))
    covered = bytearray(max((c[1] for c in order), default=0))
    spans: dict[tuple[int, int], str] = {}
    kept: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int, str]] = set()
    for start, end, _, key in order:
        if (start, end, key) in seen:
            continue
        owner = spans.get((start, end))
        if owner is None and any(covered[start:end]):
            continue
        if owner is not None and owner.split(":", 1)[0] != key.split(":", 1)[0]:
            continue
        covered[start:end] = b"\x01" * (end - start)
        spans.setdefault((start, end), key)
        seen.add((start, end, key))
        kept.append((start, end, key))
    return kept


@Language.factory("kg_repositories", assigns=["doc.spans"], default_config={"write_spans": True})
def make_repositories(nlp: Language, name: str, write_spans: bool) -> RepositoryFinder:
    return RepositoryFinder(write_spans=write_spans)


class RepositoryFinder:
    """Code links (GitHub, GitLab, Hugging Face, ...) as Repository entities and spans in ``doc.spans["kg"]``."""

    def __init__(self, write_spans: bool = True) -> None:
        self.write_spans = write_spans

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text_of(doc)
        doc.user_data.pop(TEXT_KEY, None)
        fields = FieldText(text)
        found = repository_entities(fields.title, fields.abstract)
        if not found:
            return doc
        entities = doc.user_data.setdefault(ENTITIES, {})
        spans = list(doc.spans.get(RESULT_KEY, []))
        for key, info in found.items():
            entities[key] = info
            if not self.write_spans:
                continue
            for where, start, end, *_ in info["mentions"]:
                base = 0 if where == "title" else fields.offset
                span = doc.char_span(base + start, base + end, label="Repository", kb_id=key, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        if self.write_spans:
            doc.spans[RESULT_KEY] = sorted(spans, key=lambda s: (s.start, s.end, s.kb_id_))
        return doc


@Language.factory("kg_compact", requires=["doc.spans"])
def make_compact(nlp: Language, name: str) -> "Compact":
    return Compact()


class Compact:
    """Hand back an empty Doc that carries only the resolver's entities.

    For bulk runs with ``nlp.pipe(n_process=N)``: spaCy ships every Doc from
    the worker to the parent with ``to_bytes``/``from_bytes``, which costs
    more than the extraction itself; an empty Doc costs nothing. Leave it
    out when you want the spans.
    """

    def __call__(self, doc: Doc) -> Doc:
        compact = Doc(doc.vocab, words=[])
        compact.user_data[ENTITIES] = doc.user_data.get(ENTITIES, {})
        compact._context = doc._context  # what nlp.pipe(as_tuples=True) pairs the doc with
        return compact

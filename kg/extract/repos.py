"""Find code repository links in text and normalise them to one id per repository.

Hosts: GitHub, GitLab, Bitbucket, Codeberg, Gitee, Hugging Face (Spaces and
model repos) and Anonymous GitHub (``anonymous.4open.science/r/NAME``).
Links split by the page ("github. com/x/y"), written without scheme, wrapped
in LaTeX braces or followed by punctuation all normalise to the same id:
``repository:github.com/owner/name`` in lower case (these hosts ignore case),
while the display name keeps the case the authors wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.sentences import SentenceIndex
from kg.extract.entities import once_per_sentence, quote, to_link
from kg.ingest.text import normalise_title
from kg.model import EntityLink, Paper

__all__ = ["RepoMatch", "find_repositories", "is_official", "normalise_repo_url", "repository_links"]

_HOSTS = {
    "github.com": "github.com",
    "gitlab.com": "gitlab.com",
    "bitbucket.org": "bitbucket.org",
    "codeberg.org": "codeberg.org",
    "gitee.com": "gitee.com",
    "huggingface.co": "huggingface.co",
    "hf.co": "huggingface.co",
    "anonymous.4open.science": "anonymous.4open.science",
}
_HOST_HINTS = ("github", "gitlab", "bitbucket", "codeberg", "gitee", "huggingface", "hf.co", "4open")
_URL_RE = re.compile(
    r"(?<![\w@/.-])(?:https?://\s?)?(?:www\.)?"
    r"(?P<host>github\.\s?com|gitlab\.\s?com|bitbucket\.\s?org|codeberg\.\s?org|gitee\.\s?com"
    r"|huggingface\.\s?co|hf\.co|anonymous\.4open\.science)"
    r"/\s?(?P<path>[A-Za-z0-9_.~-]+(?:/[A-Za-z0-9_.~-]+){0,5})",
    re.IGNORECASE,
)
_GITHUB_RESERVED = {
    "about", "apps", "collections", "enterprise", "events", "explore", "features", "login",
    "marketplace", "orgs", "pricing", "search", "settings", "sponsors", "topics", "trending", "users",
}
_HF_RESERVED = {
    "api", "blog", "collections", "datasets", "docs", "join", "learn", "login", "models",
    "organizations", "papers", "posts", "pricing", "settings", "tasks",
}
_GITLAB_RESERVED = {"explore", "help", "users", "dashboard", "groups", "search", "admin", "-"}
_BITBUCKET_RESERVED = {"product", "account", "dashboard", "site", "blog", "repo"}
# Path words after which a URL no longer names the repository but a page in it.
_ROUTES = {"-", "tree", "blob", "raw", "issues", "pulls", "pull", "merge_requests", "wiki", "wikis", "commits",
           "commit", "releases", "tags", "branches", "src", "archive", "resolve", "files", "discussions"}
_TRAILING = ".,;:!?)]}'\"*"

# "our code", "code is available at", "code will be released": the paper's own.
_OFFICIAL_RE = re.compile(
    r"\b(?:our|we)\b[^.]{0,60}\b(?:code|codes|implementation|models?|weights|checkpoints|data|dataset|benchmark|"
    r"framework|toolkit|library|project|repository|repo|release|open[- ]?source)"
    r"|\b(?:code|codes|implementation|source code|models?|weights|checkpoints|data|dataset|benchmark|resources|toolkit)\b"
    r"[^.]{0,60}\b(?:is|are|will be|has been|have been|can be|be)\s+(?:made\s+)?(?:publicly\s+|freely\s+|openly\s+)?"
    r"(?:avai?l\w{0,3}ble|released|accessible|found|open[- ]?sourced|provided|published|accessed)"
    r"|\b(?:avai?l\w{0,3}ble|released|open[- ]?sourced|provided)\s+(?:online\s+)?(?:at|via|on|in|from)\b"
    r"|\b(?:code|codes|implementation|tools)\b\s*:?\s*(?:https?://|github)",
    re.IGNORECASE,
)
# "based on X's code at", "we use the implementation from": someone else's.
_THIRD_PARTY_RE = re.compile(
    r"\b(?:based on|built (?:up)?on|borrowed from|adapted from|forked from|provided by|taken from|"
    r"(?:official|public|existing|third[- ]party) implementation of|implementation (?:from|by|of) (?!our|this))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RepoMatch:
    """One repository link found in a text; ``start``/``end`` index that text."""

    key: str
    name: str
    url: str
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"repository:{self.key}"


def _strip_tail(segment: str) -> str:
    segment = segment.rstrip(_TRAILING)
    if segment.lower().endswith(".git"):
        segment = segment[:-4].rstrip(_TRAILING)
    return segment


def _clean_segments(path: str) -> list[str]:
    segments = [s.strip() for s in path.split("/") if s.strip()]
    if segments:
        segments[-1] = _strip_tail(segments[-1])
    return [s for s in segments if s]


# First path words that are a site's own pages, not an owner: github.com/topics/x is no repository.
_RESERVED = {"github.com": _GITHUB_RESERVED, "gitlab.com": _GITLAB_RESERVED, "bitbucket.org": _BITBUCKET_RESERVED}


def _huggingface_segments(segments: list[str]) -> list[str] | None:
    """Hugging Face: ``spaces/owner/name`` for a Space, ``owner/name`` for a model, but not site pages (papers, docs)."""
    if segments and segments[0].lower() == "spaces":
        return _named(segments[:3]) if len(segments) >= 3 else None
    if not segments or segments[0].lower() in _HF_RESERVED or len(segments) < 2:
        return None
    return _named(segments[:2])


def _anonymous_segments(segments: list[str]) -> list[str] | None:
    """Anonymous GitHub names a repository only as ``r/NAME``."""
    return _named(segments[:2]) if len(segments) >= 2 and segments[0].lower() == "r" else None


def _named(repo: list[str]) -> list[str] | None:
    """The repository's segments with ``.git`` and trailing dots off its name (cut out of a longer path, they
    were not stripped by :func:`_clean_segments`), or None when a segment names nothing (``.``, ``..``)."""
    repo = [*repo[:-1], _strip_tail(repo[-1])]
    return repo if all(seg.strip(".") for seg in repo) else None


def _gitlab_project(segments: list[str]) -> list[str]:
    """GitLab groups nest (group/subgroup/project), so the project ends only at a route word such as ``tree``."""
    cut = next((i for i, seg in enumerate(segments) if i >= 2 and seg.lower() in _ROUTES), len(segments))
    return segments[:cut]


def _owner_name_segments(host: str, segments: list[str]) -> list[str] | None:
    """Git forges: ``owner/name`` (GitLab: the whole group path), unless the owner is one of the site's pages."""
    if len(segments) < 2 or segments[0].lower() in _RESERVED.get(host, ()):
        return None
    return _named(_gitlab_project(segments) if host == "gitlab.com" else segments[:2])


def _repo_segments(host: str, segments: list[str]) -> list[str] | None:
    """The segments that name the repository on this host, or None if not a repo link."""
    if host == "huggingface.co":
        return _huggingface_segments(segments)
    if host == "anonymous.4open.science":
        return _anonymous_segments(segments)
    return _owner_name_segments(host, segments)


def normalise_repo_url(text: str) -> RepoMatch | None:
    """Normalise one link to a :class:`RepoMatch`, or None if it names no repository.

    >>> normalise_repo_url("https://www.github.com/Bassyess/CFCD.git/").id
    'repository:github.com/bassyess/cfcd'
    >>> normalise_repo_url("github. com/OpenAI/CLIP.").name
    'OpenAI/CLIP'
    >>> normalise_repo_url("https://huggingface.co/spaces/org/Demo").id
    'repository:huggingface.co/spaces/org/demo'
    >>> normalise_repo_url("https://huggingface.co/papers/2401.00001") is None
    True
    """
    matches = find_repositories(text)
    return matches[0] if matches else None


@lru_cache(maxsize=8)
def find_repositories(text: str) -> tuple[RepoMatch, ...]:
    """Every repository link in ``text``, in order; duplicates are kept (one per mention).

    Cached: the entity pass asks of one text three times (its links, their names, what lies inside them).
    """
    if "/" not in text:
        return ()  # most abstracts link nothing: skip the full pattern
    lower = text.lower()
    hints = [at for at in (lower.find(host) for host in _HOST_HINTS) if at != -1]
    if not hints:
        return ()
    found = []
    for match in _URL_RE.finditer(text, max(0, min(hints) - 32)):  # from "https:// www.anonymous." before the first hint
        host = _HOSTS["".join(match.group("host").lower().split())]
        segments = _clean_segments(match.group("path"))
        repo = _repo_segments(host, segments)
        if not repo:
            continue
        path = "/".join(repo)
        # The mention ends where the repository path ends (trailing ".git", "/" or "." excluded).
        end = match.start("path")
        consumed = 0
        raw = match.group("path")
        for segment in repo:
            index = raw.find(segment, consumed)
            consumed = index + len(segment)
        end += consumed
        display = path if host == "github.com" else f"{host}/{path}"
        found.append(
            RepoMatch(
                key=f"{host}/{path}".lower(),
                name=display,
                url=f"https://{host}/{path}",
                start=match.start(),
                end=end,
                text=text[match.start() : end],
            )
        )
    return tuple(found)


def is_official(sentence: str) -> bool:
    """Does the sentence say the linked code is the paper's own?

    >>> is_official("Code is available at https://github.com/a/b.")
    True
    >>> is_official("We build on the official implementation of DETR at https://github.com/x/detr.")
    False
    """
    return bool(_OFFICIAL_RE.search(sentence)) and not _THIRD_PARTY_RE.search(sentence)


COMPONENT = "kg.repos"


def _is_official_mention(text: str, match: RepoMatch, sentence: str) -> bool:
    """Official when its sentence says so, or when the link closes the text and nothing says it is someone else's.

    Abstracts often end on a bare link to their own code, with no "code is available at".
    """
    at_end = not text[match.end :].strip(_TRAILING + " /")
    return is_official(sentence) or (at_end and not _THIRD_PARTY_RE.search(sentence))


def own_code_names(text: str) -> set[str]:
    """The names of the paper's own repositories, folded as titles are (:func:`kg.ingest.text.normalise_title`).

    A method named like the repository that holds the paper's code is the paper's
    own ("... Code: https://github.com/lab/streaming-llm" names StreamingLLM).

    >>> sorted(own_code_names("We present X. Code: https://github.com/lab/streaming-llm."))
    ['streamingllm']
    >>> own_code_names("We build on the official implementation of DETR at https://github.com/x/detr.")
    set()
    """
    matches = find_repositories(text)
    if not matches:
        return set()
    sentences = SentenceIndex(text)
    names = set()
    for match in matches:
        s, e = sentences.at(match.start)
        if _is_official_mention(text, match, text[s:e]):
            names.add(normalise_title(match.name.rsplit("/", 1)[-1]))
    return names


def repository_entities(title: str, abstract: str) -> dict[str, dict]:
    """Entity records (see :mod:`kg.extract.entities`) for every repository linked in the text.

    A link is ``official`` when any sentence holding it says the code is the
    paper's own, or when it closes the abstract with no sign of being someone
    else's. Every occurrence is kept as a mention, with its sentence.
    """
    found: dict[str, dict] = {}
    for field, text in (("title", title), ("abstract", abstract)):
        matches = find_repositories(text)
        if not matches:
            continue
        sentences = SentenceIndex(text)
        for match in matches:
            s, e = sentences.at(match.start)
            sentence = text[s:e]
            official = _is_official_mention(text, match, sentence)
            info = found.setdefault(match.id, {"type": "Repository", "name": match.name, "url": match.url,
                                               "rules": [COMPONENT], "aliases": [], "mentions": [],
                                               "attributes": {"official": False}})
            info["mentions"].append([field, match.start, match.end, match.text, quote(text, s, e, match.start, match.end), s, e])
            info["attributes"]["official"] = info["attributes"]["official"] or official
    for info in found.values():
        info["mentions"] = once_per_sentence(info["mentions"])
        official = info["attributes"]["official"]
        info["role"] = "official" if official else "mentioned"
        info["confidence"] = 0.99 if any("://" in m[3] for m in info["mentions"]) else 0.95
    return dict(sorted(found.items()))


def repository_links(paper: Paper) -> list[EntityLink]:
    """One :class:`EntityLink` per repository the paper's title or abstract links to."""
    return [to_link(paper.id, key, info) for key, info in repository_entities(paper.title, paper.abstract).items()]

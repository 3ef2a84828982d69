"""Reader for Hugging Face Daily Papers pages saved as text (browser "Save as text").

A saved page is: some page chrome ("Get trending papers...", "Subscribe"), the
listing date ("Mar 11"), then one entry per paper: the title on one line, the
abstract on the next non-blank line(s), and on some pages a metadata block
("• 6 authors", "·", "Oct 10, 2023 3"). Blank lines separate everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.ingest.result import ReadResult
from kg.ingest.text import clean_text, parse_full_date, parse_month_day
from kg.model import Entry

__all__ = ["FORMAT", "looks_like_hf_daily", "read_hf_daily"]

FORMAT = "hf-daily"

# Page chrome that precedes the listing (compared in lower case, stripped).
_CHROME = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "papers",
    "trending",
    "submit",
    "search",
}
# Page footer links that may follow the last entry.
_FOOTER = {"system theme", "company", "tos", "privacy", "about", "jobs", "careers", "website", "models", "datasets",
           "spaces", "pricing", "docs", "enterprise", "hugging face", "status", "blog", "learn", "forum", "discord"}
_AUTHORS_RE = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$", re.IGNORECASE)
_SEPARATORS = {"·", "•", "|"}
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-Z]")
_CUT_WORDS = ("e.", "i.", "e.g.", "i.e.", "al.", "vs.", "cf.", "fig.", "eq.", "sec.", "no.")
_TITLE_MAX = 300
_CODE_HOST_RE = re.compile(r"(?:github\.com|gitlab\.com|bitbucket\.org)/", re.I)
_WHOLE_URL_RE = re.compile(r"(?:^|//)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/\S+")
_LINE_SPLIT_RE = re.compile(r"\r\n|\r|\n")


@dataclass
class _Line:
    """One non-blank line: text, or metadata (authors, date, separator, a cut-off fragment)."""

    kind: str  # "text" | "authors" | "date" | "sep" | "partial"
    text: str
    line: int
    value: object = None


@dataclass
class _Draft:
    title: str
    line: int
    abstract: str | None = None
    author_count: int | None = None
    published: str | None = None
    comments: int | None = None
    meta: list[str] = field(default_factory=list)


def _classify(line: str) -> tuple[str, object]:
    stripped = line.strip()
    match = _AUTHORS_RE.match(stripped)
    if match:
        return "authors", int(match.group(1))
    if stripped in _SEPARATORS:
        return "sep", None
    full = parse_full_date(stripped)
    if full:
        return "date", full
    return "text", None


def _strong_title(text: str) -> bool:
    """Short and not ending in a full stop: surely not an abstract."""
    return len(text) <= _TITLE_MAX and not text.endswith(".")


def _weak_title(text: str) -> bool:
    """A short single sentence ("Attention Is All You Need."): a title or a one-line abstract."""
    return len(text) <= 200 and text.endswith(".") and not _SENTENCE_BREAK_RE.search(text)


def _abstract_like(text: str) -> bool:
    return not _strong_title(text) and not _weak_title(text)


def _ends_cleanly(text: str) -> bool:
    """Does the abstract end where an abstract can end (not mid-sentence or mid-word)?"""
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    if last.lower() in _CUT_WORDS:
        return False
    if "://" in last or last.lower().startswith(("github.", "www.")):
        # "https://gi" and "https://github.com/owner" are cuts; "https://github.com/a/b" is not.
        host_path = _WHOLE_URL_RE.search(last.rstrip("./"))
        if host_path and _CODE_HOST_RE.search(last):
            return last.rstrip("./").count("/") >= (4 if "://" in last else 2)
        return bool(host_path)
    return text.endswith((".", "!", "?")) or (text.endswith(("\"", "'", "”", "’", ")", "]")) and text[-2:-1] in ".!?")


def _split_header(lines: list[str]) -> tuple[int, str | None, str | None]:
    """Skip the page chrome; return the first body line index and the listing date."""
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped or stripped.lower() in _CHROME:
            continue
        month_day = parse_month_day(stripped)
        if month_day:
            return i + 1, month_day, stripped
        full = parse_full_date(stripped)
        if full and full[1] is None:
            return i + 1, full[0], stripped
        return i, None, None
    return len(lines), None, None


def _lines(lines: list[str], start: int) -> list[_Line]:
    items = []
    for i in range(start, len(lines)):
        stripped = clean_text(lines[i])  # a line of control characters only is blank too
        if stripped:
            kind, value = _classify(stripped)
            items.append(_Line(kind, stripped, i + 1, value))
    # Footer links after the last entry are page chrome, not papers.
    while items and items[-1].kind == "text" and items[-1].text.lower() in _FOOTER:
        items.pop()
    # A cut inside the metadata block leaves a fragment ("Oct 10", "M", "• 6 aut"): metadata, not a title.
    if items and items[-1].kind == "text":
        after_meta = len(items) >= 2 and items[-2].kind in ("authors", "sep")
        if after_meta or items[-1].text.startswith(("•", "·")):
            items[-1].kind = "partial"
    return items


def looks_like_hf_daily(text: str) -> bool:
    """True when the text opens like a saved Daily Papers page."""
    head = [line.strip().lower() for line in _LINE_SPLIT_RE.split(text[:2000]) if line.strip()]
    if any(line in ("byak and the research community", "get trending papers in your email inbox!") for line in head):
        return True
    _, date, _ = _split_header(_LINE_SPLIT_RE.split(text[:5000]))
    return date is not None


def read_hf_daily(text: str, source: str) -> ReadResult:
    """Read a saved Daily Papers page into entries.

    Works line by line, so pages saved with or without blank lines read the
    same. Each entry is a title line, then its abstract (one line or more),
    then optional metadata lines. Entries whose abstract is missing (a title
    with no text under it, a page cut off) are reported and skipped, never
    guessed at.
    """
    lines = _LINE_SPLIT_RE.split(text)
    start, date, date_text = _split_header(lines)
    result = ReadResult(FORMAT, date=date, date_text=date_text)
    items = _lines(lines, start)
    drafts: list[_Draft] = []
    current: _Draft | None = None

    def problem(line: int, message: str) -> None:
        result.problems.append(InputError(source, message, line=line))

    def drop_current() -> None:
        nonlocal current
        assert current is not None
        problem(current.line, f"entry {current.title[:60]!r} has no abstract; skipped")
        drafts.remove(current)
        current = None

    def next_text(index: int) -> str | None:
        following = items[index + 1] if index + 1 < len(items) else None
        return following.text if following is not None and following.kind == "text" else None

    for index, item in enumerate(items):
        if item.kind != "text":
            if current is not None and current.abstract is None:
                drop_current()
            if current is None:
                if item.kind != "partial":
                    problem(item.line, f"metadata line {item.text!r} belongs to no entry; ignored")
                continue
            current.meta.append(item.kind)
            if item.kind == "authors":
                current.author_count = item.value  # type: ignore[assignment]
            elif item.kind == "date":
                current.published, current.comments = item.value  # type: ignore[misc]
            continue

        following = next_text(index)
        if current is not None and current.abstract is None:
            # Expecting the abstract: a title-shaped line followed by an abstract means this entry has none.
            if not _abstract_like(item.text) and following is not None and _abstract_like(following):
                drop_current()
            else:
                current.abstract = item.text
                continue
        elif current is not None and not current.meta and _abstract_like(item.text):
            current.abstract = f"{current.abstract}\n{item.text}"  # another paragraph of the same abstract
            continue
        elif current is not None and not current.meta and "://" in item.text and not _abstract_like(following or "x."):
            current.abstract = f"{current.abstract}\n{item.text}"  # a short closing line with a link
            continue

        current = _Draft(item.text, item.line)
        drafts.append(current)

    with_meta = sum(1 for d in drafts if d.meta)
    for draft in drafts:
        if draft.abstract is None:  # only the last draft can still lack one
            problem(draft.line, f"listing ends after the title {draft.title[:60]!r} with no abstract: the page looks cut off; entry skipped")
            continue
        if draft is drafts[-1]:
            expects_meta = with_meta > 0 and with_meta >= len(drafts) - 1
            cut_meta = expects_meta and "date" not in draft.meta
            ends_in_space = text.endswith((" ", "\t"))  # a saved page never ends mid-line
            cut_text = not draft.meta and not expects_meta and (ends_in_space or not _ends_cleanly(draft.abstract))
            if cut_meta or cut_text:
                what = "its metadata" if cut_meta else "its abstract"
                problem(draft.line, f"listing ends in the middle of {what} for {draft.title[:60]!r}: the page looks cut off; entry skipped")
                continue
        result.entries.append(
            Entry(
                title=draft.title,
                abstract=draft.abstract,
                line=draft.line,
                author_count=draft.author_count,
                published=draft.published,
                comments=draft.comments,
                date=date,
            )
        )
    if not result.entries and not result.problems:
        result.problems.append(
            InputError(source, "no papers found; is it a saved Daily Papers page? Try --format to force another reader")
        )
    return result

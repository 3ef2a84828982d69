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
_AUTHORS_RE = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$", re.IGNORECASE)
_SEPARATORS = {"·", "•", "-", "|"}
_TERMINAL = tuple(".!?)]}\"'”’»")
_TITLE_MAX = 300
_LINE_SPLIT_RE = re.compile(r"\r\n|\r|\n")


@dataclass
class _Block:
    """Consecutive non-blank text lines, or one metadata line."""

    kind: str  # "text" | "authors" | "date" | "sep"
    lines: list[str]
    line: int
    value: object = None

    @property
    def text(self) -> str:
        return clean_text(" ".join(self.lines))


@dataclass
class _Draft:
    title: str
    line: int
    abstract: str | None = None
    author_count: int | None = None
    published: str | None = None
    comments: int | None = None
    meta_lines: list[str] = field(default_factory=list)


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


def _title_like(text: str) -> bool:
    """Short and not ending in a full stop: what a title looks like."""
    return len(text) <= _TITLE_MAX and not text.endswith(".")


def _ends_cleanly(text: str) -> bool:
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    return text.endswith(_TERMINAL) or "://" in last or last.lower().startswith(("github.", "www."))


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


def _blocks(lines: list[str], start: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for i in range(start, len(lines)):
        raw = lines[i]
        if not raw.strip():
            current = None
            continue
        kind, value = _classify(raw)
        if kind != "text":
            blocks.append(_Block(kind, [raw.strip()], i + 1, value))
            current = None
        elif current is None:
            current = _Block("text", [raw.strip()], i + 1)
            blocks.append(current)
        else:
            current.lines.append(raw.strip())
    return blocks


def looks_like_hf_daily(text: str) -> bool:
    """True when the text opens like a saved Daily Papers page."""
    head = [line.strip().lower() for line in _LINE_SPLIT_RE.split(text[:2000]) if line.strip()]
    if any(line in ("byak and the research community", "get trending papers in your email inbox!") for line in head):
        return True
    start, date, _ = _split_header(_LINE_SPLIT_RE.split(text[:5000]))
    return date is not None


def read_hf_daily(text: str, source: str) -> ReadResult:
    """Read a saved Daily Papers page into entries.

    Entries whose abstract is missing (a page cut off, or a title with no
    text under it) are reported as problems and skipped, never guessed at.
    """
    lines = _LINE_SPLIT_RE.split(text)
    start, date, date_text = _split_header(lines)
    result = ReadResult(FORMAT, date=date, date_text=date_text)
    blocks = _blocks(lines, start)
    drafts: list[_Draft] = []
    current: _Draft | None = None

    def problem(line: int, message: str) -> None:
        result.problems.append(InputError(source, message, line=line))

    for index, block in enumerate(blocks):
        if block.kind != "text":
            if current is None or current.abstract is None:
                if current is not None:
                    problem(current.line, f"entry {current.title[:60]!r} has no abstract; skipped")
                    drafts.remove(current)
                    current = None
                else:
                    problem(block.line, f"metadata line {block.lines[0]!r} belongs to no entry; ignored")
                continue
            current.meta_lines.append(block.kind)
            if block.kind == "authors":
                current.author_count = block.value  # type: ignore[assignment]
            elif block.kind == "date":
                current.published, current.comments = block.value  # type: ignore[misc]
            continue

        if current is not None and current.abstract is None:
            following = next((b for b in blocks[index + 1 :] if b.kind == "text"), None)
            if _title_like(block.text) and following is not None and not _title_like(following.lines[0]):
                problem(current.line, f"entry {current.title[:60]!r} has no abstract; skipped")
                drafts.remove(current)
                current = _Draft(clean_text(block.lines[0]), block.line)
                drafts.append(current)
                continue
            current.abstract = block.text
            continue

        if current is not None and not current.meta_lines and not _title_like(block.text):
            # A second paragraph of the same abstract, not a new title.
            current.abstract = f"{current.abstract}\n{block.text}"
            continue

        current = _Draft(clean_text(block.lines[0]), block.line)
        drafts.append(current)
        if len(block.lines) > 1:
            current.abstract = clean_text(" ".join(block.lines[1:]))

    complete = [d for d in drafts if d.abstract is not None]
    with_meta = sum(1 for d in complete if d.meta_lines)
    for draft in drafts:
        if draft.abstract is None:  # only the last draft can still lack one
            problem(draft.line, f"listing ends after the title {draft.title[:60]!r} with no abstract: the page looks cut off; entry skipped")
            continue
        if draft is drafts[-1]:
            expects_meta = with_meta > 0 and with_meta >= (len(complete) - 1)
            cut_meta = expects_meta and "date" not in draft.meta_lines
            cut_text = not draft.meta_lines and not expects_meta and not _ends_cleanly(draft.abstract)
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

"""Reader for the Atom feeds that arXiv's API returns (``export.arxiv.org/api/query``).

A feed holds one ``<entry>`` per paper::

    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"
          xmlns:kg="urn:kg:fetch" kg:date="2024-12-02">
      <entry>
        <id>http://arxiv.org/abs/2412.01234v2</id>
        <published>2024-12-02T18:59:59Z</published>
        <title>...</title>
        <summary>...</summary>
        <author><name>...</name></author>
        <arxiv:primary_category term="cs.CV"/>
        <category term="cs.CV"/><category term="cs.LG"/>
      </entry>
    </feed>

The ``kg:`` attributes on the root are added by kg's fetcher: ``kg:date`` is
the day the feed lists, ``kg:fetched`` when it was fetched, ``kg:source``
what was asked for (``arxiv:cs.CV``). The XML is parsed incrementally by
lxml, never fetching anything and never expanding an entity.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from lxml import etree

from kg.errors import InputError
from kg.ingest.records import entry_from_record, normalise_date
from kg.ingest.result import ReadResult
from kg.ingest.text import clean_text, find_arxiv_id

__all__ = ["FORMAT", "KG_NS", "looks_like_atom", "read_arxiv_atom"]

FORMAT = "arxiv"
KG_NS = "urn:kg:fetch"

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_KG_DATE = f"{{{KG_NS}}}date"
_HEAD_CHARS = 8192
_FEED_BYTES = 1 << 16
_ERROR_ID = "arxiv.org/api/errors"


def _events(text: str, events: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """lxml's incremental parse with entities left unexpanded and the network off.

    The text is fed in pieces and the events read after each, and on an error in a piece the events
    parsed before it still come first: lxml 6.2 raises before handing out a piece's events, which lost
    the entries ahead of a break (and the root of a head cut short) with ``iterparse``.
    """
    parser = etree.XMLPullParser(events=events, encoding="utf-8", resolve_entities=False, no_network=True, huge_tree=False)
    data = text.encode("utf-8")
    for at in range(0, len(data) or 1, _FEED_BYTES):
        try:
            parser.feed(data[at:at + _FEED_BYTES])
        except etree.XMLSyntaxError:
            yield from parser.read_events()
            raise
        yield from parser.read_events()
    parser.close()  # on a cut-off text it raises; the elements it would close are not real ends, left unread
    yield from parser.read_events()


def looks_like_atom(text: str) -> bool:
    """Whether the root element (parsed from the first few KB) is an Atom ``feed``.

    >>> looks_like_atom('<?xml version="1.0"?><!-- saved --><feed xmlns="http://www.w3.org/2005/Atom">')
    True
    >>> looks_like_atom('<feed xmlns="http://example.org/other"></feed>')
    False
    """
    head = text[:_HEAD_CHARS]
    if not head.lstrip().startswith("<"):
        return False
    try:
        for _, root in _events(head, ("start",)):
            return bool(root.tag == f"{_ATOM}feed")
    except etree.XMLSyntaxError:
        return False  # not XML before the root element opened (an error after it is a cut head)
    return False


def _text(element: Any, tag: str) -> str:
    child = element.find(tag)
    return "".join(child.itertext()) if child is not None else ""


def _read_entry(entry: Any, number: int, day: str | None, result: ReadResult, source: str) -> None:
    raw_id = _text(entry, f"{_ATOM}id").strip()
    if raw_id.partition("://")[2].startswith(_ERROR_ID):
        message = clean_text(_text(entry, f"{_ATOM}summary")) or raw_id
        raise InputError(source, f"the arXiv API answered with an error: {message}; check the query", line=entry.sourceline)
    arxiv_id = find_arxiv_id(raw_id)
    record = {
        "title": _text(entry, f"{_ATOM}title"),
        "abstract": _text(entry, f"{_ATOM}summary"),
        "id": arxiv_id or raw_id or None,
        "url": f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        "authors": [_text(author, f"{_ATOM}name") for author in entry.iterfind(f"{_ATOM}author")],
        "published": _text(entry, f"{_ATOM}published"),
        "date": day,
    }
    try:
        paper = entry_from_record(record, entry.sourceline)
    except ValueError as error:
        result.problems.append(InputError(source, f"entry {number}: {error}; skipped", line=entry.sourceline))
        return
    primary = entry.find(f"{_ARXIV}primary_category")
    terms = [primary.get("term")] if primary is not None else []
    terms += [category.get("term") for category in entry.iterfind(f"{_ATOM}category")]
    categories = tuple(dict.fromkeys(t.strip() for t in terms if t and t.strip()))
    result.entries.append(dataclasses.replace(paper, categories=categories))


def _reason(error: etree.XMLSyntaxError) -> str:
    """libxml2's message without the ", line N, column M" that lxml appends."""
    return error.error_log.last_error.message if error.error_log else error.msg


def _broken(error: etree.XMLSyntaxError, text: str, source: str, closed: bool, read: int) -> InputError:
    """The one problem for a feed that stops being XML after its root opened."""
    reason = _reason(error)
    if closed:
        return InputError(source, f"text after the closing </feed> ignored ({reason})", line=error.lineno)
    if error.lineno >= text.rstrip().count("\n") + 1:
        message = f"the feed is cut off here ({reason}); the {read} complete entries before it were read, download it again for the rest"
    else:
        message = f"not well-formed XML ({reason}); the {read} entries before it were read, the rest skipped"
    return InputError(source, message, line=error.lineno)


def read_arxiv_atom(text: str, source: str) -> ReadResult:
    """Read a saved arXiv API feed; an entry without a title is reported and skipped.

    Raises :class:`InputError` for text that is not an Atom feed, for a DOCTYPE
    that declares entities (no arXiv feed does) and for arXiv's error feed.
    A feed cut off part-way keeps its complete entries and gets one problem.
    """
    result = ReadResult(FORMAT)
    root: Any = None
    day = None
    closed = False
    number = 0
    try:
        for event, element in _events(text, ("start", "end")):
            if root is None:
                root = element
                if root.tag != f"{_ATOM}feed":
                    raise InputError(source, f"not an Atom feed: the root element is {root.tag!r}, not the Atom <feed>; is this a saved arXiv API answer?", line=root.sourceline)
                dtd = root.getroottree().docinfo.internalDTD
                if dtd is not None and any(True for _ in dtd.iterentities()):
                    raise InputError(source, "the DOCTYPE declares XML entities, which no arXiv feed does; refused rather than expanded", line=root.sourceline)
                day = normalise_date(root.get(_KG_DATE))
            elif event == "end" and element is root:
                closed = True
            elif event == "end" and element.tag == f"{_ATOM}entry" and element.getparent() is root:
                number += 1
                _read_entry(element, number, day, result, source)
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del root[0]  # read entries are dropped, so a long feed is read in little memory
    except etree.XMLSyntaxError as error:
        if root is None:
            raise InputError(source, f"not well-formed XML ({_reason(error)}); is this a saved arXiv API feed?", line=error.lineno) from None
        result.problems.append(_broken(error, text, source, closed, len(result.entries)))
    if day:
        result.date, result.date_text = day, root.get(_KG_DATE).strip()
    else:
        days = {paper.published for paper in result.entries}
        if len(days) == 1 and None not in days:  # every paper published the same day
            result.date = result.date_text = days.pop()
    return result

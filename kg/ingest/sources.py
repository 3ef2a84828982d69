"""Open an input path, check it is a readable text listing, and pick its reader."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from kg.errors import InputError, UnknownFormat
from kg.ingest.arxiv_atom import looks_like_atom, read_arxiv_atom
from kg.ingest.hf_api import looks_like_hf_api, read_hf_api
from kg.ingest.hf_daily import looks_like_hf_daily, read_hf_daily
from kg.ingest.records import read_csv, read_json_records, read_jsonl
from kg.ingest.result import ReadResult
from kg.ingest.text import data_lines

__all__ = ["FORMATS", "decode", "detect_format", "read_path", "read_text"]

FORMATS = ("hf-daily", "jsonl", "csv", "hf-api", "json", "arxiv")
_HTML_RE = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
_MAX_BYTES = 1 << 30


def decode(data: bytes, source: str) -> tuple[str, InputError | None]:
    """UTF-8 text from bytes, refusing empty, binary and mis-encoded files.

    A file cut off in the middle of a multi-byte character decodes up to the
    cut and returns a problem saying so, since the part before is good.
    """
    if not data.strip():
        raise InputError(source, "file is empty; nothing to read")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(source, "binary file (NUL bytes), not a text listing; name the saved .txt, .jsonl, .csv or .json file instead", offset=head.index(b"\x00"))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            text = data[: error.start].decode("utf-8-sig")
            return text, InputError(source, "file ends in the middle of a character: it looks cut off", offset=error.start)
        bad = data[error.start : error.start + 1].hex()
        raise InputError(
            source,
            f"not UTF-8 (byte 0x{bad} cannot be decoded); re-save the file as UTF-8",
            offset=error.start,
        ) from None


def _first_line(text: str) -> str:
    return next((line for line in data_lines(text) if line.strip()), "")


def _looks_like_csv(text: str) -> bool:
    first = _first_line(text).lower()
    return any("title" in (c.strip().strip('"') for c in first.split(sep)) for sep in (",", "\t", ";"))


def detect_format(text: str) -> str:
    """Name the reader for this content: one of :data:`FORMATS`.

    Raises :class:`UnknownFormat` for HTML and for text no reader recognises.
    """
    stripped = text.lstrip()
    if looks_like_atom(stripped):  # before the HTML check, which takes a leading comment for HTML
        return "arxiv"
    if _HTML_RE.match(stripped):
        raise UnknownFormat("", "this is an HTML page, not a saved text listing; save the page as text (or fetch api/daily_papers JSON) and try again")
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        return "jsonl"
    if _looks_like_csv(text):
        return "csv"
    if looks_like_hf_daily(text):
        return "hf-daily"
    raise UnknownFormat("", "no papers found: not a saved Daily Papers page, JSON Lines, CSV, api/daily_papers JSON or arXiv API Atom feed; try --format to force a reader")


def read_text(text: str, source: str, format: str | None = None) -> ReadResult:
    """Read decoded text with the given reader, or the one its content calls for."""
    if format is None:
        try:
            format = detect_format(text)
        except UnknownFormat as error:
            raise UnknownFormat(source, error.message) from None
    if format == "hf-daily":
        first = _first_line(text).lstrip()
        if first.startswith(("{", "[")):  # a forced reader would make titles of raw JSON lines
            raise InputError(source, f"--format hf-daily, but the file holds JSON (it starts with {first[:1]!r}); "
                                     "leave out --format, or give --format jsonl or json", line=1)
        return read_hf_daily(text, source)
    if format == "jsonl":
        return read_jsonl(text, source)
    if format == "csv":
        return read_csv(text, source)
    if format == "arxiv":
        return read_arxiv_atom(text, source)
    if format in ("json", "hf-api"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(source, f"not valid JSON ({error.msg})", line=error.lineno) from None
        if isinstance(data, dict):
            data = next((v for k, v in data.items() if k in ("papers", "data", "items") and isinstance(v, list)), [data])
        if not isinstance(data, list):
            raise InputError(source, "JSON is neither a list of papers nor an object holding one")
        if format == "hf-api" and not looks_like_hf_api(data) and not any(
                isinstance(r, dict) and "summary" in r for r in data):  # forced on flat records: every abstract lost
            found = sorted({k for r in data[:20] if isinstance(r, dict) for k in r})[:8]
            raise InputError(source, f"--format hf-api, but no record has a nested 'paper' or a 'summary' (they have: "
                                     f"{', '.join(found) or 'no fields'}); leave out --format, or give --format json")
        if format == "hf-api" or looks_like_hf_api(data):
            return read_hf_api(data, source)
        return read_json_records(data, source)
    raise UnknownFormat(source, f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


def read_path(path: str | os.PathLike[str], format: str | None = None) -> ReadResult:
    """Read one input file; raises :class:`InputError` when nothing in it can be read."""
    source = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(source, "no such file; check the path")
    if p.is_dir():
        raise InputError(source, f"is a directory; name the files in it instead, e.g. {os.path.join(source, '*.txt')}")
    if not p.is_file():
        raise InputError(source, "is not a regular file (a device, pipe or socket); save the listing to a file and name that")
    try:
        size = p.stat().st_size
        if size > _MAX_BYTES:
            raise InputError(source, f"file is {size} bytes; split it into files under 1 GiB")
        data = p.read_bytes()
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror})") from None
    text, problem = decode(data, source)
    result = read_text(text, source, format)
    result.digest = hashlib.sha256(data).hexdigest()
    if problem is not None and not any("cut off" in p.message for p in result.problems):
        result.problems.append(problem)  # one line per cut file: the reader's names the entry
    if not result.entries and not result.problems:
        result.problems.append(InputError(source, "no papers found in this file; nothing to read"))
    if result.date is None:
        dates = {e.date for e in result.entries}
        if len(dates) == 1 and None not in dates:  # every record agrees on the day
            result.date = result.date_text = dates.pop()
    return result

"""Open an input path, check it is a readable text listing, and pick its reader."""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
from pathlib import Path

from kg.errors import InputError, UnknownFormat
from kg.ingest.arxiv_atom import looks_like_atom, read_arxiv_atom
from kg.ingest.hf_api import looks_like_hf_api, read_hf_api
from kg.ingest.hf_daily import looks_like_hf_daily, read_hf_daily
from kg.ingest.records import read_csv, read_json_records, read_jsonl
from kg.ingest.result import ReadResult
from kg.ingest.text import data_lines, first_line

__all__ = ["FORMATS", "decode", "detect_format", "read_path", "read_text"]

FORMATS = ("hf-daily", "jsonl", "csv", "hf-api", "json", "arxiv")
_HTML_RE = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
_MAX_BYTES = 1 << 30


def decode(data: bytes, source: str) -> tuple[str, InputError | None]:
    """UTF-8 text from bytes (or UTF-16/32, as Windows saves "Unicode" text), refusing empty, binary and
    mis-encoded files.

    A file cut off in the middle of a multi-byte character decodes up to the
    cut and returns a problem saying so, since the part before is good.
    """
    if not data.strip():
        raise InputError(source, "file is empty; nothing to read")
    wide = _wide_encoding(data)
    if wide is not None:
        return _decode_wide(data, wide, source)
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


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE begins both
          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` for text saved so (a byte-order mark, or ASCII with every other byte NUL), else None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    if len(head) >= 4 and head[1::2].count(0) >= 0.9 * len(head[1::2]) and head[0::2].count(0) < 0.1 * len(head[0::2]):
        return "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) >= 0.9 * len(head[0::2]) and head[1::2].count(0) < 0.1 * len(head[1::2]):
        return "utf-16-be"
    return None


def _decode_wide(data: bytes, encoding: str, source: str) -> tuple[str, InputError | None]:
    """UTF-16 or UTF-32 text (Windows' "Unicode" files) read as such, or one line saying how to re-save it."""
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as error:
        raise InputError(source, f"looks like {encoding.upper()} text but byte {error.start} cannot be decoded; "
                                 "re-save the file as UTF-8", offset=error.start) from None


_COLUMN_RE = re.compile(r"[A-Za-z_][\w .-]{0,39}")


def _header_without_title(text: str) -> str:
    """The column names of a first line that reads as a CSV header (two or more short names), else ``""``."""
    first = first_line(text)
    for sep in (",", "\t", ";"):
        names = [c.strip().strip('"') for c in first.split(sep)]
        if len(names) >= 2 and all(_COLUMN_RE.fullmatch(n) for n in names):
            return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return ""


def _looks_like_csv(text: str) -> bool:
    first = first_line(text).lower()
    return any("title" in (c.strip().strip('"') for c in first.split(sep)) for sep in (",", "\t", ";"))


def _one_json_object(text: str) -> bool:
    """Whether the whole text is one JSON document over several lines, or one holding a list of papers
    (``{"data": {"papers": [...]}}``), rather than JSON Lines. Cheap on JSON Lines: the parser stops at the
    second object."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and ("\n" in text.strip() or _records_in(data) != [data])


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
        return "json" if _one_json_object(text) else "jsonl"
    if _looks_like_csv(text):
        return "csv"
    if looks_like_hf_daily(text):
        return "hf-daily"
    header = _header_without_title(text)
    if header:
        raise UnknownFormat("", f"looks like CSV but has no 'title' column (columns: {header}); name the title column "
                                "'title', or try --format")
    raise UnknownFormat("", "no papers found: not a saved Daily Papers page, JSON Lines, CSV, api/daily_papers JSON or arXiv API Atom feed; try --format to force a reader")


_WRAPPERS = ("papers", "data", "items", "results", "records", "entries")


def _records_in(data: object, depth: int = 3) -> object:
    """The list of records a JSON document holds: itself, or under ``papers``, ``data``, ``items`` (and the
    like) up to three objects deep (``{"data": {"papers": [...]}}``); an object holding none is one record."""
    if not isinstance(data, dict) or depth == 0:
        return data
    for key in _WRAPPERS:
        inner = _records_in(data.get(key), depth - 1)
        if isinstance(inner, list):
            return inner
    return [data]


def _forced_jsonl(text: str, source: str) -> ReadResult:
    """JSON Lines as the user said; a file of which no line is JSON is one error, not one a line."""
    result = read_jsonl(text, source)
    if not result.entries and result.problems and all("not valid JSON" in p.message for p in result.problems):
        raise InputError(source, f"--format jsonl, but no line is JSON (the first starts with "
                                 f"{first_line(text).lstrip()[:20]!r}); leave out --format", line=1)
    return result


def read_text(text: str, source: str, format: str | None = None) -> ReadResult:
    """Read decoded text with the given reader, or the one its content calls for."""
    if format is None:
        try:
            format = detect_format(text)
        except UnknownFormat as error:
            raise UnknownFormat(source, error.message, line=1 if "column" in error.message else None) from None
    elif format == "jsonl":
        return _forced_jsonl(text, source)
    if format == "hf-daily":
        first = first_line(text).lstrip()
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
        except RecursionError:
            raise InputError(source, "JSON nested too deeply to hold paper records; check the file") from None
        data = _records_in(data)
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


def _check_file(p: Path, source: str) -> None:
    """Raise :class:`InputError` saying why ``p`` is no readable listing file: missing, a dangling or looping
    link, a directory, a device, too large."""
    try:
        info = p.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(source, "is a symbolic link that leads back to itself; point it at the listing file") from None
        if error.errno == errno.ENOENT and p.is_symlink():
            raise InputError(source, f"is a symbolic link to {os.readlink(p)}, which does not exist; check the link") from None
        if error.errno == errno.ENOENT:
            raise InputError(source, "no such file; check the path") from None
        raise InputError(source, f"cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(source, f"is a directory; name the files in it instead, e.g. {os.path.join(source, '*.txt')}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(source, "is not a regular file (a device, pipe or socket); save the listing to a file and name that")
    if info.st_size > _MAX_BYTES:
        raise InputError(source, f"file is {info.st_size} bytes; split it into files under 1 GiB")


def _report_cut(result: ReadResult, cut: InputError, text: str) -> None:
    """One line for a file cut off inside a character: the reader's own about its last entry, if it has one."""
    if any("cut off" in p.message for p in result.problems):
        return
    last = len(data_lines(text))
    for i, problem in enumerate(result.problems):
        if problem.line == last:
            result.problems[i] = InputError(problem.path, f"{problem.message}: the file ends in the middle of a character "
                                                          "there, it looks cut off", line=last)
            return
    result.problems.append(cut)


def read_path(path: str | os.PathLike[str], format: str | None = None) -> ReadResult:
    """Read one input file; raises :class:`InputError` when nothing in it can be read."""
    source = str(path)
    p = Path(path)
    _check_file(p, source)
    try:
        data = p.read_bytes()
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror})") from None
    text, problem = decode(data, source)
    result = read_text(text, source, format)
    result.digest = hashlib.sha256(data).hexdigest()
    if problem is not None:
        _report_cut(result, problem, text)
    if not result.entries and not result.problems:
        result.problems.append(InputError(source, "no papers found in this file; nothing to read"))
    if result.date is None:
        dates = {e.date for e in result.entries}
        if len(dates) == 1 and None not in dates:  # every record agrees on the day
            result.date = result.date_text = dates.pop()
    return result

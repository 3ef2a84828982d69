"""Readers for tabular paper records: JSON Lines, a JSON list, and CSV.

Columns: ``title`` (required), ``abstract``, and optional ``id``, ``arxiv_id``,
``url``, ``date`` (the day the paper was listed), ``published``, ``authors``
(a list, or one string split on ``;``, else on ``,``) and ``comments``; and
the fields of richer sources: ``upvotes``, ``github_repo``, ``github_stars``,
``project_page``, ``keywords``, ``organization``, ``submitter``,
``submitted``, ``categories``, ``hub_models``, ``hub_datasets``,
``hub_spaces`` (lists, or strings split on ``;``).
Unknown columns are ignored.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from kg.errors import InputError, UnknownFormat
from kg.ingest.result import ReadResult
from kg.ingest.text import clean_text, data_lines, find_arxiv_id, parse_full_date
from kg.model import Entry

__all__ = ["entry_from_record", "normalise_date", "read_csv", "read_json_records", "read_jsonl"]

_ABSTRACT_KEYS = ("abstract", "summary")
_AUTHOR_COUNT_KEYS = ("author_count", "num_authors", "n_authors")


def normalise_date(value: Any) -> str | None:
    """ISO date from ``2024-03-11``, ``2024-03-11T09:00:00Z`` or ``Mar 11, 2024``."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        candidate: str | None = text[:10]
    else:
        full = parse_full_date(text)
        candidate = full[0] if full else None
    try:
        return datetime.date.fromisoformat(candidate).isoformat() if candidate else None
    except ValueError:
        return None  # "2024-13-45" is no date


def _authors(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        sep = ";" if ";" in value else ","
        return tuple(a for a in (clean_text(part) for part in value.split(sep)) if a)
    if isinstance(value, list):
        names = []
        for item in value:
            name = item.get("name") if isinstance(item, Mapping) else item
            if isinstance(name, str) and name.strip():
                names.append(clean_text(name))
        return tuple(names)
    return ()


def _int_or_none(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number >= 0 else None


def _text_or_none(value: Any) -> str | None:
    return clean_text(value) or None if isinstance(value, str) else None


def _strings(value: Any) -> tuple[str, ...]:
    """A list of strings, or one string split on ``;``: de-duplicated, order kept."""
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(t for t in (clean_text(v) for v in value if isinstance(v, str)) if t))


def entry_from_record(record: Mapping[str, Any], line: int) -> Entry:
    """Map one record to an :class:`Entry`; raises ``ValueError`` naming the problem."""
    fields = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    title = fields.get("title")
    if not isinstance(title, str) or not clean_text(title):
        raise ValueError("record has no title")
    abstract = next((fields[k] for k in _ABSTRACT_KEYS if isinstance(fields.get(k), str)), "")
    source_id = fields.get("id")
    source_id = str(source_id).strip() if source_id not in (None, "") else None
    url = fields.get("url") if isinstance(fields.get("url"), str) else None
    arxiv_id = (
        find_arxiv_id(str(fields["arxiv_id"])) if fields.get("arxiv_id") else None
    ) or find_arxiv_id(source_id) or find_arxiv_id(url)
    authors = _authors(fields.get("authors"))
    author_count = next((_int_or_none(fields[k]) for k in _AUTHOR_COUNT_KEYS if k in fields), None)
    if isinstance(fields.get("authors"), (int, float)) and not isinstance(fields.get("authors"), bool):
        author_count = _int_or_none(fields["authors"])
    return Entry(
        title=clean_text(title),
        abstract=clean_text(abstract),
        line=line,
        arxiv_id=arxiv_id,
        url=url.strip() if url else None,
        source_id=source_id,
        authors=authors,
        author_count=author_count if author_count is not None else (len(authors) or None),
        published=normalise_date(fields.get("published")),
        comments=_int_or_none(fields.get("comments")),
        date=normalise_date(fields.get("date")),
        upvotes=_int_or_none(fields.get("upvotes")),
        github_repo=_text_or_none(fields.get("github_repo")),
        github_stars=_int_or_none(fields.get("github_stars")),
        project_page=_text_or_none(fields.get("project_page")),
        keywords=_strings(fields.get("keywords")),
        organization=_text_or_none(fields.get("organization")),
        submitter=_text_or_none(fields.get("submitter")),
        submitted=normalise_date(fields.get("submitted")),
        categories=_strings(fields.get("categories")),
        hub_models=_strings(fields.get("hub_models")),
        hub_datasets=_strings(fields.get("hub_datasets")),
        hub_spaces=_strings(fields.get("hub_spaces")),
    )


def _collect(result: ReadResult, source: str, numbered: Iterable[tuple[int, Any]], unit: str) -> ReadResult:
    for number, record in numbered:
        if not isinstance(record, Mapping):
            result.problems.append(InputError(source, f"{unit} {number} is not an object; skipped", line=number))
            continue
        try:
            result.entries.append(entry_from_record(record, number))
        except ValueError as error:
            result.problems.append(InputError(source, f"{error}; skipped", line=number))
    return result


def read_jsonl(text: str, source: str) -> ReadResult:
    """One JSON object a line; a bad line is reported and the rest still read."""
    result = ReadResult("jsonl")
    records = []
    for number, line in enumerate(data_lines(text), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            result.problems.append(InputError(source, f"not valid JSON ({error.msg}, column {error.colno}); line skipped", line=number))
    return _collect(result, source, records, "line")


def read_json_records(records: list[Any], source: str) -> ReadResult:
    """A JSON list of flat records (numbered from 1 in messages)."""
    return _collect(ReadResult("json"), source, enumerate(records, start=1), "record")


def read_csv(text: str, source: str) -> ReadResult:
    """CSV or TSV with a header row that names a ``title`` column."""
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect, strict=True)
    columns = [c.strip().lower() for c in (reader.fieldnames or []) if c]
    if "title" not in columns:
        raise UnknownFormat(source, f"CSV has no 'title' column (columns: {', '.join(columns) or 'none'}); add one or try --format", line=1)
    result = ReadResult("csv")
    rows = []
    row_start = reader.line_num + 1
    try:
        for row in reader:
            rows.append((row_start, {k: v for k, v in row.items() if k is not None}))
            row_start = reader.line_num + 1
    except csv.Error as error:
        hint = " (a quoted field is never closed)" if "end of data" in str(error) else ""
        result.problems.append(InputError(source, f"malformed CSV row: {error}{hint}; rest of file skipped", line=row_start))
    return _collect(result, source, rows, "row")

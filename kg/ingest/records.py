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
from kg.ingest.text import clean_text, data_lines, find_arxiv_id, first_line, parse_full_date, web_url
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


def _kind_of(value: Any) -> str:
    """What a JSON value is, in a user's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, Mapping):
        return "an object"
    return "a list" if isinstance(value, list) else "null"


def _title(fields: Mapping[str, Any]) -> str:
    title = fields.get("title")
    if isinstance(title, str):
        if clean_text(title):
            return clean_text(title)
        raise ValueError("record has no title (its 'title' is blank)")
    if title is not None:
        raise ValueError(f"'title' is {_kind_of(title)}, not text")
    found = ", ".join(sorted(fields)[:8]) or "no fields"
    raise ValueError(f"record has no title (no 'title' field; it has: {found})")


def _identifier(fields: Mapping[str, Any], key: str) -> str | None:
    """An id as text: strings as given, whole numbers in digits; anything else is refused, not guessed at
    (``2401.10000`` written as a number has lost its last digits)."""
    value = fields.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    hint = f'; write it as text ("{value}" with all its digits)' if isinstance(value, float) else "; give text or a whole number"
    raise ValueError(f"'{key}' is {_kind_of(value)}{hint}")


def entry_from_record(record: Mapping[str, Any], line: int) -> Entry:
    """Map one record to an :class:`Entry`; raises ``ValueError`` naming the problem."""
    fields = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    title = _title(fields)
    abstract = next((fields[k] for k in _ABSTRACT_KEYS if isinstance(fields.get(k), str)), "")
    source_id = _identifier(fields, "id")
    url = web_url(fields.get("url"))
    given_arxiv_id = _identifier(fields, "arxiv_id")
    arxiv_id = (find_arxiv_id(given_arxiv_id) if given_arxiv_id else None) or find_arxiv_id(source_id) or find_arxiv_id(url)
    authors = _authors(fields.get("authors"))
    author_count = next((_int_or_none(fields[k]) for k in _AUTHOR_COUNT_KEYS if k in fields), None)
    if isinstance(fields.get("authors"), (int, float)) and not isinstance(fields.get("authors"), bool):
        author_count = _int_or_none(fields["authors"])
    return Entry(
        title=title,
        abstract=clean_text(abstract),
        line=line,
        arxiv_id=arxiv_id,
        url=url,
        source_id=source_id,
        authors=authors,
        author_count=author_count if author_count is not None else (len(authors) or None),
        published=normalise_date(fields.get("published")),
        comments=_int_or_none(fields.get("comments")),
        date=normalise_date(fields.get("date")),
        upvotes=_int_or_none(fields.get("upvotes")),
        github_repo=web_url(fields.get("github_repo")),
        github_stars=_int_or_none(fields.get("github_stars")),
        project_page=web_url(fields.get("project_page")),
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
        except RecursionError:
            result.problems.append(InputError(source, "JSON nested too deeply to be a paper record; line skipped", line=number))
    return _collect(result, source, records, "line")


def read_json_records(records: list[Any], source: str) -> ReadResult:
    """A JSON list of flat records (numbered from 1 in messages)."""
    return _collect(ReadResult("json"), source, enumerate(records, start=1), "record")


class _Separated(csv.excel):
    """RFC 4180 CSV (the ``csv`` module's and spreadsheets' own), with the header's separator."""


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma, tab or semicolon: whichever sets ``title`` apart in the header. The header says it; a guess
    from the rows (``csv.Sniffer``) took quotes or semicolons inside fields for the dialect."""
    first = first_line(text)
    for delimiter in (",", "\t", ";"):
        if delimiter in first and "title" in (c.strip().strip('"').strip().lower() for c in first.split(delimiter)):
            return type("Separated", (_Separated,), {"delimiter": delimiter})
    # One column: nothing separates fields (a lone surrogate is in no text decoded from UTF-8), so a comma in a
    # title stays in it.
    return type("Separated", (_Separated,), {"delimiter": "\ud800"})


def _header(reader: csv.DictReader, text: str, source: str) -> list[str]:
    """The header's column names; :class:`UnknownFormat` when the first line is no CSV header with a title."""
    first = text.lstrip()[:1]
    if first in ("{", "["):
        raise UnknownFormat(source, f"--format csv, but the file holds JSON (it starts with {first!r}); leave out "
                                    "--format, or give --format jsonl or json", line=1)
    try:
        names = reader.fieldnames or []
    except csv.Error as error:
        raise UnknownFormat(source, f"the first line is no CSV header ({error}); check the file, or try --format", line=1) from None
    columns = [c.strip().lower() for c in names if c]
    if "title" not in columns:
        shown = ", ".join(c if len(c) <= 40 else c[:37] + "..." for c in columns[:8])
        more = f" and {len(columns) - 8} more" if len(columns) > 8 else ""
        raise UnknownFormat(source, f"CSV has no 'title' column (columns: {shown or 'none'}{more}); add one or try --format", line=1)
    return columns


# A title longer than this is no title (the longest arXiv titles hold about 250 characters).
_LONGEST_TITLE = 300


def _swallowed_rows(title: str, delimiter: str) -> bool:
    """A title that holds the column separator on a later line, and over three lines or longer than any
    title: rows read into one field, as a quote never closed does (a two-line title with a comma is kept)."""
    lines = title.split("\n")
    return any(delimiter in line for line in lines[1:]) and (len(lines) > 2 or len(title) > _LONGEST_TITLE)


def read_csv(text: str, source: str) -> ReadResult:
    """CSV or TSV with a header row that names a ``title`` column.

    A quote that is never closed reads the rows after it into one field: a
    title that runs over lines holding the separator is reported with the
    line its quote opens on, not kept as a paper.
    """
    dialect = _dialect(text)
    reader = csv.DictReader(io.StringIO(text, newline=None), dialect=dialect, strict=True)  # \r alone ends a line too
    _header(reader, text, source)
    result = ReadResult("csv")
    rows = []
    row_start = reader.line_num + 1
    try:
        for row in reader:
            fields = {k: v for k, v in row.items() if k is not None}
            title = next((v for k, v in fields.items() if k.strip().lower() == "title" and isinstance(v, str)), "")
            extra = [v for v in row.get(None) or () if v and v.strip()]
            if extra:
                result.problems.append(InputError(
                    source, f"row has {len(fields) + len(row[None])} fields, the header {len(fields)}: a separator "
                            f"({dialect.delimiter!r}) inside a field that is not quoted? quote that field; row skipped",
                    line=row_start))
            elif _swallowed_rows(title, dialect.delimiter):
                result.problems.append(InputError(
                    source, f"the title runs over lines {row_start} to {reader.line_num} and holds the rows between: "
                            f"a quote opened on line {row_start} is probably never closed; close it; row skipped", line=row_start))
            else:
                rows.append((row_start, fields))
            row_start = reader.line_num + 1
    except csv.Error as error:
        hint = " (a quoted field is never closed)" if "end of data" in str(error) else ""
        result.problems.append(InputError(source, f"malformed CSV row: {error}{hint}; rest of file skipped", line=row_start))
    return _collect(result, source, rows, "row")

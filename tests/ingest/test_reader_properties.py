"""Property tests for the record readers (JSON Lines, CSV, JSON and the Hub's JSON, arXiv Atom).

Two kinds of input. Arbitrary text: a reader either returns entries and problems
or raises :class:`InputError` naming the file, and never anything else.
Real-looking records, serialised and then perturbed (junk lines, odd keys and
quoting, fields of the wrong type): every well-formed record comes back as one
entry with its title, in order; every bad one is one problem that names the
file; a record with a field of the wrong type is one or the other.
Bugs these tests found are kept at the end: the property that found each one and
its minimal reproducer.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest.arxiv_atom import read_arxiv_atom
from kg.ingest.records import read_csv, read_jsonl
from kg.ingest.result import ReadResult
from kg.ingest.sources import read_text
from kg.ingest.text import clean_text

SOURCE = "in.data"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- what every read must satisfy


def assert_sound(result: ReadResult) -> None:
    """Entries have titles; every problem is an InputError that names the file and says what is wrong."""
    for entry in result.entries:
        assert isinstance(entry.title, str) and entry.title.strip()
    for problem in result.problems:
        assert isinstance(problem, InputError)
        assert problem.path == SOURCE and problem.message


def read_or_input_error(reader, text: str) -> ReadResult | None:
    """The reader's result, or None when it raised an InputError that names the file (nothing else may escape)."""
    try:
        result = reader(text, SOURCE)
    except InputError as error:
        assert error.path == SOURCE and error.message
        return None
    assert_sound(result)
    return result


# ---------------------------------------------------------------- strategies

WORDS = st.sampled_from([
    "Diffusion", "Transformers", "for", "Image", "Retrieval", "REPA", "GPT-4", "café", "naïve", "深度学习", "Ωmega",
    "3D", "—", '"quoted"', "a,b", "semi;colon", "tab\there", "new\nline", "{braces}", "$\\alpha$", "&amp;", "<b>x</b>",
    "]]>", "\u2028", "e.g.", "(LFN)", "x\r\ny",
])
TITLES = (st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=10)), min_size=1, max_size=8)
          .map(" ".join).filter(lambda title: bool(clean_text(title))))
BLANK_TITLES = st.sampled_from(["", " ", "\t", "\u3000", " \n "])
ABSTRACTS = st.lists(st.one_of(WORDS, st.text(max_size=30)), max_size=12).map(" ".join)
ARXIV_IDS = st.from_regex(r"\A(?:https://arxiv\.org/abs/)?[0-9]{4}\.[0-9]{4,5}(?:v[0-9])?\Z")
DATES = st.one_of(st.dates().map(str), st.sampled_from(["2024-03-11T09:00:00Z", "Mar 11, 2024", "2024-13-45", "",
                                                        "0000-00-00", "Feb 30, 2023"]), st.text(max_size=12))
NAMES = st.sampled_from(["Ada Quill", "Bo Reed", "Zoë Ñandú", "李雷", "", "  "])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


REAL_FIELDS = {
    "abstract": ABSTRACTS,
    "id": ARXIV_IDS,
    "arxiv_id": ARXIV_IDS,
    "url": ARXIV_IDS.map(lambda i: f"https://arxiv.org/abs/{i.rsplit('/', 1)[-1]}"),
    "date": DATES,
    "published": DATES,
    "authors": st.one_of(st.lists(NAMES, max_size=4), st.lists(NAMES, max_size=4).map("; ".join),
                         st.lists(st.fixed_dictionaries({"name": NAMES}), max_size=3)),
    "comments": st.integers(-3, 10**30),
    "upvotes": st.integers(-3, 500).map(str),
    "keywords": st.lists(st.text(max_size=8), max_size=3),
    "github_repo": st.just("https://github.com/a/b"),
    "categories": st.just("cs.CV; cs.LG"),
    "notes": JSON_VALUES,  # a column no reader knows: ignored, whatever it holds
}
# The same fields, any of them holding any JSON value: the reader may refuse the record, but must say so.
ODD_FIELDS = {key: st.one_of(real, JSON_VALUES) for key, real in REAL_FIELDS.items()}
TITLE_KEYS = st.sampled_from(["title", "Title", " TITLE "])


@st.composite
def flat_records(draw, title=TITLES, fields=REAL_FIELDS) -> dict:
    """A record as JSON Lines or a JSON list holds it: a title under some spelling of the key, other fields or not."""
    record = draw(st.fixed_dictionaries({}, optional=fields))
    record[draw(TITLE_KEYS)] = draw(title)
    return record


BAD_RECORDS = st.one_of(
    flat_records(title=BLANK_TITLES, fields=ODD_FIELDS),
    flat_records(title=st.one_of(st.none(), st.integers(), st.lists(st.text(max_size=3), max_size=2)), fields=ODD_FIELDS),
    st.fixed_dictionaries({}, optional={"abstract": ABSTRACTS, "id": ARXIV_IDS}),
)
# What the test knows of a record: it must come back ("good"), must not ("bad"), or may be refused with a problem ("odd").
KINDS = st.lists(st.sampled_from(["good", "good", "odd", "bad"]), max_size=12)


def title_of(record: dict) -> str:
    return clean_text(next(v for k, v in record.items() if k.strip().lower() == "title"))


def assert_one_outcome_per_record(result: ReadResult, expected: dict[int, tuple[str, str | None]]) -> None:
    """``expected`` maps a record's number (or line) to its kind and title. Good records come back with their
    title, bad ones never, odd ones with their title or not at all; every record gives one entry or one problem."""
    came_back = {entry.line: entry.title for entry in result.entries}
    assert len(came_back) == len(result.entries)
    for number, (kind, title) in expected.items():
        if kind == "good":
            assert came_back.get(number) == title, f"record {number} lost or misread"
        elif kind == "bad":
            assert number not in came_back, f"record {number} has no title but came back"
        elif number in came_back:
            assert came_back[number] == title
    assert set(came_back) <= {n for n, (kind, _) in expected.items() if kind != "bad"}
    assert len(result.entries) + len(result.problems) == len(expected)
    for problem in result.problems:
        assert problem.line is None or (problem.line in expected and problem.line not in came_back)


# ---------------------------------------------------------------- arbitrary text

DEEP = st.integers(1, 3000).flatmap(lambda n: st.sampled_from(["[" * n, '{"a":' * n, "[" * n + "]" * n]))
PREFIXES = st.sampled_from(["", "{", "[", "title,abstract\n", '{"title": "x"}\n', "<feed xmlns='http://www.w3.org/2005/Atom'>",
                            '<?xml version="1.0"?>', "<!DOCTYPE feed [<!ENTITY e 'x'>]>", "\ufeff"])
ANY_TEXT = st.one_of(st.text(max_size=400), st.tuples(PREFIXES, st.text(max_size=300)).map("".join))


@SETTINGS
@given(ANY_TEXT)
def test_jsonl_reader_on_any_text_reads_or_reports(text):
    read_or_input_error(read_jsonl, text)


@SETTINGS
@given(ANY_TEXT)
def test_csv_reader_on_any_text_reads_or_reports(text):
    read_or_input_error(read_csv, text)


@SETTINGS
@given(ANY_TEXT)
def test_atom_reader_on_any_text_reads_or_reports(text):
    read_or_input_error(read_arxiv_atom, text)


@SETTINGS
@given(ANY_TEXT)
def test_format_detection_on_any_text_reads_or_reports(text):
    read_or_input_error(read_text, text)


# ---------------------------------------------------------------- JSON Lines round trip

JUNK_LINES = st.one_of(
    st.sampled_from(["[1, 2]", "null", '"a string"', "{", '{"title": broken', "42"]),
    BAD_RECORDS.map(json.dumps),
    st.text(max_size=40).filter(lambda line: "\n" not in line and not line.lstrip().startswith("{")),
)


@st.composite
def jsonl_files(draw) -> tuple[str, dict[int, tuple[str, str | None]]]:
    """(text, what each line that is not blank should give, by line number)."""
    lines, expected = [], {}
    for kind in draw(KINDS):
        if kind == "bad":
            line = draw(JUNK_LINES)
            title = None
        else:
            record = draw(flat_records(fields=REAL_FIELDS if kind == "good" else ODD_FIELDS))
            line, title = json.dumps(record, ensure_ascii=draw(st.booleans())), title_of(record)
        lines.append(line)
        if line.strip():
            expected[len(lines)] = (kind, title)
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "   ", "\t"])))  # blank lines are skipped
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return ending.join(lines) + draw(st.sampled_from(["", ending])), expected


@SETTINGS
@given(jsonl_files())
def test_jsonl_every_record_comes_back_or_is_one_problem_on_its_line(case):
    text, expected = case
    result = read_jsonl(text, SOURCE)
    assert_sound(result)
    assert_one_outcome_per_record(result, expected)


# ---------------------------------------------------------------- CSV round trip

CSV_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=30)
# Titles on one line here; a quoted title over lines is tested on its own (below).
CSV_TITLES = TITLES.map(lambda t: " ".join(t.splitlines())).filter(lambda t: bool(clean_text(t)))
# Cells without the other separators or quote marks here; any cells and separator are tested below.
PLAIN = str.maketrans({"\t": " ", ";": " ", '"': " ", "'": " "})
PLAIN_CSV_TEXT = CSV_TEXT.map(lambda t: t.translate(PLAIN))
PLAIN_CSV_TITLES = CSV_TITLES.map(lambda t: t.translate(PLAIN)).filter(lambda t: bool(clean_text(t)))
CSV_COLUMNS = ["abstract", "authors", "date", "id", "upvotes", "notes", "Venue Name"]


@st.composite
def csv_files(draw, good_titles=PLAIN_CSV_TITLES, cells=PLAIN_CSV_TEXT, delimiters=(",",)) -> tuple[str, list[str], int]:
    """(text, the good rows' titles in order, how many rows have a blank title) in one CSV dialect."""
    columns = draw(st.permutations(["title", *draw(st.lists(st.sampled_from(CSV_COLUMNS), unique=True, max_size=4))]))
    rows, titles, blank = [], [], 0
    for is_good in draw(st.lists(st.booleans(), max_size=10)):
        row = {c: draw(cells) for c in columns}
        row["title"] = draw(good_titles) if is_good else draw(st.sampled_from(["", " ", "\t"]))
        if not is_good and not any(row.values()):
            continue  # a wholly empty row is a blank line, which CSV readers skip
        rows.append(row)
        if is_good:
            titles.append(clean_text(row["title"]))
        else:
            blank += 1
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=draw(st.sampled_from(delimiters)),
                            quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                            lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue(), titles, blank


@SETTINGS
@given(csv_files())
def test_plain_csv_every_good_row_comes_back_and_every_untitled_row_is_one_problem(case):
    text, titles, blank = case
    result = read_csv(text, SOURCE)
    assert_sound(result)
    assert [e.title for e in result.entries] == titles
    assert len(result.problems) == blank


# ---------------------------------------------------------------- JSON lists and the Hub's api/daily_papers JSON


HUB_PAPER_FIELDS = {
    "id": ARXIV_IDS, "summary": ABSTRACTS, "publishedAt": DATES,
    "authors": st.lists(st.fixed_dictionaries({"name": NAMES, "_id": st.text(max_size=3)}), max_size=3),
    "githubRepo": st.sampled_from(["https://github.com/a/b", "javascript:alert(1)", "github.com/x"]),
    "ai_keywords": st.lists(st.text(max_size=8), max_size=3), "upvotes": st.integers(0, 99),
    "projectPage": st.just("https://example.org/p"), "organization": st.fixed_dictionaries({"fullname": NAMES}),
    "submittedOnDailyBy": st.fixed_dictionaries({"user": NAMES}),
}
HUB_ITEM_FIELDS = {
    "publishedAt": DATES, "numComments": st.integers(0, 9), "title": st.text(max_size=10),
    "kgHubLinks": st.fixed_dictionaries({}, optional={
        "models": st.lists(st.sampled_from(["org/model", "bad id", "a/b/c", "x" * 200]), max_size=3)}),
    "linkedModels": st.lists(st.fixed_dictionaries({"id": st.sampled_from(["org/m", "-bad-"])}), max_size=2),
    "submittedBy": st.fixed_dictionaries({"name": NAMES}),
}


def odd(fields: dict) -> dict:
    return {key: st.one_of(real, JSON_VALUES) for key, real in fields.items()}


@st.composite
def hub_items(draw, title=TITLES, odd_fields=False) -> dict:
    """One api/daily_papers record: a nested ``paper`` and the listing's own fields (with ``odd_fields``,
    any of them of a wrong type)."""
    paper = draw(st.fixed_dictionaries({}, optional=odd(HUB_PAPER_FIELDS) if odd_fields else HUB_PAPER_FIELDS))
    paper["title"] = draw(title)
    item = draw(st.fixed_dictionaries({}, optional=odd(HUB_ITEM_FIELDS) if odd_fields else HUB_ITEM_FIELDS))
    item["paper"] = paper
    if not clean_text(paper["title"]):
        item.pop("title", None)  # the listing's own title stands in for the paper's: none here
    return item


NOT_OBJECTS = st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2), st.none())


@st.composite
def json_lists(draw) -> tuple[str, dict[int, tuple[str, str | None]]]:
    """(JSON text, what each record should give, by its number): a list of the Hub's records or of flat
    ones, sometimes wrapped in ``{"papers": [...]}``."""
    hub = draw(st.booleans())
    items, expected = [], {}
    for number, kind in enumerate(draw(KINDS), start=1):
        if kind == "bad":
            item = draw(st.one_of(NOT_OBJECTS, hub_items(title=BLANK_TITLES, odd_fields=True) if hub else BAD_RECORDS))
            title = None
        elif hub:
            item = draw(hub_items(odd_fields=kind == "odd"))
            title = clean_text(item["paper"]["title"])
        else:
            item = draw(flat_records(fields=REAL_FIELDS if kind == "good" else ODD_FIELDS))
            title = title_of(item)
        items.append(item)
        expected[number] = (kind, title)
    data = {"papers": items} if draw(st.booleans()) and items else items
    return json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1]))), expected


@SETTINGS
@given(json_lists())
def test_json_lists_every_record_comes_back_or_is_one_problem(case):
    text, expected = case
    result = read_text(text, SOURCE)
    assert_sound(result)
    assert_one_outcome_per_record(result, expected)


# ---------------------------------------------------------------- arXiv Atom feeds

XML_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=40)
XML_TITLES = st.lists(st.one_of(WORDS.map(lambda w: w.replace("\r", "")), XML_TEXT), min_size=1, max_size=6).map(" ".join).filter(
    lambda t: bool(clean_text(t)))


def xml_text(value: str, cdata: bool) -> str:
    return f"<![CDATA[{value}]]>" if cdata and "]]>" not in value else escape(value)


@st.composite
def atom_entries(draw, title=XML_TITLES) -> tuple[str, str]:
    """(one ``<entry>``, its title) with the fields arXiv gives, in some order, some of them odd."""
    value = draw(title)
    parts = [f"<title>{xml_text(value, draw(st.booleans()))}</title>"]
    parts += draw(st.lists(st.sampled_from([
        "<id>http://arxiv.org/abs/2412.01234v2</id>", "<id></id>", "<published>2024-12-02T18:59:59Z</published>",
        "<published>nonsense</published>", f"<summary>{escape(draw(XML_TEXT))}</summary>",
        "<author><name>Ada Quill</name></author>", "<author/>", '<arxiv:primary_category term="cs.RO"/>',
        '<category term="cs.CV"/>', "<category/>", "<!-- a comment -->", "<unknown>x</unknown>",
    ]), max_size=6))
    order = draw(st.permutations(parts))
    return "<entry>" + "".join(order) + "</entry>", value


def atom_feed(entries: list[str], date: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
            f'xmlns:kg="urn:kg:fetch" kg:date="{escape(date, {chr(34): "&quot;"})}">\n'
            "<title>arXiv Query</title>\n" + "\n".join(entries) + "\n</feed>\n")


@st.composite
def atom_feeds(draw) -> tuple[str, list[str], int]:
    """(feed text, the good entries' titles in order, how many entries have a blank title)."""
    entries, titles, blank = [], [], 0
    for is_good in draw(st.lists(st.booleans(), max_size=8)):
        entry, value = draw(atom_entries(title=XML_TITLES if is_good else BLANK_TITLES))
        entries.append(entry)
        if is_good:
            titles.append(clean_text(value))
        else:
            blank += 1
    return atom_feed(entries, draw(st.one_of(st.dates().map(str), st.sampled_from(["Mar 11, 2024", "nonsense", ""])))), titles, blank


@SETTINGS
@given(atom_feeds())
def test_atom_every_titled_entry_comes_back_and_every_untitled_one_is_one_problem(case):
    text, titles, blank = case
    result = read_arxiv_atom(text, SOURCE)
    assert_sound(result)
    assert [e.title for e in result.entries] == titles
    assert len(result.problems) == blank


@SETTINGS
@given(atom_feeds(), st.data())
def test_atom_feed_cut_anywhere_keeps_a_prefix_of_its_entries(case, data):
    text, titles, _ = case
    cut = data.draw(st.integers(0, len(text)))
    result = read_or_input_error(read_arxiv_atom, text[:cut])
    if result is not None:
        assert [e.title for e in result.entries] == titles[: len(result.entries)]


# ---------------------------------------------------------------- bugs these tests found, kept as regressions

LINE_BREAKS = st.sampled_from(["\n", "\r\n", "\u2028", "\x0c", "\x85"])
MULTILINE_TITLES = st.tuples(CSV_TITLES, LINE_BREAKS, CSV_TITLES, st.sampled_from([",", "\t", ";", ""])).map("".join)


@SETTINGS
@example(('title,abstract\n"Folding Paper Cranes with\nDiffusion, Policies",x\n', ["Folding Paper Cranes with Diffusion, Policies"], 0))
@given(csv_files(good_titles=MULTILINE_TITLES.map(lambda t: t.translate(PLAIN))))
def test_csv_quoted_titles_over_lines_come_back(case):
    text, titles, blank = case
    result = read_csv(text, SOURCE)
    assert [e.title for e in result.entries] == titles and len(result.problems) == blank


@SETTINGS
@example(('"title"\t"abstract"\n"""quoted"" tab\there"\t""\n', ['"quoted" tab here'], 0))
@example(('"title"\n"Diffusion"\n"""quoted"" tab\there"\n', ["Diffusion", '"quoted" tab here'], 0))
@example(("title,abstract,authors,date,id\n'quoted',,,,\n", ["'quoted'"], 0))
@given(csv_files(good_titles=CSV_TITLES, cells=CSV_TEXT, delimiters=(",", "\t", ";")))
def test_csv_with_any_cells_and_separator_every_good_row_comes_back(case):
    text, titles, blank = case
    result = read_csv(text, SOURCE)
    assert [e.title for e in result.entries] == titles and len(result.problems) == blank


@SETTINGS
@example("[" * 5000)
@given(DEEP)
def test_deeply_nested_json_is_read_or_refused_with_an_input_error(text):
    """Found here: json.loads raised RecursionError past about 1,000 levels, and no reader caught it."""
    read_or_input_error(read_jsonl, text)
    read_or_input_error(read_text, text)


LONE_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


@SETTINGS
@example(['A paper \ud800 on things'])
@given(st.lists(st.tuples(TITLES, LONE_SURROGATES).map("".join), min_size=1, max_size=3))
def test_entries_from_json_hold_text_that_can_be_written_as_utf8(titles):
    """Found here: a JSON escape of a lone surrogate ("\\ud800") reached the entry, and extraction then failed
    with UnicodeEncodeError in spaCy's tokenizer (kg build crashed)."""
    text = "\n".join(json.dumps({"title": t, "abstract": t}) for t in titles)  # ensure_ascii: "\ud800" escapes
    for reader in (read_jsonl, read_text):
        result = read_or_input_error(reader, text)
        for entry in result.entries if result else ():
            (entry.title + entry.abstract).encode("utf-8")


# ---------------------------------------------------------------- the bugs' minimal reproducers


def test_regression_a_deeply_nested_jsonl_line_is_one_problem():
    result = read_jsonl('{"title": "A good paper"}\n' + "[" * 100_000 + "\n", SOURCE)
    assert [e.title for e in result.entries] == ["A good paper"] and [p.line for p in result.problems] == [2]


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a":' * 100_000])
def test_regression_a_deeply_nested_json_file_is_refused_or_reported(text):
    result = read_or_input_error(read_text, text)  # RecursionError escaped format detection and the JSON reader
    assert result is None or (not result.entries and result.problems)


def test_regression_json_escaped_lone_surrogate_never_reaches_an_entry():
    result = read_jsonl('{"title": "A paper \\ud800 on things"}\n', SOURCE)
    for entry in result.entries:
        entry.title.encode("utf-8")


def test_regression_quoted_title_over_lines_with_a_comma_is_read():
    result = read_csv('title,abstract\n"Folding Paper Cranes with\nDiffusion, Policies",x\n', SOURCE)
    assert [e.title for e in result.entries] == ["Folding Paper Cranes with Diffusion, Policies"]


def test_regression_tsv_title_with_doubled_quotes_and_a_tab_is_read_whole():
    result = read_csv('"title"\t"abstract"\n"""quoted"" tab\there"\t""\n', SOURCE)
    assert [e.title for e in result.entries] == ['"quoted" tab here']  # read as '"quoted"" tab'


def test_regression_semicolon_csv_with_a_quoted_semicolon_is_read():
    result = read_csv('abstract;authors;title\r\n;;"semi;colon"\r\n', SOURCE)  # raises "CSV has no 'title' column"
    assert [e.title for e in result.entries] == ["semi;colon"]


def test_regression_csv_title_in_single_quotes_keeps_them():
    result = read_csv("title,abstract,authors,date,id\n'quoted',,,,\n", SOURCE)
    assert [e.title for e in result.entries] == ["'quoted'"]  # read as 'quoted' without its marks


def test_regression_tsv_cell_with_doubled_quotes_over_lines_is_no_problem():
    result = read_csv('title\tabstract\tauthors\tdate\tid\nA paper\t\t\t\t"""0\n"\n', SOURCE)
    assert [e.title for e in result.entries] == ["A paper"] and result.problems == []


def test_regression_a_bad_csv_header_is_an_input_error():
    """Found by bench/fuzz.py: csv.Error escaped from the header row (a quote never closed)."""
    with pytest.raises(InputError):
        read_csv('title,"abstract\n', SOURCE)


@pytest.mark.parametrize(("text", "title"), [("title\rx\n", "x"), ("title,abstract\rA paper,An abstract\r", "A paper")])
def test_regression_a_csv_whose_lines_end_in_a_carriage_return_alone_is_read(text, title):
    """Found by bench/fuzz.py: csv.Error escaped on a lone CR; such files (old Mac editors) are now read."""
    result = read_csv(text, SOURCE)
    assert [e.title for e in result.entries] == [title] and result.problems == []


def test_regression_a_title_line_of_control_characters_gives_no_empty_title():
    """Found by bench/fuzz.py while clean_text began to drop control characters: an entry with title ''."""
    from kg.ingest.hf_daily import read_hf_daily

    result = read_hf_daily("Mar 11\n\n\x10\x10\x10\n\nAn abstract here.\n", SOURCE)
    assert all(entry.title.strip() and entry.title.isprintable() for entry in result.entries)

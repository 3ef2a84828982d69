"""Property tests: the listing reader never crashes on any text and never invents a paper."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import read_text
from kg.ingest.hf_daily import read_hf_daily
from kg.ingest.text import clean_text

LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "  ", "·", "  • 3 authors", "Oct 10, 2023", "Mar 11", "Subscribe", "new", "{", "title,abstract"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
)
PAGES = st.lists(LINES, max_size=40).map("\n".join)


def _words(text: str) -> set[str]:
    return set(clean_text(text).split())


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_daily_reader_never_crashes_and_never_invents_a_paper(text):
    result = read_hf_daily(text, "x.txt")
    source_lines = {clean_text(line) for line in re.split(r"\r\n|\r|\n", text)}
    words = _words(text)
    for entry in result.entries:
        assert entry.title in source_lines
        assert entry.title.strip()
        assert _words(entry.abstract) <= words
        assert entry.abstract.strip()
    for problem in result.problems:
        assert isinstance(problem, InputError) and problem.path == "x.txt"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_any_text_either_reads_or_raises_an_input_error(text):
    try:
        result = read_text(text, "x")
    except InputError as error:
        assert error.path == "x" and error.message
        return
    assert all(entry.title for entry in result.entries)

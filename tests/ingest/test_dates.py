"""Listing dates shown without a year ("Mar 11") get it: from --year, else from the entries' publication dates."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from click.testing import CliRunner

from kg.cli import cli
from kg.ingest import ingest
from kg.ingest.dates import complete_date, infer_date, infer_year


def dated_page(day: str, *entries: tuple[str, str]) -> str:
    """A saved Daily Papers page whose entries show a publication date ("Mar 8, 2024"), as the seeds' last page does."""
    chrome = ["new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community", day]
    body = [line for number, (title, published) in enumerate(entries, start=1)
            for line in (title, f"We propose method {number}. It works well on the benchmark.", "• 3 authors", "·", published)]
    return "\n\n".join(chrome + body) + "\n"


MARCH_2024 = dated_page("Mar 11", ("Alpha Nets", "Mar 8, 2024"), ("Beta Nets", "Mar 10, 2024"), ("Gamma Nets", "Jun 9, 2015"))


def build(*args: object):
    return CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)


# The rule, on crafted dates.

def test_a_listing_in_early_january_gets_the_year_after_its_december_papers():
    assert infer_year("--01-05", ["2023-12-27", "2023-12-29", "2024-01-02"]) == "2024-01-05"
    assert infer_year("--01-05", ["2023-12-20", "2023-12-30"]) == "2024-01-05"
    assert infer_year("--12-30", ["2023-12-20", "2023-12-28"]) == "2023-12-30"


def test_an_old_paper_among_recent_ones_does_not_move_the_year():
    recent = ["2024-03-04", "2024-03-07", "2024-03-08"]
    for old in ("2016-03-01", "2016-05-20", "2023-03-05"):
        found = infer_date("--03-11", [*recent, old])
        assert (found.date, found.how, found.recent, found.dated) == ("2024-03-11", "inferred", 3, 4)


def test_one_wrong_date_among_many_does_not_move_the_year_but_a_consistent_page_does():
    assert infer_year("--03-11", ["2024-03-04", "2024-03-07", "2024-03-08", "2025-01-01"]) == "2024-03-11"
    assert infer_year("--03-11", ["2024-03-10", "2025-03-01", "2025-03-09"]) == "2025-03-11"


def test_a_paper_dated_a_day_after_the_listing_is_time_zones_not_a_later_year():
    assert infer_year("--03-11", ["2024-03-12", "2024-03-09"]) == "2024-03-11"


def test_feb_29_is_only_a_day_of_leap_years():
    assert infer_year("--02-29", ["2024-02-26", "2024-02-27"]) == "2024-02-29"
    assert infer_year("--02-29", ["2023-02-20"]) == "2024-02-29"  # the year after is a candidate too
    assert infer_year("--02-29", ["2025-02-20"]) is None  # neither 2025 nor 2026 has the day
    assert complete_date("--02-29", ["2024-02-26"], 2023).date is None
    assert complete_date("--02-29", ["2023-02-26"], 2028).date == "2028-02-29"


def test_without_publication_dates_there_is_no_year_unless_given():
    for published in ([], [None, "", "not a date"]):
        found = infer_date("--03-11", published)
        assert (found.date, found.how, found.reason) == (None, "none", "no publication dates; give --year")
    assert infer_date("--03-11", [None, "2024-03-08T10:00:00.000Z"]).date == "2024-03-11"
    assert complete_date("--03-11", [], 2024).date == "2024-03-11"


def test_with_no_recent_paper_the_year_is_the_earliest_no_paper_contradicts():
    found = infer_date("--01-09", ["2014-03-23", "2023-10-10", "2025-09-25"])
    assert (found.date, found.how, found.recent, found.dated) == ("2026-01-09", "earliest", 0, 3)


def test_year_given_overrides_the_inference():
    found = complete_date("--03-11", ["2024-03-08", "2024-03-10"], 2022)
    assert (found.date, found.how) == ("2022-03-11", "given")


# ingest(): listings, entries and sightings get the full date.

def test_ingest_completes_the_listing_its_entries_and_sightings(write):
    result = ingest([write("day.txt", MARCH_2024)])
    (listing,) = result.listings
    assert (listing.date, listing.date_text) == ("2024-03-11", "Mar 11")
    assert {e.date for r in result.reads for e in r.entries} == {"2024-03-11"}
    assert {s.date for p in result.papers for s in p.listings} == {"2024-03-11"}
    done = result.listing_dates[listing.id]
    assert (done.written, done.how, done.recent, done.dated) == ("--03-11", "inferred", 2, 3)


def test_ingest_year_overrides_the_inference(write):
    result = ingest([write("day.txt", MARCH_2024)], year=2023)
    assert [l.date for l in result.listings] == ["2023-03-11"]
    assert {s.date for p in result.papers for s in p.listings} == {"2023-03-11"}
    assert [d.how for d in result.listing_dates.values()] == ["given"]


def test_each_seed_page_gets_the_year_its_entries_allow_and_all_get_year_given(seed_paths):
    result = ingest(seed_paths)
    dates = {l.source: l.date for l in result.listings}
    # Only the last seed page shows publication dates (34 of them, 2014-03-23 to 2025-09-25); none was
    # published in the month before Jan 9, so its date is the first Jan 9 after its newest paper.
    newest = max(e.published for r in result.reads for e in r.entries if e.published)
    assert newest == "2025-09-25"
    assert dates["004_10f6bf276a08aaad.txt"] == "2026-01-09"
    assert date.fromisoformat(newest) < date(2026, 1, 9) < date.fromisoformat("2026-09-25")
    done = result.listing_dates["listing:004_10f6bf276a08aaad"]
    assert (done.how, done.recent, done.dated) == ("earliest", 0, 34)
    # The other four show none: their dates keep the month and day, and the summary asks for --year.
    assert {dates[p.name] for p in seed_paths[:4]} == {"--03-11", "--03-17", "--03-12"}
    assert {d.reason for lid, d in result.listing_dates.items() if d.how == "none"} == {"no publication dates; give --year"}
    assert len(result.listing_dates) == 5
    given = ingest(seed_paths, year=2024)
    assert sorted(l.date for l in given.listings) == ["2024-01-09", "2024-03-11", "2024-03-12", "2024-03-17", "2024-03-17"]
    assert all(s.date and s.date.startswith("2024-") for p in given.papers for s in p.listings)


def _without_year(read):
    """A read as a kg from before listing dates got their year stored it."""
    listing = dataclasses.replace(read.listing, date="--03-11")
    return dataclasses.replace(read, listing=listing, entries=[dataclasses.replace(e, date="--03-11") for e in read.entries])


def test_previous_reads_without_a_year_are_completed_and_a_re_saved_page_replaces_them(write):
    page = write("day.txt", MARCH_2024)
    old = [_without_year(r) for r in ingest([page]).reads]
    again = ingest([], previous=old)
    assert [l.date for l in again.listings] == ["2024-03-11"]
    assert [d.how for d in again.listing_dates.values()] == ["inferred"]
    assert ingest([], previous=again.reads).listing_dates == {}  # completed once: nothing left to do
    assert [l.date for l in ingest([], previous=old, year=2022).listings] == ["2022-03-11"]
    page.write_text(MARCH_2024 + "\n\nDelta Nets\n\nWe propose Delta. It is fast.\n\n• 2 authors\n\n·\n\nMar 9, 2024\n")
    updated = ingest([page], previous=old)
    assert [(l.id, l.date) for l in updated.listings] == [("listing:day", "2024-03-11")]
    assert updated.listings_replaced == [str(page)] and len(updated.papers) == 4


# The command line: --year, the summary clause, --update onto an OUT written before.

def test_build_summary_says_how_listing_dates_got_their_year(seed_paths, tmp_path):
    result = build(seed_paths[0], "-o", tmp_path / "a")
    assert result.exit_code == 0, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "s; listing dates: 1 without a year (no publication dates; give --year) -> " in last
    result = build(seed_paths[0], "-o", tmp_path / "b", "--year", "2024")
    assert "s; listing dates: 1 completed with --year 2024 -> " in result.stderr.strip().splitlines()[-1]
    (record,) = [json.loads(line) for line in (tmp_path / "b" / "listings.jsonl").read_text().splitlines()]
    assert (record["date"], record["date_text"]) == ("2024-03-11", "Mar 11")
    result = build(seed_paths[4], "-o", tmp_path / "c")
    assert "; listing dates: 1 with the earliest year their publication dates allow -> " in result.stderr


def test_build_year_is_checked(seed_paths, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(seed_paths[0]), "-o", str(tmp_path / "o"), "--year", "24"])
    assert result.exit_code == 2 and "24 is not in the range 1990<=x<=2100" in result.output
    assert not (tmp_path / "o").exists()


def test_update_completes_dates_an_older_kg_stored_without_duplicating_the_listing(write, tmp_path):
    page = write("day.txt", MARCH_2024)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert build(page, "-o", out).exit_code == 0
    assert build(page, "-o", fresh).exit_code == 0
    stored = out / "listings.jsonl"
    records = [json.loads(line) for line in stored.read_text().splitlines()]
    for record in records:
        record["date"] = "--03-11"
        for entry in record["entries"]:
            entry["date"] = "--03-11"
    stored.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = build(page, "--update", out)
    assert result.exit_code == 0, result.stderr
    assert "; listing dates: 1 with the year inferred from publication dates -> " in result.stderr
    for name in sorted(p.name for p in fresh.iterdir()):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    (record,) = [json.loads(line) for line in stored.read_text().splitlines()]
    assert record["date"] == "2024-03-11"

"""Fixtures for the fetch tests: a scripted local server, a cache folder, and Daily Papers records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.fetch.server import ScriptedServer


@pytest.fixture
def server():
    with ScriptedServer() as running:
        yield running


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def run_kg(*args: object, env: dict[str, str] | None = None):
    """The CLI in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def hf_record(arxiv_id: str, title: str, day: str, abstract: str = "", **paper_fields: Any) -> dict[str, Any]:
    """A daily-listing record in the Hub's shape: paper fields nested under ``paper``."""
    paper = {
        "id": arxiv_id,
        "authors": [{"_id": f"{arxiv_id}-a", "name": "Ada Example", "hidden": False},
                    {"_id": f"{arxiv_id}-b", "name": "Bo Sample", "hidden": False}],
        "publishedAt": f"{day}T09:00:00.000Z",
        "submittedOnDailyAt": f"{day}T12:00:00.000Z",
        "title": title,
        "summary": abstract or f"We study a made-up problem for paper {arxiv_id} and report invented results.",
        "upvotes": 3,
        "discussionId": f"d-{arxiv_id}",
        **paper_fields,
    }
    return {"paper": paper, "publishedAt": f"{day}T12:00:00.000Z", "title": title, "numComments": 1,
            "thumbnail": "https://example.invalid/t.png", "isAuthorParticipating": False}


ATOM_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
    '<title>arXiv Query: test</title><id>http://arxiv.org/api/test</id><updated>2024-10-10T00:00:00-04:00</updated>\n'
)


def atom_entry(arxiv_id: str, title: str, day: str, abstract: str = "", category: str = "cs.CV") -> str:
    """One arXiv API entry, with an abstract of our own."""
    abstract = abstract or f"We describe an invented approach for paper {arxiv_id} and report made-up numbers."
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v1</id><updated>{day}T10:00:00Z</updated>"
        f"<published>{day}T10:00:00Z</published><title>{title}</title><summary>{abstract}</summary>"
        "<author><name>Ada Example</name></author><author><name>Bo Sample</name></author>"
        f'<link href="http://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>'
        f'<arxiv:primary_category term="{category}" scheme="http://arxiv.org/schemas/atom"/>'
        f'<category term="{category}" scheme="http://arxiv.org/schemas/atom"/>'
        '<category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/></entry>\n'
    )


def atom_feed(entries: list[str], total: int | None = None, start: int = 0) -> str:
    total = len(entries) if total is None else total
    return (ATOM_HEAD + f"<opensearch:totalResults>{total}</opensearch:totalResults>"
            f"<opensearch:startIndex>{start}</opensearch:startIndex>"
            f"<opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>\n" + "".join(entries) + "</feed>\n")

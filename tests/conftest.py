"""Shared fixtures: where the real seed listings live, and small inputs written on the fly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def seeds_dir() -> Path:
    """The five saved Daily Papers pages, read from ../shared (never copied here)."""
    return Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sorted(seeds_dir().glob("*.txt"))
    if len(paths) != 5:
        pytest.fail(f"expected the 5 seed listings in {seeds_dir()} (set KG_SEEDS to their folder)")
    return paths


@pytest.fixture(scope="session")
def seed_texts(seed_paths: list[Path]) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in seed_paths}


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory, seed_paths):
    """``kg build`` of the five seed listings, with the tables and GraphML, once per session."""
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path_factory.mktemp("out")
    assert CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out), "--export", "csv", "--export", "graphml"]).exit_code == 0
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_out):
    import kg

    return kg.load(seed_out).nx


@pytest.fixture
def write(tmp_path: Path):
    """Write a small input file and return its path: ``write("a.txt", "...")``."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def daily_page(*entries: tuple[str, str], date: str = "Mar 11") -> str:
    """A saved Daily Papers page in the seeds' layout, with our own entries."""
    chrome = ["new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community", date]
    body = [line for title, abstract in entries for line in (title, abstract)]
    return "\n\n".join(chrome + body) + "\n"

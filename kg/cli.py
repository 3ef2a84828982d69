"""The ``kg`` command line: parses options, calls the library, reports errors."""

from __future__ import annotations

import time
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError
from kg.export.files import write_outputs
from kg.ingest.sources import FORMATS
from kg.pipeline import run

__all__ = ["cli"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Turn ML paper listings into a knowledge graph of papers, methods,
    datasets, tasks and code repositories."""


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(readable=False, path_type=str))
@click.option("-o", "--out", default=None, type=click.Path(file_okay=False, path_type=str),
              help="Directory for the outputs (default: kg-out, or the --update directory).")
@click.option("--update", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Add SOURCES to the graph in this earlier output directory (re-adding a listing changes nothing).")
@click.option("--format", "format_", type=click.Choice(FORMATS), default=None,
              help="Force a reader instead of detecting the format from each file's content.")
@click.option("--strict", is_flag=True, help="Stop at the first bad input and write nothing.")
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, 64),
              help="Processes for the entity pass (default: one per core for 2,000 papers or more, else one).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a terminal).")
def build(sources: tuple[str, ...], out: str | None, update: str | None, format_: str | None, strict: bool,
          jobs: int | None, progress: bool | None) -> None:
    """Read listings and write the graph and its tables to OUT.

    SOURCES are saved Daily Papers pages (text), JSON Lines, CSV, or the JSON
    of Hugging Face's api/daily_papers. Bad inputs are reported one line each
    and the rest are still built; the exit code is then 1.

    Example: kg build ../shared/seeds/*.txt -o out

    Example: kg build new-day.txt --update out
    """
    out = out if out is not None else (update or "kg-out")
    if not out.strip():
        raise click.BadParameter("give a directory name", param_hint="'-o' / '--out'")
    started = time.perf_counter()
    try:
        result = run(sources, format=format_, strict=strict, jobs=jobs, show_progress=progress, update=update)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        reason = "stopped at the first error (--strict)" if strict else "stopped"
        click.echo(f"kg: {reason}; nothing written", err=True)
        raise SystemExit(1) from None
    for problem in result.problems:
        click.echo(f"error: {problem}", err=True)
    if not result.papers and result.problems:
        click.echo(f"kg: no papers could be read; nothing written to {out}", err=True)
        raise SystemExit(1)
    try:
        write_outputs(out, result.papers, result.links, result.graph, result.reads, result.raw_links)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    result.seconds = time.perf_counter() - started
    click.echo(f"kg: {result.summary()} -> {out}", err=True)
    if result.problems:
        raise SystemExit(1)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.argument("system", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("-v", "--verbose", is_flag=True, help="Also list the missed and the false entities.")
def eval_(gold: str, system: str, verbose: bool) -> None:
    """Score extractions against a gold annotation: per-type precision, recall, F1.

    GOLD is annotated as in ANNOTATION.md; SYSTEM is an extractions.jsonl.
    The metric is the reference scorer's (shared/eval/score.py).

    Example: kg eval tests/data/dev_gold.jsonl kg-out/extractions.jsonl -v
    """
    from kg.evaluate import evaluate, load_jsonl

    try:
        score = evaluate(load_jsonl(gold), load_jsonl(system))
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    if verbose:
        for kind, s in score.types.items():
            click.echo(f"{kind} missed {len(s.missed)}: {', '.join(s.missed)}")
            click.echo(f"{kind} spurious {len(s.spurious)}: {', '.join(s.spurious)}")
    for kind, s in score.types.items():
        click.echo(f"{kind:11s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} (gold {s.gold}, predicted {s.predicted})")
    if score.papers_missing:
        click.echo(f"warning: {score.papers_missing} of {score.papers} gold papers are not in {system}", err=True)


@cli.command()
@click.argument("name")
@click.option("-o", "--out", default="kg-out", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="The output directory of kg build.")
def explain(name: str, out: str) -> None:
    """Show how kg arrived at an entity: its list entry, surface forms and merges.

    NAME is an id, a name, an alias or a near miss.

    Example: kg explain "MS-COCO" -o kg-out
    """
    from kg.graph.explain import explain as explain_lines
    from kg.graph.knowledge import KnowledgeGraph

    path = Path(out) / "graph.json"
    if not path.is_file():
        click.echo(f"error: {path} not found; run kg build first or name its directory with -o", err=True)
        raise SystemExit(1)
    try:
        for line in explain_lines(KnowledgeGraph.load(out).nx, name):
            click.echo(line)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None


def main() -> None:
    cli()

"""The ``kg`` command line: parses options, calls the library, reports errors."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import click

from kg import __version__, collector
from kg.errors import KgError, summarise
from kg.export.files import EXPORTS, exports_in, write_outputs
from kg.export.neo4j import DEFAULT_BATCH_SIZE
from kg.ingest.sources import FORMATS
from kg.schema import LABELS
from kg.pipeline import run

__all__ = ["cli"]

# kg build draws OUT/graph.html itself up to this many nodes; beyond, kg html draws a chosen view.
HTML_IN_BUILD = 5000


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Turn ML paper listings into a knowledge graph of papers, methods,
    datasets, tasks and code repositories."""


def _reading_options(command):  # type: ignore[no-untyped-def]
    """--format, --strict, --progress and --year: how kg build and kg extract read their SOURCES."""
    for option in reversed([
        click.option("--format", "format_", type=click.Choice(FORMATS), default=None,
                     help="Force a reader instead of detecting the format from each file's content."),
        click.option("--strict", is_flag=True, help="Stop at the first bad input and write nothing."),
        click.option("--progress/--no-progress", default=None,
                     help="Progress bar on stderr (default: when it is a terminal)."),
        click.option("--year", default=None, type=click.IntRange(1990, 2100),
                     help="Complete listing dates shown without a year (Daily Papers' \"Mar 11\") with this year "
                          "(otherwise it is inferred from the entries' publication dates)."),
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("sources", nargs=-1, required=False, type=click.Path(readable=False, path_type=str))
@click.option("-o", "--out", default=None, type=click.Path(file_okay=False, path_type=str),
              help="Directory for the outputs (default: kg-out, or the --update directory).")
@click.option("--update", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Add SOURCES to the graph in this earlier output directory (re-adding a listing changes nothing).")
@click.option("--from-extractions", "shards", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Build from what kg extract wrote to this directory (its listings and entities), "
                   "extracting nothing again; SOURCES, if given, join them.")
@click.option("--overwrite", is_flag=True,
              help="Replace a graph OUT holds from other inputs (without it kg build refuses, to lose nothing).")
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, 64),
              help="Processes for the entity pass (default: one per core for 2,000 papers or more, else one).")
@click.option("--export", "exports", multiple=True, type=click.Choice(sorted(EXPORTS)),
              help="Also write the tables (csv: papers.csv, entities.csv, edges.csv) or graph.graphml; "
                   "updates of OUT keep writing the ones it holds.")
@_reading_options
def build(sources: tuple[str, ...], out: str | None, update: str | None, shards: str | None, overwrite: bool,
          exports: tuple[str, ...], format_: str | None, strict: bool, jobs: int | None, progress: bool | None,
          year: int | None) -> None:
    """Read listings and write the graph and its tables to OUT.

    SOURCES are saved Daily Papers pages (text), JSON Lines, CSV, or the JSON
    of Hugging Face's api/daily_papers. Bad inputs are reported one line each
    and the rest are still built; the exit code is then 1.

    Example: kg build ../shared/seeds/*.txt -o out

    Example: kg build new-day.txt --update out

    Example: kg build --from-extractions shards/ -o out
    """
    if not sources and shards is None:
        raise click.UsageError("give the listings to read (SOURCES), or --from-extractions SHARDS")
    if shards is not None and update is not None:
        raise click.UsageError("--from-extractions builds a new OUT; add later days to it with --update OUT")
    reuse = _load_shards(shards) if shards is not None else None
    out = out if out is not None else (update or "kg-out")
    if not out.strip():
        raise click.BadParameter("give a directory name", param_hint="'-o' / '--out'")
    if update is not None and not (Path(update) / "listings.jsonl").is_file():
        what = "does not exist" if not Path(update).exists() else "holds no graph kg built"
        click.echo(f"kg: --update {update}: the directory {what}; give the OUT of an earlier kg build, "
                   f"or -o {update} to start a new graph there", err=True)
        raise SystemExit(2)
    if update is None and not overwrite:
        _refuse_to_drop_listings(out, sources, {r.digest for r in reuse.reads} if reuse else set())
    started = time.perf_counter()
    result = _build_and_write(out, sources, exports, format=format_, strict=strict, jobs=jobs, show_progress=progress,
                              update=update, year=year, reuse=reuse)
    result.seconds = time.perf_counter() - started
    click.echo(f"kg: {result.summary()} -> {out}", err=True)
    if result.problems:
        raise SystemExit(1)


def _load_shards(folder: str):  # type: ignore[no-untyped-def]
    """What kg extract wrote, or exit 2 with the reason in one line."""
    from kg.shards import load_shards

    try:
        return load_shards(folder)
    except KgError as error:
        click.echo(f"kg: --from-extractions: {error}", err=True)
        raise SystemExit(2) from None


def _refuse_to_drop_listings(out: str, sources: tuple[str, ...], given: set[str]) -> None:
    """Exit 2 when OUT holds a graph built from listings these sources (and ``given`` digests) do not
    include: building would replace weeks of ``--update`` with one day. The same sources again, or
    more, are a rebuild."""
    from kg.state import load_previous_digests

    held = load_previous_digests(out)
    if not held:
        return
    given = set(given)
    for source in sources:
        try:
            given.add(hashlib.sha256(Path(source).read_bytes()).hexdigest())
        except OSError:
            continue  # the build itself reports it
    missing = held - given
    if missing:
        click.echo(f"kg: {out} already holds a graph of {len(held)} listing(s), {len(missing)} of them not among these "
                   f"sources; add to it with --update {out}, or replace it with --overwrite", err=True)
        raise SystemExit(2)


def _build_and_write(out: str, sources, exports=(), hold_lock: bool = True, **options):  # type: ignore[no-untyped-def]
    """Run the pipeline and write OUT (with graph.html when it is small enough, and the ``exports``
    asked for or already in OUT), holding OUT's lock.

    Exits 1 when nothing could be read (or --strict stopped), 2 when OUT cannot be written.
    ``hold_lock=False`` when the caller holds the lock already.
    """
    from kg.state import locked

    strict = options.get("strict", False)
    try:
        with locked(out) if hold_lock else nullcontext():
            try:
                result = run(sources, **options)
            except KgError as error:
                click.echo(f"error: {error}", err=True)
                reason = "stopped at the first error (--strict)" if strict else "stopped"
                click.echo(f"kg: {reason}; nothing written", err=True)
                raise SystemExit(1) from None
            for line in summarise(result.problems):  # of many alike in one file, the first three and a count
                click.echo(f"error: {line}", err=True)
            _echo_conflicts(result.conflicts)
            if result.problems and (not result.papers or (options.get("update") and not result.new_entries)):
                click.echo(f"kg: no papers could be read; nothing written to {out}", err=True)
                raise SystemExit(1)
            extra = {}
            graph = result.plan or result.graph  # the plan: its files are written without drawing the graph
            nodes = graph.number_of_nodes()
            if nodes <= HTML_IN_BUILD:
                from kg.export.html import render_html

                title = f"kg: {len(result.papers)} papers from {len(result.listings)} listing(s)"
                extra["graph.html"] = [render_html(result.graph, title=title)]
            else:
                click.echo(f"kg: the graph has {nodes:,} nodes; draw a view of it with "
                           f"kg html {out} --top 5000 (or --type, --around, --min-papers)", err=True)
            write_outputs(out, result.papers, result.links, graph, result.reads, result.raw_links, extra,
                          exports={*exports, *exports_in(out)})
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    return result


@cli.command(name="extract")
@click.argument("sources", nargs=-1, required=True, type=click.Path(readable=False, path_type=str))
@click.option("-o", "--out", "shards", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Directory for the listings, the shard files and their manifest.")
@click.option("--shard-size", default=5000, show_default=True, type=click.IntRange(1, 10_000_000),
              help="Papers per shard file (one task each on Dask).")
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, 64),
              help="Processes here, or workers of --dask local (default: one per core for 2,000 papers or more).")
@click.option("--dask", "scheduler", default=None, metavar="ADDRESS",
              help="Run the shards on a Dask cluster: a scheduler's address (tcp://host:8786), or 'local' for a "
                   "LocalCluster of --jobs workers on this machine. Needs pip install 'kg[dask]'.")
@_reading_options
def extract_(sources: tuple[str, ...], shards: str, shard_size: int, format_: str | None, strict: bool,
             jobs: int | None, scheduler: str | None, progress: bool | None, year: int | None) -> None:
    """Read listings and write their entities, as found in each paper, in shards.

    The heavy half of kg build, on its own: each shard is extracted by itself,
    here or on a Dask cluster, and kg build --from-extractions SHARDS -o OUT
    then merges them into the graph kg build SOURCES -o OUT gives. Shards
    already written for the same papers are kept: a stopped run resumes.

    Example: kg extract listings/*.jsonl -o shards/ && kg build --from-extractions shards/ -o out
    """
    from kg.pipeline import default_jobs, read
    from kg.progress import Progress
    from kg.shards import extract_to_shards
    from kg.state import locked

    started = time.perf_counter()
    try:
        with locked(shards):
            try:
                ingested = read(sources, format=format_, strict=strict, show_progress=progress, year=year)
            except KgError as error:
                click.echo(f"error: {error}\nkg: stopped; nothing written", err=True)
                raise SystemExit(1) from None
            for line in summarise(ingested.problems):
                click.echo(f"error: {line}", err=True)
            _echo_conflicts(ingested.conflicts)
            if not ingested.papers:
                click.echo(f"kg: no papers could be read; nothing written to {shards}", err=True)
                raise SystemExit(1)
            workers = jobs or default_jobs(len(ingested.papers))
            bar = Progress("extracting", total=len(ingested.papers), enabled=progress)
            with _dask_client(scheduler, workers) as client:
                report = extract_to_shards(ingested, shards, size=shard_size, jobs=workers, client=client,
                                           on_shard=bar.advance)
            bar.close()
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    errors = len(ingested.problems)
    kept = f", {report.kept} kept from an earlier run" if report.kept else ""
    click.echo(f"kg: {len(ingested.papers)} papers from {len(ingested.listings)} listing(s) in {report.shards} "
               f"shard(s) ({report.extracted} papers extracted{kept}), {errors} error{'s' if errors != 1 else ''}, "
               f"{time.perf_counter() - started:.2f} s -> {shards}", err=True)
    if ingested.problems:
        raise SystemExit(1)


@contextmanager
def _dask_client(scheduler: str | None, workers: int):  # type: ignore[no-untyped-def]
    """A ``distributed.Client`` for ``--dask`` (None without it): to a scheduler's address, or a LocalCluster."""
    if scheduler is None:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        click.echo("kg: --dask needs Dask's distributed scheduler: pip install 'kg[dask]'", err=True)
        raise SystemExit(2) from None
    if scheduler == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError, ValueError) as error:
        click.echo(f"kg: --dask {scheduler}: cannot reach the scheduler ({_one_line(error)}); is it running, "
                   f"and is that its address (tcp://host:8786)?", err=True)
        raise SystemExit(2) from None
    with client:
        yield client


# Of many conflicting records, the first this many are shown, then a count.
CONFLICTS_SHOWN = 10


def _echo_conflicts(conflicts) -> None:  # type: ignore[no-untyped-def]
    """Records that disagree about a paper, one warning line each (they do not change the exit code)."""
    for conflict in conflicts[:CONFLICTS_SHOWN]:
        click.echo(f"warning: {conflict}", err=True)
    if len(conflicts) > CONFLICTS_SHOWN:
        click.echo(f"warning: {len(conflicts) - CONFLICTS_SHOWN} more records disagree with another about a paper; "
                   f"the first listed of each is kept", err=True)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.argument("system", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("-v", "--verbose", is_flag=True, help="Also list the missed and the false entities, and the role mismatches.")
def eval_(gold: str, system: str, verbose: bool) -> None:
    """Score extractions against a gold annotation: per-type precision, recall, F1.

    GOLD is annotated as in ANNOTATION.md; SYSTEM is an extractions.jsonl.
    The metric is the reference scorer's (shared/eval/score.py). Where the
    gold gives roles, the line also shows role accuracy: the share of found
    entities whose role (used, proposed, introduced) kg got right.

    Example: kg eval tests/data/dev_gold.jsonl kg-out/extractions.jsonl -v
    """
    from kg.evaluate import check_shapes, evaluate, load_jsonl

    try:
        gold_records, system_records = load_jsonl(gold), load_jsonl(system)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    try:
        check_shapes(gold_records, gold, system_records, system)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    score = evaluate(gold_records, system_records)
    if verbose:
        for kind, s in score.types.items():
            click.echo(f"{kind} missed {len(s.missed)}: {', '.join(s.missed_where)}")
            click.echo(f"{kind} spurious {len(s.spurious)}: {', '.join(s.spurious_where)}")
            if s.role_checked:  # "; " between them: each reads "name: gold proposed, kg used"
                click.echo(f"{kind} role mismatches {len(s.role_mismatches)}: {'; '.join(s.role_mismatches)}")
    for kind, s in score.types.items():
        # Role accuracy only where the gold gives roles and some of those entities were found.
        role = f" role={s.role_accuracy:.3f} ({s.role_correct}/{s.role_checked})" if s.role_checked else ""
        click.echo(f"{kind:11s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} (gold {s.gold}, predicted {s.predicted}){role}")
    if score.papers_missing:
        click.echo(f"warning: {score.papers_missing} of {score.papers} gold papers are not in {system}", err=True)


@cli.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=str))
@click.option("-o", "--output", "output", default=None, type=click.Path(dir_okay=False, path_type=str),
              help="The HTML file to write (default: OUT/graph.html).")
@click.option("--type", "types", multiple=True, type=click.Choice(list(LABELS)),
              help="Only these entity types (repeatable); papers stay as the links between them.")
@click.option("--around", default=None, help="Only the neighbourhood of this entity or paper.")
@click.option("--radius", default=1, show_default=True, type=click.IntRange(1, 5), help="Hops around --around.")
@click.option("--min-papers", default=0, show_default=True, type=click.IntRange(0), help="Only entities in at least K papers.")
@click.option("--top", default=None, type=click.IntRange(1), help="Only the N best-linked nodes.")
@click.option("--view", default="papers", show_default=True, type=click.Choice(["papers", "entities"]),
              help="Open on papers and what they link, or on methods, datasets and tasks linked by the papers "
                   "that use them together (the page switches between both).")
def html(out: str, output: str | None, types: tuple[str, ...], around: str | None, radius: int, min_papers: int,
         top: int | None, view: str) -> None:
    """Render the graph (or a filtered view of it) as one self-contained, offline HTML page.

    Example: kg html kg-out --around "MVTec AD" --radius 2 -o mvtec.html
    """
    from kg.export.html import filter_graph, write_html

    from kg.graph.lookup import lookup

    if not (types or around or min_papers or top):
        _refuse_to_draw_whole(out)
    graph = _load_out(out)
    centre = None
    if around is not None:  # the same lookup as kg explain: titles, acronyms, near misses, "did you mean"
        found = lookup(graph, around)
        if found.id is None:
            click.echo(f"error: {found.message()}", err=True)
            raise SystemExit(1)
        centre = found.id
    try:
        part = filter_graph(graph, types=list(types) or None, around=centre, radius=radius, min_papers=min_papers, top=top)
        target = output or str(Path(out) / "graph.html")
        note = write_html(part, target, title=f"kg: {Path(out).name}" + (f" around {around}" if around else ""), view=view)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    if note:
        click.echo(f"kg: {note}", err=True)
    click.echo(f"kg: {part.number_of_nodes()} nodes, {part.number_of_edges()} edges -> {target}", err=True)



# graph.json above this size is not drawn whole: loading it alone takes longer than anyone waits for a page.
HTML_WHOLE_BYTES = 256 * 1024 * 1024


def _refuse_to_draw_whole(out: str) -> None:
    """Exit 2 at once, before loading, when OUT's graph is too big to draw whole; say which views to ask for."""
    path = Path(out) / "graph.json"
    try:
        size = path.stat().st_size
    except OSError:
        return  # _load_out says what is missing
    if size <= HTML_WHOLE_BYTES:
        return
    papers = _rows(Path(out) / "papers.jsonl")
    click.echo(f"kg: {out} holds a graph too big to draw whole ({papers:,} papers; graph.json {size / 2**20:,.0f} MB); "
               f"draw a view of it: --top 5000 (the best-linked nodes), --around NAME, --type Dataset or "
               f"--min-papers 20", err=True)
    raise SystemExit(2)


def _rows(path: Path) -> int:
    """Lines of a JSON Lines file kg wrote: its records."""
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 0

@cli.command()
@click.argument("name")
@click.option("-o", "--out", default="kg-out", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="The output directory of kg build.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1), help="Papers listed for an entity.")
def explain(name: str, out: str, limit: int) -> None:
    """Show how kg arrived at an entity (its list entry, surface forms, merges, re-typings, the entities
    of the same name kept apart, its papers newest first), or what a paper links and why.

    NAME is an id, a name, an alias, an acronym, a paper's title (or a part only it has) or a near
    miss; when unsure kg lists what you may have meant and exits 1.

    Example: kg explain "MS-COCO" -o kg-out
    """
    from kg.graph.explain import explain as explain_lines
    from kg.graph.knowledge import KnowledgeGraph

    path = Path(out) / "graph.json"
    if not path.is_file():
        click.echo(f"error: {path} not found; run kg build first or name its directory with -o", err=True)
        raise SystemExit(1)
    try:
        with collector.kept():
            graph = KnowledgeGraph.load(out).nx
        for line in explain_lines(graph, name, limit):
            click.echo(line)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None


def _connection_options(command):  # type: ignore[no-untyped-def]
    """--uri, --user, --database (also from NEO4J_URI, NEO4J_USER, NEO4J_DATABASE)."""
    command = click.option("--database", envvar="NEO4J_DATABASE", default=None,
                           help="Database name (default: the server's default).  [env NEO4J_DATABASE]")(command)
    command = click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                           help="User name.  [env NEO4J_USER]")(command)
    command = click.option("--uri", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
                           help="Bolt address of the server.  [env NEO4J_URI]")(command)
    return command


def _password() -> str:
    """From NEO4J_PASSWORD, else a hidden prompt: never a command-line value (it would land in shell history)."""
    password = os.environ.get("NEO4J_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        click.echo("error: set NEO4J_PASSWORD (there is no terminal to ask for it)", err=True)
        raise SystemExit(2)
    return click.prompt("Neo4j password", hide_input=True)


def _one_line(text: object) -> str:
    """The driver's messages can span lines; the CLI reports each failure on one."""
    return " ".join(str(text).split())


@contextmanager
def _graph_server_errors(uri: str, action: str, again: str) -> Iterator[None]:
    """Whatever the driver raises during ``action`` becomes one line and exit code 2."""
    from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

    try:
        yield
    except (ServiceUnavailable, SessionExpired) as error:
        message = f"lost the connection to {uri} ({_one_line(error)}); {again}"
    except Neo4jError as error:
        message = f"{uri} refused the {action}: {_one_line(error.message)}"
    except DriverError as error:
        message = f"the {action} on {uri} failed ({_one_line(error)}); {again}"
    except KgError as error:
        message = f"{uri}: {_one_line(error)}"
    else:
        return
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


def _connect(uri: str, user: str, database: str | None):  # type: ignore[no-untyped-def]
    from kg.export.neo4j import GraphServerError, connect

    # The driver logs each retry and dropped connection; the CLI says what happened itself, once.
    driver_log = logging.getLogger("neo4j")
    if driver_log.propagate:
        driver_log.addHandler(logging.NullHandler())
        driver_log.propagate = False
    try:
        return connect(uri, user, _password(), database)
    except GraphServerError as error:
        click.echo(f"error: {_one_line(error)}", err=True)
        raise SystemExit(2) from None


def _load_out(out: str):  # type: ignore[no-untyped-def]
    from kg.graph.knowledge import KnowledgeGraph

    if not (Path(out) / "graph.json").is_file():
        click.echo(f"error: {Path(out) / 'graph.json'} not found; run kg build first", err=True)
        raise SystemExit(1)
    try:
        with collector.kept():  # the command keeps the graph until it exits: no collector pass need walk it
            return KnowledgeGraph.load(out).nx
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None


@cli.group()
def neo4j() -> None:
    """Load the graph into Neo4j (or any Bolt/Cypher server).

    Example: NEO4J_PASSWORD=secret kg neo4j push kg-out
    """


@neo4j.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=str))
@_connection_options
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(1, 1_000_000),
              help="About this many rows (nodes plus relationships) per transaction.")
@click.option("--wipe", is_flag=True, help="First delete what kg wrote before (nothing else).")
@click.option("--mirror", is_flag=True,
              help="Then delete what kg wrote before that OUT no longer has (dropped links and entities), "
                   "so the server equals the files. Nothing else is deleted.")
@click.option("--yes", is_flag=True, help="Do not ask before --wipe.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a terminal).")
def push(out: str, uri: str, user: str, database: str | None, batch_size: int, wipe: bool, mirror: bool, yes: bool,
         progress: bool | None) -> None:
    """Write OUT's graph to the server: constraints, then MERGE in batches. Safe to repeat.

    The password comes from NEO4J_PASSWORD or a prompt.

    Example: NEO4J_PASSWORD=secret kg neo4j push kg-out --uri bolt://localhost:7687
    """
    from kg.export.neo4j import check_graph
    from kg.export.neo4j import mirror as mirror_graph
    from kg.export.neo4j import push as push_graph
    from kg.export.neo4j import wipe as wipe_graph
    from kg.progress import Progress
    from kg.schema import EDGE_TYPES, LABELS

    graph = _load_out(out)
    try:
        check_graph(graph)  # before --wipe or any write
    except KgError as error:
        click.echo(f"error: {Path(out) / 'graph.json'}: {_one_line(error)}; rebuild it with kg build", err=True)
        raise SystemExit(1) from None
    started = time.perf_counter()
    driver = _connect(uri, user, database)
    bar = Progress("pushing", total=graph.number_of_nodes(), enabled=progress)
    with _graph_server_errors(uri, "push", "run the same push again to finish"), driver:
        if wipe:
            if not yes and not click.confirm(f"Delete every node kg wrote to {uri}?", default=False):
                raise SystemExit(1)
            click.echo(f"kg: deleted {wipe_graph(driver, database=database)} nodes kg had written", err=True)
        try:
            counts = push_graph(driver, graph, database=database, batch_size=batch_size,
                                on_batch=lambda label, rows: bar.advance(rows, label=f"pushing {label} nodes"))
        finally:
            bar.close()  # before any error line
        if mirror:
            removed_nodes, removed_rels = mirror_graph(driver, graph, database=database, batch_size=batch_size)
            click.echo(f"kg: mirror deleted {removed_nodes} nodes and {removed_rels} relationships that {out} no longer has",
                       err=True)
    nodes = sum(counts.get(label, 0) for label in LABELS)
    rels = sum(counts.get(edge_type, 0) for edge_type in EDGE_TYPES)
    click.echo(f"kg: pushed {nodes} nodes and {rels} relationships to {uri} in {time.perf_counter() - started:.2f} s", err=True)


@neo4j.command()
@click.argument("store", type=click.Path(file_okay=False, path_type=Path))
@click.option("--bolt-port", default=7687, show_default=True, type=click.IntRange(0, 65535), help="0: a free port.")
@click.option("--http-port", default=7474, show_default=True, type=click.IntRange(0, 65535),
              help="Neo4j Browser's port (0: a free port).")
@click.option("--heap", default="1g", show_default=True, help="The server's Java heap.")
def serve(store: Path, bolt_port: int, http_port: int, heap: str) -> None:
    """Run Neo4j Community on this machine, no Docker: its jars from Maven Central, its data in STORE.

    Needs Java 17 or 21 and Maven (the first start downloads Neo4j into ~/.m2).
    Listens on 127.0.0.1 only. A new store takes NEO4J_PASSWORD as the
    password of user neo4j, or a random one written to STORE/password;
    Ctrl-C stops the server.

    Example: kg neo4j serve ~/kg-neo4j
    """
    from kg.neo4j_server import NEO4J_VERSION, ServerError, running

    password_file = store / "password"
    password = os.environ.get("NEO4J_PASSWORD") or (password_file.read_text().strip() if password_file.is_file() else None)
    click.echo(f"kg: starting Neo4j {NEO4J_VERSION} on {store} ...", err=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a kill stops the server too, as Ctrl-C does
    try:
        with running(store, password=password, bolt_port=bolt_port, http_port=http_port, heap=heap) as info:
            if password is None:  # running() chose one: keep it where the next start finds it
                descriptor = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never readable by others
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(info.password + "\n")
            where = "from NEO4J_PASSWORD" if os.environ.get("NEO4J_PASSWORD") else f"in {password_file}"
            click.echo(f"Neo4j Browser  {info.http_url}/browser/  (user {info.user}, password {where})")
            click.echo(f"Bolt           {info.uri}")
            click.echo(f"Push a graph   NEO4J_URI={info.uri} NEO4J_PASSWORD=... kg neo4j push kg-out")
            click.echo("Ctrl-C stops the server.", err=True)
            signal.pause()
    except KeyboardInterrupt:
        click.echo("kg: stopping Neo4j", err=True)
    except ServerError as error:
        click.echo(f"error: {_one_line(error)}", err=True)
        raise SystemExit(2) from None


@neo4j.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("store", type=click.Path(file_okay=False, path_type=Path))
@click.argument("args", nargs=-1, type=click.UNPROCESSED, required=True)
def admin(store: Path, args: tuple[str, ...]) -> None:
    """Run neo4j-admin (from the same Maven Central jars as kg neo4j serve) on STORE, stopped.

    The bulk path: kg export neo4j-admin prints the import command to run here.

    Example: kg neo4j admin ~/kg-neo4j database import full neo4j --nodes=... --relationships=...
    """
    from kg.neo4j_server import ServerError, layout
    from kg.neo4j_server import admin as run_admin

    args = args[1:] if args[:1] == ("neo4j-admin",) else args  # the printed command, pasted whole
    if "import" in args and not any(a.startswith("--report-file") for a in args):
        args = (*args, f"--report-file={store / 'logs' / 'import.report'}")  # not into the current directory
    try:
        if not (store / "conf" / "neo4j.conf").is_file():
            layout(store)
        result = run_admin(store, list(args))
    except ServerError as error:
        click.echo(f"error: {_one_line(error)}", err=True)
        raise SystemExit(2) from None
    click.echo(result.stdout, nl=False)
    click.echo(result.stderr, nl=False, err=True)
    raise SystemExit(result.returncode)


@cli.group(name="export")
def export_group() -> None:
    """Other export formats: the tables (CSV), GraphML, neo4j-admin's bulk import files.

    Example: kg export csv kg-out

    Example: kg export neo4j-admin kg-out neo4j-import
    """


@export_group.command(name="csv")
@click.argument("out", default="kg-out", type=click.Path(file_okay=False, path_type=str))
def export_csv(out: str) -> None:
    """Write papers.csv, entities.csv and edges.csv into OUT from its graph: tables for spreadsheets
    and pandas. Later updates of OUT (kg build --update, kg daily) write them again, so they stay
    current; delete them to stop.

    Example: kg export csv kg-out
    """
    _write_export(out, "csv")


@export_group.command(name="graphml")
@click.argument("out", default="kg-out", type=click.Path(file_okay=False, path_type=str))
def export_graphml(out: str) -> None:
    """Write graph.graphml into OUT from its graph: scalar attributes only, for Gephi and yEd. Later
    updates of OUT write it again, so it stays current; delete it to stop.

    Example: kg export graphml kg-out
    """
    _write_export(out, "graphml")


def _write_export(out: str, name: str) -> None:
    """One of :data:`EXPORTS` written into OUT atomically, under OUT's lock; exit 2 when it cannot be."""
    from kg.atomic import write_files_atomically
    from kg.export.files import export_files
    from kg.state import locked

    try:
        with locked(out):
            written = write_files_atomically(out, export_files(_load_out(out), [name]))
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    click.echo(f"kg: wrote {', '.join(p.name for p in written)} -> {out}", err=True)


@export_group.command(name="neo4j-admin")
@click.argument("out", type=click.Path(file_okay=False, path_type=str))
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@click.option("--database", default="neo4j", show_default=True, help="The database the command will (re)create.")
def export_neo4j_admin(out: str, directory: str, database: str) -> None:
    """Write CSV files for neo4j-admin's bulk import, and print the command that loads them.

    Example: kg export neo4j-admin kg-out neo4j-import
    """
    from kg.export.neo4j import GraphSchemaError
    from kg.export.neo4j_admin import write_admin_files

    try:
        command = write_admin_files(_load_out(out), directory, database)
    except GraphSchemaError as error:
        click.echo(f"error: {Path(out) / 'graph.json'}: {_one_line(error)}; rebuild it with kg build", err=True)
        raise SystemExit(1) from None
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    click.echo(command)
    click.echo(f"kg: wrote the import files and import.sh to {directory}; stop the server, then run the command above "
               f"(with kg neo4j serve's store: kg neo4j admin STORE {command})", err=True)


@cli.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--graph", "graph_dir", default="kg-out", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="The kg build output to answer from when no Neo4j is named.")
@click.option("--format", "format_", default="table", show_default=True, type=click.Choice(["table", "csv", "json"]),
              help="How to print the rows.")
@_connection_options
@click.option("--list", "list_", is_flag=True, help="List the queries in the pack.")
@click.pass_context
def query(ctx: click.Context, name: str | None, params: tuple[str, ...], graph_dir: str, format_: str, uri: str, user: str,
          database: str | None, list_: bool) -> None:
    """Run a query from the pack (queries/*.cypher) and print its rows.

    Answered from the graph files in --graph (kg-out) unless a Neo4j server is named with --uri or
    NEO4J_URI, where the Cypher itself runs: the same rows either way.

    Example: kg query papers_on_dataset --param dataset=COCO
    """
    from kg.cypher import list_queries, load_query, parse_param

    if list_ or not name:
        for item in list_queries():
            defaults = " ".join(f"{k}={v!r}" for k, v in item.params.items())
            click.echo(f"{item.name:28} {item.question}" + (f"  [{defaults}]" if defaults else ""))
        return
    try:
        chosen = load_query(name)
        values = dict(chosen.params)
        values.update(parse_param(p) for p in params)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    if ctx.get_parameter_source("uri") in (click.core.ParameterSource.DEFAULT, None):
        from kg.graph.pack import answer

        try:
            rows = answer(_load_out(graph_dir), chosen.name, values)
        except KgError as error:
            click.echo(f"error: {error}", err=True)
            raise SystemExit(1) from None
        columns = list(rows[0]) if rows else _columns_of(chosen.text)
    else:
        driver = _connect(uri, user, database)
        with _graph_server_errors(uri, "query", "run the query again"), driver:
            records, _, keys = driver.execute_query(chosen.text, values, database_=database)
        columns, rows = list(keys), [{k: record[k] for k in keys} for record in records]
    _print_rows(columns, rows, format_)


def _columns_of(cypher: str) -> list[str]:
    """The names a query's RETURN gives its columns (for the header of an empty answer)."""
    tail = cypher.rsplit("RETURN", 1)[-1].split("ORDER BY")[0].split("LIMIT")[0]
    return re.findall(r"\bAS\s+(\w+)", tail)


def _print_rows(columns: list[str], rows: list[dict[str, object]], format_: str) -> None:
    """Rows as a table (cells cut at 80 characters), as CSV (spreadsheet-safe) or as JSON Lines."""
    if format_ == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif format_ == "csv":
        import csv
        import io

        from kg.export.files import spreadsheet_safe

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([spreadsheet_safe(v if isinstance(v, (str, int, float)) or v is None else
                                              json.dumps(v, ensure_ascii=False, default=str)) for v in (row.get(c) for c in columns)])
        click.echo(buffer.getvalue(), nl=False)
    else:
        _print_table(columns, [[row.get(c) for c in columns] for row in rows])


def _print_table(columns: list[str], rows: list[list[object]]) -> None:
    def cell(value: object) -> str:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        return text if len(text) <= 80 else text[:77] + "..."

    table = [columns] + [[cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(columns))]
    for i, row in enumerate(table):
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
        if i == 0:
            click.echo("  ".join("-" * w for w in widths))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


# ---- kg fetch: the day's listings from the sources, into the cache -------------------------------------------

def _fetch_options(command):  # type: ignore[no-untyped-def]
    """Options every fetching command shares: days, cache, server, patience."""
    options = [
        click.option("--date", "first", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help="The day (UTC, YYYY-MM-DD; default: today; for kg daily, yesterday and today and the week's unsettled days)."),
        click.option("--to", "last", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help="Last day of a range starting at --date."),
        click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Cache directory (default: KG_FETCH_CACHE, else the user cache dir, e.g. ~/.cache/kg/listings)."),
        click.option("--refresh", is_flag=True, help="Fetch again even the days the cache holds for good."),
        click.option("--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True,
                     help="Seconds to wait for an answer (connecting: at most 10)."),
        click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
                     help="Tries after the first on 429, 5xx, timeouts and dropped connections."),
        click.option("--progress/--no-progress", default=None, help="Progress bar over days (default: on a terminal)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _fetcher(cache: Path | None, refresh: bool, timeout: float, retries: int, **urls):  # type: ignore[no-untyped-def]
    from kg.fetch import Cache, Fetcher, HttpPolicy, default_cache_dir

    policy = HttpPolicy(read_timeout=timeout, connect_timeout=min(10.0, timeout), retries=retries)
    delay = os.environ.get("KG_ARXIV_DELAY")  # seconds between arXiv requests; for a mirror or a test server only
    return Fetcher(Cache(cache or default_cache_dir()), policy, refresh=refresh,
                   arxiv_delay=float(delay) if delay else None, **urls)


def _days(first, last) -> list[str]:  # type: ignore[no-untyped-def]
    from kg.fetch import day_range
    from kg.fetch.cache import utc_today

    start = first.date() if first else utc_today()
    try:
        return day_range(start, last.date() if last else None)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--to'") from None


def _run_fetch(sources, days: list[str], fetcher, progress: bool | None):  # type: ignore[no-untyped-def]
    """Fetch with a progress bar over days; one line per day that did not go well; exit 2 if the cache is unwritable."""
    from kg.fetch import fetch
    from kg.progress import Progress

    # The clients log what kg reports itself, once, per day (arxiv: "Skipping entry without <id>").
    for name in ("arxiv", "huggingface_hub"):
        quiet = logging.getLogger(name)
        if quiet.propagate:
            quiet.addHandler(logging.NullHandler())
            quiet.propagate = False
    bar = Progress("fetching", total=len(days) * len(sources), enabled=progress)
    try:
        report = fetch(sources, days, fetcher, on_day=lambda o: bar.advance(label=f"fetching {o.source} {o.day}"))
    except KgError as error:
        bar.close()
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    bar.close()
    for outcome in report.days:
        if outcome.message:
            kind = "error" if outcome.status == "failed" else "note"
            click.echo(f"{kind}: {outcome.message}", err=True)
    for problem in fetcher.link_problems:
        click.echo(f"note: {problem} (its Hub links are left out; asked again next run)", err=True)
    return report


@cli.group(name="fetch")
def fetch_group() -> None:
    """Fetch daily listings into the cache; kg build (or kg daily) reads them.

    Each day is one raw file per source in the cache, fetched once its
    listing has settled (Hugging Face: after the day is over, UTC; arXiv:
    three days after) and never again; before that, every run that names
    the day fetches it again. Prints the cached files that hold papers, one
    per line, on stdout.

    Exit codes: 0 every day fetched, cached, or without a listing; 1 some day
    failed (the others are kept); 2 the cache cannot be written.

    Example: kg build $(kg fetch hf-daily --date 2024-10-10) --update kg-out
    """


@fetch_group.command(name="hf-daily")
@_fetch_options
@click.option("--base-url", envvar="KG_HF_URL", default=None,
              help="The Hub's address (default https://huggingface.co; a mirror, or a test server).  [env KG_HF_URL]")
@click.option("--links", is_flag=True, help="Also ask the Hub for each paper's linked models, datasets and Spaces.")
@click.option("--max-links", type=click.IntRange(0), default=200, show_default=True,
              help="With --links: at most this many papers a day.")
def fetch_hf_daily(first, last, cache, refresh, timeout, retries, progress, base_url, links, max_links) -> None:  # type: ignore[no-untyped-def]
    """Hugging Face Daily Papers, every page of each day, with every field the Hub gives.

    Example: kg fetch hf-daily --date 2024-10-07 --to 2024-10-11
    """
    from kg.fetch import Source

    fetcher = _fetcher(cache, refresh, timeout, retries, hf_url=base_url, links=links, max_links=max_links)
    report = _run_fetch([Source("hf-daily")], _days(first, last), fetcher, progress)
    _finish_fetch(report)


@fetch_group.command(name="arxiv")
@click.option("--category", "categories", multiple=True, required=True,
              help="An arXiv category such as cs.CV (repeatable).")
@_fetch_options
@click.option("--base-url", envvar="KG_ARXIV_URL", default=None,
              help="The arXiv API's address (default https://export.arxiv.org).  [env KG_ARXIV_URL]")
def fetch_arxiv(categories, first, last, cache, refresh, timeout, retries, progress, base_url) -> None:  # type: ignore[no-untyped-def]
    """Papers submitted to arXiv categories on each day, from the arXiv API (3 s between requests).

    Example: kg fetch arxiv --category cs.CV --category cs.LG --date 2024-10-10
    """
    from kg.fetch import parse_source

    try:
        sources = [parse_source(f"arxiv:{c}") for c in categories]
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--category'") from None
    fetcher = _fetcher(cache, refresh, timeout, retries, arxiv_url=base_url)
    _finish_fetch(_run_fetch(sources, _days(first, last), fetcher, progress))


def _finish_fetch(report) -> None:  # type: ignore[no-untyped-def]
    for path in report.listings:
        click.echo(str(path))
    click.echo(f"kg: fetched {report.summary()}", err=True)
    if report.failed:
        raise SystemExit(1)


# ---- kg daily: fetch, update, push, look ---------------------------------------------------------------------

@cli.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=str))
@click.option("--source", "sources", multiple=True, default=("hf-daily",), show_default=True,
              help="hf-daily, or arxiv:CATEGORY such as arxiv:cs.CV (repeatable).")
@_fetch_options
@click.option("--hf-url", envvar="KG_HF_URL", default=None, help="The Hub's address.  [env KG_HF_URL]")
@click.option("--arxiv-url", envvar="KG_ARXIV_URL", default=None, help="The arXiv API's address.  [env KG_ARXIV_URL]")
@click.option("--links", is_flag=True, help="Also ask the Hub for each paper's linked models, datasets and Spaces.")
@click.option("--max-links", type=click.IntRange(0), default=200, show_default=True,
              help="With --links: at most this many papers a day.")
@click.option("--year", default=None, type=click.IntRange(1990, 2100), help="As for kg build.")
@click.option("--neo4j", "push_to_neo4j", is_flag=True,
              help="Then push OUT to Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).")
@click.option("--html", "draw", is_flag=True, help="Then draw today's papers and what they link to: OUT/today.html.")
def daily(out, sources, first, last, cache, refresh, timeout, retries, progress, hf_url, arxiv_url, links, max_links,  # type: ignore[no-untyped-def]
          year, push_to_neo4j, draw) -> None:
    """The morning job: fetch the day's listings, add them to OUT, say what is new.

    Fetches yesterday, today, and the days of the last week whose listing
    may still change (see kg fetch), runs kg build --update OUT on them,
    optionally draws the day's papers and pushes to Neo4j, then prints what
    was added. A second run that finds nothing new changes nothing and says
    so. One kg at a time updates an OUT: a second run is refused at once.

    Exit codes: 0 done (or nothing new); 1 some day could not be fetched or
    read (the rest was added); 2 OUT is locked or cannot be written, the
    cache cannot be written, or the push failed.

    Example: kg daily kg-out --source hf-daily --source arxiv:cs.CV --html
    """
    from kg.fetch import parse_source
    from kg.fetch.cache import utc_today
    from kg.fetch.days import daily_days
    from kg.state import locked

    started = time.perf_counter()
    try:
        chosen = list(dict.fromkeys(parse_source(s) for s in sources))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--source'") from None
    fetcher = _fetcher(cache, refresh, timeout, retries, hf_url=hf_url, arxiv_url=arxiv_url, links=links,
                       max_links=max_links)
    days = _days(first, last) if first else daily_days(chosen, fetcher.cache, utc_today())
    try:
        with locked(out):
            failed = _daily_update(out, chosen, days, fetcher, progress, year, push_to_neo4j, draw, started)
    except KgError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    if failed:
        raise SystemExit(1)


def _daily_update(out, sources, days, fetcher, progress, year, push_to_neo4j, draw, started) -> bool:  # type: ignore[no-untyped-def]
    """kg daily's steps, under OUT's lock: fetch, update, say what is new, draw, push. Returns whether anything failed."""
    from kg.daily import known_ids, todays_view, whats_new
    from kg.ingest.merge import listing_id
    from kg.state import digest_of, load_previous_digests

    report = _run_fetch(sources, days, fetcher, progress)
    label = days[0] if len(days) == 1 else f"{days[0]} to {days[-1]}"
    fetched = f"fetched {report.summary()}"
    paths = [str(p) for p in report.listings]
    failed = bool(report.failed)
    if not paths:
        click.echo(f"kg daily {label}: no papers to add ({fetched})", err=True)
        return failed
    if {digest_of(p) for p in paths} <= load_previous_digests(out):
        click.echo(f"kg daily {label}: nothing new since the last run; {out} is unchanged ({fetched})", err=True)
        return failed
    before = known_ids(out)
    result = _build_and_write(out, paths, hold_lock=False, show_progress=progress, update=out, year=year)
    listings = {listing_id(p) for p in paths}
    news = whats_new(result.graph, before, listings)
    lines = news.lines() or [f"no new papers or entities; {out} now has the sources' latest counts (upvotes, comments)"]
    click.echo(f"kg daily {label}: {lines[0]}", err=True)
    for line in lines[1:]:
        click.echo(f"  {line}", err=True)
    written = [out]
    if draw:
        from kg.export.html import write_html

        written.append(str(Path(out) / "today.html"))
        write_html(todays_view(result.graph, listings), written[-1], title=f"kg: new on {label}")
    if push_to_neo4j:
        written.append(_push_quietly(out, result.graph))
    click.echo(f"  -> {', '.join(written)}  ({fetched}; {time.perf_counter() - started:.1f} s in all)", err=True)
    return failed or bool(result.problems)


def _push_quietly(out: str, graph) -> str:  # type: ignore[no-untyped-def]
    """Push the updated graph to the server named by the NEO4J_* variables; one line on failure (exit 2)."""
    from kg.export.neo4j import push as push_graph

    uri = os.environ.get("NEO4J_URI", "bolt://localhost:7687")
    database = os.environ.get("NEO4J_DATABASE") or None
    driver = _connect(uri, os.environ.get("NEO4J_USER", "neo4j"), database)
    with _graph_server_errors(uri, "push", "run kg neo4j push " + out + " to finish"), driver:
        push_graph(driver, graph, database=database)
    return f"pushed to {uri}"


def main() -> None:
    cli()

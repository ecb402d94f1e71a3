"""Writing extraction results: JSONL/JSON with everything, ACLED-style CSV, and Rich tables for the terminal.

Files named with -o are written atomically (a temporary file in the same folder, then a rename).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .records import Claim, Event, Report, ReportResult

if TYPE_CHECKING:
    from .store import StoredEvent

# The codebook's ACLED-style columns, in order, then Khabar's own (the estimate interval and the report).
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
)
EXTRA_COLUMNS = ("fatalities_low", "fatalities_high", "contested", "report_id")
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

# ACLED's disorder types: violent event types are political violence, protests and riots are demonstrations,
# except excessive force against protesters (both) and mob violence (political violence).
_DISORDER_BY_EVENT_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_EVENT_TYPE = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}
_PRECISION_WORDS = {1: "day", 2: "week", 3: "month"}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type for an event type and sub-type ("" for a type outside ACLED's taxonomy)."""
    return _DISORDER_BY_SUB_EVENT_TYPE.get(sub_event_type) or _DISORDER_BY_EVENT_TYPE.get(event_type, "")


def interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's interaction code: both actor types, smaller first ("12"); a sole actor gets 0 ("20")."""
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{codes[0]}0"
    return f"{codes[0]}{codes[1]}"


def claim_value(claim: Claim) -> str:
    """A claim's number as the qualifier says it: "4", "at least 4", "more than 15", "several"."""
    if claim.stance == "denies":
        return "denies"
    low, high, qualifier = claim.value_low, claim.value_high, claim.qualifier
    if claim.vague and qualifier:
        return qualifier.replace("_", " ")
    if low is None and high is None:
        return ""
    if qualifier == "at_least":
        text = f"at least {low}"
    elif qualifier == "more_than" and low is not None:
        text = f"more than {low - 1}"  # the interval of "more than N" starts at N + 1
    elif qualifier in ("at_most", "up_to"):
        text = f"{qualifier.replace('_', ' ')} {high if high is not None else low}"
    elif high is not None and low is not None and high != low:
        text = f"{low}-{high}"
    else:
        text = str(low if low is not None else high)
    if qualifier == "about" or claim.approximate:
        text = f"about {text}"
    return text


def claims_summary(event: Event) -> str:
    """One line of who claims what: "killed: BLA 12 (party) vs ISPR 3 (party); seized: BLA 4 (party)".

    Claims are grouped by kind, and within a kind by whose people they are about (named with the first claim's
    words, "soldiers", when a kind is about more than one group); "?" marks a hedged claim.
    """
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in event.claims:
        groups.setdefault((claim.kind, _subject_key(claim)), []).append(claim)
    subjects_per_kind: dict[str, int] = {}
    for kind, _ in groups:
        subjects_per_kind[kind] = subjects_per_kind.get(kind, 0) + 1
    parts = []
    for (kind, _), claims in groups.items():
        label = (
            f"{kind} {claims[0].subject or claims[0].subject_group}" if subjects_per_kind[kind] > 1 else kind
        )
        said = " vs ".join(_claim_phrase(c) for c in claims)
        parts.append(f"{label}: {said}")
    return "; ".join(parts)


def event_record(result: ReportResult, event: Event) -> dict[str, Any]:
    """One JSONL line: the event's codebook JSON plus its report's metadata."""
    record: dict[str, Any] = {"record": "event", **event.to_dict()}
    if not record["event_id"]:
        record["event_id"] = event.make_id()
    record.update(_report_metadata(result.report))
    return record


def statistic_records(result: ReportResult) -> Iterator[dict[str, Any]]:
    """The report's reported statistics as JSONL lines ("record": "statistic"): kept, never events."""
    for statistic in result.statistics:
        yield {"record": "statistic", **statistic.to_dict(), **_report_metadata(result.report)}


def write_jsonl(results: Iterable[ReportResult], fh: TextIO, include_statistics: bool = False) -> int:
    """Write one JSON object per line per event (and per reported statistic if asked); return the events."""
    events = 0
    for record in _records(results, include_statistics):
        events += record["record"] == "event"
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return events


def write_json(results: Iterable[ReportResult], fh: TextIO, include_statistics: bool = False) -> int:
    """Write the JSONL objects as one JSON array (streamed, not held in memory); return the events."""
    events = 0
    fh.write("[")
    for i, record in enumerate(_records(results, include_statistics)):
        events += record["record"] == "event"
        fh.write(("\n" if i == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
    fh.write("\n]\n")
    return events


def event_row(result: ReportResult, event: Event) -> dict[str, Any]:
    """One ACLED-style CSV row (CSV_COLUMNS) for an event of one report."""
    return acled_row(event, result.report.outlet or "", event.report_id)


def acled_row(event: Event, source: str, report_id: str) -> dict[str, Any]:
    """One ACLED-style CSV row (CSV_COLUMNS): `source` as ACLED writes it (the outlets), `report_id` the report
    or reports (";"-joined) it was read from."""
    a1, a2 = event.actor1, event.actor2
    inter1 = a1.actor.inter if a1 else None
    inter2 = a2.actor.inter if a2 else None
    loc = event.location
    when = event.time.date
    return {
        "event_id_cnty": event.event_id or event.make_id(),
        "event_date": when.isoformat() if when else "",
        "year": when.year if when else "",
        "time_precision": _blank(event.time.time_precision),
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": a1.actor.name if a1 else "",
        "assoc_actor_1": "; ".join(event.assoc_actor_1),
        "inter1": _blank(inter1),
        "actor2": a2.actor.name if a2 else "",
        "assoc_actor_2": "; ".join(event.assoc_actor_2),
        "inter2": _blank(inter2),
        "interaction": interaction(inter1, inter2),
        "country": _blank(loc.country),
        "admin1": _blank(loc.admin1),
        "admin2": _blank(loc.admin2),
        "admin3": "",
        "location": loc.name or loc.within or loc.admin2 or loc.admin1 or "",
        "latitude": "" if loc.latitude is None else f"{loc.latitude:.4f}",
        "longitude": "" if loc.longitude is None else f"{loc.longitude:.4f}",
        "geo_precision": _blank(loc.geo_precision),
        "source": source,
        "source_scale": "",
        "notes": event.notes,
        "fatalities": event.fatalities.best,
        "tags": claims_summary(event),
        "fatalities_low": event.fatalities.low,
        "fatalities_high": event.fatalities.high,
        "contested": "true" if event.contested else "false",
        "report_id": report_id,
    }


def write_csv(results: Iterable[ReportResult], fh: TextIO) -> int:
    """Write ACLED-style CSV (header, then one row per event); return the number of events."""
    return _write_rows(fh, CSV_COLUMNS, (event_row(r, e) for r in results for e in r.events))


# --- the event store's linked events ----------------------------------------------------------------------


def stored_row(stored: StoredEvent) -> dict[str, Any]:
    """The ACLED-style CSV row of a linked event: its outlets as the source, every report it was read from."""
    outlets = list(dict.fromkeys(s.outlet for s in stored.sources if s.outlet))
    return acled_row(stored.event, "; ".join(outlets), ";".join(s.report_id for s in stored.sources))


def write_stored_csv(stored: Iterable[StoredEvent], fh: TextIO) -> int:
    """ACLED-style CSV of linked events; returns the number written."""
    return _write_rows(fh, CSV_COLUMNS, (stored_row(item) for item in stored))


def _write_rows(fh: TextIO, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    """A CSV header, then the rows; returns how many."""
    writer = csv.DictWriter(fh, fieldnames=columns)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def write_stored_jsonl(stored: Iterable[StoredEvent], fh: TextIO) -> int:
    """One linked event per line: the extraction fields, `sources` and every claim with its report."""
    n = 0
    for item in stored:
        fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_stored_geojson(stored: Iterable[StoredEvent], fh: TextIO) -> int:
    """A GeoJSON FeatureCollection (RFC 7946): a Point per linked event with coordinates, the ACLED-style row
    as its properties. Events without coordinates are left out; returns the number written."""
    n = 0
    fh.write('{"type": "FeatureCollection", "features": [')
    for item in stored:
        loc = item.event.location
        if loc.latitude is None or loc.longitude is None:
            continue
        feature = {
            "type": "Feature",
            "id": item.id,
            "geometry": {"type": "Point", "coordinates": [loc.longitude, loc.latitude]},
            "properties": {k: (None if v == "" else v) for k, v in stored_row(item).items()},
        }
        fh.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n


def render_table(results: Iterable[ReportResult], console: Console, include_statistics: bool = True) -> int:
    """Print one table per report (date, type, sides, place, fatalities, claims) and its reported
    statistics; a report without events gets one line saying so. Returns the number of events."""
    events = 0
    for result in results:
        events += len(result.events)
        heading = _report_heading(result.report)
        if not result.events:
            console.print(Text.assemble(heading, ("  no events found", "dim")))
        else:
            console.print(_events_table(result, heading))
        if include_statistics and result.statistics:
            console.print(Text("  Reported statistics (kept with the report, not events):", style="bold"))
            console.print(
                _bullets("-", [f"{s.claimant}: {' '.join(s.text.split())}" for s in result.statistics])
            )
        if result.warnings:
            console.print(_bullets("!", result.warnings, style="yellow"))
        console.print()
    return events


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """Open `path` for writing text so that it appears whole or not at all: the text goes to a temporary
    file in the same folder, which replaces `path` only when the block ends without an exception."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _records(results: Iterable[ReportResult], include_statistics: bool) -> Iterator[dict[str, Any]]:
    for result in results:
        for event in result.events:
            yield event_record(result, event)
        if include_statistics:
            yield from statistic_records(result)


def _report_metadata(report: Report) -> dict[str, Any]:
    return {
        "title": report.title,
        "outlet": report.outlet,
        "url": report.url,
        "published": report.published.isoformat() if report.published else None,
        "report_source": report.source,
    }


def _subject_key(claim: Claim) -> str:
    if claim.subject_actor:
        return claim.subject_actor
    if claim.subject_group not in ("unknown", "actor1", "actor2"):
        return claim.subject_group
    return claim.subject or claim.subject_group


def _claim_phrase(claim: Claim) -> str:
    value = claim_value(claim)
    hedge = "?" if claim.hedged else ""
    return " ".join(part for part in (claim.claimant, value + hedge, f"({claim.claimant_role})") if part)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _report_heading(report: Report) -> Text:
    name = report.title or report.source or report.id
    details = [d for d in (report.outlet, report.published.isoformat() if report.published else None) if d]
    heading = Text(name, style="bold")
    if details:
        heading.append(f"  ({', '.join(details)})", style="dim")
    return heading


def _bullets(mark: str, lines: list[str], style: str = "") -> Padding:
    """Indented items whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for line in lines:
        grid.add_row(mark, Text(line, style=style))
    return Padding(grid, (0, 0, 0, 2))


def _events_table(result: ReportResult, heading: Text) -> Table:
    table = Table(
        title=heading, title_justify="left", box=box.SIMPLE_HEAD, show_lines=True, padding=(0, 1), expand=True
    )
    # Date and fatalities never wrap, the event type takes up to 18 columns; the rest share the width, the
    # claims (the longest text) getting most.
    table.add_column("Date", no_wrap=True)
    table.add_column("Event", max_width=18, overflow="fold")
    table.add_column("Sides", ratio=4, overflow="fold")
    table.add_column("Place", ratio=3, min_width=12, overflow="fold")
    table.add_column("Killed", no_wrap=True, justify="right")
    table.add_column("Claims", ratio=6, overflow="fold")
    for event in result.events:
        table.add_row(
            _date_cell(event),
            Text.assemble(event.sub_event_type, ("\n" + event.event_type, "dim")),
            _sides_cell(event),
            _place_cell(event),
            _fatalities_cell(event),
            Text(claims_summary(event) or "-", style="" if event.claims else "dim"),
        )
    return table


def _date_cell(event: Event) -> Text:
    time = event.time
    if time.date is None:
        return Text.assemble(("unknown", "dim"), ("\n" + (time.expression or ""), "italic"))
    text = Text(time.date.isoformat())
    if time.date_end and time.date_end != time.date:
        text.append(f"\n-{time.date_end}")  # str(date) is ISO
    if time.time_precision:
        text.append(f"\n{_PRECISION_WORDS.get(time.time_precision, time.time_precision)}", style="dim")
    return text


def _sides_cell(event: Event) -> Text:
    text = Text()
    for i, (mention, assoc) in enumerate(
        ((event.actor1, event.assoc_actor_1), (event.actor2, event.assoc_actor_2))
    ):
        if i:
            text.append("\nvs ", style="dim")
        text.append(mention.actor.name if mention else "unknown", style="" if mention else "dim")
        if mention and mention.unit:
            text.append(f" ({mention.unit})", style="dim")
        if assoc:
            text.append(f" with {', '.join(assoc)}", style="dim")
    return text


def _place_cell(event: Event) -> Text:
    loc = event.location
    text = Text(loc.name or "unknown", style="" if loc.name else "dim")
    # The enclosing places the text or gazetteer gives; the country only when no province is known.
    enclosing = (loc.within, loc.admin2, loc.admin1) if loc.admin1 else (loc.within, loc.admin2, loc.country)
    wider = [p for p in enclosing if p and p != loc.name]
    if wider:
        text.append("\n" + ", ".join(dict.fromkeys(wider)), style="dim")
    return text


def _fatalities_cell(event: Event) -> Text:
    f = event.fatalities
    text = Text(str(f.best), style="bold")
    if (f.low, f.high) != (f.best, f.best):
        text.append(f"\n{f.low}-{f.high}", style="dim")
    if event.contested:
        text.append("\ncontested", style="red")
    return text


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def render_stored_table(rows: Iterable[tuple[Event, int]], console: Console) -> int:
    """The store's events as a table: id, date, kind, sides, place, killed, sources."""
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, padding=(0, 1), expand=True)
    table.add_column("Event", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Kind", max_width=18, overflow="fold")
    table.add_column("Sides", ratio=4, overflow="fold")
    table.add_column("Place", ratio=3, min_width=12, overflow="fold")
    table.add_column("Killed", no_wrap=True, justify="right")
    table.add_column("Sources", no_wrap=True, justify="right")
    n = 0
    for event, n_sources in rows:
        table.add_row(
            event.event_id,
            _date_cell(event),
            Text.assemble(event.sub_event_type, ("\n" + event.event_type, "dim")),
            _sides_cell(event),
            _place_cell(event),
            _fatalities_cell(event),
            str(n_sources),
        )
        n += 1
    if n:
        console.print(table)
    else:
        console.print(Text("no events", style="dim"))
    return n


def render_stored_event(stored: StoredEvent, console: Console) -> None:
    """One linked event: what it is, its sources, each report's claims side by side, contradictions, evidence."""
    event = stored.event
    console.print(Text(f"{stored.id}  {event.sub_event_type} ({event.event_type})", style="bold"))
    console.print(Text(event.notes))
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), expand=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Sides", ratio=4, overflow="fold")
    table.add_column("Place", ratio=3, overflow="fold")
    table.add_column("Killed", no_wrap=True, justify="right")
    table.add_row(_date_cell(event), _sides_cell(event), _place_cell(event), _fatalities_cell(event))
    console.print(table)
    if event.contradictions:
        console.print(Text("Claimants disagree:", style="bold yellow"))
        console.print(_bullets("!", event.contradictions, style="yellow"))
    console.print(Text(f"Sources ({len(stored.sources)}):", style="bold"))
    told = {e.report_id: e for e in stored.told}
    for source in stored.sources:
        heading = source.title or (source.sources[0] if source.sources else source.report_id)
        details = [
            d for d in (source.outlet, source.published.isoformat() if source.published else None) if d
        ]
        line = Text(f"  {source.report_id}  {heading}")
        if details:
            line.append(f"  ({', '.join(details)})", style="dim")
        console.print(line)
        e = told.get(source.report_id)
        if e is None:
            continue
        claims = [
            f"{c.kind} {claim_value(c)} {c.subject} per {c.claimant} ({c.claimant_role})" for c in e.claims
        ]
        told_as = (
            f"told as {e.event_id}: {e.sub_event_type}, {e.time.date or 'undated'}, {e.location.name or '-'}"
        )
        console.print(_bullets("-", [told_as], style="dim"))
        if claims:
            console.print(_bullets("*", claims))
        console.print(_bullets(">", [ev.text for ev in e.evidence], style="italic"))


def write_rows(rows: list[dict[str, Any]], fh: TextIO, fmt: str, title: str = "") -> None:
    """Rows of one shape as a table, CSV, JSON or JSONL."""
    if fmt == "csv":
        if rows:
            _write_rows(fh, tuple(rows[0]), rows)
        return
    if fmt == "jsonl":
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt == "json":
        fh.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    console = Console(file=fh, highlight=False, width=None if fh.isatty() else 160)
    if not rows:
        console.print(Text("nothing to count", style="dim"))
        return
    table = Table(title=title or None, title_justify="left", box=box.SIMPLE_HEAD)
    for key, value in rows[0].items():
        table.add_column(key, justify="right" if isinstance(value, int) else "left")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    console.print(table)


# Parquet column types of the ACLED-style row (the rest are strings); `sources` and `claims` are JSON text.
_PARQUET_INTS = (
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
)
_PARQUET_FLOATS = ("latitude", "longitude")


def parquet_schema() -> Any:
    import pyarrow as pa

    fields = []
    for name in CSV_COLUMNS:
        if name in _PARQUET_INTS:
            fields.append(pa.field(name, pa.int64()))
        elif name in _PARQUET_FLOATS:
            fields.append(pa.field(name, pa.float64()))
        elif name == "contested":
            fields.append(pa.field(name, pa.bool_()))
        else:
            fields.append(pa.field(name, pa.string()))
    fields += [pa.field("sources", pa.string()), pa.field("claims", pa.string())]
    return pa.schema(fields)


def parquet_record(stored: StoredEvent) -> dict[str, Any]:
    """A linked event as one typed Parquet row: the ACLED-style columns, then its sources and claims (JSON)."""
    row: dict[str, Any] = {}
    for name, value in stored_row(stored).items():
        if value == "" or value is None:
            row[name] = None
        elif name in _PARQUET_INTS:
            row[name] = int(value)
        elif name in _PARQUET_FLOATS:
            row[name] = float(value)
        elif name == "contested":
            row[name] = value == "true"
        else:
            row[name] = str(value)
    data = stored.to_dict()
    row["sources"] = json.dumps(data["sources"], ensure_ascii=False)
    row["claims"] = json.dumps(data["claims"], ensure_ascii=False)
    return row


def write_stored_parquet(stored: Iterable[StoredEvent], path: Path, batch: int = 10_000) -> int:
    """Linked events as a Parquet file (written whole or not at all); returns the number written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    schema = parquet_schema()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    n = 0
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            rows: list[dict[str, Any]] = []
            for item in stored:
                rows.append(parquet_record(item))
                if len(rows) >= batch:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    n += len(rows)
                    rows = []
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


# The codebook's UCDP-style columns (GED's names), then where and when and the reports.
UCDP_COLUMNS = (
    "id",
    "side_a",
    "side_b",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "low",
    "high",
    "where_prec",
    "date_prec",
    "country",
    "adm_1",
    "adm_2",
    "where_coordinates",
    "latitude",
    "longitude",
    "date_start",
    "date_end",
    "report_ids",
)


def ucdp_row(stored: StoredEvent, coder: Any) -> dict[str, Any]:
    """A linked event in UCDP's conventions (ucdp.UcdpCoder: sides by UCDP's names, deaths by side, UCDP's
    place names), with GED's precision codes: where_prec 1 the place, 2 near it, 3 its district, 4 its
    province, 6 the country; date_prec 1 a day, 2 two to six days, 3 a week, 4 a month, 5 longer."""
    event = stored.event
    report = Report(id=stored.id, text="", published=event.time.date_end or event.time.date)
    record = coder.code(ReportResult(report=report, events=[event], country=event.location.country))
    loc = event.location
    if loc.geo_precision in (1, 2):
        where_prec = loc.geo_precision
    elif loc.admin2:
        where_prec = 3
    elif loc.admin1:
        where_prec = 4
    else:
        where_prec = 6
    first, last = event.time.date, event.time.date_end or event.time.date
    days = (last - first).days + 1 if first and last else None
    if days is None:
        date_prec = 5
    else:
        date_prec = 1 if days == 1 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5
    sides = (
        record["deaths_side_a"],
        record["deaths_side_b"],
        record["deaths_civilian"],
        record["deaths_unknown"],
    )
    return {
        "id": stored.id,
        "side_a": record["side_a_name"],
        "side_b": record["side_b_name"],
        "deaths_a": sides[0],
        "deaths_b": sides[1],
        "deaths_civilians": sides[2],
        "deaths_unknown": sides[3],
        "best": sum(sides),
        "low": record["deaths_low"],
        "high": record["deaths_high"],
        "where_prec": where_prec,
        "date_prec": date_prec,
        "country": record["location_root_name"],
        "adm_1": record["location_adm1_name"],
        "adm_2": record["location_adm2_name"],
        "where_coordinates": record["location_where_name"],
        "latitude": "" if loc.latitude is None else f"{loc.latitude:.4f}",
        "longitude": "" if loc.longitude is None else f"{loc.longitude:.4f}",
        "date_start": record["start_date"],
        "date_end": record["end_date"],
        "report_ids": ";".join(s.report_id for s in stored.sources),
    }


def write_stored_ucdp(stored: Iterable[StoredEvent], fh: TextIO, coder: Any) -> int:
    """UCDP-style CSV of linked events; returns the number written."""
    return _write_rows(fh, UCDP_COLUMNS, (ucdp_row(item, coder) for item in stored))

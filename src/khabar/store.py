"""The event store: reports read once, the events each report tells, the events they make together, reported
statistics, and analysts' link decisions, in one database.

SQLite (one file, WAL mode) by default; any SQLAlchemy URL for a server (PostgreSQL is tested). The schema is
Alembic's (khabar/migrations): opening a store upgrades it in place. Every report is written in one transaction
with its events and their linking, under a writer lock (SQLite's BEGIN IMMEDIATE, a PostgreSQL advisory lock),
so a crash leaves no half-written report and two ingests at once neither corrupt nor duplicate.

Tables: `reports` (id = hash of the normalised text), `report_sources` (every path or URL a report came from),
`report_events` (what one report tells, the extraction's JSON; `event_id` is the event it belongs to),
`events` (the linked event: linking.merge of its report events, with columns to query), `statistics` (a
report's period tallies, never events), `link_decisions` (unlink/merge by an analyst, applied again whenever
links are rebuilt).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .actors import ActorRegistry
from .errors import KhabarError
from .linking import DEFAULT_MAX_KM, Linker, merge
from .records import Event, ReportResult, event_from_dict

DB_ENV = "KHABAR_DB"
# Candidates are searched by an index range on the window's start, this many days before the new event's;
# events with longer windows ("fighting since January", flagged long_window) through an index of their own.
MAX_LINK_WINDOW_DAYS = 92
FILE_NAME = "khabar.sqlite"
# A lock key of Khabar's own for PostgreSQL's advisory locks (any constant: "khabar" in ASCII).
_PG_LOCK = 0x6B6861626172

metadata = sa.MetaData()

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
)
report_sources = sa.Table(
    "report_sources",
    metadata,
    sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.id"), primary_key=True),
    sa.Column("source", sa.Text, primary_key=True),
)
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("sub_event_type", sa.Text, nullable=False),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("country", sa.Text),
    sa.Column("admin1", sa.Text),
    sa.Column("admin2", sa.Text),
    sa.Column("location", sa.Text),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("date", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("time_precision", sa.Integer),
    sa.Column("fatalities_low", sa.Integer, nullable=False),
    sa.Column("fatalities_best", sa.Integer, nullable=False),
    sa.Column("fatalities_high", sa.Integer, nullable=False),
    sa.Column("contested", sa.Boolean, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Index("ix_events_country_date", "country", "date"),
    sa.Index("ix_events_date", "date"),
)
report_events = sa.Table(
    "report_events",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.id"), nullable=False, index=True),
    sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id"), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False, index=True),  # storage order (migration 0002 indexes it)
    sa.Column("country", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("data", sa.JSON, nullable=False),
    # a window longer than MAX_LINK_WINDOW_DAYS (migration 0004)
    sa.Column("long_window", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_report_events_window", "country", "date_end", "date"),
    sa.Index("ix_report_events_start_end", "country", "date", "date_end"),  # migrations 0003, 0005
    sa.Index("ix_report_events_long", "long_window", "country", "date_end"),
)
statistics = sa.Table(
    "statistics",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.id"), nullable=False, index=True),
    sa.Column("claimant", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("data", sa.JSON, nullable=False),
)
link_decisions = sa.Table(
    "link_decisions",
    metadata,
    sa.Column("report_event_id", sa.String(32), primary_key=True),
    sa.Column("action", sa.String(16), nullable=False),  # "unlink": alone; "merge": with target's event
    sa.Column("target", sa.String(32)),  # merge: a report event of the event to join
    sa.Column("decided_at", sa.DateTime, nullable=False),
)


class StoreError(KhabarError):
    """The database cannot be opened or a requested record does not exist."""


def default_url() -> str:
    """$KHABAR_DB (a path or an SQLAlchemy URL), else khabar.sqlite in $KHABAR_DATA_DIR or the user data folder."""
    chosen = os.environ.get(DB_ENV)
    if chosen:
        return as_url(chosen)
    folder = os.environ.get("KHABAR_DATA_DIR")
    if not folder:
        import platformdirs

        folder = platformdirs.user_data_dir("khabar")
    return as_url(str(Path(folder) / FILE_NAME))


def as_url(db: str) -> str:
    """A path is an SQLite file; anything with "://" is an SQLAlchemy URL already."""
    return db if "://" in db else f"sqlite:///{Path(db).expanduser().resolve()}"


def event_id_for(report_event_id: str) -> str:
    """A linked event's id: stable, from the first report event that told it."""
    return "EV-" + hashlib.sha256(report_event_id.encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class Added:
    """What storing one report did."""

    report_id: str
    new: bool  # False: the report was stored already (a new source of it may have been added)
    events: int = 0  # report events stored
    linked: int = 0  # of them, joined to an event another report told
    new_source: bool = False


@dataclass(slots=True)
class Source:
    report_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "report_id": self.report_id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "locations": list(self.sources),
        }


@dataclass(slots=True)
class StoredEvent:
    """A linked event with its sources (reports) and the events each report told of it."""

    event: Event
    sources: list[Source]
    told: list[Event]  # one per source report: what that report says, claims and evidence included

    @property
    def id(self) -> str:
        return self.event.event_id

    def to_dict(self) -> dict[str, Any]:
        """The JSONL export's line: the event's fields, `sources`, and every claim with its report."""
        data = self.event.to_dict()
        data.pop("report_id", None)
        for claim in data["claims"]:
            claim["report_id"] = claim["evidence"]["report_id"]
        data["sources"] = [s.to_dict() for s in self.sources]
        return data


@dataclass(slots=True)
class Filters:
    """What `events` selects; None means any."""

    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    event_type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    actor: str | None = None
    contested: bool | None = None
    limit: int | None = None


class Store:
    """One event store. `Store(url)` opens (creating and upgrading) the database at url, an SQLite file by
    default."""

    def __init__(
        self, url: str | None = None, registry: ActorRegistry | None = None, max_km: float = DEFAULT_MAX_KM
    ):
        self.url = as_url(url) if url else default_url()
        self.registry = registry or ActorRegistry.default()
        self.linker = Linker(self.registry, max_km=max_km)
        self.engine = _engine(self.url)
        try:
            self._upgrade()
        except sa.exc.OperationalError as exc:
            raise StoreError(f"{_safe_url(self.url)}: cannot open the database ({exc.orig})") from exc

    # -- schema ------------------------------------------------------------------------------------------

    def _upgrade(self) -> None:
        from alembic import command
        from alembic.config import Config as AlembicConfig

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self.writing() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def writing(self) -> Any:
        """A transaction that holds the store's writer lock until it commits or rolls back."""
        return _Writing(self.engine)

    # -- ingest ------------------------------------------------------------------------------------------

    def known(self, report_ids: Iterable[str]) -> set[str]:
        """Which of these reports are stored already."""
        ids = list(report_ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                found |= set(conn.scalars(sa.select(reports.c.id).where(reports.c.id.in_(chunk))))
        return found

    def add_source(self, report_id: str, source: str) -> bool:
        """Record another place a stored report was read from; True when it is new."""
        with self.writing() as conn:
            return _add_source(conn, report_id, source)

    def add(self, result: ReportResult, source: str | None = None) -> Added:
        """Store one extracted report with its events and statistics and link its events to the stored ones,
        in one transaction. A report stored already only gains the source."""
        report = result.report
        with self.writing() as conn:
            if conn.scalar(sa.select(reports.c.id).where(reports.c.id == report.id)) is not None:
                new_source = _add_source(conn, report.id, source) if source else False
                return Added(report.id, new=False, new_source=new_source)
            conn.execute(
                reports.insert().values(
                    id=report.id,
                    title=report.title,
                    outlet=report.outlet,
                    url=report.url,
                    published=report.published,
                    text=report.text,
                    n_events=len(result.events),
                    ingested_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                )
            )
            for where in {s for s in (source, report.url) if s}:
                _add_source(conn, report.id, where)
            for e in result.events:
                if not e.event_id:
                    e.event_id = e.make_id()
            linked = self._link_new(conn, result.events)
            for statistic in result.statistics:
                period = statistic.period
                conn.execute(
                    statistics.insert().values(
                        report_id=report.id,
                        claimant=statistic.claimant,
                        date=period.date if period else None,
                        date_end=period.date_end if period else None,
                        data=statistic.to_dict(),
                    )
                )
            return Added(report.id, new=True, events=len(result.events), linked=linked)

    def _link_new(self, conn: Connection, new: Sequence[Event]) -> int:
        """Insert one report's events, each into the stored event it is (or a new one); rebuild those."""
        decisions = _decisions(conn, [e.event_id for e in new])
        undecided = [e for e in new if e.event_id not in decisions]
        chosen = self.linker.assign(undecided, self._candidates(conn, undecided))
        target: dict[str, str] = {undecided[i].event_id: sid for i, sid in chosen.items()}
        for e in new:  # an analyst's merge, whichever of the two report events is stored first
            action, other = decisions.get(e.event_id, (None, None))
            partners = [other] if action == "merge" and other else []
            partners += conn.scalars(
                sa.select(link_decisions.c.report_event_id).where(
                    link_decisions.c.action == "merge", link_decisions.c.target == e.event_id
                )
            ).all()
            for partner in partners:
                joined = conn.scalar(sa.select(report_events.c.event_id).where(report_events.c.id == partner))
                if joined:
                    target[e.event_id] = joined
                    break
        touched: set[str] = set()
        last = conn.scalar(sa.select(sa.func.max(report_events.c.seq)))
        seq = 0 if last is None else last + 1
        for e in new:
            event_id = target.get(e.event_id) or event_id_for(e.event_id)
            if event_id not in target.values():
                _insert_event_row(conn, event_id, e)
            conn.execute(
                report_events.insert().values(
                    id=e.event_id,
                    report_id=e.report_id,
                    event_id=event_id,
                    seq=seq,
                    country=e.location.country,
                    date=e.time.date,
                    date_end=e.time.date_end or e.time.date,
                    long_window=_window_days(e) > MAX_LINK_WINDOW_DAYS,
                    data=stored_json(e),
                )
            )
            seq += 1
            touched.add(event_id)
        for event_id in touched:
            self._rebuild(conn, event_id)
        return len(target)

    def _candidates(self, conn: Connection, new: Sequence[Event]) -> list[tuple[str, Event]]:
        """Stored report events that may be one of these: same country and window overlapping, found by an index
        range on country and start (at most MAX_LINK_WINDOW_DAYS before) plus the few long-window events, so the
        cost grows with the events of that country and season, not with the store."""
        out: list[tuple[str, Event]] = []
        seen: set[str] = set()
        for e in new:
            first, last = e.time.date, e.time.date_end or e.time.date
            if first is None or last is None or not e.location.country:
                continue
            columns = (report_events.c.id, report_events.c.event_id, report_events.c.data)
            near = sa.select(*columns).where(
                report_events.c.country == e.location.country,
                report_events.c.date >= first - dt.timedelta(days=MAX_LINK_WINDOW_DAYS),
                report_events.c.date <= last,
                report_events.c.date_end >= first,
            )
            # the few long windows by their own index; no condition on the start here, which would make SQLite
            # (without statistics) range over the start index instead: every earlier event of the country.
            # A window starting after `last` fails the linker's overlap test; one found twice is skipped below.
            long = sa.select(*columns).where(
                report_events.c.long_window == sa.true(),
                report_events.c.country == e.location.country,
                report_events.c.date_end >= first,
            )
            rows = [*conn.execute(near), *conn.execute(long)]
            alone = {
                rid
                for rid, (action, _) in _decisions(conn, [r[0] for r in rows]).items()
                if action == "unlink"
            }
            for rid, event_id, data in rows:
                if rid not in seen and rid not in alone:  # an analyst's unlink holds both ways
                    seen.add(rid)
                    out.append((event_id, event_from_dict(data)))
        return out

    def _rebuild(self, conn: Connection, event_id: str) -> None:
        """Merge the event's report events again and write the event row."""
        told = _told(conn, event_id)
        if not told:
            conn.execute(events.delete().where(events.c.id == event_id))
            return
        merged = merge(told, event_id, self.registry)
        values = _event_columns(merged, n_sources=len({e.report_id for e in told}))
        conn.execute(events.update().where(events.c.id == event_id).values(**values))

    # -- analysts' corrections -------------------------------------------------------------------------------

    def unlink(self, report_event_id: str) -> str:
        """Take one report's event out of the event it was linked to; it becomes an event of its own, and stays
        one when links are rebuilt. Returns the id of the event it is in now."""
        with self.writing() as conn:
            old = conn.scalar(
                sa.select(report_events.c.event_id).where(report_events.c.id == report_event_id)
            )
            if old is None:
                raise StoreError(f"no report event {report_event_id!r}")
            _decide(conn, report_event_id, "unlink", None)
            moving, new_id = [report_event_id], event_id_for(report_event_id)
            if new_id == old:  # it founded the event: the others move on under a new id of their own
                moving = conn.scalars(
                    sa.select(report_events.c.id)
                    .where(report_events.c.event_id == old, report_events.c.id != report_event_id)
                    .order_by(report_events.c.seq)
                ).all()
                if not moving:
                    return old
                new_id = event_id_for(moving[0])
            data = conn.scalar(sa.select(report_events.c.data).where(report_events.c.id == moving[0]))
            _insert_event_row(conn, new_id, event_from_dict(data))
            conn.execute(report_events.update().where(report_events.c.id.in_(moving)).values(event_id=new_id))
            self._rebuild(conn, new_id)
            self._rebuild(conn, old)
            return new_id if report_event_id in moving else old  # the event it is in now

    def merge(self, keep: str, other: str) -> str:
        """Join event `other` into event `keep` (an analyst's decision, kept when links are rebuilt)."""
        with self.writing() as conn:
            for eid in (keep, other):
                if conn.scalar(sa.select(events.c.id).where(events.c.id == eid)) is None:
                    raise StoreError(f"no event {eid!r}")
            anchor = conn.scalar(
                sa.select(report_events.c.id)
                .where(report_events.c.event_id == keep)
                .order_by(report_events.c.seq)
            )
            moved = conn.scalars(sa.select(report_events.c.id).where(report_events.c.event_id == other)).all()
            for rid in moved:
                _decide(conn, rid, "merge", anchor)
            conn.execute(
                report_events.update().where(report_events.c.event_id == other).values(event_id=keep)
            )
            self._rebuild(conn, keep)
            self._rebuild(conn, other)
            return keep

    def relink(self) -> int:
        """Rebuild every link from the stored report events, in the order they were stored, applying the
        analysts' decisions (used after changing the linking rules). Returns the number of events."""
        with self.writing() as conn:
            rows = conn.execute(
                sa.select(report_events.c.report_id, report_events.c.data).order_by(report_events.c.seq)
            ).all()
            conn.execute(report_events.delete())
            conn.execute(events.delete())
            by_report: dict[str, list[Event]] = defaultdict(list)
            order: list[str] = []
            for report_id, data in rows:
                if report_id not in by_report:
                    order.append(report_id)
                by_report[report_id].append(event_from_dict(data))
            for report_id in order:
                self._link_new(conn, by_report[report_id])
            return conn.scalar(sa.select(sa.func.count()).select_from(events)) or 0

    # -- queries -------------------------------------------------------------------------------------------

    def events(self, filters: Filters | None = None) -> list[tuple[Event, int]]:
        """Events (merged) and their number of sources, newest first."""
        q = _filtered(sa.select(events.c.data, events.c.n_sources), filters or Filters())
        with self.engine.connect() as conn:
            return [(event_from_dict(data), n) for data, n in conn.execute(q)]

    def event(self, event_id: str) -> StoredEvent:
        """One event with its sources and what each told."""
        with self.engine.connect() as conn:
            data = conn.scalar(sa.select(events.c.data).where(events.c.id == event_id))
            if data is None:
                raise StoreError(f"no event {event_id!r}")
            return _stored(conn, event_from_dict(data))

    def event_of(self, report_event_id: str) -> str | None:
        """The id of the event a report event belongs to."""
        with self.engine.connect() as conn:
            return conn.scalar(
                sa.select(report_events.c.event_id).where(report_events.c.id == report_event_id)
            )

    def stored_events(self, filters: Filters | None = None) -> Iterator[StoredEvent]:
        """Every selected event with its sources (for exports), read through one connection."""
        with self.engine.connect() as conn:
            for (data,) in conn.execute(_filtered(sa.select(events.c.data), filters or Filters())):
                yield _stored(conn, event_from_dict(data))

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0
                for name, table in (
                    ("reports", reports),
                    ("report_sources", report_sources),
                    ("report_events", report_events),
                    ("events", events),
                    ("statistics", statistics),
                )
            }

    def check(self) -> list[str]:
        """What is inconsistent in the store, one line each (nothing when it is whole): a report missing some of
        its events, a report event whose event is gone, an event no report tells."""
        problems = []
        with self.engine.connect() as conn:
            told = (
                sa.select(report_events.c.report_id, sa.func.count().label("n"))
                .group_by(report_events.c.report_id)
                .subquery()
            )
            rows = conn.execute(
                sa.select(reports.c.id, reports.c.n_events, told.c.n)
                .select_from(reports.outerjoin(told, told.c.report_id == reports.c.id))
                .where(reports.c.n_events != sa.func.coalesce(told.c.n, 0))
            )
            problems += [f"report {rid}: {n} events, {m or 0} stored" for rid, n, m in rows]
            orphans = conn.scalars(
                sa.select(report_events.c.id).where(~report_events.c.event_id.in_(sa.select(events.c.id)))
            )
            problems += [f"report event {rid}: its event is missing" for rid in orphans]
            empty = conn.scalars(
                sa.select(events.c.id).where(~events.c.id.in_(sa.select(report_events.c.event_id)))
            )
            problems += [f"event {eid}: no report tells it" for eid in empty]
            if self.engine.dialect.name == "sqlite":
                result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                if result != "ok":
                    problems.append(f"sqlite integrity_check: {result}")
        return problems

    def statistics(self, report_id: str | None = None) -> list[dict[str, Any]]:
        """Reported statistics (period tallies) with their report, never mixed into events."""
        q = sa.select(statistics.c.report_id, statistics.c.data).order_by(statistics.c.id)
        if report_id is not None:
            q = q.where(statistics.c.report_id == report_id)
        with self.engine.connect() as conn:
            return [{"report_id": rid, **data} for rid, data in conn.execute(q)]

    def stats(self, by: Sequence[str], filters: Filters | None = None) -> list[dict[str, Any]]:
        """Counts of events and sums of low/best/high fatalities grouped by columns (country, admin1, admin2,
        event_type, sub_event_type, actor1, actor2) and time units (year, month)."""
        keys: list[tuple[str, Any]] = []
        for name in by:
            if name in STAT_COLUMNS:
                keys.append((name, events.c[name]))
            elif name in ("year", "month"):
                keys.append((name, events.c.date))
            else:
                raise StoreError(f"cannot group by {name!r}; choose from {', '.join(STAT_KEYS)}")
        totals: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        q = _where(
            sa.select(
                *(col for _, col in keys),
                events.c.fatalities_low,
                events.c.fatalities_best,
                events.c.fatalities_high,
            ),
            filters or Filters(),
        )
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                values = []
                for (name, _), value in zip(keys, row[: len(keys)], strict=True):
                    if name == "year":
                        value = value.year if value else None
                    elif name == "month":
                        value = f"{value:%Y-%m}" if value else None
                    values.append(value)
                t = totals[tuple(values)]
                t[0] += 1
                t[1] += row[-3]
                t[2] += row[-2]
                t[3] += row[-1]
        out = []
        for group, (n, low, best, high) in sorted(
            totals.items(), key=lambda kv: tuple(str(v) for v in kv[0])
        ):
            out.append(
                {
                    **dict(zip([k for k, _ in keys], group, strict=True)),
                    "events": n,
                    "fatalities_low": low,
                    "fatalities_best": best,
                    "fatalities_high": high,
                }
            )
        return out


STAT_COLUMNS = ("country", "admin1", "admin2", "location", "event_type", "sub_event_type", "actor1", "actor2")
STAT_KEYS = (*STAT_COLUMNS, "year", "month")


class _Writing:
    """A transaction that holds the writer lock: on SQLite it begins IMMEDIATE (reads begin deferred and never
    block a writer), on PostgreSQL it takes Khabar's advisory lock."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def __enter__(self) -> Connection:
        self._conn = self.engine.connect().execution_options(khabar_write=True)
        self._tx = self._conn.begin()
        if self.engine.dialect.name == "postgresql":
            self._conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        return self._conn

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        try:
            if exc_type is None:
                self._tx.commit()
            else:
                self._tx.rollback()
        finally:
            self._conn.close()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below opens the transactions
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # IMMEDIATE: a writer takes the lock at BEGIN, so two ingests queue instead of failing mid-way
            write = conn.get_execution_options().get("khabar_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise StoreError(f"{_safe_url(url)}: not a database URL Khabar can open ({exc})") from exc


def _safe_url(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def _add_source(conn: Connection, report_id: str, source: str) -> bool:
    exists = conn.scalar(
        sa.select(report_sources.c.source).where(
            report_sources.c.report_id == report_id, report_sources.c.source == source
        )
    )
    if exists is not None:
        return False
    conn.execute(report_sources.insert().values(report_id=report_id, source=source))
    return True


def _decide(conn: Connection, report_event_id: str, action: str, target: str | None) -> None:
    conn.execute(link_decisions.delete().where(link_decisions.c.report_event_id == report_event_id))
    conn.execute(
        link_decisions.insert().values(
            report_event_id=report_event_id,
            action=action,
            target=target,
            decided_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
        )
    )


def _decisions(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    if not ids:
        return {}
    rows = conn.execute(
        sa.select(link_decisions.c.report_event_id, link_decisions.c.action, link_decisions.c.target).where(
            link_decisions.c.report_event_id.in_(list(ids))
        )
    )
    return {rid: (action, target) for rid, action, target in rows}


def _event_columns(e: Event, n_sources: int) -> dict[str, Any]:
    loc = e.location
    return {
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.actor.name if e.actor1 else None,
        "actor2": e.actor2.actor.name if e.actor2 else None,
        "country": loc.country,
        "admin1": loc.admin1,
        "admin2": loc.admin2,
        "location": loc.name or loc.within,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "geo_precision": loc.geo_precision,
        "date": e.time.date,
        "date_end": e.time.date_end or e.time.date,
        "time_precision": e.time.time_precision,
        "fatalities_low": e.fatalities.low,
        "fatalities_best": e.fatalities.best,
        "fatalities_high": e.fatalities.high,
        "contested": e.contested,
        "n_sources": n_sources,
        "data": stored_json(e),
    }


def _window_days(e: Event) -> int:
    first, last = e.time.date, e.time.date_end or e.time.date
    return (last - first).days if first and last else 0


def stored_json(e: Event) -> dict[str, Any]:
    """An event's JSON as the store keeps it: the codebook's fields plus each side's country (which UCDP's
    naming of governments needs and the codebook's JSON leaves out)."""
    data = e.to_dict()
    data["actor1_country"] = e.actor1.actor.country if e.actor1 else None
    data["actor2_country"] = e.actor2.actor.country if e.actor2 else None
    return data


def _insert_event_row(conn: Connection, event_id: str, e: Event) -> None:
    """A placeholder row for a new event (rebuilt from its report events before the transaction ends)."""
    conn.execute(events.insert().values(id=event_id, **_event_columns(e, 1)))


def _where(q: Any, f: Filters) -> Any:
    """The query restricted to the events the filters select."""
    for column, value in (
        (events.c.country, f.country),
        (events.c.admin1, f.admin1),
        (events.c.admin2, f.admin2),
        (events.c.event_type, f.event_type),
    ):
        if value is not None:
            q = q.where(sa.func.lower(column) == value.lower())
    if f.since is not None:
        q = q.where(events.c.date_end >= f.since)
    if f.until is not None:
        q = q.where(events.c.date <= f.until)
    if f.actor is not None:
        q = q.where(sa.or_(events.c.actor1 == f.actor, events.c.actor2 == f.actor))
    if f.contested is not None:
        q = q.where(events.c.contested == f.contested)
    return q


def _filtered(q: Any, f: Filters) -> Any:
    """_where, newest first, at most f.limit."""
    q = _where(q, f).order_by(events.c.date.desc(), events.c.id)
    return q if f.limit is None else q.limit(f.limit)


def _told(conn: Connection, event_id: str) -> list[Event]:
    """What each report told of the event, in storage order."""
    return [
        event_from_dict(data)
        for (data,) in conn.execute(
            sa.select(report_events.c.data)
            .where(report_events.c.event_id == event_id)
            .order_by(report_events.c.seq)
        )
    ]


def _stored(conn: Connection, event: Event) -> StoredEvent:
    told = _told(conn, event.event_id)
    return StoredEvent(event, _sources(conn, [e.report_id for e in told]), told)


def _sources(conn: Connection, report_ids: Sequence[str]) -> list[Source]:
    order = list(dict.fromkeys(report_ids))
    rows = conn.execute(
        sa.select(reports.c.id, reports.c.title, reports.c.outlet, reports.c.url, reports.c.published).where(
            reports.c.id.in_(order)
        )
    ).all()
    found = {r.id: Source(r.id, r.title, r.outlet, r.url, r.published) for r in rows}
    for rid, where in conn.execute(
        sa.select(report_sources.c.report_id, report_sources.c.source)
        .where(report_sources.c.report_id.in_(order))
        .order_by(report_sources.c.source)
    ):
        found[rid].sources.append(where)
    return [found[rid] for rid in order if rid in found]

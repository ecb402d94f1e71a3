"""The event store on real databases: SQLite files and a PostgreSQL server (the same tests on both)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from typer.testing import CliRunner

from khabar import export
from khabar.cli import app
from khabar.config import Config
from khabar.ingest import ingest
from khabar.pipeline import Extractor
from khabar.readers import read_reports
from khabar.store import Filters, Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PG_ADMIN = os.environ.get("KHABAR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config())


def _pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped after it."""
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if os.environ.get("KHABAR_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL is required (KHABAR_REQUIRE_PG) but {PG_ADMIN} does not answer: {exc}")
        pytest.skip(f"no PostgreSQL at {PG_ADMIN}")
    name = f"khabar_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
    else:
        yield from _pg_database()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


def seed_folder(tmp_path: Path) -> Path:
    """The five seeds in a folder with a manifest giving the gold publication dates."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    gold = yaml.safe_load((SHARED / "gold" / "seed-events.yaml").read_text(encoding="utf-8"))
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "published"])
        for report in gold["reports"]:
            shutil.copy(SHARED / "seeds" / report["file"], folder / report["file"])
            writer.writerow([report["file"], report["published"] or ""])
    return folder


needs_seeds = pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="../shared/seeds is not present")


@needs_seeds
def test_seeds_link_across_reports_and_a_second_ingest_adds_nothing(
    store: Store, extractor: Extractor, tmp_path: Path
):
    folder = seed_folder(tmp_path)
    first = ingest(read_reports([folder]), store, lambda: extractor)
    assert (first.new, first.problems) == (5, [])
    counts = store.counts()
    ids = {p.name[:3]: None for p in folder.glob("*.txt")}
    by_file = {}
    with store.engine.connect() as conn:
        for report_id, source in conn.execute(sa.text("SELECT report_id, source FROM report_sources")):
            by_file[Path(source).name[:3]] = report_id
    assert set(by_file) == set(ids)
    linked = [
        store.event(e.event_id) for e, n in store.events() if n > 1
    ]  # the events more than one report tells
    told = {(s.event.sub_event_type, frozenset(src.report_id for src in s.sources)): s for s in linked}
    pair = frozenset({by_file["001"], by_file["004"]})
    takeover = told[("Non-state actor overtakes territory", pair)]
    assert takeover.event.location.name == "Zehri"
    # 001's day, not 004's "in January"
    assert (takeover.event.time.date, takeover.event.time.time_precision) == (date(2025, 1, 29), 1)
    ambush = [s for (kind, sources), s in told.items() if sources == pair and s is not takeover]
    assert len(ambush) == 1 and ambush[0].event.time.date == date(2025, 1, 29)
    assert ambush[0].event.time.time_precision == 1
    # the rifles seized: both claimants, side by side
    line = next(c for c in takeover.event.contradictions if c.startswith("seized"))
    assert "23 per" in line and "20 per" in line
    # the monthly tally is a reported statistic of report 004, not an event
    assert any("111" in s["text"] for s in store.statistics(by_file["004"]))
    assert not any(e.fatalities.best == 120 for e, _ in store.events())
    # a second ingest of the folder adds nothing
    again = ingest(read_reports([folder]), store, lambda: extractor)
    assert (again.new, again.known, again.new_sources) == (0, 5, 0)
    assert store.counts() == counts


def test_the_same_text_from_two_files_is_one_report_with_two_sources(
    store: Store, extractor: Extractor, tmp_path: Path
):
    # invented text
    text = "Gunmen killed two policemen at a checkpoint in Turbat on Monday, police said.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    done = ingest(
        read_reports([tmp_path / "a.txt", tmp_path / "b.txt"], published=date(2025, 5, 6)),
        store,
        lambda: extractor,
    )
    assert (done.new, done.known, done.new_sources) == (1, 1, 1)
    ((event, n_sources),) = store.events()
    stored = store.event(event.event_id)
    assert n_sources == 1 and len(stored.sources) == 1
    assert sorted(Path(p).name for p in stored.sources[0].sources) == ["a.txt", "b.txt"]


def _two_reports(tmp_path: Path) -> Path:
    # invented text: one clash told by two outlets, with different counts
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Militants attacked an army post in Turbat on Sunday, killing four soldiers, officials said.\n",
        encoding="utf-8",
    )
    (folder / "two.txt").write_text(
        "The BLA said its fighters attacked an army post in Turbat on Sunday and killed nine soldiers.\n",
        encoding="utf-8",
    )
    (folder / "manifest.csv").write_text(
        "file,published,outlet\none.txt,2025-05-05,Outlet One\ntwo.txt,2025-05-06,Outlet Two\n",
        encoding="utf-8",
    )
    return folder


def test_two_outlets_one_event_contested_and_estimates_over_both(
    store: Store, extractor: Extractor, tmp_path: Path
):
    done = ingest(read_reports([_two_reports(tmp_path)]), store, lambda: extractor)
    assert (done.new, done.linked) == (2, 1)
    ((event, n),) = store.events()
    assert n == 2
    assert (event.fatalities.low, event.fatalities.best, event.fatalities.high) == (4, 4, 9)
    assert event.contested
    stored = store.event(event.event_id)
    assert {s.outlet for s in stored.sources} == {"Outlet One", "Outlet Two"}
    # exports: JSONL with sources and each claim's report; ACLED CSV with both outlets; GeoJSON points
    out = io.StringIO()
    export.write_stored_jsonl(store.stored_events(), out)
    (line,) = [json.loads(x) for x in out.getvalue().splitlines()]
    assert {s["outlet"] for s in line["sources"]} == {"Outlet One", "Outlet Two"}
    assert {c["report_id"] for c in line["claims"]} == {s["report_id"] for s in line["sources"]}
    out = io.StringIO()
    export.write_stored_csv(store.stored_events(), out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row)[: len(export.ACLED_COLUMNS)] == list(export.ACLED_COLUMNS)
    assert row["source"] == "Outlet One; Outlet Two" and row["fatalities"] == "4"
    out = io.StringIO()
    export.write_stored_geojson(store.stored_events(), out)
    geo = json.loads(out.getvalue())
    assert geo["type"] == "FeatureCollection"
    (feature,) = geo["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "Point" and 24 < lat < 28 and 61 < lon < 65  # Turbat


def test_unlink_and_merge_survive_relinking(store: Store, extractor: Extractor, tmp_path: Path):
    ingest(read_reports([_two_reports(tmp_path)]), store, lambda: extractor)
    ((event, _),) = store.events()
    told = store.event(event.event_id).told
    store.unlink(told[1].event_id)
    assert sorted(n for _, n in store.events()) == [1, 1]
    assert store.relink() == 2  # the analyst's decision holds when links are rebuilt
    first, second = (e.event_id for e, _ in store.events())
    store.merge(first, second)
    assert [n for _, n in store.events()] == [2]
    assert store.relink() == 1


def test_queries_and_stats(store: Store, extractor: Extractor, tmp_path: Path):
    ingest(read_reports([_two_reports(tmp_path)]), store, lambda: extractor)
    assert len(store.events(Filters(country="pakistan", since=date(2025, 5, 1)))) == 1
    assert store.events(Filters(since=date(2025, 6, 1))) == []
    assert store.events(Filters(event_type="Protests")) == []
    (row,) = store.stats(["country", "month"])
    assert row == {
        "country": "Pakistan",
        "month": "2025-05",
        "events": 1,
        "fatalities_low": 4,
        "fatalities_best": 4,
        "fatalities_high": 9,
    }


def test_cli_ingest_events_event_export_stats(db_url: str, tmp_path: Path):
    db = db_url  # the same commands on SQLite and PostgreSQL
    runner = CliRunner()
    folder = _two_reports(tmp_path)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "2 reports read: 2 new" in result.output and "1 linked" in result.output
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert "0 new, 2 already stored" in result.output
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    result = runner.invoke(app, ["event", line["event_id"], "--db", str(db)])
    shown = " ".join(result.stdout.split())  # the table wraps long source lines (a temporary path) anywhere
    assert result.exit_code == 0 and "Outlet Two" in shown and "Claimants disagree" in shown
    out = tmp_path / "events.geojson"
    result = runner.invoke(app, ["export", "--format", "geojson", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0 and json.loads(out.read_text())["features"]
    result = runner.invoke(app, ["stats", "--by", "admin1,month", "--format", "csv", "--db", str(db)])
    assert result.stdout.splitlines()[1] == "Balochistan,2025-05,1,4,4,9"
    result = runner.invoke(app, ["event", "EV-nothing", "--db", str(db)])
    assert result.exit_code == 1 and "no event 'EV-nothing'" in result.output


def test_a_bad_file_is_one_line_and_the_rest_is_stored(tmp_path: Path):
    folder = _two_reports(tmp_path)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "k.sqlite")])
    assert result.exit_code == 1
    assert f"khabar: {folder / 'empty.txt'}: is empty" in result.output
    assert "2 new" in result.output


# --- faults: a killed ingest, two ingests at once ------------------------------------------------------------

TOWNS = ("Turbat", "Quetta", "Khuzdar", "Kalat", "Gwadar", "Panjgur", "Mastung", "Nushki")


def synthetic_folder(folder: Path, n: int) -> Path:
    """n short synthetic reports (invented for the tests, marked as such), each a different text."""
    folder.mkdir()
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        (folder / f"r{i:04d}.txt").write_text(
            f"Synthetic test report {i}. Gunmen attacked a police post in {town} on Monday, killing "
            f"{i % 7 + 2} policemen, officials said. Police said {i % 5 + 1} attackers were also killed.\n",
            encoding="utf-8",
        )
    (folder / "manifest.csv").write_text(
        "file,published\n" + "".join(f"r{i:04d}.txt,2025-05-{i % 28 + 1:02d}\n" for i in range(n)),
        encoding="utf-8",
    )
    return folder


def _khabar(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "khabar"
    if not script.exists():
        pytest.skip(f"no `khabar` script beside {sys.executable}")
    return [str(script), *args]


def test_an_ingest_killed_mid_way_leaves_the_store_whole_and_a_rerun_completes(tmp_path: Path):
    folder = synthetic_folder(tmp_path / "in", 400)
    db = tmp_path / "k.sqlite"
    proc = subprocess.Popen(
        _khabar("ingest", str(folder), "--db", str(db), "-q"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stored = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0  # the schema is not there yet
        if stored >= 10:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(str(db)) as store:
        assert store.check() == []
        before = store.counts()["reports"]
    assert 10 <= before < 400
    done = subprocess.run(
        _khabar("ingest", str(folder), "--db", str(db)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"400 reports read: {400 - before} new, {before} already stored" in done.stderr
    with Store(str(db)) as store:
        assert store.check() == [] and store.counts()["reports"] == 400


def test_two_ingests_at_once_on_one_sqlite_file_neither_corrupt_nor_duplicate(tmp_path: Path):
    folder = synthetic_folder(tmp_path / "in", 60)
    db = tmp_path / "k.sqlite"
    procs = [
        subprocess.Popen(
            _khabar("ingest", str(folder), "--db", str(db)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with Store(str(db)) as store:
        assert store.check() == []
        counts = store.counts()
    assert counts["reports"] == 60
    new = [int(re.search(r"read: (\d+) new", err).group(1)) for _, err in outs]  # type: ignore[union-attr]
    assert sum(new) == 60


def test_exports_open_in_pandas_and_parquet_round_trips(store: Store, extractor: Extractor, tmp_path: Path):
    import pandas as pd
    import pyarrow.parquet as pq

    ingest(read_reports([_two_reports(tmp_path)]), store, lambda: extractor)
    ingest(read_reports([synthetic_folder(tmp_path / "synthetic", 6)]), store, lambda: extractor)
    stored = list(store.stored_events())
    path = tmp_path / "events.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        export.write_stored_csv(stored, fh)
    frame = pd.read_csv(path)
    assert list(frame.columns) == list(export.CSV_COLUMNS) and len(frame) == len(stored)
    assert frame["fatalities"].dtype.kind == "i" and frame["latitude"].dtype.kind == "f"
    out = tmp_path / "events.parquet"
    assert export.write_stored_parquet(iter(stored), out, batch=4) == len(stored)
    table = pq.read_table(out)
    assert table.schema == export.parquet_schema()
    assert table.to_pylist() == [export.parquet_record(s) for s in stored]
    back = json.loads(table.column("sources")[0].as_py())
    assert back == stored[0].to_dict()["sources"]


def test_geojson_follows_rfc_7946(store: Store, extractor: Extractor, tmp_path: Path):
    ingest(read_reports([synthetic_folder(tmp_path / "synthetic", 4)]), store, lambda: extractor)
    out = io.StringIO()
    n = export.write_stored_geojson(store.stored_events(), out)
    doc = json.loads(out.getvalue())
    assert set(doc) == {"type", "features"} and doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == n > 0
    for feature in doc["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"} and feature["type"] == "Feature"
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first, WGS 84
        assert feature["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["properties"], dict) and feature["properties"]["country"] == "Pakistan"


def test_an_old_store_is_upgraded_in_place(db_url: str, extractor: Extractor, tmp_path: Path):
    # a store made by the first schema (revision 0001), with a report in it, opened by this release
    from alembic import command
    from alembic.config import Config as AlembicConfig

    import khabar.store

    engine = sa.create_engine(khabar.store.as_url(db_url))
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(khabar.store.__file__).parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.connect() as conn:
        assert "ix_report_events_seq" not in {
            i["name"] for i in sa.inspect(conn).get_indexes("report_events")
        }
    engine.dispose()
    with Store(db_url) as store:
        assert store.revision() == "0005"
        ingest(read_reports([_two_reports(tmp_path)]), store, lambda: extractor)
        assert store.counts()["reports"] == 2 and store.check() == []
        with store.engine.connect() as conn:
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("report_events")}
        assert "ix_report_events_seq" in indexes


def test_ucdp_export_codes_sides_and_deaths_the_ucdp_way(store: Store, extractor: Extractor, tmp_path: Path):
    from khabar.ucdp import UcdpCoder

    ingest(read_reports([_two_reports(tmp_path)]), store, lambda: extractor)
    out = io.StringIO()
    assert export.write_stored_ucdp(store.stored_events(), out, UcdpCoder(store.registry)) == 1
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row) == list(export.UCDP_COLUMNS)
    assert row["side_a"] == "Government of Pakistan" and row["country"] == "Pakistan"
    # the soldiers' deaths on the government's side; 4 (officials) best, 9 (the group's word) high
    assert (row["deaths_a"], row["best"], row["low"], row["high"]) == ("4", "4", "4", "9")
    assert (row["where_prec"], row["date_prec"], row["date_start"]) == ("1", "1", "2025-05-04")


def test_an_event_with_a_long_window_is_still_found_as_a_candidate(store: Store):
    # synthetic events (no text): "fighting since January" told by one report, one day of it by another
    import random

    from khabar.bench.linking import synthetic_result

    rng = random.Random(3)
    long = synthetic_result(rng, 1, date(2025, 1, 1), 1)
    (event,) = long.events
    event.time.date_end, event.time.time_precision = date(2025, 9, 30), 3
    day = synthetic_result(random.Random(3), 2, date(2025, 1, 1), 1)
    (one,) = day.events
    one.time.date = one.time.date_end = date(2025, 9, 12)
    one.time.time_precision = 1
    assert store.add(long).linked == 0
    assert store.add(day).linked == 1
    ((merged, n),) = store.events()
    assert n == 2 and merged.time.date == date(2025, 9, 12)


def test_relink_with_another_distance_joins_near_places(tmp_path: Path):
    # synthetic events (no text): two named villages 2-3 km apart on the same day
    import random

    from khabar.bench.linking import synthetic_result

    db = str(tmp_path / "k.sqlite")
    with Store(db, max_km=1) as store:
        for i, (name, lat) in enumerate((("Upper Kallag", 27.700), ("Lower Kallag", 27.722))):
            result = synthetic_result(random.Random(5), i, date(2025, 2, 1), 1)
            (event,) = result.events
            event.location.name, event.location.latitude, event.location.longitude = name, lat, 66.6
            store.add(result)
        assert [n for _, n in store.events()] == [1, 1]  # about 2.4 km apart: more than 1 km
    result = CliRunner().invoke(app, ["relink", "--db", db, "--max-km", "5"])
    assert result.exit_code == 0 and result.stdout.strip() == "1 event"
    result = CliRunner().invoke(app, ["relink", "--db", db, "--max-km", "1"])
    assert result.stdout.strip() == "2 events"


def test_unlinking_the_report_event_that_founded_an_event_keeps_its_id(
    store: Store, extractor: Extractor, tmp_path: Path
):
    ingest(read_reports([_two_reports(tmp_path)]), store, lambda: extractor)
    ((event, _),) = store.events()
    first, second = store.event(event.event_id).told
    assert store.unlink(first.event_id) == event.event_id  # the founder keeps the event's id
    assert store.event_of(second.event_id) not in (None, event.event_id)
    assert sorted(n for _, n in store.events()) == [1, 1] and store.check() == []
    assert store.relink() == 2

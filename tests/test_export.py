"""Tests of khabar.export: ACLED-style CSV columns and values, JSONL/JSON round trips, tables, atomic files.

Events are built by hand from the real record types, so these tests do not depend on the extraction pipeline.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from khabar import export
from khabar.records import (
    Actor,
    ActorMention,
    Claim,
    Estimate,
    Event,
    Evidence,
    Location,
    Quantity,
    Report,
    ReportedStatistic,
    ReportResult,
    TimeSpan,
)

TEXT = (
    "Fighters attacked an army convoy near Tozgi in Kalat district on Thursday. "
    "The group said it killed 12 soldiers. The army said three soldiers and five attackers died."
)
BLA = Actor(name="Baloch Liberation Army (BLA)", inter=2, country="Pakistan")
ARMY = Actor(name="Military Forces of Pakistan", inter=1, country="Pakistan")


def _evidence(quote: str) -> Evidence:
    start = TEXT.index(quote)
    return Evidence(report_id="r1", start=start, end=start + len(quote), text=TEXT, quote=quote)


def _claim(
    claimant: str, kind: str, subject_actor: str | None, low: int | None, high: int | None, **kw
) -> Claim:
    return Claim(
        claimant=claimant,
        claimant_role=kw.pop("role", "party"),
        kind=kind,
        subject=kw.pop("subject", "soldiers"),
        value_low=low,
        value_high=high,
        qualifier=kw.pop("qualifier", "exact"),
        evidence=_evidence(kw.pop("quote", "12")),
        subject_actor=subject_actor,
        **kw,
    )


def make_event() -> Event:
    return Event(
        report_id="r1",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=ActorMention(actor=BLA, start=0, end=8, text="Fighters", unit="Fateh Squad"),
        actor2=ActorMention(actor=ARMY, start=24, end=28, text="army"),
        location=Location(
            name="Tozgi",
            within="Kalat",
            admin2="Kalat",
            admin1="Balochistan",
            country="Pakistan",
            latitude=29.0261,
            longitude=66.5936,
            geo_precision=2,
        ),
        time=TimeSpan(
            date=date(2025, 3, 13), date_end=date(2025, 3, 13), time_precision=1, expression="on Thursday"
        ),
        claims=[
            _claim("BLA", "killed", ARMY.name, 12, 12),
            _claim("ISPR", "killed", ARMY.name, 3, 3, quote="three"),
            _claim("ISPR", "killed", BLA.name, 5, 5, subject="attackers", quote="five"),
        ],
        assoc_actor_1=["Baloch Raaji Aajoi Sangar (BRAS)"],
        fatalities=Estimate(low=8, best=8, high=17),
        contested=True,
        contradictions=["killed Military Forces of Pakistan: BLA 12 vs ISPR 3"],
        notes="On 13 March 2025, BLA fighters ambushed an army convoy near Tozgi (Kalat).",
        evidence=[_evidence("Fighters attacked")],
        trigger="attacked",
    )


def make_result(
    events: list[Event] | None = None, statistics: list[ReportedStatistic] | None = None
) -> ReportResult:
    report = Report(
        id="r1",
        text=TEXT,
        title="Convoy ambushed in Kalat",
        published=date(2025, 3, 15),
        outlet="Khabar demo (synthetic)",
        url="https://example.org/kalat",
        source="reports/kalat.txt",
    )
    return ReportResult(
        report=report,
        events=[make_event()] if events is None else events,
        statistics=statistics or [],
    )


def make_statistic() -> ReportedStatistic:
    sentence = "Security forces carried out 95 operations in February."
    return ReportedStatistic(
        report_id="r1",
        claimant="home department",
        text=sentence,
        period=TimeSpan(
            date=date(2025, 2, 1), date_end=date(2025, 2, 28), time_precision=3, expression="in February"
        ),
        quantities=[Quantity(value_low=95, value_high=95, qualifier="exact", text="95")],
        evidence=Evidence(report_id="r1", start=0, end=len(sentence), text=sentence, quote="95"),
    )


# -- CSV --


def test_csv_header_is_the_codebook_acled_columns_then_khabars():
    out = io.StringIO()
    export.write_csv([make_result()], out)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    codebook = (
        "event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, actor1, "
        "assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, country, admin1, admin2, admin3, "
        "location, latitude, longitude, geo_precision, source, source_scale, notes, fatalities, tags"
    ).split(", ")
    assert header[: len(codebook)] == codebook
    assert header[len(codebook) :] == ["fatalities_low", "fatalities_high", "contested", "report_id"]


def test_csv_row_values():
    out = io.StringIO()
    assert export.write_csv([make_result()], out) == 1
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    event = make_event()
    assert row["event_id_cnty"] == event.make_id()
    assert row["event_date"] == "2025-03-13"
    assert row["year"] == "2025"
    assert row["time_precision"] == "1"
    assert row["disorder_type"] == "Political violence"
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert row["actor1"] == "Baloch Liberation Army (BLA)"
    assert row["assoc_actor_1"] == "Baloch Raaji Aajoi Sangar (BRAS)"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("2", "1", "12")
    assert row["actor2"] == "Military Forces of Pakistan"
    assert (row["country"], row["admin1"], row["admin2"], row["location"]) == (
        "Pakistan",
        "Balochistan",
        "Kalat",
        "Tozgi",
    )
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("29.0261", "66.5936", "2")
    assert row["source"] == "Khabar demo (synthetic)"
    assert row["notes"].startswith("On 13 March 2025")
    assert (row["fatalities_low"], row["fatalities"], row["fatalities_high"]) == ("8", "8", "17")
    assert row["contested"] == "true"
    assert row["report_id"] == "r1"
    assert row["tags"] == (
        "killed soldiers: BLA 12 (party) vs ISPR 3 (party); killed attackers: ISPR 5 (party)"
    )


def test_csv_row_of_a_sparse_event_leaves_unknowns_blank():
    event = Event(
        report_id="r2",
        event_type="Strategic developments",
        sub_event_type="Arrests",
        actor1=ActorMention(
            actor=Actor(name="Police Forces of Pakistan", inter=1), start=0, end=6, text="Police"
        ),
        actor2=None,
        location=Location(name=None, admin2="Kohlu", admin1="Balochistan", geo_precision=3),
        time=TimeSpan(date=None, date_end=None, time_precision=None, expression="on Monday"),
    )
    row = export.event_row(make_result([event]), event)
    assert row["event_date"] == "" and row["year"] == "" and row["time_precision"] == ""
    assert row["disorder_type"] == "Strategic developments"
    assert row["interaction"] == "10"  # a sole actor: its code and 0
    assert row["actor2"] == "" and row["inter2"] == ""
    assert row["location"] == "Kohlu"  # the most specific place known
    assert row["latitude"] == "" and row["country"] == ""
    assert row["contested"] == "false" and row["tags"] == ""


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        ("Violence against civilians", "Abduction/forced disappearance", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Non-violent transfer of territory", "Strategic developments"),
    ],
)
def test_disorder_type_follows_acled(event_type, sub_event_type, expected):
    assert export.disorder_type(event_type, sub_event_type) == expected


def test_interaction_puts_the_smaller_code_first():
    assert export.interaction(2, 1) == "12"
    assert export.interaction(1, 7) == "17"
    assert export.interaction(None, 3) == "30"
    assert export.interaction(None, None) == ""


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "expected"),
    [
        ("exact", 4, 4, "4"),
        ("at_least", 4, None, "at least 4"),
        ("more_than", 16, None, "more than 15"),
        ("about", 20, 20, "about 20"),
        ("up_to", 0, 10, "up to 10"),
        ("several", 3, None, "several"),
        ("dozens", 24, None, "dozens"),
    ],
)
def test_claim_value_says_the_number_as_qualified(qualifier, low, high, expected):
    claim = _claim("police", "killed", None, low, high, qualifier=qualifier)
    assert export.claim_value(claim) == expected


def test_claims_summary_marks_hedged_claims_and_denials():
    event = make_event()
    event.claims = [
        _claim("residents", "killed", None, 6, 6, role="local", subject="civilians", hedged=True),
        _claim(
            "officials", "killed", None, None, None, role="official", subject="civilians", stance="denies"
        ),
    ]
    assert export.claims_summary(event) == "killed: residents 6? (local) vs officials denies (official)"


# -- JSONL and JSON --


def test_jsonl_round_trip_keeps_the_event_and_adds_report_metadata():
    out = io.StringIO()
    assert export.write_jsonl([make_result()], out) == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    event = make_event()
    expected = {**event.to_dict(), "event_id": event.make_id()}
    assert {k: record[k] for k in expected} == json.loads(json.dumps(expected, default=str))
    assert record["record"] == "event"
    assert record["title"] == "Convoy ambushed in Kalat"
    assert record["outlet"] == "Khabar demo (synthetic)"
    assert record["url"] == "https://example.org/kalat"
    assert record["published"] == "2025-03-15"
    assert record["claims"][1]["claimant"] == "ISPR"
    assert record["fatalities"] == {"low": 8, "best": 8, "high": 17}


def test_jsonl_statistics_only_when_asked_and_marked_as_statistics():
    result = make_result(statistics=[make_statistic()])
    plain, with_stats = io.StringIO(), io.StringIO()
    export.write_jsonl([result], plain)
    export.write_jsonl([result], with_stats, include_statistics=True)
    assert [json.loads(x)["record"] for x in plain.getvalue().splitlines()] == ["event"]
    records = [json.loads(x) for x in with_stats.getvalue().splitlines()]
    assert [r["record"] for r in records] == ["event", "statistic"]
    assert records[1]["claimant"] == "home department"
    assert records[1]["period"]["date_end"] == "2025-02-28"
    assert records[1]["quantities"][0]["value_low"] == 95


def test_json_is_an_array_of_the_jsonl_records():
    results = [make_result(statistics=[make_statistic()]), make_result(events=[])]
    as_json, as_jsonl = io.StringIO(), io.StringIO()
    assert export.write_json(results, as_json, include_statistics=True) == 1
    export.write_jsonl(results, as_jsonl, include_statistics=True)
    assert json.loads(as_json.getvalue()) == [json.loads(x) for x in as_jsonl.getvalue().splitlines()]
    empty = io.StringIO()
    export.write_json([], empty)
    assert json.loads(empty.getvalue()) == []


# -- tables --


def _render(results: list[ReportResult], width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    export.render_table(results, console)
    return console.export_text()


def test_table_shows_the_event_and_fits_100_columns():
    results = [make_result(statistics=[make_statistic()])]
    narrow = _render(results)
    assert max(len(line) for line in narrow.splitlines()) <= 100
    assert "…" not in narrow  # cells wrap, nothing is cut off
    text = _render(results, width=200)  # wide enough that no cell wraps: each value reads whole
    for expected in (
        "Convoy ambushed in Kalat",
        "2025-03-13",
        "Armed clash",
        "Baloch Liberation Army (BLA)",
        "Military Forces of Pakistan",
        "Tozgi",
        "contested",
        "8-17",
        "ISPR",
        "Reported statistics",
        "home department: Security forces carried out 95 operations in February.",
    ):
        assert expected in text, expected


def test_table_says_when_a_report_has_no_events():
    text = _render([make_result(events=[])])
    assert "Convoy ambushed in Kalat" in text
    assert "no events found" in text
    assert "Armed clash" not in text


# -- atomic files --


def test_atomic_output_writes_the_whole_file(tmp_path: Path):
    target = tmp_path / "events.csv"
    with export.atomic_output(target) as fh:
        export.write_csv([make_result()], fh)
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


def test_atomic_output_leaves_nothing_half_written_on_a_crash(tmp_path: Path):
    target = tmp_path / "events.jsonl"
    target.write_text("previous run\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with export.atomic_output(target) as fh:
            fh.write('{"record": "event"}\n')
            raise RuntimeError("crash in the middle")
    assert target.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl"]

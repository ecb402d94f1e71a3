"""The linking benchmark: a corpus where some events are told by several reports, ingested into a fresh store,
scored by pairs of reports; and the cost of linking into a store of 100,000 events.

Corpus: the five seed reports (with the gold publication dates), the UCDP-AEC development articles, and
`linking_paraphrases.jsonl`: short reports written for Khabar that retell the main event of some of those
articles in other words, with the date given relatively and numbers from other claimants (paraphrases of
published reporting, not the reporting itself). Gold: a paraphrase and its article tell one event; seeds 001
and 004 tell two events together (the seed gold's `same_as`); UCDP codes every development article with an
event of its own, so no two of them are linked.

Scoring is by pairs of reports: the store links a pair when one of its events has both as sources. Precision:
the linked pairs that are gold pairs; recall: the gold pairs that are linked.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from itertools import combinations
from pathlib import Path

import yaml

from ..ingest import canonical
from ..pipeline import Extractor
from ..readers import parse_date
from ..records import (
    Actor,
    ActorMention,
    Claim,
    Event,
    Evidence,
    Location,
    Report,
    ReportResult,
    TimeSpan,
)
from ..store import Store


def paraphrases() -> list[dict]:
    path = Path(str(resources.files("khabar.bench") / "linking_paraphrases.jsonl"))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class LinkingScore:
    reports: int
    events: int
    gold_pairs: set[frozenset[str]]
    linked_pairs: set[frozenset[str]]
    seconds: float
    names: dict[str, str] = field(default_factory=dict)  # report id -> corpus name
    # pairs of reports with any stored event in common (not only their main events): a diagnostic that sets
    # the choice of each report's main event (`ucdp.main_event`) aside
    shared_pairs: set[frozenset[str]] = field(default_factory=set)

    @property
    def true_pairs(self) -> set[frozenset[str]]:
        return self.gold_pairs & self.linked_pairs

    @property
    def precision(self) -> float:
        return len(self.true_pairs) / len(self.linked_pairs) if self.linked_pairs else 1.0

    @property
    def recall(self) -> float:
        return len(self.true_pairs) / len(self.gold_pairs) if self.gold_pairs else 1.0

    def format(self, misses: bool = False) -> str:
        lines = [
            f"{self.reports} reports, {self.events} stored events, {self.seconds:.1f} s",
            f"gold pairs: {len(self.gold_pairs)}, linked pairs: {len(self.linked_pairs)}, "
            f"both: {len(self.true_pairs)}",
            f"pairwise precision: {self.precision:.3f}  (target 0.9)",
            f"pairwise recall:    {self.recall:.3f}  (target 0.85)",
        ]
        if self.shared_pairs:
            both = self.gold_pairs & self.shared_pairs
            lines.append(
                f"diagnostic, reports sharing any stored event (main-event choice aside): recall "
                f"{len(both) / len(self.gold_pairs):.3f}, precision {len(both) / len(self.shared_pairs):.3f}"
            )
        if misses:
            for label, pairs in (
                ("missed", self.gold_pairs - self.linked_pairs),
                ("wrongly linked", self.linked_pairs - self.gold_pairs),
            ):
                for pair in sorted(pairs, key=sorted):
                    lines.append(f"  {label}: " + " ~ ".join(sorted(self.names.get(r, r) for r in pair)))
        return "\n".join(lines)


def corpus(shared: Path, dev: Path) -> tuple[list[Report], set[frozenset[str]], dict[str, str]]:
    """The reports (store ids), the gold pairs and a readable name per report id."""
    reports: list[Report] = []
    names: dict[str, str] = {}
    gold_doc = yaml.safe_load((shared / "gold" / "seed-events.yaml").read_text(encoding="utf-8"))
    seed_ids: dict[str, str] = {}
    seed_events: dict[str, str] = {}  # gold event id -> report id
    same_as: list[tuple[str, list[str]]] = []
    for entry in gold_doc["reports"]:
        text = (shared / "seeds" / entry["file"]).read_text(encoding="utf-8")
        published = entry.get("published")
        r = canonical(Report(id="", text=text, published=parse_date(str(published)) if published else None))
        r.source = f"seeds/{entry['file']}"
        reports.append(r)
        names[r.id] = f"seed {entry['file'][:3]}"
        seed_ids[entry["file"]] = r.id
        for ev in entry.get("events", []):
            seed_events[ev["id"]] = r.id
            if ev.get("same_as"):
                same_as.append((ev["id"], list(ev["same_as"])))
    gold: set[frozenset[str]] = set()
    for eid, others in same_as:
        for other in others:
            gold.add(frozenset({seed_events[eid], seed_events[other]}))
    by_dev: dict[str, str] = {}
    for line in dev.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        r = canonical(
            Report(id="", text=row["source_article"], published=parse_date(str(row["source_date"])[:10]))
        )
        r.source = f"ucdp-aec dev {row['id']}"
        reports.append(r)
        names[r.id] = f"dev {row['id']}"
        by_dev[str(row["id"])] = r.id
    for p in paraphrases():
        r = canonical(
            Report(id="", text=p["text"], published=parse_date(p["published"]), outlet=p.get("outlet"))
        )
        r.source = p["id"]
        reports.append(r)
        names[r.id] = p["id"]
        target = by_dev.get(str(p["same_as"]))
        if target:
            gold.add(frozenset({r.id, target}))
    return reports, gold, names


def run(shared: Path, dev: Path, extractor: Extractor | None = None) -> LinkingScore:
    """Ingest the corpus into a fresh store and score the links between the reports' main events (the event a
    report is about: `ucdp.main_event`, the deadliest of its headline and lead). Background events two articles
    both recall may link too; they are not scored, since the gold does not code them."""
    from ..ucdp import main_event

    reports, gold, names = corpus(shared, dev)
    ex = extractor or Extractor()
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "linking.sqlite")) as store:
        start = time.perf_counter()
        mains: dict[str, str] = {}  # report id -> its main event's report event id
        for result in ex.run(reports):
            store.add(result, result.report.source)
            main = main_event(result) if not names[result.report.id].startswith("seed") else None
            if main is not None:
                mains[result.report.id] = main.event_id
        seconds = time.perf_counter() - start
        stored = {rid: store.event_of(reid) for rid, reid in mains.items()}
        by_event: dict[str, list[str]] = {}
        for rid, eid in stored.items():
            if eid:
                by_event.setdefault(eid, []).append(rid)
        linked = {frozenset(p) for rids in by_event.values() for p in combinations(rids, 2)}
        # the seeds' gold links are between events that are not the reports' main ones: a pair is linked
        # when one stored event has both reports as sources
        seed_gold = {pair for pair in gold if all(names[r].startswith("seed") for r in pair)}
        sharing: set[frozenset[str]] = set()
        for event, n in store.events():
            if n > 1:
                sources = frozenset(s.report_id for s in store.event(event.event_id).sources)
                linked |= {pair for pair in seed_gold if pair <= sources}
                sharing |= {frozenset(p) for p in combinations(sorted(sources), 2)}
        return LinkingScore(
            reports=len(reports),
            events=store.counts()["events"],
            gold_pairs=gold,
            linked_pairs=linked,
            seconds=seconds,
            names=names,
            shared_pairs=sharing,
        )


# --- the cost of linking at scale ---------------------------------------------------------------------------

_COUNTRIES = (
    "Pakistan",
    "Afghanistan",
    "Syria",
    "Iraq",
    "Yemen",
    "Nigeria",
    "Somalia",
    "Mali",
    "Myanmar",
    "Sudan",
)
_SIDES = (
    ("Military Forces of {c}", 1),
    ("Police Forces of {c}", 1),
    ("Rebel Group {n} ({c})", 2),
    ("Civilians ({c})", 7),
)


def synthetic_result(rng: random.Random, i: int, start: date, days: int) -> ReportResult:
    """One synthetic report with one synthetic event (no text to parse): a random country, district, place,
    day or month, sides and toll."""
    country = rng.choice(_COUNTRIES)
    district = rng.randrange(40)
    place = rng.randrange(25)
    day = start + timedelta(days=rng.randrange(days))
    monthly = rng.random() < 0.1
    first, last = (day.replace(day=1), day.replace(day=28)) if monthly else (day, day)
    text = f"synthetic report {i}"
    rid = Report.make_id(text)
    a1_name, a1_inter = _SIDES[2]
    a2_name, a2_inter = rng.choice(_SIDES[:2] + _SIDES[3:])
    a1 = Actor(name=a1_name.format(c=country, n=rng.randrange(5)), inter=a1_inter)
    a2 = Actor(name=a2_name.format(c=country), inter=a2_inter)
    killed = rng.randrange(12)
    event = Event(
        report_id=rid,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=ActorMention(a1, 0, 0, a1.name),
        actor2=ActorMention(a2, 0, 0, a2.name),
        location=Location(
            name=f"Place {district}-{place}",
            admin2=f"District {district}",
            admin1=f"Province {district // 8}",
            country=country,
            latitude=10 + district + place / 100,
            longitude=40 + district + place / 100,
            geo_precision=1,
        ),
        time=TimeSpan(date=first, date_end=last, time_precision=3 if monthly else 1),
        claims=[
            Claim(
                claimant="officials",
                claimant_role="official",
                kind="killed",
                subject="people",
                value_low=killed,
                value_high=killed,
                qualifier="exact",
                evidence=Evidence(rid, 0, len(text), text),
            )
        ],
    )
    return ReportResult(report=Report(id=rid, text=text), events=[event])


@dataclass
class ScaleResult:
    reports: int
    events: int
    seconds: float
    last_seconds: float  # the last `tail` reports' time
    tail: int
    linked: int

    def format(self) -> str:
        return (
            f"{self.reports:,} synthetic one-event reports stored and linked into {self.events:,} events in "
            f"{self.seconds:.0f} s ({self.reports / self.seconds:,.0f} reports/s); the last {self.tail:,} took "
            f"{self.last_seconds:.1f} s ({1000 * self.last_seconds / self.tail:.1f} ms per report with about "
            f"{self.events:,} events stored); {self.linked:,} linked to an earlier report's event"
        )


def scale(n: int, db: str, tail: int = 1000, seed: int = 7) -> ScaleResult:
    """Store n synthetic one-event reports one by one (each its own transaction, linked against what is
    stored) and time it."""
    rng = random.Random(seed)
    linked = 0
    with Store(db) as store:
        start = time.perf_counter()
        tail_start = start
        for i in range(n):
            if i == n - tail:
                tail_start = time.perf_counter()
            added = store.add(synthetic_result(rng, i, date(2023, 1, 1), 3 * 365))
            linked += added.linked
        end = time.perf_counter()
        events = store.counts()["events"]
    return ScaleResult(
        reports=n, events=events, seconds=end - start, last_seconds=end - tail_start, tail=tail, linked=linked
    )

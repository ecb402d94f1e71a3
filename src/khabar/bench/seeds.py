"""The seed benchmark: run the pipeline on ../shared/seeds with the gold publication dates and score it against
../shared/gold/seed-events.yaml (events, types, actors, places, dates, claims, contradictions, non-events)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..pipeline import Extractor
from ..records import Claim, Event, Report, ReportResult


@dataclass
class EventScore:
    gold_id: str
    found: bool
    predicted: Event | None
    type_ok: bool = False
    sub_ok: bool = False
    actors_ok: bool = False
    location_ok: bool = False
    date_ok: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass
class SeedScores:
    events: list[EventScore]
    claims_total: int
    claims_found: int
    claim_misses: list[str]
    checks: dict[str, bool]
    predicted_total: int
    results: list[ReportResult]

    def rate(self, attr: str) -> tuple[int, int]:
        found = [e for e in self.events if e.found]
        return sum(getattr(e, attr) for e in found), len(found)

    def format(self) -> str:
        n_found = sum(e.found for e in self.events)
        lines = [
            f"gold events found with the right event_type: {n_found}/{len(self.events)}  (bar: 13)",
            f"predicted events in all five reports: {self.predicted_total}",
        ]
        for attr, label in (
            ("sub_ok", "sub_event_type"),
            ("actors_ok", "actor1 and actor2"),
            ("location_ok", "location name"),
            ("date_ok", "date and time_precision"),
        ):
            ok, n = self.rate(attr)
            lines.append(f"  of those, right {label}: {ok}/{n} = {100 * ok / max(n, 1):.0f}%  (bar: 90%)")
        lines.append(
            f"gold claims found with the right claimant, kind, value and qualifier: {self.claims_found}/"
            f"{self.claims_total} = {100 * self.claims_found / max(self.claims_total, 1):.0f}%  (bar: 90%)"
        )
        for name, ok in self.checks.items():
            lines.append(f"check: {name}: {'yes' if ok else 'NO'}")
        misses = [e for e in self.events if e.problems or not e.found]
        if misses:
            lines.append("event problems:")
            for e in misses:
                lines.append(f"  {e.gold_id}: " + ("; ".join(e.problems) if e.problems else "not found"))
        if self.claim_misses:
            lines.append("claims missed:")
            lines.extend(f"  {m}" for m in self.claim_misses)
        return "\n".join(lines)


def _norm(s: str | None) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"\s+", " ", s)


def _actor_ok(gold: str | None, pred: Any) -> bool:
    name = pred.actor.name if pred is not None else None
    if gold is None:
        return name is None
    if name is None:
        return False
    if _norm(gold) == _norm(name):
        return True
    # "Police Forces of Pakistan (Levies)": the parenthesis names a unit of the canonical actor
    base = re.sub(r"\s*\([^)]*\)\s*$", "", gold)
    return _norm(base) == _norm(re.sub(r"\s*\([^)]*\)\s*$", "", name))


def _gold_dates(g: dict) -> tuple[date | None, date | None]:
    d = g.get("date")
    if d is None:
        return None, None
    if isinstance(d, list):
        return _as_date(d[0]), _as_date(d[1])
    return _as_date(d), _as_date(d)


def _as_date(x: Any) -> date:
    return x if isinstance(x, date) else date.fromisoformat(str(x))


def _date_ok(g: dict, ev: Event) -> bool:
    first, last = _gold_dates(g)
    t = ev.time
    if first is None:
        return t.date is None and t.time_precision is None
    return t.date == first and (t.date_end or t.date) == last and t.time_precision == g.get("precision")


def _location_ok(g: dict, ev: Event) -> bool:
    return _norm(g.get("location", {}).get("name")) == _norm(ev.location.name)


def _written_value(c: Claim) -> int | None:
    if c.value_low is None:
        return None
    return c.value_low - 1 if c.qualifier == "more_than" else c.value_low


def _claimant_ok(gold: str, pred: Claim, registry) -> bool:
    g, p = _norm(gold), _norm(pred.claimant)
    if g == p or g in p or p in g:
        return True
    ga = registry.resolve(gold, country="Pakistan")
    pa = registry.resolve(pred.claimant, country="Pakistan")
    if ga is not None and pa is not None and ga.name == pa.name:
        return True
    # "BLA spokesperson X": compare the party a spokesperson speaks for
    gw = [registry.resolve(w.strip("()[],.")) for w in gold.split()] + [ga]
    pw = [registry.resolve(w.strip("()[],.")) for w in pred.claimant.split()] + [pa]
    gnames = {a.name for a in gw if a is not None}
    pnames = {a.name for a in pw if a is not None}
    return bool(gnames & pnames)


def _claim_ok(gc: dict, pred: Claim, registry) -> bool:
    if gc["kind"] != pred.kind or gc["qualifier"] != pred.qualifier:
        return False
    if gc.get("value") is not None and gc["value"] != _written_value(pred):
        return False
    return _claimant_ok(str(gc["claimant"]), pred, registry)


def _match_score(g: dict, ev: Event) -> float:
    s = 0.0
    if g.get("event_type") == ev.event_type:
        s += 2
    if _location_ok(g, ev):
        s += 2
    if _date_ok(g, ev):
        s += 2
    elif g.get("date") is not None and ev.time.date is not None:
        first, last = _gold_dates(g)
        if first and last and first <= ev.time.date <= last:
            s += 1
    if g.get("sub_event_type") == ev.sub_event_type:
        s += 1
    return s


def run(shared: Path, extractor: Extractor | None = None) -> SeedScores:
    gold = yaml.safe_load((shared / "gold" / "seed-events.yaml").read_text(encoding="utf-8"))
    ex = extractor or Extractor()
    reports = []
    for r in gold["reports"]:
        text = (shared / "seeds" / r["file"]).read_text(encoding="utf-8")
        pub = r.get("published")
        reports.append(
            Report(
                id=r["file"].split("_")[0],
                text=text,
                published=_as_date(pub) if pub else None,
                source=r["file"],
            )
        )
    results = list(ex.run(reports))
    scores: list[EventScore] = []
    claims_total = claims_found = 0
    claim_misses: list[str] = []
    checks: dict[str, bool] = {}
    by_id: dict[str, Event] = {}
    for r, res in zip(gold["reports"], results, strict=True):
        preds = list(res.events)
        used: set[int] = set()
        golds = [g for g in r["events"] if "same_as" not in g]
        # best-first greedy matching of gold to predicted events
        pairs = sorted(
            ((_match_score(g, ev), gi, pi) for gi, g in enumerate(golds) for pi, ev in enumerate(preds)),
            key=lambda x: -x[0],
        )
        assigned: dict[int, int] = {}
        for sc, gi, pi in pairs:
            if gi in assigned or pi in used or sc < 2:
                continue
            if golds[gi].get("event_type") != preds[pi].event_type:
                continue
            assigned[gi] = pi
            used.add(pi)
        for gi, g in enumerate(golds):
            found_at = assigned.get(gi)
            ev = preds[found_at] if found_at is not None else None
            es = EventScore(gold_id=g["id"], found=ev is not None, predicted=ev)
            if ev is not None:
                by_id[g["id"]] = ev
                es.type_ok = True
                es.sub_ok = g.get("sub_event_type") == ev.sub_event_type
                es.actors_ok = _actor_ok(g.get("actor1"), ev.actor1) and _actor_ok(g.get("actor2"), ev.actor2)
                es.location_ok = _location_ok(g, ev)
                es.date_ok = _date_ok(g, ev)
                if not es.sub_ok:
                    es.problems.append(f"sub_event_type {ev.sub_event_type!r} != {g.get('sub_event_type')!r}")
                if not es.actors_ok:
                    a1 = ev.actor1.actor.name if ev.actor1 else None
                    a2 = ev.actor2.actor.name if ev.actor2 else None
                    es.problems.append(f"actors {a1!r} / {a2!r} != {g.get('actor1')!r} / {g.get('actor2')!r}")
                if not es.location_ok:
                    es.problems.append(f"location {ev.location.name!r} != {g['location'].get('name')!r}")
                if not es.date_ok:
                    es.problems.append(
                        f"date {ev.time.date}..{ev.time.date_end} p{ev.time.time_precision} != "
                        f"{g.get('date')} p{g.get('precision')}"
                    )
            for gc in g.get("claims", []):
                claims_total += 1
                if ev is not None and any(_claim_ok(gc, c, ex.registry) for c in ev.claims):
                    claims_found += 1
                else:
                    claim_misses.append(f"{g['id']}: {gc}")
            scores.append(es)
        # A cross-report mention ("same_as"): found when the report yields an event of a linked type in its
        # window.
        for g in r["events"]:
            if "same_as" not in g:
                continue
            first, last = _gold_dates(g)
            linked_types = {
                x.get("event_type") for rr in gold["reports"] for x in rr["events"] if x["id"] in g["same_as"]
            }
            hits = [
                ev
                for pi, ev in enumerate(preds)
                if pi not in used
                and ev.event_type in linked_types
                and ev.time.date is not None
                and first is not None
                and last is not None
                and first <= ev.time.date <= last
                and ev.time.time_precision == g.get("precision")
            ]
            es = EventScore(gold_id=g["id"], found=bool(hits), predicted=hits[0] if hits else None)
            if hits:
                used.add(preds.index(hits[0]))
                es.type_ok = es.sub_ok = es.actors_ok = es.location_ok = es.date_ok = True
            scores.append(es)

    res004 = results[[r["file"][:3] for r in gold["reports"]].index("004")]
    res000 = results[[r["file"][:3] for r in gold["reports"]].index("000")]
    checks["s004 Jaffar Express (e5), Surab (e3) and Manguchar (e6) dated to their windows"] = all(
        gid in by_id
        and _date_ok(next(g for r in gold["reports"] for g in r["events"] if g["id"] == gid), by_id[gid])
        for gid in ("s004-e5", "s004-e3", "s004-e6")
    )
    checks["'111 operations ... 120 killed' is not an event"] = not any(
        any(c.value_low in (120, 121) for c in ev.claims) or any("111" in e.text for e in ev.evidence)
        for ev in res004.events
    )
    checks["'111 operations ... 120 killed' kept as reported statistics"] = any(
        any(q.value_low in (111, 112, 120) for q in st.quantities) for st in res004.statistics
    )
    checks["'47 days' is not an event"] = not any(
        ev.evidence and "47 days" in ev.evidence[0].text for ev in res000.events
    )
    e1 = by_id.get("s001-e1")
    checks["s001-e1 rifles seized contested (23 vs 20)"] = bool(
        e1 and e1.contested and any("23" in line and "20" in line for line in e1.contradictions)
    )
    e4 = by_id.get("s004-e1")
    checks["s004-e1 contested 4 vs 5 killed, best 4, high 5"] = bool(
        e4 and e4.contested and e4.fatalities.best == 4 and e4.fatalities.high == 5
    )
    return SeedScores(
        events=scores,
        claims_total=claims_total,
        claims_found=claims_found,
        claim_misses=claim_misses,
        checks=checks,
        predicted_total=sum(len(r.events) for r in results),
        results=results,
    )

"""The typed records every Khabar stage reads and writes.

Field names follow ../shared/docs/CODEBOOK.md: report, event, claim, claimant, place, precision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

# Claim kinds (codebook "Claims").
CLAIM_KINDS = (
    "killed",
    "injured",
    "captured",
    "detained",
    "missing",
    "seized",
    "vehicles_destroyed",
    "responsibility",
    "denial",
)
# Claimant roles, most independent first (codebook "Estimates": official > local > monitor > media > party).
CLAIMANT_ROLES = ("official", "local", "monitor", "media", "party")
# Qualifiers. exact/at_least/more_than/about/at_most/up_to bound a number; the rest are vague words.
VAGUE_QUALIFIERS = ("a_few", "several", "many", "dozens", "scores", "hundreds", "thousands")
QUALIFIERS = ("exact", "at_least", "more_than", "about", "at_most", "up_to", *VAGUE_QUALIFIERS)
# Which group of people a claim's subject belongs to, relative to the event's sides.
SUBJECT_GROUPS = ("actor1", "actor2", "civilians", "unknown")


@dataclass(slots=True)
class Report:
    """One news article or statement, as read from a file, a JSONL/CSV row or a feed."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    source: str | None = None  # where it was read from: "path" or "path:line"
    language: str = "en"

    @staticmethod
    def make_id(text: str) -> str:
        """A stable id: the hash of the whitespace-normalised text."""
        normalised = " ".join(text.split())
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Evidence:
    """Where a claim or event comes from: a character span of one report."""

    report_id: str
    start: int
    end: int
    text: str  # the sentence
    quote: str | None = None  # the number or phrase quoted, e.g. "more than 15"


@dataclass(slots=True)
class Actor:
    """A canonical party, as defined in an actors data file (or found unlisted by NER)."""

    name: str
    inter: int  # ACLED interaction code: 1 state forces .. 8 external/other
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)  # alliances this actor belongs to
    units: list[str] = field(default_factory=list)  # sub-units/wings/spokes-bodies resolving to this actor
    listed: bool = True  # False: found by NER, not in any actors file


@dataclass(slots=True)
class ActorMention:
    """An actor named in a report: the canonical actor, the words used and the unit named, if any."""

    actor: Actor
    start: int  # character offsets in the report text
    end: int
    text: str
    unit: str | None = None
    # How the mention was found: "name" (the actor's name or alias), "unit" (a sub-unit, wing or spokes-body),
    # "demonym" ("Pakistani troops"), "generic" ("security forces", "civilians": the report's country),
    # "anaphor" (a bare "soldiers" referring back to foreign forces named earlier: "Kenyan troops"),
    # "ner" (an organisation spaCy found that no actors file lists).
    via: str = "name"


@dataclass(slots=True)
class TimeSpan:
    """A resolved (or unresolvable) temporal expression. time_precision: 1 day, 2 week/few days, 3 month+."""

    date: dt.date | None
    date_end: dt.date | None
    time_precision: int | None
    expression: str | None = None  # the words the date came from, kept even when unresolved
    start: int | None = None  # character offsets of the expression in the text
    end: int | None = None
    # "date": dates something ("on Friday", "in January"); "period": a duration or span that dates nothing by
    # itself ("for the past 47 days", "since August"); "relative": needs another event as anchor ("the next
    # day").
    kind: str = "date"
    # kind "relative" only: the shift in days from the anchor event to the described one ("two days later" +2,
    # "the day before" -1), None when the text gives no number ("weeks later"); date stays None and
    # time_precision is the precision the shifted date takes. See khabar.dates.apply_relative.
    offset_days: int | None = None


@dataclass(slots=True)
class Location:
    """An event's place: the name as written plus the hierarchy the text gives, then the gazetteer's answer."""

    name: str | None
    within: str | None = None  # the enclosing named place the text gives ("the Anjeera area of Zehri")
    kind: str | None = None  # the type word the text gives the place ("village", "road", "area")
    admin2: str | None = None
    admin1: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None  # 1 the place itself, 2 near/part of a known place, 3 district/province
    gazetteer_id: str | None = None
    # the name of that gazetteer entry: the place itself, or the known place an unlisted one is put at ("Bali"
    # for "the Gungong quarter of Bali")
    gazetteer_name: str | None = None
    start: int | None = None  # character span of the toponym
    end: int | None = None


@dataclass(slots=True)
class Quantity:
    """A number as written, turned into an interval by the codebook's qualifier rules."""

    value_low: int
    value_high: int | None  # None: open upwards (at least / more than / vague)
    qualifier: str
    approximate: bool = False
    text: str = ""
    start: int = 0  # character offsets of text (qualifier words included) in the report
    end: int = 0

    @property
    def vague(self) -> bool:
        return self.qualifier in VAGUE_QUALIFIERS


@dataclass(slots=True)
class Claim:
    """One statement of fact about an event by someone: who says it, what, how sure, and where."""

    claimant: str
    claimant_role: str
    kind: str
    subject: str  # the words used: "Pakistani soldiers", "two women"
    value_low: int | None
    value_high: int | None
    qualifier: str | None
    evidence: Evidence
    subject_actor: str | None = None  # canonical actor the subject belongs to, if known
    # What kind of people/things the subject words denote: state (soldiers, police), nonstate (militants,
    # fighters), civilian (civilians, women, residents), claimant_side ("its own fighters"), object (rifles,
    # vehicles) or unknown ("people").
    subject_class: str = "unknown"
    subject_group: str = "unknown"  # one of SUBJECT_GROUPS, set once the claim is attached to an event
    approximate: bool = False
    hedged: bool = False
    stance: str = "asserts"  # asserts | denies
    claimant_actor: str | None = None  # canonical actor the claimant speaks for (a spokesperson's group)
    # False: one person told without a number ("he was shot dead", "the officer died"); such a claim is one of
    # the people of its group that another claim counts, if one does (estimates)
    counted: bool = True

    @property
    def vague(self) -> bool:
        return self.qualifier in VAGUE_QUALIFIERS


@dataclass(slots=True)
class Estimate:
    """Low / best / high, as in the codebook's "Estimates"."""

    low: int = 0
    best: int = 0
    high: int = 0


@dataclass(slots=True)
class Event:
    """One thing that happened at one place, on one day or window, between one pair of sides."""

    report_id: str
    event_type: str
    sub_event_type: str
    actor1: ActorMention | None
    actor2: ActorMention | None
    location: Location
    time: TimeSpan
    claims: list[Claim] = field(default_factory=list)
    assoc_actor_1: list[str] = field(default_factory=list)
    assoc_actor_2: list[str] = field(default_factory=list)
    fatalities: Estimate = field(default_factory=Estimate)
    estimates: dict[str, Estimate] = field(default_factory=dict)  # per claim kind, e.g. "seized", "injured"
    contested: bool = False
    contradictions: list[str] = field(default_factory=list)  # one line per disagreement, side by side
    notes: str = ""
    evidence: list[Evidence] = field(default_factory=list)  # the sentences the event was read from
    trigger: str = ""  # the word that signalled the event
    event_id: str = ""

    def make_id(self) -> str:
        """A stable id from what identifies the event within its report."""
        key = "|".join(
            str(x)
            for x in (
                self.report_id,
                self.sub_event_type,
                self.time.date,
                self.time.expression,
                self.location.name,
                self.actor1.actor.name if self.actor1 else None,
                self.actor2.actor.name if self.actor2 else None,
                self.evidence[0].start if self.evidence else None,
            )
        )
        return "KH-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        """The codebook's flat JSON form (one line of the JSONL output)."""
        a1, a2 = self.actor1, self.actor2
        return {
            "event_id": self.event_id,
            "report_id": self.report_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": a1.actor.name if a1 else None,
            "inter1": a1.actor.inter if a1 else None,
            "actor1_unit": a1.unit if a1 else None,
            "actor1_listed": a1.actor.listed if a1 else None,
            "assoc_actor_1": list(self.assoc_actor_1),
            "actor2": a2.actor.name if a2 else None,
            "inter2": a2.actor.inter if a2 else None,
            "actor2_unit": a2.unit if a2 else None,
            "actor2_listed": a2.actor.listed if a2 else None,
            "assoc_actor_2": list(self.assoc_actor_2),
            "location": asdict(self.location),
            "date": self.time.date.isoformat() if self.time.date else None,
            "date_end": self.time.date_end.isoformat() if self.time.date_end else None,
            "time_precision": self.time.time_precision,
            "date_expression": self.time.expression,
            "claims": [claim_to_dict(c) for c in self.claims],
            "fatalities": asdict(self.fatalities),
            "estimates": {k: asdict(v) for k, v in self.estimates.items()},
            "contested": self.contested,
            "contradictions": list(self.contradictions),
            "notes": self.notes,
            "trigger": self.trigger,
            "evidence": [asdict(e) for e in self.evidence],
        }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    return {
        "claimant": claim.claimant,
        "claimant_role": claim.claimant_role,
        "claimant_actor": claim.claimant_actor,
        "kind": claim.kind,
        "subject": claim.subject,
        "subject_actor": claim.subject_actor,
        "subject_class": claim.subject_class,
        "subject_group": claim.subject_group,
        "value_low": claim.value_low,
        "value_high": claim.value_high,
        "qualifier": claim.qualifier,
        "approximate": claim.approximate,
        "counted": claim.counted,
        "hedged": claim.hedged,
        "stance": claim.stance,
        "evidence": asdict(claim.evidence),
    }


@dataclass(slots=True)
class ReportedStatistic:
    """A period tally a report quotes ("111 operations in May"): kept per report, never an event."""

    report_id: str
    claimant: str
    text: str
    period: TimeSpan | None
    quantities: list[Quantity]
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "report_id": self.report_id,
            "claimant": self.claimant,
            "text": self.text,
            "period": None
            if self.period is None
            else {
                "date": self.period.date.isoformat() if self.period.date else None,
                "date_end": self.period.date_end.isoformat() if self.period.date_end else None,
                "time_precision": self.period.time_precision,
                "expression": self.period.expression,
            },
            "quantities": [asdict(q) for q in self.quantities],
            "evidence": asdict(self.evidence),
        }


@dataclass(slots=True)
class ReportResult:
    """What extraction yields for one report."""

    report: Report
    events: list[Event] = field(default_factory=list)
    statistics: list[ReportedStatistic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    country: str | None = None  # the country the report is about (actors and places vote), if any
    area: Location | None = None  # the admin area the report's places point to most (geo), if any


def claim_from_dict(data: dict[str, Any]) -> Claim:
    """The Claim that claim_to_dict wrote."""
    return Claim(**{**data, "evidence": Evidence(**data["evidence"])})


def event_from_dict(data: dict[str, Any]) -> Event:
    """The Event that Event.to_dict wrote (actor mentions keep their actor and unit, not their offsets)."""

    def mention(n: int) -> ActorMention | None:
        name = data.get(f"actor{n}")
        if not name:
            return None
        actor = Actor(
            name=name,
            inter=data.get(f"inter{n}") or 0,
            country=data.get(f"actor{n}_country"),  # kept by the event store, not in the codebook's JSON
            listed=bool(data.get(f"actor{n}_listed")),
        )
        return ActorMention(actor, start=0, end=0, text=name, unit=data.get(f"actor{n}_unit"))

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return Event(
        report_id=data["report_id"],
        event_type=data["event_type"],
        sub_event_type=data["sub_event_type"],
        actor1=mention(1),
        actor2=mention(2),
        location=Location(**data["location"]),
        time=TimeSpan(
            date=day(data.get("date")),
            date_end=day(data.get("date_end")),
            time_precision=data.get("time_precision"),
            expression=data.get("date_expression"),
        ),
        claims=[claim_from_dict(c) for c in data.get("claims", [])],
        assoc_actor_1=list(data.get("assoc_actor_1", [])),
        assoc_actor_2=list(data.get("assoc_actor_2", [])),
        fatalities=Estimate(**data.get("fatalities", {})),
        estimates={k: Estimate(**v) for k, v in data.get("estimates", {}).items()},
        contested=bool(data.get("contested")),
        contradictions=list(data.get("contradictions", [])),
        notes=data.get("notes", ""),
        evidence=[Evidence(**e) for e in data.get("evidence", [])],
        trigger=data.get("trigger", ""),
        event_id=data.get("event_id", ""),
    )

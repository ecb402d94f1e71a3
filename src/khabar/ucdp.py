"""Khabar's coding in UCDP's form: one UCDP-AEC record (GED conventions) per report.

UCDP-AEC (Simon et al., KONVENS 2025) pairs each article with the one event UCDP coded from it: side A and side B,
start and end date, country, admin1, admin2 and place, deaths per side, of civilians and of unknown people, and a
low and high total. This module maps a `ReportResult` onto those 14 fields; it extracts nothing itself:

- the main event is the one the report is about (`main_event`);
- sides: state forces are "Government of <UCDP country name>", civilians "Civilians", groups UCDP's short names
  (`data/ucdp.yaml`); in state-based conflict side A is the government; a side the text leaves unnamed is
  the country's usual opponent (`default_opponents`) or its government;
- deaths: the best estimate of each killed group goes to its side, civilians to `deaths_civilian`, people of
  no known side to `deaths_unknown`; low and high are the event's fatality estimates;
- dates: the event's day, or its window; the publication date when the report dates nothing;
- places: UCDP's spelling of the admin names when its place table knows them (`data/ucdp_places.tsv`, built from
  the training labels by `khabar.ucdp.build_place_table`), with UCDP's type word per country ("governorate").
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .actors import ActorRegistry, read_data_file
from .claims import lexicon as claims_lexicon
from .config import data_path
from .estimates import drop_unsided_repeats, estimate, total_estimate
from .events import short_lookback
from .gazetteer import place_skeletons
from .geo import same_name
from .places import lexicon as places_lexicon
from .readers import title_span
from .records import Actor, Claim, Event, Location, ReportResult

# The 14 fields of a UCDP-AEC record, in the dataset's order and spelling.
FIELDS = (
    "side_a_name",
    "side_b_name",
    "start_date",
    "end_date",
    "location_root_name",
    "location_adm1_name",
    "location_adm2_name",
    "location_where_name",
    "deaths_side_a",
    "deaths_side_b",
    "deaths_civilian",
    "deaths_unknown",
    "deaths_low",
    "deaths_high",
)
NAME_FIELDS = FIELDS[:2] + FIELDS[4:8]
DATE_FIELDS = FIELDS[2:4]
DEATH_FIELDS = FIELDS[8:]

GOVERNMENT = "Government of "
CIVILIANS = "Civilians"
# The text's type words UCDP writes after a place's name too ("Mao village", "Khanasir - Ithriya road"); any other
# place is a "town".
_WHERE_TYPES = frozenset({"village", "town", "city", "township", "camp", "road", "highway"})
_PROVINCE_OF = re.compile(r"^province of\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"\(([^()]+)\)\s*$")
# Inter codes whose victims UCDP counts as civilians: civilians, protesters, rioters.
_CIVILIAN_INTERS = frozenset({5, 6, 7})
REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
# Nouns that say only that people died, not who they were.
_PLAIN_PEOPLE = frozenset(
    {"person", "persons", "people", "man", "men", "woman", "women", "individual", "individuals"}
)
_ORDNANCE = re.compile(r"\b(?:landmines?|mines?|ordnance|explosives?|shells?)\b", re.IGNORECASE)
# ("old" as a thing's age, not a person's: "a 7-year-old girl", "ten years old" are no remnant)
_REMNANT = re.compile(
    r"(?<!-)(?<!years\s)(?<!year\s)\b(?:old|left[- ]?over|remnants?|unexploded)\b", re.IGNORECASE
)
# Gazetteer ids of areas, not places (gazetteer.Place.id).
_AREA_IDS = ("admin1:", "admin2:", "country:")
# An event this many days older than its report is background, not what the report is about.
BACKGROUND_DAYS = 30
# The headline and lead of a report: its first characters (a title and a sentence or two).
LEAD_CHARS = 400
# Words that put a killed group on the government's side whatever its noun ("pro-regime militiamen").
_GOVERNMENT_WORDS = frozenset({"regime", "government", "junta"})


@dataclass(slots=True)
class UcdpPlace:
    """One row of UCDP's place table: a place name with the admin areas UCDP codes it in."""

    country: str
    adm1: str
    adm2: str
    where: str
    count: int


@dataclass
class UcdpNames:
    """UCDP's names: actors, governments, usual opponents (data/ucdp.yaml) and places (data/ucdp_places.tsv)."""

    actors: dict[str, str] = field(default_factory=dict)
    governments: dict[str, str] = field(default_factory=dict)
    default_opponents: dict[str, str] = field(default_factory=dict)
    supporters: dict[str, list[str]] = field(default_factory=dict)
    shifted_admin_levels: list[str] = field(default_factory=list)
    places: list[UcdpPlace] = field(default_factory=list)

    @classmethod
    def load(cls, names: Path | None = None, places: Path | None = None) -> UcdpNames:
        raw = read_data_file(names or data_path("ucdp.yaml"))
        table = places or data_path("ucdp_places.tsv")
        return cls(
            actors=_str_map(raw.get("actors")),
            governments=_str_map(raw.get("governments")),
            default_opponents=_str_map(raw.get("default_opponents")),
            shifted_admin_levels=[str(c) for c in raw.get("shifted_admin_levels") or []],
            supporters={str(k): [str(x) for x in v] for k, v in (raw.get("supporters") or {}).items()},
            places=read_place_table(table) if table.is_file() else [],
        )

    @cached_property
    def _by_country(self) -> dict[str, list[UcdpPlace]]:
        out: dict[str, list[UcdpPlace]] = defaultdict(list)
        for p in self.places:
            out[p.country].append(p)
        return out

    def country_places(self, country: str) -> list[UcdpPlace]:
        return self._by_country.get(country, [])

    @cached_property
    def _type_words(self) -> dict[tuple[str, int], str]:
        """UCDP's usual type word for a country's admin1 (level 1) and admin2 (level 2) names."""
        counts: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
        for p in self.places:
            for level, name in ((1, p.adm1), (2, p.adm2)):
                words = name.split()
                if len(words) > 1 and words[-1].islower():
                    counts[(p.country, level)][words[-1]] += p.count
        return {k: c.most_common(1)[0][0] for k, c in counts.items()}

    def type_word(self, country: str, level: int) -> str | None:
        return self._type_words.get((country, level))


def _str_map(value: Any) -> dict[str, str]:
    if not value:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("ucdp.yaml: each section must map names to names")
    return dict(value)


# ------------------------------------------------------------------------------------------------------------
# The place table
# ------------------------------------------------------------------------------------------------------------

PLACE_COLUMNS = ("country", "adm1", "adm2", "where", "count")


def read_place_table(path: Path) -> list[UcdpPlace]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return [UcdpPlace(r["country"], r["adm1"], r["adm2"], r["where"], int(r["count"] or 1)) for r in rows]


def build_place_table(labels: Iterable[dict[str, Any]]) -> list[UcdpPlace]:
    """UCDP's place hierarchy from coded events (UCDP-AEC label lines): one row per distinct (country, admin1,
    admin2, place) with how often it is coded. Names only; nothing of any article's text."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for row in labels:
        key = tuple(
            (row.get(k) or "").strip()
            for k in ("location_root_name", "location_adm1_name", "location_adm2_name", "location_where_name")
        )
        if key[0]:
            counts[key] += 1  # type: ignore[index]
    return [UcdpPlace(*key, count=n) for key, n in sorted(counts.items())]


def write_place_table(places: list[UcdpPlace], path: Path, source: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# UCDP's place names by country, admin1 and admin2, counted over {source}.\n")
        fh.write("# Built by khabar.ucdp.build_place_table; names only. Read by khabar.ucdp.UcdpNames.\n")
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(PLACE_COLUMNS)
        for p in places:
            writer.writerow((p.country, p.adm1, p.adm2, p.where, p.count))


# ------------------------------------------------------------------------------------------------------------
# Coding
# ------------------------------------------------------------------------------------------------------------


def main_event(result: ReportResult) -> Event | None:
    """The event the report is about: the deadliest of the events its headline and lead tell (the first
    LEAD_CHARS characters), else of all its events; events more than BACKGROUND_DAYS older than the report
    are background and left out unless there is nothing else. Ties go to the first told."""
    if not result.events:
        return None
    published = result.report.published
    recent = [
        e
        for e in result.events
        if published is None or e.time.date is None or (published - e.time.date).days <= BACKGROUND_DAYS
    ] or result.events
    lead = [e for e in recent if e.evidence and e.evidence[0].start < LEAD_CHARS]
    main = max(lead or recent, key=lambda e: (e.fatalities.best or 0, -result.events.index(e)))
    title_end = _title_end(result.report.text)
    if main.fatalities.best and main.evidence and main.evidence[0].start < title_end:
        # a headline sums up what the body tells in detail: a body event of the same toll, days and province is
        # the same event, with its place as the body gives it (the headline's event may have taken a later
        # sentence too: it is still first told in the headline)
        told = [
            e
            for e in lead
            if e.evidence
            and e.evidence[0].start >= title_end
            and e.fatalities.best == main.fatalities.best
            and _same_days_and_area(main, e)
        ]
        if told:
            main = told[0]
    if main.fatalities.best == 0:
        # a lead that tells no toll ("jets kept striking the desert") goes on into the fighting whose toll the
        # report gives: an event of the same days and province with people killed is that fighting
        fatal = [e for e in recent if e.fatalities.best > 0 and _same_days_and_area(main, e)]
        if fatal:
            main = max(fatal, key=lambda e: (e.fatalities.best, -result.events.index(e)))
    return main


def _title_end(text: str) -> int:
    """Where the report's headline ends (`readers.title_span`), 0 when it has none."""
    span = title_span(text)
    return span[1] if span else 0


def _same_days_and_area(a: Event, b: Event) -> bool:
    a_first, b_first = a.time.date, b.time.date
    if a_first is None or b_first is None:
        return False
    a_last, b_last = a.time.date_end or a_first, b.time.date_end or b_first
    overlap = a_first <= b_last and b_first <= a_last
    area_a, area_b = a.location.admin1, b.location.admin1
    return overlap and area_a is not None and area_a == area_b


class UcdpCoder:
    """Maps a `ReportResult` onto a UCDP-AEC record (see the module docstring)."""

    def __init__(self, registry: ActorRegistry, names: UcdpNames | None = None) -> None:
        self.registry = registry
        self.names = names or UcdpNames.load()

    # -- sides ---------------------------------------------------------------------------------------------

    def government(self, country: str) -> str:
        return self.names.governments.get(country) or GOVERNMENT + self.registry.ucdp_name(country)

    def side_name(self, actor: Actor) -> str:
        """UCDP's name for an actor: its government, "Civilians", a listed name or the canonical acronym."""
        if actor.inter in _CIVILIAN_INTERS:
            return CIVILIANS
        if actor.inter == 1 and actor.country:
            return self.government(actor.country)
        if actor.name in self.names.actors:
            return self.names.actors[actor.name]
        m = _ACRONYM.search(actor.name)
        return m.group(1) if m else actor.name

    def sides(self, event: Event | None, country: str | None) -> tuple[str, str]:
        """Side A and side B. The government of the event's country stands in for the foreign states UCDP
        counts as its supporters (`supporters`); in state-based conflict the government is side A and its
        opponent, when the report names none or only its victims, the country's usual opponent (UCDP codes
        a government's killing of civilians as one-sided violence rarely: 3 % of its government events);
        a non-state group with only civilian victims faces "Civilians"."""
        government = self.government(country) if country else ""
        opponent = self.names.default_opponents.get(country or "", "")
        named: list[str] = []
        if event is not None:
            for mention in (event.actor1, event.actor2):
                if mention is None:
                    continue
                name = self.side_name(mention.actor)
                if mention.actor.country in self.names.supporters.get(country or "", ()):
                    name = government
                if name not in named:
                    named.append(name)
            if len(named) < 2 or not any(n != CIVILIANS and not _is_government(n) for n in named):
                # the parties whose people the event killed are its sides too ("twelve Islamic State fighters
                # died", "shelling killed a civilian and two HTS members")
                for c in event.claims:
                    if c.kind != "killed" or c.stance == "denies":
                        continue
                    actor = self._subject_actor(c, country)
                    if actor is not None and actor.inter not in _CIVILIAN_INTERS:
                        name = self.side_name(actor)
                        if name not in named:
                            named.append(name)
        one_sided = event is not None and event.event_type == "Violence against civilians"
        states = [n for n in named if _is_government(n)]
        groups = [n for n in named if not _is_government(n) and n != CIVILIANS]
        if states and groups:
            return states[0], groups[0]
        if len(states) == 2:
            return states[0], states[1]
        if states:
            state = states[0]
            if state == government and opponent:
                return state, opponent
            return state, CIVILIANS if (one_sided or CIVILIANS in named) else ""
        if groups:
            if len(groups) == 2:
                return groups[0], groups[1]
            if CIVILIANS in named or one_sided or not government:
                return groups[0], CIVILIANS
            return government, groups[0]
        return government, opponent or (CIVILIANS if CIVILIANS in named else "")

    # -- the record ----------------------------------------------------------------------------------------

    def code(self, result: ReportResult) -> dict[str, Any]:
        """The UCDP-AEC record of one report, with its id."""
        event = main_event(result)
        published = result.report.published
        location = event.location if event is not None else result.area
        country = (location.country if location and location.country else None) or result.country
        side_a, side_b = self.sides(event, country)
        start, end = self.dates(event, published)
        record: dict[str, Any] = {"id": result.report.id, "side_a_name": side_a, "side_b_name": side_b}
        record["start_date"] = start.isoformat() if start else ""
        record["end_date"] = end.isoformat() if end else ""
        record.update(self.place(location, country))
        text = result.report.text
        title_end = _title_end(text)
        record.update(self.deaths(event, side_a, side_b, country, text[:LEAD_CHARS], title_end))
        return record

    def dates(self, event: Event | None, published: date | None) -> tuple[date | None, date | None]:
        time = event.time if event is not None else None
        if (
            time is not None
            and short_lookback(time)
            and time.expression is not None
            and published is not None
        ):
            # a short lookback the text gives ("in the past 24 hours", "over the past two days"): coded as is
            assert time.date is not None and time.date_end is not None  # short_lookback: a dated window
            if time.date <= published:
                return time.date, min(time.date_end, published)
        if time is None or time.date is None or time.expression is None or time.time_precision != 1:
            # Nothing dates the event to the day ("last week", "earlier this month", or no date at all): UCDP
            # then codes the report's date.
            return published, published
        start = time.date
        if published is not None and (published - start).days > BACKGROUND_DAYS:
            return published, published  # background told again; the report's own event is undated

        end = time.date_end or start
        if published is not None and end > published:
            end = max(start, published)
        return start, end

    def place(self, location: Location | None, country: str | None) -> dict[str, str]:
        """Country, admin1, admin2 and place in UCDP's spelling. Admin names take the spelling of UCDP's
        place table when it has the same place, else UCDP's type word for that country and level; a place
        the table knows brings its admin2, and so does a district named like its town ("Maydan Shahr"). In a
        country whose UCDP admin1 is GeoNames' admin2 (`shifted_admin_levels`: the Philippines' provinces,
        not its regions) the levels move up one."""
        root = self.registry.ucdp_name(country) if country else ""
        out = dict.fromkeys(FIELDS[4:8], "")
        out["location_root_name"] = root
        if location is None or not root:
            return out
        admin1, admin2 = location.admin1, location.admin2
        if country in self.names.shifted_admin_levels:
            admin1, admin2 = _PROVINCE_OF.sub("", admin2 or "") or None, None
        known = self.names.country_places(root)
        # what the text calls the place ("Wardak province"): an area of that level, named as the text names it
        # when the gazetteer's name for it ("Maidan Wardak") is not UCDP's
        text_level = places_lexicon().type_words.get(location.kind or "")
        adm1 = (
            _ucdp_spelling(admin1, [p.adm1 for p in known])
            or (_ucdp_spelling(location.name, [p.adm1 for p in known]) if text_level == "admin1" else None)
            or _typed(admin1, self.names.type_word(root, 1))
        )
        in_adm1 = [p for p in known if not adm1 or p.adm1 == adm1] or known
        adm2 = _ucdp_spelling(admin2, [p.adm2 for p in in_adm1]) or _typed(
            admin2, self.names.type_word(root, 2)
        )
        where = ""
        # a town named like its district ("Coatzacoalcos", seat of Coatzacoalcos municipality) is a place when
        # the gazetteer resolved it to the town; a name shared with the province ("Idlib") stays the area, as
        # reports name provinces by their capital's name far more often than the capital itself
        gid = location.gazetteer_id
        resolved_to_place = gid is not None and not gid.startswith(_AREA_IDS)
        is_area = (
            any(same_name(location.name, n) for n in (location.admin1, country))
            or (not resolved_to_place and same_name(location.name, location.admin2))
            or text_level in ("admin1", "admin2")
        )
        name = location.name
        if (
            resolved_to_place
            and location.within
            and location.kind not in places_lexicon().settlement_words
            and same_name(location.within, location.gazetteer_name)
            and not same_name(location.name, location.gazetteer_name)
            and not same_name(location.within, location.admin1)  # "Daraa": the governorate, not its capital
        ):
            # a quarter, road or spot no list knows, put at the town the text puts it in ("the Gungong quarter
            # of Bali", "Tamu's Alaungpaya Road"): UCDP codes the town (but an unlisted village by its own name)
            name = location.within
        if name and not is_area:
            kind = location.kind if name == location.name and location.kind in _WHERE_TYPES else "town"
            where = _ucdp_spelling(name, [p.where for p in in_adm1]) or f"{name} {kind}"
            if not adm2:
                adm2 = next((p.adm2 for p in in_adm1 if p.where == where and p.adm2), None) or _ucdp_spelling(
                    name, [p.adm2 for p in in_adm1]
                )
            if not adm2 and location.within and not same_name(location.within, location.admin1):
                # "the village of Mao in Datu Paglas town": the district named like the town the place lies in
                # (a Philippine municipality is its town)
                adm2 = _ucdp_spelling(location.within, [p.adm2 for p in in_adm1])
                if adm2 is None and country in self.names.shifted_admin_levels:
                    adm2 = _typed(location.within, self.names.type_word(root, 2))
        out.update(location_adm1_name=adm1 or "", location_adm2_name=adm2 or "", location_where_name=where)
        return out

    def deaths(
        self,
        event: Event | None,
        side_a: str,
        side_b: str,
        country: str | None,
        lead: str = "",
        title_end: int = 0,
    ) -> dict[str, int]:
        """The best estimate of each killed group on its UCDP side; low and high from the event's estimates.
        lead: the report's headline and lead, where a report says the explosive was a remnant. title_end: where
        the report's title ends; a group the body counts is counted from the body (the title sums up, and may
        run the dead and the wounded together)."""
        out = dict.fromkeys(DEATH_FIELDS, 0)
        if event is None:
            return out
        by_field: dict[str, list[Claim]] = defaultdict(list)
        for c in event.claims:
            if c.kind == "killed" and c.stance != "denies":
                by_field[self.claim_field(c, event, side_a, side_b, country)].append(c)
        titled = False
        for name, claims in by_field.items():
            body = [c for c in claims if c.evidence.start >= title_end]
            if body and len(body) < len(claims):
                by_field[name], titled = body, True
        # people of no known side counted as many as a known group are most likely those same people
        for name, claims in drop_unsided_repeats(by_field, "deaths_unknown").items():
            if all(self._rebel_claim_of_state_losses(c, name, side_a, side_b) for c in claims):
                continue  # a rebel group's word alone on the state's losses: UCDP counts it in the high only
            best = estimate(claims).best
            if best == 0 and all(c.vague for c in claims if c.value_low is not None):
                # only vague words ("several members were killed"): UCDP codes the word's smallest number
                best = min((c.value_low for c in claims if c.value_low is not None), default=0)
            out[name] += best
        total = sum(out[k] for k in DEATH_FIELDS[:4])
        # the event's own estimate, or the same over the claims left once the title's gave way to the body's
        kept = total_estimate([c for cs in by_field.values() for c in cs]) if titled else event.fatalities
        out["deaths_low"] = min(kept.low, total)
        out["deaths_high"] = max(kept.high, total)
        if total and set(by_field) <= {"deaths_civilian", "deaths_unknown"} and _remnant_blast(event, lead):
            # civilians killed by ordnance left over from past fighting: UCDP cannot tie the death to an act of
            # either side and counts it in the high estimate only
            out.update(dict.fromkeys(DEATH_FIELDS[:5], 0))
        return out

    def claim_field(self, claim: Claim, event: Event, side_a: str, side_b: str, country: str | None) -> str:
        """Whose deaths a killed claim counts: deaths_side_a, deaths_side_b, deaths_civilian or deaths_unknown.

        The subject's own words decide first ("ISIS members", "regime soldiers", "two women"), then the side
        the event stage gave it; people of no known side stay unknown."""
        if claim.subject_class == "civilian" or claim.subject_group == "civilians":
            return "deaths_civilian"
        side: str | None = None
        actor = self._subject_actor(claim, country)
        words = set(claim.subject.lower().replace("-", " ").split())
        if actor is not None and actor.inter not in _CIVILIAN_INTERS:
            side = self.side_name(actor)
        elif words & _GOVERNMENT_WORDS or claim.subject_class == "state":
            side = next((s for s in (side_a, side_b) if _is_government(s)), None)
        elif claim.subject_class == "nonstate":
            others = [s for s in (side_a, side_b) if s and not _is_government(s) and s != CIVILIANS]
            side = others[0] if len(others) == 1 else None
        if side is None and claim.subject_group in ("actor1", "actor2"):
            mention = event.actor1 if claim.subject_group == "actor1" else event.actor2
            side = self.side_name(mention.actor) if mention is not None else None
        if side is None and claim.subject_class == "unknown" and _unaffiliated(claim):
            # "one person", "a man" killed by state forces, or a bare name outside a battle: UCDP counts people
            # a government's forces kill, told with no sign of arms, as civilians (a name a clash report gives
            # is as often one of the other side's fighters)
            perpetrator = event.actor1.actor if event.actor1 is not None else None
            plain = _plain_people(claim.subject) or event.event_type != "Battles"
            if perpetrator is not None and perpetrator.inter == 1 and plain:
                return "deaths_civilian"
            if (
                perpetrator is not None
                and perpetrator.inter not in _CIVILIAN_INTERS
                and event.event_type not in ("Battles", "Explosions/Remote violence")
            ):
                # killed by an armed group outside a battle (taken and found dead, shot at a protest)
                return "deaths_civilian"
        if side == CIVILIANS:
            return "deaths_civilian"
        if side and side == side_a:
            return "deaths_side_a"
        if side and side == side_b:
            return "deaths_side_b"
        return "deaths_unknown"

    def _rebel_claim_of_state_losses(self, claim: Claim, field: str, side_a: str, side_b: str) -> bool:
        """A non-state party's claim that the government's side lost people ("the PDF said 12 junta soldiers
        were killed"): UCDP takes such a claim for the high estimate only until someone else confirms it."""
        if claim.claimant_role != "party":
            return False
        if claim.claimant_actor is None:
            # an unnamed armed group ("resistance fighters say"): its head noun is a non-state fighter's
            words = claim.claimant.lower().split()
            if not words or claims_lexicon().noun_class.get(words[-1]) != "nonstate":
                return False
        else:
            claimant = self.registry.get(claim.claimant_actor)
            if claimant is None or claimant.inter not in (2, 3, 4):
                return False
        side = side_a if field == "deaths_side_a" else side_b if field == "deaths_side_b" else ""
        return _is_government(side)

    def _subject_actor(self, claim: Claim, country: str | None) -> Actor | None:
        """The actor a claim's subject names: the claim's own, else the longest run of its words that the
        registry resolves ("ISIS members" -> Islamic State)."""
        if claim.subject_actor:
            actor = self.registry.get(claim.subject_actor)
            if actor is not None:
                return actor
        words = claim.subject.split()
        for n in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                actor = self.registry.resolve(" ".join(words[i : i + n]), country)
                if actor is not None:
                    return actor
        return None


def _plain_people(subject: str) -> bool:
    """People told only as people ("a man") or by whom they are to someone ("a friend of mine")."""
    words = subject.lower().split()
    return bool(words) and (words[-1] in _PLAIN_PEOPLE or words[-1] in claims_lexicon().kin_nouns)


def _unaffiliated(claim: Claim) -> bool:
    """People told with no sign of a side: "a man", "one person", or one person told by a bare name or a
    pronoun the text does not tie to anyone."""
    if _plain_people(claim.subject):
        return True
    if claim.counted or claim.subject_actor:
        return False
    words = claim.subject.split()
    pronouns = claims_lexicon().single_pronouns  # "him" the text ties to nobody
    return bool(words) and (all(w[:1].isupper() for w in words) or claim.subject.lower() in pronouns)


def _remnant_blast(event: Event, lead: str) -> bool:
    """A landmine or other ordnance the report calls old, left over or unexploded."""
    texts = [lead, *(e.text for e in event.evidence)]
    explosive = event.sub_event_type == REMOTE_EXPLOSIVE or any(_ORDNANCE.search(t) for t in texts)
    return explosive and any(_REMNANT.search(t) for t in texts)


def _is_government(side: str) -> bool:
    return side.startswith(GOVERNMENT)


def _typed(name: str | None, type_word: str | None) -> str | None:
    if not name:
        return None
    return f"{name} {type_word}" if type_word and not name.lower().endswith(type_word) else name


def _ucdp_spelling(name: str | None, candidates: Iterable[str]) -> str | None:
    """The candidate (UCDP's spelling) that names the same place, the first one if several do."""
    if not name:
        return None
    unique = [c for c in dict.fromkeys(candidates) if c]
    for c in unique:
        if same_name(name, c):
            return c
    # transliteration variants ("Al-Mayadeen" ~ "Al Mayadin town"): the consonant skeleton, when only one
    # candidate shares it
    keys = place_skeletons(name)
    if not keys:
        return None
    matches = {c for c in unique if keys & place_skeletons(c)}
    if len(matches) == 1:
        return matches.pop()
    # a province split in parts named for their side ("Maguindanao del Sur", "X North") was one province
    # before: UCDP, coding with the boundaries of the event's time, names the whole
    whole = _SPLIT_PART.sub("", name)
    if whole != name:
        return next((c for c in unique if same_name(whole, c)), None)
    return None


_SPLIT_PART = re.compile(r"\s+(?:del\s+(?:Sur|Norte)|North|South|East|West)$", re.IGNORECASE)


def blank_record(report_id: str, published: date | None) -> dict[str, Any]:
    """The record of a report with no event: empty names, the publication date, zero deaths."""
    day = published.isoformat() if published else ""
    record: dict[str, Any] = {"id": report_id}
    for f in FIELDS:
        record[f] = 0 if f in DEATH_FIELDS else (day if f in DATE_FIELDS else "")
    return record


def read_labels(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a UCDP-AEC JSONL file (articles with gold, or labels only)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def input_rows(paths: Iterable[Path]) -> list[tuple[str, date | None]]:
    """(id, publication date) of every row of the JSONL files among paths, in order, whether or not its text
    can be read, so that every input id gets a record. Lines that are not JSON objects with an id are skipped
    (the reader reports them)."""
    out: list[tuple[str, date | None]] = []
    for path in paths:
        if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
            continue
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if isinstance(row, dict) and row.get("id") not in (None, ""):
                    out.append((str(row["id"]), day(row.get("source_date") or row.get("published"))))
    return out


def day(value: Any) -> date | None:
    """The date a UCDP-AEC field gives ("2021-02-22" or "2021-02-22 00:00"), None when it gives none."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None

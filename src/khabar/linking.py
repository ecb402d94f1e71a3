"""Linking reports (codebook "Linking reports"): whether two extracted events are the same event, and the event
they make together.

Pure functions over `Event` records: the store (store.py) finds the candidates and keeps the result. Two events
are the same event when their windows overlap, their places are the same or nested (or within `max_km`), their
sides are compatible (an alliance matches its members; the state forces of one country are one side) and their
kinds of action agree. A report's own events are never merged with each other: the report told them apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from scipy.optimize import linear_sum_assignment

from .actors import ActorRegistry, read_data_file
from .config import data_path
from .estimates import apply_estimates
from .gazetteer import haversine_km, place_skeletons, skeleton
from .geo import road_ends, same_name
from .notes import summarise
from .places import ROAD_WORDS, RURAL_KINDS, specific_name
from .records import ActorMention, Event, Location

# Within this distance two named places are the same place for linking, by default ("a few km").
DEFAULT_MAX_KM = 5.0

# Kinds of action: ACLED sub-event types that different reports give one event. An ambush is a clash to one
# outlet and an IED attack to another; a town's capture is a territory change, not a clash, to both.
_TERRITORY = {
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Non-violent transfer of territory",
}
_FIGHTING_TYPES = {"Battles", "Explosions/Remote violence"}
# Violence against people one outlet calls an attack and another a crackdown on protesters or a clash.
_FIGHTING_SUB_TYPES = {"Attack", "Excessive force against protesters"}
_DEMONSTRATION_TYPES = {"Protests", "Riots"}
# ACLED interaction codes of unarmed people: protesters 6, civilians 7.
_UNARMED = {6, 7}
# Numbers in a place's name ("Post 12", "Block 3"): transliterations never change them.
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=1)
def foreign_supporters() -> dict[str, frozenset[str]]:
    """Foreign states whose forces fight for a country's government (`supporters` in data/ucdp.yaml)."""
    raw = read_data_file(data_path("ucdp.yaml"))
    return {str(k): frozenset(str(x) for x in v) for k, v in (raw.get("supporters") or {}).items()}


@lru_cache(maxsize=1)
def government_militias() -> frozenset[str]:
    """Militias UCDP counts as part of a government's side (`actors` in data/ucdp.yaml mapped to "Government of
    ..."): the National Defence Forces fight with Syria's army, one side with it in any report. (The linker takes
    only militias, ACLED inter 3: UCDP's "Government of Yemen" is the Houthis, whom other outlets oppose to the
    Yemeni state forces.)"""
    raw = read_data_file(data_path("ucdp.yaml"))
    return frozenset(
        str(k) for k, v in (raw.get("actors") or {}).items() if str(v).startswith("Government of ")
    )


def kind_of_action(event_type: str, sub_event_type: str) -> str:
    """The kind of action an ACLED type and sub-type tell, for linking."""
    if sub_event_type in _TERRITORY:
        return "territory"
    if event_type in _FIGHTING_TYPES or sub_event_type in _FIGHTING_SUB_TYPES:
        return "fighting"
    if event_type in _DEMONSTRATION_TYPES:
        return "demonstration"
    return sub_event_type or event_type


@dataclass(frozen=True, slots=True)
class Linker:
    """Decides sameness with an actor registry (alliances, state forces) and a distance."""

    registry: ActorRegistry
    max_km: float = DEFAULT_MAX_KM
    # foreign states whose forces fight for a country's government: {country: its supporters}
    supporters: dict[str, frozenset[str]] = field(default_factory=lambda: foreign_supporters())
    # militias on a government's side (their own country's state forces for linking)
    militias: frozenset[str] = field(default_factory=lambda: government_militias())

    def same_event(self, a: Event, b: Event) -> bool:
        return self.score(a, b) > 0

    def score(self, a: Event, b: Event) -> float:
        """0 when a and b are not the same event; else higher for a closer match (same place name, nearer
        windows, same sub-type)."""
        if kind_of_action(a.event_type, a.sub_event_type) != kind_of_action(b.event_type, b.sub_event_type):
            return 0.0
        gap = _window_gap(a, b)
        if gap is None:
            return 0.0
        place = self.place_match(a.location, b.location)
        sides = self.compatible_sides(a, b)
        if not place:
            # (sides first: they are cheaper than reading the sentences)
            if not (a.evidence or b.evidence) or not sides or not _place_told_by_other(a, b):
                return 0.0
            place = 0.75
        if (
            not sides
            and not (place >= 2 and _short(a) and _short(b) and self._victims_disputed(a, b))
            and not self._same_taker(a, b)
        ):
            return 0.0
        if place < 0.5 and not (
            (_short(a) and _short(b) and _both_sides(a) and _both_sides(b))
            or (
                _one_day(a, b)
                and _place_name(a.location) is None
                and _place_name(b.location) is None
                and self._armed_side_in_common(a, b)
            )
        ):
            # a province alone is too wide, unless both reports name both sides within a week, or both know no
            # more than the province and name one armed side on the same day
            return 0.0
        return place + 1.0 / (1.0 + gap) + (0.5 if a.sub_event_type == b.sub_event_type else 0.0)

    def place_match(self, a: Location, b: Location) -> float:
        """3 the same named place, 2 one named inside the other (or a road and one of the places it joins), 1.5
        names one letter apart (`_close_spelling`), 1 within max_km, 0.5 one told only by its district, which
        holds the other, 0.25 only by its province (see score); 0 different places. (score gives 0.75 to two
        places read apart when one report names the other's place in telling the event: `_place_told_by_other`.)"""
        if a.country and b.country and a.country != b.country:
            return 0.0
        for level in ("admin1", "admin2"):
            x, y = getattr(a, level), getattr(b, level)
            if x and y and not same_name(x, y):
                if level == "admin2" and (same_name(x, b.within) or same_name(y, a.within)):
                    continue  # "Mokolo district" to one, "the Mokolo district in Mayo Tsanaga Division" to the other
                return 0.0
        na, nb = _place_name(a), _place_name(b)
        if na and nb:
            if _same_place_name(na, nb) or _same_gazetteer_place(a, b):
                return 3.0
            if _same_place_name(na, _within_place(b)) or _same_place_name(nb, _within_place(a)):
                return 2.0
            if any(_same_place_name(na, end) for end in road_ends(b)) or any(
                _same_place_name(nb, end) for end in road_ends(a)
            ):
                return 2.0  # "on the road to Ithriya" and "on the Khanasir-Ithriya road": the same road
            if _close_spelling(na, nb):
                return 1.5
            if (
                a.geo_precision == 1
                and b.geo_precision == 1  # coordinates of the places themselves, not of an area holding them
                and a.latitude is not None
                and a.longitude is not None
                and b.latitude is not None
                and b.longitude is not None
                and haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= self.max_km
            ):
                return 1.0
            return 0.0
        # at least one is told only by its area: it must hold the other (its admin2, else its admin1)
        area, other = (a, b) if not na else (b, a)
        if area.admin2:
            return 0.5 if other.admin2 else 0.0
        return 0.25 if area.admin1 and other.admin1 else 0.0  # (only with both sides named: see score)

    def compatible_sides(self, a: Event, b: Event) -> bool:
        """The two events' sides pair up, in either order: each pair the same actor, an alliance and its member,
        state forces of one country, unarmed people (civilians, protesters), or one side not told."""
        return (self._same_side(a.actor1, b.actor1) and self._same_side(a.actor2, b.actor2)) or (
            self._same_side(a.actor1, b.actor2) and self._same_side(a.actor2, b.actor1)
        )

    def _armed_side_in_common(self, a: Event, b: Event) -> bool:
        return any(
            x is not None and y is not None and x.actor.inter not in _UNARMED and self._same_side(x, y)
            for x in (a.actor1, a.actor2)
            for y in (b.actor1, b.actor2)
        )

    def _victims_disputed(self, a: Event, b: Event) -> bool:
        """Both reports name one side alike and disagree on who the other side's people were: civilians to one,
        fighters of an armed party to the other ("a strike killed two farmers", "a strike killed two militants").
        The dead's identity is the claim outlets most often contest; the event is one (the caller asks for the
        same or nested place within a week)."""
        for x1, x2, y1, y2 in (
            (a.actor1, a.actor2, b.actor1, b.actor2),
            (a.actor1, a.actor2, b.actor2, b.actor1),
            (a.actor2, a.actor1, b.actor1, b.actor2),
            (a.actor2, a.actor1, b.actor2, b.actor1),
        ):
            if x1 is None or y1 is None or x2 is None or y2 is None or x1.actor.inter in _UNARMED:
                continue
            if self._same_side(x1, y1) and (x2.actor.inter in _UNARMED) != (y2.actor.inter in _UNARMED):
                return True
        return False

    def _same_taker(self, a: Event, b: Event) -> bool:
        """Both change territory and one armed side took it in both: who took it decides. The side that lost
        it is seldom named and often guessed (a town taken with no named defenders is coded against its police;
        another outlet names the people who fled)."""
        return (
            kind_of_action(a.event_type, a.sub_event_type) == "territory"
            and kind_of_action(b.event_type, b.sub_event_type) == "territory"
            and a.actor1 is not None
            and b.actor1 is not None
            and a.actor1.actor.inter not in _UNARMED
            and self._same_side(a.actor1, b.actor1)
        )

    def _same_side(self, x: ActorMention | None, y: ActorMention | None) -> bool:
        if x is None or y is None:
            return True
        if x.actor.inter in _UNARMED and y.actor.inter in _UNARMED:
            return True  # the same people are protesters to one outlet and civilians to another
        if self.registry.same_side(x.actor.name, y.actor.name):
            return True
        cx, cy = self._state_of(x.actor.name), self._state_of(y.actor.name)
        if cx is None or cy is None:
            return False
        # one country's forces, or a government's and those of a foreign state fighting for it ("a Saudi-led
        # coalition strike" and "a Yemeni government strike" told of one raid)
        return cx == cy or cx in self.supporters.get(cy, ()) or cy in self.supporters.get(cx, ())

    def _state_of(self, name: str) -> str | None:
        """The country whose state forces the actor is, or whose government's side a militia is on (`militias`),
        else None ("Police Forces of Pakistan": Pakistan)."""
        actor = self.registry.get(name)
        if actor is not None and actor.inter != 1 and not (actor.inter == 3 and actor.name in self.militias):
            return None
        if actor is not None and actor.country:
            return actor.country
        head, sep, country = name.rpartition(" of ")
        return country if sep and head.endswith("Forces") else None

    def assign(self, new: Sequence[Event], stored: Sequence[tuple[str, Event]]) -> dict[int, str]:
        """Which stored event (by id) each of one report's new events is, at most one new event per stored
        event: {index in new: stored id}. The pairing with the highest total score (a stored event scores its
        best report event), so a report's two events never fall into one and one event's best match does not
        take the only match of another (an air strike and the car bomb it hit: each to its own)."""
        ids = list(dict.fromkeys(sid for sid, _ in stored))
        if not new or not ids:
            return {}
        column = {sid: k for k, sid in enumerate(ids)}
        scores = np.zeros((len(new), len(ids)))
        for i, e in enumerate(new):
            for sid, s in stored:
                if e.report_id != s.report_id:
                    k = column[sid]
                    scores[i, k] = max(scores[i, k], self.score(e, s))
        rows, cols = linear_sum_assignment(scores, maximize=True)
        return {int(i): ids[k] for i, k in zip(rows, cols, strict=True) if scores[i, k] > 0}


def fold_area_events(events: Sequence[Event], told_apart: set[int], linker: Linker) -> list[Event]:
    """One report's events after geocoding, with an event told only by its province or district folded into an
    event of the same sub-type the gazetteer puts inside that area ("killed in Nangarhar province" in the lead,
    "on a road in Sherzad district this morning" later: one event), when their windows overlap and their sides
    pair up. The text could not nest them (it names no enclosing place), the gazetteer can; an event a
    separate-event marker opened ("in a separate attack") is told apart from the events before it and stays."""
    out = list(events)
    i = 0
    while i < len(out):
        area = out[i]
        inner = next(
            (
                j
                for j, e in enumerate(out)
                if j != i
                and max(i, j) not in told_apart  # (a marker sets an event apart from those told before it)
                and e.sub_event_type == area.sub_event_type
                and _holds(area.location, e.location)
                and _window_gap(area, e) is not None
                and linker.compatible_sides(area, e)
            ),
            None,
        )
        if inner is None:
            i += 1
            continue
        # the folded event takes the place inside the area, however precise its coding
        second = _fold_into_place(out, i, inner, linker.registry)
        told_apart = {k - (k > second) for k in told_apart if k != second}
        i = 0
    return out


def _fold_into_place(out: list[Event], i: int, j: int, registry: ActorRegistry) -> int:
    """Merge out[i] and out[j] into the slot of the one told first, with out[j]'s place and the first's id;
    return the index removed."""
    first, second = sorted((i, j))
    folded = merge([out[first], out[second]], out[first].event_id, registry)
    folded.location = out[j].location
    out[first] = folded
    del out[second]
    return second


def fold_headline_events(events: Sequence[Event], title_end: int, linker: Linker) -> list[Event]:
    """One report's events with each event read from its headline alone (`readers.title_span`; evidence starting
    before title_end) folded into the body event it sums up: of the body events of the same kind of action whose
    windows overlap it and whose sides pair up with it, the one whose place matches best (`Linker.place_match`,
    or one names the other's place), then the one of the same toll, then of the same sub-type, then the first
    told. A headline names the report's story in a few words ("Girl shot as troops storm town"); the body tells
    it with its place and sides, often in other words ("killed" for "shot", the road for the town), and the two
    are one event. The folded event keeps the body's place when the two places match (else the more precise of
    the two, `merge`); a headline with no such body event, or none whose place matches at all, stays."""
    out = list(events)
    for head in [e for e in out if e.evidence and all(x.start < title_end for x in e.evidence)]:
        kind = kind_of_action(head.event_type, head.sub_event_type)
        body = [
            (k, e)
            for k, e in enumerate(out)
            if e.evidence
            and e.evidence[0].start >= title_end
            and kind_of_action(e.event_type, e.sub_event_type) == kind
            and _window_gap(head, e) is not None
            and linker.compatible_sides(head, e)
        ]
        if not body:
            continue
        k, told = max(body, key=lambda item: _headline_fit(head, item[1], -item[0], linker))
        if not _headline_fit(head, told, 0, linker)[0]:
            continue
        i = next(j for j, e in enumerate(out) if e is head)
        folded = merge([head, told], head.event_id, linker.registry)
        if linker.place_match(head.location, told.location):
            folded.location = told.location  # the body's place, named as precisely or more
        out[i] = folded
        del out[k]
    return out


def fold_retold_events(events: Sequence[Event], told_apart: set[str], linker: Linker) -> list[Event]:
    """One report's events with an event told again folded into its first telling: the same sub-type, sides that
    pair up, the same window, the same toll (one or more dead) and the same province. A report tells its story
    in the lead and again in detail further down, often by another place ("killed in the provincial capital";
    "shot on his way home in the Shotorgardan area"), which the text does not nest; two events that agree on
    all of that are one, unless a separate-event marker ("in another attack") set the later apart (told_apart:
    the ids of the events a marker opened). The first telling keeps its place: the retelling's other place is
    often a part of it or a wider name misread."""
    out = list(events)
    i = 0
    while i < len(out):
        j = next(
            (
                k
                for k in range(i + 1, len(out))
                if out[k].event_id not in told_apart and _retells(out[i], out[k], linker)
            ),
            None,
        )
        if j is None:
            i += 1
            continue
        _fold_into_place(out, j, i, linker.registry)  # (into the first telling, with its place)
    return out


def fold_road_events(events: Sequence[Event], linker: Linker) -> list[Event]:
    """One report's events with an event on a road folded into the event the same sentence tells by a named
    place ("clashes near X following an ambush on the Y highway"): both first read from that sentence, of the
    same sub-type, with overlapping windows and sides that pair up. A sentence that tells a fight on a road and
    by a place tells one event along the road, which the place pins down; the folded event keeps that place."""
    out = list(events)
    i = 0
    while i < len(out):
        j = next((k for k, e in enumerate(out) if k != i and _by_the_road(out[i], e, linker)), None)
        if j is None:
            i += 1
            continue
        _fold_into_place(out, i, j, linker.registry)
        i = 0
    return out


def _by_the_road(road: Event, e: Event, linker: Linker) -> bool:
    """road is on a road and e by a named place, both first read from one sentence, of one sub-type, with
    overlapping windows and sides that pair up."""
    return (
        road.location.kind in ROAD_WORDS
        and e.location.kind not in ROAD_WORDS
        and _place_name(e.location) is not None
        and bool(road.evidence)
        and bool(e.evidence)
        and e.evidence[0].start == road.evidence[0].start
        and e.sub_event_type == road.sub_event_type
        and _window_gap(road, e) is not None
        and linker.compatible_sides(road, e)
    )


def _retells(a: Event, b: Event, linker: Linker) -> bool:
    return (
        a.sub_event_type == b.sub_event_type
        and (a.time.date, a.time.date_end) == (b.time.date, b.time.date_end)
        and a.time.date is not None
        and bool(a.fatalities.best)
        and a.fatalities.best == b.fatalities.best
        and a.location.country == b.location.country
        and bool(a.location.admin1)
        and same_name(a.location.admin1, b.location.admin1)
        and linker.compatible_sides(a, b)
    )


def _headline_fit(head: Event, e: Event, order: int, linker: Linker) -> tuple[float, bool, bool, int]:
    place = linker.place_match(head.location, e.location) or (0.75 if _place_told_by_other(head, e) else 0.0)
    toll = head.fatalities.best
    return (place, bool(toll) and e.fatalities.best == toll, e.sub_event_type == head.sub_event_type, order)


def _holds(area: Location, inner: Location) -> bool:
    """area is told only by an admin area (no place of its own) and inner lies in that area and is told more
    precisely (a district in the province, a place in the district, or a place of its own name the gazetteer
    does not know and codes at the area the text puts it in: "the Magway townships of Kyaukhtu"); or area is
    the countryside of a town and
    inner a place the text or the gazetteer puts in that countryside's district ("al-Hadhod village in the
    north Manbij countryside")."""
    if area.kind in RURAL_KINDS and area.name:
        return (
            inner.kind not in RURAL_KINDS
            and inner.geo_precision in (1, 2)
            and not same_name(inner.name, area.name)
            and same_name(inner.admin1, area.admin1)
            and (same_name(inner.within, area.name) or same_name(inner.admin2, area.name))
        )
    if _place_name(area) is not None and area.geo_precision != 3:
        return False
    if area.name and not (same_name(area.name, area.admin1) or same_name(area.name, area.admin2)):
        return False  # a place of its own name, unresolved: not an area
    if not area.admin1 or not same_name(area.admin1, inner.admin1) or area.country != inner.country:
        return False
    if area.admin2:
        return bool(inner.admin2) and same_name(area.admin2, inner.admin2) and inner.geo_precision in (1, 2)
    return bool(inner.admin2) or inner.geo_precision in (1, 2) or _place_name(inner) is not None


def merge(events: Sequence[Event], event_id: str, registry: ActorRegistry) -> Event:
    """The event several reports tell: the most precise date and place, the sides and kind most reports give,
    every claim (each keeps its report in its evidence) and estimates over them all."""
    if not events:
        raise ValueError("merge needs at least one event")
    by_time = min(events, key=_time_rank)
    by_place = min(events, key=_place_rank)
    kinds = Counter((e.event_type, e.sub_event_type) for e in events)
    (event_type, sub_event_type), _ = max(
        kinds.items(),
        key=lambda kv: (kv[1], (kv[0][0], kv[0][1]) == (by_time.event_type, by_time.sub_event_type)),
    )
    base = (
        by_time
        if (by_time.event_type, by_time.sub_event_type) == (event_type, sub_event_type)
        else next(e for e in events if (e.event_type, e.sub_event_type) == (event_type, sub_event_type))
    )
    actor1, actor2 = base.actor1, base.actor2
    for e in events:  # a side another report names
        if actor1 is None and e.actor1 is not None and not _is(e.actor1, actor2, registry):
            actor1 = e.actor1
        if actor2 is None and e.actor2 is not None and not _is(e.actor2, actor1, registry):
            actor2 = e.actor2
    merged = Event(
        report_id=base.report_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        location=by_place.location,
        time=by_time.time,
        assoc_actor_1=_union(e.assoc_actor_1 for e in events),
        assoc_actor_2=_union(e.assoc_actor_2 for e in events),
        trigger=base.trigger,
        event_id=event_id,
    )
    for e in events:
        for c in e.claims:
            group = c.subject_group
            side = _name(e.actor1) if group == "actor1" else _name(e.actor2) if group == "actor2" else None
            if side is not None:  # the claim's side, named as the merged event names its sides
                group = (
                    "actor1"
                    if _is_name(side, _name(actor1), registry)
                    else "actor2"
                    if _is_name(side, _name(actor2), registry)
                    else "unknown"
                )
            merged.claims.append(replace(c, subject_group=group))
        merged.evidence.extend(e.evidence)
    apply_estimates(merged)
    merged.notes = summarise(merged)
    return merged


def _time_rank(e: Event) -> tuple[int, int]:
    t = e.time
    width = (t.date_end - t.date).days if t.date and t.date_end else 10_000
    return (t.time_precision or 9, width)


def _place_rank(e: Event) -> tuple[int, int, int]:
    loc = e.location
    return (loc.geo_precision or 9, 0 if loc.name else 1, 0 if loc.latitude is not None else 1)


def _window_gap(a: Event, b: Event) -> float | None:
    """None when the windows do not overlap (or a date is unknown); else the days between their middles."""
    a0, a1 = a.time.date, a.time.date_end or a.time.date
    b0, b1 = b.time.date, b.time.date_end or b.time.date
    if a0 is None or b0 is None or a1 is None or b1 is None:
        return None
    if a0 > b1 or b0 > a1:
        return None
    mid_a = a0.toordinal() + (a1 - a0).days / 2
    mid_b = b0.toordinal() + (b1 - b0).days / 2
    return abs(mid_a - mid_b)


def _same_place_name(a: str | None, b: str | None) -> bool:
    """Place names equal under spelling and transliteration variants ("Al-Baghouz" = "Baghouz"), and with an
    Arabic generic first word or without ("Sahl al-Ghab" = "Ghab")."""
    if not a or not b:
        return False
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False  # "Post 12" and "Post 13", "Block 2" and "Block 3": the number names the place
    if same_name(a, b) or skeleton(a) == skeleton(b) or bool(place_skeletons(a) & place_skeletons(b)):
        return True
    sa, sb = specific_name(a), specific_name(b)  # "Sahl al-Ghab" and "the Ghab plain"
    return (sa, sb) != (a, b) and _same_place_name(sa, sb)


# Transliteration keys shorter than this are too common to be told apart by one letter.
_CLOSE_KEY_MIN = 5


def _close_spelling(a: str, b: str) -> bool:
    """Two spellings of one name one letter apart in their transliteration keys: a letter for another or two
    swapped ("Kasanfara" ~ "Kansafrah", "Um al-Mayazen" ~ "Umm al-Mayadhin"); the first letters agree, and the
    keys have at least _CLOSE_KEY_MIN letters. Weaker than a same name: the caller asks the province to agree.
    Names with digits never match so ("Post 12" and "Post 13" are two posts: transliteration changes letters)."""
    if _DIGITS.search(a + b):
        return False
    keys_a = place_skeletons(a) | {skeleton(a)}
    keys_b = place_skeletons(b) | {skeleton(b)}
    return any(
        min(len(x), len(y)) >= _CLOSE_KEY_MIN and x[0] == y[0] and _one_edit_apart(x, y)
        for x in keys_a
        for y in keys_b
    )


def _one_edit_apart(x: str, y: str) -> bool:
    """x and y differ by exactly one letter changed, added or dropped, or two neighbours swapped."""
    if x == y or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        diff = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and x[i] == y[j] and x[j] == y[i]
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _same_gazetteer_place(a: Location, b: Location) -> bool:
    """Both names resolved to one gazetteer place itself ("Ain al-Arab" and "Kobani" are one town's two
    names); a precision-2 place lies near or in it, which is no sameness."""
    return (
        a.gazetteer_id is not None
        and a.gazetteer_id == b.gazetteer_id
        and a.geo_precision == 1
        and b.geo_precision == 1
        and not a.gazetteer_id.startswith(("admin", "country"))
    )


def _within_place(loc: Location) -> str | None:
    """The place the text or the gazetteer puts this one in: the text's enclosing place unless it is the
    province ("Al-Muzayrib in Daraa" names the province, which a town called Daraa does not hold), else the
    known place a part-of place was resolved to (precision 2: "a quarter of Tamu")."""
    w = loc.within
    if w and not same_name(w, loc.admin1):
        return w
    if loc.geo_precision == 2 and loc.gazetteer_name and not _same_place_name(loc.gazetteer_name, loc.name):
        return loc.gazetteer_name
    return None


def _place_name(loc: Location) -> str | None:
    """The place's name, None when the name is only its province or district told as a place ("fighting in
    Diyala", "firing in Poonch district")."""
    if loc.name and loc.geo_precision == 3 and same_name(loc.name, loc.admin1) and not loc.admin2:
        return None
    if loc.name and loc.geo_precision == 3 and loc.admin2 and same_name(loc.name, loc.admin2):
        return None
    if loc.name and loc.geo_precision == 3 and (loc.gazetteer_id or "").startswith("admin2:"):
        return None  # a district the gazetteer knows by another spelling ("Poonch", coded Punch)
    return loc.name


def _place_told_by_other(a: Event, b: Event) -> bool:
    """Two places read apart (`place_match` 0) are one when one event's place is named, capitalised, in the
    sentences the other event was read from (one outlet's event at "Tor Ghar", another's at "the Sabzi Mandi
    market of Tor Ghar"): the other report tells the event there too, whatever place its own reading chose or
    wherever its geocoding put that. A name that is also a province's is no evidence ("Idlib"), nor one under
    four letters (`_own_names`). An event told only by its province links so to a place its sentences name in
    that province, or to an event the other report tells on that province's border (`_on_border_of`)."""
    own_a, own_b = _own_names(a.location), _own_names(b.location)
    if not own_a and not own_b:
        return False
    a_area = not own_a and _place_name(a.location) is None
    if a_area or (not own_b and _place_name(b.location) is None):
        # one event is told only by its province ("in the Idlib countryside"), and its sentences name the
        # other's place in that province ("near the al-Burayj front line"); a place of another province,
        # however often named, is no evidence. (A place of its own too short to look for, "Qah", is no
        # province: its sentences are searched for the other's place as any place's are.)
        area, other, names = (a, b, own_b) if a_area else (b, a, own_a)
        if same_name(area.location.admin1, other.location.admin1):
            return any(_names_place(area, name) for name in names)
        # ... or the other tells its place on the border of the area's province ("at Kili Sher in Balochistan,
        # close to the border with Sindh"): the event lies on both sides of it
        province = area.location.admin1
        if not province:
            return False
        return _on_border_of(other, province)
    return any(_names_place(b, name) for name in own_a) or any(_names_place(a, name) for name in own_b)


def _on_border_of(e: Event, province: str) -> bool:
    """One of the sentences e was read from names the province, capitalised, beside a border word ("the border
    between A in X and B in Y", "near the boundary with X")."""
    pattern = _name_pattern(province)
    return any(
        _BORDER_WORDS.search(text) and _capitalised_in(text, pattern)
        for text in (_folded(x.text) for x in e.evidence)
    )


_BORDER_WORDS = re.compile(r"\b(?:border|borders|boundary|boundaries|frontier)\b", re.IGNORECASE)


def _own_names(loc: Location) -> list[str]:
    names = (_place_name(loc), _within_place(loc))
    return [
        n for n in names if n and len(n) >= 4 and not (same_name(n, loc.admin1) or same_name(n, loc.country))
    ]


def _names_place(e: Event, name: str) -> bool:
    if not e.evidence or same_name(name, e.location.admin1):
        return False
    pattern = _name_pattern(name)
    return any(_capitalised_in(_folded(x.text), pattern) for x in e.evidence)


def _capitalised_in(text: str, pattern: re.Pattern[str]) -> bool:
    """The name the pattern spells stands in the text as a name, capitalised ("shot" is no "Shot")."""
    return any(any(c.isupper() for c in m.group()) for m in pattern.finditer(text))


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    """The name's letters in order, a hyphen, space or apostrophe allowed between any two ("Deir Ezzor" finds
    "Deir ez-Zor", "Al-Sukhnah" finds "al Sukhnah")."""
    letters = [c for c in _folded(name) if c.isalnum()]
    return re.compile(r"\b" + r"[-\s'’]?".join(map(re.escape, letters)) + r"\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """The text without diacritics (one letter for one), for finding a name in a sentence."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _short(e: Event) -> bool:
    first, last = e.time.date, e.time.date_end or e.time.date
    return first is not None and last is not None and (last - first).days < 7


def _one_day(a: Event, b: Event) -> bool:
    """Both dated to the same one day."""
    return (
        a.time.time_precision == 1
        and b.time.time_precision == 1
        and a.time.date is not None
        and a.time.date == b.time.date
        and (a.time.date_end or a.time.date) == a.time.date
        and (b.time.date_end or b.time.date) == b.time.date
    )


def _both_sides(e: Event) -> bool:
    return e.actor1 is not None and e.actor2 is not None


def _name(m: ActorMention | None) -> str | None:
    return m.actor.name if m is not None else None


def _is(a: ActorMention, b: ActorMention | None, registry: ActorRegistry) -> bool:
    return b is not None and _is_name(a.actor.name, b.actor.name, registry)


def _is_name(a: str | None, b: str | None, registry: ActorRegistry) -> bool:
    return a is not None and b is not None and registry.same_side(a, b)


def _union(lists: Iterable[list[str]]) -> list[str]:
    out: list[str] = []
    for names in lists:
        out.extend(n for n in names if n not in out)
    return out

"""The geo stage: an event's Location (the name and hierarchy the text gives) -> a gazetteer place.

`GazetteerResolver` picks, among the gazetteer's places of that name, the one the report supports (codebook
"Location"): the report's country first, then the text's own hierarchy ("the Zehri area of Khuzdar district,
Balochistan"), closeness to the other places the report names, the kind of place the text says it is (a town, a
district) and population. A name the gazetteer does not know keeps its name and takes the coordinates of the
smallest known enclosing area the text gives; it never takes a same-named place in another country than the
report's. `TextOnlyResolver` keeps only what the text says (no gazetteer).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from .gazetteer import AREA_TYPE_WORDS, haversine_km, name_keys, single_letters
from .places import PlaceIndex, PlaceMention
from .places import lexicon as place_lexicon
from .records import Location

if TYPE_CHECKING:
    from .actors import ActorRegistry
    from .gazetteer import Gazetteer, Place


@dataclass(slots=True)
class GeoContext:
    """What the rest of the report says about places: its country and every place name it mentions."""

    country: str | None = None
    places: list[str] = field(default_factory=list)  # every place mention's name, in text order
    index: PlaceIndex = field(default_factory=PlaceIndex)  # the text's own hierarchy of those places
    lead: frozenset[str] = frozenset()  # the names mentioned in the title or lead


class Resolver(Protocol):
    def resolve(self, location: Location, context: GeoContext | None = None) -> Location: ...


class TextOnlyResolver:
    """Keeps what the text says: name, enclosing place, admin areas and the text's precision, no coordinates."""

    def resolve(self, location: Location, context: GeoContext | None = None) -> Location:
        return location


def display_name(name: str | None) -> str | None:
    """A gazetteer admin name as exports show it: no diacritics, no trailing type word ("Khuzdār District" ->
    "Khuzdar")."""
    if not name:
        return name
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = plain.split()
    if len(words) > 1 and words[-1].lower() in AREA_TYPE_WORDS:
        words = words[:-1]
    return " ".join(words)


def same_name(a: str | None, b: str | None) -> bool:
    """Lenient place-name equality: case, diacritics, type words, an Arabic article, word breaks and doubled
    letters ignored ("Nay Pyi Taw" = "Naypyitaw", "Shabele" = "Shabelle")."""
    if not a or not b:
        return False
    return bool(_compact_keys(a) & _compact_keys(b))


@lru_cache(maxsize=1 << 14)
def _compact_keys(name: str) -> frozenset[str]:
    return frozenset(single_letters(key.replace(" ", "")) for key in name_keys(name))


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


# Type words of a road, whose name may be the two places it joins ("the Damascus-Deir Ezzor highway").
_ROAD_KINDS = frozenset({"road", "highway", "bypass"})
_ROAD_ENDS = re.compile(r"\s*[-–]\s*(?=[A-Z])")


def road_ends(location: Location) -> tuple[str, ...]:
    """The two places a road is named by ("the Khanasir-Ithriya road": Khanasir, Ithriya); () for a place that
    is no road or a road not named so."""
    if location.kind not in _ROAD_KINDS or not location.name:
        return ()
    parts = tuple(p.strip() for p in _ROAD_ENDS.split(location.name))
    return parts if len(parts) == 2 and all(parts) else ()


# How much a place name's country vote counts against a country name's or an actor's (see place_votes).
PLACE_WEIGHT = 1.5
# A small place this far from all the report's other places is taken for an unlisted namesake (_far_homonym).
FAR_HOMONYM_POPULATION = 10_000
FAR_HOMONYM_KM = 250.0
_ADMIN_LEVELS = ("admin1", "admin2")

# A town matched only by its consonant skeleton votes on the report's focal area from this population up (_focus).
FOCUS_WEAK_POPULATION = 10_000


@dataclass(slots=True)
class Scored:
    """A candidate place and why it was chosen (shown by `khabar geo`)."""

    place: Place
    score: float
    reasons: list[str]


class GazetteerResolver:
    """Resolves Locations against a Gazetteer; one per Extractor (it caches look-ups)."""

    def __init__(self, gazetteer: Gazetteer, registry: ActorRegistry):
        self.gazetteer = gazetteer
        self.registry = registry
        self._strength: dict[tuple[str, str], int] = {}
        self._lookup = lru_cache(maxsize=4096)(self._candidates)

    # ------------------------------------------------------------------------------------------------------
    # Look-ups

    def _candidates(self, name: str, cc: str | None, weak: bool) -> tuple[Place, ...]:
        full = place_lexicon().abbreviations.get(name)  # "J&K" is looked up as "Jammu and Kashmir"
        found = self.gazetteer.lookup(full or name, cc, weak=weak)
        for place, strength in found:
            self._strength[(name, place.id)] = strength
        return tuple(place for place, _ in found)

    def strength(self, name: str, place: Place) -> int:
        """How the name matched the place: 3 its own name ... 1 an alternate name, 0 a variant of one, -1 only
        the phonetic skeleton (gazetteer.Gazetteer.lookup)."""
        return self._strength.get((name, place.id), 3)

    def candidates(self, name: str, cc: str | None) -> tuple[Place, ...]:
        """Places of that name (spelling variants included), else of a similar-sounding name, in country cc."""
        found = self._lookup(name, cc, False)
        if not found and cc is not None:
            found = self._lookup(name, cc, True)  # transliteration variants: Mangochar / Manguchar
        return found

    def enclosing_level(self, outer: str, inner: str, cc: str | None) -> str | None:
        """ "admin1" or "admin2" when an admin area of country cc named `outer` holds a place named `inner`
        ("Coatzacoalcos, Veracruz": the state of Veracruz holds Coatzacoalcos), else None."""
        if cc is None:
            return None
        areas = [p for p in self.candidates(outer, cc) if p.level in ("admin1", "admin2")]
        if not areas:
            return None
        held = [p for p in self.candidates(inner, cc) if p.level in ("place", "admin2")]
        for area in sorted(areas, key=lambda a: a.level):  # admin1 before admin2
            if any(
                same_name(getattr(p, area.level), getattr(area, area.level)) for p in held if p.id != area.id
            ):
                return area.level
        return None

    def _area(self, name: str | None, cc: str | None, level: str, within: list[Place]) -> Place | None:
        """The admin area (or, failing that, the place) a name in the text's hierarchy means."""
        if not name:
            return None
        cands = [p for p in self.candidates(name, cc) if p.level in (level, "place", "admin2", "admin1")]
        if not cands:
            return None
        ranked = self.rank(cands, Location(name=name), GeoContext(), anchors=within, text_level=level)
        return ranked[0].place if ranked else None

    # ------------------------------------------------------------------------------------------------------
    # Scoring

    def rank(
        self,
        cands: Iterable[Place],
        location: Location,
        context: GeoContext,
        anchors: list[Place] | None = None,
        text_level: str = "place",
        admin1: Place | None = None,
        admin2: Place | None = None,
    ) -> list[Scored]:
        """Candidates best first. Rules, in order of weight: the text's own admin areas (+3 each when they
        agree, -3 when they contradict); the kind of place the text says (+2 an area named as a district or
        province, +1 a settlement for a plain name); closeness to the enclosing and other places of the report
        (+2 within 30 km, +1 within 100 km, -1 beyond 500 km); population (up to +2)."""
        out: list[Scored] = []
        text_admin1 = admin1.admin1 if admin1 is not None else location.admin1
        text_admin2 = admin2.admin2 if admin2 is not None else location.admin2
        for p in cands:
            score, why = 0.0, list[str]()
            if text_admin1 and p.admin1:
                if same_name(p.admin1, text_admin1) or same_name(p.admin1, location.admin1):
                    score, why = score + 3, [*why, f"in {p.admin1} as the text says"]
                else:
                    score, why = score - 3, [*why, f"in {p.admin1}, not {text_admin1}"]
            if text_admin2 and p.admin2 and p.level != "admin1":
                if same_name(p.admin2, text_admin2) or same_name(p.admin2, location.admin2):
                    score, why = score + 3, [*why, f"in {p.admin2} as the text says"]
                elif p.level != "admin2":
                    score, why = score - 2, [*why, f"in {p.admin2}, not {text_admin2}"]
            if text_level in ("admin1", "admin2") and p.level == text_level:
                score, why = score + 2, [*why, f"an {text_level} area, as the text says"]
            elif text_level == "place" and p.level == "place":
                score, why = score + 1, [*why, "a settlement"]
            near = [a for a in (anchors or []) if a.id != p.id]
            if near:
                d = min(_km(p, a) for a in near)
                if d <= 30:
                    score, why = score + 2, [*why, f"{d:.0f} km from another place of the report"]
                elif d <= 100:
                    score, why = score + 1, [*why, f"{d:.0f} km from another place of the report"]
                elif d > 500:
                    score, why = score - 1, [*why, f"{d:.0f} km from the report's other places"]
            pop = min(2.0, math.log10(p.population + 1) / 3)
            score += pop
            if pop >= 1:
                why = [*why, f"population {p.population:,}"]
            out.append(Scored(p, round(score, 3), why))
        out.sort(key=lambda s: (-s.score, -s.place.population, s.place.id))
        return out

    # ------------------------------------------------------------------------------------------------------
    # Resolution

    def resolve(self, location: Location, context: GeoContext | None = None) -> Location:
        return self._resolve(location, context or GeoContext(), at_town=True)

    def report_area(self, context: GeoContext) -> Location | None:
        """The admin area the report's places point to most (its focus areas; no town), or None."""
        area = self._resolve(Location(name=None, country=context.country), context, at_town=False)
        return area if area.admin1 else None

    def _resolve(self, location: Location, ctx: GeoContext, at_town: bool) -> Location:
        country = location.country or ctx.country
        cc = self.registry.iso2(country) if country else None
        other = self._typed_area_country(location, cc)
        if other is not None:
            # "near Kutulo in Mandera county" in a report about Somalia's al-Shabaab: the text's own area lies
            # in Kenya only, and places the event there
            cc, country = other, self.registry.country_of_iso2(other) or country
        # The enclosing areas the text names, outer first; each narrows the next.
        a1 = self._area(location.admin1, cc, "admin1", [])
        a2 = self._area(location.admin2, cc, "admin2", [a for a in (a1,) if a])
        if a1 is None and a2 is not None and a2.level == "admin1":
            # "Mandera county": a county is a province in Kenya, a district elsewhere
            a1, a2 = a2, None
            location = replace(location, admin1=location.admin1 or location.admin2, admin2=None)
        within = self._area(location.within, cc, "place", [a for a in (a2, a1) if a])
        others = self._report_places(ctx, cc, exclude=location.name)
        if (
            within is not None
            and location.within
            and self._far_homonym(within, self.strength(location.within, within), others, a1, a2)
        ):
            within = None  # "Kamor Bahaw in Kutulo": an unlisted Kutulo, not a Kitale far from the report
        anchors = [a for a in (within, a2) if a is not None] + others
        text_level = "place"
        if location.name and location.name == location.admin2:
            text_level = "admin2"
        elif location.name and location.name == location.admin1:
            text_level = "admin1"
        best: Scored | None = None
        if location.name:
            cands = self.candidates(location.name, cc)
            ranked = self.rank(cands, location, ctx, anchors, text_level, admin1=a1, admin2=a2)
            if ranked and (cc is not None or ranked[0].score > 0):
                best = ranked[0]
            if best is not None and self._far_homonym(
                best.place, self.strength(location.name, best.place), anchors, a1, a2, within
            ):
                best = None
            if best is not None and self._outside(best.place, a1, a2):
                # no place of that name where the text puts it: an unlisted one, in the text's area
                best = None
        if best is None and location.name and location.kind in _ROAD_KINDS:
            ends = self._road_ends(location, cc)
            if ends is not None:
                return ends
        if best is not None:
            out = self._placed(location, best.place, country, text_level)
            if location.admin2 and a2 is None and best.place.level == "place":
                # "Oku, Bui Division": the text names the district, which the gazetteer does not know (its
                # districts come from its places); the text's word stands over the district the gazetteer
                # derived for the place
                out.admin2 = location.admin2
            return out
        # Unknown (or no) name: the smallest known enclosing area's coordinates, with the matching precision.
        # Without one in the text, an unknown name is taken to lie where the report is: the district of the
        # report's most mentioned known place (in the text's province, if it names one).
        if location.name and within is None and a2 is None:
            part_of = self._part_of(location.name, ctx, country)
            if part_of is not None:
                # "Zehri Kochu" in a report about Zehri: a part of a place the report places
                out = replace(part_of, name=location.name, start=location.start, end=location.end)
                out.within = part_of.name
                out.geo_precision = 2
                return out
        focus1, focus2, town = None, None, None
        if within is None and a2 is None:
            focus1, focus2, town = self._focus(ctx, cc, a1, exclude=location.name)
        if (
            at_town
            and not location.name
            and town is not None
            and (a1 is None or same_name(town.admin1, a1.admin1))
        ):
            # no place of its own: the event lies at the town the report is about (its most told place)
            out = self._placed(location, town, country, "place")
            out.name, out.geo_precision = town.name, 2
            return out
        a1 = a1 or focus1
        for area, precision in ((within, 2), (a2, 2 if location.name else 3), (focus2, 2), (a1, 3)):
            if area is not None:
                out = self._placed(location, area, country, text_level)
                if area is within and location.admin2 and a2 is None:
                    out.admin2 = location.admin2  # the text's district stands, as for a known place above
                out.name, out.start, out.end = location.name, location.start, location.end
                out.gazetteer_id, out.gazetteer_name = area.id, area.name
                out.geo_precision = precision if location.name else 3
                out.within = location.within
                return out
        if cc is not None:
            area = self.gazetteer.get(f"country:{cc}")
            if area is not None:
                out = replace(location, latitude=area.latitude, longitude=area.longitude)
                out.gazetteer_id, out.gazetteer_name = area.id, area.name
                out.country = country
                out.geo_precision = 3
                return out
        return location

    def explain(self, query: str, country: str | None = None) -> tuple[Location, list[Scored]]:
        """`khabar geo "Zehri, Khuzdar"`: the query's first part read inside the later ones (as a report's
        "X area of Y, Z" would be); the resolved Location and every candidate, best first, with reasons."""
        parts = [p.strip() for p in query.split(",") if p.strip()]
        if not parts:
            return Location(name=None), []
        cc = self.registry.iso2(country) if country else None
        enclosing = [self._area(p, cc, "place", []) for p in parts[1:]]
        anchors = [a for a in enclosing if a is not None]
        location = Location(name=parts[0], country=country)
        for a in anchors:
            if a.level == "admin1":
                location.admin1 = location.admin1 or a.name
            elif a.level == "admin2" or a.admin2:
                location.admin2 = location.admin2 or (a.name if a.level == "admin2" else a.admin2)
                location.admin1 = location.admin1 or a.admin1
        if cc is None and anchors:
            cc = anchors[0].country_code
            location.country = self.registry.country_of_iso2(cc)
        ctx = GeoContext(country=location.country, places=parts)
        ranked = self.rank(self.candidates(parts[0], cc), location, ctx, anchors)
        return self.resolve(location, ctx), ranked

    def place_votes(
        self,
        names: Iterable[str],
        lead: Iterable[str] = (),
        parents: Mapping[str, str] | None = None,
        levels: Mapping[str, str] | None = None,
    ) -> dict[str, float]:
        """Country votes from the report's place names, for ActorRegistry.infer_country.

        Rule: a name votes for the countries that have a place of that name, its vote shared by population
        (a name only one country has is a whole vote; "Kalat", which Pakistan and Iran both have, mostly goes to
        the larger place). Names found in more than five countries ("Victoria") are too ambiguous to vote. A name
        in `lead` (the title and first sentences) votes LEAD_WEIGHT times, as country names do there. A place
        votes PLACE_WEIGHT: where something happened says more about the country than who did it (armed groups
        cross borders). A name the text places inside another ("Bali, North West Region", `parents`) votes only
        for the countries where a place of that name lies in an area of the other's name, when there is one, and
        not at all when the other is a known admin area holding no place of that name (an unlisted village). A
        name the text types as an admin area ("the North West region", `levels`) votes only for the countries
        with an admin area of that name, when there are any (not for a village called Northwest)."""
        from .actors import LEAD_WEIGHT

        lead_names = set(lead)
        votes: dict[str, float] = {}
        for name in names:
            by_country: dict[str, float] = {}
            found = [p for p in self._lookup(name, None, False) if p.level != "country"]
            if (levels or {}).get(name) in _ADMIN_LEVELS:
                found = [p for p in found if p.level in _ADMIN_LEVELS] or found
            parent = (parents or {}).get(name)
            if parent:
                inside = [p for p in found if same_name(p.admin1, parent) or same_name(p.admin2, parent)]
                areas = [p for p in self._lookup(parent, None, False) if p.level in ("admin1", "admin2")]
                # "Kani Township, Sagaing Region": no Kani the gazetteer knows lies in a Sagaing it knows, so
                # this Kani is unlisted and votes for no country (not for Kani in Japan)
                found = inside or ([] if areas else found)
            for p in found:
                by_country[p.country_code] = max(by_country.get(p.country_code, 0.0), float(p.population) + 1)
            if not by_country or len(by_country) > 5:
                continue
            total = sum(by_country.values())
            weight = PLACE_WEIGHT * (LEAD_WEIGHT if name in lead_names else 1.0)
            for code, pop in by_country.items():
                country = self.registry.country_of_iso2(code)
                if country:
                    votes[country] = votes.get(country, 0.0) + weight * pop / total
        return votes

    def _part_of(self, name: str, ctx: GeoContext, country: str | None) -> Location | None:
        """For a name whose first words are another place of the report ("Zehri Kochu", "Quetta Cantonment"),
        that place, resolved through the text's hierarchy; None otherwise."""
        words = name.split()
        known = set(ctx.places)
        for k in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:k])
            if prefix in known and prefix != name:
                level = ctx.index.levels.get(prefix, "place")
                loc = ctx.index.location(PlaceMention(prefix, 0, 0, -1, -1, level=level), country)
                loc.start = loc.end = None
                inner = GeoContext(country=ctx.country, places=[p for p in ctx.places if p != name])
                placed = self.resolve(loc, inner)
                return placed if placed.latitude is not None else None
        return None

    def _typed_area_country(self, location: Location, cc: str | None) -> str | None:
        """The one other country with an admin area of the name the text encloses the place in, when country cc
        has none of that name; else None. An enclosing area the text names is read where it exists."""
        if cc is None:
            return None
        for name in (location.admin2, location.admin1):
            if not name:
                continue
            if any(p.level in _ADMIN_LEVELS for p in self.candidates(name, cc)):
                return None
            elsewhere = {
                p.country_code
                for p in self._lookup(name, None, False)
                if p.level in _ADMIN_LEVELS and self.strength(name, p) >= 1
            }
            if len(elsewhere) == 1:
                return elsewhere.pop()
        return None

    @staticmethod
    def _outside(place: Place, admin1: Place | None, admin2: Place | None) -> bool:
        """The place lies outside the admin area the text encloses it in ("Kutulo, in Mandera" read as a town of
        another county)."""
        if place.level != "place":
            return False
        if admin1 is not None and place.admin1 and not same_name(place.admin1, admin1.admin1):
            return True
        return admin2 is not None and bool(place.admin2) and not same_name(place.admin2, admin2.admin2)

    def _far_homonym(self, place: Place, strength: int, anchors: list[Place], *given: Place | None) -> bool:
        """A small place (under FAR_HOMONYM_POPULATION), or one matched only by an alternate name, far (over
        FAR_HOMONYM_KM) from every other place of the report, when the text gives no enclosing area, is more
        likely an unlisted village of that name where the report is: it is then treated as unknown."""
        others = [a for a in anchors if a.id != place.id]
        if any(g is not None for g in given) or not others or place.level != "place":
            return False
        if place.population >= FAR_HOMONYM_POPULATION and strength >= 2:
            return False
        return min(_km(place, a) for a in others) > FAR_HOMONYM_KM

    def _focus(
        self, ctx: GeoContext, cc: str | None, admin1: Place | None, exclude: str | None = None
    ) -> tuple[Place | None, Place | None, Place | None]:
        """The report's focal areas: the admin1 area its other place mentions point to most, inside it the
        admin2 area holding at least half of the votes of names inside that admin1 (else None; the province's
        own name, which holds every district in it, does not count against one), and the town or village
        holding at least half of the admin1's votes (else None).

        Rule: each mention (other than `exclude`) of a name the gazetteer knows in the report's country votes
        for the admin areas of that name's most populous reading; a mention in the title or lead votes
        LEAD_WEIGHT times. A name matched only by its consonant skeleton votes only when it reads as an admin
        area or a town of FOCUS_WEAK_POPULATION or more (a small weak match is as likely a different village),
        and a town so matched not when it lies over FAR_HOMONYM_KM from every place the report names by a full
        name ("Kutulo" read as Kitale, across the country from the report's Mandera). Inside `admin1` when the
        text names one."""
        from .actors import LEAD_WEIGHT

        if cc is None:
            return None, None, None
        votes1: dict[str, float] = {}
        votes2: dict[tuple[str, str], float] = {}
        votes_place: dict[str, tuple[float, Place]] = {}
        below1: dict[str, float] = {}  # votes from names inside an admin1, not the admin1 itself
        named = self._report_places(ctx, cc, exclude=None)
        for name in ctx.places:
            if name == exclude:
                continue
            cands = []
            for p in self.candidates(name, cc):
                if p.level not in ("place", "admin2", "admin1") or not p.admin1:
                    continue
                if admin1 is not None and not same_name(p.admin1, admin1.admin1):
                    continue
                weak = self.strength(name, p) < 0
                if weak and p.level == "place" and p.population < FOCUS_WEAK_POPULATION:
                    continue
                if weak and p.level == "place" and named and min(_km(p, a) for a in named) > FAR_HOMONYM_KM:
                    continue
                cands.append(p)
            if not cands:
                continue
            p = max(cands, key=lambda c: (self.strength(name, c) >= 0, c.population))
            weight = LEAD_WEIGHT if name in ctx.lead else 1.0
            in1 = p.admin1 or ""  # every candidate kept has one
            votes1[in1] = votes1.get(in1, 0.0) + weight
            if p.level != "admin1":
                below1[in1] = below1.get(in1, 0.0) + weight
            admin2 = p.name if p.level == "admin2" else self._admin2_name(p) if p.level == "place" else None
            if admin2:
                votes2[(in1, admin2)] = votes2.get((in1, admin2), 0.0) + weight
            # the town the name means: the reading itself, or the seat an admin2 area is named after ("Reynosa")
            town = p if p.level == "place" else None
            if p.level == "admin2":
                town = next(
                    (
                        c
                        for c in cands
                        if c.level == "place" and same_name(c.name, p.name) and c.admin1 == p.admin1
                    ),
                    None,
                )
            if town is not None and self.strength(name, town) >= 0:
                votes_place[town.id] = (votes_place.get(town.id, (0.0, town))[0] + weight, town)
        if not votes1:
            return None, None, None
        top1 = max(votes1, key=lambda a: votes1[a])  # ties: the first mentioned
        area1 = admin1 or self.gazetteer.admin_area(cc, top1)
        inside = {k: v for k, v in votes2.items() if k[0] == top1}
        area2 = None
        if inside:
            top2 = max(inside, key=lambda k: inside[k])
            if inside[top2] >= below1.get(top1, 0.0) / 2:
                area2 = self.gazetteer.admin_area(cc, top1, top2[1])
        town = None
        towns = [v for v in votes_place.values() if v[1].admin1 == top1]
        if towns:
            n, best = max(towns, key=lambda v: v[0])
            if n >= votes1[top1] / 2:
                town = best
        return area1, area2, town

    def _admin2_name(self, place: Place) -> str | None:
        """The place's admin2; for a town the data leaves without one, the admin2 area of its admin1 that bears
        its name (districts are commonly named after their seat: Kalat District, Kalat town)."""
        if place.admin2 or place.level != "place" or not place.admin1:
            return place.admin2
        for cand in self._lookup(place.name, place.country_code, False):
            if cand.level == "admin2" and same_name(cand.admin1, place.admin1):
                return cand.name
        return None

    def _road_ends(self, location: Location, cc: str | None) -> Location | None:
        """ "The Paraje Nuevo-Potrero Nuevo highway": a road named by the places it joins lies in their admin area
        when both lie in one (their admin1, and their admin2 if they share it), at precision 2; None when the
        name has no two ends the gazetteer knows in one admin1."""
        parts = road_ends(location)
        if not parts:
            return None
        ends = []
        for part in parts:
            cands = self.candidates(part, cc)
            places = [c for c in cands if c.level == "place"]
            if not places:
                return None
            ends.append(max(places, key=lambda c: c.population))
        a, b = ends
        if a.country_code != b.country_code or not a.admin1 or a.admin1 != b.admin1:
            return None
        area = None
        if a.admin2 and a.admin2 == b.admin2:
            area = self.gazetteer.admin_area(a.country_code, a.admin1, a.admin2)
        area = area or self.gazetteer.admin_area(a.country_code, a.admin1)
        if area is None:
            return None
        country = self.registry.country_of_iso2(a.country_code) or a.country
        out = self._placed(location, area, country, "place")
        out.geo_precision = 2
        return out

    def _placed(self, location: Location, place: Place, country: str | None, text_level: str) -> Location:
        out = replace(location)
        out.latitude, out.longitude, out.gazetteer_id = place.latitude, place.longitude, place.id
        out.gazetteer_name = place.name
        out.country = self.registry.country_of_iso2(place.country_code) or place.country or country
        out.admin1 = display_name(place.admin1) or location.admin1
        if place.level == "admin1":
            out.admin1 = display_name(place.name)
        out.admin2 = display_name(self._admin2_name(place)) or location.admin2
        if place.level == "admin2":
            out.admin2 = display_name(place.name)
        if place.level in ("admin1", "admin2", "country"):
            out.geo_precision = 3
        elif out.geo_precision is None:
            out.geo_precision = 1
        return out

    def _report_places(self, ctx: GeoContext, cc: str | None, exclude: str | None) -> list[Place]:
        """The most likely place for each other name of the report (for closeness), most populous reading."""
        out: list[Place] = []
        for name in dict.fromkeys(ctx.places):
            if name == exclude:
                continue
            cands = self._lookup(name, cc, False)
            if cands:
                out.append(max(cands, key=lambda p: p.population))
        return out[:12]


def default_resolver(registry: ActorRegistry | None = None, gazetteer: Gazetteer | None = None) -> Resolver:
    """The gazetteer resolver when a registry is given (opening, and on first use building, the gazetteer)."""
    if registry is None:
        return TextOnlyResolver()
    if gazetteer is None:
        from .gazetteer import Gazetteer

        gazetteer = Gazetteer.open()
    return GazetteerResolver(gazetteer, registry)

"""The geo stage: GazetteerResolver on Locations the text gives, and end to end on invented reports.

Uses the built-in gazetteer (built once per machine into the user data folder, or $KHABAR_DATA_DIR).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from khabar.actors import ActorRegistry
from khabar.gazetteer import Gazetteer
from khabar.geo import GazetteerResolver, GeoContext, display_name
from khabar.pipeline import Extractor
from khabar.places import PlaceIndex, find_places
from khabar.records import Location, Report

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return GazetteerResolver(Gazetteer.open(), ActorRegistry.load())


def test_display_name_drops_diacritics_and_type_words() -> None:
    assert display_name("Khuzdār District") == "Khuzdar"
    assert display_name("Deir ez-Zor") == "Deir ez-Zor"
    assert display_name("District") == "District"


def test_known_town_takes_its_coordinates_and_admin_areas(resolver: GazetteerResolver) -> None:
    loc = resolver.resolve(Location(name="Surab", country="Pakistan", geo_precision=1))
    assert (loc.country, loc.admin1, loc.geo_precision) == ("Pakistan", "Balochistan", 1)
    assert loc.latitude == pytest.approx(28.49, abs=0.05) and loc.longitude == pytest.approx(66.26, abs=0.05)
    assert loc.gazetteer_id and loc.gazetteer_id.startswith("geonames:")


def test_diacritics_and_spelling_variants_do_not_block_a_match(resolver: GazetteerResolver) -> None:
    for name in ("Khuzdār", "KHUZDAR", "Khuzdar"):
        loc = resolver.resolve(Location(name=name, country="Pakistan"))
        assert loc.admin2 == "Khuzdar" and loc.admin1 == "Balochistan", name


def test_homonyms_town_district_and_another_country(resolver: GazetteerResolver) -> None:
    town = resolver.resolve(Location(name="Kalat", country="Pakistan", geo_precision=1))
    assert town.geo_precision == 1 and town.admin1 == "Balochistan" and town.country == "Pakistan"
    district = resolver.resolve(Location(name="Kalat", admin2="Kalat", country="Pakistan", geo_precision=3))
    assert (
        district.geo_precision == 3 and district.gazetteer_id and district.gazetteer_id.startswith("admin2:")
    )
    # With Iran as the report's country, the Iranian place is taken, never Pakistan's
    iran = resolver.resolve(Location(name="Kalat", country="Iran"))
    assert iran.country == "Iran"


def test_unknown_village_takes_the_smallest_known_enclosing_area(resolver: GazetteerResolver) -> None:
    loc = resolver.resolve(
        Location(
            name="Sorgaz Kalag", within="Sorgaz", admin2="Kech", admin1="Balochistan", country="Pakistan"
        )
    )
    assert loc.name == "Sorgaz Kalag" and loc.admin2 == "Kech" and loc.admin1 == "Balochistan"
    assert loc.geo_precision == 2 and loc.latitude is not None
    # only the province known: precision 3
    loc = resolver.resolve(Location(name="Sorgaz Kalag", admin1="Balochistan", country="Pakistan"))
    assert loc.geo_precision == 3 and loc.admin1 == "Balochistan"


def test_a_district_the_text_names_and_the_gazetteer_lacks_stands(resolver: GazetteerResolver) -> None:
    # "Surab, Zorbaz district" (an invented district): the town keeps its point, the district is the text's
    loc = resolver.resolve(Location(name="Surab", admin2="Zorbaz", country="Pakistan"))
    assert loc.admin2 == "Zorbaz" and loc.gazetteer_id and loc.gazetteer_id.startswith("geonames:")
    assert loc.latitude == pytest.approx(28.49, abs=0.05)


def test_a_place_in_an_unlisted_part_of_a_town_keeps_the_district_the_text_gives(
    resolver: GazetteerResolver,
) -> None:
    # "Kalag Bazaar, a locality in Surab, Zorbaz district" (an invented locality and district): coded at the
    # town, with the text's district over the one the gazetteer derived for the town
    loc = resolver.resolve(Location(name="Kalag Bazaar", within="Surab", admin2="Zorbaz", country="Pakistan"))
    assert (loc.within, loc.admin2, loc.geo_precision) == ("Surab", "Zorbaz", 2)


def test_unknown_name_stays_in_the_reports_country(resolver: GazetteerResolver) -> None:
    # "Springfield" exists in the United States, not in Pakistan: a Pakistani report never jumps abroad.
    loc = resolver.resolve(Location(name="Springfield", country="Pakistan"))
    assert loc.country == "Pakistan" and loc.name == "Springfield" and loc.geo_precision == 3


def test_part_of_a_place_the_report_places(resolver: GazetteerResolver) -> None:
    ctx = GeoContext(
        country="Pakistan",
        places=["Nal", "Khuzdar", "Nal Bazaar"],
        index=PlaceIndex(parents={"Nal": "Khuzdar"}, levels={"Khuzdar": "admin2"}),
    )
    loc = resolver.resolve(Location(name="Nal Bazaar", country="Pakistan", geo_precision=1), ctx)
    assert loc.within == "Nal" and loc.admin2 == "Khuzdar" and loc.geo_precision == 2


def test_place_votes_prefer_the_country_of_the_named_places(resolver: GazetteerResolver) -> None:
    votes = resolver.place_votes(["Quetta", "Turbat"], lead=["Quetta"])
    assert max(votes, key=lambda c: votes[c]) == "Pakistan"


def test_end_to_end_event_is_placed(tmp_path: Path) -> None:
    ex = Extractor()
    text = "Gunmen attacked a police station in Turbat on Monday, killing two policemen, officials said."
    report = Report(id=Report.make_id(text), text=text, published=date(2025, 3, 5))
    (ev,) = ex.extract_doc(ex.nlp(text), report).events
    assert ev.location.country == "Pakistan" and ev.location.admin1 == "Balochistan"
    assert ev.location.admin2 == "Kech" and ev.location.latitude is not None


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="../shared (seed gold) is not present")
def test_seed_gold_places() -> None:
    """Issue 3's acceptance on the seeds: every gold event's country, admin1 and admin2."""
    from khabar.bench.seeds import run as run_seeds

    gold = yaml.safe_load((SHARED / "gold" / "seed-events.yaml").read_text(encoding="utf-8"))
    by_id = {g["id"]: g for r in gold["reports"] for g in r["events"]}
    scores = run_seeds(SHARED, Extractor())
    checked = 0
    for es in scores.events:
        g = by_id[es.gold_id].get("location") or {}
        if not g or es.predicted is None:
            continue
        loc = es.predicted.location
        assert loc.country == g["country"], es.gold_id
        assert loc.admin1 == g["admin1"], es.gold_id
        if g.get("admin2"):
            assert loc.admin2 == g["admin2"], es.gold_id
        if g.get("precision") == 2:
            assert loc.geo_precision == 2, es.gold_id
        checked += 1
    assert checked >= 14


def test_geo_command_name_and_point() -> None:
    import json

    from typer.testing import CliRunner

    from khabar.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["geo", "Surab, Balochistan", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["location"]["admin1"] == "Balochistan" and out["location"]["geo_precision"] == 1
    assert out["candidates"][0]["name"] == "Surab" and out["candidates"][0]["reasons"]
    result = runner.invoke(app, ["geo", "--near", "28.49,66.26", "--radius", "20"])
    assert result.exit_code == 0 and "Surab" in result.output
    result = runner.invoke(app, ["geo", "--near", "not-a-point"])
    assert result.exit_code == 2 and "LAT,LON" in result.output


def test_a_far_namesake_is_taken_for_an_unlisted_village_where_the_report_is(
    resolver: GazetteerResolver,
) -> None:
    # A report about Turbat and Gwadar (Kech/Gwadar, Balochistan) names "Kalat": the gazetteer's Kalat town is
    # some 500 km away but large and matched by its own name, so it stays; a small far-away namesake would not.
    ctx = GeoContext(country="Pakistan", places=["Turbat", "Turbat", "Gwadar", "Kalat"])
    loc = resolver.resolve(Location(name="Kalat", country="Pakistan", geo_precision=1), ctx)
    assert loc.gazetteer_id and loc.gazetteer_id.startswith("geonames:")
    kalat = next(c for c in resolver.candidates("Kalat", "PK") if c.level == "place")
    turbat = next(c for c in resolver.candidates("Turbat", "PK") if c.level == "place")
    assert resolver._far_homonym(kalat, 3, [turbat]) is False  # 26,000 people, its own name
    assert resolver._far_homonym(kalat, 1, [turbat]) is True  # matched only by an alternate name


def test_unknown_name_takes_the_reports_main_known_place(resolver: GazetteerResolver) -> None:
    ctx = GeoContext(country="Pakistan", places=["Turbat", "Turbat", "Sorgaz Kalag", "Turbat"])
    loc = resolver.resolve(Location(name="Sorgaz Kalag", country="Pakistan", geo_precision=1), ctx)
    assert loc.admin2 == "Kech" and loc.admin1 == "Balochistan" and loc.geo_precision == 2
    # no known town at all, only a province named: precision 3 in that province
    ctx = GeoContext(country="Pakistan", places=["Balochistan", "Sorgaz Kalag"])
    loc = resolver.resolve(Location(name="Sorgaz Kalag", country="Pakistan", geo_precision=1), ctx)
    assert loc.admin1 == "Balochistan" and loc.geo_precision == 3


def test_report_focus_votes_by_admin_area_and_weighs_the_lead(resolver: GazetteerResolver) -> None:
    # Two towns of Kech against one of Khuzdar: an unknown village goes to Kech, inside the province
    ctx = GeoContext(country="Pakistan", places=["Turbat", "Khuzdar", "Tump", "Sorgaz Kalag"])
    loc = resolver.resolve(Location(name="Sorgaz Kalag", country="Pakistan", geo_precision=1), ctx)
    assert loc.admin1 == "Balochistan" and loc.admin2 == "Kech"
    # the same mentions, but Khuzdar in the title: the lead outweighs two later mentions
    ctx.lead = frozenset({"Khuzdar"})
    loc = resolver.resolve(Location(name="Sorgaz Kalag", country="Pakistan", geo_precision=1), ctx)
    assert loc.admin2 == "Khuzdar"
    # split admin1 votes with no district holding half of them: the province only, precision 3
    ctx = GeoContext(country="Pakistan", places=["Turbat", "Khuzdar", "Sibi", "Sorgaz Kalag"])
    loc = resolver.resolve(Location(name="Sorgaz Kalag", country="Pakistan", geo_precision=1), ctx)
    assert loc.admin1 == "Balochistan" and loc.admin2 is None and loc.geo_precision == 3


def test_a_name_the_text_places_in_an_area_votes_for_the_country_that_has_the_pair(
    resolver: GazetteerResolver,
) -> None:
    # "Bali, North West Region": Indonesia's Bali is far larger, but only Cameroon has a Bali in a North-West
    votes = resolver.place_votes(["Bali"], parents={"Bali": "North West"})
    assert max(votes, key=lambda c: votes[c]) == "Cameroon"
    votes = resolver.place_votes(["Bali"])
    assert max(votes, key=lambda c: votes[c]) == "Indonesia"


def test_a_report_without_events_still_has_its_area() -> None:
    ex = Extractor()
    text = "Shops reopened in Turbat and Tump on Monday after a week of rain, traders in Turbat said."
    report = Report(id=Report.make_id(text), text=text, published=date(2025, 3, 5))
    result = ex.extract_doc(ex.nlp(text), report)
    assert result.events == []
    assert result.area is not None and result.area.admin1 == "Balochistan" and result.area.admin2 == "Kech"
    assert result.area.geo_precision == 3 and result.area.name is None


def test_same_name_ignores_word_breaks_and_doubled_letters() -> None:
    from khabar.geo import same_name

    assert same_name("Nay Pyi Taw", "Naypyitaw")
    assert same_name("Middle Shabele", "Middle Shabelle region")
    assert same_name("Markaz Daraa district", "Daraa")
    assert same_name("Nkanu West lga", "Nkanu West")
    assert not same_name("Daraa", "Deraa Ezzor")
    assert not same_name("Kech", "Kachhi")


def test_admin_hints_fill_missing_admin2_and_never_overwrite(tmp_path: Path) -> None:
    import json
    import shutil

    from khabar.errors import DataFileError
    from khabar.gazetteer import AdminHint, read_ucdp_hints

    copy = tmp_path / "gazetteer.sqlite"
    shutil.copy(Gazetteer.open().path, copy)
    gaz = Gazetteer.open(copy)
    before = [p for p in gaz.candidates("Safita", "SY") if p.level == "place"][0]
    assert before.admin2 is None  # neither the built-in data nor UCDP's place table has a district for it
    hints = [
        AdminHint("SY", "Tartus governorate", "Safita district", "Safita", 1),
        AdminHint("PK", "Balochistan province", "Somewhere district", "Turbat", 2),  # Turbat has Kech already
        AdminHint("SY", "Atlantis governorate", "X district", "Safita", 3),
    ]
    report = gaz.import_admin_hints(hints, source="test")
    after = gaz.get(before.id)
    assert after is not None and after.admin2 == "Safita district"
    turbat = [p for p in gaz.candidates("Turbat", "PK") if p.level == "place"][0]
    assert turbat.admin2 == "Kech District"
    assert report.skipped == [(3, "no admin1 'Atlantis governorate' in SY")]
    assert (
        gaz.admin_area("SY", after.admin1 or "", "Safita district") is not None
    )  # a derived area now exists
    again = gaz.import_admin_hints(hints, source="test")
    assert again.updated == 0

    rows = [
        {"location_root_name": "Syria", "location_adm1_name": "Daraa governorate",
         "location_adm2_name": "Izra district", "location_where_name": "Nawa town"},
        {"location_root_name": "Syria", "location_adm1_name": "Daraa governorate",
         "location_adm2_name": "Izra district", "location_where_name": "Road between Nawa town and Izra town"},
        {"location_root_name": "Myanmar (Burma)", "location_adm1_name": "Sagaing region",
         "location_adm2_name": "", "location_where_name": "Tamu town"},
    ]  # fmt: skip
    path = tmp_path / "coded.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    registry = ActorRegistry.load()
    found = list(read_ucdp_hints(path, lambda n: registry.iso2(registry.country_of(n) or "")))
    assert [(h.country_code, h.place, h.admin2, h.line) for h in found] == [
        ("SY", "Nawa", "Izra district", 1)
    ]
    path.write_text('{"location_root_name": "Syria"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"coded.jsonl:1: not JSON"):
        list(read_ucdp_hints(path, lambda n: None))


def test_a_town_followed_by_its_state_lies_in_that_state(resolver: GazetteerResolver) -> None:
    # "X, Y" with Y a state the gazetteer says holds X: X is the place, Y its admin1 (and no list follows)
    from khabar.pipeline import link_listed_areas

    ex = Extractor()
    doc = ex.nlp("Early on Friday in Coatzacoalcos, Veracruz, gunmen stormed a bar and killed four people.")
    places = [p for p in find_places(doc) if p.level != "country"]
    link_listed_areas(doc, places, resolver, "MX")
    by_name = {p.name: p for p in places}
    assert by_name["Coatzacoalcos"].parent == "Veracruz" and by_name["Veracruz"].level == "admin1"
    assert resolver.enclosing_level("Veracruz", "Coatzacoalcos", "MX") == "admin1"
    assert resolver.enclosing_level("Sonora", "Coatzacoalcos", "MX") is None
    (result,) = ex.run([Report(id="r", text=doc.text, published=date(2021, 5, 1))])
    assert result.events[0].location.name == "Coatzacoalcos"


def test_an_area_abbreviation_is_looked_up_as_its_full_name(resolver: GazetteerResolver) -> None:
    loc = resolver.resolve(Location(name="J&K", country="India", geo_precision=3))
    assert (loc.country, loc.admin1) == ("India", "Jammu and Kashmir")


def test_the_built_in_gazetteer_knows_the_districts_ucdp_coders_gave_its_towns() -> None:
    # data/ucdp_places.tsv (UCDP-AEC's training labels) names districts the city lists lack
    gaz = Gazetteer.open()
    nawa = [p for p in gaz.candidates("Nawa", "SY") if p.level == "place"][0]
    assert nawa.admin2 == "Izra district"


def test_an_event_with_no_place_of_its_own_lies_at_the_town_the_report_is_about(
    resolver: GazetteerResolver,
) -> None:
    # "Reynosa" names both a municipality and its seat; the report's one town is where its unplaced event is
    ctx = GeoContext(country="Mexico", places=["Reynosa", "Reynosa", "Tamaulipas"])
    loc = resolver.resolve(Location(name=None, country="Mexico"), ctx)
    assert (loc.name, loc.admin1, loc.geo_precision) == ("Reynosa", "Tamaulipas", 2)
    # two towns of one district, neither told as often as half the report: the district only
    ctx = GeoContext(country="Pakistan", places=["Turbat", "Tump", "Balochistan", "Balochistan"])
    loc = resolver.resolve(Location(name=None, country="Pakistan"), ctx)
    assert loc.name is None and loc.admin1 == "Balochistan"


def test_a_name_read_only_outside_the_area_the_text_gives_is_an_unlisted_place_there(
    resolver: GazetteerResolver,
) -> None:
    loc = resolver.resolve(Location(name="Surab", admin1="Balochistan", country="Pakistan"))
    assert (loc.admin1, loc.geo_precision) == ("Balochistan", 1)
    # the only Surab the gazetteer knows is in Balochistan: "Surab, Sindh" is another, unlisted one
    loc = resolver.resolve(Location(name="Surab", admin1="Sindh", country="Pakistan"))
    assert (loc.name, loc.admin1, loc.geo_precision) == ("Surab", "Sindh", 3)


def test_a_road_named_by_the_two_places_it_joins_lies_in_their_province(resolver: GazetteerResolver) -> None:
    loc = resolver.resolve(Location(name="Quetta-Kalat", kind="highway"), GeoContext())
    assert (loc.country, loc.admin1, loc.geo_precision) == ("Pakistan", "Balochistan", 2)
    # ends in two provinces: no one area to give it, the road stays in the report's country
    loc = resolver.resolve(Location(name="Quetta-Karachi", kind="highway", country="Pakistan"), GeoContext())
    assert (loc.admin1, loc.geo_precision) == (None, 3)


def test_a_village_in_a_known_province_that_holds_no_such_name_votes_for_no_other_country(resolver):
    # "Kani" is a Japanese town; a Kani inside Sagaing Region (Myanmar) is an unlisted place there
    votes = resolver.place_votes(["Kani", "Sagaing"], parents={"Kani": "Sagaing"})
    assert "Japan" not in votes and votes.get("Myanmar", 0) > 0


def test_a_name_the_text_types_as_an_admin_area_votes_only_for_countries_with_such_an_area(resolver):
    # "the North West region": provinces of that name exist in four countries; a US hamlet called Northwest is
    # no region, and gets no vote
    assert "United States" in resolver.place_votes(["North West"])
    votes = resolver.place_votes(["North West"], levels={"North West": "admin1"})
    assert "United States" not in votes and votes.get("Cameroon", 0) > 0


def test_the_area_the_text_encloses_a_place_in_decides_its_country(resolver: GazetteerResolver) -> None:
    # an unlisted village "in Garissa county" in a report whose country reads as Somalia: only Kenya has a
    # Garissa county, a province there (not a district, whatever the word "county" says elsewhere)
    loc = resolver.resolve(
        Location(name="Harbole Guda", admin2="Garissa", country="Somalia"), GeoContext(country="Somalia")
    )
    assert (loc.country, loc.admin1, loc.admin2, loc.geo_precision) == ("Kenya", "Garissa", None, 3)


def test_a_sound_alike_town_far_from_the_report_neither_encloses_nor_votes(
    resolver: GazetteerResolver,
) -> None:
    # "Kitalo" sounds like Kitale, across Kenya from Garissa, the report's only place with a full name: an
    # unlisted Kitalo, which places nothing in Trans Nzoia
    places = ["Garissa", "Kitalo", "Kitalo", "Kitalo", "Harbole Guda"]
    inside = resolver.resolve(
        Location(name="Harbole Guda", within="Kitalo", country="Kenya"),
        GeoContext(country="Kenya", places=places),
    )
    assert (inside.admin1, inside.gazetteer_name) == ("Garissa", "Garissa County")
    plain = resolver.resolve(
        Location(name="Harbole Guda", country="Kenya"), GeoContext(country="Kenya", places=places)
    )
    assert plain.admin1 == "Garissa"


def test_a_foreign_force_named_once_is_the_claimant_its_bare_noun_names() -> None:
    # invented report: "Kenyan police ... police said" in a report whose country reads as Somalia (al-Shabaab)
    text = (
        "Suspected al-Shabaab rider shot dead in Garissa\n"
        "Kenyan police shot dead a suspected al-Shabaab militant near Hagadera in Garissa county on Sunday after "
        "he and another man on a motorcycle refused to stop at a patrol, police said. The second man escaped."
    )
    ex = Extractor()
    result = ex.extract_doc(ex.nlp(text), Report(id="r", text=text, published=date(2021, 3, 2)))
    event = next(e for e in result.events if e.location.name == "Hagadera")
    assert (event.location.country, event.location.admin1) == ("Kenya", "Garissa")
    assert event.actor1 is not None and event.actor1.actor.name == "Police Forces of Kenya"


def test_a_provinces_own_name_does_not_count_against_the_district_a_report_is_about(
    resolver: GazetteerResolver,
) -> None:
    # the province named three times and one of its districts twice: an unknown village lies in that district
    places = ["Balochistan", "Balochistan", "Balochistan", "Khuzdar", "Khuzdar", "Umuobodo Ngwo"]
    loc = resolver.resolve(
        Location(name="Umuobodo Ngwo", country="Pakistan"), GeoContext(country="Pakistan", places=places)
    )
    assert (loc.admin1, loc.admin2, loc.geo_precision) == ("Balochistan", "Khuzdar", 2)

"""UCDP-AEC output: the coder's conventions on invented reports, the scorer, and `khabar predict` on real
dev articles (read from ../shared at run time; the full benchmark is `khabar bench ucdp-aec`)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import khabar
from khabar.actors import ActorRegistry
from khabar.bench.ucdp import lenient_place, score
from khabar.cli import app
from khabar.config import Config
from khabar.gazetteer import place_skeletons
from khabar.pipeline import Extractor
from khabar.records import Claim, Event, Evidence, Location, Report, TimeSpan
from khabar.ucdp import (
    DEATH_FIELDS,
    FIELDS,
    UcdpCoder,
    UcdpNames,
    blank_record,
    build_place_table,
    main_event,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "data" / "ucdp-aec" / "dev.jsonl"
PUBLISHED = date(2021, 3, 10)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(gazetteer=False))


@pytest.fixture(scope="module")
def coder(extractor: Extractor) -> UcdpCoder:
    return UcdpCoder(extractor.registry)


def code(extractor: Extractor, coder: UcdpCoder, text: str) -> dict:
    (result,) = extractor.run([Report(id="r1", text=text, published=PUBLISHED)])
    return coder.code(result)


# --- the coder's conventions (invented reports) -------------------------------------------------------


def test_state_forces_are_the_government_and_side_a(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Taliban fighters attacked an army checkpoint in Kandahar on Monday, killing four Afghan soldiers.",
    )
    assert rec["side_a_name"] == "Government of Afghanistan"
    assert rec["side_b_name"] == "Taleban"  # UCDP's spelling, from data/ucdp.yaml
    assert rec["deaths_side_a"] == 4 and rec["deaths_side_b"] == 0
    assert rec["start_date"] == rec["end_date"] == "2021-03-08"
    assert rec["location_root_name"] == "Afghanistan"


def test_civilian_victims_make_side_b_civilians(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Islamic State militants killed three civilians in a village near Mosul on Sunday.",
    )
    assert (rec["side_a_name"], rec["side_b_name"]) == ("IS", "Civilians")
    assert rec["deaths_civilian"] == 3
    assert (rec["deaths_low"], rec["deaths_high"]) == (3, 3)


def test_group_named_in_the_subject_gets_its_own_deaths(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Syrian army shelling killed five ISIS members near Palmyra on Saturday, a war monitor said.",
    )
    assert {rec["side_a_name"], rec["side_b_name"]} == {"Government of Syria", "IS"}
    side_is = "deaths_side_a" if rec["side_a_name"] == "IS" else "deaths_side_b"
    assert rec[side_is] == 5


def test_undated_event_takes_the_publication_date(extractor, coder):
    rec = code(extractor, coder, "Gunmen killed two policemen at a checkpoint in Quetta, officials said.")
    assert rec["start_date"] == rec["end_date"] == PUBLISHED.isoformat()


def test_a_short_lookback_is_coded_as_its_window(extractor, coder):
    rec = code(
        extractor, coder, "Airstrikes killed 12 fighters near Marib in the past 48 hours, an official said."
    )
    assert (rec["start_date"], rec["end_date"]) == (
        (PUBLISHED - timedelta(days=2)).isoformat(),
        PUBLISHED.isoformat(),
    )
    assert rec["deaths_low"] == rec["deaths_high"] == 12


def test_a_town_named_like_its_district_is_the_place_but_a_province_name_is_not(coder):
    extractor = Extractor()  # with the gazetteer: whether a name is the town or its district is its answer
    rec = code(
        extractor, coder, "On Friday in Coatzacoalcos, Veracruz, gunmen stormed a bar and killed four people."
    )
    assert rec["location_where_name"] == "Coatzacoalcos town"
    assert rec["location_adm2_name"].startswith("Coatzacoalcos")
    rec = code(
        extractor, coder, "Shelling killed four civilians in the countryside of Idlib province on Friday."
    )
    assert rec["location_where_name"] == "" and rec["location_adm1_name"].startswith("Idlib")


def test_a_province_the_text_names_is_ucdps_admin1_under_the_texts_name(coder):
    extractor = Extractor()  # with the gazetteer, which calls the province "Maidan Wardak"
    rec = code(
        extractor, coder, "Two soldiers were killed in a roadside blast in eastern Wardak province on Friday."
    )
    assert (rec["location_adm1_name"], rec["location_where_name"]) == ("Wardak province", "")


@pytest.mark.parametrize(
    "text, where",
    [
        # a quarter or a road no list knows lies in the town: UCDP codes the town
        ("Soldiers shot dead the quarter head of Ntanka in Bali, North West Region, on Monday.", "Bali town"),
        ("Troops killed two men at a roadblock on Tamu's Lanmadaw Road early on Monday.", "Tamu town"),
        # an unlisted village keeps its own name
        ("Soldiers shot dead two farmers in the village of Ntanka in Bali, North West Region, on Monday.",
         "Ntanka village"),
    ],
)  # fmt: skip
def test_an_unlisted_spot_inside_a_town_is_coded_at_the_town(coder, text, where):
    rec = code(Extractor(), coder, text)  # with the gazetteer: it tells which names are unlisted
    assert rec["location_where_name"] == where


def test_civilians_killed_by_left_over_ordnance_count_only_in_the_high_estimate(extractor, coder):
    rec = code(
        extractor,
        coder,
        "A boy was killed on Monday when an old landmine left over from the war exploded near Daraa.",
    )
    assert [rec[f] for f in DEATH_FIELDS] == [0, 0, 0, 0, 0, 1]
    rec = code(
        extractor,
        coder,
        "Four Syrian soldiers were killed on Monday when an old landmine exploded near their patrol in Daraa.",
    )
    assert rec["deaths_low"] == rec["deaths_high"] == 4
    # a person's age is no remnant: "a 9-year-old boy" killed by shelling counts in full
    rec = code(
        extractor,
        coder,
        "Army mortar shells killed a 9-year-old boy in a village near Daraa on Monday.",
    )
    assert (rec["deaths_civilian"], rec["deaths_low"]) == (1, 1)


def test_a_person_killed_by_state_forces_is_a_civilian_and_by_unknown_gunmen_stays_unknown(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Afghan soldiers shot dead a man at a checkpoint in Kandahar on Monday, residents said.",
    )
    assert (rec["deaths_civilian"], rec["deaths_unknown"]) == (1, 0)
    rec = code(
        extractor,
        coder,
        "Unknown gunmen shot dead a man at a checkpoint in Kandahar on Monday, residents said.",
    )
    assert (rec["deaths_civilian"], rec["deaths_unknown"]) == (0, 1)


def test_a_person_told_by_kinship_is_plain_people(extractor, coder):
    # "a cousin of mine": whom the person is to someone, no sign of arms; killed by state forces: a civilian
    rec = code(
        extractor,
        coder,
        "Afghan soldiers shot dead a cousin of mine at a checkpoint in Kandahar on Monday, a farmer said.",
    )
    assert (rec["deaths_civilian"], rec["deaths_unknown"], rec["deaths_low"]) == (1, 0, 1)


def test_a_person_told_by_name_counts_on_the_side_the_name_or_its_title_gives(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Afghan soldiers shot dead John Okello outside his shop in Kandahar on Monday, residents said.",
    )
    assert (rec["deaths_civilian"], rec["deaths_unknown"], rec["deaths_low"]) == (1, 0, 1)
    rec = code(
        extractor,
        coder,
        "Captain John Okello was shot dead by Taliban gunmen in Kandahar on Monday, Afghan officials said.",
    )
    assert (rec["deaths_side_a"], rec["deaths_civilian"], rec["deaths_low"]) == (1, 0, 1)


def test_a_lead_without_a_toll_goes_on_into_the_fighting_of_the_same_days_and_province(coder):
    extractor = Extractor()  # with the gazetteer: both places must lie in one province
    text = (
        "Russian jets carried out airstrikes on Islamic State positions in the desert of Hama province on "
        "Monday. The desert east of the province is a vast area of dry hills, seasonal pastures and old trade "
        "roads, which shepherds and traders still cross in spring. Its villages are small and far apart, and "
        "most of their residents left long ago for the cities of the west. Monitors say the group keeps small "
        "cells in the hills there. Later on Monday, clashes near Salamiyah in Hama province killed 19 Syrian "
        "soldiers and 12 members of the Islamic State group, activists said."
    )
    rec = code(extractor, coder, text)
    assert (rec["side_a_name"], rec["side_b_name"]) == ("Government of Syria", "IS")
    assert (rec["deaths_side_a"], rec["deaths_side_b"], rec["deaths_low"]) == (19, 12, 31)
    # a toll in another province is another story
    rec = code(
        extractor, coder, text.replace("near Salamiyah in Hama province", "near Palmyra in Homs province")
    )
    assert rec["deaths_low"] == 0


def test_a_party_whose_people_an_event_killed_is_one_of_its_sides(coder):
    claim = Claim(
        claimant="activists",
        claimant_role="monitor",
        kind="killed",
        subject="members of the Islamic State group",
        value_low=12,
        value_high=12,
        qualifier="exact",
        evidence=Evidence("r1", 0, 10, "s"),
        subject_class="nonstate",
    )
    event = Event(
        report_id="r1",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=None,
        actor2=None,
        location=Location(name="Hama", country="Syria"),
        time=TimeSpan(PUBLISHED, PUBLISHED, 1),
        claims=[claim],
    )
    assert coder.sides(event, "Syria") == ("Government of Syria", "IS")


def test_a_rebel_groups_word_alone_on_state_losses_counts_in_the_high_estimate_only(extractor, coder):
    rec = code(
        extractor,
        coder,
        "The BLA said its fighters killed 10 Pakistani soldiers in an attack in Kech district on Sunday.",
    )
    assert (rec["deaths_side_a"], rec["deaths_low"], rec["deaths_high"]) == (0, 0, 10)
    rec = code(
        extractor,
        coder,
        "Pakistani officials said 10 soldiers were killed in an attack by the BLA in Kech district on Sunday.",
    )
    assert (rec["deaths_side_a"], rec["deaths_low"], rec["deaths_high"]) == (10, 10, 10)


def test_report_without_event_gets_a_blank_record(extractor, coder):
    rec = code(extractor, coder, "The weather in the capital was mild and the markets were calm this week.")
    assert rec == {**blank_record("r1", PUBLISHED), "location_root_name": rec["location_root_name"]}
    assert blank_record("x", None)["start_date"] == "" and blank_record("x", None)["deaths_high"] == 0


def test_background_event_is_not_the_main_event():
    text = (
        "Gunmen killed two soldiers in Daraa on Monday. In March 2019, a car bomb killed 40 people in the "
        "same town."
    )
    result = khabar.extract_text(text, published=PUBLISHED)
    main = main_event(result)
    assert main is not None and main.fatalities.best == 2


def test_place_table_is_built_from_labels_only():
    rows = [
        {
            "location_root_name": "Syria",
            "location_adm1_name": "Daraa governorate",
            "location_adm2_name": "Izra district",
            "location_where_name": "Nawa town",
        },
        {
            "location_root_name": "Syria",
            "location_adm1_name": "Daraa governorate",
            "location_adm2_name": "Izra district",
            "location_where_name": "Nawa town",
        },
        {"location_root_name": "", "location_adm1_name": "x"},
    ]
    (place,) = build_place_table(rows)
    assert (place.country, place.adm2, place.where, place.count) == ("Syria", "Izra district", "Nawa town", 2)
    names = UcdpNames(places=[place])
    assert names.type_word("Syria", 1) == "governorate" and names.type_word("Syria", 2) == "district"


def test_shipped_names_cover_the_governments_ucdp_uses():
    """Every "Government of X" in UCDP-AEC's training labels is a name Khabar can write."""
    labels = SHARED / "data" / "ucdp-aec" / "train-labels.jsonl"
    if not labels.exists():
        pytest.skip("../shared/data/ucdp-aec/train-labels.jsonl not present")
    registry = ActorRegistry.default()
    coder = UcdpCoder(registry)
    writable = {coder.government(c) for c in set(registry.country_lookup().values())}
    writable |= set(coder.names.actors.values())  # "Government of Yemen": the Houthis, in UCDP's coding
    used = set()
    with labels.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            used |= {s for s in (row["side_a_name"], row["side_b_name"]) if s.startswith("Government of")}
    assert used - writable == set()


# --- the scorer ----------------------------------------------------------------------------------------


def test_scorer_swaps_sides_and_their_deaths():
    registry = ActorRegistry.default()
    gold = {
        **blank_record("1", PUBLISHED),
        "source_date": "2021-03-10 00:00",
        "side_a_name": "Government of Syria",
        "side_b_name": "IS",
        "deaths_side_a": 3,
    }
    pred = {
        **blank_record("1", PUBLISHED),
        "side_a_name": "IS",
        "side_b_name": "Government of Syria",
        "deaths_side_b": 3,
    }
    s = score([gold], [pred], registry)
    assert s.accuracy("actor") == 100.0 and s.accuracy("deaths_side_a") == 100.0
    wrong = {**pred, "deaths_side_b": 0, "deaths_side_a": 3}
    assert score([gold], [wrong], registry).accuracy("deaths_side_a") == 0.0


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Uthman town", "Etman", True),  # a word's first vowel, "th" as "t"
        ("Shaykh Miskin town", "Sheikh Maskin", True),  # "ay" before a consonant is a vowel
        ("Deir Hafir", "Dayr Hafir", True),
        ("Kafr Nabl town", "Kafr Nubl", True),
        ("Qala-e-Nawkot town", "Qala-i-Nawkot", True),  # the ezafe particle
        ("Tal Abyad/Gire Spi town", "Tel Abyad", True),  # either name of a "/" pair
        ("Tal Abyad/Gire Spi town", "Gire Sbi", True),  # ... and "p" as "b"
        ("Mayadin", "Madin", False),  # a "y" before a vowel stays a consonant
        ("Jisr ash Shughur town", "Ariha town", False),
        ("Al Bab town", "Al Mayadin town", False),  # "Al Bab" is too short to key
    ],
)
def test_place_skeletons_join_transliterations_of_one_name_only(a, b, same):
    assert bool(place_skeletons(a) & place_skeletons(b)) is same


def test_lenient_names():
    assert lenient_place("Hamah governorate", "Hama")
    assert lenient_place("Hamrin mountains in Diyala province", "Hamrin mountains")
    assert not lenient_place("Daraa governorate", "Idlib governorate")
    assert lenient_place("", "") and not lenient_place("Izra district", "")
    registry = ActorRegistry.default()
    s = score(
        [
            {
                **blank_record("1", PUBLISHED),
                "side_a_name": "Taleban",
                "side_b_name": "Government of Afghanistan",
            }
        ],
        [
            {
                **blank_record("1", PUBLISHED),
                "side_a_name": "Taliban",
                "side_b_name": "Government of Afghanistan",
            }
        ],
        registry,
    )
    assert s.accuracy("actor") == 50.0 and s.accuracy("actor", "lenient") == 100.0


def test_predict_on_readable_rows_exits_0(tmp_path: Path):
    # invented text
    source = tmp_path / "in.jsonl"
    row = {
        "id": 7,
        "source_article": "Two soldiers were killed in a roadside bomb blast in Kandahar on Monday, officials said.",
        "source_date": "2021-03-09 00:00",
    }
    source.write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["predict", "--format", "ucdp-aec", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["id"], record["start_date"], record["deaths_low"]) == ("7", "2021-03-08", 2)


# --- `khabar predict` on ten real dev articles -------------------------------------------------------------


@pytest.mark.skipif(not DEV.exists(), reason="../shared/data/ucdp-aec/dev.jsonl not present")
def test_predict_ten_dev_articles_beats_the_all_zeros_baseline(tmp_path: Path):
    lines = DEV.read_text(encoding="utf-8").splitlines()[:10]
    source = tmp_path / "ten.jsonl"
    # an eleventh row whose text cannot be read still gets its line
    source.write_text(
        "\n".join(lines) + '\n{"id": "broken", "source_article": "", "source_date": "2021-01-01 00:00"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["predict", "--format", "ucdp-aec", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output  # the broken row is reported, and every row is written
    assert "ten.jsonl:11: no `text`" in result.output
    predictions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold = [json.loads(line) for line in lines]
    assert [p["id"] for p in predictions] == [str(g["id"]) for g in gold] + ["broken"]
    for p in predictions:
        assert set(p) == {"id", *FIELDS}
        assert all(isinstance(p[f], int) for f in FIELDS[8:])
        assert all(isinstance(p[f], str) for f in FIELDS[:8])
    assert predictions[-1] == blank_record("broken", date(2021, 1, 1))
    registry = ActorRegistry.default()
    baseline = [blank_record(str(g["id"]), date.fromisoformat(g["source_date"][:10])) for g in gold]
    ours = score(gold, predictions[:10], registry)
    zeros = score(gold, baseline, registry)
    assert ours.accuracy("aggregate") > zeros.accuracy("aggregate")
    assert ours.accuracy("deaths") > zeros.accuracy("deaths")


def test_transliterations_match_leniently_and_take_ucdp_spelling():
    assert lenient_place("Al Mayadin town", "Al-Mayadeen town")
    assert not lenient_place("Al Mayadin town", "Al Bab town")
    registry = ActorRegistry.default()
    place = UcdpNames(
        places=[
            build_place_table(
                [
                    {
                        "location_root_name": "Syria",
                        "location_adm1_name": "Deir ez Zor governorate",
                        "location_adm2_name": "Al Mayadin district",
                        "location_where_name": "Al Mayadin town",
                    }
                ]
            )[0]
        ]
    )
    coder = UcdpCoder(registry, place)
    loc = Location(name="Al-Mayadeen", admin1="Deir ez-Zor", country="Syria")
    out = coder.place(loc, "Syria")
    assert out["location_where_name"] == "Al Mayadin town"
    assert out["location_adm2_name"] == "Al Mayadin district"  # the table knows the town's district
    assert out["location_adm1_name"] == "Deir ez Zor governorate"


def test_a_province_split_in_parts_takes_the_whole_provinces_ucdp_name():
    table = build_place_table(
        [
            {
                "location_root_name": "Ruritania",
                "location_adm1_name": "Zenda province",
                "location_adm2_name": "",
            }
        ]
    )
    coder = UcdpCoder(ActorRegistry.default(), UcdpNames(places=table))
    for part in ("Zenda del Sur", "Zenda North"):
        out = coder.place(Location(name="Strel", admin1=part, country="Ruritania"), "Ruritania")
        assert out["location_adm1_name"] == "Zenda province", part
    # a name that is no part of a known whole keeps its own
    out = coder.place(Location(name="Strel", admin1="Tarlenheim West", country="Ruritania"), "Ruritania")
    assert out["location_adm1_name"].startswith("Tarlenheim West")


def test_a_place_in_a_town_lies_in_the_district_named_like_the_town():
    coder = UcdpCoder(ActorRegistry.default())  # the shipped UCDP place table
    # a Philippine village lies in the municipality of its town, whatever the table knows of the village
    loc = Location(name="Tinago", within="Datu Paglas", admin1="Bangsamoro", admin2="Province of Maguindanao",
                   country="Philippines", gazetteer_id="geonames:1")  # fmt: skip
    assert coder.place(loc, "Philippines")["location_adm2_name"] == "Datu Paglas municipality"
    # a Syrian village in Maarrat al-Numan: the table's district of that name
    loc = Location(name="Tell Dibs", within="Maarrat al-Numan", admin1="Idlib", country="Syria",
                   gazetteer_id="geonames:1")  # fmt: skip
    assert coder.place(loc, "Syria")["location_adm2_name"] == "Maarat al-Numaan district"


def test_the_texts_type_word_of_a_place_ucdp_writes_too():
    coder = UcdpCoder(ActorRegistry.default())
    for kind, where in (
        ("village", "Qorvelo village"),
        ("highway", "Qorvelo highway"),
        ("area", "Qorvelo town"),
    ):
        loc = Location(
            name="Qorvelo", kind=kind, admin1="Bangsamoro", country="Philippines", gazetteer_id="geonames:1"
        )
        assert coder.place(loc, "Philippines")["location_where_name"] == where


def test_philippine_provinces_are_ucdp_admin1():
    coder = UcdpCoder(ActorRegistry.default(), UcdpNames(shifted_admin_levels=["Philippines"]))
    loc = Location(name="Mao", admin1="Bangsamoro", admin2="Province of Maguindanao", country="Philippines")
    out = coder.place(loc, "Philippines")
    assert (out["location_adm1_name"], out["location_adm2_name"]) == ("Maguindanao", "")


def test_unnamed_rebels_word_alone_on_state_losses_counts_in_the_high_estimate_only(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Rebel fighters said they killed seven Pakistani soldiers in an ambush in Kech district on Sunday.",
    )
    assert (rec["deaths_side_a"], rec["deaths_low"], rec["deaths_high"]) == (0, 0, 7)


def test_a_group_whose_members_died_beside_civilians_is_side_b(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Government troops shelled a village near Kech on Sunday, killing a civilian and two BLA members, "
        "residents said.",
    )
    assert (rec["side_a_name"], rec["side_b_name"]) == ("Government of Pakistan", "BLA")
    assert (rec["deaths_side_b"], rec["deaths_civilian"]) == (2, 1)


def test_a_vague_count_alone_counts_its_smallest_number_on_its_side(extractor, coder):
    rec = code(
        extractor,
        coder,
        "Several BLA fighters were killed in a clash with troops in Kech district on Sunday.",
    )
    assert (rec["deaths_side_b"], rec["deaths_low"], rec["deaths_high"]) == (3, 0, 3)


def test_a_person_an_armed_group_kills_outside_a_battle_is_a_civilian(extractor, coder):
    rec = code(
        extractor,
        coder,
        "BLA fighters abducted a man in Kech district on Sunday; he was found dead with bullet wounds on Monday, "
        "relatives said.",
    )
    assert (rec["side_a_name"], rec["side_b_name"], rec["deaths_civilian"], rec["deaths_unknown"]) == (
        "BLA",
        "Civilians",
        1,
        0,
    )


def test_a_group_the_body_counts_is_counted_from_the_body_not_the_title(coder):
    extractor = Extractor()  # with the gazetteer: the country gives the sides
    rec = code(
        extractor,
        coder,
        "East of Kech | Explosion kills seven soldiers in the Kech desert\nThree soldiers were killed and four "
        "others were injured when a landmine exploded under their vehicle in the Kech desert on Sunday, monitors "
        "said.",
    )
    assert (rec["deaths_side_a"], rec["deaths_low"], rec["deaths_high"]) == (3, 3, 3)


def test_ucdp_names_a_rebel_army_by_its_political_wing_where_it_does(extractor, coder):
    rec = code(
        extractor,
        coder,
        "KIA fighters ambushed a Myanmar army convoy in Kachin State on Monday, killing five soldiers.",
    )
    assert (rec["side_a_name"], rec["side_b_name"]) == ("Government of Myanmar (Burma)", "KIO")


def test_a_headline_event_gives_way_to_the_body_event_with_its_toll_and_place(coder):
    extractor = Extractor()  # with the gazetteer: the places' province ties the two events
    text = (
        "ab12\n"  # a scrap of the page before the title
        "North of Kech | Two fighters of rebel factions killed in shelling by army on the Kech hills\n"
        "Monitors documented the killing of a member of the BLA and another of the BLF in army shelling on the "
        "village of Hoshab in Kech district on Monday."
    )
    rec = code(extractor, coder, text)
    assert (rec["deaths_side_b"], rec["deaths_low"], rec["deaths_high"]) == (2, 2, 2)
    assert rec["start_date"] == "2021-03-08"  # the body's Monday: its event is the main one


def test_a_headline_event_that_also_took_a_body_sentence_gives_way_to_the_body_event():
    from khabar.records import Estimate, ReportResult

    headline = "North of Kech | Two fighters killed in army shelling on the Kech hills"
    told = "Monitors documented the killing of two BLA fighters on the frontlines of Hoshab."
    later = "The army shelled the Kech hills again on Monday, but no one was hurt."
    text = f"{headline}\n{told}\n{later}"
    day = TimeSpan(date(2021, 3, 8), date(2021, 3, 8), 1)

    def made(place: str, *sentences: str) -> Event:
        e = Event(
            report_id="r",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1=None,
            actor2=None,
            location=Location(name=place, admin1="Balochistan", country="Pakistan"),
            time=day,
            evidence=[Evidence("r", text.index(s), text.index(s) + len(s), s) for s in sentences],
        )
        e.fatalities = Estimate(2, 2, 2)
        return e

    # the headline's event took the later sentence of shelling on the same hills; the body event is told first
    # after the headline, with the same toll, day and province
    result = ReportResult(
        report=Report(id="r", text=text, published=date(2021, 3, 9)),
        events=[made("Kech", headline, later), made("Hoshab", told)],
    )
    main = main_event(result)
    assert main is not None and main.location.name == "Hoshab"


def test_the_title_is_the_first_line_of_words_that_is_not_a_sentence_of_the_lead():
    from khabar.ucdp import _title_end

    text = "ab12\nArmy shells rebel hills\nThe army shelled the hills on Monday."
    assert text[: _title_end(text)] == "ab12\nArmy shells rebel hills"
    # a report that opens with its lead has no title
    assert _title_end("The army shelled the hills on Monday.\nTwo fighters died, monitors said.") == 0

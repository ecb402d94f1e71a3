"""Tests for khabar.actors: names, units, generic phrases, alliances, user files, the report's country."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from khabar.actors import ActorRegistry
from khabar.errors import DataFileError
from khabar.records import ActorMention

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BLA = "Baloch Liberation Army (BLA)"
BRAS = "Baloch Raaji Aajoi Sangar (BRAS)"


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.load()


def mentions(
    registry: ActorRegistry, nlp: Language, text: str, country: str | None = None
) -> list[ActorMention]:
    return registry.find_mentions(nlp(text), country)


def names(ms: list[ActorMention]) -> list[str]:
    return [m.actor.name for m in ms]


# --- loading --------------------------------------------------------------------------------------


def test_loading_is_fast() -> None:
    ActorRegistry.load()  # the first call also warms the file cache
    start = time.perf_counter()
    ActorRegistry.load()
    assert time.perf_counter() - start < 0.5


def test_every_country_has_state_forces_and_civilians(registry: ActorRegistry) -> None:
    for country in ("Pakistan", "Yemen", "Democratic Republic of Congo", "Palestine", "Kosovo", "Myanmar"):
        assert registry.get(f"Military Forces of {country}") is not None
        assert registry.get(f"Police Forces of {country}") is not None
        assert registry.get(f"Civilians ({country})") is not None
    assert registry.get("Government of Pakistan") is None


# --- names, aliases, units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BLA", BLA),
        ("the Baloch Liberation Army", BLA),
        ("the BLA's", BLA),
        ("BRAS Ittehad", BRAS),
        ("Pakistani Taliban", "Tehrik-i-Taliban Pakistan (TTP)"),
        ("Tehreek-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan (TTP)"),
        ("Taleban", "Taliban"),
        ("Daesh", "Islamic State (IS)"),
        ("ISKP", "Islamic State Khorasan Province (ISKP)"),
        ("Houthis", "Houthis (Ansar Allah)"),
        ("Amba boys", "Ambazonian Separatists"),
        ("Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham (HTS)"),
        ("Tigrayan fighters", "Tigray People's Liberation Front (TPLF)"),
    ],
)
def test_aliases_resolve_to_the_canonical_actor(registry: ActorRegistry, text: str, expected: str) -> None:
    actor = registry.resolve(text)
    assert actor is not None and actor.name == expected


@pytest.mark.parametrize(
    ("text", "parent", "unit"),
    [
        ("Fateh Squad", BLA, "Fateh Squad"),
        ("STOS", BLA, "Special Tactical Operations Squad (STOS)"),
        ("Zirab", BLA, "Zirab"),
        ("Majid Brigade", BLA, "Majeed Brigade"),
        ("ISPR", "Military Forces of Pakistan", "Inter-Services Public Relations (ISPR)"),
        ("Frontier Corps", "Military Forces of Pakistan", "Frontier Corps (FC)"),
        ("Levies Force", "Police Forces of Pakistan", "Levies"),
        ("CTD", "Police Forces of Pakistan", "Counter Terrorism Department (CTD)"),
    ],
)
def test_units_resolve_to_their_parent(registry: ActorRegistry, text: str, parent: str, unit: str) -> None:
    found = registry.unit_of(text)
    assert found is not None
    assert (found[0].name, found[1]) == (parent, unit)
    resolved = registry.resolve(text)
    assert resolved is not None and resolved.name == parent


def test_unit_of_is_none_for_the_actor_itself(registry: ActorRegistry) -> None:
    assert registry.unit_of("BLA") is None
    assert registry.unit_of("Free Hills Liberation Front") is None


def test_unit_mentions_keep_the_unit(registry: ActorRegistry, nlp: Language) -> None:
    ms = mentions(
        registry, nlp, "Fighters of the Majeed Brigade attacked a Levies post, the group's wing Zirab said."
    )
    found = {(m.actor.name, m.unit) for m in ms}
    assert (BLA, "Majeed Brigade") in found
    assert ("Police Forces of Pakistan", "Levies") in found
    assert (BLA, "Zirab") in found
    assert all(m.via == "unit" for m in ms if m.unit)


def test_name_with_bracketed_acronym_is_one_mention(registry: ActorRegistry, nlp: Language) -> None:
    text = "A statement by the Baloch Liberation Army (BLA) named the Frontier Corps (FC) as its target."
    ms = mentions(registry, nlp, text, "Pakistan")
    assert [m.text for m in ms] == ["Baloch Liberation Army (BLA)", "Frontier Corps (FC)"]
    for m in ms:
        assert text[m.start : m.end] == m.text


# --- demonyms and generic force nouns -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistani soldiers", "Military Forces of Pakistan"),
        ("Syrian police", "Police Forces of Syria"),
        ("Afghan forces", "Military Forces of Afghanistan"),
        ("the Nigerian army", "Military Forces of Nigeria"),
        ("Burmese troops", "Military Forces of Myanmar"),
        ("Pakistan's army", "Military Forces of Pakistan"),
        ("Yemeni security personnel", "Military Forces of Yemen"),
        ("Kenyan police officers", "Police Forces of Kenya"),
        ("U.S. troops", "Military Forces of United States"),
        ("Afghan civilians", "Civilians (Afghanistan)"),
        ("the armed forces of the Philippines", "Military Forces of Philippines"),
    ],
)
def test_demonym_and_force_noun_is_that_states_forces(
    registry: ActorRegistry, text: str, expected: str
) -> None:
    actor = registry.resolve(text, country="Somalia")  # the named country wins over the report's
    assert actor is not None and actor.name == expected
    assert actor.inter == (7 if expected.startswith("Civilians") else 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("security sources", "Military Forces of Kenya"),
        ("a senior security official", "Military Forces of Kenya"),
        ("military spokesman", "Military Forces of Kenya"),
        ("police officials", "Police Forces of Kenya"),
        ("Ugandan army officials", "Military Forces of Uganda"),
        ("local sources", None),  # nobody's side (codebook: "local sources" are a local claimant)
        ("officials", None),  # could be any part of a government
        ("senior officials", None),
        ("hospital sources", None),
    ],
)
def test_speakers_for_the_forces_need_a_security_word(
    registry: ActorRegistry, text: str, expected: str | None
) -> None:
    actor = registry.resolve(text, country="Kenya")
    assert (actor.name if actor else None) == expected


def test_speaker_phrases_are_not_actor_mentions(registry: ActorRegistry, nlp: Language) -> None:
    # A source is who speaks, not who fights: it must not become a side of the event.
    ms = mentions(registry, nlp, "Security sources said the convoy was attacked near the border.", "Kenya")
    assert [m.text for m in ms] == []


def test_bare_force_noun_refers_back_to_named_foreign_forces(registry: ActorRegistry, nlp: Language) -> None:
    text = (
        "Kenyan troops advanced on the town. Three soldiers were wounded, and Somali police sealed the road."
    )
    ms = mentions(registry, nlp, text, "Somalia")
    assert [(m.text, m.actor.name, m.via) for m in ms] == [
        ("Kenyan troops", "Military Forces of Kenya", "demonym"),
        ("soldiers", "Military Forces of Kenya", "anaphor"),
        ("Somali police", "Police Forces of Somalia", "demonym"),
    ]
    # jets named first do not make later ground troops foreign
    ms = mentions(registry, nlp, "Kenyan jets bombed the camp. Two soldiers died in a later raid.", "Somalia")
    assert [m.actor.name for m in ms] == ["Military Forces of Kenya", "Military Forces of Somalia"]


def test_demonym_force_phrases_in_a_doc(registry: ActorRegistry, nlp: Language) -> None:
    ms = mentions(
        registry, nlp, "Nigerian troops and Cameroonian soldiers repelled the raid on Tuesday.", None
    )
    assert [(m.text, m.actor.name, m.via) for m in ms] == [
        ("Nigerian troops", "Military Forces of Nigeria", "demonym"),
        ("Cameroonian soldiers", "Military Forces of Cameroon", "demonym"),
    ]


def test_generic_force_nouns_take_the_reports_country(registry: ActorRegistry, nlp: Language) -> None:
    for text, expected in [
        ("security forces", "Military Forces of Yemen"),
        ("troops", "Military Forces of Yemen"),
        ("the army", "Military Forces of Yemen"),
        ("police", "Police Forces of Yemen"),
        ("residents", "Civilians (Yemen)"),
    ]:
        actor = registry.resolve(text, country="Yemen")
        assert actor is not None and actor.name == expected, text
    assert registry.resolve("security forces") is None  # no country, no state
    assert registry.resolve("personnel", country="Yemen") is None  # needs a modifier
    civilians = registry.resolve("civilians")
    assert civilians is not None and civilians.name == "Civilians"

    text = "Security forces said two soldiers and a policeman were hurt; residents fled."
    ms = mentions(registry, nlp, text, "Mali")
    assert names(ms) == [
        "Military Forces of Mali",
        "Military Forces of Mali",
        "Police Forces of Mali",
        "Civilians (Mali)",
    ]
    assert [m.actor.name for m in mentions(registry, nlp, text, None)] == ["Civilians"]


def test_other_peoples_forces_are_not_the_state(registry: ActorRegistry, nlp: Language) -> None:
    text = "Kurdish forces and rebel forces held the bridge while the group said its forces had withdrawn."
    assert mentions(registry, nlp, text, "Syria") == []
    # "civilian" as an adjective is no mention of civilians
    assert mentions(registry, nlp, "Shells hit civilian homes.", "Syria") == []


def test_group_name_before_a_force_noun_keeps_the_group(registry: ActorRegistry, nlp: Language) -> None:
    ms = mentions(registry, nlp, "Houthi forces fired at a ship, the Saudi-led coalition said.", "Yemen")
    assert names(ms) == ["Houthis (Ansar Allah)", "Military Forces of Saudi Arabia"]


# --- case rules -----------------------------------------------------------------------------------


def test_the_word_is_never_the_islamic_state(registry: ActorRegistry, nlp: Language) -> None:
    text = "The attack is said to be the work of IS, which is active in the area."
    ms = mentions(registry, nlp, text, "Iraq")
    assert [(m.text, m.actor.name) for m in ms] == [("IS", "Islamic State (IS)")]
    assert registry.resolve("is") is None
    assert registry.resolve("IS") is not None
    # a headline in capitals: "IS" is the verb
    assert "Islamic State (IS)" not in names(mentions(registry, nlp, "ATTACK IS REPELLED IN NORTH", "Iraq"))


def test_capitalised_names_do_not_match_lower_case_words(registry: ActorRegistry, nlp: Language) -> None:
    ms = mentions(registry, nlp, "The district council levies a fee on traders.", "Pakistan")
    assert ms == []
    assert registry.resolve("levies") is None
    assert registry.resolve("bla") is None
    # ... while names written in lower case in the data match any case
    sho = registry.resolve("Station House Officer")
    assert sho is not None and sho.name == "Police Forces of Pakistan"


def test_a_foreign_acronym_needs_its_country_in_the_report(registry: ActorRegistry, nlp: Language) -> None:
    elsewhere = "Fighters of the TDF overran an outpost in Tanintharyi, the junta said."
    assert "Tigray People's Liberation Front (TPLF)" not in names(
        mentions(registry, nlp, elsewhere, "Myanmar")
    )
    home = "Fighters of the TDF overran an outpost near Mekelle, Ethiopian officials said."
    assert "Tigray People's Liberation Front (TPLF)" in names(mentions(registry, nlp, home, "Ethiopia"))


def test_ambiguous_alias_follows_the_reports_country(registry: ActorRegistry) -> None:
    somali = registry.resolve("SNA", country="Somalia")
    syrian = registry.resolve("SNA", country="Syria")
    assert somali is not None and somali.name == "Military Forces of Somalia"
    assert syrian is not None and syrian.name == "Syrian National Army (SNA)"


# --- alliances ------------------------------------------------------------------------------------


def test_alliances_and_same_side(registry: ActorRegistry) -> None:
    assert registry.members(BRAS) == {
        BLA,
        "Balochistan Liberation Front (BLF)",
        "Baloch Republican Guard (BRG)",
        "Sindhu Desh Revolutionary Army (SDRA)",
    }
    assert registry.members("BRAS") == registry.members(BRAS)  # an alias works too
    assert registry.same_side(BLA, BRAS)
    assert registry.same_side(BRAS, "Balochistan Liberation Front (BLF)")
    assert registry.same_side(BLA, "Balochistan Liberation Front (BLF)")  # both members of BRAS
    assert registry.same_side(BLA, BLA)
    assert not registry.same_side(BLA, "Tehrik-i-Taliban Pakistan (TTP)")
    assert not registry.same_side(BLA, "Military Forces of Pakistan")
    # membership is transitive: Ahrar al-Sham is in the NFL, which is in the SNA
    assert registry.same_side("Ahrar al-Sham", "Syrian National Army (SNA)")


# --- unlisted groups found by NER -----------------------------------------------------------------


def test_unknown_armed_group_becomes_an_unlisted_actor(registry: ActorRegistry, nlp: Language) -> None:
    text = "The Free Hills Liberation Front claimed the ambush, saying its fighters killed six soldiers."
    ms = mentions(registry, nlp, text, "Pakistan")
    group = ms[0]
    assert group.text == "Free Hills Liberation Front"
    assert group.actor.name == "Free Hills Liberation Front"
    assert (group.actor.listed, group.actor.inter, group.via) == (False, 2, "ner")
    assert names(ms)[1:] == ["Military Forces of Pakistan"]


def test_unknown_militia_is_inter_3(registry: ActorRegistry, nlp: Language) -> None:
    ms = mentions(
        registry, nlp, "A group calling itself the Red Valley Militia said it burned the market.", "Nigeria"
    )
    assert [(m.actor.name, m.actor.inter, m.actor.listed) for m in ms] == [("Red Valley Militia", 3, False)]


def test_numbered_army_formation_is_a_state_unit(registry: ActorRegistry, nlp: Language) -> None:
    ms = mentions(registry, nlp, "Soldiers of the 303rd Infantry Brigade clashed with rebels.", "Philippines")
    assert ("Military Forces of Philippines", "303rd Infantry Brigade") in {
        (m.actor.name, m.unit) for m in ms
    }
    assert all(m.actor.listed for m in ms)


# --- user actor files -----------------------------------------------------------------------------


def write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_user_file_adds_actors_and_countries_without_code(tmp_path: Path, nlp: Language) -> None:
    user = write(
        tmp_path / "mine.yaml",
        {
            "countries": [{"name": "Freedonia", "iso2": "FD", "demonyms": ["Freedonian"]}],
            "actors": [
                {
                    "name": "Northern Hills Brigade (NHB)",
                    "inter": 2,
                    "country": "Freedonia",
                    "aliases": ["Hill Brigade"],
                    "units": ["Falcon Squad", {"name": "Eagle Wing", "aliases": ["Eagles"]}],
                    "member_of": [BRAS],
                },
                # restate one field of a built-in actor: its other fields stay
                {"name": BLA, "aliases": ["Balochistan Liberation Army", "Baloch Liberation Army-Jeeyand"]},
            ],
        },
    )
    reg = ActorRegistry.load([user])
    nhb = reg.resolve("NHB")
    assert nhb is not None and (nhb.name, nhb.inter, nhb.country) == (
        "Northern Hills Brigade (NHB)",
        2,
        "Freedonia",
    )
    found = reg.unit_of("Eagles")
    assert found is not None and (found[0].name, found[1]) == ("Northern Hills Brigade (NHB)", "Eagle Wing")
    assert reg.same_side("NHB", BLA)
    assert reg.country_of("Freedonians") == "Freedonia"
    troops = reg.resolve("Freedonian troops")
    assert troops is not None and troops.name == "Military Forces of Freedonia"
    bla = reg.resolve("Baloch Liberation Army-Jeeyand")
    assert bla is not None and bla.name == BLA and "Fateh Squad" in bla.units

    ms = reg.find_mentions(
        nlp("The Falcon Squad of the Hill Brigade ambushed Freedonian soldiers."), "Freedonia"
    )
    assert [(m.actor.name, m.unit) for m in ms] == [
        ("Northern Hills Brigade (NHB)", "Falcon Squad"),
        ("Northern Hills Brigade (NHB)", None),
        ("Military Forces of Freedonia", None),
    ]
    # the built-in registry is untouched
    assert ActorRegistry.load().resolve("NHB") is None


def test_user_file_overrides_an_actor(tmp_path: Path) -> None:
    user = write(tmp_path / "override.yaml", {"actors": [{"name": "Wagner Group", "inter": 2}]})
    wagner = ActorRegistry.load([user]).resolve("Wagner")
    assert wagner is not None and wagner.inter == 2 and wagner.country == "Russia"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("actors: [name: oops\n  - broken", ["not valid YAML"]),
        ("- just\n- a list\n", ["expected a mapping"]),
        (
            "actors:\n  - {name: Lone Wolves Front, country: Pakistan}\n",
            ["actors entry 1", "Lone Wolves Front", "inter"],
        ),
        (
            "actors:\n  - {name: X Front, inter: 2}\n  - {name: Y Front, inter: 12}\n",
            ["actors entry 2", "Y Front"],
        ),
        ("actors:\n  - {name: Z Front, inter: 2, country: Atlantis}\n", ["Z Front", "Atlantis"]),
        (
            "actors:\n  - {name: Q Front, inter: 2, member_of: [No Such Alliance]}\n",
            ["Q Front", "No Such Alliance"],
        ),
        ("actors:\n  - {name: W Front, inter: 2, colour: red}\n", ["W Front", "colour"]),
        ("actor:\n  - {name: V Front, inter: 2}\n", ["actor"]),
    ],
)
def test_malformed_user_file_names_file_and_entry(tmp_path: Path, content: str, words: list[str]) -> None:
    path = tmp_path / "bad_actors.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        ActorRegistry.load([path])
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_missing_user_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="nowhere.yaml"):
        ActorRegistry.load([tmp_path / "nowhere.yaml"])


# --- countries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistani", "Pakistan"),
        ("Burmese", "Myanmar"),
        ("Burma", "Myanmar"),
        ("DRC", "Democratic Republic of Congo"),
        ("DR Congo", "Democratic Republic of Congo"),
        ("Congolese", "Democratic Republic of Congo"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("the Philippines", "Philippines"),
        ("Afghans", "Afghanistan"),
        ("US", "United States"),
        ("us", None),
        ("Atlantis", None),
    ],
)
def test_country_of(registry: ActorRegistry, text: str, expected: str | None) -> None:
    assert registry.country_of(text) == expected


def test_state_forces_and_civilians(registry: ActorRegistry) -> None:
    army = registry.state_forces("Pakistani")
    assert (army.name, army.inter, army.country) == ("Military Forces of Pakistan", 1, "Pakistan")
    assert "Inter-Services Public Relations (ISPR)" in army.units
    assert registry.state_forces("Syria", "police").name == "Police Forces of Syria"
    assert (registry.civilians("Yemen").name, registry.civilians("Yemen").inter) == ("Civilians (Yemen)", 7)
    assert registry.civilians(None).name == "Civilians"
    with pytest.raises(ValueError):
        registry.state_forces("Syria", "navy")


# --- the report's country -------------------------------------------------------------------------


def test_infer_country_from_a_short_report(registry: ActorRegistry, nlp: Language) -> None:
    report = (
        "Gunmen kill four policemen in northern Nigeria\n"
        "Gunmen attacked a checkpoint on Monday, killing four policemen, officials said. "
        "Cameroonian soldiers later sealed the border. The attackers fled towards Niger, residents said."
    )
    assert registry.infer_country(nlp(report)) == "Nigeria"


def test_demonyms_say_whose_names_say_where(registry: ActorRegistry, nlp: Language) -> None:
    # Two demonyms (a foreign power's jets and airstrikes) against one name of the country where it happens:
    # a demonym heading a force phrase votes a quarter, so the named country wins.
    report = (
        "Clashes continue in the desert\n"
        "Fighting went on overnight. The front was quiet by morning.\n"
        "Russian jets struck positions of the group and Russian airstrikes hit a convoy. "
        "The fighting is among the worst in Syria this year."
    )
    assert registry.infer_country(nlp(report)) == "Syria"


def test_infer_country_from_actors_alone(registry: ActorRegistry, nlp: Language) -> None:
    doc = nlp("The Tehrik-i-Taliban Pakistan claimed an attack on a checkpoint that killed two guards.")
    assert registry.infer_country(doc) == "Pakistan"
    assert registry.infer_country(nlp("Two men were hurt in a fight at a market on Sunday.")) is None


def test_infer_country_weighs_the_lead_and_place_votes(registry: ActorRegistry, nlp: Language) -> None:
    doc = nlp(
        "Shelling hit a village in Syria. Officials blamed the attack on Russian-backed units. "
        "Russia denied it."
    )
    assert registry.infer_country(doc) == "Syria"
    assert registry.infer_country(doc, place_votes={"Lebanon": 10.0}) == "Lebanon"


# --- the seed reports (read from ../shared at run time) -------------------------------------------


def test_seed_reports_name_the_gold_actors(registry: ActorRegistry, nlp: Language) -> None:
    gold_path = SHARED / "gold" / "seed-events.yaml"
    if not gold_path.exists():
        pytest.skip(f"shared seed data not found at {SHARED}")
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    for report in gold["reports"]:
        doc = nlp((SHARED / "seeds" / report["file"]).read_text(encoding="utf-8"))
        country = registry.infer_country(doc)
        assert country == "Pakistan", report["file"]
        found = set()
        for m in registry.find_mentions(doc, country):
            found.add(m.actor.name)
            if m.unit:
                found.add(f"{m.actor.name} ({m.unit})")
        for event in report["events"]:
            for side in ("actor1", "actor2"):
                if event.get(side):
                    assert event[side] in found, (report["file"], event["id"], event[side])


def test_country_lookup_for_places(registry: ActorRegistry) -> None:
    lookup = registry.country_lookup()
    assert lookup["pakistan"] == "Pakistan"
    assert lookup["burma"] == "Myanmar"
    assert lookup["drc"] == "Democratic Republic of Congo"
    assert "pakistani" not in lookup  # a demonym is no place name


def test_ucdp_country_forms(registry: ActorRegistry) -> None:
    # UCDP writes some countries with their former names; both directions go through countries.yaml.
    assert registry.ucdp_name("Myanmar") == "Myanmar (Burma)"
    assert registry.ucdp_name("Yemen") == "Yemen (North Yemen)"
    assert registry.ucdp_name("Pakistan") == "Pakistan"
    assert registry.country_of("Myanmar (Burma)") == "Myanmar"
    assert registry.country_of("Kingdom of eSwatini (Swaziland)") == "eSwatini"
    assert registry.country_of_iso2("sy") == "Syria"
    # "Congo" stays the Democratic Republic's alias although UCDP's "Congo" is the Republic's
    assert registry.country_of("Congo") == "Democratic Republic of Congo"
    assert registry.ucdp_name("Republic of Congo") == "Congo"


def test_resistance_forces_are_not_the_states(registry: ActorRegistry, nlp: Language) -> None:
    found = mentions(registry, nlp, "Local resistance forces attacked a post on Monday.", "Myanmar")
    assert "Military Forces of Myanmar" not in names(found)
    found = mentions(registry, nlp, "Local security forces attacked a post on Monday.", "Myanmar")
    assert names(found) == ["Military Forces of Myanmar"]


def test_a_name_with_a_typographic_apostrophe_is_found(registry: ActorRegistry, nlp: Language) -> None:
    for text in ("The People’s Defense Force said it held the hill.", "The People's Defense Force said so."):
        assert names(mentions(registry, nlp, text, "Myanmar")) == ["People's Defence Force (PDF)"]


def test_an_unlisted_defence_force_is_a_group_and_a_task_force_a_state_unit(
    registry: ActorRegistry, nlp: Language
) -> None:
    # a local resistance unit named "<Place> Defence Force" is an armed group of its own ...
    ms = mentions(registry, nlp, "Members of the Mindat Defence Force attacked a police post.", "Myanmar")
    group = next(m for m in ms if "Mindat" in m.text)
    assert (group.actor.name, group.actor.inter) == ("Mindat Defence Force", 2)
    # ... while a joint task force or a quick reaction force is a formation of the state's army
    ms = mentions(
        registry, nlp, "The Joint Task Force said the Quick Reaction Force repelled the raid.", "Nigeria"
    )
    assert names(ms) == ["Military Forces of Nigeria", "Military Forces of Nigeria"]


def test_police_after_an_admin_areas_name_are_the_states(registry: ActorRegistry, nlp: Language) -> None:
    # "Imo State police", "the Bajaur District police": a place's police command, not a group named "Imo State"
    ms = mentions(registry, nlp, "Imo State police say their teams killed three gunmen in Orlu.", "Nigeria")
    assert "Police Forces of Nigeria" in names(ms)
    ms = mentions(registry, nlp, "The Bajaur District police said two men were arrested.", "Pakistan")
    assert "Police Forces of Pakistan" in names(ms)


def test_a_line_break_is_no_part_of_a_demonym_phrase(registry: ActorRegistry, nlp: Language) -> None:
    ms = mentions(registry, nlp, "Rider shot dead in Garissa\nKenyan police shot dead a rider.", "Kenya")
    police = next(m for m in ms if m.actor.name == "Police Forces of Kenya")
    assert police.text == "Kenyan police"

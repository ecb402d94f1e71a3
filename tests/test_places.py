"""The places stage: toponyms and the hierarchy the text itself gives (own invented sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.places import find_places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X in Y's Z district": X lies in the district, the district in the province
        (
            "Fighters attacked a camp in Tump in Makran's Kech district on Sunday.",
            {"Tump": "Kech", "Kech": "Makran"},
        ),
        # "X on Y's Z Bypass": a road is not an area, X lies in Y
        ("A grenade hit a van near Sariab on Quetta's Western Bypass.", {"Sariab": "Quetta"}),
        # curly apostrophes behave like straight ones
        (
            "Shops shut in Nal in Balochistan’s Khuzdar district.",
            {"Nal": "Khuzdar", "Khuzdar": "Balochistan"},
        ),
        ("Clashes broke out in the Gichk area of Panjgur district.", {"Gichk": "Panjgur"}),
        # a participle that only says where the place lies
        (
            "Gunmen shot a teacher in Dabar village located in the Mokra area of Kech district.",
            {"Dabar": "Mokra", "Mokra": "Kech"},
        ),
    ],
)
def test_text_hierarchy(nlp: Language, text: str, expected: dict[str, str]) -> None:
    parents = {p.name: p.parent for p in find_places(nlp(text))}
    for name, parent in expected.items():
        assert parents.get(name) == parent, (name, parents)


def test_headline_case_capitals_do_not_make_places(nlp: Language) -> None:
    # Synthetic headlines: every word is capitalised, so "in Border Hill" is no place; a typed name is.
    doc = nlp("Rebels Ambush Army Convoy in Border Hill, Officials Say\nThe army said it was calm.")
    assert "Border Hill" not in [m.name for m in find_places(doc)]
    doc = nlp("Junta Troops Ambushed in Southern Shan State, Residents Say\nThe army said it was calm.")
    assert any(m.name.endswith("Shan") and m.level == "admin1" for m in find_places(doc))
    # the same words in an ordinary sentence still read as a place after "in"
    doc = nlp("The convoy was ambushed in Border Hill on Monday, officials said.")
    assert "Border Hill" in [m.name for m in find_places(doc)]


def test_a_type_word_before_a_village_name_is_not_part_of_the_name(nlp: Language) -> None:
    doc = nlp("Troops clashed with rebels in Barangay Malinao, a village far from the main road, on Monday.")
    assert "Malinao" in [m.name for m in find_places(doc)]


def test_a_known_name_with_and_inside_is_one_place_and_feature_words_are_none(nlp: Language) -> None:
    doc = nlp(
        "A soldier was killed near the Line of Control in Jammu and Kashmir's Poonch district on Monday."
    )
    places = {m.name: m for m in find_places(doc)}
    assert set(places) == {"Jammu and Kashmir", "Poonch"}
    assert places["Poonch"].parent == "Jammu and Kashmir" and places["Jammu and Kashmir"].level == "admin1"
    # an unknown "X and Y" stays two places
    doc = nlp("Clashes were reported in Kech and Panjgur districts on Monday.")
    assert [m.name for m in find_places(doc)] == ["Kech", "Panjgur"]


def test_a_particle_between_hyphens_stays_inside_the_name(nlp: Language) -> None:
    doc = nlp("Gunmen shot a police officer in Qala-e-Naw on Monday.")
    assert "Qala-e-Naw" in [m.name for m in find_places(doc)]


def test_township_is_a_type_word_not_part_of_the_name(nlp: Language) -> None:
    doc = nlp("Two fighters were killed in Dawei Township on Wednesday night.")
    (m,) = [m for m in find_places(doc)]
    assert (m.name, m.kind) == ("Dawei", "township")


def test_an_english_word_between_names_is_no_particle(nlp: Language) -> None:
    # "at" joins a name only as "at-" ("Tall at-Tamr"); spaced, it is the preposition
    doc = nlp("Gunmen stopped a bus on its way from Dera to Wajir Town at Gurar Dabo area on Monday.")
    names = [m.name for m in find_places(doc)]
    assert "Gurar Dabo" in names and not any(" at " in n for n in names)


@pytest.mark.parametrize(
    "text, name, kind, level, parent",
    [
        # "X local government area of Y state": the phrase is the type, and nesting reads past it
        ("Gunmen killed two farmers in Ikwo local government area of Ebonyi state.", "Ikwo", "local government area",
         "admin2", "Ebonyi"),
        ("Troops searched the Kutupalong refugee camp after the raid.", "Kutupalong", "refugee camp", "place", None),
    ],
)  # fmt: skip
def test_a_type_phrase_of_several_words_gives_the_level(
    nlp: Language, text, name, kind, level, parent
) -> None:
    found = {m.name: m for m in find_places(nlp(text))}
    assert name in found and (found[name].kind, found[name].level, found[name].parent) == (
        kind,
        level,
        parent,
    )


def test_a_name_may_open_with_a_lower_case_article_joined_by_a_hyphen(nlp: Language) -> None:
    doc = nlp("Two fighters died when a mine went off near al-Rashid frontlines south of Hama on Friday.")
    found = {m.name: m for m in find_places(doc)}
    assert "al-Rashid" in found and found["al-Rashid"].kind == "frontlines" and found["al-Rashid"].near


def test_coordinated_places_do_not_nest(nlp: Language) -> None:
    doc = nlp("Jets struck Bara village and the town of Kafr Nabl before dawn.")
    found = {m.name: m for m in find_places(doc)}
    assert found["Bara"].parent is None and "Kafr Nabl" in found


@pytest.mark.parametrize(
    "text, thing",
    [
        ("Gunmen killed a cartel boss in the area, Pablo Ruiz.", "Pablo Ruiz"),
        ("Two men were shot while driving in a Ford Ranger near Caborca.", "Ford Ranger"),
    ],
)
def test_a_name_after_a_bare_type_word_or_an_indefinite_article_is_no_place(
    nlp: Language, text, thing
) -> None:
    assert thing not in [m.name for m in find_places(nlp(text))]


def test_a_settlement_word_before_the_name_types_it(nlp: Language) -> None:
    doc = nlp("Fighting broke out in the village of Ntanka in Bali on Sunday.")
    found = {m.name: m for m in find_places(doc)}
    assert (found["Ntanka"].kind, found["Ntanka"].parent) == ("village", "Bali")


def test_a_philippine_address_names_the_villages_town_after_the_comma(nlp: Language) -> None:
    doc = nlp("Troops clashed with rebels in Barangay Tinago, Bayawan City in Negros Oriental on Friday.")
    found = {m.name: m for m in find_places(doc)}
    assert (found["Tinago"].kind, found["Tinago"].parent) == ("barangay", "Bayawan")


def test_adjectives_before_a_province_do_not_hide_that_it_encloses_the_town(nlp: Language) -> None:
    doc = nlp(
        "Gunmen attacked a checkpoint in Qalat, the capital of restive southern Zabul province, on Monday."
    )
    found = {m.name: m for m in find_places(doc)}
    assert found["Qalat"].parent == "Zabul"


def test_a_compass_word_after_a_name_is_not_a_noun_the_name_modifies(nlp: Language) -> None:
    doc = nlp("Gunmen shot dead a local official in Tell al-Hara eastern of Daraa on Monday.")
    assert "Tell al-Hara" in [m.name for m in find_places(doc)]


def test_community_is_a_place_type_word_but_a_peoples_community_no_place(nlp: Language) -> None:
    names = [m.name for m in find_places(nlp("Two men were found shot dead near the San Isidro community."))]
    assert "San Isidro" in names
    assert find_places(nlp("Leaders of the Hazara community condemned the attack.")) == []


def test_a_demonym_and_a_type_word_name_a_body_not_a_place(nlp: Language) -> None:
    doc = nlp("The Ethiopian Refugee Agency said six refugees were killed near the camp in Tigray.")
    assert "Ethiopian Refugee" in [m.name for m in find_places(doc)]  # "Agency" is a type word (FATA's)
    assert "Ethiopian Refugee" not in [m.name for m in find_places(doc, demonyms=frozenset({"ethiopian"}))]


def test_a_name_ner_takes_for_a_people_is_a_place_before_a_settlement_word(nlp: Language) -> None:
    doc = nlp("Gunmen fired on a checkpoint close to the road near Syada town, east of Daraa, on Monday.")
    assert "Syada" in [m.name for m in find_places(doc)]


def test_of_two_nested_districts_the_outer_is_the_district(nlp: Language) -> None:
    from khabar.places import PlaceIndex

    text = "In Dabar village located in the Mokra district in Tsana Division, militants killed a woman on Monday."
    mentions = find_places(nlp(text))
    index = PlaceIndex.build(mentions)
    loc = index.location(next(m for m in mentions if m.name == "Dabar"), "Pakistan")
    assert loc.admin2 == "Tsana"


@pytest.mark.parametrize(
    "text",
    [
        "The gunmen fired at Rodrigo Salas Nunez, nicknamed El Toro, outside a bar.",
        "The gunmen fired at Rodrigo Salas Nunez, who died at the scene.",
        "The gunmen fired at Rodrigo Salas Nunez alias El Toro outside a bar.",
    ],
)
def test_a_name_given_a_nickname_or_a_who_is_a_person_not_a_place(nlp: Language, text: str) -> None:
    assert [p.name for p in find_places(nlp(text)) if "Salas" in p.name] == []


def test_a_capitalised_word_after_an_article_is_part_of_the_name(nlp: Language) -> None:
    # invented village names; the tagger calls rare ones adjectives
    names = {
        p.name
        for p in find_places(
            nlp("A missile hit a truck at Kherbet Al-Naqous frontlines close to Sahl Al-Rouj.")
        )
    }
    assert "Kherbet Al-Naqous" in names


def test_the_countryside_of_x_is_a_rural_parent(nlp: Language) -> None:
    (inner, *_) = find_places(nlp("A mine went off in Tal Saman in the western countryside of Hama."))
    assert (inner.name, inner.parent, inner.parent_kind) == ("Tal Saman", "Hama", "countryside")


def test_a_name_typed_wider_elsewhere_holds_the_place_before_its_comma(nlp: Language) -> None:
    text = (
        "Aid workers were attacked in the Tigray Region. One was killed in Kola Temben, Tigray by soldiers."
    )
    parents = {p.name: p.parent for p in find_places(nlp(text))}
    assert parents.get("Kola Temben") == "Tigray"
    # but a list of districts is no nesting
    text = (
        "Kalat district was hit hardest. The report named Kalat, Kech, Panjgur and Quetta as the districts."
    )
    parents = {p.name: p.parent for p in find_places(nlp(text))}
    assert parents.get("Kalat") is None


def test_a_region_inside_a_provinces_countryside_is_a_place_not_a_province(nlp: Language) -> None:
    from khabar.places import PlaceIndex

    ms = find_places(nlp("A mine killed a man in al-Hamra region in the northern countryside of Quneitra."))
    assert PlaceIndex.build(ms).levels["al-Hamra"] == "place"


def test_the_township_refers_to_the_township_named_before(nlp: Language) -> None:
    text = (
        "Six soldiers were killed in Kalaw Township on Monday. "
        "Fighters ambushed the troops near Nam Kha village in the north of the township."
    )
    parents = {p.name: p.parent for p in find_places(nlp(text))}
    assert parents.get("Nam Kha") == "Kalaw"


def test_a_place_in_another_clause_does_not_hold_the_place_before_it(nlp: Language) -> None:
    text = "Four rebels killed by landmines in Idlib, while army units bombard posts in Hama countryside"
    parents = {p.name: p.parent for p in find_places(nlp(text))}
    assert parents.get("Idlib") is None


def test_names_before_a_plural_type_word_are_of_that_type_whatever_their_tag(nlp: Language) -> None:
    # the tagger reads a name ending in -ing as a verb; before "regions" it is a region's name all the same
    found = {
        p.name: p.level
        for p in find_places(nlp("Clashes were reported in Burma's Kyaing and Sagaing regions."))
    }
    assert found.get("Kyaing") == "admin1" and found.get("Sagaing") == "admin1"
    found = {
        p.name: p.level for p in find_places(nlp("Shelling hit the Ariha and Saraqib districts overnight."))
    }
    assert found == {"Ariha": "admin2", "Saraqib": "admin2"}


def test_the_area_before_a_plural_type_word_and_of_holds_the_places_listed(nlp: Language) -> None:
    places = find_places(nlp("Troops camped between the Magway townships of Pauk and Saw on Tuesday."))
    by_name = {p.name: p for p in places}
    assert by_name["Pauk"].parent == "Magway" and by_name["Pauk"].kind == "township"
    assert by_name["Magway"].parent is None and by_name["Magway"].kind is None


def test_a_capitalised_type_phrase_ends_the_name(nlp: Language) -> None:
    text = (
        "Gunmen killed two farmers in Ohafia village in Isuochi Local Government Area of the State on Monday."
    )
    by_name = {p.name: p for p in find_places(nlp(text))}
    assert by_name["Isuochi"].level == "admin2" and by_name["Ohafia"].parent == "Isuochi"
    assert "Isuochi Local" not in by_name and "State" not in by_name


def test_of_two_nested_districts_the_inner_is_kept_as_the_place_it_lies_in(nlp: Language) -> None:
    from khabar.places import PlaceIndex

    places = find_places(
        nlp("Gunmen killed a woman in Zamai village in the Koza district in Mayo Sava Division.")
    )
    loc = PlaceIndex.build(places).location(next(p for p in places if p.name == "Zamai"), "Cameroon")
    assert (loc.admin2, loc.within) == ("Mayo Sava", "Koza")


def test_a_name_after_a_compass_adjective_is_a_region_of_a_province(nlp: Language) -> None:
    found = {p.name: p for p in find_places(nlp("Jets struck a village in northern Idlib on Sunday."))}
    assert found["Idlib"].level == "admin1"
    # a compass noun says where from a place, not which area: "north of Idlib" stays the town
    found = {p.name: p for p in find_places(nlp("Jets struck a village north of Idlib on Sunday."))}
    assert found["Idlib"].level == "place"


@pytest.mark.parametrize(
    ("text", "road"),
    [
        ("Gunmen shot a driver on the road linking Kharba and Maaraba, east of Daraa.", "Kharba-Maaraba"),
        ("A bomb hit a bus on the highway between Quetta and Kalat.", "Quetta-Kalat"),
        ("A convoy was ambushed on the road from Quetta to Kalat.", "Quetta-Kalat"),
    ],
)
def test_a_road_named_by_the_places_it_joins(nlp: Language, text: str, road: str) -> None:
    found = {p.name: p for p in find_places(nlp(text))}
    assert found[road].kind == "road"
    # two places merely coordinated are two places
    names = [p.name for p in find_places(nlp("Clashes broke out in Quetta and Kalat."))]
    assert names == ["Quetta", "Kalat"]


def test_where_a_person_lives_or_comes_from_is_a_place(nlp: Language) -> None:
    doc = nlp("Gunmen shot dead a farmer, a resident of Kili Sher, Kech, on Monday.")
    assert "Kili Sher" in [m.name for m in find_places(doc)]
    doc = nlp("Two natives of Buleji were among the dead.")
    assert "Buleji" in [m.name for m in find_places(doc)]
    # "of" after other nouns is still no place cue ("a member of Parliament")
    doc = nlp("A member of Parliament condemned the attack.")
    assert "Parliament" not in [m.name for m in find_places(doc)]

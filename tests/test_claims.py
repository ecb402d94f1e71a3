"""Tests of khabar.claims: claimants per sentence, claims per number, hedging, responsibility, duplicates.

Invented sentences (no seed text); the last test reads the real seeds and gold coding from ../shared.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from khabar.actors import ActorRegistry
from khabar.claims import Claimant, dedupe_claims, find_claims, role_of, sentence_claimants
from khabar.records import Claim

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# A small actor list for the resolver the claims stage is given (invented groups, generic state forces).
ALIASES = {
    "Northern Liberation Front (NLF)": ["nlf", "northern liberation front"],
    "Hill Tribes Alliance (HTA)": ["hta", "hill tribes alliance"],
    "Military Forces of Ruritania": [
        "ruritanian soldiers",
        "ruritanian army",
        "ruritanian troops",
        "the army",
        "security forces",
        "military",
    ],
    "Police Forces of Ruritania": ["police", "policemen"],
}


def resolve(phrase: str) -> str | None:
    """Longest alias contained in the phrase, as whole words."""
    text = " " + re.sub(r"[^\w]+", " ", phrase.lower()) + " "
    best: tuple[int, str] | None = None
    for actor, aliases in ALIASES.items():
        for a in aliases:
            a = re.sub(r"[^\w]+", " ", a).strip()
            if f" {a} " in text and (best is None or len(a) > best[0]):
                best = (len(a), actor)
    return best[1] if best else None


NLF = "Northern Liberation Front (NLF)"


def claims_of(nlp: Language, text: str, outlet: str | None = None) -> list[Claim]:
    return find_claims(nlp(text), "r1", resolve_actor=resolve, outlet=outlet)


def claimants_of(nlp: Language, text: str, outlet: str | None = None) -> list[Claimant]:
    return sentence_claimants(nlp(text), resolve_actor=resolve, outlet=outlet)


def only(claims: list[Claim], kind: str) -> Claim:
    found = [c for c in claims if c.kind == kind]
    assert len(found) == 1, [(c.kind, c.value_low, c.subject) for c in claims]
    return found[0]


# ----------------------------------------------------------------------------------------------------
# Attribution


def test_x_said_names_the_claimant_with_its_apposition_and_actor(nlp: Language) -> None:
    text = (
        "The Northern Liberation Front (NLF) said on Monday that its fighters killed more than 15 soldiers."
    )
    [c] = claimants_of(nlp, text)
    assert c.name == "Northern Liberation Front (NLF)"
    assert (c.role, c.actor) == ("party", NLF)
    assert text[c.start : c.end] == c.name
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.value_low, claim.value_high, claim.qualifier) == (16, None, "more_than")
    assert claim.evidence.quote == "more than 15"
    assert (claim.claimant, claim.claimant_actor) == ("Northern Liberation Front (NLF)", NLF)
    assert (claim.subject, claim.subject_class) == ("soldiers", "state")


def test_spokesperson_in_a_statement_resolves_to_the_group(nlp: Language) -> None:
    text = "In a statement, NLF spokesman Omar Tariq said fighters ambushed a patrol near Dara."
    [c] = claimants_of(nlp, text)
    assert c.name == "NLF spokesman Omar Tariq"
    assert (c.role, c.actor) == ("party", NLF)


def test_according_to_trailing_and_leading(nlp: Language) -> None:
    trailing = "A mortar attack on the market killed four civilians, according to hospital officials."
    [c] = claimants_of(nlp, trailing)
    assert (c.name, c.role, c.actor) == ("hospital officials", "official", None)
    claim = only(claims_of(nlp, trailing), "killed")
    assert (claim.value_low, claim.qualifier, claim.subject_class) == (4, "exact", "civilian")
    assert claim.claimant == "hospital officials"

    leading = "According to residents, at least four people died in the shelling."
    [c] = claimants_of(nlp, leading)
    assert (c.name, c.role) == ("residents", "local")
    claim = only(claims_of(nlp, leading), "killed")
    assert (claim.value_low, claim.value_high, claim.qualifier) == (4, None, "at_least")
    assert claim.subject_class == "unknown"
    assert claim.claimant_role == "local"


def test_a_headline_x_killed_y_say_is_told_by_y(nlp: Language) -> None:
    text = "A Dozen Ruritanian Troops Killed in Landmine Blast Near Dara, NLF Fighters Say"
    [c] = claimants_of(nlp, text)
    assert c.name == "NLF Fighters"


def test_quote_followed_by_the_statement_said(nlp: Language) -> None:
    text = (
        "The Hill Tribes Alliance said it attacked two posts on Sunday. "
        "\u201cOur fighters killed nine soldiers,\u201d the statement said."
    )
    cs = claimants_of(nlp, text)
    assert [c.actor for c in cs] == ["Hill Tribes Alliance (HTA)"] * 2
    claim = only(claims_of(nlp, text), "killed")
    assert claim.claimant_actor == "Hill Tribes Alliance (HTA)"
    assert claim.value_low == 9


def test_reported_speech_over_two_sentences(nlp: Language) -> None:
    text = (
        "NLF spokesman Omar Tariq said fighters attacked a convoy near Dara on Friday. "
        "He said 12 soldiers were killed."
    )
    first, second = claimants_of(nlp, text)
    assert second.name == first.name == "NLF spokesman Omar Tariq"
    assert text[second.start : second.end] == "He"
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.claimant, claim.claimant_actor, claim.value_low) == ("NLF spokesman Omar Tariq", NLF, 12)


def test_the_group_takes_the_group_not_the_spokesperson(nlp: Language) -> None:
    text = (
        "The Northern Liberation Front said on Saturday that it had repelled an offensive. "
        "NLF spokesman Omar Tariq said fighters destroyed a tank. "
        "The group said six soldiers died."
    )
    cs = claimants_of(nlp, text)
    assert [c.name for c in cs] == [
        "Northern Liberation Front",
        "NLF spokesman Omar Tariq",
        "Northern Liberation Front",
    ]
    # a later short mention of a named group is the same claimant
    text2 = (
        "The Northern Liberation Front (NLF) said it attacked a post. Later, the NLF said four soldiers died."
    )
    cs2 = claimants_of(nlp, text2)
    assert cs2[1].name == "Northern Liberation Front (NLF)"


def test_a_title_refers_back_only_to_a_claimant_with_that_title(nlp: Language) -> None:
    text = (
        "NLF spokesman Omar Tariq said fighters attacked a post. "
        "The deputy commissioner said two policemen were injured. "
        "The commissioner added that the road was closed."
    )
    cs = claimants_of(nlp, text)
    assert [(c.name, c.role) for c in cs] == [
        ("NLF spokesman Omar Tariq", "party"),
        ("deputy commissioner", "official"),
        ("deputy commissioner", "official"),
    ]
    # with no earlier claimant of that kind, the words name a claimant of their own
    [c] = claimants_of(nlp, "The army said 12 militants were arrested.")
    assert (c.name, c.role) == ("army", "party")


def test_unattributed_sentence_continues_within_its_paragraph_only(nlp: Language) -> None:
    text = (
        "According to local sources, gunmen attacked a checkpoint on Tuesday. "
        "Three policemen were killed.\n\n"
        "Two civilians were wounded in a separate blast."
    )
    cs = claimants_of(nlp, text, outlet="Daily Ledger")
    assert [(c.name, c.role) for c in cs] == [
        ("local sources", "local"),
        ("local sources", "local"),
        ("Daily Ledger", "media"),
    ]
    assert cs[1].start == -1
    claims = claims_of(nlp, text, outlet="Daily Ledger")
    assert [(c.kind, c.value_low, c.claimant) for c in claims] == [
        ("killed", 3, "local sources"),
        ("injured", 2, "Daily Ledger"),
    ]


def test_leading_unattributed_sentences_take_the_dominant_claimant(nlp: Language) -> None:
    text = (
        "Fighting raged for a second day in the valley, leaving 30 soldiers dead.\n"
        "Police said the main road was closed.\n"
        "The NLF said its fighters held the ridge. The NLF added that reinforcements had been repelled."
    )
    cs = claimants_of(nlp, text)
    assert cs[0].actor == NLF and cs[0].start == -1
    assert cs[1].name == "Police"
    killed = only(claims_of(nlp, text), "killed")
    assert (killed.claimant_actor, killed.value_low) == (NLF, 30)


def test_no_attribution_at_all_is_the_outlets_own_reporting(nlp: Language) -> None:
    text = "Clashes broke out near the border. Two soldiers were killed."
    cs = claimants_of(nlp, text, outlet="Frontier Post")
    assert {(c.name, c.role) for c in cs} == {("Frontier Post", "media")}
    cs = claimants_of(nlp, text)
    assert {(c.name, c.role) for c in cs} == {("report", "media")}


def test_speech_verb_in_a_relative_clause_is_not_attribution(nlp: Language) -> None:
    text = (
        "Troops killed 13 militants and dismantled what officials described as training camps in the hills."
    )
    [c] = claimants_of(nlp, text, outlet="Frontier Post")
    assert (c.name, c.role) == ("Frontier Post", "media")
    claim = only(claims_of(nlp, text, outlet="Frontier Post"), "killed")
    assert (claim.value_low, claim.subject_class) == (13, "nonstate")


def test_claimant_roles_from_the_lexicon() -> None:
    assert role_of("local sources") == "local"
    assert role_of("Human rights groups") == "monitor"
    assert role_of("the Institute for Conflict Studies") == "monitor"
    assert role_of("local media") == "media"
    assert role_of("deputy commissioner Ali Raza") == "official"
    assert role_of("security sources") == "party"
    assert role_of("Omar Tariq", actor=NLF) == "party"
    assert role_of("Omar Tariq") == "media"


# ----------------------------------------------------------------------------------------------------
# Numbers and kinds


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "qualifier", "subject_class"),
    [
        ("Gunmen killed more than 15 soldiers near the pass.", "killed", 16, None, "more_than", "state"),
        ("Fifteen soldiers were killed in the ambush.", "killed", 15, 15, "exact", "state"),
        ("The rebels stormed the base, killing 37 soldiers.", "killed", 37, 37, "exact", "state"),
        ("Four soldiers died in the blast.", "killed", 4, 4, "exact", "state"),
        ("Dozens of soldiers were killed in the fighting.", "killed", 24, None, "dozens", "state"),
        ("The shelling caused the death of 20 people.", "killed", 20, 20, "exact", "unknown"),
        ("The bodies of five militants were found near the river.", "killed", 5, 5, "exact", "nonstate"),
        ("About 20 people died when the bridge was bombed.", "killed", 20, 20, "about", "unknown"),
        ("The death toll rose to 12 on Sunday.", "killed", 12, 12, "exact", "unknown"),
        ("Gunmen shot dead three passengers on the highway.", "killed", 3, 3, "exact", "civilian"),
        ("Gunmen shot dead two farmers near the canal.", "killed", 2, 2, "exact", "civilian"),
        ("Troops found two wounded soldiers near the canal.", "injured", 2, 2, "exact", "state"),
        ("The blast injured five policemen.", "injured", 5, 5, "exact", "state"),
        (
            "Rebels captured more than 150 border guards at the crossing.",
            "captured",
            151,
            None,
            "more_than",
            "state",
        ),
        (
            "Fighters overran the market, detaining three bank employees.",
            "detained",
            3,
            3,
            "exact",
            "civilian",
        ),
        ("Gunmen abducted 12 passengers from a bus.", "captured", 12, 12, "exact", "civilian"),
        ("Police arrested 5 suspects after the raid.", "detained", 5, 5, "exact", "unknown"),
        (
            "Seven villagers are still missing after the flood of gunfire.",
            "missing",
            7,
            7,
            "exact",
            "civilian",
        ),
        ("Attackers torched three trucks at the depot.", "vehicles_destroyed", 3, 3, "exact", "object"),
        ("One army vehicle was destroyed in the blast.", "vehicles_destroyed", 1, 1, "exact", "object"),
    ],
)
def test_number_and_kind_patterns(
    nlp: Language, text: str, kind: str, low: int, high: int | None, qualifier: str, subject_class: str
) -> None:
    claim = only(claims_of(nlp, text), kind)
    assert (claim.value_low, claim.value_high, claim.qualifier) == (low, high, qualifier)
    assert claim.subject_class == subject_class
    assert claim.evidence.text == text
    assert (claim.evidence.start, claim.evidence.end) == (0, len(text))


def test_second_number_shares_the_noun(nlp: Language) -> None:
    text = "A roadside bomb wrecked one army truck, leaving at least three guards dead and nine injured."
    claims = claims_of(nlp, text)
    assert [(c.kind, c.value_low, c.value_high, c.subject) for c in claims] == [
        ("vehicles_destroyed", 1, 1, "army truck"),
        ("killed", 3, None, "guards"),
        ("injured", 9, 9, "guards"),
    ]


def test_others_inherit_the_noun_before_them(nlp: Language) -> None:
    claims = claims_of(
        nlp, "Officials said two policemen were martyred and three others were hurt at the checkpoint."
    )
    assert [(c.kind, c.value_low, c.subject, c.subject_class) for c in claims] == [
        ("killed", 2, "policemen", "state"),
        ("injured", 3, "policemen", "state"),
    ]
    claims = claims_of(nlp, "Three border guards died at the post while several others were wounded.")
    injured = only(claims, "injured")
    assert (injured.qualifier, injured.value_low, injured.value_high) == ("several", 3, None)
    assert (injured.subject, injured.subject_class) == ("border guards", "state")
    assert injured.vague


def test_killed_or_wounded_gives_each_kind_zero_to_n(nlp: Language) -> None:
    claims = claims_of(nlp, "Twenty soldiers were killed or wounded in the ambush.")
    assert [(c.kind, c.value_low, c.value_high, c.qualifier) for c in claims] == [
        ("killed", 0, 20, "at_most"),
        ("injured", 0, 20, "at_most"),
    ]


def test_lives_lost_and_members_of_a_side(nlp: Language) -> None:
    text = "The blast claimed the lives of 14 people in the bazaar."
    [c] = claimants_of(nlp, text, outlet="Frontier Post")
    assert c.name == "Frontier Post"  # "claimed the lives" is not a statement
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.value_low, claim.hedged) == (14, False)
    claim = only(claims_of(nlp, "Nine villagers lost their lives in the shelling."), "killed")
    assert (claim.value_low, claim.subject_class) == (9, "civilian")
    claim = only(claims_of(nlp, "Six members of the army were killed near the dam."), "killed")
    assert (claim.subject, claim.subject_class) == ("members of the army", "state")


def test_loss_of_own_fighters_is_the_claimants_side(nlp: Language) -> None:
    text = "The NLF said it lost five of its own men in the firefight."
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.value_low, claim.subject_class, claim.subject_actor) == (5, "claimant_side", NLF)
    text = "The group reported losing four of its fighters, the NLF said."
    claim = only(claims_of(nlp, text), "killed")
    assert claim.subject_class == "claimant_side"


def test_enemy_personnel_is_the_claimants_enemy(nlp: Language) -> None:
    text = "The NLF said the raid left over twenty enemy personnel eliminated."
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.value_low, claim.qualifier, claim.subject_class) == (21, "more_than", "claimant_enemy")
    assert claim.subject == "enemy personnel"


def test_subject_actor_comes_from_the_subject_words(nlp: Language) -> None:
    claim = only(claims_of(nlp, "The NLF said it killed 8 Ruritanian soldiers."), "killed")
    assert claim.subject_actor == "Military Forces of Ruritania"
    assert claim.subject == "Ruritanian soldiers"


def test_composite_subjects(nlp: Language) -> None:
    claims = claims_of(
        nlp,
        "A missile hit the bazaar, killing eleven people, including four children, and wounding 30 others.",
    )
    assert [(c.kind, c.value_low, c.value_high, c.subject) for c in claims] == [
        ("killed", 11, 11, "people incl. four children"),
        ("injured", 30, 30, "people"),
    ]
    claim = only(claims_of(nlp, "Two women and a child were killed when a shell hit their house."), "killed")
    assert (claim.value_low, claim.value_high, claim.qualifier) == (3, 3, "exact")
    assert (claim.subject, claim.subject_class) == ("women and a child", "civilian")
    assert claim.evidence.quote == "Two women and a child"
    # different kinds of people are separate claims, not one sum
    claims = claims_of(nlp, "The clash killed five soldiers and three militants.")
    assert sorted((c.subject_class, c.value_low) for c in claims) == [("nonstate", 3), ("state", 5)]


def test_seized_list_gives_one_claim_per_item(nlp: Language) -> None:
    text = (
        "The deputy commissioner confirmed that raiders took away 14 pistols, 2,500 rounds of ammunition, "
        "three pickups and six motorbikes from the depot."
    )
    claims = claims_of(nlp, text)
    assert [(c.kind, c.value_low, c.subject) for c in claims] == [
        ("seized", 14, "pistols"),
        ("seized", 2500, "rounds of ammunition"),
        ("seized", 3, "pickups"),
        ("seized", 6, "motorbikes"),
    ]
    assert {(c.claimant, c.claimant_role, c.subject_class) for c in claims} == {
        ("deputy commissioner", "official", "object")
    }


def test_passive_seizure_and_vague_amounts(nlp: Language) -> None:
    text = "Officials said 23 rifles, a large amount of ammunition and several motorcycles were seized."
    claims = claims_of(nlp, text)
    assert [(c.kind, c.value_low, c.qualifier, c.subject) for c in claims] == [
        ("seized", 23, "exact", "rifles"),
        ("seized", 3, "several", "motorcycles"),
    ]


def test_convoy_size_and_hits_are_not_claims(nlp: Language) -> None:
    text = (
        "Rebels attacked a column of eight army trucks by the river, striking five trucks and burning three."
    )
    claims = claims_of(nlp, text)
    assert [(c.kind, c.value_low, c.subject) for c in claims] == [("vehicles_destroyed", 3, "trucks")]
    assert claims[0].evidence.quote == "three"
    text = "Militants ambushed a convoy of 40 vehicles near the pass."
    assert claims_of(nlp, text) == []
    assert claims_of(nlp, "A 35-vehicle convoy was ambushed on a 13-kilometre stretch of road.") == []
    assert (
        claims_of(nlp, "Militants killed no one in 2024, but they carried out 111 operations in 51 places.")
        == []
    )
    assert claims_of(nlp, "For the past 47 days, soldiers have been killed or injured in the valley.") == []


def test_aggregates_are_still_returned(nlp: Language) -> None:
    claim = only(
        claims_of(nlp, "A monitoring group said at least 120 soldiers were killed in May."), "killed"
    )
    assert (claim.value_low, claim.qualifier, claim.claimant_role) == (120, "at_least", "monitor")


def test_sentences_without_a_kind_word_give_nothing(nlp: Language) -> None:
    assert claims_of(nlp, "The NLF said 300 fighters attended the funeral of its commander in 2023.") == []


def test_a_count_of_a_named_party_and_a_subset_of_a_counted_group(nlp: Language) -> None:
    claim = only(claims_of(nlp, "Thirteen NLF were killed in an air strike near Dara on Monday."), "killed")
    assert (claim.value_low, claim.subject, claim.subject_actor) == (13, "NLF", NLF)
    # "among the 13" points back at a count already told: no second claim of 13
    claims = claims_of(
        nlp, "Thirteen NLF fighters were killed on Monday. Two commanders were among the 13 killed."
    )
    assert [c.value_low for c in claims if c.kind == "killed"] == [13]


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("Gunmen shot dead a man working for the army's intelligence branch near Dara.", "state"),
        ("A blast near Dara hit a car carrying a collaborator with the army, killing him.", "state"),
        ("Gunmen shot dead a civilian working for a local militia near Dara.", "civilian"),
        ("Gunmen shot dead a former rebel, who had joined the army last year, near Dara.", "state"),
    ],
)
def test_a_persons_side_comes_from_whom_they_work_for(nlp: Language, text: str, cls: str) -> None:
    assert only(claims_of(nlp, text), "killed").subject_class == cls


def test_a_named_party_losing_members_loses_its_own_people(nlp: Language) -> None:
    claim = only(claims_of(nlp, "Fighting went on near Dara, while the NLF lost 11 members."), "killed")
    assert (claim.value_low, claim.subject_actor) == (11, NLF)


# ----------------------------------------------------------------------------------------------------
# One person told without a number


@pytest.mark.parametrize(
    ("text", "subject", "cls", "kind"),
    [
        (
            "Unknown gunmen opened fire on a former rebel near Dara on Monday, killing him.",
            "former rebel",
            "nonstate",
            "killed",
        ),
        (
            "The police officer was shot dead by gunmen near Dara on Monday.",
            "police officer",
            "state",
            "killed",
        ),
        (
            "A shell struck the house of the village headman, causing his immediate death.",
            "village headman",
            "civilian",
            "killed",
        ),
        ("A shell struck a house near Dara, causing his immediate death.", "his", "unknown", "killed"),
        (
            "Residents mourned the death of the teacher, who was shot near his school.",
            "teacher",
            "civilian",
            "killed",
        ),
        (
            "Major Arlo Venn was shot dead outside his barracks late on Sunday.",
            "Major Arlo Venn",
            "state",
            "killed",
        ),
        (
            "Mira Tallow, the journalist, died after she was shot outside her home.",
            "journalist",
            "civilian",
            "killed",
        ),
        ("Gunmen stopped the bus near Dara and the driver was injured.", "driver", "civilian", "injured"),
    ],
)
def test_one_person_told_without_a_number_counts_one(
    nlp: Language, text: str, subject: str, cls: str, kind: str
) -> None:
    claim = only(claims_of(nlp, text), kind)
    assert (claim.value_low, claim.value_high, claim.qualifier) == (1, 1, "exact")
    assert (claim.subject, claim.subject_class, claim.counted) == (subject, cls, False)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen tried to kill the mayor near Dara on Monday.",  # an attempt
        "The officer was not killed in the blast, police said.",  # negated
        "Police were attacked near Dara and the family fled.",  # collective nouns, no kind of harm
        "He was born in Dara and worked as a teacher.",  # no kind word
        "Jalalabad (BNA) Several members of the NLF were killed in a blast.",  # a dateline's town
    ],
)
def test_attempts_negations_and_bodies_of_people_are_not_one_person_claims(nlp: Language, text: str) -> None:
    assert [c for c in claims_of(nlp, text) if not c.counted] == []


def test_a_pronoun_takes_its_person_from_the_previous_sentence_but_not_a_place_name(nlp: Language) -> None:
    text = "Gunmen stopped a shopkeeper on the road from Dara on Monday. They shot him dead."
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.subject, claim.subject_class) == ("shopkeeper", "civilian")
    text = "Born in Dara, he was killed on Monday."
    claim = only(claims_of(nlp, text), "killed")
    assert claim.subject == "he" and claim.subject_class == "unknown"
    # a person in a "whose" aside is not whom a later pronoun means
    text = "A bomb hit the car of a guard, whose brother owns a bakery in Dara. Gunmen then shot him dead."
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.subject, claim.subject_class) == ("guard", "state")


def test_kin_nouns_are_people_of_no_known_side(nlp: Language) -> None:
    claim = only(claims_of(nlp, "Gunmen shot dead two brothers of the mayor in Dara on Monday."), "killed")
    assert (claim.value_low, claim.subject_class) == (2, "unknown")


# ----------------------------------------------------------------------------------------------------
# Hedging, responsibility, denial


def test_hedging(nlp: Language) -> None:
    assert only(claims_of(nlp, "Five soldiers were reportedly killed."), "killed").hedged
    assert only(claims_of(nlp, "The NLF claimed that 40 soldiers were killed."), "killed").hedged
    text = "The NLF said 40 soldiers were killed, a figure that could not be independently verified."
    assert only(claims_of(nlp, text), "killed").hedged
    # a hedge in a relative clause about something else does not hedge the number
    text = (
        "The NLF said it killed six soldiers in Dara, which has reportedly been under its control since May."
    )
    assert not only(claims_of(nlp, text), "killed").hedged
    assert not only(claims_of(nlp, "The NLF said 40 soldiers were killed."), "killed").hedged


def test_responsibility_and_denial(nlp: Language) -> None:
    text = "The NLF claimed responsibility for the bombing of the bridge in a message on Monday."
    claim = only(claims_of(nlp, text), "responsibility")
    assert (claim.value_low, claim.value_high, claim.qualifier) == (None, None, None)
    assert (claim.claimant_actor, claim.subject, claim.stance, claim.hedged) == (
        NLF,
        "bombing of the bridge",
        "asserts",
        False,
    )
    claim = only(claims_of(nlp, "The Hill Tribes Alliance denied involvement in the bombing."), "denial")
    assert (claim.claimant_actor, claim.stance, claim.subject) == (
        "Hill Tribes Alliance (HTA)",
        "denies",
        "involvement",
    )


@pytest.mark.parametrize(
    "text",
    [
        "No group has claimed responsibility for the bombing.",
        "None of the armed groups claimed responsibility for the bombing so far.",
        "The NLF did not claim responsibility for the bombing.",
    ],
)
def test_absent_responsibility_is_no_claim(nlp: Language, text: str) -> None:
    assert [c for c in claims_of(nlp, text) if c.kind == "responsibility"] == []


def test_pronoun_speaker_takes_the_actor_subject_of_the_sentence_before(nlp: Language) -> None:
    # The second sentence names the army as its subject but quotes nobody; "It said" refers to the army,
    # not to the NLF quoted earlier.
    text = (
        "The NLF said its fighters killed nine soldiers. "
        "The Ruritanian army gave a different account of the fighting. "
        "It said two soldiers were killed."
    )
    cs = claimants_of(nlp, text)
    assert cs[0].actor == NLF
    assert cs[2].actor == "Military Forces of Ruritania" and cs[2].name == "Ruritanian army"
    # With a quoting sentence in between, the pronoun follows the claimant history as before.
    text = "The NLF said its fighters killed nine soldiers. It added that two trucks were burnt."
    assert claimants_of(nlp, text)[1].actor == NLF


# ----------------------------------------------------------------------------------------------------
# Duplicates


def test_dedupe_keeps_the_first_of_a_repeated_figure(nlp: Language) -> None:
    text = (
        "The NLF said its fighters killed more than 15 Ruritanian soldiers on Friday. "
        "NLF spokesman Omar Tariq said the raid saw \u201cover fifteen enemy troops killed.\u201d "
        "Local sources said 16 soldiers were killed."
    )
    claims = claims_of(nlp, text)
    assert [(c.value_low, c.subject_class) for c in claims] == [
        (16, "state"),
        (16, "claimant_enemy"),
        (16, "state"),
    ]
    kept = dedupe_claims(claims)
    assert [(c.claimant, c.value_low, c.value_high) for c in kept] == [
        ("NLF", 16, None),
        ("Local sources", 16, 16),
    ]


# ----------------------------------------------------------------------------------------------------
# The seed reports (read from ../shared at run time)


def _gold_resolver(gold: dict) -> Callable[[str], str | None]:
    """A resolver built from the gold file's own actor list: canonical name -> aliases."""
    aliases: list[tuple[str, str]] = []
    for canon, names in gold["actors"].items():
        for a in [canon, *names]:
            a = re.sub(r"\s*\(.*?\)", "", str(a)).strip().lower()
            aliases.append((re.sub(r"[^\w]+", " ", a).strip(), canon))
        m = re.search(r"\(([A-Z]{2,})\)", canon)
        if m:
            aliases.append((m.group(1).lower(), canon))
    aliases.sort(key=lambda x: -len(x[0]))

    def resolve_gold(phrase: str) -> str | None:
        text = " " + re.sub(r"[^\w]+", " ", phrase.lower()) + " "
        return next((c for a, c in aliases if f" {a} " in text), None)

    return resolve_gold


@pytest.mark.skipif(not (SHARED / "gold" / "seed-events.yaml").exists(), reason="../shared/gold not present")
def test_seed_reports_yield_the_gold_claims(nlp: Language) -> None:
    gold = yaml.safe_load((SHARED / "gold" / "seed-events.yaml").read_text(encoding="utf-8"))
    resolve_gold = _gold_resolver(gold)
    # Every gold claim must be found: same kind, qualifier and lower bound (vague claims without a value by
    # qualifier), from the same claimant actor when the gold claimant names one, else the same claimant role.
    checked = 0
    missing: list[str] = []
    for report in gold["reports"]:
        path = SHARED / "seeds" / report["file"]
        if not path.exists():
            continue
        doc = nlp(path.read_text(encoding="utf-8"))
        claims = find_claims(doc, report["file"], resolve_actor=resolve_gold)
        for event in report["events"]:
            for g in event.get("claims") or []:
                checked += 1
                claimant_actor = resolve_gold(g["claimant"])
                role = role_of(g["claimant"], claimant_actor)
                ok = False
                for c in claims:
                    if c.kind != g["kind"] or c.qualifier != g["qualifier"]:
                        continue
                    if g.get("value") is not None and c.value_low != _expected_low(g):
                        continue
                    if claimant_actor is not None and role == "party" and c.claimant_actor != claimant_actor:
                        continue
                    if c.claimant_role != role:
                        continue
                    ok = True
                    break
                if not ok:
                    missing.append(f"{report['file']} {event['id']}: {g}")
    assert checked >= 20
    assert not missing, "\n".join(missing)


def _expected_low(g: dict) -> int:
    """The codebook's lower bound for a gold (value, qualifier): "more than 15" is at least 16."""
    return g["value"] + 1 if g["qualifier"] == "more_than" else g["value"]


def test_a_local_branch_with_a_possessive_speaks_for_its_group(nlp: Language) -> None:
    registry = ActorRegistry.load()

    def real(phrase: str) -> str | None:
        actor = registry.resolve(phrase, country="Myanmar")
        return actor.name if actor else None

    doc = nlp(
        "The Hill Town People's Defense Force (PDF), a resistance group, said nine soldiers were killed."
    )
    (c,) = sentence_claimants(doc, resolve_actor=real)
    assert c.actor == "People's Defence Force (PDF)"
    # "civilian" before the head noun qualifies the fighters; they do not speak for civilians
    doc = nlp("Nine Troops Killed in Ambush, Civilian Fighters Say")
    (c,) = sentence_claimants(doc, resolve_actor=real)
    assert c.actor != "Civilians (Myanmar)"


def test_a_listed_person_of_no_known_side_adds_to_the_counted_others(nlp: Language) -> None:
    c = only(
        claims_of(nlp, "Troops killed a rebel commander and three other fighters near Orlu on Sunday."),
        "killed",
    )
    assert (c.value_low, c.value_high, c.subject_class) == (4, 4, "nonstate")
    # two known sides stay two claims: the estimate adds them group by group
    claims = claims_of(nlp, "Two soldiers and three militants were killed on Sunday.")
    assert sorted((c.value_low, c.subject_class) for c in claims if c.kind == "killed") == [
        (2, "state"),
        (3, "nonstate"),
    ]


def test_the_tally_a_victim_is_the_latest_of_is_no_count_of_the_event(nlp: Language) -> None:
    text = "The dead man, the latest of dozens of deaths over two weeks of riots, was shot in Cali on Sunday."
    assert [c for c in claims_of(nlp, text) if c.kind == "killed"] == []
    # a count of its own is still one
    c = only(claims_of(nlp, "Two men were shot dead in Cali on Sunday."), "killed")
    assert c.value_low == 2


def test_others_hung_on_an_apposition_of_the_first_person_are_counted_with_him(nlp: Language) -> None:
    # the parser makes "and three others" a conjunct of the group's name set off by commas
    text = "The army has killed a leader in the rebel movement, Northern Liberation Front, and three others."
    c = only(claims_of(nlp, text), "killed")
    assert (c.value_low, c.value_high) == (4, 4)


def test_the_words_before_members_name_their_body(nlp: Language) -> None:
    c = only(claims_of(nlp, "At least five Afghan security force members have been killed."), "killed")
    assert c.subject_class == "state"
    c = only(claims_of(nlp, "Three militia members were killed on Monday."), "killed")
    assert c.subject_class == "nonstate"
    c = only(claims_of(nlp, "Two family members were killed on Monday."), "killed")
    assert c.subject_class == "unknown"


def test_a_part_of_counted_people_is_no_claim_and_another_is_one_more(nlp: Language) -> None:
    claims = claims_of(
        nlp, "Monitors documented the killing of three militiamen, two of whom were commanders."
    )
    assert [(c.kind, c.value_low) for c in claims] == [("killed", 3)]
    c = only(claims_of(nlp, "A policeman and another were killed on Monday."), "killed")
    assert (c.value_low, c.value_high) == (2, 2)


def test_an_article_parsed_onto_the_name_before_the_noun_counts_the_noun(nlp: Language) -> None:
    text = "A Free Hills People's Army (FHPA) rebel was killed while two others were captured on Thursday."
    c = only(claims_of(nlp, text), "killed")
    assert (c.value_low, c.subject_class) == (1, "nonstate") and c.subject.endswith("rebel")


def test_gang_ranks_are_people(nlp: Language) -> None:
    # "a cartel boss": a person of no side the noun tells; "hitmen": armed men of a non-state group
    claim = only(claims_of(nlp, "Rival gunmen killed a senior cartel boss near Dara on Monday."), "killed")
    assert (claim.value_low, claim.subject_class) == (1, "unknown")
    claim = only(claims_of(nlp, "Police killed four hitmen near Dara on Monday."), "killed")
    assert (claim.value_low, claim.subject_class) == (4, "nonstate")


def test_a_headline_participle_on_the_body_of_the_counted_people_counts_them(nlp: Language) -> None:
    # the parser hangs "killed" on "factions"; factions do not die, their fighters do
    text = "Two fighters of rebel factions killed in army shelling on the Dara hills"
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.value_low, claim.subject_class) == (2, "nonstate")


def test_another_after_a_noun_killing_is_one_more_person(nlp: Language) -> None:
    text = (
        "Monitors documented the killing of a member of the NLF and another of the HTA near Dara on Monday."
    )
    claim = only(claims_of(nlp, text), "killed")
    assert (claim.value_low, claim.value_high) == (2, 2)


@pytest.mark.parametrize(
    "text",
    [
        "A man from the NLF was shot dead near Dara on Monday.",
        "A subject identified as Commander Owl, from the NLF, was killed near Dara on Monday.",
        "Two fighters from the northern liberation front were killed near Dara on Monday.",
    ],
)
def test_a_person_from_a_named_group_is_the_groups(nlp: Language, text: str) -> None:
    claim = only(claims_of(nlp, text), "killed")
    assert claim.subject_actor == "Northern Liberation Front (NLF)"


def test_a_person_from_a_place_is_nobodys(nlp: Language) -> None:
    claim = only(claims_of(nlp, "A man from Dara was shot dead on Monday."), "killed")
    assert claim.subject_actor is None


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot dead the mayor of Dara on Monday.",
        "Gunmen shot dead the local secretary of the farmers' party in Dara on Monday.",
        "Two councillors were killed in Dara on Monday.",
    ],
)
def test_civil_office_holders_are_civilians(nlp: Language, text: str) -> None:
    # a mayor, a party secretary, a councillor: people of civil office, not of an armed side (ACLED and UCDP
    # code their killing as violence against civilians)
    assert only(claims_of(nlp, text), "killed").subject_class == "civilian"


def test_people_found_shot_dead_are_killed(nlp: Language) -> None:
    claim = only(claims_of(nlp, "Two herders were found shot dead near Dara on Monday."), "killed")
    assert (claim.value_low, claim.subject, claim.subject_class) == (2, "herders", "civilian")
    claim = only(claims_of(nlp, "A tailor was shot dead near Dara on Monday."), "killed")
    assert (claim.value_low, claim.subject_class) == (1, "civilian")


def test_people_taken_and_then_killed_are_both_captured_and_killed(nlp: Language) -> None:
    text = "A 52-year-old carpenter kidnapped by gunmen near Dara on Monday was found shot dead a day later."
    claims = claims_of(nlp, text)
    assert only(claims, "captured").value_low == 1 and only(claims, "killed").value_low == 1
    # taken alone: no death
    assert [c.kind for c in claims_of(nlp, "Gunmen kidnapped two carpenters near Dara on Monday.")] == [
        "captured"
    ]


def test_a_list_that_namely_opens_names_the_counted_group_and_adds_no_one(nlp: Language) -> None:
    for text in (
        "Three fighters namely Ali Khan and two others died when troops raided the camp.",
        "Police said three of the militants namely Ali Khan, a local BLA commander, and two others known as JJ "
        "and Dada were neutralised in the raid.",
    ):
        killed = [c for c in claims_of(nlp, text) if c.kind == "killed"]
        assert [(c.value_low, c.value_high) for c in killed] == [(3, 3)], text
    # without "namely" the members of a list still add up
    killed = [
        c for c in claims_of(nlp, "Two women and a child were killed in the shelling.") if c.kind == "killed"
    ]
    assert [(c.value_low, c.value_high) for c in killed] == [(3, 3)]

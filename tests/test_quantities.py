"""Numbers as written turned into intervals: parse_number, parse_quantity and find_quantities."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from khabar.quantities import find_quantities, parse_number, parse_quantity
from khabar.records import QUALIFIERS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15", 15),
        ("4,000", 4000),
        ("1,250,000", 1250000),
        ("1.5 million", 1_500_000),
        ("4 thousand", 4000),
        ("fifteen", 15),
        ("Fifteen", 15),
        ("twenty-one", 21),
        ("forty seven", 47),
        ("one hundred and twenty", 120),
        ("a hundred and fifty", 150),
        ("three thousand two hundred", 3200),
        ("a dozen", 12),
        ("dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("a couple of", 2),
        ("a pair of", 2),
    ],
)
def test_parse_number_reads_digits_and_words(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "soldiers", "1.5", "one two", "two and three", "second", "million", "dozens"]
)
def test_parse_number_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier", "approximate"),
    [
        ("15", 15, 15, "exact", False),
        ("more than 15", 16, None, "more_than", False),
        ("over fifteen", 16, None, "more_than", False),
        ("in excess of 300", 301, None, "more_than", False),
        ("more than a dozen", 13, None, "more_than", False),
        ("at least four", 4, None, "at_least", False),
        ("no fewer than 9", 9, None, "at_least", False),
        ("20 or more", 20, None, "at_least", False),
        ("about 40", 40, 40, "about", True),
        ("nearly half a dozen", 6, 6, "about", True),
        ("some 15", 15, 15, "about", True),
        ("an estimated 300", 300, 300, "about", True),
        ("30-odd", 30, 30, "about", True),
        ("up to 30", 30, 30, "up_to", True),
        ("as many as 70", 70, 70, "up_to", True),
        ("at most 3", 1, 3, "at_most", False),
        ("fewer than 5", 1, 4, "at_most", False),
        ("between 10 and 15", 10, 15, "about", True),
        ("10 to 15", 10, 15, "about", True),
        ("10-15", 10, 15, "about", True),
        ("two or three", 2, 3, "about", True),
        ("two dozen", 24, 24, "exact", False),
        ("4,000", 4000, 4000, "exact", False),
        ("a few", 2, None, "a_few", False),
        ("several", 3, None, "several", False),
        ("some", 2, None, "a_few", False),
        ("many", 3, None, "many", False),
        ("dozens of", 24, None, "dozens", False),
        ("scores of", 40, None, "scores", False),
        ("hundreds", 200, None, "hundreds", False),
        ("thousands of", 2000, None, "thousands", False),
        ("several dozen", 36, None, "dozens", False),
        ("a few hundred", 200, None, "hundreds", False),
    ],
)
def test_parse_quantity_applies_the_codebook_qualifier_rules(
    text: str, low: int, high: int | None, qualifier: str, approximate: bool
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value_low, q.value_high, q.qualifier, q.approximate) == (low, high, qualifier, approximate)
    assert q.qualifier in QUALIFIERS
    assert q.text == text


def test_parse_quantity_reads_the_start_of_a_phrase_and_refuses_words() -> None:
    q = parse_quantity("  at least 12 soldiers")
    assert q is not None and (q.value_low, q.text, q.start, q.end) == (12, "at least 12", 2, 13)
    assert parse_quantity("soldiers were killed") is None


def _found(text: str, **kwargs: bool) -> list[tuple[str, int, int | None, str]]:
    return [(q.text, q.value_low, q.value_high, q.qualifier) for q in find_quantities(text, **kwargs)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Gunmen killed more than 15 guards and wounded at least four others.",
            [("more than 15", 16, None, "more_than"), ("at least four", 4, None, "at_least")],
        ),
        ("The rebels said over fifteen troops died.", [("over fifteen", 16, None, "more_than")]),
        ("Dozens of villagers fled the shelling.", [("Dozens of", 24, None, "dozens")]),
        (
            "Police recovered two dozen rifles and 4,000 cartridges.",
            [("two dozen", 24, 24, "exact"), ("4,000", 4000, 4000, "exact")],
        ),
        ("Between 10 and 15 people were hurt.", [("Between 10 and 15", 10, 15, "about")]),
        (
            "Several shops burned and a few cars were hit.",
            [("Several", 3, None, "several"), ("a few", 2, None, "a_few")],
        ),
        ("Up to 30 people may have died.", [("Up to 30", 30, 30, "up_to")]),
    ],
)
def test_find_quantities_in_running_text(
    sentence: str, expected: list[tuple[str, int, int | None, str]]
) -> None:
    assert _found(sentence) == expected


def test_spans_point_at_the_words_and_follow_the_offset() -> None:
    text = "Officials said some 20 homes and at least three shops burned."
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
    shifted = find_quantities(text, offset=100)
    assert [q.start for q in shifted] == [q.start + 100 for q in find_quantities(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The accord was signed in 1948 and renewed in 2025.",  # years
        "The raid began at 12:30 p.m. and ended at 3 pm.",  # times of day
        "Fighting entered its second day; it was the twenty-first raid.",  # ordinals
        "The convoy was hit on 11 August and again on May 26, 2025.",  # dates
        "Turnout fell to 45% from 60 percent.",  # percentages
        "Speakers at the Hilal Talks 2025 cited Resolution 2254 and Phase 2 of the plan.",  # names and ids
        "A 25-year-old man and a man aged 40 were hurt.",  # ages
        "The donor pledged $5 million.",  # money
        "Two-thirds of the town lost power.",  # fractions
        "How many people were hurt is unclear.",  # a question, no count
        "The match ended 3-1.",  # no range
        "Flights resumed on 2025-05-26.",  # ISO date
    ],
)
def test_false_friends_are_not_quantities(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_a_year_like_number_with_a_count_noun_is_a_count() -> None:
    assert _found("Officials said 1948 refugees had registered.") == [("1948", 1948, 1948, "exact")]
    assert _found("It was founded in 1948 refugees say.") == []


def test_title_case_headline_keeps_its_count() -> None:
    assert _found("Troops Kill 12 Militants In Raid") == [("12", 12, 12, "exact")]


def test_one_and_articles_count_only_when_asked() -> None:
    text = "One guard died and a child was hurt; at least one car burned."
    assert _found(text) == [("at least one", 1, None, "at_least")]
    assert _found(text, include_articles=True) == [
        ("One", 1, 1, "exact"),
        ("a", 1, 1, "exact"),
        ("at least one", 1, None, "at_least"),
    ]
    assert _found("Officials counted one hundred and twenty tents.") == [
        ("one hundred and twenty", 120, 120, "exact")
    ]


def test_vague_quantities_are_vague_and_exact_ones_are_not() -> None:
    vague, exact = find_quantities("Hundreds marched and 12 were held.")
    assert vague.vague and vague.value_high is None
    assert not exact.vague


def _gold_claims() -> list[tuple[str, dict[str, object]]]:
    gold_path = SHARED / "gold" / "seed-events.yaml"
    if not gold_path.exists():
        pytest.skip(f"shared material not found at {SHARED}: the seed gold is needed for this test")
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    claims = []
    for report in gold["reports"]:
        for event in report["events"]:
            for claim in event.get("claims") or []:
                claims.append((report["file"], claim))
    return claims


def test_every_number_in_the_seed_gold_claims_is_found_with_its_qualifier() -> None:
    claims = _gold_claims()
    missing = []
    for file, claim in claims:
        text = (SHARED / "seeds" / file).read_text(encoding="utf-8")
        found = find_quantities(text, include_articles=True)
        value, qualifier = claim["value"], claim["qualifier"]
        if value is None:  # a vague word without a number ("several")
            ok = any(q.qualifier == qualifier for q in found)
        elif qualifier == "more_than":
            ok = any(q.qualifier == "more_than" and q.value_low == value + 1 for q in found)  # type: ignore[operator]
        else:
            ok = any(q.qualifier == qualifier and q.value_low == value for q in found)
        if not ok:
            missing.append((file, claim))
    assert claims and not missing

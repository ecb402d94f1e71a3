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
    ],
)
def test_text_hierarchy(nlp: Language, text: str, expected: dict[str, str]) -> None:
    parents = {p.name: p.parent for p in find_places(nlp(text))}
    for name, parent in expected.items():
        assert parents.get(name) == parent, (name, parents)

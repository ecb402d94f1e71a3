"""The one-sentence neutral notes summary, on short invented reports."""

from __future__ import annotations

from datetime import date

import pytest

from khabar.pipeline import Extractor
from khabar.records import Report


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def notes_of(extractor: Extractor, text: str, published: date = date(2024, 5, 8)) -> list[str]:
    report = Report(id=Report.make_id(text), text=text, published=published)
    return [e.notes for e in extractor.extract_doc(extractor.nlp(text), report).events]


def test_every_figure_is_attributed_and_contradictions_flagged(extractor: Extractor) -> None:
    (note,) = notes_of(
        extractor,
        "Gunmen ambushed a police patrol near Dera Bugti on Monday. Police said two constables were killed. "
        "The BRA said its fighters killed seven policemen.",
    )
    assert "2 constables killed (per Police)" in note
    assert "7 policemen killed (per " in note and "Baloch Republican Army" in note
    assert note.endswith("Figures are contested.")
    assert "on 2024-05-06" in note


def test_unknown_perpetrator_and_target_in_the_sentence(extractor: Extractor) -> None:
    (note,) = notes_of(
        extractor,
        "A roadside bomb hit a Pakistani army vehicle near Mastung on Tuesday, killing three soldiers.",
    )
    assert note.startswith(
        "Unidentified actors attacked Military Forces of Pakistan with an explosive device"
    )
    assert "3 soldiers killed (per " in note


def test_arrest_in_a_raid_is_an_arrest_not_an_attack(extractor: Extractor) -> None:
    res_notes = notes_of(
        extractor,
        "Police arrested three suspects in a raid on a house in Sibi on Tuesday in connection with the bombing "
        "of a bus.",
    )
    assert len(res_notes) == 1 and " made arrests in Sibi" in res_notes[0]

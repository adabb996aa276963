"""The arithmetic backend of a trained pipeline: thinc's CPU ops with NumPy's matrix product.

thinc's ``NumpyOps`` multiplies matrices with its bundled BLIS, which on this project's machines
runs at about a third of the speed of the OpenBLAS NumPy ships (30 against 95 GFLOP/s on one
core, for the tok2vec's 384x384 layers), and builds the window features of its CNN with a loop
NumPy's slicing beats. The tagger, morphologizer and the parser's lower layer spend most of a
check in those two operations, so the shipped pipeline runs about 2.3x faster on them with the
same results (tags, lemmas, heads and labels identical token for token on the benchmark's
portfolio; ``tests/nlp/test_ops.py`` checks both operations against thinc's own).
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.language import Language
from thinc.api import NumpyOps

__all__ = ["FastCPUOps", "limit_blas_threads", "use_fast_ops"]


class FastCPUOps(NumpyOps):  # type: ignore[misc]
    """``NumpyOps`` whose ``gemm`` and ``seq2col`` are NumPy's (inference only)."""

    name = "evidencecheck_cpu"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        """``x @ y`` (either side transposed first), written to ``out`` when given."""
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.dot(x, y)
        numpy.matmul(x, y, out=out)  # unlike dot, any memory layout of ``out``
        return out

    def seq2col(self, seq: Any, nW: int, *, lengths: Any = None) -> Any:  # noqa: N803 - thinc's name
        """Each row with the ``nW`` rows before and after it in its own sequence (zeros past its ends)."""
        rows, width = seq.shape
        if lengths is None:
            lengths = numpy.asarray([rows], dtype="int32")
        lengths = numpy.asarray(lengths)
        cols = numpy.zeros((rows, 2 * nW + 1, width), dtype=seq.dtype)
        cols[:, nW] = seq
        ends = numpy.cumsum(lengths)
        position = numpy.arange(rows)
        first = numpy.repeat(ends - lengths, lengths)  # where each row's sequence starts
        past = numpy.repeat(ends, lengths)  # and where it ends
        for d in range(1, nW + 1):
            cols[d:, nW - d] = seq[:-d]
            cols[position - d < first, nW - d] = 0
            cols[:-d, nW + d] = seq[d:]
            cols[position + d >= past, nW + d] = 0
        return cols.reshape(rows, width * (2 * nW + 1))


def use_fast_ops(nlp: Language) -> Language:
    """Give every thinc model of ``nlp``'s components :class:`FastCPUOps` (CPU pipelines only)."""
    ops = FastCPUOps()
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps):
                node.ops = ops
    return nlp


def limit_blas_threads(threads: int = 1) -> Any:
    """Hold NumPy's BLAS to ``threads`` threads in this process; returns the limiter
    (``.restore_original_limits()`` undoes it).

    A batch runs one worker process per core; each worker's BLAS starting a thread per core as well
    would have them fight over the same cores.
    """
    from threadpoolctl import threadpool_limits  # acts on the libraries already loaded: NumPy's is

    return threadpool_limits(limits=threads, user_api="blas")

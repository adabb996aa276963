"""Train with the arithmetic the shipped pipeline runs with (``spacy train --code``).

Sets :class:`evidencecheck.nlp.ops.FastCPUOps` (NumPy's OpenBLAS matrix product instead of
thinc's bundled BLIS) as thinc's current operations before spaCy builds the models, so training
spends about half the time in matrix products. The numbers are the same up to rounding.
"""

from thinc.api import set_current_ops

from evidencecheck.nlp.ops import FastCPUOps

set_current_ops(FastCPUOps())

import evidencecheck.nlp.embed  # noqa: E402,F401 - registers the cluster features the config names

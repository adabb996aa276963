"""Hypothesis profiles for the property tests.

``ci`` (the default) is derandomized and keeps no example database, so every
run of the suite tries the same examples and CI is deterministic; a failure
prints the blob to reproduce it with ``@reproduce_failure``. ``dev`` explores
new random examples on every run and remembers failures in ``.hypothesis/``
(git-ignored). Choose one with ``HYPOTHESIS_PROFILE=dev python -m pytest
tests/property``; ``PROPERTY_SCALE=10`` multiplies every test's examples.
"""

from __future__ import annotations

import os
import warnings

from hypothesis import HealthCheck, settings

# On a failure Hypothesis's pytest plugin imports ``hypothesis.extra._patching``,
# which imports libcst, which warns (DeprecationWarning, from mypy_extensions)
# while it loads. Under ``filterwarnings = error`` that warning replaced the
# failing example with an INTERNALERROR, so load it now, quietly.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # libcst is optional
        pass

_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]

settings.register_profile(
    "ci", derandomize=True, database=None, print_blob=True, deadline=None, suppress_health_check=_QUIET
)
settings.register_profile("dev", print_blob=True, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

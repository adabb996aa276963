"""The project's own YAML data files (word lists, context cues, evidence types), read with libyaml.

PyYAML's pure-Python reader took a tenth of a second at every start for these four files;
libyaml's (``yaml.CSafeLoader``) reads the same values about ten times faster. Without
libyaml the pure-Python one is used.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

__all__ = ["load_data"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data(name: str) -> Any:
    """The values of ``evidencecheck/nlp/data/<name>``."""
    text = resources.files("evidencecheck.nlp").joinpath(f"data/{name}").read_text("utf-8")
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, on the package's own file

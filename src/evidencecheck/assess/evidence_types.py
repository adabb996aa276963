"""Classify each document into evidence types (reflective account, minutes, rota...).

Scores come from the file name and title, headings and body, with the phrase
lists and weights in ``data/evidence-types.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import PurePath

import yaml

from ..model import Document


@lru_cache(maxsize=1)
def _config() -> dict:  # type: ignore[type-arg]
    text = resources.files("evidencecheck.assess").joinpath("data/evidence-types.yaml").read_text("utf-8")
    cfg = yaml.safe_load(text)
    cfg["compiled"] = {
        name: [re.compile(r"(?<![\w])" + re.escape(p.lower()) + (r"(?![\w])" if p[-1].isalnum() else ""))
               for p in spec["phrases"]]
        for name, spec in cfg["types"].items()
    }
    return cfg  # type: ignore[no-any-return]


def _score(patterns: list[re.Pattern[str]], text: str) -> int:
    return sum(1 for p in patterns if p.search(text))


def classify(document: Document) -> tuple[str, ...]:
    """Evidence types of ``document``, best first; ``("other",)`` when nothing fits."""
    cfg = _config()
    w = cfg["weights"]
    stem = PurePath(document.path).stem.lower()
    title = " ".join({re.sub(r"[-_]+", " ", stem), document.title.lower()})
    headings = " \n ".join(b.text.lower() for b in document.blocks if b.kind == "heading")
    body = document.text.lower()[:20000]
    scores: dict[str, int] = {}
    for name, patterns in cfg["compiled"].items():
        score = w["title"] * min(1, _score(patterns, title)) + w["heading"] * min(2, _score(patterns, headings))
        score += w["body"] * min(4, _score(patterns, body))
        if score >= cfg["threshold"]:
            scores[name] = score
    ranked = sorted(scores, key=lambda n: -scores[n])[: cfg["max_types"]]
    return tuple(ranked) or ("other",)

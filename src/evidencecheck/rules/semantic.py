"""Cross-reference checks on a rule file, beyond what the pydantic schema can say.

The checks run on the plain data read from YAML, not on validated models, so
they still run (and report) when other parts of the file fail the schema:
every problem in a file is reported at once. Anything of the wrong shape is
skipped here because the schema already reports it.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from typing import Any

from ..errors import RuleProblem
from ._cost import pattern_cost_problems
from ._yaml import DataPath, YamlData, problem, render_path
from .evidence_types import EVIDENCE_TYPES

OUTCOMES: dict[str, tuple[str, ...]] = {
    "criterion": ("met", "at_risk", "missing"),
    "element": ("found", "not_found"),
    "mistake": ("detected", "not_detected"),
    "mistake_element": ("found", "not_found"),
}

_CLUE_GROUPS = ("all", "any", "none")
_KIND_NAMES = {
    "criterion": "a criterion",
    "element": "an element of a criterion",
    "mistake": "a mistake",
    "mistake_element": "an element of a mistake",
}


def signal_names() -> tuple[str, ...]:
    """Names of the signals rules may use: the built-ins and any installed plugins.

    This is the one import rule validation makes from the engine, and it loads no spaCy.
    """
    from ..nlp.signals import SIGNALS

    return tuple(sorted(SIGNALS))


#: Problems reported per file: a hostile file could otherwise ask for millions of
#: suggestions, each compared against thousands of names.
MAX_PROBLEMS = 100
#: Most names compared when looking for a suggestion.
MAX_SUGGESTION_CHOICES = 500


class _Enough(Exception):
    """Raised when a file has given :data:`MAX_PROBLEMS` problems."""


def did_you_mean(word: str, choices: Collection[str]) -> str:
    """A `` (did you mean 'x'?)`` suffix for the closest choice, or ``""``."""
    names = list(choices)
    if len(names) > MAX_SUGGESTION_CHOICES:  # keep the search cheap: the names that sort nearby
        names.sort()
        at = bisect.bisect_left(names, word)
        half = MAX_SUGGESTION_CHOICES // 2
        names = names[max(0, at - half): at + half]
    close = difflib.get_close_matches(word[:200], names, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _listing(names: Collection[str], limit: int = 20) -> str:
    ordered = sorted(names)
    text = ", ".join(ordered[:limit]) or "none"
    return text + (f", ... ({len(ordered) - limit} more)" if len(ordered) > limit else "")


def _items(data: Any, key: str, path: DataPath) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield path + (key, i), item


def _strings(data: dict[str, Any], key: str, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    value = data.get(key)
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield path + (key, i), item


def iter_elements(data: Any) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    """Every element mapping of every criterion and mistake, with its path."""
    for owner in ("criteria", "mistakes"):
        for opath, item in _items(data, owner, ()):
            yield from _items(item, "elements", opath)


def iter_clues(data: Any) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    """Every clue mapping (in ``all``, ``any`` and ``none``) with its path."""
    for epath, element in iter_elements(data):
        for group in _CLUE_GROUPS:
            yield from _items(element, group, epath)


class _Checker:
    def __init__(
        self, doc: YamlData, file: str, vocabulary: Mapping[str, Any], signals: Collection[str],
        patterns: bool = True,
    ):
        self.doc, self.file = doc, file
        self.patterns = patterns  # compile token and dependency patterns with spaCy to validate them
        self.data: Any = doc.data if isinstance(doc.data, dict) else {}
        self.vocabulary, self.signals = vocabulary, signals
        self.problems: list[RuleProblem] = []

    def add(self, path: DataPath, code: str, text: str | None = None, **values: object) -> None:
        if len(self.problems) > MAX_PROBLEMS:  # one over: the loader says more were left out
            raise _Enough
        if text is None:
            self.problems.append(problem(self.file, self.doc.line(path), path, code, **values))
        else:
            self.problems.append(
                RuleProblem(self.file, self.doc.line(path), render_path(path), code, text)
            )

    def run(self) -> list[RuleProblem]:
        for check in (
            self.duplicate_ids,
            self.clues,
            self.detections,
            self.evidence_types,
            self.tests,
        ):
            try:
                check()
            except _Enough:
                break
        return self.problems

    # -- ids --------------------------------------------------------------
    def _unique(
        self,
        items: list[tuple[DataPath, dict[str, Any]]],
        key: str,
        what: str,
        seen: dict[str, int] | None = None,
    ) -> dict[str, int]:
        seen = {} if seen is None else seen
        for path, item in items:
            ident = item.get(key)
            if not isinstance(ident, str):
                continue
            line = self.doc.line(path + (key,)) or 0
            if ident in seen:
                self.add(path + (key,), "E104", id=ident, first_line=seen[ident], what=what)
            else:
                seen[ident] = line
        return seen

    def duplicate_ids(self) -> None:
        seen = self._unique(list(_items(self.data, "criteria", ())), "id", "criterion")
        self._unique(list(_items(self.data, "mistakes", ())), "id", "criterion and mistake", seen)
        for owner in ("criteria", "mistakes"):
            for opath, item in _items(self.data, owner, ()):
                self._unique(
                    list(_items(item, "elements", opath)),
                    "id",
                    "element of one criterion or mistake",
                )
        self._unique(list(_items(self.data, "tests", ())), "name", "test")

    # -- clues ------------------------------------------------------------
    def clues(self) -> None:
        local_vocab = self.data.get("vocab")
        vocab = set(self.vocabulary) | (
            set(local_vocab) if isinstance(local_vocab, dict) else set()
        )
        for cpath, clue in iter_clues(self.data):
            for spath, name in _strings(clue, "signals", cpath):
                if name not in self.signals:
                    self.add(spath, "E105", name=name, available=_listing(self.signals))
            for ppath, phrase in _strings(clue, "phrases", cpath):
                if phrase.startswith("@") and phrase[1:].strip() not in vocab:
                    ref = phrase[1:].strip()
                    text = (
                        f"unknown vocabulary reference '@{ref}'{did_you_mean(ref, vocab)}. "
                        f"Known vocabularies: {_listing(vocab)}. Define it under 'vocab:' in this "
                        "file or in the shared rules/_shared.yaml."
                    )
                    self.add(ppath, "E110", text)
            patterns = clue.get("patterns")
            if isinstance(patterns, list):
                for i, pattern in enumerate(patterns):
                    if (
                        isinstance(pattern, list)
                        and pattern
                        and all(isinstance(t, dict) for t in pattern)
                    ):
                        ppath = cpath + ("patterns", i)
                        costly = pattern_cost_problems(pattern)
                        for code, values in costly:
                            self.add(ppath, code, **values)
                        # a costly pattern is never compiled, not even to validate it
                        error = None if costly or not self.patterns else token_pattern_error(pattern)
                        if error:
                            self.add(ppath, "E106", detail=error)
            for fpath, frame in _items(clue, "frames", cpath):
                for key in ("verbs", "objects"):
                    for wpath, word in _strings(frame, key, fpath):
                        if word.startswith("@"):
                            ref = word[1:].strip()
                            if ref not in vocab:
                                self.add(wpath, "E110", f"unknown vocabulary reference '@{ref}'"
                                         f"{did_you_mean(ref, vocab)}. Known vocabularies: {_listing(vocab)}.")
            dependencies = clue.get("dependencies")
            if isinstance(dependencies, list):
                for i, pattern in enumerate(dependencies):
                    if self.patterns and isinstance(pattern, list) and pattern and \
                            all(isinstance(t, dict) for t in pattern):
                        error = dependency_pattern_error(pattern)
                        if error:
                            self.add(cpath + ("dependencies", i), "E106", detail=error)

    # -- mistake detection references ---------------------------------------
    def detections(self) -> None:
        qualified = {
            f"{c.get('id')}.{e.get('id')}"
            for cpath, c in _items(self.data, "criteria", ())
            for _, e in _items(c, "elements", cpath)
        }
        for mpath, mistake in _items(self.data, "mistakes", ()):
            local: set[str] = {
                str(e.get("id"))
                for _, e in _items(mistake, "elements", mpath)
                if isinstance(e.get("id"), str)
            }
            own = {f"{mistake.get('id')}.{e}" for e in local}
            known = qualified | local | own
            detect = mistake.get("detect")
            if not isinstance(detect, dict):
                continue
            for key in ("present", "absent", "premise"):
                for rpath, ref in _strings(detect, key, mpath + ("detect",)):
                    if ref not in known:
                        available = _listing(local | qualified) + did_you_mean(ref, known)
                        self.add(rpath, "E110", ref=ref, available=available)

    # -- evidence types -----------------------------------------------------
    def evidence_types(self) -> None:
        places: list[tuple[DataPath, dict[str, Any], str]] = []
        for epath, element in iter_elements(self.data):
            places.append((epath, element, "evidence_types"))
            places.append((epath, element, "record_types"))
        for cpath, criterion in _items(self.data, "criteria", ()):
            if isinstance(criterion.get("evidence"), dict):
                places.append((cpath + ("evidence",), criterion["evidence"], "types"))
        for tpath, test in _items(self.data, "tests", ()):
            places.append((tpath, test, "types"))
            for dpath, document in _items(test, "documents", tpath):
                places.append((dpath, document, "types"))
        own = self.data.get("evidence_types") if isinstance(self.data, dict) else None
        known = (*EVIDENCE_TYPES, *(own if isinstance(own, dict) else {}))
        for path, item, key in places:
            for tpath, name in _strings(item, key, path):
                if name not in known:
                    detail = (
                        f"unknown evidence type '{name}'{did_you_mean(name, known)}. "
                        f"Known types: {', '.join(known)}. A unit can declare its own under 'evidence_types'."
                    )
                    self.add(tpath, "E103", detail=detail)

    # -- tests -----------------------------------------------------------
    def tests(self) -> None:
        kinds = expectation_kinds(self.data)
        for tpath, test in _items(self.data, "tests", ()):
            expect = test.get("expect")
            if not isinstance(expect, dict):
                continue
            for key, value in expect.items():
                kpath = tpath + ("expect", key)
                kind = kinds.get(str(key))
                if kind is None:
                    detail = (
                        f"test expects '{key}', which names no criterion, mistake or element"
                        f"{did_you_mean(str(key), kinds)}. Use a criterion or mistake id, or "
                        "'criterion-id.element-id'."
                    )
                    self.add(kpath, "E103", detail=detail)
                elif isinstance(value, str) and value not in OUTCOMES[kind]:
                    wanted = " or ".join(OUTCOMES[kind])
                    detail = f"'{key}' is {_KIND_NAMES[kind]}: expect {wanted}, not '{value}'."
                    self.add(kpath, "E103", detail=detail)


def expectation_kinds(data: Any) -> dict[str, str]:
    """Map every id a test may expect to its kind: criterion, element, mistake, mistake_element."""
    kinds: dict[str, str] = {}
    for owner, kind in (("criteria", "criterion"), ("mistakes", "mistake")):
        for opath, item in _items(data, owner, ()):
            oid = item.get("id")
            if not isinstance(oid, str):
                continue
            kinds.setdefault(oid, kind)
            for _, element in _items(item, "elements", opath):
                if isinstance(element.get("id"), str):
                    sub = "element" if kind == "criterion" else "mistake_element"
                    kinds.setdefault(f"{oid}.{element['id']}", sub)
    return kinds


@lru_cache(maxsize=1)
def _blank_vocab() -> Any:
    # A bare vocabulary is all pattern validation needs; spacy.blank("en") would also build the
    # English tokenizer and its exceptions (about 0.15 s of every cold check).
    from spacy.vocab import Vocab

    return Vocab()


def token_pattern_error(pattern: list[dict[str, Any]]) -> str | None:
    """Validate one spaCy token pattern; say in one line what is wrong, or return ``None``."""
    from spacy.matcher import Matcher

    matcher = Matcher(_blank_vocab(), validate=True)
    try:
        matcher.add("pattern", [pattern])
    except Exception as err:  # spaCy raises MatchPatternError, ValueError or KeyError
        lines = [_pattern_line(ln[2:]) for ln in str(err).splitlines() if ln.startswith("- ")]
        return "; ".join(lines) if lines else str(err).strip().splitlines()[0].rstrip(".")
    return None


def dependency_pattern_error(pattern: list[dict[str, Any]]) -> str | None:
    """Validate one spaCy DependencyMatcher pattern; say in one line what is wrong, or return ``None``."""
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(_blank_vocab(), validate=True)
    try:
        matcher.add("pattern", [pattern])
    except Exception as err:  # spaCy raises ValueError or MatchPatternError with a numbered message
        return str(err).strip().splitlines()[0].rstrip(".")
    return None


def _pattern_line(line: str) -> str:
    # spaCy says "[pattern -> 0 -> LEMA] Extra inputs are not permitted"
    match = re.match(r"\[pattern -> (\d+)(?: -> ([^\]]*))?\] (.*)", line)
    if not match:
        return line
    token, where, what = match.groups()
    what = "unknown attribute" if what.startswith("Extra inputs") else what.rstrip(".")
    return f"token {token}" + (f" {where.replace(' -> ', '.')}" if where else "") + f": {what}"


def check_semantics(
    doc: YamlData,
    file: str,
    *,
    vocabulary: Mapping[str, Any] | None = None,
    signals: Collection[str] | None = None,
    patterns: bool = True,
) -> list[RuleProblem]:
    """Run every cross-reference check on a rule file's data.

    Args:
        doc: The file's data and line map, from :func:`evidencecheck.rules._yaml.read_yaml`.
        file: The file name used in problems.
        vocabulary: The shared vocabulary (names are enough).
        signals: Known signal names; by default :func:`signal_names`.
        patterns: Also compile every token and dependency pattern with spaCy's matchers
            (E106). Without it no spaCy is imported (``rules list``).

    Returns:
        Every problem found, in file order per check.
    """
    names = signal_names() if signals is None else signals
    return _Checker(doc, file, vocabulary or {}, names, patterns).run()


__all__ = [
    "MAX_PROBLEMS",
    "OUTCOMES",
    "check_semantics",
    "did_you_mean",
    "expectation_kinds",
    "iter_clues",
    "iter_elements",
    "signal_names",
    "token_pattern_error",
]

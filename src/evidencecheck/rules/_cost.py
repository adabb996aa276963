"""Reject token patterns whose matching cost could explode on hostile text.

A rule file's spaCy token patterns are compiled into one ``Matcher`` and run
over every evidence block, so a careless (or hostile) pattern could hang a
check. Three things are bounded here, before any pattern is compiled:

* **Regular expressions** (``{"TEXT": {"REGEX": ...}}``, ``{"REGEX": {"IN": [...]}}``
  and the same under any attribute). Python's engine backtracks, and a
  pattern with *star height* above one (``(a+)+``, ``(.*)*``, ``(\\w+\\.)*``)
  or with alternatives that can match the same text inside a repetition
  (``(a|a)*``, ``(a|ab)+``, ``(a|)*``) takes exponential time on a
  non-matching word: E112. Regexes longer than :data:`MAX_REGEX_CHARS` and
  with more than :data:`MAX_VARIABLE_REPEATS` variable-length repetitions are
  refused too (E113): the second bounds the polynomial cost of patterns
  like ``\\w*\\w*\\w*x``.
* **What a regex sees.** spaCy runs token regexes on one token's text (or
  its lower-case form, norm, lemma, shape...), never on a whole block, and
  :mod:`evidencecheck.nlp.normalise` breaks every run of more than
  ``MAX_TOKEN_CHARS`` (100) non-space characters, so a token is at most that
  long. With star height one and at most three variable repetitions, one
  regex costs at most about 100**4 steps per token in theory; the worst
  accepted regexes (``\\w*\\w*\\w*$x``) take some 20-40 ms on a
  100-character word, and ordinary ones microseconds on ordinary words.
* **Token repetition.** ``OP: "*"``, ``"+"`` and ``"{n,}"`` keep a match
  open across a whole block, so the matcher's work grows with the square of
  the block's length (a block of repeated words took minutes). Only bounded
  ranges such as ``{0,4}`` are allowed, up to :data:`MAX_TOKEN_REPEAT`, and a
  pattern may expand to at most :data:`MAX_PATTERN_TOKENS` tokens (E113).

Custom attributes (``"_"``) are refused with E106: evidencecheck's pipeline
registers none, and spaCy would fail on them only while matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    import re._constants as _c  # type: ignore[import-not-found,unused-ignore]
    import re._parser as _p  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

MAX_REGEX_CHARS = 300
MAX_VARIABLE_REPEATS = 3
MAX_TOKEN_REPEAT = 10
MAX_PATTERN_TOKENS = 40

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_OP = re.compile(r"^\{\s*(\d*)\s*(,?)\s*(\d*)\s*\}$")

Problem = tuple[str, dict[str, str]]  # (code, message values)


def pattern_cost_problems(pattern: list[Any]) -> list[Problem]:
    """Problems that make one token pattern too costly (E112, E113) or unusable (E106).

    Args:
        pattern: One spaCy token pattern, a list of token dicts. Values of
            the wrong shape are skipped: spaCy's own validation reports them.

    Returns:
        ``(code, values)`` pairs for :func:`evidencecheck.rules._yaml.problem`.
    """
    out: list[Problem] = []
    expanded = 0
    for n, token in enumerate(pattern):
        if not isinstance(token, dict):
            continue
        if "_" in token:
            detail = (f"token {n}: custom attributes ('_') are not available; evidencecheck's "
                      "pipeline registers none. Match on TEXT, LOWER, NORM or LEMMA instead")
            out.append(("E106", {"detail": detail}))
        op = next((v for k, v in token.items() if isinstance(k, str) and k.upper() == "OP"), None)
        most, problem = _op_bound(op)
        if problem:
            out.append(("E113", {"detail": f"token {n} has OP '{op}', {problem}",
                                 "todo": f"Use a bounded range such as '{{0,{MAX_TOKEN_REPEAT // 2}}}' "
                                         f"(at most {MAX_TOKEN_REPEAT})."}))
        expanded += most
        for regex in _regexes(token):
            out.extend(regex_problems(regex, where=f"token {n}"))
    if expanded > MAX_PATTERN_TOKENS:
        out.append(("E113", {"detail": f"it can span {expanded} tokens",
                             "todo": f"Keep a pattern within {MAX_PATTERN_TOKENS} tokens; split it into "
                                     "several patterns or clues."}))
    return out


def regex_problems(regex: str, *, where: str = "") -> list[Problem]:
    """E112/E113 problems of one regular expression (nothing for one that is merely invalid)."""
    prefix = f"{where}: " if where else ""
    suffix = f", in {where}" if where else ""
    shown = regex if len(regex) <= 60 else regex[:57] + "..."
    if len(regex) > MAX_REGEX_CHARS:
        return [("E113", {"detail": f"{prefix}a regular expression is {len(regex)} characters long",
                          "todo": f"Keep each REGEX within {MAX_REGEX_CHARS} characters, or use "
                                  "phrases or IN lists."})]
    try:
        tree = _p.parse(regex)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return []  # invalid: spaCy's validation says why (E106)
    analysis = _Analysis()
    analysis.walk(list(tree), in_repeat=False)
    out: list[Problem] = []
    if analysis.danger:
        out.append(("E112", {"regex": shown, "detail": analysis.danger + suffix}))
    if analysis.variable > MAX_VARIABLE_REPEATS:
        out.append(("E113", {"detail": f"{prefix}regular expression '{shown}' has {analysis.variable} "
                                       "variable-length repetitions",
                             "todo": f"Use at most {MAX_VARIABLE_REPEATS} of +, * and {{m,n}} in one "
                                     "REGEX, or split it into several patterns."}))
    return out


def _op_bound(op: Any) -> tuple[int, str]:
    """How many tokens ``op`` can repeat a token, and why that is too many (or ``""``)."""
    if not isinstance(op, str) or op in ("", "!", "?", "1"):
        return (0 if op == "!" else 1), ""
    if op in ("*", "+"):
        return 1, "which repeats without limit and makes matching slow on long texts"
    m = _OP.match(op)
    if not m:
        return 1, ""  # spaCy's validation reports a malformed OP
    low, comma, high = m.groups()
    if comma and not high:
        return 1, "which repeats without limit and makes matching slow on long texts"
    most = int(high or low or 0)
    if most > MAX_TOKEN_REPEAT:
        return most, f"which repeats a token up to {most} times"
    return most, ""


def _regexes(value: Any, under_regex: bool = False) -> Iterator[str]:
    """Every regular expression in a token dict, under any attribute (and ``REGEX: {IN: [...]}``)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            is_regex = under_regex or (isinstance(key, str) and key.upper() == "REGEX")
            if is_regex and isinstance(inner, str):
                yield inner
            else:
                yield from _regexes(inner, is_regex)
    elif isinstance(value, list) and under_regex:
        for item in value:
            if isinstance(item, str):
                yield item


class _Analysis:
    """Walks a parsed regex: star height, overlapping alternatives, variable repetitions."""

    def __init__(self) -> None:
        self.danger = ""
        self.variable = 0

    def walk(self, items: list[Any], *, in_repeat: bool) -> None:
        for op, av in items:
            if op in _REPEATS:
                low, high, body = av
                variable = low != high
                if variable and high > 1:
                    self.variable += 1
                if in_repeat and variable and not self.danger:
                    self.danger = "a repetition inside a repetition (nested quantifiers)"
                repeated = high > 1
                if repeated:
                    self._check_branches(list(body))
                self.walk(list(body), in_repeat=in_repeat or repeated)
            elif op == _c.SUBPATTERN:
                self.walk(list(av[-1]), in_repeat=in_repeat)
            elif op == _ATOMIC:
                self.walk(list(av), in_repeat=in_repeat)
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                self.walk(list(av[1]), in_repeat=in_repeat)
            elif op == _c.BRANCH:
                for alt in av[1]:
                    self.walk(list(alt), in_repeat=in_repeat)
            elif op == _c.GROUPREF_EXISTS:
                for part in av[1:]:
                    if part is not None:
                        self.walk(list(part), in_repeat=in_repeat)

    def _check_branches(self, body: list[Any]) -> None:
        """Alternatives directly repeated must start differently and never match nothing."""
        for alternatives in _branches(body):
            firsts = [_first(list(alt)) for alt in alternatives]
            overlap = any(empty for _, empty in firsts) or any(
                a is None or b is None or bool(a & b)
                for i, (a, _) in enumerate(firsts) for b, _ in firsts[i + 1:]
            )
            if overlap:
                self.danger = self.danger or ("alternatives that can match the same text (or nothing) "
                                              "inside a repetition")
                return


def _branches(items: list[Any]) -> Iterator[list[Any]]:
    """The alternative lists of branches reachable without passing another repetition."""
    for op, av in items:
        if op == _c.BRANCH:
            yield av[1]
            for alt in av[1]:
                yield from _branches(list(alt))
        elif op == _c.SUBPATTERN:
            yield from _branches(list(av[-1]))
        elif op == _ATOMIC:
            yield from _branches(list(av))


def _first(items: list[Any]) -> tuple[frozenset[int] | None, bool]:
    """Characters a sequence can start with (``None``: too many to list) and whether it can match nothing."""
    chars: set[int] = set()
    for op, av in items:
        first, empty = _first_of(op, av)
        if first is None:
            return None, False
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _cases(code: int) -> set[int]:
    ch = chr(code)
    return {code, ord(ch.lower()[0]), ord(ch.upper()[0])}


def _first_of(op: Any, av: Any) -> tuple[frozenset[int] | None, bool]:
    if op == _c.LITERAL:
        return frozenset(_cases(av)), False
    if op == _c.IN:
        chars: set[int] = set()
        for kind, value in av:
            if kind == _c.LITERAL:
                chars |= _cases(value)
            elif kind == _c.RANGE and value[1] - value[0] < 256:
                for code in range(value[0], value[1] + 1):
                    chars |= _cases(code)
            else:  # NEGATE, CATEGORY, wide ranges
                return None, False
        return frozenset(chars), False
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset(), True
    if op == _c.SUBPATTERN:
        return _first(list(av[-1]))
    if op == _ATOMIC:
        return _first(list(av))
    if op == _c.BRANCH:
        union: set[int] = set()
        empty = False
        for alt in av[1]:
            first, alt_empty = _first(list(alt))
            if first is None:
                return None, False
            union |= first
            empty = empty or alt_empty
        return frozenset(union), empty
    if op in _REPEATS:
        first, empty = _first(list(av[2]))
        return first, empty or av[0] == 0
    return None, False  # ANY, NOT_LITERAL, CATEGORY, group references...


__all__ = [
    "MAX_PATTERN_TOKENS", "MAX_REGEX_CHARS", "MAX_TOKEN_REPEAT", "MAX_VARIABLE_REPEATS",
    "pattern_cost_problems", "regex_problems",
]

"""``rules lint``: authoring mistakes that validate but quietly change what a unit matches.

* YAML traps, found in the raw YAML: a plain ``no``, ``yes``, ``on``, ``off`` is read as a
  boolean and ``121`` or ``1.10`` as a number, where the author meant a word or an AC number;
* stems that widen: a phrase matched on its lemma matches more than its words ("meeting" is
  matched as "meet", so "meet the target" matches too);
* lists that overlap: an entry in two ``@lists`` used by the same element, or a phrase that is
  another entry of its own list with only function words added ("compared to" beside "compared":
  the longer one adds nothing; "team huddle" beside "huddle" does, in "the Team Huddle");
* tenses lost: a phrase in the past perfect ("had been") is matched on its lemmas, so it also
  matches the present perfect ("who've been here for years");
* lists never used, and phrases that never fire in any rule test.

Each finding is a warning (W12x) with a line where the raw YAML gives one; none stops a unit from
loading. Matching is not needed here: the caller passes how phrases normalise, and which fired.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .addresses import clue_part_ids, iter_clues, iter_elements
from .schema import RuleSet

#: keys whose values are meant to be numbers or booleans (YAML reading them so is right)
NUMERIC_KEYS = frozenset({"min_hits", "min_sources", "inserted_words", "outweigh", "concrete"})
#: keys under which values are spaCy patterns: their numbers and booleans are meant
PATTERN_KEYS = frozenset({"patterns", "dependencies"})
_BOOL_WORDS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
#: lemmas that change what a phrase names (a noun read as a verb, or a verb sense that is everywhere)
WIDENING_LEMMAS = frozenset({"meet", "train", "review", "plan", "target", "record", "report", "call", "file",
                             "check", "set", "lead", "support", "coach", "brief", "log", "monitor", "rate",
                             "book", "schedule", "minute", "feed", "cover", "queue", "handle"})


@dataclass(frozen=True)
class LintFinding:
    """One lint warning.

    Attributes:
        code: ``W120``-``W129``.
        line: 1-based line in the rule file, when known.
        message: What is wrong and what to do.
    """

    code: str
    line: int | None
    message: str

    def render(self, file: str) -> str:
        """``file:line: W120 message``."""
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {self.code} {self.message}"


def yaml_traps(text: str) -> list[LintFinding]:
    """Plain scalars YAML reads as a boolean, number or null where a word or an AC number was meant."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # 'rules validate' reports syntax errors
    out: list[LintFinding] = []

    def visit(node: Node | None, key: str | None) -> None:
        if node is None:
            return
        if isinstance(node, MappingNode):
            for k, v in node.value:
                name = k.value if isinstance(k, ScalarNode) else None
                if isinstance(k, ScalarNode) and k.style is None and _BOOL_WORDS.match(k.value):
                    out.append(_trap(k, "a key"))
                if name in PATTERN_KEYS:
                    continue
                visit(v, name)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                visit(item, key)
        elif isinstance(node, ScalarNode) and node.style is None and key not in NUMERIC_KEYS:
            tag = node.tag.rpartition(":")[2]
            if tag in ("bool", "int", "float", "null") and node.value not in ("", "~"):
                out.append(_trap(node, f"under '{key}'" if key else "here"))

    visit(root, None)
    return out


def _trap(node: ScalarNode, where: str) -> LintFinding:
    value = node.value
    kind = node.tag.rpartition(":")[2]
    read = {"bool": "true/false", "int": "a whole number", "float": "a decimal number", "null": "nothing (null)"}[kind]
    extra = " (and 1.10 becomes 1.1)" if kind == "float" else ""
    return LintFinding("W120", node.start_mark.line + 1,
                       f"'{value}' {where} is read by YAML as {read}{extra}, not as the text '{value}'. "
                       f"Quote it: \"{value}\".")


def widening_stems(ruleset: RuleSet, norm: Callable[[list[str]], list[str]],
                   lines: Mapping[str, int] | None = None) -> list[LintFinding]:
    """Phrases whose matching key (lemma) names something wider than their words.

    Args:
        ruleset: The unit.
        norm: Maps phrases to their matching keys (lower-cased lemmas), e.g. ``meetings`` -> ``meeting``.
        lines: Line of each vocab list in the file, by name, for messages.
    """
    used = _used_lists(ruleset)
    phrases = sorted({e for name in used for e in ruleset.vocab.get(name, [])})
    keys = dict(zip(phrases, norm(phrases)))
    out = []
    for name in used:
        for entry in ruleset.vocab.get(name, []):
            word, stems = entry.lower(), keys.get(entry, entry).split()
            # one plain word read as another ("meetings" as "meet"); "check-in" is three tokens, not a stem
            if not word.isalpha() or len(stems) != 1 or stems[0] == word or stems[0] not in WIDENING_LEMMAS:
                continue
            if stems[0] in (e.lower() for e in ruleset.vocab.get(name, [])):
                continue  # the list has the wider word anyway: nothing widens
            for stem in stems:
                out.append(LintFinding("W121", (lines or {}).get(name),
                                       f"@{name}: '{word}' is matched as '{stem}', so '{stem}' in any form "
                                       f"matches too. If only '{word}' is meant, give a longer phrase (e.g. "
                                       "'team meeting' for 'meeting') or a token pattern on LOWER."))
    return out


def overlapping_lists(ruleset: RuleSet, lines: Mapping[str, int] | None = None) -> list[LintFinding]:
    """Entries shared by two lists that one clue uses, and entries a shorter entry of their list already covers
    (one that adds only function words: "compared to" beside "compared")."""
    out = []
    seen_pairs: set[frozenset[str]] = set()  # a pair once, whichever order its clues name the lists in
    for ref in iter_elements(ruleset):
        for _, _, clue in iter_clues(ref):
            names = [p[1:] for p in clue.phrases if p.startswith("@")]
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    pair = frozenset((a, b))
                    if a == b or pair in seen_pairs:
                        continue
                    seen_pairs.add(pair)
                    both = sorted(set(ruleset.vocab.get(a, [])) & set(ruleset.vocab.get(b, [])))
                    if both:
                        out.append(LintFinding("W122", (lines or {}).get(b),
                                               f"@{a} and @{b} are used in one clue and share {len(both)} "
                                               f"phrase(s): {', '.join(both[:8])}. Keep each in one list."))
    for name in _used_lists(ruleset):
        entries = ruleset.vocab.get(name, [])
        singles = {e.lower() for e in entries if " " not in e}
        for entry in entries:
            words = entry.lower().split()
            if len(words) < 2 or _changes_sense(words):
                continue
            covered = next((w for w in words if w in singles and _only_function_words(words, w)), None)
            if covered is None:
                continue
            out.append(LintFinding("W123", (lines or {}).get(name),
                                   f"@{name}: '{entry}' is covered by '{covered}' in the same list: its other "
                                   f"words are function words, so wherever it matches, '{covered}' matches too. "
                                   "Drop it."))
    return out


#: Closed-class words: a phrase that adds only these to a list's single word names nothing more. A phrase
#: that adds a content word is not covered: in a capitalised name or heading ("the Team Huddle", "First
#: Contact Resolution") the single word alone is left out as part of a name, and so is a modifier of a group
#: ("the complaints queue"), while the whole phrase still matches.
FUNCTION_WORDS = frozenset("""
    a an the this that these those each every all any some
    i we you he she they it me us him her them my our your his their its
    to from by of in on at for with up down out off over into onto against about per than as via
    and or but so if because
    have has had be is are was were been do does did will would can could should may might must
""".split())


def _only_function_words(words: list[str], covered: str) -> bool:
    """Whether the words of a phrase other than ``covered`` are all function words."""
    rest = list(words)
    rest.remove(covered)
    return all(w in FUNCTION_WORDS for w in rest)


def _changes_sense(words: list[str]) -> bool:
    # "not recorded" is not a longer way to say "recorded"
    return any(w in ("not", "no", "never", "without", "un") for w in words)


#: Words that mark a past perfect, which matching on lemmas ("have") loses.
PAST_PERFECT = frozenset({"had", "'d", "hadn't"})


def lost_tenses(ruleset: RuleSet, lines: Mapping[str, int] | None = None) -> list[LintFinding]:
    """Phrases in the past perfect: matched on lemmas, "had been" is also "have been" and "'ve been"."""
    out = []
    for name in _used_lists(ruleset):
        for entry in ruleset.vocab.get(name, []):
            words = entry.lower().split()
            if len(words) >= 2 and PAST_PERFECT.intersection(words[:-1]):
                out.append(LintFinding("W126", (lines or {}).get(name),
                                       f"@{name}: '{entry}' is matched on its lemmas, so the present perfect "
                                       f"('have', 'has', \"'ve\") matches too. If only the past perfect is meant, "
                                       "use a token pattern on LOWER beside the list."))
    return out


def unused_lists(ruleset: RuleSet, own: Iterable[str], lines: Mapping[str, int] | None = None) -> list[LintFinding]:
    """The unit's own lists that no clue uses."""
    used = set(_used_lists(ruleset))
    return [LintFinding("W124", (lines or {}).get(name), f"@{name} is defined but no clue uses it. "
                        "Use it in an element, or remove it.")
            for name in own if name not in used]


def never_fired(ruleset: RuleSet, fired_phrases: Iterable[tuple[str, str]],
                fired_parts: Iterable[str]) -> list[LintFinding]:
    """Phrases (``@list`` entries and a clue's own phrases) that matched in no rule test."""
    fired = {e for _, e in fired_phrases}
    parts = set(fired_parts)
    out = []
    for name in _used_lists(ruleset):
        missing = [e for e in ruleset.vocab.get(name, []) if e not in fired]
        if missing:
            shown = ", ".join(missing[:10]) + (", \u2026" if len(missing) > 10 else "")
            out.append(LintFinding("W125", None, f"@{name}: {len(missing)} of {len(ruleset.vocab[name])} phrases "
                                   f"never match in any rule test: {shown}. Add a case that uses them, or drop them."))
    own = [p for p in clue_part_ids(ruleset) if ".phrases[" in p and p not in parts]
    for part in own:
        out.append(LintFinding("W125", None, f"{part} never matches in any rule test."))
    return out


def _used_lists(ruleset: RuleSet) -> list[str]:
    used: dict[str, None] = {}
    for ref in iter_elements(ruleset):
        for _, _, clue in iter_clues(ref):
            for p in clue.phrases:
                if p.startswith("@"):
                    used[p[1:]] = None
            for f in clue.frames:
                for p in [*f.verbs, *f.objects]:
                    if p.startswith("@"):
                        used[p[1:]] = None
    return list(used)


def vocab_lines(text: str) -> dict[str, int]:
    """The line of each ``vocab:`` list in a rule file's raw text."""
    out: dict[str, int] = {}
    inside = False
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(r"^vocab:\s*$", line):
            inside = True
            continue
        if inside and re.match(r"^\S", line):
            inside = False
        m = re.match(r"^\s{2}([a-z0-9][a-z0-9-]*):", line) if inside else None
        if m:
            out[m.group(1)] = n
    return out


__all__ = ["LintFinding", "lost_tenses", "never_fired", "overlapping_lists", "unused_lists", "vocab_lines", "widening_stems",
           "yaml_traps"]

"""Safe YAML reading that keeps the line of every value.

Rule files are composed into YAML nodes (nothing is ever constructed from a
tag) and turned into plain dicts, lists and scalars here. libyaml's C parser
(the one behind :class:`yaml.CSafeLoader`) reads the text into events, about
ten times faster than PyYAML's pure-Python scanner and parser; PyYAML's own
composer builds the nodes from them, so aliases and nesting are counted as
they are met and every node keeps its line. Without libyaml the pure-Python
parser is used, with the same results. Along the way we record the 1-based line of
every key and list item, keyed by its path (``("criteria", 3, "elements")``),
so later checks can say ``file:line`` for any value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from ..errors import Messages, RuleProblem, RuleSetError

MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_ALIASES = 100
# Nested aliases expand multiplicatively even when few ("billion laughs"),
# so the number of values built from the node graph is capped too.
MAX_VALUES = 200_000
# Composing and building recurse once per level: a deeply nested file would
# overflow Python's stack. Real rule files nest about a dozen levels.
MAX_DEPTH = 64

DataPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class YamlData:
    """Plain data read from a YAML file, with a line for every path and the problems met."""

    data: Any
    lines: dict[DataPath, int] = field(default_factory=dict)
    problems: list[RuleProblem] = field(default_factory=list)

    def line(self, path: DataPath) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return None


def problem(
    file: str, line: int | None, path: DataPath | str, code: str, **values: object
) -> RuleProblem:
    """Build a :class:`RuleProblem` from a numbered message template."""
    text = getattr(Messages, code).format(**values)
    return RuleProblem(file, line, path if isinstance(path, str) else render_path(path), code, text)


def render_path(path: DataPath) -> str:
    """Render ``("criteria", 3, "elements", 1)`` as ``criteria[3].elements[1]``."""
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out


def show_tag(tag: str) -> str:
    """Show a YAML tag the way it is written (``!!python/object``)."""
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


class _AliasBomb(Exception):
    def __init__(self, line: int):
        self.line = line


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


class _Counting:
    """Composes nodes only, counting aliases and nesting depth as it goes (mixed into a loader)."""

    def __init__(self, stream: str, max_aliases: int):
        super().__init__(stream)  # type: ignore[call-arg]
        self.max_aliases = max_aliases
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            self.aliases += 1
            if self.aliases > self.max_aliases:
                raise _AliasBomb(self._line())
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self._line())
            node: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            return node
        finally:
            self.depth -= 1

    def _line(self) -> int:
        event: Any = self.peek_event()  # type: ignore[attr-defined]
        return int(event.start_mark.line) + 1


class _ComposeLoader(_Counting, yaml.SafeLoader):
    """PyYAML's pure-Python scanner and parser."""


_LOADERS: tuple[type[_Counting], ...] = (_ComposeLoader,)

if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser  # type: ignore[attr-defined,unused-ignore]

    class _FastComposeLoader(_Counting, Composer, CParser, Resolver):  # type: ignore[misc,unused-ignore]
        """libyaml's events (the parser of :class:`yaml.CSafeLoader`), composed by PyYAML's composer.

        CParser has a composer of its own in C; PyYAML's Python one comes first in the bases,
        as it is the one whose ``compose_node`` :class:`_Counting` counts and limits.
        """

        def __init__(self, stream: str, max_aliases: int):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
            self.max_aliases = max_aliases
            self.aliases = 0
            self.depth = 0

    _LOADERS = (_FastComposeLoader, _ComposeLoader)


def read_yaml(
    path: str | Path, *, max_size: int = MAX_FILE_SIZE, max_aliases: int = MAX_ALIASES
) -> YamlData:
    """Read a YAML file safely into plain data with line numbers.

    Args:
        path: The file to read.
        max_size: Largest file accepted, in bytes, checked before parsing.
        max_aliases: Most YAML aliases (``*name``) accepted.

    Returns:
        The data, its line map and any non-fatal problems (unsafe tags, duplicate keys).

    Raises:
        RuleSetError: The file cannot be read, is too large, is not valid YAML or is an alias bomb.
    """
    file = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_size:
            raise RuleSetError([problem(file, None, "", "E109", size=size, limit=max_size)])
        raw = p.read_bytes()
    except OSError as err:
        raise RuleSetError([problem(file, None, "", "E101", detail=err.strerror or err)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise RuleSetError(
            [problem(file, None, "", "E101", detail=f"not UTF-8 ({err.reason})")]
        ) from None
    return parse_yaml(text, file=file, max_aliases=max_aliases)


def parse_yaml(text: str, *, file: str = "<string>", max_aliases: int = MAX_ALIASES) -> YamlData:
    """Parse YAML text safely; see :func:`read_yaml`."""
    try:
        node = _compose(text, max_aliases)
    except _AliasBomb as bomb:
        detail = f"more than {max_aliases} aliases (alias bomb?)"
        raise RuleSetError([problem(file, bomb.line, "", "E108", detail=detail)]) from None
    except (_TooDeep, RecursionError) as deep:
        detail = f"values nested more than {MAX_DEPTH} levels deep"
        line = deep.line if isinstance(deep, _TooDeep) else None
        raise RuleSetError([problem(file, line, "", "E108", detail=detail)]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if "maximum nesting depth" in str(err.problem):  # libyaml's own limit (1,000 levels)
            detail = f"values nested more than {MAX_DEPTH} levels deep"
            raise RuleSetError([problem(file, mark.line + 1 if mark else None, "", "E108", detail=detail)]) from None
        detail = " ".join(x for x in (err.context, err.problem) if x) or str(err)
        raise RuleSetError(
            [problem(file, mark.line + 1 if mark else None, "", "E102", detail=detail)]
        ) from None
    except yaml.YAMLError as err:
        raise RuleSetError([problem(file, None, "", "E102", detail=err)]) from None
    builder = _Builder(file)
    out = YamlData(None, builder.lines, builder.problems)
    if node is not None:
        out.data = builder.build(node, ())
    return out


def _compose(text: str, max_aliases: int) -> Node | None:
    """The file's node graph: libyaml's parser when it reads the text without complaint, else
    PyYAML's own, whose errors (and whose decoding of escapes) the problems are worded from."""
    for n, loader_class in enumerate(_LOADERS, start=1 - len(_LOADERS)):
        loader: Any = loader_class(text, max_aliases)
        try:
            node: Node | None = loader.get_single_node()
            return node
        except yaml.YAMLError:
            if n == 0:
                raise
        finally:
            loader.dispose()
    return None  # pragma: no cover - the last loader returns or raises


class _Builder:
    """Turns a node graph into plain data, recording lines and problems."""

    def __init__(self, file: str):
        self.file = file
        self.lines: dict[DataPath, int] = {}
        self.problems: list[RuleProblem] = []
        self.count = 0
        self.scalars = SafeConstructor()

    def build(self, node: Node, path: DataPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            detail = f"it expands to more than {MAX_VALUES} values (alias bomb?)"
            raise RuleSetError(
                [problem(self.file, node.start_mark.line + 1, path, "E108", detail=detail)]
            )
        if len(path) > MAX_DEPTH:  # aliases can nest values deeper than the text does
            detail = f"values nested more than {MAX_DEPTH} levels deep"
            raise RuleSetError([problem(self.file, node.start_mark.line + 1, path[:8], "E108", detail=detail)])
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode) and node.tag == _TAG + "seq":
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode) and node.tag == _TAG + "map":
            return self._mapping(node, path)
        return self._unsafe(node, path)

    def _unsafe(self, node: Node, path: DataPath) -> None:
        detail = f"tag '{show_tag(node.tag)}' is not allowed"
        self.problems.append(
            problem(self.file, node.start_mark.line + 1, path, "E108", detail=detail)
        )
        return None

    def _scalar(self, node: ScalarNode, path: DataPath) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            return self._unsafe(node, path)
        if tag in (_TAG + "str", _TAG + "timestamp"):
            if any(0xD800 <= ord(ch) <= 0xDFFF for ch in node.value):
                detail = "the text holds a lone surrogate (an escape like \\ud800), which is not a character; remove it"
                self.problems.append(problem(self.file, node.start_mark.line + 1, path, "E103", detail=detail))
                return None
            return node.value  # dates stay text: rule fields like `version` are strings
        name = tag[len(_TAG) :]
        try:
            return getattr(self.scalars, f"construct_yaml_{name}")(node)
        except (ValueError, KeyError, TypeError, ArithmeticError, yaml.YAMLError) as err:
            # `!!int abc`, `!!bool maybe`, or an integer too long to convert
            value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            detail = f"'{value}' is not a valid {name} ({type(err).__name__}). Quote it to keep it as text"
            self.problems.append(problem(self.file, node.start_mark.line + 1, path, "E103", detail=detail))
            return None

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _TAG + "merge":
                detail = "merge keys ('<<') are not supported; write the keys out"
                self.problems.append(problem(self.file, line, path, "E108", detail=detail))
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                detail = "mapping keys must be plain strings"
                self.problems.append(problem(self.file, line, path, "E103", detail=detail))
                continue
            key = self._scalar(key_node, path)
            if key in first:
                detail = (
                    f"duplicate key '{key}' (first at line {first[key]}); YAML would silently "
                    "keep only the last one. Remove or rename one"
                )
                self.problems.append(problem(self.file, line, path + (key,), "E103", detail=detail))
            else:
                first[key] = line
            self.lines.setdefault(path + (key,), line)
            out[key] = self.build(value_node, path + (key,))
        return out

"""The settings file, ``evidencecheck.toml``: unit, learner, output preferences and waivers.

Like ruff's ``ruff.toml``, the file is found by walking up from the portfolio
folder, and the closest one wins (files are not merged). Settings given on the
command line win over the file. An example::

    unit = "lead-team-improve-service"
    learner = "Amy Patel"
    rules = ["../our-rules"]          # extra rule folders, relative to this file

    [output]
    format = "html"                   # terminal, json, html, markdown, csv, docx
    audience = "learner"              # learner or assessor
    verbose = false

    [checks]
    max_age_years = 3                 # evidence older than this is flagged as not current (E501)

    [[waiver]]
    criterion = "1.2"                 # a criterion id or AC number
    reason = "Accepted on observation, 12 March 2025"
    by = "J. Okafor (assessor)"
    date = 2025-03-12
    learner = "amy"                   # in a cohort's file: the learner folder it is for

    [[waiver]]
    mistake = "micromanaging"
    reason = "False alarm: the quote is about a previous manager."

Every problem in the file is reported at once, each with ``file:line``
(:class:`~evidencecheck.errors.ConfigError`, E401-E416). The file is parsed with
the standard library's ``tomllib`` (``tomli`` on Python 3.10), which reports no
positions for values; :func:`_key_lines` finds each key's line with a small scan
of the text so that messages can point at it.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, ConfigProblem, Messages, did_you_mean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: File names searched for, in each folder, in this order.
CONFIG_NAMES = ("evidencecheck.toml", ".evidencecheck.toml")
#: Report formats the ``[output]`` table accepts.
OUTPUT_FORMATS = ("terminal", "json", "html", "markdown", "csv", "docx")
AUDIENCES = ("learner", "assessor")

_TOP_KEYS = ("unit", "learner", "rules", "output", "checks", "waiver")
_CHECKS_KEYS = ("max_age_years",)
#: Bounds of ``[checks] max_age_years``.
MAX_AGE_RANGE = (1, 50)
_OUTPUT_KEYS = ("format", "audience", "verbose")
_WAIVER_KEYS = ("criterion", "mistake", "reason", "by", "date", "learner")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=")


@dataclass(frozen=True)
class WaiverSpec:
    """One waiver as written in a settings file: which finding, why, who, when.

    Attributes:
        criterion: A criterion id or AC number (``None`` for a mistake's waiver).
        mistake: A mistake id (``None`` for a criterion's waiver).
        reason: Why the finding was reviewed and accepted, in the assessor's words.
        by: Who reviewed it.
        date: When, as ``YYYY-MM-DD``.
        learner: The learner folder it is for; ``None`` means every portfolio the file covers.
        file: The settings file.
        line: The line of its ``[[waiver]]`` header.
    """

    reason: str
    criterion: str | None = None
    mistake: str | None = None
    by: str | None = None
    date: str | None = None
    learner: str | None = None
    file: str = ""
    line: int | None = None

    @property
    def source(self) -> str:
        """Where the waiver is written, ``file:line``."""
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def target(self) -> str:
        """``criterion 'x'`` or ``mistake 'y'``, for messages."""
        return f"criterion '{self.criterion}'" if self.criterion else f"mistake '{self.mistake}'"


@dataclass(frozen=True)
class Config:
    """The settings that apply to one portfolio or cohort (all ``None`` when there is no file).

    Attributes:
        path: The settings file, or ``None``.
        unit: The unit id.
        learner: The learner's name, shown in report headers.
        rules: Extra rule folders, already made absolute against the file's folder.
        format: The report format.
        audience: ``learner`` or ``assessor``.
        verbose: Show every quote in the terminal view.
        waivers: Every waiver in the file, in file order.
        max_age_years: Evidence older than this many years is flagged (``[checks] max_age_years``).
        lines: The line of each top-level setting (``"unit"``, ``"output.format"``...).
    """

    path: Path | None = None
    unit: str | None = None
    learner: str | None = None
    rules: tuple[str, ...] = ()
    format: str | None = None
    audience: str | None = None
    verbose: bool | None = None
    waivers: tuple[WaiverSpec, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)
    max_age_years: int | None = None

    def where(self, key: str) -> str:
        """``file:line`` of a setting (or just the file)."""
        line = self.lines.get(key)
        name = str(self.path) if self.path else "settings"
        return f"{name}:{line}" if line else name

    def waivers_for(self, learner: str | None) -> tuple[WaiverSpec, ...]:
        """The waivers that apply to the learner folder named ``learner``."""
        return tuple(w for w in self.waivers if w.learner is None or w.learner == learner)


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The closest settings file in ``start`` (a folder, or a file's folder) or any folder above it."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def discover_config(paths: Iterable[str | os.PathLike[str]]) -> Config:
    """The settings for a portfolio given as ``paths``: the file closest to the first path, if any.

    Raises:
        ConfigError: The file found is invalid.
    """
    first = next(iter(paths), None)
    found = find_config(first) if first is not None else None
    return load_config(found) if found else Config()


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a settings file.

    Raises:
        ConfigError: E401 the file cannot be read, E402 it is not TOML, and
            E403-E416 for each bad setting or waiver (all reported at once).
    """
    file = Path(path)
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        detail = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ConfigError([ConfigProblem(name, None, "E401", _text("E401", detail=detail))]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = _TOML_POSITION.search(str(err))
        detail = _TOML_POSITION.sub("", str(err)).strip()
        line = int(found.group(1)) if found else None
        raise ConfigError([ConfigProblem(name, line, "E402", _text("E402", detail=detail))]) from None
    return _Reader(file, data, _key_lines(text)).read()


class _Reader:
    """Validates parsed TOML into a :class:`Config`, collecting every problem."""

    def __init__(self, file: Path, data: dict[str, Any], lines: dict[str, int]):
        self.file = file
        self.data = data
        self.lines = lines
        self.problems: list[ConfigProblem] = []

    def problem(self, where: str, code: str, **values: object) -> None:
        self.problems.append(ConfigProblem(str(self.file), self._line(where), code, _text(code, **values)))

    def _line(self, key: str) -> int | None:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return None

    def read(self) -> Config:
        data = self.data
        self.unknown(data, _TOP_KEYS, "")
        unit = self.string(data, "unit")
        learner = self.string(data, "learner")
        rules = self.rules(data.get("rules"))
        output = data.get("output", {})
        fmt = audience = None
        verbose = None
        if not isinstance(output, dict):
            self.problem("output", "E404", key="output", expected="a table ([output])", got=_kind(output))
        else:
            self.unknown(output, _OUTPUT_KEYS, "output.")
            fmt = self.choice(output, "format", OUTPUT_FORMATS, "output.")
            audience = self.choice(output, "audience", AUDIENCES, "output.")
            verbose = self.boolean(output, "verbose", "output.")
        max_age = self.checks(data.get("checks", {}))
        waivers = self.waivers(data.get("waiver", []))
        if self.problems:
            raise ConfigError(self.problems)
        return Config(self.file, unit, learner, rules, fmt, audience, verbose, waivers,
                      {k: v for k, v in self.lines.items() if not k.startswith("waiver[")}, max_age)

    def checks(self, table: object) -> int | None:
        """The ``[checks]`` table: ``max_age_years``."""
        if not isinstance(table, dict):
            self.problem("checks", "E404", key="checks", expected="a table ([checks])", got=_kind(table))
            return None
        self.unknown(table, _CHECKS_KEYS, "checks.")
        value = table.get("max_age_years")
        if value is None:
            return None
        low, high = MAX_AGE_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem("checks.max_age_years", "E501", key="checks.max_age_years", got=repr(value))
            return None
        return value

    def unknown(self, table: Mapping[str, Any], known: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key not in known:
                self.problem(prefix + key, "E403", key=prefix + key, hint=did_you_mean(key, known),
                             available=", ".join(known))

    def string(self, table: Mapping[str, Any], key: str, prefix: str = "") -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(prefix + key, "E404", key=prefix + key, expected="a non-empty string in quotes",
                         got=_kind(value))
            return None
        return value.strip()

    def boolean(self, table: Mapping[str, Any], key: str, prefix: str = "") -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.problem(prefix + key, "E404", key=prefix + key, expected="true or false", got=_kind(value))
        return None

    def choice(self, table: Mapping[str, Any], key: str, choices: tuple[str, ...], prefix: str) -> str | None:
        value = self.string(table, key, prefix)
        if value is not None and value not in choices:
            self.problem(prefix + key, "E405", key=prefix + key, available=", ".join(choices), value=value)
            return None
        return value

    def rules(self, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            self.problem("rules", "E404", key="rules", expected="a folder or a list of folders in quotes",
                         got=_kind(value))
            return ()
        return tuple(str((self.file.parent / v).resolve()) for v in items)

    def waivers(self, value: object) -> tuple[WaiverSpec, ...]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem("waiver", "E404", key="waiver", expected="a list of [[waiver]] tables", got=_kind(value))
            return ()
        specs = []
        for index, table in enumerate(value):
            prefix = f"waiver[{index}]."
            self.unknown(table, _WAIVER_KEYS, prefix)
            criterion = self.string(table, "criterion", prefix)
            mistake = self.string(table, "mistake", prefix)
            if (criterion is None) == (mistake is None):
                self.problem(prefix.rstrip("."), "E410")
                continue
            what = f"criterion '{criterion}'" if criterion else f"mistake '{mistake}'"
            reason = self.string(table, "reason", prefix)
            if reason is None:
                self.problem(prefix.rstrip("."), "E411", what=what)
                continue
            specs.append(WaiverSpec(
                reason=reason, criterion=criterion, mistake=mistake, by=self.string(table, "by", prefix),
                date=self.date(table.get("date"), prefix + "date"), learner=self.string(table, "learner", prefix),
                file=str(self.file), line=self._line(prefix.rstrip(".")),
            ))
        return tuple(specs)

    def date(self, value: object, key: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat()
        if isinstance(value, _dt.datetime):
            return value.date().isoformat()
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        self.problem(key, "E416", got=repr(value) if isinstance(value, str) else _kind(value))
        return None


def _text(code: str, **values: object) -> str:
    """The message ``code`` without its number (:class:`ConfigProblem` carries the number)."""
    return str(getattr(Messages, code)).format(**values)


def _kind(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _key_lines(text: str) -> dict[str, int]:
    """The 1-based line of each key: ``"unit"``, ``"output.format"``, ``"waiver[0]"``, ``"waiver[0].reason"``.

    A plain line scan (headers and ``key =`` lines). It cannot see inside
    multi-line strings, so a key there may get a wrong line; messages then
    still name the file.
    """
    lines: dict[str, int] = {}
    table = ""
    counts: dict[str, int] = {}
    in_multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(raw)
        if header:
            name = header.group(2).strip().strip("\"'")
            if header.group(1) == "[[":
                index = counts.get(name, 0)
                counts[name] = index + 1
                name = f"{name}[{index}]"
            table = name
            lines.setdefault(table, number)
            continue
        key = _KEY.match(raw)
        if key:
            full = f"{table}.{key.group(1).strip(chr(34) + chr(39))}" if table else key.group(1).strip("\"'")
            lines.setdefault(full, number)
            for quote in ('"""', "'''"):
                if raw.count(quote) % 2 == 1:
                    in_multiline = quote
    return lines

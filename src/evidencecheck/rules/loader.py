"""Load and validate rule files, reporting every problem with its ``file:line``.

Loading is two passes over one safely-read YAML file (see :mod:`._yaml`):
the pydantic schema (:mod:`.schema`), then cross-reference checks
(:mod:`.semantic`). Problems from all passes are collected and raised
together as one :class:`~evidencecheck.errors.RuleSetError`, e.g.::

    x.yaml:42: criteria[3].elements[1].all[0]: E103 unknown key 'patern' (did you mean 'patterns'?)
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import RuleProblem, RuleSetError
from . import locations
from ._yaml import MAX_FILE_SIZE, DataPath, YamlData, problem, read_yaml, render_path
from .schema import RuleSet, Vocabulary
from .semantic import MAX_PROBLEMS, check_semantics, did_you_mean

PathLike = typing.Union[str, "os.PathLike[str]"]
Model = TypeVar("Model", bound=BaseModel)

SHARED_VOCAB_NAMES = locations.SHARED_VOCAB_NAMES


def load_ruleset_file(
    path: PathLike,
    *,
    vocabulary: Mapping[str, Sequence[str]] | None = None,
    max_size: int = MAX_FILE_SIZE,
    patterns: bool = True,
) -> RuleSet:
    """Load one rule file and check it completely.

    Args:
        path: The YAML file.
        vocabulary: The shared vocabulary for ``@name`` references. By default,
            ``_shared.yaml`` beside the file merged over the bundled one.
        max_size: Largest file accepted, in bytes.
        patterns: Validate token and dependency patterns with spaCy (E106). ``False``
            checks everything else and imports no spaCy, for listing units quickly.

    Returns:
        The rule set. Its ``vocab`` also holds every shared list it does not
        define itself, so ``@name`` can be resolved from the rule set alone.

    Raises:
        RuleSetError: With every problem found, each with file, line and path.
    """
    file = os.fspath(path)
    shared = dict(default_vocabulary(Path(file).parent) if vocabulary is None else vocabulary)
    doc = read_yaml(file, max_size=max_size)
    problems = list(doc.problems)
    if doc.data is None:
        detail = "the file is empty; a rule set needs 'id', 'title', 'version' and 'criteria'"
        raise RuleSetError(problems + [problem(file, None, "", "E103", detail=detail)])
    ruleset = _validate(RuleSet, doc, file, problems)
    problems += check_semantics(doc, file, vocabulary=shared, patterns=patterns)
    if problems or ruleset is None:
        raise RuleSetError(_in_file_order(problems))
    merged = {**{k: list(v) for k, v in shared.items()}, **ruleset.vocab}
    return ruleset.model_copy(update={"vocab": merged})


def load_vocabulary(path: PathLike, *, max_size: int = MAX_FILE_SIZE) -> dict[str, list[str]]:
    """Load a shared vocabulary file (``rules/_shared.yaml``).

    Args:
        path: The YAML file, a mapping with one key ``vocab``.
        max_size: Largest file accepted, in bytes.

    Returns:
        Named phrase lists, by name.

    Raises:
        RuleSetError: With every problem found.
    """
    file = os.fspath(path)
    doc = read_yaml(file, max_size=max_size)
    problems = list(doc.problems)
    vocab = _validate(Vocabulary, doc, file, problems)
    if problems or vocab is None:
        raise RuleSetError(_in_file_order(problems))
    return {k: list(v) for k, v in vocab.vocab.items()}


def default_vocabulary(directory: Path | None = None) -> dict[str, list[str]]:
    """The shared vocabulary for rule files in ``directory``.

    The bundled ``_shared.yaml`` is read first; one in ``directory`` (if any)
    is merged over it, list by list.

    Raises:
        RuleSetError: A shared vocabulary file is invalid.
    """
    merged: dict[str, list[str]] = {}
    dirs = [locations.bundled_rules_dir(), directory]
    seen: set[Path] = set()
    for d in dirs:
        if d is None or d.resolve() in seen:
            continue
        seen.add(d.resolve())
        for name in SHARED_VOCAB_NAMES:
            if (d / name).is_file():
                merged.update(load_vocabulary(d / name))
    return merged



# -- pydantic errors -> problems -------------------------------------------------


def _validate(
    model: type[Model], doc: YamlData, file: str, problems: list[RuleProblem]
) -> Model | None:
    try:
        return model.model_validate(doc.data)
    except ValidationError as err:
        problems.extend(
            _pydantic_problem(model, doc, file, e)
            for e in err.errors(include_url=False)[:MAX_PROBLEMS]
        )
        return None


def _pydantic_problem(model: type[BaseModel], doc: YamlData, file: str, error: Any) -> RuleProblem:
    loc: DataPath = tuple(error["loc"])
    kind = error["type"]
    if kind in ("extra_forbidden", "missing") and loc:
        parent, key = loc[:-1], loc[-1]
        if kind == "extra_forbidden":
            fields = _field_names(model, parent)
            hint = did_you_mean(str(key), fields) or _nested_hint(model, parent, str(key))
            text = f"unknown key '{key}'{hint}"
            line = doc.line(loc)
        else:
            text = f"missing required key '{key}'"
            line = doc.line(parent)
        return problem(file, line, render_path(parent), "E103", detail=text)
    path = _data_prefix(doc.data, loc)
    text = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, (str, int, float, bool)) and kind not in (
        "model_type",
        "dict_type",
        "list_type",
    ):
        text += f" (got {value!r})"
    return problem(file, doc.line(path), render_path(path), "E103", detail=text)


def _data_prefix(data: Any, loc: DataPath) -> DataPath:
    """The longest start of ``loc`` that names a value in ``data``."""
    out: list[str | int] = []
    for seg in loc:
        if isinstance(data, dict) and seg in data:
            data = data[seg]
        elif isinstance(data, list) and isinstance(seg, int) and 0 <= seg < len(data):
            data = data[seg]
        else:
            break
        out.append(seg)
    return tuple(out)


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(types, "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _field_names(model: type[BaseModel], loc: DataPath) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model``, for suggestions."""
    tp: Any = model
    for seg in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(seg, str):
            field = tp.model_fields.get(seg)
            if field is None:
                return []
            tp = field.annotation
        elif typing.get_origin(tp) is list and isinstance(seg, int):
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _nested_hint(model: type[BaseModel], parent: DataPath, key: str) -> str:
    """Suggest a key that belongs one level down, e.g. 'patterns' written on an element."""
    homes: list[str] = []
    best = ""
    for name in _field_names(model, parent):
        inner = _field_names(model, parent + (name, 0)) or _field_names(model, parent + (name,))
        hint = did_you_mean(key, inner)
        if hint and (not best or hint == best):
            best = hint
            homes.append(f"'{name}'")
    if not best:
        return ""
    where = homes[0] if len(homes) == 1 else ", ".join(homes[:-1]) + " or " + homes[-1]
    return f"{best[:-1]} It belongs inside {where})"


def _in_file_order(problems: list[RuleProblem]) -> list[RuleProblem]:
    ordered = sorted(problems, key=lambda p: (p.file, p.line or 0))
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    detail = f"more problems not shown (only the first {MAX_PROBLEMS} are listed). Fix these and validate again"
    return ordered[:MAX_PROBLEMS] + [problem(ordered[0].file, None, "", "E103", detail=detail)]


__all__ = ["default_vocabulary", "load_ruleset_file", "load_vocabulary"]

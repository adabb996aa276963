"""Attach an assessor's waivers to a report, visibly.

A waiver records that an assessor reviewed a finding and accepted it ("criterion
1.2 accepted on observation", "mistake micromanaging is a false alarm"). It
never changes the finding itself: the criterion keeps its ``status`` and the
mistake its ``detected``, and every view shows the waiver beside them with its
reason, who and when, and the ``file:line`` it came from. Only the exit status,
the "what to do next" lists and the cohort grid treat a waived finding as
accepted, and they count it as waived, never as met.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from ..config import WaiverSpec
from ..errors import ConfigError, ConfigProblem, Messages, did_you_mean, message
from ..rules.schema import RuleSet
from .build import summarise
from .model import CriterionEntry, MistakeEntry, Report, Waiver


class _Finding(Protocol):
    @property
    def id(self) -> str: ...


class _Criterion(_Finding, Protocol):
    @property
    def refs(self) -> Sequence[str]: ...


_C = TypeVar("_C", bound=_Criterion)
_M = TypeVar("_M", bound=_Finding)


def _problem(spec: WaiverSpec, code: str, **values: object) -> ConfigProblem:
    return ConfigProblem(spec.file, spec.line, code, str(getattr(Messages, code)).format(**values))


def _criterion_for(spec: WaiverSpec, criteria: Sequence[_C], unit: str) -> _C | ConfigProblem:
    ref = spec.criterion or ""
    by_id = {c.id: c for c in criteria}
    if ref in by_id:
        return by_id[ref]
    by_ref = [c for c in criteria if ref in c.refs]
    if len(by_ref) == 1:
        return by_ref[0]
    if by_ref:
        return _problem(spec, "E414", ref=ref, matches=", ".join(c.id for c in by_ref))
    return _problem(spec, "E412", ref=ref, unit=unit, hint=did_you_mean(ref, list(by_id)))


def _mistake_for(spec: WaiverSpec, mistakes: Sequence[_M], unit: str) -> _M | ConfigProblem:
    ref = spec.mistake or ""
    by_id = {m.id: m for m in mistakes}
    if ref in by_id:
        return by_id[ref]
    return _problem(spec, "E413", ref=ref, unit=unit, hint=did_you_mean(ref, list(by_id)))


def check_waivers(waivers: Iterable[WaiverSpec], ruleset: RuleSet) -> None:
    """Check that every waiver names a finding of ``ruleset``, before any portfolio is read.

    Raises:
        ConfigError: E412-E415, as :func:`apply_waivers` would, every problem at once.
    """
    problems: list[ConfigProblem] = []
    seen: dict[tuple[str, str], list[WaiverSpec]] = {}
    for spec in waivers:
        found = (_criterion_for(spec, ruleset.criteria, ruleset.id) if spec.criterion
                 else _mistake_for(spec, ruleset.mistakes, ruleset.id))
        if isinstance(found, ConfigProblem):
            problems.append(found)
            continue
        kind = "criterion" if spec.criterion else "mistake"
        earlier = seen.setdefault((kind, found.id), [])
        # one waiver per finding and learner; a waiver for everyone covers each learner too
        clash = next((w for w in earlier if w.learner is None or spec.learner is None or w.learner == spec.learner),
                     None)
        if clash is not None:
            problems.append(_problem(spec, "E415", what=f"{kind} '{found.id}'", first_line=clash.line or "?"))
        else:
            earlier.append(spec)
    if problems:
        raise ConfigError(problems)


def apply_waivers(report: Report, waivers: Iterable[WaiverSpec]) -> Report:
    """A copy of ``report`` with each waiver attached to its criterion or mistake.

    A waiver for a criterion that is met, or a mistake that is not detected, is
    kept (it shows) and adds warning W401 or W402. A report where nothing could
    be checked takes no waivers: there is no finding to review.

    Raises:
        ConfigError: E412-E415, every problem at once: a waiver names a criterion
            or mistake the unit does not have, an AC number several criteria
            share, or a finding waived twice.
    """
    specs = list(waivers)
    if not specs or not report.checked:
        return report
    unit = report.unit.id
    problems: list[ConfigProblem] = []
    on_criteria: dict[str, tuple[WaiverSpec, Waiver]] = {}
    on_mistakes: dict[str, tuple[WaiverSpec, Waiver]] = {}
    warnings: list[str] = []
    for spec in specs:
        waiver = Waiver(reason=spec.reason, by=spec.by, date=spec.date, source=spec.source)
        found = (_criterion_for(spec, report.criteria, unit) if spec.criterion
                 else _mistake_for(spec, report.mistakes, unit))
        if isinstance(found, ConfigProblem):
            problems.append(found)
            continue
        table = on_criteria if isinstance(found, CriterionEntry) else on_mistakes
        kind = "criterion" if isinstance(found, CriterionEntry) else "mistake"
        if found.id in table:
            first = table[found.id][0]
            problems.append(_problem(spec, "E415", what=f"{kind} '{found.id}'", first_line=first.line or "?"))
            continue
        table[found.id] = (spec, waiver)
        if isinstance(found, CriterionEntry) and found.status == "met":
            warnings.append(message("W401", where=spec.source, ref=found.id))
        elif isinstance(found, MistakeEntry) and not found.detected:
            warnings.append(message("W402", where=spec.source, ref=found.id))
    if problems:
        raise ConfigError(problems)
    criteria = [c.model_copy(update={"waiver": on_criteria[c.id][1]}) if c.id in on_criteria else c
                for c in report.criteria]
    mistakes = [m.model_copy(update={"waiver": on_mistakes[m.id][1]}) if m.id in on_mistakes else m
                for m in report.mistakes]
    return report.model_copy(update={
        "criteria": criteria, "mistakes": mistakes, "summary": summarise(criteria, mistakes),
        "warnings": [*report.warnings, *warnings],
    })

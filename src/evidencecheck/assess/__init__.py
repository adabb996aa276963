"""Assess a portfolio against a rule set: matches -> verdicts."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.language import Language

from ..model import Portfolio
from ..nlp.matcher import CompiledRuleSet, PortfolioMatches
from ..nlp.normalise import process_documents
from ..nlp.pipeline import DEFAULT_MODEL, get_nlp
from ..rules.schema import RuleSet
from .assessor import assess_criterion, assess_mistake, element_result, unreadable_parts
from .evidence_types import classify
from .model import Assessment, DocumentInfo, ElementResult

__all__ = ["assess", "clue_hits", "compile_ruleset", "find_element"]

_compiled: dict[tuple[int, int], tuple[RuleSet, CompiledRuleSet]] = {}


def compile_ruleset(ruleset: RuleSet, nlp: Language) -> CompiledRuleSet:
    """The compiled matchers of ``ruleset`` for ``nlp`` (built once, then reused)."""
    key = (id(ruleset), id(nlp))
    cached = _compiled.get(key)
    if cached is None or cached[0] is not ruleset:
        if len(_compiled) > 32:
            _compiled.clear()
        cached = (ruleset, CompiledRuleSet(ruleset, nlp))
        _compiled[key] = cached
    return cached[1]


def _match(
    ruleset: RuleSet, portfolio: Portfolio, nlp: Language | None, model: str,
    type_overrides: Mapping[str, list[str] | tuple[str, ...]] | None,
) -> tuple[PortfolioMatches, list[str]]:
    nlp = nlp or get_nlp(model)
    docs = list(portfolio.documents)
    overrides = type_overrides or {}
    types = {i: tuple(overrides.get(d.path) or classify(d)) for i, d in enumerate(docs)}
    processed = process_documents(nlp, docs)
    pm = PortfolioMatches(compile_ruleset(ruleset, nlp), processed, types)
    return pm, [d.path for d in docs]


def assess(
    ruleset: RuleSet,
    portfolio: Portfolio,
    *,
    nlp: Language | None = None,
    model: str = DEFAULT_MODEL,
    type_overrides: Mapping[str, list[str] | tuple[str, ...]] | None = None,
) -> Assessment:
    """Assess ``portfolio`` against ``ruleset``.

    Args:
        ruleset: The unit's rules.
        portfolio: Parsed evidence.
        nlp: A spaCy pipeline from :func:`evidencecheck.nlp.pipeline.get_nlp`; built when omitted.
        model: Pipeline name used when ``nlp`` is omitted.
        type_overrides: Evidence types to use for some documents (by path) instead of classifying them.

    Returns:
        The verdict on every criterion and mistake, in rule-set order.
    """
    pm, paths = _match(ruleset, portfolio, nlp, model, type_overrides)
    matches = {ref.ref: pm.evaluate(ref) for ref in pm.compiled.elements}
    unreadable = unreadable_parts(portfolio)
    criteria = tuple(
        assess_criterion(c, [matches[f"{c.id}.{e.id}"] for e in c.elements], pm, paths, unreadable)
        for c in ruleset.criteria
    )
    mistakes = []
    for mistake in ruleset.mistakes:
        local = {e.id: matches[f"{mistake.id}.{e.id}"] for e in mistake.elements}
        resolve = {r: local.get(r) or matches[r] for r in [*mistake.detect.present, *mistake.detect.absent]}
        mistakes.append(assess_mistake(mistake, resolve, paths))
    documents = tuple(DocumentInfo(p, pm.doc_types[i]) for i, p in enumerate(paths))
    return Assessment(ruleset.id, criteria, tuple(mistakes), documents, tuple(_portfolio_warnings(pm, portfolio)))


def find_element(
    ruleset: RuleSet, portfolio: Portfolio, ref: str, *, nlp: Language | None = None,
    model: str = DEFAULT_MODEL, type_overrides: Mapping[str, list[str] | tuple[str, ...]] | None = None,
) -> ElementResult:
    """Evaluate one element, named ``criterion-id.element-id`` or ``mistake-id.element-id``."""
    pm, paths = _match(ruleset, portfolio, nlp, model, type_overrides)
    for el_ref in pm.compiled.elements:
        if el_ref.ref == ref:
            return element_result(pm.evaluate(el_ref), paths)
    raise KeyError(ref)


def clue_hits(
    ruleset: RuleSet, portfolio: Portfolio, *, nlp: Language | None = None, model: str = DEFAULT_MODEL,
) -> set[str]:
    """Ids of the clue parts (phrases, patterns, signals) that matched anywhere in ``portfolio``."""
    pm, _ = _match(ruleset, portfolio, nlp, model, None)
    return pm.fired_parts


_MONITORING = {"kpi-report", "one-to-one-record", "coaching-log", "appraisal"}


def _portfolio_warnings(pm: PortfolioMatches, portfolio: Portfolio) -> list[str]:
    from ..nlp.signals import SIGNALS

    warnings: list[str] = []
    docs = portfolio.documents
    if not docs:
        return ["No evidence could be read, so nothing could be checked."]
    kinds = {t for ts in pm.doc_types.values() for t in ts if t != "other"}
    if len(docs) > 1 and len(kinds) < 2:
        warnings.append("The evidence is all of one kind; assessors expect a variety "
                        "(e.g. reflective account, witness testimony, records, reports).")
    if "witness-testimony" not in kinds:
        warnings.append("There is no witness testimony; one from your line manager helps confirm your practice.")
    for pdoc in pm.documents:
        if not set(pm.doc_types.get(pdoc.index, ())) & _MONITORING:
            continue
        signed = dated = False
        for block in pdoc.blocks:
            signed = signed or bool(SIGNALS["signature_block"].detect(block.doc))
            dated = dated or bool(SIGNALS["date"].detect(block.doc))
        if not (signed and dated):
            missing = " and ".join(w for w, ok in (("signed", signed), ("dated", dated)) if not ok)
            warnings.append(f"{pdoc.document.path} looks like a monitoring record but is not {missing}.")
    return warnings

"""``evidencecheck rules explain`` and ``rules try``: why each element and criterion came out as it did."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import Messages, RuleProblem, RuleSetError
from ..nlp.names import canonical_model
from ..rules.registry import load_ruleset
from ..rules.schema import RuleSet, RuleTest

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(actions: Any, with_rules_dirs: Any) -> None:
    """Add ``explain`` and ``try`` to the ``rules`` actions."""
    p = with_rules_dirs(actions.add_parser(
        "explain", help="why each criterion of a unit came out as it did for some evidence"))
    p.add_argument("unit", metavar="UNIT", help="a unit id or a rule file")
    p.add_argument("paths", metavar="PATH", nargs="*", help="evidence files or folders")
    p.add_argument("--criterion", metavar="ID", help="explain only this criterion")
    p.add_argument("--case", metavar="NAME", help="explain the text of this rule test of the unit instead of files")
    p.add_argument("--model", default=None, type=canonical_model,
                   help="spaCy pipeline: built-in by default; 'blank' for no tagger or parser")
    p.set_defaults(func=cmd_explain)
    p = with_rules_dirs(actions.add_parser(
        "try", help="the verdict per element for a sentence or two, with the explanation"))
    p.add_argument("unit", metavar="UNIT", help="a unit id or a rule file")
    p.add_argument("text", metavar="TEXT", help="a sentence or two of evidence (quote it)")
    p.add_argument("--criterion", metavar="ID", help="explain only this criterion")
    p.add_argument("--type", dest="types", action="append", default=[], metavar="TYPE",
                   help="the evidence type of the text (repeatable), as a rule test's 'types'")
    p.add_argument("--model", default=None, type=canonical_model,
                   help="spaCy pipeline: built-in by default; 'blank' for no tagger or parser")
    p.set_defaults(func=cmd_try)


def _check_criterion(rs: RuleSet, criterion: str | None) -> None:
    if criterion and criterion not in {c.id for c in rs.criteria}:
        known = ", ".join(c.id for c in rs.criteria)
        raise RuleSetError([_problem("E120", Messages.E120.format(criterion=criterion, unit=rs.id, available=known))])


def _problem(code: str, message: str) -> RuleProblem:
    return RuleProblem("", None, "", code, message)


def _explain_case(rs: RuleSet, case: RuleTest, criterion: str | None, model: str | None) -> int:
    from ..explain import explain, render_text
    from ..parsers.text import parse_string
    from ..ruletest import case_portfolio

    portfolio, overrides = case_portfolio(case, lambda text, *, name: parse_string(text, name=name))
    explanation = explain(rs, portfolio, criterion=criterion, type_overrides=overrides, model=model)
    print(render_text(explanation), end="")
    wrong = []
    for key, expected in case.expect.items():
        actual = _actual(explanation, key)
        if actual is not None and actual != expected:
            wrong.append(f"  {key}: expected {expected}, got {actual}")
    if wrong:
        print(f"Rule test '{case.name}' fails:")
        print("\n".join(wrong))
        return EXIT_FAILED
    return EXIT_OK


def _actual(explanation: Any, key: str) -> str | None:
    """The outcome of ``key`` (criterion, criterion.element or mistake) in an explanation, if explained."""
    owner, _, element = key.partition(".")
    for c in explanation.criteria:
        if c.id == owner:
            if not element:
                return str(c.status)
            return next(("found" if e.found else "not_found" for e in c.elements if e.ref == key), None)
    for m in explanation.assessment.mistakes:
        if m.id == key:
            return "detected" if m.detected else "not_detected"
    return None


def cmd_explain(args: argparse.Namespace) -> int:
    """Explain a unit's verdicts on evidence files, or on one of its rule tests (``--case``)."""
    rs = load_ruleset(args.unit, rules_dirs=args.rules_dirs)
    _check_criterion(rs, args.criterion)
    if args.case:
        case = next((c for c in rs.tests if c.name == args.case), None)
        if case is None:
            names = ", ".join(c.name for c in rs.tests) or "none"
            raise RuleSetError([_problem("E121", Messages.E121.format(name=args.case, unit=rs.id, available=names))])
        return _explain_case(rs, case, args.criterion, args.model)
    if not args.paths:
        raise RuleSetError([_problem("E122", Messages.E122)])
    from ..explain import explain, render_text
    from ..portfolio import load_portfolio

    portfolio = load_portfolio(args.paths)
    print(render_text(explain(rs, portfolio, criterion=args.criterion, model=args.model)), end="")
    return EXIT_OK


def cmd_try(args: argparse.Namespace) -> int:
    """Explain a unit's verdicts on a snippet of text given on the command line."""
    rs = load_ruleset(args.unit, rules_dirs=args.rules_dirs)
    _check_criterion(rs, args.criterion)
    if not args.text.strip():
        raise RuleSetError([_problem("E123", Messages.E123)])
    case = RuleTest(name="try", text=args.text, types=args.types, expect={rs.criteria[0].id: "met"})
    from ..explain import explain, render_text
    from ..parsers.text import parse_string
    from ..ruletest import case_portfolio

    portfolio, overrides = case_portfolio(case, lambda text, *, name: parse_string(text, name=name))
    print(render_text(explain(rs, portfolio, criterion=args.criterion, type_overrides=overrides,
                              model=args.model)), end="")
    return EXIT_OK


__all__ = ["cmd_explain", "cmd_try", "register"]

"""``evidencecheck rules``: list, show, validate and test rule sets, and print their JSON Schema."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Messages, RuleSetError
from ..rules.loader import load_vocabulary
from ..rules.locations import RULE_SUFFIXES, SHARED_VOCAB_NAMES
from . import rules_author, rules_explain

if TYPE_CHECKING:
    from ..rules.schema import RuleSet
    from ..ruletest import CaseResult, PhraseCoverage

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(subparsers: Any) -> None:
    """Add the ``rules`` command and its actions to ``subparsers``."""
    parser = subparsers.add_parser("rules", help="list, show, validate and test rule sets")
    parser.set_defaults(func=lambda args: _help(parser))
    actions = parser.add_subparsers(dest="rules_action", metavar="ACTION")

    def with_rules_dirs(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--rules",
            metavar="DIR",
            action="append",
            default=[],
            dest="rules_dirs",
            help="a directory of extra rule files; overrides bundled units (repeatable)",
        )
        return p

    p = with_rules_dirs(actions.add_parser("list", help="list the available units"))
    p.set_defaults(func=cmd_list)
    p = with_rules_dirs(
        actions.add_parser("show", help="show a unit's criteria, elements and mistakes")
    )
    p.add_argument("unit", metavar="UNIT", help="a unit id or a rule file")
    p.set_defaults(func=cmd_show)
    p = with_rules_dirs(actions.add_parser("validate", help="check rule files and report every problem"))
    p.add_argument("paths", metavar="PATH", nargs="*",
                   help="rule files or directories (default: every unit, bundled and --rules)")
    p.set_defaults(func=cmd_validate)
    p = with_rules_dirs(actions.add_parser("test", help="run the test cases in rule files"))
    p.add_argument(
        "paths", metavar="PATH", nargs="*", help="rule files or directories (default: all units)"
    )
    p.add_argument(
        "--coverage",
        action="store_true",
        help="also fail on clue parts no case matches and on too few (negative) cases, "
             "and list, per @list, the phrases no case matches",
    )
    p.add_argument("--case", dest="cases", action="append", default=[], metavar="NAME",
                   help="run only the case with this name (repeatable)")
    p.set_defaults(func=cmd_test)
    rules_explain.register(actions, with_rules_dirs)
    rules_author.register(actions, with_rules_dirs)
    p = actions.add_parser("schema", help="print the JSON Schema of rule files")
    p.set_defaults(func=cmd_schema)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def _rule_files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()
            )
        else:
            yield path


def cmd_list(args: argparse.Namespace) -> int:
    """Print one line per unit (id, version, counts, title), and whose version of which unit it is.

    Token and dependency patterns are not compiled here (that needs spaCy, slow to import):
    ``rules validate`` and every check do that.
    """
    from ..rules import registry

    status = EXIT_OK
    loaded: dict[str, RuleSet] = {}
    for unit_id, path in registry.available_units(args.rules_dirs).items():
        try:
            loaded[unit_id] = registry.load_cached(path, patterns=False)
        except RuleSetError as err:
            print(
                f"{unit_id:32} INVALID ({len(err.problems)} problem(s); "
                f"run 'evidencecheck rules validate {path}')"
            )
            status = EXIT_USAGE
    for unit_id, rs in loaded.items():
        print(
            f"{rs.id:32} v{rs.version:8} {len(rs.criteria):3} criteria "
            f"{len(rs.mistakes):3} mistakes  {rs.title}"
        )
        for line in source_lines(rs, loaded.values()):
            print(f"{'':34}{line}")
    return status


def source_lines(rs: RuleSet, others: Iterable[RuleSet] = ()) -> list[str]:
    """Which body's version of which unit ``rs`` encodes, and the other units that encode the same one."""
    src = rs.source
    lines = []
    if src.awarding_body or src.ofqual_unit:
        what = f"Ofqual unit {src.ofqual_unit}" if src.ofqual_unit else "the unit"
        body = f"The {src.awarding_body} version of {what}" if src.awarding_body else what.capitalize()
        lines.append(body + (f", for the {src.qualification}" if src.qualification else ""))
    elif src.qualification:
        lines.append(f"For the {src.qualification}")
    twins = [o for o in others if o.id != rs.id and src.ofqual_unit and o.source.ofqual_unit == src.ofqual_unit]
    for twin in twins:
        body = f"the {twin.source.awarding_body} version" if twin.source.awarding_body else "another version"
        lines.append(f"Same Ofqual unit as {twin.id} ({body}): use the one for your awarding body.")
    return lines


def cmd_show(args: argparse.Namespace) -> int:
    """Print a readable dump of one unit."""
    from ..rules.registry import load_ruleset

    print(render_ruleset(load_ruleset(args.unit, rules_dirs=args.rules_dirs)))
    return EXIT_OK


def render_ruleset(rs: RuleSet) -> str:
    """A readable dump of a rule set: criteria with refs, elements and advice, then mistakes."""
    lines = [f"{rs.title} ({rs.id}, version {rs.version})"]
    if rs.source.unit or rs.source.standard:
        lines.append("Source: " + ", ".join(x for x in (rs.source.unit, rs.source.standard) if x))
    lines += source_lines(rs)
    lines += ["", "Criteria:"]
    for c in rs.criteria:
        refs = f" [{', '.join(c.refs)}]" if c.refs else ""
        lines += [
            f"  {c.id}{refs}: {c.name}",
            f"    {c.text}",
            f"    Good answer: {c.good_answer}",
            f"    Common mistake: {c.common_mistake}",
        ]
        if c.evidence.types:
            lines.append(
                f"    Evidence: {', '.join(c.evidence.types)} (at least {c.evidence.min_sources})"
            )
        lines += [f"    - {e.id}: {e.text}" for e in c.elements]
        lines += [f"    If missing: {c.advice.missing}", f"    If at risk: {c.advice.at_risk}"]
    if rs.mistakes:
        lines += ["", "Common mistakes:"]
        for m in rs.mistakes:
            refs = f" [{', '.join(m.refs)}]" if m.refs else ""
            lines += [f"  {m.id}{refs}: {m.name}", f"    {m.text}", f"    Advice: {m.advice}"]
            lines += [f"    - {e.id}: {e.text}" for e in m.elements]
    lines += ["", f"{len(rs.tests)} test case(s)"]
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    """Print ``OK path`` or every problem of every file; exit 2 on any problem.

    Without paths it validates every unit it knows (bundled and ``--rules``), and
    the shared vocabularies beside them.
    """
    from ..rules import registry
    from ..rules.loader import load_ruleset_file

    status = EXIT_OK
    if args.paths:
        files = list(_rule_files(args.paths))
    else:
        try:
            folders = registry.rules_dirs_in_order(args.rules_dirs)
            units = list(registry.available_units(args.rules_dirs).values())
        except RuleSetError as err:
            print("\n".join(str(p) for p in err.problems))
            return EXIT_USAGE
        vocab = [d / name for d in folders for name in SHARED_VOCAB_NAMES if (d / name).is_file()]
        files = vocab + units
    if not files:
        print("no rule files found")
        return EXIT_USAGE
    for path in files:
        try:
            if path.name.startswith("_"):
                load_vocabulary(path)
            else:
                load_ruleset_file(path)
        except RuleSetError as err:
            status = EXIT_USAGE
            for problem in err.problems:
                print(problem)
        else:
            print(f"OK {path}")
    return status


def cmd_test(args: argparse.Namespace) -> int:
    """Run rule tests; exit 1 on a failed case (or, with ``--coverage``, a coverage gap)."""
    from .. import ruletest
    from ..rules import registry
    from ..rules.loader import load_ruleset_file

    if args.paths:
        files = [p for p in _rule_files(args.paths) if registry.is_unit_file(p)]
    else:
        files = list(registry.available_units(args.rules_dirs).values())
    if not files:
        print("no rule sets to test")
        return EXIT_OK
    rulesets = [load_ruleset_file(p) for p in files]
    if args.cases:
        known = {c.name for rs in rulesets for c in rs.tests}
        unknown = [n for n in args.cases if n not in known]
        if unknown:
            print("E127 " + Messages.E127.format(names=", ".join(map(repr, unknown)),
                                                 units=", ".join(rs.id for rs in rulesets)))
            return EXIT_USAGE
    passed = failed = todo = gaps = 0
    for rs in rulesets:
        results = ruletest.run_tests(rs, collect_hits=args.coverage, names=args.cases)
        for result in results:
            print(format_case(result))
            passed += result.passed
            failed += result.failed
            todo += not result.passed and not result.failed
        if args.coverage and not args.cases:
            for gap in ruletest.coverage(rs, results):
                gaps += 1
                print(f"UNCOVERED {rs.id}: {gap.message}")
            print(format_phrase_coverage(rs.id, ruletest.phrase_coverage(rs, results)))
    summary = f"{passed + failed + todo} case(s) in {len(rulesets)} rule set(s): "
    summary += f"{passed} passed, {failed} failed" + (f", {todo} todo" if todo else "")
    print(summary + (f", {gaps} coverage gap(s)" if args.coverage and not args.cases else ""))
    return EXIT_FAILED if failed or gaps else EXIT_OK


def format_phrase_coverage(unit: str, lists: list[PhraseCoverage]) -> str:
    """``PHRASES unit: 120 of 300 phrases matched in a test`` and, per list, the phrases never matched."""
    total = sum(len(p.matched) + len(p.unmatched) for p in lists)
    done = sum(len(p.matched) for p in lists)
    lines = [f"PHRASES {unit}: {done} of {total} phrases of its @lists matched in some test case"]
    for p in lists:
        if p.unmatched:
            shown = ", ".join(p.unmatched[:12]) + (", …" if len(p.unmatched) > 12 else "")
            lines.append(f"    @{p.vocab}: {len(p.matched)}/{len(p.matched) + len(p.unmatched)}; never: {shown}")
    return "\n".join(lines)


def format_case(result: CaseResult) -> str:
    """``PASS unit::case key=value ...``, ``TODO`` for an expected failure, or ``FAIL`` with what
    differed and why."""
    if result.todo is not None:
        if result.passed:
            return (f"PASS {result.case_id} (marked todo, but it passes now: remove 'todo' "
                    "so that it fails if it breaks again)")
        return f"TODO {result.case_id}: {result.todo}"
    if result.error:
        return f"FAIL {result.case_id} error: {result.error}"
    if result.passed:
        return f"PASS {result.case_id} " + " ".join(
            f"{e.key}={e.expected}" for e in result.expectations
        )
    lines = [f"FAIL {result.case_id}"]
    for e in result.expectations:
        if e.passed:
            lines.append(f"    ok   {e.key}={e.expected}")
            continue
        lines.append(f"    FAIL {e.key}: expected {e.expected}, got {e.actual or 'no result'}")
        lines += [f"         reason: {r}" for r in e.reasons]
        lines += [f"         evidence: {q}" for q in e.evidence]
    lines.append(f"    which clue failed: evidencecheck rules explain {result.unit} --case {result.name}")
    return "\n".join(lines)


def ruleset_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file, for editors."""
    from ..rules.schema import RuleSet

    schema = RuleSet.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a rule file."""
    print(json.dumps(ruleset_schema(), indent=2))
    return EXIT_OK

"""``evidencecheck rules new`` (a starter rule file from a unit description) and ``rules lint``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Messages, RuleProblem, RuleSetError
from ..rules import lint
from ..rules.draft import draft_ruleset, read_description
from ..rules.loader import load_ruleset_file, load_vocabulary
from ..rules.locations import SHARED_VOCAB_NAMES
from ..rules.registry import available_units, is_unit_file, rules_dirs_in_order

if TYPE_CHECKING:
    from ..rules.schema import RuleSet
    from ..ruletest import CaseResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(actions: Any, with_rules_dirs: Any) -> None:
    """Add ``new`` and ``lint`` to the ``rules`` actions."""
    p = actions.add_parser("new", help="draft a rule file from a unit description (seed shape or Ofqual ACs)")
    p.add_argument("--from", dest="source", required=True, metavar="FILE",
                   help="the unit description: a text file in the seed shape or a list of assessment criteria")
    p.add_argument("--id", dest="unit_id", help="the unit id (default: from its title)")
    p.add_argument("--title", help="the unit title (default: the description's first line)")
    p.add_argument("-o", "--out", help="the rule file to write (default: UNIT-ID.yaml here); never overwritten")
    p.set_defaults(func=cmd_new)
    p = with_rules_dirs(actions.add_parser("lint", help="YAML traps, stems that widen, overlapping lists, "
                                                       "phrases no rule test matches"))
    p.add_argument("paths", metavar="PATH", nargs="*",
                   help="rule files, folders or unit ids (default: every unit and the shared vocabulary)")
    p.add_argument("--no-tests", action="store_true", help="do not run the rule tests (skips W125)")
    p.set_defaults(func=cmd_lint)


def _problem(code: str, message: str, file: str = "") -> RuleProblem:
    return RuleProblem(file, None, "", code, message)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a starter rule file that validates as it is, and print what its author must still do."""
    source = Path(args.source)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleSetError([_problem("E124", Messages.E124.format(detail=err), str(source))]) from None
    desc = read_description(text, title=args.title)
    try:
        draft = draft_ruleset(desc, unit_id=args.unit_id)
    except ValueError:
        raise RuleSetError([_problem("E125", Messages.E125, str(source))]) from None
    out = Path(args.out or f"{draft.data['id']}.yaml")
    if out.exists():
        raise RuleSetError([_problem("E126", Messages.E126.format(path=out))])
    out.write_text(draft.yaml_text(), encoding="utf-8")
    rs = load_ruleset_file(out)  # the draft must validate as it is; a failure here is a bug
    print(f"Wrote {out}: unit '{rs.id}', {len(rs.criteria)} criteria, {len(rs.mistakes)} mistakes, "
          f"{len(rs.tests)} rule-test stubs. It validates.")
    print("Still to do:")
    for n, line in enumerate(draft.todo, 1):
        print(f"  {n}. {line}")
    return EXIT_OK


def _files(paths: list[str], rules_dirs: list[str]) -> list[Path]:
    """The files to lint: units, and shared vocabularies (``_shared.yaml``) where a folder or no path is given."""
    units = available_units(rules_dirs)
    if not paths:
        vocab = [d / name for d in rules_dirs_in_order(rules_dirs) for name in SHARED_VOCAB_NAMES
                 if (d / name).is_file()]
        return vocab + list(units.values())
    out = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.glob("*.y*ml") if is_unit_file(p) or _is_shared_vocabulary(p))
        else:
            out.append(units.get(raw, path))
    return out


def _is_shared_vocabulary(path: Path) -> bool:
    """Whether ``path`` is a shared vocabulary (``_shared.yaml``), lists that units use, not a unit."""
    return path.name in SHARED_VOCAB_NAMES


def _norm(phrases: list[str]) -> list[str]:
    from ..nlp.pipeline import DEFAULT_MODEL, get_nlp, norm_phrases

    return [" ".join(t.norm_ for t in doc) for doc in norm_phrases(get_nlp(DEFAULT_MODEL), phrases)]


def cmd_lint(args: argparse.Namespace) -> int:
    """Print every lint finding of every rule file; exit 1 when there is any (2 when a file is invalid).

    A shared vocabulary (``_shared.yaml``) is checked for YAML traps and as a vocabulary; its lists
    are linted with each unit that uses them.
    """
    found = 0
    status = EXIT_OK
    for path in _files(args.paths, args.rules_dirs):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            print(f"{path}: E101 " + Messages.E101.format(detail=err))
            status = EXIT_USAGE
            continue
        findings = lint.yaml_traps(text)
        try:
            if _is_shared_vocabulary(path):
                load_vocabulary(path)  # its lists are linted with each unit that uses them
            else:
                findings += _unit_findings(path, text, tests=not args.no_tests)
        except RuleSetError as err:
            for f in findings:
                print(f.render(str(path)))
            print("\n".join(str(p) for p in err.problems))
            status = EXIT_USAGE
            continue
        for f in findings:
            print(f.render(str(path)))
        found += len(findings)
        print(f"{path}: {len(findings)} finding(s)")
    if status == EXIT_OK and found:
        status = EXIT_FAILED
    return status


def _unit_findings(path: Path, text: str, *, tests: bool) -> list[lint.LintFinding]:
    """The findings of a unit beyond YAML traps (raises RuleSetError when it does not load)."""
    from .. import ruletest

    rs = load_ruleset_file(path)
    results = ruletest.run_tests(rs, collect_hits=True) if tests and rs.tests else None
    return unit_findings(rs, text, results)


def unit_findings(rs: RuleSet, text: str, results: list[CaseResult] | None = None) -> list[lint.LintFinding]:
    """A loaded unit's lint findings beyond YAML traps (W121-W126).

    Args:
        rs: The unit.
        text: Its rule file's raw text (for the lines of its lists).
        results: Its rule tests, run with ``collect_hits=True``; without them, no W125.
    """
    lines = lint.vocab_lines(text)
    findings = lint.widening_stems(rs, _norm, lines)
    findings += lint.overlapping_lists(rs, lines)
    findings += lint.lost_tenses(rs, lines)
    findings += lint.unused_lists(rs, list(lines), lines)
    if results is not None:
        fired = {p for r in results for p in r.phrases}
        findings += lint.never_fired(rs, fired, {h for r in results for h in r.hits})
    return findings


__all__ = ["cmd_lint", "cmd_new", "register", "unit_findings"]

"""The library's entry points: parse evidence, load rules, check, render."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

from .assess import assess
from .config import WaiverSpec
from .limits import DEFAULT_LIMITS, Limits
from .model import Portfolio
from .nlp.compile import compile_ruleset
from .nlp.match import match_portfolio
from .nlp.pipeline import DEFAULT_MODEL, get_nlp
from .parsers.isolation import shared_parser
from .portfolio import ProgressCallback, load_portfolio
from .report.build import build_report
from .report.model import Report
from .rules.registry import load_unit
from .rules.schema import RuleSet

PathLike = str | os.PathLike[str]


def check(
    paths: PathLike | Sequence[PathLike],
    *,
    unit: str,
    rules: Iterable[PathLike] = (),
    limits: Limits = DEFAULT_LIMITS,
    model: str = DEFAULT_MODEL,
    password: str | None = None,
    on_progress: ProgressCallback | None = None,
    learner: str | None = None,
    waivers: Iterable[WaiverSpec] = (),
) -> Report:
    """Check a portfolio against a unit and return the typed report.

    When no evidence file could be read (an empty folder, or only a ``.doc``),
    the report has ``checked`` false and ``problem`` says what to do; it holds
    no verdicts.

    Args:
        paths: Evidence files and/or folders (one learner's portfolio).
        unit: The unit id, e.g. ``"lead-direct-sales"``.
        rules: Extra rule directories; their units override bundled ones.
        limits: Size and page limits for evidence files.
        model: spaCy pipeline: ``"blank:en"`` (default) or an installed trained pipeline.
        password: Password for encrypted PDFs.
        on_progress: Called as ``on_progress(path, done, total)`` as each file is read.
        learner: The learner's name, shown in the report's header.
        waivers: An assessor's waivers (e.g. ``load_config(path).waivers``),
            attached to their findings; see :func:`evidencecheck.report.waivers.apply_waivers`.

    Raises:
        UnknownUnitError: No rule set has that unit id.
        RuleSetError: The rule set is invalid.
        ModelError: ``model`` is not installed (E140) or cannot be loaded (E141).
        ConfigError: A waiver names a finding the unit does not have (E412-E415).
    """
    ruleset = load_unit(unit, rules_dirs=tuple(rules))
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    # The files are read in the parse worker (another process) while this thread loads the
    # pipeline and compiles the rule set: on two cores the two overlap.
    with ThreadPoolExecutor(1, thread_name_prefix="evidencecheck-read") as reader:
        reading = reader.submit(load_portfolio, [os.fspath(p) for p in paths], limits=limits, password=password,
                                on_progress=on_progress, parser=shared_parser())
        compile_ruleset(ruleset, get_nlp(model))
        portfolio = reading.result()
    return check_portfolio(portfolio, ruleset=ruleset, model=model, learner=learner, waivers=waivers)


def check_portfolio(portfolio: Portfolio, *, ruleset: RuleSet, model: str = DEFAULT_MODEL,
                    learner: str | None = None, waivers: Iterable[WaiverSpec] = ()) -> Report:
    """Check an already parsed portfolio against a loaded rule set.

    Use this to check one portfolio against several units without parsing it
    again, or to check text that never was a file
    (:func:`evidencecheck.parsers.parse_string`). ``learner`` and ``waivers``
    are as for :func:`check`.
    """
    from .report.waivers import apply_waivers

    matches = match_portfolio(ruleset, portfolio, model=model)
    report = build_report(ruleset, portfolio, assess(ruleset, matches, portfolio), learner=learner)
    return apply_waivers(report, waivers)

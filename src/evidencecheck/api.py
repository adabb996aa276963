"""The library's entry points: parse evidence, load rules, check, render."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

from .assess import assess
from .assess.model import Assessment
from .checks import DEFAULT_MAX_AGE_YEARS, run_checks, voiced_paths
from .checks.copying import fingerprints
from .checks.personal_data import personal_values
from .config import WaiverSpec
from .limits import DEFAULT_LIMITS, Limits
from .matches import Matches
from .model import Portfolio
from .nlp.compile import compile_ruleset
from .nlp.match import PortfolioMatches, matches_of, portfolio_matches
from .nlp.pipeline import DEFAULT_MODEL, get_nlp
from .nlp.voice import document_voices
from .parsers.cache import ParseCache, cache_for
from .parsers.isolation import shared_parser
from .portfolio import ProgressCallback, load_portfolio
from .report.build import build_report
from .report.model import Report
from .report.redact import redact_report, redact_text
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
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
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
        max_age_years: Evidence whose latest date is older than this is flagged (currency check).

    Raises:
        UnknownUnitError: No rule set has that unit id.
        RuleSetError: The rule set is invalid.
        ModelError: ``model`` is not installed (E140) or cannot be loaded (E141).
        ConfigError: A waiver names a finding the unit does not have (E412-E415).
    """
    ruleset = load_unit(unit, rules_dirs=tuple(rules))
    portfolio = _read(paths, ruleset, limits=limits, password=password, on_progress=on_progress, model=model)
    return check_portfolio(portfolio, ruleset=ruleset, model=model, learner=learner, waivers=waivers,
                           max_age_years=max_age_years, cache=_cache(paths, limits, password))


def _cache(paths: PathLike | Sequence[PathLike], limits: Limits, password: str | None) -> ParseCache | None:
    """The per-user cache for the annotations of ``paths``' documents (as for their parsing)."""
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    return cache_for(given, cache=limits.cache, password=password)


def _read(paths: PathLike | Sequence[PathLike], ruleset: RuleSet, *, limits: Limits, password: str | None,
          on_progress: ProgressCallback | None, model: str) -> Portfolio:
    """Read the evidence files, while the pipeline loads and ``ruleset`` compiles."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    # The files are read in the parse worker (another process) while this thread loads the
    # pipeline and compiles the rule set: on two cores the two overlap.
    with ThreadPoolExecutor(1, thread_name_prefix="evidencecheck-read") as reader:
        reading = reader.submit(load_portfolio, [os.fspath(p) for p in paths], limits=limits, password=password,
                                on_progress=on_progress, parser=shared_parser())
        compile_ruleset(ruleset, get_nlp(model))
        return reading.result()


def check_explained(
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
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
) -> tuple[Report, dict[str, tuple[str, ...]]]:
    """Like :func:`check`, with how the rules decided each criterion (lines by criterion id).

    The portfolio is matched once; the report is the one :func:`check` returns. The lines are
    what ``evidencecheck rules explain`` prints, and go behind each verdict of the assessor's
    HTML page (``render(report, "html", audience="assessor", explanations=...)``).
    """
    from .explain import explain, explanation_lines

    ruleset = load_unit(unit, rules_dirs=tuple(rules))
    portfolio = _read(paths, ruleset, limits=limits, password=password, on_progress=on_progress, model=model)
    if not portfolio.documents:
        return check_portfolio(portfolio, ruleset=ruleset, model=model, learner=learner, waivers=waivers,
                               max_age_years=max_age_years), {}
    pm = portfolio_matches(ruleset, portfolio, model=model, cache=_cache(paths, limits, password))
    explanation = explain(ruleset, portfolio, pm=pm)
    report = _report(portfolio, ruleset, pm, learner=learner, waivers=waivers, max_age_years=max_age_years,
                     judged=(explanation.matches, explanation.assessment))
    return report, explanation_lines(explanation)


def check_portfolio(portfolio: Portfolio, *, ruleset: RuleSet, model: str = DEFAULT_MODEL,
                    learner: str | None = None, waivers: Iterable[WaiverSpec] = (),
                    max_age_years: int = DEFAULT_MAX_AGE_YEARS, as_of: dt.date | None = None,
                    cache: ParseCache | None = None) -> Report:
    """Check an already parsed portfolio against a loaded rule set.

    Use this to check one portfolio against several units without parsing it
    again, or to check text that never was a file
    (:func:`evidencecheck.parsers.parse_string`). ``learner``, ``waivers`` and
    ``max_age_years`` are as for :func:`check`; ``as_of`` is the day currency is judged
    on (today when omitted).

    The report's ``checks`` section holds the evidence checks (authenticity, currency,
    claimed mapping, personal data), which never change a verdict; every personal-data
    value in the report's text is masked.

    ``cache`` keeps the pipeline's annotations of each document, so checking unchanged text
    again skips the tagger and parser (:func:`evidencecheck.parsers.cache.cache_for` gives the
    per-user one; :func:`check` uses it unless ``limits.cache`` is off).
    """
    pm = portfolio_matches(ruleset, portfolio, model=model, cache=cache)
    return _report(portfolio, ruleset, pm, learner=learner, waivers=waivers, max_age_years=max_age_years,
                   as_of=as_of)


def _report(portfolio: Portfolio, ruleset: RuleSet, pm: PortfolioMatches, *, learner: str | None,
            waivers: Iterable[WaiverSpec], max_age_years: int, as_of: dt.date | None = None,
            judged: tuple[Matches, Assessment] | None = None) -> Report:
    """The report of matched hits ``pm`` (``judged``: their matches and assessment, if already made)."""
    from .report.waivers import apply_waivers

    if judged is None:
        matches = matches_of(pm)
        judged = matches, assess(ruleset, matches, portfolio)
    matches, assessment = judged
    voices = document_voices(pm.documents, voiced_paths(portfolio, matches.documents))
    checks = run_checks(portfolio, ruleset, matches, assessment.criteria, voices,
                        as_of=as_of, max_age_years=max_age_years)
    report = build_report(ruleset, portfolio, assessment, learner=learner, checks=checks)
    report = apply_waivers(report, waivers)
    values = personal_values(portfolio)
    # the cohort grid names documents by these keys: a file name is masked as the report masks it
    shingles = {redact_text(path, values): hashes for path, hashes in fingerprints(portfolio).items()}
    return redact_report(report, values).with_fingerprints(shingles)

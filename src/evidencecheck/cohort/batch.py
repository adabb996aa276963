"""Check every learner of a cohort folder: discovery, then one check per learner.

Each immediate subfolder of the cohort folder is one learner's portfolio.
Learners are checked one after another, or with ``jobs > 1`` in separate
worker processes (started with ``spawn``, so the same code works on Linux,
macOS and Windows). Each worker process loads the rule set and the spaCy
pipeline once (both are cached per process) and reuses them for every
learner it checks.

Whatever happens to one learner (an unexpected exception, or a worker process
that dies) becomes that learner's error result; the batch always finishes and
returns results in learner order, whatever order they completed in.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..checks import DEFAULT_MAX_AGE_YEARS
from ..config import CONFIG_NAMES, WaiverSpec
from ..errors import ConfigError, ExecutorError, ModelError, RuleSetError
from ..limits import DEFAULT_LIMITS, Limits
from ..nlp.names import DEFAULT_MODEL
from ..report.model import Report
from ..rules.registry import load_unit
from .model import Cohort, CohortResult, CriterionRef, Learner, LearnerResult, SkippedEntry

#: Called in the calling process as each learner finishes: ``(result, done, total)``.
ResultCallback = Callable[[LearnerResult, int, int], None]

_CRASHED = (
    "the worker process checking this portfolio stopped unexpectedly (it may have run out of "
    "memory, or a file made the reader crash). Check this learner on its own with "
    "'evidencecheck check' to see which file causes it."
)


@dataclass(frozen=True)
class LearnerTask:
    """Everything a worker process needs to check one learner (picklable)."""

    learner: Learner
    unit: str
    rules: tuple[str, ...] = ()
    limits: Limits = DEFAULT_LIMITS
    model: str = DEFAULT_MODEL
    waivers: tuple[WaiverSpec, ...] = ()
    max_age_years: int = DEFAULT_MAX_AGE_YEARS


#: Not one learner's problem but the whole batch's: raised, never recorded as a learner's failure.
BATCH_ERRORS = (ModelError, RuleSetError, ConfigError)

#: Checks one learner and returns the report; must be a module-level function when jobs > 1.
Checker = Callable[[LearnerTask], Report]


def check_learner(task: LearnerTask) -> Report:
    """Check one learner's portfolio folder (the default :data:`Checker`).

    The rule set comes from the registry's per-process cache, and the spaCy
    pipeline from :func:`evidencecheck.nlp.pipeline.get_nlp`'s, so a worker
    process builds each only once however many learners it checks.
    """
    from ..api import check_portfolio
    from ..parsers.cache import cache_for
    from ..portfolio import load_portfolio
    from ..report_cache import load_report, report_key, store_report

    cache = cache_for([task.learner.path], cache=task.limits.cache)
    key = report_key([task.learner.path], unit=task.unit, rules=task.rules, model=task.model, limits=task.limits,
                     learner=None, waivers=task.waivers, max_age_years=task.max_age_years) if cache else None
    kept = load_report(cache, key) if cache and key else None
    if kept is not None:
        return kept  # nothing that decides this learner's report has changed since it was kept
    ruleset = load_unit(task.unit, rules_dirs=task.rules)
    portfolio = load_portfolio([task.learner.path], limits=task.limits)
    report = check_portfolio(portfolio, ruleset=ruleset, model=task.model, waivers=task.waivers, cache=cache,
                             max_age_years=task.max_age_years)
    if cache and key:
        store_report(cache, key, report)
    return report


def discover_learners(cohort_dir: str | os.PathLike[str], *, exclude: Iterable[str | os.PathLike[str]] = ()) -> Cohort:
    """Find the learners of a cohort folder.

    Learners are the immediate subfolders, sorted by name. Hidden entries
    (starting with ``.``) and the settings file (``evidencecheck.toml``) are ignored. Loose files directly in the cohort
    folder are not learners and are listed as skipped, as are folders in
    ``exclude`` (for example the output folder, when it is allowed inside).

    Raises:
        FileNotFoundError: ``cohort_dir`` is not a folder.
    """
    root = Path(cohort_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"no such folder: {root}")
    excluded = {Path(p).resolve() for p in exclude}
    learners: list[Learner] = []
    skipped: list[SkippedEntry] = []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(".") or (entry.name in CONFIG_NAMES and entry.is_file()):
            continue  # hidden entries, and the cohort's settings file
        if entry.is_dir():
            if entry.resolve() in excluded:
                skipped.append(SkippedEntry(entry.name, "the output folder"))
            else:
                learners.append(Learner(entry.name, entry))
        else:
            skipped.append(SkippedEntry(entry.name, "not a learner folder (put each learner's evidence in a subfolder)"))
    return Cohort(root, tuple(learners), tuple(skipped))


def run_batch(
    cohort: Cohort | str | os.PathLike[str],
    *,
    unit: str,
    rules: Sequence[str | os.PathLike[str]] = (),
    limits: Limits = DEFAULT_LIMITS,
    model: str = DEFAULT_MODEL,
    jobs: int = 1,
    on_result: ResultCallback | None = None,
    checker: Checker = check_learner,
    waivers: Sequence[WaiverSpec] = (),
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
    executor: str = "local",
    scheduler: str | None = None,
) -> CohortResult:
    """Check every learner of a cohort against ``unit``.

    Args:
        cohort: A cohort folder, or the :class:`Cohort` from :func:`discover_learners`.
        unit: The unit id.
        rules: Extra rule directories; their units override bundled ones.
        limits: Size and page limits for evidence files.
        model: spaCy pipeline name.
        jobs: Worker processes; 1 checks in this process, 0 uses one per CPU.
        on_result: Called in this process as each learner finishes, as
            ``on_result(result, done, total)``, e.g. to write its reports or
            advance a progress bar. Completion order is not learner order when
            ``jobs > 1``.
        checker: Checks one learner; the default runs the normal pipeline.
            Must be a module-level function when ``jobs > 1``.
        waivers: An assessor's waivers (from the cohort's settings file); each
            applies to the learner its ``learner`` names, or to every learner.
        max_age_years: Evidence older than this many years is flagged (currency check).
        executor: ``"local"`` (this machine: this process, or ``jobs`` worker processes) or
            ``"dask"``: a Dask cluster (:mod:`evidencecheck.cohort.dask_run`), the one at
            ``scheduler`` or, without it, one of ``jobs`` processes started here for the batch.
        scheduler: The Dask scheduler's address (``tcp://host:8786``), with ``executor="dask"``.

    With ``jobs > 1`` worker processes are started with ``spawn``, which
    imports the calling script's ``__main__`` module again in each worker: a
    script that calls ``run_batch`` must do so under
    ``if __name__ == "__main__":``.

    Returns:
        One result per learner, in learner order.

    Raises:
        UnknownUnitError: No rule set has that unit id.
        RuleSetError: The rule set is invalid.
        ModelError: ``model`` is not installed or cannot be loaded (raised once, before any learner).
        ConfigError: A waiver names a criterion or mistake the unit does not have.
        FileNotFoundError: The cohort folder does not exist.
        ValueError: ``jobs`` is negative, or ``executor`` is neither ``"local"`` nor ``"dask"``.
        ExecutorError: E150 Dask is not installed, E151 its scheduler cannot be reached,
            E152 a ``scheduler`` without ``executor="dask"``.
    """
    from ..nlp.pipeline import check_model
    from ..report.waivers import check_waivers

    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per CPU) or more, not {jobs}")
    rules_dirs = tuple(os.fspath(r) for r in rules)
    ruleset = load_unit(unit, rules_dirs=rules_dirs)  # fail fast, before any learner is read
    check_model(model)
    check_waivers(waivers, ruleset)
    if not isinstance(cohort, Cohort):
        cohort = discover_learners(cohort)
    tasks = [LearnerTask(learner, unit, rules_dirs, limits, model,
                         tuple(w for w in waivers if w.learner is None or w.learner == learner.name),
                         max_age_years)
             for learner in cohort.learners]
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    if executor == "dask":
        from .dask_run import run_on_dask

        collect = _Collector(len(tasks), on_result)
        if tasks:
            run_on_dask(tasks, checker, collect, scheduler=scheduler, workers=workers, failed=_failed,
                        batch_errors=BATCH_ERRORS)
        results = collect.results
    elif executor != "local":
        raise ValueError(f"executor must be 'local' or 'dask', not {executor!r}")
    elif scheduler:
        raise ExecutorError("E152")
    else:
        runner = _run_in_pool if workers > 1 else _run_here
        results = runner(tasks, checker, on_result, workers)
    return CohortResult(
        cohort=cohort, unit_id=ruleset.id, unit_title=ruleset.title, ruleset_version=ruleset.version,
        criteria=tuple(CriterionRef(c.id, c.text, c.name, tuple(c.refs)) for c in ruleset.criteria),
        learners=tuple(results[i] for i in range(len(tasks))),
    )


def _failed(task: LearnerTask, err: BaseException) -> LearnerResult:
    if isinstance(err, BrokenProcessPool):
        return LearnerResult(task.learner, None, _CRASHED)
    detail = str(err).strip()
    what = f"{type(err).__name__}: {detail}" if detail else type(err).__name__
    return LearnerResult(task.learner, None, f"internal error ({what}); the other learners were still checked")


class _Collector:
    """Keeps results by task index and reports each one as it arrives."""

    def __init__(self, total: int, on_result: ResultCallback | None):
        self.results: dict[int, LearnerResult] = {}
        self.total = total
        self.on_result = on_result

    def add(self, index: int, result: LearnerResult) -> None:
        self.results[index] = result
        if self.on_result:
            self.on_result(result, len(self.results), self.total)


def _run_here(tasks: list[LearnerTask], checker: Checker, on_result: ResultCallback | None,
              workers: int) -> dict[int, LearnerResult]:
    collect = _Collector(len(tasks), on_result)
    for index, task in enumerate(tasks):
        try:
            result = LearnerResult(task.learner, checker(task))
        except BATCH_ERRORS:
            raise
        except Exception as err:  # noqa: BLE001 - one learner never stops the batch
            result = _failed(task, err)
        collect.add(index, result)
    return collect.results


def warm_worker(unit: str, rules: tuple[str, ...], model: str) -> None:
    """Prepare a worker process before its first learner: start its parse worker, then (while that
    boots on another core) import spaCy, build the pipeline and compile the rule set, all kept in
    the process's caches (nothing without a ``model``). A failure here is left for the first
    learner's check to report. Its BLAS runs one thread: the pool already has a worker per core."""
    if not model:
        return
    try:
        from ..nlp.compile import compile_ruleset
        from ..nlp.ops import limit_blas_threads
        from ..nlp.pipeline import get_nlp
        from ..parsers.isolation import shared_parser

        shared_parser().start(preload=("pypdfium2", "docx"))
        limit_blas_threads(1)
        compile_ruleset(load_unit(unit, rules_dirs=rules), get_nlp(model))
    except Exception:  # noqa: BLE001, S110 - the same error is raised, per learner, by the check itself
        pass


def _run_in_pool(tasks: list[LearnerTask], checker: Checker, on_result: ResultCallback | None,
                 workers: int) -> dict[int, LearnerResult]:
    collect = _Collector(len(tasks), on_result)
    context = multiprocessing.get_context("spawn")
    first = tasks[0]
    # another checker than the pipeline's may need no pipeline at all: nothing is warmed for it
    warm = (first.unit, first.rules, first.model if checker is check_learner else "")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm_worker,
                             initargs=warm) as pool:
        futures = {pool.submit(checker, task): i for i, task in enumerate(tasks)}
        try:
            broken = _gather(futures, tasks, collect)
        except BaseException:  # Ctrl-C, or on_result failed: do not check the rest first
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    # A dead worker breaks the whole pool, and every unfinished learner fails with it.
    # Check those again one at a time, each in a fresh single-worker pool when needed,
    # so only the learner that really kills its worker is marked as failed.
    pending = sorted(broken)
    while pending:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            while pending:
                index = pending.pop(0)
                future = pool.submit(checker, tasks[index])
                try:
                    result = LearnerResult(tasks[index].learner, future.result())
                except BATCH_ERRORS:
                    raise
                except Exception as err:  # noqa: BLE001 - includes BrokenProcessPool
                    collect.add(index, _failed(tasks[index], err))
                    if isinstance(err, BrokenProcessPool):
                        break  # this pool is dead: start a fresh one for the rest
                    continue
                collect.add(index, result)
    return collect.results


def _gather(futures: dict[Future[Report], int], tasks: list[LearnerTask], collect: _Collector) -> list[int]:
    """Collect finished futures; return the indices lost to a broken pool."""
    broken: list[int] = []
    for future in as_completed(futures):
        index = futures[future]
        try:
            result = LearnerResult(tasks[index].learner, future.result())
        except BrokenProcessPool:
            broken.append(index)
            continue
        except BATCH_ERRORS:
            raise
        except Exception as err:  # noqa: BLE001 - whatever the checker raised
            result = _failed(tasks[index], err)
        collect.add(index, result)
    return broken

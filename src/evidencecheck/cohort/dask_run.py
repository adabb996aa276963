"""Check a cohort's learners on a Dask cluster (``batch --executor dask``).

Each learner is one Dask task running the same :data:`~evidencecheck.cohort.batch.Checker`
as a local batch, so the reports are the same. A Dask worker is a long-lived process: the
rule set, the spaCy pipeline and the compiled matchers are kept in that process's caches
(:func:`~evidencecheck.rules.registry.load_cached`, :func:`~evidencecheck.nlp.pipeline.get_nlp`,
:func:`~evidencecheck.nlp.compile.compile_ruleset`) and the parse worker in its thread's
(:func:`~evidencecheck.parsers.isolation.shared_parser`), so each is built once per worker,
not once per learner. Every worker must have evidencecheck installed and see the learners'
folders at the same paths (a shared file system); ``docs/scale.md`` says how to run a very
large cohort from object storage.

Dask (``pip install "evidencecheck[dask]"``) is imported only here, when asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from ..errors import ExecutorError
from .model import LearnerResult

#: Seconds allowed to connect to a scheduler.
CONNECT_TIMEOUT = 30


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise ExecutorError("E150", detail=str(err)) from None
    return distributed


def run_on_dask(tasks: list[Any], checker: Callable[[Any], Any], collect: Any, *, scheduler: str | None,
                workers: int, failed: Callable[[Any, BaseException], LearnerResult],
                batch_errors: tuple[type[BaseException], ...]) -> None:
    """Run ``checker`` on every task on the cluster at ``scheduler`` and ``collect.add`` each result.

    Without ``scheduler`` a cluster of ``workers`` single-threaded processes is started on this
    machine for the batch and stopped after it. A learner whose check raises (or whose worker
    died three times) gets ``failed(task, error)``; ``batch_errors`` (a bad rule set, a missing
    pipeline) stop the batch, as they do locally.

    Raises:
        ExecutorError: E150 when Dask is not installed, E151 when the scheduler cannot be reached.
    """
    distributed = _distributed()
    cluster = None
    try:
        if scheduler:
            try:
                client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as err:
                raise ExecutorError("E151", address=scheduler, detail=str(err) or type(err).__name__) from None
        else:
            cluster = distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                               dashboard_address=None)
            client = distributed.Client(cluster, set_as_default=False)
        try:
            futures = {client.submit(checker, task, key=f"evidencecheck-{os.getpid()}-{i}-{task.learner.name}",
                                     pure=False): i for i, task in enumerate(tasks)}
            with client.as_current():  # as_completed looks for the client to wait with
                for future in distributed.as_completed(list(futures)):
                    index = futures[future]
                    try:
                        result = LearnerResult(tasks[index].learner, future.result())
                    except batch_errors:
                        raise
                    except Exception as err:  # noqa: BLE001 - one learner never stops the batch
                        result = failed(tasks[index], err)
                    collect.add(index, result)
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


__all__ = ["CONNECT_TIMEOUT", "run_on_dask"]

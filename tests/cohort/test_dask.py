"""``batch --executor dask``: the same reports on a Dask cluster, and numbered errors without one."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from evidencecheck.cli import main
from evidencecheck.cohort import run_batch
from evidencecheck.errors import ExecutorError
from evidencecheck.report.render import render

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-cohort")
    shutil.copytree(SAMPLE, root / "ann")
    (root / "bob").mkdir()
    (root / "bob" / "notes.txt").write_text(
        "In March I coached Priya on call handling and we agreed two actions. Her CSAT rose from 71% to 84%.\n",
        encoding="utf-8")
    (root / "cat").mkdir()
    (root / "cat" / "minutes.docx").write_bytes(b"PK\x03\x04 cut short")
    return root


def _reports(result) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {r.name: (render(r.report, "json") if r.report is not None else r.error) for r in result.learners}


def test_dask_cluster_gives_the_reports_of_a_local_run(cohort: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = run_batch(cohort, unit=UNIT, jobs=1)
    # one in-process worker keeps CI fast; the code path (submit, gather, order) is the cluster's
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        seen: list[str] = []
        on_dask = run_batch(cohort, unit=UNIT, executor="dask", scheduler=cluster.scheduler_address,
                            on_result=lambda result, done, total: seen.append(result.name))
    assert sorted(seen) == ["ann", "bob", "cat"]
    assert [r.name for r in on_dask.learners] == ["ann", "bob", "cat"]
    assert _reports(on_dask) == _reports(local)
    assert on_dask.learners[0].report is not None and on_dask.learners[0].report.criteria


def test_dask_not_installed_is_a_numbered_error(cohort: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ExecutorError) as err:
        run_batch(cohort, unit=UNIT, executor="dask")
    assert err.value.code == "E150" and "evidencecheck[dask]" in str(err.value)
    assert main(["batch", str(cohort), "--unit", UNIT, "--out", str(tmp_path / "out"), "--executor", "dask",
                 "--quiet"]) == 2
    assert "E150" in capsys.readouterr().err


def test_unreachable_scheduler_and_scheduler_without_dask(cohort: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed")
    from evidencecheck.cohort import dask_run

    with pytest.MonkeyPatch.context() as m:
        m.setattr(dask_run, "CONNECT_TIMEOUT", 1)
        with pytest.raises(ExecutorError) as err:
            run_batch(cohort, unit=UNIT, executor="dask", scheduler="tcp://127.0.0.1:9")
    assert err.value.code == "E151" and "tcp://127.0.0.1:9" in str(err.value)
    assert main(["batch", str(cohort), "--unit", UNIT, "--out", str(tmp_path / "out"),
                 "--scheduler", "tcp://127.0.0.1:9", "--quiet"]) == 2
    assert "E152" in capsys.readouterr().err

"""The checks the web page runs, as blocking calls into the library (run in a worker thread).

Nothing here knows about HTTP. Each call reads only from the request's
folder it is given and writes only inside it. A check stops at the next file
(or learner) once ``cancel`` is set, which the server does when the client
has gone away.
"""

from __future__ import annotations

import base64
import io
import threading
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..api import check, check_explained
from ..cohort import build_grid, plan_layout, render_grid_html, run_batch, write_grid, write_learner
from ..cohort.grid import Grid
from ..cohort.model import CohortResult, LearnerResult
from ..report.model import Report
from ..report.render import render
from ..rules.registry import load_unit
from .settings import WebSettings
from .zips import cohort_root, extract_zip


class Cancelled(Exception):
    """The client went away, so the check was stopped."""


@dataclass(frozen=True)
class Download:
    """A file the page offers for download, carried in the page itself (nothing is kept on the server).

    Attributes:
        label: What the link says, e.g. ``"Word (.docx)"``.
        filename: The name the browser saves it under.
        media_type: Its MIME type.
        data: Its bytes.
    """

    label: str
    filename: str
    media_type: str
    data: bytes

    @property
    def href(self) -> str:
        """A ``data:`` URL of the file (the page's script turns it into a ``blob:`` URL)."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class LearnerOutcome:
    """One portfolio's report, its HTML view and its downloads."""

    report: Report
    html: str
    downloads: tuple[Download, ...]


@dataclass(frozen=True)
class CohortOutcome:
    """A cohort's results, its grid (with the grid's HTML view) and its downloads."""

    result: CohortResult
    grid: Grid
    html: str
    downloads: tuple[Download, ...]


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _stop_if(cancel: threading.Event) -> Callable[..., None]:
    def progress(*_: object) -> None:
        if cancel.is_set():
            raise Cancelled
    return progress


def check_files(folder: Path, *, unit: str, settings: WebSettings, cancel: threading.Event) -> Report:
    """Check the evidence files in ``folder`` against ``unit``, with the server's limits.

    Raises:
        UnknownUnitError: No rule set has that unit id.
        RuleSetError: The rule set is invalid.
        Cancelled: ``cancel`` was set.
    """
    return check([folder], unit=unit, rules=settings.rules, limits=settings.limits, model=settings.model,
                 on_progress=_stop_if(cancel))


def check_files_explained(folder: Path, *, unit: str, settings: WebSettings,
                          cancel: threading.Event) -> tuple[Report, dict[str, tuple[str, ...]]]:
    """Like :func:`check_files`, with how the rules decided each criterion (for the assessor's view)."""
    return check_explained([folder], unit=unit, rules=settings.rules, limits=settings.limits,
                           model=settings.model, on_progress=_stop_if(cancel))


def learner_views(report: Report, *, audience: str,
                  explanations: Mapping[str, Sequence[str]] | None = None) -> LearnerOutcome:
    """Render ``report`` for the page: its HTML view, and JSON, HTML and Word downloads.

    ``explanations`` (lines by criterion id) go behind each verdict of the assessor's HTML.
    """
    def data(fmt: str) -> bytes:
        rendered = render(report, fmt, audience=audience, explanations=explanations)
        return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")

    html = data("html")
    stem = f"evidencecheck-{report.unit.id}"
    downloads = (
        Download("Web page (.html)", f"{stem}.html", "text/html", html),
        Download("Word (.docx)", f"{stem}.docx", _DOCX, data("docx")),
        Download("Data (.json)", f"{stem}.json", "application/json", data("json")),
    )
    return LearnerOutcome(report, html.decode("utf-8"), downloads)


def check_cohort(zip_path: Path, work: Path, *, unit: str, settings: WebSettings,
                 cancel: threading.Event) -> tuple[CohortResult, Grid]:
    """Unpack the cohort zip at ``zip_path`` into ``work`` and check every learner in it.

    Raises:
        UnknownUnitError: No rule set has that unit id (before the zip is unpacked).
        RuleSetError: The rule set is invalid.
        WebError: The zip is unusable (E328-E331, E336).
        Cancelled: ``cancel`` was set.
    """
    load_unit(unit, rules_dirs=settings.rules)
    unpacked = work / "cohort"
    unpacked.mkdir()
    extract_zip(zip_path, unpacked, limits=settings.limits, web=settings.web)
    zip_path.unlink()
    stop = _stop_if(cancel)

    def on_result(result: LearnerResult, done: int, total: int) -> None:
        stop()

    stop()
    result = run_batch(cohort_root(unpacked), unit=unit, rules=settings.rules, limits=settings.limits,
                       model=settings.model, jobs=1, on_result=on_result)
    return result, build_grid(result)


def cohort_views(result: CohortResult, grid: Grid, work: Path) -> CohortOutcome:
    """Render the grid for the page, and the cohort's downloads.

    The reports are written as ``evidencecheck batch`` writes them (into ``work``,
    the request's folder) and offered as one zip, with the grid as CSV and JSON.
    """
    out = work / "reports"
    layout = plan_layout(out, [learner.name for learner in result.learners])
    reports = {lr.name: write_learner(layout, lr, ("json", "html", "docx")) for lr in result.learners}
    written = write_grid(layout, result, grid, reports=reports)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            zf.write(path, f"cohort-reports/{path.relative_to(out).as_posix()}")
    stem = f"cohort-{result.unit_id}"
    downloads = (
        Download("Every report and the grid (.zip)", f"{stem}.zip", "application/zip", buffer.getvalue()),
        Download("Grid as a spreadsheet (.csv)", f"{stem}.csv", "text/csv", written["csv"].read_bytes()),
        Download("Summary as data (.json)", f"{stem}.json", "application/json", written["json"].read_bytes()),
    )
    return CohortOutcome(result, grid, render_grid_html(grid, skipped=result.skipped), downloads)

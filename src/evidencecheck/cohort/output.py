"""Where a batch writes its files, and writing them.

Layout of the output folder::

    OUT/
      cohort.html          the grid, sorted by risk
      cohort.csv           the grid as CSV
      cohort.json          machine-readable summary
      <learner>/report.json, report.html, report.md, report.csv, report.docx
      <learner>/error.txt  only when that learner's check failed

A learner's folder is named after their cohort subfolder. Names that would
collide (the grid's own file names, or names differing only in case, which
are the same folder on Windows and macOS) get a ``-2``, ``-3``... suffix.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .._version import __version__
from ..errors import ReportError
from ..portfolio import skip_reason
from ..report.outfile import TEXT_MARKER, atomic_write, written_by_evidencecheck
from ..report.render import render
from .csv_grid import render_grid_csv
from .grid import Grid
from .html import render_grid_html
from .model import Cohort, CohortResult, LearnerResult
from .summary import build_summary, render_summary_json

#: File extension of each report format.
REPORT_EXTENSIONS = {"json": "json", "html": "html", "markdown": "md", "csv": "csv", "docx": "docx"}
#: The grid's files, at the top of the output folder.
GRID_FILES = {"html": "cohort.html", "csv": "cohort.csv", "json": "cohort.json"}
ERROR_FILE = "error.txt"
DEFAULT_FORMATS = ("json", "html")


@dataclass(frozen=True)
class OutputLayout:
    """The output folder and each learner's folder name in it."""

    out_dir: Path
    folders: Mapping[str, str]

    def learner_dir(self, name: str) -> Path:
        """The folder holding ``name``'s reports."""
        return self.out_dir / self.folders[name]

    def report_name(self, name: str, fmt: str) -> str:
        """``name``'s report in ``fmt``, relative to the output folder, with ``/`` separators."""
        return f"{self.folders[name]}/report.{REPORT_EXTENSIONS[fmt]}"

    def grid_path(self, kind: str) -> Path:
        """The grid file of ``kind`` (``html``, ``csv`` or ``json``)."""
        return self.out_dir / GRID_FILES[kind]

    def paths(self, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
        """Every folder and file this layout writes to with report ``formats``."""
        formats = list(formats)
        return [
            self.out_dir, *(self.grid_path(k) for k in GRID_FILES),
            *(self.learner_dir(n) for n in self.folders),
            *(self.out_dir / self.report_name(n, f) for n in self.folders for f in formats),
            *(self.learner_dir(n) / ERROR_FILE for n in self.folders),
        ]


def plan_layout(out_dir: str | os.PathLike[str], names: Iterable[str]) -> OutputLayout:
    """Give each learner a folder under ``out_dir`` that collides with nothing else."""
    taken = {n.casefold() for n in GRID_FILES.values()}
    folders: dict[str, str] = {}
    for name in names:
        folder, n = name, 1
        while folder.casefold() in taken:
            n += 1
            folder = f"{name}-{n}"
        taken.add(folder.casefold())
        folders[name] = folder
    return OutputLayout(Path(out_dir), folders)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_location(
    layout: OutputLayout, cohort: Cohort, formats: Iterable[str] = DEFAULT_FORMATS, *, allow: bool = False,
    force: bool = False,
) -> None:
    """Refuse to write inside the cohort folder being checked, or over files evidencecheck did not write.

    Reports written into a portfolio would be read as evidence next time. With
    ``allow`` the output may lie inside the cohort folder, but never be the
    cohort folder or a learner's folder itself, nor overwrite an evidence file.
    An existing file at a path the batch writes must be one evidencecheck wrote
    (a report, grid or note of an earlier run), unless ``force``.

    Raises:
        ReportError: E302 or E308 naming the first path refused inside the
            cohort, E309 for a file evidencecheck did not write.
    """
    root = cohort.root.resolve()
    portfolios = [learner.path.resolve() for learner in cohort.learners]
    folders = {layout.out_dir.resolve(), *(layout.learner_dir(n).resolve() for n in layout.folders)}
    for path in layout.paths(formats):
        target = path.resolve()
        # Only the files the batch writes can clobber something; a folder in the way fails later (E301).
        foreign = target not in folders and target.is_file() and not written_by_evidencecheck(target)
        if _inside(target, root):
            in_portfolio = any(folder in target.parents for folder in portfolios)
            if in_portfolio and foreign and skip_reason(target.name) is None:
                raise ReportError("E308", path=str(path))
            if not allow or target == root or target in portfolios:
                raise ReportError("E302", path=str(path))
        if foreign and not force:
            raise ReportError("E309", path=str(path))


def prepare_output_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Create ``out_dir`` if needed and check it can be written to.

    Raises:
        ReportError: E301 when it cannot be created or written to.
    """
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReportError("E301", path=str(path), detail=err.strerror or str(err)) from err
    if not os.access(path, os.W_OK | os.X_OK):
        raise ReportError("E301", path=str(path), detail="the folder is not writable")
    return path


def _write(path: Path, data: str | bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReportError("E301", path=str(path), detail=err.strerror or str(err)) from err
    atomic_write(path, data)


def write_learner(
    layout: OutputLayout, result: LearnerResult, formats: Sequence[str] = DEFAULT_FORMATS, *,
    audience: str = "assessor",
) -> dict[str, str]:
    """Write ``result``'s report in each of ``formats`` (or its ``error.txt`` when the check failed).

    Returns:
        Format to the file written, relative to the output folder (``"error"`` for ``error.txt``).

    Raises:
        ReportError: E301 when a file cannot be rendered or written.
    """
    folder = layout.learner_dir(result.name)
    if result.report is None:
        _write(folder / ERROR_FILE, f"{result.name}: the check failed: {result.error}\n\n"
                                    f"{TEXT_MARKER} {__version__}.\n")
        return {"error": f"{layout.folders[result.name]}/{ERROR_FILE}"}
    written: dict[str, str] = {}
    for fmt in formats:
        relative = layout.report_name(result.name, fmt)
        path = layout.out_dir / relative
        try:
            data = render(result.report, fmt, audience=audience)
        except ReportError:
            raise
        except Exception as err:  # a rendering bug must not hide which file it hit
            raise ReportError("E301", path=str(path), detail=f"{type(err).__name__}: {err}") from err
        _write(path, data)
        written[fmt] = relative
    return written


def write_grid(
    layout: OutputLayout, result: CohortResult, grid: Grid, *,
    reports: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Path]:
    """Write ``cohort.html``, ``cohort.csv`` and ``cohort.json``.

    Args:
        layout: Where to write.
        result: The batch's results.
        grid: The grid of ``result``.
        reports: Learner name to {format: relative path} of their reports; the
            HTML grid links to each learner's HTML report when there is one.

    Returns:
        Kind (``html``, ``csv``, ``json``) to the file written.

    Raises:
        ReportError: E301 when a file cannot be written.
    """
    reports = reports or {}
    links = {name: quote(files["html"]) for name, files in reports.items() if "html" in files}
    files = {
        "html": render_grid_html(grid, links=links, skipped=result.skipped),
        "csv": render_grid_csv(grid),
        "json": render_summary_json(build_summary(result, grid, reports=reports)),
    }
    written: dict[str, Path] = {}
    for kind, data in files.items():
        _write(layout.grid_path(kind), data)
        written[kind] = layout.grid_path(kind)
    return written

"""A progress bar on standard error for multi-file and batch work.

The bar is drawn with rich on standard error, so standard output stays clean
for reports. It is off when standard error is not a terminal (pipes, CI, log
files) or when the user passed ``--quiet``; ``force=True`` turns it on anyway
(for tests, with a ``console`` writing to a buffer).

A :class:`ProgressBar` is itself a progress callback of the shape
``(item, done, total)``, the shape :func:`evidencecheck.load_portfolio`'s
``on_progress`` and the cohort batch use::

    with ProgressBar("Reading files", quiet=args.quiet) as bar:
        portfolio = load_portfolio(paths, on_progress=bar)
"""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


def progress_enabled(*, quiet: bool = False, force: bool = False, stream: object = None) -> bool:
    """Whether to draw a bar: ``force``, or not ``quiet`` and ``stream`` (default stderr) is a terminal."""
    if force:
        return True
    if quiet:
        return False
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed or detached stream
        return False


class ProgressBar:
    """A progress bar on standard error; a no-op when it is not enabled.

    Args:
        description: What is being done, e.g. ``"Checking learners"``.
        total: Number of items, if known now (callbacks may also set it).
        quiet: Never draw (the user passed ``--quiet``).
        force: Draw even when standard error is not a terminal.
        console: The rich console to draw on (default: standard error).
    """

    def __init__(self, description: str, *, total: int | None = None, quiet: bool = False,
                 force: bool = False, console: Console | None = None):
        self.description = description
        self.enabled = progress_enabled(quiet=quiet, force=force)
        self._console = console
        self._total = total
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressBar:
        if self.enabled:
            console = self._console or Console(stderr=True)
            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[item]}", style="dim"), TimeElapsedColumn(),
                console=console, transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=self._total, item="")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def update(self, item: str, done: int, total: int) -> None:
        """Show that ``done`` of ``total`` items are finished; ``item`` is the current or last one."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total, item=item)

    __call__ = update

    def print(self, line: str) -> None:
        """Print ``line`` to standard error without breaking the bar."""
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr)

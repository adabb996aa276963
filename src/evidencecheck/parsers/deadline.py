"""A soft time limit inside the parse worker, so a slow file keeps the pages already read.

The parent process kills a worker that overruns ``Limits.timeout`` (E212), and
everything the worker had read dies with it. Just before that, the worker's
own alarm raises :class:`OutOfTime` in the parser; the PDF parser catches it
between pages and returns the pages it has, reporting the rest as unread
(W205). Only the worker arms the alarm (:func:`soft_limit`, from its main
thread, on POSIX); in-process parsing has no time limit.

:class:`OutOfTime` derives from ``BaseException`` so that a library's
``except Exception`` cannot swallow it. A parser stuck inside C code cannot be
interrupted this way; the parent's kill still covers it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["OutOfTime", "soft_limit"]


class OutOfTime(BaseException):  # noqa: N818 - not an error: a signal to stop reading
    """Raised in the parser when the worker's soft time limit passes."""


class Limit:
    """A running soft limit; ``fired`` tells whether it interrupted the parser."""

    fired = False

    def alarm(self, signum: int, frame: FrameType | None) -> None:
        self.fired = True
        raise OutOfTime()


@contextmanager
def soft_limit(seconds: float | None) -> Iterator[Limit]:
    """Raise :class:`OutOfTime` in this thread after ``seconds`` (no limit when ``None`` or unsupported)."""
    limit = Limit()
    usable = (
        seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield limit
        return
    assert seconds is not None
    previous = signal.signal(signal.SIGALRM, limit.alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield limit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

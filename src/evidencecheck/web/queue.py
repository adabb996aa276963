"""Bounded concurrency: a few checks at a time, a short queue, and a clear "busy" answer.

A request is *admitted* before its upload is read, and holds its place while it
uploads, waits and runs, so the disk and memory a server can be asked to hold
are bounded too. At most ``max_checks`` checks run at once; up to ``max_queue``
more requests may be uploading or waiting. One more is refused at once with
E332 (HTTP 503 and ``Retry-After``) instead of slowing every check down.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ..errors import WebError


class CheckQueue:
    """Admission and running slots for checks (used from one event loop).

    Args:
        max_checks: Checks that may run at the same time.
        max_queue: Requests that may be admitted beyond those running.
        retry_after: Seconds a refused request is told to wait.
    """

    def __init__(self, max_checks: int, max_queue: int, retry_after: int) -> None:
        if max_checks < 1 or max_queue < 0:
            raise ValueError("max_checks must be at least 1 and max_queue at least 0")
        self.max_checks = max_checks
        self.max_queue = max_queue
        self.retry_after = retry_after
        self.admitted = 0
        self.running = 0
        self._slots: asyncio.Semaphore | None = None

    @property
    def capacity(self) -> int:
        """How many requests may be admitted at once."""
        return self.max_checks + self.max_queue

    @asynccontextmanager
    async def admit(self) -> AsyncIterator[None]:
        """Hold a place for one request, or refuse it.

        Raises:
            WebError: E332 when every place is taken.
        """
        if self.admitted >= self.capacity:
            raise WebError("E332", busy=self.admitted, seconds=self.retry_after)
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait for one of the ``max_checks`` running slots, and hold it in the block."""
        if self._slots is None:  # created here, in the server's event loop
            self._slots = asyncio.Semaphore(self.max_checks)
        async with self._slots:
            self.running += 1
            try:
                yield
            finally:
                self.running -= 1

    def status(self) -> dict[str, int]:
        """Running and waiting requests, and the limits (for ``/healthz``)."""
        return {"running": self.running, "waiting": self.admitted - self.running,
                "max_checks": self.max_checks, "max_queue": self.max_queue}

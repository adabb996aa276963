"""What a running app holds, and how one request's upload is taken in and checked.

:meth:`Server.upload` admits a request (or refuses it: E332), gives it its own
temporary folder, reads its form into that folder, and deletes the folder when
the block ends, however it ends. :meth:`Upload.run` runs the blocking check in
one of the server's ``max_checks`` worker threads (each thread keeps its own
reader process, :func:`~evidencecheck.parsers.isolation.shared_parser`, so files
are read under the same time and memory limits as on the command line). While
the check runs the client is watched: if it goes away the check is told to stop
at the next file, and the folder is deleted once the thread has let go of it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from starlette.requests import Request

from .queue import CheckQueue
from .service import Cancelled
from .settings import WebSettings
from .uploads import Form, read_form
from .workspace import Workspaces

T = TypeVar("T")


class ClientGone(Exception):
    """The client disconnected before its answer was ready."""


@dataclass
class Upload:
    """One admitted request: its folder, its form, and a way to run its check."""

    server: Server
    request: Request
    folder: Path
    form: Form = field(default_factory=Form)
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def files_dir(self) -> Path:
        """Where the uploaded files were saved."""
        return self.folder / "upload"

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` in a worker thread once a check slot is free.

        Raises:
            ClientGone: The client disconnected; the check was stopped.
            Exception: Whatever ``fn`` raised.
        """
        loop = asyncio.get_running_loop()
        started: list[asyncio.Future[T]] = []

        async def in_slot() -> T:
            async with self.server.queue.slot():
                if self.cancel.is_set():
                    raise Cancelled
                future = loop.run_in_executor(self.server.executor, partial(fn, *args, **kwargs))
                started.append(future)
                return await future

        job = asyncio.ensure_future(in_slot())
        gone = asyncio.ensure_future(_disconnected(self.request))
        try:
            done, _ = await asyncio.wait({job, gone}, return_when=asyncio.FIRST_COMPLETED)
            if job in done:
                return job.result()
            raise ClientGone
        finally:
            gone.cancel()
            if not job.done():
                self.cancel.set()
                if not started:
                    job.cancel()  # still waiting for a slot: just leave the queue
                await asyncio.wait({job})  # a running check stops at its next file
            if not job.cancelled():
                job.exception()  # retrieved, so asyncio does not log it as lost


async def _disconnected(request: Request) -> None:
    """Return when the client disconnects (the body has been read, so nothing else arrives)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


class Server:
    """The state of one app: settings, the check queue, temporary folders and worker threads."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        web = settings.web
        self.queue = CheckQueue(web.max_checks, web.max_queue, web.retry_after)
        self.workspaces = Workspaces(settings.temp_dir)
        self.executor = ThreadPoolExecutor(max_workers=web.max_checks, thread_name_prefix="evidencecheck-check")

    @asynccontextmanager
    async def upload(self, request: Request, file_fields: Mapping[str, int]) -> AsyncIterator[Upload]:
        """Admit ``request``, read its form into a new folder, and delete the folder on leaving.

        Raises:
            WebError: E332 busy, or what :func:`~evidencecheck.web.uploads.read_form` raises.
        """
        async with self.queue.admit():
            with self.workspaces.request() as folder:
                upload = Upload(self, request, folder)
                upload.files_dir.mkdir()
                upload.form = await read_form(
                    request, upload.files_dir, file_fields=file_fields, web=self.settings.web,
                    max_file_size=self.settings.limits.max_file_size,
                )
                yield upload

    def close(self) -> None:
        """Stop the worker threads (their reader processes stop with them) and delete the temporary folder."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.workspaces.close()

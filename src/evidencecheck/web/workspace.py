"""Temporary folders: one per request, inside one folder per server, deleted when done.

Every upload is written only here, never next to anyone's files. A request's
folder is deleted when its response is done, whether the check succeeded,
failed, or the client went away; the server's own folder is deleted when the
server stops. Folders are created private to the user (mode 0700).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "evidencecheck-web-"


class Workspaces:
    """The server's temporary folder, handing out one subfolder per request.

    Args:
        parent: Where to create the server's folder; the system's temporary folder by default.
    """

    def __init__(self, parent: str | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))

    @contextmanager
    def request(self) -> Iterator[Path]:
        """A new empty folder for one request, deleted (with all it holds) on leaving the block."""
        folder = Path(tempfile.mkdtemp(prefix="request-", dir=self.root))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def active(self) -> list[Path]:
        """The request folders that exist now (for health checks and tests)."""
        try:
            return sorted(self.root.iterdir())
        except FileNotFoundError:
            return []

    def close(self) -> None:
        """Delete the server's folder and everything left in it."""
        shutil.rmtree(self.root, ignore_errors=True)

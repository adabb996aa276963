"""A real ``evidencecheck serve`` in a child process, on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path


class LiveServer:
    """``python -m evidencecheck serve --port 0 ARGS`` with its own temporary folder (``TMPDIR``).

    Args:
        tmp: The folder the server makes its temporary folder in.
        args: More options for ``serve``.
    """

    def __init__(self, tmp: Path, *args: str) -> None:
        self.tmp = tmp
        self.stderr_path = tmp.parent / f"{tmp.name}-stderr.log"
        env = dict(os.environ, TMPDIR=str(tmp), PYTHONUNBUFFERED="1")
        with open(self.stderr_path, "w", encoding="utf-8") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "evidencecheck", "serve", "--port", "0", *args],
                stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, env=env, text=True,
            )
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], 120)
        first = self.proc.stdout.readline() if ready else ""
        match = re.search(r"(http://[^ ]+/)\n", first)
        if not match:
            self.proc.kill()
            raise AssertionError(f"serve did not start: {first!r}\n{self.stderr}")
        self.url = match.group(1)
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    @property
    def stderr(self) -> str:
        """What the server wrote to standard error so far."""
        return self.stderr_path.read_text(encoding="utf-8")

    def roots(self) -> list[Path]:
        """The server's temporary folders (one while it runs)."""
        return sorted(self.tmp.glob("evidencecheck-web-*"))

    def request_folders(self) -> list[Path]:
        """The request folders that exist now."""
        return [p for root in self.roots() for p in root.iterdir()]

    def wait_for_no_request_folders(self, timeout: float = 30.0) -> None:
        """Wait until every request folder is gone; fail if one outlives ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self.request_folders():
            if time.monotonic() > deadline:
                raise AssertionError(f"request folders left behind: {self.request_folders()}")
            time.sleep(0.05)

    def stop(self) -> tuple[int, str]:
        """Stop the server as Ctrl+C does; return its exit status and the rest of its output."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, _ = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return self.proc.returncode, out

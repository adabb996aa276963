"""Fixtures for the hostile-input suite: sealed input folders and a shared parser worker."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from evidencecheck.parsers.isolation import IsolatedParser


class Inputs:
    """A portfolio folder whose files must be byte-identical after the test.

    Write the files, call :meth:`seal` (which records each file's sha256), run the
    code under test; the fixture then checks every file again, and that no file
    was added, removed or changed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir()
        self.sealed: dict[str, str] | None = None

    def write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def snapshot(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for dirpath, dirnames, filenames in os.walk(self.folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                key = path.relative_to(self.folder).as_posix()
                mode = path.lstat().st_mode
                if stat.S_ISREG(mode):
                    found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:  # a FIFO or a symbolic link: its kind (and target) must not change
                    found[key] = f"{stat.S_IFMT(mode):o}:{os.readlink(path) if stat.S_ISLNK(mode) else ''}"
        return found

    def seal(self) -> dict[str, str]:
        self.sealed = self.snapshot()
        assert self.sealed, "nothing to check"
        return self.sealed

    def verify(self) -> None:
        assert self.sealed is not None, "the test never sealed its inputs"
        assert self.snapshot() == self.sealed, "an input file was changed, added or removed"


@pytest.fixture
def inputs(tmp_path: Path):
    box = Inputs(tmp_path / "portfolio")
    yield box
    box.verify()


@pytest.fixture(scope="session")
def worker():
    """One worker process for the whole suite (a case that kills it gets a fresh one)."""
    with IsolatedParser(fallback=False) as parser:
        yield parser

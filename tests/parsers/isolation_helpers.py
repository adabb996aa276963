"""Misbehaving parse functions for the isolation tests.

The worker process imports this module by name (it inherits the test process's
``sys.path``), so these run where a real parser would: in the worker.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from evidencecheck.parsers import parse


def spin(path: str, **_: Any) -> None:
    """Loop for ever, holding the CPU (as a parser stuck in a reference cycle would)."""
    while True:
        pass


def sleep(path: str, **_: Any) -> None:
    time.sleep(3600)


def eat_memory(path: str, **_: Any) -> None:
    hoard = []
    while True:
        hoard.append(bytearray(32 * 1024 * 1024))


def segfault(path: str, **_: Any) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def exit_abruptly(path: str, **_: Any) -> None:
    os._exit(3)


def raise_key_error(path: str, **_: Any) -> None:
    raise KeyError("/Root")


def raise_assertion(path: str, **_: Any) -> None:
    assert False, "pdfminer-style internal assertion"  # noqa: B011


def recurse(path: str, **_: Any) -> None:
    def down(n: int) -> int:
        return down(n + 1) + 1

    down(0)


def chatty(path: str, **_: Any) -> str:
    print("a library that prints to standard output " * 2000)
    return "read"


def whoami(path: str, **_: Any) -> int:
    return os.getpid()


def load_or_hang(file: Path, display: str, limits: Any, password: Any) -> Any:
    """What ``load_portfolio`` calls, except that files named ``hang*`` never finish."""
    if Path(file).name.startswith("hang"):
        spin(str(file))
    from evidencecheck.portfolio import _load_one

    return _load_one(file, display, limits, password)


def parse_in_child(path: str, timeout: float) -> tuple[str, str]:
    """Run in a process-pool worker: one good parse and one timeout through an IsolatedParser there."""
    from evidencecheck.errors import DocumentError
    from evidencecheck.limits import Limits
    from evidencecheck.parsers.isolation import IsolatedParser

    with IsolatedParser(fallback=False) as parser:
        doc = parser.parse(path)
        try:
            parser.run("isolation_helpers:spin", path, limits=Limits(timeout=timeout), name=path)
            outcome = "no timeout"
        except DocumentError as err:
            outcome = err.code
    return doc.title, outcome


def parse_in_process(path: str) -> str:
    return parse(path).title


def grow_then_segfault(path: str, **_: Any) -> None:
    """Use most of a 400 MiB limit, then crash, as CPython sometimes does when an allocation fails."""
    ballast = bytearray(250 * 1024 * 1024)
    time.sleep(0.5)  # long enough for the parent to see the memory in use
    os.kill(os.getpid(), signal.SIGSEGV)
    del ballast

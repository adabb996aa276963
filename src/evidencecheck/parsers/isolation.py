"""Parse evidence files in a worker process, with a time limit and a memory limit.

A hostile or damaged file can make a parser library loop for ever, recurse until
the interpreter crashes, or allocate until the machine swaps. :class:`IsolatedParser`
runs the parsers in a separate, persistent worker process, one file at a time:

- the parent waits at most ``Limits.timeout`` seconds for each file; a worker that
  takes longer is killed and the file gets E212;
- the worker runs under ``RLIMIT_AS = Limits.max_memory`` (POSIX only: the
  ``resource`` module does not exist on Windows, where no memory limit is set), so
  an allocation beyond it raises ``MemoryError`` in the worker and the file gets
  E213; the worker is then replaced, as its heap may be fragmented;
- a worker that dies (a crash in C code, the kernel's out-of-memory killer) gives
  E217 (or E213 when it was killed with SIGKILL, which is what the OOM killer
  sends) for that file;
- a worker that was stopped is replaced lazily, when the next file needs one, so
  the next file is read as usual and the calling process survives.

The worker is started once and reused, so its start-up cost (an interpreter plus
the parsers, about 0.1 s, and 0.1 s more to import pdfplumber and python-docx
when the first PDF or Word file needs them) is paid once per
:class:`IsolatedParser`, not per file; a round trip costs about 0.2 ms.
:func:`shared_parser` keeps one per thread for the life of the process, which is
what :func:`~evidencecheck.portfolio.load_portfolio` uses. Use an
:class:`IsolatedParser` of your own as a context manager, or call
:meth:`IsolatedParser.close`; a forgotten worker is also stopped when the object
is garbage collected or the interpreter exits, and a worker whose parent has died
exits by itself within a second.

Why a plain subprocess and not :mod:`multiprocessing`: the ``spawn`` and
``forkserver`` start methods re-import the parent's ``__main__`` module in the
child, so a user's script that calls ``evidencecheck.check()`` at top level
without an ``if __name__ == "__main__":`` guard (as the README's example does)
would start workers recursively and fail; ``multiprocessing.Pool`` workers are
daemonic and may not start child processes at all; and ``fork`` is unsafe in a
process with threads. A subprocess running ``python -c`` has none of these
problems: it works from the main process, from a ``ProcessPoolExecutor`` or
``multiprocessing.Pool`` worker, and from a thread. Requests and replies are
pickles over the worker's stdin and stdout (the worker's own ``sys.stdout`` is
redirected to stderr, so a library that prints cannot corrupt them). The worker
inherits the parent's ``sys.path`` and imports only the parsers, not spaCy
(``import evidencecheck`` is lazy).

Isolation is a guard against accidents and denial of service, not a security
sandbox: the worker runs as the same user, with the same file access.

This is what :func:`evidencecheck.portfolio.load_portfolio` uses by default;
:func:`evidencecheck.parsers.parse` stays in-process, as the library's simple
one-file call.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import IO, Any

from ..errors import CorruptDocument, DocumentError, ExtractionTimeout, document_errors
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Document
from .deadline import OutOfTime, soft_limit

__all__ = ["IsolatedParser", "close_shared_parser", "format_bytes", "shared_parser"]

log = logging.getLogger("evidencecheck")

#: Modules the worker imports before it says it is ready. pdfplumber and
#: python-docx are imported when the first PDF or Word file needs them (about
#: 0.07 s and 0.04 s, inside that file's time limit): a worker that only reads
#: text, or only refuses files, then starts in about 0.07 s instead of 0.18 s.
PRELOAD = ("evidencecheck.parsers", "evidencecheck.portfolio")
#: Seconds allowed for a worker to start (an interpreter and the parser libraries).
START_TIMEOUT = 60.0

# The worker's first instruction: take the parent's sys.path (so it imports the
# same evidencecheck, and whatever module a test names) and the extra modules to
# import before it is ready, then serve requests.
_BOOT = (
    "import sys,pickle;"
    "boot=pickle.load(sys.stdin.buffer);"
    "sys.path[:]=boot[0];"
    "from evidencecheck.parsers.isolation import _serve;"
    "_serve(boot[1])"
)
_DEAD = object()  # put on the reply queue when the worker's stdout closes
_SAMPLE = 0.05  # seconds between looks at a busy worker's memory (Linux)
_NEAR_CRASH = 0.75  # a crash after the worker reached this share of its memory limit is E213


def _address_space(pid: int) -> int:
    """``pid``'s peak address space in bytes (``VmPeak``, what RLIMIT_AS limits), or 0 where unknown."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class WorkerUnavailable(RuntimeError):
    """A worker process could not be started."""


def format_bytes(size: int) -> str:
    """``1610612736`` -> ``"1.5 GiB"``; ``314572800`` -> ``"300 MiB"``."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "bytes" or value >= 100 else f"{value:.3g} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover


def _format_seconds(seconds: float) -> str:
    return f"{seconds:g}"


def _soft_timeout(timeout: float) -> float | None:
    """When the worker stops reading and replies with what it has: before the parent's kill."""
    if not timeout or not math.isfinite(timeout):
        return None
    return timeout - min(timeout * 0.1, 1.0)


class _Worker:
    """One worker process and the thread that reads its replies."""

    def __init__(self, preload: tuple[str, ...] = ()) -> None:
        """Start the process; :meth:`wait_ready` waits for it to say it is ready."""
        if not sys.executable:
            raise WorkerUnavailable("sys.executable is not set")
        kwargs: dict[str, Any] = {}
        if os.name == "nt":  # pragma: no cover - no console window for the worker
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                close_fds=True, **kwargs,
            )
        except OSError as err:
            raise WorkerUnavailable(str(err)) from err
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: IO[bytes] = self.proc.stdin
        self.replies: queue.Queue[Any] = queue.Queue()
        self.reader = threading.Thread(
            target=_read_replies, args=(self.proc.stdout, self.replies), name="evidencecheck-worker-reader",
            daemon=True,
        )
        self.reader.start()
        self.owner = os.getpid()
        self.finalizer = weakref.finalize(self, _stop, self.proc, self.reader, owner=self.owner)
        self.ready = False
        try:
            self.send((list(sys.path), tuple(preload)))
        except OSError as err:
            self.stop()
            raise WorkerUnavailable(f"the worker did not start: {err}") from err

    def wait_ready(self) -> None:
        """Wait (once) for the worker's "ready"; raises :class:`WorkerUnavailable` if it never comes."""
        if self.ready:
            return
        try:
            reply = self.wait(START_TIMEOUT)
        except queue.Empty as err:
            self.stop()
            raise WorkerUnavailable("the worker did not start: timed out") from err
        if reply is _DEAD or not (isinstance(reply, tuple) and reply[0] == "ready"):
            self.stop()
            raise WorkerUnavailable(f"the worker did not start (exit status {self.proc.returncode})")
        self.ready = True

    @property
    def pid(self) -> int:
        return self.proc.pid

    def send(self, message: object) -> None:
        pickle.dump(message, self.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self.stdin.flush()

    def wait(self, timeout: float | None) -> Any:
        return self.replies.get(timeout=timeout)

    def stop(self, *, kill: bool = True) -> None:
        self.finalizer.detach()
        _stop(self.proc, self.reader, kill=kill, owner=self.owner)


def _read_replies(stream: IO[bytes], replies: queue.Queue[Any]) -> None:
    try:
        while True:
            replies.put(pickle.load(stream))
    except BaseException:  # EOF, a broken pipe, a garbled reply: the worker is gone
        replies.put(_DEAD)
    finally:
        stream.close()


def _stop(proc: subprocess.Popen[bytes], reader: threading.Thread, *, kill: bool = True, owner: int = 0) -> None:
    """Stop the worker (gently when it is idle and ``kill`` is false) and reap it: no zombies.

    In a forked copy of the process that started it (``owner``), the worker is not
    this process's to stop: it is left to its owner.
    """
    if owner and owner != os.getpid():
        return
    if proc.poll() is None:
        if not kill:
            try:
                assert proc.stdin is not None
                proc.stdin.close()  # end of requests: the worker exits by itself
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if proc.poll() is None:
            proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
        pass
    try:
        if proc.stdin is not None:
            proc.stdin.close()
    except OSError:
        pass
    if reader is not threading.current_thread():
        reader.join(timeout=5)


class IsolatedParser:
    """Parse documents one at a time in a persistent worker process.

    Args:
        fallback: If a worker process cannot be started at all (no usable
            ``sys.executable``, as in some frozen or embedded interpreters), parse
            in this process instead, without time or memory limits, and log a
            warning once. With ``fallback=False`` the error is raised.

    Not thread-safe: use one per thread (or per process). Example::

        with IsolatedParser() as parser:
            for path in paths:
                try:
                    doc = parser.parse(path, limits=Limits(timeout=30))
                except DocumentError as err:
                    print(err)
    """

    def __init__(self, *, fallback: bool = True) -> None:
        self.fallback = fallback
        self.owner = os.getpid()
        self._worker: _Worker | None = None
        self._unavailable: str | None = None
        self.started = 0  #: how many worker processes were started (for tests and measurements)

    # --- public API ---------------------------------------------------------
    def start(self, *, preload: tuple[str, ...] = ()) -> None:
        """Start the worker process now and return without waiting for it.

        The worker then boots (an interpreter, the parsers and the ``preload`` modules,
        e.g. ``("pypdfium2", "docx")``) on another core while the caller does other work,
        such as importing spaCy; the first :meth:`run` waits for it to be ready. Does
        nothing when a worker is already running.
        """
        self._get_worker(preload=preload, wait=False)

    def parse(
        self, path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, password: str | None = None,
        display: str | None = None,
    ) -> Document:
        """:func:`evidencecheck.parsers.parse` in the worker, within ``limits.timeout`` and ``limits.max_memory``.

        Raises:
            DocumentError: What the parser raised, or E212 (too slow), E213 (too much
                memory) or E217 (the worker crashed).
        """
        name = str(display or path)
        from . import parse as parse_file  # the package imports this module: import it when used

        return self.run(  # type: ignore[no-any-return]
            parse_file, str(path), limits=limits, name=name,
            kwargs={"limits": limits, "password": password, "display": display},
        )

    def run(
        self, target: Callable[..., Any] | str, *args: Any, limits: Limits = DEFAULT_LIMITS, name: str = "",
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        """Call ``target`` (a module-level function, or ``"module:function"``) with ``args`` and
        ``kwargs`` in the worker.

        The function must be importable in the worker (through the parent's
        ``sys.path``) and its arguments and result picklable. Any exception it
        raises that is not a :class:`DocumentError` becomes E217 naming ``name``.
        """
        target = target_name(target)
        kwargs = kwargs or {}
        worker = self._get_worker()
        if worker is None:
            return _call(target, args, kwargs, name)
        request = (target, args, kwargs, limits.max_memory, name, list(sys.path), limits.timeout)
        try:
            worker.send(request)
        except OSError:
            # the idle worker had died (nothing of this file was read yet): start another, once
            self._discard(kill=True)
            worker = self._get_worker()
            if worker is None:
                return _call(target, args, kwargs, name)
            try:
                worker.send(request)
            except OSError:
                raise self._died(name) from None
        timeout = limits.timeout if limits.timeout and math.isfinite(limits.timeout) else None
        deadline = None if timeout is None else time.monotonic() + timeout
        peak = 0  # the worker's largest address space seen while it read this file
        try:
            while True:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    self._discard(kill=True)
                    raise ExtractionTimeout("E212", name, seconds=_format_seconds(limits.timeout))
                try:
                    reply = worker.wait(_SAMPLE if remaining is None else min(_SAMPLE, remaining))
                    break
                except queue.Empty:
                    peak = max(peak, _address_space(worker.pid))
        except DocumentError:
            raise
        except BaseException:  # KeyboardInterrupt while waiting: do not leave a busy worker
            self._discard(kill=True)
            raise
        if reply is _DEAD:
            near = bool(limits.max_memory) and peak >= limits.max_memory * _NEAR_CRASH
            raise self._died(name, limits.max_memory if near else None)
        status, payload, healthy = reply
        if not healthy:
            self._discard(kill=True)
        if status == "ok":
            return payload
        raise payload

    @property
    def pid(self) -> int | None:
        """The current worker's process id, or ``None`` when none is running."""
        return self._worker.pid if self._worker else None

    def close(self) -> None:
        """Stop the worker (if any) and wait for it to exit. The parser can still be used after.

        An idle worker holds no state worth a graceful exit, so it is killed: that
        takes about a millisecond, where letting the interpreter shut down takes 60.
        """
        self._discard(kill=True)

    def __enter__(self) -> IsolatedParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ----------------------------------------------------------
    def _get_worker(self, *, preload: tuple[str, ...] = (), wait: bool = True) -> _Worker | None:
        if self._worker is not None and self._worker.owner != os.getpid():
            # a forked copy of this object: the worker (and its pipes) belong to the parent
            self._worker.finalizer.detach()
            self._worker = None
        if self._unavailable is not None:
            return None
        started = time.perf_counter()
        try:
            if self._worker is None:
                self._worker = _Worker(preload)
                self.started += 1
            if wait:
                self._worker.wait_ready()
        except WorkerUnavailable as err:
            self._worker = None
            if not self.fallback:
                raise
            self._unavailable = str(err)
            log.warning("evidencecheck: cannot start a parser worker process (%s); parsing in this "
                        "process without time or memory limits", err)
            return None
        log.debug("evidencecheck: parser worker %s %s in %.2f s", self._worker.pid,
                  "ready" if wait else "starting", time.perf_counter() - started)
        return self._worker

    def _discard(self, *, kill: bool) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(kill=kill)

    def _died(self, name: str, memory_limit: int | None = None) -> DocumentError:
        worker, self._worker = self._worker, None
        code: int | None = None
        if worker is not None:
            worker.stop(kill=True)
            code = worker.proc.returncode
        return crash_error(name, code, memory_limit=memory_limit)


_shared = threading.local()


def shared_parser() -> IsolatedParser:
    """This thread's long-lived :class:`IsolatedParser`, started on first use.

    :func:`~evidencecheck.portfolio.load_portfolio` uses it by default, so a process
    that loads many portfolios (a batch, a test suite, a server) starts a worker
    and imports pdfplumber and python-docx once, not once per portfolio (about
    0.3 s each time). Each thread gets its own, so threads never wait for each
    other's files; a forked child gets a new one. The worker idles between calls
    and is stopped at interpreter exit, when its thread's storage is freed, or by
    :func:`close_shared_parser`.
    """
    parser: IsolatedParser | None = getattr(_shared, "parser", None)
    if parser is None or parser.owner != os.getpid():
        parser = IsolatedParser()
        _shared.parser = parser
    return parser


def close_shared_parser() -> None:
    """Stop this thread's shared worker, if it has one (a new one starts when next needed)."""
    parser: IsolatedParser | None = getattr(_shared, "parser", None)
    if parser is not None and parser.owner == os.getpid():
        parser.close()


def crash_error(name: str, returncode: int | None, *, memory_limit: int | None = None) -> DocumentError:
    """The numbered error for a worker that exited with ``returncode`` while reading ``name``.

    ``memory_limit`` is given when the worker was seen near its memory limit just
    before it died: CPython and C libraries do not always survive an allocation
    failure (a segmentation fault instead of ``MemoryError``), so such a crash is
    reported as the memory limit it most likely was (E213).
    """
    if returncode is not None and returncode < 0:
        signum = -returncode
        try:
            signame = signal.Signals(signum).name
        except ValueError:
            signame = f"signal {signum}"
        if memory_limit and signame in ("SIGSEGV", "SIGABRT", "SIGBUS", "SIGKILL"):
            return ExtractionTimeout("E213", name, limit=format_bytes(memory_limit))
        if signame == "SIGKILL":
            # nobody else kills the worker with SIGKILL: this is the system's out-of-memory killer
            return ExtractionTimeout("E213", name, limit="the available amount")
        return CorruptDocument("E217", name, detail=f"the reader crashed on it ({signame})")
    status = "unknown" if returncode is None else str(returncode)
    return CorruptDocument("E217", name, detail=f"the reader stopped unexpectedly on it (exit status {status})")


# --- the worker side -------------------------------------------------------------

def target_name(target: Callable[..., Any] | str) -> str:
    """``"module:qualname"`` of a module-level function, the form the worker imports it by."""
    if isinstance(target, str):
        return target
    qualname = target.__qualname__
    if "<" in qualname:
        raise ValueError(f"{qualname} is not a module-level function; the parse worker cannot import it")
    return f"{target.__module__}:{qualname}"


def _resolve(target: str) -> Any:
    module, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def _call(target: str, args: tuple[Any, ...], kwargs: dict[str, Any], name: str) -> Any:
    """Run ``target`` and turn anything it raises into a :class:`DocumentError`."""
    with document_errors(name):
        return _resolve(target)(*args, **kwargs)


def _set_memory_limit(max_memory: int | None) -> None:
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = max_memory if max_memory and max_memory > 0 else resource.RLIM_INFINITY
        if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
            soft = hard
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):  # pragma: no cover - a platform without RLIMIT_AS
        pass


#: Errors that an allocation failure inside a library can show up as.
_MEMORY_MASKED = frozenset({"E204", "E211", "E215", "E217"})


def _near_limit(max_memory: int, share: float = 0.9) -> bool:
    """Whether this process's peak address space came within ``share`` of ``max_memory`` (Linux)."""
    return _address_space(os.getpid()) >= max_memory * share


def _watch_parent(parent: int) -> None:
    # A worker stuck in a hostile file would never read the EOF of a dead parent.
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _serve(preload: tuple[str, ...] = ()) -> None:
    """The worker's loop: import ``preload``, read a request, call it, write the reply, until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a library that prints cannot garble replies
    sys.stdout = sys.stderr
    if os.name == "posix":
        threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    for module in (*PRELOAD, *preload):
        try:
            importlib.import_module(module)
        except ImportError:  # pragma: no cover - imported again (and reported) when used
            pass
    _reply(replies, ("ready", os.getpid()))
    while True:
        try:
            target, args, kwargs, max_memory, name, path, timeout = pickle.load(requests)
        except (EOFError, OSError):
            break
        if path != sys.path:
            sys.path[:] = path  # follow the parent's sys.path, for targets it can import now
        _set_memory_limit(max_memory)
        interrupted = False
        try:
            with soft_limit(_soft_timeout(timeout)) as limit:  # a slow PDF returns the pages read by then
                try:
                    reply: tuple[str, Any, bool] = ("ok", _call(target, args, kwargs, name), True)
                finally:
                    interrupted = limit.fired
        except DocumentError as err:
            reply = ("error", err, True)
        except OutOfTime:  # the limit passed outside a page loop: nothing was kept
            interrupted = True
            reply = ("error", ExtractionTimeout("E212", name, seconds=_format_seconds(timeout)), True)
        if interrupted:  # a library stopped mid-way may hold broken state: start afresh
            reply = (reply[0], reply[1], False)
        if max_memory and _near_limit(max_memory):
            # A library that cannot allocate does not always raise MemoryError: lxml
            # reports "unknown error", zlib and pdfminer their own errors. Near the
            # limit, such a failure is the limit's doing. A worker that came this close
            # is replaced either way, so the peak measured next time is the next file's.
            status, payload, _ = reply
            if status == "error" and payload.code in _MEMORY_MASKED:
                payload = ExtractionTimeout("E213", payload.path or name, limit="")
            reply = (status, payload, False)
        status, payload, _ = reply
        if status == "error" and payload.code == "E213" and max_memory:
            # name the configured limit; a heap that hit it may be fragmented: start afresh
            payload = ExtractionTimeout("E213", payload.path or name, limit=format_bytes(max_memory))
            reply = (status, payload, False)
        try:
            _reply(replies, reply)
        except MemoryError:
            _reply(replies, ("error", ExtractionTimeout("E213", name, limit=format_bytes(max_memory or 0)), False))
        except (pickle.PicklingError, TypeError, AttributeError):
            _reply(replies, ("error", CorruptDocument("E217", name, detail="the text read from it could not be passed back"), True))
        except OSError:
            break


def _reply(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(data)
    stream.flush()


if __name__ == "__main__":  # pragma: no cover - the worker is started through _BOOT
    _serve()


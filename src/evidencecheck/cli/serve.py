"""``evidencecheck serve``: the local web page for learners and assessors.

Binds the socket itself (so a port in use is a numbered message, E337, and
``--port 0`` picks a free port), prints the address, and runs the app under
uvicorn until Ctrl+C. Only loopback is served unless ``--host`` says otherwise,
and then a warning (W320) is printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import os
import socket
import sys
from dataclasses import replace
from importlib.util import find_spec

from .._version import __version__
from ..errors import WebError, message
from ..nlp.names import DEFAULT_MODEL, canonical_model
from ..web.settings import LOOPBACK_HOSTS, WebLimits, WebSettings
from .options import add_limit_options, limits_from_args

_DEFAULT = WebLimits()
#: The packages of the ``web`` extra: (module to import, distribution to install).
_NEEDED = (("fastapi", "fastapi"), ("uvicorn", "uvicorn"), ("python_multipart", "python-multipart"))


def positive(text: str) -> int:
    """A whole number of at least 1, from a command-line option."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def non_negative(text: str) -> int:
    """A whole number of at least 0, from a command-line option."""
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def port(text: str) -> int:
    """A TCP port number (0 to 65535), from a command-line option."""
    value = int(text)
    if not 0 <= value <= 65535:
        raise ValueError(text)
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve", help="start the local web page for learners and assessors",
        description="Start a web page where learners check their evidence files and assessors check a "
                    "cohort zip. Files are checked in a temporary folder and deleted when done. "
                    "Needs the web extra: pip install \"evidencecheck[web]\".",
    )
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only); "
                        "any other address prints a warning")
    p.add_argument("--port", type=port, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    p.add_argument("--model", default=DEFAULT_MODEL, type=canonical_model,
                   help="spaCy pipeline: built-in by default; 'blank' for no tagger or parser (no download)")
    p.add_argument("--max-upload", type=positive, default=_DEFAULT.max_upload // 2**20, metavar="MB",
                   help="largest upload of one check, in MB (default: %(default)d); more gets E321")
    p.add_argument("--max-files", type=positive, default=_DEFAULT.max_files, metavar="N",
                   help="most evidence files in one check (default: %(default)d); more gets E323")
    p.add_argument("--max-checks", type=positive, default=_DEFAULT.max_checks, metavar="N",
                   help="checks that run at the same time (default: %(default)d)")
    p.add_argument("--max-queue", type=non_negative, default=_DEFAULT.max_queue, metavar="N",
                   help="requests that may wait beyond those running (default: %(default)d); "
                        "one more is told the server is busy (E332)")
    p.add_argument("--access-log", action="store_true",
                   help="log each request's method, path and status (never file names or content)")
    add_limit_options(p)
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host.lower() in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port``.

    Raises:
        WebError: E337 when the address cannot be used.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as err:
        raise WebError("E337", host=host, port=port, detail=err.strerror or str(err)) from None
    try:
        if os.name != "nt":  # on Windows it would let two servers share a port instead of saying E337
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as err:
        sock.close()
        raise WebError("E337", host=host, port=port, detail=err.strerror or str(err)) from None
    return sock


def _url(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host in ("::", "[::]") else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def run(args: argparse.Namespace) -> int:
    missing = [dist for module, dist in _NEEDED if find_spec(module) is None]
    if missing:
        print(f"evidencecheck: {message('E320', missing=', '.join(missing))}", file=sys.stderr)
        return 2
    import uvicorn

    from ..nlp.pipeline import get_nlp
    from ..web import create_app
    from ..web.views import unit_choices

    loopback = is_loopback(args.host)
    web = WebLimits(max_upload=args.max_upload * 2**20, max_files=args.max_files,
                    max_checks=args.max_checks, max_queue=args.max_queue)
    settings = WebSettings(limits=replace(limits_from_args(args), cache=False), web=web, rules=tuple(args.rules), model=args.model,
                           allowed_hosts=LOOPBACK_HOSTS if loopback else ())
    if not unit_choices(settings):  # also raises for a --rules folder that does not exist
        print("evidencecheck: no unit loads: check the rule files with 'evidencecheck rules validate'.",
              file=sys.stderr)
        return 2
    get_nlp(args.model)  # load spaCy now, not during the first learner's check
    sock = bind(args.host, args.port)
    settings = dataclasses.replace(settings, port=sock.getsockname()[1])
    if not loopback:
        print(f"evidencecheck: warning: {message('W320', host=args.host)}", file=sys.stderr)
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=args.access_log,
                            limit_concurrency=100 + web.max_checks + web.max_queue)
    print(f"evidencecheck {__version__} is serving the page at {_url(sock, args.host)}\n"
          "Open that address in your web browser. Press Ctrl+C to stop.", flush=True)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn shut down cleanly, then passed Ctrl+C on: it is how the page is meant to stop
    finally:
        sock.close()
    print("evidencecheck: stopped; no files were kept.", flush=True)
    return 0

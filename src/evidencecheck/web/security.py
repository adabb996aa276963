"""The headers every answer carries, and the requests refused before any route runs.

A server on loopback answers only to loopback host names, so a web site that
rebinds its own name to 127.0.0.1 cannot use it (E335). A form sent from
another site (a cross-site POST, which a browser sends with an ``Origin``)
is refused (E333). Every answer forbids framing and sniffing, sends no
referrer, and its Content-Security-Policy allows only the app's own scripts,
styles and connections, plus the grid's sorting script by its hash: nothing
is loaded from anywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import WebError
from .settings import WebSettings


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The page's CSP: its own files only, and the inline scripts with these hashes."""
    scripts = " ".join(["'self'", *(f"'{h}'" for h in script_hashes)])
    return (f"default-src 'none'; script-src {scripts}; style-src 'self'; img-src 'self'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _host_name(host: str) -> str:
    # "127.0.0.1:8000" -> "127.0.0.1", "[::1]:8000" -> "[::1]"
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SecurityMiddleware:
    """Refuse foreign hosts and cross-site posts; add the security headers to every answer."""

    def __init__(self, app: ASGIApp, settings: WebSettings, csp: str) -> None:
        self.app = app
        self.allowed = {h.lower() for h in settings.allowed_hosts}
        self.port = settings.port
        self.headers = [
            (b"content-security-policy", csp.encode("ascii")),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        refusal: tuple[int, WebError] | None = None
        if self.allowed and _host_name(host).lower() not in self.allowed:
            refusal = 400, WebError("E335", host=_host_name(host)[:100], port=self.port)
        elif scope["method"] not in ("GET", "HEAD", "OPTIONS") and "origin" in headers:
            origin = urlsplit(headers["origin"])
            if headers["origin"] == "null" or origin.netloc.lower() != host.lower():
                refusal = 403, WebError("E333", origin=headers["origin"][:100])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in self.headers if h[0] not in present)]
            await send(message)

        if refusal is None:
            await self.app(scope, receive, send_with_headers)
            return
        status, err = refusal
        body = json.dumps({"error": {"code": err.code, "message": str(err)}}).encode("utf-8")
        await send_with_headers({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("ascii"))]})
        await send_with_headers({"type": "http.response.body", "body": body})

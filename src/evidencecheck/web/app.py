"""The web app: FastAPI with the page, the JSON API and the app's own static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.responses import Response

from .._version import __version__
from . import api, pages
from .security import SecurityMiddleware, content_security_policy
from .server import Server
from .settings import WebSettings
from .views import view_script_hashes, view_stylesheets

_MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}
_PACKAGED = ("app.css", "app.js", "favicon.svg")


def _static_files() -> dict[str, bytes]:
    folder = resources.files("evidencecheck.web") / "static"
    files = {name: (folder / name).read_bytes() for name in _PACKAGED}
    files.update({name: css.encode("utf-8") for name, css in view_stylesheets().items()})
    return files


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the app for ``settings``.

    The app owns a temporary folder and worker threads from the start: they are
    released when the app's lifespan ends (as when uvicorn stops), or by calling
    ``app.state.server.close()`` where no lifespan runs.

    Args:
        settings: Limits, rule directories and where temporary folders go; defaults as ``serve``'s.
    """
    settings = settings or WebSettings()
    server = Server(settings)
    static = _static_files()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            server.close()

    app = FastAPI(
        title="evidencecheck", version=__version__, lifespan=lifespan,
        description="Check a learner's portfolio of evidence against a qualification unit's marking points.",
        docs_url=None, redoc_url=None,  # their pages load scripts from the internet
    )
    app.state.server = server
    app.include_router(pages.router)
    app.include_router(api.router)

    @app.get("/static/{name}", include_in_schema=False)
    async def static_file(name: str) -> Response:
        data = static.get(name)
        if data is None:
            return Response(status_code=404)
        suffix = name[name.rfind("."):]
        return Response(data, media_type=_MEDIA_TYPES[suffix], headers={"Cache-Control": "no-cache"})

    app.add_middleware(SecurityMiddleware, settings=settings, csp=content_security_policy(view_script_hashes()))
    return app

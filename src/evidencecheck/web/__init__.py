"""The local web page and its JSON API (``evidencecheck serve``).

Learners drop in their evidence files, pick the unit and see their report;
assessors upload a zip of a cohort and get the grid. Uploads are checked in a
temporary folder that is deleted when the answer is done, nothing is kept and
nothing of the content is logged. Needs the ``web`` extra
(``pip install "evidencecheck[web]"``)::

    import uvicorn
    from evidencecheck.web import WebSettings, create_app

    uvicorn.run(create_app(WebSettings(rules=("my-rules",))), host="127.0.0.1", port=8000)

The settings import without the extra; ``create_app`` loads FastAPI on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import WebLimits, WebSettings

if TYPE_CHECKING:
    from .app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'evidencecheck.web' has no attribute '{name}'")


__all__ = ["WebLimits", "WebSettings", "create_app"]

"""The HTML routes: the two tabs, and the form posts that answer with the page and its result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from .checks import cohort_outcome, learner_outcome, refusal
from .server import ClientGone, Server, Upload
from .service import CohortOutcome, LearnerOutcome
from .views import body_of, render_page

router = APIRouter(include_in_schema=False)
T = TypeVar("T")
_NO_STORE = {"Cache-Control": "no-store"}


def _server(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


@router.get("/", response_class=HTMLResponse)
async def learner_page(request: Request) -> HTMLResponse:
    """The learner's tab: choose a unit, add files, check."""
    return HTMLResponse(render_page("learner", _server(request).settings))


@router.get("/cohort", response_class=HTMLResponse)
async def cohort_page(request: Request) -> HTMLResponse:
    """The assessor's tab: upload a cohort zip, get the grid."""
    return HTMLResponse(render_page("cohort", _server(request).settings))


async def _answer(
    request: Request, tab: str, fields: dict[str, int], check: Callable[[Upload], Awaitable[T]],
    page: Callable[[T, dict[str, str]], str],
) -> Response:
    server = _server(request)
    chosen: dict[str, str] = {}
    try:
        async with server.upload(request, fields) as upload:
            chosen = dict(upload.form.fields)
            result = await check(upload)
    except ClientGone:
        return Response(status_code=499)
    except Exception as err:  # noqa: BLE001 - every failure is answered with its numbered message
        status, code, text = refusal(err)
        headers = dict(_NO_STORE)
        if code == "E332":
            headers["Retry-After"] = str(server.settings.web.retry_after)
        html = render_page(tab, server.settings, unit=chosen.get("unit", ""),
                           audience=chosen.get("audience", "learner"), error=text)
        return HTMLResponse(html, status_code=status, headers=headers)
    return HTMLResponse(page(result, chosen), headers=_NO_STORE)


@router.post("/check", response_class=HTMLResponse)
async def learner_check(request: Request) -> Response:
    """Check the uploaded evidence and answer with the page, its report set in."""
    settings = _server(request).settings

    def page(outcome: LearnerOutcome, chosen: dict[str, str]) -> str:
        return render_page("learner", settings, unit=outcome.report.unit.id,
                           audience=chosen.get("audience", "learner"), report=body_of(outcome.html),
                           downloads=outcome.downloads, title=f"Your report: {outcome.report.unit.title}")

    return await _answer(request, "learner", {"files": settings.web.max_files}, learner_outcome, page)


@router.post("/cohort", response_class=HTMLResponse)
async def cohort_check(request: Request) -> Response:
    """Check the uploaded cohort zip and answer with the page, the grid set in."""
    settings = _server(request).settings

    async def check(upload: Upload) -> CohortOutcome:
        return await cohort_outcome(upload, views=True)

    def page(outcome: CohortOutcome, chosen: dict[str, str]) -> str:
        return render_page("cohort", settings, unit=outcome.result.unit_id, report=body_of(outcome.html),
                           downloads=outcome.downloads, title=f"Cohort grid: {outcome.result.unit_title}")

    return await _answer(request, "cohort", {"cohort": 1}, check, page)

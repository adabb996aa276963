"""The JSON API behind the page: ``/api/units``, ``/api/check``, ``/api/batch``, ``/healthz``.

``/api/check`` answers with the report contract (the same JSON as
``evidencecheck check --format json``); ``/api/batch`` with the cohort summary
(``cohort.json``) and every learner's report. A refusal is JSON too:
``{"error": {"code": "E321", "message": "E321 ..."}}`` with a 4xx or 5xx status.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from .._version import __version__
from ..cohort import build_summary
from ..cohort.summary import CohortSummary
from ..report.model import Report
from .checks import cohort_outcome, learner_report, refusal
from .server import ClientGone, Server
from .views import unit_choices

router = APIRouter()


class UnitOut(BaseModel):
    """An installed unit."""

    id: str
    title: str
    version: str
    qualification: str | None
    standard: str | None
    criteria: int
    mistakes: int


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    """A refusal or failure, with its numbered message."""

    error: ErrorDetail


class BatchOut(BaseModel):
    """A cohort's summary (as ``cohort.json``) and each learner's report, by learner folder name."""

    summary: CohortSummary
    reports: dict[str, Report]


class HealthOut(BaseModel):
    status: str
    version: str
    running: int
    waiting: int
    max_checks: int
    max_queue: int


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text} for status, text in (
        (400, "Not a readable form upload (E327), or cut short (E334)"),
        (413, "Over a size or count limit (E321, E322, E323, E329)"),
        (415, "A file evidencecheck cannot read (E324)"),
        (422, "No or unknown unit (E326, E107), no files (E325), an unusable zip (E328, E330, E331, E336)"),
        (503, "Busy: too many checks running or waiting (E332); see Retry-After"),
    )
}


def _form(*properties: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    schema = {"type": "object", "required": [name for name, _ in properties], "properties": dict(properties)}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


_UNIT = ("unit", {"type": "string", "description": "The unit id (see /api/units)."})


def _server(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def error_response(err: Exception, server: Server) -> Response:
    """The JSON answer for a refusal or failure."""
    status, code, text = refusal(err)
    headers = {"Cache-Control": "no-store"}
    if code == "E332":
        headers["Retry-After"] = str(server.settings.web.retry_after)
    return JSONResponse({"error": {"code": code, "message": text}}, status_code=status, headers=headers)


@router.get("/api/units", response_model=list[UnitOut], summary="The installed units")
async def units(request: Request) -> list[UnitOut]:
    """Every unit the server can check against, with its title and where it comes from."""
    return [UnitOut(**vars(u)) for u in unit_choices(_server(request).settings)]


@router.post(
    "/api/check", response_model=Report, responses=_ERRORS, summary="Check one portfolio",
    openapi_extra=_form(_UNIT, ("files", {"type": "array", "items": {"type": "string", "format": "binary"},
                                          "description": "The evidence files (.docx, .pdf, .txt, .md)."})),
)
async def api_check(request: Request) -> Response:
    """Check the uploaded evidence files against ``unit`` and answer with the report contract (JSON)."""
    server = _server(request)
    try:
        async with server.upload(request, {"files": server.settings.web.max_files}) as upload:
            report = await learner_report(upload)
    except ClientGone:
        return Response(status_code=499)
    except Exception as err:  # noqa: BLE001 - every failure is answered with its numbered message
        return error_response(err, server)
    return Response(report.model_dump_json(indent=2), media_type="application/json",
                    headers={"Cache-Control": "no-store"})


@router.post(
    "/api/batch", response_model=BatchOut, responses=_ERRORS, summary="Check a cohort",
    openapi_extra=_form(_UNIT, ("cohort", {"type": "string", "format": "binary",
                                           "description": "A .zip of the cohort folder, one folder per learner."})),
)
async def api_batch(request: Request) -> Response:
    """Check every learner of the uploaded cohort zip; answer with the summary and each report."""
    server = _server(request)
    try:
        async with server.upload(request, {"cohort": 1}) as upload:
            outcome = await cohort_outcome(upload, views=False)
    except ClientGone:
        return Response(status_code=499)
    except Exception as err:  # noqa: BLE001 - every failure is answered with its numbered message
        return error_response(err, server)
    result = outcome.result
    body = BatchOut(summary=build_summary(result, outcome.grid),
                    reports={lr.name: lr.report for lr in result.learners if lr.report is not None})
    return Response(body.model_dump_json(indent=2), media_type="application/json",
                    headers={"Cache-Control": "no-store"})


@router.get("/healthz", response_model=HealthOut, summary="Is the server up, and how busy is it")
async def healthz(request: Request) -> HealthOut:
    """``ok``, the version, and how many checks are running and waiting."""
    return HealthOut(status="ok", version=__version__, **_server(request).queue.status())

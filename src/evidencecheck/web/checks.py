"""The two checks the page and the API offer, from an admitted upload to a result.

Shared by the HTML routes (:mod:`.pages`) and the JSON API (:mod:`.api`): both
validate the form the same way and run the same library calls, and differ only
in how they answer.
"""

from __future__ import annotations

import logging

from ..errors import RuleSetError, UnknownUnitError, WebError, message
from ..report.labels import AUDIENCES
from ..report.model import Report
from ..rules.registry import available_units
from .server import Upload
from .service import (
    Cancelled,
    CohortOutcome,
    LearnerOutcome,
    check_cohort,
    check_files,
    check_files_explained,
    cohort_views,
    learner_views,
)
from .uploads import check_evidence_types

#: HTTP status of each numbered refusal; any other error is a 500.
STATUS = {
    "E107": 422, "E321": 413, "E322": 413, "E323": 413, "E324": 415, "E325": 422, "E326": 422,
    "E327": 400, "E328": 422, "E329": 413, "E330": 422, "E331": 422, "E332": 503, "E333": 403,
    "E334": 400, "E335": 400, "E336": 422,
}


log = logging.getLogger("evidencecheck.web")


def refusal(err: Exception) -> tuple[int, str, str]:
    """The HTTP status, code and numbered message for ``err``, raised while answering a request.

    An unexpected error becomes E338 naming only its type: its text could quote
    an uploaded file, and nothing of the uploads is logged or shown beyond the report.
    """
    if isinstance(err, (WebError, RuleSetError)):
        code = err.code
        return STATUS.get(code, 500), code, str(err)
    if isinstance(err, Cancelled):
        return 500, "E338", message("E338", detail="the check was stopped")
    log.error("E338 the check failed unexpectedly: %s", type(err).__name__)
    return 500, "E338", message("E338", detail=type(err).__name__)


def chosen_unit(upload: Upload) -> str:
    """The form's unit, checked against the installed units.

    Raises:
        WebError: E326 when none was chosen.
        UnknownUnitError: E107 when no rule set has that id.
    """
    unit = upload.form.fields.get("unit", "").strip()
    if not unit:
        raise WebError("E326")
    units = available_units(upload.server.settings.rules)
    if unit not in units:
        raise UnknownUnitError(unit[:100], list(units))
    return unit


def chosen_audience(upload: Upload) -> str:
    """The form's audience (``learner`` when not given).

    Raises:
        WebError: E327 for an unknown one.
    """
    audience = upload.form.fields.get("audience", "learner") or "learner"
    if audience not in AUDIENCES:
        raise WebError("E327", detail=f"unknown audience '{audience[:40]}'; use one of {', '.join(AUDIENCES)}")
    return audience


def _evidence(upload: Upload) -> None:
    files = upload.form.files_of("files")
    if not files:
        raise WebError("E325")
    check_evidence_types(files)


async def learner_report(upload: Upload) -> Report:
    """Check the uploaded evidence files; the report only (for the API)."""
    unit = chosen_unit(upload)
    _evidence(upload)
    settings = upload.server.settings
    return await upload.run(check_files, upload.files_dir, unit=unit, settings=settings, cancel=upload.cancel)


async def learner_outcome(upload: Upload) -> LearnerOutcome:
    """Check the uploaded evidence files; the report with its views (for the page)."""
    unit = chosen_unit(upload)
    audience = chosen_audience(upload)
    _evidence(upload)
    settings = upload.server.settings

    def work() -> LearnerOutcome:
        if audience == "assessor":  # the assessor's page shows how the rules decided each verdict
            report, lines = check_files_explained(upload.files_dir, unit=unit, settings=settings,
                                                  cancel=upload.cancel)
            return learner_views(report, audience=audience, explanations=lines)
        report = check_files(upload.files_dir, unit=unit, settings=settings, cancel=upload.cancel)
        return learner_views(report, audience=audience)

    return await upload.run(work)


def _cohort_zip(upload: Upload) -> None:
    if not upload.form.files_of("cohort"):
        raise WebError("E328", detail="no file was uploaded")


async def cohort_outcome(upload: Upload, *, views: bool) -> CohortOutcome:
    """Unpack and check the uploaded cohort zip; with ``views``, render the grid and downloads too."""
    unit = chosen_unit(upload)
    _cohort_zip(upload)
    settings = upload.server.settings
    zip_path = upload.form.files_of("cohort")[0].path

    def work() -> CohortOutcome:
        result, grid = check_cohort(zip_path, upload.folder, unit=unit, settings=settings, cancel=upload.cancel)
        if views:
            return cohort_views(result, grid, upload.folder)
        return CohortOutcome(result, grid, "", ())

    return await upload.run(work)

"""The JSON Schema of the report contract, shipped with the package.

``report.schema.json`` is written by hand from the report contract, not
generated from the pydantic models, so that the tests can hold the models to
the contract (and not the other way round). Tools that consume reports can
validate against it::

    import json, jsonschema
    from evidencecheck.report.schema import report_schema

    jsonschema.validate(json.load(open("report.json")), report_schema())
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

#: File name of the schema inside the ``evidencecheck.report`` package.
SCHEMA_FILE = "report.schema.json"


@cache
def _schema_text() -> str:
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report with ``schema_version`` "3"; a fresh copy."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema

"""No view of a report, and no cohort file, shows a personal-data value that was flagged, in full.

One portfolio full of personal data goes through the real engine once (the shared pipeline); every
format is rendered from that report, and every output is searched for each full value.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from evidencecheck.api import check_portfolio
from evidencecheck.cohort.csv_grid import render_grid_csv
from evidencecheck.cohort.grid import build_grid
from evidencecheck.cohort.html import render_grid_html
from evidencecheck.cohort.model import Cohort, CohortResult, CriterionRef, Learner, LearnerResult
from evidencecheck.cohort.summary import build_summary, render_summary_json
from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.report.render import render, render_terminal_text
from evidencecheck.rules.registry import load_unit

UNIT = "lead-team-improve-service"
VALUES = {
    "customer_name": "Peter Grant",
    "email": "peter.grant@example.co.uk",
    "phone": "07700 900123",
    "postcode": "BS1 4DJ",
    "card_number": "4929 1234 5678 1236",
    "bank_account": "20-45-77 account 41234567",
    "ni_number": "JG 12 34 56 C",
    "date_of_birth": "12/03/1985",
}
ACCOUNT = f"""Reflective account

On 11 April the customer, {VALUES['customer_name']}, rang about his bill and I coached Sam through the call.
I asked the team to stop transferring customers, and I checked the complaint data before agreeing the change
with my manager. He gave his email {VALUES['email']} and phone {VALUES['phone']}; his postcode is
{VALUES['postcode']} and DOB: {VALUES['date_of_birth']}.
He read out card {VALUES['card_number']} and sort code {VALUES['bank_account']}, and NI {VALUES['ni_number']}.
I explained to Sam that we never take card numbers on a call and I reported it to quality on 12 April 2024.
"""
WITNESS = f"""Witness testimony

Witness: Graham Oduya, Head of Collections
Date: 17 June 2024

I observed the call with {VALUES['customer_name']} about his account on 11 April 2024 and I saw the learner coach Sam.
Signed: G. Oduya
"""


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    # a file name can hold personal data too
    docs = (parse_string(ACCOUNT, name=f"reflective-account-{VALUES['email']}.txt"),
            parse_string(WITNESS, name="witness-testimony.txt"))
    return check_portfolio(Portfolio(documents=docs), ruleset=load_unit(UNIT), as_of=dt.date(2026, 12, 4))


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def _outputs(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    outputs: dict[str, str] = {}
    for fmt in ("json", "html", "markdown", "csv"):
        for audience in ("learner", "assessor"):
            text = render(report, fmt, audience=audience)
            assert isinstance(text, str)
            outputs[f"{fmt}-{audience}"] = text
    for audience in ("learner", "assessor"):
        data = render(report, "docx", audience=audience)
        assert isinstance(data, bytes)
        outputs[f"docx-{audience}"] = _docx_text(data)
        outputs[f"terminal-{audience}"] = render_terminal_text(report, audience=audience, verbose=True)
    # a cohort of two learners whose evidence is the same: shared passages are flagged, and the grid masks too
    learners = tuple(Learner(name, Path(f"/cohort/{name}")) for name in ("amy", "ben"))
    ruleset = load_unit(UNIT)
    result = CohortResult(
        cohort=Cohort(Path("/cohort"), learners), unit_id=UNIT, unit_title=ruleset.title, ruleset_version="1",
        criteria=tuple(CriterionRef(c.id, c.text, c.name, tuple(c.refs)) for c in ruleset.criteria),
        learners=tuple(LearnerResult(learner, report) for learner in learners))
    grid = build_grid(result)
    outputs["cohort-csv"] = render_grid_csv(grid)
    outputs["cohort-html"] = render_grid_html(grid)
    outputs["cohort-json"] = render_summary_json(build_summary(result, grid))
    return outputs


def test_every_kind_was_flagged_and_masked(report) -> None:  # type: ignore[no-untyped-def]
    assert report.checks is not None
    kinds = {f.kind for f in report.checks.personal_data.findings}
    assert kinds == set(VALUES)
    card = next(f for f in report.checks.personal_data.findings if f.kind == "card_number")
    assert card.masked == "4929 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1236"


def test_no_format_shows_a_full_value(report) -> None:  # type: ignore[no-untyped-def]
    outputs = _outputs(report)
    leaks = [(name, kind) for name, text in outputs.items() for kind, value in VALUES.items()
             if value in text or value.replace(" ", "") in text.replace(" ", "")]
    assert leaks == []
    # each view does show the checks (the test would pass vacuously on a view that dropped them)
    for name, text in outputs.items():
        if not name.startswith(("csv", "cohort")):
            assert "4929 \u2022\u2022\u2022\u2022" in text, name
    assert "Shared passages" in outputs["cohort-html"] and "witness-testimony.txt = " in outputs["cohort-html"]
    assert "check_personal_data" in outputs["cohort-csv"]


def test_the_witness_testimony_is_judged_and_the_reflective_account_read(report) -> None:  # type: ignore[no-untyped-def]
    auth = report.checks.authenticity
    [witness] = auth.witnesses
    assert witness.ok and witness.witness == "Graham Oduya"
    [account] = auth.reflective
    assert account.judged and account.first_person >= 3 and account.past >= 3 and account.ok


def test_untrusted_text_in_the_checks_is_escaped_in_every_view(escaped_in_every_view) -> None:
    hostile = "<img src=x onerror=alert(1)> [bold]x[/bold] **y**"
    text = f"Witness testimony\n\nWitness: {hostile}\nDate: 17 June 2024\n\nI observed Sam coach Ali on 3 June 2024.\n"
    report = check_portfolio(Portfolio(documents=(parse_string(text, name="witness-testimony.txt"),)),
                             ruleset=load_unit(UNIT), as_of=dt.date(2026, 12, 4))
    assert report.checks is not None and report.checks.authenticity.witnesses[0].witness == hostile
    escaped_in_every_view(report)

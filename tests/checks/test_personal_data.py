"""Personal data: each kind found with its location and a hint, always masked; look-alikes are not flagged."""

from __future__ import annotations

import pytest

from evidencecheck.checks.personal_data import find_in_text, find_personal_data, luhn_ok, mask_text
from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_in_text(text)]


@pytest.mark.parametrize("text, kind, value", [
    ("Her email is jo.smith@example.co.uk if needed.", "email", "jo.smith@example.co.uk"),
    ("He rang back on 07700 900123 later.", "phone", "07700 900123"),
    ("Call +44 (0)20 7946 0018 to confirm.", "phone", "+44 (0)20 7946 0018"),
    ("She lives at 4 Mill Lane, BS1 4DJ.", "postcode", "BS1 4DJ"),
    ("The card 4929 1234 5678 1236 was declined.", "card_number", "4929 1234 5678 1236"),
    ("Sort code 20-45-77 account 41234567 was wrong.", "bank_account", "20-45-77 account 41234567"),
    ("His NI number is JG 12 34 56 C.", "ni_number", "JG 12 34 56 C"),
    ("DOB: 12/03/1985 was checked.", "date_of_birth", "12/03/1985"),
    ("Mrs Janet Hughes rang about her account balance.", "customer_name", "Mrs Janet Hughes"),
    ("The customer, Peter Grant, asked about his bill.", "customer_name", "Peter Grant"),
])
def test_each_kind_is_found_and_masked(text: str, kind: str, value: str) -> None:
    found = find_in_text(text)
    assert [(f.kind, f.value) for f in found] == [(kind, value)]
    masked = mask_text(text)
    assert value not in masked and "\u2022" in masked


@pytest.mark.parametrize("text", [
    "The card 4929 1234 5678 1234 was declined.",   # fails the Luhn check
    "I coached Jordan on account handling.",         # a team member, not a customer
    "I coached Jordan after a customer complained about their account.",
    "Our Customer Promise asks for ownership of every account query.",
    "On 12-05-24 we met; AHT was 6:40 and conversion 12.5%.",  # a date, not a sort code
    "Calls rose from 1200 to 1350 in Q2 2024.",
    "Mr Patel chaired the huddle on Monday.",        # a title, but no account details
])
def test_look_alikes_are_not_personal_data(text: str) -> None:
    assert kinds(text) == []


def test_luhn() -> None:
    assert luhn_ok("4929123456781236") and not luhn_ok("4929123456781234")


def test_card_mask_keeps_first_and_last_four() -> None:
    assert mask_text("card 4929 1234 5678 1236.") == "card 4929 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1236."


def test_findings_say_where_and_how_to_redact_and_never_hold_the_value() -> None:
    doc = parse_string("Notes\n\nThe customer, Peter Grant, gave card 4929 1234 5678 1236 for his bill.",
                       name="call-notes.txt")
    result = find_personal_data(Portfolio(documents=(doc,)))
    assert {f.kind for f in result.findings} == {"customer_name", "card_number"}
    for f in result.findings:
        assert f.document == "call-notes.txt" and f.location.startswith("paragraph")
        assert f.hint and "Peter Grant" not in f.masked and "1234 5678" not in f.masked
    assert [p.code for p in result.problems] == ["W530"]
    assert "Peter Grant" not in repr(result) and "4929 1234 5678 1236" not in repr(result)


def test_a_witness_own_contact_details_are_not_findings_but_a_customer_in_the_testimony_is() -> None:
    text = ("Witness testimony\n\nWitness: Sue Kaye\nContact: s.kaye@example.co.uk, 07700 900123\n\n"
            "I saw Sam help the customer, Peter Grant, with his account.")
    doc = parse_string(text, name="witness-testimony.txt")
    result = find_personal_data(Portfolio(documents=(doc,)), witness_documents=frozenset({doc.path}))
    assert [f.kind for f in result.findings] == ["customer_name"]
    assert {f.kind for f in find_personal_data(Portfolio(documents=(doc,))).findings} == {
        "email", "phone", "customer_name"}

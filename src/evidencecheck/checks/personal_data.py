"""Personal data in evidence (GDPR): find it, say where, and never show it in full.

Assessors refer portfolios that name real customers or carry their details
(real-units.md, "why evidence gets referred", 8). This check finds email addresses, UK
phone numbers, postcodes, payment card numbers (only those that pass the Luhn check),
sort code and account number pairs, National Insurance numbers, dates of birth (a date
after "date of birth" or "DOB"), and customers' names where the same sentence gives
account context ("Mrs Hughes rang about her account"). A team member's name ("I coached
Jordan") is not a customer's: a name counts only with a title or after a word for a
customer, and only beside account details.

Detection is plain text (no parser), so :func:`mask_text` can run the same detectors over
every string a report is about to show and mask whatever is there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Portfolio
from .mask import keep_ends, mask_email, mask_name
from .model import PersonalData, PersonalDataFinding, PersonalDataKind, Problem

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,5}")
# 07700 900123, 0117 496 0000, 020 7946 0018, +44 7700 900123, +44 (0)20 7946 0018
_PHONE = re.compile(r"(?<![\w+.,/-])(?:\+44[ -]?(?:\(0\)[ -]?)?|0)[1-37-9](?:[ -]?\d){8,9}(?![\w.,/-]?\d)")
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{1,2}[0-9][A-Z0-9]?) ?[0-9][A-Z]{2}(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_SORT_CODE = re.compile(r"(?<![\d-])\d{2}([- ])\d{2}\1\d{2}(?![\d-])")
_ACCOUNT = re.compile(r"(?<!\d)\d{8}(?!\d)")
_SORT_LABEL = re.compile(r"sort[ -]?code", re.IGNORECASE)
_NI = re.compile(r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])")
_DATE_VALUE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)? [A-Za-z]{3,9},? \d{4}|"
               r"[A-Za-z]{3,9} \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{4}-\d{2}-\d{2})")
_DOB = re.compile(rf"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?)\s*[:\-]?\s*({_DATE_VALUE})", re.IGNORECASE)
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
_NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_TITLED = re.compile(rf"\b{_TITLE} (?:{_NAME_WORD} )?{_NAME_WORD}\b")
# lower case on purpose: a capitalised "Customer" is usually part of a name ("Customer Promise", "Customer Service")
_CUSTOMER_WORDS = r"(?:customer|caller|client|account[ -]holder|policy[ -]?holder|service user|bill payer|cardholder)"
_AFTER_CUSTOMER = re.compile(rf"\b{_CUSTOMER_WORDS}(?:'s)?,?\s(?:(?:called|named|was)\s)?({_NAME_WORD}(?: {_NAME_WORD})?)\b")
_ACCOUNT_CONTEXT = re.compile(
    r"\b(?:account|acc(?:ount)? ?no|policy (?:no|number)|reference|ref(?: no)?|address|postcode|card|balance|bill|"
    r"arrears|payment|direct debit|meter|tariff|date of birth|dob|phone number|mobile number|email address)\b",
    re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
# words that follow "customer" but are not names ("the customer Service team", "Customer Experience")
_NOT_NAMES = frozenset({
    "service", "services", "experience", "satisfaction", "care", "support", "journey", "team", "feedback",
    "contact", "relations", "first", "success", "insight", "insights", "hub", "charter", "effort", "complaints",
    "i", "we", "he", "she", "they", "it", "the", "a", "an", "and", "on", "in", "at", "for", "to", "with", "our",
    "my", "their", "his", "her", "was", "had", "has", "said", "asked", "called", "rang", "who", "that", "this",
})

_HINTS: dict[PersonalDataKind, str] = {
    "email": "Delete the email address or replace it with [email removed].",
    "phone": "Delete the phone number or replace it with [phone removed].",
    "postcode": "Remove the postcode; a town is enough, if anything.",
    "card_number": "Remove the card number completely; evidence never needs it.",
    "bank_account": "Remove the sort code and account number.",
    "ni_number": "Remove the National Insurance number.",
    "date_of_birth": "Remove the date of birth.",
    "customer_name": "Replace the customer's name with initials or 'the customer'.",
}
_NAMES: dict[PersonalDataKind, str] = {
    "email": "an email address", "phone": "a phone number", "postcode": "a postcode",
    "card_number": "a payment card number", "bank_account": "a sort code and account number",
    "ni_number": "a National Insurance number", "date_of_birth": "a date of birth",
    "customer_name": "a customer's name with their account details",
}


@dataclass(frozen=True)
class Found:
    """One value found in a text: its kind and character span (never leaves this module unmasked)."""

    kind: PersonalDataKind
    start: int
    end: int
    value: str


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check that every payment card number passes."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mask(kind: PersonalDataKind, value: str) -> str:
    """``value`` masked as its kind is shown in reports."""
    if kind == "email":
        return mask_email(value)
    if kind == "card_number":
        return keep_ends(value, 4, 4)
    if kind == "phone":
        return keep_ends(value, 2, 3)
    if kind == "postcode":
        outward, _, inward = value.partition(" ")
        return f"{outward} {keep_ends(inward, 0, 0)}" if inward else keep_ends(value, 2, 0)
    if kind == "bank_account":
        return keep_ends(value, 0, 4, digits_only=True)
    if kind == "ni_number":
        return keep_ends(value, 2, 0)
    if kind == "date_of_birth":
        return keep_ends(value, 0, 0)
    return mask_name(value)


def _overlaps(found: list[Found], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in found)


def find_in_text(text: str) -> list[Found]:
    """Every personal-data value in ``text``, in order; a longer or more specific find wins a clash."""
    found: list[Found] = []

    def add(kind: PersonalDataKind, start: int, end: int) -> None:
        if not _overlaps(found, start, end):
            found.append(Found(kind, start, end, text[start:end]))

    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end())
    for m in _DOB.finditer(text):
        add("date_of_birth", m.start(1), m.end(1))
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and len(set(digits)) > 1:
            add("card_number", m.start(), m.end())
    for m in _SORT_CODE.finditer(text):
        after = _ACCOUNT.search(text, m.end(), min(len(text), m.end() + 40))
        labelled = _SORT_LABEL.search(text, max(0, m.start() - 30), m.start())
        if after is not None and (labelled or re.fullmatch(r"[\s,;/]*(?:a/?c|acc(?:ount)?(?: no\.?| number)?)?[\s:.]*",
                                                           text[m.end():after.start()], re.IGNORECASE)):
            add("bank_account", m.start(), after.end())
    for m in _NI.finditer(text):
        add("ni_number", m.start(), m.end())
    for m in _PHONE.finditer(text):
        add("phone", m.start(), m.end())
    for m in _POSTCODE.finditer(text):
        add("postcode", m.start(), m.end())
    for sent in _SENTENCE.finditer(text):
        if not _ACCOUNT_CONTEXT.search(sent.group()):
            continue
        for m in _TITLED.finditer(text, sent.start(), sent.end()):
            add("customer_name", m.start(), m.end())
        for m in _AFTER_CUSTOMER.finditer(text, sent.start(), sent.end()):
            words = m.group(1).split()
            while words and words[-1].lower() in _NOT_NAMES:
                words.pop()
            if words and words[0].lower() not in _NOT_NAMES and m.group(1)[0].isupper():
                add("customer_name", m.start(1), m.start(1) + len(" ".join(words)))
    return sorted(found, key=lambda f: f.start)


def mask_text(text: str) -> str:
    """``text`` with every personal-data value in it masked."""
    found = find_in_text(text)
    if not found:
        return text
    out: list[str] = []
    at = 0
    for f in found:
        out.append(text[at:f.start])
        out.append(mask(f.kind, f.value))
        at = f.end
    out.append(text[at:])
    return "".join(out)


def _blocks(portfolio: Portfolio) -> Iterator[tuple[str, str, str]]:
    for doc in portfolio.documents:
        for block in doc.blocks:
            yield doc.path, block.location, block.text


#: A witness records their own contact details (real-units.md, "Witness testimony"): in a witness
#: testimony an email address or phone number is the witness's, asked for, not a customer's.
WITNESS_CONTACT_KINDS = frozenset({"email", "phone"})


def find_personal_data(portfolio: Portfolio, *, witness_documents: frozenset[str] = frozenset()) -> PersonalData:
    """Every personal-data value in the portfolio's documents, masked, with where it is and how to redact it.

    In ``witness_documents`` (witness testimonies) email addresses and phone numbers are the witness's
    contact details and are not findings (reports still show them masked).
    """
    findings = [
        PersonalDataFinding(kind=f.kind, document=path, location=location, masked=mask(f.kind, f.value),
                            hint=_HINTS[f.kind])
        for path, location, text in _blocks(portfolio) for f in find_in_text(text)
        if not (path in witness_documents and f.kind in WITNESS_CONTACT_KINDS)
    ]
    problems: list[Problem] = []
    for path in dict.fromkeys(f.document for f in findings):
        kinds = sorted({_NAMES[f.kind] for f in findings if f.document == path})
        count = sum(f.document == path for f in findings)
        problems.append(Problem.of("W530", path=path, count=count, kinds=", ".join(kinds)))
    return PersonalData(tuple(findings), tuple(problems))





def personal_values(portfolio: Portfolio) -> dict[str, str]:
    """Each personal-data value of the portfolio, full, to its masked form: only for masking a report's text
    (:func:`evidencecheck.report.redact.redact_report`), never to be shown."""
    return {f.value: mask(f.kind, f.value) for d in portfolio.documents for b in d.blocks for f in find_in_text(b.text)}
__all__ = ["Found", "find_in_text", "find_personal_data", "luhn_ok", "mask", "mask_text", "personal_values"]

"""The report's ``checks`` section as plain lines, shared by every view (terminal, HTML, Markdown, DOCX).

Each view escapes the lines for its own format; the wording lives here once. Personal data
is already masked in the report (:mod:`evidencecheck.report.redact`), so nothing here can
show a full value.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.model import Checks


@dataclass(frozen=True)
class CheckSection:
    """One check: a title, a one-line verdict and the lines under it."""

    title: str
    verdict: str
    lines: tuple[str, ...]


def _authenticity(checks: Checks) -> CheckSection:
    a = checks.authenticity
    lines: list[str] = []
    for w in a.witnesses:
        who = ", ".join(x for x in (w.witness, w.role) if x) or "witness not named"
        facts = f"dated {w.date}" if w.date else "not dated"
        facts += ", signed" if w.signed else (", declared" if w.declaration else ", not signed")
        lines.append(f"Witness testimony {w.document} ({who}; {facts}; {w.observed} sentence(s) of observed activity)"
                     + (": sound." if w.ok else ":"))
        lines += [f"  {p.code} {p.message}" for p in w.problems]
    for r in a.records:
        state = ("dated" if r.dated else "not dated") + (", signed" if r.signed else ", not signed")
        lines.append(f"Record {r.document} ({r.evidence_type.replace('-', ' ')}; {state})" + (": sound." if r.ok else ":"))
        lines += [f"  {p.code} {p.message}" for p in r.problems]
    for x in a.reflective:
        if not x.judged:
            lines.append(f"Reflective account {x.document}: its tense could not be read (no parser).")
            continue
        lines.append(f"Reflective account {x.document} ({x.first_person} of {x.sentences} sentences first person, "
                     f"{x.past} about what was done, {x.hypothetical} 'I would')" + (": sound." if x.ok else ":"))
        lines += [f"  {p.code} {p.message}" for p in x.problems]
        lines += [f"  e.g. \u201c{e.text}\u201d ({e.location})" for e in x.examples]
    verdict = "nothing to refer" if not a.problems else f"{a.problems} document(s) to fix"
    if not lines:
        lines.append("No witness testimony, record or reflective account was found.")
    return CheckSection("Authenticity (witness testimonies, records, reflective accounts)", verdict, tuple(lines))


def _currency(checks: Checks) -> CheckSection:
    c = checks.currency
    if c is None:
        return CheckSection("Currency (dates)", "not checked", ())
    span = f"from {c.earliest} to {c.latest}" if c.earliest else "no dates found"
    lines = [f"Evidence spans {span} (checked on {c.as_of}; older than {c.max_age_years} years is flagged)."]
    lines += [f"{d.document}: {d.earliest} to {d.latest} ({d.count} date(s))" if d.count else f"{d.document}: no date"
              for d in c.documents]
    lines += [f"{p.code} {p.message}" for p in c.problems]
    return CheckSection("Currency (dates)", "nothing to refer" if not c.problems else f"{len(c.problems)} finding(s)",
                        tuple(lines))


def _claims(checks: Checks) -> CheckSection:
    m = checks.claimed_mapping
    if not m.tags:
        advice = ("The evidence carries no AC references (e.g. 'AC 1.2'). Reference each item to the "
                  "criteria it shows.")
        return CheckSection("Claimed mapping (AC references)", "no references found", (advice,))
    lines = [f"{len(m.tags)} reference(s) found: " + "; ".join(f"{t.text} ({t.document})" for t in m.tags[:20])]
    lines += [f"{p.code} {p.message}" for p in m.problems]
    verdict = "claims agree with the evidence" if not m.problems else f"{len(m.problems)} finding(s)"
    return CheckSection("Claimed mapping (AC references)", verdict, tuple(lines))


def _personal(checks: Checks) -> CheckSection:
    p = checks.personal_data
    lines = [f"{f.kind.replace('_', ' ')} {f.masked} in {f.document}, {f.location}. {f.hint}" for f in p.findings]
    lines += [f"{x.code} {x.message}" for x in p.problems]
    verdict = "none found" if not p.findings else f"{len(p.findings)} item(s) to anonymise"
    return CheckSection("Personal data (GDPR)", verdict, tuple(lines))


def _relevance(checks: Checks) -> CheckSection:
    r = checks.relevance
    lines = tuple(f"{p.code} {p.message}" for p in r.problems)  # each names its document and the figures
    return CheckSection("Relevance (documents not about your work)", f"{len(r.unrelated)} document(s) left out", lines)


def check_sections(checks: Checks | None) -> list[CheckSection]:
    """The checks section of a report, in reading order (empty when the report has none).

    Relevance comes first, and only when a document was left out as not about the learner's
    work: it says why that document's text counted for nothing in everything below.
    """
    if checks is None:
        return []
    first = [_relevance(checks)] if checks.relevance.unrelated else []
    return [*first, _authenticity(checks), _currency(checks), _claims(checks), _personal(checks)]


__all__ = ["CheckSection", "check_sections"]

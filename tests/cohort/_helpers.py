"""Builders shared by the cohort tests: an invented unit and small cohorts of invented text."""

from __future__ import annotations

from pathlib import Path

from evidencecheck.report.model import (
    CriterionEntry,
    DocumentEntry,
    Report,
    Summary,
    ToolInfo,
    UnitInfo,
)

UNIT = "tidy-office"
# (criterion id, text, object word, action words): each criterion is met by one first-hand
# sentence naming the object and the action.
CRITERIA = (
    ("desk-cleared", "Clears the desk at the end of the day.", "desk", ["clear", "tidy"]),
    ("bins-emptied", "Empties the bins.", "bin", ["empty"]),
    ("plants-watered", "Waters the plants.", "plant", ["water"]),
)
CRITERION_IDS = [c[0] for c in CRITERIA]

ALL_MET = "I cleared my desk every evening. I emptied the bins on Friday. I watered the plants on Monday.\n"
ONE_MET = "I tidied the desk before leaving.\n"
NONE_MET = "The kettle in the kitchen is new.\n"


def write_rules(directory: Path) -> Path:
    """Write the invented ``tidy-office`` unit into ``directory`` and return it."""
    lines = ['id: tidy-office', 'title: Keep the office tidy', 'version: "0.1"', 'criteria:']
    for cid, text, noun, verbs in CRITERIA:
        lines += [
            f"  - id: {cid}", f"    name: {cid}", f"    text: {text}",
            "    good_answer: Says the learner did it.", "    common_mistake: Says nothing about it.",
            "    advice:", "      missing: Say when you did it.", "      at_risk: Say that you did it yourself.",
            "    elements:", "      - id: done", "        text: Done by the learner", "        all:",
            f"          - phrases: [{noun}]", f"          - phrases: [{', '.join(verbs)}]",
        ]
    lines.append("mistakes: []")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{UNIT}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def learner(cohort: Path, name: str, files: dict[str, str | bytes]) -> Path:
    """Create learner folder ``name`` in ``cohort`` holding ``files``."""
    folder = cohort / name
    folder.mkdir(parents=True, exist_ok=True)
    for filename, content in files.items():
        path = folder / filename
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


BROKEN_FILES: dict[str, str | bytes] = {
    "minutes.docx": b"PK\x03\x04\x14\x00\x00\x00 this zip stops here",
    "stats.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog",
}


def fake_report(statuses: list[str] | dict[str, str], *, documents: list[DocumentEntry] | None = None,
                mistakes_detected: int = 0) -> Report:
    """A contract-shaped report with the given criterion statuses (no NLP involved)."""
    if isinstance(statuses, list):
        statuses = dict(zip(CRITERION_IDS, statuses))
    criteria = [
        CriterionEntry(id=cid, text=cid, status=status, confidence=0.5, reasons=[], elements=[], evidence=[])
        for cid, status in statuses.items()
    ]
    return Report(
        tool=ToolInfo(version="0"), unit=UnitInfo(id=UNIT, title="Keep the office tidy", ruleset_version="0.1"),
        documents=documents if documents is not None else [
            DocumentEntry(path="notes.txt", format="txt", status="ok", words=10)
        ],
        criteria=criteria, mistakes=[],
        summary=Summary(met=sum(s == "met" for s in statuses.values()),
                        at_risk=sum(s == "at_risk" for s in statuses.values()),
                        missing=sum(s == "missing" for s in statuses.values()),
                        mistakes_detected=mistakes_detected),
    )

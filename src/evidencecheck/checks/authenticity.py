"""Authenticity (VARCS): witness testimonies, monitoring records and minutes, reflective accounts.

* A **witness testimony** names the witness, their role and relationship to the learner, is dated,
  signed or carries a declaration ("I can confirm..."), and describes activity the witness saw.
  A character reference ("a lovely person to work with") is not evidence
  (real-units.md, "Witness testimony").
* A **monitoring record or minutes** (a coaching log, a one-to-one, a review, minutes) is dated; it
  is signed where the unit's rules take such a record as evidence by its being there.
* A **reflective account** is in the first person and tells what the learner did (past tense);
  "I would..." throughout is referred. This reads the parser's subjects and tenses
  (:mod:`evidencecheck.nlp.voice`), given here as plain :class:`~evidencecheck.voice.SentenceVoice` values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from ..matches import DocumentFacts
from ..model import Document, Portfolio
from ..voice import SentenceVoice
from .model import Authenticity, Excerpt, Problem, RecordCheck, ReflectiveCheck, WitnessCheck
from .text import labelled, sentences, signed

WITNESS_TYPE = "witness-testimony"
REFLECTIVE_TYPE = "reflective-account"
#: Evidence types that are records of monitoring or meetings.
RECORD_TYPES = frozenset({"meeting-minutes", "one-to-one-record", "coaching-log", "appraisal", "observation"})

_I = re.IGNORECASE
_ROLE_LABEL = r"(?:witness(?:'s)? )?(?:role|job title|position|designation|title)"
_NAME_LABEL = r"(?:witness(?: name)?|name of witness|witness's name|name)"
_RELATION_LABEL = r"(?:relationship(?: to (?:the )?(?:learner|candidate|apprentice))?|how (?:do )?you know the (?:learner|candidate))"
_RELATION = re.compile(
    r"\b(?:I (?:have )?(?:been|am|was) (?:\w+'s |her |his |their |the )?(?:\w+ ){0,2}(?:manager|supervisor|team leader|"
    r"colleague|mentor|coach|director|head|lead)|I (?:have )?(?:line[- ])?manage[ds]?\b|I (?:have )?known\b|"
    r"I (?:have )?work(?:ed)? (?:with|alongside)\b|reports? (?:directly )?to me\b|as (?:her|his|their|the learner's) "
    r"(?:\w+ ){0,2}(?:manager|supervisor|colleague|mentor))", _I)
_DATE = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? \d{4}|"
                   r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?,? \d{4}|"
                   r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\b", _I)
_DECLARATION = re.compile(r"\bI (?:can |hereby )?(?:confirm|declare|certify)\b|\b(?:true|accurate|genuine) "
                          r"(?:and (?:accurate|true) )?(?:account|record|reflection|statement)\b|\bauthentic\b", _I)
# the witness saw, heard or was there: "I observed", "I sat in on", "I attended", "I listened to"
_OBSERVED = re.compile(
    r"\bI (?:have |had )?(?:personally |also |often |regularly )?(?:observed|saw|seen|watched|witnessed|heard|"
    r"listened|attended|sat (?:in|with|alongside)|was present|joined|reviewed|checked|looked at|received|approved|"
    r"noticed)\b|\bin my presence\b", _I)
_CHARACTER = re.compile(
    r"\b(?:lovely|nice|pleasant|kind|friendly|caring|bubbly|cheerful|polite|punctual|reliable|trustworthy|honest|"
    r"hard[- ]?working|hardworking|dedicated|conscientious|approachable|easy to work with|pleasure to work with|"
    r"great (?:person|asset|colleague)|an asset|a credit to|team player|positive attitude|always (?:happy|willing|smiling)|"
    r"recommend \w+ (?:highly|without hesitation)|can't speak highly enough|cannot speak highly enough)\b", _I)


def _is(facts: DocumentFacts, document: Document, kind: str, name_word: str) -> bool:
    """Whether a document is of ``kind``: its best type, or a named one ("witness-..." in the file name).
    A document not about the learner's work is of no kind here (W570 names it)."""
    if not facts.evidence_types or not facts.related:
        return False
    named = name_word in (PurePath(document.path).stem + " " + document.title).lower()
    return facts.evidence_types[0] == kind or (named and kind in facts.evidence_types)


def _observed_voices(voices: Sequence[SentenceVoice]) -> int:
    """Sentences that tell something that happened (past tense, any subject: "Sam ran the huddle on 13 May",
    "I observed..."), leaving out praise and the witness's own history with the learner."""
    return sum(1 for v in voices if (v.tense == "past" or _OBSERVED.search(v.text))
               and not _CHARACTER.search(v.text) and not _RELATION.search(v.text))


def judge_witness(document: Document, voices: Sequence[SentenceVoice] = ()) -> WitnessCheck:
    """A witness testimony's VARCS facts and what an assessor would refer it for.

    With the parser's ``voices`` of the testimony, a sentence in the past tense describing what the
    learner did counts as observed activity; without them, only the witness saying they saw, attended
    or reviewed something does.
    """
    witness = labelled(document, _NAME_LABEL)
    name_line = witness.split(",")[0].strip() if witness else None
    role = labelled(document, _ROLE_LABEL)
    if role is None and witness and "," in witness:  # "Witness: Graham Oduya, Head of Collections"
        role = witness.split(",", 1)[1].strip() or None
    relationship = labelled(document, _RELATION_LABEL)
    observed = character = 0
    declaration = False
    for _, sentence in sentences(document):
        if relationship is None and _RELATION.search(sentence):
            relationship = sentence
        if _DECLARATION.search(sentence):
            declaration = True
        if _OBSERVED.search(sentence):
            observed += 1
        elif _CHARACTER.search(sentence):
            character += 1
    if voices:
        observed = max(observed, _observed_voices(voices))
    date = None
    m = _DATE.search(document.text)
    if m:
        date = m.group()
    is_signed = signed(document)
    path = document.path
    problems: list[Problem] = []
    if not name_line:
        problems.append(Problem.of("W501", path=path))
    if not role and not relationship:
        problems.append(Problem.of("W502", path=path))
    if not date:
        problems.append(Problem.of("W503", path=path))
    if not is_signed and not declaration:
        problems.append(Problem.of("W504", path=path))
    if observed == 0 and character > 0:
        problems.append(Problem.of("W505", path=path, count=character))
    elif observed == 0:
        problems.append(Problem.of("W506", path=path))
    return WitnessCheck(document=path, witness=name_line, role=role, relationship=relationship, date=date,
                        signed=is_signed, declaration=declaration, observed=observed, character=character,
                        problems=tuple(problems))


def judge_record(document: Document, facts: DocumentFacts, evidence_type: str, *,
                 signature_expected: bool) -> RecordCheck:
    """Whether a monitoring record or minutes is dated, and signed where a signature is expected."""
    dated = facts.dated or bool(_DATE.search(document.text))
    is_signed = signed(document)
    problems: list[Problem] = []
    what = evidence_type.replace("-", " ")
    if not dated:
        problems.append(Problem.of("W511", path=document.path, what=what))
    if signature_expected and not is_signed:
        problems.append(Problem.of("W512", path=document.path, what=what))
    return RecordCheck(document=document.path, evidence_type=evidence_type, dated=dated, signed=is_signed,
                       signature_expected=signature_expected, problems=tuple(problems))


#: A reflective account needs this many sentences with a verb before its voice is judged.
MIN_SENTENCES = 3
_EXAMPLES = 3


def judge_reflective(path: str, voices: Sequence[SentenceVoice]) -> ReflectiveCheck:
    """A reflective account's voice: is it first person, and about what was done rather than what might be?"""
    if not voices:
        return ReflectiveCheck(document=path, sentences=0, first_person=0, past=0, hypothetical=0, judged=False)
    voices = [v for v in voices if v.tense != "none"]  # labels and table cells have no voice
    if not voices:
        return ReflectiveCheck(document=path, sentences=0, first_person=0, past=0, hypothetical=0, judged=False)
    first = [v for v in voices if v.first_person]
    past = sum(v.tense == "past" for v in first)
    hypothetical = [v for v in first if v.tense == "hypothetical"]
    problems: list[Problem] = []
    if len(voices) >= MIN_SENTENCES and len(first) * 4 < len(voices):
        problems.append(Problem.of("W521", path=path, first=len(first), total=len(voices)))
    if len(hypothetical) >= 2 and len(hypothetical) >= past:
        problems.append(Problem.of("W522", path=path, hypothetical=len(hypothetical), past=past))
    elif len(first) >= 5 and past == 0:
        problems.append(Problem.of("W523", path=path))
    examples = tuple(Excerpt(v.document, v.location, v.text) for v in hypothetical[:_EXAMPLES]) if problems else ()
    return ReflectiveCheck(document=path, sentences=len(voices), first_person=len(first), past=past,
                           hypothetical=len(hypothetical), judged=True, examples=examples, problems=tuple(problems))


def witness_paths(portfolio: Portfolio, facts: Sequence[DocumentFacts]) -> frozenset[str]:
    """The documents judged as witness testimonies."""
    return frozenset(d.path for d, f in zip(portfolio.documents, facts) if _is(f, d, WITNESS_TYPE, "witness"))


def voiced_paths(portfolio: Portfolio, facts: Sequence[DocumentFacts]) -> frozenset[str]:
    """The documents whose sentence voices the checks read: reflective accounts and witness testimonies."""
    return frozenset(d.path for d, f in zip(portfolio.documents, facts)
                     if _is(f, d, REFLECTIVE_TYPE, "reflect") or _is(f, d, WITNESS_TYPE, "witness"))


def check_authenticity(portfolio: Portfolio, facts: Sequence[DocumentFacts], voices: Iterable[SentenceVoice], *,
                       record_types: frozenset[str] = frozenset()) -> Authenticity:
    """Judge every witness testimony, record and reflective account of ``portfolio``.

    Args:
        portfolio: The parsed documents.
        facts: The matcher's facts about each document (its evidence types), in portfolio order.
        voices: The parser's sentence voices of the reflective accounts and witness testimonies
            (:func:`voiced_paths`).
        record_types: The evidence types the unit's rules take as evidence by their being there:
            records of these types are expected to be signed.
    """
    by_path: dict[str, list[SentenceVoice]] = {}
    for v in voices:
        by_path.setdefault(v.document, []).append(v)
    witnesses: list[WitnessCheck] = []
    records: list[RecordCheck] = []
    accounts: list[ReflectiveCheck] = []
    for document, fact in zip(portfolio.documents, facts):
        if _is(fact, document, WITNESS_TYPE, "witness"):
            witnesses.append(judge_witness(document, by_path.get(document.path, [])))
        elif _is(fact, document, REFLECTIVE_TYPE, "reflect"):
            accounts.append(judge_reflective(document.path, by_path.get(document.path, [])))
        elif fact.related and fact.evidence_types and fact.evidence_types[0] in RECORD_TYPES:
            kind = fact.evidence_types[0]
            records.append(judge_record(document, fact, kind, signature_expected=kind in record_types))
    return Authenticity(tuple(witnesses), tuple(records), tuple(accounts))


__all__ = ["RECORD_TYPES", "check_authenticity", "judge_record", "judge_reflective", "judge_witness",
           "voiced_paths", "witness_paths"]

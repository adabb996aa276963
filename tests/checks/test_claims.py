"""Claimed mapping: the learner's AC references read, mapped through the rule set's refs, and compared."""

from __future__ import annotations

from evidencecheck.assess.model import CriterionResult
from evidencecheck.checks.claims import check_claims, find_tags, shown_in
from evidencecheck.matches import DocumentFacts, ElementMatch, Evidence, Matches, Occurrence
from evidencecheck.model import Block, Document, Portfolio
from evidencecheck.parsers import parse_string

CRITERIA = (("plan", '["1.2", "1.3"]'), ("review", '["1.4"]'), ("lead", '["3.1"]'), ("motivate", "[LO2]"))


def result(cid: str, status: str, *documents: str) -> CriterionResult:
    evidence = tuple(Evidence(d, "paragraph 1", "quote", ("coach",)) for d in documents)
    return CriterionResult(cid, "t", status, 0.9, (), (), evidence)  # type: ignore[arg-type]


def test_shown_in_reads_every_accepted_occurrence_not_only_the_quoted_ones() -> None:
    occurrence = [Occurrence(i, 0, Evidence(f"d{i}.txt", "paragraph 1", "q", ("coach",))) for i in range(5)]
    matches = Matches("u", tuple(DocumentFacts(f"d{i}.txt", ("other",)) for i in range(5)), {
        "plan.e": ElementMatch("plan.e", "t", accepted=tuple(occurrence[:4]), rejected=(occurrence[4],)),
        "a-mistake.e": ElementMatch("a-mistake.e", "t", accepted=(occurrence[4],)),
    })
    assert shown_in(matches, ["plan", "review"]) == {"plan": {"d0.txt", "d1.txt", "d2.txt", "d3.txt"}, "review": set()}


def test_tags_in_the_ways_learners_write_them(refs_ruleset) -> None:
    doc = parse_string("Plan\n\nThis shows AC 1.2 and A.C. 1.4; also ACs 1.3, 3.1.\n\n1.4 \u2013 how I reviewed it\n\n"
                       "Covers LO2 and LO3.", name="account.txt")
    tags = find_tags(Portfolio(documents=(doc,)), refs_ruleset(CRITERIA))
    assert [t.refs for t in tags] == [("1.2",), ("1.4",), ("1.3", "3.1"), ("1.4",), ("LO2",), ("LO3",)]
    assert [t.criteria for t in tags] == [("plan",), ("review",), ("plan", "lead"), ("review",), ("motivate",),
                                          ("lead",)]


def test_a_mapping_table_column(refs_ruleset) -> None:
    blocks = (Block("Evidence", "table_cell", 0, table=1, row=1, column=1, column_header="Evidence"),
              Block("AC", "table_cell", 1, table=1, row=1, column=2, column_header="AC"),
              Block("Coaching log", "table_cell", 2, table=1, row=2, column=1, column_header="Evidence"),
              Block("1.4, 3.1", "table_cell", 3, table=1, row=2, column=2, column_header="AC"))
    doc = Document("mapping.docx", "docx", "Mapping", blocks)
    tags = find_tags(Portfolio(documents=(doc,)), refs_ruleset(CRITERIA))
    assert [(t.refs, t.location) for t in tags] == [(("1.4", "3.1"), "table 1, row 2, column 2")]


def test_unsupported_unclaimed_and_unmapped(refs_ruleset) -> None:
    docs = (parse_string("Account\n\nAC 1.2: I planned the rota.", name="a.txt"),
            parse_string("Log\n\nAC 1.4 and AC 9.9.", name="b.txt"))
    verdicts = [result("plan", "met", "a.txt"), result("review", "at_risk"), result("lead", "met", "b.txt"),
                result("motivate", "missing")]
    shown = {"plan": {"a.txt"}, "lead": {"b.txt"}}
    mapping = check_claims(Portfolio(documents=docs), refs_ruleset(CRITERIA), verdicts, shown)
    assert [(f.criterion, f.documents) for f in mapping.unsupported] == [("review", ("b.txt",))]
    assert [(f.criterion, f.documents) for f in mapping.unclaimed] == [("lead", ("b.txt",))]
    assert mapping.unmapped == ("9.9",)
    assert [p.code for p in mapping.problems] == ["W551", "W552", "W553"]


def test_no_tags_means_no_findings(refs_ruleset) -> None:
    mapping = check_claims(Portfolio(documents=(parse_string("I coached Sam.", name="a.txt"),)),
                           refs_ruleset(CRITERIA), [result("plan", "met", "a.txt")], {"plan": {"a.txt"}})
    assert mapping.tags == () and mapping.problems == ()

"""Context of a matched word: first-hand, negated, hypothetical, generic, future, someone else's."""

from __future__ import annotations

import pytest

from evidencecheck.nlp.context import FIRST_HAND, ContextClassifier, ContextResult
from evidencecheck.nlp.pipeline import get_nlp


@pytest.fixture(scope="module")
def classifier() -> ContextClassifier:
    return ContextClassifier(get_nlp())


def context_of(classifier: ContextClassifier, text: str, word: str) -> ContextResult:
    """Context of the first token whose text or norm key is ``word``."""
    doc = get_nlp()(text)
    i = next(t.i for t in doc if word in (t.lower_, t.norm_))
    return classifier.classify(doc, i, i + 1, classifier.cues(doc))


CASES = [
    # negated
    ("We did not hold one-to-ones last quarter.", "one", "negated"),
    ("I never coached Sam on his closing.", "coach", "negated"),
    ("The huddle was cancelled because of sickness.", "huddle", "negated"),
    ("The call reviews did not happen in March.", "review", "negated"),
    # hypothetical
    ("I would coach each advisor on their openings.", "coach", "hypothetical"),
    ("If sales dropped I could coach the team.", "coach", "hypothetical"),
    ("Advisors should be coached every week.", "coach", "hypothetical"),
    # an intention that was not carried out
    ("I was meant to hold a team briefing every Monday.", "briefing", "hypothetical"),
    ("We were supposed to have huddles every morning.", "huddle", "hypothetical"),
    ("I hoped to coach Priya but there was no time.", "coach", "hypothetical"),
    # generic
    ("A good team leader coaches every advisor.", "coach", "generic"),
    ("It is important to coach advisors every week.", "coach", "generic"),
    ("Team leaders coach their teams on quality.", "coach", "generic"),
    # future
    ("I plan to coach Priya next month.", "coach", "future"),
    ("I will coach Priya on her closing.", "coach", "future"),
    ("Going forward I am going to coach the new starters.", "coach", "future"),
    # wanted or expected, with the person between: the infinitive is not done (from the parse)
    ("I carry out the appraisals myself, and I expect Shannon to take on the reviews from April.", "review", "future"),
    ("I want her to start holding one-to-ones in the new year.", "one", "future"),
    ("We want Dev to lead the huddle.", "huddle", "future"),
    # an infinitive that a plan is ("my next step is to ..."), in the present; in the past it was the job
    ("My next step is to coach Sam on his closing by 3 May.", "coach", "future"),
    ("The aim for next month is to hold a huddle every Monday.", "huddle", "future"),
    # other actor
    ("My manager set the targets for the team.", "target", "other_actor"),
    ("The quality team listened to the calls.", "listen", "other_actor"),
    ("The targets were set by head office.", "target", "other_actor"),
    ("The rota was written by the planning team.", "rota", "other_actor"),
    ("On 6 March the QA team scored four of Jade's calls.", "score", "other_actor"),  # a parse with no subject
    # first-hand
    ("I coached Priya on her call openings.", "coach", FIRST_HAND),
    ("We agreed her targets in the one-to-one.", "target", FIRST_HAND),
    ("My manager and I agreed the targets.", "target", FIRST_HAND),
    ("I asked my manager to review the targets.", "target", FIRST_HAND),
    ("I coached Priya because she was not meeting her targets.", "coach", FIRST_HAND),
    # pseudo cues are never cues
    ("Not only did I coach Priya, I also coached Sam.", "coach", FIRST_HAND),
    ("Sam no longer misses his targets since I coached him.", "target", FIRST_HAND),
    ("As a team leader I coached Priya on her closing.", "coach", FIRST_HAND),
    ("I sent the rota no later than Friday.", "rota", FIRST_HAND),
    # "try to" describes a habit, not a plan; "will try to" is still future
    ("I try to coach each new starter in their first week.", "coach", FIRST_HAND),
    # ...but a purpose after "planned the rota", a habit after "like", and an instruction are not
    ("I planned the rota to cover the lunchtime peaks.", "peak", FIRST_HAND),
    ("I like to coach the new starters on Mondays.", "coach", FIRST_HAND),
    ("I asked Sam to lead the huddle on Monday.", "huddle", FIRST_HAND),
    ("My task was to coach Sam on his closing, and I did on 3 May.", "coach", FIRST_HAND),
    ("The next step in the call flow is the greeting, which I coached Sam on.", "coach", FIRST_HAND),
    # someone else acts only as the subject of the clause, read from the parse
    ("I agreed the objectives with everyone: CSAT of 85%, both from the company's service standards.",
     "standard", FIRST_HAND),
    ("I will try to coach each new starter in their first week.", "coach", "future"),
]


@pytest.mark.parametrize(("text", "word", "label"), CASES)
def test_context_classifies(classifier, text, word, label):
    assert context_of(classifier, text, word).label == label


def test_context_result_names_the_cue(classifier):
    result = context_of(classifier, "I would coach Priya on her closing.", "coach")
    assert result == ContextResult("hypothetical", "would")
    assert context_of(classifier, "I coached Priya.", "coach") == ContextResult(FIRST_HAND, None)


def test_context_generic_should_is_not_first_hand(classifier):
    # "A good team leader" (generic) and "should" (hypothetical) both apply; either way it does not count
    result = context_of(classifier, "A good team leader should coach the team.", "coach")
    assert result.label in ("generic", "hypothetical")
    cues = {c.category for c in classifier.cues(get_nlp()("A good team leader should coach the team."))}
    assert cues == {"generic", "hypothetical"}


def test_context_pseudo_cue_is_not_a_cue(classifier):
    doc = get_nlp()("As a team leader I no longer skip huddles and not only that.")
    texts = [c.text.lower() for c in classifier.cues(doc)]
    assert "a team leader" not in texts
    assert "no" not in texts
    assert "not" not in texts


def test_context_terminator_ends_a_cue(classifier):
    text = "I did not have time on Monday, but I coached Priya on Tuesday."
    assert context_of(classifier, text, "coach").label == FIRST_HAND


def test_context_cue_stays_in_its_sentence(classifier):
    text = "I would like more time. I coached Priya on her closing."
    assert context_of(classifier, text, "coach").label == FIRST_HAND


def test_context_cue_inside_matched_span_does_not_count(classifier):
    doc = get_nlp()("We never missed a huddle.")
    cues = classifier.cues(doc)
    # "never missed" is a pseudo cue: no negation at all
    assert cues == []


@pytest.mark.parametrize("text", ["We didn't hold huddles in March.", "I haven't coached Sam yet."])
def test_context_contraction_is_negated(classifier, text):
    word = "huddle" if "huddle" in text else "coach"
    assert context_of(classifier, text, word).label == "negated"


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        # "she" is the manager just named: the approval is someone else's
        ("On 3 May I spoke to my manager about the complaint and she approved a goodwill gesture.", "goodwill",
         "other_actor"),
        ("I passed the feedback to the quality team and they rewrote the letter in June.", "rewrote", "other_actor"),
        # the learner acts; a name comes between, so "she" may be Priya; "they" are the figures
        ("On 3 May I spoke to my manager about the complaint and I approved a goodwill gesture.", "goodwill",
         FIRST_HAND),
        ("I spoke to my manager about Priya and she took the complaints queue that week.", "queue", FIRST_HAND),
        ("I showed my manager the weekly figures and they showed a rise in repeat calls.", "rise", FIRST_HAND),
    ],
)
def test_context_he_she_they_stand_for_the_someone_else_just_named(classifier, text, word, label):
    assert context_of(classifier, text, word).label == label


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        # a cue "the quality team" names the team joined with another's name too
        ("The compliance and quality team checked ten calls in May.", "check", "other_actor"),
        ("I passed it to the quality and compliance team and they reworded the letter in June.", "reworded",
         "other_actor"),
        # neither is a cue: the learner's own team
        ("In May the sales and service team checked ten calls with me.", "check", FIRST_HAND),
    ],
)
def test_context_a_team_cue_joined_with_another_teams_name(classifier, text, word, label):
    assert context_of(classifier, text, word).label == label


def test_context_other_actor_after_learner_clause(classifier):
    text = "I coached Sam on Monday, but my manager set the targets."
    assert context_of(classifier, text, "target").label == "other_actor"


# --- "no ... until": a temporal limit, not a denial of what came after --------------------------

@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        ("No changes went live until the team agreed the new script.", "agree", FIRST_HAND),
        ("We did not open the second queue until the rota was signed off.", "rota", FIRST_HAND),
        ("I didn't publish the targets till every adviser had seen them.", "adviser", FIRST_HAND),
        ("It was not until May that I started the weekly huddles.", "huddle", FIRST_HAND),
        # the words before "until" stay negated
        ("No changes went live until the team agreed the new script.", "change", "negated"),
        ("We did not open the second queue until the rota was signed off.", "queue", "negated"),
        # "until" ends only a negation: a plan or a hypothetical still reaches past it
        ("I will keep coaching Sam until his QA passes.", "qa", "future"),
        ("I would wait until the team agreed before changing the rota.", "rota", "hypothetical"),
    ],
)
def test_context_no_until_is_temporal(classifier, text, word, label):
    assert context_of(classifier, text, word).label == label


def test_context_the_next_week_in_a_past_account_is_not_future(classifier):
    text = "I listened to her calls on Monday and gave her feedback the next week."
    assert context_of(classifier, text, "feedback").label == FIRST_HAND
    assert context_of(classifier, "I will give her feedback next week.", "feedback").label == "future"


@pytest.mark.parametrize(("text", "phrase", "label"), [
    # an "if" scopes its own clause only: the thanks after "and I" is first-hand
    ("If the queue was quiet I would pair them up, and I thanked Dev for the cover.", "thanked", "first_hand"),
    ("If the queue was quiet I would pair them up, and I thanked Dev for the cover.", "pair", "hypothetical"),
    # a modal covers the adverbial clauses of its own clause
    ("I would wait until the team agreed before changing the rota.", "rota", "hypothetical"),
    # negation reaches a conjoined verb without its own subject, not one with a subject
    ("I did not plan or hold huddles.", "huddles", "negated"),
    ("I did not hold a huddle but I sent a message to everyone.", "message", "first_hand"),
    # "without" and "no" deny their own noun phrase only
    ("We held the huddle without the new starters.", "huddle", "first_hand"),
    ("We held the huddle without the new starters.", "starters", "negated"),
    # a cue that introduces a clause of its own denies only that clause
    ("Rather than waiting for his review, I gave Sam feedback that afternoon.", "feedback", "first_hand"),
    ("Rather than waiting for his review, I gave Sam feedback that afternoon.", "review", "negated"),
    ("Instead of saving it for his review, I gave Sam feedback the same day.", "feedback", "first_hand"),
    ("Sam failed to verify the caller, so I coached him on 3 May.", "coached", "first_hand"),
    ("I failed to hold one-to-ones in March.", "one-to-ones", "negated"),
    # a negated not-happening is a happening; the not-happening verb itself still denies
    ("We have not missed a single one-to-one since May.", "one-to-one", "first_hand"),
    ("Nobody skipped the huddle in May.", "huddle", "first_hand"),
    ("The huddles were cancelled in May.", "huddles", "negated"),
    ("I did not hold a huddle in May.", "huddle", "negated"),
    # a negated wrong done to someone denies the wrong, not the people or the work
    ("They read the cancellation rights and did not pressure vulnerable customers.", "vulnerable customers",
     "first_hand"),
    ("I didn't rush Sam's one-to-one on 3 May.", "one-to-one", "first_hand"),
    ("I did not coach vulnerable customers' calls.", "calls", "negated"),
    # a negated bound on a figure is the bound, not an absence
    ("I rewrote the rota so that nobody did more than two lates a week.", "lates", "first_hand"),
    ("Nobody was on the complaints queue for over 3 days in a row.", "queue", "first_hand"),
    ("Nobody had a one-to-one in March.", "one-to-one", "negated"),
    # a negated state of someone else describes them and denies nothing the writer did
    ("I noticed that Ryan is not bothered about prizes, so I asked him to run the refresher.", "prizes", "generic"),
    ("Jade isn't keen on the league table.", "league table", "generic"),
    ("Sam does not like the weekly quiz.", "quiz", "generic"),
    ("Sam did not get any coaching in March.", "coaching", "negated"),
    ("The new starters were not keen on the quiz.", "quiz", "generic"),
    ("Sam was not coached in March.", "coached", "negated"),
    ("I am not bothered about the league table.", "league table", "negated"),
    # a modal in speech reported in the past is a decision taken then
    ("I told them that from the next Monday Aled would take the payment plans.", "payment plans", "first_hand"),
    ("I think that Aled would take the payment plans.", "payment plans", "hypothetical"),
    # the clause, not a count of words, decides how far a plan reaches
    ("Next month I would like to get the team more involved in choosing the weekly goals at the Monday briefing.",
     "briefing", "future"),
])
def test_context_is_decided_by_the_clause_with_a_parse(text, phrase, label):
    from evidencecheck.nlp.context import ContextClassifier

    nlp = get_nlp("en_ud_ewt")
    doc = nlp(text)
    start = text.index(phrase)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    classifier = ContextClassifier(nlp)
    assert classifier.classify(doc, span.start, span.end, classifier.cues(doc)).label == label


# --- a form field whose value denies its label ----------------------------------------------------

@pytest.mark.parametrize(
    ("text", "word", "label", "cue"),
    [
        ("One-to-ones: none this quarter.", "one", "negated", "none"),
        ("Team briefings: none since March.", "briefing", "negated", "none"),
        ("Coaching sessions held: N/A", "coach", "negated", "N/A"),
        ("Actions agreed with Sam: not yet", "action", "negated", "not"),
        # a value that is not a denial, a figure, or a colon before the word: first-hand
        ("Team briefings: every Monday at 9am with the whole team.", "briefing", FIRST_HAND, None),
        ("Complaints: 0 this month.", "complaint", FIRST_HAND, None),
        ("Date: 3 May. I coached Sam on his opening.", "coach", FIRST_HAND, None),
        # the colon must close the label the word is in, not one further on
        ("I coached Sam on his opening, and noted one thing: none of it was new to him.", "coach", FIRST_HAND, None),
    ],
)
def test_context_form_field_value_denies_its_label(classifier, text, word, label, cue):
    result = context_of(classifier, text, word)
    assert result.label == label
    if cue:
        assert result.cue == cue


def test_a_denied_form_field_is_not_evidence_of_the_activity(tmp_path):
    from evidencecheck.api import check

    form = tmp_path / "monthly-review-form.txt"
    form.write_text("Team notes, 3 May 2024\n\nTeam briefings: none since March.\n", encoding="utf-8")
    report = check([form], unit="plan-allocate-monitor-work")
    crit = next(c for c in report.criteria if c.id == "one-to-ones-and-briefings")
    assert crit.status == "missing"
    assert not any("briefing" in e.quote.lower() for e in crit.evidence)


@pytest.mark.parametrize(
    ("value", "denies"),
    [("None", True), ("none since March", True), ("N/A", True), ("Not yet", True), ("No", True), ("No.", True),
     ("no change", False), ("No issues this month, all calls passed", False), ("0", False), ("Every Monday", False)],
)
def test_what_a_field_value_denies(classifier, value, denies):
    assert classifier.denies(value, 4) is denies


# --- tick boxes -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        # boxes before their labels, when the line starts with one: the nearest box decides
        ("☐ Team briefing held ☒ One-to-ones held", "briefing", "negated"),
        ("☐ Team briefing held ☒ One-to-ones held", "one", FIRST_HAND),
        ("☑ Coaching given to Sam", "coach", FIRST_HAND),
        ("✗ Coaching given to Sam", "coach", "negated"),
        # boxes after their labels on any other line
        ("Coaching given ☐", "coach", "negated"),
        ("Coaching given ☒", "coach", FIRST_HAND),
        # a form field whose value is a row of boxes reads as the option ticked
        ("Coaching given: ☐ Yes ☒ No", "coach", "negated"),
        ("Coaching given: ☒ Yes ☐ No", "coach", FIRST_HAND),
        ("Coaching given: ☐ Yes ☐ No", "coach", "negated"),
        # no box on the line: as before
        ("I gave Sam coaching on his opening.", "coach", FIRST_HAND),
    ],
)
def test_tick_boxes_say_whether_their_label_happened(classifier, text, word, label):
    assert context_of(classifier, text, word).label == label


def test_a_row_of_tick_boxes_names_the_option_ticked(classifier):
    assert context_of(classifier, "Coaching given: ☐ Yes ☒ No", "coach").cue == "No"


@pytest.mark.parametrize(
    ("value", "option"),
    [("☐ Yes ☒ No", "No"), ("☒ Yes ☐ No", "Yes"), ("☒", "☒"), ("☐", ""), ("☐ Yes ☐ No", ""), ("Yes", None)],
)
def test_the_option_a_row_of_boxes_ticks(classifier, value, option):
    assert classifier.ticked_option(value) == option


@pytest.mark.parametrize(("value", "denies"), [("☐", True), ("✗", True), ("☒", False), ("✓", False),
                                               ("☐ Yes ☒ No", True), ("☒ Yes ☐ No", False)])
def test_a_table_cell_of_tick_boxes_denies_its_row_only_when_unticked(classifier, value, denies):
    assert classifier.denies(value, 4) is denies


def test_an_unticked_box_is_not_evidence_but_a_ticked_one_is(tmp_path):
    from evidencecheck.api import check

    def briefing_status(box: str) -> str:
        form = tmp_path / f"monthly-review-{ord(box)}.txt"
        form.write_text(f"Team notes, 3 May 2024\n\n{box} Team briefings held every Monday with the whole team\n",
                        encoding="utf-8")
        report = check([form], unit="plan-allocate-monitor-work")
        crit = next(c for c in report.criteria if c.id == "one-to-ones-and-briefings")
        return crit.status, [e.quote for e in crit.evidence]

    unticked, ticked = briefing_status("☐"), briefing_status("☒")
    assert unticked[0] == "missing" and not any("briefing" in q.lower() for q in unticked[1])
    assert ticked[0] != "missing" and any("briefing" in q.lower() for q in ticked[1])


def test_a_list_of_square_bullets_is_not_a_row_of_empty_boxes(classifier):
    assert context_of(classifier, "❑ Coaching given to Sam on 3 May", "coach").label == FIRST_HAND
    assert context_of(classifier, "□ Coaching given to Sam on 3 May", "coach").label == FIRST_HAND


def test_a_contents_entry_is_a_leader_and_a_page_number_at_each_lines_end():
    entry = ContextClassifier.contents_entry
    assert entry("Coaching log for Sam ........ 6") == "a contents entry"
    assert entry("Coaching log\t6\nRota for w/c 3 May . . . . 7\n") == "a contents entry"  # every line
    assert entry("Coaching log\t6\nOn 3 May I coached Sam.") is None
    assert entry("I held 6 one-to-ones in May") is None
    assert entry("." * 200_000 + " the end") is None  # a hostile run of dots is read at its end only

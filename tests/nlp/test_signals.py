"""Built-in signal detectors: each finds concrete detail and ignores look-alikes."""

from __future__ import annotations

import pytest

from evidencecheck.nlp.pipeline import get_nlp
from evidencecheck.nlp.signals import SIGNALS, Signal


def found(name: str, text: str) -> list[str]:
    doc = get_nlp()(text)
    return [doc[s:e].text for s, e in SIGNALS[name].detect(doc)]


POSITIVE = [
    ("figure", "Sales rose to 45 this week.", "45"),
    ("figure", "The refund cost £300 in total.", "£300"),
    ("figure", "Handle time came down to 6:40.", "6:40"),
    ("figure", "Dev closed eleven out of twenty leads.", "eleven out of"),
    ("percentage", "Her CSAT rose to 82% after coaching.", "82%"),
    ("percentage", "Adherence was up 3 percentage points.", "3 percentage points"),
    ("percentage", "Attendance rose by 12 per cent.", "12 per cent"),
    ("money", "Ola earned a bonus of £250 for the month.", "£250"),
    ("money", "The team saved 300 pounds on overtime.", "300 pounds"),
    ("duration", "Average handling time was 6:40 on Tuesday.", "6:40"),
    ("duration", "The longest hold was 45 seconds.", "45 seconds"),
    ("duration", "Each huddle lasts ten minutes.", "ten minutes"),
    ("kpi_value", "Her AHT 6:40 was the best on the floor.", "AHT 6:40"),
    ("kpi_value", "Team CSAT 82% this quarter.", "CSAT 82%"),
    ("kpi_change", "FCR went from 71% to 76% in a month.", "from 71% to 76%"),
    ("kpi_value", "We reached a conversion rate of 21% in April.", "conversion rate of 21%"),
    ("date", "The review took place on 12 March 2024.", "12 March 2024"),
    ("date", "I met Priya on 09/04 to go through her calls.", "09/04"),
    ("date", "The rota starts w/c 13 May and runs all month.", "w/c 13 May"),
    ("time_frame", "Dev agreed to reach 20 sales by the end of May.", "by the end of May"),
    ("time_frame", "Absence should fall within six weeks.", "within six weeks"),
    ("time_frame", "We aimed for this in Q2.", "in Q2"),
    ("frequency", "We hold a huddle every Monday.", "every Monday"),
    ("frequency", "Call listening is done fortnightly.", "fortnightly"),
    ("frequency", "I sit with new starters twice a week.", "twice a week"),
    ("person", "I coached Priya on her call openings.", "Priya"),
    ("person", "I spoke with Mrs A about her lateness.", "Mrs A"),
    ("person", "Agent B improved after the session.", "Agent B"),
    ("signature_block", "Signed:", "Signed:"),
    ("signature_block", "Witness signature", "Witness signature"),
    ("signature_block", "I can confirm that she ran the huddles.", "I can confirm that"),
    ("first_person_action", "I coached Priya on objection handling.", "I coached"),
    ("first_person_action", "We agreed a new break pattern.", "We agreed"),
]


@pytest.mark.parametrize(("name", "text", "span"), POSITIVE)
def test_signals_detect_positive(name, text, span):
    assert span in found(name, text)


NEGATIVE = [
    ("figure", "We covered AC 1.2 in the review."),
    ("figure", "I held a 1:1 with her."),
    ("figure", "Her 1:1s happen at the desk."),
    ("figure", "The huddle was on 12 March."),
    ("figure", "I spoke to the whole team."),
    ("percentage", "We met on Monday to talk it through."),
    ("percentage", "The team took 250 calls."),
    ("money", "The team took 250 calls."),
    ("money", "Conversion was 21% last week."),
    ("duration", "The meeting was at 10:30am."),
    ("duration", "I met her on 09/04."),
    ("duration", "She sold 12 upgrades."),
    ("kpi_value", "I spoke to the team about their calls."),
    ("kpi_value", "Our CSAT review meeting was held on 12 March."),
    ("kpi_change", "FCR was 71% and AHT 6:40."),
    ("kpi_change", "The shift runs from 8 to 4."),
    ("date", "CSAT was 82% for the month."),
    ("date", "We reached 45 sales together."),
    ("date", "We went through AC 3.1 together."),
    ("time_frame", "I coached her yesterday afternoon."),
    ("time_frame", "She sold 12 upgrades."),
    ("frequency", "I coached her once about it."),
    ("frequency", "The team meeting overran."),
    ("person", "I coached the team on their calls."),
    ("person", "The Manager agreed the rota."),
    ("person", "We met on Monday in March."),
    ("signature_block", "The team leader designed a rota."),
    ("signature_block", "The plan was agreed at the huddle."),
    ("first_person_action", "I would coach each advisor."),
    ("first_person_action", "I plan to run a team challenge."),
    ("first_person_action", "I did not hold the huddle."),
    ("first_person_action", "I have to check the rota."),
    ("first_person_action", "The advisors agreed the targets."),
]


@pytest.mark.parametrize(("name", "text"), NEGATIVE)
def test_signals_ignore_negative(name, text):
    assert found(name, text) == []


def test_signals_signature_block_ignores_signed_up():
    assert found("signature_block", "Last year I signed up for the Level 3 course.") == []


def test_signals_figure_ignores_numbers_inside_dates():
    assert found("figure", "On 12 March 2024 Dev made 14 sales.") == ["14"]


def test_signals_first_person_action_after_and_i():
    spans = found("first_person_action", "My manager and I agreed the targets.")
    assert "I agreed" in spans


def test_signals_registry_has_every_builtin():
    expected = {"figure", "percentage", "money", "duration", "kpi_value", "date", "time_frame",
                "frequency", "person", "signature_block", "first_person_action"}
    assert expected <= set(SIGNALS)
    for name, signal in SIGNALS.items():
        assert isinstance(signal, Signal)
        assert signal.name == name
        assert signal.description


def test_signals_spans_are_token_spans_in_order():
    doc = get_nlp()("On 3 June I coached Ola twice a week, by the end of June CSAT 85%.")
    for signal in SIGNALS.values():
        spans = signal.detect(doc)
        for start, end in spans:
            assert 0 <= start < end <= len(doc)


def test_signals_person_ignores_capitalised_word_in_short_line():
    assert found("person", "Coaching notes.") == []


# --- person: real name evidence, not any capitalised word --------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Actions: Review the rota with the planners.",
        "Actions: Update the wallboard before Friday.",
        "Next steps: Chase the overtime sign-off.",
        "What we did",
        "Measure",
        "Outcome agreed",
        "He told me the new opening felt awkward.",
        "She booked two more sessions herself.",
        "Our site in Doncaster runs two queues.",
        "I keep the Tracker up to date every afternoon.",
        "We sell the Home Cover Plus bundle on every call.",
        "The account is with Castlegate Insurance now.",
        "Monitoring and support schedule",
        "Listened to six calls and scored them together.",
        "In May Review Meeting we agreed the new rota.",   # a day or month starts no name of a heading
    ],
)
def test_signals_person_needs_real_name_evidence(text):
    assert found("person", text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Signed: R Okafor", "R Okafor"),
        ("Witness: Marta Nowak", "Marta Nowak"),
        ("Anwen Jones, Team Manager, chaired the call review.", "Anwen Jones"),
        ("Attendees: Grace, Tomek and Hollie", "Grace"),
        ("I asked Dev to pick up the escalations because he knows the product.", "Dev"),
        ("Grace said the shorter script felt easier.", "Grace"),
        ("Kwabena to send the revised break plan by Thursday.", "Kwabena"),
        ("Leah Ward suggested a checklist for new starters.", "Leah Ward"),
        ("Thanks Stacey for covering the late shift.", "Stacey"),
        ("I paired Oyelaran with a buddy for her first week.", "Oyelaran"),
        ("On 12 March Sam had an upset customer.", "Sam"),   # straight after a date, no comma
        ("On Monday Priya joined the huddle.", "Priya"),
    ],
)
def test_signals_person_finds_names_with_evidence(text, span):
    assert span in found("person", text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("i sat with priya on her calls last week", ["priya"]),
        ("me and aisha went through her qa scores", ["aisha"]),
        ("i will mark the calls and grace the floor with a huddle", []),  # common words, not names
        ("the rota is on the shared drive", []),
    ],
)
def test_signals_person_finds_given_names_written_in_lower_case(text, names):
    assert found("person", text) == names


def test_signals_person_list_of_names_keeps_common_word_names():
    names = found("person", "Rota for Sasha, Dev, Tyrone and Nia")
    assert {"Sasha", "Dev", "Tyrone", "Nia"} <= set(names)


def _shared(cells: list[str], texts: list[str]) -> tuple[frozenset[str], list[list[str]]]:
    """share_names over a one-column table of ``cells`` and the docs of ``texts``; then each text's names."""
    from evidencecheck.nlp.signals.people import share_names

    nlp = get_nlp()
    column = [nlp(c) for c in cells]
    docs = [nlp(t) for t in texts]
    known = share_names([*column, *docs], [column])
    return known, [[d[s:e].text for s, e in SIGNALS["person"].detect(d)] for d in docs]


def test_signals_person_a_name_the_portfolio_gives_someone_is_a_name_elsewhere():
    # "Precious" is a common word: alone, at a sentence's start, it is read as the sentence's word
    assert found("person", "Precious is quieter and doesn't like being singled out.") == []
    known, names = _shared(["Ollie B", "Precious A", "Marek S", "Whole Team", "Total"],
                           ["Precious is quieter and doesn't like being singled out.",
                            "I thanked Precious one to one after the call."])
    assert {"ollie", "precious", "marek"} <= known and not {"whole", "total"} & known
    assert names == [["Precious"], ["Precious"]]


def test_signals_person_a_lone_capitalised_word_lends_no_name_to_other_docs():
    # "Brightwave" inside a sentence reads as a name there, but with no surname or initial it may be
    # a company: it does not make "Brightwave" a person where a sentence opens with it
    known, names = _shared([], ["I joined Brightwave in 2019 as an adviser.",
                                "Brightwave publishes the MI pack every Monday."])
    assert "brightwave" not in known
    assert names[1] == []


@pytest.mark.parametrize(
    "cells, text",
    [
        # known, but an adjective before a noun, not a clause's subject
        (["Ollie B", "Precious A", "Marek S"], "Precious customers deserve our best service."),
        # a column with one name is no column of names: "Review" stays a common word
        (["Ollie B", "Review A"], "Review is due in May."),
        # no table at all: nothing else names anyone
        ([], "Precious is quieter than the others."),
    ],
)
def test_signals_person_shared_names_keep_common_words_common(cells, text):
    _, names = _shared(cells, [text])
    assert names == [[]]


# --- figure: years, laws, dates, clock times and labels are not performance figures -------------

@pytest.mark.parametrize(
    "text",
    [
        "Our objectives for 2024 came from the service promise.",
        "She has managed the team since 2021.",
        "Records are kept under the Data Protection Act 2018.",
        "The Equality Act 2010 applies to every adjustment we make.",
        "We want to move into complex work in 2026.",
        "Team plan, Q3 2024",
        "We met on 7, 14 and 21 March.",
        "Huddle from 08:45 to 08:55 at the pod.",
        "The briefing starts at 9:30 every day.",
        "I have started the Level 3 course.",
        "She moved to the Tier 2 queue.",
        "See Part 1 of the log, version 2.",
    ],
)
def test_signals_figure_ignores_years_dates_times_and_labels(text):
    assert found("figure", text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The team handled 2,024 calls in the week.", "2,024"),
        ("The team took 2024 calls on the Monday.", "2024"),
        ("Her handling time fell from 7:20 to 6:05.", "6:05"),
        ("Conversion went from 14% in 2023 to 19% in 2024.", "19%"),
        ("We answered 312 emails by 10:00 each day.", "312"),
    ],
)
def test_signals_figure_still_finds_performance_figures(text, span):
    spans = found("figure", text)
    assert span in spans
    assert "2023" not in spans and "10:00" not in spans


def test_signals_date_list_of_days_with_one_month():
    assert "7, 14 and 21 March" in found("date", "We met on 7, 14 and 21 March.")


def test_signals_duration_is_not_a_clock_time():
    assert found("duration", "Breaks run from 10:30 to 10:45.") == []
    assert found("duration", "AHT was 5:40 last week.") == ["5:40"]


# --- time_frame: a deadline or period for a target or plan, not any mention of a month ----------

@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Ola will lift her QA score to 85% by the end of June.", "by the end of June"),
        ("The new break pattern runs within four weeks of launch.", "within four weeks"),
        ("We will trial it over the next quarter.", "over the next quarter"),
        ("Each adviser should book two sessions by 30 April.", "by 30 April"),
        ("The second queue goes live in Q3.", "in Q3"),
        ("The target for May is 40 upgrades.", "target for May"),
        ("We will move the team onto webchat in September.", "in September"),
        ("Her next check is due in July.", "due in July"),
        ("I want the backlog cleared in the next fortnight.", "in the next fortnight"),
        ("Review date: 14 June", "Review date"),
    ],
)
def test_signals_time_frame_finds_deadlines_and_periods(text, span):
    assert span in found("time_frame", text)


@pytest.mark.parametrize(
    "text",
    [
        "In March I sat with each new starter on the phones.",
        "I listened to her calls in April and gave feedback the same day.",
        "During February the queue was short of two people.",
        "Over the last three months I have run every huddle.",
        "Across May we answered more webchats than calls.",
    ],
)
def test_signals_time_frame_ignores_when_something_happened(text):
    assert found("time_frame", text) == []


# --- month: when something happened, at month resolution ---------------------------------------

@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("In March I sat with each new starter on the phones.", "In March"),
        ("During February the queue was short of two people.", "During February"),
        ("We changed the callback script in early June.", "in early June"),
    ],
)
def test_signals_month_finds_when_it_happened(text, span):
    assert span in found("month", text)


@pytest.mark.parametrize("text", ["It may be that in may cases we wait.", "I coached her on 12 March.",
                                  "Her targets are reviewed monthly."])
def test_signals_month_ignores_modal_may_full_dates_and_frequency(text):
    assert found("month", text) == []


def test_signals_are_computed_once_per_doc(monkeypatch):
    from evidencecheck.nlp.signals.base import cached

    runs: list[int] = []
    original = SIGNALS["figure"].detect

    def counting(doc):
        runs.append(id(doc))
        return original(doc)

    monkeypatch.setitem(SIGNALS._signals, "figure", Signal("figure", "counted", cached("figure-probe", counting)))
    doc = get_nlp()("Sales rose to 45 this week.")
    first = SIGNALS["figure"].detect(doc)
    first.append((0, 1))  # a caller changing its copy does not change the cache
    second = SIGNALS["figure"].detect(doc)
    assert runs == [id(doc)]
    assert [doc[s:e].text for s, e in second] == ["45"]


def test_signals_first_person_past_actions():
    from evidencecheck.nlp.signals import first_person_past_actions

    def past(text):
        doc = get_nlp()(text)
        return [doc[s:e].text for s, e in first_person_past_actions(doc)]

    assert past("I rewrote the rota and we then held a huddle.") == ["I rewrote", "we then held"]
    assert past("I set up a buddy for her.") == ["I set"]
    assert past("I use coaching and I always ensure feedback.") == []
    assert past("I need more time.") == []


@pytest.mark.parametrize("unit", ["at 10:30 to 10:45 and ", "in March we will meet in May and ", "Priya Shah Home Plan "])
def test_signals_stay_linear_on_long_unpunctuated_text(unit):
    import time

    doc = get_nlp()((unit * 2000)[:20000])
    start = time.perf_counter()
    for signal in SIGNALS.values():
        signal.detect(doc)
    assert time.perf_counter() - start < 2.0


class _EntryPoint:
    def __init__(self, name, value, load):
        self.name, self.value, self._load = name, value, load

    def load(self):
        return self._load()


def _registry_with(monkeypatch, *eps):
    from evidencecheck.nlp import signals as mod

    calls = []

    def fake_entry_points(group):
        calls.append(group)
        return list(eps)

    monkeypatch.setattr(mod, "entry_points", fake_entry_points)
    return mod.SignalRegistry(mod._BUILTIN), calls


def _boom():
    raise ImportError("no module named 'broken_signals'")


def test_signals_plugins_load_only_when_a_name_is_not_built_in(monkeypatch):
    extra = Signal("queue_name", "A queue's name.", lambda doc: [])
    registry, calls = _registry_with(monkeypatch, _EntryPoint("queue_name", "pkg:QUEUE", lambda: extra))
    assert registry["figure"].name == "figure" and calls == []
    assert registry["queue_name"] is extra and calls == ["evidencecheck.signals"]
    assert "queue_name" in registry and registry.problems == []


@pytest.mark.parametrize(("load", "detail"), [
    (_boom, "ImportError: no module named 'broken_signals'"),
    (lambda: "not a signal", "it is a str, not a Signal"),
    (lambda: Signal("figure", "again", lambda doc: []), "a signal named 'figure' already exists"),
])
def test_signals_a_bad_plugin_is_reported_not_dropped_silently(monkeypatch, load, detail):
    registry, _ = _registry_with(monkeypatch, _EntryPoint("bad", "broken_signals:SIGNAL", load))
    assert "bad" not in registry
    assert registry.problems == [f"W101 signal plugin 'bad' (broken_signals:SIGNAL) could not be loaded: {detail}. "
                                 "Reinstall or remove the package that provides it."]
    assert registry["figure"].description.startswith("Any figure")


@pytest.mark.parametrize(("text", "names"), [
    ("I coached Mr Patel on his openings.", ["Mr Patel"]),
    ("Mrs Khan and Ms Okafor joined the huddle.", ["Mrs Khan", "Ms Okafor"]),
    ("Dr Brown signed the review.", ["Dr Brown"]),
    ("Mr Smith-Jones said so.", ["Mr Smith-Jones"]),
    ("I nominated Mo for the site Star Award.", ["Mo"]),
    ("I sat with Al on Tuesday.", ["Al"]),
])
def test_signals_person_finds_titles_with_surnames_and_short_names(text, names):
    assert found("person", text) == names


@pytest.mark.parametrize("text", ["I emailed IT about the outage.", "We use the CRM daily.",
                                  "I nominated her for the site Star Award."])
def test_signals_person_short_capitals_that_are_not_names(text):
    assert found("person", text) == []

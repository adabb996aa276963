"""Built-in signal detectors: concrete details an assessor looks for.

Each signal finds token spans in a processed spaCy ``Doc`` (one evidence block).
Rules name signals in clues (``signals: [figure, time_frame]``). The detectors
live by what they find: :mod:`.numbers` (figures, money, durations, KPI values),
:mod:`.dates` (dates, months, time frames, frequencies), :mod:`.people`
(names) and :mod:`.actions` (the learner acting, signatures); their word lists
are in ``nlp/data/signal-words.yaml``.

Other packages can add signals through the ``evidencecheck.signals``
entry-point group; each entry point must load a :class:`Signal`. Plugins are
loaded the first time a name that is not built in is asked for (or the whole
registry is listed), and one that fails to load is reported in
:attr:`SignalRegistry.problems` (W101) rather than dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib.metadata import entry_points

from ...errors import message
from .actions import detect_first_person_action, detect_signature_block, first_person_past_actions
from .base import Detector, Signal, Span
from .dates import detect_date, detect_frequency, detect_month, detect_time_frame
from .numbers import (
    KPI_TERMS,
    detect_duration,
    detect_figure,
    detect_figure_change,
    detect_kpi_value,
    detect_money,
    detect_percentage,
)
from .people import detect_person

ENTRY_POINT_GROUP = "evidencecheck.signals"

_BUILTIN: tuple[Signal, ...] = (
    Signal("figure", "Any figure: a number, percentage, amount of money or duration (not a date, year, clock time, "
                     "AC number or label such as 'Level 3').", detect_figure),
    Signal("percentage", "A percentage or percentage points: '22%', '3 points', '12 per cent'.", detect_percentage),
    Signal("money", "An amount of money: '£4,500', '300 pounds'.", detect_money),
    Signal("duration", "A duration or handling time: '6:40', '45 seconds', '3 minutes' (not a clock time).",
           detect_duration),
    Signal("kpi_value", "A contact-centre KPI with a value: 'AHT 6:40', 'CSAT 82%', 'conversion rate of 21%'.",
           detect_kpi_value),
    Signal("kpi_change", "A figure that changed: 'from 71% to 76%' in a sentence, or a table's KPI row or column "
                         "whose figures differ ('FCR | 71% | 76%' by month, 'Before | After').", detect_figure_change),
    Signal("date", "A calendar date: '12 March 2024', '09/04', 'w/c 13 May', 'on Tuesday'.", detect_date),
    Signal("time_frame", "A deadline or period: 'by the end of May', 'within six weeks', 'in Q2', "
                         "'over the next month'.", detect_time_frame),
    Signal("month", "A month named as when something happened: 'in March', 'during April', 'in early June'.",
           detect_month),
    Signal("frequency", "How often: 'weekly', 'every Monday', 'twice a week', 'each shift'.", detect_frequency),
    Signal("person", "A team member named or initialled: 'Jade', 'Mrs A', 'Agent B', 'J.S.'.", detect_person),
    Signal("signature_block", "A signature or sign-off: 'Signed:', 'Witness signature', 'I can confirm that'.",
           detect_signature_block),
    Signal("first_person_action", "The learner acting: 'I coached', 'we agreed' (not 'I would', 'I plan').",
           detect_first_person_action),
)


class SignalRegistry(Mapping[str, Signal]):
    """Signals by name: the built-ins, then plugins, loaded on first need."""

    def __init__(self, builtin: tuple[Signal, ...]) -> None:
        self._signals = {s.name: s for s in builtin}
        self._plugins_loaded = False
        self.problems: list[str] = []
        """Numbered messages (W101) for plugins that could not be loaded."""

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                signal = ep.load()
            except Exception as err:  # a broken plugin must not stop the check: report it
                self.problems.append(message("W101", name=ep.name, target=ep.value,
                                             detail=f"{type(err).__name__}: {err}"))
                continue
            if not isinstance(signal, Signal):
                self.problems.append(message("W101", name=ep.name, target=ep.value,
                                             detail=f"it is a {type(signal).__name__}, not a Signal"))
            elif signal.name in self._signals:
                self.problems.append(message("W101", name=ep.name, target=ep.value,
                                             detail=f"a signal named '{signal.name}' already exists"))
            else:
                self._signals[signal.name] = signal

    def __getitem__(self, name: str) -> Signal:
        if name not in self._signals:
            self._load_plugins()
        return self._signals[name]

    def __contains__(self, name: object) -> bool:
        if name not in self._signals:
            self._load_plugins()
        return name in self._signals

    def __iter__(self) -> Iterator[str]:
        self._load_plugins()
        return iter(self._signals)

    def __len__(self) -> int:
        self._load_plugins()
        return len(self._signals)


SIGNALS = SignalRegistry(_BUILTIN)
"""Every signal by name (built-in first, then plugins)."""

__all__ = ["ENTRY_POINT_GROUP", "KPI_TERMS", "SIGNALS", "Detector", "Signal", "SignalRegistry", "Span",
           "first_person_past_actions"]

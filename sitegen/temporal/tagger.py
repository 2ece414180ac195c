"""The tagger: find every rule's matches, keep the longest non-overlapping ones, resolve in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from .absolute import register_absolute_rules
from .context import Anchor, Context
from .holidays import register_holiday_rules
from .periods import register_period_rules
from .quantities import register_quantity_rules
from .ranges import register_range_rules
from .relative import register_relative_rules
from .rules import Rule, RuleRegistry
from .speech import Quotations
from .starts import StartIndex
from .times import register_time_rules
from .timex import DATE, TIME, Timex, period_of

_YEAR_IN_TEXT = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)")
# Years before Christ ("218 BC", "the 470s BC"): a history's years too, far from any news date.
_BC_YEAR_IN_TEXT = re.compile(r"(?<![\d.])(\d{1,4})s?\s*(?:BC|B\.C\.?|BCE)(?!\w)")
_CONCRETE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_FISCAL = re.compile(r"\bfiscal\b", re.IGNORECASE)

# A document is a narrative (recounting history) when it names at least this many years, fewer
# than this share of them (or this many years in all) lie within a year of its reference date,
# and it hardly ever counts from its own date ("yesterday", "on Tuesday", "last week").
NARRATIVE_MIN_YEARS = 3
NARRATIVE_MAX_NEAR_SHARE = 0.2
NARRATIVE_MANY_YEARS = 20
NARRATIVE_MAX_DEICTIC_PER_1000_CHARS = 0.15
# How many quarters before the reference date's one a document's reporting quarter may lie.
REPORTING_QUARTERS_BACK = 4
# Rules whose expressions count from the document's own date.
DEICTIC_RULES = frozenset({"relative_day", "weekday", "relative_unit"})
# Rules whose "today" is the speaker's: inside a dated quotation, they count from its day.
SPEAKER_RULES = frozenset({"relative_day", "part_of_day_on_day", "clock_time",
                           "day_of_a_running_event"})


@dataclass(frozen=True)
class Candidate:
    """A rule's accepted match, before spans are chosen."""

    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]


def default_registry() -> RuleRegistry:
    """A registry holding every built-in rule, in priority order."""
    registry = RuleRegistry()
    register_period_rules(registry)
    register_range_rules(registry)
    register_absolute_rules(registry)
    register_relative_rules(registry)
    register_quantity_rules(registry)
    register_time_rules(registry)
    register_holiday_rules(registry)
    return registry


class Tagger:
    """Finds and resolves the temporal expressions of English texts."""

    def __init__(self, registry: RuleRegistry) -> None:
        self.rules = tuple(registry)
        self._index = StartIndex((rule.source, rule.flags) for rule in self.rules)

    def candidates(self, text: str) -> list[Candidate]:
        """Every accepted match of every rule, in no particular order.

        Matches start at token starts (`starts.TOKEN`); each rule's matches do not overlap one
        another, the first one at a token winning, as `re.finditer` would have it. A rule is only
        tried where its pattern can start with the token and the one after it.
        """
        found = []
        rules = self.rules
        ends = [0] * len(rules)
        for start, orders in self._index.candidates(text):
            for order in orders:
                if start < ends[order]:
                    continue
                rule = rules[order]
                match = rule.pattern.match(text, start)
                if match is None or match.end() == start:
                    continue
                ends[order] = match.end()
                if rule.accept is None or rule.accept(match, text):
                    found.append(Candidate(start, match.end(), order, rule, match))
        return found

    @staticmethod
    def select(candidates: list[Candidate]) -> list[Candidate]:
        """The longest candidates that do not overlap (earlier rules win ties), in text order."""
        chosen: list[Candidate] = []
        taken: list[tuple[int, int]] = []
        for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start, c.order)):
            if all(candidate.end <= start or candidate.start >= end for start, end in taken):
                chosen.append(candidate)
                taken.append((candidate.start, candidate.end))
        return sorted(chosen, key=lambda c: c.start)

    def tag(self, text: str, reference: date | None = None) -> list[Timex]:
        """Every temporal expression of `text`, resolved against `reference` (or the document).

        Without a reference date, the document's own explicit years and weekdays date it: the
        latest day it mentions becomes the reference for everything relative.
        """
        selected = self.select(self.candidates(text))
        years = tuple(int(y) for c in selected if c.rule.explicit
                      for y in _YEAR_IN_TEXT.findall(c.match[0]))
        if reference is None:
            first_pass = self._resolve(text, selected, None, years, narrative=False)
            reference = _latest_day(first_pass, years)
            if reference is None:
                return first_pass
        deictic = sum(1 for c in selected if c.rule.name in DEICTIC_RULES)
        named = years + tuple(-int(y) for c in selected
                              for y in _BC_YEAR_IN_TEXT.findall(c.match[0]))
        narrative = _is_narrative(named, reference, deictic / max(len(text), 1) * 1000)
        return self._resolve(text, selected, reference, years, narrative)

    def _resolve(self, text: str, selected: list[Candidate], reference: date | None,
                 years: tuple[int, ...], narrative: bool) -> list[Timex]:
        result: list[Timex] = []
        context = Context(text, 0, 0, reference, None, narrative, years, earlier=result)
        quotations = Quotations(text)
        fiscal_focus = False

        def values_between(start: int, end: int) -> list[str]:
            return [t.value for t in result if start <= t.start and t.end <= end
                    and t.type in (DATE, TIME)]

        for candidate in selected:
            quotation = quotations.around(candidate.start, candidate.end)
            speech_day = None
            if quotation is not None and candidate.rule.name in SPEAKER_RULES:
                speech_day = quotations.speech_day(quotation[0], values_between)
            context = context.at(candidate.start, candidate.end, speech_day, quotation)
            resolution = candidate.rule.resolve(candidate.match, context)
            if resolution is None:
                continue
            result.append(Timex(candidate.start, candidate.end, candidate.match[0],
                                resolution.type, resolution.value, resolution.mod,
                                candidate.rule.name))
            if resolution.type in (DATE, TIME) and resolution.anchoring:
                fiscal = _FISCAL.search(candidate.match[0]) is not None
                # A company numbers its fiscal quarters its own way: the first calendar quarter
                # named after one (another company's "third-quarter") is the report's period.
                previous = context.quarter
                if fiscal_focus and candidate.rule.name == "quarter" and not fiscal:
                    previous = None
                quarter = _quarter_of(resolution.value, previous, reference) or context.quarter
                if quarter != context.quarter:
                    fiscal_focus = fiscal
                context = replace(context, anchor=_anchor_of(resolution.value, context.anchor),
                                  quarter=quarter)
        return result


def _anchor_of(value: str, previous: Anchor | None) -> Anchor | None:
    match = _CONCRETE.match(value)
    if not match:
        return previous
    year, month, day = match.groups()
    return Anchor(int(year), int(month) if month else None, int(day) if day else None)


def _quarter_of(value: str, previous: tuple[int, int] | None,
                reference: date | None) -> tuple[int, int] | None:
    """The document's reporting quarter: the first one it names (news leads name the period
    they report on; later quarters are usually comparisons), among the quarters of the year up
    to the reference date (a result is reported within a year: older or later quarters are
    history or forecasts)."""
    if previous is not None:
        return previous
    match = _QUARTER.match(value)
    if not match:
        return None
    year, quarter = int(match[1]), int(match[2])
    if reference is not None:
        behind = reference.year * 4 + (reference.month - 1) // 3 - (year * 4 + quarter - 1)
        if not 0 <= behind <= REPORTING_QUARTERS_BACK:
            return None
    return year, quarter


def _is_narrative(years: tuple[int, ...], reference: date, deictic_per_1000_chars: float) -> bool:
    if len(years) < NARRATIVE_MIN_YEARS or deictic_per_1000_chars > NARRATIVE_MAX_DEICTIC_PER_1000_CHARS:
        return False
    near = sum(1 for year in years if abs(year - reference.year) <= 1)
    return near / len(years) < NARRATIVE_MAX_NEAR_SHARE or len(years) >= NARRATIVE_MANY_YEARS


def _latest_day(timexes: list[Timex], years: tuple[int, ...]) -> date | None:
    """The latest fully resolved day among `timexes`, not beyond the document's latest year."""
    limit = max(years) + 1 if years else None
    days = []
    for timex in timexes:
        period = period_of(timex.value) if timex.type in (DATE, TIME) else None
        if period and period[0] == period[1] and (limit is None or period[0].year <= limit):
            days.append(period[0])
    return max(days) if days else None


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """The tagger with every built-in rule (built once, on first use)."""
    return Tagger(default_registry())


def tag(text: str, reference: date | None = None) -> list[Timex]:
    """Every temporal expression of `text`, resolved against `reference` when given."""
    return default_tagger().tag(text, reference)

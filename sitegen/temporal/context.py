"""What a rule may know when it resolves a match: the reference date, the narrative anchor, tense."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from .vocabulary import (
    ABBREVIATIONS,
    DEADLINE_WORDS,
    FUTURE_MARKERS,
    MONTHS,
    NOT_PAST_ED,
    PARTICIPLE_DETERMINERS,
    PASSIVE_AUXILIARIES,
    PAST_MARKERS,
    SCHEDULE_VERBS,
    alternation,
)

if TYPE_CHECKING:
    from .timex import Timex


class Tense(str, Enum):
    """The time orientation of the clause around an expression (a present-tense clause,
    "the case is heard in May", moves no date to either side of the reference)."""

    PAST = "past"
    FUTURE = "future"
    PRESENT = "present"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Anchor:
    """The latest explicitly dated point before an expression (year, and month/day if known)."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> date | None:
        """The anchor as a day, when it is that precise."""
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


@dataclass(frozen=True)
class Context:
    """Resolution context for one match.

    `reference` is the document's date (publication date, or one inferred from the document);
    `narrative` documents recount history, so year-less dates take the anchor's year;
    `document_years` are the explicit years the document mentions, for documents without a
    reference date; `quarter` is the (year, quarter) the document reports on, the period its
    "the quarter" and "a year earlier" speak of; `speech_day` is the day the speaker of the
    quotation around the match speaks on, when the text dates it (`speech`), the day its
    "today" and "this morning" mean. `start`/`end` locate the match in `text`; `earlier` holds
    the expressions resolved before it, in text order.
    """

    text: str
    start: int
    end: int
    reference: date | None = None
    anchor: Anchor | None = None
    narrative: bool = False
    document_years: tuple[int, ...] = field(default_factory=tuple)
    quarter: tuple[int, int] | None = None
    speech_day: date | None = None
    quotation: tuple[int, int] | None = None
    earlier: Sequence[Timex] = ()

    def at(self, start: int, end: int, speech_day: date | None = None,
           quotation: tuple[int, int] | None = None) -> Context:
        """This context for the match at `text[start:end]` (`dataclasses.replace`, but fast)."""
        return Context(self.text, start, end, self.reference, self.anchor, self.narrative,
                       self.document_years, self.quarter, speech_day, quotation, self.earlier)

    def apposed_day(self) -> date | None:
        """The day the match renames, when it stands in apposition to a full date right before
        it: "Oct. 12, the day before the plunge" and "27 June 1950, two days after the
        invasion" are that date, not a day counted from it."""
        if self.anchor is None or not after_a_date(self.text, self.start):
            return None
        return self.anchor.as_date()

    def tense(self) -> Tense:
        """The tense of the clause around the match, from the marker nearest to it (within the
        quotation the match is in: the reporting verb outside it says nothing of its tense)."""
        return clause_tense(self.text, self.start, self.end, self.quotation)


# A full date ending right before a comma or dash: "Oct. 12, ", "2 October 1950-".
_MONTH = rf"\b(?:{alternation(MONTHS)})\.?"
_DATE_BEFORE = re.compile(rf"(?:{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\b\d{{1,2}}\s+{_MONTH}"
                          rf"(?:\s+\d{{4}})?)\s*[,\u2013\u2014-]\s*$", re.IGNORECASE)


_SCHEDULED = re.compile(rf"\b(?:{alternation(SCHEDULE_VERBS)})\s+(?:[a-z]+ly\s+)?(?:on\s+)?$",
                        re.IGNORECASE)
# An infinitive or a verb after an auxiliary is no simple present: "had been due to expire
# Friday", "did not meet Monday" are for the clause's tense to tell.
_AUXILIARY_BEFORE = re.compile(r"\b(?:to|did|didn['’]t|not|could|would|might|may|can|should|must)"
                               r"\s+$", re.IGNORECASE)


def scheduled(text: str, start: int) -> bool:
    """A timetable verb in the simple present governs the expression at `start`: "Arafat and
    Netanyahu meet separately Monday" looks ahead."""
    verb = _SCHEDULED.search(text, max(0, start - 40), start)
    return verb is not None and not _AUXILIARY_BEFORE.search(text, max(0, verb.start() - 10),
                                                             verb.start())


def after_a_date(text: str, start: int) -> bool:
    """A full date and a comma or dash end right before `start`: "Oct. 12, the day before"."""
    return _DATE_BEFORE.search(text, max(0, start - 40), start) is not None


_CLAUSE_BREAK = re.compile(r"[.!?;\n]")
# "next" points ahead; "next to" is a place.
_FUTURE = re.compile(r"(?<![\w'’])(?:" + alternation(FUTURE_MARKERS - {"next"})
                     + r"|next(?!\s+to\b))\b", re.IGNORECASE)
_NOT_PASSIVE = "".join(rf"(?<!\b{re.escape(word)}\s)"
                       for word in sorted(PASSIVE_AUXILIARIES | PARTICIPLE_DETERMINERS))
_PAST = re.compile(
    _NOT_PASSIVE + r"\b(?:(?:" + alternation(PAST_MARKERS) + r")\b"
    r"|(?!(?:" + alternation(NOT_PAST_ED) + r")\b)[a-z]{3,}ed\b)",
    re.IGNORECASE,
)
# "is"/"are" mark a present tense, but "is to resume" is a future (a marker).
_PRESENT = re.compile(r"\b(?:is|are)\b(?!\s+to\b)", re.IGNORECASE)
# A plan made in the past points ahead of it: "planned to leave on Thursday" and "planned a
# march on Saturday" look forward, but "On Friday, the government planned to" dates the planning
# and "began as (previously) planned" tells how a past event went.
_PLANNED = re.compile(r"(?<!\bas\s)(?<!ly\s)\bplanned\b", re.IGNORECASE)
# "Planned" set off by a comma after the expression is a participle ("the rally on Friday,
# planned for months, will draw thousands"): it dates no planning.
_PARTICIPLE = re.compile(r",\s*$")
_MARKERS = ((_FUTURE, Tense.FUTURE), (_PAST, Tense.PAST), (_PRESENT, Tense.PRESENT))
# (pattern, tense when the marker comes before the expression, tense when it comes after)
_SIDED_MARKERS = tuple((pattern, tense, tense) for pattern, tense in _MARKERS) + (
    (_PLANNED, Tense.FUTURE, Tense.PAST),)
_WINDOW = 160
_DEADLINE = re.compile(rf"\b(?:{alternation(DEADLINE_WORDS)})\s+(?:(?:early|mid|late)[-\s]*)?$",
                       re.IGNORECASE)
# "since March": a starting point lies behind.
_SINCE = re.compile(r"\bsince\s+(?:(?:early|mid|late)[-\s]*)?$", re.IGNORECASE)


def clause_tense(text: str, start: int, end: int, bounds: tuple[int, int] | None = None) -> Tense:
    """Past, present or future, from the tense marker nearest to `text[start:end]` within its clause
    (and within `bounds`, when given); a deadline ("by Jan. 14", "effective Feb. 1") is future
    unless its clause is in the past perfect, a starting point ("since March") past."""
    first, last = bounds or (0, len(text))
    left = max(first, start - _WINDOW)
    before = text[left:start]
    breaks = [match for match in _CLAUSE_BREAK.finditer(before) if _ends_clause(before, match)]
    if breaks:
        left += breaks[-1].end()
        before = text[left:start]
    after = text[end:min(last, end + _WINDOW)]
    stop = next((match for match in _CLAUSE_BREAK.finditer(after) if _ends_clause(after, match)),
                None)
    if stop:
        after = after[: stop.start()]
    if _DEADLINE.search(text, max(0, start - 20), start):
        return _deadline_tense(before, after)
    if _SINCE.search(text, max(0, start - 20), start):
        return Tense.PAST
    best: tuple[int, Tense] | None = None
    for pattern, tense_before, tense_after in _SIDED_MARKERS:
        for match in pattern.finditer(before):
            if tense_before is Tense.PAST and _future_in_the_past(before, match):
                continue
            distance = len(before) - match.end()
            if best is None or distance < best[0]:
                best = (distance, _in_the_past(before, match.start(), tense_before))
        for match in pattern.finditer(after):
            if tense_after is Tense.PAST and _future_in_the_past(after, match):
                continue
            if pattern is _PLANNED and _PARTICIPLE.search(after, 0, match.start()):
                continue  # "the rally on Friday, planned for months, will": no verb of its own
            distance = match.start()
            if best is None or distance < best[0]:
                best = (distance, _in_the_past(after, match.start(), tense_after))
    return best[1] if best else Tense.UNKNOWN


_ABBREVIATED = re.compile(r"(?:^|[^\w.])([\w.]+)$")
_NOT_ENDING = ABBREVIATIONS | {m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")}


def _ends_clause(text: str, match: re.Match[str]) -> bool:
    """A break that ends a clause: not the full stop of an initial ("Daniel P. Davison") or of
    an abbreviation ("Mr.", "Corp.", "Oct.")."""
    if match[0] != ".":
        return True
    word = _ABBREVIATED.search(text, max(0, match.start() - 12), match.start())
    if word is None:
        return True
    token = word[1].lower().rstrip(".")
    return not (len(token) == 1 and token.isalpha()) and token not in _NOT_ENDING


_HAD = re.compile(r"\bhad\b", re.IGNORECASE)


def _deadline_tense(before: str, after: str) -> Tense:
    """A deadline lies ahead, unless the phrase around it (up to a comma) is in the past perfect:
    "members had filed reports by Wednesday", "Until Thursday, they had not called him"."""
    own_before = before.rsplit(",", 1)[-1]
    own_after = after.lstrip(" ,").split(",", 1)[0]
    if _HAD.search(own_before) or _HAD.search(own_after):
        return Tense.PAST
    return Tense.FUTURE


_PROSPECTIVE = re.compile(r"\s+(?:planning|scheduled|expected|due|set|going)\s+to\b", re.IGNORECASE)


def _future_in_the_past(text: str, match: re.Match[str]) -> bool:
    """"were planning to drive on Saturday", "was scheduled to return": a past auxiliary that
    only carries a plan marks no past tense (the plan marker after it decides)."""
    return match[0].lower() in ("was", "were") and _PROSPECTIVE.match(text, match.end()) is not None


_PAST_PERFECT = re.compile(r"\bhad\s+(?:been\s+)?$", re.IGNORECASE)


def _in_the_past(text: str, start: int, tense: Tense) -> Tense:
    """A future seen from the past ("had been due to expire", "had been scheduled") is past."""
    if tense is Tense.FUTURE and _PAST_PERFECT.search(text, max(0, start - 12), start):
        return Tense.PAST
    return tense

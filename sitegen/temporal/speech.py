"""Reported speech: quotations, and the day their speaker speaks on.

"On Facebook Tuesday, the spokesperson cited reports: “... this afternoon the forces
launched ...”": the quotation's "this afternoon" is the speaker's Tuesday afternoon, not the
afternoon of the day the article was published. A quotation is dated when the sentence it
opens in introduces it with a reporting word ("said", "told", "cited", "according to") and
names exactly one day before it; deictic words inside it ("today", "this morning",
"yesterday") then count from that day.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import date

from .vocabulary import (
    ABBREVIATIONS,
    MONTHS,
    QUOTATION_MARKS,
    REPORTING_WORDS,
    WEEKDAYS,
    alternation,
)

_CLOSING_MARKS = frozenset(QUOTATION_MARKS.values()) - frozenset(QUOTATION_MARKS)
_MARK = re.compile("|".join(re.escape(mark) for mark in sorted(
    set(QUOTATION_MARKS) | _CLOSING_MARKS, key=len, reverse=True)) + r"|\n[ \t\r]*\n")
# How far before a quotation its introducing sentence is looked for.
LEAD_IN_CHARS = 400
_SENTENCE_END = re.compile(r"(?:(?<=\W)|^)([\w.]*)[.!?]+[\"'”’)]*\s+(?=[\"'“‘`(]*[A-Z0-9])|\n")
_NOT_ENDING = (ABBREVIATIONS | {w for w in MONTHS if len(w) <= 4 and w not in ("may", "june", "july")}
               | {w for w in WEEKDAYS if len(w) <= 5})
_REPORTING = re.compile(rf"\b(?:{alternation(REPORTING_WORDS)})\b", re.IGNORECASE)
_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?![\d-])")

Span = tuple[int, int]


def quotation_spans(text: str) -> list[Span]:
    """The quotations of `text`, from their opening mark to their closing one, in order.

    A quotation left open ends with its paragraph (news opens a quotation again on each
    paragraph it runs over) or where the next one opens. A closing mark opens a quotation
    when it stands where an opening one would, before a word ("''And I will be there''");
    other stray closing marks are ignored.
    """
    spans: list[Span] = []
    opened: int | None = None
    closing = ""
    for match in _MARK.finditer(text):
        mark = match[0]
        if opened is not None and mark == closing:
            spans.append((opened, match.end()))
            opened = None
        elif mark[0] == "\n" or mark in QUOTATION_MARKS or _opens(text, match):
            if opened is not None:
                spans.append((opened, match.start()))
                opened = None
            if mark[0] != "\n":
                opened, closing = match.start(), QUOTATION_MARKS.get(mark, mark)
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _opens(text: str, match: re.Match[str]) -> bool:
    """The mark stands at a line start or after a space, right before a letter or digit."""
    before = text[match.start() - 1] if match.start() else "\n"
    after = text[match.end()] if match.end() < len(text) else " "
    return before.isspace() and after.isalnum()


def sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts (looking back at most `LEAD_IN_CHARS`)."""
    left = max(0, position - LEAD_IN_CHARS)
    start = left
    for match in _SENTENCE_END.finditer(text, left, position):
        if match[0] == "\n" or match[1].lower().rstrip(".") not in _NOT_ENDING:
            start = match.end()
    return start


def sentence_end(text: str, position: int, limit: int = LEAD_IN_CHARS) -> int:
    """Where the sentence holding `position` ends (looking ahead at most `limit` characters)."""
    right = min(len(text), position + limit)
    for match in _SENTENCE_END.finditer(text, position, right):
        if match[0] == "\n" or match[1].lower().rstrip(".") not in _NOT_ENDING:
            return match.start() + len(match[0].rstrip())
    return right


DayOf = Callable[[int, int], Iterable[str]]


class Quotations:
    """The quotations of one text and the days their speakers speak on."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = quotation_spans(text)
        self._opens = [start for start, _ in self.spans]
        self._days: dict[int, date | None] = {}

    def around(self, start: int, end: int) -> Span | None:
        """The quotation `text[start:end]` lies inside, if any."""
        index = bisect_right(self._opens, start) - 1
        if index < 0:
            return None
        span = self.spans[index]
        return span if end <= span[1] else None

    def speech_day(self, opened: int, values_between: DayOf) -> date | None:
        """The day the quotation opening at `opened` was spoken on: the only day its sentence
        names before it, when a reporting word introduces it. `values_between(start, end)`
        gives the values of the expressions tagged in `text[start:end]`."""
        if opened not in self._days:
            self._days[opened] = self._find_day(opened, values_between)
        return self._days[opened]

    def _find_day(self, opened: int, values_between: DayOf) -> date | None:
        start = sentence_start(self.text, opened)
        if not _REPORTING.search(self.text, start, opened):
            return None
        days = {match.groups() for value in values_between(start, opened)
                if (match := _DAY_VALUE.match(value))}
        if len(days) != 1:
            return None
        year, month, day = (int(part) for part in days.pop())
        return date(year, month, day)

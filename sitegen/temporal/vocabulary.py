"""Word tables the temporal rules are built from. Rules never spell these words in regex literals."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

MONTHS: Mapping[str, int] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# Full month names that are also everyday words: standing alone they are months only when
# capitalised and not at the start of a sentence (checked by the rules).
AMBIGUOUS_MONTHS = frozenset({"may", "march"})

WEEKDAYS: Mapping[str, int] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tues": 1, "tue": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}

# Weekday abbreviations that are everyday English words, accepted only when followed by a period.
AMBIGUOUS_WEEKDAYS = frozenset({"wed", "sat", "sun", "mon", "tue", "thu", "fri"})

SEASONS: Mapping[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}

# TIMEX3 part-of-day codes.
PARTS_OF_DAY: Mapping[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI",
    "noon": "MI", "overnight": "NI",
}

NUMBER_WORDS: Mapping[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}

# Quantity words with no exact number: durations with them get an "X" amount (P X D).
VAGUE_QUANTITIES = frozenset({"several", "few", "a few", "many", "some", "couple of", "a couple of"})

ORDINAL_WORDS: Mapping[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}

# Quarters of a year by ordinal ("the third quarter", "3rd-quarter").
QUARTER_ORDINALS: Mapping[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
# Halves of a year: "the first half of 1990", "the last two quarters of 1989".
HALF_ORDINALS: Mapping[str, int] = {
    "first half": 1, "second half": 2, "last half": 2, "latter half": 2,
    "first two quarters": 1, "last two quarters": 2,
}
# Determiners of the reporting period a business story is about: "the latest quarter".
PERIOD_DETERMINERS = frozenset({
    "the", "the latest", "the current", "the same", "the most recent", "this", "that", "its",
    "its latest", "the just-ended", "the just-completed", "the comparable", "the corresponding",
})
# Nouns naming a reporting period ("the latest period") and its figures ("year-ago results").
PERIOD_NOUNS = frozenset({"quarter", "period"})
REPORT_NOUNS = frozenset({
    "result", "results", "profit", "profits", "loss", "losses", "earnings", "net", "income",
    "sales", "revenue", "level", "levels", "figure", "figures",
})
# Words for "one year before the reporting period": "the year-ago quarter", "year-earlier results".
YEAR_AGO_WORDS = frozenset({"year-ago", "year-earlier", "prior-year", "year-before"})

# Duration units and their TIMEX3 letters; time units take the "PT" prefix.
UNITS: Mapping[str, str] = {
    "second": "S", "minute": "M", "hour": "H",
    "day": "D", "week": "W", "weekend": "WE", "fortnight": "W2", "month": "M", "quarter": "Q",
    "year": "Y", "decade": "DE", "century": "CE",
}
TIME_UNITS = frozenset({"second", "minute", "hour"})

# Relative day words: offset in days from the reference date, and the part of day if any.
RELATIVE_DAYS: Mapping[str, tuple[int, str | None]] = {
    "today": (0, None),
    "yesterday": (-1, None),
    "tomorrow": (1, None),
    "tonight": (0, "NI"),
    "last night": (-1, "NI"),
    "this morning": (0, "MO"),
    "this afternoon": (0, "AF"),
    "this evening": (0, "EV"),
    "yesterday morning": (-1, "MO"),
    "yesterday afternoon": (-1, "AF"),
    "yesterday evening": (-1, "EV"),
    "tomorrow morning": (1, "MO"),
    "tomorrow afternoon": (1, "AF"),
    "tomorrow evening": (1, "EV"),
    "the day before yesterday": (-2, None),
    "the day after tomorrow": (2, None),
}

# "last week", "next month": the offset each modifier gives a calendar unit.
RELATIVE_MODIFIERS: Mapping[str, int] = {
    "last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
}

# Words that refer to the present, past or future in general (TIMEX3 *_REF values).
REFERENCE_WORDS: Mapping[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "the present": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "recently": "PAST_REF", "the past": "PAST_REF", "formerly": "PAST_REF",
    "the future": "FUTURE_REF", "soon": "FUTURE_REF",
}

# Period modifiers: "early 2021" → START, "mid-October" → MID, "late December" → END.
MODIFIERS: Mapping[str, str] = {
    "early": "START", "the beginning of": "START", "the start of": "START",
    "the first half of": "START",
    "mid": "MID", "the middle of": "MID", "mid-": "MID",
    "late": "END", "the end of": "END", "the second half of": "END",
}

SET_ADVERBS: Mapping[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "P1D",
}

# Clause words that point a year-less or weekday date forward (plans) or back (reports).
FUTURE_MARKERS = frozenset({
    "will", "shall", "'ll", "’ll", "going to", "is due", "are due", "due to", "plans", "plan",
    "planned", "scheduled", "expected", "upcoming", "next", "to be held", "intends", "aims",
    "would", "expects", "expect", "anticipates", "payable", "to be", "planning", "set to",
    "likely to", "might", "as soon as", "as early as",
})
PAST_MARKERS = frozenset({
    "was", "were", "had", "did", "said", "says", "told", "met", "began", "begun", "went", "came",
    "took", "made", "saw", "gave", "broke", "fought", "held", "left", "led", "won", "lost",
    "sent", "spoke", "struck", "knew", "thought", "found", "got", "kept", "ran", "stood",
    "brought", "built", "felt", "heard", "paid", "sold", "wrote", "fell", "rose", "hit",
    "shot", "ago", "last", "earlier", "yesterday", "erupted", "has", "have", "been",
})
# After these, an -ed word is a passive participle and says nothing about tense ("will be paid").
PASSIVE_AUXILIARIES = frozenset({"be", "been", "being", "is", "are", "am", "'s", "’s"})
# Words ending in -ed that are not past tenses.
NOT_PAST_ED = frozenset({"need", "speed", "seed", "feed", "bed", "red", "shed", "proceed",
                         "exceed", "succeed", "breed", "greed", "indeed", "hundred", "embed",
                         "united", "based", "related", "armed", "expected", "scheduled",
                         "planned", "due", "led"})


def month_number(word: str) -> int:
    """The month (1-12) a month name or abbreviation stands for ("Sept." → 9)."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """The weekday (Monday = 0) a weekday name or abbreviation stands for."""
    return WEEKDAYS[word.lower().rstrip(".")]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so the longest spelling wins."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)

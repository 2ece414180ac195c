"""Word tables the temporal rules are built from. Rules never spell these words in regex literals."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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
# Season names that are also everyday words ("prices fall"): seasons only after a word that
# introduces a date, with a modifier, or with a year.
AMBIGUOUS_SEASONS = frozenset({"fall", "spring"})

# Words that, right before an ambiguous month or season name, show it is a date ("in May").
DATE_LEAD_WORDS = frozenset({
    "in", "since", "by", "until", "till", "of", "from", "to", "through", "during", "before",
    "after", "early", "late", "mid", "last", "next", "this", "and", "or", "between",
    "throughout", "on", "the", "each", "every", "that", "past", "coming",
})

# Decades in words: "the nineties".
DECADE_WORDS: Mapping[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}

# TIMEX3 part-of-day codes.
PARTS_OF_DAY: Mapping[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI",
    "noon": "MI", "overnight": "NI",
}

# Holidays on a fixed day of the year: name → (month, day).
FIXED_HOLIDAYS: Mapping[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
    "independence day": (7, 4), "fourth of july": (7, 4), "the fourth of july": (7, 4),
    "halloween": (10, 31), "valentine's day": (2, 14), "st. valentine's day": (2, 14),
    "veterans day": (11, 11), "armistice day": (11, 11), "bastille day": (7, 14),
    "boxing day": (12, 26), "may day": (5, 1), "d-day": (6, 6),
}
# Holidays on the n-th weekday of a month: name → (month, weekday (Monday 0), n; -1 = last).
WEEKDAY_HOLIDAYS: Mapping[str, tuple[int, int, int]] = {
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3),
    "presidents' day": (2, 0, 3), "columbus day": (10, 0, 2), "mother's day": (5, 6, 2),
    "father's day": (6, 6, 3),
}
# Holidays dated from Easter Sunday: name → days after it.
EASTER_HOLIDAYS: Mapping[str, int] = {
    "easter": 0, "easter sunday": 0, "easter day": 0, "good friday": -2, "easter monday": 1,
    "palm sunday": -7, "ash wednesday": -46, "pentecost": 49,
}
# United States federal election day: the Tuesday after the first Monday of November.
ELECTION_DAY = "election day"

# Ordinal centuries in words: "the twentieth century".
ORDINAL_CENTURY_WORDS: Mapping[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}

# Named times of day, as TIMEX3 clock times.
CLOCK_WORDS: Mapping[str, str] = {"noon": "12:00", "midday": "12:00", "midnight": "24"}
# "4 in the morning", "8 in the evening": hours to add to the clock hour.
HOURS_ADDED_BY_PART: Mapping[str, int] = {"morning": 0, "afternoon": 12, "evening": 12, "night": 12}
# Words before a bare "10:57" that make it a time of day.
CLOCK_PREPOSITIONS = frozenset({
    "at", "by", "until", "till", "from", "before", "after", "around", "about", "to", "and",
    "since", "between",
})
# Time zones written after a clock time ("5 p.m. EST"): kept in the span, not in the value.
TIME_ZONES = frozenset({
    "gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "cet", "cest",
    "local time",
})

NUMBER_WORDS: Mapping[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}

# Words that multiply the number word before them: "two hundred", "a thousand".
MULTIPLIERS: Mapping[str, int] = {"hundred": 100, "thousand": 1000}

# Quantity words with no exact number: durations with them get an "X" amount (P X D).
VAGUE_QUANTITIES = frozenset({"several", "few", "a few", "many", "some"})
# Quantity phrases that stand for a number: "a couple of years" is P2Y.
QUANTITY_PHRASES: Mapping[str, int] = {"couple of": 2, "a couple of": 2, "a dozen": 12, "dozen": 12}

# Spoken years: "nineteen ninety-six", "two thousand and one".
SPOKEN_CENTURIES: Mapping[str, int] = {
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
UNIT_WORDS: Mapping[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}
TEEN_WORDS: Mapping[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS: Mapping[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}

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
# "the fiscal year", "the latest fiscal year": the year a qualifier points to, from the base year.
YEAR_QUALIFIERS: Mapping[str, int] = {
    "": 0, "full": 0, "fiscal": 0, "current": 0, "current fiscal": 0, "calendar": 0,
    "financial": 0, "latest": -1, "latest fiscal": -1, "previous": -1, "previous fiscal": -1,
    "last fiscal": -1, "past fiscal": -1, "prior": -1, "prior fiscal": -1, "next fiscal": 1,
    "new fiscal": 1, "new": 1,
}
# After "the year", words that make it a span of twelve months: "the year ended March 31".
YEAR_SPAN_WORDS = frozenset({"ended", "ending", "ends", "to", "that ended", "which ended"})
# Spans of several quarters a report adds up ("for the nine months"): in their sentence, "a year
# earlier" is the same span a year before, a year rather than the reporting quarter.
YEAR_TO_DATE_SPANS = frozenset({
    "nine months", "nine-month", "9 months", "six months", "six-month", "first half",
    "year to date", "year-to-date",
})
# Words for "one year before the reporting period": "the year-ago quarter", "year-earlier results".
YEAR_AGO_WORDS = frozenset({"year-ago", "year-earlier", "prior-year", "year-before"})

# Duration units and their TIMEX3 letters; time units take the "PT" prefix.
UNITS: Mapping[str, str] = {
    "second": "S", "minute": "M", "hour": "H",
    "day": "D", "week": "W", "weekend": "WE", "fortnight": "W2", "month": "M", "quarter": "Q",
    "year": "Y", "decade": "DE", "century": "CE", "millennium": "L",
}
TIME_UNITS = frozenset({"second", "minute", "hour"})
# Plural units standing alone ("for years"), with their singular.
UNIT_OF_PLURAL: Mapping[str, str] = {
    "minutes": "minute", "hours": "hour", "days": "day", "weeks": "week", "months": "month",
    "quarters": "quarter", "years": "year", "decades": "decade", "centuries": "century",
    "millennia": "millennium",
}
PLURAL_UNITS = frozenset(UNIT_OF_PLURAL)
# Plural units that alone are other nouns ("winter quarters", "crew quarters"): durations only
# with a number or a qualifier ("several quarters", "recent quarters").
NOT_BARE_DURATIONS = frozenset({"quarters"})

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

# Nouns that make "today's"/"tomorrow's" the present or future age in general ("today's youth",
# "the leaders of tomorrow"), not a day: annotators leave these untagged.
ERA_NOUNS = frozenset({
    "world", "society", "youth", "young", "generation", "generations", "children", "kids",
    "teenagers", "leaders", "people", "citizens", "consumers", "families", "parents", "students",
})
# Quantifiers before "of today's" that make it general ("many of today's computers").
ERA_QUANTIFIERS = frozenset({"many", "most", "some", "all", "few", "much", "none"})

# Quotation marks: each opening mark and the mark that closes it ('"' both opens and closes).
QUOTATION_MARKS: Mapping[str, str] = {"“": "”", "``": "''", "«": "»", '"': '"'}
# Words that introduce reported speech: "she told AFP: “...”", "according to the ministry".
REPORTING_WORDS = frozenset({
    "said", "says", "say", "saying", "told", "tells", "telling", "cited", "cites", "citing",
    "quoted", "quoting", "wrote", "writes", "writing", "posted", "stated", "announced",
    "added", "adding", "declared", "tweeted", "reported", "explained", "recalled",
    "according to", "insisted", "warned", "noted", "asked", "replied", "commented", "claimed",
    "confirmed", "testified", "urged", "remarked", "acknowledged", "admitted", "argued",
    "complained", "vowed", "pledged", "promised", "shouted", "recounted", "statement",
    "interview", "speech", "message",
})
# Abbreviations whose period does not end a sentence ("Gen. Smith", "Oct. 5"), besides the
# month and weekday abbreviations.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "gov",
    "sen", "rep", "pres", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "rev",
    "u.s", "u.n", "u.k", "a.m", "p.m",
})

# "the following year", "that same day": units counted from the last date the text named.
ANCHORED_MODIFIERS: Mapping[str, int] = {
    "the previous": -1, "the preceding": -1, "the prior": -1, "the following": 1, "the next": 1,
    "the succeeding": 1, "the same": 0, "that": 0, "that same": 0, "that very": 0,
}
# Before "the next year", words that make it a span ("for the next year"), not a date.
SPAN_PREPOSITIONS = frozenset({"for", "over", "throughout", "within", "during"})
# "the day before", "the year after": the offset each gives.
ANCHORED_SIDES: Mapping[str, int] = {"before": -1, "after": 1}

# Words before "yesterday" or "tomorrow" kept in the span: "late yesterday".
DAY_SIDES = frozenset({"early", "late", "earlier", "later"})

# "last week", "next month": the offset each modifier gives a calendar unit.
RELATIVE_MODIFIERS: Mapping[str, int] = {
    "last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
}

# Words that refer to the present, past or future in general (TIMEX3 *_REF values).
REFERENCE_WORDS: Mapping[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF", "the present": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "then current": "PAST_REF", "then-current": "PAST_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "the past": "PAST_REF", "formerly": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "a later date": "FUTURE_REF",
}
# Words before a plural unit that make it a past or future reference: "in recent years".
REFERENCE_QUALIFIERS: Mapping[str, str] = {
    "recent": "PAST_REF", "past": "PAST_REF", "the past": "PAST_REF",
    "coming": "FUTURE_REF", "the coming": "FUTURE_REF", "future": "FUTURE_REF",
    "upcoming": "FUTURE_REF",
}
# Of those, the ones that make a span of the units up to (from) now: "in recent years" is PXY.
SPAN_QUALIFIERS = frozenset({"recent", "coming", "the coming"})

# Words before a duration that bound it, with their TIMEX3 `mod`: "nearly two years".
DURATION_MODIFIERS: Mapping[str, str] = {
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}
# Determiners a duration's span starts with: "the first nine months", "the past three years".
DURATION_DETERMINERS = frozenset({
    "the", "the past", "the last", "the next", "the coming", "the previous", "the first",
    "the latest", "the final", "the remaining", "the year-earlier", "the year-ago", "the same",
    "the entire", "the full", "the following", "the preceding", "past", "last", "next",
})
# Words between a number and its unit that do not change the duration: "ten straight days".
DURATION_FILLERS = frozenset({
    "straight", "consecutive", "long", "full", "more", "additional", "extra", "trading",
    "business", "working", "calendar", "further", "successive",
})
# Words before "a year" that make it a rate ("$2 million a year"), not a duration.
RATE_WORDS = frozenset({
    "million", "billion", "trillion", "thousand", "hundred", "percent", "cents", "dollars",
    "times", "hours", "days",
})

# Period modifiers: "early 2021" → START, "mid-October" → MID, "late December" → END.
MODIFIERS: Mapping[str, str] = {
    "early": "START", "the beginning of": "START", "the start of": "START",
    "the first half of": "START",
    "mid": "MID", "the middle of": "MID", "mid-": "MID",
    "late": "END", "the end of": "END", "the second half of": "END",
}

# Nouns for an event a story dates once and then counts from ("ten days before the shooting"),
# with the verbs of a sentence that dates it ("was shot to death on Oct. 23"). A sentence that
# only names the event ("searched the site of the shooting on April 8") does not date it, and
# verbs with other everyday senses ("hit a record", "the deal struck") are left out.
_VIOLENT_DEATH = r"shot|gunned|killed|murdered|slain|assassinated|died"
_ATTACK = r"bombed|exploded|attacked"
EVENT_NOUNS: Mapping[str, str] = {
    "shooting": _VIOLENT_DEATH, "murder": _VIOLENT_DEATH, "slaying": _VIOLENT_DEATH,
    "killing": _VIOLENT_DEATH, "death": _VIOLENT_DEATH, "assassination": _VIOLENT_DEATH,
    "bombing": _ATTACK, "bombings": _ATTACK, "blast": _ATTACK, "explosion": _ATTACK,
    "attack": _ATTACK, "attacks": _ATTACK,
    "election": r"elected", "vote": r"voted", "invasion": r"invaded", "crash": r"crashed",
    "coup": r"seized|toppled|overthrew",
}
# Nouns after an event noun that make it something else: "the death penalty", "the election
# campaign".
NOT_EVENT_AFTER = frozenset({
    "penalty", "sentence", "toll", "row", "threat", "threats", "squad", "certificate", "rate",
    "campaign", "results", "law", "laws", "officials", "commission", "plan", "plans",
})

SET_ADVERBS: Mapping[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "P1D",
}

# Clause words that point a year-less or weekday date forward (plans) or back (reports).
FUTURE_MARKERS = frozenset({
    "will", "shall", "'ll", "’ll", "going to", "is due", "are due", "due to", "plans to", "plan to",
    "scheduled", "expected", "upcoming", "next", "to be held", "intends", "aims",
    "would", "expects", "expect", "anticipates", "payable", "to be", "planning", "set to",
    "likely to", "might", "as soon as", "as early as", "until", "is to", "are to",
})
# Verbs of a timetable in the simple present: right before a weekday they announce it ("the
# two leaders meet Monday", "the session opens Tuesday"), whatever reporting verb frames them.
SCHEDULE_VERBS = frozenset({
    "meet", "meets", "begin", "begins", "start", "open", "opens", "resume", "resumes",
    "convene", "convenes", "arrive", "arrives", "travel", "expire", "expires",
})
PAST_MARKERS = frozenset({
    "was", "were", "had", "did", "said", "says", "told", "met", "began", "begun", "went", "came",
    "took", "made", "saw", "gave", "broke", "fought", "held", "left", "led", "won", "lost",
    "sent", "spoke", "struck", "knew", "thought", "found", "got", "kept", "ran", "stood",
    "brought", "built", "felt", "heard", "paid", "sold", "wrote", "fell", "rose", "hit",
    "shot", "ago", "last", "earlier", "yesterday", "erupted", "has", "have", "been",
    "became", "bought", "caught", "chose", "drew", "drove", "ate", "fled", "flew", "forgot",
    "froze", "grew", "hid", "meant", "sought", "shook", "showed", "sang", "sank", "sat",
    "slept", "spent", "stole", "swore", "swept", "taught", "tore", "threw", "understood",
    "woke", "wore", "withdrew", "arose", "blew", "clung", "crept", "dealt", "dug", "forgave",
    "knelt", "mistook", "overtook", "undertook", "sprang", "strode", "swung", "wept", "hung",
})
# Words right before a date that make it a deadline, which news sets ahead: "payable Dec. 7",
# "effective Feb. 1", "by Jan. 14", "until March 6".
DEADLINE_WORDS = frozenset({"by", "until", "till", "through", "effective", "payable"})
# After these, an -ed word is a passive participle and says nothing about tense ("will be paid").
PASSIVE_AUXILIARIES = frozenset({"be", "been", "being", "is", "are", "am", "'s", "’s"})
# After these, an -ed word is an adjective and says nothing about tense ("on a still unspecified
# date", "its revised forecast").
PARTICIPLE_DETERMINERS = frozenset({"a", "an", "the", "still", "its", "his", "her", "their", "our",
                                    "this", "these", "newly"})
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


def spoken_number(words: str) -> int | None:
    """The number below 100 that number words spell ("ninety-six", "twelve"), else None."""
    parts = re.split(r"[-\s]+", words.lower().strip())
    if len(parts) == 1 and parts[0]:
        word = parts[0]
        return UNIT_WORDS.get(word) or TEEN_WORDS.get(word) or TENS_WORDS.get(word)
    if len(parts) == 2 and parts[0] in TENS_WORDS and parts[1] in UNIT_WORDS:
        return TENS_WORDS[parts[0]] + UNIT_WORDS[parts[1]]
    return None


def year_number(text: str) -> int:
    """The year written in digits ("1996") or spelled out ("nineteen ninety-six",
    "nineteen oh five", "two thousand and one")."""
    if text.isdigit():
        return int(text)
    words = " ".join(text.lower().replace("-", " ").split())
    if words.startswith("two thousand"):
        rest = words[len("two thousand"):].strip()
        rest = rest.removeprefix("and ")
        return 2000 + (spoken_number(rest) or 0)
    century, _, rest = words.partition(" ")
    rest = rest.removeprefix("oh ")
    return SPOKEN_CENTURIES[century] * 100 + (spoken_number(rest) or 0)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so the longest spelling wins."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def period_mod(words: str | None) -> str | None:
    """The TIMEX3 `mod` of a period modifier as written ("The End of" → "END"), or None."""
    return MODIFIERS[" ".join(words.lower().split())] if words else None

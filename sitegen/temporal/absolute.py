"""Rules for calendar dates: full dates, dates without a year, months, seasons, years, decades."""

from __future__ import annotations

import re
from datetime import date

from .context import Context
from .resolve import base_day, base_year, pick_year
from .rules import Resolution, RuleRegistry
from .timex import DATE, SET, TIME, day_value, month_value, safe_date, week_value
from .vocabulary import (
    AMBIGUOUS_MONTHS,
    AMBIGUOUS_SEASONS,
    ANCHORED_MODIFIERS,
    DATE_LEAD_WORDS,
    DECADE_WORDS,
    MODIFIERS,
    MONTHS,
    ORDINAL_CENTURY_WORDS,
    PARTS_OF_DAY,
    RELATIVE_MODIFIERS,
    SEASONS,
    SPOKEN_CENTURIES,
    TEEN_WORDS,
    TENS_WORDS,
    UNIT_WORDS,
    WEEKDAYS,
    alternation,
    period_mod,
    month_number,
    weekday_number,
    year_number,
)

WEEKDAY = (rf"(?P<weekday>(?:{alternation(n for n in WEEKDAYS if len(n) > 5)})\b"
           rf"|(?:tues|thurs|wed|fri)\b\.)")
PART_OF_DAY = rf"(?P<part>{alternation(PARTS_OF_DAY)})"
MONTH = (rf"(?P<month>(?:{alternation(n for n in MONTHS if len(n) > 4 or n == 'may')})\b"
         rf"|(?:{alternation(n for n in MONTHS if len(n) <= 4 and n != 'may')})\b\.?)")
DAY = r"(?<![\d,.$])(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d|\.\d|,\d{3})"
_UNITS, _TEENS, _TENS = (alternation(words) for words in (UNIT_WORDS, TEEN_WORDS, TENS_WORDS))
_BELOW_HUNDRED = rf"(?:(?:{_TENS})(?:[-\s]+(?:{_UNITS}))?|{_TEENS}|{_UNITS})"
SPOKEN_YEAR = (rf"\b(?:two\s+thousand(?:\s+(?:and\s+)?{_BELOW_HUNDRED})?|(?:{alternation(SPOKEN_CENTURIES)})"
               rf"\s+(?:oh\s+(?:{_UNITS})|(?:{_TENS})(?:[-\s]+(?:{_UNITS}))?|{_TEENS}))\b")
YEAR = (r"(?P<year>(?<![\d$£€#.,])(?:1[0-9]|20)\d{2}(?![\d]|\.\d|,\d|\s*%)"
        rf"|{SPOKEN_YEAR})")
MODIFIER = rf"(?:(?P<mod>{alternation(MODIFIERS)})[-\s]*)"
WEEKDAY_PREFIX = rf"(?:{WEEKDAY}(?:\s+{PART_OF_DAY})?,?\s+(?:the\s+)?)"

# Words after a number that make it a quantity, not a year ("2000 troops").
_COUNT_NOUN = re.compile(
    r"\s*(?:-?\s*(?:people|persons|troops|soldiers|men|women|children|civilians|dead|killed|"
    r"wounded|dollars|euros|pounds|members|votes|units|tons|tonnes|km|kilometers|kilometres|"
    r"miles|meters|metres|feet|mm|cm|kg|mw|shares|barrels|acres|hectares|residents|refugees|"
    r"workers|employees|jobs|cases|deaths|homes|houses|rounds|rockets|missiles|years|months|"
    r"weeks|days|hours|minutes)\b)",
    re.IGNORECASE,
)
# Words before a number that make it part of a name: "Resolution 1483", "Flight 1990", and a
# name given with "called"/"named" ("a joint venture called Orion 1980").
_IDENTIFIER_LEAD = re.compile(
    r"(?:\b(?:resolution|flight|route|highway|interstate|article|section|chapter|room|model|"
    r"proposition|no\.)|\b(?:called|named|dubbed)\s+(?-i:[A-Z][\w&-]*\s+){1,3})\s*$",
    re.IGNORECASE,
)
_NOT_SEASON_LEAD = re.compile(r"\b(?:to|and|or)\s+$", re.IGNORECASE)
# "the fall of Atlanta", "the fall of the city": the noun "fall", not the season ("the fall of 1943").
_FALL_OF = re.compile(r"\s+of\b(?!\s+(?:\d|(?:the\s+)?(?:same|that|this|next|last|following)\s+year\b))",
                      re.IGNORECASE)
# The era after a year before Christ, in capitals: "480 BC", "44 B.C.", "300 BCE".
_BC = r"(?-i:BC|B\.C\.?|BCE)(?!\w)"
# "this year through August": the month ends a stretch of this year, so it is this year's.
_THIS_YEAR_THROUGH = re.compile(r"\bthis\s+year\s+(?:through|to|until|till)\s+$", re.IGNORECASE)
_DATE_LEAD = re.compile(rf"(?:\b(?:{alternation(DATE_LEAD_WORDS)})\s*-?\s*|\d\s+)$", re.IGNORECASE)


def year_of(match: re.Match[str]) -> int:
    """The year a match's `year` group spells, in digits or words."""
    return year_number(match["year"])


def _month(match: re.Match[str]) -> int:
    return month_number(match["month"])


def _weekday(match: re.Match[str]) -> int | None:
    name = match.groupdict().get("weekday")
    return weekday_number(name) if name else None


def _mod(match: re.Match[str]) -> str | None:
    return period_mod(match.groupdict().get("mod"))


def _with_part(match: re.Match[str], value: str) -> Resolution:
    part = match.groupdict().get("part")
    if part:
        return Resolution(TIME, f"{value}T{PARTS_OF_DAY[part.lower()]}")
    return Resolution(DATE, value)


def day_resolution(match: re.Match[str], year: int | None, month: int, day: int,
                   ) -> Resolution | None:
    """The day (with the match's part of day, if any), or "XXXX-MM-DD" without a year."""
    if year is None:
        if safe_date(2000, month, day) is None:
            return None
        return _with_part(match, f"XXXX-{month:02d}-{day:02d}")
    found = safe_date(year, month, day)
    if found is None:
        return None
    return _with_part(match, day_value(found))


def capitalised(match: re.Match[str], text: str) -> bool:
    """The month (or holiday) name of the match is capitalised: "May 5", not "may".
    Looks at the first of the groups `month`, `month2`, `name` the pattern has and matched."""
    groups = match.groupdict()
    word = next(groups[name] for name in ("month", "month2", "name") if groups.get(name))
    return word[0].isupper()


def _standalone_month(match: re.Match[str], text: str) -> bool:
    """A month name alone is a month only when capitalised and, for "May"/"March", after a
    preposition or modifier."""
    word = match["month"].rstrip(".")
    if not word[0].isupper():
        return False
    lowered = word.lower()
    if lowered not in MONTHS or (len(lowered) <= 4 and lowered not in ("may", "june", "july")):
        return False
    if lowered in AMBIGUOUS_MONTHS and not match.groupdict().get("mod"):
        return _led_as_date(match, text)
    return True


def _led_as_date(match: re.Match[str], text: str) -> bool:
    """A word introducing a date ("in", "last", "the"...) stands right before the match."""
    return _DATE_LEAD.search(text, max(0, match.start() - 12), match.start()) is not None


def _season_word(match: re.Match[str], text: str) -> bool:
    """"fall" and "spring" are seasons with a modifier, a year, or after a word leading a date
    other than a conjunction or "to" ("began to fall", "rise and fall"); "fall of" a place or a
    regime is not a season."""
    if match["season"].lower() not in AMBIGUOUS_SEASONS:
        return True
    if match["season"].lower() == "fall" and not match["year"] and _FALL_OF.match(text, match.end()):
        return False
    if match["mod"] or match["rel"] or match["year"] or match["the"]:
        return True
    return _led_as_date(match, text) and _NOT_SEASON_LEAD.search(
        text, max(0, match.start() - 5), match.start()) is None


def _not_quantity(match: re.Match[str], text: str) -> bool:
    """A bare year is not followed by a count noun ("2000 troops") nor part of a name
    ("Resolution 1483", "a venture called Orion 1980")."""
    return (_COUNT_NOUN.match(text, match.end()) is None
            and _IDENTIFIER_LEAD.search(text, max(0, match.start() - 40), match.start()) is None)


def register_absolute_rules(registry: RuleRegistry) -> None:
    """Register the calendar-date rules on `registry`."""

    @registry.rule("iso_date", r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])",
                   explicit=True)
    def iso_date(match: re.Match[str], ctx: Context) -> Resolution | None:
        found = safe_date(year_of(match), int(match["month"]), int(match["day"]))
        return Resolution(DATE, day_value(found)) if found else None

    @registry.rule("numeric_date",
                   r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)"
                   r"(?P<year>\d{4})(?![\d/])", explicit=True)
    def numeric_date(match: re.Match[str], ctx: Context) -> Resolution | None:
        first, second, year = int(match["first"]), int(match["second"]), year_of(match)
        found = safe_date(year, second, first) or safe_date(year, first, second)
        return Resolution(DATE, day_value(found)) if found else None

    @registry.rule("day_month_year",
                   rf"{WEEKDAY_PREFIX}?{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}", explicit=True)
    def day_month_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        return day_resolution(match, year_of(match), _month(match), int(match["day"]))

    @registry.rule("month_day_year",
                   rf"{WEEKDAY_PREFIX}?{MONTH}\s*{DAY},?\s+{YEAR}", explicit=True)
    def month_day_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        return day_resolution(match, year_of(match), _month(match), int(match["day"]))

    @registry.rule("day_month",
                   rf"(?:{WEEKDAY}(?:\s+{PART_OF_DAY})?,?\s*(?P<paren>\()?\s*(?:the\s+)?)?"
                   rf"{DAY}\s+(?:of\s+)?{MONTH}(?(paren)\s*\))", accept=capitalised)
    def day_month(match: re.Match[str], ctx: Context) -> Resolution | None:
        month, day = _month(match), int(match["day"])
        year = pick_year(ctx, month, day, _weekday(match))
        return day_resolution(match, year, month, day)

    @registry.rule("month_day",
                   rf"{WEEKDAY_PREFIX}?{MONTH}\s*{DAY}(?!\s*,?\s*\d)", accept=capitalised)
    def month_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        month, day = _month(match), int(match["day"])
        year = pick_year(ctx, month, day, _weekday(match))
        return day_resolution(match, year, month, day)

    @registry.rule("week_of_day",
                   rf"\bthe\s+week\s+of\s+{MONTH}\s*{DAY}(?!\s*,?\s*\d)", accept=capitalised)
    def week_of_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"a hearing the week of March 6": the calendar week holding that day."""
        month, day = _month(match), int(match["day"])
        year = pick_year(ctx, month, day)
        found = safe_date(year, month, day) if year is not None else None
        return Resolution(DATE, week_value(found)) if found else None

    @registry.rule("month_year", rf"{MODIFIER}?{MONTH},?\s+(?:of\s+)?{YEAR}",
                   accept=capitalised, explicit=True)
    def month_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(DATE, month_value(year_of(match), _month(match)), _mod(match))

    @registry.rule("relative_month",
                   rf"\b(?:(?P<rel>{alternation(RELATIVE_MODIFIERS)})\s+{MONTH}(?:\s*{DAY})?"
                   rf"|{MONTH.replace('<month>', '<month2>')}(?:\s*{DAY.replace('<day>', '<day2>')})?,?\s+"
                   rf"(?:of\s+)?(?P<rel2>{alternation(RELATIVE_MODIFIERS)})\s+year)\b",
                   accept=capitalised)
    def relative_month(match: re.Match[str], ctx: Context) -> Resolution | None:
        base = base_day(ctx)
        month = month_number(match["month"] or match["month2"])
        day_text = match["day"] or match["day2"]
        day = int(day_text) if day_text else None
        if base is None:
            return None
        if match["rel2"]:
            year = base.year + RELATIVE_MODIFIERS[match["rel2"].lower()]
        else:
            year = _year_relative_to(base, RELATIVE_MODIFIERS[match["rel"].lower()], month, day)
        if day is None:
            return Resolution(DATE, month_value(year, month))
        return day_resolution(match, year, month, day)

    @registry.rule("every_month", rf"\b(?:each|every)\s+{MONTH}\b", accept=capitalised)
    def every_month(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(SET, f"XXXX-{_month(match):02d}")

    @registry.rule("month_of_anchored_year",
                   rf"{MODIFIER}?\b{MONTH}(?:\s*{DAY})?,?\s+(?:of\s+)?"
                   rf"(?P<which>{alternation(ANCHORED_MODIFIERS)})\s+year\b", accept=capitalised)
    def month_of_anchored_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        if ctx.anchor is None:
            return None
        year = ctx.anchor.year + ANCHORED_MODIFIERS[" ".join(match["which"].lower().split())]
        if match["day"]:
            return day_resolution(match, year, _month(match), int(match["day"]))
        return Resolution(DATE, month_value(year, _month(match)), _mod(match))

    @registry.rule("month", rf"{MODIFIER}?\b{MONTH}", accept=_standalone_month)
    def month(match: re.Match[str], ctx: Context) -> Resolution | None:
        month_number = _month(match)
        if _THIS_YEAR_THROUGH.search(ctx.text, max(0, match.start() - 25), match.start()):
            year = base_year(ctx)
        else:
            year = pick_year(ctx, month_number)
        value = month_value(year, month_number) if year else f"XXXX-{month_number:02d}"
        return Resolution(DATE, value, _mod(match))

    @registry.rule("season",
                   rf"\b(?:(?P<the>the)\s+)?{MODIFIER}?(?:(?P<rel>this|last|next|past|coming)\s+)?"
                   rf"\b(?P<season>{alternation(SEASONS)})\b(?:\s+(?:of\s+)?{YEAR})?",
                   accept=_season_word)
    def season(match: re.Match[str], ctx: Context) -> Resolution | None:
        code = SEASONS[match["season"].lower()]
        year = year_of(match) if match["year"] else _season_year(match, ctx, code)
        value = f"{year:04d}-{code}" if year else f"XXXX-{code}"
        return Resolution(DATE, value, _mod(match))

    @registry.rule("year", rf"{MODIFIER}?(?:the\s+year\s+)?{YEAR}", accept=_not_quantity,
                   explicit=True)
    def year(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(DATE, f"{year_of(match):04d}", _mod(match))

    @registry.rule("year_bc",
                   rf"{MODIFIER}?(?:(?P<circa>\bca\.|\bc\.|\bcirca)\s*)?(?<![\d$£€#.,])\b(?P<bc>\d{{1,4}})"
                   rf"(?:\s*{_BC}|(?=\s*(?:-|–|to|and)\s*\d{{1,4}}\s*{_BC}))")
    def year_bc(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"480 BC", "ca. 499 BC", and the first year of "499-493 BC": TIMEX3 writes "BC0480"."""
        mod = "APPROX" if match["circa"] else _mod(match)
        return Resolution(DATE, f"BC{int(match['bc']):04d}", mod, anchoring=False)

    @registry.rule("period_bc",
                   rf"{MODIFIER}?(?:\bthe\s+)?(?:(?P<mod2>early|mid|late)[-\s]+)?\b"
                   rf"(?:(?:{MONTH}|(?P<season>{alternation(SEASONS)}))\s+(?:of\s+)?(?P<bc>\d{{1,4}})"
                   rf"|(?P<decade>\d{{1,3}})0s|(?P<century>\d{{1,2}})(?:st|nd|rd|th)[-\s]+century)\s*{_BC}")
    def period_bc(match: re.Match[str], ctx: Context) -> Resolution | None:
        """A month, season, decade or century before Christ: "April 480 BC" is BC0480-04,
        "autumn of 481 BC" BC0481-FA, "the 470s BC" BC047, "the 4th century BC" BC03."""
        mod = _mod(match) or period_mod(match["mod2"])
        if match["decade"]:
            return Resolution(DATE, f"BC{int(match['decade']):03d}", mod, anchoring=False)
        if match["century"]:
            number = int(match["century"])
            return Resolution(DATE, f"BC{number - 1:02d}", mod, anchoring=False) if number else None
        year = f"BC{int(match['bc']):04d}"
        if match["season"]:
            return Resolution(DATE, f"{year}-{SEASONS[match['season'].lower()]}", mod,
                              anchoring=False)
        return Resolution(DATE, f"{year}-{_month(match):02d}", mod, anchoring=False)

    @registry.rule("century",
                   rf"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[-\s]+)?(?:(?P<number>\d{{1,2}})(?:st|nd|rd|th)"
                   rf"|(?P<word>{alternation(ORDINAL_CENTURY_WORDS)}))[-\s]+century\b")
    def century(match: re.Match[str], ctx: Context) -> Resolution | None:
        number = int(match["number"]) if match["number"] else ORDINAL_CENTURY_WORDS[match["word"].lower()]
        return Resolution(DATE, f"{number - 1:02d}", _mod(match)) if number > 0 else None

    @registry.rule("decade",
                   rf"(?:\b(?P<the>the)\s+)?(?:\b(?P<mod>early|mid|late)[-\s]+)?"
                   rf"(?:\b(?P<decade>(?:1[0-9]|20)\d)0'?s|['’](?P<short>\d)0s"
                   rf"|(?(the)\b(?P<word>{alternation(DECADE_WORDS)})|(?!)))\b")
    def decade(match: re.Match[str], ctx: Context) -> Resolution | None:
        if match["decade"]:
            value = match["decade"]
        else:
            value = f"19{match['short'] or DECADE_WORDS[match['word'].lower()]}"
        return Resolution(DATE, value, _mod(match))


def _year_relative_to(base: date, direction: int, month: int, day: int | None) -> int:
    """The year of "last May" (the latest May before `base`), "next May" (the first after) or
    "this May" (`base`'s year)."""
    here, there = (base.month, base.day if day else 0), (month, day or 0)
    if day is None:
        # The month just before or after `base`'s is "last month" or "next month": named,
        # it is that month a year away ("last February", said on March 1, is a year back).
        here = (base.month + direction, 0)
    if direction < 0:
        return base.year if there < here else base.year - 1
    if direction > 0:
        return base.year if there > here else base.year + 1
    return base.year


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _season_year(match: re.Match[str], ctx: Context, code: str) -> int | None:
    """The year of a season written without one: "last summer", "this winter", "in spring"."""
    first, last = _SEASON_MONTHS[code]
    relative = (match["rel"] or "").lower()
    if relative and ctx.reference is not None:
        month = ctx.reference.month + (12 if code == "WI" and ctx.reference.month <= 2 else 0)
        year = ctx.reference.year - (1 if code == "WI" and ctx.reference.month <= 2 else 0)
        if relative in ("last", "past"):
            return year if last < month else year - 1
        if relative in ("next", "coming"):
            return year if first > month else year + 1
        return year
    return pick_year(ctx, first)

"""Rules for dates relative to the reference date or to the narrative anchor."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .absolute import PART_OF_DAY, WEEKDAY
from .context import Context, Tense, after_a_date, clause_tense
from .dated_events import event_day
from .periods import year_before_report
from .resolve import base_day, base_year, today, weekday_date
from .rules import Resolution, RuleRegistry
from .timex import (
    DATE,
    DURATION,
    SET,
    TIME,
    add_months,
    day_value,
    duration_value,
    month_value,
    quarter_value,
    shift_quarter,
    week_value,
)
from .vocabulary import (
    ANCHORED_MODIFIERS,
    ANCHORED_SIDES,
    DAY_SIDES,
    ERA_NOUNS,
    ERA_QUANTIFIERS,
    MULTIPLIERS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    RELATIVE_MODIFIERS,
    SPAN_PREPOSITIONS,
    UNITS,
    VAGUE_QUANTITIES,
    WEEKDAYS,
    alternation,
    period_mod,
    spoken_number,
    weekday_number,
)

NUMBER_WORD = alternation(NUMBER_WORDS)
NUMBER = (rf"(?P<number>(?<!\d[,.])\d{{1,3}}(?:,\d{{3}})*|"
          rf"(?:{NUMBER_WORD})(?:\s+(?:{alternation(MULTIPLIERS)}))?)")
CALENDAR_UNIT = r"(?P<unit>day|week|weekend|month|quarter|year|decade|century)"


def number_of(word: str) -> int:
    """The integer a numeral or number words stand for: "12", "2,000", "ten", "twenty-two",
    "two hundred", "a thousand"."""
    lowered = " ".join(word.lower().split())
    digits = lowered.replace(",", "")
    if digits.isdigit():
        return int(digits)
    *count, last = lowered.split()
    if count and last in MULTIPLIERS:
        return number_of(" ".join(count)) * MULTIPLIERS[last]
    spoken = spoken_number(lowered)
    return spoken if spoken is not None else NUMBER_WORDS[lowered]


def _with_part(value: str, part: str | None) -> Resolution:
    return Resolution(TIME, f"{value}T{part}") if part else Resolution(DATE, value)


def shifted_value(base: date, unit: str, amount: int) -> str:
    """TIMEX3 value of the calendar `unit` that lies `amount` units from `base`'s one."""
    if unit == "day":
        return day_value(base + timedelta(days=amount))
    if unit in ("week", "weekend"):
        value = week_value(base + timedelta(weeks=amount))
        return f"{value}-WE" if unit == "weekend" else value
    if unit == "month":
        return month_value(*add_months(base.year, base.month, amount))
    if unit == "quarter":
        return quarter_value(*shift_quarter(base.year, (base.month - 1) // 3 + 1, amount))
    if unit == "year":
        year = base.year + amount
        if year < -9998:
            return "PAST_REF"  # beyond what a four-digit TIMEX3 year can write
        return f"{year:04d}" if year > 0 else f"BC{1 - year:04d}"  # there is no year 0
    if unit == "decade":
        return f"{base.year // 10 + amount:03d}"
    return f"{base.year // 100 + amount:02d}"


_UNKNOWN = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
            "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX"}


_SPAN_BEFORE = re.compile(rf"\b(?:{alternation(SPAN_PREPOSITIONS)})\s+$", re.IGNORECASE)
ANCHORED_UNIT = rf"(?P<unit>day|week|month|year|decade|{alternation(PARTS_OF_DAY)})"


def _anchor_base(ctx: Context, unit: str) -> date | None:
    """The first day of the anchor's `unit`, when the anchor is that precise (days and weeks
    without an anchor count from the reference date)."""
    anchor = ctx.anchor
    if unit in ("day", "week"):
        return (anchor.as_date() if anchor else None) or ctx.reference
    if anchor is None:
        return None
    if unit == "month":
        return date(anchor.year, anchor.month, 1) if anchor.month else None
    return date(anchor.year, 1, 1)


def _anchored_weekday(ctx: Context, weekday: int, modifier: str | None) -> date | None:
    """"the previous Friday", "the following Monday": the weekday before or after the last full
    date the text named (else the reference date)."""
    base = (ctx.anchor.as_date() if ctx.anchor else None) or ctx.reference
    if base is None:
        return None
    if modifier in ("following", "next", "coming"):
        return base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
    return base - timedelta(days=(base.weekday() - weekday) % 7 or 7)


_POSSESSIVE = re.compile(r"['’]s\b")
_FULL_WEEKDAY = alternation(n for n in WEEKDAYS if len(n) > 5)
# "Monday and Tuesday nights": a weekday shares the plural part of the day of the weekdays
# it is coordinated with, and recurs as they do.
_SHARED_PLURAL_PART = re.compile(
    rf"(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:{_FULL_WEEKDAY})){{1,6}}"
    rf"\s+(?P<part>{alternation(p for p in PARTS_OF_DAY if p != 'overnight')})s\b", re.IGNORECASE)
_AFTER_ACRONYM = re.compile(r"\b[A-Z]{2,}\s+$")
_QUOTED_MID_SENTENCE = re.compile(r"[A-Za-z'’]\s*[\"“]$|[A-Za-z'’]\s+``$")


def not_a_title(match: re.Match[str], text: str) -> bool:
    """A capitalised "Today" after an acronym ("USA Today", "VOA Today") and a title-case
    phrase quoted in mid-sentence (ABC's "This Week") name a newspaper or a programme."""
    words = match[0].split()
    if not all(word[0].isupper() for word in words) or match[0].isupper():
        return True  # lower case, or an all-capitals headline
    before = text[max(0, match.start() - 20):match.start()]
    if _AFTER_ACRONYM.search(before):
        return False
    return len(words) < 2 or _QUOTED_MID_SENTENCE.search(before) is None


_ERA_DAY = re.compile(r"(?:today|tomorrow)$", re.IGNORECASE)
_ERA_AFTER = re.compile(rf"['’]s\s+(?:(?P<noun>{alternation(ERA_NOUNS)})\b|[a-z])", re.IGNORECASE)
_ERA_QUANTIFIED = re.compile(rf"\b(?:{alternation(ERA_QUANTIFIERS)})\s+of\s+$", re.IGNORECASE)
_ERA_OF = re.compile(rf"\b(?:{alternation(ERA_NOUNS)})\s+of\s+$", re.IGNORECASE)


def not_an_era(match: re.Match[str], text: str) -> bool:
    """"Today's youth", "many of today's computers", "the people of tomorrow" speak of the
    present or future age in general, not of a day."""
    if not _ERA_DAY.match(match[0]):
        return True
    before = text[max(0, match.start() - 24):match.start()]
    after = _ERA_AFTER.match(text, match.end())
    if after is None:  # "the people of tomorrow", but not "the leaders of today's meeting"
        return not (_ERA_OF.search(before) and not text.startswith(("'", "’"), match.end()))
    if after["noun"]:
        return False
    # "Most of today's laptops carry the chip" is the age; "all of today's flights were
    # cancelled", "much of tomorrow's session will be closed" are the day's.
    return not (_ERA_QUANTIFIED.search(before)
                and clause_tense(text, match.start(), match.end()) not in (Tense.PAST, Tense.FUTURE))


def _relative_day(match: re.Match[str], text: str) -> bool:
    """A day word that names neither a title ("USA Today") nor an age ("today's youth")."""
    return not_a_title(match, text) and not_an_era(match, text)


_TODAY_IS = re.compile(r"\b(?:today\s+is|it['’]s|it\s+is|this\s+is)\s+$", re.IGNORECASE)


def _said_of_today(match: re.Match[str], text: str) -> bool:
    """The ordinal day is what today is: "today is ...", "it's ..."."""
    return _TODAY_IS.search(text, max(0, match.start() - 12), match.start()) is not None


def register_relative_rules(registry: RuleRegistry) -> None:
    """Register the rules for relative dates on `registry`."""

    @registry.rule("relative_day",
                   rf"\b(?:(?P<side>{alternation(DAY_SIDES)})\s+)?(?P<day>{alternation(RELATIVE_DAYS)})\b",
                   accept=_relative_day)
    def relative_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        offset, part = RELATIVE_DAYS[" ".join(match["day"].lower().split())]
        if ctx.speech_day is not None:
            return _with_part(day_value(ctx.speech_day + timedelta(days=offset)), part)
        if offset == 0 and part is None and ctx.narrative:
            return Resolution(DATE, "PRESENT_REF")  # the writer's today, in a history
        base = base_day(ctx)
        if base is None:
            return Resolution(DATE, "PRESENT_REF" if offset == 0 else "XXXX-XX-XX")
        return _with_part(day_value(base + timedelta(days=offset)), part)

    @registry.rule("weekday",
                   rf"\b(?:the\s+day\s+(?P<shift>before|after)\s+(?=(?:last|next|this)\s))?"
                   rf"(?:(?P<the>the\s+)?(?P<modifier>last|next|this|coming|past|previous|"
                   rf"following|preceding)\s+)?"
                   rf"(?:(?P<early>early|late)\s+)?{WEEKDAY}(?:\s+{PART_OF_DAY})?")
    def weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
        number = weekday_number(match["weekday"])
        modifier = match["modifier"].lower() if match["modifier"] else None
        if not (modifier or match["part"] or match["shift"]):
            shared = _SHARED_PLURAL_PART.match(ctx.text, match.end())
            if shared:
                return Resolution(SET, f"XXXX-WXX-{number + 1}T{PARTS_OF_DAY[shared['part'].lower()]}")
        if match["the"]:
            found = _anchored_weekday(ctx, number, modifier)
        else:
            reported = not match["part"] and _POSSESSIVE.match(ctx.text, match.end()) is not None
            found = weekday_date(ctx, number, modifier, reported)
        part = PARTS_OF_DAY[match["part"].lower()] if match["part"] else None
        if found is None:
            return None if match["shift"] else Resolution(DATE, f"XXXX-WXX-{number + 1}")
        if match["shift"]:  # "the day before last Tuesday's hearing"
            found += timedelta(days=1 if match["shift"].lower() == "after" else -1)
        return _with_part(day_value(found), part)

    @registry.rule("relative_unit",
                   rf"\b(?:(?P<mod>early|late|mid)[-\s]+(?=(?:next|last|this)\s))?"
                   rf"(?:(?P<the>the)\s+(?=(?:past|last)\s+(?!day\b)))?"
                   rf"(?P<modifier>{alternation(RELATIVE_MODIFIERS)})\s+{CALENDAR_UNIT}\b",
                   accept=not_a_title)
    def relative_unit(match: re.Match[str], ctx: Context) -> Resolution | None:
        modifier = match["modifier"].lower()
        if modifier == "past" and not match["the"]:
            return None
        if modifier == "past" and match["unit"].lower() in ("decade", "century"):
            # "over the past decade" is the last ten years, not the 1980s ("the past year" is
            # last year: a year is the unit people date by, a decade rarely is).
            return Resolution(DURATION, duration_value("1", match["unit"].lower()))
        # "this quarter" is the one reported on; "the current quarter" the one under way.
        if match["unit"].lower() == "quarter" and modifier == "this" and ctx.quarter:
            return Resolution(DATE, quarter_value(*ctx.quarter))
        base = base_day(ctx)
        if base is None:
            return Resolution(DATE, _UNKNOWN[match["unit"].lower()])
        mod = period_mod(match["mod"])
        return Resolution(DATE, shifted_value(base, match["unit"].lower(),
                                              RELATIVE_MODIFIERS[modifier]), mod)

    @registry.rule("units_ago",
                   rf"\b{NUMBER}\s+{CALENDAR_UNIT}s?\s+(?P<approx>or\s+so\s+)?(?P<dir>ago|earlier|before)\b")
    def units_ago(match: re.Match[str], ctx: Context) -> Resolution | None:
        amount = number_of(match["number"])
        direction = match["dir"].lower()
        unit = match["unit"].lower()
        if unit == "year" and amount == 1 and ctx.quarter is not None:
            return Resolution(DATE, year_before_report(ctx, ctx.quarter), anchoring=False)
        base = ctx.reference if direction == "ago" else base_day(ctx)
        if direction != "ago" and ctx.anchor is not None and ctx.anchor.as_date():
            base = ctx.anchor.as_date()
        if direction == "before":
            base = event_day(ctx) or base  # "ten days before the shooting"
        if base is None:
            return Resolution(DATE, "PAST_REF")
        return Resolution(DATE, shifted_value(base, unit, -amount), "APPROX" if match["approx"] else None)

    @registry.rule("vague_units_ago",
                   rf"\b(?:{alternation(VAGUE_QUANTITIES)})\s+{CALENDAR_UNIT}s?\s+"
                   rf"(?P<dir>ago|earlier|before|later|after)\b")
    def vague_units_ago(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"A few years ago" is a past reference. "A few days later", "several months before he
        took office" in the news measure the gap between two events: a vague duration (in a
        history they point to an unnamed time after or before the story's date)."""
        direction = match["dir"].lower()
        if direction != "ago" and not ctx.narrative:
            return Resolution(DURATION, duration_value("X", match["unit"].lower()))
        later = direction in ("later", "after")
        return Resolution(DATE, "FUTURE_REF" if later else "PAST_REF", anchoring=False)

    @registry.rule("the_weekend", r"\bthe\s+weekend\b")
    def the_weekend(match: re.Match[str], ctx: Context) -> Resolution | None:
        saturday = weekday_date(ctx, 5)
        return Resolution(DATE, f"{week_value(saturday)}-WE") if saturday else None

    @registry.rule("the_week", r"\bthe\s+week\b(?!\s+(?:of|before|after|earlier|later|ended|ending)\b)")
    def the_week(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"For the week, the index dropped": the week the story speaks of, a week of its year
        that the phrase itself does not name."""
        year = base_year(ctx)
        return Resolution(DATE, f"{year:04d}-WXX", anchoring=False) if year else None

    @registry.rule("units_later", rf"\b{NUMBER}\s+{CALENDAR_UNIT}s?\s+later\b")
    def units_later(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"Twelve days later" in a history is the day that many after the last one named; in
        the news it measures the gap between two events, a duration."""
        if not ctx.narrative:
            return Resolution(DURATION, duration_value(str(number_of(match["number"])),
                                                       match["unit"].lower()))
        anchor = ctx.anchor.as_date() if ctx.anchor else None
        if anchor is None:
            return None
        return Resolution(DATE, shifted_value(anchor, match["unit"].lower(),
                                              number_of(match["number"])))

    @registry.rule("until_then", r"(?<=\buntil\s)then\b")
    def until_then(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"terminate on Nov. 30. Until then, the stock remains convertible": the last date
        named, as precisely as it was named."""
        anchor = ctx.anchor
        if anchor is None:
            return None
        if anchor.month is None:
            return Resolution(DATE, f"{anchor.year:04d}")
        if anchor.day is None:
            return Resolution(DATE, f"{anchor.year:04d}-{anchor.month:02d}")
        return Resolution(DATE, f"{anchor.year:04d}-{anchor.month:02d}-{anchor.day:02d}")

    @registry.rule("day_of_a_running_event",
                   rf"\b(?:the\s+)?(?:{alternation(ORDINAL_WORDS)}|\d+(?:st|nd|rd|th))\s+day\b"
                   rf"(?=\s+of\b)(?!\s+of\s+(?:each|every|the\s+(?:month|quarter|year|week)|"
                   rf"spring|summer|autumn|fall|winter)\b)", accept=_said_of_today)
    def day_of_a_running_event(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"Today is the eighth day of Desert Shield", "It's the second day of an offensive":
        the day the story is told (the ordinal counts from an event the text rarely dates)."""
        day = today(ctx)
        return Resolution(DATE, day_value(day)) if day is not None else None

    @registry.rule("apposed_day", rf"\bthe\s+day\s+(?:{alternation(ANCHORED_SIDES)})\b",
                   accept=lambda match, text: after_a_date(text, match.start()))
    def apposed_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"Oct. 12, the day before the stock market plunge": the date just named, again (the
        day before or after an event is not counted from the reference date)."""
        apposed = ctx.apposed_day()
        return Resolution(DATE, day_value(apposed)) if apposed is not None else None

    @registry.rule("anchored_unit",
                   rf"\b(?:(?:earlier|later)\s+(?:in\s+)?)?(?:(?P<modifier>{alternation(ANCHORED_MODIFIERS)})"
                   rf"\s+{ANCHORED_UNIT}|the\s+{ANCHORED_UNIT.replace('<unit>', '<unit2>')}\s+"
                   rf"(?P<side>{alternation(ANCHORED_SIDES)})(?!\s+(?:the|a|an|this|that|last|\d|\w+ing)\b))\b")
    def anchored_unit(match: re.Match[str], ctx: Context) -> Resolution | None:
        unit = (match["unit"] or match["unit2"]).lower()
        if _SPAN_BEFORE.search(ctx.text, max(0, ctx.start - 12), ctx.start) and unit in UNITS \
                and (match["modifier"] or "").lower() in ("the next", "the following"):
            return Resolution(DURATION, duration_value("1", unit))
        apposed = ctx.apposed_day() if unit == "day" else None
        if apposed is not None:
            return Resolution(DATE, day_value(apposed))  # "Nov. 3, the day before the warrant"
        base = _anchor_base(ctx, "day" if unit in PARTS_OF_DAY else unit)
        if base is None:
            return None
        if match["modifier"]:
            offset = ANCHORED_MODIFIERS[" ".join(match["modifier"].lower().split())]
        else:
            offset = ANCHORED_SIDES[match["side"].lower()]
        if unit in PARTS_OF_DAY:
            return Resolution(TIME, f"{day_value(base + timedelta(days=offset))}T{PARTS_OF_DAY[unit]}")
        return Resolution(DATE, shifted_value(base, unit, offset))


__all__ = ["UNITS", "number_of", "register_relative_rules", "shifted_value"]

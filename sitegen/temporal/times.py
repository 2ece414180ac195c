"""Rules for times of day: "5 p.m.", "noon Thursday", "10 p.m. Wednesday", "5 p.m. EST Nov. 9"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .absolute import DAY, MONTH, PART_OF_DAY, WEEKDAY
from .context import Context
from .dated_events import day_of_event, day_of_told_event, event_day
from .relative import number_of
from .resolve import pick_year, today, weekday_date
from .rules import Resolution, RuleRegistry
from .timex import TIME, day_value, safe_date
from .vocabulary import (
    CLOCK_PREPOSITIONS,
    CLOCK_WORDS,
    EVENT_NOUNS,
    HOURS_ADDED_BY_PART,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    TIME_ZONES,
    alternation,
    month_number,
    weekday_number,
)

_HOUR_WORDS = alternation(word for word, number in NUMBER_WORDS.items() if 1 <= number <= 12)
CLOCK = (rf"(?:(?<![\d:.$])(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*"
         rf"(?P<ampm>[ap]\.m\.?|[ap]m\b)"
         rf"|(?<![\d:.,$])(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?P<hrs>\s*(?:hrs|h)\b)?(?![\d:])"
         rf"|(?<![\d:.])(?P<hour_gmt>[01]\d|2[0-3])(?P<minute_gmt>[0-5]\d)(?=\s*(?:GMT|UTC)\b)"
         rf"|\b(?P<word>{alternation(CLOCK_WORDS)})\b"
         rf"|\b(?P<spoken>[01]?\d|{_HOUR_WORDS})\s+(?:o['’]clock\s+)?in\s+the\s+"
         rf"(?P<half_of_day>{alternation(HOURS_ADDED_BY_PART)})\b)")
ZONE = rf"(?P<zone>\s+(?:{alternation(TIME_ZONES)})\b)?"
# A count of days from a named event later in the clause of a bare time.
_DAY_COUNT = rf"(?P<count>[1-9]\d?|{alternation(NUMBER_WORDS)})\s+days?\s+"
_COUNT_IN_CLAUSE = re.compile(
    rf"[^,.;:!?]{{0,40}}?\s{_DAY_COUNT}(?P<count_side>before|after)\s+the\s+"
    rf"(?P<noun>{alternation(EVENT_NOUNS)})\b", re.IGNORECASE)
# Words before "10:57" that make it a time of day rather than a score or a verse.
_HIGH = re.compile(r"\bhigh\s+$", re.IGNORECASE)
_CLOCK_LEAD = re.compile(rf"\b(?:{alternation(CLOCK_PREPOSITIONS)})\s+$", re.IGNORECASE)
# Relative days a time can be set on ("noon yesterday"), without the ones that are parts of day.
_DAY_WORDS = alternation(word for word, (_, part) in RELATIVE_DAYS.items() if part is None)
DAY_AFTER_TIME = (rf"(?:,?\s+(?:on\s+)?(?:(?P<weekday_word>{WEEKDAY})|(?P<relative>{_DAY_WORDS})\b"
                  rf"|{MONTH}\s*{DAY}(?!,?\s*\d))"
                  rf"|\s+(?-i:(?![A-Z])){_DAY_COUNT}(?P<count_side>before|after|earlier|later)\b)")


def _clock(match: re.Match[str]) -> str:
    """The "HH:MM" (or "24" for midnight) a clock match stands for."""
    if match["word"]:
        return CLOCK_WORDS[match["word"].lower()]
    if match["hour24"]:
        return f"{int(match['hour24']):02d}:{match['minute24']}"
    if match["hour_gmt"]:
        return f"{match['hour_gmt']}:{match['minute_gmt']}"
    if match["spoken"]:
        hour = int(match["spoken"]) if match["spoken"].isdigit() else NUMBER_WORDS[match["spoken"].lower()]
        if hour < 12:
            hour += HOURS_ADDED_BY_PART[match["half_of_day"].lower()]
        return f"{hour % 24:02d}:00"
    hour = int(match["hour"]) % 12
    if match["ampm"].lower().startswith("p"):
        hour += 12
    return f"{hour:02d}:{int(match['minute'] or 0):02d}"


def _is_clock(match: re.Match[str], text: str) -> bool:
    """A bare "10:57" is a time only after "at", "by", "until"... or with "hrs" or a zone;
    "high noon" is a showdown, not a time of day."""
    if match["word"] and _HIGH.search(text, max(0, match.start() - 5), match.start()):
        return False
    if not match["hour24"] or match["hrs"] or match["zone"]:
        return True
    return _CLOCK_LEAD.search(text, max(0, match.start() - 12), match.start()) is not None


def _day_of(match: re.Match[str], ctx: Context) -> date | None:
    """The day a time is set on: the day written after it (or counted after it: "ten days
    before the shooting"), else the last full date named, else the reference date."""
    if match["weekday_word"]:
        return weekday_date(ctx, weekday_number(match["weekday"]))
    if match["relative"]:
        base = today(ctx)
        offset = RELATIVE_DAYS[" ".join(match["relative"].lower().split())][0]
        return base + timedelta(days=offset) if base else None
    if match["month"]:
        month, day = month_number(match["month"]), int(match["day"])
        year = pick_year(ctx, month, day)
        return safe_date(year, month, day) if year else None
    anchored = ctx.anchor.as_date() if ctx.anchor else None
    if match["count"]:  # "at 6 a.m. ten days before the shooting"
        base = event_day(ctx) or anchored or ctx.reference
        return _counted(base, match["count"], match["count_side"])
    later = _COUNT_IN_CLAUSE.match(ctx.text, match.end())
    if later is not None:  # "at 6 a.m. near his home 10 days before the murder"
        event = day_of_event(ctx, later["noun"].lower())
        if event is not None:
            return _counted(event, later["count"], later["count_side"])
    return day_of_told_event(ctx) or anchored or ctx.reference


def _counted(base: date | None, count: str, side: str) -> date | None:
    """`count` days before or after `base`."""
    sign = -1 if side.lower() in ("before", "earlier") else 1
    return base + timedelta(days=sign * number_of(count)) if base else None


def register_time_rules(registry: RuleRegistry) -> None:
    """Register the time-of-day rules on `registry`."""

    @registry.rule("clock_time", rf"{CLOCK}{ZONE}{DAY_AFTER_TIME}?", accept=_is_clock)
    def clock_time(match: re.Match[str], ctx: Context) -> Resolution | None:
        day = _day_of(match, ctx)
        return Resolution(TIME, f"{day_value(day) if day else 'XXXX-XX-XX'}T{_clock(match)}")

    @registry.rule("part_of_day",
                   r"\b(?:mid[-\s]?|(?<=\bin\s)the\s+)(?P<part>morning|afternoon|evening)\b"
                   r"(?!\s+(?:of|on|after|before)\b)")
    def part_of_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"By mid afternoon", "orders placed in the morning": that part of the day the story
        is at (the last full date named, else the reference date)."""
        day = (ctx.anchor.as_date() if ctx.anchor else None) or ctx.reference
        if day is None:
            return None
        return Resolution(TIME, f"{day_value(day)}T{PARTS_OF_DAY[match['part'].lower()]}")

    @registry.rule("part_of_day_on_day",
                   rf"\b(?:(?:early|late|mid)[-\s]*)?{PART_OF_DAY}\s+(?P<relative>{_DAY_WORDS})\b")
    def part_of_day_on_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        base = today(ctx)
        if base is None:
            return None
        offset = RELATIVE_DAYS[" ".join(match["relative"].lower().split())][0]
        day = base + timedelta(days=offset)
        return Resolution(TIME, f"{day_value(day)}T{PARTS_OF_DAY[match['part'].lower()]}")

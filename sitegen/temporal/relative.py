"""Rules for dates relative to the reference date or to the narrative anchor."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .absolute import PART_OF_DAY, WEEKDAY
from .context import Context
from .resolve import base_day, weekday_date
from .rules import Resolution, RuleRegistry
from .timex import (
    DATE,
    TIME,
    add_months,
    day_value,
    month_value,
    quarter_value,
    shift_quarter,
    week_value,
)
from .vocabulary import (
    NUMBER_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    RELATIVE_MODIFIERS,
    UNITS,
    alternation,
    weekday_number,
)

NUMBER_WORD = alternation(NUMBER_WORDS)
NUMBER = rf"(?P<number>\d{{1,3}}|{NUMBER_WORD})"
CALENDAR_UNIT = r"(?P<unit>day|week|weekend|month|quarter|year|decade|century)"


def number_of(word: str) -> int:
    """The integer a numeral or number word stands for."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


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
        return f"{base.year + amount:04d}"
    if unit == "decade":
        return f"{base.year // 10 + amount:03d}"
    return f"{base.year // 100 + amount:02d}"


_UNKNOWN = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
            "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX"}


def register_relative_rules(registry: RuleRegistry) -> None:
    """Register the rules for relative dates on `registry`."""

    @registry.rule("relative_day", rf"\b(?:{alternation(RELATIVE_DAYS)})\b")
    def relative_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        offset, part = RELATIVE_DAYS[" ".join(match[0].lower().split())]
        base = base_day(ctx)
        if base is None:
            return Resolution(DATE, "PRESENT_REF" if offset == 0 else "XXXX-XX-XX")
        return _with_part(day_value(base + timedelta(days=offset)), part)

    @registry.rule("weekday",
                   rf"\b(?:(?P<modifier>last|next|this|coming|past|previous)\s+)?"
                   rf"(?:(?P<early>early|late)\s+)?{WEEKDAY}(?:\s+{PART_OF_DAY})?")
    def weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
        number = weekday_number(match["weekday"])
        modifier = match["modifier"].lower() if match["modifier"] else None
        found = weekday_date(ctx, number, modifier)
        part = PARTS_OF_DAY[match["part"].lower()] if match["part"] else None
        if found is None:
            return Resolution(DATE, f"XXXX-WXX-{number + 1}")
        return _with_part(day_value(found), part)

    @registry.rule("relative_unit",
                   rf"\b(?P<modifier>{alternation(RELATIVE_MODIFIERS)})\s+{CALENDAR_UNIT}\b")
    def relative_unit(match: re.Match[str], ctx: Context) -> Resolution | None:
        modifier = match["modifier"].lower()
        if modifier == "past":
            return None
        if match["unit"].lower() == "quarter" and RELATIVE_MODIFIERS[modifier] == 0 and ctx.quarter:
            return Resolution(DATE, quarter_value(*ctx.quarter))
        base = base_day(ctx)
        if base is None:
            return Resolution(DATE, _UNKNOWN[match["unit"].lower()])
        return Resolution(DATE, shifted_value(base, match["unit"].lower(),
                                              RELATIVE_MODIFIERS[modifier]))

    @registry.rule("earlier_this_unit",
                   rf"\b(?P<side>earlier|later)\s+(?:this|that)\s+{CALENDAR_UNIT}\b")
    def earlier_this_unit(match: re.Match[str], ctx: Context) -> Resolution | None:
        base = base_day(ctx)
        if base is None:
            return Resolution(DATE, "PAST_REF" if match["side"].lower() == "earlier" else "FUTURE_REF")
        return Resolution(DATE, shifted_value(base, match["unit"].lower(), 0))

    @registry.rule("units_ago", rf"\b{NUMBER}\s+{CALENDAR_UNIT}s?\s+(?P<dir>ago|earlier|before)\b")
    def units_ago(match: re.Match[str], ctx: Context) -> Resolution | None:
        amount = number_of(match["number"])
        direction = match["dir"].lower()
        unit = match["unit"].lower()
        if unit == "year" and amount == 1 and ctx.quarter is not None:
            return Resolution(DATE, quarter_value(*shift_quarter(*ctx.quarter, -4)), anchoring=False)
        base = ctx.reference if direction == "ago" else base_day(ctx)
        if direction != "ago" and ctx.anchor is not None and ctx.anchor.as_date():
            base = ctx.anchor.as_date()
        if base is None:
            return Resolution(DATE, "PAST_REF")
        return Resolution(DATE, shifted_value(base, match["unit"].lower(), -amount))

    @registry.rule("units_later", rf"\b{NUMBER}\s+{CALENDAR_UNIT}s?\s+later\b")
    def units_later(match: re.Match[str], ctx: Context) -> Resolution | None:
        anchor = ctx.anchor.as_date() if ctx.anchor else None
        if anchor is None:
            return None
        return Resolution(DATE, shifted_value(anchor, match["unit"].lower(),
                                              number_of(match["number"])))

    @registry.rule("anchored_day",
                   r"\b(?:the\s+(?P<which>day\s+before|day\s+after|next\s+day|following\s+day|"
                   r"previous\s+day|same\s+day)|(?P<that>that\s+day))\b")
    def anchored_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        anchor = ctx.anchor.as_date() if ctx.anchor else None
        if anchor is None:
            return None
        which = " ".join((match["which"] or "same day").lower().split())
        offset = {"day before": -1, "previous day": -1, "day after": 1, "next day": 1,
                  "following day": 1}.get(which, 0)
        return Resolution(DATE, day_value(anchor + timedelta(days=offset)))

    @registry.rule("part_of_day_alone", rf"\bthat\s+{PART_OF_DAY}\b")
    def part_of_day_alone(match: re.Match[str], ctx: Context) -> Resolution | None:
        anchor = ctx.anchor.as_date() if ctx.anchor else ctx.reference
        if anchor is None:
            return None
        return Resolution(TIME, f"{day_value(anchor)}T{PARTS_OF_DAY[match['part'].lower()]}")


__all__ = ["register_relative_rules", "shifted_value", "number_of", "UNITS"]

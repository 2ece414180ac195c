"""Rules for holidays: "Thanksgiving Day", "last Christmas", "Easter week", "Election Day"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .absolute import YEAR, capitalised, year_of
from .context import Context
from .resolve import base_day, pick_year
from .rules import Resolution, RuleRegistry
from .timex import DATE, day_value, week_value
from .vocabulary import (
    EASTER_HOLIDAYS,
    ELECTION_DAY,
    FIXED_HOLIDAYS,
    RELATIVE_MODIFIERS,
    WEEKDAY_HOLIDAYS,
    alternation,
)

HOLIDAY_NAMES = (*FIXED_HOLIDAYS, *WEEKDAY_HOLIDAYS, *EASTER_HOLIDAYS, ELECTION_DAY)


def easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> date:
    """The day a holiday (a key of the holiday tables) falls on in `year`."""
    if name in FIXED_HOLIDAYS:
        return date(year, *FIXED_HOLIDAYS[name])
    if name in WEEKDAY_HOLIDAYS:
        return _nth_weekday(year, *WEEKDAY_HOLIDAYS[name])
    if name in EASTER_HOLIDAYS:
        return easter(year) + timedelta(days=EASTER_HOLIDAYS[name])
    monday = _nth_weekday(year, 11, 0, 1)
    return monday + timedelta(days=1)


def _holiday_year(name: str, ctx: Context, modifier: str | None) -> int | None:
    """The year of a holiday named without one: the one before ("last"), after ("next") or
    nearest the base day."""
    base = base_day(ctx)
    if base is None:
        return None
    if modifier is None or RELATIVE_MODIFIERS[modifier] == 0:
        if modifier is None and ctx.narrative:
            return pick_year(ctx, holiday_date(name, base.year).month)
        return min((base.year - 1, base.year, base.year + 1),
                   key=lambda y: abs((holiday_date(name, y) - base).days))
    if RELATIVE_MODIFIERS[modifier] < 0:
        return base.year if holiday_date(name, base.year) < base else base.year - 1
    return base.year if holiday_date(name, base.year) > base else base.year + 1


def register_holiday_rules(registry: RuleRegistry) -> None:
    """Register the holiday rules on `registry`."""

    @registry.rule("holiday",
                   rf"\b(?:(?P<modifier>{alternation(RELATIVE_MODIFIERS)})\s+)?"
                   rf"(?P<name>{alternation(HOLIDAY_NAMES)})(?![\w'’-])"
                   rf"(?P<week>\s+week\b)?(?:,?\s+(?:of\s+)?{YEAR})?",
                   accept=capitalised)
    def holiday(match: re.Match[str], ctx: Context) -> Resolution | None:
        name = " ".join(match["name"].lower().split())
        modifier = match["modifier"].lower() if match["modifier"] else None
        year = year_of(match) if match["year"] else _holiday_year(name, ctx, modifier)
        if year is None:
            return None
        day = holiday_date(name, year)
        return Resolution(DATE, week_value(day) if match["week"] else day_value(day))

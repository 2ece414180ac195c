"""Rules for the parts of ranges: "22-25 April 1951", "March 5-9, 1918", "April 24 and 25", "1915-17".

The other part of each range is an ordinary date ("25 April 1951", "March 5"); these rules give
the part that lacks its month or year the one the range writes once.
"""

from __future__ import annotations

import re

from .absolute import DAY, MONTH, YEAR, capitalised, day_resolution, year_of
from .context import Context
from .resolve import pick_year
from .rules import Resolution, RuleRegistry
from .timex import DATE, month_value
from .vocabulary import MONTHS, alternation, month_number

DASH = r"\s*[-–]\s*"
# Between the two days of "April 13-15" or "April 24 and 25".
_JOINS = ("-", "–", " and ", " or ", " to ", " through ")
# A day right after "5-" or "24 and " (one or two digits, not a year).
_AFTER_DAY_DASH = "(?:" + "|".join(rf"(?<=(?<!\d){digits}{re.escape(join)})"
                                   for digits in (r"\d", r"\d\d") for join in _JOINS) + ")"
SECOND_MONTH = MONTH.replace("<month>", "<month2>")
_JOIN = "(?:" + "|".join(re.escape(join).replace(r"\ ", r"\s+") for join in _JOINS) + ")"


_MONTH_DAY_DASH = re.compile(rf"\b(?:{alternation(MONTHS)})\.?\s*\d{{1,2}}{_JOIN}$", re.IGNORECASE)


def _after_month_day(match: re.Match[str], text: str) -> bool:
    """The day ends a range or pair that starts with a month and a day ("April 13-15",
    "April 24 and 25"), not a score ("5-4")."""
    return _MONTH_DAY_DASH.search(text, max(0, match.start() - 24), match.start()) is not None


def register_range_rules(registry: RuleRegistry) -> None:
    """Register the date-range rules on `registry`."""

    @registry.rule("range_first_day",
                   rf"{DAY}(?={DASH}\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?)")
    def range_first_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        month, day = month_number(match["month"]), int(match["day"])
        year = year_of(match) if match["year"] else pick_year(ctx, month, day)
        return day_resolution(match, year, month, day)

    @registry.rule("range_first_month_day",
                   rf"\b{MONTH}\s*{DAY}(?={DASH}\d{{1,2}},?\s+{YEAR})")
    def range_first_month_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        return day_resolution(match, year_of(match), month_number(match["month"]), int(match["day"]))

    @registry.rule("range_first_month",
                   rf"\b(?:{DAY}\s+(?:of\s+)?)?{MONTH}(?=\s*{_JOIN}\s*(?:\d{{1,2}}\s+)?{SECOND_MONTH}"
                   rf"(?:\s+\d{{1,2}}\b)?,?\s+{YEAR})", accept=capitalised)
    def range_first_month(match: re.Match[str], ctx: Context) -> Resolution | None:
        month, year = month_number(match["month"]), year_of(match)
        if match["day"]:
            return day_resolution(match, year, month, int(match["day"]))
        return Resolution(DATE, month_value(year, month))

    @registry.rule("range_last_day", rf"{_AFTER_DAY_DASH}(?P<day>[0-3]?\d)(?:,?\s+{YEAR})?(?![\d:])",
                   accept=_after_month_day)
    def range_last_day(match: re.Match[str], ctx: Context) -> Resolution | None:
        anchor = ctx.anchor
        if anchor is None or anchor.month is None or anchor.day is None:
            return None
        year = year_of(match) if match["year"] else anchor.year
        return day_resolution(match, year, anchor.month, int(match["day"]))

    @registry.rule("range_last_year", r"(?<=(?<!\d)(?P<century>1[0-9]|20)\d\d[-–])(?P<short>\d\d)(?![\d:%])",
                   explicit=True)
    def range_last_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(DATE, f"{match['century']}{match['short']}")

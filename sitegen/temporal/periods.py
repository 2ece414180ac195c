"""Rules for the periods business news reports on: quarters, halves, fiscal years, "the period"."""

from __future__ import annotations

import re

from .absolute import YEAR
from .context import Context
from .resolve import base_day, pick_quarter_year
from .rules import Resolution, RuleRegistry
from .timex import DATE, quarter_value
from .vocabulary import (
    HALF_ORDINALS,
    PERIOD_DETERMINERS,
    PERIOD_NOUNS,
    QUARTER_ORDINALS,
    RELATIVE_MODIFIERS,
    REPORT_NOUNS,
    YEAR_AGO_WORDS,
    alternation,
)

ORDINAL = rf"(?P<ordinal>{alternation(QUARTER_ORDINALS)})"
FISCAL = r"(?:fiscal[-\s]+)"
YEAR_AGO = rf"(?P<ago>{alternation(YEAR_AGO_WORDS)})"
RELATIVE_YEAR = rf"(?P<rel>{alternation(RELATIVE_MODIFIERS)})\s+year['’]s"
SECOND_YEAR = YEAR.replace("?P<year>", "?P<year2>")


def _year_of_quarter(match: re.Match[str], ctx: Context, quarter: int) -> int | None:
    """The year of "the third quarter": written, relative ("last year's"), the reference year for
    fiscal quarters (companies number them from their own year), or the nearest; "year-ago" ones
    a year before that."""
    written = match["year"] or match["year2"]
    if written:
        return int(written)
    base = base_day(ctx)
    if match["rel"]:
        return base.year + RELATIVE_MODIFIERS[match["rel"].lower()] if base else None
    if match["fiscal"] and base is not None:
        year: int | None = base.year
    else:
        year = pick_quarter_year(ctx, quarter)
    if year is not None and match["ago"]:
        return year - 1
    return year


def register_period_rules(registry: RuleRegistry) -> None:
    """Register the quarter, half-year, fiscal-year and reporting-period rules on `registry`."""

    @registry.rule("quarter",
                   rf"\b(?:(?:the|a|this)\s+(?=\S+\s+(?:\S+\s+)?quarter\b))?"
                   rf"(?:{YEAR}\s+|{RELATIVE_YEAR}\s+|{YEAR_AGO}\s+)?(?P<fiscal>{FISCAL})?"
                   rf"{ORDINAL}(?:[-\s]+{FISCAL})?[-\s]+quarter\b(?!s)"
                   rf"(?:\s+of\s+{FISCAL}?{SECOND_YEAR})?", explicit=True)
    def quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
        number = QUARTER_ORDINALS[match["ordinal"].lower()]
        year = _year_of_quarter(match, ctx, number)
        value = quarter_value(year, number) if year else f"XXXX-Q{number}"
        return Resolution(DATE, value, anchoring=not match["ago"])

    @registry.rule("half_year",
                   rf"\b(?:the\s+)?(?P<half>{alternation(HALF_ORDINALS)})\s+of\s+{FISCAL}?{YEAR}",
                   explicit=True)
    def half_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        half = HALF_ORDINALS[" ".join(match["half"].lower().split())]
        return Resolution(DATE, f"{match['year']}-H{half}")

    @registry.rule("fiscal_year", rf"\b{FISCAL}{YEAR}", explicit=True)
    def fiscal_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(DATE, match["year"])

    @registry.rule("reporting_period",
                   rf"\b(?=(?:{alternation(PERIOD_DETERMINERS | YEAR_AGO_WORDS)})\s)"
                   rf"(?:(?:{alternation(PERIOD_DETERMINERS)})\s+)?(?:{YEAR}\s+|{YEAR_AGO}\s+)?"
                   rf"(?:{alternation(PERIOD_NOUNS)})\b(?![-s])"
                   rf"(?:\s+(?P<ago2>a\s+year\s+(?:ago|earlier)|last\s+year))?")
    def reporting_period(match: re.Match[str], ctx: Context) -> Resolution | None:
        focus = ctx.quarter
        if focus is None:
            return None
        year, number = focus
        if match["ago"] or match["ago2"]:
            return Resolution(DATE, quarter_value(year - 1, number), anchoring=False)
        if match["year"]:
            return Resolution(DATE, quarter_value(int(match["year"]), number), anchoring=False)
        return Resolution(DATE, quarter_value(year, number))

    @registry.rule("year_ago_quarter",
                   rf"\b(?:the\s+)?(?:last\s+year['’]s\s+quarter|"
                   rf"{YEAR_AGO}(?=\s+(?:{alternation(REPORT_NOUNS)})\b))")
    def year_ago_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
        focus = ctx.quarter
        if focus is not None:
            return Resolution(DATE, quarter_value(focus[0] - 1, focus[1]), anchoring=False)
        base = base_day(ctx)
        return Resolution(DATE, f"{base.year - 1:04d}", anchoring=False) if base else None


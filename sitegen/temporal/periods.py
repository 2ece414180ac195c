"""Rules for the periods business news reports on: quarters, halves, fiscal years, "the period"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .absolute import DAY, MONTH, YEAR, year_of
from .context import Context
from .resolve import base_day, base_year, pick_quarter_year
from .rules import Resolution, RuleRegistry
from .speech import sentence_end, sentence_start
from .timex import DATE, DURATION, month_value, quarter_value, shift_quarter, week_value
from .vocabulary import (
    HALF_ORDINALS,
    MODIFIERS,
    PERIOD_DETERMINERS,
    PERIOD_NOUNS,
    QUARTER_ORDINALS,
    RELATIVE_MODIFIERS,
    REPORT_NOUNS,
    YEAR_AGO_WORDS,
    YEAR_QUALIFIERS,
    YEAR_SPAN_WORDS,
    YEAR_TO_DATE_SPANS,
    alternation,
    period_mod,
    month_number,
    year_number,
)

ORDINAL = rf"(?P<ordinal>{alternation(QUARTER_ORDINALS)})"
FISCAL = r"(?:fiscal[-\s]+)"
YEAR_AGO = rf"(?P<ago>{alternation(YEAR_AGO_WORDS)})"
RELATIVE_YEAR = rf"(?P<rel>{alternation(RELATIVE_MODIFIERS)})\s+year['’]s"
SECOND_YEAR = YEAR.replace("?P<year>", "?P<year2>")


_YEAR_TO_DATE = re.compile(rf"\b(?:{alternation(YEAR_TO_DATE_SPANS)})\b".replace(" ", r"\s+"),
                           re.IGNORECASE)


def in_year_to_date_sentence(ctx: Context) -> bool:
    """The sentence around the match adds up several quarters ("For the nine months, net was
    $81 million, up from $75 million a year earlier"): it compares years, not quarters. A match
    opening its sentence looks back to the one before too ("The year-ago results" speak of the
    span that sentence named)."""
    start = sentence_start(ctx.text, ctx.start)
    return _YEAR_TO_DATE.search(ctx.text, start, sentence_end(ctx.text, ctx.end)) is not None


def year_before_report(ctx: Context, focus: tuple[int, int]) -> str:
    """The period a year before the reporting quarter `focus`: that quarter a year earlier, or
    the year before when the sentence compares spans of several quarters."""
    if in_year_to_date_sentence(ctx):
        return f"{focus[0] - 1:04d}"
    return quarter_value(*shift_quarter(*focus, -4))


def _year_of_quarter(match: re.Match[str], ctx: Context, quarter: int) -> int | None:
    """The year of "the third quarter": written, relative ("last year's"), the reference year for
    fiscal quarters (companies number them from their own year), or the nearest; "year-ago" ones
    a year before that."""
    written = match["year"] or match["year2"]
    if written:
        return year_number(written)
    base = base_year(ctx)
    if match["rel"]:
        return base + RELATIVE_MODIFIERS[match["rel"].lower()] if base else None
    if match["fiscal"] and base is not None:
        year: int | None = base
    else:
        year = pick_quarter_year(ctx, quarter)
    if year is not None and match["ago"]:
        return year - 1
    return year


def _under_way(match: re.Match[str]) -> bool:
    """"The current quarter" is the one under way at the reference date, not the one reported on."""
    return (" ".join((match["det"] or "").lower().split()) == "the current"
            and match["noun"].lower() == "quarter" and not (match["year"] or match["ago"]
                                                           or match["ago2"]))


_ENDED_ON = re.compile(rf"\s+(?:that\s+|which\s+)?(?P<verb>ended|ending)\s+{MONTH}\s+{DAY}"
                       rf"(?:,?\s+{YEAR})?", re.IGNORECASE)
# A quarter is three months: its middle lies about this far before its last day.
_HALF_A_QUARTER = timedelta(days=45)


def quarter_ended_on(ctx: Context) -> tuple[int, int] | None:
    """"The quarter ended July 31": the quarter of (fiscal) months that ends on the date written
    after the match, as the calendar quarter holding most of it (May to July: the second).
    A year-less end date is the latest one before the reference date ("ended"), or the next."""
    after = _ENDED_ON.match(ctx.text, ctx.end)
    if after is None:
        return None
    month, day = month_number(after["month"]), int(after["day"])
    if after["year"]:
        year = year_of(after)
    elif ctx.reference is None:
        return None
    else:
        reference = ctx.reference
        year = reference.year
        if after["verb"].lower() == "ended" and (month, day) > (reference.month, reference.day):
            year -= 1
    try:
        middle = date(year, month, day) - _HALF_A_QUARTER
    except ValueError:
        return None
    return middle.year, (middle.month - 1) // 3 + 1


# Determiners that name the period last reported on, whether or not the story named it before.
_LATEST = frozenset({"the latest", "its latest", "the most recent", "the just-ended",
                     "the just-completed"})


_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)


def _last_completed(match: re.Match[str], ctx: Context) -> tuple[int, int] | None:
    """"The latest period", in a story that has not named its quarter: the last quarter over
    by the reference date."""
    if " ".join((match["det"] or "").lower().split()) not in _LATEST or ctx.reference is None:
        return None
    if _OF_AFTER.match(ctx.text, ctx.end):  # "the latest period of calm": no reporting period
        return None
    reference = ctx.reference
    return shift_quarter(reference.year, (reference.month - 1) // 3 + 1, -1)


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
        return Resolution(DATE, f"{year_of(match):04d}-H{half}")

    @registry.rule("fiscal_year", rf"\b{FISCAL}{YEAR}", explicit=True)
    def fiscal_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(DATE, f"{year_of(match):04d}")

    @registry.rule("the_year",
                   rf"\b(?:(?P<mod>{alternation(MODIFIERS)})\s*|(?P<side>earlier|later)\s+in\s+)?"
                   rf"(?:the|this)\s+(?P<qualifier>(?:{alternation(q for q in YEAR_QUALIFIERS if q)})\s+)?"
                   rf"year\b(?![-'’])(?P<span>(?=\s+(?:{alternation(YEAR_SPAN_WORDS)})\b))?")
    def the_year(match: re.Match[str], ctx: Context) -> Resolution | None:
        if match["span"] is not None:
            return Resolution(DURATION, "P1Y")
        base = base_year(ctx)
        if base is None:
            return None
        qualifier = " ".join((match["qualifier"] or "").lower().split())
        year = base + YEAR_QUALIFIERS[qualifier]
        return Resolution(DATE, f"{year:04d}", period_mod(match["mod"]))

    @registry.rule("part_of_the_month",
                   rf"\b(?P<mod>{alternation(MODIFIERS)})\s*the\s+(?P<unit>month|week)\b(?![-\w])"
                   rf"(?!\s+(?:of|before|after|in)\b)")
    def part_of_the_month(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"By the end of the month": the month (or week) last named, else the story's."""
        anchor = ctx.anchor
        mod = period_mod(match["mod"])
        if match["unit"].lower() == "month" and anchor is not None and anchor.month is not None:
            return Resolution(DATE, month_value(anchor.year, anchor.month), mod)
        base = (anchor.as_date() if anchor else None) or base_day(ctx)
        if base is None:
            return None
        value = month_value(base.year, base.month) if match["unit"].lower() == "month" else week_value(base)
        return Resolution(DATE, value, mod)

    @registry.rule("year_end", r"\b(?:(?:the\s+)?year[-\s]end|year['’]s\s+end)\b")
    def year_end(match: re.Match[str], ctx: Context) -> Resolution | None:
        base = base_year(ctx)
        return Resolution(DATE, f"{base:04d}", "END") if base else None

    @registry.rule("reporting_period",
                   rf"\b(?=(?:{alternation(PERIOD_DETERMINERS | YEAR_AGO_WORDS)})\s)"
                   rf"(?:(?P<det>{alternation(PERIOD_DETERMINERS)})\s+)?(?:{YEAR}\s+|{YEAR_AGO}\s+)?"
                   rf"(?P<noun>{alternation(PERIOD_NOUNS)})\b(?![-s])"
                   rf"(?:\s+(?P<ago2>a\s+year\s+(?:ago|earlier)|last\s+year))?")
    def reporting_period(match: re.Match[str], ctx: Context) -> Resolution | None:
        if _under_way(match) and ctx.reference is not None:
            reference = ctx.reference
            return Resolution(DATE, quarter_value(reference.year, (reference.month - 1) // 3 + 1))
        ended = quarter_ended_on(ctx) if match["noun"].lower() == "quarter" else None
        if ended is not None and not (match["year"] or match["ago"] or match["ago2"]):
            return Resolution(DATE, quarter_value(*ended))
        focus = ctx.quarter or _last_completed(match, ctx)
        if focus is None:
            return None
        year, number = focus
        if match["ago"] or match["ago2"]:
            return Resolution(DATE, year_before_report(ctx, focus), anchoring=False)
        if match["year"]:
            written = year_of(match)
            if in_year_to_date_sentence(ctx):
                return Resolution(DATE, f"{written:04d}", anchoring=False)
            return Resolution(DATE, quarter_value(written, number), anchoring=False)
        return Resolution(DATE, quarter_value(year, number))

    @registry.rule("year_ago_quarter",
                   rf"\b(?:the\s+)?(?:last\s+year['’]s\s+quarter|"
                   rf"{YEAR_AGO}(?=\s+(?:{alternation(REPORT_NOUNS)})\b))")
    def year_ago_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
        focus = ctx.quarter
        if focus is not None:
            return Resolution(DATE, year_before_report(ctx, focus), anchoring=False)
        base = base_year(ctx)
        return Resolution(DATE, f"{base - 1:04d}", anchoring=False) if base else None


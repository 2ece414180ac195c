"""Resolving incomplete dates (no year, a bare weekday, "yesterday") against a context."""

from __future__ import annotations

from datetime import date, timedelta

from .context import Context, Tense, scheduled
from .timex import safe_date


def base_day(ctx: Context) -> date | None:
    """The day relative expressions count from: the anchor in narratives (its first day when
    it is a month or a year: a history never counts from its own date), else the reference."""
    if ctx.narrative and ctx.anchor is not None:
        anchor = ctx.anchor
        return anchor.as_date() or date(anchor.year, anchor.month or 1, 1)
    return ctx.reference


def today(ctx: Context) -> date | None:
    """The day "today" means: the speaker's inside a dated quotation, else the reference date."""
    return ctx.speech_day or ctx.reference


def base_year(ctx: Context) -> int | None:
    """The year "the year" means: the anchor's in narratives, else the reference's."""
    if ctx.narrative and ctx.anchor is not None:
        return ctx.anchor.year
    return ctx.reference.year if ctx.reference else None


def pick_year(ctx: Context, month: int, day: int | None = None,
              weekday: int | None = None) -> int | None:
    """The year of a date written without one, or None when nothing in the context gives it.

    Narratives take the anchor's year; news documents take the reference year, moved by a year
    when the tense of the clause says the date lies before or after the reference; documents with
    neither take a year they mention. A weekday, when given, must agree with the chosen date.
    """
    if ctx.narrative and ctx.anchor is not None:
        base = ctx.anchor.year
        return _agreeing(base, [base, base + 1, base - 1], month, day, weekday)
    if ctx.reference is not None:
        return _year_by_tense(ctx, month, day, weekday)
    if ctx.document_years:
        years = range(min(ctx.document_years) - 1, max(ctx.document_years) + 2)
        preferred = ctx.anchor.year if ctx.anchor else max(ctx.document_years)
        ordered = sorted(years, key=lambda year: (abs(year - preferred), -year))
        return _agreeing(preferred, ordered, month, day, weekday)
    return None


def pick_quarter_year(ctx: Context, quarter: int) -> int | None:
    """The year of a quarter named without one ("the third quarter"), like `pick_year`."""
    if ctx.reference is not None and not (ctx.narrative and ctx.anchor is not None):
        return nearest_year(ctx, quarter, 4)
    return pick_year(ctx, 3 * quarter - 1)


def _agreeing(default: int, years: list[int] | range, month: int, day: int | None,
              weekday: int | None) -> int:
    """The first year in `years` where the date falls on `weekday` (or `default`)."""
    if weekday is None or day is None:
        return default
    for year in years:
        candidate = safe_date(year, month, day)
        if candidate is not None and candidate.weekday() == weekday:
            return year
    return default


# A clause's tense moves a year-less date to the other side of the reference date only when the
# nearest reading lies more than one part of the year (month, quarter) on the wrong side: tense
# detection is rough, and news mostly speaks of the weeks around its date.
TENSE_LEEWAY_PARTS = 1
# News reports what has happened: a year-less month at least a season ahead of the reference,
# in a clause with no tense marker at all, is the past one ("from $29.75 in March").
UNMARKED_MONTHS_AHEAD = 3


def _year_by_tense(ctx: Context, month: int, day: int | None, weekday: int | None) -> int:
    """The year putting the month nearest the reference month, unless the clause's tense says
    the date lies on the other side of the reference. A weekday, when given, picks among years."""
    assert ctx.reference is not None
    reference = ctx.reference
    if weekday is not None and day is not None:
        agreeing = [y for y in (reference.year, reference.year - 1, reference.year + 1)
                    if (d := safe_date(y, month, day)) and d.weekday() == weekday]
        if agreeing:
            return min(agreeing, key=lambda y: abs((date(y, month, day) - reference).days))
    return nearest_year(ctx, month, 12)


def nearest_year(ctx: Context, part: int, parts_per_year: int) -> int:
    """The year of part `part` (1-based: a month of 12, a quarter of 4) nearest the reference,
    moved to the side the clause's tense points to when the nearest lies well on the other, or
    back a year when it lies a season ahead and the clause has no tense."""
    assert ctx.reference is not None
    reference = ctx.reference
    here = reference.year * parts_per_year + (reference.month - 1) * parts_per_year // 12 + 1
    year = min((reference.year - 1, reference.year, reference.year + 1),
               key=lambda y: abs(y * parts_per_year + part - here))
    ahead = year * parts_per_year + part - here
    if abs(ahead) > TENSE_LEEWAY_PARTS:
        tense = ctx.tense()
        if tense is Tense.PAST and ahead > 0:
            return year - 1
        if tense is Tense.FUTURE and ahead < 0:
            return year + 1
        if tense is Tense.UNKNOWN and ahead * 12 // parts_per_year >= UNMARKED_MONTHS_AHEAD:
            return year - 1
    return year


def weekday_date(ctx: Context, weekday: int, modifier: str | None = None,
                 reported: bool = False) -> date | None:
    """The day a weekday name refers to, counted from the base day.

    The base day's own weekday is the base day itself; "last"/"next" move a week; otherwise the
    clause's tense decides between the past week (the default in reports) and the coming one.
    A `reported` weekday names an event by its day ("get around Wednesday's ruling"): news
    names events so once they have happened, whatever the tense of the clause around them.
    """
    base = base_day(ctx)
    if base is None:
        return None
    behind = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if modifier in ("last", "past", "previous"):
        return base - timedelta(days=behind or 7)
    if modifier in ("next", "coming"):
        return base + timedelta(days=ahead or 7)
    if modifier == "this":
        return base + timedelta(days=weekday - base.weekday())
    if behind == 0:
        return base
    if not reported and (scheduled(ctx.text, ctx.start) or ctx.tense() is Tense.FUTURE):
        return base + timedelta(days=ahead)
    return base - timedelta(days=behind)

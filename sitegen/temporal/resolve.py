"""Resolving incomplete dates (no year, a bare weekday, "yesterday") against a context."""

from __future__ import annotations

from datetime import date, timedelta

from .context import Context, Tense
from .timex import month_end, safe_date


def base_day(ctx: Context) -> date | None:
    """The day relative expressions count from: the anchor in narratives, else the reference."""
    if ctx.narrative and ctx.anchor is not None:
        anchored = ctx.anchor.as_date()
        if anchored is not None:
            return anchored
    return ctx.reference


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


def _year_by_tense(ctx: Context, month: int, day: int | None, weekday: int | None) -> int:
    assert ctx.reference is not None
    reference = ctx.reference
    years = [reference.year - 1, reference.year, reference.year + 1]
    if weekday is not None and day is not None:
        agreeing = [y for y in years if (d := safe_date(y, month, day)) and d.weekday() == weekday]
        if agreeing:
            years = agreeing
    periods = []
    for year in years:
        first = safe_date(year, month, day or 1)
        if first is None:
            continue
        last = first if day else month_end(year, month)
        periods.append((year, first, last))
    if not periods:
        return reference.year
    tense = ctx.tense()
    if tense is Tense.PAST:
        past = [p for p in periods if p[1] <= reference]
        if past:
            return past[-1][0]
    elif tense is Tense.FUTURE:
        future = [p for p in periods if p[2] >= reference]
        if future:
            return future[0][0]
    for year, _, _ in periods:
        if year == reference.year:
            return year
    return min(periods, key=lambda p: abs((p[1] - reference).days))[0]


def weekday_date(ctx: Context, weekday: int, modifier: str | None = None) -> date | None:
    """The day a weekday name refers to, counted from the base day.

    The base day's own weekday is the base day itself; "last"/"next" move a week; otherwise the
    clause's tense decides between the past week (the default in reports) and the coming one.
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
    if ctx.tense() is Tense.FUTURE:
        return base + timedelta(days=ahead)
    return base - timedelta(days=behind)

"""How dates are shown to readers: labels exactly as precise as the date is known."""

from __future__ import annotations

from .model import Precision, TimeValue

_SEASON_NAMES = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}


def date_label(value: TimeValue) -> str:
    """A reader's label for a period, exactly as precise as it is known: "27 Sep 2020",
    "December 2022", "Summer 2023", "2021"."""
    start = value.start
    if value.precision is Precision.DAY:
        return f"{start.day} {start:%b %Y}"
    if value.precision is Precision.WEEK:
        return f"Week of {start.day} {start:%b %Y}"
    if value.precision is Precision.MONTH:
        return f"{start:%B %Y}"
    if value.precision is Precision.SEASON:
        return f"{_SEASON_NAMES.get(start.month, 'Season')} {start.year}"
    if value.precision in (Precision.QUARTER, Precision.HALF):
        return f"{start:%b %Y} to {value.end:%b %Y}"
    if value.precision is Precision.YEAR:
        return str(start.year)
    if value.precision is Precision.DECADE:
        return f"{start.year}s"
    return f"{start.year}–{value.end.year}"


def datetime_attribute(value: TimeValue) -> str:
    """A valid HTML `datetime` value as precise as the period: day, week, month or year."""
    if value.precision is Precision.DAY:
        return value.start.isoformat()
    if value.precision is Precision.WEEK:
        return value.timex
    if value.precision is Precision.MONTH:
        return f"{value.start:%Y-%m}"
    return f"{value.start.year:04d}"

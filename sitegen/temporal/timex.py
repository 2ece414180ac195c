"""Tagged expressions and TIMEX3 values: formatting, calendar arithmetic, and periods of values."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Precision
from .vocabulary import TIME_UNITS, UNITS

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"


@dataclass(frozen=True)
class Timex:
    """A temporal expression found in a text: `text == source[start:end]`.

    `value` is its TIMEX3 value, `rule` the name of the rule that found it.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    rule: str = ""

    def to_json(self) -> dict[str, object]:
        """The object `sitegen tag` prints."""
        data: dict[str, object] = {
            "start": self.start, "end": self.end, "text": self.text, "type": self.type,
            "value": self.value,
        }
        if self.mod:
            data["mod"] = self.mod
        return data


def day_value(day: date) -> str:
    """TIMEX3 value of a calendar day."""
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    """TIMEX3 value of a month."""
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    """TIMEX3 value of the ISO week containing `day`."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_value(year: int, quarter: int) -> str:
    """TIMEX3 value of a quarter: (1989, 3) → "1989-Q3"."""
    return f"{year:04d}-Q{quarter}"


def shift_quarter(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    """The (year, quarter) `quarters` after (year, quarter)."""
    index = year * 4 + quarter - 1 + quarters
    return index // 4, index % 4 + 1


# Half of a unit in the next smaller one: "2 1/2 years" is P2Y6M.
_HALVES = {"year": "6M", "day": "T12H", "hour": "30M", "minute": "30S"}


def duration_value(amount: str, unit: str, half: bool = False) -> str:
    """TIMEX3 duration value: ("30", "year") → "P30Y", ("several", "day") → "PXD";
    decades count in years ("two decades" → "P20Y"), `half` adds half a unit."""
    letter = UNITS[unit]
    prefix = "PT" if unit in TIME_UNITS else "P"
    if letter == "WE":
        return f"{prefix}{amount}WE"
    if letter == "W2":
        return f"{prefix}{_times(amount, 2)}W"
    if letter == "DE":
        return f"{prefix}{_times(amount, 10)}Y"
    if half and amount.isdigit() and unit in _HALVES:
        return f"{prefix}{amount}{letter}{_HALVES[unit]}"
    return f"{prefix}{amount}{letter}"


def _times(amount: str, factor: int) -> str:
    return str(int(amount) * factor) if amount.isdigit() else "X"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) `months` after (year, month)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (30 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_VALUE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})"
    r"|(?P<season>SP|SU|FA|WI)|Q(?P<quarter>[1-4])|H(?P<half>[12])))?(?:T.*)?$"
)
_DECADE = re.compile(r"^(?P<decade>\d{3})$")
_CENTURY = re.compile(r"^(?P<century>\d{2})$")


def period_of(value: str) -> tuple[date, date, Precision] | None:
    """The first and last day of a resolved TIMEX3 date value, and its precision.

    Returns None for values that are not a calendar period (durations, sets, "PRESENT_REF",
    anything with X for an unknown part).
    """
    match = _VALUE.match(value)
    if match:
        return _period_of_parts(match)
    match = _DECADE.match(value)
    if match:
        first = int(match["decade"]) * 10
        return date(first, 1, 1), date(first + 9, 12, 31), Precision.DECADE
    match = _CENTURY.match(value)
    if match:
        first = int(match["century"]) * 100
        return date(max(first, 1), 1, 1), date(first + 99, 12, 31), Precision.CENTURY
    return None


def _period_of_parts(match: re.Match[str]) -> tuple[date, date, Precision] | None:
    year = int(match["year"])
    if year < 1:
        return None
    if match["day"]:
        day = safe_date(year, int(match["month"]), int(match["day"]))
        return (day, day, Precision.DAY) if day else None
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            return None
        return date(year, month, 1), month_end(year, month), Precision.MONTH
    if match["week"]:
        try:
            monday = date.fromisocalendar(year, int(match["week"]), 1)
        except ValueError:
            return None
        return monday, monday + timedelta(days=6), Precision.WEEK
    if match["season"]:
        first, last = _SEASON_MONTHS[match["season"]]
        end_year, end_month = add_months(year, 1, last - 1)
        return date(year, first, 1), month_end(end_year, end_month), Precision.SEASON
    if match["quarter"]:
        quarter = int(match["quarter"])
        return (date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter),
                Precision.QUARTER)
    if match["half"]:
        half = int(match["half"])
        return date(year, 6 * half - 5, 1), month_end(year, 6 * half), Precision.HALF
    return date(year, 1, 1), date(year, 12, 31), Precision.YEAR

"""Rules for what is temporal but not a date: durations, sets, clock times, present/past refs."""

from __future__ import annotations

import re

from .absolute import WEEKDAY
from .context import Context
from .relative import NUMBER_WORD, number_of
from .resolve import base_day
from .rules import Resolution, RuleRegistry
from .timex import DURATION, SET, TIME, day_value
from .vocabulary import (
    REFERENCE_WORDS,
    SET_ADVERBS,
    TIME_UNITS,
    UNITS,
    VAGUE_QUANTITIES,
    alternation,
    weekday_number,
)

DURATION_UNIT = rf"(?P<unit>{alternation(UNITS)})s?"
QUANTITY = rf"(?P<quantity>{alternation(VAGUE_QUANTITIES)}|\d+(?:\.\d+)?|{NUMBER_WORD})"


def duration_value(amount: str, unit: str) -> str:
    """TIMEX3 duration value: ("30", "year") → "P30Y", ("several", "day") → "PXD"."""
    letter = UNITS[unit]
    prefix = "PT" if unit in TIME_UNITS else "P"
    if letter == "WE":
        return f"{prefix}{amount}WE"
    if letter == "W2":
        return f"{prefix}{_times(amount, 2)}W"
    return f"{prefix}{amount}{letter}"


def _times(amount: str, factor: int) -> str:
    return str(int(amount) * factor) if amount.isdigit() else "X"


def _amount(word: str) -> str:
    lowered = " ".join(word.lower().split())
    if lowered in VAGUE_QUANTITIES:
        return "X"
    if re.fullmatch(r"\d+\.\d+", lowered):
        return lowered.rstrip("0").rstrip(".")
    return str(number_of(lowered))


def _not_an_age(match: re.Match[str], text: str) -> bool:
    """"64-year-old" is an age and "300mm" a calibre, not durations."""
    return re.match(r"-?\s*old\b|\s+ago\b", text[match.end():match.end() + 8], re.IGNORECASE) is None


def register_quantity_rules(registry: RuleRegistry) -> None:
    """Register the duration, set, clock-time and reference-word rules on `registry`."""

    @registry.rule("duration",
                   rf"\b(?:the\s+(?:past|last|next|coming|previous|first)\s+)?{QUANTITY}[-\s]+"
                   rf"(?:(?:straight|consecutive|long|full|more)\s+)?{DURATION_UNIT}\b",
                   accept=_not_an_age)
    def duration(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(DURATION, duration_value(_amount(match["quantity"]),
                                                   match["unit"].lower()))

    @registry.rule("bare_duration",
                   r"\b(?:the\s+(?:past|last|next|coming)\s+(?P<single>day|week|month|year|decade)\b|"
                   r"(?P<plural>days|weeks|months|years|decades|hours|minutes)\b)",
                   accept=_not_an_age)
    def bare_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
        if match["single"]:
            return Resolution(DURATION, duration_value("1", match["single"].lower()))
        return Resolution(DURATION, duration_value("X", match["plural"].lower()[:-1]))

    @registry.rule("set_every",
                   rf"\b(?:every|each)\s+(?:(?P<unit>day|week|month|year|morning|night|evening)|"
                   rf"{WEEKDAY})\b")
    def set_every(match: re.Match[str], ctx: Context) -> Resolution | None:
        if match["weekday"]:
            return Resolution(SET, f"XXXX-WXX-{weekday_number(match['weekday']) + 1}")
        unit = match["unit"].lower()
        return Resolution(SET, {"morning": "TMO", "night": "TNI", "evening": "TEV"}.get(
            unit, duration_value("1", unit)))

    @registry.rule("set_adverb", rf"\b(?:{alternation(SET_ADVERBS)})\b")
    def set_adverb(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(SET, SET_ADVERBS[match[0].lower()])

    @registry.rule("reference_word", rf"\b(?:{alternation(REFERENCE_WORDS)})\b")
    def reference_word(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution("DATE", REFERENCE_WORDS[" ".join(match[0].lower().split())])

    @registry.rule("clock_time",
                   r"(?<![\d:.])(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*"
                   r"(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)|(?<![\d:.])(?P<hour24>[01]\d|2[0-3]):?"
                   r"(?P<minute24>[0-5]\d)\s*(?P<zone>GMT|UTC)\b")
    def clock_time(match: re.Match[str], ctx: Context) -> Resolution | None:
        if match["hour24"]:
            hour, minute = int(match["hour24"]), int(match["minute24"])
        else:
            hour, minute = int(match["hour"]) % 12, int(match["minute"] or 0)
            if match["ampm"].lower().startswith("p"):
                hour += 12
        base = base_day(ctx)
        day = day_value(base) if base else "XXXX-XX-XX"
        return Resolution(TIME, f"{day}T{hour:02d}:{minute:02d}")

"""Rules for what is temporal but not a date: durations, sets, present/past references."""

from __future__ import annotations

import re

from .absolute import WEEKDAY
from .context import Context, Tense
from .dated_events import period_of_event
from .relative import NUMBER_WORD, number_of, shifted_value
from .rules import Resolution, RuleRegistry
from .speech import sentence_start
from .timex import DATE, DURATION, SET, day_value, duration_value
from .vocabulary import (
    DURATION_DETERMINERS,
    DURATION_FILLERS,
    DURATION_MODIFIERS,
    MULTIPLIERS,
    NOT_BARE_DURATIONS,
    PARTS_OF_DAY,
    PLURAL_UNITS,
    QUANTITY_PHRASES,
    RATE_WORDS,
    REFERENCE_QUALIFIERS,
    REFERENCE_WORDS,
    SPAN_QUALIFIERS,
    SET_ADVERBS,
    TENS_WORDS,
    UNIT_OF_PLURAL,
    UNIT_WORDS,
    UNITS,
    VAGUE_QUANTITIES,
    WEEKDAYS,
    alternation,
    weekday_number,
)

# A unit, singular or plural ("centuries" and "millennia" are not the singular and "s").
DURATION_UNIT = rf"(?P<unit>{alternation(UNITS)}|centuries|millennia)s?"
_COMPOUND = rf"(?:{alternation(TENS_WORDS)})[-\s]+(?:{alternation(UNIT_WORDS)})"
# "two hundred", "a thousand": a number word times a hundred or a thousand.
_MULTIPLIED = rf"(?:{_COMPOUND}|{NUMBER_WORD})(?:\s+(?:{alternation(MULTIPLIERS)}))?"
QUANTITY = (rf"(?P<quantity>{alternation(QUANTITY_PHRASES)}|{alternation(VAGUE_QUANTITIES)}|"
            rf"\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_MULTIPLIED})")
_FULL_WEEKDAYS = alternation(day for day in WEEKDAYS if day.endswith("day"))
_HALF = r"(?P<half>\s+1/2|\s*½)"
_AND_A_HALF = r"(?P<and_half>\s+and\s+a\s+half)"


def _amount(word: str) -> str:
    """The TIMEX3 amount a quantity stands for: "2", "1.5", "X" for vague ones."""
    lowered = " ".join(word.lower().replace("-", " ").split())
    if lowered in VAGUE_QUANTITIES:
        return "X"
    if lowered in QUANTITY_PHRASES:
        return str(QUANTITY_PHRASES[lowered])
    if re.fullmatch(r"\d+\.\d+", lowered):
        return lowered.rstrip("0").rstrip(".")
    return str(number_of(lowered))


_NOT_A_DURATION_AFTER = re.compile(r"-?\s*old\b|\s+ago\b|\s+apart\b", re.IGNORECASE)
_MATTER_OF = re.compile(r"\bmatter\s+of\s+$", re.IGNORECASE)
_FRACTION_AFTER = re.compile(r"s?\s+of\b", re.IGNORECASE)
# "$2 million a year", "four flights a week": an amount, or a counted plural noun, per unit.
_COUNTED_PLURAL = rf"(?:\d|\b(?:{NUMBER_WORD}))\s+[a-z]+s"
_RATE_BEFORE = re.compile(rf"(?:\d%?|\b(?:{alternation(RATE_WORDS)})|{_COUNTED_PLURAL})\s+$",
                          re.IGNORECASE)


def _is_duration(match: re.Match[str], text: str) -> bool:
    """Not an age ("64-year-old"), a date ("two years ago"), a fraction ("three-quarters of",
    but "several quarters of losses" is a duration), a rate ("$2 million a year"), the gap
    between two events ("minutes apart") nor a manner of speaking ("a matter of days")."""
    if _NOT_A_DURATION_AFTER.match(text, match.end()):
        return False
    if _MATTER_OF.search(text, max(0, match.start() - 12), match.start()):
        return False
    quantity = match.groupdict().get("quantity")
    vague = bool(quantity) and " ".join(quantity.lower().split()) in VAGUE_QUANTITIES
    if match[0].lower().rstrip("s").endswith("quarter") and not vague \
            and _FRACTION_AFTER.match(text, match.end()):
        return False
    if quantity and quantity.lower() in ("a", "an") and match["unit"].lower() == "second":
        return False
    if quantity and quantity.lower() in ("a", "an") and _plural_unit(match):
        return False  # "a months-long trek": the article goes with the trek, the span is vague
    if quantity and quantity.lower() in ("a", "an"):
        return _RATE_BEFORE.search(text, max(0, match.start() - 30), match.start()) is None
    return True


def _plural_unit(match: re.Match[str]) -> bool:
    """The match's unit word is written in the plural ("months", not "month")."""
    return match.string.startswith("s", match.end("unit"))


def _not_a_rate(match: re.Match[str], text: str) -> bool:
    """"twice daily" is a set; "20% annually", "10,000 units annually" are rates: an amount
    per unit, like "$2 million a year", not a recurring time."""
    return _RATE_BEFORE.search(text, max(0, match.start() - 30), match.start()) is None


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;]['\"’”`]*\s+|\n\s*)['\"‘“`]*$")


# A count and a plural noun after "the past": "the past three summers", "the past 20 seasons".
_COUNTED_AFTER = re.compile(rf"\s+(?:\d+|{NUMBER_WORD})\s+[a-z]+s\b", re.IGNORECASE)


def _is_reference(match: re.Match[str], text: str) -> bool:
    """A reference word that refers: neither a discourse marker nor the start of a count."""
    return _not_a_discourse_marker(match, text) and not _opens_a_count(match, text)


def _opens_a_count(match: re.Match[str], text: str) -> bool:
    """"The past" before a count and its noun opens a counted span ("for the past three
    summers"), it does not refer to the past in general."""
    return match[0].lower().endswith("past") and _COUNTED_AFTER.match(text, match.end()) is not None


def _not_a_discourse_marker(match: re.Match[str], text: str) -> bool:
    """"Now, he says, ..." opening a sentence, set off by a comma, links it to the one before;
    it is not a reference to the present ("is now", "for now," and "Now officials" are)."""
    if match[0].lower() != "now" or not text.startswith(",", match.end()):
        return True
    return _SENTENCE_OPENING.search(text, max(0, match.start() - 6), match.start()) is None


# "one day" between a modal or a subject pronoun and its verb is some day to come, not a day long.
_SOMEDAY = re.compile(r"one\s+day", re.IGNORECASE)
_BEFORE_SOMEDAY = re.compile(r"\b(?:will|would|could|might|may|can|shall|should|he|she|they|we|"
                             r"I|you|it)\s+$", re.IGNORECASE)


# A modal of possibility right before "soon" looks ahead, whatever the tense around it.
_MODAL_BEFORE = re.compile(r"\b(?:may|might|could|can)\s+$", re.IGNORECASE)


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_FROM_EVENT = re.compile(r"\s+(?P<side>after|before)\b", re.IGNORECASE)
_EVENT_UNITS = frozenset({"day", "week", "month", "year"})


def _dated_from_event(match: re.Match[str], ctx: Context) -> Resolution | None:
    """In a history, "five days after the fall of Girona" dates a day: counted from the day the
    story last named (the event's), when it named one, and the count is exact."""
    unit = _unit(match)
    if not ctx.narrative or match["mod"] or unit not in _EVENT_UNITS or match["half"] \
            or match["and_half"]:
        return None
    side = _FROM_EVENT.match(ctx.text, ctx.end)
    apposed = ctx.apposed_day()
    if side is not None and apposed is not None:
        return Resolution(DATE, day_value(apposed), anchoring=False)  # "27 June, two days after"
    base = ctx.anchor.as_date() if ctx.anchor else None
    amount = _amount(match["quantity"])
    if side is None or base is None or not amount.isdigit():
        return None
    sign = 1 if side["side"].lower() == "after" else -1
    return Resolution(DATE, shifted_value(base, unit, sign * int(amount)), anchoring=False)


_IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
_OR_ANOTHER = re.compile(rf"\s+or\s+(?:\d+|{NUMBER_WORD})\b", re.IGNORECASE)
_OR_SO = re.compile(r"\s+or\s+so\b", re.IGNORECASE)
# The modal of the clause, and what lies between it and "in": "would be redeemed in five
# years", "will close the plant in six months", "may, in a year or two, save".
_MODAL_BEFORE_IN = re.compile(r"\b(?:will|would|shall|may|might|could|can|should)\b"
                              r"(?P<between>[^.;:!?,]*|\s*,\s*)\bin\s+$", re.IGNORECASE)
# Between the modal and "in", these make "in five years" the last five years, not five years
# ahead: a perfect ("may have doubled"), a negation ("can't remember a storm like this in 20
# years"), a superlative or a first ("the lowest profit in five years", "his first election
# in four years"), a comparison ("more cars in two years than") or a past verb of its own
# ("can you believe it happened in two years").
_NOT_AHEAD = re.compile(
    r"\b(?:have|has|had|not|never|first|last|only|best|worst|most|least|more|fewer|less|"
    r"biggest|largest|smallest|lowest|highest|longest|greatest|strongest|weakest|fastest|"
    r"slowest|sharpest|steepest|deepest)\b|n['’]t\b|(?<!\bbe\s)(?<!\bbeen\s)\b\w+ed\b",
    re.IGNORECASE)
_NEGATED = re.compile(r"\w+(?:n?['’]t\b|\s+not\b)", re.IGNORECASE)
_DATE_IN_SENTENCE = re.compile(r"\b1[5-9]\d\d\b|\b20\d\d\b")


def _ahead_of_now(match: re.Match[str], ctx: Context) -> Resolution | None:
    """"The stock would be redeemed in five years": "in" and an exact count, right after the
    verb a modal governs, point to the time that far from the reference date (1994), a vague
    one when it gives a choice ("in a year or two"). A count that measures a stretch up to now
    ("the worst drop in five years", "may have doubled in five years", "in the past five
    years") stays a duration, and so does one in a sentence that dates its own speech."""
    unit = _unit(match)
    amount = _amount(match["quantity"])
    if match["mod"] or match.start("quantity") != match.start() or unit not in _EVENT_UNITS \
            or not amount.isdigit() or ctx.reference is None \
            or not _IN_BEFORE.search(ctx.text, max(0, ctx.start - 4), ctx.start):
        return None
    modal = _MODAL_BEFORE_IN.search(ctx.text, max(0, ctx.start - 60), ctx.start)
    if modal is None or _NOT_AHEAD.search(modal["between"]) or _NEGATED.match(modal[0]) \
            or _DATE_IN_SENTENCE.search(ctx.text, sentence_start(ctx.text, ctx.start), ctx.start):
        return None
    if _OR_ANOTHER.match(ctx.text, ctx.end):
        return Resolution(DATE, "FUTURE_REF", anchoring=False)
    return Resolution(DATE, shifted_value(ctx.reference, unit, int(amount)),
                      "APPROX" if _OR_SO.match(ctx.text, ctx.end) else None, anchoring=False)


def _unit(match: re.Match[str]) -> str:
    """The singular unit a duration match counts in."""
    unit = match["unit"].lower()
    return UNIT_OF_PLURAL.get(unit, unit)


def register_quantity_rules(registry: RuleRegistry) -> None:
    """Register the duration, set and reference-word rules on `registry`."""

    @registry.rule("duration",
                   rf"\b(?:(?P<mod>{alternation(DURATION_MODIFIERS)})\s+(?!the\b))?"
                   rf"(?:(?:{alternation(DURATION_DETERMINERS)})\s+)?{QUANTITY}{_HALF}?[-\s]+"
                   rf"(?:(?:{alternation(DURATION_FILLERS)})\s+)?{DURATION_UNIT}\b"
                   rf"(?:{_AND_A_HALF}|-long\b|\s+period\b)?",
                   accept=_is_duration)
    def duration(match: re.Match[str], ctx: Context) -> Resolution | None:
        if _SOMEDAY.fullmatch(match[0]) and _BEFORE_SOMEDAY.search(ctx.text, max(0, ctx.start - 8),
                                                                  ctx.start):
            return Resolution(DATE, "FUTURE_REF")  # "Islam will one day be the second religion"
        dated = _dated_from_event(match, ctx) or _ahead_of_now(match, ctx)
        if dated is not None:
            return dated
        half = bool(match["half"] or match["and_half"])
        amount, unit = _amount(match["quantity"]), _unit(match)
        if unit == "year" and match["quantity"].lower().endswith("thousand"):
            amount, unit = str(int(amount) // 1000), "millennium"  # "two thousand years": P2L
        value = duration_value(amount, unit, half)
        modifier = match["mod"]
        return Resolution(DURATION, value,
                          DURATION_MODIFIERS[" ".join(modifier.lower().split())] if modifier else None)

    @registry.rule("unit_reference",
                   rf"\b(?P<qualifier>{alternation(REFERENCE_QUALIFIERS)})\s+"
                   rf"(?:{alternation(PLURAL_UNITS)})\b"
                   rf"(?:\s+(?:and|or)\s+(?:{alternation(PLURAL_UNITS)})\b)?")
    def unit_reference(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"in recent years", "in the coming weeks": a span of some units ending (starting) now,
        as TIDES reads them (PXY); "in past years", "future quarters" and two units ("in recent
        weeks and months") are a past (future) reference."""
        qualifier = " ".join(match["qualifier"].lower().split())
        words = match[0].split()
        if qualifier in SPAN_QUALIFIERS and len(words) == len(qualifier.split()) + 1:
            return Resolution(DURATION, duration_value("X", UNIT_OF_PLURAL[words[-1].lower()]))
        return Resolution(DATE, REFERENCE_QUALIFIERS[qualifier])

    @registry.rule("bare_duration",
                   rf"\b(?:the\s+(?:next|coming)\s+(?P<single>day|week|month|year|decade)\b|"
                   rf"(?P<long>{alternation(UNIT_OF_PLURAL.values())})-long\b|"
                   rf"(?P<plural>{alternation(PLURAL_UNITS - NOT_BARE_DURATIONS)})\b(?:-long\b)?"
                   rf"(?:\s+or\s+(?:{alternation(PLURAL_UNITS - NOT_BARE_DURATIONS)})\b)?)",
                   accept=_is_duration)
    def bare_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"for weeks", "the next day", "their third day-long meeting"; "within weeks or months"
        is one vague span, counted in its first unit."""
        single = match["single"] or match["long"]
        if match["plural"] and match["plural"].lower() in ("days", "weeks") \
                and _THE_BEFORE.search(ctx.text, max(0, ctx.start - 5), ctx.start):
            event = period_of_event(ctx)  # "in the weeks before the shooting": around its month
            if event is not None:
                return Resolution(DATE, event, anchoring=False)
        if single:
            return Resolution(DURATION, duration_value("1", single.lower()))
        return Resolution(DURATION, duration_value("X", UNIT_OF_PLURAL[match["plural"].lower()]))

    @registry.rule("a_while", r"\b(?<!\bonce\sin\s)(?:quite\s+)?a\s+(?:long\s+|little\s+)?while\b"
                   r"(?!\s+(?:ago|back|later|earlier|before|after|since)\b)")
    def a_while(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"For a while", "after quite a while": a vague span of unknown unit ("once in a while"
        is a frequency, "a while ago" a past time: neither is this)."""
        return Resolution(DURATION, "PXX")

    @registry.rule("set_every",
                   rf"\b(?:every|each)\s+(?:(?P<unit>day|week|month|quarter|year|morning|night|evening)|"
                   rf"{WEEKDAY})\b")
    def set_every(match: re.Match[str], ctx: Context) -> Resolution | None:
        if match["weekday"]:
            return Resolution(SET, f"XXXX-WXX-{weekday_number(match['weekday']) + 1}")
        unit = match["unit"].lower()
        return Resolution(SET, {"morning": "TMO", "night": "TNI", "evening": "TEV"}.get(
            unit, duration_value("1", unit)))

    @registry.rule("weekly_weekday",
                   rf"\b(?:(?P<plural>{_FULL_WEEKDAYS})s|(?P<day>{_FULL_WEEKDAYS})\s+"
                   rf"(?P<part>{alternation(PARTS_OF_DAY)})s)\b")
    def weekly_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"Tuesdays", "Tuesday nights": every such day (or part of it), a set."""
        number = weekday_number(match["plural"] or match["day"]) + 1
        part = f"T{PARTS_OF_DAY[match['part'].lower()]}" if match["part"] else ""
        return Resolution(SET, f"XXXX-WXX-{number}{part}")

    @registry.rule("set_adverb", rf"\b(?:{alternation(SET_ADVERBS)})\b", accept=_not_a_rate)
    def set_adverb(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution(SET, SET_ADVERBS[match[0].lower()])

    @registry.rule("reference_word", rf"\b(?:{alternation(REFERENCE_WORDS)})\b",
                   accept=_is_reference)
    def reference_word(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution("DATE", REFERENCE_WORDS[" ".join(match[0].lower().split())])

    @registry.rule("soon", r"\b(?<!\bas\s)soon\b(?!\s+(?:after|as|afterwards?|thereafter)\b)")
    def soon(match: re.Match[str], ctx: Context) -> Resolution | None:
        """"will soon begin", "may soon seek" are future references; "soon became", "soon
        after" tell a sequence."""
        if _MODAL_BEFORE.search(ctx.text, max(0, ctx.start - 8), ctx.start):
            return Resolution(DATE, "FUTURE_REF")
        if ctx.tense() is Tense.PAST:
            return None
        return Resolution(DATE, "FUTURE_REF")

"""From tagged sentences to dated mentions, and from mentions to timeline events."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .model import DateRange, Event, Quote, Source, TimeValue
from .temporal import Tagger, Timex, period_of
from .temporal.timex import DATE, TIME
from .text.sentences import Sentence, split_sentences

TITLE_LIMIT = 120
_LEADING_PREPOSITION = re.compile(
    r"(?:\b(?:on|in|at|since|from|by|during|until|till|of|as\s+of|early|late)\s+)?$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Mention:
    """One dated statement in one source: a quote, its date and the rule that dated it."""

    quote: Quote
    date: TimeValue
    rule: str


def extract_mentions(source: Source, tagger: Tagger, date_range: DateRange) -> list[Mention]:
    """Every (sentence, date) pair of `source` whose date falls inside `date_range`.

    The publication-date line itself is not an event; durations, sets and general references
    ("now") are never dates of events.
    """
    body = source.body
    timexes = tagger.tag(body, source.published)
    sentences = split_sentences(source.text, source.body_start)
    line_starts = _line_starts(source.text)
    mentions: list[Mention] = []
    anchors: dict[str, int] = {}
    for sentence in sentences:
        line = _line_of(line_starts, sentence.start)
        if line == source.published_line:
            continue
        seen: set[str] = set()
        quote: Quote | None = None
        for timex in _timexes_within(timexes, sentence, source.body_start):
            value = _time_value(timex)
            if value is None or not date_range.contains(value) or value.timex in seen:
                continue
            seen.add(value.timex)
            if quote is None:
                quote = Quote(source.id, sentence.text, sentence.start, sentence.end, line,
                              _anchor(sentence.text, anchors))
            mentions.append(Mention(quote, value, timex.rule))
    return mentions


def _timexes_within(timexes: list[Timex], sentence: Sentence, offset: int) -> list[Timex]:
    return [t for t in timexes if sentence.start <= t.start + offset and t.end + offset <= sentence.end]


def _time_value(timex: Timex) -> TimeValue | None:
    if timex.type not in (DATE, TIME):
        return None
    period = period_of(timex.value)
    if period is None:
        return None
    start, end, precision = period
    return TimeValue(start, end, precision, timex.text, timex.value.split("T")[0])


def _anchor(text: str, taken: dict[str, int]) -> str:
    """A stable anchor for a sentence: a hash of its text, numbered if the text repeats."""
    digest = hashlib.sha1(_normalised(text).encode("utf-8")).hexdigest()[:8]
    count = taken.get(digest, 0)
    taken[digest] = count + 1
    return f"q-{digest}" if count == 0 else f"q-{digest}-{count + 1}"


def _normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(index + 1 for index, char in enumerate(text) if char == "\n")
    return starts


def _line_of(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts)
    while low + 1 < high:
        middle = (low + high) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle
    return low + 1


def event_id(mention: Mention) -> str:
    """A stable id: the date and a hash of the source, the sentence and the date value."""
    key = "\n".join((mention.quote.source_id, _normalised(mention.quote.text), mention.date.timex))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{mention.date.start:%Y%m%d}-{digest}"


def event_title(mention: Mention) -> str:
    """A readable summary of the statement, without its date phrase, at most TITLE_LIMIT long."""
    text = mention.quote.text
    phrase = mention.date.text
    position = text.find(phrase) if phrase else -1
    if position >= 0:
        before = _LEADING_PREPOSITION.sub("", text[:position])
        text = before.rstrip(" ,") + " " + text[position + len(phrase):].lstrip(" ,")
    text = _SPACES.sub(" ", text).strip(" ,;:")
    text = text[:1].upper() + text[1:]
    return shorten(text, TITLE_LIMIT)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary so that it, with an ellipsis, fits in `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def assemble_events(mentions: list[Mention]) -> list[Event]:
    """Events from mentions: one per (statement, date), sorted by date then id."""
    events: dict[str, Event] = {}
    for mention in mentions:
        identifier = event_id(mention)
        if identifier in events:
            continue
        events[identifier] = Event(identifier, event_title(mention), mention.date,
                                   (mention.quote,), mention.rule)
    return sorted(events.values(), key=lambda e: (e.date.start, e.date.end, e.id))

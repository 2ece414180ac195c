"""From tagged sentences to dated mentions, and from mentions to timeline events."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from .diagnostics import Diagnostic
from .model import DateRange, Event, Quote, Source, TimeValue
from .temporal import Tagger, Timex, period_of
from .temporal.timex import DATE, TIME
from .text.sentences import Sentence, split_sentences

TITLE_LIMIT = 120
_LEADING_PREPOSITION = re.compile(
    r"(?:\b(?:on|in|at|since|from|by|during|until|till|of|as\s+of|early|late)\s+)?$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


# Two statements with the same date are the same event when the words around their dates agree
# this much (cosine of the sets of content words) and share at least this many of them.
MERGE_SIMILARITY = 0.4
MERGE_MIN_SHARED = 4
CONTEXT_WORDS = 8
_STOP_WORDS = frozenset(
    "the a an of to in on at by for from with and or but that which who whom is are was were be "
    "been being has have had it its their his her this these those as not no will would said "
    "says also after before over into than then there they them he she we our you your".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
STEM_LENGTH = 6

# Openings that join a sentence to the previous one and mean nothing in a title.
TITLE_CONNECTIVES = ("meanwhile", "however", "moreover", "in addition", "also", "furthermore",
                     "nevertheless", "still", "separately", "on this basis", "as a result",
                     "in the meantime", "at the same time")
# Where a long statement can be cut and still read as a whole clause.
_CLAUSE_CUTS = re.compile(r"(?:;|:|\s[–—]\s|,\s(?=(?:saying|according to|adding|as|while|which|who|"
                          r"where|when|after|before|because|despite|amid|but)\b))")
TITLE_MIN_CLAUSE = 40


@dataclass(frozen=True)
class Mention:
    """One dated statement in one source: a quote, its date and the rule that dated it.

    `published` is the source's publication date, used to order reports of the same event.
    """

    quote: Quote
    date: TimeValue
    rule: str
    published: date | None = None

    @cached_property
    def context_words(self) -> frozenset[str]:
        """Stems of the content words nearest to the date phrase, on both sides (computed at
        extraction, so it is kept in the extraction cache)."""
        text = self.quote.text
        position = text.find(self.date.text) if self.date.text else -1
        if position < 0:
            return _stems(text)
        before = _stem_list(text[:position])[-CONTEXT_WORDS:]
        after = _stem_list(text[position + len(self.date.text):])[:CONTEXT_WORDS]
        return frozenset(before + after)


def _stem_list(text: str) -> list[str]:
    return [word[:STEM_LENGTH] for word in (w.lower() for w in _WORD.findall(text))
            if len(word) > 2 and word not in _STOP_WORDS]


def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem_list(text))


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its dated mentions and what an editor should look at."""

    mentions: tuple[Mention, ...]
    diagnostics: tuple[Diagnostic, ...]


# A dated event this far from its document's publication date is worth an editor's look.
FAR_FROM_PUBLISHED_DAYS = 366


def extract(source: Source, tagger: Tagger, date_range: DateRange) -> Extraction:
    """Every (sentence, date) pair of `source` whose date falls inside `date_range`, and the
    diagnostics: no publication date, no events, dates skipped or not understood, suspicious dates.

    The publication-date line itself is not an event; durations, sets and general references
    ("now") are never dates of events.
    """
    timexes = tagger.tag(source.body, source.published)
    line_starts = _line_starts(source.text)
    notes = _DocumentNotes(source, line_starts)
    mentions: list[Mention] = []
    anchors: dict[str, int] = {}
    for sentence in split_sentences(source.text, source.body_start):
        line = _line_of(line_starts, sentence.start)
        if line == source.published_line:
            continue
        seen: set[str] = set()
        quote: Quote | None = None
        for timex in _timexes_within(timexes, sentence, source.body_start):
            value = notes.check(timex, date_range)
            if value is None or value.timex in seen:
                continue
            seen.add(value.timex)
            if quote is None:
                quote = Quote(source.id, sentence.text, sentence.start, sentence.end, line,
                              _anchor(sentence.text, anchors))
            mention = Mention(quote, value, timex.rule, source.published)
            _ = mention.context_words
            mentions.append(mention)
    return Extraction(tuple(mentions), notes.finish(bool(mentions)))


def extract_mentions(source: Source, tagger: Tagger, date_range: DateRange) -> list[Mention]:
    """The dated mentions of `source` (see `extract`)."""
    return list(extract(source, tagger, date_range).mentions)


class _DocumentNotes:
    """Collects one document's diagnostics while its expressions are checked."""

    def __init__(self, source: Source, line_starts: list[int]) -> None:
        self.source = source
        self.line_starts = line_starts
        self.items: list[Diagnostic] = []

    def note(self, offset: int, kind: str, message: str) -> None:
        line = _line_of(self.line_starts, self.source.body_start + offset)
        self.items.append(Diagnostic(self.source.path, line, kind, message))

    def check(self, timex: Timex, date_range: DateRange) -> TimeValue | None:
        """The event date of `timex` if it can be one inside the range; notes why not otherwise."""
        if timex.type not in (DATE, TIME):
            return None
        value = _time_value(timex)
        if value is None:
            if "X" in timex.value and not timex.value.startswith(("P", "T")):
                self.note(timex.start, "unresolved", f"{timex.text!r} could not be dated ({timex.value})")
            return None
        if not date_range.contains(value):
            self.note(timex.start, "out-of-range", f"{timex.text!r} ({value.timex}) is outside "
                      f"{date_range.start} to {date_range.end}; skipped")
            return None
        weekday = _WEEKDAY_NAME.search(timex.text)
        if weekday and value.start == value.end and value.start.strftime("%A").lower() != _full_weekday(weekday[0]):
            self.note(timex.start, "weekday-mismatch",
                      f"{timex.text!r}: {value.start.isoformat()} is a {value.start:%A}")
        published = self.source.published
        if published and abs((value.start - published).days) > FAR_FROM_PUBLISHED_DAYS:
            self.note(timex.start, "far-from-published",
                      f"{timex.text!r} ({value.timex}) is over a year from the publication date {published}")
        return value

    def finish(self, has_events: bool) -> tuple[Diagnostic, ...]:
        if self.source.published is None:
            self.items.append(Diagnostic(self.source.path, 1, "no-date",
                                         "no publication date found; relative dates were resolved "
                                         "from the years the document mentions"))
        if not has_events:
            self.items.append(Diagnostic(self.source.path, 1, "no-events",
                                         "no dated events inside the site's range"))
        return tuple(sorted(set(self.items)))


_WEEKDAY_NAME = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b", re.IGNORECASE)
_WEEKDAY_PREFIXES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _full_weekday(word: str) -> str:
    lowered = word.lower()
    return next((day for day in _WEEKDAY_PREFIXES if day.startswith(lowered[:3])), lowered)


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
    """A readable summary of the statement, without its date phrase, at most TITLE_LIMIT long.

    Long statements are cut after a whole clause where one ends late enough, otherwise at a word
    boundary with an ellipsis; never in the middle of a word.
    """
    text = mention.quote.text
    phrase = mention.date.text
    position = text.find(phrase) if phrase else -1
    if position >= 0:
        before = _LEADING_PREPOSITION.sub("", text[:position]).rstrip(" ,")
        after = text[position + len(phrase):]
        after = after.lstrip(" ,") if not before or before.endswith((",", ":", ";")) else after.lstrip()
        text = f"{before} {after}" if after[:1].isalnum() or not before else before + after
    text = _SPACES.sub(" ", text).strip(" ,;:")
    lowered = text.lower()
    for connective in TITLE_CONNECTIVES:
        if lowered.startswith(connective + ","):
            text = text[len(connective) + 1:].lstrip()
            break
    text = text[:1].upper() + text[1:]
    if len(text) > TITLE_LIMIT:
        cuts = [m.start() for m in _CLAUSE_CUTS.finditer(text, TITLE_MIN_CLAUSE, TITLE_LIMIT)]
        text = text[:cuts[0]].rstrip(" ,;:") if cuts else shorten(text, TITLE_LIMIT)
    return _balanced_quotes(text)


_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ('"', '"'))


def _balanced_quotes(text: str) -> str:
    """Drop a quotation mark that opens or closes the title without its partner."""
    for opening, closing in _QUOTE_PAIRS:
        if opening == closing:
            if text.count(opening) % 2 and (text.startswith(opening) or text.endswith(opening)):
                text = text[1:] if text.startswith(opening) else text[:-1]
        elif text.startswith(opening) and closing not in text:
            text = text[1:]
        elif text.endswith(closing) and opening not in text and not text.endswith("s" + closing):
            text = text[:-1]
    return text.strip()


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary so that it, with an ellipsis, fits in `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def same_event(first: Mention, second: Mention) -> bool:
    """Whether two mentions report the same event: same period, and the words around the date
    agree (see MERGE_SIMILARITY). Two dates in one sentence are never the same event."""
    if first.date.timex != second.date.timex or _same_span(first.quote, second.quote):
        return False
    words_a, words_b = first.context_words, second.context_words
    return _similar(len(words_a & words_b), len(words_a), len(words_b))


def _same_span(first: Quote, second: Quote) -> bool:
    """Whether two quotes are the same sentence (compared by place: cheaper than every field)."""
    return first.start == second.start and first.end == second.end and first.source_id == second.source_id


def _similar(shared: int, size_a: int, size_b: int) -> bool:
    """Whether two sets of context words of these sizes with `shared` words in common agree."""
    return shared >= MERGE_MIN_SHARED and shared / math.sqrt(size_a * size_b) >= MERGE_SIMILARITY


def _report_order(mention: Mention) -> tuple[object, ...]:
    published = mention.published.toordinal() if mention.published else math.inf
    return (published, mention.quote.source_id, mention.quote.start)


def assemble_events(mentions: list[Mention]) -> list[Event]:
    """Events from mentions: reports of the same event (see `same_event`) become one event with
    several quotes. The earliest report gives the event its id and title. Sorted by date then id.

    Each mention, in report order, joins the earliest group with a member it is `same_event`
    with. An index from (date, word) to the mentions taken so far counts, for each of them, the
    context words it shares with the new mention, so only those sharing enough are looked at and
    no sets are intersected.
    """
    groups: list[list[Mention]] = []
    taken: list[Mention] = []
    group_of: list[int] = []
    index: dict[tuple[str, str], list[int]] = {}
    for mention in sorted(mentions, key=_report_order):
        size = len(mention.context_words)
        keys = [(mention.date.timex, word) for word in mention.context_words]
        shared = Counter(chain.from_iterable(index.get(key, ()) for key in keys))
        enough = [member for member, count in shared.items() if count >= MERGE_MIN_SHARED]
        target = min((group_of[member] for member in enough
                      if _similar(shared[member], size, len(taken[member].context_words))
                      and not _same_span(taken[member].quote, mention.quote)), default=None)
        if target is None:
            target = len(groups)
            groups.append([])
        groups[target].append(mention)
        for key in keys:
            index.setdefault(key, []).append(len(taken))
        taken.append(mention)
        group_of.append(target)
    events = {}
    for group in groups:
        primary = group[0]
        identifier = event_id(primary)
        if identifier in events:
            continue
        quotes = tuple(dict.fromkeys(member.quote for member in group))
        events[identifier] = Event(identifier, event_title(primary), primary.date, quotes, primary.rule)
    return sorted(events.values(), key=lambda e: (e.date.start, e.date.end, e.id))

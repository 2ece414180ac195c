"""The timeline model: frozen dataclasses and their public JSON form.

This module imports nothing of sitegen's own; every other module depends on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from itertools import chain, groupby
from operator import attrgetter
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

SCHEMA = "sitegen.timeline/1"


class Precision(str, Enum):
    """How precisely a date is known, from finest to coarsest."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@dataclass(frozen=True)
class TimeValue:
    """A calendar period: the first and last day it covers and how precisely it is known.

    `text` is the expression as written in the document; `timex` its TIMEX3 value.
    """

    start: date
    end: date
    precision: Precision
    text: str = ""
    timex: str = ""

    def to_json(self) -> dict[str, str]:
        """The `date` object of the public timeline format."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision.value,
            "text": self.text,
        }


@dataclass(frozen=True)
class Quote:
    """An exact span of a source file: `file_text[start:end] == text`; `line` is 1-based."""

    source_id: str
    text: str
    start: int
    end: int
    line: int
    anchor: str


@dataclass(frozen=True)
class Source:
    """One document of the content folder.

    `id` is its path under the content folder without extension, "/"-separated; `path` keeps the
    extension. `text` is the whole file as read; `body_start` is where the text after any front
    matter begins. `published_line` is the 1-based line the publication date was taken from.
    """

    id: str
    path: str
    title: str
    text: str
    body_start: int
    format: str
    published: date | None = None
    published_line: int | None = None
    author: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The document's text after its front matter."""
        return self.text[self.body_start:]

    @cached_property
    def fingerprint(self) -> str:
        """A hash of every field (computed once; the text is hashed as it is, not as its repr)."""
        others = tuple(getattr(self, name) for name in self.__dataclass_fields__ if name != "text")
        hasher = hashlib.blake2b(repr(others).encode("utf-8"), digest_size=16)
        hasher.update(self.text.encode("utf-8", "surrogatepass"))
        return hasher.hexdigest()


@dataclass(frozen=True)
class Event:
    """A dated statement, with every quote that reports it and the rule that dated it."""

    id: str
    title: str
    date: TimeValue
    quotes: tuple[Quote, ...]
    rule: str = ""
    corrected: bool = False

    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct sources reporting this event, in quote order."""
        return tuple(dict.fromkeys(quote.source_id for quote in self.quotes))

    @cached_property
    def quotes_by_source(self) -> dict[str, tuple[Quote, ...]]:
        """The event's quotes grouped by source (sources and quotes in quote order)."""
        grouped: dict[str, list[Quote]] = {}
        for quote in self.quotes:
            grouped.setdefault(quote.source_id, []).append(quote)
        return {source_id: tuple(quotes) for source_id, quotes in grouped.items()}

    @cached_property
    def fingerprint(self) -> str:
        """A hash of every field (computed once): equal events, equal fingerprints. Page keys
        name events by it."""
        return hashlib.blake2b(repr(self).encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class DateRange:
    """The inclusive span of dates a site shows."""

    start: date
    end: date

    def contains(self, value: TimeValue) -> bool:
        """True when the whole period of `value` lies inside the range."""
        return self.start <= value.start and value.end <= self.end


@dataclass(frozen=True)
class Timeline:
    """Everything a site shows: its sources and their events, sorted by date then id."""

    range: DateRange
    sources: tuple[Source, ...]
    events: tuple[Event, ...]

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        return self._sources_by_id[source_id]

    @cached_property
    def titles(self) -> dict[str, str]:
        """Each source's title by its id (shared: do not change it)."""
        return {source.id: source.title for source in self.sources}

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything about the timeline but the documents' texts: its range, its
        sources' ids, paths, titles, dates, authors and URLs, and every event."""
        hasher = hashlib.sha256(repr(self.range).encode("utf-8"))
        hasher.update(repr([(source.id, source.path, source.title, source.published, source.author, source.url)
                            for source in self.sources]).encode("utf-8"))
        hasher.update("".join(map(_fingerprint_of, self.events)).encode("ascii"))
        return hasher.hexdigest()

    @cached_property
    def date_runs(self) -> tuple[DateRun, ...]:
        """The events in runs that share their dates (`date_runs`). Pages and exports name their
        events by the runs' keys."""
        return date_runs(self.events, self.titles)

    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}


class DateRun(NamedTuple):
    """Consecutive events of a timeline that share their dates (see `runs_by_date`)."""

    key: str  # a hash of its events (by fingerprint) and of the titles of their sources
    events: tuple[Event, ...]
    source_ids: tuple[tuple[str, ...], ...]  # each event's `source_ids`, in order


def date_runs(events: Iterable[Event], titles: Mapping[str, str]) -> tuple[DateRun, ...]:
    """`runs_by_date` of `events` (sorted by date), each run keyed by a hash of its events and of
    the `titles` of their sources."""
    runs = []
    for run in runs_by_date(events):
        source_ids = tuple(map(_source_ids_of, run))
        named = ("".join(map(_fingerprint_of, run)),
                 [(source, titles.get(source, source)) for source in sorted(set(chain.from_iterable(source_ids)))])
        runs.append(DateRun(hashlib.blake2b(repr(named).encode("utf-8"), digest_size=16).hexdigest(), run,
                            source_ids))
    return tuple(runs)


_source_ids_of = attrgetter("source_ids")
_fingerprint_of = attrgetter("fingerprint")


def runs_by_date(events: Iterable[Event]) -> Iterator[tuple[Event, ...]]:
    """The runs of consecutive events with the same first and last day and precision: the events
    of a timeline (sorted by date) in about as many runs as it has dates."""
    for _, run in groupby(events, key=dates_of):
        yield tuple(run)


dates_of = attrgetter("date.start", "date.end", "date.precision")
"""An event's (first day, last day, precision): `runs_by_date` groups events by it."""


def source_url(source_id: str) -> str:
    """Site-relative URL of a source's page."""
    return f"sources/{source_id}.html"


def event_page_url(value: TimeValue) -> str:
    """Site-relative URL of the page of every event dated `value`: named by its day, or by its
    first and last day ("events/2021-03-05.html", "events/2021-03-01--2021-03-31.html")."""
    if value.start == value.end:
        return f"events/{value.start.isoformat()}.html"
    return f"events/{value.start.isoformat()}--{value.end.isoformat()}.html"


def event_url(event: Event) -> str:
    """Site-relative URL of an event: its entry, anchored by its id, on the page of its date."""
    return f"{event_page_url(event.date)}#{event.id}"


def quote_url(quote: Quote) -> str:
    """Site-relative URL of a quote's highlighted sentence on its source page."""
    return f"{source_url(quote.source_id)}#{quote.anchor}"


def timeline_to_json(timeline: Timeline) -> dict[str, Any]:
    """The public `sitegen.timeline/1` data format (see README, "The timeline data file")."""
    return {**timeline_header_json(timeline), "events": [event_to_json(event) for event in timeline.events]}


def timeline_header_json(timeline: Timeline) -> dict[str, Any]:
    """Everything of `timeline_to_json` before its events (in that order)."""
    return {
        "schema": SCHEMA,
        "range": {"start": timeline.range.start.isoformat(), "end": timeline.range.end.isoformat()},
        "sources": [
            {
                "id": source.id,
                "path": source.path,
                "title": source.title,
                "published": source.published.isoformat() if source.published else None,
                "url": source_url(source.id),
            }
            for source in timeline.sources
        ],
    }


def event_to_json(event: Event) -> dict[str, Any]:
    """One event of `timeline_to_json`."""
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date.to_json(),
        "url": event_url(event),
        "corrected": event.corrected,
        "quotes": [
            {
                "source": quote.source_id,
                "text": quote.text,
                "start": quote.start,
                "end": quote.end,
                "url": quote_url(quote),
            }
            for quote in event.quotes
        ],
    }

"""Editors' fixes to the assembled timeline, read from the content folder's corrections.toml.

The file holds one `[[action]]` table per correction (see README, "Corrections"):

    [[drop]]     event = ID                      remove an event
    [[redate]]   event = ID, date = VALUE        give it another date (and so precision)
    [[retitle]]  event = ID, title = TEXT        give it another title
    [[merge]]    events = [ID, ID, ...]          make one event of several; the first keeps its id
    [[add]]      source = ID, quote = TEXT,      an event by hand, dated by the editor, quoting
                 date = VALUE, title = TEXT      the sentence of the source that contains TEXT

Every entry may carry a free-text `reason`. A malformed file raises DocumentError listing every
problem with its line; an entry that matches nothing is a Diagnostic and the build goes on.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .errors import DocumentError
from .events import Mention, _anchor, event_id, event_title
from .model import DateRange, Event, Quote, Source, TimeValue
from .temporal import period_of
from .text.sentences import split_sentences

CORRECTION_RULE = "correction"
UNMATCHED = "correction-unmatched"
OUT_OF_RANGE = "correction-out-of-range"
AMBIGUOUS = "correction-ambiguous"
REDUNDANT = "correction-redundant"


@dataclass(frozen=True)
class Entry:
    """What every entry has: the line of its header (None when it cannot be found) and the
    editor's free-text reason."""

    line: int | None
    reason: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class Drop(Entry):
    """Remove the event `event` from the timeline."""

    event: str


@dataclass(frozen=True)
class Redate(Entry):
    """Give the event `event` the period of the TIMEX-like value `date` (and its precision)."""

    event: str
    date: str


@dataclass(frozen=True)
class Retitle(Entry):
    """Give the event `event` the title `title`."""

    event: str
    title: str


@dataclass(frozen=True)
class Merge(Entry):
    """Make one event of `events`: the first keeps its id, date and title; quotes are combined."""

    events: tuple[str, ...]


@dataclass(frozen=True)
class Add(Entry):
    """An event by hand: the sentence of source `source` containing `quote`, dated `date`."""

    source: str
    quote: str
    date: str
    title: str = ""


Correction = Drop | Redate | Retitle | Merge | Add


@dataclass(frozen=True)
class Corrections:
    """The entries of one corrections file, in file order; `path` names the file in messages."""

    path: str
    entries: tuple[Correction, ...] = ()


# --- reading the file -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Field:
    """One key of an entry: what it must hold, and the converter (None when the value is bad)."""

    key: str
    expected: str
    convert: Callable[[Any], Any]
    required: bool = True


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _free_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _date_value(value: Any) -> str | None:
    """A TIMEX-like calendar value: a string, a bare TOML date or a bare year."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip().upper()
    return value if "T" not in value and period_of(value) is not None else None


def _event_ids(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or len(value) < 2:
        return None
    ids = tuple(_text(item) for item in value)
    if None in ids or len(set(ids)) != len(ids):
        return None
    return ids  # type: ignore[return-value]


_ID = 'an event id in quotes, such as "20200927-1a2b3c4d"'
_NON_EMPTY = "a non-empty text in quotes"
_DATE = 'a date value such as "2020-09-27", "2020-09", "2020-SU" or "2020"'
_IDS = 'a list of two or more different event ids, such as ["20200927-1a2b3c4d", "20200927-5e6f7a8b"]'
_REASON = _Field("reason", "a text in quotes", _free_text, required=False)

_ACTIONS: Mapping[str, tuple[type[Entry], tuple[_Field, ...]]] = {
    "drop": (Drop, (_Field("event", _ID, _text), _REASON)),
    "redate": (Redate, (_Field("event", _ID, _text), _Field("date", _DATE, _date_value), _REASON)),
    "retitle": (Retitle, (_Field("event", _ID, _text), _Field("title", _NON_EMPTY, _text), _REASON)),
    "merge": (Merge, (_Field("events", _IDS, _event_ids), _REASON)),
    "add": (Add, (_Field("source", 'a source id in quotes, such as "004_5e686fb662056a71"', _text),
                  _Field("quote", "a piece of the document's text in quotes", _text),
                  _Field("date", _DATE, _date_value),
                  _Field("title", _NON_EMPTY, _text, required=False), _REASON)),
}

_TABLE_HEADER = re.compile(r"^[ \t]*\[(\[?)[ \t]*([A-Za-z0-9_.-]+)[ \t]*\]\]?[ \t]*(?:#.*)?$")
_MULTILINE_QUOTES = re.compile(r'"""|\'\'\'')
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")

_Problem = tuple[int | None, str]


@dataclass(frozen=True)
class _Layout:
    """Where things are in the file's text, since tomllib gives no line numbers.

    `headers` holds (line, name, is_array) of each `[name]` / `[[name]]` header outside
    multi-line strings, in file order.
    """

    lines: tuple[str, ...]
    headers: tuple[tuple[int, str, bool], ...]

    @classmethod
    def of(cls, text: str) -> _Layout:
        """The layout of `text`."""
        lines = tuple(text.splitlines())
        headers = []
        open_quotes: str | None = None
        for number, line in enumerate(lines, start=1):
            match = _TABLE_HEADER.match(line) if open_quotes is None else None
            if match:
                headers.append((number, match[2], bool(match[1])))
            for quotes in _MULTILINE_QUOTES.findall(line):
                if open_quotes is None:
                    open_quotes = quotes
                elif quotes == open_quotes:
                    open_quotes = None
        return cls(lines, tuple(headers))

    def entry_lines(self, action: str, count: int) -> list[int | None]:
        """The line of each of the `count` entries of `action`: its `[[action]]` header, or the
        line of `action = [...]` when the entries are written inline."""
        lines = [number for number, name, is_array in self.headers if name == action and is_array]
        if len(lines) == count:
            return list(lines)
        return [self.top_line(action)] * count

    def top_line(self, name: str) -> int | None:
        """The first line that opens the top-level key `name` (a header or `name = ...`)."""
        for number, header, _ in self.headers:
            if header == name:
                return number
        return self.key_line(name, 1, len(self.lines))

    def key_line(self, key: str, first: int, last: int) -> int | None:
        """The first line between `first` and `last` (inclusive) that sets `key`."""
        pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=")
        for number in range(max(first, 1), min(last, len(self.lines)) + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    def block_end(self, line: int) -> int:
        """The last line of the table whose header is on `line`."""
        later = [number for number, _, _ in self.headers if number > line]
        return later[0] - 1 if later else len(self.lines)


def load_corrections(path: Path) -> Corrections:
    """The corrections of the file at `path`.

    Raises DocumentError naming the file and line when the file is not valid TOML, names an
    unknown action, or has an entry with a missing, unknown or ill-typed key or a bad date value;
    every such problem of the file is listed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(path, f"cannot be read: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        reason = _TOML_LINE.sub("", str(error)).strip()
        raise DocumentError(path, f"not valid TOML: {reason}", int(found[1]) if found else None) from None
    entries, problems = _read_entries(data, _Layout.of(text))
    if problems:
        raise _malformed(path, problems)
    return Corrections(str(path), tuple(entries))


def _malformed(path: Path, problems: list[_Problem]) -> DocumentError:
    """One error for every problem: the first in the usual form, the others on their own lines."""
    ordered = sorted(problems, key=lambda problem: (problem[0] or 0, problem[1]))
    (line, reason), rest = ordered[0], ordered[1:]
    more = "".join(f"\n{path}:{number}: {message}" if number else f"\n{path}: {message}"
                   for number, message in rest)
    return DocumentError(path, reason + more, line)


def _read_entries(data: dict[str, Any], layout: _Layout) -> tuple[list[Correction], list[_Problem]]:
    entries: list[tuple[int, Correction]] = []
    problems: list[_Problem] = []
    for name, value in data.items():
        if name not in _ACTIONS:
            expected = ", ".join(sorted(_ACTIONS))
            problems.append((layout.top_line(name), f"unknown action {name!r}; expected one of {expected}"))
        elif not isinstance(value, list):
            problems.append((layout.top_line(name),
                             f"write each {name} entry under its own [[{name}]] header (two brackets)"))
        else:
            for table, line in zip(value, layout.entry_lines(name, len(value))):
                entry = _read_entry(name, table, line, layout, problems)
                if entry is not None:
                    entries.append((line or 0, entry))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])], problems


def _read_entry(action: str, table: Any, line: int | None, layout: _Layout,
                problems: list[_Problem]) -> Correction | None:
    """The entry of `table`, or None after adding its problems to `problems`."""
    if not isinstance(table, dict):
        problems.append((line, f"each [[{action}]] entry must be a table of keys, got {table!r}"))
        return None
    kind, fields = _ACTIONS[action]
    known = {spec.key for spec in fields}
    found: list[_Problem] = [(_key_line(layout, line, key), f"[[{action}]]: {_unknown_key(key, known)}")
                             for key in table if key not in known]
    values: dict[str, Any] = {}
    for spec in fields:
        value = _field_value(action, spec, table, line, layout, found)
        if value is not None:
            values[spec.key] = value
    problems.extend(found)
    return None if found else kind(line=line, **values)


def _field_value(action: str, spec: _Field, table: dict[str, Any], line: int | None, layout: _Layout,
                 problems: list[_Problem]) -> Any:
    """The converted value of `spec` in `table`; None when absent or bad (bad adds a problem)."""
    if spec.key not in table:
        if spec.required:
            problems.append((line, f"[[{action}]]: missing {spec.key!r} ({spec.expected})"))
        return None
    converted = spec.convert(table[spec.key])
    if converted is None:
        problems.append((_key_line(layout, line, spec.key),
                         f"[[{action}]]: {spec.key!r}: expected {spec.expected}, got {table[spec.key]!r}"))
    return converted


def _unknown_key(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {key!r}{hint}; expected {', '.join(sorted(known))}"


def _key_line(layout: _Layout, entry_line: int | None, key: str) -> int | None:
    if entry_line is None:
        return None
    return layout.key_line(key, entry_line + 1, layout.block_end(entry_line)) or entry_line


# --- applying the corrections -----------------------------------------------------------------

@dataclass(frozen=True)
class _Context:
    """What every correction may need besides the events."""

    path: str
    sources: Mapping[str, Source]
    date_range: DateRange

    def report(self, entry: Entry, kind: str, message: str) -> Diagnostic:
        """A diagnostic at the line of `entry`."""
        return Diagnostic(self.path, entry.line or 0, kind, message)

    def unknown_event(self, entry: Entry, identifier: str) -> Diagnostic:
        """The diagnostic for an entry naming an event that does not exist (any more)."""
        return self.report(entry, UNMATCHED, f"no event has the id {identifier!r} (no longer "
                                             "extracted, or dropped or merged away by this file)")

    def range_check(self, entry: Entry, event: Event) -> list[Diagnostic]:
        """A warning when the corrected date of `event` is outside the site's range."""
        if self.date_range.contains(event.date):
            return []
        return [self.report(entry, OUT_OF_RANGE,
                            f"event {event.id} is dated {event.date.timex}, outside the site's range "
                            f"{self.date_range.start} to {self.date_range.end}; kept as corrected")]


_Events = dict[str, Event]


def apply_corrections(events: list[Event], sources: Mapping[str, Source], corrections: Corrections,
                      date_range: DateRange) -> tuple[list[Event], list[Diagnostic]]:
    """The events with `corrections` applied, sorted by (start, end, id), and the diagnostics.

    Entries apply by action, in this order: add, merge, redate, retitle, drop; so an added event
    can be merged and a merged event redated, retitled or dropped by the id it kept. An entry that
    matches nothing is reported (`correction-unmatched`) and skipped. Every event an entry changes
    or adds has `corrected=True`.
    """
    context = _Context(corrections.path, sources, date_range)
    current: _Events = {event.id: event for event in events}
    problems: list[Diagnostic] = []
    for kind, apply in _APPLY_ORDER:
        for entry in corrections.entries:
            if isinstance(entry, kind):
                problems.extend(apply(current, entry, context))
    ordered = sorted(current.values(), key=lambda event: (event.date.start, event.date.end, event.id))
    return ordered, problems


def _drop(events: _Events, entry: Drop, context: _Context) -> list[Diagnostic]:
    if events.pop(entry.event, None) is None:
        return [context.unknown_event(entry, entry.event)]
    return []


def _redate(events: _Events, entry: Redate, context: _Context) -> list[Diagnostic]:
    event = events.get(entry.event)
    if event is None:
        return [context.unknown_event(entry, entry.event)]
    value = _time_value(entry.date, text=event.date.text)
    events[event.id] = replace(event, date=value, rule=CORRECTION_RULE, corrected=True)
    return context.range_check(entry, events[event.id])


def _retitle(events: _Events, entry: Retitle, context: _Context) -> list[Diagnostic]:
    event = events.get(entry.event)
    if event is None:
        return [context.unknown_event(entry, entry.event)]
    events[event.id] = replace(event, title=entry.title, corrected=True)
    return []


def _merge(events: _Events, entry: Merge, context: _Context) -> list[Diagnostic]:
    problems = [context.unknown_event(entry, identifier)
                for identifier in entry.events if identifier not in events]
    found = [events[identifier] for identifier in entry.events if identifier in events]
    if len(found) < 2:
        return problems
    quotes: dict[tuple[str, int, int], Quote] = {}
    for quote in (quote for event in found for quote in event.quotes):
        quotes.setdefault((quote.source_id, quote.start, quote.end), quote)
    for event in found[1:]:
        del events[event.id]
    events[found[0].id] = replace(found[0], quotes=tuple(quotes.values()), corrected=True)
    return problems


def _add(events: _Events, entry: Add, context: _Context) -> list[Diagnostic]:
    source = context.sources.get(entry.source)
    if source is None:
        return [context.report(entry, UNMATCHED, f"no source has the id {entry.source!r}")]
    spans = _sentence_spans(source, entry.quote)
    if not spans:
        return [context.report(entry, UNMATCHED, f"the text {entry.quote!r} is not in source {source.id!r}")]
    problems = []
    if len(spans) > 1:
        problems.append(context.report(entry, AMBIGUOUS, (
            f"the text {entry.quote!r} is in {len(spans)} sentences of source {source.id!r}; "
            "the first is used, quote more to choose")))
    quote = _quote(source, spans[0], events)
    mention = Mention(quote, _time_value(entry.date), CORRECTION_RULE, source.published)
    identifier = event_id(mention)
    if identifier in events:
        return problems + _add_existing(events, entry, events[identifier], context)
    added = Event(identifier, entry.title or event_title(mention), mention.date, (quote,),
                  CORRECTION_RULE, corrected=True)
    events[identifier] = added
    return problems + context.range_check(entry, added)


def _add_existing(events: _Events, entry: Add, event: Event, context: _Context) -> list[Diagnostic]:
    """An [[add]] of an event the build already has: apply its title, and say so."""
    if entry.title and entry.title != event.title:
        events[event.id] = replace(event, title=entry.title, corrected=True)
    return [context.report(entry, REDUNDANT, f"event {event.id} already exists with this quote and "
                                             "date; use [[retitle]] for its title and remove this entry")]


def _time_value(value: str, text: str = "") -> TimeValue:
    """The TimeValue of a validated date value; `text` is the expression as written, if any."""
    period = period_of(value)
    if period is None:  # load_corrections accepts only values with a period
        raise ValueError(f"not a date value: {value!r}")
    start, end, precision = period
    return TimeValue(start, end, precision, text, value)


def _sentence_spans(source: Source, wanted: str) -> list[tuple[int, int]]:
    """The distinct spans of the whole sentence(s) of the body of `source` around each occurrence
    of `wanted`, white space in it matching any white space."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in wanted.split()))
    sentences = split_sentences(source.text, source.body_start)
    spans: dict[tuple[int, int], None] = {}
    for match in pattern.finditer(source.text, source.body_start):
        around = [s for s in sentences if s.start < match.end() and match.start() < s.end]
        spans[(around[0].start, around[-1].end) if around else match.span()] = None
    return list(spans)


def _quote(source: Source, span: tuple[int, int], events: _Events) -> Quote:
    """The quote of `span`; an existing quote of that span is reused, so that the source page
    marks the sentence once. A new anchor comes from events._anchor (there is no public helper
    yet), so it has the same form as extracted quotes' anchors."""
    start, end = span
    quotes = [q for event in events.values() for q in event.quotes if q.source_id == source.id]
    for quote in quotes:
        if (quote.start, quote.end) == span:
            return quote
    text = source.text[start:end]
    line = source.text.count("\n", 0, start) + 1
    return Quote(source.id, text, start, end, line, _anchor(text, _anchors_taken(quotes)))


def _anchors_taken(quotes: list[Quote]) -> dict[str, int]:
    """How many anchors of each sentence hash `quotes` use, in the form events._anchor counts."""
    taken: dict[str, int] = {}
    for quote in quotes:
        parts = quote.anchor.split("-")
        if len(parts) >= 2:
            count = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
            taken[parts[1]] = max(taken.get(parts[1], 0), count)
    return taken


_APPLY_ORDER: tuple[tuple[type, Callable[[_Events, Any, _Context], list[Diagnostic]]], ...] = (
    (Add, _add), (Merge, _merge), (Redate, _redate), (Retitle, _retitle), (Drop, _drop))

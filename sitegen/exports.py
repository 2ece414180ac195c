"""Export files: the timeline in formats other tools read.

`data/events.csv` (spreadsheets), `data/timeline-timelinejs.json` (TimelineJS3),
`data/events.ics` (calendars), and, when the site has a `base_url`, `feed.xml` (Atom 1.0) and
`sitemap.xml`. Every file is a pure function of the timeline, the site settings and one
timestamp, so two builds of the same content give the same bytes; each artifact's key is the
hash of its bytes.

The timestamp (the calendar's DTSTAMP, the feed's <updated>) is SOURCE_DATE_EPOCH when that is
set, otherwise the latest publication date among the sources (see `data_timestamp`).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote, urlsplit

from .cache import code_fingerprint
from .errors import ConfigError
from .labels import date_label
from .memo import Memo
from .model import Event, Precision, Timeline, TimeValue, event_url, quote_url
from .render import Artifact, comma_separated, compact_json, lazy_artifact, memo_runs

# The code whose output the export memos keep (render.py for compact_json).
EXPORT_FILES = ("exports.py", "render.py", "labels.py", "urls.py", "model.py")
CSV_PATH = "data/events.csv"
TIMELINEJS_PATH = "data/timeline-timelinejs.json"
ICS_PATH = "data/events.ics"
FEED_PATH = "feed.xml"
SITEMAP_PATH = "sitemap.xml"

FEED_ENTRIES = 100
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_NS = "http://www.w3.org/XML/1998/namespace"

CSV_FIELDS = ("id", "start", "end", "precision", "date_text", "title", "url", "source_count",
              "source_ids", "first_quote", "corrected")
# A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 does not allow at all (most C0 controls, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Controls RFC 5545 TEXT does not allow (tab and line breaks are handled by escaping).
_NOT_ICS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# The calendar unit a precision is known to, for TimelineJS dates.
_UNIT = {Precision.DAY: "day", Precision.WEEK: "day", Precision.MONTH: "month", Precision.SEASON: "month",
         Precision.QUARTER: "month", Precision.HALF: "month", Precision.YEAR: "year",
         Precision.DECADE: "year", Precision.CENTURY: "year"}
_UNIT_FIELDS = {"day": ("year", "month", "day"), "month": ("year", "month"), "year": ("year",)}
# Periods TimelineJS cannot name from its date fields alone get our label as display_date.
_LABELLED = (Precision.WEEK, Precision.SEASON, Precision.QUARTER, Precision.HALF,
             Precision.DECADE, Precision.CENTURY)


def export_artifacts(timeline: Timeline, site: Mapping[str, Any],
                     environ: Mapping[str, str] | None = None, memos: Path | None = None) -> list[Artifact]:
    """The export files of the site, sorted by path: CSV, TimelineJS JSON, iCalendar, and the
    Atom feed when `site["base_url"]` is set. `environ` (default os.environ) is read for
    SOURCE_DATE_EPOCH only. Each date's part of a file is kept in a memo in `memos` (when given)
    for the next build."""
    stamp = build_timestamp(timeline, os.environ if environ is None else environ)
    base_url = normal_base_url(site.get("base_url", ""))
    makers: dict[str, Callable[[], list[bytes]]] = {
        CSV_PATH: partial(events_csv_parts, timeline, base_url, memos),
        TIMELINEJS_PATH: partial(timelinejs_json_parts, timeline, site, base_url, memos),
        ICS_PATH: partial(events_ics_parts, timeline, site, base_url, stamp, memos),
    }
    if base_url:
        makers[FEED_PATH] = lambda: [atom_feed(timeline, site, base_url, stamp)]
    # Produced only when written (the writer streams), so the exports of a large site are never
    # all in memory at once.
    return [lazy_artifact(path, make, timeline.fingerprint, dict(site), base_url, stamp)
            for path, make in sorted(makers.items())]


def sitemap_artifact(page_paths: Iterable[str], site: Mapping[str, Any]) -> Artifact | None:
    """`sitemap.xml` listing every page in `page_paths` (site paths) under `site["base_url"]`;
    None when the site has no base_url, since a sitemap needs absolute URLs."""
    base_url = normal_base_url(site.get("base_url", ""))
    if not base_url:
        return None
    return bytes_artifact(SITEMAP_PATH, sitemap_xml(page_paths, base_url))


def bytes_artifact(path: str, data: bytes) -> Artifact:
    """An artifact of ready bytes, keyed by their hash."""
    return Artifact(path, hashlib.sha256(data).hexdigest(), partial(bytes, data))


# ---------------------------------------------------------------- timestamps and URLs


def build_timestamp(timeline: Timeline, environ: Mapping[str, str]) -> datetime:
    """SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set and not empty, else
    `data_timestamp(timeline)`. Raises ConfigError for a value that is not a whole number."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return data_timestamp(timeline)
    try:
        if not value.isdigit():
            raise ValueError(value)
        return datetime.fromtimestamp(int(value), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ConfigError([f"SOURCE_DATE_EPOCH: expected a whole number of seconds since "
                           f"1970-01-01, got {value!r}"]) from None


def data_timestamp(timeline: Timeline) -> datetime:
    """Midnight UTC of the latest publication date among the sources; without any, of the last
    day of the latest event; without events, of the first day of the range."""
    published = [source.published for source in timeline.sources if source.published]
    day = max(published, default=None) or max((e.date.end for e in timeline.events),
                                              default=timeline.range.start)
    return midnight(day)


def midnight(day: date) -> datetime:
    """The start of `day` in UTC."""
    return datetime.combine(day, time(0, 0), timezone.utc)


def normal_base_url(base_url: str) -> str:
    """The base URL ending in "/", or "" when there is none."""
    return base_url if not base_url or base_url.endswith("/") else base_url + "/"


def site_url(target: str, base_url: str) -> str:
    """The URL of site path `target` (may carry a #fragment), percent-encoded: absolute under
    `base_url`, or relative to the site root when base_url is ""."""
    path, _, fragment = target.partition("#")
    url = base_url + quote(path, safe="/")
    return f"{url}#{quote(fragment, safe='-_.')}" if fragment else url


def _published(timeline: Timeline) -> dict[str, date | None]:
    return {source.id: source.published for source in timeline.sources}


# ---------------------------------------------------------------- CSV


def spreadsheet_safe(cell: str) -> str:
    """`cell` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_row(event: Event, base_url: str) -> tuple[str, ...]:
    """One event as the cells of `CSV_FIELDS`, before formula guarding."""
    value = event.date
    return (event.id, value.start.isoformat(), value.end.isoformat(), value.precision.value, value.text,
            event.title, site_url(event_url(event), base_url), str(len(event.source_ids)),
            ";".join(event.source_ids), event.quotes[0].text if event.quotes else "",
            "true" if event.corrected else "false")


def csv_line(cells: Iterable[str]) -> str:
    """One CSV record, RFC 4180: minimal quoting, CRLF."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _csv_event_line(event: Event, base_url: str) -> str:
    return csv_line(spreadsheet_safe(cell) for cell in csv_row(event, base_url))


def events_csv(timeline: Timeline, base_url: str, memos: Path | None = None) -> bytes:
    """`data/events.csv`: a header row and one row per event, RFC 4180 (CRLF, minimal quoting),
    UTF-8 without a byte order mark; every cell passed through `spreadsheet_safe`."""
    return b"".join(events_csv_parts(timeline, base_url, memos))


def events_csv_parts(timeline: Timeline, base_url: str, memos: Path | None = None) -> list[bytes]:
    """`events_csv` in pieces: the header, then the rows of each date (kept in a memo in `memos`
    when given, for the next build)."""
    memo = _memo(memos, "exports-csv")
    rows = memo_runs(memo, timeline, (base_url,),
                     lambda run: "".join(_csv_event_line(event, base_url) for event in run).encode("utf-8"))
    memo.save()
    return [csv_line(CSV_FIELDS).encode("utf-8"), *rows]


def _memo(memos: Path | None, name: str) -> Memo:
    """The memo `name` of the export code, in the folder `memos` (kept in memory only when None)."""
    return Memo(memos, name, code_fingerprint(EXPORT_FILES))


# ---------------------------------------------------------------- TimelineJS


def timelinejs_dates(value: TimeValue) -> dict[str, dict[str, int]]:
    """TimelineJS `start_date` (and `end_date` for a period longer than one unit) with only the
    fields the precision justifies: a month has no day, a year no month."""
    fields = _UNIT_FIELDS[_UNIT[value.precision]]
    start = {name: getattr(value.start, name) for name in fields}
    end = {name: getattr(value.end, name) for name in fields}
    return {"start_date": start} if end == start else {"start_date": start, "end_date": end}


def quotes_html(event: Event, titles: Mapping[str, str], base_url: str) -> str:
    """Every quote of `event` with its source's title, as escaped HTML; the source links to
    the quoted sentence when the site has a base URL."""
    parts = []
    for item in event.quotes:
        source = html.escape(titles.get(item.source_id, item.source_id))
        if base_url:
            source = f'<a href="{html.escape(site_url(quote_url(item), base_url))}">{source}</a>'
        parts.append(f"<blockquote>{html.escape(item.text)}</blockquote><p>— {source}</p>")
    return "".join(parts)


def timelinejs_slide(event: Event, titles: Mapping[str, str], base_url: str) -> dict[str, Any]:
    """One event as a TimelineJS3 slide; every text is HTML-escaped (TimelineJS renders HTML)."""
    slide: dict[str, Any] = {**timelinejs_dates(event.date),
                             "text": {"headline": html.escape(event.title),
                                      "text": quotes_html(event, titles, base_url)},
                             "unique_id": event.id}
    if event.date.precision in _LABELLED:
        slide["display_date"] = html.escape(date_label(event.date))
    return slide


def timelinejs_json(timeline: Timeline, site: Mapping[str, Any], base_url: str,
                    memos: Path | None = None) -> bytes:
    """`data/timeline-timelinejs.json`: the TimelineJS3 JSON format (title slide and events)."""
    return b"".join(timelinejs_json_parts(timeline, site, base_url, memos))


def timelinejs_json_parts(timeline: Timeline, site: Mapping[str, Any], base_url: str,
                          memos: Path | None = None) -> list[bytes]:
    """`timelinejs_json` in pieces (each date's slides kept in a memo in `memos` when given)."""
    titles = timeline.titles
    memo = _memo(memos, "exports-timelinejs")
    description = site.get("description") or f"Events dated {timeline.range.start} to {timeline.range.end}."
    title = {"text": {"headline": html.escape(site.get("title", "")), "text": html.escape(description)}}
    slides = memo_runs(memo, timeline, (base_url,), lambda run: ",".join(
        compact_json(timelinejs_slide(event, titles, base_url)) for event in run).encode("utf-8"))
    memo.save()
    # The same bytes as json.dumps of {"title": ..., "events": [...]} with these separators.
    return [f'{{"title":{compact_json(title)},"events":['.encode("utf-8"), *comma_separated(slides), b"]}\n"]


# ---------------------------------------------------------------- iCalendar


def ics_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 3.3.11: backslash, ";", "," and line breaks."""
    value = _NOT_ICS.sub("", value)
    for char, escape in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\r\n", "\\n"), ("\r", "\\n"), ("\n", "\\n")):
        value = value.replace(char, escape)
    return value


def fold_line(line: str, limit: int = 75) -> str:
    """`line` folded per RFC 5545 3.1: at most `limit` octets of UTF-8 per physical line (the
    leading space of a continuation counts), never inside a character; joined by CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    pieces = []
    start, size = 0, limit
    while start < len(data):
        end = min(start + size, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: back off
            end -= 1
        pieces.append(data[start:end])
        start, size = end, limit - 1
    return b"\r\n ".join(pieces).decode("utf-8")


def ics_description(event: Event, titles: Mapping[str, str], base_url: str) -> str:
    """The plain text of an event's DESCRIPTION: its date, every quote with its source, its page."""
    lines = [f"{date_label(event.date)} ({event.date.precision.value})"]
    lines += [f"“{item.text}” — {titles.get(item.source_id, item.source_id)}" for item in event.quotes]
    if event.corrected:
        lines.append("Corrected by an editor.")
    if base_url:
        lines.append(site_url(event_url(event), base_url))
    return "\n\n".join(lines)


# vevent_lines puts DTSTAMP at this index.
DTSTAMP_LINE = 2
_NO_STAMP = datetime(1970, 1, 1, tzinfo=timezone.utc)


def vevent_lines(event: Event, titles: Mapping[str, str], base_url: str, host: str,
                 stamp: datetime) -> list[str]:
    """One all-day VEVENT spanning the event's whole period (DTEND is the day after the last);
    its DTSTAMP is line `DTSTAMP_LINE`."""
    lines = ["BEGIN:VEVENT", f"UID:{ics_text(event.id)}@{host}", f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
             f"DTSTART;VALUE=DATE:{event.date.start:%Y%m%d}",
             f"DTEND;VALUE=DATE:{event.date.end + timedelta(days=1):%Y%m%d}",
             f"SUMMARY:{ics_text(event.title)}",
             f"DESCRIPTION:{ics_text(ics_description(event, titles, base_url))}",
             "TRANSP:TRANSPARENT"]
    if base_url:
        lines.append(f"URL:{site_url(event_url(event), base_url)}")
    return lines + ["END:VEVENT"]


def _folded(lines: Iterable[str]) -> str:
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _vevents_around_stamps(run: tuple[Event, ...], titles: Mapping[str, str], base_url: str,
                           host: str) -> tuple[bytes, ...]:
    """The VEVENTs of `run`, folded, cut at their DTSTAMP lines (the one line that changes with
    the build's timestamp, so the rest can be kept between builds): joined by a DTSTAMP line,
    the pieces give the events."""
    pieces = [""]
    for event in run:
        lines = vevent_lines(event, titles, base_url, host, _NO_STAMP)
        pieces[-1] += _folded(lines[:DTSTAMP_LINE])
        pieces.append(_folded(lines[DTSTAMP_LINE + 1:]))
    return tuple(piece.encode("utf-8") for piece in pieces)


def events_ics(timeline: Timeline, site: Mapping[str, Any], base_url: str, stamp: datetime,
               memos: Path | None = None) -> bytes:
    """`data/events.ics`: an iCalendar (RFC 5545) with one VEVENT per event, CRLF line endings,
    lines folded at 75 octets. UIDs are `<event id>@<host of base_url>` ("@sitegen" without)."""
    return b"".join(events_ics_parts(timeline, site, base_url, stamp, memos))


def events_ics_parts(timeline: Timeline, site: Mapping[str, Any], base_url: str, stamp: datetime,
                     memos: Path | None = None) -> list[bytes]:
    """`events_ics` in pieces (each date's events kept in a memo in `memos` when given)."""
    host = urlsplit(base_url).hostname or "sitegen"
    titles = timeline.titles
    memo = _memo(memos, "exports-ics")
    stamp_line = _folded([f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}"]).encode("utf-8")
    parts = [_folded(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sitegen//timeline exports//EN",
                      "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                      f"X-WR-CALNAME:{ics_text(site.get('title', ''))}"]).encode("utf-8")]
    parts += [stamp_line.join(pieces) for pieces in memo_runs(
        memo, timeline, (base_url, host), partial(_vevents_around_stamps, titles=titles, base_url=base_url, host=host))]
    memo.save()
    parts.append(_folded(["END:VCALENDAR"]).encode("utf-8"))
    return parts


# ---------------------------------------------------------------- XML: Atom feed and sitemap


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot hold (ElementTree escapes the rest)."""
    return _NOT_XML.sub("", value)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = xml_text(text)
    return element


def xml_bytes(root: ET.Element) -> bytes:
    """The document of `root`, indented, UTF-8 with a declaration.

    Elements are built with plain names under a root carrying `xmlns`, since ElementTree's
    `default_namespace` refuses attributes without a namespace."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def rfc3339(moment: datetime) -> str:
    """A UTC time as Atom writes it: 2023-01-31T00:00:00Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_events(timeline: Timeline, limit: int = FEED_ENTRIES) -> list[Event]:
    """The newest `limit` events: latest first day first, then id, descending."""
    return sorted(timeline.events, key=lambda event: (event.date.start, event.id), reverse=True)[:limit]


def entry_updated(event: Event, published: Mapping[str, date | None], fallback: datetime) -> datetime:
    """When the latest report of `event` was published; `fallback` when no source has a date."""
    days = [day for day in (published.get(s) for s in event.source_ids) if day is not None]
    return midnight(max(days)) if days else fallback


def entry_summary(event: Event, titles: Mapping[str, str]) -> str:
    """Plain text of an entry: its date and every quote with its source."""
    quotes = [f"“{item.text}” — {titles.get(item.source_id, item.source_id)}" for item in event.quotes]
    return "\n\n".join([date_label(event.date), *quotes])


def event_entry_id(event: Event, base_url: str) -> str:
    """A feed entry's permanent id: a name-based UUID of the site and the event id, so it stays
    the same when an editor redates the event and its address changes."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base_url + '#' + event.id)}"


def _feed_entry(feed: ET.Element, event: Event, base_url: str, updated: datetime, summary: str) -> None:
    entry = _element(feed, "entry")
    url = site_url(event_url(event), base_url)
    _element(entry, "title", event.title, type="text")
    _element(entry, "id", event_entry_id(event, base_url))
    _element(entry, "link", href=url, rel="alternate", type="text/html")
    _element(entry, "updated", rfc3339(updated))
    _element(entry, "summary", summary, type="text")
    _element(entry, "category", term=event.date.precision.value)


def atom_feed(timeline: Timeline, site: Mapping[str, Any], base_url: str, stamp: datetime) -> bytes:
    """`feed.xml`: an Atom 1.0 feed of the newest events with absolute URLs under `base_url`.
    Entries are updated when their latest source was published (else the data timestamp)."""
    title = site.get("title") or "Timeline"
    feed = ET.Element("feed", {"xmlns": ATOM_NS, f"{{{XML_NS}}}lang": site.get("language") or "en"})
    _element(feed, "title", title, type="text")
    if site.get("description"):
        _element(feed, "subtitle", site["description"], type="text")
    _element(feed, "id", base_url)
    _element(feed, "link", href=base_url, rel="alternate", type="text/html")
    _element(feed, "link", href=site_url(FEED_PATH, base_url), rel="self", type="application/atom+xml")
    _element(feed, "updated", rfc3339(stamp))
    _element(_element(feed, "author"), "name", title)
    _element(feed, "generator", "sitegen")
    titles, published, fallback = timeline.titles, _published(timeline), data_timestamp(timeline)
    for event in feed_events(timeline):
        _feed_entry(feed, event, base_url, entry_updated(event, published, fallback), entry_summary(event, titles))
    return xml_bytes(feed)


def sitemap_xml(page_paths: Iterable[str], base_url: str) -> bytes:
    """A sitemaps.org 0.9 <urlset> with the absolute URL of every page path, sorted."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for path in sorted(set(page_paths)):
        _element(_element(urlset, "url"), "loc", site_url(path, base_url))
    return xml_bytes(urlset)

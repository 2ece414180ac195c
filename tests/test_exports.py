"""The export files: CSV, TimelineJS JSON, iCalendar, Atom feed and sitemap, read back with real parsers."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest

from sitegen.errors import ConfigError
from sitegen.exports import (
    CSV_FIELDS,
    CSV_PATH,
    FEED_ENTRIES,
    FEED_PATH,
    ICS_PATH,
    TIMELINEJS_PATH,
    export_artifacts,
    fold_line,
    sitemap_artifact,
    spreadsheet_safe,
)
from sitegen.model import DateRange, Event, Precision, Quote, Source, Timeline, TimeValue
from tests.conftest import run_sitegen
from tests.e2e.sitecheck import broken_links, parse_page

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/tl/"
FORMULA = "=cmd|' /C calc'!A0"
HOSTILE_QUOTE = f'{FORMULA} wrote <script>alert(1)</script> & "more", then; left\nand came back.'
HOSTILE_SOURCE = '<b>Bad</b> & "Co", Ltd; =x'


def _quote(source_id: str, text: str, anchor: str = "q-1") -> Quote:
    return Quote(source_id, text, 0, len(text), 1, anchor)


def _event(event_id: str, start: date, end: date, precision: Precision, title: str = "Talks resumed",
           quotes: tuple[Quote, ...] | None = None) -> Event:
    return Event(event_id, title, TimeValue(start, end, precision, "as written"),
                 quotes if quotes is not None else (_quote("a", "Talks resumed that day."),))


def _timeline(*events: Event) -> Timeline:
    sources = (Source("a", "a.txt", "Agency report", "", 0, "text", published=date(2023, 3, 4)),
               Source("b", "b.md", HOSTILE_SOURCE, "", 0, "markdown"))
    return Timeline(DateRange(date(2020, 1, 1), date(2023, 12, 31)), sources, tuple(events))


def _sample() -> Timeline:
    hostile = (_quote("b", HOSTILE_QUOTE, "q-2"), _quote("a", "Also; reported, here."))
    return _timeline(
        _event("20210503-aaaa", date(2021, 5, 3), date(2021, 5, 3), Precision.DAY, FORMULA, hostile),
        _event("20210601-bbbb", date(2021, 6, 1), date(2021, 8, 31), Precision.SEASON),
        _event("20221201-cccc", date(2022, 12, 1), date(2022, 12, 31), Precision.MONTH),
        _event("20230101-dddd", date(2023, 1, 1), date(2023, 12, 31), Precision.YEAR),
    )


def _files(timeline: Timeline, base_url: str = BASE, environ: dict[str, str] | None = None) -> dict[str, bytes]:
    site = {"title": "A <Timeline> & co", "description": "", "language": "en", "base_url": base_url}
    return {a.path: a.produce() for a in export_artifacts(timeline, site, environ or {})}


# ---------------------------------------------------------------- CSV


def test_csv_parses_with_one_row_per_event_and_crlf_rows() -> None:
    data = _files(_sample())[CSV_PATH]
    assert data.startswith(b"id,start,") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_FIELDS
    records = [dict(zip(CSV_FIELDS, row)) for row in rows[1:]]
    assert [r["id"] for r in records] == ["20210503-aaaa", "20210601-bbbb", "20221201-cccc", "20230101-dddd"]
    first = records[0]
    assert first["title"] == "'" + FORMULA
    assert first["first_quote"] == "'" + HOSTILE_QUOTE
    assert first["source_count"] == "2" and first["source_ids"] == "b;a"
    assert first["url"] == BASE + "events/2021-05-03.html#20210503-aaaa" and first["corrected"] == "false"
    assert records[2]["start"] == "2022-12-01" and records[2]["end"] == "2022-12-31"
    assert records[2]["precision"] == "month"


def test_csv_urls_are_site_relative_without_base_url() -> None:
    rows = list(csv.DictReader(io.StringIO(_files(_sample(), "")[CSV_PATH].decode("utf-8"), newline="")))
    assert rows[0]["url"] == "events/2021-05-03.html#20210503-aaaa"


@pytest.mark.parametrize("cell, safe", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_safe_guards_formula_starts(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


# ---------------------------------------------------------------- TimelineJS


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_timelinejs_dates_are_as_precise_as_the_event() -> None:
    data = json.loads(_files(_sample())[TIMELINEJS_PATH])
    assert data["title"]["text"]["headline"] == "A &lt;Timeline&gt; &amp; co"
    slides = {slide["unique_id"]: slide for slide in data["events"]}
    assert len(slides) == len(data["events"]) == 4
    assert slides["20210503-aaaa"]["start_date"] == {"year": 2021, "month": 5, "day": 3}
    assert "end_date" not in slides["20210503-aaaa"]
    assert slides["20210601-bbbb"]["start_date"] == {"year": 2021, "month": 6}
    assert slides["20210601-bbbb"]["end_date"] == {"year": 2021, "month": 8}
    assert slides["20210601-bbbb"]["display_date"] == "Summer 2021"
    assert slides["20221201-cccc"]["start_date"] == {"year": 2022, "month": 12}
    assert "end_date" not in slides["20221201-cccc"] and "display_date" not in slides["20221201-cccc"]
    assert slides["20230101-dddd"]["start_date"] == {"year": 2023} and "end_date" not in slides["20230101-dddd"]


def test_timelinejs_escapes_every_document_string() -> None:
    data = json.loads(_files(_sample())[TIMELINEJS_PATH])
    slide = data["events"][0]
    assert slide["text"]["headline"] == "=cmd|&#x27; /C calc&#x27;!A0"
    text = slide["text"]["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;" in text
    assert "&lt;b&gt;Bad&lt;/b&gt; &amp; &quot;Co&quot;" in text
    assert f'<a href="{BASE}sources/b.html#q-2">' in text
    for string in _strings(data):
        assert "<script" not in string and "<b>" not in string


# ---------------------------------------------------------------- iCalendar


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    return lines


def _unfolded(data: bytes) -> list[str]:
    text = data.decode("utf-8").replace("\r\n ", "")
    return text[:-2].split("\r\n")


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _vevents(data: bytes) -> list[dict[str, str]]:
    events, current = [], None
    for line in _unfolded(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def test_ics_lines_are_crlf_and_folded_within_75_octets() -> None:
    data = _files(_sample())[ICS_PATH]
    lines = _physical_lines(data)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is whole characters


def test_ics_month_event_is_all_day_with_exclusive_end() -> None:
    events = {e["UID"]: e for e in _vevents(_files(_sample())[ICS_PATH])}
    month = events["20221201-cccc@example.org"]
    assert month["DTSTART;VALUE=DATE"] == "20221201" and month["DTEND;VALUE=DATE"] == "20230101"
    day = events["20210503-aaaa@example.org"]
    assert day["DTSTART;VALUE=DATE"] == "20210503" and day["DTEND;VALUE=DATE"] == "20210504"
    year = events["20230101-dddd@example.org"]
    assert year["DTSTART;VALUE=DATE"] == "20230101" and year["DTEND;VALUE=DATE"] == "20240101"
    assert month["URL"] == BASE + "events/2022-12-01--2022-12-31.html#20221201-cccc"


def test_ics_escapes_text_and_keeps_uids_unique() -> None:
    events = _vevents(_files(_sample())[ICS_PATH])
    uids = [e["UID"] for e in events]
    assert len(set(uids)) == len(uids) == 4
    hostile = events[0]
    assert "\\;" in hostile["DESCRIPTION"] and "\\," in hostile["DESCRIPTION"] and "\\n" in hostile["DESCRIPTION"]
    assert not re.search(r"(?<!\\)[;,]", hostile["DESCRIPTION"].replace("\\\\", ""))
    description = _unescape(hostile["DESCRIPTION"])
    assert HOSTILE_QUOTE in description and HOSTILE_SOURCE in description
    assert _unescape(hostile["SUMMARY"]) == FORMULA


def test_ics_without_base_url_has_sitegen_uids_and_no_url() -> None:
    events = _vevents(_files(_sample(), "")[ICS_PATH])
    assert all(e["UID"].endswith("@sitegen") for e in events)
    assert not any("URL" in e for e in events)


def test_fold_line_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é€😀a" * 40
    folded = fold_line(line)
    pieces = folded.encode("utf-8").split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    assert "".join(piece.decode("utf-8") for piece in pieces[:1]) + "".join(
        piece.decode("utf-8")[1:] for piece in pieces[1:]) == line
    assert fold_line("short") == "short"


def test_dtstamp_and_feed_updated_come_from_source_date_epoch_or_the_data() -> None:
    from_data = _files(_sample())
    assert "DTSTAMP:20230304T000000Z" in _unfolded(from_data[ICS_PATH])
    assert ET.fromstring(from_data[FEED_PATH]).findtext(f"{ATOM}updated") == "2023-03-04T00:00:00Z"
    pinned = _files(_sample(), environ={"SOURCE_DATE_EPOCH": "1700000000"})
    assert "DTSTAMP:20231114T221320Z" in _unfolded(pinned[ICS_PATH])
    assert ET.fromstring(pinned[FEED_PATH]).findtext(f"{ATOM}updated") == "2023-11-14T22:13:20Z"
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        _files(_sample(), environ={"SOURCE_DATE_EPOCH": "yesterday"})


# ---------------------------------------------------------------- Atom and sitemap


def test_atom_feed_is_newest_first_absolute_and_escaped() -> None:
    data = _files(_sample())[FEED_PATH]
    assert b"&lt;script&gt;" in data and b"<script" not in data
    feed = ET.fromstring(data)
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}title") == "A <Timeline> & co"
    assert feed.findtext(f"{ATOM}id") == BASE
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        BASE + "events/2023-01-01--2023-12-31.html#20230101-dddd", BASE + "events/2022-12-01--2022-12-31.html#20221201-cccc",
        BASE + "events/2021-06-01--2021-08-31.html#20210601-bbbb", BASE + "events/2021-05-03.html#20210503-aaaa"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 4 and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    for entry in entries:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{ATOM}updated"))
    hostile = entries[-1]
    assert hostile.findtext(f"{ATOM}title") == FORMULA
    assert HOSTILE_QUOTE in hostile.findtext(f"{ATOM}summary")
    assert HOSTILE_SOURCE in hostile.findtext(f"{ATOM}summary")


def test_atom_feed_keeps_the_newest_entries_only() -> None:
    events = [_event(f"2021{i:04d}-x", date(2021, 1, 1) + timedelta(days=i), date(2021, 1, 1) + timedelta(days=i),
                     Precision.DAY) for i in range(FEED_ENTRIES + 20)]
    feed = ET.fromstring(_files(_timeline(*events))[FEED_PATH])
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert len(links) == FEED_ENTRIES and links[0].endswith(f"#2021{FEED_ENTRIES + 19:04d}-x")


def test_no_feed_or_sitemap_without_base_url() -> None:
    assert sorted(_files(_sample(), "")) == [CSV_PATH, ICS_PATH, TIMELINEJS_PATH]
    assert sitemap_artifact(["index.html"], {"base_url": ""}) is None


def test_sitemap_lists_pages_absolute_sorted_and_encoded() -> None:
    artifact = sitemap_artifact(["sources/index.html", "index.html", "sources/sub dir/ünï.html"], {"base_url": BASE})
    assert artifact is not None and artifact.path == "sitemap.xml"
    urlset = ET.fromstring(artifact.produce())
    assert urlset.tag == f"{SITEMAP}urlset"
    assert [u.findtext(f"{SITEMAP}loc") for u in urlset.findall(f"{SITEMAP}url")] == [
        BASE + "index.html", BASE + "sources/index.html", BASE + "sources/sub%20dir/%C3%BCn%C3%AF.html"]


def test_exports_are_deterministic_and_keyed_by_their_bytes() -> None:
    first = export_artifacts(_sample(), {"title": "T", "base_url": BASE}, {})
    second = export_artifacts(_sample(), {"title": "T", "base_url": BASE}, {})
    assert [(a.path, a.key, a.produce()) for a in first] == [(a.path, a.key, a.produce()) for a in second]
    assert [a.path for a in first] == sorted(a.path for a in first)
    changed = export_artifacts(_sample(), {"title": "T", "base_url": BASE}, {"SOURCE_DATE_EPOCH": "0"})
    assert {a.path: a.key for a in changed}[ICS_PATH] != {a.path: a.key for a in first}[ICS_PATH]


# ---------------------------------------------------------------- through the real command line

EXPORTS = ("data/timeline.json", CSV_PATH, ICS_PATH, TIMELINEJS_PATH)


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_cli_build_links_every_export_with_absolute_feed_and_sitemap(project, monkeypatch) -> None:
    root = project({"hostile.md": "---\ntitle: '<b>Bad</b> & Co; =x'\n---\n"
                                  f"{FORMULA} was typed on 3 May 2021 by a man who wrote <script>alert(1)</script> "
                                  '& "more", then; left.\n'}, seeds=True)
    (root / "sitegen.toml").write_text(f'base_url = "{BASE}"\n', encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for output in ("one", "two"):
        result = run_sitegen(["build", "--output", output], root)
        assert result.returncode == 0, result.stderr
    site = root / "one"
    assert _site_files(site) == _site_files(root / "two")
    links = set(parse_page(site / "index.html").links)
    for path in (*EXPORTS, FEED_PATH):
        assert (site / path).is_file() and path in links, path
    assert broken_links(site) == []
    feed = ET.fromstring((site / FEED_PATH).read_bytes())
    assert feed.findtext(f"{ATOM}updated") == "2023-11-14T22:13:20Z"
    assert all(link.get("href").startswith(BASE) for link in feed.iter(f"{ATOM}link"))
    locs = [loc.text for loc in ET.fromstring((site / "sitemap.xml").read_bytes()).iter(f"{SITEMAP}loc")]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    assert locs == [BASE + page for page in pages]
    assert "DTSTAMP:20231114T221320Z" in _unfolded((site / ICS_PATH).read_bytes())
    rows = list(csv.DictReader(io.StringIO((site / CSV_PATH).read_text(encoding="utf-8"), newline="")))
    assert not any(cell.startswith("=") for row in rows for cell in row.values())
    assert "<script" not in (site / TIMELINEJS_PATH).read_text(encoding="utf-8")


def test_cli_build_without_base_url_has_no_feed_or_sitemap(project) -> None:
    root = project({}, seeds=True)
    result = run_sitegen(["build"], root)
    assert result.returncode == 0, result.stderr
    site = root / "output"
    assert not (site / FEED_PATH).exists() and not (site / "sitemap.xml").exists()
    links = set(parse_page(site / "index.html").links)
    assert set(EXPORTS) <= links and FEED_PATH not in links
    assert 'application/atom+xml' not in (site / "index.html").read_text(encoding="utf-8")


def test_feed_entry_ids_survive_a_redated_event() -> None:
    before = _event("20210503-aaaa", date(2021, 5, 3), date(2021, 5, 3), Precision.DAY)
    after = _event("20210503-aaaa", date(2021, 6, 1), date(2021, 6, 30), Precision.MONTH)
    entry_ids = [ET.fromstring(_files(_timeline(event))[FEED_PATH]).find(f"{ATOM}entry").findtext(f"{ATOM}id")
                 for event in (before, after)]
    assert entry_ids[0] == entry_ids[1] and entry_ids[0].startswith("urn:uuid:")


def test_exports_made_with_memos_have_the_same_bytes_and_follow_changes(tmp_path: Path) -> None:
    site = {"title": "A <Timeline> & co", "description": "", "language": "en", "base_url": BASE}

    def made(timeline: Timeline, environ: dict[str, str]) -> dict[str, bytes]:
        return {a.path: a.produce() for a in export_artifacts(timeline, site, environ, memos=tmp_path)}

    plain = _files(_sample(), environ={"SOURCE_DATE_EPOCH": "0"})
    assert made(_sample(), {"SOURCE_DATE_EPOCH": "0"}) == plain
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "exports-csv.pickle", "exports-ics.pickle", "exports-timelinejs.pickle"]
    # From the memos: the same bytes, and a new timestamp still reaches every VEVENT.
    assert made(_sample(), {"SOURCE_DATE_EPOCH": "0"}) == plain
    restamped = made(_sample(), {"SOURCE_DATE_EPOCH": "1700000000"})
    assert restamped == _files(_sample(), environ={"SOURCE_DATE_EPOCH": "1700000000"})
    assert _unfolded(restamped[ICS_PATH]).count("DTSTAMP:20231114T221320Z") == len(_sample().events)
    # A retitled source changes the parts of the events it reports.
    retitled = Timeline(_sample().range, (_sample().sources[0], Source("b", "b.md", "Renamed", "", 0, "markdown")),
                        _sample().events)
    assert made(retitled, {"SOURCE_DATE_EPOCH": "0"}) == _files(retitled, environ={"SOURCE_DATE_EPOCH": "0"})
    assert b"Renamed" in made(retitled, {"SOURCE_DATE_EPOCH": "0"})[ICS_PATH]


def test_export_memos_make_again_only_the_dates_an_edit_touches(tmp_path: Path, monkeypatch) -> None:
    import sitegen.exports as exports

    made: list[str] = []
    real = exports._csv_event_line
    monkeypatch.setattr(exports, "_csv_event_line", lambda event, base_url: made.append(event.id) or real(event, base_url))
    site = {"title": "T", "description": "", "language": "en", "base_url": BASE}

    def csv_bytes(timeline: Timeline) -> bytes:
        return next(a for a in export_artifacts(timeline, site, {}, memos=tmp_path) if a.path == CSV_PATH).produce()

    csv_bytes(_sample())
    assert sorted(made) == sorted(e.id for e in _sample().events)
    made.clear()
    # A second event on 3 May 2021: that date's run is made again (both events), no other.
    added = _event("20210503-eeee", date(2021, 5, 3), date(2021, 5, 3), Precision.DAY, "Another event")
    grown = _timeline(*sorted((*_sample().events, added), key=lambda e: (e.date.start, e.date.end, e.id)))
    from_memo = csv_bytes(grown)
    assert sorted(made) == ["20210503-aaaa", "20210503-eeee"]
    assert from_memo == _files(grown)[CSV_PATH]


def test_the_data_file_is_the_public_format_dumped_whole_with_or_without_its_memo(tmp_path: Path) -> None:
    from sitegen.model import timeline_to_json
    from sitegen.render import timeline_json

    whole = (json.dumps(timeline_to_json(_sample()), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    assert timeline_json(_sample()) == whole
    assert timeline_json(_sample(), tmp_path) == whole and (tmp_path / "timeline-json.pickle").exists()
    assert timeline_json(_sample(), tmp_path) == whole
    assert json.loads(whole)["events"][0]["quotes"][0]["text"] == HOSTILE_QUOTE

"""Rendering: the jinja2 environment, the page list, and each page's HTML."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from .cache import code_fingerprint
from .charts import timeline_figure
from .highlight import Highlight, source_body_html
from .model import (
    Event,
    Precision,
    Source,
    Timeline,
    TimeValue,
    event_url,
    quote_url,
    source_url,
    timeline_to_json,
)
from .urls import relative_url, root_url

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_theme_dir() -> Path:
    """The theme shipped with sitegen: inside the installed package, or the checkout's theme/."""
    for candidate in (PACKAGE_DIR / "_theme", PACKAGE_DIR.parent / "theme"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("sitegen's built-in theme is missing from the installation")


def theme_search_path(theme_dir: Path | None) -> list[Path]:
    """The theme folders to look in, the project's first, without duplicates."""
    folders = []
    for folder in (theme_dir, builtin_theme_dir()):
        if folder is not None and folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    return folders


def json_for_script(data: Any) -> Markup:
    """JSON safe to embed inside a <script> element: <, >, & and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


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


def make_environment(search_path: list[Path]) -> jinja2.Environment:
    """A jinja2 environment over the theme folders: autoescape on, undefined names are errors."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder / "templates") for folder in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["json_script"] = json_for_script
    environment.filters["date_label"] = date_label
    environment.filters["datetime_attribute"] = datetime_attribute
    return environment


RENDER_FILES = ("render.py", "charts.py", "highlight.py", "urls.py", "model.py")


@dataclass(frozen=True)
class Artifact:
    """A file of the site: its path, a key naming everything it is made from, and its maker.

    Two artifacts with the same path and key have the same bytes, so a build can reuse the
    previous file instead of calling `produce`.
    """

    path: str
    key: str
    produce: Callable[[], bytes]


def digest(*inputs: Any) -> str:
    """A stable hash of plain data: frozen dataclasses, tuples, dates, enums and text, whose
    generated reprs spell out every field, so equal data gives an equal hash."""
    return hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Page:
    """A page to render: its site path, template, the data it shows, and its context."""

    path: str
    template: str
    inputs: tuple[Any, ...]
    context: Callable[[], dict[str, Any]]


def site_pages(timeline: Timeline) -> list[Page]:
    """Every HTML page of the site, in a fixed order, each with the inputs it is made from."""
    titles = {source.id: source.title for source in timeline.sources}
    events_by_source: dict[str, list[Event]] = {}
    for event in timeline.events:
        for source_id in event.source_ids:
            events_by_source.setdefault(source_id, []).append(event)
    listing = tuple((s.id, s.title, s.published) for s in timeline.sources)
    pages = [
        Page("index.html", "index.html", (timeline.range, timeline.events, listing), lambda: {
            "events": timeline.events,
            "years": _group_by_year(timeline.events),
            "figure": timeline_figure(timeline),
        }),
        Page("sources/index.html", "sources.html", (listing, tuple(
            len(events_by_source.get(s.id, ())) for s in timeline.sources)), lambda: {
            "sources": timeline.sources,
            "event_counts": {s.id: len(events_by_source.get(s.id, [])) for s in timeline.sources},
        }),
    ]
    for source in timeline.sources:
        events = tuple(events_by_source.get(source.id, ()))
        pages.append(Page(source_url(source.id), "source.html",
                          (source, tuple(_as_listed(event, source.id, titles) for event in events)),
                          partial(_source_context, source, events)))
    for event in timeline.events:
        pages.append(Page(event_url(event.id), "event.html",
                          (event, tuple(sorted((s, titles[s]) for s in event.source_ids))),
                          partial(dict, event=event)))
    return pages


LISTED_QUOTES = 3


def _as_listed(event: Event, source_id: str, titles: dict[str, str]) -> tuple[Any, ...]:
    """What a source page shows of one of its events (see _event_item.html and _highlights)."""
    listed = event.quotes[:LISTED_QUOTES]
    return (event.id, event.title, event.date, event.corrected, len(event.quotes), len(event.source_ids),
            tuple((q.source_id, q.anchor, titles[q.source_id]) for q in listed),
            tuple((q.start, q.end, q.anchor) for q in event.quotes if q.source_id == source_id))


def _source_context(source: Source, events: tuple[Event, ...]) -> dict[str, Any]:
    path = source_url(source.id)
    return {"source": source, "events": events,
            "body_html": Markup(source_body_html(source, _highlights(source, events, path)))}


def _group_by_year(events: tuple[Event, ...]) -> list[tuple[int, list[Event]]]:
    years: dict[int, list[Event]] = {}
    for event in events:
        years.setdefault(event.date.start.year, []).append(event)
    return sorted(years.items())


def _highlights(source: Source, events: tuple[Event, ...], page: str) -> list[Highlight]:
    by_span: dict[tuple[int, int, str], list[Event]] = {}
    for event in events:
        for quote in event.quotes:
            if quote.source_id == source.id:
                by_span.setdefault((quote.start, quote.end, quote.anchor), []).append(event)
    highlights = []
    for (start, end, anchor), span_events in sorted(by_span.items()):
        links = "".join(
            f' <a class="to-event" href="{Markup.escape(relative_url(event_url(e.id), page))}"'
            f' title="{Markup.escape(e.title)}">{Markup.escape(date_label(e.date))}'
            f'<span class="visually-hidden">: {Markup.escape(e.title)}</span></a>'
            for e in span_events)
        highlights.append(Highlight(start, end, anchor, f'<span class="quote-events">{links}</span>'))
    return highlights


def theme_fingerprint(search_path: list[Path]) -> str:
    """A hash of every file of the theme folders, with their paths."""
    hasher = hashlib.sha256()
    for index, folder in enumerate(search_path):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(f"{index}:{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes())
    return hasher.hexdigest()


def site_artifacts(timeline: Timeline, environment: jinja2.Environment, site: dict[str, Any],
                   search_path: list[Path]) -> list[Artifact]:
    """Every page of the site and the timeline data file, each keyed by what it is made from."""
    base = digest(code_fingerprint(RENDER_FILES), theme_fingerprint(search_path), site)
    titles = {source.id: source.title for source in timeline.sources}
    artifacts = [Artifact(page.path, digest(base, page.path, page.inputs),
                          partial(_render, page, environment, site, titles))
                 for page in site_pages(timeline)]
    data = (json.dumps(timeline_to_json(timeline), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    artifacts.append(Artifact("data/timeline.json", hashlib.sha256(data).hexdigest(), lambda: data))
    return artifacts


def _render(page: Page, environment: jinja2.Environment, site: dict[str, Any],
            titles: dict[str, str]) -> bytes:
    def url(target: str) -> str:
        return relative_url(target, page.path)

    html = environment.get_template(page.template).render(
        page.context(), site=site, page_path=page.path, root=root_url(page.path), url=url,
        event_url=event_url, source_url=source_url, quote_url=quote_url, source_title=titles.__getitem__, listed_quotes=LISTED_QUOTES,
    )
    return html.encode("utf-8")

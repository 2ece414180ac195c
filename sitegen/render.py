"""Rendering: the jinja2 environment, the page list, and each page's HTML."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2
from markupsafe import Markup

from .charts import timeline_figure
from .highlight import Highlight, source_body_html
from .model import (Event, Precision, Source, Timeline, TimeValue, event_url, quote_url, source_url,
                    timeline_to_json)
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


@dataclass(frozen=True)
class Page:
    """A page to render: its site path, template and context."""

    path: str
    template: str
    context: dict[str, Any]


def site_pages(timeline: Timeline, site: dict[str, Any]) -> Iterator[Page]:
    """Every HTML page of the site, in a fixed order."""
    events_by_source: dict[str, list[Event]] = {}
    for event in timeline.events:
        for source_id in event.source_ids:
            events_by_source.setdefault(source_id, []).append(event)
    yield Page("index.html", "index.html", {
        "events": timeline.events,
        "years": _group_by_year(timeline.events),
        "figure": timeline_figure(timeline),
    })
    yield Page("sources/index.html", "sources.html", {
        "sources": timeline.sources,
        "event_counts": {s.id: len(events_by_source.get(s.id, [])) for s in timeline.sources},
    })
    for source in timeline.sources:
        path = source_url(source.id)
        yield Page(path, "source.html", {
            "source": source,
            "events": events_by_source.get(source.id, []),
            "body_html": Markup(source_body_html(source, _highlights(source, timeline, path))),
        })
    for event in timeline.events:
        yield Page(event_url(event.id), "event.html", {"event": event})


def _group_by_year(events: tuple[Event, ...]) -> list[tuple[int, list[Event]]]:
    years: dict[int, list[Event]] = {}
    for event in events:
        years.setdefault(event.date.start.year, []).append(event)
    return sorted(years.items())


def _highlights(source: Source, timeline: Timeline, page: str) -> list[Highlight]:
    by_span: dict[tuple[int, int, str], list[Event]] = {}
    for event in timeline.events:
        for quote in event.quotes:
            if quote.source_id == source.id:
                by_span.setdefault((quote.start, quote.end, quote.anchor), []).append(event)
    highlights = []
    for (start, end, anchor), events in sorted(by_span.items()):
        links = "".join(
            f' <a class="to-event" href="{Markup.escape(relative_url(event_url(e.id), page))}"'
            f' title="{Markup.escape(e.title)}">{Markup.escape(e.date.text or e.date.start.isoformat())}'
            f'<span class="visually-hidden">: {Markup.escape(e.title)}</span></a>'
            for e in events)
        highlights.append(Highlight(start, end, anchor, f'<span class="quote-events">{links}</span>'))
    return highlights


def render_pages(timeline: Timeline, environment: jinja2.Environment,
                 site: dict[str, Any]) -> dict[str, bytes]:
    """Every page of the site and the timeline data file, as {site path: bytes}."""
    files: dict[str, bytes] = {}
    for page in site_pages(timeline, site):
        template = environment.get_template(page.template)

        def url(target: str, _page: str = page.path) -> str:
            return relative_url(target, _page)

        html = template.render(
            page.context, site=site, page_path=page.path, root=root_url(page.path), url=url,
            event_url=event_url, source_url=source_url, quote_url=quote_url,
            timeline=timeline, source_of=timeline.source,
        )
        files[page.path] = html.encode("utf-8")
    data = json.dumps(timeline_to_json(timeline), ensure_ascii=False, indent=1, sort_keys=False)
    files["data/timeline.json"] = (data + "\n").encode("utf-8")
    return files

"""The pages of a site: which there are, the data each one shows, and its template context.

Each page lists the `inputs` it is made from; render.py hashes them into the page's key, so a
page is rendered again exactly when something it shows has changed.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from markupsafe import Markup

from .charts import coverage_figure, rhythm_figure, timeline_figure
from .cache import code_fingerprint
from .highlight import Highlight, source_body_html
from .labels import date_label
from .memo import Memo
from .model import (
    DateRange,
    DateRun,
    Event,
    Source,
    Timeline,
    TimeValue,
    dates_of,
    event_page_url,
    event_url,
    source_url,
)
from .text.names import names_in
from .urls import relative_url

# The code that finds names in quotes (what the names memo keeps).
NAMES_FILES = ("pages.py", "text")
# Lists longer than this show a few events per month and link to the month's page.
FULL_LIST_LIMIT = 600
EVENTS_PER_MONTH_IN_SUMMARY = 5
LISTED_QUOTES = 3
FILTER_NAMES = 40
# The source filter offers at most this many sources: those with the most events on the page.
FILTER_SOURCES = 100


@dataclass(frozen=True)
class Page:
    """A page to render: its site path, template, the data it shows, and its context."""

    path: str
    template: str
    inputs: tuple[Any, ...]
    context: Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class AboutPage:
    """A page written by the editors in content/pages/: its site path, title and HTML body."""

    path: str
    title: str
    body_html: str


def year_url(year: int) -> str:
    """Site path of a year's page."""
    return f"years/{year}.html"


def month_url(year: int, month: int) -> str:
    """Site path of a month's page."""
    return f"years/{year}-{month:02d}.html"


MONTH_URL_PATTERN = "years/{year}-{month}.html"


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month as a list shows them: all, or the first few and a count."""

    year: int
    month: int
    events: tuple[Event, ...]
    total: int

    @property
    def label(self) -> str:
        return f"{date(self.year, self.month, 1):%B %Y}"

    @property
    def url(self) -> str:
        return month_url(self.year, self.month)


def group_by_month(runs: Iterable[DateRun], per_month: int | None) -> list[tuple[int, list[MonthGroup]]]:
    """Events (in runs that share their dates) by year, then month (of their first day), each
    month cut to `per_month` if given."""
    months: dict[tuple[int, int], list[Event]] = {}
    for run in runs:
        start = run.events[0].date.start
        months.setdefault((start.year, start.month), []).extend(run.events)
    years: dict[int, list[MonthGroup]] = {}
    for (year, month), listed in sorted(months.items()):
        shown = listed if per_month is None else listed[:per_month]
        years.setdefault(year, []).append(MonthGroup(year, month, tuple(shown), len(listed)))
    return sorted(years.items())


def event_names(event: Event) -> list[tuple[str, str]]:
    """The (name, kind) pairs of an event's quotes, in order, without repeats."""
    seen: dict[str, str] = {}
    for quote in event.quotes:
        for name in names_in(quote.text):
            seen.setdefault(name.text, name.kind)
    return list(seen.items())


def _run_names(run: tuple[Event, ...]) -> tuple[list[tuple[str, str]], ...]:
    return tuple(event_names(event) for event in run)


class EventNames:
    """`event_names` of every event of `runs` (keyed runs of events that share their dates),
    found once per run and kept in `memo` by the run's key for the next build."""

    def __init__(self, runs: Sequence[DateRun], memo: Memo | None = None) -> None:
        self._memo = memo or Memo(None, "names", "")
        self._runs = runs
        self._by_run = {run.key: self._memo.get(run.key, partial(_run_names, run.events)) for run in runs}
        self._by_date: dict[tuple[Any, ...], list[DateRun]] | None = None

    def __call__(self, event: Event) -> list[tuple[str, str]]:
        if self._by_date is None:  # runs by their dates, to find an event's run among them
            self._by_date = {}
            for run in self._runs:
                self._by_date.setdefault(dates_of(run.events[0]), []).append(run)
        for run in self._by_date[dates_of(event)]:
            for listed, names in zip(run.events, self._by_run[run.key]):
                if listed.fingerprint == event.fingerprint:
                    return names
        raise KeyError(event.id)

    def of_runs(self, keys: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
        """The names of each event of the runs with these keys, in order."""
        return chain.from_iterable(map(self._by_run.__getitem__, keys))

    def save(self) -> None:
        """Save the memo (see `Memo.save`)."""
        self._memo.save()


def filter_vocabulary(runs: Sequence[DateRun], titles: dict[str, str], names: EventNames) -> dict[str, Any]:
    """What the filters of a list of runs (see `Timeline.date_runs`) offer: its sources, years,
    precisions and commonest names."""
    counted = Counter(chain.from_iterable(names.of_runs(run.key for run in runs)))
    counts = Counter(chain.from_iterable(chain.from_iterable(run.source_ids for run in runs)))
    busiest = sorted(counts, key=lambda s: (-counts[s], s))[:FILTER_SOURCES]
    sources = sorted(busiest, key=lambda s: titles[s].lower())
    return {
        "sources": [[s, titles[s]] for s in sources],
        "years": sorted({run.events[0].date.start.year for run in runs}),
        "precisions": sorted({run.events[0].date.precision.value for run in runs}),
        "names": [[name, kind, count] for (name, kind), count in
                  sorted(counted.items(), key=lambda item: (-item[1], item[0][0]))[:FILTER_NAMES]],
    }


def _list_context(runs: Sequence[DateRun], titles: dict[str, str], date_range: DateRange,
                  charts: bool, names: EventNames, may_summarise: bool = True) -> dict[str, Any]:
    events = tuple(chain.from_iterable(run.events for run in runs))
    summarised = may_summarise and len(events) > FULL_LIST_LIMIT
    context: dict[str, Any] = {
        "events": events,
        "groups": group_by_month(runs, EVENTS_PER_MONTH_IN_SUMMARY if summarised else None),
        "summarised": summarised,
        "filters": filter_vocabulary(runs, titles, names),
        "names_of": lambda event: [name for name, _ in names(event)],
        "figures": {"timeline": timeline_figure(runs, titles, date_range, MONTH_URL_PATTERN)},
    }
    if charts:
        context["figures"]["rhythm"] = rhythm_figure(runs, titles, date_range, MONTH_URL_PATTERN)
    return context


def site_pages(timeline: Timeline, about: Sequence[AboutPage] = (), memos: Path | None = None) -> list[Page]:
    """Every HTML page of the site, in a fixed order, each with the inputs it is made from. The
    names each event mentions (for the filters) are found here, once, and kept in a memo in
    `memos` when given."""
    titles = timeline.titles
    names = EventNames(timeline.date_runs, Memo(memos, "names", code_fingerprint(NAMES_FILES)))
    names.save()
    events_by_source: dict[str, list[Event]] = {}
    listed_by_source: dict[str, list[tuple[Any, ...]]] = {}
    title_of = titles.__getitem__
    # What a source page shows of one of its events (_event_item.html, _highlights): the event
    # (its fingerprint names every field, the spans it highlights included) and the titles of its
    # first sources (the sources of its listed quotes are among them).
    for run in timeline.date_runs:
        for event, source_ids in zip(run.events, run.source_ids):
            listed = event.fingerprint, tuple(map(title_of, source_ids[:LISTED_QUOTES]))
            for source_id in source_ids:
                events_by_source.setdefault(source_id, []).append(event)
                listed_by_source.setdefault(source_id, []).append(listed)
    listing = tuple((s.id, s.title, s.published) for s in timeline.sources)

    def home() -> dict[str, Any]:
        context = _list_context(timeline.date_runs, titles, timeline.range, charts=True, names=names)
        context["figures"]["coverage"] = coverage_figure(timeline.sources, timeline.date_runs, timeline.range)
        context["undated_sources"] = [s for s in timeline.sources if s.published is None]
        context["source_count"] = len(timeline.sources)
        return context

    pages = [Page("index.html", "index.html", (timeline.range, tuple(run.key for run in timeline.date_runs), listing),
                  home)]
    pages += _period_pages(timeline, titles, names)
    pages.append(Page("sources/index.html", "sources.html",
                      (listing, tuple(len(events_by_source.get(s.id, ())) for s in timeline.sources)),
                      lambda: {"sources": timeline.sources,
                               "event_counts": {s.id: len(events_by_source.get(s.id, [])) for s in timeline.sources}}))
    for source in timeline.sources:
        pages.append(Page(source_url(source.id), "source.html",
                          (source.fingerprint, tuple(listed_by_source.get(source.id, ()))),
                          partial(_source_context, source, tuple(events_by_source.get(source.id, ())))))
    pages += _event_pages(timeline)
    for page in about:
        pages.append(Page(page.path, "page.html", (page,), partial(dict, page=page)))
    pages.append(Page("404.html", "404.html", (), dict))
    return pages


def _period_pages(timeline: Timeline, titles: dict[str, str], names: EventNames) -> list[Page]:
    """One page per year and per month that has events, each naming its events by their runs'
    keys (`Timeline.date_runs`)."""
    by_year: dict[int, list[DateRun]] = {}
    by_month: dict[tuple[int, int], list[DateRun]] = {}
    for run in timeline.date_runs:
        start = run.events[0].date.start
        by_year.setdefault(start.year, []).append(run)
        by_month.setdefault((start.year, start.month), []).append(run)
    years = sorted(by_year)
    pages = []
    for year in years:
        span = DateRange(max(date(year, 1, 1), timeline.range.start), min(date(year, 12, 31), timeline.range.end))
        runs = by_year[year]
        pages.append(Page(year_url(year), "period.html", (year, span, tuple(run.key for run in runs), years),
                          partial(_period_context, f"{year}", runs, titles, span, years, year, True, names)))
    for (year, month), runs in sorted(by_month.items()):
        first = date(year, month, 1)
        span = DateRange(first, date(year, month, calendar.monthrange(year, month)[1]))
        pages.append(Page(month_url(year, month), "period.html", (year, month, span, tuple(run.key for run in runs), years),
                          partial(_period_context, f"{first:%B %Y}", runs, titles, span, years, year, False, names)))
    return pages


def _joined_runs(runs: list[DateRun]) -> tuple[tuple[str, ...], tuple[Event, ...]]:
    """The keys of `runs` and their events, in order."""
    return tuple(run.key for run in runs), tuple(chain.from_iterable(run.events for run in runs))


def _event_pages(timeline: Timeline) -> list[Page]:
    """One page per date (a day, or a period's first and last day) with every event dated so, in
    full; each event's address is its entry there (it moves if an editor redates the event, its
    id stays). Pages link to the dates before and after theirs."""
    by_date: dict[tuple[date, date], list[DateRun]] = {}
    for run in timeline.date_runs:
        by_date.setdefault((run.events[0].date.start, run.events[0].date.end), []).append(run)
    dated = [_joined_runs(runs) for _, runs in sorted(by_date.items())]
    pages = []
    for index, (keys, listed) in enumerate(dated):
        before = dated[index - 1][1][0].date if index else None
        after = dated[index + 1][1][0].date if index + 1 < len(dated) else None
        pages.append(Page(event_page_url(listed[0].date), "events.html",
                          (keys, _neighbour(before), _neighbour(after)),
                          partial(_event_page_context, listed, before, after)))
    return pages


def _neighbour(value: TimeValue | None) -> tuple[str, str] | None:
    """The address and label of a neighbouring date's page, as page inputs."""
    return None if value is None else (event_page_url(value), date_label(value))


def _event_page_context(events: tuple[Event, ...], before: TimeValue | None,
                        after: TimeValue | None) -> dict[str, Any]:
    first = events[0].date
    return {"events": events, "label": date_label(first), "value": first,
            "month": month_url(first.start.year, first.start.month),
            "before": _neighbour(before), "after": _neighbour(after)}


def _period_context(label: str, runs: Sequence[DateRun], titles: dict[str, str],
                    span: DateRange, years: list[int], year: int, may_summarise: bool,
                    names: EventNames) -> dict[str, Any]:
    context = _list_context(runs, titles, span, charts=False, names=names, may_summarise=may_summarise)
    context.update({"label": label, "years": years, "year": year})
    return context


def _source_context(source: Source, events: tuple[Event, ...]) -> dict[str, Any]:
    path = source_url(source.id)
    return {"source": source, "events": events,
            "body_html": Markup(source_body_html(source, _highlights(source, events, path)))}


def _highlights(source: Source, events: tuple[Event, ...], page: str) -> list[Highlight]:
    by_span: dict[tuple[int, int, str], list[Event]] = {}
    for event in events:
        for quote in event.quotes_by_source[source.id]:
            by_span.setdefault((quote.start, quote.end, quote.anchor), []).append(event)
    highlights = []
    for (start, end, anchor), span_events in sorted(by_span.items()):
        links = "".join(
            f' <a class="to-event" href="{Markup.escape(relative_url(event_url(e), page))}"'
            f' title="{Markup.escape(e.title)}">{Markup.escape(date_label(e.date))}'
            f'<span class="visually-hidden">: {Markup.escape(e.title)}</span></a>'
            for e in span_events)
        highlights.append(Highlight(start, end, anchor, f'<span class="quote-events">{links}</span>'))
    return highlights

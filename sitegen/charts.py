"""Plotly figures as pure functions of the timeline: no I/O, no randomness, sorted input.

Figures are plain Plotly JSON dicts (what `plotly.graph_objects.Figure(...).to_plotly_json()`
gives), built directly so that charts of tens of thousands of events stay fast to build; tests
validate them with plotly's own Figure class. Every point carries the site-relative URL it opens.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, timedelta
from itertools import chain, repeat
from typing import Any, Iterable, Sequence

from .model import DateRange, DateRun, Event, Precision, Source, event_url, source_url

LANE_TITLE_LIMIT = 36
HOVER_TITLE_LIMIT = 90
# Up to this many events the timeline shows each one; above it, weekly counts (detail pages
# show the events of one month).
DETAIL_LIMIT = 3000
# Above this many points a trace is drawn with WebGL.
WEBGL_LIMIT = 1000
# Sources with their own lane (or colour, in the rhythm chart); the rest share "Other sources".
MAX_SOURCE_LANES = 10
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#aec7e8")
PRECISION_LANES = {Precision.DAY: "Day", Precision.WEEK: "Week", Precision.MONTH: "Month",
                   Precision.SEASON: "Season", Precision.QUARTER: "Quarter", Precision.HALF: "Half-year",
                   Precision.YEAR: "Year", Precision.DECADE: "Decade", Precision.CENTURY: "Century"}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _base_layout(height: int, date_range: DateRange | None = None) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 56, "b": 8},
        "hovermode": "closest",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"type": "date", "gridcolor": "rgba(128,128,128,0.25)", "automargin": True},
        "yaxis": {"automargin": True, "gridcolor": "rgba(128,128,128,0.15)"},
    }
    if date_range is not None:
        layout["xaxis"]["range"] = [date_range.start.isoformat(), (date_range.end + timedelta(days=1)).isoformat()]
    return layout


def _lanes(events: Sequence[Event], titles: dict[str, str]) -> tuple[dict[str, str], str]:
    """Lane of each event: its first source when there are few sources, else its precision."""
    sources = Counter(event.quotes[0].source_id for event in events)
    if len(sources) <= MAX_SOURCE_LANES:
        return {e.id: _short(titles[e.quotes[0].source_id], LANE_TITLE_LIMIT) for e in events}, "source"
    return {e.id: PRECISION_LANES[e.date.precision] for e in events}, "precision"


def _hover(event: Event) -> str:
    count = len(event.source_ids)
    written = f" (“{html.escape(event.date.text)}”)" if event.date.text else ""
    return (f"<b>{html.escape(_short(event.title, HOVER_TITLE_LIMIT))}</b><br>"
            f"{event.date.start.isoformat()}{'' if event.date.start == event.date.end else ' to ' + event.date.end.isoformat()}"
            f"{written}<br>{count} source{'' if count == 1 else 's'}")


def timeline_figure(runs: Sequence[DateRun], titles: dict[str, str], date_range: DateRange,
                    detail_url: str | None = None) -> dict[str, Any]:
    """The timeline of events given in runs that share their dates (`model.date_runs`): each
    event at its date (days as points, longer periods as bars over their whole span), or, above
    DETAIL_LIMIT events, the number of events per week.

    `detail_url`, with "{year}" and "{month}" in it, is where a click on a week leads in the
    aggregated form.
    """
    if sum(len(run.events) for run in runs) > DETAIL_LIMIT:
        return _weekly_figure(runs, date_range, detail_url)
    events = list(chain.from_iterable(run.events for run in runs))
    lanes, lane_kind = _lanes(events, titles)
    days = [e for e in events if e.date.precision is Precision.DAY]
    spans = [e for e in events if e.date.precision is not Precision.DAY]
    marker_type = "scattergl" if len(days) > WEBGL_LIMIT else "scatter"
    data = [
        {"type": marker_type, "name": "Dated to the day", "mode": "markers",
         "x": [e.date.start.isoformat() for e in days], "y": [lanes[e.id] for e in days],
         "customdata": [event_url(e) for e in days], "hovertext": [_hover(e) for e in days],
         "hoverinfo": "text", "marker": {"size": 10, "color": COLOURS[0], "line": {"width": 1, "color": "#ffffff"}}},
        {"type": "bar", "name": "Month, season or year (whole period)", "orientation": "h",
         "base": [e.date.start.isoformat() for e in spans],
         "x": [_milliseconds(e.date.start, e.date.end) for e in spans], "y": [lanes[e.id] for e in spans],
         "customdata": [event_url(e) for e in spans], "hovertext": [_hover(e) for e in spans],
         "hoverinfo": "text", "marker": {"color": COLOURS[4], "opacity": 0.5}},
    ]
    lane_count = len(set(lanes.values())) or 1
    layout = _base_layout(max(300, 110 + 44 * lane_count), date_range)
    layout["xaxis"]["rangeslider"] = {"visible": True, "thickness": 0.08}
    layout["yaxis"].update({"categoryorder": "category ascending", "fixedrange": True,
                            "title": {"text": "Source" if lane_kind == "source" else "Date precision"}})
    layout["updatemenus"] = [_year_buttons(date_range)]
    return {"data": data, "layout": layout}


def _weekly_figure(runs: Sequence[DateRun], date_range: DateRange, detail_url: str | None) -> dict[str, Any]:
    weeks: Counter[date] = Counter()
    for run in runs:
        first = run.events[0].date.start
        weeks[first - timedelta(days=first.weekday())] += len(run.events)
    starts = sorted(weeks)
    data = [{"type": "bar", "name": "Events per week", "x": [w.isoformat() for w in starts],
             "y": [weeks[w] for w in starts],
             "customdata": [detail_url.format(year=w.year, month=f"{w.month:02d}") if detail_url else ""
                            for w in starts],
             "hovertext": [f"Week of {w.isoformat()}: {weeks[w]} events" for w in starts], "hoverinfo": "text",
             "marker": {"color": COLOURS[0]}}]
    layout = _base_layout(360, date_range)
    layout["xaxis"]["rangeslider"] = {"visible": True, "thickness": 0.08}
    layout["yaxis"]["title"] = {"text": "Events per week (by first day of their period)"}
    layout["updatemenus"] = [_year_buttons(date_range)]
    return {"data": data, "layout": layout}


def _milliseconds(first: date, last: date) -> int:
    return int(((last + timedelta(days=1)) - first).total_seconds() * 1000)


def _year_buttons(date_range: DateRange) -> dict[str, Any]:
    buttons = [{"label": "All", "method": "relayout",
                "args": [{"xaxis.range": [date_range.start.isoformat(),
                                          (date_range.end + timedelta(days=1)).isoformat()]}]}]
    for year in range(date_range.start.year, date_range.end.year + 1):
        buttons.append({"label": str(year), "method": "relayout",
                        "args": [{"xaxis.range": [f"{year}-01-01", f"{year + 1}-01-01"]}]})
    return {"type": "buttons", "direction": "right", "showactive": True, "x": 0, "y": 1.02,
            "xanchor": "left", "yanchor": "bottom", "pad": {"r": 4, "t": 0}, "buttons": buttons}


def rhythm_figure(runs: Sequence[DateRun], titles: dict[str, str], date_range: DateRange,
                  month_url: str | None = None) -> dict[str, Any]:
    """Events (given in runs that share their dates) per month, stacked by source (the
    MAX_SOURCE_LANES busiest; the rest together). An event reported by several sources counts
    once, for its first source."""
    firsts = [source_ids[0] for run in runs for source_ids in run.source_ids]
    busiest = [s for s, _ in sorted(Counter(firsts).items(), key=lambda item: (-item[1], item[0]))[:MAX_SOURCE_LANES]]
    months = _months(date_range)
    counts: dict[str, Counter[date]] = {}
    chosen = set(busiest)
    event_months = chain.from_iterable(repeat(run.events[0].date.start.replace(day=1), len(run.events))
                                       for run in runs)
    for (source, month), count in Counter(zip(firsts, event_months)).items():
        counts.setdefault(source if source in chosen else "", Counter())[month] += count
    data = []
    for index, group in enumerate(busiest + ([""] if "" in counts else [])):
        label = _short(titles[group], LANE_TITLE_LIMIT) if group else "Other sources"
        data.append({"type": "bar", "name": label, "x": [m.isoformat() for m in months],
                     "y": [counts[group][m] for m in months],
                     "customdata": [month_url.format(year=m.year, month=f"{m.month:02d}") if month_url else ""
                                    for m in months],
                     "hovertemplate": f"{html.escape(label)}<br>%{{x|%B %Y}}: %{{y}} events<extra></extra>",
                     "marker": {"color": COLOURS[index % len(COLOURS)]}})
    layout = _base_layout(340, date_range)
    layout["barmode"] = "stack"
    layout["hovermode"] = "x"
    layout["yaxis"]["title"] = {"text": "Events per month"}
    return {"data": data, "layout": layout}


def _monthly_coverage(plotted: Sequence[Source], spans: dict[str, list[date]],
                      date_range: DateRange) -> dict[str, Any]:
    months: dict[date, list[Source]] = {}
    for source in plotted:
        assert source.published is not None
        months.setdefault(source.published.replace(day=1), []).append(source)
    keys = sorted(months)
    low = [min(spans[s.id][0] for s in months[m]) for m in keys]
    high = [max(spans[s.id][1] for s in months[m]) for m in keys]
    data = [{"type": "bar", "name": "Documents published that month", "x": [m.isoformat() for m in keys],
             "base": [lo.isoformat() for lo in low],
             "y": [((hi - lo).days + 1) * 86_400_000 for lo, hi in zip(low, high)],
             "hovertext": [f"{len(months[m])} documents published in {m:%B %Y} report events from "
                           f"{lo.isoformat()} to {hi.isoformat()}" for m, lo, hi in zip(keys, low, high)],
             "hoverinfo": "text", "marker": {"color": COLOURS[3], "opacity": 0.6}}]
    layout = _base_layout(380, date_range)
    layout["xaxis"]["title"] = {"text": "Publication month"}
    layout["yaxis"].update({"type": "date", "title": {"text": "Dates of the events they report"},
                            "range": [date_range.start.isoformat(), (date_range.end + timedelta(days=1)).isoformat()]})
    return {"data": data, "layout": layout}


def _months(date_range: DateRange) -> list[date]:
    months = []
    current = date_range.start.replace(day=1)
    while current <= date_range.end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


# Above this many dated documents, coverage shows one bar per publication month.
COVERAGE_DETAIL_LIMIT = 1000


def coverage_figure(sources: Sequence[Source], runs: Iterable[DateRun], date_range: DateRange) -> dict[str, Any]:
    """For each dated document: its publication date (x) and the span of event dates it reports
    (a vertical bar from its earliest to its latest event; the events come in runs that share
    their dates). Documents on the diagonal report their own days; bars far below it look back in
    time. Above COVERAGE_DETAIL_LIMIT documents, the documents of each publication month share
    one bar."""
    spans: dict[str, list[date]] = {}  # each source's [earliest day, latest day]
    for run in runs:
        value = run.events[0].date
        for source_id in set(chain.from_iterable(run.source_ids)):
            span = spans.get(source_id)
            if span is None:
                spans[source_id] = [value.start, value.end]
            else:
                span[0] = min(span[0], value.start)
                span[1] = max(span[1], value.end)
    plotted = [s for s in sources if s.published and s.id in spans]
    if len(plotted) > COVERAGE_DETAIL_LIMIT:
        return _monthly_coverage(plotted, spans, date_range)
    low = [spans[s.id][0] for s in plotted]
    high = [spans[s.id][1] for s in plotted]
    trace_type = "scattergl" if len(plotted) > WEBGL_LIMIT else "scatter"
    data = [
        {"type": trace_type, "mode": "markers", "name": "Document",
         "x": [s.published.isoformat() for s in plotted if s.published],
         "y": [(lo + (hi - lo) / 2).isoformat() for lo, hi in zip(low, high)],
         "error_y": {"type": "data", "symmetric": False, "thickness": 3, "width": 0,
                     "array": [(hi - (lo + (hi - lo) / 2)).days * 86_400_000 for lo, hi in zip(low, high)],
                     "arrayminus": [((lo + (hi - lo) / 2) - lo).days * 86_400_000 for lo, hi in zip(low, high)]},
         "customdata": [source_url(s.id) for s in plotted],
         "hovertext": [f"<b>{html.escape(_short(s.title, HOVER_TITLE_LIMIT))}</b><br>published "
                       f"{s.published.isoformat() if s.published else ''}<br>reports {lo.isoformat()} to {hi.isoformat()}"
                       for s, lo, hi in zip(plotted, low, high)],
         "hoverinfo": "text", "marker": {"size": 9, "color": COLOURS[3]}},
        {"type": "scatter", "mode": "lines", "name": "Reported on the day of publication",
         "x": [date_range.start.isoformat(), date_range.end.isoformat()],
         "y": [date_range.start.isoformat(), date_range.end.isoformat()],
         "hoverinfo": "skip", "line": {"dash": "dot", "width": 1, "color": "#888888"}},
    ]
    layout = _base_layout(380, date_range)
    layout["xaxis"]["title"] = {"text": "Publication date"}
    layout["yaxis"].update({"type": "date", "title": {"text": "Dates of the events it reports"},
                            "range": [date_range.start.isoformat(), (date_range.end + timedelta(days=1)).isoformat()]})
    return {"data": data, "layout": layout}

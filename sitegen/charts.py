"""Plotly figures as pure functions of the timeline: no I/O, no randomness, sorted input."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from .model import Event, Precision, Timeline, event_url

LANE_TITLE_LIMIT = 40
YEAR_BUTTON_STYLE = {"x": 0, "y": 1.18, "xanchor": "left", "yanchor": "top", "type": "buttons",
                     "direction": "right", "showactive": True, "pad": {"r": 4, "t": 0}}


def _lane(timeline: Timeline, event: Event) -> str:
    title = timeline.source(event.quotes[0].source_id).title
    return title if len(title) <= LANE_TITLE_LIMIT else title[: LANE_TITLE_LIMIT - 1].rstrip() + "…"


def _hover(event: Event) -> str:
    count = len(event.source_ids)
    sources = f"{count} source" + ("" if count == 1 else "s")
    return f"{html.escape(event.title)}<br>{html.escape(event.date.text)} · {sources}"


def timeline_figure(timeline: Timeline) -> dict[str, Any]:
    """The timeline chart: day events as points, longer periods as bars over their whole span.

    Each point carries its event's site-relative URL in `customdata`, so a click can open it.
    """
    days = [e for e in timeline.events if e.date.precision is Precision.DAY]
    spans = [e for e in timeline.events if e.date.precision is not Precision.DAY]
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        name="Dated to the day",
        x=[e.date.start.isoformat() for e in days],
        y=[_lane(timeline, e) for e in days],
        mode="markers",
        marker={"size": 11, "symbol": "circle", "line": {"width": 1, "color": "#ffffff"}},
        customdata=[event_url(e.id) for e in days],
        hovertext=[_hover(e) for e in days],
        hoverinfo="text",
    ))
    figure.add_trace(go.Bar(
        name="Month, season or year",
        base=[e.date.start.isoformat() for e in spans],
        x=[_milliseconds(e.date.start, e.date.end) for e in spans],
        y=[_lane(timeline, e) for e in spans],
        orientation="h",
        opacity=0.55,
        customdata=[event_url(e.id) for e in spans],
        hovertext=[_hover(e) for e in spans],
        hoverinfo="text",
    ))
    start, end = timeline.range.start.isoformat(), timeline.range.end.isoformat()
    figure.update_layout(
        template="none",
        height=max(320, 120 + 48 * len({_lane(timeline, e) for e in timeline.events})),
        margin={"l": 8, "r": 8, "t": 48, "b": 8},
        showlegend=True,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.18, "yanchor": "top"},
        hovermode="closest",
        xaxis={"type": "date", "range": [start, end], "rangeslider": {"visible": True},
               "gridcolor": "rgba(128,128,128,0.25)"},
        yaxis={"automargin": True, "categoryorder": "category ascending"},
        updatemenus=[dict(YEAR_BUTTON_STYLE, buttons=_year_buttons(timeline))],
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return figure.to_plotly_json()


def _milliseconds(first: date, last: date) -> int:
    return int(((last + timedelta(days=1)) - first).total_seconds() * 1000)


def _year_buttons(timeline: Timeline) -> list[dict[str, Any]]:
    buttons = [{"label": "All", "method": "relayout",
                "args": [{"xaxis.range": [timeline.range.start.isoformat(),
                                          timeline.range.end.isoformat()]}]}]
    for year in range(timeline.range.start.year, timeline.range.end.year + 1):
        buttons.append({"label": str(year), "method": "relayout",
                        "args": [{"xaxis.range": [f"{year}-01-01", f"{year}-12-31"]}]})
    return buttons

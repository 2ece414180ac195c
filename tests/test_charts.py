"""Charts are valid Plotly figures, honest about precision, linked, and scale by aggregating."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from sitegen.charts import DETAIL_LIMIT, WEBGL_LIMIT, coverage_figure, rhythm_figure, timeline_figure
from sitegen.config import DEFAULT_RANGE
from sitegen.model import DateRun, Event, Precision, Quote, Source, TimeValue, date_runs


def _event(number: int, day: date, precision: Precision = Precision.DAY, end: date | None = None,
           source: str = "a") -> Event:
    quote = Quote(source, f"Sentence {number}.", number * 10, number * 10 + 12, 1, f"q-{number}")
    return Event(f"{day:%Y%m%d}-{number:08x}", f"<b>Title</b> {number}", TimeValue(day, end or day, precision, "as written"),
                 (quote,))


TITLES = {"a": "Source A", "b": "Source B"}


def _runs(events: list[Event]) -> tuple[DateRun, ...]:
    """The events sorted by date, in runs that share their dates (as the charts take them)."""
    titles = {source: source.upper() for event in events for source in event.source_ids}
    return date_runs(sorted(events, key=lambda e: (e.date.start, e.date.end, e.id)), titles)


def test_timeline_draws_days_as_points_and_periods_as_spans() -> None:
    events = [_event(1, date(2020, 9, 27)), _event(2, date(2022, 12, 1), Precision.MONTH, date(2022, 12, 31))]
    figure = timeline_figure(_runs(events), TITLES, DEFAULT_RANGE)
    go.Figure(figure)  # validates every property
    points, spans = figure["data"]
    assert points["x"] == ["2020-09-27"] and points["customdata"] == ["events/2020-09-27.html#20200927-00000001"]
    assert spans["base"] == ["2022-12-01"] and spans["x"] == [31 * 86_400_000]
    assert "&lt;b&gt;Title&lt;/b&gt;" in points["hovertext"][0] and "1 source" in points["hovertext"][0]
    labels = [button["label"] for button in figure["layout"]["updatemenus"][0]["buttons"]]
    assert labels == ["All", "2020", "2021", "2022", "2023"]
    assert figure["layout"]["xaxis"]["rangeslider"]["visible"] is True


def test_many_sources_share_lanes_by_precision_and_large_sets_use_webgl() -> None:
    titles = {f"s{n}": f"Source {n}" for n in range(30)}
    events = [_event(n, date(2021, 1, 1 + n % 28), source=f"s{n % 30}") for n in range(WEBGL_LIMIT + 5)]
    figure = timeline_figure(_runs(events), titles, DEFAULT_RANGE)
    go.Figure(figure)
    assert figure["data"][0]["type"] == "scattergl"
    assert set(figure["data"][0]["y"]) == {"Day"}


def test_above_the_detail_limit_the_timeline_counts_weeks() -> None:
    events = [_event(n, date(2021, 3, 1 + n % 28)) for n in range(DETAIL_LIMIT + 1)]
    figure = timeline_figure(_runs(events), TITLES, DEFAULT_RANGE, "years/{year}-{month}.html")
    go.Figure(figure)
    (bars,) = figure["data"]
    assert sum(bars["y"]) == DETAIL_LIMIT + 1
    assert bars["customdata"][0] == "years/2021-03.html"


def test_rhythm_stacks_months_by_source() -> None:
    events = [_event(1, date(2020, 9, 27)), _event(2, date(2020, 9, 28), source="b"), _event(3, date(2020, 10, 1))]
    figure = rhythm_figure(_runs(events), TITLES, DEFAULT_RANGE, "years/{year}-{month}.html")
    go.Figure(figure)
    assert figure["layout"]["barmode"] == "stack"
    by_name = {trace["name"]: trace for trace in figure["data"]}
    september = by_name["Source A"]["x"].index("2020-09-01")
    assert by_name["Source A"]["y"][september] == 1 and by_name["Source B"]["y"][september] == 1
    assert len(by_name["Source A"]["x"]) == 48


def test_coverage_spans_each_dated_document() -> None:
    sources = [Source("a", "a.txt", "Source A", "", 0, "text", published=date(2020, 10, 7)),
               Source("b", "b.txt", "Source B", "", 0, "text")]
    events = [_event(1, date(2020, 9, 27)), _event(2, date(2020, 10, 5))]
    figure = coverage_figure(sources, _runs(events), DEFAULT_RANGE)
    go.Figure(figure)
    documents = figure["data"][0]
    assert documents["x"] == ["2020-10-07"] and documents["customdata"] == ["sources/a.html"]
    assert documents["error_y"]["array"][0] + documents["error_y"]["arrayminus"][0] == 8 * 86_400_000


def test_coverage_of_many_documents_is_monthly() -> None:
    from sitegen.charts import COVERAGE_DETAIL_LIMIT

    count = COVERAGE_DETAIL_LIMIT + 1
    sources = [Source(f"s{n}", f"s{n}.txt", f"Source {n}", "", 0, "text", published=date(2021, 1 + n % 12, 5))
               for n in range(count)]
    events = [_event(n, date(2021, 1 + n % 12, 1), source=f"s{n}") for n in range(count)]
    figure = coverage_figure(sources, _runs(events), DEFAULT_RANGE)
    go.Figure(figure)
    (bars,) = figure["data"]
    assert len(bars["x"]) == 12 and bars["x"][0] == "2021-01-01"

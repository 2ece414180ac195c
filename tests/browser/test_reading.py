"""The reading experience in a real browser (Debian's Chromium), from file:// and over HTTP under
a sub-path: charts, links between events and quotes, filters, keyboard, no JavaScript, hostile
text, and no requests to any other host."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser import Watch, save_screenshot


def _open(browser: Any, url: str, width: int = 1280, javascript: bool = True) -> tuple[Any, Any, Watch]:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    page.goto(url)
    return context, page, watch


def _data(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / "output" / "data" / "timeline.json").read_text(encoding="utf-8"))


def test_charts_render_and_a_click_on_a_point_opens_its_event(browser: Any, site_url: str) -> None:
    context, page, watch = _open(browser, site_url + "index.html")
    page.wait_for_selector("#chart-timeline .main-svg")
    for name in ("timeline", "rhythm", "coverage"):
        assert page.locator(f"#chart-{name} .main-svg").count() >= 1, name
    point = page.locator("#chart-timeline .scatterlayer .point").first
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".hoverlayer .hovertext")
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "/events/" in page.url and ".html#" in page.url
    entry = page.locator("article.event-entry:target")
    assert entry.count() == 1 and entry.locator("blockquote").count() >= 1
    watch.assert_clean()
    context.close()


def test_a_quote_link_lands_on_the_highlighted_sentence_and_back(browser: Any, site_url: str, built_site: Path) -> None:
    event = next(e for e in _data(built_site)["events"] if e["quotes"][0]["source"].startswith("002"))
    context, page, watch = _open(browser, site_url + event["url"])
    with page.expect_navigation():
        page.locator(f'article[id="{event["id"]}"] ul.quotes a').first.click()
    page.wait_for_load_state("load")
    anchor = event["quotes"][0]["url"].split("#")[1]
    target = page.locator(f"mark#{anchor}")
    page.wait_for_function("id => document.getElementById(id).classList.contains('is-target')", arg=anchor)
    assert target.is_visible()
    in_view = page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
                                       return r.top >= 0 && r.bottom <= window.innerHeight; }""", anchor)
    assert in_view
    assert page.evaluate("id => document.activeElement && document.activeElement.id === id", anchor)
    back = page.locator(f"mark#{anchor} + .quote-events a").first
    with page.expect_navigation():
        back.click()
    assert page.url.endswith(event["url"])
    assert page.evaluate("() => document.querySelector('article.event-entry:target').id") == event["id"]
    watch.assert_clean()
    context.close()


def _visible_event_ids(page: Any) -> set[str]:
    return set(page.eval_on_selector_all("li.event:not([hidden])", "items => items.map(i => i.id.slice(2))"))


def test_each_filter_changes_the_list_as_expected(browser: Any, site_url: str, built_site: Path) -> None:
    events = _data(built_site)["events"]
    context, page, watch = _open(browser, site_url + "index.html")
    page.wait_for_selector(".filters form")
    assert _visible_event_ids(page) == {e["id"] for e in events}
    source = "004_5e686fb662056a71"
    page.select_option("#filter-source", source)
    assert _visible_event_ids(page) == {e["id"] for e in events if any(q["source"] == source for q in e["quotes"])}
    assert "match" in page.locator(".filter-status").inner_text()
    page.select_option("#filter-source", "")
    page.select_option("#filter-year", "2023")
    assert _visible_event_ids(page) == {e["id"] for e in events if e["date"]["start"].startswith("2023")}
    page.select_option("#filter-year", "")
    page.select_option("#filter-precision", "month")
    assert _visible_event_ids(page) == {e["id"] for e in events if e["date"]["precision"] == "month"}
    page.select_option("#filter-precision", "")
    page.select_option("#filter-name", "Stepanakert")
    shown = _visible_event_ids(page)
    assert shown and shown == {e["id"] for e in events if any("Stepanakert" in q["text"] for q in e["quotes"])}
    page.click("text=Show all")
    page.wait_for_function("() => document.querySelectorAll('li.event[hidden]').length === 0")
    watch.assert_clean()
    context.close()


def test_hostile_text_is_shown_as_text_and_never_runs(browser: Any, site_url: str, built_site: Path) -> None:
    for path in ("index.html", "sources/hostile.html",
                 next(e["url"] for e in _data(built_site)["events"] if e["quotes"][0]["source"] == "hostile")):
        context, page, watch = _open(browser, site_url + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert "<script>alert(1)</script>" in page.locator("main").inner_text()
        for element in page.locator("mark, .event-title, blockquote").all()[:50]:
            if element.is_visible():
                element.hover()
        watch.assert_clean()
        context.close()


def test_keyboard_alone_reaches_every_event(browser: Any, site_url: str, built_site: Path) -> None:
    events = _data(built_site)["events"]
    context, page, watch = _open(browser, site_url + "index.html")
    page.wait_for_selector("#chart-timeline .main-svg")
    reached: set[str] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('href')")
        if href and href.startswith("events/"):
            reached.add(href.partition("#")[2])
        if reached == {e["id"] for e in events}:
            break
    assert reached == {e["id"] for e in events}
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/events/" in page.url
    watch.assert_clean()
    context.close()


def test_without_javascript_lists_and_links_work(browser: Any, site_url: str, built_site: Path) -> None:
    context, page, _ = _open(browser, site_url + "index.html", javascript=False)
    assert page.locator("li.event").count() == len(_data(built_site)["events"])
    assert page.locator(".filters").is_hidden()
    with page.expect_navigation():
        page.locator("li.event a.event-title").first.click()
    assert "/events/" in page.url
    with page.expect_navigation():
        page.locator("ul.quotes a").first.click()
    assert "/sources/" in page.url and page.locator("mark.quote").count() > 0
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_home_event_and_source(browser: Any, served_site: str, built_site: Path, width: int) -> None:
    event = next(e for e in _data(built_site)["events"] if len(e["quotes"]) > 1)
    pages = {"home": "index.html", "event": event["url"], "source": event["quotes"][0]["url"]}
    for name, path in pages.items():
        context, page, watch = _open(browser, served_site + path, width=width)
        page.wait_for_load_state("load")
        page.wait_for_timeout(500 if name == "home" else 100)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} at {width}px is {overflow}px wider than the screen"
        assert save_screenshot(page, f"{name}-{width}").stat().st_size > 10_000
        watch.assert_clean()
        context.close()

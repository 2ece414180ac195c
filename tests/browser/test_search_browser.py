"""Search in a real browser (Debian's Chromium through Playwright), from file:// and under a
sub-path of a local web server, with nothing requested from any other host."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from sitegen.search import tokenize
from tests.browser.browser import Watch, http_server, require_browser
from tests.conftest import run_sitegen

WORD = "quixotravel"
HOSTILE = ("Zeta report\n\nOn 3 May 2021 the Quixotravel envoy wrote <script>alert(1)</script> "
           "near Żółtęxa's office.\n\nNothing else happened.\n")
TIMEOUT_MS = 5000


@pytest.fixture
def site(project: Callable[..., Path]) -> Path:
    """The seed documents plus one hostile document with a unique word, built; returns the project."""
    require_browser()
    root = project({"zeta.txt": HOSTILE}, seeds=True)
    result = run_sitegen(["build", "-q"], root)
    assert result.returncode == 0, result.stderr
    return root


@contextmanager
def _watched_page(browser: Any) -> Iterator[Any]:
    """A page whose console errors, dialogs and requests to other hosts fail the test."""
    context = browser.new_context()
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    try:
        yield page
    finally:
        context.close()
    watch.assert_clean()


def _expected(root: Path) -> set[str]:
    """The site paths of the event and source whose text holds WORD, from the timeline data."""
    data = json.loads((root / "output" / "data" / "timeline.json").read_text(encoding="utf-8"))
    events = {e["url"] for e in data["events"] if any(WORD in q["text"].lower() for q in e["quotes"])}
    assert len(events) == 1
    return events | {"sources/zeta.html"}


def _results(page: Any, query: str) -> list[dict[str, str]]:
    """The results shown once the status reports the search for `query`."""
    page.wait_for_function("q => document.getElementById('search-status').textContent.endsWith(' for “' + q + '”')",
                           arg=query, timeout=TIMEOUT_MS)
    return page.eval_on_selector_all(".search-result", """items => items.map(item => ({
        href: item.querySelector('a').getAttribute('href'), text: item.innerText,
        marks: Array.from(item.querySelectorAll('mark'), m => m.textContent)}))""")


def _search(page: Any, url: str, root: Path) -> None:
    page.goto(url)
    typed = WORD.upper()[:6] + WORD[6:]
    page.locator("#search-input").press_sequentially(typed, delay=10)
    results = _results(page, typed)
    assert {r["href"] for r in results} == _expected(root)
    assert page.inner_text("#search-status") == f"2 results for “{typed}”"
    assert all(r["marks"] and all(m.lower() == WORD for m in r["marks"]) for r in results)
    assert any("<script>alert(1)</script>" in r["text"] for r in results)
    assert page.locator("#search-results script, #search-results b").count() == 0
    page.keyboard.press("ArrowDown")
    first = results[0]["href"]
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{first}", timeout=TIMEOUT_MS)


def test_search_from_file_and_under_a_sub_path(site: Path, browser: Any) -> None:
    with http_server(site) as base, _watched_page(browser) as page:
        for url in ((site / "output" / "search.html").as_uri(), f"{base}output/search.html"):
            _search(page, url, site)
        page.goto(f"{base}output/search.html?q=zoltexa")
        assert {r["href"] for r in _results(page, "zoltexa")} == _expected(site)
        page.goto(f"{base}output/search.html?q=clash+karabakh")
        assert len(_results(page, "clash karabakh")) >= 3
        page.goto(f"{base}output/search.html?q=zzzznothing")
        assert _results(page, "zzzznothing") == [] and page.inner_text("#search-status") == "No results for “zzzznothing”"


def test_header_box_leads_to_the_search_page(site: Path, browser: Any) -> None:
    with _watched_page(browser) as page:
        page.goto((site / "output" / "sources" / "zeta.html").as_uri())
        page.fill("#site-search-input", f"Envoy {WORD}")
        page.keyboard.press("Enter")
        page.wait_for_url("**/output/search.html?q=*", timeout=TIMEOUT_MS)
        assert {r["href"] for r in _results(page, f"Envoy {WORD}")} == _expected(site)
        assert page.input_value("#search-input") == f"Envoy {WORD}"


def test_browser_tokenises_like_the_index(site: Path, browser: Any) -> None:
    samples = ["Çavuşoğlu's CLASHES", "Straße İSTANBUL Łódź Ærø ΟΔΟΣ", "1,500 people; COVID-19 in 2020s",
               "countries boxes churches status a 3 b", "ﬁne naïve café — 12,345,678 x"]
    with _watched_page(browser) as page:
        page.goto((site / "output" / "search.html").as_uri())
        assert page.evaluate("s => s.map(window.sitegenSearchText.tokenize)", samples) == [tokenize(s) for s in samples]

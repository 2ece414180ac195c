"""The pages a reader navigates: home, years, months, sources, events, about pages, 404."""

from __future__ import annotations

import json
import re

from sitegen.pages import FULL_LIST_LIMIT
from tests.conftest import run_sitegen
from tests.e2e.sitecheck import broken_links


def test_year_and_month_pages_and_about_pages(project) -> None:
    root = project({"pages/about.md": "---\ntitle: About this site\n---\n# About\n\nWe collect <b>statements</b>.\n"},
                   seeds=True)
    assert run_sitegen(["build", "-q"], root).returncode == 0
    site = root / "output"
    data = json.loads((site / "data" / "timeline.json").read_text(encoding="utf-8"))
    years = sorted({e["date"]["start"][:4] for e in data["events"]})
    for year in years:
        page = (site / "years" / f"{year}.html").read_text(encoding="utf-8")
        assert all(f'id="e-{e["id"]}"' in page for e in data["events"] if e["date"]["start"].startswith(year))
    october = (site / "years" / "2020-10.html").read_text(encoding="utf-8")
    assert october.count('class="event ') == sum(1 for e in data["events"] if e["date"]["start"].startswith("2020-10"))
    about = (site / "pages" / "about.html").read_text(encoding="utf-8")
    assert "About this site" in about and "&lt;b&gt;statements&lt;/b&gt;" in about
    assert 'href="pages/about.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "sources" / "pages").exists()
    assert (site / "404.html").is_file()
    assert broken_links(site) == []


def test_home_lists_everything_small_and_summarises_large(project) -> None:
    def word(number: int) -> str:
        return "".join(chr(97 + int(digit)) for digit in f"{number:05d}")

    files = {f"doc{n:03d}.txt": f"Report {n} on the talks\n\n1 April 2021\n\n" + "".join(
        f"On {day} March 2021 {word(n * 100 + day).title()} met {word(n * 100 + day + 50000)}.\n\n"
        for day in range(1, 29)) for n in range(FULL_LIST_LIMIT // 28 + 2)}
    root = project(files)
    assert run_sitegen(["build", "-q"], root).returncode == 0
    site = root / "output"
    home = (site / "index.html").read_text(encoding="utf-8")
    month = (site / "years" / "2021-03.html").read_text(encoding="utf-8")
    events = json.loads((site / "data" / "timeline.json").read_text(encoding="utf-8"))["events"]
    assert len(events) > FULL_LIST_LIMIT
    assert home.count('class="event ') < len(events) and "All " in home
    assert re.search(r'href="years/2021-03.html">All \d+ events of March 2021', home)
    assert month.count('class="event ') == len(events)


def test_events_live_on_the_page_of_their_date_with_every_quote(project) -> None:
    root = project({
        "a.txt": "Report A\n\nOn 3 May 2021 talks resumed in Geneva.\n\nIn June 2021 a ceasefire was agreed.\n",
        "b.txt": "Report B\n\nOn 3 May 2021 shelling hit Stepanakert.\n\nOn 4 May 2021 the mayor spoke.\n",
    })
    assert run_sitegen(["build", "-q"], root).returncode == 0
    site = root / "output"
    events = json.loads((site / "data" / "timeline.json").read_text(encoding="utf-8"))["events"]
    pages = {e["url"].split("#")[0] for e in events}
    assert pages == {"events/2021-05-03.html", "events/2021-05-04.html", "events/2021-06-01--2021-06-30.html"}
    assert sorted(p.name for p in (site / "events").iterdir()) == sorted(p.split("/")[1] for p in pages)
    may3 = (site / "events" / "2021-05-03.html").read_text(encoding="utf-8")
    on_may3 = [e for e in events if e["url"].startswith("events/2021-05-03.html#")]
    assert len(on_may3) == 2
    for event in on_may3:
        assert f'<article class="event-entry" id="{event["id"]}"' in may3
        assert all(quote["text"] in may3 for quote in event["quotes"])
    assert 'rel="next"' in may3 and 'href="2021-05-04.html"' in may3 and 'rel="prev"' not in may3
    assert 'href="../years/2021-05.html"' in may3
    june = (site / "events" / "2021-06-01--2021-06-30.html").read_text(encoding="utf-8")
    assert "<h1><time datetime=\"2021-06\">June 2021</time></h1>" in june and 'rel="next"' not in june
    assert broken_links(site) == []

"""The search index: tokenising, folding, stemming, shards and blocks, keys and escaping."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from sitegen.model import DateRange, Event, Precision, Quote, Source, Timeline, TimeValue
from sitegen import search
from sitegen.memo import Memo
from sitegen.search import (
    build_postings,
    content_spans,
    fold,
    index_files,
    joined_postings,
    packed_postings,
    search_artifacts,
    search_documents,
    span_postings,
    stem,
    term_order,
    term_shards,
    tokenize,
)

QUOTE = "On 3 May 2021 the quixotravel envoy wrote <script>alert(1)</script> near Çavuşoğlu's office."
BODY = f"{QUOTE}\n\nFierce clashes went on near Shusha for 1,500 days.\n"


def _timeline(quote: str = QUOTE, body: str = BODY) -> Timeline:
    text = "Zeta report\n\n" + body
    source = Source("reports/zeta", "reports/zeta.txt", "Zeta <b>report</b>", text, len("Zeta report\n\n"), "txt",
                    published=date(2021, 5, 4))
    other = Source("other", "other.txt", "Other news", "Other news\n\nNothing about envoys.\n", 12, "txt")
    start = text.index(quote)
    event = Event("20210503-abcdef12", "The envoy wrote near Çavuşoğlu's office",
                  TimeValue(date(2021, 5, 3), date(2021, 5, 3), Precision.DAY, "3 May 2021", "2021-05-03"),
                  (Quote(source.id, quote, start, start + len(quote), 3, "q-1"),))
    return Timeline(DateRange(date(2020, 1, 1), date(2023, 12, 31)), (other, source), (event,))


@pytest.mark.parametrize(("text", "folded"), [
    ("Çavuşoğlu", "cavusoglu"), ("Straße", "strasse"), ("İSTANBUL", "istanbul"), ("Łódź", "lodz"),
    ("Ærø", "aero"), ("ΟΔΟΣ", "οδοσ"), ("ﬁne", "fine"), ("Plain ASCII", "plain ascii"),
])
def test_fold_lowercases_and_removes_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("word", "stemmed"), [
    ("clashes", "clash"), ("clash", "clash"), ("countries", "country"), ("reports", "report"),
    ("boxes", "box"), ("churches", "church"), ("addresses", "address"), ("status", "status"),
    ("crisis", "crisis"), ("gas", "gas"), ("its", "its"), ("2020s", "2020s"), ("ties", "ties"),
])
def test_stem_removes_plural_endings_only(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_tokenize_keeps_numbers_and_folds_words() -> None:
    assert tokenize("On 27 September 2020, 1,500 people: COVID-19 and Çavuşoğlu's clashes (a 3 b)") == [
        "on", "27", "september", "2020", "1500", "people", "covid", "19", "and", "cavusoglu", "clash", "3"]


def test_word_only_in_a_quote_is_indexed_for_its_event_and_source() -> None:
    documents = search_documents(_timeline())
    postings = build_postings(documents)
    found = [documents[number] for number, _ in postings["quixotravel"]]
    assert [(d.kind, d.url) for d in found] == [("event", "events/2021-05-03.html#20210503-abcdef12"),
                                                 ("source", "sources/reports/zeta.html")]
    assert [documents[n].kind for n, _ in postings["cavusoglu"]] == ["event", "source"]
    assert [documents[n].url for n, _ in postings["clash"]] == ["sources/reports/zeta.html"]
    assert "1500" in postings and "2021" in postings


def test_title_hits_weigh_more() -> None:
    postings = build_postings(search_documents(_timeline()))
    weights = [weight for _, weight in postings["envoy"]]  # the event (a title hit), then both sources
    assert weights[0] > max(weights[1:])
    assert all(1 <= weight <= 9 for entries in postings.values() for _, weight in entries)


def test_shards_hold_consecutive_terms_under_the_budget() -> None:
    postings = {f"term{n:03d}": [(n, 1), (n + 1, 2)] for n in range(300)} | {"ßig": [(0, 1)], "𝔸": [(1, 1)]}
    shards = term_shards(packed_postings(postings), budget=400)
    assert len(shards) > 5
    firsts = [shard.first for shard in shards]
    assert firsts == sorted(firsts, key=term_order)
    for shard in shards:
        name, data = re.fullmatch(r'__sitegenSearch\("([^"]+)",(.*)\);\n', shard.data.decode()).groups()
        terms = json.loads(data)
        assert name == shard.name and shard.path == f"search/{name}.js"
        assert len(shard.data) < 500 or len(terms) == 1
        assert next(iter(terms)) == shard.first
    held = {term for shard in shards for term in json.loads(shard.data.decode().split(",", 1)[1][:-3])}
    assert held == set(postings)


def _many_events(count: int, inserted: bool = False) -> Timeline:
    """A timeline of `count` events a day apart (and one more on 2021-06-15 when `inserted`)."""
    base = _timeline()
    source = base.sources[1]
    numbered = [(date(2021, 1, 1) + timedelta(days=n), n) for n in range(count)]
    if inserted:
        numbered = sorted([*numbered, (date(2021, 6, 15), count)])
    events = tuple(Event(f"{day:%Y%m%d}-{n:08x}", f"Envoy visit number {n} to {'Shusha' if n % 3 else 'Baku'}",
                         TimeValue(day, day, Precision.DAY, day.isoformat(), day.isoformat()),
                         (Quote(source.id, source.body[14:60], 14, 60, 3, "q-1"),))
                   for day, n in numbered)
    return Timeline(base.range, base.sources, events)


def test_spans_around_an_insertion_are_the_only_ones_that_change() -> None:
    rng = random.Random(3)
    marks = [rng.randrange(1 << 32) for _ in range(5000)]
    periods = [8] * 4000 + [2] * 1000
    spans = content_spans(marks, periods)
    assert [number for span in spans for number in span] == list(range(5000))
    assert spans[0].start == 0 and any(span.stop == 4000 for span in spans)  # events and sources apart
    assert max(len(span) for span in spans) <= 32 and 400 < len(spans) < 1400
    at = 2500
    moved = content_spans(marks[:at] + [rng.randrange(1 << 32)] + marks[at:], [8] + periods)
    before = {(s.start, s.stop) for s in spans}
    after = {(s.start if s.start <= at else s.start - 1, s.stop if s.stop <= at else s.stop - 1) for s in moved}
    assert len(before - after) <= 2 and len(after - before) <= 2


def test_postings_joined_from_spans_are_the_postings_of_the_whole() -> None:
    documents = search_documents(_many_events(300)) * 2
    rng = random.Random(5)
    marks = [rng.randrange(1 << 32) for _ in documents]
    spans = content_spans(marks, [16] * len(documents))
    joined = joined_postings((span.start, span_postings(documents[span.start:span.stop])) for span in spans)
    assert joined == packed_postings(build_postings(documents))
    assert json.loads(joined["baku"])[:2] == [0 * 10 + 5, 3 * 10 + 5]  # documents 0 and 3, title hits


def test_blocks_hold_every_record_in_order(tmp_path: Path) -> None:
    timeline = _many_events(400)
    manifest, files = index_files(timeline)
    blocks = [file for file in files if file.name.startswith("docs-")]
    assert manifest["blocks"]["first"][0] == 0 and len(blocks) > 3
    records = [record for block in blocks for record in json.loads(block.data.decode().split(",", 1)[1][:-3])]
    assert records == [document.record() for document in search_documents(timeline)]
    assert manifest["blocks"]["first"] == [block.first for block in blocks] == sorted(block.first for block in blocks)


def test_an_added_event_makes_again_only_the_postings_and_blocks_around_it(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def index(timeline: Timeline, memo_folder: Path | None) -> tuple[dict[str, object], dict[str, bytes]]:
        memo = Memo(memo_folder, "search", "test")
        manifest, files = index_files(timeline, memo)
        memo.save()
        return manifest, {file.name: file.data for file in files}

    monkeypatch.setattr(search, "POSTINGS_SPAN_EVENTS", 16)
    first, first_files = index(_many_events(1000), tmp_path)
    tokenised = []
    weights = search.term_weights
    monkeypatch.setattr(search, "term_weights", lambda document: tokenised.append(document) or weights(document))
    added, added_files = index(_many_events(1000, inserted=True), tmp_path)
    assert 0 < len(tokenised) <= 2 * 4 * 16
    assert any("2021-06-15" in document.url for document in tokenised)
    monkeypatch.setattr(search, "term_weights", weights)
    assert (added, added_files) == index(_many_events(1000, inserted=True), None)  # as a clean build makes it
    new_blocks = [name for name in added["blocks"]["names"] if name not in first["blocks"]["names"]]
    assert 1 <= len(new_blocks) <= 2 < len(added["blocks"]["names"])


def test_document_text_stays_data() -> None:
    manifest, files = index_files(_timeline())
    text = b"".join(file.data for file in files).decode("utf-8")
    assert text.count("<script>alert(1)</script>") == 2  # the event's quote and the source's text, as JSON strings
    assert all(re.fullmatch(r'__sitegenSearch\("(terms|docs)-[0-9a-f]{16}",.*\);\n', f.data.decode(), re.S) for f in files)
    page = next(a for a in search_artifacts(_timeline(), _site()) if a.path == "search.html").produce().decode()
    assert "alert(1)" not in page and "<b>" not in page
    assert json.loads(re.search(r'<script type="application/json" id="search-manifest">(.*?)</script>',
                                page, re.S).group(1)) == manifest


def _site() -> dict[str, object]:
    return {"title": "Test", "description": "", "language": "en", "base_url": "", "range_start": "2020-01-01",
            "range_end": "2023-12-31", "pages": []}


def test_search_page_works_without_javascript_and_links_relatively() -> None:
    page = next(a for a in search_artifacts(_timeline(), _site()) if a.path == "search.html").produce().decode()
    assert re.search(r'<label for="search-input">', page) and 'type="search" id="search-input" name="q"' in page
    assert "Search needs JavaScript" in page and 'href="sources/index.html"' in page
    assert 'src="assets/search.js"' in page and 'data-index="search/"' in page
    assert 'aria-live="polite"' in page and 'class="site-search"' not in page


def test_artifacts_are_deterministic_and_keyed_by_their_bytes() -> None:
    first = {a.path: a for a in search_artifacts(_timeline(), _site())}
    again = {a.path: a for a in search_artifacts(_timeline(), _site())}
    assert {p: a.key for p, a in first.items()} == {p: a.key for p, a in again.items()}
    assert {p: a.produce() for p, a in first.items()} == {p: a.produce() for p, a in again.items()}
    changed = {a.path: a for a in search_artifacts(_timeline(body=BODY + "\nA new zebrafinch.\n"), _site())}
    for path in set(first) & set(changed):
        assert (first[path].key == changed[path].key) == (first[path].produce() == changed[path].produce()), path
    assert first["search.html"].key != changed["search.html"].key
    assert set(first) != set(changed)


def test_an_empty_site_has_an_empty_index() -> None:
    empty = Timeline(DateRange(date(2020, 1, 1), date(2023, 12, 31)), (), ())
    artifacts = search_artifacts(empty, _site())
    assert [a.path for a in artifacts] == ["search.html"]
    assert '"documents":0' in artifacts[0].produce().decode()


NODE_HARNESS = """
globalThis.window = {}; globalThis.document = {addEventListener() {}};
require(process.argv[process.argv.length - 1]);
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map(window.sitegenSearchText.tokenize)));
"""


def test_the_browser_code_tokenises_like_the_index() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; tests/browser checks the same in Chromium")
    rng = random.Random(7)
    alphabet = "aAçÇşŞğĞıİöÖüÜßøØæÆœŒłŁđĐþÞðħŀςΣσ 0123456789,.-'’éñÑ½²ﬁ🙂𝔸ǅ\u0301\u2028日本語한국어हिन्दी"
    texts = [QUOTE, BODY, *("".join(rng.choice(alphabet) for _ in range(200)) for _ in range(200))]
    script = Path(__file__).resolve().parents[1] / "theme" / "static" / "search.js"
    result = subprocess.run([node, "-e", NODE_HARNESS, str(script)], input=json.dumps(texts), text=True,
                            capture_output=True, check=True, timeout=60)
    assert json.loads(result.stdout) == [tokenize(text) for text in texts]


def test_an_index_made_with_a_memo_has_the_same_files_and_follows_edits(tmp_path: Path) -> None:
    def files(timeline: Timeline, memos: Path | None) -> dict[str, bytes]:
        return {a.path: a.produce() for a in search_artifacts(timeline, _site(), memos=memos)}

    plain = files(_timeline(), None)
    assert files(_timeline(), tmp_path) == plain
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search.pickle", "templates"]
    assert files(_timeline(), tmp_path) == plain  # now from the memo
    edited = _timeline(body=BODY + "\nA new zebrafinch.\n")
    assert files(edited, tmp_path) == files(edited, None)
    assert any(b"zebrafinch" in data for data in files(edited, tmp_path).values())

"""From documents to events: range filtering, titles, ids, and the seed gold list."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sitegen.config import DEFAULT_RANGE
from sitegen.events import assemble_events, event_title, extract_mentions, shorten
from sitegen.model import DateRange, Source
from sitegen.sources import read_source
from sitegen.temporal import default_tagger

ROOT = Path(__file__).resolve().parents[1]


def _source(text: str, published: date | None = date(2021, 6, 1)) -> Source:
    return Source(id="doc", path="doc.txt", title="Doc", text=text, body_start=0, format="text",
                  published=published)


def test_only_events_inside_the_range_are_kept() -> None:
    text = ("The war began in 1991. Talks failed on 3 March 2019. Fighting resumed on 27 September "
            "2020. A deal was signed in December 2023. Elections follow on 5 January 2024.")
    mentions = extract_mentions(_source(text), default_tagger(), DEFAULT_RANGE)
    assert [m.date.timex for m in mentions] == ["2020-09-27", "2023-12"]
    narrow = extract_mentions(_source(text), default_tagger(), DateRange(date(2023, 1, 1), date(2023, 12, 31)))
    assert [m.date.timex for m in narrow] == ["2023-12"]


def test_durations_sets_and_present_are_not_events() -> None:
    text = "For 30 years the region waited. Talks happen every Monday. Now the war is over."
    assert extract_mentions(_source(text), default_tagger(), DEFAULT_RANGE) == []


def test_one_event_per_sentence_and_distinct_date() -> None:
    text = "On 1 May 2021 and again on 1 May 2021 they met, and on 3 May 2021 they parted."
    mentions = extract_mentions(_source(text), default_tagger(), DEFAULT_RANGE)
    assert [m.date.timex for m in mentions] == ["2021-05-01", "2021-05-03"]
    assert mentions[0].quote is mentions[1].quote


def test_quote_offsets_are_exact_in_the_file() -> None:
    text = "Header line\n\nThe army attacked on 2 May 2021 at dawn.  Then peace came."
    (mention,) = extract_mentions(_source(text), default_tagger(), DEFAULT_RANGE)
    assert text[mention.quote.start:mention.quote.end] == mention.quote.text
    assert mention.quote.text == "The army attacked on 2 May 2021 at dawn."
    assert mention.quote.line == 3


def test_title_drops_the_date_phrase_and_stays_short() -> None:
    text = "On Sunday, 27 September 2020, world news agencies reported that the armed forces resumed attacks."
    (mention,) = extract_mentions(_source(text), default_tagger(), DEFAULT_RANGE)
    assert event_title(mention) == "World news agencies reported that the armed forces resumed attacks."
    long = "word " * 60
    cut = shorten(long.strip(), 120)
    assert len(cut) <= 120 and cut.endswith("…") and not cut[:-1].endswith(" ")
    assert long.startswith(cut[:-1])


def test_event_ids_are_stable_and_ignore_unrelated_edits() -> None:
    text = "Fighting resumed on 27 September 2020 in the region."
    first = assemble_events(extract_mentions(_source(text), default_tagger(), DEFAULT_RANGE))
    edited = "An unrelated new first paragraph.\n\n" + text + "\n\nAnd a new ending on 2 May 2021."
    second = assemble_events(extract_mentions(_source(edited), default_tagger(), DEFAULT_RANGE))
    assert first[0].id in [event.id for event in second]
    assert first[0].id.startswith("20200927-")


def test_every_gold_event_of_the_seeds_is_found() -> None:
    gold = [json.loads(line) for line in
            (ROOT / "tests" / "data" / "seed_events.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    content = ROOT / "content"
    mentions = []
    for path in sorted(content.glob("*.txt")):
        mentions += extract_mentions(read_source(path, content, default_tagger()), default_tagger(), DEFAULT_RANGE)
    missing = [g for g in gold if not any(
        m.quote.source_id == g["source"] and g["quote"] in m.quote.text and m.date.timex == g["value"]
        for m in mentions)]
    assert missing == []


def _mentions(text: str, source_id: str, published: date) -> list:
    source = Source(id=source_id, path=f"{source_id}.txt", title=source_id, text=text, body_start=0,
                    format="text", published=published)
    return extract_mentions(source, default_tagger(), DEFAULT_RANGE)


def test_reports_of_the_same_event_merge_into_one_with_several_quotes() -> None:
    first = _mentions("Fierce clashes that erupted on September 27 between Armenian-backed separatists "
                      "and Azerbaijani forces have claimed lives.", "a", date(2020, 10, 6))
    second = _mentions("A new round of clashes erupted between the Armenian and Azerbaijani forces on "
                       "September 27 when troops began shelling.", "b", date(2020, 11, 4))
    unrelated = _mentions("On September 27 the parliament in Baku approved a new budget for schools.",
                          "c", date(2020, 10, 1))
    events = assemble_events(second + unrelated + first)
    assert len(events) == 2
    merged = next(e for e in events if len(e.quotes) == 2)
    assert merged.source_ids == ("a", "b")
    assert merged.id == assemble_events(first)[0].id
    assert merged.title.startswith("Fierce clashes")


def test_different_dates_never_merge() -> None:
    text = ("Clashes erupted between Armenian and Azerbaijani forces on 27 September 2020 near the line, "
            "and clashes erupted between Armenian and Azerbaijani forces on 28 September 2020 near the line.")
    assert len(assemble_events(_mentions(text, "a", date(2020, 10, 6)))) == 2


def test_long_titles_end_at_a_clause_and_lose_unpaired_quotes() -> None:
    (mention,) = _mentions("Putin made his first public statement on the war on 6 October 2020, saying, "
                           "\"This is a tragedy, we are very worried, because people living there are not "
                           "strangers to us.\"", "a", date(2020, 10, 7))
    assert event_title(mention) == "Putin made his first public statement on the war"
    (quoted,) = _mentions("“Among the key points of our initiative is that it does not concern a ceasefire "
                          "only, but the end of the occupation,” Zarif said on 1 November 2020 in a long "
                          "interview with the agency.", "b", date(2020, 11, 4))
    title = event_title(quoted)
    assert len(title) <= 120 and not title.startswith("“")

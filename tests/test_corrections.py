"""Editors' corrections: reading content/corrections.toml, applying each action, reporting what
no longer matches, refusing malformed files, and the whole path through the real command line."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from sitegen.corrections import (
    Add,
    Corrections,
    Drop,
    Merge,
    Redate,
    Retitle,
    apply_corrections,
    load_corrections,
)
from sitegen.errors import DocumentError
from sitegen.model import DateRange, Event, Precision, Quote, Source, TimeValue
from tests.conftest import run_sitegen

RANGE = DateRange(date(2020, 1, 1), date(2023, 12, 31))
FRONT_MATTER = "---\ntitle: Kidnapped men at the border\n---\n"
BODY = ("Report from the corridor\n\n"
        "On 27 September 2020 fighting began along the line of contact. Border guards\n"
        "several times kidnapped males who tried to leave in summer. Talks resumed in\n"
        "October 2020 in Moscow.\n\n"
        "Talks resumed in October 2020 in Moscow.\n")
TEXT = FRONT_MATTER + BODY
SOURCE = Source(id="doc", path="doc.md", title="Kidnapped men at the border", text=TEXT,
                body_start=len(FRONT_MATTER), format="markdown", published=date(2020, 10, 7))
SOURCES = {SOURCE.id: SOURCE}
ID_SHAPE = re.compile(r"^\d{8}-[0-9a-f]{8}$")


def _quote(sentence: str, anchor: str, occurrence: int = 0) -> Quote:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(sentence, start + 1)
    return Quote("doc", sentence, start, start + len(sentence), TEXT.count("\n", 0, start) + 1, anchor)


FIGHTING = _quote("On 27 September 2020 fighting began along the line of contact.", "q-11111111")
TALKS = _quote("Talks resumed in\nOctober 2020 in Moscow.", "q-22222222")
TALKS_AGAIN = _quote("Talks resumed in October 2020 in Moscow.", "q-22222222-2", occurrence=0)


def _event(identifier: str, value: str, quotes: tuple[Quote, ...], text: str = "") -> Event:
    start, end, precision = {
        "2020-09-27": (date(2020, 9, 27), date(2020, 9, 27), Precision.DAY),
        "2020-10": (date(2020, 10, 1), date(2020, 10, 31), Precision.MONTH),
    }[value]
    return Event(identifier, f"Title of {identifier}", TimeValue(start, end, precision, text, value),
                 quotes, rule="absolute")


EVENTS = [
    _event("20200927-aaaaaaaa", "2020-09-27", (FIGHTING,), "27 September 2020"),
    _event("20201001-bbbbbbbb", "2020-10", (TALKS,), "October 2020"),
    _event("20201001-cccccccc", "2020-10", (TALKS_AGAIN,), "October 2020"),
]


def _corrections(tmp_path: Path, text: str) -> Corrections:
    path = tmp_path / "corrections.toml"
    path.write_text(text, encoding="utf-8")
    return load_corrections(path)


def _apply(tmp_path: Path, text: str, events: list[Event] | None = None):
    corrections = _corrections(tmp_path, text)
    return apply_corrections(EVENTS if events is None else events, SOURCES, corrections, RANGE)


def _by_id(events: list[Event]) -> dict[str, Event]:
    return {event.id: event for event in events}


def _added(events: list[Event]) -> list[Event]:
    """The events that are not among EVENTS."""
    return [event for event in events if event.id not in _by_id(EVENTS)]


# --- reading the file --------------------------------------------------------------------------

def test_every_action_is_read_with_the_line_of_its_header(tmp_path: Path) -> None:
    corrections = _corrections(tmp_path, """\
# Corrections by the editors.

[[drop]]
event = "20200927-aaaaaaaa"
reason = "a quotation of history"

[[redate]]   # month only
event = "20201001-bbbbbbbb"
date = "2020-SU"

[[retitle]]
event = "20201001-bbbbbbbb"
title = "  Talks resume in Moscow "

[[merge]]
events = ["20201001-bbbbbbbb", "20201001-cccccccc"]

[[add]]
source = "doc"
quote = "several times kidnapped males"
date = "2020-07"

[[drop]]
event = "20201001-cccccccc"
""")
    assert corrections.path == str(tmp_path / "corrections.toml")
    assert corrections.entries == (
        Drop(3, "20200927-aaaaaaaa", reason="a quotation of history"),
        Redate(7, "20201001-bbbbbbbb", "2020-SU"),
        Retitle(11, "20201001-bbbbbbbb", "Talks resume in Moscow"),
        Merge(15, ("20201001-bbbbbbbb", "20201001-cccccccc")),
        Add(18, "doc", "several times kidnapped males", "2020-07"),
        Drop(23, "20201001-cccccccc"),
    )


def test_header_lines_inside_multiline_strings_are_not_entries(tmp_path: Path) -> None:
    corrections = _corrections(tmp_path, '''\
[[drop]]
event = "20200927-aaaaaaaa"
reason = """Not an event:
[[drop]]
is only quoted here."""

[[drop]]
event = "20201001-cccccccc"
''')
    assert [entry.line for entry in corrections.entries] == [1, 7]


def test_bare_toml_dates_and_years_are_date_values(tmp_path: Path) -> None:
    corrections = _corrections(tmp_path, '[[redate]]\nevent = "x"\ndate = 2020-09-27\n\n'
                                         '[[redate]]\nevent = "y"\ndate = 2021\n\n'
                                         '[[redate]]\nevent = "z"\ndate = " 2022-su "\n')
    assert [entry.date for entry in corrections.entries] == ["2020-09-27", "2021", "2022-SU"]


def test_an_empty_file_changes_nothing(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, "# nothing to correct yet\n")
    assert events == EVENTS and problems == []


@pytest.mark.parametrize(("text", "line", "reason"), [
    ('[[drop]\nevent = "x"\n', 1, "not valid TOML"),
    ('[[drop]]\nevent = "x"\n\n[[dorp]]\nevent = "y"\n', 4, "unknown action 'dorp'"),
    ('[drop]\nevent = "x"\n', 1, "under its own [[drop]] header"),
    ('[[drop]]\nreason = "no id"\n', 1, "missing 'event'"),
    ('[[drop]]\nevent = "x"\nreasn = "typo"\n', 3, "unknown key 'reasn' (did you mean 'reason'?)"),
    ('[[retitle]]\nevent = "x"\n\ntitle = 5\n', 4, "'title': expected a non-empty text"),
    ('[[redate]]\nevent = "x"\ndate = "2020-13"\n', 3, "'date': expected a date value"),
    ('[[redate]]\nevent = "x"\ndate = "P3Y"\n', 3, "'date': expected a date value"),
    ('[[redate]]\nevent = "x"\ndate = "2020-09-27T10:00"\n', 3, "'date': expected a date value"),
    ('[[merge]]\nevents = ["x"]\n', 2, "'events': expected a list of two or more"),
    ('[[merge]]\nevents = ["x", "x"]\n', 2, "'events': expected a list of two or more"),
    ('[[add]]\nsource = "doc"\nquote = "   "\ndate = "2020"\n', 3, "'quote': expected"),
    ('drop = ["20200927-aaaaaaaa"]\n', 1, "each [[drop]] entry must be a table"),
])
def test_a_malformed_file_names_the_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    with pytest.raises(DocumentError) as raised:
        _corrections(tmp_path, text)
    assert raised.value.path == str(tmp_path / "corrections.toml")
    assert raised.value.line == line
    assert reason in raised.value.reason
    assert str(raised.value).startswith(f"{tmp_path / 'corrections.toml'}:{line}: ")


def test_every_problem_of_the_file_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "corrections.toml"
    with pytest.raises(DocumentError) as raised:
        _corrections(tmp_path, '[[redate]]\nevent = "x"\ndate = "soon"\n\n'
                               '[[retitle]]\nevent = "y"\n\n[[undo]]\nevent = "z"\n')
    message = str(raised.value)
    assert message.startswith(f"{path}:3: [[redate]]: 'date'")
    assert f"\n{path}:5: [[retitle]]: missing 'title'" in message
    assert f"\n{path}:8: unknown action 'undo'" in message


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "corrections.toml"
    path.write_bytes(b'[[drop]]\nreason = "caf\xe9"\n')
    with pytest.raises(DocumentError, match="cannot be read"):
        load_corrections(path)


# --- each action -------------------------------------------------------------------------------

def test_drop_removes_the_event(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '[[drop]]\nevent = "20200927-aaaaaaaa"\nreason = "history"\n')
    assert [event.id for event in events] == ["20201001-bbbbbbbb", "20201001-cccccccc"]
    assert problems == []


def test_redate_changes_period_and_precision_and_keeps_id_and_text(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '[[redate]]\nevent = "20201001-bbbbbbbb"\ndate = "2020-SU"\n')
    event = _by_id(events)["20201001-bbbbbbbb"]
    assert event.date == TimeValue(date(2020, 6, 1), date(2020, 8, 31), Precision.SEASON,
                                   "October 2020", "2020-SU")
    assert event.corrected and event.rule == "correction" and event.quotes == (TALKS,)
    assert [e.id for e in events] == ["20201001-bbbbbbbb", "20200927-aaaaaaaa", "20201001-cccccccc"]
    assert problems == []


def test_redate_to_a_coarser_value_changes_only_the_precision(tmp_path: Path) -> None:
    events, _ = _apply(tmp_path, '[[redate]]\nevent = "20200927-aaaaaaaa"\ndate = "2020-09"\n')
    event = _by_id(events)["20200927-aaaaaaaa"]
    assert (event.date.start, event.date.end, event.date.precision) == (
        date(2020, 9, 1), date(2020, 9, 30), Precision.MONTH)


def test_retitle_changes_only_the_title(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '[[retitle]]\nevent = "20200927-aaaaaaaa"\n'
                                        'title = "Fighting begins on the line of contact"\n')
    event = _by_id(events)["20200927-aaaaaaaa"]
    assert event == Event("20200927-aaaaaaaa", "Fighting begins on the line of contact", EVENTS[0].date,
                          (FIGHTING,), "absolute", corrected=True)
    assert problems == []


def test_merge_keeps_the_first_id_and_combines_quotes_without_duplicates(tmp_path: Path) -> None:
    shared = _event("20201001-dddddddd", "2020-10", (TALKS, TALKS_AGAIN))
    events, problems = _apply(
        tmp_path, '[[merge]]\nevents = ["20201001-cccccccc", "20201001-bbbbbbbb", "20201001-dddddddd"]\n',
        EVENTS + [shared])
    assert [event.id for event in events] == ["20200927-aaaaaaaa", "20201001-cccccccc"]
    merged = events[1]
    assert merged.quotes == (TALKS_AGAIN, TALKS)
    assert merged.title == EVENTS[2].title and merged.date == EVENTS[2].date and merged.corrected
    assert problems == []


def test_merge_with_an_unknown_id_reports_it_and_merges_the_others(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '\n[[merge]]\nevents = ["20201001-bbbbbbbb", "20190101-ffffffff",'
                                        ' "20201001-cccccccc"]\n')
    assert [event.id for event in events] == ["20200927-aaaaaaaa", "20201001-bbbbbbbb"]
    assert events[1].quotes == (TALKS, TALKS_AGAIN)
    assert [(p.line, p.kind) for p in problems] == [(2, "correction-unmatched")]
    assert "20190101-ffffffff" in problems[0].message


def test_add_quotes_the_whole_sentence_with_a_stable_id(tmp_path: Path) -> None:
    text = '[[add]]\nsource = "doc"\nquote = "several times kidnapped males"\ndate = "2020-07"\n'
    events, problems = _apply(tmp_path, text)
    assert problems == []
    added = _added(events)
    assert len(added) == 1
    event = added[0]
    assert ID_SHAPE.match(event.id) and event.id.startswith("20200701-")
    assert event.corrected and event.rule == "correction"
    assert event.date == TimeValue(date(2020, 7, 1), date(2020, 7, 31), Precision.MONTH, "", "2020-07")
    quote = event.quotes[0]
    sentence = "Border guards\nseveral times kidnapped males who tried to leave in summer."
    assert (quote.source_id, quote.text) == ("doc", sentence)
    assert TEXT[quote.start:quote.end] == quote.text
    assert quote.line == TEXT[:quote.start].count("\n") + 1 == 6
    assert re.fullmatch(r"q-[0-9a-f]{8}", quote.anchor)
    assert event.title == "Border guards several times kidnapped males who tried to leave in summer."
    again, _ = _apply(tmp_path, text, [e for e in EVENTS if e.id != "20201001-cccccccc"])
    assert event.id in _by_id(again) and _by_id(again)[event.id].quotes == (quote,)


def test_an_added_event_can_have_its_own_title_and_be_merged(tmp_path: Path) -> None:
    events, _ = _apply(tmp_path, '[[add]]\nsource = "doc"\nquote = "fighting began"\ndate = "2020-09-27"\n'
                                 'title = "Fighting begins"\n')
    added = _added(events)[0]
    assert added.title == "Fighting begins"
    merge = (f'\n[[merge]]\nevents = ["20200927-aaaaaaaa", "{added.id}"]\n')
    events, problems = _apply(tmp_path, '[[add]]\nsource = "doc"\nquote = "fighting began"\n'
                                        'date = "2020-09-27"\n' + merge)
    assert [event.id for event in events] == ["20200927-aaaaaaaa", "20201001-bbbbbbbb", "20201001-cccccccc"]
    assert events[0].quotes == (FIGHTING,) and events[0].corrected and problems == []


def test_an_added_quote_of_an_already_quoted_sentence_reuses_its_quote(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '[[add]]\nsource = "doc"\nquote = "fighting began"\ndate = "2020"\n')
    added = _added(events)[0]
    assert added.quotes == (FIGHTING,) and problems == []


def test_the_quote_text_matches_across_line_breaks_and_spaces(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '[[add]]\nsource = "doc"\nquote = "Border guards several  times"\n'
                                        'date = "2020-07"\n')
    added = _added(events)[0]
    assert added.quotes[0].text.startswith("Border guards\nseveral times") and problems == []


def test_an_add_that_repeats_an_existing_event_is_reported_as_redundant(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, "".join(
        f'[[add]]\nsource = "doc"\nquote = "kidnapped males"\ndate = "2020-07"\n{title}\n'
        for title in ("", 'title = "Men kidnapped at the border"')))
    added = _added(events)
    assert [event.title for event in added] == ["Men kidnapped at the border"]
    assert [(p.line, p.kind) for p in problems] == [(6, "correction-redundant")]


def test_a_quote_in_several_sentences_takes_the_first_and_warns(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '[[add]]\nsource = "doc"\nquote = "in Moscow"\ndate = "2020-10-02"\n')
    added = _added(events)[0]
    assert added.quotes == (TALKS,)
    assert [(p.line, p.kind) for p in problems] == [(1, "correction-ambiguous")]


def test_a_corrected_date_outside_the_range_is_kept_with_a_warning(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, '[[redate]]\nevent = "20200927-aaaaaaaa"\ndate = "2019-09-27"\n\n'
                                        '[[add]]\nsource = "doc"\nquote = "males"\ndate = "2024"\n')
    assert events[0].id == "20200927-aaaaaaaa" and events[0].date.start == date(2019, 9, 27)
    assert events[-1].date.start == date(2024, 1, 1) and events[-1].corrected
    assert sorted((p.line, p.kind) for p in problems) == [(1, "correction-out-of-range"),
                                                          (5, "correction-out-of-range")]


def test_entries_apply_add_merge_redate_retitle_drop_in_that_order(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, """\
[[drop]]
event = "20201001-cccccccc"

[[retitle]]
event = "20201001-bbbbbbbb"
title = "Talks in Moscow"

[[merge]]
events = ["20201001-bbbbbbbb", "20201001-cccccccc"]
""")
    assert [event.id for event in events] == ["20200927-aaaaaaaa", "20201001-bbbbbbbb"]
    assert events[1].title == "Talks in Moscow" and len(events[1].quotes) == 2
    assert [str(p) for p in problems] == [
        (f"{tmp_path / 'corrections.toml'}:1: correction-unmatched: no event has the id "
         "'20201001-cccccccc' (no longer extracted, or dropped or merged away by this file)")]


def test_entries_that_match_nothing_are_reported_at_their_lines(tmp_path: Path) -> None:
    events, problems = _apply(tmp_path, """\
[[drop]]
event = "20200101-00000000"

[[redate]]
event = "20200101-00000001"
date = "2020"

[[retitle]]
event = "20200101-00000002"
title = "Gone"

[[add]]
source = "no-such-source"
quote = "fighting"
date = "2020"

[[add]]
source = "doc"
quote = "a sentence nobody wrote"
date = "2020"

[[add]]
source = "doc"
quote = "Kidnapped men at the border"
date = "2020"
""")
    assert events == EVENTS
    assert [(p.line, p.kind) for p in problems] == [
        (12, "correction-unmatched"), (17, "correction-unmatched"), (22, "correction-unmatched"),
        (4, "correction-unmatched"), (8, "correction-unmatched"), (1, "correction-unmatched")]
    assert "no source has the id 'no-such-source'" in problems[0].message
    assert "'a sentence nobody wrote' is not in source 'doc'" in problems[1].message


# --- through the command line ------------------------------------------------------------------

def _build(root: Path, *extra: str):
    return run_sitegen(["build", *extra], root)


def _timeline(root: Path) -> dict:
    return json.loads((root / "output" / "data" / "timeline.json").read_text(encoding="utf-8"))


def test_the_build_applies_every_action(project) -> None:
    root = project({}, seeds=True)
    first = _build(root)
    assert first.returncode == 0, first.stderr
    before = {event["id"]: event for event in _timeline(root)["events"]}
    dropped, redated, retitled, kept, merged_away = list(before)[:5]
    (root / "content" / "corrections.toml").write_text(f"""\
[[drop]]
event = "{dropped}"
reason = "not an event"

[[redate]]
event = "{redated}"
date = "2020-SU"

[[retitle]]
event = "{retitled}"
title = "A title by an editor"

[[merge]]
events = ["{kept}", "{merged_away}"]

[[add]]
source = "004_5e686fb662056a71"
quote = "several times kidnapped males"
date = "2023-07"
title = "Border guards kidnapped men leaving Karabakh"
""", encoding="utf-8")
    second = _build(root)
    assert second.returncode == 0, second.stderr
    assert "corrections.toml" not in second.stderr
    data = _timeline(root)
    after = {event["id"]: event for event in data["events"]}
    assert dropped not in after and merged_away not in after
    assert after[redated]["date"] == {"start": "2020-06-01", "end": "2020-08-31", "precision": "season",
                                      "text": before[redated]["date"]["text"]}
    assert after[retitled]["title"] == "A title by an editor"
    assert after[kept]["quotes"] == before[kept]["quotes"] + [
        q for q in before[merged_away]["quotes"] if q not in before[kept]["quotes"]]
    added = [event for event in data["events"] if event["id"] not in before]
    assert len(added) == 1 and added[0]["id"].startswith("20230701-")
    assert added[0]["title"] == "Border guards kidnapped men leaving Karabakh"
    assert added[0]["date"]["precision"] == "month"
    quote = added[0]["quotes"][0]
    text = (root / "content" / "004_5e686fb662056a71.txt").read_text(encoding="utf-8")
    assert quote["source"] == "004_5e686fb662056a71" and text[quote["start"]:quote["end"]] == quote["text"]
    assert "several times kidnapped males" in quote["text"]
    changed = {redated, retitled, kept, added[0]["id"]}
    assert {event["id"] for event in data["events"] if event["corrected"]} == changed
    keys = [(e["date"]["start"], e["date"]["end"], e["id"]) for e in data["events"]]
    assert keys == sorted(keys)
    page, anchor = quote["url"].split("#")
    assert f'id="{anchor}"' in (root / "output" / page).read_text(encoding="utf-8")
    page, anchor = added[0]["url"].split("#")
    assert f'id="{anchor}"' in (root / "output" / page).read_text(encoding="utf-8")
    third = _build(root)
    assert third.returncode == 0 and _timeline(root) == data


def test_the_build_reports_entries_that_match_nothing_and_goes_on(project) -> None:
    root = project({"talks.md": "---\ntitle: Talks\ndate: 2020-10-07\n---\n"
                                "On 27 September 2020 fighting began along the line of contact.\n"})
    assert _build(root, "--strict").returncode == 0
    (root / "content" / "corrections.toml").write_text(
        '# stale entries\n[[drop]]\nevent = "20200101-00000000"\n\n'
        '[[add]]\nsource = "talks"\nquote = "not in it"\ndate = "2020"\n', encoding="utf-8")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    assert "2 correction-unmatched" in result.stderr
    assert len(_timeline(root)["events"]) == 1
    for flag, code in (("-v", 0), ("--strict", 1)):
        result = _build(root, flag)
        assert result.returncode == code, result.stderr
        lines = result.stderr.splitlines()
        assert any(line.startswith("content/corrections.toml:2: correction-unmatched: no event has the id "
                                   "'20200101-00000000'") for line in lines), result.stderr
        assert any(line.startswith("content/corrections.toml:5: correction-unmatched: the text 'not in it'")
                   for line in lines), result.stderr


def test_a_malformed_corrections_file_stops_the_build(project) -> None:
    root = project({"corrections.toml": '[[redate]]\nevent = "20200101-00000000"\ndate = "last week"\n'},
                   seeds=True)
    result = _build(root)
    assert result.returncode == 1
    assert "error: content/corrections.toml:3: [[redate]]: 'date': expected a date value" in result.stderr

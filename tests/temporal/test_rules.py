"""The rule registry and the resolution helpers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sitegen.model import Precision
from sitegen.temporal import Tagger, default_registry, period_of
from sitegen.temporal.rules import Resolution, RuleRegistry
from sitegen.temporal.speech import quotation_spans, sentence_start
from sitegen.temporal.starts import TOKEN, StartKeys


def test_a_rule_matching_empty_text_is_refused_when_compiled_and_no_registered_rule_is() -> None:
    registry = RuleRegistry()
    bad = registry.add("bad", r"(?:today)?", lambda match, ctx: None)
    with pytest.raises(ValueError, match="empty"):
        bad.pattern
    assert all(rule.pattern.search("") is None for rule in default_registry())


def test_rules_are_compiled_only_when_a_text_can_start_them() -> None:
    tagger = Tagger(default_registry())
    tagger.tag("Talks began on 3 May 2021.", date(2021, 5, 4))
    compiled = [rule.name for rule in tagger.rules if "pattern" in vars(rule)]
    assert 0 < len(compiled) < len(tagger.rules) / 2


def test_registry_refuses_duplicate_names() -> None:
    registry = RuleRegistry()
    registry.add("once", r"today", lambda match, ctx: None)
    with pytest.raises(ValueError, match="twice"):
        registry.add("once", r"yesterday", lambda match, ctx: None)


def test_a_registry_is_built_explicitly_and_can_be_extended() -> None:
    registry = default_registry()
    registry.add("harvest", r"\bharvest\s+time\b",
                 lambda match, ctx: Resolution("DATE", f"{ctx.reference.year}-FA"))
    found = Tagger(registry).tag("We met at harvest time.", date(2021, 5, 1))
    assert [(t.text, t.value, t.rule) for t in found] == [("harvest time", "2021-FA", "harvest")]
    assert len(default_registry()) == len(registry) - 1


def test_longest_match_wins() -> None:
    found = Tagger(default_registry()).tag("It began on Sunday, 27 September 2020.", None)
    assert [t.text for t in found] == ["Sunday, 27 September 2020"]


@pytest.mark.parametrize("value, start, end, precision", [
    ("2020-09-27", date(2020, 9, 27), date(2020, 9, 27), Precision.DAY),
    ("2020-09-27TMO", date(2020, 9, 27), date(2020, 9, 27), Precision.DAY),
    ("2022-12", date(2022, 12, 1), date(2022, 12, 31), Precision.MONTH),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29), Precision.MONTH),
    ("2023-SU", date(2023, 6, 1), date(2023, 8, 31), Precision.SEASON),
    ("2020-WI", date(2020, 12, 1), date(2021, 2, 28), Precision.SEASON),
    ("2020-W40", date(2020, 9, 28), date(2020, 10, 4), Precision.WEEK),
    ("2021-Q2", date(2021, 4, 1), date(2021, 6, 30), Precision.QUARTER),
    ("2021", date(2021, 1, 1), date(2021, 12, 31), Precision.YEAR),
    ("199", date(1990, 1, 1), date(1999, 12, 31), Precision.DECADE),
])
def test_period_of_values(value: str, start: date, end: date, precision: Precision) -> None:
    assert period_of(value) == (start, end, precision)


@pytest.mark.parametrize("value", ["P30Y", "PRESENT_REF", "XXXX-09-27", "XXXX-WXX-1", "2020-02-30"])
def test_values_that_are_not_periods(value: str) -> None:
    assert period_of(value) is None


@pytest.mark.parametrize("sentence", [
    "It will save $500 million a year in costs.",
    "The rate is 358,000 a month.",
    "Qantas runs four flights a week to Bombay.",
    "This will add nearly 700 seats a week on the route.",
    "Iraq imports about three-quarters of its food.",
    "They hold more than a quarter of the market.",
    "He is a 64-year-old man.",
    "Revenue should increase by 20% annually.",
    "The plant would produce about 10,000 units annually.",
    "It will eliminate dividend payments of C$17.9 million annually.",
    "Iraq resisted attempts to inspect such quarters.",
    "The two bombings happened only minutes apart.",
    "The sale should be completed in a matter of months.",
    "Once in a while the old friends call each other.",
])
def test_rates_fractions_and_ages_are_not_durations(sentence: str) -> None:
    assert [t.text for t in Tagger(default_registry()).tag(sentence, date(1998, 3, 12))] == []


def _tried_everywhere(tagger: Tagger, text: str) -> list[tuple[int, int, str]]:
    """Candidates found by trying every rule at every token start (what the index must equal)."""
    found = []
    ends = [0] * len(tagger.rules)
    for token in TOKEN.finditer(text):
        for order, rule in enumerate(tagger.rules):
            if token.start() < ends[order]:
                continue
            match = rule.pattern.match(text, token.start())
            if match is None or match.end() == token.start():
                continue
            ends[order] = match.end()
            if rule.accept is None or rule.accept(match, text):
                found.append((match.start(), match.end(), rule.name))
    return sorted(found)


def _texts() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    cases = (root / "tests" / "data" / "timex_cases.tsv").read_text(encoding="utf-8").splitlines()
    return ([line.split("\t")[1] for line in cases if line.strip() and not line.startswith("#")]
            + [path.read_text(encoding="utf-8") for path in sorted((root / "content").glob("*.txt"))])


def test_the_start_index_finds_what_trying_every_rule_everywhere_finds() -> None:
    tagger = Tagger(default_registry())
    for text in _texts():
        indexed = sorted((c.start, c.end, c.rule.name) for c in tagger.candidates(text))
        assert indexed == _tried_everywhere(tagger, text)


@pytest.mark.parametrize("pattern, words, others, anywhere", [
    (r"\b(?:the\s+)?(?:third|fourth)[-\s]+quarter\b", {"the", "third", "fourth"}, set(), False),
    (r"(?<!\d)\d{4}", set(), {"0"}, False),
    (r"\bmid[-\s]*(?:may|june)\b", {"mid", "midmay", "midjune"}, set(), False),
    (r"[a-z]{3,}ed\b", set(), set(), True),
    (r"\s+today", set(), set(), True),
    (r"['’]\d0s", set(), {"'", "’"}, False),
])
def test_start_keys_are_read_off_the_pattern(pattern: str, words: set[str], others: set[str],
                                             anywhere: bool) -> None:
    keys = StartKeys.of(pattern, re.IGNORECASE)
    assert (set(keys.words), set(keys.others), keys.anywhere) == (words, others, anywhere)


def test_a_pattern_ending_inside_a_word_keys_a_prefix() -> None:
    keys = StartKeys.of(r"christmas(?!\w)", re.IGNORECASE)
    assert keys.prefixes == {"christmas"} and not keys.words


def test_start_keys_reach_the_second_token() -> None:
    keys = StartKeys.of(r"\bthe\s+(?:week|weekend)\b|\bnow\b", re.IGNORECASE)
    assert keys.starts == {(("word", "the"), ("word", "week")), (("word", "the"), ("word", "weekend")),
                           (("word", "now"), ("any", ""))}


@pytest.mark.parametrize("text, quoted", [
    ("He said: “We won.” Then he left.", ["“We won.”"]),
    ('He said "we won" and "we lost".', ['"we won"', '"we lost"']),
    ("A spokesman said ``we won.'' Later.", ["``we won.''"]),
    ("“We won.\n\n“And we will win again,” he said.", ["“We won.", "“And we will win again,”"]),
    ("Stray ” closing mark.", []),
    ("Castro said. ''And I will be there.''", ["''And I will be there.''"]),
])
def test_quotations_pair_their_marks_within_a_paragraph(text: str, quoted: list[str]) -> None:
    assert [text[start:end] for start, end in quotation_spans(text)] == quoted


def test_a_sentence_starts_after_the_last_full_stop_that_is_not_an_abbreviation() -> None:
    text = "It rained. On Oct. 5, Gen. Smith said: “Today”"
    assert text[sentence_start(text, text.index("“")):].startswith("On Oct. 5")


def test_days_after_an_event_in_a_history_count_from_its_day() -> None:
    text = ("The war began in 1936 and spread in 1937 and 1938. Girona fell on 5 February 1939. "
            "Five days after the fall of Girona, the last resistance was broken.")
    found = {t.text: t.value for t in Tagger(default_registry()).tag(text, date(2009, 12, 19))}
    assert found["Five days"] == "1939-02-10"


def test_days_after_an_event_in_the_news_are_a_duration() -> None:
    text = "Inspectors resumed work on Friday, nearly two months after the team was blocked."
    found = {t.text: t.value for t in Tagger(default_registry()).tag(text, date(1998, 3, 6))}
    assert found["nearly two months"] == "P2M"


def test_start_keys_are_worked_out_once_and_can_be_handed_to_a_later_process() -> None:
    from sitegen.temporal.starts import StartKeys, known_start_keys, remember_start_keys

    walked = StartKeys.of(r"zqx(?:\d+)", 0)
    assert walked == StartKeys(frozenset({(("word", "zqx"), ("other", "0"))}))
    assert known_start_keys()[(r"zqx(?:\d+)", 0)] == walked
    remember_start_keys({(r"qqz\d", 0): StartKeys(anywhere=True)})
    assert StartKeys.of(r"qqz\d", 0).anywhere  # taken as handed over, not walked

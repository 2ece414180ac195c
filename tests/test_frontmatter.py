"""Front matter: YAML and TOML, dates in common forms, errors naming the line."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from sitegen.errors import DocumentError
from sitegen.frontmatter import parse_date_value, split_front_matter


def test_yaml_front_matter_keeps_unknown_keys_and_finds_the_body() -> None:
    text = "---\ntitle: A title\ndate: 2020-09-27\nauthor: Ann\ncategory: war\n---\nBody.\n"
    front = split_front_matter(text, "a.md")
    assert front.meta == {"title": "A title", "date": "2020-09-27", "author": "Ann", "category": "war"}
    assert text[front.body_start:] == "Body.\n"
    assert front.key_lines["date"] == 3


def test_toml_front_matter() -> None:
    text = '+++\ntitle = "T"\ndate = 2020-09-27T19:55:27+04:00\nurl = "https://example.org/a"\n+++\nBody.'
    front = split_front_matter(text, "a.md")
    assert front.meta["title"] == "T"
    assert front.meta["url"] == "https://example.org/a"
    assert parse_date_value(front.meta["date"]) == date(2020, 9, 27)
    assert text[front.body_start:] == "Body."


def test_no_front_matter() -> None:
    front = split_front_matter("Just text\n---\nmore", "a.txt")
    assert front.meta == {} and front.body_start == 0


def test_byte_order_mark_before_front_matter() -> None:
    front = split_front_matter("\ufeff---\ntitle: x\n---\nBody", "a.md")
    assert front.meta == {"title": "x"}


@pytest.mark.parametrize("value, expected", [
    ("2020-09-27", date(2020, 9, 27)),
    ("2020-09-27T19:55:27+04:00", date(2020, 9, 27)),
    ("2020-09-27T23:55:27-08:00", date(2020, 9, 27)),
    ("2020-09-27-19-55-27", date(2020, 9, 27)),
    ("2020-09-27 19:55", date(2020, 9, 27)),
    ("27 September 2020", date(2020, 9, 27)),
    ("September 27, 2020", date(2020, 9, 27)),
    (date(2020, 9, 27), date(2020, 9, 27)),
    (datetime(2020, 9, 27, 23, 0, tzinfo=timezone(timedelta(hours=-8))), date(2020, 9, 27)),
])
def test_dates_in_common_forms(value: object, expected: date) -> None:
    assert parse_date_value(value) == expected


def test_a_date_that_is_not_one() -> None:
    with pytest.raises(ValueError):
        parse_date_value("next tuesday-ish")


def test_invalid_yaml_names_file_and_line() -> None:
    with pytest.raises(DocumentError) as raised:
        split_front_matter("---\ntitle: ok\ndate: [unclosed\n---\nBody", "content/a.md")
    assert raised.value.path == "content/a.md"
    assert raised.value.line is not None and raised.value.line >= 3
    assert "YAML" in str(raised.value)


def test_invalid_toml_names_file_and_line() -> None:
    with pytest.raises(DocumentError) as raised:
        split_front_matter('+++\ntitle = "ok"\ndate = = 3\n+++\nBody', "content/a.md")
    assert raised.value.line == 3
    assert str(raised.value).startswith("content/a.md:3: invalid TOML")


def test_unclosed_front_matter() -> None:
    with pytest.raises(DocumentError, match="never closed"):
        split_front_matter("---\ntitle: x\nBody text", "a.md")


def test_front_matter_that_is_not_a_mapping() -> None:
    with pytest.raises(DocumentError, match="mapping"):
        split_front_matter("---\n- a\n- b\n---\nBody", "a.md")

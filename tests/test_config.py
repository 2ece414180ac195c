"""sitegen.toml: defaults, every problem reported at once, unknown keys warned, paths relative."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitegen.config import BuildConfig, load_config
from sitegen.errors import ConfigError


def _write(folder: Path, text: str) -> Path:
    path = folder / "sitegen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config, warnings = load_config(tmp_path)
    assert warnings == []
    assert config.content_dir == tmp_path / "content" and config.site_title == BuildConfig().site_title


def test_a_full_file(tmp_path: Path) -> None:
    _write(tmp_path, 'title = "Karabakh"\ndescription = "d"\nbase_url = "https://example.org/tl"\n'
                     'language = "en"\ncontent = "docs"\noutput = "public"\ntheme = "look"\nday_first = false\n'
                     '[range]\nstart = 2021-01-01\nend = "2022-06-30"\n')
    config, warnings = load_config(tmp_path)
    assert warnings == []
    assert (config.site_title, config.base_url, config.day_first) == ("Karabakh", "https://example.org/tl/", False)
    assert config.content_dir == tmp_path / "docs" and config.output_dir == tmp_path / "public"
    assert (config.date_range.start, config.date_range.end) == (date(2021, 1, 1), date(2022, 6, 30))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    _write(tmp_path, 'title = 3\nbase_url = "ftp://x"\nday_first = "yes"\n[range]\nstart = "soon"\nend = 2020-01-01\n')
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    problems = raised.value.problems
    assert len(problems) == 4
    assert any("'title': expected text, got 3" in p for p in problems)
    assert any("'base_url': expected an http(s) URL, got 'ftp://x'" in p for p in problems)
    assert any("'day_first'" in p for p in problems)
    assert any("'range.start'" in p and "'soon'" in p for p in problems)


def test_range_must_be_ordered(tmp_path: Path) -> None:
    _write(tmp_path, "[range]\nstart = 2023-01-01\nend = 2021-01-01\n")
    with pytest.raises(ConfigError, match="start on or before end"):
        load_config(tmp_path)


def test_unknown_keys_are_warnings(tmp_path: Path) -> None:
    _write(tmp_path, 'titel = "typo"\n[range]\nbegin = 2020-01-01\n')
    config, warnings = load_config(tmp_path)
    assert len(warnings) == 2 and "unknown key 'titel'" in warnings[0] and "range.begin" in warnings[1]


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    _write(tmp_path, "title = = 3\n")
    with pytest.raises(ConfigError, match="sitegen.toml: not valid TOML"):
        load_config(tmp_path)

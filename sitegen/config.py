"""Typed build configuration: defaults, the optional sitegen.toml, and command-line overrides.

Every problem in the file is reported at once, each naming the key, what was expected and what
was given; unknown keys are warnings, not errors.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .model import DateRange

CONFIG_FILE = "sitegen.toml"
DEFAULT_RANGE = DateRange(date(2020, 1, 1), date(2023, 12, 31))


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs to know. Paths are absolute or relative to the working folder."""

    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    theme_dir: Path = Path("theme")
    cache_dir: Path = Path(".sitegen-cache")
    date_range: DateRange = field(default=DEFAULT_RANGE)
    site_title: str = "Timeline"
    site_description: str = ""
    base_url: str = ""
    language: str = "en"
    day_first: bool = True
    jobs: int | None = None
    config_file: Path | None = None

    def extraction_settings(self) -> dict[str, str]:
        """The settings that change what extraction finds (part of the cache key)."""
        return {"range": f"{self.date_range.start}/{self.date_range.end}",
                "day_first": str(self.day_first), "language": self.language}


@dataclass(frozen=True)
class _Key:
    """One accepted key: its field, expected type description and converter."""

    field: str
    expected: str


_TOP_KEYS = {
    "title": _Key("site_title", "text"),
    "description": _Key("site_description", "text"),
    "base_url": _Key("base_url", "an http(s) URL"),
    "language": _Key("language", "a language code such as 'en'"),
    "content": _Key("content_dir", "a folder path"),
    "output": _Key("output_dir", "a folder path"),
    "theme": _Key("theme_dir", "a folder path"),
    "cache": _Key("cache_dir", "a folder path"),
    "day_first": _Key("day_first", "true or false"),
}
_RANGE_KEYS = ("start", "end")


def load_config(project_dir: Path = Path("."), config_file: Path | None = None,
                ) -> tuple[BuildConfig, list[str]]:
    """The configuration of the project in `project_dir` and the warnings about it.

    Reads `config_file` (or `project_dir/sitegen.toml` when present). Paths in the file are
    relative to the file's folder. Raises ConfigError listing every problem.
    """
    path = config_file or project_dir / CONFIG_FILE
    if not path.exists():
        if config_file is not None:
            raise ConfigError([f"{config_file}: file not found"])
        return _relative_to(BuildConfig(), project_dir), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"{path}: not valid TOML: {error}"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}: cannot be read: {error}"]) from None
    values, problems, warnings = _validate(data, str(path))
    if problems:
        raise ConfigError(problems)
    config = _relative_to(replace(BuildConfig(), **values), path.parent)
    return replace(config, config_file=path), warnings


def _relative_to(config: BuildConfig, folder: Path) -> BuildConfig:
    def resolve(value: Path) -> Path:
        return value if value.is_absolute() or folder == Path(".") else folder / value

    return replace(config, content_dir=resolve(config.content_dir), output_dir=resolve(config.output_dir),
                   theme_dir=resolve(config.theme_dir), cache_dir=resolve(config.cache_dir))


def _validate(data: dict[str, Any], where: str) -> tuple[dict[str, Any], list[str], list[str]]:
    values: dict[str, Any] = {}
    problems: list[str] = []
    warnings: list[str] = []

    def problem(key: str, expected: str, given: Any) -> None:
        problems.append(f"{where}: '{key}': expected {expected}, got {given!r}")

    for key, given in data.items():
        if key == "range":
            _validate_range(given, values, problem, warnings, where)
            continue
        spec = _TOP_KEYS.get(key)
        if spec is None:
            warnings.append(f"{where}: unknown key '{key}' ignored")
            continue
        converted = _convert(key, given)
        if converted is None:
            problem(key, spec.expected, given)
        else:
            values[spec.field] = converted
    return values, problems, warnings


def _convert(key: str, given: Any) -> Any:
    if key == "day_first":
        return given if isinstance(given, bool) else None
    if not isinstance(given, str):
        return None
    if key in ("content", "output", "theme", "cache"):
        return Path(given) if given.strip() else None
    if key == "base_url":
        parts = urlsplit(given)
        if given and (parts.scheme not in ("http", "https") or not parts.netloc):
            return None
        return given if given.endswith("/") or not given else given + "/"
    if key == "language":
        return given if given.replace("-", "").isalpha() and 2 <= len(given) <= 12 else None
    return given


def _validate_range(given: Any, values: dict[str, Any], problem: Any, warnings: list[str],
                    where: str) -> None:
    if not isinstance(given, dict):
        problem("range", "a table with start and end dates", given)
        return
    bounds = {}
    for key in _RANGE_KEYS:
        value = given.get(key, getattr(DEFAULT_RANGE, key))
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, date) or hasattr(value, "hour"):
            problem(f"range.{key}", "a date such as 2020-01-01", value)
        else:
            bounds[key] = value
    for key in given:
        if key not in _RANGE_KEYS:
            warnings.append(f"{where}: unknown key 'range.{key}' ignored")
    if len(bounds) == 2:
        if bounds["start"] > bounds["end"]:
            problem("range", "start on or before end", f"{bounds['start']} to {bounds['end']}")
        else:
            values["date_range"] = DateRange(bounds["start"], bounds["end"])

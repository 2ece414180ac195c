"""Typed build configuration with its defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .model import DateRange

DEFAULT_RANGE = DateRange(date(2020, 1, 1), date(2023, 12, 31))


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs to know; paths are used as given (relative to the working dir)."""

    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    theme_dir: Path = Path("theme")
    date_range: DateRange = field(default=DEFAULT_RANGE)
    site_title: str = "Timeline"
    site_description: str = ""
